"""Declarations of the open-data page (/data): the data dictionary.

Why a spec: the dictionary is itself a table a reader may want to download or embed,
and it is generated, not written: the downloadable columns come from
``data_access.open_data.TABLES`` and their meaning from the publishers' Table Schemas
(``data_access/table_schemas/``), so the dictionary can never describe a column the
download does not have.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard import formatting as fmt
from dashboard import reads
from dashboard.i18n import t
from dashboard.specs.base import ChartSpec, Column, declare
from dashboard.view import View
from data_access import open_data, queries

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


# ------------------------------------------------------------------ corrections

CORRECTION_COLUMNS: tuple[str, ...] = (
    "release",
    "restores",
    "year",
    "project_code",
    "project_name",
    "change",
    "old",
    "new",
)


@reads.cached
def _corrections(url: str, stamp: str) -> list[queries.Correction]:
    """Every release's corrections, newest release first (cached per latest stamp)."""
    engine = reads.engine(url)
    return [
        c for r in queries.releases(engine) for c in queries.corrections(engine, r.id)
    ]


def correction_rows(view: View) -> pd.DataFrame:
    """Per release, what it changed against its publisher's previous release: projects
    added or withdrawn, budgets, spending, scores and grades with old and new values."""
    return pd.DataFrame(
        [
            {
                "release": c.release_id,
                "restores": c.restores,
                "year": c.fiscal_year,
                "project_code": c.project_code,
                "project_name": c.project_name,
                "change": c.kind,
                "old": c.old,
                "new": c.new,
            }
            for c in _corrections(view.url, view.stamp)
        ],
        columns=list(CORRECTION_COLUMNS),
    )


def correction_value(row: Mapping[str, Any], lang: str, key: str) -> str:
    """An old or new value as its kind is shown: money, score or grade label."""
    value = row[key]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return fmt.NO_DATA
    if row["change"] == "grade":
        return fmt.grade(str(value), lang)
    if row["change"] == "score":
        return fmt.score(value, lang)
    return fmt.money(value, lang)


def _release_text(row: Mapping[str, Any], lang: str) -> str:
    restores = row["restores"]
    if restores is None or (isinstance(restores, float) and math.isnan(restores)):
        return f"#{row['release']}"
    return t("data.corrections.restores", lang, id=row["release"], restored=int(restores))


CORRECTIONS = declare(
    ChartSpec(
        key="corrections",
        title="data.corrections.title",
        data=correction_rows,
        columns=(
            Column("release", "about.release.id", "code", render=_release_text),
            Column("restores", "data.corrections.restored", "code", hidden=True, in_csv=True),
            Column("year", "col.year", "year"),
            Column("project_code", "col.project_code", "code"),
            Column("project_name", "col.project", "text"),
            Column("change", "data.corrections.change", "label", vocabulary="correction"),
            Column("old", "data.corrections.old", "text",
                   render=lambda row, lang: correction_value(row, lang, "old")),
            Column("new", "data.corrections.new", "text",
                   render=lambda row, lang: correction_value(row, lang, "new")),
        ),
        source="source.records",
        footnote="data.corrections.footnote",
        empty_text="data.corrections.none",
        page="data",
    )
)
