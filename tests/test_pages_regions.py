"""Regions (/regions) and Trends (/trends): map, ranking, series over the years."""

from __future__ import annotations

import json

import pytest

from dashboard import formatting as fmt
from dashboard.i18n import metric_label, t
from dashboard.maps import NO_BASEMAP
from tests import pages_support as support
from tests.pages_support import open_page, page_links, texts

# The shared session fixtures, found by pytest under these names.
demo_url = support.demo_url
expected = support.expected
mini_url = support.mini_url
use_db = support.use_db


def _deck(at) -> dict:
    decks = at.get("deck_gl_json_chart")
    assert len(decks) == 1
    return json.loads(decks[0].proto.json)


def _figures(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def test_map_of_the_province_has_its_cities_without_basemap(mini_url, expected, use_db) -> None:
    use_db(mini_url)
    at = open_page("regions", year="2017", region="360000")
    deck = _deck(at)
    assert deck["mapStyle"] == NO_BASEMAP
    features = deck["layers"][0]["data"]["features"]
    names = {f["properties"]["name"]: f["properties"]["value_text"] for f in features}
    assert "南昌市" in names and "赣州市" in names and len(names) == 11
    coverage = expected["2017/360100/all"]["evaluation_coverage_rate"]
    assert names["南昌市"] == fmt.percent(coverage, "zh")
    assert names["九江市"] == t("map.no_data", "zh")
    tooltip = json.loads(at.get("deck_gl_json_chart")[0].proto.tooltip)
    assert "{name}" in tooltip["html"] and "{value_text}" in tooltip["html"]


def test_ranking_bars_carry_region_codes(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("regions", year="2017", region="360000", metric="evaluated_funds", lang="en")
    ranking = _figures(at)[0]
    bar = ranking["data"][0]
    assert bar["type"] == "bar" and bar["orientation"] == "h"
    assert dict(zip(bar["y"], bar["customdata"], strict=True)) == {
        "赣州市": "360700",
        "南昌市": "360100",
    }
    assert ranking["layout"]["xaxis"]["title"]["text"] == "CNY m"
    assert at.title[0].value == t("regions.title", "en")
    assert at.get("selectbox")[1].value == "evaluated_funds"


def test_county_has_no_children_and_points_to_the_explorer(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("regions", year="2017", region="360121")
    assert t("regions.no_children", "zh", region="南昌县") in texts(at)
    assert any(lk.proto.page == "explore" for lk in page_links(at))


def test_demo_city_map_has_counties(demo_url: str, use_db) -> None:
    use_db(demo_url)
    at = open_page("regions", region="360700")
    features = _deck(at)["layers"][0]["data"]["features"]
    assert len(features) >= 15
    assert all(f["properties"]["code"].startswith("3607") for f in features)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_trends_show_every_year_as_a_category(mini_url: str, lang: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("trends", region="360000", lang=lang)
    figures = _figures(at)
    assert len(figures) == 4
    years = [fmt.year(2016, lang), fmt.year(2017, lang)]
    for figure in figures:
        assert figure["layout"]["xaxis"]["type"] == "category"
        assert list(figure["data"][0]["x"]) == years
    funds = figures[0]
    total = next(
        trace for trace in funds["data"] if trace["name"] == metric_label("evaluated_funds", lang)
    )
    assert total["y"] == [0.0, 10.0] if lang == "zh" else total["y"] == [0.0, 1.0]
    grades = figures[3]
    assert [trace["name"] for trace in grades["data"]] == [
        fmt.grade(g, lang) for g in fmt.GRADE_CODES
    ]
    assert [trace["marker"]["color"] for trace in grades["data"]] == [
        "#009E73",
        "#56B4E9",
        "#E69F00",
        "#D55E00",
    ]


def test_trends_of_a_region_without_data_say_so(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("trends", region="360400")
    assert t("chart.empty", "zh", region="九江市", year="") in texts(at)
    assert not at.get("plotly_chart")


def test_every_chart_has_table_view_and_csv(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("trends", region="360000", lang="en")
    expanders = [e.label for e in at.expander]
    assert expanders.count(t("chart.table", "en")) == 4
    downloads = at.get("download_button")
    assert len(downloads) == 4
