"""One URL value, one answer: a page, a download and the API accept and refuse the same
values of the shared parameters, with the same words (issue 15).

Why a matrix: the API used to have its own reader, so ``score_min=1e1`` was 10 points
on ``/api/v1/projects`` and a refused link on ``/explore`` and
``/download/projects_table.csv``. Each row says by hand whether the value is good; the
test asks all three (the page through ``params.parse``/``resolve`` as
``dashboard.ui.state`` does, the two routes through a Starlette client) and checks that
each gives that answer, and that the refusals are one and the same located sentence.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from starlette.testclient import TestClient

from dashboard.core import params
from tests.web_support import client_for

GOOD, BAD = True, False
MATRIX: list[tuple[str, str, bool]] = [
    ("year", "2017", GOOD),
    ("year", "2016", GOOD),
    ("year", "abc", BAD),
    ("year", "２０１７", BAD),  # full-width digits
    ("year", "1e3", BAD),
    ("year", "-2017", BAD),
    ("year", "2017.0", BAD),
    ("year", "1800", BAD),
    ("year", "99999999999", BAD),
    ("region", "360000", GOOD),
    ("region", "36000", BAD),
    ("region", "３６００００", BAD),
    ("region", "36000a", BAD),
    ("scope", "own", GOOD),
    ("scope", "all", GOOD),
    ("scope", "whole", BAD),
    ("scope", "ALL", BAD),
    ("dept", "D001", GOOD),
    ("release", "1", GOOD),
    ("release", "0", BAD),
    ("release", "99999999999", BAD),
    ("release", "１", BAD),
    ("release", "-1", BAD),
    ("release", "x", BAD),
    ("grade", "poor,fair", GOOD),
    ("grade", "poor, excellent", GOOD),
    ("grade", "excellent", GOOD),
    ("grade", "excellent,bad", BAD),
    ("grade", "差", BAD),
    ("grade", "poor fair", BAD),
    ("grade", ",", BAD),
    ("flag", "halted", GOOD),
    ("flag", "lagging_region", BAD),
    ("flag", "x", BAD),
    ("verdict", "carried_out", GOOD),
    ("verdict", "yes", BAD),
    ("score_min", "60", GOOD),
    ("score_min", "59.5", GOOD),
    ("score_min", "0", GOOD),
    ("score_min", "100.00", GOOD),
    ("score_min", "1e1", BAD),
    ("score_min", "abc", BAD),
    ("score_min", "101", BAD),
    ("score_min", "-1", BAD),
    ("score_min", "59.123", BAD),
    ("score_min", "100.001", BAD),
    ("score_max", "80", GOOD),
    ("score_max", "1e1", BAD),
    ("score_max", "inf", BAD),
    ("sort", "name", GOOD),
    ("sort", "code", GOOD),
    ("sort", "flagged", GOOD),
    ("sort", "bogus", BAD),
    ("sort", "Budget", BAD),
    ("order", "asc", GOOD),
    ("order", "desc", GOOD),
    ("order", "up", BAD),
    ("q", "教育", GOOD),
    ("q", "a%_b", GOOD),
    ("lang", "en", GOOD),
    ("lang", "fr", BAD),
    # Control characters (NUL breaks PostgreSQL) are refused in every parameter,
    # named as an escape, never dropped silently (issue 23).
    ("dept", "D0\x0002", BAD),
    ("q", "教\x00育", BAD),
    ("year", "2017\x1b", BAD),
    ("sort", "budget\x7f", BAD),
]


@pytest.fixture(scope="module")
def served(mini_url: str) -> Iterator[tuple[str, TestClient]]:
    with client_for(mini_url) as client:
        yield mini_url, client


def _page(url: str, name: str, value: str, lang: str) -> str | None:
    """What ``/explore`` says of the link: None when it shows the view, else the
    located message its frame shows (values read as ``dashboard.ui.state`` reads them)."""
    cleaned = params.trim(value, params.BY_NAME[name].max_length)
    parsed = params.parse({name: cleaned} if cleaned else {}, "explore")
    reading = params.resolve(url, parsed, lang)
    return None if reading.view is not None else reading.problems[0].text(lang)


def _route(client: TestClient, path: str, name: str, value: str) -> tuple[int, dict]:
    query = {name: value} if name == "lang" else {name: value, "lang": "en"}
    answer = client.get(f"{path}?{urlencode(query)}")
    body = answer.json() if answer.status_code != 200 else {}
    return answer.status_code, body


@pytest.mark.parametrize(("name", "value", "good"), MATRIX)
def test_pages_downloads_and_the_api_give_one_answer(
    served: tuple[str, TestClient], name: str, value: str, good: bool
) -> None:
    url, client = served
    # A bad lang is explained in the default language, by every surface.
    lang = "zh" if name == "lang" else "en"
    page = _page(url, name, value, lang)
    download_status, download = _route(client, "/download/projects_table.csv", name, value)
    api_status, api = _route(client, "/api/v1/projects", name, value)
    if good:
        assert page is None
        assert download_status == 200, download
        assert api_status == 200, api
        return
    assert page is not None
    typed = params.shown(value)  # a control character is named as an escape
    located = {"en": f"URL parameter {name}={typed}: ", "zh": f"链接参数 {name}={typed}："}
    assert page.startswith(located[lang]), page
    for status, body in ((download_status, download), (api_status, api)):
        assert status == 400
        assert body["parameter"] == name
        assert body["detail"] == page


def test_the_refusals_name_what_the_data_offers(served: tuple[str, TestClient]) -> None:
    # Independent expectations: the mini package's years with projects (those of
    # examples/mini-jiangxi.expected.json; 2013 is only a reported figure) and its one
    # release.
    _, client = served
    year = client.get("/api/v1/projects?year=1800&lang=en").json()["detail"]
    assert year == (
        "URL parameter year=1800: There are no data for the year 1800. "
        "Years available: 2016, 2017."
    )
    release = client.get("/api/v1/metrics?release=99999999999&lang=en").json()["detail"]
    assert release == (
        'URL parameter release=99999999999: There is no release "99999999999". '
        "Releases available: 1."
    )
    score = client.get("/api/v1/projects?score_min=1e1&lang=en").json()["detail"]
    assert score == (
        'URL parameter score_min=1e1: Score "1e1" is not valid: use a number from 0 to 100 '
        "(at most two decimals)."
    )


def test_a_control_character_is_named_as_an_escape(served: tuple[str, TestClient]) -> None:
    _, client = served
    answer = client.get("/api/v1/projects", params={"dept": "D0\x0002", "lang": "en"})
    assert answer.status_code == 400
    assert answer.json()["detail"] == (
        "URL parameter dept=D0\\x0002: contains the control character \\x00, which no "
        "link should hold (perhaps copied in by accident); remove it."
    )
