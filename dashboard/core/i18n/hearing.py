"""Strings of one area: The hearing mode (/hearing), its question outline and the printed brief."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
        "hearing.title": {"zh": "人大审议", "en": "Budget hearing"},
        "hearing.subject": {"zh": "审议对象", "en": "Subject"},
        "hearing.subject_region": {"zh": "整个地区", "en": "The whole region"},
        "hearing.child_region": {"zh": "下级地区", "en": "Region below"},
        "hearing.present": {"zh": "开始演示", "en": "Start the presentation"},
        "hearing.present_help": {
            "zh": "全屏演示：隐藏菜单和选择框，用 ← → 键或按钮翻页。",
            "en": "Presenter mode: menus and pickers hidden; use the ← → keys or the buttons.",
        },
        "hearing.leave": {"zh": "退出演示", "en": "Leave the presentation"},
        "hearing.prev": {"zh": "上一页", "en": "Previous"},
        "hearing.next": {"zh": "下一页", "en": "Next"},
        "hearing.step_of": {"zh": "第 {step} / {steps} 页", "en": "Screen {step} of {steps}"},
        "hearing.keys": {
            "zh": "提示：可用键盘 ← → 翻页。",
            "en": "Tip: the ← → keys move between screens.",
        },
        "hearing.step.headline": {"zh": "主要指标", "en": "Headline figures"},
        "hearing.step.trend": {"zh": "历年趋势", "en": "Trend"},
        "hearing.step.flags": {"zh": "需关注的问题", "en": "Flags"},
        "hearing.step.item": {"zh": "问题 {rank} / {count}", "en": "Item {rank} of {count}"},
        "hearing.trend": {
            "zh": "项目支出与评价资金（历年）",
            "en": "Project spending and evaluated funds by year",
        },
        "hearing.parent": {"zh": "上级：{name}", "en": "Parent: {name}"},
        "hearing.peers_regions": {"zh": "同级地区中位数", "en": "Median of peer regions"},
        "hearing.peers_departments": {"zh": "同级部门中位数", "en": "Median of peer departments"},
        "hearing.no_comparison": {
            "zh": "没有上级或同级地区可供比较。",
            "en": "There is no parent or peer region to compare with.",
        },
        "hearing.item_sep": {"zh": "：", "en": ": "},
        "hearing.vs": {
            "zh": "{parent}：{parent_value} · {peers}：{peers_value}",
            "en": "{parent}: {parent_value} · {peers}: {peers_value}",
        },
        "hearing.flag_total": {
            "zh": "共 {count} 项问题，涉及资金 {money}（按涉及资金排序）",
            "en": "{count} flagged items, {money} at stake (largest first)",
        },
        "hearing.first_flag": {"zh": "涉及资金最多的问题：", "en": "Largest flag:"},
        "hearing.no_flags": {
            "zh": "按现有规则，本年度没有需关注的问题。",
            "en": "No item is flagged by the rules for this year.",
        },
        "hearing.shown_limit": {
            "zh": "逐项演示涉及资金最多的 {limit} 项。",
            "en": "The presentation walks through the {limit} items with the most money at stake.",
        },
        "hearing.money_at_stake": {"zh": "涉及资金", "en": "Money at stake"},
        "hearing.open_project": {"zh": "查看项目详情", "en": "Open the project page"},
        "hearing.questions": {"zh": "质询提纲", "en": "Question outline"},
        "hearing.questions_help": {
            "zh": "勾选要提出的问题，所选问题会写入链接和审议材料。",
            "en": "Tick the questions to ask; the selection is kept in the link and goes into "
            "the brief.",
        },
        "hearing.no_questions": {"zh": "尚未勾选问题。", "en": "No question selected."},
        "hearing.question": {"zh": "质询问题", "en": "Question"},
        "hearing.download_pdf": {"zh": "下载审议材料（PDF）", "en": "Download the brief (PDF)"},
        "hearing.download_html": {"zh": "下载审议材料（HTML）", "en": "Download the brief (HTML)"},
        "hearing.brief.title": {
            "zh": "人大预算审查审议材料",
            "en": "Brief for the budget committee hearing",
        },
        "hearing.brief.release": {"zh": "数据版本：{release}", "en": "Release: {release}"},
        "hearing.brief.data_date": {"zh": "数据日期：{date}", "en": "Data date: {date}"},
        "hearing.brief.sources": {"zh": "来源与指标口径", "en": "Sources and definitions"},
        "hearing.chart_max": {"zh": "最高 {value}", "en": "Highest {value}"},
        "hearing.col.metric": {"zh": "指标", "en": "Metric"},
        "hearing.col.rank": {"zh": "序号", "en": "No."},
        "hearing.col.project": {"zh": "项目", "en": "Project"},
        "hearing.col.code": {"zh": "项目编码", "en": "Code"},
        "hearing.col.department": {"zh": "部门", "en": "Department"},
        "hearing.col.rule": {"zh": "问题类型", "en": "Rule"},
        "hearing.col.explanation": {"zh": "规则说明", "en": "What the rule means"},
        "hearing.col.count": {"zh": "项数", "en": "Items"},
        "hearing.col.money": {"zh": "涉及资金", "en": "Money at stake"},
        "question.poor_not_cut": {
            "zh": "{project}项目{year}年绩效评价为“{grade}”（{score}分），"
            "{next_year}年预算仍增加{change}。"
            "请说明评价结果是如何应用的？",
            "en": "The {project} project was rated “{grade}” ({score} points) in {year}, yet its "
            "{next_year} budget still grew by {change}. How were the evaluation results applied?",
        },
        "question.poor_not_cut_flat": {
            "zh": "{project}项目{year}年绩效评价为“{grade}”（{score}分），"
            "{next_year}年预算仍为{next_budget}，"
            "未予核减。请说明评价结果是如何应用的？",
            "en": "The {project} project was rated “{grade}” ({score} points) in {year}, yet its "
            "{next_year} budget stayed at {next_budget}. How were the evaluation results applied?",
        },
        "question.low_execution": {
            "zh": "{project}项目{year}年预算{budget}，实际支出{spent}，执行率仅{rate}，"
            "{unspent}未使用。"
            "请说明原因及结余资金的安排？",
            "en": "The {project} project spent {spent} of its {budget} budget in {year} ({rate}), "
            "leaving {unspent} unspent. Why, and what happens to the unspent funds?",
        },
        "question.targets_missed": {
            "zh": "{project}项目{year}年已评估的{assessed}项绩效指标中有{not_met}项未达到目标值。"
            "请说明原因及整改措施？",
            "en": "In {year}, {not_met} of the {assessed} assessed indicators of the {project} "
            "project missed their targets. Why, and what is being done about it?",
        },
        "question.self_inflated": {
            "zh": "{project}项目{year}年单位自评{self_score}分，"
            "{higher}仅{higher_score}分，相差{gap}分。"
            "请说明自评的依据？",
            "en": "The {project} project scored itself {self_score} points in {year}, but the "
            "{higher} gave {higher_score} points, {gap} points less. On what basis was the "
            "self-evaluation made?",
        },
        "question.halted": {
            "zh": "{project}项目{year}年预算{budget}，"
            "在绩效运行监控中被{action}（{date}），已支出{spent}。"
            "请说明原因及后续安排？",
            "en": "The {project} project ({budget} budget in {year}) was halted by monitoring "
            "({action}, {date}) after spending {spent}. Why, and what happens next?",
        },
        "question.no_report": {
            "zh": "{project}项目{year}年有{count}项绩效评价（{types}）未公开评价报告。"
            "请说明何时公开？",
            "en": "{count} evaluation(s) of the {project} project in {year} ({types}) have no "
            "published report. When will they be published?",
        },
        "question.no_targets": {
            "zh": "{project}项目{year}年预算{budget}，但未设定绩效目标。"
            "请说明资金使用的绩效如何考核？",
            "en": "The {project} project had a {budget} budget in {year} but no performance "
            "targets. How is the performance of this spending assessed?",
        },
        "hearing.explore_flag": {
            "zh": "在项目清单中列出全部“{rule}”项目（{count} 项）",
            "en": "List every project flagged “{rule}” in the explorer ({count})",
        },
        "hearing.step.lagging": {
            "zh": "评价覆盖率落后的地区和部门",
            "en": "Regions and departments lagging in evaluation coverage",
        },
        "hearing.lagging_total": {
            "zh": "{count} 个地区或部门评价覆盖率落后，未评价缺口共 {money}",
            "en": "{count} regions or departments lag behind, {money} short of their "
            "parents' coverage in all",
        },
        "hearing.lagging_units": {"zh": "{count} 个单位", "en": "{count} units"},
        "hearing.lagging_link": {
            "zh": "逐个查看：{rule}（{count} 个）",
            "en": "Show them: {rule} ({count})",
        },
        "hearing.lagging_more": {
            "zh": "另有 {count} 个未在此列出，其问题见质询提纲。",
            "en": "{count} more are not listed here; their questions are in the outline.",
        },
        "hearing.open_unit": {"zh": "在钻取页查看：{name}", "en": "Open in the explorer: {name}"},
        "hearing.questions_lagging": {
            "zh": "评价覆盖率落后的地区和部门",
            "en": "Regions and departments lagging in evaluation coverage",
        },
        "hearing.col.unit": {"zh": "地区或部门", "en": "Region or department"},
        "hearing.col.coverage": {"zh": "评价覆盖率", "en": "Coverage"},
        "hearing.col.parent": {"zh": "比较对象", "en": "Compared with"},
        "hearing.col.parent_coverage": {"zh": "其覆盖率", "en": "Its coverage"},
        "hearing.col.gap": {"zh": "差距", "en": "Gap"},
        "hearing.kind.child": {"zh": "地区", "en": "region"},
        "hearing.kind.department": {"zh": "部门", "en": "department"},
        "hearing.unit_kind": {"zh": "{name}（{kind}）", "en": "{name} ({kind})"},
        "hearing.brief.items": {
            "zh": "问题项目（按涉及资金排序）",
            "en": "Flagged items, by money at stake",
        },
        "question.lagging_region": {
            "zh": "{unit}{year}年评价资金覆盖率为{coverage}，比{parent}的{parent_coverage}低"
            "{gap}；按{parent}的覆盖率计，还有{money}项目资金未纳入评价。"
            "请说明原因及整改安排？",
            "en": "In {year}, {unit} evaluated {coverage} of its project spending, {gap} below "
            "{parent} ({parent_coverage}); at {parent}'s rate another {money} would have "
            "been evaluated. Why, and what will be done?",
        },
}
