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
_REGION_CODE = re.compile(r"^\d{6}$")

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


def _raw_params() -> dict[str, str]:
    """The URL's parameters, last value of each; Streamlit's embed options left aside."""
    return {
        key: st.query_params.get(key, "")
        for key in st.query_params
        if key not in ("embed", "embed_options")
    }


def read_lang() -> str:
    """The language of this run: the URL's, else the session's, else Chinese."""
    raw = st.query_params.get("lang")
    if raw in LANGS:
        return raw
    remembered = st.session_state.get(_SESSION_KEY, {}).get("lang")
    return remembered if remembered in LANGS else DEFAULT_LANG


def read_view(url: str, page_name: str) -> tuple[View | None, list[Problem]]:
    """The view the URL asks for, checked against the database, or why it cannot be shown.

    Nothing here raises for bad input: every problem becomes a ``Problem`` that the
    page frame explains, with a link to a valid view.
    """
    stamp = data.release_stamp(url)
    raw = _raw_params()
    remembered: dict[str, str] = st.session_state.get(_SESSION_KEY, {})
    for key in STICKY_KEYS:
        if key not in raw and key in remembered:
            raw[key] = remembered[key]
    lang = read_lang()
    problems: list[Problem] = []

    years = data.available_years(url, stamp)
    if not years:
        return None, [Problem("db.empty", {})]
    year = years[-1]
    if "year" in raw:
        text = raw["year"].strip()
        if text.isdigit() and int(text) in years:
            year = int(text)
        else:
            problems.append(
                Problem("bad.year", {"value": text, "years": ", ".join(map(str, years))})
            )

    region = data.default_region(url, stamp) or ""
    if "region" in raw:
        code = raw["region"].strip()
        if _REGION_CODE.match(code) and data.region(url, stamp, code) is not None:
            region = code
        else:
            problems.append(Problem("bad.region", {"value": code}))

    scope = raw.get("scope", "all").strip() or "all"
    if scope not in SCOPES:
        problems.append(Problem("bad.scope", {"value": scope}))
        scope = "all"

    own = PAGE_PARAMS.get(page_name, ())
    dept = raw.get("dept", "").strip() if "dept" in own else ""
    department_id = None
    if dept and not problems:
        found = data.find_department(url, stamp, dept, region)
        if found is None:
            record = data.region(url, stamp, region)
            problems.append(
                Problem("bad.dept", {"value": dept, "region": record.name if record else region})
            )
        else:
            department_id = found.id

    metric = raw.get("metric", DEFAULT_METRIC).strip() if "metric" in own else DEFAULT_METRIC
    if metric not in MAP_METRICS:
        problems.append(Problem("bad.metric", {"value": metric}))
        metric = DEFAULT_METRIC

    sort = raw.get("sort", "budget") if "sort" in own else "budget"
    sort = sort if sort in LIST_SORTS else "budget"
    page_text = raw.get("page", "1") if "page" in own else "1"
    page = int(page_text) if page_text.isdigit() and int(page_text) >= 1 else 1
    search = (raw.get("q") or "").strip()[:100] or None if "q" in own else None
    project = (raw.get("project") or "").strip() or None if "project" in own else None

    if problems:
        return None, problems
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
    return view, []


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
