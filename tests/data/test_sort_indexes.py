"""The explorer's nullable sorts (spending, execution rate, final score) on indexes.

Issue #8: these sorts list the project-years with a value and then those without, each
part a walk of ``schema.sort_indexes``, on columns the writers fill (``project_year.
execution_rate``, ``final_score``, ``final_grade``). What is protected here: the pages
are exactly the order of a straightforward reference (missing values last either way,
ties by row id), the stored values are exactly the SQL definition of the final
evaluation (``sql_helpers.final_evaluation_order``) after an import, a demo build, a
rollback and an in-place upgrade, and both backends walk the index instead of sorting.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, inspect, select, text, update

from data_access.reads.selection import ListFilter, ViewFilter
from data_access.db.engine import make_engine
from data_access.db.schema import (
    SCHEMA_VERSION,
    SCHEMA_VERSION_KEY,
    Evaluation,
    Meta,
    ProjectYear,
    schema_is_current,
    sort_indexes,
)
from data_access.db.sql_helpers import (
    execution_rate,
    execution_rate_sql,
    final_evaluation_value,
    final_evaluations,
    region_condition,
    visible,
)
from data_access.demo.build import build_demo
from data_access.ingest.importer import import_package, rollback
from data_access.metrics import rollups
from data_access.reads.queries import project_count, project_list
from tests.conftest import MINI_PACKAGE
from tests.package_builders import copy_package

NULLABLE_SORTS = ("spent", "execution_rate", "score")
# (region, department) of the mini example's departments.
DEPARTMENTS = [("360000", "D001"), ("360000", "D002"), ("360100", "NC01"), ("360722", "XF01")]


def _awkward_package(tmp_path: Path) -> Path:
    """The mini example with 2018 rewritten: 36 project-years with missing spending,
    zero budgets, equal spending, equal rates, equal scores, unscored and withheld
    ones, and evaluations whose final one is decided by authority, by date (a missing
    date counting oldest) or by file order."""
    package = copy_package(tmp_path, "awkward")
    with (package / "projects.csv").open(encoding="utf-8") as handle:
        projects = list(csv.reader(handle))
    with (package / "evaluations.csv").open(encoding="utf-8") as handle:
        evaluations = list(csv.reader(handle))
    header = projects[0]
    evaluation_header = evaluations[0]
    for n in range(36):
        region, department = DEPARTMENTS[n % len(DEPARTMENTS)]
        budget = [1000, 2000, 0, 1000, 4000, 500][n % 6]
        spent: int | None = [1000, 500, 0, None, 2000, 250, 800][n % 7]
        if budget == 0 and spent:
            spent = 0
        code = f"{region}18{n:03d}"
        row = {
            "fiscal_year": "2018",
            "project_code": code,
            "project_name": f"项目{n:02d}",
            "department_code": department,
            "region_code": region,
            "sector": "教育",
            "budget_initial": str(budget),
            "budget_adjusted": str(budget),
            "spent": "" if spent is None else str(spent),
            "has_targets": "是",
            "overall_target": "",
            "overall_result": "",
            "disclosure": "withheld" if n % 11 == 10 else "public",
        }
        projects.append([row[c] for c in header])
        for k, (kind, score, published) in enumerate(_evaluations_of(n)):
            evaluation = {
                "evaluation_id": f"X{n:03d}{k}",
                "fiscal_year": "2018",
                "project_code": code,
                "eval_type": kind,
                "evaluator": "评价机构",
                "third_party": "否",
                "score": score,
                "grade": "",
                "report_title": "",
                "report_url": "",
                "published_on": published,
                "submitted_to_congress": "否",
            }
            evaluations.append([evaluation[c] for c in evaluation_header])
    for name, rows in (("projects.csv", projects), ("evaluations.csv", evaluations)):
        with (package / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
    return package


def _evaluations_of(n: int) -> list[tuple[str, str, str]]:
    """(type, score, published_on) of project-year ``n``: none for a third of them."""
    case = n % 6
    if case == 0:
        return []
    if case == 1:  # one self-evaluation; scores repeat across project-years
        return [("self", str(80 + n % 3), "2019-03-01")]
    if case == 2:  # the finance evaluation is final whatever the dates
        return [("finance", "70", "2019-01-01"), ("self", "95", "2019-06-01")]
    if case == 3:  # same authority: the later publication; a missing date is oldest
        return [("department", "88.5", "2019-05-01"), ("department", "60", "")]
    if case == 4:  # same authority and date: the later row
        return [("self", "75", "2019-03-01"), ("self", "81", "2019-03-01")]
    return [("department", str(80 + n % 3), "")]


@pytest.fixture
def awkward(db_url: str, tmp_path: Path) -> Engine:
    engine = make_engine(db_url)
    report = import_package(engine, _awkward_package(tmp_path))
    assert report.ok, report.render()
    return engine


def _reference(engine: Engine, sort: str, descending: bool) -> list[str]:
    """The codes of 2018's public project-years of Jiangxi (全辖) in the order of
    ``sort``, computed plainly: values from the SQL lookup and Python's division, the
    present ones by (value, id) in the direction, then the missing ones by id."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                ProjectYear.id,
                ProjectYear.project_code,
                ProjectYear.spent_fen,
                ProjectYear.budget_adjusted_fen,
                final_evaluation_value(Evaluation.score).label("score"),
            ).where(
                visible(None),
                ProjectYear.fiscal_year == 2018,
                region_condition("360000", "all"),
                ProjectYear.withheld.is_(False),
            )
        ).all()
    value = {
        "spent": lambda r: r.spent_fen,
        "execution_rate": lambda r: execution_rate(r.spent_fen, r.budget_adjusted_fen),
        "score": lambda r: r.score,
    }[sort]
    present = sorted(
        (r for r in rows if value(r) is not None),
        key=lambda r: (value(r), r.id),
        reverse=descending,
    )
    missing = sorted((r for r in rows if value(r) is None), key=lambda r: r.id, reverse=descending)
    return [r.project_code for r in present + missing]


@pytest.mark.parametrize("sort", NULLABLE_SORTS)
@pytest.mark.parametrize("descending", [True, False])
def test_nullable_sorts_page_in_the_reference_order(
    awkward: Engine, sort: str, descending: bool
) -> None:
    expected = _reference(awkward, sort, descending)
    assert len(expected) == 33  # 36 rows, 3 withheld
    args = {"view": ViewFilter(2018, "360000"), "sort": sort, "descending": descending}
    whole = project_list(awkward, **args, page_size=100)
    assert [r.project_code for r in whole.rows] == expected and whole.total == 33
    for size in (1, 4, 7):
        walked: list[str] = []
        after = None
        while True:  # keyset pages, across the present/missing boundary
            page = project_list(awkward, **args, page_size=size, after=after, with_total=False)
            walked += [r.project_code for r in page.rows]
            if len(page.rows) < size:
                break
            after = page.last_key
        assert walked == expected, size
        by_offset = [
            r.project_code
            for number in range(1, len(expected) // size + 2)
            for r in project_list(awkward, **args, page=number, page_size=size).rows
        ]
        assert by_offset == expected, size


def test_the_awkward_cases_are_there(awkward: Engine) -> None:
    """The generated package really holds what the order tests are about."""
    rows = project_list(awkward, ViewFilter(2018, "360000"), page_size=100).rows
    assert any(r.spent is None for r in rows)
    assert any(r.budget_adjusted == 0 for r in rows)
    assert any(r.final_score is None for r in rows)
    scores = [r.final_score for r in rows if r.final_score is not None]
    assert len(scores) > len(set(scores)), "equal scores"
    rates = [r.execution_rate for r in rows if r.execution_rate is not None]
    assert len(rates) > len(set(rates)), "equal execution rates"


@pytest.mark.parametrize(
    "filters",
    [{"grades": ("good", "fair")}, {"score_min": 80, "score_max": 88.5}, {"grades": ("poor",)}],
)
def test_grade_and_score_filters_use_the_final_evaluation(awkward: Engine, filters: dict) -> None:
    """The filters read the stored final evaluation: the same project-years as the
    SQL lookup picks, counted as listed."""
    page = project_list(
        awkward, ViewFilter(2018, "360000"), ListFilter(**filters), sort="score", page_size=100
    )
    with awkward.connect() as conn:
        final = {
            code: (score, grade)
            for code, score, grade in conn.execute(
                select(
                    ProjectYear.project_code,
                    final_evaluation_value(Evaluation.score),
                    final_evaluation_value(Evaluation.grade),
                ).where(
                    visible(None), ProjectYear.fiscal_year == 2018, ProjectYear.withheld.is_(False)
                )
            )
        }
    low, high = filters.get("score_min", 0), filters.get("score_max", 100)
    expected = {
        code
        for code, (score, grade) in final.items()
        if score is not None
        and low <= score <= high
        and ("grades" not in filters or grade in filters["grades"])
    }
    assert {r.project_code for r in page.rows} == expected
    counted = project_count(awkward, ViewFilter(2018, "360000"), ListFilter(**filters))
    assert counted == len(expected) == page.total


def _stored_and_looked_up(engine: Engine) -> tuple[list[tuple], list[tuple]]:
    """(stored, from the SQL definitions) derived values of every project-year row."""
    with engine.connect() as conn:
        stored = conn.execute(
            select(
                ProjectYear.id,
                ProjectYear.execution_rate,
                ProjectYear.final_score,
                ProjectYear.final_grade,
            ).order_by(ProjectYear.id)
        ).all()
        looked_up = conn.execute(
            select(
                ProjectYear.id,
                execution_rate_sql(),
                final_evaluation_value(Evaluation.score),
                final_evaluation_value(Evaluation.grade),
            ).order_by(ProjectYear.id)
        ).all()
    return [tuple(r) for r in stored], [tuple(r) for r in looked_up]


def test_stored_final_evaluations_are_the_sql_lookup(awkward: Engine, db_url: str) -> None:
    stored, looked_up = _stored_and_looked_up(awkward)
    assert stored == looked_up
    assert any(r[2] is None for r in stored) and any(r[2] is not None for r in stored)
    # The mini example imported on top, then rolled back to the awkward release: the
    # copies keep values that still match their copied evaluations.
    first = max(r[0] for r in stored)
    report = import_package(awkward, MINI_PACKAGE)
    assert report.ok, report.render()
    with awkward.connect() as conn:
        releases = [r for (r,) in conn.execute(text("SELECT id FROM release ORDER BY id"))]
    result = rollback(awkward, releases[0])
    assert result.release_id is not None
    stored, looked_up = _stored_and_looked_up(awkward)
    assert max(r[0] for r in stored) > first
    assert stored == looked_up


def test_demo_stores_the_sql_lookup(db_url: str) -> None:
    engine = make_engine(db_url)
    build_demo(engine, scale=0.01)
    stored, looked_up = _stored_and_looked_up(engine)
    assert stored == looked_up
    assert sum(r[2] is not None for r in stored) > 100


def test_final_evaluations_rank_authority_then_date_then_id() -> None:
    picked = final_evaluations(
        [
            ("a", 1, "2019-06-01", 1, 95.0, "excellent"),
            ("a", 3, "2019-01-01", 2, 70.0, "fair"),  # finance beats a later self
            ("b", 2, "2019-05-01", 3, 88.5, "good"),
            ("b", 2, None, 4, 60.0, "poor"),  # a missing date is oldest
            ("c", 1, "2019-03-01", 5, 75.0, "fair"),
            ("c", 1, "2019-03-01", 6, 81.0, "good"),  # same date: the later row
        ]
    )
    assert picked == {"a": (70.0, "fair"), "b": (88.5, "good"), "c": (81.0, "good")}


def _downgrade_to_version_4(engine: Engine) -> None:
    """Make ``engine`` look like a version-4 database: no derived columns, no sort
    indexes on them, version 4 in ``meta``."""
    with engine.begin() as conn:
        for index in sort_indexes:
            conn.execute(text(f"DROP INDEX {index.name}"))
        for name in ("execution_rate", "final_score", "final_grade"):
            conn.execute(text(f"ALTER TABLE project_year DROP COLUMN {name}"))
        conn.execute(update(Meta).where(Meta.key == SCHEMA_VERSION_KEY).values(value="4"))


def test_migrate_adds_and_fills_the_columns_of_a_version_4_database(awkward: Engine) -> None:
    pages = {
        (sort, d): project_list(
            awkward, ViewFilter(2018, "360000"), sort=sort, descending=d, page_size=100
        )
        for sort in NULLABLE_SORTS
        for d in (True, False)
    }
    stored_before, _ = _stored_and_looked_up(awkward)
    _downgrade_to_version_4(awkward)
    assert not schema_is_current(awkward)
    assert "final_score" not in {c["name"] for c in inspect(awkward).get_columns("project_year")}
    rollups.rebuild(awkward)  # ``python -m data_access migrate``
    assert schema_is_current(awkward)
    with awkward.connect() as conn:
        version = conn.execute(select(Meta.value).where(Meta.key == SCHEMA_VERSION_KEY)).scalar()
        # From the catalogs: SQLAlchemy does not reflect expression indexes.
        catalog = (
            "SELECT name FROM sqlite_master WHERE type = 'index'"
            if conn.dialect.name == "sqlite"
            else "SELECT indexname FROM pg_indexes WHERE tablename = 'project_year'"
        )
        names = set(conn.execute(text(catalog)).scalars())
    assert version == str(SCHEMA_VERSION)
    assert {i.name for i in sort_indexes} <= names
    stored, looked_up = _stored_and_looked_up(awkward)
    assert stored == looked_up == stored_before
    for (sort, d), page in pages.items():
        again = project_list(
            awkward, ViewFilter(2018, "360000"), sort=sort, descending=d, page_size=100
        )
        assert again == page, (sort, d)
    rollups.rebuild(awkward)  # nothing left to upgrade: a no-op on the shape
    assert _stored_and_looked_up(awkward)[0] == stored


def test_a_write_into_a_version_4_database_upgrades_it(awkward: Engine) -> None:
    """An import (and a rollback) writes project-years with the derived columns, so it
    adds them first; the rollups' refresh in the same transaction does the rest."""
    _downgrade_to_version_4(awkward)
    report = import_package(awkward, MINI_PACKAGE)
    assert report.ok, report.render()
    assert schema_is_current(awkward)
    stored, looked_up = _stored_and_looked_up(awkward)
    assert stored == looked_up and any(r[2] is not None for r in stored)
    _downgrade_to_version_4(awkward)
    assert rollback(awkward, 1).release_id is not None
    assert schema_is_current(awkward)
    stored, looked_up = _stored_and_looked_up(awkward)
    assert stored == looked_up


def _statements(engine: Engine, read: Any) -> list[tuple[str, Any]]:
    """The SELECT statements (with parameters) that ``read()`` sends."""
    seen: list[tuple[str, Any]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        read()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


@pytest.mark.parametrize("sort", NULLABLE_SORTS)
@pytest.mark.parametrize("descending", [True, False])
def test_first_and_keyset_pages_walk_the_sort_index(
    awkward: Engine, sort: str, descending: bool
) -> None:
    """Every page statement of both parts reads the sort's index in its order: no sort
    step (PostgreSQL is told sorts and sequential scans cost a fortune, so a plan with
    a Sort would mean the index cannot give the order, not that it is dearer)."""
    index = f"ix_project_year_year_{sort}"
    args = {"view": ViewFilter(2018, "360000"), "sort": sort, "descending": descending}
    first = project_list(awkward, **args, page_size=3, with_total=False)
    present_cursor = first.last_key
    attribute = {"spent": "spent", "execution_rate": "execution_rate", "score": "final_score"}
    whole = project_list(awkward, **args, page_size=100, with_total=False).rows
    first_missing = [getattr(r, attribute[sort]) for r in whole].index(None)
    missing_cursor = project_list(
        awkward, **args, page_size=first_missing + 1, with_total=False
    ).last_key
    assert missing_cursor is not None and missing_cursor[0] is None
    statements = []
    for after in (None, present_cursor, missing_cursor):
        statements += _statements(
            awkward,
            lambda after=after: project_list(
                awkward, **args, page_size=2, after=after, with_total=False
            ),
        )
    assert len(statements) >= 3
    with awkward.connect() as conn:
        postgres = conn.dialect.name == "postgresql"
        if postgres:
            conn.execute(text("SET enable_sort = off"))
            conn.execute(text("SET enable_seqscan = off"))
        for statement, parameters in statements:
            explain = "EXPLAIN " if postgres else "EXPLAIN QUERY PLAN "
            plan = "\n".join(
                str(r[-1]) for r in conn.exec_driver_sql(explain + statement, parameters)
            )
            assert index in plan, plan
            if postgres:
                assert "Sort" not in plan.replace("Sort Key", ""), plan
            else:
                assert "TEMP B-TREE FOR ORDER BY" not in plan, plan
