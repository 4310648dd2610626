"""Shared fixtures: a fresh database per test on SQLite and on PostgreSQL.

In CI (``CI=true``) the PostgreSQL server must be reachable: its tests fail rather than
skip. On a contributor's machine without it they skip with the reason.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DASHBOARD_SHARED_DIR", REPO_ROOT.parent / "shared"))
MINI_PACKAGE = SHARED / "examples" / "mini-jiangxi"
MINI_EXPECTED = SHARED / "examples" / "mini-jiangxi.expected.json"

PG_ADMIN_URL = os.environ.get(
    "DASHBOARD_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _pg_available() -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    try:
        engine = create_engine(PG_ADMIN_URL)
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any failure means "not available"
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc.__class__.__name__}: {exc}"


_PG_REASON = _pg_available()


def require_postgres() -> None:
    """Skip (locally) or fail (in CI) when PostgreSQL is not reachable."""
    if _PG_REASON is None:
        return
    if IN_CI:
        pytest.fail(f"CI must run the PostgreSQL tests: {_PG_REASON}")
    pytest.skip(_PG_REASON)


def _fresh_pg_database() -> tuple[str, str]:
    name = f"dash_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    return f"{base}/{name}", name


def _drop_pg_database(name: str) -> None:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to a brand-new, empty database: a SQLite file, or a PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    require_postgres()
    url, name = _fresh_pg_database()
    try:
        yield url
    finally:
        from data_access.engine import shared_engine

        shared_engine.cache_clear()
        _drop_pg_database(name)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A URL to a brand-new SQLite file, for tests that need only one backend."""
    return f"sqlite:///{tmp_path / 'test.db'}"
