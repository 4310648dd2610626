"""Trends (/trends): the page spans every year, and its caption says which ones; its
charts have axes in the page's units, categories that differ in more than hue, and score
axes that show differences and say their range."""

from __future__ import annotations

import itertools
import json

import pytest

from dashboard.core import formatting as fmt
from dashboard.core.i18n import t
from dashboard.core.theme import GRADE_COLOURS, GRADE_PATTERNS, OKABE_ITO, hex_to_rgb
from dashboard.specs.trends import score_range
from tests.pages_support import open_page


def _figures(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _lightness(colour: str) -> float:
    red, green, blue = hex_to_rgb(colour)
    return 0.299 * red + 0.587 * green + 0.114 * blue


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_axes_never_use_si_suffixes(demo_url: str, lang: str, use_db) -> None:
    use_db(demo_url)
    figures = _figures(open_page("trends", region="360000", lang=lang))
    funds, coverage, _, grades = figures
    for figure in figures:
        for axis in ("xaxis", "yaxis"):
            assert figure["layout"][axis]["exponentformat"] == "none"
            assert figure["layout"][axis]["separatethousands"] is True
    # Counts are whole numbers ("10,000", never "10k"); money is in the unit of the title.
    assert grades["layout"]["yaxis"]["tickformat"] == ",d"
    assert grades["layout"]["yaxis"]["title"]["text"] == t("axis.projects", lang)
    assert funds["layout"]["yaxis"]["tickformat"] == fmt.axis_tickformat("money")
    unit = funds["layout"]["yaxis"]["title"]["text"]
    assert unit in ((t("unit.yi", lang), t("unit.wan", lang)) if lang == "zh" else (
        t("unit.bn", lang), t("unit.m", lang)))
    assert coverage["layout"]["yaxis"]["tickformat"] == ".0%"
    assert coverage["layout"]["yaxis"]["range"] == [0, 1.05]


def test_categories_differ_in_more_than_hue(demo_url: str, use_db) -> None:
    use_db(demo_url)
    funds, coverage, scores, grades = _figures(open_page("trends", region="360000"))
    bars = [trace for trace in funds["data"] if trace["type"] == "bar"]
    assert len({bar["marker"]["pattern"]["shape"] for bar in bars}) == len(bars)
    assert OKABE_ITO["sky_blue"] not in [bar["marker"]["color"] for bar in bars]
    lines = coverage["data"]
    assert len({line["line"]["dash"] for line in lines}) == len(lines)
    assert len({line["marker"]["symbol"] for line in lines}) == len(lines)
    assert scores["data"][0]["line"]["dash"] != scores["data"][1]["line"]["dash"]
    shapes = [trace["marker"]["pattern"]["shape"] for trace in grades["data"]]
    assert len(set(shapes)) == 4 and shapes == [GRADE_PATTERNS[c] for c in fmt.GRADE_CODES]
    # 中 and 差 are no longer two oranges: grades next to each other in the stack differ
    # in lightness too, not only in hue.
    colours = [GRADE_COLOURS[c] for c in fmt.GRADE_CODES]
    for upper, lower in itertools.pairwise(colours):
        assert abs(_lightness(upper) - _lightness(lower)) >= 40


def test_score_axis_shows_differences_and_states_its_range(
    mini_url: str, expected: dict, use_db
) -> None:
    use_db(mini_url)
    scores = _figures(open_page("trends", region="360000"))[2]
    values = [expected[f"{y}/360000/all"]["average_score"] for y in (2016, 2017)]
    low, high = scores["layout"]["yaxis"]["range"]
    present = [v for v in values if v is not None]
    assert low <= min(present) and max(present) <= high and (low, high) != (0, 100)
    assert scores["layout"]["yaxis"]["title"]["text"] == t(
        "axis.score_range", "zh", low=low, high=high
    )


@pytest.mark.parametrize(
    ("values", "expected_range"),
    [
        ([82.8, 83.7], (75, 90)),
        ([58.0, 90.0], (55, 95)),
        ([99.5], (90, 100)),
        ([0.5], (0, 10)),
        ([None], (0, 100)),
    ],
)
def test_score_range(values: list, expected_range: tuple[int, int]) -> None:
    low, high = score_range(values)
    assert (low, high) == expected_range
    assert high - low >= 10 and low >= 0 and high <= 100


# --------------------------------------------------------------------------- the caption


def test_caption_names_the_span_of_years_not_the_link_year(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("trends", year="2017", region="360000")
    assert at.caption[0].value == "江西省 · 2016–2017年 · 全辖"
    at = open_page("trends", year="2016", region="360000", lang="en", scope="own")
    # English pages name the region in its standard romanisation.
    assert at.caption[0].value == f"Jiangxi · 2016–2017 · {t('scope.own', 'en')}"


def test_a_single_year_is_named_once(mini_url: str, use_db) -> None:
    use_db(mini_url)
    # The county has project-years in 2017 only.
    at = open_page("trends", year="2017", region="360121")
    assert at.caption[0].value == "南昌县 · 2017年度 · 全辖"


def test_department_trend_names_the_department(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("trends", region="360000", dept="D002")
    assert "江西省卫生健康委员会" in at.caption[0].value
    # In English the published name stays, with its code.
    at = open_page("trends", region="360000", dept="D002", lang="en")
    assert "江西省卫生健康委员会 \\(D002\\)" in at.caption[0].value  # shown literally
