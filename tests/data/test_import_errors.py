"""Refused packages: every kind of error in the data contract is reported at its file,
row and column, all errors are reported at once, and a refused import leaves the
database exactly as it was."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from data_access.db.engine import make_engine
from data_access.db.schema import ProjectYear, Release
from data_access.ingest.importer import import_package, validate_package
from tests.conftest import MINI_PACKAGE
from tests.package_builders import (
    copy_package,
    drop_column,
    dump_database,
    edit_cell,
    reencode,
    update_descriptor,
    update_resource,
    workbook_from_package,
    zip_package,
)

Location = tuple[str, int | None, str | None]


@dataclass(frozen=True)
class Case:
    """One broken package: how to break mini-jiangxi, where the error must be reported."""

    edit: Callable[[Path], None]
    location: Location
    message: str


def cell_edit(file: str, row: int, column: str, value: str) -> Callable[[Path], None]:
    return lambda package: edit_cell(package, file, row, column, value)


def misdeclare_encoding(package: Path) -> None:
    """A GB18030 file declared as UTF-8."""
    reencode(package, "departments.csv", "gb18030")
    update_resource(package, "departments", encoding="utf-8")


def append_binary_garbage(package: Path) -> None:
    """A file no text encoding can read (NUL bytes, invalid sequences)."""
    data = (MINI_PACKAGE / "indicators.csv").read_bytes()
    (package / "indicators.csv").write_bytes(data + b"\x00\x80\xff\x00")


def add_extra_cell(package: Path) -> None:
    """Row 4 of departments.csv gets a fourth cell the header does not name."""
    path = package / "departments.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] += ",extra"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


CASES: dict[str, Case] = {
    "unknown region code": Case(
        cell_edit("departments.csv", 2, "region_code", "369999"),
        ("departments.csv", 2, "region_code"),
        "unknown region_code 369999",
    ),
    "region code not 6 digits": Case(
        cell_edit("projects.csv", 3, "region_code", "36000"),
        ("projects.csv", 3, "region_code"),
        "6-digit",
    ),
    "unknown region in reported figures": Case(
        cell_edit("reported_figures.csv", 3, "region_code", "990000"),
        ("reported_figures.csv", 3, "region_code"),
        "unknown region_code 990000",
    ),
    "unknown department": Case(
        cell_edit("projects.csv", 4, "department_code", "D999"),
        ("projects.csv", 4, "department_code"),
        "unknown department_code D999",
    ),
    "unknown enumeration label": Case(
        cell_edit("evaluations.csv", 2, "eval_type", "自我评价"),
        ("evaluations.csv", 2, "eval_type"),
        "unknown eval_type '自我评价'; use one of: 单位自评 (self)",
    ),
    "unknown indicator level": Case(
        cell_edit("indicators.csv", 3, "level1", "过程指标"),
        ("indicators.csv", 3, "level1"),
        "unknown level1",
    ),
    "unknown reported metric": Case(
        cell_edit("reported_figures.csv", 2, "metric", "evaluated_money"),
        ("reported_figures.csv", 2, "metric"),
        "unknown metric 'evaluated_money'",
    ),
    "unknown reported unit": Case(
        cell_edit("reported_figures.csv", 2, "unit", "千元"),
        ("reported_figures.csv", 2, "unit"),
        "unknown unit",
    ),
    "unknown boolean": Case(
        cell_edit("projects.csv", 3, "has_targets", "maybe"),
        ("projects.csv", 3, "has_targets"),
        "not a yes/no value",
    ),
    "duplicate department": Case(
        cell_edit("departments.csv", 3, "department_code", "D001"),
        ("departments.csv", 3, "department_code"),
        "duplicate key (department_code=D001): already on row 2",
    ),
    "duplicate project in a year": Case(
        cell_edit("projects.csv", 4, "project_code", "36000017001"),
        ("projects.csv", 4, "project_code"),
        "duplicate key (fiscal_year=2017, project_code=36000017001): already on row 3",
    ),
    "duplicate indicator": Case(
        cell_edit("indicators.csv", 3, "indicator_code", "I1"),
        ("indicators.csv", 3, "indicator_code"),
        "duplicate key",
    ),
    "duplicate evaluation": Case(
        cell_edit("evaluations.csv", 3, "evaluation_id", "E1"),
        ("evaluations.csv", 3, "evaluation_id"),
        "duplicate key (evaluation_id=E1)",
    ),
    "missing required column": Case(
        lambda package: drop_column(package, "projects.csv", "budget_adjusted"),
        ("projects.csv", 1, "budget_adjusted"),
        "missing required column",
    ),
    "missing required value": Case(
        cell_edit("projects.csv", 2, "project_name", ""),
        ("projects.csv", 2, "project_name"),
        "missing required value",
    ),
    "missing score": Case(
        cell_edit("evaluations.csv", 4, "score", " "),
        ("evaluations.csv", 4, "score"),
        "missing required value",
    ),
    "unparsable number": Case(
        cell_edit("projects.csv", 3, "budget_adjusted", "五万二千"),
        ("projects.csv", 3, "budget_adjusted"),
        "not a number",
    ),
    "decimal comma": Case(
        cell_edit("projects.csv", 3, "spent", "494,5"),
        ("projects.csv", 3, "spent"),
        "a comma may only separate thousands",
    ),
    "percent sign outside indicator values": Case(
        cell_edit("evaluations.csv", 2, "score", "95%"),
        ("evaluations.csv", 2, "score"),
        "a percent sign is only allowed in indicator",
    ),
    "quantitative indicator value not a number": Case(
        cell_edit("indicators.csv", 2, "actual_value", "约一万平方米"),
        ("indicators.csv", 2, "actual_value"),
        "not a number",
    ),
    "unparsable date": Case(
        cell_edit("evaluations.csv", 2, "published_on", "2018/3/31"),
        ("evaluations.csv", 2, "published_on"),
        "not a date",
    ),
    "impossible date": Case(
        cell_edit("monitoring.csv", 2, "as_of", "2017-02-30"),
        ("monitoring.csv", 2, "as_of"),
        "not a date",
    ),
    "negative money": Case(
        cell_edit("projects.csv", 2, "spent", "-1"),
        ("projects.csv", 2, "spent"),
        "negative money",
    ),
    "negative next year budget": Case(
        cell_edit("applications.csv", 2, "next_year_budget", "-52000"),
        ("applications.csv", 2, "next_year_budget"),
        "negative money",
    ),
    "score above 100": Case(
        cell_edit("evaluations.csv", 2, "score", "101"),
        ("evaluations.csv", 2, "score"),
        "outside 0–100",
    ),
    "score below 0": Case(
        cell_edit("evaluations.csv", 2, "score", "-0.5"),
        ("evaluations.csv", 2, "score"),
        "outside 0–100",
    ),
    "grade contradicts score": Case(
        cell_edit("evaluations.csv", 3, "grade", "优"),
        ("evaluations.csv", 3, "grade"),
        "grade 优 (excellent) contradicts the score 86.5, which is 良 (good)",
    ),
    "indicator of a missing project": Case(
        cell_edit("indicators.csv", 2, "project_code", "36000099999"),
        ("indicators.csv", 2, "project_code"),
        "no project 36000099999 for fiscal year 2017 in projects.csv",
    ),
    "evaluation of a project in another year": Case(
        cell_edit("evaluations.csv", 2, "fiscal_year", "2015"),
        ("evaluations.csv", 2, "project_code"),
        "no project 36000017001 for fiscal year 2015",
    ),
    "monitoring of a missing project": Case(
        cell_edit("monitoring.csv", 3, "project_code", "X"),
        ("monitoring.csv", 3, "project_code"),
        "no project X",
    ),
    "application of a missing evaluation": Case(
        cell_edit("applications.csv", 2, "evaluation_id", "E99"),
        ("applications.csv", 2, "evaluation_id"),
        "no evaluation E99 in evaluations.csv",
    ),
    "fiscal year before 2000": Case(
        cell_edit("projects.csv", 2, "fiscal_year", "1999"),
        ("projects.csv", 2, "fiscal_year"),
        "fiscal year 1999 is outside 2000–2100",
    ),
    "fiscal year not a year": Case(
        cell_edit("reported_figures.csv", 2, "fiscal_year", "2013年"),
        ("reported_figures.csv", 2, "fiscal_year"),
        "not a fiscal year",
    ),
    "unknown package money unit": Case(
        lambda package: update_descriptor(package, money_unit="千元"),
        ("datapackage.json", None, "money_unit"),
        "unknown money unit '千元'",
    ),
    "unknown resource money unit": Case(
        lambda package: update_resource(package, "projects", money_unit="dollars"),
        ("datapackage.json", None, "resources"),
        "resource 'projects': unknown money_unit 'dollars'",
    ),
    "missing publisher": Case(
        lambda package: update_descriptor(package, publisher=None),
        ("datapackage.json", None, "publisher"),
        "missing",
    ),
    "unparsable published date": Case(
        lambda package: update_descriptor(package, published="2018年6月30日"),
        ("datapackage.json", None, "published"),
        "not a date",
    ),
    "missing datapackage.json": Case(
        lambda package: (package / "datapackage.json").unlink(),
        ("datapackage.json", None, None),
        "missing",
    ),
    "invalid datapackage.json": Case(
        lambda package: (package / "datapackage.json").write_text('{"name": "x",\n', "utf-8"),
        ("datapackage.json", 2, None),
        "not valid JSON",
    ),
    "missing projects.csv": Case(
        lambda package: (package / "projects.csv").unlink(),
        ("projects.csv", None, None),
        "missing: datapackage.json lists it as resource 'projects'",
    ),
    "missing departments.csv": Case(
        lambda package: (package / "departments.csv").unlink(),
        ("departments.csv", None, None),
        "missing: datapackage.json lists it as resource 'departments'",
    ),
    "wrongly declared encoding": Case(
        misdeclare_encoding,
        ("departments.csv", None, None),
        "cannot be decoded as the declared encoding 'utf-8'",
    ),
    "undecodable file": Case(
        append_binary_garbage,
        ("indicators.csv", None, None),
        "cannot be decoded as text",
    ),
    "row longer than the header": Case(
        add_extra_cell,
        ("departments.csv", 4, None),
        "the row has 4 cells but the header has 3 columns",
    ),
}


def count(engine: Engine, model) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_each_kind_of_error_is_refused_at_its_file_row_and_column(
    tmp_path: Path, case: Case
) -> None:
    package = copy_package(tmp_path)
    case.edit(package)
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")

    report = import_package(engine, package)

    assert not report.ok and report.release_id is None
    found = [p for p in report.errors if (p.file, p.row, p.column) == case.location]
    assert found, f"no error at {case.location}:\n{report.render()}"
    assert any(case.message in p.message for p in found), report.render()
    assert count(engine, Release) == 0 and count(engine, ProjectYear) == 0


def test_missing_required_files_in_a_package_without_resources(tmp_path: Path) -> None:
    package = copy_package(tmp_path)
    update_descriptor(package, resources=None)
    (package / "projects.csv").unlink()
    (package / "departments.csv").unlink()

    report = validate_package(make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}"), package)

    assert [(p.file, p.row, p.column, p.message) for p in report.errors] == [
        ("departments.csv", None, None, "missing: this table is required"),
        ("projects.csv", None, None, "missing: this table is required"),
    ]


def test_several_errors_are_all_reported_and_the_database_is_unchanged(
    db_url: str, tmp_path: Path
) -> None:
    engine = make_engine(db_url)
    assert import_package(engine, MINI_PACKAGE).ok
    before = dump_database(engine)
    package = copy_package(tmp_path)
    edit_cell(package, "projects.csv", 3, "budget_adjusted", "abc")
    edit_cell(package, "projects.csv", 3, "spent", "-5")
    edit_cell(package, "projects.csv", 8, "region_code", "369999")
    edit_cell(package, "evaluations.csv", 7, "score", "120")
    edit_cell(package, "applications.csv", 4, "evaluation_id", "E404")
    edit_cell(package, "indicators.csv", 5, "weight", "")  # a warning, listed too
    # Valid changes that would be written if the package were accepted:
    edit_cell(package, "departments.csv", 2, "name", "改名的部门")
    edit_cell(package, "projects.csv", 2, "budget_initial", "1")

    report = import_package(engine, package)

    assert [(p.file, p.row, p.column) for p in report.errors] == [
        ("projects.csv", 3, "budget_adjusted"),
        ("projects.csv", 3, "spent"),
        ("projects.csv", 8, "region_code"),
        ("evaluations.csv", 7, "score"),
        ("applications.csv", 4, "evaluation_id"),
    ]
    assert [(p.file, p.row, p.column) for p in report.warnings] == [("indicators.csv", 5, "weight")]
    assert dump_database(engine) == before
    rendered = report.render()
    assert "5 errors:" in rendered and "REFUSED" in rendered
    assert "  applications.csv:4:evaluation_id: no evaluation E404 in evaluations.csv" in (
        rendered.splitlines()
    )


def test_another_publishers_project_code_for_the_same_year_is_refused(
    db_url: str, tmp_path: Path
) -> None:
    engine = make_engine(db_url)
    assert import_package(engine, MINI_PACKAGE).ok
    before = dump_database(engine)
    package = copy_package(tmp_path)
    update_descriptor(package, publisher="另一发布单位")

    report = import_package(engine, package)

    assert not report.ok
    clashes = [p for p in report.errors if p.column == "project_code"]
    assert [(p.file, p.row) for p in clashes] == [("projects.csv", row) for row in range(2, 9)]
    assert "is already published by 示例发布单位" in clashes[0].message
    assert dump_database(engine) == before


def test_an_evaluation_id_used_in_a_year_not_replaced_is_refused(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    assert import_package(engine, MINI_PACKAGE).ok
    next_year = copy_package(tmp_path)
    for file, rows in (
        ("projects.csv", range(2, 9)),
        ("evaluations.csv", range(2, 8)),
        ("indicators.csv", range(2, 12)),
        ("monitoring.csv", range(2, 5)),
        ("reported_figures.csv", range(2, 6)),
    ):
        for row in rows:
            edit_cell(next_year, file, row, "fiscal_year", "2018")
    edit_cell(next_year, "projects.csv", 2, "fiscal_year", "2019")  # keep codes unique

    report = validate_package(engine, next_year)

    assert [(p.file, p.row, p.column) for p in report.errors] == [
        ("evaluations.csv", row, "evaluation_id") for row in range(2, 8)
    ]
    assert "already used by 示例发布单位 for fiscal year 2017" in report.errors[0].message


@pytest.mark.parametrize(
    "evil", ["../evil.csv", "mini/../../evil.csv", "/tmp/evil-absolute.csv", "..\\evil.csv"]
)
def test_a_zip_entry_outside_the_package_is_refused_and_never_written(
    tmp_path: Path, evil: str
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    archive = zip_package(MINI_PACKAGE, work / "evil.zip", None)
    with zipfile.ZipFile(archive, "a") as handle:
        handle.writestr(evil, "region_code,name\n360000,owned\n")
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")

    report = import_package(engine, archive)

    assert not report.ok
    assert [(p.file, p.row, p.column) for p in report.errors] == [("evil.zip", None, None)]
    assert repr(evil) in report.errors[0].message
    assert count(engine, Release) == 0
    assert not (tmp_path / "evil.csv").exists() and not (work.parent / "evil.csv").exists()
    assert not Path("/tmp/evil-absolute.csv").exists()
    assert not (Path.cwd() / "evil.csv").exists()


def test_workbook_errors_name_the_sheet_and_the_spreadsheet_row(tmp_path: Path) -> None:
    package = copy_package(tmp_path)
    edit_cell(package, "evaluations.csv", 5, "grade", "差")  # score 72 is 中
    book = workbook_from_package(package, tmp_path / "results.xlsx")

    report = validate_package(make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}"), book)

    assert [(p.file, p.row, p.column) for p in report.errors] == [
        ("results.xlsx[evaluations]", 5, "grade")
    ]
    assert (
        report.render()
        .splitlines()
        .count(
            "  results.xlsx[evaluations]:5:grade: grade 差 (poor) contradicts the score 72, "
            "which is 中 (fair); leave grade empty to derive it from the score"
        )
        == 1
    )


def test_a_workbook_without_its_package_sheet_is_refused(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = workbook_from_package(MINI_PACKAGE, tmp_path / "book.xlsx")
    book = load_workbook(path)
    del book["package"]
    book.save(path)

    report = validate_package(make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}"), path)

    assert ("book.xlsx[package]", None, None) in [(p.file, p.row, p.column) for p in report.errors]


def test_not_a_package_at_all(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")

    broken_zip = tmp_path / "broken.zip"
    broken_zip.write_bytes(b"PK\x03\x04 this is not really a zip")
    broken_book = tmp_path / "broken.xlsx"
    broken_book.write_bytes(b"not a workbook")

    for path, message in (
        (text, "a package must be a folder, a .zip file or an .xlsx workbook"),
        (tmp_path / "missing.zip", "no such file or folder"),
        (broken_zip, "not a readable zip file"),
        (broken_book, "cannot be read as an Excel workbook"),
    ):
        report = validate_package(engine, path)
        assert [(p.file, p.message.startswith(message)) for p in report.errors] == [
            (path.name, True)
        ]


def test_an_unreadable_evaluations_file_is_one_error_not_one_per_application(
    tmp_path: Path,
) -> None:
    """When evaluations.csv cannot be read, its own error says so once; the applications
    that refer to it are not each reported as naming a missing evaluation."""
    from data_access.ingest.package import read_package
    from data_access.ingest.validation import validate_raw
    from tests.package_builders import copy_package, update_resource

    package = copy_package(tmp_path)
    update_resource(package, "evaluations", encoding="rot13")
    problems = validate_raw(read_package(package), {"360000", "360100", "360121"}).problems
    errors = [p for p in problems if p.is_error]
    assert any(p.file == "evaluations.csv" for p in errors)
    assert not [p for p in errors if p.file == "applications.csv"], errors
