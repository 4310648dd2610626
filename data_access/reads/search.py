"""Site search: regions, departments and projects by name, code and (regions) pinyin,
full ("xinfeng") or initials ("xfx").

Why here and not in the page: the same answer must serve the search box of every page
and the project search of ``/project``, and it is a database question with the
disclosure rule attached (a withheld project-year is never found, and a department
with only withheld project-years is not either, as in ``queries.departments``).

How it stays cheap:

- names and codes are matched in SQL with ``LIKE`` on the visitor's text escaped, so
  ``%`` and ``_`` are literal characters, never wildcards; each kind is one query with
  its own ``LIMIT``: no table is loaded whole;
- pinyin ("xinfeng" for 信丰县) cannot be matched in SQL without a column the schema
  does not have, so regions carry an in-memory index (:func:`region_index`) of the
  published area only (a province's ~100 regions, at most the ~3,240 of the gazetteer),
  which the caller caches per release stamp. Pinyin comes from pypinyin, the library
  ``dashboard.core.romanise`` uses for the regions' standard romanisation, so "xinfeng",
  "Xinfeng" and "Xinfeng County" all find 信丰县.

Results never carry figures, only what a link to the right view needs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import Style, lazy_pinyin
from sqlalchemy import case, func, or_, select
from sqlalchemy.sql import ColumnElement

from data_access import disclosure
from data_access.db.schema import Department, ProjectYear, Region, RegionAncestor
from data_access.db.sql_helpers import (
    Bind,
    connection,
    department_name,
    region_existed,
    region_name,
    visible,
)

KINDS: tuple[str, ...] = ("region", "department", "project")
MAX_TEXT = 100
_LEVEL_ORDER = {"province": 0, "city": 1, "county": 2}
# English generics of romanised names ("Xinfeng County"): dropped before the pinyin match.
_GENERIC_WORDS = frozenset(
    {
        "county",
        "district",
        "city",
        "province",
        "banner",
        "league",
        "prefecture",
        "autonomous",
        "region",
        "area",
        "new",
        "forestry",
        "sar",
    }
)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class SearchHit:
    """One result: what it is, its code and published name, and where it lives.

    ``year`` is the latest fiscal year with public project-years (departments and
    projects; None for regions), so a link opens a view that has something to show.
    ``department_code`` is a project's department. ``total`` is how many results of
    its kind the text has in all (a list shows at most ``limit``): read in the same
    statement (``COUNT(*) OVER ()``), so "29 departments, the first 8 shown" costs no
    second query.
    """

    kind: str
    code: str
    name: str
    region_code: str
    region_name: str
    year: int | None = None
    department_code: str | None = None
    total: int = 0


@dataclass(frozen=True)
class RegionEntry:
    """A region of the published area with its pinyin key ("xinfengxian") and the
    initials of its syllables ("xfx"), as people type a place's abbreviation."""

    code: str
    name: str
    level: str
    key: str
    initials: str = ""

    @classmethod
    def of(cls, code: str, name: str, level: str) -> RegionEntry:
        return cls(code, name, level, pinyin_key(name), pinyin_initials(name))

    def matches(self, key: str) -> bool:
        """Whether the pinyin ``key`` is in the full pinyin, or begins the initials
        ("dnx", "dn" for 定南县; initials only as a beginning: "n" would find half
        the gazetteer)."""
        return key in self.key or (len(key) >= 2 and self.initials.startswith(key))


def normalise(text: str) -> str:
    """The visitor's text as searched: full-width forms folded (NFKC), control
    characters dropped, spaces collapsed, at most ``MAX_TEXT`` characters."""
    folded = unicodedata.normalize("NFKC", text or "")
    folded = "".join(ch for ch in folded if unicodedata.category(ch)[0] != "C" or ch == " ")
    return _SPACES.sub(" ", folded).strip()[:MAX_TEXT]


def like_pattern(text: str, *, prefix: bool = False) -> str:
    """A ``LIKE`` pattern matching ``text`` literally (escape character ``\\``)."""
    literal = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{literal}%" if prefix else f"%{literal}%"


@lru_cache(maxsize=8192)
def pinyin_key(name: str) -> str:
    """A name's syllables written together in lower case ("信丰县" -> "xinfengxian";
    ü as "v", as typed on a keyboard: 吕梁 -> "lvliang")."""
    return "".join(lazy_pinyin(name, style=Style.NORMAL)).lower()


@lru_cache(maxsize=8192)
def pinyin_initials(name: str) -> str:
    """The first letter of each syllable ("定南县" -> "dnx"); a non-Chinese character
    is kept as it is, lower case."""
    return "".join(s[:1] for s in lazy_pinyin(name, style=Style.NORMAL)).lower()


def pinyin_query(text: str) -> str | None:
    """The visitor's Latin text as a pinyin key ("Xinfeng County" -> "xinfeng",
    "xi'an" -> "xian", "lü" -> "lv"); None when it holds anything but Latin letters,
    spaces, apostrophes and hyphens (then it is a name or a code, not pinyin)."""
    lowered = text.lower().replace("ü", "v")
    if not lowered or not re.fullmatch(r"[a-z' \-]+", lowered):
        return None
    words = [w for w in re.split(r"[\s\-]+", lowered.replace("'", "")) if w]
    while len(words) > 1 and words[-1] in _GENERIC_WORDS:
        words.pop()
    key = "".join(words)
    return key if len(key) >= 2 else None


def _published_area(release: int | None) -> ColumnElement[bool]:
    """Regions of the provinces that hold project-years (as of ``release``): the area a
    search may lead to. A county without projects still belongs to it (its page says
    so); a province of the gazetteer without any published data does not."""
    with_data = select(ProjectYear.region_code).where(visible(release)).distinct()
    provinces = (
        select(RegionAncestor.ancestor_code)
        .join(Region, Region.code == RegionAncestor.ancestor_code)
        .where(Region.parent_code.is_(None), RegionAncestor.descendant_code.in_(with_data))
    )
    area = select(RegionAncestor.descendant_code).where(RegionAncestor.ancestor_code.in_(provinces))
    return Region.code.in_(area)


def region_index(bind: Bind, *, release: int | None = None) -> tuple[RegionEntry, ...]:
    """Every region of the published area with its pinyin key, ordered by code.

    One query of names (no figures); cache the answer per release stamp."""
    with connection(bind) as conn:
        rows = conn.execute(
            select(Region.code, region_name(release).label("name"), Region.level)
            .where(_published_area(release), region_existed(release))
            .order_by(Region.code)
        ).all()
    return tuple(RegionEntry.of(r.code, r.name, r.level) for r in rows)


def _region_rank(entry: RegionEntry, text: str, key: str | None) -> tuple[int, int, str]:
    exact = entry.name == text or entry.code == text or key in (entry.key, entry.initials)
    starts = entry.name.startswith(text) or (key is not None and entry.key.startswith(key))
    return (0 if exact else 1 if starts else 2, _LEVEL_ORDER.get(entry.level, 3), entry.code)


def _regions(
    bind: Bind,
    text: str,
    limit: int,
    release: int | None,
    index: Sequence[RegionEntry] | None,
) -> list[SearchHit]:
    """Regions by name or code (SQL ``LIKE``) and by pinyin (the index)."""
    with connection(bind) as conn:
        rows = conn.execute(
            select(
                Region.code,
                region_name(release).label("name"),
                Region.level,
                func.count().over().label("total"),
            )
            .where(
                _published_area(release),
                region_existed(release),
                or_(
                    region_name(release).like(like_pattern(text), escape="\\"),
                    Region.code.like(like_pattern(text, prefix=True), escape="\\"),
                ),
            )
            .order_by(Region.code)
            .limit(limit * 4)
        ).all()
    found = {r.code: RegionEntry.of(r.code, r.name, r.level) for r in rows}
    total = rows[0].total if rows else 0
    key = pinyin_query(text)
    if key is not None:
        for entry in index if index is not None else region_index(bind, release=release):
            if entry.matches(key) and entry.code not in found:
                found[entry.code] = entry
                total += 1
    ranked = sorted(found.values(), key=lambda e: _region_rank(e, text, key))[:limit]
    return [SearchHit("region", e.code, e.name, e.code, e.name, total=total) for e in ranked]


def _departments(bind: Bind, text: str, limit: int, release: int | None) -> list[SearchHit]:
    """Departments with public project-years (as of ``release``) by name or code."""
    latest = func.max(ProjectYear.fiscal_year).label("year")
    name = department_name(release)
    exact = case((Department.code == text, 0), (name == text, 0), else_=1)
    starts = case((name.like(like_pattern(text, prefix=True), escape="\\"), 0), else_=1)
    stmt = (
        select(
            Department.code,
            name.label("name"),
            Department.region_code,
            region_name(release).label("region_name"),
            latest,
            func.count().over().label("total"),
        )
        .join(ProjectYear, ProjectYear.department_id == Department.id)
        .join(Region, Region.code == Department.region_code)
        .where(
            visible(release),
            disclosure.public(),
            or_(
                name.like(like_pattern(text), escape="\\"),
                Department.code.ilike(like_pattern(text), escape="\\"),
            ),
        )
        .group_by(
            Department.id,
            Department.code,
            Department.name,
            Department.region_code,
            Region.code,
            Region.name,
        )
        # Best matches first, then the upper levels' departments (by region code).
        .order_by(exact, starts, Department.region_code, Department.code)
        .limit(limit)
    )
    with connection(bind) as conn:
        rows = conn.execute(stmt).all()
    return [
        SearchHit(
            "department", r.code, r.name, r.region_code, r.region_name, int(r.year), total=r.total
        )
        for r in rows
    ]


def _projects(bind: Bind, text: str, limit: int, release: int | None) -> list[SearchHit]:
    """Projects by name or code, each once, in its latest public year that matches."""
    matches = or_(
        ProjectYear.project_name.like(like_pattern(text), escape="\\"),
        ProjectYear.project_code.ilike(like_pattern(text), escape="\\"),
    )
    latest = (
        select(ProjectYear.project_code, func.max(ProjectYear.fiscal_year).label("year"))
        .where(visible(release), disclosure.public(), matches)
        .group_by(ProjectYear.project_code)
        .subquery()
    )
    exact = case(
        (ProjectYear.project_code == text, 0), (ProjectYear.project_name == text, 0), else_=1
    )
    starts = case(
        (ProjectYear.project_name.like(like_pattern(text, prefix=True), escape="\\"), 0), else_=1
    )
    stmt = (
        select(
            ProjectYear.project_code,
            ProjectYear.project_name,
            ProjectYear.region_code,
            ProjectYear.fiscal_year,
            region_name(release).label("region_name"),
            Department.code.label("department_code"),
            func.count().over().label("total"),
        )
        .join(
            latest,
            (latest.c.project_code == ProjectYear.project_code)
            & (latest.c.year == ProjectYear.fiscal_year),
        )
        .join(Region, Region.code == ProjectYear.region_code)
        .join(Department, Department.id == ProjectYear.department_id)
        .where(visible(release), disclosure.public())
        .order_by(exact, starts, ProjectYear.region_code, ProjectYear.project_code)
        .limit(limit)
    )
    with connection(bind) as conn:
        rows = conn.execute(stmt).all()
    return [
        SearchHit(
            "project",
            r.project_code,
            r.project_name,
            r.region_code,
            r.region_name,
            int(r.fiscal_year),
            r.department_code,
            total=r.total,
        )
        for r in rows
    ]


def search(
    bind: Bind,
    text: str,
    *,
    limit: int = 8,
    release: int | None = None,
    kinds: Sequence[str] = KINDS,
    regions: Sequence[RegionEntry] | None = None,
) -> list[SearchHit]:
    """Regions, then departments, then projects matching ``text`` (as of ``release``;
    None: the latest), at most ``limit`` of each kind, best matches first (exact name
    or code, then names that begin with the text, then the rest).

    ``regions``: the cached :func:`region_index` of the same release, when the caller
    keeps one; without it the index is read for this search. Empty text finds nothing.
    """
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown:
        raise ValueError(f"kinds must be among {KINDS}, not {unknown}")
    if limit < 1:
        raise ValueError("limit must be at least 1")
    needle = normalise(text)
    if not needle:
        return []
    hits: list[SearchHit] = []
    if "region" in kinds:
        hits += _regions(bind, needle, limit, release, regions)
    if "department" in kinds:
        hits += _departments(bind, needle, limit, release)
    if "project" in kinds:
        hits += _projects(bind, needle, limit, release)
    return hits
