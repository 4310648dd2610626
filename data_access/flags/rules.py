"""Flags: the questions the published results raise, each found by a rule in SQL.

Why this module: the budget committee needs, in a hearing, the project-years (and the
regions and departments) whose published results call for a question: graded 差 and the
budget still went up, money left unspent, targets missed, self-assessments well above
the independent ones. Each rule is one SQL statement over the project-years of a view
(year, region, scope, department), so the database finds the flagged items; nothing here
loads a table into Python. Every threshold, title and plain explanation lives in one
documented settings file, ``flag_rules.toml``, loaded once into :data:`RULES`.

Definitions shared with :mod:`data_access.metrics.compute` (DESIGN.md): the final evaluation of a
project-year is the one of highest authority (finance > department > self, then the latest
publication, then the latest record: :func:`sql_helpers.final_evaluation_order`); its
grade is the project-year's. Money is compared in integer fen and returned as Decimal 元;
rates are fractions; a zero denominator gives None.

Disclosure: withheld project-years are never flagged, never listed and never counted. A
count that included them, next to a list that cannot show them, would tell a reader that
an undisclosed project was flagged (and so, for ``poor_not_cut``, its grade). Only the
``lagging_region`` coverage rates of regions and governments' 本级 include withheld
money, exactly as the published ``evaluation_coverage_rate`` metric does (so the two
always agree); a department's never does (``data_access.disclosure``, rule 2).

Releases: every read of ``project_year`` (the view, and the next year's budget) goes
through ``sql_helpers.visible(release)``: the rows served as of that release, or the
live ones when ``release`` is None.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal, overload

from sqlalchemy import (
    Float,
    Select,
    SQLColumnExpression,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    or_,
    select,
)
from sqlalchemy.sql import ColumnElement

from data_access.db.schema import (
    Department,
    Evaluation,
    Indicator,
    Monitoring,
    ProjectYear,
    Region,
)
from data_access.db.sql_helpers import (
    Bind,
    connection,
    department_name,
    final_evaluation_order,
    region_name,
)
from data_access.disclosure import withheld_counts
from data_access.flags.settings import NON_RULE_TABLES, SETTINGS_PATH, load, table
from data_access.money import fen_to_yuan
from data_access.reads import ledger
from data_access.reads.selection import ViewFilter, view_conditions

# Rules about one project-year (they yield items) and about a region or department.
ITEM_RULES: tuple[str, ...] = (
    "poor_not_cut",
    "cut_not_carried_out",
    "low_execution",
    "targets_missed",
    "self_inflated",
    "halted",
    "no_report",
    "no_targets",
)
AREA_RULES: tuple[str, ...] = ("lagging_region",)
RULE_KEYS: tuple[str, ...] = ITEM_RULES + AREA_RULES
SCOPES = ledger.SCOPES
GROUPS = ledger.GROUPS
# Scores are floats (points); 85.1 - 75.1 is 9.999999999999986 in binary floating point.
SCORE_TOLERANCE = 1e-6

FigureValue = Decimal | float | int | str | tuple[str, ...] | None


# ------------------------------------------------------------------------ rules


@dataclass(frozen=True)
class Rule:
    """One flag rule: its key, zh/en title and explanation, and its settings.

    ``kind`` is "item" for rules about project-years and "area" for ``lagging_region``.
    The explanations are already filled with the settings' values.
    """

    key: str
    kind: str
    title_zh: str
    title_en: str
    explanation_zh: str
    explanation_en: str
    settings: Mapping[str, Any] = field(default_factory=dict)

    def title(self, lang: str = "zh") -> str:
        """The rule's title in ``lang`` (zh or en)."""
        return self.title_en if lang == "en" else self.title_zh

    def explanation(self, lang: str = "zh") -> str:
        """The rule's plain explanation in ``lang`` (zh or en)."""
        return self.explanation_en if lang == "en" else self.explanation_zh


_TEXT_KEYS = ("title_zh", "title_en", "explanation_zh", "explanation_en")
_REQUIRED_SETTINGS: dict[str, tuple[str, ...]] = {
    "poor_not_cut": ("grades", "cut_actions", "min_change_yuan"),
    "cut_not_carried_out": ("verdict",),
    "low_execution": ("below_rate",),
    "targets_missed": ("min_share_not_met", "min_assessed"),
    "self_inflated": ("min_gap_points",),
    "halted": ("actions",),
    "no_report": ("eval_types",),
    "no_targets": ("min_budget_yuan",),
    "lagging_region": ("min_gap_points",),
}


def load_rules(path: Path = SETTINGS_PATH) -> dict[str, Rule]:
    """The rules of the settings file, in :data:`RULE_KEYS` order.

    Why strict: a rule without its threshold or its explanation must fail at import, not
    show an empty box in a hearing.
    """
    data = {k: v for k, v in load(path).items() if k not in NON_RULE_TABLES}
    unknown = set(data) - set(RULE_KEYS)
    if unknown:
        raise ValueError(f"{path.name}: unknown rules {sorted(unknown)}")
    rules: dict[str, Rule] = {}
    for key in RULE_KEYS:
        table = data.get(key)
        if table is None:
            raise ValueError(f"{path.name}: rule [{key}] is missing")
        missing = [k for k in (*_TEXT_KEYS, *_REQUIRED_SETTINGS[key]) if k not in table]
        if missing:
            raise ValueError(f"{path.name}: [{key}] lacks {', '.join(missing)}")
        settings = {k: v for k, v in table.items() if k not in _TEXT_KEYS}
        texts = {k: str(table[k]).format(**settings) for k in _TEXT_KEYS}
        rules[key] = Rule(
            key=key,
            kind="area" if key in AREA_RULES else "item",
            settings=settings,
            **texts,
        )
    return rules


RULES: dict[str, Rule] = load_rules()


def _basis_kinds() -> dict[str, str]:
    """The kind of legal basis of every rule (``[basis.rules]``), checked: a question
    printed without the rule it rests on would be a question without authority."""
    kinds = dict(table("basis").get("rules") or {})
    missing = [key for key in RULE_KEYS if key not in kinds]
    if missing:
        raise ValueError(f"{SETTINGS_PATH.name}: [basis.rules] lacks {', '.join(missing)}")
    for kind in set(kinds.values()):
        for lang in ("zh", "en"):
            if not str(table("basis").get(f"{kind}_{lang}") or "").strip():
                raise ValueError(f"{SETTINGS_PATH.name}: [basis] lacks {kind}_{lang}")
    return {key: str(kinds[key]) for key in RULE_KEYS}


BASIS_KINDS: dict[str, str] = _basis_kinds()


def basis(kind: str, lang: str = "zh") -> str:
    """The legal basis of a kind ("evaluation", "monitoring") in ``lang``: the national
    measures the settings file names (财预〔2020〕10号, 财预〔2019〕136号)."""
    return str(table("basis")[f"{kind}_{'en' if lang == 'en' else 'zh'}"])


def _setting(rule: str, name: str) -> Any:
    return RULES[rule].settings[name]


def _fraction(value: Any) -> Fraction:
    """A threshold as an exact fraction ("1/3", 0.6 -> 3/5, 10)."""
    return Fraction(str(value))


def _yuan_to_fen(value: Any) -> int:
    return int((Decimal(str(value)) * 100).to_integral_value(rounding=ROUND_HALF_UP))


# ------------------------------------------------------------------------ results


@dataclass(frozen=True)
class FlaggedItem(ledger.NamedProjectYear):
    """One project-year flagged by one rule, with the figures the rule used.

    ``money_at_stake`` (Decimal 元) is, per rule: ``poor_not_cut`` next year's budget;
    ``low_execution`` the unspent budget (budget_adjusted - spent); every other rule the
    project-year's budget_adjusted. ``figures`` always holds ``budget`` (budget_adjusted,
    元) and the rule's own numbers (scores, rates as fractions, budgets and changes in 元).
    """

    rule: str
    money_at_stake: Decimal
    figures: Mapping[str, FigureValue] = field(default_factory=dict)
    # How far past its threshold the rule's figure lies, 0 to 1 (rules.toml [severity]).
    excess: float = 0.0


@dataclass(frozen=True)
class RuleCount:
    """How many items a rule flags in a group, and their money at stake (元)."""

    count: int = 0
    money_at_stake: Decimal = Decimal("0.00")


@dataclass(frozen=True)
class FlagCounts:
    """The flags of one view or one group of it, per rule key (every key present).

    ``kind``: "total" (the whole view), "own" (the region's 本级 when split into
    children), "child" (a child region's 全辖) or "department".
    """

    kind: str
    code: str
    name: str
    department_id: int | None = None
    rules: dict[str, RuleCount] = field(default_factory=dict)

    @property
    def items(self) -> int:
        """Flagged project-year items over every item rule (one project-year may count
        under several rules)."""
        return sum(self.rules[key].count for key in ITEM_RULES if key in self.rules)


@dataclass(frozen=True)
class LaggingUnit:
    """A child region or a department whose evaluation coverage lags its parent's.

    ``coverage`` and ``parent_coverage`` are evaluated funds / project spending (withheld
    money included, as in the metrics); ``gap_points`` = (parent - own) x 100;
    ``money_at_stake`` the funds that would have to be evaluated to reach the parent's
    rate.
    """

    kind: str  # "child" (a region's 全辖) or "department"
    code: str
    name: str
    department_id: int | None
    region_code: str
    project_spending: Decimal
    evaluated_funds: Decimal
    coverage: float
    parent_code: str
    parent_scope: str  # "all" (parent region's 全辖) or "own" (the government's 本级)
    parent_coverage: float
    gap_points: float
    money_at_stake: Decimal


# ------------------------------------------------------------------------ SQL


@dataclass(frozen=True)
class _View:
    """The project-years of a view as conditions on ``project_year``, and a group key.

    Why this shape (issue 7: PostgreSQL took ~90 s for a province's counts): each rule
    applies the view's conditions ONCE, restricting its child table with
    ``project_year_id IN (ids)`` (:meth:`of`: the (fiscal_year, region_code) index, then
    ``project_year_id`` index probes, on both backends), aggregates it into ONE derived
    table, and joins that back to ``project_year`` by primary key only (:meth:`frame`).
    Repeating the conditions on the join back, or joining two derived tables, left
    PostgreSQL without statistics (right after a bulk import, before autovacuum's
    ANALYZE) estimating one row on each side and re-running the inner side once per
    outer row: minutes per rule. SQLite materialises a CTE used twice without an index,
    so no CTE is shared between rules either.
    """

    conditions: tuple[ColumnElement[bool], ...]
    group: str | None

    def of(self, *columns: Any, fk: Any) -> Select[Any]:
        """``columns`` of a child table's rows (``fk``: its project_year_id) whose
        project-year is in the view; the view's conditions appear here only."""
        ids = select(ProjectYear.id).where(*self.conditions)
        return select(*columns).select_from(fk.expression.table).where(fk.in_(ids))

    def grp(self) -> SQLColumnExpression[Any]:
        """The group key: a department, or the project-year's own region ("region"),
        which :func:`flag_counts` folds into child regions in Python (a join to the
        closure table here made each statement probe it once per project-year)."""
        if self.group == "department":
            return ProjectYear.department_id
        if self.group == "region":
            return ProjectYear.region_code
        return literal_column("0")

    def frame(self, left: Any = None) -> Any:
        """``project_year``, joined by primary key alone onto ``left`` when given (rows
        already restricted to the view: its conditions are not applied again)."""
        table = ProjectYear.__table__
        return table if left is None else left.join(table, table.c.id == left.c.pid)

    def columns(self) -> list[ColumnElement[Any]]:
        return [
            *ledger.project_year_columns(),
            self.grp().label("grp"),
            ProjectYear.budget_adjusted_fen.label("budget"),
        ]

    def on_budget(self, found: Any, *columns: Any, excess: Any) -> Select[Any]:
        """A rule's items from ``found`` (a derived table of the view's project-years
        joined by ``pid``, or None: ``project_year`` itself, see :meth:`frame`), their
        budget as the money at stake, with ``columns`` (the figures the rule reports)
        and ``excess``."""
        return select(
            *self.columns(),
            ProjectYear.budget_adjusted_fen.label("money"),
            *columns,
            excess.label("excess"),
        ).select_from(self.frame(found))


def _view(
    flt: ViewFilter,
    group: str | None = None,
    *,
    public_only: bool = True,
    codes: list[str] | None = None,
    pids: list[int] | None = None,
) -> _View:
    """The project-years of ``flt`` (public ones unless told) as SQL conditions, grouped
    by ``group`` (:func:`data_access.reads.selection.view_conditions`, shared with the
    ledger)."""
    conditions = view_conditions(flt, public_only=public_only, codes=codes, pids=pids)
    return _View(tuple(conditions), group)


def _ledger(view: _View, release: int | None) -> Any:
    """The result-application ledger of the view's project-years
    (:func:`data_access.reads.ledger.ledger_select`): announced and actual next-year
    budgets and the verdict, computed once there for the ledger, the flags and the
    explorer alike."""
    return ledger.ledger_select(list(view.conditions), release).subquery("ledger")


def _poor_not_cut(view: _View, release: int | None) -> Select[Any]:
    grades = list(_setting("poor_not_cut", "grades"))
    cut_actions = list(_setting("poor_not_cut", "cut_actions"))
    min_change = _yuan_to_fen(_setting("poor_not_cut", "min_change_yuan"))
    # The ledger's two sides: the next year's published budget of the same code (the
    # actual one) when that year is published, else the next-year budget the announced
    # application implies. Which of the two is said in ``next_source``.
    led = _ledger(view, release)
    next_budget = func.coalesce(led.c.next_budget, led.c.target)
    grade_excess = case((led.c.final_grade == "poor", 1.0), else_=0.5)
    return (
        select(
            *view.columns(),
            next_budget.label("money"),
            led.c.final_score,
            led.c.final_grade,
            next_budget.label("next_budget"),
            case((led.c.next_budget.is_not(None), "next_year_project"), else_="application").label(
                "next_source"
            ),
            led.c.action,
            grade_excess.label("excess"),
        )
        .select_from(view.frame(led))
        .where(
            led.c.final_grade.in_(grades),
            or_(led.c.action.is_(None), led.c.action.not_in(cut_actions)),
            next_budget.is_not(None),
            next_budget - led.c.budget >= min_change,
        )
    )


def _capped(value: Any) -> Any:
    """``value`` (a fraction) clipped to [0, 1] in SQL, on both backends."""
    return case((value > 1, 1.0), (value < 0, 0.0), else_=value)


def _cut_not_carried_out(view: _View, release: int | None) -> Select[Any]:
    verdict = str(_setting("cut_not_carried_out", "verdict"))
    led = _ledger(view, release)
    base = func.coalesce(led.c.target, led.c.budget)
    over = cast(led.c.next_budget - base, Float) / func.nullif(cast(led.c.budget, Float), 0)
    return (
        select(
            *view.columns(),
            led.c.next_budget.label("money"),
            led.c.final_score,
            led.c.final_grade,
            led.c.action,
            led.c.target,
            led.c.next_budget,
            func.coalesce(_capped(over), 1.0).label("excess"),
        )
        .select_from(view.frame(led))
        .where(led.c.action.in_(list(ledger.cut_actions())), led.c.verdict == verdict)
    )


def _low_execution(view: _View, _release: int | None) -> Select[Any]:
    rate = _fraction(_setting("low_execution", "below_rate"))
    budget, spent = ProjectYear.budget_adjusted_fen, ProjectYear.spent_fen
    return (
        select(
            *view.columns(),
            (budget - spent).label("money"),
            spent.label("spent"),
            (
                1.0
                - cast(spent * rate.denominator, Float)
                / cast(budget * rate.numerator, Float)
            ).label("excess"),
        )
        .select_from(view.frame())
        .where(
            *view.conditions,
            spent.is_not(None),
            budget > 0,
            spent * rate.denominator < budget * rate.numerator,
        )
    )


def _targets_missed(view: _View, _release: int | None) -> Select[Any]:
    share = _fraction(_setting("targets_missed", "min_share_not_met"))
    min_assessed = int(_setting("targets_missed", "min_assessed"))
    assessed = func.sum(case((Indicator.status != "not_assessed", 1), else_=0))
    not_met = func.sum(case((Indicator.status == "not_met", 1), else_=0))
    counts = (
        view.of(
            Indicator.project_year_id.label("pid"),
            assessed.label("assessed"),
            not_met.label("not_met"),
            fk=Indicator.project_year_id,
        )
        .group_by(Indicator.project_year_id)
        .having(
            assessed >= max(1, min_assessed),
            not_met * share.denominator >= assessed * share.numerator,
        )
        .subquery("ind")
    )
    return view.on_budget(
        counts,
        counts.c.assessed,
        counts.c.not_met,
        excess=(
            cast(
                counts.c.not_met * share.denominator - counts.c.assessed * share.numerator,
                Float,
            )
            / func.nullif(
                cast(counts.c.assessed * (share.denominator - share.numerator), Float), 0
            )
        ),
    )


def _self_inflated(view: _View, _release: int | None) -> Select[Any]:
    gap = float(_setting("self_inflated", "min_gap_points"))
    is_self = case((Evaluation.authority == 1, 1), else_=0)
    ranked = view.of(
        Evaluation.project_year_id.label("pid"),
        Evaluation.score.label("score"),
        Evaluation.eval_type.label("eval_type"),
        is_self.label("is_self"),
        func.row_number()
        .over(
            partition_by=(Evaluation.project_year_id, is_self),
            order_by=final_evaluation_order(),
        )
        .label("rn"),
        fk=Evaluation.project_year_id,
    ).subquery("ranked")
    r = ranked.c
    first_self = and_(r.is_self == 1, r.rn == 1)
    first_higher = and_(r.is_self == 0, r.rn == 1)
    self_score = func.max(case((first_self, r.score)))
    higher_score = func.max(case((first_higher, r.score)))
    scores = (
        select(
            r.pid,
            self_score.label("self_score"),
            higher_score.label("higher_score"),
            func.max(case((first_higher, r.eval_type))).label("higher_type"),
        )
        .group_by(r.pid)
        .having(self_score - higher_score >= gap - SCORE_TOLERANCE)
        .subquery("scores")
    )
    return view.on_budget(
        scores,
        scores.c.self_score,
        scores.c.higher_score,
        scores.c.higher_type,
        excess=_capped((scores.c.self_score - scores.c.higher_score - gap) / gap),
    )


def _halted(view: _View, _release: int | None) -> Select[Any]:
    actions = list(_setting("halted", "actions"))
    # The strongest action is the one listed last in the settings (terminate > suspend).
    strength = case(
        *((Monitoring.action == action, index + 1) for index, action in enumerate(actions)),
        else_=0,
    )
    stopped = (
        view.of(
            Monitoring.project_year_id.label("pid"),
            func.max(strength).label("strongest"),
            func.min(Monitoring.as_of).label("first_as_of"),
            fk=Monitoring.project_year_id,
        )
        .where(Monitoring.action.in_(actions))
        .group_by(Monitoring.project_year_id)
        .subquery("stopped")
    )
    return view.on_budget(
        stopped,
        ProjectYear.spent_fen.label("spent"),
        stopped.c.strongest,
        stopped.c.first_as_of,
        excess=cast(stopped.c.strongest, Float) / len(actions),
    )


def _blank(column: SQLColumnExpression[Any]) -> ColumnElement[bool]:
    return or_(column.is_(None), func.trim(column) == "")


def _no_report(view: _View, _release: int | None) -> Select[Any]:
    eval_types = list(_setting("no_report", "eval_types"))
    missing = and_(
        _blank(Evaluation.report_url),
        _blank(Evaluation.report_title),
        Evaluation.eval_type.in_(eval_types),
    )

    def missing_for(eval_type: str) -> ColumnElement[Any]:
        return func.max(case((and_(missing, Evaluation.eval_type == eval_type), 1), else_=0))

    without = func.sum(case((missing, 1), else_=0))
    reports = (
        view.of(
            Evaluation.project_year_id.label("pid"),
            func.count().label("evaluations"),
            without.label("without_report"),
            missing_for("self").label("missing_self"),
            missing_for("department").label("missing_department"),
            missing_for("finance").label("missing_finance"),
            fk=Evaluation.project_year_id,
        )
        .group_by(Evaluation.project_year_id)
        .having(without > 0)
        .subquery("reports")
    )
    return view.on_budget(
        reports,
        reports.c.evaluations,
        reports.c.without_report,
        reports.c.missing_self,
        reports.c.missing_department,
        reports.c.missing_finance,
        excess=cast(reports.c.without_report, Float) / reports.c.evaluations,
    )


def _no_targets(view: _View, _release: int | None) -> Select[Any]:
    floor = _yuan_to_fen(_setting("no_targets", "min_budget_yuan"))
    return (
        view.on_budget(None, ProjectYear.spent_fen.label("spent"), excess=literal_column("0.0"))
        .where(
            *view.conditions,
            ProjectYear.has_targets.is_(False),
            ProjectYear.budget_adjusted_fen > floor,
        )
    )


_BUILDERS = {
    "poor_not_cut": _poor_not_cut,
    "cut_not_carried_out": _cut_not_carried_out,
    "low_execution": _low_execution,
    "targets_missed": _targets_missed,
    "self_inflated": _self_inflated,
    "halted": _halted,
    "no_report": _no_report,
    "no_targets": _no_targets,
}


# ------------------------------------------------------------------------ figures


def _rate(numerator: int | None, denominator: int | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return float(Fraction(int(numerator), int(denominator)))


def _score(value: Any) -> float | None:
    return None if value is None else round(float(value), 4)


def _figures(rule: str, row: Any) -> dict[str, FigureValue]:
    """The numbers a rule used, from its SQL row, in 元, fractions and points."""
    m = row._mapping
    budget = int(m["budget"])
    figures: dict[str, FigureValue] = {"budget": fen_to_yuan(budget)}
    if rule == "poor_not_cut":
        nxt = int(m["next_budget"])
        figures.update(
            final_score=_score(m["final_score"]),
            final_grade=m["final_grade"],
            announced_action=m["action"],
            next_year_budget=fen_to_yuan(nxt),
            next_year_budget_source=m["next_source"],
            budget_change=fen_to_yuan(nxt - budget),
            budget_change_rate=_rate(nxt - budget, budget),
        )
    elif rule == "cut_not_carried_out":
        nxt = int(m["next_budget"])
        target = m["target"]
        figures.update(
            final_score=_score(m["final_score"]),
            final_grade=m["final_grade"],
            announced_action=m["action"],
            announced_budget=fen_to_yuan(target),
            next_year_budget=fen_to_yuan(nxt),
            budget_change=fen_to_yuan(nxt - budget),
            difference=None if target is None else fen_to_yuan(nxt - int(target)),
        )
    elif rule == "low_execution":
        spent = int(m["spent"])
        figures.update(
            spent=fen_to_yuan(spent),
            unspent=fen_to_yuan(budget - spent),
            execution_rate=_rate(spent, budget),
        )
    elif rule == "targets_missed":
        assessed, not_met = int(m["assessed"]), int(m["not_met"])
        figures.update(
            indicators_assessed=assessed,
            indicators_not_met=not_met,
            share_not_met=_rate(not_met, assessed),
        )
    elif rule == "self_inflated":
        figures.update(
            self_score=_score(m["self_score"]),
            higher_score=_score(m["higher_score"]),
            higher_eval_type=m["higher_type"],
            score_gap=_score(float(m["self_score"]) - float(m["higher_score"])),
        )
    elif rule == "halted":
        actions = list(_setting("halted", "actions"))
        first = m["first_as_of"]
        spent = m["spent"]
        figures.update(
            action=actions[int(m["strongest"]) - 1],
            first_halted_on=first.isoformat() if hasattr(first, "isoformat") else str(first),
            spent=fen_to_yuan(spent),
            execution_rate=_rate(spent, budget),
        )
    elif rule == "no_report":
        figures.update(
            evaluations=int(m["evaluations"]),
            evaluations_without_report=int(m["without_report"]),
            eval_types_without_report=tuple(
                t for t in ("self", "department", "finance") if m[f"missing_{t}"]
            ),
        )
    elif rule == "no_targets":
        figures.update(spent=fen_to_yuan(m["spent"]))
    return figures


# ------------------------------------------------------------------------ public


def _rule_keys(rules: Iterable[str] | None, allowed: tuple[str, ...]) -> list[str]:
    if rules is None:
        return list(allowed)
    chosen = list(rules)
    unknown = [r for r in chosen if r not in RULE_KEYS]
    if unknown:
        raise ValueError(f"unknown flag rules {unknown}; use {', '.join(RULE_KEYS)}")
    return [r for r in allowed if r in chosen]


def flag_items(
    bind: Bind,
    flt: ViewFilter,
    *,
    rules: Iterable[str] | None = None,
    limit: int | None = None,
    pids: list[int] | None = None,
) -> list[FlaggedItem]:
    """The flagged public project-years of a view, by money at stake, largest first.

    ``pids``: only these project-years (ids) of the view (:func:`ranked_projects`).

    Why per rule and by money: a hearing has time for the few items that matter most;
    the database ranks each rule's items and returns at most ``limit`` of each, and the
    merged list keeps the ``limit`` largest. A project-year flagged by several rules
    appears once per rule. ``lagging_region`` is not about a project-year: see
    :func:`lagging`. Withheld project-years are never returned.
    """
    ledger.check_view(flt.scope)
    keys = _rule_keys(rules, ITEM_RULES)
    items: list[FlaggedItem] = []
    with connection(bind) as conn:
        codes = ledger.region_codes(conn, flt.region, flt.scope)
        for key in keys:
            view = _view(flt, codes=codes, pids=pids)
            flagged = _BUILDERS[key](view, flt.release).subquery("flagged")
            stmt = ledger.with_names(flagged, flt.release).order_by(
                flagged.c.money.desc(), flagged.c.code, flagged.c.year
            )
            if limit is not None:
                stmt = stmt.limit(max(0, limit))
            for row in conn.execute(stmt):
                items.append(
                    FlaggedItem(
                        **ledger.NamedProjectYear.names(row),
                        rule=key,
                        money_at_stake=fen_to_yuan(int(row.money)),
                        figures=_figures(key, row),
                        excess=_excess(row.excess),
                    )
                )
    order = {key: index for index, key in enumerate(RULE_KEYS)}
    items.sort(
        key=lambda i: (-i.money_at_stake, order[i.rule], i.project_code, i.fiscal_year)
    )
    return items if limit is None else items[: max(0, limit)]


def _empty_rules() -> dict[str, RuleCount]:
    return {key: RuleCount() for key in RULE_KEYS}


@overload
def flag_counts(bind: Bind, flt: ViewFilter, *, group: None = ...) -> FlagCounts: ...


@overload
def flag_counts(
    bind: Bind, flt: ViewFilter, *, group: Literal["child", "department"]
) -> list[FlagCounts]: ...


def flag_counts(
    bind: Bind, flt: ViewFilter, *, group: str | None = None
) -> FlagCounts | list[FlagCounts]:
    """How many items each rule flags (and their money at stake), for ranking and maps.

    ``group=None``: one :class:`FlagCounts` for the whole view. ``group="child"``: the
    region's 本级 (kind "own") then every child region's 全辖 (kind "child", zeros
    included), as the drill-down splits it; ``group="department"``: every department with
    public project-years in the view. For item rules the groups add up exactly to the
    view's counts. ``lagging_region`` counts lagging units: for the view, its lagging
    child regions (scope "all") and the lagging departments of its own government; for
    a child row, 1 when that child lags; for the "own" row, its lagging departments; for
    a department row, 1 when it lags its own government's 本级.
    """
    ledger.check_view(flt.scope, group)
    with connection(bind) as conn:
        kids: Sequence[Any] = (
            ledger.child_regions(conn, flt.region, flt.release, flt.year)
            if group == "child"
            else ()
        )
        # Child regions are counted per project-year region in SQL, then folded into
        # the child each region lies in (itself when none: the region's 本级).
        fold = ledger.child_of(conn, [k.code for k in kids]) if group == "child" else {}
        sql_group = "region" if group == "child" else group
        codes = ledger.region_codes(conn, flt.region, flt.scope)
        found: dict[Any, dict[str, list[int]]] = {}
        for key in ITEM_RULES:
            view = _view(flt, sql_group, codes=codes)
            flagged = _BUILDERS[key](view, flt.release).subquery("flagged")
            stmt = select(
                flagged.c.grp,
                func.count().label("n"),
                func.sum(flagged.c.money).label("money"),
            ).group_by(flagged.c.grp)
            for row in conn.execute(stmt):
                grp = fold.get(row.grp, row.grp)
                total = found.setdefault(grp, {}).setdefault(key, [0, 0])
                total[0] += int(row.n)
                total[1] += int(row.money or 0)
        by_group: dict[Any, dict[str, RuleCount]] = {
            grp: {
                **_empty_rules(),
                **{k: RuleCount(n, fen_to_yuan(fen)) for k, (n, fen) in per_rule.items()},
            }
            for grp, per_rule in found.items()
        }
        spending = _coverage_rows(conn, flt.one_year(), flt.region, flt.release)
        units = _lagging_units(conn, flt.region, spending, flt.release, flt.year)
        if group is None:
            rules = by_group.get(0) or _empty_rules()
            lagging_units = [
                u
                for u in units
                if (u.kind == "child" and flt.scope == "all" and flt.department_id is None)
                or (
                    u.kind == "department"
                    and (flt.department_id is None or u.department_id == flt.department_id)
                )
            ]
            rules["lagging_region"] = _lagging_count(lagging_units)
            name = conn.execute(
                select(region_name(flt.release)).where(Region.code == flt.region)
            ).scalar_one_or_none()
            return FlagCounts(
                "total", flt.region, name or flt.region, flt.department_id, rules
            )
        if group == "child":
            own_name = conn.execute(
                select(region_name(flt.release)).where(Region.code == flt.region)
            ).scalar_one_or_none()
            own_rules = by_group.get(flt.region) or _empty_rules()
            own_rules["lagging_region"] = _lagging_count(
                [
                    u
                    for u in units
                    if u.kind == "department"
                    and (flt.department_id is None or u.department_id == flt.department_id)
                ]
            )
            rows = [
                FlagCounts(
                    "own", flt.region, own_name or flt.region, flt.department_id, own_rules
                )
            ]
            if flt.scope == "all":
                lagging_kids = {u.code: u for u in units if u.kind == "child"}
                for kid in kids:
                    rules = by_group.get(kid.code) or _empty_rules()
                    if flt.department_id is None and kid.code in lagging_kids:
                        rules["lagging_region"] = _lagging_count([lagging_kids[kid.code]])
                    rows.append(
                        FlagCounts("child", kid.code, kid.name, flt.department_id, rules)
                    )
            return rows
        # group == "department": every department with public project-years in the view.
        view = _view(flt, codes=codes)
        departments = conn.execute(
            select(
                Department.id,
                Department.code,
                department_name(flt.release).label("name"),
                Department.region_code,
            )
            .where(
                Department.id.in_(
                    select(ProjectYear.department_id).where(*view.conditions).distinct()
                )
            )
            .order_by(Department.region_code, Department.code)
        ).all()
        lagging_departments = _lagging_departments(
            conn, spending, flt.region, flt.scope, flt.department_id, flt.release
        )
        rows = []
        for d in departments:
            rules = by_group.get(d.id) or _empty_rules()
            if d.id in lagging_departments:
                rules["lagging_region"] = _lagging_count([lagging_departments[d.id]])
            rows.append(FlagCounts("department", d.code, d.name, d.id, rules))
        return rows


def _lagging_count(units: list[LaggingUnit]) -> RuleCount:
    return RuleCount(
        len(units), sum((u.money_at_stake for u in units), Decimal("0.00"))
    )


@dataclass(frozen=True)
class _Spending:
    """Project spending and evaluated funds (fen) of one (region, department, withheld)
    cell of a region's 全辖 (withheld project-years included)."""

    region_code: str
    department_id: int
    withheld: bool
    spending: int
    evaluated: int


def _coverage_rows(
    conn: Any, year: int, region: str, release: int | None
) -> list[_Spending]:
    """(project spending, evaluated funds) in fen per region × department × withheld,
    over ``region``'s 全辖, in ONE statement.

    Why one statement: every coverage that :func:`lagging` and :func:`flag_counts`
    compare (the region's 全辖, each child's 全辖, each government's 本级, each
    department) is a sum of these cells, added up exactly in Python by :func:`_sum`.
    The sums are the metrics' project_spending and evaluated_funds; which cells count
    follows the disclosure rule (``data_access.disclosure``): withheld project-years
    count for a region or a government's 本级, never for a department. So a lagging
    unit's coverage equals the evaluation_coverage_rate the pages show, and no
    department figure here lets a reader subtract its way to a withheld project.
    """
    codes = ledger.region_codes(conn, region, "all")
    view = _view(ViewFilter(year, region, release=release), public_only=False, codes=codes)
    evaluated = select(Evaluation.id).where(Evaluation.project_year_id == ProjectYear.id).exists()
    budget = ProjectYear.budget_adjusted_fen
    keys = (ProjectYear.region_code, ProjectYear.department_id, ProjectYear.withheld)
    stmt = (
        select(
            *keys,
            func.sum(budget).label("spending"),
            func.sum(case((evaluated, budget), else_=0)).label("evaluated"),
        )
        .where(*view.conditions)
        .group_by(*keys)
    )
    return [
        _Spending(
            row.region_code,
            int(row.department_id),
            bool(row.withheld),
            int(row.spending or 0),
            int(row.evaluated or 0),
        )
        for row in conn.execute(stmt)
    ]


def _sum(cells: Iterable[_Spending], key: Any) -> dict[Any, tuple[int, int]]:
    """(spending, evaluated) per ``key(cell)``; cells whose key is None are left out."""
    sums: dict[Any, tuple[int, int]] = {}
    for cell in cells:
        k = key(cell)
        if k is None:
            continue
        spent, evaluated = sums.get(k, (0, 0))
        sums[k] = (spent + cell.spending, evaluated + cell.evaluated)
    return sums


def _lag(
    parent: tuple[int, int] | None, own: tuple[int, int] | None
) -> tuple[Fraction, Fraction, Fraction] | None:
    """(own rate, parent rate, shortfall in fen) when ``own`` lags ``parent`` enough."""
    if not parent or not own or not parent[0] or not own[0]:
        return None
    gap = _fraction(_setting("lagging_region", "min_gap_points")) / 100
    parent_rate = Fraction(parent[1], parent[0])
    own_rate = Fraction(own[1], own[0])
    if parent_rate - own_rate < gap:
        return None
    return own_rate, parent_rate, parent_rate * own[0] - own[1]


def _fen_fraction_to_yuan(fen: Fraction) -> Decimal:
    whole = (Decimal(fen.numerator) / Decimal(fen.denominator)).to_integral_value(
        rounding=ROUND_HALF_UP
    )
    return fen_to_yuan(int(whole)) or Decimal("0.00")


def _unit(
    kind: str,
    code: str,
    name: str,
    department_id: int | None,
    region_code: str,
    own: tuple[int, int],
    parent_code: str,
    parent_scope: str,
    lag: tuple[Fraction, Fraction, Fraction],
) -> LaggingUnit:
    own_rate, parent_rate, shortfall = lag
    return LaggingUnit(
        kind=kind,
        code=code,
        name=name,
        department_id=department_id,
        region_code=region_code,
        project_spending=fen_to_yuan(own[0]) or Decimal("0.00"),
        evaluated_funds=fen_to_yuan(own[1]) or Decimal("0.00"),
        coverage=float(own_rate),
        parent_code=parent_code,
        parent_scope=parent_scope,
        parent_coverage=float(parent_rate),
        gap_points=float((parent_rate - own_rate) * 100),
        money_at_stake=_fen_fraction_to_yuan(shortfall),
    )


def _lagging_departments(
    conn: Any,
    cells: list[_Spending],
    region: str,
    scope: str,
    department_id: int | None,
    release: int | None,
) -> dict[int, LaggingUnit]:
    """Departments of the view lagging their own government's 本级, by department id;
    their names as of ``release``."""
    in_view = [c for c in cells if scope == "all" or c.region_code == region]
    public_only = not withheld_counts(
        department_id=department_id, sector=None, group="department"
    )
    by_department = _sum(
        in_view,
        lambda c: c.department_id
        if (department_id is None or c.department_id == department_id)
        and not (public_only and c.withheld)
        else None,
    )
    # A government's 本级 counts its withheld project-years (disclosure rule 1).
    by_government = _sum(in_view, lambda c: c.region_code)
    if not by_department:
        return {}
    departments = conn.execute(
        select(
            Department.id,
            Department.code,
            department_name(release).label("name"),
            Department.region_code,
        )
        .where(Department.id.in_(list(by_department)))
        .order_by(Department.code)
    ).all()
    found: dict[int, LaggingUnit] = {}
    for d in departments:
        own = by_department[d.id]
        lag = _lag(by_government.get(d.region_code), own)
        if lag is not None:
            found[d.id] = _unit(
                "department", d.code, d.name, d.id, d.region_code, own, d.region_code, "own", lag
            )
    return found


def _lagging_units(
    conn: Any, region: str, cells: list[_Spending], release: int | None, year: int | None
) -> list[LaggingUnit]:
    kids = ledger.child_regions(conn, region, release, year)
    units: list[LaggingUnit] = []
    if kids:
        # Regions' 全辖 count withheld project-years (disclosure rule 1).
        parent = _sum(cells, lambda c: 0).get(0, (0, 0))
        fold = ledger.child_of(conn, [k.code for k in kids])
        by_child = _sum(cells, lambda c: fold.get(c.region_code))
        for kid in kids:
            own = by_child.get(kid.code)
            lag = _lag(parent, own)
            if own is not None and lag is not None:
                units.append(
                    _unit("child", kid.code, kid.name, None, kid.code, own, region, "all", lag)
                )
    units.extend(_lagging_departments(conn, cells, region, "own", None, release).values())
    units.sort(key=lambda u: (-u.money_at_stake, u.kind, u.code))
    return units


def lagging(
    bind: Bind, year: int, region: str, *, release: int | None = None
) -> list[LaggingUnit]:
    """The child regions and the departments of ``region``'s own government whose
    evaluation coverage is ``min_gap_points`` or more below their parent's.

    Why two comparisons: a city is compared with the province's 全辖, as the drill-down
    sets them side by side; a department with its own government's 本级, the level whose
    budget it spends. Ordered by money at stake (the evaluation shortfall), largest first.
    """
    with connection(bind) as conn:
        return _lagging_units(
            conn, region, _coverage_rows(conn, year, region, release), release, year
        )


# ------------------------------------------------------------------------ totals


def _excess(value: Any) -> float:
    """A rule's excess past its threshold as a float in [0, 1] (0 when unknown)."""
    if value is None:
        return 0.0
    return min(1.0, max(0.0, float(value)))


def _flag_union(view: _View, release: int | None, keys: Iterable[str]) -> Any:
    """(pid, rule, excess, money) of every item a view's rules flag: one row per
    (project-year, rule), as one derived table."""
    parts = []
    for key in keys:
        found = _BUILDERS[key](view, release).subquery(f"flag_{key}")
        parts.append(
            select(
                found.c.pid.label("pid"),
                literal(key).label("rule"),
                found.c.excess.label("excess"),
                found.c.money.label("money"),
            )
        )
    union = parts[0].union_all(*parts[1:]) if len(parts) > 1 else parts[0]
    return union.subquery("flag_items")


@dataclass(frozen=True)
class FlagTotals:
    """What a committee can quote: how many distinct public project-years the item
    rules flag in a view (a project-year flagged by several rules counts once) and
    the sum of their budgets (``budget_adjusted`` of the flagged year, 元, each
    project-year once). A rule's own figure (unspent money, next year's budget) is
    that rule's detail and is never added up across rules."""

    project_years: int
    budget: Decimal


def flag_totals(bind: Bind, flt: ViewFilter) -> FlagTotals:
    """The distinct flagged public project-years of a view and their budgets, counted
    by the database (the union of every item rule, each project-year once)."""
    ledger.check_view(flt.scope)
    with connection(bind) as conn:
        codes = ledger.region_codes(conn, flt.region, flt.scope)
        view = _view(flt, codes=codes)
        union = _flag_union(view, flt.release, ITEM_RULES)
        flagged = select(union.c.pid).distinct().subquery("flagged_ids")
        table = ProjectYear.__table__
        stmt = select(func.count(), func.sum(table.c.budget_adjusted_fen)).select_from(
            flagged.join(table, table.c.id == flagged.c.pid)
        )
        count, fen = conn.execute(stmt).one()
    return FlagTotals(int(count or 0), fen_to_yuan(int(fen or 0)))


# ------------------------------------------------------------------------ severity

SORTS: tuple[str, ...] = ("severity", "money", "department")


@dataclass(frozen=True)
class SeveritySettings:
    """The severity score's settings (``rules.toml`` [severity]), checked at import."""

    weights: Mapping[str, float]
    excess_weight: float
    money_bands_yuan: tuple[Decimal, ...]
    money_points: float
    repeat_years: int
    repeat_points: float


def load_severity(data: Mapping[str, Any] | None = None) -> SeveritySettings:
    """The [severity] table as :class:`SeveritySettings`; every item rule must have a
    weight (a rule without one would silently rank last)."""
    table = data if data is not None else load().get("severity")
    if not isinstance(table, Mapping):
        raise ValueError(f"{SETTINGS_PATH.name}: table [severity] is missing")
    weights = dict(table.get("weights") or {})
    missing = [key for key in ITEM_RULES if key not in weights]
    if missing:
        raise ValueError(f"{SETTINGS_PATH.name}: [severity.weights] lacks {', '.join(missing)}")
    return SeveritySettings(
        weights={key: float(weights[key]) for key in ITEM_RULES},
        excess_weight=float(table["excess_weight"]),
        money_bands_yuan=tuple(Decimal(str(v)) for v in table["money_bands_yuan"]),
        money_points=float(table["money_points"]),
        repeat_years=int(table["repeat_years"]),
        repeat_points=float(table["repeat_points"]),
    )


SEVERITY: SeveritySettings = load_severity()


@dataclass(frozen=True)
class Severity:
    """A flagged project's severity score and its parts (``rules.toml`` [severity]).

    ``rules``: Σ over its flags of weight × (1 + excess_weight × excess); ``money``:
    money points for the bands its budget reaches; ``repeat``: repeat points for each
    of the ``repeated_years`` (earlier fiscal years in which the same code was flagged).
    """

    rules: float
    money: float
    repeat: float
    repeated_years: tuple[int, ...] = ()

    @property
    def score(self) -> float:
        return round(self.rules + self.money + self.repeat, 2)


@dataclass(frozen=True)
class FlaggedProject(ledger.NamedProjectYear):
    """One flagged public project-year with every flag it raises (rule order), its
    budget and its severity: one row of the hearing's ranking."""

    budget: Decimal
    items: tuple[FlaggedItem, ...]
    severity: Severity

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(item.rule for item in self.items)


def _severity_columns(union: Any) -> tuple[Any, Any]:
    """(rule points, largest money) per project-year of a flag union, in SQL."""
    weight = case(
        *((union.c.rule == key, SEVERITY.weights[key]) for key in ITEM_RULES), else_=0.0
    )
    points = weight * (1.0 + SEVERITY.excess_weight * func.coalesce(union.c.excess, 0.0))
    return func.sum(points), func.max(union.c.money)


@dataclass
class _Ranked:
    """A flagged project-year while it is ranked: its score without and with the
    points for flags in earlier years."""

    pid: int
    code: str
    budget: int
    rules: float
    money: float
    repeated: tuple[int, ...] = ()

    @property
    def base(self) -> float:
        return self.rules + self.money

    @property
    def score(self) -> float:
        return self.base + SEVERITY.repeat_points * len(self.repeated)


def _flagged_earlier(
    conn: Any, flt: ViewFilter, codes: list[str], projects: list[str]
) -> dict[str, list[int]]:
    """project code -> the earlier fiscal years (``repeat_years`` back) in which any item
    rule flagged it, for ``projects`` only (their codes bound the earlier views, so each
    year's rules read a few project-years, not the whole view)."""
    found: dict[str, list[int]] = {}
    year = flt.year
    if not projects or year is None:
        return found
    table = ProjectYear.__table__
    for back in range(1, SEVERITY.repeat_years + 1):
        earlier = _view(flt.replace(year=year - back), codes=codes)
        earlier = _View(
            (*earlier.conditions, ProjectYear.project_code.in_(projects)), earlier.group
        )
        union = _flag_union(earlier, flt.release, ITEM_RULES)
        stmt = (
            select(table.c.project_code)
            .select_from(union.join(table, table.c.id == union.c.pid))
            .distinct()
        )
        for (code,) in conn.execute(stmt):
            found.setdefault(str(code), []).append(year - back)
    return found


def ranked_projects(
    bind: Bind,
    flt: ViewFilter,
    *,
    limit: int | None = None,
    order: str = "severity",
) -> list[FlaggedProject]:
    """The flagged public project-years of a view, one row per project with all its
    flags, ranked by the database: by severity score (``order="severity"``), by this
    year's budget (``"money"``), or the severity ranking grouped by department
    (``"department"``: the ``limit`` most severe, ordered by department, then score).

    Why in SQL: the score of every flagged project-year (rule weights, how far past the
    threshold, money bands, flags in earlier years) is summed where the flags are
    found; only the ``limit`` chosen ones come back, with their flags.
    """
    ledger.check_view(flt.scope)
    if order not in SORTS:
        raise ValueError(f"order must be one of {SORTS}, not {order!r}")
    table = ProjectYear.__table__
    with connection(bind) as conn:
        codes = ledger.region_codes(conn, flt.region, flt.scope)
        view = _view(flt, codes=codes)
        union = _flag_union(view, flt.release, ITEM_RULES)
        rule_points, money = _severity_columns(union)
        per = (
            select(union.c.pid, rule_points.label("rule_points"), money.label("money"))
            .group_by(union.c.pid)
            .subquery("per_project")
        )
        budget = table.c.budget_adjusted_fen
        band_points = sum(
            (
                case((budget >= _yuan_to_fen(band), SEVERITY.money_points), else_=0.0)
                for band in SEVERITY.money_bands_yuan
            ),
            start=literal(0.0),
        )
        base = (
            select(
                per.c.pid,
                per.c.rule_points,
                band_points.label("band_points"),
                budget.label("budget"),
                table.c.project_code.label("code"),
            )
            .select_from(per.join(table, table.c.id == per.c.pid))
            .order_by(
                (per.c.rule_points + band_points).desc(), budget.desc(), table.c.project_code
            )
        )
        found_rows = conn.execute(base).all()
        rows = [
            _Ranked(
                int(r.pid), str(r.code), int(r.budget), float(r.rule_points or 0),
                float(r.band_points or 0),
            )
            for r in found_rows
        ]
        # Flags in earlier years can lift a project by at most this much, so only the
        # projects whose score without them comes within it of the last chosen one can
        # still be chosen: their codes alone are looked up in the earlier years.
        bonus = SEVERITY.repeat_points * SEVERITY.repeat_years
        if order == "money":
            rows.sort(key=lambda r: (-r.budget, -r.base, r.code))
            candidates = rows if limit is None else rows[: max(0, limit)]
        elif limit is None or len(rows) <= limit:
            candidates = rows
        else:
            floor = rows[max(0, limit) - 1].base - bonus if limit > 0 else float("inf")
            candidates = [r for r in rows if r.base >= floor - 1e-9]
        repeated = _flagged_earlier(conn, flt, codes, [r.code for r in candidates])
        for r in candidates:
            r.repeated = tuple(y for y in repeated.get(r.code, ()))
        if order != "money":
            candidates.sort(key=lambda r: (-r.score, -r.budget, r.code))
        chosen = candidates if limit is None else candidates[: max(0, limit)]
        pids = [r.pid for r in chosen]
        items = flag_items(conn, flt, pids=pids) if pids else []
    by_code: dict[tuple[str, int], list[FlaggedItem]] = {}
    order_of = {key: index for index, key in enumerate(RULE_KEYS)}
    for item in sorted(items, key=lambda i: order_of[i.rule]):
        by_code.setdefault((item.project_code, item.fiscal_year), []).append(item)
    projects = []
    for r in chosen:
        found = by_code.get((r.code, flt.one_year()))
        if not found:
            continue
        first = found[0]
        projects.append(
            FlaggedProject(
                **first.named(),
                budget=fen_to_yuan(r.budget),
                items=tuple(found),
                severity=Severity(
                    rules=round(r.rules, 4),
                    money=r.money,
                    repeat=SEVERITY.repeat_points * len(r.repeated),
                    repeated_years=r.repeated,
                ),
            )
        )
    if order == "department":
        projects.sort(key=lambda p: (p.department_code, -p.severity.score, p.project_code))
    return projects


# ------------------------------------------------------------------------ JSON


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def item_as_json(item: FlaggedItem) -> dict[str, Any]:
    """A flagged item as JSON-ready values (money in 元 as numbers, rates as fractions)."""
    return {
        "rule": item.rule,
        "project_code": item.project_code,
        "project_name": item.project_name,
        "fiscal_year": item.fiscal_year,
        "department_code": item.department_code,
        "department_name": item.department_name,
        "region_code": item.region_code,
        "region_name": item.region_name,
        "money_at_stake": _json_value(item.money_at_stake),
        "figures": {k: _json_value(v) for k, v in item.figures.items()},
    }


def counts_as_json(counts: FlagCounts) -> dict[str, Any]:
    """Flag counts as JSON-ready values."""
    return {
        "kind": counts.kind,
        "code": counts.code,
        "name": counts.name,
        "rules": {
            key: {"count": c.count, "money_at_stake": _json_value(c.money_at_stake)}
            for key, c in counts.rules.items()
        },
    }


def flagged_project_years(flt: ViewFilter, rule: str | None = None) -> Select[Any]:
    """(pid, money) of the project-years of a view flagged by ``rule`` (every item rule
    when None), money at stake in fen; a project-year flagged by several rules gets its
    largest. The explorer's flag filter and "flagged first" order read this, so they list
    exactly the items the hearing counts (withheld never flagged).
    """
    keys = [rule] if rule is not None else list(ITEM_RULES)
    union = _flag_union(_view(flt), flt.release, keys)
    return select(union.c.pid, func.max(union.c.money).label("money")).group_by(union.c.pid)
