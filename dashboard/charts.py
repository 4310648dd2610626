"""The chart declarations: every chart and table view of the public pages, once each.

Each ``declare(ChartSpec(...))`` below is the single source of a chart: the page shows
it with ``chartspec.show``, the download writes ``spec.csv`` of the same rows, and the
embed and hearing pages (later) look it up by key in ``chartspec.REGISTRY``.
Data functions return language-neutral rows (codes, Decimal 元, fractions); figure
builders do the language and the units.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import data, maps
from dashboard import formatting as fmt
from dashboard.chartspec import ChartSpec, Column, declare, metric_column
from dashboard.i18n import definition, metric_label, t
from dashboard.state import PAGE_SIZE, View
from dashboard.theme import (
    EVAL_TYPE_COLOURS,
    GRADE_COLOURS,
    OKABE_ITO,
    SERIES_COLOURS,
    base_layout,
)
from data_access.metrics import MONEY_METRICS, RATE_METRICS, SCORE_METRICS

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
TABLE_METRICS: tuple[str, ...] = (
    "projects",
    "project_spending",
    "evaluated_funds",
    "evaluation_coverage_rate",
    "target_coverage_rate",
    "execution_rate",
    "average_score",
    "target_achievement_rate",
)
GRADE_METRICS = ("grade_excellent", "grade_good", "grade_fair", "grade_poor")


def metric_kind(key: str) -> str:
    """money / rate / score / count, from the data layer's classification."""
    if key in MONEY_METRICS:
        return "money"
    if key in RATE_METRICS:
        return "rate"
    if key in SCORE_METRICS:
        return "score"
    return "count"


def _metric_columns(keys: tuple[str, ...]) -> tuple[Column, ...]:
    return tuple(metric_column(k, metric_kind(k)) for k in keys)


def _format_for(kind: str, lang: str, divisor: Decimal, unit: str) -> Any:
    """A formatter of plotted values (already divided) for hover and map labels."""
    if kind == "money":
        return lambda v: f"{v:,.2f} {unit}"
    if kind == "rate":
        return lambda v: fmt.percent(v, lang)
    if kind == "score":
        return lambda v: fmt.score(v, lang)
    return lambda v: fmt.count(round(v), lang)


# --------------------------------------------------------------------------- overview


def headline_rows(view: View) -> pd.DataFrame:
    """The headline metrics of the view and of the year before (None when no such year)."""
    current = data.metrics(
        view.url, view.stamp, view.year, view.region, view.scope, view.department_id
    )
    years = data.available_years(view.url, view.stamp)
    previous_year = view.year - 1 if view.year - 1 in years else None
    previous = (
        data.metrics(
            view.url, view.stamp, previous_year, view.region, view.scope, view.department_id
        )
        if previous_year is not None
        else {}
    )
    rows = [
        {
            "metric": key,
            "kind": metric_kind(key),
            "value": current.get(key),
            "previous_year": previous_year,
            "previous_value": previous.get(key) if previous_year is not None else None,
        }
        for key in HEADLINE_METRICS
    ]
    return pd.DataFrame(rows)


def headline_cards(df: pd.DataFrame, view: View) -> None:
    """The headline metrics as cards, each with its change from the year before."""
    previous_year = next(
        (int(y) for y in df["previous_year"] if y is not None and not pd.isna(y)), None
    )
    delta_help = (
        t("overview.delta_help", view.lang, year=previous_year)
        if previous_year is not None
        else t("overview.no_previous", view.lang)
    )
    with st.container(horizontal=True, wrap=True, key="headline-cards", gap="small"):
        for row in df.itertuples(index=False):
            previous = row.previous_value if previous_year is not None else None
            st.metric(
                metric_label(row.metric, view.lang),
                fmt.metric_value(row.kind, row.value, view.lang),
                delta=fmt.metric_delta(row.kind, row.value, previous, view.lang),
                delta_color="normal",
                help=f"{definition(row.metric, view.lang)}\n\n{delta_help}",
                border=True,
                width=230,
            )


HEADLINE = declare(
    ChartSpec(
        key="headline",
        title="chart.headline.title",
        data=headline_rows,
        columns=(
            Column("metric", "reported.metric", "metric"),
            Column("kind", "col.kind", "text", hidden=True),
            Column("value", "col.value", "mixed"),
            Column("previous_year", "col.previous_year", "year"),
            Column("previous_value", "col.previous_value", "mixed"),
        ),
        body=headline_cards,
        metrics=HEADLINE_METRICS,
        glossary=("scope_all", "scope_own", "no_data"),
        is_empty=lambda df: (
            not df.loc[df["metric"] == "projects", "value"].fillna(0).astype(int).any()
        ),
    )
)


def loop_rows(view: View) -> pd.DataFrame:
    """The closed loop in money: spending → with targets → monitored → evaluated → applied."""
    metrics = data.metrics(view.url, view.stamp, view.year, view.region, view.scope, None)
    applied = data.applied_funds(view.url, view.stamp, view.year, view.region, view.scope)
    spending = metrics.get("project_spending") or Decimal(0)
    stages = (
        ("spending", spending),
        ("targets", metrics.get("target_covered_funds")),
        ("monitoring", metrics.get("monitored_funds")),
        ("evaluation", metrics.get("evaluated_funds")),
        ("application", applied),
    )
    return pd.DataFrame(
        [
            {
                "stage": stage,
                "funds": funds,
                "share": (float(funds) / float(spending))
                if spending and funds is not None
                else None,
            }
            for stage, funds in stages
        ]
    )


def loop_figure(df: pd.DataFrame, view: View) -> go.Figure:
    """One funnel: how much of the money passes each link of the loop."""
    divisor, unit = fmt.money_scale(df["funds"].tolist(), view.lang)
    labels = [t(f"loop.{'spending' if s == 'spending' else s}", view.lang) for s in df["stage"]]
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


def reported_rows(view: View) -> pd.DataFrame:
    """Each officially reported figure beside the figure computed for the same view."""
    reported = data.reported_figures(view.url, view.stamp, view.year, view.region, view.scope)
    computed = data.metrics(view.url, view.stamp, view.year, view.region, view.scope, None)
    rows = []
    for figure in reported:
        kind, base = fmt.reported_in_base_unit(figure.value, figure.unit)
        value = computed.get(figure.metric) if figure.metric in computed else None
        difference = (Decimal(str(value)) - base) if value is not None else None
        rows.append(
            {
                "metric": figure.metric,
                "kind": kind,
                "reported_text": fmt.reported_as_published(figure.value, figure.unit, view.lang),
                "reported": base,
                "computed": value,
                "difference": difference,
                "source": figure.source_title,
                "source_url": figure.source_url,
                "note": figure.note,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "metric",
            "kind",
            "reported_text",
            "reported",
            "computed",
            "difference",
            "source",
            "source_url",
            "note",
        ],
    )


REPORTED = declare(
    ChartSpec(
        key="reported",
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


# --------------------------------------------------------------------------- trends


def series_rows(view: View) -> pd.DataFrame:
    """Every year's metrics for the view's region and scope (and department)."""
    series = data.year_series(view.url, view.stamp, view.region, view.scope, view.department_id)
    return pd.DataFrame([{"year": year, **metrics} for year, metrics in series])


def _no_projects(df: pd.DataFrame) -> bool:
    return df.empty or not df["projects"].fillna(0).astype(int).any()


def evaluated_funds_figure(df: pd.DataFrame, view: View) -> go.Figure:
    """Bars per evaluation type, the (deduplicated) total as a line over them."""
    keys = ("evaluated_funds_self", "evaluated_funds_department", "evaluated_funds_finance")
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
            marker_color=EVAL_TYPE_COLOURS[code],
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
    return base_layout(fig, y_title=unit)


EVALUATED_FUNDS_TREND = declare(
    ChartSpec(
        key="evaluated_funds_trend",
        title="chart.evaluated_funds.title",
        data=series_rows,
        columns=(
            Column("year", "col.year", "year"),
            *_metric_columns(
                (
                    "evaluated_funds",
                    "evaluated_funds_self",
                    "evaluated_funds_department",
                    "evaluated_funds_finance",
                )
            ),
        ),
        figure=evaluated_funds_figure,
        footnote="chart.evaluated_funds.footnote",
        metrics=(
            "evaluated_funds",
            "evaluated_funds_self",
            "evaluated_funds_department",
            "evaluated_funds_finance",
        ),
        glossary=("eval_types",),
        is_empty=_no_projects,
    )
)

COVERAGE_KEYS = (
    "target_coverage_rate",
    "monitoring_coverage_rate",
    "evaluation_coverage_rate",
    "target_achievement_rate",
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
            line={"color": SERIES_COLOURS[index % len(SERIES_COLOURS)], "width": 2},
            marker={"symbol": ("circle", "square", "diamond", "triangle-up")[index % 4], "size": 8},
            connectgaps=False,
            hovertemplate="%{x} %{fullData.name}: "
            + ("%{y:.1%}" if rate else "%{y:.1f}")
            + "<extra></extra>",
        )
    if rate:
        fig.update_yaxes(tickformat=".0%", range=[0, 1.05])
        return base_layout(fig, y_title=t("unit.percent", view.lang))
    fig.update_yaxes(range=[0, 100])
    return base_layout(fig, y_title=t("unit.points", view.lang))


COVERAGE_TREND = declare(
    ChartSpec(
        key="coverage_trend",
        title="chart.coverage.title",
        data=series_rows,
        columns=(Column("year", "col.year", "year"), *_metric_columns(COVERAGE_KEYS)),
        figure=lambda df, view: _lines_figure(df, view, COVERAGE_KEYS, rate=True),
        metrics=COVERAGE_KEYS,
        glossary=("no_data", "indicator_met"),
        is_empty=_no_projects,
    )
)

SCORE_KEYS = ("average_score", "weighted_average_score")

SCORES_TREND = declare(
    ChartSpec(
        key="scores_trend",
        title="chart.scores.title",
        data=series_rows,
        columns=(Column("year", "col.year", "year"), *_metric_columns(SCORE_KEYS)),
        figure=lambda df, view: _lines_figure(df, view, SCORE_KEYS, rate=False),
        metrics=SCORE_KEYS,
        glossary=("final_evaluation",),
        is_empty=_no_projects,
    )
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
            marker_color=GRADE_COLOURS[code],
            hovertemplate="%{x} %{fullData.name}: %{y:,}<extra></extra>",
        )
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"})
    return base_layout(fig, y_title=t("unit.projects", view.lang))


GRADES_TREND = declare(
    ChartSpec(
        key="grades_trend",
        title="chart.grades.title",
        data=series_rows,
        columns=(Column("year", "col.year", "year"), *_metric_columns(GRADE_METRICS)),
        figure=grades_figure,
        footnote="chart.grades.footnote",
        metrics=GRADE_METRICS,
        glossary=("grades", "final_evaluation"),
        is_empty=_no_projects,
    )
)


# --------------------------------------------------------------------------- regions


def child_values(view: View) -> pd.DataFrame:
    """The chosen metric for every child region's 全辖 (children without data included)."""
    rows = data.children_metrics(view.url, view.stamp, view.year, view.region)
    return pd.DataFrame(
        [
            {
                "code": r["code"],
                "name": r["name"],
                "level": r["level"],
                # A region without project-years has no data, not a value of 0.
                "value": r["metrics"].get(view.metric) if r["metrics"].get("projects") else None,
                "projects": r["metrics"].get("projects"),
            }
            for r in rows
            if r["kind"] == "child"
        ],
        columns=["code", "name", "level", "value", "projects"],
    )


def _value_column(view_metric: str) -> Column:
    return Column("value", f"metric.{view_metric}", metric_kind(view_metric))


def _plot_values(df: pd.DataFrame, view: View) -> tuple[list[float | None], str, Any]:
    kind = metric_kind(view.metric)
    divisor, unit = (
        fmt.money_scale(df["value"].tolist(), view.lang) if kind == "money" else (Decimal(1), "")
    )
    values = [
        None
        if v is None or pd.isna(v)
        else (fmt.scaled(v, divisor) if kind == "money" else float(v))
        for v in df["value"]
    ]
    return values, unit, _format_for(kind, view.lang, divisor, unit)


def map_figure(df: pd.DataFrame, view: View) -> Any:
    """The choropleth of the chosen metric over the child regions."""
    values, _, fmt_value = _plot_values(df, view)
    plotted = df.assign(value=values)
    geojson = data.boundaries(tuple(df["code"].tolist()))
    return maps.choropleth(
        plotted,
        geojson,
        value_label=metric_label(view.metric, view.lang),
        fmt_value=fmt_value,
        no_data=t("map.no_data", view.lang),
    )


def map_legend(df: pd.DataFrame, view: View) -> str:
    """The map's legend as HTML (class bounds in the metric's format)."""
    values, _, fmt_value = _plot_values(df, view)
    present = [v for v in values if v is not None]
    return maps.legend_html(
        t("map.legend", view.lang),
        maps.legend_items(present, fmt_value, t("map.no_data", view.lang)),
    )


def _all_missing(df: pd.DataFrame) -> bool:
    return df.empty or df["value"].isna().all() or not df["projects"].fillna(0).astype(int).any()


REGION_MAP = declare(
    ChartSpec(
        key="region_map",
        title="chart.map.title",
        title_values=lambda view: {"metric": metric_label(view.metric, view.lang)},
        data=child_values,
        columns=(
            Column("code", "col.region_code", "code"),
            Column("name", "col.region", "text"),
            Column("value", "col.value", "mixed", hidden=True),
            Column("level", "col.kind", "text", hidden=True),
            Column("projects", "metric.projects", "count"),
        ),
        figure=map_figure,
        legend=map_legend,
        footnote="source.gazetteer",
        glossary=("scope_all", "no_data"),
        is_empty=_all_missing,
        height=460,
    )
)


def ranking_figure(df: pd.DataFrame, view: View) -> go.Figure:
    """Horizontal bars, highest first; each bar carries its region code for drilling."""
    values, unit, fmt_value = _plot_values(df, view)
    ranked = df.assign(plot=values).dropna(subset=["plot"]).sort_values("plot", ascending=True)
    fig = go.Figure(
        go.Bar(
            x=ranked["plot"].tolist(),
            y=ranked["name"].tolist(),
            orientation="h",
            customdata=ranked["code"].tolist(),
            marker_color=OKABE_ITO["blue"],
            text=[fmt_value(v) for v in ranked["plot"]],
            # Outside the bar: a bar of 0 (or a short one) still shows its value.
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    kind = metric_kind(view.metric)
    if kind == "rate":
        fig.update_xaxes(tickformat=".0%")
    present = [v for v in ranked["plot"] if v is not None]
    if present and min(present) >= 0:
        # Room for the value written after the longest bar.
        fig.update_xaxes(range=[0, (max(present) or 1) * 1.18])
    fig.update_layout(clickmode="event+select")
    fig.update_yaxes(automargin=True)
    title = unit if kind == "money" else metric_label(view.metric, view.lang)
    return base_layout(fig, years_axis=False, x_title=title, height=max(320, 28 * len(ranked) + 80))


REGION_RANKING = declare(
    ChartSpec(
        key="region_ranking",
        title="chart.ranking.title",
        title_values=lambda view: {"metric": metric_label(view.metric, view.lang)},
        data=child_values,
        columns=(
            Column("code", "col.region_code", "code"),
            Column("name", "col.region", "text"),
            Column("value", "col.value", "mixed", hidden=True),
            Column("projects", "metric.projects", "count"),
        ),
        figure=ranking_figure,
        glossary=("scope_all", "no_data"),
        is_empty=_all_missing,
    )
)


# --------------------------------------------------------------------------- explorer


def children_rows(view: View) -> pd.DataFrame:
    """The region's 本级 row, then each child's 全辖, with the table metrics."""
    rows = data.children_metrics(view.url, view.stamp, view.year, view.region)
    return pd.DataFrame(
        [
            {
                "row_kind": r["kind"],
                "code": r["code"],
                "name": t("own_level_of", view.lang, name=r["name"])
                if r["kind"] == "own"
                else r["name"],
                **{k: r["metrics"].get(k) for k in TABLE_METRICS},
            }
            for r in rows
        ],
        columns=["row_kind", "code", "name", *TABLE_METRICS],
    )


CHILDREN_TABLE = declare(
    ChartSpec(
        key="children_table",
        title="chart.children.title",
        data=children_rows,
        columns=(
            Column("row_kind", "col.kind", "label", vocabulary="kind", hidden=True),
            Column("name", "col.region", "text"),
            *_metric_columns(TABLE_METRICS),
            Column("code", "col.region_code", "code"),
        ),
        metrics=TABLE_METRICS,
        glossary=("scope_own", "scope_all"),
        is_empty=lambda df: df.empty or not df["projects"].fillna(0).astype(int).any(),
    )
)


def _region_name(view: View) -> str:
    record = data.region(view.url, view.stamp, view.region)
    return record.name if record else view.region


def department_rows(view: View) -> pd.DataFrame:
    """The departments of the region's own government with projects that year."""
    rows = data.department_metrics(view.url, view.stamp, view.year, view.region)
    return pd.DataFrame(
        [
            {
                "code": r["code"],
                "name": r["name"],
                **{k: r["metrics"].get(k) for k in TABLE_METRICS},
            }
            for r in rows
        ],
        columns=["code", "name", *TABLE_METRICS],
    )


DEPARTMENTS_TABLE = declare(
    ChartSpec(
        key="departments_table",
        title="chart.departments.title",
        title_values=lambda view: {"region": _region_name(view)},
        data=department_rows,
        columns=(
            Column("name", "col.department", "text"),
            *_metric_columns(TABLE_METRICS),
            Column("code", "col.department_code", "code"),
        ),
        metrics=TABLE_METRICS,
        glossary=("scope_own",),
    )
)


def project_rows(view: View) -> pd.DataFrame:
    """One page of the public project list (withheld projects are never listed)."""
    descending = view.sort != "name"
    page = data.project_page(
        view.url,
        view.stamp,
        view.year,
        view.region,
        view.scope,
        view.department_id,
        view.q,
        view.sort,
        descending,
        view.page,
        PAGE_SIZE,
    )
    return pd.DataFrame(
        [
            {
                "code": r.project_code,
                "name": r.project_name,
                "department": r.department_name,
                "region": r.region_name,
                "budget_adjusted": r.budget_adjusted,
                "spent": r.spent,
                "execution_rate": r.execution_rate,
                "score": r.final_score,
                "grade": r.final_grade,
            }
            for r in page.rows
        ],
        columns=[
            "code",
            "name",
            "department",
            "region",
            "budget_adjusted",
            "spent",
            "execution_rate",
            "score",
            "grade",
        ],
    ).assign(total=page.total)


PROJECTS_TABLE = declare(
    ChartSpec(
        key="projects_table",
        title="chart.projects.title",
        data=project_rows,
        columns=(
            Column("name", "col.project", "text"),
            Column("department", "col.department", "text"),
            Column("region", "col.region", "text"),
            Column("budget_adjusted", "project.budget_adjusted", "money"),
            Column("spent", "project.spent", "money"),
            Column("execution_rate", "project.execution_rate", "rate"),
            Column("score", "col.score", "score"),
            Column("grade", "col.grade", "label", vocabulary="grade"),
            Column("code", "col.project_code", "code"),
        ),
        glossary=("final_evaluation", "withheld"),
    )
)


# --------------------------------------------------------------------------- project


def _detail(view: View) -> Any:
    """The public detail of the view's project-year, or None (withheld, missing)."""
    if not view.project:
        return None
    record = data.project_record(view.url, view.stamp, view.project, view.year)
    if record is None or record.withheld or record.detail is None:
        return None
    return record.detail


def indicator_rows(view: View) -> pd.DataFrame:
    """Every indicator of the project-year: target, actual, status, deviation reason."""
    detail = _detail(view)
    rows = detail.indicators if detail else []
    return pd.DataFrame(
        [
            {
                "level1": i["level1"],
                "level2": i["level2"],
                "name": i["name"],
                "target": _target_text(i, view.lang),
                "actual": _with_unit(i["actual_value"], i["unit"]),
                "status": i["status"],
                "weight": i["weight"],
                "score": i["score"],
                "deviation_reason": i["deviation_reason"],
            }
            for i in rows
        ],
        columns=[
            "level1",
            "level2",
            "name",
            "target",
            "actual",
            "status",
            "weight",
            "score",
            "deviation_reason",
        ],
    )


def _with_unit(value: str | None, unit: str | None) -> str | None:
    if value is None or str(value).strip() == "":
        return None
    return f"{value}{unit or ''}" if unit != "%" else f"{value}%"


def _target_text(indicator: dict, lang: str) -> str:
    comparison = t(f"comparison.{indicator['comparison']}", lang)
    target = _with_unit(indicator["target_value"], indicator["unit"]) or fmt.NO_DATA
    if indicator["comparison"] == "qualitative":
        return f"{target}（{comparison}）" if lang == "zh" else f"{target} ({comparison})"
    return f"{comparison} {target}"


INDICATORS_TABLE = declare(
    ChartSpec(
        key="project_indicators",
        title="project.indicators",
        data=indicator_rows,
        columns=(
            Column("level1", "col.level1", "label", vocabulary="level1"),
            Column("level2", "col.level2", "text"),
            Column("name", "col.indicator", "text"),
            Column("target", "col.target", "text"),
            Column("actual", "col.actual", "text"),
            Column("status", "col.status", "label", vocabulary="status"),
            Column("weight", "col.weight", "score"),
            Column("score", "col.score", "score"),
            Column("deviation_reason", "col.deviation", "text"),
        ),
        glossary=("indicator_met",),
    )
)


def monitoring_rows(view: View) -> pd.DataFrame:
    """In-year monitoring records of the project-year."""
    detail = _detail(view)
    return pd.DataFrame(
        detail.monitoring if detail else [],
        columns=["as_of", "spent_to_date", "target_warning", "budget_warning", "action", "note"],
    )


MONITORING_TABLE = declare(
    ChartSpec(
        key="project_monitoring",
        title="project.monitoring",
        data=monitoring_rows,
        columns=(
            Column("as_of", "col.as_of", "date"),
            Column("spent_to_date", "col.spent_to_date", "money"),
            Column("target_warning", "col.target_warning", "bool"),
            Column("budget_warning", "col.budget_warning", "bool"),
            Column("action", "col.action", "label", vocabulary="mon_action"),
            Column("note", "col.note", "text"),
        ),
    )
)


def evaluation_rows(view: View) -> pd.DataFrame:
    """Every evaluation of the project-year (self → department → finance)."""
    detail = _detail(view)
    return pd.DataFrame(
        [{k: e[k] for k in EVALUATION_KEYS} for e in (detail.evaluations if detail else [])],
        columns=list(EVALUATION_KEYS),
    )


EVALUATION_KEYS = (
    "eval_type",
    "evaluator",
    "third_party",
    "score",
    "grade",
    "report_title",
    "report_url",
    "published_on",
    "submitted_to_congress",
)

EVALUATIONS_TABLE = declare(
    ChartSpec(
        key="project_evaluations",
        title="project.evaluations",
        data=evaluation_rows,
        columns=(
            Column("eval_type", "col.eval_type", "label", vocabulary="eval_type"),
            Column("evaluator", "col.evaluator", "text"),
            Column("third_party", "col.third_party", "bool"),
            Column("score", "col.score", "score"),
            Column("grade", "col.grade", "label", vocabulary="grade"),
            Column("report_title", "col.report", "text"),
            Column("report_url", "col.report_url", "link"),
            Column("published_on", "col.published_on", "date"),
            Column("submitted_to_congress", "col.congress", "bool"),
        ),
        glossary=("eval_types", "grades", "final_evaluation"),
    )
)


def application_rows(view: View) -> pd.DataFrame:
    """What each evaluation's result did to the next budget."""
    detail = _detail(view)
    rows = [
        {"eval_type": e["eval_type"], **a}
        for e in (detail.evaluations if detail else [])
        for a in e["applications"]
    ]
    return pd.DataFrame(
        rows,
        columns=["eval_type", "action", "next_year_budget", "budget_change", "status", "note"],
    )


APPLICATIONS_TABLE = declare(
    ChartSpec(
        key="project_applications",
        title="project.applications",
        data=application_rows,
        columns=(
            Column("eval_type", "col.eval_type", "label", vocabulary="eval_type"),
            Column("action", "col.action", "label", vocabulary="action"),
            Column("next_year_budget", "col.next_budget", "money"),
            Column("budget_change", "col.budget_change", "money"),
            Column("status", "col.app_status", "label", vocabulary="app_status"),
            Column("note", "col.note", "text"),
        ),
    )
)


# --------------------------------------------------------------------------- about


def definition_rows(view: View) -> pd.DataFrame:
    """Every metric key with its name, kind and definition (the data dictionary)."""
    from data_access.metrics import METRIC_KEYS

    return pd.DataFrame(
        [
            {
                "key": key,
                "metric": metric_label(key, view.lang),
                "kind": metric_kind(key),
                "definition": definition(key, view.lang),
            }
            for key in METRIC_KEYS
        ]
    )


METRIC_DEFINITIONS = declare(
    ChartSpec(
        key="metric_definitions",
        title="about.metrics",
        data=definition_rows,
        columns=(
            Column("metric", "about.col.metric", "text"),
            Column("key", "about.col.key", "code"),
            Column("definition", "about.col.definition", "text"),
        ),
        source="source.definitions",
        static=True,
    )
)


def glossary_rows(view: View) -> pd.DataFrame:
    """The glossary: 本级/全辖, final evaluation, grade bands, evaluation types, ..."""
    from dashboard.i18n import GLOSSARY_TERMS

    return pd.DataFrame(
        [
            {"term": t(f"term.{term}", view.lang), "definition": definition(term, view.lang)}
            for term in GLOSSARY_TERMS
        ]
    )


GLOSSARY = declare(
    ChartSpec(
        key="glossary",
        title="about.glossary",
        data=glossary_rows,
        columns=(
            Column("term", "about.col.term", "text"),
            Column("definition", "about.col.definition", "text"),
        ),
        source="source.definitions",
        static=True,
    )
)


def release_rows(view: View) -> pd.DataFrame:
    """The releases (imported packages) the database serves, newest first."""
    return pd.DataFrame(
        [
            {
                "title": r.title or r.package_name,
                "publisher": r.publisher,
                "published": r.published,
                "imported": fmt.datetime(r.imported_at, view.lang),
                "years": ", ".join(str(y) for y in r.fiscal_years),
                "license": r.license,
                "is_demo": r.is_demo,
                "checksum": r.checksum[:12],
            }
            for r in data.releases(view.url, view.stamp)
        ],
        columns=[
            "title",
            "publisher",
            "published",
            "imported",
            "years",
            "license",
            "is_demo",
            "checksum",
        ],
    )


RELEASES = declare(
    ChartSpec(
        key="releases",
        title="about.releases",
        data=release_rows,
        columns=(
            Column("title", "about.release.title", "text"),
            Column("publisher", "about.release.publisher", "text"),
            Column("published", "about.release.published", "date"),
            Column("imported", "about.release.imported", "text"),
            Column("years", "about.release.years", "text"),
            Column("license", "about.release.license", "text"),
            Column("is_demo", "about.release.demo", "bool"),
            Column("checksum", "about.release.checksum", "code"),
        ),
    )
)
