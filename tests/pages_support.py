"""Shared set-up of the page tests: prepared databases and an AppTest runner.

Why session-scoped databases: importing the mini package and building a small demo
take about a second each; every page test reads them and none writes, so they are
built once. The app finds them through ``DASHBOARD_DB_URL``, as in production.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from data_access.db.engine import make_engine
from tests.conftest import MINI_PACKAGE, REPO_ROOT

APP_PATH = REPO_ROOT / "dashboard" / "app.py"
TIMEOUT = 60


def build_mini(path: Path) -> str:
    """A SQLite file with the mini-jiangxi package imported; returns its URL."""
    from data_access.ingest.importer import import_package

    url = f"sqlite:///{path}"
    engine = make_engine(url)
    report = import_package(engine, MINI_PACKAGE)
    assert report.ok, report.render()
    engine.dispose()
    return url


def build_small_demo(path: Path) -> str:
    """A SQLite file with a small demo build (scale 0.02); returns its URL."""
    from data_access.demo.build import build_demo

    url = f"sqlite:///{path}"
    engine = make_engine(url)
    build_demo(engine, scale=0.02)
    engine.dispose()
    return url


def app_at(page: str, /, **params: str) -> AppTest:
    """The app set to open ``page`` (overview, trends, ...) with query parameters, not
    yet run (a test may change its session or secrets first)."""
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT)
    if page != "overview":
        at.switch_page(f"../pages/{page}.py")
    for key, value in params.items():
        at.query_params[key] = value
    return at


def open_page(page: str, /, **params: str) -> AppTest:
    """Run the app on ``page`` (overview, trends, ...) with query parameters."""
    at = app_at(page, **params)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    """Everything written on the page as one string (markdown, captions, alerts, titles)."""
    parts: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
    ):
        parts.extend(str(element.value) for element in getattr(at, kind))
    for metric in at.metric:
        parts.extend([str(metric.label), str(metric.value)])
    # What the visitor reads: Markdown escapes of literal text (fmt.literal) removed.
    return re.sub(r"\\(.)", r"\1", "\n".join(parts))


def in_order(at: AppTest) -> list[tuple[str, str]]:
    """Every element of the page's main area in the order it is drawn: (type, text read
    by the visitor: Markdown escapes removed; "" for elements without text)."""
    found: list[tuple[str, str]] = []

    def walk(node: Any) -> None:
        kind = str(getattr(node, "type", ""))
        worded = ("markdown", "caption", "header", "subheader")
        value = getattr(node, "value", "") if kind in worded else ""
        found.append((kind, re.sub(r"\\(.)", r"\1", str(value))))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    return found


def metrics_shown(at: AppTest) -> dict[str, tuple[str, str]]:
    """label -> (value, delta) of every st.metric on the page."""
    return {m.label: (m.value, m.delta) for m in at.metric}


def page_links(at: AppTest) -> list[Any]:
    """The st.page_link elements of the page (label, query parameters)."""
    return list(at.get("page_link"))


def frames(at: AppTest) -> list[Any]:
    """The DataFrames behind every st.dataframe on the page (Styler data unwrapped),
    a link column as its cells read (the name, not the href behind it: ``link_cells``)."""
    out = []
    for element in at.dataframe:
        data = element.value.copy()
        links = [header for header in link_columns(element) if header in data]
        if links:
            display = _display_values(element)
            for header in links:
                data[header] = display[header].tolist()
        out.append(data)
    return out


def link_columns(element: Any) -> list[str]:
    """The headers of the grid's link columns (``st.column_config.LinkColumn``)."""
    import json

    config = json.loads(element.proto.columns or "{}")
    return [
        header
        for header, column in config.items()
        if (column.get("type_config") or {}).get("type") == "link"
    ]


def link_cells(element: Any, header: str) -> list[tuple[str, str]]:
    """(text shown, href) of each cell of a grid's link column."""
    assert header in link_columns(element), (header, link_columns(element))
    shown = _display_values(element)[header].tolist()
    return list(zip(shown, element.value[header].tolist(), strict=True))


def _display_values(element: Any) -> Any:
    """The Styler's display values of a grid (what its cells show)."""
    from streamlit import dataframe_util

    return dataframe_util.convert_arrow_bytes_to_pandas_df(
        element.proto.arrow_data.styler.display_values
    )


NULL_WORDS = ("None", "nan", "NaN", "NaT", "<NA>", "null")


def displayed_cells(element: Any) -> list[str]:
    """The text the grid draws in every cell of an ``st.dataframe``.

    What the browser does: a missing (null) cell shows the element's ``placeholder``,
    and the word "None" when no placeholder is set; any other cell shows the Styler's
    display value when there is one, else the value itself.
    """
    import pandas as pd
    from streamlit import dataframe_util

    data = element.value
    proto = element.proto
    placeholder = proto.placeholder if proto.HasField("placeholder") else "None"
    display_bytes = proto.arrow_data.styler.display_values
    display = (
        dataframe_util.convert_arrow_bytes_to_pandas_df(display_bytes) if display_bytes else None
    )
    cells: list[str] = []
    for row in range(data.shape[0]):
        for column in range(data.shape[1]):
            value = data.iat[row, column]
            if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
                cells.append(placeholder)
            elif display is not None:
                cells.append(str(display.iat[row, column]))
            else:
                cells.append(str(value))
    return cells


def select_row(at: AppTest, table: int, row: int) -> AppTest:
    """Select ``row`` of the ``table``-th st.dataframe (as a click on its checkbox does)
    and run the app; a drill-down then has switched the page or its URL."""
    key = at.dataframe[table].key
    at.session_state[key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
