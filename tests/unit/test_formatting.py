"""Display conventions: money in 亿元/万元 (zh) and CNY bn/m (en), rates, "no data"."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dashboard.core import formatting as fmt


@pytest.mark.parametrize(
    ("amount", "zh", "en"),
    [
        (Decimal("15370000000"), "153.70亿元", "CNY 15.37 bn"),
        (Decimal("102510000000"), "1,025.10亿元", "CNY 102.51 bn"),
        (Decimal("125000000"), "1.25亿元", "CNY 125.00 m"),
        (Decimal("55000000"), "5,500.00万元", "CNY 55.00 m"),
        (Decimal("5500"), "5,500.00元", "CNY 5,500"),
        (Decimal("-300000000"), "-3.00亿元", "-CNY 300.00 m"),
        (Decimal("0"), "0.00元", "CNY 0"),
    ],
)
def test_money(amount: Decimal, zh: str, en: str) -> None:
    assert fmt.money(amount, "zh") == zh
    assert fmt.money(amount, "en") == en


def test_money_rounds_half_up_not_to_even() -> None:
    assert fmt.money(Decimal("1234500"), "zh") == "123.45万元"
    assert fmt.money(Decimal("1234550"), "zh") == "123.46万元"


def test_missing_values_are_no_data_never_zero() -> None:
    assert fmt.money(None, "zh") == fmt.NO_DATA
    assert fmt.percent(None, "en") == fmt.NO_DATA
    assert fmt.score(None, "zh") == fmt.NO_DATA
    assert fmt.count(None, "zh") == fmt.NO_DATA
    assert fmt.metric_delta("rate", 0.5, None, "zh") is None


def test_percent_and_points() -> None:
    assert fmt.percent(0.8808558558558559, "zh") == "88.1%"
    assert fmt.percent(1.0, "en") == "100.0%"
    assert fmt.percent_points(0.021, "zh") == "+2.1 个百分点"
    assert fmt.percent_points(-0.027, "en") == "-2.7 pp"


def test_deltas_carry_their_sign() -> None:
    assert (
        fmt.metric_delta("money", Decimal("1110000000"), Decimal("480000000"), "zh") == "+6.30亿元"
    )
    assert fmt.metric_delta("count", 6, 1, "en") == "+5"
    assert fmt.metric_delta("score", 76.625, 80.0, "en") == "-3.4 points"


def test_scores_counts_grades_years() -> None:
    assert fmt.score(76.625, "zh") == "76.6"
    assert fmt.count(3700, "en") == "3,700"
    assert [fmt.grade(g, "zh") for g in fmt.GRADE_CODES] == ["优", "良", "中", "差"]
    assert [fmt.grade(g, "en") for g in fmt.GRADE_CODES] == ["Excellent", "Good", "Fair", "Poor"]
    assert fmt.year(2017, "zh") == "2017年"
    assert fmt.year(2017, "en") == "2017"


def test_money_scale_picks_one_unit_per_axis() -> None:
    assert fmt.money_scale([Decimal("15370000000"), None], "zh") == (fmt.YI, "亿元")
    assert fmt.money_scale([Decimal("55000000")], "zh") == (fmt.WAN, "万元")
    assert fmt.money_scale([Decimal("5500000")], "zh") == (fmt.WAN, "万元")
    assert fmt.money_scale([Decimal("15370000000")], "en") == (fmt.BILLION, "CNY bn")
    assert fmt.money_scale([], "en") == (fmt.MILLION, "CNY m")


def test_reported_figures_convert_to_metric_units() -> None:
    assert fmt.reported_in_base_unit(Decimal("153.7"), "亿元") == (
        "money",
        Decimal("15370000000.0"),
    )
    assert fmt.reported_in_base_unit(Decimal("60"), "%") == ("rate", Decimal("0.6"))
    assert fmt.reported_in_base_unit(Decimal("22"), "人") == ("count", Decimal("22"))



def test_a_site_link_shows_its_text_literally_and_points_only_at_this_site() -> None:
    """The succession line links 赣县 ↔ 赣县区 through ``site_link``: the name is text
    (no nested link), the target a path of the site, its brackets encoded."""
    assert fmt.site_link("赣县", "/explore?region=360721&year=2016") == (
        "[赣县](/explore?region=360721&year=2016)"
    )
    hostile = fmt.site_link("[x](http://evil.example)", "/a (b)")
    assert hostile == f"[{fmt.literal('[x](http://evil.example)')}](/a%20%28b%29)"
    assert "](http" not in hostile
    for elsewhere in ("http://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        with pytest.raises(ValueError):
            fmt.site_link("x", elsewhere)
