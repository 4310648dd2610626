"""The Streamlit dashboard: entry point, navigation, page frame and shared UI parts.

Why a package apart from ``data_access``: everything that imports streamlit lives here
(and in ``pages/``), so the data layer stays usable from the CLI, tests and notebooks.
"""
