"""Where each column of the published-results format is read from in the database.

Why one table: the release package (``release_package``) writes a release's rows in the
format's columns, and the record downloads (``open_data``) write a view's rows in nearly
the same columns plus a few joined names. Both read a column from the same database
field, join the same tables and keep the same order. Where a column is stored comes
from its declaration (``data_access.ingest.columns``: ``db``); only the columns read from
another table, or computed, are named here.

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
)
from data_access.db.sql_helpers import department_name, region_name
from data_access.ingest.columns import TABLES, Table

_py = ProjectYear
# The project-year every attached row belongs to, as each record table names it.
_PROJECT_KEY: dict[str, Any] = {"fiscal_year": _py.fiscal_year, "project_code": _py.project_code}


class AsOf:
    """A column read as of the statement's release: ``expression(release)``."""

    def __init__(self, expression: Callable[[int | None], Any]) -> None:
        self.expression = expression


# Columns not read from the ``db`` column of the table's own row: joined from another
# table (the project-year's key, the department's code and name, the evaluation's code)
# or computed (a region's or a department's name as of the release, the disclosure word).
_ELSEWHERE: dict[str, dict[str, Any]] = {
    "regions": {"name": AsOf(region_name)},
    "departments": {"name": AsOf(department_name)},
    "projects": {
        "department_code": Department.code,
        "department_name": AsOf(department_name),
        "region_name": AsOf(region_name),
        # Withheld project-years are never written, but the column still says what the
        # stored flag says rather than assuming it.
        "disclosure": case((_py.withheld.is_(True), "withheld"), else_="public"),
    },
    "indicators": _PROJECT_KEY,
    "evaluations": _PROJECT_KEY,
    "applications": {
        **_PROJECT_KEY,
        "evaluation_id": Evaluation.evaluation_code,
        "evaluation_code": Evaluation.evaluation_code,
    },
    "monitoring": _PROJECT_KEY,
}


def _sources(table: Table) -> dict[str, Any]:
    own = {c.name: getattr(table.model, c.db) for c in table.columns if c.db is not None}
    return {**own, **_ELSEWHERE.get(table.name, {})}


# table -> column -> the database expression it is read from (or an :class:`AsOf`):
# every column ``columns.TABLES`` declares, package and download columns alike.
SOURCES: dict[str, dict[str, Any]] = {name: _sources(table) for name, table in TABLES.items()}


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
