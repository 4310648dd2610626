"""The public side cannot write (issue 9, item 9).

The web process reads through ``serving_engine``: SQLite opened ``mode=ro`` (no journal
mode set: WAL is the writer's business), PostgreSQL with
``default_transaction_read_only=on``. A write through it fails on both backends; a
missing or empty database gives a clear page and is left as it was (no file, no table
created). The one write of the web process, the demo database built on first start,
goes through a separate writing engine and only for the embedded default file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import DBAPIError

from dashboard.core import firststart, reads
from dashboard.core.i18n import t
from dashboard.ui import boot
from data_access.db import engine as engine_module
from data_access.db.engine import make_engine, serving_engine
from tests.conftest import _drop_pg_database, _fresh_pg_database, require_postgres
from tests.pages_support import APP_PATH, TIMEOUT
from tests.web_support import import_package

WRITES = (
    "CREATE TABLE intruder (a integer)",
    "INSERT INTO meta (key, value) VALUES ('intruder', 'x')",
    "UPDATE meta SET value = 'x'",
    "DELETE FROM release",
    "DROP TABLE meta",
)


def _snapshot(url: str) -> tuple[list[str], list[tuple[Any, ...]], int]:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as conn:
            tables = sorted(inspect(conn).get_table_names())
            meta = sorted(tuple(r) for r in conn.execute(text("SELECT key, value FROM meta")))
            releases = conn.execute(text("SELECT count(*) FROM release")).scalar_one()
    finally:
        engine.dispose()
    return tables, meta, releases


@pytest.mark.parametrize("statement", WRITES)
def test_a_write_through_the_serving_connection_fails(db_url: str, statement: str) -> None:
    import_package(db_url)
    before = _snapshot(db_url)
    serving = serving_engine(db_url)
    try:
        with pytest.raises(DBAPIError) as refused, serving.begin() as conn:
            conn.execute(text(statement))
        message = str(refused.value).lower()
        assert "read-only" in message or "readonly" in message, message
        # ... and reads still work on the same engine.
        with serving.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM release")).scalar_one() == 1
    finally:
        serving.dispose()
    assert _snapshot(db_url) == before


def test_the_writing_engine_can_write(sqlite_url: str) -> None:
    """The check above can fail: the same statement passes through a writing engine."""
    import_package(sqlite_url)
    writer = make_engine(sqlite_url)
    try:
        with writer.begin() as conn:
            conn.execute(text(WRITES[1]))
    finally:
        writer.dispose()


def test_sqlite_is_read_without_setting_a_journal_mode(sqlite_url: str) -> None:
    import_package(sqlite_url)
    path = sqlite_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
    serving = serving_engine(sqlite_url)
    try:
        with serving.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "delete"
            assert conn.execute(text("SELECT count(*) FROM release")).scalar_one() == 1
    finally:
        serving.dispose()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_missing_sqlite_file_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "missing.db"
    serving = serving_engine(f"sqlite:///{path}")
    try:
        with pytest.raises(DBAPIError), serving.connect():
            pass
    finally:
        serving.dispose()
    assert not path.exists()


# ------------------------------------------------------------------------ pages


def _fresh() -> None:
    reads.engine.cache_clear()
    engine_module.shared_engine.cache_clear()
    reads.clear()
    boot._READY.clear()


def _page(monkeypatch: pytest.MonkeyPatch, url: str | None) -> Any:
    from streamlit.testing.v1 import AppTest

    if url is None:
        monkeypatch.delenv("DASHBOARD_DB_URL", raising=False)
    else:
        monkeypatch.setenv("DASHBOARD_DB_URL", url)
    _fresh()
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _says_empty(at: Any) -> bool:
    return any(t("db.empty", "zh") in str(i.value) for i in at.info)


def test_a_missing_database_gives_a_clear_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "nowhere.db"
    at = _page(monkeypatch, f"sqlite:///{path}")
    assert _says_empty(at)
    assert not path.exists()
    _fresh()


def test_an_empty_sqlite_file_gives_a_clear_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    at = _page(monkeypatch, f"sqlite:///{path}")
    assert _says_empty(at)
    assert path.stat().st_size == 0, "no table was created"
    _fresh()


@pytest.mark.postgres
def test_an_empty_postgres_database_gives_a_clear_page(monkeypatch: pytest.MonkeyPatch) -> None:
    require_postgres()
    url, name = _fresh_pg_database()
    try:
        at = _page(monkeypatch, url)
        assert _says_empty(at)
        check = create_engine(url)
        with check.connect() as conn:
            assert inspect(conn).get_table_names() == []
        check.dispose()
    finally:
        reads.engine(url).dispose()
        _fresh()
        _drop_pg_database(name)


def test_the_demo_is_built_by_a_separate_writer_for_the_default_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """First start without configuration: the embedded default file is built (here a
    small demo, in a temporary place), then served read-only."""
    from data_access.demo import build as demo

    default = tmp_path / "data" / "dashboard.db"
    monkeypatch.setattr(engine_module, "DEFAULT_DB_PATH", default)
    original = demo.build_demo
    monkeypatch.setattr(demo, "build_demo", lambda engine, **kw: original(engine, scale=0.02))
    at = _page(monkeypatch, None)
    # The first run shows the build's progress; the build runs in the background.
    assert any(t("demo.building", "zh") in str(bar.proto.text) for bar in at.get("progress"))
    assert firststart.BUILD.wait(timeout=120).state == "ready"
    assert default.is_file()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(t("demo.banner", "zh") in str(w.value) for w in at.warning)
    serving = reads.engine(engine_module.default_url())
    with pytest.raises(DBAPIError), serving.begin() as conn:
        conn.execute(text(WRITES[1]))
    serving.dispose()
    _fresh()
