"""No answer follows the request's ``Host`` header (issue 18).

Why every surface: a shared cache in front of the app stores what one request got and
serves it to everyone. If any absolute URL the app writes (feed ids and links,
citations, share links, embed snippets, sitemap, the brief's QR target) were built from
``Host`` or ``X-Forwarded-Host``, one crafted request would plant ``evil.example`` links
in answers other readers receive. Every plain route is asked with both headers set to
``evil.example``; the body (every member of a zip or workbook, the text and link
targets of a PDF) must not name it, and the absolute URLs it does write start with the
configured public address.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from dashboard.core.settings import public_url
from dashboard.specs.base import REGISTRY
from dashboard.web.openapi import document
from data_access.reads.open_data import DATASETS
from tests.web_support import client_for, fetch_release

EVIL = "evil.example"
HOSTILE = {"Host": EVIL, "X-Forwarded-Host": EVIL, "Forwarded": f"host={EVIL}"}
VIEW = "year=2017&region=360000"
# Values for the OpenAPI paths' own placeholders, from the example package.
PATH_VALUES = {"code": "36000017001"}


def _api_paths() -> list[str]:
    paths = []
    for path, item in document()["paths"].items():
        if "get" not in item:
            continue
        filled = re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES[m.group(1)], path)
        paths.append(f"{filled}?{VIEW}" if "{" in path or "year" in str(item) else filled)
    return paths


def _surfaces() -> list[str]:
    found = [*_api_paths(), "/api/v1/", "/robots.txt", "/sitemap.xml", "/feed.xml"]
    found += [f"/embed/{key}?{VIEW}" for key in REGISTRY]
    found += [
        f"/download/{key}.{fmt}?{VIEW}" for key in REGISTRY for fmt in ("csv", "json", "html")
    ]
    found += [f"/download/records/{name}.{fmt}?{VIEW}" for name in DATASETS
              for fmt in ("csv", "xlsx", "json")]
    found += [f"/download/brief/360000.{fmt}?year=2017" for fmt in ("html", "pdf")]
    found += ["/api/v1/metrics?year=abc", "/embed/no-such-chart", "/download/nothing.csv"]
    return found


@pytest.fixture(scope="module")
def client(mini_url: str) -> Iterator[TestClient]:
    with client_for(mini_url) as served:
        yield served


def _texts(content: bytes, media: str) -> list[bytes]:
    """What a reader of the answer can see: the body, every member of a zip (an .xlsx is
    one), or a PDF's text and link targets."""
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return [archive.read(name) for name in archive.namelist()]
    if media.startswith("application/pdf"):
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(content))
        found = [(page.extract_text() or "").encode() for page in reader.pages]
        for page in reader.pages:
            for annotation in page.get("/Annots") or []:
                action = annotation.get_object().get("/A") or {}
                found.append(str(action.get("/URI", "")).encode())
        return found
    return [content]


@pytest.mark.parametrize("path", _surfaces())
def test_no_answer_names_the_host_a_request_claims(client: TestClient, path: str) -> None:
    answer = client.get(path, headers=HOSTILE)
    assert answer.status_code < 500, (path, answer.status_code, answer.text[:300])
    for text in _texts(answer.content, answer.headers.get("content-type", "")):
        assert EVIL.encode() not in text, path
    for header, value in answer.headers.items():
        assert EVIL not in value, (path, header)


def test_the_release_package_does_not_name_it_either(client: TestClient) -> None:
    answer = fetch_release(client, 1, **HOSTILE)
    assert answer.status_code == 200
    for text in _texts(answer.content, answer.headers["content-type"]):
        assert EVIL.encode() not in text


def test_absolute_urls_start_with_the_public_address(client: TestClient) -> None:
    """The check above can only pass for the right reason if the answers do write
    absolute URLs: the feed and a citation do, each under the configured address."""
    feed = client.get("/feed.xml", headers=HOSTILE).text
    embed = client.get(f"/embed/loop?{VIEW}", headers=HOSTILE).text
    for text in (feed, embed):
        urls = re.findall(r"https?://[^\s\"'<>]+", text)
        ours = [url for url in urls if url.startswith(public_url("/"))]
        assert ours, urls
