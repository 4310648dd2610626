"""Building test packages from mini-jiangxi: copies with one cell changed, other
containers (zip, xlsx), other encodings; and dumping a database to compare states.

Why helpers rather than fixture files: each test states the one thing it changes
("projects.csv row 3, budget_adjusted = abc"), so the test reads like the behaviour it
protects, and the valid example stays the single source of the data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import Engine, select

from data_access.db.schema import Base
from data_access.ingest.importer import import_package
from tests.conftest import MINI_PACKAGE

MONEY_COLUMNS = {
    "projects.csv": ("budget_initial", "budget_adjusted", "spent"),
    "applications.csv": ("next_year_budget", "budget_change"),
    "monitoring.csv": ("spent_to_date",),
}


def copy_package(tmp_path: Path, name: str = "pkg") -> Path:
    """A private copy of mini-jiangxi to edit."""
    target = tmp_path / name
    shutil.copytree(MINI_PACKAGE, target)
    return target


def read_rows(package: Path, file: str) -> list[list[str]]:
    """All rows of a CSV file, header first."""
    with (package / file).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(package: Path, file: str, rows: list[list[str]], encoding: str = "utf-8") -> None:
    """Write rows (header first) as CSV in ``encoding``."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    (package / file).write_bytes(buffer.getvalue().encode(encoding))


def edit_cell(package: Path, file: str, row: int, column: str, value: str) -> None:
    """Set one cell; ``row`` as a spreadsheet shows it (header = 1, first data row = 2)."""
    rows = read_rows(package, file)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(package, file, rows)


def cell(package: Path, file: str, row: int, column: str) -> str:
    """The text of one cell (spreadsheet row numbering)."""
    rows = read_rows(package, file)
    return rows[row - 1][rows[0].index(column)]


def drop_column(package: Path, file: str, column: str) -> None:
    """Remove a column from a CSV file."""
    rows = read_rows(package, file)
    at = rows[0].index(column)
    write_rows(package, file, [r[:at] + r[at + 1 :] for r in rows])


def drop_rows(package: Path, file: str, keep: Any) -> None:
    """Keep only the data rows for which ``keep(dict_of_cells)`` is true."""
    rows = read_rows(package, file)
    header = rows[0]
    write_rows(
        package, file, [header] + [r for r in rows[1:] if keep(dict(zip(header, r, strict=False)))]
    )


def descriptor(package: Path) -> dict[str, Any]:
    """The package's datapackage.json."""
    return json.loads((package / "datapackage.json").read_text(encoding="utf-8"))


def update_descriptor(package: Path, **fields: Any) -> None:
    """Set (or, with None, remove) top-level fields of datapackage.json."""
    data = descriptor(package)
    for key, value in fields.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    (package / "datapackage.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8"
    )


def update_resource(package: Path, name: str, **fields: Any) -> None:
    """Set fields of one resource entry of datapackage.json (added if not listed)."""
    resources = descriptor(package)["resources"]
    entry = next((r for r in resources if r["name"] == name), None)
    if entry is None:
        entry = {"name": name}
        resources.append(entry)
    entry.update(fields)
    update_descriptor(package, resources=resources)


def rescale_money(package: Path, file: str, factor: Decimal) -> None:
    """Multiply every money column of ``file`` by ``factor`` (to restate it in another unit)."""
    rows = read_rows(package, file)
    positions = [rows[0].index(c) for c in MONEY_COLUMNS[file]]
    for row in rows[1:]:
        for at in positions:
            if row[at].strip():
                row[at] = format((Decimal(row[at]) * factor).normalize(), "f")
    write_rows(package, file, rows)


def reencode(package: Path, file: str, encoding: str) -> None:
    """Re-save a CSV file in another encoding (e.g. gb18030, as Chinese Excel does)."""
    text = (package / file).read_text(encoding="utf-8-sig")
    (package / file).write_bytes(text.encode(encoding))


def zip_package(package: Path, target: Path, top_folder: str | None) -> Path:
    """Zip the package's files at the root of the zip, or inside ``top_folder``."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        if top_folder:
            archive.writestr(f"{top_folder}/", "")
        for item in sorted(package.iterdir()):
            name = f"{top_folder}/{item.name}" if top_folder else item.name
            archive.write(item, name)
    return target


_INTEGER = re.compile(r"-?\d+")
_DECIMAL = re.compile(r"-?\d+\.\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _typed(text: str) -> Any:
    """A CSV cell as Excel would hold it when typed in: numbers and dates as such."""
    if _INTEGER.fullmatch(text):
        return int(text)
    if _DECIMAL.fullmatch(text):
        return float(text)
    if _DATE.fullmatch(text):
        return dt.date.fromisoformat(text)
    return text


def workbook_from_package(package: Path, target: Path) -> Path:
    """The package as an .xlsx workbook: one sheet per table, plus the ``package`` sheet."""
    book = Workbook()
    info = book.active
    info.title = "package"
    info.append(["key", "value"])
    for key, value in descriptor(package).items():
        if isinstance(value, list | dict):
            value = json.dumps(value, ensure_ascii=False)
        info.append([key, value])
    for resource in descriptor(package)["resources"]:
        sheet = book.create_sheet(resource["name"])
        rows = read_rows(package, resource["path"])
        sheet.append(rows[0])
        for row in rows[1:]:
            sheet.append([_typed(text) if text else None for text in row])
    book.save(target)
    return target


def dump_database(engine: Engine, *, ignore: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every row of every table, sorted, without the ``table.column`` names in ``ignore``."""
    dump: dict[str, list[tuple]] = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if f"{table.name}.{c.name}" not in ignore]
            rows = conn.execute(select(*columns)).all()
            dump[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return dump


def imported_release(engine: Engine, package: Path) -> int:
    """Import ``package`` and return its release id; a refusal fails the test with the
    report, so a test that needs the release never goes on without it."""
    report = import_package(engine, package)
    assert report.ok and report.release_id is not None, report.render()
    return report.release_id


# What legitimately differs between two imports of the same content.
IMPORT_TIME = ("release.imported_at",)
CONTAINER = ("release.imported_at", "release.checksum")


def append_row(package: Path, file: str, row: dict[str, str]) -> None:
    """Add one data row (columns by name; those not given stay empty)."""
    rows = read_rows(package, file)
    rows.append([row.get(column, "") for column in rows[0]])
    write_rows(package, file, rows)


# The 2018 budgets (万元) of the ledger package: mini-jiangxi's 2017 projects as the next
# year published them. Worked out against applications.csv by hand (tests/data/
# test_ledger.py): 36000017001 announced 保持 52000 -> 53000 published (+1000, within
# 5 % of 52000: carried out); 36000017002 announced 核减 to 27000 -> 31000 published
# (+1000 on 30000: not carried out); 36010017001 announced 取消 -> absent in 2018, which
# the publisher has published (project ended); 36072217001 announced nothing.
LEDGER_2018: tuple[dict[str, str], ...] = (
    {
        "fiscal_year": "2018", "project_code": "36000017001",
        "project_name": "农村义务教育薄弱学校改造", "department_code": "D001",
        "region_code": "360000", "sector": "教育", "budget_initial": "53000",
        "budget_adjusted": "53000", "spent": "50000", "has_targets": "是",
        "disclosure": "public",
    },
    {
        "fiscal_year": "2018", "project_code": "36000017002",
        "project_name": "基层医疗卫生机构能力建设", "department_code": "D002",
        "region_code": "360000", "sector": "卫生健康", "budget_initial": "31000",
        "budget_adjusted": "31000", "spent": "30000", "has_targets": "是",
        "disclosure": "public",
    },
    {
        "fiscal_year": "2018", "project_code": "36072217001",
        "project_name": "农村公路养护", "department_code": "XF01",
        "region_code": "360722", "sector": "交通运输", "budget_adjusted": "5600",
        "spent": "5600", "has_targets": "是", "disclosure": "public",
    },
)


def ledger_package(tmp_path: Path, name: str = "ledger") -> Path:
    """mini-jiangxi with a published 2018 (``LEDGER_2018``): every verdict of the
    result-application ledger but "no next-year record" has a case in 2017."""
    package = copy_package(tmp_path, name)
    for row in LEDGER_2018:
        append_row(package, "projects.csv", row)
    return package


SECOND_PUBLISHER = "第二发布单位"
# 北京市东城区: where the second publisher's package publishes, far from mini-jiangxi's
# regions, so nothing it may legitimately do reaches the first publisher's pages.
SECOND_REGION = "110101"


def second_publisher_package(
    tmp_path: Path, regions: list[list[str]] | None = None, name: str = "second"
) -> Path:
    """mini-jiangxi restated as another publisher's county package: every region code
    110101, every project code prefixed with ``B``, its departments and projects named
    after 东城区 (its department D001 too: department codes are its own), and
    ``regions`` (rows after the header) as its regions.csv."""
    package = copy_package(tmp_path, name)
    update_descriptor(package, publisher=SECOND_PUBLISHER, name=name, title="东城区绩效评价结果")
    for file in ("departments.csv", "projects.csv", "reported_figures.csv"):
        rows = read_rows(package, file)
        at = rows[0].index("region_code")
        for row in rows[1:]:
            row[at] = SECOND_REGION
        write_rows(package, file, rows)
    rows = read_rows(package, "departments.csv")
    for number, row in enumerate(rows[1:], start=1):
        row[1] = "北京市东城区教育委员会" if row[0] == "D001" else f"东城区部门{number}"
    write_rows(package, "departments.csv", rows)
    rows = read_rows(package, "projects.csv")
    for row in rows[1:]:
        row[2] = f"东城区项目{row[1][-3:]}"
    write_rows(package, "projects.csv", rows)
    for file in ("projects.csv", "indicators.csv", "evaluations.csv", "monitoring.csv"):
        rows = read_rows(package, file)
        at = rows[0].index("project_code")
        for row in rows[1:]:
            row[at] = "B" + row[at]
        write_rows(package, file, rows)
    if regions is not None:
        header = ["region_code", "name", "level", "parent_code"]
        write_rows(package, "regions.csv", [header, *regions])
        update_resource(package, "regions", path="regions.csv")
    return package


def migrate_from(engine: Engine, url: str, version: int, table: type[Base]) -> None:
    """Make the database look as one of schema ``version``, built before ``table``
    existed (the table dropped, the version stamped), then run ``migrate`` on it and
    check that it is current again: the in-place upgrade of ``rollups._upgrade_shape``."""
    from sqlalchemy import update

    from data_access.cli import main as cli_main
    from data_access.db.schema import SCHEMA_VERSION_KEY, Meta, schema_is_current

    with engine.begin() as conn:
        table.__table__.drop(conn)
        conn.execute(update(Meta).where(Meta.key == SCHEMA_VERSION_KEY).values(value=str(version)))
    assert not schema_is_current(engine)
    assert cli_main(["--db", url, "migrate"]) == 0
    assert schema_is_current(engine)
