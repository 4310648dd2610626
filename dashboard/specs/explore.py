"""The explorer's table views (/explore): a region split into its own level and its
children, the departments of its own government, and the paged project list."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.core import formatting as fmt
from dashboard.core import reads
from dashboard.core.i18n import t
from dashboard.core.links import view_query
from dashboard.core.romanise import region_label
from dashboard.core.view import PAGE_SIZE, View
from dashboard.specs import phone, summaries
from dashboard.specs.base import (
    ChartSpec,
    Column,
    Row,
    declare,
    is_missing,
    metric_columns,
    region_name,
)
from dashboard.specs.rowlinks import href as _href
from dashboard.specs.rowlinks import register
from data_access.flags import rules as flags
from data_access.reads.selection import ViewFilter

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


def children_rows(view: View) -> pd.DataFrame:
    """The region's 本级 row, then each child's 全辖, with the table metrics."""
    rows = reads.children_metrics(view.url, view.stamp, view.year, view.region, view.release)
    return pd.DataFrame(
        [
            {
                "row_kind": r["kind"],
                "code": r["code"],
                "name": r["name"],
                **{k: r["metrics"].get(k) for k in TABLE_METRICS},
            }
            for r in rows
        ],
        columns=["row_kind", "code", "name", *TABLE_METRICS],
    )


def own_level_name(row: Row, lang: str) -> str:
    """The 本级 row reads "江西省本级"; a child region by its name as the page's language
    shows it (romanised in English, as the map and the ranking name it). Display only:
    the CSV and the records keep the published name next to the code."""
    name = region_label(str(row["code"]), str(row["name"]), lang)
    return t("own_level_of", lang, name=name) if row.get("row_kind") == "own" else name


def project_region_name(row: Row, lang: str) -> str:
    """A project's region as the page's language shows it (see ``own_level_name``)."""
    name = row.get("region")
    if name is None or (not isinstance(name, str) and pd.isna(name)):
        return fmt.NO_DATA
    code = row.get("region_code")
    return region_label(str(code), str(name), lang) if code else str(name)


# The figure the explorer's sentences rank by: the money (as the phone list shows first).
SUMMARY_METRIC = "project_spending"


def _with_projects(df: pd.DataFrame) -> list[Row]:
    return [row for row in df.to_dict("records") if not is_missing(row["projects"])
            and int(row["projects"])]


def children_summary(df: pd.DataFrame, view: View) -> str | None:
    """The region's own level, then its highest and lowest child, by project spending."""
    rows = _with_projects(df)
    own = next((row for row in rows if row["row_kind"] == "own"), None)
    return summaries.ranked(
        view,
        key=SUMMARY_METRIC,
        value=own[SUMMARY_METRIC] if own is not None else None,
        items=[
            (own_level_name(row, view.lang), row[SUMMARY_METRIC])
            for row in rows
            if row["row_kind"] != "own"
        ],
        units="regions",
        subject=t("own_level_of", view.lang, name=region_name(view)),
    )


def departments_summary(df: pd.DataFrame, view: View) -> str | None:
    """The government's departments with the highest and the lowest project spending."""
    return summaries.ranked(
        view,
        key=SUMMARY_METRIC,
        value=None,
        items=[(str(row["name"]), row[SUMMARY_METRIC]) for row in _with_projects(df)],
        units="departments",
        subject=t("own_level_of", view.lang, name=region_name(view)),
    )


CHILDREN_TABLE = declare(
    ChartSpec(
        key="children_table",
        page="explore",
        title="chart.children.title",
        data=children_rows,
        columns=(
            Column("row_kind", "col.kind", "label", vocabulary="kind", hidden=True, in_csv=True),
            Column("name", "col.region", "text", render=own_level_name),
            *metric_columns(TABLE_METRICS),
            Column("code", "col.region_code", "code"),
        ),
        metrics=TABLE_METRICS,
        glossary=("scope_own", "scope_all"),
        is_empty=lambda df: df.empty or not df["projects"].fillna(0).astype(int).any(),
        summary=children_summary,
    )
)


def department_rows(view: View) -> pd.DataFrame:
    """The departments of the region's own government with projects that year."""
    rows = reads.department_metrics(view.url, view.stamp, view.year, view.region, view.release)
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
        page="explore",
        title="chart.departments.title",
        title_values=lambda view: {"region": region_name(view)},
        data=department_rows,
        columns=(
            Column("name", "col.department", "text"),
            *metric_columns(TABLE_METRICS),
            Column("code", "col.department_code", "code"),
        ),
        metrics=TABLE_METRICS,
        glossary=("scope_own",),
        summary=departments_summary,
    )
)

PROJECT_COLUMNS: tuple[str, ...] = (
    "code",
    "name",
    "department",
    "region",
    "budget_adjusted",
    "spent",
    "execution_rate",
    "score",
    "grade",
)


@reads.cached
def explorer_flag_rules(
    url: str, stamp: str, view: ViewFilter
) -> dict[tuple[str, int], tuple[str, ...]]:
    """(project code, year) -> the item rules that flag it, largest money at stake first.

    Why a whole view's flags: "flagged first" without a rule filter lists project-years
    flagged by any rule, and the list row says only the largest money at stake; which
    rules flag it comes from ``data_access.flags.rules`` (its public API, the same items the
    hearing counts), read once per view and release and shared by every page of it.
    """
    with reads.pinned(url, stamp, view) as (conn, flt):
        items = flags.flag_items(conn, flt)
    found: dict[tuple[str, int], list[str]] = {}
    for item in items:  # already by money at stake, largest first
        rules = found.setdefault((item.project_code, item.fiscal_year), [])
        if item.rule not in rules:
            rules.append(item.rule)
    return {key: tuple(rules) for key, rules in found.items()}


def flag_titles(row: Row, lang: str) -> str:
    """The titles of the rules flagging a row ("评价为中差，预算未减、预算执行率低")."""
    keys = [k for k in str(row.get("flag_rules") or "").split(",") if k in flags.RULES]
    text = ("、" if lang == "zh" else "; ").join(flags.RULES[k].title(lang) for k in keys)
    return text or fmt.NO_DATA


def _flag_columns(view: View, page_rows: list[Any]) -> dict[str, list[Any]] | None:
    """The money at stake and the flag rules of each listed row, when the list is
    filtered by a flag or ordered flagged first (else None: the columns are left out,
    as a list that says nothing about flags has no money at stake to show).

    The rules are stored as rule keys, comma separated: the download stays
    language-neutral, the table shows their titles (``flag_titles``).
    """
    if view.flag is None and view.sort != "flagged":
        return None
    if view.flag is not None:
        rules = [view.flag if r.money_at_stake is not None else None for r in page_rows]
    else:
        found = (
            explorer_flag_rules(view.url, view.stamp, view.filter())
            if any(r.money_at_stake is not None for r in page_rows)
            else {}
        )
        rules = [
            ",".join(found.get((r.project_code, r.fiscal_year), ())) or None
            if r.money_at_stake is not None
            else None
            for r in page_rows
        ]
    return {"money_at_stake": [r.money_at_stake for r in page_rows], "flag_rules": rules}


def project_rows(view: View) -> pd.DataFrame:
    """One page of the public project list (withheld projects are never listed), with
    the view's filters (grades, flag rule, score range) and direction; filtered by a flag
    or ordered flagged first, with each row's money at stake and flag rules."""
    page = reads.project_page(
        view.url,
        view.stamp,
        view.filter(),
        view.list_filter(),
        view.sort,
        view.descending,
        view.page,
        PAGE_SIZE,
    )
    df = pd.DataFrame(
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
                # Not shown, not exported: what the name links of the row need.
                "department_code": r.department_code,
                "region_code": r.region_code,
            }
            for r in page.rows
        ],
        columns=[*PROJECT_COLUMNS, "department_code", "region_code"],
    )
    flagged = _flag_columns(view, page.rows)
    if flagged is not None:
        df.insert(2, "money_at_stake", pd.Series(flagged["money_at_stake"], dtype=object))
        df.insert(3, "flag_rules", pd.Series(flagged["flag_rules"], dtype=object))
    return df.assign(total=page.total)


PROJECTS_TABLE = declare(
    ChartSpec(
        key="projects_table",
        page="explore",
        title="chart.projects.title",
        data=project_rows,
        columns=(
            Column("name", "col.project", "text"),
            # Only in a list filtered by a flag or ordered flagged first (see project_rows).
            Column("money_at_stake", "col.money_at_stake", "money"),
            Column("flag_rules", "col.flag_rules", "text", render=flag_titles),
            Column("department", "col.department", "text"),
            Column("region", "col.region", "text", render=project_region_name),
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


# --------------------------------------------------------------------------- name links

def _region_href(row: Row, view: View) -> str | None:
    """A region row opens that region in the explorer; the 本级 row (the view's own
    region) opens its own level, as selecting that row does."""
    if row.get("row_kind") == "own" or row.get("code") == view.region:
        own = view_query(view, "explore", scope="own", dept=None, q=None, page=None)
        return _href("explore", own)
    query = view_query(view, "explore", region=str(row["code"]), dept=None, q=None, page=None)
    return _href("explore", query)


def department_href(row: Row, view: View) -> str | None:
    """A department row opens its project list in the explorer."""
    return _href(
        "explore", view_query(view, "explore", dept=str(row["code"]), q=None, page=None, sort=None)
    )


def _project_href(row: Row, view: View) -> str | None:
    """A project row opens the project page in the list's year."""
    return _href("project", view_query(view, "project", project=str(row["code"]), year=view.year))


def _project_department_href(row: Row, view: View) -> str | None:
    """The project's department: its government's list of that department."""
    if not row.get("department_code") or not row.get("region_code"):
        return None
    query = view_query(
        view,
        "explore",
        region=str(row["region_code"]),
        dept=str(row["department_code"]),
        q=None,
        page=None,
        sort=None,
    )
    return _href("explore", query)


def _project_region_href(row: Row, view: View) -> str | None:
    """The project's region in the explorer."""
    if not row.get("region_code"):
        return None
    return _href(
        "explore",
        view_query(view, "explore", region=str(row["region_code"]), dept=None, q=None, page=None),
    )


# The renderer draws every name of these tables as a real link (``<a href>``) in the
# table's HTML alternative and the phone list, to the same view a row selection opens;
# the grid draws the region and department names as link cells too (a desktop drills
# by a click on a name), the project list keeps its names as text and opens a project
# by a ticked row.
register("children_table", {"name": _region_href}, grid="name")
register("departments_table", {"name": department_href}, grid="name")
register(
    "projects_table",
    {
        "name": _project_href,
        "department": _project_department_href,
        "region": _project_region_href,
    },
)


# --------------------------------------------------------------------------- phone lists

# What a phone-wide row of each list shows before it is opened: the name (a link), how
# much money and how it was rated (``specs.phone``).
phone.register("children_table", "name", ("project_spending", "average_score", "money_at_stake"))
phone.register(
    "departments_table", "name", ("project_spending", "average_score", "money_at_stake")
)
phone.register("projects_table", "name", ("budget_adjusted", "grade", "score", "money_at_stake"))
