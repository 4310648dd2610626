"""In Chromium: the explorer's names are real links that open their view, the site
search finds 信丰县 by "xinfeng" and by "信丰", tables show all their rows, and an
unknown path gets the dashboard's own bilingual not-found page."""

from __future__ import annotations

from urllib.parse import parse_qs, urljoin, urlparse

import pytest

from dashboard.core.i18n import t
from tests.browser.conftest import settle, submit_text

ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"


def _params(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(url).query).items()}


def test_a_project_name_in_the_explorer_is_a_link_to_that_project(page, server: str) -> None:
    page.goto(f"{server}/explore?lang=zh&year=2018&region=360000&scope=all")
    settle(page)
    # The accessible table under the project list: names are <a href> (copyable,
    # middle-clickable), not only a row selection on the canvas grid.
    page.get_by_text(t("table.html", "zh")).last.click()
    link = page.locator("table.table-alternative a[href^='/project?']").first
    link.wait_for(state="visible")
    name = link.inner_text()
    href = link.get_attribute("href")
    assert href and _params(href)["year"] == "2018"
    code = _params(href)["project"]
    page.goto(f"{server}{href}")
    settle(page)
    assert urlparse(page.url).path == "/project"
    assert _params(page.url)["project"] == code
    assert page.locator("h1").first.inner_text() == name
    assert page.locator(ERRORS).count() == 0


@pytest.mark.parametrize("text", ["xinfeng", "信丰"])
def test_search_finds_xinfeng(page, server: str, text: str) -> None:
    page.goto(f"{server}/?lang=zh")
    settle(page)
    box = page.get_by_label(t("search.label", "zh"))
    submit_text(page, box, text)
    link = page.locator("a[href*='region=360722']").filter(has_text="信丰县").first
    link.wait_for(state="visible")
    # A real link: st.page_link writes the page path relative to the app's root.
    href = link.get_attribute("href") or ""
    assert urlparse(urljoin(page.url, href)).path == "/explore"
    link.click()
    settle(page)
    assert urlparse(page.url).path == "/explore"
    assert _params(page.url)["region"] == "360722"
    assert page.locator(".st-key-trail-explore strong").last.inner_text() == "信丰县"


def test_a_city_table_shows_all_its_counties(page, server: str) -> None:
    page.goto(f"{server}/explore?lang=zh&year=2018&region=360700&scope=all")
    settle(page)
    grid = page.locator("[data-testid='stDataFrame']").first
    rows = int(grid.locator("canvas table").get_attribute("aria-rowcount") or 0)
    assert rows >= 19  # header + 本级 + Ganzhou's 18+ counties
    assert grid.bounding_box()["height"] >= 35 * rows


def test_unknown_path_gets_the_bilingual_not_found_page(page, server: str) -> None:
    page.goto(f"{server}/no-such-page")
    settle(page)
    assert page.locator("h1").first.inner_text() == t("notfound.title", "zh")
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "no-such-page" in body and "Page not found" in body
    # Not Streamlit's own English dialog over the overview.
    assert page.get_by_role("dialog").count() == 0
    links = page.locator("a[href*='explore?']")
    links.first.wait_for(state="attached")  # drawn by the same run as the heading, or the next
    hrefs = links.evaluate_all("els => els.map(e => e.href)")
    assert any(urlparse(h).path == "/explore" for h in hrefs), hrefs
