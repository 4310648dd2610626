"""Checking and importing a published-results package, all or nothing.

Why one transaction: a package states the complete published results of its publisher
for each fiscal year it contains (DATA_CONTRACT.md, "Releases"). Importing it retires
what that publisher had live for those years (``retired_by`` = the new release; nothing
is deleted, so any earlier release can still be served as it was) and writes the package
beside it; readers must see either the old release or the new one, never a mixture, and
a package with any error must leave the database exactly as it was.

A package identical (same checksum, publisher and years) to the release that is live for
those years changes nothing: no new release is created, so citations and caches keyed
by the latest release stay valid, and the report says so.

``validate_package`` runs every check, against the database too, and writes nothing;
``import_package`` runs the same checks inside the transaction that then writes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    MetaData,
    Table,
    and_,
    bindparam,
    delete,
    func,
    insert,
    literal,
    null,
    select,
    text,
    update,
)
from sqlalchemy.exc import DataError, DBAPIError, OperationalError

from data_access.db.schema import (
    TITLE_EN_META_PREFIX,
    Application,
    Department,
    DepartmentName,
    Evaluation,
    Indicator,
    Meta,
    Monitoring,
    ProjectYear,
    RegionName,
    Release,
    ReportedFigure,
)
from data_access.db.sql_helpers import (
    execution_rate,
    figure_visible,
    final_evaluations,
    visible,
)
from data_access.db.writing import WRITTEN_TABLES, analyze, is_lock_timeout, serialise_imports
from data_access.ingest.columns import TABLES
from data_access.ingest.limits import IMPORT_LOCK_WAIT_ENV_VAR, import_lock_wait
from data_access.ingest.package import TABLE_NAMES, RawPackage, read_package
from data_access.ingest.problems import Problem, cap_problems, database_refusal, error, printable
from data_access.ingest.validation import (
    Record,
    ValidatedPackage,
    database_problems,
    known_region_codes,
    validate_raw,
)
from data_access.regions import (
    RegionRecord,
    apply_region_overrides,
    ensure_regions,
    restore_region_names,
)

__all__ = ["ImportReport", "Problem", "import_package", "validate_package"]

@dataclass
class ImportReport:
    """What happened to a package: every problem found, and what was (or would be) imported.

    ``release_id`` is set only when ``import_package`` wrote the package.
    """

    source: str
    problems: list[Problem]
    package_name: str | None = None
    title: str | None = None
    publisher: str | None = None
    fiscal_years: list[int] = field(default_factory=list)
    row_counts: dict[str, int] = field(default_factory=dict)
    checksum: str | None = None
    release_id: int | None = None
    # Set when the package is identical to this live release: nothing was (or would be)
    # written.
    unchanged_release_id: int | None = None

    @property
    def unchanged(self) -> bool:
        """The package is identical to what is live: importing it changes nothing."""
        return self.ok and self.unchanged_release_id is not None

    @property
    def ok(self) -> bool:
        """No errors: the package is (or was) imported. Warnings do not count."""
        return not self.errors

    @property
    def errors(self) -> list[Problem]:
        """The problems that reject the package, in file and row order."""
        return [problem for problem in self.problems if problem.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that are only listed, in file and row order."""
        return [problem for problem in self.problems if not problem.is_error]

    def render(self, lang: str = "en") -> str:
        """The report for a terminal: header, every error, every warning, a verdict.

        Each problem is one ``file:row:column: message`` line, so editors and CI logs
        can point at the cell.
        """
        zh = lang == "zh"
        lines: list[str] = []
        name = self.package_name or Path(self.source).name
        lines.append(
            (f"数据包 {name}" if zh else f"Package {name}")
            + (f" — {self.title}" if self.title else "")
        )
        facts = []
        if self.publisher:
            facts.append(f"发布单位：{self.publisher}" if zh else f"publisher: {self.publisher}")
        if self.fiscal_years:
            years = ", ".join(str(year) for year in self.fiscal_years)
            facts.append(f"年度：{years}" if zh else f"fiscal years: {years}")
        if self.checksum:
            facts.append(f"SHA-256 {self.checksum[:12]}…")
        if facts:
            lines.append("  " + " · ".join(facts))
        lines.append(("  来源：" if zh else "  source: ") + self.source)
        for title_zh, title_en, problems in (
            ("错误", "error", self.errors),
            ("警告", "warning", self.warnings),
        ):
            if not problems:
                continue
            count = len(problems)
            plural = "" if count == 1 else "s"
            lines.append("")
            lines.append(f"{title_zh} {count} 条：" if zh else f"{count} {title_en}{plural}:")
            lines.extend(f"  {problem}" for problem in problems)
        if self.row_counts:
            lines.append("")
            counts = " · ".join(f"{table} {rows}" for table, rows in self.row_counts.items())
            lines.append(("行数：" if zh else "rows: ") + counts)
        lines.append("")
        lines.append(self._verdict(zh))
        return "\n".join(lines)

    def _verdict(self, zh: bool) -> str:
        errors, warnings = len(self.errors), len(self.warnings)
        if errors:
            if zh:
                return (
                    f"未导入：发现 {errors} 个错误、{warnings} 个警告；已发布的数据没有任何改动。"
                )
            return (
                f"REFUSED: {errors} error{'s' if errors != 1 else ''}, "
                f"{warnings} warning{'s' if warnings != 1 else ''}; nothing was imported "
                "and the published data is unchanged."
            )
        years = ", ".join(str(year) for year in self.fiscal_years)
        if self.unchanged_release_id is not None and self.release_id is None:
            same = self.unchanged_release_id
            if zh:
                return (
                    f"未改变：与已发布的版本 #{same} 完全相同；没有导入任何数据"
                    f"（{warnings} 个警告）。"
                )
            return (
                f"UNCHANGED: identical to release #{same}; nothing was imported "
                f"({warnings} warning{'s' if warnings != 1 else ''})."
            )
        if self.release_id is not None:
            if zh:
                return (
                    f"已导入：发布版本 #{self.release_id}（{warnings} 个警告），"
                    f"替换 {self.publisher} {years} 年度已发布的结果。"
                )
            return (
                f"IMPORTED as release #{self.release_id} ({warnings} warning"
                f"{'s' if warnings != 1 else ''}): replaces what {self.publisher} had "
                f"published for {years}."
            )
        if zh:
            return f"校验通过（{warnings} 个警告）：可以导入，未写入任何数据。"
        return (
            f"VALID ({warnings} warning{'s' if warnings != 1 else ''}): the package can be "
            "imported; nothing was written."
        )


def _regions_ready(engine: Engine, path: str | Path) -> ImportReport | None:
    """None once the gazetteer is in place (both checking and importing need it); the
    busy report when another writer kept the database locked past the wait."""
    from data_access.metrics import rollups

    try:
        ensure_regions(engine)
        # A database of schema version 7 or older gets the regions' years of validity,
        # which validation reads (the rest of its upgrade comes with the refresh).
        if not rollups.has_region_validity(engine):
            with engine.begin() as conn:
                serialise_imports(conn)
                rollups.add_region_validity(conn)
    except OperationalError as exc:
        if not is_lock_timeout(exc):
            raise
        return busy_report(path)
    return None


def validate_package(engine: Engine, path: str | Path) -> ImportReport:
    """Every check of :func:`import_package`, against the same database, writing nothing."""
    busy = _regions_ready(engine, path)
    if busy is not None:
        return busy
    raw = read_package(path)
    with engine.connect() as conn:
        validated = _validate(conn, raw)
        unchanged = _identical_live_release(conn, validated) if validated.ok else None
    return _report(validated, release_id=None, unchanged_release_id=unchanged)


def import_package(engine: Engine, path: str | Path, *, is_demo: bool = False) -> ImportReport:
    """Check the package and, if it has no error, replace its publisher's years with it.

    The checks against the database and the writes share one transaction, so what was
    checked is what is replaced. With any error nothing is written; a package identical
    to the live release of its publisher's years writes nothing either
    (``report.unchanged``).
    """
    busy = _regions_ready(engine, path)
    if busy is not None:
        return busy
    raw = read_package(path)
    release_id: int | None = None
    unchanged: int | None = None
    validated: ValidatedPackage | None = None
    try:
        with engine.begin() as conn:
            serialise_imports(conn)
            validated = _validate(conn, raw)
            if validated.ok:
                unchanged = _identical_live_release(conn, validated)
                if unchanged is None:
                    release_id = _write(conn, validated, is_demo=is_demo)
    except DataError as exc:
        # A value the checks let through and the database refused (the transaction is
        # rolled back): a report, not a traceback.
        if validated is None:
            raise
        validated.problems.append(database_refusal(raw.source.name, exc))
        release_id = unchanged = None
    except OperationalError as exc:
        # Another writer held the database past the wait: nothing was written (the
        # transaction is rolled back), and the operator is told to try again.
        if not is_lock_timeout(exc):
            raise
        return busy_report(path)
    return _report(validated, release_id=release_id, unchanged_release_id=unchanged)


def busy_report(path: str | Path) -> ImportReport:
    """The refusal when another import (or any writer) kept the database locked for
    longer than ``limits.import_lock_wait``: a report and exit 1, not a traceback."""
    source = printable(str(path))
    return ImportReport(
        source=source,
        problems=[
            error(
                printable(Path(path).name),
                None,
                None,
                "another import is running; try again (the database stayed locked by "
                f"another writer for {import_lock_wait():g} s, the import lock wait set "
                f"by {IMPORT_LOCK_WAIT_ENV_VAR}); nothing was imported",
            )
        ],
    )


def _validate(conn: Connection, raw: RawPackage) -> ValidatedPackage:
    validated = validate_raw(raw, known_region_codes(conn))
    validated.problems.extend(database_problems(conn, validated))
    return validated


def _identical_live_release(conn: Connection, validated: ValidatedPackage) -> int | None:
    """The live release this package is identical to, or None.

    Identical: the same checksum of its files, publisher and fiscal years as release N,
    and N is what is served for those years: none of N's rows is retired and every live
    row of the publisher for those years is N's. (Departments and region names are not
    compared: a later release of other years may have renamed a department or one of
    the publisher's regions, which re-importing N would not restore; ``rollback`` does
    restore the names.)
    """
    publisher, years = validated.meta.publisher, sorted(validated.fiscal_years)
    if publisher is None:
        return None
    candidate = conn.execute(
        select(Release.id, Release.fiscal_years)
        .where(Release.publisher == publisher, Release.checksum == validated.raw.checksum)
        .order_by(Release.id.desc())
        .limit(1)
    ).first()
    if candidate is None or sorted(json.loads(candidate.fiscal_years or "[]")) != years:
        return None
    release_id = candidate.id
    for table in (ProjectYear, ReportedFigure):
        retired = (
            select(table.id)
            .where(table.release_id == release_id, table.retired_by.is_not(None))
            .exists()
        )
        others = (
            select(table.id)
            .where(
                table.publisher == publisher,
                table.fiscal_year.in_(years),
                table.retired_by.is_(None),
                table.release_id != release_id,
            )
            .exists()
        )
        if conn.execute(select(retired | others)).scalar():
            return None
    return int(release_id)


def _report(
    validated: ValidatedPackage,
    release_id: int | None,
    unchanged_release_id: int | None = None,
) -> ImportReport:
    raw, meta = validated.raw, validated.meta
    return ImportReport(
        source=printable(str(raw.source)),
        problems=cap_problems(_in_file_order(raw, validated.problems)),
        package_name=meta.name,
        title=meta.title,
        publisher=meta.publisher,
        fiscal_years=list(validated.fiscal_years),
        row_counts=validated.row_counts,
        checksum=raw.checksum,
        release_id=release_id,
        unchanged_release_id=unchanged_release_id,
    )


def _in_file_order(raw: RawPackage, problems: list[Problem]) -> list[Problem]:
    """Problems by file (descriptor, then the tables in contract order), then by row."""
    rank: dict[str, int] = {raw.source.name: 0, raw.descriptor_file: 1}
    for table in TABLE_NAMES:
        rank.setdefault(raw.file_for(table), len(rank))
    for problem in problems:
        rank.setdefault(problem.file, len(rank))
    return sorted(problems, key=lambda p: (rank[p.file], p.row or 0))


# ---------------------------------------------------------------- writing


def _retire_publisher_years(
    conn: Connection, publisher: str, years: list[int], release_id: int
) -> None:
    """Mark the publisher's live rows for ``years`` as replaced by ``release_id``.

    Why not delete: a release pinned in a citation must keep its figures. The children
    (indicators, evaluations, applications, monitoring) belong to a project-year id and
    so are retired with it; the partial unique index on live (year, code) then lets the
    new release write the same codes.
    """
    for table in (ProjectYear, ReportedFigure):
        conn.execute(
            update(table)
            .where(
                table.publisher == publisher,
                table.fiscal_year.in_(years),
                table.retired_by.is_(None),
            )
            .values(retired_by=release_id)
        )


def _upsert_departments(
    conn: Connection, publisher: str, records: Iterable[Record], release_id: int
) -> dict[str, int]:
    """Insert or update the package's departments (keyed by publisher and code).

    Departments the package does not list stay: other years may still refer to them.
    A department's name is versioned by the release (:func:`record_department_names`),
    so releases before this one keep showing the name they were published with.
    Returns every department id of the publisher by code.
    """
    existing = {
        row.code: row
        for row in conn.execute(
            select(Department.code, Department.id, Department.name).where(
                Department.publisher == publisher
            )
        )
    }
    updates: list[dict[str, Any]] = []
    inserts: list[dict[str, Any]] = []
    renamed: dict[int, tuple[str, str | None]] = {}
    for record in records:
        values = record.values
        code = values["department_code"]
        if code in existing:
            stored = existing[code]
            if stored.name != values["name"]:
                renamed[stored.id] = (values["name"], stored.name)
            # Bind names must differ from the column names in an UPDATE ... SET.
            updates.append(
                {
                    "b_id": stored.id,
                    "b_name": values["name"],
                    "b_region_code": values["region_code"],
                }
            )
        else:
            inserts.append(
                {
                    "publisher": publisher,
                    "code": code,
                    "name": values["name"],
                    "region_code": values["region_code"],
                    "release_id": release_id,
                }
            )
    if updates:
        table = Department.__table__
        conn.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(
                name=bindparam("b_name"),
                region_code=bindparam("b_region_code"),
                release_id=release_id,
            ),
            updates,
        )
    if inserts:
        conn.execute(insert(Department), inserts)
    ids = dict(
        conn.execute(
            select(Department.code, Department.id).where(Department.publisher == publisher)
        ).all()
    )
    renamed.update({ids[values["code"]]: (values["name"], None) for values in inserts})
    record_department_names(conn, renamed, publisher, release_id)
    return ids


def record_department_names(
    conn: Connection,
    names: Mapping[int, tuple[str, str | None]],
    publisher: str,
    release_id: int,
) -> None:
    """Version the names ``publisher`` gives its departments in ``release_id``.

    ``names`` maps a department id to (its name from this release, its name before or
    None when the department is new). The live ``department_name`` row of a renamed
    department is retired by the release and the new name written live. A department
    named before names were versioned (schema 7) has no row yet: its former name is
    written first, as of the publisher's earliest release, so the releases before this
    one keep showing it. Set-based: a few statements whatever the number of names.
    """
    if not names:
        return
    ids = sorted(names)
    live: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        live.update(
            conn.execute(
                select(DepartmentName.department_id, DepartmentName.name).where(
                    DepartmentName.department_id.in_(ids[start : start + 500]),
                    DepartmentName.retired_by.is_(None),
                )
            ).all()
        )
    changed = [i for i in ids if live.get(i) != names[i][0]]
    if not changed:
        return
    retire = [i for i in changed if i in live]
    for start in range(0, len(retire), 500):
        conn.execute(
            update(DepartmentName)
            .where(
                DepartmentName.department_id.in_(retire[start : start + 500]),
                DepartmentName.retired_by.is_(None),
            )
            .values(retired_by=release_id)
        )
    earliest = conn.execute(
        select(func.min(Release.id)).where(Release.publisher == publisher)
    ).scalar_one()
    # (department id, name, from release, retired by)
    rows: list[tuple[int, str | None, int, int | None]] = [
        (i, names[i][1], earliest, release_id)
        for i in changed
        if i not in live
        and names[i][1] is not None
        and earliest is not None
        and earliest < release_id
    ]
    rows += [(i, names[i][0], release_id, None) for i in changed]
    conn.execute(
        insert(DepartmentName),
        [
            {
                "department_id": i,
                "name": name,
                "publisher": publisher,
                "release_id": since,
                "retired_by": retired_by,
            }
            for i, name, since, retired_by in rows
        ],
    )


def restore_department_names(
    conn: Connection, publisher: str, as_of: int, release_id: int
) -> int:
    """Give ``publisher``'s departments the names they had as of release ``as_of``
    again, versioned by ``release_id`` (a rollback serving ``as_of`` again). Departments
    with no name row visible then (named later, or before names were versioned) keep
    theirs. Returns the number of departments renamed."""
    then = dict(
        conn.execute(
            select(DepartmentName.department_id, DepartmentName.name).where(
                DepartmentName.publisher == publisher,
                DepartmentName.release_id <= as_of,
                DepartmentName.retired_by.is_(None) | (DepartmentName.retired_by > as_of),
            )
        ).all()
    )
    now = dict(
        conn.execute(
            select(Department.id, Department.name).where(Department.publisher == publisher)
        ).all()
    )
    renamed = {i: (name, now[i]) for i, name in then.items() if i in now and now[i] != name}
    if renamed:
        table = Department.__table__
        conn.execute(
            update(table).where(table.c.id == bindparam("b_id")).values(name=bindparam("b_name")),
            [{"b_id": i, "b_name": name} for i, (name, _before) in renamed.items()],
        )
    record_department_names(conn, renamed, publisher, release_id)
    return len(renamed)


def _write(conn: Connection, validated: ValidatedPackage, *, is_demo: bool) -> int:
    """Replace the publisher's years with the package; returns the new release id.

    The package's records become storage rows here (contract names to columns, codes to
    ids); :class:`ReleaseWriter` writes them, the same way it writes the demo.
    """
    meta, records = validated.meta, validated.records
    publisher = meta.publisher
    assert publisher is not None and meta.name is not None  # guaranteed by validation
    years = validated.fiscal_years
    writer = ReleaseWriter(conn, publisher)
    release_id = writer.release_id
    writer.begin(
        {
            "imported_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
            "package_name": meta.name,
            "title": meta.title,
            "license": meta.license,
            "published": meta.published,
            "money_unit": meta.money_unit,
            "checksum": validated.raw.checksum,
            "row_counts": json.dumps(public_row_counts(validated), ensure_ascii=False),
            "sources": json.dumps(meta.sources, ensure_ascii=False),
            "fiscal_years": json.dumps(years),
            "is_demo": is_demo,
        },
        years,
        meta.title_en,
    )
    if records.get("regions"):
        apply_region_overrides(
            conn,
            [
                RegionRecord(
                    r.values["region_code"],
                    r.values["name"],
                    r.values["level"],
                    r.values["parent_code"],
                    r.values.get("valid_from"),
                    r.values.get("valid_to"),
                )
                for r in records["regions"]
            ],
            source=publisher,
            release_id=release_id,
        )
    department_ids = _upsert_departments(
        conn, publisher, records.get("departments", []), release_id
    )

    def write(
        name: str, extra: Callable[[dict[str, Any]], dict[str, Any]]
    ) -> list[tuple[int, dict[str, Any]]]:
        """Write the records of package table ``name`` as rows keyed by column: the
        values ``columns.TABLES`` stores, a new id, and ``extra(values)`` (what the
        package does not carry: ids of parents, values decided here). Returns each
        record's values with its id."""
        table = TABLES[name]
        storage = table.model.__tablename__
        values = [r.values for r in records.get(name, [])]
        first = writer.reserve(storage, len(values))
        written = [(first + i, v) for i, v in enumerate(values)]
        writer.write(storage, [{**table.stored(v), "id": id_, **extra(v)} for id_, v in written])
        return written

    # The final evaluation of each project-year, stored on it. Evaluation ids are
    # reserved below in file order, so the position ranks them as their ids will.
    finals = final_evaluations(
        (
            (e["fiscal_year"], e["project_code"]),
            e["authority"],
            e["published_on"],
            position,
            e["score"],
            e["grade"],
        )
        for position, e in enumerate(r.values for r in records.get("evaluations", []))
    )

    def project_year(v: dict[str, Any]) -> dict[str, Any]:
        final_score, final_grade = finals.get((v["fiscal_year"], v["project_code"]), (None, None))
        return {
            "department_id": department_ids[v["department_code"]],
            "withheld": v["disclosure"] == "withheld",
            "publisher": publisher,
            "release_id": release_id,
            "execution_rate": execution_rate(v["spent"], v["budget_adjusted"]),
            "final_score": final_score,
            "final_grade": final_grade,
        }

    project_ids = {
        (v["fiscal_year"], v["project_code"]): id_ for id_, v in write("projects", project_year)
    }

    def project_id(v: dict[str, Any]) -> dict[str, Any]:
        return {"project_year_id": project_ids[(v["fiscal_year"], v["project_code"])]}

    write("indicators", lambda v: {**project_id(v), "status": v["status"]})
    evaluation_ids = {
        v["evaluation_id"]: id_
        for id_, v in write(
            "evaluations",
            lambda v: {**project_id(v), "authority": v["authority"], "publisher": publisher},
        )
    }
    write("applications", lambda v: {"evaluation_id": evaluation_ids[v["evaluation_id"]]})
    write("monitoring", project_id)
    write("reported_figures", lambda _v: {"publisher": publisher, "release_id": release_id})
    writer.finish()
    return release_id


# ---------------------------------------------------------------- the writer

# The columns of a written row, in the schema's order: ``id`` first and explicit, and
# never ``retired_by`` (a release writes live rows, which the partial unique index on
# live (year, code) expects).
WRITE_COLUMNS: dict[str, tuple[str, ...]] = {
    name: tuple(c.name for c in table.columns if c.name != "retired_by")
    for name, table in WRITTEN_TABLES.items()
}
# Tables big enough that PostgreSQL gets them through COPY rather than executemany.
_COPY_TABLES = frozenset({"project_year", "indicator", "evaluation", "application", "monitoring"})
# Rows per executemany call: bounds the driver's buffers, not the number of statements.
_EXECUTEMANY_BATCH = 20_000


class ReleaseWriter:
    """The one write path of a release, for the importer and the demo alike.

    Why one: what a release is (a ``release`` row, the publisher's years retired, rows
    written live with ids, the id sequences moved on, the rollups refreshed in the same
    transaction) must not be written twice and drift apart. Why explicit ids: the caller
    links indicators, evaluations and the rest to their parents without reading the
    ids back, and the demo stays identical from build to build. The ids are taken as
    max(id) + 1 after the import lock (``serialise_imports``), so no concurrent import
    can take the same ones.

    Rows are mappings keyed by the columns of :data:`WRITE_COLUMNS` (``write``; the
    importer builds them from ``columns.TABLES``), or, for generators of millions of rows
    (the demo, the bench), tuples in that order (``write_ordered``); in storage form
    (integer fen, booleans, dates or ISO date text). They go through the DB-API cursor:
    ``executemany`` in batches, and ``COPY`` on PostgreSQL for the big tables (psycopg 3).

    Usage: ``ReleaseWriter(conn, publisher)`` → ``reserve`` ids (before or after
    ``begin``) → ``begin(release values, years)`` → ``write`` each table, parents first
    → ``finish()``. ``replace=True`` (the demo) deletes every row of the publisher first
    instead of keeping its history: a rebuilt demo replaces the previous build.
    """

    def __init__(self, conn: Connection, publisher: str, *, replace: bool = False) -> None:
        self.conn = conn
        self.publisher = publisher
        from data_access.metrics import rollups

        self.years: list[int] = []
        serialise_imports(conn)
        # A database of an older schema version gets the project-year columns the rows
        # are written with (the rest of its upgrade comes with the rollups' refresh).
        rollups.add_derived_columns(conn)
        # Rollups that no longer match the data (a write outside the writer) are
        # recomputed for every year at ``finish``, not only for this release's years.
        self._rollups_stale = not rollups.is_current(conn)
        # Found before anything is purged: what may be built once at ``finish``.
        self._bulk = _BulkLoad.of(conn)
        # Years whose rows are deleted: their rollups are refreshed too.
        self._purged: list[int] = _purge_publisher(conn, publisher) if replace else []
        self._next: dict[str, int] = {
            name: _max_id(conn, table) + 1
            for name, table in (("release", Release.__table__), *WRITTEN_TABLES.items())
        }
        self.release_id = self.reserve("release", 1)

    def reserve(self, table: str, count: int) -> int:
        """The first of ``count`` consecutive new ids of ``table`` (the rest follow)."""
        first = self._next[table]
        self._next[table] = first + count
        return first

    def begin(
        self, release: dict[str, Any], years: Iterable[int], title_en: str | None = None
    ) -> None:
        """Write the ``release`` row (and its English title, kept beside it in ``meta``)
        and retire what the publisher had live for ``years``."""
        self.years = sorted(set(years) | set(self._purged))
        self.conn.execute(
            insert(Release).values(id=self.release_id, publisher=self.publisher, **release)
        )
        if title_en:
            self.conn.execute(
                insert(Meta).values(key=f"{TITLE_EN_META_PREFIX}{self.release_id}", value=title_en)
            )
        _retire_publisher_years(self.conn, self.publisher, self.years, self.release_id)

    def write(self, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """Write ``rows``, each keyed by exactly the columns of ``WRITE_COLUMNS[table]``.

        Raises ValueError naming the missing or unknown columns, before anything is
        written (rows are built alike, so the first one is checked).
        """
        if not rows:
            return
        columns = WRITE_COLUMNS[table]
        missing, unknown = set(columns) - set(rows[0]), set(rows[0]) - set(columns)
        if missing or unknown:
            raise ValueError(
                f"rows of {table}: missing {sorted(missing)}, unknown {sorted(unknown)}"
            )
        ordered = itemgetter(*columns)
        self.write_ordered(table, [ordered(row) for row in rows])

    def write_ordered(
        self, table: str, rows: list[tuple], progress: Callable[[int], None] | None = None
    ) -> None:
        """Write ``rows`` (tuples in ``WRITE_COLUMNS[table]`` order) in batches.

        ``progress(rows_written)`` is called after each batch, if given.
        """
        if not rows:
            return
        self._bulk.drop(self.conn)
        columns = WRITE_COLUMNS[table]
        dbapi = self.conn.connection.dbapi_connection
        assert dbapi is not None  # a connection in use always holds its DBAPI connection
        driver_error = self.conn.dialect.loaded_dbapi.Error
        try:
            self._write(dbapi, table, columns, rows, progress)
        except driver_error as exc:
            # The driver's own exception, as SQLAlchemy would have raised it (a full
            # disk is then an OperationalError like any other statement's, which the
            # callers report instead of a traceback).
            raise DBAPIError.instance(
                f"{'COPY' if self._copies(table) else 'INSERT'} {table}",
                None,
                exc,
                driver_error,
                connection_invalidated=self.conn.dialect.is_disconnect(exc, dbapi, None),
                dialect=self.conn.dialect,
            ) from exc

    def _copies(self, table: str) -> bool:
        return self.conn.dialect.name == "postgresql" and table in _COPY_TABLES

    def _write(
        self,
        dbapi: Any,
        table: str,
        columns: tuple[str, ...],
        rows: list[tuple],
        progress: Callable[[int], None] | None,
    ) -> None:
        cursor = dbapi.cursor()
        try:
            if self._copies(table):
                names = ", ".join(columns)
                for start in range(0, len(rows), _EXECUTEMANY_BATCH):
                    with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                        for row in rows[start : start + _EXECUTEMANY_BATCH]:
                            copy.write_row(row)
                    if progress is not None:
                        progress(min(len(rows), start + _EXECUTEMANY_BATCH))
                return
            mark = "?" if self.conn.dialect.paramstyle == "qmark" else "%s"
            sql = (
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join([mark] * len(columns))})"
            )
            for start in range(0, len(rows), _EXECUTEMANY_BATCH):
                cursor.executemany(sql, rows[start : start + _EXECUTEMANY_BATCH])
                if progress is not None:
                    progress(min(len(rows), start + _EXECUTEMANY_BATCH))
        finally:
            cursor.close()

    def finish(self, progress: Callable[[str], None] | None = None) -> None:
        """Move the id sequences past the explicit ids and refresh the rollups of the
        release's years, inside the caller's transaction.

        ``progress(step)`` is told when each step begins (``indexes``, ``rollups``): on a
        large first write they take a fifth of the time, and a bar that sits at 100 %
        meanwhile looks hung.
        """
        from data_access.metrics import rollups

        report = progress or (lambda _step: None)
        report("indexes")
        self._bulk.rebuild(self.conn)
        _sync_sequences(self.conn)
        analyze(self.conn)
        report("rollups")
        rollups.refresh(self.conn, None if self._rollups_stale else self.years)


@dataclass
class _BulkLoad:
    """What a write into empty tables drops at its first row and builds again at
    ``finish``, in the same transaction: the non-unique indexes of the written tables
    and, on PostgreSQL, their foreign keys.

    Why: building an index once from the written rows (one sort) costs a fraction of
    inserting every row into it one at a time (``project_year`` has a dozen indexes),
    and PostgreSQL checks a foreign key row by row, locking the parent row each time,
    where adding the constraint back checks every row in one join (at province scale the
    per-row checks of ``indicator`` alone took longer than writing it). The result is
    the same: every index exists at the commit and every reference is checked before
    it (a missing parent fails the transaction at ``finish`` instead of at the row).
    Unique indexes and primary keys stay, so a clash is still refused at the row.

    Why only when every written table and ``release`` are empty (a first import, a demo
    or bench built into a new database): a table with rows may be being read, and on
    PostgreSQL ``DROP INDEX`` or ``DROP CONSTRAINT`` locks the table (and a foreign
    key's parent) against readers until the commit; empty tables have nothing to serve.
    SQLite readers keep their snapshot and its schema (WAL) either way. A rolled-back
    write rolls the drops back with it.
    """

    indexes: list[Index] = field(default_factory=list)
    # (table, constraint name, definition) as PostgreSQL's catalogue states them.
    foreign_keys: list[tuple[str, str, str]] = field(default_factory=list)
    dropped: bool = False

    @classmethod
    def of(cls, conn: Connection) -> _BulkLoad:
        """Everything that may be deferred now: nothing unless all is empty."""
        for table in (Release.__table__, *WRITTEN_TABLES.values()):
            if conn.execute(select(table.c.id).limit(1)).first() is not None:
                return cls()
        return cls(_deferrable_indexes(conn), _foreign_keys(conn))

    def drop(self, conn: Connection) -> None:
        """Drop what is deferred (once, before the first row)."""
        if self.dropped:
            return
        self.dropped = True
        for table, name, _definition in self.foreign_keys:
            conn.exec_driver_sql(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        for index in self.indexes:
            conn.exec_driver_sql(f"DROP INDEX {index.name}")

    def rebuild(self, conn: Connection) -> None:
        """Build what :meth:`drop` dropped, from the written rows."""
        if not self.dropped:
            return
        self.dropped = False
        for index in self.indexes:
            index.create(conn)
        if not self.foreign_keys:
            return
        # Each constraint is checked by one join over the written rows, whose estimate
        # passes PostgreSQL's JIT threshold: compiling it would cost more than running it.
        jit = conn.exec_driver_sql("SELECT current_setting('jit')").scalar_one()
        conn.exec_driver_sql("SELECT set_config('jit', 'off', true)")
        for table, name, definition in self.foreign_keys:
            conn.exec_driver_sql(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
        conn.execute(text("SELECT set_config('jit', :jit, true)"), {"jit": jit})


def _foreign_keys(conn: Connection) -> list[tuple[str, str, str]]:
    """PostgreSQL: the foreign keys of the written tables, to be added back verbatim
    (SQLite checks a reference by one primary-key probe without locking, and cannot drop
    a constraint)."""
    if conn.dialect.name != "postgresql":
        return []
    rows = conn.execute(
        text(
            "SELECT c.conrelid::regclass::text, quote_ident(c.conname), "
            "pg_get_constraintdef(c.oid) FROM pg_constraint c WHERE c.contype = 'f' "
            "AND c.conrelid = ANY(CAST(:tables AS regclass[])) ORDER BY c.conname"
        ),
        {"tables": list(WRITTEN_TABLES)},
    )
    return [(str(table), str(name), str(definition)) for table, name, definition in rows]


def _deferrable_indexes(conn: Connection) -> list[Index]:
    """The non-unique indexes of the written tables that exist in the database."""
    present = _index_names(conn)
    return [
        index
        for table in WRITTEN_TABLES.values()
        for index in sorted(table.indexes, key=lambda i: str(i.name))
        if not index.unique and index.name in present
    ]


def _index_names(conn: Connection) -> set[str]:
    """Names of the indexes that exist in the database (read from the catalogue: the
    reflection of SQLite's expression indexes warns)."""
    if conn.dialect.name == "postgresql":
        sql = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'index'"
    return {str(name) for (name,) in conn.exec_driver_sql(sql)}


def _max_id(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.max(table.c.id))).scalar() or 0)


def _sync_sequences(conn: Connection) -> None:
    """PostgreSQL: move each id sequence past the ids written explicitly, so inserts
    that take their id from the sequence (departments, rollback's copies) never clash."""
    if conn.dialect.name != "postgresql":
        return
    for table in ("release", *WRITTEN_TABLES):
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
        )


def _purge_publisher(conn: Connection, publisher: str) -> list[int]:
    """Delete every row of ``publisher`` (its history too): only for the demo, whose
    rebuild replaces the previous build instead of superseding it, with what ``meta``
    keeps per release (English title, rollback origin): a rebuild reuses the ids.
    Returns the fiscal years that had rows."""
    from data_access.reads.queries import ROLLBACK_META_PREFIX

    releases = conn.scalars(select(Release.id).where(Release.publisher == publisher)).all()
    per_release = [
        f"{prefix}{release}"
        for prefix in (TITLE_EN_META_PREFIX, ROLLBACK_META_PREFIX)
        for release in releases
    ]
    conn.execute(delete(Meta).where(Meta.key.in_(per_release)))
    years = [
        int(y)
        for (y,) in conn.execute(
            select(ProjectYear.fiscal_year).distinct().where(ProjectYear.publisher == publisher)
        )
    ]
    project_ids = select(ProjectYear.id).where(ProjectYear.publisher == publisher)
    evaluation_ids = select(Evaluation.id).where(Evaluation.publisher == publisher)
    conn.execute(delete(Application).where(Application.evaluation_id.in_(evaluation_ids)))
    conn.execute(delete(Evaluation).where(Evaluation.publisher == publisher))
    conn.execute(delete(Indicator).where(Indicator.project_year_id.in_(project_ids)))
    conn.execute(delete(Monitoring).where(Monitoring.project_year_id.in_(project_ids)))
    conn.execute(delete(ProjectYear).where(ProjectYear.publisher == publisher))
    conn.execute(delete(ReportedFigure).where(ReportedFigure.publisher == publisher))
    conn.execute(delete(DepartmentName).where(DepartmentName.publisher == publisher))
    conn.execute(delete(Department).where(Department.publisher == publisher))
    conn.execute(delete(RegionName).where(RegionName.publisher == publisher))
    conn.execute(delete(Release).where(Release.publisher == publisher))
    return years


# ---------------------------------------------------------------- rollback



class RollbackError(ValueError):
    """A rollback that cannot be done (unknown release); nothing was written."""


@dataclass(frozen=True)
class RollbackResult:
    """What ``rollback`` did: ``release_id`` is the new release recording it, None when
    the release asked for is already what is served (nothing written)."""

    restored: int
    publisher: str
    fiscal_years: list[int]
    release_id: int | None


# Tables whose rows belong to one project-year (by fiscal_year and project_code).
_PROJECT_YEAR_TABLES = ("projects", "indicators", "evaluations", "monitoring")


def public_row_counts(validated: ValidatedPackage) -> dict[str, int]:
    """Rows per table of the package, the rows of withheld project-years left out.

    Why: the release's row counts are published (``/api/v1/releases``, the data page,
    the feed); counted with the withheld rows, they minus the public rows of the
    release package gave the withheld project's evaluations, applications and
    monitoring records. The operator's import report keeps the full counts.
    """
    withheld = {
        (r.values["fiscal_year"], r.values["project_code"])
        for r in validated.records.get("projects", [])
        if r.values["disclosure"] == "withheld"
    }
    withheld_evaluations = {
        r.values["evaluation_id"]
        for r in validated.records.get("evaluations", [])
        if (r.values["fiscal_year"], r.values["project_code"]) in withheld
    }
    counts = dict(validated.row_counts)
    for table in _PROJECT_YEAR_TABLES:
        if table in counts:
            counts[table] = sum(
                (r.values["fiscal_year"], r.values["project_code"]) not in withheld
                for r in validated.records[table]
            )
    if "applications" in counts:  # an application belongs to its evaluation
        counts["applications"] = sum(
            r.values["evaluation_id"] not in withheld_evaluations
            for r in validated.records["applications"]
        )
    return counts


# The pairing of each copied row with its copy: old id → new id, a primary key on the
# old one. Temporary (per connection; dropped at the commit on PostgreSQL, explicitly
# on SQLite), so the copies of the children join on a key instead of matching
# (fiscal_year, project_code) against the whole table.
_ROLLBACK_MAPS = MetaData()


def _id_map(name: str) -> Table:
    return Table(
        name,
        _ROLLBACK_MAPS,
        Column("old_id", Integer, primary_key=True, autoincrement=False),
        Column("new_id", Integer, nullable=False),
        prefixes=["TEMPORARY"],
        postgresql_on_commit="DROP",
    )


_PROJECT_YEAR_MAP = _id_map("rollback_project_year_map")
_EVALUATION_MAP = _id_map("rollback_evaluation_map")


def rollback(engine: Engine, release_id: int) -> RollbackResult:
    """Serve release ``release_id`` again for its publisher and years, as a new release.

    Why a new release rather than un-retiring rows: the history stays append-only, so a
    citation pinned to any release (including the one being undone) keeps its figures,
    and the correction log and the feed see the rollback like any other correction. The
    rows that were live right after ``release_id`` (its publisher, its years) are copied
    as new live rows of the new release, with their indicators, evaluations,
    applications, monitoring and reported figures; the publisher's rows live now for
    those years are retired by it. One transaction, taking the import lock: all or
    nothing, and never interleaved with an import. The names the publisher gave its
    regions (regions.csv) and its departments are restored as they were as of
    ``release_id`` (a department's region stays as it is now).

    Why a fixed number of set-based statements: the time must grow with the rows
    copied, not with their square. Each copied project-year (and evaluation) gets its
    new id up front in a temporary map keyed by the old id (see :func:`_copy_rows`), so
    every child is copied by one join on a primary key; matching the copies by
    (fiscal_year, project_code) instead made SQLite scan a whole year per row (5,000
    project-years took minutes; bench/rollback.py measures it).
    """
    from data_access.metrics import rollups
    from data_access.reads.queries import ROLLBACK_META_PREFIX, restored_release

    with engine.begin() as conn:
        serialise_imports(conn)
        rollups.add_derived_columns(conn)  # the copies carry them (as the writer)
        rollups_stale = not rollups.is_current(conn)
        source = conn.execute(select(Release).where(Release.id == release_id)).first()
        if source is None:
            raise RollbackError(f"unknown release {release_id}")
        publisher = source.publisher
        years = sorted(json.loads(source.fiscal_years or "[]"))
        result = RollbackResult(release_id, publisher, years, None)
        served = {
            r
            for table in (ProjectYear, ReportedFigure)
            for (r,) in conn.execute(
                select(table.release_id)
                .distinct()
                .where(
                    table.publisher == publisher,
                    table.fiscal_year.in_(years),
                    table.retired_by.is_(None),
                )
            )
        }
        if served <= {release_id} or (
            len(served) == 1 and restored_release(conn, next(iter(served))) == release_id
        ):
            return result
        inserted = conn.execute(
            insert(Release).values(
                imported_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
                package_name=source.package_name,
                title=source.title,
                publisher=publisher,
                license=source.license,
                published=source.published,
                money_unit=source.money_unit,
                # The same content as ``release_id``: re-importing its package afterwards
                # is recognised as unchanged.
                checksum=source.checksum,
                row_counts=source.row_counts,
                sources=source.sources,
                fiscal_years=source.fiscal_years,
                is_demo=source.is_demo,
            )
        ).inserted_primary_key
        assert inserted is not None  # a single-row INSERT always reports its key
        new_id = int(inserted[0])
        conn.execute(
            insert(Meta).values(key=f"{ROLLBACK_META_PREFIX}{new_id}", value=str(release_id))
        )
        # The same content as ``release_id``, its English title too (one statement
        # whether it has one or not: a rollback's statements do not depend on content).
        conn.execute(
            insert(Meta).from_select(
                ["key", "value"],
                select(literal(f"{TITLE_EN_META_PREFIX}{new_id}"), Meta.value).where(
                    Meta.key == f"{TITLE_EN_META_PREFIX}{release_id}"
                ),
            )
        )
        _copy_rows(conn, release_id, new_id, publisher, years)
        # The names its publisher gave its regions, as that release published them.
        restore_region_names(conn, publisher, release_id, new_id)
        restore_department_names(conn, publisher, release_id, new_id)
        # The rollups follow the rollback in its transaction, like an import's.
        _sync_sequences(conn)
        analyze(conn)
        rollups.refresh(conn, None if rollups_stale else years)
    return RollbackResult(release_id, publisher, years, new_id)


def _copy_rows(
    conn: Connection, release_id: int, new_id: int, publisher: str, years: list[int]
) -> None:
    """Copy what ``publisher`` served for ``years`` as of ``release_id`` as live rows of
    release ``new_id``, after retiring what it serves now.

    The map of project-years (and of their evaluations) is filled first: old id → max(id)
    + its rank among the copied ids, so the copies keep their order and take consecutive
    ids above every existing one (the import lock is held, so no one else takes ids;
    the PostgreSQL sequences are moved past them afterwards). Then every table is one
    ``INSERT … SELECT`` joined to a map on its primary key. Nine statements for any
    number of rows (tests/data/test_corrections.py counts them).
    """
    py_map, ev_map = _PROJECT_YEAR_MAP, _EVALUATION_MAP
    for table in (py_map, ev_map):
        table.drop(conn, checkfirst=True)  # a map left on this connection by a failure
        table.create(conn)
    conn.execute(
        insert(py_map).from_select(
            ["old_id", "new_id"],
            select(
                ProjectYear.id,
                func.row_number().over(order_by=ProjectYear.id)
                + _max_id(conn, ProjectYear.__table__),
            ).where(
                visible(release_id),
                ProjectYear.publisher == publisher,
                ProjectYear.fiscal_year.in_(years),
            ),
        )
    )
    conn.execute(
        insert(ev_map).from_select(
            ["old_id", "new_id"],
            select(
                Evaluation.id,
                func.row_number().over(order_by=Evaluation.id)
                + _max_id(conn, Evaluation.__table__),
            ).join(py_map, py_map.c.old_id == Evaluation.project_year_id),
        )
    )
    if conn.dialect.name == "postgresql":  # temporary tables have no statistics
        conn.exec_driver_sql(f"ANALYZE {py_map.name}, {ev_map.name}")
    # Retired as of now; the rows visible as of ``release_id`` stay so.
    _retire_publisher_years(conn, publisher, years, new_id)
    release = literal(new_id)
    _copy_through(conn, ProjectYear, py_map, "id", release_id=release, retired_by=null())
    conn.execute(
        _copy_select(
            ReportedFigure,
            select_from=ReportedFigure.__table__,
            where=and_(
                figure_visible(release_id),
                ReportedFigure.publisher == publisher,
                ReportedFigure.fiscal_year.in_(years),
            ),
            release_id=release,
            retired_by=null(),
        )
    )
    _copy_children(conn, py_map, ev_map)
    for table in (py_map, ev_map):
        table.drop(conn)


def _copy_children(conn: Connection, py_map: Table, ev_map: Table) -> None:
    """The copied project-years' evaluations (ids from ``ev_map``), indicators,
    monitoring and the evaluations' applications, each by one join on a map's key."""
    conn.execute(
        _copy_select(
            Evaluation,
            select_from=Evaluation.__table__.join(
                ev_map, ev_map.c.old_id == Evaluation.id
            ).join(py_map, py_map.c.old_id == Evaluation.project_year_id),
            with_id=True,
            id=ev_map.c.new_id,
            project_year_id=py_map.c.new_id,
        )
    )
    for table in (Indicator, Monitoring):
        _copy_through(conn, table, py_map, "project_year_id")
    _copy_through(conn, Application, ev_map, "evaluation_id")


def _copy_through(
    conn: Connection, table: Any, mapping: Table, key: str, **overrides: Any
) -> None:
    """Copy the rows of ``table`` whose ``key`` is an old id in ``mapping``, ``key``
    replaced by the new id (when ``key`` is ``id``, the copy takes that id; otherwise
    the database gives it one), other columns as in ``overrides``."""
    column = getattr(table, key)
    overrides[key] = mapping.c.new_id
    conn.execute(
        _copy_select(
            table,
            select_from=table.__table__.join(mapping, mapping.c.old_id == column),
            with_id=key == "id",
            **overrides,
        )
    )


def _copy_select(
    table: Any,
    *,
    select_from: Any,
    where: Any = None,
    with_id: bool = False,
    **overrides: Any,
) -> Any:
    """``INSERT INTO table (…) SELECT …`` of every column (``id`` only if ``with_id``),
    each taken from the row or from ``overrides``, in the order of the old ids."""
    columns = [c for c in table.__table__.columns if with_id or c.name != "id"]
    query = (
        select(*[overrides.get(c.name, c).label(c.name) for c in columns])
        .select_from(select_from)
        .order_by(table.id)
    )
    if where is not None:
        query = query.where(where)
    return insert(table).from_select([c.name for c in columns], query)
