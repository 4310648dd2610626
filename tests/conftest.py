"""Shared fixtures: a fresh database per test on SQLite and on PostgreSQL.

In CI (``CI=true``) the PostgreSQL server must be reachable: its tests fail rather than
skip. On a contributor's machine without it they skip with the reason.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

REPO_ROOT = Path(__file__).resolve().parent.parent
# The project's own example package and its independently worked-out figures
# (examples/README.md): a fresh clone carries everything the tests read.
EXAMPLES = REPO_ROOT / "examples"
MINI_PACKAGE = EXAMPLES / "mini-jiangxi"
MINI_EXPECTED = EXAMPLES / "mini-jiangxi.expected.json"

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


# Fixtures that stand for a PostgreSQL server (their tests are marked ``postgres``).
_PG_FIXTURES = frozenset({"pg_url", "proxied"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``postgres`` every test that needs the server: a ``postgresql`` parameter of
    a backend fixture (``db_url`` and the like) or a PostgreSQL-only fixture. The fast
    loop (README) deselects them with ``-m "not postgres and not browser and not slow"``.
    """
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "postgresql" in params.values() or _PG_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.postgres)


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


@contextlib.contextmanager
def pg_database() -> Iterator[str]:
    """A brand-new PostgreSQL database (skipped without the server, a failure in CI),
    dropped afterwards with the engines the app cached on it."""
    require_postgres()
    url, name = _fresh_pg_database()
    try:
        yield url
    finally:
        from data_access.db.engine import shared_engine

        shared_engine.cache_clear()
        _drop_pg_database(name)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A new PostgreSQL database, dropped afterwards."""
    with pg_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to a brand-new, empty database: a SQLite file, or a PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    with pg_database() as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A URL to a brand-new SQLite file, for tests that need only one backend."""
    return f"sqlite:///{tmp_path / 'test.db'}"


# Databases the page, web and data tests read and never write: built once per session
# and registered here once, so that every module shares the same build.


@pytest.fixture(scope="session")
def mini_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The mini-jiangxi package, imported once for the session."""
    from tests.pages_support import build_mini

    return build_mini(tmp_path_factory.mktemp("mini") / "mini.db")


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A small demo database, built once for the session."""
    from tests.pages_support import build_small_demo

    return build_small_demo(tmp_path_factory.mktemp("demo") / "demo.db")


@pytest.fixture(scope="session")
def expected() -> dict[str, dict[str, Any]]:
    """The exact metrics the mini package yields (examples/)."""
    return json.loads(MINI_EXPECTED.read_text(encoding="utf-8"))


@pytest.fixture
def use_db() -> Iterator[Any]:
    """Point the app at a database for one test (restored afterwards)."""
    previous = os.environ.get("DASHBOARD_DB_URL")

    def use(url: str) -> None:
        os.environ["DASHBOARD_DB_URL"] = url

    yield use
    if previous is None:
        os.environ.pop("DASHBOARD_DB_URL", None)
    else:
        os.environ["DASHBOARD_DB_URL"] = previous
