"""``python -m bench``: the dashboard at province and national scale, measured in one run.

Why a package of its own (beside the single-purpose scripts in ``benchmarks/``): it
generates both scales, imports them through the importer's writer, measures the
raw-insert floor, every page's server-side run, Chromium against a bare Streamlit page
and the server's memory with browser sessions open, and prints one table, so the figures
in docs/benchmarks.md come from one command that anyone can re-run. See ``bench/__main__.py``.
"""
