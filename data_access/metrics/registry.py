"""The one declaration of every metric key: its kind, its unit and, for a rate, its parts.

Why: a metric used to be declared in five places (the key list and kind sets of
``metrics``, the dashboard's kind lookup, empty rows, display formats, the i18n test),
and a new metric had to be added to each by hand. Everything that needs to know what a
metric *is* now derives it from ``METRICS`` below: the SQL layer's key and kind
constants, the dashboard's formats and chart columns, the empty metrics of a view
without project-years and the test that every metric has a name and a definition in
both languages. Names and definitions themselves stay in ``dashboard/core/i18n/__init__.py``
(``metric.<key>`` / ``def.<key>``): words live with the words.

The order of ``METRICS`` is the order of DESIGN.md (and of the CLI's output).
No Streamlit here: the data layer, the HTTP routes and the pages all import it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

KINDS: tuple[str, ...] = ("money", "rate", "score", "count")
# The unit a kind's values are stored and exchanged in (JSON, CSV, the CLI).
UNITS: dict[str, str] = {
    "money": "yuan",  # exact Decimal 元, to the fen
    "rate": "fraction",  # in [0, 1]; None when the denominator is zero
    "score": "points",  # 0–100
    "count": "count",  # whole numbers
}


@dataclass(frozen=True)
class Metric:
    """One metric key.

    ``numerator`` / ``denominator`` name the metric keys a rate divides, where both are
    published metrics themselves; None where a part is not a metric of its own (the
    number of applied evaluations, the 中/差 project-years with a cut), as the
    definition in ``def.<key>`` then says.
    """

    key: str
    kind: str
    numerator: str | None = None
    denominator: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"metric {self.key!r}: unknown kind {self.kind!r}")
        if (self.numerator or self.denominator) and self.kind != "rate":
            raise ValueError(f"metric {self.key!r}: only a rate has a numerator or denominator")

    @property
    def unit(self) -> str:
        """The unit its values are in (``UNITS``)."""
        return UNITS[self.kind]


def _money(key: str) -> Metric:
    return Metric(key, "money")


def _count(key: str) -> Metric:
    return Metric(key, "count")


def _rate(key: str, numerator: str | None, denominator: str | None) -> Metric:
    return Metric(key, "rate", numerator, denominator)


METRICS: tuple[Metric, ...] = (
    _count("projects"),
    _money("project_spending"),
    _money("spent"),
    _rate("execution_rate", "spent", "project_spending"),
    _money("target_covered_funds"),
    _rate("target_coverage_rate", "target_covered_funds", "project_spending"),
    _money("monitored_funds"),
    _rate("monitoring_coverage_rate", "monitored_funds", "target_covered_funds"),
    _money("evaluated_funds"),
    _rate("evaluation_coverage_rate", "evaluated_funds", "project_spending"),
    _money("evaluated_funds_self"),
    _money("evaluated_funds_department"),
    _money("evaluated_funds_finance"),
    _count("third_party_evaluations"),
    _count("evaluations"),
    Metric("average_score", "score"),
    Metric("weighted_average_score", "score"),
    _count("grade_excellent"),
    _count("grade_good"),
    _count("grade_fair"),
    _count("grade_poor"),
    _count("indicators_assessed"),
    _count("indicators_met"),
    _rate("target_achievement_rate", "indicators_met", "indicators_assessed"),
    _rate("applied_rate", None, "evaluations"),
    _rate("fair_poor_cut_rate", None, None),
    Metric("self_score_gap", "score"),
    _count("reports_to_congress"),
    _count("withheld_projects"),
    _money("withheld_funds"),
)

BY_KEY: dict[str, Metric] = {metric.key: metric for metric in METRICS}
METRIC_KEYS: tuple[str, ...] = tuple(BY_KEY)
if len(METRIC_KEYS) != len(METRICS):  # pragma: no cover - a declaration error
    raise ValueError("a metric key is declared twice")
for _metric in METRICS:
    for _part in (_metric.numerator, _metric.denominator):
        if _part is not None and _part not in BY_KEY:  # pragma: no cover
            raise ValueError(f"metric {_metric.key!r}: unknown part {_part!r}")


def keys_of_kind(kind: str) -> frozenset[str]:
    """The metric keys of one kind."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    return frozenset(metric.key for metric in METRICS if metric.kind == kind)


def kind_of(key: str) -> str:
    """money / rate / score / count; a key that is not a metric counts as a count."""
    metric = BY_KEY.get(key)
    return metric.kind if metric else "count"


def empty_value(kind: str) -> Decimal | int | None:
    """The value of a metric over no project-years: zero money and counts, no rate or score
    (a rate whose denominator is zero and a mean of nothing are "no data", never 0)."""
    if kind == "money":
        return Decimal("0.00")
    if kind == "count":
        return 0
    return None


def empty_metrics() -> dict[str, Decimal | int | None]:
    """Every metric key of a view without project-years."""
    return {metric.key: empty_value(metric.kind) for metric in METRICS}
