"""Project (/project): budget, indicators with badges, evaluations; withheld = 未公开 only."""

from __future__ import annotations

from dashboard.core.i18n import t
from tests.pages_support import frames, metrics_shown, open_page, page_links, texts


def test_project_lists_its_indicators_and_evaluations(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("project", project="36000017001", year="2017")
    assert at.title[0].value == "农村义务教育薄弱学校改造"
    shown = metrics_shown(at)
    assert shown[t("project.budget_adjusted", "zh")][0] == "5.20亿元"
    assert shown[t("project.execution_rate", "zh")][0] == "95.0%"
    indicators = frames(at)[0]
    assert indicators[t("col.indicator", "zh")].tolist() == [
        "改造校舍面积",
        "完工及时率",
        "学生家长满意度",
    ]
    assert indicators[t("col.status", "zh")].tolist() == ["达成", "未达成", "达成"]
    assert "部分工程受汛期影响" in indicators[t("col.deviation", "zh")].tolist()
    assert indicators[t("col.target", "zh")].tolist()[0] == "≥ 12000平方米"
    evaluations = next(df for df in frames(at) if t("col.evaluator", "zh") in df.columns)
    assert evaluations[t("col.eval_type", "zh")].tolist() == ["单位自评", "财政评价"]
    assert evaluations[t("col.third_party", "zh")].tolist() == ["否", "是"]
    assert evaluations[t("col.congress", "zh")].tolist() == ["否", "是"]
    applications = next(
        df for df in frames(at) if any(c.startswith(t("col.next_budget", "zh")) for c in df.columns)
    )
    assert applications[t("col.action", "zh")].tolist() == ["保持"]
    assert applications[f"{t('col.next_budget', 'zh')} (亿元)"].tolist() == [5.2]
    badges = [m.value for m in at.markdown if "-badge[" in m.value]
    assert len(badges) == 3
    # Package text is escaped for Markdown (fmt.literal): shown as "改造校舍面积: 达成".
    assert "改造校舍面积\\: 达成" in badges[0] and badges[0].startswith(":green-badge[")
    assert "完工及时率\\: 未达成" in badges[1] and badges[1].startswith(":red-badge[")


def test_other_years_are_links(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("project", project="36000017001", year="2017")
    years = [lk for lk in page_links(at) if lk.proto.page == "project"]
    assert [lk.proto.label for lk in years] == ["2016年"]
    assert "year=2016" in years[0].proto.query_string
    assert "project=36000017001" in years[0].proto.query_string


def test_not_assessed_indicator(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("project", project="36010017001", year="2017", lang="en")
    statuses = frames(at)[0][t("col.status", "en")].tolist()
    assert statuses == ["Met", "Not assessed"]


def test_a_withheld_project_is_answered_exactly_like_an_unknown_one(
    mini_url: str, use_db
) -> None:
    """The disclosure rule: nothing on the page tells a withheld code from one that
    never existed, and none of its data appears."""
    use_db(mini_url)
    for lang in ("zh", "en"):
        withheld = open_page("project", project="36000017003", year="2017", lang=lang)
        unknown = open_page("project", project="36000099999", year="2017", lang=lang)
        assert texts(withheld).replace("36000017003", "CODE") == texts(unknown).replace(
            "36000099999", "CODE"
        )
        assert t("bad.project", lang, value="36000017003") in texts(withheld)
        assert frames(withheld) == [] and len(withheld.metric) == 0
        for secret in ("不公开项目示例", "江西省卫生健康委员会", "系统可用率", "8,000"):
            assert secret not in texts(withheld)
        assert not withheld.get("download_button")


def test_unknown_project_explains_and_links_back(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("project", project="NOPE", year="2017")
    assert t("bad.project", "zh", value="NOPE") in texts(at)
    assert any(lk.proto.page == "explore" for lk in page_links(at))


def test_project_year_without_record(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("project", project="36000017002", year="2016")
    assert t("bad.project_year", "zh", value="36000017002", year=2016, years="2017") in texts(at)


def test_without_a_project_the_page_is_a_project_search(mini_url: str, use_db) -> None:
    """The menu item opens /project bare: a project search, never an error."""
    use_db(mini_url)
    at = open_page("project", year="2017")
    assert at.title[0].value == t("search.project.title", "zh")
    assert t("bad.project_missing", "zh") not in texts(at)
    assert not at.warning and not at.error
    at.text_input(key="project-search-zh").input("义务教育").run()
    found = [lk for lk in page_links(at) if lk.proto.page == "project"]
    assert found, texts(at)
    assert all("project=" in lk.proto.query_string for lk in found)
    assert any("36000017001" in lk.proto.query_string for lk in found)
    # Projects only: no region or department among the results.
    assert all("dept=" not in lk.proto.query_string for lk in page_links(at))
    assert [m.value for m in at.markdown if m.value.startswith("**")][1:] == [
        f"**{t('search.group.project', 'zh')}**"
    ]


def test_empty_monitoring_table_names_the_project(mini_url: str, use_db) -> None:
    """An empty project table says the project has no such records, not that the
    region has no data."""
    from sqlalchemy import select

    from dashboard.specs.project import MONITORING_TABLE
    from data_access.db.engine import make_engine
    from data_access.db.schema import Monitoring, ProjectYear

    use_db(mini_url)
    engine = make_engine(mini_url)
    with engine.connect() as conn:
        monitored = select(Monitoring.project_year_id)
        row = conn.execute(
            select(ProjectYear.project_code, ProjectYear.fiscal_year)
            .where(
                ProjectYear.withheld.is_(False),
                ProjectYear.retired_by.is_(None),
                ProjectYear.id.not_in(monitored),
            )
            .order_by(ProjectYear.project_code)
        ).first()
    engine.dispose()
    assert row is not None, "the mini package has a project-year without monitoring"
    at = open_page("project", project=row.project_code, year=str(row.fiscal_year))
    year = t("chart.empty_year", "zh", year=row.fiscal_year)
    expected = t("project.monitoring.empty", "zh", year=year)
    assert expected in texts(at)
    assert t("chart.empty", "zh", region="", year="").strip("。") not in texts(at)
    assert MONITORING_TABLE.empty_text == "project.monitoring.empty"


def test_project_links_up_to_its_department_and_region(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("project", project="36000017001", year="2017")
    up = [lk for lk in page_links(at) if lk.proto.page == "explore"]
    assert len(up) == 2
    department, region = up
    assert department.proto.label == t("project.back_department", "zh", name="江西省教育厅")
    assert "region=360000" in department.proto.query_string
    assert "dept=" in department.proto.query_string
    assert "dept=" not in region.proto.query_string


def test_english_project_page_names_region_sector_and_sub_categories_in_english(
    mini_url: str, use_db
) -> None:
    """The region romanised with its code, the 支出功能分类 and the 二级指标 in English
    (standard values); the Chinese page keeps them as published."""
    use_db(mini_url)
    at = open_page("project", project="36000017001", year="2017", lang="en")
    facts = texts(at)
    assert f"**{t('project.region', 'en')}**: Jiangxi (360000)" in facts
    assert f"**{t('project.sector', 'en')}**: Education" in facts
    level2 = frames(at)[0][t("col.level2", "en")].tolist()
    assert level2 == ["Quantity", "Timeliness", "Beneficiary satisfaction"]
    zh = open_page("project", project="36000017001", year="2017")
    assert f"**{t('project.region', 'zh')}**: 江西省" in texts(zh)
    assert f"**{t('project.sector', 'zh')}**: 教育" in texts(zh)
    assert frames(zh)[0][t("col.level2", "zh")].tolist()[0] == "数量指标"


def test_an_unknown_published_term_is_shown_as_published() -> None:
    from dashboard.core.i18n import published_term

    assert published_term("农林水", "en") == "Agriculture, forestry and water"
    assert published_term("农林水", "zh") == "农林水"
    assert published_term("某新设功能分类", "en") == "某新设功能分类"
