"""The explorer's table views (/explore): a region split into its own level and its
children, the departments of its own government, and the paged project list."""

from __future__ import annotations

import pandas as pd

from dashboard import reads
from dashboard.i18n import t
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
            }
            for r in page.rows
        ],
        columns=list(PROJECT_COLUMNS),
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
