"""Regions (/regions) and Trends (/trends): map, ranking, series over the years."""

from __future__ import annotations

import html
import json
import re

import pytest

from dashboard import specs
from dashboard.core import formatting as fmt
from dashboard.core.i18n import metric_label, t
from dashboard.core.theme import MAP_NO_DATA, hex_to_rgb
from dashboard.core.view import View
from dashboard.specs import maps
from dashboard.specs.maps import NO_BASEMAP
from data_access.flags.rules import RULES
from tests.conftest import MINI_PACKAGE
from tests.flags_by_hand import expected as by_hand
from tests.pages_support import frames, in_order, metrics_shown, open_page, page_links, texts


def _deck(at) -> dict:
    decks = at.get("deck_gl_json_chart")
    assert len(decks) == 1
    return json.loads(decks[0].proto.json)


def _figures(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def test_map_of_the_province_has_its_cities_without_basemap(mini_url, expected, use_db) -> None:
    use_db(mini_url)
    at = open_page("regions", year="2017", region="360000")
    deck = _deck(at)
    assert deck["mapStyle"] == NO_BASEMAP
    features = deck["layers"][0]["data"]["features"]
    names = {f["properties"]["name"]: f["properties"]["value_text"] for f in features}
    assert "南昌市" in names and "赣州市" in names and len(names) == 11
    coverage = expected["2017/360100/all"]["evaluation_coverage_rate"]
    assert names["南昌市"] == fmt.percent(coverage, "zh")
    assert names["九江市"] == t("map.no_data", "zh")
    tooltip = json.loads(at.get("deck_gl_json_chart")[0].proto.tooltip)
    assert "{name}" in tooltip["html"] and "{value_text}" in tooltip["html"]


def test_ranking_bars_carry_region_codes(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("regions", year="2017", region="360000", metric="evaluated_funds", lang="en")
    ranking = _figures(at)[0]
    bar = ranking["data"][0]
    assert bar["type"] == "bar" and bar["orientation"] == "h"
    # An English page names regions in their standard romanisation.
    assert dict(zip(bar["y"], bar["customdata"], strict=True)) == {
        "Ganzhou": "360700",
        "Nanchang": "360100",
    }
    assert ranking["layout"]["xaxis"]["title"]["text"] == "CNY m"
    assert at.title[0].value == t("regions.title", "en")
    assert at.get("selectbox")[1].value == "evaluated_funds"


def test_county_has_no_children_and_points_to_the_explorer(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("regions", year="2017", region="360121")
    assert t("regions.county_summary", "zh", region="南昌县") in texts(at)
    assert any(lk.proto.page == "explore" for lk in page_links(at))
    assert any(lk.proto.page == "hearing" for lk in page_links(at))


def test_county_summary_cards_departments_and_flags(mini_url, expected, use_db) -> None:
    """信丰县 2017 (one project, 36072217001 of XF01 信丰县交通运输局): the headline
    cards are its figures in mini-jiangxi.expected.json; its one department ranked at
    an evaluation coverage of 100 % (5500 万元 evaluated by the finance evaluation E6
    of 5500 spent: projects.csv, evaluations.csv); its flags: "no report" once (E6 has
    neither report title nor link), on a budget of 5500 万元 (tests/flags_by_hand.py)."""
    use_db(mini_url)
    at = open_page("regions", year="2017", region="360722")
    figures = expected["2017/360722/all"]
    cards = metrics_shown(at)
    for key in ("project_spending", "evaluated_funds", "evaluation_coverage_rate",
                "monitoring_coverage_rate", "execution_rate", "average_score", "projects"):
        assert cards[metric_label(key, "zh")][0] == fmt.metric(key, figures[key], "zh"), key
    assert cards[metric_label("project_spending", "zh")][0] == "5,500.00万元"

    tables = frames(at)
    departments = next(f for f in tables if t("col.department", "zh") in f.columns)
    assert departments[t("col.department", "zh")].tolist() == ["信丰县交通运输局"]
    assert departments[t("col.value", "zh")].tolist() == ["100.0%"]
    (bars,) = _figures(at)
    assert bars["data"][0]["customdata"] == ["XF01"]
    assert bars["data"][0]["text"] == ["100.0%"]
    department_link = "".join(str(h.proto.body) for h in at.get("html"))
    assert 'dept=XF01" target="_self">信丰县交通运输局</a>' in department_link

    want = by_hand(MINI_PACKAGE, 2017, {"360722"})
    assert want.flagged == {"36072217001": {"no_report"}}
    flags = next(f for f in tables if t("hearing.col.rule", "zh") in f.columns)
    assert flags[t("hearing.col.rule", "zh")].tolist() == [RULES["no_report"].title("zh")]
    assert flags[t("hearing.col.count", "zh")].tolist() == [fmt.count(1, "zh")]
    assert fmt.money(want.budget, "zh") == "5,500.00万元"
    assert fmt.money(want.budget, "zh") in flags.iloc[0, 2]


def test_county_departments_are_ranked_by_the_chosen_metric(demo_url, use_db) -> None:
    """A demo county with several departments: highest first by the metric in the URL,
    each department of the explorer's table of the county once; a bar opens the
    department's project list."""
    use_db(demo_url)
    at = open_page("regions", region="360722", metric="execution_rate")
    tables = frames(at)
    ranked = next(f for f in tables if t("col.department_code", "zh") in f.columns)
    assert len(ranked) >= 2
    (bars,) = _figures(at)
    plotted = dict(zip(bars["data"][0]["customdata"], bars["data"][0]["x"], strict=True))
    order = [plotted[code] for code in ranked[t("col.department_code", "zh")] if code in plotted]
    assert order == sorted(order, reverse=True)
    explorer = open_page("explore", region="360722")
    listed = next(
        f for f in frames(explorer) if t("col.department_code", "zh") in f.columns
    )[t("col.department_code", "zh")]
    assert sorted(ranked[t("col.department_code", "zh")]) == sorted(listed)


def test_demo_city_map_has_counties(demo_url: str, use_db) -> None:
    use_db(demo_url)
    at = open_page("regions", region="360700")
    features = _deck(at)["layers"][0]["data"]["features"]
    assert len(features) >= 15
    assert all(f["properties"]["code"].startswith("3607") for f in features)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_trends_show_every_year_as_a_category(mini_url: str, lang: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("trends", region="360000", lang=lang)
    figures = _figures(at)
    assert len(figures) == 4
    years = [fmt.year(2016, lang), fmt.year(2017, lang)]
    for figure in figures:
        assert figure["layout"]["xaxis"]["type"] == "category"
        assert list(figure["data"][0]["x"]) == years
    funds = figures[0]
    total = next(
        trace for trace in funds["data"] if trace["name"] == metric_label("evaluated_funds", lang)
    )
    assert total["y"] == [0.0, 10.0] if lang == "zh" else total["y"] == [0.0, 1.0]
    grades = figures[3]
    assert [trace["name"] for trace in grades["data"]] == [
        fmt.grade(g, lang) for g in fmt.GRADE_CODES
    ]
    assert [trace["marker"]["color"] for trace in grades["data"]] == [
        "#009E73",
        "#56B4E9",
        "#F0E442",
        "#D55E00",
    ]


def test_trends_of_a_region_without_data_say_so(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("trends", region="360400")
    assert t("chart.empty", "zh", region="九江市", year="") in texts(at)
    assert not at.get("plotly_chart")


def test_every_chart_has_table_view_and_csv(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("trends", region="360000", lang="en")
    expanders = [e.label for e in at.expander]
    assert expanders.count(t("chart.table", "en")) == 4
    downloads = at.get("download_button")
    assert len(downloads) == 4


# --------------------------------------------------------------------------- honest maps


def _legend(at) -> str:
    legends = [e.proto.body for e in at.get("html") if "map-legend" in e.proto.body]
    assert len(legends) == 1
    return legends[0]


def _features(at) -> dict[str, dict]:
    deck = _deck(at)
    return {f["properties"]["code"]: f["properties"] for f in deck["layers"][0]["data"]["features"]}


@pytest.mark.parametrize("metric", ["average_score", "evaluation_coverage_rate"])
def test_legend_bands_are_fixed_for_every_region(demo_url: str, metric: str, use_db) -> None:
    use_db(demo_url)
    province = open_page("regions", region="360000", metric=metric)
    city = open_page("regions", region="360700", metric=metric)
    # The values differ between the two maps; the bands and the caption do not.
    assert _legend(province) == _legend(city)
    caption = maps.grade_scale("zh") if metric == "average_score" else maps.rate_scale("zh")
    assert html.escape(caption.caption("zh")) in _legend(city)
    for band in caption.bands:
        assert html.escape(band.label) in _legend(city)


def test_scores_are_coloured_by_grade_and_no_data_is_hatched(mini_url, use_db) -> None:
    use_db(mini_url)
    at = open_page("regions", year="2017", region="360000", metric="average_score")
    features = _features(at)
    scale = maps.grade_scale("zh")
    # 南昌市 58.0 is 差, 赣州市 90.0 is 优 (grade bands, not classes over the values).
    assert features["360100"]["fill"][:3] == hex_to_rgb(scale.band_of(58.0).colour)
    assert features["360700"]["fill"][:3] == hex_to_rgb(scale.bands[-1].colour)
    assert features["360400"]["no_data"] and features["360400"]["fill"][:3] == hex_to_rgb(
        MAP_NO_DATA
    )
    layers = {layer["id"]: layer for layer in _deck(at)["layers"]}
    assert layers[maps.HATCH_LAYER_ID]["data"]
    names = {n["text"] for n in layers[maps.LABEL_LAYER_ID]["data"]}
    assert {"南昌市", "赣州市", "九江市"} <= names


def test_english_map_names_regions_in_pinyin(mini_url, use_db) -> None:
    use_db(mini_url)
    at = open_page("regions", year="2017", region="360000", lang="en")
    layers = {layer["id"]: layer for layer in _deck(at)["layers"]}
    names = {n["text"] for n in layers[maps.LABEL_LAYER_ID]["data"]}
    assert {"Nanchang", "Ganzhou", "Jiujiang"} <= names
    assert _features(at)["360700"]["name"] == "Ganzhou"


def test_own_level_scope_compares_the_child_governments(mini_url, use_db) -> None:
    use_db(mini_url)
    whole = _features(open_page("regions", year="2017", region="360000"))
    own_page = open_page("regions", year="2017", region="360000", scope="own")
    own = _features(own_page)
    # 南昌市's own government evaluated all of its funds (its whole area 80.6 %);
    # 赣州市's own government has no projects, though its counties do.
    assert whole["360100"]["value_text"] == fmt.percent(0.8064516129032258, "zh")
    assert own["360100"]["value_text"] == fmt.percent(1.0, "zh")
    assert whole["360700"]["value_text"] == fmt.percent(1.0, "zh")
    assert own["360700"]["no_data"] is True
    scope = [s for s in own_page.get("button_group") if s.value == "own"]
    assert scope, "the 本级/全辖 choice is on the page"
    assert t("scope.own", "zh") in texts(own_page)


def test_ranking_has_parent_and_median_lines(mini_url, expected, use_db) -> None:
    use_db(mini_url)
    at = open_page("regions", year="2017", region="360000", metric="average_score")
    ranking = _figures(at)[0]
    lines = [s["x0"] for s in ranking["layout"]["shapes"]]
    parent = expected["2017/360000/all"]["average_score"]
    children = [expected["2017/360100/all"]["average_score"], 90.0]
    assert lines == pytest.approx([parent, sum(children) / 2])
    annotations = ranking["layout"]["annotations"]
    notes = [a["text"] for a in annotations if a.get("yref") == "paper"]
    assert notes == [
        t("ranking.parent", "zh", name="江西省", value=fmt.score(parent, "zh")),
        t("ranking.median", "zh", value=fmt.score(sum(children) / 2, "zh")),
    ]
    # Each bar's value in the column right of the plot (x = 1 of the paper), where no
    # reference line runs, lowest first like the bars.
    values = [a["text"] for a in annotations if a.get("xref") == "paper"]
    assert values == [fmt.score(v, "zh") for v in sorted(children)]
    assert all(a["x"] == 1 for a in annotations if a.get("xref") == "paper")


def test_ranking_of_amounts_has_no_parent_total(mini_url, use_db) -> None:
    use_db(mini_url)
    at = open_page("regions", year="2017", region="360000", metric="evaluated_funds")
    ranking = _figures(at)[0]
    # The parent's 全辖 total is the sum of the bars: only the median is drawn.
    assert len(ranking["layout"]["shapes"]) == 1
    notes = [a["text"] for a in ranking["layout"]["annotations"] if a.get("yref") == "paper"]
    assert len(notes) == 1 and notes[0].startswith("下级中位数")


# --------------------------------------------------------------------------- English view

CJK = re.compile(r"[\u3400-\u9fff]")
WIDGETS = ("selectbox", "multiselect", "radio", "button_group", "text_input", "slider")


def _widget_words(at) -> list[str]:
    """Every widget label, help text and (formatted) option of the page."""
    words: list[str] = []
    for kind in WIDGETS:
        for element in at.get(kind):
            proto = element.proto
            words.append(proto.label)
            words.append(getattr(proto, "help", ""))
            for option in getattr(proto, "options", []):
                words.append(getattr(option, "content", option))
    return [str(w) for w in words if w]


@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("regions", {"region": "360000", "metric": "average_score"}),
        ("trends", {"region": "360000"}),
        ("overview", {"region": "360000"}),
    ],
)
def test_english_widgets_have_no_chinese(mini_url, page: str, params: dict, use_db) -> None:
    use_db(mini_url)
    at = open_page(page, lang="en", year="2017", **params)
    words = _widget_words(at)
    if page != "trends":  # trends span every year: no year picker
        assert "2017" in words and fmt.year(2017, "zh") not in words
    # The language switch names Chinese in Chinese; nothing else is Chinese.
    chinese = [w for w in words if CJK.search(w)]
    assert chinese == [t("lang.zh", "en")]
    if page == "regions":
        assert metric_label("average_score", "en") in words
        assert metric_label("average_score", "zh") not in words


def test_widgets_are_new_after_a_language_switch(mini_url, use_db) -> None:
    """The same widget id in both languages would keep the old language's option on
    screen ("2017年" on an English page): Streamlit identifies a keyed widget by its key."""
    use_db(mini_url)
    zh = open_page("regions", year="2017", region="360000")
    en = open_page("regions", year="2017", region="360000", lang="en")
    for kind in ("selectbox", "button_group"):
        ids_zh = {element.proto.id for element in zh.get(kind)}
        ids_en = {element.proto.id for element in en.get(kind)}
        assert ids_zh and not ids_zh & ids_en, kind


@pytest.mark.parametrize(("lang", "code"), [("zh", "zh-Hans"), ("en", "en")])
def test_html_lang_follows_the_page(mini_url, lang: str, code: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("regions", year="2017", region="360000", lang=lang)
    scripts = [e.proto.body for e in at.get("html") if "documentElement.lang" in e.proto.body]
    assert scripts == [f'<script>document.documentElement.lang = "{code}";</script>']
    # Inline only: the script loads nothing.
    assert "src=" not in scripts[0] and "import" not in scripts[0]


def test_english_breadcrumb_and_heading_romanise_region_names(mini_url, use_db) -> None:
    use_db(mini_url)
    at = open_page("regions", year="2017", region="360700", lang="en")
    assert at.caption[0].value.startswith("Ganzhou")
    assert "**Ganzhou**" in [m.value for m in at.markdown]
    assert "赣州市" not in texts(at)
    links = [link.proto.label for link in page_links(at)]
    assert "Jiangxi" in links and "江西省" not in links
    # The table view of the map names the counties in pinyin too; the CSV keeps the
    # published names.
    table = specs.regions.REGION_MAP.table(specs.regions.REGION_MAP.data(_view(mini_url)), "en")
    assert "Xinfeng County" in table[t("col.region", "en")].tolist()
    csv = specs.regions.REGION_MAP.csv(specs.regions.REGION_MAP.data(_view(mini_url)), "en")
    assert "信丰县" in csv.decode("utf-8-sig")


def _view(url: str) -> View:
    return View(url=url, stamp="t", page_name="regions", lang="en", year=2017, region="360700")


# The ranking's sentence for the mini package (figures of examples/mini-jiangxi.expected.json:
# the province 90.1%, 赣州市 100.0%, 南昌市 80.6%), written by hand.
RANKING_SENTENCE = {
    "zh": "2017年，江西省评价覆盖率为90.1%；2个有数据的下级地区中，最高的是赣州市（100.0%），"
    "最低的是南昌市（80.6%）。",
    "en": "In 2017, evaluation coverage in Jiangxi stood at 90.1%; of its 2 regions with data, "
    "the highest was Ganzhou (100.0%), the lowest Nanchang (80.6%).",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_chart_is_said_in_one_sentence_above_it(mini_url: str, use_db, lang: str) -> None:
    """Under the chart's title and above the chart, as plain text (shown literally: the
    Markdown is every character escaped, so no name can become a link)."""
    use_db(mini_url)
    at = open_page("regions", year="2017", region="360000", lang=lang)
    drawn = in_order(at)
    sentence = RANKING_SENTENCE[lang]
    ranking = t("chart.ranking.title", lang, metric=metric_label("evaluation_coverage_rate", lang))
    title = next(i for i, (kind, text) in enumerate(drawn) if kind == "header" and
                 text == ranking)
    said = next(i for i, (kind, text) in enumerate(drawn[title:], title) if kind == "markdown")
    chart = next(i for i, (kind, _) in enumerate(drawn[title:], title) if kind == "plotly_chart")
    assert drawn[said][1] == sentence and said < chart
    assert fmt.literal(sentence) in [m.value for m in at.markdown]
    # Said once: the map beside the ranking would say the very same sentence.
    assert [text for kind, text in drawn if kind == "markdown"].count(sentence) == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_trends_sentences_name_the_year_compared(mini_url: str, use_db, lang: str) -> None:
    """Evaluated funds 10.00亿元 in 2017 against 0 in 2016 (expected figures)."""
    use_db(mini_url)
    at = open_page("trends", year="2017", region="360000", lang=lang)
    sentence = {
        "zh": "2017年，江西省评价资金为10.00亿元，比2016年增加10.00亿元。",
        "en": "In 2017, evaluated funds in Jiangxi stood at CNY 1.00 bn, up CNY 1.00 bn on 2016.",
    }[lang]
    drawn = in_order(at)
    said = next(i for i, (kind, text) in enumerate(drawn) if text == sentence)
    assert drawn[said + 1][0] == "plotly_chart"
