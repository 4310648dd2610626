"""Record-level reads the pages need: project lists, one project's record, releases.

Why a separate module from metrics: these return published records (never withheld
ones), paged and sorted by the database, while metrics return aggregates. Withheld
project-years are filtered here once, so no page, download or embed can leak them.

Every read takes ``release=`` (None: the latest): releases keep their history, and a
link pinned to a release must keep showing what that release published.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Float, and_, case, cast, distinct, func, or_, select
from sqlalchemy.sql import ColumnElement

from data_access.money import fen_to_yuan
from data_access.schema import (
    Application,
    Department,
    Evaluation,
    Indicator,
    Meta,
    Monitoring,
    ProjectYear,
    Region,
    Release,
    ReportedFigure,
)
from data_access.sql_helpers import (
    Bind,
    connection,
    figure_visible,
    final_evaluation_order,
    region_condition,
    visible,
)

SORT_KEYS = ("budget", "spent", "execution_rate", "score", "name", "code")


@dataclass(frozen=True)
class ProjectRow:
    """One public project-year as listed in the explorer."""

    project_code: str
    project_name: str
    fiscal_year: int
    department_code: str
    department_name: str
    region_code: str
    region_name: str
    sector: str | None
    budget_adjusted: Decimal
    spent: Decimal | None
    execution_rate: float | None
    final_score: float | None
    final_grade: str | None
    has_targets: bool


@dataclass(frozen=True)
class ProjectPage:
    """A page of a project list and the total number of matching projects."""

    rows: list[ProjectRow]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        """How many pages the whole list has (at least 1)."""
        return max(1, -(-self.total // self.page_size))


@dataclass(frozen=True)
class DepartmentInfo:
    """A department and the government it belongs to."""

    id: int
    code: str
    name: str
    region_code: str
    publisher: str


@dataclass(frozen=True)
class ProjectYearDetail:
    """Everything published about one public project-year."""

    fiscal_year: int
    project_code: str
    project_name: str
    department: DepartmentInfo
    region_code: str
    region_name: str
    sector: str | None
    budget_initial: Decimal | None
    budget_adjusted: Decimal
    spent: Decimal | None
    execution_rate: float | None
    has_targets: bool
    overall_target: str | None
    overall_result: str | None
    indicators: list[dict[str, Any]] = field(default_factory=list)
    monitoring: list[dict[str, Any]] = field(default_factory=list)
    evaluations: list[dict[str, Any]] = field(default_factory=list)
    final_evaluation: dict[str, Any] | None = None


@dataclass(frozen=True)
class ProjectRecord:
    """A project across years: which years are public, and the chosen year's detail.

    ``withheld`` means the chosen year is not disclosed: ``detail`` is then None and
    nothing else about it may be shown. ``year_missing`` means the project exists but
    not in the requested year.
    """

    project_code: str
    year: int | None
    public_years: list[int]
    withheld: bool
    year_missing: bool
    detail: ProjectYearDetail | None


@dataclass(frozen=True)
class ReportedFigureRow:
    """An officially published headline figure, as published (value in ``unit``)."""

    metric: str
    value: Decimal
    unit: str
    source_title: str | None
    source_url: str | None
    note: str | None
    publisher: str


@dataclass(frozen=True)
class ReleaseInfo:
    """One imported package, for the 'release now served' notice and the data page.

    ``superseded``: the release wrote rows and none of them (project-years, reported
    figures) is live any more: later releases replaced all it published, and it can
    only be served pinned. ``superseded_by`` is then the release that retired the last
    of them.
    """

    id: int
    imported_at: dt.datetime
    package_name: str
    title: str | None
    publisher: str
    license: str | None
    published: dt.date | None
    checksum: str
    row_counts: dict[str, int]
    sources: list[dict[str, str]]
    fiscal_years: list[int]
    is_demo: bool
    superseded: bool = False
    superseded_by: int | None = None


def _final_evaluations(project_ids):
    """The final evaluation (highest authority, latest) of each project-year given."""
    ranked = (
        select(
            Evaluation.project_year_id.label("pid"),
            Evaluation.score.label("score"),
            Evaluation.grade.label("grade"),
            func.row_number()
            .over(
                partition_by=Evaluation.project_year_id,
                order_by=final_evaluation_order(),
            )
            .label("rn"),
        )
        .where(Evaluation.project_year_id.in_(project_ids))
        .subquery("ranked")
    )
    return select(ranked.c.pid, ranked.c.score, ranked.c.grade).where(ranked.c.rn == 1).subquery(
        "final"
    )


def project_list(
    bind: Bind,
    year: int,
    region: str,
    scope: str = "all",
    department_id: int | None = None,
    search: str | None = None,
    sort: str = "budget",
    descending: bool = True,
    page: int = 1,
    page_size: int = 50,
    *,
    release: int | None = None,
) -> ProjectPage:
    """A sorted, searchable page of the public project-years of a view (as of
    ``release``; None: the latest)."""
    if sort not in SORT_KEYS:
        raise ValueError(f"sort must be one of {SORT_KEYS}, not {sort!r}")
    conditions = [
        visible(release),
        ProjectYear.fiscal_year == year,
        region_condition(region, scope),
        ProjectYear.withheld.is_(False),
    ]
    if department_id is not None:
        conditions.append(ProjectYear.department_id == department_id)
    if search and search.strip():
        # The visitor's text is matched literally: % and _ are not wildcards here.
        literal = search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        needle = f"%{literal}%"
        conditions.append(
            or_(
                ProjectYear.project_name.like(needle, escape="\\"),
                ProjectYear.project_code.like(needle, escape="\\"),
            )
        )
    filtered = select(ProjectYear.id).where(*conditions)
    final = _final_evaluations(filtered)
    execution = cast(ProjectYear.spent_fen, Float) / func.nullif(
        cast(ProjectYear.budget_adjusted_fen, Float), 0
    )
    order_column = {
        "budget": ProjectYear.budget_adjusted_fen,
        "spent": ProjectYear.spent_fen,
        "execution_rate": execution,
        "score": final.c.score,
        "name": ProjectYear.project_name,
        "code": ProjectYear.project_code,
    }[sort]
    # Missing values sort last either way, on SQLite and PostgreSQL alike.
    nulls_last = case((order_column.is_(None), 1), else_=0)
    ordering = [nulls_last, order_column.desc() if descending else order_column.asc()]
    page = max(1, page)
    with connection(bind) as conn:
        total = conn.execute(select(func.count()).select_from(filtered.subquery())).scalar_one()
        result = conn.execute(
            select(
                ProjectYear.__table__,
                Department.code.label("department_code"),
                Department.name.label("department_name"),
                Region.name.label("region_name"),
                final.c.score,
                final.c.grade,
            )
            .join(Department, Department.id == ProjectYear.department_id)
            .outerjoin(Region, Region.code == ProjectYear.region_code)
            .outerjoin(final, final.c.pid == ProjectYear.id)
            .where(*conditions)
            .order_by(*ordering, ProjectYear.project_code)
            .limit(page_size)
            .offset((page - 1) * page_size)
        ).all()
    rows = [
        ProjectRow(
            project_code=r.project_code,
            project_name=r.project_name,
            fiscal_year=r.fiscal_year,
            department_code=r.department_code,
            department_name=r.department_name,
            region_code=r.region_code,
            region_name=r.region_name or r.region_code,
            sector=r.sector,
            budget_adjusted=fen_to_yuan(r.budget_adjusted_fen),
            spent=fen_to_yuan(r.spent_fen),
            execution_rate=_execution(r.spent_fen, r.budget_adjusted_fen),
            final_score=r.score,
            final_grade=r.grade,
            has_targets=bool(r.has_targets),
        )
        for r in result
    ]
    return ProjectPage(rows=rows, total=int(total), page=page, page_size=page_size)


def _execution(spent_fen: int | None, budget_fen: int | None) -> float | None:
    if spent_fen is None or not budget_fen:
        return None
    return spent_fen / budget_fen


def _department_info(department: Department) -> DepartmentInfo:
    return DepartmentInfo(
        id=department.id,
        code=department.code,
        name=department.name,
        region_code=department.region_code,
        publisher=department.publisher,
    )


def find_department(bind: Bind, code: str, region: str | None = None) -> DepartmentInfo | None:
    """The department with ``code`` (within ``region``'s government when given)."""
    stmt = select(Department).where(Department.code == code)
    if region is not None:
        stmt = stmt.where(Department.region_code == region)
    with connection(bind) as conn:
        found = conn.execute(stmt.order_by(Department.id)).first()
    return _department_info(found) if found else None


def get_department(bind: Bind, department_id: int) -> DepartmentInfo | None:
    """The department with this id, or None."""
    with connection(bind) as conn:
        found = (
            conn.execute(select(Department).where(Department.id == department_id))
            .first()
        )
    return _department_info(found) if found else None


def project_record(
    bind: Bind, project_code: str, year: int | None = None, *, release: int | None = None
) -> ProjectRecord | None:
    """One project's record: its public years and the chosen (default: latest) year,
    as served as of ``release`` (None: the latest release).

    None when no project has this code. A withheld year yields ``withheld=True`` and no
    detail, so a page can only say "not disclosed".
    """
    with connection(bind) as conn:
        versions = conn.execute(
            select(ProjectYear.id, ProjectYear.fiscal_year, ProjectYear.withheld)
            .where(ProjectYear.project_code == project_code, visible(release))
            .order_by(ProjectYear.fiscal_year)
        ).all()
        if not versions:
            return None
        public_years = [int(v.fiscal_year) for v in versions if not v.withheld]
        by_year = {int(v.fiscal_year): v for v in versions}
        chosen_year = year if year is not None else max(by_year)
        chosen = by_year.get(chosen_year)
        if chosen is None:
            return ProjectRecord(project_code, chosen_year, public_years, False, True, None)
        if chosen.withheld:
            return ProjectRecord(project_code, chosen_year, public_years, True, False, None)
        detail = _project_year_detail(conn, chosen.id)
    return ProjectRecord(project_code, chosen_year, public_years, False, False, detail)


def _project_year_detail(conn: Any, project_year_id: int) -> ProjectYearDetail:
    py = conn.execute(select(ProjectYear).where(ProjectYear.id == project_year_id)).one()
    department = conn.execute(
        select(Department).where(Department.id == py.department_id)
    ).one()
    region_name = conn.execute(
        select(Region.name).where(Region.code == py.region_code)
    ).scalar_one_or_none()
    indicators = [
        {
            "indicator_code": i.indicator_code,
            "level1": i.level1,
            "level2": i.level2,
            "name": i.name,
            "comparison": i.comparison,
            "target_value": i.target_value,
            "unit": i.unit,
            "actual_value": i.actual_value,
            "weight": i.weight,
            "score": i.score,
            "status": i.status,
            "deviation_reason": i.deviation_reason,
        }
        for i in conn.execute(
            select(Indicator)
            .where(Indicator.project_year_id == project_year_id)
            .order_by(Indicator.id)
        )
    ]
    monitoring = [
        {
            "as_of": m.as_of,
            "spent_to_date": fen_to_yuan(m.spent_to_date_fen),
            "target_warning": bool(m.target_warning),
            "budget_warning": bool(m.budget_warning),
            "action": m.action,
            "note": m.note,
        }
        for m in conn.execute(
            select(Monitoring)
            .where(Monitoring.project_year_id == project_year_id)
            .order_by(Monitoring.as_of, Monitoring.id)
        )
    ]
    evaluation_rows = conn.execute(
        select(Evaluation)
        .where(Evaluation.project_year_id == project_year_id)
        .order_by(*final_evaluation_order())
    ).all()
    applications: dict[int, list[dict[str, Any]]] = {}
    if evaluation_rows:
        for a in conn.execute(
            select(Application)
            .where(Application.evaluation_id.in_([e.id for e in evaluation_rows]))
            .order_by(Application.id)
        ):
            applications.setdefault(a.evaluation_id, []).append(
                {
                    "action": a.action,
                    "next_year_budget": fen_to_yuan(a.next_year_budget_fen),
                    "budget_change": fen_to_yuan(a.budget_change_fen),
                    "status": a.status,
                    "note": a.note,
                }
            )
    evaluations = [
        {
            "evaluation_id": e.evaluation_code,
            "eval_type": e.eval_type,
            "authority": e.authority,
            "evaluator": e.evaluator,
            "third_party": bool(e.third_party),
            "score": e.score,
            "grade": e.grade,
            "report_title": e.report_title,
            "report_url": e.report_url,
            "published_on": e.published_on,
            "submitted_to_congress": bool(e.submitted_to_congress),
            "applications": applications.get(e.id, []),
        }
        for e in evaluation_rows
    ]
    # Rows come final-first; the page lists them self → department → finance.
    final = evaluations[0] if evaluations else None
    evaluations.sort(key=lambda e: e["authority"])
    return ProjectYearDetail(
        fiscal_year=py.fiscal_year,
        project_code=py.project_code,
        project_name=py.project_name,
        department=_department_info(department),
        region_code=py.region_code,
        region_name=region_name or py.region_code,
        sector=py.sector,
        budget_initial=fen_to_yuan(py.budget_initial_fen),
        budget_adjusted=fen_to_yuan(py.budget_adjusted_fen),
        spent=fen_to_yuan(py.spent_fen),
        execution_rate=_execution(py.spent_fen, py.budget_adjusted_fen),
        has_targets=bool(py.has_targets),
        overall_target=py.overall_target,
        overall_result=py.overall_result,
        indicators=indicators,
        monitoring=monitoring,
        evaluations=evaluations,
        final_evaluation=final,
    )


def reported_figures(
    bind: Bind, year: int, region: str, scope: str, *, release: int | None = None
) -> list[ReportedFigureRow]:
    """The official headline figures published for this view (as of ``release``)."""
    with connection(bind) as conn:
        rows = conn.execute(
            select(ReportedFigure)
            .where(
                figure_visible(release),
                ReportedFigure.fiscal_year == year,
                ReportedFigure.region_code == region,
                ReportedFigure.scope == scope,
            )
            .order_by(ReportedFigure.metric, ReportedFigure.id)
        )
        return [
            ReportedFigureRow(
                metric=r.metric,
                value=Decimal(r.value),
                unit=r.unit,
                source_title=r.source_title,
                source_url=r.source_url,
                note=r.note,
                publisher=r.publisher,
            )
            for r in rows
        ]


def _release_infos(bind: Bind, *conditions: ColumnElement[bool]) -> list[ReleaseInfo]:
    """The releases matching ``conditions``, newest first, with whether each is superseded.

    Each flag is an EXISTS probe (or a MAX) on the (release_id, retired_by) index, so
    the list costs a few index lookups per release whatever the size of the tables.
    """
    probes: list[ColumnElement[Any]] = []
    for table in (ProjectYear, ReportedFigure):
        mine = table.release_id == Release.id
        probes += [
            select(table.id).where(mine).exists().label(f"{table.__tablename__}_rows"),
            select(table.id)
            .where(mine, table.retired_by.is_(None))
            .exists()
            .label(f"{table.__tablename__}_live"),
            select(func.max(table.retired_by))
            .where(mine)
            .scalar_subquery()
            .label(f"{table.__tablename__}_retired_by"),
        ]
    with connection(bind) as conn:
        rows = conn.execute(
            select(Release, *probes).where(*conditions).order_by(Release.id.desc())
        ).all()
    infos = []
    for r in rows:
        has_rows = bool(r.project_year_rows) or bool(r.reported_figure_rows)
        live = bool(r.project_year_live) or bool(r.reported_figure_live)
        superseded = has_rows and not live
        retired_by = [x for x in (r.project_year_retired_by, r.reported_figure_retired_by) if x]
        infos.append(
            ReleaseInfo(
                id=r.id,
                imported_at=r.imported_at,
                package_name=r.package_name,
                title=r.title,
                publisher=r.publisher,
                license=r.license,
                published=r.published,
                checksum=r.checksum,
                row_counts=json.loads(r.row_counts or "{}"),
                sources=json.loads(r.sources or "[]"),
                fiscal_years=json.loads(r.fiscal_years or "[]"),
                is_demo=bool(r.is_demo),
                superseded=superseded,
                superseded_by=max(retired_by) if superseded and retired_by else None,
            )
        )
    return infos


def releases(bind: Bind) -> list[ReleaseInfo]:
    """Every imported package, newest first, each saying whether it is superseded."""
    return _release_infos(bind)


def release_info(bind: Bind, release_id: int) -> ReleaseInfo | None:
    """One release, or None when no release has this id (e.g. a stale pinned link)."""
    found = _release_infos(bind, Release.id == release_id)
    return found[0] if found else None


def latest_release_id(bind: Bind) -> int | None:
    """The id of the newest release, None before any import."""
    with connection(bind) as conn:
        latest = conn.execute(select(func.max(Release.id))).scalar()
    return int(latest) if latest is not None else None


def newer_releases(bind: Bind, release_id: int) -> list[ReleaseInfo]:
    """The releases imported after ``release_id``, newest first: a page pinned to a
    release uses it to say that newer data exists."""
    return _release_infos(bind, Release.id > release_id)


def is_demo(bind: Bind) -> bool:
    """Whether any data served comes from the synthetic demonstration dataset."""
    with connection(bind) as conn:
        demo_release = conn.execute(
            select(func.count()).select_from(Release).where(Release.is_demo.is_(True))
        ).scalar_one()
        flag = conn.execute(select(Meta.value).where(Meta.key == "demo")).scalar_one_or_none()
    return bool(demo_release) or flag == "true"


def has_data(bind: Bind) -> bool:
    """Whether any release has been imported (the dashboard builds the demo otherwise)."""
    with connection(bind) as conn:
        return bool(conn.execute(select(func.count()).select_from(Release)).scalar_one())


def departments(
    bind: Bind, region: str, year: int | None = None, *, release: int | None = None
) -> list[DepartmentInfo]:
    """The departments of a region's own government (with projects in ``year`` if given).

    Pinned to a ``release``, only departments with project-years served as of that
    release (in ``year`` if given): departments are not versioned, so a department
    added later must not appear in an older release's view.
    """
    stmt = select(Department).where(Department.region_code == region)
    if year is not None or release is not None:
        projects = select(ProjectYear.department_id).distinct().where(visible(release))
        if year is not None:
            projects = projects.where(ProjectYear.fiscal_year == year)
        stmt = stmt.where(Department.id.in_(projects))
    with connection(bind) as conn:
        found = conn.execute(stmt.order_by(Department.code)).all()
    return [_department_info(d) for d in found]


def sectors(
    bind: Bind, year: int, region: str, scope: str = "all", *, release: int | None = None
) -> list[str]:
    """The sectors (支出功能分类) present in a view (as of ``release``), alphabetically."""
    with connection(bind) as conn:
        return [
            s
            for (s,) in conn.execute(
                select(ProjectYear.sector).distinct()
                .where(
                    visible(release),
                    ProjectYear.fiscal_year == year,
                    region_condition(region, scope),
                    ProjectYear.sector.is_not(None),
                )
                .order_by(ProjectYear.sector)
            )
        ]


def monitoring_warnings(
    bind: Bind, year: int, region: str, scope: str = "all", *, release: int | None = None
) -> dict[str, int]:
    """How many public and withheld project-years had a target or budget warning (as of
    ``release``)."""
    with connection(bind) as conn:
        row = conn.execute(
            select(
                func.count(distinct(Monitoring.project_year_id)).label("monitored"),
                func.sum(case((Monitoring.target_warning.is_(True), 1), else_=0)).label("target"),
                func.sum(case((Monitoring.budget_warning.is_(True), 1), else_=0)).label("budget"),
                func.sum(
                    case((Monitoring.action.in_(("suspend", "terminate")), 1), else_=0)
                ).label("stopped"),
            )
            .join(ProjectYear, ProjectYear.id == Monitoring.project_year_id)
            .where(
                and_(
                    visible(release),
                    ProjectYear.fiscal_year == year,
                    region_condition(region, scope),
                )
            )
        ).one()
    return {
        "monitored_projects": int(row.monitored or 0),
        "target_warnings": int(row.target or 0),
        "budget_warnings": int(row.budget or 0),
        "suspended_or_terminated": int(row.stopped or 0),
    }
