"""The regions page's charts (/regions): the chosen metric on a map of the child regions
and as a ranking. Both read the same rows, so a click on either drills the same way.

The view's scope applies to every child: 全辖 compares each child's whole area, 本级
each child government's own projects. The map's colours follow a fixed scale
(``maps.scale_for``: grade bands for scores, 0–100 % for rates), documented in the legend;
the ranking shows the parent's value and the children's median as reference lines.
English pages show region names romanised (``dashboard.core.romanise``).

A region without lower levels (a county) is summarised instead: its headline figures,
its departments ranked by the chosen metric (``DEPARTMENT_RANKING``) and its flags (the
hearing's declarations).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.core import formatting as fmt
from dashboard.core import reads
from dashboard.core.i18n import metric_label, t
from dashboard.core.romanise import map_label, region_label
from dashboard.core.theme import OKABE_ITO, base_layout
from dashboard.core.view import View
from dashboard.specs import maps, summaries
from dashboard.specs.base import (
    ChartSpec,
    Column,
    declare,
    is_missing,
    region_name,
    subject_words,
)
from dashboard.specs.explore import department_href
from dashboard.specs.rowlinks import register
from data_access.metrics.registry import kind_of
from data_access.reads.selection import ViewFilter


def child_values(view: View) -> pd.DataFrame:
    """The chosen metric for every child region in the view's scope (全辖: its whole
    area; 本级: its own government), children without data included."""
    rows = [
        r
        for r in reads.children_metrics(view.url, view.stamp, view.year, view.region, view.release)
        if r["kind"] == "child"
    ]
    if view.scope == "own":
        rows = [
            {
                **r,
                "metrics": reads.metrics(
                    view.url,
                    view.stamp,
                    view.filter(region=r["code"], scope="own", department_id=None),
                ),
            }
            for r in rows
        ]
    return pd.DataFrame(
        [{**metric_row(r, view), "level": r["level"]} for r in rows],
        columns=["code", "name", "level", "metric", "kind", "value", "projects"],
    )


def metric_row(unit: Mapping[str, Any], view: View) -> dict[str, Any]:
    """A ranked unit (a region, a department: code, name, metrics) with the chosen
    metric's value. A unit without project-years has no data, not a value of 0."""
    figures = unit["metrics"]
    return {
        "code": unit["code"],
        "name": unit["name"],
        "metric": view.metric,
        "kind": kind_of(view.metric),
        "value": figures.get(view.metric) if figures.get("projects") else None,
        "projects": figures.get("projects"),
    }


def _shown_name(row: Mapping[str, Any], lang: str) -> str:
    """A region's name in the table view: romanised on English pages."""
    return region_label(str(row["code"]), str(row["name"]), lang)


def map_scale(df: pd.DataFrame, view: View) -> maps.Scale:
    """The fixed scale of the chosen metric (see ``maps``)."""
    values, _, fmt_value = _plot_values(df, view)
    present = [v for v in values if v is not None]
    return maps.scale_for(kind_of(view.metric), present, fmt_value, view.lang)


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
    """The choropleth of the chosen metric over the child regions, each named."""
    values, _, fmt_value = _plot_values(df, view)
    labels = [
        region_label(str(code), str(name), view.lang)
        for code, name in zip(df["code"], df["name"], strict=True)
    ]
    # The tooltip is an HTML template: region names (package text) are escaped; the
    # names drawn on the map are plain text (deck.gl's TextLayer shows them as written).
    short = [
        map_label(str(code), str(name), view.lang)
        for code, name in zip(df["code"], df["name"], strict=True)
    ]
    plotted = df.assign(value=values, name=[fmt.plot_text(n) for n in labels], label=short)
    geojson = _boundaries(df)
    return maps.choropleth(
        plotted,
        geojson,
        value_label=metric_label(view.metric, view.lang),
        fmt_value=fmt_value,
        no_data=t("map.no_data", view.lang),
        scale=map_scale(df, view),
    )


def _boundaries(df: pd.DataFrame) -> dict:
    """The children's boundaries, and their successors' for codes that have none of
    their own (a predecessor's data is drawn there: ``maps.assign_boundaries``)."""
    return reads.boundaries(tuple(maps.boundary_codes(df["code"].astype(str).tolist())))


def map_legend(df: pd.DataFrame, view: View) -> str:
    """The map's legend as HTML: the fixed bands, "no data", how the scale was chosen
    and the rule that draws a former code's data on today's boundary."""
    scale = map_scale(df, view)
    # The same note on every map (like the bands): boundaries are today's, so a region
    # published under a former code may be drawn on its successor's boundary.
    note = f"{scale.caption(view.lang)} {t('map.successions', view.lang)}"
    return maps.legend_html(
        t("map.legend", view.lang),
        maps.legend_items(scale, t("map.no_data", view.lang)),
        note,
    )


def _all_missing(df: pd.DataFrame) -> bool:
    return df.empty or df["value"].isna().all() or not df["projects"].fillna(0).astype(int).any()


def _metric_title(view: View) -> dict[str, str]:
    return {"metric": metric_label(view.metric, view.lang)}


def parent_value(view: View, parent: ViewFilter | None = None) -> Any:
    """The chosen metric of the view's region in the view's scope (its whole government,
    whatever department the view names), or of ``parent``; None when it has no
    project-years."""
    whole = parent if parent is not None else view.filter(department_id=None)
    figures = reads.metrics(view.url, view.stamp, whole)
    return figures.get(view.metric) if figures.get("projects") else None


def children_summary(df: pd.DataFrame, view: View) -> str | None:
    """The map and the ranking in one sentence: the region's value (the ranking's
    reference line), then its highest and its lowest child, named as the chart names
    them."""
    items = [
        (region_label(str(row["code"]), str(row["name"]), view.lang), row["value"])
        for row in df.to_dict("records")
        if not is_missing(row["value"])
    ]
    return summaries.ranked(
        view,
        key=view.metric,
        value=parent_value(view),
        items=items,
        units="regions",
        subject=subject_words(view, department=False),
    )


# The figure a map or ranking shows: the chosen metric (named), its value and its kind.
METRIC_VALUE: tuple[Column, ...] = (
    Column("metric", "reported.metric", "metric"),
    Column("value", "col.value", "mixed"),
    Column("kind", "col.kind", "text", hidden=True),
)


def _child_columns(*hidden: Column) -> tuple[Column, ...]:
    """The columns of :func:`child_values` that the map and the ranking both show (one
    list, so the two charts of the children cannot drift apart), with ``hidden``, what
    only one of them needs, before the project count."""
    return (
        Column("code", "col.region_code", "code"),
        Column("name", "col.region", "text", render=_shown_name),
        *METRIC_VALUE,
        *hidden,
        Column("projects", "metric.projects", "count"),
    )


REGION_MAP = declare(
    ChartSpec(
        key="region_map",
        page="regions",
        title="chart.map.title",
        title_values=_metric_title,
        data=child_values,
        columns=_child_columns(Column("level", "col.kind", "text", hidden=True)),
        figure=map_figure,
        legend=map_legend,
        footnote="source.gazetteer",
        glossary=("scope_all", "scope_own", "no_data"),
        is_empty=_all_missing,
        height=460,
        summary=children_summary,
    )
)


def reference_values(
    df: pd.DataFrame, view: View, parent: ViewFilter | None = None, *, amounts: bool = True
) -> dict[str, float]:
    """The ranking's reference lines, in plotted units: ``median`` of the ranked units
    with data, and ``parent`` (by default the view's region in the same scope).

    Why no parent line for amounts and counts in 全辖 (or, ``amounts=False``, ever: a
    government's 本级 is the sum of its departments): the parent is then the sum of
    the ranked units, so it is no yardstick for any one of them (a region's 本级 is:
    one government beside others).
    """
    values, _, _ = _plot_values(df, view)
    present = sorted(v for v in values if v is not None)
    lines: dict[str, float] = {}
    kind = kind_of(view.metric)
    if kind in ("rate", "score") or (view.scope == "own" and amounts):
        value = parent_value(view, parent)
        if value is not None:
            if kind == "money":
                divisor, _ = fmt.money_scale(df["value"].tolist(), view.lang)
                lines["parent"] = fmt.scaled(value, divisor) or 0.0
            else:
                lines["parent"] = float(value)
    if present:
        lines["median"] = float(pd.Series(present).median())
    return lines


# Height of one row of reference-line labels above the ranking (pixels).
LABEL_ROW = 18
# The column of values right of the ranking: its font size and its gap to the plot.
VALUE_FONT = 12
VALUE_GAP = 6


def ranking_figure(df: pd.DataFrame, view: View) -> go.Figure:
    """Horizontal bars, highest first; each bar carries its region code for drilling.
    The parent's value and the children's median are drawn as labelled lines."""
    labels = [
        region_label(str(code), str(name), view.lang)
        for code, name in zip(df["code"], df["name"], strict=True)
    ]
    parent_name = region_label(view.region, base_region_name(view), view.lang)
    return _ranking(df, view, labels, reference_values(df, view), parent_name, "ranking.median")


def _ranking(
    df: pd.DataFrame,
    view: View,
    labels: list[str],
    lines: dict[str, float],
    parent_name: str,
    median_key: str,
) -> go.Figure:
    """The bars of a ranking (``labels`` beside ``df``'s rows, codes as customdata),
    its column of values and its reference lines ``lines``, the parent's named
    ``parent_name``, the median's label ``median_key``."""
    values, unit, fmt_value = _plot_values(df, view)
    ranked = (
        df.assign(plot=values, label=labels)
        .dropna(subset=["plot"])
        .sort_values("plot", ascending=True)
    )
    # Each value formatted once: the hover text and the column right of the plot.
    shown = [fmt_value(v) for v in ranked["plot"]]
    fig = go.Figure(
        go.Bar(
            x=ranked["plot"].tolist(),
            # Plotly draws tick labels and hover texts as HTML-like markup: escaped.
            y=[fmt.plot_text(n) for n in ranked["label"]],
            orientation="h",
            customdata=ranked["code"].tolist(),
            marker_color=OKABE_ITO["blue"],
            text=shown,
            # The values are written in a column of their own right of the plot (below):
            # written after each bar, a value near a reference line was struck through
            # by it at every width.
            textposition="none",
            hovertemplate="%{y}: %{text}<extra></extra>",
            showlegend=False,
        )
    )
    kind = kind_of(view.metric)
    if kind == "rate":
        fig.update_xaxes(tickformat=".0%")
    else:
        fig.update_xaxes(tickformat=fmt.axis_tickformat(kind))
    present = [v for v in ranked["plot"] if v is not None] + list(lines.values())
    top = None
    if present and min(present) >= 0:
        # A little room so the longest bar or line never touches the plot's edge.
        top = (max(present) or 1) * 1.04
        fig.update_xaxes(range=[0, top])
    value_texts = [fmt.plot_text(text) for text in shown]
    for name, text in zip(fig.data[0].y, value_texts, strict=True):
        # Right of the plot area, where no bar and no reference line reaches: each
        # value level with its bar, in one column starting at the plot's edge.
        fig.add_annotation(
            x=1, xref="paper", xanchor="left", xshift=VALUE_GAP, y=name, yref="y",
            text=text, showarrow=False, font={"color": OKABE_ITO["black"], "size": VALUE_FONT},
        )
    styles = {
        "parent": (OKABE_ITO["black"], "dash"),
        "median": (OKABE_ITO["vermillion"], "dot"),
    }
    for row, (key, value) in enumerate(lines.items()):
        colour, dash = styles[key]
        label_key = median_key if key == "median" else "ranking.parent"
        text = t(label_key, view.lang, name=parent_name, value=fmt_value(value))
        # Below the bars: a bar's value written across the line stays legible.
        fig.add_vline(x=value, line={"color": colour, "dash": dash, "width": 2}, layer="below")
        # The label sits above the plot area, one row per line (the first line on the
        # upper row), so it never covers a bar or its value, nor the other label; it
        # starts at its line and runs inwards, so the plot's edge never cuts it.
        inwards = "right" if top and value > top / 2 else "left"
        fig.add_annotation(
            x=value,
            xref="x",
            y=1,
            yref="paper",
            yanchor="bottom",
            xanchor=inwards,
            yshift=(len(lines) - 1 - row) * LABEL_ROW,
            text=fmt.plot_text(text),
            font={"color": colour, "size": 12},
            showarrow=False,
        )
    fig.update_layout(clickmode="event+select")
    fig.update_yaxes(automargin=True)
    title = unit if kind == "money" else metric_label(view.metric, view.lang)
    height = max(320, 28 * len(ranked) + 110 + LABEL_ROW * len(lines))
    base_layout(fig, years_axis=False, x_title=title, height=height)
    # Room above the bars for the reference lines' labels, one row each, and right of
    # the plot for the column of values.
    widest = max((maps.text_width(text, VALUE_FONT) for text in value_texts), default=0.0)
    return fig.update_layout(
        margin={
            "t": 8 + LABEL_ROW * max(len(lines), 1),
            "b": 30,
            "r": int(widest + 2 * VALUE_GAP),
        }
    )


def base_region_name(view: View) -> str:
    """The published name of the view's region (the parent of the ranked regions)."""
    record = reads.region(view.url, view.stamp, view.region, view.release)
    return record.name if record else view.region


REGION_RANKING = declare(
    ChartSpec(
        key="region_ranking",
        page="regions",
        title="chart.ranking.title",
        title_values=_metric_title,
        data=child_values,
        columns=_child_columns(),
        figure=ranking_figure,
        glossary=("scope_all", "scope_own", "no_data"),
        is_empty=_all_missing,
        summary=children_summary,
    )
)


# --------------------------------------------------------------------------- a county


def department_values(view: View) -> pd.DataFrame:
    """The chosen metric for every department of the region's own government with
    public project-years that year (``reads.department_metrics``, the explorer's
    department table's read), highest first, for a region without lower levels: a
    county's summary."""
    rows = [
        metric_row(r, view)
        for r in reads.department_metrics(
            view.url, view.stamp, view.year, view.region, view.release
        )
    ]
    # Ranked, as the bars are: highest first, departments without a value last (by code).
    rows.sort(key=lambda r: (r["value"] is None, -(r["value"] or 0), r["code"]))
    return pd.DataFrame(rows, columns=["code", "name", "metric", "kind", "value", "projects"])


def _own_level(view: View) -> ViewFilter:
    """The government whose departments are ranked: the region's own level."""
    return view.filter(scope="own", department_id=None)


def department_ranking_figure(df: pd.DataFrame, view: View) -> go.Figure:
    """The departments ranked by the chosen metric (names as published, codes for
    drilling); the reference lines are the government's own level (rates and scores)
    and the departments' median."""
    own = t("own_level_of", view.lang, name=region_name(view))
    lines = reference_values(df, view, _own_level(view), amounts=False)
    labels = [str(name) for name in df["name"]]
    return _ranking(df, view, labels, lines, own, "ranking.median_departments")


def departments_summary(df: pd.DataFrame, view: View) -> str | None:
    """The ranking in one sentence: the government's own value, then its highest and
    its lowest department."""
    return summaries.ranked(
        view,
        key=view.metric,
        value=parent_value(view, _own_level(view)),
        items=[(str(row["name"]), row["value"]) for row in df.to_dict("records")],
        units="departments",
        subject=subject_words(view.replace(scope="own"), department=False),
    )


def _department_title(view: View) -> dict[str, str]:
    return {**_metric_title(view), "region": region_name(view)}


DEPARTMENT_RANKING = declare(
    ChartSpec(
        key="department_ranking",
        page="regions",
        title="chart.department_ranking.title",
        title_values=_department_title,
        data=department_values,
        columns=(
            Column("code", "col.department_code", "code"),
            Column("name", "col.department", "text"),
            *METRIC_VALUE,
            Column("projects", "metric.projects", "count"),
        ),
        figure=department_ranking_figure,
        glossary=("scope_own", "no_data"),
        is_empty=_all_missing,
        summary=departments_summary,
    )
)
# A department's name opens its project list in the explorer (the accessible table; a
# bar's click does the same).
register("department_ranking", {"name": department_href})
