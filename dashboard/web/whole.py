"""Routes whose answer is computed from the database as a whole (the feed, the API
documentation page): one request path from URL to cached answer.

Why one function: each such route reads its parameters and the release stamp, computes
in one snapshot, caches by stamp and parameters and turns failures into problems, in
that order; written out per route it was the same fifteen lines twice. A route gives
only what it computes.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection
from starlette.requests import Request
from starlette.responses import Response

from dashboard.web import reads
from dashboard.web.http import Answer, guarded, release_stamp, serve_cached
from dashboard.web.query import Query, read_query


async def whole_database_answer(
    request: Request,
    db_url: str | None,
    route: str,
    compute: Callable[[Connection, Query], Answer],
) -> Response:
    """The answer ``compute(conn, query)`` of ``request`` (no view parameters, only
    ``lang``), read in one snapshot of the release it is cached under."""

    async def attempt(_lang: str) -> Response:
        query = read_query(request, ())
        url = reads.database_url(db_url)
        engine = reads.engine_for(url)
        stamp = await release_stamp(url, lambda: reads.release_stamp(engine))

        def build() -> Answer:
            return reads.in_snapshot(url, engine, stamp, lambda conn, _stamp: compute(conn, query))

        return await serve_cached(
            request, route=route, params=query.values, stamp=stamp, build=build, lang=query.lang
        )

    return await guarded(request, attempt)
