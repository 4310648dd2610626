"""A package's English title (``title_en`` in datapackage.json) names the release on
every English surface, and only there (issue 17, item 7).

Why one test over all surfaces: the title is read once (``fmt.release_title``) and the
API, the downloads' citation facts, the feed and the brief each used to read ``title`` on their
own; an English reader saw the Chinese title with "(title in Chinese)" although the
publisher had given an English one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from data_access.db.engine import make_engine
from data_access.ingest.importer import import_package, rollback
from data_access.reads.queries import releases
from tests.package_builders import copy_package, update_descriptor
from tests.web_support import client_for

ENGLISH = "Jiangxi budget performance results (small example)"
CHINESE = "江西省预算绩效评价结果（小样例）"  # examples/mini-jiangxi/datapackage.json
VIEW = "year=2017&region=360000"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, TestClient]]:
    root = tmp_path_factory.mktemp("title_en")
    package = copy_package(root)
    update_descriptor(package, title_en=ENGLISH)
    url = f"sqlite:///{root / 'db.sqlite'}"
    report = import_package(make_engine(url), package)
    assert report.ok, report.render()
    with client_for(url) as client:
        yield url, client


def test_the_api_carries_both_titles(served: tuple[str, TestClient]) -> None:
    _, client = served
    (release,) = client.get("/api/v1/releases").json()["releases"]
    assert (release["title"], release["title_en"]) == (CHINESE, ENGLISH)
    assert client.get(f"/api/v1/metrics?{VIEW}").json()["release"]["title_en"] == ENGLISH


@pytest.mark.parametrize(
    "path",
    [f"/download/loop.json?{VIEW}", "/feed.xml?", "/download/brief/360000.html?year=2017"],
)
def test_english_surfaces_name_the_english_title_and_chinese_ones_the_chinese(
    served: tuple[str, TestClient], path: str
) -> None:
    _, client = served
    english = client.get(f"{path}&lang=en").text
    chinese = client.get(f"{path}&lang=zh").text
    assert ENGLISH in english and "title in Chinese" not in english
    assert CHINESE in chinese and ENGLISH not in chinese


def test_a_rollback_keeps_the_english_title(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    first = copy_package(tmp_path, "first")
    update_descriptor(first, title_en=ENGLISH)
    second = copy_package(tmp_path, "second")
    update_descriptor(second, title="第二版", title_en=None)
    assert import_package(engine, first).ok and import_package(engine, second).ok
    restored = rollback(engine, 1)
    assert restored.release_id == 3
    by_id = {info.id: info for info in releases(engine)}
    assert (by_id[1].title_en, by_id[2].title_en, by_id[3].title_en) == (ENGLISH, None, ENGLISH)


def test_a_control_character_in_the_english_title_is_refused(tmp_path: Path) -> None:
    package = copy_package(tmp_path)
    update_descriptor(package, title_en="Jiangxi\u202eresults")
    report = import_package(make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}"), package)
    assert not report.ok
    assert any(
        (p.file, p.column) == ("datapackage.json", "title_en") for p in report.errors
    ), report.render()


def test_the_demo_names_itself_in_english_on_english_surfaces(tmp_path: Path) -> None:
    """The demo goes through the same release writer as an import, English title
    included: an English reader of the demo saw "江西省…（演示数据，合成） (title in
    Chinese)"."""
    from data_access.demo.build import build_demo

    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    build_demo(make_engine(url), scale=0.01)
    with client_for(url) as client:
        english = client.get("/api/v1/releases?lang=en").text
        chinese = client.get("/api/v1/releases?lang=zh").text
    title_en = "Jiangxi budget performance results (demonstration data, synthetic)"
    assert title_en in english and "title in Chinese" not in english
    assert "江西省预算绩效管理结果（演示数据，合成）" in chinese
