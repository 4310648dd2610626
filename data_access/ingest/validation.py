"""Checking a raw package against the data contract and turning it into clean records.

Why every problem is collected rather than raised: a publisher fixes a package once per
report, so the report must name every file, row and column at fault, not only the
first. Records come out with values already interpreted (money in integer fen, labels
as codes, booleans as bool, the indicator status and the evaluation grade decided), so
the importer only has to write them.

The columns of each table are declared once, in :mod:`data_access.ingest.columns`
(:data:`TABLE_COLUMNS` here is its package columns); the Frictionless Table Schemas under
``data_access/ingest/table_schemas/`` are generated from the same declaration.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation, localcontext
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, select

from data_access import domain
from data_access.db.schema import (
    EVAL_AUTHORITY,
    Department,
    Evaluation,
    ProjectYear,
    Region,
    RegionAncestor,
    Release,
    ReportedFigure,
)
from data_access.ingest.columns import (
    SCORE_MAX,
    SCORE_MIN,
    TABLES,
    YEAR_MAX,
    YEAR_MIN,
    Column,
    db_length,
)
from data_access.ingest.limits import MAX_CELL_CHARS
from data_access.ingest.package import TABLE_NAMES, RawPackage, RawTable
from data_access.ingest.problems import Problem, error, printable, warning
from data_access.money import DEFAULT_MONEY_UNIT, MONEY_UNITS, MoneyError, parse_decimal, to_fen
from data_access.regions import RegionRecord, override_problems

REQUIRED_TABLES: tuple[str, ...] = tuple(name for name, table in TABLES.items() if table.required)
# The columns of each table, as the package file has them (``columns.TABLES``).
TABLE_COLUMNS: dict[str, tuple[Column, ...]] = {
    name: table.package_columns for name, table in TABLES.items()
}
# Columns whose values must be unique together within a table (a duplicate is an error).
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    name: table.primary_key for name, table in TABLES.items() if table.primary_key
}
# Integer fen must fit a signed 64-bit column on every backend.
_MAX_FEN = 2**63 - 1
_CODE_LENGTH = 64
# Indicator weights and scores (分值, 得分) are stored as floats: any real one is far below.
_NUMBER_MAX = Decimal(1_000_000)
# Links shown to readers (report_url, source_url) may only be web addresses.
_URL_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class PackageMeta:
    """The ``datapackage.json`` fields a release records."""

    name: str | None
    title: str | None
    publisher: str | None
    license: str | None
    published: dt.date | None
    money_unit: str
    sources: list[dict[str, Any]]
    # The package's own English title (optional ``title_en``), for English pages.
    title_en: str | None = None


@dataclass
class Record:
    """One row of a table with its values interpreted; ``row`` as the publisher sees it."""

    row: int
    values: dict[str, Any]


@dataclass
class ValidatedPackage:
    """A package after checking: its records, and every problem found on the way."""

    raw: RawPackage
    meta: PackageMeta
    records: dict[str, list[Record]]
    problems: list[Problem]
    fiscal_years: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the package may be imported (no error; warnings do not block)."""
        return not any(problem.is_error for problem in self.problems)

    @property
    def row_counts(self) -> dict[str, int]:
        """Rows per table present in the package, in contract order."""
        return {table: len(rows) for table, rows in self.records.items()}


class _Invalid(ValueError):
    """A cell whose text cannot be read as its column says."""


# ---------------------------------------------------------------- values


# re.ASCII: \\d would otherwise match full-width (５) and other scripts' digits too.
_GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?", re.ASCII)
_DIGITS_AND_COMMAS = re.compile(r"[+-]?[\d,]+(\.\d*)?", re.ASCII)
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)", re.ASCII)
_SCIENTIFIC = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)[eE][+-]?\d+", re.ASCII)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_YEAR = re.compile(r"\d{4}", re.ASCII)
_REGION = re.compile(r"\d{6}", re.ASCII)
# Kinds whose text must be written with ASCII digits.
_NUMERIC_KINDS = ("region", "year", "money", "signed_money", "number", "score", "decimal", "date")
# Control and invisible characters no cell may hold; tab, newline and carriage return
# are ordinary in multi-line text. Surrogates cannot even be stored.
_BAD_CATEGORIES = {"Cc", "Cs", "Co", "Cn"}
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}
# Bidirectional embeddings, overrides and isolates: they make text display in another
# order than it is stored ("Trojan source"), a spoofing tool in names and codes.
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _non_ascii_digits(text: str) -> str | None:
    """The digits of ``text`` that are not ASCII 0-9 (full-width ５, Arabic-Indic ٥, ...)."""
    if text.isascii():
        return None
    found = [char for char in text if char.isdigit() and not char.isascii()]
    return "".join(found) or None


def bad_character(text: str) -> str | None:
    """A message if ``text`` holds a character no cell may hold, else None.

    Why: PostgreSQL refuses a NUL byte in text (the import crashed after ``validate``
    said VALID); ESC and other controls are never intended in published results and
    would act on a terminal or a page rather than show; lone surrogates cannot be stored.

    Invisible format characters (zero-width space and joiners, word joiner, soft hyphen,
    directional marks: Unicode category Cf) are refused too, with their position: a
    name that looks like another but is not (``信丰县`` with a zero-width space inside)
    would be a second department or region to every search, join and citation.
    """
    if text.isprintable():
        return None
    for position, char in enumerate(text, start=1):
        if char in _ALLOWED_CONTROLS:
            continue
        category = unicodedata.category(char)
        if char in _BIDI_CONTROLS or category in _BAD_CATEGORIES:
            shown = printable(char)
            if char == "\x00":
                return f"contains a NUL byte ({shown}), which no database text can hold; remove it"
            return f"contains the control character {shown} at character {position}; remove it"
        if category == "Cf":
            name = unicodedata.name(char, "format character").lower()
            return (
                f"contains the invisible character {printable(char)} ({name}) at character "
                f"{position}; remove it"
            )
    return None


def parse_number(text: str) -> Decimal:
    """A published number as an exact Decimal: spaces and thousands separators allowed.

    Why the comma is checked: ``12,5`` (a decimal comma) must not silently become 125;
    a comma may only separate groups of three digits.
    """
    if "%" in text or "％" in text:
        raise _Invalid(
            f"not a number: {text!r}; a percent sign is only allowed in indicator "
            "target_value and actual_value"
        )
    compact = text.strip().replace("，", ",").replace(" ", "").replace("\u3000", "")
    digits = _non_ascii_digits(compact)
    if digits:
        raise _Invalid(
            f"not a number: {text!r}; write digits as ASCII 0-9 ({digits!r} are not accepted)"
        )
    if "," in compact and not _GROUPED_NUMBER.fullmatch(compact):
        if _DIGITS_AND_COMMAS.fullmatch(compact):
            raise _Invalid(f"not a number: {text!r}; a comma may only separate thousands (1,234.5)")
        raise _Invalid(f"not a number: {text!r}")
    if _SCIENTIFIC.fullmatch(compact):
        raise _Invalid(
            f"not a number: {text!r}; scientific notation is not accepted, write the "
            "number in full (e.g. 100 for 1e2)"
        )
    if "_" in compact:
        raise _Invalid(f"not a number: {text!r}; no underscores in numbers, write 52000 or 52,000")
    if not _PLAIN_NUMBER.fullmatch(compact.replace(",", "")):
        raise _Invalid(f"not a number: {text!r}")
    try:
        return parse_decimal(compact)
    except MoneyError as exc:
        raise _Invalid(f"not a number: {text!r}") from exc


def _is_indicator_number(text: str) -> bool:
    """Whether an indicator value is a number as :func:`parse_number` reads it, with an
    optional trailing percent sign (95, 95%, 1,234.5)."""
    body = text.strip()
    if body.endswith(("%", "％")):
        body = body[:-1]
    try:
        parse_number(body)
    except _Invalid:
        return False
    return True


def check_url(text: str) -> None:
    """A link shown to readers must be an absolute http(s) address (else :class:`_Invalid`).

    Why: a ``javascript:`` or ``data:`` link runs in the reader's browser when clicked.
    """
    try:
        parts = urlsplit(text)
    except ValueError as exc:
        raise _Invalid(f"not a web address: {text!r}") from exc
    if (
        parts.scheme.lower() not in _URL_SCHEMES
        or not parts.netloc
        or any(char.isspace() for char in text)
    ):
        raise _Invalid(
            f"not a web address: {text!r}; a link must start with http:// or https:// "
            "(other schemes such as javascript: or data: are refused)"
        )


def parse_boolean(text: str) -> bool:
    """``true/false``, ``1/0``, ``是/否``, ``Y/N`` in any case."""
    word = text.strip().lower()
    if word in domain.TRUE_WORDS:
        return True
    if word in domain.FALSE_WORDS:
        return False
    raise _Invalid(f"not a yes/no value: {text!r}; use true/false, 1/0, 是/否 or Y/N")


def parse_date(text: str) -> dt.date:
    """An ISO ``YYYY-MM-DD`` date, and nothing else (2018/6/30 is ambiguous to machines)."""
    if _DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise _Invalid(f"not a date: {text!r}; write dates as YYYY-MM-DD, e.g. 2018-06-30")


def _vocabulary_hint(vocabulary: Mapping[str, tuple[str, ...]]) -> str:
    return ", ".join(
        f"{labels[0]} ({code})" if labels else code for code, labels in vocabulary.items()
    )


def parse_enum(text: str, column: Column) -> str:
    """The code of a Chinese label or English code of the column's vocabulary
    (case-insensitive)."""
    code = column.spellings.get(text.strip().lower())
    if code is None:
        hint = _vocabulary_hint(column.vocabulary or {})
        raise _Invalid(f"unknown {column.name} {text!r}; use one of: {hint}")
    return code


def _parse_value(column: Column, text: str, money_unit: str) -> Any:
    """The value of one non-empty cell, or :class:`_Invalid` saying why it has none."""
    max_length = column.max_length if column.max_length is not None else MAX_CELL_CHARS
    if len(text) > max_length:
        raise _Invalid(f"too long: {len(text):,} characters, at most {max_length:,}")
    bad = bad_character(text)
    if bad is not None:
        raise _Invalid(bad)
    kind = column.kind
    if kind in _NUMERIC_KINDS:
        digits = _non_ascii_digits(text)
        if digits:
            raise _Invalid(f"{text!r}: write digits as ASCII 0-9 ({digits!r} are not accepted)")
    if kind in ("text", "code", "indicator_value"):
        if kind == "code" and len(text) > _CODE_LENGTH:
            raise _Invalid(f"too long: {len(text)} characters, at most {_CODE_LENGTH}")
        if column.url:
            check_url(text)
        return text
    if kind == "region":
        if not _REGION.fullmatch(text):
            raise _Invalid(f"not a region code: {text!r}; use the 6-digit GB/T 2260 code")
        return text
    if kind == "year":
        if not _YEAR.fullmatch(text):
            raise _Invalid(f"not a fiscal year: {text!r}; write the calendar year, e.g. 2017")
        year = int(text)
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise _Invalid(f"fiscal year {year} is outside {YEAR_MIN}–{YEAR_MAX}")
        return year
    if kind in ("money", "signed_money"):
        amount = parse_number(text)
        if kind == "money" and amount < 0:
            raise _Invalid(f"negative money: {text!r}; amounts cannot be below zero")
        too_large = _Invalid(
            f"amount too large: {text!r} {money_unit}; at most "
            f"{Decimal(_MAX_FEN // 100):,} 元 can be stored"
        )
        if amount.adjusted() > 30:
            raise too_large
        try:
            # Precision for any amount below the check above: no InvalidOperation.
            with localcontext() as context:
                context.prec = 80
                fen = to_fen(amount, money_unit)
        except (InvalidOperation, MoneyError) as exc:
            raise too_large from exc
        if abs(fen) > _MAX_FEN:
            raise too_large
        return fen
    if kind == "number":
        number = parse_number(text)
        if number < 0:
            raise _Invalid(f"negative number: {text!r}")
        if number > _NUMBER_MAX:
            raise _Invalid(f"number too large: {text!r}; at most {_NUMBER_MAX:,}")
        return float(number)
    if kind == "score":
        number = parse_number(text)
        if not SCORE_MIN <= number <= SCORE_MAX:
            raise _Invalid(f"score {text} is outside 0–100")
        return number
    if kind == "decimal":
        return format(parse_number(text), "f")
    if kind == "boolean":
        return parse_boolean(text)
    if kind == "date":
        return parse_date(text)
    if kind == "enum":
        return parse_enum(text, column)
    raise AssertionError(f"unknown column kind {kind!r}")


# ---------------------------------------------------------------- descriptor


def _descriptor_meta(raw: RawPackage, problems: list[Problem]) -> PackageMeta:
    """The release fields of ``datapackage.json``, each checked."""
    descriptor, file = raw.descriptor, raw.descriptor_file
    # A missing or unreadable descriptor is reported once, not once per field.
    have_descriptor = bool(descriptor) or not any(p.is_error and p.file == file for p in problems)

    def text_field(key: str, limit: int | None, *, required: bool = False) -> str | None:
        value = descriptor.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required and have_descriptor:
                problems.append(error(file, None, key, f"missing: the package needs a {key}"))
            return None
        if not isinstance(value, str):
            problems.append(error(file, None, key, f"must be text, not {value!r}"))
            return None
        value = value.strip()
        if limit is not None and len(value) > limit:
            problems.append(error(file, None, key, f"too long: at most {limit} characters"))
            return None
        bad = bad_character(value) or ("contains a line break" if "\n" in value else None)
        if bad is not None:
            problems.append(error(file, None, key, bad))
            return None
        return value

    name = text_field("name", db_length(Release.package_name), required=True)
    title = text_field("title", db_length(Release.title))
    title_en = text_field("title_en", db_length(Release.title))
    publisher = text_field("publisher", db_length(Release.publisher), required=True)
    license_ = text_field("license", db_length(Release.license))
    licenses = descriptor.get("licenses")
    if license_ is None and isinstance(licenses, list) and licenses:
        first = licenses[0]
        if isinstance(first, dict):
            license_ = first.get("name") or first.get("title") or first.get("path")
            license_ = str(license_)[: db_length(Release.license)] if license_ else None

    money_unit = DEFAULT_MONEY_UNIT
    unit = descriptor.get("money_unit")
    if unit is not None and unit != "":
        if isinstance(unit, str) and unit.strip() in MONEY_UNITS:
            money_unit = unit.strip()
        else:
            problems.append(
                error(
                    file,
                    None,
                    "money_unit",
                    f"unknown money unit {unit!r}; use one of {', '.join(MONEY_UNITS)}",
                )
            )

    published = None
    published_text = descriptor.get("published")
    if published_text not in (None, ""):
        try:
            published = parse_date(str(published_text).strip())
        except _Invalid as exc:
            problems.append(error(file, None, "published", str(exc)))

    sources = descriptor.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(item, dict) for item in sources):
        problems.append(
            error(file, None, "sources", 'must be a list of {"title": ..., "path": ...} objects')
        )
        sources = []
    for index, item in enumerate(sources, start=1):
        message = _source_problem(item)
        if message is not None:
            problems.append(error(file, None, "sources", f"sources[{index}]: {message}"))
            sources = []
            break

    for table in raw.tables.values():
        override = table.resource.get("money_unit")
        if override is not None and not (isinstance(override, str) and override in MONEY_UNITS):
            problems.append(
                error(
                    file,
                    None,
                    "resources",
                    f"resource {table.name!r}: unknown money_unit {override!r}; "
                    f"use one of {', '.join(MONEY_UNITS)}",
                )
            )
    return PackageMeta(
        name, title, publisher, license_, published, money_unit, sources, title_en
    )


def _source_problem(item: dict[str, Any]) -> str | None:
    """Why a ``sources`` entry cannot be stored and shown, or None.

    Its texts are stored and shown like any cell; its ``path`` is a relative file name
    or a web address, never a ``javascript:`` or ``data:`` link.
    """
    stack: list[Any] = [item]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str):
            bad = bad_character(value)
            if bad is not None:
                return bad
    path = item.get("path")
    if isinstance(path, str) and ":" in path.split("/", 1)[0]:
        try:
            check_url(path.strip())
        except _Invalid as exc:
            return str(exc)
    return None


# ---------------------------------------------------------------- tables


def _header_index(
    table: RawTable, columns: tuple[Column, ...], problems: list[Problem]
) -> dict[str, int]:
    """Where each known column is in the header; missing and unknown columns reported."""
    index: dict[str, int] = {}
    known = {column.name for column in columns}
    for position, name in enumerate(table.header):
        if not name:
            problems.append(
                warning(
                    table.file, 1, None, f"column {position + 1} has no name in the header; ignored"
                )
            )
        elif name in index:
            problems.append(error(table.file, 1, name, "this column appears twice in the header"))
        elif name not in known:
            problems.append(warning(table.file, 1, name, "unknown column; ignored"))
        else:
            index[name] = position
    for column in columns:
        if column.required and column.name not in index:
            problems.append(error(table.file, 1, column.name, "missing required column"))
    return index


def _parse_table(table: RawTable, money_unit: str, problems: list[Problem]) -> list[Record]:
    """Every row of ``table`` with its cells interpreted per :data:`TABLE_COLUMNS`."""
    columns = TABLE_COLUMNS[table.name]
    index = _header_index(table, columns, problems)
    override = table.resource.get("money_unit")
    unit = override if isinstance(override, str) and override in MONEY_UNITS else money_unit
    records: list[Record] = []
    for raw_row in table.rows:
        values: dict[str, Any] = {}
        for column in columns:
            position = index.get(column.name)
            text = ""
            if position is not None and position < len(raw_row.cells):
                text = raw_row.cells[position].strip()
            if not text:
                if column.required and position is not None:
                    problems.append(
                        error(table.file, raw_row.number, column.name, "missing required value")
                    )
                values[column.name] = column.default
                continue
            try:
                values[column.name] = _parse_value(column, text, unit)
            except _Invalid as exc:
                problems.append(error(table.file, raw_row.number, column.name, str(exc)))
                values[column.name] = None
        records.append(Record(raw_row.number, values))
    return records


def _duplicates(
    file: str,
    records: list[Record],
    key_columns: tuple[str, ...],
    report_column: str,
    problems: list[Problem],
) -> dict[tuple[Any, ...], Record]:
    """Records by key; a key seen before is a duplicate-key error on the later row."""
    seen: dict[tuple[Any, ...], Record] = {}
    for record in records:
        key = tuple(record.values.get(column) for column in key_columns)
        if any(part is None for part in key):
            continue
        if key in seen:
            shown = ", ".join(f"{c}={v}" for c, v in zip(key_columns, key, strict=True))
            problems.append(
                error(
                    file,
                    record.row,
                    report_column,
                    f"duplicate key ({shown}): already on row {seen[key].row}",
                )
            )
            continue
        seen[key] = record
    return seen


def _unknown_region(code: str) -> str:
    return (
        f"unknown region_code {code}: not in the national gazetteer (GB/T 2260) "
        "nor in the package's regions.csv"
    )


def _check_region_column(
    file: str,
    records: list[Record],
    column: str,
    region_codes: Collection[str],
    problems: list[Problem],
) -> None:
    for record in records:
        code = record.values.get(column)
        if code is not None and code not in region_codes:
            problems.append(error(file, record.row, column, _unknown_region(code)))


def _check_project_reference(
    file: str,
    records: list[Record],
    projects: Mapping[tuple[Any, ...], Record] | None,
    projects_file: str,
    problems: list[Problem],
) -> None:
    """Every row must name a project-year of projects.csv (None: the file is missing,
    which is reported once, not once per row)."""
    if projects is None:
        return
    for record in records:
        year, code = record.values.get("fiscal_year"), record.values.get("project_code")
        if year is not None and code is not None and (year, code) not in projects:
            problems.append(
                error(
                    file,
                    record.row,
                    "project_code",
                    f"no project {code} for fiscal year {year} in {projects_file}",
                )
            )


def _check_regions(
    raw: RawPackage, records: list[Record], known_regions: Collection[str], problems: list[Problem]
) -> set[str]:
    """The package's regions; every parent must be known, and the tree they make with
    the regions already known (when ``known_regions`` maps code -> (level, parent))
    must stay a tree: no cycle, no province under another region, every parent above
    its child. Returns all usable codes."""
    file = raw.file_for("regions")
    package_codes = _duplicates(file, records, PRIMARY_KEYS["regions"], "region_code", problems)
    codes = set(known_regions) | {code for (code,) in package_codes}
    complete: list[Record] = []
    for record in records:
        level, parent = record.values.get("level"), record.values.get("parent_code")
        if level is not None and level != "province" and parent is None:
            problems.append(
                error(file, record.row, "parent_code", "missing: required except for provinces")
            )
        if parent is not None and parent not in codes:
            problems.append(error(file, record.row, "parent_code", _unknown_region(parent)))
        first, last = record.values.get("valid_from"), record.values.get("valid_to")
        if first is not None and last is not None and first > last:
            problems.append(
                error(
                    file,
                    record.row,
                    "valid_to",
                    f"valid_to {last} is before valid_from {first}: a region exists from "
                    "its first year to its last",
                )
            )
        if record.values.get("region_code") is not None and level is not None:
            complete.append(record)
    current = known_regions if isinstance(known_regions, Mapping) else {}
    # The first row of a duplicated code counts (the later ones are duplicate errors).
    kept = [r for r in complete if package_codes.get((r.values["region_code"],)) is r]
    overrides = [
        RegionRecord(
            r.values["region_code"],
            r.values.get("name") or "",
            r.values["level"],
            r.values.get("parent_code"),
            r.values.get("valid_from"),
            r.values.get("valid_to"),
        )
        for r in kept
    ]
    rows = {r.values["region_code"]: r.row for r in kept}
    for code, message in override_problems(current, overrides).items():
        column = "level" if message.startswith("cannot become") else "parent_code"
        problems.append(error(file, rows[code], column, message))
    return codes


def _check_indicator(file: str, record: Record, problems: list[Problem]) -> None:
    """Quantitative values must be numbers; the met / not met status is decided here."""
    values = record.values
    comparison = values.get("comparison")
    if comparison is not None and comparison != "qualitative":
        for column in ("target_value", "actual_value"):
            text = values.get(column)
            if text is not None and not _is_indicator_number(text):
                problems.append(
                    error(
                        file,
                        record.row,
                        column,
                        f"not a number: {text!r}; a quantitative indicator ({comparison}) needs "
                        "numbers (95 or 95%); use 定性 (qualitative) for a text target",
                    )
                )
        if values.get("actual_value") is not None and values.get("target_value") is None:
            problems.append(
                warning(
                    file,
                    record.row,
                    "target_value",
                    "an actual value without a target cannot be judged met",
                )
            )
    if values.get("weight") is None:
        problems.append(warning(file, record.row, "weight", "indicator without weight (分值)"))
    values["status"] = (
        domain.indicator_status(
            comparison,
            values.get("target_value"),
            values.get("actual_value"),
            values.get("weight"),
            values.get("score"),
        )
        if comparison is not None
        else None
    )


def _check_evaluation(
    file: str, record: Record, projects: Mapping[tuple[Any, ...], Record], problems: list[Problem]
) -> None:
    """Grade derived from, or checked against, the score; authority from the type."""
    values = record.values
    score: Decimal | None = values.get("score")
    grade = values.get("grade")
    if score is not None:
        derived = domain.grade_for_score(score)
        if grade is not None and grade != derived:
            problems.append(
                error(
                    file,
                    record.row,
                    "grade",
                    f"grade {domain.zh_label(domain.GRADES, grade)} ({grade}) contradicts "
                    f"the score {score}, which is {domain.zh_label(domain.GRADES, derived)} "
                    f"({derived}); leave grade empty to derive it from the score",
                )
            )
        values["grade"] = derived
        values["score"] = float(score)
    eval_type = values.get("eval_type")
    values["authority"] = EVAL_AUTHORITY.get(eval_type) if eval_type else None
    project = projects.get((values.get("fiscal_year"), values.get("project_code")))
    if project is not None and project.values.get("has_targets") is False:
        problems.append(
            warning(
                file,
                record.row,
                "project_code",
                f"evaluation of project {values['project_code']}, which has no performance "
                "targets (has_targets = false)",
            )
        )


def validate_raw(raw: RawPackage, known_regions: Collection[str]) -> ValidatedPackage:
    """Check every table of ``raw`` and interpret its values.

    ``known_regions`` are the region codes already in the database (the national
    gazetteer and earlier overrides); the package's regions.csv adds to them. A mapping
    from :func:`known_region_codes` also lets the region tree be checked.

    Why a last-resort ``except``: a package is hostile input; a check that trips on
    something unforeseen must still give a report that refuses the package, not a
    traceback. Such an error says it is the dashboard's fault, so it gets fixed.
    """
    try:
        return _validate_raw(raw, known_regions)
    except Exception as exc:
        problems = [
            *raw.problems,
            error(
                raw.source.name or str(raw.source),
                None,
                None,
                f"unexpected problem while checking the package ({type(exc).__name__}: "
                f"{exc}); nothing was imported; please report this to the dashboard's "
                "maintainers",
            ),
        ]
        empty = PackageMeta(None, None, None, None, None, DEFAULT_MONEY_UNIT, [])
        return ValidatedPackage(raw, empty, {}, problems)


def _validate_raw(raw: RawPackage, known_regions: Collection[str]) -> ValidatedPackage:
    problems = list(raw.problems)
    if not raw.readable:
        empty = PackageMeta(None, None, None, None, None, DEFAULT_MONEY_UNIT, [])
        return ValidatedPackage(raw, empty, {}, problems)
    meta = _descriptor_meta(raw, problems)
    for table in REQUIRED_TABLES:
        if table not in raw.tables and not any(
            p.is_error and p.file == raw.file_for(table) for p in problems
        ):
            problems.append(
                error(raw.file_for(table), None, None, "missing: this table is required")
            )
    records = {
        table: _parse_table(raw.tables[table], meta.money_unit, problems)
        for table in TABLE_NAMES
        if table in raw.tables
    }

    region_codes = _check_regions(raw, records.get("regions", []), known_regions, problems)

    departments_file = raw.file_for("departments")
    department_records = records.get("departments", [])
    departments = _duplicates(
        departments_file,
        department_records,
        PRIMARY_KEYS["departments"],
        "department_code",
        problems,
    )
    _check_region_column(
        departments_file, department_records, "region_code", region_codes, problems
    )

    projects_file = raw.file_for("projects")
    project_records = records.get("projects", [])
    projects = _duplicates(
        projects_file, project_records, PRIMARY_KEYS["projects"], "project_code", problems
    )
    known_projects = projects if "projects" in raw.tables else None
    _check_region_column(projects_file, project_records, "region_code", region_codes, problems)
    for record in project_records:
        values = record.values
        department = values.get("department_code")
        if (
            department is not None
            and "departments" in raw.tables
            and ((department,) not in departments)
        ):
            problems.append(
                error(
                    projects_file,
                    record.row,
                    "department_code",
                    f"unknown department_code {department}: not in {departments_file}",
                )
            )
        spent, budget = values.get("spent"), values.get("budget_adjusted")
        if spent is not None and budget is not None and spent > budget:
            problems.append(
                warning(projects_file, record.row, "spent", "spent is above budget_adjusted")
            )

    if "indicators" in records:
        file = raw.file_for("indicators")
        _check_project_reference(
            file, records["indicators"], known_projects, projects_file, problems
        )
        _duplicates(
            file,
            records["indicators"],
            PRIMARY_KEYS["indicators"],
            "indicator_code",
            problems,
        )
        for record in records["indicators"]:
            _check_indicator(file, record, problems)

    evaluations: dict[tuple[Any, ...], Record] = {}
    if "evaluations" in records:
        file = raw.file_for("evaluations")
        evaluations = _duplicates(
            file, records["evaluations"], PRIMARY_KEYS["evaluations"], "evaluation_id", problems
        )
        _check_project_reference(
            file, records["evaluations"], known_projects, projects_file, problems
        )
        for record in records["evaluations"]:
            _check_evaluation(file, record, projects, problems)

    if "applications" in records:
        file = raw.file_for("applications")
        evaluations_file = raw.file_for("evaluations")
        for record in records["applications"]:
            evaluation_id = record.values.get("evaluation_id")
            # Like project references: when evaluations.csv itself could not be read, its
            # own error says so once, instead of one error per application row.
            if (
                evaluation_id is not None
                and "evaluations" in raw.tables
                and (evaluation_id,) not in evaluations
            ):
                problems.append(
                    error(
                        file,
                        record.row,
                        "evaluation_id",
                        f"no evaluation {evaluation_id} in {evaluations_file}",
                    )
                )

    if "monitoring" in records:
        file = raw.file_for("monitoring")
        _check_project_reference(
            file, records["monitoring"], known_projects, projects_file, problems
        )

    if "reported_figures" in records:
        file = raw.file_for("reported_figures")
        _check_region_column(
            file, records["reported_figures"], "region_code", region_codes, problems
        )

    years = {
        record.values["fiscal_year"]
        for table in ("projects", "reported_figures")
        for record in records.get(table, [])
        if record.values.get("fiscal_year") is not None
    }
    return ValidatedPackage(raw, meta, records, problems, sorted(years))


def known_region_codes(conn: Connection) -> dict[str, tuple[str, str | None]]:
    """Every region code in the database (gazetteer and earlier overrides), each with its
    (level, parent_code), so that a package's regions.csv is checked against the tree
    it would change."""
    return {
        code: (level, parent)
        for code, level, parent in conn.execute(
            select(Region.code, Region.level, Region.parent_code)
        )
    }


# The columns of regions.csv that give a region's years of validity.
_YEARS: tuple[str, ...] = ("valid_from", "valid_to")
# The package tables whose ``region_code`` says which regions a package publishes for.
_PUBLISHING_TABLES: tuple[str, ...] = ("departments", "projects", "reported_figures")


def region_problems(conn: Connection, validated: ValidatedPackage) -> list[Problem]:
    """What the package's regions.csv may not do to the region tree others rely on.

    The rule (docs/publishing.md, regions.csv): regions are the gazetteer's. A package
    may list a region exactly as it is stored (nothing changes), and may ADD a region
    that is not in the tree (an abolished county, say) if it publishes for it: the new
    region, or a region above it, is the ``region_code`` of one of the package's
    departments, projects or reported figures. It may not change the name, level or
    parent of any region it did not add: not a gazetteer region, not one another
    publisher added. A region it added itself keeps its level and parent (the 全辖
    figures of every release already published depend on them), and it may be renamed
    only while no other publisher's data lies in it or below it: the new name is
    versioned by the release (``schema.RegionName``), so pages pinned to an earlier
    release keep the name they were published with.

    Why: the region tree is shared by every publisher. Before this rule a second
    publisher's county package renamed a province, and the first publisher's pages,
    pinned releases included, showed the new name.
    """
    from data_access.regions import in_gazetteer

    publisher = validated.meta.publisher
    records = validated.records.get("regions", [])
    if publisher is None or not records:
        return []
    file = validated.raw.file_for("regions")
    refused = {(p.file, p.row) for p in validated.problems if p.is_error}
    rows = [
        r
        for r in records
        if r.values.get("region_code") is not None and (file, r.row) not in refused
    ]
    parents: dict[str, str | None] = {}
    stored: dict[str, tuple[str, str, str | None, str, int | None, int | None]] = {}
    for code, name, level, parent, source, first, last in conn.execute(
        select(
            Region.code,
            Region.name,
            Region.level,
            Region.parent_code,
            Region.source,
            Region.valid_from,
            Region.valid_to,
        )
    ):
        parents[code] = parent
        stored[code] = (name, level, parent, source, first, last)
    for record in records:
        added = record.values.get("region_code")
        if added is not None and added not in stored:
            parents.setdefault(added, record.values.get("parent_code"))
    used: set[str] = {
        r.values["region_code"]
        for table in _PUBLISHING_TABLES
        for r in validated.records.get(table, [])
        if r.values.get("region_code") is not None
    }
    problems: list[Problem] = []
    seen: set[str] = set()
    for record in rows:
        values = record.values
        code = values["region_code"]
        if code in seen:
            continue  # a duplicate row, reported as such
        seen.add(code)
        if code not in stored:
            if not _publishes_for(code, parents, used):
                problems.append(
                    error(
                        file,
                        record.row,
                        "region_code",
                        f"region {code} is new, but none of this package's departments, "
                        "projects or reported figures is in it or in a region above it: a "
                        "package adds only regions it publishes for",
                    )
                )
            continue
        name, level, parent, source, valid_from, valid_to = stored[code]
        given = {
            "name": values.get("name"),
            "level": values.get("level"),
            "parent_code": values.get("parent_code"),
            "valid_from": values.get("valid_from"),
            "valid_to": values.get("valid_to"),
        }
        was = {
            "name": name,
            "level": level,
            "parent_code": parent,
            "valid_from": valid_from,
            "valid_to": valid_to,
        }
        # Years left empty are not stated: they keep the stored ones.
        changed = [
            column
            for column in given
            if given[column] != was[column]
            and not (column in _YEARS and given[column] is None)
        ]
        if not changed:
            continue
        moved = [column for column in changed if column not in ("name", *_YEARS)]
        column = (moved or changed)[0]
        change = f"{column} {was[column] or '(none)'} → {given[column] or '(none)'}"
        if in_gazetteer(code) or source != publisher:
            owner = (
                "the national gazetteer (GB/T 2260)"
                if in_gazetteer(code) or source == "gazetteer"
                else f"publisher {source}"
            )
            problems.append(
                error(
                    file,
                    record.row,
                    column,
                    f"region {code} {name} belongs to {owner}: a package may not rename, re-level "
                    f"or move it, nor change its years ({change}); list it unchanged or leave "
                    "it out",
                )
            )
        elif moved:
            problems.append(
                error(
                    file,
                    record.row,
                    column,
                    f"region {code} {name} was added by this publisher in an earlier "
                    f"release; its level and parent are published and stay ({change}); "
                    "only its name and years may change",
                )
            )
        elif "name" in changed:
            # Years only decide which regions a year lists, never what data shows.
            other = _other_publisher_below(conn, code, publisher)
            if other is not None:
                problems.append(
                    error(
                        file,
                        record.row,
                        "name",
                        f"region {code} {name} holds data of {other}: renaming it would "
                        f"change what {other} publishes ({change})",
                    )
                )
    return problems


def _publishes_for(code: str, parents: Mapping[str, str | None], used: Collection[str]) -> bool:
    """Whether ``code`` or a region above it is one the package publishes for."""
    seen: set[str] = set()
    current: str | None = code
    while current is not None and current not in seen:
        if current in used:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


def _other_publisher_below(conn: Connection, code: str, publisher: str) -> str | None:
    """A publisher other than ``publisher`` with data (of any release) in ``code`` or a
    region below it, or None."""
    below = select(RegionAncestor.descendant_code).where(RegionAncestor.ancestor_code == code)
    for table in (ProjectYear, ReportedFigure, Department):
        other = conn.execute(
            select(table.publisher)
            .where(table.region_code.in_(below), table.publisher != publisher)
            .limit(1)
        ).scalar_one_or_none()
        if other is not None:
            return str(other)
    return None


def department_problems(conn: Connection, validated: ValidatedPackage) -> list[Problem]:
    """A package defines only its own departments: a department code that another
    publisher already uses for the same government (``region_code``) may be listed
    only under the name that publisher gave it, as a known region may be listed only
    unchanged (:func:`region_problems`).

    Why: departments are keyed by publisher, so another package cannot rename one in
    place, but a department of the same code in the same government under another name
    would be a second name for it on every page, link and search that finds a
    department by its code there (``queries.find_department``), the first publisher's
    pages included (issue 23). A publisher renames its own departments; the names are
    versioned by release (``schema.DepartmentName``).
    """
    publisher = validated.meta.publisher
    records = validated.records.get("departments", [])
    if publisher is None or not records:
        return []
    file = validated.raw.file_for("departments")
    wanted = {
        (r.values.get("department_code"), r.values.get("region_code")): r
        for r in reversed(records)
        if r.values.get("department_code") is not None
    }
    codes = sorted({str(code) for code, _region in wanted})
    problems: list[Problem] = []
    for start in range(0, len(codes), 500):
        taken = conn.execute(
            select(Department.code, Department.region_code, Department.name, Department.publisher)
            .where(
                Department.code.in_(codes[start : start + 500]),
                Department.publisher != publisher,
            )
            .order_by(Department.id)
        )
        for code, region, name, other in taken:
            record = wanted.get((code, region))
            if record is None or record.values.get("name") == name:
                continue
            del wanted[(code, region)]
            problems.append(
                error(
                    file,
                    record.row,
                    "name",
                    f"department {code} of region {region} is {name} of publisher {other}: "
                    "a package defines only its own departments and may not rename "
                    f"another's (name {name} → {record.values.get('name')}); list it "
                    "unchanged or give this one a code of its own",
                )
            )
    return sorted(problems, key=lambda p: p.row or 0)


def database_problems(conn: Connection, validated: ValidatedPackage) -> list[Problem]:
    """What the package would break in the data already published.

    - regions.csv may add regions the package publishes for and rename only its own
      (:func:`region_problems`); departments.csv defines only the publisher's own
      departments (:func:`department_problems`).
    - A project code may be published for a year by one publisher only.
    - An evaluation_id is unique per publisher; one already used in a year that this
      package does not replace cannot be used again.

    Only live rows count (``retired_by IS NULL``): retired rows are history of earlier
    releases, not published data this package could clash with.
    """
    publisher, years = validated.meta.publisher, validated.fiscal_years
    problems = region_problems(conn, validated) + department_problems(conn, validated)
    if publisher is None or not years:
        return problems
    projects_file = validated.raw.file_for("projects")
    package_projects = {
        (record.values.get("fiscal_year"), record.values.get("project_code")): record
        for record in validated.records.get("projects", [])
    }
    taken = conn.execute(
        select(ProjectYear.fiscal_year, ProjectYear.project_code, ProjectYear.publisher).where(
            ProjectYear.fiscal_year.in_(years),
            ProjectYear.publisher != publisher,
            ProjectYear.retired_by.is_(None),
        )
    )
    for year, code, other in taken:
        record = package_projects.get((year, code))
        if record is not None:
            problems.append(
                error(
                    projects_file,
                    record.row,
                    "project_code",
                    f"project {code} of fiscal year {year} is already published by {other}; "
                    "a project code belongs to one publisher in a year",
                )
            )

    package_evaluations = {
        record.values.get("evaluation_id"): record
        for record in validated.records.get("evaluations", [])
    }
    if package_evaluations:
        evaluations_file = validated.raw.file_for("evaluations")
        used = conn.execute(
            select(Evaluation.evaluation_code, ProjectYear.fiscal_year)
            .join(ProjectYear, Evaluation.project_year_id == ProjectYear.id)
            .where(
                Evaluation.publisher == publisher,
                ProjectYear.fiscal_year.not_in(years),
                ProjectYear.retired_by.is_(None),
            )
        )
        for code, year in used:
            record = package_evaluations.get(code)
            if record is not None:
                problems.append(
                    error(
                        evaluations_file,
                        record.row,
                        "evaluation_id",
                        f"evaluation_id {code} is already used by {publisher} for fiscal year "
                        f"{year}, which this package does not replace",
                    )
                )
    return problems
