"""Open data a machine can trust: lossless and typed downloads, and the release package
served as a file (Content-Length, strong ETag, Range, 304, OPTIONS).

What a re-user relies on: the JSON, the API and the CSV of the same records agree on
every code, vocabulary value and number (the indicators' comparison ``=`` stays ``=``);
only free-text cells a spreadsheet would run as a formula are guarded in the CSV; an
XLSX holds no formula and its numbers are numbers.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from data_access.reads import open_data
from tests.package_builders import copy_package, edit_cell, read_rows, write_rows
from tests.web_support import client_for, fetch_release, import_package

VIEW = {"year": "2017", "region": "360000"}
HOSTILE_LEVEL2 = "=SUM(A1)"
HOSTILE_NAME = "+1 次培训"
HOSTILE_UNIT = "-人次"
HOSTILE_REASON = "@cmd|' /C calc'!A0"
HOSTILE_PROJECT = '=HYPERLINK("http://x","基层医疗")'


def hostile_package(tmp_path: Path) -> Path:
    """The mini package with free text that looks like formulas beside codes, the
    comparison ``=`` and negative money."""
    package = copy_package(tmp_path)
    rows = read_rows(package, "indicators.csv")
    rows.append(
        ["2017", "36000017001", "I4", "产出指标", HOSTILE_LEVEL2, HOSTILE_NAME, "=", "5",
         HOSTILE_UNIT, "5", "10", "10", HOSTILE_REASON]
    )
    write_rows(package, "indicators.csv", rows)
    edit_cell(package, "projects.csv", 4, "project_name", HOSTILE_PROJECT)
    return package


@pytest.fixture
def served(db_url: str, tmp_path: Path) -> Iterator[object]:
    import_package(db_url, hostile_package(tmp_path))
    with client_for(db_url) as client:
        yield client


def _csv(client, dataset: str) -> list[dict[str, str]]:
    answer = client.get(f"/download/records/{dataset}.csv", params=VIEW)
    assert answer.status_code == 200, answer.text
    return list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))


def _json(client, dataset: str) -> list[dict[str, object]]:
    answer = client.get(f"/download/records/{dataset}.json", params=VIEW)
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]


def _as_csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@pytest.mark.parametrize("dataset", sorted(open_data.TABLES))
def test_records_csv_and_json_agree_on_every_code_vocabulary_and_number(
    served, dataset: str
) -> None:
    csv_rows, json_rows = _csv(served, dataset), _json(served, dataset)
    assert len(csv_rows) == len(json_rows) > 0
    for csv_row, json_row in zip(csv_rows, json_rows, strict=True):
        for column in open_data.TABLES[dataset]:
            kind = open_data.column_kind(dataset, column)
            written, exact = csv_row[column], _as_csv_text(json_row[column])
            if kind in ("money", "number"):
                assert (Decimal(written) if written else None) == (
                    Decimal(exact) if exact else None
                ), (dataset, column)
            elif kind == "text" and exact[:1] in ("=", "+", "-", "@"):
                assert written == "'" + exact, (dataset, column)
            else:
                assert written == exact, (dataset, column)


def test_the_comparison_equals_and_codes_are_never_altered(served) -> None:
    csv_rows, json_rows = _csv(served, "indicators"), _json(served, "indicators")
    comparisons = [row["comparison"] for row in csv_rows]
    assert comparisons.count("=") == 2, comparisons
    assert [row["comparison"] for row in json_rows] == comparisons
    mine = next(row for row in csv_rows if row["indicator_code"] == "I4")
    # Free text that would run as a formula is guarded in the CSV, and only there.
    assert mine["level2"] == "'" + HOSTILE_LEVEL2
    assert mine["name"] == "'" + HOSTILE_NAME
    assert mine["unit"] == "'" + HOSTILE_UNIT
    assert mine["deviation_reason"] == "'" + HOSTILE_REASON
    exact = next(row for row in json_rows if row["indicator_code"] == "I4")
    assert (exact["level2"], exact["name"], exact["unit"]) == (
        HOSTILE_LEVEL2, HOSTILE_NAME, HOSTILE_UNIT,
    )
    applications = _csv(served, "applications")
    assert "-30000000.00" in [row["budget_change"] for row in applications]


def test_the_api_agrees_with_the_records(served) -> None:
    records = {row["project_code"]: row for row in _json(served, "projects")}
    listed = served.get(
        "/api/v1/projects", params={**VIEW, "limit": "500", "lang": "en"}
    ).json()["items"]
    assert {item["project_code"] for item in listed} == set(records)
    for item in listed:
        record = records[item["project_code"]]
        assert item["project_name"] == record["project_name"]
        assert item["department_code"] == record["department_code"]
        assert item["region_code"] == record["region_code"]
        assert item["has_targets"] == record["has_targets"]
        assert Decimal(str(item["budget_adjusted"])) == Decimal(record["budget_adjusted"])
        spent = record["spent"]
        assert (Decimal(str(item["spent"])) if item["spent"] is not None else None) == (
            Decimal(spent) if spent is not None else None
        )
    detail = served.get("/api/v1/projects/36000017001", params={"year": "2017"}).json()
    api_indicators = {i["indicator_code"]: i for i in detail["project"]["indicators"]}
    for row in _json(served, "indicators"):
        if row["project_code"] != "36000017001":
            continue
        found = api_indicators[row["indicator_code"]]
        for column in ("comparison", "level1", "level2", "name", "target_value", "unit",
                       "actual_value", "status"):
            assert found[column] == row[column], column
        for column in ("weight", "score"):
            assert found[column] == row[column], column


def _formula_cells(workbook) -> list[str]:
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


@pytest.mark.parametrize("dataset", sorted(open_data.TABLES))
def test_record_workbooks_hold_no_formula_and_numbers_are_numbers(served, dataset: str) -> None:
    answer = served.get(f"/download/records/{dataset}.xlsx", params=VIEW)
    workbook = load_workbook(io.BytesIO(answer.content))
    assert _formula_cells(workbook) == []
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    json_rows = _json(served, dataset)
    for row, record in zip(sheet.iter_rows(min_row=2, values_only=True), json_rows, strict=True):
        for column, value in zip(header, row, strict=True):
            kind = open_data.column_kind(dataset, column)
            exact = record[column]
            if exact is None:
                assert value is None, column
            elif kind in ("money", "number", "year"):
                assert isinstance(value, int | float) and not isinstance(value, bool), column
                assert Decimal(str(value)) == Decimal(str(exact)), column
            else:
                assert value == _as_csv_text(exact), column


def test_chart_downloads_keep_codes_and_type_their_cells(served) -> None:
    params = {**VIEW, "project": "36000017001"}
    text = served.get("/download/project_indicators.csv", params=params).content.decode(
        "utf-8-sig"
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert any("=" in row for row in rows[1:]), "the comparison = stays ="
    assert any("'" + HOSTILE_NAME in row for row in rows[1:])
    workbook = load_workbook(
        io.BytesIO(served.get("/download/project_indicators.xlsx", params=params).content)
    )
    assert _formula_cells(workbook) == []
    values = [c for row in workbook.worksheets[0].iter_rows(values_only=True) for c in row]
    assert HOSTILE_NAME in values and "=" in values
    money = load_workbook(
        io.BytesIO(served.get("/download/children_table.xlsx", params=VIEW).content)
    ).worksheets[0]
    header = [cell.value for cell in money[1]]
    spending = header.index("项目支出 (元)")
    cells = [row[spending] for row in money.iter_rows(min_row=2)]
    assert cells and all(isinstance(c.value, int | float) for c in cells)
    assert all(c.number_format == "#,##0.00" for c in cells)


# ------------------------------------------------------------ the release package file


def test_the_release_package_is_a_file_with_length_etag_and_ranges(served) -> None:
    whole = fetch_release(served)
    assert whole.status_code == 200
    body = whole.content
    assert whole.headers["content-length"] == str(len(body))
    assert whole.headers["accept-ranges"] == "bytes"
    etag = whole.headers["etag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    descriptor = json.loads(zipfile.ZipFile(io.BytesIO(body)).read("datapackage.json"))
    assert descriptor["money_unit"] == "元" and descriptor["publisher"] == "示例发布单位"
    again = served.get("/download/release/1.zip", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["etag"] == etag
    part = served.get("/download/release/1.zip", headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.content == body[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(body)}"
    tail = served.get("/download/release/1.zip", headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.content == body[-10:]
    stale = served.get(
        "/download/release/1.zip", headers={"Range": "bytes=0-9", "If-Range": '"other"'}
    )
    assert stale.status_code == 200 and stale.content == body
    beyond = served.get("/download/release/1.zip", headers={"Range": f"bytes={len(body)}-"})
    assert beyond.status_code == 416
    assert beyond.headers["content-range"] == f"bytes */{len(body)}"
    head = served.head("/download/release/1.zip")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(body))
    assert served.get("/download/release/1.zip").content == body  # built once, same bytes


def test_record_downloads_are_files_with_length_and_ranges(served) -> None:
    whole = served.get("/download/records/projects.csv", params=VIEW)
    assert whole.headers["content-length"] == str(len(whole.content))
    part = served.get(
        "/download/records/projects.csv", params=VIEW, headers={"Range": "bytes=0-2"}
    )
    assert part.status_code == 206 and part.content == "\ufeff".encode()


@pytest.mark.parametrize(
    "path", ["/download/release/1.zip", "/download/records/projects.csv", "/download/loop.csv"]
)
def test_downloads_answer_cors_preflights(served, path: str) -> None:
    answer = served.options(
        path,
        headers={"Origin": "https://news.example", "Access-Control-Request-Method": "GET"},
    )
    assert answer.status_code == 204
    assert answer.headers["access-control-allow-origin"] == "*"


def test_a_release_package_being_built_is_a_503_with_retry_after(
    served, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from dashboard.web import records
    from data_access.reads import release_package

    gate = threading.Event()
    real = release_package.build_cached

    def slow(bind, path):
        gate.wait(10)
        return real(bind, path)

    monkeypatch.setattr(release_package, "build_cached", slow)
    monkeypatch.setattr(records, "FIRST_BUILD_WAIT", 0.05)
    answer = served.get("/download/release/1.zip")
    assert answer.status_code == 503
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert int(answer.headers["retry-after"]) > 0
    gate.set()
    for _ in range(100):
        done = served.get("/download/release/1.zip")
        if done.status_code == 200:
            break
        threading.Event().wait(0.05)
    assert done.status_code == 200 and zipfile.ZipFile(io.BytesIO(done.content)).namelist()


def test_a_full_gate_answers_503_with_retry_after_before_any_body(
    served, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard.web import bulk

    monkeypatch.setenv("DASHBOARD_BULK_PER_CLIENT", "1")
    held = bulk.GATE.admit("testclient")
    try:
        answer = served.get("/download/records/projects.csv", params=VIEW)
        assert answer.status_code == 503
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert int(answer.headers["retry-after"]) > 0
        assert answer.json()["status"] == 503
        # The API is not a bulk answer: it is never held back by the gate.
        assert served.get("/api/v1/metrics", params=VIEW).status_code == 200
    finally:
        held.release()
    assert served.get("/download/records/projects.csv", params=VIEW).status_code == 200
    assert bulk.GATE.snapshot() == {"answers": 0, "clients": 0, "reads": 0}


def test_a_bulk_read_uses_a_pool_of_its_own(served, db_url: str) -> None:
    from dashboard.web import bulk
    from data_access.db.engine import serving_url, shared_engine

    assert bulk.bulk_engine(db_url) is not shared_engine(serving_url(db_url))


def test_no_answer_names_the_host_header(served) -> None:
    """Absolute URLs come from DASHBOARD_PUBLIC_URL, never from a request's Host."""
    hostile = {"Host": "evil.example"}
    assert fetch_release(served).status_code == 200
    for path in ("/feed.xml", "/embed/loop?year=2017&region=360000",
                 "/download/loop.json?year=2017&region=360000",
                 "/download/records/projects.json?year=2017&region=360000"):
        answer = served.get(path, headers=hostile)
        assert answer.status_code == 200, path
        assert b"evil.example" not in answer.content, path


def test_problems_echo_a_clean_short_instance_and_times_have_zones(served) -> None:
    answer = served.get("/api/v1/projects/%01%1b" + "x" * 500)
    assert answer.status_code == 404
    instance = answer.json()["instance"]
    assert not re.search(r"[\x00-\x1f\x7f-\x9f]", instance) and len(instance) <= 200
    release = served.get("/api/v1/releases").json()["releases"][0]
    assert re.search(r"(Z|[+-]\d\d:\d\d)$", release["imported_at"])


def test_the_data_dictionary_says_which_columns_a_csv_guards() -> None:
    from dashboard.specs.data import column_definition

    for dataset, columns in open_data.TABLES.items():
        for column in columns:
            for lang, marker in (("zh", "自由文本"), ("en", "Free text")):
                _, meaning = column_definition(dataset, column, lang)
                guarded = open_data.column_kind(dataset, column) == "text"
                assert (marker in meaning) == guarded, (dataset, column, lang)
    _, comparison = column_definition("indicators", "comparison", "en")
    assert "Free text" not in comparison
