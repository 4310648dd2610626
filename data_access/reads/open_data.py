"""Open data: every published record behind a view, streamed in batches.

Why its own module: the /data page and the download routes hand out the *whole* result
set of a view (all projects of a region and year, with their indicators, evaluations,
applications and monitoring records), not the 25 rows on screen. That set can be
hundreds of thousands of rows, so it is read with a server-side cursor in batches and
written out as it comes, never loaded whole.

Rows are language-neutral (codes, money as exact decimal 元 text, rates as fractions),
so a download is the same whatever the page language. Withheld project-years and
everything attached to them are left out: they appear in published totals only.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select, func, select

from data_access.db.schema import ProjectYear
from data_access.db.sql_helpers import Bind, connection
from data_access.ingest.columns import TABLES as COLUMNS
from data_access.money import fen_to_yuan
from data_access.reads import package_format, package_sql
from data_access.reads.selection import ViewFilter, view_conditions

BATCH_ROWS = 2000

# table -> its columns, in the order they are written (the data dictionary of /data):
# the download columns of the tables whose records hang off a project-year.
TABLES: dict[str, tuple[str, ...]] = {
    name: table.download_columns for name, table in COLUMNS.items() if table.download_columns
}
# What /data offers per view: the record tables, and ``metrics`` (every metric of the
# view's parts, the children table's rows).
DATASETS: tuple[str, ...] = (*TABLES, "metrics")
MONEY_COLUMNS = package_format.MONEY_FIELDS


def column_kind(dataset: str, column: str) -> str:
    """The kind of a downloadable column (``package_format.writer_kind``'s words), as its
    declaration in ``columns.TABLES`` says. ``text`` marks free text: the only cells a CSV
    guards against running as a formula. Raises KeyError for a column not downloaded."""
    return package_format.writer_kind(COLUMNS[dataset].column(column, package=False))


def _public_project_years(view: ViewFilter) -> Any:
    """The public project-years of a view as a subquery (withheld ones never)."""
    return select(ProjectYear.id).where(*view_conditions(view))


def _statement(table: str, ids: Any, release: int | None) -> Select[Any]:
    if table not in TABLES:
        raise KeyError(table)
    return package_sql.project_records(table, TABLES[table], ids, release)


def _row(table: str, mapping: Any) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for column in TABLES[table]:
        value = mapping[column]
        if column in MONEY_COLUMNS:
            value = fen_to_yuan(value) if value is not None else None
        row[column] = value
    return row


def stream_records(
    bind: Bind, table: str, view: ViewFilter, *, batch: int = BATCH_ROWS
) -> Iterator[list[dict[str, Any]]]:
    """Batches of the public ``table`` rows of a view (``view.year`` None: every year),
    in a stable order. Raises KeyError for a table that is not in :data:`TABLES`.
    """
    if table not in TABLES:
        raise KeyError(table)
    ids = _public_project_years(view)
    statement = _statement(table, ids, view.release)
    with connection(bind) as conn:
        result = conn.execution_options(stream_results=True, yield_per=batch).execute(
            statement
        )
        for partition in result.mappings().partitions(batch):
            yield [_row(table, mapping) for mapping in partition]


def count_records(bind: Bind, table: str, view: ViewFilter) -> int:
    """How many rows :func:`stream_records` would yield (shown beside each download)."""
    ids = _public_project_years(view)
    statement = _statement(table, ids, view.release).order_by(None).subquery()
    with connection(bind) as conn:
        return int(conn.execute(select(func.count()).select_from(statement)).scalar_one())

