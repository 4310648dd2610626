"""The CSV a download writes, and the guard of its free-text cells: one declaration
for every CSV of the dashboard (a chart's download, the records behind a view).

Why in the core: a chart declaration's download (``specs.base.ChartSpec.csv``) and the
plain routes' record files (``dashboard.web.records``) write the same cells the same way,
and a declaration may use nothing above the core. The other files of a download (XLSX,
JSON, HTML, with their citation) are written by ``dashboard.renderers.exports``.

A CSV changes nothing but *free-text* cells (kinds ``text`` and ``link``) that a
spreadsheet would run as a formula: one that begins with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return (CSV injection) gets a leading apostrophe; codes, vocabulary
values (the indicators' comparison ``=``), numbers and dates are never touched.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A number as a publisher may write it in a text column (an indicator's "-5%"): a
# spreadsheet reads it as a number, never as a formula, so it is not guarded.
_NUMBER_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?$")


def safe_cell(value: Any) -> Any:
    """A free-text cell that no spreadsheet will run as a formula (numbers unchanged).

    Only for free text (:data:`FREE_TEXT_KINDS`): a code or a vocabulary value such as
    the comparison ``=`` is never passed through here.
    """
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _NUMBER_TEXT.match(value)
    ):
        return "'" + value
    return value


# Column kinds whose cells are free text written by a publisher (names, targets,
# notes, links): the only cells a CSV guards against running as a formula.
FREE_TEXT_KINDS = frozenset({"text", "link"})


def guarded(value: Any, kind: str) -> Any:
    """``value`` as a CSV writes it: free text guarded (:func:`safe_cell`), else as is."""
    return safe_cell(value) if kind in FREE_TEXT_KINDS else value


def csv_bytes(table: pd.DataFrame, kinds: Sequence[str] | None = None) -> bytes:
    """A plain CSV (UTF-8 with a BOM so spreadsheet software reads Chinese correctly).

    ``kinds`` (one per column) says which columns are free text; only their cells are
    guarded. Without it every column is taken as free text.
    """
    columns = list(table.columns)
    kinds = list(kinds) if kinds is not None else ["text"] * len(columns)
    out = pd.DataFrame(
        {
            column: [guarded(value, kind) for value in table[column].tolist()]
            for column, kind in zip(columns, kinds, strict=True)
        },
        columns=columns,
    )
    buffer = io.StringIO()
    out.to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8-sig")
