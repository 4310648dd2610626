"""No page links or loads anything off-site, whatever a package or a URL says (issue 18).

Why in Chromium: what becomes a link is decided by the browser-side renderer (GFM
autolinks of bare ``https://…``, ``www.…`` and ``a@b.org`` are found in text after
Markdown escapes are resolved), so only the drawn page can tell. The server here serves
the example package with links, images, bare addresses, e-mail addresses and look-alike
hosts in every name, title and free-text field (``tests/pages/test_literal_text.py``
builds it), and every page is opened in zh and en, once plainly and once with the same
text in its URL parameters. Every ``<a href>``, ``<img src>``, ``<iframe src>`` and
``<link href>`` must point at the site itself (or be a ``data:``/``blob:`` URL); the
site's own links may carry the hostile text in their query, as the address bar does.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote, urlsplit

import pytest

from dashboard.launch import free_port, serve
from tests.browser.conftest import settle
from tests.pages.test_literal_text import EVIL, build_hostile_database, public_project

PAGES = ("", "explore", "regions", "trends", "about", "data", "hearing", "project")
HOSTILE_PARAM = f"https://{EVIL}/x www.{EVIL} a@{EVIL} [x](http://{EVIL})"
TARGETS = """() => [
    ...[...document.querySelectorAll("a[href]")].map(e => e.href),
    ...[...document.querySelectorAll("img[src], iframe[src]")].map(e => e.src),
    ...[...document.querySelectorAll("link[href]")].map(e => e.href),
]"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The server's address and a public project-year (``project=…&year=…``)."""
    root = tmp_path_factory.mktemp("offsite")
    url = build_hostile_database(root)
    code, year = public_project(url)
    port = free_port()
    env = {"DASHBOARD_PUBLIC_URL": f"http://127.0.0.1:{port}"}  # share links: the site
    with serve(url, port=port, env=env, log=root / "server.log", start_timeout=90) as served:
        yield served.url, f"project={code}&year={year}"


def _offsite(targets: list[str], origin: str) -> list[str]:
    own = urlsplit(origin).netloc
    return [
        target
        for target in targets
        if not (target.startswith(("data:", "blob:")) or urlsplit(target).netloc == own)
    ]


@pytest.mark.parametrize("hostile_params", [False, True], ids=["package", "package+url"])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page_name", PAGES, ids=lambda p: p or "overview")
def test_every_link_and_image_stays_on_the_site(
    browser, hostile_server: tuple[str, str], page_name: str, lang: str, hostile_params: bool
) -> None:
    server, project = hostile_server
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    try:
        query = f"lang={lang}&year=2017&region=360000"
        if page_name == "project":
            query = f"lang={lang}&{project}"
        if hostile_params:
            text = quote(HOSTILE_PARAM)
            query += f"&q={text}&dept={text}" if page_name != "project" else f"&q={text}"
        tab.goto(f"{server}/{page_name}?{query}")
        settle(tab)
        shown = tab.inner_text("[data-testid='stMain']")
        assert EVIL in shown or page_name == "about", "the hostile text is shown, as text"
        targets = tab.evaluate(TARGETS)
        assert _offsite(targets, server) == []
    finally:
        context.close()

