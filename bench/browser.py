"""The dashboard in Chromium against a bare Streamlit page, and the server's memory with
several browser sessions open.

Why a bare page beside every figure: how fast a page settles in a browser depends as
much on this machine's load as on the page (the same bare page with two charts settles
in 0.7–2 s here depending on what else runs), so only the ratio page / bare page, both
measured in the same run, says what the dashboard adds to what Streamlit, Plotly,
deck.gl and the grid cost anyway. The bare page (``bench/bare_app.py``) has as many
Plotly charts, deck.gl maps, grids and static tables as the measured view (counted in the
browser after a warm-up visit), static data, no query, and is served by its own
Streamlit process with the dashboard's settings.

"Settled" is the same test for both: the websocket is connected, the script run has
ended (``data-test-script-state='notRunning'``), no element is stale (left over from the
previous run) or still loading its component's code, every shown Plotly chart has drawn
its SVG, every shown map and grid its canvas (those in a collapsed expander are counted
apart: they are never drawn), and the view shows at least the headings, charts and
tables its warm-up visit showed (so the instant before the first run starts never counts
as settled). A click is settled when,
besides, the URL has changed (every measured click navigates).

The measured runs are warm: a warm-up visit before them fills the dashboard's read
cache for the view, as on a server that has been up for a while. The helpers copy the
minimal logic of ``tests/browser/conftest.py`` (the bench must not import the tests);
both start their servers through :func:`dashboard.launch.serve`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.pages import Timings
from dashboard.launch import CONFIG_PATH, Served, config_flags, serve

CHROMIUM = os.environ.get("DASHBOARD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
CONNECTED = "[data-testid='stApp'][data-test-connection-state='CONNECTED']"
BARE_APP = Path(__file__).resolve().parent / "bare_app.py"
START_TIMEOUT_S = 120
SETTLE_TIMEOUT_MS = 120_000
# A click that has neither started a script run nor changed the URL after this long
# missed what it aimed at (deck.gl picks only once its first frame is drawn): counted
# apart, never timed. A slow run is not a miss: it is waited for (SETTLE_TIMEOUT_MS).
MISS_TIMEOUT_MS = 10_000
# Between a view settling and the click on it (not timed): a visitor does not click
# within the same frame, and deck.gl needs its first frame to pick.
PAUSE_MS = 1000
RATIO_TARGET = 1.5
MEMORY_TARGET_MB = 600

# The measured navigations and clicks: name -> dashboard path.
NAVIGATIONS = ("/", "/regions", "/explore")
CLICKS: dict[str, str] = {
    "ranking bar": "/regions",
    "map region": "/regions",
    "explorer row": "/explore",
}
# What a view shows, counted in the browser: kind -> (element, what it has once drawn).
# The bare page's query parameter for each kind is in BARE_PARAM.
ELEMENTS: dict[str, tuple[str, str]] = {
    "plotly": ("[data-testid='stPlotlyChart']", ".main-svg"),
    "map": ("[data-testid='stDeckGlJsonChart']", "canvas"),
    "grid": ("[data-testid='stDataFrame']", "canvas"),
    "table": ("[data-testid='stTable']", "table"),
    "heading": ("[data-testid='stMain'] h1", "*"),
}
BARE_PARAM = {"plotly": "c", "map": "m", "grid": "d", "table": "t"}

# Counts every kind of ELEMENTS in the page, those shown and those hidden (in a collapsed
# expander: mounted, never drawn); null until the run has ended, nothing is stale, no
# element is still loading its code (Streamlit's lazy components show a skeleton while
# Plotly's or deck.gl's bundle loads, seconds after the run on a loaded machine), every
# shown one is drawn, the URL differs from ``notUrl`` and there are at least ``want`` of
# each kind (a run can end with its elements still to come from a second run, e.g. a
# selection, then the page switch it asked for).
SETTLED_JS = """([ready, connected, kinds, notUrl, want]) => {
    if (notUrl !== null && window.location.href === notUrl) return null;
    if (!document.querySelector(connected) || !document.querySelector(ready)) return null;
    if (document.querySelector("[data-testid='stElementContainer'][data-stale='true'], "
            + "[data-testid='stElementContainer'] [data-testid='stSkeleton']")) {
        return null;
    }
    const found = {};
    for (const [kind, [selector, drawn]] of Object.entries(kinds)) {
        const all = [...document.querySelectorAll(selector)];
        const shown = all.filter((e) => !e.closest("details:not([open])"));
        if (drawn !== "*" && shown.some((e) => !e.querySelector(drawn))) return null;
        found[kind] = shown.length;
        found[kind + "_hidden"] = all.length - shown.length;
    }
    if (Object.entries(want).some(([kind, count]) => (found[kind] || 0) < count)) return null;
    return found;
}"""


# The click did something: the URL changed or a script run is going on.
STARTED_JS = """([url, ready]) => window.location.href !== url
    || !document.querySelector(ready)"""


def missing_browser() -> str | None:
    """Why Chromium cannot be driven here, or None."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (set DASHBOARD_CHROMIUM)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"playwright is not installed: {exc}"
    return None


def _serve(argv: list[str], env: dict[str, str], log: Path
           ) -> contextlib.AbstractContextManager[Served]:
    """Start ``argv`` on a free port with the bench's start-up and stop timeouts."""
    return serve(None, env=env, command=argv, log=log,
                 start_timeout=START_TIMEOUT_S, stop_timeout=15)


def dashboard_server(url: str, folder: Path) -> contextlib.AbstractContextManager[Served]:
    """``python -m dashboard`` serving the database at ``url``, as in production."""
    env = {**os.environ, "DASHBOARD_DB_URL": url}
    return _serve([sys.executable, "-m", "dashboard"], env, folder / "dashboard.log")


def bare_server(folder: Path) -> contextlib.AbstractContextManager[Served]:
    """``streamlit run`` of a copy of ``bare_app.py`` in ``folder``, with the dashboard's
    Streamlit settings (theme, fonts, no file watcher), so only the page differs."""
    script = folder / "bare_app.py"
    shutil.copyfile(BARE_APP, script)
    config = tomllib.loads(CONFIG_PATH.read_text(encoding="utf-8"))
    flags = [f for f in config_flags(config)
             if not f.startswith(("--server.port", "--server.headless"))]
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASHBOARD_")}
    return _serve([sys.executable, "-m", "streamlit", "run", str(script), *flags], env,
                  folder / "bare.log")


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Headless Debian Chromium through pip playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def settled(tab: Any, want: dict[str, int] | None = None, *,
            not_url: str | None = None, timeout_ms: int = SETTLE_TIMEOUT_MS) -> dict[str, int]:
    """Wait until the view has settled (see the module's docstring) and shows at least
    ``want`` of each kind; the counts it shows."""
    handle = tab.wait_for_function(
        SETTLED_JS, arg=[READY, CONNECTED, ELEMENTS, not_url, want or {}],
        timeout=timeout_ms, polling="raf",
    )
    found: dict[str, int] = handle.json_value()
    return found


def first_visit(tab: Any, url: str) -> dict[str, int]:
    """An untimed visit of ``url`` that waits generously (as the browser tests do: the
    connection first, then the run, then a pause for late redraws); its counts."""
    tab.goto(url)
    tab.wait_for_selector(CONNECTED, timeout=SETTLE_TIMEOUT_MS, state="attached")
    tab.wait_for_timeout(600)
    settled(tab)
    tab.wait_for_timeout(800)
    return settled(tab)


def timed_navigation(tab: Any, url: str, want: dict[str, int]) -> float:
    """Seconds from ``goto(url)`` to the settled view."""
    started = time.perf_counter()
    tab.goto(url)
    settled(tab, want)
    return time.perf_counter() - started


class Missed(RuntimeError):
    """A click that did not navigate (it hit no bar, region or row)."""


Aim = Callable[[Any], Callable[[], None]]


def timed_click(tab: Any, aim: Aim, want: dict[str, int] | None) -> float:
    """Seconds from the click to the settled view it opens (the URL changed); finding
    what to click (``aim``) is not timed."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    before = tab.url
    click = aim(tab)
    started = time.perf_counter()
    click()
    try:
        tab.wait_for_function(STARTED_JS, arg=[before, READY], timeout=MISS_TIMEOUT_MS,
                              polling="raf")
    except PlaywrightTimeout as error:
        raise Missed(f"the click did not navigate from {before}") from error
    settled(tab, want, not_url=before)
    return time.perf_counter() - started


def aim_bar(tab: Any) -> Callable[[], None]:
    """The first bar of the first Plotly chart (the ranking on /regions)."""
    bar = tab.locator("[data-testid='stPlotlyChart'] .bars .point path").first
    bar.scroll_into_view_if_needed()
    return lambda: bar.click(force=True)


def aim_map(tab: Any) -> Callable[[], None]:
    """Inside the first map, well inside its southern part (Ganzhou on Jiangxi's map,
    away from any boundary line, as in tests/browser)."""
    canvas = tab.locator("[data-testid='stDeckGlJsonChart'] canvas").first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    if box is None:
        raise Missed("the map has no box")
    return lambda: canvas.click(position={"x": box["width"] * 0.45, "y": box["height"] * 0.75})


ROW_JS = """(element, index) => {
    const table = element.querySelector("canvas table");
    const cell = table && table.querySelectorAll("td[aria-colindex='1']")[index];
    if (!cell) return null;
    const stack = element.querySelector(".dvn-stack");
    const canvas = element.querySelector("canvas").getBoundingClientRect();
    const box = element.getBoundingClientRect();
    return {
        index: Number(cell.id.split("-").pop()),
        rows: Number(table.getAttribute("aria-rowcount")),
        content: Math.max(...[...stack.children].map(c => c.offsetHeight)),
        dx: canvas.left - box.left,
        dy: canvas.top - box.top,
    };
}"""


def aim_row(tab: Any, index: int = 1) -> Callable[[], None]:
    """Select row ``index`` of the first grid by its checkbox (the grid is a canvas: the
    row is found in its accessible copy and the click goes to its measured position;
    copied from ``select_row`` of tests/browser/conftest.py). Row 1: on the explorer at
    a province, the first child region (row 0 is the province's own level)."""
    grid = tab.locator("[data-testid='stDataFrame']").first
    grid.scroll_into_view_if_needed()
    found = grid.evaluate(ROW_JS, index)
    if found is None:
        raise Missed(f"the first grid has no row {index}")
    row_height = found["content"] / found["rows"]  # the header and each data row
    return lambda: grid.click(position={"x": found["dx"] + row_height / 2,
                                        "y": found["dy"] + row_height * (found["index"] + 1.5)})


CLICK_AIMS: dict[str, Aim] = {
    "ranking bar": aim_bar,
    "map region": aim_map,
    "explorer row": aim_row,
}


def bare_query(now: dict[str, int], after: dict[str, int] | None = None) -> str:
    """The bare page's query string for a view showing ``now`` (counts as
    :data:`SETTLED_JS` returns them), and ``after`` for the view a click opens."""
    after = after or now
    parts = []
    for prefix, counts in (("", now), ("n", after)):
        for kind, param in BARE_PARAM.items():
            parts.append(f"{prefix}{param}={counts.get(kind, 0)}")
            parts.append(f"{prefix}h{param}={counts.get(kind + '_hidden', 0)}")
    return "?" + "&".join(parts)


@dataclass
class Measured:
    """One measure on the dashboard and on the bare page: timings and what each showed."""

    page: Timings = field(default_factory=lambda: Timings([]))
    bare: Timings = field(default_factory=lambda: Timings([]))
    page_shows: dict[str, int] = field(default_factory=dict)
    bare_shows: dict[str, int] = field(default_factory=dict)
    missed: dict[str, int] = field(default_factory=lambda: {"page": 0, "bare": 0})

    @property
    def ratio(self) -> float | None:
        page, bare = self.page.median_ms, self.bare.median_ms
        return round(page / bare, 2) if page and bare else None

    def as_json(self) -> dict[str, Any]:
        return {
            "page": self.page.as_json(),
            "bare": self.bare.as_json(),
            "page_to_bare": self.ratio,
            "page_shows": _nonzero(self.page_shows),
            "bare_shows": _nonzero(self.bare_shows),
            "missed_clicks": self.missed,
        }


def _nonzero(counts: dict[str, int]) -> dict[str, int]:
    """What a view shows, without the kinds it has none of."""
    return {kind: count for kind, count in counts.items() if count}


def _error(error: BaseException) -> str:
    return f"{error.__class__.__name__}: {error}"[:500]


def _navigation(browser: Any, url: str, runs: int) -> tuple[Timings, dict[str, int]]:
    """A warm-up visit, then ``runs`` timed navigations to ``url`` in one tab."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    seconds: list[float] = []
    shows: dict[str, int] = {}
    try:
        tab = context.new_page()
        shows = first_visit(tab, url)
        for _ in range(runs):
            seconds.append(timed_navigation(tab, url, shows))
        return Timings(seconds), shows
    except Exception as error:  # a timeout or a dead server: reported, not timed
        return Timings(seconds, error=_error(error)), shows
    finally:
        context.close()


def _clicks(browser: Any, url: str, aim: Aim, runs: int
            ) -> tuple[Timings, dict[str, int], dict[str, int], int]:
    """A warm-up click (which also fills the read cache of the view it opens and tells
    what that view shows), then ``runs`` timed clicks, each from a fresh visit of
    ``url``; timings, what the start view and the opened view show, and how many clicks
    missed (retried, at most ``runs`` in all)."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    missed = 0
    seconds: list[float] = []
    start: dict[str, int] = {}
    after: dict[str, int] = {}
    try:
        tab = context.new_page()
        while not after:
            start = first_visit(tab, url)
            tab.wait_for_timeout(PAUSE_MS)
            try:
                timed_click(tab, aim, None)
            except Missed:
                missed += 1
                if missed > runs:
                    raise
                continue
            tab.wait_for_timeout(800)
            after = settled(tab)
        while len(seconds) < runs:
            tab.goto(url)
            settled(tab, start)
            tab.wait_for_timeout(PAUSE_MS)
            try:
                seconds.append(timed_click(tab, aim, after))
            except Missed:
                missed += 1
                if missed > runs:
                    raise
        return Timings(seconds), start, after, missed
    except Exception as error:  # a timeout, missed clicks, a dead server: reported
        return Timings(seconds, error=_error(error)), start, after, missed
    finally:
        context.close()


def measure_browser(
    url: str,
    folder: Path,
    *,
    query: str,
    runs: int,
    navigations: list[str] | None = None,
    clicks: list[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, dict[str, Measured]]:
    """{"navigation": {path: Measured}, "click": {name: Measured}} for the database at
    ``url``, each view at ``query`` (e.g. ``region=360000&year=2018&lang=zh``).

    The dashboard is measured first (which tells how many charts and tables each view
    shows), then the bare page with those counts, by its own server in the same run.
    """
    say = progress or (lambda _message: None)
    navigations = list(NAVIGATIONS) if navigations is None else navigations
    clicks = list(CLICKS) if clicks is None else clicks
    nav: dict[str, Measured] = {path: Measured() for path in navigations}
    click: dict[str, Measured] = {name: Measured() for name in clicks}
    starts: dict[str, dict[str, int]] = {}  # click -> what its start view shows
    with chromium() as browser:
        with dashboard_server(url, folder) as server:
            for path in navigations:
                measured = nav[path]
                measured.page, measured.page_shows = _navigation(
                    browser, f"{server.url}{path}?{query}", runs)
                say(f"  chromium {path}: {_ms(measured.page)}")
            for name in clicks:
                measured = click[name]
                measured.page, starts[name], measured.page_shows, measured.missed["page"] = (
                    _clicks(browser, f"{server.url}{CLICKS[name]}?{query}",
                            CLICK_AIMS[name], runs))
                say(f"  chromium click {name}: {_ms(measured.page)}")
        with bare_server(folder) as bare:
            for path in navigations:
                measured = nav[path]
                if not measured.page_shows:
                    measured.bare = Timings([], error="not measured: the page never settled")
                    continue
                measured.bare, measured.bare_shows = _navigation(
                    browser, f"{bare.url}/{bare_query(measured.page_shows)}", runs)
                say(f"  bare {path}: {_ms(measured.bare)} (page / bare {measured.ratio})")
            for name in clicks:
                measured = click[name]
                if not measured.page_shows:
                    measured.bare = Timings([], error="not measured: the page's click failed")
                    continue
                measured.bare, _start, measured.bare_shows, measured.missed["bare"] = _clicks(
                    browser, f"{bare.url}/{bare_query(starts[name], measured.page_shows)}",
                    CLICK_AIMS[name], runs)
                say(f"  bare click {name}: {_ms(measured.bare)} "
                    f"(page / bare {measured.ratio})")
    return {"navigation": nav, "click": click}


def _ms(timings: Timings) -> str:
    median = timings.median_ms
    return f"ERROR {timings.error}" if median is None else f"{median:.0f} ms"


def _status_kb(pid: int) -> dict[str, int]:
    """``VmRSS`` and ``VmHWM`` of one process, in kB (0 when it has gone)."""
    found = {"VmRSS": 0, "VmHWM": 0}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in found:
                found[key] = int(value.split()[0])
    return found


def _descendants(pid: int) -> list[int]:
    """Every process started by ``pid``, recursively (from ``/proc/*/task/*/children``)."""
    found: list[int] = []
    pending = [pid]
    while pending:
        current = pending.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            with contextlib.suppress(OSError):
                children = [int(c) for c in (task / "children").read_text().split()]
                found.extend(children)
                pending.extend(children)
    return found


def tree_memory_mb(pid: int) -> dict[str, float]:
    """Resident memory of ``pid`` and every process it started (MB), and the peak of
    ``pid`` itself (``VmHWM``)."""
    own = _status_kb(pid)
    rss = own["VmRSS"] + sum(_status_kb(child)["VmRSS"] for child in _descendants(pid))
    return {"rss_mb": round(rss / 1024, 1), "peak_mb": round(own["VmHWM"] / 1024, 1)}


def measure_memory(url: str, folder: Path, views: list[str], *, sessions: int,
                   progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """The server's memory (RSS of ``python -m dashboard`` and its children) once
    ``sessions`` Chromium pages, each its own Streamlit session on a different view of
    ``views`` (paths with their query, cycled), have settled and stay open."""
    say = progress or (lambda _message: None)
    result: dict[str, Any] = {"sessions": sessions, "target_mb": MEMORY_TARGET_MB,
                              "views": [views[i % len(views)] for i in range(sessions)],
                              "error": None}
    with chromium() as browser, dashboard_server(url, folder) as server:
        pid = server.process.pid
        result["idle"] = tree_memory_mb(pid)
        contexts = []
        try:
            for view in result["views"]:
                context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
                contexts.append(context)
                first_visit(context.new_page(), f"{server.url}{view}")
            time.sleep(2)  # the sessions' last messages and the collector settle
            result.update(tree_memory_mb(pid))
            rss = result["rss_mb"]
            result["rss_to_target"] = round(rss / MEMORY_TARGET_MB, 2)
            say(f"  memory with {sessions} sessions: {rss:.0f} MB RSS "
                f"(idle {result['idle']['rss_mb']:.0f} MB, peak {result['peak_mb']:.0f} MB)")
        except Exception as error:  # a timeout or a dead server: reported, not measured
            result["error"] = _error(error)
            say(f"  memory: ERROR {result['error']}")
        finally:
            for context in contexts:
                with contextlib.suppress(Exception):
                    context.close()
    return result
