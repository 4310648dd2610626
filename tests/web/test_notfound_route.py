"""The route for unknown nested paths (``dashboard.web.notfound``): a browser that asks
for ``/a/b`` as a page is sent to the not-found page; nothing else is touched."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.testclient import TestClient

from dashboard.core.paths import NOT_FOUND_PATH
from dashboard.web.notfound import NestedPathRoute


def test_nested_unknown_paths_go_to_the_not_found_page() -> None:
    """Streamlit cannot serve ``/a/b`` as a page (blank page): the server's last route
    sends a browser to ``/not-found?path=/a/b`` and leaves everything else alone."""
    from dashboard.server import all_routes  # builds the ASGI app: only when run

    routes = all_routes()
    assert isinstance(routes[-1], NestedPathRoute)
    with TestClient(Starlette(routes=routes)) as client:
        moved = client.get("/regions/foo/bar?lang=en&x=1", follow_redirects=False)
        assert moved.status_code == 302
        assert moved.headers["location"] == f"/{NOT_FOUND_PATH}?path=%2Fregions%2Ffoo%2Fbar&lang=en"
        # One segment is Streamlit's (its own not-found page handles it); its scripts,
        # core API and the dashboard's routes are not touched.
        for path, headers in (
            ("/nope", {}),
            ("/regions/foo/static/js/index.js", {"sec-fetch-dest": "script"}),
            ("/_stcore/health", {}),
            ("/static/js/index.js", {}),
        ):
            assert client.get(path, headers=headers, follow_redirects=False).status_code == 404
        assert client.get("/api/v1/openapi.json").status_code == 200
