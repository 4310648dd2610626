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


# ------------------------------------------------ pinyin, ranking, pages, filters, texts
# Expected results worked out by hand from examples/mini-jiangxi and the readings of the
# names: 南昌县 nan chang xian (ncx), 南城县 (抚州) nan cheng xian (ncx), 南昌县教育局
# nan chang xian jiao yu ju (ncxjyj), 江西省教育厅 jiang xi sheng jiao yu ting (jxsjyt),
# 农村公路养护 nong cun gong lu yang hu (ncglyh).


def test_a_region_by_full_pinyin_and_initials(engine) -> None:
    assert _found(engine, "nanchangxian", kinds=("region",)) == [("region", "360121")]
    # Both counties are "ncx": exact initials, the same rank, then by code.
    assert _found(engine, "ncx", kinds=("region",)) == [
        ("region", "360121"),
        ("region", "361021"),
    ]


def test_a_department_by_full_pinyin_and_initials(engine) -> None:
    for text in ("nanchangxianjiaoyuju", "jiaoyuju", "ncxjyj", "NCXJYJ"):
        assert _found(engine, text, kinds=("department",)) == [("department", "NCX1")], text
    # Initials inside a name from three letters on: 江西省教育厅 is jxs-jyt.
    assert _found(engine, "jyt", kinds=("department",)) == [("department", "D001")]
    # "jiaoyu" is in both education departments' pinyin: the province's first.
    assert _found(engine, "jiaoyu", kinds=("department",)) == [
        ("department", "D001"),
        ("department", "NCX1"),
    ]


def test_a_project_by_full_pinyin_and_initials(engine) -> None:
    for text in ("nongcungongluyanghu", "nongcungonglu", "gongluyanghu", "ncglyh", "ncgl"):
        hits = ds.search(engine, text, kinds=("project",))
        assert [(h.code, h.year, h.region_code) for h in hits] == [
            ("36072217001", 2017, "360722")
        ], text
    # 农村义务教育… and 农村公路养护 both begin with nongcun: upper level first.
    assert _found(engine, "nongcun", kinds=("project",)) == [
        ("project", "36000017001"),
        ("project", "36072217001"),
    ]
    # The withheld project's name is never found by its pinyin either.
    assert _found(engine, "bugongkai") == []


@pytest.fixture
def ranked(db_url: str, tmp_path):
    """mini-jiangxi with three projects renamed so that the order by region code is
    the reverse of exact → prefix → contains for "公路": 农村公路 (360000, contains),
    公路养护 (360100, prefix), 公路 (360722, exact)."""
    from tests.package_builders import copy_package, edit_cell

    package = copy_package(tmp_path)
    for row in (2, 3):
        edit_cell(package, "projects.csv", row, "project_name", "农村公路")
    edit_cell(package, "projects.csv", 6, "project_name", "公路养护")
    edit_cell(package, "projects.csv", 8, "project_name", "公路")
    engine = make_engine(db_url)
    report = import_package(engine, package)
    assert report.ok, report.render()
    yield engine
    engine.dispose()


def test_results_are_ranked_exact_then_prefix_then_contains(ranked) -> None:
    expected = ["36072217001", "36010017001", "36000017001"]
    for text in ("公路", "gonglu"):
        assert [h.code for h in ds.search(ranked, text, kinds=("project",))] == expected, text
    # Two letters count only as a beginning: 农村公路 (nongcungonglu, ncgl) is left out.
    assert [h.code for h in ds.search(ranked, "gl", kinds=("project",))] == expected[:2]


def _public_projects() -> list[dict[str, str]]:
    import csv

    with (MINI_PACKAGE / "projects.csv").open(encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle) if r["disclosure"] == "public"]


def test_a_kind_is_paged_with_its_total(engine) -> None:
    """"36" is in every public project code (5, counted from the file): pages of 2 are
    2, 2 and 1 results, together each project once; a page past the end is the last."""
    codes = {r["project_code"] for r in _public_projects()}
    assert len(codes) == 5
    pages = [ds.search_page(engine, "36", "project", page=n, size=2) for n in (1, 2, 3)]
    assert [(p.page, p.total, p.first, p.last, p.pages) for p in pages] == [
        (1, 5, 1, 2, 3),
        (2, 5, 3, 4, 3),
        (3, 5, 5, 5, 3),
    ]
    seen = [hit.code for page in pages for hit in page.hits]
    assert sorted(seen) == sorted(codes)
    beyond = ds.search_page(engine, "36", "project", page=9, size=2)
    assert (beyond.page, [h.code for h in beyond.hits]) == (3, [h.code for h in pages[2].hits])
    nothing = ds.search_page(engine, "没有这个名称", "project", page=2)
    assert (nothing.page, nothing.total, nothing.hits, nothing.first) == (1, 0, (), 0)


def test_filters_by_region_and_year(engine) -> None:
    # Within 赣州市 (3607xx): only 信丰县's project and department, and the county itself.
    assert _found(engine, "36", kinds=("project",), within="360700") == [
        ("project", "36072217001")
    ]
    assert _found(engine, "xinfeng", within="360700") == [
        ("region", "360722"),
        ("department", "XF01"),
    ]
    assert _found(engine, "xinfeng", within="360100") == []
    # 2016 has one project-year: 36000017001 of 江西省教育厅 (南昌县教育局 and 学前教育补助,
    # which also hold 教育, have 2017 only).
    hits = ds.search(engine, "教育", kinds=("department", "project"), year=2016)
    assert [(h.kind, h.code, h.year) for h in hits] == [
        ("department", "D001", 2016),
        ("project", "36000017001", 2016),
    ]
    # The year does not narrow regions (they have none).
    assert _found(engine, "xinfeng", kinds=("region",), year=2016) == [("region", "360722")]


def test_projects_by_their_target_and_result_texts(engine) -> None:
    """Overall targets, results and indicator names from projects.csv and
    indicators.csv; each project once, in its latest public year that matches."""
    hits = ds.search(engine, "万平方米", kinds=("indicator",))
    assert [(h.code, h.year, h.excerpt) for h in hits] == [
        ("36000017001", 2017, "改造薄弱学校校舍1.2万平方米")
    ]
    hits = ds.search(engine, "基本完成", kinds=("indicator",))  # the 2016 result only
    assert [(h.code, h.year, h.excerpt) for h in hits] == [("36000017001", 2016, "基本完成")]
    hits = ds.search(engine, "满意度", kinds=("indicator",))  # an indicator's name
    assert [(h.code, h.year, h.excerpt) for h in hits] == [("36000017001", 2017, "学生家长满意度")]
    hits = ds.search(engine, "人次", kinds=("indicator",))
    assert [(h.code, h.excerpt, h.total) for h in hits] == [
        ("36000017002", "培训基层医务人员2000人次", 1)
    ]
    # The withheld project's indicator (系统可用率) is not found.
    assert ds.search(engine, "系统可用率") == []


def test_an_excerpt_is_cut_around_the_match() -> None:
    text = "甲" * 100 + "目标" + "乙" * 100
    cut = ds.excerpt(text, "目标", width=20)
    assert cut.startswith("…") and cut.endswith("…") and "目标" in cut
    assert len(cut) == 22
    assert ds.excerpt("短句", "短") == "短句"


def test_a_version_8_database_is_upgraded_and_gets_its_search_keys(engine, db_url: str) -> None:
    """A database of schema 8 has no ``name_key``: ``migrate`` creates and fills it, and
    pinyin finds departments and projects again."""
    from data_access.db.schema import NameKey
    from tests.package_builders import migrate_from

    migrate_from(engine, db_url, 8, NameKey)
    assert _found(engine, "ncxjyj", kinds=("department",)) == [("department", "NCX1")]
    assert _found(engine, "ncglyh", kinds=("project",)) == [("project", "36072217001")]
