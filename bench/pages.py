"""The server-side run of every page, cold and warm, through Streamlit's AppTest.

Why AppTest: it runs the page script exactly as the server does for a visitor (query
parameters, navigation, every read and every element), in this process and without a
browser, so the figure is the server's share of a page view. Each measured run is a new
``AppTest`` (a new session, as a new visitor); only ``at.run()`` is timed.

- cold: the dashboard's read cache (``dashboard.reads.clear``) is emptied before the run,
  so every figure on the page is read from the database (the connection pool and the
  gazetteer's boundaries stay warm, as in a server that has been up for a while);
- warm: the same view again with the cache filled by a previous run.
"""

from __future__ import annotations

import logging
import math
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
APP_PATH = REPO_ROOT / "dashboard" / "app.py"
TIMEOUT_S = 600

# name -> (page file, extra query parameters); year and region are added to each.
PAGES: dict[str, tuple[str, dict[str, str]]] = {
    "overview": ("overview", {}),
    "trends": ("trends", {}),
    "regions": ("regions", {}),
    "explore top": ("explore", {}),
    "project": ("project", {}),  # project=CODE is added: see :func:`page_params`
    "data": ("data", {}),
    "hearing": ("hearing", {}),
}


@dataclass
class Timings:
    """Seconds of each measured run, and the first error when a run failed (its page
    then has no figure: a failed run is not a fast one)."""

    seconds: list[float]
    error: str | None = None

    @property
    def median_ms(self) -> float | None:
        if self.error or not self.seconds:
            return None
        return statistics.median(self.seconds) * 1000

    @property
    def p95_ms(self) -> float | None:
        """Nearest-rank 95th percentile (the slowest run when there are fewer than 20)."""
        if self.error or not self.seconds:
            return None
        ordered = sorted(self.seconds)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] * 1000

    def as_json(self) -> dict[str, Any]:
        median, p95 = self.median_ms, self.p95_ms
        return {
            "runs": len(self.seconds),
            "median_ms": None if median is None else round(median, 1),
            "p95_ms": None if p95 is None else round(p95, 1),
            "error": self.error,
        }


class PageError(RuntimeError):
    """A page run that raised (a statement timeout, say): reported, not timed."""


def page_params(page: str, year: int, region: str, project: str) -> tuple[str, dict[str, str]]:
    """The page file and the query parameters of the view measured for ``page``."""
    file, extra = PAGES[page]
    params = {"year": str(year), "region": region, **extra}
    if page == "project":
        params["project"] = project
    return file, params


def run_once(file: str, params: dict[str, str]) -> float:
    """One full server-side run of ``file`` with ``params``; seconds. A page that raises
    is an error of the benchmark, not a slow page."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT_S)
    if file != "overview":
        at.switch_page(f"../pages/{file}.py")
    for key, value in params.items():
        at.query_params[key] = value
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise PageError(f"page {file} {params} failed: {[e.value for e in at.exception]}")
    if any(notice in str(element.value) for element in [*at.warning, *at.error]
           for notice in _outage_notices()):
        # A read that failed or passed DASHBOARD_DB_TIMEOUT is answered with the outage
        # notice, not an exception: the page is then not served, however fast.
        raise PageError(f"page {file} {params} showed the outage notice (a read failed or "
                        "passed DASHBOARD_DB_TIMEOUT; see the log above)")
    return elapsed


def _outage_notices() -> tuple[str, ...]:
    from dashboard.i18n import t

    return tuple(t("db.outage", lang) for lang in ("zh", "en"))


def _timed(file: str, params: dict[str, str], runs: int, before: Callable[[], None]) -> Timings:
    """``runs`` runs of one view, ``before()`` ahead of each; stops at the first error."""
    seconds: list[float] = []
    for _ in range(runs):
        before()
        try:
            seconds.append(run_once(file, params))
        except PageError as error:
            return Timings(seconds, error=str(error)[:500])
    return Timings(seconds)


def _ms(timings: Timings) -> str:
    median = timings.median_ms
    return f"ERROR {timings.error}" if median is None else f"{median:.0f} ms"


def _quiet_streamlit() -> None:
    """AppTest in a plain process warns on every run that it has no ScriptRunContext;
    Streamlit gives each of its modules its own logger, created lazily at its global
    level, so the global level is lowered as well as every existing logger's."""
    from streamlit import logger as streamlit_logger

    streamlit_logger.set_log_level(logging.ERROR)
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)


BARE_SCRIPT = """import streamlit as st

st.title("bare")
st.write("no query, no chart")
"""


def measure_bare(runs: int) -> Timings:
    """The fixed cost of one AppTest run: a two-line Streamlit script with no query, no
    chart and no table, measured like the pages (warm, a new AppTest per run). What a
    page costs above it is the page's own work."""
    from streamlit.testing.v1 import AppTest

    _quiet_streamlit()
    AppTest.from_string(BARE_SCRIPT, default_timeout=TIMEOUT_S).run()
    seconds = []
    for _ in range(runs):
        at = AppTest.from_string(BARE_SCRIPT, default_timeout=TIMEOUT_S)
        started = time.perf_counter()
        at.run()
        seconds.append(time.perf_counter() - started)
    return Timings(seconds)


def measure_pages(
    url: str,
    *,
    year: int,
    region: str,
    project: str,
    runs: int,
    pages: list[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, dict[str, Timings]]:
    """page -> {"cold": Timings, "warm": Timings} for the database at ``url``.

    The dashboard finds the database through ``DASHBOARD_DB_URL``, as in production;
    the previous value is restored afterwards.
    """
    from dashboard import reads

    say = progress or (lambda _message: None)
    _quiet_streamlit()
    previous = os.environ.get("DASHBOARD_DB_URL")
    os.environ["DASHBOARD_DB_URL"] = url
    results: dict[str, dict[str, Timings]] = {}
    try:
        reads.clear()
        # The first run of the process imports the app's modules and opens the pool:
        # not a page's cost, so it is left out of every figure.
        _timed(*page_params("overview", year, region, project), 1, lambda: None)
        for page in pages or list(PAGES):
            file, params = page_params(page, year, region, project)
            cold = _timed(file, params, runs, reads.clear)
            fill = _timed(file, params, 1, lambda: None)  # fills the cache for this view
            warm = fill if fill.error else _timed(file, params, runs, lambda: None)
            results[page] = {"cold": cold, "warm": warm}
            say(f"  {page}: cold {_ms(cold)}, warm {_ms(warm)} (medians of {runs})")
    finally:
        reads.clear()
        if previous is None:
            os.environ.pop("DASHBOARD_DB_URL", None)
        else:
            os.environ["DASHBOARD_DB_URL"] = previous
    return results
