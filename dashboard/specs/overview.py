"""The overview page's charts (/): headline figures, the closed loop, reported vs computed."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import plotly.graph_objects as go

from dashboard import formatting as fmt
from dashboard import reads
from dashboard.i18n import t
from dashboard.specs.base import ChartSpec, Column, declare
from dashboard.theme import SERIES_COLOURS, base_layout
from dashboard.view import View
from data_access.metric_registry import kind_of

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
    current = reads.metrics(
        view.url, view.stamp, view.year, view.region, view.scope, view.department_id, view.release
    )
    years = reads.available_years(view.url, view.stamp, view.release)
    previous_year = view.year - 1 if view.year - 1 in years else None
    previous = (
        reads.metrics(
            view.url,
            view.stamp,
            previous_year,
            view.region,
            view.scope,
            view.department_id,
            view.release,
        )
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
    )
)

LOOP_STAGES: tuple[str, ...] = ("spending", "targets", "monitoring", "evaluation", "application")


def loop_rows(view: View) -> pd.DataFrame:
    """The closed loop in money: spending → with targets → monitored → evaluated → applied."""
    metrics = reads.metrics(
        view.url, view.stamp, view.year, view.region, view.scope, None, view.release
    )
    applied = reads.applied_funds(
        view.url, view.stamp, view.year, view.region, view.scope, view.release
    )
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
                "share": (float(funds_of[stage]) / float(spending))
                if spending and funds_of[stage] is not None
                else None,
            }
            for stage in LOOP_STAGES
        ]
    )


def loop_figure(df: pd.DataFrame, view: View) -> go.Figure:
    """One funnel: how much of the money passes each link of the loop."""
    divisor, unit = fmt.money_scale(df["funds"].tolist(), view.lang)
    labels = [t(f"loop.{stage}", view.lang) for stage in df["stage"]]
    values = [fmt.scaled(v, divisor) or 0.0 for v in df["funds"]]
    text = [
        f"{fmt.money(v, view.lang)} · {fmt.percent(s, view.lang)}"
        for v, s in zip(df["funds"], df["share"], strict=True)
    ]
    fig = go.Figure(
        go.Funnel(
            y=labels,
            x=values,
            text=text,
            textinfo="text",
            textposition="inside",
            marker={"color": [SERIES_COLOURS[i % len(SERIES_COLOURS)] for i in range(len(values))]},
            connector={"fillcolor": "#E8EEF5"},
            hovertemplate="%{y}: %{x:,.2f} " + unit + "<extra></extra>",
        )
    )
    return base_layout(fig, years_axis=False, height=340)


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
        ),
        figure=loop_figure,
        footnote="chart.loop.footnote",
        metrics=("target_covered_funds", "monitored_funds", "evaluated_funds", "applied_rate"),
        is_empty=lambda df: not df["funds"].iloc[0],
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
    reported = reads.reported_figures(
        view.url, view.stamp, view.year, view.region, view.scope, view.release
    )
    computed = reads.metrics(
        view.url, view.stamp, view.year, view.region, view.scope, None, view.release
    )
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
