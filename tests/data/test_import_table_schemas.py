"""The Frictionless Table Schemas shipped for publishers say what the importer checks.

Publishers validate their files with standard tools against ``data_access/ingest/table_schemas``;
the importer checks the columns declared in ``data_access.ingest.columns`` (its package
columns are ``validation.TABLE_COLUMNS``). The published files are generated from that
declaration and must stay byte-identical to it; the other tests check the files
independently: same tables, same columns in the same order, same required flags, types,
vocabularies, limits and keys.
"""

from __future__ import annotations

import json
import re

import pytest

from data_access import domain
from data_access.db.writing import WRITTEN_TABLES
from data_access.ingest import columns
from data_access.ingest.importer import WRITE_COLUMNS
from data_access.ingest.package import TABLE_NAMES
from data_access.ingest.validation import (
    PRIMARY_KEYS,
    REQUIRED_TABLES,
    TABLE_COLUMNS,
    YEAR_MAX,
    YEAR_MIN,
    Column,
)
from tests.conftest import REPO_ROOT

SCHEMA_DIR = REPO_ROOT / "data_access" / "ingest" / "table_schemas"
FRICTIONLESS_TYPE = {
    "text": "string",
    "code": "string",
    "region": "string",
    "indicator_value": "string",
    "enum": "string",
    "year": "integer",
    "money": "number",
    "signed_money": "number",
    "number": "number",
    "score": "number",
    "decimal": "number",
    "boolean": "boolean",
    "date": "date",
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def schema(table: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{table}.json").read_text(encoding="utf-8"))


def test_there_is_one_schema_per_table_and_no_other() -> None:
    assert sorted(p.stem for p in SCHEMA_DIR.glob("*.json")) == sorted(TABLE_NAMES)
    assert tuple(TABLE_COLUMNS) == TABLE_NAMES
    assert set(REQUIRED_TABLES) <= set(TABLE_NAMES)


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_the_published_file_is_what_the_declaration_generates(table: str) -> None:
    """A change to ``columns.py`` reaches the published file by
    ``python -m data_access.ingest.columns``; an edit of the file alone fails here."""
    published = (SCHEMA_DIR / f"{table}.json").read_text(encoding="utf-8")
    assert published == columns.schema_text(table)


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_every_stored_column_names_a_column_of_its_database_table(table: str) -> None:
    declared = columns.TABLES[table]
    stored = {column.name for column in declared.model.__table__.columns}
    for column in declared.columns:
        assert column.db is None or column.db in stored, f"{table}.{column.name}"
    assert len({c.db for c in declared.package_columns if c.db}) == len(
        [c for c in declared.package_columns if c.db]
    ), f"{table}: two package columns stored in one database column"


def test_the_writer_adds_to_the_stored_columns_only_what_the_package_does_not_carry() -> None:
    """What ``importer._write`` adds by hand beside ``Table.stored``: ids, parents' ids,
    the publisher and release, and the values decided at import (independent list)."""
    added = {
        "projects": {"id", "department_id", "withheld", "publisher", "release_id",
                     "execution_rate", "final_score", "final_grade"},
        "indicators": {"id", "project_year_id", "status"},
        "evaluations": {"id", "project_year_id", "authority", "publisher"},
        "applications": {"id", "evaluation_id"},
        "monitoring": {"id", "project_year_id"},
        "reported_figures": {"id", "publisher", "release_id"},
    }
    for table, extra in added.items():
        declared = columns.TABLES[table]
        storage = declared.model.__tablename__
        assert storage in WRITTEN_TABLES
        stored = {c.db for c in declared.package_columns if c.db}
        assert not stored & extra, table
        assert stored | extra == set(WRITE_COLUMNS[storage]), table


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_schema_columns_and_required_flags_match_the_validator(table: str) -> None:
    fields = schema(table)["fields"]
    columns = TABLE_COLUMNS[table]
    assert [f["name"] for f in fields] == [c.name for c in columns]
    for field, column in zip(fields, columns, strict=True):
        required = field.get("constraints", {}).get("required", False)
        assert required is column.required, f"{table}.{column.name}"


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_schema_types_vocabularies_and_limits_match_the_validator(table: str) -> None:
    for field, column in zip(schema(table)["fields"], TABLE_COLUMNS[table], strict=True):
        where = f"{table}.{column.name}"
        constraints = field.get("constraints", {})
        assert field["type"] == FRICTIONLESS_TYPE[column.kind], where
        assert CJK.search(field["title"]), f"{where}: the title is the Chinese name"
        assert field["description"], where
        assert constraints.get("enum") == _accepted_spellings(column), where
        if column.kind == "region":
            assert constraints["pattern"] == "[0-9]{6}", where
        if column.kind == "year":
            assert (constraints["minimum"], constraints["maximum"]) == (YEAR_MIN, YEAR_MAX)
        if column.kind == "score":
            assert (constraints["minimum"], constraints["maximum"]) == (0, 100), where
        if column.kind in ("money", "number"):
            assert constraints["minimum"] == 0, where
        if column.kind == "signed_money":
            assert "minimum" not in constraints, where
        if column.kind in ("money", "signed_money", "number", "decimal"):
            assert field["groupChar"] == ",", f"{where}: thousands separators are allowed"
        if column.kind == "boolean":
            assert {v.lower() for v in field["trueValues"]} == domain.TRUE_WORDS, where
            assert {v.lower() for v in field["falseValues"]} == domain.FALSE_WORDS, where
        if column.max_length is not None and field["type"] == "string":
            assert constraints["maxLength"] == column.max_length, where


def _accepted_spellings(column: Column) -> list[str] | None:
    if column.vocabulary is None:
        return None
    return [spelling for code, labels in column.vocabulary.items() for spelling in (code, *labels)]


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_schema_keys_match_the_validators_duplicate_and_reference_checks(table: str) -> None:
    declared = schema(table)
    assert tuple(declared.get("primaryKey", ())) == PRIMARY_KEYS.get(table, ())
    for key in declared.get("foreignKeys", []):
        target = key["reference"]["resource"]
        assert target in TABLE_NAMES
        assert tuple(key["reference"]["fields"]) == PRIMARY_KEYS[target]
        own = {c.name for c in TABLE_COLUMNS[table]}
        assert set(key["fields"]) <= own


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_every_field_has_a_title_and_a_meaning_in_both_languages(table: str) -> None:
    """The data dictionary of /data shows these per language: a field without its zh
    or en text would show the other language or nothing."""
    for field in schema(table)["fields"]:
        where = f"{table}.{field['name']}"
        titles, descriptions = field.get("titles", {}), field.get("descriptions", {})
        assert set(titles) == set(descriptions) == {"zh", "en"}, where
        assert all(text.strip() for text in (*titles.values(), *descriptions.values())), where
        assert CJK.search(titles["zh"]) and CJK.search(descriptions["zh"]), where
        assert not CJK.search(titles["en"]), f"{where}: the English title is English"
        assert titles["zh"] == field["title"], f"{where}: title is the Chinese title"
        assert descriptions["en"] == field["description"], where
