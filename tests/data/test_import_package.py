"""Importing valid packages: every container, encoding, unit and spelling the data
contract accepts gives the same records, and a release replaces what it should."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from data_access.db.engine import make_engine
from data_access.db.schema import (
    Application,
    Department,
    Evaluation,
    Indicator,
    Monitoring,
    ProjectYear,
    Region,
    Release,
    ReportedFigure,
)
from data_access.ingest.importer import import_package, validate_package
from data_access.regions import ensure_regions
from tests.conftest import MINI_PACKAGE
from tests.package_builders import (
    CONTAINER,
    IMPORT_TIME,
    cell,
    copy_package,
    descriptor,
    drop_rows,
    dump_database,
    edit_cell,
    read_rows,
    reencode,
    rescale_money,
    update_descriptor,
    update_resource,
    workbook_from_package,
    write_rows,
    zip_package,
)

MINI_COUNTS = {
    "departments": 5,
    "projects": 7,
    "indicators": 10,
    "evaluations": 6,
    "applications": 3,
    "monitoring": 3,
    "reported_figures": 4,
}
WAN = 10_000 * 100  # fen per 万元


def fresh(tmp_path: Path, name: str = "db") -> Engine:
    """A new empty SQLite database (for tests about content, not about the backend)."""
    return make_engine(f"sqlite:///{tmp_path / f'{name}.sqlite'}")


def imported_dump(tmp_path: Path, package: Path, name: str, ignore=IMPORT_TIME) -> dict:
    """Import ``package`` into a new database and dump it; the import must succeed."""
    engine = fresh(tmp_path, name)
    report = import_package(engine, package)
    assert report.ok, report.render()
    return dump_database(engine, ignore=ignore)


def count(engine: Engine, model) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def live_count(engine: Engine, model) -> int:
    """Rows of ``model`` served now: releases keep their history, retired rows stay."""
    stmt = select(func.count()).select_from(model)
    if model in (ProjectYear, ReportedFigure):
        stmt = stmt.where(model.retired_by.is_(None))
    elif model is Application:
        stmt = (
            stmt.join(Evaluation, Evaluation.id == Application.evaluation_id)
            .join(ProjectYear, ProjectYear.id == Evaluation.project_year_id)
            .where(ProjectYear.retired_by.is_(None))
        )
    elif model in (Evaluation, Indicator, Monitoring):
        stmt = stmt.join(ProjectYear, ProjectYear.id == model.project_year_id).where(
            ProjectYear.retired_by.is_(None)
        )
    with engine.connect() as conn:
        return conn.execute(stmt).scalar_one()


def test_mini_package_imports_with_its_row_counts(db_url: str) -> None:
    engine = make_engine(db_url)
    report = import_package(engine, MINI_PACKAGE)

    assert report.ok, report.render()
    assert report.errors == [] and report.warnings == []
    assert report.row_counts == MINI_COUNTS
    assert report.package_name == "mini-jiangxi"
    assert report.publisher == "示例发布单位"
    assert report.fiscal_years == [2013, 2016, 2017]
    assert report.release_id is not None
    for model, table in (
        (Department, "departments"),
        (ProjectYear, "projects"),
        (Indicator, "indicators"),
        (Evaluation, "evaluations"),
        (Application, "applications"),
        (Monitoring, "monitoring"),
        (ReportedFigure, "reported_figures"),
    ):
        assert count(engine, model) == MINI_COUNTS[table], table

    with engine.connect() as conn:
        release = conn.execute(select(Release)).one()
    assert release.id == report.release_id
    assert release.package_name == "mini-jiangxi"
    assert release.title == "江西省预算绩效评价结果（小样例）"
    assert release.publisher == "示例发布单位"
    assert release.license == "CC-BY-4.0"
    assert release.published == dt.date(2018, 6, 30)
    assert release.money_unit == "万元"
    assert release.checksum == report.checksum and len(release.checksum) == 64
    # Published without the withheld project 36000017003's rows: the project and its
    # one indicator (counted in the package files); the import report counts them.
    assert report.row_counts == MINI_COUNTS
    assert json.loads(release.row_counts) == {**MINI_COUNTS, "projects": 6, "indicators": 9}
    assert json.loads(release.fiscal_years) == [2013, 2016, 2017]
    assert json.loads(release.sources)[0]["title"] == "财政预算和绩效管理一体化江西经验"
    assert release.is_demo is False
    age = dt.datetime.now(dt.UTC).replace(tzinfo=None) - release.imported_at
    assert dt.timedelta(0) <= age < dt.timedelta(minutes=5), "imported_at is UTC now"


def test_imported_values_are_interpreted_as_the_contract_says(tmp_path: Path) -> None:
    engine = fresh(tmp_path)
    assert import_package(engine, MINI_PACKAGE).ok
    with engine.connect() as conn:
        projects = {
            (p.fiscal_year, p.project_code): p for p in conn.execute(select(ProjectYear)).all()
        }
        evaluations = {e.evaluation_code: e for e in conn.execute(select(Evaluation)).all()}
        indicators = {
            (i.project_year_id, i.indicator_code): i for i in conn.execute(select(Indicator))
        }
        applications = conn.execute(select(Application).order_by(Application.id)).all()
        monitoring = conn.execute(select(Monitoring).order_by(Monitoring.id)).all()
        figure = conn.execute(
            select(ReportedFigure).where(
                ReportedFigure.fiscal_year == 2017, ReportedFigure.metric == "evaluated_funds"
            )
        ).one()

    school = projects[(2017, "36000017001")]
    assert school.budget_initial_fen == 50_000 * WAN
    assert school.budget_adjusted_fen == 52_000 * WAN
    assert school.spent_fen == 49_400 * WAN
    assert school.has_targets is True and school.withheld is False
    assert projects[(2017, "36000017003")].withheld is True
    assert projects[(2017, "36012117001")].has_targets is False

    assert (evaluations["E1"].grade, evaluations["E1"].authority) == ("excellent", 1)
    assert (evaluations["E2"].eval_type, evaluations["E2"].authority) == ("finance", 3)
    assert evaluations["E2"].third_party is True and evaluations["E2"].score == 86.5
    assert evaluations["E2"].submitted_to_congress is True
    assert evaluations["E2"].published_on == dt.date(2018, 5, 20)
    assert (evaluations["E4"].eval_type, evaluations["E4"].grade) == ("department", "fair")
    assert evaluations["E6"].grade == "excellent", "90 is a boundary: the higher band"

    health = projects[(2017, "36000017002")].id
    farm = projects[(2017, "36010017001")].id
    assert indicators[(school.id, "I1")].status == "met"
    assert indicators[(school.id, "I2")].status == "not_met"
    assert indicators[(health, "I2")].comparison == "<="
    assert indicators[(health, "I2")].status == "met"
    assert indicators[(health, "I3")].comparison == "qualitative"
    assert indicators[(health, "I3")].status == "not_met", "score 6 of weight 10"
    assert indicators[(farm, "I2")].status == "not_assessed"
    assert indicators[(school.id, "I1")].level1 == "output"

    assert [a.action for a in applications] == ["maintain", "reduce", "cancel"]
    assert [a.budget_change_fen for a in applications] == [0, -3_000 * WAN, -12_500 * WAN]
    assert [a.status for a in applications] == ["done", "done", "planned"]
    assert [m.budget_warning for m in monitoring] == [False, True, False]
    assert [m.action for m in monitoring] == ["continue", "adjust", "continue"]
    assert monitoring[0].as_of == dt.date(2017, 8, 31)
    assert (figure.value, figure.unit, figure.scope) == ("1025.1", "亿元", "all")


def test_validate_checks_everything_and_writes_nothing(tmp_path: Path) -> None:
    engine = fresh(tmp_path)
    ensure_regions(engine)  # the gazetteer is a prerequisite, not part of a package
    before = dump_database(engine)

    report = validate_package(engine, MINI_PACKAGE)

    assert report.ok and report.release_id is None
    assert report.row_counts == MINI_COUNTS
    assert dump_database(engine) == before
    assert "VALID" in report.render()


def test_zip_with_top_folder_zip_at_root_and_workbook_import_identical_rows(
    tmp_path: Path,
) -> None:
    expected = imported_dump(tmp_path, MINI_PACKAGE, "folder", ignore=CONTAINER)
    containers = {
        "zip-top-folder": zip_package(MINI_PACKAGE, tmp_path / "top.zip", "mini-jiangxi"),
        "zip-root": zip_package(MINI_PACKAGE, tmp_path / "root.zip", None),
        "xlsx": workbook_from_package(MINI_PACKAGE, tmp_path / "mini.xlsx"),
    }
    for name, package in containers.items():
        assert imported_dump(tmp_path, package, name, ignore=CONTAINER) == expected, name


def test_a_zip_has_the_checksum_of_the_same_files_in_a_folder(tmp_path: Path) -> None:
    engine = fresh(tmp_path)
    folder = validate_package(engine, MINI_PACKAGE)
    zipped = validate_package(engine, zip_package(MINI_PACKAGE, tmp_path / "p.zip", "top"))
    assert zipped.checksum == folder.checksum

    changed = copy_package(tmp_path)
    edit_cell(changed, "projects.csv", 2, "spent", "46001")
    assert validate_package(engine, changed).checksum != folder.checksum


def test_workbook_percent_cells_and_row_numbers_read_as_in_csv(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book_path = workbook_from_package(MINI_PACKAGE, tmp_path / "mini.xlsx")
    book = load_workbook(book_path)
    # I2 of 36000017001: target 95 (%) typed as a percentage cell 0.95.
    target = book["indicators"]["H3"]
    target.value, target.number_format = 0.95, "0%"
    book["projects"]["H4"] = "abc"  # budget_adjusted of the first 2017 project
    book.save(book_path)

    report = import_package(fresh(tmp_path), book_path)

    assert [(p.file, p.row, p.column) for p in report.errors] == [
        ("mini.xlsx[projects]", 4, "budget_adjusted")
    ]
    book["projects"]["H4"] = 52000
    book.save(book_path)
    engine = fresh(tmp_path, "ok")
    assert import_package(engine, book_path).ok
    with engine.connect() as conn:
        targets = set(conn.execute(select(Indicator.target_value)).scalars())
    assert "95%" in targets


@pytest.mark.parametrize("declared", [None, "gb18030", "GBK", "gb2312"])
def test_gb18030_files_read_declared_or_not(tmp_path: Path, declared: str | None) -> None:
    expected = imported_dump(tmp_path, MINI_PACKAGE, "utf8", ignore=CONTAINER)
    package = copy_package(tmp_path)
    for table in ("departments", "projects", "indicators", "evaluations"):
        reencode(package, f"{table}.csv", "gb18030")
        if declared:
            update_resource(package, table, encoding=declared)
    assert (package / "projects.csv").read_bytes().decode("gb18030").startswith("fiscal_year")
    with pytest.raises(UnicodeDecodeError):
        (package / "projects.csv").read_bytes().decode("utf-8")

    assert imported_dump(tmp_path, package, "gb", ignore=CONTAINER) == expected


def test_utf8_with_bom_is_read_like_utf8(tmp_path: Path) -> None:
    expected = imported_dump(tmp_path, MINI_PACKAGE, "plain", ignore=CONTAINER)
    package = copy_package(tmp_path)
    reencode(package, "projects.csv", "utf-8-sig")
    update_resource(package, "departments", encoding="utf-8")
    reencode(package, "departments.csv", "utf-8-sig")
    assert imported_dump(tmp_path, package, "bom", ignore=CONTAINER) == expected


@pytest.mark.parametrize(("unit", "factor"), [("元", Decimal(10_000)), ("亿元", Decimal("0.0001"))])
def test_package_money_unit_gives_the_same_fen(tmp_path: Path, unit: str, factor: Decimal) -> None:
    ignore = (*CONTAINER, "release.money_unit")
    expected = imported_dump(tmp_path, MINI_PACKAGE, "wan", ignore=ignore)
    package = copy_package(tmp_path)
    update_descriptor(package, money_unit=unit)
    for file in ("projects.csv", "applications.csv", "monitoring.csv"):
        rescale_money(package, file, factor)

    assert imported_dump(tmp_path, package, unit, ignore=ignore) == expected


def test_resource_money_unit_overrides_the_package_unit(tmp_path: Path) -> None:
    expected = imported_dump(tmp_path, MINI_PACKAGE, "wan", ignore=CONTAINER)
    package = copy_package(tmp_path)
    update_resource(package, "projects", money_unit="元")
    rescale_money(package, "projects.csv", Decimal(10_000))
    assert cell(package, "projects.csv", 3, "budget_adjusted") == "520000000"

    assert imported_dump(tmp_path, package, "yuan", ignore=CONTAINER) == expected


def test_money_defaults_to_wan_yuan_when_no_unit_is_given(tmp_path: Path) -> None:
    expected = imported_dump(tmp_path, MINI_PACKAGE, "declared", ignore=CONTAINER)
    package = copy_package(tmp_path)
    update_descriptor(package, money_unit=None)
    assert "money_unit" not in descriptor(package)
    assert imported_dump(tmp_path, package, "default", ignore=CONTAINER) == expected


def test_thousands_separators_and_spaces_around_numbers(tmp_path: Path) -> None:
    expected = imported_dump(tmp_path, MINI_PACKAGE, "plain", ignore=CONTAINER)
    package = copy_package(tmp_path)
    edit_cell(package, "projects.csv", 3, "budget_adjusted", "52,000")
    edit_cell(package, "projects.csv", 3, "spent", " 49,400.00 ")
    edit_cell(package, "applications.csv", 4, "budget_change", "-12,500")
    edit_cell(package, "reported_figures.csv", 3, "value", "1,025.1")
    edit_cell(package, "evaluations.csv", 3, "score", " 86.5 ")

    assert imported_dump(tmp_path, package, "separators", ignore=CONTAINER) == expected


def test_chinese_labels_and_english_codes_are_the_same_value(tmp_path: Path) -> None:
    expected = imported_dump(tmp_path, MINI_PACKAGE, "as-is", ignore=CONTAINER)
    package = copy_package(tmp_path)
    edit_cell(package, "evaluations.csv", 2, "eval_type", "SELF")  # was 单位自评
    edit_cell(package, "evaluations.csv", 4, "eval_type", "单位自评")  # was self
    edit_cell(package, "evaluations.csv", 3, "grade", "good")  # was 良
    edit_cell(package, "evaluations.csv", 5, "grade", "Fair")  # was 中
    edit_cell(package, "projects.csv", 5, "disclosure", "不公开")  # was withheld
    edit_cell(package, "projects.csv", 3, "disclosure", "公开")  # was public
    edit_cell(package, "indicators.csv", 2, "level1", "output")  # was 产出指标
    edit_cell(package, "indicators.csv", 2, "comparison", "≥")  # was >=
    edit_cell(package, "indicators.csv", 7, "comparison", "qualitative")  # was 定性
    edit_cell(package, "applications.csv", 3, "action", "reduce")  # was 核减
    edit_cell(package, "monitoring.csv", 3, "action", "adjust")  # was 调整
    edit_cell(package, "reported_figures.csv", 4, "scope", "本级")  # was own

    assert imported_dump(tmp_path, package, "relabelled", ignore=CONTAINER) == expected


@pytest.mark.parametrize(
    ("spelling", "value"),
    [
        ("true", True),
        ("TRUE", True),
        ("1", True),
        ("是", True),
        ("Y", True),
        ("y", True),
        ("false", False),
        ("False", False),
        ("0", False),
        ("否", False),
        ("N", False),
        ("n", False),
    ],
)
def test_boolean_spellings(tmp_path: Path, spelling: str, value: bool) -> None:
    package = copy_package(tmp_path)
    edit_cell(package, "projects.csv", 3, "has_targets", spelling)
    edit_cell(package, "evaluations.csv", 2, "third_party", spelling)
    engine = fresh(tmp_path)

    report = import_package(engine, package)

    assert report.ok, report.render()
    with engine.connect() as conn:
        has_targets = conn.execute(
            select(ProjectYear.has_targets).where(
                ProjectYear.fiscal_year == 2017, ProjectYear.project_code == "36000017001"
            )
        ).scalar_one()
        third_party = conn.execute(
            select(Evaluation.third_party).where(Evaluation.evaluation_code == "E1")
        ).scalar_one()
    assert (has_targets, third_party) == (value, value)


def test_empty_cells_take_the_contract_defaults(tmp_path: Path) -> None:
    package = copy_package(tmp_path)
    edit_cell(package, "projects.csv", 3, "disclosure", "")
    edit_cell(package, "reported_figures.csv", 2, "scope", "")
    edit_cell(package, "evaluations.csv", 3, "submitted_to_congress", "")
    edit_cell(package, "evaluations.csv", 3, "grade", "")
    edit_cell(package, "projects.csv", 3, "spent", "")
    engine = fresh(tmp_path)

    assert import_package(engine, package).ok
    with engine.connect() as conn:
        project = conn.execute(
            select(ProjectYear).where(
                ProjectYear.fiscal_year == 2017, ProjectYear.project_code == "36000017001"
            )
        ).one()
        evaluation = conn.execute(
            select(Evaluation).where(Evaluation.evaluation_code == "E2")
        ).one()
        scopes = set(conn.execute(select(ReportedFigure.scope)).scalars())
    assert project.withheld is False and project.spent_fen is None
    assert evaluation.submitted_to_congress is False and evaluation.grade == "good"
    assert scopes == {"all", "own"}


def test_warnings_are_listed_and_do_not_block(tmp_path: Path) -> None:
    package = copy_package(tmp_path)
    edit_cell(package, "projects.csv", 4, "spent", "30001")  # budget_adjusted 30000
    edit_cell(package, "indicators.csv", 5, "weight", "")
    edit_cell(package, "projects.csv", 3, "has_targets", "否")  # evaluated by E1 and E2
    update_descriptor(
        package,
        resources=[*descriptor(package)["resources"], {"name": "budgets", "path": "b.csv"}],
    )
    rows = read_rows(package, "departments.csv")
    write_rows(package, "departments.csv", [[*rows[0], "remark"]] + [[*r, "x"] for r in rows[1:]])
    write_rows(package, "notes.csv", [["anything"], ["at all"]])
    engine = fresh(tmp_path)

    report = import_package(engine, package)

    assert report.ok and report.release_id is not None
    assert report.errors == []
    assert [(w.file, w.row, w.column) for w in report.warnings] == [
        ("datapackage.json", None, "resources[8]"),
        ("departments.csv", 1, "remark"),
        ("projects.csv", 4, "spent"),
        ("indicators.csv", 5, "weight"),
        ("evaluations.csv", 2, "project_code"),
        ("evaluations.csv", 3, "project_code"),
        ("notes.csv", None, None),
    ]
    assert count(engine, ProjectYear) == 7
    rendered = report.render()
    assert "projects.csv:4:spent: spent is above budget_adjusted" in rendered
    assert "indicators.csv:5:weight: indicator without weight" in rendered
    assert "IMPORTED as release" in rendered


def test_reimporting_a_publishers_years_replaces_rather_than_duplicates(
    db_url: str, tmp_path: Path
) -> None:
    engine = make_engine(db_url)
    first = import_package(engine, MINI_PACKAGE)
    corrected = copy_package(tmp_path)
    edit_cell(corrected, "projects.csv", 2, "budget_adjusted", "6000")
    second = import_package(engine, corrected)

    assert first.ok and second.ok and second.release_id != first.release_id
    assert count(engine, Release) == 2
    assert live_count(engine, ProjectYear) == MINI_COUNTS["projects"]
    assert count(engine, Department) == MINI_COUNTS["departments"]
    for model, table in ((Indicator, "indicators"), (Evaluation, "evaluations")):
        assert live_count(engine, model) == MINI_COUNTS[table]
    assert live_count(engine, Application) == 3 and live_count(engine, Monitoring) == 3
    assert live_count(engine, ReportedFigure) == 4
    assert count(engine, ProjectYear) == 2 * MINI_COUNTS["projects"], "history is kept"
    with engine.connect() as conn:
        releases = set(
            conn.execute(
                select(ProjectYear.release_id).where(ProjectYear.retired_by.is_(None))
            ).scalars()
        )
        retired = set(
            conn.execute(
                select(ProjectYear.retired_by).where(ProjectYear.release_id == first.release_id)
            ).scalars()
        )
        departments = set(conn.execute(select(Department.release_id)).scalars())
    assert releases == departments == retired == {second.release_id}


def test_a_release_replaces_only_the_years_it_contains(tmp_path: Path) -> None:
    engine = fresh(tmp_path)
    first = import_package(engine, MINI_PACKAGE)
    only_2017 = copy_package(tmp_path)
    drop_rows(only_2017, "projects.csv", lambda r: r["fiscal_year"] == "2017")
    drop_rows(only_2017, "reported_figures.csv", lambda r: r["fiscal_year"] == "2017")
    drop_rows(only_2017, "indicators.csv", lambda r: r["project_code"] == "36072217001")
    drop_rows(only_2017, "evaluations.csv", lambda r: r["evaluation_id"] == "E6")
    drop_rows(only_2017, "projects.csv", lambda r: r["project_code"] == "36072217001")
    drop_rows(only_2017, "monitoring.csv", lambda r: False)
    drop_rows(only_2017, "applications.csv", lambda r: False)
    edit_cell(only_2017, "projects.csv", 2, "budget_adjusted", "6000")
    edit_cell(only_2017, "departments.csv", 2, "name", "江西省教育厅（新名称）")

    second = import_package(engine, only_2017)

    assert second.ok, second.render()
    assert second.fiscal_years == [2017]
    with engine.connect() as conn:
        kept = conn.execute(
            select(
                ProjectYear.fiscal_year, ProjectYear.project_code, ProjectYear.release_id
            ).where(ProjectYear.retired_by.is_(None))
        ).all()
        figures = conn.execute(
            select(ReportedFigure.fiscal_year, ReportedFigure.release_id).where(
                ReportedFigure.retired_by.is_(None)
            )
        ).all()
        budget = conn.execute(
            select(ProjectYear.budget_adjusted_fen).where(
                ProjectYear.fiscal_year == 2017, ProjectYear.retired_by.is_(None)
            )
        ).scalar_one()
        department = conn.execute(select(Department.name).where(Department.code == "D001")).one()
    assert sorted(kept) == [
        (2016, "36000017001", first.release_id),
        (2017, "36072217001", second.release_id),
    ]
    assert sorted(figures) == [
        (2013, first.release_id),
        (2013, first.release_id),
        (2017, second.release_id),
        (2017, second.release_id),
    ]
    assert budget == 6_000 * WAN
    assert department.name == "江西省教育厅（新名称）"
    assert count(engine, Department) == 5, "departments are upserted, not duplicated"
    assert live_count(engine, Evaluation) == 1 and live_count(engine, Indicator) == 1
    assert live_count(engine, Application) == 0 and live_count(engine, Monitoring) == 0


def test_other_publishers_are_left_as_they_were(tmp_path: Path) -> None:
    engine = fresh(tmp_path)
    assert import_package(engine, MINI_PACKAGE).ok
    other = copy_package(tmp_path)
    update_descriptor(other, publisher="另一发布单位", name="other")
    rows = read_rows(other, "projects.csv")
    for row in rows[1:]:
        row[1] = "X" + row[1]
    write_rows(other, "projects.csv", rows)
    for file in ("indicators.csv", "evaluations.csv", "monitoring.csv"):
        rows = read_rows(other, file)
        at = rows[0].index("project_code")
        for row in rows[1:]:
            row[at] = "X" + row[at]
        write_rows(other, file, rows)

    report = import_package(engine, other)

    assert report.ok, report.render()
    assert count(engine, ProjectYear) == 14 and count(engine, Department) == 10
    assert count(engine, Evaluation) == 12, "evaluation ids are unique per publisher"
    again = import_package(engine, MINI_PACKAGE)
    assert again.ok and count(engine, ProjectYear) == 14


def test_regions_csv_adds_a_region_the_gazetteer_lacks(tmp_path: Path) -> None:
    package = copy_package(tmp_path)
    write_rows(
        package,
        "regions.csv",
        [
            ["region_code", "name", "level", "parent_code"],
            ["360105", "湾里区", "县", "360100"],
        ],
    )
    update_resource(package, "regions", path="regions.csv")
    edit_cell(package, "departments.csv", 4, "region_code", "360105")
    edit_cell(package, "projects.csv", 6, "region_code", "360105")
    engine = fresh(tmp_path)

    report = import_package(engine, package)

    assert report.ok, report.render()
    assert report.row_counts["regions"] == 1
    with engine.connect() as conn:
        region = conn.execute(select(Region).where(Region.code == "360105")).one()
    assert (region.name, region.level, region.parent_code) == ("湾里区", "county", "360100")
    assert region.source == "示例发布单位"
    assert report.warnings == []


def test_quoted_cells_spanning_lines_count_as_one_row(tmp_path: Path) -> None:
    package = copy_package(tmp_path)
    edit_cell(package, "projects.csv", 2, "overall_target", "第一行\n第二行\n第三行")
    edit_cell(package, "projects.csv", 3, "budget_adjusted", "abc")

    report = import_package(fresh(tmp_path), package)

    assert [(e.file, e.row, e.column) for e in report.errors] == [
        ("projects.csv", 3, "budget_adjusted")
    ]


def test_render_lists_errors_before_warnings_as_file_row_column(tmp_path: Path) -> None:
    package = copy_package(tmp_path)
    edit_cell(package, "indicators.csv", 5, "weight", "")
    edit_cell(package, "projects.csv", 3, "budget_adjusted", "abc")

    report = validate_package(fresh(tmp_path), package)
    lines = report.render().splitlines()

    error_line = lines.index("  projects.csv:3:budget_adjusted: not a number: 'abc'")
    warning_line = lines.index("  indicators.csv:5:weight: indicator without weight (分值)")
    assert lines.index("1 error:") < error_line < lines.index("1 warning:") < warning_line
    assert lines[-1].startswith("REFUSED: 1 error, 1 warning")
    assert report.render(lang="zh").splitlines()[-1].startswith("未导入")


def test_a_package_with_no_projects_for_a_year_withdraws_that_year(tmp_path: Path) -> None:
    engine = fresh(tmp_path)
    assert import_package(engine, MINI_PACKAGE).ok
    withdrawal = copy_package(tmp_path)
    for file in ("projects.csv", "indicators.csv", "evaluations.csv", "applications.csv"):
        drop_rows(withdrawal, file, lambda r: False)
    drop_rows(withdrawal, "monitoring.csv", lambda r: False)
    drop_rows(
        withdrawal,
        "reported_figures.csv",
        lambda r: r["fiscal_year"] == "2017" and r["scope"] == "own",
    )

    report = import_package(engine, withdrawal)

    assert report.ok, report.render()
    assert report.fiscal_years == [2017]
    with engine.connect() as conn:
        years = set(
            conn.execute(
                select(ProjectYear.fiscal_year).where(ProjectYear.retired_by.is_(None))
            ).scalars()
        )
    assert years == {2016}, "2016 is not in the package and stays"
    assert live_count(engine, Evaluation) == 0 and live_count(engine, ReportedFigure) == 3


def test_a_demo_import_is_marked_as_demo_in_its_release(tmp_path: Path) -> None:
    engine = fresh(tmp_path)
    report = import_package(engine, MINI_PACKAGE, is_demo=True)
    with engine.connect() as conn:
        flag = conn.execute(select(Release.is_demo).where(Release.id == report.release_id))
        assert flag.scalar_one() is True


def test_concurrent_clashing_imports_take_turns_and_the_loser_gets_a_report(
    db_url: str, tmp_path: Path
) -> None:
    """Two publishers import the same project codes at once: one wins, the other is
    refused with a located error, and nobody sees an exception."""
    from concurrent.futures import ThreadPoolExecutor

    first = copy_package(tmp_path, "first")
    second = copy_package(tmp_path, "second")
    update_descriptor(second, publisher="另一发布单位")
    engine = make_engine(db_url)
    ensure_regions(engine)
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = list(pool.map(lambda p: import_package(engine, p), [first, second]))
    assert sorted(r.ok for r in reports) == [False, True]
    loser = next(r for r in reports if not r.ok)
    assert any(
        p.file == "projects.csv" and p.column == "project_code" for p in loser.errors
    ), loser.render()
