"""Open-data downloads: every record behind a view, and a whole release as a data package.

Why files first: "the projects of Jiangxi in 2017" is tens of thousands of rows with
their indicators, evaluations, applications and monitoring records; a journalist must
get all of them, not the 25 on screen. They are read from the database in bounded
batches into a file (``dashboard.web.bulk``: a read slot, a pool of its own), the
connection goes back, and the file is then sent with ``Content-Length``, a strong
``ETag`` and ``Range``: a slow reader never holds a database connection, and an answer
either completes or fails before its headers.

Values: JSON carries every value exactly as published (money as exact decimal text of
元, codes and vocabulary values as stored); the CSV changes nothing but free-text cells
that would run as a formula (``csvfile.guarded``, as the data dictionary says per
column); the XLSX types its cells (numbers as numbers with a number format, text as
text). Withheld project-years and everything attached to them are never written
(``data_access.reads.open_data``).

A release (``/download/release/{id}.zip``) is the Frictionless data package of what it
published (``data_access.reads.release_package``), built once into the file cache
(``DASHBOARD_CACHE_DIR``) on its first request and then served as a file; while it is
built the answer is a ``503`` with ``Retry-After``.

Answers carry a strong ETag of (release stamp, dataset, parameters, app version), so a
repeat download is a ``304`` without touching the database.
"""

from __future__ import annotations

import concurrent.futures
import csv
import datetime as dt
import hashlib
import io
import json
import threading
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from sqlalchemy.engine import make_url
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from dashboard.core import reads
from dashboard.core.csvfile import guarded as csv_guarded
from dashboard.core.paths import RECORDS_PREFIX, RELEASE_PREFIX, records_path, release_path
from dashboard.renderers.exports import json_value, xlsx_cell
from dashboard.web import bulk
from dashboard.web import reads as web_reads
from dashboard.web.charts import read_view
from dashboard.web.http import (
    MAX_AGE,
    MAX_AGE_PINNED,
    Problem,
    base_url,
    cache_key,
    etag_matches,
    guarded,
    not_modified,
    preflight,
    release_stamp,
    strong_etag,
)
from dashboard.web.query import Query, read_query
from data_access.metrics import compute as metric_reads
from data_access.metrics.compute import METRIC_KEYS
from data_access.metrics.registry import kind_of
from data_access.reads import open_data, release_package, views
from data_access.reads.open_data import DATASETS
from data_access.reads.selection import ViewFilter
from data_access.settings import CACHE_DIR

KNOWN = ("year", "region", "scope", "dept", "release")
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ZIP = "application/zip"
# How long the first request for a release package waits for its build before it is
# answered 503 with Retry-After (a small release is served on that first request).
FIRST_BUILD_WAIT = 0.8
RETRY_AFTER_BUILDING = 15
REPO_ROOT = Path(__file__).resolve().parent.parent.parent


def _columns(dataset: str) -> tuple[str, ...]:
    if dataset == "metrics":
        return ("year", "code", "name", "level", "kind", *METRIC_KEYS)
    return open_data.TABLES[dataset]


def column_kinds(dataset: str) -> tuple[str, ...]:
    """The kind of each column of a dataset download (``open_data.column_kind``)."""
    if dataset == "metrics":
        fixed = {"year": "year", "code": "code", "name": "text", "level": "label", "kind": "label"}
        return tuple(fixed.get(c) or kind_of(c) for c in _columns(dataset))
    return tuple(open_data.column_kind(dataset, column) for column in _columns(dataset))


def _text(value: Any, kind: str) -> Any:
    """A CSV cell: exact values, free text guarded against running as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return csv_guarded(value, kind) if isinstance(value, str) else value


def _metric_batches(
    engine: Any, year: int, region: str, release: int | None
) -> Iterator[list[dict[str, Any]]]:
    rows = metric_reads.children_metrics(engine, year, region, release=release)
    batch = []
    for row in rows:
        record: dict[str, Any] = {"year": year, "code": row.code, "name": row.name}
        record["level"] = row.level
        record["kind"] = row.kind
        record.update({key: row.metrics.get(key) for key in METRIC_KEYS})
        batch.append(record)
    yield batch


def write_csv(
    out: IO[bytes], columns: tuple[str, ...], kinds: tuple[str, ...],
    batches: Iterator[list[dict[str, Any]]],
) -> None:
    """A CSV: BOM (spreadsheets read Chinese correctly), header, then every batch."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=False)
    text.write("\ufeff")
    writer = csv.writer(text)
    writer.writerow(columns)
    for batch in batches:
        for row in batch:
            writer.writerow(
                [_text(row.get(c), k) for c, k in zip(columns, kinds, strict=True)]
            )
    text.flush()
    text.detach()


def write_json(
    out: IO[bytes], meta: dict[str, Any], batches: Iterator[list[dict[str, Any]]]
) -> None:
    """``{"meta": ..., "data": [...]}``: every value exactly as published."""
    out.write((json.dumps({"meta": meta}, ensure_ascii=False)[:-1] + ', "data": [').encode())
    first = True
    for batch in batches:
        for row in batch:
            text = json.dumps({k: json_value(v) for k, v in row.items()}, ensure_ascii=False)
            out.write((text if first else ",\n" + text).encode("utf-8"))
            first = False
    out.write(b"]}")


def write_xlsx(
    out: IO[bytes],
    columns: tuple[str, ...],
    kinds: tuple[str, ...],
    batches: Iterator[list[dict[str, Any]]],
    meta: dict[str, Any],
) -> None:
    """An XLSX built row by row (write-only), cells typed by column kind."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    sheet.append([xlsx_cell(sheet, c, "text") for c in columns])
    xlsx_kinds = [_XLSX_KIND.get(kind, "text") for kind in kinds]
    for batch in batches:
        for row in batch:
            sheet.append(
                [xlsx_cell(sheet, row.get(c), k) for c, k in zip(columns, xlsx_kinds, strict=True)]
            )
    about = workbook.create_sheet("about")
    for key, value in meta.items():
        text = json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value
        about.append([xlsx_cell(about, key, "text"), xlsx_cell(about, text, "text")])
    workbook.save(out)


# Dataset column kinds -> the typed cells of ``exports.xlsx_cell``.
_XLSX_KIND = {
    "money": "money",
    "number": "number",
    "score": "score",
    "rate": "rate",
    "count": "count",
    "year": "year",
}


def _meta(
    dataset: str,
    query: Query,
    url: str,
    stamp: str,
    base: str,
    release: int | None,
    region: str,
) -> dict[str, Any]:
    info = reads.served_release(url, stamp, release, region)
    return {
        "dataset": dataset,
        "filters": dict(query.values),
        "release": info.id if info else None,
        "publisher": info.publisher if info else None,
        "release_title": (info.title or info.package_name) if info else None,
        "checksum_sha256": info.checksum if info else None,
        "licence": info.license if info else None,
        "url": f"{base}{records_path(dataset, 'json')}",
        "money": "yuan, exact decimal text",
        "withheld": "withheld project-years and their records are not included",
    }


def _filters(query: Query, url: str, stamp: str) -> ViewFilter:
    """The checked filters of a dataset download (400 naming a bad parameter)."""
    from dashboard.specs import REGISTRY
    return read_view(url, stamp, REGISTRY["projects_table"], query).filter()


def _records_handler(db_url: str | None) -> Callable[[Request], Any]:
    async def handle(request: Request) -> Response:
        async def attempt(_lang: str) -> Response:
            dataset = str(request.path_params["dataset"])
            fmt = str(request.path_params["fmt"])
            if dataset not in DATASETS or fmt not in MEDIA:
                raise Problem(404, "chart_not_found", chart=f"{dataset}.{fmt}"[:40])
            query = read_query(request, KNOWN)
            url = web_reads.database_url(db_url)
            stamp = await release_stamp(url, lambda: reads.release_stamp(url))
            # A bad value is answered with the pages' own message ("URL parameter …").
            filters = await run_in_threadpool(_filters, query, url, stamp)
            base = base_url(request)
            release = filters.release
            key = cache_key(f"records:{dataset}.{fmt}", query.values.items(), stamp, base)
            etag = strong_etag(key)
            max_age = MAX_AGE if release is None else MAX_AGE_PINNED
            if etag_matches(request.headers.get("if-none-match"), etag):
                return not_modified(etag, max_age)
            meta = await run_in_threadpool(
                _meta, dataset, query, url, stamp, base, release, filters.region
            )
            columns, kinds = _columns(dataset), column_kinds(dataset)

            def write(out: IO[bytes]) -> None:
                # One snapshot, read as of the release ``meta`` names (issue 23).
                with bulk.bulk_engine(url).connect() as conn:
                    as_of = release if release is not None else views.as_of_stamp(conn, stamp)
                    batches: Iterator[list[dict[str, Any]]]
                    if dataset == "metrics":
                        batches = _metric_batches(
                            conn, filters.one_year(), filters.region, as_of
                        )
                    else:
                        batches = open_data.stream_records(
                            conn, dataset, filters.replace(release=as_of)
                        )
                    if fmt == "csv":
                        write_csv(out, columns, kinds, batches)
                    elif fmt == "json":
                        write_json(out, meta, batches)
                    else:
                        write_xlsx(out, columns, kinds, batches, meta)

            ticket = bulk.GATE.admit(bulk.client_address(request))
            try:
                handle_, size = await bulk.FILES.get(key, write, bulk.GATE)
            except BaseException:
                ticket.release()
                raise
            stem = f"{dataset}-{filters.region}-{filters.year}-r{meta['release']}"
            return bulk.FileAnswer(
                request,
                handle_,
                size,
                etag=etag,
                media_type=MEDIA[fmt],
                filename=f"{stem}.{fmt}",
                ticket=ticket,
                max_age=max_age,
            )

        return await guarded(request, attempt)

    return handle


# ------------------------------------------------------------------- release packages


def package_folder() -> Path:
    """Where built release packages are kept: ``$DASHBOARD_CACHE_DIR/release-packages``."""
    configured = CACHE_DIR.get()
    root = Path(configured) if configured else REPO_ROOT / "data" / "cache"
    return root / "release-packages"


def database_identity(url: str) -> str:
    """The database a package was built from, without its password (part of the key)."""
    try:
        shown = make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL still names one database
        shown = url
    return hashlib.sha256(shown.encode("utf-8")).hexdigest()[:16]


class PackageBuilds:
    """Release packages being built: one at a time per process, each once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="release-package"
        )
        self._pending: dict[Path, concurrent.futures.Future[release_package.BuiltPackage]] = {}

    def start(self, url: str, path: Path) -> concurrent.futures.Future[Any]:
        with self._lock:
            found = self._pending.get(path)
            if found is not None and not (found.done() and found.exception() is not None):
                return found
            future = self._pool.submit(self._build, url, path)
            self._pending[path] = future
            return future

    def _build(self, url: str, path: Path) -> release_package.BuiltPackage:
        try:
            return release_package.build_cached(bulk.bulk_engine(url), path)
        finally:
            with self._lock:
                done = self._pending.get(path)
                if done is not None and done.done():
                    self._pending.pop(path, None)


BUILDS = PackageBuilds()


def _package_path(url: str, release: int) -> Path:
    return release_package.cached_path(
        package_folder(), database_identity(url), reads.engine(url), release
    )


def _release_handler(db_url: str | None) -> Callable[[Request], Any]:
    async def handle(request: Request) -> Response:
        async def attempt(_lang: str) -> Response:
            raw = str(request.path_params["release"])
            if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:
                raise Problem(404, "release_not_found", id=raw[:12])
            release = int(raw)
            url = web_reads.database_url(db_url)
            stamp = await release_stamp(url, lambda: reads.release_stamp(url))
            known = {info.id for info in await run_in_threadpool(reads.releases, url, stamp)}
            if release not in known:
                raise Problem(404, "release_not_found", id=release)
            path = await run_in_threadpool(_package_path, url, release)
            built = release_package.read_cached(path)
            if built is None:
                future = BUILDS.start(url, path)
                try:
                    built = await asyncio_wait(future, FIRST_BUILD_WAIT)
                except TimeoutError:
                    raise Problem(
                        503,
                        "preparing",
                        headers={"Retry-After": str(RETRY_AFTER_BUILDING)},
                        id=release,
                    ) from None
            etag = f'"{built.sha256[:32]}"'
            if etag_matches(request.headers.get("if-none-match"), etag):
                return not_modified(etag, MAX_AGE_PINNED)
            ticket = bulk.GATE.admit(bulk.client_address(request))
            try:
                handle_ = await run_in_threadpool(built.path.open, "rb")
            except BaseException:
                ticket.release()
                raise
            return bulk.FileAnswer(
                request,
                handle_,
                built.size,
                etag=etag,
                media_type=ZIP,
                filename=f"release-{release}.zip",
                ticket=ticket,
                max_age=MAX_AGE_PINNED,
            )

        return await guarded(request, attempt)

    return handle


async def asyncio_wait(
    future: concurrent.futures.Future[release_package.BuiltPackage], seconds: float
) -> release_package.BuiltPackage:
    """The future's result within ``seconds`` (TimeoutError otherwise; it keeps running)."""
    import asyncio

    return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), seconds)


def records_routes(db_url: str | None = None) -> list[BaseRoute]:
    """Dataset downloads of a view and the data packages of releases (GET, HEAD, OPTIONS)."""
    return [
        Route(RECORDS_PREFIX + "{dataset}.{fmt}", _records_handler(db_url), methods=["GET"]),
        Route(RECORDS_PREFIX + "{dataset}.{fmt}", preflight, methods=["OPTIONS"]),
        Route(RELEASE_PREFIX + "{release}.zip", _release_handler(db_url), methods=["GET"]),
        Route(RELEASE_PREFIX + "{release}.zip", preflight, methods=["OPTIONS"]),
    ]


__all__ = ["DATASETS", "column_kinds", "records_path", "records_routes", "release_path"]
