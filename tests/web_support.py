"""Shared set-up of the plain-HTTP tests: the mini package imported, a bare Starlette app.

Why a bare Starlette app: the routes of ``dashboard/web`` are mounted by ``st.App`` in
production, but they never touch Streamlit; serving the very same ``web.routes()`` from
``Starlette(routes=...)`` tests them without a Streamlit runtime (the integration test
in ``test_http_caching.py`` covers the real ``python -m dashboard`` process).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.testclient import TestClient

from dashboard import web
from dashboard.core import reads
from dashboard.core.view import View
from dashboard.web import bulk, http
from data_access.db.engine import make_engine
from tests.conftest import MINI_PACKAGE

WITHHELD_CODE = "36000017003"
PUBLIC_CODE = "36000017001"


def province_view(url: str, page: str, lang: str = "zh", **changes: object) -> View:
    """The example's 2017 view of the province (360000, 全辖) on ``page``, as of the
    database's newest release, with ``changes``: where the chart, embed and citation
    tests start."""
    view = View(
        url=url,
        stamp=reads.release_stamp(url),
        page_name=page,
        lang=lang,
        year=2017,
        region="360000",
    )
    return view.replace(**changes)


def import_package(url: str, package: Path = MINI_PACKAGE) -> None:
    from data_access.ingest.importer import import_package as run_import

    engine = make_engine(url)
    report = run_import(engine, package)
    engine.dispose()
    assert report.ok, report.render()
    http.STAMPS.forget()


def changed_mini(tmp_path: Path) -> Path:
    """The mini package with project 36000017001's 2017 budget raised (a second release)."""
    package = tmp_path / "mini-changed"
    shutil.copytree(MINI_PACKAGE, package)
    projects = package / "projects.csv"
    text = projects.read_text(encoding="utf-8")
    old = "2017,36000017001,农村义务教育薄弱学校改造,D001,360000,教育,50000,52000,"
    assert old in text
    projects.write_text(
        text.replace(old, old.replace(",52000,", ",62000,")),
        encoding="utf-8",
    )
    return package


@contextmanager
def client_for(url: str) -> Iterator[TestClient]:
    """A test client of the plain routes serving ``url``, with empty caches (built
    release packages go to a temporary ``DASHBOARD_CACHE_DIR``)."""
    http.CACHE.clear()
    http.STAMPS.forget()
    bulk.forget()
    previous = os.environ.get("DASHBOARD_CACHE_DIR")
    folder = tempfile.mkdtemp(prefix="dashboard-test-cache-")
    os.environ["DASHBOARD_CACHE_DIR"] = folder
    try:
        with TestClient(Starlette(routes=web.routes(url))) as client:
            yield client
    finally:
        if previous is None:
            os.environ.pop("DASHBOARD_CACHE_DIR", None)
        else:
            os.environ["DASHBOARD_CACHE_DIR"] = previous
        shutil.rmtree(folder, ignore_errors=True)
        http.CACHE.clear()
        http.STAMPS.forget()
        bulk.forget()


def fetch_release(client: TestClient, release: int = 1, **headers: str) -> object:
    """``/download/release/{release}.zip`` as a client honouring ``Retry-After`` gets it:
    the first request may find the package being built (503); bounded to 60 s."""
    import time

    deadline = time.monotonic() + 60
    while True:
        answer = client.get(f"/download/release/{release}.zip", headers=headers)
        if answer.status_code != 503 or time.monotonic() > deadline:
            return answer
        assert answer.headers["retry-after"], answer.text
        time.sleep(0.2)
