"""Small aggregations the public pages need beyond metrics and queries.

Why a module of its own: the dashboard owns these few reads (which region to open by
default, the money whose evaluation results were applied, the release stamp that keys
the page caches); each is one SQL aggregation, so nothing loads a table into Python.
Each takes ``release=`` (None: the latest) like the metrics and queries.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from data_access.db.schema import (
    Application,
    Evaluation,
    ProjectYear,
    Region,
    RegionAncestor,
    Release,
    ReportedFigure,
)
from data_access.db.sql_helpers import (
    Bind,
    connection,
    figure_visible,
    visible,
)
from data_access.metrics import rollups
from data_access.metrics.compute import reads_rollups
from data_access.money import fen_to_yuan
from data_access.reads.selection import ViewFilter, view_conditions


def default_region(bind: Bind, *, release: int | None = None) -> str | None:
    """The province with the most project-years: where a visitor without a link starts.

    Read from the rollups when they serve the release (a few hundred rows); the direct
    count below (every project-year, seconds at national scale) is the reference and
    the fallback. Callers ask only when the URL names no region (``params.resolve``).
    """
    with connection(bind) as conn:
        if reads_rollups() and rollups.serves(conn, release):
            return rollups.most_projects_province(conn)
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


def applied_funds(bind: Bind, view: ViewFilter) -> Decimal:
    """Σ budget_adjusted of project-years with at least one application of an evaluation.

    The last stage of the closed loop (results applied to the next budget), in the same
    money terms as the other stages, each project-year counted once. Read from the
    rollups (``applied_funds`` of ``sums.grouped_sums``) when they serve the release;
    the SQL below is the reference they are tested against (``tests/data/test_rollups.py``).
    A region's view only: no department or sector narrows it (ValueError).
    """
    if view.department_id is not None or view.sector is not None:
        raise ValueError("applied funds are read for a region's view, not a department's")
    with connection(bind) as conn:
        if reads_rollups():
            found = rollups.lookup(conn, view, None)
            if found is not None:
                fen = found[0]["applied_funds"] if found else 0
                return fen_to_yuan(fen) or Decimal("0.00")
    applied = (
        select(Evaluation.project_year_id)
        .join(Application, Application.evaluation_id == Evaluation.id)
        .distinct()
    )
    with connection(bind) as conn:
        fen = conn.execute(
            select(func.coalesce(func.sum(ProjectYear.budget_adjusted_fen), 0)).where(
                *view_conditions(view, public_only=False), ProjectYear.id.in_(applied)
            )
        ).scalar_one()
    return fen_to_yuan(int(fen)) or Decimal("0.00")


def source_release(bind: Bind, region: str, *, release: int | None = None) -> int | None:
    """The release a view of ``region`` cites as its source: the newest release (as of
    ``release``; None: the latest) of the publishers whose data lies in ``region`` or
    below it (project-years or reported figures served then); None when there is none.

    Why not the newest release of all: a view shows only its region's data, and a
    second publisher's package elsewhere changes none of its figures, so naming that
    package as the view's source (its title, publisher, licence, checksum) would cite
    the wrong publication, and a link pinned to it would name a release the view's
    figures are not from (issue 23). The release named here serves the view's figures
    exactly: every publisher with data in the view has nothing newer.
    """
    below = select(RegionAncestor.descendant_code).where(RegionAncestor.ancestor_code == region)
    publishers = select(ProjectYear.publisher).where(
        visible(release), ProjectYear.region_code.in_(below)
    ).union(
        select(ReportedFigure.publisher).where(
            figure_visible(release), ReportedFigure.region_code.in_(below)
        )
    )
    stmt = select(func.max(Release.id)).where(Release.publisher.in_(publishers))
    if release is not None:
        stmt = stmt.where(Release.id <= release)
    with connection(bind) as conn:
        found = conn.execute(stmt).scalar()
    return int(found) if found is not None else None


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



def stamp_release(stamp: str) -> int | None:
    """The release a stamp of :func:`release_stamp` names: the pinned ``r<id>``, else
    the newest release when it was read; None for a database without releases or a
    value that is no release stamp."""
    if stamp.startswith("r"):
        pinned = stamp[1:]
        return int(pinned) if pinned.isascii() and pinned.isdigit() else None
    parts = stamp.split("-")
    if len(parts) < 2 or not (parts[1].isascii() and parts[1].isdigit()):
        return None
    newest = int(parts[1])
    return newest or None


def as_of_stamp(bind: Bind, stamp: str) -> int | None:
    """The ``release=`` that serves the latest data as it was when ``stamp`` was read.

    Why: a view reads its stamp once, then its figures, each on a connection of its
    own; an import committed in between must not put the newer figures beside the older
    label (issue 23). So the figures are read as of the release the stamp names; None
    (the live rows: the same rows, read through the rollups and the live-row indexes)
    while that release is still the newest in ``bind``'s snapshot, or when the stamp
    names none. Call it on the connection the figures are then read on.
    """
    named = stamp_release(stamp)
    if named is None:
        return None
    with connection(bind) as conn:
        newest = conn.execute(select(func.max(Release.id))).scalar()
    return None if newest == named else named
