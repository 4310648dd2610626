"""Content encoding where the server sends it: our routes decide theirs, Streamlit's
static JavaScript is sent compressed.

Why two middlewares around ``st.App`` (outermost, so they see requests first and answers
last):

- :class:`OwnEncoding`: Streamlit's gzip middleware compresses every answer it sees
  whose client accepts gzip, keeping the answer's ``ETag`` and adding a second
  ``Vary: Accept-Encoding``. For our routes that breaks "one ETag per representation"
  (a gzip body under the identity ETag, a streamed CSV with one ETag for both) and sends
  ``Vary`` twice. Our routes choose their encoding themselves (``http.full_response``:
  the gzip body with its own ``-gz`` ETag), so for their paths the client's
  ``Accept-Encoding`` is moved to a private header that only they read
  (:func:`accepted_encodings`), and Streamlit's middleware sees a client that takes
  identity only.
- :class:`StaticCompression`: Streamlit deliberately sends its own frontend
  (``/static/…``, up to 6 MB of JavaScript per page) uncompressed. Compressed once per
  file and kept (a bounded memory cache keyed by path and ETag), each asset costs a
  dictionary lookup, and a reader on a phone gets about a quarter of the bytes.
"""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict
from collections.abc import Iterable

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dashboard.web.rewrite import rewrite_answer

PRIVATE_HEADER = b"x-dashboard-accept-encoding"
# Paths answered by dashboard.web's routes (see ``routes``): their encoding is theirs.
OWN_PREFIXES: tuple[str, ...] = (
    "/api/",
    "/embed/",
    "/download/",
    "/assets/",
    "/feed.xml",
    "/robots.txt",
    "/sitemap.xml",
)
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "image/svg+xml",
    "application/manifest+json",
)
MAX_STATIC_BYTES = 32 * 1024 * 1024
CACHE_BYTES = 64 * 1024 * 1024


def _route_path(scope: Scope) -> str:
    path: str = scope.get("path", "")
    root = scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root):] or "/"
    return path


def accepted_encodings(headers: Headers) -> str:
    """The client's ``Accept-Encoding`` as our routes read it (moved aside by
    :class:`OwnEncoding` under ``st.App``; the plain header on a bare Starlette app)."""
    return headers.get(PRIVATE_HEADER.decode(), headers.get("accept-encoding", ""))


def takes_gzip(value: str) -> bool:
    """Whether an ``Accept-Encoding`` value accepts gzip (``gzip;q=0`` does not)."""
    for part in value.split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() in ("gzip", "*"):
            q = params.strip().removeprefix("q=")
            try:
                return float(q) > 0 if q else True
            except ValueError:
                return True
    return False


class OwnEncoding:
    """For our routes' paths, hide ``Accept-Encoding`` from the middlewares inside."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _route_path(scope).startswith(OWN_PREFIXES):
            headers: Iterable[tuple[bytes, bytes]] = scope.get("headers", ())
            moved = [
                (PRIVATE_HEADER, value) if name == b"accept-encoding" else (name, value)
                for name, value in headers
                if name != PRIVATE_HEADER
            ]
            scope = {**scope, "headers": moved}
        await self.app(scope, receive, send)


class _Compressed:
    """Gzip bodies of static files by (path, ETag or length), least recently used out."""

    def __init__(self, max_bytes: int = CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._bytes = 0

    def get(self, key: tuple[str, str]) -> bytes | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: tuple[str, str], body: bytes) -> None:
        with self._lock:
            if key in self._entries or len(body) > self.max_bytes // 4:
                return
            self._entries[key] = body
            self._bytes += len(body)
            while self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped)


COMPRESSED = _Compressed()


class StaticCompression:
    """Send Streamlit's static assets gzip-compressed to clients that take gzip."""

    def __init__(self, app: ASGIApp, prefix: str = "/static/") -> None:
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope.get("method") not in ("GET", "HEAD")
            or not _route_path(scope).startswith(self.prefix)
        ):
            await self.app(scope, receive, send)
            return
        request_headers = Headers(scope=scope)
        if not takes_gzip(request_headers.get("accept-encoding", "")) or "range" in request_headers:
            await self.app(scope, receive, send)
            return

        def wanted(start: Message) -> bool:
            headers = Headers(raw=start.get("headers", []))
            length = headers.get("content-length")
            return (
                start["status"] == 200
                and "content-encoding" not in headers
                and headers.get("content-type", "").lower().startswith(COMPRESSIBLE)
                and (length is None or int(length) <= MAX_STATIC_BYTES)
            )

        async def compress(start: Message, body: bytes) -> None:
            await self._send_compressed(scope, start, body, send)

        await rewrite_answer(
            self.app, scope, receive, send, wanted=wanted, rewrite=compress,
            limit=MAX_STATIC_BYTES + 1,
        )

    async def _send_compressed(
        self, scope: Scope, start: Message, body: bytes, send: Send
    ) -> None:
        headers = MutableHeaders(raw=list(start.get("headers", [])))
        etag = headers.get("etag")
        key = (_route_path(scope), etag or str(len(body)))
        zipped = COMPRESSED.get(key)
        if zipped is None:
            zipped = await run_in_threadpool(gzip.compress, body, 6, mtime=0)
            COMPRESSED.put(key, zipped)
        headers["Content-Encoding"] = "gzip"
        headers["Content-Length"] = str(len(zipped))
        if etag:
            weak, tag = (etag[:2], etag[2:]) if etag.startswith("W/") else ("", etag)
            headers["ETag"] = f'{weak}{tag[:-1]}-gz"' if tag.endswith('"') else etag
        vary = headers.get("vary")
        if not vary or "accept-encoding" not in vary.lower():
            headers.add_vary_header("Accept-Encoding")
        await send({**start, "headers": headers.raw})
        payload = b"" if scope.get("method") == "HEAD" else zipped
        await send({"type": "http.response.body", "body": payload, "more_body": False})
