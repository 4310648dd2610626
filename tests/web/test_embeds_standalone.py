"""Embeds that stand alone in an article: a title and a citation naming region, scope,
year and unit; an iframe snippet that resizes itself; downloads holding the figure the
chart shows (the regions map and ranking: the ranked metric, not only a project count).
"""

from __future__ import annotations

import csv
import html
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from dashboard.core import reads
from dashboard.core.view import View
from dashboard.renderers.citations import RESIZE_MESSAGE, embed_height, iframe_snippet
from dashboard.specs import REGISTRY
from tests.web_support import client_for, import_package

VIEW = {"year": "2017", "region": "360000"}


@pytest.fixture
def served(sqlite_url: str):
    import_package(sqlite_url)
    with client_for(sqlite_url) as client:
        yield client


def test_an_embed_title_names_region_scope_year_and_unit(served) -> None:
    page = served.get("/embed/children_table", params=VIEW).text
    title = re.search(r"<h1>(.*?)</h1>", page).group(1)
    assert "江西省" in title and "全辖" in title and "2017" in title and "单位" in title
    english = served.get("/embed/region_ranking", params={**VIEW, "lang": "en", "scope": "own"})
    heading = re.search(r"<h1>(.*?)</h1>", english.text).group(1)
    assert "Jiangxi" in heading and "Own level" in heading and "2017" in heading
    trend = served.get("/embed/coverage_trend", params={"region": "360000"}).text
    assert "历年" in re.search(r"<h1>(.*?)</h1>", trend).group(1)


def test_the_citation_line_names_them_too(served) -> None:
    meta = served.get("/download/region_ranking.json", params=VIEW).json()["meta"]
    assert "江西省" in meta["citation"] and "全辖" in meta["citation"]
    assert "2017" in meta["citation"]


def test_the_embed_posts_its_height_and_the_snippet_resizes_the_iframe(
    served, sqlite_url: str
) -> None:
    page = served.get("/embed/loop", params=VIEW).text
    assert f"type:'{RESIZE_MESSAGE}'" in page and "postMessage" in page
    spec = REGISTRY["loop"]
    view = View(url=sqlite_url, stamp=reads.release_stamp(sqlite_url), page_name=spec.page,
                lang="zh", year=2017, region="360000")
    snippet = iframe_snippet(spec, view, "https://budget.example.gov.cn")
    assert f'height="{embed_height(spec)}"' in snippet and "data-budget-embed" in snippet
    assert RESIZE_MESSAGE in snippet and "e.source" in snippet
    assert 'title="' in snippet and "江西省" in snippet


@pytest.mark.parametrize("chart", ["region_map", "region_ranking"])
def test_regions_downloads_hold_the_ranked_metric(served, chart: str) -> None:
    view = {**VIEW, "metric": "evaluation_coverage_rate"}
    parts = served.get("/api/v1/children", params=VIEW).json()["parts"]
    expected = {
        p["code"]: p["metrics"]["evaluation_coverage_rate"] for p in parts if p["kind"] == "child"
    }
    records = served.get(f"/download/{chart}.json", params=view).json()["data"]
    assert {r["code"]: r["value"] for r in records} == expected
    assert {r["metric"] for r in records} == {"evaluation_coverage_rate"}
    text = served.get(f"/download/{chart}.csv", params=view).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        shown = expected[row["地区代码"] if "地区代码" in row else row[next(iter(row))]]
        value = row["数值"]
        assert (Decimal(value) if value else None) == (
            Decimal(str(shown)) if shown is not None else None
        )
    sheet = load_workbook(
        io.BytesIO(served.get(f"/download/{chart}.xlsx", params=view).content)
    ).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert "数值" in header
    embed = served.get(f"/embed/{chart}", params=view).text
    table = embed[embed.index("<table>"):]
    assert "数值" in table and "评价覆盖率" in table


def test_the_embed_says_the_chart_in_one_sentence_above_it_and_in_its_table(served) -> None:
    """The sentence (figures of examples/mini-jiangxi.expected.json: the province 90.1%,
    赣州市 100.0%, 南昌市 80.6%) stands under the title, above the chart, and is the
    caption of the chart's accessible table."""
    zh = (
        "2017年，江西省评价覆盖率为90.1%；2个有数据的下级地区中，最高的是赣州市（100.0%），"
        "最低的是南昌市（80.6%）。"
    )
    en = (
        "In 2017, evaluation coverage in Jiangxi stood at 90.1%; of its 2 regions with data, "
        "the highest was Ganzhou (100.0%), the lowest Nanchang (80.6%)."
    )
    for lang, sentence in (("zh", zh), ("en", en)):
        page = served.get("/embed/region_ranking", params={**VIEW, "lang": lang}).text
        said = f'<p class="summary">{html.escape(sentence)}</p>'
        assert said in page
        assert page.index("</h1>") < page.index(said) < page.index('id="chart"')
        caption = re.search(r"<caption>(.*?)</caption>", page).group(1)
        assert f'<span class="summary">{html.escape(sentence)}</span>' in caption
        # And it is what a search result or a link preview says of the embed.
        assert f'<meta name="description" content="{html.escape(sentence)}">' in page
