"""Imports that meet: two first imports into an empty database at once, and an import
that finds another writer holding the database (issue 9, item 6).

Why: both once ended in a traceback (exit 1, like a refusal, so an operator's script
could not tell them apart): ``table release already exists`` or a duplicate type when two
processes created the schema together, and ``database is locked`` after 120 s when a
SQLite writer held the lock. Now the first case ends in two reports (one imports, the
other finds the same release live, or imports after it), and the second in a refusal
report that says another import is running, after the wait set by
``DASHBOARD_IMPORT_LOCK_WAIT`` (``data_access.ingest.limits.import_lock_wait``).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from data_access.db.engine import make_engine
from data_access.db.schema import ProjectYear, Region, Release
from data_access.ingest.importer import ImportReport, import_package
from data_access.ingest.limits import IMPORT_LOCK_WAIT_ENV_VAR, import_lock_wait
from data_access.regions import ensure_regions
from tests.conftest import (
    MINI_PACKAGE,
    REPO_ROOT,
    _drop_pg_database,
    _fresh_pg_database,
    require_postgres,
)

BUSY_MESSAGE = "another import is running; try again"
# Rounds of the in-process race per backend: the race window is a few milliseconds of
# schema creation, so one round can miss it; several make a regression show.
ROUNDS = 4


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[[], str]]:
    """A factory of brand-new, empty databases on one backend (dropped afterwards)."""
    created: list[str] = []
    counter = iter(range(1_000))

    def make() -> str:
        if request.param == "sqlite":
            return f"sqlite:///{tmp_path / f'race-{next(counter)}.db'}"
        url, name = _fresh_pg_database()
        created.append(name)
        return url

    if request.param == "postgresql":
        require_postgres()
    try:
        yield make
    finally:
        for name in created:
            _drop_pg_database(name)


def _counts(url: str) -> tuple[int, int, int]:
    """(releases, live project-years, regions) of the database at ``url``."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as conn:
            releases = conn.execute(select(func.count()).select_from(Release)).scalar_one()
            live = conn.execute(
                select(func.count())
                .select_from(ProjectYear)
                .where(ProjectYear.retired_by.is_(None))
            ).scalar_one()
            regions = conn.execute(select(func.count()).select_from(Region)).scalar_one()
    finally:
        engine.dispose()
    return int(releases), int(live), int(regions)


def _assert_one_import(reports: list[ImportReport], url: str) -> None:
    """Exactly one release written; every other report says UNCHANGED or busy."""
    imported = [r for r in reports if r.release_id is not None]
    assert len(imported) == 1, [r.render() for r in reports]
    for report in reports:
        if report is imported[0]:
            continue
        assert report.unchanged or BUSY_MESSAGE in report.render(), report.render()
    releases, live, regions = _counts(url)
    assert releases == 1
    assert live == imported[0].row_counts["projects"]
    assert regions > 3000  # the gazetteer, filled once


def _race(url: str) -> tuple[list[ImportReport], list[BaseException]]:
    """Two threads released together by a barrier, each building its writing engine
    (schema, regions) and importing mini-jiangxi into ``url``."""
    barrier = threading.Barrier(2)
    reports: list[ImportReport] = []
    failures: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            engine = make_engine(url)
            try:
                reports.append(import_package(engine, MINI_PACKAGE))
            finally:
                engine.dispose()
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return reports, failures


def test_two_first_imports_at_once_in_threads(fresh_url: Callable[[], str]) -> None:
    """Two first imports into the same empty database at once, several times: never an
    exception, always exactly one release."""
    for _ in range(ROUNDS):
        url = fresh_url()
        reports, failures = _race(url)
        assert not failures, [repr(f) for f in failures]
        assert len(reports) == 2
        _assert_one_import(reports, url)


def test_regions_filled_once_when_two_writers_race(fresh_url: Callable[[], str]) -> None:
    """``ensure_regions`` from two threads on a schema with no regions yet: one fills the
    gazetteer, the other finds it filled; no duplicate key escapes."""
    url = fresh_url()
    make_engine(url).dispose()
    barrier = threading.Barrier(2)
    results: list[bool] = []
    failures: list[BaseException] = []

    def fill() -> None:
        engine = make_engine(url)
        try:
            barrier.wait()
            results.append(ensure_regions(engine))
        except BaseException as exc:
            failures.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=fill) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not failures, [repr(f) for f in failures]
    assert sorted(results) == [False, True]
    assert _counts(url)[2] > 3000


def _cli(url: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "data_access", "--db", url, *args],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_two_first_import_processes_at_once(fresh_url: Callable[[], str]) -> None:
    """The operator's case: two ``python -m data_access import`` started together on an
    empty database. Both print a report (exit 0, or 1 with the busy refusal), one
    imports, no traceback."""
    url = fresh_url()
    processes = [_cli(url, "import", str(MINI_PACKAGE)) for _ in range(2)]
    outputs = [process.communicate(timeout=300) for process in processes]
    verdicts = []
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert "Traceback" not in err, err
        if process.returncode == 1:
            assert BUSY_MESSAGE in out, out
        else:
            assert process.returncode == 0, (out, err)
        verdicts.append(out.strip().splitlines()[-1])
    assert sum(v.startswith("IMPORTED as release #1") for v in verdicts) == 1, verdicts
    assert _counts(url)[0] == 1


def test_lock_wait_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    """The wait defaults to 120 s and follows the environment; nonsense is ignored."""
    monkeypatch.delenv(IMPORT_LOCK_WAIT_ENV_VAR, raising=False)
    assert import_lock_wait() == 120.0
    monkeypatch.setenv(IMPORT_LOCK_WAIT_ENV_VAR, "2.5")
    assert import_lock_wait() == 2.5
    monkeypatch.setenv(IMPORT_LOCK_WAIT_ENV_VAR, "soon")
    assert import_lock_wait() == 120.0


def test_writer_holding_the_lock_gives_a_refusal(db_url: str) -> None:
    """Another writer keeps the database locked longer than the import's wait (1 s here):
    the import stops after about that wait with a refusal report (exit 1, no
    traceback), writes nothing, and succeeds once the lock is gone."""
    engine = make_engine(db_url)
    first = import_package(engine, MINI_PACKAGE)
    assert first.release_id == 1
    engine.dispose()
    before = _counts(db_url)

    holder = _hold_write_lock(db_url)
    try:
        started = time.monotonic()
        process = _cli(
            db_url, "import", str(MINI_PACKAGE), env={IMPORT_LOCK_WAIT_ENV_VAR: "1"}
        )
        out, err = process.communicate(timeout=120)
        elapsed = time.monotonic() - started
    finally:
        holder()
    assert process.returncode == 1, (out, err)
    assert "Traceback" not in err, err
    assert BUSY_MESSAGE in out, out
    assert "REFUSED" in out
    assert elapsed < 30, elapsed  # the 1 s wait plus start-up, not the 120 s default
    assert _counts(db_url) == before

    after = _cli(db_url, "import", str(MINI_PACKAGE), env={IMPORT_LOCK_WAIT_ENV_VAR: "1"})
    out, err = after.communicate(timeout=120)
    assert after.returncode == 0, (out, err)
    assert "UNCHANGED" in out


def _hold_write_lock(url: str) -> Callable[[], None]:
    """Take the database's import lock from another connection, as a long import would:
    SQLite's write lock (``BEGIN IMMEDIATE``), PostgreSQL's import advisory lock.
    Returns the function that releases it."""
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")

        def release_sqlite() -> None:
            conn.execute("ROLLBACK")
            conn.close()

        return release_sqlite
    from data_access.db.writing import IMPORT_LOCK_KEY

    engine = create_engine(url)
    connection = engine.connect()
    transaction = connection.begin()
    connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": IMPORT_LOCK_KEY})

    def release_postgres() -> None:
        transaction.rollback()
        connection.close()
        engine.dispose()

    return release_postgres
