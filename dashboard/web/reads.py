"""The database reads of the plain routes: one shared engine, ``release=`` on every read.

Why a module: every route needs the same engine (``shared_engine(resolve_url())``, no
Streamlit cache), the same resolution of ``release`` (a pinned release, or the latest)
and the same answer for a release that does not exist. Each public read of
``data_access`` takes ``release: int | None`` (None: the latest) and a bind (an engine
or a connection).

An answer built from the database is built on one connection (:func:`in_snapshot`): a
serving connection reads one snapshot (``data_access.db.engine``), so the release an
answer names (its ``release`` object, its ``next`` link, its ETag) is the release its
figures come from, even when an import commits while it is being built (issue 23).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine

from dashboard.web.http import STAMPS, Answer, Problem
from data_access.db.engine import resolve_url, serving_url, shared_engine
from data_access.db.sql_helpers import Bind
from data_access.reads import queries, views
from data_access.reads.queries import ReleaseInfo


def database_url(configured: str | None = None) -> str:
    """The database the routes serve: the given URL, else as ``data_access`` resolves it."""
    return resolve_url(configured)


def engine_for(url: str) -> Engine:
    """The shared read-only engine answering for ``url``: on ``$DASHBOARD_DB_READ_URL``
    when that is set (a replica), so the routes read where the pages read."""
    return shared_engine(serving_url(url))


def release_stamp(bind: Bind) -> str:
    return views.release_stamp(bind)


def in_snapshot(
    url: str, engine: Engine, asked: str, build: Callable[[Connection, str], Answer]
) -> Answer:
    """``build(connection, stamp)`` on one connection of ``engine`` (one snapshot), the
    stamp read in that snapshot; the answer carries that stamp.

    ``asked`` is the memoised stamp the request was looked up under (``http.STAMPS``,
    up to ``STAMP_TTL`` old): when an import has committed since, the answer is of the
    newer state, so ``serve_cached`` keys and tags it by the stamp read here (one ETag
    never names two bodies), and the memo learns the newer stamp.
    """
    with engine.connect() as conn:
        stamp = views.release_stamp(conn)
        answer = build(conn, stamp)
    if stamp != asked:
        STAMPS.remember(url, stamp)
    return dataclasses.replace(answer, stamp=stamp)


def latest_release_id(bind: Bind) -> int | None:
    return queries.latest_release_id(bind)


def release_info(bind: Bind, release_id: int) -> ReleaseInfo | None:
    return queries.release_info(bind, release_id)


def all_releases(bind: Bind) -> list[ReleaseInfo]:
    """Every release, newest first (the list itself is never pinned)."""
    return queries.releases(bind)


def served_release(bind: Bind, pinned: int | None) -> tuple[ReleaseInfo, int]:
    """The release whose figures are served and the latest release's id.

    404 problem for an unknown ``pinned`` release; 503 when nothing was imported yet;
    501 when an older release is asked of a data layer that cannot pin.
    """
    latest = latest_release_id(bind)
    if latest is None:
        raise Problem(503, "no_data", headers={"Retry-After": "60"})
    chosen = latest if pinned is None else pinned
    info = release_info(bind, chosen)
    if info is None:
        raise Problem(404, "release_not_found", id=chosen)
    return info, latest


def utc_timestamp(value: dt.datetime) -> str:
    """RFC 3339 ``date-time`` with its zone (import times are stored in UTC, naive)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def release_summary(info: ReleaseInfo) -> dict[str, Any]:
    """The citation facts of a release, as every API answer carries them."""
    return {
        "id": info.id,
        "title": info.title,
        "title_en": info.title_en,
        "package_name": info.package_name,
        "publisher": info.publisher,
        "imported_at": utc_timestamp(info.imported_at),
        "published": info.published,
        "checksum": info.checksum,
        "license": info.license,
        "is_demo": info.is_demo,
    }


def release_record(info: ReleaseInfo) -> dict[str, Any]:
    """Everything known about a release, for ``/api/v1/releases``."""
    return {
        **release_summary(info),
        "fiscal_years": list(info.fiscal_years),
        "row_counts": dict(info.row_counts),
        "sources": list(info.sources),
        "links": {
            "dashboard": f"/?release={info.id}",
            "api": f"/api/v1/releases?release={info.id}",
        },
    }
