"""The published-results format as the Table Schemas declare it: tables, columns, kinds.

Why read from the schemas: the package format is declared once (the column declarations
that generate ``data_access/ingest/table_schemas/*.json``); the release package, the
record downloads and the data dictionary must write exactly those columns, in that
order, and know which of them are free text (the only cells a CSV guards against
running as a formula). Reading the JSON documents here, rather than keeping lists of our
own, means a column added to the format reaches every writer.

A field's *kind*, as the writers need it, follows from its schema alone:

- ``money`` for a ``number`` named in :data:`MONEY_FIELDS`, else ``number``;
- ``year`` / ``count`` for an ``integer`` (``fiscal_year`` is a year);
- ``bool``, ``date`` for those types;
- ``label`` for a string with an ``enum`` (a vocabulary code or label);
- ``code`` for a string with a ``pattern`` or one that is part of a primary or foreign
  key (identifiers chosen by the publisher: project, department, indicator, evaluation);
- ``text`` for any other string: free text as the publisher wrote it.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMAS_DIR = Path(__file__).resolve().parent.parent / "ingest" / "table_schemas"

# Amounts of money (in the package's money unit): every other number is points or a
# count. Named here because a Table Schema has no type for money.
MONEY_FIELDS = frozenset(
    {
        "budget_initial",
        "budget_adjusted",
        "spent",
        "next_year_budget",
        "budget_change",
        "spent_to_date",
    }
)


@cache
def table_schema(table: str) -> dict[str, Any]:
    """The Frictionless Table Schema of ``table`` (a fresh parse, cached; do not mutate:
    copy it with ``json.loads(json.dumps(...))`` to change it)."""
    path = SCHEMAS_DIR / f"{table}.json"
    if not path.is_file():
        raise KeyError(table)
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def tables() -> tuple[str, ...]:
    """Every table of the format that has a schema."""
    return tuple(sorted(path.stem for path in SCHEMAS_DIR.glob("*.json")))


def columns(table: str) -> tuple[str, ...]:
    """The columns of ``table`` in the schema's order."""
    return tuple(str(field["name"]) for field in table_schema(table)["fields"])


def _key_fields(schema: dict[str, Any]) -> set[str]:
    keys: set[str] = set()
    primary = schema.get("primaryKey") or []
    keys.update([primary] if isinstance(primary, str) else primary)
    for foreign in schema.get("foreignKeys") or []:
        fields = foreign.get("fields") or []
        keys.update([fields] if isinstance(fields, str) else fields)
    return keys


def field_kind(table: str, column: str) -> str:
    """The writer's kind of ``column`` of ``table`` (see the module docstring)."""
    schema = table_schema(table)
    field = next((f for f in schema["fields"] if f["name"] == column), None)
    if field is None:
        raise KeyError(f"{table}.{column}")
    kind = field.get("type", "string")
    constraints = field.get("constraints") or {}
    if kind == "number":
        return "money" if column in MONEY_FIELDS else "number"
    if kind == "integer":
        return "year" if column == "fiscal_year" else "count"
    if kind == "boolean":
        return "bool"
    if kind in ("date", "datetime"):
        return "date"
    if constraints.get("enum"):
        return "label"
    if constraints.get("pattern") or column in _key_fields(schema):
        return "code"
    return "text"


def free_text(table: str) -> frozenset[str]:
    """The free-text columns of ``table``: the only ones a CSV guards (data dictionary)."""
    return frozenset(c for c in columns(table) if field_kind(table, c) == "text")
