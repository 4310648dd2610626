"""Benchmark: answers per second of the plain HTTP routes under 50 concurrent clients.

Why a script and not a test: the machine is shared and noisy, so rates are printed as
medians over a few rounds, with ratios against the targets of issue #6 (warm API
metrics ≥ 300/s, a 304 ≥ 1,000/s, a warm embed ≥ 500/s). It starts ``python -m
dashboard`` on a free loopback port serving a demo database, then drives it from this
process with 50 asyncio clients on keep-alive HTTP/1.1 connections (plain sockets, so
the client costs little of the machine the server runs on). Only 127.0.0.1 is used.

    python -m bench.http_serving                     # demo at scale 0.1
    python -m bench.http_serving --scale 0.02 --rounds 5 --seconds 3
    python -m bench.http_serving --db sqlite:////tmp/demo.db   # an existing demo
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from dashboard.launch import LOOPBACK, Served, ServerDidNotStart, serve

REPO_ROOT = Path(__file__).resolve().parent.parent

HOST = LOOPBACK
CLIENTS = 50
TARGETS = {"api metrics (warm)": 300, "304 not modified": 1000, "embed headline (warm)": 500}


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, {k.lower(): v for k, v in answer.headers.items()}, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


async def _client(
    port: int, request: bytes, expect: int, stop_at: float, counts: list[int]
) -> None:
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        while time.perf_counter() < stop_at:
            writer.write(request)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if length:
                await reader.readexactly(length)
            if status != expect:
                raise RuntimeError(f"answer {status}, expected {expect}")
            counts[0] += 1
    finally:
        writer.close()


async def _round(port: int, request: bytes, expect: int, seconds: float) -> float:
    counts = [0]
    started = time.perf_counter()
    stop_at = started + seconds
    await asyncio.wait_for(
        asyncio.gather(
            *(_client(port, request, expect, stop_at, counts) for _ in range(CLIENTS))
        ),
        timeout=seconds + 60,
    )
    return counts[0] / (time.perf_counter() - started)


def measure(port: int, path: str, headers: dict[str, str], expect: int, rounds: int,
            seconds: float) -> float:
    lines = [f"GET {path} HTTP/1.1", f"Host: {HOST}:{port}", "Accept-Encoding: gzip"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")
    rates = [asyncio.run(_round(port, request, expect, seconds)) for _ in range(rounds)]
    return statistics.median(rates)


def page_run_rate(url: str, region: str, year: int, runs: int = 10) -> float:
    """Full Streamlit runs of the overview page per second (warm, one after another, in
    this process through AppTest): what one reader would cost if an embed were a page."""
    import logging

    from streamlit.testing.v1 import AppTest

    # AppTest in a plain script warns on every run that it has no ScriptRunContext.
    logging.getLogger("streamlit").setLevel(logging.ERROR)

    os.environ["DASHBOARD_DB_URL"] = url
    app = str(REPO_ROOT / "dashboard" / "app.py")
    durations: list[float] = []
    for index in range(runs + 1):
        at = AppTest.from_file(app, default_timeout=120)
        at.query_params.update({"region": region, "year": str(year)})
        started = time.perf_counter()
        at.run()
        if index:  # the first run warms the caches
            durations.append(time.perf_counter() - started)
    return 1 / statistics.median(durations)


def transfer_sizes(base: str, embed_path: str) -> None:
    """What a reader's browser downloads for one embed: first load (page and Plotly's
    JavaScript, gzip) and repeat load (304s for both), against the 1.6 MB / 50 KB budget."""
    import gzip
    import re

    gz = {"Accept-Encoding": "gzip"}
    _status, headers, page = get(f"{base}{embed_path}", gz)
    text = gzip.decompress(page) if headers.get("content-encoding") == "gzip" else page
    script = re.search(rb'src="(/assets/vendor/[^"]+)"', text)
    total = len(page)
    repeat = 0
    for path, etag in ((embed_path, headers.get("etag", "")),):
        again = get(f"{base}{path}", {**gz, "If-None-Match": etag})
        repeat += len(again[2]) + sum(len(k) + len(v) for k, v in again[1].items())
    if script:
        _status, js_headers, js = get(f"{base}{script.group(1).decode()}", gz)
        total += len(js)
        again = get(
            f"{base}{script.group(1).decode()}", {**gz, "If-None-Match": js_headers["etag"]}
        )
        repeat += len(again[2]) + sum(len(k) + len(v) for k, v in again[1].items())
    print(f"  embed first load        {total / 1e6:8.2f} MB compressed   budget  1.60 MB   "
          f"ratio {total / 1.6e6:5.2f}")
    print(f"  embed repeat load       {repeat / 1e3:8.2f} KB (304s)         budget 50.00 KB   "
          f"ratio {repeat / 50e3:5.2f}")


def report(url: str, served: Served, args: argparse.Namespace) -> None:
    """Measure and print the rates, transfer sizes and page runs of the running server."""
    port, base = served.port, served.url
    status, headers, body = get(f"{base}/api/v1/metrics")
    if status != 200:
        raise SystemExit(f"/api/v1/metrics answered {status}: {body[:300]!r}")
    query = json.loads(body)["query"]
    path = f"/api/v1/metrics?year={query['year']}&region={query['region']}&scope=all"
    status, headers, _ = get(f"{base}{path}", {"Accept-Encoding": "gzip"})
    etag = headers["etag"]
    cases: list[tuple[str, str, dict[str, str], int]] = [
        ("api metrics (warm)", path, {}, 200),
        ("304 not modified", path, {"If-None-Match": etag}, 304),
    ]
    embed = f"/embed/headline?year={query['year']}&region={query['region']}"
    if get(f"{base}{embed}")[0] == 200:
        cases.append(("embed headline (warm)", embed, {}, 200))
    else:
        print("(no /embed/headline on this server: embed not measured)")
    print(f"{CLIENTS} concurrent keep-alive clients on {HOST}, {args.rounds} rounds of "
          f"{args.seconds:g} s, medians:")
    rates: dict[str, float] = {}
    for name, target_path, extra, expect in cases:
        rate = measure(port, target_path, extra, expect, args.rounds, args.seconds)
        rates[name] = rate
        target = TARGETS[name]
        print(f"  {name:<24} {rate:8.0f} answers/s   target {target:>5}/s   "
              f"ratio {rate / target:5.2f}")
    transfer_sizes(base, f"/embed/evaluated_funds_trend?region={query['region']}")
    pages = page_run_rate(url, query["region"], query["year"])
    print(f"  full page runs (overview) {pages:6.1f} runs/s     (for comparison: each "
          "would be one reader of an embed served as a Streamlit page)")
    print(f"  warm embed / full page run: {rates['embed headline (warm)'] / pages:6.0f}x"
          if "embed headline (warm)" in rates else "")
    sessions = get(f"{base}/_stcore/metrics?families=session_events")[2].decode()
    connects = [line for line in sessions.splitlines() if 'type="connect"' in line]
    print(f"Streamlit sessions opened meanwhile: {connects[0].rsplit(' ', 1)[-1]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="SQLAlchemy URL of an existing demo database")
    parser.add_argument("--scale", type=float, default=0.1, help="demo scale (0.1)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=3.0, help="length of a round")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="http-bench-"))
    url = args.db
    if url is None:
        url = f"sqlite:///{workdir / 'demo.db'}"
        print(f"building the demo (scale {args.scale}) …", flush=True)
        subprocess.run(
            [sys.executable, "-m", "data_access", "--db", url, "demo", "--scale",
             str(args.scale)],
            cwd=REPO_ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
    try:
        with serve(url, args=("--server.address", HOST, "--logger.level", "error"),
                   log=workdir / "server.log", start_timeout=120, stop_timeout=15) as served:
            report(url, served, args)
    except ServerDidNotStart as error:
        raise SystemExit(f"the dashboard did not start: {error}") from error
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
