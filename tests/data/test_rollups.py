"""Rollups (``data_access.metrics.rollups``) answer exactly what the direct computation answers.

Why a differential test: the rollups are a second way of computing every figure; the
direct computation over project-years stays the reference (``metrics.computed_directly``).
Every metric key of every view the public functions serve (headline of every region and
scope, each region's split into 本级 and children, its departments, its year series and
each department's series) must be equal, money to the fen and floats bit for bit, on
the mini example and on a package with awkward cases (withheld project-years with
evaluations, a zero budget, several evaluations of one project-year, scores with
decimals, children without data), on SQLite and PostgreSQL; and stay equal after a
second release, a rollback and a write that bypasses the writer. The overview's two
reads beside the metrics (``views.applied_funds``, ``views.default_region``) are held
to their direct SQL the same way, and a database of the previous rollup shape (schema
version 3) is upgraded in place by ``python -m data_access.metrics.rollups`` or the next import.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Column, Engine, MetaData, String, Table, func, insert, select, update
from sqlalchemy import Integer as IntegerType

from data_access.db.engine import make_engine
from data_access.db.schema import (
    ROLLUP_SUMS,
    SCHEMA_VERSION_KEY,
    Evaluation,
    Meta,
    ProjectYear,
    rollup_department,
    rollup_region,
    schema_is_current,
)
from data_access.ingest.importer import rollback
from data_access.metrics import rollups
from data_access.metrics.compute import (
    ViewFilter,
    children_metrics,
    compute_metrics,
    computed_directly,
    department_metrics,
    year_series,
)
from data_access.metrics.rollups.__main__ import main as rollups_main
from data_access.reads import views
from data_access.regions import children
from tests.conftest import MINI_PACKAGE
from tests.data.test_disclosure import _build as build_withheld_package
from tests.package_builders import imported_release, read_rows, write_rows

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
                    engine, ViewFilter(year, region, scope), release=release
                )
            out[f"series {region} {scope}"] = year_series(
                engine, ViewFilter(None, region, scope, release=release)
            )
        for year in years[1:]:
            departments = department_metrics(engine, year, region, release=release)
            out[f"departments {year} {region}"] = departments
            for department in departments:
                for scope in ("all", "own"):
                    out[f"dept {year} {region} {scope} {department.code}"] = compute_metrics(
                        engine,
                        ViewFilter(year, region, scope, department_id=department.department_id),
                        release=release,
                    )
                out[f"dept series {region} {department.code}"] = year_series(
                    engine,
                    ViewFilter(
                        None, region, "own", department_id=department.department_id, release=release
                    ),
                )
            if children(engine, region):
                out[f"children {year} {region}"] = children_metrics(
                    engine, year, region, release=release
                )
            for scope in ("all", "own"):
                out[f"applied {year} {region} {scope}"] = views.applied_funds(
                    engine, ViewFilter(year, region, scope, release=release)
                )
    out["default region"] = views.default_region(engine, release=release)
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
    # Applied money is exact Decimal 元 (to the fen) and not all zero, so it is compared.
    applied = [v for k, v in direct.items() if k.startswith("applied ")]
    assert all(isinstance(v, Decimal) and v == v.quantize(Decimal("0.01")) for v in applied)
    assert any(applied), "the package must apply some evaluation results"
    assert direct["default region"] == ROOT
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


@pytest.mark.slow  # compares every view of the national gazetteer (over 1,000)
def test_mini_example_rollups_equal_direct(db_url: str) -> None:
    engine = make_engine(db_url)
    imported_release(engine, MINI_PACKAGE)
    assert _assert_rollups_equal_direct(engine, _regions(engine)) > 1000


def test_awkward_package_second_release_and_rollback(db_url: str, tmp_path: Path) -> None:
    engine = make_engine(db_url)
    regions = _regions(engine)
    first = imported_release(engine, _awkward_package(tmp_path, "first"))
    _assert_rollups_equal_direct(engine, regions)
    before = compute_metrics(engine, ViewFilter(2017, ROOT))
    assert before["withheld_projects"] and before["average_score"] is not None

    second = imported_release(engine, _awkward_package(tmp_path, "second", variant=1))
    _assert_rollups_equal_direct(engine, regions)
    after = compute_metrics(engine, ViewFilter(2017, ROOT))
    assert after != before  # the second release changed the figures the rollups serve
    # Pinned to the latest release, the rollups serve; pinned to the first, direct.
    assert compute_metrics(engine, ViewFilter(2017, ROOT), release=second) == after
    assert compute_metrics(engine, ViewFilter(2017, ROOT), release=first) == before

    result = rollback(engine, first)
    assert result.release_id is not None
    _assert_rollups_equal_direct(engine, regions)
    assert compute_metrics(engine, ViewFilter(2017, ROOT)) == before


def test_a_write_outside_the_writer_is_never_served_stale(db_url: str, tmp_path: Path) -> None:
    """An evaluation inserted directly: the rollups stop serving until the next write,
    which recomputes every year."""
    engine = make_engine(db_url)
    imported_release(engine, MINI_PACKAGE)
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
        direct = compute_metrics(engine, ViewFilter(2016, ROOT))
    assert direct["average_score"] == 61.25
    assert compute_metrics(engine, ViewFilter(2016, ROOT)) == direct

    # A release of other years (2017 only) refreshes every year, 2016 included.
    package = tmp_path / "only2017"
    package.mkdir()
    for file in MINI_PACKAGE.iterdir():
        (package / file.name).write_bytes(file.read_bytes())
    for file in ("projects.csv",):
        rows = read_rows(package, file)
        write_rows(package, file, [rows[0], *[r for r in rows[1:] if r[0] == "2017"]])
    imported_release(engine, package)
    _assert_rollups_equal_direct(engine, [ROOT])
    assert compute_metrics(engine, ViewFilter(2016, ROOT))["average_score"] == 61.25


def _make_version_3(engine: Engine) -> None:
    """Turn a current database into what schema version 3 left: rollup tables without
    ``applied_funds``, holding sums (wrong ones, 7 each, so serving them would show),
    the fingerprint in that version's format (no version prefix), ``schema_version`` 3."""
    old_sums = [name for name in ROLLUP_SUMS if name != "applied_funds"]
    old = MetaData()
    keys = {
        "rollup_region": {"fiscal_year": 2016, "region_code": ROOT, "scope": "own"},
        "rollup_department": {"fiscal_year": 2016, "region_code": ROOT, "department_id": 1},
    }
    with engine.begin() as conn:
        for table in (rollup_department, rollup_region):
            table.drop(conn)
        for name, key in keys.items():
            shape = Table(
                name,
                old,
                *[
                    Column(k, IntegerType if isinstance(v, int) else String(6), primary_key=True)
                    for k, v in key.items()
                ],
                *[Column(n, IntegerType) for n in old_sums],
            )
            shape.create(conn)
            conn.execute(insert(shape).values({**key, **dict.fromkeys(old_sums, 7)}))
        stamp = conn.execute(select(Meta.value).where(Meta.key == rollups.FINGERPRINT_KEY))
        old_stamp = stamp.scalar_one().split(":", 1)[1]
        conn.execute(
            update(Meta).where(Meta.key == rollups.FINGERPRINT_KEY).values(value=old_stamp)
        )
        conn.execute(update(Meta).where(Meta.key == SCHEMA_VERSION_KEY).values(value="3"))


@pytest.mark.slow  # compares every view of the national gazetteer (over 1,000)
def test_a_version_3_database_is_upgraded_in_place(db_url: str, tmp_path: Path) -> None:
    """Rollups of the previous shape are never read (the figures are computed directly
    meanwhile, correctly); ``python -m data_access.metrics.rollups`` upgrades the database
    without a new release, and so does the next import."""
    engine = make_engine(db_url)
    imported_release(engine, MINI_PACKAGE)
    with computed_directly():
        reference = _views(engine, [ROOT])
    _make_version_3(engine)
    assert not schema_is_current(engine)
    with engine.connect() as conn:
        assert not rollups.serves(conn, None)
    assert _views(engine, [ROOT]) == reference  # the old sums (all 7) are not served

    assert rollups_main(["--db", db_url]) == 0
    assert schema_is_current(engine)
    _assert_rollups_equal_direct(engine, _regions(engine))
    assert _views(engine, [ROOT]) == reference

    # The writer upgrades too: an import into a version-3 database refills every year.
    _make_version_3(engine)
    imported_release(engine, _awkward_package(tmp_path, "upgrade"))
    assert schema_is_current(engine)
    _assert_rollups_equal_direct(engine, _regions(engine))
