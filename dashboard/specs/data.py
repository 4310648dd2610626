"""Declarations of the open-data page (/data): the data dictionary.

Why a spec: the dictionary is itself a table a reader may want to download or embed,
and it is generated, not written: the downloadable columns come from
``data_access.open_data.TABLES`` and their meaning from the publishers' Table Schemas
(``data_access/table_schemas/``), so the dictionary can never describe a column the
download does not have.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pandas as pd

from dashboard.specs.base import ChartSpec, Column, declare
from dashboard.view import View
from data_access import open_data

SCHEMAS_DIR = Path(__file__).resolve().parent.parent.parent / "data_access" / "table_schemas"
# Downloaded columns that are not fields of the package format (joined for readers).
_DERIVED = {
    "department_name": ("主管部门名称", "The department's name (from departments.csv)."),
    "region_name": ("地区名称", "The region's name (from the national gazetteer)."),
    "status": ("状态", "met / not_met / not_assessed, decided at import from target and actual."),
}
_MONEY_NOTE = " Downloads give money in yuan (元), exact to the fen."


@cache
def _schema_fields() -> dict[str, dict[str, dict[str, str]]]:
    fields: dict[str, dict[str, dict[str, str]]] = {}
    for path in sorted(SCHEMAS_DIR.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        fields[path.stem] = {f["name"]: f for f in document.get("fields", [])}
    return fields


def dictionary_rows(view: View) -> pd.DataFrame:
    """One row per downloadable column: dataset, column, title and meaning."""
    schemas = _schema_fields()
    rows = []
    for dataset, columns in open_data.TABLES.items():
        own = schemas.get(dataset, {})
        for column in columns:
            field = own.get(column) or next(
                (fields[column] for fields in schemas.values() if column in fields), None
            )
            if field is None:
                title, description = _DERIVED.get(column, (column, ""))
            else:
                title = str(field.get("title", column))
                description = str(field.get("description", ""))
            if column in open_data.MONEY_COLUMNS:
                description += _MONEY_NOTE
            rows.append(
                {"dataset": dataset, "column": column, "title": title, "description": description}
            )
    return pd.DataFrame(rows, columns=["dataset", "column", "title", "description"])


DATA_DICTIONARY = declare(
    ChartSpec(
        key="data_dictionary",
        title="chart.dictionary.title",
        data=dictionary_rows,
        columns=(
            Column("dataset", "col.dataset", "code"),
            Column("column", "col.column", "text"),
            Column("title", "col.title", "text"),
            Column("description", "col.description", "text"),
        ),
        source="source.contract",
        static=True,
        page="data",
    )
)
