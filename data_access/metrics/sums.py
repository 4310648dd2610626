"""The sums SQL: every metric key's integer sums and counts, for any grouping of project-years.

Why a module of its own: the direct computation (``data_access.metrics.compute``) runs
these statements and reads their rows back, and the rollups
(``data_access.metrics.rollups``) run the very same statements inside the database to
store their sums; both build on this one declaration, and neither needs the other to
get it. The two hold the same sums by construction (``tests/data/test_rollups.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import BigInteger, Connection, and_, case, cast, func, select
from sqlalchemy.sql import ColumnElement, Select

from data_access import disclosure
from data_access.db.schema import (
    ROLLUP_SUMS,
    Application,
    Evaluation,
    Indicator,
    Monitoring,
)
from data_access.db.sql_helpers import final_evaluation_order
from data_access.domain import CUT_ACTIONS


def _evaluation_summary(py):
    """Per project-year: evaluation counts, types present, final / self / higher score."""
    # EXISTS probes use the index on application.evaluation_id on every backend.
    applied = select(Application.id).where(Application.evaluation_id == Evaluation.id).exists()
    cut = (
        select(Application.id)
        .where(Application.evaluation_id == Evaluation.id, Application.action.in_(CUT_ACTIONS))
        .exists()
    )
    is_self = case((Evaluation.authority == 1, 1), else_=0)
    ranked = (
        select(
            Evaluation.project_year_id.label("pid"),
            Evaluation.score.label("score"),
            Evaluation.grade.label("grade"),
            Evaluation.authority.label("authority"),
            case((Evaluation.third_party.is_(True), 1), else_=0).label("third"),
            case((Evaluation.submitted_to_congress.is_(True), 1), else_=0).label("congress"),
            case((applied, 1), else_=0).label("has_app"),
            case((cut, 1), else_=0).label("has_cut"),
            is_self.label("is_self"),
            func.row_number()
            .over(
                partition_by=Evaluation.project_year_id,
                order_by=final_evaluation_order(),
            )
            .label("rn_all"),
            func.row_number()
            .over(
                partition_by=(Evaluation.project_year_id, is_self),
                order_by=final_evaluation_order(),
            )
            .label("rn_kind"),
        )
        .join(py, py.c.pid == Evaluation.project_year_id)
        .subquery("ranked")
    )
    r = ranked.c

    def flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.max(case((condition, 1), else_=0))

    return (
        select(
            r.pid,
            func.count().label("n_evals"),
            func.sum(r.third).label("n_third"),
            func.sum(r.congress).label("n_congress"),
            func.sum(r.has_app).label("n_applied"),
            func.max(r.has_cut).label("has_cut"),
            flag(r.authority == 1).label("has_self"),
            flag(r.authority == 2).label("has_department"),
            flag(r.authority == 3).label("has_finance"),
            func.max(case((r.rn_all == 1, r.score))).label("final_score"),
            func.max(case((r.rn_all == 1, r.grade))).label("final_grade"),
            func.max(case((and_(r.is_self == 1, r.rn_kind == 1), r.score))).label("self_score"),
            func.max(case((and_(r.is_self == 0, r.rn_kind == 1), r.score))).label("higher_score"),
        )
        .group_by(r.pid)
        .subquery("ev")
    )


# Scores enter sums in hundredths of a point, as integers: every sum is then exact and
# independent of the order the database adds rows in, so a figure read from the rollups
# (sums of sums) equals the one computed directly, on every backend. Why hundredths:
# evaluation reports publish scores to at most two decimals, and the weighted sum
# (score units × budget in fen) stays far inside 64 bits at national scale.
SCORE_UNITS = 100

# The integer sums and counts every metric key is computed from (``compute.metrics_from_sums``);
# the rollup tables store exactly these, per group.
SUM_KEYS: tuple[str, ...] = ROLLUP_SUMS

Sums = dict[str, int]


def _score_units(score: ColumnElement[Any]) -> ColumnElement[Any]:
    """A score as an integer number of hundredths of a point (NULL stays NULL)."""
    return cast(func.round(score * SCORE_UNITS), BigInteger)


def grouped_sums(conn: Connection, py: Any, keys: Sequence[str]) -> dict[tuple, Sums]:
    """The :data:`SUM_KEYS` of each group of the project-years ``py``.

    ``py`` is a CTE with the columns of ``compute._project_years`` (pid, budget, spent,
    has_targets, withheld) and the group columns named in ``keys``. The direct
    computation reads them through this function; ``rollups.refresh`` runs the very
    same statements (:func:`grouped_sum_statements`) inside the database, so both hold
    the same sums by construction.
    """
    out: dict[tuple, Sums] = {}
    width = len(keys)
    for statement in grouped_sum_statements(py, keys):
        for row in conn.execute(statement):
            key = tuple(row[:width])
            sums = out.setdefault(key, dict.fromkeys(SUM_KEYS, 0))
            for name, value in row._mapping.items():
                if name not in keys:
                    sums[name] = _int(value)
    return out


def grouped_sum_statements(py: Any, keys: Sequence[str]) -> list[Select[Any]]:
    """The statements of :func:`grouped_sums`: each selects the group columns ``keys``
    and some of the :data:`SUM_KEYS` (a NULL sum stands for 0), one row per group
    present in its table; together they give every sum of every group.

    Why public: ``rollups.refresh`` inserts their rows straight into a staging table
    and regroups them there, instead of fetching ~20,000 rows per statement into
    Python and writing them back (at province scale that round trip cost as much as
    the SQL itself).
    """
    ev = _evaluation_summary(py)
    monitored = select(Monitoring.id).where(Monitoring.project_year_id == py.c.pid).exists()
    budget = py.c.budget
    groups = [py.c[key] for key in keys]

    def funds_where(condition: ColumnElement[bool]) -> ColumnElement[Any]:
        return func.sum(case((condition, budget), else_=0))

    def count_where(condition: ColumnElement[bool]) -> ColumnElement[Any]:
        return func.sum(case((condition, 1), else_=0))

    # Three statements, each driven by the table it counts: SQLite does not index a
    # grouped subquery it LEFT JOINs, so joining the evaluation summary onto every
    # project-year would be a nested scan; inner joins onto ``py`` and EXISTS probes
    # stay indexed on SQLite and PostgreSQL alike.
    projects = (
        select(
            *groups,
            func.count().label("projects"),
            func.sum(budget).label("project_spending"),
            func.sum(py.c.spent).label("spent"),
            funds_where(py.c.has_targets.is_(True)).label("target_covered_funds"),
            funds_where(monitored).label("monitored_funds"),
            count_where(py.c.withheld.is_(True)).label("withheld_projects"),
            funds_where(py.c.withheld.is_(True)).label("withheld_funds"),
        )
        .select_from(py)
        .group_by(*groups)
    )
    fair_poor = ev.c.final_grade.in_(("fair", "poor"))
    # Evaluation results never count a withheld project-year (disclosure rule 3); the
    # evaluated money does, at region level (rule 1), like every other money total.
    public = disclosure.is_public(py.c.withheld)
    final_units = _score_units(ev.c.final_score)
    scored = and_(public, ev.c.final_score.is_not(None))
    gapped = and_(public, ev.c.self_score.is_not(None), ev.c.higher_score.is_not(None))

    def public_sum(value: ColumnElement[Any]) -> ColumnElement[Any]:
        return func.sum(case((public, value), else_=0))

    evaluations = (
        select(
            *groups,
            func.sum(budget).label("evaluated_funds"),
            funds_where(ev.c.has_self == 1).label("evaluated_funds_self"),
            funds_where(ev.c.has_department == 1).label("evaluated_funds_department"),
            funds_where(ev.c.has_finance == 1).label("evaluated_funds_finance"),
            public_sum(ev.c.n_third).label("third_party_evaluations"),
            public_sum(ev.c.n_evals).label("evaluations"),
            public_sum(ev.c.n_applied).label("evaluations_applied"),
            # The closed loop's last stage (results applied to the next budget), in
            # money like evaluated_funds: each project-year once, withheld included at
            # region level (rule 1). ``views.applied_funds`` reads it; its direct SQL
            # there is the reference (``tests/data/test_rollups.py``).
            funds_where(ev.c.n_applied > 0).label("applied_funds"),
            public_sum(ev.c.n_congress).label("reports_to_congress"),
            func.sum(case((scored, final_units), else_=0)).label("score_sum"),
            count_where(scored).label("score_count"),
            func.sum(case((scored, final_units * budget), else_=0)).label("score_x_budget"),
            funds_where(scored).label("scored_funds"),
            count_where(and_(public, ev.c.final_grade == "excellent")).label("grade_excellent"),
            count_where(and_(public, ev.c.final_grade == "good")).label("grade_good"),
            count_where(and_(public, ev.c.final_grade == "fair")).label("grade_fair"),
            count_where(and_(public, ev.c.final_grade == "poor")).label("grade_poor"),
            count_where(and_(public, fair_poor, ev.c.has_cut == 1)).label("fair_poor_cut"),
            func.sum(
                case(
                    (
                        gapped,
                        _score_units(ev.c.self_score) - _score_units(ev.c.higher_score),
                    ),
                    else_=0,
                )
            ).label("gap_sum"),
            count_where(gapped).label("gap_count"),
        )
        .select_from(ev)
        .join(py, py.c.pid == ev.c.pid)
        .group_by(*groups)
    )
    indicators = (
        select(
            *groups,
            func.sum(case((Indicator.status != "not_assessed", 1), else_=0)).label(
                "indicators_assessed"
            ),
            func.sum(case((Indicator.status == "met", 1), else_=0)).label("indicators_met"),
        )
        .select_from(Indicator)
        .join(py, py.c.pid == Indicator.project_year_id)
        .group_by(*groups)
    )
    return [projects, evaluations, indicators]


def _int(value: Any) -> int:
    return int(value) if value is not None else 0
