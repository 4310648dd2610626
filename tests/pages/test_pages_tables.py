"""Every table view shows a missing value as "—", never as "None" (in both languages).

Why a test of its own: the grid of ``st.dataframe`` draws null cells itself, so the
Styler's ``na_rep`` is not enough; the one place that fixes it is ``render._grid``.
The views below all hold missing values: an indicator without a deviation reason, an
evaluation without a report, unscored projects and regions, a release without a date.
"""

from __future__ import annotations

import pytest

from dashboard.core import formatting as fmt
from tests.pages_support import NULL_WORDS, displayed_cells, open_page

VIEWS = [
    ("project", {"project": "36000017001", "year": "2017"}),
    ("project", {"project": "36010017001", "year": "2017"}),
    ("explore", {"year": "2017", "region": "360000"}),
    ("explore", {"year": "2017", "region": "360121"}),
    ("overview", {"year": "2016", "region": "360000"}),
    ("trends", {"region": "360100"}),
    ("regions", {"year": "2017", "region": "360000"}),
    ("about", {}),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("page", "params"), VIEWS, ids=[f"{p}-{i}" for i, (p, _) in enumerate(VIEWS)]
)
def test_missing_values_read_as_a_dash(page, params, lang, mini_url, use_db) -> None:
    use_db(mini_url)
    at = open_page(page, lang=lang, **params)
    assert at.dataframe, "the view shows tables"
    for element in at.dataframe:
        assert element.proto.placeholder == fmt.NO_DATA
        shown = displayed_cells(element)
        assert not [cell for cell in shown if cell.strip() in NULL_WORDS], shown


def test_the_views_do_hold_missing_values(mini_url, use_db) -> None:
    """The test above proves something: these tables have null cells, drawn as "—"."""
    use_db(mini_url)
    at = open_page("project", project="36000017001", year="2017")
    shown = [cell for element in at.dataframe for cell in displayed_cells(element)]
    assert fmt.NO_DATA in shown
    at = open_page("explore", year="2017", region="360000", lang="en")
    shown = [cell for element in at.dataframe for cell in displayed_cells(element)]
    assert fmt.NO_DATA in shown


def test_demo_explorer_has_no_none(demo_url, use_db) -> None:
    use_db(demo_url)
    at = open_page("explore")
    for element in at.dataframe:
        assert not [c for c in displayed_cells(element) if c.strip() in NULL_WORDS]
