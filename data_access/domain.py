"""The domain's fixed vocabularies and rules, shared by the importer, the demo and SQL.

Why one module: the same label table turns 单位自评 into ``self`` when a package is read
and ``self`` into 单位自评 when the demo writes one; the grade bands and the met rule are
stated once and used everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

# code -> accepted Chinese labels (the code itself is always accepted too)
LEVELS = {"province": ("省",), "city": ("市",), "county": ("县",)}
SCOPES = {"all": ("全辖",), "own": ("本级",)}
DISCLOSURE = {"public": ("公开",), "withheld": ("不公开",)}
INDICATOR_LEVEL1 = {
    "output": ("产出指标", "产出"),
    "outcome": ("效益指标", "效益"),
    "satisfaction": ("满意度指标", "满意度"),
    "cost": ("成本指标", "成本"),
}
COMPARISONS = {">=": ("≥",), "<=": ("≤",), "=": ("＝",), "qualitative": ("定性",)}
EVAL_TYPES = {"self": ("单位自评",), "department": ("部门评价",), "finance": ("财政评价",)}
GRADES = {"excellent": ("优",), "good": ("良",), "fair": ("中",), "poor": ("差",)}
APPLICATION_ACTIONS = {
    "prioritise": ("优先保障",),
    "maintain": ("保持",),
    "adjust": ("调整",),
    "reduce": ("核减",),
    "cancel": ("取消",),
    "rectify": ("整改",),
}
APPLICATION_STATUS = {"planned": ("计划",), "done": ("已落实",)}
MONITORING_ACTIONS = {
    "continue": ("继续实施",),
    "adjust": ("调整",),
    "suspend": ("暂缓",),
    "terminate": ("终止",),
}
# Applications that count as "the money was cut" for fair_poor_cut_rate.
CUT_ACTIONS = ("reduce", "cancel")
GRADE_ORDER = ("excellent", "good", "fair", "poor")
TRUE_WORDS = {"true", "1", "是", "y", "yes"}
FALSE_WORDS = {"false", "0", "否", "n", "no"}


def label_lookup(vocabulary: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Every accepted spelling (code, Chinese labels; case-insensitive) -> code."""
    table: dict[str, str] = {}
    for code, labels in vocabulary.items():
        table[code.lower()] = code
        for label in labels:
            table[label.lower()] = code
    return table


def zh_label(vocabulary: Mapping[str, tuple[str, ...]], code: str) -> str:
    """The first (canonical) Chinese label of ``code``."""
    return vocabulary[code][0]


def grade_for_score(score: float | Decimal) -> str:
    """Grade band of a 0–100 score; a boundary score belongs to the higher band."""
    value = Decimal(str(score))
    if value >= 90:
        return "excellent"
    if value >= 80:
        return "good"
    if value >= 60:
        return "fair"
    return "poor"


def _number(text: str | None) -> Decimal | None:
    if text is None:
        return None
    cleaned = str(text).strip().replace(",", "").replace("%", "").replace("％", "").strip()
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def indicator_status(
    comparison: str,
    target_value: str | None,
    actual_value: str | None,
    weight: float | None,
    score: float | None,
) -> str:
    """``met`` / ``not_met`` / ``not_assessed`` for one indicator.

    Quantitative: the actual satisfies the comparison against the target. Qualitative:
    the score equals the weight. No actual value: not assessed. A quantitative indicator
    whose values are not numbers cannot be judged met.
    """
    if actual_value is None or str(actual_value).strip() == "":
        return "not_assessed"
    if comparison == "qualitative":
        if weight is None or score is None:
            return "not_met"
        return "met" if Decimal(str(score)) == Decimal(str(weight)) else "not_met"
    target = _number(target_value)
    actual = _number(actual_value)
    if target is None or actual is None:
        return "not_met"
    if comparison == ">=":
        return "met" if actual >= target else "not_met"
    if comparison == "<=":
        return "met" if actual <= target else "not_met"
    return "met" if actual == target else "not_met"


def is_number(text: str | None) -> bool:
    """Whether an indicator value parses as a number (percent sign allowed)."""
    return _number(text) is not None
