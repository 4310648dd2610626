"""Where each column of the published-results format is read from in the database.

Why one table: the release package (``release_package``) writes a release's rows in the
format's columns, and the record downloads (``open_data``) write a view's rows in nearly
the same columns plus a few joined names. Both read a column from the same database
field, join the same tables and keep the same order, so the column is declared once here
and each writer names the columns it writes.

Every statement labels its columns with their package names (money columns are read in
fen under the 元 column's name: the writers convert). A region's or a department's name
is read as of the release the statement is for (``sql_helpers.region_name``,
``sql_helpers.department_name``): names are versioned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Select, case, select

from data_access.db.schema import (
    Application,
    Department,
    Evaluation,
    Indicator,
    Monitoring,
    ProjectYear,
    Region,
    ReportedFigure,
)
from data_access.db.sql_helpers import department_name, region_name

_py = ProjectYear
# The project-year every attached row belongs to, as each record table names it.
_PROJECT_KEY: dict[str, Any] = {"fiscal_year": _py.fiscal_year, "project_code": _py.project_code}


class AsOf:
    """A column read as of the statement's release: ``expression(release)``."""

    def __init__(self, expression: Callable[[int | None], Any]) -> None:
        self.expression = expression


# table -> column -> the database expression it is read from (or an :class:`AsOf`).
SOURCES: dict[str, dict[str, Any]] = {
    "regions": {
        "region_code": Region.code,
        "name": AsOf(region_name),
        "level": Region.level,
        "parent_code": Region.parent_code,
    },
    "departments": {
        "department_code": Department.code,
        "name": AsOf(department_name),
        "region_code": Department.region_code,
    },
    "projects": {
        **_PROJECT_KEY,
        "project_name": _py.project_name,
        "department_code": Department.code,
        "department_name": AsOf(department_name),
        "region_code": _py.region_code,
        "region_name": AsOf(region_name),
        "sector": _py.sector,
        "budget_initial": _py.budget_initial_fen,
        "budget_adjusted": _py.budget_adjusted_fen,
        "spent": _py.spent_fen,
        "has_targets": _py.has_targets,
        "overall_target": _py.overall_target,
        "overall_result": _py.overall_result,
        # Withheld project-years are never written, but the column still says what the
        # stored flag says rather than assuming it.
        "disclosure": case((_py.withheld.is_(True), "withheld"), else_="public"),
    },
    "indicators": {
        **_PROJECT_KEY,
        **{
            name: getattr(Indicator, name)
            for name in (
                "indicator_code", "level1", "level2", "name", "comparison", "target_value",
                "unit", "actual_value", "weight", "score", "status", "deviation_reason",
            )
        },
    },
    "evaluations": {
        **_PROJECT_KEY,
        # The package calls the publisher's evaluation code its id; downloads, its code.
        "evaluation_id": Evaluation.evaluation_code,
        **{
            name: getattr(Evaluation, name)
            for name in (
                "evaluation_code", "eval_type", "evaluator", "third_party", "score", "grade",
                "report_title", "report_url", "published_on", "submitted_to_congress",
            )
        },
    },
    "applications": {
        **_PROJECT_KEY,
        "evaluation_id": Evaluation.evaluation_code,
        "evaluation_code": Evaluation.evaluation_code,
        "action": Application.action,
        "next_year_budget": Application.next_year_budget_fen,
        "budget_change": Application.budget_change_fen,
        "status": Application.status,
        "note": Application.note,
    },
    "monitoring": {
        **_PROJECT_KEY,
        "as_of": Monitoring.as_of,
        "spent_to_date": Monitoring.spent_to_date_fen,
        "target_warning": Monitoring.target_warning,
        "budget_warning": Monitoring.budget_warning,
        "action": Monitoring.action,
        "note": Monitoring.note,
    },
    "reported_figures": {
        name: getattr(ReportedFigure, name)
        for name in (
            "region_code", "scope", "fiscal_year", "metric", "value", "unit",
            "source_title", "source_url", "note",
        )
    },
}


def selected(table: str, columns: Iterable[str], release: int | None = None) -> Select[Any]:
    """``SELECT`` of ``columns`` of ``table``, each labelled with its name (no FROM
    clause of its own: the caller joins and filters), region and department names as of
    ``release``
    (None: the live names). Raises KeyError naming ``table.column`` for a column not
    declared in :data:`SOURCES`."""
    sources = SOURCES[table]
    expressions = []
    for column in columns:
        if column not in sources:
            raise KeyError(f"{table}.{column}")
        source = sources[column]
        if isinstance(source, AsOf):
            source = source.expression(release)
        expressions.append(source.label(column))
    return select(*expressions)


def project_records(
    table: str, columns: Iterable[str], ids: Any, release: int | None = None
) -> Select[Any]:
    """The rows of a project-attached record table (projects, indicators, evaluations,
    applications, monitoring) whose project-year id is in the subquery ``ids``, in
    ``columns`` and a stable order (year, project code, then the record's own order);
    region names as of ``release``.

    Raises KeyError for any other table.
    """
    statement = selected(table, columns, release)
    if table == "projects":
        return (
            statement.select_from(_py)
            .join(Department, Department.id == _py.department_id)
            .outerjoin(Region, Region.code == _py.region_code)
            .where(_py.id.in_(ids))
            .order_by(_py.fiscal_year, _py.project_code)
        )
    if table == "applications":
        return (
            statement.select_from(Application)
            .join(Evaluation, Evaluation.id == Application.evaluation_id)
            .join(_py, _py.id == Evaluation.project_year_id)
            .where(Evaluation.project_year_id.in_(ids))
            .order_by(_py.fiscal_year, _py.project_code, Application.id)
        )
    record: Any = {"indicators": Indicator, "evaluations": Evaluation, "monitoring": Monitoring}
    model = record[table]
    order = (Monitoring.as_of, Monitoring.id) if model is Monitoring else (model.id,)
    return (
        statement.select_from(model)
        .join(_py, _py.id == model.project_year_id)
        .where(model.project_year_id.in_(ids))
        .order_by(_py.fiscal_year, _py.project_code, *order)
    )
