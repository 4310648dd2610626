"""Vendored JavaScript served by this app: Plotly's bundle from the pip ``plotly`` package.

Why not a CDN: embeds must work inside newsrooms' pages without a request leaving this
server, and a versioned URL can be cached as immutable for a year. The bundle (about
4.8 MB) is read once and gzip-compressed once in memory (about 1.4 MB), so a request
costs a dictionary lookup. The URL lives under ``/assets/``: ``/static/`` is reserved
by Streamlit for its own frontend (``st.App`` refuses user routes there).
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from dashboard.web.http import (
    CORS_HEADERS,
    accepts_gzip,
    cache_control,
    etag_matches,
    not_modified,
    preflight,
    representation_etag,
)

ASSETS_PREFIX = "/assets/vendor"
ONE_YEAR = 31_536_000
JAVASCRIPT = "text/javascript; charset=utf-8"


@cache
def plotly_js_path() -> Path:
    """``plotly.min.js`` inside the installed ``plotly`` package."""
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


@cache
def plotly_js_version() -> str:
    """The plotly.js version bundled with the installed ``plotly`` package."""
    from plotly.offline import get_plotlyjs_version

    return str(get_plotlyjs_version())


def plotly_js_url(base: str = "") -> str:
    """The URL of Plotly's JavaScript on this server (``base``: the app's base path).

    For ``<script src=...>`` in embeds and offline-capable pages; versioned, so it is
    cached as immutable.
    """
    return f"{base.rstrip('/')}{ASSETS_PREFIX}/plotly-{plotly_js_version()}.min.js"


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes
    etag: str
    media_type: str


_LOCK = threading.Lock()
_ASSETS: dict[str, Asset] = {}


def _load(name: str, path: Path, media_type: str) -> Asset:
    with _LOCK:
        found = _ASSETS.get(name)
        if found is None:
            body = path.read_bytes()
            found = Asset(
                body=body,
                gzipped=gzip.compress(body, compresslevel=9, mtime=0),
                etag='"' + hashlib.sha256(body).hexdigest()[:32] + '"',
                media_type=media_type,
            )
            _ASSETS[name] = found
        return found


def _asset_names() -> dict[str, tuple[Path, str]]:
    return {f"plotly-{plotly_js_version()}.min.js": (plotly_js_path(), JAVASCRIPT)}


async def vendor_asset(request: Request) -> Response:
    """A vendored file, immutable for a year, gzip when the client accepts it."""
    name = request.path_params["name"]
    known = _asset_names()
    if name not in known:
        return Response(
            "Not found", status_code=404, media_type="text/plain", headers=CORS_HEADERS
        )
    asset = _ASSETS.get(name)
    if asset is None:
        asset = await run_in_threadpool(_load, name, *known[name])
    condition = request.headers.get("if-none-match")
    if condition and etag_matches(condition, asset.etag):
        return not_modified(representation_etag(condition, asset.etag), ONE_YEAR, immutable=True)
    headers = {
        **CORS_HEADERS,
        "Cache-Control": cache_control(ONE_YEAR, immutable=True),
        "Vary": "Accept-Encoding",
    }
    if accepts_gzip(request):
        headers["Content-Encoding"] = "gzip"
        headers["ETag"] = asset.etag[:-1] + '-gz"'
        body = asset.gzipped
    else:
        headers["ETag"] = asset.etag
        body = asset.body
    return Response(body, media_type=asset.media_type, headers=headers)


def static_routes() -> list[BaseRoute]:
    return [
        Route(ASSETS_PREFIX + "/{name}", vendor_asset, methods=["GET"]),
        Route(ASSETS_PREFIX + "/{name}", preflight, methods=["OPTIONS"]),
    ]
