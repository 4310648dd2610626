"""The synthetic Jiangxi demonstration data."""
