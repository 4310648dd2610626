"""A plain route's query string, read into the one parameter table
(``dashboard.core.params``): the Starlette side of it, with no parsing rule of its own.

Why strict: a journalist who types ``yaer=2017`` or ``scope=whole`` should get a 400
naming the parameter, not silently the default view, and the same value must be refused
with the same words by a page, an embed, a download and the API. So every value is
trimmed as a page trims it (``params.trim``: blanks trimmed, clipped to the parameter's
length; empty = not given), parsed by the table (which refuses control characters: NUL
breaks PostgreSQL), and a bad one is answered with the pages' located message
("URL parameter year=abc: …").
Parameters a route does not know (``utm_source``, cache busters) are ignored and left
out of the cache key, so they can neither fail a request nor flood the response cache.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from starlette.requests import Request

from dashboard.core import params
from dashboard.web.http import Problem, bad_parameter, request_language


@dataclass(frozen=True)
class Query:
    """The known, non-empty parameters of one request, cleaned (strings), and the
    language of its answers."""

    values: dict[str, str]
    lang: str

    def text(self, name: str) -> str | None:
        return self.values.get(name)

    def release(self) -> int | None:
        """The pinned release, when it is one (its form is checked by the route)."""
        try:
            return params.positive_number(self.values["release"])
        except (KeyError, ValueError):
            return None


def read_query(request: Request, known: Iterable[str]) -> Query:
    """The known parameters of the request; a repeated one is a 400 naming it.

    A bad ``lang`` is a 400 too (with the pages' message, in the default language).
    """
    names = set(known) | {"lang"}
    values: dict[str, str] = {}
    for name, value in request.query_params.multi_items():
        if name not in names:
            continue
        if name in values:
            raise bad_parameter(name, "repeated")
        declared = params.BY_NAME.get(name)
        limit = declared.max_length if declared else params.MAX_PARAM_LENGTH
        values[name] = params.trim(value, limit)
    values = {name: value for name, value in values.items() if value}
    lang = request_language(request)
    if "lang" in values:
        checked = params.parse(values, "", names=("lang",))
        if checked.problems:
            raise located_problem(checked.problems[0], lang)
    return Query(values, lang)


def located_problem(problem: params.Problem, lang: str) -> Problem:
    """A 400 for a bad URL parameter, explained exactly as the pages explain it
    ("URL parameter year=abc: …", ``params.Problem.text``) in the request's language:
    one :class:`Problem` whose detail is the located message (the reason alone is kept
    for its fields), answered by ``guarded`` like every other."""
    reason = problem.reason(lang).rstrip("。.")
    found = Problem(400, "bad_parameter", parameter=problem.name, reason="url_value", text=reason)
    found.detail = problem.text(lang)
    return found


def refusal(url: str, stamp: str, parsed: params.Parsed, lang: str) -> Problem:
    """The answer to a request whose values ``params.parse`` refused: its first problem
    (in table order) with what only the data can add (the years and releases there are),
    exactly as a page or a download words it; 503 when there is no data at all."""
    reading = params.resolve(url, parsed, lang, stamp=stamp)
    first = reading.problems[0]
    if first.key == "db.empty":
        return Problem(503, "no_data", headers={"Retry-After": "60"})
    return located_problem(first, lang)
