"""``/embed/{chart}`` and ``/download/{chart}.{fmt}``: one chart outside any session.

Why plain routes: an embedded chart on a news site's front page is requested by every
reader; a Streamlit page would open a websocket session and run the page script for
each. Here a request is parsed into the same ``View`` the pages use, the chart's one
declaration (``dashboard.specs``) gives the rows, figure, title, table, source and
footnote, and the answer is cached by (release stamp, chart, parameters, app version)
with a strong ETag, so that repeat readers cost a ``304`` and new readers a cache hit.

Downloads (CSV, XLSX, JSON, an offline HTML file) are the same rows with the same
citation; the offline file inlines Plotly's JavaScript so it opens with no network.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pandas as pd
import pydeck as pdk
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from dashboard.core import params, reads
from dashboard.core.i18n import definition, metric_label, t
from dashboard.core.paths import DOWNLOAD_PREFIX, EMBED_PREFIX
from dashboard.core.view import View
from dashboard.renderers import citations, embed, exports, svgmap, writers
from dashboard.specs import REGISTRY
from dashboard.specs.base import ChartSpec, empty_text
from dashboard.web import reads as web_reads
from dashboard.web.http import (
    HTML,
    MAX_AGE,
    MAX_AGE_PINNED,
    Answer,
    Problem,
    bad_parameter,
    base_url,
    guarded,
    preflight,
    release_stamp,
    serve_cached,
)
from dashboard.web.query import Query, located_problem, read_query
from dashboard.web.static import plotly_js_path, plotly_js_url

# Every parameter a chart's page reads (``dashboard.core.params``): the shared view plus its
# page's own (the explorer's grade, flag, score range and sort), so that a download or
# embed holds what the page shows for the same link.
KNOWN: tuple[str, ...] = tuple(
    dict.fromkeys(
        (
            "year", "region", "scope", "metric", "dept", "project", "release",
            *(name for spec in REGISTRY.values() for name in params.PAGE_PARAMS[spec.page]),
        )
    )
)
FORMATS: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
    "html": HTML,
}
CODE_MAX = 64


def _spec(chart: str) -> ChartSpec:
    spec = REGISTRY.get(chart)
    if spec is None:
        raise Problem(404, "chart_not_found", chart=chart[:40])
    return spec


def read_view(url: str, stamp: str, page: object, query: Query) -> View:
    """The view a request asks for on ``page``, read through the same table and checks
    as a page's URL (``dashboard.core.params``): a bad value is a 400 naming the parameter
    with the pages' message, an unknown release or project (withheld = unknown) a 404.

    ``page`` is a page name (a chart's page) or a chart declaration, whose page is used.
    """
    page_name = page if isinstance(page, str) else str(getattr(page, "page", "") or "")
    raw = {name: value for name in ("lang", *KNOWN) if (value := query.text(name))}
    if len(raw.get("project", "")) > CODE_MAX:
        raise Problem(404, "project_not_found")
    parsed = params.parse(raw, page_name or "overview", names=("lang", *KNOWN))
    reading = params.resolve(url, parsed, query.lang, stamp=stamp)
    if reading.view is None:
        first = reading.problems[0]
        if first.key == "db.empty":
            raise Problem(503, "no_data", headers={"Retry-After": "60"})
        if first.name == "release" and not parsed.bad("release"):
            raise Problem(404, "release_not_found", id=parsed.values["release"])
        raise located_problem(first, query.lang)
    view = reading.view
    if not view.region:
        raise Problem(503, "no_data", headers={"Retry-After": "60"})
    if page_name == "project":
        if view.project is None:
            raise bad_parameter("project", "required")
        record = reads.project_record(url, view.stamp, view.project, view.year, view.release)
        if record is None or record.withheld or record.year_missing or record.detail is None:
            raise Problem(404, "project_not_found")
    return view


def table_html(spec: ChartSpec, df: pd.DataFrame, view: View) -> str:
    """The chart's table as accessible HTML, cells formatted as on the page
    (:func:`dashboard.renderers.writers.table_model`)."""
    model = writers.table_model(spec, df, view)
    formatted = pd.DataFrame(list(model.rows), columns=list(model.headers))
    caption = model.title
    unit = spec.unit_text(df, view.lang)
    if unit:
        caption = f"{caption} ({t('chart.unit', view.lang, unit=unit)})"
    return embed.table_html(formatted, caption, model.numeric, model.summary)


def _deck_svg(deck: pdk.Deck, title: str) -> str | None:
    """The page's pydeck choropleth as a static SVG (same regions, colours, values)."""
    features: list[dict[str, Any]] = []
    for layer in deck.layers:
        data = getattr(layer, "data", None)
        if isinstance(data, dict):
            features.extend(data.get("features", []))
    return svgmap.render(features, title=title)


def render_document(
    spec: ChartSpec, view: View, base: str, *, offline: bool = False
) -> str:
    """The embed page of ``spec`` in ``view`` (``offline``: the downloadable file, with
    Plotly inlined and absolute links)."""
    df = spec.data(view)
    lang = view.lang
    cite = citations.citation(spec, view, df, base)
    title = cite.title  # names region, scope, year and unit: it stands alone
    figure_json = svg = body = legend = None
    notes: list[str] = []
    if spec.is_empty(df):
        body = f"<p>{html.escape(empty_text(spec, view))}</p>"
    elif spec.body is not None:
        body = writers.cards_html(writers.headline_cards(df, lang))
    elif spec.figure is not None:
        figure = spec.figure(df, view)
        if isinstance(figure, pdk.Deck):
            svg = _deck_svg(figure, title)
            # The page's own legend (swatches with escaped labels, built by ``maps``).
            legend = spec.legend(df, view) if spec.legend is not None else None
        elif figure is not None:
            figure_json = embed.figure_to_json(figure)
        if figure_json is None and svg is None:
            body = table_html(spec, df, view)
    else:
        body = table_html(spec, df, view)
    footnote = spec.footnote_text(lang)
    if footnote:
        notes.append(footnote)
    for key in spec.metrics[:3]:
        notes.append(f"{metric_label(key, lang)}: {definition(key, lang)}")
    link_base = base if offline else ""
    links = (
        []
        if offline
        else [
            embed.EmbedLink(t(f"download.{fmt_}", lang), citations.download_url(spec, view, fmt_))
            for fmt_ in citations.DOWNLOAD_FORMATS
        ]
    )
    newer = citations.newer_notice(view)
    newer_notice = None
    if newer is not None:
        latest = view.replace(release=None)
        newer_notice = (newer, f"{link_base}{citations.embed_url(spec, latest)}")
    return embed.document(
        lang=lang,
        title=title,
        file_stem=exports.file_stem(spec.key, view.region, view.year, cite.release_id),
        source_line=_source_line(spec, df, view, cite),
        table=table_html(spec, df, view) if not spec.is_empty(df) else "",
        full_view_url=citations.permalink(spec, view, base),
        links=links,
        figure_json=figure_json,
        svg=svg,
        legend_html=legend,
        body_html=body,
        plotly_js_url=None if offline else plotly_js_url(),
        plotly_js_inline=_plotly_inline() if offline and figure_json is not None else None,
        is_demo=cite.is_demo,
        notes=notes,
        newer_notice=newer_notice,
        resize_message=citations.RESIZE_MESSAGE,
        summary=spec.summary_text(df, view),
    )


def _source_line(spec: ChartSpec, df: pd.DataFrame, view: View, cite: exports.Citation) -> str:
    """Publisher, release and data date, then the unit (the footnote is a note below)."""
    parts = [citations.source_line(cite)]
    unit = spec.unit_text(df, view.lang)
    if unit:
        parts.append(t("chart.unit", view.lang, unit=unit))
    return " · ".join(parts)


_PLOTLY_INLINE: list[str] = []


def _plotly_inline() -> str:
    """Plotly's JavaScript for the offline file (read once)."""
    if not _PLOTLY_INLINE:
        _PLOTLY_INLINE.append(plotly_js_path().read_text(encoding="utf-8"))
    return _PLOTLY_INLINE[0]


def download_body(spec: ChartSpec, view: View, fmt_name: str, base: str) -> bytes:
    """The chart's rows (or its offline page) in ``fmt_name``."""
    if fmt_name == "html":
        return render_document(spec, view, base, offline=True).encode("utf-8")
    df = spec.data(view)
    if fmt_name == "csv":
        return spec.csv(df, view.lang)
    cite = citations.citation(spec, view, df, base)
    if fmt_name == "xlsx":
        return exports.xlsx_bytes(
            spec.download_table(df, view.lang), cite, spec.download_kinds(df)
        )
    return exports.json_bytes(spec.records(df), cite)


def _handler(
    build: Callable[[ChartSpec, View, str, str], Answer], route: str, db_url: str | None
) -> Callable[[Request], Any]:
    async def handle(request: Request) -> Response:
        async def attempt(_lang: str) -> Response:
            chart = str(request.path_params["chart"])
            fmt_name = str(request.path_params.get("fmt", "html"))
            spec = _spec(chart)
            if route == "download" and fmt_name not in FORMATS:
                raise Problem(404, "chart_not_found", chart=f"{chart}.{fmt_name}"[:40])
            query = read_query(request, KNOWN)
            url = web_reads.database_url(db_url)
            stamp = await release_stamp(url, lambda: reads.release_stamp(url))
            base = base_url(request)

            # The view is checked before the response cache: its reads are cached
            # (``dashboard.core.reads``), and a bad value is answered with the pages' message.
            view = await run_in_threadpool(read_view, url, stamp, spec.page, query)

            def make() -> Answer:
                return build(spec, view, fmt_name, base)

            return await serve_cached(
                request,
                route=f"{route}:{chart}.{fmt_name}",
                params=query.values,
                stamp=stamp,
                build=make,
                lang=query.lang,
                max_age=MAX_AGE if query.release() is None else MAX_AGE_PINNED,
            )

        return await guarded(request, attempt)

    return handle


def _embed_answer(spec: ChartSpec, view: View, _fmt: str, base: str) -> Answer:
    return Answer(render_document(spec, view, base).encode("utf-8"), media_type=HTML)


def _download_answer(spec: ChartSpec, view: View, fmt_name: str, base: str) -> Answer:
    body = download_body(spec, view, fmt_name, base)
    release = citations.served_release_id(view)
    stem = exports.file_stem(spec.key, view.region, view.year, release)
    return Answer(
        body,
        media_type=FORMATS[fmt_name],
        headers={"Content-Disposition": f'attachment; filename="{stem}.{fmt_name}"'},
    )


def chart_routes(db_url: str | None = None) -> list[BaseRoute]:
    """The embed documents and the chart downloads (``db_url``: as ``routes``)."""
    embed_handler = _handler(_embed_answer, "embed", db_url)
    download_handler = _handler(_download_answer, "download", db_url)
    return [
        Route(EMBED_PREFIX + "{chart}", embed_handler, methods=["GET"]),
        Route(EMBED_PREFIX + "{chart}", preflight, methods=["OPTIONS"]),
        Route(DOWNLOAD_PREFIX + "{chart}.{fmt}", download_handler, methods=["GET"]),
        Route(DOWNLOAD_PREFIX + "{chart}.{fmt}", preflight, methods=["OPTIONS"]),
    ]
