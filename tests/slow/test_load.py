"""Load: 10 concurrent visitors for 2 minutes against one dashboard process at province
scale (issue 9, "Load"; the memory target is issue 8's).

What it does: builds the full demo (``scale=1.0``, Jiangxi with every city and county),
starts ``python -m dashboard`` on it, and opens 10 browser contexts in one headless
Chromium, each its own Streamlit session. Each visitor, in rounds until two minutes
have passed, opens the explorer at the province, drills down (province → city → county
→ department, by selecting table rows) and switches pages by the top menu.

What it asserts: zero errors (no ``stException``, no error alert, no outage notice, no
console error or uncaught exception in any page), every interaction finished within
its timeout, and the server's peak memory (``VmHWM`` of the process, read from
``/proc``) at most :data:`MEMORY_BOUND_MB`. It reports the p50/p95 interaction time
(from the action to the end of the last script run or redraw it caused; a canvas click
that changed nothing or met a redrawn table is counted apart, and at most 10 % of them
are tolerated) and the memory by ``print`` and ``record_property`` (in the JUnit XML).

Bounded for CI: the duration, the session count and every wait are fixed below; it is
marked ``browser`` and ``slow`` and skips locally (never in CI) without Chromium.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import random
import subprocess
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

try:
    from playwright.async_api import Error as PlaywrightError
except ImportError:  # pragma: no cover - the fixture skips (or fails in CI) without it
    PlaywrightError = Exception  # type: ignore[misc,assignment]

from dashboard.core.i18n import metric_label, t
from dashboard.launch import serve
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, require_browser

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SESSIONS = 10
DURATION_S = 120.0
# Issue 8's target for 10 sessions at province scale.
MEMORY_BOUND_MB = 600
# One interaction (a click and every script run it causes) may take at most this long.
INTERACTION_TIMEOUT_MS = 60_000
# A click on a grid's canvas that started no script run in this time (the app idle
# all along) missed its checkbox: counted apart, not timed; a few are tolerated.
MISSED_MS = 15_000
MAX_MISSED_SHARE = 0.1
# How long a view's table may take to appear after its run ended, and a click on it to
# find the table still (the browser is busy drawing ten pages).
GRID_WAIT_MS = 5_000
CLICK_TIMEOUT_MS = 15_000
# An interaction is over when the app has been idle (no run, no redraw) this long (a
# drill-down's selection
# triggers a second run that changes the page): the idle time is not counted.
QUIET_MS = 1_000
LANG = "zh"
YEARS = (2016, 2017, 2018)
MENU_PAGES = ("overview", "trends", "regions", "data", "about")

ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"
REGION, REGION_CODE = t("col.region", LANG), t("col.region_code", LANG)
DEPT_CODE = t("col.department_code", LANG)
PROJECTS = metric_label("projects", LANG)

# Records, inside each page, when Streamlit's script state changes (``running`` /
# ``notRunning`` on the app root) and when the page was last redrawn (elements added or
# removed), so an interaction's end is known exactly even when its runs are shorter
# than any polling interval. Wall-clock milliseconds (``Date.now``),
# so an interaction that reloads the document is measured across the reload.
WATCH_RUNS = """
(() => {
  window.__runStart = 0; window.__runEnd = 0; window.__runState = null;
  window.__drawn = 0;
  const note = (records) => {
    if (records && records.some(r => r.type === "childList")) window.__drawn = Date.now();
    const app = document.querySelector("[data-testid='stApp']");
    const state = app ? app.getAttribute("data-test-script-state") : null;
    if (state === window.__runState) return;
    window.__runState = state;
    if (state === "running") window.__runStart = Date.now();
    else if (state === "notRunning") window.__runEnd = Date.now();
  };
  // The whole document, so a re-mounted app root is followed too.
  new MutationObserver(note).observe(document, {
    attributes: true, attributeFilter: ["data-test-script-state"],
    childList: true, subtree: true,
  });
  note();
})();
"""
# An interaction is over when the app is connected, no script runs and nothing has been
# added to or removed from the page for ``quiet`` ms, after something changed since the
# action (a run started or the page was redrawn); or, when nothing at all changed for
# ``missed`` ms, it missed.
RUN_OVER = """
([since, quiet, missed]) => window.__runState === "notRunning"
    && !!document.querySelector("[data-testid='stApp'][data-test-connection-state='CONNECTED']")
    && ((window.__runStart > since || window.__drawn > since)
        ? Date.now() - Math.max(window.__runEnd, window.__drawn) >= quiet
        : Date.now() - since >= missed)
"""
# The rows an st.dataframe grid shows (from its accessible copy inside the canvas) and
# the geometry needed to click a row's selection checkbox; see
# tests/browser/conftest.py: select_row.
GRID_ROWS = """
(element) => {
  element.scrollIntoView({block: "center"});  // clear of the sticky top menu
  const table = element.querySelector("canvas table");
  if (!table) return null;
  const heads = [...table.querySelectorAll("thead th")].map(h => h.textContent);
  const stack = element.querySelector(".dvn-stack");
  const canvas = element.querySelector("canvas").getBoundingClientRect();
  const box = element.getBoundingClientRect();
  return {
    rows: [...table.querySelectorAll("tbody tr")].map(row => Object.fromEntries(
      [...row.querySelectorAll("td")].map((c, i) => [heads[i], c.textContent]))),
    indexes: [...table.querySelectorAll("td[aria-colindex='1']")]
      .map(c => Number(c.id.split("-").pop())),
    count: Number(table.getAttribute("aria-rowcount")),
    content: Math.max(...[...stack.children].map(c => c.offsetHeight)),
    dx: canvas.left - box.left, dy: canvas.top - box.top, visible: canvas.height,
  };
}
"""


@dataclass
class Tally:
    """What the sessions measured and every error they met."""

    timings_ms: list[float] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    rounds: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _streamlit_probe(url: str) -> bool:
    """Whether ``url`` is Streamlit's own search for its server path, not an error.

    Why: on a page opened at ``/explore`` Streamlit's frontend first asks
    ``/explore/_stcore/health`` and ``/explore/_stcore/host-config`` (in case the app is
    served under that prefix), gets 404 and then uses ``/_stcore/…``. Every multipage
    app opened at a page's address does this; anything else that fails counts.
    """
    path = urlparse(url).path
    return path.count("/") == 3 and path.endswith(("/_stcore/health", "/_stcore/host-config"))


def _memory_kb(pid: int) -> dict[str, int]:
    """``VmRSS`` and ``VmHWM`` (peak resident set) of process ``pid``, in kB."""
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0])
    return fields


@pytest.fixture(scope="session")
def province_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The full-scale demo database (Jiangxi, every city and county), built once."""
    from data_access.db.engine import make_engine
    from data_access.demo.build import build_demo

    url = f"sqlite:///{tmp_path_factory.mktemp('load') / 'province.db'}"
    engine = make_engine(url)
    build_demo(engine, scale=1.0)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def province_server(
    tmp_path_factory: pytest.TempPathFactory, province_db: str
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``python -m dashboard`` serving the province-scale demo: (base URL, process)."""
    require_browser("the load test")
    log = tmp_path_factory.mktemp("load-server") / "server.log"
    with serve(province_db, log=log, start_timeout=90, stop_timeout=10) as served:
        yield served.url, served.process


class Session:
    """One visitor: a browser context with one page, driven through the dashboard."""

    def __init__(self, page: Any, base: str, number: int, tally: Tally) -> None:
        self.page = page
        self.base = base
        self.number = number
        self.tally = tally
        self.rng = random.Random(number)
        page.on("console", self._console)
        page.on("pageerror", lambda exc: tally.errors.append(f"session {number}: {exc}"))
        page.on("response", self._response)

    def _response(self, response: Any) -> None:
        if response.status >= 400 and not _streamlit_probe(response.url):
            self.tally.errors.append(
                f"session {self.number}: HTTP {response.status} for {response.url}"
            )

    def _console(self, message: Any) -> None:
        if message.type == "error" and not _streamlit_probe(message.location.get("url", "")):
            self.tally.errors.append(f"session {self.number} console: {message.text}")

    async def _interact(self, kind: str, action: Callable[[], Awaitable[object]]) -> None:
        """Do ``action`` and wait for every script run it causes; record the time from
        the action to the end of the last run, then check the page for errors."""
        page = self.page
        since = await page.evaluate("Date.now()")
        await action()
        try:
            await page.wait_for_function(
                RUN_OVER,
                arg=[since, QUIET_MS, MISSED_MS],
                timeout=INTERACTION_TIMEOUT_MS,
                polling=100,
            )
        except Exception as exc:
            state = await page.evaluate(
                "[window.__runStart, window.__runEnd, window.__runState, Date.now(),"
                " document.querySelector('[data-testid=stApp]')"
                "?.getAttribute('data-test-connection-state')]"
            )
            raise AssertionError(
                f"{kind} at {page.url} did not finish: since={since:.0f}, "
                f"[runStart, runEnd, state, now, connection]={state}"
            ) from exc
        started, drawn, ended = await page.evaluate(
            "[window.__runStart, window.__drawn, window.__runEnd]"
        )
        if started <= since and drawn <= since:
            self.tally.missed.append(f"{kind} at {page.url}")
            return
        self.tally.timings_ms.append(max(ended, drawn) - since)
        self.tally.kinds.append(kind)
        self.tally.by_kind[kind] = self.tally.by_kind.get(kind, 0) + 1
        await self._check(kind)

    async def _check(self, kind: str) -> None:
        page = self.page
        shown = await page.locator(ERRORS).count()
        outage = await page.get_by_text(t("db.outage", LANG)).count()
        if shown or outage:
            text = await page.locator(ERRORS).all_inner_texts() if shown else []
            self.tally.errors.append(
                f"session {self.number} after {kind} at {page.url}: "
                f"{shown} error elements {text[:2]}, outage notice {outage}"
            )

    async def _grid(self, header: str) -> tuple[Any, dict[str, Any]] | None:
        """The grid with column ``header`` and its rows, or None when the view has no
        such table (a county has no regions below it)."""
        grid = (
            self.page.locator("[data-testid='stDataFrame']")
            .filter(has=self.page.locator("th", has_text=header))
            .first
        )
        try:
            await grid.wait_for(state="attached", timeout=GRID_WAIT_MS)
        except Exception:
            return None
        found = await grid.evaluate(GRID_ROWS, timeout=GRID_WAIT_MS)
        return (grid, found) if found is not None else None

    async def _select(self, header: str, skip_first: bool, need_projects: bool) -> bool:
        """Select a random visible row of the grid with column ``header``; False when
        the grid has no such row."""
        try:
            located = await self._grid(header)
        except PlaywrightError as exc:
            # The table was redrawn under the pointer: a missed click, not an app error.
            self.tally.missed.append(f"{header} at {self.page.url}: {exc.message[-300:]}")
            return False
        if located is None:
            return False
        grid, found = located
        row_height = found["content"] / found["count"]
        choices = [
            (index, row)
            for index, row in zip(found["indexes"], found["rows"], strict=True)
            if row_height * (index + 2) <= found["visible"]
            and not (skip_first and index == 0)
            and (not need_projects or int(row.get(PROJECTS, "0") or 0) > 0)
        ]
        if not choices:
            return False
        index, _row = self.rng.choice(choices)
        position = {"x": found["dx"] + row_height / 2,
                    "y": found["dy"] + row_height * (index + 1.5)}
        try:
            await self._interact(
                f"drill:{header}",
                lambda: grid.click(position=position, timeout=CLICK_TIMEOUT_MS),
            )
        except PlaywrightError as exc:
            self.tally.missed.append(f"{header} at {self.page.url}: {exc.message[-300:]}")
            return False
        return True

    async def _menu(self, name: str) -> None:
        link = self.page.locator("[data-testid='stTopNavLink']", has_text=t(f"page.{name}", LANG))
        # The interaction's own bound, not Playwright's default 30 s: with ten pages
        # drawing on two cores the browser may take that long to dispatch the click.
        await self._interact(
            f"page:{name}", lambda: link.first.click(timeout=INTERACTION_TIMEOUT_MS)
        )

    async def run(self, deadline: float) -> None:
        """Rounds of: open the explorer at the province, drill down to a department,
        switch to another page and back, until ``deadline`` (monotonic).

        Each round opens the explorer's address afresh (a new Streamlit session, as a
        visitor following a link) rather than climbing back by the breadcrumb: the
        breadcrumb shows the province but leaves the county in the address bar, so the
        next selection would start from the county.
        """
        page = self.page
        while time.monotonic() < deadline:
            year = self.rng.choice(YEARS)
            start = f"{self.base}/explore?lang={LANG}&year={year}&region=360000&scope=all"
            await self._interact(
                "open", lambda url=start: page.goto(url, timeout=INTERACTION_TIMEOUT_MS)
            )
            # Province → a city → a county with projects → a department.
            if await self._select(REGION_CODE, skip_first=True, need_projects=False):
                await self._select(REGION_CODE, skip_first=True, need_projects=True)
            await self._select(DEPT_CODE, skip_first=False, need_projects=False)
            if time.monotonic() >= deadline:
                break
            # Another page by the menu, then back to the explorer.
            await self._menu(self.rng.choice(MENU_PAGES))
            await self._menu("explore")
            self.tally.rounds += 1


async def _drive(base: str, tally: Tally) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            sessions = []
            for number in range(SESSIONS):
                context = await browser.new_context(
                    viewport={"width": 1280, "height": 900}, locale="zh-CN"
                )
                await context.add_init_script(WATCH_RUNS)
                sessions.append(Session(await context.new_page(), base, number, tally))
            deadline = time.monotonic() + DURATION_S
            results = await asyncio.gather(
                *(session.run(deadline) for session in sessions), return_exceptions=True
            )
            for number, result in enumerate(results):
                if isinstance(result, BaseException):
                    tally.errors.append(f"session {number} failed: {result!r}")
        finally:
            await browser.close()


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def test_ten_sessions_for_two_minutes(
    province_server: tuple[str, subprocess.Popen[bytes]],
    record_property: Callable[[str, object], None],
) -> None:
    base, process = province_server
    samples: list[int] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            samples.append(_memory_kb(process.pid)["VmRSS"])
            stop.wait(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    tally = Tally()
    started = time.monotonic()
    try:
        # In its own thread: the browser tests' session-wide sync Playwright keeps an
        # event loop running in this one, and asyncio.run() refuses to nest.
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(asyncio.run, _drive(base, tally)).result()
    finally:
        stop.set()
        sampler.join(timeout=5)
    elapsed = time.monotonic() - started
    memory = _memory_kb(process.pid)
    peak_mb = memory["VmHWM"] / 1024
    rss_mb = memory["VmRSS"] / 1024
    p50 = _percentile(tally.timings_ms, 0.50) if tally.timings_ms else float("nan")
    p95 = _percentile(tally.timings_ms, 0.95) if tally.timings_ms else float("nan")
    summary = (
        f"{SESSIONS} sessions for {elapsed:.0f} s: {tally.rounds} rounds, "
        f"{len(tally.timings_ms)} interactions "
        f"{dict(sorted(tally.by_kind.items()))}; p50 {p50:.0f} ms, p95 {p95:.0f} ms; "
        f"server memory peak {peak_mb:.0f} MB (VmHWM), now {rss_mb:.0f} MB, "
        f"sampled max {max(samples, default=0) / 1024:.0f} MB; {len(tally.errors)} errors, "
        f"{len(tally.missed)} clicks that started no run"
    )
    print("\n" + summary)
    record_property("interactions", len(tally.timings_ms))
    record_property("rounds", tally.rounds)
    record_property("p95_interaction_ms", round(p95))
    record_property("p50_interaction_ms", round(p50))
    record_property("server_peak_rss_mb", round(peak_mb))
    record_property("server_rss_mb", round(rss_mb))
    assert process.poll() is None, "the server died under load"
    assert not tally.errors, "\n".join(tally.errors[:20])
    assert len(tally.missed) <= MAX_MISSED_SHARE * len(tally.timings_ms), tally.missed
    # As many complete rounds as sessions at least, or the test measured too little.
    assert tally.rounds >= SESSIONS, summary
    assert peak_mb <= MEMORY_BOUND_MB, summary
