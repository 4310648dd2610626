"""One problem found in a published package: where it is and what is wrong.

Why a module of its own: reading the package (encodings, zip entries), checking its
values and comparing it with the database all find problems, and the import report
lists them together in one form a publisher can act on: ``file:row:column: message``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


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
