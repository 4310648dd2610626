"""Query parameters of the plain routes: parsed strictly, normalised for cache keys.

Why strict: a journalist who types ``yaer=2017`` or ``scope=whole`` should get a 400
naming the parameter, not silently the default view. Parameters a route does not know
(``utm_source``, cache busters) are ignored and left out of the cache key, so they can
neither fail a request nor flood the response cache.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from starlette.requests import Request

from dashboard.core.i18n import LANGS
from dashboard.web.http import bad_parameter, request_language

YEAR_RANGE = (1949, 2100)


@dataclass(frozen=True)
class Query:
    """The known parameters of one request, as given (strings), and the language."""

    values: dict[str, str]
    lang: str

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        return value if value not in (None, "") else None

    def year(self, name: str = "year") -> int | None:
        return self.integer(name, *YEAR_RANGE)

    def integer(self, name: str, low: int, high: int) -> int | None:
        raw = self.text(name)
        if raw is None:
            return None
        if not (raw.isascii() and raw.lstrip("-").isdigit()):
            raise bad_parameter(name, "integer")
        value = int(raw)
        if not low <= value <= high:
            raise bad_parameter(name, "range", low=low, high=high)
        return value

    def region(self, name: str = "region") -> str | None:
        raw = self.text(name)
        if raw is None:
            return None
        if not (len(raw) == 6 and raw.isascii() and raw.isdigit()):
            raise bad_parameter(name, "region_code")
        return raw

    def choice(self, name: str, choices: Iterable[str], default: str) -> str:
        options = tuple(choices)
        raw = self.text(name)
        if raw is None:
            return default
        if raw not in options:
            raise bad_parameter(name, "choice", choices=", ".join(options))
        return raw

    def release(self) -> int | None:
        return self.integer("release", 1, 2**31 - 1)


def read_query(request: Request, known: Iterable[str]) -> Query:
    """The known parameters of the request; a repeated one is a 400 naming it.

    An unsupported ``lang`` is a 400 too, written in the default language.
    """
    names = set(known) | {"lang"}
    values: dict[str, str] = {}
    for name, value in request.query_params.multi_items():
        if name not in names:
            continue
        if name in values:
            raise bad_parameter(name, "repeated")
        values[name] = value.strip()
    lang = request_language(request)
    if "lang" in values and values["lang"] not in LANGS:
        raise bad_parameter("lang", "choice", choices=", ".join(LANGS))
    return Query(values, lang)
