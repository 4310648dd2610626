"""Record-level reads: project lists, one project's record, reported figures, releases."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine

from data_access.reads.selection import ListFilter, ViewFilter
from data_access.db.engine import make_engine
from data_access.flags.rules import ITEM_RULES, flag_items
from data_access.ingest.importer import import_package
from data_access.reads.queries import (
    SORT_KEYS,
    departments,
    find_department,
    has_data,
    is_demo,
    project_count,
    project_list,
    project_record,
    releases,
    reported_figures,
    sectors,
)
from tests.conftest import MINI_PACKAGE
from tests.package_builders import copy_package, edit_cell, read_rows

WITHHELD_CODE = "36000017003"


@pytest.fixture
def engine(db_url: str) -> Engine:
    engine = make_engine(db_url)
    report = import_package(engine, MINI_PACKAGE)
    assert report.ok, report.render()
    return engine


def test_project_list_never_shows_withheld_projects(engine: Engine) -> None:
    page = project_list(engine, ViewFilter(2017, "360000", "all"), page_size=100)
    codes = [r.project_code for r in page.rows]
    assert WITHHELD_CODE not in codes
    assert page.total == 5 == len(codes)
    assert all("不公开" not in r.project_name for r in page.rows)


def test_project_list_sorts_by_money_by_default(engine: Engine) -> None:
    rows = project_list(engine, ViewFilter(2017, "360000")).rows
    budgets = [r.budget_adjusted for r in rows]
    assert budgets == sorted(budgets, reverse=True)
    assert rows[0].project_code == "36000017001"
    assert rows[0].budget_adjusted == Decimal("520000000.00")


def test_project_list_sorts_by_score_with_unscored_last(engine: Engine) -> None:
    rows = project_list(engine, ViewFilter(2017, "360000"), sort="score").rows
    assert [r.final_score for r in rows] == [90.0, 86.5, 72.0, 58.0, None]
    ascending = project_list(
        engine, ViewFilter(2017, "360000"), sort="score", descending=False
    ).rows
    assert [r.final_score for r in ascending] == [58.0, 72.0, 86.5, 90.0, None]


def test_project_list_sorts_by_execution_rate(engine: Engine) -> None:
    rows = project_list(engine, ViewFilter(2017, "360000"), sort="execution_rate").rows
    rates = [r.execution_rate for r in rows]
    assert rates == sorted(rates, reverse=True)
    assert rows[0].project_code == "36072217001"


def test_project_list_searches_names_and_codes(engine: Engine) -> None:
    by_name = project_list(engine, ViewFilter(2017, "360000"), ListFilter(search="农田")).rows
    assert [r.project_code for r in by_name] == ["36010017001"]
    by_code = project_list(engine, ViewFilter(2017, "360000"), ListFilter(search="3607221")).rows
    assert [r.project_name for r in by_code] == ["农村公路养护"]
    assert project_list(engine, ViewFilter(2017, "360000"), ListFilter(search="不公开")).total == 0


def test_project_list_pages(engine: Engine) -> None:
    first = project_list(engine, ViewFilter(2017, "360000"), page=1, page_size=2)
    third = project_list(engine, ViewFilter(2017, "360000"), page=3, page_size=2)
    assert first.total == 5 and first.pages == 3
    assert len(first.rows) == 2 and len(third.rows) == 1


def test_project_list_of_a_department(engine: Engine) -> None:
    d002 = find_department(engine, "D002")
    assert d002 is not None
    rows = project_list(engine, ViewFilter(2017, "360000", "own", department_id=d002.id)).rows
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


def test_a_withheld_project_answers_like_an_unknown_code(engine: Engine) -> None:
    # "not disclosed" would confirm the code exists (issue 9, item 10): same as unknown.
    assert project_record(engine, WITHHELD_CODE, 2017) is None
    assert project_record(engine, WITHHELD_CODE) is None


def test_unknown_project_and_missing_year(engine: Engine) -> None:
    assert project_record(engine, "NO-SUCH-CODE") is None
    record = project_record(engine, "36000017001", 2013)
    assert record is not None and record.year_missing and record.detail is None


def test_reported_figures_keep_the_published_value_and_source(engine: Engine) -> None:
    figures = reported_figures(engine, ViewFilter(2017, "360000", "all"))
    assert [(f.metric, f.value, f.unit) for f in figures] == [
        ("evaluated_funds", Decimal("1025.1"), "亿元")
    ]
    assert figures[0].source_title == "财政预算和绩效管理一体化江西经验"
    own = reported_figures(engine, ViewFilter(2013, "360000", "own"))
    assert own[0].note == "省直部门"


def test_releases_remember_what_was_imported(engine: Engine) -> None:
    assert has_data(engine) and not is_demo(engine)
    (release,) = releases(engine)
    assert release.package_name == "mini-jiangxi"
    assert release.publisher == "示例发布单位"
    # the reported figures reach back to 2013: that year is part of the release too
    assert release.fiscal_years == [2013, 2016, 2017]
    assert release.row_counts["projects"] == 6  # 7 in the package, 1 withheld
    assert len(release.checksum) == 64


def test_departments_and_sectors_of_a_view(engine: Engine) -> None:
    assert [d.code for d in departments(engine, "360000")] == ["D001", "D002"]
    assert [d.code for d in departments(engine, "360000", 2016)] == ["D001"]
    assert sectors(engine, ViewFilter(2017, "360000")) == sorted(["交通运输", "农林水", "卫生健康", "教育"])


def test_project_search_is_literal_not_a_pattern(engine: Engine) -> None:
    assert project_list(engine, ViewFilter(2017, "360000"), ListFilter(search="%")).total == 0
    assert project_list(engine, ViewFilter(2017, "360000"), ListFilter(search="_")).total == 0
    assert project_list(engine, ViewFilter(2017, "360000"), ListFilter(search="\\")).total == 0
    assert project_list(engine, ViewFilter(2017, "360000"), ListFilter(search="高标准")).total == 1


# ------------------------------------------------------- filters, sorts, keyset paging


def _codes(page) -> list[str]:
    return [r.project_code for r in page.rows]


def test_project_list_filters_by_final_grade(engine: Engine) -> None:
    page = project_list(engine, ViewFilter(2017, "360000"), ListFilter(grades=("poor", "fair")))
    # 中 72.0 (36000017002) and 差 58.0 (36010017001); the unscored and 优/良 drop out.
    assert _codes(page) == ["36000017002", "36010017001"] and page.total == 2
    assert {r.final_grade for r in page.rows} == {"poor", "fair"}
    excellent = project_list(engine, ViewFilter(2017, "360000"), ListFilter(grades=("excellent",)))
    assert excellent.total == 1
    with pytest.raises(ValueError, match="grades"):
        project_list(engine, ViewFilter(2017, "360000"), ListFilter(grades=("差",)))


def test_project_list_filters_by_score_range(engine: Engine) -> None:
    inside = project_list(
        engine, ViewFilter(2017, "360000"), ListFilter(score_min=72, score_max=86.5), sort="score"
    )
    assert [r.final_score for r in inside.rows] == [86.5, 72.0] and inside.total == 2
    above = project_list(engine, ViewFilter(2017, "360000"), ListFilter(score_min=86.6))
    assert [r.final_score for r in above.rows] == [90.0]
    # A range drops the unscored project (36012117001) even when it covers every score.
    everything = project_list(
        engine, ViewFilter(2017, "360000"), ListFilter(score_min=0, score_max=100)
    )
    assert "36012117001" not in _codes(everything) and everything.total == 4


@pytest.mark.parametrize("rule", ITEM_RULES)
def test_project_list_flag_filter_lists_exactly_what_the_rule_flags(
    engine: Engine, rule: str
) -> None:
    flagged = flag_items(engine, ViewFilter(2017, "360000", "all"), rules=[rule])
    page = project_list(
        engine, ViewFilter(2017, "360000"), ListFilter(flag=rule), sort="flagged", page_size=100
    )
    assert _codes(page) == [i.project_code for i in flagged]
    assert [r.money_at_stake for r in page.rows] == [i.money_at_stake for i in flagged]
    assert page.total == len(flagged)


def test_project_list_flag_filter_combines_with_the_other_filters(engine: Engine) -> None:
    # no_report flags three project-years of 2017; one of them is graded 中.
    no_report = {
        i.project_code for i in flag_items(engine, ViewFilter(2017, "360000"), rules=["no_report"])
    }
    fair = project_list(
        engine, ViewFilter(2017, "360000"), ListFilter(grades=("fair",), flag="no_report")
    )
    assert set(_codes(fair)) == {
        r.project_code
        for r in project_list(engine, ViewFilter(2017, "360000"), ListFilter(grades=("fair",))).rows
        if r.project_code in no_report
    }
    with pytest.raises(ValueError, match="flag"):
        project_list(engine, ViewFilter(2017, "360000"), ListFilter(flag="lagging_region"))


def test_flagged_first_orders_by_the_largest_money_at_stake(engine: Engine) -> None:
    largest: dict[str, Decimal] = {}
    for item in flag_items(engine, ViewFilter(2017, "360000")):
        largest[item.project_code] = max(item.money_at_stake, largest.get(item.project_code, 0))
    page = project_list(engine, ViewFilter(2017, "360000"), sort="flagged", page_size=100)
    flagged = [r for r in page.rows if r.money_at_stake is not None]
    assert {r.project_code: r.money_at_stake for r in flagged} == largest
    monies = [r.money_at_stake for r in flagged]
    assert monies == sorted(monies, reverse=True)
    # Every flagged row comes before every unflagged one.
    assert page.rows[: len(flagged)] == flagged
    # Without a flag filter or the flagged sort, money at stake is not computed.
    assert all(
        r.money_at_stake is None for r in project_list(engine, ViewFilter(2017, "360000")).rows
    )


def test_poor_not_cut_filter_finds_the_poor_projects_whose_budget_was_not_cut(
    db_url: str, tmp_path: Path
) -> None:
    """中 36000017002 kept its budget (保持, next year 30000万 = this year's): the
    explorer's poor_not_cut list holds it, with next year's budget at stake."""
    package = copy_package(tmp_path)
    rows = read_rows(package, "applications.csv")
    column = rows[0].index("evaluation_id")
    row = next(n for n, r in enumerate(rows[1:], start=2) if r[column] == "E4")
    for column, value in (("action", "保持"), ("next_year_budget", "30000"),
                          ("budget_change", "0")):
        edit_cell(package, "applications.csv", row, column, value)
    engine = make_engine(db_url)
    report = import_package(engine, package)
    assert report.ok, report.render()
    page = project_list(
        engine, ViewFilter(2017, "360000"), ListFilter(flag="poor_not_cut"), sort="flagged"
    )
    assert _codes(page) == ["36000017002"]
    assert page.rows[0].final_grade == "fair"
    assert page.rows[0].money_at_stake == Decimal("300000000.00")
    engine.dispose()


@pytest.mark.parametrize("sort", SORT_KEYS)
def test_every_sort_runs_both_ways_with_missing_values_last(engine: Engine, sort: str) -> None:
    down = project_list(engine, ViewFilter(2017, "360000"), sort=sort, descending=True).rows
    up = project_list(engine, ViewFilter(2017, "360000"), sort=sort, descending=False).rows
    assert sorted(_codes_of(down)) == sorted(_codes_of(up)) and len(down) == 5
    key = {
        "budget": lambda r: r.budget_adjusted,
        "spent": lambda r: r.spent,
        "execution_rate": lambda r: r.execution_rate,
        "score": lambda r: r.final_score,
        "name": lambda r: r.project_name,
        "code": lambda r: r.project_code,
        "flagged": lambda r: r.money_at_stake,
    }[sort]
    for rows, descending in ((down, True), (up, False)):
        values = [key(r) for r in rows]
        present = [v for v in values if v is not None]
        assert values[: len(present)] == present, "missing values sort last either way"
        assert present == sorted(present, reverse=descending), (sort, descending)


def _codes_of(rows) -> list[str]:
    return [r.project_code for r in rows]


@pytest.mark.parametrize("sort", SORT_KEYS)
@pytest.mark.parametrize("descending", [True, False])
def test_keyset_paging_walks_the_same_order_as_one_page(
    engine: Engine, sort: str, descending: bool
) -> None:
    whole = project_list(engine, ViewFilter(2017, "360000"), sort=sort, descending=descending)
    walked: list[str] = []
    after = None
    for _ in range(10):
        page = project_list(
            engine,
            ViewFilter(2017, "360000"),
            sort=sort,
            descending=descending,
            page_size=2,
            after=after,
        )
        walked.extend(_codes(page))
        assert page.total == whole.total
        if len(page.rows) < 2:
            break
        after = page.last_key
    assert walked == _codes(whole)
    # OFFSET pages agree with keyset pages.
    offset = [
        c
        for n in (1, 2, 3)
        for c in _codes(
            project_list(
                engine,
                ViewFilter(2017, "360000"),
                sort=sort,
                descending=descending,
                page=n,
                page_size=2,
            )
        )
    ]
    assert offset == walked


def test_keyset_paging_keeps_its_filters(engine: Engine) -> None:
    first = project_list(
        engine, ViewFilter(2017, "360000"), ListFilter(flag="no_report"), page_size=1
    )
    rest = project_list(
        engine, ViewFilter(2017, "360000"), ListFilter(flag="no_report"), after=first.last_key
    )
    everything = project_list(engine, ViewFilter(2017, "360000"), ListFilter(flag="no_report"))
    assert _codes(first) + _codes(rest) == _codes(everything) and everything.total == 3


@pytest.mark.parametrize(
    ("sort", "after"),
    [
        ("budget", [1]),  # no id
        ("budget", [None, 3]),  # budget is never missing
        ("budget", ["x", 3]),  # a budget is a whole number of fen
        ("name", [1.5, 3]),
        ("score", [90.0, "3"]),  # the id is an integer
        ("flagged", [100, 3]),  # flagged first: money, budget, id
    ],
)
def test_a_malformed_keyset_is_a_value_error(engine: Engine, sort: str, after: list) -> None:
    with pytest.raises(ValueError, match="after"):
        project_list(engine, ViewFilter(2017, "360000"), sort=sort, after=after)


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"scope": "own"},
        {"search": "360"},
        {"search": "农田"},
        {"grades": ("poor", "fair")},
        {"score_min": 72, "score_max": 90},
        {"flag": "no_report"},
        {"flag": "no_report", "grades": ("fair",)},
    ],
)
@pytest.mark.parametrize("sort", ["budget", "flagged"])
def test_the_count_is_the_rows_of_every_page(engine: Engine, filters: dict, sort: str) -> None:
    """``project_count`` (the total the explorer caches) equals the rows that paging
    through the lean list (``with_total=False``) serves, whatever the sort: flagged
    first pages past the flagged rows (page size 1) reach into the rest by OFFSET."""
    scope = filters.pop("scope", "all")
    chosen = ListFilter(**filters)
    for year in (2016, 2017):
        view = ViewFilter(year, "360000", scope)
        count = project_count(engine, view, chosen)
        counted = project_list(engine, view, chosen, sort=sort, page_size=500)
        assert counted.total == count, (year, filters)
        served: list[str] = []
        for number in range(1, count + 2):
            page = project_list(
                engine, view, chosen, sort=sort, page=number, page_size=1, with_total=False
            )
            assert page.total is None
            served.extend(_codes(page))
        assert served == _codes(counted) and len(served) == count, (year, filters)
    assert count > 0, filters  # each case lists something in 2017
    assert project_count(engine, ViewFilter(2017, "360000")) == 5  # the example's five public ones
    assert project_count(engine, ViewFilter(2017, "360000"), ListFilter(search="不公开")) == 0


def test_a_page_without_its_total_has_no_page_count(engine: Engine) -> None:
    page = project_list(engine, ViewFilter(2017, "360000"), with_total=False)
    assert page.rows == project_list(engine, ViewFilter(2017, "360000")).rows
    with pytest.raises(ValueError, match="with_total"):
        _ = page.pages
