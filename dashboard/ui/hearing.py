"""The parts of the hearing page (/hearing): presenter screens, step navigation, the
question outline and the brief downloads.

Why apart from ``pages/hearing.py``: the page stays thin, and the presenter screens are
drawn from the same ``brief.Hearing`` the printed brief is built from, so the big screen
and the paper say the same figures in the same words.

Projector rules (issue 7): large type, dark text on white (well above 4.5:1), and at
1024x768 the subject's name, its headline figures and the first flag on the first
screen. In presenter mode (``present=1``) the menu, language switch and pickers are not
drawn; the demo notice stays, as one small line, because demo data is always labelled.
Data text is escaped (``html.escape``) or shown with ``st.text``: never as Markdown.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from decimal import Decimal

import streamlit as st

from dashboard.core import formatting as fmt
from dashboard.core import params, reads
from dashboard.core.i18n import t
from dashboard.core.paths import page_path
from dashboard.core.romanise import region_label
from dashboard.renderers import brief
from dashboard.renderers.brief import LAGGING, Hearing, LaggingRow, Question
from dashboard.ui import boot, frame, state
from dashboard.ui.state import View
from data_access.flags import rules as flags

STYLE = """<style>
.hearing-screen{color:#0b0b0b;background:#fff;font-size:1.35rem;line-height:1.35}
.hearing-screen h1{font-size:2.4rem;margin:0 0 .2rem 0;color:#000;font-weight:700}
.hearing-screen h2{font-size:1.7rem;margin:.4rem 0;color:#000}
.hearing-screen .sub{font-size:1.15rem;color:#333;margin-bottom:.5rem}
.hearing-cards{display:grid;grid-template-columns:repeat(3,1fr);gap:.5rem}
.hearing-card{border:2px solid #222;border-radius:.4rem;padding:.3rem .6rem}
.hearing-card .label{font-size:1rem;color:#222}
.hearing-card .value{font-size:1.9rem;font-weight:700;color:#000}
.hearing-card .vs{font-size:.9rem;color:#333}
.hearing-flag{border-left:.5rem solid #a00000;padding:.3rem .7rem;margin-top:.6rem;
  background:#fff4f4}
.hearing-flag .rule{font-weight:700;color:#7a0000}
.hearing-screen table{border-collapse:collapse;width:100%;font-size:1.1rem}
.hearing-screen th,.hearing-screen td{border:1px solid #444;padding:.25rem .5rem;
  text-align:left;color:#000}
.hearing-question{font-size:1.4rem;font-weight:600;border:2px solid #000;
  padding:.5rem .8rem;margin-top:.6rem}
</style>"""
PRESENT_STYLE = """<style>
header[data-testid="stHeader"]{display:none}
.block-container,[data-testid="stMainBlockContainer"]{padding-top:.5rem;padding-bottom:.5rem}
</style>"""
TABLE_ROWS = 8


@dataclass(frozen=True)
class Presentation:
    """The hearing's screens: headline, trend, flags, the lagging units (when any lag),
    then one step per flagged item.

    The steps are numbered, and the lagging units formatted with their questions, by
    ``brief.Hearing`` (``lagging`` is its ``h.lagging``), so this page, its links, the
    printed brief and ``benchmarks/hearing.py`` count the same screens and ask the same
    questions.
    """

    hearing: Hearing
    lagging: list[LaggingRow]

    @property
    def lagging_step(self) -> int | None:
        """The step of the lagging units, None when nothing lags."""
        return self.hearing.lagging_step

    @property
    def first_item_step(self) -> int:
        """The step of the first flagged item."""
        return self.hearing.first_item_step

    @property
    def steps(self) -> int:
        """How many steps the presentation has."""
        return self.hearing.steps


def start() -> View:
    """The checked view; in presenter mode without header, menu or banner.

    The regular frame (``frame.start``) draws the language switch and the demo banner;
    presenter mode draws neither but keeps a one-line demo notice.
    """
    present = st.query_params.get("present") == "1"
    if not present:
        view = frame.start("hearing")
        # The title before the preview screen: a visitor preparing the hearing must
        # first see which page this is; presenter mode draws no title at all.
        frame.heading(view, "hearing.title")
    else:
        url = boot.database_url()
        lang = state.read_lang()
        reading = state.read_view(url, "hearing")
        if reading.view is None:
            frame._explain(reading, "hearing", url, lang)
            st.stop()
        view = reading.view
        st.html(PRESENT_STYLE)
        if reads.is_demo(view.url, view.stamp):
            st.caption(t("demo.banner", lang))
    st.html(STYLE)
    _show_step_in_address_bar(view)
    return view


def _show_step_in_address_bar(view: View) -> None:
    """Send the step to the browser's address bar on every run.

    Why: the previous/next links (and the ← → keys, which click them) are
    ``st.page_link`` to this same page. Streamlit 1.67 reruns the page with the link's
    query but updates the address bar only on a page change or when the script writes
    ``st.query_params``; the URL kept saying ``step=0`` while step 1 was shown, so a
    copied link or a reload showed the wrong screen. Writing the parameter sends the
    full query string; the browser pushes a history entry only when it differs from
    the address bar (so ← Back returns to the previous step, and a reload adds none).
    """
    st.query_params["step"] = str(view.step)


def content(view: View) -> Presentation:
    """The hearing of the view's subject; a screen number past the last is explained.

    Why here and not in ``params.resolve``: how many screens there are depends on the
    flags of the subject, which only the hearing reads. The message is the same located
    one ("URL parameter step=99: …") with the same way back as every other bad URL
    parameter (``frame._explain``): the same view without ``step``.
    """
    h = brief.hearing(view)
    p = Presentation(h, h.lagging)
    if view.step >= p.steps:
        raw = str(view.step)
        problem = params.Problem(
            "bad.step_range", {"value": raw, "steps": str(p.steps)}, "step", raw
        )
        reading = params.Reading(None, [problem], view.query("hearing", step=None))
        frame._explain(reading, "hearing", view.url, view.lang)
        st.stop()
    return p


def controls(view: View) -> None:
    """Year picker, subject pickers (child region, department) and the presenter link;
    none of them in presenter mode (the title is drawn by ``start``, above the screen)."""
    frame.controls(view, scope=not view.dept)
    frame.region_trail(view, "hearing")
    with st.container(horizontal=True, key="hearing-subject", vertical_alignment="bottom"):
        kids = reads.children(view.url, view.stamp, view.region)
        if kids:
            names = {k.code: region_label(k.code, k.name, view.lang) for k in kids}
            picked = st.selectbox(
                t("hearing.child_region", view.lang),
                options=["", *names],
                format_func=lambda c: names.get(c, "—"),
                key=f"hearing-region-{view.region}",
                width=240,
            )
            if picked:
                state.go(view, "hearing", region=picked, dept=None, step=0, ask=None)
        departments = reads.department_metrics(
            view.url, view.stamp, view.year, view.region, view.release
        )
        codes = {row["code"]: row["name"] for row in departments}
        if view.dept and view.dept not in codes:
            codes[view.dept] = brief.subject_name(view)
        options = ["", *codes]
        chosen = st.selectbox(
            t("hearing.subject", view.lang),
            options=options,
            index=options.index(view.dept or ""),
            format_func=lambda c: codes.get(c) or t("hearing.subject_region", view.lang),
            key=f"hearing-dept-{view.region}-{view.dept}",
            width=320,
        )
        if (chosen or None) != view.dept:
            state.go(view, "hearing", dept=chosen or None, step=0, ask=None)
        state.link(
            view,
            "hearing",
            t("hearing.present", view.lang),
            icon=":material/slideshow:",
            present="1",
        )
    st.caption(t("hearing.present_help", view.lang))


def _e(text: object) -> str:
    return html.escape(str(text))


def _flag_line(q: Question, lang: str) -> str:
    return (
        f'<div class="hearing-flag"><span class="rule">{_e(q.rule_title)}</span> · '
        f"{_e(q.item.project_name)} · {_e(t('hearing.money_at_stake', lang))} "
        f"<b>{_e(q.money_text)}</b></div>"
    )


def _rule_table(p: Presentation, lang: str) -> list[tuple[str, str, str, str, str]]:
    """(key, title, explanation, count, money) of every rule that flags something here,
    the lagging units among the item rules, largest money at stake first (as the brief
    ranks them, ``brief.rule_rows``)."""
    return [
        (key, title, explanation, brief.rule_count_text(key, count, lang), amount)
        for key, title, explanation, count, amount in brief.rule_rows(
            p.hearing, with_lagging=True
        )
    ]


def _flags_body(p: Presentation, lang: str) -> str:
    """The flags screen: every rule ranked by money at stake, the top three items."""
    h = p.hearing
    rules = _rule_table(p, lang)
    if not rules:
        return f"<div>{_e(t('hearing.no_flags', lang))}</div>"
    total = sum(c.count for k, c in h.counts.rules.items() if k in flags.ITEM_RULES)
    money = sum(
        (c.money_at_stake for k, c in h.counts.rules.items() if k in flags.ITEM_RULES),
        start=Decimal("0"),
    )
    summary = t("hearing.flag_total", lang, count=total, money=fmt.money(money, lang))
    table = "".join(
        f"<tr><td><b>{_e(title)}</b><br><small>{_e(explanation)}</small></td>"
        f"<td>{_e(count)}</td><td>{_e(amount)}</td></tr>"
        for _key, title, explanation, count, amount in rules
    )
    headers = "".join(
        f"<th>{_e(t(k, lang))}</th>"
        for k in ("hearing.col.rule", "hearing.col.count", "hearing.col.money")
    )
    top = "".join(_flag_line(q, lang) for q in h.questions[:3])
    return (
        f"<h2>{_e(t('hearing.step.flags', lang))}</h2><div>{_e(summary)}</div>"
        f"<table><thead><tr>{headers}</tr></thead><tbody>{table}</tbody></table>{top}"
    )


def _lagging_body(p: Presentation, lang: str) -> str:
    """The lagging step: each unit's coverage beside its parent's, the gap and the money
    at stake (the evaluation shortfall), and the question of the largest."""
    rule = flags.RULES[LAGGING]
    count = p.hearing.counts.rules[LAGGING]
    summary = t(
        "hearing.lagging_total",
        lang,
        count=fmt.count(len(p.lagging), lang),
        money=fmt.money(count.money_at_stake, lang),
    )
    headers = "".join(
        f"<th>{_e(t(k, lang))}</th>"
        for k in (
            "hearing.col.unit",
            "hearing.col.coverage",
            "hearing.col.parent",
            "hearing.col.parent_coverage",
            "hearing.col.gap",
            "hearing.col.money",
        )
    )
    body = "".join(
        f"<tr><td><b>{_e(r.unit.name)}</b> <small>{_e(r.kind_text)}</small></td>"
        f"<td>{_e(r.coverage_text)}</td><td>{_e(r.parent_name)}</td>"
        f"<td>{_e(r.parent_text)}</td><td>{_e(r.gap_text)}</td><td>{_e(r.money_text)}</td></tr>"
        for r in p.lagging[:TABLE_ROWS]
    )
    more = len(p.lagging) - TABLE_ROWS
    rest = (
        f"<div class='sub'>{_e(t('hearing.lagging_more', lang, count=fmt.count(more, lang)))}"
        "</div>"
        if more > 0
        else ""
    )
    return (
        f"<h2>{_e(t('hearing.step.lagging', lang))}</h2>"
        f'<div class="hearing-flag"><span class="rule">{_e(rule.title(lang))}</span> · '
        f"{_e(summary)}<br><small>{_e(rule.explanation(lang))}</small></div>"
        f"<table><thead><tr>{headers}</tr></thead><tbody>{body}</tbody></table>{rest}"
        f'<div class="hearing-question">{_e(p.lagging[0].question)}</div>'
    )


def screen(view: View, p: Presentation) -> None:
    """The presenter screen of ``view.step``."""
    lang = view.lang
    h = p.hearing
    head = f"<h1>{_e(h.subject)}</h1><div class='sub'>{_e(h.subtitle)}</div>"
    if view.step == 0:
        cards = "".join(
            f'<div class="hearing-card"><div class="label">{_e(r.label)}</div>'
            f'<div class="value">{_e(r.value_text)}</div>'
            + (
                '<div class="vs">'
                + _e(
                    t(
                        "hearing.vs",
                        lang,
                        parent=h.parent_name,
                        parent_value=r.parent_text,
                        peers=h.peers_label,
                        peers_value=r.peers_text,
                    )
                )
                + "</div>"
                if h.comparable
                else ""
            )
            + "</div>"
            for r in h.headline
        )
        # Nothing to compare with (the province): said once, not as "—" under each card.
        note = (
            "" if h.comparable else f"<div class='sub'>{_e(t('hearing.no_comparison', lang))}</div>"
        )
        first = (
            f"<div>{_e(t('hearing.first_flag', lang))}</div>{_flag_line(h.questions[0], lang)}"
            if h.questions
            else f"<div>{_e(t('hearing.no_flags', lang))}</div>"
        )
        body = f'<div class="hearing-cards">{cards}</div>{note}{first}'
    elif view.step == 1:
        body = f"<h2>{_e(t('hearing.trend', lang))}</h2>{brief._svg_bars(h, 900, 320)}"
    elif view.step == 2:
        body = _flags_body(p, lang)
    elif view.step == p.lagging_step:
        body = _lagging_body(p, lang)
    else:
        rank = view.step - p.first_item_step
        q = h.questions[rank]
        rule = flags.RULES[q.item.rule]
        body = (
            f"<h2>{_e(t('hearing.step.item', lang, rank=rank + 1, count=len(h.questions)))}"
            f"{_e(t('hearing.item_sep', lang))}{_e(q.item.project_name)}</h2>"
            f"<div class='sub'>{_e(q.item.project_code)} · {_e(q.item.department_name)} · "
            f"{_e(q.item.region_name)} · {q.item.fiscal_year}</div>"
            f'<div class="hearing-flag"><span class="rule">{_e(rule.title(lang))}</span><br>'
            f"{_e(rule.explanation(lang))}<br>{_e(t('hearing.money_at_stake', lang))} "
            f"<b>{_e(q.money_text)}</b></div>"
            f'<div class="hearing-question">{_e(q.text)}</div>'
        )
    st.html(f'<div class="hearing-screen">{head}{body}</div>')
    if view.step == 0:
        # The largest flag's own list first; then the 差/中-not-cut list, which the
        # hearing must always reach in two clicks, each link naming its rule.
        largest = (h.questions[0].item.rule,) if h.questions else ()
        rule_links(view, p, tuple(dict.fromkeys((*largest, "poor_not_cut"))))
    elif view.step == 2:
        ranked = (r[0] for r in brief.rule_rows(h, with_lagging=True))
        rule_links(view, p, ("poor_not_cut", *(k for k in ranked if k != "poor_not_cut")))
    elif view.step == p.lagging_step:
        unit_links(view, p.lagging[:TABLE_ROWS])
    if view.step >= p.first_item_step:
        item = h.questions[view.step - p.first_item_step].item
        state.link(
            view,
            "project",
            t("hearing.open_project", lang),
            icon=":material/open_in_new:",
            project=item.project_code,
            year=item.fiscal_year,
        )


def unit_links(view: View, rows: list[LaggingRow]) -> None:
    """One link per lagging unit to the explorer: a region's split into its children
    and departments, a department's project list, where the uncovered money is."""
    with st.container(horizontal=True, wrap=True, key=f"hearing-units-{view.step}"):
        for r in rows:
            unit = r.unit
            target = (
                {"region": unit.code, "scope": "all", "dept": None}
                if unit.kind == "child"
                else {"region": unit.region_code, "dept": unit.code}
            )
            state.link(
                view,
                "explore",
                t("hearing.open_unit", view.lang, name=fmt.literal(unit.name)),
                icon=":material/travel_explore:",
                q=None,
                page=None,
                **target,
            )


def rule_links(view: View, p: Presentation, rules: tuple[str, ...]) -> None:
    """One link per rule: an item rule to the explorer listing every project-year that
    rule flags for this subject and year, flagged first by money at stake; the lagging
    units to their own step (no project-year list can be filtered by them).

    Why: the presentation walks through the largest items only (``brief.ITEM_LIMIT``);
    a member who asks "which 差/中 projects kept their budget?" gets the whole list in
    one click, for the same region (or department), scope, year and release.
    """
    h = p.hearing
    with st.container(horizontal=True, wrap=True, key=f"hearing-explore-{view.step}"):
        for key in rules:
            if key == LAGGING:
                if p.lagging_step is not None:
                    state.link(
                        view,
                        "hearing",
                        t(
                            "hearing.lagging_link",
                            view.lang,
                            rule=flags.RULES[LAGGING].title(view.lang),
                            count=fmt.count(len(p.lagging), view.lang),
                        ),
                        icon=":material/arrow_forward:",
                        step=p.lagging_step,
                    )
                continue
            state.link(
                view,
                "explore",
                t(
                    "hearing.explore_flag",
                    view.lang,
                    rule=flags.RULES[key].title(view.lang),
                    count=fmt.count(h.counts.rules[key].count, view.lang),
                ),
                icon=":material/filter_list:",
                flag=key,
                sort="flagged",
            )


def step_nav(view: View, p: Presentation) -> None:
    """Previous / next links (each step a URL) and the ← → keys."""
    prev_step = view.step - 1 if view.step > 0 else None
    next_step = view.step + 1 if view.step + 1 < p.steps else None
    with st.container(horizontal=True, key="hearing-nav", vertical_alignment="center"):
        if prev_step is not None:
            state.link(
                view,
                "hearing",
                t("hearing.prev", view.lang),
                icon=":material/arrow_back:",
                step=prev_step,
            )
        st.caption(t("hearing.step_of", view.lang, step=view.step + 1, steps=p.steps))
        if next_step is not None:
            state.link(
                view,
                "hearing",
                t("hearing.next", view.lang),
                icon=":material/arrow_forward:",
                step=next_step,
            )
        if view.present:
            state.link(view, "hearing", t("hearing.leave", view.lang), present=None)
    _keys(prev_step, next_step)


def _keys(prev_step: int | None, next_step: int | None) -> None:
    """← → click the previous / next link (an in-app navigation, a history entry).

    Our own script, with nothing loaded from anywhere; it only reads numbers we wrote.
    """
    targets = json.dumps({"prev": prev_step, "next": next_step})
    path = json.dumps(page_path("hearing"))
    st.html(
        "<script>(() => {const w = window; w.__hearingNav = " + targets + ";"
        "if (w.__hearingKeys) return; w.__hearingKeys = true;"
        "document.addEventListener('keydown', (e) => {"
        "const el = e.target || {}; const tag = (el.tagName || '').toLowerCase();"
        "if (['input','textarea','select'].includes(tag) || el.isContentEditable) return;"
        "if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;"
        "const step = e.key === 'ArrowRight' ? w.__hearingNav.next"
        " : e.key === 'ArrowLeft' ? w.__hearingNav.prev : null;"
        "if (step === null || step === undefined) return;"
        "const link = Array.from(document.querySelectorAll('a[href]')).find((a) => {"
        "const u = new URL(a.getAttribute('href'), window.location.href);"
        "return u.pathname.endsWith(" + path + ") && u.searchParams.get('step') === String(step);"
        "}); if (link) { e.preventDefault(); link.click(); }});})();</script>",
        unsafe_allow_javascript=True,
        width="content",
    )


def question_outline(view: View, p: Presentation) -> None:
    """质询提纲: one ready question per flagged item, then one per lagging region or
    department, each with a tick; ticking one changes ``ask`` in the URL, and the brief
    prints the ticked ones (``brief.asked_texts``, numbered as here).

    Why the ids of ``brief``: the outline, the URL and the brief must name a question
    the same way, or a tick would be forgotten by the next run or missing on paper.
    """
    h = p.hearing
    st.subheader(t("hearing.questions", view.lang), anchor=False)
    st.caption(t("hearing.questions_help", view.lang))
    if not h.questions and not p.lagging:
        st.caption(t("hearing.no_flags", view.lang))
        return
    # Every question of the outline in its order; a stale id in ``ask`` is dropped.
    ids = [q.id for q in h.questions] + [r.id for r in p.lagging]
    asked = set(view.ask)
    for index, q in enumerate(h.questions, start=1):
        _question(view, ids, asked, index, q.id, q.text)
    if p.lagging:
        st.markdown(f"**{t('hearing.questions_lagging', view.lang)}**")
        with st.container(key="questions-lagging"):
            for index, r in enumerate(p.lagging, start=len(h.questions) + 1):
                _question(view, ids, asked, index, r.id, r.question)


def _question(
    view: View, ids: list[str], asked: set[str], index: int, qid: str, text: str
) -> None:
    """One question of the outline with its tick; a changed tick navigates to the same
    screen with ``ask`` holding the ticked ids in outline order."""
    with st.container(horizontal=True, key=f"question-{qid}", vertical_alignment="top"):
        ticked = st.checkbox(
            f"{t('hearing.question', view.lang)} {fmt.count(index, view.lang)}",
            value=qid in asked,
            key=f"ask-{qid}-{qid in asked}",
            label_visibility="collapsed",
            width="content",
        )
        st.text(f"{index}. {text}")
    if ticked != (qid in asked):
        chosen = [x for x in ids if (x in asked) != (x == qid)]
        state.go(view, "hearing", ask=",".join(chosen) or None)


def downloads(view: View, p: Presentation) -> None:
    """The brief as PDF and HTML, built when the button is pressed."""
    h = p.hearing
    name = f"hearing-{view.region}-{view.dept or view.scope}-{view.year}"
    asked = view.ask
    with st.container(horizontal=True, key="hearing-downloads"):
        st.download_button(
            t("hearing.download_pdf", view.lang),
            data=lambda: brief.brief_pdf(h, asked),
            file_name=f"{name}.pdf",
            mime="application/pdf",
            icon=":material/picture_as_pdf:",
            on_click="ignore",
        )
        st.download_button(
            t("hearing.download_html", view.lang),
            data=lambda: brief.brief_html(h, asked).encode("utf-8"),
            file_name=f"{name}.html",
            mime="text/html",
            icon=":material/html:",
            on_click="ignore",
        )
