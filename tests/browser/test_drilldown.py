"""Every level is reachable by clicking alone: the explorer's tables drill down when a
row is selected (province → city → county → department → project), each step is a new
URL, and the back button returns to the view before.

The tables are ``st.dataframe`` grids with single-row selection; ``select_row`` clicks a
row's checkbox by its measured position (see tests/browser/conftest.py).
"""

from __future__ import annotations

import contextlib
from urllib.parse import parse_qs, urlparse

from dashboard.core.i18n import metric_label, t
from tests.browser.conftest import (
    click_link_cell,
    go_back,
    grid_rows,
    screenshot,
    select_row,
    settle,
)

ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"
REGION, REGION_CODE = t("col.region", "zh"), t("col.region_code", "zh")
DEPT, DEPT_CODE = t("col.department", "zh"), t("col.department_code", "zh")
PROJECT, PROJECT_CODE = t("col.project", "zh"), t("col.project_code", "zh")


def _params(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(url).query).items()}


def _path(url: str) -> str:
    return urlparse(url).path


def _trail(page) -> str:
    """The breadcrumb's text ("当前位置 江西省 › 南昌市 › ...")."""
    return page.locator(".st-key-trail-explore").inner_text()


def _current(page) -> str:
    """The breadcrumb's last (current, not linked) item."""
    return page.locator(".st-key-trail-explore strong").last.inner_text()


def _at(page, *, region: str, dept: str | None = None, current: str | None = None) -> None:
    """The explorer shows ``region`` (and ``dept``) in the URL and the breadcrumb."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    # A selection's run writes the address as it starts; on a loaded machine ``settle``
    # can have seen the app idle between the click and that run. Wait for the address
    # (the asserts below say what is wrong if it never comes).
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            """([region, dept]) => {
                const query = new URLSearchParams(location.search);
                return location.pathname === "/explore" && query.get("region") === region
                    && query.get("dept") === dept;
            }""",
            arg=[region, dept],
            timeout=30_000,
        )
        settle(page, new_run=False)
    assert _path(page.url) == "/explore"
    params = _params(page.url)
    assert params["region"] == region
    assert params.get("dept") == dept
    assert page.locator(ERRORS).count() == 0
    if current:
        # The address bar changes as the selection's run starts; the breadcrumb only
        # when that run has drawn the new view, which on a loaded machine can come
        # after ``settle`` has seen the app idle in between. Wait for it, then assert.
        with contextlib.suppress(PlaywrightTimeout):  # the assert below says what is wrong
            page.locator(".st-key-trail-explore strong", has_text=current).last.wait_for(
                timeout=15_000
            )
        assert _current(page) == current


def _open_project_row(page) -> tuple[str, str, dict[str, str]]:
    """Select a department's first project row; it opens the project page. Returns the
    project's name and code and the project page's parameters."""
    row = select_row(page, PROJECT_CODE)
    settle(page)
    page.wait_for_url("**/project?**", timeout=30_000)
    settle(page, new_run=False)
    assert _path(page.url) == "/project"
    return row[PROJECT], row[PROJECT_CODE], _params(page.url)


def _back(page, current: str) -> None:
    """Back one step, until the breadcrumb shows ``current`` again."""
    go_back(page, "explore", current)


def test_explorer_rows_drill_down_and_back_returns(page, server: str) -> None:
    page.goto(f"{server}/explore?lang=zh&year=2018&region=360000&scope=all")
    settle(page)
    _at(page, region="360000", current="江西省")

    # Province: the row of a city in "本级与下级地区".
    row = select_row(page, REGION_CODE, "南昌市")
    city_name, city = row[REGION], row[REGION_CODE]
    settle(page)
    _at(page, region=city, current=city_name)
    assert "江西省" in _trail(page)

    # City: the row of a county.
    row = select_row(page, REGION_CODE, "南昌县")
    county_name, county = row[REGION], row[REGION_CODE]
    settle(page)
    _at(page, region=county, current=county_name)

    # County: the row of a department.
    row = select_row(page, DEPT_CODE)
    dept_name, dept = row[DEPT], row[DEPT_CODE]
    settle(page)
    _at(page, region=county, dept=dept, current=dept_name)
    assert county_name in _trail(page)

    # Department: the row of a project opens the project page in the list's year.
    project_name, project, params = _open_project_row(page)
    assert (params["project"], params["year"]) == (project, "2018")
    assert page.locator("h1").first.inner_text() == project_name
    assert dept_name in page.inner_text("[data-testid='stMain']")
    screenshot(page, "drill-project-zh-1280")

    # Back, step by step, to each view before.
    _back(page, dept_name)
    _at(page, region=county, dept=dept, current=dept_name)
    if _params(page.url).get("project"):
        # Streamlit 1.67 records a cross-page st.switch_page as two history entries
        # (query first, then path); the first one shows the same list (see
        # panels.open_project), so one more "back" is needed to leave it.
        _back(page, dept_name)
        _at(page, region=county, dept=dept, current=dept_name)
    _back(page, county_name)
    _at(page, region=county, current=county_name)
    _back(page, city_name)
    _at(page, region=city, current=city_name)
    _back(page, "江西省")
    _at(page, region="360000", current="江西省")


def test_journey_from_the_overview_to_a_county_project(page, server: str) -> None:
    """From / to the project of a county department, by menu and row selections only."""
    page.goto(server + "/")
    settle(page)
    assert _path(page.url) == "/"
    year = _params(page.url)["year"]
    assert _params(page.url)["region"] == "360000"

    page.locator("[data-testid='stTopNavLink']", has_text=t("page.explore", "zh")).click()
    settle(page)
    _at(page, region="360000", current="江西省")
    assert _params(page.url)["year"] == year

    row = select_row(page, REGION_CODE, "赣州市")
    name, city = row[REGION], row[REGION_CODE]
    settle(page)
    _at(page, region=city, current=name)
    # The first county with projects that year (the first row is the city's own level).
    projects = metric_label("projects", "zh")
    county_row = next(r for r in grid_rows(page, REGION_CODE)[1:] if int(r[projects]) > 0)
    row = select_row(page, REGION_CODE, county_row[REGION])
    name, county = row[REGION], row[REGION_CODE]
    settle(page)
    _at(page, region=county, current=name)
    assert county.startswith(city[:4]) and county != city

    row = select_row(page, DEPT_CODE)
    dept_name, dept = row[DEPT], row[DEPT_CODE]
    settle(page)
    _at(page, region=county, dept=dept, current=dept_name)

    project_name, project, params = _open_project_row(page)
    assert (params["project"], params["year"], params["region"]) == (project, year, county)
    assert page.locator("h1").first.inner_text() == project_name
    assert page.locator(ERRORS).count() == 0
    assert page.outside_requests == []


def test_a_region_name_in_the_desktop_grid_drills_down(page, server: str) -> None:
    """At 1400 px the grid of 本级与下级地区 draws each region's name as a link: a click
    on 南昌市 opens 南昌市 in the same tab (a history entry: Back returns)."""
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{server}/explore?lang=zh&year=2018&region=360000&scope=all")
    settle(page)
    _at(page, region="360000", current="江西省")
    pages_before = len(page.context.pages)
    click_link_cell(page, REGION_CODE, "南昌市")
    page.wait_for_url(lambda url: "region=360100" in url, timeout=30_000)
    settle(page, new_run=False)
    _at(page, region="360100", current="南昌市")
    assert _params(page.url)["year"] == "2018" and _params(page.url)["lang"] == "zh"
    assert len(page.context.pages) == pages_before  # the same tab, no new one
    screenshot(page, "drill-link-city-zh-1400")
    _back(page, "江西省")
    _at(page, region="360000", current="江西省")
