"""Overview (/): headline figures equal compute_metrics, loop, reported vs computed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dashboard.core import formatting as fmt
from dashboard.core.i18n import metric_label, t
from dashboard.specs.overview import HEADLINE_METRICS
from data_access.db.engine import make_engine
from data_access.metrics.compute import ViewFilter, compute_metrics
from data_access.metrics.registry import kind_of
from tests.pages_support import frames, in_order, metrics_shown, open_page, texts

VIEWS = ["2017/360000/all", "2017/360000/own", "2017/360100/all", "2017/360722/all"]


def _value(kind: str, value: object) -> object:
    return Decimal(str(value)) if kind == "money" and value is not None else value


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_headline_figures_equal_the_expected_metrics(
    view: str, lang: str, mini_url: str, expected: dict, use_db
) -> None:
    use_db(mini_url)
    year, region, scope = view.split("/")
    at = open_page("overview", year=year, region=region, scope=scope, lang=lang)
    shown = metrics_shown(at)
    truth = expected[view]
    computed = compute_metrics(make_engine(mini_url), ViewFilter(int(year), region, scope))
    for key in HEADLINE_METRICS:
        kind = kind_of(key)
        label = metric_label(key, lang)
        assert shown[label][0] == fmt.metric_value(kind, _value(kind, truth[key]), lang), key
        assert shown[label][0] == fmt.metric_value(kind, computed[key], lang), key


def test_change_from_the_year_before(mini_url: str, expected: dict, use_db) -> None:
    use_db(mini_url)
    at = open_page("overview", year="2017", region="360000")
    shown = metrics_shown(at)
    now, before = expected["2017/360000/all"], expected["2016/360000/all"]
    spending = metric_label("project_spending", "zh")
    change = fmt.money_delta(
        Decimal(str(now["project_spending"])) - Decimal(str(before["project_spending"])), "zh"
    )
    # The change says which year it is measured against.
    assert shown[spending][1] == f"{change}（较2016年）"
    assert shown[metric_label("projects", "zh")][1] == "+5（较2016年）"
    english = metrics_shown(open_page("overview", year="2017", region="360000", lang="en"))
    assert english[metric_label("projects", "en")][1] == "+5 vs 2016"


def test_first_year_has_no_change(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("overview", year="2016", region="360000")
    assert all(not delta for _, delta in metrics_shown(at).values())


def test_withheld_line_and_reported_figure(mini_url: str, expected: dict, use_db) -> None:
    use_db(mini_url)
    at = open_page("overview", year="2017", region="360000")
    truth = expected["2017/360000/all"]
    line = t(
        "overview.withheld",
        "zh",
        count=truth["withheld_projects"],
        money=fmt.money(Decimal(str(truth["withheld_funds"])), "zh"),
    )
    assert line in texts(at)
    assert "含不公开项目 1 个 / 8,000.00万元" in texts(at)
    reported = next(df for df in frames(at) if t("reported.reported", "zh") in df.columns)
    row = reported.iloc[0]
    assert row[t("reported.metric", "zh")] == metric_label("evaluated_funds", "zh")
    assert row[t("reported.reported", "zh")] == "1,025.10亿元"
    assert row[t("reported.computed", "zh")] == fmt.money(
        Decimal(str(truth["evaluated_funds"])), "zh"
    )
    assert row[t("reported.difference", "zh")] == "-1,015.10亿元"


def test_english_overview_is_english(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("overview", year="2017", region="360000", lang="en")
    assert at.title[0].value == t("overview.title", "en")
    assert "Withheld projects included: 1 / CNY 80.00 m" in texts(at)
    assert "亿元" not in texts(at)


def test_view_without_reported_figures_says_so(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("overview", year="2017", region="360100")
    assert t(
        "chart.reported.empty", "zh", region="南昌市", year=t("chart.empty_year", "zh", year=2017)
    ) in texts(at)


def test_demo_data_is_labelled_and_matches_compute_metrics(demo_url: str, use_db) -> None:
    use_db(demo_url)
    at = open_page("overview")
    assert t("demo.banner", "zh") in texts(at)
    year, region = int(at.query_params["year"]), at.query_params["region"]
    computed = compute_metrics(make_engine(demo_url), ViewFilter(year, region, "all"))
    shown = metrics_shown(at)
    for key in HEADLINE_METRICS:
        assert shown[metric_label(key, "zh")][0] == fmt.metric_value(
            kind_of(key), computed[key], "zh"
        )


def test_mini_package_is_not_labelled_as_demo(mini_url: str, use_db) -> None:
    use_db(mini_url)
    at = open_page("overview", year="2017", region="360000")
    assert t("demo.banner", "zh") not in texts(at)


# --------------------------------------------------------------------------- the funnel


def _funnel(at) -> dict:
    import json

    figures = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    funnels = [f for f in figures if f["data"][0]["type"] == "funnel"]
    assert len(funnels) == 1
    return funnels[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_funnel_and_headline_card_agree_on_monitoring(demo_url: str, lang: str, use_db) -> None:
    use_db(demo_url)
    at = open_page("overview", region="360000", lang=lang)
    engine = make_engine(demo_url)
    year = int(at.get("selectbox")[0].value)
    truth = compute_metrics(engine, ViewFilter(year, "360000", "all"))
    engine.dispose()
    card = fmt.percent(truth["monitoring_coverage_rate"], lang)
    share = fmt.percent(truth["monitored_funds"] / truth["project_spending"], lang)
    # The two rates differ here (different denominators) ...
    assert card != share
    assert metrics_shown(at)[metric_label("monitoring_coverage_rate", lang)][0] == card
    funnel = _funnel(at)["data"][0]
    stages = [label.split("<br>")[0] for label in funnel["y"]]
    monitoring = stages.index(t("loop.monitoring", lang))
    # ... and the funnel shows both, each named by its denominator, and says why.
    assert funnel["text"][monitoring] == share
    assert t("loop.of_targets", lang, rate=card) in funnel["y"][monitoring]
    assert t("chart.loop.footnote_shares", lang) in texts(at)


def test_funnel_labels_fit_a_phone(mini_url: str, expected: dict, use_db) -> None:
    use_db(mini_url)
    funnel = _funnel(open_page("overview", year="2017", region="360000"))
    trace = funnel["data"][0]
    # Inside a bar only the share (a few characters, white on one dark colour).
    assert trace["textposition"] == "inside"
    assert all(len(text) <= 6 for text in trace["text"])
    assert trace["textfont"]["size"] >= 12 and funnel["layout"]["uniformtext"]["minsize"] >= 12
    assert isinstance(trace["marker"]["color"], str)
    # Stage and amount are the axis label beside the bar.
    spending = Decimal(str(expected["2017/360000/all"]["project_spending"]))
    assert trace["y"][0] == f"{t('loop.spending', 'zh')}<br>{fmt.money(spending, 'zh')}"


def test_headline_and_loop_table_carry_the_card_rate(mini_url: str, expected, use_db) -> None:
    from dashboard.core.view import View
    from dashboard.specs.overview import LOOP_CARD_RATES, loop_rows

    truth = expected["2017/360000/all"]
    view = View(
        url=mini_url, stamp="t", lang="zh", year=2017, region="360000", page_name="overview"
    )
    rows = loop_rows(view).set_index("stage")
    for stage, metric in LOOP_CARD_RATES.items():
        assert rows.loc[stage, "card_rate"] == pytest.approx(truth[metric])
    assert rows.loc["targets", "share"] == pytest.approx(truth["target_coverage_rate"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_headline_is_said_in_one_sentence_above_the_cards(
    mini_url: str, expected: dict, use_db, lang: str
) -> None:
    """Evaluated funds 1,000,000,000 元, 90.1% of the spending, 2016: 0.0% (expected
    figures), written by hand; above the first card."""
    truth, before = expected["2017/360000/all"], expected["2016/360000/all"]
    assert truth["evaluated_funds"] == 1_000_000_000
    assert round(truth["evaluation_coverage_rate"] * 100, 1) == 90.1
    assert before["evaluation_coverage_rate"] == 0
    sentence = {
        "zh": "2017年，江西省评价资金10.00亿元，占项目支出的90.1%，比2016年提高90.1 个百分点。",
        "en": "In 2017, Jiangxi evaluated CNY 1.00 bn, 90.1% of its project spending, "
        "up 90.1 pp on 2016.",
    }[lang]
    use_db(mini_url)
    at = open_page("overview", year="2017", region="360000", lang=lang)
    drawn = in_order(at)
    said = next(i for i, (_, text) in enumerate(drawn) if text == sentence)
    assert said < next(i for i, (kind, _) in enumerate(drawn) if kind == "metric")
