"""The printed brief (dashboard.renderers.brief): what the committee takes home must say what the
screen said, in Chinese, with its font embedded, and never name a withheld project.

Why text extraction: pypdf reads the PDF as a reader's tool would; the CJK font is
embedded as a subset, and pypdf may put spaces between glyphs, so texts are compared
without whitespace.
"""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from dashboard.core import reads
from dashboard.core.i18n import t
from dashboard.core.view import View
from dashboard.renderers import brief

WITHHELD_NAME = "不公开项目示例"
WITHHELD_CODE = "36000017003"


def _view(
    url: str,
    *,
    lang: str = "zh",
    dept: str | None = None,
    dept_id: int | None = None,
    region: str = "360000",
    year: int = 2017,
) -> View:
    return View(
        url=url,
        stamp=reads.release_stamp(url),
        page_name="hearing",
        lang=lang,
        year=year,
        region=region,
        dept=dept,
        department_id=dept_id,
    )


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf_text(data: bytes) -> tuple[str, pypdf.PdfReader]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return _squash("".join(page.extract_text() for page in reader.pages)), reader


def _embedded_fonts(reader: pypdf.PdfReader) -> list[bool]:
    """For every font used: whether its program is embedded (FontFile, 2 or 3)."""
    found = []
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (
                descendants[0].get_object()["/FontDescriptor"]
                if descendants
                else font.get("/FontDescriptor")
            ).get_object()
            found.append(
                any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            )
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_holds_subject_figures_flags_and_questions(mini_url: str, lang: str) -> None:
    hearing = brief.hearing(_view(mini_url, lang=lang))
    assert hearing.questions, "the mini package flags items"
    asked = [hearing.questions[0].id, hearing.questions[-1].id]
    text, reader = _pdf_text(brief.brief_pdf(hearing, asked))
    assert _squash(hearing.subject) in text
    for row in hearing.headline:
        assert _squash(row.value_text) in text, row
    for q in hearing.questions:
        assert _squash(q.item.project_name) in text
    for q in hearing.asked(asked):
        assert _squash(q.text) in text
    unasked = [
        q for q in hearing.questions if q.id not in asked and q.text != hearing.questions[0].text
    ]
    for q in unasked:
        assert _squash(q.text) not in text
    assert all(_embedded_fonts(reader)) and _embedded_fonts(reader)
    assert WITHHELD_NAME not in text and WITHHELD_CODE not in text


def test_pdf_draws_the_chart_as_vectors(mini_url: str) -> None:
    hearing = brief.hearing(_view(mini_url))
    reader = pypdf.PdfReader(io.BytesIO(brief.brief_pdf(hearing)))
    content = b"".join(page.get_contents().get_data() for page in reader.pages)
    # The bars: rectangles filled in the chart's colours (31 78 121 = #1f4e79).
    assert b"0.1216 0.3059 0.4745 rg" in content
    assert len(re.findall(rb" re f", content)) >= 2
    assert not any("/XObject" in page["/Resources"] for page in reader.pages), "no images"


def test_department_brief_and_its_parent(mini_url: str) -> None:
    hearing = brief.hearing(_view(mini_url, dept="D002", dept_id=2))
    assert hearing.subject == "江西省卫生健康委员会"
    assert hearing.parent_name == "江西省本级"
    names = {q.item.project_name for q in hearing.questions}
    assert names == {"基层医疗卫生机构能力建设"}
    html_text = brief.brief_html(hearing, [q.id for q in hearing.questions])
    pdf_text, _ = _pdf_text(brief.brief_pdf(hearing, [q.id for q in hearing.questions]))
    for q in hearing.questions:
        assert q.text in html_text
        assert _squash(q.text) in pdf_text


def test_html_brief_escapes_and_never_names_the_withheld(mini_url: str) -> None:
    hearing = brief.hearing(_view(mini_url))
    page = brief.brief_html(hearing, [hearing.questions[0].id])
    assert hearing.subject in page and "<svg" in page and "<script" not in page
    assert WITHHELD_NAME not in page and WITHHELD_CODE not in page
    for row in hearing.headline:
        assert row.value_text in page


def test_demo_city_brief_compares_with_parent_and_peers(demo_url: str) -> None:
    kids = reads.children(demo_url, reads.release_stamp(demo_url), "360000")
    year = reads.available_years(demo_url, reads.release_stamp(demo_url))[-1]
    hearing = brief.hearing(_view(demo_url, region=kids[0].code, year=year))
    assert hearing.parent_name == "江西省"
    assert all(row.parent is not None for row in hearing.headline[:2])
    assert hearing.headline[0].peers is not None
    text, _ = _pdf_text(brief.brief_pdf(hearing, [q.id for q in hearing.questions[:3]]))
    assert _squash(kids[0].name) in text
    for q in hearing.questions[:3]:
        assert _squash(q.text) in text


def test_pdf_lists_lagging_units_and_their_selected_question(mini_url: str) -> None:
    """南昌市 2017: 南昌县 evaluated 0 of its spending against the city's 80.6%, so it
    lags (tests/data/test_flags.py). The brief ranks the rule beside the item rules, lists the
    unit with both coverages, the gap and the money at stake, defines the rule, and
    prints its question when ticked (and only then)."""
    from dashboard.core import formatting as fmt
    from dashboard.core.i18n import t
    from data_access.flags.rules import RULES

    hearing = brief.hearing(_view(mini_url, region="360100"))
    (row,) = hearing.lagging
    assert row.unit.name == "南昌县" and row.id == "lag-child-" + row.unit.code
    assert brief.parse_asked(row.id) == (row.id,)
    assert hearing.steps == brief.FIRST_ITEM_STEP + 1 + len(hearing.questions)
    assert hearing.lagging_step == brief.FIRST_ITEM_STEP
    keys = [r[0] for r in brief.rule_rows(hearing, with_lagging=True)]
    assert "lagging_region" in keys
    assert "lagging_region" not in [r[0] for r in brief.rule_rows(hearing)]

    unasked, _ = _pdf_text(brief.brief_pdf(hearing))
    assert _squash(row.question) not in unasked
    text, _ = _pdf_text(brief.brief_pdf(hearing, [row.id]))
    assert _squash(row.question) in text
    for cell in (
        row.unit.name,
        row.coverage_text,
        row.parent_text,
        row.gap_text,
        row.money_text,
        t("hearing.step.lagging", "zh"),
        RULES["lagging_region"].explanation("zh"),
    ):
        assert _squash(cell) in text, cell
    assert _squash(fmt.money(hearing.counts.rules["lagging_region"].money_at_stake, "zh")) in text
    assert WITHHELD_NAME not in text and WITHHELD_CODE not in text

    page = brief.brief_html(hearing, [row.id])
    assert row.question in page and "<td>南昌县（地区）</td>" in page
    assert WITHHELD_NAME not in page and WITHHELD_CODE not in page


def test_demo_province_brief_holds_every_lagging_unit(demo_url: str) -> None:
    """The demo province has lagging cities and departments: every one is in the PDF,
    a ticked lagging question and a ticked item question are printed, numbered after
    each other, and no withheld project is named."""
    year = reads.available_years(demo_url, reads.release_stamp(demo_url))[-1]
    hearing = brief.hearing(_view(demo_url, year=year))
    assert len(hearing.lagging) > 1 and hearing.questions
    asked = [hearing.questions[0].id, hearing.lagging[-1].id]
    assert brief.asked_texts(hearing, asked) == [
        hearing.questions[0].text,
        hearing.lagging[-1].question,
    ]
    text, _ = _pdf_text(brief.brief_pdf(hearing, asked))
    for row in hearing.lagging:
        assert _squash(row.unit.name) in text, row.unit.name
    assert _squash(f"2.{hearing.lagging[-1].question}") in text
    withheld = _withheld_only(demo_url, year)
    assert withheld, "the demo withholds some projects"
    assert not [word for word in withheld if _squash(word) in text]


def _withheld_only(url: str, year: int) -> set[str]:
    """Names and codes of ``year``'s withheld project-years that no public project-year
    shares (demo names repeat across counties)."""
    from sqlalchemy import select

    from data_access.db.engine import make_engine
    from data_access.db.schema import ProjectYear

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(ProjectYear.project_name, ProjectYear.project_code, ProjectYear.withheld)
                .where(ProjectYear.fiscal_year == year)
            ).all()
    finally:
        engine.dispose()
    public = {w for name, code, hidden in rows if not hidden for w in (name, code)}
    return {w for name, code, hidden in rows if hidden for w in (name, code)} - public


def test_poor_not_cut_question_fills_the_figures() -> None:
    from decimal import Decimal

    from data_access.flags.rules import FlaggedItem

    item = FlaggedItem(
        rule="poor_not_cut",
        project_code="X1",
        project_name="XX",
        fiscal_year=2017,
        department_code="D",
        department_name="部门",
        region_code="360000",
        region_name="江西省",
        money_at_stake=Decimal("1300000"),
        figures={
            "budget": Decimal("100000"),
            "final_score": 58.0,
            "final_grade": "poor",
            "next_year_budget": Decimal("1300000"),
            "budget_change": Decimal("1200000"),
        },
    )
    assert brief.question_text(item, "zh") == (
        "XX项目2017年绩效评价为“差”（58.0分），2018年预算仍增加120.00万元。请说明评价结果是如何应用的？"
    )
    assert "58.0 points" in brief.question_text(item, "en")


def test_asked_ids_are_parsed_strictly() -> None:
    assert brief.parse_asked("sin-36000017002,bogus,sin-36000017002,nrp-1") == (
        "sin-36000017002",
        "nrp-1",
    )
    assert brief.parse_asked(None) == ()
    assert brief.parse_asked("lag-child-360121,lag-department-D002,lag-") == (
        "lag-child-360121",
        "lag-department-D002",
    )
    # Codes are the publisher's own: any printable characters but the separator.
    assert brief.parse_asked("lag-department-财政局.01,pnc-A/2017 x,pnc-" + "9" * 65) == (
        "lag-department-财政局.01",
    )


def test_english_brief_romanises_region_subjects(mini_url: str) -> None:
    """The English hearing and its brief name a region subject as the English pages do
    ("Jiangxi"); a department keeps its published name, its region romanised."""
    hearing = brief.hearing(_view(mini_url, lang="en"))
    assert hearing.subject == "Jiangxi"
    assert "Jiangxi" in brief.brief_html(hearing)
    assert brief.hearing(_view(mini_url)).subject == "江西省"
    department = brief.hearing(_view(mini_url, lang="en", dept="D002", dept_id=2))
    assert department.subject == "江西省卫生健康委员会"
    assert department.parent_name is not None and "Jiangxi" in department.parent_name
    assert "Jiangxi" in department.subtitle


def test_a_brief_without_parent_says_so_instead_of_dashes(mini_url: str) -> None:
    province = brief.headline_table(brief.hearing(_view(mini_url)))
    assert province.title == t("hearing.no_comparison", "zh")
    assert len(province.headers) == 2 and all(len(row) == 2 for row in province.rows)
    city = brief.hearing(_view(mini_url, region="360100"))
    table = brief.headline_table(city)
    assert table.title is None and table.headers[2] == "江西省" and len(table.headers) == 4
