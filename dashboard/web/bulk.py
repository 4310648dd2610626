"""Bulk answers: whole datasets and release packages, read into a file, then sent.

Why files: a dataset of a province-wide view or a whole release is read from the
database in bounded batches into a file *before* the answer starts; the database
connection is back in its pool before the first byte goes out, and the file is then
sent at whatever pace the reader takes. A reader on a bad phone network (or thirty
attackers reading a few bytes a second) costs an open file and a socket, never a
connection that pages and the API need, and an answer either completes or fails
before its headers: never a ``200`` cut short because the pool ran dry.

Bounded and fair (settings in ``dashboard/core/settings.py``):

- at most ``DASHBOARD_BULK_BUILDS`` reads run at once, each on a small pool of its own
  (:func:`bulk_engine`, with ``DASHBOARD_BULK_READ_TIMEOUT`` instead of the pages'
  timeout); one that cannot start within ``DASHBOARD_BULK_QUEUE_WAIT`` is a ``503``;
- at most ``DASHBOARD_BULK_ANSWERS`` bulk answers (read or being sent) per process and
  ``DASHBOARD_BULK_PER_CLIENT`` per client address; one more is a ``503`` with
  ``Retry-After`` before any body;
- a reader that does not take a 64 KiB piece within ``DASHBOARD_BULK_SEND_TIMEOUT``
  is disconnected.

Built dataset files are kept (``DASHBOARD_BULK_CACHE_BYTES``, least recently used out)
under their ETag, so a crowd asking for one dataset costs one read; requests for a file
being built wait for that build. Files are sent with ``Content-Length``, a strong
``ETag`` and ``Range`` support.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
import shutil
import tempfile
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from dashboard.core import settings
from dashboard.web.http import CORS_HEADERS, Problem, cache_control
from data_access.db.engine import serving_engine, serving_url

LOG = logging.getLogger(__name__)
CHUNK_BYTES = 64 * 1024
# Seconds a client is told to wait after a 503 "busy".
RETRY_AFTER_BUSY = 10


def busy() -> Problem:
    """503 before any body: too many bulk answers at once (here, or for this client)."""
    return Problem(503, "busy", headers={"Retry-After": str(RETRY_AFTER_BUSY)})


@lru_cache(maxsize=8)
def _engine(url: str, timeout: float) -> Engine:
    return serving_engine(url, reads=timeout)


def bulk_engine(url: str) -> Engine:
    """The read-only engine of bulk reads: a pool of its own (never the one pages and the
    API use), its statements allowed ``DASHBOARD_BULK_READ_TIMEOUT``; connecting keeps
    the serving deadlines, and a database gone silent during a read ends it within
    seconds (``data_access.db.engine.Liveness``), answered 503 before any body."""
    return _engine(serving_url(url), settings.BULK_READ_TIMEOUT.get())


# ------------------------------------------------------------------------ the gate


class Ticket:
    """One admitted bulk answer; :meth:`release` once (building failed, or sent)."""

    def __init__(self, gate: Gate, client: str) -> None:
        self._gate = gate
        self._client = client
        self._released = False

    def release(self) -> None:
        if not self._released:
            self._released = True
            self._gate._leave(self._client)


class Gate:
    """Counts bulk answers per process and per client, and the reads running."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._answers = 0
        self._clients: Counter[str] = Counter()
        self._building = 0

    def admit(self, client: str) -> Ticket:
        """A ticket for one more answer, or the 503 :func:`busy` problem."""
        with self._lock:
            if (
                self._answers >= settings.BULK_ANSWERS.get()
                or self._clients[client] >= settings.BULK_PER_CLIENT.get()
            ):
                raise busy()
            self._answers += 1
            self._clients[client] += 1
        return Ticket(self, client)

    def _leave(self, client: str) -> None:
        with self._lock:
            self._answers -= 1
            self._clients[client] -= 1
            if self._clients[client] <= 0:
                del self._clients[client]

    async def read_turn(self) -> None:
        """Wait (at most ``DASHBOARD_BULK_QUEUE_WAIT``) for one of the read slots; 503
        :func:`busy` when none frees in time. Pair with :meth:`read_done`."""
        deadline = time.monotonic() + settings.BULK_QUEUE_WAIT.get()
        pause = 0.01
        while True:
            with self._lock:
                if self._building < settings.BULK_BUILDS.get():
                    self._building += 1
                    return
            if time.monotonic() >= deadline:
                raise busy()
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.2)

    def read_done(self) -> None:
        with self._lock:
            self._building -= 1

    def snapshot(self) -> dict[str, int]:
        """Answers, clients and reads now (for tests and logs)."""
        with self._lock:
            return {
                "answers": self._answers,
                "clients": len(self._clients),
                "reads": self._building,
            }


GATE = Gate()


def client_address(request: Request) -> str:
    return request.client.host if request.client else "-"


# ------------------------------------------------------------------ built files


@dataclass(frozen=True)
class Built:
    path: Path
    size: int


class BuiltFiles:
    """Built dataset files on disk by key, least recently used out past a byte cap.

    A file handed out is opened under the lock, so eviction (which unlinks) never
    pulls it from under a reader: the open handle keeps its bytes until it is closed.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, Built] = OrderedDict()
        self._bytes = 0
        self._pending: dict[str, concurrent.futures.Future[Built]] = {}
        self._folder: Path | None = None

    def folder(self) -> Path:
        with self._lock:
            if self._folder is None or not self._folder.is_dir():
                self._folder = Path(tempfile.mkdtemp(prefix="dashboard-bulk-"))
            return self._folder

    def open(self, key: str) -> tuple[IO[bytes], int] | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            try:
                handle = found.path.open("rb")
            except OSError:
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return handle, found.size

    def _drop(self, key: str) -> None:
        built = self._entries.pop(key, None)
        if built is not None:
            self._bytes -= built.size
            built.path.unlink(missing_ok=True)

    def _keep(self, key: str, built: Built) -> None:
        with self._lock:
            self._drop(key)
            self._entries[key] = built
            self._bytes += built.size
            cap = settings.BULK_CACHE_BYTES.get()
            while self._bytes > cap and len(self._entries) > 1:
                oldest = next(iter(self._entries))
                if oldest == key:
                    break
                self._drop(oldest)

    async def get(
        self, key: str, write: Callable[[IO[bytes]], None], gate: Gate
    ) -> tuple[IO[bytes], int]:
        """The file of ``key`` opened for reading: kept, being built (awaited), or built
        now by ``write`` (in a worker thread, in one of the gate's read slots)."""
        opened = self.open(key)
        if opened is not None:
            return opened
        with self._lock:
            pending = self._pending.get(key)
            owner = pending is None
            if owner:
                pending = concurrent.futures.Future()
                self._pending[key] = pending
        assert pending is not None
        if not owner:
            await asyncio.wrap_future(pending)
            reopened = self.open(key)
            if reopened is None:  # evicted at once: build again
                return await self.get(key, write, gate)
            return reopened
        try:
            await gate.read_turn()
            try:
                built = await run_in_threadpool(self._build, write)
            finally:
                gate.read_done()
            self._keep(key, built)
            pending.set_result(built)
        except BaseException as error:
            pending.set_exception(error)
            # Nobody else may be waiting: keep the exception from being logged as lost.
            pending.exception()
            raise
        finally:
            with self._lock:
                self._pending.pop(key, None)
        reopened = self.open(key)
        if reopened is None:
            return await self.get(key, write, gate)
        return reopened

    def _build(self, write: Callable[[IO[bytes]], None]) -> Built:
        fd, name = tempfile.mkstemp(dir=self.folder(), suffix=".part")
        path = Path(name)
        try:
            with os.fdopen(fd, "wb") as handle:
                write(handle)
            return Built(path, path.stat().st_size)
        except BaseException:
            path.unlink(missing_ok=True)
            raise

    def clear(self) -> None:
        with self._lock:
            for key in list(self._entries):
                self._drop(key)
            if self._folder is not None:
                shutil.rmtree(self._folder, ignore_errors=True)
                self._folder = None


FILES = BuiltFiles()


# --------------------------------------------------------------------- sending


class SendTimeout(ConnectionError):
    """The client took more than ``DASHBOARD_BULK_SEND_TIMEOUT`` to accept a piece."""


def byte_range(header: str | None, size: int) -> tuple[int, int] | str | None:
    """The one range of a ``Range: bytes=…`` header as (first, last), inclusive.

    None: no usable range (absent, several ranges, another unit): send the whole file.
    ``"unsatisfiable"``: a range that starts past the end (answered 416).
    """
    if not header or not header.startswith("bytes=") or "," in header:
        return None
    spec = header[len("bytes=") :].strip()
    first_text, dash, last_text = spec.partition("-")
    if not dash:
        return None
    try:
        if first_text == "":
            suffix = int(last_text)
            if suffix <= 0:
                return "unsatisfiable"
            return (max(0, size - suffix), size - 1) if size else "unsatisfiable"
        first = int(first_text)
        last = int(last_text) if last_text else size - 1
    except ValueError:
        return None
    if first < 0:
        return None
    if first >= size:
        return "unsatisfiable"
    if last < first:
        return None
    return first, min(last, size - 1)


class FileAnswer(Response):
    """A file sent in pieces with Content-Length, a strong ETag and Range support: the
    answer to ``request``, whose Range and If-Range headers it honours.

    The answer's ticket is released when the file is sent, or the client is gone.
    """

    def __init__(
        self,
        request: Request,
        handle: IO[bytes],
        size: int,
        *,
        etag: str,
        media_type: str,
        filename: str,
        ticket: Ticket,
        max_age: int,
    ) -> None:
        self.handle = handle
        self.size = size
        self.ticket = ticket
        self.media_type = media_type
        self.status_code = 200
        self.background = None
        self.first, self.last = 0, size - 1
        headers = {
            **CORS_HEADERS,
            "Access-Control-Expose-Headers": (
                "ETag, Link, Content-Language, Content-Length, Content-Range, Accept-Ranges"
            ),
            "ETag": etag,
            "Cache-Control": cache_control(max_age),
            "Accept-Ranges": "bytes",
            "Content-Disposition": f'attachment; filename="{filename}"',
        }
        if_range = request.headers.get("if-range")
        wanted = (
            byte_range(request.headers.get("range"), size) if if_range in (None, etag) else None
        )
        if wanted == "unsatisfiable":
            self.status_code = 416
            headers["Content-Range"] = f"bytes */{size}"
            self.first, self.last = 0, -1
        elif isinstance(wanted, tuple):
            self.status_code = 206
            self.first, self.last = wanted
            headers["Content-Range"] = f"bytes {self.first}-{self.last}/{size}"
        headers["Content-Length"] = str(self.last - self.first + 1)
        self.init_headers(headers)
        self.raw_headers = [
            (k, v) for k, v in self.raw_headers if k != b"content-type"
        ] + [(b"content-type", media_type.encode("latin-1"))]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        timeout = settings.BULK_SEND_TIMEOUT.get()
        try:
            await send(
                {"type": "http.response.start", "status": self.status_code,
                 "headers": self.raw_headers}
            )
            remaining = self.last - self.first + 1
            if scope.get("method") == "HEAD" or remaining <= 0:
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            await run_in_threadpool(self.handle.seek, self.first)
            while remaining > 0:
                chunk = await run_in_threadpool(self.handle.read, min(CHUNK_BYTES, remaining))
                if not chunk:
                    raise OSError("the file ended before its length")
                remaining -= len(chunk)
                message = {"type": "http.response.body", "body": chunk, "more_body": remaining > 0}
                try:
                    await asyncio.wait_for(send(message), timeout)
                except TimeoutError:
                    raise SendTimeout(
                        f"client stopped reading for {timeout:g} s; connection closed"
                    ) from None
        finally:
            self.handle.close()
            self.ticket.release()


class _SendTimeoutFilter(logging.Filter):
    """One warning line for a reader cut off, instead of the server's traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, SendTimeout):
            LOG.warning("bulk download: %s", error)
            return False
        return True


for _name in ("uvicorn.error", "uvicorn"):
    logging.getLogger(_name).addFilter(_SendTimeoutFilter())


def forget() -> None:
    """Drop every built file (tests)."""
    FILES.clear()


__all__ = [
    "FILES",
    "GATE",
    "FileAnswer",
    "bulk_engine",
    "busy",
    "byte_range",
    "client_address",
]
