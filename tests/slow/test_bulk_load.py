"""Downloads that never lie, and thirty slow readers that cannot take the site down.

One real ``python -m dashboard`` on a small demo database, on SQLite and on PostgreSQL,
loopback only, every loop bounded in count and time:

- 50 concurrent bulk downloads (record datasets in every format, the release package)
  and API calls, from 25 loopback addresses: every ``200`` is byte for byte the body
  fetched alone (Content-Length included), every other answer a ``503`` with
  ``Retry-After`` and no partial body; API answers within the serving timeout.
- 30 clients that ask for a bulk download and then read a few bytes a second, plus 500
  slowloris sockets sending their headers a byte at a time: meanwhile the API and
  embeds answer within 1 s, a normal download completes byte for byte, and a page
  opened in Chromium shows its figures (no outage notice).

The server's peak memory (``VmHWM`` of its processes) is printed and held to 600 MB.
Why several loopback addresses: the per-client cap (``DASHBOARD_BULK_PER_CLIENT``) is
per address, and the slow readers must stand for thirty different phones.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import http.client
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.launch import serve
from data_access.db.engine import make_engine

pytestmark = pytest.mark.slow

MEMORY_BOUND_MB = 600
VIEW = "year=2017&region=360000"
BULK = (
    f"/download/records/projects.csv?{VIEW}",
    f"/download/records/indicators.json?{VIEW}",
    f"/download/records/evaluations.xlsx?{VIEW}",
    "/download/records/projects.csv?year=2016&region=360000",
    "/download/release/1.zip",
)
API = (
    f"/api/v1/metrics?{VIEW}",
    f"/api/v1/children?{VIEW}",
    "/api/v1/years?region=360000",
    f"/api/v1/departments?{VIEW}",
    f"/api/v1/projects?{VIEW}&sort=budget&limit=50",
)
EMBEDS = (f"/embed/headline?{VIEW}", f"/embed/region_ranking?{VIEW}")


@pytest.fixture
def demo_server(db_url: str, tmp_path: Path) -> Iterator[tuple[str, int, int]]:
    """A small demo in ``db_url`` served by ``python -m dashboard``: (host, port, pid)."""
    from data_access.demo.build import build_demo

    engine = make_engine(db_url)
    build_demo(engine, scale=0.04)
    engine.dispose()
    env = {**os.environ, "DASHBOARD_CACHE_DIR": str(tmp_path / "cache")}
    with serve(db_url, env=env, log=tmp_path / "server.log", start_timeout=120) as served:
        yield "127.0.0.1", served.port, served.process.pid


def fetch(
    port: int, path: str, *, source: str = "127.0.0.1", timeout: float = 60.0
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=timeout, source_address=(source, 0)
    )
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "identity"})
        answer = connection.getresponse()
        body = answer.read()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, body
    finally:
        connection.close()


def reference(port: int, path: str) -> bytes:
    """The body of ``path`` fetched alone (a release package being built: retried)."""
    for _ in range(120):
        status, headers, body = fetch(port, path)
        if status == 200:
            assert headers["content-length"] == str(len(body))
            return body
        assert status == 503, (path, status, body[:200])
        time.sleep(1)
    raise AssertionError(f"{path} never answered 200")


def server_memory_mb(pid: int) -> float:
    """The largest ``VmHWM`` (peak resident memory) of the server's process group."""
    group = os.getpgid(pid)
    peaks = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) != group:
                continue
            status = (entry / "status").read_text()
        except (OSError, ProcessLookupError):
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return max(peaks, default=0.0)


def test_fifty_concurrent_downloads_and_api_calls_never_truncate(demo_server) -> None:
    _, port, pid = demo_server
    expected = {path: reference(port, path) for path in (*BULK, *API)}
    jobs = [(BULK[i % len(BULK)], f"127.0.0.{2 + i % 25}") for i in range(30)]
    jobs += [(API[i % len(API)], f"127.0.0.{2 + i % 25}") for i in range(20)]

    def run(job: tuple[str, str]) -> tuple[str, int, dict[str, str], bytes, float]:
        started = time.monotonic()
        status, headers, body = fetch(port, job[0], source=job[1])
        return job[0], status, headers, body, time.monotonic() - started

    with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(run, jobs))
    complete = busy = 0
    for path, status, headers, body, took in results:
        if status == 200:
            assert headers["content-length"] == str(len(body)), path
            assert body == expected[path], f"{path}: a 200 that differs from the real body"
            complete += 1
        else:
            assert status == 503 and int(headers["retry-after"]) > 0, (path, status)
            assert headers["content-type"].startswith("application/problem+json")
            busy += 1
        if path.startswith("/api/"):
            assert status == 200 and took < 5.0, (path, status, took)
    peak = server_memory_mb(pid)
    print(f"\n50 concurrent: {complete} complete, {busy} answered 503; server peak {peak:.0f} MB")
    assert complete >= 20
    assert peak < MEMORY_BOUND_MB


def _slow_reader(port: int, source: str, path: str, stop: threading.Event) -> int:
    """Ask for ``path`` and read it a few bytes a second until ``stop``; bytes read."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.bind((source, 0))
    sock.settimeout(5)
    read = 0
    try:
        sock.connect(("127.0.0.1", port))
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        while not stop.is_set():
            try:
                chunk = sock.recv(8)
            except TimeoutError:
                continue
            if not chunk:
                break
            read += len(chunk)
            stop.wait(1.0)
    except OSError:
        pass
    finally:
        sock.close()
    return read


def _slowloris(port: int, count: int, stop: threading.Event) -> None:
    """``count`` sockets sending a request's headers one byte at a time, never ending."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(b"GET /api/v1/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            sockets.append(sock)
        while not stop.is_set():
            for sock in sockets:
                with contextlib.suppress(OSError):
                    sock.send(b"X")
            stop.wait(2.0)
    finally:
        for sock in sockets:
            sock.close()


def _page_shows_figures(port: int) -> str:
    """Open the overview in Chromium; the text of the page once its script has run.

    Runs in a thread of its own: when the browser tests ran earlier in the same
    process, their session-wide Playwright keeps an event loop in this thread, and the
    sync API refuses to start a second one inside it.
    """
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_open_overview, port).result(timeout=180)


def _open_overview(port: int) -> str:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, READY

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/?{VIEW}", timeout=60_000)
            page.wait_for_selector(READY, timeout=60_000)
            page.wait_for_selector("[data-testid='stMetricValue']", timeout=60_000)
            return page.inner_text("body")
        finally:
            browser.close()


@pytest.mark.browser
def test_thirty_slow_readers_and_slowloris_do_not_take_the_site_down(demo_server) -> None:
    from tests.browser.conftest import require_browser

    require_browser("the slow-reader test")
    _, port, pid = demo_server
    normal = f"/download/records/indicators.csv?{VIEW}"
    expected = reference(port, normal)
    reference(port, "/download/release/1.zip")
    for path in (*API, *EMBEDS):
        assert fetch(port, path)[0] == 200  # warm: the timing below is of a served site

    stop = threading.Event()
    readers = concurrent.futures.ThreadPoolExecutor(max_workers=31)
    futures = [
        readers.submit(_slow_reader, port, f"127.0.0.{2 + i}", BULK[i % len(BULK)], stop)
        for i in range(30)
    ]
    loris = threading.Thread(target=_slowloris, args=(port, 500, stop), daemon=True)
    loris.start()
    try:
        time.sleep(3)
        slowest = 0.0
        for round_ in range(10):
            for path in (*API, *EMBEDS):
                started = time.monotonic()
                status, _, _ = fetch(port, path, timeout=10)
                took = time.monotonic() - started
                slowest = max(slowest, took)
                assert status == 200, (path, status)
                assert took < 1.0, f"{path} took {took:.2f} s with slow readers open"
            uncached = f"/api/v1/metrics?year={2013 + round_ % 6}&region=360000&scope=own"
            started = time.monotonic()
            assert fetch(port, uncached, timeout=10)[0] == 200
            assert time.monotonic() - started < 1.0
        status, _, body = fetch(port, normal)
        assert status == 200 and body == expected, "a normal download completes byte for byte"
        text = _page_shows_figures(port)
        assert "数据服务暂时不可用" not in text and "temporarily unavailable" not in text
    finally:
        stop.set()
        loris.join(timeout=30)
        readers.shutdown(wait=True)
    bytes_read = sum(f.result() for f in futures)
    peak = server_memory_mb(pid)
    print(
        f"\n30 slow readers ({bytes_read} bytes read in all) + 500 slowloris: slowest API/embed "
        f"answer {slowest * 1000:.0f} ms; server peak {peak:.0f} MB"
    )
    assert peak < MEMORY_BOUND_MB
    report = json.dumps({"slowest_ms": round(slowest * 1000), "peak_mb": round(peak)})
    print(report)
