"""Colours, fonts and Plotly settings shared by every chart.

Why one place: the same grade must have the same colour on every chart, and the
palette must stay readable for colour-blind readers (Okabe–Ito for categories, a
single-hue blue ramp for the map). Fonts must render Chinese without a web font, and
Plotly's config must not fetch anything or show its logo.
"""

from __future__ import annotations

from functools import lru_cache

import plotly.graph_objects as go
from PIL import Image, ImageDraw

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
SERIES_COLOURS: tuple[str, ...] = (
    OKABE_ITO["blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["black"],
)
# Each grade differs from the others in lightness and, in bar charts, in pattern, not only
# in hue: 中 and 差 were two oranges, which red-green colour-blind readers cannot tell apart.
GRADE_COLOURS: dict[str, str] = {
    "excellent": OKABE_ITO["bluish_green"],
    "good": OKABE_ITO["sky_blue"],
    "fair": OKABE_ITO["yellow"],
    "poor": OKABE_ITO["vermillion"],
}
GRADE_PATTERNS: dict[str, str] = {"excellent": "", "good": "/", "fair": ".", "poor": "x"}
# Self- and department evaluations were two similar blues: now orange / dark blue /
# purple, and a pattern each.
EVAL_TYPE_COLOURS: dict[str, str] = {
    "self": OKABE_ITO["orange"],
    "department": OKABE_ITO["blue"],
    "finance": OKABE_ITO["reddish_purple"],
}
EVAL_TYPE_PATTERNS: dict[str, str] = {"self": "", "department": "/", "finance": "x"}
# Line series differ in colour, marker and dash: readable in greyscale print as well.
SERIES_MARKERS: tuple[str, ...] = ("circle", "square", "diamond", "triangle-up")
SERIES_DASHES: tuple[str, ...] = ("solid", "dash", "dot", "dashdot")
# Outline of bars, so a light colour (yellow, sky blue) still has an edge on white.
BAR_LINE = "#333333"
STATUS_COLOURS: dict[str, str] = {"met": "green", "not_met": "red", "not_assessed": "gray"}
# ColorBrewer "Blues" (6 classes) without its near-white first class: sequential, safe
# for colour-blind readers and in print, and its lightest class (#C6DBEF) is clearly blue,
# so it cannot be read as "no data". Rates use all five classes (fixed 0-100 %), scores
# the darkest four (one per grade band), amounts five classes from 0.
MAP_RAMP: tuple[str, ...] = ("#C6DBEF", "#9ECAE1", "#6BAED6", "#3182BD", "#08519C")
# "No data" is a neutral grey darker than the lightest class, drawn with hatching (SVG
# pattern, pydeck hatch lines), so it differs from every class in more than colour.
MAP_NO_DATA = "#A6A6A6"
MAP_HATCH = "#595959"
MAP_LINE = "#FFFFFF"
MAP_LABEL = "#1A1A1A"

# Secondary text (st.caption): Streamlit draws it in the text colour with opacity 0.6,
# #797B7E on white, 4.2:1, under WCAG AA's 4.5:1 (axe "color-contrast", issue #10).
# This grey, fully opaque, reads 6.4:1 on white and 5.8:1 on the secondary background.
CAPTION_COLOUR = "#5A5F66"
# Streamlit stacks columns below 640 px; the phone rules below use the same breakpoint.
PHONE_MAX_WIDTH_PX = 640
# The narrowest a headline card gets before its row holds one card fewer (pixels).
CARD_MIN_PX = 210

# Print and the hearing brief (PDF and HTML): dark text on white or on a near-white fill
# only. Tables are zebra-striped at most; no cell ever sits on a dark fill (issue 17: the
# PDF printed every row on dark orange). PRINT_TEXT on PRINT_ZEBRA reads 16:1.
PRINT_TEXT = "#1A1A1A"
PRINT_MUTED = "#4D4D4D"
PRINT_RULE = "#8C8C8C"
PRINT_HEADER_FILL = "#EBEBEB"
PRINT_ZEBRA_FILL = "#F6F6F6"
PRINT_NOTICE_FILL = "#FFF3CD"
PRINT_NOTICE_TEXT = "#5C4400"

FONT_FAMILY = (
    "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
)

# Passed to every st.plotly_chart: no logo, no link to Plotly's cloud, nothing fetched.
PLOTLY_CONFIG: dict[str, object] = {
    "displaylogo": False,
    "showLink": False,
    "showSendToCloud": False,
    "responsive": True,
    "scrollZoom": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def hex_to_rgb(colour: str) -> list[int]:
    """``#RRGGBB`` as [r, g, b] (pydeck wants numbers)."""
    colour = colour.lstrip("#")
    return [int(colour[i : i + 2], 16) for i in (0, 2, 4)]


def base_layout(
    fig: go.Figure,
    *,
    y_title: str | None = None,
    x_title: str | None = None,
    years_axis: bool = True,
    height: int = 380,
) -> go.Figure:
    """Apply the house style: CJK font, legend below (fits a phone), whole-year axis.

    Years are categories, never numbers: a linear axis would draw 2,013.5.
    """
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": 13},
        height=height,
        margin={"l": 8, "r": 8, "t": 16, "b": 8},
        legend={"orientation": "h", "yanchor": "top", "y": -0.15, "xanchor": "left", "x": 0},
        hoverlabel={"font": {"family": FONT_FAMILY}},
        separators=".,",
        dragmode=False,
    )
    # Whole numbers with separators on every axis ("10,000"), never SI suffixes
    # ("10k"): "k" is not a unit of a Chinese page (万/亿 are, named in the axis title).
    fig.update_xaxes(exponentformat="none", separatethousands=True, automargin=True)
    fig.update_yaxes(exponentformat="none", separatethousands=True, automargin=True)
    if years_axis:
        fig.update_xaxes(type="category")
    if x_title is not None:
        fig.update_xaxes(title_text=x_title)
    if y_title is not None:
        fig.update_yaxes(title_text=y_title)
    return fig


@lru_cache(maxsize=1)
def favicon() -> Image.Image:
    """A small bar-chart icon drawn locally: emoji and Material favicons are fetched from
    CDNs by the browser, and the dashboard must work (and leak nothing) offline."""
    image = Image.new("RGBA", (64, 64), OKABE_ITO["blue"])
    draw = ImageDraw.Draw(image)
    for index, height in enumerate((22, 38, 30, 48)):
        left = 8 + index * 13
        draw.rectangle((left, 56 - height, left + 9, 56), fill="#FFFFFF")
    return image


# Streamlit 1.67's header bar (the menu lives in it), in px.
HEADER_PX = 60


def page_style() -> str:
    """The dashboard's page-wide CSS, as a ``<style>`` element for ``st.html``.

    Why CSS and not the theme: Streamlit 1.67's theme has no option for the caption
    colour nor for how a horizontal container lays out its children on a phone.
    - Captions get ``CAPTION_COLOUR`` so secondary text meets WCAG AA contrast.
    - The overview's headline cards (``st.metric`` in the container keyed
      ``headline-cards``) are a grid of equal columns that fills the width (cards of a
      fixed width left a quarter of a 1400 px page empty), two per row on a phone
      instead of one per row for ten screens, with a smaller value font and padding so
      a value such as "2,624.54亿元" still fits a 390 px wide screen. The project page's
      budget cards (``project-facts``) get the same rule: four cards of fixed width
      were four screen-high rows on a phone.
    - A hearing question's tick stays beside its text (containers keyed
      ``question-<id>``): a horizontal container wraps a child wider than the row, so
      every question longer than one line had its text pushed below an empty tick.
    - A page link's label wraps instead of being clipped without an ellipsis (Streamlit
      draws it on one line): a long explorer link lost its count ("…（872 项）") on a phone.
    - The hearing's headline cards (``.hearing-cards``, three per row, drawn by
      ``dashboard/ui/hearing.py``) are two per row on a phone: three overflowed a 390 px
      screen and cut the third card off.
    - A headline card's change wraps instead of ending in "…": it names the year it is
      measured against ("+2.5 个百分点（较2017年）"), longer than Streamlit's one-line
      delta; ``keep-all`` breaks it before the bracket, not inside "2017年".
    - On a phone Plotly's toolbar is hidden: it sat over the ranking's reference labels
      ("江西省：44.9%"), and the downloads under every chart do what it offered.
    - The page starts right under Streamlit's header (60 px, which holds the menu):
      its default top padding (128 px, 96 px on a phone) left a blank band of about
      110 px above the first line on every page, pushing data below the fold at 768 px.
    """
    cards = (".st-key-headline-cards", ".st-key-project-facts")

    def each(suffix: str) -> str:
        """``suffix`` under every card container, as one selector list."""
        return ",".join(f"{key}{suffix}" for key in cards)

    return (
        "<style>"
        f'[data-testid="stCaptionContainer"]{{color:{CAPTION_COLOUR};opacity:1}}'
        f'[data-testid="stMainBlockContainer"]{{padding-top:{HEADER_PX + 16}px}}'
        # A page title of 2.25rem, not 2.75rem: the figures start higher on a 768 px screen.
        '[data-testid="stHeading"] h1{font-size:2.25rem;padding:0.75rem 0 0.5rem}'
        # Sections and charts are h2 under the page's h1 (heading order, for screen
        # readers and Lighthouse), drawn at the size of Streamlit's h3.
        '[data-testid="stHeading"] h2{font-size:1.75rem;padding:0.5rem 0}'
        '[data-testid="stMetricDelta"] [data-testid="stMarkdownContainer"],'
        '[data-testid="stMetricDelta"] p'
        "{white-space:normal;overflow:visible;text-overflow:clip;word-break:keep-all}"
        '[class*="st-key-question-"]{flex-wrap:nowrap}'
        '[data-testid="stPageLink-NavLink"] span:has(>[data-testid="stMarkdownContainer"]),'
        '[data-testid="stPageLink-NavLink"] [data-testid="stMarkdownContainer"],'
        '[data-testid="stPageLink-NavLink"] [data-testid="stMarkdownContainer"] p'
        "{white-space:normal}"
        '[class*="st-key-question-"]>[data-testid="stElementContainer"]'
        ':has([data-testid="stText"]){flex:1 1 0;min-width:0}'
        # Cards in a grid of equal columns that uses the whole width (fixed-width cards
        # stopped at three quarters of a 1400 px page); cards of one row as high as each
        # other when a label wraps.
        f"{each('')}{{display:grid!important;gap:0.5rem;align-items:stretch;"
        f"grid-template-columns:repeat(auto-fill,minmax({CARD_MIN_PX}px,1fr))}}"
        f"{each('>[data-testid=stElementContainer]')}{{width:auto!important;min-width:0}}"
        f"{each(' [data-testid=stMetric]')}{{height:100%}}"
        f"@media (max-width:{PHONE_MAX_WIDTH_PX}px){{"
        f"{each('')}{{grid-template-columns:repeat(2,minmax(0,1fr))}}"
        f"{each(' [data-testid=stMetric]')}{{padding:0}}"
        f"{each(' [data-testid=stMetric]>div')}{{padding:0.5rem}}"
        f"{each(' [data-testid=stMetricValue]')}{{font-size:1.2rem}}"
        # A label, value or change longer than half a phone wraps rather than ends in "…".
        f"{each(' [data-testid=stMetric] [data-testid=stMarkdownContainer]')},"
        f"{each(' [data-testid=stMetric] [data-testid=stMarkdownContainer] p')}"
        "{white-space:normal;overflow-wrap:break-word}"
        ".hearing-screen .hearing-cards{grid-template-columns:repeat(2,minmax(0,1fr))}"
        # No chart toolbar: it covered the ranking's labels; each chart's downloads
        # below it do what the toolbar offered.
        ".modebar-container{display:none!important}"
        ".hearing-screen .hearing-card .value{font-size:1.4rem;overflow-wrap:anywhere}"
        "}"
        "</style>"
    )
