"""The printed brief (dashboard.renderers.brief): what the committee takes home must say
the figures of the published package, in its language, with its fonts embedded, readable
on paper, and never name a withheld project.

Why these checks: every figure is compared with the example package's independent
expected figures (``examples/mini-jiangxi.expected.json``) or with the flags and ledger
worked out again from the package files (``tests/flags_by_hand.py``), formatted by the
one formatter (``dashboard.core.formatting``); never with the brief's own output. Texts
are compared without whitespace, as pypdf may put spaces between glyphs.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from dashboard.core import formatting as fmt
from dashboard.core import reads
from dashboard.core.i18n import metric_label, t
from dashboard.core.theme import SERIES_COLOURS, hex_to_rgb
from dashboard.core.view import View
from dashboard.renderers import brief
from data_access.reads.selection import ViewFilter
from tests.conftest import MINI_PACKAGE
from tests.flags_by_hand import expected as by_hand
from tests.package_builders import copy_package, edit_cell, ledger_package

WITHHELD_NAME = "不公开项目示例"
WITHHELD_CODE = "36000017003"
JIANGXI = {"360000", "360100", "360121", "360722"}
HEADLINE = (
    "project_spending",
    "evaluated_funds",
    "evaluation_coverage_rate",
    "execution_rate",
    "average_score",
    "target_achievement_rate",
)


def _view(url: str, *, lang: str = "zh", dept: str | None = None, region: str = "360000",
          year: int = 2017, ask: tuple[str, ...] = ()) -> View:
    stamp = reads.release_stamp(url)
    found = reads.find_department(url, stamp, dept, region) if dept else None
    return View(url=url, stamp=stamp, page_name="hearing", lang=lang, year=year,
                region=region, dept=dept, department_id=found.id if found else None, ask=ask)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf(data: bytes) -> tuple[list[str], pypdf.PdfReader]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [_squash(page.extract_text()) for page in reader.pages], reader


@pytest.fixture(scope="module")
def ledger_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """mini-jiangxi with a published 2018, in a SQLite file of its own."""
    from data_access.db.engine import make_engine
    from data_access.ingest.importer import import_package

    folder = tmp_path_factory.mktemp("ledger")
    url = f"sqlite:///{folder / 'ledger.db'}"
    engine = make_engine(url)
    assert import_package(engine, ledger_package(folder)).ok
    engine.dispose()
    return url


# ---------------------------------------------------------------- the figures


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_headline_figures_are_the_packages(mini_url: str, expected: dict, lang: str) -> None:
    """The headline of the province in 2017, as examples/mini-jiangxi.expected.json has
    it, in the PDF and the HTML brief."""
    h = brief.hearing(_view(mini_url, lang=lang))
    pages, reader = _pdf(brief.brief_pdf(h))
    text = "".join(pages)
    page = brief.brief_html(h)
    figures = expected["2017/360000/all"]
    for key in HEADLINE:
        shown = fmt.metric(key, figures[key], lang)
        assert _squash(shown) in text, (key, shown)
        assert shown in page, (key, shown)
        assert metric_label(key, lang) in page
    assert _squash(h.subject) in text and h.subject == ("江西省" if lang == "zh" else "Jiangxi")
    assert WITHHELD_NAME not in text + page and WITHHELD_CODE not in text + page
    assert _fonts_embedded(reader)


def _fonts_embedded(reader: pypdf.PdfReader) -> bool:
    """Whether every font the PDF uses has its program embedded."""
    found = []
    for page in reader.pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (
                descendants[0].get_object()["/FontDescriptor"]
                if descendants
                else font.get("/FontDescriptor")
            ).get_object()
            found.append(any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")))
    return bool(found) and all(found)


@pytest.mark.parametrize("package", ["mini", "ledger"])
def test_totals_count_distinct_project_years_and_their_budgets(
    mini_url: str, ledger_url: str, tmp_path: Path, package: str
) -> None:
    """"共 N 个项目，涉及当年预算 X": the distinct flagged public project-years and the sum
    of their budgets, as worked out from the package files, in the hearing, on paper and
    in the HTML; never the rules' hits or their own figures added up."""
    url = mini_url if package == "mini" else ledger_url
    files = MINI_PACKAGE if package == "mini" else ledger_package(tmp_path)
    want = by_hand(files, 2017, JIANGXI)
    h = brief.hearing(_view(url))
    assert h.totals.project_years == want.project_years == 5
    assert h.totals.budget == want.budget
    assert {p.project.project_code: set(p.project.rules) for p in h.projects} == want.flagged
    hits = sum(c.count for k, c in h.counts.rules.items() if k != "lagging_region")
    assert hits > want.project_years  # the rules' hits are not what is quoted
    line = t("hearing.flag_total", "zh", count=fmt.count(want.project_years, "zh"),
             money=fmt.money(want.budget, "zh"), year=2017)
    assert _squash(line) in "".join(_pdf(brief.brief_pdf(h))[0])
    assert line in brief.brief_html(h)


def test_projects_are_ranked_by_severity_with_all_their_flags(mini_url: str) -> None:
    """36000017002 leads: three flags (targets 2 of 3 missed, self-assessment 19 points
    over, no report) on a 3亿 budget, ahead of the larger 36000017001 with one flag;
    ordered by money the larger one leads; each project is one row."""
    h = brief.hearing(_view(mini_url))
    assert [p.project.project_code for p in h.projects][:2] == ["36000017002", "36000017001"]
    first = h.projects[0]
    assert set(first.project.rules) == {"targets_missed", "self_inflated", "no_report"}
    assert len({p.project.project_code for p in h.projects}) == len(h.projects)
    by_money = brief.hearing(_view(mini_url).replace(rank="money"))
    assert by_money.projects[0].project.project_code == "36000017001"
    table = brief.brief_html(h)
    assert table.index("基层医疗卫生机构能力建设") < table.index("农村义务教育薄弱学校改造")


def test_ledger_in_the_brief_is_announced_beside_actual(ledger_url: str, tmp_path: Path) -> None:
    """The ledger package: one cut carried out? none; 36000017002's cut (to 27000万) not
    carried out (31000万 published for 2018); its question says both figures."""
    want = by_hand(ledger_package(tmp_path), 2017, JIANGXI)
    h = brief.hearing(_view(ledger_url))
    assert h.ledger.verdicts["not_carried_out"].count == sum(
        1 for v in want.verdicts.values() if v == "not_carried_out"
    ) == 1
    asked = [q.id for q in h.questions if q.item.rule == "cut_not_carried_out"]
    assert asked == ["cnc-36000017002"]
    pages, _ = _pdf(brief.brief_pdf(h, asked))
    text = "".join(pages)
    for figure in ("2.70亿元", "3.10亿元", "3.00亿元"):
        assert figure in text
    assert _squash(t("ledger.verdict.project_ended", "zh")) in text
    page = brief.brief_html(h, asked)
    assert t("ledger.summary.line", "zh", evaluated=4, announced=2, carried=0,
             not_carried=1) in page


def test_a_county_is_set_beside_its_sibling_counties_not_its_city(mini_url: str) -> None:
    """南昌县 (360121): its peers are the counties of 南昌市 and their median, never the
    city's own figures (a part beside its whole)."""
    h = brief.hearing(_view(mini_url, region="360121"))
    assert h.peers_label is not None and "南昌市" in h.peers_label
    city = reads.metrics(mini_url, reads.release_stamp(mini_url), ViewFilter(2017, "360100", "all"))
    row = h.table(brief.spec.HEADLINE).set_index("metric").loc["project_spending"]
    assert row["value"] == Decimal("30000000.00")
    assert row["peers_median"] != city["project_spending"]
    # The counties of 南昌市 in 2017 (红谷滩区 was set up in 2019: not yet one of them).
    siblings = reads.children(mini_url, reads.release_stamp(mini_url), "360100", year=2017)
    assert int(row["ranked"]) == len(siblings)


def test_a_department_is_set_beside_the_departments_of_its_government(mini_url: str) -> None:
    h = brief.hearing(_view(mini_url, dept="D002"))
    assert h.subject == "江西省卫生健康委员会"
    assert h.peers_label == t("hearing.peers_departments", "zh", count=2)
    names = {p.project.project_name for p in h.projects}
    assert names == {"基层医疗卫生机构能力建设"}


# ---------------------------------------------------------------- paper


def test_questions_keep_their_number_and_basis_on_one_page(demo_url: str) -> None:
    """Every ticked question's number, text and legal basis are on the same page."""
    year = reads.available_years(demo_url, reads.release_stamp(demo_url))[-1]
    h = brief.hearing(_view(demo_url, year=year))
    asked = [a.id for a in h.outline()][:25]
    pages, _ = _pdf(brief.brief_pdf(h, asked))
    for a in h.asked(asked):
        start = _squash(f"{a.number}.{a.text[:12]}")
        basis = _squash(t("hearing.basis", "zh", basis=a.basis))
        holding = [p for p in pages if start in p]
        assert holding, a.number
        tail = holding[0][holding[0].index(start):]
        assert _squash(a.text[-8:]) in tail and basis in tail, a.number
    assert "财预〔2020〕10号" in "".join(pages) and "财预〔2019〕136号" in "".join(pages)


def test_every_page_has_its_number_and_the_pinned_link(mini_url: str) -> None:
    h = brief.hearing(_view(mini_url))
    pages, reader = _pdf(brief.brief_pdf(h))
    total = len(reader.pages)
    assert total >= 3
    for number, text in enumerate(pages, start=1):
        assert f"{number}/{total}" in text
    link = brief.short_link(h)
    assert link.startswith("http://localhost:8501/hearing?") and "release=1" in link
    assert _squash(link) in pages[0]


def test_demo_data_is_marked_on_paper(demo_url: str, mini_url: str) -> None:
    year = reads.available_years(demo_url, reads.release_stamp(demo_url))[-1]
    notice = _squash(t("demo.banner", "zh"))
    demo_pages, _ = _pdf(brief.brief_pdf(brief.hearing(_view(demo_url, year=year))))
    assert notice in demo_pages[0] and notice in demo_pages[1]
    mini_pages, _ = _pdf(brief.brief_pdf(brief.hearing(_view(mini_url))))
    assert notice not in "".join(mini_pages)


def test_pdf_draws_bars_and_qr_as_vectors_in_theme_colours(mini_url: str) -> None:
    reader = pypdf.PdfReader(io.BytesIO(brief.brief_pdf(brief.hearing(_view(mini_url)))))
    content = b"".join(page.get_contents().get_data() for page in reader.pages)
    # The series' colours (#0072B2, #E69F00) as fpdf2 writes fill colours: "0 0.4471 0.698 rg".
    fills = {
        tuple(round(float(v), 3) for v in match.split())
        for match in re.findall(rb"([0-9.]+ [0-9.]+ [0-9.]+) rg", content)
    }
    for colour in SERIES_COLOURS[:2]:
        assert tuple(round(c / 255, 3) for c in hex_to_rgb(colour)) in fills, colour
    assert len(re.findall(rb" re f", content)) > 100  # bars and QR modules
    assert not any("/XObject" in page["/Resources"] for page in reader.pages), "no images"


def _dark_cells(png: Path) -> list[tuple[int, int, int]]:
    """(row, start, length) of every dark fill as wide as a table cell: a horizontal run,
    60 pixels or longer at 60 dpi, of one colour darker than light grey, that goes on
    for at least 5 rows (a rule or a border is one or two rows; a bar, a QR module or a
    letter is narrower than a cell)."""
    image = Image.open(png).convert("RGB")
    width, height = image.size
    pixels = image.load()
    found = []
    for y in range(height - 5):
        start, run, colour = 0, 0, None
        for x in range(width + 1):
            here = pixels[x, y] if x < width else None
            if here == colour:
                run += 1
                continue
            if colour is not None and run >= 60 and sum(colour) / 3 < 180:
                probes = (start + 2, start + run // 2, start + run - 3)
                if all(pixels[px, y + dy] == colour for dy in range(1, 5) for px in probes):
                    found.append((y, start, run))
            start, run, colour = x, 1, here
    return found


def _pngs(pdf: bytes, folder: Path) -> list[Path]:
    source = folder / "brief.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(source), str(folder / "page")], check=True
    )
    return sorted(folder.glob("page-*.png"))


@pytest.fixture
def pdftoppm() -> Iterator[None]:
    import os

    if shutil.which("pdftoppm") is None:
        if os.environ.get("CI"):
            pytest.fail("pdftoppm (poppler-utils) is required in CI")
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    yield


def test_no_table_cell_sits_on_a_dark_fill(demo_url: str, tmp_path: Path, pdftoppm: None) -> None:
    """Every page of a long brief, rendered as an image: no cell-wide dark fill (the
    old PDF printed every table row on dark orange). The checker itself finds such a
    fill in a page made to have one."""
    year = reads.available_years(demo_url, reads.release_stamp(demo_url))[-1]
    h = brief.hearing(_view(demo_url, year=year))
    pages = _pngs(brief.brief_pdf(h, [a.id for a in h.outline()][:10]), tmp_path)
    assert len(pages) >= 4
    for page in pages:
        assert not _dark_cells(page), page.name
    from fpdf import FPDF

    bad = FPDF()
    bad.add_page()
    bad.set_fill_color(197, 90, 17)  # the old table rows' dark orange
    bad.rect(20, 20, 120, 6, style="F")
    wrong = tmp_path / "wrong"
    wrong.mkdir()
    assert _dark_cells(_pngs(bytes(bad.output()), wrong)[0])


def test_characters_no_font_can_draw_are_named(tmp_path: Path) -> None:
    """A project name with a CJK extension-B character (U+20000, beyond every font of
    the brief): the brief says which character it could not draw."""
    from data_access.db.engine import make_engine
    from data_access.ingest.importer import import_package

    package = copy_package(tmp_path)
    edit_cell(package, "projects.csv", 3, "project_name", "基层医疗卫生机构能力建设\U00020000")
    url = f"sqlite:///{tmp_path / 'rare.db'}"
    engine = make_engine(url)
    assert import_package(engine, package).ok
    engine.dispose()
    pages, _ = _pdf(brief.brief_pdf(brief.hearing(_view(url))))
    assert "U+20000" in pages[-1]
    plain, _ = _pdf(brief.brief_pdf(brief.hearing(_view(url, region="360100"))))
    assert "U+20000" not in "".join(plain)


# ---------------------------------------------------------------- ids


def test_asked_ids_are_parsed_strictly() -> None:
    assert brief.parse_asked("sin-36000017002,bogus,sin-36000017002,nrp-1") == (
        "sin-36000017002",
        "nrp-1",
    )
    assert brief.parse_asked(None) == ()
    assert brief.parse_asked("lag-child-360121,lag-department-D002,lag-,cnc-X1") == (
        "lag-child-360121",
        "lag-department-D002",
        "cnc-X1",
    )
    # Codes are the publisher's own: any printable characters but the separator.
    assert brief.parse_asked("lag-department-财政局.01,pnc-A/2017 x,pnc-" + "9" * 65) == (
        "lag-department-财政局.01",
    )


def test_lagging_units_and_their_questions(mini_url: str) -> None:
    """南昌市 2017: 南昌县 evaluated nothing of its 3000万 against the city's 80.6%: it
    lags; its question is printed when ticked (and only then), romanised in English."""
    h = brief.hearing(_view(mini_url, region="360100"))
    (row,) = h.lagging
    assert row.name == "南昌县" and row.id == "lag-child-360121"
    assert h.lagging_step == brief.FIRST_ITEM_STEP
    assert h.steps == brief.FIRST_ITEM_STEP + 1 + len(h.projects) + 1
    unasked = "".join(_pdf(brief.brief_pdf(h))[0])
    assert _squash(row.question) not in unasked
    text = "".join(_pdf(brief.brief_pdf(h, [row.id]))[0])
    assert _squash(row.question) in text and "80.6%" in text
    english = brief.hearing(_view(mini_url, region="360100", lang="en"))
    assert "Nanchang County" in english.lagging[0].question
    assert "南昌" not in english.lagging[0].question


def test_english_names_a_chinese_release_title_once(mini_url: str) -> None:
    """In English the chart notes name the release by its number; a Chinese title (the
    example package gives no English one) is said once, as a title in Chinese."""
    h = brief.hearing(_view(mini_url, year=2017, lang="en"))
    page = brief.brief_html(h)
    title = h.release_title
    assert title == "江西省预算绩效评价结果（小样例）"  # examples/mini-jiangxi/datapackage.json
    assert f"{title} (title in Chinese)" in page
    notes = re.findall(r'<p class="notes">(.*?)</p>', page)
    assert notes and not any(title in n for n in notes)
    assert all("release " in n for n in notes if "Computed from" in n)


# The hearing of 南昌市 in 2017 in one sentence per chart, written by hand from
# examples/mini-jiangxi.expected.json: coverage 80.6% (360100/all) beside 赣州市's 100.0%
# (360722/all, its only project), median 90.3%; project spending 155,000,000 元, no 2016.
BRIEF_SENTENCES = {
    "zh": (
        "2017年，南昌市评价覆盖率为80.6%，在2个同级中排第2，同级中位数为90.3%。",
        "2017年，南昌市项目支出为1.55亿元。",
    ),
    "en": (
        "In 2017, evaluation coverage in Nanchang stood at 80.6%, ranking 2 of 2 among its "
        "peers (median 90.3%).",
        "In 2017, project spending in Nanchang stood at CNY 155.00 m.",
    ),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_brief_says_its_headline_and_trend_in_one_sentence(
    mini_url: str, expected: dict, lang: str
) -> None:
    nanchang, ganzhou = expected["2017/360100/all"], expected["2017/360722/all"]
    assert nanchang["project_spending"] == 155_000_000
    assert round(nanchang["evaluation_coverage_rate"] * 100, 1) == 80.6
    assert ganzhou["evaluation_coverage_rate"] == 1.0
    h = brief.hearing(_view(mini_url, lang=lang, region="360100"))
    page = brief.brief_html(h)
    text = "".join(_pdf(brief.brief_pdf(h))[0])
    headline, trend = BRIEF_SENTENCES[lang]
    for sentence in (headline, trend):
        assert html.escape(sentence) in page, sentence
        assert _squash(sentence) in text, sentence
    # The headline's in its table's caption, the trend's above its bars.
    assert re.search(rf"<caption>[^<]*<span class=\"summary\">{re.escape(html.escape(headline))}",
                     page)
    assert f'<p class="summary">{html.escape(trend)}</p><svg' in page
