"""SQL building blocks shared by the metric and record queries.

Why: "which project-years are in this region's scope", "which evaluation is final" and
"which rows a release serves" must mean the same thing in every query; they are written
once here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, Date, Engine, and_, func, literal, or_, select
from sqlalchemy.sql import ColumnElement

from data_access.schema import Evaluation, ProjectYear, RegionAncestor, ReportedFigure

Bind = Engine | Connection


def _as_of(table: type[ProjectYear | ReportedFigure], release: int | None) -> ColumnElement[bool]:
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
    published = func.coalesce(Evaluation.published_on, literal(dt.date(1900, 1, 1), type_=Date))
    return (Evaluation.authority.desc(), published.desc(), Evaluation.id.desc())


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
