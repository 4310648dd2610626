"""The parts of the hearing page (/hearing): presenter screens, step navigation, the
question outline and the brief downloads.

Why apart from ``pages/hearing.py``: the page stays thin, and the presenter screens are
drawn from the same ``brief.Hearing`` (and the same chart declarations,
``dashboard.specs.hearing``) the printed brief is built from, so the big screen and the
paper say the same figures in the same words.

Projector rules (issue 7, issue 17): large type, dark text on white (well above 4.5:1);
every screen fits 1024x768 without scrolling; the trend is drawn by the pages' own chart
renderer (``ui.render.show``: Plotly, never an inline SVG that Streamlit strips); the
← → keys move between screens and a counter says where the chair is. In presenter mode
(``present=1``) the menu, language switch and pickers are not drawn; the demo notice
stays, as one small line, because demo data is always labelled. Data text is escaped
(``html.escape``) or shown with ``st.text``: never as Markdown.
"""

from __future__ import annotations

import html
import json

import streamlit as st

from dashboard.core import formatting as fmt
from dashboard.core import params, reads
from dashboard.core.i18n import metric_label, t
from dashboard.core.links import view_query
from dashboard.core.paths import page_path
from dashboard.core.romanise import region_label
from dashboard.renderers import brief, writers
from dashboard.renderers.brief import LAGGING, Hearing, LaggingRow, ProjectStep
from dashboard.specs import hearing as spec
from dashboard.ui import boot, frame, state
from dashboard.ui.render import show
from dashboard.ui.state import View
from data_access.flags import rules as flags

STYLE = """<style>
.hearing-screen{color:#0b0b0b;background:#fff;font-size:1.3rem;line-height:1.35}
.hearing-screen h1{font-size:2.1rem;margin:0 0 .1rem 0;color:#000;font-weight:700}
.hearing-screen h2{font-size:1.55rem;margin:.3rem 0;color:#000}
.hearing-screen .sub{font-size:1.05rem;color:#333;margin-bottom:.4rem}
.hearing-cards{display:grid;grid-template-columns:repeat(3,1fr);gap:.5rem}
.hearing-card{border:2px solid #222;border-radius:.4rem;padding:.3rem .6rem}
.hearing-card .label{font-size:1rem;color:#222}
.hearing-card .value{font-size:1.8rem;font-weight:700;color:#000}
.hearing-card .vs{font-size:.9rem;color:#333}
.hearing-flag{border-left:.5rem solid #a00000;padding:.25rem .7rem;margin-top:.45rem;
  background:#fff4f4}
.hearing-flag .rule{font-weight:700;color:#7a0000}
.hearing-flag .basis{display:block;font-size:.85rem;color:#333}
.hearing-screen table{border-collapse:collapse;width:100%;font-size:1rem}
.hearing-screen th,.hearing-screen td{border:1px solid #444;padding:.15rem .45rem;
  text-align:left;color:#000;background:#fff}
.hearing-screen td.num{text-align:right;font-variant-numeric:tabular-nums}
.hearing-question{font-size:1.25rem;font-weight:600;border:2px solid #000;
  padding:.4rem .8rem;margin-top:.5rem}
.hearing-screen.dense .hearing-flag{font-size:1.05rem;margin-top:.3rem}
.hearing-screen ol.asked li{margin:.35rem 0}
</style>"""
PRESENT_STYLE = """<style>
header[data-testid="stHeader"]{display:none}
.block-container,[data-testid="stMainBlockContainer"]{padding-top:.5rem;padding-bottom:.5rem}
</style>"""
TABLE_ROWS = 6
UNIT_ROWS = 4
TOP_PROJECTS = 1


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


def content(view: View) -> Hearing:
    """The hearing of the view's subject; a screen number past the last is explained.

    Why here and not in ``params.resolve``: how many screens there are depends on the
    flags of the subject, which only the hearing reads. The message is the same located
    one ("URL parameter step=99: …") with the same way back as every other bad URL
    parameter (``frame._explain``): the same view without ``step``.
    """
    h = brief.hearing(view)
    if view.step >= h.steps:
        raw = str(view.step)
        problem = params.Problem(
            "bad.step_range", {"value": raw, "steps": str(h.steps)}, "step", raw
        )
        reading = params.Reading(None, [problem], view_query(view, "hearing", step=None))
        frame._explain(reading, "hearing", view.url, view.lang)
        st.stop()
    return h


def controls(view: View) -> None:
    """Year picker, subject pickers (child region, department), the ranking order and
    the presenter link; none of them in presenter mode."""
    frame.controls(view, scope=not view.dept)
    frame.region_trail(view, "hearing")
    with st.container(horizontal=True, key="hearing-subject", vertical_alignment="bottom"):
        kids = reads.children(view.url, view.stamp, view.region, view.release, view.year)
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
            codes[view.dept] = spec.subject_name(view)
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
        rank = st.selectbox(
            t("hearing.rank", view.lang),
            options=list(spec.RANKS),
            index=spec.RANKS.index(view.rank),
            format_func=lambda key: t(f"hearing.rank.{key}", view.lang),
            key=f"hearing-rank-{view.rank}",
            width=220,
        )
        if rank != view.rank:
            state.go(view, "hearing", rank=rank, step=0)
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


def _project_line(p: ProjectStep, lang: str) -> str:
    titles = ("、" if lang == "zh" else "; ").join(p.rule_titles)
    return (
        f'<div class="hearing-flag"><span class="rule">{_e(titles)}</span> · '
        f"{_e(p.project.project_name)} · {_e(t('hearing.money.budget', lang))} "
        f"<b>{_e(p.budget_text)}</b> · {_e(t('hearing.col.severity', lang))} "
        f"<b>{_e(p.score_text)}</b></div>"
    )


def _table(model: writers.TableModel, rows: int) -> str:
    """The first ``rows`` rows of a declaration's table, as the brief writes it."""
    cut = writers.TableModel(
        model.title, model.headers, model.rows[:rows], model.numeric, model.notes
    )
    table = writers.table_html(cut, notes=False).replace('<table class="brief">', "<table>")
    # The screen's heading names the table: no caption under it.
    start, end = table.find("<caption>"), table.find("</caption>")
    return table[:start] + table[end + len("</caption>"):] if start >= 0 else table


def _headline_body(h: Hearing, lang: str) -> str:
    df = h.table(spec.HEADLINE)
    cards = []
    for row in df.to_dict("records"):
        note = None
        if h.comparable:
            note = t(
                "hearing.vs",
                lang,
                peers=t("hearing.col.peers_median", lang),
                peers_value=fmt.metric_value(row["kind"], row.get("peers_median"), lang),
                rank=spec.rank_text(row, lang),
            )
        cards.append(
            writers.Card(
                metric_label(row["metric"], lang),
                fmt.metric_value(row["kind"], row.get("value"), lang),
                note,
            )
        )
    body = writers.cards_html(cards, "hearing-card")
    summary = spec.HEADLINE.summary_text(df, h.view)
    if summary:
        # The headline in one sentence, above the cards (as in the brief).
        body = f"<div class='summary'>{_e(summary)}</div>{body}"
    note = (
        f"<div class='sub'>{_e(h.peers_label)}</div>"
        if h.comparable
        else f"<div class='sub'>{_e(t('hearing.no_comparison', lang))}</div>"
    )
    first = (
        f"<div>{_e(t('hearing.first_flag', lang))}</div>{_project_line(h.projects[0], lang)}"
        if h.projects
        else f"<div>{_e(t('hearing.no_flags', lang))}</div>"
    )
    return f"{body}{note}{first}"


def _flags_body(h: Hearing, lang: str) -> str:
    """The flags screen: the one total, each rule's count and own figure, the most
    serious projects."""
    if not h.projects and not h.lagging:
        return (
            f"<h2>{_e(t('hearing.step.flags', lang))}</h2>"
            f"<div>{_e(t('hearing.no_flags', lang))}</div>"
        )
    model = writers.table_model(spec.FLAG_RULES, h.table(spec.FLAG_RULES), h.view)
    top = "".join(_project_line(p, lang) for p in h.projects[:TOP_PROJECTS])
    return (
        f"<h2>{_e(t('hearing.step.flags', lang))}</h2>"
        f"<div><b>{_e(brief.totals_text(h))}</b></div>"
        f"{_table(model, len(model.rows))}"
        f"<div class='sub'>{_e(t('hearing.flags.short_note', lang))}</div>{top}"
    )


def _ledger_body(h: Hearing, lang: str) -> str:
    """The result-application screen: announced against actual, by verdict and by
    part of the subject."""
    title = spec.LEDGER.title_text(h.view)
    if not h.ledger.evaluated:
        return f"<h2>{_e(title)}</h2><div>{_e(spec.LEDGER.title_text(h.view))}</div>"
    verdicts = writers.table_model(spec.LEDGER, h.table(spec.LEDGER), h.view)
    units = h.table(spec.LEDGER_UNITS)
    parts = (
        _table(writers.table_model(spec.LEDGER_UNITS, units, h.view), UNIT_ROWS)
        if not units.empty
        else ""
    )
    return (
        f"<h2>{_e(title)}</h2><div><b>{_e(brief.ledger_text(h))}</b></div>"
        f"{_table(verdicts, len(verdicts.rows))}{parts}"
    )


def _lagging_body(h: Hearing, lang: str) -> str:
    """The lagging step: each unit's coverage beside its parent's, the gap and the money
    at stake (the evaluation shortfall), and the question of the largest."""
    rule = flags.RULES[LAGGING]
    count = h.counts.rules[LAGGING]
    summary = t(
        "hearing.lagging_total",
        lang,
        count=fmt.count(len(h.lagging), lang),
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
            "hearing.col.shortfall",
        )
    )
    body = "".join(
        f"<tr><td><b>{_e(r.name)}</b> <small>{_e(r.kind_text)}</small></td>"
        f"<td>{_e(r.coverage_text)}</td><td>{_e(r.parent_name)}</td>"
        f"<td>{_e(r.parent_text)}</td><td>{_e(r.gap_text)}</td><td>{_e(r.money_text)}</td></tr>"
        for r in h.lagging[:TABLE_ROWS]
    )
    more = len(h.lagging) - TABLE_ROWS
    rest = (
        f"<div class='sub'>{_e(t('hearing.lagging_more', lang, count=fmt.count(more, lang)))}"
        "</div>"
        if more > 0
        else ""
    )
    return (
        f"<h2>{_e(t('hearing.step.lagging', lang))}</h2>"
        f'<div class="hearing-flag"><span class="rule">{_e(rule.title(lang))}</span> · '
        f"{_e(summary)}</div>"
        f"<table><thead><tr>{headers}</tr></thead><tbody>{body}</tbody></table>{rest}"
        f'<div class="hearing-question">{_e(h.lagging[0].question)}</div>'
    )


def _project_body(h: Hearing, p: ProjectStep, lang: str) -> str:
    """One flagged project: where it is, its budget and severity, then each flag with
    its question and legal basis."""
    item = p.project
    region = region_label(item.region_code, item.region_name, lang)
    facts = " · ".join(
        [
            item.project_code,
            item.department_name,
            region,
            str(item.fiscal_year),
            f"{t('hearing.money.budget', lang)} {p.budget_text}",
            f"{t('hearing.col.severity', lang)} {p.score_text}",
        ]
    )
    flags_html = "".join(
        f'<div class="hearing-flag"><span class="rule">{_e(q.rule_title)}</span>'
        f"<br>{_e(q.text)}<span class='basis'>{_e(t('hearing.basis', lang, basis=q.basis))}"
        "</span></div>"
        for q in p.questions
    )
    return (
        f"<h2>{_e(t('hearing.step.item', lang, rank=p.rank, count=len(h.projects)))}"
        f"{_e(t('hearing.item_sep', lang))}{_e(item.project_name)}</h2>"
        f"<div class='sub'>{_e(facts)}</div>{flags_html}"
    )


def _questions_body(h: Hearing, view: View) -> str:
    """The questions asked so far (the ticked ones), numbered as the outline and the
    brief number them."""
    lang = view.lang
    asked = h.asked(view.ask)
    if not asked:
        return (
            f"<h2>{_e(t('hearing.step.questions', lang))}</h2>"
            f"<div>{_e(t('hearing.no_questions', lang))}</div>"
        )
    items = "".join(f'<li value="{a.number}">{_e(a.text)}</li>' for a in asked)
    return (
        f"<h2>{_e(t('hearing.step.questions', lang))}</h2>"
        f'<ol class="asked">{items}</ol>'
    )


def screen(view: View, h: Hearing) -> None:
    """The presenter screen of ``view.step``."""
    lang = view.lang
    head = f"<h1>{_e(h.subject)}</h1><div class='sub'>{_e(h.subtitle)}</div>"
    dense = ""
    if view.step == brief.HEADLINE_STEP:
        body = _headline_body(h, lang)
    elif view.step == brief.TREND_STEP:
        st.html(f'<div class="hearing-screen">{head}</div>')
        show(spec.TREND, view, border=False, key=f"hearing-trend-{view.region}-{view.dept}")
        _step_links(view, h)
        return
    elif view.step == brief.FLAGS_STEP:
        body = _flags_body(h, lang)
    elif view.step == brief.LEDGER_STEP:
        body = _ledger_body(h, lang)
    elif view.step == h.lagging_step:
        body = _lagging_body(h, lang)
    elif view.step == h.questions_step:
        body = _questions_body(h, view)
    else:
        p = h.projects[view.step - h.first_item_step]
        body = _project_body(h, p, lang)
        dense = " dense" if len(p.questions) > 2 else ""
    st.html(f'<div class="hearing-screen{dense}">{head}{body}</div>')
    _step_links(view, h)


def _step_links(view: View, h: Hearing) -> None:
    """The links under a screen: to the explorer's lists behind the figures, to the
    project page, and the tick of a project's questions."""
    if view.step == brief.HEADLINE_STEP:
        # The most serious project's own list first; then the 差/中-not-cut list, which
        # the hearing must always reach in two clicks, each link naming its rule.
        first = h.projects[0].project.rules[:1] if h.projects else ()
        rule_links(view, h, tuple(dict.fromkeys((*first, "poor_not_cut"))))
    elif view.step == brief.FLAGS_STEP:
        ranked = [str(r) for r in h.table(spec.FLAG_RULES)["rule"].tolist()]
        # The 差/中-not-cut list and the two largest others: a screen, not a menu.
        others = [k for k in ranked if k != "poor_not_cut"][:2]
        rule_links(view, h, ("poor_not_cut", *others))
    elif view.step == brief.LEDGER_STEP:
        verdict_links(view, h)
    elif view.step == h.lagging_step:
        unit_links(view, h.lagging[:TABLE_ROWS])
    elif h.first_item_step <= view.step < h.questions_step:
        p = h.projects[view.step - h.first_item_step]
        with st.container(horizontal=True, wrap=True, key=f"hearing-item-{view.step}"):
            state.link(
                view,
                "project",
                t("hearing.open_project", view.lang),
                icon=":material/open_in_new:",
                project=p.project.project_code,
                year=p.project.fiscal_year,
            )
            ids = [q.id for q in p.questions]
            asked = [i for i in view.ask if i not in ids]
            if all(i in view.ask for i in ids):
                state.link(
                    view, "hearing", t("hearing.unask", view.lang),
                    icon=":material/remove_circle:", ask=",".join(asked) or None,
                )
            else:
                order = [a.id for a in h.outline()]
                chosen = [i for i in order if i in set(asked) | set(ids)]
                state.link(
                    view, "hearing", t("hearing.ask_these", view.lang),
                    icon=":material/add_circle:", ask=",".join(chosen),
                )


def verdict_links(view: View, h: Hearing) -> None:
    """One link per verdict that needs a look: the explorer's list of those projects."""
    with st.container(horizontal=True, wrap=True, key=f"hearing-verdicts-{view.step}"):
        for verdict in ("not_carried_out", "project_ended"):
            count = h.ledger.verdicts[verdict].count
            if not count:
                continue
            state.link(
                view,
                "explore",
                t(
                    "hearing.explore_verdict",
                    view.lang,
                    verdict=t(f"ledger.verdict.{verdict}", view.lang),
                    count=fmt.count(count, view.lang),
                ),
                icon=":material/filter_list:",
                verdict=verdict,
                q=None,
                page=None,
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
                t("hearing.open_unit", view.lang, name=fmt.literal(r.name)),
                icon=":material/travel_explore:",
                q=None,
                page=None,
                **target,
            )


def rule_links(view: View, h: Hearing, rules: tuple[str, ...]) -> None:
    """One link per rule: an item rule to the explorer listing every project-year that
    rule flags for this subject and year, flagged first by money at stake; the lagging
    units to their own step (no project-year list can be filtered by them).

    Why: the presentation walks through the most serious projects only
    (``spec.ITEM_LIMIT``); a member who asks "which 差/中 projects kept their budget?"
    gets the whole list in one click, for the same region (or department), scope, year
    and release.
    """
    with st.container(horizontal=True, wrap=True, key=f"hearing-explore-{view.step}"):
        for key in rules:
            if key == LAGGING:
                if h.lagging_step is not None:
                    state.link(
                        view,
                        "hearing",
                        t(
                            "hearing.lagging_link",
                            view.lang,
                            rule=flags.RULES[LAGGING].title(view.lang),
                            count=fmt.count(len(h.lagging), view.lang),
                        ),
                        icon=":material/arrow_forward:",
                        step=h.lagging_step,
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


def step_nav(view: View, h: Hearing) -> None:
    """Previous / next links (each step a URL), the counter and the ← → keys."""
    prev_step = view.step - 1 if view.step > 0 else None
    next_step = view.step + 1 if view.step + 1 < h.steps else None

    def to_step(label: str, icon: str, step: int) -> None:
        state.link(view, "hearing", t(label, view.lang), icon=icon, step=step)

    with st.container(horizontal=True, key="hearing-nav", vertical_alignment="center"):
        if prev_step is not None:
            to_step("hearing.prev", ":material/arrow_back:", prev_step)
        st.caption(t("hearing.step_of", view.lang, step=view.step + 1, steps=h.steps))
        if next_step is not None:
            to_step("hearing.next", ":material/arrow_forward:", next_step)
        if view.present:
            to_step("hearing.to_questions", ":material/checklist:", h.questions_step)
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


def question_outline(view: View, h: Hearing) -> None:
    """质询提纲: the flagged projects in ranking order, each with one ready question
    per flag, then one per lagging region or department, each with a tick; ticking one
    changes ``ask`` in the URL, and the brief prints the ticked ones, numbered as here.

    Why the ids of ``brief``: the outline, the URL and the brief must name a question
    the same way, or a tick would be forgotten by the next run or missing on paper.
    """
    st.header(t("hearing.questions", view.lang), anchor=False)
    st.caption(t("hearing.questions_help", view.lang))
    outline = h.outline()
    if not outline:
        st.caption(t("hearing.no_flags", view.lang))
        return
    ids = [a.id for a in outline]
    asked = set(view.ask)
    numbered = iter(outline)
    for p in h.projects:
        st.markdown(
            f"**{fmt.literal(p.project.project_name)}** · "
            f"{t('hearing.col.severity', view.lang)} {fmt.literal(p.score_text)}"
        )
        for _ in p.questions:
            a = next(numbered)
            _question(view, ids, asked, a.number, a.id, a.text)
    if h.lagging:
        st.markdown(f"**{t('hearing.questions_lagging', view.lang)}**")
        with st.container(key="questions-lagging"):
            for _ in h.lagging:
                a = next(numbered)
                _question(view, ids, asked, a.number, a.id, a.text)


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


def downloads(view: View, h: Hearing) -> None:
    """The brief as PDF and HTML: links to its plain route, pinned to the release shown
    (``dashboard.web.brief``), so the download is made by no session."""
    with st.container(horizontal=True, key="hearing-downloads"):
        st.link_button(
            t("hearing.download_pdf", view.lang),
            brief.brief_path(h, "pdf"),
            icon=":material/picture_as_pdf:",
        )
        st.link_button(
            t("hearing.download_html", view.lang),
            brief.brief_path(h, "html"),
            icon=":material/html:",
        )
    st.caption(t("hearing.brief_link", view.lang, url=fmt.literal(brief.short_link(h))))
