"""The server-side run of every page, cold and warm, through Streamlit's AppTest.

Why AppTest: it runs the page script exactly as the server does for a visitor (query
parameters, navigation, every read and every element), in this process and without a
browser, so the figure is the server's share of a page view. Each measured run is a new
``AppTest`` (a new session, as a new visitor); only ``at.run()`` is timed.

Two figures per run: the AppTest total (``at.run()``: the harness's session, thread and
message handling included, ~300 ms even for a two-line script here) and the page script
itself as Streamlit's ScriptRunner executes it (the span of its ``exec`` of the script,
:func:`script_clock`): what a page view costs the server apart from the harness.

- cold: the dashboard's read cache (``dashboard.core.reads.clear``) is emptied before the run,
  so every figure on the page is read from the database (the connection pool and the
  gazetteer's boundaries stay warm, as in a server that has been up for a while);
- warm: the same view again with the cache filled by a previous run.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
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


def _median_ms(seconds: list[float]) -> float:
    return statistics.median(seconds) * 1000


def _p95_ms(seconds: list[float]) -> float:
    """Nearest-rank 95th percentile (the slowest run when there are fewer than 20)."""
    ordered = sorted(seconds)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] * 1000


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@dataclass
class Timings:
    """Seconds of each measured run (the AppTest total, and the page script's own share
    in ``script_seconds``), and the first error when a run failed (its page then has no
    figure: a failed run is not a fast one)."""

    seconds: list[float]
    error: str | None = None
    script_seconds: list[float] = field(default_factory=list)

    @property
    def median_ms(self) -> float | None:
        return None if self.error or not self.seconds else _median_ms(self.seconds)

    @property
    def p95_ms(self) -> float | None:
        return None if self.error or not self.seconds else _p95_ms(self.seconds)

    @property
    def script_median_ms(self) -> float | None:
        """The page script's own run (ScriptRunner's exec of it), without the harness."""
        if self.error or not self.script_seconds:
            return None
        return _median_ms(self.script_seconds)

    @property
    def script_p95_ms(self) -> float | None:
        if self.error or not self.script_seconds:
            return None
        return _p95_ms(self.script_seconds)

    def as_json(self) -> dict[str, Any]:
        return {
            "runs": len(self.seconds),
            "median_ms": _rounded(self.median_ms),
            "p95_ms": _rounded(self.p95_ms),
            "script_median_ms": _rounded(self.script_median_ms),
            "script_p95_ms": _rounded(self.script_p95_ms),
            "error": self.error,
        }


@dataclass(frozen=True)
class Run:
    """One measured run: the AppTest total and the page script's own part, seconds."""

    total: float
    script: float


# Seconds of every script exec since the clock was installed (appended by the script
# thread; the bench runs one AppTest at a time, so the list is read between runs only).
_SCRIPT_SPANS: list[float] = []


def script_clock() -> None:
    """Time every script run Streamlit's ScriptRunner executes in this process.

    Why here and not in the page: the ScriptRunner runs the script through
    ``exec_func_with_error_handling`` (the entry script, its ``st.navigation`` and the
    page it runs, to the end or to ``st.stop``), the same call on the server as under
    AppTest; wrapping that call measures exactly the page's work, with no timing code in
    the dashboard. Installed once; later calls do nothing.
    """
    from streamlit.runtime.scriptrunner import script_runner

    current = script_runner.exec_func_with_error_handling
    if getattr(current, "bench_clock", False):
        return

    @functools.wraps(current)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return current(*args, **kwargs)
        finally:
            _SCRIPT_SPANS.append(time.perf_counter() - started)

    timed.bench_clock = True  # type: ignore[attr-defined]
    script_runner.exec_func_with_error_handling = timed


class PageError(RuntimeError):
    """A page run that raised (a statement timeout, say): reported, not timed."""


def page_params(page: str, year: int, region: str, project: str) -> tuple[str, dict[str, str]]:
    """The page file and the query parameters of the view measured for ``page``."""
    file, extra = PAGES[page]
    params = {"year": str(year), "region": region, **extra}
    if page == "project":
        params["project"] = project
    return file, params


def run_once(file: str, params: dict[str, str]) -> Run:
    """One full server-side run of ``file`` with ``params``: the AppTest total and the
    script's own seconds. A page that raises is an error of the benchmark, not a slow
    page."""
    from streamlit.testing.v1 import AppTest

    script_clock()
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT_S)
    if file != "overview":
        at.switch_page(f"../pages/{file}.py")
    for key, value in params.items():
        at.query_params[key] = value
    _SCRIPT_SPANS.clear()
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    script = sum(_SCRIPT_SPANS)  # a rerun within the run (none expected) counts too
    if at.exception:
        raise PageError(f"page {file} {params} failed: {[e.value for e in at.exception]}")
    if any(notice in str(element.value) for element in [*at.warning, *at.error]
           for notice in _outage_notices()):
        # A read that failed or passed DASHBOARD_DB_TIMEOUT is answered with the outage
        # notice, not an exception: the page is then not served, however fast.
        raise PageError(f"page {file} {params} showed the outage notice (a read failed or "
                        "passed DASHBOARD_DB_TIMEOUT; see the log above)")
    return Run(elapsed, script)


def _outage_notices() -> tuple[str, ...]:
    from dashboard.core.i18n import t

    return tuple(t("db.outage", lang) for lang in ("zh", "en"))


def _timed(file: str, params: dict[str, str], runs: int, before: Callable[[], None]) -> Timings:
    """``runs`` runs of one view, ``before()`` ahead of each; stops at the first error."""
    seconds: list[float] = []
    script: list[float] = []
    for _ in range(runs):
        before()
        try:
            run = run_once(file, params)
        except PageError as error:
            return Timings(seconds, error=str(error)[:500], script_seconds=script)
        seconds.append(run.total)
        script.append(run.script)
    return Timings(seconds, script_seconds=script)


def _ms(timings: Timings) -> str:
    median, script = timings.median_ms, timings.script_median_ms
    if median is None:
        return f"ERROR {timings.error}"
    return f"{median:.0f} ms" + ("" if script is None else f" (script {script:.0f} ms)")


def _no_context_warning(record: logging.LogRecord) -> bool:
    return "missing ScriptRunContext" not in record.getMessage()


def _quiet_streamlit() -> None:
    """AppTest in a plain process warns on every run that it has no ScriptRunContext.
    Levels do not silence it (each AppTest run sets Streamlit's log level back from its
    config), so that one message is filtered out of the logger that emits it; every
    other Streamlit logger is lowered to errors."""
    from streamlit import logger as streamlit_logger
    from streamlit.runtime.scriptrunner_utils import script_run_context

    streamlit_logger.set_log_level(logging.ERROR)
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)
    context_logger = logging.getLogger(script_run_context.__name__)
    if _no_context_warning not in context_logger.filters:
        context_logger.addFilter(_no_context_warning)


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
    script_clock()
    AppTest.from_string(BARE_SCRIPT, default_timeout=TIMEOUT_S).run()
    seconds, script = [], []
    for _ in range(runs):
        at = AppTest.from_string(BARE_SCRIPT, default_timeout=TIMEOUT_S)
        _SCRIPT_SPANS.clear()
        started = time.perf_counter()
        at.run()
        seconds.append(time.perf_counter() - started)
        script.append(sum(_SCRIPT_SPANS))
    return Timings(seconds, script_seconds=script)


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
    from dashboard.core import reads

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
