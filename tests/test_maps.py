"""The map scales, the "no data" style and the place names (dashboard.maps, svgmap)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard import maps, svgmap
from dashboard.i18n import t
from dashboard.theme import MAP_NO_DATA, MAP_RAMP, hex_to_rgb
from data_access.domain import GRADE_ORDER, grade_for_score


def _square(code: str, west: float) -> dict:
    ring = [[west, 25.0], [west + 1, 25.0], [west + 1, 26.0], [west, 26.0], [west, 25.0]]
    return {
        "type": "Feature",
        "properties": {"code": code},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


GEOJSON = {"features": [_square("360722", 114.0), _square("360721", 115.0)]}


def _deck(values: list[float | None], scale: maps.Scale) -> dict:
    df = pd.DataFrame(
        {"code": ["360722", "360721"], "name": ["信丰县", "赣县&lt;区"], "value": values}
    )
    df["label"] = ["信丰县", "赣县<区"]
    deck = maps.choropleth(
        df, GEOJSON, value_label="得分", fmt_value=str, no_data="无数据", scale=scale
    )
    assert deck is not None
    return json.loads(deck.to_json())


@pytest.mark.parametrize("score", [0, 12.5, 59.9, 60, 75, 79.9, 80, 89.9, 90, 100])
def test_grade_bands_follow_the_grading_rule(score: float) -> None:
    scale = maps.grade_scale("zh")
    band = scale.band_of(score)
    # Bands run low to high: 差, 中, 良, 优.
    code = list(reversed(GRADE_ORDER))[scale.bands.index(band)]
    assert code == grade_for_score(score)
    assert band.label.startswith(t(f"grade.{code}", "zh"))


def test_grade_floors_are_read_off_the_rule() -> None:
    assert maps.grade_floors() == {"poor": 0.0, "fair": 60.0, "good": 80.0, "excellent": 90.0}
    labels = [b.label for b in maps.grade_scale("en").bands]
    assert labels == ["Poor (< 60)", "Fair (60–80)", "Good (80–90)", "Excellent (≥ 90)"]


def test_rate_bands_are_fixed_0_to_100_percent() -> None:
    scale = maps.rate_scale("zh")
    assert [b.label for b in scale.bands] == ["0–20%", "20–40%", "40–60%", "60–80%", "≥ 80%"]
    assert scale.band_of(0.0) is scale.bands[0]
    assert scale.band_of(0.199) is scale.bands[0]
    assert scale.band_of(0.2) is scale.bands[1]
    assert scale.band_of(1.3) is scale.bands[-1]
    # Values close together stay in one band: no stretched classes.
    assert {scale.band_of(v) for v in (0.828, 0.831, 0.837)} == {scale.bands[4]}


def test_amount_bands_start_at_zero_and_end_on_a_round_number() -> None:
    scale = maps.amount_scale([3.2, 17.5], lambda v: f"{v:g}")
    assert scale.bands[0].lower == 0
    assert [b.label for b in scale.bands] == ["0 – 4", "4 – 8", "8 – 12", "12 – 16", "16 – 20"]
    assert maps.nice_ceiling(17.5) == 20 and maps.nice_ceiling(0.031) == pytest.approx(0.05)
    assert maps.nice_ceiling(250) == 250 and maps.nice_ceiling(0) == 0


def test_no_data_is_not_a_colour_of_the_scale() -> None:
    assert MAP_NO_DATA not in MAP_RAMP
    # The lightest class is clearly coloured, not near-white (blue well above red).
    red, _, blue = hex_to_rgb(MAP_RAMP[0])
    assert blue - red >= 40
    items = maps.legend_items(maps.rate_scale("zh"), "无数据")
    assert items[-1] == (MAP_NO_DATA, "无数据", True)
    assert not any(hatched for _, _, hatched in items[:-1])


def test_no_data_region_is_grey_and_hatched_and_named() -> None:
    deck = _deck([85.0, None], maps.grade_scale("zh"))
    regions, hatch, names = deck["layers"]
    assert [layer["@@type"] for layer in deck["layers"]] == [
        "GeoJsonLayer",
        "PathLayer",
        "TextLayer",
    ]
    by_code = {f["properties"]["code"]: f["properties"] for f in regions["data"]["features"]}
    assert by_code["360721"]["fill"][:3] == hex_to_rgb(MAP_NO_DATA)
    assert by_code["360721"]["no_data"] is True and by_code["360721"]["value_text"] == "无数据"
    assert by_code["360722"]["fill"][:3] == hex_to_rgb(maps.grade_scale("zh").bands[2].colour)
    # Hatch lines lie inside the no-data square only (west 115 to 116).
    xs = [x for path in hatch["data"] for x, _ in path["path"]]
    assert xs and min(xs) >= 115.0 - 1e-6 and max(xs) <= 116.0 + 1e-6
    # Every region is named on the map, in plain text, with its characters in the atlas.
    assert sorted(n["text"] for n in names["data"]) == sorted(["信丰县", "赣县<区"])
    assert set("信丰县赣<区") <= set(names["characterSet"])
    assert not names["characterSet"].startswith("@@")
    assert names["fontFamily"].startswith("Noto Sans CJK SC")
    assert "sizeUnits" not in names  # pixels by default; a string would be an expression


def test_label_point_lies_inside_a_concave_region() -> None:
    # A "C" shape whose centroid falls in its hole.
    ring = [[0, 0], [3, 0], [3, 1], [1, 1], [1, 2], [3, 2], [3, 3], [0, 3], [0, 0]]
    x, y = maps.label_point({"type": "Polygon", "coordinates": [ring]})
    assert not (1 < x < 3 and 1 < y < 2)


def test_svg_map_hatches_no_data_and_draws_plain_names() -> None:
    deck = _deck([0.5, None], maps.rate_scale("zh"))
    svg = svgmap.render(deck["layers"][0]["data"]["features"], title="地图")
    assert svg is not None
    assert f'<pattern id="{svgmap.NO_DATA_PATTERN}"' in svg
    assert svg.count(f'fill="url(#{svgmap.NO_DATA_PATTERN})"') == 1
    assert 'data-code="360721"' in svg.split(f"url(#{svgmap.NO_DATA_PATTERN})")[1][:400]
    # Names escaped once: "<" as &lt;, never the double-escaped &amp;lt;.
    assert "赣县&lt;区" in svg and "&amp;lt;" not in svg


def test_legend_states_the_scale() -> None:
    scale = maps.grade_scale("zh")
    html = maps.legend_html("图例", maps.legend_items(scale, "无数据"), scale.caption("zh"))
    assert "优 (≥ 90)" in html and "无数据" in html and "repeating-linear-gradient" in html
    assert "60" in scale.caption("zh") and "90" in scale.caption("zh")
    assert "Excellent ≥ 90" in scale.caption("en")
