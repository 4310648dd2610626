"""``python -m bench``: the dashboard at province and national scale, measured in one run.

Why one package: ``python -m bench`` (``__main__.py``) is the whole measure in one run, and
the single-purpose benchmarks live beside it (``python -m bench.rollback`` and the like). It
generates both scales, imports them through the importer's writer, measures the
raw-insert floor, every page's server-side run, Chromium against a bare Streamlit page
and the server's memory with browser sessions open, and prints one table, so the figures
in docs/benchmarks.md come from one command that anyone can re-run. See ``bench/__main__.py``.
"""
