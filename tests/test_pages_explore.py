"""Explorer (/explore): breadcrumb, 本级 + children, departments, project list."""

from __future__ import annotations

import pytest

from dashboard import formatting as fmt
from dashboard.i18n import metric_label, t
from tests import pages_support as support
from tests.pages_support import frames, open_page, page_links, select_row, texts

# The shared session fixtures, found by pytest under these names.
expected = support.expected
mini_url = support.mini_url
use_db = support.use_db


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
    link = next(lk for lk in page_links(at) if lk.proto.label == "南昌市")
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
    assert t("own_level_of", "en", name="江西省") in frames(at)[0][t("col.region", "en")].tolist()


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
