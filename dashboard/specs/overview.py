"""The overview page's charts (/): headline figures, the closed loop, reported vs computed."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import plotly.graph_objects as go

from dashboard.core import formatting as fmt
from dashboard.core import reads
from dashboard.core.i18n import t
from dashboard.core.theme import OKABE_ITO, base_layout
from dashboard.core.view import View
from dashboard.specs import summaries
from dashboard.specs.base import ChartSpec, Column, declare, is_missing, subject_words
from data_access.metrics.registry import kind_of

HEADLINE_METRICS: tuple[str, ...] = (
    "project_spending",
    "evaluated_funds",
    "evaluation_coverage_rate",
    "target_coverage_rate",
    "monitoring_coverage_rate",
    "execution_rate",
    "average_score",
    "target_achievement_rate",
    "projects",
    "evaluations",
)


def headline_rows(view: View) -> pd.DataFrame:
    """The headline metrics of the view and of the year before (None when no such year)."""
    current = reads.metrics(view.url, view.stamp, view.filter())
    years = reads.available_years(view.url, view.stamp, view.release)
    previous_year = view.year - 1 if view.year - 1 in years else None
    previous = (
        reads.metrics(view.url, view.stamp, view.filter(year=previous_year))
        if previous_year is not None
        else {}
    )
    rows = [
        {
            "metric": key,
            "kind": kind_of(key),
            "value": current.get(key),
            "previous_year": previous_year,
            "previous_value": previous.get(key) if previous_year is not None else None,
        }
        for key in HEADLINE_METRICS
    ]
    return pd.DataFrame(rows)


def headline_summary(df: pd.DataFrame, view: View) -> str:
    """ "2017年，江西省评价资金10.00亿元，占项目支出的90.1%，比2016年提高90.1 个百分点。":
    the evaluated funds and their coverage, with the coverage's change from the year the
    cards compare with."""
    rows = {str(row["metric"]): row for row in df.to_dict("records")}
    funds, coverage = rows["evaluated_funds"], rows["evaluation_coverage_rate"]
    text = t(
        "summary.headline",
        view.lang,
        year=fmt.year(view.year, view.lang),
        subject=subject_words(view),
        funds=fmt.metric("evaluated_funds", funds["value"], view.lang),
        coverage=fmt.metric("evaluation_coverage_rate", coverage["value"], view.lang),
    )
    previous_year = coverage["previous_year"]
    if not is_missing(previous_year):
        text += summaries.change(
            "evaluation_coverage_rate",
            None if is_missing(coverage["value"]) else coverage["value"],
            None if is_missing(coverage["previous_value"]) else coverage["previous_value"],
            int(previous_year),
            view.lang,
        )
    return text + summaries.end(view.lang)


HEADLINE = declare(
    ChartSpec(
        key="headline",
        page="overview",
        title="chart.headline.title",
        data=headline_rows,
        columns=(
            Column("metric", "reported.metric", "metric"),
            Column("kind", "col.kind", "text", hidden=True),
            Column("value", "col.value", "mixed"),
            Column("previous_year", "col.previous_year", "year"),
            Column("previous_value", "col.previous_value", "mixed"),
        ),
        body="metric_cards",
        metrics=HEADLINE_METRICS,
        glossary=("scope_all", "scope_own", "no_data"),
        is_empty=lambda df: (
            not df.loc[df["metric"] == "projects", "value"].fillna(0).astype(int).any()
        ),
        summary=headline_summary,
    )
)

LOOP_STAGES: tuple[str, ...] = ("spending", "targets", "monitoring", "evaluation", "application")
# The headline card's rate of each stage. Its denominator is not always the spending:
# monitoring coverage is monitored ÷ funds with targets (the metric registry's
# definition), while the funnel's shares are all of the spending. Both are shown, and
# the footnote says why they differ, instead of two unexplained percentages.
LOOP_CARD_RATES: dict[str, str] = {
    "targets": "target_coverage_rate",
    "monitoring": "monitoring_coverage_rate",
    "evaluation": "evaluation_coverage_rate",
}


def loop_rows(view: View) -> pd.DataFrame:
    """The closed loop in money: spending → with targets → monitored → evaluated → applied;
    ``share`` is each stage's share of the spending, ``card_rate`` the headline card's
    rate of that stage (None for stages without a card)."""
    government = view.filter(department_id=None)
    metrics = reads.metrics(view.url, view.stamp, government)
    applied = reads.applied_funds(view.url, view.stamp, government)
    spending = metrics.get("project_spending") or Decimal(0)
    funds_of = {
        "spending": spending,
        "targets": metrics.get("target_covered_funds"),
        "monitoring": metrics.get("monitored_funds"),
        "evaluation": metrics.get("evaluated_funds"),
        "application": applied,
    }
    return pd.DataFrame(
        [
            {
                "stage": stage,
                "funds": funds_of[stage],
                # (``or 0``: never None here, which the type checker cannot see)
                "share": (float(funds_of[stage] or 0) / float(spending))
                if spending and funds_of[stage] is not None
                else None,
                "card_rate": metrics.get(LOOP_CARD_RATES[stage])
                if stage in LOOP_CARD_RATES
                else None,
            }
            for stage in LOOP_STAGES
        ]
    )


def loop_figure(df: pd.DataFrame, view: View) -> go.Figure:
    """One funnel: how much of the money passes each link of the loop.

    Phone-readable: each bar holds only its share of the spending (a few characters, in
    white on one dark colour), and the stage, its amount and, where the headline card's
    rate has another denominator (monitoring), that rate are the axis label beside it.
    """
    divisor, _ = fmt.money_scale(df["funds"].tolist(), view.lang)
    values = [fmt.scaled(v, divisor) or 0.0 for v in df["funds"]]
    labels = []
    for row in df.itertuples(index=False):
        label = f"{t(f'loop.{row.stage}', view.lang)}<br>{fmt.money(row.funds, view.lang)}"
        card = row.card_rate
        if card is not None and not pd.isna(card) and not _same_rate(card, row.share):
            label += "<br>" + t("loop.of_targets", view.lang, rate=fmt.percent(card, view.lang))
        labels.append(label)
    text = [fmt.percent(share, view.lang) for share in df["share"]]
    fig = go.Figure(
        go.Funnel(
            y=labels,
            x=values,
            text=text,
            textinfo="text",
            textposition="inside",
            textfont={"size": 13, "color": "#FFFFFF"},
            # One dark colour: the stages are named on the axis, and white labels stay
            # readable on every bar (they were not on orange and sky blue).
            marker={"color": OKABE_ITO["blue"]},
            connector={"fillcolor": "#E8EEF5"},
            customdata=[t("loop.of_spending", view.lang, share=x) for x in text],
            hovertemplate="%{y}<br>%{customdata}<extra></extra>",
        )
    )
    fig.update_layout(uniformtext={"minsize": 12, "mode": "show"})
    return base_layout(fig, years_axis=False, height=380)


def _same_rate(card: object, share: object) -> bool:
    """Whether the card's rate and the funnel's share print the same (same denominator)."""
    if share is None or pd.isna(share):
        return False
    return abs(float(card) - float(share)) < 5e-4  # type: ignore[arg-type]


def loop_summary(df: pd.DataFrame, view: View) -> str:
    """The funnel in one sentence: the spending, then each stage's share of it."""
    share = {
        str(row["stage"]): fmt.percent(None if is_missing(row["share"]) else row["share"],
                                       view.lang)
        for row in df.to_dict("records")
    }
    return t(
        "summary.loop",
        view.lang,
        year=fmt.year(view.year, view.lang),
        subject=subject_words(view, department=False),
        spending=fmt.money(df["funds"].iloc[0], view.lang),
        **{stage: share[stage] for stage in LOOP_STAGES[1:]},
    ) + summaries.end(view.lang)


LOOP = declare(
    ChartSpec(
        key="loop",
        page="overview",
        title="chart.loop.title",
        data=loop_rows,
        columns=(
            Column("stage", "col.stage", "label", vocabulary="loop"),
            Column("funds", "col.funds", "money"),
            Column("share", "col.share", "rate"),
            # In the JSON rows and on the funnel's axis; kept out of the table and CSV,
            # whose three columns (stage, funds, share of spending) readers rely on.
            Column("card_rate", "col.card_rate", "rate", hidden=True),
        ),
        figure=loop_figure,
        footnote="chart.loop.footnote_shares",
        metrics=("target_covered_funds", "monitored_funds", "evaluated_funds", "applied_rate"),
        is_empty=lambda df: not df["funds"].iloc[0],
        summary=loop_summary,
    )
)

REPORTED_COLUMNS: tuple[str, ...] = (
    "metric",
    "kind",
    "reported",
    "computed",
    "difference",
    "source",
    "source_url",
    "note",
)


def reported_rows(view: View) -> pd.DataFrame:
    """Each officially reported figure beside the figure computed for the same view."""
    government = view.filter(department_id=None)
    reported = reads.reported_figures(view.url, view.stamp, government)
    computed = reads.metrics(view.url, view.stamp, government)
    rows = []
    for figure in reported:
        kind, base = fmt.reported_in_base_unit(figure.value, figure.unit)
        value = computed.get(figure.metric) if figure.metric in computed else None
        difference = (Decimal(str(value)) - base) if value is not None else None
        rows.append(
            {
                "metric": figure.metric,
                "kind": kind,
                "reported": base,
                "computed": value,
                "difference": difference,
                "source": figure.source_title,
                "source_url": figure.source_url,
                "note": figure.note,
            }
        )
    return pd.DataFrame(rows, columns=list(REPORTED_COLUMNS))


REPORTED = declare(
    ChartSpec(
        key="reported",
        page="overview",
        title="chart.reported.title",
        data=reported_rows,
        columns=(
            Column("metric", "reported.metric", "metric"),
            Column("kind", "col.kind", "text", hidden=True),
            Column("reported", "reported.reported", "mixed"),
            Column("computed", "reported.computed", "mixed"),
            Column("difference", "reported.difference", "mixed"),
            Column("source", "reported.source", "text"),
            Column("source_url", "reported.source", "link", hidden=True),
            Column("note", "reported.note", "text"),
        ),
        source="source.reported",
        empty_text="chart.reported.empty",
    )
)
