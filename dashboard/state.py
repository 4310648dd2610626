"""URL state: every view is a URL, and the URL is the only state a page reads.

Why: a copied link must reopen the same view, a journalist's citation must show the same
figures next year (so links always carry the year), and the back button must return to
the previous view. So:

- ``read_view`` parses and checks ``st.query_params`` (lang, year, region, scope, release,
  dept, project, metric, and the explorer's q / grade / flag / score_min / score_max /
  sort / order / page) and returns a frozen
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
    LIST_FILTER_KEYS,
    LIST_FLAGS,
    LIST_GRADES,
    LIST_SORTS,
    MAP_METRICS,
    ORDERS,
    PAGE_PARAMS,
    PAGE_SIZE,
    SCOPES,
    SCORE_RANGE,
    STICKY_KEYS,
    View,
    default_order,
    score_text,
)

__all__ = [
    "DEFAULT_METRIC",
    "LIST_FILTER_KEYS",
    "LIST_FLAGS",
    "LIST_GRADES",
    "LIST_SORTS",
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
    "default_order",
    "fallback_query",
    "go",
    "link",
    "read_lang",
    "read_view",
    "score_text",
]

_SESSION_KEY = "_view_context"
_REGION_CODE = re.compile(r"^[0-9]{6}$")
_NUMBER = re.compile(r"^[0-9]{1,9}$")
_SCORE = re.compile(r"^[0-9]{1,3}(\.[0-9]{1,2})?$")
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


def _score(text: str) -> float | None:
    """A score bound as typed in a URL (``60``, ``59.5``; 0 to 100), else None."""
    if not _SCORE.match(text):
        return None
    value = float(text)
    low, high = SCORE_RANGE
    return value if low <= value <= high else None


@dataclass(frozen=True)
class ListFilters:
    """The explorer's project-list filters and direction as read from a URL."""

    grade: tuple[str, ...] = ()
    flag: str | None = None
    score_min: float | None = None
    score_max: float | None = None
    order: str = ""


def _list_filters(
    raw: dict[str, str],
    own: tuple[str, ...],
    sort: str,
    problems: list[Problem],
    repaired: dict[str, str],
) -> ListFilters:
    """Grades, flag rule, score range and order of the project list (explorer only).

    Why each bad value is a problem and not silently dropped: a committee member who
    follows a link filtered to 差/中 must never be shown the whole list as if it were
    the filtered one. Valid parameters go into ``repaired``, so the "open a valid view"
    link keeps them.
    """
    grade: tuple[str, ...] = ()
    if "grade" in own and "grade" in raw:
        asked = [g.strip() for g in raw["grade"].split(",") if g.strip()]
        if not asked or any(g not in LIST_GRADES for g in asked):
            problems.append(
                Problem("bad.grade", {"value": raw["grade"], "grades": ", ".join(LIST_GRADES)})
            )
        else:
            grade = tuple(g for g in LIST_GRADES if g in asked)
            repaired["grade"] = ",".join(grade)
    flag = None
    if "flag" in own and "flag" in raw:
        if raw["flag"] in LIST_FLAGS:
            flag = raw["flag"]
            repaired["flag"] = flag
        else:
            problems.append(
                Problem("bad.flag", {"value": raw["flag"], "flags": ", ".join(LIST_FLAGS)})
            )
    bounds: dict[str, float | None] = {"score_min": None, "score_max": None}
    for key in bounds:
        if key in own and key in raw:
            value = _score(raw[key])
            if value is None:
                problems.append(Problem("bad.score", {"value": raw[key]}))
            else:
                bounds[key] = value
    low, high = bounds["score_min"], bounds["score_max"]
    if low is not None and high is not None and low > high:
        problems.append(
            Problem("bad.score_range", {"low": score_text(low), "high": score_text(high)})
        )
        low = high = None
    for key, value in (("score_min", low), ("score_max", high)):
        if value is not None:
            repaired[key] = score_text(value) or ""
    order = ""
    if "order" in own and "order" in raw:
        if raw["order"] in ORDERS:
            order = raw["order"] if raw["order"] != default_order(sort) else ""
            if order:
                repaired["order"] = order
        else:
            problems.append(Problem("bad.order", {"value": raw["order"]}))
    return ListFilters(grade, flag, low, high, order)


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
    listing = _list_filters(raw, own, sort, problems, repaired)

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
                (listing.order or default_order(sort)) == "desc",
                1,
                PAGE_SIZE,
                release,
                grades=listing.grade,
                flag=listing.flag,
                score_min=listing.score_min,
                score_max=listing.score_max,
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
        grade=listing.grade,
        flag=listing.flag,
        score_min=listing.score_min,
        score_max=listing.score_max,
        order=listing.order,
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
