"""Explorer (/explore): breadcrumb, 本级 + children, departments, project list."""

from __future__ import annotations

import pytest

from dashboard.core import formatting as fmt
from dashboard.core.i18n import metric_label, t
from tests.pages_support import frames, in_order, open_page, page_links, select_row, texts


def _trail(at) -> list[str]:
    return [link.proto.label for link in page_links(at) if link.proto.page == "explore"]


@pytest.mark.parametrize(
    ("region", "links", "current"),
    [
        ("360000", [], "江西省"),
        ("360100", ["江西省"], "南昌市"),
        ("360121", ["江西省", "南昌市"], "南昌县"),
    ],
)
def test_breadcrumb_names_the_right_regions(region, links, current, mini_url, use_db) -> None:
    use_db(mini_url)
    at = open_page("explore", year="2017", region=region)
    assert _trail(at)[: len(links)] == links
    assert f"**{current}**" in [m.value for m in at.markdown]


def test_breadcrumb_links_keep_the_view(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("explore", year="2017", region="360121", lang="en", scope="own")
    link = next(lk for lk in page_links(at) if lk.proto.label == "Nanchang")
    assert link.proto.query_string == "lang=en&year=2017&region=360100&scope=own"


def test_province_splits_into_own_level_and_children(mini_url, expected, use_db) -> None:
    use_db(mini_url)
    at = open_page("explore", year="2017", region="360000")
    table = frames(at)[0]
    names = table[t("col.region", "zh")].tolist()
    assert names[0] == t("own_level_of", "zh", name="江西省")
    assert "南昌市" in names and "赣州市" in names
    projects = dict(zip(names, table[metric_label("projects", "zh")], strict=True))
    assert projects[names[0]] == expected["2017/360000/own"]["projects"]
    assert projects["南昌市"] == expected["2017/360100/all"]["projects"]


def test_departments_and_projects_of_a_county(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("explore", year="2017", region="360121")
    departments, projects = frames(at)[-2:]
    assert departments[t("col.department", "zh")].tolist() == ["南昌县教育局"]
    assert projects[t("col.project", "zh")].tolist() == ["学前教育补助"]


def test_department_view_lists_its_projects(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("explore", year="2017", region="360000", dept="D002")
    assert "**江西省卫生健康委员会**" in [m.value for m in at.markdown]
    projects = frames(at)[-1]
    # The withheld project of D002 is never listed.
    assert projects[t("col.project_code", "zh")].tolist() == ["36000017002"]


def test_project_list_search_and_sort(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("explore", year="2017", region="360000", q="农村")
    assert frames(at)[-1][t("col.project", "zh")].tolist() == [
        "农村义务教育薄弱学校改造",
        "农村公路养护",
    ]
    at = open_page("explore", year="2017", region="360000", sort="score")
    scores = frames(at)[-1][t("col.score", "zh")].tolist()
    present = [s for s in scores if s == s and s is not None]
    assert present == sorted(present, reverse=True)
    assert t("explore.page_of", "zh", page=1, pages=1, total=fmt.count(5, "zh")) in texts(at)


def test_withheld_project_never_listed(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("explore", year="2017", region="360000", q="36000017003")
    assert "不公开项目示例" not in texts(at)
    assert all("36000017003" not in df.to_csv() for df in frames(at))


def test_english_explorer(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("explore", year="2017", region="360000", lang="en")
    assert at.title[0].value == t("explore.title", "en")
    assert t("own_level_of", "en", name="Jiangxi") in frames(at)[0][t("col.region", "en")].tolist()


def _has_han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_english_explorer_names_regions_as_the_map_does(mini_url: str, use_db) -> None:
    """Region names in the explorer's tables and phone lists are romanised on English
    pages, as the map and the ranking name them; the downloads keep the published
    names next to their codes (the data contract's names)."""
    from dashboard import specs
    from dashboard.core import reads
    from dashboard.core.romanise import region_label
    from dashboard.core.view import View

    use_db(mini_url)
    at = open_page("explore", year="2017", region="360000", lang="en")
    children, projects = frames(at)[0], frames(at)[-1]
    regions = children[t("col.region", "en")].tolist()
    assert "Nanchang" in regions and not any(_has_han(name) for name in regions)
    shown = projects[t("col.region", "en")].tolist()
    assert shown and not any(_has_han(name) for name in shown)
    lists = [h.value for h in at.html if 'class="phone-list"' in h.value]
    assert ">Nanchang</a>" in lists[0]

    view = View(url=mini_url, stamp=reads.release_stamp(mini_url), page_name="explore",
                lang="en", year=2017, region="360000")
    spec = specs.explore.PROJECTS_TABLE
    df = spec.data(view)
    csv = spec.csv(df, "en").decode("utf-8-sig")
    first = df.iloc[0]
    assert str(first["region"]) in csv and _has_han(str(first["region"]))
    assert region_label(str(first["region_code"]), str(first["region"]), "en") not in csv
    child_csv = specs.explore.CHILDREN_TABLE.csv(
        specs.explore.CHILDREN_TABLE.data(view), "en"
    ).decode("utf-8-sig")
    assert "南昌市" in child_csv and "360100" in child_csv and "Nanchang" not in child_csv


def test_grade_filter_says_all_grades_in_the_page_language(mini_url, use_db) -> None:
    """Streamlit's default placeholder is English ("Choose options") on every page."""
    use_db(mini_url)
    for lang in ("zh", "en"):
        at = open_page("explore", year="2017", region="360000", lang=lang)
        grade = _widget(at.multiselect, t("explore.grade", lang))
        assert grade.proto.placeholder == t("explore.grade_any", lang)


def test_row_selections_drill_down(mini_url: str, use_db) -> None:
    """What the browser test does by clicking, fast: each selection is a new URL."""
    use_db(mini_url)
    at = open_page("explore", year="2017", region="360000")
    names = frames(at)[0][t("col.region", "zh")].tolist()
    select_row(at, 0, names.index("南昌市"))
    assert dict(at.query_params) == {
        "lang": "zh",
        "year": "2017",
        "region": "360100",
        "scope": "all",
    }
    names = frames(at)[0][t("col.region", "zh")].tolist()
    select_row(at, 0, names.index("南昌县"))
    assert at.query_params["region"] == "360121"
    department = frames(at)[0][t("col.department_code", "zh")].tolist()[0]
    select_row(at, 0, 0)  # the county's first department
    assert at.query_params["dept"] == department
    project = frames(at)[-1][t("col.project_code", "zh")].tolist()[0]
    select_row(at, len(at.dataframe) - 1, 0)
    assert at.query_params["project"] == project
    assert at.query_params["year"] == "2017"
    assert at.title[0].value == "学前教育补助"


def test_own_level_row_shows_the_own_level(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("explore", year="2017", region="360000")
    select_row(at, 0, 0)
    assert at.query_params["scope"] == "own" and at.query_params["region"] == "360000"
    assert at.caption[0].value == "江西省 · 2017年度 · 本级"


# ------------------------------------------------ filters, order, and their bad links


GRADES = ("excellent", "good", "fair", "poor")


def _widget(elements, label: str):
    return next(e for e in elements if e.label == label)


def _codes(at) -> list[str]:
    return frames(at)[-1][t("col.project_code", "zh")].tolist()


def _reference(
    mini_url: str, sort: str = "budget", descending: bool = True, **filters
) -> list[str]:
    from data_access.db.engine import make_engine
    from data_access.reads.queries import project_list
    from data_access.reads.selection import ListFilter, ViewFilter

    engine = make_engine(mini_url)
    try:
        page = project_list(
            engine, ViewFilter(2017, "360000"), ListFilter(**filters), sort, descending
        )
        return [r.project_code for r in page.rows]
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("params", "kwargs"),
    [
        ({"grade": "poor,fair"}, {"grades": ("poor", "fair")}),
        ({"flag": "no_report", "sort": "flagged"}, {"flag": "no_report", "sort": "flagged"}),
        ({"score_min": "72", "score_max": "86.5"}, {"score_min": 72, "score_max": 86.5}),
        ({"sort": "score", "order": "asc"}, {"sort": "score", "descending": False}),
        ({"sort": "name", "order": "desc"}, {"sort": "name", "descending": True}),
        (
            {"flag": "targets_missed", "grade": "fair,good,excellent", "sort": "budget",
             "order": "asc"},
            {"flag": "targets_missed", "grades": ("fair", "good", "excellent"),
             "descending": False},
        ),
    ],
)
def test_filters_and_order_come_from_the_url(mini_url, use_db, params, kwargs) -> None:
    use_db(mini_url)
    at = open_page("explore", year="2017", region="360000", **params)
    expected_codes = _reference(mini_url, **kwargs)
    assert _codes(at) == expected_codes
    assert len(expected_codes) < 5 or "order" in params, "the filter leaves projects out"
    # The address bar keeps the filters, grades in one canonical order (优良中差).
    canonical = {**params}
    if "grade" in params:
        canonical["grade"] = ",".join(g for g in GRADES if g in params["grade"].split(","))
    assert {k: at.query_params[k] for k in params} == canonical


def test_a_flag_filter_explains_its_rule(mini_url, use_db) -> None:
    from data_access.flags.rules import RULES

    use_db(mini_url)
    at = open_page("explore", year="2017", region="360000", flag="self_inflated", lang="en")
    rule = RULES["self_inflated"]
    assert rule.explanation("en") in texts(at)
    assert _widget(at.selectbox, t("explore.flag", "en")).value == "self_inflated"


def test_filter_controls_change_the_url(mini_url, use_db) -> None:
    use_db(mini_url)
    at = open_page("explore", year="2017", region="360000")
    _widget(at.multiselect, t("explore.grade", "zh")).select("poor").run()
    assert at.query_params["grade"] == "poor"
    assert _codes(at) == ["36010017001"]
    _widget(at.multiselect, t("explore.grade", "zh")).select("fair").run()
    assert at.query_params["grade"] == "fair,poor"
    _widget(at.selectbox, t("explore.flag", "zh")).set_value("no_report").run()
    assert at.query_params["flag"] == "no_report" and at.query_params["grade"] == "fair,poor"
    _widget(at.slider, t("explore.score", "zh")).set_range(60.0, 80.0).run()
    assert (at.query_params["score_min"], at.query_params["score_max"]) == ("60", "80")
    assert _codes(at) == _reference(
        mini_url, flag="no_report", grades=("fair", "poor"), score_min=60, score_max=80
    )
    _widget(at.selectbox, t("explore.sort", "zh")).set_value("score").run()
    _widget(at.selectbox, t("explore.order", "zh")).set_value("asc").run()
    assert at.query_params["sort"] == "score" and at.query_params["order"] == "asc"
    # Back to the natural order: the parameter goes away rather than saying "desc".
    _widget(at.selectbox, t("explore.order", "zh")).set_value("desc").run()
    assert "order" not in at.query_params


@pytest.mark.parametrize(
    ("params", "key", "values"),
    [
        ({"grade": "poor,bad"}, "bad.grade",
         {"value": "poor,bad", "grades": "excellent, good, fair, poor"}),
        ({"grade": ","}, "bad.grade", {"value": ",", "grades": "excellent, good, fair, poor"}),
        ({"flag": "lagging_region"}, "bad.flag", {"value": "lagging_region"}),
        ({"score_min": "abc"}, "bad.score", {"value": "abc"}),
        ({"score_max": "101"}, "bad.score", {"value": "101"}),
        ({"score_min": "６０"}, "bad.score", {"value": "６０"}),
        ({"score_min": "90", "score_max": "10"}, "bad.score_range", {"low": "90", "high": "10"}),
        ({"order": "up"}, "bad.order", {"value": "up"}),
    ],
)
def test_bad_filter_links_are_explained_with_a_way_back(
    mini_url, use_db, params, key, values
) -> None:
    from urllib.parse import parse_qsl

    from data_access.flags.rules import ITEM_RULES

    use_db(mini_url)
    at = open_page("explore", year="2017", region="360000", sort="score", lang="en", **params)
    if key == "bad.flag":
        values = {**values, "flags": ", ".join(ITEM_RULES)}
    assert t("bad.title", "en") in texts(at)
    # The explanation is Markdown: "_" and "," arrive escaped.
    assert t(key, "en", **values) in texts(at).replace("\\", "")
    back = dict(parse_qsl(page_links(at)[0].proto.query_string))
    # The way back keeps what was valid (the sort) and drops the bad parameter.
    assert back["sort"] == "score" and not set(params) & set(back) - {"grade"}
    again = open_page("explore", **back)
    assert t("bad.title", "zh") not in texts(again) and frames(again)


def test_a_valid_filter_survives_a_bad_one(mini_url, use_db) -> None:
    from urllib.parse import parse_qsl

    use_db(mini_url)
    at = open_page("explore", year="2017", region="360000", grade="poor", order="sideways")
    back = dict(parse_qsl(page_links(at)[0].proto.query_string))
    assert back["grade"] == "poor" and "order" not in back


def test_opening_a_project_keeps_the_filtered_list_in_the_link(mini_url, use_db) -> None:
    use_db(mini_url)
    at = open_page("explore", year="2017", region="360000", grade="poor", sort="score",
                   order="asc")
    select_row(at, len(at.dataframe) - 1, 0)
    assert at.query_params["project"] == "36010017001"
    assert at.query_params["grade"] == "poor" and at.query_params["order"] == "asc"


# ------------------------------------------------ money at stake (issue 7) and phones (10)


def _flagged(url: str, year: int, region: str, **kwargs):
    from data_access.db.engine import make_engine
    from data_access.flags.rules import flag_items
    from data_access.reads.selection import ViewFilter

    engine = make_engine(url)
    try:
        return flag_items(engine, ViewFilter(year, region, "all"), **kwargs)
    finally:
        engine.dispose()


def _money_header(table, lang: str = "zh") -> str:
    label = t("col.money_at_stake", lang)
    found = [h for h in table.columns if str(h).startswith(f"{label} (")]
    assert len(found) == 1, list(table.columns)
    return found[0]


def test_a_flag_filter_shows_money_at_stake_and_rule(demo_url, use_db) -> None:
    """Filtered by ``poor_not_cut``, flagged first: every row says its money at stake (in
    the table's money unit) and the rule's title, and the page's CSV download holds the
    exact amounts and the rule key."""
    from decimal import Decimal

    from dashboard import specs
    from dashboard.core import reads
    from dashboard.core.view import View
    from data_access.flags.rules import RULES

    use_db(demo_url)
    year = reads.available_years(demo_url, reads.release_stamp(demo_url))[-1]
    flagged = _flagged(demo_url, year, "360000", rules=["poor_not_cut"])
    assert flagged
    at = open_page(
        "explore", year=str(year), region="360000", flag="poor_not_cut", sort="flagged"
    )
    table = frames(at)[-1]
    by_code = {i.project_code: i.money_at_stake for i in flagged}
    codes = table[t("col.project_code", "zh")].tolist()
    assert codes and set(codes) <= set(by_code)
    header = _money_header(table)
    unit = header.split("(")[1].rstrip(")")
    divisor = {t("unit.yi", "zh"): fmt.YI, t("unit.wan", "zh"): fmt.WAN}[unit]
    shown = table[header].tolist()
    assert shown == [fmt.scaled(by_code[c], divisor) for c in codes]
    assert shown == sorted(shown, reverse=True)
    assert set(table[t("col.flag_rules", "zh")]) == {RULES["poor_not_cut"].title("zh")}

    view = View(url=demo_url, stamp=reads.release_stamp(demo_url), page_name="explore",
                lang="zh", year=year, region="360000", flag="poor_not_cut", sort="flagged")
    download = specs.explore.PROJECTS_TABLE.download_table(
        specs.explore.PROJECTS_TABLE.data(view), "en"
    )
    exact = f"{t('col.money_at_stake', 'en')} ({t('unit.yuan', 'en')})"
    assert [Decimal(v) for v in download[exact]] == [by_code[c] for c in codes]
    assert set(download[t("col.flag_rules", "en")]) == {"poor_not_cut"}


def test_flagged_first_names_every_rule_of_a_row(demo_url, use_db) -> None:
    """Ordered flagged first without a rule filter: the flagged rows come first, each
    with the largest money at stake of its rules and the titles of all of them; the
    rest has neither. An unflagged list has no such columns."""
    from dashboard.core import reads
    from data_access.flags.rules import RULES

    use_db(demo_url)
    year = reads.available_years(demo_url, reads.release_stamp(demo_url))[-1]
    items = _flagged(demo_url, year, "360100")
    rules: dict[str, list[str]] = {}
    money: dict[str, object] = {}
    for item in items:
        rules.setdefault(item.project_code, []).append(item.rule)
        money.setdefault(item.project_code, item.money_at_stake)  # largest first
    at = open_page("explore", year=str(year), region="360100", sort="flagged")
    table = frames(at)[-1]
    codes = table[t("col.project_code", "zh")].tolist()
    titles = table[t("col.flag_rules", "zh")].tolist()
    flagged_rows = [c for c in codes if c in rules]
    assert flagged_rows and codes[: len(flagged_rows)] == flagged_rows
    assert len(codes) > len(flagged_rows), "the page also lists unflagged projects"
    several = 0
    for code, title in zip(codes, titles, strict=True):
        if code in rules:
            assert title == "、".join(RULES[k].title("zh") for k in rules[code])
            several += len(rules[code]) > 1
        else:
            assert title == fmt.NO_DATA
    assert several, "the demo has a project-year flagged by two rules"
    shown = table[_money_header(table)].tolist()
    assert all(v is None or v != v for v in shown[len(flagged_rows):])
    plain = open_page("explore", year=str(year), region="360100")
    assert t("col.flag_rules", "zh") not in frames(plain)[-1].columns


def test_phone_list_has_key_columns_links_and_details(mini_url, use_db) -> None:
    """Each table is also drawn as a phone list: per row the name as a link to the view
    the row opens, the amount and the grade or score, the other columns in a
    ``<details>`` that opens on a tap (shown below 640 px; tests/browser/test_phone.py)."""
    import html as html_module

    use_db(mini_url)
    at = open_page("explore", year="2017", region="360121")
    lists = [h.value for h in at.html if 'class="phone-list"' in h.value]
    assert len(lists) == 2  # the county's departments and its projects
    projects = lists[-1]
    assert projects.count('<details class="phone-row">') == 1
    assert 'href="/project?' in projects and "project=36012117001" in projects
    assert ">学前教育补助</a>" in projects
    summary = projects.split("</summary>")[0]
    for word in (t("project.budget_adjusted", "zh"), t("col.grade", "zh"), t("col.score", "zh")):
        assert word in summary
    details = html_module.unescape(projects.split("</summary>")[1])
    for word in (t("col.department", "zh"), "南昌县教育局", t("col.project_code", "zh")):
        assert word in details
    assert any("@media (max-width: 640px)" in h.value for h in at.html)


def test_phone_list_amounts_share_one_unit(mini_url, use_db) -> None:
    """One money unit per phone list, the largest amount's (as the grid's header says):
    "0.97亿元" under "1.02亿元", not "9,700.00万元"."""
    import dataclasses
    import re
    from decimal import Decimal

    import pandas as pd

    from dashboard import specs
    from dashboard.core import reads
    from dashboard.core.view import View

    spec = specs.explore.DEPARTMENTS_TABLE
    view = View(url=mini_url, stamp=reads.release_stamp(mini_url), page_name="explore",
                lang="zh", year=2017, region="360000")
    rows = pd.DataFrame(
        [
            {"code": "A", "name": "甲", "project_spending": Decimal("102000000")},
            {"code": "B", "name": "乙", "project_spending": Decimal("97000000")},
            {"code": "C", "name": "丙", "project_spending": Decimal("5000")},
        ],
        columns=["code", "name", *specs.explore.TABLE_METRICS],
    )
    shown = specs.phone.phone_html(spec, rows, view)
    label = t("metric.project_spending", "zh")
    amounts = re.findall(rf"{label} <b>([^<]+)</b>", shown)
    assert amounts == ["1.02亿元", "0.97亿元", "0.00亿元"]
    english = specs.phone.phone_html(spec, rows, dataclasses.replace(view, lang="en"))
    label = t("metric.project_spending", "en")
    assert re.findall(rf"{label} <b>([^<]+)</b>", english) == [
        "CNY 102.00 m", "CNY 97.00 m", "CNY 0.01 m"
    ]


def test_a_long_department_table_is_folded_below_the_regions(demo_url, use_db) -> None:
    """A province's 57 departments no longer push the project list's filters thousands
    of pixels down: the table is folded into an expander that says how many there are;
    a short one (a city's) stays open. The grids and their drill-down are unchanged."""
    use_db(demo_url)
    at = open_page("explore", region="360000")
    rows = len(frames(at)[1])
    assert rows > 15
    title = t("chart.departments.title", "zh", region="江西省")
    folded = t("explore.departments_folded", "zh", title=title, rows=fmt.count(rows, "zh"))
    assert folded in [e.label for e in at.expander]
    city = open_page("explore", region="360100")
    assert len(frames(city)[1]) <= 15
    title = t("chart.departments.title", "zh", region="南昌市")
    assert not any(e.label.startswith(title) for e in city.expander)
    assert title in [h.value for h in city.header]


def test_the_regions_table_is_said_in_one_sentence_above_the_grid_and_in_the_phone_list(
    mini_url, expected, use_db
) -> None:
    """The province's own level 9.00亿元, 南昌市 1.55亿元, 赣州市 5,500.00万元 (expected
    figures: 360000/own, 360100/all, 360722/all, 赣州市's only county with projects)."""
    assert expected["2017/360000/own"]["project_spending"] == 900_000_000
    assert expected["2017/360100/all"]["project_spending"] == 155_000_000
    assert expected["2017/360722/all"]["project_spending"] == 55_000_000
    sentence = (
        "2017年，江西省本级项目支出为9.00亿元；2个有数据的下级地区中，最高的是南昌市（1.55亿元），"
        "最低的是赣州市（5,500.00万元）。"
    )
    use_db(mini_url)
    at = open_page("explore", year="2017", region="360000")
    drawn = in_order(at)
    said = next(i for i, (_, text) in enumerate(drawn) if text == sentence)
    assert drawn[said + 1][0] == "dataframe"
    lists = [h.value for h in at.html if 'class="phone-list"' in h.value]
    assert f'<p class="summary">{sentence}</p>' in lists[0]


def test_a_replaced_county_links_its_successor_and_ganzhou_lists_2018s_counties(
    demo_url: str, use_db
) -> None:
    """赣县 (360721) became 赣县区 (360704) from 2017: 赣县's page says so and links 赣县区
    in 2017, 赣县区's page links 赣县 in 2016; 赣州市's 2018 table lists neither 赣县 nor
    南康市 (南康区 since 2014) nor 龙南市 (from 2021)."""
    use_db(demo_url)
    at = open_page("explore", year="2016", region="360721")
    line = "2017年起为[赣县区](/explore?lang=zh&year=2017&region=360704&scope=all)"
    assert line in [c.value for c in at.caption]
    at = open_page("explore", year="2018", region="360704", lang="en")
    line = "Until 2016: [Ganxian](/explore?lang=en&year=2016&region=360721&scope=all)"
    assert line in [c.value for c in at.caption]
    at = open_page("explore", year="2018", region="360700")
    names = frames(at)[0][t("col.region", "zh")].tolist()
    assert "赣县区" in names and "南康区" in names and "龙南县" in names
    assert not {"赣县", "南康市", "龙南市"} & set(names)
    at = open_page("explore", year="2018", region="360702")  # no succession: no line
    assert not [c.value for c in at.caption if "年起为" in c.value or "年及以前为" in c.value]
