"""Every user-facing string of the dashboard, in Chinese and English.

Why one table: the language switch must change every label, heading, unit and help
text, and a test must be able to prove that no key lacks a language. Pages and
building blocks look strings up by key (``t("overview.title", lang)``) and never
contain literal user-facing text. Metric definitions live here too (``def.<metric>``)
so the About page, chart help texts and the data dictionary say the same thing.
Project and department names are data and stay as published.

Why one file per area (``frame.toml``, ``overview.toml``, …, ``web.toml``): the strings
of a page or a room sit together, found by the key's first part (``hearing.*`` in
``hearing.toml``), and a key declared in two areas is refused when the table is built.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path

LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"

# The areas, each a TOML file beside this module (``frame.toml``, …): data, not code, so
# that a translator edits text without touching Python.
AREAS: tuple[str, ...] = (
    "frame",
    "search",
    "overview",
    "trends",
    "regions",
    "explore",
    "project",
    "hearing",
    "ledger",
    "about",
    "metrics",
    "vocabulary",
    "charts",
    "press",
    "web",
)
_FOLDER = Path(__file__).resolve().parent


def _assemble() -> dict[str, dict[str, str]]:
    """Every area's strings in one table; a key declared twice is refused at import."""
    strings: dict[str, dict[str, str]] = {}
    for area in AREAS:
        table = tomllib.loads((_FOLDER / f"{area}.toml").read_text(encoding="utf-8"))
        for key, texts in table.items():
            if key in strings:
                raise ValueError(f"string {key!r} is declared twice ({area}.toml)")
            strings[key] = {lang: str(text) for lang, text in texts.items()}
    return strings


# key -> {"zh": ..., "en": ...}; ``{name}`` placeholders are filled by ``t(..., name=...)``.
STRINGS: dict[str, dict[str, str]] = _assemble()


GLOSSARY_TERMS: tuple[str, ...] = (
    "scope_own",
    "scope_all",
    "final_evaluation",
    "grades",
    "eval_types",
    "indicator_met",
    "withheld",
    "no_data",
)


def missing_translations(strings: Mapping[str, Mapping[str, str]] = STRINGS) -> list[str]:
    """``key:lang`` for every string lacking a language (empty text counts as missing)."""
    return [
        f"{key}:{lang}"
        for key, texts in strings.items()
        for lang in LANGS
        if not str(texts.get(lang, "")).strip()
    ]


# English for the standard values of two published vocabularies that packages write in
# Chinese: 支出功能分类 (the sector, by 类) and the 二级指标 of the performance
# indicator framework. Why a table and not ``t``: the text comes from the package, so
# an unknown value is shown as published instead of raising.
PUBLISHED_TERMS: dict[str, str] = {
    # 支出功能分类（类）
    "一般公共服务": "General public services",
    "外交": "Foreign affairs",
    "国防": "National defence",
    "公共安全": "Public security",
    "教育": "Education",
    "科学技术": "Science and technology",
    "文化旅游体育与传媒": "Culture, tourism, sport and media",
    "社会保障和就业": "Social security and employment",
    "卫生健康": "Health",
    "节能环保": "Energy saving and environmental protection",
    "城乡社区": "Urban and rural communities",
    "农林水": "Agriculture, forestry and water",
    "交通运输": "Transport",
    "资源勘探工业信息等": "Resource exploration, industry and information",
    "商业服务业等": "Commerce and services",
    "金融": "Finance",
    "援助其他地区": "Aid to other regions",
    "自然资源海洋气象等": "Natural resources, oceans and meteorology",
    "住房保障": "Housing security",
    "粮油物资储备": "Grain, oil and material reserves",
    "灾害防治及应急管理": "Disaster prevention and emergency management",
    "其他": "Other",
    # 二级指标
    "数量指标": "Quantity",
    "质量指标": "Quality",
    "时效指标": "Timeliness",
    "成本指标": "Cost",
    "经济成本指标": "Economic cost",
    "社会成本指标": "Social cost",
    "生态环境成本指标": "Environmental cost",
    "经济效益指标": "Economic benefit",
    "社会效益指标": "Social benefit",
    "生态效益指标": "Ecological benefit",
    "可持续影响指标": "Sustainable impact",
    "满意度指标": "Satisfaction",
    "服务对象满意度指标": "Beneficiary satisfaction",
}


def published_term(text: str, lang: str) -> str:
    """A published vocabulary value (sector, 二级指标) in ``lang``: its English label on
    English pages when it is a standard value, else the text as published."""
    if normalise_lang(lang) == "en":
        return PUBLISHED_TERMS.get(text.strip(), text)
    return text


def normalise_lang(value: str | None) -> str:
    """A supported language code; anything else falls back to the default."""
    return value if value in LANGS else DEFAULT_LANG


def t(key: str, lang: str, **values: object) -> str:
    """The text of ``key`` in ``lang``, placeholders filled.

    An unknown key raises ``KeyError``: a missing string is a bug, caught by the tests,
    not something to paper over on screen.
    """
    text = STRINGS[key][normalise_lang(lang)]
    return text.format(**values) if values else text


def has(key: str) -> bool:
    """Whether ``key`` is a known string (e.g. a reported figure's metric label)."""
    return key in STRINGS


def metric_label(metric: str, lang: str) -> str:
    """The name of a metric key (or of a reported-only metric), as shown everywhere."""
    return t(f"metric.{metric}", lang) if has(f"metric.{metric}") else metric


def definition(term_or_metric: str, lang: str) -> str:
    """The one definition of a metric or glossary term (``def.<key>``)."""
    return t(f"def.{term_or_metric}", lang)
