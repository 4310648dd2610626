"""Every view in one sentence: the summaries chart declarations name (``ChartSpec.summary``).

Why: a chart answers one question ("how much was evaluated, and is that more than last
year?", "which region does best?"), and many readers (on a phone, with a screen reader,
in a printed brief) need that answer in words. A summary is worked out from the very rows
the chart draws, and every figure in it is written by ``dashboard.core.formatting``, so
the sentence and the chart can never disagree.

The common shapes are here, so a declaration says little: :func:`trend` (the year's
value and its change from the year before, naming that year), :func:`ranked` (the
subject's value, then the highest and the lowest of its parts) and :func:`lead` (one
figure). Sentences name regions as the page does (romanised in English) and are plain
text: the renderers escape them (package names are in them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from dashboard.core import formatting as fmt
from dashboard.core.i18n import metric_label, t
from dashboard.core.view import View
from dashboard.specs.base import is_missing, subject_words
from data_access.metrics.registry import kind_of

Summary = Callable[[pd.DataFrame, View], "str | None"]

# The change of a metric, by its kind and direction: money and counts increase, rates and
# scores rise ("增加2.14亿元", "提高3.2 个百分点").
_CHANGE_WORDS: dict[str, tuple[str, str]] = {
    "money": ("summary.change.increase", "summary.change.decrease"),
    "count": ("summary.change.increase", "summary.change.decrease"),
    "rate": ("summary.change.rise", "summary.change.fall"),
    "score": ("summary.change.rise", "summary.change.fall"),
}


def metric_words(key: str, lang: str) -> str:
    """A metric's name inside a sentence: in English without its capital ("evaluation
    coverage"), unless the name starts with an abbreviation."""
    label = metric_label(key, lang)
    if lang == "en" and label[1:2].islower():
        return label[:1].lower() + label[1:]
    return label


def change(key: str, current: Any, previous: Any, previous_year: int, lang: str) -> str:
    """", up 3.2 pp on 2016" / "，比2016年提高3.2 个百分点": the change of ``key`` from the
    year named; "" when either value is missing."""
    found = fmt.metric_change(kind_of(key), current, previous, lang)
    if found is None:
        return ""
    direction, size = found
    if direction == 0:
        return t("summary.change.same", lang, year=previous_year)
    more, less = _CHANGE_WORDS.get(kind_of(key), _CHANGE_WORDS["count"])
    return t(more if direction > 0 else less, lang, year=previous_year, amount=size)


def lead(view: View, year: int, key: str, value: Any, subject: str | None = None) -> str:
    """ "2017年，江西省评价覆盖率为90.1%" (without the full stop): one figure."""
    return t(
        "summary.lead",
        view.lang,
        year=fmt.year(year, view.lang),
        subject=subject if subject is not None else subject_words(view),
        metric=metric_words(key, view.lang),
        value=fmt.metric(key, value, view.lang),
    )


def end(lang: str) -> str:
    """The full stop of a summary."""
    return t("summary.end", lang)


def _row_of(df: pd.DataFrame, year: int) -> dict[str, Any] | None:
    found = df[df["year"].astype(int) == year]
    return None if found.empty else found.iloc[0].to_dict()


def year_rows(df: pd.DataFrame, key: str | None = None) -> pd.DataFrame:
    """The rows of a year series that a sentence may speak of: years with projects (when
    the rows count them) and with a value of ``key`` (when given)."""
    present = df
    if key is not None:
        present = present[[not is_missing(v) for v in present[key]]]
    if "projects" in present:
        present = present[[not is_missing(p) and bool(p) for p in present["projects"]]]
    return present


def year_row(present: pd.DataFrame, view: View) -> tuple[int, dict[str, Any]] | None:
    """The year a series' sentence speaks of and its row: the view's year, else the
    latest year of ``present`` (:func:`year_rows`); None without rows."""
    if present.empty:
        return None
    years = [int(y) for y in present["year"]]
    year = view.year if view.year in years else max(years)
    row = _row_of(present, year)
    return None if row is None else (year, row)


def trend(key: str) -> Summary:
    """A year series in one sentence: ``key`` in the view's year (the latest year with a
    value when the view's year has none) and its change from the year before."""

    def summarise(df: pd.DataFrame, view: View) -> str | None:
        present = year_rows(df, key)
        found = year_row(present, view)
        if found is None:
            return None
        year, row = found
        text = lead(view, year, key, row[key])
        before = _row_of(present, year - 1)
        if before is not None:
            text += change(key, row[key], before[key], year - 1, view.lang)
        return text + end(view.lang)

    return summarise


def ranked(
    view: View,
    *,
    key: str,
    value: Any,
    items: Sequence[tuple[str, Any]],
    units: str,
    subject: str | None = None,
) -> str | None:
    """The subject's ``value`` of ``key`` (left out when missing), then the highest and
    the lowest of ``items`` (name, value) with a value: "…；2个下级地区中，最高的是赣州市
    （100.0%），最低的是南昌市（80.6%）"."""
    lang = view.lang
    subject = subject if subject is not None else subject_words(view)
    present = [(name, v) for name, v in items if not is_missing(v)]
    if not present:
        return lead(view, view.year, key, value, subject) + end(lang) if not is_missing(
            value
        ) else None
    # Highest first; among equal values the first listed.
    order = sorted(range(len(present)), key=lambda i: (-float(present[i][1]), i))
    top, bottom = present[order[0]], present[order[-1]]
    words = {
        "count": fmt.count(len(present), lang),
        "units": t(f"summary.units.{units}", lang),
        "top": top[0],
        "top_value": fmt.metric(key, top[1], lang),
        "bottom": bottom[0],
        "bottom_value": fmt.metric(key, bottom[1], lang),
    }
    if is_missing(value):
        template = "summary.ranked_alone" if len(present) > 1 else "summary.ranked_alone_one"
        return t(
            template,
            lang,
            year=fmt.year(view.year, lang),
            subject=subject,
            metric=metric_words(key, lang),
            **words,
        ) + end(lang)
    template = "summary.ranked" if len(present) > 1 else "summary.ranked_one"
    return lead(view, view.year, key, value, subject) + t(template, lang, **words) + end(lang)
