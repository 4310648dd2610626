"""An embedded chart in a news article: the iframe snippet works on another site.

A plain HTML page, served from another local port (another origin, as a newspaper's
site would be), holds the iframe snippet of a chart. Chromium loads it: the chart must
draw inside the frame, the frame must open no websocket (no Streamlit session per
reader), and no request may leave 127.0.0.1.
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import ARTIFACTS, _free_port

if TYPE_CHECKING:
    from dashboard.core.view import View

ARTICLE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>Article</title></head><body><h1>一篇报道</h1><p>正文……</p>
{snippet}
<p>正文继续。</p></body></html>"""


@pytest.fixture
def article_site(server: str) -> Iterator[tuple[str, dict[str, bytes]]]:
    """A second local web server (another origin) that serves article pages."""
    pages: dict[str, bytes] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args: object) -> None:
            return

    port = _free_port()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}", pages
    httpd.shutdown()


def _province_2017(db_url: str, page_name: str) -> View:
    """The province's 2017 view on ``page_name``, as the Share control pins it."""
    from tests.web_support import province_view

    return province_view(db_url, page_name)


@pytest.mark.parametrize(
    ("chart", "drawn"),
    [
        ("evaluated_funds_trend", ".main-svg"),
        ("region_map", "svg path"),
        ("headline", ".card"),
    ],
)
def test_an_iframe_snippet_draws_the_chart_on_another_site_without_a_session(
    browser, server: str, browser_db_url: str, article_site, chart: str, drawn: str
) -> None:
    from dashboard.renderers.citations import iframe_snippet
    from dashboard.specs import REGISTRY

    site, pages = article_site
    spec = REGISTRY[chart]
    # The snippet exactly as the Share control writes it (release pinned).
    view = _province_2017(browser_db_url, spec.page)
    pages["/article.html"] = ARTICLE.format(snippet=iframe_snippet(spec, view, server)).encode()

    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    requests: list[str] = []
    sockets: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.on("websocket", lambda socket: sockets.append(socket.url))
    try:
        tab.goto(f"{site}/article.html")
        frame = tab.frame_locator("iframe")
        frame.locator(drawn).first.wait_for(timeout=30_000)
        assert frame.locator("h1").inner_text()
        assert frame.locator("details table").count() == 1
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"embed-{chart}-390.png"), full_page=True)
    finally:
        context.close()
    assert sockets == [], "an embed must not open a Streamlit session"
    outside = [u for u in requests if not u.startswith(("http://127.0.0.1", "data:", "blob:"))]
    assert outside == []
    assert any("/embed/" in u and "release=" in u for u in requests)


@pytest.mark.parametrize("width", [1400, 320])
def test_the_iframe_takes_the_height_of_its_embed_and_its_table_reads_at_320(
    browser, server: str, browser_db_url: str, article_site, width: int
) -> None:
    """The snippet's script sizes the iframe to the height the embed posts (no inner
    scroll bar, nothing cut), and a table opened in it is readable on a phone: no
    column squeezed to a character per line."""
    from dashboard.renderers.citations import embed_height, iframe_snippet
    from dashboard.specs import REGISTRY

    site, pages = article_site
    spec = REGISTRY["children_table"]
    view = _province_2017(browser_db_url, spec.page)
    pages["/sized.html"] = ARTICLE.format(snippet=iframe_snippet(spec, view, server)).encode()
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    try:
        tab.goto(f"{site}/sized.html")
        frame = tab.frame_locator("iframe")
        frame.locator("h1").wait_for(timeout=30_000)
        frame.locator("summary").click()
        frame.locator("details table").wait_for(timeout=30_000)
        # The embed is another origin: its height is read inside the frame.
        deadline = time.monotonic() + 30
        while True:
            inner = frame.locator("html").evaluate("e => e.scrollHeight")
            height = tab.evaluate(
                "document.querySelector('iframe').getBoundingClientRect().height"
            )
            if abs(height - inner) <= 2 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert abs(height - inner) <= 2, f"iframe {height} px, its content {inner} px"
        assert height != embed_height(spec), "the iframe kept its fallback height"
        narrowest = frame.locator("details table").evaluate(
            """table => Math.min(...[...table.querySelectorAll('td')]
                   .map(td => td.getBoundingClientRect().width))"""
        )
        font = frame.locator("details table").evaluate(
            "table => parseFloat(getComputedStyle(table).fontSize)"
        )
        assert narrowest >= 3 * font, f"a column {narrowest:.0f} px wide at {width} px"
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"embed-sized-{width}.png"), full_page=True)
    finally:
        context.close()
