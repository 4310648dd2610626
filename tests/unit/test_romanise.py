"""Region names romanised for English pages (dashboard.core.romanise, pypinyin)."""

from __future__ import annotations

import pytest

from dashboard.core.romanise import map_label, pinyin_word, region_label, romanise, romanise_name


def test_codes_from_the_gazetteer() -> None:
    assert romanise("360722") == "Xinfeng County"
    assert romanise("360700") == "Ganzhou"
    assert romanise("360000") == "Jiangxi"
    # A county-level city keeps no generic, as in common English usage.
    assert romanise("360781") == "Ruijin"


def test_unknown_code_without_a_name_is_the_code() -> None:
    assert romanise("999999") == "999999"


def test_a_published_name_wins_over_the_gazetteer() -> None:
    # An abolished county (not in today's gazetteer) is romanised from its published name.
    assert romanise("360105", "湾里区") == "Wanli District"


@pytest.mark.parametrize(
    ("name", "roman"),
    [
        ("信丰县", "Xinfeng County"),
        ("章贡区", "Zhanggong District"),
        ("赣县", "Ganxian"),
        ("赣县区", "Ganxian District"),
        ("西安市", "Xi'an"),  # apostrophe before a syllable starting with a, o, e
        ("吕梁市", "Lüliang"),  # ü stays ü
        ("石城县", "Shicheng County"),
    ],
)
def test_standard_forms(name: str, roman: str) -> None:
    assert romanise_name(name) == roman


def test_pinyin_word_keeps_other_characters() -> None:
    assert pinyin_word("信丰2") == "Xinfeng2"


def test_labels_follow_the_language() -> None:
    assert region_label("360722", "信丰县", "zh") == "信丰县"
    assert region_label("360722", "信丰县", "en") == "Xinfeng County"
    assert map_label("360722", "信丰县", "en") == "Xinfeng"
    assert map_label("360722", "信丰县", "zh") == "信丰县"
