"""/hearing on a projector: the first screen at 1024x768, the arrow keys, the contrast.

Why in a browser: "visible without scrolling", "→ moves to the next step" and "text at
least 4.5:1 against its background" are properties of the laid-out page (CSS, fonts,
Streamlit's own theme around our screen, the inline key script), which only a browser
computes. Contrast is computed from the computed styles of the text elements, with the
background each one actually sits on (the first opaque one among its ancestors).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from dashboard.core import formatting as fmt
from dashboard.core import reads
from dashboard.core.i18n import t
from dashboard.core.view import View
from dashboard.renderers import brief
from dashboard.specs import hearing as spec
from data_access.reads.selection import ViewFilter
from tests.browser.conftest import ARTIFACTS, settle

PROJECTOR = {"width": 1024, "height": 768}
MIN_CONTRAST = 4.5
# The text a presenter reads: our screen, the step links and counter, the hearing links.
TEXT_SELECTOR = (
    ".hearing-screen h1, .hearing-screen h2, .hearing-screen .sub, .hearing-screen .label, "
    ".hearing-screen .value, .hearing-screen .vs, .hearing-screen .rule, "
    ".hearing-screen div, .hearing-screen td, .hearing-screen th, "
    "[data-testid='stPageLink'] p, [data-testid='stCaptionContainer'], "
    "[data-testid='stMarkdownContainer'] p"
)

CONTRAST_SCRIPT = """(selector) => {
  const parse = (text) => {
    const m = text.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const blend = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a), a: 1,
  });
  const background = (el) => {
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const c = parse(getComputedStyle(node).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let colour = {r: 255, g: 255, b: 255, a: 1};
    for (const layer of layers.reverse()) colour = blend(layer, colour);
    return colour;
  };
  const luminance = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const found = [];
  for (const el of document.querySelectorAll(selector)) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const box = el.getBoundingClientRect();
    if (!own || box.width === 0 || box.height === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
    const bg = background(el);
    const fg = blend(parse(style.color), bg);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    found.push({text: el.textContent.trim().slice(0, 40), color: style.color,
                background: `rgb(${bg.r},${bg.g},${bg.b})`,
                ratio: (hi + 0.05) / (lo + 0.05)});
  }
  return found;
}"""


def _step(url: str) -> str:
    return parse_qs(urlparse(url).query).get("step", ["0"])[-1]


def _showing_step(page, hearing, step: str) -> None:
    """Wait until the page draws screen ``step`` (its "第 n / N 页" line), then for the
    run to end. Why not the run counter: a key pressed while the page's own second run
    (the one that writes the view into the address) is still going is folded into that
    run, so no new run is counted although the screen changes."""
    wanted = t("hearing.step_of", "zh", step=int(step) + 1, steps=hearing.steps)
    page.wait_for_function(
        "w => [...document.querySelectorAll("
        "'.st-key-hearing-nav [data-testid=stCaptionContainer]')]"
        ".some(c => c.textContent.trim() === w)",
        arg=wanted,
        timeout=30_000,
    )
    settle(page, new_run=False)


def _box(page, selector: str) -> dict:
    return page.locator(selector).first.evaluate(
        "el => { const b = el.getBoundingClientRect();"
        " return {top: b.top, bottom: b.bottom, left: b.left, right: b.right,"
        " height: window.innerHeight, width: window.innerWidth}; }"
    )


def _within_first_screen(page, selector: str) -> None:
    box = _box(page, selector)
    assert box["top"] >= 0 and box["bottom"] <= box["height"], (selector, box)
    assert box["left"] >= 0 and box["right"] <= box["width"], (selector, box)


@pytest.fixture
def hearing(browser_db_url: str) -> brief.Hearing:
    """The hearing of the demo province in its latest year, as the page builds it."""
    stamp = reads.release_stamp(browser_db_url)
    year = reads.available_years(browser_db_url, stamp)[-1]
    view = View(url=browser_db_url, stamp=stamp, page_name="hearing", lang="zh", year=year,
                region="360000")
    return brief.hearing(view)


@pytest.mark.parametrize("present", [False, True], ids=["page", "presenter"])
def test_first_screen_fits_a_projector(page, server: str, hearing, present: bool) -> None:
    page.set_viewport_size(PROJECTOR)
    extra = "&present=1" if present else ""
    page.goto(f"{server}/hearing?region=360000&year={hearing.year}&lang=zh{extra}")
    settle(page)
    page.wait_for_selector(".hearing-screen h1")
    ARTIFACTS.mkdir(exist_ok=True)
    name = "present" if present else "page"
    page.screenshot(path=str(ARTIFACTS / f"hearing-1024x768-{name}.png"))
    assert page.inner_text(".hearing-screen h1") == hearing.subject == "江西省"
    cards = page.locator(".hearing-card")
    rows = hearing.table(spec.HEADLINE).to_dict("records")
    assert cards.count() == len(rows) >= 3
    for index, row in enumerate(rows):
        assert fmt.metric_value(row["kind"], row["value"], "zh") in cards.nth(index).inner_text()
        _within_first_screen(page, f".hearing-card >> nth={index}")
    _within_first_screen(page, ".hearing-screen h1")
    assert hearing.projects, "the demo has flags"
    assert hearing.projects[0].project.project_name in page.inner_text(".hearing-flag")
    _within_first_screen(page, ".hearing-flag")
    assert page.outside_requests == []


def test_arrow_keys_move_between_steps(page, server: str, hearing) -> None:
    page.set_viewport_size(PROJECTOR)
    page.goto(f"{server}/hearing?region=360000&year={hearing.year}&lang=zh&present=1")
    settle(page)
    page.locator(".hearing-screen h1").click()  # focus the page, not a field
    seen = []
    for key, wanted in (("ArrowRight", "1"), ("ArrowRight", "2"), ("ArrowLeft", "1"),
                        ("ArrowLeft", "0")):
        page.keyboard.press(key)
        page.wait_for_function(
            "s => new URL(location.href).searchParams.get('step') === s", arg=wanted,
            timeout=15_000,
        )
        _showing_step(page, hearing, wanted)
        seen.append(_step(page.url))
        heading = page.inner_text(".hearing-screen")
        if wanted == "2":
            page.screenshot(path=str(ARTIFACTS / "hearing-1024x768-flags.png"))
            assert "poor_not_cut" not in heading  # rule titles, not keys
    assert seen == ["1", "2", "1", "0"]
    # ← on the first screen goes nowhere: had it moved (or wrapped to the last step),
    # the → after it would not land on step 1.
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => new URL(location.href).searchParams.get('step') === '1'", timeout=15_000
    )
    _showing_step(page, hearing, "1")
    assert _step(page.url) == "1"


@pytest.mark.parametrize("step", ["0", "2", "3", "5"])
@pytest.mark.parametrize("present", [False, True], ids=["page", "presenter"])
def test_text_contrast_is_at_least_4_5_to_1(
    page, server: str, hearing, step: str, present: bool
) -> None:
    page.set_viewport_size(PROJECTOR)
    extra = "&present=1" if present else ""
    page.goto(f"{server}/hearing?region=360000&year={hearing.year}&lang=zh&step={step}{extra}")
    settle(page)
    page.wait_for_selector(".hearing-screen h1")
    measured = page.evaluate(CONTRAST_SCRIPT, TEXT_SELECTOR)
    assert len(measured) >= 5, measured
    low = [m for m in measured if m["ratio"] < MIN_CONTRAST]
    assert not low, low


@pytest.mark.parametrize(
    ("region", "which_year", "present"),
    [("360000", -1, False), ("360400", 2, True)],
    ids=["province-latest-page", "city-earlier-year-presenter"],
)
def test_poor_not_cut_projects_are_one_click_from_the_hearing(
    page, server: str, browser_db_url: str, region: str, which_year: int, present: bool
) -> None:
    """"A committee member finds, for any region and year, the 差/中 projects whose
    budgets were not cut, in two clicks from /hearing": on the hearing of that region and
    year (its URL, or its pickers), one click on the first screen's link opens the
    explorer listing exactly those project-years, largest money at stake first, each
    with its money at stake; a second click opens any of them."""
    from dashboard.core import formatting as fmt
    from dashboard.core.i18n import t
    from data_access.db.engine import make_engine
    from data_access.flags.rules import RULES, flag_items

    stamp = reads.release_stamp(browser_db_url)
    year = reads.available_years(browser_db_url, stamp)[which_year]
    engine = make_engine(browser_db_url)
    try:
        flagged = flag_items(engine, ViewFilter(year, region, "all"), rules=["poor_not_cut"])
    finally:
        engine.dispose()
    assert flagged, "the demo has 差/中 projects whose budget was not cut here"
    expected = sorted(flagged, key=lambda i: (-i.money_at_stake, i.project_code))
    page.set_viewport_size(PROJECTOR)
    extra = "&present=1" if present else ""
    page.goto(f"{server}/hearing?region={region}&year={year}&lang=zh{extra}")
    settle(page)
    label = t("hearing.explore_flag", "zh", rule=RULES["poor_not_cut"].title("zh"),
              count=fmt.count(len(flagged), "zh"))
    link = page.locator("[data-testid='stPageLink'] a", has_text=label)
    expect(link).to_have_count(1)  # Playwright waits for the run that draws it
    link.click()  # click 1
    page.wait_for_url("**/explore?**", timeout=15_000)
    settle(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["region"] == [region] and query["year"] == [str(year)]
    assert query["flag"] == ["poor_not_cut"] and query["sort"] == ["flagged"]
    # Read from the list's accessible table: the grid is a canvas that draws only the
    # columns that fit, and the code and grade columns are past the right edge.
    page.get_by_text(t("table.html", "zh")).last.click()
    table = page.locator("table.table-alternative").last
    table.wait_for(state="visible")
    rows = table.evaluate(
        """t => {
            const heads = [...t.querySelectorAll("thead th")].map(h => h.textContent);
            return [...t.querySelectorAll("tbody tr")].map(r => Object.fromEntries(
                [...r.children].map((c, i) => [heads[i], c.textContent])));
        }"""
    )
    code_header = t("col.project_code", "zh")
    assert [r[code_header] for r in rows] == [i.project_code for i in expected][:25]
    assert {r[t("col.grade", "zh")] for r in rows} <= {t("grade.fair", "zh"),
                                                       t("grade.poor", "zh")}
    money = [h for h in rows[0] if h.startswith(t("col.money_at_stake", "zh"))]
    assert money and all(r[money[0]] not in ("", fmt.NO_DATA) for r in rows)
    rule = RULES["poor_not_cut"].title("zh")
    assert {r[t("col.flag_rules", "zh")] for r in rows} == {rule}
    page.screenshot(path=str(ARTIFACTS / f"hearing-poor-not-cut-{region}-{year}.png"))
    # Click 2: a name in that table opens the project in that year.
    first = table.locator("a[href^='/project?']").first
    first.click()
    page.wait_for_url("**/project?**", timeout=15_000)
    query = parse_qs(urlparse(page.url).query)
    assert query["project"] == [expected[0].project_code] and query["year"] == [str(year)]


# Every slide: nothing below the fold, and every chart drawn (Plotly's bars present, no
# inline SVG left empty by Streamlit's sanitiser).
SLIDE_SCRIPT = """() => {
  const main = document.querySelector('[data-testid="stMain"]') || document.scrollingElement;
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  const drawn = charts.map(
      c => c.querySelectorAll('.main-svg .bars path, .main-svg .point path').length);
  const svgs = [...document.querySelectorAll('.hearing-screen svg')].map(s => s.childElementCount);
  const screen = document.querySelector('.hearing-screen');
  const bottom = Math.max(...[...document.querySelectorAll(
      '.hearing-screen, [data-testid="stPlotlyChart"], [data-testid="stPageLink"]')]
      .map(e => e.getBoundingClientRect().bottom));
  return {scroll: main.scrollHeight, client: main.clientHeight, bottom, height: innerHeight,
          drawn, svgs, text: screen ? screen.innerText.length : 0};
}"""


def test_every_presenter_slide_fits_a_projector_and_is_drawn(page, server: str, hearing) -> None:
    """Each of the presentation's screens at 1024x768 in presenter mode: its content
    within the screen without scrolling, and no empty chart (the trend is the pages'
    Plotly chart, drawn with its bars)."""
    page.set_viewport_size(PROJECTOR)
    base = f"{server}/hearing?region=360000&year={hearing.year}&lang=zh&present=1"
    asked = ",".join(a.id for a in hearing.outline()[:6])
    for step in range(hearing.steps):
        extra = f"&ask={asked}" if step == hearing.questions_step else ""
        page.goto(f"{base}&step={step}{extra}")
        settle(page)
        page.wait_for_selector(".hearing-screen h1")
        if step == brief.TREND_STEP:
            page.wait_for_selector("[data-testid='stPlotlyChart'] .main-svg .bars path")
        found = page.evaluate(SLIDE_SCRIPT)
        if found["scroll"] > found["client"] + 1 or found["bottom"] > found["height"]:
            page.screenshot(path=str(ARTIFACTS / f"hearing-slide-{step}-overflow.png"))
        assert found["scroll"] <= found["client"] + 1, (step, found)
        assert found["bottom"] <= found["height"], (step, found)
        assert found["text"] > (10 if step == brief.TREND_STEP else 40), (step, found)
        assert all(n > 0 for n in found["drawn"]), (step, found)
        assert all(n > 0 for n in found["svgs"]), (step, found)
        if step == brief.TREND_STEP:
            assert found["drawn"] and found["drawn"][0] >= len(hearing.table(spec.TREND))
    assert page.outside_requests == []
