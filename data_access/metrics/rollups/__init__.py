"""Rollups: the metric sums of the latest release, kept per year, region, scope and department.

Why: every figure of a page is a sum over project-years (202,205 in the Jiangxi demo,
over a million a year nationally); summing them on each read costs hundreds of
milliseconds to seconds. The sums only change when a release is written, so the writer
(``importer.ReleaseWriter``: imports and the demo) and ``importer.rollback`` call
:func:`refresh` in their own transaction, and the public functions of
``data_access.metrics.compute`` read them back (:func:`lookup`) instead of scanning.

What is stored (``schema.rollup_region``, ``schema.rollup_department``): the integer
sums and counts of ``sums.SUM_KEYS`` computed by the very SQL of the direct
computation (``sums.grouped_sum_statements``, run and regrouped inside the database),
for the live rows only. Every stored value is
an integer (money in fen, scores in hundredths of a point), so a sum of rollup rows (a
全辖 row is the sum of the 本级 rows below it; several years, several regions) equals
the direct sum exactly, and ratios are taken at read time by the same function
(``metrics.metrics_from_sums``) with the same None rules.

Never stale: :func:`refresh` stamps ``meta`` with a fingerprint of the data (the
highest id of every table a figure is computed from). :func:`lookup` answers only when
the fingerprint still matches, so a write that bypasses the writer (a test, a manual
fix) makes the reads fall back to direct computation instead of serving old sums, and
the next write recomputes every year. Limits: a DELETE or UPDATE outside the writer
that leaves every highest id unchanged is not seen (nothing in this code base does
that), and figures pinned to a release older than the latest are computed directly.
The fingerprint also names ``schema.SCHEMA_VERSION``, so rollups written by an older
shape of these tables are never read; :func:`refresh` upgrades them in place
(:data:`UPGRADABLE_FROM`), and :func:`rebuild` (``python -m data_access.metrics.rollups``,
whose ``__main__`` runs ``python -m data_access migrate``) does it without a new release.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    delete,
    func,
    insert,
    inspect,
    literal,
    select,
    text,
    update,
)
from sqlalchemy.schema import CreateIndex

from data_access.db.schema import (
    ROLLUP_SUMS,
    SCHEMA_VERSION,
    SCHEMA_VERSION_KEY,
    Application,
    Base,
    DepartmentName,
    Evaluation,
    Indicator,
    Meta,
    Monitoring,
    NameKey,
    ProjectYear,
    Region,
    RegionAncestor,
    RegionName,
    Release,
    rollup_department,
    rollup_region,
)
from data_access.db.sql_helpers import visible
from data_access.db.writing import analyze, serialise_imports
from data_access.metrics.sums import Sums, grouped_sum_statements
from data_access.pinyin import fill_name_keys
from data_access.regions import fill_validity

if TYPE_CHECKING:
    from data_access.reads.selection import ViewFilter

FINGERPRINT_KEY = "rollup_fingerprint"
# The tables whose highest id changes with any insert a figure depends on.
_FINGERPRINTED = (Release, ProjectYear, Indicator, Evaluation, Application, Monitoring)
# Schema versions that differ from this one only by derived data (the rollup tables'
# columns, ``project_year``'s derived columns) and by indexes: such a database is
# upgraded in place by the next refresh (3: no ``applied_funds``; 3 and 4: no
# ``project_year.final_score`` and the rest; 3 to 5: no ``region_name``, 3 to 6: no
# ``department_name``, each created empty; 3 to 7: no ``region.valid_from``/``valid_to``,
# added and filled from the gazetteer's successions; 3 to 8: no ``name_key``, created and
# filled by the refresh). Older ones lack release history and must be re-imported.
UPGRADABLE_FROM: tuple[int, ...] = (3, 4, 5, 6, 7, 8)


def _fingerprint_columns() -> list[Any]:
    return [
        select(func.max(table.id)).scalar_subquery().label(table.__tablename__)
        for table in _FINGERPRINTED
    ]


def _fingerprint(values: Sequence[Any]) -> str:
    # The schema version first: rollups of an older table shape never match.
    ids = ":".join(str(int(v) if v is not None else 0) for v in values)
    return f"v{SCHEMA_VERSION}:{ids}"


def _state(conn: Connection) -> tuple[str | None, str, int | None]:
    """(stamp stored by the last refresh, current fingerprint, latest release id): one
    statement of index look-ups."""
    stamp = select(Meta.value).where(Meta.key == FINGERPRINT_KEY).scalar_subquery()
    row = conn.execute(select(stamp.label("stamp"), *_fingerprint_columns())).one()
    latest = row[1]
    return row[0], _fingerprint(row[1:]), (int(latest) if latest is not None else None)


def is_current(conn: Connection) -> bool:
    """Whether the rollups hold the sums of exactly the data now in the database."""
    stamp, fingerprint, _latest = _state(conn)
    return stamp == fingerprint


def serves(conn: Connection, release: int | None) -> bool:
    """Whether a read as of ``release`` (None: the latest) can be answered from the
    rollups: they are current and the release is the latest one (whose visible rows are
    exactly the live rows)."""
    stamp, fingerprint, latest = _state(conn)
    return stamp == fingerprint and (release is None or release == latest)


# ---------------------------------------------------------------- writing


def refresh(conn: Connection, years: Iterable[int] | None) -> None:
    """Recompute the rollups of ``years`` (None: every year) from the live rows, and
    re-derive every 全辖 row; then stamp the fingerprint. Call inside the writing
    transaction, after the rows are written.

    The 全辖 rows of all years are re-derived from the 本级 rows (cheap: one row per
    region and year) because a package's regions.csv may have moved a region in the
    tree, which changes its ancestors' 全辖 figures in every year.
    """
    saved = _bulk_planner_settings(conn)
    year_list = None if years is None else sorted(set(years))
    if _upgrade_shape(conn):
        year_list = None  # the tables were recreated empty: every year
    if year_list is None:
        conn.execute(delete(rollup_region))
        conn.execute(delete(rollup_department))
    else:
        conn.execute(
            delete(rollup_region).where(
                rollup_region.c.scope == "own", rollup_region.c.fiscal_year.in_(year_list)
            )
        )
        conn.execute(delete(rollup_region).where(rollup_region.c.scope == "all"))
        conn.execute(
            delete(rollup_department).where(rollup_department.c.fiscal_year.in_(year_list))
        )
    if year_list != []:
        conditions = [visible(None)]
        if year_list is not None:
            conditions.append(ProjectYear.fiscal_year.in_(year_list))
        _fill_own_and_departments(conn, _project_years(conditions))
    _derive_all_scope(conn)
    # The search keys of names the write added (and of every name after an upgrade).
    fill_name_keys(conn)
    _stamp(conn)
    _restore_settings(conn, saved)


# PostgreSQL settings of a refresh (transaction-local). Why: the refresh's few statements
# each aggregate every live project-year of the release's years once. Their cost
# estimates pass the JIT threshold, and compiling them took longer than running them
# (2.8 s of JIT for a 4 s statement at province scale); the default 4 MB of work_mem
# made their sorts and hashes spill to disk.
_REFRESH_SETTINGS = {"jit": "off", "work_mem": "64MB"}


def _bulk_planner_settings(conn: Connection) -> dict[str, str]:
    """Set :data:`_REFRESH_SETTINGS` for the rest of the transaction (PostgreSQL) and
    return the previous values, for :func:`_restore_settings`."""
    if conn.dialect.name != "postgresql":
        return {}
    saved: dict[str, str] = {}
    for name, value in _REFRESH_SETTINGS.items():
        saved[name] = str(conn.execute(select(func.current_setting(name))).scalar_one())
        conn.execute(select(func.set_config(name, value, True)))
    return saved


def _restore_settings(conn: Connection, saved: dict[str, str]) -> None:
    """Put back what :func:`_bulk_planner_settings` changed: the caller's later
    statements in the same transaction plan as before."""
    for name, value in saved.items():
        conn.execute(select(func.set_config(name, value, True)))


def _upgrade_shape(conn: Connection) -> bool:
    """Bring a database of an upgradable schema version (:data:`UPGRADABLE_FROM`) to
    this one inside the caller's transaction: recreate the rollup tables (derived data,
    so nothing is lost), create the indexes it lacks, stamp the version. True when it
    did, so the caller refills every year. One indexed read when nothing is to do."""
    version = conn.execute(
        select(Meta.value).where(Meta.key == SCHEMA_VERSION_KEY)
    ).scalar_one_or_none()
    try:
        number = int(version) if version is not None else None
    except ValueError:
        return False
    if number not in UPGRADABLE_FROM:
        return False
    add_derived_columns(conn)
    add_region_validity(conn)
    RegionName.__table__.create(conn, checkfirst=True)
    DepartmentName.__table__.create(conn, checkfirst=True)
    NameKey.__table__.create(conn, checkfirst=True)
    for table in (rollup_department, rollup_region):
        table.drop(conn, checkfirst=True)
    for table in (rollup_region, rollup_department):
        table.create(conn)
    for table in Base.metadata.sorted_tables:
        for index in table.indexes:
            # IF NOT EXISTS, not checkfirst: SQLAlchemy does not reflect expression
            # indexes (``schema.sort_indexes``), so a check would miss them.
            conn.execute(CreateIndex(index, if_not_exists=True))
    # PostgreSQL keeps statistics of an expression index's values only from an ANALYZE
    # after it exists; without them it guessed 0.5% of a year for a sort's part and
    # sorted the whole view (0.6 s) rather than walk ``schema.sort_indexes``.
    analyze(conn)
    conn.execute(
        update(Meta).where(Meta.key == SCHEMA_VERSION_KEY).values(value=str(SCHEMA_VERSION))
    )
    return True


_VALIDITY = ("valid_from", "valid_to")


def has_region_validity(bind: Connection | Engine) -> bool:
    """Whether ``region`` has its years of validity (schema version 8): one reflection."""
    present = {c["name"] for c in inspect(bind).get_columns(Region.__tablename__)}
    return set(_VALIDITY) <= present


def add_region_validity(conn: Connection) -> None:
    """Add ``region.valid_from`` and ``valid_to`` (schema version 8) where they are
    missing and fill them from the gazetteer's successions
    (``regions.fill_validity``): a version-7 database then lists a year's child regions
    as a new one does. Part of the upgrade (:func:`_upgrade_shape`), and called before
    a package is checked (validation reads the years). One reflection of the table's
    columns when they are there."""
    if _add_columns(conn, Region.__table__, _VALIDITY):
        fill_validity(conn)


def _add_columns(conn: Connection, table: Table, names: Sequence[str]) -> bool:
    """Add the columns ``names`` of ``table`` that the database lacks (as the schema
    declares them); whether any was added. One reflection of the table's columns."""
    present = {c["name"] for c in inspect(conn).get_columns(table.name)}
    missing = [name for name in names if name not in present]
    for name in missing:
        column_type = table.c[name].type.compile(dialect=conn.dialect)
        conn.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {name} {column_type}"))
    return bool(missing)


def add_derived_columns(conn: Connection) -> None:
    """Add ``project_year``'s derived columns (schema version 5) where they are missing
    and fill them for every row, retired ones included (a pinned release sorts on them
    too), from the SQL definitions the writers' values are tested against.

    Part of the upgrade (:func:`_upgrade_shape`), and called by every write (the
    release writer, ``importer.rollback``) before it writes project-years: a write into
    an upgradable database upgrades it, and its rows need the columns first. One
    reflection of the table's columns when they are there."""
    from data_access.db.sql_helpers import execution_rate_sql, final_evaluation_value

    derived = ("execution_rate", "final_score", "final_grade")
    if not _add_columns(conn, ProjectYear.__table__, derived):
        return
    conn.execute(
        update(ProjectYear).values(
            execution_rate=execution_rate_sql(),
            final_score=final_evaluation_value(Evaluation.score),
            final_grade=final_evaluation_value(Evaluation.grade),
        )
    )


def rebuild(engine: Engine) -> None:
    """Recompute every rollup from the live rows, as the writer's own transaction would
    (upgrading an older rollup shape first), under the writers' lock.

    Why a command of its own: after an upgrade of the dashboard whose schema version
    only changed the rollups, an operator brings the database up to date without
    importing a release; it also repairs rollups left behind by a write that bypassed
    the writer (which the reads already refuse to serve).
    """
    # The writers' lock and statistics: rebuilding takes turns with imports and
    # rollbacks, and plans its sums as the writer does (``writing.analyze``).
    with engine.begin() as conn:
        serialise_imports(conn)
        analyze(conn)
        refresh(conn, None)


def _project_years(conditions: list[Any]) -> Any:
    """The CTE ``sums.grouped_sum_statements`` expects, with the group columns of a
    refresh (:data:`_GROUP_KEYS`)."""
    return (
        select(
            ProjectYear.id.label("pid"),
            ProjectYear.budget_adjusted_fen.label("budget"),
            ProjectYear.spent_fen.label("spent"),
            ProjectYear.has_targets.label("has_targets"),
            ProjectYear.withheld.label("withheld"),
            ProjectYear.fiscal_year.label("fy"),
            ProjectYear.region_code.label("rc"),
            ProjectYear.department_id.label("dept"),
            ProjectYear.withheld.label("wh"),
        )
        .where(*conditions)
        .cte("py")
    )


# Group columns of a refresh's sums, as ``_project_years`` names them.
_GROUP_KEYS = ("fy", "rc", "dept", "wh")
# Where a refresh's grouped sums are regrouped (one row per group and statement; a
# statement's sums missing from its row are NULL, i.e. 0). Temporary: private to the
# writing connection, dropped when the refresh is done.
_stage = Table(
    "rollup_stage",
    MetaData(),
    Column("fy", Integer, nullable=False),
    Column("rc", String(6), nullable=False),
    Column("dept", Integer, nullable=False),
    Column("wh", Boolean, nullable=False),
    *(Column(name, BigInteger) for name in ROLLUP_SUMS),
    prefixes=["TEMPORARY"],
)


def _fill_own_and_departments(conn: Connection, py: Any) -> None:
    """Write the 本级 rows of ``rollup_region`` and the rows of ``rollup_department``
    for the project-years ``py`` (a :func:`_project_years` CTE), inside the database.

    One pass of ``sums.grouped_sum_statements`` grouped by year, region, department
    and withheld, into :data:`_stage`; then the 本级 row of a region sums all its groups
    (withheld included, disclosure rule 1; results are public-only inside the sums,
    rule 3) and a department row sums its public groups only (rule 2). Integer sums, so
    regrouping them is exact. Why in SQL: fetching the grouped rows into Python,
    adding them up there and writing them back cost as much as computing them.
    """
    _stage.drop(conn, checkfirst=True)
    _stage.create(conn)
    for statement in grouped_sum_statements(py, _GROUP_KEYS):
        names = [column.name for column in statement.selected_columns]
        conn.execute(insert(_stage).from_select(names, statement))
    stage = _stage.c
    sums = [func.coalesce(func.sum(stage[name]), 0).label(name) for name in ROLLUP_SUMS]
    conn.execute(
        insert(rollup_region).from_select(
            ["fiscal_year", "region_code", "scope", *ROLLUP_SUMS],
            select(stage.fy, stage.rc, literal("own"), *sums).group_by(stage.fy, stage.rc),
        )
    )
    conn.execute(
        insert(rollup_department).from_select(
            ["fiscal_year", "region_code", "department_id", *ROLLUP_SUMS],
            select(stage.fy, stage.rc, stage.dept, *sums)
            .where(stage.wh.is_(False))
            .group_by(stage.fy, stage.rc, stage.dept),
        )
    )
    _stage.drop(conn)


def _derive_all_scope(conn: Connection) -> None:
    """全辖 row of a region = the sum of the 本级 rows of every region below it (itself
    included), through the closure table: exact, the sums being integers."""
    own = rollup_region.alias("own")
    sums = [func.sum(own.c[name]).label(name) for name in ROLLUP_SUMS]
    conn.execute(
        insert(rollup_region).from_select(
            ["fiscal_year", "region_code", "scope", *ROLLUP_SUMS],
            select(
                own.c.fiscal_year,
                RegionAncestor.ancestor_code,
                literal("all"),
                *sums,
            )
            .join(RegionAncestor, RegionAncestor.descendant_code == own.c.region_code)
            .where(own.c.scope == "own")
            .group_by(own.c.fiscal_year, RegionAncestor.ancestor_code),
        )
    )


def _stamp(conn: Connection) -> None:
    fingerprint = _fingerprint(conn.execute(select(*_fingerprint_columns())).one())
    conn.execute(delete(Meta).where(Meta.key == FINGERPRINT_KEY))
    conn.execute(insert(Meta).values(key=FINGERPRINT_KEY, value=fingerprint))


# ---------------------------------------------------------------- reading


def lookup(
    conn: Connection, flt: ViewFilter, group: str | None, child_codes: Iterable[str] = ()
) -> dict[Any, Sums] | None:
    """The sums ``metrics._aggregate`` would compute for this filter and grouping, read
    from the rollups; None when the rollups cannot answer (a sector filter, a grouping
    they do not hold, a release older than the latest, or rollups not current).

    Keys as in ``metrics._aggregate``: 0 without a group, the year, the child region's
    code, or the department id.
    """
    if flt.sector is not None or not serves(conn, flt.release):
        return None
    if flt.department_id is None and group in (None, "year", "child"):
        table = rollup_region
        conditions = [table.c.scope == ("all" if group == "child" else flt.scope)]
        if group == "child":
            if flt.scope != "all":
                return {}
            conditions.append(table.c.region_code.in_(list(child_codes)))
        else:
            conditions.append(table.c.region_code == flt.region)
    elif group in (None, "year", "department") and not (
        group == "department" and flt.department_id is not None
    ):
        table = rollup_department
        conditions = [_region_condition(table, flt.region, flt.scope)]
        if flt.department_id is not None:
            conditions.append(table.c.department_id == flt.department_id)
    else:
        return None
    if flt.year is not None:
        conditions.append(table.c.fiscal_year == flt.year)
    sums = [func.sum(table.c[name]).label(name) for name in ROLLUP_SUMS]
    if group is None:
        row = conn.execute(
            select(func.count().label("n"), *sums).where(and_(*conditions))
        ).one()
        return {0: _sums(row)} if row.n else {}
    key = table.c[{"year": "fiscal_year", "child": "region_code"}.get(group, "department_id")]
    statement = select(key.label("grp"), *sums).where(and_(*conditions)).group_by(key)
    return {row.grp: _sums(row) for row in conn.execute(statement)}


def _sums(row: Any) -> Sums:
    # PostgreSQL sums BIGINT into NUMERIC: back to int, exactly.
    return {name: int(row._mapping[name]) for name in ROLLUP_SUMS}


def _region_condition(table: Any, region: str, scope: str) -> Any:
    if scope == "own":
        return table.c.region_code == region
    below = select(RegionAncestor.descendant_code).where(RegionAncestor.ancestor_code == region)
    return table.c.region_code.in_(below)


def available_years(conn: Connection) -> list[int] | None:
    """The fiscal years with live project-years, from the rollups; None when they are
    not current."""
    if not serves(conn, None):
        return None
    return [
        int(y)
        for (y,) in conn.execute(
            select(rollup_region.c.fiscal_year)
            .distinct()
            .where(rollup_region.c.scope == "own")
            .order_by(rollup_region.c.fiscal_year)
        )
    ]


def most_projects_province(conn: Connection) -> str | None:
    """The province with the most live project-years over every year (ties: the lower
    code), from the 全辖 rows; the caller checks :func:`serves` first. Same count as
    ``views.default_region``'s direct one: withheld project-years included."""
    total = func.sum(rollup_region.c.projects)
    row = conn.execute(
        select(rollup_region.c.region_code)
        .join(Region, Region.code == rollup_region.c.region_code)
        .where(rollup_region.c.scope == "all", Region.level == "province")
        .group_by(rollup_region.c.region_code)
        .having(total > 0)
        .order_by(total.desc(), rollup_region.c.region_code)
        .limit(1)
    ).first()
    return str(row[0]) if row else None
