"""Beyond one machine: two dashboard processes on one PostgreSQL database, a release
imported beside them, and both serving it within seconds.

Why a real multi-process test: several ``python -m dashboard`` processes behind a
reverse proxy share nothing but the database; each caches its reads by the release
stamp (memoised for 1 s), so a new release must reach every process through the
database alone. One of the two reads through ``DASHBOARD_DB_READ_URL`` (as from a
streaming replica) while its ``DASHBOARD_DB_URL`` is unreachable on purpose: everything
it serves must come through the read URL, never the writing one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from dashboard.launch import serve
from data_access.db.engine import READ_ENV_VAR, serving_url
from tests.conftest import (
    MINI_PACKAGE,
    REPO_ROOT,
    _drop_pg_database,
    _fresh_pg_database,
    require_postgres,
)
from tests.web_support import changed_mini

METRICS = "/api/v1/metrics?year=2017&region=360000&scope=all"
# Nothing listens on port 1: a writing URL the serving process must never need.
UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/nowhere"
STARTUP_S = 90
PROPAGATION_S = 10


def _get_json(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, {}


def _cli(*args: str, db: str) -> subprocess.CompletedProcess[str]:
    """``python -m data_access ... --db URL`` as an operator runs it."""
    return subprocess.run(
        [sys.executable, "-m", "data_access", "--db", db, *args],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "DASHBOARD_DB_URL": db},
    )


@contextmanager
def _dashboard(env: dict[str, str], log: Path) -> Iterator[str]:
    """``python -m dashboard`` with ``env`` on top of this process's environment less
    its database URLs; yields its base URL once it answers its health check."""
    base_env = {k: v for k, v in os.environ.items() if k not in ("DASHBOARD_DB_URL", READ_ENV_VAR)}
    with serve(None, env={**base_env, **env}, log=log, start_timeout=STARTUP_S,
               stop_timeout=15) as served:
        yield served.url


def test_serving_url_reads_from_the_replica_only_for_the_configured_database(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    primary = "postgresql://importer@primary/performance"
    replica = "postgresql://dashboard_web@replica/performance"
    monkeypatch.setenv("DASHBOARD_DB_URL", primary)
    monkeypatch.delenv(READ_ENV_VAR, raising=False)
    assert serving_url() == primary and serving_url(primary) == primary
    monkeypatch.setenv(READ_ENV_VAR, replica)
    assert serving_url() == replica
    assert serving_url(primary) == replica
    # Any other database (a test's own, an explicit --db) is read where it is.
    assert serving_url("sqlite:////tmp/other.db") == "sqlite:////tmp/other.db"


def test_two_processes_serve_a_release_imported_beside_them(
    pg_url: str, tmp_path: Path
) -> None:
    first = _cli("import", str(MINI_PACKAGE), db=pg_url)
    assert first.returncode == 0, first.stdout + first.stderr
    with (
        _dashboard({"DASHBOARD_DB_URL": pg_url}, tmp_path / "a.log") as a,
        _dashboard({"DASHBOARD_DB_URL": UNREACHABLE, READ_ENV_VAR: pg_url},
                   tmp_path / "b.log") as b,
    ):
        before = {}
        for base in (a, b):
            status, body = _get_json(base + METRICS)
            assert status == 200, body
            assert body["release"]["id"] == 1
            before[base] = body["metrics"]
        assert before[a] == before[b]

        second = _cli("import", str(changed_mini(tmp_path)), db=pg_url)
        assert second.returncode == 0, second.stdout + second.stderr

        # The changed package raises one 2017 budget by 10,000 万元 = 1e8 元.
        expected = before[a]["project_spending"] + 1e8
        for base in (a, b):
            deadline = time.monotonic() + PROPAGATION_S
            while True:
                status, body = _get_json(base + METRICS)
                if status == 200 and body["release"]["id"] == 2:
                    break
                assert time.monotonic() < deadline, (base, status, body.get("release"))
                time.sleep(0.25)
            assert body["metrics"]["project_spending"] == expected
            assert body["latest_release"] == 2
