"""Generating a scale through the importer's writer, and the raw-insert floor beside it.

Why through :class:`data_access.ingest.importer.ReleaseWriter`: the import rate that matters is
the one of the real write path (release row, publisher's years retired, batched
executemany or COPY, id sequences, rollups refreshed in the same transaction), not of a
benchmark-only shortcut. Why the demo's own generator (``data_access.demo.build._Builder``),
run once per province: the national scale then has the demo's shape everywhere
(departments, indicators, monitoring, evaluations, applications, withheld and awkward
cases), not a thinner synthetic table that would flatter the reads.

The builder is given the province, its years, the scale and the seed as one value
(``demo.DemoSpec``); a province without cities (Chongqing) is planned by the builder
itself (``demo._cities_and_counties``), so nothing is patched.

The floor is measured in the same run and the same transaction: after the writer has
written a table's rows, the very same tuples are inserted with nothing but the driver
(``executemany`` on SQLite, ``COPY`` on PostgreSQL) into a scratch copy of the table
without indexes, keys or rollups. ``import rows/s ÷ floor rows/s`` is the overhead of
the write path (target: at least 1/3).

What each side includes, so the ratio is fair (both count the same rows, as the same
tuples, in the same transaction; generation is timed apart from both):

- import: the writer's construction (import lock, ids, purge), the release row and the
  retirement of the publisher's years, every ``write`` (executemany / COPY with every
  primary key, unique index and foreign key checked as rows arrive), and ``finish``:
  the secondary indexes built (the writer defers them while the tables are empty, as
  they are in the new database the bench writes; see ``importer._BulkLoad``), the id
  sequences, ANALYZE of the written tables, the rollups refreshed, and the commit. The
  commit also flushes the floor's scratch rows on SQLite, so the import is charged a
  little more than its own share.
- floor: the driver's inserts of the same tuples into scratch tables without any index,
  key or constraint, nothing else (no commit, no statistics, no rollups).

``finish_s`` is the part of the import spent after the last row was written.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select

from data_access import regions
from data_access.db.schema import Meta, Region
from data_access.demo import build as demo
from data_access.ingest.importer import WRITE_COLUMNS, ReleaseWriter

# The tables a release writes, parents first (the writer's order).
TABLES = ("department", "project_year", "indicator", "monitoring", "evaluation",
          "application", "reported_figure")
# Provinces of the mainland whose finance departments publish (the gazetteer also holds
# Taiwan, Hong Kong and Macao, which have no such budget-performance system).
NOT_PUBLISHING = frozenset({"710000", "810000", "820000"})
SCRATCH_PREFIX = "bench_floor_"
NATIONAL_YEAR = 2018
# The demo's own province: the only one with published (reported) figures.
DEMO_PROVINCE = demo.PROVINCE
Progress = Callable[[str], None]


@dataclass
class ImportTiming:
    """What one scale cost to generate and to write, and what the floor cost."""

    provinces: int = 0
    years: list[int] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    generate_s: float = 0.0
    import_s: float = 0.0
    # Of import_s: deferred indexes built, sequences moved, ANALYZE, rollups, commit.
    finish_s: float = 0.0
    floor_s: float = 0.0

    @property
    def project_years(self) -> int:
        return self.rows["project_year"]

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def import_rate(self) -> float:
        """Rows per second through the writer (begin, writes, rollups, commit)."""
        return self.total_rows / self.import_s if self.import_s else 0.0

    @property
    def floor_rate(self) -> float:
        """Rows per second of plain driver inserts of the same rows."""
        return self.total_rows / self.floor_s if self.floor_s else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "provinces": self.provinces,
            "years": self.years,
            "rows": dict(self.rows),
            "project_years": self.project_years,
            "total_rows": self.total_rows,
            "generate_s": round(self.generate_s, 3),
            "import_s": round(self.import_s, 3),
            "finish_s": round(self.finish_s, 3),
            "floor_s": round(self.floor_s, 3),
            "import_rows_per_s": round(self.import_rate, 1),
            "floor_rows_per_s": round(self.floor_rate, 1),
            "import_to_floor": round(self.import_rate / self.floor_rate, 4)
            if self.floor_rate
            else None,
        }


def publishing_provinces(engine: Engine) -> list[str]:
    """Every province of the gazetteer that publishes (31 on the mainland)."""
    regions.ensure_regions(engine)
    with engine.connect() as conn:
        codes = [
            str(code)
            for (code,) in conn.execute(
                select(Region.code).where(Region.level == "province").order_by(Region.code)
            )
        ]
    return [code for code in codes if code not in NOT_PUBLISHING]


def _build_province(
    conn: Connection, writer: ReleaseWriter, province: str, years: Sequence[int],
    scale: float, seed: int,
) -> dict[str, list[tuple]]:
    """One province generated by the demo's builder, ids taken from ``writer``."""
    spec = demo.DemoSpec(province=province, years=tuple(years), scale=scale, seed=seed)
    builder = demo._Builder(spec, None)
    first = {table: writer.reserve(table, 0) for table in TABLES}
    builder.release_id = writer.release_id
    builder.plan_governments(conn, first["department"])
    builder.plan_projects(first["project_year"])
    builder.assign_targets()
    builder.calibrate()
    builder.generate_details(first)
    departments = [
        (dept.id, demo.PUBLISHER, dept.code, dept.name, dept.gov.code, writer.release_id)
        for gov in builder.govs
        for dept in gov.depts
        if dept.id in builder.used_depts
    ]
    figures = []
    if province == DEMO_PROVINCE:  # the published Jiangxi figures, as the demo has them
        figures = [
            (first["reported_figure"] + index, province, scope, year, metric, value, unit,
             demo.SOURCE_TITLE, None, note, demo.PUBLISHER, writer.release_id)
            for index, (scope, year, metric, value, unit, note) in enumerate(
                demo.REPORTED_FIGURES
            )
            if year in years
        ]
    out = {"department": departments, **builder.out, "reported_figure": figures}
    # The builder took consecutive ids from ``first`` (departments: for every planned
    # department, used or not); move the writer past the highest one taken.
    all_depts = [dept.id for gov in builder.govs for dept in gov.depts]
    for table in TABLES:
        taken = [row[0] for row in out[table]] + (all_depts if table == "department" else [])
        if taken:
            writer.reserve(table, max(taken) + 1 - first[table])
    return out


def _create_scratch(conn: Connection) -> None:
    """Empty copies of the written tables: same columns, no index, key or constraint."""
    for table in TABLES:
        columns = ", ".join(WRITE_COLUMNS[table])
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {SCRATCH_PREFIX}{table}")
        conn.exec_driver_sql(
            f"CREATE TABLE {SCRATCH_PREFIX}{table} AS SELECT {columns} FROM {table} WHERE 1 = 0"
        )


def drop_scratch(engine: Engine) -> None:
    """Remove the floor's scratch tables (after the run)."""
    with engine.begin() as conn:
        for table in TABLES:
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {SCRATCH_PREFIX}{table}")


def floor_insert(conn: Connection, table: str, rows: list[tuple]) -> None:
    """The plainest bulk insert the driver offers: COPY (psycopg) or one executemany."""
    if not rows:
        return
    columns = WRITE_COLUMNS[table]
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        if conn.dialect.name == "postgresql":
            with cursor.copy(
                f"COPY {SCRATCH_PREFIX}{table} ({', '.join(columns)}) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        cursor.executemany(
            f"INSERT INTO {SCRATCH_PREFIX}{table} ({', '.join(columns)}) "
            f"VALUES ({', '.join([mark] * len(columns))})",
            rows,
        )
    finally:
        cursor.close()


def build_scale(
    engine: Engine,
    provinces: Sequence[str],
    years: Sequence[int],
    scale: float,
    *,
    seed: int = 2018,
    progress: Progress | None = None,
) -> ImportTiming:
    """Generate ``provinces`` × ``years`` at ``scale`` as one release of the demo
    publisher, written through the importer's writer, with the floor measured beside it.

    Generation is timed apart from writing. The import time covers what an import
    writes: the release row, every table, the rollups refreshed and the commit. The
    first province gets ``seed`` itself (so Jiangxi alone at scale 1 is the demo).
    """
    say = progress or (lambda _message: None)
    regions.ensure_regions(engine)
    timing = ImportTiming(provinces=len(provinces), years=list(years))
    with engine.begin() as conn:
        started = time.perf_counter()
        writer = ReleaseWriter(conn, demo.PUBLISHER, replace=True)
        writer.begin(
            {
                "imported_at": demo.DEMO_IMPORTED_AT,
                "package_name": "bench",
                "title": demo.RELEASE_TITLE,
                "license": "CC0-1.0",
                "published": None,
                "money_unit": "万元",
                "checksum": f"bench-{len(provinces)}-{scale!r}-{seed}",
                "row_counts": "{}",
                "sources": "[]",
                "fiscal_years": json.dumps(list(years)),
                "is_demo": True,
            },
            years,
        )
        timing.import_s += time.perf_counter() - started
        _create_scratch(conn)
        for index, province in enumerate(provinces):
            started = time.perf_counter()
            out = _build_province(conn, writer, province, years, scale, seed + index)
            timing.generate_s += time.perf_counter() - started
            for table in TABLES:
                rows = out[table]
                started = time.perf_counter()
                writer.write_ordered(table, rows)
                timing.import_s += time.perf_counter() - started
                started = time.perf_counter()
                floor_insert(conn, table, rows)
                timing.floor_s += time.perf_counter() - started
                timing.rows[table] += len(rows)
            say(f"{province}: {len(out['project_year']):,} project-years "
                f"({index + 1}/{len(provinces)})")
            del out
        started = time.perf_counter()
        conn.execute(delete(Meta).where(Meta.key == "demo"))
        conn.execute(insert(Meta).values(key="demo", value="true"))
        writer.finish()
    # Indexes built, sequences, ANALYZE, rollups and the commit.
    timing.finish_s = time.perf_counter() - started
    timing.import_s += timing.finish_s
    drop_scratch(engine)
    return timing


def supersede_with_one_row(engine: Engine, release_id: int) -> int:
    """Write a correction of release ``release_id`` that keeps only its first
    project-year (its publisher and years, through the writer); returns its id.

    Why: a rollback to ``release_id`` then has every other project-year of it to copy
    back (``bench/rollback.py`` times it; tests/data/test_corrections.py counts its
    statements), and a rollback to the correction is the cheap way back to a state where
    ``release_id`` is superseded again.
    """
    from data_access.db.schema import ProjectYear, Release

    columns = WRITE_COLUMNS["project_year"]
    with engine.begin() as conn:
        source = conn.execute(select(Release).where(Release.id == release_id)).one()
        first = conn.execute(
            select(*[ProjectYear.__table__.c[name] for name in columns])
            .where(ProjectYear.release_id == release_id)
            .order_by(ProjectYear.id)
            .limit(1)
        ).one()
        writer = ReleaseWriter(conn, source.publisher)
        writer.begin(
            {
                "imported_at": source.imported_at,
                "package_name": f"{source.package_name}-one-row",
                "title": source.title,
                "license": source.license,
                "published": source.published,
                "money_unit": source.money_unit,
                # Another content than ``release_id`` (a checksum is 64 characters).
                "checksum": hashlib.sha256(f"{source.checksum}-one-row".encode()).hexdigest(),
                "row_counts": json.dumps({"projects": 1}),
                "sources": source.sources,
                "fiscal_years": source.fiscal_years,
                "is_demo": source.is_demo,
            },
            json.loads(source.fiscal_years),
        )
        row = dict(zip(columns, first, strict=True))
        row["id"] = writer.reserve("project_year", 1)
        row["release_id"] = writer.release_id
        writer.write("project_year", [row])
        writer.finish()
        return writer.release_id
