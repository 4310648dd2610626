"""The hearing's content, once (subject, steps, questions), and the brief that prints it.

Why one module without Streamlit: the budget committee sees the subject on the big
screen (``/hearing``) and takes home the printed brief; both must say exactly the same
figures in the same words. The figures are the hearing's chart declarations
(``dashboard.specs.hearing``); this module assembles the subject, its flagged projects
with their ready questions (ids in ``dashboard.core.asked``) and the steps of the
presentation, and renders the brief from the declarations with the shared writers:
HTML (``renderers.writers``) and an A4 PDF (``renderers.pdf``), the same content in the
same order. ``dashboard.web.brief`` serves both as a plain, cacheable, release-pinned
route (``/download/brief/{region}.pdf|.html``), so a download never depends on a session.

Disclosure: flags come from ``data_access.flags.rules``, which never returns a withheld
project-year; lagging units are regions and departments, named with their coverage
only; the ledger holds public project-years only.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pandas as pd

from dashboard.core import formatting as fmt
from dashboard.core import reads
from dashboard.core.asked import LAGGING, RULE_IDS
from dashboard.core.asked import parse_asked as parse_asked  # the brief reads ``ask`` too
from dashboard.core.i18n import definition, metric_label, t
from dashboard.core.links import view_query
from dashboard.core.paths import page_path, with_query
from dashboard.core.romanise import region_label
from dashboard.core.settings import public_url
from dashboard.core.theme import PRINT_MUTED, PRINT_TEXT
from dashboard.core.view import View
from dashboard.renderers import pdf as pdfw
from dashboard.renderers import writers
from dashboard.specs import hearing as spec
from data_access.flags import rules as flags
from data_access.flags.rules import FlaggedItem, FlaggedProject, LaggingUnit
from data_access.reads.ledger import LedgerSummary

ITEM_LIMIT = spec.ITEM_LIMIT
HEADLINE_STEP, TREND_STEP, FLAGS_STEP, LEDGER_STEP = 0, 1, 2, 3
# Headline, trend, flags and the ledger come first; then the lagging units' step (when
# any lag), one step per flagged project, and last the questions asked so far.
FIRST_ITEM_STEP = 4


# ------------------------------------------------------------------ ids


def item_id(item: FlaggedItem) -> str:
    """The id of a flagged item in the ``ask`` URL parameter (rule + project code)."""
    return f"{RULE_IDS[item.rule]}-{item.project_code}"


def unit_id(unit: LaggingUnit) -> str:
    """The id of a lagging unit in the ``ask`` URL parameter (rule + kind + code): a
    child region and a department may share no code, but the kind keeps them apart."""
    return f"{RULE_IDS[LAGGING]}-{unit.kind}-{unit.code}"


# ------------------------------------------------------------------ content


@dataclass(frozen=True)
class Question:
    """A flagged item and the question it raises, figures filled in, with the legal
    basis it rests on."""

    id: str
    item: FlaggedItem
    rule_title: str
    money_text: str
    text: str
    basis: str


@dataclass(frozen=True)
class ProjectStep:
    """A flagged project with every flag it raises and their questions: one row of the
    ranking, one presenter screen."""

    rank: int
    project: FlaggedProject
    questions: list[Question]
    budget_text: str
    score_text: str

    @property
    def rule_titles(self) -> list[str]:
        return [q.rule_title for q in self.questions]


@dataclass(frozen=True)
class LaggingRow:
    """A lagging region or department as the hearing shows and asks about it."""

    id: str
    unit: LaggingUnit
    name: str
    kind_text: str
    parent_name: str
    coverage_text: str
    parent_text: str
    gap_text: str
    money_text: str
    question: str
    basis: str


@dataclass(frozen=True)
class Asked:
    """A question as the outline numbers it (1-based, in outline order)."""

    number: int
    id: str
    text: str
    basis: str


@dataclass(frozen=True)
class Hearing:
    """Everything the hearing shows about a subject and year, in ``view.lang``."""

    view: View
    subject: str
    subtitle: str
    peers_label: str | None
    release_title: str
    release_id: int | None
    data_date: str
    is_demo: bool
    totals: flags.FlagTotals
    counts: flags.FlagCounts
    projects: list[ProjectStep]
    lagging: list[LaggingRow]
    ledger: LedgerSummary
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def lang(self) -> str:
        return self.view.lang

    @property
    def year(self) -> int:
        return self.view.year

    @property
    def comparable(self) -> bool:
        """Whether the subject has peers to be set beside. The province has none: its
        headline says so once, in words, instead of a row of dashes."""
        return self.peers_label is not None

    @property
    def questions(self) -> list[Question]:
        """Every flagged item's question, in outline order (projects by rank)."""
        return [q for p in self.projects for q in p.questions]

    @property
    def lagging_step(self) -> int | None:
        """The step of the lagging units, None when nothing lags."""
        return FIRST_ITEM_STEP if self.lagging else None

    @property
    def first_item_step(self) -> int:
        """The step of the first flagged project."""
        return FIRST_ITEM_STEP + (1 if self.lagging else 0)

    @property
    def questions_step(self) -> int:
        """The last step: the questions asked so far."""
        return self.first_item_step + len(self.projects)

    @property
    def steps(self) -> int:
        return self.questions_step + 1

    def outline(self) -> list[Asked]:
        """Every question of the outline, numbered: the flagged projects' (by rank,
        each project's in rule order), then the lagging units'."""
        entries = [(q.id, q.text, q.basis) for q in self.questions]
        entries += [(r.id, r.question, r.basis) for r in self.lagging]
        return [Asked(n, i, text, basis) for n, (i, text, basis) in enumerate(entries, 1)]

    def asked(self, ids: Iterable[str]) -> list[Asked]:
        """The outline's questions chosen by id, numbered as the outline numbers them;
        unknown ids are ignored."""
        chosen = set(ids)
        return [a for a in self.outline() if a.id in chosen]

    def table(self, declaration: Any) -> pd.DataFrame:
        """The rows of one of the hearing's declarations (read once per hearing)."""
        return self.tables[declaration.key]


def question_text(item: FlaggedItem, lang: str) -> str:
    """The ready question a flagged item raises, its figures filled in (``lang``).

    Why templates per rule in i18n: the member reads it aloud as is, so it must name the
    project, the year and the very figures the rule used, formatted as on the page, and
    say whether a next-year budget is the one published or the one announced.
    """
    f = item.figures
    base = {"project": item.project_name, "year": item.fiscal_year}
    # The rule that made the item put numbers under these keys (flags.FigureValue is the
    # union over every key), hence the ignores.
    money = lambda key: fmt.money(f.get(key), lang)  # type: ignore[arg-type]  # noqa: E731
    if item.rule == "poor_not_cut":
        change: Decimal = f.get("budget_change") or Decimal("0")  # type: ignore[assignment]
        published = f.get("next_year_budget_source") == "next_year_project"
        key = "question.poor_not_cut" if change > 0 else "question.poor_not_cut_flat"
        return t(
            key + ("" if published else "_announced"),
            lang,
            **base,
            grade=fmt.grade(str(f.get("final_grade")), lang),
            score=fmt.score(f.get("final_score"), lang),  # type: ignore[arg-type]
            next_year=item.fiscal_year + 1,
            next_budget=money("next_year_budget"),
            change=money("budget_change"),
        )
    if item.rule == "cut_not_carried_out":
        return t(
            "question.cut_not_carried_out",
            lang,
            **base,
            grade=fmt.grade(str(f.get("final_grade")), lang),
            action=fmt.vocabulary("action", str(f.get("announced_action")), lang),
            announced=money("announced_budget"),
            next_year=item.fiscal_year + 1,
            next_budget=money("next_year_budget"),
            budget=money("budget"),
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
        kinds = f.get("eval_types_without_report") or ()
        return t(
            "question.no_report",
            lang,
            **base,
            count=fmt.count(f.get("evaluations_without_report"), lang),  # type: ignore[arg-type]
            types=("、" if lang == "zh" else ", ").join(
                t(f"eval_type.{kind}", lang) for kind in kinds  # type: ignore[union-attr]
            ),
        )
    return t("question.no_targets", lang, **base, budget=money("budget"))


def basis_text(rule: str, lang: str, measures: Iterable[str] = ()) -> str:
    """The legal basis of a rule's question: the national measures of its kind
    (``rules.toml`` [basis]) and any measures of the province the package names."""
    kind = flags.BASIS_KINDS[rule]
    return "；".join([flags.basis(kind, lang), *measures]) if lang == "zh" else "; ".join(
        [flags.basis(kind, lang), *measures]
    )


def province_measures(view: View) -> dict[str, list[str]]:
    """The province's own measures the served release names, by kind: entries of
    ``datapackage.json``'s ``sources`` with ``"basis": "evaluation"`` or ``"monitoring"``."""
    info = reads.served_release(view.url, view.stamp, view.release, view.region)
    found: dict[str, list[str]] = {}
    for source in (info.sources if info else []) or []:
        kind = source.get("basis") if isinstance(source, dict) else None
        title = str(source.get("title") or "").strip() if isinstance(source, dict) else ""
        if kind in ("evaluation", "monitoring") and title:
            found.setdefault(kind, []).append(title)
    return found


def _region_name(view: View, code: str, name: str | None = None) -> str:
    record = reads.region(view.url, view.stamp, code, view.release)
    return region_label(code, name or (record.name if record else code), view.lang)


def _compared_with(view: View, unit: LaggingUnit) -> str:
    """What a lagging unit is compared with, by name (romanised in English): its parent
    region (whole jurisdiction) or its own government's 本级."""
    name = _region_name(view, unit.parent_code)
    return t("own_level_of", view.lang, name=name) if unit.parent_scope == "own" else name


def lagging_rows(
    view: View, units: list[LaggingUnit], measures: dict[str, list[str]]
) -> list[LaggingRow]:
    """The subject's lagging units with their figures and question, formatted once.

    Why the question here: the member reads it aloud as is, so it names the unit, the
    year, both coverages, the gap and the money that stayed unevaluated, as shown."""
    lang = view.lang
    rows = []
    for unit in units:
        name = _region_name(view, unit.code, unit.name) if unit.kind == "child" else unit.name
        values = {
            "unit": name,
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
                name=name,
                kind_text=t(f"hearing.kind.{unit.kind}", lang),
                parent_name=values["parent"],
                coverage_text=values["coverage"],
                parent_text=values["parent_coverage"],
                gap_text=values["gap"],
                money_text=values["money"],
                question=t("question.lagging_region", lang, **values),
                basis=basis_text(
                    LAGGING, lang, measures.get(flags.BASIS_KINDS[LAGGING], [])
                ),
            )
        )
    return rows


def _release_words(view: View) -> tuple[str, int | None, str]:
    """The release's title, id and data date (published, else imported)."""
    info = reads.served_release(view.url, view.stamp, view.release, view.region)
    if info is None:
        return fmt.NO_DATA, None, fmt.NO_DATA
    when = (
        fmt.date(info.published, view.lang)
        if info.published
        else fmt.datetime(info.imported_at, view.lang)
    )
    return fmt.release_title(info, view.lang), info.id, when


DECLARATIONS = (
    spec.HEADLINE,
    spec.TREND,
    spec.FLAG_RULES,
    spec.LEDGER,
    spec.LEDGER_UNITS,
    spec.LAGGING_UNITS,
    spec.FLAGGED_PROJECTS,
)


def hearing(view: View) -> Hearing:
    """Assemble the hearing of the view's subject (region or department) and year."""
    lang = view.lang
    found = spec.view_flags(view)
    measures = province_measures(view)
    projects = []
    for rank, project in enumerate(found.projects, start=1):
        questions = [
            Question(
                id=item_id(item),
                item=item,
                rule_title=flags.RULES[item.rule].title(lang),
                money_text=fmt.money(item.money_at_stake, lang),
                text=question_text(item, lang),
                basis=basis_text(
                    item.rule, lang, measures.get(flags.BASIS_KINDS[item.rule], [])
                ),
            )
            for item in project.items
        ]
        projects.append(
            ProjectStep(
                rank=rank,
                project=project,
                questions=questions,
                budget_text=fmt.money(project.budget, lang),
                score_text=fmt.score(project.severity.score, lang),
            )
        )
    release_title, release_id, data_date = _release_words(view)
    parts = [spec.region_words(view) if view.dept else t(f"scope.{view.scope}", lang)]
    parts.append(t("view.year", lang, year=view.year))
    group = spec.peers(view)
    return Hearing(
        view=view,
        subject=spec.subject_name(view),
        subtitle=" · ".join(parts),
        peers_label=group.label if group is not None else None,
        release_title=release_title,
        release_id=release_id,
        data_date=data_date,
        is_demo=reads.is_demo(view.url, view.stamp),
        totals=found.totals,
        counts=found.counts,
        projects=projects,
        lagging=lagging_rows(view, found.lagging, measures),
        ledger=spec.ledger_view_summary(view),
        tables={d.key: d.data(view) for d in DECLARATIONS},
    )


def totals_text(h: Hearing) -> str:
    """The one total a committee can quote: distinct flagged public project-years and
    the sum of their budgets (this year's, each project-year once)."""
    return t(
        "hearing.flag_total",
        h.lang,
        count=fmt.count(h.totals.project_years, h.lang),
        money=fmt.money(h.totals.budget, h.lang),
        year=h.year,
    )


def ledger_text(h: Hearing) -> str:
    """The ledger's one line: evaluated projects, cuts announced, carried out or not."""
    s = h.ledger
    return t(
        "ledger.summary.line",
        h.lang,
        evaluated=fmt.count(s.evaluated, h.lang),
        announced=fmt.count(s.cuts_announced, h.lang),
        carried=fmt.count(s.cuts_carried_out, h.lang),
        not_carried=fmt.count(s.cuts_not_carried_out, h.lang),
    )


def pinned_query(h: Hearing, **changes: object) -> dict[str, str]:
    """The hearing's URL parameters, pinned to the release it shows (a link that keeps
    its figures): year, region, scope, department, language, ranking and questions."""
    view = h.view
    query = view_query(view, "hearing", step=None, present=None, **changes)
    if h.release_id is not None:
        query["release"] = str(h.release_id)
    return query


def short_link(h: Hearing) -> str:
    """The absolute link of the pinned hearing view, as short as it can be: the subject,
    year, release and language, nothing a reader can leave out."""
    query = pinned_query(h, ask=None, rank=None)
    if query.get("scope") == "all":
        query.pop("scope")
    if query.get("lang") == "zh":
        query.pop("lang")
    return public_url(with_query(page_path("hearing"), query))


def brief_path(h: Hearing, fmt_name: str) -> str:
    """The path of the brief route (``dashboard.web.brief``) for this hearing: the
    subject region in the path, the rest of the hearing's parameters in the query,
    pinned to its release."""
    query = pinned_query(h)
    query.pop("region", None)
    return with_query(f"/download/brief/{h.view.region}.{fmt_name}", query)


def file_stem(h: Hearing) -> str:
    """The brief's file name without extension."""
    view = h.view
    parts = ["hearing", view.region, view.dept or view.scope, str(view.year)]
    if h.release_id is not None:
        parts.append(f"r{h.release_id}")
    return "-".join(parts)


# ------------------------------------------------------------------ the brief's parts


def _model(h: Hearing, declaration: Any) -> writers.TableModel:
    return writers.table_model(declaration, h.table(declaration), h.view)


def headline_model(h: Hearing) -> writers.TableModel:
    """The headline table (the subject beside its peers' median and its rank)."""
    return _model(h, spec.HEADLINE)


def trend_model(h: Hearing) -> writers.BarsModel:
    """The trend bars, as the page's figure reads the same rows."""
    df = h.table(spec.TREND)
    years, series, unit = spec.trend_series(df, h.lang)
    return writers.BarsModel(
        title=spec.TREND.title_text(h.view),
        categories=tuple(years),
        series=tuple((label, colour, tuple(values)) for label, colour, values in series),
        unit=unit,
    )


def trend_summary(h: Hearing) -> str | None:
    """The trend in one sentence (``ChartSpec.summary``), as the page says it above it."""
    return spec.TREND.summary_text(h.table(spec.TREND), h.view)


def flag_models(h: Hearing) -> list[writers.TableModel]:
    """The flags section's tables: the rules, the ledger and its parts, the lagging
    units, then the flagged projects; empty tables left out."""
    models = []
    for declaration in (
        spec.FLAG_RULES,
        spec.LEDGER,
        spec.LEDGER_UNITS,
        spec.LAGGING_UNITS,
        spec.FLAGGED_PROJECTS,
    ):
        df = h.table(declaration)
        if not declaration.is_empty(df):
            models.append(_model(h, declaration))
    return models


def definitions(h: Hearing) -> list[tuple[str, str]]:
    """The terms the brief uses, defined once: the headline metrics, every rule, the
    ledger's verdicts and the severity score."""
    lang = h.lang
    words = [(metric_label(k, lang), definition(k, lang)) for k in spec.HEADLINE_KEYS]
    words += [
        (flags.RULES[k].title(lang), flags.RULES[k].explanation(lang)) for k in flags.RULE_KEYS
    ]
    words += [
        (t(f"ledger.verdict.{v}", lang), t(f"ledger.verdict_def.{v}", lang))
        for v in ("carried_out", "not_carried_out", "project_ended", "no_next_year",
                  "not_announced")
    ]
    words.append((t("hearing.col.severity", lang), severity_text(lang)))
    return words


def severity_text(lang: str) -> str:
    """How the severity score is made, with the settings file's weights."""
    s = flags.SEVERITY
    weights = ("、" if lang == "zh" else ", ").join(
        f"{flags.RULES[k].title(lang)} {w:g}" for k, w in s.weights.items()
    )
    bands = ("、" if lang == "zh" else ", ").join(
        fmt.money(Decimal(str(b)), lang) for b in s.money_bands_yuan
    )
    return t(
        "hearing.severity.definition",
        lang,
        weights=weights,
        excess=f"{s.excess_weight:g}",
        bands=bands,
        money=f"{s.money_points:g}",
        years=s.repeat_years,
        repeat=f"{s.repeat_points:g}",
    )


def source_lines(h: Hearing) -> list[str]:
    """Where the figures come from: the release (title, number, data date) and the link
    of the pinned view. In English a Chinese title is said once, as such, and the
    release is otherwise named by its number."""
    name = fmt.release_name(h.release_title, h.release_id or 0, h.lang)
    lines = [
        t("source.records", h.lang, release=name),
        t("hearing.brief.release", h.lang, release=_release_label(h)),
        t("hearing.brief.data_date", h.lang, date=h.data_date),
        t("hearing.brief.link", h.lang, url=short_link(h)),
    ]
    return lines


def _release_label(h: Hearing) -> str:
    title = fmt.published_title(h.release_title, h.lang)
    if h.release_id is None:
        return title
    return t("hearing.brief.release_id", h.lang, title=title, id=h.release_id)


# ------------------------------------------------------------------ HTML

_STYLE = (
    "body{font-family:'Noto Sans SC','Noto Sans CJK SC','Source Han Sans SC',sans-serif;"
    "color:#1A1A1A;background:#fff;max-width:60rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.5}"
    "header{border-bottom:2px solid #1A1A1A;margin-bottom:1rem;display:flex;"
    "justify-content:space-between;gap:1rem}"
    "header .qr svg{width:7rem;height:7rem}"
    ".demo{background:#FFF3CD;color:#5C4400;border:1px solid #E0C060;padding:.3rem .6rem}"
    "ol.questions li{margin:.4rem 0;break-inside:avoid}"
    "ol.questions .basis{display:block;font-size:.85rem;color:#4D4D4D}"
    "h2{break-after:avoid}"
    "@media print{body{margin:0}table{break-inside:auto}tr{break-inside:avoid}}"
    + writers.TABLE_CSS
)


def brief_html(h: Hearing, asked: Iterable[str] = ()) -> str:
    """The brief as one self-contained HTML document (no script, no external file):
    the same sections, tables and questions as the PDF."""
    lang = h.lang
    e = html.escape
    chosen = h.asked(asked)
    link = short_link(h)
    demo = f'<p class="demo">{e(t("demo.banner", lang))}</p>' if h.is_demo else ""
    header = (
        f"<header><div><h1>{e(h.subject)}</h1><p>{e(h.subtitle)}</p>"
        f"<p>{e(t('hearing.brief.title', lang))}</p>"
        f"<p>{'<br>'.join(e(line) for line in source_lines(h)[1:3])}</p>"
        f'<p><a href="{e(link)}">{e(link)}</a></p></div>'
        f'<div class="qr">{pdfw.qr_svg(link, t("hearing.brief.qr", lang))}</div></header>'
    )
    headline = _model(h, spec.HEADLINE)
    note = "" if h.comparable else f"<p>{e(t('hearing.no_comparison', lang))}</p>"
    trend_line = trend_summary(h)
    sections = [
        header,
        demo,
        f"<h2>{e(t('hearing.step.headline', lang))}</h2>{note}"
        + writers.table_html(headline),
        f"<h2>{e(t('hearing.trend', lang))}</h2>"
        + (f'<p class="summary">{e(trend_line)}</p>' if trend_line else "")
        + writers.bars_svg(trend_model(h), lang),
        f"<h2>{e(t('hearing.step.flags', lang))}</h2><p><strong>{e(totals_text(h))}</strong></p>"
        f"<p>{e(ledger_text(h))}</p>"
        + "".join(writers.table_html(m) for m in flag_models(h)),
        f"<h2>{e(t('hearing.questions', lang))}</h2>"
        + (
            '<ol class="questions">'
            + "".join(
                f'<li value="{a.number}">{e(a.text)}<span class="basis">'
                f"{e(t('hearing.basis', lang, basis=a.basis))}</span></li>"
                for a in chosen
            )
            + "</ol>"
            if chosen
            else f"<p>{e(t('hearing.no_questions', lang))}</p>"
        ),
        f"<h2>{e(t('hearing.brief.sources', lang))}</h2>"
        + "".join(f"<p>{e(line)}</p>" for line in source_lines(h))
        + "<dl>"
        + "".join(f"<dt>{e(a)}</dt><dd>{e(b)}</dd>" for a, b in definitions(h))
        + "</dl>",
    ]
    return (
        f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
        f'<meta charset="utf-8"><title>{e(h.subject)} · {h.year} · '
        f"{e(t('hearing.brief.title', lang))}</title>"
        f"<style>{_STYLE}</style></head><body>{''.join(sections)}</body></html>"
    )


# ------------------------------------------------------------------ PDF


def brief_pdf(h: Hearing, asked: Iterable[str] = ()) -> bytes:
    """The brief as an A4 PDF: cover with the short link and its QR code, headline,
    trend, flags and ledger, the numbered questions with their legal basis (each kept
    on one page), sources and definitions; page numbers on every page; the
    demonstration-data notice when it applies; and which characters, if any, no font
    could draw."""
    lang = h.lang
    chosen = h.asked(asked)
    link = short_link(h)
    pdf = pdfw.BriefPDF(
        footer_text=f"{h.subject} · {h.year} · {link}",
        page_label=t("hearing.brief.page", lang, page="{page}", pages="{pages}"),
        lang=lang,
    )
    pdf.set_title(f"{h.subject} · {h.year} · {t('hearing.brief.title', lang)}")
    pdf.set_lang("zh-CN" if lang == "zh" else "en")

    # Cover
    pdf.add_page()
    pdf.ln(30)
    pdf.note(h.subject, h.subtitle)
    pdf.set_font("cjk", "", 24)
    pdf.multi_cell(pdf.epw, 12, h.subject, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", "", 14)
    pdf.multi_cell(pdf.epw, 9, h.subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(
        pdf.epw, 9, t("hearing.brief.title", lang), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(6)
    for line in source_lines(h)[1:3]:
        pdf.note(line)
        pdf.set_font("cjk", "", 11)
        pdf.multi_cell(pdf.epw, 7, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    size = 38.0
    pdf.qr(link, (pdf.w - size) / 2, pdf.get_y(), size)
    pdf.set_y(pdf.get_y() + size + 2)
    pdf.set_font("cjk", "", 9)
    pdf.multi_cell(pdf.epw, 5, link, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(
        pdf.epw, 5, t("hearing.brief.qr", lang), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    if h.is_demo:
        pdf.ln(8)
        pdf.notice(t("demo.banner", lang))

    # Headline and trend
    pdf.add_page()
    if h.is_demo:
        pdf.notice(t("demo.banner", lang))
    pdf.heading(t("hearing.step.headline", lang), before=0)
    if not h.comparable:
        pdf.para(t("hearing.no_comparison", lang))
    headline = headline_model(h)
    if headline.summary:
        pdf.para(headline.summary)
    pdf.table_of(headline, title=False)
    pdf.heading(t("hearing.trend", lang))
    summary = trend_summary(h)
    if summary:
        pdf.para(summary)
    pdf.bars(trend_model(h), title=False)

    # Flags and the ledger
    pdf.heading(t("hearing.step.flags", lang))
    pdf.para(totals_text(h), size=10.5)
    pdf.para(ledger_text(h))
    pdf.ln(1)
    models = flag_models(h)
    for model in models:
        pdf.table_of(model)
    if not h.projects and not h.lagging:
        pdf.para(t("hearing.no_flags", lang))

    # Questions: a number never apart from its text and basis.
    pdf.heading(t("hearing.questions", lang))
    if chosen:
        for a in chosen:
            pdf.block(
                [
                    (f"{a.number}. {a.text}", 10.5, 6, PRINT_TEXT),
                    (t("hearing.basis", lang, basis=a.basis), 8.5, 4.5, PRINT_MUTED),
                ]
            )
    else:
        pdf.para(t("hearing.no_questions", lang))

    # Sources and definitions
    pdf.heading(t("hearing.brief.sources", lang))
    for line in source_lines(h):
        pdf.para(line, size=9)
    pdf.ln(2)
    for term, meaning in definitions(h):
        pdf.block([(term, 10, 5, PRINT_TEXT), (meaning, 8.5, 4.5, PRINT_MUTED)], gap=1)
    if pdf.undrawable:
        pdf.heading(t("hearing.brief.fonts", lang), size=11)
        pdf.para(
            t(
                "hearing.brief.undrawable",
                lang,
                chars=pdfw.undrawable_text(pdf.undrawable),
            ),
            size=9,
        )
    return bytes(pdf.output())
