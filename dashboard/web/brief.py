"""``/download/brief/{region}.pdf|.html``: the hearing brief as a plain HTTP route.

Why a route and not a Streamlit download button: a committee member's download must
never depend on a live session (a rerun between the click and the fetch once answered
"Deferred file … not found" with nothing). The brief is a function of the hearing's URL
parameters, read through the same table as the page (``dashboard.core.params``: year,
scope, dept, ask, rank, lang, release, with the subject region in the path), rendered by
``dashboard.renderers.brief`` and cached by (release stamp, parameters) with a strong
ETag. The hearing page links to it pinned to the release it shows
(``brief.brief_path``), so the paper in hand says what the screen said.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from dashboard.core import reads
from dashboard.renderers import brief
from dashboard.web import reads as web_reads
from dashboard.web.charts import KNOWN, read_view
from dashboard.web.http import (
    HTML,
    MAX_AGE,
    MAX_AGE_PINNED,
    Answer,
    Problem,
    guarded,
    preflight,
    release_stamp,
    serve_cached,
)
from dashboard.web.query import Query, read_query

BRIEF_PREFIX = "/download/brief/"
FORMATS: dict[str, str] = {"pdf": "application/pdf", "html": HTML}
_REGION = re.compile(r"^[0-9]{6}$")


def _answer(view: Any, fmt_name: str) -> Answer:
    h = brief.hearing(view)
    body = (
        brief.brief_pdf(h, view.ask)
        if fmt_name == "pdf"
        else brief.brief_html(h, view.ask).encode("utf-8")
    )
    return Answer(
        body,
        media_type=FORMATS[fmt_name],
        headers={
            "Content-Disposition": f'attachment; filename="{brief.file_stem(h)}.{fmt_name}"'
        },
    )


def _handler(db_url: str | None) -> Any:
    async def handle(request: Request) -> Response:
        async def attempt(_lang: str) -> Response:
            region = str(request.path_params["region"])
            fmt_name = str(request.path_params["fmt"])
            if fmt_name not in FORMATS or not _REGION.match(region):
                raise Problem(404, "chart_not_found", chart=f"brief/{region}.{fmt_name}"[:40])
            query = read_query(request, KNOWN)
            values = {k: v for k, v in query.values.items() if k != "region"}
            values["region"] = region
            url = web_reads.database_url(db_url)
            stamp = await release_stamp(url, lambda: reads.release_stamp(url))
            # A bad value is a 400 with the pages' located message (``guarded``).
            view = await run_in_threadpool(
                read_view, url, stamp, "hearing", Query(values, query.lang)
            )
            return await serve_cached(
                request,
                route=f"brief:{fmt_name}",
                params=values,
                stamp=stamp,
                build=lambda: _answer(view, fmt_name),
                lang=query.lang,
                max_age=MAX_AGE if query.release() is None else MAX_AGE_PINNED,
            )

        return await guarded(request, attempt)

    return handle


def brief_routes(db_url: str | None = None) -> list[BaseRoute]:
    """The brief's route (``db_url``: as ``dashboard.web.routes``)."""
    return [
        Route(BRIEF_PREFIX + "{region}.{fmt}", _handler(db_url), methods=["GET"]),
        Route(BRIEF_PREFIX + "{region}.{fmt}", preflight, methods=["OPTIONS"]),
    ]
