"""The command line as a user runs it: ``python -m data_access ...`` in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from data_access.cli import EXIT_BUSY, EXIT_REFUSED, EXIT_UNAVAILABLE
from data_access.ingest.limits import IMPORT_LOCK_WAIT_ENV_VAR
from tests.conftest import MINI_EXPECTED, MINI_PACKAGE, REPO_ROOT


def run(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "data_access", "--db", url, *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_import_then_metrics_json_gives_the_expected_figures(db_url: str) -> None:
    imported = run(db_url, "import", str(MINI_PACKAGE))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "IMPORTED as release #1" in imported.stdout
    expected = json.loads(MINI_EXPECTED.read_text(encoding="utf-8"))["2017/360000/all"]
    shown = run(db_url, "metrics", "--year", "2017", "--region", "360000", "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout) == expected


def test_migrate_recomputes_the_rollups_in_place_and_changes_no_figure(db_url: str) -> None:
    run(db_url, "import", str(MINI_PACKAGE))
    before = run(db_url, "metrics", "--year", "2017", "--region", "360000", "--json").stdout
    migrated = run(db_url, "migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert migrated.stdout.startswith("up to date: schema version ")
    after = run(db_url, "metrics", "--year", "2017", "--region", "360000", "--json").stdout
    assert json.loads(after) == json.loads(before)


def test_releases_lists_what_was_imported(sqlite_url: str) -> None:
    assert run(sqlite_url, "releases").stdout.strip() == "no releases imported"
    run(sqlite_url, "import", str(MINI_PACKAGE))
    listed = run(sqlite_url, "releases")
    assert "#1" in listed.stdout and "mini-jiangxi" in listed.stdout
    assert "2013,2016,2017" in listed.stdout


def test_a_refused_package_exits_1_with_every_problem_and_changes_nothing(
    sqlite_url: str, tmp_path: Path
) -> None:
    run(sqlite_url, "import", str(MINI_PACKAGE))
    before = run(sqlite_url, "metrics", "--year", "2017", "--region", "360000", "--json").stdout
    bad = tmp_path / "bad"
    shutil.copytree(MINI_PACKAGE, bad)
    departments = bad / "departments.csv"
    text = departments.read_text(encoding="utf-8")
    departments.write_text(text.replace("教育厅,360000", "教育厅,369999"), encoding="utf-8")
    evaluations = bad / "evaluations.csv"
    evaluations.write_text(
        evaluations.read_text(encoding="utf-8").replace(",false,91,优,", ",false,191,优,"),
        encoding="utf-8",
    )
    refused = run(sqlite_url, "import", str(bad))
    assert refused.returncode == 1
    assert "departments.csv:2:region_code" in refused.stdout
    assert "evaluations.csv:4:score" in refused.stdout
    after = run(sqlite_url, "metrics", "--year", "2017", "--region", "360000", "--json").stdout
    assert after == before
    assert run(sqlite_url, "releases").stdout.count("#") == 1


def test_validate_checks_without_importing(sqlite_url: str) -> None:
    checked = run(sqlite_url, "validate", str(MINI_PACKAGE))
    assert checked.returncode == 0, checked.stdout
    assert run(sqlite_url, "releases").stdout.strip() == "no releases imported"


def test_wrong_usage_exits_2(sqlite_url: str, tmp_path: Path) -> None:
    assert run(sqlite_url, "metrics", "--region", "360000").returncode == 2
    assert run(sqlite_url, "import", str(tmp_path / "missing")).returncode == 2
    assert run(sqlite_url, "frobnicate").returncode == 2
    malformed = run(sqlite_url, "metrics", "--year", "2017", "--region", "abc")
    assert malformed.returncode == 2 and "6-digit" in malformed.stderr


def test_metrics_text_output_names_the_view(sqlite_url: str) -> None:
    run(sqlite_url, "import", str(MINI_PACKAGE))
    shown = run(sqlite_url, "metrics", "--year", "2017", "--region", "360100", "--scope", "own")
    assert shown.returncode == 0
    assert shown.stdout.splitlines()[0] == "南昌市 (360100) 2017 本级 own"
    assert "project_spending            125,000,000.00 元" in shown.stdout
    assert "self_score_gap              null" in shown.stdout


def test_the_database_url_can_come_from_the_environment(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    env_run = subprocess.run(
        [sys.executable, "-m", "data_access", "import", str(MINI_PACKAGE)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "DASHBOARD_DB_URL": url},
    )
    assert env_run.returncode == 0, env_run.stdout + env_run.stderr
    assert "mini-jiangxi" in run(url, "releases").stdout


def _run_closed_stdin(
    url: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The CLI as a cron job runs it: stdin closed, nothing to answer a prompt."""
    return subprocess.run(
        [sys.executable, "-m", "data_access", "--db", url, *args],
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def locked_empty_sqlite(tmp_path: Path) -> Iterator[str]:
    """An empty SQLite file another writer holds with ``BEGIN EXCLUSIVE`` (issue #9: the
    schema of an empty database is created under the writers' lock, before any
    command's own handling)."""
    path = tmp_path / "locked.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield f"sqlite:///{path}"
    finally:
        holder.execute("ROLLBACK")
        holder.close()


COMMANDS = {
    "releases": ("releases",),
    "rollback": ("rollback", "1"),
    "demo": ("demo", "--scale", "0.01"),
    "metrics": ("metrics", "--year", "2017", "--region", "360000"),
    "flags": ("flags", "--year", "2017", "--region", "360000"),
    "migrate": ("migrate",),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_locked_empty_database_gives_one_line_and_exit_3(
    locked_empty_sqlite: str, command: str
) -> None:
    done = _run_closed_stdin(
        locked_empty_sqlite, *COMMANDS[command], env={IMPORT_LOCK_WAIT_ENV_VAR: "0.3"}
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == EXIT_BUSY, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: database busy: another writer kept")
    assert IMPORT_LOCK_WAIT_ENV_VAR in lines[0] and "0.3 s" in lines[0]


@pytest.mark.parametrize("command", ["import", "validate"])
def test_a_locked_empty_database_refuses_a_package_with_the_busy_report(
    locked_empty_sqlite: str, command: str
) -> None:
    """import/validate keep their documented answer to a lock (the refusal report, exit
    1), also when the lock is met while creating the schema."""
    done = _run_closed_stdin(
        locked_empty_sqlite, command, str(MINI_PACKAGE), env={IMPORT_LOCK_WAIT_ENV_VAR: "0.3"}
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == EXIT_REFUSED, (done.stdout, done.stderr)
    assert "mini-jiangxi: another import is running; try again" in done.stdout
    assert "REFUSED" in done.stdout


def test_an_unreachable_database_gives_one_line_and_exit_4(tmp_path: Path) -> None:
    """A server that refuses connections (port 1) and an SQLite file whose folder cannot
    be created: one line naming the database (password hidden), exit 4."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    for url, shown in (
        ("postgresql://someone:secret@127.0.0.1:1/nowhere", "someone:***@127.0.0.1:1"),
        (f"sqlite:///{blocker / 'x.db'}", str(blocker)),
    ):
        for args in (("releases",), ("import", str(MINI_PACKAGE))):
            done = _run_closed_stdin(url, *args)
            assert "Traceback" not in done.stderr, done.stderr
            assert done.returncode == EXIT_UNAVAILABLE, (done.stdout, done.stderr)
            lines = done.stderr.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("error: database unavailable: ")
            assert shown in lines[0] and "secret" not in lines[0]


def test_an_unparsable_database_url_is_wrong_usage() -> None:
    done = _run_closed_stdin("not a url", "releases")
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2
    assert done.stderr.startswith("error: --db")


def test_a_package_refused_unread_shows_no_checksum(sqlite_url: str, tmp_path: Path) -> None:
    """Over the size limit nothing is read, so nothing is checksummed: the report must
    not print the SHA-256 of an empty input as if it were the package's."""
    archive = shutil.make_archive(str(tmp_path / "pkg"), "zip", MINI_PACKAGE)
    env = {**os.environ, "DASHBOARD_IMPORT_MAX_BYTES": "1024"}
    refused = subprocess.run(
        [sys.executable, "-m", "data_access", "--db", sqlite_url, "validate", archive],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, check=False, env=env,
    )
    assert refused.returncode == EXIT_REFUSED, refused.stdout + refused.stderr
    assert "more than the 1,024 bytes" in refused.stdout
    assert "SHA-256" not in refused.stdout
    assert "e3b0c442" not in refused.stdout  # the digest of nothing
