"""A release as a Frictionless data package in the project's own published-results format.

Why this shape: a journalist or a re-user who downloads a release must be able to check
it with standard tools (``frictionless validate``), read what every column means and
in which unit money is written, verify each file against its checksum, and import it
into another copy of this dashboard with ``python -m data_access import`` to get the
same figures. So the zip holds exactly what a publisher would send (docs/publishing.md):
``datapackage.json`` (publisher, licence, money unit, sources, the release it is, and
for each table its path, byte count, SHA-256 and Table Schema, copied from
``data_access/ingest/table_schemas/``) and one CSV per table with the format's columns
in the schema's order: departments and every identifier (``evaluation_id`` included)
so that references resolve.

What a release package holds: what that release published (its rows: the publisher's
fiscal years it replaced, or the rows a rollback served again), never more. Values are
written exactly as stored: money in 元 to the fen (``money_unit`` is ``元``), vocabulary
values as their codes, scores and weights as plain decimals, dates in ISO form. Withheld
project-years and everything attached to them are never written; the descriptor says
how many were left out (a public figure: withheld counts are published per region).

Why a file built once: a province's release is a hundred megabytes of CSV and takes
tens of seconds to read; it is written once per release into a file cache (an atomic
rename, byte-identical on every build, so the checksum is a stable ETag) and then
served as a file. Reads go in bounded batches through a server-side cursor.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Select, func, select

from data_access.db.schema import (
    Department,
    ProjectYear,
    Region,
    Release,
    ReportedFigure,
)
from data_access.db.sql_helpers import Bind, connection, region_existed
from data_access.ingest.columns import TABLES
from data_access.money import fen_to_yuan
from data_access.reads import package_format, package_sql

# Bump when what the package holds or how it is written changes: cached files of an
# older format are then rebuilt.
FORMAT_VERSION = 1
BATCH_ROWS = 5000
MONEY_UNIT = "元"
# Every file has this date inside the zip, so two builds of one release are identical.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_NAME = re.compile(r"^[a-z0-9._/-]+$")
# The tables in the order a publisher's package lists them (regions only when the
# publisher supplemented the gazetteer).
TABLE_ORDER: tuple[str, ...] = tuple(TABLES)
REQUIRED = frozenset(name for name, table in TABLES.items() if table.required)


class ReleaseNotFound(LookupError):
    """No release has this id."""


@dataclass(frozen=True)
class BuiltPackage:
    """A release package on disk: its path, its SHA-256 (hex) and its size in bytes."""

    path: Path
    sha256: str
    size: int
    release_id: int


# ------------------------------------------------------------------------ the rows


def _public(release_id: int) -> Any:
    """The public project-years the release wrote."""
    return select(ProjectYear.id).where(
        ProjectYear.release_id == release_id, ProjectYear.withheld.is_(False)
    )


def _statement(table: str, release_id: int, publisher: str) -> Select[Any]:
    """The rows of ``table`` that release ``release_id`` published, in the format's
    columns (labels are the package column names) and a stable order."""
    columns = package_format.columns(table)
    if table == "regions":
        return (
            package_sql.selected(table, columns, release_id)
            .where(Region.source == publisher, region_existed(release_id))
            .order_by(Region.code)
        )
    if table == "departments":
        published = select(ProjectYear.department_id).where(
            ProjectYear.id.in_(_public(release_id))
        )
        return (
            package_sql.selected(table, columns, release_id)
            .where(Department.id.in_(published))
            .order_by(Department.code)
        )
    if table == "reported_figures":
        rf = ReportedFigure
        return (
            package_sql.selected(table, columns)
            .where(rf.release_id == release_id)
            .order_by(rf.fiscal_year, rf.region_code, rf.scope, rf.metric, rf.id)
        )
    return package_sql.project_records(table, columns, _public(release_id), release_id)


def plain_number(value: float | Decimal) -> str:
    """A number as plain decimal text that reads back to the same value (no exponent:
    the importer refuses ``1e-05``); whole numbers without a decimal point."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, int):
        return str(value)
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    if exact == exact.to_integral_value():
        return str(int(exact))
    return format(exact.normalize(), "f")


def cell(kind: str, value: Any) -> str:
    """One value as the package writes it (exactly as stored; money fen as 元)."""
    if value is None:
        return ""
    if kind == "money":
        return str(fen_to_yuan(int(value)))
    if kind == "bool":
        return "true" if value else "false"
    if kind in ("year", "count"):
        return str(int(value))
    if kind == "number":
        return value if isinstance(value, str) else plain_number(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def rows(bind: Bind, table: str, release_id: int, publisher: str) -> Iterator[list[str]]:
    """The CSV rows (as text) of ``table`` for the release, read in bounded batches."""
    names = package_format.columns(table)
    kinds = [package_format.field_kind(table, name) for name in names]
    statement = _statement(table, release_id, publisher)
    with connection(bind) as conn:
        result = conn.execution_options(stream_results=True, yield_per=BATCH_ROWS).execute(
            statement
        )
        for partition in result.mappings().partitions(BATCH_ROWS):
            for mapping in partition:
                yield [cell(kind, mapping[name]) for name, kind in zip(names, kinds, strict=True)]


# --------------------------------------------------------------------- the package


class _Hashing(io.RawIOBase):
    """A binary file wrapper counting and hashing what is written through it."""

    def __init__(self, target: IO[bytes]) -> None:
        self.target = target
        self.digest = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.target.write(chunk)
        self.digest.update(chunk)
        self.size += len(chunk)
        return len(chunk)


def _write_csv(
    path: Path, header: Iterable[str], body: Iterable[list[str]]
) -> tuple[str, int, int]:
    """Write one table; returns (sha256 hex, bytes, data rows)."""
    count = 0
    with path.open("wb") as raw:
        hashing = _Hashing(raw)
        text = io.TextIOWrapper(
            io.BufferedWriter(hashing, 256 * 1024), encoding="utf-8", newline=""
        )
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(list(header))
        for row in body:
            writer.writerow(row)
            count += 1
        text.flush()
        text.detach()
    return hashing.digest.hexdigest(), hashing.size, count


def _release_row(bind: Bind, release_id: int) -> Any:
    with connection(bind) as conn:
        found = conn.execute(
            select(Release.__table__).where(Release.id == release_id)
        ).one_or_none()
        if found is None:
            raise ReleaseNotFound(release_id)
        withheld = conn.execute(
            select(func.count())
            .select_from(ProjectYear)
            .where(ProjectYear.release_id == release_id, ProjectYear.withheld.is_(True))
        ).scalar_one()
    return found, int(withheld)


def _timestamp(value: dt.datetime) -> str:
    """RFC 3339 with a time zone (naive database times are UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _package_name(package_name: str, release_id: int) -> str:
    base = package_name.strip().lower()
    if not _NAME.match(base):
        base = "release"
    return f"{base}-release-{release_id}"


def descriptor(
    release: Any, withheld: int, resources: list[dict[str, Any]]
) -> dict[str, Any]:
    """The ``datapackage.json`` of a release package."""
    licence = release.license
    document: dict[str, Any] = {
        "name": _package_name(release.package_name, release.id),
        "title": release.title or release.package_name,
        "description": (
            f"Release #{release.id} of the budget-performance dashboard as a data package "
            f"in its published-results format: what {release.publisher} published in "
            "this release. Money is in 元 (yuan) to the fen. Withheld project-years "
            f"(不公开) and everything attached to them are not included: {withheld} "
            "left out."
        ),
        "publisher": release.publisher,
        "money_unit": MONEY_UNIT,
        "sources": json.loads(release.sources or "[]"),
        "created": _timestamp(release.imported_at),
        "release": {
            "id": release.id,
            "package_name": release.package_name,
            "imported_at": _timestamp(release.imported_at),
            "checksum_sha256": release.checksum,
            "fiscal_years": json.loads(release.fiscal_years or "[]"),
            "is_demo": bool(release.is_demo),
            "format_version": FORMAT_VERSION,
        },
        "withheld": {
            "included": False,
            "project_years_left_out": withheld,
            "note": (
                "Withheld project-years (disclosure=withheld, 不公开) count in published "
                "region totals but are never published in detail, so this package does "
                "not hold them; re-imported, it gives every figure without them."
            ),
        },
        "resources": resources,
    }
    if licence:
        document["license"] = licence
        document["licenses"] = [
            {"name": licence} if re.fullmatch(r"[-a-zA-Z0-9._]+", licence) else {"title": licence}
        ]
    if release.published is not None:
        document["published"] = release.published.isoformat()
    if release.is_demo:
        document["description"] += " Demonstration data, not real results."
    return document


def write_package(bind: Bind, release_id: int, target: Path) -> BuiltPackage:
    """Write the release package of ``release_id`` to ``target`` (a new file).

    Raises :class:`ReleaseNotFound` for an unknown release. The tables are written to
    temporary files beside ``target`` first (hashes and sizes are in the descriptor,
    which comes first in the zip), then zipped; memory stays bounded by the batch size.
    """
    release, withheld = _release_row(bind, release_id)
    work = Path(tempfile.mkdtemp(prefix=".release-", dir=target.parent))
    try:
        resources: list[dict[str, Any]] = []
        files: list[tuple[str, Path]] = []
        for table in TABLE_ORDER:
            path = work / f"{table}.csv"
            header = package_format.columns(table)
            digest, size, count = _write_csv(
                path, header, rows(bind, table, release_id, release.publisher)
            )
            if count == 0 and table not in REQUIRED:
                continue
            schema = json.loads(json.dumps(package_format.table_schema(table)))
            resources.append(
                {
                    "name": table,
                    "path": f"{table}.csv",
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "bytes": size,
                    "hash": f"sha256:{digest}",
                    "rows": count,
                    "schema": schema,
                }
            )
            files.append((f"{table}.csv", path))
        document = descriptor(release, withheld, resources)
        zipped = work / "package.zip"
        with zipfile.ZipFile(zipped, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            info = zipfile.ZipInfo("datapackage.json", date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(
                info, json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
            )
            for name, path in files:
                info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                with path.open("rb") as source, archive.open(info, "w", force_zip64=True) as sink:
                    shutil.copyfileobj(source, sink, 1024 * 1024)
        whole = hashlib.sha256()
        with zipped.open("rb") as built:
            while chunk := built.read(1024 * 1024):
                whole.update(chunk)
        size = zipped.stat().st_size
        os.replace(zipped, target)
        return BuiltPackage(target, whole.hexdigest(), size, release_id)
    finally:
        shutil.rmtree(work, ignore_errors=True)


# ------------------------------------------------------------------------ file cache


def _schemas_digest() -> str:
    digest = hashlib.sha256()
    for table in TABLE_ORDER:
        digest.update(json.dumps(package_format.table_schema(table), sort_keys=True).encode())
    return digest.hexdigest()[:12]


def cache_key(database: str, release: Any) -> str:
    """What a cached file depends on: the database, the release (id, checksum, import
    time), the format version and the table schemas."""
    text = "\n".join(
        (
            database,
            str(release.id),
            release.checksum,
            _timestamp(release.imported_at),
            str(FORMAT_VERSION),
            _schemas_digest(),
        )
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def cached_path(folder: Path, database: str, bind: Bind, release_id: int) -> Path:
    """Where the package of ``release_id`` is (or will be) cached in ``folder``.

    Raises :class:`ReleaseNotFound` for an unknown release.
    """
    release, _ = _release_row(bind, release_id)
    return folder / f"release-{release_id}-{cache_key(database, release)}.zip"


def _sidecar(path: Path) -> Path:
    return path.with_suffix(".json")


def read_cached(path: Path) -> BuiltPackage | None:
    """The cached package at ``path`` when it is complete (its sidecar written), else None."""
    try:
        meta = json.loads(_sidecar(path).read_text(encoding="utf-8"))
        size = path.stat().st_size
    except (OSError, ValueError):
        return None
    if meta.get("size") != size or not isinstance(meta.get("sha256"), str):
        return None
    return BuiltPackage(path, meta["sha256"], size, int(meta.get("release", 0)))


def build_cached(bind: Bind, path: Path) -> BuiltPackage:
    """Build the package into ``path`` (atomically, with its sidecar) unless it is there.

    The release id is read from the file name :func:`cached_path` gave.
    """
    found = read_cached(path)
    if found is not None:
        return found
    path.parent.mkdir(parents=True, exist_ok=True)
    release_id = int(path.name.split("-")[1])
    fd, temporary = tempfile.mkstemp(prefix=".building-", suffix=".zip", dir=path.parent)
    os.close(fd)
    try:
        built = write_package(bind, release_id, Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    meta = {"sha256": built.sha256, "size": built.size, "release": release_id}
    sidecar = _sidecar(path)
    sidecar_temp = sidecar.with_name(f".{sidecar.name}.tmp")
    sidecar_temp.write_text(json.dumps(meta), encoding="utf-8")
    os.replace(sidecar_temp, sidecar)
    return BuiltPackage(path, built.sha256, built.size, release_id)
