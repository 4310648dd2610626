"""Each page's own title, description and canonical link in Streamlit's HTML shell.

Why a middleware: Streamlit answers every page path with the same ``index.html``
(title "Streamlit", no description), and a Streamlit page cannot write into ``<head>``
before its script runs. This rewrites that shell on its way out, for the page paths
only, with the words of ``dashboard.core.pagemeta`` in the request's language
(``?lang=en``, else Chinese): a crawler and a link preview get a real title and a
meta description. The shell is small (a few KB) and is sent uncompressed, with an ETag
of its own per page and language.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qs

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dashboard.core.pagemeta import PAGE_BY_PATH, head_tags
from dashboard.web.rewrite import rewrite_answer

_TITLE = re.compile(rb"<title>.*?</title>", re.S)
_HTML_LANG = re.compile(rb'<html lang="[^"]*">')
MAX_SHELL_BYTES = 256 * 1024


def _page(scope: Scope) -> str | None:
    path: str = scope.get("path", "")
    root = scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root):] or "/"
    return PAGE_BY_PATH.get(path.rstrip("/") or "/")


class PageMeta:
    """Write the page's title, description and canonical link into the HTML shell."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        page = _page(scope) if scope["type"] == "http" else None
        if page is None or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        lang = "en" if query.get("lang", [""])[-1] == "en" else "zh"
        # The shell comes back uncompressed (it is rewritten here).
        headers = [(k, v) for k, v in scope.get("headers", ()) if k != b"accept-encoding"]
        inner = {**scope, "headers": headers}

        def wanted(start: Message) -> bool:
            found = Headers(raw=start.get("headers", []))
            return start["status"] == 200 and found.get("content-type", "").startswith(
                "text/html"
            )

        async def rewrite(start: Message, body: bytes) -> None:
            await self._send(start, body, page, lang, scope, send)

        # A body past MAX_SHELL_BYTES is not a shell: it passes on as it is.
        await rewrite_answer(
            self.app, inner, receive, send, wanted=wanted, rewrite=rewrite, limit=MAX_SHELL_BYTES
        )

    @staticmethod
    async def _send(
        start: Message, body: bytes, page: str, lang: str, scope: Scope, send: Send
    ) -> None:
        tags = head_tags(page, lang).encode("utf-8")
        rewritten, count = _TITLE.subn(lambda _m: tags, body, count=1)
        if count == 0:
            rewritten = body.replace(b"<head>", b"<head>" + tags, 1)
        html_lang = b"zh-CN" if lang == "zh" else b"en"
        rewritten = _HTML_LANG.sub(b'<html lang="' + html_lang + b'">', rewritten, count=1)
        headers = MutableHeaders(raw=list(start.get("headers", [])))
        headers["Content-Length"] = str(len(rewritten))
        if "etag" in headers:
            digest = hashlib.sha256(rewritten).hexdigest()[:32]
            headers["ETag"] = f'"{digest}"'
        await send({**start, "headers": headers.raw})
        payload = b"" if scope.get("method") == "HEAD" else rewritten
        await send({"type": "http.response.body", "body": payload, "more_body": False})
