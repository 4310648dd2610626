"""Benchmark: how long the synthetic demo takes to build (target: at most 30 s at scale 1).

Why a script and not a test: timings depend on the machine; the unit tests check what
the demo contains, this prints how fast it is built, stage by stage, as medians. It
prints the CPU time of the building process too: on a shared, loaded machine the wall
time measures the neighbours, the CPU time still measures the build (SQLite writes in
the same process).

    python -m bench.demo_build              # 3 builds at scale 1 into SQLite files
    python -m bench.demo_build --runs 5 --scale 0.5
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from data_access.db.engine import make_engine
from data_access.demo.build import build_demo
from data_access.regions import ensure_regions


def one_build(folder: Path, index: int, scale: float) -> tuple[float, float, dict[str, float]]:
    """Build once into a new SQLite file: wall seconds, CPU seconds, and the wall seconds
    at which each stage started."""
    engine = make_engine(f"sqlite:///{folder / f'demo-{index}.db'}")
    ensure_regions(engine)  # the gazetteer load is not part of the demo build itself
    stages: dict[str, float] = {}
    started = time.perf_counter()
    cpu_started = time.process_time()

    def progress(stage: str, _fraction: float) -> None:
        stages.setdefault(stage, time.perf_counter() - started)

    build_demo(engine, scale=scale, progress=progress)
    total = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    engine.dispose()
    return total, cpu, stages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    totals: list[float] = []
    cpus: list[float] = []
    by_stage: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for index in range(args.runs):
            total, cpu, stages = one_build(Path(tmp), index, args.scale)
            totals.append(total)
            cpus.append(cpu)
            for stage, seconds in stages.items():
                by_stage.setdefault(stage, []).append(seconds)
            print(f"run {index + 1}: {total:.1f} s (CPU {cpu:.1f} s)")
    print(
        f"median build time at scale {args.scale}: {statistics.median(totals):.1f} s"
        f" (CPU {statistics.median(cpus):.1f} s)"
    )
    for stage, values in by_stage.items():
        print(f"  stage {stage:<12} starts at {statistics.median(values):6.1f} s (median)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
