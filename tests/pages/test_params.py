"""The one table of URL parameters (``dashboard.core.params``): what each page reads, the
form checks without a database, the same located message on a page and on the plain
routes, and the address bar following a breadcrumb click (issue #9)."""

from __future__ import annotations

from unittest import mock
from urllib.parse import parse_qsl

import pytest
from streamlit.runtime.state.query_params import QueryParams

from dashboard.core import params
from dashboard.core.i18n import t
from tests import pages_support as support
from tests.pages_support import open_page, page_links, texts
from tests.web_support import client_for


def test_pages_read_the_parameters_the_table_gives_them() -> None:
    assert params.STICKY_KEYS == ("lang", "release", "year", "region", "scope")
    assert params.PAGE_PARAMS == {
        "overview": (),
        "trends": ("dept",),
        "regions": ("metric",),
        "explore": (
            "dept", "q", "grade", "flag", "verdict", "score_min", "score_max", "sort",
            "order", "page",
        ),
        "project": ("project",),
        "hearing": ("dept", "step", "present", "ask", "rank"),
        "data": ("dept",),
        "about": (),
    }
    # The site search's text is read on every page, carried only by the explorer's links;
    # its kind, region, year and page are read on every page and carried by none.
    assert {p.name for p in params.params_of("about")} == {
        *params.STICKY_KEYS,
        "q",
        "q_kind",
        "q_region",
        "q_year",
        "q_page",
    }


@pytest.mark.parametrize(
    ("name", "text", "value"),
    [
        ("year", "2017", 2017),
        ("page", "3", 3),
        ("release", "1", 1),
        ("region", "360000", "360000"),
        ("grade", "poor, excellent", ("excellent", "poor")),
        ("score_min", "59.5", 59.5),
        ("present", "yes", False),
        ("sort", "name", "name"),
    ],
)
def test_good_values_parse(name: str, text: str, value: object) -> None:
    page = next(p for p in ("explore", "hearing", "overview") if p in params.BY_NAME[name].pages)
    parsed = params.parse({name: text}, page)
    assert not parsed.problems
    assert parsed.values[name] == value


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("year", "abc"),
        ("year", "２０１７"),
        ("year", "²"),
        ("year", "9" * 5000),
        ("page", "0"),
        ("page", "-1"),
        ("release", "１"),
        ("region", "36000"),
        ("scope", "whole"),
        ("grade", "poor,bogus"),
        ("score_max", "100.001"),
        ("order", "up"),
        ("sort", "bogus"),
        ("lang", "fr"),
    ],
)
def test_bad_values_are_located_problems_without_a_database(name: str, text: str) -> None:
    with mock.patch.object(params, "reads", None):  # parse must not read anything
        parsed = params.parse({name: text}, "explore")
    assert [p.name for p in parsed.problems] == [name]
    problem = parsed.problems[0]
    assert problem.key == params.BY_NAME[name].error
    # What only the data can tell (years, releases) is added by ``resolve``.
    data = {"years": "2017", "releases": "1"}
    problem = params.Problem(problem.key, {**problem.values, **data}, name, problem.value)
    assert problem.text("en").startswith(f"URL parameter {name}={text}: ")
    assert problem.text("zh").startswith(f"链接参数 {name}={text}：")
    assert name not in parsed.repaired


def test_parameters_of_other_pages_are_ignored() -> None:
    parsed = params.parse({"metric": "bogus", "page": "0", "sort": "x"}, "trends")
    assert not parsed.problems
    assert "metric" not in parsed.values


def test_score_range_and_natural_order() -> None:
    parsed = params.parse({"score_min": "80", "score_max": "60"}, "explore")
    assert [p.key for p in parsed.problems] == ["bad.score_range"]
    parsed = params.parse({"sort": "name", "order": "asc"}, "explore")
    assert parsed.values["order"] == "" and "order" not in parsed.repaired


@pytest.mark.parametrize(
    ("query", "name"),
    [({"year": "abc"}, "year"), ({"year": "1999"}, "year"), ({"region": "990000"}, "region")],
)
def test_a_page_and_an_embed_say_the_same(
    mini_url: str, use_db, query: dict[str, str], name: str
) -> None:
    """One table, one message: the embed's and the open-data download's problem detail
    is the page's explanation."""
    with client_for(mini_url) as client:
        answer = client.get("/embed/loop", params={**query, "lang": "en"})
        records = client.get("/download/records/projects.csv", params={**query, "lang": "en"})
    assert answer.status_code == records.status_code == 400
    body = answer.json()
    assert body["parameter"] == records.json()["parameter"] == name
    assert body["detail"].startswith(f"URL parameter {name}={query[name]}: ")
    assert records.json()["detail"] == body["detail"]
    use_db(mini_url)
    at = open_page("overview", lang="en", **query)
    assert t("bad.title", "en") in texts(at)
    assert body["detail"] in texts(at)


def test_a_control_character_in_an_embed_link_is_refused_as_on_a_page(mini_url: str) -> None:
    # A plain route reads values as a page does: a control character (NUL breaks
    # PostgreSQL) is refused naming the parameter, never dropped into another value.
    with client_for(mini_url) as client:
        refused = client.get("/embed/loop", params={"region": "360000", "dept": "D0\x0102"})
        plain = client.get("/embed/loop", params={"region": "360000", "dept": "D002"})
    assert plain.status_code == 200
    assert refused.status_code == 400
    assert refused.json()["parameter"] == "dept"
    assert refused.json()["detail"].startswith("链接参数 dept=D0\\x0102：含有控制字符 \\x01")


def test_breadcrumb_click_puts_the_province_in_the_address_bar(mini_url: str, use_db) -> None:
    """Issue #9: a breadcrumb link to the page already shown reruns it with the link's
    parameters, but the browser's address bar follows only what the script sends
    (``st.query_params`` writes); the view must send its URL after such a click."""
    use_db(mini_url)
    at = open_page("explore", lang="zh", year="2017", region="360121")
    province = next(
        link for link in page_links(at) if dict(parse_qsl(link.proto.query_string)).get(
            "region"
        ) == "360000" and link.proto.page == "explore"
    )
    sent: list[str] = []
    original = QueryParams._send_query_param_msg

    def record(self: QueryParams) -> None:
        sent.append(self.to_dict().get("region", ""))
        original(self)

    # The click, as the browser sends it: the same page, the link's query.
    at.query_params.clear()
    at.query_params.update(dict(parse_qsl(province.proto.query_string)))
    with mock.patch.object(QueryParams, "_send_query_param_msg", record):
        at.run()
    assert not at.exception
    assert sent and sent[-1] == "360000", sent
    assert at.query_params["region"] == "360000"


def test_hearing_keeps_its_parameters_through_the_table(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = support.app_at("hearing", year="2017", region="360000", step="abc")
    at.run()
    assert "URL parameter step=abc" in texts(at) or "链接参数 step=abc" in texts(at)
