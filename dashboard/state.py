"""URL state: every view is a URL, and the URL is the only state a page reads.

Why: a copied link must reopen the same view, a journalist's citation must show the same
figures next year (so links always carry the year), and the back button must return to
the previous view. So:

- ``read_view`` parses and checks ``st.query_params`` (lang, year, region, scope, dept,
  project, metric, and the explorer's q / sort / page) and returns a frozen ``View`` of
  plain values, or the problems of a bad link, explained in the user's language.
- The context a visitor chose (lang, year, region, scope) carries over when they use the
  menu, which opens a page without query parameters: missing keys are taken from the
  session and written back into the URL, so the address bar always shows the full view.
- Every navigation by click (filters, drill-downs, links) goes through ``go`` /
  ``link`` with ``st.switch_page`` / ``st.page_link`` and query parameters, which push a
  browser-history entry; ``st.query_params`` assignments only replace the current one.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import streamlit as st

from dashboard import data, nav
from dashboard.i18n import DEFAULT_LANG, LANGS, t
from data_access.queries import SORT_KEYS

SCOPES: tuple[str, ...] = ("all", "own")
STICKY_KEYS: tuple[str, ...] = ("lang", "year", "region", "scope")
MAP_METRICS: tuple[str, ...] = (
    "evaluation_coverage_rate",
    "evaluated_funds",
    "project_spending",
    "target_coverage_rate",
    "monitoring_coverage_rate",
    "execution_rate",
    "target_achievement_rate",
    "average_score",
    "projects",
)
DEFAULT_METRIC = MAP_METRICS[0]
LIST_SORTS: tuple[str, ...] = ("budget", "spent", "execution_rate", "score", "name")
PAGE_SIZE = 25
# Which optional parameters belong to which page; the sticky ones go everywhere.
PAGE_PARAMS: dict[str, tuple[str, ...]] = {
    "overview": (),
    "trends": ("dept",),
    "regions": ("metric",),
    "explore": ("dept", "q", "sort", "page"),
    "project": ("project",),
    "about": (),
}
_SESSION_KEY = "_view_context"
_REGION_CODE = re.compile(r"^[0-9]{6}$")
_NUMBER = re.compile(r"^[0-9]{1,9}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_PARAM_LENGTH = 100

assert set(LIST_SORTS) <= set(SORT_KEYS)


@dataclass(frozen=True)
class Problem:
    """Why a link cannot be shown: an i18n key and the values it names."""

    key: str
    values: dict[str, str]

    def text(self, lang: str) -> str:
        """The explanation in ``lang``."""
        return t(self.key, lang, **self.values)


@dataclass(frozen=True)
class View:
    """One view of the dashboard, as plain values (safe as cache keys)."""

    url: str
    stamp: str
    page_name: str
    lang: str
    year: int
    region: str
    scope: str = "all"
    dept: str | None = None
    department_id: int | None = None
    project: str | None = None
    metric: str = DEFAULT_METRIC
    q: str | None = None
    sort: str = "budget"
    page: int = 1

    def t(self, key: str, **values: object) -> str:
        """Shorthand for ``i18n.t`` in this view's language."""
        return t(key, self.lang, **values)

    def replace(self, **changes: object) -> View:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def query(self, page_name: str | None = None, **changes: object) -> dict[str, str]:
        """The query parameters of this view on ``page_name`` (default: this page).

        Sticky parameters always; a page's own ones only for that page; ``changes``
        override (None drops a parameter). Defaults are written out on purpose: a link
        names its year and scope explicitly, so it means the same thing next year.
        """
        target = page_name or self.page_name
        values: dict[str, object] = {
            "lang": self.lang,
            "year": self.year,
            "region": self.region,
            "scope": self.scope,
        }
        own = PAGE_PARAMS.get(target, ())
        current = {
            "dept": self.dept,
            "project": self.project,
            "metric": self.metric if self.metric != DEFAULT_METRIC else None,
            "q": self.q,
            "sort": self.sort if self.sort != "budget" else None,
            "page": self.page if self.page != 1 else None,
        }
        for key in own:
            values[key] = current[key]
        values.update(changes)
        return {key: str(value) for key, value in values.items() if value not in (None, "")}


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
    stamp = data.release_stamp(url)
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

    years = data.available_years(url, stamp)
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

    region = data.default_region(url, stamp) or ""
    region_ok = True
    if "region" in raw:
        code = raw["region"]
        if _REGION_CODE.match(code) and data.region(url, stamp, code) is not None:
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
        found = data.find_department(url, stamp, dept, region)
        if found is None:
            record = data.region(url, stamp, region)
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
            total = data.project_page(
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
    )
    _remember(view)
    return Reading(view, [], repaired)


def _remember(view: View) -> None:
    """Keep the visitor's context and make the address bar show the whole view.

    Assigning ``st.query_params`` replaces the current history entry (no new one), which
    is right here: the view did not change, only its URL became explicit.
    """
    st.session_state[_SESSION_KEY] = {
        "lang": view.lang,
        "year": str(view.year),
        "region": view.region,
        "scope": view.scope,
    }
    wanted = view.query()
    current = _raw_params()
    missing = {key: value for key, value in wanted.items() if current.get(key) != value}
    if missing:
        st.query_params.update(missing)


def fallback_query(url: str, lang: str) -> dict[str, str]:
    """The parameters of a view that always works: the latest year of the default region."""
    stamp = data.release_stamp(url)
    years = data.available_years(url, stamp)
    query = {"lang": lang}
    region = data.default_region(url, stamp)
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
