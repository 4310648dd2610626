"""Cached reads from ``data_access``, shared by the pages and the plain HTTP routes.

Why not ``st.cache_data``: embeds, downloads and the JSON API run outside any Streamlit
session, in the same process, and must hit the same cache as the pages (an article read
100,000 times should cost cache hits). So the cache here is plain Python:

- keyed only by plain values (the database URL string, the release stamp, the view's
  ``ViewFilter`` of year, region code, scope, ..., the pinned release), never by engine
  objects;
- bounded: at most ``MAX_ENTRIES`` entries and ``MAX_BYTES`` of pickled results (a
  region map's drawn JSON is hundreds of kB, ``dashboard.ui.render.drawn``), least recently
  used first out. The release
  stamp (``data_access.reads.views.release_stamp``) changes with every import, so a new
  release is served at once and old entries simply age out;
- thread-safe, and one computation per key at a time: visitors arriving together after
  an import wait for the first one's query instead of running it again;
- results are stored pickled and every caller gets its own copy, as ``st.cache_data``
  did, so no caller can change what the next one reads.

``release`` (a pinned release id; None = the latest; ``ViewFilter.release`` for a view's
reads) is passed to every versioned read of ``data_access`` and is part of the key. The
stamp is always the *latest* stamp, even for a pinned view: a pinned read never changes,
but the release list (is it superseded? is there newer data?) must follow imports.

One stamp, one release: a view reads its stamp once per run (``frame``, ``params``) and
then many figures, each computed on its own connection, some much later. Each read
runs on one connection (one snapshot) and, for the latest data, as of the release the
stamp names (:func:`snapshot`), and the release list is the list as of that release:
the release a page or an answer names is the release its figures come from, even when
an import commits in the middle of a run (issue 23).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import inspect
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from dataclasses import asdict
from decimal import Decimal
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from data_access import regions as r
from data_access.db.engine import serving_url, shared_engine
from data_access.flags import rules as flags
from data_access.metrics import compute as m
from data_access.reads import ledger
from data_access.reads import queries as q
from data_access.reads import views as v
from data_access.reads.selection import ListFilter, ViewFilter

MAX_ENTRIES = 4096
MAX_BYTES = 192 * 1024 * 1024

P = ParamSpec("P")
R = TypeVar("R")


class ReadCache:
    """A bounded, thread-safe LRU of pickled results with one computation per key."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.stored_bytes = 0
        self._entries: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._flights: dict[Hashable, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def _lookup(self, key: Hashable) -> bytes | None:
        """The stored result (marked as recently used), or None. Call with the lock held."""
        blob = self._entries.get(key)
        if blob is not None:
            self._entries.move_to_end(key)
            self.hits += 1
        return blob

    def get(self, key: Hashable, compute: Callable[[], R]) -> R:
        """A copy of the result for ``key``, computing it once when missing.

        Exceptions are not cached: the next caller tries again.
        """
        with self._lock:
            blob = self._lookup(key)
            if blob is None:
                flight = self._flights.setdefault(key, threading.Lock())
        if blob is not None:
            return pickle.loads(blob)
        with flight:
            with self._lock:
                blob = self._lookup(key)
            if blob is not None:
                return pickle.loads(blob)
            try:
                value = compute()
                blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
                with self._lock:
                    self.misses += 1
                    replaced = self._entries.get(key)
                    self.stored_bytes += len(blob) - (len(replaced) if replaced else 0)
                    self._entries[key] = blob
                    self._entries.move_to_end(key)
                    while len(self._entries) > 1 and (
                        len(self._entries) > self.max_entries
                        or self.stored_bytes > self.max_bytes
                    ):
                        _, dropped = self._entries.popitem(last=False)
                        self.stored_bytes -= len(dropped)
            finally:
                with self._lock:
                    self._flights.pop(key, None)
        # The computed value itself is shared with nobody: no copy needed.
        return value

    def clear(self) -> None:
        """Forget every entry (after the demo database was built in place)."""
        with self._lock:
            self._entries.clear()
            self.stored_bytes = 0


CACHE = ReadCache()


def cached(function: Callable[P, R]) -> Callable[P, R]:
    """Cache ``function`` in ``CACHE``, keyed by its name and its (plain) arguments.

    Arguments are bound to the signature first, so a value passed by position or by
    keyword, or left at its default, makes the same key.
    """
    signature = inspect.signature(function)
    name = function.__qualname__

    @functools.wraps(function)
    def read(*args: P.args, **kwargs: P.kwargs) -> R:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        key = (name, *bound.arguments.values())
        hash(key)  # a TypeError here means a caller passed something that is no plain value
        return CACHE.get(key, lambda: function(*args, **kwargs))

    return read


def clear() -> None:
    """Forget every cached read."""
    CACHE.clear()


@functools.cache
def engine(url: str) -> Engine:
    """One read-only serving engine per database URL for the whole server process
    (``data_access.db.engine.serving_engine``: read-only, every wait bounded), opened on
    ``$DASHBOARD_DB_READ_URL`` when that is set (``serving_url``)."""
    return shared_engine(serving_url(url))


@contextlib.contextmanager
def snapshot(url: str, stamp: str, release: int | None) -> Iterator[tuple[Connection, int | None]]:
    """One connection of the serving engine and the ``release=`` to read on it.

    The connection reads one snapshot (``data_access.db.engine``); the release is the
    pinned one, else the release ``stamp`` names (``views.as_of_stamp``: None while it
    is still the newest). So whatever an import commits meanwhile, what is cached under
    a stamp is of the release that stamp, and ``served_release``, name (issue 23).
    """
    with engine(url).connect() as conn:
        yield conn, release if release is not None else v.as_of_stamp(conn, stamp)


@contextlib.contextmanager
def pinned(url: str, stamp: str, view: ViewFilter) -> Iterator[tuple[Connection, ViewFilter]]:
    """:func:`snapshot` for a view: the connection and ``view`` as of the release to
    read (its pinned one, else the one ``stamp`` names), ready for ``data_access``."""
    with snapshot(url, stamp, view.release) as (conn, as_of):
        yield conn, view.replace(release=as_of)


_LAST_STAMPS: dict[tuple[str, int | None], str] = {}
_RUN = threading.local()


def release_stamp(url: str, release: int | None = None) -> str:
    """Read on every run (one tiny query) so caches follow imports immediately.

    During a database outage the last stamp read is returned instead, so that figures
    already cached keep being served (``serving_stale`` then says so for this thread's
    run); with no stamp known yet the error propagates.
    """
    try:
        stamp = v.release_stamp(engine(url), release=release)
    except SQLAlchemyError:
        known = _LAST_STAMPS.get((url, release))
        if known is None:
            raise
        _RUN.stale = True
        return known
    _LAST_STAMPS[(url, release)] = stamp
    _RUN.stale = False
    return stamp


def serving_stale() -> bool:
    """Whether this thread's last stamp read fell back to cached figures (an outage)."""
    return bool(getattr(_RUN, "stale", False))


@cached
def available_years(url: str, stamp: str, release: int | None = None) -> list[int]:
    """Fiscal years with published project-years."""
    with snapshot(url, stamp, release) as (conn, as_of):
        return m.available_years(conn, release=as_of)


@cached
def default_region(url: str, stamp: str, release: int | None = None) -> str | None:
    """Where a visitor without a link starts."""
    with snapshot(url, stamp, release) as (conn, as_of):
        return v.default_region(conn, release=as_of)


@cached
def region(
    url: str, stamp: str, code: str, release: int | None = None
) -> r.RegionRecord | None:
    """A region by code, or None; its name as of ``release`` (else the stamp's)."""
    with snapshot(url, stamp, release) as (conn, as_of):
        return r.get_region(conn, code, as_of)


@cached
def lineage(url: str, stamp: str, code: str, release: int | None = None) -> list[r.RegionRecord]:
    """Province first, ``code`` last; names as of ``release`` (else the stamp's)."""
    with snapshot(url, stamp, release) as (conn, as_of):
        return r.lineage(conn, code, as_of)


@cached
def children(
    url: str, stamp: str, code: str, release: int | None = None, year: int | None = None
) -> list[r.RegionRecord]:
    """Direct children of a region, as of ``release`` (else the stamp's); with
    ``year``, those listed in that fiscal year (``regions.children``)."""
    with snapshot(url, stamp, release) as (conn, as_of):
        return r.children(conn, code, as_of, year)


@cached
def metrics(url: str, stamp: str, view: ViewFilter) -> dict[str, Any]:
    """The metric keys of one view."""
    with pinned(url, stamp, view) as (conn, flt):
        return m.compute_metrics(conn, flt)


@cached
def children_metrics(
    url: str, stamp: str, year: int, region_code: str, release: int | None = None
) -> list[dict[str, Any]]:
    """本级 first, then every child's 全辖 (as plain dicts)."""
    with snapshot(url, stamp, release) as (conn, as_of):
        rows = m.children_metrics(conn, year, region_code, release=as_of)
        return [asdict(row) for row in rows]


@cached
def department_metrics(
    url: str, stamp: str, year: int, region_code: str, release: int | None = None
) -> list[dict[str, Any]]:
    """The departments of a government with project-years that year."""
    with snapshot(url, stamp, release) as (conn, as_of):
        rows = m.department_metrics(conn, year, region_code, release=as_of)
        return [asdict(row) for row in rows]


def year_series(url: str, stamp: str, view: ViewFilter) -> list[tuple[int, dict[str, Any]]]:
    """Metrics of every year, ascending (``view.year`` is not read: one entry serves
    every year of the same view)."""
    return _year_series(url, stamp, view.replace(year=None))


@cached
def _year_series(url: str, stamp: str, view: ViewFilter) -> list[tuple[int, dict[str, Any]]]:
    with pinned(url, stamp, view) as (conn, flt):
        return m.year_series(conn, flt)


@cached
def applied_funds(url: str, stamp: str, view: ViewFilter) -> Decimal:
    """Money of project-years whose evaluation results were applied (a region's view)."""
    with pinned(url, stamp, view) as (conn, flt):
        return v.applied_funds(conn, flt)


@cached
def find_department(
    url: str, stamp: str, code: str, region_code: str, release: int | None = None
) -> q.DepartmentInfo | None:
    """A department of a region's own government by code, named as of ``release``
    (else the stamp's); None when it has no public project-year then (disclosure)."""
    with snapshot(url, stamp, release) as (conn, as_of):
        return q.find_department(conn, code, region_code, release=as_of)


@cached
def project_total(url: str, stamp: str, view: ViewFilter, filters: ListFilter) -> int:
    """How many project-years the project list has for these filters.

    Keyed by the filters only, never by page, sort or order: paging through a
    province's list or re-sorting it counts the view once, not once per page.
    """
    with pinned(url, stamp, view) as (conn, flt):
        return q.project_count(conn, flt, filters)


@cached
def project_page(
    url: str,
    stamp: str,
    view: ViewFilter,
    filters: ListFilter,
    sort: str,
    descending: bool,
    page: int,
    page_size: int,
) -> q.ProjectPage:
    """One page of the public project list (filtered by grades, a flag rule, a score
    range), its total from :func:`project_total`: the page's own query counts nothing."""
    with pinned(url, stamp, view) as (conn, flt):
        rows = q.project_list(
            conn, flt, filters, sort, descending, page, page_size, with_total=False
        )
    total = project_total(url, stamp, view, filters)
    return dataclasses.replace(rows, total=total)


@cached
def project_record(
    url: str, stamp: str, code: str, year: int | None, release: int | None = None
) -> q.ProjectRecord | None:
    """One project's record (withheld years carry no detail)."""
    with snapshot(url, stamp, release) as (conn, as_of):
        return q.project_record(conn, code, year, release=as_of)


@cached
def project_years(
    url: str, stamp: str, code: str, release: int | None = None
) -> list[q.ProjectYearFigures]:
    """Every public year of one project with its budget, spending, score and grade."""
    with snapshot(url, stamp, release) as (conn, as_of):
        return q.project_years(conn, code, release=as_of)


@cached
def reported_figures(url: str, stamp: str, view: ViewFilter) -> list[q.ReportedFigureRow]:
    """Officially reported figures of a view (its year, region and scope)."""
    with pinned(url, stamp, view) as (conn, flt):
        return q.reported_figures(conn, flt)


@cached
def releases(url: str, stamp: str) -> list[q.ReleaseInfo]:
    """Imported packages, newest first, as they stood when ``stamp`` was read (keyed by
    the latest stamp, so that a pinned view still learns that its release has been
    superseded; never a release newer than the figures read under the same stamp)."""
    return q.releases(engine(url), release=v.stamp_release(stamp))


@cached
def source_release(url: str, stamp: str, region_code: str) -> int | None:
    """The newest release, as of ``stamp``, of the publishers with data in the region
    (``views.source_release``), or None."""
    with snapshot(url, stamp, None) as (conn, as_of):
        return v.source_release(conn, region_code, release=as_of)


def served_release(
    url: str, stamp: str, release: int | None = None, region_code: str | None = None
) -> q.ReleaseInfo | None:
    """The release a view's figures come from and its source line cites: the pinned
    one, else the newest as of ``stamp`` (the one the figures read under that stamp
    are of: :func:`snapshot`) of the publishers whose data lies in ``region_code``
    (:func:`source_release`), else the newest of all. Why not always the newest of
    all: a view of one publisher's region must not cite another publisher's package
    as its source (issue 23); its figures are those of its publishers' newest."""
    known = releases(url, stamp)
    if release is None and region_code is not None:
        release = source_release(url, stamp, region_code)
        if release is None:  # no data in the region: the newest of all
            return known[0] if known else None
    if release is not None:
        return next((info for info in known if info.id == release), None)
    return known[0] if known else None


@cached
def is_demo(url: str, stamp: str) -> bool:
    """Whether the database serves demonstration data."""
    return q.is_demo(engine(url))


@cached
def boundaries(codes: tuple[str, ...]) -> dict:
    """Simplified GeoJSON of the regions (no database involved)."""
    return r.boundaries(list(codes))


# ------------------------------------------------------------------ the hearing's reads
# The result-application ledger and the flags as the hearing, its brief, the project page
# and the API read them (``data_access.reads.ledger``, ``data_access.flags.rules``).


@cached
def project_ledger(
    url: str, stamp: str, code: str, year: int, release: int | None = None
) -> ledger.LedgerRow | None:
    """One public project-year's ledger row (announced beside actual), or None."""
    with snapshot(url, stamp, release) as (conn, as_of):
        return ledger.project_ledger(conn, code, year, release=as_of)


@cached
def ledger_rows(
    url: str,
    stamp: str,
    view: ViewFilter,
    verdicts: tuple[str, ...] | None = None,
    limit: int | None = None,
) -> list[ledger.LedgerRow]:
    """The ledger rows of a view (only ``verdicts`` when given), by project code."""
    with pinned(url, stamp, view) as (conn, flt):
        return ledger.ledger_rows(conn, flt, verdicts=verdicts, limit=limit)


@cached
def ledger_summary(
    url: str, stamp: str, view: ViewFilter, group: str | None = None
) -> ledger.LedgerSummary | list[ledger.LedgerSummary]:
    """The ledger's verdict counts of a view, or of its parts (``group``)."""
    with pinned(url, stamp, view) as (conn, flt):
        return ledger.ledger_summary(conn, flt, group=group)  # type: ignore[arg-type]


@cached
def flag_totals(url: str, stamp: str, view: ViewFilter) -> flags.FlagTotals:
    """Distinct flagged public project-years of a view and their budgets."""
    with pinned(url, stamp, view) as (conn, flt):
        return flags.flag_totals(conn, flt)


@cached
def ranked_projects(
    url: str,
    stamp: str,
    view: ViewFilter,
    limit: int | None = None,
    order: str = "severity",
) -> list[flags.FlaggedProject]:
    """The flagged projects of a view, one row each with all its flags, ranked."""
    with pinned(url, stamp, view) as (conn, flt):
        return flags.ranked_projects(conn, flt, limit=limit, order=order)
