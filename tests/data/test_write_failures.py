"""A write the database refuses half-way is a report, and changes nothing (issue 23).

Why: an operator whose disk fills up during an import, whose database file or server
is read-only, or whose connection drops mid-rollback must get one line saying which
database and what went wrong, and an exit code a script can act on (5), not a Python
traceback; and the transaction must be rolled back, so the published data is exactly
what it was. Simulated: a full disk by SQLite's ``PRAGMA max_page_count`` (a database of
512-byte pages, so the small example package needs new pages), tried at every page
budget from none to enough, which stops each command at every statement that needs a
page (the release writer's bulk inserts included); a read-only file by ``chmod 0444``
(and ``PRAGMA query_only`` when the tests run as root, whom file modes do not stop; both
give SQLite's SQLITE_READONLY) and a read-only PostgreSQL database by
``default_transaction_read_only``; a lost connection by terminating the server process
of the writing connection just before its last statements.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event, text

from data_access import cli
from data_access.cli import EXIT_OK, EXIT_WRITE_FAILED, main
from data_access.db.engine import create_schema, make_engine
from data_access.ingest import importer
from data_access.regions import ensure_regions
from tests.conftest import MINI_PACKAGE
from tests.package_builders import copy_package, dump_database, edit_cell, imported_release


def _corrected(tmp_path: Path) -> Path:
    """The example package with one budget changed: a correction, which writes."""
    package = copy_package(tmp_path, "corrected")
    edit_cell(package, "projects.csv", 3, "budget_adjusted", "62000")
    return package


def _on_every_connection(monkeypatch: pytest.MonkeyPatch, *statements: str) -> None:
    """The CLI's engine runs ``statements`` on each new SQLite connection."""

    def engine_with(url: str | None = None) -> Engine:
        engine = make_engine(url, create=False)

        def run(dbapi: sqlite3.Connection, _record: object) -> None:
            for statement in statements:
                dbapi.execute(statement)

        event.listen(engine, "connect", run)  # before the first connection is made
        create_schema(engine)
        return engine

    monkeypatch.setattr(cli, "make_engine", engine_with)


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


# --------------------------------------------------------------------- a full disk


# The budgets tried: every page up to 300, then every 16th up to 3,000 (a first import
# also writes the search keys of every region name of the gazetteer, thousands of rows).
SPARE_PAGES = (*range(300), *range(300, 3000, 16))


def _small_page_database(path: Path, prepare: Callable[[Engine], None]) -> int:
    """A new SQLite file of 512-byte pages, prepared, checkpointed; its page count."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA page_size=512")
        conn.execute("PRAGMA journal_mode=WAL")
    engine = make_engine(f"sqlite:///{path}")
    ensure_regions(engine)
    prepare(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA page_count").fetchone()[0])


def _fill_the_disk_at_every_page(
    base: Path,
    pages: int,
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> int:
    """Run the command on copies of ``base`` with 0, 1, 2… pages to spare until it
    succeeds; each failure must be one line, exit 5, and the copy unchanged. Returns
    how many budgets failed."""
    before = dump_database(make_engine(f"sqlite:///{base}"))
    for spare in SPARE_PAGES:
        copy = tmp_path / f"spare-{spare}.db"
        shutil.copy(base, copy)
        url = f"sqlite:///{copy}"
        with monkeypatch.context() as patch:
            _on_every_connection(patch, f"PRAGMA max_page_count={pages + spare}")
            code = main(["--db", url, *argv])
        out, err = capsys.readouterr()
        if code == EXIT_OK:
            return spare
        assert code == EXIT_WRITE_FAILED, (spare, out, err)
        assert "Traceback" not in out + err
        assert _one_line(err) == (
            f"error: database write failed (disk full): {url}: database or disk is full; "
            "the write was rolled back, the published data is unchanged"
        )
        assert dump_database(make_engine(url)) == before, spare
    raise AssertionError(f"{argv} did not succeed with {SPARE_PAGES[-1]} pages to spare")


def test_a_full_disk_during_the_first_import_is_one_line_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    base = tmp_path / "base.db"
    pages = _small_page_database(base, lambda _engine: None)
    failed = _fill_the_disk_at_every_page(
        base, pages, ["import", str(MINI_PACKAGE)], tmp_path, monkeypatch, capsys
    )
    assert failed >= 5  # the package needs pages: the failures were exercised


def test_a_full_disk_during_a_correction_is_one_line_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A second import keeps the indexes, so its rows go through the release writer's
    own bulk inserts (the DB-API cursor), where a full disk used to be a traceback."""
    base = tmp_path / "base.db"
    pages = _small_page_database(base, lambda engine: imported_release(engine, MINI_PACKAGE))
    failed = _fill_the_disk_at_every_page(
        base, pages, ["import", str(_corrected(tmp_path))], tmp_path, monkeypatch, capsys
    )
    assert failed >= 3


def test_a_full_disk_during_a_rollback_is_one_line_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    corrected = _corrected(tmp_path)

    def two_releases(engine: Engine) -> None:
        imported_release(engine, MINI_PACKAGE)
        imported_release(engine, corrected)

    base = tmp_path / "base.db"
    pages = _small_page_database(base, two_releases)
    failed = _fill_the_disk_at_every_page(
        base, pages, ["rollback", "1"], tmp_path, monkeypatch, capsys
    )
    assert failed >= 3


# ------------------------------------------------------------ a read-only database


def _make_read_only(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if db_url.startswith("sqlite"):
        path = Path(db_url.removeprefix("sqlite:///"))
        path.chmod(0o444)
        if os.geteuid() == 0:  # root writes to a 0444 file: SQLite refuses the same way
            _on_every_connection(monkeypatch, "PRAGMA query_only=1")
        return
    admin = create_engine(db_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        name = conn.exec_driver_sql("SELECT current_database()").scalar_one()
        conn.exec_driver_sql(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    admin.dispose()


@pytest.mark.parametrize("command", ["import", "rollback"])
def test_a_read_only_database_is_one_line_and_changes_nothing(
    db_url: str,
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    engine = make_engine(db_url)
    first = imported_release(engine, MINI_PACKAGE)
    imported_release(engine, _corrected(tmp_path))
    before = dump_database(engine)
    engine.dispose()
    _make_read_only(db_url, monkeypatch)
    # Both write: the example package is no longer what is live.
    argv = ["import", str(MINI_PACKAGE)] if command == "import" else ["rollback", str(first)]

    code = main(["--db", db_url, *argv])

    out, err = capsys.readouterr()
    assert code == EXIT_WRITE_FAILED, (out, err)
    assert "Traceback" not in out + err
    line = _one_line(err)
    shown = db_url.split("://", 1)[1]
    cause = "read-only database" if db_url.startswith("sqlite") else "read-only transaction"
    assert line.startswith(f"error: database write failed ({cause}): ") and shown in line
    assert line.endswith("the write was rolled back, the published data is unchanged")
    assert dump_database(make_engine(db_url)) == before


# ----------------------------------------------------------- a lost connection


@pytest.mark.parametrize("command", ["import", "rollback"])
def test_a_connection_lost_while_writing_is_one_line_and_changes_nothing(
    pg_url: str,
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The server process of the writing connection is terminated once every row is
    written, just before the statistics and the rollups (``importer.analyze``)."""
    engine = make_engine(pg_url)
    first = imported_release(engine, MINI_PACKAGE)
    imported_release(engine, _corrected(tmp_path))
    before = dump_database(engine)
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    analyze = importer.analyze

    def terminated(conn: Any) -> None:
        pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
        with admin.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        analyze(conn)

    monkeypatch.setattr(importer, "analyze", terminated)
    argv = ["import", str(MINI_PACKAGE)] if command == "import" else ["rollback", str(first)]

    code = main(["--db", pg_url, *argv])

    out, err = capsys.readouterr()
    assert code == EXIT_WRITE_FAILED, (out, err)
    assert "Traceback" not in out + err
    line = _one_line(err)
    assert line.startswith("error: database write failed (connection lost): ")
    assert pg_url.split("://", 1)[1] in line
    monkeypatch.undo()
    admin.dispose()
    assert dump_database(make_engine(pg_url)) == before
