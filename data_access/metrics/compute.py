"""The metric keys of DESIGN.md, computed by the database.

Why this shape: every view of the dashboard (a region's headline figures, the split of
a region into its 本级 and children, the departments of a government, the year series)
is the same aggregation grouped by a different key. :func:`_aggregate` builds that one
SQL aggregation for a filter and a grouping; the public functions only choose both.
Nothing here loads whole tables into Python: the database returns one row per group.

Every group is reduced to integer sums and counts first (:data:`SUM_KEYS`, money in
fen, scores in hundredths of a point), and every metric key is computed from those by
:func:`metrics_from_sums`. Why: the rollup tables (``data_access.metrics.rollups``) store the
same sums for the latest release, so the public functions read them instead of
scanning project-years, and the two ways agree exactly (``tests/data/test_rollups.py``).
Figures pinned to an older release, or filtered by sector, are computed directly;
:func:`computed_directly` forces the direct computation (the reference).

Definitions (DESIGN.md): the final evaluation of a project-year is the one of highest
authority (finance > department > self; ties broken by the latest publication, then
the latest record); its score and grade are the project-year's. A rate whose
denominator is zero is None ("no data"), never 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import and_, literal_column, select
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql import ColumnElement

from data_access import disclosure
from data_access.db.schema import (
    Department,
    ProjectYear,
    Region,
    RegionAncestor,
)
from data_access.db.sql_helpers import (
    Bind,
    connection,
    department_name,
    region_condition,
    region_listed,
    region_name,
    visible,
)
from data_access.metrics import registry as metric_registry
from data_access.metrics import rollups
from data_access.metrics.sums import SCORE_UNITS, SUM_KEYS, Sums, grouped_sums
from data_access.money import fen_to_yuan
from data_access.reads.selection import ViewFilter

# The metric keys and their kinds are declared once, in ``metric_registry``.
METRIC_KEYS: tuple[str, ...] = metric_registry.METRIC_KEYS
MONEY_METRICS = metric_registry.keys_of_kind("money")
RATE_METRICS = metric_registry.keys_of_kind("rate")
SCORE_METRICS = metric_registry.keys_of_kind("score")
COUNT_METRICS = metric_registry.keys_of_kind("count")


MetricValue = Decimal | int | float | None
Metrics = dict[str, MetricValue]


@dataclass(frozen=True)
class ChildMetrics:
    """One row of a region's drill-down: its 本级 (kind "own") or a child's 全辖."""

    code: str
    name: str
    level: str
    kind: str
    metrics: Metrics = field(default_factory=dict)


@dataclass(frozen=True)
class DepartmentMetrics:
    """One department of a government with its metrics for a year."""

    department_id: int
    code: str
    name: str
    metrics: Metrics = field(default_factory=dict)


# ---------------------------------------------------------------------------- SQL


def _project_years(
    flt: ViewFilter, group: str | None, child_codes: Iterable[str] = ()
):
    """The filtered project-years with the money columns and a group key ``grp``."""
    if group is None:
        grp: ColumnElement[Any] | InstrumentedAttribute[Any] = literal_column("0")
    elif group == "year":
        grp = ProjectYear.fiscal_year
    elif group == "department":
        grp = ProjectYear.department_id
    elif group == "child":
        grp = RegionAncestor.ancestor_code
    else:  # pragma: no cover - programming error
        raise ValueError(group)
    stmt = select(
        ProjectYear.id.label("pid"),
        ProjectYear.budget_adjusted_fen.label("budget"),
        ProjectYear.spent_fen.label("spent"),
        ProjectYear.has_targets.label("has_targets"),
        ProjectYear.withheld.label("withheld"),
        grp.label("grp"),
    )
    conditions: list[ColumnElement[bool]] = [visible(flt.release)]
    if group == "child":
        stmt = stmt.join(
            RegionAncestor,
            and_(
                RegionAncestor.descendant_code == ProjectYear.region_code,
                RegionAncestor.ancestor_code.in_(list(child_codes)),
            ),
        )
    # For a split into children this also narrows the scan to the parent's 全辖 rows
    # through the (fiscal_year, region_code) index.
    conditions.append(region_condition(flt.region, flt.scope))
    if not disclosure.withheld_counts(
        department_id=flt.department_id, sector=flt.sector, group=group
    ):
        conditions.append(disclosure.public())
    if flt.year is not None:
        conditions.append(ProjectYear.fiscal_year == flt.year)
    if flt.department_id is not None:
        conditions.append(ProjectYear.department_id == flt.department_id)
    if flt.sector is not None:
        conditions.append(ProjectYear.sector == flt.sector)
    return stmt.where(*conditions).cte("py")


def _aggregate(
    bind: Bind, flt: ViewFilter, group: str | None, child_codes: Iterable[str] = ()
) -> dict[Any, Metrics]:
    """Every metric of DESIGN.md for each group of the filtered project-years, computed
    directly from the project-years (the reference the rollups are tested against)."""
    py = _project_years(flt, group, child_codes)
    with connection(bind) as conn:
        sums = grouped_sums(conn, py, ["grp"])
    counts_withheld = disclosure.withheld_counts(
        department_id=flt.department_id, sector=flt.sector, group=group
    )
    return {key[0]: metrics_from_sums(row, counts_withheld) for key, row in sums.items()}


# Set (by :func:`computed_directly`) to bypass the rollups: the reference computation.
_DIRECT: ContextVar[bool] = ContextVar("metrics_direct", default=False)


@contextmanager
def computed_directly() -> Iterator[None]:
    """Within this block the public functions compute from the project-years, never
    from the rollups: the reference the rollups are tested and benchmarked against."""
    token = _DIRECT.set(True)
    try:
        yield
    finally:
        _DIRECT.reset(token)


def reads_rollups() -> bool:
    """Whether reads may use the rollups now (False inside :func:`computed_directly`):
    the switch ``views`` honours too, so the reference covers every rolled-up read."""
    return not _DIRECT.get()


def _metrics_by_group(
    bind: Bind, flt: ViewFilter, group: str | None, child_codes: Iterable[str] = ()
) -> dict[Any, Metrics]:
    """What :func:`_aggregate` computes, read from the rollups when they can answer
    (latest release, no sector filter, rollups current), computed directly otherwise."""
    with connection(bind) as conn:
        sums = None if _DIRECT.get() else rollups.lookup(conn, flt, group, child_codes)
        if sums is None:
            return _aggregate(conn, flt, group, child_codes)
    counts_withheld = disclosure.withheld_counts(
        department_id=flt.department_id, sector=flt.sector, group=group
    )
    return {key: metrics_from_sums(row, counts_withheld) for key, row in sums.items()}


def metrics_from_sums(sums: Mapping[str, int], counts_withheld: bool) -> Metrics:
    """Every metric key from the integer sums of a group, with the disclosure rule
    applied: one function for the direct computation and the rollups alike."""
    return _disclosed(_metrics_from_sums(sums), counts_withheld)


def _disclosed(metrics: Metrics, counts_withheld: bool) -> Metrics:
    """``metrics`` with the withheld line None where withheld project-years do not count
    (disclosure rule 2): 0 would state that a department or sector holds none."""
    if counts_withheld:
        return metrics
    return {**metrics, **dict.fromkeys(disclosure.WITHHELD_LINE)}


# ----------------------------------------------------------------------- results


def _rate(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, None when the denominator is zero (no data)."""
    if not denominator:
        return None
    if isinstance(numerator, int) and isinstance(denominator, int):
        return float(Fraction(numerator, denominator))
    return float(numerator or 0) / float(denominator)


def _metrics_from_sums(row: Mapping[str, int]) -> Metrics:
    spending = row["project_spending"]
    spent = row["spent"]
    covered = row["target_covered_funds"]
    monitored = row["monitored_funds"]
    evaluated = row["evaluated_funds"]
    evaluations = row["evaluations"]
    assessed, met = row["indicators_assessed"], row["indicators_met"]
    fair_poor = row["grade_fair"] + row["grade_poor"]
    return {
        "projects": row["projects"],
        "project_spending": fen_to_yuan(spending),
        "spent": fen_to_yuan(spent),
        "execution_rate": _rate(spent, spending),
        "target_covered_funds": fen_to_yuan(covered),
        "target_coverage_rate": _rate(covered, spending),
        "monitored_funds": fen_to_yuan(monitored),
        "monitoring_coverage_rate": _rate(monitored, covered),
        "evaluated_funds": fen_to_yuan(evaluated),
        "evaluation_coverage_rate": _rate(evaluated, spending),
        "evaluated_funds_self": fen_to_yuan(row["evaluated_funds_self"]),
        "evaluated_funds_department": fen_to_yuan(row["evaluated_funds_department"]),
        "evaluated_funds_finance": fen_to_yuan(row["evaluated_funds_finance"]),
        "third_party_evaluations": row["third_party_evaluations"],
        "evaluations": evaluations,
        "average_score": _rate(row["score_sum"], SCORE_UNITS * row["score_count"]),
        "weighted_average_score": _rate(
            row["score_x_budget"], SCORE_UNITS * row["scored_funds"]
        ),
        "grade_excellent": row["grade_excellent"],
        "grade_good": row["grade_good"],
        "grade_fair": row["grade_fair"],
        "grade_poor": row["grade_poor"],
        "indicators_assessed": assessed,
        "indicators_met": met,
        "target_achievement_rate": _rate(met, assessed),
        "applied_rate": _rate(row["evaluations_applied"], evaluations),
        "fair_poor_cut_rate": _rate(row["fair_poor_cut"], fair_poor),
        "self_score_gap": _rate(row["gap_sum"], SCORE_UNITS * row["gap_count"]),
        "reports_to_congress": row["reports_to_congress"],
        "withheld_projects": row["withheld_projects"],
        "withheld_funds": fen_to_yuan(row["withheld_funds"]),
    }


_EMPTY_SUMS: Sums = dict.fromkeys(SUM_KEYS, 0)


def empty_metrics() -> Metrics:
    """The metrics of a view with no project-years: zero counts and money, rates None."""
    return _metrics_from_sums(_EMPTY_SUMS)


# ------------------------------------------------------------------------ public


def _pinned(flt: ViewFilter, release: int | None) -> ViewFilter:
    """``flt`` with the ``release=`` keyword applied (when given, it wins)."""
    return flt if release is None else replace(flt, release=release)


def compute_metrics(bind: Bind, flt: ViewFilter, *, release: int | None = None) -> Metrics:
    """Every metric key for one (year, region, scope[, department, sector]).

    ``release`` (or ``flt.release``) serves the data as of that release; None, the latest.
    """
    found = _metrics_by_group(bind, _pinned(flt, release), None).get(0)
    if found is not None:
        return found
    counts_withheld = disclosure.withheld_counts(
        department_id=flt.department_id, sector=flt.sector, group=None
    )
    return _disclosed(empty_metrics(), counts_withheld)


def children_metrics(
    bind: Bind, year: int, region: str, *, release: int | None = None
) -> list[ChildMetrics]:
    """A region's 全辖 split into its 本级 and each child region's 全辖 (no gaps): the
    children of ``year`` (``sql_helpers.region_listed``), so a region that did not exist
    then and holds no data is not a row of zeros."""
    with connection(bind) as conn:
        name = region_name(release).label("name")
        own = conn.execute(
            select(Region.code, name, Region.level).where(Region.code == region)
        ).first()
        kids = conn.execute(
            select(Region.code, name, Region.level)
            .where(Region.parent_code == region, region_listed(year, release))
            .order_by(Region.code)
        ).all()
        own_metrics = compute_metrics(conn, ViewFilter(year, region, "own", release=release))
        by_child = (
            _metrics_by_group(
                conn,
                ViewFilter(year, region, "all", release=release),
                "child",
                [k.code for k in kids],
            )
            if kids
            else {}
        )
    rows = [
        ChildMetrics(
            code=region,
            name=own.name if own else region,
            level=own.level if own else "",
            kind="own",
            metrics=own_metrics,
        )
    ]
    rows.extend(
        ChildMetrics(
            code=k.code,
            name=k.name,
            level=k.level,
            kind="child",
            metrics=by_child.get(k.code) or empty_metrics(),
        )
        for k in kids
    )
    return rows


def department_metrics(
    bind: Bind, year: int, region: str, *, release: int | None = None
) -> list[DepartmentMetrics]:
    """The departments of a region's own government that have public project-years in
    ``year``, each computed from those only (disclosure rule 2).

    Their names are as of ``release`` (``sql_helpers.department_name``).
    """
    with connection(bind) as conn:
        by_department = _metrics_by_group(
            conn, ViewFilter(year, region, "own", release=release), "department"
        )
        if not by_department:
            return []
        departments = conn.execute(
            select(Department.id, Department.code, department_name(release).label("name"))
            .where(Department.id.in_(list(by_department)))
            .order_by(Department.code)
        ).all()
    return [
        DepartmentMetrics(d.id, d.code, d.name, by_department[d.id]) for d in departments
    ]


def available_years(bind: Bind, *, release: int | None = None) -> list[int]:
    """Every fiscal year that has published project-years (as of ``release``), ascending."""
    with connection(bind) as conn:
        if release is None and not _DIRECT.get():
            from_rollups = rollups.available_years(conn)
            if from_rollups is not None:
                return from_rollups
        return [
            int(y)
            for (y,) in conn.execute(
                select(ProjectYear.fiscal_year)
                .distinct()
                .where(visible(release))
                .order_by(ProjectYear.fiscal_year)
            )
        ]


def year_series(bind: Bind, flt: ViewFilter) -> list[tuple[int, Metrics]]:
    """The metrics of ``flt`` for every year in the database (as of its release; its
    own ``year`` is not read), ascending; empty years included."""
    every_year = flt.replace(year=None)
    with connection(bind) as conn:
        years = available_years(conn, release=flt.release)
        by_year = _metrics_by_group(conn, every_year, "year")
    empty = _disclosed(
        empty_metrics(),
        disclosure.withheld_counts(
            department_id=flt.department_id, sector=flt.sector, group="year"
        ),
    )
    return [(year, by_year.get(year) or empty) for year in years]


def metrics_as_json(metrics: Metrics) -> dict[str, int | float | None]:
    """JSON-ready metrics: money in 元 as numbers (exact to the fen), rates as fractions.

    Money is sent as a JSON number with at most two decimals; every amount up to
    10^13 元 round-trips exactly through a double, which ``to_json_number`` checks.
    """
    out: dict[str, int | float | None] = {}
    for key in METRIC_KEYS:
        value = metrics.get(key)
        if isinstance(value, Decimal):
            number = float(value)
            if Decimal(repr(number)) != value:  # pragma: no cover - beyond 10^13 元
                raise ValueError(f"{key}={value} cannot be written exactly as a JSON number")
            out[key] = number
        else:
            out[key] = value
    return out
