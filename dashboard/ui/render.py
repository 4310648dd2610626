"""The Streamlit renderer of a chart declaration (``dashboard.specs``).

Why apart from the declarations: a spec is rendered by pages (here), and by embeds,
downloads, the JSON API and the hearing brief outside any Streamlit session. Only this
module turns a spec into Streamlit elements: the framed chart with its title and help,
"view as table", unit, source, footnote and download, and an empty state that says
what is missing. Everything it shows is derived from the spec (``specs.base``).
Words that may carry package text (titles naming a region, empty states, the source
line naming the release) go through ``fmt.literal``: Markdown elements show them as
written.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

from dashboard.core import formatting as fmt
from dashboard.core import reads
from dashboard.core.i18n import definition, t
from dashboard.core.paths import PAGE_DEFS, page_path
from dashboard.core.settings import public_url
from dashboard.core.theme import PLOTLY_CONFIG
from dashboard.core.view import View
from dashboard.renderers import citations, writers
from dashboard.renderers.writers import cell_kinds, cell_text
from dashboard.specs import phone
from dashboard.specs.base import ChartSpec, empty_text, is_missing, notes_text
from dashboard.specs.rowlinks import GRID_LINKS, ROW_LINKS

T = TypeVar("T")


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per ``key`` in the dashboard's bounded read cache
    (``reads.CACHE``), a copy on every later run.

    Why: a page run that reads only cached figures still spent most of its time turning
    them into elements (Plotly's validating figure build, pydeck's JSON, the table view,
    its HTML); those are functions of the view, so they are worked out once per view and
    kept with the reads they come from. Keys are plain values and always hold the view
    (its release stamp included), so a new import is drawn afresh.
    """
    return reads.CACHE.get(("render", key), compute)


def rows(spec: ChartSpec, view: View) -> pd.DataFrame:
    """``spec.data(view)``, worked out once per view: the rows behind a chart are a
    function of the view alone (every read is keyed by the view's release stamp)."""
    return remembered(("rows", spec.key, view), lambda: spec.data(view))


@dataclass(frozen=True)
class Drawn:
    """Everything a chart's run draws that follows from its rows and view, as plain
    values (so it can be kept in the read cache): the words around it, the table view
    and its HTML alternative, and the figure as the JSON-ready spec Streamlit sends."""

    title: str
    empty: str | None  # the empty state's text when there are no rows
    table: pd.DataFrame | None = None
    formats: tuple[tuple[str, str], ...] = ()  # header -> format pattern of the grid
    config: tuple[tuple[str, Any], ...] = ()  # header -> column config
    # header -> ((href, text), ...): the grid's link cells hold the href and show the text
    links: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    html: str = ""
    plotly: dict[str, Any] | None = None
    deck: tuple[str, Any, Any] | None = None  # (JSON, tooltip, width) of a pydeck map
    no_figure: bool = False  # the figure builder had nothing to draw (no boundaries)
    legend: str | None = None
    static: pd.DataFrame | None = None
    notes: str = ""
    summary: str | None = None  # the view in one sentence (``ChartSpec.summary_text``)


class BuiltDeck(pdk.Deck):
    """A pydeck map whose JSON was worked out on an earlier run: Streamlit sends
    ``to_json()`` and reads the tooltip and width; nothing else is rebuilt."""

    def __init__(self, spec_json: str, tooltip: Any, width: Any) -> None:
        # No Deck.__init__: there are no layers to build, only their JSON to send.
        self._json = spec_json
        self._tooltip = tooltip
        self.width = width
        self.layers: list[Any] = []
        self.mapbox_key = None
        self.deck_widget = None

    def to_json(self) -> str:
        return self._json


def _deck_json(deck: pdk.Deck) -> tuple[str, Any, Any]:
    """The map as Streamlit sends it: layers holding a DataFrame are sent as records
    (what ``st.pydeck_chart`` does itself under pandas 3), then pydeck's JSON."""
    for layer in getattr(deck, "layers", None) or []:
        if isinstance(getattr(layer, "data", None), pd.DataFrame):
            layer.data = layer.data.to_dict(orient="records")
    return deck.to_json(), getattr(deck, "_tooltip", None), getattr(deck, "width", None)


def drawn(spec: ChartSpec, view: View, df: pd.DataFrame, *, with_year: bool = True) -> Drawn:
    """:class:`Drawn` of ``spec`` in ``view`` from its rows ``df`` (``spec.data(view)``),
    worked out once per view and kept in the read cache."""
    return remembered(
        ("drawn", spec.key, view, with_year), lambda: _draw(spec, view, df, with_year)
    )


def _draw(spec: ChartSpec, view: View, df: pd.DataFrame, with_year: bool) -> Drawn:
    title = spec.title_text(view)
    if spec.is_empty(df):
        return Drawn(title, empty_text(spec, view, with_year=with_year))
    notes = notes_text(spec, df, view)
    summary = spec.summary_text(df, view)
    if spec.static:
        return Drawn(
            title, None, static=static_table(spec, df, view.lang), notes=notes, summary=summary
        )
    table, formats = _table_view(spec, df, view.lang)
    config = column_config(spec, df, view.lang)
    table, links = _grid_links(spec, df, view, table, config)
    plotly, deck, no_figure, legend = None, None, False, None
    if spec.body is None and spec.figure is not None:
        figure = spec.figure(df, view)
        if figure is None:
            no_figure = True
        elif isinstance(figure, pdk.Deck):
            deck = _deck_json(figure)
        else:
            plotly = figure.to_dict()
        if spec.legend is not None and figure is not None:
            legend = spec.legend(df, view)
    return Drawn(
        title, None, table=table, formats=formats, config=tuple(config.items()), links=links,
        html=table_html(spec, df, view), plotly=plotly, deck=deck,
        no_figure=no_figure, legend=legend, notes=notes, summary=summary,
    )


def show(
    spec: ChartSpec,
    view: View,
    *,
    df: pd.DataFrame | None = None,
    key: str | None = None,
    on_select: str = "ignore",
    selection_mode: str | Iterable[str] | None = None,
    with_year: bool = True,
    border: bool = True,
    said: bool = True,
) -> Any:
    """Lay out one chart from its spec; returns the selection event when ``on_select``.

    ``said``: False leaves the one-sentence summary off the page (its table caption and
    embed keep it), where a chart beside it says the same sentence.

    ``df``, when given, is ``spec.data(view)`` as the page already read it (:func:`rows`).
    What is drawn from it is worked out once per view (:func:`drawn`), so a rerun of the
    same view (a click, another widget) rebuilds no figure and no table.

    Widget keys include the view's URL values, so a new URL gets fresh widgets and an
    old selection never drives a second navigation after "back".
    """
    if df is None:
        df = rows(spec, view)
    shown = drawn(spec, view, df, with_year=with_year)
    widget_key = (
        key or f"{spec.key}-{view.region}-{view.year}-{view.scope}-{view.dept}-{view.metric}"
    )
    event = None
    with st.container(border=border):
        st.header(
            fmt.literal(shown.title), help=spec.help_text(view.lang), anchor=False
        )
        if shown.empty is not None:
            st.info(fmt.literal(shown.empty), icon=":material/info:")
            return None
        if shown.summary is not None and said:
            # Above the chart, as plain text: the sentence names regions and departments
            # as published (package text), so it is shown literally, never as a link.
            with st.container(key=f"{SUMMARY_KEY}-{widget_key}"):
                st.markdown(fmt.literal(shown.summary))
        if spec.static:
            st.table(shown.static, hide_index=True)
            _footer(spec, df, view, shown.notes)
            return None
        assert shown.table is not None  # every drawn chart that is not static has one
        table = _style(shown.table, shown.formats, shown.links)
        config = dict(shown.config)
        if spec.body is not None:
            BODIES[spec.body](df, view)
            with st.expander(t("chart.table", view.lang), icon=":material/table:"):
                _grid(table, config)
                st.html(shown.html)
        elif spec.figure is not None:
            figure: Any = None
            if shown.no_figure:
                st.info(t("map.no_boundaries", view.lang), icon=":material/info:")
            elif shown.deck is not None:
                figure = BuiltDeck(*shown.deck)
                # on_select/selection_mode are plain strings here, checked by Streamlit;
                # its overloads want literals.
                event = st.pydeck_chart(  # type: ignore[call-overload]
                    figure,
                    width="stretch",
                    height=spec.height,
                    on_select=on_select,
                    selection_mode=selection_mode or "single-object",
                    key=widget_key,
                )
            else:
                # Built once (validated) on the first run; later runs wrap the kept spec
                # without validating it again.
                figure = go.Figure(shown.plotly, _validate=False)
                event = st.plotly_chart(  # type: ignore[call-overload]
                    figure,
                    width="stretch",
                    config=PLOTLY_CONFIG,
                    key=widget_key,
                    on_select=on_select,
                    selection_mode=selection_mode or ("points",),
                )
            if shown.legend is not None:
                st.html(shown.legend)
            with st.expander(t("chart.table", view.lang), icon=":material/table:"):
                _grid(table, config)
                st.html(shown.html)
        else:
            event = _grid(
                table,
                config,
                key=widget_key,
                on_select=on_select,
                selection_mode=selection_mode or "single-row",
                height=grid_height(len(df)),
            )
            if shown.links:
                # After the grid: its sentence stays right above it.
                st.html(SAME_TAB_LINKS, unsafe_allow_javascript=True)
            if len(df) > MAX_GRID_ROWS:
                # Keyed (class ``st-key-grid-note-…``): where a phone list replaces the
                # grid below 640 px (``specs.phone.PHONE_STYLE``), the note about
                # scrolling inside the grid is hidden with it.
                with st.container(key=f"{GRID_NOTE_KEY}-{widget_key}"):
                    st.caption(t("table.more_rows", view.lang, rows=len(df)))
            # The grid is a canvas: its names are not links and screen readers get
            # little from it. The same rows as an HTML table, names as real links.
            with st.expander(t("table.html", view.lang), icon=":material/table_view:"):
                st.html(shown.html)
        _footer(spec, df, view, shown.notes)
    return event


def phone_lists() -> None:
    """The style that swaps each table drawn by :func:`show_listed` for its phone list
    below 640 px; once per page."""
    st.html(phone.PHONE_STYLE)


def show_listed(spec: ChartSpec, view: View, df: pd.DataFrame | None = None,
                **options: Any) -> Any:
    """:func:`show` of a table, with its phone-wide list (``specs.phone``) in the same
    keyed container; the page calls :func:`phone_lists` once. Returns the grid's event."""
    if df is None:
        df = rows(spec, view)
    with st.container(key=phone.phone_key(spec)):
        if not spec.is_empty(df):
            # Worked out once per view, like the grid beside it (``drawn``).
            st.html(remembered(("phone", spec.key, view),
                               lambda: phone.phone_html(spec, df, view)))
        return show(spec, view, df=df, **options)


def _table_view(
    spec: ChartSpec, df: pd.DataFrame, lang: str
) -> tuple[pd.DataFrame, tuple[tuple[str, str], ...]]:
    """The table view's rows and the grid's format pattern of each numeric header."""
    _, unit = spec.money_unit(df, lang)
    formats = tuple(
        (spec.header(column, lang, unit, exact=False), fmt.TABLE_FORMATS[column.kind])
        for column in spec.visible(df)
        if column.kind in fmt.TABLE_FORMATS and column.render is None
    )
    return spec.table(df, lang), formats


def _style(
    table: pd.DataFrame,
    formats: tuple[tuple[str, str], ...],
    links: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (),
) -> Any:
    """The grid's Styler: each numeric header in its format pattern, missing as "—";
    a link column shows each href's text (its name) instead of the href."""
    patterns: dict[str, Callable[[Any], str]] = {
        header: pattern.format for header, pattern in formats
    }
    for header, pairs in links:
        patterns[header] = functools.partial(_link_text, dict(pairs))
    return table.style.format(na_rep=fmt.NO_DATA).format(patterns, na_rep=fmt.NO_DATA)


def styled(spec: ChartSpec, df: pd.DataFrame, lang: str) -> Any:
    """The table view for ``st.dataframe``: numbers stay numbers (columns sort
    numerically) while the Styler shows them formatted, and missing values as "—"."""
    table, formats = _table_view(spec, df, lang)
    return _style(table, formats)


def static_table(spec: ChartSpec, df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The table as text for ``st.table``, whose cells are Markdown: text escaped,
    missing values as "—", and a code column (an identifier without spaces, which
    cannot wrap) written as code under the column before it, so that a phone-wide
    table keeps its width for the text."""
    table = spec.table(df, lang)
    out: dict[str, list[str]] = {}
    previous: str | None = None
    for column, header in zip(spec.visible(df), table.columns, strict=True):
        cells = [
            fmt.NO_DATA if is_missing(value) else fmt.literal(value)
            for value in table[header]
        ]
        if column.kind == "code" and previous is not None:
            out[previous] = [
                f"{above}  \n{_code(value)}" if not is_missing(value) else above
                for above, value in zip(out[previous], table[header], strict=True)
            ]
            continue
        out[header] = cells
        previous = header
    return pd.DataFrame(out)


# The grid opens a link cell with ``window.open(href, "_blank")`` (Streamlit 1.67 has no
# option for the target). A name in the explorer's grid is a drill-down, like the same
# name in the phone list and the accessible table (``target="_self"``): a new tab per
# level would leave the back button nothing to go back to. So a relative link to one of
# the dashboard's own pages opens in the same tab; any other address (a report link, a
# download, another site) opens as Streamlit opens it. No request, nothing loaded.
SAME_TAB_LINKS = (
    "<script>(() => {"
    "if (window.__sameTabLinks) return; window.__sameTabLinks = true;"
    f"const pages = new Set({json.dumps(sorted(page_path(p.name) for p in PAGE_DEFS))});"
    "const open = window.open.bind(window);"
    "window.open = (url, target, features) => {"
    "const text = String(url ?? '');"
    "if (text.startsWith('/') && !text.startsWith('//')) {"
    "const to = new URL(text, location.href);"
    "if (to.origin === location.origin && pages.has(to.pathname)) {"
    "location.assign(to.href); return null; } }"
    "return open(url, target, features); };"
    "})();</script>"
)


def _link_text(names: dict[str, str], value: Any) -> str:
    """The text a link cell shows: the name its href was built for."""
    return names.get(str(value), str(value))


def _grid_links(
    spec: ChartSpec,
    df: pd.DataFrame,
    view: View,
    table: pd.DataFrame,
    config: dict[str, Any],
) -> tuple[pd.DataFrame, tuple[tuple[str, tuple[tuple[str, str], ...]], ...]]:
    """The grid's link column (``specs.rowlinks.GRID_LINKS``): its cells hold the href
    of each row (a ``LinkColumn``, added to ``config``) and show the row's text through
    the Styler, so a name on a desktop is a link, as on a phone, while the row's
    checkbox still selects it. The hrefs are relative page paths: ``SAME_TAB_LINKS``
    opens them in the same tab."""
    key = GRID_LINKS.get(spec.key)
    builder = ROW_LINKS.get(spec.key, {}).get(key or "")
    column = next((c for c in spec.visible(df) if c.key == key), None)
    if builder is None or column is None:
        return table, ()
    header = spec.header(column, view.lang, spec.money_unit(df, view.lang)[1], exact=False)
    shown = [cell_text(value, "text") for value in table[header]]
    hrefs = [builder(row, view) for row in df.to_dict("records")]
    if not all(hrefs):
        return table, ()
    linked = table.copy()
    linked[header] = hrefs
    config[header] = st.column_config.LinkColumn(header)
    pairs = tuple((str(h), text) for h, text in zip(hrefs, shown, strict=True))
    return linked, ((header, pairs),)


def column_config(spec: ChartSpec, df: pd.DataFrame, lang: str) -> dict[str, Any]:
    """Link columns show a word, not a long URL."""
    _, unit = spec.money_unit(df, lang)
    return {
        spec.header(c, lang, unit, exact=False): st.column_config.LinkColumn(
            spec.header(c, lang, unit, exact=False),
            display_text=t("project.report_link", lang),
        )
        for c in spec.visible(df)
        if c.kind == "link"
    }


def _code(value: Any) -> str:
    """A code as Markdown code (``` `X` ```); literal text when it holds a backtick,
    which would end the code span early."""
    text = str(value)
    return f"`{text}`" if "`" not in text and "\n" not in text else fmt.literal(text)


# The grid grows with its rows up to this many (a page of the project list), then
# scrolls inside; row and header heights of Streamlit's grid (2.1875rem = 35 px).
MAX_GRID_ROWS = 25
GRID_ROW_PX = 35
# The key prefix of the container of the "scroll inside the table" note.
GRID_NOTE_KEY = "grid-note"
# The key prefix of the container of a chart's one-sentence summary.
SUMMARY_KEY = "summary"


def grid_height(rows: int) -> int:
    """The height that shows every row up to ``MAX_GRID_ROWS`` (header, rows, border),
    instead of the grid's default ~10 rows that hid 9 of Ganzhou's 19 counties."""
    return GRID_ROW_PX * (min(max(rows, 1), MAX_GRID_ROWS) + 1) + 3


def table_html(spec: ChartSpec, df: pd.DataFrame, view: View) -> str:
    """The spec's table as an accessible HTML ``<table>`` (caption: its title and the
    chart's one-sentence summary; column headers with ``scope``, cells formatted as
    in the grid, every cell escaped); the names of the explorer's tables and the other
    linked cells (``specs.rowlinks.ROW_LINKS``) are ``<a href>`` links to the view
    selecting that row opens."""
    links = ROW_LINKS.get(spec.key, {})
    table = spec.table(df, view.lang)
    columns = spec.visible(df)
    kinds = cell_kinds(spec, df)
    records = df.to_dict("records")
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in table.columns)
    body: list[str] = []
    for index, record in enumerate(records):
        cells: list[str] = []
        for column, header, kind in zip(columns, table.columns, kinds, strict=True):
            value = table[header].iloc[index]
            text = html.escape(cell_text(value, kind))
            builder = links.get(column.key)
            href = builder(record, view) if builder is not None and text else None
            if href:
                text = f'<a href="{html.escape(href, quote=True)}" target="_self">{text}</a>'
            elif kind == "link" and not is_missing(value):
                text = (
                    f'<a href="{html.escape(str(value), quote=True)}" rel="noopener">'
                    f"{html.escape(t('project.report_link', view.lang))}</a>"
                )
            numeric = ' style="text-align:right"' if kind in fmt.TABLE_FORMATS else ""
            tag = "th scope=\"row\"" if column.key == "name" else "td"
            cells.append(f"<{tag}{numeric}>{text}</{tag.split()[0]}>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    caption = html.escape(spec.title_text(view))
    summary = spec.summary_text(df, view)
    if summary:
        caption += (
            f'<span class="table-summary" style="display:block;font-weight:normal">'
            f"{html.escape(summary)}</span>"
        )
    return (
        '<div style="overflow-x:auto"><table class="table-alternative" '
        'style="border-collapse:collapse;font-size:0.875rem">'
        f"<caption style=\"text-align:left\">{caption}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _grid(table: Any, config: dict[str, Any], **selection: Any) -> Any:
    """Every table view goes through here: one look, and missing values as "—".

    The Styler's ``na_rep`` only reaches cells that have a value; the grid draws a
    missing (null) cell itself, as "None" unless ``placeholder`` says otherwise.
    """
    return st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config=config,
        placeholder=fmt.NO_DATA,
        **selection,
    )


def _footer(spec: ChartSpec, df: pd.DataFrame, view: View, notes: str | None = None) -> None:
    """Unit, source, footnote; the download of exactly the rows shown; and Share."""
    st.caption(fmt.literal(notes if notes is not None else notes_text(spec, df, view)))
    widget = f"{spec.key}-{view.region}-{view.year}-{view.scope}-{view.dept}-{view.project}"
    with st.container(horizontal=True, wrap=True, gap="small", key=f"foot-{widget}"):
        # Built when clicked, not on every run: a file stored per run is dropped by the
        # next run, and a visitor's click on a page that has rerun meanwhile got a 404
        # (seen with 10 concurrent sessions, tests/slow/test_load.py).
        st.download_button(
            t("chart.download", view.lang),
            data=functools.partial(spec.csv, df, view.lang),
            file_name=spec.file_name(view),
            mime="text/csv",
            icon=":material/download:",
            key=f"dl-{widget}",
            on_click="ignore",
        )
        share(spec, df, view, key=f"share-{widget}")


def _origin() -> str:
    """The public address of the dashboard (``DASHBOARD_PUBLIC_URL``): share links,
    iframe snippets and citations name it, like the feed, the sitemap and the brief,
    never the address a visitor (or a proxy's Host header) happened to use."""
    return public_url()


def share(spec: ChartSpec, df: pd.DataFrame, view: View, *, key: str) -> None:
    """The Share control of a chart: its permalink (pinned to the release served), the
    ``<iframe>`` snippet, the citation line, and downloads (CSV, XLSX, JSON, offline
    HTML). Each text box has Streamlit's copy button: two clicks from any chart."""
    base = _origin()
    lang = view.lang
    # The links and the citation (dated today) are worked out once per view, origin and day.
    permalink, iframe, citation, downloads = remembered(
        ("share", spec.key, view, base, dt.date.today()),
        lambda: (
            citations.permalink(spec, view, base),
            citations.iframe_snippet(spec, view, base),
            citations.citation(spec, view, df, base).text(),
            [citations.download_url(spec, view, name, base)
             for name in citations.DOWNLOAD_FORMATS],
        ),
    )
    with st.popover(t("share.button", lang), icon=":material/share:", key=key):
        st.caption(t("share.permalink", lang))
        st.code(permalink, language=None, wrap_lines=True)
        st.caption(t("share.iframe", lang))
        st.code(iframe, language="html", wrap_lines=True)
        st.caption(t("share.citation", lang))
        st.code(citation, language=None, wrap_lines=True)
        st.caption(t("share.downloads", lang))
        with st.container(horizontal=True, wrap=True, gap="small"):
            for fmt_name, url in zip(citations.DOWNLOAD_FORMATS, downloads, strict=True):
                st.link_button(
                    t(f"download.{fmt_name}", lang),
                    url,
                    icon=":material/download:",
                )


def metric_cards(df: pd.DataFrame, view: View) -> None:
    """The headline metrics as cards, each with its change from the year before."""
    previous_year = next(
        (int(y) for y in df["previous_year"] if y is not None and not pd.isna(y)), None
    )
    delta_help = (
        t("overview.delta_help", view.lang, year=previous_year)
        if previous_year is not None
        else t("overview.no_previous", view.lang)
    )
    cards = writers.headline_cards(df, view.lang)
    with st.container(horizontal=True, wrap=True, key="headline-cards", gap="small"):
        for index, card in enumerate(cards):
            st.metric(
                card.label,
                card.value,
                delta=card.note,
                delta_color="normal",
                help=f"{definition(df['metric'].iloc[index], view.lang)}\n\n{delta_help}",
                border=True,
                width=230,
            )


# The layouts a spec's ``body`` may name (``specs.base.BODIES``).
BODIES: dict[str, Callable[[pd.DataFrame, View], None]] = {"metric_cards": metric_cards}
