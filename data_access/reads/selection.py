"""Which project-years a read covers: one value passed to every read of a view.

Why one type: the metrics, the ledger, the flag rules, the project list and the open
data all read "the project-years of (year, region, scope[, department][, sector]) as of
a release"; spelled out as five loose arguments they were repeated in every signature
and unpacked at every call (issue 15). A frozen dataclass of plain values is hashable,
so ``dashboard.core.reads`` keys its cache by it as it is. :func:`view_conditions` is
the one SQL definition of those project-years. This module imports only the database
layer, so every room of ``data_access`` can use it without a cycle.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlalchemy import ColumnElement

from data_access.db.schema import ProjectYear
from data_access.db.sql_helpers import region_condition, visible

SCOPES: tuple[str, ...] = ("all", "own")


@dataclass(frozen=True)
class ViewFilter:
    """The project-years of one view.

    ``scope`` "own" (本级) takes projects whose region is ``region`` itself; "all" (全辖)
    takes the region and every region below it. ``year`` None means every year (a year
    series); ``department_id`` and ``sector`` narrow the view when given. ``release``
    pins the view to the data served as of that release (None: the latest).
    """

    year: int | None
    region: str
    scope: str = "all"
    department_id: int | None = None
    sector: str | None = None
    release: int | None = None

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise ValueError(f"scope must be one of {SCOPES}, not {self.scope!r}")

    def one_year(self) -> int:
        """``year``, for a read of one year (flags, ledger, lagging units); a view of
        every year (``year`` None) has no one year to give (ValueError)."""
        if self.year is None:
            raise ValueError("this read covers one fiscal year; the view names none")
        return self.year

    def replace(self, **changes: object) -> ViewFilter:
        """A copy with some fields changed (``release=`` to read as of another release)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ListFilter:
    """The project list's own filters, on top of its view: a search text (a project's
    name or code), final grades (any of them), an item flag rule, a verdict of the
    result-application ledger, and a final-score range (inclusive).

    Why one type: the explorer, its cached total and page, the URL check of the page
    count and the API all pass the same filters to ``queries.project_list`` and
    ``queries.project_count``; spelled out as six loose arguments they were repeated at
    every step (issue 15). Frozen and plain, so a cache keys on it as it is.
    """

    search: str | None = None
    grades: tuple[str, ...] = ()
    flag: str | None = None
    score_min: float | None = None
    score_max: float | None = None
    verdict: str | None = None


# The project list without filters of its own: every public project-year of the view.
UNFILTERED = ListFilter()


def view_conditions(
    view: ViewFilter,
    *,
    public_only: bool = True,
    codes: list[str] | None = None,
    pids: list[int] | None = None,
) -> list[ColumnElement[bool]]:
    """The project-years of ``view`` (public ones unless told), as of its release (None:
    the latest): the one definition the ledger, the flag rules, the project list and
    the open data apply (``view.year`` None: every year).

    ``codes``: the region codes of the view (``ledger.region_codes``), when the caller has
    a connection to read them first. A literal list filters the year's rows as they are
    read (PostgreSQL hashes it), where the closure subquery of ``region_condition``
    became a semi-join probed once per row (or, without statistics, once per child-table
    row). ``pids``: only these project-years (ids) of the view.
    """
    where_region = (
        ProjectYear.region_code.in_(codes)
        if codes is not None
        else region_condition(view.region, view.scope)
    )
    conditions = [where_region]
    if view.year is not None:
        conditions.insert(0, ProjectYear.fiscal_year == view.year)
    if public_only:
        conditions.append(ProjectYear.withheld.is_(False))
    conditions.append(visible(view.release))
    if view.department_id is not None:
        conditions.append(ProjectYear.department_id == view.department_id)
    if view.sector is not None:
        conditions.append(ProjectYear.sector == view.sector)
    if pids is not None:
        conditions.append(ProjectYear.id.in_(pids))
    return conditions
