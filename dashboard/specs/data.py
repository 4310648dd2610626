"""Declarations of the open-data page (/data): the data dictionary.

Why a spec: the dictionary is itself a table a reader may want to download or embed,
and it is generated, not written: the downloadable columns come from
``data_access.reads.open_data.TABLES`` and their meaning from the publishers' Table Schemas
(declared in ``data_access.ingest.columns``, published in
``data_access/ingest/table_schemas/``), so the dictionary can never describe a column the
download does not have.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

import pandas as pd

from dashboard.core import formatting as fmt
from dashboard.core import reads
from dashboard.core.i18n import LANGS, has, normalise_lang, t
from dashboard.core.view import View
from dashboard.specs.base import ChartSpec, Column, declare
from data_access.reads import open_data, package_format, queries

# A download's columns that its own package table does not have, but another one does
# with the same meaning: applications rows carry the evaluated project's year and code.
_BORROWED: dict[str, str] = {"applications": "evaluations"}


class MissingDefinition(LookupError):
    """A downloadable column with no title or meaning in some language."""


@cache
def _schema_fields() -> dict[str, dict[str, dict[str, Any]]]:
    fields: dict[str, dict[str, dict[str, Any]]] = {}
    for table in package_format.tables():
        document = package_format.table_schema(table)
        fields[table] = {f["name"]: f for f in document.get("fields", [])}
    return fields


def column_definition(dataset: str, column: str, lang: str) -> tuple[str, str]:
    """Title and meaning of one downloadable column in ``lang``.

    Why this order: a column the download adds (joined names, the indicator status
    decided at import, the evaluation code) is described under ``dict.<dataset>.<column>``
    in i18n, because the package's Table Schema has no such field; every other column is
    the package field of the same name, whose schema carries ``titles`` and
    ``descriptions`` per language. Only a dataset's own schema (or the one it borrows
    from) is searched: ``status`` means something else in indicators than in
    applications. A missing text raises, so the dictionary never shows a column in the
    other language or without a meaning.
    """
    derived = f"dict.{dataset}.{column}"
    if has(f"{derived}.title"):
        title, description = t(f"{derived}.title", lang), t(f"{derived}.description", lang)
    else:
        schemas = _schema_fields()
        field = schemas.get(dataset, {}).get(column) or schemas.get(
            _BORROWED.get(dataset, ""), {}
        ).get(column)
        if field is None:
            raise MissingDefinition(f"{dataset}.{column}: no schema field, no dict.* text")
        key = normalise_lang(lang)
        title = str(field.get("titles", {}).get(key, ""))
        description = str(field.get("descriptions", {}).get(key, ""))
    if not title.strip() or not description.strip():
        raise MissingDefinition(f"{dataset}.{column}: no {lang} title or meaning")
    if column in open_data.MONEY_COLUMNS:
        description = f"{description} {t('dict.money_note', lang)}"
    if open_data.column_kind(dataset, column) == "text":
        # The one rule that changes a cell in a CSV, said where the column is described.
        description = f"{description} {t('dict.free_text_note', lang)}"
    return title, description


def dictionary_rows(view: View) -> pd.DataFrame:
    """One row per downloadable column: dataset, column, and its title and meaning in
    both languages.

    Why both in every row: a spec's rows are the same in every language (so are its
    CSV and JSON); the table view picks the page's language (``_in_lang``), and the
    download is a bilingual dictionary.
    """
    rows = []
    for dataset, columns in open_data.TABLES.items():
        for column in columns:
            row = {"dataset": dataset, "column": column}
            for lang in LANGS:
                title, description = column_definition(dataset, column, lang)
                row[f"title_{lang}"] = title
                row[f"description_{lang}"] = description
            rows.append(row)
    return pd.DataFrame(rows, columns=list(DICTIONARY_COLUMNS))


DICTIONARY_COLUMNS: tuple[str, ...] = (
    "dataset",
    "column",
    *(f"{field}_{lang}" for field in ("title", "description") for lang in LANGS),
)


def _in_lang(field: str) -> Callable[[Mapping[str, Any], str], str]:
    """The table view's cell of ``field``: its text in the page's language."""
    return lambda row, lang: str(row[f"{field}_{normalise_lang(lang)}"])


def _column_cell(row: Mapping[str, Any], lang: str) -> str:
    """``dataset · column`` as one code cell: folded under the title (see
    ``render.static_table``), it wraps at the space on a phone, where a separate
    dataset column would leave the meaning no width."""
    return f"{row['dataset']} · {row['column']}"


DATA_DICTIONARY = declare(
    ChartSpec(
        key="data_dictionary",
        title="chart.dictionary.title",
        data=dictionary_rows,
        # On screen two columns in the page's language, "title + dataset · column" and
        # the meaning, so that the meaning keeps most of a 390 px screen. The download
        # keeps dataset and column apart and has both languages.
        columns=(
            Column("dataset", "col.dataset", "code", hidden=True, in_csv=True),
            Column("title_zh", "col.title", "text", render=_in_lang("title"), in_csv=False),
            Column("column", "col.column", "code", render=_column_cell),
            Column(
                "description_zh",
                "col.description",
                "text",
                render=_in_lang("description"),
                in_csv=False,
            ),
            *(
                Column(f"{field}_{lang}", f"col.{field}_{lang}", "text", hidden=True, in_csv=True)
                for field in ("title", "description")
                for lang in LANGS
            ),
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
    """Every release's corrections, newest release first (cached per latest stamp; the
    releases the stamp knows, ``reads.releases``)."""
    with reads.engine(url).connect() as conn:
        return [
            c for r in reads.releases(url, stamp) for c in queries.corrections(conn, r.id)
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
