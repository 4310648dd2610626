"""``/feed.xml``: an Atom feed (RFC 4287) of the imported releases.

Why Atom: a newsroom's feed reader or script learns of new data without polling the
dashboard; each entry carries what a citation needs (publisher, import date, fiscal
years, checksum) and links to the dashboard pinned to that release. Entry ids are
``urn:uuid`` values derived from the release number and checksum, so they stay the same
whichever host name serves the feed.

Corrections on the record: each entry's summary also says what the release changed
against its publisher's previous release (``data_access.reads.queries.corrections``: projects
added or withdrawn, amounts, scores and grades with old and new values) and, for a
rollback, which release it serves again, so a reader who cited older figures learns of
the correction from the feed itself.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from xml.etree import ElementTree as ET

from sqlalchemy import Connection
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from dashboard.core import formatting as fmt
from dashboard.core.i18n import t
from dashboard.web import reads
from dashboard.web.http import (
    ATOM,
    Answer,
    base_url,
    preflight,
)
from dashboard.web.query import Query
from dashboard.web.whole import whole_database_answer
from data_access.reads import queries
from data_access.reads.queries import Correction, ReleaseInfo

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_PATH = "/feed.xml"
_NAMESPACE = uuid.UUID("6f1d7c39-5a0e-4c55-9d8e-7b1f0d7e2a11")
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

ET.register_namespace("", ATOM_NS)


def _q(tag: str) -> str:
    return f"{{{ATOM_NS}}}{tag}"


def _timestamp(value: dt.datetime) -> str:
    """RFC 3339 in UTC (naive database times are taken as UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def entry_id(release: ReleaseInfo) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'release:{release.id}:{release.checksum}')}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, _q(tag), attrs)
    if text is not None:
        element.text = text
    return element


# Correction lines listed in one entry's summary; the rest are counted (all are on /data).
MAX_CORRECTION_LINES = 20


def _correction_value(correction: Correction, value: object, lang: str) -> str:
    if value is None:
        return fmt.NO_DATA
    if correction.kind == "grade":
        return fmt.grade(str(value), lang)
    if correction.kind == "score":
        return fmt.score(value, lang)  # type: ignore[arg-type]
    return fmt.money(value, lang)  # type: ignore[arg-type]


def _corrections_text(corrections: list[Correction], lang: str) -> list[str]:
    """Summary lines: the rollback it is, the counts, then each change (capped)."""
    if not corrections:
        return []
    first = corrections[0]
    lines = []
    if first.restores is not None:
        lines.append(t("feed.restores", lang, id=first.restores))
    kinds = [c.kind for c in corrections]
    lines.append(
        t(
            "feed.corrections",
            lang,
            previous=first.previous_release_id,
            added=kinds.count("added"),
            withdrawn=kinds.count("withdrawn"),
            changed=len(kinds) - kinds.count("added") - kinds.count("withdrawn"),
        )
    )
    for c in corrections[:MAX_CORRECTION_LINES]:
        lines.append(
            t(
                "feed.correction_line",
                lang,
                year=c.fiscal_year,
                code=c.project_code,
                name=c.project_name,
                change=t(f"correction.{c.kind}", lang),
                old=_correction_value(c, c.old, lang),
                new=_correction_value(c, c.new, lang),
            )
        )
    if len(corrections) > MAX_CORRECTION_LINES:
        lines.append(
            t("feed.corrections_more", lang, count=len(corrections) - MAX_CORRECTION_LINES)
        )
    return lines


def _summary(
    release: ReleaseInfo, lang: str, corrections: list[Correction] | None = None
) -> str:
    years = ", ".join(str(y) for y in release.fiscal_years)
    lines = [
        t("feed.publisher", lang, value=release.publisher),
        t("feed.imported", lang, value=_timestamp(release.imported_at)),
        t("feed.years", lang, value=years or "—"),
        t("feed.checksum", lang, value=release.checksum),
    ]
    if release.license:
        lines.append(t("feed.license", lang, value=release.license))
    if release.is_demo:
        lines.append(t("feed.demo", lang))
    lines.extend(_corrections_text(corrections or [], lang))
    return "\n".join(lines)


def atom_feed(
    releases: list[ReleaseInfo],
    base: str,
    lang: str,
    corrections: Mapping[int, list[Correction]] | None = None,
) -> bytes:
    """The Atom document of ``releases`` (newest first) with links under ``base``;
    ``corrections`` (by release id) are summarised in each entry."""
    feed = ET.Element(_q("feed"), {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    feed_url = f"{base}{FEED_PATH}" + ("?lang=en" if lang == "en" else "")
    _sub(feed, "id", feed_url)
    _sub(feed, "title", t("feed.title", lang, app=t("app.name", lang)))
    _sub(feed, "subtitle", t("feed.subtitle", lang))
    newest = max((r.imported_at for r in releases), default=None)
    _sub(feed, "updated", _timestamp(newest) if newest else _timestamp(EPOCH))
    author = _sub(feed, "author")
    _sub(author, "name", t("app.name", lang))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=feed_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=f"{base}/")
    _sub(feed, "generator", t("app.name", lang))
    for release in releases:
        entry = _sub(feed, "entry")
        _sub(entry, "id", entry_id(release))
        title = fmt.release_title(release, lang)
        _sub(entry, "title", t("feed.entry_title", lang, id=release.id, title=title))
        stamp = _timestamp(release.imported_at)
        _sub(entry, "updated", stamp)
        _sub(entry, "published", stamp)
        entry_author = _sub(entry, "author")
        _sub(entry_author, "name", release.publisher)
        query = f"?release={release.id}" + ("&lang=en" if lang == "en" else "")
        _sub(entry, "link", rel="alternate", type="text/html", href=f"{base}/{query}")
        _sub(
            entry,
            "link",
            rel="related",
            type="application/json",
            href=f"{base}/api/v1/releases?release={release.id}",
        )
        for year in release.fiscal_years:
            _sub(entry, "category", term=str(year), label=t("feed.year_label", lang, year=year))
        if release.is_demo:
            _sub(entry, "category", term="demo", label=t("feed.demo", lang))
        found = (corrections or {}).get(release.id)
        _sub(entry, "summary", _summary(release, lang, found), type="text")
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body


def feed_routes(db_url: str | None = None) -> list[BaseRoute]:
    async def feed(request: Request) -> Response:
        def entries(conn: Connection, query: Query) -> Answer:
            releases = reads.all_releases(conn)
            changes = {r.id: queries.corrections(conn, r.id) for r in releases}
            return Answer(
                atom_feed(releases, base_url(request), query.lang, changes), media_type=ATOM
            )

        return await whole_database_answer(request, db_url, "feed", entries)

    return [
        Route(FEED_PATH, feed, methods=["GET"]),
        Route(FEED_PATH, preflight, methods=["OPTIONS"]),
    ]
