"""``python -m bench [--db URL] [--quick] [--runs N] [--browser-runs N] [--sessions N]
[--no-browser] [--json PATH]``.

Generates province scale (the Jiangxi demo: 2013–2018, scale 1) and national scale (every
publishing province of the gazetteer for one year, at least 1.2 million project-years;
``--quick``: about a tenth of that), imports each through the importer's writer while
measuring the raw-insert floor, runs every page cold and warm through AppTest; at
province scale measures in Chromium navigation and click to settled against a bare
Streamlit page with as many charts and tables, and the server's memory with 10 browser
sessions open; prints one table and, with ``--json``, writes the same figures as JSON,
rewritten after every section (an interrupted run keeps what it measured, with
``"complete": false``).

``--db`` is a SQLite URL (files are written beside it) or a PostgreSQL server URL (two
new databases are created there and dropped afterwards; the role needs CREATEDB); the
default is SQLite in a temporary folder. Timings are medians and p95s of a noisy shared
machine: compare ratios, never single figures.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

from bench.core import BrowserPlan, plans, run_bench, table

FULL_RUNS = 20
QUICK_RUNS = 5
FULL_BROWSER_RUNS = 10
QUICK_BROWSER_RUNS = 3
SESSIONS = 10


def write_json(path: Path, result: dict[str, Any]) -> None:
    """Write ``result`` to ``path`` whole or not at all (a new file renamed over the old
    one), so a run stopped mid-write still leaves the previous section's figures."""
    part = path.with_name(path.name + ".part")
    part.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(part, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="SQLAlchemy URL: sqlite:///FILE or postgresql://… "
                        "(default: SQLite in a temporary folder)")
    parser.add_argument("--quick", action="store_true",
                        help=f"reduced national scale and {QUICK_RUNS} runs per page "
                        "(within 10 minutes)")
    parser.add_argument("--runs", type=int, help=f"runs per page and state (default "
                        f"{FULL_RUNS}, {QUICK_RUNS} with --quick)")
    parser.add_argument("--national-scale", type=float,
                        help="demo scale of each province at national scale "
                        "(default 1.3: about 1.3 million project-years; 0.12 with --quick)")
    parser.add_argument("--browser-runs", type=int,
                        help=f"timed Chromium runs per navigation and click, on the page and "
                        f"on the bare page (default {FULL_BROWSER_RUNS}, "
                        f"{QUICK_BROWSER_RUNS} with --quick)")
    parser.add_argument("--sessions", type=int, default=SESSIONS,
                        help=f"browser sessions open for the memory reading ({SESSIONS})")
    parser.add_argument("--no-browser", action="store_true",
                        help="skip Chromium and the memory reading")
    parser.add_argument("--json", type=Path, help="write the results as JSON to this file "
                        "(after every section)")
    args = parser.parse_args(argv)
    runs = args.runs or (QUICK_RUNS if args.quick else FULL_RUNS)
    browser_runs = args.browser_runs or (QUICK_BROWSER_RUNS if args.quick else FULL_BROWSER_RUNS)
    if runs < 1 or browser_runs < 1 or args.sessions < 1:
        parser.error("--runs, --browser-runs and --sessions must be at least 1")
    # A terminated run still drops its PostgreSQL databases and temporary files.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    started = time.perf_counter()

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.0f} s] {message}", file=sys.stderr,
              flush=True)

    result = run_bench(
        db=args.db,
        quick=args.quick,
        runs=runs,
        scale_plans=plans(quick=args.quick, national_scale=args.national_scale),
        browser=None if args.no_browser else browser_plan(browser_runs, args.sessions),
        progress=say,
        checkpoint=(lambda result: write_json(args.json, result)) if args.json else None,
    )
    print(table(result))
    if args.json:
        print(f"JSON written to {args.json}")
    return 0


def browser_plan(runs: int, sessions: int) -> BrowserPlan:
    """Every navigation and click, ``runs`` times each (a function so the smoke test can
    shrink it)."""
    return BrowserPlan(runs=runs, sessions=sessions)


if __name__ == "__main__":
    raise SystemExit(main())
