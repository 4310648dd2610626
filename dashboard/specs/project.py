"""The project page's table views (/project): indicators, monitoring, evaluations,
what the results did to the next budget, for one public project-year, and the
project's other years (each a link to that year)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import pandas as pd

from dashboard.core import formatting as fmt
from dashboard.core import reads
from dashboard.core.i18n import published_term, t
from dashboard.core.links import view_query
from dashboard.core.view import View
from dashboard.specs import phone
from dashboard.specs.base import ChartSpec, Column, Row, declare
from dashboard.specs.rowlinks import href, register


def _detail(view: View) -> Any:
    """The public detail of the view's project-year, or None (withheld, missing)."""
    if not view.project:
        return None
    record = reads.project_record(view.url, view.stamp, view.project, view.year, view.release)
    if record is None or record.withheld or record.detail is None:
        return None
    return record.detail


def _records_table(
    key: str,
    section: str,
    records: Callable[[Any], Iterable[Mapping[str, Any]]],
    columns: tuple[Column, ...],
    **more: Any,
) -> ChartSpec:
    """Declare a table of the project-year's own records (``records`` of its public
    detail), one row per record in the declared columns. Empty means this project-year
    has none (or is withheld or missing), not that the region has no data."""
    keys = [column.key for column in columns]

    def rows(view: View) -> pd.DataFrame:
        detail = _detail(view)
        return pd.DataFrame(list(records(detail)) if detail else [], columns=keys)

    return declare(
        ChartSpec(
            key=key,
            page="project",
            title=f"project.{section}",
            empty_text=f"project.{section}.empty",
            data=rows,
            columns=columns,
            **more,
        )
    )


def _indicators(detail: Any) -> Iterator[dict[str, Any]]:
    """Every indicator: target and actual with their unit, as published."""
    for i in detail.indicators:
        yield {
            **i,
            "target": _with_unit(i["target_value"], i["unit"]),
            "actual": _with_unit(i["actual_value"], i["unit"]),
        }


def _with_unit(value: str | None, unit: str | None) -> str | None:
    if value is None or str(value).strip() == "":
        return None
    return f"{value}{unit or ''}" if unit != "%" else f"{value}%"


def level2_text(row: Row, lang: str) -> str:
    """The 二级指标 in ``lang``: the English label of a standard value on English pages
    ("数量指标" -> "Quantity"), else as published."""
    value = row.get("level2")
    if not isinstance(value, str) or not value.strip():
        return fmt.NO_DATA
    return published_term(value, lang)


def target_text(row: Row, lang: str) -> str:
    """ "≥ 95%", or "良好（定性）" / "Good (qualitative)" for a qualitative target."""
    comparison = t(f"comparison.{row['comparison']}", lang)
    target = row["target"] if row.get("target") else fmt.NO_DATA
    if row["comparison"] == "qualitative":
        return f"{target}（{comparison}）" if lang == "zh" else f"{target} ({comparison})"
    return f"{comparison} {target}"


INDICATORS_TABLE = _records_table(
    "project_indicators",
    "indicators",
    _indicators,
    (
        Column("level1", "col.level1", "label", vocabulary="level1"),
        Column("level2", "col.level2", "text", render=level2_text),
        Column("name", "col.indicator", "text"),
        Column("comparison", "col.comparison", "code", hidden=True, in_csv=True),
        Column("target", "col.target", "text", render=target_text),
        Column("actual", "col.actual", "text"),
        Column("status", "col.status", "label", vocabulary="status"),
        Column("weight", "col.weight", "score"),
        Column("score", "col.score", "score"),
        Column("deviation_reason", "col.deviation", "text"),
    ),
    glossary=("indicator_met",),
)

MONITORING_TABLE = _records_table(
    "project_monitoring",
    "monitoring",
    lambda detail: detail.monitoring,
    (
        Column("as_of", "col.as_of", "date"),
        Column("spent_to_date", "col.spent_to_date", "money"),
        Column("target_warning", "col.target_warning", "bool"),
        Column("budget_warning", "col.budget_warning", "bool"),
        Column("action", "col.action", "label", vocabulary="mon_action"),
        Column("note", "col.note", "text"),
    ),
)

# Every evaluation of the project-year (self → department → finance).
EVALUATIONS_TABLE = _records_table(
    "project_evaluations",
    "evaluations",
    lambda detail: detail.evaluations,
    (
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

# What each evaluation's result did to the next budget.
APPLICATIONS_TABLE = _records_table(
    "project_applications",
    "applications",
    lambda detail: (
        {"eval_type": e["eval_type"], **a} for e in detail.evaluations for a in e["applications"]
    ),
    (
        Column("eval_type", "col.eval_type", "label", vocabulary="eval_type"),
        Column("action", "col.action", "label", vocabulary="action"),
        Column("next_year_budget", "col.next_budget", "money"),
        Column("budget_change", "col.budget_change", "money"),
        Column("status", "col.app_status", "label", vocabulary="app_status"),
        Column("note", "col.note", "text"),
    ),
)


LEDGER_KEYS: tuple[str, ...] = (
    "final_grade",
    "action",
    "budget",
    "announced_budget",
    "announced_change",
    "next_budget",
    "actual_change",
    "difference",
    "verdict",
)


def ledger_rows(view: View) -> pd.DataFrame:
    """The project-year's line of the result-application ledger
    (``data_access.reads.ledger``): what its application record announced for the next
    budget beside the budget the next year actually published for the same code, the
    difference and the verdict; no row when it was not evaluated (or is withheld)."""
    found = (
        reads.project_ledger(view.url, view.stamp, view.project, view.year, view.release)
        if view.project and _detail(view) is not None
        else None
    )
    rows = (
        [
            {
                "final_grade": found.final_grade,
                "action": found.action,
                "budget": found.budget,
                "announced_budget": found.announced_budget,
                "announced_change": found.announced_change,
                "next_budget": found.next_budget,
                "actual_change": found.actual_change,
                "difference": found.difference,
                "verdict": found.verdict,
            }
        ]
        if found is not None
        else []
    )
    return pd.DataFrame(rows, columns=list(LEDGER_KEYS))


def _next_year(view: View) -> dict[str, str]:
    return {"next_year": str(view.year + 1)}


LEDGER_TABLE = declare(
    ChartSpec(
        key="project_ledger",
        page="project",
        title="ledger.project.title",
        title_values=_next_year,
        empty_text="ledger.project.empty",
        data=ledger_rows,
        columns=(
            Column("final_grade", "ledger.col.grade", "label", vocabulary="grade"),
            Column("action", "ledger.col.action", "label", vocabulary="action"),
            Column("budget", "ledger.col.budget", "money"),
            Column("announced_budget", "ledger.col.announced_budget", "money"),
            Column("announced_change", "ledger.col.announced_change", "money"),
            Column("next_budget", "ledger.col.next_budget", "money"),
            Column("actual_change", "ledger.col.actual_change", "money"),
            Column("difference", "ledger.col.difference", "money"),
            Column("verdict", "ledger.col.verdict", "label", vocabulary="ledger.verdict"),
        ),
        footnote="ledger.footnote",
        glossary=("final_evaluation",),
    )
)


def year_rows(view: View) -> pd.DataFrame:
    """The project's other public years, oldest first: budget, spending, final score and
    grade of each (``data_access.reads.queries.project_years``); none for a project-year
    that is not public (withheld or missing), like every table of the page."""
    years = (
        reads.project_years(view.url, view.stamp, view.project, view.release)
        if view.project and _detail(view) is not None
        else []
    )
    return pd.DataFrame(
        [
            {
                "year": y.fiscal_year,
                "budget_adjusted": y.budget_adjusted,
                "spent": y.spent,
                "score": y.final_score,
                "grade": y.final_grade,
            }
            for y in years
            if y.fiscal_year != view.year
        ],
        columns=["year", "budget_adjusted", "spent", "score", "grade"],
    )


def year_href(row: Row, view: View) -> str | None:
    """A year of the table opens the same project in that year."""
    return href("project", view_query(view, "project", project=view.project, year=row["year"]))


YEARS_TABLE = declare(
    ChartSpec(
        key="project_years",
        page="project",
        title="project.other_years",
        empty_text="project.no_other_years",
        data=year_rows,
        columns=(
            Column("year", "col.year", "year"),
            Column("budget_adjusted", "project.budget_adjusted", "money"),
            Column("spent", "project.spent", "money"),
            Column("score", "col.score", "score"),
            Column("grade", "col.grade", "label", vocabulary="grade"),
        ),
        glossary=("final_evaluation",),
    )
)
register("project_years", {"year": year_href}, grid="year")


# On a phone each table is a list (``specs.phone``): a grid of 6-11 columns showed two or
# three of them at 390 px, with nothing to say that it scrolls sideways.
phone.register("project_indicators", "name", ("target", "actual", "status"))
phone.register("project_monitoring", "as_of", ("spent_to_date", "action"))
phone.register("project_evaluations", "evaluator", ("eval_type", "score", "grade"))
phone.register("project_ledger", "verdict", ("final_grade", "action", "next_budget"))
phone.register("project_applications", "eval_type", ("action", "next_year_budget", "status"))
