"""Disclosure control (``data_access.disclosure``): nothing withheld can be derived.

Why a differential test: a reader can combine published figures in any way (a region
minus its children, a department minus its project list, a year minus the next). If
every published figure below region level, and every score or grade anywhere, is the
same in two databases that differ only in the withheld project-years' budget, spending,
scores and grades, then no combination of those figures can reveal them. Region-level
totals do depend on them, by the data contract (the withheld line), and the test pins
down exactly which keys those are.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from data_access import disclosure
from data_access.db.engine import make_engine
from data_access.db.schema import Department
from data_access.ingest.importer import import_package
from data_access.metrics.compute import (
    METRIC_KEYS,
    ViewFilter,
    children_metrics,
    compute_metrics,
    department_metrics,
    year_series,
)
from data_access.reads.queries import (
    departments,
    find_department,
    project_list,
    project_record,
    releases,
    sectors,
)
from tests.conftest import MINI_PACKAGE
from tests.package_builders import copy_package, read_rows, write_rows

WITHHELD_CODE = "36000017003"
REGIONS = ("360000", "360100", "360121", "360722")
YEARS = (2016, 2017)
# Withheld project-years added to the mini package: D003's only project, a county's
# withheld project with an evaluation, and a project public in 2016, withheld in 2017.
W_D003, W_COUNTY, W_MIXED = "36000017009", "36072217009", "36000017008"
SECRET_SECTOR = "科学技术"


def _build(tmp_path: Path, name: str, variant: int) -> Path:
    """The constructed package; ``variant`` changes only the withheld values."""
    package = copy_package(tmp_path, name)
    k = 1 + variant  # every withheld amount, score and indicator differs between variants
    departments_rows = read_rows(package, "departments.csv")
    departments_rows.append(["D003", "江西省科学技术厅", "360000"])
    write_rows(package, "departments.csv", departments_rows)
    projects = read_rows(package, "projects.csv")
    header = projects[0]

    def project(year: int, code: str, dept: str, region: str, sector: str, budget: int,
                spent: int, disclosure_value: str) -> list[str]:
        values = {
            "fiscal_year": str(year), "project_code": code, "project_name": f"项目{code}",
            "department_code": dept, "region_code": region, "sector": sector,
            "budget_initial": str(budget), "budget_adjusted": str(budget),
            "spent": str(spent), "has_targets": "是", "overall_target": "",
            "overall_result": "", "disclosure": disclosure_value,
        }
        return [values[column] for column in header]

    rows = projects[1:]
    for row in rows:  # the mini package's own withheld project changes too
        if row[header.index("project_code")] == WITHHELD_CODE:
            row[header.index("budget_adjusted")] = str(8000 * k)
            row[header.index("budget_initial")] = str(8000 * k)
            row[header.index("spent")] = str(7600 * k)
    rows += [
        project(2017, W_D003, "D003", "360000", SECRET_SECTOR, 900 * k, 700 * k, "withheld"),
        project(2017, W_COUNTY, "XF01", "360722", "交通运输", 1500 * k, 1400 * k, "withheld"),
        project(2016, W_MIXED, "D002", "360000", "卫生健康", 4000, 3900, "public"),
        project(2017, W_MIXED, "D002", "360000", "卫生健康", 4100 * k, 4000 * k, "withheld"),
    ]
    write_rows(package, "projects.csv", [header, *rows])
    evaluations = read_rows(package, "evaluations.csv")
    eh = evaluations[0]

    def evaluation(code: str, project_code: str, kind: str, score: float) -> list[str]:
        values = {
            "evaluation_id": code, "fiscal_year": "2017", "project_code": project_code,
            "eval_type": kind, "evaluator": "", "third_party": "否", "score": str(score),
            "grade": "", "report_title": "", "report_url": "", "published_on": "2018-05-01",
            "submitted_to_congress": "否" if variant == 0 else "是",
        }
        return [values[column] for column in eh]

    evaluations += [
        evaluation("W1", W_D003, "self", 95 if variant == 0 else 41),
        evaluation("W2", W_COUNTY, "finance", 55 if variant == 0 else 99),
        evaluation("W3", WITHHELD_CODE, "self", 70 if variant == 0 else 88),
        evaluation("W4", WITHHELD_CODE, "department", 62 if variant == 0 else 91),
    ]
    write_rows(package, "evaluations.csv", evaluations)
    return package


def _engine(db_url: str, package: Path) -> Engine:
    engine = make_engine(db_url)
    report = import_package(engine, package)
    assert report.ok, report.render()
    return engine


def _below_region(engine: Engine) -> dict[str, Any]:
    """Every published figure finer than a region, and every record answer."""
    out: dict[str, Any] = {}
    for year in YEARS:
        for region in REGIONS:
            out[f"departments/{year}/{region}"] = [
                (d.code, d.metrics) for d in department_metrics(engine, year, region)
            ]
            out[f"department list/{year}/{region}"] = [
                d.code for d in departments(engine, region, year)
            ]
            for scope in ("all", "own"):
                page = project_list(engine, ViewFilter(year, region, scope), page_size=500)
                out[f"projects/{year}/{region}/{scope}"] = (page.total, page.rows)
                found = sectors(engine, ViewFilter(year, region, scope))
                out[f"sectors/{year}/{region}/{scope}"] = found
                for sector in (*found, SECRET_SECTOR):
                    out[f"sector/{year}/{region}/{scope}/{sector}"] = compute_metrics(
                        engine, ViewFilter(year, region, scope, sector=sector)
                    )
    for code in ("D001", "D002", "NC01", "NCX1", "XF01"):
        department = find_department(engine, code)
        assert department is not None
        out[f"trends/{code}"] = year_series(
            engine, ViewFilter(None, department.region_code, "own", department_id=department.id)
        )
        for year in YEARS:
            flt = ViewFilter(year, department.region_code, "own", department.id)
            out[f"dept/{code}/{year}"] = compute_metrics(engine, flt)
    for code in ("36000017001", "36000017002", WITHHELD_CODE, W_D003, W_COUNTY, W_MIXED):
        for year in (None, *YEARS):
            out[f"record/{code}/{year}"] = project_record(engine, code, year)
    return out


def _region_level(engine: Engine) -> dict[str, dict[str, Any]]:
    """Every region-level figure: each view, each row of each split, each year series."""
    out: dict[str, dict[str, Any]] = {}
    for region in REGIONS:
        for scope in ("all", "own"):
            for year, metrics in year_series(engine, ViewFilter(None, region, scope)):
                out[f"series/{region}/{scope}/{year}"] = metrics
        for year in YEARS:
            for row in children_metrics(engine, year, region):
                out[f"children/{year}/{region}/{row.kind}/{row.code}"] = row.metrics
    return out


def test_nothing_below_region_level_depends_on_withheld_values(
    db_url: str, tmp_path: Path
) -> None:
    engine = _engine(db_url, _build(tmp_path, "a", 0))
    below_a, region_a = _below_region(engine), _region_level(engine)
    # The second world replaces the first (same publisher and years): a new release.
    report = import_package(engine, _build(tmp_path, "b", 1))
    assert report.ok and report.release_id == 2, report.render()
    below_b, region_b = _below_region(engine), _region_level(engine)

    assert below_a.keys() == below_b.keys()
    for key in below_a:
        assert below_a[key] == below_b[key], key

    differing: set[str] = set()
    for key in region_a:
        for metric in METRIC_KEYS:
            if region_a[key][metric] != region_b[key][metric]:
                differing.add(metric)
    assert not differing & disclosure.RESULT_METRICS, "a withheld score or grade shows"
    # What region-level figures reveal about the withheld project-years, by contract:
    # their money, the rates computed from it, and their indicators (the test package
    # changes no withheld indicator, so those stay equal here).
    assert differing, "the test changes withheld money: region totals must follow"
    allowed = {
        *disclosure.REGION_LEVEL_DISCLOSES,
        "project_spending",
        "execution_rate",
        "target_coverage_rate",
        "monitoring_coverage_rate",
        "evaluation_coverage_rate",
        "evaluated_funds_self",
        "evaluated_funds_department",
        "evaluated_funds_finance",
    }
    assert differing <= allowed, differing - allowed
    assert "projects" not in differing and "withheld_projects" not in differing


def test_differences_between_published_figures_reveal_only_the_withheld_line(
    db_url: str, tmp_path: Path
) -> None:
    engine = _engine(db_url, _build(tmp_path, "a", 0))
    money = ("project_spending", "spent", "target_covered_funds", "evaluated_funds")
    for year in YEARS:
        for region in REGIONS:
            own = compute_metrics(engine, ViewFilter(year, region, "own"))
            whole = compute_metrics(engine, ViewFilter(year, region, "all"))
            rows = children_metrics(engine, year, region)
            # A region's split has no gap: the parent minus its parts is zero.
            for key in (*money, "projects", "withheld_projects", "withheld_funds"):
                assert sum(r.metrics[key] for r in rows) == whole[key], (year, region, key)
            # A region's 本级 minus its departments is exactly its withheld line.
            parts = department_metrics(engine, year, region)
            assert own["projects"] - sum(d.metrics["projects"] for d in parts) == (
                own["withheld_projects"]
            )
            assert own["project_spending"] - sum(
                (d.metrics["project_spending"] for d in parts), Decimal(0)
            ) == own["withheld_funds"]
            # A department equals its public project list (the D002 case of issue 9).
            for d in parts:
                listed = project_list(
                    engine,
                    ViewFilter(year, region, "own", department_id=d.department_id),
                    page_size=500,
                )
                assert d.metrics["projects"] == listed.total, (year, d.code)
                assert d.metrics["project_spending"] == sum(
                    (r.budget_adjusted for r in listed.rows), Decimal(0)
                )
                assert d.metrics["spent"] == sum((r.spent or 0 for r in listed.rows), Decimal(0))
                scores = [r.final_score for r in listed.rows if r.final_score is not None]
                expected = sum(scores) / len(scores) if scores else None
                assert d.metrics["average_score"] == pytest.approx(expected), (year, d.code)
                grades = [r.final_grade for r in listed.rows]
                assert d.metrics["grade_poor"] == grades.count("poor")
                assert d.metrics["withheld_projects"] is None
                assert d.metrics["withheld_funds"] is None


def test_d002_shows_its_public_project_only(db_url: str) -> None:
    engine = _engine(db_url, MINI_PACKAGE)
    d002 = find_department(engine, "D002")
    assert d002 is not None
    (row,) = [d for d in department_metrics(engine, 2017, "360000") if d.code == "D002"]
    listed = project_list(engine, ViewFilter(2017, "360000", "own", department_id=d002.id))
    assert row.metrics["projects"] == listed.total == 1
    assert row.metrics["project_spending"] == listed.rows[0].budget_adjusted
    assert row.metrics["spent"] == listed.rows[0].spent
    series = dict(year_series(engine, ViewFilter(None, "360000", "own", department_id=d002.id)))
    assert series[2017] == row.metrics
    # The region itself still counts the withheld project, as the contract lists.
    own = compute_metrics(engine, ViewFilter(2017, "360000", "own"))
    assert (own["projects"], own["withheld_projects"]) == (3, 1)


def test_a_department_whose_only_project_is_withheld_shows_nothing(
    db_url: str, tmp_path: Path
) -> None:
    engine = _engine(db_url, _build(tmp_path, "a", 0))
    # Asked for by code it is answered like a code that names no department.
    assert find_department(engine, "D003") is None
    assert find_department(engine, "D003", "360000") is None
    assert find_department(engine, "D003", "360000", release=1) is None
    assert find_department(engine, "D999", "360000") is None
    with engine.connect() as conn:
        d003 = conn.execute(select(Department).where(Department.code == "D003")).one()
    assert "D003" not in {d.code for d in department_metrics(engine, 2017, "360000")}
    assert "D003" not in {d.code for d in departments(engine, "360000", 2017)}
    metrics = compute_metrics(engine, ViewFilter(2017, "360000", "own", d003.id))
    assert metrics["projects"] == 0 and metrics["project_spending"] == 0
    assert metrics["average_score"] is None and metrics["withheld_funds"] is None
    assert all(
        m["projects"] == 0
        for _, m in year_series(engine, ViewFilter(None, "360000", "own", department_id=d003.id))
    )
    assert SECRET_SECTOR not in sectors(engine, ViewFilter(2017, "360000"))


def test_withheld_codes_are_answered_like_unknown_codes(db_url: str, tmp_path: Path) -> None:
    engine = _engine(db_url, _build(tmp_path, "a", 0))
    for code in (WITHHELD_CODE, W_D003, W_COUNTY):
        assert project_record(engine, code) is None
        assert project_record(engine, code, 2017) is None
    assert project_record(engine, "99999999999") is None
    # Public in 2016, withheld in 2017: 2017 is answered like a year it never had.
    latest = project_record(engine, W_MIXED)
    assert latest is not None and latest.year == 2016 and latest.detail is not None
    withheld_year = project_record(engine, W_MIXED, 2017)
    never = project_record(engine, W_MIXED, 2015)
    assert withheld_year is not None and never is not None
    assert (withheld_year.public_years, withheld_year.year_missing, withheld_year.detail) == (
        never.public_years, never.year_missing, never.detail
    ) == ([2016], True, None)
    assert not withheld_year.withheld


def test_release_row_counts_are_the_same_whatever_is_withheld(
    db_url: str, tmp_path: Path
) -> None:
    """``/api/v1/releases`` publishes each release's row counts: two packages that differ
    only in the withheld project-years' rows (one more evaluation of a withheld project)
    must publish the same counts, or the difference names the withheld rows."""
    from dashboard.web.reads import release_record

    plain = _build(tmp_path, "a", 0)
    more = _build(tmp_path, "b", 0)
    evaluations = read_rows(more, "evaluations.csv")
    extra = list(evaluations[-1])  # W4, of the withheld project WITHHELD_CODE
    extra[evaluations[0].index("evaluation_id")] = "W5"
    write_rows(more, "evaluations.csv", [*evaluations, extra])

    engine = _engine(db_url, plain)
    report = import_package(engine, more)  # same publisher and years: release 2
    assert report.ok and report.release_id == 2, report.render()
    assert report.row_counts["evaluations"] == 11  # the operator's report counts all
    varying = {"id", "checksum", "imported_at", "links"}
    first, second = (
        {k: v for k, v in release_record(info).items() if k not in varying}
        for info in sorted(releases(engine), key=lambda info: info.id)
    )
    assert first == second
    # By hand: the mini package's 6 evaluations plus W1-W4 (and W5), every added one of a
    # withheld project-year (D003's, the county's, 36000017003's): 6 published.
    assert first["row_counts"]["evaluations"] == 6


def test_a_department_of_withheld_project_years_only_is_answered_like_an_unknown_code(
    db_url: str, tmp_path: Path
) -> None:
    """``?dept=D003`` (its only project-year withheld) gets, on every page, API route,
    embed and download of the view, pinned or not, the answer ``?dept=D999`` (no such
    department) gets, character for character once the code is swapped: it neither
    names the department nor says it exists (issue 23)."""
    from dashboard.core import params
    from dashboard.specs.base import REGISTRY
    from dashboard.web.openapi import document
    from tests.web_support import client_for

    engine = _engine(db_url, _build(tmp_path, "a", 0))
    engine.dispose()
    views = [
        f"year={year}&region=360000&scope={scope}"
        for year in YEARS
        for scope in ("own", "all")
    ]
    views += [f"{view}&release=1" for view in views]
    api = [
        path
        for path, item in document()["paths"].items()
        if "get" in item
        and {"$ref": "#/components/parameters/dept"} in item["get"].get("parameters", [])
    ]
    assert {"/api/v1/metrics", "/api/v1/projects", "/api/v1/ledger"} <= set(api)
    charts = [key for key in REGISTRY if not key.startswith("project_")]
    routes = [f"{path}?{{view}}&dept={{dept}}" for path in api]
    routes += [f"/embed/{key}?{{view}}&dept={{dept}}" for key in charts]
    routes += [f"/download/{key}.csv?{{view}}&dept={{dept}}" for key in charts]
    routes += [
        f"/download/records/{name}.{fmt}?{{view}}&dept={{dept}}"
        for name in ("projects", "metrics")
        for fmt in ("csv", "json")
    ]

    def answer(client: Any, route: str, view: str, dept: str) -> tuple[int, bytes]:
        got = client.get(route.format(view=view, dept=dept))
        return got.status_code, got.content.replace(dept.encode(), b"<dept>")

    with client_for(db_url) as client:
        for view in views:
            for route in routes:
                withheld = answer(client, route, view, "D003")
                unknown = answer(client, route, view, "D999")
                assert withheld == unknown, (route, view)
                assert "江西省科学技术厅".encode() not in withheld[1], (route, view)
            for page in sorted(params.ALL_PAGES):
                raw = dict(pair.split("=") for pair in view.split("&"))
                readings = [
                    params.resolve(db_url, params.parse({**raw, "dept": dept}, page))
                    for dept in ("D003", "D999")
                ]
                texts = [
                    [p.text("zh").replace(dept, "<dept>") for p in reading.problems]
                    for reading, dept in zip(readings, ("D003", "D999"), strict=True)
                ]
                assert texts[0] == texts[1], (page, view)
                assert readings[0].view == readings[1].view, (page, view)
        # The comparison is not blind: a department with a public project answers.
        assert client.get(f"/api/v1/metrics?{views[0]}&dept=D002").status_code == 200
        assert client.get(f"/api/v1/metrics?{views[0]}&dept=D999").status_code == 404
