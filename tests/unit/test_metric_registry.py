"""The metric registry is the one declaration of a metric; everything else agrees with it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dashboard.core import formatting as fmt
from data_access.db.engine import make_engine
from data_access.metrics import compute as metrics
from data_access.metrics import registry


def test_the_data_layer_constants_come_from_the_registry() -> None:
    assert tuple(m.key for m in registry.METRICS) == metrics.METRIC_KEYS
    kinds = (
        metrics.MONEY_METRICS,
        metrics.RATE_METRICS,
        metrics.SCORE_METRICS,
        metrics.COUNT_METRICS,
    )
    assert frozenset().union(*kinds) == frozenset(metrics.METRIC_KEYS)
    assert sum(len(k) for k in kinds) == len(metrics.METRIC_KEYS)


def test_empty_metrics_agree() -> None:
    assert registry.empty_metrics() == metrics.empty_metrics()


def test_the_design_examples_use_exactly_the_registered_keys(expected: dict) -> None:
    for values in expected.values():
        assert list(values) == list(registry.METRIC_KEYS)


@pytest.mark.parametrize(
    "metric", [m for m in registry.METRICS if m.numerator and m.denominator], ids=str
)
def test_a_rate_is_its_numerator_over_its_denominator(metric, mini_url: str) -> None:
    values = metrics.compute_metrics(
        make_engine(mini_url), metrics.ViewFilter(2017, "360000", "all")
    )
    numerator, denominator = values[metric.numerator], values[metric.denominator]
    if not denominator:
        assert values[metric.key] is None
    else:
        assert values[metric.key] == pytest.approx(float(numerator) / float(denominator))


def test_display_follows_the_registered_kind() -> None:
    assert fmt.metric("project_spending", Decimal("153700000000"), "zh") == "1,537.00亿元"
    assert fmt.metric("execution_rate", 0.973, "en") == "97.3%"
    assert fmt.metric("average_score", 76.64, "en") == "76.6"
    assert fmt.metric("projects", 3700, "en") == "3,700"
    assert set(fmt.TABLE_FORMATS) == set(registry.KINDS)


def test_units_are_declared_per_kind() -> None:
    assert {m.unit for m in registry.METRICS} == set(registry.UNITS.values())
    assert registry.BY_KEY["evaluated_funds"].unit == "yuan"
    assert registry.kind_of("not_a_metric") == "count"
