"""Site search (data_access.reads.search): regions by name, code and pinyin, departments and
projects by name and code, the disclosure rule, literal text, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from data_access import pinyin
from data_access.db.engine import make_engine
from data_access.ingest.importer import import_package
from data_access.reads import search as ds
from tests.conftest import MINI_PACKAGE


@pytest.fixture
def engine(db_url: str):
    """The mini-jiangxi package imported into a fresh database of each backend."""
    engine = make_engine(db_url)
    report = import_package(engine, MINI_PACKAGE)
    assert report.ok, report.render()
    yield engine
    engine.dispose()


def _found(engine, text: str, **options) -> list[tuple[str, str]]:
    return [(hit.kind, hit.code) for hit in ds.search(engine, text, **options)]


def test_xinfeng_is_found_by_pinyin_name_and_code(engine) -> None:
    for text in ("xinfeng", "Xinfeng", "XinFeng County", "信丰", "信丰县", "360722"):
        hits = ds.search(engine, text, kinds=("region",))
        assert hits and hits[0].code == "360722", text
        assert hits[0].name == "信丰县" and hits[0].kind == "region"


def test_a_region_is_found_by_the_initials_of_its_pinyin(engine) -> None:
    """"xfx" is how people type 信丰县 (xin feng xian) in short; initials count only
    from the beginning ("fx" is not 信丰县) and from two letters on."""
    for text in ("xfx", "XFX", "xf"):
        hits = ds.search(engine, text, kinds=("region",))
        assert hits and hits[0].code == "360722", text
    assert "360722" not in [h.code for h in ds.search(engine, "fx", kinds=("region",))]
    assert ds.search(engine, "x", kinds=("region",)) == []


def test_regions_outside_the_published_area_are_not_found(engine) -> None:
    # 新丰县 (Guangdong) is also "Xinfeng": the mini package publishes Jiangxi only.
    assert [h.code for h in ds.search(engine, "xinfeng", kinds=("region",))] == ["360722"]
    assert ds.search(engine, "北京", kinds=("region",)) == []


def test_departments_by_name_and_code_with_their_region_and_year(engine) -> None:
    hits = ds.search(engine, "交通运输", kinds=("department",))
    assert [(h.code, h.region_code, h.region_name, h.year) for h in hits] == [
        ("XF01", "360722", "信丰县", 2017)
    ]
    assert _found(engine, "ncx1", kinds=("department",)) == [("department", "NCX1")]


def test_projects_by_name_and_code_once_each_in_their_latest_year(engine) -> None:
    hits = ds.search(engine, "义务教育", kinds=("project",))
    assert [(h.code, h.year, h.department_code, h.region_code) for h in hits] == [
        ("36000017001", 2017, "D001", "360000")
    ]
    assert _found(engine, "36072217001", kinds=("project",)) == [("project", "36072217001")]


def test_withheld_projects_are_never_found(engine) -> None:
    assert ds.search(engine, "不公开项目示例") == []
    assert ds.search(engine, "36000017003") == []


def test_a_pinned_release_sees_its_own_rows(engine) -> None:
    assert _found(engine, "农村公路", release=1, kinds=("project",)) == [("project", "36072217001")]


@pytest.mark.parametrize("text", ["%", "_", "\\", "%%教育", "' OR 1=1 --"])
def test_wildcards_and_quotes_are_literal(engine, text: str) -> None:
    assert ds.search(engine, text) == []


def test_empty_text_finds_nothing_and_bad_arguments_are_refused(engine) -> None:
    assert ds.search(engine, "   ") == []
    with pytest.raises(ValueError):
        ds.search(engine, "x", kinds=("sector",))
    with pytest.raises(ValueError):
        ds.search(engine, "x", limit=0)


def test_each_kind_is_one_limited_query(engine) -> None:
    """No whole-table load, pinyin included: one statement per kind, each with a LIMIT."""
    statements: list[str] = []

    def record(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        ds.search(engine, "jiaoyu", limit=3)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert len(statements) == len(ds.KINDS) == 4
    assert all("LIMIT" in s.upper() for s in statements)


def test_limit_caps_each_kind(engine) -> None:
    for kind, text in (("region", "36"), ("department", "局"), ("project", "36")):
        assert len(ds.search(engine, text, kinds=(kind,), limit=50)) > 2, kind
        assert len(ds.search(engine, text, kinds=(kind,), limit=2)) == 2, kind


def test_each_hit_carries_the_total_of_its_kind(engine) -> None:
    """"共 3 个，显示前 2 个": the total is counted from the package files here, not by
    the search's code."""
    import csv

    with (MINI_PACKAGE / "projects.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    public_codes = {r["project_code"] for r in rows if r["disclosure"] == "public"}
    with_36 = {c for c in public_codes if "36" in c}
    with (MINI_PACKAGE / "departments.csv").open(encoding="utf-8") as handle:
        bureaus = {r["department_code"] for r in csv.DictReader(handle) if "局" in r["name"]}
    with_public = {r["department_code"] for r in rows if r["disclosure"] == "public"}
    for kind, text, expected in (
        ("department", "局", len(bureaus & with_public)),
        ("project", "36", len(with_36)),
    ):
        hits = ds.search(engine, text, kinds=(kind,), limit=2)
        assert len(hits) == 2 and expected > 2, kind
        assert {h.total for h in hits} == {expected}, kind
    # Regions: the name and code matches and the pinyin ones, each once.
    assert {h.total for h in ds.search(engine, "xinfeng", kinds=("region",))} == {1}


def test_pinyin_query_and_keys() -> None:
    assert pinyin.pinyin_key("信丰县") == "xinfengxian"
    assert pinyin.pinyin_initials("信丰县") == "xfx"
    assert pinyin.pinyin_query("Xinfeng County") == "xinfeng"
    assert pinyin.pinyin_query("xi'an") == "xian"
    assert pinyin.pinyin_query("信丰") is None
    assert pinyin.pinyin_query("3607") is None
    assert ds.like_pattern("50%_a\\") == "%50\\%\\_a\\\\%"
    assert ds.normalise("  ｘｉｎｆｅｎｇ\x00  county ") == "xinfeng county"
