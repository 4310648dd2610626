"""Metrics: the registry of metric keys, their computation in SQL, and the rollups."""
