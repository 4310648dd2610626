"""Strings of one area: The overview page (/): headline, the closed loop, reported vs computed."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "overview.title": {"zh": "预算绩效总览", "en": "Budget performance overview"},
    "overview.headline": {"zh": "主要指标", "en": "Headline figures"},
    "overview.delta_help": {
        "zh": "与上一年度（{year}）相比的变化",
        "en": "Change from the year before ({year})",
    },
    "overview.no_previous": {
        "zh": "没有上一年度的数据，不显示变化。",
        "en": "No data for the year before: no change shown.",
    },
    "overview.loop": {"zh": "全过程闭环", "en": "The closed loop"},
    "overview.reported": {"zh": "公布数与计算数", "en": "Reported and computed figures"},
    "overview.reported_none": {
        "zh": "本视图没有官方公布的数字可供对照。",
        "en": "No officially reported figure exists for this view.",
    },
    "overview.withheld": {
        "zh": "含不公开项目 {count} 个 / {money}",
        "en": "Withheld projects included: {count} / {money}",
    },
    "overview.withheld_none": {
        "zh": "本视图没有不公开项目。",
        "en": "This view contains no withheld projects.",
    },
    "overview.more": {"zh": "继续查看", "en": "Go further"},
    "reported.metric": {"zh": "指标", "en": "Metric"},
    "reported.reported": {"zh": "公布数", "en": "Reported"},
    "reported.computed": {"zh": "计算数", "en": "Computed"},
    "reported.difference": {"zh": "差额", "en": "Difference"},
    "reported.source": {"zh": "来源", "en": "Source"},
    "reported.note": {"zh": "说明", "en": "Note"},
    "reported.not_computable": {"zh": "无对应计算口径", "en": "not computed"},
    "loop.targets": {"zh": "有绩效目标", "en": "With targets"},
    "loop.monitoring": {"zh": "开展监控", "en": "Monitored"},
    "loop.evaluation": {"zh": "开展评价", "en": "Evaluated"},
    "loop.application": {"zh": "结果应用", "en": "Results applied"},
    "loop.spending": {"zh": "项目支出", "en": "Project spending"},
        "loop.of_spending": {"zh": "占支出 {share}", "en": "{share} of spending"},
        "loop.of_targets": {
            "zh": "占有目标资金 {rate}",
            "en": "{rate} of funds with targets",
        },
}
