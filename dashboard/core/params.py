"""The URL parameters of the dashboard, declared once: name, pages, parse, default, and
the message for a bad value. Both the pages (``dashboard.ui.state``) and the plain HTTP
routes (``dashboard.web.charts``: ``/embed``, ``/download``) read URLs through this table.

Why one table (as datasette declares its filters): the same link must mean the same
view, and a bad value must be explained with the same located message
("URL parameter year=abc: …"), whether a visitor opens it as a page or a newspaper
embeds it. Before, ``state.read_view`` and the routes each had a hand parser and their
answers drifted apart.

Two steps, so that parsing never touches the database:

- ``parse`` checks each value's form against the table (digits, codes, choices) and
  cross-parameter rules that need no data (score range, order). Pure: no Streamlit, no
  query; ``dashboard.ui.state`` reads the URL with it and runs no query itself.
- ``resolve`` checks what only the published data can answer (does the release exist,
  is the year published, does the region or department exist, is the list that long)
  through the cached read layer ``dashboard.core.reads``, and builds the ``View``.

Nothing here raises for bad input: every problem is a ``Problem`` naming the parameter
and the value as typed, with a "nearby" view that works (``repaired``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from dashboard.core import reads
from dashboard.core.asked import parse_asked
from dashboard.core.i18n import DEFAULT_LANG, LANGS, t
from dashboard.core.paths import PAGE_DEFS
from dashboard.core.view import (
    DEFAULT_METRIC,
    LIST_FLAGS,
    LIST_GRADES,
    LIST_SORTS,
    LIST_VERDICTS,
    MAP_METRICS,
    ORDERS,
    PAGE_SIZE,
    RANKS,
    SCOPES,
    SCORE_RANGE,
    View,
    default_order,
    score_text,
)
from data_access.reads.search import KINDS as SEARCH_KINDS
from data_access.reads.selection import ListFilter, ViewFilter

ALL_PAGES: frozenset[str] = frozenset(spec.name for spec in PAGE_DEFS)
MAX_PARAM_LENGTH = 100
MAX_ASK_LENGTH = 4000
# Years a URL may name at all (which of them have data is ``resolve``'s question).
YEAR_RANGE: tuple[int, int] = (1949, 2100)
# The API's project-list page size and region-tree depth.
DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_DEPTH = 3
# Results of one kind per page of the site search (``q_kind``, ``q_page``); the first
# page of every kind at once shows fewer (``SEARCH_PREVIEW``).
SEARCH_PAGE_SIZE = 20
SEARCH_PREVIEW = 8
SEARCH_PARAMS: tuple[str, ...] = ("q", "q_kind", "q_region", "q_year", "q_page")
# Long enough for every cursor the API writes (a keyset holding a project's name).
MAX_CURSOR_LENGTH = 2000
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# The same set as an ECMA-262 pattern (JSON Schema): text without a control character.
NO_CONTROL_PATTERN = "^[^\\u0000-\\u001f\\u007f]*$"
_GRADE = "(" + "|".join(LIST_GRADES) + ")"
# Whole-value patterns, written once for the parser (``re.fullmatch``) and for the OpenAPI
# document (JSON Schema ``pattern``): the same text in both, so they cannot disagree.
REGION_PATTERN = "^[0-9]{6}$"
GRADES_PATTERN = f"^[ ,]*{_GRADE}( *,[ ,]*{_GRADE})*[ ,]*$"
SCORE_PATTERN = r"^(0?[0-9]{1,2}(\.[0-9]{1,2})?|100(\.0{1,2})?)$"


# ------------------------------------------------------------------ value parsers
# Each takes the value as typed (never empty) and returns the parsed value, or raises
# ValueError; the table's ``error`` key then explains it. Each also says, as JSON Schema
# (``schema``), exactly which values it accepts: the OpenAPI document is generated from
# it, and a fuzzer (schemathesis) checks the API against it.


@dataclass(frozen=True)
class Number:
    """A plain whole number as typed in a URL: ASCII digits only (no ``２０１７``, no
    ``²``, no sign, no ``1e3``), at most nine of them (so a 5000-digit value is refused,
    not converted), from ``low`` to ``high``."""

    low: int = 0
    high: int = 999_999_999

    def __call__(self, text: str) -> int:
        if not (len(text) <= 9 and text.isascii() and text.isdigit()):
            raise ValueError(text)
        number = int(text)
        if not self.low <= number <= self.high:
            raise ValueError(text)
        return number

    def schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.low, "maximum": self.high}


whole_number = Number()
positive_number = Number(1)  # page numbers, release ids


@dataclass(frozen=True)
class Pattern:
    """Text matching ``pattern`` as a whole (a region code: whether such a region exists
    is ``resolve``'s question)."""

    pattern: str

    def __call__(self, text: str) -> str:
        if not re.fullmatch(self.pattern, text):
            raise ValueError(text)
        return text

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": self.pattern}


region_code = Pattern(REGION_PATTERN)


@dataclass(frozen=True)
class Text:
    """Free text: a department or project code, a search (SQL wildcards are escaped by
    ``data_access``). Long values are clipped when a URL is read (``trim``); a control
    character is refused for every parameter by ``parse`` (NUL breaks PostgreSQL), which
    the schema states, so an API client knows it before sending."""

    strict: bool = True

    def __call__(self, text: str) -> str:
        if self.strict and _CONTROL.search(text):
            raise ValueError(text)
        return text

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": NO_CONTROL_PATTERN}


code = Text()
free_text = Text(strict=False)


@dataclass(frozen=True)
class Choice:
    """One of ``options``, exactly as written."""

    options: tuple[str, ...]

    def __call__(self, text: str) -> str:
        if text not in self.options:
            raise ValueError(text)
        return text

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.options)}


def choice(options: Iterable[str]) -> Choice:
    return Choice(tuple(options))


@dataclass(frozen=True)
class Grades:
    """Final grades, comma separated (blanks around them allowed), returned once each in
    the canonical order (优 to 差)."""

    def __call__(self, text: str) -> tuple[str, ...]:
        if not re.fullmatch(GRADES_PATTERN, text):
            raise ValueError(text)
        asked = {g.strip(" ") for g in text.split(",")}
        return tuple(g for g in LIST_GRADES if g in asked)

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": GRADES_PATTERN}


grades = Grades()


@dataclass(frozen=True)
class Score:
    """A score bound: ``60``, ``59.5`` (at most two decimals, no exponent), 0 to 100.
    Declared as text with a pattern: a JSON number could have more decimals."""

    def __call__(self, text: str) -> float:
        if not re.fullmatch(SCORE_PATTERN, text):
            raise ValueError(text)
        value = float(text)
        low, high = SCORE_RANGE
        if not low <= value <= high:  # the pattern says so already; kept as the rule
            raise ValueError(text)
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": SCORE_PATTERN}


score = Score()


def switch(text: str) -> bool:
    """An on/off switch: on only when written ``1`` (anything else is off, no error)."""
    return text == "1"


# ------------------------------------------------------------------------ the table


@dataclass(frozen=True)
class Param:
    """One URL parameter.

    ``pages``: the pages that read it (the sticky ones: every page; none for the API's
    own ``limit``, ``cursor``, ``depth``, ``sector``). ``carried``: the pages whose view
    keeps it, so that links built from a view (``View.query``) write it; by default the
    same as ``pages``. ``error``: the i18n key of the message for a value ``parse``
    refuses (None: ``parse`` never refuses). ``max_length``: values are clipped to it
    when read from a URL (``clean``). ``example`` and ``api_default`` (when the API's
    default is not ``default``) go into the API's OpenAPI document, whose schema for the
    parameter is the parser's own (``schema``) and whose description is the i18n text
    ``api.param.<name>``.
    """

    name: str
    pages: frozenset[str]
    parse: Callable[[str], Any]
    default: Any
    error: str | None
    sticky: bool = False
    carried: frozenset[str] | None = None
    max_length: int = MAX_PARAM_LENGTH
    example: Any = None
    api_default: Any = None

    def carried_on(self, page: str) -> bool:
        return page in (self.carried if self.carried is not None else self.pages)

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of the values ``parse`` accepts, with the API's default."""
        declared = getattr(self.parse, "schema", None)
        found: dict[str, Any] = declared() if callable(declared) else {"type": "string"}
        default = self.api_default if self.api_default is not None else self.default
        if default not in (None, "", ()):
            found["default"] = default
        return found


_EXPLORE = frozenset({"explore"})
_API_ONLY: frozenset[str] = frozenset()
PARAMS: tuple[Param, ...] = (
    Param("lang", ALL_PAGES, choice(LANGS), DEFAULT_LANG, "bad.lang", sticky=True),
    # default None: the latest release; a default year or region comes from the data.
    Param("release", ALL_PAGES, positive_number, None, "bad.release", sticky=True),
    Param(
        "year", ALL_PAGES, Number(*YEAR_RANGE), None, "bad.year", sticky=True, example=2017
    ),
    Param(
        "region", ALL_PAGES, region_code, None, "bad.region", sticky=True, example="360000"
    ),
    Param("scope", ALL_PAGES, choice(SCOPES), "all", "bad.scope", sticky=True),
    Param("dept", frozenset({"trends", "explore", "hearing", "data"}), code, None, "bad.dept"),
    Param("project", frozenset({"project"}), code, None, "bad.project"),
    Param("metric", frozenset({"regions"}), choice(MAP_METRICS), DEFAULT_METRIC, "bad.metric"),
    # The site search on every page; on /explore also the project list's search. Only
    # the explorer's own links carry it (a search is not part of other pages' views).
    Param("q", ALL_PAGES, free_text, None, None, carried=_EXPLORE),
    # The site search's own narrowing: one kind of result (then listed in pages of
    # ``SEARCH_PAGE_SIZE``), a region it lies in (or below), a fiscal year, the page.
    # Read by every page's search and by the API's; carried by no view's links.
    Param("q_kind", ALL_PAGES, choice(SEARCH_KINDS), None, "bad.q_kind", carried=_API_ONLY),
    Param(
        "q_region",
        ALL_PAGES,
        region_code,
        None,
        "bad.q_region",
        carried=_API_ONLY,
        example="360700",
    ),
    Param(
        "q_year",
        ALL_PAGES,
        Number(*YEAR_RANGE),
        None,
        "bad.q_year",
        carried=_API_ONLY,
        example=2017,
    ),
    Param("q_page", ALL_PAGES, positive_number, 1, "bad.q_page", carried=_API_ONLY),
    Param("grade", _EXPLORE, grades, (), "bad.grade", example="poor,fair"),
    Param("flag", _EXPLORE, choice(LIST_FLAGS), None, "bad.flag"),
    Param("verdict", _EXPLORE, choice(LIST_VERDICTS), None, "bad.verdict"),
    Param("score_min", _EXPLORE, score, None, "bad.score"),
    Param("score_max", _EXPLORE, score, None, "bad.score"),
    Param("sort", _EXPLORE, choice(LIST_SORTS), "budget", "bad.sort"),
    # The pages' default order is the sort's natural one (``default_order``); the API's
    # is always ``desc``.
    Param("order", _EXPLORE, choice(ORDERS), "", "bad.order", api_default="desc"),
    Param("page", _EXPLORE, positive_number, 1, "bad.page"),
    # /hearing: the screen (its upper bound depends on the flags: the page checks it),
    # presenter mode and the ticked questions (a list of ids outgrows 100 characters).
    Param("step", frozenset({"hearing"}), whole_number, 0, "bad.step"),
    Param("present", frozenset({"hearing"}), switch, False, None),
    Param("ask", frozenset({"hearing"}), parse_asked, (), None, max_length=MAX_ASK_LENGTH),
    # The order of the hearing's flagged projects: severity score, money, department.
    Param("rank", frozenset({"hearing"}), choice(RANKS), RANKS[0], "bad.rank"),
    # The API's own: its metrics' sector filter, its lists' paging, its region tree. The
    # cursor is checked by the API itself (is it one it wrote for these filters?).
    Param("sector", _API_ONLY, free_text, None, None),
    Param("limit", _API_ONLY, Number(1, MAX_LIMIT), DEFAULT_LIMIT, "bad.limit"),
    Param("cursor", _API_ONLY, free_text, None, None, max_length=MAX_CURSOR_LENGTH),
    Param("depth", _API_ONLY, Number(0, MAX_DEPTH), 1, "bad.depth"),
)
BY_NAME: dict[str, Param] = {param.name: param for param in PARAMS}
STICKY_KEYS: tuple[str, ...] = tuple(p.name for p in PARAMS if p.sticky)
# Which optional parameters belong to which page's view (links write them).
PAGE_PARAMS: dict[str, tuple[str, ...]] = {
    page.name: tuple(p.name for p in PARAMS if not p.sticky and p.carried_on(page.name))
    for page in PAGE_DEFS
}
# Values every message may name (the lists a bad value is checked against).
_HINTS: dict[str, str] = {
    "sorts": ", ".join(LIST_SORTS),
    "grades": ", ".join(LIST_GRADES),
    "flags": ", ".join(LIST_FLAGS),
    "verdicts": ", ".join(LIST_VERDICTS),
    "ranks": ", ".join(RANKS),
    "limit_max": str(MAX_LIMIT),
    "depth_max": str(MAX_DEPTH),
}


def params_of(page: str) -> tuple[Param, ...]:
    """The parameters ``page`` reads, in table order."""
    return tuple(p for p in PARAMS if page in p.pages)


def clean(text: str, max_length: int = MAX_PARAM_LENGTH) -> str:
    """Typed text (the search box, a redirected path), without control characters (NUL
    breaks PostgreSQL), surrounding blanks or more than ``max_length`` characters."""
    return _CONTROL.sub("", text).strip()[:max_length]


def trim(text: str, max_length: int = MAX_PARAM_LENGTH) -> str:
    """A URL parameter's value as typed, without surrounding spaces, clipped to
    ``max_length``. Control characters stay (tabs and line breaks too, which a strip
    would have removed at the ends only): ``parse`` refuses them, naming the
    parameter (pages, embeds, downloads and the API alike), rather than reading a
    different value than the one in the link."""
    return text.strip(" ")[:max_length]


def shown(text: str) -> str:
    """``text`` with each control character written as an escape (``\\x00``), for a
    message that names the value."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


# ----------------------------------------------------------------------- problems


@dataclass(frozen=True)
class Problem:
    """Why a link cannot be shown: an i18n key and the values it names, and the
    parameter at fault with its value as typed (None for a problem of the whole link,
    such as an empty database)."""

    key: str
    values: dict[str, str]
    name: str | None = None
    value: str | None = None

    def reason(self, lang: str, escape: Callable[[str], str] = str) -> str:
        """The explanation alone, values passed through ``escape``."""
        return t(self.key, lang, **{k: escape(v) for k, v in self.values.items()})

    def text(self, lang: str, escape: Callable[[str], str] = str) -> str:
        """The located explanation: "URL parameter year=abc: …" (the reason alone for a
        problem of the whole link)."""
        reason = self.reason(lang, escape)
        if self.name is None:
            return reason
        return t("bad.located", lang, name=self.name, value=escape(self.value or ""), reason=reason)


@dataclass
class Parsed:
    """What ``parse`` made of a URL: the value of every parameter the page reads (the
    default where absent or bad), the problems, and the valid values as written."""

    page: str
    values: dict[str, Any]
    given: dict[str, str]
    problems: list[Problem] = field(default_factory=list)
    repaired: dict[str, str] = field(default_factory=dict)

    def bad(self, name: str) -> bool:
        return any(p.name == name for p in self.problems)


def _problem(param: Param, raw: str, **values: str) -> Problem:
    return Problem(param.error or "", {"value": raw, **_HINTS, **values}, param.name, raw)


def parse(
    raw: Mapping[str, str],
    page: str,
    names: Iterable[str] | None = None,
    *,
    check_range: bool = True,
) -> Parsed:
    """The parameters of ``page`` (or exactly ``names``: the HTTP routes' own list) from
    ``raw`` (non-empty values as typed), checked for form only; no query.

    A parameter outside the page's list is ignored (``metric`` on /trends). Each bad
    value is a problem, never silently dropped: a committee member who follows a link
    filtered to 差/中 must never be shown the whole list as if it were the filtered one.

    ``check_range``: refuse a lowest score above the highest. The API does not: its
    OpenAPI document, which cannot state a rule across two parameters, lets a client
    send any two valid bounds, and an inverted range simply matches no project.
    """
    chosen = params_of(page) if names is None else tuple(BY_NAME[n] for n in names)
    values: dict[str, Any] = {}
    given: dict[str, str] = {}
    problems: list[Problem] = []
    for param in chosen:
        values[param.name] = param.default
        text = raw.get(param.name)
        if not text:
            continue
        given[param.name] = text
        control = _CONTROL.search(text)
        if control:
            visible = shown(text)
            problems.append(
                Problem(
                    "bad.control",
                    {"value": visible, "char": shown(control.group())},
                    param.name,
                    visible,
                )
            )
            continue
        try:
            values[param.name] = param.parse(text)
        except ValueError:
            problems.append(_problem(param, text))
    parsed = Parsed(page, values, given, problems)
    low, high = values.get("score_min"), values.get("score_max")
    if check_range and low is not None and high is not None and low > high:
        parsed.problems.append(
            Problem(
                "bad.score_range",
                {"low": score_text(low) or "", "high": score_text(high) or ""},
                "score_min",
                given["score_min"],
            )
        )
        values["score_min"] = values["score_max"] = None
    if values.get("order") and values["order"] == default_order(values.get("sort", "budget")):
        values["order"] = ""
    kept = ("lang", "scope", "metric", "q", "q_kind", "sort", "grade", "flag", "verdict", "order")
    for name in kept:
        _keep(parsed, name)
    for name in ("score_min", "score_max"):
        if values.get(name) is not None:
            parsed.repaired[name] = score_text(values[name]) or ""
    return parsed


def _keep(parsed: Parsed, name: str) -> None:
    """Write a valid, non-default value into the "open a valid view" link."""
    if name not in parsed.values or parsed.bad(name):
        return
    value = parsed.values[name]
    if name == "lang":
        parsed.repaired["lang"] = value
    elif name == "scope":
        parsed.repaired["scope"] = value
    elif value not in (None, "", (), BY_NAME[name].default):
        parsed.repaired[name] = ",".join(value) if isinstance(value, tuple) else str(value)


# ------------------------------------------------- checks against the published data


@dataclass(frozen=True)
class Reading:
    """What a URL asks for: the view, or the problems and a nearby view that works."""

    view: View | None
    problems: list[Problem]
    repaired: dict[str, str]


def resolve(
    url: str, parsed: Parsed, lang: str | None = None, *, stamp: str | None = None
) -> Reading:
    """The view ``parsed`` asks for, checked against the published data (through the
    cached reads), or every reason it cannot be shown.

    ``lang``: the language the view is shown in when the URL's own is bad or absent
    (a page remembers the visitor's). The explorer's page number is checked against the
    length of the list only when nothing else is wrong (the list depends on the rest).
    ``stamp``: the release stamp the caller already read (else read here).
    """
    values = parsed.values
    problems = list(parsed.problems)
    repaired = dict(parsed.repaired)
    lang = values.get("lang") if not parsed.bad("lang") and "lang" in parsed.given else lang
    lang = lang or DEFAULT_LANG
    repaired["lang"] = lang
    stamp = stamp if stamp is not None else reads.release_stamp(url)

    release = values.get("release")
    known = [info.id for info in reads.releases(url, stamp)]
    listed = ", ".join(map(str, known))
    if parsed.bad("release"):
        problems = _with(problems, "release", releases=listed)
    elif release is not None and release not in known:
        problems.append(_problem(BY_NAME["release"], parsed.given["release"], releases=listed))
        release = None
    if release is not None:
        repaired["release"] = str(release)

    years = reads.available_years(url, stamp, release)
    if not years:
        return Reading(None, [Problem("db.empty", {})], repaired)
    listed_years = ", ".join(map(str, years))
    year = values.get("year")
    if parsed.bad("year"):
        problems = _with(problems, "year", years=listed_years)
        year = None
    elif year is not None and year not in years:
        problems.append(_problem(BY_NAME["year"], parsed.given["year"], years=listed_years))
        year = None
    year = year if year is not None else years[-1]
    repaired["year"] = str(year)

    region = values.get("region")
    region_ok = not parsed.bad("region")
    if region is not None and reads.region(url, stamp, region) is None:
        problems.append(_problem(BY_NAME["region"], parsed.given["region"]))
        region_ok = False
    if region is None or not region_ok:
        region = reads.default_region(url, stamp, release) or ""
    repaired["region"] = region

    if parsed.bad("q_year"):
        problems = _with(problems, "q_year", years=listed_years)
    problems += _search_problems(url, stamp, parsed, years)

    dept = values.get("dept")
    department_id = None
    if dept is not None and not parsed.bad("dept"):
        if not region_ok:
            dept = None  # no region to look for it in: the region's problem says why
        else:
            found = reads.find_department(url, stamp, dept, region, release)
            if found is None:
                record = reads.region(url, stamp, region, release)
                problems.append(
                    _problem(
                        BY_NAME["dept"], dept, region=record.name if record else region
                    )
                )
                dept = None
            else:
                department_id = found.id
                repaired["dept"] = dept
    elif parsed.bad("dept"):
        record = reads.region(url, stamp, region, release) if region else None
        problems = _with(problems, "dept", region=record.name if record else region)
        dept = None

    page = values.get("page", 1)
    if "page" in values and page > 1 and not problems:
        subject = ViewFilter(
            year, region, values.get("scope", "all"), department_id, release=release
        )
        pages = _list_pages(url, stamp, values, subject)
        if page > pages:
            problems.append(
                Problem(
                    "bad.page_range",
                    {"value": parsed.given["page"], "pages": str(pages)},
                    "page",
                    parsed.given["page"],
                )
            )
        else:
            repaired["page"] = str(page)

    if problems:
        return Reading(None, problems, repaired)
    view = View(
        url=url,
        stamp=stamp,
        page_name=parsed.page,
        lang=lang,
        year=year,
        region=region,
        scope=values.get("scope", "all"),
        dept=dept,
        department_id=department_id,
        project=values.get("project"),
        metric=values.get("metric", DEFAULT_METRIC),
        q=values.get("q") if "q" in PAGE_PARAMS.get(parsed.page, ()) else None,
        sort=values.get("sort", "budget"),
        page=page,
        grade=values.get("grade", ()),
        flag=values.get("flag"),
        verdict=values.get("verdict"),
        score_min=values.get("score_min"),
        score_max=values.get("score_max"),
        order=values.get("order", ""),
        release=release,
        step=values.get("step", 0),
        present=values.get("present", False),
        ask=values.get("ask", ()),
        rank=values.get("rank", RANKS[0]),
    )
    return Reading(view, [], repaired)


def _search_problems(url: str, stamp: str, parsed: Parsed, years: list[int]) -> list[Problem]:
    """The search filters only the data can refuse: a region that is not known, a
    year without published data (their form was checked by ``parse``)."""
    found: list[Problem] = []
    region, year = parsed.values.get("q_region"), parsed.values.get("q_year")
    known = region is None or parsed.bad("q_region") or reads.region(url, stamp, region)
    if not known:
        found.append(_problem(BY_NAME["q_region"], parsed.given["q_region"]))
    if year is not None and not parsed.bad("q_year") and year not in years:
        found.append(
            _problem(BY_NAME["q_year"], parsed.given["q_year"], years=", ".join(map(str, years)))
        )
    return found


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


def _with(problems: list[Problem], name: str, **values: str) -> list[Problem]:
    """``problems`` with the data-dependent values (years, releases) added to the one
    of parameter ``name`` (its form was already refused by ``parse``)."""
    return [
        Problem(p.key, {**p.values, **values}, p.name, p.value) if p.name == name else p
        for p in problems
    ]


def list_filter(values: Mapping[str, Any]) -> ListFilter:
    """The project list's own filters among checked parameter values (``q``, ``grade``,
    ``flag``, ``score_min``, ``score_max``, ``verdict``): the explorer's URL and the
    API's query name them alike, so both read them here."""
    return ListFilter(
        search=values.get("q"),
        grades=tuple(values.get("grade", ())),
        flag=values.get("flag"),
        score_min=values.get("score_min"),
        score_max=values.get("score_max"),
        verdict=values.get("verdict"),
    )


def _list_pages(url: str, stamp: str, values: Mapping[str, Any], subject: ViewFilter) -> int:
    """How many pages the explorer's project list has for these filters (the cached
    total, the same read the pager shows: sort and order do not change it)."""
    total = reads.project_total(url, stamp, subject, list_filter(values))
    return max(1, -(-total // PAGE_SIZE))
