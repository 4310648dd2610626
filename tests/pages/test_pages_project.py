"""Project (/project): budget, indicators with badges, evaluations; withheld = 未公开 only."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl

from dashboard.core.i18n import t
from tests.pages_support import (
    displayed_cells,
    frames,
    link_cells,
    metrics_shown,
    open_page,
    page_links,
    texts,
)


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


def _query(link) -> dict[str, str]:
    return dict(parse_qsl(link.proto.query_string))


def test_other_years_are_a_table_of_figures_linking_each_year(mini_url, use_db) -> None:
    """36000017001 has two public years in the package (projects.csv, 万元): 2016
    budget_adjusted 48000, spent 46000, no evaluation; 2017 52000, 49400, final
    evaluation the finance one (E2: 86.5, 良). Each page lists the other year."""
    use_db(mini_url)
    at = open_page("project", project="36000017001", year="2017")
    table = frames(at)[-1]
    assert table.columns.tolist() == [
        t("col.year", "zh"),
        f"{t('project.budget_adjusted', 'zh')} (亿元)",
        f"{t('project.spent', 'zh')} (亿元)",
        t("col.score", "zh"),
        t("col.grade", "zh"),
    ]
    assert table.iloc[0].tolist()[:3] == ["2016", 4.8, 4.6]
    assert displayed_cells(at.dataframe[-1])[3:] == ["—", "—"]
    ((shown, href),) = link_cells(at.dataframe[-1], t("col.year", "zh"))
    assert shown == "2016"
    assert href.startswith("/project?")
    query = dict(parse_qsl(href.split("?", 1)[1]))
    assert (query["project"], query["year"], query["lang"]) == ("36000017001", "2016", "zh")
    # The accessible table links the year too.
    assert f'href="{html.escape(href, quote=True)}" target="_self">2016</a>' in "".join(
        str(h.proto.body) for h in at.get("html")
    )

    at = open_page("project", project="36000017001", year="2016", lang="en")
    table = frames(at)[-1]
    # English pages count money in millions of yuan: 520 and 494.
    assert table.iloc[0].tolist() == ["2017", 520.0, 494.0, 86.5, "Good"]
    ((shown, href),) = link_cells(at.dataframe[-1], t("col.year", "en"))
    assert "year=2017" in href and "lang=en" in href


def test_project_breadcrumb_links_regions_and_department(mini_url, use_db) -> None:
    """南昌县's project 学前教育补助 (NCX1 南昌县教育局): 江西省 › 南昌市 › 南昌县 ›
    南昌县教育局 › the project, each region and the department a link to the
    explorer in the project's year; the project itself is the current place."""
    use_db(mini_url)
    at = open_page("project", project="36012117001", year="2017", lang="zh")
    links = [lk for lk in page_links(at) if lk.proto.page == "explore"]
    labels = [lk.proto.label for lk in links]
    assert labels[:4] == ["江西省", "南昌市", "南昌县", "南昌县教育局"]
    regions = [_query(lk) for lk in links[:3]]
    assert [q["region"] for q in regions] == ["360000", "360100", "360121"]
    assert all(q["year"] == "2017" and "dept" not in q for q in regions)
    department = _query(links[3])
    assert (department["region"], department["dept"]) == ("360121", "NCX1")
    assert "**学前教育补助**" in [m.value for m in at.markdown]


def test_department_and_region_facts_are_links(mini_url, use_db) -> None:
    """主管部门 and 所属地区 open the department's list and the region in the explorer."""
    use_db(mini_url)
    at = open_page("project", project="36012117001", year="2017")
    links = [lk for lk in page_links(at) if lk.proto.page == "explore"]
    # After the breadcrumb's five places (four links): the two facts.
    department, region = links[4:6]
    assert department.proto.label == "南昌县教育局"
    assert (_query(department)["dept"], _query(department)["region"]) == ("NCX1", "360121")
    assert region.proto.label == "南昌县"
    assert _query(region)["region"] == "360121" and "dept" not in _query(region)
    at = open_page("project", project="36012117001", year="2017", lang="en")
    links = [lk for lk in page_links(at) if lk.proto.page == "explore"]
    # Markdown escapes of the literal label (fmt.literal) aside.
    assert links[5].proto.label.replace("\\", "") == "Nanchang County (360121)"
    assert _query(links[5])["lang"] == "en"


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
    # One search box: the frame leaves its own out on this page.
    assert [box.key for box in at.text_input] == ["project-search-zh"]
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
    up = [lk for lk in page_links(at) if lk.proto.page == "explore"][-2:]
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
    # The region is a link (its label a page link's, Markdown escapes aside).
    labels = [lk.proto.label.replace("\\", "") for lk in page_links(at)]
    assert "Jiangxi (360000)" in labels
    assert f"**{t('project.sector', 'en')}**: Education" in facts
    level2 = frames(at)[0][t("col.level2", "en")].tolist()
    assert level2 == ["Quantity", "Timeliness", "Beneficiary satisfaction"]
    zh = open_page("project", project="36000017001", year="2017")
    assert "江西省" in [lk.proto.label for lk in page_links(zh)]
    assert f"**{t('project.sector', 'zh')}**: 教育" in texts(zh)
    assert frames(zh)[0][t("col.level2", "zh")].tolist()[0] == "数量指标"


def test_an_unknown_published_term_is_shown_as_published() -> None:
    from dashboard.core.i18n import published_term

    assert published_term("农林水", "en") == "Agriculture, forestry and water"
    assert published_term("农林水", "zh") == "农林水"
    assert published_term("某新设功能分类", "en") == "某新设功能分类"


def test_on_a_phone_each_record_table_is_a_list(mini_url, use_db) -> None:
    """Below 640 px the indicator, monitoring, evaluation, ledger and application grids are
    lists (``specs.phone``): each row its name and key figures, the rest on opening it.
    Figures of examples/mini-jiangxi (indicators.csv I1, monitoring.csv, evaluations.csv
    E1/E2 of project 36000017001 in 2017)."""
    use_db(mini_url)
    at = open_page("project", project="36000017001", year="2017")
    lists = [h.value for h in at.html if 'class="phone-list"' in h.value]
    titles = [re.search(r"<h2>(.*?)</h2>", item).group(1) for item in lists]
    assert titles[:3] == [
        t("project.indicators", "zh"), t("project.monitoring", "zh"),
        t("project.evaluations", "zh"),
    ]
    indicators, monitoring, evaluations = lists[:3]
    # I1 改造校舍面积: target ≥ 12,000 平方米, actual 12,500 平方米, met; its weight and
    # score (20, 20) only when the row is opened.
    first = re.search(r"<summary>(.*?)</summary>(.*?)</details>", indicators)
    assert '<span class="name">改造校舍面积</span>' in first.group(1)
    assert "12000" in first.group(1).replace(",", "") and "12500" in first.group(1)
    assert f"<dt>{t('col.weight', 'zh')}</dt><dd>20.0</dd>" in first.group(2)
    # The 2017-08-31 report: 30,000 万元 spent to date, 继续实施.
    assert '<span class="name">2017-08-31</span>' in monitoring
    assert "3.00亿元" in monitoring  # 30,000 万元 (the package's money unit)
    # E1 江西省教育厅 95.0 (self-evaluation, no grade), E2 the third party 86.5 良.
    assert '<span class="name">江西省教育厅</span>' in evaluations
    second = evaluations.split('<details class="phone-row">')[2]
    assert "示例第三方评价机构" in second and "86.5" in second and "良" in second
