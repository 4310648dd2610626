"""Open data (/data) and the Share control: the links a journalist needs, on every chart.

The files themselves are tested through their routes (tests/test_embeds.py); here the
page must offer every dataset with its row count and three formats, the whole release,
the data dictionary generated from the table schemas, and every chart must carry a
Share control with a pinned permalink, an iframe snippet and the downloads.
"""

from __future__ import annotations

import pytest

from dashboard.i18n import t
from data_access import open_data
from tests import pages_support as support
from tests.pages_support import open_page

mini_url = support.mini_url
use_db = support.use_db


def _link_buttons(at) -> list[tuple[str, str]]:
    return [(b.proto.label, b.proto.url) for b in at.get("link_button")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_data_page_offers_every_dataset_in_three_formats(mini_url, lang, use_db) -> None:
    use_db(mini_url)
    at = open_page("data", lang=lang, year="2017", region="360000")
    assert not at.exception
    links = _link_buttons(at)
    for dataset in (*open_data.TABLES, "metrics"):
        for fmt in ("csv", "xlsx", "json"):
            assert any(
                url.startswith(f"/download/records/{dataset}.{fmt}?") and "year=2017" in url
                for _, url in links
            ), (dataset, fmt)
    assert ("/download/release/1.zip") in [url for _, url in links]
    texts = [e.value for e in at.get("text")]
    assert any(t("data.dataset.projects", lang) in text for text in texts)
    dictionary = at.table[0].value
    assert len(dictionary) == sum(len(columns) for columns in open_data.TABLES.values())


def test_every_chart_on_a_page_has_a_share_control_with_pinned_links(mini_url, use_db) -> None:
    use_db(mini_url)
    at = open_page("overview", lang="en", year="2017", region="360000")
    codes = [c.value for c in at.code]
    assert any(code.startswith("<iframe") and "/embed/loop?" in code for code in codes)
    assert all("release=1" in code for code in codes if "/embed/" in code)
    assert any("/?lang=en" in code and "release=1" in code for code in codes), codes
    assert any("[dataset]" in code for code in codes), "a citation line"
    urls = [url for _, url in _link_buttons(at)]
    for fmt in ("csv", "xlsx", "json", "html"):
        assert any(url.startswith(f"/download/loop.{fmt}?") for url in urls), fmt


def test_a_pinned_page_says_so_and_links_to_newer_data(tmp_path, use_db) -> None:
    """A citation's link keeps its release; once newer data exists the page says so and
    links to the same view without the pin."""
    from dashboard import reads
    from dashboard.web import http
    from tests.web_support import changed_mini, import_package

    url = f"sqlite:///{tmp_path / 'pinned.db'}"
    import_package(url)
    use_db(url)
    reads.clear()
    at = open_page("overview", lang="en", year="2017", region="360000", release="1")
    assert t("release.pinned", "en", release=1) in [i.value for i in at.info]
    import_package(url, changed_mini(tmp_path))
    reads.clear()
    http.STAMPS.forget()
    at = open_page("overview", lang="en", year="2017", region="360000", release="1")
    assert t("embed.newer", "en", release=1) in [i.value for i in at.info]
    links = [lk for lk in at.get("page_link") if lk.proto.label == t("embed.newer_link", "en")]
    assert links and "release=" not in links[0].proto.query_string
