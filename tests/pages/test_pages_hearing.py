"""Hearing (/hearing): presenter screens, steps as URLs, the question outline.

Why these checks: in the hearing room the first screen must name the subject, show its
headline figures and the first flag; each step must be a link the chair can open; a
question must carry its figures; and a withheld project must never surface.
"""

from __future__ import annotations

from dashboard.core import params, reads
from dashboard.core.i18n import t
from dashboard.core.view import View
from dashboard.renderers import brief
from data_access.flags import rules as flags
from tests import pages_support as support
from tests.pages_support import open_page, page_links

WITHHELD = ("不公开项目示例", "36000017003")


def _screen(at) -> str:
    return "\n".join(
        h.value for h in at.html if "hearing-screen" in h.value and "<style" not in h.value
    )


def _all_text(at) -> str:
    return "\n".join([support.texts(at), _screen(at), *(x.value for x in at.text)])


def _hearing(url: str, **changes) -> brief.Hearing:
    view = View(
        url=url,
        stamp=reads.release_stamp(url),
        page_name="hearing",
        lang="zh",
        year=2017,
        region="360000",
    )
    return brief.hearing(view.replace(**changes))


def test_first_screen_names_subject_figures_and_first_flag(mini_url, use_db) -> None:
    use_db(mini_url)
    at = open_page("hearing", year="2017", region="360000")
    screen = _screen(at)
    h = _hearing(mini_url)
    assert "<h1>江西省</h1>" in screen
    for row in h.headline:
        assert row.value_text in screen
    assert h.questions[0].item.project_name in screen
    assert not any(w in _all_text(at) for w in WITHHELD)


def test_steps_are_links_and_move(mini_url, use_db) -> None:
    use_db(mini_url)
    at = open_page("hearing", year="2017", region="360000", step="0")
    nxt = [lk for lk in page_links(at) if "step=1" in lk.proto.query_string]
    assert nxt and nxt[0].proto.page == "hearing"
    at = open_page("hearing", year="2017", region="360000", step="2")
    assert "绩效目标多项未完成" in _screen(at) and "已评估的绩效指标" in _screen(at)
    at = open_page("hearing", year="2017", region="360000", step="3")
    h = _hearing(mini_url)
    assert h.questions[0].text in _screen(at)
    project = [lk for lk in page_links(at) if lk.proto.page == "project"]
    assert (
        project and f"project={h.questions[0].item.project_code}" in project[0].proto.query_string
    )
    assert "year=2017" in project[0].proto.query_string


def test_question_outline_fills_figures_and_keeps_ticks(mini_url, use_db) -> None:
    use_db(mini_url)
    h = _hearing(mini_url)
    asked = h.questions[2].id
    at = open_page("hearing", year="2017", region="360000", ask=asked)
    shown = [x.value for x in at.text]
    assert any("单位自评91.0分，部门评价仅72.0分，相差19.0分" in s for s in shown)
    ticked = [c.value for c in at.checkbox]
    assert ticked == [q.id == asked for q in h.questions]
    at.checkbox[0].check().run()
    # Ticking navigates to the same screen with the selection in ``ask``.
    assert not at.exception


def test_present_mode_has_no_pickers(mini_url, use_db) -> None:
    use_db(mini_url)
    at = open_page("hearing", year="2017", region="360000", present="1", lang="en")
    assert not at.selectbox and not at.checkbox
    assert "<h1>Jiangxi</h1>" in _screen(at)  # romanised on English pages


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


def test_small_demo_renders_with_flags(demo_url, use_db) -> None:
    use_db(demo_url)
    years = reads.available_years(demo_url, reads.release_stamp(demo_url))
    at = open_page("hearing", year=str(years[-1]), region="360000", step="2")
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
    flagged = flag_items(engine, year, region, "all", rules=["poor_not_cut"])
    engine.dispose()
    assert flagged, "the demo has 差/中 projects whose budget was not cut"
    for step in ("0", "2"):
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
    at = open_page("hearing", year="2017", region="360000", dept="D002", step="2")
    query = dict(parse_qsl(_explore_link(at, "no_report").proto.query_string))
    assert query["dept"] == "D002" and query["flag"] == "no_report"
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
    money at stake), a link to its step right after the ranking, the step listing the
    units with their coverage beside their parent's, and one question per unit in the
    outline; the flagged items follow, one step later."""
    from dashboard.core import formatting as fmt
    from data_access.flags.rules import RULES

    use_db(demo_url)
    year = reads.available_years(demo_url, reads.release_stamp(demo_url))[-1]
    units = _lagging(demo_url, year, "360000")
    assert len(units) > 8, "the demo province has lagging cities and departments"
    h = _hearing(demo_url, year=year)
    counted = h.counts.rules["lagging_region"]
    assert counted.count == len(units)
    title = RULES["lagging_region"].title("zh")

    at = open_page("hearing", year=str(year), region="360000", step="2")
    screen = _screen(at)
    row = screen.split(f"<b>{title}</b>")[1].split("</tr>")[0]
    assert t("hearing.lagging_units", "zh", count=len(units)) in row
    assert fmt.money(counted.money_at_stake, "zh") in row
    link = [lk for lk in page_links(at) if "step=3" in lk.proto.query_string]
    assert link and title in link[0].proto.label

    at = open_page("hearing", year=str(year), region="360000", step="3")
    screen = _screen(at)
    assert t("hearing.step.lagging", "zh") in screen
    for unit in units[:8]:
        cells = screen.split(f"<b>{unit.name}</b>")[1].split("</tr>")[0]
        for text in (
            fmt.percent(unit.coverage, "zh"),
            fmt.percent(unit.parent_coverage, "zh"),
            fmt.points(unit.gap_points, "zh"),
            fmt.money(unit.money_at_stake, "zh"),
        ):
            assert text in cells, (unit.name, text)
    assert f"<b>{units[8].name}</b>" not in screen
    assert t("hearing.lagging_more", "zh", count=len(units) - 8) in screen
    explore = [lk for lk in page_links(at) if lk.proto.page.strip("/") == "explore"]
    assert f"region={units[0].code}" in explore[0].proto.query_string or (
        f"dept={units[0].code}" in explore[0].proto.query_string
    )

    at = open_page("hearing", year=str(year), region="360000", step="4")
    assert h.questions[0].text in _screen(at)
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
    last = open_page("hearing", year=str(year), region="360000",
                     step=str(3 + 1 + len(h.questions) - 1))
    assert h.questions[-1].text in _screen(last)


def test_lagging_step_follows_the_subject(mini_url, use_db) -> None:
    """Nanchang's county lags the city: Nanchang's hearing has the step; its own level
    (本级, no child regions) and the province (nothing lags) have none."""
    use_db(mini_url)
    at = open_page("hearing", year="2017", region="360100", step="3")
    assert "<b>南昌县</b>" in _screen(at) and "80.6%" in _screen(at)
    h = _hearing(mini_url, region="360100", scope="own")
    assert h.counts.rules["lagging_region"].count == 0
    own = open_page("hearing", year="2017", region="360100", scope="own", step="3")
    if h.questions:
        assert h.questions[0].text in _screen(own)
    assert t("hearing.step.lagging", "zh") not in _screen(own)
    province = open_page("hearing", year="2017", region="360000", step="3")
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
    assert brief.asked_texts(h, asked) == [row.question]
    assert row.question in brief.brief_html(h, asked)
    assert at.checkbox(key=f"ask-{row.id}-True").value
    # An item ticked beside it comes first, as the outline and the brief number them.
    assert h.questions, "Nanchang has flagged items too"
    at.checkbox(key=f"ask-{h.questions[0].id}-False").check().run()
    assert at.query_params["ask"] == f"{h.questions[0].id},{row.id}"
    at.checkbox(key=f"ask-{h.questions[0].id}-True").uncheck().run()
    at.checkbox(key=f"ask-{row.id}-True").uncheck().run()
    assert "ask" not in at.query_params


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


def test_the_province_says_once_there_is_nothing_to_compare_with(mini_url, use_db) -> None:
    use_db(mini_url)
    province = _screen(open_page("hearing", year="2017", region="360000"))
    assert province.count(t("hearing.no_comparison", "zh")) == 1
    assert 'class="vs"' not in province
    city = _screen(open_page("hearing", year="2017", region="360100"))
    assert t("hearing.no_comparison", "zh") not in city
    assert 'class="vs"' in city and "江西省" in city


def test_first_screen_links_the_largest_flag_and_the_poor_not_cut_list(mini_url, use_db) -> None:
    """The link under the largest flag lists that flag's projects; the 差/中-not-cut
    list stays one click away, each link naming its rule."""
    use_db(mini_url)
    h = _hearing(mini_url)
    largest = h.questions[0].item.rule
    at = open_page("hearing", year="2017", region="360000", step="0")
    assert f"“{h.questions[0].rule_title}”" in _explore_link(at, largest).proto.label
    explore = [lk for lk in page_links(at) if lk.proto.page.strip("/") == "explore"]
    assert f"flag={largest}" in explore[0].proto.query_string
    assert largest != "poor_not_cut", "the mini package's largest flag is another rule"
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
    name = h.questions[0].item.project_name
    assert f"{t('hearing.step.item', 'en', rank=1, count=len(h.questions))}: {name}" in screen
    assert "：" not in screen.split("</h2>")[0]
