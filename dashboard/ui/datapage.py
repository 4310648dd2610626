"""Parts of the open-data page (/data): datasets of the view, bulk downloads, API, citing.

Why links and not download buttons: every file here is served by the plain HTTP routes
(``dashboard.web.records``), streamed and cached without a session, so the page only
writes links: opening /data costs row counts, never the files themselves.
"""

from __future__ import annotations

import streamlit as st

from dashboard.core import reads
from dashboard.core.i18n import t
from dashboard.core.paths import records_path, release_path, with_query
from dashboard.core.view import View
from data_access.reads import open_data
from data_access.reads.open_data import DATASETS
from data_access.reads.selection import ViewFilter

FORMATS: tuple[str, ...] = ("csv", "xlsx", "json")


def _params(view: View) -> dict[str, str]:
    params = {"year": str(view.year), "region": view.region, "scope": view.scope}
    if view.dept:
        params["dept"] = view.dept
    if view.release is not None:
        params["release"] = str(view.release)
    return params


@reads.cached
def dataset_rows(url: str, stamp: str, dataset: str, view: ViewFilter) -> int:
    """Rows of a dataset download (cached like every read; as of the stamp's release,
    ``reads.snapshot``)."""
    with reads.pinned(url, stamp, view) as (conn, flt):
        return open_data.count_records(conn, dataset, flt)


def datasets(view: View) -> None:
    """Each dataset of the view: what it holds, how many rows, CSV / XLSX / JSON links."""
    lang = view.lang
    st.header(t("data.datasets", lang), anchor=False)
    st.caption(t("data.datasets_help", lang))
    params = _params(view)
    for dataset in DATASETS:
        with st.container(border=True, horizontal=True, wrap=True, vertical_alignment="center"):
            label = t(f"data.dataset.{dataset}", lang)
            if dataset in open_data.TABLES:
                rows = dataset_rows(view.url, view.stamp, dataset, view.filter())
                label = t("data.rows", lang, name=label, rows=f"{rows:,}")
            st.text(label)
            for fmt_name in FORMATS:
                st.link_button(
                    fmt_name.upper(),
                    with_query(records_path(dataset, fmt_name), params),
                    icon=":material/download:",
                )


def bulk(view: View) -> None:
    """The whole release served, as one zip of CSV files."""
    lang = view.lang
    st.header(t("data.bulk", lang), anchor=False)
    info = reads.served_release(view.url, view.stamp, view.release, view.region)
    if info is None:
        st.info(t("db.empty", lang))
        return
    st.text(t("data.bulk_help", lang, id=info.id, checksum=info.checksum))
    st.link_button(
        t("data.bulk_button", lang, id=info.id), release_path(info.id), icon=":material/archive:"
    )


def api_and_feed(view: View) -> None:
    """Where machines read the same figures: the API, its description, the feed."""
    lang = view.lang
    st.header(t("data.api", lang), anchor=False)
    st.text(t("data.api_help", lang))
    with st.container(horizontal=True, wrap=True):
        st.link_button(t("data.api_docs", lang), with_query("/api/v1/", {"lang": lang}))
        st.link_button("OpenAPI", "/api/v1/openapi.json")
        st.link_button(t("data.feed", lang), "/feed.xml", icon=":material/rss_feed:")


def how_to_cite(view: View) -> None:
    """Licence and the citation form, naming the release served."""
    lang = view.lang
    st.header(t("data.cite", lang), anchor=False)
    info = reads.served_release(view.url, view.stamp, view.release, view.region)
    licence = (info.license if info else None) or t("data.no_licence", lang)
    st.text(t("data.licence", lang, licence=licence))
    st.text(t("data.cite_help", lang))
