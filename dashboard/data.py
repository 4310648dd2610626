"""Cached reads from ``data_access`` for the pages and chart specs.

Why: a Streamlit script reruns on every click, so every read is cached with
``st.cache_data``, keyed only by plain values (the database URL string, the release
stamp, year, region code, scope, ...), never by engine objects. The release stamp
(``data_access.views.release_stamp``) changes with every import, so a new release is
served at once without waiting for a TTL, and the TTL only bounds memory.
"""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any

import streamlit as st
from sqlalchemy import Engine

from data_access import metrics as m
from data_access import queries as q
from data_access import regions as r
from data_access import views as v
from data_access.engine import shared_engine

TTL_SECONDS = 3600


def engine(url: str) -> Engine:
    """One engine per database URL for the whole server process."""
    return shared_engine(url)


def release_stamp(url: str) -> str:
    """Read on every run (one tiny query) so caches follow imports immediately."""
    return v.release_stamp(engine(url))


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def available_years(url: str, stamp: str) -> list[int]:
    """Fiscal years with published project-years."""
    return m.available_years(engine(url))


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def default_region(url: str, stamp: str) -> str | None:
    """Where a visitor without a link starts."""
    return v.default_region(engine(url))


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def region(url: str, stamp: str, code: str) -> r.RegionRecord | None:
    """A region by code, or None."""
    return r.get_region(engine(url), code)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def lineage(url: str, stamp: str, code: str) -> list[r.RegionRecord]:
    """Province first, ``code`` last."""
    return r.lineage(engine(url), code)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def children(url: str, stamp: str, code: str) -> list[r.RegionRecord]:
    """Direct children of a region."""
    return r.children(engine(url), code)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def metrics(
    url: str, stamp: str, year: int, region_code: str, scope: str, department_id: int | None
) -> dict[str, Any]:
    """The metric keys of one view."""
    flt = m.MetricFilter(year, region_code, scope, department_id=department_id)
    return m.compute_metrics(engine(url), flt)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def children_metrics(url: str, stamp: str, year: int, region_code: str) -> list[dict[str, Any]]:
    """本级 first, then every child's 全辖 (as plain dicts, for pickling)."""
    return [asdict(row) for row in m.children_metrics(engine(url), year, region_code)]


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def department_metrics(url: str, stamp: str, year: int, region_code: str) -> list[dict[str, Any]]:
    """The departments of a government with project-years that year."""
    return [asdict(row) for row in m.department_metrics(engine(url), year, region_code)]


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def year_series(
    url: str, stamp: str, region_code: str, scope: str, department_id: int | None
) -> list[tuple[int, dict[str, Any]]]:
    """Metrics of every year, ascending."""
    return m.year_series(engine(url), region_code, scope, department_id=department_id)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def applied_funds(url: str, stamp: str, year: int, region_code: str, scope: str) -> Decimal:
    """Money of project-years whose evaluation results were applied."""
    return v.applied_funds(engine(url), year, region_code, scope)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def find_department(url: str, stamp: str, code: str, region_code: str) -> q.DepartmentInfo | None:
    """A department of a region's own government by code."""
    return q.find_department(engine(url), code, region_code)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def project_page(
    url: str,
    stamp: str,
    year: int,
    region_code: str,
    scope: str,
    department_id: int | None,
    search: str | None,
    sort: str,
    descending: bool,
    page: int,
    page_size: int,
) -> q.ProjectPage:
    """One page of the public project list."""
    return q.project_list(
        engine(url),
        year,
        region_code,
        scope,
        department_id=department_id,
        search=search,
        sort=sort,
        descending=descending,
        page=page,
        page_size=page_size,
    )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def project_record(url: str, stamp: str, code: str, year: int | None) -> q.ProjectRecord | None:
    """One project's record (withheld years carry no detail)."""
    return q.project_record(engine(url), code, year)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def reported_figures(
    url: str, stamp: str, year: int, region_code: str, scope: str
) -> list[q.ReportedFigureRow]:
    """Officially reported figures of a view."""
    return q.reported_figures(engine(url), year, region_code, scope)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def releases(url: str, stamp: str) -> list[q.ReleaseInfo]:
    """Imported packages, newest first."""
    return q.releases(engine(url))


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def is_demo(url: str, stamp: str) -> bool:
    """Whether the database serves demonstration data."""
    return q.is_demo(engine(url))


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def boundaries(codes: tuple[str, ...]) -> dict:
    """Simplified GeoJSON of the regions (no database involved)."""
    return r.boundaries(list(codes))
