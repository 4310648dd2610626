"""Benchmark: how long the dashboard's metric and record queries take on the full demo.

Why a script and not a test: the machine is shared and noisy, so timings are printed as
medians over repeated runs, with ratios against the cheapest query (本级 headline) that
stay meaningful when the whole machine is slower. Each query is measured twice in the
same run: computed directly from the project-years (``metrics.computed_directly``, the
reference and the behaviour before rollups) and as served (from the rollups), with the
speed-up between them. The record queries (project list, record) do not use rollups.

    python -m bench.metrics_queries                          # SQLite, scale 1
    python -m bench.metrics_queries --db postgresql://postgres@127.0.0.1:5432/bench
    python -m bench.metrics_queries --scale 0.2 --runs 7

With ``--db`` the database is used as it is when it already holds the demo, and built
into it otherwise.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from data_access.db.engine import make_engine
from data_access.demo.build import build_demo
from data_access.metrics.compute import (
    children_metrics,
    compute_metrics,
    computed_directly,
    department_metrics,
    year_series,
)
from data_access.reads.queries import has_data, project_list, project_record
from data_access.reads.selection import ListFilter, ViewFilter


def cases(engine: Engine) -> dict[str, Callable[[], object]]:
    """The reads one page view makes, by name."""
    province = ViewFilter(2017, "360000")
    first = project_list(engine, province, page_size=1).rows[0].project_code

    def headline(region: str, scope: str) -> Callable[[], object]:
        return lambda: compute_metrics(engine, ViewFilter(2017, region, scope))

    return {
        "headline 本级 province": headline("360000", "own"),
        "headline 全辖 province": headline("360000", "all"),
        "headline 全辖 city": headline("360700", "all"),
        "children of province": lambda: children_metrics(engine, 2017, "360000"),
        "children of city": lambda: children_metrics(engine, 2017, "360700"),
        "departments of province": lambda: department_metrics(engine, 2017, "360000"),
        "year series 全辖": lambda: year_series(engine, ViewFilter(None, "360000")),
        "project list by score": lambda: project_list(engine, province, sort="score"),
        "project list search": lambda: project_list(engine, province, ListFilter(search="教育")),
        "project record": lambda: project_record(engine, first),
    }


def median_seconds(call: Callable[[], object], runs: int) -> float:
    """Median wall time of ``runs`` calls after one warm-up call."""
    call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: a new SQLite file)")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(args.db or f"sqlite:///{Path(tmp) / 'bench.db'}")
        if not has_data(engine):
            started = time.perf_counter()
            build_demo(engine, scale=args.scale)
            print(f"demo built at scale {args.scale} in {time.perf_counter() - started:.1f} s")
        calls = cases(engine)
        with computed_directly():
            direct = {name: median_seconds(call, args.runs) for name, call in calls.items()}
        served = {name: median_seconds(call, args.runs) for name, call in calls.items()}
        engine.dispose()
    base_direct, base_served = direct["headline 本级 province"], served["headline 本级 province"]
    print(
        f"{'query':<28} {'direct':>10} {'× 本级':>7} {'rollups':>10} {'× 本级':>7} {'speed-up':>9}"
    )
    for name in calls:
        before, after = direct[name], served[name]
        print(
            f"{name:<28} {before * 1000:7.1f} ms {before / base_direct:6.1f}×"
            f" {after * 1000:7.1f} ms {after / base_served:6.1f}× {before / after:8.1f}×"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
