"""The ASGI entry of ``python -m dashboard``: the Streamlit pages plus plain HTTP routes.

Why: embeds, the API, the feed and vendored assets are stateless HTTP answers that must
not open a Streamlit session per reader. ``st.App`` serves them as Starlette routes in
the same process as the pages; ``streamlit run dashboard/server.py`` detects the
module-level ``app`` and serves it with uvicorn, applying the same ``--server.*`` flags.
The pages themselves still run ``dashboard/app.py`` unchanged (as AppTest runs it).
Last, a route for unknown nested paths (``/regions/foo/bar``), which Streamlit cannot
serve as a page: a redirect to the dashboard's not-found page (``dashboard.notfound``).
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import streamlit as st  # noqa: E402 - after the path fix, so `streamlit run` finds us
from starlette.routing import BaseRoute  # noqa: E402

from dashboard import web  # noqa: E402
from dashboard.notfound import NestedPathRoute  # noqa: E402

APP_SCRIPT = Path(__file__).resolve().parent / "app.py"


def all_routes() -> list[BaseRoute]:
    """The plain HTTP routes, then the nested not-found route (which leaves every path
    one of them answers to it)."""
    routes = web.routes()
    return [*routes, NestedPathRoute(routes)]


app = st.App(APP_SCRIPT, routes=all_routes())
