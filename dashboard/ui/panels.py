"""Page parts that are not charts: the withheld line, the project header, drill helpers.

Why here: pages must stay thin and never hold literal strings or queries; these parts
read cached data and format it, in one place each. Names, sectors, targets and
results come from packages and are shown literally (``fmt.literal``); so is a project
code typed into a URL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Any, NoReturn

import streamlit as st

from dashboard.core import formatting as fmt
from dashboard.core import reads
from dashboard.core.i18n import published_term, t
from dashboard.core.links import view_query
from dashboard.core.romanise import region_label
from dashboard.specs import maps
from dashboard.ui import state
from dashboard.ui.state import View


def withheld_line(view: View) -> None:
    """ "含不公开项目 N 个 / X 亿元": withheld projects are in every total, shown apart."""
    metrics = reads.metrics(view.url, view.stamp, view.filter(department_id=None))
    count = int(metrics.get("withheld_projects") or 0)
    if count:
        text = t(
            "overview.withheld",
            view.lang,
            count=fmt.count(count, view.lang),
            money=fmt.money(metrics.get("withheld_funds"), view.lang),
        )
    else:
        text = t("overview.withheld_none", view.lang)
    st.caption(f":material/visibility_off: {text}", help=t("def.withheld", view.lang))


def more_links(view: View, names: tuple[str, ...]) -> None:
    """Links to the other views of the same region and year."""
    with st.container(horizontal=True, key=f"more-{view.page_name}", wrap=True):
        for name in names:
            state.link(view, name, t(f"page.{name}", view.lang), icon=":material/arrow_forward:")


def drill_to_region(view: View, code: str | None, page_name: str) -> None:
    """Go one level down to ``code`` (a child of the view's region) on ``page_name``;
    the region itself (the 本级 row of the explorer) switches to its own level."""
    if code and code != view.region:
        state.go(view, page_name, region=code, dept=None, q=None, page=None)
    elif code and view.scope != "own":
        state.go(view, page_name, scope="own", dept=None, q=None, page=None)


def map_selection(event: Any) -> str | None:
    """The region code clicked on the map."""
    return maps.selected_code(event)


def plotly_selection(event: Any) -> str | None:
    """The ``customdata`` (a code) of the point or bar clicked in a Plotly chart."""
    try:
        points = event.selection.points
    except AttributeError:
        return None
    for point in points or []:
        custom = point.get("customdata")
        if isinstance(custom, list | tuple):
            custom = custom[0] if custom else None
        if custom:
            return str(custom)
    return None


def table_selection(event: Any, df: Any, column: str) -> Any:
    """The ``column`` value of the row selected in a table view."""
    try:
        rows = event.selection.rows
    except AttributeError:
        return None
    if not rows:
        return None
    index = rows[0]
    return df[column].iloc[index] if 0 <= index < len(df) else None


def project_facts(view: View, detail: Any) -> None:
    """Budget, adjusted budget, spending and execution of one project-year."""
    with st.container(horizontal=True, wrap=True, key="project-facts"):
        for label, value in (
            ("project.budget_initial", fmt.money(detail.budget_initial, view.lang)),
            ("project.budget_adjusted", fmt.money(detail.budget_adjusted, view.lang)),
            ("project.spent", fmt.money(detail.spent, view.lang)),
            ("project.execution_rate", fmt.percent(detail.execution_rate, view.lang)),
        ):
            st.metric(t(label, view.lang), value, border=True, width=230)
    final = detail.final_evaluation
    department = detail.department
    up = {"dept": None, "q": None, "page": None, "year": detail.fiscal_year}
    # 主管部门 and 所属地区 open their explorer views (the department's project list,
    # the region), in the project's year.
    for term, shown, changes, key in (
        (
            "project.department",
            department.name,
            {**up, "region": department.region_code, "dept": department.code},
            "project-department",
        ),
        (
            "project.region",
            _region_words(detail, view.lang),
            {**up, "region": detail.region_code},
            "project-region",
        ),
    ):
        with st.container(
            horizontal=True, wrap=True, gap="small", vertical_alignment="center", key=key
        ):
            st.markdown(f"**{t(term, view.lang)}**:", width="content")
            state.link(view, "explore", fmt.literal(shown), **changes)
    facts = [
        (t("project.code", view.lang), fmt.literal(detail.project_code)),
        (
            t("project.sector", view.lang),
            fmt.literal(published_term(detail.sector, view.lang) if detail.sector else None),
        ),
        (
            t("project.has_targets", view.lang),
            t("project.targets_yes" if detail.has_targets else "project.targets_no", view.lang),
        ),
    ]
    if final:
        facts.append(
            (
                t("project.final", view.lang),
                f"{fmt.vocabulary('eval_type', final['eval_type'], view.lang)} · "
                f"{fmt.score(final['score'], view.lang)} · {fmt.grade(final['grade'], view.lang)}",
            )
        )
    st.markdown("\n".join(f"- **{label}**: {value}" for label, value in facts))
    if detail.overall_target or detail.overall_result:
        target = fmt.literal(detail.overall_target or fmt.NO_DATA)
        result = fmt.literal(detail.overall_result or fmt.NO_DATA)
        st.markdown(
            f"**{t('project.overall_target', view.lang)}**: {target}\n\n"
            f"**{t('project.overall_result', view.lang)}**: {result}"
        )


def _region_words(detail: Any, lang: str) -> str:
    """The project's region as the region ranking names it: romanised on English pages,
    with its code to cite it by ("Jiangxi Province (360000)"); as published in Chinese."""
    if lang != "en":
        return str(detail.region_name)
    shown = region_label(detail.region_code, detail.region_name, lang)
    return f"{shown} ({detail.region_code})"


def status_badges(view: View, indicators: list[dict]) -> None:
    """One badge per indicator: met / not met / not assessed, with its name."""
    from dashboard.core.theme import STATUS_COLOURS

    with st.container(horizontal=True, wrap=True, key="indicator-badges", gap="small"):
        for indicator in indicators:
            status = indicator["status"]
            st.markdown(
                fmt.badge_markdown(
                    f"{indicator['name']}: {t(f'status.{status}', view.lang)}",
                    STATUS_COLOURS.get(status, "gray"),
                    {
                        "met": ":material/check_circle:",
                        "not_met": ":material/cancel:",
                    }.get(status, ":material/help:"),
                ),
                width="content",
            )


def two_columns() -> list[Any]:
    """Two columns side by side on a wide screen; Streamlit stacks them on a phone."""
    return list(st.columns(2, gap="medium"))


# More department rows than this are folded into an expander (``department_fold``).
FOLD_DEPARTMENTS_OVER = 15


def department_fold(view: View, spec: Any, rows: int) -> AbstractContextManager[Any]:
    """Where the explorer draws a government's department table: in place, or folded
    into an expander naming how many there are when the table is long. Why: a
    province's 50-odd departments unfolded pushed the project list's filters and rows
    thousands of pixels down (a screen per ten rows on a phone)."""
    if rows <= FOLD_DEPARTMENTS_OVER:
        return nullcontext()
    # The label is Markdown and the title names a region (package text): literal.
    label = t(
        "explore.departments_folded",
        view.lang,
        title=spec.title_text(view),
        rows=fmt.count(rows, view.lang),
    )
    return st.expander(fmt.literal(label), icon=":material/account_balance:")


def hint(key: str, view: View) -> None:
    """A one-line hint on how to use the page."""
    st.caption(f":material/touch_app: {t(key, view.lang)}")


def has_children(view: View) -> bool:
    """Whether the view's region has lower-level regions in the view's year."""
    return bool(reads.children(view.url, view.stamp, view.region, view.release, view.year))


def no_children(view: View) -> None:
    """Say that there is no level below and that the page summarises the region itself
    (a county: its figures, departments and flags), with where to look further: the
    explorer's project list and the hearing's flagged projects."""
    name = reads.region(view.url, view.stamp, view.region, view.release)
    label = fmt.literal(region_label(name.code, name.name, view.lang) if name else view.region)
    st.info(t("regions.county_summary", view.lang, region=label), icon=":material/info:")
    with st.container(horizontal=True, wrap=True, key="county-links"):
        state.link(
            view,
            "explore",
            t("regions.open_explorer", view.lang, name=label),
            icon=":material/account_tree:",
        )
        state.link(
            view,
            "hearing",
            t("regions.hearing_link", view.lang, name=label),
            icon=":material/flag:",
        )


def metric_picker(view: View) -> None:
    """The metric shown on the map and ranking; a change is a new URL."""
    from dashboard.core.i18n import metric_label

    picked = st.selectbox(
        t("filter.metric", view.lang),
        options=list(state.MAP_METRICS),
        index=state.MAP_METRICS.index(view.metric),
        format_func=lambda key: metric_label(key, view.lang),
        # The language is part of the key, or a switch keeps the old language's option.
        key=f"metric-{view.metric}-{view.region}-{view.lang}",
        help=t(f"def.{view.metric}", view.lang),
        width=320,
    )
    if picked != view.metric:
        state.go(view, view.page_name, metric=picked)


def department_name(view: View) -> str | None:
    """The name of the view's department, when the view has one."""
    if not view.dept:
        return None
    found = reads.find_department(view.url, view.stamp, view.dept, view.region, view.release)
    return found.name if found else view.dept


def drill_to_department(view: View, code: str | None) -> None:
    """Open a department of the region's own government in the explorer."""
    if code:
        state.go(view, "explore", dept=code, q=None, page=None, sort=None)


def _one_or_any(
    view: View,
    name: str,
    label: str,
    choices: Sequence[str],
    title: Callable[[str], str],
    width: int,
) -> str:
    """The select box of a list filter that keeps one value or none (``flag``,
    ``verdict``): "" first, named by the ``{label}_any`` string (no filter), then
    ``choices`` named by ``title``; it starts at the view's value, and its key carries
    that value (see :func:`project_list_controls`)."""
    chosen = getattr(view, name)
    options = ["", *choices]
    return st.selectbox(
        t(label, view.lang),
        options=options,
        index=options.index(chosen or ""),
        format_func=lambda key: title(key) if key else t(f"{label}_any", view.lang),
        key=f"{name}-{view.lang}-{view.region}-{view.dept}-{chosen}",
        width=width,
    )


def project_list_controls(view: View) -> None:
    """Search, filters (final grade, flag rule, ledger verdict, score range), sort and order of the
    project list; each change is a new URL on the first page.

    Widget keys carry the values they show, so a new URL (back button, a link from the
    hearing) redraws each control with the URL's value instead of a stale one.
    """
    from data_access.flags.rules import RULES

    lang = view.lang
    where = f"{view.region}-{view.dept}"
    low, high = state.SCORE_RANGE
    shown = (
        float(view.score_min if view.score_min is not None else low),
        float(view.score_max if view.score_max is not None else high),
    )
    with st.container(
        horizontal=True, wrap=True, key="project-controls", vertical_alignment="bottom"
    ):
        search = st.text_input(
            t("explore.search", lang),
            value=view.q or "",
            key=f"search-{view.lang}-{where}-{view.q}",
            max_chars=100,
            width=320,
        ).strip()
        grades = st.multiselect(
            t("explore.grade", lang),
            options=list(state.LIST_GRADES),
            default=list(view.grade),
            format_func=lambda code: fmt.grade(code, lang),
            # Streamlit's own words ("Choose options", "Select all") are English on
            # every page: the empty filter says what it means, and ticking every grade
            # is no filter at all, so there is no bulk action to offer.
            placeholder=t("explore.grade_any", lang),
            select_all=False,
            key=f"grade-{view.lang}-{where}-{','.join(view.grade)}",
            width=260,
        )
        flag = _one_or_any(
            view, "flag", "explore.flag", state.LIST_FLAGS, lambda key: RULES[key].title(lang), 280
        )
        verdict = _one_or_any(
            view,
            "verdict",
            "ledger.filter",
            state.LIST_VERDICTS,
            lambda key: t(f"ledger.verdict.{key}", lang),
            220,
        )
        score = st.slider(
            t("explore.score", lang),
            min_value=float(low),
            max_value=float(high),
            value=shown,
            step=0.5,
            key=f"score-{view.lang}-{where}-{view.score_min}-{view.score_max}",
            width=260,
        )
        sort = st.selectbox(
            t("explore.sort", lang),
            options=list(state.LIST_SORTS),
            index=state.LIST_SORTS.index(view.sort),
            format_func=lambda key: t(f"sort.{key}", lang),
            key=f"sort-{view.lang}-{where}-{view.sort}",
            width=240,
        )
        current_order = "desc" if view.descending else "asc"
        order = st.selectbox(
            t("explore.order", lang),
            options=list(state.ORDERS),
            index=state.ORDERS.index(current_order),
            format_func=lambda key: t(f"order.{key}", lang),
            key=f"order-{view.lang}-{where}-{view.sort}-{current_order}",
            width=160,
        )
    if view.flag:
        rule = RULES[view.flag]
        st.caption(
            t("explore.flag_rule", lang, rule=rule.title(lang), explanation=rule.explanation(lang))
        )
    if search != (view.q or ""):
        state.go(view, "explore", q=search or None, page=None)
    if tuple(grades) != view.grade:
        picked = [g for g in state.LIST_GRADES if g in grades]
        state.go(view, "explore", grade=",".join(picked) or None, page=None)
    if view.verdict:
        st.caption(
            t(
                "explore.flag_rule",
                lang,
                rule=t(f"ledger.verdict.{view.verdict}", lang),
                explanation=t(f"ledger.verdict_def.{view.verdict}", lang),
            )
        )
    if (flag or None) != view.flag:
        state.go(view, "explore", flag=flag or None, page=None)
    if (verdict or None) != view.verdict:
        state.go(view, "explore", verdict=verdict or None, page=None)
    if tuple(score) != shown:
        state.go(
            view,
            "explore",
            score_min=state.score_text(score[0]) if score[0] > low else None,
            score_max=state.score_text(score[1]) if score[1] < high else None,
            page=None,
        )
    if sort != view.sort:
        state.go(view, "explore", sort=sort, order=None, page=None)
    if order != current_order:
        state.go(
            view,
            "explore",
            order=order if order != state.default_order(view.sort) else None,
            page=None,
        )


def project_list_pager(view: View, rows: Any) -> None:
    """Which page of how many; a page change is a new URL.

    Why page numbers (OFFSET) here while the API pages by keyset: a visitor types or
    picks any page number and a page is a link (``page=37``), which a keyset cannot
    address without walking the pages before it. The explorer shows 25 rows a page
    and its deepest realistic pages (a province's 1,400) cost one indexed sort of the
    view, which the read cache keeps; the API, which crawlers walk to the end, uses
    ``queries.project_list(after=...)`` so no page costs more than the first.
    """
    total = int(rows["total"].iloc[0]) if len(rows) else 0
    pages = max(1, -(-total // state.PAGE_SIZE))
    st.caption(
        t(
            "explore.page_of",
            view.lang,
            page=view.page,
            pages=pages,
            total=fmt.count(total, view.lang),
        )
    )
    if pages > 1:
        filters = ",".join(view_query(view, "explore").get(k, "") for k in state.LIST_FILTER_KEYS)
        picked = st.number_input(
            t("explore.page", view.lang),
            min_value=1,
            max_value=pages,
            value=min(view.page, pages),
            step=1,
            key=f"page-{view.region}-{view.dept}-{view.q}-{view.sort}-{filters}-{view.page}",
            width=160,
        )
        if int(picked) != view.page:
            state.go(view, "explore", page=int(picked))


def open_project(view: View, code: str | None) -> None:
    """Open a project of the list on the project page, in the list's year.

    The link also carries the list's own parameters (department, search, filters, sort,
    order, page),
    which the project page ignores. Why: Streamlit 1.67 records a cross-page
    ``st.switch_page`` as two history entries, the first one with the old path and the
    new query (the query change is sent before the page change). With the list's
    parameters in that query, the entry "back" lands on shows the list the visitor
    came from, not a list without its department or search.
    """
    if code:
        listing = view_query(view, "explore")
        state.go(
            view,
            "project",
            project=code,
            year=view.year,
            **{key: listing.get(key) for key in state.PAGE_PARAMS["explore"]},
        )


def project_record_or_stop(view: View) -> Any:
    """The public record of the view's project-year, or the page ends here.

    No code (the menu item opens the page bare): the project search, not an error.
    Unknown code, or a year without a record: a short explanation and links that work.
    Withheld: answered exactly like an unknown code (disclosure rule 4).
    """
    if not view.project:
        from dashboard.ui import search

        search.project_search(view)
        st.stop()
    record = reads.project_record(view.url, view.stamp, view.project, view.year, view.release)
    if record is None:
        _project_problem(view, t("bad.project", view.lang, value=fmt.literal(view.project)))
    if record.withheld:
        st.title(t("project.title", view.lang), anchor=False)
        st.header(t("project.withheld", view.lang), anchor=False)
        st.info(t("project.withheld_text", view.lang), icon=":material/visibility_off:")
        st.stop()
    if record.year_missing or record.detail is None:
        years = ", ".join(str(int(y)) for y in record.public_years) or fmt.NO_DATA
        _project_problem(
            view,
            t(
                "bad.project_year",
                view.lang,
                value=fmt.literal(view.project),
                year=view.year,
                years=years,
            ),
            years=record.public_years,
        )
    return record


def _project_problem(view: View, text: str, years: list[int] | None = None) -> NoReturn:
    st.title(t("project.title", view.lang), anchor=False)
    st.warning(f"**{t('bad.title', view.lang)}**\n\n{text}", icon=":material/link_off:")
    for year in years or []:
        state.link(
            view, "project", fmt.year(year, view.lang), year=year, icon=":material/calendar_month:"
        )
    state.link(
        view,
        "explore",
        t("project.back_explorer", view.lang),
        project=None,
        icon=":material/arrow_back:",
    )
    st.stop()


def project_title(view: View, name: str) -> None:
    """The project's name as published, and its year."""
    st.title(fmt.literal(name), anchor=False)
    st.caption(f"{t('project.title', view.lang)} · {fmt.year(view.year, view.lang)}")


def back_to_list(view: View, detail: Any) -> None:
    """Up one level by click: the department's project list, and the list of the
    project's own region, both in the project's year."""
    with st.container(horizontal=True, wrap=True, key="project-up"):
        department = detail.department
        state.link(
            view,
            "explore",
            t("project.back_department", view.lang, name=fmt.literal(department.name)),
            region=department.region_code,
            dept=department.code,
            year=detail.fiscal_year,
            icon=":material/account_tree:",
        )
        state.link(
            view,
            "explore",
            t("project.back_explorer", view.lang),
            region=detail.region_code,
            year=detail.fiscal_year,
            icon=":material/arrow_back:",
        )


def about_intro(view: View) -> None:
    """Title and purpose of the methodology page."""
    st.title(t("about.title", view.lang), anchor=False)
    st.markdown(t("about.intro", view.lang))


def about_sources(view: View) -> None:
    """Where the data and the boundaries come from."""
    st.header(t("about.sources", view.lang), anchor=False)
    st.markdown(
        "\n".join(
            f"- {t(key, view.lang)}"
            for key in ("about.source.seed", "about.source.contract", "about.source.boundaries")
        )
    )


def about_demo(view: View) -> None:
    """What the demonstration data are, or that none is served."""
    st.header(t("about.demo", view.lang), anchor=False)
    if reads.is_demo(view.url, view.stamp):
        st.markdown(t("about.demo_text", view.lang))
    else:
        st.markdown(t("about.no_demo", view.lang))


def about_disclosure(view: View) -> None:
    """The disclosure rule (``data_access.disclosure``), stated where readers look for
    how the figures are made: what withheld projects count in, and what stays public."""
    st.header(t("about.disclosure", view.lang), anchor=False)
    st.markdown(t("about.disclosure_text", view.lang))
