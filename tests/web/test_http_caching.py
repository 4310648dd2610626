"""HTTP caching of the plain routes (ETag, 304, Cache-Control, gzip, CORS), the vendored
Plotly bundle, and one real ``python -m dashboard`` serving them without a session.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import event
from starlette.testclient import TestClient

from dashboard.launch import serve
from dashboard.web import http
from dashboard.web.http import Answer, ResponseCache, _Entry
from dashboard.web.static import plotly_js_url
from data_access.db.engine import shared_engine
from tests.conftest import REPO_ROOT
from tests.pages_support import build_small_demo
from tests.web_support import changed_mini, client_for, import_package

METRICS = "/api/v1/metrics?year=2017&region=360000"


@pytest.fixture
def served(sqlite_url: str) -> Iterator[tuple[str, TestClient]]:
    import_package(sqlite_url)
    with client_for(sqlite_url) as client:
        yield sqlite_url, client


def test_etag_cache_control_cors_and_304(served) -> None:
    _, client = served
    first = client.get(METRICS, headers={"Accept-Encoding": "identity"})
    etag = first.headers["etag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)  # strong
    assert first.headers["cache-control"] == "public, max-age=60"
    assert first.headers["access-control-allow-origin"] == "*"
    again = client.get(METRICS, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    assert again.headers["access-control-allow-origin"] == "*"
    assert client.get(METRICS, headers={"If-None-Match": '"other", ' + etag}).status_code == 304
    assert client.get(METRICS, headers={"If-None-Match": '"other"'}).status_code == 200
    reordered = client.get(
        "/api/v1/metrics?region=360000&year=2017", headers={"Accept-Encoding": "identity"}
    )
    assert reordered.headers["etag"] == etag
    assert client.get(METRICS + "&scope=own").headers["etag"] not in (etag, etag[:-1] + '-gz"')
    pinned = client.get(METRICS + "&release=1")
    assert pinned.headers["cache-control"] == "public, max-age=3600"


def test_gzip_variant_has_its_own_etag_and_the_same_content(served) -> None:
    _, client = served
    plain = client.get("/api/v1/children?year=2017&region=360000",
                       headers={"Accept-Encoding": "identity"})
    zipped = client.get("/api/v1/children?year=2017&region=360000",
                        headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.json() == plain.json()  # the client decodes gzip
    assert zipped.headers["etag"] == plain.headers["etag"][:-1] + '-gz"'
    assert "Accept-Encoding" in zipped.headers["vary"]
    for etag in (plain.headers["etag"], zipped.headers["etag"]):
        answer = client.get("/api/v1/children?year=2017&region=360000",
                            headers={"If-None-Match": etag})
        assert answer.status_code == 304


def test_a_new_release_changes_the_etag(served, tmp_path: Path) -> None:
    url, client = served
    etag = client.get(METRICS).headers["etag"]
    import_package(url, changed_mini(tmp_path))
    answer = client.get(METRICS, headers={"If-None-Match": etag})
    assert answer.status_code == 200
    assert answer.headers["etag"] != etag
    assert answer.json()["release"]["id"] == 2


def test_warm_answers_and_304s_touch_no_database(served, monkeypatch) -> None:
    url, client = served
    monkeypatch.setattr(http, "STAMP_TTL", 60.0)
    http.STAMPS.forget()
    etag = client.get(METRICS).headers["etag"]
    statements: list[str] = []
    engine = shared_engine(url)
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        for _ in range(5):
            assert client.get(METRICS).status_code == 200
            assert client.get(METRICS, headers={"If-None-Match": etag}).status_code == 304
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert statements == []


def test_problems_are_not_cacheable_but_cors_open(served) -> None:
    _, client = served
    answer = client.get("/api/v1/metrics?year=x&lang=en")
    assert answer.status_code == 400
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "etag" not in answer.headers
    assert answer.headers["content-language"] == "en"


def test_cors_preflight(served) -> None:
    _, client = served
    answer = client.options(METRICS, headers={
        "Origin": "https://news.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "if-none-match"})
    assert answer.status_code == 204
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "GET" in answer.headers["access-control-allow-methods"]
    assert "If-None-Match" in answer.headers["access-control-allow-headers"]


def test_the_response_cache_is_bounded() -> None:
    cache = ResponseCache(max_entries=3, max_bytes=10_000)
    for i in range(10):
        cache.put(str(i), _Entry(Answer(b"x" * 100), None))
    assert len(cache) == 3 and cache.get("0") is None and cache.get("9") is not None
    cache = ResponseCache(max_entries=100, max_bytes=1000)
    for i in range(10):
        cache.put(str(i), _Entry(Answer(b"x" * 200), None))
    assert len(cache) == 5
    cache.put("huge", _Entry(Answer(b"x" * 900), None))  # over a quarter: never cached
    assert cache.get("huge") is None


def test_the_vendored_plotly_bundle(served) -> None:
    _, client = served
    url = plotly_js_url()
    assert re.fullmatch(r"/assets/vendor/plotly-\d+\.\d+\.\d+\.min\.js", url)
    zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert zipped.status_code == 200
    assert zipped.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["content-type"].startswith("text/javascript")
    assert int(zipped.headers["content-length"]) < 1_600_000
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.content == zipped.content and plain.content.startswith(b"/**")
    raw = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert raw.headers["content-length"] == zipped.headers["content-length"]
    again = client.get(url, headers={"If-None-Match": zipped.headers["etag"]})
    assert again.status_code == 304
    assert again.headers["cache-control"].endswith("immutable")
    assert client.get("/assets/vendor/plotly-0.0.1.min.js").status_code == 404
    assert plotly_js_url("/base/") == "/base" + url


def test_the_web_package_never_imports_streamlit() -> None:
    code = (
        "import sys; import dashboard.web, dashboard.web.static; "
        "assert 'streamlit' not in sys.modules, 'streamlit imported'"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, check=True, timeout=120)


# --------------------------------------------------------- the real server


def _lower(headers) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, _lower(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, _lower(error.headers), error.read()


def _sessions(base: str) -> dict[str, int]:
    """Streamlit's own session counters (``/_stcore/metrics``, OpenMetrics text)."""
    _, _, body = _get(f"{base}/_stcore/metrics?families=session_events&families=active_sessions")
    text = body.decode()
    found = {
        kind: int(value)
        for kind, value in re.findall(r'session_events_total\{type="(\w+)"\} (\d+)', text)
    }
    found["active"] = int(re.search(r"^active_sessions (\d+)", text, re.M).group(1))
    return found


def test_python_m_dashboard_serves_api_and_feed_without_a_session(tmp_path: Path) -> None:
    url = build_small_demo(tmp_path / "demo.db")
    with serve(url, log=tmp_path / "server.log", start_timeout=90, stop_timeout=15) as served:
        base, port = served.url, served.port
        assert _sessions(base) == {"connect": 0, "reconnect": 0, "disconnect": 0, "active": 0}

        for _ in range(10):
            status, headers, body = _get(f"{base}/api/v1/metrics")
            assert status == 200 and headers["content-type"] == "application/json"
            answer = json.loads(body)
            assert answer["release"]["is_demo"] is True
            assert answer["metrics"]["projects"] > 0
            status, _, _ = _get(f"{base}/api/v1/metrics",
                                {"If-None-Match": headers["etag"]})
            assert status == 304
            status, headers, body = _get(f"{base}/feed.xml")
            assert status == 200 and headers["content-type"].startswith("application/atom+xml")
            assert ET.fromstring(body).tag == "{http://www.w3.org/2005/Atom}feed"
            status, headers, body = _get(f"{base}/embed/headline")
            assert status == 200 and headers["content-type"].startswith("text/html")
            assert b'class="card"' in body
            assert _get(f"{base}/embed/headline", {"If-None-Match": headers["etag"]})[0] == 304
            status, headers, body = _get(f"{base}/download/loop.csv")
            assert status == 200 and headers["content-type"].startswith("text/csv")
        status, headers, _ = _get(f"{base}{plotly_js_url()}", {"Accept-Encoding": "gzip"})
        assert status == 200 and headers["content-encoding"] == "gzip"
        assert _get(f"{base}/api/v1/metrics?year=x")[0] == 400
        assert _get(f"{base}/")[0] == 200  # the pages are still served

        # No session was opened by any of these answers ...
        assert _sessions(base) == {"connect": 0, "reconnect": 0, "disconnect": 0, "active": 0}
        # ... and the counter does count one: a websocket session, as a browser opens it.
        from websockets.sync.client import connect

        with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"]):
            deadline = time.monotonic() + 20
            while _sessions(base)["connect"] == 0 and time.monotonic() < deadline:
                time.sleep(0.2)
            assert _sessions(base)["connect"] == 1
