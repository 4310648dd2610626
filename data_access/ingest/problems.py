"""One problem found in a published package: where it is and what is wrong.

Why a module of its own: reading the package (encodings, zip entries), checking its
values and comparing it with the database all find problems, and the import report
lists them together in one form a publisher can act on: ``file:row:column: message``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

from data_access.ingest.limits import MAX_PROBLEMS_LISTED

Severity = Literal["error", "warning"]

# Characters a terminal or a log viewer would act on rather than show: C0/C1 controls
# (ESC starts ANSI sequences), line and paragraph separators, and the format characters
# among which are the bidirectional overrides ("Trojan source").
_UNPRINTABLE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}


def printable(text: str) -> str:
    r"""``text`` with every control or invisible character written as an escape (``\x1b``).

    Why: file names, cells and descriptor fields come from the package, and the report is
    printed to an operator's terminal and to CI logs. An ANSI escape sequence echoed raw
    could rewrite the screen (hide errors, fake "IMPORTED"); a NUL or a newline would
    break the one-problem-per-line layout. Ordinary text, Chinese included, is unchanged.
    """
    if text.isprintable():
        return text
    out: list[str] = []
    for char in text:
        if char == " " or unicodedata.category(char) not in _UNPRINTABLE_CATEGORIES:
            out.append(char)
        else:
            out.append(_escape(char))
    return "".join(out)


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


@dataclass(frozen=True)
class Problem:
    """An error (the package is refused) or a warning (listed, does not block).

    ``row`` is the row number as the publisher sees it in a spreadsheet: the header is
    row 1, the first data row is row 2. ``row`` and ``column`` are None when the
    problem concerns a whole file or a whole column.
    """

    severity: Severity
    file: str
    row: int | None
    column: str | None
    message: str

    def __post_init__(self) -> None:
        # Escaped once, here, so that every way of showing a problem (report, page, log)
        # shows package text literally; see :func:`printable`.
        object.__setattr__(self, "file", printable(self.file))
        if self.column is not None:
            object.__setattr__(self, "column", printable(self.column))
        object.__setattr__(self, "message", printable(self.message))

    @property
    def is_error(self) -> bool:
        """Whether this problem rejects the package."""
        return self.severity == "error"

    @property
    def location(self) -> str:
        """``file:row:column`` with the parts that are not known left out."""
        parts = [self.file]
        if self.row is not None:
            parts.append(str(self.row))
        if self.column is not None:
            parts.append(self.column)
        return ":".join(parts)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


def error(file: str, row: int | None, column: str | None, message: str) -> Problem:
    """An error at ``file:row:column``."""
    return Problem("error", file, row, column, message)


def warning(file: str, row: int | None, column: str | None, message: str) -> Problem:
    """A warning at ``file:row:column``."""
    return Problem("warning", file, row, column, message)


def cap_problems(problems: list[Problem], limit: int | None = None) -> list[Problem]:
    """At most ``limit`` errors and ``limit`` warnings, then one line each for the rest.

    Why: a broken export can hold a million bad cells; listing them all took gigabytes
    and buried the first, useful ones. The count of what is left out stays exact, and
    the summary is itself an error (or warning), so the verdict does not change.
    """
    if limit is None:
        limit = MAX_PROBLEMS_LISTED
    kept: list[Problem] = []
    hidden = {"error": 0, "warning": 0}
    listed = {"error": 0, "warning": 0}
    first_file = problems[0].file if problems else ""
    for problem in problems:
        if listed[problem.severity] < limit:
            listed[problem.severity] += 1
            kept.append(problem)
        else:
            hidden[problem.severity] += 1
    for severity, count in hidden.items():
        if count:
            noun = severity + ("s" if count != 1 else "")
            kept.append(
                Problem(
                    severity,  # type: ignore[arg-type]
                    first_file,
                    None,
                    None,
                    f"… and {count:,} more {noun} not listed (only the first {limit:,} "
                    f"are; fix those and check again) / 另有 {count:,} 条未列出",
                )
            )
    return kept


def database_refusal(file: str, exc: Exception) -> Problem:
    """The error for a value the database refused although the checks let it through.

    Why keep it: the import is rolled back either way, but the operator gets a report
    (and a reason to report the gap in the checks) instead of a traceback.
    """
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    first = reason[0] if reason else type(exc).__name__
    return error(
        file,
        None,
        None,
        f"the database refused a value ({first}); nothing was imported. The package "
        "checks should have named the cell: please report this to the maintainers",
    )
