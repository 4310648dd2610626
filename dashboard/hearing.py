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

import streamlit as st

from dashboard import boot, brief, frame, reads, state
from dashboard import formatting as fmt
from dashboard.brief import FIRST_ITEM_STEP, Hearing, Question
from dashboard.i18n import t
from dashboard.paths import page_path
from dashboard.state import View
from data_access import flags

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


def start() -> View:
    """The checked view; in presenter mode without header, menu or banner.

    The regular frame (``frame.start``) draws the language switch and the demo banner;
    presenter mode draws neither but keeps a one-line demo notice.
    """
    present = st.query_params.get("present") == "1"
    if not present:
        view = frame.start("hearing")
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
    """The hearing of the view's subject; a screen number past the last is explained."""
    h = brief.hearing(view)
    if view.step >= h.steps:
        st.warning(t("bad.step_range", view.lang, value=view.step, steps=h.steps))
        state.link(view, "hearing", t("bad.back", view.lang), step=0)
        st.stop()
    return h


def controls(view: View) -> None:
    """Title, year picker, subject pickers (child region, department) and the presenter
    link; none of them in presenter mode."""
    frame.heading(view, "hearing.title")
    frame.controls(view, scope=not view.dept)
    frame.region_trail(view, "hearing")
    with st.container(horizontal=True, key="hearing-subject", vertical_alignment="bottom"):
        kids = reads.children(view.url, view.stamp, view.region)
        if kids:
            names = {k.code: k.name for k in kids}
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


def screen(view: View, h: Hearing) -> None:
    """The presenter screen of ``view.step``."""
    lang = view.lang
    head = f"<h1>{_e(h.subject)}</h1><div class='sub'>{_e(h.subtitle)}</div>"
    if view.step == 0:
        parent = h.parent_name or t("hearing.no_parent", lang)
        cards = "".join(
            f'<div class="hearing-card"><div class="label">{_e(r.label)}</div>'
            f'<div class="value">{_e(r.value_text)}</div><div class="vs">'
            + _e(
                t(
                    "hearing.vs",
                    lang,
                    parent=parent,
                    parent_value=r.parent_text,
                    peers=h.peers_label,
                    peers_value=r.peers_text,
                )
            )
            + "</div></div>"
            for r in h.headline
        )
        first = (
            f"<div>{_e(t('hearing.first_flag', lang))}</div>{_flag_line(h.questions[0], lang)}"
            if h.questions
            else f"<div>{_e(t('hearing.no_flags', lang))}</div>"
        )
        body = f'<div class="hearing-cards">{cards}</div>{first}'
    elif view.step == 1:
        body = f"<h2>{_e(t('hearing.trend', lang))}</h2>{brief._svg_bars(h, 900, 320)}"
    elif view.step == 2:
        rules = brief.rule_rows(h)
        total = sum(r[3] for r in rules)
        money = sum(
            (c.money_at_stake for k, c in h.counts.rules.items() if k in flags.ITEM_RULES),
            start=brief.Decimal("0"),
        )
        summary = t("hearing.flag_total", lang, count=total, money=fmt.money(money, lang))
        table = "".join(
            f"<tr><td><b>{_e(title)}</b><br><small>{_e(explanation)}</small></td>"
            f"<td>{count}</td><td>{_e(amount)}</td></tr>"
            for _key, title, explanation, count, amount in rules
        )
        headers = "".join(
            f"<th>{_e(t(k, lang))}</th>"
            for k in ("hearing.col.rule", "hearing.col.count", "hearing.col.money")
        )
        top = "".join(_flag_line(q, lang) for q in h.questions[:3])
        body = (
            f"<h2>{_e(t('hearing.step.flags', lang))}</h2><div>{_e(summary)}</div>"
            f"<table><thead><tr>{headers}</tr></thead><tbody>{table}</tbody></table>{top}"
            if rules
            else f"<div>{_e(t('hearing.no_flags', lang))}</div>"
        )
    else:
        rank = view.step - FIRST_ITEM_STEP
        q = h.questions[rank]
        rule = flags.RULES[q.item.rule]
        body = (
            f"<h2>{_e(t('hearing.step.item', lang, rank=rank + 1, count=len(h.questions)))}"
            f"：{_e(q.item.project_name)}</h2>"
            f"<div class='sub'>{_e(q.item.project_code)} · {_e(q.item.department_name)} · "
            f"{_e(q.item.region_name)} · {q.item.fiscal_year}</div>"
            f'<div class="hearing-flag"><span class="rule">{_e(rule.title(lang))}</span><br>'
            f"{_e(rule.explanation(lang))}<br>{_e(t('hearing.money_at_stake', lang))} "
            f"<b>{_e(q.money_text)}</b></div>"
            f'<div class="hearing-question">{_e(q.text)}</div>'
        )
    st.html(f'<div class="hearing-screen">{head}{body}</div>')
    if view.step == 0:
        explore_links(view, h, ("poor_not_cut",))
    elif view.step == 2:
        explore_links(
            view, h, ("poor_not_cut", *(r[0] for r in brief.rule_rows(h) if r[0] != "poor_not_cut"))
        )
    if view.step >= FIRST_ITEM_STEP:
        item = h.questions[view.step - FIRST_ITEM_STEP].item
        state.link(
            view,
            "project",
            t("hearing.open_project", lang),
            icon=":material/open_in_new:",
            project=item.project_code,
            year=item.fiscal_year,
        )


def explore_links(view: View, h: Hearing, rules: tuple[str, ...]) -> None:
    """One link per rule to the explorer listing every project-year that rule flags for
    this subject and year, flagged first by money at stake.

    Why: the presentation walks through the largest items only (``brief.ITEM_LIMIT``);
    a member who asks "which 差/中 projects kept their budget?" gets the whole list in
    one click, for the same region (or department), scope, year and release.
    """
    with st.container(horizontal=True, wrap=True, key=f"hearing-explore-{view.step}"):
        for key in rules:
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
    """Previous / next links (each step a URL) and the ← → keys."""
    prev_step = view.step - 1 if view.step > 0 else None
    next_step = view.step + 1 if view.step + 1 < h.steps else None
    with st.container(horizontal=True, key="hearing-nav", vertical_alignment="center"):
        if prev_step is not None:
            state.link(
                view,
                "hearing",
                t("hearing.prev", view.lang),
                icon=":material/arrow_back:",
                step=prev_step,
            )
        st.caption(t("hearing.step_of", view.lang, step=view.step + 1, steps=h.steps))
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


def question_outline(view: View, h: Hearing) -> None:
    """质询提纲: one ready question per flag; ticking one changes ``ask`` in the URL."""
    st.subheader(t("hearing.questions", view.lang), anchor=False)
    st.caption(t("hearing.questions_help", view.lang))
    if not h.questions:
        st.caption(t("hearing.no_flags", view.lang))
        return
    asked = set(view.ask)
    for index, q in enumerate(h.questions, start=1):
        with st.container(horizontal=True, key=f"question-{q.id}", vertical_alignment="top"):
            ticked = st.checkbox(
                f"{t('hearing.question', view.lang)} {fmt.count(index, view.lang)}",
                value=q.id in asked,
                key=f"ask-{q.id}-{q.id in asked}",
                label_visibility="collapsed",
                width="content",
            )
            st.text(f"{index}. {q.text}")
        if ticked != (q.id in asked):
            chosen = [x.id for x in h.questions if (x.id in asked) != (x.id == q.id)]
            state.go(view, "hearing", ask=",".join(chosen) or None)


def downloads(view: View, h: Hearing) -> None:
    """The brief as PDF and HTML, built when the button is pressed."""
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
