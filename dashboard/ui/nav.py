"""The pages of the public dashboard and their URLs (DESIGN.md), in one table.

Why here and not in app.py: pages link to each other (drill-downs, breadcrumbs, "other
years"), and ``st.switch_page`` / ``st.page_link`` need the same ``st.Page`` the
navigation registered. Building them from one table keeps the paths in one place.
Page files are named after their URL path so ``AppTest.switch_page`` finds them too.
"""

from __future__ import annotations

import streamlit as st

from dashboard.core.i18n import t
from dashboard.core.paths import BY_NAME


def page(name: str, lang: str) -> st.Page:
    """The ``st.Page`` of a page, titled in ``lang`` (the menu label; the frame sets the tab)."""
    spec = BY_NAME[name]
    title = t(f"page.{name}", lang)
    if spec.default:
        return st.Page(spec.path, title=title, default=True)
    return st.Page(spec.path, title=title, url_path=spec.url_path)


def tab_title(name: str, lang: str) -> str:
    """The browser tab's title: page, then application."""
    return f"{t(f'page.{name}', lang)} · {t('app.name', lang)}"


NOT_FOUND_NAME = "not_found"
_UNKNOWN_KEY = "_unknown_paths"
_MAX_UNKNOWN = 20


def requested_path() -> str | None:
    """The path the browser asked for when it named a page by its URL (a first load or
    a typed address), else None (a click names the page by its hash)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None or ctx.pages_manager.intended_page_script_hash:
        return None
    return ctx.pages_manager.intended_page_name or None


def unknown_paths() -> list[str]:
    """Unknown paths of this session, each served by the dashboard's not-found page.

    Why register them as pages: for a path no page has, Streamlit 1.67's
    ``st.navigation`` sends its own English-only "Page not found" dialog and runs the
    default page (``commands/navigation.py``: ``send_page_not_found``). A hidden page
    whose ``url_path`` is the requested path resolves instead, so the visitor sees
    our bilingual page at the address typed. It stays registered for the session so
    that a rerun on it (typing in its search box, which names the page by the hash
    of that path) still finds it. Nested paths (``/a/b``) cannot be a ``url_path``
    and still get Streamlit's dialog over the overview.
    """
    known: list[str] = list(st.session_state.get(_UNKNOWN_KEY, []))
    path = (requested_path() or "").strip().strip("/")
    if path and "/" not in path and path not in BY_NAME and path not in known:
        known = [*known, path][-_MAX_UNKNOWN:]
        st.session_state[_UNKNOWN_KEY] = known
    return known


def name_of(current: st.Page) -> str:
    """The page name of the page ``st.navigation`` chose (url paths equal page names)."""
    path = current.url_path or "overview"
    if path in BY_NAME:
        return path
    return NOT_FOUND_NAME if path in unknown_paths() else "overview"
