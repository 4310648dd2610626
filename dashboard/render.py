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

import functools
import html
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd
import pydeck as pdk
import streamlit as st

from dashboard import citations
from dashboard import formatting as fmt
from dashboard.i18n import definition, metric_label, t
from dashboard.specs.base import ChartSpec, empty_text, notes_text
from dashboard.theme import PLOTLY_CONFIG
from dashboard.view import View


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
) -> Any:
    """Lay out one chart from its spec; returns the selection event when ``on_select``.

    Widget keys include the view's URL values, so a new URL gets fresh widgets and an
    old selection never drives a second navigation after "back".
    """
    if df is None:
        df = spec.data(view)
    widget_key = (
        key or f"{spec.key}-{view.region}-{view.year}-{view.scope}-{view.dept}-{view.metric}"
    )
    event = None
    with st.container(border=border):
        st.subheader(
            fmt.literal(spec.title_text(view)), help=spec.help_text(view.lang), anchor=False
        )
        if spec.is_empty(df):
            st.info(
                fmt.literal(empty_text(spec, view, with_year=with_year)), icon=":material/info:"
            )
            return None
        table = styled(spec, df, view.lang)
        config = column_config(spec, df, view.lang)
        if spec.body is not None:
            BODIES[spec.body](df, view)
            with st.expander(t("chart.table", view.lang), icon=":material/table:"):
                _grid(table, config)
                st.html(table_html(spec, df, view))
        elif spec.figure is not None:
            figure = spec.figure(df, view)
            if figure is None:
                st.info(t("map.no_boundaries", view.lang), icon=":material/info:")
            elif isinstance(figure, pdk.Deck):
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
                event = st.plotly_chart(  # type: ignore[call-overload]
                    figure,
                    width="stretch",
                    config=PLOTLY_CONFIG,
                    key=widget_key,
                    on_select=on_select,
                    selection_mode=selection_mode or ("points",),
                )
            if spec.legend is not None and figure is not None:
                st.html(spec.legend(df, view))
            with st.expander(t("chart.table", view.lang), icon=":material/table:"):
                _grid(table, config)
                st.html(table_html(spec, df, view))
        elif spec.static:
            st.table(static_table(spec, df, view.lang), hide_index=True)
        else:
            event = _grid(
                table,
                config,
                key=widget_key,
                on_select=on_select,
                selection_mode=selection_mode or "single-row",
                height=grid_height(len(df)),
            )
            if len(df) > MAX_GRID_ROWS:
                # Keyed (class ``st-key-grid-note-…``): where a phone list replaces the
                # grid below 640 px (``specs.explore.PHONE_STYLE``), the note about
                # scrolling inside the grid is hidden with it.
                with st.container(key=f"{GRID_NOTE_KEY}-{widget_key}"):
                    st.caption(t("table.more_rows", view.lang, rows=len(df)))
            # The grid is a canvas: its names are not links and screen readers get
            # little from it. The same rows as an HTML table, names as real links.
            with st.expander(t("table.html", view.lang), icon=":material/table_view:"):
                st.html(table_html(spec, df, view))
        _footer(spec, df, view)
    return event


def styled(spec: ChartSpec, df: pd.DataFrame, lang: str) -> Any:
    """The table view for ``st.dataframe``: numbers stay numbers (columns sort
    numerically) while the Styler shows them formatted, and missing values as "—"."""
    table = spec.table(df, lang)
    _, unit = spec.money_unit(df, lang)
    formats: dict[str, Callable[[Any], str]] = {
        spec.header(column, lang, unit, exact=False): fmt.TABLE_FORMATS[column.kind].format
        for column in spec.visible(df)
        if column.kind in fmt.TABLE_FORMATS and column.render is None
    }
    return table.style.format(na_rep=fmt.NO_DATA).format(formats, na_rep=fmt.NO_DATA)


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
            fmt.NO_DATA if _is_missing(value) else fmt.literal(value)
            for value in table[header]
        ]
        if column.kind == "code" and previous is not None:
            out[previous] = [
                f"{above}  \n{_code(value)}" if not _is_missing(value) else above
                for above, value in zip(out[previous], table[header], strict=True)
            ]
            continue
        out[header] = cells
        previous = header
    return pd.DataFrame(out)


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


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


# The grid grows with its rows up to this many (a page of the project list), then
# scrolls inside; row and header heights of Streamlit's grid (2.1875rem = 35 px).
MAX_GRID_ROWS = 25
GRID_ROW_PX = 35
# The key prefix of the container of the "scroll inside the table" note.
GRID_NOTE_KEY = "grid-note"


def grid_height(rows: int) -> int:
    """The height that shows every row up to ``MAX_GRID_ROWS`` (header, rows, border),
    instead of the grid's default ~10 rows that hid 9 of Ganzhou's 19 counties."""
    return GRID_ROW_PX * (min(max(rows, 1), MAX_GRID_ROWS) + 1) + 3


def table_html(spec: ChartSpec, df: pd.DataFrame, view: View) -> str:
    """The spec's table as an accessible HTML ``<table>`` (caption, column headers with
    ``scope``, cells formatted as in the grid, every cell escaped); the names of the
    explorer's tables (``specs.explore.ROW_LINKS``) are ``<a href>`` links to the view
    selecting that row opens."""
    from dashboard.specs.explore import ROW_LINKS

    links = ROW_LINKS.get(spec.key, {})
    table = spec.table(df, view.lang)
    columns = spec.visible(df)
    records = df.to_dict("records")
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in table.columns)
    body: list[str] = []
    for index, record in enumerate(records):
        cells: list[str] = []
        for column, header in zip(columns, table.columns, strict=True):
            value = table[header].iloc[index]
            kind = column.kind if column.render is None else "text"
            text = html.escape(_cell_text(value, kind))
            builder = links.get(column.key)
            href = builder(record, view) if builder is not None and text else None
            if href:
                text = f'<a href="{html.escape(href, quote=True)}" target="_self">{text}</a>'
            elif kind == "link" and not _is_missing(value):
                text = (
                    f'<a href="{html.escape(str(value), quote=True)}" rel="noopener">'
                    f"{html.escape(t('project.report_link', view.lang))}</a>"
                )
            numeric = ' style="text-align:right"' if kind in fmt.TABLE_FORMATS else ""
            tag = "th scope=\"row\"" if column.key == "name" else "td"
            cells.append(f"<{tag}{numeric}>{text}</{tag.split()[0]}>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    caption = html.escape(spec.title_text(view))
    return (
        '<div style="overflow-x:auto"><table class="table-alternative" '
        'style="border-collapse:collapse;font-size:0.875rem">'
        f"<caption style=\"text-align:left\">{caption}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _cell_text(value: Any, kind: str) -> str:
    """A cell as the grid shows it: numbers in the table format, missing as "—"."""
    if _is_missing(value):
        return fmt.NO_DATA
    pattern = fmt.TABLE_FORMATS.get(kind)
    if pattern is not None and isinstance(value, int | float):
        return pattern.format(value)
    return str(value)


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


def _footer(spec: ChartSpec, df: pd.DataFrame, view: View) -> None:
    """Unit, source, footnote; the download of exactly the rows shown; and Share."""
    st.caption(fmt.literal(notes_text(spec, df, view)))
    widget = f"{spec.key}-{view.region}-{view.year}-{view.scope}-{view.dept}-{view.project}"
    with st.container(horizontal=True, wrap=True, gap="small", key=f"foot-{widget}"):
        # Built when clicked, not on every run: a file stored per run is dropped by the
        # next run, and a visitor's click on a page that has rerun meanwhile got a 404
        # (seen with 10 concurrent sessions, tests/test_load.py).
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
    """``scheme://host[:port]`` of the page the visitor opened (empty when unknown)."""
    from urllib.parse import urlsplit

    page_url = st.context.url or ""
    parts = urlsplit(page_url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def share(spec: ChartSpec, df: pd.DataFrame, view: View, *, key: str) -> None:
    """The Share control of a chart: its permalink (pinned to the release served), the
    ``<iframe>`` snippet, the citation line, and downloads (CSV, XLSX, JSON, offline
    HTML). Each text box has Streamlit's copy button: two clicks from any chart."""
    base = _origin()
    lang = view.lang
    with st.popover(t("share.button", lang), icon=":material/share:", key=key):
        st.caption(t("share.permalink", lang))
        st.code(citations.permalink(spec, view, base), language=None, wrap_lines=True)
        st.caption(t("share.iframe", lang))
        st.code(citations.iframe_snippet(spec, view, base), language="html", wrap_lines=True)
        st.caption(t("share.citation", lang))
        st.code(citations.citation(spec, view, df, base).text(), language=None, wrap_lines=True)
        st.caption(t("share.downloads", lang))
        with st.container(horizontal=True, wrap=True, gap="small"):
            for fmt_name in citations.DOWNLOAD_FORMATS:
                st.link_button(
                    t(f"download.{fmt_name}", lang),
                    citations.download_url(spec, view, fmt_name, base),
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
    with st.container(horizontal=True, wrap=True, key="headline-cards", gap="small"):
        for row in df.itertuples(index=False):
            previous = row.previous_value if previous_year is not None else None
            st.metric(
                metric_label(row.metric, view.lang),
                fmt.metric_value(row.kind, row.value, view.lang),
                delta=fmt.metric_delta(row.kind, row.value, previous, view.lang),
                delta_color="normal",
                help=f"{definition(row.metric, view.lang)}\n\n{delta_help}",
                border=True,
                width=230,
            )


# The layouts a spec's ``body`` may name (``specs.base.BODIES``).
BODIES: dict[str, Callable[[pd.DataFrame, View], None]] = {"metric_cards": metric_cards}
