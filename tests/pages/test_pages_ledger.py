"""The result-application ledger on the pages: the project page tells announced from
actual, and the explorer lists the projects of one verdict.

Why: a reader of project 36000017002 must not take the application record's "next year
27000万" for the budget the next year actually published (31000万); the figures here are
the package's, worked out by hand (``tests/flags_by_hand.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.core.i18n import t
from tests import pages_support as support
from tests.flags_by_hand import expected as by_hand
from tests.package_builders import ledger_package
from tests.pages_support import open_page

JIANGXI = {"360000", "360100", "360121", "360722"}


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    from data_access.db.engine import make_engine
    from data_access.ingest.importer import import_package

    folder = tmp_path_factory.mktemp("ledger-pages")
    package = ledger_package(folder)
    url = f"sqlite:///{folder / 'ledger.db'}"
    engine = make_engine(url)
    assert import_package(engine, package).ok
    engine.dispose()
    return url, package


def _ledger_table(at):
    header = t("ledger.col.next_budget", "zh")
    found = [f for f in support.frames(at) if any(str(c).startswith(header) for c in f.columns)]
    assert found, [list(f.columns) for f in support.frames(at)]
    return found[0]


def test_the_project_page_shows_announced_beside_actual(ledger, use_db) -> None:
    url, package = ledger
    use_db(url)
    want = by_hand(package, 2017, JIANGXI)
    at = open_page("project", project="36000017002", year="2017")
    table = _ledger_table(at)
    row = table.iloc[0].to_dict()

    def cell(key: str) -> object:
        return next(v for k, v in row.items() if str(k).startswith(t(key, "zh")))

    # Money in the table's unit (亿元): announced 2.7, published 3.1, actual +0.1.
    assert cell("ledger.col.announced_budget") == pytest.approx(2.7)
    assert cell("ledger.col.next_budget") == pytest.approx(3.1)
    assert cell("ledger.col.actual_change") == pytest.approx(
        float(want.actual_change["36000017002"]) / 1e8
    )
    assert cell("ledger.col.difference") == pytest.approx(0.4)
    assert cell("ledger.col.verdict") == t(f"ledger.verdict.{want.verdicts['36000017002']}", "zh")
    assert t("ledger.project.title", "zh", next_year=2018) in support.texts(at)
    # The application record keeps its own words: announced, not the verdict.
    assert t("project.applications", "zh") in support.texts(at)


def test_an_unevaluated_year_says_there_is_nothing_to_compare(ledger, use_db) -> None:
    url, _ = ledger
    use_db(url)
    at = open_page("project", project="36000017001", year="2016")
    assert "没有评价，无从比较" in support.texts(at)


def test_the_explorer_lists_one_verdict(ledger, use_db) -> None:
    url, package = ledger
    use_db(url)
    want = by_hand(package, 2017, JIANGXI)
    for verdict in ("carried_out", "not_carried_out", "project_ended", "not_announced"):
        at = open_page("explore", year="2017", region="360000", verdict=verdict)
        codes = support.frames(at)[-1][t("col.project_code", "zh")].tolist()
        assert sorted(codes) == sorted(c for c, v in want.verdicts.items() if v == verdict)
        assert t(f"ledger.verdict_def.{verdict}", "zh") in support.texts(at)
    bad = open_page("explore", year="2017", region="360000", verdict="late")
    assert "链接参数 verdict=late" in support.texts(bad)


def test_about_lists_rules_thresholds_weights_basis_and_verdicts(mini_url, use_db) -> None:
    """/about: every rule with its thresholds, severity weight and legal basis as the
    settings file sets them, the severity score's and the ledger's own settings, and
    every verdict with its meaning."""
    import tomllib

    from data_access.flags.rules import RULES
    from data_access.flags.settings import SETTINGS_PATH

    use_db(mini_url)
    at = open_page("about")
    shown = "\n".join(str(tbl.value.to_dict()) for tbl in at.table)
    settings = tomllib.loads(SETTINGS_PATH.read_text(encoding="utf-8"))
    for key, rule in RULES.items():
        assert rule.title("zh") in shown, key
        for name, value in rule.settings.items():
            assert f"{name} = {value}" in shown, (key, name)
    assert "财预〔2020〕10号" in shown and "财预〔2019〕136号" in shown
    assert f"tolerance_share = {settings['ledger']['tolerance_share']}" in shown
    assert f"repeat_years = {settings['severity']['repeat_years']}" in shown
    for verdict in ("carried_out", "not_carried_out", "project_ended", "no_next_year",
                    "not_announced"):
        assert t(f"ledger.verdict_def.{verdict}", "zh") in shown
