"""Open data (/data) and the Share control: the links a journalist needs, on every chart.

The files themselves are tested through their routes (tests/web/test_embeds.py); here the
page must offer every dataset with its row count and three formats, the whole release,
the data dictionary generated from the table schemas, and every chart must carry a
Share control with a pinned permalink, an iframe snippet and the downloads.
"""

from __future__ import annotations

import re

import pytest

from dashboard.core.i18n import t
from dashboard.specs.data import MissingDefinition, column_definition, dictionary_rows
from data_access.reads import open_data
from tests.pages_support import open_page

CJK = re.compile(r"[\u4e00-\u9fff]")


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
    titles = dictionary[t("col.title", lang)].tolist()
    meanings = dictionary[t("col.description", lang)].tolist()
    chinese_titles = [title for title in titles if CJK.search(title)]
    english_meanings = [meaning for meaning in meanings if meaning.isascii()]
    if lang == "zh":  # every title and meaning Chinese
        assert chinese_titles == titles and english_meanings == [], (titles, meanings)
    else:  # no Chinese title; meanings English (some quote a Chinese label)
        assert chinese_titles == [] and len(english_meanings) > len(meanings) // 2, meanings


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("dataset", "column"),
    [(dataset, column) for dataset, columns in open_data.TABLES.items() for column in columns],
)
def test_every_published_column_has_a_title_and_meaning_in_each_language(
    dataset: str, column: str, lang: str
) -> None:
    title, meaning = column_definition(dataset, column, lang)
    assert title.strip() and meaning.strip()
    other_title, other_meaning = column_definition(dataset, column, "en" if lang == "zh" else "zh")
    assert (title, meaning) != (other_title, other_meaning)
    if lang == "zh":
        assert CJK.search(title) and CJK.search(meaning), (dataset, column)
    else:
        assert not CJK.search(title), (dataset, column)


def test_a_column_is_described_by_its_own_dataset() -> None:
    """``status`` is an indicator's met/not met in indicators, and whether an action was
    carried out in applications: the dictionary must not lend one the other's meaning."""
    for lang in ("zh", "en"):
        indicator = column_definition("indicators", "status", lang)
        application = column_definition("applications", "status", lang)
        assert indicator != application
        assert "not_assessed" in indicator[1] and "planned" in application[1]


def test_a_column_without_texts_is_refused(monkeypatch) -> None:
    monkeypatch.setitem(open_data.TABLES, "projects", (*open_data.TABLES["projects"], "x_new"))
    with pytest.raises(MissingDefinition, match=r"projects\.x_new"):
        dictionary_rows(None)  # the dictionary is the same for every view


def test_every_chart_on_a_page_has_a_share_control_with_pinned_links(mini_url, use_db) -> None:
    use_db(mini_url)
    at = open_page("overview", lang="en", year="2017", region="360000")
    codes = [c.value for c in at.code]
    assert any(code.startswith("<iframe") and "/embed/loop?" in code for code in codes)
    assert all("release=1" in code for code in codes if "/embed/" in code)
    assert any("/?lang=en" in code and "release=1" in code for code in codes), codes
    assert any("[dataset]" in code for code in codes), "a citation line"
    # Absolute, under the one public address (DASHBOARD_PUBLIC_URL), like every link
    # the share control writes: never the address the visitor happened to use.
    from dashboard.core.settings import public_url

    urls = [url for _, url in _link_buttons(at)]
    for fmt in ("csv", "xlsx", "json", "html"):
        assert any(url.startswith(public_url(f"/download/loop.{fmt}?")) for url in urls), fmt
    assert any(code.startswith(f'<iframe src="{public_url("/embed/loop?")}') for code in codes)


def test_a_pinned_page_says_so_and_links_to_newer_data(tmp_path, use_db) -> None:
    """A citation's link keeps its release; once newer data exists the page says so and
    links to the same view without the pin."""
    from dashboard.core import reads
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


def test_the_dictionary_download_is_bilingual_and_the_same_in_every_language() -> None:
    from dashboard.specs.data import DATA_DICTIONARY

    rows = dictionary_rows(None)
    zh, en = (DATA_DICTIONARY.download_table(rows, lang) for lang in ("zh", "en"))
    assert zh.values.tolist() == en.values.tolist()
    header = {t(f"col.{field}", "en"): field for field in ("title_zh", "title_en")}
    assert set(header) <= set(en.columns)
    project_code = en[en[t("col.column", "en")] == "project_code"].iloc[0]
    assert project_code[t("col.title_zh", "en")] == "项目代码"
    assert project_code[t("col.title_en", "en")] == "Project code"
