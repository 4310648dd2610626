"""The frame every public page shares: header, language switch, demo banner, view
controls, breadcrumb, bad-link explanation and the release footer.

Why: pages stay thin (read state, call chart specs, lay out) and every page behaves the
same way for the things a visitor relies on: the language switch changes everything,
demo data is always labelled, a bad link is explained with a way back, never a
traceback. Text from the URL or a package (parameters, names, release titles) is shown
literally (``fmt.literal``): a link cannot make the dashboard's own notice show a link,
an image or a formula. During a database outage cached figures are still served, with
a notice saying so.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import streamlit as st

from dashboard.core import formatting as fmt
from dashboard.core import reads, theme
from dashboard.core.i18n import LANGS, t
from dashboard.core.links import view_query
from dashboard.core.paths import page_path, with_query
from dashboard.core.romanise import region_label
from dashboard.ui import boot, nav, state
from dashboard.ui import search as site_search
from dashboard.ui.state import SCOPES, Problem, Reading, View
from data_access import regions
from data_access.db.engine import last_good


def start(page_name: str) -> View:
    """Draw the page header and return the checked view; stop the run on a bad link."""
    url = boot.database_url()
    lang = state.read_lang()
    document_language(lang)
    # /project without a project is itself the search: one box, its own (not the frame's).
    own_search = page_name == "project" and not st.query_params.get("project")
    typed = _header(page_name, lang, search=not own_search)
    found = st.container(key="site-search")
    reading = state.read_view(url, page_name)
    with found:
        # The site search answers even on a bad link, with links to views that work.
        site_search.results(
            url,
            lang,
            typed,
            site_search.context_of(reading.view, url, lang),
            release=reading.view.release if reading.view else None,
            page_name=page_name,
        )
    # The view carries the stamp read for it a moment ago (``params.resolve``): one
    # query per run instead of two. A bad link has no view and reads it here.
    stamp = reading.view.stamp if reading.view is not None else reads.release_stamp(url)
    if reads.serving_stale():
        when = last_good(url)
        st.warning(
            t("db.outage_cached", lang, time=fmt.datetime(when, lang)),
            icon=":material/cloud_off:",
        )
    if reads.is_demo(url, stamp):
        st.warning(t("demo.banner", lang), icon=":material/science:")
    if reading.view is None:
        _explain(reading, page_name, url, lang)
        st.stop()
    pinned_notice(reading.view)
    return reading.view


def pinned_notice(view: View) -> None:
    """A view pinned to a release (``release=`` from a citation) says so, and when newer
    data has been published since, says that too with a link to the latest figures."""
    from dashboard.renderers.citations import newer_notice

    if view.release is None:
        return
    newer = newer_notice(view) is not None
    key = "embed.newer" if newer else "release.pinned"
    with st.container(horizontal=True, wrap=True, vertical_alignment="center"):
        st.info(t(key, view.lang, release=view.release), icon=":material/push_pin:")
        if newer:
            state.link(
                view,
                view.page_name,
                t("embed.newer_link", view.lang),
                icon=":material/update:",
                release=None,
            )


def document_language(lang: str) -> None:
    """Set ``<html lang>`` to the page's language (screen readers pick their voice and
    browsers their hyphenation and fonts from it).

    Why a script: Streamlit 1.67 serves ``index.html`` with ``lang="en"`` hard-coded and
    has no config option or API for it (``st.context.locale`` only reads the browser's
    language). This inline script loads nothing; it only sets the attribute, on every
    run, so a language switch changes it too.
    """
    code = "zh-Hans" if lang == "zh" else "en"
    st.html(
        f"<script>document.documentElement.lang = {json.dumps(code)};</script>",
        unsafe_allow_javascript=True,
    )
    # Every page (and the not-found page) calls this first: the page-wide CSS
    # (caption contrast, phone layout of the headline cards) rides along.
    st.html(theme.page_style())


def _header(page_name: str, lang: str, *, search: bool = True) -> str:
    """Application name, the site search box (unless the page is a search of its own)
    and the language switch (zh / en in the URL); returns the text typed in the search
    box (its results follow the header), empty without a box."""
    with st.container(horizontal=True, vertical_alignment="center", key="app-header", wrap=True):
        st.markdown(f"**{t('app.name', lang)}**", width="stretch")
        typed = site_search.url_box(lang, key=f"site-search-{page_name}-{lang}") if search else ""
        choice = st.segmented_control(
            t("lang.label", lang),
            options=list(LANGS),
            format_func=lambda code: t(f"lang.{code}", lang),
            default=lang,
            key=f"lang-switch-{lang}",
            label_visibility="collapsed",
        )
    if choice and choice != lang:
        query = {k: st.query_params.get(k, "") for k in st.query_params}
        query["lang"] = choice
        st.switch_page(nav.page(page_name, choice), query_params=query)
    return typed


def _explain(reading: Reading, page_name: str, url: str, lang: str) -> None:
    """Say briefly why the link cannot be shown and offer a view that works: the same
    view without the bad parameters, and the overview's default view."""
    st.title(t(f"page.{page_name}", lang), anchor=False)
    st.warning(
        f"**{t('bad.title', lang)}**\n\n"
        + "\n\n".join(problem_text(p, lang) for p in reading.problems),
        icon=":material/link_off:",
    )
    fallback = state.fallback_query(url, lang)
    target = page_name if page_name != "project" else "explore"
    st.page_link(
        nav.page(target, lang),
        label=t("bad.back", lang),
        icon=":material/arrow_back:",
        query_params=reading.repaired or fallback,
    )
    if target != "overview":
        st.page_link(
            nav.page("overview", lang),
            label=t("bad.home", lang),
            icon=":material/home:",
            query_params=fallback,
        )


def problem_text(problem: Problem, lang: str) -> str:
    """Why a link cannot be shown, located ("URL parameter year=abc: …"), with the values
    it names (as typed in the URL, or names from the database) shown literally."""
    return problem.text(lang, fmt.literal)


def region_name(view: View, code: str | None = None) -> str:
    """A region's name in the page's language: as published on Chinese pages,
    romanised on English ones (``dashboard.core.romanise``); the code when unknown."""
    record = reads.region(view.url, view.stamp, code or view.region, view.release)
    return region_label(record.code, record.name, view.lang) if record else (code or view.region)


def heading(
    view: View, title_key: str, *, with_scope: bool = True, all_years: bool = False
) -> None:
    """The page title and the view it shows: region (· department) · year · scope.

    ``all_years``: the page spans every year (trends), so the caption names the span of
    years the view has data for ("2013–2018"), not the year of the link.
    """
    st.title(t(title_key, view.lang), anchor=False)
    parts = [region_name(view)]
    if view.dept:
        found = reads.find_department(view.url, view.stamp, view.dept, view.region, view.release)
        # Department names stay as published; English pages add the code to cite it by.
        name = found.name if found else view.dept
        parts.append(f"{name} ({view.dept})" if view.lang == "en" and found else name)
    parts.append(year_span(view) if all_years else t("view.year", view.lang, year=view.year))
    if with_scope:
        parts.append(t(f"scope.{view.scope}", view.lang))
    st.caption(" · ".join(fmt.literal(part) for part in parts))


def succession(view: View) -> None:
    """One line under the heading linking a renamed or replaced region to the region it
    continues and the one that continues it ("2017年起为赣县区", "2016年及以前为赣县"),
    from the gazetteer's successions (``regions.predecessor``/``successor``).

    Why: a year lists only the regions that existed then (``sql_helpers.region_listed``),
    so 赣县's figures stop in 2016 and 赣县区's start in 2017; without the link a reader
    of either page cannot tell the two are one place. The link opens the other region
    in a year it existed in when the view's year is outside its years.
    """
    years = reads.available_years(view.url, view.stamp, view.release)
    parts = []
    before = regions.predecessor(view.region)
    if before is not None:
        year = before.year if view.year > before.year and before.year in years else view.year
        parts.append(("regions.predecessor", before, year))
    after = regions.successor(view.region)
    if after is not None:
        year = after.year if view.year < after.year and after.year in years else view.year
        parts.append(("regions.successor", after, year))
    if not parts:
        return
    lines = []
    for key, link, year in parts:
        query = view_query(view, view.page_name, region=link.code, year=year, dept=None, page=None)
        name = fmt.site_link(
            region_label(link.code, link.name, view.lang),
            with_query(page_path(view.page_name), query),
        )
        lines.append(t(key, view.lang, year=link.year, name=name))
    st.caption(" / ".join(lines))


def year_span(view: View) -> str:
    """The first and last year with project-years in the view ("2013–2018")."""
    series = reads.year_series(view.url, view.stamp, view.filter())
    years = [year for year, metrics in series if metrics.get("projects")]
    years = years or reads.available_years(view.url, view.stamp, view.release)
    if not years:
        return fmt.NO_DATA
    if years[0] == years[-1]:
        return t("view.year", view.lang, year=years[0])
    return t("view.years", view.lang, first=years[0], last=years[-1])


def controls(
    view: View,
    *,
    year: bool = True,
    scope: bool = True,
    more: Callable[[View], None] | None = None,
) -> None:
    """Year and scope pickers; a change navigates to the new URL (a history entry).
    ``more`` draws a page's own picker in the same row (the regions page's metric):
    a row of its own pushed the first figures below the fold at 1024×768."""
    with st.container(
        horizontal=True, key="view-controls", vertical_alignment="bottom", wrap=True
    ):
        if year:
            years = reads.available_years(view.url, view.stamp, view.release)
            picked = st.selectbox(
                t("filter.year", view.lang),
                options=years,
                index=years.index(view.year),
                format_func=lambda y: fmt.year(y, view.lang),
                # The language is part of the key: with the same key, Streamlit keeps the
                # option shown before a language switch ("2017年" on an English page).
                key=f"year-{view.page_name}-{view.year}-{view.lang}",
                width=160,
            )
            if picked != view.year:
                state.go(view, view.page_name, year=picked, page=None)
        if scope:
            picked_scope = st.segmented_control(
                t("filter.scope", view.lang),
                options=list(SCOPES),
                format_func=lambda s: t(f"scope.{s}", view.lang),
                default=view.scope,
                key=f"scope-{view.page_name}-{view.scope}-{view.lang}",
                help=f"{t('def.scope_all', view.lang)}\n\n{t('def.scope_own', view.lang)}",
            )
            if picked_scope and picked_scope != view.scope:
                state.go(view, view.page_name, scope=picked_scope, page=None)
        if more is not None:
            more(view)


def region_trail(view: View, page_name: str, *, dept_name: str | None = None) -> None:
    """Breadcrumb province → city → county (→ department), each a link on ``page_name``."""
    lineage = reads.lineage(view.url, view.stamp, view.region, view.release)
    items: list[tuple[str, dict[str, object] | None]] = [
        (
            region_label(record.code, record.name, view.lang),
            {"region": record.code, "dept": None, "q": None, "page": None},
        )
        for record in lineage
    ]
    if dept_name:
        items.append((dept_name, None))
    elif items:
        items[-1] = (items[-1][0], None)
    _trail(view, page_name, f"trail-{page_name}", items)


def project_trail(view: View, detail: Any) -> None:
    """Breadcrumb province › city › county › department › project of a project page:
    each region opens its explorer view, the department its project list, all in the
    project's year; the project itself is where the visitor is."""
    lineage = reads.lineage(view.url, view.stamp, detail.region_code, view.release)
    department = detail.department
    up = {"dept": None, "q": None, "page": None, "year": detail.fiscal_year}
    items: list[tuple[str, dict[str, object] | None]] = [
        (region_label(record.code, record.name, view.lang), {**up, "region": record.code})
        for record in lineage
    ]
    items.append(
        (department.name, {**up, "region": department.region_code, "dept": department.code})
    )
    items.append((detail.project_name, None))
    _trail(view, "explore", "trail-project", items)


def _trail(
    view: View, page_name: str, key: str, items: list[tuple[str, dict[str, object] | None]]
) -> None:
    """A breadcrumb: each item a link to ``page_name`` with its changes of the view, or
    (None) the current place, in bold; names are package text, shown literally."""
    with st.container(
        horizontal=True, key=key, gap="small", vertical_alignment="center", wrap=True
    ):
        st.caption(t("breadcrumb.label", view.lang), width="content")
        for index, (label, changes) in enumerate(items):
            if changes is None:
                st.markdown(f"**{fmt.literal(label)}**", width="content")
            else:
                st.page_link(
                    nav.page(page_name, view.lang),
                    label=fmt.literal(label),
                    query_params=view_query(view, page_name, **changes),
                )
            if index < len(items) - 1:
                st.markdown("›", width="content")


def footer(view: View) -> None:
    """The release the figures come from (the pinned one, else the newest)."""
    latest = reads.served_release(view.url, view.stamp, view.release, view.region)
    if latest is None:
        return
    title = fmt.release_title(latest, view.lang)
    st.divider()
    # The published (Chinese) title decides: an English page's title restates the
    # publisher whenever the title it translates does.
    named = restates(latest.title or title, latest.publisher)
    key = "release.served.self" if named else "release.served"
    st.caption(
        t(
            key,
            view.lang,
            title=fmt.literal(fmt.published_title(title, view.lang)),
            publisher=fmt.literal(latest.publisher),
            imported=fmt.datetime(latest.imported_at, view.lang),
        )
    )


def restates(title: str, publisher: str) -> bool:
    """Whether the release title already names the publisher (letters and digits
    compared, punctuation ignored). Why: the demo's title ends "（演示数据，合成）" and its
    publisher is "演示数据（合成）"; naming both printed the demo label twice."""
    letters = "".join(ch for ch in publisher if ch.isalnum())
    return bool(letters) and letters in "".join(ch for ch in title if ch.isalnum())
