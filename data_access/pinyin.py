"""Pinyin search keys: a name's syllables written together ("信丰县" -> "xinfengxian"), their
initials ("xfx"), the visitor's Latin text as such a key, and the ``name_key`` table that
stores the keys of every published name.

Why here, in the data layer: the site search matches pinyin in SQL (``reads.search``), so
the keys must be in the database, written when names are written; and the dashboard
(``dashboard.core.romanise``) spells regions from the same library. Why stored, not
computed at search time: pypinyin runs in Python, and a search of every project's pinyin
(202,205 project-years in the Jiangxi demo) must not load the projects.

When the keys are written: :func:`fill_name_keys`, at the end of every write
(``metrics.rollups.refresh``: imports, the demo, rollbacks) and of ``migrate``, for the
names that have no row yet. Keyed by the name itself (``schema.NameKey``), so renamed
and versioned names (``region_name``, ``department_name``) get theirs the same way.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import Style, lazy_pinyin
from sqlalchemy import Connection, exists, insert, select, union

from data_access.db.schema import (
    Department,
    DepartmentName,
    NameKey,
    ProjectYear,
    Region,
    RegionName,
)

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
# Rows per INSERT of :func:`fill_name_keys` (a first fill of the full demo writes tens of
# thousands of names).
_BATCH = 2000


@lru_cache(maxsize=8192)
def pinyin_key(name: str) -> str:
    """A name's syllables written together in lower case ("信丰县" -> "xinfengxian";
    ü as "v", as typed on a keyboard: 吕梁 -> "lvliang"); other characters are kept,
    lower case."""
    return "".join(lazy_pinyin(name, style=Style.NORMAL)).lower()


@lru_cache(maxsize=8192)
def pinyin_initials(name: str) -> str:
    """The first letter of each syllable ("定南县" -> "dnx"); a run of other characters
    ("G105") counts as one syllable and gives its first character, lower case."""
    return "".join(s[:1] for s in lazy_pinyin(name, style=Style.NORMAL)).lower()


def pinyin_query(text: str) -> str | None:
    """The visitor's Latin text as a pinyin key ("Xinfeng County" -> "xinfeng",
    "xi'an" -> "xian", "lü" -> "lv"); None when it holds anything but Latin letters,
    spaces, apostrophes and hyphens (then it is a name or a code, not pinyin), or is
    shorter than two letters (one letter would find half the names)."""
    lowered = text.lower().replace("ü", "v")
    if not lowered or not re.fullmatch(r"[a-z' \-]+", lowered):
        return None
    words = [w for w in re.split(r"[\s\-]+", lowered.replace("'", "")) if w]
    while len(words) > 1 and words[-1] in _GENERIC_WORDS:
        words.pop()
    key = "".join(words)
    return key if len(key) >= 2 else None


def fill_name_keys(conn: Connection) -> int:
    """Write the keys of every stored name that has none yet (regions, their versioned
    names, departments, theirs, projects); returns how many were written.

    Call inside the writing transaction, after the rows are written. One query when
    nothing is missing; names are never deleted from ``name_key`` (a retired name is
    still searched as of the releases that published it)."""
    names = union(
        select(Region.name),
        select(RegionName.name),
        select(Department.name),
        select(DepartmentName.name),
        select(ProjectYear.project_name),
    ).subquery()
    missing = (
        conn.execute(select(names.c.name).where(~exists().where(NameKey.name == names.c.name)))
        .scalars()
        .all()
    )
    rows = [
        {"name": name, "pinyin": pinyin_key(name), "initials": pinyin_initials(name)}
        for name in missing
    ]
    for start in range(0, len(rows), _BATCH):
        conn.execute(insert(NameKey), rows[start : start + _BATCH])
    return len(rows)
