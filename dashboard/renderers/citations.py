"""Permalinks, embed and download links, and the citation of one chart in one view.

Why one module: the Share control on a page, the embed document, every download and
the hearing brief must name the same release, the same URL and the same words, or a
journalist's citation and the figures behind it drift apart. A shared link always
carries ``release=`` (the release served when it was made), so it shows the same
figures after the next import.

No Streamlit here: the plain HTTP routes build the same links outside any session.
Among the renderers, not in the core: every link and citation is of one chart's
declaration (``specs``) and fills the downloads' ``exports.Citation``; the page's Share
control (``ui.render``) and the routes (``web.charts``) both call it.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.core import formatting as fmt
from dashboard.core import reads
from dashboard.core.i18n import t
from dashboard.core.links import view_query
from dashboard.core.paths import download_path, embed_path, page_path, with_query
from dashboard.core.view import View
from dashboard.renderers.exports import Citation
from dashboard.specs.base import ChartSpec, region_name

DOWNLOAD_FORMATS: tuple[str, ...] = ("csv", "xlsx", "json", "html")
# Pages whose charts cover every year (a link names no year).
_ALL_YEARS_PAGES = frozenset({"trends"})
# Pages whose chart filters are worth naming in a citation, beyond year, region, scope.
_METRIC_PAGES = frozenset({"regions"})
_DEPT_PAGES = frozenset({"trends", "explore"})
_PROJECT_PAGES = frozenset({"project"})


def served_release_id(view: View) -> int | None:
    """The release whose figures the view shows: the pinned one, else the newest of
    the view's publishers (``reads.served_release``)."""
    if view.release is not None:
        return view.release
    info = reads.served_release(view.url, view.stamp, None, view.region)
    return info.id if info else None


def chart_params(spec: ChartSpec, view: View, *, pinned: bool = True) -> dict[str, str]:
    """The parameters that reproduce ``spec`` in ``view`` (embed, download).

    Every parameter the declared table (``dashboard.core.params``) gives the chart's page,
    as the view's own links write them (``links.view_query``: non-default values only). Why
    not a list of our own: the explorer's project list gained grade, flag, score range,
    sort and order, and a download link that picked parameters by hand dropped them, so
    the file lacked the page's "money at stake" and "flags" columns. With ``pinned``
    the served release is written out, so the link keeps its figures.
    """
    params = view_query(view, spec.page or view.page_name, release=None)
    if spec.page in _ALL_YEARS_PAGES:
        params.pop("year", None)
    release = served_release_id(view) if pinned else view.release
    if release is not None:
        params["release"] = str(release)
    return params


def permalink(spec: ChartSpec, view: View, base_url: str = "") -> str:
    """The page view of this chart, pinned to the release served, with an anchor."""
    page = spec.page or view.page_name
    params = view_query(view, page)
    release = served_release_id(view)
    if release is not None:
        params["release"] = str(release)
    return f"{base_url}{with_query(page_path(page), params)}"


def embed_url(spec: ChartSpec, view: View, base_url: str = "") -> str:
    """The embed document of this chart in this view (pinned)."""
    return f"{base_url}{with_query(embed_path(spec.key), chart_params(spec, view))}"


def download_url(spec: ChartSpec, view: View, fmt: str, base_url: str = "") -> str:
    """A download of this chart's rows in ``fmt`` (pinned)."""
    return f"{base_url}{with_query(download_path(spec.key, fmt), chart_params(spec, view))}"


def standalone_title(spec: ChartSpec, view: View, df: pd.DataFrame | None = None) -> str:
    """The chart's title as it must read alone in an article or a citation: naming the
    region, the scope and the year (every year, for a trend), and, given the rows, the
    money unit of the figures."""
    lang = view.lang
    values = {
        "title": spec.title_text(view),
        "region": region_name(view),
        "scope": t(f"scope.{view.scope}", lang),
        "year": str(view.year),
    }
    key = "embed.title_all_years" if spec.page in _ALL_YEARS_PAGES else "embed.title"
    title = t(key, lang, **values)
    unit = spec.unit_text(df, lang) if df is not None else None
    return t("embed.title_unit", lang, title=title, unit=unit) if unit else title


# The message an embed posts to the page around it with its height, and the few lines of
# script in the snippet that size the iframe from it (only from that iframe's window,
# bounded), as Datawrapper's and Flourish's embeds do. Without script the fixed height
# of the snippet holds.
RESIZE_MESSAGE = "budget-dashboard:embed-height"
MAX_EMBED_HEIGHT = 6000
_RESIZE_SCRIPT = (
    "<script>(function(){if(window.__budgetEmbedResize)return;"
    "window.__budgetEmbedResize=1;window.addEventListener('message',function(e){"
    f"var d=e.data;if(!d||d.type!=='{RESIZE_MESSAGE}'||!(d.height>0))return;"
    "var f=document.querySelectorAll('iframe[data-budget-embed]');"
    "for(var i=0;i<f.length;i++){if(f[i].contentWindow===e.source){"
    f"f[i].style.height=Math.min(Math.ceil(d.height),{MAX_EMBED_HEIGHT})+'px';}}}}"
    "});})();</script>"
)


def embed_height(spec: ChartSpec) -> int:
    """The snippet's fixed height (pixels) before the embed reports its own: the chart,
    its title, source line, notes and links on a wide screen."""
    return max(spec.height + 300, 520)


def iframe_snippet(spec: ChartSpec, view: View, base_url: str) -> str:
    """The ``<iframe>`` a journalist pastes into an article: full width, a sensible fixed
    height, and a few lines of script that resize it to the embed's reported height."""
    import html

    title = html.escape(standalone_title(spec, view), quote=True)
    return (
        f'<iframe src="{html.escape(embed_url(spec, view, base_url), quote=True)}" '
        f'title="{title}" width="100%" height="{embed_height(spec)}" loading="lazy" '
        'data-budget-embed style="border:0;width:100%;max-width:100%" '
        'referrerpolicy="no-referrer-when-downgrade"></iframe>'
        + _RESIZE_SCRIPT
    )


def _filters(spec: ChartSpec, view: View) -> dict[str, str]:
    lang = view.lang
    filters: dict[str, str] = {}
    if spec.page not in _ALL_YEARS_PAGES:
        filters[t("filter.year", lang)] = str(view.year)
    filters[t("col.region", lang)] = f"{region_name(view)} ({view.region})"
    filters[t("filter.scope", lang)] = t(f"scope.{view.scope}", lang)
    if spec.page in _METRIC_PAGES:
        filters[t("filter.metric", lang)] = view.metric
    if view.dept and spec.page in _DEPT_PAGES:
        filters[t("col.department_code", lang)] = view.dept
    if view.project and spec.page in _PROJECT_PAGES:
        filters[t("col.project_code", lang)] = view.project
    return filters


def citation(
    spec: ChartSpec,
    view: View,
    df: pd.DataFrame,
    base_url: str = "",
    *,
    accessed: dt.date | None = None,
) -> Citation:
    """The citation of ``spec`` in ``view``: publisher, release, checksum, URL, filters,
    licence and the meaning of every downloaded column."""
    info = reads.served_release(view.url, view.stamp, view.release, view.region)
    lang = view.lang
    _, unit = spec.money_unit(df, lang)
    columns: dict[str, str] = {}
    for column in spec.csv_columns:
        if column.key not in df:
            continue
        header = spec.header(column, lang, unit, exact=True)
        meaning = t(column.label, lang)
        if column.kind == "rate":
            meaning += t("export.rate_note", lang)
        elif column.kind in ("label", "metric"):
            meaning += t("export.code_note", lang)
        columns[header] = meaning
    release_date = ""
    if info is not None:
        release_date = (info.published or info.imported_at.date()).isoformat()
    return Citation(
        chart_key=spec.key,
        title=standalone_title(spec, view, df),
        lang=lang,
        publisher=info.publisher if info else "",
        release_id=info.id if info else None,
        release_title=fmt.release_title(info, lang) if info else "",
        release_date=release_date,
        checksum=info.checksum if info else "",
        url=permalink(spec, view, base_url),
        licence=info.license if info else None,
        filters=_filters(spec, view),
        columns=columns,
        accessed=accessed or dt.date.today(),
        is_demo=reads.is_demo(view.url, view.stamp),
    )


def source_line(cite: Citation) -> str:
    """The embed's source line: publisher, release, data date."""
    release = (
        t("cite.release", cite.lang, id=cite.release_id, date=cite.release_date)
        if cite.release_id is not None
        else ""
    )
    return t(
        "embed.source", cite.lang, publisher=cite.publisher, release=release, date=cite.release_date
    )


def newer_notice(view: View) -> str | None:
    """What a view pinned to a release says when newer data has been published since."""
    if view.release is None:
        return None
    known = reads.releases(view.url, view.stamp)
    if not any(info.id > view.release for info in known):
        return None
    return t("embed.newer", view.lang, release=view.release)
