"""The route for unknown nested paths (``/regions/foo/bar``): a redirect to the
dashboard's not-found page.

Why a route: Streamlit serves a page only at one path segment, so a mistyped nested
address showed a blank page. This route, last among the plain routes
(``dashboard/server.py``), sends a browser that asks for such a path as a page to the
not-found page (``dashboard.ui.notfound``), which names the path asked for, in both
languages, with the way on. Plain Starlette: it runs before any Streamlit session.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NoReturn
from urllib.parse import urlencode

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import BaseRoute, Match, NoMatchFound
from starlette.types import Receive, Scope, Send

from dashboard.core.i18n import LANGS
from dashboard.core.paths import NOT_FOUND_PATH

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
