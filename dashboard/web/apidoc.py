"""``/api/v1/``: the human page of the API, in Chinese or English.

Why a page beside the OpenAPI document: a journalist should see every endpoint, what its
parameters mean and one link that works on this server's data (the example values are
read from the database: the default region, the latest year, a published project and
a department), without reading JSON Schema.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Connection, Engine
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from dashboard.core.i18n import LANGS, t
from dashboard.web import reads
from dashboard.web.api import PREFIX
from dashboard.web.feed import FEED_PATH
from dashboard.web.http import HTML, Answer, preflight
from dashboard.web.openapi import PARAMETERS, PATHS
from dashboard.web.query import Query
from dashboard.web.whole import whole_database_answer
from data_access.metrics import compute as metric_reads
from data_access.reads import queries, views
from data_access.reads.selection import ViewFilter

# endpoint -> (i18n key of its description, parameters of its example link)
EXAMPLES: dict[str, tuple[str, tuple[str, ...]]] = {
    f"{PREFIX}/metrics": ("api.doc.metrics", ("year", "region", "scope")),
    f"{PREFIX}/children": ("api.doc.children", ("year", "region")),
    f"{PREFIX}/years": ("api.doc.years", ("region",)),
    f"{PREFIX}/departments": ("api.doc.departments", ("year", "region")),
    f"{PREFIX}/projects": ("api.doc.projects", ("year", "region", "limit")),
    f"{PREFIX}/projects/{{code}}": ("api.doc.project", ("year",)),
    f"{PREFIX}/ledger": ("api.doc.ledger", ("year", "region", "limit")),
    f"{PREFIX}/regions": ("api.doc.regions", ("region",)),
    f"{PREFIX}/releases": ("api.doc.releases", ()),
    f"{PREFIX}/openapi.json": ("api.doc.openapi", ()),
    FEED_PATH: ("api.doc.feed", ()),
}

STYLE = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",
sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1F2328;line-height:1.5}
a{color:#0059A0}code{background:#F2F4F7;padding:0 .25rem;border-radius:3px}
section{border-top:1px solid #D0D7DE;padding:.5rem 0}h2{font-size:1.1rem;margin:.5rem 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.25rem 0}
dt{font-family:monospace}dd{margin:0}
"""


def example_values(engine: Engine | Connection) -> dict[str, str]:
    """Values that answer on this database: region, year, a project and a department."""
    values: dict[str, str] = {"scope": "all", "limit": "10"}
    region = views.default_region(engine)
    years = metric_reads.available_years(engine)
    if region:
        values["region"] = region
    if years:
        values["year"] = str(years[-1])
    if region and years:
        page = queries.project_list(engine, ViewFilter(years[-1], region), page_size=1)
        if page.rows:
            values["code"] = page.rows[0].project_code
            values["year_of_code"] = str(page.rows[0].fiscal_year)
    return values


def _example_link(path: str, names: tuple[str, ...], values: dict[str, str], lang: str) -> str:
    if "{code}" in path:
        if "code" not in values:
            return ""
        path = path.replace("{code}", values["code"])
        values = {**values, "year": values.get("year_of_code", values.get("year", ""))}
    params = {name: values[name] for name in names if name in values}
    if lang != LANGS[0] and path != f"{PREFIX}/openapi.json":
        params["lang"] = lang
    return path + (f"?{urlencode(params)}" if params else "")


def page_html(values: dict[str, str], lang: str) -> str:
    other = "en" if lang == "zh" else "zh"
    parts = [
        "<!doctype html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(t('api.page.title', lang))}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(t('api.page.title', lang))}</h1>",
        f'<p><a href="{PREFIX}/?lang={other}" hreflang="{other}">'
        f"{escape(t(f'lang.{other}', lang))}</a></p>",
        f"<p>{escape(t('api.page.intro', lang))}</p>",
    ]
    for path, (text_key, names) in EXAMPLES.items():
        link = _example_link(path, names, values, lang)
        parts.append(f"<section><h2><code>GET {escape(path)}</code></h2>")
        parts.append(f"<p>{escape(t(text_key, lang))}</p>")
        operation = PATHS.get(path, {}).get("get", {})
        params = [
            PARAMETERS[ref["$ref"].rsplit("/", 1)[-1]] for ref in operation.get("parameters", [])
        ]
        if params:
            parts.append(f"<p>{escape(t('api.page.params', lang))}</p><dl>")
            for param in params:
                text = t(f"api.param.{param['name']}", lang)
                parts.append(f"<dt>{escape(param['name'])}</dt><dd>{escape(text)}</dd>")
            parts.append("</dl>")
        if link:
            parts.append(
                f'<p>{escape(t("api.page.example", lang))} '
                f'<a href="{escape(link)}"><code>{escape(link)}</code></a></p>'
            )
        parts.append("</section>")
    parts.append(f"<p>{escape(t('api.page.errors', lang))}</p>")
    for key in ("bad_parameter", "project_not_found", "release_not_found", "region_not_found",
                "department_not_found", "chart_not_found", "no_data", "building", "unavailable",
                "internal"):
        anchor = "problem-" + key.replace("_", "-")
        parts.append(
            f'<p id="{anchor}"><code>{anchor}</code>: '
            f"{escape(t(f'api.problem.{key}.title', lang))}</p>"
        )
    parts.append("</body></html>")
    return "\n".join(parts)


def apidoc_routes(db_url: str | None = None) -> list[BaseRoute]:
    async def page(request: Request) -> Response:
        def examples(conn: Connection, query: Query) -> Answer:
            has_data = reads.latest_release_id(conn) is not None
            values: dict[str, Any] = example_values(conn) if has_data else {}
            return Answer(page_html(values, query.lang).encode("utf-8"), media_type=HTML)

        return await whole_database_answer(request, db_url, "apidoc", examples)

    async def to_slash(request: Request) -> Response:
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(f"{PREFIX}/{query}", status_code=308)

    return [
        Route(f"{PREFIX}/", page, methods=["GET"]),
        Route(f"{PREFIX}/", preflight, methods=["OPTIONS"]),
        Route(PREFIX, to_slash, methods=["GET"]),
        Route(PREFIX, preflight, methods=["OPTIONS"]),
    ]
