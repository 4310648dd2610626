"""One declaration per chart, many outputs (after GC InfoBase's ``declare_panel``).

Why: a chart on a page, the same chart in an embed, the CSV behind it, its JSON, its
accessible table and its place in a hearing brief must never disagree. So a chart is
declared once as a ``ChartSpec``: its key (stable, used in URLs), its data function
(reads through ``dashboard.core.reads`` and returns a DataFrame of exactly the rows behind
the chart), its figure builder, title, unit, source, footnote and glossary terms.

Data functions return rows that do not change with the language: codes, exact Decimal
元, rates as fractions, vocabulary codes, metric keys. Words are added only here (the
table view, titles, notes) and in figure builders. Everything else is derived here,
without Streamlit, so plain HTTP routes can render a spec outside any session:

- ``spec.table(df, lang)``: the accessible table (localized headers and labels, money in
  the chart's unit, rates in %);
- ``spec.csv(df, lang)``: the download: the same rows, exact language-neutral values;
  only the header row is in ``lang``;
- ``spec.records(df)``: the same rows for JSON, keyed by column key;
- ``spec.title_text`` / ``help_text`` / ``unit_text`` / ``footnote_text`` and
  ``source_text(spec, view)`` / ``empty_text(spec, view)``: the words around a chart;
- ``spec.summary_text(df, view)``: the chart in one sentence, from its own rows
  (``dashboard.specs.summaries``), said above the chart, in its table's caption, in the
  embed and in the brief.

``dashboard.ui.render`` draws a spec on a Streamlit page. A spec without a figure is a table
view (the explorer's lists); a ``static`` one (long text) is a plain table whose cells
wrap; a spec with a ``body`` names a layout the renderer draws (the headline cards).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pandas as pd

from dashboard.core import formatting as fmt
from dashboard.core import reads
from dashboard.core.csvfile import csv_bytes
from dashboard.core.i18n import LANGS, definition, metric_label, t
from dashboard.core.view import View
from data_access.metrics.registry import kind_of

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
    "datetime",
    "label",
    "metric",
    "link",
    "mixed",
)
BODIES = ("metric_cards",)

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Column:
    """A column of a spec's rows: its key, i18n label key and kind.

    ``kind`` decides how the value is shown and written: ``money`` (Decimal 元),
    ``rate`` (fraction), ``score``, ``count``, ``year``, ``bool``, ``date``,
    ``datetime``, ``text`` / ``code`` (as published), ``label`` (a vocabulary code shown
    through ``<vocabulary>.<code>``), ``metric`` (a metric key shown by its name),
    ``link`` (a URL), ``mixed`` (a value whose kind is in the row's ``kind`` column).

    ``render`` shows a value that needs words and other fields of its row (the 本级 row
    of a region list, an indicator's comparison and target): the table view shows
    ``render(row, lang)``, the CSV and the records keep the plain value.
    ``hidden`` columns stay out of the table view and, unless ``in_csv``, the CSV.
    """

    key: str
    label: str
    kind: str = "text"
    vocabulary: str | None = None
    hidden: bool = False
    in_csv: bool | None = None
    render: Callable[[Row, str], Any] | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")
        if self.kind == "label" and not self.vocabulary:
            raise ValueError(f"label column {self.key!r} needs a vocabulary")

    @property
    def exported(self) -> bool:
        """Whether the column is written to the CSV."""
        return self.in_csv if self.in_csv is not None else not self.hidden


def metric_column(key: str) -> Column:
    """A column holding a metric, labelled with the metric's one name, of its one kind."""
    return Column(key, f"metric.{key}", kind_of(key))


def metric_columns(keys: tuple[str, ...]) -> tuple[Column, ...]:
    """One ``metric_column`` per key."""
    return tuple(metric_column(key) for key in keys)


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
    body: str | None = None
    height: int = 380
    empty_text: str | None = None
    static: bool = False
    page: str = ""
    # The view in one sentence from its own rows (``dashboard.specs.summaries``), shown
    # above the chart, in its table's caption, in the embed and in the brief.
    summary: Callable[[pd.DataFrame, View], str | None] | None = None

    def __post_init__(self) -> None:
        if self.body is not None and self.body not in BODIES:
            raise ValueError(f"chart {self.key!r}: unknown body {self.body!r}")
        # Headers are the columns' labels: two equal labels would make one column
        # silently overwrite the other in the table view or the download.
        for lang in LANGS:
            for columns in (self.visible_columns, self.csv_columns):
                labels = [t(c.label, lang) for c in columns]
                doubled = sorted({label for label in labels if labels.count(label) > 1})
                if doubled:
                    raise ValueError(f"chart {self.key!r}: column labels {doubled} repeat ({lang})")

    # ----------------------------------------------------------------- words

    def title_text(self, view: View) -> str:
        """The title in the view's language."""
        values = self.title_values(view) if self.title_values else {}
        return t(self.title, view.lang, **values)

    def help_text(self, lang: str) -> str | None:
        """Definitions of the metrics and glossary terms the chart uses (one source)."""
        lines = [f"**{metric_label(m, lang)}**: {definition(m, lang)}" for m in self.metrics]
        lines += [f"**{t(f'term.{g}', lang)}**: {definition(g, lang)}" for g in self.glossary]
        return "\n\n".join(lines) or None

    def summary_text(self, df: pd.DataFrame, view: View) -> str | None:
        """The chart's one-sentence summary in the view's language, from the rows it
        draws; None when it declares none or has no rows (the empty text says why)."""
        if self.summary is None or self.is_empty(df):
            return None
        return self.summary(df, view)

    def footnote_text(self, lang: str) -> str | None:
        """The footnote in ``lang``, when the chart has one."""
        return t(self.footnote, lang) if self.footnote else None

    def money_unit(self, df: pd.DataFrame, lang: str) -> tuple[Decimal, str]:
        """The one money unit used by the chart and its table (from the largest amount)."""
        values: list[Any] = []
        for column in self.columns:
            if column.kind == "money" and column.key in df:
                values.extend(v for v in df[column.key].tolist() if not is_missing(v))
        return fmt.money_scale(values, lang)

    def unit_text(self, df: pd.DataFrame, lang: str) -> str | None:
        """The unit caption: the money unit when the chart shows money."""
        if any(c.kind == "money" for c in self.columns):
            return self.money_unit(df, lang)[1]
        return None

    def file_name(self, view: View) -> str:
        """A download name that says what and which view."""
        parts = [self.key, view.region, str(view.year), view.scope]
        if view.dept:
            parts.append(view.dept)
        if view.project:
            parts.append(view.project)
        if view.release is not None:
            parts.append(f"r{view.release}")
        return "-".join(parts) + ".csv"

    # ----------------------------------------------------------------- columns

    @property
    def visible_columns(self) -> tuple[Column, ...]:
        """The columns of the table view."""
        return tuple(c for c in self.columns if not c.hidden)

    @property
    def csv_columns(self) -> tuple[Column, ...]:
        """The columns of the download."""
        return tuple(c for c in self.columns if c.exported)

    def visible(self, df: pd.DataFrame) -> list[Column]:
        """The table view's columns that the rows hold."""
        return [c for c in self.visible_columns if c.key in df]

    def header(self, column: Column, lang: str, money_unit: str, *, exact: bool) -> str:
        """A column's header: its label, with the unit of money and rates."""
        label = t(column.label, lang)
        if column.kind == "money":
            return f"{label} ({t('unit.yuan', lang) if exact else money_unit})"
        if column.kind == "rate" and not exact:
            return f"{label} (%)"
        return label

    # ----------------------------------------------------------------- outputs

    def table(self, df: pd.DataFrame, lang: str) -> pd.DataFrame:
        """The accessible table: localized headers and labels, money in the chart's unit,
        rates in %; numbers stay numbers so that columns sort numerically."""
        divisor, unit = self.money_unit(df, lang)
        rows = df.to_dict("records")
        out: dict[str, list[Any]] = {}
        for column in self.visible(df):
            out[self.header(column, lang, unit, exact=False)] = [
                column.render(row, lang)
                if column.render is not None
                else _display(column, row.get(column.key), lang, divisor, row.get("kind"))
                for row in rows
            ]
        return pd.DataFrame(out, columns=list(out))

    def download_table(self, df: pd.DataFrame, lang: str) -> pd.DataFrame:
        """The rows of every download: exact language-neutral values, headers in ``lang``.

        Money in 元 exactly as stored (to the fen), rates as fractions, vocabulary codes
        and metric keys as codes, booleans as true/false, dates in ISO form: the same
        table in every language but for its header row.
        """
        rows = df.to_dict("records")
        out: dict[str, list[Any]] = {}
        for column in self.csv_columns:
            if column.key not in df:
                continue
            out[self.header(column, lang, "", exact=True)] = [
                _exact(column, row.get(column.key), row.get("kind")) for row in rows
            ]
        return pd.DataFrame(out, columns=list(out))

    def download_kinds(self, df: pd.DataFrame) -> list[str]:
        """The kind of each column of :meth:`download_table`, in its order: what the
        writers need to keep codes and numbers as they are and type spreadsheet cells."""
        return [column.kind for column in self.csv_columns if column.key in df]

    def csv(self, df: pd.DataFrame, lang: str) -> bytes:
        """The CSV download of :meth:`download_table`: UTF-8 with a BOM so spreadsheet
        software opens Chinese text correctly; free-text cells that would run as a
        formula are guarded, codes, vocabulary values and numbers never altered."""
        return csv_bytes(self.download_table(df, lang), self.download_kinds(df))

    def records(self, df: pd.DataFrame) -> list[dict[str, Any]]:
        """The rows for JSON: every declared column by its key, language-neutral values
        (money as an exact number of 元, rates as fractions, codes, ISO dates, null)."""
        keys = [c.key for c in self.columns if c.key in df]
        return [{key: _json_value(row.get(key)) for key in keys} for row in df.to_dict("records")]


def is_missing(value: Any) -> bool:
    """Whether a cell holds no value: None, NaN, NaT or pandas' NA (a list or any other
    value pandas cannot test is a value)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _display(column: Column, value: Any, lang: str, divisor: Decimal, row_kind: Any) -> Any:
    """A value for the table view (numbers stay numbers where the column is numeric)."""
    if is_missing(value):
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
    if kind == "datetime":
        return fmt.datetime(value, lang)
    if kind == "label":
        return fmt.vocabulary(column.vocabulary or "", str(value), lang)
    if kind == "metric":
        return metric_label(str(value), lang)
    if kind == "mixed":
        return fmt.metric_value(str(row_kind or "count"), value, lang)
    if kind == "link":
        # A link from a package is a link only when it is http(s).
        return fmt.safe_link(value)
    return str(value)


def _exact(column: Column, value: Any, row_kind: Any) -> Any:
    """A value for the CSV: exact, machine-readable, the same in every language."""
    if is_missing(value):
        return ""
    kind = column.kind if column.kind != "mixed" else str(row_kind or "count")
    if kind == "money":
        return str(Decimal(str(value)).quantize(Decimal("0.01")))
    if kind == "rate":
        return repr(float(value))
    if kind == "year":
        return str(int(value))
    if kind == "bool":
        return "true" if bool(value) else "false"
    if kind == "date":
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    if kind == "datetime":
        return fmt.datetime(value, "")
    return value


def _json_value(value: Any) -> Any:
    """A JSON-ready value: Decimal as a number when exact (else a string), dates in ISO."""
    if is_missing(value):
        return None
    if isinstance(value, Decimal):
        number = float(value)
        return number if Decimal(repr(number)) == value else str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return value
    if hasattr(value, "item"):  # numpy scalars from pandas
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


# --------------------------------------------------------------------------- registry

REGISTRY: dict[str, ChartSpec] = {}


def declare(spec: ChartSpec) -> ChartSpec:
    """Register a spec under its key (the key is its public name in URLs and files)."""
    if spec.key in REGISTRY:
        raise ValueError(f"chart key {spec.key!r} declared twice")
    REGISTRY[spec.key] = spec
    return spec


# --------------------------------------------------------------------------- words of a view


def table(spec: ChartSpec, df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``spec.table`` as a function (for renderers that map over specs)."""
    return spec.table(df, lang)


def csv(spec: ChartSpec, df: pd.DataFrame, lang: str) -> bytes:
    """``spec.csv`` as a function."""
    return spec.csv(df, lang)


def records(spec: ChartSpec, df: pd.DataFrame) -> list[dict[str, Any]]:
    """``spec.records`` as a function."""
    return spec.records(df)


def region_name(view: View, code: str | None = None) -> str:
    """The view's region as its page names it: as published in Chinese, romanised in
    English (the code when unknown)."""
    from dashboard.core.romanise import region_label

    record = reads.region(view.url, view.stamp, code or view.region, view.release)
    if record is None:
        return code or view.region
    return region_label(record.code, record.name, view.lang)


def subject_words(view: View, *, department: bool = True) -> str:
    """What a view's figures describe, as a sentence names it: the department (as
    published) when the view has one and ``department``, else the region's own level
    ("江西省本级") in the 本级 scope, else the region (romanised in English)."""
    if department and view.dept:
        found = reads.find_department(view.url, view.stamp, view.dept, view.region, view.release)
        return found.name if found else view.dept
    if view.scope == "own":
        return t("own_level_of", view.lang, name=region_name(view))
    return region_name(view)


def empty_text(spec: ChartSpec, view: View, *, with_year: bool = True) -> str:
    """ "No data for this year or region", naming both (or the spec's own wording)."""
    year = t("chart.empty_year", view.lang, year=view.year) if with_year else ""
    return t(spec.empty_text or "chart.empty", view.lang, region=region_name(view), year=year)


def source_text(spec: ChartSpec, view: View) -> str:
    """Where the figures come from, naming the release served (the pinned one, if any)."""
    if spec.source != "source.records":
        return t(spec.source, view.lang)
    served = reads.served_release(view.url, view.stamp, view.release, view.region)
    release = fmt.release_name(fmt.release_title(served, view.lang), served.id, view.lang) if (
        served
    ) else ""
    return t("source.records", view.lang, release=release)


def notes_text(spec: ChartSpec, df: pd.DataFrame, view: View) -> str:
    """Unit · source · footnote, as one line under the chart."""
    notes: list[str] = []
    unit = spec.unit_text(df, view.lang)
    if unit:
        notes.append(t("chart.unit", view.lang, unit=unit))
    notes.append(t("chart.source", view.lang, source=source_text(spec, view)))
    footnote = spec.footnote_text(view.lang)
    if footnote:
        notes.append(footnote)
    return " · ".join(notes)
