"""URL state: every view is a URL, and the URL is the only state a page reads.

Why: a copied link must reopen the same view, a journalist's citation must show the same
figures next year (so links always carry the year), and the back button must return to
the previous view. So:

- ``read_params`` reads ``st.query_params`` through the one table of URL parameters
  (``dashboard.core.params``: name, pages, parse, default, message for a bad value). This
  module runs no query: ``read_view`` hands what it read to ``params.resolve``, the
  checks against the published data (through the cached reads), which return a frozen
  ``View`` (``dashboard.core.view``, re-exported here) or the problems of a bad link,
  explained in the user's language and naming the parameter ("URL parameter year=abc").
- The context a visitor chose (lang, year, region, scope, a pinned release) carries over
  when they use the menu, which opens a page without query parameters: missing keys are
  taken from the session and written back into the URL, so the address bar always shows
  the full view.
- Every navigation by click (filters, drill-downs, links) goes through ``go`` /
  ``link`` with ``st.switch_page`` / ``st.page_link`` and query parameters, which push a
  browser-history entry; ``st.query_params`` assignments only replace the current one.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard.core import params
from dashboard.core.i18n import DEFAULT_LANG, LANGS
from dashboard.core.links import view_query
from dashboard.core.params import PAGE_PARAMS, STICKY_KEYS, Parsed, Problem, Reading
from dashboard.core.view import (
    DEFAULT_METRIC,
    LIST_FILTER_KEYS,
    LIST_FLAGS,
    LIST_GRADES,
    LIST_SORTS,
    LIST_VERDICTS,
    MAP_METRICS,
    ORDERS,
    PAGE_SIZE,
    SCOPES,
    SCORE_RANGE,
    View,
    default_order,
    score_text,
)
from dashboard.ui import nav

__all__ = [
    "DEFAULT_METRIC",
    "LIST_FILTER_KEYS",
    "LIST_FLAGS",
    "LIST_GRADES",
    "LIST_SORTS",
    "LIST_VERDICTS",
    "MAP_METRICS",
    "ORDERS",
    "PAGE_PARAMS",
    "PAGE_SIZE",
    "SCOPES",
    "SCORE_RANGE",
    "STICKY_KEYS",
    "Problem",
    "Reading",
    "View",
    "clean_text",
    "default_order",
    "fallback_query",
    "go",
    "link",
    "read_lang",
    "read_params",
    "read_view",
    "score_text",
    "search_filters",
    "search_text",
]

_SESSION_KEY = "_view_context"
MAX_PARAM_LENGTH = params.MAX_PARAM_LENGTH


def _raw_params() -> dict[str, str]:
    """The URL's non-empty parameters, last value of each, cleaned (``params.clean``,
    to each parameter's length); Streamlit's embed options left aside. An empty value
    (``year=``) counts as not given."""
    values: dict[str, str] = {}
    for key in st.query_params:
        if key in ("embed", "embed_options"):
            continue
        declared = params.BY_NAME.get(key)
        limit = declared.max_length if declared else MAX_PARAM_LENGTH
        values[key] = params.trim(st.query_params.get(key, ""), limit)
    return {key: value for key, value in values.items() if value}


def read_lang() -> str:
    """The language of this run: the URL's, else the session's, else Chinese."""
    raw = st.query_params.get("lang")
    if raw in LANGS:
        return raw
    remembered = st.session_state.get(_SESSION_KEY, {}).get("lang")
    return remembered if remembered in LANGS else DEFAULT_LANG


def search_text() -> str:
    """The site search's text as the URL gives it (``q``), cleaned like every value."""
    return clean_text(st.query_params.get("q", ""))


def search_filters() -> dict[str, Any]:
    """The site search's kind, region, year and page as the URL gives them (the
    ``q_*`` parameters of ``params.SEARCH_PARAMS``), checked for form only; a bad value
    reads as its default (the page's bad-link notice names it)."""
    return params.parse(_raw_params(), "overview", names=params.SEARCH_PARAMS[1:]).values


def clean_text(text: str) -> str:
    """Text as a URL parameter holds it (``params.clean``: no control characters, no
    surrounding blanks, at most ``MAX_PARAM_LENGTH`` characters)."""
    return params.clean(text)


def read_params(page_name: str) -> Parsed:
    """The parameters of ``page_name`` as the URL (plus the remembered sticky context)
    gives them, checked for form only (``params.parse``): no query."""
    raw = _raw_params()
    remembered: dict[str, str] = st.session_state.get(_SESSION_KEY, {})
    for key in STICKY_KEYS:
        if key not in raw and key in remembered:
            raw[key] = remembered[key]
    return params.parse(raw, page_name)


def read_view(url: str, page_name: str) -> Reading:
    """The view the URL asks for, checked against the database (``params.resolve``), or
    why it cannot be shown.

    Nothing here raises for bad input: every problem becomes a ``Problem`` that the
    page frame explains, with a link to the same view without the bad parameters
    (``repaired``). Parameters that do not belong to the page are ignored.
    """
    reading = params.resolve(url, read_params(page_name), read_lang())
    if reading.view is not None:
        _remember(reading.view)
    return reading


def _remember(view: View) -> None:
    """Keep the visitor's context and make the address bar show the whole view.

    The URL is sent on every run, not only when a parameter is missing. Why: a link to
    the page already shown (the breadcrumb's province while a county is shown, issue
    #9) reruns the page with the link's parameters, but Streamlit 1.67 changes the
    address bar only on a page change or when the script writes ``st.query_params``;
    without this write the address bar kept the county while the province was shown.
    Streamlit's client pushes a history entry only when the query differs from the
    address bar, so a rerun of an unchanged view adds none, and Back still returns to
    the county.
    """
    context = {
        "lang": view.lang,
        "year": str(view.year),
        "region": view.region,
        "scope": view.scope,
    }
    if view.release is not None:
        context["release"] = str(view.release)
    st.session_state[_SESSION_KEY] = context
    st.query_params.update(view_query(view))


# A view that always works is a question for the data: asked by ``params``, not here.
fallback_query = params.fallback_query


def go(view: View, page_name: str, **changes: object) -> None:
    """Navigate (pushing a history entry) to ``page_name`` with this view's context."""
    st.switch_page(
        nav.page(page_name, view.lang), query_params=view_query(view, page_name, **changes)
    )


def link(
    view: View, page_name: str, label: str, *, icon: str | None = None, **changes: object
) -> None:
    """A link to ``page_name`` carrying this view's context (a real <a>, so it can be
    opened in a new tab or copied)."""
    st.page_link(
        nav.page(page_name, view.lang),
        label=label,
        icon=icon,
        query_params=view_query(view, page_name, **changes),
    )
