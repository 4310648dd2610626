"""The hearing's charts and tables (/hearing), declared like every other chart.

Why declarations: the presenter screens, the printed brief (PDF and HTML), the embeds and
the downloads of the hearing must say the same figures; each is a renderer of these
declarations (``dashboard.ui.hearing`` on the big screen, ``dashboard.renderers.brief`` on
paper, ``dashboard.web.charts`` as ``/embed/hearing_…`` and ``/download/hearing_….csv``).
Their rows are language-neutral (codes, exact Decimal 元, fractions, rule and verdict
keys); words are added by the table view.

What a committee can quote (issue 17): the flags' totals count distinct public
project-years and the sum of their budgets (``flags.flag_totals``); a rule's own figure
(unspent money, next year's budget) is shown as that rule's detail, under the rule's own
name, never added up across rules. Flagged projects are ranked by the documented
severity score (``rules.toml`` [severity]), one row per project with all its flags.

Peers: a region is set beside its siblings (the other children of its parent region, the
median and its rank among them), a department beside the other departments of its
government: never a part beside its whole.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.core import formatting as fmt
from dashboard.core import reads
from dashboard.core.i18n import metric_label, t
from dashboard.core.romanise import region_label
from dashboard.core.theme import BAR_LINE, SERIES_COLOURS, base_layout
from dashboard.core.view import View
from dashboard.specs import summaries
from dashboard.specs.base import ChartSpec, Column, Row, declare, is_missing, metric_columns
from data_access.flags import rules as flags
from data_access.flags.settings import table as settings_table
from data_access.metrics.registry import kind_of
from data_access.reads import ledger
from data_access.reads.selection import ViewFilter

HEADLINE_KEYS: tuple[str, ...] = (
    "project_spending",
    "evaluated_funds",
    "evaluation_coverage_rate",
    "execution_rate",
    "average_score",
    "target_achievement_rate",
)
TREND_KEYS: tuple[str, ...] = ("project_spending", "evaluated_funds")
# The flagged projects a hearing walks through (most severe first).
ITEM_LIMIT = 30
LAGGING = "lagging_region"
# The ranking orders of the flagged projects (the ``rank`` URL parameter).
RANKS: tuple[str, ...] = flags.SORTS
# The name of each item rule's own money figure (``money_at_stake``), as its row says it.
RULE_MONEY: dict[str, str] = {
    "poor_not_cut": "hearing.money.next_budget",
    "cut_not_carried_out": "hearing.money.next_budget",
    "low_execution": "hearing.money.unspent",
    LAGGING: "hearing.money.shortfall",
}


def rule_money_label(rule: str, lang: str) -> str:
    """What a rule's money figure is ("次年预算", "未执行金额", "当年预算")."""
    return t(RULE_MONEY.get(rule, "hearing.money.budget"), lang)


# ------------------------------------------------------------------ the subject


@dataclass(frozen=True)
class Peers:
    """The subject's peers: their label, their metrics, and the subject's own."""

    label: str
    metrics: list[dict[str, Any]]


def subject_name(view: View) -> str:
    """The subject: the department's name as published, else the region's name as the
    view's pages name it (romanised in English, ``dashboard.core.romanise``)."""
    if view.dept:
        found = reads.find_department(view.url, view.stamp, view.dept, view.region, view.release)
        return found.name if found else view.dept
    return region_words(view)


def region_words(view: View, code: str | None = None) -> str:
    """A region of the view in the view's language; its code when unknown."""
    record = reads.region(view.url, view.stamp, code or view.region, view.release)
    return region_label(record.code, record.name, view.lang) if record else (code or view.region)


def peers(view: View) -> Peers | None:
    """The subject's peers (None: the province, which has none).

    A department: the departments of its own government that year. A region: its
    siblings, the children of its parent region (their 全辖, or their 本级 when the
    subject is seen at its own level), the subject among them.
    """
    if view.department_id is not None:
        rows = reads.department_metrics(view.url, view.stamp, view.year, view.region, view.release)
        return Peers(
            t("hearing.peers_departments", view.lang, count=fmt.count(len(rows), view.lang)),
            [row["metrics"] for row in rows],
        )
    lineage = reads.lineage(view.url, view.stamp, view.region, view.release)
    if len(lineage) < 2:
        return None
    above = lineage[-2]
    siblings = [
        row
        for row in reads.children_metrics(view.url, view.stamp, view.year, above.code, view.release)
        if row.get("kind") == "child"
    ]
    if view.scope == "own":
        metrics = [
            reads.metrics(
                view.url,
                view.stamp,
                view.filter(region=row["code"], scope="own", department_id=None),
            )
            for row in siblings
        ]
    else:
        metrics = [row["metrics"] for row in siblings]
    label = t(
        "hearing.peers_regions",
        view.lang,
        parent=region_words(view, above.code),
        count=fmt.count(len(siblings), view.lang),
    )
    return Peers(label, metrics)


def _median(values: Iterable[Any]) -> Any:
    present = [v for v in values if v is not None]
    if not present:
        return None
    if all(isinstance(v, Decimal) for v in present):
        return statistics.median(present)
    return statistics.median(float(v) for v in present)


def _rank(value: Any, others: Iterable[Any]) -> tuple[int, int] | None:
    """(rank from the largest, how many with a value), the subject counted among them."""
    present = [v for v in others if v is not None]
    if value is None or not present:
        return None
    return 1 + sum(1 for v in present if v > value), len(present)


# ------------------------------------------------------------------ headline


def headline_rows(view: View) -> pd.DataFrame:
    """The subject's headline figures beside the median of its peers and its rank
    among them (no peer columns for the province: it has none)."""
    own = reads.metrics(view.url, view.stamp, view.filter())
    group = peers(view)
    rows = []
    for key in HEADLINE_KEYS:
        value = own.get(key)
        row: dict[str, Any] = {"metric": key, "kind": kind_of(key), "value": value}
        if group is not None:
            values = [m.get(key) for m in group.metrics]
            rank = _rank(value, values)
            row.update(
                peers_median=_median(values),
                rank=None if rank is None else rank[0],
                ranked=None if rank is None else rank[1],
            )
        rows.append(row)
    columns = ["metric", "kind", "value"]
    if group is not None:
        columns += ["peers_median", "rank", "ranked"]
    return pd.DataFrame(rows, columns=columns)


def rank_text(row: Row, lang: str) -> str:
    """ "3 / 18": the subject's place among its peers, largest first."""
    rank, ranked = row.get("rank"), row.get("ranked")
    if rank is None or ranked is None or pd.isna(rank) or pd.isna(ranked):
        return fmt.NO_DATA
    return t("hearing.rank_of", lang, rank=int(rank), count=int(ranked))


# The headline figure the hearing's sentence states, beside its peers.
SUMMARY_KEY = "evaluation_coverage_rate"


def headline_summary(df: pd.DataFrame, view: View) -> str | None:
    """ "2017年，南昌市评价覆盖率为80.6%，在2个同级中排第2，同级中位数为90.3%。": the
    subject's evaluation coverage, its rank among its peers and their median."""
    row = next(r for r in df.to_dict("records") if r["metric"] == SUMMARY_KEY)
    if is_missing(row["value"]):
        return None
    text = summaries.lead(view, view.year, SUMMARY_KEY, row["value"])
    if not is_missing(row.get("rank")) and not is_missing(row.get("ranked")):
        text += t(
            "summary.peers",
            view.lang,
            rank=fmt.count(int(row["rank"]), view.lang),
            count=fmt.count(int(row["ranked"]), view.lang),
            median=fmt.metric(SUMMARY_KEY, row["peers_median"], view.lang),
        )
    return text + summaries.end(view.lang)


HEADLINE = declare(
    ChartSpec(
        key="hearing_headline",
        page="hearing",
        title="hearing.step.headline",
        data=headline_rows,
        columns=(
            Column("metric", "hearing.col.metric", "metric"),
            Column("kind", "col.kind", "text", hidden=True),
            Column("value", "hearing.col.subject", "mixed"),
            Column("peers_median", "hearing.col.peers_median", "mixed"),
            Column("rank", "hearing.col.rank_among", "text", render=rank_text),
            Column("ranked", "hearing.col.ranked", "count", hidden=True, in_csv=True),
        ),
        metrics=HEADLINE_KEYS,
        footnote="hearing.headline.footnote",
        summary=headline_summary,
    )
)


# ------------------------------------------------------------------ trend


def trend_rows(view: View) -> pd.DataFrame:
    """The subject's money over the years it has project-years."""
    series = reads.year_series(view.url, view.stamp, view.filter())
    keys = (*TREND_KEYS, "evaluation_coverage_rate")
    return pd.DataFrame(
        [
            {"year": year, **{key: metrics.get(key) for key in keys}}
            for year, metrics in series
            if metrics.get("projects")
        ],
        columns=["year", *keys],
    )


def trend_series(
    df: pd.DataFrame, lang: str
) -> tuple[list[str], list[tuple[str, str, list[Any]]], str]:
    """(years, [(label, colour, values scaled)], unit) of the trend: the one reading of
    the rows that the page's figure, the brief's SVG and its PDF bars all draw."""
    values = [v for key in TREND_KEYS for v in df[key].tolist()]
    divisor, unit = fmt.money_scale(values, lang)
    years = [fmt.year(int(y), lang) for y in df["year"]]
    series = [
        (metric_label(key, lang), SERIES_COLOURS[i], [fmt.scaled(v, divisor) for v in df[key]])
        for i, key in enumerate(TREND_KEYS)
    ]
    return years, series, unit


def trend_figure(df: pd.DataFrame, view: View) -> go.Figure:
    """Bars of project spending and evaluated funds per year, in the chart's unit."""
    years, series, unit = trend_series(df, view.lang)
    fig = go.Figure()
    for label, colour, values in series:
        fig.add_bar(
            x=years,
            y=values,
            name=label,
            marker={"color": colour, "line": {"color": BAR_LINE, "width": 0.5}},
            hovertemplate="%{x} %{fullData.name}: %{y:,.2f} " + unit + "<extra></extra>",
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(tickformat=fmt.axis_tickformat("money"))
    return base_layout(fig, y_title=unit, height=TREND_HEIGHT)


# The trend's height (pixels): with its title, its sentence and its footer the presenter's
# slide fits a 768 px projector.
TREND_HEIGHT = 290

TREND = declare(
    ChartSpec(
        key="hearing_trend",
        page="hearing",
        title="hearing.trend",
        data=trend_rows,
        columns=(
            Column("year", "col.year", "year"),
            *metric_columns((*TREND_KEYS, "evaluation_coverage_rate")),
        ),
        figure=trend_figure,
        metrics=TREND_KEYS,
        height=TREND_HEIGHT,
        summary=summaries.trend("project_spending"),
    )
)


# ------------------------------------------------------------------ flags


@dataclass(frozen=True)
class SubjectFlags:
    """What the flag rules say about a subject and year: its flagged projects (at most
    ``ITEM_LIMIT``, in the view's ranking order), the distinct totals, the counts and
    own figures per rule, and its lagging units. Withheld never."""

    projects: list[flags.FlaggedProject]
    totals: flags.FlagTotals
    counts: flags.FlagCounts
    lagging: list[flags.LaggingUnit]


@reads.cached
def subject_flags(
    url: str, stamp: str, subject: ViewFilter, rank: str = "severity"
) -> SubjectFlags:
    """The flag reads of a hearing's subject, cached together (always read together).

    The lagging units are the selection ``flags.flag_counts`` makes for the subject's
    ``lagging_region`` count, so the flags table and the list agree: a region's lagging
    child regions (whole jurisdiction only) and its own government's lagging
    departments; a department subject only itself, when it lags.
    """
    with reads.pinned(url, stamp, subject) as (conn, flt):
        units = flags.lagging(conn, flt.one_year(), flt.region, release=flt.release)
        counts = flags.flag_counts(conn, flt)
    department_id = subject.department_id
    return SubjectFlags(
        projects=reads.ranked_projects(url, stamp, subject, ITEM_LIMIT, rank),
        totals=reads.flag_totals(url, stamp, subject),
        counts=counts,
        lagging=[
            u
            for u in units
            if (u.kind == "child" and subject.scope == "all" and department_id is None)
            or (u.kind == "department" and department_id in (None, u.department_id))
        ],
    )


def view_flags(view: View) -> SubjectFlags:
    """:func:`subject_flags` of a view."""
    return subject_flags(view.url, view.stamp, view.filter(), view.rank)


def rule_rows(view: View) -> pd.DataFrame:
    """Every rule that flags something here (the lagging units among them): how many
    items (or units) and its own money figure, named as the rule defines it. Largest
    count first; the figures are each rule's detail, not parts of a total."""
    found = view_flags(view)
    rows: list[dict[str, Any]] = [
        {
            "rule": key,
            "count": count.count,
            "money": count.money_at_stake,
            "money_kind": RULE_MONEY.get(key, "hearing.money.budget").rsplit(".", 1)[-1],
        }
        for key, count in found.counts.rules.items()
        if count.count
    ]
    order = {key: i for i, key in enumerate(flags.RULE_KEYS)}
    rows.sort(key=lambda r: (-int(r["count"]), order[str(r["rule"])]))
    return pd.DataFrame(rows, columns=["rule", "count", "money", "money_kind"])


def rule_title(row: Row, lang: str) -> str:
    """A rule's title (its key stays in the download)."""
    return flags.RULES[str(row["rule"])].title(lang)


def rule_count(row: Row, lang: str) -> str:
    """Items, or for the lagging units "3 个单位"."""
    if row["rule"] == LAGGING:
        return t("hearing.lagging_units", lang, count=fmt.count(int(row["count"]), lang))
    return fmt.count(int(row["count"]), lang)


def rule_money(row: Row, lang: str) -> str:
    """The rule's own figure with its name: "次年预算 3.20亿元"."""
    return f"{rule_money_label(str(row['rule']), lang)} {fmt.money(row['money'], lang)}"


FLAG_RULES = declare(
    ChartSpec(
        key="hearing_flags",
        page="hearing",
        title="hearing.rules.title",
        data=rule_rows,
        columns=(
            Column("rule", "hearing.col.rule", "code", render=rule_title),
            Column("count", "hearing.col.count", "count", render=rule_count),
            Column("money", "hearing.col.money_exact", "money", hidden=True, in_csv=True),
            Column("money_kind", "hearing.col.rule_money", "code", render=rule_money),
        ),
        footnote="hearing.flags.footnote",
        empty_text="hearing.no_flags",
    )
)


def project_rows(view: View) -> pd.DataFrame:
    """The flagged projects, one row each with all its flags, in the view's ranking
    order (``rank``): severity score, this year's budget, flags and department."""
    found = view_flags(view)
    return pd.DataFrame(
        [
            {
                "rank": index,
                "name": p.project_name,
                "code": p.project_code,
                "department": p.department_name,
                "region_code": p.region_code,
                "region": p.region_name,
                "budget": p.budget,
                "rules": ",".join(p.rules),
                "score": p.severity.score,
            }
            for index, p in enumerate(found.projects, start=1)
        ],
        columns=[
            "rank", "name", "code", "department", "region_code", "region", "budget",
            "rules", "score",
        ],
    )


def rule_titles(row: Row, lang: str) -> str:
    """The titles of the rules flagging a project ("预算执行率低；评价报告未公开")."""
    keys = [k for k in str(row.get("rules") or "").split(",") if k in flags.RULES]
    return ("；" if lang == "zh" else "; ").join(flags.RULES[k].title(lang) for k in keys)


def project_region(row: Row, lang: str) -> str:
    """A project's region as the page's language names it."""
    return region_label(str(row["region_code"]), str(row["region"]), lang)


FLAGGED_PROJECTS = declare(
    ChartSpec(
        key="hearing_projects",
        page="hearing",
        title="hearing.brief.items",
        data=project_rows,
        columns=(
            Column("rank", "hearing.col.rank", "count"),
            Column("name", "hearing.col.project", "text"),
            Column("code", "hearing.col.code", "code"),
            Column("department", "hearing.col.department", "text"),
            Column("region_code", "col.region_code", "code", hidden=True, in_csv=True),
            Column("region", "col.region", "text", render=project_region),
            Column("budget", "hearing.col.budget", "money"),
            Column("rules", "hearing.col.rules", "code", render=rule_titles),
            Column("score", "hearing.col.severity", "score"),
        ),
        footnote="hearing.severity.footnote",
        empty_text="hearing.no_flags",
    )
)


def lagging_rows(view: View) -> pd.DataFrame:
    """The subject's lagging regions and departments: coverage beside their parent's,
    the gap and the evaluation shortfall."""
    units = view_flags(view).lagging
    return pd.DataFrame(
        [
            {
                "kind": u.kind,
                "code": u.code,
                "name": u.name,
                "coverage": u.coverage,
                "parent_code": u.parent_code,
                "parent_scope": u.parent_scope,
                "parent_coverage": u.parent_coverage,
                "gap": u.gap_points,
                "money": u.money_at_stake,
            }
            for u in units
        ],
        columns=[
            "kind", "code", "name", "coverage", "parent_code", "parent_scope",
            "parent_coverage", "gap", "money",
        ],
    )


def unit_text(row: Row, lang: str) -> str:
    """ "南昌县（地区）" / "Nanchang County (region)"."""
    name = (
        region_label(str(row["code"]), str(row["name"]), lang)
        if row["kind"] == "child"
        else str(row["name"])
    )
    return t("hearing.unit_kind", lang, name=name, kind=t(f"hearing.kind.{row['kind']}", lang))


def gap_text(row: Row, lang: str) -> str:
    return fmt.points(row["gap"], lang)


LAGGING_UNITS = declare(
    ChartSpec(
        key="hearing_lagging",
        page="hearing",
        title="hearing.step.lagging",
        data=lagging_rows,
        columns=(
            Column("kind", "hearing.col.kind", "code", hidden=True, in_csv=True),
            Column("code", "hearing.col.unit_code", "code", hidden=True, in_csv=True),
            Column("name", "hearing.col.unit", "text", render=unit_text),
            Column("coverage", "hearing.col.coverage", "rate"),
            Column("parent_code", "hearing.col.parent", "code", hidden=True, in_csv=True),
            Column("parent_scope", "hearing.col.parent_scope", "code", hidden=True, in_csv=True),
            Column("parent_coverage", "hearing.col.parent_coverage", "rate"),
            Column("gap", "hearing.col.gap", "score", render=gap_text),
            Column("money", "hearing.col.shortfall", "money"),
        ),
        empty_text="hearing.no_lagging",
    )
)


# ------------------------------------------------------------------ the ledger


def ledger_view_summary(view: View) -> ledger.LedgerSummary:
    """The subject's result-application ledger, counted by verdict."""
    found = reads.ledger_summary(view.url, view.stamp, view.filter())
    assert isinstance(found, ledger.LedgerSummary)
    return found


def ledger_rows(view: View) -> pd.DataFrame:
    """One row per verdict of the subject's ledger: how many evaluated projects and
    their budgets (this year's)."""
    summary = ledger_view_summary(view)
    if not summary.evaluated:
        return pd.DataFrame(columns=["verdict", "count", "budget"])
    return pd.DataFrame(
        [
            {"verdict": verdict, "count": count.count, "budget": count.budget}
            for verdict, count in summary.verdicts.items()
        ],
        columns=["verdict", "count", "budget"],
    )


def _next_year(view: View) -> dict[str, str]:
    return {"year": str(view.year), "next_year": str(view.year + 1)}


LEDGER = declare(
    ChartSpec(
        key="hearing_ledger",
        page="hearing",
        title="ledger.summary.title",
        title_values=_next_year,
        data=ledger_rows,
        columns=(
            Column("verdict", "ledger.col.verdict", "label", vocabulary="ledger.verdict"),
            Column("count", "ledger.col.count", "count"),
            Column("budget", "ledger.col.budget", "money"),
        ),
        footnote="ledger.footnote",
        empty_text="ledger.empty",
    )
)


def ledger_unit_rows(view: View) -> pd.DataFrame:
    """The ledger by part of the subject: a region's 本级 and children (whole
    jurisdiction), or the departments of a government (its own level, or a department
    subject alone); most cuts not carried out first."""
    if view.department_id is None and view.scope == "all":
        found = reads.ledger_summary(view.url, view.stamp, view.filter(), "child")
    else:
        found = reads.ledger_summary(view.url, view.stamp, view.filter(), "department")
    assert isinstance(found, list)
    rows: list[dict[str, Any]] = [
        {
            "kind": s.kind,
            "code": s.code,
            "name": s.name,
            "evaluated": s.evaluated,
            "cuts_announced": s.cuts_announced,
            "cuts_carried_out": s.cuts_carried_out,
            "cuts_not_carried_out": s.cuts_not_carried_out,
            "not_carried_out": s.verdicts["not_carried_out"].count,
            "weak_cut_announced_rate": s.weak_cut_announced_rate,
            "weak_actually_cut_rate": s.weak_actually_cut_rate,
        }
        for s in found
        if s.evaluated
    ]
    rows.sort(key=lambda r: (-int(r["cuts_not_carried_out"]), -int(r["not_carried_out"])))
    return pd.DataFrame(
        rows,
        columns=[
            "kind", "code", "name", "evaluated", "cuts_announced", "cuts_carried_out",
            "cuts_not_carried_out", "not_carried_out", "weak_cut_announced_rate",
            "weak_actually_cut_rate",
        ],
    )


def ledger_unit_name(row: Row, lang: str) -> str:
    """A part's name: "江西省本级", a region romanised in English, a department as
    published."""
    if row["kind"] == "department":
        return str(row["name"])
    name = region_label(str(row["code"]), str(row["name"]), lang)
    return t("own_level_of", lang, name=name) if row["kind"] == "own" else name


LEDGER_UNITS = declare(
    ChartSpec(
        key="hearing_ledger_units",
        page="hearing",
        title="ledger.summary.units_title",
        data=ledger_unit_rows,
        columns=(
            Column("kind", "hearing.col.kind", "code", hidden=True, in_csv=True),
            Column("code", "hearing.col.unit_code", "code", hidden=True, in_csv=True),
            Column("name", "ledger.col.unit", "text", render=ledger_unit_name),
            Column("evaluated", "ledger.col.evaluated", "count"),
            Column("cuts_announced", "ledger.col.cuts_announced", "count"),
            Column("cuts_carried_out", "ledger.col.cuts_carried_out", "count"),
            Column("cuts_not_carried_out", "ledger.col.cuts_not_carried_out", "count"),
            Column("not_carried_out", "ledger.verdict.not_carried_out", "count"),
            Column("weak_cut_announced_rate", "ledger.col.weak_cut_announced_rate", "rate"),
            Column("weak_actually_cut_rate", "ledger.col.weak_actually_cut_rate", "rate"),
        ),
        footnote="ledger.units.footnote",
        empty_text="ledger.empty",
    )
)


# ------------------------------------------------------------------ the rules (/about)


def rule_settings_rows(view: View) -> pd.DataFrame:
    """Every flag rule with its settings (thresholds), severity weight and legal basis,
    then the severity score's and the ledger's own settings: the settings file
    (``data_access/flags/rules.toml``) as a table for /about."""
    del view
    rows: list[dict[str, Any]] = []
    for key, rule in flags.RULES.items():
        settings = ", ".join(f"{name} = {value}" for name, value in rule.settings.items())
        rows.append(
            {
                "rule": key,
                "settings": settings,
                "weight": flags.SEVERITY.weights.get(key),
                "basis": flags.BASIS_KINDS.get(key),
            }
        )
    s = flags.SEVERITY
    rows.append(
        {
            "rule": "severity",
            "settings": (
                f"excess_weight = {s.excess_weight:g}, money_bands_yuan = "
                f"{[int(b) for b in s.money_bands_yuan]}, money_points = {s.money_points:g}, "
                f"repeat_years = {s.repeat_years}, repeat_points = {s.repeat_points:g}"
            ),
            "weight": None,
            "basis": None,
        }
    )
    rows.append(
        {
            "rule": "ledger",
            "settings": (
                f"cut_actions = {list(ledger.cut_actions())}, "
                f"tolerance_share = {settings_table('ledger')['tolerance_share']}"
            ),
            "weight": None,
            "basis": None,
        }
    )
    return pd.DataFrame(rows, columns=["rule", "settings", "weight", "basis"])


def rule_explanation(row: Row, lang: str) -> str:
    """A rule's title and explanation; the severity score and the ledger by their own
    words."""
    key = str(row["rule"])
    if key == "severity":
        title, text = t("hearing.col.severity", lang), t("hearing.severity.about", lang)
    elif key == "ledger":
        title, text = t("ledger.title", lang), t("ledger.footnote", lang)
    else:
        rule = flags.RULES[key]
        title, text = rule.title(lang), rule.explanation(lang)
    return f"{title}：{text}" if lang == "zh" else f"{title}: {text}"


def basis_text(row: Row, lang: str) -> str:
    kind = row.get("basis")
    return flags.basis(str(kind), lang) if isinstance(kind, str) else fmt.NO_DATA


RULE_SETTINGS = declare(
    ChartSpec(
        key="flag_rules",
        page="about",
        title="about.flag_rules",
        data=rule_settings_rows,
        columns=(
            Column("rule", "about.col.rule", "code", render=rule_explanation),
            Column("settings", "about.col.settings", "code"),
            Column("weight", "about.col.weight", "score"),
            Column("basis", "about.col.basis", "code", render=basis_text),
        ),
        source="source.rules",
        footnote="hearing.severity.about",
        static=True,
    )
)


def verdict_rows(view: View) -> pd.DataFrame:
    """The ledger's verdicts and what each means (for /about)."""
    del view
    return pd.DataFrame(
        [{"verdict": v, "definition": v} for v in ledger.VERDICTS],
        columns=["verdict", "definition"],
    )


VERDICTS = declare(
    ChartSpec(
        key="ledger_verdicts",
        page="about",
        title="about.ledger_verdicts",
        data=verdict_rows,
        columns=(
            Column("verdict", "ledger.col.verdict", "label", vocabulary="ledger.verdict"),
            Column("definition", "about.col.definition", "label", vocabulary="ledger.verdict_def"),
        ),
        source="source.rules",
        footnote="ledger.footnote",
        static=True,
    )
)
