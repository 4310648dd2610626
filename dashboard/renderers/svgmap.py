"""A choropleth as a static SVG: for embeds, offline files and printed briefs.

Why SVG and not the page's pydeck map: an embed must load fast on a news site, work
without WebGL and without any request beyond this server, print sharply in a hearing
brief, and be readable by screen readers. An SVG of the simplified boundaries does all
of that with no JavaScript: each region is a ``<path>`` with a ``<title>`` (its name and
value), a visible name label, and the colours of the page's map; a region without data
is filled with the hatched grey pattern of the page's legend (``maps``), never with a
colour of the scale.

Names follow the page's map: placed largest region first, a name that would overlap
one already placed is nudged a little or left off (``maps.place_labels``; the region
keeps its ``<title>``), and drawn with a thin white outline, readable on dark classes.

The projection is equirectangular with the horizontal axis shrunk by cos(mean latitude),
which is what a reader expects of a province-sized area and needs no library.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from typing import Any

from dashboard.core.theme import FONT_FAMILY, MAP_HATCH, MAP_LINE, MAP_NO_DATA
from dashboard.specs.maps import label_point, place_labels

WIDTH = 640
LABEL_SIZE = 12
NO_DATA_PATTERN = "map-no-data"
# The "no data" hatching: grey with dark diagonal lines, as in the page's legend.
_DEFS = (
    f'<defs><pattern id="{NO_DATA_PATTERN}" width="6" height="6" '
    'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    f'<rect width="6" height="6" fill="{MAP_NO_DATA}"/>'
    f'<line x1="0" y1="0" x2="0" y2="6" stroke="{MAP_HATCH}" stroke-width="1.5"/>'
    "</pattern></defs>"
)


def _rings(geometry: dict[str, Any]) -> Iterable[Sequence[Sequence[float]]]:
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        yield from coords
    elif kind == "MultiPolygon":
        for polygon in coords:
            yield from polygon


def _colour(fill: Any) -> str:
    if isinstance(fill, str):
        return fill
    red, green, blue = (int(part) for part in list(fill)[:3])
    return f"#{red:02x}{green:02x}{blue:02x}"


def _centroid(ring: Sequence[Sequence[float]]) -> tuple[float, float, float]:
    """Area-weighted centroid of a ring (x, y, |area|), in the ring's own units."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        xs = [p[0] for p in ring]
        ys = [p[1] for p in ring]
        return sum(xs) / len(xs), sum(ys) / len(ys), 0.0
    return cx / (3 * area), cy / (3 * area), abs(area) / 2


def render(features: list[dict[str, Any]], *, title: str, width: int = WIDTH) -> str | None:
    """The SVG of ``features`` (GeoJSON features whose properties hold ``code``,
    ``name``, ``value_text``, ``fill`` and, optionally, ``label`` (the plain name to
    draw) and ``no_data``); None when there is nothing to draw."""
    points = [
        (float(x), float(y))
        for feature in features
        for ring in _rings(feature["geometry"])
        for x, y, *_ in ring
    ]
    if not points:
        return None
    west = min(p[0] for p in points)
    east = max(p[0] for p in points)
    south = min(p[1] for p in points)
    north = max(p[1] for p in points)
    shrink = math.cos(math.radians((south + north) / 2))
    span_x = max((east - west) * shrink, 1e-6)
    span_y = max(north - south, 1e-6)
    margin = 8
    scale = (width - 2 * margin) / span_x
    height = round(span_y * scale + 2 * margin)

    def project(x: float, y: float) -> tuple[float, float]:
        return margin + (x - west) * shrink * scale, margin + (north - y) * scale

    paths: list[str] = []
    labels: list[tuple[float, float, str, float]] = []
    for feature in features:
        props = feature["properties"]
        parts: list[str] = []
        best: tuple[float, float, float] = (0.0, 0.0, -1.0)
        for ring in _rings(feature["geometry"]):
            projected = [project(float(p[0]), float(p[1])) for p in ring]
            if len(projected) < 3:
                continue
            parts.append(
                "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in projected) + "Z"
            )
            centre = _centroid(projected)
            if centre[2] > best[2]:
                best = centre
        if not parts:
            continue
        # ``label`` is plain text; ``name`` was escaped for deck.gl's HTML tooltip.
        plain = props["label"] if "label" in props else html.unescape(str(props.get("name", "")))
        name = html.escape(str(plain))
        value = html.escape(str(props.get("value_text", "")))
        fill = (
            f"url(#{NO_DATA_PATTERN})"
            if props.get("no_data")
            else _colour(props.get("fill", MAP_NO_DATA))
        )
        paths.append(
            f'<path d="{"".join(parts)}" fill="{fill}" '
            f'stroke="{MAP_LINE}" stroke-width="0.8" fill-rule="evenodd" '
            f'data-code="{html.escape(str(props.get("code", "")))}">'
            f"<title>{name}: {value}</title></path>"
        )
        # The page map's label point (inside the region, away from its border).
        spot = project(*label_point(feature["geometry"]))
        labels.append((spot[0], spot[1], str(plain), best[2]))
    texts = [
        f'<text x="{x:.1f}" y="{y + offset:.1f}" text-anchor="middle" '
        f'dominant-baseline="middle">{html.escape(text)}</text>'
        for (x, y, text, _area), offset in zip(
            labels, place_labels(labels, LABEL_SIZE), strict=True
        )
        if offset is not None
    ]
    label_style = (
        f'font-family="{html.escape(FONT_FAMILY)}" font-size="{LABEL_SIZE}" fill="#1a1a1a" '
        'stroke="#ffffff" stroke-width="2" stroke-linejoin="round" stroke-opacity="0.9" '
        'paint-order="stroke" pointer-events="none"'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{html.escape(title)}">'
        f"<title>{html.escape(title)}</title>{_DEFS}"
        f'<g>{"".join(paths)}</g><g {label_style}>{"".join(texts)}</g></svg>'
    )
