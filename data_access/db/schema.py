"""SQLAlchemy models for published budget-performance results.

Why these shapes:
- Money is stored as integer fen (``*_fen`` columns, BigInteger) so sums are exact on
  every backend; it is turned into ``Decimal`` 元 only at the edges.
- Scores and indicator weights are points, not money, and are stored as floats.
- ``region_ancestor`` is the closure of the region tree (each region is its own
  ancestor at depth 0), so 全辖 filters and per-child rollups are single joins that the
  database can index, whatever the depth of the tree or the shape of the codes.
- Everything a package brings belongs to a ``release`` and to its ``publisher``; an
  import replaces exactly the publisher's years that the package contains.
- Releases keep their history: an import does not delete what it replaces but marks
  it ``retired_by`` the new release, so a figure cited from an older release can still
  be served exactly (DATA_CONTRACT.md, "Releases"). A ``project_year`` or
  ``reported_figure`` row is visible as of release R when
  ``release_id <= R AND (retired_by IS NULL OR retired_by > R)``; the rows with
  ``retired_by IS NULL`` are the live ones (see ``sql_helpers.visible``). Indicators,
  evaluations, applications and monitoring hang off a project-year id, so they version
  with it without a column of their own.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    case,
    event,
    inspect,
    literal_column,
    select,
    text,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.elements import Grouping

# Bump whenever a change to these tables needs an existing database rebuilt; stored in
# ``meta`` under SCHEMA_VERSION_KEY when the tables are created (see schema_is_current).
# 2: releases keep their history (``retired_by``, partial unique index on live rows).
# 3: rollup tables (``rollup_region``, ``rollup_department``), filled by every write.
# 4: ``applied_funds`` in the rollups. The rollups are derived data, so a version-3
#    database is upgraded in place, no re-import: the next import or rollback, or
#    ``python -m data_access.metrics.rollups`` (``rollups.rebuild``), recreates the rollup
#    tables, refills them and stamps version 4 (``rollups.UPGRADABLE_FROM``).
# 5: ``project_year`` stores its final evaluation's score and grade and its execution
#    rate, with an index per sort on them (``sort_indexes``). Derived from rows already
#    stored, so a version-3 or 4 database is upgraded in place the same way
#    (``rollups._upgrade_shape`` adds and fills the columns).
# 6: ``region_name``, the names of regions added by packages, versioned by release (a
#    pinned release shows the names it was published with). A new, empty table: a
#    version-3, 4 or 5 database is upgraded in place (``rollups._upgrade_shape`` creates
#    it); regions added before it keep their one current name for every release.
# 7: ``department_name``, the names of departments versioned by release the same way. A
#    new, empty table: a version-3 to 6 database is upgraded in place
#    (``rollups._upgrade_shape`` creates it); a department named before it keeps its one
#    current name for every release until its publisher renames it.
# 8: ``region.valid_from`` / ``valid_to``, the fiscal years a region existed in (a
#    year's child regions are those that existed then or hold data then). Two nullable
#    columns: a version-3 to 7 database is upgraded in place (``rollups._upgrade_shape``
#    adds them and fills them from the gazetteer's successions, ``regions.SUCCESSIONS``).
# 9: ``name_key``, the pinyin search keys of every published name (regions, departments,
#    projects). Derived from names already stored: a version-3 to 8 database is upgraded
#    in place (``rollups._upgrade_shape`` creates the table, ``rollups.refresh`` fills it
#    as it does after every write).
SCHEMA_VERSION = 9
SCHEMA_VERSION_KEY = "schema_version"

# The rows of the release now served: the predicate of the partial unique indexes.
_LIVE = text("retired_by IS NULL")


class Base(DeclarativeBase):
    """Declarative base of every table of the dashboard."""

    if TYPE_CHECKING:
        # SQLAlchemy types ``__table__`` as any FromClause (a class may map a join);
        # every model here maps one plain Table, which ``insert``/``update`` need.
        __table__: ClassVar[Table]


# Authority of an evaluation type: the final evaluation of a project-year is the one
# of highest authority (finance > department > self).
EVAL_AUTHORITY: dict[str, int] = {"self": 1, "department": 2, "finance": 3}


class Release(Base):
    """One imported package: when, what, by whom, with a checksum of its files."""

    __tablename__ = "release"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    package_name: Mapped[str] = mapped_column(String(200), nullable=False)
    title: Mapped[str | None] = mapped_column(String(500))
    publisher: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    license: Mapped[str | None] = mapped_column(String(100))
    published: Mapped[dt.date | None] = mapped_column(Date)
    money_unit: Mapped[str] = mapped_column(String(8), nullable=False, default="万元")
    checksum: Mapped[str] = mapped_column(String(64), nullable=False)
    # JSON text: {"projects": 7, "indicators": 10, ...}
    row_counts: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    # JSON text: [{"title": ..., "path": ...}, ...]
    sources: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    # JSON text: the fiscal years this release covers, e.g. [2016, 2017]
    fiscal_years: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    is_demo: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class Region(Base):
    """A GB/T 2260 region: from the national gazetteer or a package's regions.csv."""

    __tablename__ = "region"

    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    # province / city / county
    level: Mapped[str] = mapped_column(String(10), nullable=False)
    parent_code: Mapped[str | None] = mapped_column(String(6), index=True)
    # "gazetteer" or the publisher whose regions.csv added / overrode it
    source: Mapped[str] = mapped_column(String(200), nullable=False, default="gazetteer")
    # The first and last fiscal year the region existed in (NULL: open-ended). Why:
    # GB/T 2260 codes come and go (赣县 360721 became 赣县区 360704 from 2017), and a
    # year's list of child regions must not show a region that did not exist then
    # (``sql_helpers.region_listed``). From the gazetteer's successions
    # (``regions.SUCCESSIONS``) or a package's regions.csv.
    valid_from: Mapped[int | None] = mapped_column(Integer)
    valid_to: Mapped[int | None] = mapped_column(Integer)


class RegionName(Base):
    """The name of a region a package added, as of each release of its publisher.

    Why: a name is a published fact like a figure, so a page pinned to a release shows
    the names that release was published with, although the publisher may rename its
    region later. Only regions that packages add have rows (the gazetteer's own regions
    cannot be changed by a package, ``validation._check_regions``); ``region.name`` is
    the live name, equal to the live row here. Visible as of release R like a
    project-year (``sql_helpers.region_name``). A region with no row visible as of R
    did not exist yet at R (``sql_helpers.region_existed``).
    """

    __tablename__ = "region_name"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(6), nullable=False)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    publisher: Mapped[str] = mapped_column(String(200), nullable=False)
    release_id: Mapped[int] = mapped_column(ForeignKey("release.id"), nullable=False)
    # The release that renamed it; NULL while it is the live name.
    retired_by: Mapped[int | None] = mapped_column(ForeignKey("release.id"))

    __table_args__ = (Index("ix_region_name_code", "code", "release_id"),)


class RegionAncestor(Base):
    """Closure table of the region tree: (ancestor, descendant, depth)."""

    __tablename__ = "region_ancestor"

    ancestor_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    descendant_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    depth: Mapped[int] = mapped_column(Integer, nullable=False)

    __table_args__ = (Index("ix_region_ancestor_desc", "descendant_code", "depth"),)


class Department(Base):
    """A department of one government; codes are unique per publisher.

    Keyed by (publisher, code): project-years of every release refer to a department
    by id, so a package defines only its own departments and no other publisher's
    package can touch them. ``name`` is the live name (what the latest release shows);
    the names of earlier releases are kept in ``department_name`` (schema 7), so a
    page pinned to a release shows the name that release was published with. The
    region is updated in place (``release_id`` is the last release that listed it).
    """

    __tablename__ = "department"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    publisher: Mapped[str] = mapped_column(String(200), nullable=False)
    code: Mapped[str] = mapped_column(String(64), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    region_code: Mapped[str] = mapped_column(String(6), nullable=False, index=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("release.id"), nullable=False)

    __table_args__ = (UniqueConstraint("publisher", "code", name="uq_department_publisher_code"),)


class DepartmentName(Base):
    """The name of a department as of each release of its publisher.

    Why: a department's name is published with the figures, so a page pinned to a
    release shows the name it was published with although a later package of the same
    publisher renames the department. Versioned like ``RegionName`` and visible as of
    release R like a project-year (``sql_helpers.department_name``). A department named
    before names were versioned has no row until its first rename, and keeps
    ``department.name`` meanwhile.
    """

    __tablename__ = "department_name"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    publisher: Mapped[str] = mapped_column(String(200), nullable=False)
    release_id: Mapped[int] = mapped_column(ForeignKey("release.id"), nullable=False)
    # The release that renamed it; NULL while it is the live name.
    retired_by: Mapped[int | None] = mapped_column(ForeignKey("release.id"))

    __table_args__ = (Index("ix_department_name_department", "department_id", "release_id"),)


class NameKey(Base):
    """The pinyin search keys of a name: its syllables written together ("xinfengxian")
    and their initials ("xfx"), keyed by the name itself.

    Why keyed by the name, not by a region, department or project: names are versioned
    by release (``region_name``, ``department_name``, project-years), and a name's keys
    depend on nothing but its characters, so one row serves every row and every release
    that carries the name, and a search joins it to whichever name expression it reads
    (``reads.search``). Why stored: pinyin cannot be computed in SQL, and a search of
    every project's pinyin must not load the projects. Filled by ``data_access.pinyin``
    after every write (``rollups.refresh``); a name without a row is still found by its
    characters and code.
    """

    __tablename__ = "name_key"

    name: Mapped[str] = mapped_column(String(300), primary_key=True)
    pinyin: Mapped[str] = mapped_column(Text, nullable=False)
    initials: Mapped[str] = mapped_column(String(300), nullable=False)


class ProjectYear(Base):
    """One project in one fiscal year: budget, spending, targets, disclosure."""

    __tablename__ = "project_year"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer, nullable=False)
    project_code: Mapped[str] = mapped_column(String(64), nullable=False)
    project_name: Mapped[str] = mapped_column(String(300), nullable=False)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), nullable=False)
    region_code: Mapped[str] = mapped_column(String(6), nullable=False)
    sector: Mapped[str | None] = mapped_column(String(100))
    budget_initial_fen: Mapped[int | None] = mapped_column(BigInteger)
    budget_adjusted_fen: Mapped[int] = mapped_column(BigInteger, nullable=False)
    spent_fen: Mapped[int | None] = mapped_column(BigInteger)
    has_targets: Mapped[bool] = mapped_column(Boolean, nullable=False)
    overall_target: Mapped[str | None] = mapped_column(Text)
    overall_result: Mapped[str | None] = mapped_column(Text)
    withheld: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    publisher: Mapped[str] = mapped_column(String(200), nullable=False)
    release_id: Mapped[int] = mapped_column(ForeignKey("release.id"), nullable=False)
    # The release that replaced this row; NULL while it is live.
    retired_by: Mapped[int | None] = mapped_column(ForeignKey("release.id"))
    # Derived when the row is written, so the explorer sorts and filters on indexed
    # columns instead of looking the final evaluation up per project-year (issue #8).
    # Rows are never updated (a correction is a new release, a rollback copies rows with
    # their evaluations), so these cannot go stale. Written by ``importer._write``,
    # ``demo`` and ``importer.rollback`` (copy), filled by ``rollups._upgrade_shape``;
    # computed by ``sql_helpers.execution_rate`` / ``sql_helpers.final_evaluations``,
    # which agree with ``sql_helpers.final_evaluation_order`` (tests/test_sort_indexes).
    # spent / budget_adjusted; NULL when nothing is reported spent or the budget is 0.
    execution_rate: Mapped[float | None] = mapped_column(Float)
    # Score and grade of the final evaluation; NULL when the project-year has none.
    final_score: Mapped[float | None] = mapped_column(Float)
    final_grade: Mapped[str | None] = mapped_column(String(16))

    __table_args__ = (
        # A code is published once per year among the live rows; retired versions of
        # the same (year, code) stay beside them.
        Index(
            "uq_project_year_live_code",
            "fiscal_year",
            "project_code",
            unique=True,
            sqlite_where=_LIVE,
            postgresql_where=_LIVE,
        ),
        # Which rows a release wrote and which of them are still live (release list,
        # unchanged-import check).
        Index("ix_project_year_release", "release_id", "retired_by"),
        Index("ix_project_year_year_region", "fiscal_year", "region_code"),
        Index("ix_project_year_year_dept", "fiscal_year", "department_id"),
        Index("ix_project_year_publisher_year", "publisher", "fiscal_year"),
        Index("ix_project_year_code", "project_code"),
        # The explorer's sorts by budget and by name (``queries.project_list``): the
        # first page and any keyset page (a row-value range on these columns) walk 50
        # entries of the year, either way, instead of sorting every project-year of the
        # view (≈1.5 s → a few ms on PostgreSQL at province scale). Sorting by code
        # walks ``uq_project_year_live_code``. Spending, execution rate and score: the
        # ``sort_indexes`` below.
        Index("ix_project_year_year_budget", "fiscal_year", "budget_adjusted_fen", "id"),
        Index("ix_project_year_year_name", "fiscal_year", "project_name", "id"),
    )


def missing_flag(column: Any) -> Any:
    """1 where ``column`` is NULL, else 0: the key that keeps missing values apart.

    Why this expression and not ``column IS NULL``: the explorer lists the rows with a
    value, then those without (missing last, either way), each part read with an
    equality on this flag so an index on (fiscal_year, flag, column, id) serves both
    directions of both parts. PostgreSQL rewrites ``(x IS NULL) = false`` into ``x IS
    NOT NULL`` before matching indexes, and then no longer sees the indexed expression;
    it leaves a CASE alone. The literals are inline (not bound parameters) so the
    expression of a query is the indexed one, textually, as SQLite needs.
    """
    return Grouping(case((column.is_(None), literal_column("1")), else_=literal_column("0")))


# The explorer's nullable sorts (``queries.project_list``): key name → column.
NULLABLE_SORT_COLUMNS: dict[str, Any] = {
    "spent": ProjectYear.spent_fen,
    "execution_rate": ProjectYear.execution_rate,
    "score": ProjectYear.final_score,
}
# One index per nullable sort, both directions: the first page and any keyset page of
# each part (with a value / without) is a range of 50 entries of the year, instead of a
# sort of every project-year of the view (2–3 s for the score on PostgreSQL at province
# scale, when it was looked up per project-year).
sort_indexes: tuple[Index, ...] = tuple(
    Index(
        f"ix_project_year_year_{name}",
        ProjectYear.fiscal_year,
        missing_flag(column),
        column,
        ProjectYear.id,
    )
    for name, column in NULLABLE_SORT_COLUMNS.items()
)


class Indicator(Base):
    """A performance indicator of a project-year, with its met / not met status."""

    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_year_id: Mapped[int] = mapped_column(
        ForeignKey("project_year.id", ondelete="CASCADE"), nullable=False, index=True
    )
    indicator_code: Mapped[str] = mapped_column(String(64), nullable=False)
    # output / outcome / satisfaction / cost
    level1: Mapped[str] = mapped_column(String(16), nullable=False)
    level2: Mapped[str | None] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    # >= / <= / = / qualitative
    comparison: Mapped[str] = mapped_column(String(16), nullable=False)
    target_value: Mapped[str | None] = mapped_column(String(200))
    unit: Mapped[str | None] = mapped_column(String(50))
    actual_value: Mapped[str | None] = mapped_column(String(200))
    weight: Mapped[float | None] = mapped_column(Float)
    score: Mapped[float | None] = mapped_column(Float)
    deviation_reason: Mapped[str | None] = mapped_column(Text)
    # met / not_met / not_assessed: decided at import, where the values are parsed
    status: Mapped[str] = mapped_column(String(16), nullable=False)


class Evaluation(Base):
    """A self, department or finance evaluation of a project-year."""

    __tablename__ = "evaluation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evaluation_code: Mapped[str] = mapped_column(String(64), nullable=False)
    project_year_id: Mapped[int] = mapped_column(
        ForeignKey("project_year.id", ondelete="CASCADE"), nullable=False, index=True
    )
    # self / department / finance
    eval_type: Mapped[str] = mapped_column(String(16), nullable=False)
    # 1 self, 2 department, 3 finance (EVAL_AUTHORITY)
    authority: Mapped[int] = mapped_column(Integer, nullable=False)
    evaluator: Mapped[str | None] = mapped_column(String(300))
    third_party: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    score: Mapped[float] = mapped_column(Float, nullable=False)
    # excellent / good / fair / poor
    grade: Mapped[str] = mapped_column(String(16), nullable=False)
    report_title: Mapped[str | None] = mapped_column(String(500))
    report_url: Mapped[str | None] = mapped_column(String(1000))
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    submitted_to_congress: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    publisher: Mapped[str] = mapped_column(String(200), nullable=False)

    # Not unique: a retired project-year keeps its evaluations, so the same code recurs
    # across releases. Uniqueness among live rows is checked by validation (within the
    # package, and against the publisher's live years the package does not replace).
    __table_args__ = (Index("ix_evaluation_publisher_code", "publisher", "evaluation_code"),)


class Application(Base):
    """What an evaluation's result did to the next budget."""

    __tablename__ = "application"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation.id", ondelete="CASCADE"), nullable=False, index=True
    )
    # prioritise / maintain / adjust / reduce / cancel / rectify
    action: Mapped[str] = mapped_column(String(16), nullable=False)
    next_year_budget_fen: Mapped[int | None] = mapped_column(BigInteger)
    budget_change_fen: Mapped[int | None] = mapped_column(BigInteger)
    # planned / done
    status: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)


class Monitoring(Base):
    """An in-year monitoring record (双监控): progress, warnings, action taken."""

    __tablename__ = "monitoring"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_year_id: Mapped[int] = mapped_column(
        ForeignKey("project_year.id", ondelete="CASCADE"), nullable=False, index=True
    )
    as_of: Mapped[dt.date] = mapped_column(Date, nullable=False)
    spent_to_date_fen: Mapped[int | None] = mapped_column(BigInteger)
    target_warning: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    budget_warning: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # continue / adjust / suspend / terminate
    action: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)


class ReportedFigure(Base):
    """A headline figure as officially published, shown beside the computed one."""

    __tablename__ = "reported_figure"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_code: Mapped[str] = mapped_column(String(6), nullable=False)
    scope: Mapped[str] = mapped_column(String(4), nullable=False, default="all")
    fiscal_year: Mapped[int] = mapped_column(Integer, nullable=False)
    metric: Mapped[str] = mapped_column(String(64), nullable=False)
    # exact decimal text as published, in ``unit``
    value: Mapped[str] = mapped_column(String(64), nullable=False)
    unit: Mapped[str] = mapped_column(String(8), nullable=False)
    source_title: Mapped[str | None] = mapped_column(String(500))
    source_url: Mapped[str | None] = mapped_column(String(1000))
    note: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str] = mapped_column(String(200), nullable=False)
    release_id: Mapped[int] = mapped_column(ForeignKey("release.id"), nullable=False)
    # The release that replaced this row; NULL while it is live.
    retired_by: Mapped[int | None] = mapped_column(ForeignKey("release.id"))

    __table_args__ = (
        Index("ix_reported_figure_view", "fiscal_year", "region_code", "scope"),
        Index("ix_reported_figure_release", "release_id", "retired_by"),
    )


# ---------------------------------------------------------------- rollups
# The integer sums and counts every metric key is computed from (``sums.SUM_KEYS``,
# ``metrics._metrics_from_sums``): money in fen, scores in hundredths of a point.
ROLLUP_SUMS: tuple[str, ...] = (
    "projects",
    "project_spending",
    "spent",
    "target_covered_funds",
    "monitored_funds",
    "withheld_projects",
    "withheld_funds",
    "evaluated_funds",
    "evaluated_funds_self",
    "evaluated_funds_department",
    "evaluated_funds_finance",
    "third_party_evaluations",
    "evaluations",
    "evaluations_applied",
    "applied_funds",
    "reports_to_congress",
    "score_sum",
    "score_count",
    "score_x_budget",
    "scored_funds",
    "grade_excellent",
    "grade_good",
    "grade_fair",
    "grade_poor",
    "fair_poor_cut",
    "gap_sum",
    "gap_count",
    "indicators_assessed",
    "indicators_met",
)


def _sum_columns() -> list[Column[Any]]:
    return [Column(name, BigInteger, nullable=False, default=0) for name in ROLLUP_SUMS]


# Why rollups: a page's figures are sums over up to millions of project-years; these
# tables hold the sums of the LIVE rows (``retired_by IS NULL``, i.e. the latest
# release) per fiscal year × region × scope, written in the transaction of every import,
# rollback and demo build (``data_access.metrics.rollups.refresh``), so reads are lookups.
# Figures pinned to an older release are computed directly. Region rows count withheld
# project-years (disclosure rule 1; evaluation results never, rule 3); department rows
# hold public project-years only (rule 2), keyed by the project-year's own region.
rollup_region = Table(
    "rollup_region",
    Base.metadata,
    Column("fiscal_year", Integer, primary_key=True),
    Column("region_code", String(6), primary_key=True),
    # own (本级) / all (全辖)
    Column("scope", String(4), primary_key=True),
    *_sum_columns(),
)
rollup_department = Table(
    "rollup_department",
    Base.metadata,
    Column("fiscal_year", Integer, primary_key=True),
    Column("region_code", String(6), primary_key=True),
    Column("department_id", Integer, primary_key=True),
    *_sum_columns(),
    Index("ix_rollup_department_dept", "department_id", "fiscal_year"),
)


# ``title_en.{release id}`` in ``meta``: the English title a package gave
# (datapackage.json ``title_en``), kept beside the release row as a rollback's origin is.
TITLE_EN_META_PREFIX = "title_en."


class Meta(Base):
    """Key/value facts about the database itself (schema version, demo flag, ...)."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


@event.listens_for(Meta.__table__, "after_create")
def _record_schema_version(target: Any, connection: Connection, **_kw: Any) -> None:
    """Stamp a database with the schema version when its ``meta`` table is created.

    Why on creation: ``create_all`` creates only missing tables, so a database built by
    an older version keeps its old tables (and no version row) and is told apart by
    :func:`schema_is_current`.
    """
    connection.execute(target.insert().values(key=SCHEMA_VERSION_KEY, value=str(SCHEMA_VERSION)))


def schema_is_current(bind: Engine | Connection) -> bool:
    """Whether the database was built with this version of the schema.

    False for a database created by an older version (no ``retired_by`` column, or no
    or an older ``schema_version`` in ``meta``): ``create_all`` never alters existing
    tables, so such a database must be rebuilt (the demo) or migrated (a configured
    one) before it is served. True for an empty database once the tables exist.
    """
    connection = bind.connect() if isinstance(bind, Engine) else bind
    try:
        inspector = inspect(connection)
        tables = set(inspector.get_table_names())
        if not {"meta", "project_year", "reported_figure"} <= tables:
            return False
        for table in ("project_year", "reported_figure"):
            if "retired_by" not in {c["name"] for c in inspector.get_columns(table)}:
                return False
        version = connection.execute(
            select(Meta.value).where(Meta.key == SCHEMA_VERSION_KEY)
        ).scalar_one_or_none()
    finally:
        if connection is not bind:
            connection.close()
    try:
        return version is not None and int(version) == SCHEMA_VERSION
    except ValueError:
        return False
