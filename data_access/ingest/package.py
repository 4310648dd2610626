"""Reading a published-results package into raw tables, whatever its container.

A package reaches us as a folder, a ``.zip`` or an ``.xlsx`` workbook (DATA_CONTRACT.md,
"Containers"). This module turns each of them into the same thing: the
``datapackage.json`` fields and, per table, the header and the rows as text with the row
numbers a publisher sees in a spreadsheet (header = row 1). Checking the values is the
job of :mod:`data_access.ingest.validation`; here we only deal with containers, file names and
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
import os
import re
import stat
import zipfile
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from data_access.ingest.columns import TABLES
from data_access.ingest.limits import (
    ENCODING_SAMPLE_BYTES,
    MAX_COLUMNS,
    MAX_DESCRIPTOR_BYTES,
    MAX_DESCRIPTOR_DEPTH,
    MAX_ZIP_ENTRIES,
    READ_CHUNK_BYTES,
    mb,
)
from data_access.ingest.limits import max_rows_per_file as _max_rows
from data_access.ingest.limits import max_unpacked_bytes as _max_bytes
from data_access.ingest.problems import Problem, error, warning

DESCRIPTOR = "datapackage.json"
# Every table the contract defines, in the order they are checked and imported.
TABLE_NAMES: tuple[str, ...] = tuple(TABLES)
PACKAGE_SHEET = "package"
# Kept for callers of the old name; the limit itself lives in data_access.ingest.limits.
# Names that archivers and desktops add and nobody publishes on purpose.
_JUNK_PARTS = ("__MACOSX",)
# Declared encodings read as GB18030, the superset of the GBK / GB2312 family.
_GB_FAMILY = {"gb18030", "gbk", "gb2312", "cp936", "ms936", "euc-cn", "hz"}
# Delimiters a CSV may declare (dialect.delimiter): the ones spreadsheets write.
_DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
# Short cells (codes, years, labels) repeat on every row: one string object each.
_INTERN_CHARS = 40
_SYMLINK = (
    "a symbolic link: refused and not read; a package folder must hold the files "
    "themselves (links could point anywhere on the importing machine)"
)

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
    try:
        return _read_any(source)
    except (MemoryError, RecursionError) as exc:
        return _unreadable(source, f"too large or too deeply nested to read ({type(exc).__name__})")
    except Exception as exc:  # a last resort: a report, never a traceback
        return _unreadable(
            source,
            f"unexpected problem while reading the package ({type(exc).__name__}: {exc}); "
            "nothing was imported; please report this to the dashboard's maintainers",
        )


def _read_any(source: Path) -> RawPackage:
    if source.is_dir():
        problems: list[Problem] = []
        try:
            files, refused = _folder_files(source, problems)
        except _Unreadable as exc:
            return _unreadable(source, str(exc))
        return _read_file_package(source, "folder", files, problems, refused)
    if not source.exists():
        return _unreadable(source, f"no such file or folder: {source}")
    if not source.is_file():
        return _unreadable(source, "a package must be a folder, a .zip file or an .xlsx workbook")
    suffix = source.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_workbook(source)
    if suffix == ".zip" or zipfile.is_zipfile(source):
        try:
            files, problems, refused = _zip_files(source)
        except _Unreadable as exc:
            return _unreadable(source, str(exc), "zip")
        return _read_file_package(source, "zip", files, problems, refused)
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
    """A package of which nothing could be read: one error, and nothing else to check.

    No checksum: nothing was read, and the SHA-256 of an empty input would look like a
    fact about the refused file in the report.
    """
    return RawPackage(
        source=source,
        container=container,
        descriptor={},
        descriptor_file=source.name or str(source),
        tables={},
        checksum="",
        problems=[error(source.name or str(source), None, None, message)],
        readable=False,
    )


# ---------------------------------------------------------------- folder and zip


def _is_junk(parts: Iterable[str]) -> bool:
    return any(part.startswith(".") or part in _JUNK_PARTS for part in parts)


def _folder_files(root: Path, problems: list[Problem]) -> tuple[dict[str, bytes], set[str]]:
    """Every regular file under ``root`` by its relative POSIX name (hidden ones skipped).

    Why not ``rglob`` and ``read_bytes``: a symbolic link (``monitoring.csv`` ->
    ``/etc/passwd``) must never be followed, read or echoed, and a FIFO or device must
    not hang or flood the reader. Links and special files are errors naming the entry;
    their names are returned as refused, so they are not reported missing as well.
    """
    entries: list[tuple[str, Path]] = []
    refused: set[str] = set()
    total = 0
    for directory, subdirectories, filenames in os.walk(root, followlinks=False):
        base = Path(directory)
        relative = base.relative_to(root)
        for name in sorted(subdirectories):
            if _is_junk((name,)):
                subdirectories.remove(name)
            elif (base / name).is_symlink():
                subdirectories.remove(name)
                refused.add((relative / name).as_posix())
                problems.append(error((relative / name).as_posix(), None, None, _SYMLINK))
        subdirectories.sort()
        for name in sorted(filenames):
            if _is_junk((name,)):
                continue
            rel = (relative / name).as_posix()
            try:
                info = os.lstat(base / name)
            except OSError as exc:
                refused.add(rel)
                problems.append(error(rel, None, None, f"cannot be read: {exc.strerror}"))
                continue
            if stat.S_ISLNK(info.st_mode):
                refused.add(rel)
                problems.append(error(rel, None, None, _SYMLINK))
                continue
            if not stat.S_ISREG(info.st_mode):
                refused.add(rel)
                problems.append(
                    error(rel, None, None, "not a regular file (a device, pipe or socket); refused")
                )
                continue
            total += info.st_size
            entries.append((rel, base / name))
    if total > _max_bytes():
        raise _Unreadable(
            f"the folder holds {mb(total)}, more than the {mb(_max_bytes())} "
            "a package may hold; split it, e.g. one package per fiscal year"
        )
    files: dict[str, bytes] = {}
    budget = _max_bytes()
    for rel, path in entries:
        data = _read_regular_file(path, budget)
        if data is None:
            refused.add(rel)
            problems.append(error(rel, None, None, _SYMLINK))
            continue
        files[rel] = data
        budget -= len(data)
    return files, refused


def _read_regular_file(path: Path, budget: int) -> bytes | None:
    """The bytes of a regular file, opened without following a link (None if it is not
    a regular file by now: it was replaced since it was listed)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    chunks: list[bytes] = []
    size = 0
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        # Chunks, not read(budget): that would allocate the whole budget up front.
        while chunk := handle.read(READ_CHUNK_BYTES):
            size += len(chunk)
            if size > budget:
                raise _Unreadable(
                    f"the folder holds more than the {mb(_max_bytes())} a package may "
                    "hold (a file grew while it was read)"
                )
            chunks.append(chunk)
    return b"".join(chunks)


def _unsafe_member(name: str) -> bool:
    """Whether a zip member name would land outside the folder it is extracted to."""
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return True
    return any(part == ".." for part in name.replace("\\", "/").split("/"))


def _zip_files(source: Path) -> tuple[dict[str, bytes], list[Problem], set[str]]:
    """The members of a zip, in memory, with a single top folder stripped if there is one;
    the problems found; the names of the members that could not be read.

    Why sizes are checked twice: the declared (uncompressed) sizes in the zip's directory
    refuse a zip bomb before anything is decompressed; members are then read in bounded
    chunks against what is left of the budget, so a header that lies gains nothing.
    An entry that cannot be read (encrypted, an unknown compression method, corrupt) is an
    error located at its own name, and is returned as refused so that it is not reported
    missing as well.
    """
    label = source.name
    problems: list[Problem] = []
    try:
        archive = zipfile.ZipFile(source)
    except Exception as exc:  # BadZipFile, OSError, and odd errors of corrupt directories
        raise _Unreadable(f"not a readable zip file: {exc}") from exc
    members: dict[str, zipfile.ZipInfo] = {}
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise _Unreadable(
                f"the zip has {len(infos):,} entries, more than the {MAX_ZIP_ENTRIES:,} "
                "a package may have"
            )
        total = 0
        for info in infos:
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
            if name in members:
                problems.append(
                    error(
                        label,
                        None,
                        None,
                        f"the zip holds two entries named {name!r}; a package holds each "
                        "file once (which one was meant cannot be known)",
                    )
                )
                continue
            total += info.file_size
            members[name] = info
        if total > _max_bytes():
            raise _Unreadable(
                f"the zip unpacks to {mb(total)}, more than the {mb(_max_bytes())} "
                "a package may hold; split it, e.g. one package per fiscal year"
            )
        files: dict[str, bytes] = {}
        unreadable: dict[str, str] = {}
        budget = _max_bytes()
        for name, info in members.items():
            why = _entry_refusal(info)
            if why is None:
                try:
                    data = _read_member(archive, info, budget)
                except _Unreadable:
                    raise
                except Exception as exc:
                    # BadZipFile (bad CRC), zlib.error, EOFError: a corrupt or truncated
                    # entry; NotImplementedError: a zip feature zipfile does not read.
                    why = f"cannot be read from the zip ({type(exc).__name__}: {exc})"
                else:
                    files[name] = data
                    budget -= len(data)
                    continue
            unreadable[name] = why
    top = _top_folder([*files, *unreadable])
    for name, why in unreadable.items():
        problems.append(error(name.removeprefix(top), None, None, why))
    stripped = {name.removeprefix(top): data for name, data in files.items()}
    return stripped, problems, {name.removeprefix(top) for name in unreadable}


# Flag bits of a zip entry (APPNOTE 4.4.4): bit 0 encrypted, bit 6 strong encryption.
_ZIP_ENCRYPTED = 0x01
_ZIP_STRONG_ENCRYPTION = 0x40
# Compression methods zipfile reads (bzip2 and LZMA when Python was built with them).
_ZIP_READABLE_METHODS = frozenset(
    (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)
)
# Names of methods that zip tools do write, for the message (APPNOTE 4.4.5).
_ZIP_METHOD_NAMES = {
    6: "Implode",
    9: "Deflate64",
    93: "Zstandard",
    95: "xz",
    98: "PPMd",
}


def _entry_refusal(info: zipfile.ZipInfo) -> str | None:
    """Why a zip entry cannot be read, told from the zip's directory before opening it
    (None: it can be tried).

    Why not leave it to zipfile's exceptions: they say "password required" with the
    entry's internal repr, or "That compression method is not supported" without naming
    the method, and neither tells the publisher what to do about it.
    """
    # Method 99 is WinZip's AES encryption (its real method is in an extra field).
    if info.flag_bits & (_ZIP_ENCRYPTED | _ZIP_STRONG_ENCRYPTION) or info.compress_type == 99:
        return (
            "encrypted (password-protected) in the zip, so it cannot be read: a published "
            "package has no password; zip the files again without one"
        )
    if info.compress_type not in _ZIP_READABLE_METHODS:
        method = _ZIP_METHOD_NAMES.get(info.compress_type) or str(
            # Undocumented (so not in typeshed), present in every CPython zipfile.
            zipfile.compressor_names.get(  # type: ignore[attr-defined]
                info.compress_type, "an unknown method"
            )
        )
        return (
            f"compressed in the zip with {method} (compression method "
            f"{info.compress_type}), which cannot be read; zip the files again with the "
            "standard Deflate method (the default of zip tools), or publish the folder"
        )
    return None


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """One zip member, decompressed chunk by chunk, never more than ``budget`` bytes."""
    chunks: list[bytes] = []
    size = 0
    with archive.open(info) as handle:
        while chunk := handle.read(READ_CHUNK_BYTES):
            size += len(chunk)
            if size > budget:
                raise _Unreadable(
                    f"zip entry {info.filename!r} unpacks to more than its declared size; "
                    f"the package would exceed the {mb(_max_bytes())} it may hold"
                )
            chunks.append(chunk)
    return b"".join(chunks)


def _top_folder(names: list[str]) -> str:
    """The one top folder (``"top/"``) that every member of a zip is inside, else ``""``.

    Files at the zip root stay; files all inside one top folder lose that folder (zip
    tools that zip a folder put it there).
    """
    if DESCRIPTOR in names or not names:
        return ""
    tops = {name.split("/", 1)[0] for name in names}
    if len(tops) == 1 and all("/" in name for name in names):
        return tops.pop() + "/"
    return ""


def _read_file_package(
    source: Path,
    container: Container,
    files: dict[str, bytes],
    problems: list[Problem],
    refused: set[str],
) -> RawPackage:
    """Descriptor and tables of a package given as named files (folder or zip).

    ``refused`` names entries already reported (links, special files): they are neither
    read nor reported missing a second time.
    """
    _duplicate_tables(files, problems)
    descriptor = _read_descriptor(files, problems, refused)
    resources = _resources_by_table(descriptor, files, problems)
    tables: dict[str, RawTable] = {}
    expected: dict[str, str] = {}
    for table in TABLE_NAMES:
        resource = resources.get(table)
        path = resource.get("path") if resource else f"{table}.csv"
        expected[table] = str(path)
        if path in refused:
            continue
        if resource is None and path not in files:
            continue
        if path not in files:
            problems.append(
                error(
                    expected[table],
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
        codec = _text_encoding(path, files[path], resource.get("encoding"), problems)
        if codec is None:
            continue
        delimiter = _delimiter(table, resource, problems)
        parsed = _parse_csv(path, files[path], codec, delimiter, problems)
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


def _duplicate_tables(files: dict[str, bytes], problems: list[Problem]) -> None:
    """Two files that could both be one table (``projects.csv`` and ``old/projects.csv``,
    or ``Projects.csv``): an error, since which one the publisher meant cannot be known."""
    wanted = {DESCRIPTOR, *(f"{table}.csv" for table in TABLE_NAMES)}
    by_base: dict[str, list[str]] = {}
    for name in files:
        base = PurePosixPath(name).name.lower()
        if base in wanted:
            by_base.setdefault(base, []).append(name)
    for base, names in sorted(by_base.items()):
        if len(names) > 1:
            shown = ", ".join(repr(name) for name in sorted(names))
            problems.append(
                error(
                    base,
                    None,
                    None,
                    f"the package holds {len(names)} files for it ({shown}); "
                    "keep exactly one, so that what is imported is not a guess",
                )
            )


def _read_descriptor(
    files: dict[str, bytes], problems: list[Problem], refused: AbstractSet[str] = frozenset()
) -> dict[str, Any]:
    """The parsed ``datapackage.json``, or {} with the reason recorded."""
    if DESCRIPTOR in refused:
        return {}
    if DESCRIPTOR not in files:
        problems.append(
            error(DESCRIPTOR, None, None, f"missing: every package needs a {DESCRIPTOR}")
        )
        return {}
    data = files[DESCRIPTOR]
    if len(data) > MAX_DESCRIPTOR_BYTES:
        problems.append(
            error(
                DESCRIPTOR,
                None,
                None,
                f"{mb(len(data))}, more than the {mb(MAX_DESCRIPTOR_BYTES)} a descriptor "
                "may hold; it lists the package's fields and files, not data",
            )
        )
        return {}
    codec = _text_encoding(DESCRIPTOR, data, None, problems)
    if codec is None:
        return {}
    text = data.decode(codec).removeprefix("\ufeff")
    try:
        value = parse_json(text)
    except JsonProblem as exc:
        problems.append(error(DESCRIPTOR, exc.line, None, str(exc)))
        return {}
    if not isinstance(value, dict):
        problems.append(error(DESCRIPTOR, None, None, "must be a JSON object {...}"))
        return {}
    return value


class JsonProblem(ValueError):
    """JSON text that cannot be accepted, with the line where the problem is (if known)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def json_depth(text: str) -> int:
    """How deeply ``[`` and ``{`` nest in JSON text, brackets inside strings not counted.

    Why before parsing: ``json.loads`` recurses once per level, so ten thousand ``[``
    raise RecursionError (a traceback, not a report) before any check could run.
    """
    depth = deepest = 0
    for match in _JSON_BRACKET.finditer(_JSON_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """One JSON object, refusing a key written twice.

    Why: ``json.loads`` keeps the last of two equal keys, so a descriptor with two
    ``"licenses"`` or two ``"resources"`` would be read as only one of them without a
    word; the publisher could not tell which of their intentions was published.
    """
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise JsonProblem(f"the key {key!r} appears twice in one object; keep exactly one")
        found[key] = value
    return found


def parse_json(text: str) -> Any:
    """JSON text as a value, refusing nesting beyond :data:`MAX_DESCRIPTOR_DEPTH`."""
    depth = json_depth(text)
    if depth > MAX_DESCRIPTOR_DEPTH:
        raise JsonProblem(
            f"nested {depth} levels deep, more than the {MAX_DESCRIPTOR_DEPTH} allowed; "
            "a descriptor needs 3 (resources, an entry, its dialect)"
        )
    try:
        return json.loads(text, object_pairs_hook=_refuse_duplicate_keys)
    except JsonProblem:
        raise
    except json.JSONDecodeError as exc:
        raise JsonProblem(f"not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from exc
    except (ValueError, RecursionError) as exc:  # e.g. an integer of 5,000 digits
        raise JsonProblem(f"not valid JSON: {exc}") from exc


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


def _delimiter(table: str, resource: dict[str, Any], problems: list[Problem]) -> str:
    """The CSV delimiter: a comma unless the resource's Frictionless dialect says otherwise."""
    dialect = resource.get("dialect")
    if isinstance(dialect, dict) and "delimiter" in dialect:
        value = dialect["delimiter"]
        if isinstance(value, str) and value in _DELIMITERS:
            return value
        problems.append(
            error(
                DESCRIPTOR,
                None,
                "resources",
                f"resource {table!r}: dialect.delimiter {value!r} is not accepted; use one of "
                + ", ".join(f"{d!r} ({name})" for d, name in _DELIMITERS.items()),
            )
        )
    return ","


# ---------------------------------------------------------------- encodings


def _canonical_encoding(name: str) -> str | None:
    """Python's codec name for a declared *text* encoding, or None if there is none.

    Why more than ``codecs.lookup``: Python also registers codecs that are not text
    encodings (``rot13`` maps text to text, ``hex`` and ``zip`` bytes to bytes,
    ``undefined`` refuses everything); decoding with them raises instead of decoding.
    """
    try:
        info = codecs.lookup(name.strip())
    except (LookupError, ValueError, TypeError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name == "undefined":
        return None
    return info.name


def _decode_failure(data: bytes, codec: str) -> tuple[int, int] | None:
    """Where ``data`` stops decoding as ``codec``: (byte offset, line), or None if it decodes.

    Decoded chunk by chunk and thrown away, so checking a large file holds one chunk of
    text, not the whole file twice.
    """
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    view = memoryview(data)
    offset = 0
    try:
        while offset < len(data):
            chunk = bytes(view[offset : offset + READ_CHUNK_BYTES])
            decoder.decode(chunk, final=offset + len(chunk) >= len(data))
            offset += len(chunk)
        if not data:
            decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        at = min(offset + max(exc.start, 0), max(len(data) - 1, 0))
        return at, data.count(b"\n", 0, at) + 1
    except (UnicodeError, LookupError, ValueError, TypeError):
        return 0, 1
    return None


def _text_encoding(file: str, data: bytes, declared: Any, problems: list[Problem]) -> str | None:
    """The codec to read a file with: declared, else UTF-8 (BOM accepted) or GB18030.

    Why no guessing beyond GB18030: UTF-8 is the format's default and GB18030 (with GBK,
    its subset) is what Chinese office software writes. Any other single-byte encoding
    (Latin-1, cp1250, cp1252, ...) decodes almost any bytes without failing, so a guess
    between them is silently wrong as often as right (Latin-1 text was read as cp1250);
    such a file is an error asking the publisher to declare the encoding, and the likely
    one is named to help. The whole file is checked before it is read.
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
                error(
                    file,
                    None,
                    None,
                    f"unknown encoding {declared!r}: not a text encoding; "
                    "use utf-8 or gb18030 (or the real encoding of the file, e.g. latin-1)",
                )
            )
            return None
        if codec in _GB_FAMILY or declared.strip().lower() in _GB_FAMILY:
            codec = "gb18030"
        if codec == "utf-8":
            codec = "utf-8-sig"
        failure = _decode_failure(data, codec)
        if failure is None:
            return codec
        at, line = failure
        byte = f"{data[at]:#04x}" if data else "(none)"
        problems.append(
            error(
                file,
                None,
                None,
                f"cannot be decoded as the declared encoding {declared!r}: "
                f"invalid byte {byte} at byte {at} (line {line}); "
                "save the file as UTF-8 or declare its real encoding",
            )
        )
        return None
    return _detect_encoding(file, data, problems)


def _detect_encoding(file: str, data: bytes, problems: list[Problem]) -> str | None:
    """The codec of a file whose encoding is not declared (see :func:`_text_encoding`)."""
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if utf16 and _decode_failure(data, "utf-16") is None:
        return "utf-16"
    if _decode_failure(data, "utf-8-sig") is None:
        return "utf-8-sig"
    if (
        b"\x00" not in data
        and _decode_failure(data, "gb18030") is None
        and _plausibly_chinese(data[:ENCODING_SAMPLE_BYTES])
    ):
        return "gb18030"
    guess = _charset_guess(data[:ENCODING_SAMPLE_BYTES]) if b"\x00" not in data else None
    hint = (
        f"; it may be {guess}: if so, declare it in {DESCRIPTOR}, e.g. "
        f'"encoding": "{guess}", or save the file as UTF-8'
        if guess
        else "; save it as CSV UTF-8, or declare its encoding in datapackage.json"
    )
    problems.append(
        error(
            file,
            None,
            None,
            "cannot be decoded as text (not UTF-8, not GB18030), no encoding declared" + hint,
        )
    )
    return None


def _plausibly_chinese(sample: bytes) -> bool:
    """Whether text that decodes as GB18030 reads as Chinese rather than as nonsense.

    Why: GB18030 decodes most Latin-1 or cp1252 text without an error (``è`` followed by
    a letter is a valid two-byte code), producing rare characters. Real published text
    is almost all in GB2312's 6,763 common characters; when more than a tenth of the
    non-ASCII characters are outside it, the file is not taken for GB18030 silently.
    """
    text = sample.decode("gb18030", errors="ignore")
    unusual = total = 0
    for char in text:
        if char.isascii():
            continue
        total += 1
        try:
            char.encode("gb2312")
        except UnicodeEncodeError:
            unusual += 1
    return unusual == 0 or unusual * 10 <= total


def _charset_guess(sample: bytes) -> str | None:
    """charset-normalizer's best guess of the encoding of ``sample`` (for a hint only)."""
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None or best.encoding is None:
        return None
    return str(best.encoding)


# ---------------------------------------------------------------- CSV


def _parse_csv(
    file: str, data: bytes, codec: str, delimiter: str, problems: list[Problem]
) -> tuple[list[str], list[RawRow]] | None:
    """Header and non-empty rows of a CSV file, numbered as in a spreadsheet.

    A quoted cell may span lines; it is still one row, as a spreadsheet shows it, so the
    row number counts records, not lines. The text is decoded as it is parsed (the file
    was checked to decode already), so the whole file never exists as one string.
    """
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=codec, errors="strict", newline="")
    reader = csv.reader(stream, delimiter=delimiter)
    try:
        return _header_and_rows(file, enumerate(reader, start=1), problems)
    except (csv.Error, UnicodeError) as exc:
        problems.append(error(file, reader.line_num or None, None, f"not valid CSV: {exc}"))
        return None


def _header_and_rows(
    file: str, records: Iterable[tuple[int, list[str]]], problems: list[Problem]
) -> tuple[list[str], list[RawRow]] | None:
    """Split numbered records into the header (row 1) and the non-empty data rows.

    Records are consumed one at a time: reading stops at ``DASHBOARD_IMPORT_MAX_ROWS`` data
    rows, and only the cells under a header column are kept.
    """
    iterator: Iterator[tuple[int, list[str]]] = iter(records)
    first = next(iterator, None)
    if first is None or not any(cell.strip() for cell in first[1][:MAX_COLUMNS]):
        problems.append(error(file, 1, None, "row 1 must be the header with the column names"))
        return None
    header_cells = list(first[1])
    while header_cells and not header_cells[-1].strip():
        header_cells.pop()
    if len(header_cells) > MAX_COLUMNS:
        problems.append(
            error(
                file,
                1,
                None,
                f"the header has {len(header_cells):,} columns, more than the "
                f"{MAX_COLUMNS} a table may have",
            )
        )
        return None
    header = [cell.strip().removeprefix("\ufeff").strip().lower() for cell in header_cells]
    width = len(header)
    seen: dict[str, str] = {}
    rows: list[RawRow] = []
    max_rows = _max_rows()
    for number, cells in iterator:
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= max_rows:
            problems.append(
                error(
                    file,
                    number,
                    None,
                    f"more than {max_rows:,} data rows, the most a table may hold; "
                    "reading stopped here: split the package, e.g. one per fiscal year",
                )
            )
            break
        if len(cells) > width and any(cell.strip() for cell in cells[width:]):
            problems.append(
                error(
                    file,
                    number,
                    None,
                    f"the row has {len(cells)} cells but the header has {width} columns",
                )
            )
        kept = tuple(
            seen.setdefault(cell, cell) if len(cell) <= _INTERN_CHARS else cell
            for cell in cells[:width]
        )
        rows.append(RawRow(number, kept))
    return header, rows


# ---------------------------------------------------------------- workbook


def _read_workbook(source: Path) -> RawPackage:
    """Descriptor (sheet ``package``) and tables (one sheet each) of an .xlsx workbook.

    An .xlsx is a zip of XML parts: its declared unpacked size is checked before openpyxl
    opens it (a 9.8 MB workbook held a 145 MB sheet), and rows are read one at a time
    from openpyxl's streaming reader, up to ``DASHBOARD_IMPORT_MAX_ROWS`` per sheet.
    """
    book_name = source.name
    if source.stat().st_size > _max_bytes():
        return _unreadable(
            source,
            f"the workbook is larger than the {mb(_max_bytes())} a package may hold",
            "xlsx",
        )
    data = source.read_bytes()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            unpacked = sum(info.file_size for info in infos)
    except Exception as exc:
        return _unreadable(source, f"cannot be read as an Excel workbook: {exc}", "xlsx")
    if len(infos) > MAX_ZIP_ENTRIES or unpacked > _max_bytes():
        return _unreadable(
            source,
            f"the workbook unpacks to {mb(unpacked)} in {len(infos):,} parts, more than the "
            f"{mb(_max_bytes())} a package may hold; split it, e.g. one per fiscal year",
            "xlsx",
        )
    checksum = package_checksum({book_name: data})
    try:
        return _workbook_package(source, data, checksum)
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # openpyxl raises many kinds of exception for a bad file
        return _unreadable(source, f"cannot be read as an Excel workbook: {exc}", "xlsx")


def _workbook_package(source: Path, data: bytes, checksum: str) -> RawPackage:
    from openpyxl import load_workbook

    book_name = source.name
    problems: list[Problem] = []
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)

    def sheet_file(sheet: str) -> str:
        return f"{book_name}[{sheet}]"

    try:
        sheets: dict[str, Any] = {}
        for name in workbook.sheetnames:
            key = name.strip().lower()
            if key in sheets:
                problems.append(
                    error(
                        sheet_file(name),
                        None,
                        None,
                        f"the workbook holds two sheets named {key!r}; keep exactly one",
                    )
                )
                continue
            sheets[key] = workbook[name]
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
            declared = _declared_rows(sheet)
            if declared is not None and declared - 1 > _max_rows():
                problems.append(
                    error(
                        file,
                        None,
                        None,
                        f"the sheet declares {declared:,} rows, more than the {_max_rows():,} "
                        "data rows a table may hold; split the package, e.g. one per year",
                    )
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


def _declared_rows(sheet: Any) -> int | None:
    """The rows a sheet's own ``<dimension>`` says it uses, read before any cell (None
    when the file does not say). Why: a sheet declaring more rows than a table may hold
    is refused before its cells cost any time; a sheet that under-declares is still read
    whole (:func:`_sheet_records`), bounded by the row limit as it goes."""
    try:
        declared = sheet.max_row
    except Exception:  # a malformed dimension: the cells will tell
        return None
    return declared if isinstance(declared, int) else None


def _sheet_records(sheet: Any) -> Iterator[tuple[int, list[str]]]:
    """Every row of a sheet as text, numbered as Excel shows it, one row at a time.

    Why reset the dimensions: some programs write a wrong used-range into the file, and
    a read-only sheet would then silently drop the cells outside it. Columns beyond
    :data:`MAX_COLUMNS` are not read.

    The rows a sheet does not hold are skipped at the cost of a comparison: openpyxl
    fills a gap between two stored rows with one shared empty row object, and a 12 KB
    workbook with one far-away cell (row 1,048,576) per sheet otherwise cost minutes of
    CPU reading a million empty rows cell by cell before it was refused.
    """
    from openpyxl.cell.read_only import EMPTY_CELL

    sheet.reset_dimensions()
    gap: tuple[Any, ...] | None = None
    for number, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
        if row is gap:
            continue
        if number > 1 and row and all(cell is EMPTY_CELL for cell in row):  # row 1: header
            gap = row
            continue
        yield number, [_cell_text(cell) for cell in row]


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
    size = 0
    for row in rows:
        cells = list(row.cells) + [""] * (len(header) - len(row.cells))
        key, value = cells[key_at].strip(), cells[value_at].strip()
        size += len(key) + len(value)
        if size > MAX_DESCRIPTOR_BYTES:
            problems.append(
                error(
                    file,
                    row.number,
                    None,
                    f"more than the {mb(MAX_DESCRIPTOR_BYTES)} a descriptor may hold",
                )
            )
            return {}
        if not key:
            problems.append(error(file, row.number, "key", "a value without a key"))
            continue
        if key in descriptor:
            problems.append(error(file, row.number, "key", f"key {key!r} is given twice"))
            continue
        if key in _JSON_FIELDS and value[:1] in ("[", "{"):
            try:
                descriptor[key] = parse_json(value)
            except JsonProblem as exc:
                problems.append(error(file, row.number, "value", str(exc)))
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
