"""Where the data lives: one SQLAlchemy engine from a URL, the schema created on demand.

Why: the dashboard, the CLI and the tests must all resolve the database the same way
(``--db URL`` beats ``DASHBOARD_DB_URL`` beats the embedded SQLite default), and the same
code must run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from data_access.schema import Base

ENV_VAR = "DASHBOARD_DB_URL"
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = REPO_ROOT / "data" / "dashboard.db"


def default_url() -> str:
    """The embedded default: a SQLite file under ``data/`` (git-ignored)."""
    return f"sqlite:///{DEFAULT_DB_PATH}"


def resolve_url(url: str | None = None) -> str:
    """``url`` if given, else ``$DASHBOARD_DB_URL``, else the embedded SQLite file."""
    return url or os.environ.get(ENV_VAR) or default_url()


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
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


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
        # failing at once; readers never wait, thanks to WAL.
        engine = create_engine(resolved, connect_args={"timeout": 120})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(resolved, pool_pre_ping=True)
    if create:
        Base.metadata.create_all(engine)
    return engine


@lru_cache(maxsize=8)
def shared_engine(url: str) -> Engine:
    """One engine per URL for a long-running process (the dashboard)."""
    return make_engine(url)
