"""Hearing (/hearing): presenter screens, steps as URLs, the question outline.

Why these checks: in the hearing room the first screen must name the subject, show its
headline figures (those of the published package) and the most serious flag; each step
must be a link the chair can open; the flags screen must quote one total a committee
can repeat (distinct projects and their budgets); a question must carry its figures;
and a withheld project must never surface.
"""

from __future__ import annotations

from dashboard.core import formatting as fmt
from dashboard.core import params, reads
from dashboard.core.i18n import t
from dashboard.renderers import brief
from data_access.flags import rules as flags
from data_access.reads.selection import ViewFilter
from tests import pages_support as support
from tests.conftest import MINI_PACKAGE
from tests.flags_by_hand import expected as by_hand
from tests.pages_support import open_page, page_links
from tests.web_support import province_view

WITHHELD = ("不公开项目示例", "36000017003")
JIANGXI = {"360000", "360100", "360121", "360722"}


def _screen(at) -> str:
    return "\n".join(
        h.value for h in at.html if "hearing-screen" in h.value and "<style" not in h.value
    )


def _all_text(at) -> str:
    return "\n".join([support.texts(at), _screen(at), *(x.value for x in at.text)])


def _hearing(url: str, **changes) -> brief.Hearing:
    return brief.hearing(province_view(url, "hearing", **changes))


def test_first_screen_names_subject_figures_and_most_serious_flag(
    mini_url, use_db, expected
) -> None:
    use_db(mini_url)
    at = open_page("hearing", year="2017", region="360000")
    screen = _screen(at)
    assert "<h1>江西省</h1>" in screen
    figures = expected["2017/360000/all"]
    for key in ("project_spending", "evaluated_funds", "evaluation_coverage_rate",
                "execution_rate", "average_score", "target_achievement_rate"):
        assert fmt.metric(key, figures[key], "zh") in screen, key
    # The most serious project (three flags), not merely the largest budget.
    assert "基层医疗卫生机构能力建设" in screen.split(t("hearing.first_flag", "zh"))[1]
    assert not any(w in _all_text(at) for w in WITHHELD)


def test_flags_screen_quotes_distinct_projects_and_their_budgets(mini_url, use_db) -> None:
    """"2017年共有 5 个公开项目被标记，涉及当年预算 10.30亿元", worked out from the
    package files; each rule's own figure named as its own, never summed."""
    use_db(mini_url)
    want = by_hand(MINI_PACKAGE, 2017, JIANGXI)
    at = open_page("hearing", year="2017", region="360000", step=str(brief.FLAGS_STEP))
    screen = _screen(at)
    line = t("hearing.flag_total", "zh", count=fmt.count(want.project_years, "zh"),
             money=fmt.money(want.budget, "zh"), year=2017)
    assert line in screen and "10.30亿元" in line and "5 个" in line
    assert flags.RULES["targets_missed"].title("zh") in screen
    assert f"{t('hearing.money.budget', 'zh')} 8.20亿元" in screen  # 5.20 + 3.00, its own
    assert t("hearing.flags.short_note", "zh") in screen


def test_steps_are_links_and_move(mini_url, use_db) -> None:
    use_db(mini_url)
    at = open_page("hearing", year="2017", region="360000", step="0")
    nxt = [lk for lk in page_links(at) if "step=1" in lk.proto.query_string]
    assert nxt and nxt[0].proto.page == "hearing"
    h = _hearing(mini_url)
    at = open_page("hearing", year="2017", region="360000", step=str(h.first_item_step))
    first = h.projects[0]
    screen = _screen(at)
    for q in first.questions:
        assert q.text in screen and q.basis in screen
    project = [lk for lk in page_links(at) if lk.proto.page == "project"]
    assert project and f"project={first.project.project_code}" in project[0].proto.query_string
    assert "year=2017" in project[0].proto.query_string
    last = open_page("hearing", year="2017", region="360000", step=str(h.questions_step))
    assert t("hearing.step.questions", "zh") in _screen(last)


def test_a_project_screen_adds_its_questions_to_the_outline(mini_url, use_db) -> None:
    """On a project's screen (presenter mode too) one link ticks all its questions;
    the questions-so-far screen then lists them, numbered as the outline numbers them."""
    use_db(mini_url)
    h = _hearing(mini_url)
    step = str(h.first_item_step)
    at = open_page("hearing", year="2017", region="360000", step=step, present="1")
    add = [lk for lk in page_links(at) if lk.proto.label == t("hearing.ask_these", "zh")]
    assert add, [lk.proto.label for lk in page_links(at)]
    from urllib.parse import parse_qsl

    query = dict(parse_qsl(add[0].proto.query_string))
    ids = [q.id for q in h.projects[0].questions]
    assert query["ask"].split(",") == ids
    last = open_page("hearing", **{**query, "step": str(h.questions_step)})
    screen = _screen(last)
    for a in h.asked(ids):
        assert f'<li value="{a.number}">' in screen and a.text in screen


def test_question_outline_groups_by_project_and_keeps_ticks(mini_url, use_db) -> None:
    use_db(mini_url)
    h = _hearing(mini_url)
    outline = h.outline()
    asked = outline[2].id
    at = open_page("hearing", year="2017", region="360000", ask=asked)
    shown = [x.value for x in at.text]
    assert "3. " + outline[2].text in shown
    assert any("单位自评91.0分，部门评价仅72.0分，相差19.0分" in s for s in shown)
    ticked = [c.value for c in at.checkbox]
    assert ticked == [a.id == asked for a in outline]
    at.checkbox[0].check().run()
    assert not at.exception


def test_the_chair_reorders_by_money(mini_url, use_db) -> None:
    use_db(mini_url)
    by_severity = _hearing(mini_url)
    by_money = _hearing(mini_url, rank="money")
    assert by_severity.projects[0].project.project_code == "36000017002"
    assert by_money.projects[0].project.project_code == "36000017001"
    at = open_page("hearing", year="2017", region="360000", rank="money",
                   step=str(by_money.first_item_step))
    assert "农村义务教育薄弱学校改造" in _screen(at).split("</h2>")[0]
    bad = open_page("hearing", year="2017", region="360000", rank="size")
    assert "链接参数 rank=size" in support.texts(bad)


def test_present_mode_has_no_pickers(mini_url, use_db) -> None:
    use_db(mini_url)
    at = open_page("hearing", year="2017", region="360000", present="1", lang="en")
    assert not at.selectbox and not at.checkbox
    assert "<h1>Jiangxi</h1>" in _screen(at)  # romanised on English pages
    assert t("hearing.step_of", "en", step=1, steps=_hearing(mini_url).steps) in (
        support.texts(at)
    )


def test_department_subject_and_bad_step(mini_url, use_db) -> None:
    use_db(mini_url)
    at = open_page("hearing", year="2017", region="360000", dept="D002")
    assert "<h1>江西省卫生健康委员会</h1>" in _screen(at)
    found = reads.find_department(mini_url, reads.release_stamp(mini_url), "D002", "360000")
    assert found is not None
    h = _hearing(mini_url, dept="D002", department_id=found.id)
    at = open_page("hearing", year="2017", region="360000", dept="D002", step="99")
    # Located like every other bad URL parameter, with a way back to the same subject.
    problem = params.Problem(
        "bad.step_range", {"value": "99", "steps": str(h.steps)}, "step", "99"
    )
    assert problem.text("zh").startswith("链接参数 step=99：")
    assert problem.text("zh") in support.texts(at)
    assert not _screen(at)
    back = [lk for lk in page_links(at) if lk.proto.label == t("bad.back", "zh")]
    assert back and back[0].proto.page.strip("/") == "hearing"
    assert "dept=D002" in back[0].proto.query_string
    assert "step=" not in back[0].proto.query_string
    last = open_page("hearing", year="2017", region="360000", dept="D002", step=str(h.steps - 1))
    assert t("bad.title", "zh") not in support.texts(last)


def test_small_demo_renders_every_screen_kind(demo_url, use_db) -> None:
    use_db(demo_url)
    years = reads.available_years(demo_url, reads.release_stamp(demo_url))
    for step in (brief.FLAGS_STEP, brief.LEDGER_STEP):
        at = open_page("hearing", year=str(years[-2]), region="360000", step=str(step))
        screen = _screen(at)
        assert "<h1>江西省</h1>" in screen and "<table>" in screen
    assert at.text, "the question outline lists questions"


def _explore_link(at, rule: str):
    links = [
        lk for lk in page_links(at)
        if lk.proto.page.strip("/") == "explore" and f"flag={rule}" in lk.proto.query_string
    ]
    assert links, [lk.proto.query_string for lk in page_links(at)]
    return links[0]


def test_poor_not_cut_list_is_one_click_from_the_first_and_flags_screens(
    demo_url, use_db
) -> None:
    """"For any region and year, the 差/中 projects whose budgets were not cut": the
    hearing's first screen and its flags screen link to the explorer filtered by
    ``poor_not_cut`` for the same region, scope and year; that list holds exactly what
    the rule flags, graded 中 or 差, flagged first."""
    from urllib.parse import parse_qsl

    from data_access.db.engine import make_engine
    from data_access.flags.rules import flag_items

    use_db(demo_url)
    year = reads.available_years(demo_url, reads.release_stamp(demo_url))[-1]
    region = "360100"  # a city: not the default region, so the link must carry it
    engine = make_engine(demo_url)
    flagged = flag_items(engine, ViewFilter(year, region, "all"), rules=["poor_not_cut"])
    engine.dispose()
    assert flagged, "the demo has 差/中 projects whose budget was not cut"
    for step in ("0", str(brief.FLAGS_STEP)):
        at = open_page("hearing", year=str(year), region=region, step=step)
        link = _explore_link(at, "poor_not_cut")
        query = dict(parse_qsl(link.proto.query_string))
        assert query["region"] == region and query["year"] == str(year)
        assert query["scope"] == "all" and query["sort"] == "flagged"
        assert "step" not in query and "ask" not in query
        assert f"（{len(flagged)} 项）" in link.proto.label
    listed = open_page("explore", **query)
    table = support.frames(listed)[-1]
    codes = table[t("col.project_code", "zh")].tolist()
    by_money = sorted(flagged, key=lambda i: (-i.money_at_stake, i.project_code))
    assert codes == [i.project_code for i in by_money][:25]
    grades = set(table[t("col.grade", "zh")].tolist())
    assert grades <= {t("grade.fair", "zh"), t("grade.poor", "zh")}


def test_a_department_subject_links_to_its_own_flagged_list(mini_url, use_db) -> None:
    from urllib.parse import parse_qsl

    use_db(mini_url)
    at = open_page("hearing", year="2017", region="360000", dept="D002",
                   step=str(brief.FLAGS_STEP))
    query = dict(parse_qsl(_explore_link(at, "targets_missed").proto.query_string))
    assert query["dept"] == "D002" and query["flag"] == "targets_missed"
    listed = open_page("explore", **query)
    codes = support.frames(listed)[-1][t("col.project_code", "zh")].tolist()
    assert codes == ["36000017002"]
    assert not any(w in support.texts(listed) for w in WITHHELD)


def _lagging(url: str, year: int, region: str):
    from data_access.db.engine import make_engine
    from data_access.flags.rules import lagging

    engine = make_engine(url)
    try:
        return lagging(engine, year, region)
    finally:
        engine.dispose()


def test_lagging_units_are_ranked_and_have_their_own_step(demo_url, use_db) -> None:
    """``lagging_region`` on the hearing screens: a row of the flags ranking (units and
    the shortfall, its own figure), a link to its step, the step listing the units with
    their coverage beside their parent's, one question per unit in the outline; the
    flagged projects follow, one step later."""
    from data_access.flags.rules import RULES

    use_db(demo_url)
    year = reads.available_years(demo_url, reads.release_stamp(demo_url))[-1]
    units = _lagging(demo_url, year, "360000")
    assert len(units) > 6, "the demo province has lagging cities and departments"
    h = _hearing(demo_url, year=year)
    counted = h.counts.rules["lagging_region"]
    assert counted.count == len(units)
    title = RULES["lagging_region"].title("zh")
    step = brief.FIRST_ITEM_STEP

    at = open_page("hearing", year=str(year), region="360000", step=str(brief.FLAGS_STEP))
    screen = _screen(at)
    row = screen.split(f"<td>{title}</td>")[1].split("</tr>")[0]
    assert t("hearing.lagging_units", "zh", count=len(units)) in row
    assert fmt.money(counted.money_at_stake, "zh") in row

    at = open_page("hearing", year=str(year), region="360000", step=str(step))
    screen = _screen(at)
    assert t("hearing.step.lagging", "zh") in screen
    for unit in units[:6]:
        cells = screen.split(f"<b>{unit.name}</b>")[1].split("</tr>")[0]
        for text in (
            fmt.percent(unit.coverage, "zh"),
            fmt.percent(unit.parent_coverage, "zh"),
            fmt.points(unit.gap_points, "zh"),
            fmt.money(unit.money_at_stake, "zh"),
        ):
            assert text in cells, (unit.name, text)
    assert f"<b>{units[6].name}</b>" not in screen
    assert t("hearing.lagging_more", "zh", count=len(units) - 6) in screen

    outline = [x.value for x in at.text]
    asked = [s for s in outline if "评价资金覆盖率为" in s]
    assert len(asked) == len(units)
    first = units[0]
    assert asked[0] == (
        f"{len(h.questions) + 1}. "
        + t(
            "question.lagging_region",
            "zh",
            unit=first.name,
            year=year,
            coverage=fmt.percent(first.coverage, "zh"),
            parent="江西省" if first.kind == "child" else t("own_level_of", "zh", name="江西省"),
            parent_coverage=fmt.percent(first.parent_coverage, "zh"),
            gap=fmt.points(first.gap_points, "zh"),
            money=fmt.money(first.money_at_stake, "zh"),
        )
    )
    after = open_page("hearing", year=str(year), region="360000", step=str(step + 1))
    assert h.projects[0].questions[0].text in _screen(after)


def test_lagging_step_follows_the_subject(mini_url, use_db) -> None:
    """Nanchang's county lags the city: Nanchang's hearing has the step; its own level
    (本级, no child regions) and the province (nothing lags) have none."""
    use_db(mini_url)
    step = str(brief.FIRST_ITEM_STEP)
    at = open_page("hearing", year="2017", region="360100", step=step)
    assert "<b>南昌县</b>" in _screen(at) and "80.6%" in _screen(at)
    h = _hearing(mini_url, region="360100", scope="own")
    assert h.counts.rules["lagging_region"].count == 0
    own = open_page("hearing", year="2017", region="360100", scope="own", step=step)
    assert t("hearing.step.lagging", "zh") not in _screen(own)
    province = open_page("hearing", year="2017", region="360000", step=step)
    assert t("hearing.step.lagging", "zh") not in _screen(province)


def test_a_ticked_lagging_question_goes_into_the_ask_and_the_brief(mini_url, use_db) -> None:
    """Nanchang's county lags: its question has a tick like the flagged items' ones;
    ticking it writes the brief's id into ``ask`` (the link and the downloads read it),
    the brief built from that ``ask`` prints it, and unticking takes it out again."""
    use_db(mini_url)
    h = _hearing(mini_url, region="360100")
    (row,) = h.lagging
    assert row.id == "lag-child-360121"
    at = open_page("hearing", year="2017", region="360100")
    assert len(at.checkbox) == len(h.questions) + 1
    assert not any(c.value for c in at.checkbox)
    at.checkbox(key=f"ask-{row.id}-False").check().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["ask"] == row.id
    asked = brief.parse_asked(at.query_params["ask"])
    assert [a.text for a in h.asked(asked)] == [row.question]
    assert row.question in brief.brief_html(h, asked)
    assert at.checkbox(key=f"ask-{row.id}-True").value
    # An item ticked beside it comes first, as the outline and the brief number them.
    assert h.questions, "Nanchang has flagged items too"
    at.checkbox(key=f"ask-{h.questions[0].id}-False").check().run()
    assert at.query_params["ask"] == f"{h.questions[0].id},{row.id}"
    at.checkbox(key=f"ask-{h.questions[0].id}-True").uncheck().run()
    at.checkbox(key=f"ask-{row.id}-True").uncheck().run()
    assert "ask" not in at.query_params


def test_the_brief_downloads_are_links_to_its_pinned_route(mini_url, use_db) -> None:
    """No download is built inside the session: the page links to the plain route,
    pinned to the release it shows, carrying the ticked questions."""
    use_db(mini_url)
    h = _hearing(mini_url)
    asked = h.outline()[0].id
    at = open_page("hearing", year="2017", region="360000", ask=asked)
    links = [b.proto.url for b in at.get("link_button")]
    assert any(u.startswith("/download/brief/360000.pdf?") for u in links), links
    pdf = next(u for u in links if ".pdf?" in u)
    assert "release=1" in pdf and f"ask={asked}" in pdf and "year=2017" in pdf
    assert not at.get("download_button")


def test_the_title_comes_before_the_preview_screen(mini_url, use_db) -> None:
    """Outside presenter mode the page names itself first; the presenter has no title."""
    use_db(mini_url)
    at = open_page("hearing", year="2017", region="360000")
    assert at.title[0].value == t("hearing.title", "zh")
    order = [
        "title" if el.type == "title" else "screen"
        for el in at.main
        if el.type == "title" or (el.type == "html" and "hearing-screen" in el.value
                                  and "<style" not in el.value)
    ]
    assert order == ["title", "screen"], order
    presenting = open_page("hearing", year="2017", region="360000", present="1")
    assert not presenting.title and _screen(presenting)


def test_peers_are_siblings_said_once_for_the_province(mini_url, use_db) -> None:
    use_db(mini_url)
    province = _screen(open_page("hearing", year="2017", region="360000"))
    assert province.count(t("hearing.no_comparison", "zh")) == 1
    assert 'class="vs"' not in province
    county = _screen(open_page("hearing", year="2017", region="360121"))
    assert t("hearing.no_comparison", "zh") not in county
    assert 'class="vs"' in county and "南昌市下辖" in county
    # 南昌市's own project spending (1.55亿元) is nowhere beside its county's.
    assert "1.55亿元" not in county and "3,000.00万元" in county


def test_first_screen_links_the_most_serious_flag_and_the_poor_not_cut_list(
    mini_url, use_db
) -> None:
    """The link under the most serious project lists its first rule's projects; the
    差/中-not-cut list stays one click away, each link naming its rule."""
    use_db(mini_url)
    h = _hearing(mini_url)
    first_rule = h.projects[0].project.rules[0]
    at = open_page("hearing", year="2017", region="360000", step="0")
    explore = [lk for lk in page_links(at) if lk.proto.page.strip("/") == "explore"]
    assert f"flag={first_rule}" in explore[0].proto.query_string
    assert first_rule != "poor_not_cut", "the mini package's first flag is another rule"
    assert "flag=poor_not_cut" in explore[1].proto.query_string
    assert f"“{flags.RULES['poor_not_cut'].title('zh')}”" in explore[1].proto.label


def test_english_hearing_romanises_the_region_and_separates_in_english(mini_url, use_db) -> None:
    use_db(mini_url)
    at = open_page("hearing", year="2017", region="360000", lang="en")
    assert "<h1>Jiangxi</h1>" in _screen(at)
    h = _hearing(mini_url, lang="en")
    item = open_page(
        "hearing", year="2017", region="360000", lang="en", step=str(h.first_item_step)
    )
    screen = _screen(item)
    name = h.projects[0].project.project_name
    assert f"{t('hearing.step.item', 'en', rank=1, count=len(h.projects))}: {name}" in screen
    assert "：" not in screen.split("</h2>")[0]
    # The region romanised; a department keeps its published name.
    assert "· Jiangxi ·" in screen


def test_the_ledger_screen_says_announced_against_actual(tmp_path, use_db) -> None:
    """The ledger package (2018 published): of 4 evaluated projects, 2 cuts announced,
    none carried out, one not (36000017002), one project ended (36010017001)."""
    from data_access.db.engine import make_engine
    from data_access.ingest.importer import import_package
    from tests.package_builders import ledger_package

    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    engine = make_engine(url)
    assert import_package(engine, ledger_package(tmp_path)).ok
    engine.dispose()
    use_db(url)
    at = open_page("hearing", year="2017", region="360000", step=str(brief.LEDGER_STEP))
    screen = _screen(at)
    assert t("ledger.summary.line", "zh", evaluated=4, announced=2, carried=0,
             not_carried=1) in screen
    row = screen.split(f"<td>{t('ledger.verdict.not_carried_out', 'zh')}</td>")[1]
    assert row.split("</tr>")[0].count(">1<") == 1
    assert [lk for lk in page_links(at) if "verdict=not_carried_out" in lk.proto.query_string]
