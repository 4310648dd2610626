"""The site search box and its results: find a region, department or project by name,
code or (regions) pinyin, and go to its view by a real link.

Why a module of its own: the same search sits in every page's frame, fills the project
search of ``/project`` without a project, and offers itself on the not-found page. The
question is answered by ``data_access.reads.search`` (SQL ``LIKE`` on escaped text, the
disclosure rule applied); this module caches the answers beside the other reads
(``reads.CACHE``, keyed by the release stamp so an import is seen at once) and turns
each hit into an ``st.page_link``: an ``<a href>`` that can be opened in a new tab or
copied. Names come from packages and go through ``fmt.literal``.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from dashboard.core import formatting as fmt
from dashboard.core import reads
from dashboard.core.i18n import t
from dashboard.core.links import view_query
from dashboard.core.romanise import region_label
from dashboard.core.view import View
from dashboard.ui import nav, state
from data_access.reads import search as ds

LIMIT = 8
PROJECT_LIMIT = 25


def region_index(url: str, stamp: str, release: int | None) -> tuple[ds.RegionEntry, ...]:
    """The published area's regions with their pinyin keys, read once per release."""
    return reads.CACHE.get(
        ("search.region_index", url, stamp, release),
        lambda: _region_index(url, stamp, release),
    )


def _region_index(url: str, stamp: str, release: int | None) -> tuple[ds.RegionEntry, ...]:
    with reads.snapshot(url, stamp, release) as (conn, as_of):
        return ds.region_index(conn, release=as_of)


def find(
    url: str,
    text: str,
    release: int | None = None,
    kinds: Sequence[str] = ds.KINDS,
    limit: int = LIMIT,
) -> list[ds.SearchHit]:
    """The hits for ``text`` (cached per release stamp, text, kinds and limit)."""
    needle = ds.normalise(text)
    if not needle:
        return []
    stamp = reads.release_stamp(url)
    kinds = tuple(kinds)

    def search() -> list[ds.SearchHit]:
        regions = region_index(url, stamp, release) if "region" in kinds else None
        with reads.snapshot(url, stamp, release) as (conn, as_of):
            return ds.search(
                conn, needle, limit=limit, release=as_of, kinds=kinds, regions=regions
            )

    return reads.CACHE.get(("search.find", url, stamp, release, needle, kinds, limit), search)


def target(hit: ds.SearchHit, context: dict[str, str]) -> tuple[str, dict[str, str]]:
    """The page and query of a hit's view, keeping the visitor's language, scope and
    pinned release from ``context``: a region opens the explorer on it, a department
    the explorer on its government's list (in its latest year with projects), a
    project its own page in its latest public year."""
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
    and for departments and projects the region they belong to."""
    kind = t(f"search.kind.{hit.kind}", lang)
    if hit.kind == "region":
        return f"{region_label(hit.code, hit.name, lang)} · {kind} {hit.code}"
    where = region_label(hit.region_code, hit.region_name, lang)
    return f"{hit.name} · {kind} {hit.code} · {where}"


def box(lang: str, *, key: str, label_key: str = "search.label", width: int = 300) -> str:
    """The search field (its label is read by screen readers; placeholder says what it
    finds); returns the text typed."""
    return st.text_input(
        t(label_key, lang),
        key=key,
        placeholder=t("search.placeholder", lang),
        max_chars=ds.MAX_TEXT,
        icon=":material/search:",
        label_visibility="collapsed",
        width=width,
    )


def url_box(lang: str, *, key: str) -> str:
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
    typed = state.clean_text(box(lang, key=key))
    if typed != shown:
        query = {k: st.query_params.get(k, "") for k in st.query_params}
        query.pop("page", None)  # the explorer's list, searched anew, starts at page 1
        query.pop("q", None)
        if typed:
            query["q"] = typed
        st.query_params.from_dict(query)
        st.session_state[synced] = typed
    return typed


def results(
    url: str,
    lang: str,
    text: str,
    context: dict[str, str],
    *,
    release: int | None = None,
    kinds: Sequence[str] = ds.KINDS,
    limit: int = LIMIT,
) -> list[ds.SearchHit]:
    """The hits of ``text`` as links to their views, grouped by kind; "nothing found"
    names the text. Nothing is drawn for empty text."""
    needle = ds.normalise(text)
    if not needle:
        return []
    hits = find(url, needle, release, kinds, limit)
    with st.container(border=True, key=f"search-results-{'-'.join(kinds)}"):
        if not hits:
            st.caption(t("search.none", lang, text=fmt.literal(needle)))
            return hits
        st.caption(t("search.found", lang, text=fmt.literal(needle)))
        for kind in kinds:
            group = [hit for hit in hits if hit.kind == kind]
            if not group:
                continue
            st.markdown(f"**{t(f'search.group.{kind}', lang)}**")
            if group[0].total > len(group):
                st.caption(t("search.more", lang, total=int(group[0].total), shown=len(group)))
            for hit in group:
                page_name, query = target(hit, context)
                st.page_link(
                    nav.page(page_name, lang),
                    label=fmt.literal(label(hit, lang)),
                    icon=_ICONS[hit.kind],
                    query_params=query,
                )
    return hits


_ICONS = {
    "region": ":material/location_on:",
    "department": ":material/account_balance:",
    "project": ":material/description:",
}


def context_of(view: View | None, url: str, lang: str) -> dict[str, str]:
    """The parameters a result link carries: the view's, else a view that works."""
    return view_query(view, "explore") if view is not None else state.fallback_query(url, lang)


def project_search(view: View) -> None:
    """``/project`` without a project: the site search restricted to projects, with a
    way to the explorer's lists. Not an error: the menu item opens this page bare."""
    lang = view.lang
    st.title(t("search.project.title", lang), anchor=False)
    st.caption(t("search.project.intro", lang))
    text = box(lang, key=f"project-search-{lang}", label_key="search.project.label", width=480)
    results(
        view.url,
        lang,
        text,
        context_of(view, view.url, lang),
        release=view.release,
        kinds=("project",),
        limit=PROJECT_LIMIT,
    )
    state.link(
        view,
        "explore",
        t("search.project.browse", lang),
        project=None,
        icon=":material/account_tree:",
    )
