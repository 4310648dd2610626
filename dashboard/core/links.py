"""A view written back as the query parameters of a link: the inverse of ``params``.

Why apart from ``view``: which parameters a page's links carry is a column of the one
table of URL parameters (``params.PAGE_PARAMS``), and ``params`` builds a ``View`` when
it reads a URL. ``View`` stays plain values below both, the table reads a URL into a
view, and this module writes a view back out through the same table.
"""

from __future__ import annotations

from dashboard.core.params import PAGE_PARAMS
from dashboard.core.view import DEFAULT_METRIC, RANKS, View, default_order, score_text


def view_query(view: View, page_name: str | None = None, **changes: object) -> dict[str, str]:
    """The query parameters of ``view`` on ``page_name`` (default: the view's page).

    Sticky parameters always (``release`` only when pinned); a page's own ones only
    for that page; ``changes`` override (None drops a parameter). Defaults are
    written out on purpose: a link names its year and scope explicitly, so it means
    the same thing next year.
    """
    target = page_name or view.page_name
    values: dict[str, object] = {
        "lang": view.lang,
        "year": view.year,
        "region": view.region,
        "scope": view.scope,
        "release": view.release,
    }
    own = PAGE_PARAMS.get(target, ())
    current = {
        "dept": view.dept,
        "project": view.project,
        "metric": view.metric if view.metric != DEFAULT_METRIC else None,
        "q": view.q,
        "sort": view.sort if view.sort != "budget" else None,
        "page": view.page if view.page != 1 else None,
        "grade": ",".join(view.grade) or None,
        "flag": view.flag,
        "verdict": view.verdict,
        "score_min": score_text(view.score_min),
        "score_max": score_text(view.score_max),
        "order": view.order if view.order not in ("", default_order(view.sort)) else None,
        "step": view.step,
        "present": "1" if view.present else None,
        "ask": ",".join(view.ask) or None,
        "rank": view.rank if view.rank != RANKS[0] else None,
    }
    for key in own:
        values[key] = current[key]
    values.update(changes)
    return {key: str(value) for key, value in values.items() if value not in (None, "")}
