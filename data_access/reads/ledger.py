"""The result-application ledger: what an evaluation's application record announced for
the next budget, beside what the next year's published budget actually is.

Why a ledger: the closed loop's last link ("评价结果有应用") has two sides that must never
be merged (DESIGN.md): the application record *announces* an action (优先保障, 保持,
核减, 取消, …), often a next-year budget and a change; the next year's package
*publishes* that project's budget. A committee member who reads "下年预算 1,673 万，
增减 0" must be able to see that the published next-year budget is 1,982 万 (+18.5 %).
So, for every evaluated public project-year of a view, one SQL statement
(:func:`ledger_select`) gives:

- its final grade and score (as stored on the project-year: the final evaluation);
- the **announced** side: the application record of the highest-authority evaluation
  that has one (among its applications, one stating a budget first, then the latest):
  its action, its stated next-year budget and change, and the next-year budget it
  implies (``target``: the stated budget; else this year's budget plus the stated
  change; else 0 for 取消 and this year's budget for 保持; else none);
- the **actual** side: the ``budget_adjusted`` of the same project code's public
  project-year of ``fiscal_year + 1`` (as served by the same release), the actual
  change (next year's published budget minus this year's) and the difference between
  the published and the announced next-year budget;
- a **verdict**, in SQL, from the settings file's ``[ledger]`` table
  (``data_access/flags/rules.toml``):

  ``not_announced``    no application record, or one that implies no next-year budget
                       (整改 or 调整 without figures);
  ``project_ended``    no public record of the code in the next year, although its
                       publisher has published that year;
  ``no_next_year``     no public record of the code in the next year, which its
                       publisher has not published (yet): nothing to check;
  ``carried_out``      a cut (``cut_actions``): next year's published budget is below
                       this year's and at most the announced one (plus the tolerance);
                       any other action: the published next-year budget is the
                       announced one, within the tolerance;
  ``not_carried_out``  otherwise.

  The tolerance is ``tolerance_share`` of this year's budget, compared exactly in
  integer fen.

Disclosure: only public project-years are in the ledger, and a withheld next year is
read exactly like a missing one (``data_access.disclosure``, rules 3 and 4): the ledger
then says the project ended (or has no next-year record), never a withheld budget.
Summaries (:func:`ledger_summary`) count public project-years only, at every level.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal, overload

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    func,
    literal,
    not_,
    or_,
    select,
)
from sqlalchemy.sql.util import ClauseAdapter

from data_access.db.schema import (
    Application,
    Department,
    Evaluation,
    ProjectYear,
    Region,
    RegionAncestor,
)
from data_access.db.sql_helpers import (
    Bind,
    connection,
    department_name,
    final_evaluation_order,
    region_listed,
    region_name,
    visible,
)
from data_access.flags.settings import table
from data_access.money import fen_to_yuan
from data_access.reads.selection import SCOPES, ViewFilter, view_conditions

VERDICTS: tuple[str, ...] = (
    "carried_out",
    "not_carried_out",
    "project_ended",
    "no_next_year",
    "not_announced",
)
GROUPS = (None, "child", "department")


def cut_actions() -> tuple[str, ...]:
    """The application actions that announce a cut (``[ledger] cut_actions``)."""
    return tuple(table("ledger")["cut_actions"])


def tolerance() -> Fraction:
    """The share of this year's budget within which a published next-year budget
    matches the announced one (``[ledger] tolerance_share``), exact."""
    return Fraction(str(table("ledger")["tolerance_share"]))


# ------------------------------------------------------------------------ results


@dataclass(frozen=True)
class NamedProjectYear:
    """A public project-year as a ledger row or a flag names it: its code, name and
    fiscal year, its department's code and name, its region's code and name (the code
    when the gazetteer has no name). Read from a :func:`with_names` row by
    :meth:`names`."""

    project_code: str
    project_name: str
    fiscal_year: int
    department_code: str
    department_name: str
    region_code: str
    region_name: str

    def named(self) -> dict[str, Any]:
        """These fields of this row, as keyword arguments (for a row built from it)."""
        return {f.name: getattr(self, f.name) for f in fields(NamedProjectYear)}

    @staticmethod
    def names(row: Any) -> dict[str, Any]:
        """These fields of a row of :func:`with_names`, as keyword arguments."""
        m = row._mapping
        return {
            "project_code": m["code"],
            "project_name": m["name"],
            "fiscal_year": int(m["year"]),
            "department_code": m["department_code"],
            "department_name": m["department_name"],
            "region_code": m["region_code"],
            "region_name": m["region_name"] or m["region_code"],
        }


@dataclass(frozen=True)
class LedgerRow(NamedProjectYear):
    """One evaluated public project-year: announced beside actual, and the verdict.

    Money in Decimal 元. ``announced_budget`` is the next-year budget the application
    implies (see the module docstring), ``announced_change`` the change it states (else
    ``announced_budget - budget``); ``next_budget`` the next year's published
    ``budget_adjusted`` of the same code, ``actual_change`` = ``next_budget - budget``,
    ``difference`` = ``next_budget - announced_budget``; None where a side is missing.
    ``next_year_published``: whether the publisher has published ``fiscal_year + 1``.
    """

    budget: Decimal
    final_grade: str | None
    final_score: float | None
    action: str | None
    stated_budget: Decimal | None
    stated_change: Decimal | None
    application_status: str | None
    announced_budget: Decimal | None
    announced_change: Decimal | None
    next_budget: Decimal | None
    actual_change: Decimal | None
    difference: Decimal | None
    next_year_published: bool
    verdict: str

    @property
    def cut_announced(self) -> bool:
        """Whether the application announced a cut (``[ledger] cut_actions``)."""
        return self.action in cut_actions()


@dataclass(frozen=True)
class VerdictCount:
    """How many ledger rows have one verdict, and their budgets (this year's, 元)."""

    count: int = 0
    budget: Decimal = Decimal("0.00")


@dataclass(frozen=True)
class LedgerSummary:
    """The ledger of one view or one group of it (kind "total", "own", "child",
    "department", as :func:`data_access.flags.rules.flag_counts` groups).

    ``verdicts``: every verdict (zeros included). ``cuts_announced``: rows whose
    application announced a cut, ``cuts_carried_out`` / ``cuts_not_carried_out`` those
    of them with that verdict. ``weak``: rows graded 中 or 差; ``weak_cut_announced``
    those whose announced application is a cut; ``weak_with_next``: those with a
    published next-year record; ``weak_actually_cut``: those whose next year's
    published budget is below this year's (the actual side of the 中/差 cut rate).
    ``actual_change``: Σ next year's published budget − this year's, over the rows
    with a next-year record (元).
    """

    kind: str
    code: str
    name: str
    department_id: int | None = None
    verdicts: dict[str, VerdictCount] = field(default_factory=dict)
    cuts_announced: int = 0
    cuts_carried_out: int = 0
    cuts_not_carried_out: int = 0
    weak: int = 0
    weak_cut_announced: int = 0
    weak_with_next: int = 0
    weak_actually_cut: int = 0
    actual_change: Decimal = Decimal("0.00")

    @property
    def evaluated(self) -> int:
        """Evaluated public project-years in the ledger."""
        return sum(v.count for v in self.verdicts.values())

    @property
    def budget(self) -> Decimal:
        """Their budgets (this year's ``budget_adjusted``, 元)."""
        return sum((v.budget for v in self.verdicts.values()), Decimal("0.00"))

    @property
    def weak_cut_announced_rate(self) -> float | None:
        """Share of 中/差 rows whose announced application is a cut (None: no such row)."""
        return self.weak_cut_announced / self.weak if self.weak else None

    @property
    def weak_actually_cut_rate(self) -> float | None:
        """Share of 中/差 rows with a next-year record whose published budget went
        down (None: no such row)."""
        return self.weak_actually_cut / self.weak_with_next if self.weak_with_next else None


# ------------------------------------------------------------------------ SQL


def check_view(scope: str, group: str | None = None) -> None:
    """Refuse a scope or a grouping that neither the ledger nor the flags know."""
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {SCOPES}, not {scope!r}")
    if group not in GROUPS:
        raise ValueError(f"group must be one of {GROUPS}, not {group!r}")


def _check(scope: str, group: str | None = None, verdict: str | None = None) -> None:
    check_view(scope, group)
    if verdict is not None and verdict not in VERDICTS:
        raise ValueError(f"verdict must be one of {VERDICTS}, not {verdict!r}")


def region_codes(conn: Any, region: str, scope: str) -> list[str]:
    """The codes of the regions whose project-years a view holds: ``region`` itself
    (scope "own") or every region of its 全辖, as ``region_condition`` selects them."""
    if scope == "own":
        return [region]
    below = select(RegionAncestor.descendant_code).where(RegionAncestor.ancestor_code == region)
    return list(conn.execute(below).scalars())


def project_year_columns() -> list[ColumnElement[Any]]:
    """What names a project-year in a ledger or flag row: ``pid``, ``code``, ``name``,
    ``year``, ``dept_id``, ``region_code`` (:func:`with_names` adds the names)."""
    return [
        ProjectYear.id.label("pid"),
        ProjectYear.project_code.label("code"),
        ProjectYear.project_name.label("name"),
        ProjectYear.fiscal_year.label("year"),
        ProjectYear.department_id.label("dept_id"),
        ProjectYear.region_code.label("region_code"),
    ]


def next_year_budget(release: int | None) -> Any:
    """The ``budget_adjusted_fen`` of the same project code's public project-year of
    the next fiscal year, as served by ``release``: a scalar subquery correlated to
    ``project_year`` (None when there is none). The flag rules use this very
    expression, so the ledger and the flags read one "actual next-year budget".
    """
    nxt = ProjectYear.__table__.alias("next_year")
    adapt = ClauseAdapter(nxt)
    return (
        select(nxt.c.budget_adjusted_fen)
        .where(
            nxt.c.project_code == ProjectYear.project_code,
            nxt.c.fiscal_year == ProjectYear.fiscal_year + 1,
            nxt.c.withheld.is_(False),
            adapt.traverse(visible(release)),
        )
        .order_by(nxt.c.id.desc())
        .limit(1)
        .correlate(ProjectYear)
        .scalar_subquery()
    )


def _published_years(release: int | None) -> Any:
    """The (``publisher``, ``year``) pairs whose publisher has public project-years (as
    served by ``release``) in the fiscal year after ``year``: one derived table, joined
    once by :func:`ledger_select` on the project-year's publisher and year.

    Why not a correlated ``EXISTS`` per project-year: PostgreSQL expects a match among
    a publisher's tens of thousands of rows and runs it as a sequential scan of
    ``project_year`` stopped at the first match, so for the last published year (no
    match at all) the ledger scanned the whole table once per evaluated project
    (minutes at province scale). Here: one pass over ``project_year`` per statement.
    """
    other = ProjectYear.__table__.alias("next_published")
    adapt = ClauseAdapter(other)
    year = (other.c.fiscal_year - 1).label("year")
    return (
        select(other.c.publisher, year)
        .where(other.c.withheld.is_(False), adapt.traverse(visible(release)))
        .group_by(other.c.publisher, other.c.fiscal_year)
        # Materialized: read once per statement, however the view's rows are joined to
        # it (as a plain subquery, a nested-loop join re-read it for every row).
        .cte()
        .prefix_with("MATERIALIZED")
    )


def _announced_id() -> Any:
    """The id of the announced application of the project-year (``project_year`` of the
    enclosing query), or None: of the highest-authority evaluation that has
    applications (``final_evaluation_order``), one stating a budget or a change first,
    then the latest record. A scalar subquery correlated to ``project_year``.

    Why not one ranked table (``row_number() … = 1``) joined to the view: PostgreSQL
    estimated that filter at a handful of rows and, for some groupings, joined it by a
    nested loop over every pair (59 million comparisons, seconds at province scale);
    per project-year this is a short walk of the evaluation and application indexes.
    """
    states_nothing = case(
        (
            and_(
                Application.next_year_budget_fen.is_(None),
                Application.budget_change_fen.is_(None),
            ),
            1,
        ),
        else_=0,
    )
    return (
        select(Application.id)
        .select_from(Evaluation)
        .join(Application, Application.evaluation_id == Evaluation.id)
        .where(Evaluation.project_year_id == ProjectYear.id)
        .order_by(*final_evaluation_order(), states_nothing, Application.id.desc())
        .limit(1)
        .correlate(ProjectYear)
        .scalar_subquery()
    )


def ledger_select(
    conditions: list[ColumnElement[bool]], release: int | None
) -> Select[Any]:
    """The ledger of the evaluated project-years passing ``conditions`` (conditions on
    ``project_year``, public rows only: see :func:`view_conditions`), one row each with
    the verdict computed in SQL. Money in fen. Columns: ``pid``, ``code``, ``name``,
    ``year``, ``dept_id``, ``region_code``, ``budget``, ``final_grade``,
    ``final_score``, ``action``, ``stated_next``, ``stated_change``, ``status``,
    ``target``, ``announced_change``, ``next_budget``, ``actual_change``,
    ``difference``, ``next_published``, ``verdict``.
    """
    published = _published_years(release)
    evaluated = select(Evaluation.id).where(Evaluation.project_year_id == ProjectYear.id).exists()
    chosen = (
        select(
            *project_year_columns(),
            ProjectYear.budget_adjusted_fen.label("budget"),
            ProjectYear.final_grade.label("final_grade"),
            ProjectYear.final_score.label("final_score"),
            _announced_id().label("announced_id"),
            next_year_budget(release).label("next_budget"),
            case((published.c.publisher.is_not(None), 1), else_=0).label("next_published"),
        )
        .select_from(
            ProjectYear.__table__.outerjoin(
                published,
                and_(
                    published.c.publisher == ProjectYear.publisher,
                    published.c.year == ProjectYear.fiscal_year,
                ),
            )
        )
        .where(*conditions, evaluated)
        # A fence (``OFFSET 0``): the planner keeps this a subquery, so each correlated
        # read above runs once per row, not once per mention in the verdict below.
        .offset(0)
        .subquery("ledger_chosen")
    )
    announced = Application.__table__.alias("announced")
    kept = [column for column in chosen.c if column.key not in ("announced_id",
                                                                 "next_budget",
                                                                 "next_published")]
    base = (
        select(
            *kept,
            announced.c.action.label("action"),
            announced.c.next_year_budget_fen.label("stated_next"),
            announced.c.budget_change_fen.label("stated_change"),
            announced.c.status.label("status"),
            chosen.c.next_budget,
            chosen.c.next_published,
        )
        .select_from(chosen.outerjoin(announced, announced.c.id == chosen.c.announced_id))
        .subquery("ledger_base")
    )
    b = base.c
    cuts = list(cut_actions())
    share = tolerance()
    target = func.coalesce(
        b.stated_next,
        b.budget + b.stated_change,
        case((b.action == "cancel", literal(0)), (b.action == "maintain", b.budget)),
    )
    # |next - target| within the tolerance, exactly: |d| * den <= budget * num.
    gap = case((b.next_budget >= target, b.next_budget - target), else_=target - b.next_budget)
    within = gap * share.denominator <= b.budget * share.numerator
    at_most = (b.next_budget - target) * share.denominator <= b.budget * share.numerator
    expects = and_(b.action.is_not(None), or_(target.is_not(None), b.action.in_(cuts)))
    verdict = case(
        (not_(expects), "not_announced"),
        (and_(b.next_budget.is_(None), b.next_published == 1), "project_ended"),
        (b.next_budget.is_(None), "no_next_year"),
        (
            b.action.in_(cuts),
            case(
                (
                    and_(b.next_budget < b.budget, or_(target.is_(None), at_most)),
                    "carried_out",
                ),
                else_="not_carried_out",
            ),
        ),
        (within, "carried_out"),
        else_="not_carried_out",
    )
    return select(
        *base.c,
        target.label("target"),
        func.coalesce(b.stated_change, target - b.budget).label("announced_change"),
        (b.next_budget - b.budget).label("actual_change"),
        (b.next_budget - target).label("difference"),
        verdict.label("verdict"),
    )


def verdict_project_years(view: ViewFilter, verdict: str) -> Select[Any]:
    """The ids (``pid``) of a view's project-years with ``verdict``: the explorer's
    ledger filter lists exactly the rows the ledger shows."""
    _check(view.scope, verdict=verdict)
    rows = ledger_select(view_conditions(view), view.release).subquery("ledger_rows")
    return select(rows.c.pid).where(rows.c.verdict == verdict)


def _as_row(row: Any) -> LedgerRow:
    m = row._mapping
    return LedgerRow(
        **NamedProjectYear.names(row),
        budget=fen_to_yuan(int(m["budget"])),
        final_grade=m["final_grade"],
        final_score=None if m["final_score"] is None else float(m["final_score"]),
        action=m["action"],
        stated_budget=fen_to_yuan(m["stated_next"]),
        stated_change=fen_to_yuan(m["stated_change"]),
        application_status=m["status"],
        announced_budget=fen_to_yuan(m["target"]),
        announced_change=fen_to_yuan(m["announced_change"]),
        next_budget=fen_to_yuan(m["next_budget"]),
        actual_change=fen_to_yuan(m["actual_change"]),
        difference=fen_to_yuan(m["difference"]),
        next_year_published=bool(m["next_published"]),
        verdict=str(m["verdict"]),
    )


def with_names(rows: Any, release: int | None) -> Select[Any]:
    """Rows of :func:`project_year_columns` (a subquery: ledger or flag rows) with
    their department's code and name and their region's name as of ``release``."""
    return (
        select(
            rows,
            Department.code.label("department_code"),
            department_name(release).label("department_name"),
            region_name(release).label("region_name"),
        )
        .join(Department, Department.id == rows.c.dept_id)
        .outerjoin(Region, Region.code == rows.c.region_code)
    )


def ledger_rows(
    bind: Bind,
    view: ViewFilter,
    *,
    verdicts: Iterable[str] | None = None,
    after: str | None = None,
    limit: int | None = None,
) -> list[LedgerRow]:
    """The ledger of a view, by project code (``after``: the rows after that code, for
    keyset paging; a code is unique within a fiscal year), optionally only some
    ``verdicts``, at most ``limit`` rows."""
    _check(view.scope)
    chosen = None if verdicts is None else list(verdicts)
    for verdict in chosen or ():
        _check(view.scope, verdict=verdict)
    ledger = ledger_select(view_conditions(view), view.release).subquery("ledger")
    stmt = with_names(ledger, view.release)
    if chosen is not None:
        stmt = stmt.where(ledger.c.verdict.in_(chosen))
    if after is not None:
        stmt = stmt.where(ledger.c.code > after)
    stmt = stmt.order_by(ledger.c.code, ledger.c.pid)
    if limit is not None:
        stmt = stmt.limit(max(0, limit))
    with connection(bind) as conn:
        return [_as_row(row) for row in conn.execute(stmt)]


def project_ledger(
    bind: Bind, project_code: str, year: int, *, release: int | None = None
) -> LedgerRow | None:
    """The ledger row of one public project-year (None: not evaluated, withheld or
    unknown, all answered alike)."""
    conditions = [
        ProjectYear.project_code == project_code,
        ProjectYear.fiscal_year == year,
        ProjectYear.withheld.is_(False),
        visible(release),
    ]
    ledger = ledger_select(conditions, release).subquery("ledger")
    with connection(bind) as conn:
        found = conn.execute(
            with_names(ledger, release).order_by(ledger.c.pid.desc()).limit(1)
        ).first()
    return _as_row(found) if found is not None else None


# ------------------------------------------------------------------------ summaries


def _empty() -> dict[str, VerdictCount]:
    return {verdict: VerdictCount() for verdict in VERDICTS}


@dataclass
class _Tally:
    verdicts: dict[str, list[int]] = field(default_factory=dict)
    cuts_announced: int = 0
    cuts_carried_out: int = 0
    cuts_not_carried_out: int = 0
    weak: int = 0
    weak_cut_announced: int = 0
    weak_with_next: int = 0
    weak_actually_cut: int = 0
    actual_change: int = 0

    def add(self, row: Any) -> None:
        n = int(row.n)
        held = self.verdicts.setdefault(row.verdict, [0, 0])
        held[0] += n
        held[1] += int(row.budget or 0)
        if row.cut:
            self.cuts_announced += n
            if row.verdict == "carried_out":
                self.cuts_carried_out += n
            elif row.verdict == "not_carried_out":
                self.cuts_not_carried_out += n
        if row.weak:
            self.weak += n
            self.weak_cut_announced += n if row.cut else 0
            self.weak_with_next += int(row.with_next or 0)
            self.weak_actually_cut += int(row.went_down or 0)
        self.actual_change += int(row.actual_change or 0)

    def summary(
        self, kind: str, code: str, name: str, department_id: int | None = None
    ) -> LedgerSummary:
        return LedgerSummary(
            kind=kind,
            code=code,
            name=name,
            department_id=department_id,
            verdicts={
                **_empty(),
                **{
                    k: VerdictCount(n, fen_to_yuan(fen))
                    for k, (n, fen) in self.verdicts.items()
                },
            },
            cuts_announced=self.cuts_announced,
            cuts_carried_out=self.cuts_carried_out,
            cuts_not_carried_out=self.cuts_not_carried_out,
            weak=self.weak,
            weak_cut_announced=self.weak_cut_announced,
            weak_with_next=self.weak_with_next,
            weak_actually_cut=self.weak_actually_cut,
            actual_change=fen_to_yuan(self.actual_change),
        )


@overload
def ledger_summary(bind: Bind, view: ViewFilter, *, group: None = ...) -> LedgerSummary: ...


@overload
def ledger_summary(
    bind: Bind, view: ViewFilter, *, group: Literal["child", "department"]
) -> list[LedgerSummary]: ...


def ledger_summary(
    bind: Bind, view: ViewFilter, *, group: str | None = None
) -> LedgerSummary | list[LedgerSummary]:
    """How the view's evaluated public project-years fare in the ledger, counted in
    SQL (GROUP BY verdict): for the whole view (``group=None``), for the region's 本级
    and each child region's 全辖 (``group="child"``, zeros included; the parts add up
    to the view), or per department (``group="department"``).
    """
    _check(view.scope, group)
    ledger = ledger_select(view_conditions(view), view.release).subquery("ledger")
    c = ledger.c
    weak = case((c.final_grade.in_(("fair", "poor")), 1), else_=0)
    cut = case((c.action.in_(list(cut_actions())), 1), else_=0)
    key: Any = (
        c.dept_id
        if group == "department"
        else c.region_code
        if group == "child"
        else literal(0)
    )
    stmt = select(
        key.label("grp"),
        c.verdict,
        weak.label("weak"),
        cut.label("cut"),
        func.count().label("n"),
        func.sum(c.budget).label("budget"),
        func.sum(case((c.next_budget.is_not(None), 1), else_=0)).label("with_next"),
        func.sum(case((c.next_budget < c.budget, 1), else_=0)).label("went_down"),
        func.sum(func.coalesce(c.actual_change, 0)).label("actual_change"),
    ).group_by(key, c.verdict, weak, cut)
    with connection(bind) as conn:
        found = conn.execute(stmt).all()
        name = conn.execute(
            select(region_name(view.release)).where(Region.code == view.region)
        ).scalar_one_or_none()
        if group is None:
            tally = _Tally()
            for row in found:
                tally.add(row)
            return tally.summary(
                "total", view.region, name or view.region, view.department_id
            )
        if group == "child":
            kids = child_regions(conn, view.region, view.release, view.year)
            fold = child_of(conn, [k.code for k in kids])
            tallies: dict[str, _Tally] = {}
            for row in found:
                tallies.setdefault(fold.get(row.grp, row.grp), _Tally()).add(row)
            own = tallies.get(view.region, _Tally())
            rows = [own.summary("own", view.region, name or view.region)]
            if view.scope == "all":
                rows += [
                    tallies.get(k.code, _Tally()).summary("child", k.code, k.name)
                    for k in kids
                ]
            return rows
        by_department: dict[int, _Tally] = {}
        for row in found:
            by_department.setdefault(int(row.grp), _Tally()).add(row)
        departments = conn.execute(
            select(Department.id, Department.code, department_name(view.release).label("name"))
            .where(Department.id.in_(list(by_department)))
            .order_by(Department.region_code, Department.code)
        ).all()
        return [
            by_department[d.id].summary("department", d.code, d.name, d.id)
            for d in departments
        ]


def child_regions(conn: Any, region: str, release: int | None, year: int | None) -> list[Any]:
    """The regions directly below ``region`` (``code``, ``name``) as of ``release``
    (those in the tree then, with the names they had) listed in ``year``
    (``sql_helpers.region_listed``), by code."""
    return list(
        conn.execute(
            select(Region.code, region_name(release).label("name"))
            .where(Region.parent_code == region, region_listed(year, release))
            .order_by(Region.code)
        ).all()
    )


def child_of(conn: Any, kids: list[str]) -> dict[str, str]:
    """Every region code below (or equal to) one of ``kids``, mapped to that kid."""
    if not kids:
        return {}
    rows = conn.execute(
        select(RegionAncestor.descendant_code, RegionAncestor.ancestor_code).where(
            RegionAncestor.ancestor_code.in_(kids)
        )
    )
    return {row.descendant_code: row.ancestor_code for row in rows}


# ------------------------------------------------------------------------ JSON


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def row_as_json(row: LedgerRow) -> dict[str, Any]:
    """A ledger row as JSON-ready values (money in 元 as numbers), announced and actual
    kept apart."""
    return {
        "project_code": row.project_code,
        "project_name": row.project_name,
        "fiscal_year": row.fiscal_year,
        "department_code": row.department_code,
        "department_name": row.department_name,
        "region_code": row.region_code,
        "region_name": row.region_name,
        "budget": _number(row.budget),
        "final_grade": row.final_grade,
        "final_score": row.final_score,
        "announced": {
            "action": row.action,
            "next_year_budget": _number(row.stated_budget),
            "budget_change": _number(row.stated_change),
            "status": row.application_status,
            "implied_next_year_budget": _number(row.announced_budget),
            "implied_change": _number(row.announced_change),
        },
        "actual": {
            "next_year": row.fiscal_year + 1,
            "next_year_published": row.next_year_published,
            "next_year_budget": _number(row.next_budget),
            "change": _number(row.actual_change),
        },
        "difference": _number(row.difference),
        "verdict": row.verdict,
    }


def summary_as_json(summary: LedgerSummary) -> dict[str, Any]:
    """A ledger summary as JSON-ready values."""
    return {
        "kind": summary.kind,
        "code": summary.code,
        "name": summary.name,
        "evaluated": summary.evaluated,
        "budget": _number(summary.budget),
        "verdicts": {
            k: {"count": v.count, "budget": _number(v.budget)}
            for k, v in summary.verdicts.items()
        },
        "cuts_announced": summary.cuts_announced,
        "cuts_carried_out": summary.cuts_carried_out,
        "cuts_not_carried_out": summary.cuts_not_carried_out,
        "fair_poor": summary.weak,
        "fair_poor_cut_announced": summary.weak_cut_announced,
        "fair_poor_with_next_year": summary.weak_with_next,
        "fair_poor_actually_cut": summary.weak_actually_cut,
        "actual_change": _number(summary.actual_change),
    }


def verdict_counts(summary: LedgerSummary) -> Mapping[str, int]:
    """The count of every verdict (in :data:`VERDICTS` order)."""
    return {k: summary.verdicts[k].count for k in VERDICTS}
