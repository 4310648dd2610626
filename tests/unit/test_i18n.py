"""Every string exists in both languages, and pages contain no literal user-facing text."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from dashboard.core.i18n import GLOSSARY_TERMS, LANGS, STRINGS, missing_translations, t
from dashboard.core.paths import PAGE_DEFS
from dashboard.specs import REGISTRY
from data_access import domain
from data_access.metrics.registry import METRICS
from tests.conftest import REPO_ROOT

CJK = re.compile(r"[\u3400-\u9fff]")


def test_every_key_has_every_language() -> None:
    assert missing_translations() == []


def test_missing_language_is_detected() -> None:
    assert missing_translations({"x": {"zh": "甲", "en": ""}}) == ["x:en"]
    assert missing_translations({"x": {"zh": "甲"}}) == ["x:en"]


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_placeholders_match_between_languages(key: str) -> None:
    fields = {
        lang: {name for _, name, _, _ in string.Formatter().parse(STRINGS[key][lang]) if name}
        for lang in LANGS
    }
    assert fields["zh"] == fields["en"], key


def test_english_strings_are_not_chinese_copies() -> None:
    """An English text may quote a Chinese term, but not be untranslated Chinese only."""
    untranslated = [
        key
        for key, texts in STRINGS.items()
        if CJK.search(texts["en"])
        and not re.search(r"[A-Za-z]", texts["en"])
        and key not in ("lang.zh",)
    ]
    assert untranslated == []


@pytest.mark.parametrize("key", [metric.key for metric in METRICS])
def test_every_registered_metric_has_a_name_and_one_definition_in_each_language(key: str) -> None:
    """The metric registry is the one list of metrics: each needs words in zh and en."""
    for prefix in ("metric", "def"):
        texts = STRINGS.get(f"{prefix}.{key}", {})
        for lang in LANGS:
            assert str(texts.get(lang, "")).strip(), f"{prefix}.{key}:{lang}"


def test_every_glossary_term_and_page_has_text() -> None:
    for term in GLOSSARY_TERMS:
        assert f"term.{term}" in STRINGS and f"def.{term}" in STRINGS
    for page in PAGE_DEFS:
        assert f"page.{page.name}" in STRINGS


@pytest.mark.parametrize(
    ("prefix", "vocabulary"),
    [
        ("grade", domain.GRADES),
        ("eval_type", domain.EVAL_TYPES),
        ("level1", domain.INDICATOR_LEVEL1),
        ("action", domain.APPLICATION_ACTIONS),
        ("app_status", domain.APPLICATION_STATUS),
        ("mon_action", domain.MONITORING_ACTIONS),
        ("comparison", domain.COMPARISONS),
        ("scope", domain.SCOPES),
    ],
)
def test_every_vocabulary_code_has_a_label(prefix: str, vocabulary: dict) -> None:
    for code in vocabulary:
        assert f"{prefix}.{code}" in STRINGS, f"{prefix}.{code}"


def test_chinese_grade_labels_match_the_data_contract() -> None:
    for code, labels in domain.GRADES.items():
        assert t(f"grade.{code}", "zh") == labels[0]


@pytest.mark.parametrize("key", sorted(REGISTRY))
def test_chart_spec_strings_exist(key: str) -> None:
    spec = REGISTRY[key]
    for name in (spec.title, spec.source, spec.footnote):
        if name:
            assert name in STRINGS, name
    for column in spec.columns:
        assert column.label in STRINGS, column.label
    for metric in spec.metrics:
        assert f"def.{metric}" in STRINGS
    for term in spec.glossary:
        assert f"def.{term}" in STRINGS


def _string_constants(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstring = ast.get_docstring(tree, clean=False)
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value != docstring
    ]


@pytest.mark.parametrize("page", sorted((REPO_ROOT / "pages").glob("*.py")), ids=lambda p: p.name)
def test_pages_hold_no_literal_user_facing_strings(page: Path) -> None:
    """Pages only pass keys and names (lower-case identifiers), never display text."""
    literals = [s for s in _string_constants(page) if not re.fullmatch(r"[a-z_.]*", s)]
    assert literals == []
