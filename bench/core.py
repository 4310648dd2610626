"""One benchmark run: both scales generated and imported, every page measured, one table.

Why the pieces are functions taking their sizes as arguments: ``python -m bench`` runs
them at province and national scale, and ``tests/slow/test_bench_smoke.py`` runs the very
same functions at a tiny scale in seconds, so the benchmark cannot rot unnoticed.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from bench.browser import (
    RATIO_TARGET,
    measure_browser,
    measure_memory,
    missing_browser,
)
from bench.generate import NATIONAL_YEAR, ImportTiming, build_scale, publishing_provinces
from bench.pages import PAGES, measure_bare, measure_pages
from data_access import regions
from data_access.db.engine import make_engine
from data_access.db.schema import ProjectYear
from data_access.demo import build as demo

T = TypeVar("T")

SCALES = ("province", "national")
VIEW_REGION = demo.PROVINCE  # both scales are read at the same view: Jiangxi, one year
VIEW_YEAR = NATIONAL_YEAR
IMPORT_TARGET = 1 / 3
# Demo scale of each province at national scale: about 1.3 million project-years in all
# (issue 8 asks for at least 1.2 million); --quick's reduced scale.
NATIONAL_SCALE = 1.3
QUICK_NATIONAL_SCALE = 0.12
BROWSER_SCALE = "province"  # the scale measured in Chromium (issue 8: province scale)
BROWSER_LANG = "zh"


@dataclass
class ScalePlan:
    """What one scale is: which provinces, which fiscal years, which demo scale."""

    name: str
    provinces: list[str] | None  # None: every publishing province of the gazetteer
    years: tuple[int, ...]
    scale: float


@dataclass
class BrowserPlan:
    """What is measured in Chromium at province scale: ``runs`` timed navigations and
    clicks per measure (each on the dashboard and on the bare page), and the server's
    memory with ``sessions`` browser sessions open. None: every navigation and click."""

    runs: int
    sessions: int
    navigations: list[str] | None = None
    clicks: list[str] | None = None


def in_own_thread(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``function`` in a worker thread and return its result.

    Why: Playwright's sync API refuses to start in a thread whose asyncio loop is
    running, as the main thread's is when the bench runs inside a test session after
    the browser tests (their session-wide sync Playwright keeps a loop there); a fresh
    worker thread has none.
    """
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def plans(*, quick: bool, national_scale: float | None = None,
          province_scale: float = 1.0, national_provinces: int | None = None
          ) -> list[ScalePlan]:
    """Province scale is the demo (Jiangxi, 2013–2018, scale 1); national scale is every
    publishing province for one year (``--quick``: at a tenth of the full size)."""
    national = national_scale if national_scale is not None else (
        QUICK_NATIONAL_SCALE if quick else NATIONAL_SCALE)
    return [
        ScalePlan("province", [demo.PROVINCE], tuple(demo.YEARS), province_scale),
        ScalePlan("national", None if national_provinces is None else national_provinces_list(
            national_provinces), (NATIONAL_YEAR,), national),
    ]


def national_provinces_list(count: int) -> list[str]:
    """The first ``count`` publishing provinces, Jiangxi always among them (it is the
    view every page is measured at)."""
    engine = make_engine("sqlite://")
    codes = publishing_provinces(engine)
    engine.dispose()
    chosen = [demo.PROVINCE] + [code for code in codes if code != demo.PROVINCE]
    return chosen[: max(1, count)]


@contextlib.contextmanager
def databases(db: str | None, folder: Path) -> Iterator[dict[str, str]]:
    """scale -> URL of a new, empty database for it, removed afterwards.

    SQLite (default): files in ``folder`` (or beside the file named by ``--db``).
    PostgreSQL: two new databases on the server of ``--db`` (the role needs CREATEDB),
    dropped at the end.
    """
    if db is None or make_url(db).get_backend_name() == "sqlite":
        stem = Path(make_url(db).database) if db and make_url(db).database else folder / "bench"
        urls = {}
        for scale in SCALES:
            path = stem.with_name(f"{stem.stem}-{scale}.db")
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
            urls[scale] = f"sqlite:///{path}"
        yield urls
        return
    parsed = make_url(db)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    admin = create_engine(parsed, isolation_level="AUTOCOMMIT")
    tag = uuid.uuid4().hex[:8]
    names = {scale: f"bench_{scale}_{tag}" for scale in SCALES}
    with admin.connect() as conn:
        for name in names.values():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield {
            scale: parsed.set(database=name).render_as_string(hide_password=False)
            for scale, name in names.items()
        }
    finally:
        from data_access.db.engine import shared_engine

        shared_engine.cache_clear()
        with admin.connect() as conn:
            for name in names.values():
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def first_project(url: str, year: int, region: str) -> str:
    """The code of the biggest public project of ``region`` itself in ``year`` (the
    project page's view), by a direct indexed lookup: the bench must not depend on the
    speed of the explorer's list, which it measures."""
    engine = make_engine(url, create=False)
    try:
        with engine.connect() as conn:
            return str(conn.execute(
                select(ProjectYear.project_code)
                .where(ProjectYear.fiscal_year == year, ProjectYear.region_code == region,
                       ProjectYear.retired_by.is_(None), ProjectYear.withheld.is_(False))
                .order_by(ProjectYear.budget_adjusted_fen.desc(), ProjectYear.id)
                .limit(1)
            ).scalar_one())
    finally:
        engine.dispose()


def memory_views(url: str, project: str) -> list[str]:
    """The views the memory sessions open (paths with their query), each different:
    every page at the province, then the overview, regions and explorer of each of its
    first child regions (so the server holds the reads of several regions)."""
    query = f"year={VIEW_YEAR}&lang={BROWSER_LANG}"
    views = [f"{path}?region={VIEW_REGION}&{query}" for path in (
        "/", "/trends", "/regions", "/explore", "/data", "/hearing")]
    views.append(f"/project?project={project}&{query}")
    engine = make_engine(url, create=False)
    try:
        for child in regions.children(engine, VIEW_REGION)[:3]:
            views += [f"{path}?region={child.code}&{query}"
                      for path in ("/", "/regions", "/explore")]
    finally:
        engine.dispose()
    return views


def browser_section(url: str, folder: Path, plan: BrowserPlan,
                    say: Callable[[str], None]) -> dict[str, Any]:
    """Chromium navigations and clicks, on the dashboard then on the bare page, as plain
    data."""
    say(f"{BROWSER_SCALE}: chromium, {plan.runs} timed runs per measure, dashboard then "
        "bare page")
    measured = measure_browser(
        url, folder, query=f"region={VIEW_REGION}&year={VIEW_YEAR}&lang={BROWSER_LANG}",
        runs=plan.runs, navigations=plan.navigations, clicks=plan.clicks, progress=say,
    )
    return {
        "scale": BROWSER_SCALE,
        "runs": plan.runs,
        "target_page_to_bare": RATIO_TARGET,
        **{kind: {name: m.as_json() for name, m in items.items()}
           for kind, items in measured.items()},
    }


def run_bench(
    *,
    db: str | None,
    quick: bool,
    runs: int,
    scale_plans: list[ScalePlan],
    pages: list[str] | None = None,
    browser: BrowserPlan | None = None,
    progress: Callable[[str], None] | None = None,
    checkpoint: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Generate and import each scale, measure the floor and every page, and (with
    ``browser``) Chromium and the server's memory at province scale; the results as
    plain data (what ``--json`` writes). ``checkpoint(result)`` is called after each
    section with what has been measured so far (``"complete": false`` until the end),
    so an interrupted run keeps its figures."""
    say = progress or (lambda _message: None)
    save = checkpoint or (lambda _result: None)
    backend = "sqlite" if db is None or make_url(db).get_backend_name() == "sqlite" else (
        "postgresql"
    )
    result: dict[str, Any] = {
        "backend": backend,
        "quick": quick,
        "complete": False,
        "runs_per_page": runs,
        "view": {"region": VIEW_REGION, "year": VIEW_YEAR},
        "scales": {},
        "ratios": {},
        "not_measured": [],
    }
    unavailable = missing_browser() if browser else None
    if browser is None:
        result["not_measured"].append(
            "chromium navigation and click to settled, bare-page floor and server memory "
            "with browser sessions (--no-browser)")
    elif unavailable:
        result["not_measured"].append(
            f"chromium and server memory: {unavailable}")
        browser = None
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp, databases(db, Path(tmp)) as urls:
        for plan in scale_plans:
            url = urls[plan.name]
            engine = make_engine(url)
            provinces = plan.provinces or publishing_provinces(engine)
            say(f"{plan.name}: generating {len(provinces)} province(s) × {list(plan.years)} "
                f"at demo scale {plan.scale} into {backend}")
            timing: ImportTiming = build_scale(
                engine, provinces, plan.years, plan.scale, progress=say
            )
            engine.dispose()
            say(f"{plan.name}: {timing.project_years:,} project-years, "
                f"{timing.total_rows:,} rows; import {timing.import_rate:,.0f} rows/s, "
                f"floor {timing.floor_rate:,.0f} rows/s")
            project = first_project(url, VIEW_YEAR, VIEW_REGION)
            scale: dict[str, Any] = {
                "demo_scale": plan.scale,
                "import": timing.as_json(),
                "project": project,
                "pages": {},
            }
            result["scales"][plan.name] = scale
            save(result)
            say(f"{plan.name}: page runs ({runs} cold and {runs} warm each)")
            timings = measure_pages(
                url, year=VIEW_YEAR, region=VIEW_REGION, project=project, runs=runs,
                pages=pages, progress=say,
            )
            scale["pages"] = {
                page: {kind: t.as_json() for kind, t in kinds.items()}
                for page, kinds in timings.items()
            }
            save(result)
            if browser is not None and plan.name == BROWSER_SCALE:
                folder = Path(tmp) / "browser"
                folder.mkdir(exist_ok=True)
                result["browser"] = in_own_thread(browser_section, url, folder, browser, say)
                save(result)
                say(f"{plan.name}: server memory with {browser.sessions} browser sessions")
                result["memory"] = in_own_thread(
                    measure_memory, url, folder, memory_views(url, project),
                    sessions=browser.sessions, progress=say)
                save(result)
    result["bare_apptest"] = measure_bare(runs).as_json()
    scales = result["scales"]
    if all(name in scales for name in SCALES):
        for page in scales["province"]["pages"]:
            result["ratios"][page] = {
                kind: {
                    stat: _ratio(scales["national"]["pages"][page][kind][stat],
                                 scales["province"]["pages"][page][kind][stat])
                    for stat in PAGE_STATS
                }
                for kind in ("cold", "warm")
            }
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["complete"] = True
    save(result)
    return result


# Each page run's figures: the AppTest total, then the page script's own run within it.
PAGE_STATS = ("median_ms", "p95_ms", "script_median_ms", "script_p95_ms")
PAGE_ROWS = (
    ("median_ms", "{page} {kind} median (ms)"),
    ("p95_ms", "{page} {kind} p95 (ms)"),
    ("script_median_ms", "  of which page script median (ms)"),
    ("script_p95_ms", "  of which page script p95 (ms)"),
)


def _national_reduced(result: dict[str, Any]) -> bool:
    """Whether the national scale of ``result`` was generated below the full demo scale."""
    national = result["scales"].get("national")
    return national is not None and national["demo_scale"] < NATIONAL_SCALE


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if not numerator or not denominator:
        return None
    return round(numerator / denominator, 2)


def _cell(value: float | None, fmt: str) -> str:
    return "–" if value is None else format(value, fmt)


def table(result: dict[str, Any]) -> str:
    """The one printed table: import and floor, then every page cold and warm, each
    scale in a column and national / province beside it."""
    scales = result["scales"]
    columns = [name for name in SCALES if name in scales]
    lines = []
    header = f"{'measure':<34}" + "".join(f"{name:>14}" for name in columns)
    if len(columns) == 2:
        header += f"{'nat/prov':>10}"
    lines.append(header)
    lines.append("-" * len(header))

    def row(label: str, values: list[float | None], fmt: str, ratio: float | None = None,
            show_ratio: bool = False) -> None:
        line = f"{label:<34}" + "".join(f"{_cell(v, fmt):>14}" for v in values)
        if show_ratio and len(columns) == 2:
            line += f"{_cell(ratio, '.2f'):>10}"
        lines.append(line)

    imports = [scales[name]["import"] for name in columns]
    row("project-years", [i["project_years"] for i in imports], ",")
    row("rows written (all tables)", [i["total_rows"] for i in imports], ",")
    row("generate (s)", [i["generate_s"] for i in imports], ".1f")
    row("import (s, with rollups, commit)", [i["import_s"] for i in imports], ".1f")
    row("  of which rollups and commit (s)", [i.get("finish_s") for i in imports], ".1f")
    row("import rows/s", [i["import_rows_per_s"] for i in imports], ",.0f")
    row("floor rows/s (plain driver inserts)", [i["floor_rows_per_s"] for i in imports], ",.0f")
    row(f"import / floor (target ≥ {IMPORT_TARGET:.2f})",
        [i["import_to_floor"] for i in imports], ".2f")
    pages = [p for p in PAGES if all(p in scales[name]["pages"] for name in columns)]
    for page in pages:
        for kind in ("cold", "warm"):
            for stat, label in PAGE_ROWS:
                values = [scales[name]["pages"][page][kind].get(stat) for name in columns]
                ratio = result["ratios"].get(page, {}).get(kind, {}).get(stat)
                row(label.format(page=page, kind=kind), values, ".0f", ratio, show_ratio=True)
    bare = result.get("bare_apptest")
    if bare:
        lines.append(f"{'bare AppTest run median / p95 (ms)':<34}"
                     f"{_cell(bare['median_ms'], '.0f'):>14}{_cell(bare['p95_ms'], '.0f'):>14}"
                     "   (fixed cost of a run, no page)")
        if bare.get("script_median_ms") is not None:
            lines.append(f"{'  of which script median/p95 (ms)':<34}"
                         f"{_cell(bare['script_median_ms'], '.0f'):>14}"
                         f"{_cell(bare['script_p95_ms'], '.0f'):>14}")
    lines.extend(_browser_lines(result))
    runs = {name: scales[name]["pages"][pages[0]]["warm"]["runs"] for name in columns} if (
        pages) else {}
    lines.append("")
    lines.append(
        f"backend {result['backend']}; view region={result['view']['region']} "
        f"year={result['view']['year']}; runs per page and state: "
        + ", ".join(f"{name} {count}" for name, count in runs.items())
        + (" (--quick: fewer than 20 runs" if result["quick"] else "")
        + (", national scale reduced)" if result["quick"] and _national_reduced(result)
           else ")" if result["quick"] else "")
    )
    for name in columns:
        info = scales[name]
        lines.append(
            f"{name}: {info['import']['provinces']} province(s), years "
            f"{info['import']['years']}, demo scale {info['demo_scale']}, "
            f"project page {info['project']}"
        )
    for name in columns:
        for page in pages:
            for kind in ("cold", "warm"):
                error = scales[name]["pages"][page][kind].get("error")
                if error:
                    lines.append(f"ERROR {name} {page} {kind}: {error}")
    for section in ("navigation", "click"):
        for name, measured in result.get("browser", {}).get(section, {}).items():
            for side in ("page", "bare"):
                if measured[side].get("error"):
                    lines.append(f"ERROR chromium {section} {name} {side}: "
                                 f"{measured[side]['error']}")
    if result.get("memory", {}).get("error"):
        lines.append(f"ERROR server memory: {result['memory']['error']}")
    if result["not_measured"]:
        lines.append("not measured: " + "; ".join(result["not_measured"]))
    return "\n".join(lines)


def _browser_lines(result: dict[str, Any]) -> list[str]:
    """The Chromium rows (page, bare page, page / bare per navigation and click) and the
    server's memory; nothing when they were not measured."""
    browser, memory = result.get("browser"), result.get("memory")
    if not browser and not memory:
        return []
    lines = [""]
    if browser:
        header = (f"{'chromium, ' + browser['scale'] + ' scale, warm (ms)':<34}"
                  f"{'page':>14}{'bare page':>14}{'page/bare':>10}")
        lines += [header, "-" * len(header)]
        for section, label in (("navigation", "navigate to"), ("click", "click")):
            for name, measured in browser.get(section, {}).items():
                lines.append(
                    f"{label + ' ' + name + ' median':<34}"
                    f"{_cell(measured['page']['median_ms'], ',.0f'):>14}"
                    f"{_cell(measured['bare']['median_ms'], ',.0f'):>14}"
                    f"{_cell(measured['page_to_bare'], '.2f'):>10}"
                )
        lines.append(
            f"(medians of {browser['runs']} runs each; target page/bare ≤ "
            f"{browser['target_page_to_bare']:.2f}; the bare page has as many Plotly "
            "charts, maps, grids and tables as the page's view, static data, no query)"
        )
    if memory and not memory.get("error"):
        lines.append(
            f"server memory, {memory['sessions']} browser sessions open: "
            f"{memory['rss_mb']:,.0f} MB RSS (target ≤ {memory['target_mb']} MB, "
            f"{memory['rss_to_target']:.2f} of it); idle {memory['idle']['rss_mb']:,.0f} MB, "
            f"peak {memory['peak_mb']:,.0f} MB"
        )
    return lines
