"""URL state: every view is a URL, and the URL is the only state a page reads.

Why: a copied link must reopen the same view, a journalist's citation must show the same
figures next year (so links always carry the year), and the back button must return to
the previous view. So:

- ``read_view`` parses and checks ``st.query_params`` (lang, year, region, scope, release,
  dept, project, metric, and the explorer's q / sort / page) and returns a frozen
  ``View`` (``dashboard.view``, re-exported here) of plain values, or the problems of a
  bad link, explained in the user's language.
- The context a visitor chose (lang, year, region, scope, a pinned release) carries over
  when they use the menu, which opens a page without query parameters: missing keys are
  taken from the session and written back into the URL, so the address bar always shows
  the full view.
- Every navigation by click (filters, drill-downs, links) goes through ``go`` /
  ``link`` with ``st.switch_page`` / ``st.page_link`` and query parameters, which push a
  browser-history entry; ``st.query_params`` assignments only replace the current one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import streamlit as st

from dashboard import nav, reads
from dashboard.brief import parse_asked
from dashboard.i18n import DEFAULT_LANG, LANGS, t
from dashboard.view import (
    DEFAULT_METRIC,
    LIST_SORTS,
    MAP_METRICS,
    PAGE_PARAMS,
    PAGE_SIZE,
    SCOPES,
    STICKY_KEYS,
    View,
)

__all__ = [
    "DEFAULT_METRIC",
    "LIST_SORTS",
    "MAP_METRICS",
    "PAGE_PARAMS",
    "PAGE_SIZE",
    "SCOPES",
    "STICKY_KEYS",
    "Problem",
    "Reading",
    "View",
    "fallback_query",
    "go",
    "link",
    "read_lang",
    "read_view",
]

_SESSION_KEY = "_view_context"
_REGION_CODE = re.compile(r"^[0-9]{6}$")
_NUMBER = re.compile(r"^[0-9]{1,9}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_PARAM_LENGTH = 100


@dataclass(frozen=True)
class Problem:
    """Why a link cannot be shown: an i18n key and the values it names."""

    key: str
    values: dict[str, str]

    def text(self, lang: str) -> str:
        """The explanation in ``lang``."""
        return t(self.key, lang, **self.values)


def _clean(text: str) -> str:
    """A parameter value as typed, without control characters (NUL breaks PostgreSQL),
    surrounding blanks or more than ``MAX_PARAM_LENGTH`` characters."""
    return _CONTROL.sub("", text).strip()[:MAX_PARAM_LENGTH]


def _raw_params() -> dict[str, str]:
    """The URL's non-empty parameters, last value of each, cleaned; Streamlit's embed
    options left aside. An empty value (``year=``) counts as not given."""
    values = {
        key: _clean(st.query_params.get(key, ""))
        for key in st.query_params
        if key not in ("embed", "embed_options")
    }
    return {key: value for key, value in values.items() if value}


def read_lang() -> str:
    """The language of this run: the URL's, else the session's, else Chinese."""
    raw = st.query_params.get("lang")
    if raw in LANGS:
        return raw
    remembered = st.session_state.get(_SESSION_KEY, {}).get("lang")
    return remembered if remembered in LANGS else DEFAULT_LANG


def _number(text: str) -> int | None:
    """A plain positive whole number as typed in a URL (ASCII digits only), else None."""
    return int(text) if _NUMBER.match(text) else None


@dataclass(frozen=True)
class Reading:
    """What a URL asks for: the view, or the problems and a nearby view that works."""

    view: View | None
    problems: list[Problem]
    repaired: dict[str, str]


def read_view(url: str, page_name: str) -> Reading:
    """The view the URL asks for, checked against the database, or why it cannot be shown.

    Nothing here raises for bad input: every problem becomes a ``Problem`` that the
    page frame explains, with a link to the same view without the bad parameters
    (``repaired``). Parameters that do not belong to the page are ignored.
    """
    stamp = reads.release_stamp(url)
    raw = _raw_params()
    remembered: dict[str, str] = st.session_state.get(_SESSION_KEY, {})
    for key in STICKY_KEYS:
        if key not in raw and key in remembered:
            raw[key] = remembered[key]
    lang = read_lang()
    problems: list[Problem] = []
    repaired: dict[str, str] = {"lang": lang}

    if "lang" in raw and raw["lang"] not in LANGS:
        problems.append(Problem("bad.lang", {"value": raw["lang"]}))

    release = None
    if "release" in raw:
        release = _release(url, stamp, raw["release"])
        if release is None:
            known = ", ".join(str(info.id) for info in reads.releases(url, stamp))
            problems.append(Problem("bad.release", {"value": raw["release"], "releases": known}))
        else:
            repaired["release"] = str(release)

    years = reads.available_years(url, stamp, release)
    if not years:
        return Reading(None, [Problem("db.empty", {})], repaired)
    year = years[-1]
    if "year" in raw:
        picked = _number(raw["year"])
        if picked in years:
            year = picked
        else:
            problems.append(
                Problem("bad.year", {"value": raw["year"], "years": ", ".join(map(str, years))})
            )
    repaired["year"] = str(year)

    region = reads.default_region(url, stamp, release) or ""
    region_ok = True
    if "region" in raw:
        code = raw["region"]
        if _REGION_CODE.match(code) and reads.region(url, stamp, code) is not None:
            region = code
        else:
            region_ok = False
            problems.append(Problem("bad.region", {"value": code}))
    repaired["region"] = region

    scope = raw.get("scope", "all")
    if scope not in SCOPES:
        problems.append(Problem("bad.scope", {"value": scope}))
        scope = "all"
    repaired["scope"] = scope

    own = PAGE_PARAMS.get(page_name, ())
    dept = raw.get("dept", "") if "dept" in own else ""
    department_id = None
    if dept and region_ok:
        found = reads.find_department(url, stamp, dept, region, release)
        if found is None:
            record = reads.region(url, stamp, region)
            problems.append(
                Problem("bad.dept", {"value": dept, "region": record.name if record else region})
            )
            dept = ""
        else:
            department_id = found.id
            repaired["dept"] = dept
    elif dept:
        dept = ""

    metric = raw.get("metric", DEFAULT_METRIC) if "metric" in own else DEFAULT_METRIC
    if metric not in MAP_METRICS:
        problems.append(Problem("bad.metric", {"value": metric}))
        metric = DEFAULT_METRIC
    elif metric != DEFAULT_METRIC:
        repaired["metric"] = metric

    search = raw.get("q") if "q" in own else None
    if search:
        repaired["q"] = search

    sort = raw.get("sort", "budget") if "sort" in own else "budget"
    if sort not in LIST_SORTS:
        problems.append(Problem("bad.sort", {"value": sort, "sorts": ", ".join(LIST_SORTS)}))
        sort = "budget"
    elif sort != "budget":
        repaired["sort"] = sort

    page = 1
    if "page" in own and "page" in raw:
        number = _number(raw["page"])
        if number is None or number < 1:
            problems.append(Problem("bad.page", {"value": raw["page"]}))
        elif number > 1 and not problems:
            total = reads.project_page(
                url,
                stamp,
                year,
                region,
                scope,
                department_id,
                search,
                sort,
                sort != "name",
                1,
                PAGE_SIZE,
                release,
            ).total
            pages = max(1, -(-total // PAGE_SIZE))
            if number > pages:
                problems.append(
                    Problem("bad.page_range", {"value": raw["page"], "pages": str(pages)})
                )
            else:
                page = number
                repaired["page"] = str(page)

    project = raw.get("project") if "project" in own else None

    # /hearing: the screen (its upper bound depends on the flags: the page checks it),
    # presenter mode, and the ticked questions. ``ask`` is read unclipped (a list of ids
    # outgrows MAX_PARAM_LENGTH) and keeps only well-formed ids.
    step = 0
    if "step" in own and "step" in raw:
        number = _number(raw["step"])
        if number is None:
            problems.append(Problem("bad.step", {"value": raw["step"]}))
        else:
            step = number
    present = "present" in own and raw.get("present") == "1"
    ask: tuple[str, ...] = ()
    if "ask" in own:
        ask = parse_asked(_CONTROL.sub("", st.query_params.get("ask", ""))[:4000])

    if problems:
        return Reading(None, problems, repaired)
    view = View(
        url=url,
        stamp=stamp,
        page_name=page_name,
        lang=lang,
        year=year,
        region=region,
        scope=scope,
        dept=dept or None,
        department_id=department_id,
        project=project,
        metric=metric,
        q=search,
        sort=sort,
        page=page,
        release=release,
        step=step,
        present=present,
        ask=ask,
    )
    _remember(view)
    return Reading(view, [], repaired)


def _release(url: str, stamp: str, text: str) -> int | None:
    """The release a link pins (digits naming a release the database holds), else None."""
    number = _number(text)
    known = {info.id for info in reads.releases(url, stamp)}
    return number if number in known else None


def _remember(view: View) -> None:
    """Keep the visitor's context and make the address bar show the whole view.

    Assigning ``st.query_params`` replaces the current history entry (no new one), which
    is right here: the view did not change, only its URL became explicit.
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
    wanted = view.query()
    current = _raw_params()
    missing = {key: value for key, value in wanted.items() if current.get(key) != value}
    if missing:
        st.query_params.update(missing)


def fallback_query(url: str, lang: str) -> dict[str, str]:
    """The parameters of a view that always works: the latest year of the default region."""
    stamp = reads.release_stamp(url)
    years = reads.available_years(url, stamp)
    query = {"lang": lang}
    region = reads.default_region(url, stamp)
    if years:
        query["year"] = str(years[-1])
    if region:
        query["region"] = region
    return query


def go(view: View, page_name: str, **changes: object) -> None:
    """Navigate (pushing a history entry) to ``page_name`` with this view's context."""
    st.switch_page(nav.page(page_name, view.lang), query_params=view.query(page_name, **changes))


def link(
    view: View, page_name: str, label: str, *, icon: str | None = None, **changes: object
) -> None:
    """A link to ``page_name`` carrying this view's context (a real <a>, so it can be
    opened in a new tab or copied)."""
    st.page_link(
        nav.page(page_name, view.lang),
        label=label,
        icon=icon,
        query_params=view.query(page_name, **changes),
    )
