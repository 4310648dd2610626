"""``/api/v1/…`` on SQLite and PostgreSQL: the CLI's numbers, the project list, errors.

The reference for every figure is ``python -m data_access metrics --json`` (whose output
``test_cli`` pins to ``mini-jiangxi.expected.json``) and ``queries.project_list``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from data_access.db.engine import make_engine
from data_access.metrics.compute import (
    COUNT_METRICS,
    MONEY_METRICS,
    department_metrics,
    metrics_as_json,
    year_series,
)
from data_access.reads.queries import SORT_KEYS, project_list
from data_access.reads.selection import ListFilter, ViewFilter
from tests.conftest import MINI_EXPECTED, REPO_ROOT
from tests.web_support import (
    PUBLIC_CODE,
    WITHHELD_CODE,
    changed_mini,
    client_for,
    import_package,
)

EXPECTED = json.loads(MINI_EXPECTED.read_text(encoding="utf-8"))


@pytest.fixture
def mini(db_url: str) -> Iterator[tuple[str, TestClient]]:
    import_package(db_url)
    with client_for(db_url) as client:
        yield db_url, client


@pytest.fixture
def mini_sqlite(sqlite_url: str) -> Iterator[tuple[str, TestClient]]:
    import_package(sqlite_url)
    with client_for(sqlite_url) as client:
        yield sqlite_url, client


def get_json(client: TestClient, url: str, status: int = 200) -> dict:
    answer = client.get(url)
    assert answer.status_code == status, answer.text
    return answer.json()


# ----------------------------------------------------------------------- figures


def test_metrics_equal_the_cli_for_every_expected_view(mini) -> None:
    _, client = mini
    for view, expected in EXPECTED.items():
        year, region, scope = view.split("/")
        body = get_json(client, f"/api/v1/metrics?year={year}&region={region}&scope={scope}")
        assert body["metrics"] == expected, view
        assert body["query"] == {
            "year": int(year),
            "region": region,
            "scope": scope,
            "dept": None,
            "sector": None,
            "release": None,
        }
        assert body["release"]["id"] == body["latest_release"] == 1


def test_department_metrics_equal_the_cli_json(mini) -> None:
    url, client = mini
    cli = subprocess.run(
        [sys.executable, "-m", "data_access", "--db", url, "metrics", "--year", "2017",
         "--region", "360000", "--scope", "own", "--dept", "D002", "--json"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, check=True,
    )
    body = get_json(client, "/api/v1/metrics?year=2017&region=360000&scope=own&dept=D002")
    assert body["metrics"] == json.loads(cli.stdout)
    assert body["department"]["code"] == "D002"
    # withheld project-years count only at region level (data_access.disclosure)
    assert body["metrics"]["projects"] == 1 and body["metrics"]["withheld_projects"] is None


def test_children_parts_add_up_to_the_total(mini) -> None:
    _, client = mini
    body = get_json(client, "/api/v1/children?year=2017&region=360000")
    assert body["total"] == EXPECTED["2017/360000/all"]
    assert body["parts"][0]["kind"] == "own"
    assert body["parts"][0]["metrics"] == EXPECTED["2017/360000/own"]
    for key in sorted(MONEY_METRICS | COUNT_METRICS):
        parts = sum(part["metrics"][key] for part in body["parts"])
        assert parts == pytest.approx(body["total"][key]), key


def test_years_and_departments_equal_data_access(mini) -> None:
    url, client = mini
    engine = make_engine(url)
    series = get_json(client, "/api/v1/years?region=360000")["series"]
    assert series == [
        {"year": year, "metrics": metrics_as_json(m)}
        for year, m in year_series(engine, ViewFilter(None, "360000"))
    ]
    assert {"year": 2017, "metrics": EXPECTED["2017/360000/all"]} in series
    departments = get_json(client, "/api/v1/departments?year=2017&region=360000")["departments"]
    assert departments == [
        {"code": d.code, "name": d.name, "metrics": metrics_as_json(d.metrics)}
        for d in department_metrics(engine, 2017, "360000")
    ]
    engine.dispose()


# ---------------------------------------------------------------------- projects


def test_project_list_equals_queries_and_never_lists_withheld(mini) -> None:
    url, client = mini
    engine = make_engine(url)
    for sort in SORT_KEYS:
        for order in ("desc", "asc"):
            body = get_json(
                client, f"/api/v1/projects?year=2017&region=360000&sort={sort}&order={order}"
            )
            reference = project_list(
                engine,
                ViewFilter(2017, "360000"),
                sort=sort,
                descending=order == "desc",
                page_size=500,
            )
            assert [i["project_code"] for i in body["items"]] == [
                r.project_code for r in reference.rows
            ], (sort, order)
            assert body["total"] == reference.total
            assert WITHHELD_CODE not in {i["project_code"] for i in body["items"]}
    first = get_json(client, "/api/v1/projects?year=2017&region=360000")["items"][0]
    top = project_list(engine, ViewFilter(2017, "360000")).rows[0]
    assert first["budget_adjusted"] == float(top.budget_adjusted)
    assert first["execution_rate"] == top.execution_rate
    engine.dispose()


def test_cursor_paging_returns_every_project_exactly_once(mini) -> None:
    url, client = mini
    engine = make_engine(url)
    everything = [
        (year, r.project_code)
        for year in (2016, 2017)
        for r in project_list(engine, ViewFilter(year, "360000"), page_size=500).rows
    ]
    engine.dispose()
    seen: list[tuple[int, str]] = []
    for year in (2016, 2017):
        link: str | None = f"/api/v1/projects?year={year}&region=360000&limit=1&sort=name"
        pages = 0
        while link:
            body = get_json(client, link)
            seen.extend((year, item["project_code"]) for item in body["items"])
            link = body["links"]["next"]
            pages += 1
            assert pages <= 50
    assert len(seen) == len(set(seen))
    assert sorted(seen) == sorted(everything)
    assert (2017, WITHHELD_CODE) not in seen


def test_filtered_keyset_paging_equals_the_filtered_list(mini) -> None:
    """grade, flag and score filters; each next link continues after the last project
    (a keyset, not an offset), and ``offset`` counts the projects before the page."""
    url, client = mini
    engine = make_engine(url)
    cases = [
        ("flag=no_report&sort=flagged", ListFilter(flag="no_report"), {"sort": "flagged"}),
        ("grade=fair,poor&sort=score&order=asc",
         ListFilter(grades=("poor", "fair")), {"sort": "score", "descending": False}),
        ("score_min=72&score_max=90&sort=execution_rate",
         ListFilter(score_min=72.0, score_max=90.0), {"sort": "execution_rate"}),
        ("sort=flagged&order=asc", ListFilter(), {"sort": "flagged", "descending": False}),
    ]
    for query, chosen, order in cases:
        reference = project_list(
            engine, ViewFilter(2017, "360000"), chosen, page_size=500, **order
        )
        link: str | None = f"/api/v1/projects?year=2017&region=360000&limit=1&{query}"
        seen: list[str] = []
        while link:
            body = get_json(client, link)
            assert body["offset"] == len(seen) and body["total"] == reference.total
            seen.extend(item["project_code"] for item in body["items"])
            link = body["links"]["next"]
            assert len(seen) <= reference.total
        assert seen == [r.project_code for r in reference.rows], query
        assert reference.total >= 2, query  # the case pages at least once
    flagged = get_json(client, "/api/v1/projects?year=2017&region=360000&flag=no_report")
    assert all(item["money_at_stake"] is not None for item in flagged["items"])
    assert flagged["query"]["flag"] == "no_report"
    engine.dispose()


def test_a_forged_keyset_is_a_400_not_a_server_error(mini) -> None:
    from dashboard.web.api import decode_cursor, encode_cursor

    _, client = mini
    first = get_json(client, "/api/v1/projects?year=2017&region=360000&limit=1&sort=name")
    base, cursor = first["links"]["next"].split("cursor=")
    payload = decode_cursor(cursor)
    assert isinstance(payload["a"][0], str) and payload["n"] == 1  # name, then row id
    for forged in (["x", "not an id"], [1234, 5], [None, 5]):
        answer = client.get(base + "cursor=" + encode_cursor({**payload, "a": forged}))
        assert answer.status_code == 400, forged
        assert answer.json()["parameter"] == "cursor"


def test_a_cursor_is_bound_to_its_filters(mini_sqlite) -> None:
    _, client = mini_sqlite
    body = get_json(client, "/api/v1/projects?year=2017&region=360000&limit=1")
    cursor = body["links"]["next"].split("cursor=")[1]
    other = client.get(f"/api/v1/projects?year=2017&region=360000&sort=name&cursor={cursor}")
    assert other.status_code == 400 and other.json()["parameter"] == "cursor"
    flagged = client.get(f"/api/v1/projects?year=2017&region=360000&flag=halted&cursor={cursor}")
    assert flagged.status_code == 400 and flagged.json()["parameter"] == "cursor"


def test_one_project_and_withheld_answering_like_unknown(mini) -> None:
    _, client = mini
    body = get_json(client, f"/api/v1/projects/{PUBLIC_CODE}")
    assert body["project"]["fiscal_year"] == 2017
    assert body["project"]["budget_adjusted"] == 520_000_000.0
    assert body["public_years"] == [2016, 2017]
    assert "id" not in body["project"]["department"]
    older = get_json(client, f"/api/v1/projects/{PUBLIC_CODE}?year=2016")
    assert older["project"]["fiscal_year"] == 2016
    unknown_code = "36000017999"
    withheld = client.get(f"/api/v1/projects/{WITHHELD_CODE}")
    unknown = client.get(f"/api/v1/projects/{unknown_code}")
    missing_year = client.get(f"/api/v1/projects/{PUBLIC_CODE}?year=2013")
    for answer in (withheld, unknown, missing_year):
        assert answer.status_code == 404
        assert answer.headers["content-type"] == "application/problem+json"
    assert withheld.text.replace(WITHHELD_CODE, "X") == unknown.text.replace(unknown_code, "X")
    strip = ("content-length", "date")
    assert {k: v for k, v in withheld.headers.items() if k not in strip} == {
        k: v for k, v in unknown.headers.items() if k not in strip
    }
    assert client.get(f"/api/v1/projects/{WITHHELD_CODE}?year=2017").text == withheld.text


# ------------------------------------------------------------ regions, releases


def test_regions_subtree_and_lineage(mini_sqlite) -> None:
    _, client = mini_sqlite
    body = get_json(client, "/api/v1/regions?region=360100&depth=1")
    assert body["region"]["name"] == "南昌市"
    assert body["lineage"][0]["code"] == "360000"
    codes = {child["code"] for child in body["children"]}
    assert "360121" in codes
    assert all(child["children"] == [] for child in body["children"])
    deep = get_json(client, "/api/v1/regions?region=360000&depth=2")
    nanchang = next(c for c in deep["children"] if c["code"] == "360100")
    assert "360121" in {c["code"] for c in nanchang["children"]}


def test_releases_and_unknown_release(mini_sqlite) -> None:
    _, client = mini_sqlite
    body = get_json(client, "/api/v1/releases")
    assert body["latest_release"] == 1
    (release,) = body["releases"]
    assert release["package_name"] == "mini-jiangxi"
    assert release["fiscal_years"] == [2013, 2016, 2017]
    assert len(release["checksum"]) == 64
    assert release["links"]["dashboard"] == "/?release=1"
    for path in ("metrics", "children", "years", "departments", "projects",
                 f"projects/{PUBLIC_CODE}", "regions", "releases"):
        answer = client.get(f"/api/v1/{path}?release=99&lang=en")
        assert answer.status_code == 404, path
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["title"] == "Release not found"
        assert client.get(f"/api/v1/{path}?release=1").status_code == 200, path


# ------------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("year=abc", "year"),
        ("year=1800", "year"),
        ("region=12", "region"),
        ("scope=whole", "scope"),
        ("release=x", "release"),
        ("release=0", "release"),
        ("year=2017&year=2016", "year"),
        ("lang=fr", "lang"),
    ],
)
def test_bad_parameters_are_400_naming_them(mini_sqlite, query: str, parameter: str) -> None:
    _, client = mini_sqlite
    answer = client.get(f"/api/v1/metrics?{query}")
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/problem+json"
    body = answer.json()
    assert body["parameter"] == parameter
    assert body["status"] == 400 and parameter in body["detail"]
    assert "Traceback" not in answer.text


@pytest.mark.parametrize(
    ("query", "parameter", "title"),
    [("region=999999", "region", "Region not found"),
     ("dept=NOPE", "dept", "Department not found")],
)
def test_well_formed_codes_that_name_nothing_are_404_naming_them(
    mini_sqlite, query: str, parameter: str, title: str
) -> None:
    # As an unknown release or project: the value is valid, the thing it names is not
    # there (and a fuzzer holding the OpenAPI document expects no 400 for it).
    _, client = mini_sqlite
    answer = client.get(f"/api/v1/metrics?{query}&lang=en")
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"
    body = answer.json()
    assert body["parameter"] == parameter and body["title"] == title
    assert parameter in body["detail"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("sort=x", "sort"), ("order=up", "order"), ("limit=0", "limit"), ("limit=9999", "limit"),
     ("cursor=!!!", "cursor"), ("cursor=e30", "cursor"), ("grade=差", "grade"),
     ("grade=poor,bad", "grade"), ("flag=lagging_region", "flag"), ("flag=x", "flag"),
     ("score_min=abc", "score_min"), ("score_max=101", "score_max"),
     ("score_min=-1", "score_min")],
)
def test_bad_project_list_parameters(mini_sqlite, query: str, parameter: str) -> None:
    _, client = mini_sqlite
    answer = client.get(f"/api/v1/projects?year=2017&region=360000&{query}&lang=en")
    assert answer.status_code == 400
    assert answer.json()["parameter"] == parameter
    assert answer.json()["title"] == "Bad parameter"


def test_unknown_parameters_are_ignored(mini_sqlite) -> None:
    _, client = mini_sqlite
    plain = client.get("/api/v1/metrics?year=2017&region=360000")
    tagged = client.get("/api/v1/metrics?region=360000&utm_source=x&year=2017&_=1")
    assert tagged.status_code == 200
    assert tagged.content == plain.content
    assert tagged.headers["etag"] == plain.headers["etag"]


def test_defaults_are_the_latest_year_and_the_main_province(mini_sqlite) -> None:
    _, client = mini_sqlite
    body = get_json(client, "/api/v1/metrics")
    assert body["query"]["year"] == 2017 and body["query"]["region"] == "360000"
    assert body["metrics"] == EXPECTED["2017/360000/all"]


def test_an_empty_database_answers_503_problems(sqlite_url: str) -> None:
    make_engine(sqlite_url).dispose()
    with client_for(sqlite_url) as client:
        for path in ("metrics", "projects", "children"):
            answer = client.get(f"/api/v1/{path}?lang=en")
            assert answer.status_code == 503
            assert answer.headers["content-type"] == "application/problem+json"
            assert answer.json()["title"] == "No data yet"
        assert get_json(client, "/api/v1/releases") == {
            "query": {"release": None},
            "latest_release": None,
            "releases": [],
        }


def test_an_unreachable_database_is_a_503_problem_not_a_traceback(tmp_path: Path) -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"
    with client_for(url) as client:
        answer = client.get("/api/v1/metrics?year=2017&region=360000&lang=en")
    assert answer.status_code == 503
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["title"] == "Data unavailable"
    assert "Traceback" not in answer.text and "psycopg" not in answer.text


# ------------------------------------------------------------- pinned releases


def test_pinned_answers_keep_their_figures_after_a_new_release(mini, tmp_path: Path) -> None:
    url, client = mini
    before = get_json(client, "/api/v1/metrics?year=2017&region=360000")
    assert before["metrics"] == EXPECTED["2017/360000/all"]
    import_package(url, changed_mini(tmp_path))
    unpinned = get_json(client, "/api/v1/metrics?year=2017&region=360000")
    pinned = get_json(client, "/api/v1/metrics?year=2017&region=360000&release=1")
    assert unpinned["latest_release"] == 2 and unpinned["release"]["id"] == 2
    assert unpinned["metrics"]["project_spending"] == before["metrics"]["project_spending"] + 1e8
    assert pinned["metrics"] == EXPECTED["2017/360000/all"]
    assert pinned["release"]["id"] == 1 and pinned["latest_release"] == 2
    project = get_json(client, f"/api/v1/projects/{PUBLIC_CODE}?release=1")
    assert project["project"]["budget_adjusted"] == 520_000_000.0
    listed = get_json(client, "/api/v1/projects?year=2017&region=360000&release=1")
    assert listed["items"][0]["budget_adjusted"] == 520_000_000.0


def test_paging_continues_on_its_release_across_an_import(mini, tmp_path: Path) -> None:
    url, client = mini
    first = get_json(client, "/api/v1/projects?year=2017&region=360000&limit=1&sort=code")
    assert "release=1" in first["links"]["next"]
    import_package(url, changed_mini(tmp_path))
    seen = [item["project_code"] for item in first["items"]]
    link = first["links"]["next"]
    while link:
        body = get_json(client, link)
        assert body["release"]["id"] == 1
        seen.extend(item["project_code"] for item in body["items"])
        link = body["links"]["next"]
    assert len(seen) == len(set(seen)) == first["total"]
