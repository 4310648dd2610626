"""``python -m bench`` at a tiny scale, so the benchmark cannot rot.

Why here: the full benchmark takes many minutes and its timings belong to no test; but
its code (the demo's generator run per province through the importer's writer, the
floor, every page through AppTest, Chromium against the bare page, the memory reading,
the table and the JSON) must keep working as the dashboard changes. These tests run the
same functions at a few hundred project-years and assert what the output holds, never how
fast anything was. The Chromium part runs in CI (it fails there without Chromium) and is
left out locally, with the reason, only when Chromium is missing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bench.__main__ import main as bench_main
from bench.browser import missing_browser
from bench.core import SCALES, BrowserPlan, ScalePlan, plans
from bench.generate import TABLES, build_scale, publishing_provinces
from bench.pages import PAGES
from data_access.db.engine import make_engine
from data_access.db.schema import ProjectYear, Region, RegionAncestor
from data_access.reads.views import release_stamp
from tests.conftest import IN_CI

TINY = 0.005


def test_publishing_provinces_are_the_31_of_the_mainland(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    codes = publishing_provinces(engine)
    engine.dispose()
    assert len(codes) == 31
    assert "360000" in codes and "500000" in codes and "710000" not in codes


def test_a_province_without_cities_is_generated_county_by_county(sqlite_url: str) -> None:
    """Chongqing lists its districts and counties directly under the province."""
    engine = make_engine(sqlite_url)
    timing = build_scale(engine, ["500000"], [2018], TINY)
    with engine.connect() as conn:
        counties = set(conn.execute(
            select(Region.code).where(Region.parent_code == "500000")
        ).scalars())
        served = set(conn.execute(select(ProjectYear.region_code).distinct()).scalars())
        scratch = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE name LIKE 'bench_floor_%'"
        ).scalar()
        total = conn.execute(select(func.count(ProjectYear.id))).scalar()
    engine.dispose()
    assert counties <= served  # every county of the gazetteer has projects
    assert timing.rows["project_year"] == total > 0
    assert timing.import_s > 0 and timing.floor_s > 0
    assert set(timing.rows) == set(TABLES)
    assert scratch == 0  # the floor's scratch tables are gone


def _tiny_plans(**_kwargs: object) -> list[ScalePlan]:
    province, national = plans(quick=True)
    return [
        ScalePlan(province.name, province.provinces, (2017, 2018), TINY),
        ScalePlan(national.name, ["360000", "500000"], national.years, TINY),
    ]


@pytest.mark.slow
def test_the_command_prints_the_table_and_writes_json(tmp_path: Path, monkeypatch, capsys) -> None:
    """``python -m bench`` end to end (argument parsing, both scales, every page, one
    navigation and one click in Chromium on the dashboard and on the bare page, the
    memory with 2 sessions, the table, the JSON rewritten after every section), with the
    scales shrunk to a tiny size and one run per measure."""
    import bench.__main__ as entry

    reason = missing_browser()
    if reason and IN_CI:
        pytest.fail(f"CI must run the bench's Chromium part: {reason}")
    with_browser = reason is None
    monkeypatch.setattr(entry, "plans", _tiny_plans)
    monkeypatch.setattr(entry, "browser_plan", lambda runs, sessions: BrowserPlan(
        runs=runs, sessions=sessions, navigations=["/regions"], clicks=["ranking bar"]))
    snapshots: list[dict] = []
    write = entry.write_json

    def recording(path: Path, result: dict) -> None:
        write(path, result)
        snapshots.append(json.loads(path.read_text(encoding="utf-8")))

    monkeypatch.setattr(entry, "write_json", recording)
    target = tmp_path / "bench.json"
    assert bench_main(["--quick", "--runs", "1", "--browser-runs", "1", "--sessions", "2",
                       "--db", f"sqlite:///{tmp_path / 'b.db'}", "--json", str(target),
                       *([] if with_browser else ["--no-browser"])]) == 0
    printed = capsys.readouterr().out
    for page in PAGES:
        for kind in ("cold", "warm"):
            assert f"{page} {kind} median (ms)" in printed
            assert f"{page} {kind} p95 (ms)" in printed
    # Each page's AppTest total is followed by its own script's share of it.
    assert printed.count("of which page script median (ms)") == 2 * len(PAGES)
    assert printed.count("of which page script p95 (ms)") == 2 * len(PAGES)
    for measure in ("import rows/s", "floor rows/s", "import / floor", "nat/prov", "bare AppTest"):
        assert measure in printed
    assert "ERROR" not in printed
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written["quick"] is True and written["runs_per_page"] == 1
    assert written["complete"] is True
    assert set(written["scales"]) == set(SCALES)
    assert set(written["ratios"]) == set(PAGES)
    assert written["scales"]["national"]["import"]["provinces"] == 2
    bare = written["bare_apptest"]
    assert 0 < bare["script_median_ms"] < bare["median_ms"]
    for scale in SCALES:
        assert written["scales"][scale]["import"]["project_years"] > 0
        for page in PAGES:
            for kind in ("cold", "warm"):
                measured = written["scales"][scale]["pages"][page][kind]
                assert measured["error"] is None and measured["runs"] == 1
                assert measured["median_ms"] is not None
                # The script ran inside the AppTest run: timed, and never longer than it.
                assert 0 < measured["script_median_ms"] <= measured["median_ms"]
                assert 0 < measured["script_p95_ms"] <= measured["p95_ms"]
    # Written after every section: the first file holds the province's import alone.
    assert snapshots[0]["complete"] is False
    assert list(snapshots[0]["scales"]) == ["province"]
    assert snapshots[0]["scales"]["province"]["pages"] == {}
    assert snapshots[-1] == written
    if not with_browser:
        assert "not measured: chromium" in printed
        return
    assert "not measured" not in printed
    assert any("browser" in s and "memory" not in s for s in snapshots)
    for section, name, label in (("navigation", "/regions", "navigate to /regions"),
                                 ("click", "ranking bar", "click ranking bar")):
        assert f"{label} median" in printed
        measured = written["browser"][section][name]
        assert measured["page"]["runs"] == measured["bare"]["runs"] == 1
        assert measured["page"]["median_ms"] and measured["bare"]["median_ms"]
        assert measured["page_to_bare"] > 0
        # The bare page showed as many charts, maps and tables as the page.
        assert measured["page_shows"]["plotly"] >= 1 and measured["page_shows"]["map"] >= 1
        assert measured["bare_shows"] == measured["page_shows"]
    memory = written["memory"]
    assert memory["error"] is None and memory["sessions"] == 2
    assert len(set(memory["views"])) == 2
    assert memory["rss_mb"] > 0 and memory["idle"]["rss_mb"] > 0
    assert memory["target_mb"] == 600
    assert "server memory, 2 browser sessions open" in printed


def test_an_interrupted_run_keeps_what_it_measured(tmp_path: Path, monkeypatch) -> None:
    """A run stopped during the page runs leaves the JSON of the import before them."""
    import bench.__main__ as entry
    import bench.core as core

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(entry, "plans", _tiny_plans)
    monkeypatch.setattr(core, "measure_pages", interrupted)
    target = tmp_path / "bench.json"
    with pytest.raises(KeyboardInterrupt):
        bench_main(["--quick", "--no-browser", "--db", f"sqlite:///{tmp_path / 'b.db'}",
                    "--json", str(target)])
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written["complete"] is False
    assert written["scales"]["province"]["import"]["project_years"] > 0
    assert "national" not in written["scales"]


def test_the_generated_database_is_served_like_an_import(sqlite_url: str) -> None:
    """What the bench measures must be a normal release: rollups current, one stamp."""
    from data_access.metrics import rollups

    engine = make_engine(sqlite_url)
    build_scale(engine, ["360000"], [2018], TINY)
    with engine.connect() as conn:
        assert rollups.is_current(conn)
        jiangxi = conn.execute(
            select(func.count(ProjectYear.id))
            .join(RegionAncestor, RegionAncestor.descendant_code == ProjectYear.region_code)
            .where(RegionAncestor.ancestor_code == "360000")
        ).scalar()
    assert jiangxi and release_stamp(engine)
    engine.dispose()
