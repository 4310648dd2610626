"""About (/about) and bad links: definitions from one source, bad parameters explained."""

from __future__ import annotations

import re

import pytest

from dashboard.core.i18n import definition, metric_label, t
from data_access.metrics.compute import METRIC_KEYS
from tests.pages_support import frames, open_page, page_links, texts


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_about_lists_every_metric_definition(mini_url: str, lang: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("about", lang=lang)
    # Definitions and glossary are static tables (their long text wraps); cells are
    # Markdown there: text is escaped, and each key is code under its metric's name.
    definitions = at.table[0].value
    # What a reader sees: Markdown shows a backslash-escaped character as itself.
    assert [
        re.sub(r"\\(.)", r"\1", cell) for cell in definitions[t("about.col.metric", lang)]
    ] == [f"{metric_label(k, lang)}  \n`{k}`" for k in METRIC_KEYS]
    assert [text.replace("\\", "") for text in definitions[t("about.col.definition", lang)]] == [
        definition(k, lang) for k in METRIC_KEYS
    ]
    glossary = at.table[1].value
    terms = [re.sub(r"\\(.)", r"\1", cell) for cell in glossary[t("about.col.term", lang)]]
    assert t("term.scope_own", lang) in terms
    releases = frames(at)[0]
    assert releases[t("about.release.title", lang)].tolist() == ["江西省预算绩效评价结果（小样例）"]
    assert t("about.no_demo", lang) in texts(at)


@pytest.mark.parametrize(
    ("page", "params", "message"),
    [
        ("overview", {"region": "abc"}, ("bad.region", {"value": "abc"})),
        ("overview", {"region": "999999"}, ("bad.region", {"value": "999999"})),
        ("trends", {"year": "1900"}, ("bad.year", {"value": "1900", "years": "2016, 2017"})),
        ("regions", {"scope": "x"}, ("bad.scope", {"value": "x"})),
        ("regions", {"metric": "nope"}, ("bad.metric", {"value": "nope"})),
        (
            "explore",
            {"region": "360000", "dept": "ZZZ"},
            ("bad.dept", {"value": "ZZZ", "region": "江西省"}),
        ),
        ("project", {"project": "36999999999"}, ("bad.project", {"value": "36999999999"})),
    ],
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bad_parameters_are_explained_with_a_way_back(
    mini_url: str, page: str, params: dict, message: tuple, lang: str, use_db
) -> None:
    use_db(mini_url)
    at = open_page(page, lang=lang, **params)
    key, values = message
    assert t(key, lang, **values) in texts(at)
    links = page_links(at)
    assert links, "a bad link must offer a valid view"
    assert "region=360000" in links[0].proto.query_string
    assert "year=2017" in links[0].proto.query_string
    assert not at.get("plotly_chart") and not at.get("deck_gl_json_chart")


def test_language_switch_is_offered_in_the_other_language(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("overview", year="2017", region="360000")
    at.get("button_group")[0].set_value("en").run()
    assert at.query_params["lang"] == "en"
    assert at.title[0].value == t("overview.title", "en")
    assert at.query_params["region"] == "360000" and at.query_params["year"] == "2017"
