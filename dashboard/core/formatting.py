"""How numbers look on screen: the only place that turns values into display text.

Conventions (chosen once, used on every page, chart and table):
- Money arrives as exact ``Decimal`` 元. Chinese shows 亿元 from one 亿 up and 万元 from
  one 万 up, two decimals ("153.70亿元", "1,250.00万元"); English shows CNY with bn / m
  ("CNY 15.37 bn", "CNY 12.50 m"), below one million the whole amount ("CNY 5,500").
- Rates arrive as fractions in [0, 1] and show as percentages with one decimal; changes
  of rates are percentage points.
- A missing value (None: "no data", e.g. a rate whose denominator is zero) shows as "—",
  never as 0.
- Charts use one money unit per axis (``money_scale``), named in the axis title.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from dashboard.core.i18n import t
from data_access.metrics.registry import kind_of
from data_access.money import MONEY_UNITS

if TYPE_CHECKING:  # a type only: formatting loads no query module
    from data_access.reads.queries import ReleaseInfo

NO_DATA = "—"
YI = Decimal(100_000_000)
WAN = Decimal(10_000)
BILLION = Decimal(1_000_000_000)
MILLION = Decimal(1_000_000)
GRADE_CODES: tuple[str, ...] = ("excellent", "good", "fair", "poor")
PERCENT_UNIT = "%"


def _decimal(value: Decimal | float) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _fixed(value: Decimal, places: int) -> str:
    """``value`` rounded half-up to ``places`` decimals, with thousands separators."""
    quantum = Decimal(1).scaleb(-places)
    return f"{value.quantize(quantum, rounding=ROUND_HALF_UP):,.{places}f}"


def money(value: Decimal | float | None, lang: str) -> str:
    """An amount of 元 in the convention of ``lang`` (see the module docstring)."""
    if value is None:
        return NO_DATA
    amount = _decimal(value)
    sign = "-" if amount < 0 else ""
    size = abs(amount)
    if lang == "en":
        if size >= BILLION:
            return f"{sign}CNY {_fixed(size / BILLION, 2)} bn"
        if size >= MILLION:
            return f"{sign}CNY {_fixed(size / MILLION, 2)} m"
        return f"{sign}CNY {_fixed(size, 0)}"
    if size >= YI:
        return f"{sign}{_fixed(size / YI, 2)}亿元"
    if size >= WAN:
        return f"{sign}{_fixed(size / WAN, 2)}万元"
    return f"{sign}{_fixed(size, 2)}元"


def money_delta(value: Decimal | float | None, lang: str) -> str | None:
    """A change of money with its sign ("+3.20亿元"); None when there is no change to show."""
    if value is None:
        return None
    amount = _decimal(value)
    text = money(amount, lang)
    return text if amount < 0 else f"+{text}"


def money_scale(values: list[Decimal | float | int | None], lang: str) -> tuple[Decimal, str]:
    """One divisor and its unit label for a chart axis, chosen from the largest amount."""
    largest = max((abs(_decimal(v)) for v in values if v is not None), default=Decimal(0))
    if lang == "en":
        return (BILLION, t("unit.bn", lang)) if largest >= BILLION else (MILLION, t("unit.m", lang))
    return (YI, t("unit.yi", lang)) if largest >= YI else (WAN, t("unit.wan", lang))


def money_in(value: Decimal | float | None, divisor: Decimal, lang: str) -> str:
    """An amount in a unit of ``money_scale`` (its ``divisor``), written as ``money``
    writes that unit ("0.97亿元", "CNY 0.97 bn"). Why: a list whose amounts are read one
    under the other (the explorer's phone lists) keeps one unit, the largest amount's,
    instead of "9,700.00万元" next to "1.02亿元"."""
    if value is None:
        return NO_DATA
    amount = _decimal(value)
    sign = "-" if amount < 0 else ""
    number = _fixed(abs(amount) / divisor, 2)
    prefix, suffix = _SCALE_WORDS[(lang if lang == "en" else "zh", divisor)]
    return f"{sign}{prefix}{number}{suffix}"


# (language, divisor of ``money_scale``) -> the words around the number, as ``money``.
_SCALE_WORDS: dict[tuple[str, Decimal], tuple[str, str]] = {
    ("zh", YI): ("", "亿元"),
    ("zh", WAN): ("", "万元"),
    ("en", BILLION): ("CNY ", " bn"),
    ("en", MILLION): ("CNY ", " m"),
}


def scaled(value: Decimal | float | None, divisor: Decimal) -> float | None:
    """An amount divided for plotting (floats are for drawing only, never for totals)."""
    if value is None:
        return None
    return float(_decimal(value) / divisor)


def percent(rate: float | Decimal | None, lang: str, places: int = 1) -> str:
    """A fraction as a percentage ("97.3%"); None is "no data"."""
    if rate is None:
        return NO_DATA
    return f"{_fixed(_decimal(rate) * 100, places)}%"


def percent_points(delta: float | Decimal | None, lang: str) -> str | None:
    """A change of a rate in percentage points ("+2.1 个百分点" / "+2.1 pp")."""
    if delta is None:
        return None
    points = _decimal(delta) * 100
    sign = "+" if points >= 0 else "-"
    return f"{sign}{_fixed(abs(points), 1)} {t('unit.pp', lang)}"


def points(value: float | Decimal | None, lang: str) -> str:
    """A gap between two rates, already in percentage points, without a sign ("24.3
    个百分点"): the sentence around it says which way ("below its parent's")."""
    if value is None:
        return NO_DATA
    return f"{_fixed(abs(_decimal(value)), 1)} {t('unit.pp', lang)}"


def score(value: float | Decimal | None, lang: str) -> str:
    """A 0–100 score with one decimal ("76.6"); None is "no data"."""
    if value is None:
        return NO_DATA
    return _fixed(_decimal(value), 1)


def score_delta(value: float | Decimal | None, lang: str) -> str | None:
    """A change of score with its sign and unit ("+1.5 分" / "+1.5 points")."""
    if value is None:
        return None
    amount = _decimal(value)
    sign = "+" if amount >= 0 else "-"
    return f"{sign}{_fixed(abs(amount), 1)} {t('unit.points', lang)}"


def count(value: int | None, lang: str) -> str:
    """A whole number with thousands separators ("3,700")."""
    if value is None:
        return NO_DATA
    return f"{int(value):,}"


def count_delta(value: int | None, lang: str) -> str | None:
    """A change of a count with its sign ("+12")."""
    if value is None:
        return None
    return f"{int(value):+,}"


def grade(code: str | None, lang: str) -> str:
    """优/良/中/差 or Excellent/Good/Fair/Poor for a grade code."""
    if not code:
        return NO_DATA
    return t(f"grade.{code}", lang)


def year(value: int, lang: str) -> str:
    """A fiscal year as a whole-year label ("2017年" / "2017")."""
    return f"{int(value)}年" if lang == "zh" else str(int(value))


def date(value: dt.date | None, lang: str) -> str:
    """An ISO date (the same in both languages, unambiguous in both)."""
    return value.isoformat() if value else NO_DATA


def datetime(value: dt.datetime | None, lang: str) -> str:
    """A timestamp to the minute."""
    return value.strftime("%Y-%m-%d %H:%M") if value else NO_DATA


def yes_no(value: bool | None, lang: str) -> str:
    """是/否 or Yes/No."""
    if value is None:
        return NO_DATA
    return t("yes" if value else "no", lang)


def vocabulary(prefix: str, code: str | None, lang: str) -> str:
    """The label of a vocabulary code (``action.reduce`` -> 核减 / Reduced)."""
    if not code:
        return NO_DATA
    return t(f"{prefix}.{code}", lang)


def metric_value(kind: str, value: object, lang: str) -> str:
    """A metric value by its kind: money, rate, score or count."""
    if kind == "money":
        return money(value, lang)  # type: ignore[arg-type]
    if kind == "rate":
        return percent(value, lang)  # type: ignore[arg-type]
    if kind == "score":
        return score(value, lang)  # type: ignore[arg-type]
    return count(value, lang)  # type: ignore[arg-type]


def metric(key: str, value: object, lang: str) -> str:
    """A metric value by its key (its kind comes from ``data_access.metrics.registry``)."""
    return metric_value(kind_of(key), value, lang)


# How a table view shows the numbers of each kind (money already in the chart's unit,
# rates already in %): ``str.format`` patterns, for the table Styler.
TABLE_FORMATS: dict[str, str] = {
    "money": "{:,.2f}",
    "rate": "{:.1f}%",
    "score": "{:.1f}",
    "count": "{:,.0f}",
}


# Plotly (d3) tick formats of chart axes by kind. Money is plotted already divided into
# the axis unit (万元/亿元, named in the axis title), so its ticks are plain numbers with
# separators: d3's default "s" format would write "2k/4k/10k", which is no unit of a
# Chinese page (nor of an English one in 万 units).
AXIS_TICKFORMATS: dict[str, str] = {
    "money": ",~r",
    "rate": ".0%",
    "score": ",~r",
    "count": ",d",
}


def axis_tickformat(kind: str) -> str:
    """The Plotly ``tickformat`` of an axis of ``kind`` (money, rate, score, count)."""
    return AXIS_TICKFORMATS.get(kind, ",~r")


def plotted(kind: str, lang: str, unit: str) -> Callable[[float], str]:
    """A formatter of plotted values (money already divided into ``unit``) for hover
    texts, bar labels and map legends."""
    if kind == "money":
        return lambda v: f"{v:,.2f} {unit}"
    if kind == "rate":
        return lambda v: percent(v, lang)
    if kind == "score":
        return lambda v: score(v, lang)
    return lambda v: count(round(v), lang)


def metric_delta(kind: str, current: object, previous: object, lang: str) -> str | None:
    """The change from ``previous`` to ``current`` as text; None when either is missing."""
    if current is None or previous is None:
        return None
    if kind == "money":
        return money_delta(_decimal(current) - _decimal(previous), lang)  # type: ignore[arg-type]
    if kind == "rate":
        return percent_points(_decimal(current) - _decimal(previous), lang)  # type: ignore[arg-type]
    if kind == "score":
        return score_delta(_decimal(current) - _decimal(previous), lang)  # type: ignore[arg-type]
    return count_delta(int(current) - int(previous), lang)  # type: ignore[call-overload]


def metric_change(
    kind: str, current: object, previous: object, lang: str
) -> tuple[int, str] | None:
    """The change from ``previous`` to ``current`` for a sentence: its direction (1 up,
    -1 down, 0 when it prints as no change) and its size without a sign ("3.2 个百分点",
    "2.14亿元"), written exactly as :func:`metric_delta` writes it; None when either is
    missing. Why from the printed delta: a sentence never says "rose by 0.0"."""
    text = metric_delta(kind, current, previous, lang)
    if text is None:
        return None
    size = text[1:] if text[:1] in "+-" else text
    if not any(ch in "123456789" for ch in size):
        return 0, size
    return (-1 if text.startswith("-") else 1), size


def _plain(value: Decimal) -> str:
    """A published decimal as written, without trailing zeros, with separators."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    grouped = f"{int(whole.lstrip('-') or 0):,}"
    return f"{sign}{grouped}.{fraction}" if fraction else f"{sign}{grouped}"


def reported_in_base_unit(value: Decimal, unit: str) -> tuple[str, Decimal]:
    """A reported figure converted to what the metrics use: money in 元, rates as fractions.

    Returns ``(kind, value)`` with kind ``money``, ``rate`` or ``count``.
    """
    if unit in MONEY_UNITS:
        return "money", value * MONEY_UNITS[unit]
    if unit == PERCENT_UNIT:
        return "rate", value / 100
    return "count", value


# ------------------------------------------------------------------ text shown literally

# Every ASCII punctuation character may be backslash-escaped in CommonMark, and an
# escaped one is always shown as itself. Escaping all of them (not a hand-picked few)
# also disarms what Streamlit adds to Markdown: ``$…$`` formulas (KaTeX), ``:red[…]``
# directives, ``:material/…:`` icons and ``:emoji:`` codes, GFM autolinks
# (``http://…``, ``www.…``, ``a@b.org``), HTML tags and ``&entities;``.
#
# Escaping is not enough for GFM's autolink literals: Streamlit's renderer
# (mdast-util-gfm-autolink-literal) finds ``http://…``, ``www.…`` and ``a@b.org`` in the
# text *after* escapes are resolved. Its patterns need a word character right after
# ``://`` and ``@`` and a dot right after ``www``; an invisible word joiner (U+2060)
# there leaves the text as it reads and links nothing.
WORD_JOINER = "\u2060"
_AUTOLINK_START = re.compile(
    r"(?<=://)(?=[-.\w])|(?<=@)(?=[-\w])|(?<=www)(?=\.)", re.IGNORECASE | re.ASCII
)
_MARKDOWN_SPECIAL = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_LINE_BREAK = re.compile(r"[ \t]*(?:\r\n|\r|\n)\s*")


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def in_chinese(text: str) -> bool:
    """Whether a published text is written in Chinese (holds CJK characters)."""
    return bool(_CJK.search(text))


def release_title(info: ReleaseInfo, lang: str) -> str:
    """A release's title in ``lang``: on English pages the package's own English title
    (``title_en`` in datapackage.json) when it gave one, else its title (else its
    package name). Every surface names a release through this, so a page, a citation,
    the brief and the feed agree."""
    if lang == "en" and info.title_en:
        return info.title_en
    return info.title or info.package_name


def release_name(title: str, release_id: int, lang: str) -> str:
    """A release as a source line names it: its published title; on English pages, when
    that title is in Chinese, its number ("release 3"): the Chinese title is said once,
    by :func:`published_title`, not in every line."""
    if lang == "en" and in_chinese(title):
        return t("source.release_no", lang, id=release_id)
    return title


def published_title(title: str, lang: str) -> str:
    """A published title as an English page shows it the once it names it: followed by
    "(title in Chinese)" when it is written in Chinese."""
    if lang == "en" and in_chinese(title):
        return f"{title} ({t('source.title_in_chinese', lang)})"
    return title


def literal(text: object) -> str:
    """``text`` (a name, title or parameter from a package or a URL) for any Streamlit
    element that renders Markdown: shown exactly as written, never as a link, image,
    formula, heading, emphasis, icon or HTML.

    The one helper for package and URL text on the pages (``st.markdown``, captions,
    alerts, titles, labels, help texts, metric labels, badges, page links). Line breaks
    stay line breaks (Markdown hard breaks), never paragraphs or block structure;
    ``None`` is "no data".
    """
    if text is None:
        return NO_DATA
    value = _AUTOLINK_START.sub(WORD_JOINER, str(text))
    escaped = "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in value)
    return _LINE_BREAK.sub("  \n", escaped.strip())


def site_link(text: object, path: str) -> str:
    """A Markdown link to a page of this site: ``text`` shown literally, ``path`` a
    site-relative address ("/explore?region=…", its query URL-encoded), never a link
    elsewhere: a path that does not start with one "/" is refused."""
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError(f"not a path of this site: {path!r}")
    target = path.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{literal(text)}]({target})"


def badge_markdown(text: object, color: str, icon: str | None = None) -> str:
    """A coloured badge (Streamlit's ``:color-badge[…]`` directive) whose label is
    ``text`` shown literally. Why not ``st.badge``: it escapes only ``[`` and ``]`` of its
    label, so a label already passed through :func:`literal` would be escaped twice."""
    if color not in _BADGE_COLOURS:
        color = "gray"
    prefix = f"{icon} " if icon and _ICON.fullmatch(icon) else ""
    return f":{color}-badge[{prefix}{literal(text)}]"


_BADGE_COLOURS = frozenset(
    ("red", "orange", "yellow", "blue", "green", "violet", "gray", "grey", "primary")
)
_ICON = re.compile(r":material/[a-z0-9_]+:")


def safe_link(url: object) -> str | None:
    """A link from a package (``report_url``) only when it is ``http(s)`` with a host:
    ``javascript:``, ``data:``, relative or malformed values give None (no link)."""
    if not isinstance(url, str):
        return None
    from urllib.parse import urlsplit

    candidate = url.strip()
    if any(ch.isspace() or ord(ch) < 32 for ch in candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return candidate


def plot_text(text: object) -> str:
    """Package text for Plotly labels and hover texts and deck.gl tooltips, which read
    HTML-like markup (``<a href>``, ``<b>``, entities): escaped, so shown as written."""
    import html

    return html.escape("" if text is None else str(text), quote=True)
