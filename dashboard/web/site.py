"""``/robots.txt`` and ``/sitemap.xml``: what crawlers ask a public site for.

Why plain routes: without them Streamlit answers both paths with its HTML page, so a
crawler reads a 200 page of script as its rules and finds no sitemap. Every URL here is
the dashboard's public address (``DASHBOARD_PUBLIC_URL``), never the request's Host.
The sitemap lists each page in Chinese (the default) and in English, and the API's own
page; a project page needs a code, so projects are reached through the explorer.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from xml.etree import ElementTree as ET

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from dashboard.core.paths import PAGE_DEFS, page_path
from dashboard.core.settings import public_url
from dashboard.web.http import (
    Answer,
    cache_key,
    etag_matches,
    full_response,
    not_modified,
    preflight,
    representation_etag,
    strong_etag,
)

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Pages that only make sense with a parameter naming a record.
NOT_LISTED = frozenset({"project"})
MAX_AGE = 3600


def robots_txt() -> bytes:
    """Crawl the pages and the open data; not Streamlit's internal endpoints."""
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /_stcore/",
        "Disallow: /media/",
        f"Sitemap: {public_url('/sitemap.xml')}",
        "",
    ]
    return "\n".join(lines).encode("utf-8")


def sitemap_xml() -> bytes:
    """Every page (zh and en) and the API's page, as a sitemaps.org URL set."""
    ET.register_namespace("", SITEMAP_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    locations: list[str] = []
    for page in PAGE_DEFS:
        if page.name in NOT_LISTED:
            continue
        path = page_path(page.name)
        locations += [public_url(path), public_url(f"{path}?lang=en")]
    locations.append(public_url("/api/v1/"))
    for location in locations:
        url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = location
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True)


def _document(
    route: str, media_type: str, make: Callable[[], bytes]
) -> Callable[[Request], Awaitable[Response]]:
    async def handle(request: Request) -> Response:
        body = make()
        etag = strong_etag(cache_key(route, (), "static", public_url()))
        condition = request.headers.get("if-none-match")
        if condition and etag_matches(condition, etag):
            return not_modified(representation_etag(condition, etag), MAX_AGE)
        return full_response(request, Answer(body, media_type=media_type), etag, None,
                             max_age=MAX_AGE)

    return handle


def site_routes() -> list[BaseRoute]:
    robots = _document("robots", "text/plain; charset=utf-8", robots_txt)
    sitemap = _document("sitemap", "application/xml; charset=utf-8", sitemap_xml)
    return [
        Route("/robots.txt", robots, methods=["GET"]),
        Route("/robots.txt", preflight, methods=["OPTIONS"]),
        Route("/sitemap.xml", sitemap, methods=["GET"]),
        Route("/sitemap.xml", preflight, methods=["OPTIONS"]),
    ]
