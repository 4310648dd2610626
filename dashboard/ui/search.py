"""The site search box and its results: find a region, department or project by name,
code or pinyin (full or initials), or a project by its targets and results, and go to its
view by a real link; counted, paged and filtered by kind, region and year.

Why a module of its own: the same search sits in every page's frame, is the one search
of ``/project`` without a project, and offers itself on the not-found page. The
question is answered by ``data_access.reads.search`` (SQL ``LIKE`` on escaped text and
on the stored pinyin keys, the disclosure rule applied); this module caches the answers
beside the other reads (``reads.CACHE``, keyed by the release stamp so an import is seen
at once) and turns each hit into an ``st.page_link``: an ``<a href>`` that can be opened
in a new tab or copied. Names come from packages and go through ``fmt.literal``.

The search is a URL like every view: ``q`` (the text), ``q_kind`` (one kind, listed in
pages), ``q_region``, ``q_year`` and ``q_page``, declared in ``core.params`` with the
other parameters, so a search result page can be shared, reloaded and reached with Back,
and a bad value is explained like any other. The kinds and pages are links; the region
and year filters are select boxes that rewrite the URL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from dashboard.core import formatting as fmt
from dashboard.core import params, reads
from dashboard.core.i18n import t
from dashboard.core.links import view_query
from dashboard.core.romanise import region_label
from dashboard.core.view import View
from dashboard.ui import nav, state
from data_access.reads import search as ds

LIMIT = params.SEARCH_PREVIEW
PAGE_SIZE = params.SEARCH_PAGE_SIZE
# The URL parameters of the search that a change of text or filter starts again from:
# the explorer's list page and the search's own page.
_RESTART = ("page", "q_page")


@dataclass(frozen=True)
class Filters:
    """The search's narrowing as the URL gives it: one kind (None: every kind, the
    first ``LIMIT`` of each), a region it lies in, a fiscal year, the page of the kind."""

    kind: str | None = None
    region: str | None = None
    year: int | None = None
    page: int = 1

    @classmethod
    def from_url(cls) -> Filters:
        values = state.search_filters()
        return cls(values["q_kind"], values["q_region"], values["q_year"], values["q_page"])


def region_choices(url: str, stamp: str, release: int | None) -> tuple[tuple[str, str, str], ...]:
    """The published area's regions (code, name, level), read once per release."""

    def read() -> tuple[tuple[str, str, str], ...]:
        with reads.snapshot(url, stamp, release) as (conn, as_of):
            return ds.region_choices(conn, release=as_of)

    return reads.CACHE.get(("search.regions", url, stamp, release), read)


def find(
    url: str,
    text: str,
    release: int | None = None,
    kinds: Sequence[str] = ds.KINDS,
    limit: int = LIMIT,
    *,
    within: str | None = None,
    year: int | None = None,
) -> list[ds.SearchHit]:
    """The first ``limit`` hits of each kind for ``text`` (cached per release stamp,
    text, kinds, limit and filters)."""
    needle = ds.normalise(text)
    if not needle:
        return []
    stamp = reads.release_stamp(url)
    kinds = tuple(kinds)

    def search() -> list[ds.SearchHit]:
        with reads.snapshot(url, stamp, release) as (conn, as_of):
            return ds.search(
                conn, needle, limit=limit, release=as_of, kinds=kinds, within=within, year=year
            )

    key = ("search.find", url, stamp, release, needle, kinds, limit, within, year)
    return reads.CACHE.get(key, search)


def find_page(
    url: str, text: str, kind: str, filters: Filters, release: int | None = None
) -> ds.SearchPage:
    """Page ``filters.page`` of the hits of one ``kind`` (cached like :func:`find`)."""
    needle = ds.normalise(text)
    stamp = reads.release_stamp(url)

    def search() -> ds.SearchPage:
        with reads.snapshot(url, stamp, release) as (conn, as_of):
            return ds.search_page(
                conn,
                needle,
                kind,
                page=filters.page,
                size=PAGE_SIZE,
                release=as_of,
                within=filters.region,
                year=filters.year,
            )

    key = ("search.page", url, stamp, release, needle, kind, filters)
    return reads.CACHE.get(key, search)


def target(hit: ds.SearchHit, context: dict[str, str]) -> tuple[str, dict[str, str]]:
    """The page and query of a hit's view, keeping the visitor's language, scope and
    pinned release from ``context``: a region opens the explorer on it, a department
    the explorer on its government's list (in its latest year with projects), a
    project (found by its name or by its targets and results) its own page in its
    latest public year that matched."""
    keep = {k: v for k, v in context.items() if k in ("lang", "year", "scope", "release")}
    if hit.kind == "region":
        return "explore", {**keep, "region": hit.code}
    if hit.kind == "department":
        return "explore", {
            **keep,
            "region": hit.region_code,
            "dept": hit.code,
            "year": str(hit.year),
        }
    return "project", {
        **keep,
        "region": hit.region_code,
        "project": hit.code,
        "year": str(hit.year),
    }


def label(hit: ds.SearchHit, lang: str) -> str:
    """The link text: the name (regions romanised in English), what it is, its code,
    and for departments and projects the region they belong to; for a project found
    by its targets and results, the text that matched."""
    kind = t(f"search.kind.{hit.kind}", lang)
    if hit.kind == "region":
        return f"{region_label(hit.code, hit.name, lang)} · {kind} {hit.code}"
    where = region_label(hit.region_code, hit.region_name, lang)
    if hit.kind == "indicator":
        return f"{hit.name} · {hit.code} · {where} · “{hit.excerpt}”"
    return f"{hit.name} · {kind} {hit.code} · {where}"


def count_caption(kind: str, total: int, first: int, last: int, lang: str) -> None:
    """ "29 个部门，显示 1–20" under a kind's heading; without the range when every
    result is shown."""
    if total == 1:
        st.caption(t(f"search.one.{kind}", lang))
    elif first == 1 and last == total:
        st.caption(t(f"search.all.{kind}", lang, total=fmt.count(total, lang)))
    else:
        st.caption(
            t(
                f"search.count.{kind}",
                lang,
                total=fmt.count(total, lang),
                first=fmt.count(first, lang),
                last=fmt.count(last, lang),
            )
        )


def box(
    lang: str,
    *,
    key: str,
    label_key: str = "search.label",
    placeholder_key: str = "search.placeholder",
    width: int = 300,
) -> str:
    """The search field (its label is read by screen readers; the placeholder says
    what it finds, short enough to fit); returns the text typed."""
    return st.text_input(
        t(label_key, lang),
        key=key,
        placeholder=t(placeholder_key, lang),
        max_chars=ds.MAX_TEXT,
        icon=":material/search:",
        label_visibility="collapsed",
        width=width,
    )


def _rewrite(**changes: str | None) -> None:
    """Write ``changes`` into the URL (None removes a parameter), starting the lists
    again from their first page, and draw the page anew with them."""
    query = {k: st.query_params.get(k, "") for k in st.query_params}
    for name in _RESTART:
        query.pop(name, None)
    for name, value in changes.items():
        query.pop(name, None)
        if value:
            query[name] = value
    st.query_params.from_dict(query)


def url_box(lang: str, *, key: str, **options: Any) -> str:
    """The site search field, its text kept in the URL's ``q`` parameter; returns it.

    Why in the URL: a search result page is then a link that can be shared, reloaded or
    reached again with Back. Typing writes ``q`` (Streamlit's client pushes a history
    entry for it); a URL whose ``q`` changed under the field (a link, Back, the
    explorer's own search box, which shares ``q``) puts its text back into the field.
    """
    shown = state.search_text()
    synced = f"{key}-url"
    if st.session_state.get(synced) != shown:
        st.session_state[key] = shown
        st.session_state[synced] = shown
    typed = state.clean_text(box(lang, key=key, **options))
    if typed != shown:
        _rewrite(q=typed or None)
        st.session_state[synced] = typed
    return typed


def _link_here(
    page_name: str, lang: str, label_text: str, icon: str, **changes: str | None
) -> None:
    """A link to this page's URL with ``changes`` (None removes a parameter)."""
    query = {k: st.query_params.get(k, "") for k in st.query_params}
    for name, value in changes.items():
        query.pop(name, None)
        if value:
            query[name] = value
    st.page_link(nav.page(page_name, lang), label=label_text, icon=icon, query_params=query)


def _filter_bar(url: str, lang: str, filters: Filters, release: int | None, key: str) -> None:
    """The region and year filters: select boxes that rewrite ``q_region`` and
    ``q_year`` (keyed by the URL's values, so Back or a link puts them back)."""
    stamp = reads.release_stamp(url)
    regions = {code: (name, level) for code, name, level in region_choices(url, stamp, release)}
    years = reads.available_years(url, stamp, release)
    region_options: list[str] = ["", *regions]
    if filters.region and filters.region not in regions:
        region_options.append(filters.region)  # unknown: the bad-link notice says so
    year_options: list[int | None] = [None, *years]
    if filters.year is not None and filters.year not in years:
        year_options.append(filters.year)

    def region_text(code: str) -> str:
        if not code:
            return t("search.filter.all_regions", lang)
        name = regions.get(code, (code, ""))[0]
        return f"{region_label(code, name, lang)} {code}"

    with st.container(horizontal=True, wrap=True, key=f"{key}-filters"):
        chosen_region = st.selectbox(
            t("search.filter.region", lang),
            region_options,
            index=region_options.index(filters.region or ""),
            format_func=region_text,
            key=f"{key}-region-{lang}-{filters.region}",
            width=260,
        )
        chosen_year = st.selectbox(
            t("search.filter.year", lang),
            year_options,
            index=year_options.index(filters.year),
            format_func=lambda y: t("search.filter.all_years", lang) if y is None else str(y),
            key=f"{key}-year-{lang}-{filters.year}",
            width=160,
        )
    if (chosen_region or None) != filters.region or chosen_year != filters.year:
        _rewrite(
            q_region=chosen_region or None, q_year=None if chosen_year is None else str(chosen_year)
        )
        st.rerun()


def _kind_links(
    page_name: str,
    lang: str,
    kinds: Sequence[str],
    chosen: str | None,
    totals: dict[str, int],
    key: str,
) -> None:
    """The kind filter: links to every kind with its count, the chosen one marked."""
    with st.container(horizontal=True, wrap=True, key=f"{key}-kinds"):
        everything = t("search.filter.all_kinds", lang)
        mark = ":material/check:" if chosen is None else ":material/filter_list:"
        _link_here(page_name, lang, everything, mark, q_kind=None, q_page=None)
        for kind in kinds:
            text = f"{t(f'search.group.{kind}', lang)} ({fmt.count(totals.get(kind, 0), lang)})"
            icon = ":material/check:" if kind == chosen else _ICONS[kind]
            _link_here(page_name, lang, text, icon, q_kind=kind, q_page=None)


def _hit_links(hits: Sequence[ds.SearchHit], lang: str, context: dict[str, str]) -> None:
    for hit in hits:
        page_name, query = target(hit, context)
        st.page_link(
            nav.page(page_name, lang),
            label=fmt.literal(label(hit, lang)),
            icon=_ICONS[hit.kind],
            query_params=query,
        )


def _pager(page_name: str, lang: str, found: ds.SearchPage, key: str) -> None:
    """Previous and next pages of one kind's list, as links (``q_page``)."""
    if found.pages <= 1:
        return
    with st.container(horizontal=True, vertical_alignment="center", key=f"{key}-pager"):
        if found.page > 1:
            previous = str(found.page - 1) if found.page > 2 else None
            _link_here(
                page_name,
                lang,
                t("search.previous", lang),
                ":material/chevron_left:",
                q_page=previous,
            )
        pages = fmt.count(found.pages, lang)
        st.caption(t("search.page_of", lang, page=fmt.count(found.page, lang), pages=pages))
        if found.page < found.pages:
            _link_here(
                page_name,
                lang,
                t("search.next", lang),
                ":material/chevron_right:",
                q_page=str(found.page + 1),
            )


def results(
    url: str,
    lang: str,
    text: str,
    context: dict[str, str],
    *,
    release: int | None = None,
    kinds: Sequence[str] = ds.KINDS,
    page_name: str | None = None,
    filters: Filters | None = None,
    key: str = "search",
) -> list[ds.SearchHit]:
    """The hits of ``text`` as links to their views, grouped by kind, each kind with
    its count; "nothing found" names the text. Nothing is drawn for empty text.

    ``page_name``: the page the search is drawn on; with it the search is a URL
    (``filters``, read from it when not given): the kinds and pages are links to this
    page, the region and year filters rewrite it. Without it (the not-found page) the
    first ``LIMIT`` of each kind are listed. One kind (``filters.kind``, or ``kinds``
    of one) is listed in pages of ``PAGE_SIZE``, "29 个部门，显示 1–20".
    """
    needle = ds.normalise(text)
    if not needle:
        return []
    if filters is None:
        filters = Filters.from_url() if page_name is not None else Filters()
    kinds = tuple(kinds)
    chosen = filters.kind if filters.kind in kinds else (kinds[0] if len(kinds) == 1 else None)
    within, year = filters.region, filters.year
    with st.container(border=True, key=f"{key}-results-{'-'.join(kinds)}"):
        if page_name is not None:
            _filter_bar(url, lang, filters, release, key)
        preview = find(url, needle, release, kinds, LIMIT, within=within, year=year)
        totals = {hit.kind: hit.total for hit in preview}
        none = (
            "search.none_filtered" if within or year
            # The project page searches projects only: say so, not "no region, …".
            else "search.none_projects" if kinds == ("project",)
            else "search.none"
        )
        if not preview:
            st.caption(t(none, lang, text=fmt.literal(needle)))
            return []
        st.caption(t("search.found", lang, text=fmt.literal(needle)))
        if page_name is not None and len(kinds) > 1:
            _kind_links(page_name, lang, kinds, chosen, totals, key)
        if chosen is not None and page_name is not None:
            found = find_page(url, needle, chosen, filters, release)
            if not found.hits:
                st.caption(t(none, lang, text=fmt.literal(needle)))
                return []
            st.markdown(f"**{t(f'search.group.{chosen}', lang)}**")
            count_caption(chosen, found.total, found.first, found.last, lang)
            _hit_links(found.hits, lang, context)
            _pager(page_name, lang, found, key)
            return list(found.hits)
        for kind in kinds:
            group = [hit for hit in preview if hit.kind == kind]
            if not group:
                continue
            st.markdown(f"**{t(f'search.group.{kind}', lang)}**")
            count_caption(kind, group[0].total, 1, len(group), lang)
            _hit_links(group, lang, context)
            if group[0].total > len(group) and page_name is not None:
                _link_here(
                    page_name,
                    lang,
                    t(f"search.show_all.{kind}", lang, total=fmt.count(group[0].total, lang)),
                    ":material/expand_more:",
                    q_kind=kind,
                    q_page=None,
                )
    return preview


_ICONS = {
    "region": ":material/location_on:",
    "department": ":material/account_balance:",
    "project": ":material/description:",
    "indicator": ":material/flag:",
}


def context_of(view: View | None, url: str, lang: str) -> dict[str, str]:
    """The parameters a result link carries: the view's, else a view that works."""
    return view_query(view, "explore") if view is not None else state.fallback_query(url, lang)


def project_search(view: View) -> None:
    """``/project`` without a project: one search box (the frame leaves its own out on
    this page), restricted to projects, paged and filtered like the site search, with
    a way to the explorer's lists. Not an error: the menu item opens this page bare."""
    lang = view.lang
    st.title(t("search.project.title", lang), anchor=False)
    st.caption(t("search.project.intro", lang))
    text = url_box(
        lang,
        key=f"project-search-{lang}",
        label_key="search.project.label",
        placeholder_key="search.project.placeholder",
        width=480,
    )
    results(
        view.url,
        lang,
        text,
        context_of(view, view.url, lang),
        release=view.release,
        kinds=("project",),
        page_name="project",
        key="project-search",
    )
    state.link(
        view,
        "explore",
        t("search.project.browse", lang),
        project=None,
        icon=":material/account_tree:",
    )
