"""Which project-years a read covers: one value passed to every read of a view.

Why one type: the metrics, the ledger, the flag rules, the project list and the open
data all read "the project-years of (year, region, scope[, department][, sector]) as of
a release"; spelled out as five loose arguments they were repeated in every signature
and unpacked at every call (issue 15). A frozen dataclass of plain values is hashable,
so ``dashboard.core.reads`` keys its cache by it as it is. This module imports nothing
of the project, so every room of ``data_access`` can use it without a cycle.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

SCOPES: tuple[str, ...] = ("all", "own")


@dataclass(frozen=True)
class ViewFilter:
    """The project-years of one view.

    ``scope`` "own" (本级) takes projects whose region is ``region`` itself; "all" (全辖)
    takes the region and every region below it. ``year`` None means every year (a year
    series); ``department_id`` and ``sector`` narrow the view when given. ``release``
    pins the view to the data served as of that release (None: the latest).
    """

    year: int | None
    region: str
    scope: str = "all"
    department_id: int | None = None
    sector: str | None = None
    release: int | None = None

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise ValueError(f"scope must be one of {SCOPES}, not {self.scope!r}")

    def replace(self, **changes: object) -> ViewFilter:
        """A copy with some fields changed (``release=`` to read as of another release)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]
