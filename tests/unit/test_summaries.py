"""Every view in one sentence (``ChartSpec.summary``, ``dashboard.specs.summaries``).

Why these checks: a chart's sentence must state the figures the chart draws, which are
the example package's figures. Each expected sentence below is written by hand; its
numbers are those of ``examples/mini-jiangxi.expected.json`` (checked against that file
by plain arithmetic in :func:`test_the_hand_written_figures_are_the_expected_ones`) or
summed by hand from the package's ``projects.csv`` (the departments), never the code's
own output. English sentences name regions in English (romanised), never in Chinese.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from dashboard.core import formatting as fmt
from dashboard.core import reads
from dashboard.core.view import View
from dashboard.specs import REGISTRY

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# key -> (view values, zh sentence, en sentence), for the mini package.
SENTENCES: dict[str, tuple[dict[str, object], str, str]] = {
    # The overview's headline: evaluated funds 1,000,000,000 元 of 1,110,000,000 元
    # (90.1%), 2016's coverage 0.0% (evaluated 0 of 480,000,000 元).
    "headline": (
        {"region": "360000"},
        "2017年，江西省评价资金10.00亿元，占项目支出的90.1%，比2016年提高90.1 个百分点。",
        "In 2017, Jiangxi evaluated CNY 1.00 bn, 90.1% of its project spending, "
        "up 90.1 pp on 2016.",
    ),
    # The regions ranking (default metric: evaluation coverage): the province 90.1%;
    # 南昌市 (360100/all) 80.6%; 赣州市, whose only project is 信丰县's (360722), 100.0%.
    "region_ranking": (
        {"region": "360000"},
        "2017年，江西省评价覆盖率为90.1%；2个有数据的下级地区中，最高的是赣州市（100.0%），"
        "最低的是南昌市（80.6%）。",
        "In 2017, evaluation coverage in Jiangxi stood at 90.1%; of its 2 regions with data, "
        "the highest was Ganzhou (100.0%), the lowest Nanchang (80.6%).",
    ),
    # The trends page: evaluated funds 10.00亿元 in 2017, 0 in 2016.
    "evaluated_funds_trend": (
        {"region": "360000"},
        "2017年，江西省评价资金为10.00亿元，比2016年增加10.00亿元。",
        "In 2017, evaluated funds in Jiangxi stood at CNY 1.00 bn, up CNY 1.00 bn on 2016.",
    ),
    "coverage_trend": (
        {"region": "360000"},
        "2017年，江西省评价覆盖率为90.1%，比2016年提高90.1 个百分点。",
        "In 2017, evaluation coverage in Jiangxi stood at 90.1%, up 90.1 pp on 2016.",
    ),
    # 2017 mean score 76.625 -> 76.6; 2016 has no score: no change to state.
    "scores_trend": (
        {"region": "360000"},
        "2017年，江西省平均得分为76.6。",
        "In 2017, average score in Jiangxi stood at 76.6.",
    ),
    "grades_trend": (
        {"region": "360000"},
        "2017年，江西省评价结论为优的项目1个、良1个、中1个、差1个。",
        "In 2017, final grades in Jiangxi: 1 excellent, 1 good, 1 fair and 1 poor.",
    ),
    # The explorer's regions: the province's own level 900,000,000 元 (360000/own),
    # 南昌市 155,000,000 元, 赣州市 55,000,000 元 (信丰县's one project).
    "children_table": (
        {"region": "360000"},
        "2017年，江西省本级项目支出为9.00亿元；2个有数据的下级地区中，最高的是南昌市"
        "（1.55亿元），最低的是赣州市（5,500.00万元）。",
        "In 2017, project spending in Jiangxi (own level) stood at CNY 900.00 m; of its 2 "
        "regions with data, the highest was Nanchang (CNY 155.00 m), the lowest Ganzhou "
        "(CNY 55.00 m).",
    ),
    # The explorer's departments, summed by hand from projects.csv (budget_adjusted,
    # 万元): D001 52,000; D002 30,000 public (its 8,000 withheld project is not listed).
    "departments_table": (
        {"region": "360000"},
        "2017年，江西省本级2个部门中，项目支出最高的是江西省教育厅（5.20亿元），"
        "最低的是江西省卫生健康委员会（3.00亿元）。",
        "In 2017, of the 2 departments of Jiangxi (own level), project spending was highest "
        "in 江西省教育厅 (CNY 520.00 m) and lowest in 江西省卫生健康委员会 (CNY 300.00 m).",
    ),
    # The hearing of 南昌市: coverage 80.6% beside its sibling 赣州市 (100.0%): second
    # of two, median (80.645% + 100%) / 2 = 90.3%.
    "hearing_headline": (
        {"region": "360100"},
        "2017年，南昌市评价覆盖率为80.6%，在2个同级中排第2，同级中位数为90.3%。",
        "In 2017, evaluation coverage in Nanchang stood at 80.6%, ranking 2 of 2 among its "
        "peers (median 90.3%).",
    ),
    # 南昌市 spent on projects 155,000,000 元 in 2017 and had no project in 2016.
    "hearing_trend": (
        {"region": "360100"},
        "2017年，南昌市项目支出为1.55亿元。",
        "In 2017, project spending in Nanchang stood at CNY 155.00 m.",
    ),
}


def _view(url: str, key: str, lang: str, **values: object) -> View:
    spec = REGISTRY[key]
    return View(
        url=url,
        stamp=reads.release_stamp(url),
        page_name=spec.page,
        lang=lang,
        **{"year": 2017, **values},  # type: ignore[arg-type]
    )


def _said(url: str, key: str, lang: str, **values: object) -> str | None:
    spec = REGISTRY[key]
    view = _view(url, key, lang, **values)
    return spec.summary_text(spec.data(view), view)


@pytest.mark.parametrize("key", sorted(SENTENCES))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_chart_says_its_figures_in_one_sentence(mini_url: str, key: str, lang: str) -> None:
    values, zh, en = SENTENCES[key]
    assert _said(mini_url, key, lang, **values) == (zh if lang == "zh" else en)


def _one_decimal_percent(rate: float) -> str:
    return f"{(Decimal(str(rate)) * 100).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"


def test_the_hand_written_figures_are_the_expected_ones(expected: dict) -> None:
    """The figures the sentences above state, from the expected figures' file."""
    province, own = expected["2017/360000/all"], expected["2017/360000/own"]
    nanchang, xinfeng = expected["2017/360100/all"], expected["2017/360722/all"]
    before = expected["2016/360000/all"]
    assert province["evaluated_funds"] == 1_000_000_000  # 10.00亿元
    assert _one_decimal_percent(province["evaluation_coverage_rate"]) == "90.1%"
    assert before["evaluation_coverage_rate"] == 0 and before["evaluated_funds"] == 0
    assert _one_decimal_percent(nanchang["evaluation_coverage_rate"]) == "80.6%"
    assert _one_decimal_percent(xinfeng["evaluation_coverage_rate"]) == "100.0%"
    median = (nanchang["evaluation_coverage_rate"] + xinfeng["evaluation_coverage_rate"]) / 2
    assert _one_decimal_percent(median) == "90.3%"
    assert province["average_score"] == 76.625 and before["average_score"] is None
    grades = [province[f"grade_{g}"] for g in ("excellent", "good", "fair", "poor")]
    assert grades == [1, 1, 1, 1]
    assert own["project_spending"] == 900_000_000  # 9.00亿元
    assert nanchang["project_spending"] == 155_000_000  # 1.55亿元
    assert xinfeng["project_spending"] == 55_000_000  # 5,500.00万元


@pytest.mark.parametrize("key", sorted(set(SENTENCES) - {"departments_table"}))
def test_english_sentences_name_regions_in_english(mini_url: str, key: str) -> None:
    values, _, _ = SENTENCES[key]
    for region in ("360000", "360100", "360700"):
        said = _said(mini_url, key, "en", **{**values, "region": region})
        if said is not None:
            assert not CJK.search(said), said
    # The departments' names are published names (not romanised), the regions' are.
    departments = _said(mini_url, "departments_table", "en", region="360000")
    assert departments is not None
    assert not CJK.search(re.sub(r"江西省(教育厅|卫生健康委员会)", "", departments))


@pytest.mark.parametrize("key", sorted(SENTENCES))
def test_no_data_no_sentence(mini_url: str, key: str) -> None:
    """A view without data (九江市 has no project in any year) has no sentence: the
    chart's empty text says what is missing."""
    assert _said(mini_url, key, "zh", region="360400") is None


def test_every_chart_with_a_figure_has_a_sentence() -> None:
    """Every chart drawing figures on the overview, regions, trends and explore pages and
    in the hearing declares its summary; the explorer's region and department tables too.
    Left out: the reported-vs-computed table (each row is its own published figure with
    its source) and the project list (one page of a list, not one figure)."""
    for spec in REGISTRY.values():
        drawn = spec.figure is not None or spec.body is not None
        if spec.page in ("overview", "regions", "trends", "explore", "hearing") and drawn:
            assert spec.summary is not None, spec.key
    for key in ("children_table", "departments_table"):
        assert REGISTRY[key].summary is not None


@pytest.mark.parametrize(
    ("kind", "current", "previous", "lang", "said"),
    [
        ("rate", 0.9009, 0.0, "zh", (1, "90.1 个百分点")),
        ("rate", 0.80, 0.8004, "en", (0, "0.0 pp")),
        ("money", Decimal("480000000"), Decimal("1110000000"), "zh", (-1, "6.30亿元")),
        ("money", Decimal("1110000000"), Decimal("480000000"), "en", (1, "CNY 630.00 m")),
        ("score", 76.625, 80.0, "en", (-1, "3.4 points")),
        ("count", 6, 6, "zh", (0, "0")),
        ("count", 6, None, "zh", None),
    ],
)
def test_a_change_is_said_without_its_sign(
    kind: str, current: object, previous: object, lang: str, said: object
) -> None:
    assert fmt.metric_change(kind, current, previous, lang) == said
