"""Embeds and chart downloads (``/embed/{chart}``, ``/download/{chart}.{fmt}``) and the
open-data datasets (``/download/records/…``, ``/download/release/{id}.zip``).

What a journalist relies on: every chart of the registry embeds as one self-contained
page that loads nothing from another host; its table is in the page; every download
carries the same rows and the same citation; a pinned link keeps its figures after the
next import while an unpinned one shows the new figures; bad input is a short problem in
the reader's language; and withheld projects never appear.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dashboard.core.csvfile import safe_cell
from dashboard.core.settings import public_url
from dashboard.specs import REGISTRY
from tests.web_support import (
    PUBLIC_CODE,
    WITHHELD_CODE,
    changed_mini,
    client_for,
    fetch_release,
    import_package,
)

VIEW = {"year": "2017", "region": "360000"}


def _params(chart: str, **extra: str) -> dict[str, str]:
    params = dict(VIEW, **extra)
    if chart.startswith("project_"):
        params["project"] = PUBLIC_CODE
    return params


@pytest.fixture
def served(db_url: str):
    import_package(db_url)
    with client_for(db_url) as client:
        yield client


def _withheld_name() -> str:
    from tests.conftest import MINI_PACKAGE

    rows = list(csv.DictReader((MINI_PACKAGE / "projects.csv").open(encoding="utf-8")))
    return next(row["project_name"] for row in rows if row["project_code"] == WITHHELD_CODE)


@pytest.mark.parametrize("chart", sorted(REGISTRY))
def test_every_chart_embeds_as_one_page_with_its_table_and_source(served, chart: str) -> None:
    answer = served.get(f"/embed/{chart}", params=_params(chart))
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/html")
    page = answer.text
    assert page.startswith("<!doctype html>") and '<html lang="zh-CN">' in page
    assert "<table>" in page or "<p>" in page
    assert "示例发布单位" in page and "数据版本 #1" in page
    # Nothing from another host: every src and href is this server's own path.
    for url in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert url.startswith(("/", public_url("/"))), url
    assert _withheld_name() not in page
    assert WITHHELD_CODE not in page


def test_a_plotly_embed_loads_the_versioned_bundle_and_draws_from_inline_json(served) -> None:
    page = served.get("/embed/evaluated_funds_trend", params={"region": "360000"}).text
    bundle = re.search(r'<script src="(/assets/vendor/plotly-[0-9.]+\.min\.js)">', page)
    assert bundle, "the chart must load Plotly from this app's own versioned route"
    script = served.get(bundle.group(1), headers={"Accept-Encoding": "gzip"})
    assert script.status_code == 200
    assert "immutable" in script.headers["cache-control"]
    data = re.search(r'<script type="application/json" id="figure-data">(.*?)</script>', page)
    assert data and json.loads(data.group(1))["data"], "the figure travels as JSON"


def test_the_map_embed_is_an_svg_with_named_regions(served) -> None:
    page = served.get("/embed/region_map", params=VIEW).text
    assert "<svg" in page and "<title>南昌市:" in page and ">赣州市</text>" in page


def test_embeds_answer_304_and_are_cacheable(served) -> None:
    first = served.get("/embed/loop", params=VIEW)
    assert first.headers["etag"].startswith('"')
    assert first.headers["cache-control"].startswith("public, max-age=")
    again = served.get("/embed/loop", params=VIEW, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize(
    ("path", "params", "status", "parameter"),
    [
        ("/embed/nope", {}, 404, None),
        ("/embed/loop", {"year": "1999"}, 400, "year"),
        ("/embed/loop", {"region": "999999"}, 400, "region"),
        ("/embed/loop", {"scope": "whole"}, 400, "scope"),
        ("/embed/region_map", {"metric": "x"}, 400, "metric"),
        ("/embed/loop", {"release": "77"}, 404, None),
        ("/embed/project_indicators", {"project": WITHHELD_CODE}, 404, None),
        ("/embed/project_indicators", {"project": "NOPE"}, 404, None),
        ("/download/loop.exe", {}, 404, None),
    ],
)
def test_bad_embed_links_get_a_short_problem_in_the_readers_language(
    served, path: str, params: dict[str, str], status: int, parameter: str | None
) -> None:
    for lang in ("zh", "en"):
        answer = served.get(path, params={**params, "lang": lang})
        assert answer.status_code == status
        assert answer.headers["content-type"].startswith("application/problem+json")
        body = answer.json()
        assert "Traceback" not in answer.text
        if parameter:
            assert body["parameter"] == parameter
        has_chinese = re.search(r"[\u4e00-\u9fff]", body["title"]) is not None
        assert has_chinese == (lang == "zh"), body


def test_withheld_and_unknown_projects_are_answered_alike(served) -> None:
    withheld = served.get("/embed/project_indicators", params=_params("x", project=WITHHELD_CODE))
    unknown = served.get("/embed/project_indicators", params=_params("x", project="36000099999"))
    assert withheld.status_code == unknown.status_code == 404
    assert withheld.json()["title"] == unknown.json()["title"]
    assert withheld.json()["detail"] == unknown.json()["detail"]


def test_every_download_of_a_chart_holds_the_same_rows_and_citation(served) -> None:
    csv_text = served.get("/download/children_table.csv", params=VIEW).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(csv_text)))
    header, body = rows[0], rows[1:]
    workbook = load_workbook(
        io.BytesIO(served.get("/download/children_table.xlsx", params=VIEW).content)
    )
    data, about = workbook.worksheets
    assert about.title == "说明"
    sheet = [[cell for cell in row] for row in data.iter_rows(values_only=True)]
    assert list(sheet[0]) == header
    assert len(sheet) - 1 == len(body)
    about_text = " ".join(str(c) for row in about.iter_rows(values_only=True) for c in row if c)
    assert "示例发布单位" in about_text and "release=1" in about_text and "CC-BY-4.0" in about_text
    document = served.get("/download/children_table.json", params=VIEW).json()
    assert document["meta"]["release"] == 1 and len(document["data"]) == len(body)
    spending_column = header.index("项目支出 (元)")
    for row, record in zip(body, document["data"], strict=True):
        assert Decimal(row[spending_column]) == Decimal(str(record["project_spending"]))
    offline = served.get("/download/children_table.html", params=VIEW)
    assert offline.headers["content-disposition"].endswith('.html"')
    assert "<table>" in offline.text


def test_the_offline_file_inlines_plotly_and_needs_no_server(served) -> None:
    page = served.get("/download/coverage_trend.html", params={"region": "360000"}).text
    assert "/assets/vendor/" not in page
    assert len(page) > 1_000_000, "Plotly's JavaScript is inlined"


def test_chart_downloads_agree_with_the_metrics_cli(served) -> None:
    from tests.conftest import MINI_EXPECTED

    expected = json.loads(MINI_EXPECTED.read_text(encoding="utf-8"))["2017/360000/all"]
    document = served.get("/download/children_table.json", params=VIEW).json()
    # The own level and the children add up to the province's whole jurisdiction.
    total = sum(Decimal(str(r["project_spending"])) for r in document["data"])
    assert total == Decimal(str(expected["project_spending"]))


def test_pinned_embeds_and_downloads_keep_their_figures_after_a_new_release(
    db_url: str, tmp_path: Path
) -> None:
    import_package(db_url)
    with client_for(db_url) as client:
        pinned_before = client.get("/download/children_table.csv", params={**VIEW, "release": "1"})
        latest_before = client.get("/download/children_table.csv", params=VIEW)
        embed_before = client.get("/embed/children_table", params={**VIEW, "release": "1"}).text
    assert pinned_before.content == latest_before.content
    import_package(db_url, changed_mini(tmp_path))
    with client_for(db_url) as client:
        pinned_after = client.get("/download/children_table.csv", params={**VIEW, "release": "1"})
        latest_after = client.get("/download/children_table.csv", params=VIEW)
        embed_after = client.get("/embed/children_table", params={**VIEW, "release": "1"}).text
        pinned_view = {**VIEW, "release": "1"}
        records_after = client.get("/download/records/projects.csv", params=pinned_view)
    assert pinned_after.content == pinned_before.content
    assert latest_after.content != latest_before.content
    assert "own,江西省,3,900000000.00" in pinned_after.content.decode("utf-8-sig")
    assert "own,江西省,3,1000000000.00" in latest_after.content.decode("utf-8-sig")
    assert "此后已有更新的数据发布" in embed_after
    assert "此后已有更新的数据发布" not in embed_before
    assert "520000000.00" in records_after.content.decode("utf-8-sig")


@pytest.mark.parametrize(
    "dataset", ["projects", "indicators", "evaluations", "applications", "monitoring"]
)
def test_dataset_downloads_hold_the_whole_result_set_in_every_format(served, dataset: str) -> None:
    from data_access.reads import open_data

    csv_rows = list(
        csv.DictReader(
            io.StringIO(
                served.get(f"/download/records/{dataset}.csv", params=VIEW).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    json_rows = served.get(f"/download/records/{dataset}.json", params=VIEW).json()["data"]
    sheet = load_workbook(
        io.BytesIO(served.get(f"/download/records/{dataset}.xlsx", params=VIEW).content)
    ).worksheets[0]
    xlsx_rows = list(sheet.iter_rows(values_only=True))[1:]
    assert len(csv_rows) == len(json_rows) == len(xlsx_rows) > 0
    assert list(csv_rows[0]) == list(open_data.TABLES[dataset])
    assert all(row["project_code"] != WITHHELD_CODE for row in csv_rows)
    assert all(row["project_code"] != WITHHELD_CODE for row in json_rows)


def test_the_project_dataset_is_every_public_project_not_one_page(served) -> None:
    from tests.conftest import MINI_PACKAGE

    published = [
        row
        for row in csv.DictReader((MINI_PACKAGE / "projects.csv").open(encoding="utf-8"))
        if row["fiscal_year"] == "2017"
    ]
    rows = served.get("/download/records/projects.json", params=VIEW).json()["data"]
    public = [r for r in published if r.get("disclosure", "public") != "withheld"]
    assert {r["project_code"] for r in rows} <= {r["project_code"] for r in published}
    assert WITHHELD_CODE not in {r["project_code"] for r in rows}
    assert len(rows) >= len(public) - 1


def test_a_release_downloads_whole_as_a_data_package(served) -> None:
    answer = fetch_release(served)
    assert answer.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    assert sorted(archive.namelist()) == sorted(
        [
            "datapackage.json",
            *(f"{t}.csv" for t in (
                "departments", "projects", "indicators", "evaluations", "applications",
                "monitoring", "reported_figures",
            )),
        ]
    )
    projects = archive.read("projects.csv").decode("utf-8")
    assert "2016," in projects and "2017," in projects
    assert WITHHELD_CODE not in projects
    assert served.get("/download/release/9.zip").status_code == 404


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-120.00", "-120.00"),
        ("+5", "+5"),
        ("平常文字", "平常文字"),
        (42, 42),
    ],
)
def test_no_downloaded_cell_can_run_as_a_formula(cell: object, written: object) -> None:
    assert safe_cell(cell) == written
