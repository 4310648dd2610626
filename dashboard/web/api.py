"""``/api/v1/…``: the dashboard's figures as JSON, beside the pages, without a session.

Why these shapes: every answer carries the figures (``metrics`` is exactly what
``python -m data_access metrics --json`` prints for the same view: money in 元 as JSON
numbers, rates as fractions, ``null`` for no data), the resolved query, and the release
they come from (``release``) so that a citation can be checked later; ``latest_release``
says whether newer data exists. Withheld project-years appear only inside counted
totals: the project list never lists them, and asking for one by code answers exactly
like an unknown code.

The project list pages with an opaque ``cursor``: the ``next`` link carries it and pins
the release served on the first page, so following ``next`` returns every project
exactly once even when a new release is imported meanwhile (on a data layer that cannot
pin releases yet, such a cursor answers 409 and the client starts again). The cursor is
a keyset (the sort key and row id of the last project served, ``queries.project_list``'s
``after``), not an offset: page 1,000 of a province costs what page 2 does.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from dashboard.core import params
from dashboard.web import reads
from dashboard.web.http import (
    MAX_AGE,
    MAX_AGE_PINNED,
    Answer,
    Problem,
    bad_parameter,
    guarded,
    json_bytes,
    preflight,
    release_stamp,
    serve_cached,
)
from dashboard.web.query import read_query, refusal
from data_access import regions as region_reads
from data_access.db.engine import serving_timeout
from data_access.metrics import compute as metric_reads
from data_access.metrics.compute import metrics_as_json
from data_access.reads import ledger, queries, views
from data_access.reads.selection import ViewFilter

PREFIX = "/api/v1"
CODE_MAX = 64
# Of the serving timeout, what is left for sending an answer built at the last moment.
ANSWER_MARGIN_S = 0.3


@dataclass(frozen=True)
class Call:
    """What a builder gets: the connection every read of the answer goes through (one
    snapshot: ``reads.in_snapshot``), the query's values as the parameter table parsed
    them (``dashboard.core.params``: the default where not given), path parameters,
    the stamp of that snapshot."""

    bind: Connection
    values: dict[str, Any]
    path: dict[str, str]
    stamp: str

    @property
    def release(self) -> int | None:
        release: int | None = self.values.get("release")
        return release


Builder = Callable[[Call], Any]


def endpoint(
    route: str, known: tuple[str, ...], build: Builder, db_url: str | None
) -> Callable[[Request], Any]:
    """A Starlette endpoint: parse, 304 or cached answer, else build off the event loop."""

    async def handle(request: Request) -> Response:
        async def attempt(_lang: str) -> Response:
            deadline = time.monotonic() + serving_timeout() - ANSWER_MARGIN_S
            names = (*known, "release")
            query = read_query(request, names)
            path = {k: str(v) for k, v in request.path_params.items()}
            url = reads.database_url(db_url)
            engine = reads.engine_for(url)
            stamp = await release_stamp(url, lambda: reads.release_stamp(engine))
            # The pages' parser and words; no cross-parameter rule (see ``params.parse``).
            parsed = params.parse(query.values, "api", names=names, check_range=False)
            if parsed.problems:
                raise await run_in_threadpool(refusal, url, stamp, parsed, query.lang)
            values = dict(parsed.values)
            if "order" in values:
                # The pages drop an order that is the sort's natural one; the API's
                # default is always ``desc``.
                values["order"] = parsed.given.get("order", "desc")
            pinned = values["release"]

            def answer() -> Answer:
                # The release label and every figure from one snapshot (issue 23).
                return reads.in_snapshot(
                    url,
                    engine,
                    stamp,
                    lambda conn, now: Answer(json_bytes(build(Call(conn, values, path, now)))),
                )

            return await serve_cached(
                request,
                route=route,
                params={**query.values, **{f"path.{k}": v for k, v in path.items()}},
                stamp=stamp,
                build=answer,
                lang=query.lang,
                max_age=MAX_AGE if pinned is None else MAX_AGE_PINNED,
                deadline=deadline,
            )

        return await guarded(request, attempt)

    return handle


# --------------------------------------------------------------------- shared parts


def _served(ctx: Call) -> dict[str, Any]:
    info, latest = reads.served_release(ctx.bind, ctx.release)
    return {"release": reads.release_summary(info), "latest_release": latest}


def _sourced(ctx: Call, served: dict[str, Any], region: str) -> dict[str, Any]:
    """``served`` naming, when no release is pinned, the newest release of the
    publishers with data in ``region`` (``views.source_release``) instead of the newest
    of all: a view cites the package its figures come from, not another publisher's
    (issue 23). The figures are the same either way."""
    if ctx.release is not None:
        return served
    chosen = views.source_release(ctx.bind, region)
    info = reads.release_info(ctx.bind, chosen) if chosen is not None else None
    if info is None or info.id == served["release"]["id"]:
        return served
    return {**served, "release": reads.release_summary(info)}


def _served_region(ctx: Call) -> tuple[dict[str, Any], region_reads.RegionRecord]:
    """What every answer about a region starts with: the release served (:func:`_served`),
    the region asked for (:func:`_region`), and the release cited for it
    (:func:`_sourced`), checked in that order."""
    served = _served(ctx)
    region = _region(ctx)
    return _sourced(ctx, served, region.code), region


def _region(ctx: Call, name: str = "region") -> region_reads.RegionRecord:
    code = ctx.values.get(name)
    if code is None:
        code = views.default_region(ctx.bind, release=ctx.release)
        if code is None:
            raise Problem(503, "no_data", headers={"Retry-After": "60"})
    found = region_reads.get_region(ctx.bind, code, ctx.release)
    if found is None:
        # A code of the right form that names no region: no such resource (404, as an
        # unknown release), not a malformed request; ``parameter`` still names it.
        raise Problem(404, "region_not_found", parameter=name, name=name)
    return found


def _year(ctx: Call) -> int:
    year: int | None = ctx.values.get("year")
    if year is not None:
        return year
    years = metric_reads.available_years(ctx.bind, release=ctx.release)
    if not years:
        raise Problem(503, "no_data", headers={"Retry-After": "60"})
    return years[-1]


def _department(ctx: Call) -> queries.DepartmentInfo | None:
    code = ctx.values.get("dept")
    if code is None:
        return None
    not_found = Problem(404, "department_not_found", parameter="dept")
    if len(code) > CODE_MAX:
        raise not_found
    found = queries.find_department(ctx.bind, code, release=ctx.release)
    if found is None:
        raise not_found
    return found


def _region_json(region: region_reads.RegionRecord) -> dict[str, Any]:
    return {
        "code": region.code,
        "name": region.name,
        "level": region.level,
        "parent_code": region.parent_code,
        "valid_from": region.valid_from,
        "valid_to": region.valid_to,
        **_succession_json(region.code),
    }


def _succession_json(code: str) -> dict[str, Any]:
    """The region ``code`` continues (``predecessor``, with the last fiscal year under
    its code) and the one that continues it (``successor``, with the first fiscal year
    under the new code), from the gazetteer's successions; null when none."""
    before = region_reads.predecessor(code)
    after = region_reads.successor(code)
    return {
        "predecessor": (
            {"code": before.code, "name": before.name, "until": before.year} if before else None
        ),
        "successor": (
            {"code": after.code, "name": after.name, "from": after.year} if after else None
        ),
    }


def _department_json(department: queries.DepartmentInfo | None) -> dict[str, Any] | None:
    if department is None:
        return None
    return {
        "code": department.code,
        "name": department.name,
        "region_code": department.region_code,
        "publisher": department.publisher,
    }


def _subject(
    ctx: Call,
    region: region_reads.RegionRecord,
    year: int | None,
    department: queries.DepartmentInfo | None,
    sector: str | None = None,
) -> ViewFilter:
    """The project-years a request covers (its ``scope`` and pinned release with the
    region, year and department already looked up): the one value the reads take."""
    return ViewFilter(
        year,
        region.code,
        ctx.values["scope"],
        department.id if department else None,
        sector,
        ctx.release,
    )


# ------------------------------------------------------------------------ builders


def _view_query(
    ctx: Call,
    region: region_reads.RegionRecord,
    year: int,
    department: queries.DepartmentInfo | None,
) -> dict[str, Any]:
    """The view's parameters as an answer repeats them (in its ``query``, and in the
    next page's link): year, region, scope, department, in that order."""
    return {
        "year": year,
        "region": region.code,
        "scope": ctx.values["scope"],
        "dept": department.code if department else None,
    }


def build_metrics(ctx: Call) -> dict[str, Any]:
    served, region = _served_region(ctx)
    year = _year(ctx)
    department = _department(ctx)
    sector = ctx.values.get("sector")
    values = metric_reads.compute_metrics(
        ctx.bind, _subject(ctx, region, year, department, sector)
    )
    return {
        "query": {
            **_view_query(ctx, region, year, department),
            "sector": sector,
            "release": ctx.release,
        },
        "region": _region_json(region),
        "department": _department_json(department),
        **served,
        "metrics": metrics_as_json(values),
    }


def build_children(ctx: Call) -> dict[str, Any]:
    served, region = _served_region(ctx)
    year = _year(ctx)
    rows = metric_reads.children_metrics(ctx.bind, year, region.code, release=ctx.release)
    total = metric_reads.compute_metrics(
        ctx.bind, ViewFilter(year, region.code, release=ctx.release)
    )
    return {
        "query": {"year": year, "region": region.code, "release": ctx.release},
        "region": _region_json(region),
        **served,
        "total": metrics_as_json(total),
        "parts": [
            {
                "code": row.code,
                "name": row.name,
                "level": row.level,
                "kind": row.kind,
                **_succession_json(row.code),
                "metrics": metrics_as_json(row.metrics),
            }
            for row in rows
        ],
    }


def build_years(ctx: Call) -> dict[str, Any]:
    served, region = _served_region(ctx)
    scope = ctx.values["scope"]
    department = _department(ctx)
    series = metric_reads.year_series(ctx.bind, _subject(ctx, region, None, department))
    return {
        "query": {
            "region": region.code,
            "scope": scope,
            "dept": department.code if department else None,
            "release": ctx.release,
        },
        "region": _region_json(region),
        "department": _department_json(department),
        **served,
        "series": [{"year": year, "metrics": metrics_as_json(m)} for year, m in series],
    }


def build_departments(ctx: Call) -> dict[str, Any]:
    served, region = _served_region(ctx)
    year = _year(ctx)
    rows = metric_reads.department_metrics(ctx.bind, year, region.code, release=ctx.release)
    return {
        "query": {"year": year, "region": region.code, "release": ctx.release},
        "region": _region_json(region),
        **served,
        "departments": [
            {"code": d.code, "name": d.name, "metrics": metrics_as_json(d.metrics)} for d in rows
        ],
    }


# -- projects: cursor paging


def _filters_digest(values: dict[str, Any]) -> str:
    text = json.dumps(values, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def encode_cursor(payload: dict[str, Any]) -> str:
    raw = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(text: str) -> dict[str, Any]:
    """The payload of a cursor this API wrote: ``a`` the keyset of the last project
    served, ``n`` how many projects came before the next page, ``l`` the page size,
    ``f`` the filters' digest (and ``r`` the pinned release or ``s`` the stamp), ``t``
    the total of the first page, so later pages count nothing (the cursor pins the
    release: the total cannot change under it)."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        payload = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise bad_parameter("cursor", "cursor") from None
    valid = (
        isinstance(payload, dict)
        and isinstance(payload.get("a"), list)
        and 2 <= len(payload["a"]) <= 3
        and isinstance(payload.get("n"), int)
        and isinstance(payload.get("l"), int)
        and isinstance(payload.get("f"), str)
        and 1 <= payload["l"] <= params.MAX_LIMIT
        and payload["n"] >= 0
        and (
            "t" not in payload
            or (type(payload["t"]) is int and payload["t"] >= payload["n"])
        )
    )
    if not valid:
        raise bad_parameter("cursor", "cursor")
    return payload


def _project_row(row: queries.ProjectRow) -> dict[str, Any]:
    item = dataclasses.asdict(row)
    item["links"] = {"self": f"{PREFIX}/projects/{row.project_code}?year={row.fiscal_year}"}
    return item


def build_projects(ctx: Call) -> dict[str, Any]:
    served, region = _served_region(ctx)
    sort, order, limit = ctx.values["sort"], ctx.values["order"], ctx.values["limit"]
    year = _year(ctx)
    department = _department(ctx)
    chosen = params.list_filter(ctx.values)
    filters = {
        **_view_query(ctx, region, year, department),
        "q": chosen.search,
        "grade": ",".join(chosen.grades) or None,
        "flag": chosen.flag,
        "verdict": chosen.verdict,
        "score_min": chosen.score_min,
        "score_max": chosen.score_max,
        "sort": sort,
        "order": order,
    }
    digest = _filters_digest(filters)
    seen = 0
    after: list[Any] | None = None
    known_total: int | None = None
    raw_cursor = ctx.values.get("cursor")
    if raw_cursor is not None:
        cursor = decode_cursor(raw_cursor)
        if cursor["f"] != digest:
            raise bad_parameter("cursor", "cursor")
        if "r" in cursor and cursor["r"] != ctx.release:
            raise bad_parameter("cursor", "cursor")
        after, seen, limit = cursor["a"], cursor["n"], cursor["l"]
        known_total = cursor.get("t")
    try:
        found = queries.project_list(
            ctx.bind,
            _subject(ctx, region, year, department),
            chosen,
            sort,
            order == "desc",
            page_size=limit,
            after=after,
            with_total=known_total is None,
        )
    except ValueError:
        # Only a cursor can be wrong here: every other parameter was checked above.
        raise bad_parameter("cursor", "cursor") from None
    total = found.total if found.total is not None else known_total
    assert total is not None  # counted unless the cursor carried it
    next_link = None
    if seen + len(found.rows) < total and found.last_key is not None:
        following: dict[str, Any] = {
            "a": list(found.last_key),
            "n": seen + len(found.rows),
            "l": limit,
            "f": digest,
            "t": total,
        }
        pinned = ctx.release if ctx.release is not None else served["release"]["id"]
        link = {k: v for k, v in filters.items() if v is not None}
        following["r"] = pinned
        link["release"] = pinned
        link["cursor"] = encode_cursor(following)
        next_link = f"{PREFIX}/projects?{urlencode(link)}"
    return {
        "query": {**filters, "limit": limit, "release": ctx.release},
        "region": _region_json(region),
        "department": _department_json(department),
        **served,
        "total": total,
        "offset": seen,
        "items": [_project_row(row) for row in found.rows],
        "links": {"next": next_link},
    }


def build_project(ctx: Call) -> dict[str, Any]:
    served = _served(ctx)
    code = ctx.path["code"]
    year = ctx.values.get("year")
    not_found = Problem(404, "project_not_found")
    if len(code) > CODE_MAX:
        raise not_found
    record = queries.project_record(ctx.bind, code, year, release=ctx.release)
    if record is None:
        raise not_found
    if year is None and (record.withheld or record.year_missing) and record.public_years:
        # Without a year, show the latest *public* year: a withheld latest year must
        # neither hide the project nor be hinted at.
        record = queries.project_record(
            ctx.bind, code, max(record.public_years), release=ctx.release
        )
    if record is None or record.withheld or record.year_missing or record.detail is None:
        raise not_found
    served = _sourced(ctx, served, record.detail.region_code)
    detail = dataclasses.asdict(record.detail)
    detail["department"].pop("id", None)
    found = ledger.project_ledger(
        ctx.bind, code, record.detail.fiscal_year, release=ctx.release
    )
    return {
        "query": {"code": code, "year": year, "release": ctx.release},
        **served,
        "public_years": record.public_years,
        "project": detail,
        "ledger": ledger.row_as_json(found) if found is not None else None,
    }


def build_ledger(ctx: Call) -> dict[str, Any]:
    """The result-application ledger of a view: its summary, the region's parts (本级
    and children, for a region's 全辖) and its departments, and the rows by project
    code, paged with ``cursor`` (the last code served: a keyset, so a deep page costs
    what the first does)."""
    served, region = _served_region(ctx)
    scope = ctx.values["scope"]
    year = _year(ctx)
    department = _department(ctx)
    verdict = ctx.values.get("verdict")
    limit = ctx.values["limit"]
    after = ctx.values.get("cursor")
    if after is not None and len(after) > CODE_MAX:
        raise bad_parameter("cursor", "cursor")
    subject = _subject(ctx, region, year, department)
    rows = ledger.ledger_rows(
        ctx.bind,
        subject,
        verdicts=None if verdict is None else [verdict],
        after=after,
        limit=limit + 1,
    )
    more = len(rows) > limit
    rows = rows[:limit]
    filters = {**_view_query(ctx, region, year, department), "verdict": verdict}
    next_link = None
    if more and rows:
        pinned = ctx.release if ctx.release is not None else served["release"]["id"]
        link = {k: v for k, v in filters.items() if v is not None}
        link.update(release=pinned, limit=limit, cursor=rows[-1].project_code)
        next_link = f"{PREFIX}/ledger?{urlencode(link)}"
    summary = ledger.ledger_summary(ctx.bind, subject)
    parts = (
        ledger.ledger_summary(ctx.bind, subject, group="child")
        if scope == "all" and department is None
        else []
    )
    departments = ledger.ledger_summary(ctx.bind, subject, group="department")
    return {
        "query": {**filters, "limit": limit, "cursor": after, "release": ctx.release},
        "region": _region_json(region),
        "department": _department_json(department),
        **served,
        "summary": ledger.summary_as_json(summary),
        "parts": [ledger.summary_as_json(p) for p in parts],
        "departments": [ledger.summary_as_json(d) for d in departments],
        "items": [ledger.row_as_json(row) for row in rows],
        "links": {"next": next_link},
    }


def build_regions(ctx: Call) -> dict[str, Any]:
    served, region = _served_region(ctx)
    depth = ctx.values["depth"]

    def subtree(code: str, levels: int) -> list[dict[str, Any]]:
        if levels <= 0:
            return []
        return [
            {**_region_json(child), "children": subtree(child.code, levels - 1)}
            for child in region_reads.children(ctx.bind, code, ctx.release)
        ]

    return {
        "query": {"region": region.code, "depth": depth, "release": ctx.release},
        **served,
        "region": _region_json(region),
        "lineage": [
            _region_json(r) for r in region_reads.lineage(ctx.bind, region.code, ctx.release)
        ],
        "children": subtree(region.code, depth),
    }


def build_releases(ctx: Call) -> dict[str, Any]:
    found = reads.all_releases(ctx.bind)
    latest = found[0].id if found else None
    if ctx.release is not None:
        found = [r for r in found if r.id == ctx.release]
        if not found:
            raise Problem(404, "release_not_found", id=ctx.release)
    return {
        "query": {"release": ctx.release},
        "latest_release": latest,
        "releases": [reads.release_record(r) for r in found],
    }


# -------------------------------------------------------------------------- routes

ENDPOINTS: tuple[tuple[str, tuple[str, ...], Builder], ...] = (
    ("/metrics", ("year", "region", "scope", "dept", "sector"), build_metrics),
    ("/children", ("year", "region"), build_children),
    ("/years", ("region", "scope", "dept"), build_years),
    ("/departments", ("year", "region"), build_departments),
    (
        "/projects",
        (
            "year",
            "region",
            "scope",
            "dept",
            "q",
            "grade",
            "flag",
            "verdict",
            "score_min",
            "score_max",
            "sort",
            "order",
            "limit",
            "cursor",
        ),
        build_projects,
    ),
    ("/projects/{code}", ("year",), build_project),
    (
        "/ledger",
        ("year", "region", "scope", "dept", "verdict", "limit", "cursor"),
        build_ledger,
    ),
    ("/regions", ("region", "depth"), build_regions),
    ("/releases", (), build_releases),
)


def api_routes(db_url: str | None = None) -> list[BaseRoute]:
    """The JSON endpoints (GET, HEAD, and OPTIONS for CORS preflights)."""
    found: list[BaseRoute] = []
    for path, known, build in ENDPOINTS:
        handler = endpoint(f"api{path}", known, build, db_url)
        found.append(Route(PREFIX + path, handler, methods=["GET"]))
        found.append(Route(PREFIX + path, preflight, methods=["OPTIONS"]))
    return found
