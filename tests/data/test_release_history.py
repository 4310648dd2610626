"""Releases keep their history: a figure cited from a release stays true after later
imports, on SQLite and PostgreSQL.

The story of most tests: mini-jiangxi is imported as release 1; every read the pages
make is recorded; a corrected package of the same publisher and years (one budget and
one score changed, a project dropped, one added, a reported figure restated) is
imported as release 2. Pinned to release 1 every read must give exactly the recorded
values (money to the fen); unpinned reads give release 2's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, delete, text

from data_access import schema_is_current
from data_access.cli import main
from data_access.db.engine import make_engine
from data_access.db.schema import Meta
from data_access.ingest.importer import ImportReport, import_package, validate_package
from data_access.metrics.compute import (
    ViewFilter,
    available_years,
    children_metrics,
    compute_metrics,
    department_metrics,
    metrics_as_json,
    year_series,
)
from data_access.reads.selection import ListFilter
from data_access.reads.queries import (
    departments,
    latest_release_id,
    newer_releases,
    project_list,
    project_record,
    release_info,
    releases,
    reported_figures,
    sectors,
)
from data_access.reads.views import applied_funds, default_region, release_stamp
from tests.conftest import MINI_EXPECTED, MINI_PACKAGE
from tests.data.test_metrics import assert_same_metrics
from tests.package_builders import (
    copy_package,
    drop_rows,
    dump_database,
    edit_cell,
    read_rows,
    update_descriptor,
    write_rows,
)

EXPECTED: dict[str, dict] = json.loads(MINI_EXPECTED.read_text(encoding="utf-8"))
PUBLISHER = "示例发布单位"
CHANGED, DROPPED, ADDED = "36000017001", "36012117001", "36000017004"
CODES = (CHANGED, DROPPED, ADDED, "36000017002", "36000017003", "36072217001")


def corrected_package(tmp_path: Path, name: str = "corrected") -> Path:
    """mini-jiangxi restated: the same publisher and years, with five corrections."""
    package = copy_package(tmp_path, name)
    edit_cell(package, "projects.csv", 3, "budget_adjusted", "60000.01")  # was 52000 万元
    edit_cell(package, "evaluations.csv", 3, "score", "88.5")  # E2, was 86.5
    drop_rows(package, "projects.csv", lambda r: r["project_code"] != DROPPED)
    rows = read_rows(package, "projects.csv")
    rows.append(
        [
            "2017", ADDED, "新增项目示例", "D001", "360000", "教育",
            "1000", "1234.5678", "1000", "是", "新增目标", "新增结果", "public",
        ]
    )  # fmt: skip
    write_rows(package, "projects.csv", rows)
    edit_cell(package, "reported_figures.csv", 3, "value", "1030.2")  # 2017 evaluated_funds
    return package


def snapshot(engine: Engine, release: int | None = None) -> dict[str, Any]:
    """Every read a page, download or embed makes, as of ``release``."""
    pin = {"release": release}
    out: dict[str, Any] = {}
    for view in EXPECTED:
        year, region, scope = view.split("/")
        out[f"metrics {view}"] = compute_metrics(
            engine, ViewFilter(int(year), region, scope), **pin
        )
        pinned = ViewFilter(int(year), region, scope, **pin)
        out[f"figures {view}"] = reported_figures(engine, pinned)
        out[f"applied {view}"] = applied_funds(engine, pinned)
        out[f"sectors {view}"] = sectors(engine, pinned)
        out[f"list {view}"] = project_list(engine, pinned)
    out["metrics by sector"] = compute_metrics(
        engine, ViewFilter(2017, "360000", "all", sector="教育"), **pin
    )
    out["figures 2013"] = reported_figures(engine, ViewFilter(2013, "360000", **pin))
    out["children 360000"] = children_metrics(engine, 2017, "360000", **pin)
    out["children 360100"] = children_metrics(engine, 2017, "360100", **pin)
    out["departments metrics"] = department_metrics(engine, 2017, "360000", **pin)
    out["departments"] = departments(engine, "360000", 2017, **pin)
    out["series"] = year_series(engine, ViewFilter(None, "360000", **pin))
    out["series own"] = year_series(engine, ViewFilter(None, "360000", "own", **pin))
    out["years"] = available_years(engine, **pin)
    out["default region"] = default_region(engine, **pin)
    out["search"] = project_list(
        engine, ViewFilter(2017, "360000", **pin), ListFilter(search="教育"), sort="name"
    )
    for code in CODES:
        out[f"record {code}"] = project_record(engine, code, 2017, **pin)
        out[f"record {code} latest year"] = project_record(engine, code, **pin)
    return out


@dataclass
class History:
    engine: Engine
    first: ImportReport
    second: ImportReport
    # every read right after release 1, unpinned and pinned to it
    before: dict[str, Any]
    before_pinned: dict[str, Any]


@pytest.fixture
def history(db_url: str, tmp_path: Path) -> History:
    engine = make_engine(db_url)
    first = import_package(engine, MINI_PACKAGE)
    assert first.ok and first.release_id is not None, first.render()
    before = snapshot(engine)
    before_pinned = snapshot(engine, first.release_id)
    second = import_package(engine, corrected_package(tmp_path))
    assert second.ok and second.release_id is not None, second.render()
    return History(engine, first, second, before, before_pinned)


def test_a_release_pinned_before_the_next_import_keeps_every_figure(history: History) -> None:
    assert history.before_pinned == history.before
    after_pinned = snapshot(history.engine, history.first.release_id)
    for key, value in history.before.items():
        assert after_pinned[key] == value, key


def test_the_latest_data_is_the_new_release(history: History) -> None:
    engine, r1, r2 = history.engine, history.first.release_id, history.second.release_id
    latest = snapshot(engine)
    assert latest == snapshot(engine, r2)
    assert latest != history.before

    old = history.before["metrics 2017/360000/all"]
    new = latest["metrics 2017/360000/all"]
    # +8000.01 万 (budget), +1234.5678 万 (added), -3000 万 (dropped): to the fen
    assert new["project_spending"] == old["project_spending"] + Decimal("62345778.00")
    assert new["projects"] == old["projects"]
    assert new["average_score"] != old["average_score"]

    changed = project_record(engine, CHANGED, 2017)
    assert changed is not None and changed.detail is not None
    assert changed.detail.budget_adjusted == Decimal("600000100.00")
    scores = {e["evaluation_id"]: e["score"] for e in changed.detail.evaluations}
    assert scores["E2"] == 88.5
    pinned = project_record(engine, CHANGED, 2017, release=r1)
    assert pinned is not None and pinned.detail is not None
    assert pinned.detail.budget_adjusted == Decimal("520000000.00")
    assert {e["evaluation_id"]: e["score"] for e in pinned.detail.evaluations}["E2"] == 86.5

    assert project_record(engine, DROPPED) is None
    assert project_record(engine, DROPPED, release=r1) is not None
    assert project_record(engine, ADDED, release=r1) is None
    added = project_record(engine, ADDED)
    assert added is not None and added.detail is not None
    assert added.detail.budget_adjusted == Decimal("12345678.00")

    (figure,) = [f for f in latest["figures 2017/360000/all"] if f.metric == "evaluated_funds"]
    assert figure.value == Decimal("1030.2")
    (figure,) = [
        f
        for f in reported_figures(engine, ViewFilter(2017, "360000", "all", release=r1))
        if f.metric == "evaluated_funds"
    ]
    assert figure.value == Decimal("1025.1")


def test_the_expected_figures_are_still_reproduced_as_of_release_1(
    history: History, capsys: pytest.CaptureFixture[str]
) -> None:
    r1 = history.first.release_id
    for view, expected in EXPECTED.items():
        year, region, scope = view.split("/")
        pinned = compute_metrics(history.engine, ViewFilter(int(year), region, scope), release=r1)
        assert_same_metrics(metrics_as_json(pinned), expected, view)
        # the filter may carry the release too
        carried = ViewFilter(int(year), region, scope, release=r1)
        assert compute_metrics(history.engine, carried) == pinned

    url = history.engine.url.render_as_string(hide_password=False)
    code = main(
        ["--db", url, "metrics", "--year", "2017", "--region", "360000", "--release", str(r1),
         "--json"]
    )  # fmt: skip
    assert code == 0
    assert_same_metrics(json.loads(capsys.readouterr().out), EXPECTED["2017/360000/all"], "cli")
    code = main(["--db", url, "metrics", "--year", "2017", "--region", "360000",
                 "--release", "999"])  # fmt: skip
    assert code == 2
    assert "unknown release 999" in capsys.readouterr().err


def test_releases_say_which_are_superseded_and_what_is_newer(
    history: History, capsys: pytest.CaptureFixture[str]
) -> None:
    engine, r1, r2 = history.engine, history.first.release_id, history.second.release_id
    assert r1 is not None and r2 is not None
    listed = releases(engine)
    assert [r.id for r in listed] == [r2, r1]
    assert [(r.superseded, r.superseded_by) for r in listed] == [(False, None), (True, r2)]
    info = release_info(engine, r1)
    assert info is not None and info.superseded and info.fiscal_years == [2013, 2016, 2017]
    assert info.checksum == history.first.checksum
    assert release_info(engine, 999) is None
    assert latest_release_id(engine) == r2
    assert [r.id for r in newer_releases(engine, r1)] == [r2]
    assert newer_releases(engine, r2) == []

    url = engine.url.render_as_string(hide_password=False)
    assert main(["--db", url, "releases"]) == 0
    listed_lines = capsys.readouterr().out.splitlines()
    assert listed_lines[0].startswith(f"#{r2} ") and listed_lines[0].endswith("— live")
    assert listed_lines[1].startswith(f"#{r1} ")
    assert listed_lines[1].endswith(f"— superseded by #{r2}")

    assert release_stamp(engine, release=r1) == f"r{r1}"
    assert release_stamp(engine, release=r1) == release_stamp(engine, release=r1)
    assert release_stamp(engine) != release_stamp(engine, release=r2)


def test_a_release_of_some_years_leaves_the_others_served_from_the_older_one(
    history: History, tmp_path: Path
) -> None:
    """Visibility is per row: as of release 3 (2016 only), 2017 still comes from 2."""
    engine, r1, r2 = history.engine, history.first.release_id, history.second.release_id
    only_2016 = corrected_package(tmp_path, "only-2016")
    for file in ("projects.csv", "reported_figures.csv"):
        drop_rows(only_2016, file, lambda r: r["fiscal_year"] == "2016")
    for file in ("indicators.csv", "evaluations.csv", "monitoring.csv", "applications.csv"):
        drop_rows(only_2016, file, lambda r: False)
    edit_cell(only_2016, "projects.csv", 2, "budget_adjusted", "47000")  # was 48000
    stamp = release_stamp(engine)
    third = import_package(engine, only_2016)
    assert third.ok and third.fiscal_years == [2016], third.render()
    r3 = third.release_id
    assert release_stamp(engine) != stamp

    def spending(year: int, release: int | None) -> Decimal:
        return compute_metrics(engine, ViewFilter(year, "360000"), release=release)[
            "project_spending"
        ]

    assert spending(2016, r1) == spending(2016, r2) == Decimal("480000000.00")
    assert spending(2016, r3) == spending(2016, None) == Decimal("470000000.00")
    assert spending(2017, r3) == spending(2017, r2) != spending(2017, r1)
    assert [r.superseded for r in releases(engine)] == [False, False, True]
    assert [r.id for r in newer_releases(engine, r1)] == [r3, r2]


def test_reimporting_what_is_live_changes_nothing_and_says_so(
    history: History, tmp_path: Path
) -> None:
    engine, r2 = history.engine, history.second.release_id
    before, stamp = dump_database(engine), release_stamp(engine)

    again = import_package(engine, corrected_package(tmp_path, "again"))

    assert again.ok and again.unchanged and again.release_id is None
    assert again.unchanged_release_id == r2
    assert again.render().splitlines()[-1] == (
        f"UNCHANGED: identical to release #{r2}; nothing was imported (0 warnings)."
    )
    assert again.render(lang="zh").splitlines()[-1].startswith(f"未改变：与已发布的版本 #{r2}")
    assert dump_database(engine) == before and release_stamp(engine) == stamp
    checked = validate_package(engine, corrected_package(tmp_path, "checked"))
    assert checked.ok and checked.unchanged_release_id == r2

    # Release 1's package is no longer what is live: importing it again is a new release.
    restored = import_package(engine, MINI_PACKAGE)
    assert restored.ok and not restored.unchanged and restored.release_id is not None
    assert snapshot(engine) == history.before
    assert [r.superseded for r in releases(engine)] == [False, True, True]


def test_the_first_identical_reimport_is_a_no_op_on_the_cli(sqlite_url: str) -> None:
    assert main(["--db", sqlite_url, "import", str(MINI_PACKAGE)]) == 0
    engine = make_engine(sqlite_url)
    before = dump_database(engine)
    assert main(["--db", sqlite_url, "import", str(MINI_PACKAGE)]) == 0
    assert dump_database(engine) == before
    assert [r.id for r in releases(engine)] == [1]


def test_a_refused_package_changes_nothing(history: History, tmp_path: Path) -> None:
    engine = history.engine
    before, stamp = dump_database(engine), release_stamp(engine)
    bad = corrected_package(tmp_path, "bad")
    edit_cell(bad, "projects.csv", 2, "budget_adjusted", "abc")

    report = import_package(engine, bad)

    assert not report.ok and report.release_id is None and not report.unchanged
    assert dump_database(engine) == before and release_stamp(engine) == stamp
    assert snapshot(engine, history.first.release_id) == history.before


def test_a_code_its_publisher_withdrew_can_be_published_by_another(
    db_url: str, tmp_path: Path
) -> None:
    """Only live rows clash: retired history neither blocks validation nor the index."""
    engine = make_engine(db_url)
    assert import_package(engine, MINI_PACKAGE).ok
    withdrawal = copy_package(tmp_path, "withdrawal")
    for file in ("projects.csv", "indicators.csv", "evaluations.csv", "applications.csv"):
        drop_rows(withdrawal, file, lambda r: False)
    drop_rows(withdrawal, "monitoring.csv", lambda r: False)
    drop_rows(withdrawal, "reported_figures.csv", lambda r: r["fiscal_year"] == "2017")
    assert import_package(engine, withdrawal).ok
    other = copy_package(tmp_path, "other")
    update_descriptor(other, publisher="另一发布单位", name="other")
    for file in ("projects.csv", "indicators.csv", "evaluations.csv", "monitoring.csv"):
        drop_rows(other, file, lambda r: r["fiscal_year"] == "2017")
    drop_rows(other, "reported_figures.csv", lambda r: r["fiscal_year"] == "2017")

    report = import_package(engine, other)

    assert report.ok, report.render()
    record = project_record(engine, CHANGED, 2017)
    assert record is not None and record.detail is not None
    assert record.detail.department.publisher == "另一发布单位"
    first = project_record(engine, CHANGED, 2017, release=1)
    assert first is not None and first.detail is not None
    assert first.detail.department.publisher == PUBLISHER


def test_schema_is_current_tells_an_old_database_apart(db_url: str) -> None:
    engine = make_engine(db_url)
    assert schema_is_current(engine)
    with engine.connect() as conn:
        assert schema_is_current(conn)
    with engine.begin() as conn:
        conn.execute(delete(Meta).where(Meta.key == "schema_version"))
    assert not schema_is_current(engine)

    # A database built before releases kept their history: no retired_by column.
    old_url = db_url.replace("test.db", "old.db") if db_url.startswith("sqlite") else None
    if old_url is None:
        return  # the column check is the same SQL on both backends
    old = create_engine(old_url)
    with old.begin() as conn:
        conn.execute(text("CREATE TABLE meta (key VARCHAR(64) PRIMARY KEY, value TEXT)"))
        conn.execute(text("INSERT INTO meta VALUES ('schema_version', '2')"))
        for table in ("project_year", "reported_figure"):
            conn.execute(text(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY)"))
    assert not schema_is_current(make_engine(old_url))
    assert not schema_is_current(create_engine(f"sqlite:///{Path(old_url[10:]).parent}/none.db"))
