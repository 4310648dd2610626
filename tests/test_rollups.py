"""Rollups (``data_access.rollups``) answer exactly what the direct computation answers.

Why a differential test: the rollups are a second way of computing every figure; the
direct computation over project-years stays the reference (``metrics.computed_directly``).
Every metric key of every view the public functions serve (headline of every region and
scope, each region's split into 本级 and children, its departments, its year series and
each department's series) must be equal, money to the fen and floats bit for bit, on
the mini example and on a package with awkward cases (withheld project-years with
evaluations, a zero budget, several evaluations of one project-year, scores with
decimals, children without data), on SQLite and PostgreSQL; and stay equal after a
second release, a rollback and a write that bypasses the writer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, insert, select

from data_access import rollups
from data_access.engine import make_engine
from data_access.importer import import_package, rollback
from data_access.metrics import (
    MetricFilter,
    children_metrics,
    compute_metrics,
    computed_directly,
    department_metrics,
    year_series,
)
from data_access.regions import children
from data_access.schema import Evaluation, ProjectYear, rollup_region
from tests.conftest import MINI_PACKAGE
from tests.package_builders import read_rows, write_rows
from tests.test_disclosure import _build as build_withheld_package

ROOT = "360000"
EMPTY_YEAR = 2015


def _regions(engine: Engine) -> list[str]:
    """Jiangxi and every region below it (most of them without any project-year)."""
    found, queue = [], [ROOT]
    while queue:
        code = queue.pop()
        found.append(code)
        queue.extend(child.code for child in children(engine, code))
    return sorted(found)


def _views(engine: Engine, regions: list[str], release: int | None = None) -> dict[str, Any]:
    """Every figure the public metric functions serve for these regions."""
    out: dict[str, Any] = {}
    years = (None, EMPTY_YEAR, 2016, 2017)
    for region in regions:
        for scope in ("all", "own"):
            for year in years:
                out[f"headline {year} {region} {scope}"] = compute_metrics(
                    engine, MetricFilter(year, region, scope), release=release
                )
            out[f"series {region} {scope}"] = year_series(
                engine, region, scope, release=release
            )
        for year in years[1:]:
            departments = department_metrics(engine, year, region, release=release)
            out[f"departments {year} {region}"] = departments
            for department in departments:
                for scope in ("all", "own"):
                    out[f"dept {year} {region} {scope} {department.code}"] = compute_metrics(
                        engine,
                        MetricFilter(year, region, scope, department_id=department.department_id),
                        release=release,
                    )
                out[f"dept series {region} {department.code}"] = year_series(
                    engine, region, "own", department.department_id, release=release
                )
            if children(engine, region):
                out[f"children {year} {region}"] = children_metrics(
                    engine, year, region, release=release
                )
    return out


def _assert_rollups_equal_direct(engine: Engine, regions: list[str]) -> int:
    """Compare every view; returns how many were compared."""
    with engine.connect() as conn:
        assert rollups.serves(conn, None), "the rollups must be current after a write"
        stored = conn.execute(select(func.count()).select_from(rollup_region)).scalar_one()
    assert stored > 0
    from_rollups = _views(engine, regions)
    with computed_directly():
        direct = _views(engine, regions)
    assert from_rollups.keys() == direct.keys()
    for key, value in direct.items():
        assert from_rollups[key] == value, key
    return len(direct)


def _awkward_package(tmp_path: Path, name: str, variant: int = 0) -> Path:
    """The disclosure test's package (withheld project-years with evaluations, several
    evaluations of one project-year) plus a zero budget with a scored evaluation and
    scores with two decimals; ``variant`` 1 changes money and scores (a second release)."""
    package = build_withheld_package(tmp_path, name, variant)
    projects = read_rows(package, "projects.csv")
    header = projects[0]
    zero = dict.fromkeys(header, "")
    zero.update(
        fiscal_year="2017",
        project_code="36010017099",
        project_name="零预算项目",
        department_code="NC01",
        region_code="360100",
        sector="教育",
        budget_initial="0",
        budget_adjusted="0",
        spent="0",
        has_targets="是",
        disclosure="public",
    )
    projects.append([zero[column] for column in header])
    if variant:
        index = header.index("budget_adjusted")
        projects[1][index] = str(int(projects[1][index]) + 1234)
    write_rows(package, "projects.csv", projects)
    evaluations = read_rows(package, "evaluations.csv")
    eh = evaluations[0]
    extra = dict.fromkeys(eh, "")
    extra.update(
        evaluation_id="Z1",
        fiscal_year="2017",
        project_code="36010017099",
        eval_type="finance",
        third_party="否",
        score="77.35" if variant == 0 else "81.05",
        published_on="2018-06-01",
        submitted_to_congress="否",
    )
    evaluations.append([extra[column] for column in eh])
    score = eh.index("score")
    for row in evaluations[1:]:
        if row[score] == "86.5":
            row[score] = "86.55" if variant == 0 else "82.45"
    write_rows(package, "evaluations.csv", evaluations)
    return package


def _import(engine: Engine, package: Path) -> int:
    report = import_package(engine, package)
    assert report.ok and report.release_id is not None, report.render()
    return report.release_id


def test_mini_example_rollups_equal_direct(db_url: str) -> None:
    engine = make_engine(db_url)
    _import(engine, MINI_PACKAGE)
    assert _assert_rollups_equal_direct(engine, _regions(engine)) > 1000


def test_awkward_package_second_release_and_rollback(db_url: str, tmp_path: Path) -> None:
    engine = make_engine(db_url)
    regions = _regions(engine)
    first = _import(engine, _awkward_package(tmp_path, "first"))
    _assert_rollups_equal_direct(engine, regions)
    before = compute_metrics(engine, MetricFilter(2017, ROOT))
    assert before["withheld_projects"] and before["average_score"] is not None

    second = _import(engine, _awkward_package(tmp_path, "second", variant=1))
    _assert_rollups_equal_direct(engine, regions)
    after = compute_metrics(engine, MetricFilter(2017, ROOT))
    assert after != before  # the second release changed the figures the rollups serve
    # Pinned to the latest release, the rollups serve; pinned to the first, direct.
    assert compute_metrics(engine, MetricFilter(2017, ROOT), release=second) == after
    assert compute_metrics(engine, MetricFilter(2017, ROOT), release=first) == before

    result = rollback(engine, first)
    assert result.release_id is not None
    _assert_rollups_equal_direct(engine, regions)
    assert compute_metrics(engine, MetricFilter(2017, ROOT)) == before


def test_a_write_outside_the_writer_is_never_served_stale(db_url: str, tmp_path: Path) -> None:
    """An evaluation inserted directly: the rollups stop serving until the next write,
    which recomputes every year."""
    engine = make_engine(db_url)
    _import(engine, MINI_PACKAGE)
    with engine.begin() as conn:
        pid = conn.execute(
            select(ProjectYear.id).where(
                ProjectYear.fiscal_year == 2016, ProjectYear.region_code == ROOT
            )
        ).scalars().first()
        conn.execute(
            insert(Evaluation).values(
                evaluation_code="OUTSIDE",
                project_year_id=pid,
                eval_type="finance",
                authority=3,
                score=61.25,
                grade="fair",
                third_party=False,
                submitted_to_congress=False,
                publisher="test",
            )
        )
    with engine.connect() as conn:
        assert not rollups.serves(conn, None)
    with computed_directly():
        direct = compute_metrics(engine, MetricFilter(2016, ROOT))
    assert direct["average_score"] == 61.25
    assert compute_metrics(engine, MetricFilter(2016, ROOT)) == direct

    # A release of other years (2017 only) refreshes every year, 2016 included.
    package = tmp_path / "only2017"
    package.mkdir()
    for file in MINI_PACKAGE.iterdir():
        (package / file.name).write_bytes(file.read_bytes())
    for file in ("projects.csv",):
        rows = read_rows(package, file)
        write_rows(package, file, [rows[0], *[r for r in rows[1:] if r[0] == "2017"]])
    _import(engine, package)
    _assert_rollups_equal_direct(engine, [ROOT])
    assert compute_metrics(engine, MetricFilter(2016, ROOT))["average_score"] == 61.25
