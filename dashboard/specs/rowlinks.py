"""Which cells of a declared table are links, and where each one leads.

Why a registry apart from the declarations: a name in the explorer's tables, a
department in the county's ranking, a year in a project's other years each open the
view that selecting that row opens. The accessible HTML table and the phone list draw
these cells as ``<a href>``, and the grid draws the columns of ``GRID_LINKS`` as link
cells; every href is a view written back by ``core.links.view_query``, so it carries
the language, the year and a pinned release. Kept out of ``specs.base`` so that a
spec's declaration stays the same whatever its renderer does with links.
"""

from __future__ import annotations

from collections.abc import Callable

from dashboard.core.paths import page_path, with_query
from dashboard.core.view import View
from dashboard.specs.base import Row

LinkBuilder = Callable[[Row, View], str | None]

# spec key -> column key -> the href of that column's cell in a row.
ROW_LINKS: dict[str, dict[str, LinkBuilder]] = {}
# spec key -> the column the grid (``st.dataframe``) draws as link cells (the name a
# visitor clicks on a desktop; ticking a row still drills the same way).
GRID_LINKS: dict[str, str] = {}


def register(spec_key: str, links: dict[str, LinkBuilder], *, grid: str | None = None) -> None:
    """Declare the linked cells of ``spec_key`` (and the one the grid draws as links)."""
    if spec_key in ROW_LINKS:
        raise ValueError(f"row links of {spec_key!r} declared twice")
    if grid is not None and grid not in links:
        raise ValueError(f"grid link column {grid!r} of {spec_key!r} has no href")
    ROW_LINKS[spec_key] = links
    if grid is not None:
        GRID_LINKS[spec_key] = grid


def href(page_name: str, query: dict[str, str]) -> str:
    """The path of ``page_name`` with ``query`` (from ``view_query``)."""
    return with_query(page_path(page_name), query)
