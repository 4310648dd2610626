"""Where the data lives: one SQLAlchemy engine from a URL.

Why: the dashboard, the CLI and the tests must all resolve the database the same way
(``--db URL`` beats ``DASHBOARD_DB_URL`` beats the embedded SQLite default), and the same
code must run on SQLite and PostgreSQL.

Two kinds of engine, on purpose:

- :func:`make_engine` is the *writing* engine of the CLI, the importer and the demo
  builder: it creates the schema and sets WAL on SQLite.
- :func:`serving_engine` (``shared_engine``) is the *read-only* engine of the web
  process (pages and plain HTTP routes). It never creates or alters anything: SQLite is
  opened with ``mode=ro`` (plus ``query_only``), PostgreSQL with
  ``default_transaction_read_only=on``. It also never waits long: every wait on the
  database is bounded by the one setting ``DASHBOARD_DB_TIMEOUT`` (seconds, default 5),
  see :func:`serving_timeout`, so an outage is answered in seconds instead of after the
  130 s of psycopg's default connect timeout.

Every transaction of a serving engine is one snapshot of the database (PostgreSQL
``REPEATABLE READ``; SQLite a real ``BEGIN``, which the Python driver otherwise never
sends before a read): what one connection reads between its first statement and its
close comes from one committed state, however many statements it takes and whatever
an import commits meanwhile. A read that must agree with another (a release label and
its figures, a rollup and the check that it is current) runs on one connection
(issue 23).
"""

from __future__ import annotations

import heapq
import itertools
import logging
import math
import os
import socket
import sqlite3
import threading
import time
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import QueuePool

from data_access.db.schema import Base
from data_access.ingest.limits import import_lock_wait

_LOG = logging.getLogger(__name__)

ENV_VAR = "DASHBOARD_DB_URL"
# Where the web process reads from when it is not the writing database (a streaming
# replica): see :func:`serving_url`. Imports always write to ``DASHBOARD_DB_URL``.
READ_ENV_VAR = "DASHBOARD_DB_READ_URL"
TIMEOUT_ENV_VAR = "DASHBOARD_DB_TIMEOUT"
DEFAULT_TIMEOUT = 5.0
REPO_ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_DB_PATH = REPO_ROOT / "data" / "dashboard.db"


def default_url() -> str:
    """The embedded default: a SQLite file under ``data/`` (git-ignored)."""
    return f"sqlite:///{DEFAULT_DB_PATH}"


def resolve_url(url: str | None = None) -> str:
    """``url`` if given, else ``$DASHBOARD_DB_URL``, else the embedded SQLite file."""
    return url or os.environ.get(ENV_VAR) or default_url()


def serving_url(url: str | None = None) -> str:
    """The URL the web process reads ``url`` through: ``$DASHBOARD_DB_READ_URL`` (a
    read-only replica, say) when it is set and ``url`` is the configured database, else
    ``url`` as :func:`resolve_url` resolves it.

    Why a mapping and not a second setting everywhere: pages, routes and their caches
    keep naming the database by its configured URL (``DASHBOARD_DB_URL``, also used by
    imports); only the engine that answers their reads is opened on the replica.
    """
    resolved = resolve_url(url)
    replica = os.environ.get(READ_ENV_VAR, "").strip()
    if replica and resolved == resolve_url():
        return replica
    return resolved


def is_default_url(url: str) -> bool:
    """Whether ``url`` is the embedded default (which may be built from demo data)."""
    return url == default_url()


def _normalise(url: str) -> str:
    """Let people write ``postgresql://`` and still get the psycopg 3 driver we ship."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    _set_wal(cursor, import_lock_wait())
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _set_wal(cursor: sqlite3.Cursor, wait: float) -> None:
    """``PRAGMA journal_mode=WAL``, retried for up to ``wait`` seconds while locked.

    Why the retry: switching a new database file to WAL needs it to itself for an
    instant, and SQLite answers ``database is locked`` at once, without its busy
    timeout, when another connection is opening it at the same moment (two first
    imports started together). Once the file is in WAL the pragma takes no lock.
    """
    deadline = time.monotonic() + wait
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            message = str(exc).lower()
            locked = "locked" in message or "busy" in message
            if not locked or time.monotonic() >= deadline:
                raise
            time.sleep(0.02)


def make_engine(url: str | None = None, *, create: bool = True) -> Engine:
    """A new engine for ``url`` (resolved as in :func:`resolve_url`), schema created.

    SQLite files get their folder created, foreign keys enforced (so cascades work as on
    PostgreSQL) and WAL so readers (the dashboard) do not block on an import.
    """
    resolved = _normalise(resolve_url(url))
    parsed = make_url(resolved)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        # A second writer (an import while another runs) waits for the lock rather than
        # failing at once, for the import lock wait (``limits.import_lock_wait``);
        # readers never wait, thanks to WAL.
        engine = create_engine(resolved, connect_args={"timeout": import_lock_wait()})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(resolved, pool_pre_ping=True)
    if create:
        create_schema(engine)
    return engine


# Any fixed 64-bit number (not the import lock's): PostgreSQL's advisory lock around
# the creation of the schema.
_SCHEMA_LOCK_KEY = 2_260_000_002


def create_schema(engine: Engine) -> None:
    """Create the tables that are missing, one writer at a time.

    Why not a bare ``create_all``: it checks which tables exist, then creates the rest,
    and two first imports started together on an empty database both saw no tables and
    the second failed with ``table release already exists`` (SQLite) or a duplicate
    type (PostgreSQL). Here the check and the creation happen under the writers' lock
    (SQLite ``BEGIN IMMEDIATE``, which DDL takes part in; PostgreSQL an advisory lock in
    the transaction, DDL being transactional there), so the second finds the schema
    complete. A complete schema takes no lock at all, so commands that only read do not
    wait behind an import. The wait is bounded by ``limits.import_lock_wait``.
    """
    expected = set(Base.metadata.tables)
    if expected <= set(inspect(engine).get_table_names()):
        return
    with engine.connect() as conn:
        backend = conn.dialect.name
        if backend == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif backend == "postgresql":
            wait_ms = max(1, int(import_lock_wait() * 1000))
            conn.execute(
                text("SELECT set_config('lock_timeout', :wait, true)"),
                {"wait": f"{wait_ms}ms"},
            )
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK_KEY})
        Base.metadata.create_all(conn)
        conn.commit()


# --------------------------------------------------------------- the serving side


def serving_timeout() -> float:
    """``$DASHBOARD_DB_TIMEOUT`` in seconds (default 5, at least 1): the one setting
    that bounds every wait of the web process on its database."""
    raw = os.environ.get(TIMEOUT_ENV_VAR, "").strip()
    try:
        value = float(raw) if raw else DEFAULT_TIMEOUT
    except ValueError:
        _LOG.warning("%s=%r is not a number of seconds; using %s", TIMEOUT_ENV_VAR, raw,
                     DEFAULT_TIMEOUT)
        value = DEFAULT_TIMEOUT
    return max(1.0, value) if math.isfinite(value) else DEFAULT_TIMEOUT


def deadlines(timeout: float | None = None, *, reads: float | None = None) -> dict[str, float]:
    """How the serving timeout is split between the waits of one request.

    A database that accepts connections and then never answers costs, on a pooled
    connection, the pre-ping guard plus one reconnect (``connect``): both together stay
    under ``timeout``, so the visitor's notice comes within it. ``statement`` is the
    server-side ``statement_timeout``; ``statement_guard`` the client-side watchdog of a
    statement, one second later, so that a slow but alive server cancels the query
    itself and keeps the connection.

    ``reads``: a longer allowance for the statements of long reads (bulk downloads):
    only ``statement`` and ``statement_guard`` follow it. Connecting and pinging take
    no longer for a big read than for a small one, so a database that does not answer
    is still found out within ``timeout`` (and a silent one during the read by
    :class:`Liveness`).
    """
    total = serving_timeout() if timeout is None else max(1.0, timeout)
    # psycopg (like libpq) takes whole seconds and at least 2.
    connect = float(max(2, math.floor(total * 0.5)))
    statement = total if reads is None else max(total, reads)
    return {
        "connect": connect,
        "ping": max(0.5, min(2.0, total - connect - 0.5)),
        "statement": statement,
        "statement_guard": statement + 1.0,
    }


class Watchdog:
    """Shuts down a connection's socket when one of its waits passes its deadline.

    Why: a PostgreSQL server (or a proxy in front of it) that accepts the connection and
    then stays silent is not caught by ``statement_timeout`` (the server never sees the
    query) nor by TCP keepalives (the proxy's kernel answers them). Shutting the socket
    down makes the blocked ``recv`` return at once; psycopg then reports the connection
    as broken and SQLAlchemy discards it (and the pool's older connections). One daemon
    thread serves every connection of the process.
    """

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._heap: list[tuple[float, int]] = []
        self._armed: dict[int, int] = {}
        self._fired: set[int] = set()
        self._tokens = itertools.count(1)
        self._thread: threading.Thread | None = None

    def arm(self, fileno: int, seconds: float) -> int:
        """Watch ``fileno`` for ``seconds``; returns the token to :meth:`disarm`."""
        token = next(self._tokens)
        with self._lock:
            self._armed[token] = fileno
            heapq.heappush(self._heap, (time.monotonic() + seconds, token))
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="db-watchdog", daemon=True
                )
                self._thread.start()
            self._lock.notify()
        return token

    def disarm(self, token: int) -> bool:
        """Stop watching; True when the deadline had already passed (socket shut)."""
        with self._lock:
            self._armed.pop(token, None)
            if token in self._fired:
                self._fired.discard(token)
                return True
            return False

    def _run(self) -> None:
        while True:
            with self._lock:
                while not self._heap:
                    self._lock.wait()
                deadline, token = self._heap[0]
                wait = deadline - time.monotonic()
                if wait > 0:
                    self._lock.wait(wait)
                    continue
                heapq.heappop(self._heap)
                fileno = self._armed.pop(token, None)
                if fileno is None:
                    continue
                # Under the lock: the owner cannot disarm (and close the fd) meanwhile.
                self._fired.add(token)
                _shut_down(fileno)


def _shut_down(fileno: int) -> None:
    """Shut a socket down by its descriptor (the descriptor itself stays open, for its
    owner to close)."""
    try:
        sock = socket.socket(fileno=os.dup(fileno))
    except OSError:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        sock.close()
    _LOG.warning("database did not answer in time: connection shut down")


WATCHDOG = Watchdog()
_LAST_GOOD: dict[str, datetime] = {}
_WATCH_KEY = "dashboard_watchdog_token"


def last_good(url: str) -> datetime | None:
    """When this process last read from ``url`` (or the replica serving it, see
    :func:`serving_url`) successfully (local time), or None."""
    return _LAST_GOOD.get(url) or _LAST_GOOD.get(serving_url(url))


def _record_success(url: str) -> None:
    _LAST_GOOD[url] = datetime.now().astimezone()


def _sqlite_reader(path: str, timeout: float) -> sqlite3.Connection:
    """A read-only SQLite connection (``mode=ro``): it cannot create the file, a table or
    a row, and sets no journal mode (WAL is the writer's business)."""
    uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
    # ``isolation_level=None``: the driver sends no BEGIN of its own (it would only
    # before a write); :func:`_begin_snapshot` sends one for every transaction.
    conn = sqlite3.connect(
        uri, uri=True, timeout=timeout, check_same_thread=False, isolation_level=None
    )
    conn.execute("PRAGMA query_only=ON")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


class Breaker:
    """After a failed connect or a silent connection, fail new connects at once for
    ``hold`` seconds.

    Why: one page run reads many things; without this, every uncached read of a run
    during an outage would wait its own connect timeout, and the notice would come
    only after several of them. With it, a run costs at most one wait, and the first
    attempt after ``hold`` finds out whether the database is back (so recovery takes
    at most ``hold`` plus one connect).
    """

    def __init__(self, hold: float) -> None:
        self.hold = hold
        self._until = 0.0

    def trip(self) -> None:
        self._until = time.monotonic() + self.hold

    def open(self) -> bool:
        """Whether connects should fail at once now."""
        return time.monotonic() < self._until


def _watch_postgres(
    engine: Engine, url: str, guard: float, ping_guard: float, breaker: Breaker
) -> None:
    """Bound every statement and every pre-ping of ``engine`` by the watchdog, and fail
    connects fast for a moment after a failure (:class:`Breaker`)."""

    @event.listens_for(engine, "do_connect")
    def _connect(dialect, _record, cargs, cparams):
        if breaker.open():
            raise dialect.loaded_dbapi.OperationalError(
                "database unavailable a moment ago: not retried yet"
            )
        try:
            return dialect.connect(*cargs, **cparams)
        except Exception:
            breaker.trip()
            raise

    @event.listens_for(engine, "before_cursor_execute")
    def _arm(conn, _cursor, _statement, _params, _context, _many) -> None:
        fileno = conn.connection.dbapi_connection.fileno()
        conn.info[_WATCH_KEY] = WATCHDOG.arm(fileno, guard)

    @event.listens_for(engine, "after_cursor_execute")
    def _disarm(conn, _cursor, _statement, _params, _context, _many) -> None:
        token = conn.info.pop(_WATCH_KEY, None)
        if token is not None:
            WATCHDOG.disarm(token)
        _record_success(url)

    @event.listens_for(engine, "handle_error")
    def _failed(context) -> None:
        conn = context.connection
        token = conn.info.pop(_WATCH_KEY, None) if conn is not None else None
        if token is not None and WATCHDOG.disarm(token):
            context.is_disconnect = True
            breaker.trip()

    dialect = engine.dialect
    plain_ping = dialect.do_ping
    plain_rollback = dialect.do_rollback

    def guarded_ping(dbapi_connection: Any) -> bool:
        # A ping past its guard costs this connection (the pool reconnects), not an
        # outage: on a busy machine an alive server may answer late, and tripping the
        # breaker here turned that into seconds of "database did not answer" for every
        # request. A server that really does not answer fails the reconnect, which
        # trips it (``_connect``).
        token = WATCHDOG.arm(dbapi_connection.fileno(), ping_guard)
        try:
            return plain_ping(dbapi_connection)
        finally:
            WATCHDOG.disarm(token)

    def guarded_rollback(dbapi_connection: Any) -> None:
        # The pool ends every connection's use with a rollback, sent by the driver
        # outside any statement: unguarded, a database gone silent right after a read
        # held that request (and its connection) until the silence ended, or for ever
        # when what was sent meanwhile was lost. Past the guard the connection is
        # shut and the pool discards it.
        token = WATCHDOG.arm(dbapi_connection.fileno(), ping_guard)
        try:
            plain_rollback(dbapi_connection)
        finally:
            WATCHDOG.disarm(token)

    dialect.do_ping = guarded_ping  # type: ignore[method-assign]
    dialect.do_rollback = guarded_rollback  # type: ignore[method-assign]


class Liveness:
    """While long reads hold connections of an engine, check every :attr:`every`
    seconds, on a connection of another engine (one with the serving deadlines), that
    the database still answers; when it does not, shut the long reads' sockets down.

    Why: a long read (a bulk download's statements, allowed minutes, and its fetches
    from a server-side cursor, which no statement guard covers) cannot tell a slow
    server from a silent one on its own connection, and waited for the end of the
    silence, or for ever. The probe can: ``select 1`` answers at once from a server
    that is only busy. A long read thus fails (its answer a 503, before any byte of
    the body) within about ``every`` plus the serving timeout of the silence's start.
    """

    def __init__(self, probe: Engine, every: float) -> None:
        self.probe = probe
        self.every = every
        self._lock = threading.Lock()
        self._held: dict[int, int] = {}
        self._thread: threading.Thread | None = None

    def hold(self, dbapi_connection: Any) -> None:
        with self._lock:
            self._held[id(dbapi_connection)] = dbapi_connection.fileno()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="db-liveness",
                                                daemon=True)
                self._thread.start()

    def release(self, dbapi_connection: Any) -> None:
        # Called before the connection is closed (pool events): under the lock, so a
        # socket is never shut after its descriptor was closed (and perhaps reused).
        with self._lock:
            self._held.pop(id(dbapi_connection), None)

    def answers(self) -> bool:
        """Whether the database answers ``select 1`` within the probe's deadlines."""
        try:
            with self.probe.connect() as conn:
                conn.exec_driver_sql("select 1")
            return True
        except Exception as exc:  # any failure to read is "does not answer"
            _LOG.warning("database did not answer a liveness probe: %s",
                         type(exc).__name__)
            return False

    def _run(self) -> None:
        while True:
            time.sleep(self.every)
            with self._lock:
                if not self._held:
                    self._thread = None
                    return
            if self.answers():
                continue
            with self._lock:
                for fileno in self._held.values():
                    _shut_down(fileno)


def _watch_long_reads(engine: Engine, liveness: Liveness) -> None:
    """Hold every connection of ``engine`` in ``liveness`` while it is checked out."""

    @event.listens_for(engine, "checkout")
    def _out(dbapi_connection, _record, _proxy) -> None:
        liveness.hold(dbapi_connection)

    def _back(dbapi_connection, *_args: Any) -> None:
        if dbapi_connection is not None:
            liveness.release(dbapi_connection)

    for name in ("checkin", "invalidate", "soft_invalidate", "close", "detach"):
        event.listen(engine, name, _back)


# Seconds between two liveness probes while long reads run.
LIVENESS_EVERY = 2.0


def _begin_snapshot(conn: Any) -> None:
    """Start a SQLite read transaction where SQLAlchemy starts one: every statement of
    the connection until its close then reads the one snapshot taken at the first of
    them (WAL), instead of each statement reading whatever was committed last."""
    conn.exec_driver_sql("BEGIN")


def serving_engine(
    url: str, *, timeout: float | None = None, reads: float | None = None
) -> Engine:
    """A new read-only engine with bounded waits for the web process.

    SQLite: ``file:…?mode=ro`` with ``query_only`` and a busy timeout of ``timeout``; a
    missing file is an error, never created. PostgreSQL: ``default_transaction_read_only``,
    ``connect_timeout``, ``statement_timeout``, TCP keepalives and ``tcp_user_timeout``,
    a pre-ping and the :class:`Watchdog` on every statement (see :func:`deadlines`),
    and no JIT compilation (the dashboard's queries are short, and compiling them cost
    more than running them). ``timeout`` defaults to :func:`serving_timeout`.
    ``reads``: the statements' allowance of long reads (bulk downloads), which a
    :class:`Liveness` probe then watches. On both, a transaction (a connection from its
    first statement to its close) reads one snapshot: module docstring.
    """
    resolved = _normalise(resolve_url(url))
    parsed = make_url(resolved)
    limits = deadlines(timeout, reads=reads)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:"):
            raise ValueError("the serving side needs a SQLite file, not an in-memory database")
        busy = limits["statement"]
        engine = create_engine(
            "sqlite+pysqlite://",
            creator=lambda: _sqlite_reader(database, busy),
            poolclass=QueuePool,
            pool_timeout=limits["statement"],
        )

        @event.listens_for(engine, "after_cursor_execute")
        def _ok(*_args: Any) -> None:
            _record_success(url)

        event.listen(engine, "begin", _begin_snapshot)
        return engine
    statement_ms = int(limits["statement"] * 1000)
    engine = create_engine(
        resolved,
        pool_pre_ping=True,
        pool_timeout=limits["statement"],
        isolation_level="REPEATABLE READ",
        connect_args={
            "connect_timeout": int(limits["connect"]),
            "options": (
                "-c default_transaction_read_only=on -c jit=off "
                f"-c statement_timeout={statement_ms}"
            ),
            "keepalives": 1,
            "keepalives_idle": max(1, int(limits["statement"])),
            "keepalives_interval": 1,
            "keepalives_count": 3,
            "tcp_user_timeout": statement_ms,
            "application_name": "dashboard-web",
        },
    )
    _watch_postgres(
        engine, url, limits["statement_guard"], limits["ping"], Breaker(limits["connect"])
    )
    if reads is not None:
        probe = serving_engine(url, timeout=timeout)
        _watch_long_reads(engine, Liveness(probe, LIVENESS_EVERY))
    return engine


@lru_cache(maxsize=8)
def shared_engine(url: str) -> Engine:
    """One read-only serving engine per URL for a long-running process (the dashboard's
    pages and routes): see :func:`serving_engine`. Writers use :func:`make_engine`."""
    return serving_engine(url)
