"""The regions page's charts (/regions): the chosen metric on a map of the child regions
and as a ranking. Both read the same rows, so a click on either drills the same way."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard import formatting as fmt
from dashboard import maps, reads
from dashboard.i18n import metric_label, t
from dashboard.specs.base import ChartSpec, Column, declare
from dashboard.theme import OKABE_ITO, base_layout
from dashboard.view import View
from data_access.metric_registry import kind_of


def child_values(view: View) -> pd.DataFrame:
    """The chosen metric for every child region's 全辖 (children without data included)."""
    rows = reads.children_metrics(view.url, view.stamp, view.year, view.region, view.release)
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


def _plot_values(df: pd.DataFrame, view: View) -> tuple[list[float | None], str, Any]:
    kind = kind_of(view.metric)
    divisor, unit = (
        fmt.money_scale(df["value"].tolist(), view.lang) if kind == "money" else (Decimal(1), "")
    )
    values = [
        None
        if v is None or pd.isna(v)
        else (fmt.scaled(v, divisor) if kind == "money" else float(v))
        for v in df["value"]
    ]
    return values, unit, fmt.plotted(kind, view.lang, unit)


def map_figure(df: pd.DataFrame, view: View) -> Any:
    """The choropleth of the chosen metric over the child regions."""
    values, _, fmt_value = _plot_values(df, view)
    # The tooltip is an HTML template: region names (package text) are escaped.
    plotted = df.assign(value=values, name=[fmt.plot_text(n) for n in df["name"]])
    geojson = reads.boundaries(tuple(df["code"].tolist()))
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


def _metric_title(view: View) -> dict[str, str]:
    return {"metric": metric_label(view.metric, view.lang)}


REGION_MAP = declare(
    ChartSpec(
        key="region_map",
        page="regions",
        title="chart.map.title",
        title_values=_metric_title,
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
            # Plotly draws tick labels and hover texts as HTML-like markup: escaped.
            y=[fmt.plot_text(n) for n in ranked["name"]],
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
    kind = kind_of(view.metric)
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
        page="regions",
        title="chart.ranking.title",
        title_values=_metric_title,
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
