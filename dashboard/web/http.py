"""HTTP plumbing shared by every plain route: ETags, 304, caching headers, CORS, problems.

Why one place: the API, the feed and the embeds must agree on what makes two answers the
same (route, normalised parameters, release stamp, app version, base URL), so that a
strong ``ETag`` and the in-process response cache are keyed alike and a ``304`` is
answered without touching the database. Errors are RFC 9457 ``application/problem+json``
with a short text in the requested language, never a traceback.

The release stamp (``views.release_stamp``) changes whenever a release is imported; it is
read at most once per :data:`STAMP_TTL` seconds per database, so a burst of requests
costs one tiny query, and a new import is visible within that time.
"""

from __future__ import annotations

import asyncio
import functools
import gzip
import hashlib
import json
import logging
import re
import threading
import time
import tomllib
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from dashboard.core import firststart
from dashboard.core.i18n import LANGS, t
from dashboard.core.settings import public_url
from dashboard.web.encoding import accepted_encodings, takes_gzip
from data_access.db.engine import serving_timeout
from data_access.reads import views

LOG = logging.getLogger(__name__)
REPO_ROOT = Path(__file__).resolve().parent.parent.parent

JSON = "application/json"
PROBLEM_JSON = "application/problem+json"
HTML = "text/html; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"

# Seconds a shared cache may keep an answer: unpinned answers change with the next
# import, answers pinned to one release only with the app version.
MAX_AGE = 60
MAX_AGE_PINNED = 3600
STAMP_TTL = 1.0
# Seconds a client should wait after a 503 "database unavailable" (the pages and routes
# recover by themselves as soon as the database answers again).
RETRY_AFTER = 5
GZIP_MIN_BYTES = 1024
CACHE_MAX_ENTRIES = 4096
CACHE_MAX_BYTES = 64 * 1024 * 1024

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Link, Content-Language",
}
PREFLIGHT_HEADERS = {
    **CORS_HEADERS,
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, Accept, Accept-Language",
    "Access-Control-Max-Age": "86400",
}


def _app_version() -> str:
    """The project version plus a digest of the code that shapes the answers.

    Part of every ETag and cache key: a deployment that changes what an answer looks
    like must not be answered ``304`` from a browser's or CDN's old copy.
    """
    try:
        project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        version = str(project["project"]["version"])
    except (OSError, KeyError, ValueError):
        version = "0"
    digest = hashlib.sha256()
    for folder in (
        REPO_ROOT / "dashboard" / "web",
        REPO_ROOT / "dashboard" / "specs",
        REPO_ROOT / "dashboard",
        REPO_ROOT / "data_access",
    ):
        for path in sorted(folder.glob("*.py")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return f"{version}+{digest.hexdigest()[:10]}"


APP_VERSION = _app_version()


# ------------------------------------------------------------------------- problems


class Problem(Exception):
    """An RFC 9457 problem: raised anywhere in a handler, answered as problem+json.

    ``key`` names the i18n strings ``api.problem.<key>.title`` / ``.detail``; ``values``
    fill the detail's placeholders; ``parameter`` names the query parameter at fault.
    """

    def __init__(
        self,
        status: int,
        key: str,
        *,
        parameter: str | None = None,
        reason: str | None = None,
        headers: Mapping[str, str] | None = None,
        **values: object,
    ) -> None:
        super().__init__(f"{status} {key}")
        self.status = status
        self.key = key
        self.parameter = parameter
        self.reason = reason
        self.values = values
        self.headers = dict(headers or {})
        # A complete detail text, when the problem's words come from elsewhere (the
        # pages' located URL-parameter message); else the i18n detail of ``key``.
        self.detail: str | None = None


def bad_parameter(name: str, reason: str, **values: object) -> Problem:
    """400 naming the parameter: ``reason`` is an ``api.reason.*`` key."""
    return Problem(400, "bad_parameter", parameter=name, reason=reason, headers=None, **values)


# Characters of an echoed request path kept in ``instance``: control characters (C0, DEL,
# C1) are dropped and the rest cut, so a problem never carries what a log or a terminal
# would interpret, nor a megabyte of path.
INSTANCE_MAX_CHARS = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean_instance(path: str) -> str:
    """``path`` as a problem's ``instance``: a URI reference (anything outside ASCII
    percent-encoded), without control characters, at most :data:`INSTANCE_MAX_CHARS`
    characters (cut at a whole escape)."""
    text = _CONTROL.sub("", path).encode("utf-8", "replace").decode("utf-8")
    encoded = quote(text, safe="/:@!$&'()*+,;=-._~")
    if len(encoded) > INSTANCE_MAX_CHARS:
        encoded = encoded[:INSTANCE_MAX_CHARS]
        cut = encoded.rfind("%", len(encoded) - 2)
        if cut != -1:
            encoded = encoded[:cut]
    return encoded


def problem_response(problem: Problem, lang: str, path: str) -> Response:
    """The problem as ``application/problem+json`` in ``lang`` (never cached, CORS open)."""
    if problem.detail is not None:
        detail = problem.detail
    elif problem.parameter is not None and problem.reason is not None:
        reason = t(f"api.reason.{problem.reason}", lang, **problem.values)
        detail = t("api.problem.bad_parameter.detail", lang, name=problem.parameter, reason=reason)
    else:
        detail = t(f"api.problem.{problem.key}.detail", lang, **problem.values)
    body: dict[str, Any] = {
        "type": f"/api/v1/#problem-{problem.key.replace('_', '-')}",
        "title": t(f"api.problem.{problem.key}.title", lang),
        "status": problem.status,
        "detail": detail,
        "instance": clean_instance(path),
    }
    if problem.parameter is not None:
        body["parameter"] = problem.parameter
    headers = {
        **CORS_HEADERS,
        "Cache-Control": "no-store",
        "Content-Language": lang,
        **problem.headers,
    }
    return Response(
        json.dumps(body, ensure_ascii=False).encode("utf-8"),
        status_code=problem.status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


# ----------------------------------------------------------------------------- JSON


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        number = float(value)
        if Decimal(repr(number)) != value:  # pragma: no cover - beyond 10^13 元
            raise ValueError(f"{value} cannot be written exactly as a JSON number")
        return number
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def json_bytes(payload: object) -> bytes:
    """Compact UTF-8 JSON; money (Decimal) as exact numbers, dates as ISO 8601."""
    return json.dumps(
        payload, ensure_ascii=False, separators=(",", ":"), default=_json_default
    ).encode("utf-8")


# ------------------------------------------------------------------- release stamp


class StampMemo:
    """The release stamp of each database, re-read at most once per ``STAMP_TTL``, and
    the newest stamp seen (served from during an outage).

    Never backwards: a stamp read that ends after a newer one was remembered (its
    snapshot began before an import committed) does not replace it. Else a request
    could be answered from the older release's cached answer after the newer one had
    been shown.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamps: dict[str, tuple[str, float]] = {}
        self._latest: dict[str, str] = {}

    def fresh(self, url: str) -> str | None:
        """The memoised stamp when still fresh, else None (no I/O)."""
        found = self._stamps.get(url)
        if found is not None and time.monotonic() < found[1]:
            return found[0]
        return None

    def latest(self, url: str) -> str | None:
        """The newest stamp seen for ``url``, however old (no I/O)."""
        return self._latest.get(url)

    def remember(self, url: str, stamp: str) -> None:
        with self._lock:
            known = self._latest.get(url)
            if known is not None and _older(stamp, known):
                stamp = known
            self._stamps[url] = (stamp, time.monotonic() + STAMP_TTL)
            self._latest[url] = stamp

    def forget(self) -> None:
        """Drop every memoised stamp (tests, or after an import in this process); the
        newest seen stays, for an outage."""
        with self._lock:
            self._stamps.clear()


def _older(stamp: str, than: str) -> bool:
    """Whether ``stamp`` names an older newest release than ``than`` (a rollback is a
    new release too, so release ids only grow)."""
    one, other = views.stamp_release(stamp), views.stamp_release(than)
    return one is not None and other is not None and one < other


STAMPS = StampMemo()


# ---------------------------------------------------------------- response cache


@dataclass(frozen=True)
class Answer:
    """What a handler builds: a body, its media type, a status and extra headers."""

    body: bytes
    media_type: str = JSON
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    # The release stamp of the snapshot the body was built from, when the builder read
    # it (``reads.in_snapshot``); None: the stamp the request was looked up under.
    stamp: str | None = None


@dataclass
class _Entry:
    answer: Answer
    gzipped: bytes | None

    @property
    def size(self) -> int:
        return len(self.answer.body) + len(self.gzipped or b"")


class ResponseCache:
    """A bounded LRU of built answers, by entries and by bytes; thread-safe."""

    def __init__(self, max_entries: int = CACHE_MAX_ENTRIES, max_bytes: int = CACHE_MAX_BYTES):
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> _Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: _Entry) -> None:
        if entry.size > self.max_bytes // 4:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._entries[key] = entry
            self._bytes += entry.size
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= dropped.size

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)


CACHE = ResponseCache()


def cache_key(route: str, params: Iterable[tuple[str, str]], stamp: str, base: str) -> str:
    """Route + sorted known parameters + release stamp + app version + base URL."""
    normalised = "&".join(f"{k}={v}" for k, v in sorted(params))
    return "\n".join((route, normalised, stamp, APP_VERSION, base))


def strong_etag(key: str) -> str:
    return '"' + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + '"'


def _gzip_etag(etag: str) -> str:
    return etag[:-1] + '-gz"'


def etag_matches(header: str | None, etag: str) -> bool:
    """Whether ``If-None-Match`` names this representation (identity or gzip) or ``*``."""
    if not header:
        return False
    wanted = {etag, _gzip_etag(etag)}
    for candidate in header.split(","):
        tag = candidate.strip()
        if tag == "*":
            return True
        if tag.startswith("W/"):
            tag = tag[2:]
        if tag in wanted:
            return True
    return False


def representation_etag(header: str, etag: str) -> str:
    """The ETag a ``304`` carries: the gzip representation's when the client named it
    (it holds that body), else the identity one."""
    named = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return _gzip_etag(etag) if _gzip_etag(etag) in named else etag


def accepts_gzip(request: Request) -> bool:
    """Whether the client takes gzip (read where ``encoding.OwnEncoding`` moved it)."""
    return takes_gzip(accepted_encodings(request.headers))


def cache_control(max_age: int, *, immutable: bool = False) -> str:
    value = f"public, max-age={max_age}"
    return value + ", immutable" if immutable else value


def not_modified(etag: str, max_age: int, *, immutable: bool = False) -> Response:
    return Response(
        status_code=304,
        headers={
            **CORS_HEADERS,
            "ETag": etag,
            "Cache-Control": cache_control(max_age, immutable=immutable),
            "Vary": "Accept-Encoding",
        },
    )


def full_response(
    request: Request,
    answer: Answer,
    etag: str,
    gzipped: bytes | None,
    *,
    max_age: int = MAX_AGE,
    immutable: bool = False,
    lang: str | None = None,
) -> Response:
    """A 200 with ETag, Cache-Control, CORS and the gzip body when the client takes it."""
    headers = {
        **CORS_HEADERS,
        "Cache-Control": cache_control(max_age, immutable=immutable),
        "Vary": "Accept-Encoding",
        **answer.headers,
    }
    if lang:
        headers["Content-Language"] = lang
    body = answer.body
    if gzipped is not None and accepts_gzip(request):
        body = gzipped
        headers["Content-Encoding"] = "gzip"
        headers["ETag"] = _gzip_etag(etag)
    else:
        headers["ETag"] = etag
    return Response(body, status_code=answer.status, media_type=answer.media_type, headers=headers)


def compress(body: bytes) -> bytes | None:
    """The gzip body, or None when it is too small to be worth it."""
    if len(body) < GZIP_MIN_BYTES:
        return None
    return gzip.compress(body, compresslevel=6, mtime=0)


def base_url(_request: Request | None = None) -> str:
    """The dashboard's public address (``DASHBOARD_PUBLIC_URL``), without a trailing
    slash: every absolute URL an answer writes starts with it, never with the request's
    ``Host`` header (which a client or a cache in between chooses)."""
    return public_url()


# The stamp read under way per database (at most one: single flight).
_STAMP_READS: dict[str, asyncio.Future[str]] = {}
# Seconds a request waits for a stamp read when a stamp is already known.
STAMP_WAIT = 1.0


def _stamp_read(url: str, done: asyncio.Future[str]) -> None:
    """Remember what a stamp read found (or log why it found nothing)."""
    _STAMP_READS.pop(url, None)
    if done.cancelled():
        return
    error = done.exception()
    if error is None:
        STAMPS.remember(url, done.result())
    elif isinstance(error, SQLAlchemyError) and STAMPS.latest(url) is not None:
        LOG.warning("database unavailable: serving cached answers")


async def release_stamp(url: str, read: Callable[[], str]) -> str:
    """The memoised release stamp of ``url``, read off the event loop when stale.

    One read at a time per database: while it runs, a request that knows a stamp uses
    the last one read at once, and the request that started the read waits for it at
    most :data:`STAMP_WAIT` seconds before doing the same (the read goes on, and the
    memo learns its stamp). Why: during an outage the read waits for the database (up
    to ``DASHBOARD_DB_TIMEOUT``), and an answer already in the response cache must not
    wait with it, nor a burst of requests pile up reads on a database that is slow. So
    answers already cached are still served; an answer that must be built then fails as
    a 503 problem. With no stamp known yet the read's own error propagates.
    """
    stamp = STAMPS.fresh(url)
    if stamp is not None:
        return stamp
    known = STAMPS.latest(url)
    reading = _STAMP_READS.get(url)
    if reading is None:
        reading = asyncio.ensure_future(run_in_threadpool(read))
        _STAMP_READS[url] = reading
        reading.add_done_callback(functools.partial(_stamp_read, url))
    elif known is not None:
        return known
    if known is None:
        await asyncio.shield(reading)
    else:
        try:
            await asyncio.wait_for(asyncio.shield(reading), STAMP_WAIT)
        except (TimeoutError, SQLAlchemyError):
            return known
    # What the read found, unless a newer stamp was seen meanwhile (never backwards).
    return STAMPS.latest(url) or reading.result()


# The answers being built, by cache key (single flight: requests for one key share
# one build).
_BUILDS: dict[str, asyncio.Future[tuple[str, _Entry]]] = {}


def _build_and_keep(
    route: str, params: Mapping[str, str], stamp: str, base: str, build: Callable[[], Answer]
) -> tuple[str, _Entry]:
    """Build an answer and keep it (a 200) in the response cache: its key and entry.

    Kept here, in the build's thread, and not by the request that asked for it: the
    request may have stopped waiting (the serving timeout), and the next one finds it.
    """
    answer = build()
    key = cache_key(route, params.items(), stamp, base)
    if answer.stamp is not None and answer.stamp != stamp:
        # Built from a newer state than the memoised stamp names (an import committed
        # meanwhile): keyed and tagged by the state it shows.
        key = cache_key(route, params.items(), answer.stamp, base)
    entry = _Entry(answer, compress(answer.body))
    if answer.status == 200:
        CACHE.put(key, entry)
    return key, entry


def _built(key: str, done: asyncio.Future[tuple[str, _Entry]]) -> None:
    _BUILDS.pop(key, None)
    if not done.cancelled():
        done.exception()  # retrieved: a build nobody waits for any more is not an error


async def serve_cached(
    request: Request,
    *,
    route: str,
    params: Mapping[str, str],
    stamp: str,
    build: Callable[[], Answer],
    lang: str,
    max_age: int = MAX_AGE,
    deadline: float | None = None,
) -> Response:
    """Answer from the ETag (304), the response cache, or by building (off the loop).

    Only 200 answers are cached; a :class:`Problem` raised by ``build`` is answered as
    problem+json. The ETag is a function of the cache key alone, so a ``304`` is decided
    before any database work.

    Requests for one key share one build (after an import every cached answer is stale
    at once, and a crowd asking for the same one must not build it once each on a
    small machine). A request waits for the build until ``deadline`` (``time.monotonic``;
    default: ``DASHBOARD_DB_TIMEOUT`` from now) and is then answered 503 with
    ``Retry-After``, as when the database does not answer: whatever blocks (a database
    gone silent, a pool run dry), every answer comes within the serving timeout.
    """
    key = cache_key(route, params.items(), stamp, base_url(request))
    etag = strong_etag(key)
    condition = request.headers.get("if-none-match")
    # A named tag is answered 304 at once (it was given for a 200 of this key); ``*``
    # only once the answer is known to be a 200 (an error URL is never "not modified").
    if condition and condition.strip() != "*" and etag_matches(condition, etag):
        return not_modified(representation_etag(condition, etag), max_age)
    entry: _Entry | None = CACHE.get(key)
    if entry is None:
        building = _BUILDS.get(key)
        if building is None:
            building = asyncio.ensure_future(
                run_in_threadpool(_build_and_keep, route, params, stamp, base_url(request), build)
            )
            _BUILDS[key] = building
            building.add_done_callback(functools.partial(_built, key))
        left = time.monotonic() + serving_timeout() if deadline is None else deadline
        try:
            key, built = await asyncio.wait_for(
                asyncio.shield(building), max(0.0, left - time.monotonic())
            )
        except Problem as problem:
            return problem_response(problem, lang, request.url.path)
        except TimeoutError:
            # Not built within the serving timeout: answered as the statement timeout
            # would be (the build goes on, and its answer is kept for the next request).
            LOG.warning("answer to %s not built within the serving timeout", request.url.path)
            unavailable = Problem(503, "unavailable", headers={"Retry-After": str(RETRY_AFTER)})
            return problem_response(unavailable, lang, request.url.path)
        entry, etag = built, strong_etag(key)
    if condition and entry.answer.status == 200 and etag_matches(condition, etag):
        gzip_body = entry.gzipped is not None and accepts_gzip(request)
        return not_modified(_gzip_etag(etag) if gzip_body else etag, max_age)
    return full_response(
        request, entry.answer, etag, entry.gzipped, max_age=max_age, lang=lang
    )


def preflight(_request: Request) -> Response:
    """``OPTIONS``: what a browser asks before a cross-origin GET with If-None-Match."""
    return Response(status_code=204, headers=PREFLIGHT_HEADERS)


def _first_line(error: BaseException) -> str:
    """``ClassName: first line of the message`` (driver messages run to many lines)."""
    message = str(error).strip().splitlines()
    return f"{type(error).__name__}: {message[0] if message else ''}"[:300]


def internal_error(request: Request, lang: str) -> Response:
    """A generic 500 problem; the traceback goes to the server log only."""
    LOG.exception("error answering %s", request.url.path)
    return problem_response(Problem(500, "internal"), lang, request.url.path)


def request_language(request: Request) -> str:
    """``lang`` of the request (zh by default); an unsupported value falls back to zh."""
    lang = request.query_params.get("lang")
    return lang if lang in LANGS else LANGS[0]


async def guarded(request: Request, attempt: Callable[[str], Awaitable[Response]]) -> Response:
    """Run a route body; any failure becomes a problem+json answer, never a traceback.

    A :class:`Problem` is answered as raised; a database that cannot be read is a 503
    (logged); anything else a generic 500 (logged with its traceback).
    """
    lang = request_language(request)
    building = firststart.BUILD.status()
    if building.building:
        # First start: the data does not exist yet, and when it will is known.
        problem = Problem(
            503,
            "building",
            headers={"Retry-After": str(building.retry_after())},
            percent=f"{building.fraction * 100:.0f}",
        )
        return problem_response(problem, lang, request.url.path)
    try:
        return await attempt(lang)
    except Problem as problem:
        return problem_response(problem, lang, request.url.path)
    except (SQLAlchemyError, OSError) as error:
        # One line, not a traceback: an outage is an operator's fact, not a bug.
        LOG.warning(
            "database unavailable answering %s: %s",
            request.url.path,
            _first_line(error),
        )
        unavailable = Problem(503, "unavailable", headers={"Retry-After": str(RETRY_AFTER)})
        return problem_response(unavailable, lang, request.url.path)
    except Exception:
        return internal_error(request, lang)
