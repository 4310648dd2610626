"""The bad-link matrix as the parameter table answers it: no Streamlit, no page run.

Why here: whether a link is shown or explained is decided by ``params.parse`` (form)
and ``params.resolve`` (against the published data), which every page runs first
(``dashboard.ui.state.read_view``); running all 279 page x case pairs through AppTest
tested the same two functions 279 times at a second each. Each case of
``tests/pages/test_pages_bad_links.ODD`` is checked here on every page, with the way
back (``repaired``) resolved too; the page tests keep a few runs per page to show that
a page explains what the table refuses and never shows a traceback.

The few cases a page decides itself after the table (an unknown or withheld project; a
list page beyond the last, tested on its own) are listed in :data:`PAGE_DECIDES` and stay page runs.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from dashboard.core import params
from tests.pages.test_pages_bad_links import BASE, ODD, PAGES

# (case, page): the page itself refuses what the table accepts in form and data.
PAGE_DECIDES: frozenset[tuple[str, str]] = frozenset(
    {
        ("project-withheld", "project"),
        ("project-unknown", "project"),
        ("project-nul", "project"),
    }
)


def _raw(page: str, given: dict[str, str]) -> dict[str, str]:
    """The URL's values as a page reads them (trimmed, clipped, empty = not given)."""
    values = {**BASE.get(page, {}), **given}
    out = {}
    for name, value in values.items():
        limit = params.BY_NAME[name].max_length if name in params.BY_NAME else 100
        trimmed = params.trim(value, limit)
        if trimmed:
            out[name] = trimmed
    return out


def _cases() -> list:
    return [
        pytest.param(case, page, given, page in bad_on, id=f"{case}-{page}")
        for case, given, bad_on in ODD
        for page in PAGES
        if (case, page) not in PAGE_DECIDES
    ]


@pytest.mark.parametrize(("case", "page", "given", "bad"), _cases())
def test_the_table_shows_or_explains_each_odd_link(
    mini_url: str, case: str, page: str, given: dict[str, str], bad: bool
) -> None:
    reading = params.resolve(mini_url, params.parse(_raw(page, given), page))
    if not bad:
        assert reading.view is not None, [p.text("en") for p in reading.problems]
        return
    assert reading.view is None and reading.problems
    for problem in reading.problems:  # every refusal is a sentence, never a key
        assert problem.text("zh") and not problem.text("zh").startswith("bad.")
    # The way back works and keeps what was valid in the link.
    back = params.resolve(mini_url, params.parse(_raw(page, reading.repaired), page))
    assert back.view is not None, (urlencode(reading.repaired), back.problems)


def test_the_page_decided_cases_are_cases_of_the_matrix() -> None:
    assert {case for case, _ in PAGE_DECIDES} <= {case for case, _, _ in ODD}
