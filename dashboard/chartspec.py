"""One declaration per chart, many outputs (after GC InfoBase's ``declare_panel``).

Why: a chart on a page, the same chart in an embed, the CSV behind it, its accessible
table and its place in a hearing brief must never disagree. So a chart is declared once
as a ``ChartSpec``: its key (stable, used in URLs), its data function (calls the data
layer, returns a DataFrame of exactly the rows behind the chart, language-neutral:
codes, exact Decimal 元, rates as fractions), its figure builder, title, unit, source,
footnote and glossary terms. Everything else is derived here:

- ``spec.table(df, lang)``: the accessible table (localized headers, units in headers);
- ``spec.csv(df, lang)``: the download (exact values, the same rows);
- ``show(spec, view)``: the framed chart with title, help, "view as table", download,
  unit, source and footnote, and an empty state that says what is missing.

A spec without a figure is a table view (the explorer's lists): the table is then the
chart, with row selection for drilling; a ``static`` one (long text: definitions, the
glossary) is a plain table whose cells wrap. A spec with a ``body`` draws itself with
Streamlit elements (the headline metric cards) and keeps the same table and download.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pandas as pd
import pydeck as pdk
import streamlit as st

from dashboard import formatting as fmt
from dashboard.i18n import LANGS, definition, has, metric_label, t
from dashboard.state import View
from dashboard.theme import PLOTLY_CONFIG

KINDS = (
    "text",
    "code",
    "year",
    "money",
    "rate",
    "score",
    "count",
    "bool",
    "date",
    "label",
    "metric",
    "link",
    "mixed",
)


@dataclass(frozen=True)
class Column:
    """A column of a spec's rows: its key, i18n label key and kind.

    ``kind`` decides how the value is shown and written: ``money`` (Decimal 元),
    ``rate`` (fraction), ``score``, ``count``, ``year``, ``bool``, ``date``, ``text`` /
    ``code`` (as published), ``label`` (a vocabulary code shown through
    ``<vocabulary>.<code>``), ``metric`` (a metric key shown by its name), ``link`` (a
    URL), ``mixed`` (a value whose kind is in the row's ``kind`` column).
    """

    key: str
    label: str
    kind: str = "text"
    vocabulary: str | None = None
    hidden: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


def metric_column(key: str, kind: str) -> Column:
    """A column holding a metric, labelled with the metric's one name."""
    return Column(key, f"metric.{key}", kind)


def _no_rows(df: pd.DataFrame) -> bool:
    return df.empty


@dataclass(frozen=True)
class ChartSpec:
    """The one declaration of a chart (or table view)."""

    key: str
    title: str
    data: Callable[[View], pd.DataFrame]
    columns: tuple[Column, ...]
    figure: Callable[[pd.DataFrame, View], Any] | None = None
    title_values: Callable[[View], dict[str, str]] | None = None
    source: str = "source.records"
    footnote: str | None = None
    glossary: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    is_empty: Callable[[pd.DataFrame], bool] = field(default=_no_rows)
    legend: Callable[[pd.DataFrame, View], str] | None = None
    body: Callable[[pd.DataFrame, View], None] | None = None
    height: int = 380
    empty_text: str | None = None
    static: bool = False

    def __post_init__(self) -> None:
        # Table headers are the visible columns' labels: two equal labels would make one
        # column silently overwrite the other in the table view and the download.
        for lang in LANGS:
            labels = [t(c.label, lang) for c in self.columns if not c.hidden]
            doubled = sorted({label for label in labels if labels.count(label) > 1})
            if doubled:
                raise ValueError(f"chart {self.key!r}: column labels {doubled} repeat ({lang})")

    def title_text(self, view: View) -> str:
        """The title in the view's language."""
        values = self.title_values(view) if self.title_values else {}
        return t(self.title, view.lang, **values)

    def help_text(self, lang: str) -> str | None:
        """Definitions of the metrics and glossary terms the chart uses (one source)."""
        lines = [f"**{metric_label(m, lang)}**: {definition(m, lang)}" for m in self.metrics]
        lines += [f"**{t(f'term.{g}', lang)}**: {definition(g, lang)}" for g in self.glossary]
        return "\n\n".join(lines) or None

    def money_unit(self, df: pd.DataFrame, lang: str) -> tuple[Decimal, str]:
        """The one money unit used by the chart and its table (from the largest amount)."""
        values: list[Any] = []
        for column in self.columns:
            if column.kind == "money" and column.key in df:
                values.extend(df[column.key].tolist())
        return fmt.money_scale(values, lang)

    def unit_text(self, df: pd.DataFrame, lang: str) -> str | None:
        """The unit caption: the money unit when the chart shows money."""
        if any(c.kind == "money" for c in self.columns):
            return self.money_unit(df, lang)[1]
        return None

    def _header(self, column: Column, lang: str, money_unit: str, *, exact: bool) -> str:
        label = t(column.label, lang)
        if column.kind == "money":
            return f"{label} ({t('unit.yuan', lang) if exact else money_unit})"
        if column.kind == "rate" and not exact:
            return f"{label} (%)"
        return label

    def _visible(self, df: pd.DataFrame) -> list[Column]:
        return [c for c in self.columns if not c.hidden and c.key in df]

    def table(self, df: pd.DataFrame, lang: str) -> pd.DataFrame:
        """The accessible table: localized headers, money in the chart's unit, rates in %."""
        divisor, unit = self.money_unit(df, lang)
        out: dict[str, list[Any]] = {}
        for column in self._visible(df):
            values = df[column.key].tolist()
            kinds = df["kind"].tolist() if "kind" in df else [None] * len(values)
            out[self._header(column, lang, unit, exact=False)] = [
                _display(column, value, lang, divisor, row_kind)
                for value, row_kind in zip(values, kinds, strict=True)
            ]
        return pd.DataFrame(out)

    def styled(self, df: pd.DataFrame, lang: str) -> Any:
        """The table view for ``st.dataframe``: numbers stay numbers (columns sort
        numerically) while the Styler shows them formatted, and missing values as "—"."""
        table = self.table(df, lang)
        _, unit = self.money_unit(df, lang)
        formats: dict[str, Callable[[Any], str]] = {}
        for column in self._visible(df):
            header = self._header(column, lang, unit, exact=False)
            if column.kind == "money":
                formats[header] = "{:,.2f}".format
            elif column.kind == "rate":
                formats[header] = "{:.1f}%".format
            elif column.kind == "score":
                formats[header] = "{:.1f}".format
            elif column.kind == "count":
                formats[header] = "{:,.0f}".format
        return table.style.format(na_rep=fmt.NO_DATA).format(formats, na_rep=fmt.NO_DATA)

    def static_table(self, df: pd.DataFrame, lang: str) -> pd.DataFrame:
        """The table as text for ``st.table``, whose cells are Markdown: text escaped,
        missing values as "—", and a code column (an identifier without spaces, which
        cannot wrap) written as code under the column before it, so that a phone-wide
        table keeps its width for the text."""
        table = self.table(df, lang)
        out: dict[str, list[str]] = {}
        previous: str | None = None
        for column, header in zip(self._visible(df), table.columns, strict=True):
            cells = [
                fmt.NO_DATA if _is_missing(value) else _markdown_escape(str(value))
                for value in table[header]
            ]
            if column.kind == "code" and previous is not None:
                out[previous] = [
                    f"{above}  \n`{value}`" if not _is_missing(value) else above
                    for above, value in zip(out[previous], table[header], strict=True)
                ]
                continue
            out[header] = cells
            previous = header
        return pd.DataFrame(out)

    def column_config(self, df: pd.DataFrame, lang: str) -> dict[str, Any]:
        """Link columns show a word, not a long URL."""
        _, unit = self.money_unit(df, lang)
        return {
            self._header(c, lang, unit, exact=False): st.column_config.LinkColumn(
                self._header(c, lang, unit, exact=False),
                display_text=t("project.report_link", lang),
            )
            for c in self._visible(df)
            if c.kind == "link"
        }

    def csv(self, df: pd.DataFrame, lang: str) -> bytes:
        """The download: exactly the rows behind the chart, exact values, labelled columns.

        Money is written in 元 exactly as stored (to the fen), rates as fractions;
        UTF-8 with a BOM so spreadsheet software opens Chinese text correctly.
        """
        out: dict[str, list[Any]] = {}
        for column in self._visible(df):
            values = df[column.key].tolist()
            kinds = df["kind"].tolist() if "kind" in df else [None] * len(values)
            out[self._header(column, lang, "", exact=True)] = [
                _exact(column, value, lang, row_kind)
                for value, row_kind in zip(values, kinds, strict=True)
            ]
        buffer = io.StringIO()
        pd.DataFrame(out).to_csv(buffer, index=False)
        return buffer.getvalue().encode("utf-8-sig")

    def file_name(self, view: View) -> str:
        """A download name that says what and which view."""
        parts = [self.key, view.region, str(view.year), view.scope]
        if view.dept:
            parts.append(view.dept)
        if view.project:
            parts.append(view.project)
        return "-".join(parts) + ".csv"


def _markdown_escape(text: str) -> str:
    """Text shown as written in a Markdown cell (no emphasis, links or formulas)."""
    return re.sub(r"([\\`*_\[\]#|~$])", r"\\\1", text)


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _display(column: Column, value: Any, lang: str, divisor: Decimal, row_kind: str | None) -> Any:
    """A value for the table view (numbers stay numbers where the column is numeric)."""
    if _is_missing(value):
        return None
    kind = column.kind
    if kind == "money":
        return fmt.scaled(value, divisor)
    if kind == "rate":
        return float(value) * 100
    if kind in ("score", "count"):
        return value
    if kind == "year":
        return str(int(value))
    if kind == "bool":
        return fmt.yes_no(bool(value), lang)
    if kind == "date":
        return fmt.date(value, lang)
    if kind == "label":
        return fmt.vocabulary(column.vocabulary or "", str(value), lang)
    if kind == "metric":
        return metric_label(str(value), lang)
    if kind == "mixed":
        return fmt.metric_value(row_kind or "count", value, lang)
    return str(value)


def _exact(column: Column, value: Any, lang: str, row_kind: str | None) -> Any:
    """A value for the CSV: exact, machine-readable, labels in the chosen language."""
    if _is_missing(value):
        return ""
    kind = column.kind if column.kind != "mixed" else (row_kind or "count")
    if kind == "money":
        return str(Decimal(str(value)).quantize(Decimal("0.01")))
    if kind == "rate":
        return repr(float(value))
    if kind == "year":
        return str(int(value))
    if kind == "bool":
        return fmt.yes_no(bool(value), lang)
    if kind == "date":
        return fmt.date(value, lang)
    if kind == "label":
        return fmt.vocabulary(column.vocabulary or "", str(value), lang)
    if kind == "metric":
        return metric_label(str(value), lang) if has(f"metric.{value}") else str(value)
    return value


REGISTRY: dict[str, ChartSpec] = {}


def declare(spec: ChartSpec) -> ChartSpec:
    """Register a spec under its key (the key is its public name in URLs and files)."""
    if spec.key in REGISTRY:
        raise ValueError(f"chart key {spec.key!r} declared twice")
    REGISTRY[spec.key] = spec
    return spec


def empty_message(view: View, *, with_year: bool = True, key: str | None = None) -> str:
    """ "No data for this year or region", naming both (``key``: a chart's own wording)."""
    from dashboard import data

    record = data.region(view.url, view.stamp, view.region)
    name = record.name if record else view.region
    year = t("chart.empty_year", view.lang, year=view.year) if with_year else ""
    return t(key or "chart.empty", view.lang, region=name, year=year)


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
        st.subheader(spec.title_text(view), help=spec.help_text(view.lang), anchor=False)
        if spec.is_empty(df):
            st.info(
                empty_message(view, with_year=with_year, key=spec.empty_text),
                icon=":material/info:",
            )
            return None
        table = spec.styled(df, view.lang)
        config = spec.column_config(df, view.lang)
        if spec.body is not None:
            spec.body(df, view)
            with st.expander(t("chart.table", view.lang), icon=":material/table:"):
                _grid(table, config)
        elif spec.figure is not None:
            figure = spec.figure(df, view)
            if figure is None:
                st.info(t("map.no_boundaries", view.lang), icon=":material/info:")
            elif isinstance(figure, pdk.Deck):
                event = st.pydeck_chart(
                    figure,
                    width="stretch",
                    height=spec.height,
                    on_select=on_select,  # type: ignore[arg-type]
                    selection_mode=selection_mode or "single-object",  # type: ignore[arg-type]
                    key=widget_key,
                )
            else:
                event = st.plotly_chart(
                    figure,
                    width="stretch",
                    config=PLOTLY_CONFIG,
                    key=widget_key,
                    on_select=on_select,  # type: ignore[arg-type]
                    selection_mode=selection_mode or ("points",),  # type: ignore[arg-type]
                )
            if spec.legend is not None and figure is not None:
                st.html(spec.legend(df, view))
            with st.expander(t("chart.table", view.lang), icon=":material/table:"):
                _grid(table, config)
        elif spec.static:
            st.table(spec.static_table(df, view.lang), hide_index=True)
        else:
            event = _grid(
                table,
                config,
                key=widget_key,
                on_select=on_select,
                selection_mode=selection_mode or "single-row",
            )
        _footer(spec, df, view)
    return event


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
    """Unit, source, footnote and the download of exactly the rows shown."""
    notes: list[str] = []
    unit = spec.unit_text(df, view.lang)
    if unit:
        notes.append(t("chart.unit", view.lang, unit=unit))
    notes.append(t("chart.source", view.lang, source=source_text(spec, view)))
    if spec.footnote:
        notes.append(t(spec.footnote, view.lang))
    st.caption(" · ".join(notes))
    st.download_button(
        t("chart.download", view.lang),
        data=spec.csv(df, view.lang),
        file_name=spec.file_name(view),
        mime="text/csv",
        icon=":material/download:",
        key=f"dl-{spec.key}-{view.region}-{view.year}-{view.scope}-{view.dept}-{view.project}",
        on_click="ignore",
    )


def source_text(spec: ChartSpec, view: View) -> str:
    """Where the figures come from, naming the release served."""
    if spec.source != "source.records":
        return t(spec.source, view.lang)
    from dashboard import data

    releases = data.releases(view.url, view.stamp)
    release = releases[0].title or releases[0].package_name if releases else ""
    return t("source.records", view.lang, release=release)
