"""Tables as phone-wide lists: below 640 px a grid of 6-10 columns shows a name and half
a number, and nothing hints that it can be dragged sideways. So a table declared here
is drawn twice in one keyed container: the grid, and a list that replaces it on a phone
(``PHONE_STYLE``): per row its name (a link where the table has one), the few figures a
reader needs first, and every other column on opening the row (``<details>``; no
script: the browser opens and closes the rows).

Each chart module registers its tables (:func:`register`) next to their declarations:
the explorer's region, department and project lists, the project page's indicators,
monitoring, evaluations and result applications.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from dashboard.core import formatting as fmt
from dashboard.core.i18n import t
from dashboard.core.view import View
from dashboard.specs.base import ChartSpec, Column, Row
from dashboard.specs.rowlinks import ROW_LINKS


@dataclass(frozen=True)
class PhoneRow:
    """What a row of a phone list shows before it is opened: its ``name`` column (the
    row's title; a link when the table's rows link it) and its ``keys`` columns (those the
    table has), each with its label."""

    name: str
    keys: tuple[str, ...]


PHONE_ROWS: dict[str, PhoneRow] = {}


def register(spec_key: str, name: str, keys: tuple[str, ...]) -> None:
    """Declare the phone list of the table ``spec_key``; a second declaration is refused
    (one list per table)."""
    if spec_key in PHONE_ROWS:
        raise ValueError(f"phone list of {spec_key!r} declared twice")
    PHONE_ROWS[spec_key] = PhoneRow(name, keys)


def has_list(spec: ChartSpec) -> bool:
    """Whether ``spec`` is drawn as a list on a phone."""
    return spec.key in PHONE_ROWS


# Shown below 640 px (Streamlit's own breakpoint, where st.columns stack): the phone list
# instead of the grid and the heading it repeats; above it, the list is not drawn at
# all. Scoped to the containers keyed ``phone-<spec key>`` (class ``st-key-phone-…``).
PHONE_STYLE = """<style>
[data-testid="stElementContainer"]:has(.phone-list){display:none}
.phone-list{font-size:.95rem}
.phone-list h2{font-size:1.25rem;margin:0 0 .4rem 0}
.phone-list p.summary{margin:0 0 .4rem 0}
.phone-row{border-top:1px solid #d0d0d0;padding:.45rem 0}
.phone-row summary{cursor:pointer;list-style-position:outside;margin-left:1rem}
.phone-row summary a,.phone-row summary .name{font-weight:600;display:block}
.phone-row .key{display:flex;flex-wrap:wrap;gap:.2rem 1rem;color:#222}
.phone-row .key b{font-weight:600}
.phone-row dl{display:grid;grid-template-columns:auto 1fr;gap:.1rem .8rem;margin:.4rem 0 0 1rem}
.phone-row dt{color:#444}
.phone-row dd{margin:0;overflow-wrap:anywhere}
@media (max-width: 640px){
  [class*="st-key-phone-"] [data-testid="stElementContainer"]:has(.phone-list){display:block}
  [class*="st-key-phone-"] [data-testid="stElementContainer"]:has([data-testid="stDataFrame"]),
  [class*="st-key-phone-"] [data-testid="stElementContainer"]:has([data-testid="stHeading"]),
  [class*="st-key-phone-"] [class*="st-key-grid-note-"],
  [class*="st-key-phone-"] [class*="st-key-summary-"]
  {display:none}
}
</style>"""


def phone_key(spec: ChartSpec) -> str:
    """The key of the container holding a table and its phone list (``PHONE_STYLE``
    finds both by it)."""
    return f"phone-{spec.key}"


def _phone_value(column: Column, row: Row, lang: str, divisor: Decimal | None = None) -> str:
    """A cell as plain text for the phone list (money with its unit, rates in %).

    ``divisor`` is the list's one money unit (``ChartSpec.money_unit``, from its largest
    amount, as the grid's header says): "0.97亿元" next to "1.02亿元", never "9,700.00万元"
    in a list of 亿元, so amounts compare at a glance."""
    if column.render is not None:
        return str(column.render(row, lang))
    value = row.get(column.key)
    if value is None or (not isinstance(value, str | tuple) and pd.isna(value)):
        return fmt.NO_DATA
    kind = column.kind
    if kind == "money":
        return fmt.money(value, lang) if divisor is None else fmt.money_in(value, divisor, lang)
    if kind == "rate":
        return fmt.percent(value, lang)
    if kind == "score":
        return fmt.score(value, lang)
    if kind == "count":
        return fmt.count(int(value), lang)
    if kind == "label":
        return fmt.vocabulary(column.vocabulary or "", str(value), lang)
    if kind == "bool":
        return fmt.yes_no(bool(value), lang)
    return str(value)


def phone_html(spec: ChartSpec, df: pd.DataFrame, view: View) -> str:
    """The table as a phone-wide list: its title and its one-sentence summary (the grid's,
    hidden with it on a phone), then per row its name, its key figures and, on opening
    the row, every other column.

    Every value is escaped; the hrefs are the ``ROW_LINKS`` of the grid's rows.
    """
    declared = PHONE_ROWS[spec.key]
    lang = view.lang
    divisor, _ = spec.money_unit(df, lang)
    columns = {c.key: c for c in spec.visible(df)}
    links = ROW_LINKS.get(spec.key, {})
    e = html.escape
    shown_first = {declared.name, *declared.keys}
    rows: list[str] = []
    for row in df.to_dict("records"):
        name = e(_phone_value(columns[declared.name], row, lang, divisor))
        href = links[declared.name](row, view) if declared.name in links else None
        title = (
            f'<a href="{e(href, quote=True)}" target="_self">{name}</a>'
            if href
            else f'<span class="name">{name}</span>'
        )
        key_parts = [
            f"<span>{e(t(columns[k].label, lang))} "
            f"<b>{e(_phone_value(columns[k], row, lang, divisor))}</b></span>"
            for k in declared.keys
            if k in columns
        ]
        details = "".join(
            f"<dt>{e(t(c.label, lang))}</dt><dd>{e(_phone_value(c, row, lang, divisor))}</dd>"
            for c in columns.values()
            if c.key not in shown_first
        )
        rows.append(
            f'<details class="phone-row"><summary>{title}'
            f'<span class="key">{"".join(key_parts)}</span></summary>'
            f"<dl>{details}</dl></details>"
        )
    summary = spec.summary_text(df, view)
    said = f'<p class="summary">{e(summary)}</p>' if summary else ""
    return (
        f'<div class="phone-list"><h2>{e(spec.title_text(view))}</h2>{said}'
        f"{''.join(rows)}</div>"
    )
