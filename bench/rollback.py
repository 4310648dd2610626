"""Benchmark: ``rollback`` at 20,000 and 200,000 project-years, SQLite and PostgreSQL.

Why: a rollback copies every row its release served back as a new release, in one
transaction that holds the import lock; its time must grow with the rows it copies, not
faster (issue 23: on SQLite 2,000 project-years took 31 s, 5,000 took 370 s, matching
the copies to their originals row by row). Target: linear, i.e. the seconds per
project-year at 200,000 within 1.5x of those at 20,000, and 200,000 project-years rolled
back within 60 s on either backend.

How: the demo is built at the scale that gives each size (scale 0.1 ≈ 20,200
project-years, 1.0 ≈ 202,000, with their indicators, evaluations, applications and
monitoring); a correction keeping one project-year supersedes it
(``bench.generate.supersede_with_one_row``); then each run times ``rollback`` to the
demo release (every project-year copied back, the rollups refreshed, the commit), and an
untimed rollback to the one-row correction supersedes it again. The tables grow by a
copy per run, as they would in use. Printed: the median seconds and CPU seconds (CPU is
this process only: SQLite's work, but not PostgreSQL's server), microseconds per copied
project-year, and the ratio of those between the two sizes (≈ 1 when linear).

    python -m bench.rollback                     # both sizes, both backends, 3 runs
    python -m bench.rollback --sizes 20000 --backends sqlite --runs 5
    python -m bench.rollback --pg postgresql://postgres@127.0.0.1:5432/test

``--pg`` names a server and a database to connect to; a new database is created on it
for each size (the role needs CREATEDB) and dropped afterwards.

Measured once on the shared 2-core development machine (noisy: another helper and the
lead running tests beside it, load average 3–4.5), 3 runs per size, ``python
bench/rollback.py`` in 4 min 26 s:

==========  =============  ========  ======  =================  =====
backend     project-years  median s  CPU s   µs / project-year  ratio
==========  =============  ========  ======  =================  =====
sqlite             19,998      1.00    0.80               50.2      –
sqlite            199,994     11.89   10.63               59.4   1.18
postgresql         19,998      2.71    0.06              135.3      –
postgresql        199,994     24.77    0.10              123.9   0.92
==========  =============  ========  ======  =================  =====

Both targets met. The runs of one size slow down a little as the tables grow by a copy
each (SQLite at 200,000: 9.8, 11.9, 15.2 s): the copies' inserts maintain the indexes of
bigger tables, and retiring the live rows reads the publisher's whole history of those
years (``ix_project_year_publisher_year``), a scan per statement, not per row. On
PostgreSQL most of the time is the inserts themselves (a dozen indexes and the foreign
keys checked per row of ``project_year`` and ``indicator``) and the ANALYZE.

Before the fix (matching copies by fiscal year and project code), the same machine:
SQLite 2,000 project-years 1.5 s, 5,000 9.9 s (6.5x the time for 2.5x the rows);
20,000 was not attempted.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from bench.generate import supersede_with_one_row
from data_access.db.engine import make_engine
from data_access.db.schema import ProjectYear
from data_access.demo.build import build_demo
from data_access.ingest.importer import rollback

DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"
# Project-years of the demo at scale 1.0 (all six years): a size asked for is built at
# size / DEMO_PROJECT_YEARS.
DEMO_PROJECT_YEARS = 202_205


@contextlib.contextmanager
def new_database(backend: str, folder: Path, pg_url: str) -> Iterator[str]:
    """The URL of a new, empty database, removed afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / f'rollback-{uuid.uuid4().hex[:8]}.db'}"
        return
    parsed = make_url(pg_url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    admin = create_engine(parsed, isolation_level="AUTOCOMMIT")
    name = f"bench_rollback_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield parsed.set(database=name).render_as_string(hide_password=False)
    finally:
        from data_access.db.engine import shared_engine

        shared_engine.cache_clear()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def measure(url: str, size: int, runs: int) -> tuple[int, list[float], list[float]]:
    """Build ``size`` project-years, then time ``runs`` rollbacks of all of them:
    (project-years copied, wall seconds, CPU seconds)."""
    engine = make_engine(url)
    try:
        started = time.perf_counter()
        demo = build_demo(engine, scale=size / DEMO_PROJECT_YEARS)
        one_row = supersede_with_one_row(engine, demo)
        print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)
        walls: list[float] = []
        cpus: list[float] = []
        copied = 0
        for run in range(runs):
            started, cpu = time.perf_counter(), time.process_time()
            result = rollback(engine, demo)
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
            assert result.release_id is not None, "the demo release was already served"
            with engine.connect() as conn:
                copied = conn.execute(
                    select(func.count())
                    .select_from(ProjectYear)
                    .where(ProjectYear.release_id == result.release_id)
                ).scalar_one()
            print(f"  run {run + 1}: {walls[-1]:.2f} s (CPU {cpus[-1]:.2f} s), "
                  f"{copied:,} project-years", flush=True)
            rollback(engine, one_row)  # superseded again, for the next run
        return copied, walls, cpus
    finally:
        engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 200_000],
                        help="project-years (default: 20000 200000)")
    parser.add_argument("--backends", nargs="+", choices=("sqlite", "postgresql"),
                        default=["sqlite", "postgresql"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pg", default=DEFAULT_PG, help=f"PostgreSQL server ({DEFAULT_PG})")
    args = parser.parse_args()
    rows: list[tuple[str, int, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for backend in args.backends:
            for size in sorted(args.sizes):
                print(f"{backend}, {size:,} project-years:", flush=True)
                with new_database(backend, Path(tmp), args.pg) as url:
                    copied, walls, cpus = measure(url, size, args.runs)
                rows.append((backend, copied, statistics.median(walls), statistics.median(cpus)))
    print()
    print(f"{'backend':<11} {'project-years':>13} {'median s':>9} {'CPU s':>7} "
          f"{'µs/project-year':>16} {'ratio':>6}")
    first: dict[str, float] = {}
    for backend, copied, wall, cpu in rows:
        per_row = wall / copied * 1e6
        ratio = f"{per_row / first[backend]:.2f}" if backend in first else "–"
        first.setdefault(backend, per_row)
        print(f"{backend:<11} {copied:>13,} {wall:>9.2f} {cpu:>7.2f} {per_row:>16.1f} "
              f"{ratio:>6}")
    print("ratio: µs per project-year against the smallest size of the backend "
          "(≈ 1 when linear; target ≤ 1.5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
