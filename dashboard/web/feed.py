"""``/feed.xml``: an Atom feed (RFC 4287) of the imported releases.

Why Atom: a newsroom's feed reader or script learns of new data without polling the
dashboard; each entry carries what a citation needs (publisher, import date, fiscal
years, checksum) and links to the dashboard pinned to that release. Entry ids are
``urn:uuid`` values derived from the release number and checksum, so they stay the same
whichever host name serves the feed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from xml.etree import ElementTree as ET

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from dashboard.i18n import t
from dashboard.web import reads
from dashboard.web.http import (
    ATOM,
    Answer,
    base_url,
    guarded,
    preflight,
    release_stamp,
    serve_cached,
)
from dashboard.web.params import read_query
from data_access.queries import ReleaseInfo

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


def _summary(release: ReleaseInfo, lang: str) -> str:
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
    return "\n".join(lines)


def atom_feed(releases: list[ReleaseInfo], base: str, lang: str) -> bytes:
    """The Atom document of ``releases`` (newest first) with links under ``base``."""
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
        title = release.title or release.package_name
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
        _sub(entry, "summary", _summary(release, lang), type="text")
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body


def feed_routes(db_url: str | None = None) -> list[BaseRoute]:
    async def feed(request: Request) -> Response:
        async def attempt(_lang: str) -> Response:
            query = read_query(request, ())
            url = reads.database_url(db_url)
            engine = reads.engine_for(url)
            stamp = await release_stamp(url, lambda: reads.release_stamp(engine))
            base = base_url(request)

            def build() -> Answer:
                releases = reads.all_releases(engine)
                return Answer(atom_feed(releases, base, query.lang), media_type=ATOM)

            return await serve_cached(
                request, route="feed", params=query.values, stamp=stamp, build=build,
                lang=query.lang,
            )

        return await guarded(request, attempt)

    return [
        Route(FEED_PATH, feed, methods=["GET"]),
        Route(FEED_PATH, preflight, methods=["OPTIONS"]),
    ]
