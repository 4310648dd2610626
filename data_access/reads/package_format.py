"""The published-results format as its column declaration states it: tables, columns, kinds.

Why from the declaration: the package format is declared once
(``data_access.ingest.columns``, which also generates
``data_access/ingest/table_schemas/*.json``); the release package, the record downloads
and the data dictionary must write exactly those columns, in that order, and know which
of them are free text (the only cells a CSV guards against running as a formula). Reading
the declaration here, rather than keeping lists of our own, means a column added to the
format reaches every writer.

A column's *kind*, as the writers need it, follows from its declared kind alone
(:func:`writer_kind`):

- ``money`` for an amount of money (signed or not), ``number`` for any other number;
- ``year`` for a fiscal year;
- ``bool``, ``date`` for those;
- ``label`` for a code or label of a vocabulary;
- ``code`` for an identifier chosen by the publisher (project, department, indicator,
  evaluation) or a region code;
- ``text`` for free text as the publisher wrote it (indicator values and links included).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from data_access.ingest.columns import TABLES, Column

# The writer's kind of each declared kind (see the module docstring).
_WRITER_KINDS: dict[str, str] = {
    "money": "money",
    "signed_money": "money",
    "number": "number",
    "score": "number",
    "decimal": "number",
    "year": "year",
    "boolean": "bool",
    "date": "date",
    "enum": "label",
    "code": "code",
    "region": "code",
    "text": "text",
    "indicator_value": "text",
}
# Amounts of money (in the package's money unit): every other number is points or a
# count. Columns of that name are money in every table.
MONEY_FIELDS = frozenset(
    column.name
    for table in TABLES.values()
    for column in table.columns
    if _WRITER_KINDS[column.kind] == "money"
)


def writer_kind(column: Column) -> str:
    """The writer's kind of a declared column (see the module docstring)."""
    return _WRITER_KINDS[column.kind]


@cache
def table_schema(table: str) -> dict[str, Any]:
    """The Frictionless Table Schema of ``table``, as published (cached; do not mutate:
    copy it with ``json.loads(json.dumps(...))`` to change it)."""
    return TABLES[table].schema()


def tables() -> tuple[str, ...]:
    """Every table of the format."""
    return tuple(sorted(TABLES))


def columns(table: str) -> tuple[str, ...]:
    """The columns of ``table`` in the format's order."""
    return tuple(column.name for column in TABLES[table].package_columns)


def field_kind(table: str, column: str) -> str:
    """The writer's kind of ``column`` of ``table`` (see the module docstring)."""
    return writer_kind(TABLES[table].column(column))


def free_text(table: str) -> frozenset[str]:
    """The free-text columns of ``table``: the only ones a CSV guards (data dictionary)."""
    return frozenset(c for c in columns(table) if field_kind(table, c) == "text")
