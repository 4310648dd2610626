"""Ingest: reading a published package, validating it, writing a release, rolling back."""
