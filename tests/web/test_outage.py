"""A database outage is answered in seconds and recovers by itself (issue 9, item 5).

A loopback TCP proxy in the test stands between the serving side and the machine's
PostgreSQL (which is left alone). It can be switched to *refuse* (nothing listens: the
connection is refused), to *silent* (connections are accepted, and nothing is ever
answered, also on connections already open) and back to *forward*. For a page (AppTest,
in this process) and for the JSON API (the routes on a bare Starlette app):

- refused and silent: the visitor's notice (never Streamlit's error box) or a 503
  problem+json, within 5 s of the request, with the time of the last good read;
- cached figures stay served during the outage, and say so;
- restored: the normal answer again within 10 s, without a restart.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from dashboard.core import reads
from dashboard.core.i18n import t
from dashboard.ui import boot
from dashboard.web import http
from data_access.db import engine as engine_module
from tests.conftest import PG_ADMIN_URL, _drop_pg_database, _fresh_pg_database, require_postgres
from tests.pages_support import app_at
from tests.web_support import client_for, import_package

NOTICE_WITHIN = 5.0
RECOVERY_WITHIN = 10.0


class Proxy:
    """A loopback TCP proxy to ``target`` that can forward, refuse or stay silent."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.mode = "forward"
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._sockets: set[socket.socket] = set()
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self._listen()

    # ------------------------------------------------------------------ switching

    def forward(self) -> None:
        with self._lock:
            self.mode = "forward"
        self._listen()

    def silent(self) -> None:
        """Accept, and never answer (on old connections neither)."""
        with self._lock:
            self.mode = "silent"
        self._listen()

    def refuse(self) -> None:
        """Stop listening and drop every connection: the server is down."""
        with self._lock:
            self.mode = "refuse"
            listener, self._listener = self._listener, None
            sockets, self._sockets = self._sockets, set()
        if listener is not None:
            listener.close()
        for sock in sockets:
            _close(sock)

    def close(self) -> None:
        self.refuse()

    # ------------------------------------------------------------------ plumbing

    def _listen(self) -> None:
        with self._lock:
            if self._listener is not None:
                return
            listener = socket.socket()
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", self.port))
            listener.listen(64)
            self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            with self._lock:
                mode = self.mode
                self._sockets.add(client)
            if mode == "silent":
                threading.Thread(target=self._swallow, args=(client,), daemon=True).start()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _close(client)
                continue
            with self._lock:
                self._sockets.add(upstream)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _swallow(self, sock: socket.socket) -> None:
        while True:
            try:
                if not sock.recv(65536):
                    return
            except OSError:
                return

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                data = b""
            if not data:
                _close(sink)
                return
            if self.mode != "forward":
                continue  # silent: what arrives is never passed on
            try:
                sink.sendall(data)
            except OSError:
                return


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


@pytest.fixture
def proxied() -> Iterator[tuple[str, Proxy]]:
    """A fresh PostgreSQL database with the mini package, and its URL through a proxy."""
    require_postgres()
    direct, name = _fresh_pg_database()
    import_package(direct)
    target = make_url(PG_ADMIN_URL)
    proxy = Proxy((target.host or "127.0.0.1", target.port or 5432))
    url = make_url(direct).set(host="127.0.0.1", port=proxy.port).render_as_string(
        hide_password=False
    )
    _fresh_caches()
    try:
        yield url, proxy
    finally:
        proxy.close()
        for cached in (reads.engine(url), engine_module.shared_engine(url)):
            cached.dispose()
        _fresh_caches()
        _drop_pg_database(name)


def _fresh_caches() -> None:
    reads.engine.cache_clear()
    engine_module.shared_engine.cache_clear()
    reads.clear()
    boot._READY.clear()
    http.CACHE.clear()
    http.STAMPS.forget()


@pytest.fixture
def served_by(monkeypatch: pytest.MonkeyPatch) -> Any:
    def use(url: str) -> None:
        monkeypatch.setenv("DASHBOARD_DB_URL", url)
        monkeypatch.delenv("DASHBOARD_DB_TIMEOUT", raising=False)  # the default: 5 s

    return use


# ----------------------------------------------------------------- the engine itself


def test_the_watchdog_ends_a_silent_statement(proxied: tuple[str, Proxy]) -> None:
    """A connection that goes silent mid-use fails within the guard, not after minutes;
    the pool then reconnects by itself."""
    url, proxy = proxied
    engine = engine_module.serving_engine(url, timeout=2)
    limits = engine_module.deadlines(2)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("select 1")).scalar() == 1
            proxy.silent()
            started = time.monotonic()
            with pytest.raises(OperationalError):
                conn.execute(text("select 2"))
            elapsed = time.monotonic() - started
        assert limits["statement_guard"] - 0.5 <= elapsed < limits["statement_guard"] + 1.5
        proxy.forward()
        assert _recovers(engine) < limits["connect"] + 1.0
    finally:
        engine.dispose()


def _recovers(engine: Any) -> float:
    """Seconds until ``engine`` reads again (failing the test after RECOVERY_WITHIN)."""
    started = time.monotonic()
    while True:
        try:
            with engine.connect() as conn:
                assert conn.execute(text("select 3")).scalar() == 3
            return time.monotonic() - started
        except OperationalError:
            assert time.monotonic() - started < RECOVERY_WITHIN
            time.sleep(0.2)


def test_silent_connect_and_pre_ping_stay_within_the_timeout(proxied: tuple[str, Proxy]) -> None:
    url, proxy = proxied
    engine = engine_module.serving_engine(url)  # default DASHBOARD_DB_TIMEOUT: 5 s
    try:
        with engine.connect() as conn:  # a pooled connection, pre-pinged on next use
            conn.execute(text("select 1"))
        proxy.silent()
        started = time.monotonic()
        with pytest.raises(OperationalError), engine.connect() as conn:
            conn.execute(text("select 1"))
        assert time.monotonic() - started < NOTICE_WITHIN
    finally:
        engine.dispose()


def test_a_connection_silent_after_its_read_is_given_back_within_the_guard(
    proxied: tuple[str, Proxy],
) -> None:
    """The pool ends each use of a connection with a rollback, outside any statement: a
    database gone silent just after a read must not hold that request (the silent proxy
    loses what is sent, so it was held for ever)."""
    url, proxy = proxied
    engine = engine_module.serving_engine(url)
    limits = engine_module.deadlines()
    try:
        conn = engine.connect()
        assert conn.execute(text("select 1")).scalar() == 1
        proxy.silent()
        started = time.monotonic()
        with contextlib.suppress(OperationalError):
            conn.close()
        assert time.monotonic() - started < limits["ping"] + 1.5
    finally:
        engine.dispose()


def test_a_long_read_on_a_silent_database_ends_within_seconds(proxied: tuple[str, Proxy]) -> None:
    """A bulk read's statements may take minutes, and its fetches from a server-side
    cursor are guarded by no statement watchdog: the liveness probe ends it when the
    database stops answering, within the probe's period and the serving timeout."""
    url, proxy = proxied
    engine = engine_module.serving_engine(url, reads=600)
    limits = engine_module.deadlines(reads=600)
    assert limits["statement"] == 600 and limits["connect"] == engine_module.deadlines()["connect"]
    try:
        with engine.connect() as conn:
            rows = conn.execution_options(stream_results=True, yield_per=1).execute(
                text("select g from generate_series(1, 100000) as g")
            )
            assert next(iter(rows))[0] == 1
            proxy.silent()
            started = time.monotonic()
            with pytest.raises(OperationalError):
                for _ in rows:
                    pass
            elapsed = time.monotonic() - started
        bound = engine_module.LIVENESS_EVERY + engine_module.serving_timeout() + 2.0
        assert elapsed < bound, elapsed
    finally:
        engine.dispose()


def test_the_timeout_is_one_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DASHBOARD_DB_TIMEOUT", raising=False)
    assert engine_module.serving_timeout() == 5.0
    monkeypatch.setenv("DASHBOARD_DB_TIMEOUT", "3")
    assert engine_module.serving_timeout() == 3.0
    split = engine_module.deadlines()
    assert split["connect"] + split["ping"] <= 3.0
    assert split["statement"] == 3.0
    monkeypatch.setenv("DASHBOARD_DB_TIMEOUT", "soon")
    assert engine_module.serving_timeout() == 5.0
    monkeypatch.setenv("DASHBOARD_DB_TIMEOUT", "0")
    assert engine_module.serving_timeout() == 1.0


# ------------------------------------------------------------------------- a page


def _page(page: str, **params: str) -> tuple[Any, float]:
    at = app_at(page, **params)
    started = time.monotonic()
    at.run()
    return at, time.monotonic() - started


def _warnings(at: Any) -> str:
    return "\n".join(str(w.value) for w in at.warning)


def _assert_notice(at: Any, elapsed: float) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert t("db.outage", "zh") in _warnings(at)
    assert "最近一次成功读取数据" in _warnings(at)
    assert elapsed < NOTICE_WITHIN, elapsed


def test_a_page_through_refused_silent_and_restored(
    proxied: tuple[str, Proxy], served_by: Any
) -> None:
    url, proxy = proxied
    served_by(url)
    view = {"year": "2017", "region": "360000", "lang": "zh"}
    at, _ = _page("overview", **view)
    assert not at.exception, [e.value for e in at.exception]
    figures = {m.label: m.value for m in at.metric}
    assert figures and t("db.outage", "zh") not in _warnings(at)

    proxy.refuse()
    # A view never read before: the notice, at once.
    at, elapsed = _page("explore", **view, scope="own")
    _assert_notice(at, elapsed)
    # The view read before: its cached figures, saying so.
    at, elapsed = _page("overview", **view)
    assert not at.exception, [e.value for e in at.exception]
    assert {m.label: m.value for m in at.metric} == figures
    assert "缓存" in _warnings(at)
    assert elapsed < NOTICE_WITHIN

    proxy.silent()
    at, elapsed = _page("trends", region="360000", scope="own", lang="zh")
    _assert_notice(at, elapsed)
    at, elapsed = _page("explore", **{**view, "lang": "en"}, scope="own")
    assert "The data service is temporarily unavailable" in _warnings(at)
    assert elapsed < NOTICE_WITHIN

    proxy.forward()
    restored = time.monotonic()
    while True:
        at, _ = _page("explore", **view, scope="own")
        if not at.exception and t("db.outage", "zh") not in _warnings(at):
            break
        assert time.monotonic() - restored < RECOVERY_WITHIN, _warnings(at)
        time.sleep(0.5)
    assert at.dataframe, "the explorer's tables are back"


# ----------------------------------------------------------------------- the API


def test_the_api_through_refused_silent_and_restored(proxied: tuple[str, Proxy]) -> None:
    url, proxy = proxied
    cached = "/api/v1/metrics?year=2017&region=360000&scope=all"
    fresh = "/api/v1/metrics?year=2017&region=360000&scope=own&lang={lang}"
    with client_for(url) as client:
        assert client.get(cached).status_code == 200

        for switch in (proxy.refuse, proxy.silent):
            switch()
            http.STAMPS.forget()
            for lang in ("zh", "en"):
                started = time.monotonic()
                answer = client.get(fresh.format(lang=lang))
                elapsed = time.monotonic() - started
                assert answer.status_code == 503, answer.text
                assert answer.headers["content-type"] == "application/problem+json"
                assert answer.headers["retry-after"] == str(http.RETRY_AFTER)
                assert answer.json()["status"] == 503
                assert elapsed < NOTICE_WITHIN, elapsed
                assert answer.headers["content-language"] == lang
            # An answer already built is still served from the response cache.
            started = time.monotonic()
            assert client.get(cached).status_code == 200
            assert time.monotonic() - started < NOTICE_WITHIN

        proxy.forward()
        restored = time.monotonic()
        while client.get(fresh.format(lang="zh")).status_code != 200:
            assert time.monotonic() - restored < RECOVERY_WITHIN
            http.STAMPS.forget()
            time.sleep(0.5)
