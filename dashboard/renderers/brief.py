"""The hearing's content, once: headline figures, trend, flags, questions, and the brief.

Why one module without Streamlit: the budget committee sees the subject on the big
screen (``/hearing``) and takes home the printed brief; both must say exactly the same
figures in the same words. So the presenter page and the brief builders read the same
``Hearing`` assembled here, and every figure is formatted once, by
``dashboard.core.formatting``, in the view's language.

The brief is built on the server with nothing but ``requirements.txt``: HTML by hand
(every data string escaped) and PDF by fpdf2, its charts drawn with the PDF's own
vector primitives (no browser, no kaleido), its Chinese text set in wqy-microhei from
the PyPI package ``paperang-p2-fonts-cjk``, embedded as a subset (see ``font_path``).

Disclosure: flags come from ``data_access.flags.rules``, which never returns a withheld
project-year; lagging units (``flags.lagging``) are regions and departments, named with
their coverage only; the headline figures are the published metrics. Nothing here
reads a project-year list of its own.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib.resources
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from dashboard.core import formatting as fmt
from dashboard.core import reads
from dashboard.core.i18n import definition, metric_label, t
from dashboard.core.romanise import region_label
from dashboard.core.view import View
from data_access.flags import rules as flags
from data_access.flags.rules import FlagCounts, FlaggedItem, LaggingUnit

HEADLINE_KEYS: tuple[str, ...] = (
    "project_spending",
    "evaluated_funds",
    "evaluation_coverage_rate",
    "execution_rate",
    "average_score",
    "target_achievement_rate",
)
TREND_KEYS: tuple[str, ...] = ("project_spending", "evaluated_funds")
# The flagged items a hearing walks through (largest money at stake first).
ITEM_LIMIT = 30
# Headline, trend and flags come first; then the lagging units' step (when any lag),
# then one step per flagged item.
FIRST_ITEM_STEP = 3
LAGGING = "lagging_region"
# Short, stable ids of a question for the ``ask`` URL parameter: rule + project code,
# or for a lagging unit rule + kind + code ("lag-child-360121", "lag-department-D002").
RULE_IDS: dict[str, str] = {
    "poor_not_cut": "pnc",
    "low_execution": "lex",
    "targets_missed": "tgm",
    "self_inflated": "sin",
    "halted": "hlt",
    "no_report": "nrp",
    "no_targets": "ntg",
    LAGGING: "lag",
}
# A rule prefix and the flagged thing's own code (project, region or department), which
# a package may spell with any printable characters: all but commas (the separator) and
# spaces or control characters, up to the length of a code in a URL (``CODE_MAX``).
_ID = re.compile(rf"^({'|'.join(RULE_IDS.values())})-[^,\x00-\x20\x7f]{{1,64}}$")
MAX_ASKED = 100


# ------------------------------------------------------------------ cached reads


@dataclass(frozen=True)
class SubjectFlags:
    """What the flag rules say about a subject and year: its flagged items by money at
    stake (at most ``ITEM_LIMIT``), the counts and money at stake per rule (every rule),
    and its lagging units, largest evaluation shortfall first. Withheld never."""

    items: list[FlaggedItem]
    counts: FlagCounts
    lagging: list[LaggingUnit]


@reads.cached
def subject_flags(
    url: str,
    stamp: str,
    year: int,
    region: str,
    scope: str,
    department_id: int | None,
    release: int | None = None,
) -> SubjectFlags:
    """The flag reads of a hearing's subject, cached together (always read together).

    The lagging units are the selection ``flags.flag_counts`` makes for the subject's
    ``lagging_region`` count, so the flags table and the list agree: a region's lagging
    child regions (whole jurisdiction only) and its own government's lagging
    departments; a department subject only itself, when it lags.
    """
    engine = reads.engine(url)
    units = flags.lagging(engine, year, region, release=release)
    return SubjectFlags(
        items=flags.flag_items(
            engine,
            year,
            region,
            scope,
            department_id=department_id,
            release=release,
            limit=ITEM_LIMIT,
        ),
        counts=flags.flag_counts(
            engine, year, region, scope, department_id=department_id, release=release
        ),
        lagging=[
            u
            for u in units
            if (u.kind == "child" and scope == "all" and department_id is None)
            or (u.kind == "department" and department_id in (None, u.department_id))
        ],
    )


def _subject_flags(view: View) -> SubjectFlags:
    return subject_flags(
        view.url, view.stamp, view.year, view.region, view.scope, view.department_id, view.release
    )


# ------------------------------------------------------------------ ids and URLs


def item_id(item: FlaggedItem) -> str:
    """The id of a flagged item in the ``ask`` URL parameter (rule + project code)."""
    return f"{RULE_IDS[item.rule]}-{item.project_code}"


def unit_id(unit: LaggingUnit) -> str:
    """The id of a lagging unit in the ``ask`` URL parameter (rule + kind + code): a
    child region and a department may share no code, but the kind keeps them apart."""
    return f"{RULE_IDS[LAGGING]}-{unit.kind}-{unit.code}"


def parse_asked(text: str | None) -> tuple[str, ...]:
    """The item ids of an ``ask`` parameter (comma separated), well-formed ones only,
    each once, in the order given. Ids of items that are not flagged are dropped
    later, against the subject's flags, so a stale link asks nothing wrong."""
    found: list[str] = []
    for part in (text or "").split(","):
        part = part.strip()
        if _ID.match(part) and part not in found:
            found.append(part)
    return tuple(found[:MAX_ASKED])


# ------------------------------------------------------------------ content


@dataclass(frozen=True)
class HeadlineRow:
    """One headline figure of the subject, beside its parent's and its peers' median."""

    key: str
    label: str
    value: Any
    parent: Any
    peers: Any
    value_text: str
    parent_text: str
    peers_text: str


@dataclass(frozen=True)
class TrendRow:
    """One year of the subject's trend (money in 元)."""

    year: int
    values: dict[str, Any]


@dataclass(frozen=True)
class Question:
    """A flagged item and the question it raises, figures filled in."""

    id: str
    item: FlaggedItem
    rule_title: str
    money_text: str
    text: str


@dataclass(frozen=True)
class LaggingRow:
    """A lagging region or department as the hearing shows and asks about it."""

    id: str
    unit: LaggingUnit
    kind_text: str
    parent_name: str
    coverage_text: str
    parent_text: str
    gap_text: str
    money_text: str
    question: str


@dataclass(frozen=True)
class Hearing:
    """Everything the hearing shows about a subject and year, formatted for ``lang``."""

    lang: str
    year: int
    subject: str
    subtitle: str
    parent_name: str | None
    peers_label: str
    headline: list[HeadlineRow]
    trend: list[TrendRow]
    counts: FlagCounts
    questions: list[Question]
    release_title: str
    data_date: str
    lagging: list[LaggingRow]

    @property
    def lagging_step(self) -> int | None:
        """The step of the lagging units, None when nothing lags.

        Right after the flags: a whole region or department is the broadest question,
        asked before the single projects."""
        return FIRST_ITEM_STEP if self.lagging else None

    @property
    def first_item_step(self) -> int:
        """The step of the first flagged item."""
        return FIRST_ITEM_STEP + (1 if self.lagging else 0)

    @property
    def comparable(self) -> bool:
        """Whether the subject has a parent (and so peers) to be set beside. The
        province has neither: its headline says so once, in words, instead of a row of
        dashes under every figure."""
        return self.parent_name is not None

    @property
    def steps(self) -> int:
        """Headline, trend, flags, the lagging units (when any lag), then one step per
        flagged item."""
        return self.first_item_step + len(self.questions)

    def asked(self, ids: Iterable[str]) -> list[Question]:
        """The flagged items' questions chosen by id, in ranking order; unknown ids are
        ignored."""
        chosen = set(ids)
        return [q for q in self.questions if q.id in chosen]

    def asked_lagging(self, ids: Iterable[str]) -> list[LaggingRow]:
        """The lagging units' questions chosen by id, largest shortfall first."""
        chosen = set(ids)
        return [r for r in self.lagging if r.id in chosen]


def _median(values: Iterable[Any]) -> Any:
    present = [v for v in values if v is not None]
    if not present:
        return None
    if all(isinstance(v, Decimal) for v in present):
        return statistics.median(present)
    return statistics.median(float(v) for v in present)


def _subject_metrics(view: View) -> dict[str, Any]:
    return reads.metrics(
        view.url, view.stamp, view.year, view.region, view.scope, view.department_id, view.release
    )


def _parent_and_peers(view: View) -> tuple[str | None, dict[str, Any], list[dict[str, Any]]]:
    """The subject's parent (its name and metrics) and its peers' metrics.

    A department: its own government's 本级, and the departments of that government. A
    region: the region above it (全辖), and that region's children (全辖), as the
    drill-down sets them side by side. The province has neither.
    """
    if view.department_id is not None:
        record = reads.region(view.url, view.stamp, view.region)
        parent = reads.metrics(
            view.url, view.stamp, view.year, view.region, "own", None, view.release
        )
        shown = region_label(record.code, record.name, view.lang) if record else view.region
        name = t("own_level_of", view.lang, name=shown)
        peers = reads.department_metrics(view.url, view.stamp, view.year, view.region, view.release)
        return name, parent, [row["metrics"] for row in peers]
    lineage = reads.lineage(view.url, view.stamp, view.region)
    if len(lineage) < 2:
        return None, {}, []
    above = lineage[-2]
    parent = reads.metrics(view.url, view.stamp, view.year, above.code, "all", None, view.release)
    rows = reads.children_metrics(view.url, view.stamp, view.year, above.code, view.release)
    peers = [row["metrics"] for row in rows if row.get("kind") == "child"]
    return region_label(above.code, above.name, view.lang), parent, peers


def subject_name(view: View) -> str:
    """The subject: the department's name as published, else the region's name as the
    view's pages name it (romanised in English, ``dashboard.core.romanise``), so the English
    hearing, its brief and its links say "Jiangxi Province", not "江西省"."""
    if view.dept:
        found = reads.find_department(view.url, view.stamp, view.dept, view.region, view.release)
        return found.name if found else view.dept
    return _region_words(view)


def _region_words(view: View) -> str:
    """The view's region in the view's language; its code when unknown."""
    record = reads.region(view.url, view.stamp, view.region)
    return region_label(record.code, record.name, view.lang) if record else view.region


def headline(view: View) -> tuple[str | None, list[HeadlineRow]]:
    """The subject's headline figures, its parent's and its peers' median."""
    own = _subject_metrics(view)
    parent_name, parent, peers = _parent_and_peers(view)
    rows = []
    for key in HEADLINE_KEYS:
        value = own.get(key)
        above = parent.get(key) if parent else None
        median = _median(p.get(key) for p in peers) if peers else None
        rows.append(
            HeadlineRow(
                key=key,
                label=metric_label(key, view.lang),
                value=value,
                parent=above,
                peers=median,
                value_text=fmt.metric(key, value, view.lang),
                parent_text=fmt.metric(key, above, view.lang),
                peers_text=fmt.metric(key, median, view.lang),
            )
        )
    return parent_name, rows


def trend(view: View) -> list[TrendRow]:
    """The subject's money over the years it has project-years."""
    series = reads.year_series(
        view.url, view.stamp, view.region, view.scope, view.department_id, view.release
    )
    return [
        TrendRow(year, {key: metrics.get(key) for key in (*TREND_KEYS, "evaluation_coverage_rate")})
        for year, metrics in series
        if metrics.get("projects")
    ]


def question_text(item: FlaggedItem, lang: str) -> str:
    """The ready question a flagged item raises, its figures filled in (``lang``).

    Why templates per rule in i18n: the member reads it aloud as is, so it must name the
    project, the year and the very figures the rule used, formatted as on the page.
    """
    f = item.figures
    base = {"project": item.project_name, "year": item.fiscal_year}
    # The rule that made the item put numbers under these keys (flags.FigureValue is the
    # union over every key), hence the ignores.
    money = lambda key: fmt.money(f.get(key), lang)  # type: ignore[arg-type]  # noqa: E731
    if item.rule == "poor_not_cut":
        change: Decimal = f.get("budget_change") or Decimal("0")  # type: ignore[assignment]
        key = "question.poor_not_cut" if change > 0 else "question.poor_not_cut_flat"
        return t(
            key,
            lang,
            **base,
            grade=fmt.grade(str(f.get("final_grade")), lang),
            score=fmt.score(f.get("final_score"), lang),  # type: ignore[arg-type]
            next_year=item.fiscal_year + 1,
            next_budget=money("next_year_budget"),
            change=money("budget_change"),
        )
    if item.rule == "low_execution":
        return t(
            "question.low_execution",
            lang,
            **base,
            budget=money("budget"),
            spent=money("spent"),
            rate=fmt.percent(f.get("execution_rate"), lang),  # type: ignore[arg-type]
            unspent=money("unspent"),
        )
    if item.rule == "targets_missed":
        return t(
            "question.targets_missed",
            lang,
            **base,
            assessed=fmt.count(f.get("indicators_assessed"), lang),  # type: ignore[arg-type]
            not_met=fmt.count(f.get("indicators_not_met"), lang),  # type: ignore[arg-type]
        )
    if item.rule == "self_inflated":
        return t(
            "question.self_inflated",
            lang,
            **base,
            self_score=fmt.score(f.get("self_score"), lang),  # type: ignore[arg-type]
            higher=t(f"eval_type.{f.get('higher_eval_type')}", lang),
            higher_score=fmt.score(f.get("higher_score"), lang),  # type: ignore[arg-type]
            gap=fmt.score(f.get("score_gap"), lang),  # type: ignore[arg-type]
        )
    if item.rule == "halted":
        return t(
            "question.halted",
            lang,
            **base,
            action=t(f"mon_action.{f.get('action')}", lang),
            date=str(f.get("first_halted_on") or fmt.NO_DATA),
            budget=money("budget"),
            spent=money("spent"),
        )
    if item.rule == "no_report":
        return t(
            "question.no_report",
            lang,
            **base,
            count=fmt.count(f.get("evaluations_without_report"), lang),  # type: ignore[arg-type]
            types="、".join(
                t(f"eval_type.{kind}", lang)
                for kind in f.get("eval_types_without_report") or ()  # type: ignore[union-attr]
            )
            if lang == "zh"
            else ", ".join(
                t(f"eval_type.{kind}", lang)
                for kind in f.get("eval_types_without_report") or ()  # type: ignore[union-attr]
            ),
        )
    return t("question.no_targets", lang, **base, budget=money("budget"))


def _compared_with(view: View, unit: LaggingUnit) -> str:
    """What a lagging unit is compared with, by name: its parent region (whole
    jurisdiction) or its own government's 本级."""
    record = reads.region(view.url, view.stamp, unit.parent_code)
    name = record.name if record else unit.parent_code
    return t("own_level_of", view.lang, name=name) if unit.parent_scope == "own" else name


def lagging_rows(view: View) -> list[LaggingRow]:
    """The subject's lagging units with their figures and question, formatted once.

    Why the question here: the member reads it aloud as is, so it names the unit, the
    year, both coverages, the gap and the money that stayed unevaluated, as shown."""
    lang = view.lang
    rows = []
    for unit in _subject_flags(view).lagging:
        values = {
            "unit": unit.name,
            "year": str(view.year),
            "coverage": fmt.percent(unit.coverage, lang),
            "parent": _compared_with(view, unit),
            "parent_coverage": fmt.percent(unit.parent_coverage, lang),
            "gap": fmt.points(unit.gap_points, lang),
            "money": fmt.money(unit.money_at_stake, lang),
        }
        rows.append(
            LaggingRow(
                id=unit_id(unit),
                unit=unit,
                kind_text=t(f"hearing.kind.{unit.kind}", lang),
                parent_name=values["parent"],
                coverage_text=values["coverage"],
                parent_text=values["parent_coverage"],
                gap_text=values["gap"],
                money_text=values["money"],
                question=t("question.lagging_region", lang, **values),
            )
        )
    return rows


def _release_words(view: View) -> tuple[str, str]:
    """The release's title and its data date (published, else imported)."""
    info = reads.served_release(view.url, view.stamp, view.release)
    if info is None:
        return fmt.NO_DATA, fmt.NO_DATA
    when = (
        fmt.date(info.published, view.lang)
        if info.published
        else fmt.datetime(info.imported_at, view.lang)
    )
    title = info.title or info.package_name
    if view.release is not None:
        title = f"{title} (#{info.id})"
    return title, when


def hearing(view: View) -> Hearing:
    """Assemble the hearing of the view's subject (region or department) and year."""
    parent_name, rows = headline(view)
    found = _subject_flags(view)
    questions = [
        Question(
            id=item_id(item),
            item=item,
            rule_title=flags.RULES[item.rule].title(view.lang),
            money_text=fmt.money(item.money_at_stake, view.lang),
            text=question_text(item, view.lang),
        )
        for item in found.items
    ]
    release_title, data_date = _release_words(view)
    name = subject_name(view)
    parts = []
    if view.dept:
        parts.append(_region_words(view))
    else:
        parts.append(t(f"scope.{view.scope}", view.lang))
    parts.append(t("view.year", view.lang, year=view.year))
    return Hearing(
        lang=view.lang,
        year=view.year,
        subject=name,
        subtitle=" · ".join(parts),
        parent_name=parent_name,
        peers_label=t(
            "hearing.peers_departments" if view.dept else "hearing.peers_regions", view.lang
        ),
        headline=rows,
        trend=trend(view),
        counts=found.counts,
        questions=questions,
        release_title=release_title,
        data_date=data_date,
        lagging=lagging_rows(view),
    )


def rule_rows(
    h: Hearing, *, with_lagging: bool = False
) -> list[tuple[str, str, str, int, str]]:
    """(key, title, explanation, count, money at stake) of every item rule that flags
    something here, largest money first; ``with_lagging`` adds ``lagging_region``,
    whose count is of regions and departments, not items.

    Why optional: the item rules are also the explorer's flag filters, which a caller
    may link each row to; a lagging unit is no project-year the explorer can filter
    by (the presenter's flags screen links that row to its own step instead).
    """
    keys = (*flags.ITEM_RULES, LAGGING) if with_lagging else flags.ITEM_RULES
    rows = [
        (
            key,
            flags.RULES[key].title(h.lang),
            flags.RULES[key].explanation(h.lang),
            count.count,
            fmt.money(count.money_at_stake, h.lang),
            count.money_at_stake,
        )
        for key, count in h.counts.rules.items()
        if key in keys and count.count
    ]
    rows.sort(key=lambda r: -r[5])
    return [r[:5] for r in rows]


def rule_count_text(key: str, count: int, lang: str) -> str:
    """A rule's count as the flags tables show it: items, or for ``lagging_region``
    units ("3 个单位"), so the screen and the paper do not count the same row in
    different words."""
    if key == LAGGING:
        return t("hearing.lagging_units", lang, count=fmt.count(count, lang))
    return fmt.count(count, lang)


# ------------------------------------------------------------------ tables


@dataclass(frozen=True)
class BriefTable:
    """One table of the brief, built once for both the HTML and the PDF: its heading
    (None: under the section's), column headers, rows as text, and the PDF's relative
    column widths.

    Why one declaration: the two renderers used to build every table's headers and
    cells each on their own, and the paper and the web file could drift apart."""

    title: str | None
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...]


def _table(
    lang: str,
    columns: Sequence[tuple[str, int]],
    rows: Iterable[Sequence[object]],
    title: str | None = None,
) -> BriefTable:
    """A table whose headers are i18n keys, each with its PDF column width."""
    return BriefTable(
        title=title,
        headers=tuple(t(key, lang) for key, _ in columns),
        rows=tuple(tuple(str(cell) for cell in row) for row in rows),
        widths=tuple(width for _, width in columns),
    )


def headline_table(h: Hearing) -> BriefTable:
    """The headline figures beside the parent's and the peers' median; without a parent
    (the province), the figures alone, under one sentence saying there is nothing to
    compare with."""
    if not h.comparable:
        return BriefTable(
            title=t("hearing.no_comparison", h.lang),
            headers=(t("hearing.col.metric", h.lang), h.subject),
            rows=tuple((r.label, r.value_text) for r in h.headline),
            widths=(40, 30),
        )
    return BriefTable(
        title=None,
        headers=(
            t("hearing.col.metric", h.lang),
            h.subject,
            h.parent_name or "",
            h.peers_label,
        ),
        rows=tuple((r.label, r.value_text, r.parent_text, r.peers_text) for r in h.headline),
        widths=(40, 30, 30, 30),
    )


def flag_tables(h: Hearing) -> list[BriefTable]:
    """The flags section: every rule ranked by money at stake, the lagging regions and
    departments (when any lag), then the flagged items; empty when nothing is flagged."""
    lang = h.lang
    rules = rule_rows(h, with_lagging=True)
    if not rules:
        return []
    tables = [
        _table(
            lang,
            (
                ("hearing.col.rule", 30),
                ("hearing.col.explanation", 70),
                ("hearing.col.count", 12),
                ("hearing.col.money", 22),
            ),
            (
                (title, explanation, rule_count_text(key, count, lang), money)
                for key, title, explanation, count, money in rules
            ),
        )
    ]
    if h.lagging:
        tables.append(
            _table(
                lang,
                (
                    ("hearing.col.unit", 36),
                    ("hearing.col.coverage", 18),
                    ("hearing.col.parent", 34),
                    ("hearing.col.parent_coverage", 18),
                    ("hearing.col.gap", 20),
                    ("hearing.col.money", 24),
                ),
                (
                    (
                        t("hearing.unit_kind", lang, name=r.unit.name, kind=r.kind_text),
                        r.coverage_text,
                        r.parent_name,
                        r.parent_text,
                        r.gap_text,
                        r.money_text,
                    )
                    for r in h.lagging
                ),
                title=t("hearing.step.lagging", lang),
            )
        )
    if h.questions:
        tables.append(
            _table(
                lang,
                (
                    ("hearing.col.rank", 8),
                    ("hearing.col.project", 42),
                    ("hearing.col.code", 24),
                    ("hearing.col.department", 30),
                    ("hearing.col.rule", 26),
                    ("hearing.col.money", 22),
                ),
                (
                    (
                        fmt.count(index, lang),
                        q.item.project_name,
                        q.item.project_code,
                        q.item.department_name,
                        q.rule_title,
                        q.money_text,
                    )
                    for index, q in enumerate(h.questions, start=1)
                ),
                title=t("hearing.brief.items", lang),
            )
        )
    return tables


def asked_texts(h: Hearing, asked: Iterable[str]) -> list[str]:
    """The selected questions as the outline numbers them: the flagged items' first,
    in ranking order, then the lagging units'."""
    ids = tuple(asked)
    return [q.text for q in h.asked(ids)] + [r.question for r in h.asked_lagging(ids)]


def _definitions(lang: str) -> list[tuple[str, str]]:
    words = [(metric_label(k, lang), definition(k, lang)) for k in HEADLINE_KEYS]
    words += [
        (flags.RULES[k].title(lang), flags.RULES[k].explanation(lang))
        for k in (*flags.ITEM_RULES, LAGGING)
    ]
    return words


# ------------------------------------------------------------------ HTML


def _svg_bars(h: Hearing, width: int = 640, height: int = 220) -> str:
    """The trend as an inline SVG bar chart (project spending and evaluated funds)."""
    values = [row.values.get(k) for row in h.trend for k in TREND_KEYS]
    divisor, unit = fmt.money_scale(values, h.lang)
    top = max((float(v) for v in values if v is not None), default=0.0) or 1.0
    n = max(1, len(h.trend))
    slot = (width - 60) / n
    bar = slot / 3
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="{html.escape(t("hearing.trend", h.lang))}">'
    ]
    colours = ("#1f4e79", "#c55a11")
    for i, row in enumerate(h.trend):
        x0 = 50 + i * slot
        for j, key in enumerate(TREND_KEYS):
            value = row.values.get(key)
            bar_h = (float(value) / top) * (height - 50) if value is not None else 0
            x = x0 + j * bar
            y = height - 30 - bar_h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar * 0.9:.1f}" height="{bar_h:.1f}" '
                f'fill="{colours[j]}"><title>{html.escape(metric_label(key, h.lang))} '
                f"{row.year}: {html.escape(fmt.money(value, h.lang))}</title></rect>"
            )
        parts.append(
            f'<text x="{x0 + bar:.1f}" y="{height - 12}" font-size="12" '
            f'text-anchor="middle">{row.year}</text>'
        )
    legend = " / ".join(
        f'<tspan fill="{colours[j]}">■ {html.escape(metric_label(k, h.lang))}</tspan>'
        for j, k in enumerate(TREND_KEYS)
    )
    parts.append(f'<text x="50" y="14" font-size="12">{legend} ({html.escape(unit)})</text>')
    parts.append("</svg>")
    del divisor
    return "".join(parts)


def _html_table(table: BriefTable) -> str:
    e = html.escape
    title = f"<h3>{e(table.title)}</h3>" if table.title else ""
    head = "".join(f"<th>{e(h)}</th>" for h in table.headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in table.rows
    )
    return f"{title}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def brief_html(h: Hearing, asked: Iterable[str] = ()) -> str:
    """The brief as one self-contained HTML document (no script, no external file)."""
    lang = h.lang
    e = html.escape
    chosen = asked_texts(h, asked)
    tables = flag_tables(h)
    sections = [
        f"<header><h1>{e(h.subject)}</h1><p>{e(h.subtitle)}</p>"
        f"<p>{e(t('hearing.brief.title', lang))}</p>"
        f"<p>{e(t('hearing.brief.release', lang, release=h.release_title))}<br>"
        f"{e(t('hearing.brief.data_date', lang, date=h.data_date))}</p></header>",
        f"<h2>{e(t('hearing.step.headline', lang))}</h2>" + _html_table(headline_table(h)),
        f"<h2>{e(t('hearing.trend', lang))}</h2>{_svg_bars(h)}",
        f"<h2>{e(t('hearing.step.flags', lang))}</h2>"
        + (
            "".join(_html_table(table) for table in tables)
            if tables
            else f"<p>{e(t('hearing.no_flags', lang))}</p>"
        ),
        f"<h2>{e(t('hearing.questions', lang))}</h2>"
        + (
            "<ol>" + "".join(f"<li>{e(text)}</li>" for text in chosen) + "</ol>"
            if chosen
            else f"<p>{e(t('hearing.no_questions', lang))}</p>"
        ),
        f"<h2>{e(t('hearing.brief.sources', lang))}</h2>"
        f"<p>{e(t('source.records', lang, release=h.release_title))}</p>"
        "<dl>"
        + "".join(f"<dt>{e(a)}</dt><dd>{e(b)}</dd>" for a, b in _definitions(lang))
        + "</dl>",
    ]
    style = (
        "body{font-family:'Noto Sans SC','Noto Sans CJK SC',sans-serif;color:#111;"
        "max-width:60rem;margin:2rem auto;line-height:1.5}"
        "table{border-collapse:collapse;margin:1rem 0;width:100%}"
        "th,td{border:1px solid #555;padding:.3rem .5rem;text-align:left}"
        "header{border-bottom:3px solid #111;margin-bottom:1rem}"
        "@media print{h2{break-before:auto}table{break-inside:auto}}"
    )
    return (
        f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
        f'<meta charset="utf-8"><title>{e(h.subject)} · {h.year}</title>'
        f"<style>{style}</style></head><body>{''.join(sections)}</body></html>"
    )


# ------------------------------------------------------------------ PDF

# TrueType only: fpdf2 2.8.9 embeds CFF-flavoured OpenType (Noto Sans SC .otf, the system
# Noto CJK .ttc) with an /Encoding dictionary that PDF readers and pypdf misread, so
# copied text comes out with NULs between the characters. wqy-microhei is TrueType.
SYSTEM_FONTS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
)


def font_path() -> Path:
    """wqy-microhei (TrueType) from the PyPI package ``paperang-p2-fonts-cjk``; a system
    wqy font only when that package is missing (``pip install -r requirements.txt`` has
    it, so a fresh machine needs no system package)."""
    try:
        packaged = importlib.resources.files("paperang_p2_fonts_cjk") / "fonts/wqy-microhei.ttc"
        path = Path(str(packaged))
        if path.is_file():
            return path
    except ModuleNotFoundError:
        pass
    for path in SYSTEM_FONTS:
        if path.is_file():
            return path
    raise FileNotFoundError("no CJK TrueType font: pip install -r requirements.txt")


def brief_pdf(h: Hearing, asked: Iterable[str] = ()) -> bytes:
    """The brief as an A4 PDF with its CJK font embedded and a vector bar chart."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    lang = h.lang
    chosen = asked_texts(h, asked)
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_title(f"{h.subject} · {h.year}")
    pdf.set_creation_date(dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    font = str(font_path())
    pdf.add_font("cjk", "", font, collection_font_number=0)
    # No bold face ships with the font: headings are set larger instead of bolder.
    pdf.add_font("cjk", "B", font, collection_font_number=0)
    pdf.set_font("cjk", size=11)
    width = pdf.epw

    def heading(text: str, size: int = 15) -> None:
        pdf.ln(3)
        pdf.set_font("cjk", "B", size)
        pdf.multi_cell(width, 8, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", "", 10)

    def para(text: str) -> None:
        pdf.multi_cell(width, 6, text, new_x="LMARGIN", new_y="NEXT")

    def table(spec: BriefTable) -> None:
        if spec.title:
            heading(spec.title, 12)
        pdf.set_font("cjk", "", 9)
        with pdf.table(
            col_widths=spec.widths,
            headings_style=FontFace(emphasis="BOLD", fill_color=(230, 230, 230)),
            line_height=5,
            text_align="LEFT",
        ) as tbl:
            tbl.row(spec.headers)
            for row in spec.rows:
                tbl.row(row)
        pdf.set_font("cjk", "", 10)

    def centred(text: str, size: int, line: float) -> None:
        pdf.set_font("cjk", "", size)
        pdf.multi_cell(width, line, text, align="C", new_x="LMARGIN", new_y="NEXT")

    # Cover
    pdf.add_page()
    pdf.ln(40)
    pdf.set_font("cjk", "B", 26)
    pdf.multi_cell(width, 14, h.subject, align="C", new_x="LMARGIN", new_y="NEXT")
    centred(h.subtitle, 14, 9)
    centred(t("hearing.brief.title", lang), 14, 9)
    pdf.ln(10)
    centred(t("hearing.brief.release", lang, release=h.release_title), 11, 7)
    centred(t("hearing.brief.data_date", lang, date=h.data_date), 11, 7)

    # Headline
    pdf.add_page()
    heading(t("hearing.step.headline", lang))
    table(headline_table(h))
    heading(t("hearing.trend", lang))
    _pdf_bars(pdf, h)

    # Flags
    heading(t("hearing.step.flags", lang))
    tables = flag_tables(h)
    for spec in tables:
        table(spec)
    if not tables:
        para(t("hearing.no_flags", lang))

    heading(t("hearing.questions", lang))
    if chosen:
        for index, text in enumerate(chosen, start=1):
            para(f"{index}. {text}")
            pdf.ln(1)
    else:
        para(t("hearing.no_questions", lang))

    heading(t("hearing.brief.sources", lang))
    para(t("source.records", lang, release=h.release_title))
    for term, meaning in _definitions(lang):
        pdf.set_font("cjk", "B", 10)
        para(term)
        pdf.set_font("cjk", "", 10)
        para(meaning)
    return bytes(pdf.output())


def _pdf_bars(pdf: Any, h: Hearing) -> None:
    """The trend as vector bars drawn with the PDF's rectangles and lines."""
    values = [row.values.get(k) for row in h.trend for k in TREND_KEYS]
    divisor, unit = fmt.money_scale(values, h.lang)
    top = max((float(v) for v in values if v is not None), default=0.0) or 1.0
    chart_h, left = 55.0, pdf.l_margin + 10
    if pdf.get_y() + chart_h + 20 > pdf.h - pdf.b_margin:
        pdf.add_page()
    y0 = pdf.get_y() + 4
    base = y0 + chart_h
    n = max(1, len(h.trend))
    slot = (pdf.epw - 20) / n
    bar = slot / 3
    colours = ((31, 78, 121), (197, 90, 17))
    pdf.set_font("cjk", "", 8)
    pdf.set_draw_color(0, 0, 0)
    pdf.line(left, base, left + slot * n, base)
    for i, row in enumerate(h.trend):
        x0 = left + i * slot
        for j, key in enumerate(TREND_KEYS):
            value = row.values.get(key)
            if value is None:
                continue
            height = float(value) / top * chart_h
            pdf.set_fill_color(*colours[j])
            pdf.rect(x0 + j * bar, base - height, bar * 0.9, height, style="F")
        pdf.set_xy(x0, base + 1)
        pdf.cell(bar * 2, 4, str(row.year), align="C")
    # Legend, and the largest amount as the scale.
    pdf.set_xy(left, base + 7)
    for j, key in enumerate(TREND_KEYS):
        pdf.set_fill_color(*colours[j])
        pdf.rect(pdf.get_x(), pdf.get_y() + 1, 3, 3, style="F")
        pdf.set_x(pdf.get_x() + 4)
        pdf.cell(45, 5, metric_label(key, h.lang))
    pdf.cell(50, 5, t("hearing.chart_max", h.lang, value=fmt.money(Decimal(str(top)), h.lang)))
    del divisor, unit
    pdf.set_xy(pdf.l_margin, base + 14)
