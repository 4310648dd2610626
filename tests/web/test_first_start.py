"""First start: ``python -m dashboard`` builds the demo database as the server starts.

What a newcomer meets: the terminal shows the build's progress and time left, then says
where to open the dashboard; meanwhile the plain routes answer 503 with ``Retry-After``
and a problem that says what is happening, never a traceback; afterwards they answer
with data.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import text

from dashboard.core import firststart
from dashboard.core.firststart import BuildStatus, DemoBuild, TerminalReport
from data_access.db import engine as database
from data_access.db.engine import make_engine
from tests.conftest import REPO_ROOT
from tests.web_support import client_for, import_package


def test_time_left_is_estimated_from_the_share_done() -> None:
    half = BuildStatus("building", "writing", 0.5, 10.0)
    assert half.seconds_left() == pytest.approx(10.0)
    assert half.retry_after() == 10
    early = BuildStatus("building", "regions", 0.01, 1.0)
    assert early.seconds_left() is None  # too early to say
    assert early.retry_after() == 20
    assert BuildStatus("ready", "done", 1.0, 18.0).seconds_left() is None


def test_a_configured_database_is_never_built(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'configured.db'}"
    status = DemoBuild(scale=0.02).start(url)
    assert status.state == "idle"
    assert not (tmp_path / "configured.db").exists()


def test_the_default_database_is_built_in_the_background_with_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "DEFAULT_DB_PATH", tmp_path / "data" / "dashboard.db")
    url = database.default_url()
    seen: list[BuildStatus] = []
    build = DemoBuild(scale=0.02)

    first = build.start(url, seen.append)
    assert first.state == "building"
    assert build.start(url).state == "building"  # one build per process
    final = build.wait(timeout=120)

    assert final.state == "ready", final.error
    fractions = [status.fraction for status in seen]
    assert fractions == sorted(fractions), "the bar never shrinks"
    stages = [status.stage for status in seen]
    # The writer's last steps are reported: the bar does not sit at 100 % meanwhile.
    assert stages.index("writing") < stages.index("indexes") < stages.index("rollups")
    assert max(s.fraction for s in seen if s.stage == "rollups") < 1.0
    assert seen[-1].state == "ready"
    with make_engine(url).connect() as conn:
        assert conn.execute(text("select count(*) from project_year")).scalar_one() > 0
    # Built once: a second start finds the data and does nothing.
    assert DemoBuild(scale=0.02).start(url).state == "idle"


def test_the_terminal_report_names_the_stage_and_the_time_left() -> None:
    lines: list[str] = []
    report = TerminalReport(lines.append, lambda stage: stage.upper(), every=3600)
    report(BuildStatus("building", "regions", 0.0, 0.0))
    report(BuildStatus("building", "regions", 0.01, 0.2))  # same stage, too soon: quiet
    report(BuildStatus("building", "writing", 0.6, 12.0))
    report(BuildStatus("building", "done", 1.0, 18.0))  # the end is said once, below
    report(BuildStatus("ready", "done", 1.0, 18.4))
    assert lines == [
        "  building the demonstration database:   0% (REGIONS)",
        "  building the demonstration database:  60% (WRITING), about 8 s left",
        "  demonstration database built in 18 s",
    ]


def test_routes_answer_503_with_retry_after_while_the_demo_is_built(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_package(sqlite_url)
    building = BuildStatus("building", "writing", 0.6, 12.0)
    monkeypatch.setattr(firststart.BUILD, "status", lambda: building)
    with client_for(sqlite_url) as client:
        for path in ("/api/v1/metrics?year=2017", "/embed/headline", "/feed.xml"):
            answer = client.get(path)
            assert answer.status_code == 503, path
            assert answer.headers["retry-after"] == "8"
            assert answer.headers["content-type"] == "application/problem+json"
            assert answer.json()["type"] == "/api/v1/#problem-building"
            assert "60%" in answer.json()["detail"]
        monkeypatch.setattr(
            firststart.BUILD, "status", lambda: BuildStatus("ready", "done", 1.0, 18.0)
        )
        assert client.get("/api/v1/metrics?year=2017").status_code == 200


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.mark.slow
def test_python_m_dashboard_on_a_fresh_checkout(tmp_path: Path) -> None:
    """The README's command in a copy of the repository without a database: progress in
    the terminal, 503 + Retry-After meanwhile, then the address and data; no line a
    newcomer would read as an error."""
    from dashboard.launch import free_port

    checkout = tmp_path / "checkout"
    for part in ("dashboard", "data_access", "pages", "streamlit_config"):
        shutil.copytree(
            REPO_ROOT / part, checkout / part, ignore=shutil.ignore_patterns("__pycache__")
        )
    port = free_port()
    log = tmp_path / "terminal.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASHBOARD_")}
    env["PYTHONPATH"] = str(checkout)
    import subprocess

    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "dashboard", "--server.port", str(port)],
            cwd=checkout,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        statuses: list[int] = []
        retry_after: list[str] = []
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            assert process.poll() is None, log.read_text(errors="replace")
            try:
                status, headers, _body = _get(f"{base}/api/v1/metrics?year=2017")
            except OSError:
                time.sleep(0.3)  # the port is not open yet
                continue
            statuses.append(status)
            if status == 503:
                retry_after.append(headers.get("retry-after", headers.get("Retry-After", "")))
            if status == 200:
                break
            time.sleep(0.5)
        terminal = log.read_text(encoding="utf-8", errors="replace")
        assert statuses and statuses[-1] == 200, terminal
        assert 503 in statuses, "the API answered before the data existed"
        assert all(value.isdigit() and int(value) >= 1 for value in retry_after)
        # The terminal: progress first, the address last, once the data exists.
        deadline = time.monotonic() + 10
        while "ready: http://localhost:" not in terminal and time.monotonic() < deadline:
            time.sleep(0.2)
            terminal = log.read_text(encoding="utf-8", errors="replace")
        progress = terminal.index("building the demonstration database")
        ready = terminal.index(f"ready: http://localhost:{port}")
        assert progress < terminal.index("demonstration database built in") < ready
        assert "s left" in terminal
        for alarming in ("Traceback", "Did not auto detect", "Error", "error", "WARNING"):
            assert alarming not in terminal, terminal
    finally:
        import signal

        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
