"""Chart declarations work outside Streamlit, and their rows do not depend on the language.

Why: embeds, downloads, the JSON API and the hearing brief render the same specs as the
pages, in plain HTTP routes of the same process. A declaration that pulled in Streamlit,
or whose rows changed with the page language, would make those outputs disagree with
the page (or cost a Streamlit import per worker).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal

import pandas as pd
import pytest

from dashboard.core import reads
from dashboard.core.view import View
from dashboard.specs import REGISTRY, ChartSpec
from tests import pages_support as support
from tests.conftest import REPO_ROOT

# Per page, a view of the mini package in which every chart of the page has rows.
PAGE_VIEWS: dict[str, dict[str, object]] = {
    "overview": {"year": 2017, "region": "360000"},
    "trends": {"year": 2017, "region": "360000"},
    "regions": {"year": 2017, "region": "360000"},
    "explore": {"year": 2017, "region": "360000"},
    "project": {"year": 2017, "region": "360000", "project": "36000017001"},
    "data": {"year": 2017, "region": "360000"},
    "about": {"year": 2017, "region": "360000"},
    # Nanchang: flagged projects, a lagging county, an evaluated project, sibling peers.
    "hearing": {"year": 2017, "region": "360100"},
}

OUTSIDE_STREAMLIT = """
import sys

from dashboard import specs
from dashboard.core import reads
from dashboard.core.view import View

url = sys.argv[1]
stamp = reads.release_stamp(url)
view = View(url=url, stamp=stamp, page_name="trends", lang="en", year=2017, region="360000")
for key in ("evaluated_funds_trend", "region_map", "loop"):
    spec = specs.REGISTRY[key]
    rows = spec.data(view)
    figure = spec.figure(rows, view)
    assert figure is not None, key
    assert spec.csv(rows, "zh").decode("utf-8-sig").count("\\n") > 1, key
    assert spec.table(rows, "en").shape[0] == len(rows), key
    assert spec.records(rows), key
loaded = sorted(name for name in sys.modules if name.split(".")[0] == "streamlit")
assert not loaded, loaded
print("no streamlit")
"""


@pytest.fixture(scope="session")
def corrected_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The mini package, then a corrected copy of it: a release with corrections."""
    from tests.web_support import changed_mini, import_package

    folder = tmp_path_factory.mktemp("corrected")
    url = support.build_mini(folder / "corrected.db")
    import_package(url, changed_mini(folder))
    return url


@pytest.fixture(params=sorted(REGISTRY))
def chart(
    request: pytest.FixtureRequest, mini_url: str, corrected_url: str
) -> tuple[ChartSpec, str]:
    """Each declared chart, with the database whose view has rows for it (corrections
    need two releases)."""
    key = request.param
    return REGISTRY[key], corrected_url if key == "corrections" else mini_url


def _view(url: str, spec: ChartSpec, lang: str) -> View:
    values = PAGE_VIEWS[spec.page]
    return View(
        url=url,
        stamp=reads.release_stamp(url),
        page_name=spec.page,
        lang=lang,
        **values,  # type: ignore[arg-type]
    )


def test_specs_render_in_a_fresh_interpreter_without_streamlit(mini_url: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", OUTSIDE_STREAMLIT, mini_url],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    assert "no streamlit" in done.stdout


def test_every_spec_belongs_to_a_page() -> None:
    assert {spec.page for spec in REGISTRY.values()} == set(PAGE_VIEWS)


def test_rows_and_csv_are_the_same_in_every_language(chart: tuple[ChartSpec, str]) -> None:
    spec, url = chart
    zh = spec.data(_view(url, spec, "zh"))
    en = spec.data(_view(url, spec, "en"))
    assert not zh.empty, "the mini view has rows for this chart (else the test proves nothing)"
    pd.testing.assert_frame_equal(zh, en)
    csv_zh = spec.csv(zh, "zh").decode("utf-8-sig").splitlines()
    csv_en = spec.csv(en, "en").decode("utf-8-sig").splitlines()
    assert len(csv_zh) == len(zh) + 1
    assert csv_zh[1:] == csv_en[1:]
    assert json.dumps(spec.records(zh), ensure_ascii=False) == json.dumps(
        spec.records(en), ensure_ascii=False
    )


def test_table_view_is_localized_and_has_a_row_per_record(chart: tuple[ChartSpec, str]) -> None:
    spec, url = chart
    rows = spec.data(_view(url, spec, "en"))
    for lang in ("zh", "en"):
        table = spec.table(rows, lang)
        assert len(table) == len(rows)
        assert list(table.columns) == [
            spec.header(c, lang, spec.money_unit(rows, lang)[1], exact=False)
            for c in spec.visible(rows)
        ]


def test_csv_writes_codes_and_exact_values(mini_url: str) -> None:
    spec = REGISTRY["loop"]
    rows = spec.data(_view(mini_url, spec, "en"))
    lines = spec.csv(rows, "en").decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Stage,Funds (CNY),")
    stage, funds, _ = lines[1].split(",")
    assert stage == "spending"
    assert Decimal(funds) == rows["funds"].iloc[0]


def test_translated_cells_are_in_the_table_view_only(mini_url: str) -> None:
    """The 本级 row is named in words (and in English romanised) in the table, by code,
    kind and the published name in the download."""
    spec = REGISTRY["children_table"]
    rows = spec.data(_view(mini_url, spec, "en"))
    table = spec.table(rows, "en")
    assert table.iloc[0, 0] == "Jiangxi (own level)"
    csv_lines = spec.csv(rows, "en").decode("utf-8-sig").splitlines()
    assert csv_lines[1].startswith("own,江西省,")


def test_records_are_plain_json(mini_url: str) -> None:
    spec = REGISTRY["headline"]
    records = spec.records(spec.data(_view(mini_url, spec, "zh")))
    projects = next(r for r in records if r["metric"] == "projects")
    assert set(projects) == {"metric", "kind", "value", "previous_year", "previous_value"}
    assert isinstance(projects["value"], int)
    spending = next(r for r in records if r["metric"] == "project_spending")
    assert isinstance(spending["value"], float)
    json.dumps(records)
