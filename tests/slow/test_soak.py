"""Soak: every kind of traffic at once, for minutes, with writes and an outage in the middle
(issue 18, "A soak test of all traffic together").

One real ``python -m dashboard`` on a small demo database (``scale=0.04``), loopback only,
every loop bounded in count and time. For :data:`DURATION_S` seconds at once:

- **pages**: :data:`SESSIONS` browser contexts in one headless Chromium (each its own
  Streamlit session, opened a few seconds apart, reading each page
  :data:`PAGE_THINK_S` seconds), round-robin over every page (overview, explorer,
  regions, trends, hearing, data, about, a project) at several views; each run must end
  drawn (within :data:`PAGE_TIMEOUT_MS`, a bound for a stuck page, not a speed target:
  the times are printed) with no ``stException``, no error alert, no outage notice, no
  failed request and no console or script error in the page;
- **API and embeds**: :data:`API_THREADS` clients looping over the JSON endpoints (many
  years, regions and sorts, pinned and unpinned, so the response cache keeps missing)
  and two embeds; every answer complete (``Content-Length`` equal to the body, JSON that
  parses, an embed that ends with ``</html>``) and within the serving timeout
  (``DASHBOARD_DB_TIMEOUT``, default 5 s);
- **bulk downloads**: :data:`BULK_THREADS` clients, each from its own loopback address,
  downloading records (CSV, XLSX, JSON) and the release package, all pinned to the demo's
  release 1: every ``200`` is the body fetched alone before the soak (an XLSX may differ
  only in the workbook's creation time, ``docProps/core.xml``, when it is rebuilt after an
  import), every other answer a ``503`` "busy" with ``Retry-After`` and no body;
- **an operator**: in the middle, ``python -m data_access import examples/mini-jiangxi``
  (a second publisher), then a changed copy of it (project 36000017001's 2017 budget
  52,000 → 62,000 万元), then ``rollback`` to the first mini release. The API answers for
  that project are checked against the package's own figures throughout: pinned to a
  release, always that release's budget; unpinned, the newest budget once the server has
  shown it; the province's metrics pinned to release 1 never change.

``test_soak_all_traffic`` runs this on SQLite and on PostgreSQL: 0 errors, 0 truncated
bodies, every API and embed answer within the serving timeout, the server's peak memory
(``VmHWM``) under 600 MB. ``test_soak_database_silent`` (PostgreSQL, served through the
TCP proxy of ``tests/web/test_outage.py``, in a process of its own) makes the database silent for
:data:`SILENCE_S` seconds in the middle of the same traffic (the changed package is
imported straight into the database meanwhile, the rollback follows the recovery):
during the silence API answers are cached ``200`` or ``503`` problem+json with
``Retry-After``, still within the serving timeout (only a request caught in a statement
when the silence began may take the statement watchdog's extra second), pages show the
outage notice and never an exception; within :data:`RECOVERY_S` seconds of the end
everything answers ``200`` again, and the change made during the outage is served.

Each test prints a table of its figures (requests per kind, answers, errors, p50/p95/max
latency, the slowest API answers, server peak memory, the operator's steps, the
tracebacks in the server's log) so CI logs show them. Bounded: 60 s of traffic per
backend and 90 s for the outage; a test ends when its sessions' last pages are drawn
(each within :data:`PAGE_TIMEOUT_MS`), about 2-3.5 minutes per test with the build and
the server's start, 6-10 minutes for the file on two cores (docs/operations.md). The
visitors' Chromium runs at a lower priority than the server (:func:`_visitor_browser`).
Marked ``soak``, ``slow`` and ``browser`` (skips locally without Chromium, fails in
CI); part of the default run, as CI runs it (``-m "not soak"`` leaves it out).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import http.client
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from dashboard.core.i18n import t
from dashboard.launch import serve
from data_access.db.engine import DEFAULT_TIMEOUT, deadlines, make_engine
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, RUN_COUNTER, _missing_browser
from tests.conftest import (
    IN_CI,
    MINI_PACKAGE,
    PG_ADMIN_URL,
    _drop_pg_database,
    _fresh_pg_database,
    require_postgres,
)
from tests.slow.test_bulk_load import fetch, reference, server_memory_mb
from tests.slow.test_load import _streamlit_probe
from tests.web_support import changed_mini

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.soak]

# Seconds of traffic per test; the operator's steps are placed in fractions of it.
DURATION_S = 60.0
OUTAGE_DURATION_S = 90.0
SESSIONS = 10
API_THREADS = 8
BULK_THREADS = 4
# Pacing: each API client waits this long between answers, each bulk client this long
# between downloads (twice as long after a 503), and session n opens its first page
# n * SESSION_STAGGER_S seconds in: visitors, not a benchmark's closed loop (two cores
# run the server, Chromium and these clients).
API_PAUSE_S = 0.2
BULK_PAUSE_S = 1.0
SESSION_STAGGER_S = 2.0
# A visitor reads each page this long before opening the next one.
PAGE_THINK_S = 5.0
# The database is silent this long, from SILENCE_AT seconds into the outage test.
SILENCE_AT_S = 20.0
SILENCE_S = 20.0
# Everything answers 200 again within this many seconds after the silence ends.
RECOVERY_S = 30.0
MEMORY_BOUND_MB = 600
# The server runs with the default serving timeout (DASHBOARD_DB_TIMEOUT unset).
SERVING_TIMEOUT_S = DEFAULT_TIMEOUT
# A request already inside a statement when the database went silent is ended by the
# statement watchdog, one second after the timeout (data_access/db/engine.py).
STATEMENT_GUARD_S = deadlines(SERVING_TIMEOUT_S)["statement_guard"]
# A page's run (from navigation to drawn) may take this long on a loaded machine.
PAGE_TIMEOUT_MS = 120_000
# A bulk download with no complete answer after this long is an error (these are a few
# MB at most, read in a second when alone).
BULK_WAIT_S = 60.0
# How long the server may take to show a new release through the unpinned API.
SHOWN_WITHIN_S = 20.0

LANG = "zh"
VIEW = "year=2017&region=360000"
YEARS = (2013, 2014, 2015, 2016, 2017, 2018)
BULK = (
    f"/download/records/projects.csv?{VIEW}&release=1",
    f"/download/records/indicators.json?{VIEW}&release=1",
    f"/download/records/evaluations.xlsx?{VIEW}&release=1",
    "/download/records/projects.csv?year=2016&region=360000&release=1",
    "/download/release/1.zip",
)
EMBEDS = (
    f"/embed/headline?{VIEW}&release=1",
    "/embed/region_ranking?year=2016&region=360000",
)
# The mini package's project whose budget the changed copy raises (tests/web_support.py),
# and its adjusted 2017 budget in 元 before and after (projects.csv: 52000 → 62000 万元).
MINI_PROJECT = "36000017001"
MINI_BUDGET = 52000 * 10_000.0
CHANGED_BUDGET = 62000 * 10_000.0


def _common_start(one: str, other: str) -> str:
    same = next((i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b), len(one))
    return one[:same]


# What the outage notice and the cached-figures notice both begin with (frame.toml).
OUTAGE_WORDS = _common_start(t("db.outage", LANG), t("db.outage_cached", LANG))
PAGE_ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"
# The app's run has ended, drawn, with its websocket connected: a run was counted
# (tests/browser/conftest.py: RUN_COUNTER) or, when the app root was mounted already
# running (the counter sees only changes), the run's elements are on the page.
RUN_ENDED = """() => !!document.querySelector(
        "[data-testid='stApp'][data-test-script-state='notRunning']"
        + "[data-test-connection-state='CONNECTED']")
    && (window.__dashboardRuns > 0 || !!document.querySelector(
        "[data-testid='stMainBlockContainer'] [data-testid='stElementContainer']"))"""
# What a page that did not end was doing (for the error's text).
PAGE_STATE = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    return {runs: window.__dashboardRuns, state: app?.getAttribute("data-test-script-state"),
            connection: app?.getAttribute("data-test-connection-state"),
            elements: document.querySelectorAll("[data-testid='stElementContainer']").length};
}"""


# ----------------------------------------------------------------- what was answered


@dataclass
class Outcome:
    """One request (or page view): when, how long, and what came of it.

    ``verdict``: ``ok``; ``busy`` (a 503 problem+json with ``Retry-After``, ``problem``
    naming its type); ``outage`` (a page showing the outage notice); ``truncated`` (a
    body shorter than announced, or not whole); ``error`` (anything else).
    """

    kind: str
    path: str
    started: float
    took: float
    status: int | None
    verdict: str
    detail: str = ""
    problem: str = ""


@dataclass
class Soak:
    """Shared by the traffic threads, the operator and the checks."""

    port: int
    references: dict[str, bytes]
    api_paths: list[str]
    page_paths: list[str]
    t0: float = field(default_factory=time.monotonic)
    outcomes: list[Outcome] = field(default_factory=list)
    # path -> check of a 200's JSON (None when right, else what is wrong); added by the
    # operator as releases appear, read by the API threads.
    checks: dict[str, Callable[[dict[str, Any], float], str | None]] = field(
        default_factory=dict
    )
    steps: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    # The Chromium the visitors' pages run in (:func:`_visitor_browser`).
    browser: str = CHROMIUM

    def now(self) -> float:
        return time.monotonic() - self.t0

    def note(self, text: str) -> None:
        self.steps.append(f"{self.now():6.1f} s  {text}")


def _judge(
    soak: Soak, kind: str, path: str, source: str, timeout: float
) -> tuple[Outcome, dict[str, Any] | None]:
    """Fetch ``path`` and judge the answer (its parsed JSON too, for an API 200). ``fetch`` raises
    ``http.client.IncompleteRead`` for a body shorter than its Content-Length."""
    started = soak.now()
    clock = time.monotonic()
    try:
        status, headers, body = fetch(soak.port, path, source=source, timeout=timeout)
    except http.client.IncompleteRead as exc:
        took = time.monotonic() - clock
        return Outcome(kind, path, started, took, 200, "truncated", repr(exc)[:200]), None
    except (OSError, http.client.HTTPException) as exc:
        took = time.monotonic() - clock
        return Outcome(kind, path, started, took, None, "error", repr(exc)[:200]), None
    took = time.monotonic() - clock
    outcome = Outcome(kind, path, started, took, status, "ok")
    length = headers.get("content-length")
    if length is not None and int(length) != len(body):
        outcome.verdict, outcome.detail = "truncated", f"{len(body)} of {length} bytes"
        return outcome, None
    if status == 503:
        try:
            problem = json.loads(body)
        except ValueError:
            problem = {}
        outcome.problem = str(problem.get("type", ""))
        complete = headers.get("content-type", "").startswith("application/problem+json")
        if complete and int(headers.get("retry-after", "0") or 0) > 0:
            outcome.verdict = "busy"
        else:
            outcome.verdict, outcome.detail = "error", f"503 without Retry-After: {body[:200]!r}"
        return outcome, None
    if status != 200:
        outcome.verdict, outcome.detail = "error", f"HTTP {status}: {body[:200]!r}"
        return outcome, None
    parsed = None
    if kind == "api":
        try:
            parsed = json.loads(body)
        except ValueError as exc:
            outcome.verdict, outcome.detail = "truncated", f"JSON does not parse: {exc}"
    elif kind == "embed" and not body.rstrip().endswith(b"</html>"):
        outcome.verdict, outcome.detail = "truncated", f"embed ends {body[-60:]!r}"
    elif kind == "bulk":
        wrong = _differs(path, body, soak.references[path])
        if wrong:
            outcome.verdict, outcome.detail = "truncated", wrong
    return outcome, parsed


def _differs(path: str, body: bytes, expected: bytes) -> str | None:
    """Why ``body`` is not the download fetched alone, or None.

    An XLSX rebuilt after an import differs in the workbook's creation time only
    (openpyxl writes the time into ``docProps/core.xml`` and the zip entries); every
    sheet must be the same, and the file a whole zip.
    """
    if body == expected:
        return None
    if ".xlsx" not in path:
        return f"{len(body)} bytes differ from the {len(expected)} fetched alone"
    try:
        got, want = zipfile.ZipFile(io.BytesIO(body)), zipfile.ZipFile(io.BytesIO(expected))
        if got.testzip() is not None:
            return "a damaged workbook"
        names = sorted((set(got.namelist()) | set(want.namelist())) - {"docProps/core.xml"})
        changed = [n for n in names if n not in got.namelist() or got.read(n) != want.read(n)]
    except (zipfile.BadZipFile, KeyError) as exc:
        return f"not the workbook fetched alone: {exc!r}"
    return f"workbook parts differ: {changed}" if changed else None


# -------------------------------------------------------------------------- traffic


def _api_client(soak: Soak, number: int) -> None:
    """Loop over the API and embed paths (offset per client) until ``stop``."""
    step = number
    while not soak.stop.is_set():
        fixed = soak.api_paths
        checked = list(soak.checks)
        # Every fourth request is one of the operator's checked paths, once there are any.
        if checked and step % 4 == 0:
            path = checked[(step // 4) % len(checked)]
        else:
            path = fixed[(step * 7 + number) % len(fixed)]
        step += 1
        kind = "embed" if path.startswith("/embed/") else "api"
        outcome, parsed = _judge(soak, kind, path, "127.0.0.1", 30.0)
        check = soak.checks.get(path)
        if parsed is not None and check is not None:
            wrong = check(parsed, outcome.started)
            if wrong:
                outcome.verdict, outcome.detail = "error", wrong
        soak.outcomes.append(outcome)
        soak.stop.wait(API_PAUSE_S)


def _bulk_client(soak: Soak, number: int) -> None:
    """Loop over the bulk downloads from a loopback address of its own until ``stop``."""
    source = f"127.0.0.{10 + number}"
    step = number
    while not soak.stop.is_set():
        path = BULK[step % len(BULK)]
        step += 1
        outcome, _ = _judge(soak, "bulk", path, source, BULK_WAIT_S)
        soak.outcomes.append(outcome)
        soak.stop.wait(BULK_PAUSE_S * (2 if outcome.verdict == "busy" else 1))


async def _session(soak: Soak, context: Any, number: int) -> None:
    """One visitor: page after page, round-robin from its own offset, until ``stop``."""
    page = await context.new_page()
    events: list[str] = []
    page.on(
        "response",
        lambda r: events.append(f"HTTP {r.status} for {r.url}")
        if r.status >= 400 and not _streamlit_probe(r.url)
        else None,
    )
    page.on("pageerror", lambda exc: events.append(f"page error: {exc}"))
    page.on(
        "console",
        lambda m: events.append(f"console: {m.text[:200]}")
        if m.type == "error" and not _streamlit_probe(m.location.get("url", ""))
        else None,
    )
    base = f"http://127.0.0.1:{soak.port}"
    visit = number
    await asyncio.sleep(number * SESSION_STAGGER_S)
    while not soak.stop.is_set():
        path = soak.page_paths[visit % len(soak.page_paths)]
        visit += 1
        events.clear()
        started = soak.now()
        clock = time.monotonic()
        outcome = Outcome("page", path, started, 0.0, None, "ok")
        try:
            answer = await page.goto(base + path, wait_until="commit", timeout=PAGE_TIMEOUT_MS)
            outcome.status = answer.status if answer is not None else None
            await page.wait_for_function(RUN_ENDED, timeout=PAGE_TIMEOUT_MS, polling=100)
            # A page may start a second run by itself (writing its address): let it end.
            await page.wait_for_timeout(500)
            await page.wait_for_function(RUN_ENDED, timeout=PAGE_TIMEOUT_MS, polling=100)
            outcome.took = time.monotonic() - clock
            shown = await page.locator(PAGE_ERRORS).all_inner_texts()
            outage = await page.get_by_text(OUTAGE_WORDS).count()
        except Exception as exc:  # a timeout, a crashed page: an error, with what it was
            outcome.took = time.monotonic() - clock
            try:
                state = await page.evaluate(PAGE_STATE)
            except Exception as again:
                state = repr(again)[:100]
            outcome.verdict = "error"
            outcome.detail = f"{type(exc).__name__}: {str(exc)[:200]} {state}"
            soak.outcomes.append(outcome)
            continue
        if shown or events:
            outcome.verdict = "error"
            outcome.detail = f"session {number}: {[s[:200] for s in shown[:2]]} {events[:3]}"
        elif outage:
            outcome.verdict = "outage"
        soak.outcomes.append(outcome)
        await asyncio.sleep(PAGE_THINK_S)


async def _browse(soak: Soak) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=soak.browser, args=CHROMIUM_ARGS
        )
        try:
            contexts = []
            for _ in range(SESSIONS):
                context = await browser.new_context(
                    viewport={"width": 1280, "height": 900}, locale="zh-CN"
                )
                await context.add_init_script(RUN_COUNTER)
                contexts.append(context)
            results = await asyncio.gather(
                *(_session(soak, c, n) for n, c in enumerate(contexts)), return_exceptions=True
            )
            for number, result in enumerate(results):
                if isinstance(result, BaseException):
                    soak.outcomes.append(
                        Outcome("page", "-", soak.now(), 0, None, "error",
                                f"session {number} failed: {result!r}")
                    )
        finally:
            await browser.close()


@dataclass
class Traffic:
    """The running traffic threads; :meth:`end` stops them and waits."""

    soak: Soak
    pool: concurrent.futures.ThreadPoolExecutor
    futures: list[concurrent.futures.Future[Any]]

    def end(self) -> None:
        self.soak.stop.set()
        for future in self.futures:
            future.result(timeout=PAGE_TIMEOUT_MS / 1000 + 150)
        self.pool.shutdown(wait=True)


def _start(soak: Soak) -> Traffic:
    """Pages (one thread running an event loop: the browser tests' session-wide sync
    Playwright may hold this thread's), API and embed clients, bulk clients."""
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1 + API_THREADS + BULK_THREADS)
    futures = [pool.submit(asyncio.run, _browse(soak))]
    futures += [pool.submit(_api_client, soak, n) for n in range(API_THREADS)]
    futures += [pool.submit(_bulk_client, soak, n) for n in range(BULK_THREADS)]
    return Traffic(soak, pool, futures)


def _until(soak: Soak, second: float) -> None:
    soak.stop.wait(max(0.0, second - soak.now()))


# ------------------------------------------------------------------------- the operator


def _cli(url: str, *args: str) -> str:
    """``python -m data_access --db URL ARGS`` straight against the database; its output."""
    done = subprocess.run(
        [sys.executable, "-m", "data_access", "--db", url, *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _release_number(output: str, pattern: str) -> int:
    found = re.search(pattern, output)
    assert found, output
    return int(found.group(1))


def _budget(answer: dict[str, Any]) -> float | None:
    return answer.get("project", {}).get("budget_adjusted")


def _project_path(release: int | None = None) -> str:
    pinned = f"&release={release}" if release is not None else ""
    return f"/api/v1/projects/{MINI_PROJECT}?year=2017{pinned}"


def _pinned_budget(soak: Soak, release: int, budget: float) -> None:
    """From now on the project pinned to ``release`` must always show ``budget``."""

    def check(answer: dict[str, Any], _started: float) -> str | None:
        got = _budget(answer)
        return None if got == budget else f"release {release} pinned: budget {got}, not {budget}"

    soak.checks[_project_path(release)] = check


class Unpinned:
    """The unpinned project answer: once the server has shown a new budget, every
    request started after that moment (and before the next write begins) must show it:
    the server never goes back to an older release."""

    def __init__(self) -> None:
        self.budget: float | None = None
        self.since = float("inf")

    def writing(self) -> None:
        """A write begins: either budget may be served until :meth:`shown` again."""
        self.since = float("inf")

    def __call__(self, answer: dict[str, Any], started: float) -> str | None:
        got = _budget(answer)
        if got not in (MINI_BUDGET, CHANGED_BUDGET):
            return f"unpinned budget {got}: neither mini release's"
        if self.since < started and got != self.budget:
            return f"unpinned budget {got} after {self.budget} was shown at {self.since:.1f} s"
        return None

    def shown(self, soak: Soak, budget: float) -> float:
        """Wait until the server shows ``budget``; seconds it took."""
        asked = time.monotonic()
        while True:
            status, _, body = fetch(soak.port, _project_path(), timeout=30)
            if status == 200 and _budget(json.loads(body)) == budget:
                self.budget, self.since = budget, soak.now()
                return time.monotonic() - asked
            assert time.monotonic() - asked < SHOWN_WITHIN_S, (status, body[:300])
            time.sleep(0.5)


def _import(soak: Soak, url: str, package: Path, label: str) -> int:
    clock = time.monotonic()
    release = _release_number(_cli(url, "import", str(package)), r"IMPORTED as release #(\d+)")
    soak.note(f"import {label}: release #{release} in {time.monotonic() - clock:.1f} s")
    return release


def _rollback(soak: Soak, url: str, release: int) -> int:
    clock = time.monotonic()
    made = _release_number(_cli(url, "rollback", str(release)), r"release #(\d+) serves")
    soak.note(f"rollback to #{release}: release #{made} in {time.monotonic() - clock:.1f} s")
    return made


def _metrics_unchanged(soak: Soak, path: str) -> None:
    """The figures of ``path`` (a pinned metrics view) must stay those read now, alone."""
    expected = json.loads(reference(soak.port, path))["metrics"]

    def check(answer: dict[str, Any], _started: float) -> str | None:
        return None if answer.get("metrics") == expected else f"{path}: metrics changed"

    soak.checks[path] = check


# ----------------------------------------------------------------------------- set-up


@dataclass
class Served:
    port: int
    pid: int
    db_url: str  # the database itself (imports go here, never through the proxy)
    log: Path
    proxy: ProxyProcess | None = None


# The visitors' Chromium runs at this niceness (0 is the server's; 19 the lowest).
BROWSER_NICE = 10


def _visitor_browser(folder: Path) -> str:
    """A launcher (written into ``folder``) that runs Chromium at :data:`BROWSER_NICE`,
    unable to raise any of its threads' priority again.

    Why: the 10 sessions stand for readers whose browsers run on their own machines, not
    on the server's two cores; here they took 0.5-0.8 of a core beside the server's
    0.25, and Chromium run as root gives its compositor and I/O threads nice -8 (it may:
    it holds ``CAP_SYS_NICE``), ahead of the server it is testing. ``nice`` lowers its
    priority; ``setpriv`` drops that capability (for Chromium and its children), so the
    -8 is refused and every thread stays at the lower priority. Without ``setpriv`` (or
    not as root, where raising is refused anyway) only ``nice``.
    """
    command = ["nice", "-n", str(BROWSER_NICE), CHROMIUM]
    if os.geteuid() == 0 and shutil.which("setpriv"):
        command = ["setpriv", "--bounding-set=-sys_nice", *command]
    launcher = folder / "visitor-chromium"
    launcher.write_text(f'#!/bin/sh\nexec {shlex.join(command)} "$@"\n', encoding="utf-8")
    launcher.chmod(0o755)
    return str(launcher)


def _build(url: str) -> None:
    from data_access.demo.build import build_demo

    engine = make_engine(url)
    build_demo(engine, scale=0.04)
    engine.dispose()


def _server_env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "DASHBOARD_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("DASHBOARD_DB_TIMEOUT", None)  # the default serving timeout
    return env


def _need_browser() -> None:
    missing = _missing_browser()
    if missing and IN_CI:
        pytest.fail(missing)
    if missing:
        pytest.skip(missing)


@pytest.fixture
def soak_server(db_url: str, tmp_path: Path) -> Iterator[Served]:
    """The small demo in ``db_url``, served by ``python -m dashboard``."""
    _need_browser()
    _build(db_url)
    log = tmp_path / "server.log"
    with serve(db_url, env=_server_env(tmp_path), log=log, start_timeout=120) as served:
        yield Served(served.port, served.process.pid, db_url, log)


# Runs tests/web/test_outage.py's Proxy; its port on the first line, then one command
# a line ("silent", "forward", "close"), each answered "ok".
PROXY_SCRIPT = """
import sys
from tests.web.test_outage import Proxy
proxy = Proxy((sys.argv[1], int(sys.argv[2])))
print(proxy.port, flush=True)
for line in sys.stdin:
    getattr(proxy, line.strip())()
    print("ok", flush=True)
"""


class ProxyProcess:
    """The outage test's :class:`tests.web.test_outage.Proxy` in a process of its own.

    Why: in this process its pumping threads would share the interpreter with a dozen
    busy client threads and Playwright, and on a loaded machine the proxy itself would
    delay the database's answers past the connect deadline: an "outage" made by the test.
    """

    def __init__(self, target: tuple[str, int]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", PROXY_SCRIPT, target[0], str(target[1])],
            cwd=Path(__file__).resolve().parents[2],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.port = int(self._line())

    def _line(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, f"the proxy exited with {self.process.poll()}"
        return line.strip()

    def _command(self, name: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(name + "\n")
        self.process.stdin.flush()
        assert self._line() == "ok"

    def silent(self) -> None:
        self._command("silent")

    def forward(self) -> None:
        self._command("forward")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def proxied_server(tmp_path: Path) -> Iterator[Served]:
    """The small demo in a fresh PostgreSQL database, served through the outage test's
    proxy (:class:`ProxyProcess`)."""
    _need_browser()
    require_postgres()
    direct, name = _fresh_pg_database()
    target = make_url(PG_ADMIN_URL)
    proxy = ProxyProcess((target.host or "127.0.0.1", target.port or 5432))
    try:
        _build(direct)
        through = make_url(direct).set(host="127.0.0.1", port=proxy.port)
        url = through.render_as_string(hide_password=False)
        log = tmp_path / "server.log"
        with serve(url, env=_server_env(tmp_path), log=log, start_timeout=120) as served:
            yield Served(served.port, served.process.pid, direct, log, proxy)
    finally:
        proxy.close()
        _drop_pg_database(name)


def _prepare(served: Served) -> Soak:
    """The paths of the soak, and every bulk download fetched alone."""
    port = served.port
    status, _, body = fetch(port, f"/api/v1/children?{VIEW}")
    assert status == 200, body[:300]
    parts = json.loads(body)["parts"]
    cities = [part["code"] for part in parts if part["kind"] != "own"][:3]
    status, _, body = fetch(port, f"/api/v1/projects?{VIEW}&limit=1")
    assert status == 200, body[:300]
    project = json.loads(body)["items"][0]["project_code"]
    api = []
    for year in YEARS:
        for region in ("360000", *cities):
            view = f"year={year}&region={region}"
            pinned = "&release=1" if year % 2 else ""
            api += [
                f"/api/v1/metrics?{view}{pinned}",
                f"/api/v1/metrics?{view}&scope=own",
                f"/api/v1/children?{view}{pinned}",
                f"/api/v1/departments?{view}",
                f"/api/v1/projects?{view}&sort=budget&limit=50{pinned}",
                f"/api/v1/projects?{view}&sort=score&order=asc&limit=20",
                f"/api/v1/projects?{view}&sort=flagged&limit=20",
                f"/api/v1/ledger?{view}&limit=20",
            ]
        api.append(f"/api/v1/years?region=360000&scope={'own' if year % 2 else 'all'}")
    api += ["/api/v1/releases", "/api/v1/regions?region=360000&depth=1"]
    api += [f"/api/v1/projects/{project}?year=2017"] + [*EMBEDS] * 8
    pages = []
    for year in (2017, 2016, 2018):
        view = f"year={year}&region=360000&lang={LANG}"
        pages += [
            f"/?{view}",
            f"/explore?{view}",
            f"/regions?{view}",
            f"/trends?region=360000&lang={LANG}",
            f"/hearing?{view}",
            f"/data?{view}",
            f"/about?lang={LANG}",
            f"/project?project={project}&year=2017&lang={LANG}",
        ]
    references = {path: reference(port, path) for path in BULK}
    for path in (*EMBEDS, *api[:8]):  # warm: the timings below are of a served site
        assert fetch(port, path)[0] == 200, path
    soak = Soak(port, references, api, pages, browser=_visitor_browser(served.log.parent))
    _metrics_unchanged(soak, f"/api/v1/metrics?{VIEW}&release=1")
    return soak


# ------------------------------------------------------------------------- the figures


def _percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _figures(soak: Soak, title: str, peak_mb: float, elapsed: float) -> str:
    lines = [
        f"\n== soak: {title} — {elapsed:.0f} s of traffic; server peak {peak_mb:.0f} MB (VmHWM)",
        f"{'kind':<6} {'requests':>8} {'200':>6} {'503':>5} {'outage':>6} {'errors':>6} "
        f"{'trunc.':>6} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}",
    ]
    for kind in ("page", "api", "embed", "bulk"):
        mine = [o for o in soak.outcomes if o.kind == kind]
        took = [o.took * 1000 for o in mine if o.verdict in ("ok", "busy", "outage")]
        count = {v: sum(o.verdict == v for o in mine) for v in
                 ("ok", "busy", "outage", "error", "truncated")}
        lines.append(
            f"{kind:<6} {len(mine):>8} {count['ok']:>6} {count['busy']:>5} "
            f"{count['outage']:>6} {count['error']:>6} {count['truncated']:>6} "
            f"{_percentile(took, 0.5):>7.0f} {_percentile(took, 0.95):>7.0f} "
            f"{max(took, default=float('nan')):>7.0f}"
        )
    served = [o for o in soak.outcomes if o.kind in ("api", "embed") and o.status is not None]
    slowest = sorted(served, key=lambda o: -o.took)[:5]
    lines += ["slowest API and embed answers:"]
    lines += [f"  {o.started:6.1f} s {o.took * 1000:5.0f} ms  {o.status} {o.path}" for o in slowest]
    lines += ["operator:"] + [f"  {step}" for step in soak.steps]
    return "\n".join(lines)


def _summary(soak: Soak, peak_mb: float) -> dict[str, Any]:
    by_kind: dict[str, Any] = {}
    for kind in ("page", "api", "embed", "bulk"):
        mine = [o for o in soak.outcomes if o.kind == kind]
        took = [o.took * 1000 for o in mine if o.verdict != "error"]
        by_kind[kind] = {
            "requests": len(mine),
            **{v: sum(o.verdict == v for o in mine) for v in
               ("ok", "busy", "outage", "error", "truncated")},
            "p50_ms": round(_percentile(took, 0.5)) if took else None,
            "p95_ms": round(_percentile(took, 0.95)) if took else None,
            "max_ms": round(max(took)) if took else None,
        }
    return {"peak_mb": round(peak_mb), **by_kind}


def _describe(outcomes: list[Outcome], limit: int = 15) -> str:
    return "\n".join(
        f"{o.started:6.1f} s {o.kind} {o.path}: {o.verdict} {o.status} "
        f"{o.took * 1000:.0f} ms {o.problem} {o.detail}"
        for o in outcomes[:limit]
    )


def _tracebacks(log: Path) -> str:
    """How many tracebacks the server logged, and the last line of each kind (an outage
    is logged with its cause; anything else is worth reading)."""
    text = log.read_text(encoding="utf-8", errors="replace")
    marker = "Traceback (most recent call last)"
    ends: dict[str, int] = {}
    for block in text.split(marker)[1:]:
        # The exception's line: the first one after the frames (which are indented).
        lines = [line for line in block.splitlines()[1:] if line and not line[0].isspace()]
        last = lines[0][:200] if lines else "?"
        ends[last] = ends.get(last, 0) + 1
    listed = "".join(f"\n  {count} x {last}" for last, count in ends.items())
    return f"server log: {sum(ends.values())} tracebacks{listed}"


# ------------------------------------------------------------------------------ tests


def test_soak_all_traffic(soak_server: Served) -> None:
    """Pages, API, embeds and bulk downloads together, an import, a second import and a
    rollback in the middle: 0 errors, 0 truncated, the API within the serving timeout."""
    served = soak_server
    soak = _prepare(served)
    unpinned = Unpinned()
    changed = changed_mini(Path(served.log.parent))
    soak.t0 = time.monotonic()
    traffic = _start(soak)
    try:
        _until(soak, DURATION_S * 0.25)
        first = _import_first(soak, served, unpinned)
        _metrics_unchanged(soak, f"/api/v1/metrics?{VIEW}&release={first}")
        _until(soak, DURATION_S * 0.45)
        unpinned.writing()
        second = _import(soak, served.db_url, changed, "its changed copy")
        soak.note(f"the server shows it after {unpinned.shown(soak, CHANGED_BUDGET):.1f} s")
        _pinned_budget(soak, second, CHANGED_BUDGET)
        _until(soak, DURATION_S * 0.65)
        _roll_back_to(soak, served, unpinned, first)
        _until(soak, DURATION_S)
    finally:
        traffic.end()
    elapsed = soak.now()
    peak = server_memory_mb(served.pid)
    backend = make_url(served.db_url).get_backend_name()
    print(_figures(soak, backend, peak, elapsed))
    print(json.dumps({"soak": backend, **_summary(soak, peak)}))
    print(_tracebacks(served.log))

    bad = [o for o in soak.outcomes if _failed(o)]
    assert not bad, f"{len(bad)} failed answers:\n{_describe(bad)}"
    slow = [o for o in soak.outcomes if o.kind in ("api", "embed") and o.took >= SERVING_TIMEOUT_S]
    assert not slow, f"{len(slow)} answers over {SERVING_TIMEOUT_S:g} s:\n{_describe(slow)}"
    _enough(soak)
    assert peak < MEMORY_BOUND_MB


def _import_first(soak: Soak, served: Served, unpinned: Unpinned) -> int:
    """Import the example package mid-traffic; from then on unpinned answers of the
    watched project are checked, and its release is pinnable. Returns the release."""
    first = _import(soak, served.db_url, MINI_PACKAGE, "mini-jiangxi")
    soak.checks[_project_path()] = unpinned
    soak.note(f"the server shows it after {unpinned.shown(soak, MINI_BUDGET):.1f} s")
    _pinned_budget(soak, first, MINI_BUDGET)
    return first


def _roll_back_to(soak: Soak, served: Served, unpinned: Unpinned, first: int) -> None:
    """Roll back to release ``first`` mid-traffic: unpinned answers show its budget again
    (noted, with how long that took) and the rollback's own release is pinnable."""
    unpinned.writing()
    third = _rollback(soak, served.db_url, first)
    soak.note(f"the server shows it after {unpinned.shown(soak, MINI_BUDGET):.1f} s")
    _pinned_budget(soak, third, MINI_BUDGET)


def _failed(o: Outcome) -> bool:
    """Whether ``o`` fails when the database is up: anything but a whole ``200``, except
    a bulk download over the caps told to come back (``503`` "busy" with Retry-After)."""
    if o.verdict == "busy":
        return not (o.kind == "bulk" and o.problem.endswith("-busy"))
    return o.verdict != "ok"


def _enough(soak: Soak) -> None:
    """Each kind of traffic really ran (or the soak measured too little)."""
    counts = {k: sum(o.kind == k and o.verdict == "ok" for o in soak.outcomes)
              for k in ("page", "api", "embed", "bulk")}
    assert counts["page"] >= SESSIONS, counts
    assert counts["api"] >= 100 and counts["embed"] >= 10 and counts["bulk"] >= 2 * len(BULK), (
        counts
    )


def test_soak_database_silent(proxied_server: Served) -> None:
    """The same traffic with PostgreSQL silent for 20 s in the middle: the outage answered
    within the timeout, pages with the notice, then everything 200 within 30 s."""
    served = proxied_server
    assert served.proxy is not None
    soak = _prepare(served)
    unpinned = Unpinned()
    changed = changed_mini(Path(served.log.parent))
    quiet_from, quiet_to = SILENCE_AT_S, SILENCE_AT_S + SILENCE_S
    soak.t0 = time.monotonic()
    traffic = _start(soak)
    try:
        _until(soak, SILENCE_AT_S * 0.4)
        first = _import_first(soak, served, unpinned)
        _until(soak, quiet_from)
        served.proxy.silent()
        quiet_from = soak.now()
        soak.note("database silent")
        _until(soak, quiet_from + SILENCE_S / 2)
        unpinned.writing()
        second = _import(soak, served.db_url, changed, "its changed copy, straight in")
        _until(soak, quiet_from + SILENCE_S)
        served.proxy.forward()
        quiet_to = soak.now()
        soak.note("database answers again")
        # The change imported during the silence is served once the database is back.
        took = unpinned.shown(soak, CHANGED_BUDGET)
        soak.note(f"the server shows the change after {took:.1f} s")
        _pinned_budget(soak, second, CHANGED_BUDGET)
        _until(soak, quiet_to + RECOVERY_S + 5)
        _roll_back_to(soak, served, unpinned, first)
        _until(soak, OUTAGE_DURATION_S)
    finally:
        traffic.end()
    elapsed = soak.now()
    peak = server_memory_mb(served.pid)
    # What overlapped the silence, what started after it ended (and when the last of
    # those that was not a whole 200 ended: the recovery).
    during = [o for o in soak.outcomes if o.started < quiet_to and o.started + o.took > quiet_from]
    recovering = [o for o in soak.outcomes if o.started >= quiet_to]
    failing_after = [o.started + o.took for o in recovering if o.verdict != "ok"]
    recovered = max(failing_after, default=quiet_to) - quiet_to
    soak.note(f"last answer that was not ok ended {recovered:.1f} s after the silence")
    print(_figures(soak, "postgresql, database silent 20 s", peak, elapsed))
    summary = _summary(soak, peak)
    print(json.dumps({"soak": "postgresql-silent", "recovered_s": round(recovered, 1), **summary}))
    print(_tracebacks(served.log))

    # Outside the silence and the recovery time the rules of test_soak_all_traffic hold;
    # within them an answer may also be a 503 with Retry-After or the outage notice.
    window = quiet_from, quiet_to + RECOVERY_S
    bad = [
        o
        for o in soak.outcomes
        if o.verdict in ("error", "truncated")
        or (_failed(o) and not (o.started < window[1] and o.started + o.took > window[0]))
    ]
    assert not bad, f"{len(bad)} failed answers:\n{_describe(bad)}"
    # Within the timeout. A request already waiting on the database when the silence
    # began is ended by the statement watchdog (the timeout plus one second, from the
    # statement's start): its answer is bounded from the silence's start, with a second
    # for the answer itself.
    caught = {id(o) for o in soak.outcomes if o.started < quiet_from < o.started + o.took}
    slow = [
        o
        for o in soak.outcomes
        if o.kind in ("api", "embed")
        and (
            o.started + o.took - quiet_from >= STATEMENT_GUARD_S + 1.0
            if id(o) in caught
            else o.took >= SERVING_TIMEOUT_S
        )
    ]
    assert not slow, f"{len(slow)} answers too slow:\n{_describe(slow)}"
    # The silence was met, and answered as an outage by the API and by pages.
    assert any(o.kind == "api" and o.problem.endswith("-unavailable") for o in during), (
        _describe(during)
    )
    assert any(o.kind == "page" and o.verdict == "outage" for o in during), _describe(
        [o for o in during if o.kind == "page"]
    )
    assert recovered <= RECOVERY_S, _describe([o for o in recovering if o.verdict != "ok"])
    # Pages opened after the silence draw their figures again.
    drawn = [o for o in recovering if o.kind == "page" and o.verdict == "ok"]
    assert len(drawn) >= SESSIONS // 2, _describe([o for o in recovering if o.kind == "page"])
    _enough(soak)
    assert peak < MEMORY_BOUND_MB
