"""The map scales, the "no data" style and the place names (dashboard.specs.maps and
dashboard.renderers.svgmap)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard.core.i18n import t
from dashboard.core.theme import MAP_NO_DATA, MAP_RAMP, hex_to_rgb
from dashboard.renderers import svgmap
from dashboard.specs import maps
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


# --------------------------------------------------------------------------- successions


def _choropleth(rows: dict[str, tuple[str, float | None]], geojson: dict) -> dict:
    df = pd.DataFrame(
        {
            "code": list(rows),
            "name": [name for name, _ in rows.values()],
            "value": [value for _, value in rows.values()],
        }
    )
    deck = maps.choropleth(
        df, geojson, value_label="比率", fmt_value=str, no_data="无数据",
        scale=maps.rate_scale("zh"),
    )
    assert deck is not None
    return json.loads(deck.to_json())


def test_predecessor_data_is_drawn_on_its_successors_boundary() -> None:
    # 龙南县 (360727) published 2018 data; today's boundary is 龙南市's (360783).
    geojson = {"features": [_square("360783", 114.0), _square("360722", 115.0)]}
    rows = {"360722": ("信丰县", 0.38), "360727": ("龙南县", 0.174), "360783": ("龙南市", None)}
    deck = _choropleth(rows, geojson)
    features = deck["layers"][0]["data"]["features"]
    regions = {f["properties"]["code"]: f["properties"] for f in features}
    assert set(regions) == {"360722", "360727"}
    assert regions["360727"]["name"] == "龙南县" and regions["360727"]["value_text"] == "0.174"
    assert regions["360727"]["no_data"] is False
    assert [layer["@@type"] for layer in deck["layers"]] == ["GeoJsonLayer", "TextLayer"]
    assert sorted(n["text"] for n in deck["layers"][-1]["data"]) == ["信丰县", "龙南县"]
    assert maps.boundary_codes(["360722", "360727"]) == ["360722", "360727", "360783"]


def test_successor_with_data_keeps_its_boundary() -> None:
    geojson = {"features": [_square("360783", 114.0)]}
    # Both published (a package mixing years): today's code keeps today's boundary.
    deck = _choropleth({"360727": ("龙南县", 0.2), "360783": ("龙南市", 0.5)}, geojson)
    codes = [f["properties"]["code"] for f in deck["layers"][0]["data"]["features"]]
    assert codes == ["360783"]
    # A predecessor without data leaves the successor's "no data" in place.
    deck = _choropleth({"360727": ("龙南县", None), "360783": ("龙南市", None)}, geojson)
    props = deck["layers"][0]["data"]["features"][0]["properties"]
    assert props["code"] == "360783" and props["no_data"] is True


def test_assign_boundaries_rule() -> None:
    with_boundary = {"360783", "360113", "360722"}
    drawn = maps.assign_boundaries(
        {"360727": True, "360783": False, "360105": True, "360722": True, "999999": True},
        with_boundary,
    )
    # 湾里区 360105 on 红谷滩区 360113 (not a row of its own); a code with no successor
    # and no boundary (999999) is not drawn.
    assert drawn == {"360783": "360727", "360113": "360105", "360722": "360722"}


# --------------------------------------------------------------------------- labels


def test_overlapping_labels_keep_the_larger_region() -> None:
    labels = [
        (100.0, 100.0, "章贡区", 1.0),  # small, overlaps the next one
        (110.0, 104.0, "赣县区", 5.0),
        (100.0, 140.0, "南康区", 3.0),  # clear of both
    ]
    assert maps.keep_labels(labels, size=12) == [False, True, True]
    # The order of the input does not matter, the areas do.
    assert maps.keep_labels(list(reversed(labels)), size=12) == [True, True, False]
    # Side by side with room between the boxes: both kept.
    apart = [(0.0, 0.0, "全南县", 1.0), (60.0, 0.0, "龙南县", 2.0)]
    assert maps.keep_labels(apart, size=12) == [True, True]
    # A name that only just touches a larger neighbour's moves down rather than vanish.
    near = [(0.0, 0.0, "宜春", 5.0), (20.0, 10.0, "南昌", 1.0)]
    assert maps.place_labels(near, size=12) == [0.0, 9.0]
    # Latin names are narrower: the same gap fits two romanised names.
    assert maps.text_width("Longnan", 12) < maps.text_width("龙南县", 12) * 2.5


def test_map_drops_colliding_names_and_uses_a_thin_outline() -> None:
    big = _square("360703", 114.5)
    # The small 章贡区 sits just beside the point where 南康区's name goes (an enclave, as
    # the city districts are): its name would overlap.
    x, y = maps.label_point(big["geometry"])
    ring = [[x + 0.01, y], [x + 0.04, y], [x + 0.04, y + 0.02], [x + 0.01, y + 0.02]]
    tiny = {"type": "Feature", "properties": {"code": "360702"},
            "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}}
    geojson = {"features": [big, tiny]}
    deck = _choropleth({"360702": ("章贡区", 0.3), "360703": ("南康区", 0.5)}, geojson)
    names = deck["layers"][-1]
    assert [n["text"] for n in names["data"]] == ["南康区"]
    assert 0 < names["outlineWidth"] <= 1  # deck.gl clamps; above 1 the glyphs smear
    assert names["fontSettings"]["sdf"] is True
    svg = svgmap.render(deck["layers"][0]["data"]["features"], title="地图")
    assert svg is not None
    assert ">南康区</text>" in svg and ">章贡区</text>" not in svg
    # The dropped name is still in the region's tooltip.
    assert "<title>章贡区: 0.3</title>" in svg
