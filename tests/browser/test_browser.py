"""The dashboard in a real browser: pages render, clicks drill down, back returns,
the language switch works, a phone-width window does not scroll sideways, and nothing
is fetched from the internet."""

from __future__ import annotations

import contextlib
from urllib.parse import parse_qs, urlparse

import pytest

from dashboard.core.i18n import t
from data_access.reads.selection import ViewFilter
from tests.browser.conftest import go_back, screenshot, settle

PAGES = [
    ("overview", "/"),
    ("trends", "/trends"),
    ("regions", "/regions"),
    ("regions-city", "/regions?region=360700"),
    ("explore", "/explore?region=360100"),
    ("explore-county", "/explore?region=360121"),
    ("about", "/about"),
]
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"


def _params(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(url).query).items()}


def _open(page, server: str, path: str) -> None:
    page.goto(server + path)
    settle(page)


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_renders_without_errors(
    page, server: str, name: str, path: str, lang: str
) -> None:
    sep = "&" if "?" in path else "?"
    _open(page, server, f"{path}{sep}lang={lang}")
    assert page.locator(ERRORS).count() == 0
    assert page.locator("h1").count() >= 1
    assert t("demo.banner", lang) in page.inner_text("[data-testid='stMain']")
    assert page.title().endswith(t("app.name", lang))
    screenshot(page, f"{name}-{lang}-1280")
    assert page.outside_requests == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_project_page_renders(page, server: str, browser_db_url: str, lang: str) -> None:
    from data_access.db.engine import make_engine
    from data_access.reads.queries import project_list

    _open(page, server, f"/explore?region=360000&lang={lang}")
    page.wait_for_selector("[data-testid='stDataFrame']", timeout=15_000)
    # The first project of the province's list, opened by its URL.
    year = int(_params(page.url)["year"])
    rows = project_list(make_engine(browser_db_url), ViewFilter(year, "360000")).rows
    link = f"/project?project={rows[0].project_code}&year={rows[0].fiscal_year}&lang={lang}"
    _open(page, server, link)
    assert page.locator(ERRORS).count() == 0
    assert page.locator("h1").first.inner_text() == rows[0].project_name
    screenshot(page, f"project-{lang}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    settle(page, new_run=False)  # a resize redraws; it does not run the script
    screenshot(page, f"project-{lang}-390")


def test_ranking_bar_click_drills_down_and_back_returns(page, server: str) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    _open(page, server, "/regions?region=360000&year=2018")
    start = page.url
    bar = page.locator("[data-testid='stPlotlyChart'] .bars .point path").first
    # Plotly draws its bars after the script run has settled on a loaded machine, and a
    # click before it has bound its handlers selects nothing: wait for the bar, and
    # click once more if the first click changed nothing.
    bar.wait_for(state="visible", timeout=15_000)
    for _attempt in range(2):
        bar.click(force=True)
        with contextlib.suppress(PlaywrightTimeout):  # the asserts below say what went wrong
            page.wait_for_url(lambda url: _params(url).get("region") != "360000", timeout=10_000)
            break
    settle(page)
    params = _params(page.url)
    assert params["region"] != "360000" and params["region"].startswith("36")
    assert urlparse(page.url).path == "/regions"
    go_back(page, "regions", "江西省")
    assert _params(page.url)["region"] == "360000"
    assert page.url == start or _params(page.url) == _params(start)


def test_map_click_drills_down_and_back_returns(page, server: str) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    _open(page, server, "/regions?region=360000&year=2018")
    canvas = page.locator("[data-testid='stDeckGlJsonChart'] canvas").first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    # Well inside the southern city (Ganzhou), away from any boundary line. deck.gl picks
    # objects only once it has drawn the map in view, which on a loaded machine comes
    # well after the script run has settled: hover until its tooltip names the region
    # (picking works), then click. A click that started no drill-down (the map was
    # still drawing) is tried again once the app is idle, at most three times.
    point = {"x": box["width"] * 0.45, "y": box["height"] * 0.75}
    tooltip = page.locator(".deck-tooltip").first

    def drilled(url: str) -> bool:
        return _params(url).get("region") != "360000"

    for _click in range(3):
        for _hover in range(3):
            canvas.hover(position=point)
            try:
                tooltip.wait_for(state="visible", timeout=10_000)
                break
            except PlaywrightTimeout:  # the asserts below say what went wrong
                page.mouse.move(0, 0)
        canvas.click(position=point)
        with contextlib.suppress(PlaywrightTimeout):  # the asserts below say what went wrong
            page.wait_for_url(drilled, timeout=15_000)
        # A click that drilled caused a run; one that did not (deck.gl still drawing)
        # caused none, and is tried again.
        settle(page, new_run=drilled(page.url))
        if drilled(page.url):
            break
    params = _params(page.url)
    assert params["region"] != "360000" and params["region"].startswith("36")
    screenshot(page, "regions-after-map-click")
    go_back(page, "regions", "江西省")
    assert _params(page.url)["region"] == "360000"


def test_language_switch_changes_the_labels(page, server: str) -> None:
    _open(page, server, "/trends")
    assert page.locator("h1").first.inner_text() == t("trends.title", "zh")
    page.get_by_text("English", exact=True).click()
    settle(page)
    assert _params(page.url)["lang"] == "en"
    assert page.locator("h1").first.inner_text() == t("trends.title", "en")
    assert t("chart.grades.title", "en") in page.inner_text("[data-testid='stMain']")
    # The menu keeps the language and the view.
    page.get_by_role("link", name=t("page.overview", "en")).first.click()
    settle(page)
    assert _params(page.url)["lang"] == "en"
    assert page.locator("h1").first.inner_text() == t("overview.title", "en")


def test_year_change_pushes_history(page, server: str) -> None:
    _open(page, server, "/?year=2018")
    page.locator("[data-testid='stSelectbox']").first.click()
    page.get_by_role("option", name="2016年").click()
    settle(page)
    assert _params(page.url)["year"] == "2016"
    page.go_back()
    settle(page)
    assert _params(page.url)["year"] == "2018"


@pytest.mark.parametrize(
    ("name", "path"),
    [*PAGES, ("project-bad", "/project?project=NOPE")],
    ids=[p[0] for p in [*PAGES, ("project-bad", "")]],
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_phone_width_has_no_sideways_scroll(
    browser, server: str, name: str, path: str, lang: str
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    tab = context.new_page()
    try:
        sep = "&" if "?" in path else "?"
        tab.goto(f"{server}{path}{sep}lang={lang}")
        settle(tab)
        overflow = tab.evaluate(
            "() => Math.max(...['html', 'body', '[data-testid=stMain]',"
            " '[data-testid=stAppViewContainer]'].map(s => document.querySelector(s))"
            ".filter(Boolean).map(e => e.scrollWidth - e.clientWidth))"
        )
        assert overflow <= 0
        assert tab.locator(ERRORS).count() == 0
        screenshot(tab, f"{name}-{lang}-390")
    finally:
        context.close()


def _icon_names() -> set[str]:
    """Every Material icon the app's code names (``:material/home:``): drawn from
    ligature text, so a leak shows as the bare word ("home") in copied text."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    found: set[str] = set()
    for folder in ("dashboard", "pages"):
        for path in (root / folder).rglob("*.py"):
            found |= set(re.findall(r":material/([a-z_]+):", path.read_text(encoding="utf-8")))
    return found


SELECT_ALL = """() => {
    const range = document.createRange();
    range.selectNodeContents(document.querySelector("[data-testid='stMain']"));
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return selection.toString();
}"""


@pytest.mark.parametrize(
    "path", ["/?lang=zh", "/explore?region=360100&lang=zh", "/no-such-page?lang=zh"]
)
def test_copied_text_carries_no_icon_names(page, server: str, path: str) -> None:
    """Select everything and copy: the text is the page's words, not "science 演示数据…".
    Streamlit 1.67 draws its icon ligatures ``aria-hidden`` and ``user-select: none``;
    this guards that against an upgrade or a page that writes an icon name as text.
    Chinese pages, where a lower-case English word can only be a leak."""
    import re

    names = _icon_names()
    assert {"science", "home", "touch_app"} <= names
    _open(page, server, path)
    copied = page.evaluate(SELECT_ALL)
    assert copied.strip()
    leaked = {name for name in names if re.search(rf"(?<![A-Za-z_]){name}(?![A-Za-z_])", copied)}
    assert not leaked, leaked


# How much of each text field's placeholder overflows its box, in px (0: it fits).
PLACEHOLDER_OVERFLOW = """() => [...document.querySelectorAll(
        "[data-testid='stTextInput'] input[placeholder]")]
    .filter(input => input.offsetParent !== null && input.placeholder)
    .map(input => {
        const style = getComputedStyle(input);
        const context = document.createElement("canvas").getContext("2d");
        context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const room = input.clientWidth - parseFloat(style.paddingLeft)
            - parseFloat(style.paddingRight);
        return [input.placeholder, context.measureText(input.placeholder).width - room];
    })"""


@pytest.mark.parametrize("width", [1400, 1024, 390])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_search_placeholder_fits_its_box(page, server: str, width: int, lang: str) -> None:
    """The search box says what it finds without being cut ("…(name, c")."""
    page.set_viewport_size({"width": width, "height": 800})
    _open(page, server, f"/explore?lang={lang}")
    # The boxes shown (a run the page starts by itself may redraw the header once more).
    overflows = page.wait_for_function(
        f"() => {{ const found = ({PLACEHOLDER_OVERFLOW})(); return found.length && found; }}",
        timeout=15_000,
    ).json_value()
    assert all(over <= 0 for _, over in overflows), overflows


@pytest.mark.parametrize("width", [1400, 1024, 390])
def test_headline_changes_are_read_whole(page, server: str, width: int) -> None:
    """Each headline card's change names the year it is measured against, and is shown
    whole (wrapped), never cut to "+2.5 个百分点（较2017…"."""
    page.set_viewport_size({"width": width, "height": 900})
    _open(page, server, "/?lang=zh&year=2018")
    page.locator("[data-testid='stMetricDelta'] p").first.wait_for(timeout=15_000)
    deltas = page.evaluate(
        """() => [...document.querySelectorAll("[data-testid='stMetricDelta'] p")]
            .map(p => [p.textContent, p.scrollWidth - p.clientWidth,
                       p.parentElement.scrollWidth - p.parentElement.clientWidth])"""
    )
    assert deltas and all("（较2017年）" in text for text, _, _ in deltas), deltas
    assert all(cut <= 0 and outer <= 0 for _, cut, outer in deltas), deltas


@pytest.mark.parametrize("width", [1400, 390])
def test_no_blank_band_under_the_menu(page, server: str, width: int) -> None:
    """The page's first line sits right under Streamlit's header (which holds the
    menu): the default padding left about 110 px blank on every page."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.set_viewport_size({"width": width, "height": 800})
    _open(page, server, "/?lang=zh")
    gap = """() => {
        const header = document.querySelector("header[data-testid='stHeader']");
        const first = document.querySelector(".st-key-app-header");
        return header && first ? [header.getBoundingClientRect().bottom,
                                  first.getBoundingClientRect().top] : null;
    }"""
    # The page writes its default view into the address with a second run, which redraws
    # the page: wait for the layout to settle rather than measure in between.
    with contextlib.suppress(PlaywrightTimeout):  # the assert below says what is wrong
        page.wait_for_function(
            f"() => {{ const g = ({gap})(); return g && g[1] - g[0] >= 0 && g[1] - g[0] <= 40; }}",
            timeout=15_000,
        )
    top = page.evaluate(gap)
    assert top is not None and 0 <= top[1] - top[0] <= 40, top


# Every reference line of the ranking (the parent's value, the children's median) and
# every text of the figure: [left, right, top, bottom] boxes on the screen.
RANKING_BOXES = """() => {
    const chart = [...document.querySelectorAll("[data-testid='stPlotlyChart']")]
        .find(c => c.querySelector('.shapelayer path'));
    if (!chart) return null;
    const box = e => { const r = e.getBoundingClientRect();
                       return [r.left, r.right, r.top, r.bottom]; };
    return {lines: [...chart.querySelectorAll('.shapelayer path')].map(box),
            texts: [...chart.querySelectorAll('.annotation-text, .bars text')]
                .filter(t => /^[0-9.,]+%?$/.test(t.textContent.trim()))
                .map(t => [t.textContent, ...box(t)]),
            bars: chart.querySelectorAll('.bars .point').length};
}"""


@pytest.mark.parametrize("width", [1400, 1024, 390])
def test_ranking_values_are_never_struck_through(page, server: str, width: int) -> None:
    """Each bar's value is written where no reference line runs: written after the bar,
    "43.2%" was crossed by the median's dotted line at every width."""
    page.set_viewport_size({"width": width, "height": 900})
    _open(page, server, "/regions?lang=zh&year=2018")
    found = page.wait_for_function(
        f"() => {{ const f = ({RANKING_BOXES})(); return f && f.bars && f.texts.length && f; }}",
        timeout=20_000,
    ).json_value()
    assert len(found["texts"]) == found["bars"], found
    for _text, left, right, top, bottom in found["texts"]:
        for line_left, line_right, line_top, line_bottom in found["lines"]:
            crosses = left <= line_right and line_left <= right
            level = top <= line_bottom and line_top <= bottom
            assert not (crosses and level), (_text, found["lines"])


def test_no_chart_toolbar_on_a_phone(page, server: str) -> None:
    """On a phone Plotly's toolbar sat over the ranking's labels ("江西省：44.9%"); the
    downloads below each chart do what it offered."""
    page.set_viewport_size({"width": 390, "height": 844})
    _open(page, server, "/regions?lang=zh&year=2018")
    chart = page.locator("[data-testid='stPlotlyChart']").first
    chart.wait_for(timeout=20_000)
    chart.hover()
    assert page.locator(".modebar-container").evaluate_all(
        "bars => bars.every(b => getComputedStyle(b).display === 'none')"
    )
