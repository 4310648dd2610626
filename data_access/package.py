"""Reading a published-results package into raw tables, whatever its container.

A package reaches us as a folder, a ``.zip`` or an ``.xlsx`` workbook (DATA_CONTRACT.md,
"Containers"). This module turns each of them into the same thing: the
``datapackage.json`` fields and, per table, the header and the rows as text with the row
numbers a publisher sees in a spreadsheet (header = row 1). Checking the values is the
job of :mod:`data_access.validation`; here we only deal with containers, file names and
encodings, and report what cannot be read as problems rather than exceptions, so that
one report lists everything.

Why zips are read in memory: a member named ``../evil.csv`` must never be written
anywhere; nothing is extracted to disk, unsafe names are refused as errors.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from data_access.problems import Problem, error, warning

DESCRIPTOR = "datapackage.json"
# Every table the contract defines, in the order they are checked and imported.
TABLE_NAMES: tuple[str, ...] = (
    "regions",
    "departments",
    "projects",
    "indicators",
    "evaluations",
    "applications",
    "monitoring",
    "reported_figures",
)
PACKAGE_SHEET = "package"
# A package is a few files of tables; anything near this size is a mistake or an attack.
MAX_PACKAGE_BYTES = 512 * 1024 * 1024
# Names that archivers and desktops add and nobody publishes on purpose.
_JUNK_PARTS = ("__MACOSX",)
# Declared encodings read as GB18030, the superset of the GBK / GB2312 family.
_GB_FAMILY = {"gb18030", "gbk", "gb2312", "cp936", "ms936", "euc-cn", "hz"}

Container = Literal["folder", "zip", "xlsx"]


@dataclass(frozen=True)
class RawRow:
    """One non-empty data row: its spreadsheet row number and its cells as text."""

    number: int
    cells: tuple[str, ...]


@dataclass
class RawTable:
    """A table as read from the package, before any value is interpreted.

    ``header`` holds the column names as written (stripped, lower-cased); ``resource``
    the table's entry in ``datapackage.json`` (``money_unit`` override, ...), or {}.
    """

    name: str
    file: str
    header: list[str]
    rows: list[RawRow]
    resource: dict[str, Any] = field(default_factory=dict)


@dataclass
class RawPackage:
    """Everything read from one package, and what could not be read."""

    source: Path
    container: Container
    descriptor: dict[str, Any]
    descriptor_file: str
    tables: dict[str, RawTable]
    checksum: str
    problems: list[Problem]
    # Table name -> the file the publisher would look for (for "missing" messages).
    expected_files: dict[str, str] = field(default_factory=dict)
    # False when the container itself could not be opened (then nothing else is checked).
    readable: bool = True

    def file_for(self, table: str) -> str:
        """The file (or sheet) that holds, or should hold, ``table``."""
        if table in self.tables:
            return self.tables[table].file
        return self.expected_files.get(table, f"{table}.csv")


def read_package(path: str | Path) -> RawPackage:
    """Read the package at ``path`` (folder, ``.zip`` or ``.xlsx``) into raw tables."""
    source = Path(path)
    if source.is_dir():
        try:
            files = _folder_files(source)
        except _Unreadable as exc:
            return _unreadable(source, str(exc))
        return _read_file_package(source, "folder", files, [])
    if not source.exists():
        return _unreadable(source, f"no such file or folder: {source}")
    suffix = source.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_workbook(source)
    if suffix == ".zip" or zipfile.is_zipfile(source):
        try:
            files, problems = _zip_files(source)
        except _Unreadable as exc:
            return _unreadable(source, str(exc), "zip")
        return _read_file_package(source, "zip", files, problems)
    return _unreadable(source, "a package must be a folder, a .zip file or an .xlsx workbook")


def package_checksum(files: dict[str, bytes]) -> str:
    """SHA-256 over the package's files: sorted names, each with its length and bytes.

    Why this shape: the same files give the same checksum whether they came in a folder
    or a zip (with or without a top folder), and no two file sets can collide by moving
    bytes from the end of one file to the start of the next.
    """
    digest = hashlib.sha256()
    for name in sorted(files):
        data = files[name]
        encoded = name.encode("utf-8")
        digest.update(len(encoded).to_bytes(8, "big"))
        digest.update(encoded)
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class _Unreadable(Exception):
    """The container itself cannot be read: nothing inside it can be checked."""


def _unreadable(source: Path, message: str, container: Container = "folder") -> RawPackage:
    """A package of which nothing could be read: one error, and nothing else to check."""
    return RawPackage(
        source=source,
        container=container,
        descriptor={},
        descriptor_file=source.name or str(source),
        tables={},
        checksum=package_checksum({}),
        problems=[error(source.name or str(source), None, None, message)],
        readable=False,
    )


# ---------------------------------------------------------------- folder and zip


def _is_junk(parts: Iterable[str]) -> bool:
    return any(part.startswith(".") or part in _JUNK_PARTS for part in parts)


def _folder_files(root: Path) -> dict[str, bytes]:
    """Every regular file under ``root`` by its relative POSIX name (hidden ones skipped)."""
    found: dict[str, Path] = {}
    for item in sorted(root.rglob("*")):
        relative = item.relative_to(root)
        if not _is_junk(relative.parts) and item.is_file():
            found[relative.as_posix()] = item
    total = sum(item.stat().st_size for item in found.values())
    if total > MAX_PACKAGE_BYTES:
        raise _Unreadable(
            f"the folder holds {total:,} bytes, more than the {MAX_PACKAGE_BYTES:,} "
            "a package may hold"
        )
    return {name: item.read_bytes() for name, item in found.items()}


def _unsafe_member(name: str) -> bool:
    """Whether a zip member name would land outside the folder it is extracted to."""
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return True
    return any(part == ".." for part in name.replace("\\", "/").split("/"))


def _zip_files(source: Path) -> tuple[dict[str, bytes], list[Problem]]:
    """The members of a zip, in memory, with a single top folder stripped if there is one."""
    label = source.name
    problems: list[Problem] = []
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _Unreadable(f"not a readable zip file: {exc}") from exc
    members: dict[str, zipfile.ZipInfo] = {}
    with archive:
        total = 0
        for info in archive.infolist():
            if info.is_dir():
                continue
            if _unsafe_member(info.filename):
                problems.append(
                    error(
                        label,
                        None,
                        None,
                        f"zip entry {info.filename!r} would land outside the package "
                        "(absolute path or '..'); such a package is refused",
                    )
                )
                continue
            name = info.filename.replace("\\", "/")
            if _is_junk(PurePosixPath(name).parts):
                continue
            total += info.file_size
            members[name] = info
        if total > MAX_PACKAGE_BYTES:
            raise _Unreadable(
                f"the zip unpacks to {total:,} bytes, more than the "
                f"{MAX_PACKAGE_BYTES:,} a package may hold"
            )
        files: dict[str, bytes] = {}
        for name, info in members.items():
            try:
                files[name] = archive.read(info)
            except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as exc:
                # RuntimeError: an encrypted entry; NotImplementedError: an unknown method.
                problems.append(error(label, None, None, f"cannot read zip entry {name!r}: {exc}"))
    return _strip_top_folder(files), problems


def _strip_top_folder(files: dict[str, bytes]) -> dict[str, bytes]:
    """Files at the zip root stay; files all inside one top folder lose that folder."""
    if DESCRIPTOR in files or not files:
        return files
    tops = {name.split("/", 1)[0] for name in files}
    if len(tops) == 1 and all("/" in name for name in files):
        return {name.split("/", 1)[1]: data for name, data in files.items()}
    return files


def _read_file_package(
    source: Path, container: Container, files: dict[str, bytes], problems: list[Problem]
) -> RawPackage:
    """Descriptor and tables of a package given as named files (folder or zip)."""
    descriptor = _read_descriptor(files, problems)
    resources = _resources_by_table(descriptor, files, problems)
    tables: dict[str, RawTable] = {}
    expected: dict[str, str] = {}
    for table in TABLE_NAMES:
        resource = resources.get(table)
        path = resource.get("path") if resource else f"{table}.csv"
        expected[table] = str(path)
        if resource is None and path not in files:
            continue
        if path not in files:
            problems.append(
                error(
                    path,
                    None,
                    None,
                    f"missing: {DESCRIPTOR} lists it as resource {table!r}, "
                    "but the package has no such file",
                )
            )
            continue
        if resource is None:
            if descriptor.get("resources"):
                problems.append(
                    warning(
                        path,
                        None,
                        None,
                        f"not listed in the resources of {DESCRIPTOR}; read as table {table!r}",
                    )
                )
            resource = {"name": table, "path": path}
        text = _decode_file(path, files[path], resource.get("encoding"), problems)
        if text is None:
            continue
        delimiter = _delimiter(resource, problems)
        parsed = _parse_csv(path, text, delimiter, problems)
        if parsed is not None:
            header, rows = parsed
            tables[table] = RawTable(table, path, header, rows, resource)
    used = {table.file for table in tables.values()} | {DESCRIPTOR}
    for name in sorted(files):
        if name.lower().endswith(".csv") and name not in used and name not in expected.values():
            problems.append(warning(name, None, None, "not a table of the package format; ignored"))
    return RawPackage(
        source=source,
        container=container,
        descriptor=descriptor,
        descriptor_file=DESCRIPTOR,
        tables=tables,
        checksum=package_checksum(files),
        problems=problems,
        expected_files=expected,
    )


def _read_descriptor(files: dict[str, bytes], problems: list[Problem]) -> dict[str, Any]:
    """The parsed ``datapackage.json``, or {} with the reason recorded."""
    if DESCRIPTOR not in files:
        problems.append(
            error(DESCRIPTOR, None, None, f"missing: every package needs a {DESCRIPTOR}")
        )
        return {}
    text = _decode_file(DESCRIPTOR, files[DESCRIPTOR], None, problems)
    if text is None:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(
            error(DESCRIPTOR, exc.lineno, None, f"not valid JSON: {exc.msg} (column {exc.colno})")
        )
        return {}
    if not isinstance(value, dict):
        problems.append(error(DESCRIPTOR, None, None, "must be a JSON object {...}"))
        return {}
    return value


def _resources_by_table(
    descriptor: dict[str, Any], files: dict[str, bytes] | None, problems: list[Problem]
) -> dict[str, dict[str, Any]]:
    """The ``resources`` entries of the descriptor by table name, each with a safe path.

    ``files`` is None for a workbook, where a resource names a sheet and has no path.
    """
    declared = descriptor.get("resources")
    if declared is None:
        return {}
    if not isinstance(declared, list):
        problems.append(
            error(DESCRIPTOR, None, "resources", "must be a list of {name, path} objects")
        )
        return {}
    found: dict[str, dict[str, Any]] = {}
    for index, entry in enumerate(declared, start=1):
        where = f"resources[{index}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            problems.append(error(DESCRIPTOR, None, where, "must be an object with a name"))
            continue
        name = entry["name"].strip().lower()
        if name not in TABLE_NAMES:
            problems.append(
                warning(
                    DESCRIPTOR,
                    None,
                    where,
                    f"unknown table {entry['name']!r} is ignored; the tables are "
                    + ", ".join(TABLE_NAMES),
                )
            )
            continue
        if name in found:
            problems.append(error(DESCRIPTOR, None, where, f"table {name!r} is listed twice"))
            continue
        resource = dict(entry)
        if files is not None:
            path = entry.get("path", f"{name}.csv")
            if not isinstance(path, str) or not path.strip():
                problems.append(
                    error(DESCRIPTOR, None, where, "path must be one file name, e.g. projects.csv")
                )
                continue
            path = path.strip().replace("\\", "/")
            if "://" in path:
                problems.append(
                    error(DESCRIPTOR, None, where, f"path {path!r}: remote files are not read")
                )
                continue
            if _unsafe_member(path):
                problems.append(
                    error(DESCRIPTOR, None, where, f"path {path!r} points outside the package")
                )
                continue
            resource["path"] = path.removeprefix("./")
        found[name] = resource
    return found


def _delimiter(resource: dict[str, Any], problems: list[Problem]) -> str:
    """The CSV delimiter: a comma unless the resource's Frictionless dialect says otherwise."""
    dialect = resource.get("dialect")
    if isinstance(dialect, dict) and "delimiter" in dialect:
        value = dialect["delimiter"]
        if isinstance(value, str) and len(value) == 1:
            return value
        problems.append(
            error(
                DESCRIPTOR, None, "resources", f"dialect.delimiter must be one character: {value!r}"
            )
        )
    return ","


# ---------------------------------------------------------------- encodings


def _canonical_encoding(name: str) -> str | None:
    """Python's codec name for a declared encoding, or None if Python has no such codec."""
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        return None


def _decode_file(file: str, data: bytes, declared: Any, problems: list[Problem]) -> str | None:
    """The text of a file: declared encoding, else UTF-8 (BOM accepted), else detected.

    Why the order: UTF-8 is the default of the format; GB18030 (and GBK, its subset) is
    what Chinese office software writes when saving CSV; anything else is detected by
    charset-normalizer and read with a warning, since detection can be wrong.
    """
    if declared is not None and not (isinstance(declared, str) and declared.strip()):
        problems.append(
            error(file, None, None, f"encoding must be a name such as utf-8: {declared!r}")
        )
        return None
    if declared:
        codec = _canonical_encoding(declared)
        if codec is None:
            problems.append(
                error(file, None, None, f"unknown encoding {declared!r}; use utf-8 or gb18030")
            )
            return None
        if codec in _GB_FAMILY or declared.strip().lower() in _GB_FAMILY:
            codec = "gb18030"
        if codec == "utf-8":
            codec = "utf-8-sig"
        try:
            return data.decode(codec).removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            problems.append(
                error(
                    file,
                    None,
                    None,
                    f"cannot be decoded as the declared encoding {declared!r}: "
                    f"invalid byte {data[exc.start]:#04x} at byte {exc.start}; "
                    "save the file as UTF-8 or declare its real encoding",
                )
            )
            return None
    return _detect_and_decode(file, data, problems)


def _detect_and_decode(file: str, data: bytes, problems: list[Problem]) -> str | None:
    """Decode a file whose encoding is not declared."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16").removeprefix("\ufeff")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if b"\x00" not in data:
        try:
            return data.decode("gb18030").removeprefix("\ufeff")
        except UnicodeDecodeError:
            pass
        guess = _charset_normalizer_guess(data)
        if guess is not None:
            text, encoding = guess
            problems.append(
                warning(
                    file,
                    None,
                    None,
                    f"encoding not declared and the file is neither UTF-8 nor GB18030; "
                    f"read as {encoding}: check the text, or declare the encoding",
                )
            )
            return text
    problems.append(
        error(
            file,
            None,
            None,
            "cannot be decoded as text (not UTF-8, not GB18030); "
            "save it as CSV UTF-8, or declare its encoding in datapackage.json",
        )
    )
    return None


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's best reading of ``data``, if it finds a plausible one."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    return str(best).removeprefix("\ufeff"), best.encoding


# ---------------------------------------------------------------- CSV


def _parse_csv(
    file: str, text: str, delimiter: str, problems: list[Problem]
) -> tuple[list[str], list[RawRow]] | None:
    """Header and non-empty rows of a CSV text, numbered as in a spreadsheet.

    A quoted cell may span lines; it is still one row, as a spreadsheet shows it, so the
    row number counts records, not lines.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(enumerate(reader, start=1))
    except csv.Error as exc:
        problems.append(error(file, reader.line_num or None, None, f"not valid CSV: {exc}"))
        return None
    return _header_and_rows(file, records, problems)


def _header_and_rows(
    file: str, records: list[tuple[int, list[str]]], problems: list[Problem]
) -> tuple[list[str], list[RawRow]] | None:
    """Split numbered records into the header (row 1) and the non-empty data rows."""
    if not records or not any(cell.strip() for cell in records[0][1]):
        problems.append(error(file, 1, None, "row 1 must be the header with the column names"))
        return None
    header = [cell.strip().removeprefix("\ufeff").strip().lower() for cell in records[0][1]]
    while header and not header[-1]:
        header.pop()
    rows: list[RawRow] = []
    for number, cells in records[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        if any(cell.strip() for cell in cells[len(header) :]):
            problems.append(
                error(
                    file,
                    number,
                    None,
                    f"the row has {len(cells)} cells but the header has {len(header)} columns",
                )
            )
        rows.append(RawRow(number, tuple(cells[: len(header)])))
    return header, rows


# ---------------------------------------------------------------- workbook


def _read_workbook(source: Path) -> RawPackage:
    """Descriptor (sheet ``package``) and tables (one sheet each) of an .xlsx workbook."""
    from openpyxl import load_workbook

    book_name = source.name
    problems: list[Problem] = []
    data = source.read_bytes()
    checksum = package_checksum({book_name: data})
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of exception for a bad file
        return _unreadable(source, f"cannot be read as an Excel workbook: {exc}", "xlsx")

    def sheet_file(sheet: str) -> str:
        return f"{book_name}[{sheet}]"

    try:
        sheets = {name.strip().lower(): workbook[name] for name in workbook.sheetnames}
        descriptor_file = sheet_file(PACKAGE_SHEET)
        descriptor: dict[str, Any] = {}
        if PACKAGE_SHEET in sheets:
            descriptor_file = sheet_file(sheets[PACKAGE_SHEET].title)
            descriptor = _sheet_descriptor(descriptor_file, sheets[PACKAGE_SHEET], problems)
        else:
            problems.append(
                error(
                    descriptor_file,
                    None,
                    None,
                    f"missing: the workbook needs a sheet {PACKAGE_SHEET!r} with columns "
                    "key, value holding the datapackage.json fields",
                )
            )
        resource_problems: list[Problem] = []
        resources = _resources_by_table(descriptor, None, resource_problems)
        problems.extend(
            Problem(p.severity, descriptor_file, p.row, p.column, p.message)
            for p in resource_problems
        )
        tables: dict[str, RawTable] = {}
        expected = {table: sheet_file(table) for table in TABLE_NAMES}
        for key, sheet in sheets.items():
            if key == PACKAGE_SHEET:
                continue
            file = sheet_file(sheet.title)
            if key not in TABLE_NAMES:
                problems.append(
                    warning(file, None, None, "not a table of the package format; ignored")
                )
                continue
            parsed = _header_and_rows(file, _sheet_records(sheet), problems)
            if parsed is not None:
                header, rows = parsed
                resource = resources.get(key, {"name": key})
                tables[key] = RawTable(key, file, header, rows, resource)
    finally:
        workbook.close()
    return RawPackage(
        source=source,
        container="xlsx",
        descriptor=descriptor,
        descriptor_file=descriptor_file,
        tables=tables,
        checksum=checksum,
        problems=problems,
        expected_files=expected,
    )


def _sheet_records(sheet: Any) -> list[tuple[int, list[str]]]:
    """Every row of a sheet as text, numbered as Excel shows it.

    Why reset the dimensions: some programs write a wrong used-range into the file, and
    a read-only sheet would then silently drop the cells outside it.
    """
    sheet.reset_dimensions()
    return [
        (number, [_cell_text(cell) for cell in row])
        for number, row in enumerate(sheet.iter_rows(), start=1)
    ]


# Descriptor fields whose workbook value is JSON text rather than a plain string.
_JSON_FIELDS = {"sources", "resources", "licenses", "contributors", "keywords"}


def _sheet_descriptor(file: str, sheet: Any, problems: list[Problem]) -> dict[str, Any]:
    """The ``package`` sheet (key, value rows) as a datapackage.json dictionary."""
    parsed = _header_and_rows(file, _sheet_records(sheet), problems)
    if parsed is None:
        return {}
    header, rows = parsed
    if "key" not in header or "value" not in header:
        problems.append(error(file, 1, None, "the header must be: key, value"))
        return {}
    key_at, value_at = header.index("key"), header.index("value")
    descriptor: dict[str, Any] = {}
    for row in rows:
        cells = list(row.cells) + [""] * (len(header) - len(row.cells))
        key, value = cells[key_at].strip(), cells[value_at].strip()
        if not key:
            problems.append(error(file, row.number, "key", "a value without a key"))
            continue
        if key in descriptor:
            problems.append(error(file, row.number, "key", f"key {key!r} is given twice"))
            continue
        if key in _JSON_FIELDS and value[:1] in ("[", "{"):
            try:
                descriptor[key] = json.loads(value)
            except json.JSONDecodeError as exc:
                problems.append(error(file, row.number, "value", f"not valid JSON: {exc.msg}"))
            continue
        descriptor[key] = value
    return descriptor


def _cell_text(cell: Any) -> str:
    """A workbook cell as the text the same value would have in a CSV file.

    Why: the CSV and the workbook form of one package must import identically, so a
    number typed into Excel (86.5, 36000017001) or a date cell reads exactly as the CSV
    text would, and a cell formatted as a percentage reads as ``95%``.
    """
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        number = Decimal(repr(value))
        percent = "%" in (getattr(cell, "number_format", "") or "")
        if percent:
            number *= 100
        if number == number.to_integral():
            text = str(int(number))
        else:
            text = format(number.normalize(), "f")
        return f"{text}%" if percent else text
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
