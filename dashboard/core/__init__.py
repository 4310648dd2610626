"""Streamlit-free core of the dashboard: URL parameters, the view, cached reads,
formatting, strings, theme, public paths, first start.
"""
