"""Reads the pages and routes need beyond metrics: project records, releases and
corrections, search, open data.
"""
