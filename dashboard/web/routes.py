"""Every plain HTTP route of the dashboard, for ``st.App(..., routes=routes())``.

Why one list: ``dashboard/server.py`` mounts it beside the Streamlit pages, and the tests
mount the very same list on a bare Starlette app. Paths avoid Streamlit's reserved
prefixes (``/_stcore/``, ``/media/``, ``/component/``, ``/static/``).
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from dashboard.web.api import api_routes
from dashboard.web.apidoc import apidoc_routes
from dashboard.web.brief import brief_routes
from dashboard.web.charts import chart_routes
from dashboard.web.feed import feed_routes
from dashboard.web.openapi import openapi_routes
from dashboard.web.records import records_routes
from dashboard.web.site import site_routes
from dashboard.web.static import static_routes


def routes(db_url: str | None = None) -> list[BaseRoute]:
    """The API, its documents, the Atom feed, downloads, vendored assets, robots.txt and
    the sitemap.

    ``db_url``: the database to serve; None resolves it per request as ``data_access``
    does (``$DASHBOARD_DB_URL``, else the embedded SQLite file).
    """
    return [
        *openapi_routes(),
        *apidoc_routes(db_url),
        *api_routes(db_url),
        *feed_routes(db_url),
        *brief_routes(db_url),
        *chart_routes(db_url),
        *records_routes(db_url),
        *static_routes(),
        *site_routes(),
    ]
