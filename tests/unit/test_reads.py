"""The read cache shared by pages and HTTP routes: bounded, thread-safe, uncorruptible."""

from __future__ import annotations

import contextlib
import threading
import time

from dashboard.core import reads
from dashboard.core.links import view_query
from dashboard.core.reads import ReadCache
from dashboard.core.view import View
from data_access.reads.selection import ViewFilter


def test_the_cache_keeps_at_most_its_cap_least_recently_used_out() -> None:
    cache = ReadCache(max_entries=3)
    for key in "abc":
        cache.get(key, lambda key=key: key.upper())
    cache.get("a", lambda: "never")  # "a" is now the most recent
    cache.get("d", lambda: "D")
    assert len(cache) == 3
    assert cache.get("b", lambda: "again") == "again"  # "b" was dropped
    assert cache.get("a", lambda: "never") == "A"


def test_the_cache_keeps_at_most_its_bytes_least_recently_used_out() -> None:
    """Drawn maps are hundreds of kB each: the count alone would not bound memory."""
    cache = ReadCache(max_bytes=2500)
    for key in "abc":
        cache.get(key, lambda key=key: key * 1000)  # about 1 kB pickled each
    assert len(cache) == 2 and cache.stored_bytes <= 2500
    assert cache.get("a", lambda: "again") == "again"  # the oldest went first
    assert cache.get("c", lambda: "never") == "c" * 1000
    cache.clear()
    assert cache.stored_bytes == 0


def test_callers_get_copies_they_cannot_corrupt() -> None:
    cache = ReadCache()
    first = cache.get("k", lambda: {"values": [1, 2]})
    first["values"].append(3)
    first["extra"] = True
    assert cache.get("k", lambda: {}) == {"values": [1, 2]}


def test_errors_are_not_cached() -> None:
    cache = ReadCache()
    calls: list[int] = []

    def failing() -> int:
        calls.append(1)
        raise RuntimeError("database away")

    for _ in range(2):
        with contextlib.suppress(RuntimeError):
            cache.get("k", failing)
    assert len(calls) == 2
    assert cache.get("k", lambda: 7) == 7


def test_concurrent_callers_compute_a_key_once() -> None:
    cache = ReadCache()
    calls: list[int] = []
    results: list[int] = []

    def slow() -> int:
        calls.append(1)
        time.sleep(0.05)
        return 42

    threads = [
        threading.Thread(target=lambda: results.append(cache.get("k", slow))) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [42] * 8
    assert len(calls) == 1


def test_reads_are_keyed_by_plain_values_however_passed(mini_url: str) -> None:
    stamp = reads.release_stamp(mini_url)
    before = reads.CACHE.hits
    first = reads.metrics(mini_url, stamp, ViewFilter(2017, "360000", "all"))
    # An equal filter built another way (defaults, keywords) is the same key.
    again = reads.metrics(
        mini_url, stamp, view=ViewFilter(year=2017, region="360000", release=None)
    )
    assert first == again
    assert reads.CACHE.hits > before
    first["projects"] = -1
    assert reads.metrics(mini_url, stamp, ViewFilter(2017, "360000", "all"))["projects"] != -1


def test_a_pinned_release_reads_the_same_figures_as_the_latest_when_it_is_the_latest(
    mini_url: str,
) -> None:
    stamp = reads.release_stamp(mini_url)
    latest = reads.metrics(mini_url, stamp, ViewFilter(2017, "360000", "all"))
    pinned_stamp = reads.release_stamp(mini_url, 1)
    pinned = reads.metrics(mini_url, pinned_stamp, ViewFilter(2017, "360000", "all", release=1))
    assert pinned == latest
    assert reads.served_release(mini_url, stamp, 1) is not None
    assert reads.served_release(mini_url, stamp, 999) is None


def test_view_query_carries_a_pinned_release_only() -> None:
    view = View(url="u", stamp="s", page_name="overview", lang="en", year=2017, region="360000")
    assert "release" not in view_query(view, "trends")
    pinned = view.replace(release=3)
    assert view_query(pinned, "trends")["release"] == "3"
    assert view_query(pinned, "explore", release=None).get("release") is None
