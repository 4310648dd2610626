"""Record-level reads the pages need: project lists, one project's record, releases.

Why a separate module from metrics: these return published records (never withheld
ones), paged and sorted by the database, while metrics return aggregates. Withheld
project-years are filtered here once, so no page, download or embed can leak them.

Every read takes ``release=`` (None: the latest): releases keep their history, and a
link pinned to a release must keep showing what that release published.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Row, Select, and_, case, false, func, null, or_, select, tuple_
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.elements import Null, SQLColumnExpression

from data_access import disclosure
from data_access.db.schema import (
    NULLABLE_SORT_COLUMNS,
    TITLE_EN_META_PREFIX,
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
    missing_flag,
)
from data_access.db.sql_helpers import (
    Bind,
    connection,
    department_name,
    execution_rate,
    figure_visible,
    final_evaluation_order,
    final_evaluation_value,
    region_condition,
    region_name,
    visible,
)
from data_access.money import fen_to_yuan
from data_access.reads.ledger import NamedProjectYear, verdict_project_years
from data_access.reads.selection import UNFILTERED, ListFilter, ViewFilter, view_conditions

SORT_KEYS = ("budget", "spent", "execution_rate", "score", "name", "code", "flagged")
# Final grade codes as stored (优/良/中/差).
GRADES = ("excellent", "good", "fair", "poor")


@dataclass(frozen=True)
class ProjectRow(NamedProjectYear):
    """One public project-year as listed in the explorer: named as a ledger row or a
    flag names it (its first fields), then its figures."""

    sector: str | None
    budget_adjusted: Decimal
    spent: Decimal | None
    execution_rate: float | None
    final_score: float | None
    final_grade: str | None
    has_targets: bool
    # Filtered by a flag or sorted "flagged first": the money at stake (元) of the flag
    # (the largest over the rules that flag it); None when not flagged or not asked.
    money_at_stake: Decimal | None = None


@dataclass(frozen=True)
class ProjectPage:
    """A page of a project list and the total number of matching projects.

    ``last_key``: the sort key values and id of the last row, to pass as ``after`` for
    the next page (None on an empty page). It holds an internal row id, so it is left
    out of equality: two pages that serve the same rows are equal.
    """

    rows: list[ProjectRow]
    total: int | None  # None: read with ``with_total=False`` (see ``project_count``)
    page: int
    page_size: int
    last_key: tuple[Any, ...] | None = field(default=None, compare=False)

    @property
    def pages(self) -> int:
        """How many pages the whole list has (at least 1); only for a page read with its
        total."""
        if self.total is None:
            raise ValueError("a page read with_total=False does not know how many pages")
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

    ``withheld`` is always False since withheld years are answered like missing ones
    (``data_access.disclosure``, rule 4). ``year_missing`` means the project has public
    years but not the requested one.
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
    # The package's English title (``title_en`` in datapackage.json), when it gave one.
    title_en: str | None = None


def _final_evaluations(project_ids):
    """The final evaluation (highest authority, latest) of each project-year given.

    Why correlated ``LIMIT 1`` lookups and not ``row_number() ... WHERE rn = 1``: the
    planner of PostgreSQL estimates one row for the ``rn = 1`` filter and then joins it
    by nested loop against every project-year of a province (72–88 s to the first row
    in ``python -m bench``). Driven from the project-years, each lookup is one probe of
    the ``evaluation.project_year_id`` index, on SQLite and PostgreSQL alike.
    """
    return (
        select(
            ProjectYear.id.label("pid"),
            final_evaluation_value(Evaluation.score).label("score"),
            final_evaluation_value(Evaluation.grade).label("grade"),
        )
        .where(ProjectYear.id.in_(project_ids))
        .subquery("final")
    )


def _flag_money(view: ViewFilter, rule: str | None) -> Any:
    """(pid, money) of the flagged project-years of the view, as a CTE computed once.

    Through ``data_access.flags.rules`` so that the explorer lists exactly the items the
    hearing counts: the rules are written once, there.
    """
    from data_access.flags import rules as flags

    flagged = flags.flagged_project_years(view, rule)
    # MATERIALIZED: computed once per statement (~0.4 s for a province's seven rules).
    # Inlined, SQLite ran the rules' correlated subqueries for every project-year of
    # the view (37 s for "flagged first" at province scale).
    return flagged.cte("flag_money").prefix_with("MATERIALIZED")


def _keyset_after(
    keys: list[tuple[SQLColumnExpression[Any], bool]], values: Sequence[Any]
) -> ColumnElement[bool]:
    """Rows strictly after ``values`` in the lexicographic order of ``keys``.

    ``keys`` are (expression, descending) pairs and every nullable expression is
    preceded by its own "is null" key, so a None value only ever meets rows that are
    null on that key too: equality becomes IS NULL and nothing is "after" within it.

    When every key runs the same way and no value is missing, the same condition is
    written as one row-value comparison, ``(k1, …, id) < (v1, …, id0)``: SQLite and
    PostgreSQL use it as a range of an index on those keys (schema's
    ``ix_project_year_year_*``), so a far page starts at its row instead of filtering
    every row before it, which the OR form makes both of them do.
    """
    directions = {descending for _, descending in keys}
    if len(directions) == 1 and all(value is not None for value in values):
        row = tuple_(*(expr for expr, _ in keys))
        after = tuple_(*values)
        return row < after if directions.pop() else row > after
    terms: list[ColumnElement[bool]] = []
    prefix: list[ColumnElement[bool]] = []
    for (expr, descending), value in zip(keys, values, strict=True):
        if value is None:
            prefix.append(expr.is_(None))
            continue
        terms.append(and_(*prefix, expr < value if descending else expr > value))
        prefix.append(expr == value)
    return or_(*terms) if terms else false()


def _list_filters(view: ViewFilter, filters: ListFilter) -> list[ColumnElement[bool]]:
    """The conditions on the project-year of a project list's filters.

    Written once for :func:`project_list` and :func:`project_count`, so a page and the
    total shown beside it can never disagree about which project-years match.
    """
    search, grades, flag = filters.search, tuple(filters.grades), filters.flag
    score_min, score_max, verdict = filters.score_min, filters.score_max, filters.verdict
    unknown = [g for g in grades if g not in GRADES]
    if unknown:
        raise ValueError(f"grades must be among {GRADES}, not {unknown}")
    from data_access.flags.rules import ITEM_RULES

    if flag is not None and flag not in ITEM_RULES:
        raise ValueError(f"flag must be one of {ITEM_RULES}, not {flag!r}")
    conditions = view_conditions(view)
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
    # The final evaluation is stored on the project-year (schema version 5).
    if grades:
        conditions.append(ProjectYear.final_grade.in_(grades))
    if score_min is not None:
        conditions.append(ProjectYear.final_score >= score_min)
    if score_max is not None:
        conditions.append(ProjectYear.final_score <= score_max)
    if verdict is not None:
        # The result-application ledger's verdict, computed once there (the explorer
        # lists exactly the rows the ledger shows with it).
        conditions.append(ProjectYear.id.in_(verdict_project_years(view, verdict)))
    return conditions


def _count_statement(conditions: list[ColumnElement[bool]], money: Any) -> Any:
    """SELECT count(*) of the project-years that pass ``conditions`` (and are flagged,
    when ``money`` is the flag CTE), joining only what they need."""
    frame: Any = ProjectYear.__table__
    if money is not None:
        frame = money.join(frame, ProjectYear.id == money.c.pid)
    return select(func.count()).select_from(frame).where(*conditions)


def project_count(bind: Bind, view: ViewFilter, filters: ListFilter = UNFILTERED) -> int:
    """How many public project-years :func:`project_list` lists for these filters.

    A read of its own because the total depends on the filters only, not on the page,
    the sort or the order: a caller caches it once per filter set (``dashboard.core.reads.
    project_total``) and pages through the list without counting the view again
    (issue #8: no query whose cost grows with the pages skipped).
    """
    conditions = _list_filters(view, filters)
    money = _flag_money(view, filters.flag) if filters.flag is not None else None
    with connection(bind) as conn:
        return int(conn.execute(_count_statement(conditions, money)).scalar_one())


def project_list(
    bind: Bind,
    view: ViewFilter,
    filters: ListFilter = UNFILTERED,
    sort: str = "budget",
    descending: bool = True,
    page: int = 1,
    page_size: int = 50,
    *,
    after: Sequence[Any] | None = None,
    with_total: bool = True,
) -> ProjectPage:
    """A sorted, searchable, filtered page of the public project-years of ``view`` (as of
    its release; None: the latest).

    Filters (``filters``): ``search`` (in a project's name or code, literally),
    ``grades`` (final grade codes, any of them), ``flag`` (only the project-years that
    item rule of ``data_access.flags.rules`` flags), ``verdict`` (only those with that
    verdict of the result-application ledger), ``score_min`` / ``score_max`` (final
    score, inclusive; unscored project-years drop out). Sorts run
    both ways (``descending``), missing values last either way; ``sort="flagged"``
    puts flagged project-years first by money at stake (of ``flag`` when given, else
    the largest over every item rule), the rest after them by budget.

    Paging: ``after`` is the :attr:`ProjectPage.last_key` of the previous page (keyset
    paging: the database starts right after that row, so the cost of a page does not
    grow with the pages before it); without it ``page`` is a 1-based OFFSET page, for
    random access to a page number. Every order ends with the row id, so it is total
    and a cursor never skips or repeats a row.

    ``with_total=False`` leaves the count out (``total`` is None): counting reads every
    matching row of the view, so a caller that already knows the total (cached from
    :func:`project_count`, or carried in an API cursor) does not pay it on every page.
    """
    if sort not in SORT_KEYS:
        raise ValueError(f"sort must be one of {SORT_KEYS}, not {sort!r}")
    conditions = _list_filters(view, filters)
    flag = filters.flag
    money = _flag_money(view, flag) if flag is not None or sort == "flagged" else None
    # (nullable, kind) of each sort key, before the id that makes the order total;
    # ``kind`` is the type of its values in a cursor. "flagged" is money at stake
    # (missing when not flagged), then budget.
    kinds_by_sort: dict[str, list[tuple[bool, type]]] = {
        "budget": [(False, int)],
        "spent": [(True, int)],
        "execution_rate": [(True, float)],
        "score": [(True, float)],
        "name": [(False, str)],
        "code": [(False, str)],
        "flagged": [(True, int), (False, int)],
    }
    kinds = kinds_by_sort[sort]
    values = _checked_after(after, kinds) if after is not None else None
    # Two-part orders, the second part listed after the first whatever the direction.
    # Flagged first without a flag filter: the flagged project-years (joined to the
    # materialized flags: they drive the join), then the others (NOT IN the flags): a
    # LEFT JOIN to the flags made SQLite scan them once per project-year of the view
    # (37 s for a province). A nullable sort (spending, execution rate, score): the
    # project-years with a value, then those without, each an equality on the column's
    # ``missing_flag``, so each part walks its index (``schema.sort_indexes``) either
    # way instead of sorting the view by a "missing last" key.
    nullable = NULLABLE_SORT_COLUMNS.get(sort)
    parts: tuple[str, ...]
    if money is not None and flag is None:
        parts = ("flagged", "rest")
    elif nullable is not None:
        parts = ("present", "missing")
    else:
        parts = ("all",)

    def part_query(part: str) -> tuple[Any, list[tuple[SQLColumnExpression[Any], bool]]]:
        """The rows of ``part`` and its order keys ((expression, nullable) each)."""
        frame: Any = ProjectYear.__table__
        where = list(conditions)
        money_column: ColumnElement[Any] = null()
        if money is not None and (flag is not None or part == "flagged"):
            frame = money.join(frame, ProjectYear.id == money.c.pid)
            money_column = money.c.money
        elif money is not None:  # the rest: not flagged by any rule
            where.append(ProjectYear.id.not_in(select(money.c.pid)))
        if nullable is not None:
            if part == "present":
                where.append(missing_flag(nullable) == 0)
            elif part == "missing":
                where += [missing_flag(nullable) == 1, nullable.is_(None)]
        keys_by_sort: dict[str, list[tuple[SQLColumnExpression[Any], bool]]] = {
            "budget": [(ProjectYear.budget_adjusted_fen, False)],
            "name": [(ProjectYear.project_name, False)],
            "code": [(ProjectYear.project_code, False)],
            "flagged": [(money_column, True), (ProjectYear.budget_adjusted_fen, False)],
        }
        # Within its part a nullable column is always or never missing.
        keys = keys_by_sort[sort] if nullable is None else [(nullable, False)]
        stmt = (
            select(
                ProjectYear.__table__,
                Department.code.label("department_code"),
                department_name(view.release).label("department_name"),
                region_name(view.release).label("region_name"),
                money_column.label("money_at_stake"),
                *(expr.label(f"sort_key_{i}") for i, (expr, _) in enumerate(keys)),
                ProjectYear.id.label(f"sort_key_{len(keys)}"),
            )
            .select_from(frame.join(Department, Department.id == ProjectYear.department_id))
            .outerjoin(Region, Region.code == ProjectYear.region_code)
            .where(*where)
        )
        return stmt, keys

    def fetch(conn: Any, part: str, start: list[Any] | None, skip: int, size: int) -> list[Any]:
        """``size`` rows of ``part`` after the keyset ``start`` (or after ``skip`` rows)."""
        if size <= 0:
            return []
        stmt, keys = part_query(part)
        # Missing values sort last either way, on SQLite and PG alike (money at stake
        # of "flagged first" with a flag filter: the nullable sorts run in parts).
        ordered: list[tuple[SQLColumnExpression[Any], bool]] = []
        cursor: list[Any] = []
        for index, (expr, key_nullable) in enumerate(keys):
            value = start[index] if start is not None else None
            if isinstance(expr, Null):  # money of the unflagged rest: the same for all
                continue
            if key_nullable:
                ordered.append((case((expr.is_(None), 1), else_=0), False))
                cursor.append(1 if value is None else 0)
            ordered.append((expr, descending))
            cursor.append(value)
        ordered.append((ProjectYear.id, descending))
        if start is not None:
            cursor.append(start[-1])
            stmt = stmt.where(_keyset_after(ordered, cursor))
        stmt = stmt.order_by(*(e.desc() if d else e.asc() for e, d in ordered)).limit(size)
        if skip:
            stmt = stmt.offset(skip)
        return list(conn.execute(stmt).all())

    def first_part_count(conn: Any) -> int:
        """How many rows the first of two parts holds (to offset into the second)."""
        if parts[0] == "flagged":
            return int(conn.execute(_count_statement(conditions, money)).scalar_one())
        assert nullable is not None
        present = [*conditions, missing_flag(nullable) == 0]
        return int(conn.execute(_count_statement(present, money)).scalar_one())

    page = max(1, page)
    total: int | None = None
    with connection(bind) as conn:
        if with_total:
            # The flags of a flag filter, never those of "flagged first": that order
            # lists every project-year of the filters, flagged or not.
            counted_money = money if flag is not None else None
            total = int(conn.execute(_count_statement(conditions, counted_money)).scalar_one())
        if len(parts) == 1:
            result = fetch(conn, "all", values, 0 if values else (page - 1) * page_size, page_size)
        elif values is not None and values[0] is None:  # the cursor is in the second part
            result = fetch(conn, parts[1], values, 0, page_size)
        else:
            skip = 0 if values is not None else (page - 1) * page_size
            result = fetch(conn, parts[0], values, skip, page_size)
            if len(result) < page_size:
                # The first part ended on this page, or before it: the second starts
                # right after it. Only a page wholly past the first part needs its
                # count, to know how far into the second it starts.
                rest_skip = 0 if result or not skip else max(0, skip - first_part_count(conn))
                result += fetch(conn, parts[1], None, rest_skip, page_size - len(result))
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
            final_score=r.final_score,
            final_grade=r.final_grade,
            has_targets=bool(r.has_targets),
            money_at_stake=(
                fen_to_yuan(int(r.money_at_stake)) if r.money_at_stake is not None else None
            ),
        )
        for r in result
    ]
    last_key = None
    if result:
        last = result[-1]._mapping
        width = len(kinds) + 1
        last_key = tuple(_plain(last[f"sort_key_{i}"]) for i in range(width))
    return ProjectPage(rows=rows, total=total, page=page, page_size=page_size, last_key=last_key)


def _plain(value: Any) -> Any:
    """A sort key value as a plain JSON value (an API cursor carries it)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _checked_after(after: Sequence[Any], keys: list[tuple[bool, type]]) -> list[Any]:
    """``after`` checked against the sort's keys ((nullable, kind) each): one value per
    key, then the row id.

    Why strict: an API cursor comes from outside; a wrong shape or type must be a clear
    ValueError (a 400), never an SQL error or a silently different page.
    """
    values = list(after)
    if len(values) != len(keys) + 1:
        raise ValueError(f"after must hold {len(keys) + 1} values, not {len(values)}")
    for value, (nullable, kind) in zip(values, [*keys, (False, int)], strict=True):
        if value is None:
            if not nullable:
                raise ValueError("after has a missing value for a key that is never missing")
            continue
        allowed: tuple[type, ...] = (int, float) if kind is float else (kind,)
        if isinstance(value, bool) or not isinstance(value, allowed):
            raise ValueError(f"after holds {value!r} where a {kind.__name__} belongs")
    return values


def _execution(spent_fen: int | None, budget_fen: int | None) -> float | None:
    return execution_rate(spent_fen, budget_fen)


def _department_info(department: Row[Any]) -> DepartmentInfo:
    """A row of :func:`_department_columns` as plain values."""
    return DepartmentInfo(
        id=department.id,
        code=department.code,
        name=department.name,
        region_code=department.region_code,
        publisher=department.publisher,
    )


def _department_columns(release: int | None) -> Select[Any]:
    """The columns of a :class:`DepartmentInfo`, its name as of ``release``."""
    columns: tuple[Any, ...] = (
        Department.id,
        Department.code,
        department_name(release).label("name"),
        Department.region_code,
        Department.publisher,
    )
    return select(*columns)


def find_department(
    bind: Bind, code: str, region: str | None = None, *, release: int | None = None
) -> DepartmentInfo | None:
    """The department with ``code`` (within ``region``'s government when given), named
    as of ``release`` (None: the latest), if it has a public project-year served as of
    that release.

    A department whose project-years are all withheld, or that has none, is answered
    exactly like a code that names no department (disclosure rule 4, as
    :func:`project_record`): naming it would confirm that it exists and has withheld
    spending, and its published packages do not list it either (``release_package``).
    """
    published = (
        select(ProjectYear.id)
        .where(
            ProjectYear.department_id == Department.id,
            visible(release),
            disclosure.public(),
        )
        .exists()
    )
    stmt = _department_columns(release).where(Department.code == code, published)
    if region is not None:
        stmt = stmt.where(Department.region_code == region)
    with connection(bind) as conn:
        found = conn.execute(stmt.order_by(Department.id)).first()
    return _department_info(found) if found else None


def _public_years_of(project_code: str, release: int | None) -> list[ColumnElement[bool]]:
    """The public project-years of one code as of ``release``: what the project page
    shows, its record and its other years alike."""
    return [ProjectYear.project_code == project_code, visible(release), disclosure.public()]


def project_record(
    bind: Bind, project_code: str, year: int | None = None, *, release: int | None = None
) -> ProjectRecord | None:
    """One project's record: its public years and the chosen (default: latest) year,
    as served as of ``release`` (None: the latest release).

    A withheld project-year is answered exactly like one that does not exist
    (disclosure rule 4): None when no public year has this code, ``year_missing`` when
    the chosen year is withheld and another is public. A "not disclosed" answer would
    itself confirm that the code exists. (``withheld`` stays False; the field remains
    for callers written against the older answer.)
    """
    with connection(bind) as conn:
        versions = conn.execute(
            select(ProjectYear.id, ProjectYear.fiscal_year, ProjectYear.withheld)
            .where(*_public_years_of(project_code, release))
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
        detail = _project_year_detail(conn, chosen.id, release)
    return ProjectRecord(project_code, chosen_year, public_years, False, False, detail)


@dataclass(frozen=True)
class ProjectYearFigures:
    """One public year of a project in brief: budget, spending, final score and grade."""

    fiscal_year: int
    budget_adjusted: Decimal
    spent: Decimal | None
    final_score: float | None
    final_grade: str | None


def project_years(
    bind: Bind, project_code: str, *, release: int | None = None
) -> list[ProjectYearFigures]:
    """Every public year of one project (as of ``release``), oldest first, with the
    figures its page's "other years" compare. Withheld years are left out, exactly as
    ``project_record`` leaves them out of its public years (disclosure rule 4)."""
    with connection(bind) as conn:
        rows = conn.execute(
            select(
                ProjectYear.fiscal_year,
                ProjectYear.budget_adjusted_fen,
                ProjectYear.spent_fen,
                ProjectYear.final_score,
                ProjectYear.final_grade,
            )
            .where(*_public_years_of(project_code, release))
            .order_by(ProjectYear.fiscal_year)
        ).all()
    return [
        ProjectYearFigures(
            fiscal_year=int(r.fiscal_year),
            budget_adjusted=fen_to_yuan(r.budget_adjusted_fen),
            spent=fen_to_yuan(r.spent_fen),
            final_score=r.final_score,
            final_grade=r.final_grade,
        )
        for r in rows
    ]


def _project_year_detail(
    conn: Any, project_year_id: int, release: int | None = None
) -> ProjectYearDetail:
    py = conn.execute(select(ProjectYear).where(ProjectYear.id == project_year_id)).one()
    department = conn.execute(
        _department_columns(release).where(Department.id == py.department_id)
    ).one()
    region = conn.execute(
        select(region_name(release)).where(Region.code == py.region_code)
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
        region_name=region or py.region_code,
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


def reported_figures(bind: Bind, view: ViewFilter) -> list[ReportedFigureRow]:
    """The official headline figures published for this view's year, region and scope
    (as of its release); a government publishes none per department or sector."""
    with connection(bind) as conn:
        rows = conn.execute(
            select(ReportedFigure)
            .where(
                figure_visible(view.release),
                ReportedFigure.fiscal_year == view.year,
                ReportedFigure.region_code == view.region,
                ReportedFigure.scope == view.scope,
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
        english = dict(
            conn.execute(
                select(Meta.key, Meta.value).where(Meta.key.like(f"{TITLE_EN_META_PREFIX}%"))
            ).all()
        )
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
                title_en=english.get(f"{TITLE_EN_META_PREFIX}{r.id}"),
            )
        )
    return infos


def releases(bind: Bind, *, release: int | None = None) -> list[ReleaseInfo]:
    """Every imported package, newest first, each saying whether it is superseded.

    ``release``: the list as it stood right after that release was imported (the
    releases up to it, superseded as of it), so that a view keyed by an older release
    stamp never names a release its figures do not come from. A release was superseded
    as of ``release`` when the last of its rows was retired by then (``superseded_by``
    is the highest ``retired_by`` of its rows).
    """
    if release is None:
        return _release_infos(bind)
    return [
        info
        if not info.superseded or (info.superseded_by or 0) <= release
        else dataclasses.replace(info, superseded=False, superseded_by=None)
        for info in _release_infos(bind, Release.id <= release)
    ]


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
    release (in ``year`` if given), named as of it: a department added later must not
    appear in an older release's view. Only public project-years count (disclosure
    rule 2): a department listed for a year in which it has only withheld ones would
    say where they are.
    """
    stmt = _department_columns(release).where(Department.region_code == region)
    if year is not None or release is not None:
        projects = (
            select(ProjectYear.department_id)
            .distinct()
            .where(visible(release), disclosure.public())
        )
        if year is not None:
            projects = projects.where(ProjectYear.fiscal_year == year)
        stmt = stmt.where(Department.id.in_(projects))
    with connection(bind) as conn:
        found = conn.execute(stmt.order_by(Department.code)).all()
    return [_department_info(d) for d in found]


def sectors(bind: Bind, view: ViewFilter) -> list[str]:
    """The sectors (支出功能分类) of the view's public project-years (as of its release),
    alphabetically: a sector of withheld ones only would say where they are (rule 2)."""
    department = (
        [ProjectYear.department_id == view.department_id]
        if view.department_id is not None
        else []
    )
    with connection(bind) as conn:
        return [
            s
            for (s,) in conn.execute(
                select(ProjectYear.sector).distinct()
                .where(
                    visible(view.release),
                    ProjectYear.fiscal_year == view.year,
                    region_condition(view.region, view.scope),
                    *department,
                    ProjectYear.sector.is_not(None),
                    disclosure.public(),
                )
                .order_by(ProjectYear.sector)
            )
            if s is not None  # excluded by the WHERE already; says so to the type checker
        ]


# ------------------------------------------------------------------ corrections

CORRECTION_KINDS = ("added", "withdrawn", "budget", "spent", "score", "grade")
# ``meta`` key recording that a release serves an earlier one again (``python -m
# data_access rollback``): rollback.<new release> = <earlier release>.
ROLLBACK_META_PREFIX = "rollback."


def restored_release(bind: Bind, release_id: int) -> int | None:
    """The earlier release that ``release_id`` serves again (a rollback), None for an
    import."""
    with connection(bind) as conn:
        value = conn.execute(
            select(Meta.value).where(Meta.key == f"{ROLLBACK_META_PREFIX}{release_id}")
        ).scalar_one_or_none()
    return int(value) if value is not None else None


@dataclass(frozen=True)
class Correction:
    """One change a release made to what its publisher had published before.

    ``kind``: "added" (a project-year published now and not before; ``new`` is its
    budget), "withdrawn" (published before and not now, removed or withheld; ``old`` is
    the budget it had), or the field that changed ("budget", "spent", "score",
    "grade") with its ``old`` and ``new`` values (money in 元, scores in points,
    grades as codes). ``restores`` is the earlier release a rollback serves again.
    """

    release_id: int
    previous_release_id: int
    restores: int | None
    fiscal_year: int
    project_code: str
    project_name: str
    kind: str
    old: Decimal | float | str | None
    new: Decimal | float | str | None


def _published_as_of(release: int, publisher: str, years: list[int], name: str) -> Any:
    """The public project-years of ``publisher`` for ``years`` served as of ``release``,
    with their final score and grade (a subquery named ``name``)."""
    ids = select(ProjectYear.id).where(
        visible(release),
        ProjectYear.publisher == publisher,
        ProjectYear.fiscal_year.in_(years),
        disclosure.public(),
    )
    final = _final_evaluations(ids)
    return (
        select(
            ProjectYear.id.label("pid"),
            ProjectYear.fiscal_year.label("year"),
            ProjectYear.project_code.label("code"),
            ProjectYear.project_name.label("name"),
            ProjectYear.budget_adjusted_fen.label("budget"),
            ProjectYear.spent_fen.label("spent"),
            final.c.score.label("score"),
            final.c.grade.label("grade"),
        )
        .outerjoin(final, final.c.pid == ProjectYear.id)
        .where(ProjectYear.id.in_(ids))
        .subquery(name)
    )


def corrections(bind: Bind, release_id: int) -> list[Correction]:
    """What release ``release_id`` changed against its publisher's previous release.

    Compared: the public project-years of the publisher, for the years the release
    covers, as served right after the previous release of that publisher and right
    after this one (the release history keeps both). Only differences leave the
    database: two anti/outer joins on (year, code) with null-safe comparisons. Withheld
    project-years are never compared (disclosure rule 4): one that becomes withheld is
    "withdrawn" like a removed one, one that becomes public is "added". A publisher's
    first release corrects nothing: [].
    """
    with connection(bind) as conn:
        release = conn.execute(
            select(Release.publisher, Release.fiscal_years).where(Release.id == release_id)
        ).first()
        if release is None:
            return []
        previous = conn.execute(
            select(func.max(Release.id)).where(
                Release.publisher == release.publisher, Release.id < release_id
            )
        ).scalar()
        if previous is None:
            return []
        years = [int(y) for y in json.loads(release.fiscal_years or "[]")]
        old = _published_as_of(previous, release.publisher, years, "old")
        new = _published_as_of(release_id, release.publisher, years, "new")
        same = and_(new.c.year == old.c.year, new.c.code == old.c.code)
        changed = conn.execute(
            select(new, old.c.pid.label("old_pid"), old.c.budget.label("old_budget"),
                   old.c.spent.label("old_spent"), old.c.score.label("old_score"),
                   old.c.grade.label("old_grade"))
            .outerjoin(old, same)
            .where(
                or_(
                    old.c.pid.is_(None),
                    new.c.budget.is_distinct_from(old.c.budget),
                    new.c.spent.is_distinct_from(old.c.spent),
                    new.c.score.is_distinct_from(old.c.score),
                    new.c.grade.is_distinct_from(old.c.grade),
                )
            )
            .order_by(new.c.year, new.c.code)
        ).all()
        withdrawn = conn.execute(
            select(old).outerjoin(new, same).where(new.c.pid.is_(None))
            .order_by(old.c.year, old.c.code)
        ).all()
        restores = restored_release(conn, release_id)

    def row(r: Any, kind: str, before: Any, after: Any) -> Correction:
        return Correction(
            release_id, int(previous), restores, int(r.year), r.code, r.name, kind,
            before, after,
        )

    out: list[Correction] = []
    for r in changed:
        if r.old_pid is None:
            out.append(row(r, "added", None, fen_to_yuan(r.budget)))
            continue
        for kind, before, after in (
            ("budget", fen_to_yuan(r.old_budget), fen_to_yuan(r.budget)),
            ("spent", fen_to_yuan(r.old_spent), fen_to_yuan(r.spent)),
            ("score", r.old_score, r.score),
            ("grade", r.old_grade, r.grade),
        ):
            if before != after:
                out.append(row(r, kind, before, after))
    out.extend(row(r, "withdrawn", fen_to_yuan(r.budget), None) for r in withdrawn)
    out.sort(key=lambda c: (c.fiscal_year, c.project_code, CORRECTION_KINDS.index(c.kind)))
    return out
