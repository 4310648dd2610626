"""The dashboard's own not-found page: bilingual, with links that work and the search.

Why bilingual whatever ``lang`` says: a mistyped address often has no ``lang=``, and a
visitor who cannot read the default language must still understand where they are.
Why links and the search: a dead end should always offer the way on (the overview,
the explorer, the project search), in the visitor's language and latest view. The
requested path comes from the URL and is shown literally (``fmt.literal``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NoReturn
from urllib.parse import urlencode

import streamlit as st
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import BaseRoute, Match, NoMatchFound
from starlette.types import Receive, Scope, Send

from dashboard.core import formatting as fmt
from dashboard.core.i18n import LANGS, t
from dashboard.core.paths import PAGE_DEFS
from dashboard.ui import boot, nav, state
from dashboard.ui import search as site_search

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


NOT_FOUND_PATH = "not-found"
# First path segments Streamlit 1.67 serves itself (core API, media, components, its
# bundle, app static files, login): never taken for a mistyped page.
STREAMLIT_SEGMENTS: frozenset[str] = frozenset(
    {"_stcore", "media", "component", "static", "app", "auth", "oauth2callback"}
)
# What a browser fetches as a page (a typed address, a link, an iframe); its scripts,
# styles and fonts are other destinations and are left to Streamlit.
_DOCUMENT_DESTINATIONS = frozenset({"document", "iframe", "frame", "embed", "object"})


class NestedPathRoute(BaseRoute):
    """A page request for an unknown path of two or more segments: redirected to the
    not-found page (see the module docstring for why Streamlit cannot serve it).

    ``others``: the dashboard's own routes (API, embeds, downloads, ...); a path one of
    them answers (even with its own 404) is left to it.
    """

    def __init__(self, others: Iterable[BaseRoute] = ()) -> None:
        self.others = tuple(others)

    def _segments(self, scope: Scope) -> list[str] | None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return None
        parts = [part for part in str(scope["path"]).split("/") if part]
        if len(parts) < 2 or parts[0] in STREAMLIT_SEGMENTS:
            return None
        destination = Headers(scope=scope).get("sec-fetch-dest")
        if destination is not None and destination not in _DOCUMENT_DESTINATIONS:
            return None
        if any(route.matches(scope)[0] != Match.NONE for route in self.others):
            return None
        return parts

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        return (Match.FULL, {}) if self._segments(scope) is not None else (Match.NONE, {})

    def url_path_for(self, name: str, /, **path_params: object) -> NoReturn:
        raise NoMatchFound(name, path_params)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope)
        query = {"path": "/" + "/".join(self._segments(scope) or [])}
        lang = request.query_params.get("lang")
        if lang in LANGS:
            query["lang"] = lang
        root = str(scope.get("root_path", "")).rstrip("/")
        target = f"{root}/{NOT_FOUND_PATH}?{urlencode(query)}"
        await RedirectResponse(target, status_code=302)(scope, receive, send)


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


def show(path: str) -> None:
    """Title and explanation in both languages (the visitor's first), links to the
    pages with a view that works, and the site search."""
    from dashboard.ui.frame import document_language

    lang = state.read_lang()
    url = boot.database_url()
    document_language(lang)
    st.title(t("notfound.title", lang), anchor=False)
    shown = fmt.literal("/" + asked_path(path))
    for code in (lang, *[other for other in LANGS if other != lang]):
        st.markdown(t("notfound.text", code, path=shown))
    query = state.fallback_query(url, lang)
    typed = site_search.box(lang, key=f"notfound-search-{lang}", width=480)
    site_search.results(url, lang, typed, query)
    st.subheader(t("notfound.pages", lang), anchor=False)
    with st.container(horizontal=True, wrap=True, key="notfound-links"):
        for spec in PAGE_DEFS:
            name = spec.name
            st.page_link(
                nav.page(name, lang),
                label=t(f"page.{name}", lang),
                icon=LINK_ICONS.get(name),
                query_params={k: v for k, v in query.items() if name != "about" or k == "lang"},
            )
