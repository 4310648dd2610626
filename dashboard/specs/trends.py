"""The trends page's charts (/trends): evaluated funds, coverage, scores, grades by year.

Every category differs in more than hue (bar patterns, line dashes and markers), axes
count in the page's units (万元/亿元 named in the title, no "10k"), rates run on a fixed
0–100 %, and scores on a range that shows their differences, stated in the axis title.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.core import formatting as fmt
from dashboard.core import reads
from dashboard.core.i18n import metric_label, t
from dashboard.core.theme import (
    BAR_LINE,
    EVAL_TYPE_COLOURS,
    EVAL_TYPE_PATTERNS,
    GRADE_COLOURS,
    GRADE_PATTERNS,
    OKABE_ITO,
    SERIES_COLOURS,
    SERIES_DASHES,
    SERIES_MARKERS,
    base_layout,
)
from dashboard.core.view import View
from dashboard.specs import summaries
from dashboard.specs.base import ChartSpec, Column, declare, metric_columns, subject_words

EVALUATED_KEYS: tuple[str, ...] = (
    "evaluated_funds",
    "evaluated_funds_self",
    "evaluated_funds_department",
    "evaluated_funds_finance",
)
COVERAGE_KEYS: tuple[str, ...] = (
    "target_coverage_rate",
    "monitoring_coverage_rate",
    "evaluation_coverage_rate",
    "target_achievement_rate",
)
SCORE_KEYS: tuple[str, ...] = ("average_score", "weighted_average_score")
GRADE_METRICS: tuple[str, ...] = ("grade_excellent", "grade_good", "grade_fair", "grade_poor")
YEAR = Column("year", "col.year", "year")
# Bar patterns drawn over the bar's own colour (Plotly's default replaces the colour
# with black on white), thin enough that the colour still reads.
PATTERN: dict[str, object] = {
    "fillmode": "overlay",
    "fgcolor": "rgba(0,0,0,0.55)",
    "size": 7,
    "solidity": 0.25,
}
# Score axes: at least this many points tall, in steps of this many points.
SCORE_SPAN = 10
SCORE_STEP = 5


def series_rows(view: View) -> pd.DataFrame:
    """Every year's metrics for the view's region and scope (and department)."""
    series = reads.year_series(view.url, view.stamp, view.filter())
    return pd.DataFrame([{"year": year, **metrics} for year, metrics in series])


def _no_projects(df: pd.DataFrame) -> bool:
    return df.empty or not df["projects"].fillna(0).astype(int).any()


def evaluated_funds_figure(df: pd.DataFrame, view: View) -> go.Figure:
    """Bars per evaluation type, the (deduplicated) total as a line over them."""
    keys = EVALUATED_KEYS[1:]
    divisor, unit = fmt.money_scale(
        df["evaluated_funds"].tolist() + [v for k in keys for v in df[k]], view.lang
    )
    years = [fmt.year(y, view.lang) for y in df["year"]]
    fig = go.Figure()
    for key, code in zip(keys, ("self", "department", "finance"), strict=True):
        fig.add_bar(
            x=years,
            y=[fmt.scaled(v, divisor) for v in df[key]],
            name=t(f"eval_type.{code}", view.lang),
            marker={
                "color": EVAL_TYPE_COLOURS[code],
                "pattern": {"shape": EVAL_TYPE_PATTERNS[code], **PATTERN},
                "line": {"color": BAR_LINE, "width": 0.5},
            },
            hovertemplate="%{x} %{fullData.name}: %{y:,.2f} " + unit + "<extra></extra>",
        )
    fig.add_scatter(
        x=years,
        y=[fmt.scaled(v, divisor) for v in df["evaluated_funds"]],
        name=metric_label("evaluated_funds", view.lang),
        mode="lines+markers",
        line={"color": OKABE_ITO["black"], "width": 2},
        hovertemplate="%{x} %{fullData.name}: %{y:,.2f} " + unit + "<extra></extra>",
    )
    fig.update_layout(barmode="group")
    fig.update_yaxes(tickformat=fmt.axis_tickformat("money"))
    return base_layout(fig, y_title=unit)


def _trend(
    key: str, title: str, metrics: tuple[str, ...], figure: Any, **more: Any
) -> ChartSpec:
    """Declare a chart of the trends page: one row per year with data, a column per
    metric of ``metrics`` (those it explains), empty when the view has no projects."""
    return declare(
        ChartSpec(
            key=key,
            page="trends",
            title=title,
            data=series_rows,
            columns=(YEAR, *metric_columns(metrics)),
            figure=figure,
            metrics=metrics,
            is_empty=_no_projects,
            **more,
        )
    )


EVALUATED_FUNDS_TREND = _trend(
    "evaluated_funds_trend",
    "chart.evaluated_funds.title",
    EVALUATED_KEYS,
    evaluated_funds_figure,
    footnote="chart.evaluated_funds.footnote",
    glossary=("eval_types",),
    summary=summaries.trend("evaluated_funds"),
)


def _lines_figure(df: pd.DataFrame, view: View, keys: tuple[str, ...], *, rate: bool) -> go.Figure:
    years = [fmt.year(y, view.lang) for y in df["year"]]
    fig = go.Figure()
    for index, key in enumerate(keys):
        values = [None if v is None or pd.isna(v) else float(v) for v in df[key]]
        fig.add_scatter(
            x=years,
            y=values,
            name=metric_label(key, view.lang),
            mode="lines+markers",
            line={
                "color": SERIES_COLOURS[index % len(SERIES_COLOURS)],
                "width": 2,
                "dash": SERIES_DASHES[index % len(SERIES_DASHES)],
            },
            marker={"symbol": SERIES_MARKERS[index % len(SERIES_MARKERS)], "size": 8},
            connectgaps=False,
            hovertemplate="%{x} %{fullData.name}: "
            + ("%{y:.1%}" if rate else "%{y:.1f}")
            + "<extra></extra>",
        )
    if rate:
        fig.update_yaxes(tickformat=fmt.axis_tickformat("rate"), range=[0, 1.05])
        return base_layout(fig, y_title=t("unit.percent", view.lang))
    low, high = score_range([v for key in keys for v in df[key]])
    fig.update_yaxes(range=[low, high], tickformat=fmt.axis_tickformat("score"))
    title = (
        t("unit.points", view.lang)
        if (low, high) == (0, 100)
        else t("axis.score_range", view.lang, low=low, high=high)
    )
    return base_layout(fig, y_title=title)


def score_range(values: list[object]) -> tuple[int, int]:
    """A score axis that shows the differences: the values' span widened to whole
    steps of ``SCORE_STEP`` and at least ``SCORE_SPAN`` points, within 0–100.

    Why not 0–100: scores of one region move by a point or two a year, which a 0–100
    axis draws as flat lines. The axis title states the range, so nobody reads the
    bottom of the chart as 0.
    """
    present = [float(v) for v in values if v is not None and not pd.isna(v)]  # type: ignore[arg-type]
    if not present:
        return 0, 100
    low = math.floor((min(present) - 1) / SCORE_STEP) * SCORE_STEP
    high = math.ceil((max(present) + 1) / SCORE_STEP) * SCORE_STEP
    if high - low < SCORE_SPAN:
        pad = math.ceil((SCORE_SPAN - (high - low)) / 2 / SCORE_STEP) * SCORE_STEP
        low, high = low - pad, high + pad
    if low < 0:
        low, high = 0, max(high, SCORE_SPAN)
    if high > 100:
        low, high = min(low, 100 - SCORE_SPAN), 100
    return low, high


def coverage_figure(df: pd.DataFrame, view: View) -> go.Figure:
    """One line per coverage rate, on a 0–100 % axis."""
    return _lines_figure(df, view, COVERAGE_KEYS, rate=True)


def scores_figure(df: pd.DataFrame, view: View) -> go.Figure:
    """Mean and budget-weighted mean score, on an axis that shows their differences."""
    return _lines_figure(df, view, SCORE_KEYS, rate=False)


COVERAGE_TREND = _trend(
    "coverage_trend",
    "chart.coverage.title",
    COVERAGE_KEYS,
    coverage_figure,
    glossary=("no_data", "indicator_met"),
    summary=summaries.trend("evaluation_coverage_rate"),
)

SCORES_TREND = _trend(
    "scores_trend",
    "chart.scores.title",
    SCORE_KEYS,
    scores_figure,
    glossary=("final_evaluation",),
    summary=summaries.trend("average_score"),
)


def grades_figure(df: pd.DataFrame, view: View) -> go.Figure:
    """Stacked bars of final grades; each grade has its colour on every chart."""
    years = [fmt.year(y, view.lang) for y in df["year"]]
    fig = go.Figure()
    for key in GRADE_METRICS:
        code = key.removeprefix("grade_")
        fig.add_bar(
            x=years,
            y=[int(v or 0) for v in df[key]],
            name=fmt.grade(code, view.lang),
            marker={
                "color": GRADE_COLOURS[code],
                "pattern": {"shape": GRADE_PATTERNS[code], **PATTERN},
                "line": {"color": BAR_LINE, "width": 0.5},
            },
            hovertemplate="%{x} %{fullData.name}: %{y:,}<extra></extra>",
        )
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"})
    fig.update_yaxes(tickformat=fmt.axis_tickformat("count"))
    return base_layout(fig, y_title=t("axis.projects", view.lang))


def grades_summary(df: pd.DataFrame, view: View) -> str | None:
    """The grades of the view's year (else of the latest year with projects)."""
    found = summaries.year_row(summaries.year_rows(df), view)
    if found is None:
        return None
    year, row = found
    counts = {
        key.removeprefix("grade_"): fmt.count(int(row[key] or 0), view.lang)
        for key in GRADE_METRICS
    }
    return t(
        "summary.grades",
        view.lang,
        year=fmt.year(year, view.lang),
        subject=subject_words(view),
        **counts,
    ) + summaries.end(view.lang)


GRADES_TREND = _trend(
    "grades_trend",
    "chart.grades.title",
    GRADE_METRICS,
    grades_figure,
    footnote="chart.grades.footnote",
    glossary=("grades", "final_evaluation"),
    summary=grades_summary,
)
