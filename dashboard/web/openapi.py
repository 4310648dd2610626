"""``/api/v1/openapi.json``: the OpenAPI 3.1 description of the API, written as data.

Why written as data: the document is the contract journalists and tools code against, so
it is reviewed like code; a test validates it with ``openapi-spec-validator``, calls
every path with its documented example parameters and checks each answer's status,
content type and body against the schemas below, and schemathesis fuzzes the API
against it. Its query parameters are generated from the one URL-parameter table
(``dashboard.core.params``) that also parses them, so the document cannot promise a
value the API refuses; metric properties derive from ``data_access.metrics.compute`` so
a new metric key cannot be forgotten here.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from dashboard.core.i18n import t
from dashboard.core.params import BY_NAME, Param
from dashboard.web.api import ENDPOINTS, PREFIX
from dashboard.web.http import (
    APP_VERSION,
    JSON,
    PROBLEM_JSON,
    Answer,
    base_url,
    cache_key,
    compress,
    etag_matches,
    full_response,
    json_bytes,
    not_modified,
    preflight,
    representation_etag,
    strong_etag,
)
from data_access.disclosure import WITHHELD_LINE
from data_access.metrics.compute import (
    COUNT_METRICS,
    METRIC_KEYS,
    MONEY_METRICS,
    RATE_METRICS,
)
from data_access.reads.ledger import VERDICTS, NamedProjectYear

REF = "#/components/schemas/"
NULLABLE_STRING = {"type": ["string", "null"]}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": REF + name}


def _metric_schema(key: str) -> dict[str, Any]:
    if key in WITHHELD_LINE:
        kind = "number" if key in MONEY_METRICS else "integer"
        return {
            "type": [kind, "null"],
            "minimum": 0,
            "description": "withheld project-years (元 for money); null where they do not "
            "count, i.e. below region level (department and sector figures): see /about",
        }
    if key in MONEY_METRICS:
        return {"type": "number", "description": "元 (yuan), exact to the fen"}
    if key in RATE_METRICS:
        return {
            "type": ["number", "null"],
            "minimum": 0,
            "maximum": 1,
            "description": "fraction; null when its denominator is zero (no data)",
        }
    if key in COUNT_METRICS:
        return {"type": "integer", "minimum": 0}
    return {"type": ["number", "null"], "description": "score points; null when no data"}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
    }


def _answer(properties: dict[str, Any]) -> dict[str, Any]:
    """An API answer: the release served, then the query as understood and
    ``properties``."""
    return {"allOf": [_ref("Served"), _object({"query": {"type": "object"}, **properties})]}


def _maybe_number(description: str | None = None) -> dict[str, Any]:
    """A number or null (where there is no data), described when told."""
    found: dict[str, Any] = {"type": ["number", "null"]}
    if description is not None:
        found["description"] = description
    return found


def _array(items: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"type": "array", **more, "items": items}


# What the view answers name: its region, and its department when ``dept`` is given.
_VIEW = {"region": _ref("Region"), "department": _ref("Department")}
_JSON_TYPES = {"str": "string", "int": "integer"}
# The fields naming a project-year in a list row, as ``NamedProjectYear`` declares them.
_NAMED_PROJECT_YEAR = {
    f.name: {"type": _JSON_TYPES[str(f.type)]} for f in fields(NamedProjectYear)
}
_GRADE = {"type": ["string", "null"], "enum": ["excellent", "good", "fair", "poor", None]}
_NEXT_LINK = "the next page{} (pinned to the release served), null on the last page"


def _next_link(what: str) -> dict[str, Any]:
    """``links`` of a paged answer: the next page (of ``what``)."""
    text = _NEXT_LINK.format(f" of {what}" if what else "")
    return _object({"next": {"type": ["string", "null"], "description": text}})


def _link(year: str, description: str) -> dict[str, Any]:
    """A region a renamed or replaced region is linked to, or null."""
    return {
        "oneOf": [
            {"type": "null"},
            _object(
                {
                    "code": {"type": "string", "pattern": "^[0-9]{6}$"},
                    "name": {"type": "string"},
                    year: {"type": "integer"},
                }
            ),
        ],
        "description": description,
    }


# A region's predecessor and successor under another code (GB/T 2260 changes).
_SUCCESSION = {
    "predecessor": _link(
        "until",
        "the region this one continues under an earlier code (赣县区: 赣县), with the "
        "last fiscal year under that code; null when none",
    ),
    "successor": _link(
        "from",
        "the region that continues this one under a later code (赣县: 赣县区), with "
        "the first fiscal year under that code; null when none",
    ),
}


SCHEMAS: dict[str, Any] = {
    "Metrics": {
        **_object({key: _metric_schema(key) for key in METRIC_KEYS}),
        "additionalProperties": False,
        "description": "Every metric of a view, exactly as `python -m data_access metrics "
        "--json` prints it.",
    },
    "Region": _object(
        {
            "code": {"type": "string", "pattern": "^[0-9]{6}$"},
            "name": {"type": "string"},
            "level": {"type": "string", "enum": ["province", "city", "county"]},
            "parent_code": NULLABLE_STRING,
            "valid_from": {
                "type": ["integer", "null"],
                "description": "the first fiscal year the region existed in (null: "
                "open-ended); a year's children are the regions that existed then or "
                "hold data then",
            },
            "valid_to": {
                "type": ["integer", "null"],
                "description": "the last fiscal year the region existed in (null: it "
                "still exists)",
            },
            **_SUCCESSION,
        }
    ),
    "RegionTree": {
        "allOf": [_ref("Region"), _object({"children": _array(_ref("RegionTree"))})]
    },
    "Department": {
        "oneOf": [
            {"type": "null"},
            _object(
                {
                    "code": {"type": "string"},
                    "name": {"type": "string"},
                    "region_code": {"type": "string"},
                    "publisher": {"type": "string"},
                }
            ),
        ]
    },
    "ReleaseSummary": _object(
        {
            "id": {"type": "integer"},
            "title": NULLABLE_STRING,
            "title_en": {
                "type": ["string", "null"],
                "description": "the package's English title (title_en), when it gave one",
            },
            "package_name": {"type": "string"},
            "publisher": {"type": "string"},
            "imported_at": {"type": "string", "format": "date-time"},
            "published": {"type": ["string", "null"], "format": "date"},
            "checksum": {"type": "string", "description": "SHA-256 of the package"},
            "license": NULLABLE_STRING,
            "is_demo": {"type": "boolean"},
        }
    ),
    "Release": {
        "allOf": [
            _ref("ReleaseSummary"),
            _object(
                {
                    "fiscal_years": _array({"type": "integer"}),
                    "row_counts": {
                        "type": "object",
                        "additionalProperties": {"type": "integer"},
                    },
                    "sources": _array({"type": "object"}),
                    "links": _object(
                        {"dashboard": {"type": "string"}, "api": {"type": "string"}}
                    ),
                }
            ),
        ]
    },
    "Served": _object(
        {
            "release": _ref("ReleaseSummary"),
            "latest_release": {
                "type": "integer",
                "description": "the newest release; differs from release.id when newer "
                "data exists than the release served",
            },
        }
    ),
    "MetricsAnswer": _answer({**_VIEW, "metrics": _ref("Metrics")}),
    "ChildrenAnswer": _answer(
        {
            "region": _ref("Region"),
            "total": _ref("Metrics"),
            "parts": _array(
                _object(
                    {
                        "code": {"type": "string"},
                        "name": {"type": "string"},
                        "level": {"type": "string"},
                        "kind": {"type": "string", "enum": ["own", "child"]},
                        **_SUCCESSION,
                        "metrics": _ref("Metrics"),
                    }
                ),
                description="the region's 本级 (kind own) then each child's 全辖; "
                "money and counts add up to total",
            ),
        }
    ),
    "YearsAnswer": _answer(
        {
            **_VIEW,
            "series": _array(
                _object({"year": {"type": "integer"}, "metrics": _ref("Metrics")})
            ),
        }
    ),
    "DepartmentsAnswer": _answer(
        {
            "region": _ref("Region"),
            "departments": _array(
                _object(
                    {
                        "code": {"type": "string"},
                        "name": {"type": "string"},
                        "metrics": _ref("Metrics"),
                    }
                )
            ),
        }
    ),
    "ProjectRow": _object(
        {
            **_NAMED_PROJECT_YEAR,
            "sector": NULLABLE_STRING,
            "budget_adjusted": {"type": "number", "description": "元"},
            "spent": _maybe_number("元"),
            "execution_rate": _maybe_number(),
            "final_score": _maybe_number(),
            "final_grade": _GRADE,
            "has_targets": {"type": "boolean"},
            "money_at_stake": _maybe_number(
                "元 at stake when filtered by `flag` or sorted `flagged`"
            ),
            "links": _object({"self": {"type": "string"}}),
        }
    ),
    "ProjectsAnswer": _answer(
        {
            **_VIEW,
            "total": {"type": "integer", "description": "published projects matching"},
            "offset": {
                "type": "integer",
                "description": "how many projects came before this page",
            },
            "items": _array(_ref("ProjectRow")),
            "links": _next_link(""),
        }
    ),
    "ProjectAnswer": _answer(
        {
            "public_years": _array({"type": "integer"}),
            "project": _object(
                {
                    "fiscal_year": {"type": "integer"},
                    "project_code": {"type": "string"},
                    "project_name": {"type": "string"},
                    "department": _ref("Department"),
                    "region_code": {"type": "string"},
                    "region_name": {"type": "string"},
                    "sector": NULLABLE_STRING,
                    "budget_initial": _maybe_number(),
                    "budget_adjusted": {"type": "number"},
                    "spent": _maybe_number(),
                    "execution_rate": _maybe_number(),
                    "has_targets": {"type": "boolean"},
                    "overall_target": NULLABLE_STRING,
                    "overall_result": NULLABLE_STRING,
                    **{
                        name: _array({"type": "object"})
                        for name in ("indicators", "monitoring", "evaluations")
                    },
                    "final_evaluation": {"type": ["object", "null"]},
                }
            ),
            "ledger": {
                "oneOf": [{"type": "null"}, _ref("LedgerRow")],
                "description": "the project-year's line of the result-application "
                "ledger; null when it was not evaluated",
            },
        }
    ),
    "LedgerRow": {
        **_object(
            {
                **_NAMED_PROJECT_YEAR,
                "budget": {"type": "number", "description": "this year's budget_adjusted, 元"},
                "final_grade": _GRADE,
                "final_score": _maybe_number(),
                "announced": _object(
                    {
                        "action": {"type": ["string", "null"]},
                        **{
                            name: _maybe_number("as the application record states it, 元")
                            for name in ("next_year_budget", "budget_change")
                        },
                        "status": NULLABLE_STRING,
                        "implied_next_year_budget": _maybe_number(
                            "the stated budget; else this year's plus the "
                            "stated change; else 0 for cancel, this year's for maintain"
                        ),
                        "implied_change": _maybe_number(),
                    }
                ),
                "actual": _object(
                    {
                        "next_year": {"type": "integer"},
                        "next_year_published": {
                            "type": "boolean",
                            "description": "whether the publisher has published next_year",
                        },
                        "next_year_budget": _maybe_number(
                            "budget_adjusted of the same project code's "
                            "public project-year of next_year, 元"
                        ),
                        "change": _maybe_number("next_year_budget minus budget, 元"),
                    }
                ),
                "difference": _maybe_number(
                    "actual next_year_budget minus the implied announced one, 元"
                ),
                "verdict": {"type": "string", "enum": list(VERDICTS)},
            }
        ),
        "description": "One evaluated public project-year: what its result application "
        "announced for the next budget beside the budget the next year actually "
        "published, and the verdict (see /about).",
    },
    "LedgerSummary": _object(
        {
            "kind": {"type": "string", "enum": ["total", "own", "child", "department"]},
            "code": {"type": "string"},
            "name": {"type": "string"},
            "evaluated": {"type": "integer", "minimum": 0},
            "budget": {"type": "number"},
            "verdicts": {
                "type": "object",
                "properties": {
                    verdict: _object(
                        {"count": {"type": "integer"}, "budget": {"type": "number"}}
                    )
                    for verdict in VERDICTS
                },
                "required": list(VERDICTS),
            },
            "cuts_announced": {"type": "integer"},
            "cuts_carried_out": {"type": "integer"},
            "cuts_not_carried_out": {"type": "integer"},
            "fair_poor": {"type": "integer"},
            "fair_poor_cut_announced": {"type": "integer"},
            "fair_poor_with_next_year": {"type": "integer"},
            "fair_poor_actually_cut": {"type": "integer"},
            "actual_change": {"type": "number"},
        }
    ),
    "LedgerAnswer": _answer(
        {
            **_VIEW,
            "summary": _ref("LedgerSummary"),
            "parts": _array(
                _ref("LedgerSummary"),
                description="the region's 本级 then each child region's 全辖 "
                "(scope all, no dept); they add up to summary",
            ),
            "departments": _array(_ref("LedgerSummary")),
            "items": _array(_ref("LedgerRow")),
            "links": _next_link("items"),
        }
    ),
    "RegionsAnswer": _answer(
        {
            "region": _ref("Region"),
            "lineage": _array(_ref("Region")),
            "children": _array(_ref("RegionTree")),
        }
    ),
    "ReleasesAnswer": _object(
        {
            "query": {"type": "object"},
            "latest_release": {"type": ["integer", "null"]},
            "releases": _array(_ref("Release")),
        }
    ),
    "Problem": {
        **_object(
            {
                "type": {"type": "string", "format": "uri-reference"},
                "title": {"type": "string"},
                "status": {"type": "integer"},
                "detail": {"type": "string"},
                "instance": {"type": "string", "format": "uri-reference"},
                "parameter": {
                    "type": "string",
                    "description": "the query parameter at fault (400; 404 for a region "
                    "or department that does not exist)",
                },
            },
            required=["type", "title", "status", "detail"],
        ),
        "description": "RFC 9457 problem details; title and detail in the language of "
        "`lang`.",
    },
}


# ------------------------------------------------------------------- parameters


def query_parameter(param: Param) -> dict[str, Any]:
    """A query parameter as the one table declares it (``dashboard.core.params``): the
    parser's own schema, so that the document promises exactly what is accepted, and the
    i18n description. An empty value (``year=``) means "not given", as on the pages."""
    found: dict[str, Any] = {
        "name": param.name,
        "in": "query",
        "description": t(f"api.param.{param.name}", "en"),
        "required": False,
        "allowEmptyValue": True,
        "schema": param.schema(),
    }
    if param.example is not None:
        found["example"] = param.example
    return found


# Every query parameter of the API, in the order the endpoints name them.
API_PARAMS: tuple[str, ...] = tuple(
    dict.fromkeys(name for _, known, _ in ENDPOINTS for name in (*known, "release", "lang"))
)
PARAMETERS: dict[str, Any] = {
    **{name: query_parameter(BY_NAME[name]) for name in API_PARAMS},
    "code": {
        "name": "code",
        "in": "path",
        "description": t("api.param.code", "en"),
        "required": True,
        "schema": {"type": "string"},
        "example": "36000017001",
    },
}


def _uses(*names: str) -> list[dict[str, str]]:
    return [{"$ref": f"#/components/parameters/{name}"} for name in (*names, "release", "lang")]


def _ok(schema: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "headers": {
            "ETag": {"$ref": "#/components/headers/ETag"},
            "Cache-Control": {"$ref": "#/components/headers/CacheControl"},
            "Access-Control-Allow-Origin": {"$ref": "#/components/headers/CORS"},
        },
        "content": {JSON: {"schema": _ref(schema)}},
    }


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM_JSON: {"schema": _ref("Problem")}}}


def _errors(*statuses: str) -> dict[str, Any]:
    texts = {
        "400": "A parameter is not valid; `parameter` names it.",
        "404": "Unknown release, region or department (or project); `parameter` names "
        "the query parameter at fault.",
        "409": "The list changed since the cursor was issued; start again.",
        "501": "This server cannot serve an older release yet.",
        "503": "No data imported yet, or the database cannot be read.",
    }
    return {
        "304": {"description": "Not modified (the `If-None-Match` ETag is current)."},
        **{status: _problem(texts[status]) for status in statuses},
    }


# What an endpoint reading a view can answer besides 200 and 304.
_VIEW_ERRORS = ("400", "404", "501", "503")


def _get(
    summary: str, description: str, params: list[dict[str, str]], ok: dict[str, Any], *errs: str
) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "description": description,
            "parameters": params,
            "responses": {"200": ok, **_errors(*errs)},
        }
    }


PATHS: dict[str, Any] = {
    f"{PREFIX}/metrics": _get(
        "Metrics of one view",
        "Every metric key for a year, region and scope (optionally a department or "
        "sector): the same keys and numbers as `python -m data_access metrics --json`.",
        _uses("year", "region", "scope", "dept", "sector"),
        _ok("MetricsAnswer", "The metrics, the view and the release served."),
        *_VIEW_ERRORS,
    ),
    f"{PREFIX}/children": _get(
        "A region split into its 本级 and children",
        "The region's 全辖 for a year as its own level (本级) plus each child region's "
        "全辖; money and counts of the parts add up to `total`.",
        _uses("year", "region"),
        _ok("ChildrenAnswer", "The total and its parts."),
        *_VIEW_ERRORS,
    ),
    f"{PREFIX}/years": _get(
        "Year series",
        "The metrics of every year with data, ascending.",
        _uses("region", "scope", "dept"),
        _ok("YearsAnswer", "One entry per year."),
        *_VIEW_ERRORS,
    ),
    f"{PREFIX}/departments": _get(
        "Departments of a government",
        "The departments of the region's own government with project-years in the year, "
        "with their metrics.",
        _uses("year", "region"),
        _ok("DepartmentsAnswer", "One entry per department."),
        *_VIEW_ERRORS,
    ),
    f"{PREFIX}/projects": _get(
        "Published projects",
        "Filtered, sorted, paged list of published project-years (withheld ones are never "
        "listed; they count only in the metrics' totals). Follow `links.next` for the "
        "next page: it is pinned to the release of the first page, so paging returns "
        "every project exactly once. The cursor is a keyset (the last project's sort key "
        "and id), so a deep page costs what the first one does.",
        _uses(
            "year", "region", "scope", "dept", "q", "grade", "flag", "verdict", "score_min",
            "score_max", "sort", "order", "limit", "cursor",
        ),
        _ok("ProjectsAnswer", "A page of projects."),
        "400",
        "404",
        "409",
        "501",
        "503",
    ),
    f"{PREFIX}/projects/{{code}}": _get(
        "One published project",
        "Everything published about a project in a year (default: its latest published "
        "year). A withheld project-year answers exactly like an unknown code.",
        [{"$ref": "#/components/parameters/code"}, *_uses("year")],
        _ok("ProjectAnswer", "The project."),
        *_VIEW_ERRORS,
    ),
    f"{PREFIX}/ledger": _get(
        "Result-application ledger",
        "For every evaluated public project-year of a view: its final grade, what its "
        "result application announced for the next budget (action, next-year budget, "
        "change), the budget the next year actually published for the same project code, "
        "the difference and a verdict (carried_out, not_carried_out, project_ended, "
        "no_next_year, not_announced), with summaries of the view, its parts and its "
        "departments. Items by project code; follow `links.next` for the next page.",
        _uses("year", "region", "scope", "dept", "verdict", "limit", "cursor"),
        _ok("LedgerAnswer", "The ledger of the view."),
        *_VIEW_ERRORS,
    ),
    f"{PREFIX}/regions": _get(
        "Region tree",
        "A region of the national gazetteer, its ancestors and its subtree.",
        _uses("region", "depth"),
        _ok("RegionsAnswer", "The region and its subtree."),
        *_VIEW_ERRORS,
    ),
    f"{PREFIX}/releases": _get(
        "Releases",
        "Every imported package, newest first, with checksums (or only `release`).",
        _uses(),
        _ok("ReleasesAnswer", "The releases."),
        "400",
        "404",
    ),
    f"{PREFIX}/openapi.json": {
        "get": {
            "summary": "This document",
            "responses": {
                "200": {
                    "description": "OpenAPI 3.1",
                    "content": {JSON: {"schema": {"type": "object"}}},
                },
                "304": {"description": "Not modified."},
            },
        }
    },
    "/feed.xml": {
        "get": {
            "summary": "Atom feed of releases",
            "description": "One entry per release: publisher, import date, fiscal years, "
            "checksum, and a link to the dashboard pinned to it.",
            "parameters": [{"$ref": "#/components/parameters/lang"}],
            "responses": {
                "200": {
                    "description": "Atom 1.0 (RFC 4287)",
                    "content": {"application/atom+xml": {"schema": {"type": "string"}}},
                },
                "304": {"description": "Not modified."},
                "400": _problem("A parameter is not valid (`lang` other than zh or en)."),
                "503": _problem("The database cannot be read."),
            },
        }
    },
}


def document() -> dict[str, Any]:
    """The OpenAPI 3.1 document (a fresh dict each call)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Budget-performance dashboard API · 预算绩效公开看板接口",
            "version": APP_VERSION,
            "summary": "Budget-performance results (预算绩效管理) as open data.",
            "description": "Money in 元 (yuan) as JSON numbers exact to the fen; rates as "
            "fractions in [0, 1]; `null` where there is no data. Every answer names the "
            "release its figures come from; pass `release=` to pin one. Answers carry a "
            "strong ETag and `Cache-Control: public`; send `If-None-Match` for a 304. "
            "Errors are RFC 9457 problem details. CORS is open for GET.",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "servers": [{"url": "/"}],
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "parameters": PARAMETERS,
            "headers": {
                "ETag": {"description": "Strong entity tag", "schema": {"type": "string"}},
                "CacheControl": {
                    "description": "public, max-age=…",
                    "schema": {"type": "string"},
                },
                "CORS": {"description": "*", "schema": {"type": "string"}},
            },
        },
    }


_BODY = json_bytes(document())


async def openapi_json(request: Request) -> Response:
    key = cache_key("openapi", (), "static", base_url(request))
    etag = strong_etag(key)
    condition = request.headers.get("if-none-match")
    if condition and etag_matches(condition, etag):
        return not_modified(representation_etag(condition, etag), 3600)
    return full_response(request, Answer(_BODY), etag, _GZ, max_age=3600)


_GZ = compress(_BODY)


def openapi_routes() -> list[BaseRoute]:
    return [
        Route(f"{PREFIX}/openapi.json", openapi_json, methods=["GET"]),
        Route(f"{PREFIX}/openapi.json", preflight, methods=["OPTIONS"]),
    ]
