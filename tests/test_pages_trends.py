"""Trends (/trends): the page spans every year, and its caption says which ones."""

from __future__ import annotations

from dashboard.i18n import t
from tests import pages_support as support
from tests.pages_support import open_page

# The shared session fixtures, found by pytest under these names.
mini_url = support.mini_url
use_db = support.use_db


def test_caption_names_the_span_of_years_not_the_link_year(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("trends", year="2017", region="360000")
    assert at.caption[0].value == "江西省 · 2016–2017年 · 全辖"
    at = open_page("trends", year="2016", region="360000", lang="en", scope="own")
    assert at.caption[0].value == f"江西省 · 2016–2017 · {t('scope.own', 'en')}"


def test_a_single_year_is_named_once(mini_url: str, use_db) -> None:
    use_db(mini_url)
    # The county has project-years in 2017 only.
    at = open_page("trends", year="2017", region="360121")
    assert at.caption[0].value == "南昌县 · 2017年度 · 全辖"


def test_department_trend_names_the_department(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("trends", region="360000", dept="D002")
    assert "江西省卫生健康委员会" in at.caption[0].value
