"""Hostile and careless packages: every one is a located error in the report, never a
traceback and never a partial import, and ``validate`` and ``import`` agree on it.

Each case is one way a crafted or broken package once crashed the importer, was read
when it must not be, or was accepted wrongly (issue 9, items 6-8). The limits of
``data_access.ingest.limits`` are tested with the limit lowered, so the tests stay small.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from data_access.cli import main
from data_access.db.engine import make_engine
from data_access.db.schema import ProjectYear, Release
from data_access.ingest import package as package_module
from data_access.ingest import problems as problems_module
from data_access.ingest.importer import ImportReport, import_package, validate_package
from tests.conftest import MINI_PACKAGE, REPO_ROOT
from tests.package_builders import (
    CONTAINER,
    copy_package,
    dump_database,
    edit_cell,
    read_rows,
    update_descriptor,
    update_resource,
    workbook_from_package,
    write_rows,
    zip_package,
)

Location = tuple[str, int | None, str | None]


@dataclass(frozen=True)
class Case:
    """One hostile package: how to build it from mini-jiangxi (returns the path to
    import), where the error must be reported and what it must say."""

    build: Callable[[Path], Path]
    location: Location
    message: str


def in_folder(edit: Callable[[Path], None]) -> Callable[[Path], Path]:
    def build(tmp_path: Path) -> Path:
        package = copy_package(tmp_path)
        edit(package)
        return package

    return build


def cell(file: str, row: int, column: str, value: str) -> Callable[[Path], Path]:
    return in_folder(lambda package: edit_cell(package, file, row, column, value))


def resource(name: str, **fields: object) -> Callable[[Path], Path]:
    return in_folder(lambda package: update_resource(package, name, **fields))


def regions(*rows: list[str]) -> Callable[[Path], Path]:
    def edit(package: Path) -> None:
        write_rows(package, "regions.csv", [["region_code", "name", "level", "parent_code"], *rows])
        update_resource(package, "regions", path="regions.csv")

    return in_folder(edit)


def nested_descriptor(package: Path) -> None:
    data = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    text = json.dumps(data, ensure_ascii=False)
    (package / "datapackage.json").write_text(
        text[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8"
    )


def symlink_to_passwd(package: Path) -> None:
    (package / "monitoring.csv").unlink()
    os.symlink("/etc/passwd", package / "monitoring.csv")


def symlinked_folder(package: Path) -> None:
    (package / "data").symlink_to("/etc", target_is_directory=True)


def zip_with(extra: str) -> Callable[[Path], Path]:
    """mini-jiangxi zipped, plus a second copy of projects.csv under the name ``extra``."""

    def build(tmp_path: Path) -> Path:
        archive = zip_package(MINI_PACKAGE, tmp_path / "pkg.zip", None)
        with (
            pytest.warns(UserWarning, match="Duplicate name")
            if extra == "projects.csv"
            else _no_warning(),
            zipfile.ZipFile(archive, "a") as handle,
        ):
            handle.writestr(extra, (MINI_PACKAGE / "projects.csv").read_bytes())
        return archive

    return build


def _no_warning() -> contextlib.AbstractContextManager[None]:
    return contextlib.nullcontext()


def zip_entry(
    entry: str,
    *,
    flags: int = 0,
    method: int | None = None,
    corrupt: bool = False,
    top: str | None = None,
) -> Callable[[Path], Path]:
    """mini-jiangxi zipped (inside the folder ``top`` if given), with ``entry`` made
    unreadable in ways zipfile cannot write: ``flags`` set in its headers (bit 0 =
    encrypted), ``method`` as its compression method, or (``corrupt``) one byte of its
    stored data changed. Both the central directory and the local header say so."""

    def build(tmp_path: Path) -> Path:
        target = tmp_path / "pkg.zip"
        name = f"{top}/{entry}" if top else entry
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for item in sorted(MINI_PACKAGE.iterdir()):
                stored = zipfile.ZIP_STORED if corrupt and item.name == entry else None
                archive.write(item, f"{top}/{item.name}" if top else item.name, stored)
            info = archive.getinfo(name)
            info.flag_bits |= flags
            if method is not None:
                info.compress_type = method
        data = bytearray(target.read_bytes())
        at = info.header_offset
        struct.pack_into("<HH", data, at + 6, info.flag_bits, info.compress_type)
        if corrupt:
            name_length, extra_length = struct.unpack_from("<HH", data, at + 26)
            data[at + 30 + name_length + extra_length + 10] ^= 0xFF
        target.write_bytes(data)
        return target

    return build


def latin1_undeclared(package: Path) -> None:
    """departments.csv in Latin-1, which also happens to decode as GB18030 (into nonsense)."""
    rows = read_rows(package, "departments.csv")
    for index, row in enumerate(rows[1:], start=1):
        row[1] = f"Ministère de l'Éducation {index}"
    write_rows(package, "departments.csv", rows, encoding="latin-1")


def ansi_in_header(package: Path) -> None:
    rows = read_rows(package, "departments.csv")
    rows[0].append("\x1b[2J\x1b[32mIMPORTED")
    for row in rows[1:]:
        row.append("")
    write_rows(package, "departments.csv", rows)


ESC_NAME = "\x1b[2J\x1b[32mIMPORTED as release #1\x1b[0m"

def duplicate_descriptor_key(package: Path) -> None:
    """datapackage.json with a second ``title`` (JSON readers keep the last silently)."""
    path = package / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{", '{\n  "title": "另一个标题",', 1), encoding="utf-8")


CASES: dict[str, Case] = {
    # ---- 6. crashes: encodings, nesting, numbers, region tree, NUL
    "encoding rot13": Case(
        resource("departments", encoding="rot13"),
        ("departments.csv", None, None),
        "unknown encoding 'rot13': not a text encoding",
    ),
    "encoding undefined": Case(
        resource("departments", encoding="undefined"),
        ("departments.csv", None, None),
        "unknown encoding 'undefined': not a text encoding",
    ),
    "encoding hex (bytes to bytes)": Case(
        resource("projects", encoding="hex"),
        ("projects.csv", None, None),
        "unknown encoding 'hex': not a text encoding",
    ),
    "descriptor nested 100,000 deep": Case(
        in_folder(nested_descriptor),
        ("datapackage.json", None, None),
        "nested 100001 levels deep, more than the 32 allowed",
    ),
    "money 1E+30": Case(
        cell("projects.csv", 3, "budget_adjusted", "1E+30"),
        ("projects.csv", 3, "budget_adjusted"),
        "not a number: '1E+30'; scientific notation is not accepted, write the number in "
        "full (e.g. 100 for 1e2)",
    ),
    "money 1e2": Case(
        cell("projects.csv", 3, "spent", "1e2"),
        ("projects.csv", 3, "spent"),
        "not a number: '1e2'; scientific notation is not accepted",
    ),
    "money beyond 64-bit fen": Case(
        cell("projects.csv", 2, "budget_adjusted", "1" + "0" * 30),
        ("projects.csv", 2, "budget_adjusted"),
        "amount too large: '1000000000000000000000000000000' 万元; at most "
        "92,233,720,368,547,758 元 can be stored",
    ),
    "money just beyond 64-bit fen": Case(
        cell("applications.csv", 2, "budget_change", "-9223372036854.7759"),
        ("applications.csv", 2, "budget_change"),
        "amount too large",
    ),
    "money with underscores": Case(
        cell("projects.csv", 2, "spent", "52_000"),
        ("projects.csv", 2, "spent"),
        "not a number: '52_000'; no underscores in numbers, write 52000 or 52,000",
    ),
    "money in full-width digits": Case(
        cell("projects.csv", 2, "spent", "５２０００"),
        ("projects.csv", 2, "spent"),
        "'５２０００': write digits as ASCII 0-9 ('５２０００' are not accepted)",
    ),
    "year in Arabic-Indic digits": Case(
        cell("projects.csv", 2, "fiscal_year", "٢٠١٦"),
        ("projects.csv", 2, "fiscal_year"),
        "write digits as ASCII 0-9",
    ),
    "region code in full-width digits": Case(
        cell("departments.csv", 2, "region_code", "３６００００"),
        ("departments.csv", 2, "region_code"),
        "write digits as ASCII 0-9",
    ),
    "indicator value in full-width digits": Case(
        cell("indicators.csv", 2, "actual_value", "１２５００"),
        ("indicators.csv", 2, "actual_value"),
        "not a number: '１２５００'",
    ),
    "indicator value in scientific notation": Case(
        cell("indicators.csv", 2, "target_value", "1.2e4"),
        ("indicators.csv", 2, "target_value"),
        "not a number: '1.2e4'",
    ),
    "weight 1e400": Case(
        cell("indicators.csv", 2, "weight", "1e400"),
        ("indicators.csv", 2, "weight"),
        "scientific notation is not accepted",
    ),
    "weight NaN": Case(
        cell("indicators.csv", 2, "weight", "NaN"),
        ("indicators.csv", 2, "weight"),
        "not a number: 'NaN'",
    ),
    "weight Infinity": Case(
        cell("indicators.csv", 3, "score", "Infinity"),
        ("indicators.csv", 3, "score"),
        "not a number: 'Infinity'",
    ),
    "weight of 400 digits": Case(
        cell("indicators.csv", 2, "weight", "9" * 400),
        ("indicators.csv", 2, "weight"),
        "number too large",
    ),
    "score NaN": Case(
        cell("evaluations.csv", 2, "score", "nan"),
        ("evaluations.csv", 2, "score"),
        "not a number: 'nan'",
    ),
    "regions: a cycle": Case(
        regions(["360197", "甲区", "city", "360198"], ["360198", "乙区", "city", "360197"]),
        ("regions.csv", 2, "parent_code"),
        "the region tree would have a cycle: 360197 → 360198 → 360197",
    ),
    "regions: a province under another": Case(
        regions(["360000", "江西省", "province", "110000"]),
        ("regions.csv", 2, "parent_code"),
        "a province has no parent_code (here 110000)",
    ),
    "regions: a province demoted under another": Case(
        regions(["360000", "江西省", "city", "110000"]),
        ("regions.csv", 2, "level"),
        "cannot become a city: 11 region(s) under it (360100, 360200, 360300, 360400, "
        "360500 …) are not below a city",
    ),
    "regions: a county holding a county": Case(
        regions(["360199", "新区", "county", "360121"]),
        ("regions.csv", 2, "parent_code"),
        "parent_code 360121 is a county, which cannot hold a county",
    ),
    "NUL in a cell": Case(
        cell("projects.csv", 2, "project_name", "学校\x00改造"),
        ("projects.csv", 2, "project_name"),
        "contains a NUL byte (\\x00), which no database text can hold; remove it",
    ),
    "NUL in the descriptor": Case(
        in_folder(lambda package: update_descriptor(package, title="结果\x00")),
        ("datapackage.json", None, "title"),
        "contains a NUL byte (\\x00)",
    ),
    # ---- 8. accepted silently or wrongly
    "symlink to /etc/passwd": Case(
        in_folder(symlink_to_passwd),
        ("monitoring.csv", None, None),
        "a symbolic link: refused and not read",
    ),
    "symlinked folder": Case(
        in_folder(symlinked_folder),
        ("data", None, None),
        "a symbolic link: refused and not read",
    ),
    "zip holding projects.csv twice": Case(
        zip_with("projects.csv"),
        ("pkg.zip", None, None),
        "the zip holds two entries named 'projects.csv'",
    ),
    "zip holding projects.csv in two folders": Case(
        zip_with("old/projects.csv"),
        ("projects.csv", None, None),
        "the package holds 2 files for it ('old/projects.csv', 'projects.csv'); keep exactly one",
    ),
    "zip entry encrypted": Case(
        zip_entry("projects.csv", flags=0x01),
        ("projects.csv", None, None),
        "encrypted (password-protected) in the zip, so it cannot be read",
    ),
    "zip entry AES-encrypted, in a top folder": Case(
        zip_entry("datapackage.json", flags=0x01, method=99, top="mini-jiangxi"),
        ("datapackage.json", None, None),
        "encrypted (password-protected) in the zip",
    ),
    "zip entry with strong encryption": Case(
        zip_entry("departments.csv", flags=0x41),
        ("departments.csv", None, None),
        "encrypted (password-protected) in the zip",
    ),
    "zip entry compressed with Deflate64": Case(
        zip_entry("monitoring.csv", method=9),
        ("monitoring.csv", None, None),
        "compressed in the zip with Deflate64 (compression method 9), which cannot be read",
    ),
    "zip entry compressed with an unknown method": Case(
        zip_entry("indicators.csv", method=77),
        ("indicators.csv", None, None),
        "compressed in the zip with an unknown method (compression method 77)",
    ),
    "zip entry corrupt": Case(
        zip_entry("reported_figures.csv", corrupt=True),
        ("reported_figures.csv", None, None),
        "cannot be read from the zip (BadZipFile: Bad CRC-32",
    ),
    "Latin-1 text, encoding not declared": Case(
        in_folder(latin1_undeclared),
        ("departments.csv", None, None),
        "cannot be decoded as text (not UTF-8, not GB18030), no encoding declared",
    ),
    "javascript: report_url": Case(
        cell("evaluations.csv", 2, "report_url", "javascript:alert(document.cookie)"),
        ("evaluations.csv", 2, "report_url"),
        "a link must start with http:// or https://",
    ),
    "data: report_url": Case(
        cell("evaluations.csv", 3, "report_url", "data:text/html,<script>alert(1)</script>"),
        ("evaluations.csv", 3, "report_url"),
        "not a web address",
    ),
    "javascript: source_url": Case(
        cell("reported_figures.csv", 2, "source_url", " JavaScript:alert(1)"),
        ("reported_figures.csv", 2, "source_url"),
        "not a web address",
    ),
    "javascript: in the descriptor's sources": Case(
        in_folder(
            lambda package: update_descriptor(
                package, sources=[{"title": "x", "path": "javascript:alert(1)"}]
            )
        ),
        ("datapackage.json", None, "sources"),
        "sources[1]: not a web address",
    ),
    "ANSI escape in a cell": Case(
        cell("departments.csv", 2, "name", ESC_NAME),
        ("departments.csv", 2, "name"),
        "contains the control character \\x1b at character 1; remove it",
    ),
    "ANSI escape in the publisher": Case(
        in_folder(lambda package: update_descriptor(package, publisher=ESC_NAME)),
        ("datapackage.json", None, "publisher"),
        "contains the control character \\x1b",
    ),
    "bidi override in a cell": Case(
        cell("projects.csv", 2, "project_name", "abc\u202edcba"),
        ("projects.csv", 2, "project_name"),
        "contains the control character \\u202e",
    ),
    "zero-width space in a department name": Case(
        cell("departments.csv", 2, "name", "江西省财政\u200b厅"),
        ("departments.csv", 2, "name"),
        "contains the invisible character \\u200b (zero width space) at character 6; remove it",
    ),
    "word joiner in a project code": Case(
        cell("projects.csv", 2, "project_code", "36000017\u2060001"),
        ("projects.csv", 2, "project_code"),
        "invisible character \\u2060 (word joiner) at character 9",
    ),
    "a key written twice in datapackage.json": Case(
        in_folder(duplicate_descriptor_key),
        ("datapackage.json", None, None),
        "the key 'title' appears twice in one object; keep exactly one",
    ),
    # ---- limits (the real values; the small ones are tested below)
    "cell longer than MAX_CELL_CHARS": Case(
        cell("projects.csv", 2, "overall_target", "很" * 10_001),
        ("projects.csv", 2, "overall_target"),
        "too long: 10,001 characters, at most 10,000",
    ),
    "header wider than MAX_COLUMNS": Case(
        in_folder(
            lambda package: write_rows(
                package, "monitoring.csv", [[f"c{i}" for i in range(101)], ["x"] * 101]
            )
        ),
        ("monitoring.csv", 1, None),
        "the header has 101 columns, more than the 100 a table may have",
    ),
    "descriptor larger than MAX_DESCRIPTOR_BYTES": Case(
        in_folder(lambda package: update_descriptor(package, description="x" * 1_100_000)),
        ("datapackage.json", None, None),
        "more than the 1,048,576 bytes (1 MB) a descriptor may hold",
    ),
}


def located(report: ImportReport, location: Location, message: str) -> bool:
    return any(
        (p.file, p.row, p.column) == location and message in p.message for p in report.errors
    )


def count(engine, model) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def check_refused(url: str, path: Path, case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    """validate and import refuse alike, at the case's location, write nothing, and the
    command line exits 1 with the report and nothing raw from the package."""
    engine = make_engine(url)
    validated = validate_package(engine, path)
    imported = import_package(engine, path)
    for report in (validated, imported):
        assert not report.ok and report.release_id is None
        assert located(report, case.location, case.message), report.render()
    assert [str(p) for p in validated.problems] == [str(p) for p in imported.problems]
    assert count(engine, Release) == 0 and count(engine, ProjectYear) == 0

    for command in ("validate", "import"):
        capsys.readouterr()
        assert main(["--db", url, command, str(path)]) == 1
        out, err = capsys.readouterr()
        assert "REFUSED" in out and "Traceback" not in out + err
        location = ":".join(str(part) for part in case.location if part is not None)
        assert f"  {location}: " in out, out
        assert "\x1b" not in out and "\x00" not in out and "\u202e" not in out
        assert "root:" not in out  # /etc/passwd is never read, let alone echoed


@pytest.mark.parametrize("name", list(CASES))
def test_each_hostile_package_is_a_located_refusal(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = CASES[name]
    path = case.build(tmp_path)
    check_refused(f"sqlite:///{tmp_path / 'db.sqlite'}", path, case, capsys)


ZIP_ENTRY_CASES = [name for name in CASES if name.startswith("zip entry ")]


@pytest.mark.parametrize("name", ZIP_ENTRY_CASES)
def test_an_unreadable_zip_entry_is_one_error_not_also_a_missing_file(
    name: str, sqlite_url: str, tmp_path: Path
) -> None:
    """The entry is there but cannot be read: saying it is missing as well would send the
    publisher looking for a file that is in the zip."""
    report = validate_package(make_engine(sqlite_url), CASES[name].build(tmp_path))
    assert [(p.file, p.row, p.column) for p in report.errors] == [CASES[name].location], (
        report.render()
    )
    assert "ZipInfo" not in report.render()


# Where the database itself would refuse (PostgreSQL: NUL, BIGINT overflow) or the region
# tree in the database matters: both backends, and an existing release stays as it was.
DATABASE_CASES = (
    "NUL in a cell",
    "NUL in the descriptor",
    "money beyond 64-bit fen",
    "money just beyond 64-bit fen",
    "weight 1e400",
    "regions: a cycle",
    "regions: a province demoted under another",
)


@pytest.mark.parametrize("name", DATABASE_CASES)
def test_database_cases_on_both_backends_leave_the_database_as_it_was(
    name: str, db_url: str, tmp_path: Path
) -> None:
    engine = make_engine(db_url)
    assert import_package(engine, MINI_PACKAGE).ok
    before = dump_database(engine)
    case = CASES[name]
    path = case.build(tmp_path)

    validated = validate_package(engine, path)
    imported = import_package(engine, path)

    for report in (validated, imported):
        assert not report.ok and located(report, case.location, case.message), report.render()
    assert dump_database(engine) == before


def test_a_largest_storable_amount_is_accepted(sqlite_url: str, tmp_path: Path) -> None:
    package = copy_package(tmp_path)
    edit_cell(package, "applications.csv", 2, "budget_change", "-9223372036854.7758")
    report = validate_package(make_engine(sqlite_url), package)
    assert report.ok, report.render()


def test_declared_latin1_is_read_and_scientific_indicator_text_is_fine_when_qualitative(
    sqlite_url: str, tmp_path: Path
) -> None:
    package = copy_package(tmp_path)
    latin1_undeclared(package)
    update_resource(package, "departments", encoding="latin-1")
    edit_cell(package, "evaluations.csv", 2, "report_url", "https://czt.jiangxi.gov.cn/a?b=1")
    engine = make_engine(sqlite_url)
    report = import_package(engine, package)
    assert report.ok, report.render()
    with engine.connect() as conn:
        names = conn.execute(select(func.count()).select_from(Release)).scalar_one()
    assert names == 1


def test_the_latin1_error_names_the_likely_encoding(sqlite_url: str, tmp_path: Path) -> None:
    package = copy_package(tmp_path)
    rows = read_rows(package, "departments.csv")
    for index, row in enumerate(rows[1:], start=1):
        row[1] = f"Ministère de l'Éducation nationale, de la Jeunesse et des Sports {index} " * 9
    write_rows(package, "departments.csv", rows, encoding="latin-1")
    report = validate_package(make_engine(sqlite_url), package)
    (problem,) = [p for p in report.errors if p.file == "departments.csv"]
    assert "it may be" in problem.message and '"encoding": "' in problem.message


def test_ansi_in_a_header_and_a_zip_entry_is_shown_escaped(sqlite_url: str, tmp_path: Path) -> None:
    package = copy_package(tmp_path)
    ansi_in_header(package)
    (package / "\x1b[31mnotes.csv").write_text("a\n1\n", encoding="utf-8")
    report = validate_package(make_engine(sqlite_url), package)
    rendered = report.render() + report.render(lang="zh")
    assert "\x1b" not in rendered
    assert "departments.csv:1:\\x1b[2j\\x1b[32mimported: unknown column; ignored" in rendered
    assert "\\x1b[31mnotes.csv: not a table of the package format; ignored" in rendered


def test_the_symlink_target_is_never_opened(tmp_path: Path, sqlite_url: str) -> None:
    """A link to a FIFO would hang a reader that followed it; the import must not."""
    package = copy_package(tmp_path)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    (package / "monitoring.csv").unlink()
    (package / "monitoring.csv").symlink_to(fifo)
    os.mkfifo(package / "reported_figures.csv.fifo")
    report = validate_package(make_engine(sqlite_url), package)
    assert ("monitoring.csv", None, None) in [(p.file, p.row, p.column) for p in report.errors]
    assert any(
        p.file == "reported_figures.csv.fifo" and "not a regular file" in p.message
        for p in report.errors
    )


# ---------------------------------------------------------------- limits, lowered


def test_rows_per_file_limit(
    monkeypatch: pytest.MonkeyPatch, sqlite_url: str, tmp_path: Path
) -> None:
    monkeypatch.setenv("DASHBOARD_IMPORT_MAX_ROWS", "3")
    report = validate_package(make_engine(sqlite_url), copy_package(tmp_path))
    assert ("projects.csv", 5, None) in [(p.file, p.row, p.column) for p in report.errors]
    assert any(
        p.message.startswith("more than 3 data rows, the most a table may hold; reading stopped")
        for p in report.errors
    )


@pytest.mark.parametrize("container", ["folder", "zip", "xlsx"])
def test_unpacked_bytes_limit(
    monkeypatch: pytest.MonkeyPatch, sqlite_url: str, tmp_path: Path, container: str
) -> None:
    monkeypatch.setenv("DASHBOARD_IMPORT_MAX_BYTES", "4096")
    path = {
        "folder": lambda: MINI_PACKAGE,
        "zip": lambda: zip_package(MINI_PACKAGE, tmp_path / "pkg.zip", "top"),
        "xlsx": lambda: workbook_from_package(MINI_PACKAGE, tmp_path / "pkg.xlsx"),
    }[container]()
    report = import_package(make_engine(sqlite_url), path)
    (problem,) = report.errors
    assert problem.file == path.name and problem.row is None
    assert "than the 4,096 bytes (0 MB) a package may hold" in problem.message


def test_errors_listed_limit(
    monkeypatch: pytest.MonkeyPatch, sqlite_url: str, tmp_path: Path
) -> None:
    monkeypatch.setattr(problems_module, "MAX_PROBLEMS_LISTED", 4)
    package = copy_package(tmp_path)
    rows = read_rows(package, "projects.csv")
    for row in rows[1:]:
        row[rows[0].index("fiscal_year")] = "x"
        row[rows[0].index("spent")] = "y"
    write_rows(package, "projects.csv", rows)
    report = import_package(make_engine(sqlite_url), package)
    assert len(report.errors) == 5
    hidden = re.fullmatch(
        r"… and (\d+) more errors not listed \(only the first 4 are; fix those and check "
        r"again\) / 另有 \1 条未列出",
        report.errors[-1].message,
    )
    assert hidden, report.errors[-1].message
    assert report.render().count("\n  projects.csv:") == 5  # 4 listed, then the summary
    monkeypatch.setattr(problems_module, "MAX_PROBLEMS_LISTED", 10_000)
    assert len(validate_package(make_engine(sqlite_url), package).errors) == 4 + int(hidden[1])


# ---------------------------------------------------------------- the real command


def test_python_m_data_access_exits_1_with_a_report_not_a_traceback(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    cases = ["symlink to /etc/passwd", "descriptor nested 100,000 deep", "money 1E+30"]
    for index, name in enumerate(cases):
        path = CASES[name].build(tmp_path / str(index))
        for command in ("validate", "import"):
            done = subprocess.run(
                [sys.executable, "-m", "data_access", "--db", url, command, str(path)],
                cwd=REPO_ROOT,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            assert done.returncode == 1, done.stdout + done.stderr
            assert "Traceback" not in done.stderr and "REFUSED" in done.stdout
            assert "root:" not in done.stdout


def test_a_far_away_cell_costs_nothing_and_changes_nothing(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 12 KB workbook with one cell at XFD1048576 on every sheet once cost minutes of
    CPU (a million empty rows read cell by cell). Now the rows the sheets do not hold are
    never read as cells: the cells read stay about the cells stored, and the import is
    the same as without the far-away cells."""
    from openpyxl import load_workbook

    plain = workbook_from_package(MINI_PACKAGE, tmp_path / "plain.xlsx")
    book = load_workbook(plain)
    for sheet in book.worksheets:
        sheet["XFD1048576"] = "far away"
    far = tmp_path / "far.xlsx"
    book.save(far)
    assert far.stat().st_size < 64_000

    read = 0
    cell_text = package_module._cell_text

    def counted(cell: object) -> str:
        nonlocal read
        read += 1
        return cell_text(cell)

    monkeypatch.setattr(package_module, "_cell_text", counted)
    report = validate_package(make_engine(sqlite_url), far)
    assert report.ok, report.render()
    stored = sum(len(read_rows(MINI_PACKAGE, f.name)) for f in MINI_PACKAGE.glob("*.csv"))
    assert read < 200 * stored  # at most MAX_COLUMNS (100) cells per stored row, twice over

    engine_far, engine_plain = (
        make_engine(f"sqlite:///{tmp_path / name}") for name in ("far.db", "plain.db")
    )
    assert import_package(engine_far, far).ok and import_package(engine_plain, plain).ok
    assert dump_database(engine_far, ignore=CONTAINER) == dump_database(
        engine_plain, ignore=CONTAINER
    )


def test_a_sheet_declaring_more_rows_than_a_table_may_hold_is_refused_unread(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sheet's own dimension is checked before any of its cells is read."""
    from openpyxl import load_workbook

    book = load_workbook(workbook_from_package(MINI_PACKAGE, tmp_path / "plain.xlsx"))
    book["indicators"]["A1048576"] = "far away"
    far = tmp_path / "far.xlsx"
    book.save(far)
    monkeypatch.setenv("DASHBOARD_IMPORT_MAX_ROWS", "1000")
    sheets_read: list[str] = []
    records = package_module._sheet_records

    def recorded(sheet: object) -> object:
        sheets_read.append(sheet.title)  # type: ignore[attr-defined]
        return records(sheet)

    monkeypatch.setattr(package_module, "_sheet_records", recorded)
    report = validate_package(make_engine(sqlite_url), far)
    assert located(
        report,
        ("far.xlsx[indicators]", None, None),
        "the sheet declares 1,048,576 rows, more than the 1,000 data rows a table may hold",
    ), report.render()
    assert "indicators" not in sheets_read and "projects" in sheets_read
