"""What every writer of the database shares: the writers' lock, how a writer that gave
up on it is recognised, the tables a release writes, and the statistics a write refreshes.

Why here, under ``db``: the release writer and the rollback (``data_access.ingest.importer``),
the demo (through that writer) and the rollups' rebuild (``data_access.metrics.rollups``)
all take turns under the same lock and refresh the same statistics. Kept below all of
them, so the rollups need not reach back into the importer for it.
"""

from __future__ import annotations

from sqlalchemy import Connection, Table, text
from sqlalchemy.exc import DBAPIError, OperationalError

from data_access.db.schema import (
    Application,
    Department,
    Evaluation,
    Indicator,
    Monitoring,
    ProjectYear,
    ReportedFigure,
)
from data_access.ingest.limits import import_lock_wait

# The tables a release writes, in an order that satisfies their foreign keys.
WRITTEN_TABLES: dict[str, Table] = {
    model.__tablename__: model.__table__
    for model in (
        Department,
        ProjectYear,
        Indicator,
        Evaluation,
        Application,
        Monitoring,
        ReportedFigure,
    )
}

# Any fixed 64-bit number: the key of the PostgreSQL advisory lock that imports share.
IMPORT_LOCK_KEY = 2_260_000_001


def serialise_imports(conn: Connection) -> None:
    """Make concurrent imports take turns, so each validates against what it replaces.

    Without this, two imports that clash (the same project code from two publishers)
    could both pass validation and one would then fail on a unique constraint with an
    exception instead of a report. PostgreSQL: a transaction-scoped advisory lock.
    SQLite: a write statement that changes nothing takes the database's write lock now,
    before validation, instead of at the first real write.
    """
    backend = conn.dialect.name
    if backend == "postgresql":
        # Wait at most the import lock wait (SQLite's busy timeout plays that part), then
        # fail with SQLSTATE 55P03 (:func:`is_lock_timeout`); later waits keep the
        # server's own setting.
        previous = conn.execute(text("SELECT current_setting('lock_timeout')")).scalar()
        wait_ms = max(1, int(import_lock_wait() * 1000))
        conn.execute(
            text("SELECT set_config('lock_timeout', :wait, true)"), {"wait": f"{wait_ms}ms"}
        )
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK_KEY})
        conn.execute(
            text("SELECT set_config('lock_timeout', :wait, true)"), {"wait": previous}
        )
    elif backend == "sqlite":
        conn.execute(text("UPDATE meta SET value = value WHERE 0"))


def is_lock_timeout(exc: OperationalError) -> bool:
    """Whether ``exc`` is a writer giving up on the lock another writer holds: SQLite's
    ``database is locked``/``busy`` after its busy timeout, PostgreSQL's
    ``lock_timeout`` (SQLSTATE 55P03) while waiting for the import lock."""
    orig = getattr(exc, "orig", None)
    if getattr(orig, "sqlstate", None) == "55P03":
        return True
    if getattr(orig, "sqlite_errorcode", None) is not None:
        # SQLITE_BUSY (5) and SQLITE_LOCKED (6), with their extended codes.
        return (orig.sqlite_errorcode & 0xFF) in (5, 6)  # type: ignore[union-attr]
    message = str(orig or exc).lower()
    return "database is locked" in message or "database is busy" in message


def analyze(conn: Connection) -> None:
    """PostgreSQL: refresh the planner's statistics of the written tables.

    Why in the write transaction: a server without autovacuum (or before it wakes) has
    no statistics for freshly written tables and then plans every join as if a table
    held one row, re-running subqueries per row: the hearing's flag reads took minutes
    instead of a second on a fresh demo. ANALYZE is allowed inside a transaction and
    sees the transaction's own rows. SQLite keeps its plans without statistics.
    """
    if conn.dialect.name != "postgresql":
        return
    conn.exec_driver_sql(f"ANALYZE {', '.join(('release', *WRITTEN_TABLES))}")


# SQLite's primary result codes of a write the file or its disk refused.
_SQLITE_WRITE_FAILURES = {8: "read-only database", 10: "disk I/O error", 13: "disk full"}
# PostgreSQL's SQLSTATEs (and classes) of the same, and of a connection lost mid-way.
_PG_WRITE_FAILURES = {"25006": "read-only transaction", "53100": "disk full"}
# connection_exception, connection_does_not_exist, connection_failure, admin_shutdown,
# crash_shutdown (not 08001/08004/57P03: a connection that was never made).
_PG_LOST = frozenset({"08000", "08003", "08006", "57P01", "57P02"})


def write_failure(exc: DBAPIError) -> str | None:
    """What stopped a write half-way, in a few words, or None when ``exc`` is not such
    a failure (a database that could not be reached or opened at all, a lock timeout).

    Why apart from "unavailable": the database was there and the transaction was
    rolled back (a disk that filled up, a file or server that is read-only, a
    connection lost while writing); the operator fixes the disk or the permissions and
    runs the same command again, nothing having changed.
    """
    orig = getattr(exc, "orig", None)
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return _SQLITE_WRITE_FAILURES.get(code & 0xFF)
    state = getattr(orig, "sqlstate", None) or ""
    if state in _PG_WRITE_FAILURES:
        return _PG_WRITE_FAILURES[state]
    if exc.connection_invalidated or state in _PG_LOST:
        return "connection lost"
    return None
