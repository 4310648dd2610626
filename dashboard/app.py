"""Streamlit entry point: ``streamlit run dashboard/app.py`` (``python -m dashboard``).

Why so little here: the entry only wires the pieces that hold for every page, in the
order Streamlit needs them: the navigation over ``pages/`` with the URLs of DESIGN.md,
the browser tab's title in the visitor's language, and the database (built from demo
data on first start when nothing is configured). Each page draws its own frame.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import streamlit as st  # noqa: E402 - after the path fix, so `streamlit run` finds us

from dashboard.core import theme  # noqa: E402
from dashboard.ui import boot, nav, notfound, state  # noqa: E402


def main() -> None:
    """Choose the page from the URL, make sure data exists, run the page."""
    lang = state.read_lang()
    current = st.navigation(notfound.all_pages(lang), position="top")
    st.set_page_config(
        page_title=nav.tab_title(nav.name_of(current), lang),
        page_icon=theme.favicon(),
        layout="wide",
        initial_sidebar_state="collapsed",
    )
    if not boot.ensure_database(boot.database_url(), lang):
        st.stop()
    try:
        current.run()
    except boot.OUTAGE_ERRORS:
        # The database went away mid-page: a short notice, never Streamlit's error box.
        boot.outage(boot.database_url(), lang)


main()
