"""The result-application ledger on every plain surface (API, the brief's route), on
SQLite and PostgreSQL: the actual change is next year's published budget minus this
year's for the same project code, as worked out from the package files, and the
verdicts are the ones worked out by hand (``tests/flags_by_hand.py``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from data_access.db.engine import make_engine
from data_access.db.schema import ProjectYear
from tests.flags_by_hand import expected as by_hand
from tests.package_builders import ledger_package
from tests.web_support import client_for, import_package

JIANGXI = {"360000", "360100", "360121", "360722"}


@pytest.fixture
def ledger(db_url: str, tmp_path: Path) -> Iterator[tuple[str, TestClient, Path]]:
    package = ledger_package(tmp_path)
    import_package(db_url, package)
    with client_for(db_url) as client:
        yield db_url, client, package


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def test_the_api_ledger_is_the_packages(ledger) -> None:
    _, client, package = ledger
    want = by_hand(package, 2017, JIANGXI)
    answer = client.get("/api/v1/ledger?year=2017&region=360000")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    items = {i["project_code"]: i for i in body["items"]}
    assert set(items) == set(want.verdicts)
    for code, verdict in want.verdicts.items():
        assert items[code]["verdict"] == verdict, code
        assert items[code]["actual"]["change"] == _number(want.actual_change[code]), code
    cut = items["36000017002"]
    assert cut["announced"] == {
        "action": "reduce", "next_year_budget": 270000000.0, "budget_change": -30000000.0,
        "status": "done", "implied_next_year_budget": 270000000.0,
        "implied_change": -30000000.0,
    }
    assert cut["actual"]["next_year_budget"] == 310000000.0
    assert cut["difference"] == 40000000.0
    assert body["summary"]["verdicts"]["not_carried_out"] == {"count": 1, "budget": 300000000.0}
    assert body["summary"]["cuts_announced"] == 2
    parts = body["parts"]
    assert parts[0]["kind"] == "own"
    assert sum(p["evaluated"] for p in parts) == body["summary"]["evaluated"] == 4
    only = client.get("/api/v1/ledger?year=2017&region=360000&verdict=project_ended").json()
    assert [i["project_code"] for i in only["items"]] == ["36010017001"]
    bad = client.get("/api/v1/ledger?year=2017&verdict=done")
    assert bad.status_code == 400 and bad.json()["parameter"] == "verdict"


def test_the_api_ledger_pages_by_code(ledger) -> None:
    _, client, _ = ledger
    first = client.get("/api/v1/ledger?year=2017&region=360000&limit=3").json()
    assert len(first["items"]) == 3 and first["links"]["next"]
    rest = client.get(first["links"]["next"]).json()
    codes = [i["project_code"] for i in first["items"] + rest["items"]]
    assert codes == sorted(codes) and len(codes) == 4 and rest["links"]["next"] is None


def test_a_project_answer_carries_its_ledger_line(ledger) -> None:
    _, client, package = ledger
    want = by_hand(package, 2017, JIANGXI)
    body = client.get("/api/v1/projects/36000017001?year=2017").json()
    line = body["ledger"]
    assert line["verdict"] == want.verdicts["36000017001"] == "carried_out"
    assert line["actual"]["change"] == _number(want.actual_change["36000017001"]) == 10000000.0
    assert client.get("/api/v1/projects/36000017001?year=2018").json()["ledger"] is None


def test_the_projects_list_filters_by_verdict(ledger) -> None:
    _, client, _ = ledger
    body = client.get("/api/v1/projects?year=2017&region=360000&verdict=not_carried_out").json()
    assert [i["project_code"] for i in body["items"]] == ["36000017002"]
    assert body["total"] == 1


def test_the_brief_route_prints_the_ledger(ledger) -> None:
    """/download/brief/360000.pdf: a plain, cacheable answer holding the same ledger."""
    _, client, _ = ledger
    path = "/download/brief/360000.pdf?year=2017&release=1&ask=cnc-36000017002"
    answer = client.get(path)
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    assert 'filename="hearing-360000-all-2017-r1.pdf"' in answer.headers["content-disposition"]
    reader = pypdf.PdfReader(io.BytesIO(answer.content))
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))
    assert "3.10亿元" in text and "2.70亿元" in text  # published and announced, 2018
    again = client.get(path, headers={"If-None-Match": answer.headers["etag"]})
    assert again.status_code == 304
    html = client.get("/download/brief/360000.html?year=2017&release=1&lang=en")
    assert html.status_code == 200 and "Result application carried out?" in html.text
    assert client.get("/download/brief/360000.doc?year=2017").status_code == 404
    bad = client.get("/download/brief/360000.pdf?year=2017&rank=size")
    assert bad.status_code == 400 and "rank=size" in bad.json()["detail"]


def test_demo_api_actual_change_is_next_year_minus_this_year(db_url: str) -> None:
    """The demo: every ledger item the API serves has the actual change of a plain
    lookup of the same code's public project-year of the next year."""
    from data_access.demo.build import build_demo

    engine = make_engine(db_url)
    build_demo(engine, scale=0.02)
    with engine.connect() as conn:
        public = {
            (code, int(year)): Decimal(int(fen)) / 100
            for code, year, fen in conn.execute(
                select(
                    ProjectYear.project_code, ProjectYear.fiscal_year,
                    ProjectYear.budget_adjusted_fen,
                ).where(ProjectYear.withheld.is_(False), ProjectYear.retired_by.is_(None))
            )
        }
    engine.dispose()
    with client_for(db_url) as client:
        checked = 0
        url = "/api/v1/ledger?year=2016&region=360700&limit=500"
        while url:
            body = client.get(url).json()
            for item in body["items"]:
                mine = public[(item["project_code"], 2016)]
                following = public.get((item["project_code"], 2017))
                if following is None:
                    assert item["actual"]["change"] is None
                else:
                    assert item["actual"]["change"] == float(following - mine)
                    checked += 1
            url = body["links"]["next"]
    assert checked > 5
