"""Region names in their standard romanisation, for the English pages.

Why: an English reader cannot read, search or say 信丰县; the standard form of Chinese
place names in Latin letters (GB/T 16159 Hanyu Pinyin, as used on maps and in official
English) is "Xinfeng County". The syllables come from a maintained library (pypinyin,
whose phrase dictionary resolves most readings of place names), never from a hand-made
table. The rules applied on top are the standard ones: syllables of a name are written
together, with an apostrophe before a syllable that begins with a, o or e (Xi'an);
ü stays ü (Lüliang); the generic part is translated (县 County, 区 District, 自治县
Autonomous County, 旗 Banner ...), while the generic of provinces and of cities (省, 市)
is dropped as in common English usage (Jiangxi, Ganzhou, Ruijin).

Department and project names are not romanised: they are published names, shown as
published with their code.

Not covered yet: ethnic groups in the names of autonomous areas (峨边彝族自治县 is
"Ebian Yi Autonomous County", this module writes "Ebianyizu ...") and conventional
English names (内蒙古 "Inner Mongolia"); none occurs in Jiangxi.
"""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin

# Longest first: 自治县 before 县. An empty English part drops the generic.
GENERICS: tuple[tuple[str, str], ...] = (
    ("特别行政区", "SAR"),
    ("维吾尔自治区", "Uygur Autonomous Region"),
    ("壮族自治区", "Zhuang Autonomous Region"),
    ("回族自治区", "Hui Autonomous Region"),
    ("自治区", "Autonomous Region"),
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
    ("林区", "Forestry District"),
    ("新区", "New Area"),
    ("地区", "Prefecture"),
    ("省", ""),
    ("市", ""),
    ("县", "County"),
    ("区", "District"),
    ("旗", "Banner"),
    ("盟", "League"),
)
_VOWEL_START = ("a", "o", "e")


def pinyin_word(text: str) -> str:
    """Chinese characters as one capitalised pinyin word ("信丰" -> "Xinfeng",
    "西安" -> "Xi'an", "吕梁" -> "Lüliang"); other characters are kept."""
    syllables = lazy_pinyin(text, style=Style.NORMAL, v_to_u=True, errors="default")
    word = ""
    for syllable in syllables:
        if word and syllable[:1].lower() in _VOWEL_START and word[-1:].isalpha():
            word += "'"
        word += syllable
    return word[:1].upper() + word[1:]


def romanise_name(name: str, *, generic: bool = True) -> str:
    """A Chinese region name in its standard romanisation ("信丰县" -> "Xinfeng County";
    without ``generic``: "Xinfeng", the short form a map label has room for).

    A one-character stem keeps its generic in the word (赣县 -> "Ganxian", as a name
    such as 赣县区 -> "Ganxian District" shows); a name with no known generic is
    romanised as a whole.
    """
    text = name.strip()
    for chinese, english in GENERICS:
        stem = text.removesuffix(chinese)
        if stem != text and len(stem) >= 2:
            word = pinyin_word(stem)
            return f"{word} {english}" if english and generic else word
    return pinyin_word(text)


@lru_cache(maxsize=4096)
def romanise(code: str, name: str | None = None) -> str:
    """The romanised name of the region ``code``: of ``name`` when given (a published
    name, e.g. of an abolished county), else of the gazetteer's name for the code."""
    if name is None:
        from data_access.regions import load_gazetteer

        found = next((r.name for r in load_gazetteer() if r.code == code), None)
        if found is None:
            return code
        name = found
    return romanise_name(name)


def region_label(code: str, name: str, lang: str) -> str:
    """A region's name as an English or Chinese page shows it: romanised in English,
    as published in Chinese."""
    return romanise(code, name) if lang == "en" else name


def map_label(code: str, name: str, lang: str) -> str:
    """A region's name drawn on a map: as published in Chinese, the romanised name
    without its generic in English ("Xinfeng"), since the full form overlaps its
    neighbours on a phone-wide county map (the tooltip and tables give the full name)."""
    return romanise_name(name, generic=False) if lang == "en" else name
