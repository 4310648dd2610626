"""Corrections on the record: ``rollback`` and the correction log (/data, feed).

Why: a publisher that corrects its figures, or takes a faulty release back, must leave
a trail a journalist can check: which release changed what, from which value to which,
and every earlier release still served as it was.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import Engine, event, func, select

from bench.generate import supersede_with_one_row
from dashboard.web.feed import atom_feed
from data_access.cli import main
from data_access.db.engine import make_engine
from data_access.db.schema import ProjectYear, Release
from data_access.demo.build import build_demo
from data_access.ingest.importer import RollbackError, import_package, rollback
from data_access.metrics.compute import ViewFilter, compute_metrics
from data_access.reads.queries import corrections, project_list, release_info, releases
from tests.conftest import MINI_EXPECTED, MINI_PACKAGE
from tests.package_builders import (
    copy_package,
    dump_database,
    edit_cell,
    imported_release,
    read_rows,
    write_rows,
)

PUBLIC, WITHHELD, REMOVED, EVALUATED = "36000017001", "36000017003", "36072217001", "36010017001"
VIEWS = [tuple(key.split("/")) for key in json.loads(MINI_EXPECTED.read_text())]


def _corrected(tmp_path: Path) -> Path:
    """The mini package corrected: a budget raised, a score and grade changed, a project
    removed, the withheld project's budget changed and then published."""
    package = copy_package(tmp_path, "corrected")
    edit_cell(package, "projects.csv", 3, "budget_adjusted", "62000")  # 2017 PUBLIC
    edit_cell(package, "evaluations.csv", 6, "score", "61")  # E5 of EVALUATED
    edit_cell(package, "evaluations.csv", 6, "grade", "中")
    for file in ("projects.csv", "indicators.csv", "evaluations.csv", "applications.csv"):
        rows = read_rows(package, file)
        if "project_code" in rows[0]:
            at = rows[0].index("project_code")
            rows = [rows[0], *[r for r in rows[1:] if r[at] != REMOVED]]
        else:  # applications of E6 (the removed project's evaluation) — none in mini
            rows = [r for r in rows if r[0] != "E6"]
        write_rows(package, file, rows)
    return package


def _publish_withheld(tmp_path: Path) -> Path:
    package = copy_package(tmp_path, "published")
    edit_cell(package, "projects.csv", 5, "disclosure", "public")
    return package


def _withhold_changed(tmp_path: Path) -> Path:
    """Only the withheld project's budget changes: nothing public changes."""
    package = copy_package(tmp_path, "withheld-changed")
    edit_cell(package, "projects.csv", 5, "budget_adjusted", "9000")
    return package


def _by_kind(engine: Engine, release: int) -> dict[tuple[str, str], tuple[object, object]]:
    return {(c.project_code, c.kind): (c.old, c.new) for c in corrections(engine, release)}


def test_corrections_list_old_and_new_values(db_url: str, tmp_path: Path) -> None:
    engine = make_engine(db_url)
    first = imported_release(engine, MINI_PACKAGE)
    assert corrections(engine, first) == []  # a first publication corrects nothing
    second = imported_release(engine, _corrected(tmp_path))
    assert _by_kind(engine, second) == {
        (PUBLIC, "budget"): (Decimal("520000000.00"), Decimal("620000000.00")),
        (EVALUATED, "score"): (58.0, 61.0),
        (EVALUATED, "grade"): ("poor", "fair"),
        (REMOVED, "withdrawn"): (Decimal("55000000.00"), None),
    }
    assert {c.previous_release_id for c in corrections(engine, second)} == {first}
    assert all(c.restores is None for c in corrections(engine, second))


def test_withheld_project_years_are_never_compared(db_url: str, tmp_path: Path) -> None:
    engine = make_engine(db_url)
    imported_release(engine, MINI_PACKAGE)
    changed = imported_release(engine, _withhold_changed(tmp_path))
    assert corrections(engine, changed) == []
    published = imported_release(engine, _publish_withheld(tmp_path))
    # Published now: "added" with its new budget only (its old one was never public).
    assert _by_kind(engine, published) == {(WITHHELD, "added"): (None, Decimal("80000000.00"))}
    withheld_again = imported_release(engine, MINI_PACKAGE)
    assert _by_kind(engine, withheld_again) == {
        (WITHHELD, "withdrawn"): (Decimal("80000000.00"), None)
    }


def test_rollback_serves_an_earlier_release_again_as_a_new_release(
    db_url: str, tmp_path: Path
) -> None:
    engine = make_engine(db_url)
    first = imported_release(engine, MINI_PACKAGE)
    before = {v: compute_metrics(engine, ViewFilter(int(v[0]), v[1], v[2])) for v in VIEWS}
    second = imported_release(engine, _corrected(tmp_path))
    pinned_second = {
        v: compute_metrics(engine, ViewFilter(int(v[0]), v[1], v[2]), release=second)
        for v in VIEWS
    }
    assert pinned_second != before

    result = rollback(engine, first)
    third = result.release_id
    assert third == second + 1 and result.restored == first
    assert result.fiscal_years == [2013, 2016, 2017]
    for view, metrics in before.items():
        assert compute_metrics(engine, ViewFilter(int(view[0]), view[1], view[2])) == metrics
        # The undone release stays citable exactly as it was.
        assert (
            compute_metrics(engine, ViewFilter(int(view[0]), view[1], view[2]), release=second)
            == pinned_second[view]
        )
    # The project list, scores and details came back with the rows.
    rows = project_list(engine, ViewFilter(2017, "360000"), page_size=50).rows
    assert {r.project_code: r.final_score for r in rows}[EVALUATED] == 58.0
    # The log records the rollback as a correction, the reverse of the second release.
    assert _by_kind(engine, third) == {
        (PUBLIC, "budget"): (Decimal("620000000.00"), Decimal("520000000.00")),
        (EVALUATED, "score"): (61.0, 58.0),
        (EVALUATED, "grade"): ("fair", "poor"),
        (REMOVED, "added"): (None, Decimal("55000000.00")),
    }
    assert {c.restores for c in corrections(engine, third)} == {first}
    info = release_info(engine, second)
    assert info is not None and info.superseded and info.superseded_by == third

    # Again: already served, nothing written; re-importing the package is UNCHANGED.
    assert rollback(engine, first).release_id is None
    again = import_package(engine, MINI_PACKAGE)
    assert again.unchanged and again.unchanged_release_id == third
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Release)).scalar_one() == 3


def test_rollback_is_all_or_nothing_and_refuses_unknown_releases(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(db_url)
    first = imported_release(engine, MINI_PACKAGE)
    imported_release(engine, _corrected(tmp_path))
    state = dump_database(engine)
    with pytest.raises(RollbackError):
        rollback(engine, 99)

    from data_access.ingest import importer

    def broken(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("killed half-way")

    # Fails after the release row, the retirement and the project-year copies.
    monkeypatch.setattr(importer, "_copy_children", broken)
    with pytest.raises(RuntimeError):
        rollback(engine, first)
    monkeypatch.undo()
    assert dump_database(engine) == state
    assert [r.id for r in releases(engine)] == [2, 1]


def test_a_rollback_runs_the_same_statements_for_one_row_or_thousands(db_url: str) -> None:
    """Set-based: the statements of a rollback do not depend on how many rows it copies
    (no statement per row, no loop over a growing table); its time is measured apart,
    in bench/rollback.py."""
    engine = make_engine(db_url)
    demo = build_demo(engine, scale=0.02)
    one_row = supersede_with_one_row(engine, demo)
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        statements.append(statement)

    copied: dict[int, int] = {}
    event.listen(engine, "before_cursor_execute", count)
    try:
        for release in (demo, one_row):  # thousands of project-years, then one
            statements.clear()
            result = rollback(engine, release)
            assert result.release_id is not None
            with engine.connect() as conn:
                rows = conn.execute(
                    select(func.count())
                    .select_from(ProjectYear)
                    .where(ProjectYear.release_id == result.release_id)
                ).scalar_one()
            copied[rows] = len(statements)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert sorted(copied)[0] == 1 and sorted(copied)[1] > 3000, copied
    assert len(set(copied.values())) == 1, copied


def test_rollback_command(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    engine = make_engine(sqlite_url)
    imported_release(engine, MINI_PACKAGE)
    assert main(["--db", sqlite_url, "rollback", "7"]) == 2
    assert "unknown release 7" in capsys.readouterr().err
    assert main(["--db", sqlite_url, "rollback", "1"]) == 0
    assert "UNCHANGED" in capsys.readouterr().out


def test_feed_entries_summarise_corrections(sqlite_url: str, tmp_path: Path) -> None:
    engine = make_engine(sqlite_url)
    first = imported_release(engine, MINI_PACKAGE)
    second = imported_release(engine, _corrected(tmp_path))
    third = rollback(engine, first).release_id
    found = releases(engine)
    changes = {r.id: corrections(engine, r.id) for r in found}
    ns = {"a": "http://www.w3.org/2005/Atom"}
    for lang, before_after in (("zh", "5.20亿元 → 6.20亿元"), ("en", "→")):
        root = ET.fromstring(atom_feed(found, "http://x", lang, changes))
        summaries = {
            e.find("a:link[@rel='alternate']", ns).get("href"): e.findtext("a:summary", "", ns)
            for e in root.findall("a:entry", ns)
        }
        suffix = "&lang=en" if lang == "en" else ""
        second_text = summaries[f"http://x/?release={second}{suffix}"]
        assert PUBLIC in second_text and before_after in second_text, second_text
        assert REMOVED in second_text
        third_text = summaries[f"http://x/?release={third}{suffix}"]
        assert f"#{first}" in third_text and EVALUATED in third_text
        assert WITHHELD not in "".join(summaries.values())
