"""The ASGI entry of ``python -m dashboard``: the Streamlit pages plus plain HTTP routes.

Why: embeds, the API, the feed and vendored assets are stateless HTTP answers that must
not open a Streamlit session per reader. ``st.App`` serves them as Starlette routes in
the same process as the pages; ``streamlit run dashboard/server.py`` detects the
module-level ``app`` and serves it with uvicorn, applying the same ``--server.*`` flags.
The pages themselves still run ``dashboard/app.py`` unchanged (as AppTest runs it).
Last, a route for unknown nested paths (``/regions/foo/bar``, ``dashboard.web.notfound``),
which Streamlit cannot serve as a page: a redirect to the dashboard's not-found page
(``dashboard.ui.notfound``).

The lifespan starts the first-start build of the demo database (``dashboard.core.firststart``)
as the server starts, prints its progress in the terminal, and says where to open the
dashboard once there is data to see (Streamlit's own banner is hidden by the config:
it would name the address before the data exists, and its external-IP lookup prints a
warning a newcomer takes for an error).
"""

from __future__ import annotations

import gc
import importlib
import pkgutil
import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import streamlit as st  # noqa: E402 - after the path fix, so `streamlit run` finds us
from starlette.middleware import Middleware  # noqa: E402
from starlette.routing import BaseRoute  # noqa: E402

from dashboard import web  # noqa: E402
from dashboard.core import firststart  # noqa: E402
from dashboard.core.i18n import t  # noqa: E402
from dashboard.web.encoding import OwnEncoding, StaticCompression  # noqa: E402
from dashboard.web.notfound import NestedPathRoute  # noqa: E402
from dashboard.web.pagemeta import PageMeta  # noqa: E402
from data_access.db.engine import resolve_url  # noqa: E402

APP_SCRIPT = Path(__file__).resolve().parent / "app.py"


def all_routes() -> list[BaseRoute]:
    """The plain HTTP routes, then the nested not-found route (which leaves every path
    one of them answers to it)."""
    routes = web.routes()
    return [*routes, NestedPathRoute(routes)]


def _say(line: str) -> None:
    print(line, flush=True)


def _address() -> str:
    """Where a person on this machine opens the dashboard."""
    from streamlit import config

    host = config.get_option("browser.serverAddress") or "localhost"
    return f"http://{host}:{config.get_option('server.port')}"


def _announce(status: firststart.BuildStatus, report: firststart.TerminalReport) -> None:
    """Progress of the build, then (when there is data) the address to open."""
    report(status)
    if status.state == "ready":
        _say(f"\n  Budget-performance dashboard ready: {_address()}\n")


def settle_heap() -> None:
    """Import what a page run imports, then take every object alive now out of the
    garbage collector's full collections (``gc.freeze``).

    Why: a full collection holds the interpreter lock while it walks every object the
    collector tracks, and nothing else in the process runs meanwhile: no page, no API
    answer, no event loop. About 400,000 of the objects are the imported libraries'
    (Streamlit, plotly, pandas, SQLAlchemy, the pages' modules), alive for the process's
    life; walking them made each full collection last 1-4 s under the soak test's load
    (docs/operations.md, "Under load"). Frozen, they are never walked again, and a full
    collection walks what page runs and answers created since. Objects freed by their
    reference count are freed as before; only cycles among these start-up objects would
    be kept, and there are none worth the walk.
    """
    import dashboard.ui

    for module in pkgutil.iter_modules(dashboard.ui.__path__, "dashboard.ui."):
        importlib.import_module(module.name)
    gc.collect()
    gc.freeze()


@asynccontextmanager
async def lifespan(_app: object) -> AsyncIterator[None]:
    """At start: build the demo database if it is needed (in a thread: the port opens at
    once and the routes answer 503 with Retry-After until the data exists), and settle
    the heap (:func:`settle_heap`, in a thread too: the imports take seconds)."""
    threading.Thread(target=settle_heap, name="settle-heap", daemon=True).start()
    report = firststart.TerminalReport(_say, lambda stage: t(f"demo.stage.{stage}", "en"))
    _say("  Starting the budget-performance dashboard …")
    status = firststart.BUILD.start(resolve_url(), lambda s: _announce(s, report))
    if status.state == "idle":
        _say(f"\n  Budget-performance dashboard ready: {_address()}\n")
    yield


app = st.App(
    APP_SCRIPT,
    routes=all_routes(),
    lifespan=lifespan,
    # Our routes choose their own encoding; Streamlit's frontend is sent compressed.
    # Each page's shell carries its own title and description.
    middleware=[
        Middleware(OwnEncoding),
        Middleware(StaticCompression),
        Middleware(PageMeta),
    ],
)
