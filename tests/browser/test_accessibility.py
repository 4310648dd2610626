"""An axe-core accessibility scan of every page, in Chinese and English (issue #10).

Why in a browser: contrast, names of links and controls, table headers and the
document language are properties of the rendered page (our CSS and HTML inside
Streamlit's own markup), and axe-core computes them from the live DOM. axe-core is
vendored (``vendor/axe-core``) so the test never touches the network.

The bar: no violation of impact ``serious`` or ``critical``, on the whole document
(Streamlit's own widgets included: none of theirs needs an exclusion in Streamlit 1.67).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.core import reads, theme
from data_access.reads.selection import ViewFilter
from tests.browser.conftest import screenshot, settle

AXE_SOURCE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")

# name -> path; ``{project}`` is a published project of the demo data (fixture below).
PAGES: list[tuple[str, str]] = [
    ("overview", "/"),
    ("trends", "/trends"),
    ("regions", "/regions"),
    ("explore", "/explore"),
    ("project", "/project?{project}"),
    ("project-none", "/project"),
    ("hearing", "/hearing?region=360000"),
    ("hearing-step", "/hearing?region=360000&step=2"),
    ("data", "/data"),
    ("about", "/about"),
    ("not-found", "/no-such-page"),
]

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({
      impact: n.impact, target: n.target.map(String).join(" "), summary: n.failureSummary,
    })),
  }));
}"""


@pytest.fixture(scope="module")
def project_query(browser_db_url: str) -> str:
    """``project=CODE&year=YEAR`` of the first published project of the demo province."""
    from data_access.db.engine import make_engine
    from data_access.reads.queries import project_list

    stamp = reads.release_stamp(browser_db_url)
    year = reads.available_years(browser_db_url, stamp)[-1]
    first = project_list(make_engine(browser_db_url), ViewFilter(year, "360000")).rows[0]
    return f"project={first.project_code}&year={first.fiscal_year}"


def drawn(tab, code: str) -> None:
    """Wait until the frame's head is applied: ``<html lang>`` and the page-wide CSS.

    Why: Streamlit sends a style-only ``st.html`` to its event container, which the
    browser may draw a moment after the run ends; scanning before it arrives would
    measure Streamlit's own caption grey, not the dashboard's.
    """
    tab.wait_for_function(
        """([code, marker]) => document.documentElement.lang === code
            && [...document.querySelectorAll("style")].some(s => s.textContent.includes(marker))""",
        arg=[code, theme.CAPTION_COLOUR],
        timeout=15_000,
    )


def blocking_violations(tab) -> list[dict[str, object]]:
    """The serious and critical violations axe finds on the page (every rule axe runs by
    default: WCAG 2.x A and AA and best practices), with the elements at fault."""
    tab.add_script_tag(content=AXE_SOURCE.read_text(encoding="utf-8"))
    blocking = []
    for violation in tab.evaluate(RUN_AXE):
        nodes = [n for n in violation["nodes"] if (n["impact"] or violation["impact"]) in BLOCKING]
        if nodes:
            blocking.append({**violation, "nodes": nodes})
    return blocking


def describe(violations: list[dict[str, object]]) -> str:
    """One block per rule: id, impact, help text and link, then each offending element."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:  # type: ignore[attr-defined]
            summary = " ".join(str(node["summary"] or "").split())
            lines.append(f"    {node['target']}  -- {summary[:300]}")
    return "\n".join(lines)


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_serious_or_critical_violation(
    page, server: str, project_query: str, name: str, path: str, lang: str
) -> None:
    path = path.format(project=project_query)
    sep = "&" if "?" in path else "?"
    page.goto(f"{server}{path}{sep}lang={lang}")
    settle(page)
    drawn(page, "zh-Hans" if lang == "zh" else "en")
    violations = blocking_violations(page)
    assert not violations, f"{path} ({lang}):\n{describe(violations)}"
    assert page.outside_requests == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_headline_cards_two_per_row_on_a_phone(page, server: str, lang: str) -> None:
    """On a 390 px wide phone the overview's ten headline cards sit two per row (they were
    one per row, ten screens of scrolling), and no label, value or change is cut off."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server}/?lang={lang}")
    settle(page)
    drawn(page, "zh-Hans" if lang == "zh" else "en")
    selector = ".st-key-headline-cards [data-testid='stMetric']"
    # On a loaded machine the first "notRunning" can come before the cards are drawn.
    page.wait_for_function(
        "s => document.querySelectorAll(s).length >= 10", arg=selector, timeout=30_000
    )
    cards = page.evaluate(
        """s => [...document.querySelectorAll(s)].map(card => {
            const box = card.getBoundingClientRect();
            const cut = [...card.querySelectorAll("[data-testid='stMarkdownContainer']")]
                .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent);
            return {top: Math.round(box.top), left: box.left, right: box.right, cut};
        })""",
        selector,
    )
    assert len(cards) == 10
    rows: dict[int, list[dict[str, object]]] = {}
    for card in cards:
        rows.setdefault(card["top"], []).append(card)
    assert [len(row) for row in rows.values()] == [2] * 5, cards
    assert all(card["right"] <= 390 and card["left"] >= 0 for card in cards), cards
    assert [card["cut"] for card in cards if card["cut"]] == []
    screenshot(page, f"overview-{lang}-390-cards")
