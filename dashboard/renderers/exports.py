"""The downloads of a chart: CSV, XLSX, JSON and an offline HTML file, each citable.

Why one module: a journalist who downloads the numbers behind a chart must be able to
say where they came from months later. Every format therefore carries (or, for the
plain CSV, is named by) the same citation: publisher, release, checksum, the filters of
the view, the permalink, the licence and the meaning of every column. The writers take
a finished table (headers already in the reader's language) and a ``Citation``, so the
page, the embed route and the /data page produce byte-identical files for one view.

Lossless and typed: every writer gets each column's kind (``money``, ``rate``, ``score``,
``count``, ``year``, ``code``, ``label``, ``text``, …). JSON carries every value exactly as
published. A CSV (written by ``dashboard.core.csvfile``, which the declarations'
own ``csv`` uses too) changes nothing but *free-text* cells that a spreadsheet would run
as a formula (CSV injection): they get a leading apostrophe. An XLSX needs no such
guard: text cells are written as text (a string cell never runs, whatever it begins
with) and numbers as numbers with a number format; no cell is a formula.

No Streamlit here: the HTTP routes use these writers without a session.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pandas as pd

from dashboard.core.i18n import t

_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
# Characters that openpyxl refuses in a cell (XML 1.0 control characters).
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Citation:
    """Where a chart's figures come from, in the reader's language.

    ``filters`` maps a localized filter label to its value (e.g. "年度" -> "2017");
    ``columns`` maps each table header to what it means (units included).
    """

    chart_key: str
    title: str
    lang: str
    publisher: str
    release_id: int | None
    release_title: str
    release_date: str
    checksum: str
    url: str
    licence: str | None = None
    filters: Mapping[str, str] = field(default_factory=dict)
    columns: Mapping[str, str] = field(default_factory=dict)
    accessed: dt.date = field(default_factory=dt.date.today)
    is_demo: bool = False

    def text(self) -> str:
        """The citation line: publisher, title, release, access date, URL."""
        release = (
            t("cite.release", self.lang, id=self.release_id, date=self.release_date)
            if self.release_id is not None
            else self.release_date
        )
        return t(
            "cite.line",
            self.lang,
            publisher=self.publisher,
            title=self.title,
            release=release,
            accessed=self.accessed.isoformat(),
            url=self.url,
        )

    def meta(self) -> dict[str, Any]:
        """The citation as plain JSON-ready values (the ``meta`` object of a download)."""
        return {
            "chart": self.chart_key,
            "title": self.title,
            "language": self.lang,
            "publisher": self.publisher,
            "release": self.release_id,
            "release_title": self.release_title,
            "release_date": self.release_date,
            "checksum_sha256": self.checksum,
            "url": self.url,
            "licence": self.licence,
            "filters": dict(self.filters),
            "columns": dict(self.columns),
            "accessed": self.accessed.isoformat(),
            "demonstration_data": self.is_demo,
            "citation": self.text(),
        }


# Number formats of typed XLSX cells, by column kind (the value stays exact: a rate is
# the fraction 0.3533…, shown as 35.33 %).
NUMBER_FORMATS: dict[str, str] = {
    "money": "#,##0.00",
    "rate": "0.00%",
    "score": "0.0#",
    "count": "#,##0",
    "number": "General",
    "year": "0",
}


def _number(value: Any) -> int | float | None:
    """A number cell's value: exact Decimals and plain-number text as int or float."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return None if isinstance(value, float) and pd.isna(value) else value
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        whole = isinstance(exponent, int) and exponent >= 0
        return int(value) if whole else float(value)
    if isinstance(value, str) and _PLAIN_NUMBER.match(value.strip()):
        number = Decimal(value.strip())
        whole = number == number.to_integral_value() and "." not in value
        return int(number) if whole else float(number)
    if hasattr(value, "item"):  # numpy scalars
        return _number(value.item())
    return None


def xlsx_cell(sheet: Any, value: Any, kind: str) -> Any:
    """One typed cell of ``sheet``: numbers as numbers with :data:`NUMBER_FORMATS`,
    everything else as text (a string cell, never a formula, whatever it begins with),
    dates as text in ISO form, nothing for a missing value."""
    from openpyxl.cell import WriteOnlyCell

    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return WriteOnlyCell(sheet, value=None)
    if kind in NUMBER_FORMATS or kind == "mixed":
        number = _number(value)
        if number is not None:
            cell = WriteOnlyCell(sheet, value=number)
            cell.number_format = NUMBER_FORMATS.get(kind, "General")
            return cell
    if isinstance(value, dt.date | dt.datetime):
        value = value.isoformat()
    elif isinstance(value, bool):
        value = "true" if value else "false"
    elif isinstance(value, Decimal):
        value = str(value)
    cell = WriteOnlyCell(sheet, value=_ILLEGAL_XLSX.sub("", str(value)))
    cell.data_type = "s"  # text stays text: "=1+1" is shown, never run
    return cell


def _text_cell(sheet: Any, value: Any) -> Any:
    return xlsx_cell(sheet, value, "text")


def xlsx_bytes(
    table: pd.DataFrame, citation: Citation, kinds: Sequence[str] | None = None
) -> bytes:
    """A workbook: the data sheet (cells typed by ``kinds``, one per column; text when
    not given), and a second sheet 说明 / About with the citation, the filters, the URL,
    the licence and what each column means."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    lang = citation.lang
    workbook = Workbook()
    data_sheet = workbook.active
    assert isinstance(data_sheet, Worksheet)  # a new workbook starts with one worksheet
    data_sheet.title = t("export.sheet.data", lang)
    headers = [str(column) for column in table.columns]
    column_kinds = list(kinds) if kinds is not None else ["text"] * len(headers)
    data_sheet.append([_text_cell(data_sheet, header) for header in headers])
    for cell in data_sheet[1]:
        cell.font = Font(bold=True)
    for row in table.itertuples(index=False):
        data_sheet.append(
            [xlsx_cell(data_sheet, v, k) for v, k in zip(row, column_kinds, strict=True)]
        )
    for index, header in enumerate(headers, start=1):
        width = min(max(len(str(header)) * 2, 10), 40)
        data_sheet.column_dimensions[get_column_letter(index)].width = width
    data_sheet.freeze_panes = "A2"

    about = workbook.create_sheet(t("export.sheet.about", lang))
    bold = Font(bold=True)
    rows: list[tuple[str, Any]] = [
        (t("export.about.title", lang), citation.title),
        (t("export.about.publisher", lang), citation.publisher),
        (t("export.about.release", lang), citation.release_id),
        (t("export.about.release_title", lang), citation.release_title),
        (t("export.about.release_date", lang), citation.release_date),
        (t("export.about.checksum", lang), citation.checksum),
        (t("export.about.url", lang), citation.url),
        (t("export.about.licence", lang), citation.licence or ""),
        (t("export.about.accessed", lang), citation.accessed.isoformat()),
        (t("export.about.citation", lang), citation.text()),
    ]
    if citation.is_demo:
        rows.append((t("export.about.demo", lang), t("demo.banner", lang)))
    for label, value in rows:
        kind = "count" if isinstance(value, int) else "text"
        about.append([_text_cell(about, label), xlsx_cell(about, value, kind)])
        about.cell(about.max_row, 1).font = bold
    about.append([])
    about.append([_text_cell(about, t("export.about.filters", lang))])
    about.cell(about.max_row, 1).font = bold
    for label, value in citation.filters.items():
        about.append([_text_cell(about, label), _text_cell(about, value)])
    about.append([])
    about.append([_text_cell(about, t("export.about.columns", lang))])
    about.cell(about.max_row, 1).font = bold
    for header, meaning in citation.columns.items():
        about.append([_text_cell(about, header), _text_cell(about, meaning)])
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def json_value(value: Any) -> Any:
    """A JSON-ready value: money (Decimal) as exact decimal text, dates in ISO form."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float) and pd.isna(value):
        return None
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def json_bytes(records: Sequence[Mapping[str, Any]], citation: Citation) -> bytes:
    """``{"meta": {...citation...}, "data": [...rows...]}``; money as exact decimal text."""
    document = {
        "meta": citation.meta(),
        "data": [{key: json_value(value) for key, value in row.items()} for row in records],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def file_stem(chart_key: str, region: str, year: int | None, release: int | None) -> str:
    """A download name that says what: chart, region, year and release."""
    parts = [chart_key, region]
    if year is not None:
        parts.append(str(year))
    parts.append(f"r{release}" if release is not None else "latest")
    return "-".join(parts)
