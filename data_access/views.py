"""Small aggregations the public pages need beyond metrics and queries.

Why a module of its own: the dashboard owns these few reads (which region to open by
default, the money whose evaluation results were applied, the release stamp that keys
the page caches); each is one SQL aggregation, so nothing loads a table into Python.
Each takes ``release=`` (None: the latest) like the metrics and queries.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from data_access.money import fen_to_yuan
from data_access.schema import (
    Application,
    Evaluation,
    ProjectYear,
    Region,
    RegionAncestor,
    Release,
)
from data_access.sql_helpers import Bind, connection, region_condition, visible


def default_region(bind: Bind, *, release: int | None = None) -> str | None:
    """The province with the most project-years: where a visitor without a link starts."""
    with connection(bind) as conn:
        row = conn.execute(
            select(RegionAncestor.ancestor_code, func.count(ProjectYear.id).label("n"))
            .join(ProjectYear, ProjectYear.region_code == RegionAncestor.descendant_code)
            .join(Region, Region.code == RegionAncestor.ancestor_code)
            .where(Region.level == "province", visible(release))
            .group_by(RegionAncestor.ancestor_code)
            .order_by(func.count(ProjectYear.id).desc(), RegionAncestor.ancestor_code)
            .limit(1)
        ).first()
    return str(row.ancestor_code) if row else None


def applied_funds(
    bind: Bind, year: int, region: str, scope: str = "all", *, release: int | None = None
) -> Decimal:
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
                visible(release),
                ProjectYear.fiscal_year == year,
                region_condition(region, scope),
                ProjectYear.id.in_(applied),
            )
        ).scalar_one()
    return fen_to_yuan(int(fen)) or Decimal("0.00")


def release_stamp(bind: Bind, *, release: int | None = None) -> str:
    """A short value that keys the page caches.

    Pinned to a release it is the constant ``r<id>``: what a release serves never
    changes, so its cached pages stay valid forever. For the latest data it changes
    whenever a release is imported (or the demo is rebuilt, which reuses its id: the
    checksum of the newest release tells the builds apart).
    """
    if release is not None:
        return f"r{release}"
    with connection(bind) as conn:
        count, newest = conn.execute(select(func.count(Release.id), func.max(Release.id))).one()
        checksum = (
            conn.execute(select(Release.checksum).where(Release.id == newest)).scalar()
            if newest is not None
            else None
        )
    return f"{count}-{newest or 0}" + (f"-{checksum[:8]}" if checksum else "")


def regions_with_data(
    bind: Bind, year: int, codes: list[str], *, release: int | None = None
) -> set[str]:
    """Which of ``codes`` have project-years in ``year`` anywhere below them (全辖)."""
    if not codes:
        return set()
    with connection(bind) as conn:
        rows = conn.execute(
            select(RegionAncestor.ancestor_code)
            .distinct()
            .join(ProjectYear, ProjectYear.region_code == RegionAncestor.descendant_code)
            .where(
                RegionAncestor.ancestor_code.in_(codes),
                ProjectYear.fiscal_year == year,
                visible(release),
            )
        ).all()
    return {str(r[0]) for r in rows}
