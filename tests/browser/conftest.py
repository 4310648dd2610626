"""Browser-test set-up: a running dashboard on a small demo database, and Chromium.

Why a real server and browser: URL history (back button), clicks on the map and the
ranking, the phone-width layout and "nothing fetched from the internet" only exist in a
browser. Debian's Chromium is driven by the pip ``playwright`` package (``playwright
install`` cannot download here). In CI (``CI=true``) these tests must run; locally they
skip with the reason when Chromium is missing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.launch import free_port, serve
from tests.conftest import IN_CI, REPO_ROOT
from tests.pages_support import build_small_demo

CHROMIUM = os.environ.get("DASHBOARD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = REPO_ROOT / "test-artifacts"
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
CONNECTED = "[data-testid='stApp'][data-test-connection-state='CONNECTED']"


def _missing_browser() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (set DASHBOARD_CHROMIUM)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:  # pragma: no cover - requirements-dev installs it
        return f"playwright is not installed: {exc}"
    return None


def require_browser(what: str = "the browser tests") -> None:
    """Skip (locally) or fail (in CI) when Chromium or playwright is missing, as
    ``require_postgres`` does for the database."""
    reason = _missing_browser()
    if reason and IN_CI:
        pytest.fail(f"CI must run {what}: {reason}")
    if reason:
        pytest.skip(reason)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test here ``browser``; skip them locally without Chromium, never in CI."""
    reason = _missing_browser()
    for item in items:
        if "tests/browser" not in str(item.fspath).replace(os.sep, "/"):
            continue
        item.add_marker(pytest.mark.browser)
        if reason and not IN_CI:
            item.add_marker(pytest.mark.skip(reason=reason))


# test_embed_iframe serves its host page on a port of its own under this name.
_free_port = free_port


@pytest.fixture(scope="session")
def browser_db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The small demo database the browser tests' server serves."""
    return build_small_demo(tmp_path_factory.mktemp("browser") / "demo.db")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, browser_db_url: str) -> Iterator[str]:
    """``python -m dashboard`` on a free port, serving a small demo database."""
    require_browser()
    log = tmp_path_factory.mktemp("server") / "server.log"
    with serve(browser_db_url, log=log, start_timeout=60, stop_timeout=10) as served:
        yield served.url


# Counts the app's script runs in the page (installed in every context before any page
# script): a run is counted when the app's script state turns to "running".
RUN_COUNTER = """
window.__dashboardRuns = 0;
new MutationObserver(records => {
    for (const record of records) {
        if (record.target.getAttribute("data-test-script-state") === "running"
            && record.oldValue !== "running") window.__dashboardRuns += 1;
    }
}).observe(document, {
    attributes: true, subtree: true, attributeOldValue: true,
    attributeFilter: ["data-test-script-state"],
});
"""


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium; every context it opens counts the app's runs."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        open_context = instance.new_context

        def new_context(**options: object) -> object:
            context = open_context(**options)
            context.add_init_script(RUN_COUNTER)
            return context

        instance.new_context = new_context  # type: ignore[method-assign]
        yield instance
        instance.close()


@pytest.fixture
def page(browser, server: str) -> Iterator[object]:
    """A fresh desktop-sized page that records any request leaving the server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    tab = context.new_page()
    tab.outside_requests = []  # type: ignore[attr-defined]
    tab.on(
        "request",
        lambda request: (
            tab.outside_requests.append(request.url)  # type: ignore[attr-defined]
            if not request.url.startswith((server, "data:", "blob:"))
            else None
        ),
    )
    yield tab
    context.close()


# The page has drawn what the last run sent: no element left over from the previous run
# (Streamlit marks those stale), fonts loaded, every Plotly chart and deck.gl map drawn.
DRAWN = """() => document.fonts.status === "loaded"
    && !document.querySelector("[data-stale='true']")
    && [...document.querySelectorAll("[data-testid='stPlotlyChart']")]
        .every(chart => chart.querySelector(".main-svg"))
    && [...document.querySelectorAll("[data-testid='stDeckGlJsonChart']")]
        .every(map => map.querySelector("canvas"))"""
# Every Plotly chart as wide as its box again after a resize (Plotly redraws on resize).
RESIZED = """() => [...document.querySelectorAll("[data-testid='stPlotlyChart']")]
    .every(chart => {
        const svg = chart.querySelector(".main-svg");
        return svg && Math.abs(svg.getBoundingClientRect().width
            - chart.getBoundingClientRect().width) <= 2;
    })"""


def settle(tab, *, new_run: bool = True) -> None:
    """Wait until the run an action (or a navigation) caused has ended and the page has
    drawn it, on the app's own state; no fixed sleep.

    ``new_run``: the action causes a run. Then a run started after the previous
    ``settle`` (the page's run counter, :data:`RUN_COUNTER`) is waited for first: some
    widgets (a grid's selection) request their run a moment after the click, while the
    app still reads "notRunning". An action that causes no run passes ``False``.
    After a navigation the state reads "notRunning" before the websocket connects, so
    the connection is waited for too (as Streamlit's own e2e helpers do); then the end
    of the run, then what it sent drawn (:data:`DRAWN`).
    """
    origin = tab.evaluate("performance.timeOrigin")
    seen = tab.__dict__.get("_runs_seen", {}).get(origin, 0)
    tab.wait_for_selector(CONNECTED, timeout=30_000, state="attached")
    if new_run:
        tab.wait_for_function("n => window.__dashboardRuns > n", arg=seen, timeout=30_000)
    tab.wait_for_selector(READY, timeout=30_000)
    tab.wait_for_function(DRAWN, timeout=30_000)
    tab.__dict__["_runs_seen"] = {origin: tab.evaluate("window.__dashboardRuns")}


def submit_text(tab, box, text: str, *, attempts: int = 3) -> None:
    """Type ``text`` into a text input and press Enter, until the app runs with it.

    On a loaded machine a run the page started by itself (a second run writing the
    address) can redraw the input between the fill and the Enter, and the value is lost
    with no run. Then the text is typed again; a run that did come is settled as usual.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    origin = tab.evaluate("performance.timeOrigin")
    for attempt in range(attempts):
        seen = tab.__dict__.get("_runs_seen", {}).get(origin, 0)
        box.fill(text)
        box.press("Enter")
        try:
            tab.wait_for_function("n => window.__dashboardRuns > n", arg=seen, timeout=15_000)
        except PlaywrightTimeout:
            settle(tab, new_run=False)
            # The run may just have come late (a loaded machine): then it is done, and
            # typing the same text again would change nothing and start no run.
            if tab.evaluate("window.__dashboardRuns") > seen:
                return
            if attempt == attempts - 1:
                raise
            continue
        settle(tab)
        return


def go_back(tab, page_name: str, current: str) -> None:
    """Press the browser's Back button and wait until the page shows ``current`` as the
    last item of its breadcrumb (``trail-{page_name}``), then until it is drawn.

    Why not :func:`settle`: Back arrives as a history event, and when it lands while a
    late second run of the previous action is still going (a loaded machine), Streamlit
    folds it into that run and the run counter never moves. What the page shows is the
    state to wait on.
    """
    tab.go_back()
    tab.locator(f".st-key-trail-{page_name} strong", has_text=current).last.wait_for(
        timeout=30_000
    )
    settle(tab, new_run=False)


def screenshot(tab, name: str) -> Path:
    """Save a screenshot of the whole app (the app scrolls inside, so grow the viewport)."""
    ARTIFACTS.mkdir(exist_ok=True)
    width = tab.viewport_size["width"]
    height = tab.evaluate(
        "document.querySelector('[data-testid=stMainBlockContainer]').scrollHeight + 160"
    )
    tab.set_viewport_size({"width": width, "height": min(int(height), 8000)})
    # Plotly and deck.gl redraw after the resize: wait for the charts to fit again.
    tab.wait_for_function(RESIZED, timeout=15_000)
    tab.wait_for_function(DRAWN, timeout=15_000)
    path = ARTIFACTS / f"{name}.png"
    tab.screenshot(path=str(path))
    tab.set_viewport_size({"width": width, "height": 900})
    return path


def _grid(tab, header: str):
    """The ``st.dataframe`` with a column headed ``header`` (e.g. "地区代码")."""
    grid = (
        tab.locator("[data-testid='stDataFrame']")
        .filter(has=tab.locator("th", has_text=header))
        .first
    )
    grid.scroll_into_view_if_needed()
    return grid


def grid_rows(tab, header: str) -> list[dict[str, str]]:
    """The rows a grid shows, as header -> cell text (from its accessible copy, below;
    a link cell as the name it shows: ``_link_name``)."""
    rows = _grid(tab, header).evaluate(
        """element => {
            const table = element.querySelector("canvas table");
            const heads = [...table.querySelectorAll("thead th")].map(h => h.textContent);
            return [...table.querySelectorAll("tbody tr")].map(row => Object.fromEntries(
                [...row.querySelectorAll("td")].map((c, i) => [heads[i], c.textContent])));
        }"""
    )
    return [{key: _link_name(tab, value) for key, value in row.items()} for row in rows]


def _link_name(tab, text: str) -> str:
    """A grid cell as a visitor reads it: a link column's cell holds its href (and the
    grid's accessible copy reads that), the page shows the name; the table's HTML
    alternative links the same href under the same name, so the name is read there."""
    if not text.startswith("/"):
        return text
    return tab.evaluate(
        """href => {
            const link = [...document.querySelectorAll("table.table-alternative a")]
                .find(a => a.getAttribute("href") === href);
            return link ? link.textContent : href;
        }""",
        text,
    )


def select_row(tab, header: str, text: str | None = None) -> dict[str, str]:
    """Select the row of an ``st.dataframe`` whose first column reads ``text`` (the first
    row when None), by clicking its selection checkbox; returns the row (header -> text).

    The grid (glide-data-grid) is a canvas, so the click goes to coordinates inside the
    ``stDataFrame`` box: the checkbox column is the leftmost, one row height wide. The
    table is found by a column header (``header``), the row by the grid's accessible
    copy (a ``<table>`` inside the canvas), and the row height is measured: the grid's
    scroll content is the header plus one row height per row, and Streamlit draws the
    header as high as a row (both ``2.1875rem`` in its theme).
    """
    grid = _grid(tab, header)
    found = _find_row(grid, _link_href(tab, text))
    assert found is not None, f"no row {text!r} in the table with column {header!r}"
    row_height = found["content"] / found["rows"]  # the header and each data row
    assert row_height * (found["index"] + 2) <= found["visible"], "row scrolled out of view"
    grid.click(
        position={
            "x": found["dx"] + row_height / 2,
            "y": found["dy"] + row_height * (found["index"] + 1.5),
        }
    )
    return {key: _link_name(tab, value) for key, value in found["cells"].items()}


def click_link_cell(tab, header: str, text: str) -> None:
    """Click the name ``text`` in the first data column of an ``st.dataframe`` drawn as
    a link column (``specs.rowlinks.GRID_LINKS``), as a visitor clicks a name: a few
    pixels into the cell's text (its first character: the grid follows a link only when
    the pointer is on its text), right of the row's checkbox column (about a row high
    and wide). The row is found and measured as in :func:`select_row`."""
    grid = _grid(tab, header)
    href = _link_href(tab, text)
    assert href != text, f"{text!r} is no link of the page's tables"
    found = _find_row(grid, href)
    assert found is not None, f"no link {text!r} in the table with column {header!r}"
    row_height = found["content"] / found["rows"]
    where = {
        "x": found["dx"] + row_height + 10,
        "y": found["dy"] + row_height * (found["index"] + 1.5),
    }
    # As a hand does: the pointer rests on the name until the grid shows it as a link
    # (a pointer cursor over the link's text), then clicks.
    grid.hover(position=where)
    tab.wait_for_function(
        """element => [...element.querySelectorAll("*")]
            .some(node => getComputedStyle(node).cursor === "pointer")""",
        arg=grid.element_handle(),
        timeout=10_000,
    )
    grid.click(position=where)


def _link_href(tab, text: str | None) -> str | None:
    """The href a link cell named ``text`` holds (see ``_link_name``), else ``text``."""
    if text is None:
        return None
    return tab.evaluate(
        """text => {
            const link = [...document.querySelectorAll("table.table-alternative a")]
                .find(a => a.textContent === text && a.getAttribute("href").startsWith("/"));
            return link ? link.getAttribute("href") : text;
        }""",
        text,
    )


def _find_row(grid, text: str | None) -> dict | None:
    """The row of a grid whose first column reads ``text`` (the first row when None):
    its index, the grid's geometry and its cells (header -> text)."""
    return grid.evaluate(
        """(element, text) => {
            const table = element.querySelector("canvas table");
            const firsts = [...table.querySelectorAll("td[aria-colindex='1']")];
            const cell = firsts.find(c => text === null || c.textContent === text);
            if (!cell) return null;
            const heads = [...table.querySelectorAll("thead th")].map(h => h.textContent);
            const stack = element.querySelector(".dvn-stack");
            const canvas = element.querySelector("canvas").getBoundingClientRect();
            const box = element.getBoundingClientRect();
            return {
                index: Number(cell.id.split("-").pop()),
                rows: Number(table.getAttribute("aria-rowcount")),
                content: Math.max(...[...stack.children].map(c => c.offsetHeight)),
                dx: canvas.left - box.left,
                dy: canvas.top - box.top,
                visible: canvas.height,
                cells: Object.fromEntries([...cell.parentElement.querySelectorAll("td")].map(
                    (c, i) => [heads[i], c.textContent])),
            };
        }""",
        text,
    )
