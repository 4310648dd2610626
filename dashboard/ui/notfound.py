"""The dashboard's own not-found page: in the address's language, with links that work
and the search.

Why bilingual when the address names no language: a mistyped address often has no
``lang=``, and a visitor who cannot read the default language must still understand
where they are. An address that says ``lang=en`` (or ``zh``) has chosen: the page
speaks that language only, like every other page.
Why links and the search: a dead end should always offer the way on (the overview,
the explorer, the project search), in the visitor's language and latest view. The
requested path comes from the URL and is shown literally (``fmt.literal``).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard.core import formatting as fmt
from dashboard.core.i18n import LANGS, t
from dashboard.core.paths import NOT_FOUND_PATH, PAGE_DEFS
from dashboard.ui import boot, nav, state
from dashboard.ui import search as site_search
from dashboard.ui.frame import document_language

# The links' icons, by page name. Which pages are linked comes from the one page table
# (``paths.PAGE_DEFS``), so a new page is never left off; one without an icon here is
# still linked, just without an icon.
LINK_ICONS: dict[str, str] = {
    "overview": ":material/home:",
    "explore": ":material/account_tree:",
    "regions": ":material/map:",
    "trends": ":material/trending_up:",
    "project": ":material/search:",
    "hearing": ":material/gavel:",
    "data": ":material/download:",
    "about": ":material/info:",
}


def asked_path(path: str) -> str:
    """The path to name: the redirected one (``/not-found?path=/a/b``), else ``path``."""
    if path == NOT_FOUND_PATH:
        redirected = state.clean_text(st.query_params.get("path", ""))
        if redirected.startswith("/"):
            return redirected.lstrip("/")
    return path


def not_found_runner(path: str) -> Callable[[], None]:
    """The page function answering ``path`` (a closure: ``st.Page`` needs a callable
    with a name, and the page must name the path it was asked for)."""

    def not_found() -> None:
        show(path)

    return not_found


def not_found_page(path: str, lang: str) -> st.Page:
    """The hidden page answering the unknown ``path``."""
    return st.Page(
        not_found_runner(path),
        title=t("page.not_found", lang),
        url_path=path,
        visibility="hidden",
    )


def all_pages(lang: str) -> list[st.Page]:
    """Every public page, in menu order, and the not-found page of every unknown path
    this session asked for (hidden: never in the menu): what ``app.py`` hands
    ``st.navigation``.

    Why here and not in ``nav``: the not-found page uses the frame, the state and the
    search, which all use ``nav``'s page table; the table stays below them.
    """
    pages = [nav.page(spec.name, lang) for spec in PAGE_DEFS]
    return pages + [not_found_page(path, lang) for path in nav.unknown_paths()]


def show(path: str) -> None:
    """Title and explanation (in the address's language, else in both, the visitor's
    first), links to the pages with a view that works, and the site search."""
    lang = state.read_lang()
    chosen = st.query_params.get("lang") in LANGS
    url = boot.database_url()
    document_language(lang)
    st.title(t("page.not_found" if chosen else "notfound.title", lang), anchor=False)
    shown = fmt.literal("/" + asked_path(path))
    others = [] if chosen else [other for other in LANGS if other != lang]
    for code in (lang, *others):
        st.markdown(t("notfound.text", code, path=shown))
    query = state.fallback_query(url, lang)
    typed = site_search.box(lang, key=f"notfound-search-{lang}", width=480)
    site_search.results(url, lang, typed, query)
    st.header(t("notfound.pages", lang), anchor=False)
    with st.container(horizontal=True, wrap=True, key="notfound-links"):
        for spec in PAGE_DEFS:
            name = spec.name
            st.page_link(
                nav.page(name, lang),
                label=t(f"page.{name}", lang),
                icon=LINK_ICONS.get(name),
                query_params={k: v for k, v in query.items() if name != "about" or k == "lang"},
            )
