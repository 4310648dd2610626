"""Share links (``dashboard.renderers.citations``): a chart's embed and download links must carry
every URL parameter the declared table (``dashboard.core.params``) gives its page, so that
the file a journalist downloads holds what the page showed.

Why these tests: the explorer's project list gained grade, flag, score-range, sort and
order parameters; the download links picked their parameters by hand and dropped them,
so the downloaded file lacked the page's "money at stake" and "flags" columns.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from dashboard.core import params
from dashboard.core.i18n import t
from dashboard.core.view import View
from dashboard.renderers import citations
from dashboard.specs import REGISTRY
from tests.web_support import PUBLIC_CODE, client_for, province_view

# An explorer view with every list parameter away from its default: the mini package
# has three 2017 projects flagged no_report (58.0 差, 72.0 中, 90.0 优); "农" and the
# score range keep two of them.
EXPLORER = {
    "q": "农",
    "grade": ("excellent", "fair", "poor"),
    "flag": "no_report",
    "score_min": 50.0,
    "score_max": 95.5,
    "sort": "flagged",
    "order": "asc",
}


def _view(url: str, page: str, **changes: object) -> View:
    return province_view(url, page, "en", **changes)


def _query(link: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(link).query))


def _read_back(url: str, page: str, link: str) -> View:
    """The view a link means, read through the declared table as the pages read URLs."""
    reading = params.resolve(url, params.parse(_query(link), page))
    assert reading.view is not None, [p.text("en") for p in reading.problems]
    return reading.view


def _full_view(url: str, page: str) -> View:
    """A view of ``page`` with each parameter the table gives that page set away from
    its default (where the mini package has such a value)."""
    changes: dict[str, object] = {"scope": "own"}
    if page in ("trends", "explore", "data"):
        changes.update(dept="D002", department_id=2)
    if page == "explore":
        changes.update(EXPLORER, scope="all", dept=None, department_id=None)
    if page == "project":
        changes.update(project=PUBLIC_CODE)
    if page == "regions":
        changes.update(metric="average_score")
    return _view(url, page, **changes)


def test_project_list_links_carry_the_explorers_filters(mini_url: str) -> None:
    spec = REGISTRY["projects_table"]
    view = _view(mini_url, "explore", **EXPLORER)
    expected = {
        "lang": "en",
        "year": "2017",
        "region": "360000",
        "scope": "all",
        "q": "农",
        "grade": "excellent,fair,poor",
        "flag": "no_report",
        "score_min": "50",
        "score_max": "95.5",
        "sort": "flagged",
        "order": "asc",
        "release": "1",
    }
    for fmt_name in citations.DOWNLOAD_FORMATS:
        assert _query(citations.download_url(spec, view, fmt_name)) == expected
    assert _query(citations.embed_url(spec, view)) == expected
    # Unpinned, the release is left to the reader's day; defaults are not written.
    plain = citations.chart_params(spec, _view(mini_url, "explore"), pinned=False)
    assert plain == {"lang": "en", "year": "2017", "region": "360000", "scope": "all"}


@pytest.mark.parametrize("key", sorted(REGISTRY))
def test_every_share_link_reads_back_as_the_view_it_was_made_from(
    mini_url: str, key: str
) -> None:
    spec = REGISTRY[key]
    view = _full_view(mini_url, spec.page)
    for link in (citations.download_url(spec, view, "csv"), citations.embed_url(spec, view)):
        back = _read_back(mini_url, spec.page, link)
        names = [*params.STICKY_KEYS, *params.PAGE_PARAMS[spec.page]]
        for name in names:
            if name == "release" or (name == "year" and spec.page == "trends"):
                continue
            assert getattr(back, name) == getattr(view, name), (key, name, link)
        assert back.release == citations.served_release_id(view)


def test_the_project_list_download_has_the_pages_columns(mini_url: str) -> None:
    """Read back through the declared table, the download link gives the very CSV the
    page offers, with its money at stake and flags columns and the filtered rows."""
    from dashboard.web.charts import download_body

    spec = REGISTRY["projects_table"]
    view = _view(mini_url, "explore", **EXPLORER)
    page_csv = spec.csv(spec.data(view), "en")
    link = citations.download_url(spec, view, "csv")
    assert download_body(spec, _read_back(mini_url, "explore", link), "csv", "") == page_csv
    header = page_csv.decode("utf-8-sig").splitlines()[0]
    assert t("col.money_at_stake", "en") in header and t("col.flag_rules", "en") in header
    assert len(page_csv.decode("utf-8-sig").splitlines()) == 3  # header + two projects


def test_the_download_route_serves_what_the_share_link_names(mini_url: str) -> None:
    spec = REGISTRY["projects_table"]
    view = _view(mini_url, "explore", **EXPLORER)
    with client_for(mini_url) as client:
        answer = client.get(citations.download_url(spec, view, "csv"))
    assert answer.status_code == 200, answer.text
    assert answer.content == spec.csv(spec.data(view), "en")
