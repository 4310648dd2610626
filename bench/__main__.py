"""``python -m bench [--db URL] [--quick] [--runs N] [--json PATH]``.

Generates province scale (the Jiangxi demo: 2013–2018, scale 1) and national scale (every
publishing province of the gazetteer for one year, at least 1.2 million project-years;
``--quick``: about a tenth of that), imports each through the importer's writer while
measuring the raw-insert floor, runs every page cold and warm through AppTest, prints one
table and, with ``--json``, writes the same figures as JSON.

``--db`` is a SQLite URL (files are written beside it) or a PostgreSQL server URL (two
new databases are created there and dropped afterwards; the role needs CREATEDB); the
default is SQLite in a temporary folder. Timings are medians and p95s of a noisy shared
machine: compare ratios, never single figures.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from pathlib import Path

from bench.core import plans, run_bench, table

FULL_RUNS = 20
QUICK_RUNS = 5


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
    parser.add_argument("--json", type=Path, help="write the results as JSON to this file")
    args = parser.parse_args(argv)
    runs = args.runs or (QUICK_RUNS if args.quick else FULL_RUNS)
    if runs < 1:
        parser.error("--runs must be at least 1")
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
        progress=say,
    )
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n",
                             encoding="utf-8")
        print(f"JSON written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
