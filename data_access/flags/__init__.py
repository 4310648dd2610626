"""Flags: the questions the published results raise, one documented rule each."""
