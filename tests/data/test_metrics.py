"""The metric keys of DESIGN.md, on the mini-jiangxi package, on SQLite and PostgreSQL.

The expected values come from examples/mini-jiangxi.expected.json; the
numbers are read back through the command line, exactly as a journalist would.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal

import pytest
from sqlalchemy import Engine, insert

from data_access.cli import main
from data_access.db.engine import make_engine
from data_access.db.schema import Evaluation, ProjectYear
from data_access.ingest.importer import import_package
from data_access.metrics.compute import (
    COUNT_METRICS,
    METRIC_KEYS,
    MONEY_METRICS,
    ViewFilter,
    children_metrics,
    compute_metrics,
    department_metrics,
    year_series,
)
from data_access.reads.queries import find_department
from tests.conftest import MINI_EXPECTED, MINI_PACKAGE

EXPECTED: dict[str, dict] = json.loads(MINI_EXPECTED.read_text(encoding="utf-8"))


@pytest.fixture
def mini_url(db_url: str) -> str:
    """A fresh database holding the mini-jiangxi package."""
    report = import_package(make_engine(db_url), MINI_PACKAGE)
    assert report.ok, report.render()
    return db_url


def cli_metrics(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> dict:
    code = main(["--db", url, "metrics", *args, "--json"])
    out = capsys.readouterr().out
    assert code == 0, out
    return json.loads(out)


def assert_same_metrics(actual: dict, expected: dict, where: str) -> None:
    assert set(actual) == set(METRIC_KEYS), where
    for key, want in expected.items():
        got = actual[key]
        if want is None:
            assert got is None, f"{where} {key}: {got!r} should be no data"
        elif key in MONEY_METRICS:
            assert Decimal(repr(got)) == Decimal(repr(want)), f"{where} {key}: {got} != {want}"
        elif key in COUNT_METRICS:
            assert got == want and isinstance(got, int), f"{where} {key}: {got!r} != {want!r}"
        else:
            assert got is not None and math.isclose(got, want, rel_tol=0, abs_tol=1e-9), (
                f"{where} {key}: {got!r} != {want!r}"
            )


@pytest.mark.parametrize("view", sorted(EXPECTED))
def test_cli_metrics_reproduce_the_expected_figures(
    mini_url: str, view: str, capsys: pytest.CaptureFixture[str]
) -> None:
    year, region, scope = view.split("/")
    actual = cli_metrics(capsys, mini_url, "--year", year, "--region", region, "--scope", scope)
    assert_same_metrics(actual, EXPECTED[view], view)


def test_money_is_returned_as_exact_decimal_yuan(mini_url: str) -> None:
    metrics = compute_metrics(make_engine(mini_url), ViewFilter(2017, "360000"))
    assert metrics["project_spending"] == Decimal("1110000000.00")
    assert isinstance(metrics["withheld_funds"], Decimal)


def test_a_region_splits_into_its_own_level_and_children_that_add_up(mini_url: str) -> None:
    engine = make_engine(mini_url)
    rows = children_metrics(engine, 2017, "360000")
    assert rows[0].kind == "own" and rows[0].code == "360000"
    assert [r.code for r in rows[1:]][:2] == ["360100", "360200"]
    assert len(rows) == 1 + 11
    whole = compute_metrics(engine, ViewFilter(2017, "360000", "all"))
    for key in ("projects", "project_spending", "spent", "evaluated_funds", "evaluations"):
        assert sum(r.metrics[key] for r in rows) == whole[key], key
    by_code = {r.code: r.metrics for r in rows}
    assert by_code["360700"]["project_spending"] == Decimal("55000000.00")
    assert by_code["360200"]["projects"] == 0
    assert by_code["360200"]["execution_rate"] is None


def test_a_city_splits_into_its_own_level_and_counties(mini_url: str) -> None:
    rows = children_metrics(make_engine(mini_url), 2017, "360100")
    own, *counties = rows
    assert own.metrics["project_spending"] == Decimal("125000000.00")
    nanchang_county = next(r for r in counties if r.code == "360121")
    assert nanchang_county.name == "南昌县"
    assert nanchang_county.metrics["target_coverage_rate"] == 0.0


def test_departments_of_the_provincial_government(mini_url: str) -> None:
    rows = department_metrics(make_engine(mini_url), 2017, "360000")
    # D002's withheld project-year counts only at region level (data_access.disclosure):
    # the department shows its one public project, as its project list does.
    assert [(r.code, r.metrics["projects"]) for r in rows] == [("D001", 1), ("D002", 1)]
    assert rows[1].metrics["withheld_projects"] is None


def test_department_filter_matches_the_department_rollup(
    mini_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    actual = cli_metrics(
        capsys,
        mini_url,
        "--year",
        "2017",
        "--region",
        "360000",
        "--scope",
        "own",
        "--dept",
        "D001",
    )
    assert actual["projects"] == 1
    assert actual["average_score"] == 86.5
    department = find_department(make_engine(mini_url), "D001")
    assert department is not None and department.name == "江西省教育厅"


def test_sector_filter(mini_url: str) -> None:
    engine = make_engine(mini_url)
    education = compute_metrics(engine, ViewFilter(2017, "360000", sector="教育"))
    assert education["projects"] == 2
    assert education["project_spending"] == Decimal("550000000.00")


def test_year_series_covers_every_year_in_order(mini_url: str) -> None:
    series = year_series(make_engine(mini_url), ViewFilter(None, "360000", "all"))
    assert [year for year, _ in series] == [2016, 2017]
    assert series[0][1]["average_score"] is None
    assert series[1][1]["projects"] == 6


def test_an_empty_view_has_zero_money_and_no_rates(mini_url: str) -> None:
    metrics = compute_metrics(make_engine(mini_url), ViewFilter(2013, "360000"))
    assert metrics["projects"] == 0
    assert metrics["project_spending"] == Decimal("0.00")
    assert metrics["execution_rate"] is None
    assert metrics["average_score"] is None


def _add_evaluation(engine: Engine, code: str, eval_type: str, score: float, when: str) -> None:
    import datetime as dt

    from data_access.db.schema import EVAL_AUTHORITY

    with engine.begin() as conn:
        pid = (
            conn.execute(
                ProjectYear.__table__.select().where(ProjectYear.project_code == "36072217001")
            )
            .first()
            .id
        )
        conn.execute(
            insert(Evaluation),
            [
                {
                    "evaluation_code": code,
                    "project_year_id": pid,
                    "eval_type": eval_type,
                    "authority": EVAL_AUTHORITY[eval_type],
                    "score": score,
                    "grade": "fair" if score < 80 else "good",
                    "published_on": dt.date.fromisoformat(when),
                    "third_party": False,
                    "submitted_to_congress": False,
                    "publisher": "test",
                }
            ],
        )


def test_the_final_evaluation_is_the_one_of_highest_authority(mini_url: str) -> None:
    engine = make_engine(mini_url)
    # 信丰 has a finance evaluation (90); a later department one must not replace it,
    # and a self evaluation gives the project its first self-vs-higher gap.
    _add_evaluation(engine, "X1", "department", 70, "2018-12-31")
    _add_evaluation(engine, "X2", "self", 95, "2018-03-01")
    metrics = compute_metrics(engine, ViewFilter(2017, "360722"))
    assert metrics["average_score"] == 90.0
    assert metrics["grade_excellent"] == 1
    assert metrics["self_score_gap"] == 5.0
    assert metrics["evaluations"] == 3


def test_a_later_evaluation_of_the_same_authority_is_final(mini_url: str) -> None:
    engine = make_engine(mini_url)
    _add_evaluation(engine, "X3", "finance", 75, "2018-12-31")
    metrics = compute_metrics(engine, ViewFilter(2017, "360722"))
    assert metrics["average_score"] == 75.0
    assert metrics["grade_fair"] == 1 and metrics["grade_excellent"] == 0


def test_metrics_refuses_a_malformed_region(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    assert main(["--db", sqlite_url, "metrics", "--year", "2017", "--region", "abc"]) == 2
    assert "6-digit" in capsys.readouterr().err


def test_metrics_refuses_an_unknown_region(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    assert main(["--db", sqlite_url, "metrics", "--year", "2017", "--region", "999999"]) == 2
    assert "unknown region" in capsys.readouterr().err
