"""The explorer on a phone (issue 10): at 390x844 every table is a list of its key
columns (the name as a link, the amount, the grade or score) whose rows open to show
the rest; nothing is wider than the screen. At desktop width the grids are back.

Why in a browser: the switch is a CSS media query (``specs.phone.PHONE_STYLE``), so
only a laid-out page says which of the two drawings a reader sees.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from dashboard.core import reads
from dashboard.core.i18n import t
from tests.browser.conftest import ARTIFACTS, settle

PHONE = {"width": 390, "height": 844}
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"


def _params(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(url).query).items()}


def _year(url: str) -> int:
    return reads.available_years(url, reads.release_stamp(url))[-1]


def _visible_grids(page) -> int:
    return sum(
        1 for box in page.locator("[data-testid='stDataFrame']").all() if box.is_visible()
    )


def _unfold_departments(page) -> None:
    """Open the province's folded department table (57 departments: pages/explore.py)."""
    fold = page.locator("[data-testid='stExpander'] summary", has_text="本级各部门")
    fold.click()
    page.locator(".st-key-phone-departments_table").wait_for(state="visible")


def _more_rows_note(page):
    """The "scroll inside the table" note under the 57-row department grid."""
    return page.get_by_text(t("table.more_rows", "zh", rows=57))


def test_explorer_tables_are_key_column_lists_on_a_phone(
    page, server: str, browser_db_url: str
) -> None:
    year = _year(browser_db_url)
    page.set_viewport_size(PHONE)
    page.goto(f"{server}/explore?lang=zh&year={year}&region=360000&scope=all&sort=flagged")
    settle(page)
    # The project list's filters come right after the regions: the 57 departments are
    # folded (before, they sat some 5,600 px down the phone-wide page).
    controls = page.locator(".st-key-project-controls").bounding_box()
    assert controls and controls["y"] < 2_500, controls
    _unfold_departments(page)
    lists = page.locator(".phone-list")
    assert lists.count() == 3  # regions, departments, projects
    for index in range(3):
        assert lists.nth(index).is_visible()
    assert _visible_grids(page) == 0
    # The regions' one-sentence summary is said once: in its phone list, not again
    # above the hidden grid.
    assert lists.first.locator("p.summary").is_visible()
    assert not page.locator("[class*='st-key-summary-children_table']").first.is_visible()
    # The grid's note about scrolling inside it goes with the grid.
    assert _more_rows_note(page).count() == 1 and not _more_rows_note(page).is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explore-390x844.png"))
    # Nothing wider than the phone: no sideways scrolling of the page.
    assert page.evaluate(
        "document.querySelector('[data-testid=stMain]').scrollWidth"
    ) <= PHONE["width"]

    projects = lists.nth(2)
    first = projects.locator("details.phone-row").first
    first.scroll_into_view_if_needed()
    summary = first.locator("summary")
    key = summary.inner_text()
    for word in (
        t("project.budget_adjusted", "zh"),
        t("col.grade", "zh"),
        t("col.score", "zh"),
        t("col.money_at_stake", "zh"),  # flagged first: the money at stake too
    ):
        assert word in key, (word, key)
    box = summary.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    # The rest of the row opens on a tap beside the name (the name itself is a link).
    details = first.locator("dl")
    assert not details.is_visible()
    summary.locator(".key").click()
    details.wait_for(state="visible")
    rest = details.inner_text()
    for word in (t("col.department", "zh"), t("col.region", "zh"), t("col.project_code", "zh"),
                 t("project.spent", "zh"), t("col.flag_rules", "zh")):
        assert word in rest, (word, rest)
    page.screenshot(path=str(ARTIFACTS / "explore-390x844-open.png"))

    link = summary.locator("a")
    href = link.get_attribute("href") or ""
    assert urlparse(href).path == "/project" and _params(href)["year"] == str(year)
    name = link.inner_text()
    link.click()
    page.wait_for_url("**/project?**", timeout=15_000)
    settle(page)
    assert page.locator("h1").first.inner_text() == name
    assert page.locator(ERRORS).count() == 0
    assert page.outside_requests == []


def test_a_region_name_on_a_phone_drills_down(page, server: str, browser_db_url: str) -> None:
    year = _year(browser_db_url)
    page.set_viewport_size(PHONE)
    page.goto(f"{server}/explore?lang=zh&year={year}&region=360000&scope=all")
    settle(page)
    link = page.locator(".phone-list").first.locator("summary a", has_text="赣州市")
    link.click()
    page.wait_for_url("**region=360700**", timeout=15_000)
    settle(page)
    assert page.locator(".st-key-trail-explore strong").last.inner_text() == "赣州市"


def test_desktop_width_keeps_the_grids(page, server: str, browser_db_url: str) -> None:
    year = _year(browser_db_url)
    page.goto(f"{server}/explore?lang=zh&year={year}&region=360000&scope=all")
    settle(page)
    _unfold_departments(page)
    # The three tables' lists are written by the same run as the grids; wait for the
    # last of them rather than counting what a loaded machine has drawn so far.
    page.locator(".phone-list").nth(2).wait_for(state="attached", timeout=30_000)
    assert page.locator(".phone-list").count() == 3
    assert not any(x.is_visible() for x in page.locator(".phone-list").all())
    assert _more_rows_note(page).is_visible()
    grids = page.locator("[data-testid='stDataFrame']")
    for index in range(3):  # the grids draw a moment after the script has run
        grids.nth(index).wait_for(state="visible", timeout=15_000)
    assert _visible_grids(page) == 3
