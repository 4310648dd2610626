"""The table, card and bar writers of the hearing's outputs: one reading of a chart
declaration into text cells (``TableModel``), written as HTML here and as PDF by
``dashboard.renderers.pdf``.

Why one model for both: the printed brief and its HTML twin must hold the same rows in the
same words; each used to build every table by hand and they drifted apart. A table's
cells are formatted once, from the declaration (``ChartSpec.table``: localized headers,
money in the chart's unit, labels), into text; the writers only lay them out.

Note (issue 15): the accessible-table and card writers of the embeds and pages are being
merged into one renderer module; until it lands, the brief's tables go through this
single writer, and nothing else here duplicates a page's own.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.core import formatting as fmt
from dashboard.core.i18n import metric_label, t
from dashboard.core.theme import (
    PRINT_HEADER_FILL,
    PRINT_MUTED,
    PRINT_RULE,
    PRINT_TEXT,
    PRINT_ZEBRA_FILL,
)
from dashboard.core.view import View
from dashboard.specs.base import ChartSpec, is_missing, notes_text


@dataclass(frozen=True)
class TableModel:
    """A chart's table as text: its title, headers, rows, which columns are numbers
    (right-aligned), the line under it (unit · source · footnote) and the chart's
    one-sentence summary (its caption says it under the title)."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    notes: str = ""
    summary: str | None = None

    def widths(self, room: float = 110.0) -> tuple[float, ...]:
        """Relative column widths for paper, in text units (a CJK character counts 2, a
        Latin one 1; ``room`` is how many fit a line): each column as wide as its longest
        cell up to 44, never narrower than its longest unbreakable token (a code, a
        number) or two CJK characters; when they do not fit, the wide text columns give
        way first, down to that minimum.
        """

        def size(text: str) -> int:
            return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)

        def token(text: str) -> int:
            return max((len(part) for part in re.split(r"[^\x21-\x7e]+", text)), default=0)

        wanted, least = [], []
        for index, header in enumerate(self.headers):
            cells = [row[index] for row in self.rows]
            floor = max([4, *(token(c) * 1.15 + 2 for c in cells), min(size(header) + 2, 10)])
            longest = max([size(c) for c in cells] + [size(header) * 0.7])
            wanted.append(min(max(longest + 1, floor), max(44, floor)))
            least.append(floor)
        excess = sum(wanted) - room
        if excess > 0:
            slack = [w - f for w, f in zip(wanted, least, strict=True)]
            total = sum(slack) or 1
            cut = min(excess, total)
            wanted = [w - cut * s / total for w, s in zip(wanted, slack, strict=True)]
        return tuple(wanted)


def cell_text(value: Any, kind: str) -> str:
    """A table cell as text: numbers in the table's format, missing as "—"."""
    if is_missing(value):
        return fmt.NO_DATA
    pattern = fmt.TABLE_FORMATS.get(kind)
    if pattern is not None and isinstance(value, int | float):
        return pattern.format(value)
    return str(value)


def cell_kinds(spec: ChartSpec, df: pd.DataFrame) -> list[str]:
    """The kind of each visible column's cells for :func:`cell_text`: a column drawn
    by its own ``render`` is text."""
    return [c.kind if c.render is None else "text" for c in spec.visible(df)]


def table_model(spec: ChartSpec, df: pd.DataFrame, view: View) -> TableModel:
    """The table view of ``spec`` over its rows ``df``, as text cells."""
    table = spec.table(df, view.lang)
    kinds = cell_kinds(spec, df)
    rows = tuple(
        tuple(cell_text(value, kind) for value, kind in zip(record, kinds, strict=True))
        for record in table.itertuples(index=False)
    )
    return TableModel(
        title=spec.title_text(view),
        headers=tuple(str(c) for c in table.columns),
        rows=rows,
        numeric=tuple(kind in fmt.TABLE_FORMATS for kind in kinds),
        notes=notes_text(spec, df, view),
        summary=spec.summary_text(df, view),
    )


# ------------------------------------------------------------------ HTML

TABLE_CSS = (
    f"table.brief{{border-collapse:collapse;width:100%;margin:.4rem 0 .2rem;"
    f"color:{PRINT_TEXT};font-size:.92rem}}"
    f"table.brief caption{{text-align:left;font-weight:700;padding:.2rem 0}}"
    "table.brief caption .summary{display:block;font-weight:400}"
    f"table.brief th,table.brief td{{border:1px solid {PRINT_RULE};padding:.25rem .45rem;"
    f"text-align:left;vertical-align:top;background:#FFFFFF;color:{PRINT_TEXT}}}"
    f"table.brief thead th{{background:{PRINT_HEADER_FILL}}}"
    f"table.brief tbody tr:nth-child(even) td{{background:{PRINT_ZEBRA_FILL}}}"
    "table.brief td.num{text-align:right;font-variant-numeric:tabular-nums;"
    "white-space:nowrap}"
    f"p.notes{{font-size:.8rem;color:{PRINT_MUTED};margin:0 0 .8rem}}"
)


def table_html(model: TableModel, *, notes: bool = True) -> str:
    """An accessible HTML table (caption: the title and the chart's summary; column
    headers with ``scope``), every cell escaped; the notes line under it."""
    e = html.escape
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in model.headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{e(cell)}</td>' if numeric else f"<td>{e(cell)}</td>"
            for cell, numeric in zip(row, model.numeric, strict=True)
        )
        + "</tr>"
        for row in model.rows
    )
    line = f'<p class="notes">{e(model.notes)}</p>' if notes and model.notes else ""
    summary = f'<span class="summary">{e(model.summary)}</span>' if model.summary else ""
    return (
        f'<table class="brief"><caption>{e(model.title)}{summary}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{line}"
    )


@dataclass(frozen=True)
class Card:
    """A headline card: its label, its value, and a note under it (or None)."""

    label: str
    value: str
    note: str | None = None


def headline_cards(df: pd.DataFrame, lang: str) -> tuple[Card, ...]:
    """The headline metrics (rows of ``metric``, ``kind``, ``value``, ``previous_value``,
    ``previous_year``) as cards: the label, the value and the change, which names the
    year it is measured against ("+211.35亿元（较2017年）"); no change without that year.
    One builder for the page's ``st.metric`` cards and the embed's HTML cards."""
    cards = []
    for row in df.to_dict("records"):
        year = row.get("previous_year")
        delta = None
        if year is not None and not pd.isna(year):
            previous = row.get("previous_value")
            change = fmt.metric_delta(row["kind"], row.get("value"), previous, lang)
            if change is not None:
                delta = t("overview.delta_vs", lang, delta=change, year=int(year))
        cards.append(
            Card(
                metric_label(row["metric"], lang),
                fmt.metric_value(row["kind"], row.get("value"), lang),
                delta,
            )
        )
    return tuple(cards)


def cards_html(cards: Sequence[Card], css_class: str = "card") -> str:
    """Headline cards, all text escaped; ``css_class`` names the card's class (the
    presenter screen and the brief style them each their own way)."""
    e = html.escape
    items = []
    for card in cards:
        note = f'<div class="vs">{e(card.note)}</div>' if card.note else ""
        items.append(
            f'<div class="{e(css_class)}"><div class="label">{e(card.label)}</div>'
            f'<div class="value">{e(card.value)}</div>{note}</div>'
        )
    return f'<div class="{e(css_class)}s">{"".join(items)}</div>'


@dataclass(frozen=True)
class BarsModel:
    """Grouped bars: category labels, series (label, colour, values in ``unit``)."""

    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, str, tuple[float | None, ...]], ...]
    unit: str

    @property
    def top(self) -> float:
        """The largest value (the axis' end), 1 when there is none."""
        values = [v for _, _, vs in self.series for v in vs if v is not None]
        return max(values, default=0.0) or 1.0

    def boxes(self, width: float, height: float) -> Iterator[Bar]:
        """Every drawn bar's box within a plot ``width`` × ``height`` (origin at the
        plot's bottom left, y up), so the SVG and the PDF draw the same geometry: one
        slot per category, one bar per series with half a bar of space either side."""
        slot = width / max(1, len(self.categories))
        bar = slot / (len(self.series) + 1)
        for i, category in enumerate(self.categories):
            for j, (label, colour, values) in enumerate(self.series):
                value = values[i]
                if value is not None:
                    x = i * slot + j * bar + bar / 2
                    tall = value / self.top * height
                    yield Bar(category, label, colour, value, x, bar * 0.9, tall)

    def slots(self, width: float) -> Iterator[tuple[str, float, float]]:
        """Each category with its slot's left edge and width (where its label goes)."""
        slot = width / max(1, len(self.categories))
        for i, category in enumerate(self.categories):
            yield category, i * slot, slot


@dataclass(frozen=True)
class Bar:
    """One drawn bar: what it shows and its box (x from the plot's left, height up)."""

    category: str
    label: str
    colour: str
    value: float
    x: float
    width: float
    height: float


def bars_svg(model: BarsModel, lang: str, width: int = 640, height: int = 240) -> str:
    """The bars as an inline SVG (for the HTML brief: self-contained, no script), with a
    title for screen readers, a legend, the unit and the largest value as the scale."""
    e = html.escape
    left, bottom, top_margin = 56, 28, 26
    plot_h = height - bottom - top_margin
    plot_w = width - left - 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{e(model.title)}">'
        f"<title>{e(model.title)}</title>",
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 8}" y2="{height - bottom}" '
        f'stroke="{PRINT_RULE}"/>',
    ]
    for b in model.boxes(plot_w, plot_h):
        parts.append(
            f'<rect x="{left + b.x:.1f}" y="{height - bottom - b.height:.1f}" '
            f'width="{b.width:.1f}" height="{b.height:.1f}" fill="{b.colour}" '
            f'stroke="{PRINT_TEXT}" stroke-width="0.4"><title>{e(b.label)} {e(b.category)}: '
            f"{b.value:,.2f} {e(model.unit)}</title></rect>"
        )
    for category, x0, slot in model.slots(plot_w):
        parts.append(
            f'<text x="{left + x0 + slot / 2:.1f}" y="{height - 10}" font-size="12" '
            f'fill="{PRINT_TEXT}" text-anchor="middle">{e(category)}</text>'
        )
    x = left
    for label, colour, _ in model.series:
        parts.append(
            f'<rect x="{x}" y="6" width="10" height="10" fill="{colour}" '
            f'stroke="{PRINT_TEXT}" stroke-width="0.4"/>'
            f'<text x="{x + 14}" y="15" font-size="12" fill="{PRINT_TEXT}">{e(label)}</text>'
        )
        x += 14 + 13 * len(label) + 16
    scale = t("hearing.chart_max", lang, value=f"{model.top:,.2f} {model.unit}")
    parts.append(
        f'<text x="{width - 8}" y="15" font-size="12" fill="{PRINT_MUTED}" '
        f'text-anchor="end">{e(model.unit)} · {e(scale)}</text></svg>'
    )
    return "".join(parts)
