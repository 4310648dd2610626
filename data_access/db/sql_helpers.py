"""SQL building blocks shared by the metric and record queries.

Why: "which project-years are in this region's scope", "which evaluation is final" and
"which rows a release serves" must mean the same thing in every query; they are written
once here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    Engine,
    Float,
    and_,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.sql import ColumnElement

from data_access.db.schema import (
    Department,
    DepartmentName,
    Evaluation,
    ProjectYear,
    Region,
    RegionAncestor,
    RegionName,
    ReportedFigure,
)

Bind = Engine | Connection


def _as_of(
    table: type[ProjectYear | ReportedFigure | RegionName | DepartmentName],
    release: int | None,
) -> ColumnElement[bool]:
    if release is None:
        return table.retired_by.is_(None)
    return and_(
        table.release_id <= release,
        or_(table.retired_by.is_(None), table.retired_by > release),
    )


def visible(release: int | None = None) -> ColumnElement[bool]:
    """Project-years served as of ``release`` (None: the latest, i.e. the live rows).

    Why one predicate: releases keep their history (schema docstring), so every read of
    ``project_year`` must choose a release, and a pinned citation must see exactly the
    rows that were live right after that release was imported: written by it or before
    it, and not yet retired by it or an earlier release.
    """
    return _as_of(ProjectYear, release)


def figure_visible(release: int | None = None) -> ColumnElement[bool]:
    """Reported figures served as of ``release`` (None: the latest); as :func:`visible`."""
    return _as_of(ReportedFigure, release)


def _name_as_of(
    names: type[RegionName | DepartmentName],
    owner: ColumnElement[bool],
    live: Any,
    release: int | None,
) -> ColumnElement[str]:
    """The versioned name (a row of ``names`` that ``owner`` ties to the enclosing
    query's row) visible as of ``release``, else ``live``; ``live`` itself (the plain
    column) for the latest release."""
    if release is None:
        return live
    versioned = (
        select(names.name)
        .where(owner, _as_of(names, release))
        .order_by(names.release_id.desc())
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(versioned, live)


def region_name(release: int | None = None) -> ColumnElement[str]:
    """The name of ``Region`` (the region of the enclosing query) as of ``release``.

    Why one expression: a name a package gave its region is versioned like its figures
    (``schema.RegionName``), so every read that shows a region's name as of a pinned
    release must take this one, not ``Region.name`` (the live name, which is what the
    latest release shows). A gazetteer region, or one added before names were
    versioned, has no row and keeps its one name. Label it where it is selected.
    """
    return _name_as_of(RegionName, RegionName.code == Region.code, Region.__table__.c.name, release)


def department_name(release: int | None = None) -> ColumnElement[str]:
    """The name of ``Department`` (of the enclosing query) as of ``release``.

    Why one expression: department names are versioned by release like region names
    (``schema.DepartmentName``), so every read that shows a department's name as of a
    pinned release takes this one, not ``Department.name`` (the live name, which is
    what the latest release shows). A department with no row visible then (named
    before names were versioned) keeps its one name. Label it where it is selected.
    """
    return _name_as_of(
        DepartmentName,
        DepartmentName.department_id == Department.id,
        Department.__table__.c.name,
        release,
    )


def region_existed(release: int | None = None) -> ColumnElement[bool]:
    """Whether ``Region`` (of the enclosing query) was in the tree as of ``release``.

    A region a package added in a later release is left out of a pinned release's
    lists of child regions, so the pinned page shows the tree it was published with.
    """
    if release is None:
        return true()
    added = exists().where(RegionName.code == Region.code)
    added_by_then = exists().where(RegionName.code == Region.code, RegionName.release_id <= release)
    return or_(~added, added_by_then)


def region_valid_in(year: int) -> ColumnElement[bool]:
    """Whether ``Region`` (of the enclosing query) existed in fiscal year ``year`` by
    its years of validity (``region.valid_from``/``valid_to``, NULL: open-ended)."""
    return and_(
        or_(Region.valid_from.is_(None), Region.valid_from <= year),
        or_(Region.valid_to.is_(None), Region.valid_to >= year),
    )


def region_holds_data(year: int, release: int | None = None) -> ColumnElement[bool]:
    """Whether ``Region`` (of the enclosing query) or a region below it has a
    project-year or a reported figure of fiscal year ``year`` served as of ``release``
    (withheld ones included: they count in its 全辖, disclosure rule 1)."""
    in_region = RegionAncestor.ancestor_code == Region.code
    project_years = (
        select(literal(1))
        .select_from(ProjectYear)
        .join(RegionAncestor, RegionAncestor.descendant_code == ProjectYear.region_code)
        .where(in_region, ProjectYear.fiscal_year == year, visible(release))
    )
    figures = (
        select(literal(1))
        .select_from(ReportedFigure)
        .join(RegionAncestor, RegionAncestor.descendant_code == ReportedFigure.region_code)
        .where(in_region, ReportedFigure.fiscal_year == year, figure_visible(release))
    )
    return or_(project_years.exists(), figures.exists())


def region_listed(year: int | None, release: int | None = None) -> ColumnElement[bool]:
    """Whether ``Region`` (of the enclosing query) is listed among the regions of fiscal
    year ``year`` as of ``release``: in the tree then (:func:`region_existed`), and it
    existed in that year (:func:`region_valid_in`) or holds data of it
    (:func:`region_holds_data`). ``year`` None: every region in the tree.

    Why one definition: 赣州市's 2018 children listed 赣县 (赣县区 from 2017) and 龙南市
    (from 2021) with zeros in the explorer, the phone list, the embeds and the API,
    because each listing took every child ever known. Every listing of a year's child
    regions takes this one. Data wins over the years of validity: the package is the
    authority, so a region it publishes for in a year is listed in that year, and the
    children's 全辖 still add up to the parent's.
    """
    existed = region_existed(release)
    if year is None:
        return existed
    return and_(existed, or_(region_valid_in(year), region_holds_data(year, release)))


def region_condition(region: str, scope: str) -> ColumnElement[bool]:
    """Project-years of ``region`` itself (scope "own", 本级) or of everything below it
    (scope "all", 全辖), through the closure table."""
    if scope == "own":
        return ProjectYear.region_code == region
    below = select(RegionAncestor.descendant_code).where(RegionAncestor.ancestor_code == region)
    return ProjectYear.region_code.in_(below)


def final_evaluation_order() -> tuple[ColumnElement[Any], ...]:
    """Order evaluations of a project-year so that the final one comes first.

    Highest authority (finance > department > self), then the latest publication, then
    the latest record. Missing dates sort oldest on every backend.
    """
    published = func.coalesce(Evaluation.published_on, literal(_NEVER_PUBLISHED, type_=Date))
    return (Evaluation.authority.desc(), published.desc(), Evaluation.id.desc())


# What a missing publication date counts as: older than any published one.
_NEVER_PUBLISHED = dt.date(1900, 1, 1)


def final_evaluation_value(column: Any) -> Any:
    """``column`` of the final evaluation of the project-year of the enclosing query
    (a correlated lookup: one probe of ``evaluation.project_year_id`` per row).

    The SQL definition of "final", from which ``project_year.final_score`` and
    ``final_grade`` are filled on a schema upgrade (``rollups._upgrade_shape``) and
    against which the write-time values are tested.
    """
    return (
        select(column)
        .where(Evaluation.project_year_id == ProjectYear.id)
        .order_by(*final_evaluation_order())
        .limit(1)
        .correlate(ProjectYear)
        .scalar_subquery()
    )


def final_evaluations(
    evaluations: Iterable[tuple[Hashable, int, dt.date | str | None, int, float, str]],
) -> dict[Hashable, tuple[float, str]]:
    """The final evaluation's (score, grade) per project-year, at write time.

    ``evaluations``: (project-year key, authority, published_on, evaluation id, score,
    grade), the id being the one the row is written with. The same choice as
    :func:`final_evaluation_order` (highest authority, latest publication with a missing
    date oldest, highest id), in Python because the writers know every evaluation of a
    release before they write its project-years; tests/data/test_sort_indexes.py checks that
    the stored values equal the SQL lookup.
    """
    best: dict[Hashable, tuple[tuple[int, str, int], float, str]] = {}
    for key, authority, published_on, evaluation_id, score, grade in evaluations:
        if published_on is None:
            published_on = _NEVER_PUBLISHED
        # ISO text orders like the date (SQLite stores dates as ISO text).
        published = published_on.isoformat() if isinstance(published_on, dt.date) else published_on
        rank = (authority, published, evaluation_id)
        held = best.get(key)
        if held is None or rank > held[0]:
            best[key] = (rank, score, grade)
    return {key: (score, grade) for key, (_rank, score, grade) in best.items()}


def execution_rate(spent_fen: int | None, budget_fen: int | None) -> float | None:
    """Spent over adjusted budget; None when nothing is reported spent or the budget is 0.

    The one definition of the explorer's execution rate, shown and sorted (stored in
    ``project_year.execution_rate`` when a row is written). Integer fen divide exactly
    as doubles (below 2**53 fen), so :func:`execution_rate_sql` fills the same values.
    """
    if spent_fen is None or not budget_fen:
        return None
    return spent_fen / budget_fen


def execution_rate_sql() -> ColumnElement[Any]:
    """:func:`execution_rate` of each project-year in SQL (for a schema upgrade)."""
    return cast(ProjectYear.spent_fen, Float) / func.nullif(
        cast(ProjectYear.budget_adjusted_fen, Float), 0
    )


class connection:
    """Use a Connection as is, or open (and close) one from an Engine."""

    def __init__(self, bind: Bind) -> None:
        self._bind = bind
        self._owned: Connection | None = None

    def __enter__(self) -> Connection:
        if isinstance(self._bind, Connection):
            return self._bind
        self._owned = self._bind.connect()
        return self._owned

    def __exit__(self, *exc: object) -> None:
        if self._owned is not None:
            self._owned.close()
