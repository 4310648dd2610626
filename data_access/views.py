"""Small aggregations the public pages need beyond metrics and queries.

Why a module of its own: the dashboard owns these few reads (which region to open by
default, the money whose evaluation results were applied, the release stamp that keys
the page caches); each is one SQL aggregation, so nothing loads a table into Python.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import distinct, func, select

from data_access.money import fen_to_yuan
from data_access.schema import (
    Application,
    Evaluation,
    ProjectYear,
    Region,
    RegionAncestor,
    Release,
)
from data_access.sql_helpers import Bind, connection, region_condition


def default_region(bind: Bind) -> str | None:
    """The province with the most project-years: where a visitor without a link starts."""
    with connection(bind) as conn:
        row = conn.execute(
            select(RegionAncestor.ancestor_code, func.count(ProjectYear.id).label("n"))
            .join(ProjectYear, ProjectYear.region_code == RegionAncestor.descendant_code)
            .join(Region, Region.code == RegionAncestor.ancestor_code)
            .where(Region.level == "province")
            .group_by(RegionAncestor.ancestor_code)
            .order_by(func.count(ProjectYear.id).desc(), RegionAncestor.ancestor_code)
            .limit(1)
        ).first()
    return str(row.ancestor_code) if row else None


def applied_funds(bind: Bind, year: int, region: str, scope: str = "all") -> Decimal:
    """Σ budget_adjusted of project-years with at least one application of an evaluation.

    The last stage of the closed loop (results applied to the next budget), in the same
    money terms as the other stages, each project-year counted once.
    """
    applied = (
        select(Evaluation.project_year_id)
        .join(Application, Application.evaluation_id == Evaluation.id)
        .distinct()
    )
    with connection(bind) as conn:
        fen = conn.execute(
            select(func.coalesce(func.sum(ProjectYear.budget_adjusted_fen), 0)).where(
                ProjectYear.fiscal_year == year,
                region_condition(region, scope),
                ProjectYear.id.in_(applied),
            )
        ).scalar_one()
    return fen_to_yuan(int(fen)) or Decimal("0.00")


def release_stamp(bind: Bind) -> str:
    """A short value that changes whenever a release is imported (keys the page caches)."""
    with connection(bind) as conn:
        row = conn.execute(select(func.count(Release.id), func.max(Release.id))).one()
    return f"{row[0]}-{row[1] or 0}"


def regions_with_data(bind: Bind, year: int, codes: list[str]) -> set[str]:
    """Which of ``codes`` have project-years in ``year`` anywhere below them (全辖)."""
    if not codes:
        return set()
    with connection(bind) as conn:
        rows = conn.execute(
            select(distinct(RegionAncestor.ancestor_code))
            .join(ProjectYear, ProjectYear.region_code == RegionAncestor.descendant_code)
            .where(RegionAncestor.ancestor_code.in_(codes), ProjectYear.fiscal_year == year)
        ).all()
    return {str(r[0]) for r in rows}
