"""Open-data downloads: every record behind a view, and a whole release, streamed.

Why streamed: "the projects of Jiangxi in 2017" is tens of thousands of rows with their
indicators, evaluations, applications and monitoring records; a journalist must get
all of them, not the 25 on screen, and the server must not hold them in memory. CSV
and JSON are written batch by batch as the database cursor yields them; XLSX (a zip
format that needs its directory at the end) is written row by row by openpyxl's
write-only mode into a spooled temporary file and then streamed.

Answers carry a strong ETag of (release stamp, table, parameters, app version), so a
repeat download is a ``304`` without touching the database. Withheld project-years and
everything attached to them are never written (``data_access.reads.open_data``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from starlette.concurrency import iterate_in_threadpool, run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from dashboard.core import reads
from dashboard.renderers.exports import json_value, safe_cell
from dashboard.web import reads as web_reads
from dashboard.web.charts import LocatedProblem, read_view
from dashboard.web.http import (
    CORS_HEADERS,
    MAX_AGE,
    MAX_AGE_PINNED,
    Problem,
    base_url,
    cache_control,
    cache_key,
    etag_matches,
    guarded,
    not_modified,
    release_stamp,
    strong_etag,
)
from dashboard.web.params import Query, read_query
from data_access.metrics import compute as metric_reads
from data_access.metrics.compute import METRIC_KEYS
from data_access.reads import open_data

RECORDS_PREFIX = "/download/records/"
RELEASE_PREFIX = "/download/release/"
KNOWN = ("year", "region", "scope", "dept", "release")
DATASETS: tuple[str, ...] = (*open_data.TABLES, "metrics")
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SPOOL_BYTES = 8 * 1024 * 1024


def records_path(dataset: str, fmt: str) -> str:
    """The path of a dataset download."""
    return f"{RECORDS_PREFIX}{dataset}.{fmt}"


def release_path(release: int) -> str:
    """The path of a release's bulk download."""
    return f"{RELEASE_PREFIX}{release}.zip"


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return safe_cell(value) if isinstance(value, str) else value


def _metric_batches(url: str, year: int, region: str, release: int | None) -> Iterator[list[dict]]:
    rows = metric_reads.children_metrics(reads.engine(url), year, region, release=release)
    batch = []
    for row in rows:
        record: dict[str, Any] = {"year": year, "code": row.code, "name": row.name}
        record["level"] = row.level
        record["kind"] = row.kind
        record.update({key: row.metrics.get(key) for key in METRIC_KEYS})
        batch.append(record)
    yield batch


def _columns(dataset: str) -> tuple[str, ...]:
    if dataset == "metrics":
        return ("year", "code", "name", "level", "kind", *METRIC_KEYS)
    return open_data.TABLES[dataset]


def csv_chunks(columns: tuple[str, ...], batches: Iterator[list[dict]]) -> Iterator[bytes]:
    """A CSV as it is read: BOM and header first, then one chunk per batch."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8")
    for batch in batches:
        buffer.seek(0)
        buffer.truncate()
        for row in batch:
            writer.writerow([_text(row.get(column)) for column in columns])
        yield buffer.getvalue().encode("utf-8")


def json_chunks(meta: dict[str, Any], batches: Iterator[list[dict]]) -> Iterator[bytes]:
    """``{"meta": ..., "data": [...]}`` written batch by batch."""
    yield (json.dumps({"meta": meta}, ensure_ascii=False)[:-1] + ', "data": [').encode("utf-8")
    first = True
    for batch in batches:
        parts = []
        for row in batch:
            text = json.dumps({k: json_value(v) for k, v in row.items()}, ensure_ascii=False)
            parts.append(text if first else "," + text)
            first = False
        if parts:
            yield ("\n".join(parts)).encode("utf-8")
    yield b"]}"


def xlsx_chunks(
    columns: tuple[str, ...], batches: Iterator[list[dict]], meta: dict[str, Any]
) -> Iterator[bytes]:
    """An XLSX built row by row (write-only) in a spooled file, then streamed."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    sheet.append(list(columns))
    for batch in batches:
        for row in batch:
            sheet.append([_xlsx(row.get(column)) for column in columns])
    about = workbook.create_sheet("about")
    for key, value in meta.items():
        text = json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value
        about.append([key, text])
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        workbook.save(spool)
        spool.seek(0)
        while chunk := spool.read(256 * 1024):
            yield chunk


def _xlsx(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        return safe_cell(value.replace("\x00", ""))
    return value


def _meta(
    dataset: str, query: Query, url: str, stamp: str, base: str, release: int | None
) -> dict[str, Any]:
    info = reads.served_release(url, stamp, release)
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


def _filters(query: Query, url: str, stamp: str) -> dict[str, Any]:
    """The checked filters of a dataset download (400 naming a bad parameter)."""
    from dashboard.specs import REGISTRY
    view = read_view(url, stamp, REGISTRY["projects_table"], query)
    return {
        "year": view.year,
        "region": view.region,
        "scope": view.scope,
        "department_id": view.department_id,
        "release": view.release,
    }


def _streamed(
    request: Request,
    key: str,
    max_age: int,
    media_type: str,
    filename: str,
    chunks: Callable[[], Iterator[bytes]],
) -> Response:
    etag = strong_etag(key)
    if etag_matches(request.headers.get("if-none-match"), etag):
        return not_modified(etag, max_age)
    return StreamingResponse(
        iterate_in_threadpool(chunks()),
        media_type=media_type,
        headers={
            **CORS_HEADERS,
            "ETag": etag,
            "Cache-Control": cache_control(max_age),
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )


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
            try:
                filters = await run_in_threadpool(_filters, query, url, stamp)
            except LocatedProblem as bad:
                # The pages' own message ("URL parameter year=abc: …"), as the chart
                # downloads answer it.
                return bad.response(request.url.path)
            base = base_url(request)
            release = filters["release"]
            meta = await run_in_threadpool(_meta, dataset, query, url, stamp, base, release)
            columns = _columns(dataset)

            def batches() -> Iterator[list[dict]]:
                if dataset == "metrics":
                    return _metric_batches(url, filters["year"], filters["region"], release)
                return open_data.stream_records(
                    reads.engine(url),
                    dataset,
                    year=filters["year"],
                    region=filters["region"],
                    scope=filters["scope"],
                    department_id=filters["department_id"],
                    release=release,
                )

            def chunks() -> Iterator[bytes]:
                if fmt == "csv":
                    return csv_chunks(columns, batches())
                if fmt == "json":
                    return json_chunks(meta, batches())
                return xlsx_chunks(columns, batches(), meta)

            key = cache_key(f"records:{dataset}.{fmt}", query.values.items(), stamp, base)
            stem = f"{dataset}-{filters['region']}-{filters['year']}-r{meta['release']}"
            return _streamed(
                request,
                key,
                MAX_AGE if release is None else MAX_AGE_PINNED,
                MEDIA[fmt],
                f"{stem}.{fmt}",
                chunks,
            )

        return await guarded(request, attempt)

    return handle


def release_zip_chunks(url: str, release: int) -> Iterator[bytes]:
    """Every public record as of ``release``, one CSV per table, in a zip (spooled)."""
    engine = reads.engine(url)
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for table, columns in open_data.TABLES.items():
                with archive.open(f"{table}.csv", "w") as member:
                    batches = open_data.stream_records(
                        engine, table, year=None, region=None, release=release
                    )
                    for chunk in csv_chunks(columns, batches):
                        member.write(chunk)
        spool.seek(0)
        while chunk := spool.read(256 * 1024):
            yield chunk


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
            key = cache_key(f"release:{release}", (), f"r{release}", base_url(request))
            return _streamed(
                request,
                key,
                MAX_AGE_PINNED,
                "application/zip",
                f"release-{release}.zip",
                lambda: release_zip_chunks(url, release),
            )

        return await guarded(request, attempt)

    return handle


def records_routes(db_url: str | None = None) -> list[BaseRoute]:
    """Dataset downloads of a view and bulk downloads of a release."""
    return [
        Route(RECORDS_PREFIX + "{dataset}.{fmt}", _records_handler(db_url), methods=["GET"]),
        Route(RELEASE_PREFIX + "{release}.zip", _release_handler(db_url), methods=["GET"]),
    ]


__all__ = ["DATASETS", "records_path", "records_routes", "release_path"]
