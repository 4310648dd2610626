"""HTTP by the book: OPTIONS on every public route, robots.txt and a sitemap naming the
public address, 304 only for what would be a 200, and, on a real ``python -m dashboard``,
one ``Vary``, an ETag per representation and Streamlit's JavaScript sent compressed.
"""

from __future__ import annotations

import gzip
import html
import os
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from starlette.routing import Route

from dashboard import web
from dashboard.core.pagemeta import PAGE_BY_PATH, description
from dashboard.core.paths import page_path
from dashboard.core.settings import public_url
from dashboard.launch import serve
from tests.pages_support import build_small_demo
from tests.web_support import client_for, fetch_release, import_package

SAMPLE = {"chart": "loop", "fmt": "csv", "dataset": "projects", "release": "1",
          "code": "36000017001", "name": "x.js", "region": "360000"}


@pytest.fixture
def served(sqlite_url: str) -> Iterator[object]:
    import_package(sqlite_url)
    with client_for(sqlite_url) as client:
        yield client


def _public_paths() -> list[str]:
    paths = []
    for route in web.routes():
        if isinstance(route, Route) and "GET" in (route.methods or ()):
            paths.append(re.sub(r"\{(\w+)\}", lambda m: SAMPLE[m.group(1)], route.path))
    return paths


def test_every_public_route_answers_a_cors_preflight(served) -> None:
    assert fetch_release(served).status_code == 200
    paths = _public_paths()
    assert "/download/release/1.zip" in paths and "/robots.txt" in paths
    for path in paths:
        answer = served.options(
            path, headers={"Origin": "https://news.example", "Access-Control-Request-Method": "GET"}
        )
        assert answer.status_code == 204, path
        assert answer.headers["access-control-allow-origin"] == "*", path


def test_robots_and_sitemap_name_the_public_address(served) -> None:
    robots = served.get("/robots.txt", headers={"Host": "evil.example"})
    assert robots.headers["content-type"].startswith("text/plain")
    assert f"Sitemap: {public_url('/sitemap.xml')}" in robots.text
    assert "Disallow: /_stcore/" in robots.text
    sitemap = served.get("/sitemap.xml", headers={"Host": "evil.example"})
    assert sitemap.headers["content-type"].startswith("application/xml")
    locations = [
        element.text
        for element in ET.fromstring(sitemap.content).iter(
            "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
        )
    ]
    assert public_url("/") in locations and public_url("/explore?lang=en") in locations
    assert all(location.startswith(public_url("/")) for location in locations)
    assert b"evil.example" not in sitemap.content


def test_if_none_match_star_is_304_only_for_a_200(served) -> None:
    assert served.get("/api/v1/metrics?year=x", headers={"If-None-Match": "*"}).status_code == 400
    assert served.get("/api/v1/metrics", headers={"If-None-Match": "*"}).status_code == 304
    assert served.get("/embed/nope", headers={"If-None-Match": "*"}).status_code == 404


def test_a_304_carries_the_etag_of_the_representation_the_client_holds(served) -> None:
    zipped = served.get("/api/v1/children?year=2017&region=360000",
                        headers={"Accept-Encoding": "gzip"})
    tag = zipped.headers["etag"]
    assert tag.endswith('-gz"')
    again = served.get("/api/v1/children?year=2017&region=360000",
                       headers={"Accept-Encoding": "gzip", "If-None-Match": tag})
    assert again.status_code == 304 and again.headers["etag"] == tag


def test_the_feed_answers_a_bad_language_as_documented(served) -> None:
    from dashboard.web.openapi import document

    documented = document()["paths"]["/feed.xml"]["get"]["responses"]
    answer = served.get("/feed.xml", params={"lang": "AAA"})
    assert str(answer.status_code) in documented
    assert answer.headers["content-type"].startswith("application/problem+json")


def _get(url: str, headers: dict[str, str]) -> tuple[int, dict[str, list[str]], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            found: dict[str, list[str]] = {}
            for key, value in answer.headers.items():
                found.setdefault(key.lower(), []).append(value)
            return answer.status, found, answer.read()
    except urllib.error.HTTPError as error:
        found = {}
        for key, value in error.headers.items():
            found.setdefault(key.lower(), []).append(value)
        return error.code, found, error.read()


@pytest.mark.slow
def test_a_real_server_sends_one_vary_own_etags_and_compressed_javascript(tmp_path: Path) -> None:
    url = build_small_demo(tmp_path / "demo.db")
    env = {**os.environ, "DASHBOARD_CACHE_DIR": str(tmp_path / "cache")}
    with serve(url, env=env, log=tmp_path / "server.log", start_timeout=90) as served:
        base = served.url
        gz = {"Accept-Encoding": "gzip"}
        status, headers, _ = _get(f"{base}/api/v1/children", gz)
        assert status == 200 and headers["vary"] == ["Accept-Encoding"]
        assert headers["content-encoding"] == ["gzip"] and headers["etag"][0].endswith('-gz"')
        # A small answer is sent as it is, under its identity ETag, and not gzipped by
        # Streamlit's middleware behind our back.
        status, headers, body = _get(f"{base}/api/v1/years?region=360000&lang=en", gz)
        if "content-encoding" not in headers:
            assert not headers["etag"][0].endswith('-gz"') and body.startswith(b"{")
        status, headers, body = _get(f"{base}/download/records/projects.csv", gz)
        assert status == 200 and "content-encoding" not in headers
        assert headers["content-length"] == [str(len(body))]
        status, headers, body = _get(f"{base}/robots.txt", {})
        assert status == 200 and body.startswith(b"User-agent: *")
        # Every page's shell says what the page is, in its language, before any script.
        for path, lang in (("/", "zh"), ("/regions?lang=en", "en"), ("/data", "zh")):
            status, headers, shell = _get(f"{base}{path}", gz)
            page = PAGE_BY_PATH[path.split("?")[0]]
            text = shell.decode("utf-8")
            assert status == 200 and "content-encoding" not in headers
            assert f'content="{html.escape(description(page, lang), quote=True)}"' in text
            assert "<title>Streamlit</title>" not in text
            assert f'<link rel="canonical" href="{public_url(page_path(page))}' in text
        status, _, page = _get(f"{base}/", {})
        scripts = re.findall(rb'src="\.?/?(static/js/[^"]+\.js)"', page)
        assert scripts, page[:500]
        status, headers, body = _get(f"{base}/{scripts[0].decode()}", gz)
        assert status == 200 and headers["content-encoding"] == ["gzip"]
        _, plain_headers, plain = _get(f"{base}/{scripts[0].decode()}", {})
        assert gzip.decompress(body) == plain and len(body) < len(plain) / 2
        if "etag" in plain_headers:
            assert headers["etag"] != plain_headers["etag"]


def test_every_page_has_a_description_in_both_languages() -> None:
    for page in set(PAGE_BY_PATH.values()):
        zh, en = description(page, "zh"), description(page, "en")
        assert re.search(r"[\u4e00-\u9fff]", zh) and not re.search(r"[\u4e00-\u9fff]", en)
        assert 20 <= len(en) <= 200, page
