"""No URL shows a traceback: every page with odd parameters either shows its view or a
short explanation with a way back, and the way back is a view that works.

A parameter that does not belong to a page (``metric`` on /trends, ``page`` on /) is
ignored there; an empty one (``year=``) counts as not given. Values come from the URL
as typed, so they include SQL LIKE wildcards, quotes, control characters, non-ASCII
digits and numbers too long to convert.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from dashboard.core.i18n import t
from dashboard.core.paths import PAGE_DEFS
from tests import pages_support as support
from tests.pages_support import open_page, page_links, texts

PAGES = [p.name for p in PAGE_DEFS]
# What each page needs to show a normal view (the project page needs a project).
BASE: dict[str, dict[str, str]] = {"project": {"project": "36000017001", "year": "2017"}}
EVERYWHERE = frozenset(PAGES)
DEPT_PAGES = frozenset({"trends", "explore", "hearing", "data"})  # the pages reading dept

# (id, parameters, pages on which the link is bad and must be explained)
ODD: list[tuple[str, dict[str, str], frozenset[str]]] = [
    ("year-abc", {"year": "abc"}, EVERYWHERE),
    ("year-empty", {"year": ""}, frozenset()),
    ("year-99999", {"year": "99999"}, EVERYWHERE),
    ("year-superscript", {"year": "²"}, EVERYWHERE),
    ("year-fullwidth", {"year": "２０１７"}, EVERYWHERE),
    ("year-huge", {"year": "9" * 5000}, EVERYWHERE),
    ("page-minus-1", {"page": "-1"}, frozenset({"explore"})),
    ("page-0", {"page": "0"}, frozenset({"explore"})),
    ("page-abc", {"page": "abc"}, frozenset({"explore"})),
    ("page-999999", {"page": "999999"}, frozenset({"explore"})),
    ("page-huge", {"page": "9" * 5000}, frozenset({"explore"})),
    ("page-1", {"page": "1"}, frozenset()),
    ("sort-bogus", {"sort": "bogus"}, frozenset({"explore"})),
    ("sort-name", {"sort": "name"}, frozenset()),
    ("lang-fr", {"lang": "fr"}, EVERYWHERE),
    ("lang-empty", {"lang": ""}, frozenset()),
    ("scope-empty", {"scope": ""}, frozenset()),
    ("scope-bogus", {"scope": "bogus"}, EVERYWHERE),
    ("region-5-digits", {"region": "36000"}, EVERYWHERE),
    ("region-unknown", {"region": "990000"}, EVERYWHERE),
    ("region-sql", {"region": "360000' OR '1'='1"}, EVERYWHERE),
    ("dept-unknown", {"region": "360000", "dept": "NOPE"}, DEPT_PAGES),
    ("dept-no-region", {"dept": "D002"}, frozenset()),
    (
        "dept-of-other-region",
        {"region": "360100", "dept": "D002"},
        DEPT_PAGES,
    ),
    ("dept-nul", {"dept": "D0\x0002"}, DEPT_PAGES),
    # No project: the project search (issue 10), not an error.
    ("project-empty", {"project": ""}, frozenset()),
    # A withheld code is answered exactly like an unknown one (the disclosure rule).
    ("project-withheld", {"project": "36000017003", "year": "2017"}, frozenset({"project"})),
    ("project-unknown", {"project": "NOPE'%_"}, frozenset({"project"})),
    ("project-nul", {"project": "3600\x0017001"}, frozenset({"project"})),
    ("metric-bogus", {"metric": "bogus"}, frozenset({"regions"})),
    ("q-wildcards", {"q": "%_'"}, frozenset()),
    ("q-long", {"q": "农" * 500}, frozenset()),
    ("chart-bogus", {"chart": "bogus"}, frozenset()),
    ("release-abc", {"release": "abc"}, EVERYWHERE),
    ("release-unknown", {"release": "999"}, EVERYWHERE),
    ("release-fullwidth", {"release": "１"}, EVERYWHERE),
    ("release-negative", {"release": "-1"}, EVERYWHERE),
    ("release-empty", {"release": ""}, frozenset()),
    ("release-pinned", {"release": "1"}, frozenset()),
    ("embed", {"embed": "true", "embed_options": "light_theme"}, frozenset()),
    (
        "all-bad",
        {"year": "abc", "region": "36000", "lang": "fr", "scope": "x", "page": "0"},
        EVERYWHERE,
    ),
    (
        "county-bad-list",
        {"region": "360121", "dept": "NOPE", "page": "0", "sort": "bogus", "metric": "x"},
        frozenset({"trends", "explore", "regions", "hearing", "data"}),
    ),
    ("good-and-bad", {"year": "2016", "region": "360100", "sort": "bogus"}, frozenset({"explore"})),
    ("county-year-without-data", {"year": "2016", "region": "360121"}, frozenset()),
]


# Ways back already opened and found working (many bad links share one).
_WORKING: set[tuple[str, str]] = set()


def _explained(at) -> bool:
    return any(t("bad.title", lang) in texts(at) for lang in ("zh", "en"))


def _target(link) -> str:
    return link.proto.page.strip("/") or "overview"


# Every case on every page is answered by the parameter table in
# tests/unit/test_bad_link_matrix.py; the pages run these few, to show that each page
# explains what the table refuses (and offers a way back that works), shows its view
# otherwise, and never a traceback; plus the cases a page decides itself.
PAGE_RUNS = ("all-bad", "year-huge", "dept-nul", "region-sql", "release-unknown", "year-empty")
PAGE_DECIDES = {"project-withheld", "project-unknown", "project-nul"}


def _runs() -> list:
    runs = []
    for case, params, bad_on in ODD:
        if case in PAGE_RUNS:
            pages = PAGES
        elif case in PAGE_DECIDES:
            pages = sorted(bad_on)
        else:
            continue
        runs += [pytest.param(page, params, bad_on, id=f"{case}-{page}") for page in pages]
    return runs


@pytest.mark.parametrize(("page", "params", "bad_on"), _runs())
def test_odd_urls_never_show_a_traceback(page, params, bad_on, mini_url, use_db) -> None:
    use_db(mini_url)
    at = open_page(page, **{**BASE.get(page, {}), **params})  # asserts at.exception is empty
    if page not in bad_on:
        assert not _explained(at), texts(at)
        assert at.title, "the page shows its view"
        return
    assert _explained(at), texts(at)
    links = page_links(at)
    assert links, "an explanation offers a way back"
    # The way back is a view that works (and keeps what was valid in the link).
    back = links[0]
    target = _target(back)
    assert target in PAGES
    if (target, back.proto.query_string) not in _WORKING:
        again = open_page(target, **dict(parse_qsl(back.proto.query_string)))
        assert not _explained(again), texts(again)
        _WORKING.add((target, back.proto.query_string))


def test_way_back_keeps_the_valid_parameters(mini_url, use_db) -> None:
    use_db(mini_url)
    at = open_page("explore", year="2016", region="360000", scope="own", sort="bogus", lang="en")
    sorts = "budget, spent, execution_rate, score, name, code, flagged"
    assert t("bad.sort", "en", value="bogus", sorts=sorts) in texts(at)
    back = dict(parse_qsl(page_links(at)[0].proto.query_string))
    assert back == {"lang": "en", "year": "2016", "region": "360000", "scope": "own"}


def test_page_beyond_the_last_is_explained(mini_url, use_db) -> None:
    use_db(mini_url)
    at = open_page("explore", year="2017", region="360000", page="2")
    assert t("bad.page_range", "zh", value="2", pages="1") in texts(at)


def test_search_with_wildcards_is_shown_as_typed(mini_url, use_db) -> None:
    use_db(mini_url)
    at = open_page("explore", year="2017", region="360000", q="%_'")
    # The first text box is the site search of the page frame.
    box = next(box for box in at.text_input if box.label == t("explore.search", "zh"))
    assert box.value == "%_'"


def test_bad_release_is_explained_with_the_releases_there_are(mini_url, use_db) -> None:
    use_db(mini_url)
    at = open_page("overview", release="abc", lang="en")
    assert t("bad.release", "en", value="abc", releases="1") in texts(at)
    back = dict(parse_qsl(page_links(at)[0].proto.query_string))
    assert "release" not in back


def test_a_pinned_release_is_carried_by_every_link(mini_url, use_db) -> None:
    """``release`` is sticky like ``lang``: the address bar and every link keep it."""
    use_db(mini_url)
    at = open_page("overview", release="1", year="2017", region="360000")
    assert not _explained(at), texts(at)
    assert at.query_params["release"] == "1"
    links = page_links(at)
    assert links
    for link in links:
        assert dict(parse_qsl(link.proto.query_string)).get("release") == "1"


def _run_not_found() -> None:
    from dashboard.ui.notfound import show

    show("no-such-page")


def test_the_not_found_page_links_every_page(mini_url, use_db) -> None:
    """The way on from a mistyped address offers every page of the page table (the
    hearing page was once left off a hand-written list)."""
    from streamlit.testing.v1 import AppTest

    from dashboard.core.paths import BY_NAME

    use_db(mini_url)
    at = AppTest.from_function(_run_not_found, default_timeout=support.TIMEOUT)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    linked = {link.proto.page for link in page_links(at)}
    assert {BY_NAME[name].url_path for name in PAGES} <= linked
    labels = {link.proto.label for link in page_links(at)}
    assert t("page.hearing", "en") in labels


def test_the_footer_names_a_publisher_the_title_already_names_once() -> None:
    """The demo release's title ends "（演示数据，合成）" and its publisher is
    "演示数据（合成）": the footer printed the demo label twice."""
    from dashboard.ui.frame import restates
    from data_access.demo import build as demo

    assert restates(demo.RELEASE_TITLE, demo.PUBLISHER)
    assert not restates("江西省预算绩效管理结果", "江西省财政厅")
    assert not restates("江西省预算绩效管理结果", "（）")


def test_the_english_footer_names_the_demo_release_in_english(demo_url, use_db) -> None:
    """On English pages the demo's footer said "(演示数据（合成）, imported …)": its English
    title restates the publisher as much as the Chinese title does, so it is not named
    again, and the line holds no Chinese."""
    import re

    from data_access.demo import build as demo

    use_db(demo_url)
    at = open_page("overview", lang="en")
    footer = [str(c.value) for c in at.caption if str(c.value).startswith("Release served")]
    assert footer and demo.PUBLISHER not in footer[0], footer
    assert not re.search(r"[\u3400-\u9fff]", footer[0]), footer
