"""Record-level reads: project lists, one project's record, reported figures, releases."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Engine

from data_access.engine import make_engine
from data_access.importer import import_package
from data_access.queries import (
    departments,
    find_department,
    has_data,
    is_demo,
    project_list,
    project_record,
    releases,
    reported_figures,
    sectors,
)
from tests.conftest import MINI_PACKAGE

WITHHELD_CODE = "36000017003"


@pytest.fixture
def engine(db_url: str) -> Engine:
    engine = make_engine(db_url)
    report = import_package(engine, MINI_PACKAGE)
    assert report.ok, report.render()
    return engine


def test_project_list_never_shows_withheld_projects(engine: Engine) -> None:
    page = project_list(engine, 2017, "360000", "all", page_size=100)
    codes = [r.project_code for r in page.rows]
    assert WITHHELD_CODE not in codes
    assert page.total == 5 == len(codes)
    assert all("不公开" not in r.project_name for r in page.rows)


def test_project_list_sorts_by_money_by_default(engine: Engine) -> None:
    rows = project_list(engine, 2017, "360000").rows
    budgets = [r.budget_adjusted for r in rows]
    assert budgets == sorted(budgets, reverse=True)
    assert rows[0].project_code == "36000017001"
    assert rows[0].budget_adjusted == Decimal("520000000.00")


def test_project_list_sorts_by_score_with_unscored_last(engine: Engine) -> None:
    rows = project_list(engine, 2017, "360000", sort="score").rows
    assert [r.final_score for r in rows] == [90.0, 86.5, 72.0, 58.0, None]
    ascending = project_list(engine, 2017, "360000", sort="score", descending=False).rows
    assert [r.final_score for r in ascending] == [58.0, 72.0, 86.5, 90.0, None]


def test_project_list_sorts_by_execution_rate(engine: Engine) -> None:
    rows = project_list(engine, 2017, "360000", sort="execution_rate").rows
    rates = [r.execution_rate for r in rows]
    assert rates == sorted(rates, reverse=True)
    assert rows[0].project_code == "36072217001"


def test_project_list_searches_names_and_codes(engine: Engine) -> None:
    by_name = project_list(engine, 2017, "360000", search="农田").rows
    assert [r.project_code for r in by_name] == ["36010017001"]
    by_code = project_list(engine, 2017, "360000", search="3607221").rows
    assert [r.project_name for r in by_code] == ["农村公路养护"]
    assert project_list(engine, 2017, "360000", search="不公开").total == 0


def test_project_list_pages(engine: Engine) -> None:
    first = project_list(engine, 2017, "360000", page=1, page_size=2)
    third = project_list(engine, 2017, "360000", page=3, page_size=2)
    assert first.total == 5 and first.pages == 3
    assert len(first.rows) == 2 and len(third.rows) == 1


def test_project_list_of_a_department(engine: Engine) -> None:
    d002 = find_department(engine, "D002")
    assert d002 is not None
    rows = project_list(engine, 2017, "360000", "own", department_id=d002.id).rows
    assert [r.project_code for r in rows] == ["36000017002"]


def test_project_record_has_everything_published(engine: Engine) -> None:
    record = project_record(engine, "36000017001", 2017)
    assert record is not None and record.detail is not None
    assert record.public_years == [2016, 2017]
    detail = record.detail
    assert detail.department.name == "江西省教育厅"
    assert detail.region_name == "江西省"
    assert detail.budget_adjusted == Decimal("520000000.00")
    assert [i["name"] for i in detail.indicators] == [
        "改造校舍面积",
        "完工及时率",
        "学生家长满意度",
    ]
    assert [i["status"] for i in detail.indicators] == ["met", "not_met", "met"]
    assert [e["eval_type"] for e in detail.evaluations] == ["self", "finance"]
    assert detail.final_evaluation is not None and detail.final_evaluation["score"] == 86.5
    finance = detail.evaluations[1]
    assert finance["third_party"] and finance["submitted_to_congress"]
    assert finance["applications"][0]["action"] == "maintain"
    assert len(detail.monitoring) == 1


def test_project_record_defaults_to_the_latest_year(engine: Engine) -> None:
    record = project_record(engine, "36000017001")
    assert record is not None and record.year == 2017


def test_a_withheld_project_answers_not_disclosed_and_nothing_else(engine: Engine) -> None:
    record = project_record(engine, WITHHELD_CODE, 2017)
    assert record is not None
    assert record.withheld and record.detail is None and record.public_years == []


def test_unknown_project_and_missing_year(engine: Engine) -> None:
    assert project_record(engine, "NO-SUCH-CODE") is None
    record = project_record(engine, "36000017001", 2013)
    assert record is not None and record.year_missing and record.detail is None


def test_reported_figures_keep_the_published_value_and_source(engine: Engine) -> None:
    figures = reported_figures(engine, 2017, "360000", "all")
    assert [(f.metric, f.value, f.unit) for f in figures] == [
        ("evaluated_funds", Decimal("1025.1"), "亿元")
    ]
    assert figures[0].source_title == "财政预算和绩效管理一体化江西经验"
    own = reported_figures(engine, 2013, "360000", "own")
    assert own[0].note == "省直部门"


def test_releases_remember_what_was_imported(engine: Engine) -> None:
    assert has_data(engine) and not is_demo(engine)
    (release,) = releases(engine)
    assert release.package_name == "mini-jiangxi"
    assert release.publisher == "示例发布单位"
    # the reported figures reach back to 2013: that year is part of the release too
    assert release.fiscal_years == [2013, 2016, 2017]
    assert release.row_counts["projects"] == 7
    assert len(release.checksum) == 64


def test_departments_and_sectors_of_a_view(engine: Engine) -> None:
    assert [d.code for d in departments(engine, "360000")] == ["D001", "D002"]
    assert [d.code for d in departments(engine, "360000", 2016)] == ["D001"]
    assert sectors(engine, 2017, "360000") == sorted(["交通运输", "农林水", "卫生健康", "教育"])


def test_project_search_is_literal_not_a_pattern(engine: Engine) -> None:
    assert project_list(engine, 2017, "360000", search="%").total == 0
    assert project_list(engine, 2017, "360000", search="_").total == 0
    assert project_list(engine, 2017, "360000", search="\\").total == 0
    assert project_list(engine, 2017, "360000", search="高标准").total == 1
