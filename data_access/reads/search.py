"""Site search: regions, departments and projects by name, code and pinyin, full
("xinfeng", "xiangcunzhenxing") or initials ("xfx", "dnx"), and projects by the text of
their targets and results; counted, paged and filtered by region and year.

Why here and not in the page: the same answer must serve the search box of every page
and the project search of ``/project``, and it is a database question with the
disclosure rule attached (a withheld project-year is never found, and a department
with only withheld project-years is not either, as in ``queries.departments``).

How it stays cheap:

- names, codes and texts are matched in SQL with ``LIKE`` on the visitor's text
  escaped, so ``%`` and ``_`` are literal characters, never wildcards; each kind is one
  query with its own ``LIMIT`` and ``OFFSET`` (a page), and its total is read in the
  same statement (``COUNT(*) OVER ()``): no table is loaded whole;
- pinyin is matched in SQL too, against the keys stored for every name
  (``schema.NameKey``, written by ``data_access.pinyin`` after every write), joined to
  the very name expression a kind shows (a name as of a pinned release has its keys).

Ranking, every kind alike: exact (the name, the code, the whole pinyin or the whole
initials) before prefix (the name, the code, the pinyin or the initials begin with the
text) before the rest; then upper levels first (by region code), then by code.

Target and result texts (kind ``indicator``): a project-year's overall target and
overall result and its indicators' names, one hit per project in its latest public year
that matches, with the matching text as the excerpt. Contains only: these are
sentences, not names.

Results never carry figures, only what a link to the right view needs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.sql import ColumnElement

from data_access import disclosure
from data_access.db.schema import (
    Department,
    Indicator,
    NameKey,
    ProjectYear,
    Region,
    RegionAncestor,
)
from data_access.db.sql_helpers import (
    Bind,
    connection,
    department_name,
    region_existed,
    region_name,
    visible,
)
from data_access.pinyin import pinyin_query

KINDS: tuple[str, ...] = ("region", "department", "project", "indicator")
MAX_TEXT = 100
# Characters of a target or result text shown around the match.
EXCERPT = 60
_LEVEL_ORDER = {"province": 0, "city": 1, "county": 2}
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class SearchHit:
    """One result: what it is, its code and published name, and where it lives.

    ``year`` is the latest fiscal year with public project-years that match (departments,
    projects and texts; None for regions), so a link opens a view that has something to
    show. ``department_code`` is a project's department. ``total`` is how many results
    of its kind the text has in all (a list shows one page of them): read in the same
    statement (``COUNT(*) OVER ()``), so "29 departments, showing 1–20" costs no second
    query. ``excerpt``: for a target or result text, the text around the match.
    """

    kind: str
    code: str
    name: str
    region_code: str
    region_name: str
    year: int | None = None
    department_code: str | None = None
    total: int = 0
    excerpt: str | None = None


@dataclass(frozen=True)
class SearchPage:
    """One page of one kind's results: the hits, how many there are in all, and the
    page shown (1-based; a page past the end is the last one)."""

    kind: str
    hits: tuple[SearchHit, ...]
    total: int
    page: int
    size: int

    @property
    def first(self) -> int:
        """The position of the first hit shown (1-based; 0 when there is none)."""
        return (self.page - 1) * self.size + 1 if self.hits else 0

    @property
    def last(self) -> int:
        return (self.page - 1) * self.size + len(self.hits)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


@dataclass(frozen=True)
class Needle:
    """The visitor's text as searched, and as a pinyin key when it is Latin letters."""

    text: str
    key: str | None

    @classmethod
    def of(cls, text: str) -> Needle:
        return cls(text, pinyin_query(text))


def normalise(text: str) -> str:
    """The visitor's text as searched: full-width forms folded (NFKC), control
    characters dropped, spaces collapsed, at most ``MAX_TEXT`` characters."""
    folded = unicodedata.normalize("NFKC", text or "")
    folded = "".join(ch for ch in folded if unicodedata.category(ch)[0] != "C" or ch == " ")
    return _SPACES.sub(" ", folded).strip()[:MAX_TEXT]


def like_pattern(text: str, *, prefix: bool = False) -> str:
    """A ``LIKE`` pattern matching ``text`` literally (escape character ``\\``)."""
    literal_text = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{literal_text}%" if prefix else f"%{literal_text}%"


def _like(column: Any, text: str, *, prefix: bool = False, fold: bool = False) -> Any:
    pattern = like_pattern(text, prefix=prefix)
    if fold:
        return column.ilike(pattern, escape="\\")
    return column.like(pattern, escape="\\")


def _names(*conditions: Any) -> Select[Any]:
    """The names whose stored keys meet ``conditions``: a set read once per statement
    (not correlated), so a search of 202,205 project-years compares each name with a
    set of matching names instead of joining the keys to every row."""
    return select(NameKey.name).where(*conditions)


def _pinyin_like(key: str) -> Any:
    """The full pinyin or the initials contain ``key``; a key of two letters only as
    their beginning ("dn" is 定南县 by its initials, not every name with "dn" or "gl"
    somewhere in its syllables: "nongcungonglu")."""
    short = len(key) < 3
    return or_(_like(NameKey.pinyin, key, prefix=short), _like(NameKey.initials, key, prefix=short))


def _matched(needle: Needle, name: Any, code: Any, *, code_prefix: bool) -> Any:
    """The name or code contains the text, or the name's pinyin or initials contain
    its key (:func:`_pinyin_like`)."""
    found = [_like(name, needle.text), _like(code, needle.text, prefix=code_prefix, fold=True)]
    if needle.key is not None:
        found.append(name.in_(_names(_pinyin_like(needle.key))))
    return or_(*found)


def _rank(needle: Needle, name: Any, code: Any) -> ColumnElement[int]:
    """0 exact, 1 prefix, 2 contains (module docstring)."""
    exact = [name == needle.text, func.lower(code) == needle.text.lower()]
    starts = [
        _like(name, needle.text, prefix=True),
        _like(code, needle.text, prefix=True, fold=True),
    ]
    if needle.key is not None:
        key = needle.key
        exact.append(name.in_(_names(or_(NameKey.pinyin == key, NameKey.initials == key))))
        starts.append(
            name.in_(
                _names(
                    or_(
                        _like(NameKey.pinyin, key, prefix=True),
                        _like(NameKey.initials, key, prefix=True),
                    )
                )
            )
        )
    return case((or_(*exact), 0), (or_(*starts), 1), else_=2)


def _below(region: str) -> Select[Any]:
    """The codes of ``region`` and every region under it (the closure table)."""
    return select(RegionAncestor.descendant_code).where(RegionAncestor.ancestor_code == region)


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


def region_choices(bind: Bind, *, release: int | None = None) -> tuple[tuple[str, str, str], ...]:
    """Every region of the published area (code, name as of ``release``, level), ordered
    by code: what the search's region filter offers. One query of names, no figures."""
    with connection(bind) as conn:
        rows = conn.execute(
            select(Region.code, region_name(release).label("name"), Region.level)
            .where(_published_area(release), region_existed(release))
            .order_by(Region.code)
        ).all()
    return tuple((r.code, r.name, r.level) for r in rows)


@dataclass(frozen=True)
class _Ask:
    """One kind's question: the text, the page (``limit``, ``offset``) and the filters."""

    needle: Needle
    limit: int
    offset: int
    release: int | None
    within: str | None
    year: int | None


def _regions(conn: Any, ask: _Ask) -> list[SearchHit]:
    """Regions by name, code (its beginning) and pinyin; the year filter does not apply."""
    name = region_name(ask.release)
    level = case(_LEVEL_ORDER, value=Region.level, else_=len(_LEVEL_ORDER))
    conditions = [
        _published_area(ask.release),
        region_existed(ask.release),
        _matched(ask.needle, name, Region.code, code_prefix=True),
    ]
    if ask.within is not None:
        conditions.append(Region.code.in_(_below(ask.within)))
    rows = conn.execute(
        select(Region.code, name.label("name"), func.count().over().label("total"))
        .where(*conditions)
        .order_by(_rank(ask.needle, name, Region.code), level, Region.code)
        .limit(ask.limit)
        .offset(ask.offset)
    ).all()
    return [SearchHit("region", r.code, r.name, r.code, r.name, total=r.total) for r in rows]


def _project_years(ask: _Ask) -> list[ColumnElement[bool]]:
    """The public project-years (as of the release) within the region and year asked."""
    conditions = [visible(ask.release), disclosure.public()]
    if ask.within is not None:
        conditions.append(ProjectYear.region_code.in_(_below(ask.within)))
    if ask.year is not None:
        conditions.append(ProjectYear.fiscal_year == ask.year)
    return conditions


def _departments(conn: Any, ask: _Ask) -> list[SearchHit]:
    """Departments with public project-years (as of the release; in the year asked) by
    name, code or pinyin."""
    name = department_name(ask.release)
    stmt = (
        select(
            Department.code,
            name.label("name"),
            Department.region_code,
            region_name(ask.release).label("region_name"),
            func.max(ProjectYear.fiscal_year).label("year"),
            func.count().over().label("total"),
        )
        .join(ProjectYear, ProjectYear.department_id == Department.id)
        .join(Region, Region.code == Department.region_code)
        .where(
            *_project_years(ask),
            _matched(ask.needle, name, Department.code, code_prefix=False),
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
        .order_by(
            _rank(ask.needle, name, Department.code),
            Department.region_code,
            Department.code,
        )
        .limit(ask.limit)
        .offset(ask.offset)
    )
    return [
        SearchHit(
            "department", r.code, r.name, r.region_code, r.region_name, int(r.year), total=r.total
        )
        for r in conn.execute(stmt).all()
    ]


def _latest(ask: _Ask, matched: ColumnElement[bool]) -> Any:
    """Each matching project's latest public year (as of the release, within the
    filters): the subquery that makes every project one hit."""
    return (
        select(ProjectYear.project_code, func.max(ProjectYear.fiscal_year).label("year"))
        .where(*_project_years(ask), matched)
        .group_by(ProjectYear.project_code)
        .subquery()
    )


def _project_hits(conn: Any, ask: _Ask, latest: Any, rank: ColumnElement[int] | None) -> list[Any]:
    """The page of projects ``latest`` found, each in its year there, with the total:
    best ranked first (``rank``), then by region code and project code."""
    order = [] if rank is None else [rank]
    stmt = (
        select(
            ProjectYear.id,
            ProjectYear.project_code,
            ProjectYear.project_name,
            ProjectYear.region_code,
            ProjectYear.fiscal_year,
            ProjectYear.overall_target,
            ProjectYear.overall_result,
            region_name(ask.release).label("region_name"),
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
        .where(visible(ask.release), disclosure.public())
        .order_by(*order, ProjectYear.region_code, ProjectYear.project_code)
        .limit(ask.limit)
        .offset(ask.offset)
    )
    return list(conn.execute(stmt).all())


def _hit(kind: str, row: Any, excerpt_text: str | None = None) -> SearchHit:
    return SearchHit(
        kind,
        row.project_code,
        row.project_name,
        row.region_code,
        row.region_name,
        int(row.fiscal_year),
        row.department_code,
        total=row.total,
        excerpt=excerpt_text,
    )


def _projects(conn: Any, ask: _Ask) -> list[SearchHit]:
    """Projects by name, code or pinyin, each once, in its latest public year that
    matches."""
    name, code = ProjectYear.project_name, ProjectYear.project_code
    latest = _latest(ask, _matched(ask.needle, name, code, code_prefix=False))
    rows = _project_hits(conn, ask, latest, _rank(ask.needle, name, code))
    return [_hit("project", row) for row in rows]


def _indicators(conn: Any, ask: _Ask) -> list[SearchHit]:
    """Projects whose target or result texts contain the text (no pinyin: sentences),
    each once, in its latest public year that matches, with the matching text.

    The project-years matched are one set read by two plain scans (their own targets
    and results; the indicators' names), not a join of every indicator to its
    project-year; the page's indicator names are read afterwards, for its hits only."""
    text = ask.needle.text
    by_indicator = select(Indicator.project_year_id).where(_like(Indicator.name, text))
    own = or_(_like(ProjectYear.overall_target, text), _like(ProjectYear.overall_result, text))
    latest = _latest(ask, or_(own, ProjectYear.id.in_(by_indicator)))
    rows = _project_hits(conn, ask, latest, None)
    folded = text.lower()  # as LIKE compares Latin letters on SQLite

    def own_text(row: Any) -> str | None:
        return next(
            (t for t in (row.overall_target, row.overall_result) if t and folded in t.lower()),
            None,
        )

    wanted = [row.id for row in rows if own_text(row) is None]
    named: dict[int, str] = {}
    if wanted:
        named = dict(
            conn.execute(
                select(Indicator.project_year_id, func.min(Indicator.name))
                .where(Indicator.project_year_id.in_(wanted), _like(Indicator.name, text))
                .group_by(Indicator.project_year_id)
            ).all()
        )
    hits = []
    for row in rows:
        found = own_text(row) or named.get(row.id, "")
        hits.append(_hit("indicator", row, excerpt(found, text)))
    return hits


def excerpt(found: str, text: str, width: int = EXCERPT) -> str:
    """``found`` cut to about ``width`` characters around the first ``text`` in it, an
    ellipsis where it was cut."""
    found = " ".join(found.split())
    if len(found) <= width:
        return found
    at = max(found.find(text), 0)
    start = max(0, min(at - (width - len(text)) // 2, len(found) - width))
    cut = found[start : start + width]
    return ("…" if start else "") + cut + ("…" if start + width < len(found) else "")


_READERS = {
    "region": _regions,
    "department": _departments,
    "project": _projects,
    "indicator": _indicators,
}


def _check(kinds: Sequence[str], limit: int) -> None:
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown:
        raise ValueError(f"kinds must be among {KINDS}, not {unknown}")
    if limit < 1:
        raise ValueError("limit must be at least 1")


def search(
    bind: Bind,
    text: str,
    *,
    limit: int = 8,
    offset: int = 0,
    release: int | None = None,
    kinds: Sequence[str] = KINDS,
    within: str | None = None,
    year: int | None = None,
) -> list[SearchHit]:
    """Regions, then departments, then projects, then target and result texts matching
    ``text`` (as of ``release``; None: the latest), ``limit`` of each kind from
    ``offset`` on, best matches first (module docstring).

    ``within``: only what lies in that region or below it; ``year``: only departments
    and projects with public project-years in that fiscal year (regions have no year).
    Empty text finds nothing.
    """
    _check(kinds, limit)
    needle = normalise(text)
    if not needle:
        return []
    ask = _Ask(Needle.of(needle), limit, max(offset, 0), release, within, year)
    hits: list[SearchHit] = []
    with connection(bind) as conn:
        for kind in KINDS:
            if kind in kinds:
                hits += _READERS[kind](conn, ask)
    return hits


def search_page(
    bind: Bind,
    text: str,
    kind: str,
    *,
    page: int = 1,
    size: int = 20,
    release: int | None = None,
    within: str | None = None,
    year: int | None = None,
) -> SearchPage:
    """Page ``page`` (1-based) of ``size`` results of one ``kind``, with their total; a
    page past the end gives the last page (a link kept after an import that shortened
    the list still shows results)."""
    _check((kind,), size)
    page = max(page, 1)
    options: dict[str, Any] = {"release": release, "kinds": (kind,), "within": within, "year": year}
    hits = search(bind, text, limit=size, offset=(page - 1) * size, **options)
    if not hits and page > 1:
        counted = search(bind, text, limit=1, **options)
        if counted:
            page = -(-counted[0].total // size)
            hits = search(bind, text, limit=size, offset=(page - 1) * size, **options)
    total = hits[0].total if hits else 0
    return SearchPage(kind, tuple(hits), total, page if hits else 1, size)
