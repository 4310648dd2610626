"""The dashboard's own not-found page: bilingual, with links that work and the search.

Why bilingual whatever ``lang`` says: a mistyped address often has no ``lang=``, and a
visitor who cannot read the default language must still understand where they are.
Why links and the search: a dead end should always offer the way on (the overview,
the explorer, the project search), in the visitor's language and latest view. The
requested path comes from the URL and is shown literally (``fmt.literal``).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard import boot, nav, state
from dashboard import formatting as fmt
from dashboard import search as site_search
from dashboard.i18n import LANGS, t

LINKED_PAGES: tuple[tuple[str, str], ...] = (
    ("overview", ":material/home:"),
    ("explore", ":material/account_tree:"),
    ("regions", ":material/map:"),
    ("trends", ":material/trending_up:"),
    ("project", ":material/search:"),
    ("data", ":material/download:"),
    ("about", ":material/info:"),
)


def not_found_runner(path: str) -> Callable[[], None]:
    """The page function answering ``path`` (a closure: ``st.Page`` needs a callable
    with a name, and the page must name the path it was asked for)."""

    def not_found() -> None:
        show(path)

    return not_found


def show(path: str) -> None:
    """Title and explanation in both languages (the visitor's first), links to the
    pages with a view that works, and the site search."""
    from dashboard.frame import document_language

    lang = state.read_lang()
    url = boot.database_url()
    document_language(lang)
    st.title(t("notfound.title", lang), anchor=False)
    shown = fmt.literal("/" + path)
    for code in (lang, *[other for other in LANGS if other != lang]):
        st.markdown(t("notfound.text", code, path=shown))
    query = state.fallback_query(url, lang)
    typed = site_search.box(lang, key=f"notfound-search-{lang}", width=480)
    site_search.results(url, lang, typed, query)
    st.subheader(t("notfound.pages", lang), anchor=False)
    with st.container(horizontal=True, wrap=True, key="notfound-links"):
        for name, icon in LINKED_PAGES:
            st.page_link(
                nav.page(name, lang),
                label=t(f"page.{name}", lang),
                icon=icon,
                query_params={k: v for k, v in query.items() if name != "about" or k == "lang"},
            )
