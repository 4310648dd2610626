"""``/api/v1/openapi.json`` is valid OpenAPI 3.1 and every endpoint answers as documented.

Each documented path is called with its example parameters on the mini package; the
status must be a documented one and the body must validate against the documented
schema for that status and content type. The human page ``/api/v1/`` lists every
endpoint with an example link that answers 200.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from starlette.routing import Route
from starlette.testclient import TestClient

from dashboard import web
from dashboard.web.openapi import document
from tests.web_support import client_for, import_package

DOC = document()


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path_factory.mktemp('openapi') / 'mini.db'}"
    import_package(url)
    with client_for(url) as found:
        yield found


def _schema_validator(schema: dict) -> Draft202012Validator:
    return Draft202012Validator({**schema, "components": DOC["components"]})


def _parameters(operation: dict) -> list[dict]:
    found = []
    for param in operation.get("parameters", []):
        if "$ref" in param:
            param = DOC["components"]["parameters"][param["$ref"].rsplit("/", 1)[-1]]
        found.append(param)
    return found


def _example_url(path: str, operation: dict) -> str:
    query = []
    for param in _parameters(operation):
        if param["in"] == "path":
            path = path.replace("{" + param["name"] + "}", str(param["example"]))
        elif "example" in param:
            query.append(f"{param['name']}={param['example']}")
    return path + ("?" + "&".join(query) if query else "")


def test_the_document_is_valid_openapi_3_1(client: TestClient) -> None:
    validate(DOC)
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200
    assert served.headers["content-type"] == "application/json"
    assert served.json() == DOC
    assert DOC["openapi"] == "3.1.0"


def test_every_route_is_documented_and_every_documented_path_is_served() -> None:
    served = {r.path for r in web.routes() if isinstance(r, Route) and "GET" in (r.methods or ())}
    documented = set(DOC["paths"])
    assert documented <= served
    undocumented = served - documented
    # Embeds and file downloads are documents for people (described on /data and in
    # docs/open-data.md), robots.txt and the sitemap for crawlers: not JSON endpoints of the API.
    assert all(
        p.startswith(("/assets/", "/embed/", "/download/"))
        or p in ("/api/v1/", "/api/v1", "/robots.txt", "/sitemap.xml")
        for p in undocumented
    ), undocumented


@pytest.mark.parametrize(
    ("path", "method"), [(p, m) for p in DOC["paths"] for m in DOC["paths"][p]]
)
def test_each_endpoint_answers_as_documented(client: TestClient, path: str, method: str) -> None:
    operation = DOC["paths"][path][method]
    answer = client.request(method.upper(), _example_url(path, operation))
    documented = operation["responses"]
    assert str(answer.status_code) == "200", answer.text
    content = documented["200"]["content"]
    media_type = answer.headers["content-type"].split(";")[0]
    assert media_type in content
    if media_type.endswith("json"):
        _schema_validator(content[media_type]["schema"]).validate(answer.json())
    for header in documented["200"].get("headers", {}):
        assert header.lower() in answer.headers, header
    again = client.request(
        method.upper(),
        _example_url(path, operation),
        headers={"If-None-Match": answer.headers["etag"]},
    )
    assert again.status_code == 304 and "304" in documented


@pytest.mark.parametrize(
    "path", [p for p in DOC["paths"] if "400" in DOC["paths"][p]["get"]["responses"]]
)
def test_documented_errors_are_problem_json(client: TestClient, path: str) -> None:
    operation = DOC["paths"][path]["get"]
    problem_schema = operation["responses"]["400"]["content"]["application/problem+json"]
    url = _example_url(path, operation)
    pins = {"$ref": "#/components/parameters/release"} in operation.get("parameters", [])
    bad = client.get(url + ("&" if "?" in url else "?") + ("release=abc" if pins else "lang=AAA"))
    assert bad.status_code == 400
    assert bad.headers["content-type"] == "application/problem+json"
    _schema_validator(problem_schema["schema"]).validate(bad.json())
    if not pins:
        return
    missing = client.get(url + ("&" if "?" in url else "?") + "release=77")
    assert missing.status_code == 404
    _schema_validator(
        operation["responses"]["404"]["content"]["application/problem+json"]["schema"]
    ).validate(missing.json())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_human_page_lists_every_endpoint_with_a_working_example(
    client: TestClient, lang: str
) -> None:
    page = client.get(f"/api/v1/?lang={lang}")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert f'<html lang="{lang}">' in page.text
    for path in DOC["paths"]:
        assert f"GET {path}" in page.text, path
    links = [
        href.replace("&amp;", "&")
        for href in re.findall(r'href="([^"]+)"', page.text)
        if href.startswith(("/api/v1/", "/feed.xml")) and not href.startswith("/api/v1/?")
    ]
    assert len(links) == len(DOC["paths"])
    for link in links:
        assert client.get(link).status_code == 200, link
    assert client.get("/api/v1", follow_redirects=False).status_code == 308
