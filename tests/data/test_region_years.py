"""Regions as they were: a year's child regions are those that existed in it or hold data
in it (issue 20).

The expected lists are written out by hand from the State Council's approvals (the rule
of ``regions.SUCCESSIONS``: approved in year N, used from fiscal year N + 1) and from
the hand-made packages below, never read back from the code under test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text, update

from data_access.cli import main as cli_main
from data_access.db.engine import make_engine
from data_access.db.schema import SCHEMA_VERSION_KEY, Meta, Region, schema_is_current
from data_access.flags.rules import flag_counts
from data_access.ingest.importer import ImportReport, import_package, validate_package
from data_access.metrics.compute import children_metrics
from data_access.reads import ledger
from data_access.reads.selection import ViewFilter
from data_access.regions import children, gazetteer_validity, predecessor, successor
from tests.package_builders import copy_package, edit_cell, update_resource, write_rows
from tests.web_support import client_for

GANZHOU = "360700"
# 赣州市's counties in fiscal year 2018, from the approvals: 南康区 since 2014 (南康市
# 360782 before), 赣县区 since 2017 (赣县 360721 before), 龙南县 until 2020 (龙南市
# 360783 from 2021). The demo publishes 龙南县 under its old code in 2018.
GANZHOU_2018 = [
    "360702",  # 章贡区
    "360703",  # 南康区
    "360704",  # 赣县区
    "360722",  # 信丰县
    "360723",  # 大余县
    "360724",  # 上犹县
    "360725",  # 崇义县
    "360726",  # 安远县
    "360727",  # 龙南县
    "360728",  # 定南县
    "360729",  # 全南县
    "360730",  # 宁都县
    "360731",  # 于都县
    "360732",  # 兴国县
    "360733",  # 会昌县
    "360734",  # 寻乌县
    "360735",  # 石城县
    "360781",  # 瑞金市
]
NOT_IN_2018 = {"360721", "360782", "360783"}  # 赣县, 南康市, 龙南市


def _codes(rows: list) -> list[str]:
    return [row.code for row in rows]


def test_the_gazetteers_years_follow_its_successions() -> None:
    assert gazetteer_validity("360704") == (2017, None)  # 赣县区
    assert gazetteer_validity("360721") == (None, 2016)  # 赣县
    assert gazetteer_validity("360782") == (None, 2013)  # 南康市
    assert gazetteer_validity("360783") == (2021, None)  # 龙南市
    assert gazetteer_validity("360722") == (None, None)  # 信丰县: no change
    link = predecessor("360704")
    assert link is not None and (link.code, link.name, link.year) == ("360721", "赣县", 2016)
    link = successor("360721")
    assert link is not None and (link.code, link.name, link.year) == ("360704", "赣县区", 2017)
    assert predecessor("360722") is None and successor("360722") is None
    # 红谷滩区 was not 湾里区 renamed: their years follow the succession, no link.
    assert gazetteer_validity("360105") == (None, 2019)
    assert successor("360105") is None and predecessor("360113") is None


def test_ganzhou_2018_lists_only_regions_that_existed_then(demo_url: str) -> None:
    engine = make_engine(demo_url)
    assert _codes(children(engine, GANZHOU, year=2018)) == GANZHOU_2018
    parts = children_metrics(engine, 2018, GANZHOU)
    assert [p.code for p in parts] == [GANZHOU, *GANZHOU_2018]
    with engine.connect() as conn:
        assert _codes(ledger.child_regions(conn, GANZHOU, None, 2018)) == GANZHOU_2018
    counts = flag_counts(engine, ViewFilter(2018, GANZHOU), group="child")
    assert [c.code for c in counts if c.kind == "child"] == GANZHOU_2018
    # Without a year the tree is whole: the old codes are still regions.
    assert NOT_IN_2018 <= set(_codes(children(engine, GANZHOU)))
    # 2016: 赣县 published under its old code, 赣县区 not yet.
    in_2016 = set(_codes(children(engine, GANZHOU, year=2016)))
    assert "360721" in in_2016 and "360704" not in in_2016 and "360782" not in in_2016
    with client_for(demo_url) as client:
        body = client.get(f"/api/v1/children?year=2018&region={GANZHOU}").json()
        assert [p["code"] for p in body["parts"] if p["kind"] == "child"] == GANZHOU_2018
        ganxian = next(p for p in body["parts"] if p["code"] == "360704")
        assert ganxian["predecessor"] == {"code": "360721", "name": "赣县", "until": 2016}
        assert ganxian["successor"] is None
        region = client.get("/api/v1/regions?region=360721").json()["region"]
        assert region["valid_from"] is None and region["valid_to"] == 2016
        assert region["successor"] == {"code": "360704", "name": "赣县区", "from": 2017}


# A hand-made package: mini-jiangxi (fiscal years 2016 and 2017) whose regions.csv adds
# two counties of 赣州市 the gazetteer lacks: 360791 abolished in 2017 (its last year
# 2016) and 360792 created in 2017.
ABOLISHED, CREATED = "360791", "360792"
HEADER = ["region_code", "name", "level", "parent_code", "valid_from", "valid_to"]
# 赣州市's gazetteer counties of 2016 and 2017, by the approvals (赣县区 from 2017; 赣县,
# 南康市 and 龙南县 are not in today's gazetteer, 龙南市 only from 2021).
GANZHOU_GAZETTEER_2016 = [
    "360702", "360703", "360722", "360723", "360724", "360725", "360726", "360728",
    "360729", "360730", "360731", "360732", "360733", "360734", "360735", "360781",
]  # fmt: skip
LISTED = {
    2016: sorted([*GANZHOU_GAZETTEER_2016, ABOLISHED]),
    2017: sorted([*GANZHOU_GAZETTEER_2016, "360704", CREATED]),
}


def _years_package(tmp_path: Path, name: str, rows: list[list[str]]) -> Path:
    package = copy_package(tmp_path, name)
    write_rows(package, "regions.csv", [HEADER, *rows])
    update_resource(package, "regions", path="regions.csv")
    return package


def _two_counties(tmp_path: Path, name: str = "years") -> Path:
    return _years_package(
        tmp_path,
        name,
        [
            [ABOLISHED, "撤销县", "county", GANZHOU, "", "2016"],
            [CREATED, "新设区", "county", GANZHOU, "2017", ""],
        ],
    )


def _errors(report: ImportReport) -> list[tuple[str, int | None, str | None]]:
    return [(p.file, p.row, p.column) for p in report.errors]


def _listed(engine: Engine, year: int) -> dict[str, list[str]]:
    """A year's children of 赣州市 through every listing that takes one."""
    with engine.connect() as conn:
        by_ledger = _codes(ledger.child_regions(conn, GANZHOU, None, year))
    return {
        "regions": _codes(children(engine, GANZHOU, year=year)),
        "metrics": [p.code for p in children_metrics(engine, year, GANZHOU)][1:],
        "ledger": by_ledger,
    }


def test_an_abolished_and_a_created_county(db_url: str, tmp_path: Path) -> None:
    engine = make_engine(db_url)
    report = import_package(engine, _two_counties(tmp_path))
    assert report.ok, report.render()
    for year, expected in LISTED.items():
        assert _listed(engine, year) == dict.fromkeys(("regions", "metrics", "ledger"), expected)
    with client_for(db_url) as client:
        for year, expected in LISTED.items():
            body = client.get(f"/api/v1/children?year={year}&region={GANZHOU}").json()
            assert [p["code"] for p in body["parts"]][1:] == expected
    with engine.connect() as conn:
        stored = conn.execute(
            select(Region.code, Region.valid_from, Region.valid_to).where(
                Region.code.in_([ABOLISHED, CREATED])
            )
        ).all()
    assert sorted(tuple(row) for row in stored) == [(ABOLISHED, None, 2016), (CREATED, 2017, None)]


def test_a_region_holding_data_is_listed_whatever_its_years(db_url: str, tmp_path: Path) -> None:
    """The package is the authority: 信丰县's 2017 project published in the county
    abolished after 2016 keeps that county in 2017's list (with the project's money),
    and the children still add up to the city."""
    engine = make_engine(db_url)
    package = _two_counties(tmp_path, "data")
    edit_cell(package, "projects.csv", 8, "region_code", ABOLISHED)  # 36072217001, 2017
    report = import_package(engine, package)
    assert report.ok, report.render()
    listed = _listed(engine, 2017)
    expected = sorted([*LISTED[2017], ABOLISHED])
    assert listed == dict.fromkeys(("regions", "metrics", "ledger"), expected)
    parts = {p.code: p.metrics for p in children_metrics(engine, 2017, GANZHOU)}
    assert parts[ABOLISHED]["projects"] == 1
    assert parts["360722"]["projects"] == 0
    # 2016: as without the project (it moved a 2017 row only).
    assert _listed(engine, 2016)["regions"] == LISTED[2016]


def test_years_a_package_may_and_may_not_state(db_url: str, tmp_path: Path) -> None:
    engine = make_engine(db_url)
    backwards = _years_package(
        tmp_path, "backwards", [[ABOLISHED, "撤销县", "county", GANZHOU, "2017", "2016"]]
    )
    assert _errors(validate_package(engine, backwards)) == [("regions.csv", 2, "valid_to")]
    # A gazetteer region's years may be listed only as known (赣县区 from 2017).
    moved = _years_package(tmp_path, "moved", [["360704", "赣县区", "county", GANZHOU, "2015", ""]])
    refused = validate_package(engine, moved)
    assert _errors(refused) == [("regions.csv", 2, "valid_from")], refused.render()
    same = _years_package(tmp_path, "same", [["360704", "赣县区", "county", GANZHOU, "2017", ""]])
    assert validate_package(engine, same).ok
    # Its own region's years may change in a later release; empty keeps them.
    assert import_package(engine, _two_counties(tmp_path)).ok
    later = _years_package(
        tmp_path, "later", [[ABOLISHED, "撤销县", "county", GANZHOU, "", "2015"]]
    )
    edit_cell(later, "projects.csv", 3, "budget_adjusted", "53000")
    report = import_package(engine, later)
    assert report.ok, report.render()
    assert ABOLISHED not in _listed(engine, 2016)["regions"]
    assert CREATED in _listed(engine, 2017)["regions"]  # not in this package: kept


def test_a_version_7_database_is_upgraded_with_the_gazetteers_years(
    db_url: str, tmp_path: Path
) -> None:
    """A database of schema 7 has no years of validity: ``migrate`` adds them from the
    gazetteer's successions, and an import into it works before any migrate."""
    engine = make_engine(db_url)
    assert import_package(engine, _two_counties(tmp_path)).ok
    with engine.begin() as conn:
        for column in ("valid_from", "valid_to"):
            conn.execute(text(f"ALTER TABLE region DROP COLUMN {column}"))
        conn.execute(update(Meta).where(Meta.key == SCHEMA_VERSION_KEY).values(value="7"))
    assert not schema_is_current(engine)
    assert cli_main(["--db", db_url, "migrate"]) == 0
    assert schema_is_current(engine)
    with engine.connect() as conn:
        years = dict(
            conn.execute(
                select(Region.code, Region.valid_from).where(Region.code.in_(["360704", "360783"]))
            ).all()
        )
    assert years == {"360704": 2017, "360783": 2021}
    # The package's two counties lost their years with the dropped columns: listed.
    both = [*GANZHOU_GAZETTEER_2016, "360704", ABOLISHED, CREATED]
    assert _listed(engine, 2017)["regions"] == sorted(both)


@pytest.mark.parametrize("year", [2016, 2017])
def test_an_import_into_a_version_7_database_adds_the_years(
    sqlite_url: str, tmp_path: Path, year: int
) -> None:
    engine = make_engine(sqlite_url)
    assert import_package(engine, copy_package(tmp_path, "first")).ok
    with engine.begin() as conn:
        for column in ("valid_from", "valid_to"):
            conn.execute(text(f"ALTER TABLE region DROP COLUMN {column}"))
        conn.execute(update(Meta).where(Meta.key == SCHEMA_VERSION_KEY).values(value="7"))
    report = import_package(engine, _two_counties(tmp_path))
    assert report.ok, report.render()
    assert schema_is_current(engine)
    assert _listed(engine, year)["regions"] == LISTED[year]
