"""Regions are the gazetteer's: no publisher's package changes what another's pages show.

Issue 23: a county package of a second publisher renamed the province 360000 and Beijing
110000 through its regions.csv, and the first publisher's pages, pinned to release 1
included, showed ``江西省（已撤销，请访问 https://evil.example）``. The rule now
(``validation.region_problems``, docs/publishing.md): a package may add regions the
gazetteer lacks inside its own jurisdiction, may list known regions only unchanged, and
may rename only a region it added itself, whose names are versioned by release.

The expected names and locations below come from the packages the tests build, not
from the code under test; the "before/after" comparisons dump what the first
publisher's views read and require it unchanged, character for character.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from data_access.db.engine import make_engine
from data_access.db.schema import (
    Department,
    DepartmentName,
    Region,
    RegionName,
)
from data_access.flags.rules import flag_counts, flag_items
from data_access.ingest.importer import ImportReport, import_package, rollback, validate_package
from data_access.metrics.compute import (
    ViewFilter,
    available_years,
    children_metrics,
    compute_metrics,
    department_metrics,
)
from data_access.reads import ledger, open_data, queries, search
from data_access.regions import children, get_region, lineage
from tests.conftest import MINI_PACKAGE
from tests.package_builders import (
    SECOND_PUBLISHER,
    copy_package,
    edit_cell,
    migrate_from,
    second_publisher_package,
    update_resource,
    write_rows,
)

FIRST_PUBLISHER = "示例发布单位"
EVIL_JIANGXI = "江西省（已撤销，请访问 https://evil.example）"
# The first publisher's regions (mini-jiangxi) and its fiscal years.
FIRST_REGIONS = ("360000", "360100", "360121", "360700", "360722")
YEARS = (2016, 2017)
FIRST_PROJECTS = ("36000017001", "36000017002", "36010017001", "36012117001", "36072217001")
ATTACK = [
    ["360000", EVIL_JIANGXI, "province", ""],
    ["110000", "北京市（已撤销）", "province", ""],
    ["360722", "信丰县", "city", "360000"],
    ["360121", "南昌县", "county", "360700"],
    ["360199", "虚构区", "county", "360100"],
]


def _regions_file(package: Path, rows: list[list[str]]) -> None:
    write_rows(package, "regions.csv", [["region_code", "name", "level", "parent_code"], *rows])
    update_resource(package, "regions", path="regions.csv")


def _errors(report: ImportReport) -> list[tuple[str, int | None, str | None]]:
    return [(p.file, p.row, p.column) for p in report.errors]


def _record(region: Any) -> tuple[Any, ...] | None:
    return None if region is None else (region.code, region.name, region.level, region.parent_code)


def first_publisher_views(engine: Engine, release: int | None) -> dict[str, Any]:
    """What the first publisher's pages read, as of ``release`` (None: the latest): its
    regions' names, lineages and children, figures, drill-downs, departments, project
    lists and records, ledgers, flags, downloads and searches."""
    dump: dict[str, Any] = {"years": available_years(engine, release=release)}
    for code in FIRST_REGIONS:
        dump[f"region {code}"] = _record(get_region(engine, code, release))
        dump[f"lineage {code}"] = [_record(r) for r in lineage(engine, code, release)]
        dump[f"children {code}"] = [_record(r) for r in children(engine, code, release)]
        for year in YEARS:
            view = f"{code} {year}"
            for scope in ("all", "own"):
                flt = ViewFilter(year, code, scope)
                dump[f"metrics {view} {scope}"] = compute_metrics(engine, flt, release=release)
                dump[f"list {view} {scope}"] = queries.project_list(
                    engine, ViewFilter(year, code, scope, release=release)
                )
                dump[f"ledger {view} {scope}"] = ledger.ledger_summary(
                    engine, ViewFilter(year, code, scope, release=release), group="child"
                )
                dump[f"ledger rows {view} {scope}"] = ledger.ledger_rows(
                    engine, ViewFilter(year, code, scope, release=release)
                )
                dump[f"flags {view} {scope}"] = flag_counts(
                    engine, ViewFilter(year, code, scope, release=release), group="child"
                )
                dump[f"flag items {view} {scope}"] = flag_items(
                    engine, ViewFilter(year, code, scope, release=release)
                )
                for table in open_data.TABLES:
                    dump[f"records {table} {view} {scope}"] = [
                        row
                        for batch in open_data.stream_records(
                            engine, table, ViewFilter(year, code, scope, release=release)
                        )
                        for row in batch
                    ]
            dump[f"children metrics {view}"] = children_metrics(
                engine, year, code, release=release
            )
            dump[f"departments {view}"] = department_metrics(engine, year, code, release=release)
            dump[f"reported {view}"] = queries.reported_figures(
                engine, ViewFilter(year, code, "all", release=release)
            )
    for code in FIRST_PROJECTS:
        dump[f"project {code}"] = queries.project_record(engine, code, release=release)
    for text in ("江西", "南昌", "信丰", "教育厅"):
        dump[f"search {text}"] = search.search(engine, text, release=release)
    return dump


@pytest.fixture
def first(db_url: str) -> Engine:
    engine = make_engine(db_url)
    report = import_package(engine, MINI_PACKAGE)
    assert report.ok and report.release_id == 1, report.render()
    return engine


def test_a_second_publisher_cannot_rename_move_or_add_in_anothers_tree(
    first: Engine, tmp_path: Path
) -> None:
    before = {release: first_publisher_views(first, release) for release in (1, None)}
    package = second_publisher_package(tmp_path, ATTACK)

    reports = (validate_package(first, package), import_package(first, package))

    for report in reports:
        assert not report.ok and report.release_id is None, report.render()
        assert _errors(report) == [
            ("regions.csv", 2, "name"),
            ("regions.csv", 3, "name"),
            ("regions.csv", 4, "level"),
            ("regions.csv", 5, "parent_code"),
            ("regions.csv", 6, "region_code"),
        ], report.render()
    messages = [p.message for p in reports[1].errors]
    assert messages[0].startswith(
        "region 360000 江西省 belongs to the national gazetteer (GB/T 2260): a package may "
        "not rename, re-level or move it, nor change its years (name 江西省 → "
        + EVIL_JIANGXI
        + ")"
    )
    assert "region 110000 北京市 belongs to the national gazetteer" in messages[1]
    assert "region 360722 信丰县 belongs to the national gazetteer" in messages[2]
    assert "(level county → city)" in messages[2]
    assert "(parent_code 360100 → 360700)" in messages[3]
    assert "region 360199 is new, but none of this package's" in messages[4]
    assert get_region(first, "360000").name == "江西省"
    assert get_region(first, "110000").name == "北京市"
    for release in (1, None):
        assert first_publisher_views(first, release) == before[release]


def test_a_legitimate_second_package_leaves_every_view_of_the_first_as_it_was(
    first: Engine, tmp_path: Path
) -> None:
    """It adds a region the gazetteer lacks in its own jurisdiction, lists known regions
    unchanged, and has a department D001 of its own: all accepted, and the first
    publisher's views, pinned and latest, do not change by a character."""
    before = {release: first_publisher_views(first, release) for release in (1, None)}
    package = second_publisher_package(
        tmp_path,
        [
            ["110199", "东城新区", "county", "110100"],
            ["360000", "江西省", "province", ""],
            ["110101", "东城区", "county", "110100"],
        ],
    )
    edit_cell(package, "departments.csv", 3, "region_code", "110199")

    report = import_package(first, package)

    assert report.ok and report.release_id == 2, report.render()
    assert _record(get_region(first, "110199")) == ("110199", "东城新区", "county", "110100")
    for release in (1, None):
        assert first_publisher_views(first, release) == before[release]
    with first.connect() as conn:
        names = dict(
            conn.execute(
                select(Department.publisher, Department.name).where(Department.code == "D001")
            ).all()
        )
        sources = dict(
            conn.execute(
                select(Region.code, Region.source).where(Region.code.in_(["360000", "110101"]))
            ).all()
        )
    assert names == {FIRST_PUBLISHER: "江西省教育厅", SECOND_PUBLISHER: "北京市东城区教育委员会"}
    assert sources == {"360000": "gazetteer", "110101": "gazetteer"}, "listed unchanged"
    # The region did not exist as of release 1: not among Beijing's children then.
    assert "110199" not in [r.code for r in children(first, "110100", 1)]
    assert "110199" in [r.code for r in children(first, "110100")]


def _mini_with_wanli(tmp_path: Path, name: str, wanli: str) -> Path:
    """mini-jiangxi publishing department NC01 and project row 6 in 360105 湾里区 (which
    the gazetteer lacks), named ``wanli``; project 36000017001 of 2017 budgeted by
    ``name`` so that each copy is a new release."""
    package = copy_package(tmp_path, name)
    _regions_file(package, [["360105", wanli, "county", "360100"]])
    edit_cell(package, "departments.csv", 4, "region_code", "360105")
    edit_cell(package, "projects.csv", 6, "region_code", "360105")
    return package


def test_a_publisher_renames_its_own_region_and_pinned_releases_keep_the_old_name(
    db_url: str, tmp_path: Path
) -> None:
    engine = make_engine(db_url)
    assert import_package(engine, _mini_with_wanli(tmp_path, "one", "湾里区")).ok
    renamed = _mini_with_wanli(tmp_path, "two", "湾里区（已撤销）")
    edit_cell(renamed, "projects.csv", 3, "budget_adjusted", "53000")
    report = import_package(engine, renamed)
    assert report.ok and report.release_id == 2, report.render()

    assert get_region(engine, "360105", 1).name == "湾里区"
    assert get_region(engine, "360105").name == "湾里区（已撤销）"
    assert get_region(engine, "360105", 2).name == "湾里区（已撤销）"
    by_release = {
        release: {
            k.code: k.name for k in children_metrics(engine, 2017, "360100", release=release)
        }["360105"]
        for release in (1, 2, None)
    }
    assert by_release == {1: "湾里区", 2: "湾里区（已撤销）", None: "湾里区（已撤销）"}
    listed = {
        release: {
            p.region_name
            for p in queries.project_list(
                engine, ViewFilter(2017, "360105", "own", release=release)
            ).rows
        }
        for release in (1, None)
    }
    assert listed == {1: {"湾里区"}, None: {"湾里区（已撤销）"}}
    assert [r.name for r in lineage(engine, "360105", 1)] == ["江西省", "南昌市", "湾里区"]

    # Its level and parent stay; a rollback to release 1 restores the name.
    moved = _mini_with_wanli(tmp_path, "three", "湾里区")
    _regions_file(moved, [["360105", "湾里区", "county", "360700"]])
    refused = import_package(engine, moved)
    assert _errors(refused) == [("regions.csv", 2, "parent_code")], refused.render()
    assert "only its name and years may change" in refused.errors[0].message
    restored = rollback(engine, 1)
    assert restored.release_id == 3
    assert get_region(engine, "360105").name == "湾里区"
    assert get_region(engine, "360105", 2).name == "湾里区（已撤销）"
    with engine.connect() as conn:
        live = conn.execute(
            select(RegionName.name).where(
                RegionName.code == "360105", RegionName.retired_by.is_(None)
            )
        ).all()
    assert [tuple(row) for row in live] == [("湾里区",)]


def test_no_one_renames_a_region_another_publisher_added_or_publishes_in(
    db_url: str, tmp_path: Path
) -> None:
    engine = make_engine(db_url)
    assert import_package(engine, _mini_with_wanli(tmp_path, "one", "湾里区")).ok
    # The second publisher may publish in the first's region, not rename it.
    stranger = second_publisher_package(tmp_path, [["360105", "湾里区（改）", "county", "360100"]])
    refused = import_package(engine, stranger)
    assert _errors(refused) == [("regions.csv", 2, "name")], refused.render()
    assert "region 360105 湾里区 belongs to publisher 示例发布单位" in refused.errors[0].message
    neighbour = second_publisher_package(tmp_path, [["360105", "湾里区", "county", "360100"]], "n")
    edit_cell(neighbour, "projects.csv", 2, "region_code", "360105")
    assert import_package(engine, neighbour).ok
    # Now that its data is there, the first publisher cannot rename it either.
    renamed = _mini_with_wanli(tmp_path, "two", "湾里区（改）")
    refused = import_package(engine, renamed)
    assert _errors(refused) == [("regions.csv", 2, "name")], refused.render()
    assert f"holds data of {SECOND_PUBLISHER}" in refused.errors[0].message
    assert get_region(engine, "360105").name == "湾里区"


# ------------------------------------------------------------------- departments
# The same rule for departments (issue 23): a package defines only its own departments,
# and their names are versioned by release.
OLD_D001, NEW_D001 = "江西省教育厅", "江西省教育厅（更名）"


def _renamed_d001(tmp_path: Path, name: str = "renamed") -> Path:
    """mini-jiangxi with department D001 (departments.csv row 2) renamed: a new
    release of the same publisher and years."""
    package = copy_package(tmp_path, name)
    edit_cell(package, "departments.csv", 2, "name", NEW_D001)
    return package


def _d001_names(engine: Engine, release: int | None) -> set[str]:
    """Every name D001 is shown with as of ``release``: found by code, in the list of
    departments, their figures, the project list, the ledger, flags and search."""
    found = queries.find_department(engine, "D001", "360000", release=release)
    assert found is not None
    names = {found.name}
    names |= {
        d.name for d in queries.departments(engine, "360000", 2017, release=release)
        if d.code == "D001"
    }
    names |= {
        d.name for d in department_metrics(engine, 2017, "360000", release=release)
        if d.code == "D001"
    }
    page = queries.project_list(engine, ViewFilter(2017, "360000", "own", release=release))
    names |= {r.department_name for r in page.rows if r.department_code == "D001"}
    names |= {
        r.department_name
        for r in ledger.ledger_rows(engine, ViewFilter(2017, "360000", "own", release=release))
        if r.department_code == "D001"
    }
    names |= {
        s.name
        for s in ledger.ledger_summary(
            engine, ViewFilter(2017, "360000", "own", release=release), group="department"
        )
        if s.code == "D001"
    }
    record = queries.project_record(engine, "36000017001", 2017, release=release)
    assert record is not None and record.detail is not None
    names.add(record.detail.department.name)
    names |= {
        h.name
        for h in search.search(engine, "教育厅", release=release)
        if h.kind == "department" and h.code == "D001"
    }
    names |= {
        row["department_name"]
        for batch in open_data.stream_records(
            engine, "projects", ViewFilter(2017, "360000", "own", release=release)
        )
        for row in batch
        if row["department_code"] == "D001"
    }
    return names


def test_a_publisher_renames_its_department_and_pinned_releases_keep_the_old_name(
    first: Engine, tmp_path: Path
) -> None:
    before = first_publisher_views(first, 1)
    assert _d001_names(first, 1) == {OLD_D001}

    report = import_package(first, _renamed_d001(tmp_path))

    assert report.ok and report.release_id == 2, report.render()
    assert _d001_names(first, 1) == {OLD_D001}
    assert _d001_names(first, 2) == _d001_names(first, None) == {NEW_D001}
    assert first_publisher_views(first, 1) == before, "release 1 is shown as published"
    # Release 1's package lists the department as release 1 published it.
    from data_access.reads import release_package

    with first.connect() as conn:
        listed = conn.execute(release_package._statement("departments", 1, FIRST_PUBLISHER))
        assert {r.department_code: r.name for r in listed}["D001"] == OLD_D001

    # A rollback to release 1 serves its name again, versioned by the new release.
    restored = rollback(first, 1)
    assert restored.release_id == 3
    assert _d001_names(first, None) == _d001_names(first, 3) == {OLD_D001}
    assert _d001_names(first, 2) == {NEW_D001}
    assert _d001_names(first, 1) == {OLD_D001}
    with first.connect() as conn:
        live = conn.execute(
            select(DepartmentName.name)
            .join(Department, Department.id == DepartmentName.department_id)
            .where(Department.code == "D001", DepartmentName.retired_by.is_(None))
        ).all()
    assert [tuple(row) for row in live] == [(OLD_D001,)]


def test_a_version_6_database_is_upgraded_and_keeps_the_names_departments_had(
    first: Engine, db_url: str, tmp_path: Path
) -> None:
    """A database of schema 6 has departments and no ``department_name`` table:
    ``migrate`` upgrades it in place (the table is created empty), and a later rename
    keeps the former name for the releases before it."""
    migrate_from(first, db_url, 6, DepartmentName)
    with first.connect() as conn:
        assert conn.execute(select(func.count()).select_from(DepartmentName)).scalar() == 0
    assert _d001_names(first, 1) == _d001_names(first, None) == {OLD_D001}
    assert import_package(first, _renamed_d001(tmp_path)).ok
    assert _d001_names(first, 1) == {OLD_D001}
    assert _d001_names(first, None) == {NEW_D001}


def test_a_second_publisher_cannot_define_or_rename_anothers_department(
    first: Engine, tmp_path: Path
) -> None:
    before = {release: first_publisher_views(first, release) for release in (1, None)}
    evil = "江西省教育厅（已撤销，请访问 https://evil.example）"
    package = second_publisher_package(tmp_path)
    edit_cell(package, "departments.csv", 2, "region_code", "360000")
    edit_cell(package, "departments.csv", 2, "name", evil)

    reports = (validate_package(first, package), import_package(first, package))

    for report in reports:
        assert not report.ok and report.release_id is None, report.render()
        assert _errors(report) == [("departments.csv", 2, "name")], report.render()
    assert reports[1].errors[0].message.startswith(
        f"department D001 of region 360000 is {OLD_D001} of publisher {FIRST_PUBLISHER}: "
        "a package defines only its own departments and may not rename another's "
        f"(name {OLD_D001} → {evil})"
    )
    for release in (1, None):
        assert first_publisher_views(first, release) == before[release]
        assert _d001_names(first, release) == {OLD_D001}
    with first.connect() as conn:
        names = conn.execute(select(Department.name).where(Department.code == "D001")).all()
    assert [tuple(row) for row in names] == [(OLD_D001,)]
