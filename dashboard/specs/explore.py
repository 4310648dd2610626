"""The explorer's table views (/explore): a region split into its own level and its
children, the departments of its own government, and the paged project list."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from dashboard import reads
from dashboard.i18n import t
from dashboard.paths import page_path, with_query
from dashboard.specs.base import ChartSpec, Column, Row, declare, metric_columns, region_name
from dashboard.view import PAGE_SIZE, View

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
    """The 本级 row reads "江西省本级"; a child region by its published name."""
    name = str(row["name"])
    return t("own_level_of", lang, name=name) if row.get("row_kind") == "own" else name


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


def project_rows(view: View) -> pd.DataFrame:
    """One page of the public project list (withheld projects are never listed), with
    the view's filters (grades, flag rule, score range) and direction."""
    page = reads.project_page(
        view.url,
        view.stamp,
        view.year,
        view.region,
        view.scope,
        view.department_id,
        view.q,
        view.sort,
        view.descending,
        view.page,
        PAGE_SIZE,
        view.release,
        grades=view.grade,
        flag=view.flag,
        score_min=view.score_min,
        score_max=view.score_max,
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
                # Not shown, not exported: what the name links of the row need.
                "department_code": r.department_code,
                "region_code": r.region_code,
            }
            for r in page.rows
        ],
        columns=[*PROJECT_COLUMNS, "department_code", "region_code"],
    ).assign(total=page.total)


PROJECTS_TABLE = declare(
    ChartSpec(
        key="projects_table",
        page="explore",
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


# --------------------------------------------------------------------------- name links

LinkBuilder = Callable[[Row, View], str | None]


def _href(page_name: str, query: dict[str, str]) -> str:
    return with_query(page_path(page_name), query)


def _region_href(row: Row, view: View) -> str | None:
    """A region row opens that region in the explorer; the 本级 row (the view's own
    region) opens its own level, as selecting that row does."""
    if row.get("row_kind") == "own" or row.get("code") == view.region:
        return _href("explore", view.query("explore", scope="own", dept=None, q=None, page=None))
    return _href(
        "explore", view.query("explore", region=str(row["code"]), dept=None, q=None, page=None)
    )


def _department_href(row: Row, view: View) -> str | None:
    """A department row opens its project list in the explorer."""
    return _href(
        "explore", view.query("explore", dept=str(row["code"]), q=None, page=None, sort=None)
    )


def _project_href(row: Row, view: View) -> str | None:
    """A project row opens the project page in the list's year."""
    return _href("project", view.query("project", project=str(row["code"]), year=view.year))


def _project_department_href(row: Row, view: View) -> str | None:
    """The project's department: its government's list of that department."""
    if not row.get("department_code") or not row.get("region_code"):
        return None
    query = view.query(
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
        view.query("explore", region=str(row["region_code"]), dept=None, q=None, page=None),
    )


# spec key -> column key -> the href of that column's cell in a row. Why declared here:
# the renderer draws every name of these tables as a real link (``<a href>``) in the
# table's HTML alternative, to the same view a row selection opens.
ROW_LINKS: dict[str, dict[str, LinkBuilder]] = {
    "children_table": {"name": _region_href},
    "departments_table": {"name": _department_href},
    "projects_table": {
        "name": _project_href,
        "department": _project_department_href,
        "region": _project_region_href,
    },
}
