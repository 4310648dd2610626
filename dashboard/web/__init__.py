"""The plain-HTTP side of the dashboard: API, Atom feed, vendored assets, HTTP caching.

Why a package apart from the pages: an article read 100,000 times must cost cache hits,
not Streamlit sessions. Everything here is a stateless Starlette route served beside the
pages by ``st.App(..., routes=web.routes())`` (see ``dashboard/server.py``), reading the
database through ``data_access`` directly. Nothing in this package imports streamlit, so
the routes run (and are tested) on a bare Starlette app too.
"""

from dashboard.web.routes import routes

__all__ = ["routes"]
