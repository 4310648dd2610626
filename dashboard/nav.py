"""The pages of the public dashboard and their URLs (DESIGN.md), in one table.

Why here and not in app.py: pages link to each other (drill-downs, breadcrumbs, "other
years"), and ``st.switch_page`` / ``st.page_link`` need the same ``st.Page`` the
navigation registered. Building them from one table keeps the paths in one place.
Page files are named after their URL path so ``AppTest.switch_page`` finds them too.
"""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import t
from dashboard.paths import BY_NAME, PAGE_DEFS


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


def all_pages(lang: str) -> list[st.Page]:
    """Every public page, in menu order."""
    return [page(spec.name, lang) for spec in PAGE_DEFS]


def name_of(current: st.Page) -> str:
    """The page name of the page ``st.navigation`` chose (url paths equal page names)."""
    path = current.url_path or "overview"
    return path if path in BY_NAME else "overview"
