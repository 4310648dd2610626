"""First start: build the embedded demonstration database as the server starts.

Why at server start, in a thread of its own, and not when the first visitor opens a
page: a newcomer who types ``python -m dashboard`` should see the build's progress in
the terminal and be told where to open the dashboard only once there is something to
see; the plain HTTP routes (API, embeds) should answer from the moment the data exists,
whether or not a browser ever opened a page. Until then they answer ``503`` with
``Retry-After`` (the estimated time left), and the pages show the same progress.

Only the embedded default SQLite file is ever built, through a writing engine used for
that build alone; a configured database (``DASHBOARD_DB_URL``) is served as it is.
Nothing here imports Streamlit: the ASGI entry (``dashboard/server.py``), the page
frame (``dashboard/ui/boot.py``) and the routes (``dashboard/web/http.py``) share one
:class:`DemoBuild`.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from dashboard.core import reads
from data_access.db import engine as database
from data_access.db.engine import is_default_url, make_engine, shared_engine
from data_access.db.schema import schema_is_current
from data_access.demo import BUILD_STAGES
from data_access.reads import queries

_LOG = logging.getLogger(__name__)

# The build's stages, in order, as ``data_access.demo.build.build_demo`` reports them; the
# terminal and the page name them in the reader's language (i18n ``demo.stage.*``).
STAGES = BUILD_STAGES
# Below this share done, the time left is not estimated (the first stages are short
# and not proportional to the rest).
_ESTIMATE_FROM = 0.05


@dataclass(frozen=True)
class BuildStatus:
    """What a reader of the build sees at one moment."""

    state: str  # "idle" (nothing to build or not started), "building", "ready", "failed"
    stage: str
    fraction: float
    elapsed: float
    error: str | None = None

    @property
    def building(self) -> bool:
        return self.state == "building"

    def seconds_left(self) -> float | None:
        """Estimated seconds until the build ends, or None before it can be estimated."""
        if self.state != "building" or self.fraction < _ESTIMATE_FROM:
            return None
        return round(max(0.0, self.elapsed * (1.0 - self.fraction) / self.fraction), 1)

    def retry_after(self) -> int:
        """Whole seconds an HTTP client should wait before asking again (at least 1)."""
        left = self.seconds_left()
        return max(1, math.ceil(left if left is not None else 20.0))


class DemoBuild:
    """The one build of the embedded demo database in this process (thread-safe)."""

    def __init__(self, scale: float = 1.0) -> None:
        self.scale = scale
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._state = "idle"
        self._stage = "regions"
        self._fraction = 0.0
        self._started = 0.0
        self._ended = 0.0
        self._error: str | None = None
        self._done = threading.Event()

    def status(self) -> BuildStatus:
        with self._lock:
            end = self._ended if self._state in ("ready", "failed") else time.monotonic()
            elapsed = end - self._started if self._started else 0.0
            return BuildStatus(self._state, self._stage, self._fraction, elapsed, self._error)

    def start(
        self, url: str, report: Callable[[BuildStatus], None] | None = None
    ) -> BuildStatus:
        """Start building ``url`` in a thread when it is the embedded default and needs a
        build; otherwise do nothing. Returns the status right after the decision.

        ``report`` is called with the status at every progress step and once at the end
        (from the build's thread). A second call while a build runs joins nothing and
        starts nothing: there is one build per process.
        """
        with self._lock:
            if self._state == "building":
                return self._status_locked()
            if not (is_default_url(url) and _default_needs_build(url)):
                return self._status_locked()
            self._state, self._stage, self._fraction = "building", "regions", 0.0
            self._started, self._error = time.monotonic(), None
            self._done.clear()
            self._thread = threading.Thread(
                target=self._run, args=(url, report), name="demo-build", daemon=True
            )
            self._thread.start()
            return self._status_locked()

    def wait(self, timeout: float | None = None) -> BuildStatus:
        """Block until a running build ends (or ``timeout`` passes); the status then."""
        with self._lock:
            running = self._state == "building"
        if running:
            self._done.wait(timeout)
        return self.status()

    def _status_locked(self) -> BuildStatus:
        elapsed = time.monotonic() - self._started if self._started else 0.0
        return BuildStatus(self._state, self._stage, self._fraction, elapsed, self._error)

    def _progress(self, stage: str, fraction: float) -> None:
        with self._lock:
            self._stage = stage
            # Never backwards: a reader must not see the bar shrink.
            self._fraction = max(self._fraction, min(max(float(fraction), 0.0), 1.0))

    def _run(self, url: str, report: Callable[[BuildStatus], None] | None) -> None:
        from data_access.demo.build import build_demo

        def progress(stage: str, fraction: float) -> None:
            self._progress(stage, fraction)
            if report is not None:
                report(self.status())

        try:
            _discard_default_database(url)
            writer = make_engine(url)
            try:
                build_demo(writer, scale=self.scale, progress=progress)
            finally:
                writer.dispose()
            reads.engine.cache_clear()
            shared_engine.cache_clear()
            reads.clear()
        except Exception as error:  # reported to the terminal and the pages, not raised
            _LOG.error("the demonstration database could not be built: %s", error)
            with self._lock:
                self._state, self._error, self._ended = "failed", str(error), time.monotonic()
        else:
            with self._lock:
                self._state, self._stage, self._fraction = "ready", "done", 1.0
                self._ended = time.monotonic()
        finally:
            self._done.set()
            if report is not None:
                report(self.status())


BUILD = DemoBuild()


def needs_build(url: str) -> bool:
    """The embedded default file is missing, empty or from an older schema version."""
    if missing_file(url):
        return True
    if not has_tables(url):
        return True
    engine = reads.engine(url)
    if not schema_is_current(engine):
        return True
    return not queries.has_data(engine)


def _default_needs_build(url: str) -> bool:
    """:func:`needs_build` for the embedded default file; a file that cannot even be read
    (corrupted, from another program) is rebuilt too: it holds nothing but demo data."""
    try:
        return needs_build(url)
    except Exception as error:  # any failure to read the demo file means "build it again"
        _LOG.warning("the demonstration database cannot be read (%s); it is built again", error)
        return True


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, else None."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)


def missing_file(url: str) -> bool:
    """A SQLite URL whose file does not exist (the read-only engine will not create it)."""
    path = sqlite_path(url)
    return path is not None and not path.is_file()


def has_tables(url: str) -> bool:
    """Whether the database holds the dashboard's tables at all (an empty database does
    not: it is explained as empty, not as outdated)."""
    with reads.engine(url).connect() as conn:
        return "release" in set(inspect(conn).get_table_names())


def _discard_default_database(url: str) -> None:
    """Remove the embedded demo database (missing, empty, or built by an older version)
    before it is rebuilt. Only ever called for the embedded default file."""
    assert is_default_url(url), "only the embedded default database is built from demo data"
    reads.engine(url).dispose()
    reads.engine.cache_clear()
    shared_engine.cache_clear()
    path = database.DEFAULT_DB_PATH
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    reads.clear()


class TerminalReport:
    """Progress of the build for the person who started the server: one line per stage
    and at most one more every ``every`` seconds, with the time left; plain lines, so a
    log file reads as well as a terminal."""

    def __init__(
        self,
        write: Callable[[str], None],
        label: Callable[[str], str],
        every: float = 3.0,
    ) -> None:
        self._write = write
        self._label = label
        self._every = every
        self._last_stage = ""
        self._last_time = 0.0
        self._lock = threading.Lock()

    def __call__(self, status: BuildStatus) -> None:
        if status.state == "building" and status.stage == "done":
            return  # the end is said once, with the build's time
        with self._lock:
            now = time.monotonic()
            ended = status.state in ("ready", "failed")
            recent = now - self._last_time < self._every
            if not ended and status.stage == self._last_stage and recent:
                return
            self._last_stage, self._last_time = status.stage, now
        if status.state == "failed":
            self._write(f"  the demonstration database could not be built: {status.error}")
            return
        if status.state == "ready":
            self._write(f"  demonstration database built in {status.elapsed:.0f} s")
            return
        left = status.seconds_left()
        eta = f", about {math.ceil(left)} s left" if left is not None else ""
        self._write(
            f"  building the demonstration database: {status.fraction:4.0%} "
            f"({self._label(status.stage)}){eta}"
        )
