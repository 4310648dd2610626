"""The site search on the pages, the not-found page, and the explorer's name links and
accessible tables (AppTest)."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core.i18n import t
from dashboard.core.paths import PAGE_DEFS
from tests.pages_support import TIMEOUT, open_page, page_links, texts


def _search(at: AppTest, text: str, page: str = "overview", lang: str = "zh") -> AppTest:
    at.text_input(key=f"site-search-{page}-{lang}").input(text).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _query(link) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(link.proto.query_string).items()}


@pytest.mark.parametrize("text", ["xinfeng", "信丰", "360722"])
def test_search_on_the_overview_finds_xinfeng(mini_url: str, use_db, text: str) -> None:
    use_db(mini_url)
    at = _search(open_page("overview", year="2017"), text)
    regions = [lk for lk in page_links(at) if _query(lk).get("region") == "360722"]
    assert regions, texts(at)
    link = regions[0]
    assert link.proto.page == "explore"
    assert link.proto.label.replace("\\", "").startswith("信丰县")
    # The visitor's year and language carry over.
    assert _query(link)["year"] == "2017" and _query(link)["lang"] == "zh"


def test_search_results_go_to_the_right_views(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = _search(open_page("overview", year="2017"), "信丰")
    department = next(lk for lk in page_links(at) if "dept" in _query(lk))
    assert department.proto.page == "explore"
    assert {k: _query(department)[k] for k in ("region", "dept", "year")} == {
        "region": "360722",
        "dept": "XF01",
        "year": "2017",
    }
    at = _search(open_page("overview", year="2017"), "农村公路")
    project = next(lk for lk in page_links(at) if "project" in _query(lk))
    assert project.proto.page == "project"
    assert _query(project)["project"] == "36072217001" and _query(project)["year"] == "2017"


def test_english_results_romanise_region_names(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = _search(open_page("overview", lang="en"), "xinfeng", lang="en")
    labels = [lk.proto.label.replace("\\", "") for lk in page_links(at)]
    assert any(label.startswith("Xinfeng County") for label in labels), labels


def test_nothing_found_names_the_text(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = _search(open_page("overview"), "不公开项目示例")
    assert t("search.none", "zh", text="不公开项目示例") in texts(at)
    assert not any("36000017003" in lk.proto.query_string for lk in page_links(at))


@pytest.mark.parametrize("page", [p.name for p in PAGE_DEFS if p.name != "overview"])
def test_every_page_has_the_search_box(mini_url: str, use_db, page: str) -> None:
    use_db(mini_url)
    params = {"project": "36000017001", "year": "2017"} if page == "project" else {}
    at = _search(open_page(page, **params), "xinfeng", page=page)
    assert any(_query(lk).get("region") == "360722" for lk in page_links(at))


def test_search_answers_on_a_bad_link(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = _search(open_page("overview", year="1999"), "xinfeng")
    link = next(lk for lk in page_links(at) if _query(lk).get("region") == "360722")
    assert _query(link)["year"] == "2017"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_not_found_page_speaks_the_address_language_with_links(
    mini_url: str, use_db, lang: str
) -> None:
    use_db(mini_url)
    at = AppTest.from_function(_run_not_found, default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    other = "en" if lang == "zh" else "zh"
    assert t("notfound.text", lang, path="/no-such-page") in shown
    assert t("notfound.text", other, path="/no-such-page") not in shown
    assert at.title[0].value == t("page.not_found", lang) == ("找不到页面", "Page not found")[
        lang == "en"
    ]
    pages = {lk.proto.page for lk in page_links(at)}
    assert {"", "explore", "project"} <= pages  # "" is the overview's path
    at.text_input(key=f"notfound-search-{lang}").input("xinfeng").run()
    assert any("region=360722" in lk.proto.query_string for lk in page_links(at))


def test_not_found_page_without_a_language_says_it_in_both(mini_url: str, use_db) -> None:
    """A mistyped address usually has no ``lang=``: the page must be understood by a
    visitor of either language."""
    use_db(mini_url)
    at = AppTest.from_function(_run_not_found, default_timeout=TIMEOUT)
    at.run()
    shown = texts(at)
    assert "本看板没有“/no-such-page”这个页面" in shown
    assert "This dashboard has no page “/no-such-page”" in shown
    assert at.title[0].value == "找不到页面 · Page not found"


def _run_not_found() -> None:
    from dashboard.ui.notfound import show

    show("no-such-page")


def test_unknown_paths_are_registered_as_hidden_pages() -> None:
    """What app.py hands st.navigation for an unknown path: a hidden page at that path
    (so Streamlit resolves it instead of sending its English dialog)."""

    def app() -> None:
        from unittest import mock

        import streamlit as st

        from dashboard.ui import nav, notfound

        with mock.patch.object(nav, "requested_path", return_value="nope"):
            pages = notfound.all_pages("zh")
        st.session_state["paths"] = [(p.url_path, p.visibility) for p in pages]

    at = AppTest.from_function(app, default_timeout=TIMEOUT)
    at.run()
    paths = at.session_state["paths"]
    assert ("nope", "hidden") in paths
    assert [p for p, _ in paths[: len(PAGE_DEFS)]] == [p.url_path for p in PAGE_DEFS]


def _html_blocks(at: AppTest) -> list[str]:
    return [element.proto.body for element in at.get("html")]


def test_explorer_names_are_links_in_an_html_table(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("explore", year="2017", region="360000")
    tables = [h for h in _html_blocks(at) if "<table" in h]
    assert len(tables) == 3  # children, departments, projects
    links = [html.unescape(href) for h in tables for href in re.findall(r'href="([^"]+)"', h)]
    project = next(href for href in links if "project=36000017001" in href)
    assert urlsplit(project).path == "/project"
    assert parse_qs(urlsplit(project).query)["year"] == ["2017"]
    assert any(urlsplit(h).path == "/explore" and "region=360100" in h for h in links), links
    assert any("dept=D001" in h for h in links)
    # Headers and names are escaped text; names are row headers.
    assert '<th scope="row"><a href=' in tables[-1]


def test_tables_grow_to_their_rows_up_to_a_page() -> None:
    """Heights of Streamlit's grid: a header and 35 px rows; growth stops at a page of
    the project list (25 rows), beyond which the grid scrolls. (AppTest does not expose
    an element's height; the browser test measures the drawn grid.)"""
    from dashboard.ui.render import GRID_ROW_PX, MAX_GRID_ROWS, grid_height

    assert grid_height(19) == GRID_ROW_PX * 20 + 3
    assert grid_height(3) < grid_height(12) < grid_height(MAX_GRID_ROWS)
    assert grid_height(200) == grid_height(MAX_GRID_ROWS)
    assert grid_height(0) == grid_height(1)


def test_an_html_table_escapes_package_text(mini_url: str, use_db) -> None:
    from dashboard.core.view import View
    from dashboard.specs.explore import PROJECTS_TABLE
    from dashboard.ui.render import table_html

    view = View(url=mini_url, stamp="", page_name="explore", lang="zh", year=2017, region="360000")
    rows = PROJECTS_TABLE.data(view).head(1).assign(name='<script>x</script>"&')
    out = table_html(PROJECTS_TABLE, rows, view)
    assert "<script>" not in out and "&lt;script&gt;x&lt;/script&gt;&quot;&amp;" in out


def test_the_search_text_is_kept_in_the_url(mini_url: str, use_db) -> None:
    """``q`` makes a search result page a link: typing writes it, opening it shows the
    text and the results, and clearing the box removes it."""
    use_db(mini_url)
    at = _search(open_page("overview", year="2017"), "xinfeng")
    assert at.query_params["q"] == "xinfeng"
    shared = open_page("trends", year="2017", q="信丰")
    assert shared.text_input(key="site-search-trends-zh").value == "信丰"
    assert any(_query(lk).get("region") == "360722" for lk in page_links(shared))
    shared.text_input(key="site-search-trends-zh").input("").run()
    assert "q" not in shared.query_params
    assert not any(_query(lk).get("region") == "360722" for lk in page_links(shared))


def test_a_search_link_is_not_carried_to_other_pages(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("overview", year="2017", q="信丰")
    menu = [lk for lk in page_links(at) if lk.proto.page in ("trends", "regions")]
    assert menu and all("q" not in _query(lk) for lk in menu)


def test_the_not_found_page_names_a_redirected_path(mini_url: str, use_db) -> None:
    use_db(mini_url)

    def app() -> None:
        from dashboard.core.paths import NOT_FOUND_PATH
        from dashboard.ui.notfound import show

        show(NOT_FOUND_PATH)

    at = AppTest.from_function(app, default_timeout=TIMEOUT)
    at.query_params["path"] = "/regions/foo/bar"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert t("notfound.text", "zh", path="/regions/foo/bar") in texts(at)


def test_a_long_list_says_how_many_there_are(demo_url: str, use_db) -> None:
    """"局" finds far more departments than the eight listed: the page says how many
    there are in all, counted here with SQL of the test's own."""
    from sqlalchemy import text as sql

    from data_access.db.engine import make_engine

    use_db(demo_url)
    with make_engine(demo_url).connect() as conn:
        expected = conn.execute(
            sql(
                "SELECT COUNT(DISTINCT d.id) FROM department d JOIN project_year p"
                " ON p.department_id = d.id WHERE d.name LIKE '%局%' AND NOT p.withheld"
                " AND p.retired_by IS NULL"
            )
        ).scalar_one()
    assert expected > 8
    at = _search(open_page("overview"), "局")
    department_links = [lk for lk in page_links(at) if "dept=" in lk.proto.query_string]
    assert len(department_links) == 8
    assert f"{expected:,} 个部门，显示 1–8" in texts(at)


# ------------------------------------------------------ counts, pages, filters (issue 20)


def _count_departments(demo_url: str, text: str) -> int:
    """Departments with a live public project-year whose name holds ``text``: the
    test's own SQL, not the search's."""
    from sqlalchemy import text as sql

    from data_access.db.engine import make_engine

    with make_engine(demo_url).connect() as conn:
        return conn.execute(
            sql(
                "SELECT COUNT(DISTINCT d.id) FROM department d JOIN project_year p"
                " ON p.department_id = d.id WHERE d.name LIKE :pattern AND NOT p.withheld"
                " AND p.retired_by IS NULL"
            ),
            {"pattern": f"%{text}%"},
        ).scalar_one()


def _department_links(at: AppTest) -> list:
    return [lk for lk in page_links(at) if "dept=" in lk.proto.query_string]


def _links_to(at: AppTest, **wanted: str | None) -> list:
    """Links whose query has every ``wanted`` value (None: the parameter is absent)."""
    return [
        lk
        for lk in page_links(at)
        if all(_query(lk).get(name) == value for name, value in wanted.items())
    ]


def test_one_kind_is_listed_in_pages_of_twenty(demo_url: str, use_db) -> None:
    """"局" finds more departments than a page holds: "see all" lists them 20 a page with
    previous and next links that are URLs (q_kind, q_page), the range said each time."""
    use_db(demo_url)
    total = _count_departments(demo_url, "局")
    pages = -(-total // 20)
    assert pages >= 3
    at = open_page("overview", q="局")
    see_all = _links_to(at, q_kind="department", q="局")
    # The kind filter's link and the group's "see all" open the same list.
    assert [lk.proto.label for lk in see_all] == [f"部门 ({total:,})", f"查看全部 {total:,} 个部门"]

    first = open_page("overview", q="局", q_kind="department")
    assert f"{total:,} 个部门，显示 1–20" in texts(first)
    assert len(_department_links(first)) == 20
    assert _links_to(first, q_page="2", q_kind="department")  # next
    assert not [lk for lk in page_links(first) if lk.proto.label == "上一页"]

    second = open_page("overview", q="局", q_kind="department", q_page="2")
    assert f"{total:,} 个部门，显示 21–40" in texts(second)
    previous = [lk for lk in page_links(second) if lk.proto.label == "上一页"]
    assert previous and "q_page" not in _query(previous[0])
    assert _links_to(second, q_page="3")
    # No department is on two pages.
    codes = {_query(lk)["dept"] + _query(lk)["region"] for lk in _department_links(first)}
    assert codes.isdisjoint(
        _query(lk)["dept"] + _query(lk)["region"] for lk in _department_links(second)
    )

    last = open_page("overview", q="局", q_kind="department", q_page=str(pages))
    shown = total - 20 * (pages - 1)
    assert f"{total:,} 个部门，显示 {20 * (pages - 1) + 1:,}–{total:,}" in texts(last)
    assert len(_department_links(last)) == shown
    assert not [lk for lk in page_links(last) if lk.proto.label == "下一页"]


def test_english_pages_say_the_range(demo_url: str, use_db) -> None:
    use_db(demo_url)
    total = _count_departments(demo_url, "局")
    at = open_page("overview", lang="en", q="局", q_kind="department", q_page="2")
    assert f"{total:,} departments, showing 21–40" in texts(at)
    assert [lk.proto.label for lk in page_links(at) if lk.proto.label in ("Previous", "Next")] == [
        "Previous",
        "Next",
    ]


def test_kind_links_carry_each_kinds_count(mini_url: str, use_db) -> None:
    """"nongcun" (pinyin): 1 department (南昌市农业农村局), 2 projects (农村义务教育…,
    农村公路养护), no region, found by hand in mini-jiangxi's names."""
    use_db(mini_url)
    at = open_page("overview", year="2017", q="nongcun")
    labels = {
        lk.proto.label: _query(lk).get("q_kind") for lk in page_links(at) if "(" in lk.proto.label
    }
    assert labels == {
        "地区 (0)": "region",
        "部门 (1)": "department",
        "项目 (2)": "project",
        "绩效目标与结果 (0)": "indicator",
    }
    assert "1 个部门" in texts(at) and "2 个项目" in texts(at)
    projects = [_query(lk)["project"] for lk in page_links(at) if "project" in _query(lk)]
    assert projects == ["36000017001", "36072217001"]


def test_the_region_filter_writes_the_url_and_narrows(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("overview", year="2017", q="36", q_kind="project")
    assert "5 个项目" in texts(at)
    box = next(s for s in at.selectbox if s.label == t("search.filter.region", "zh"))
    box.set_value("360700").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["q_region"] == "360700"
    assert "1 个项目" in texts(at)
    projects = [_query(lk)["project"] for lk in page_links(at) if "project" in _query(lk)]
    assert projects == ["36072217001"]
    year = next(s for s in at.selectbox if s.label == t("search.filter.year", "zh"))
    year.set_value(2016).run()
    assert at.query_params["q_year"] == "2016"
    assert t("search.none_filtered", "zh", text="36") in texts(at)


def test_a_bad_search_filter_is_explained_like_any_parameter(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("overview", q="36", q_kind="sector")
    assert t("bad.q_kind", "zh", value="sector") in texts(at)
    at = open_page("overview", q="36", q_region="999999")
    assert t("bad.q_region", "zh", value="999999") in texts(at)
    at = open_page("overview", q="36", q_year="1999")
    assert t("bad.q_year", "zh", value="1999", years="2016, 2017") in texts(at)


def test_the_project_page_says_it_found_no_project(mini_url, use_db) -> None:
    """The project page searches projects only: 南昌 names a region and departments of the
    example, no project, and the page says so rather than "no region, department …"."""
    use_db(mini_url)
    at = open_page("project", q="南昌")
    said = [str(c.value) for c in at.caption]
    assert t("search.none_projects", "zh", text="南昌") in said, said
