"""Strings of one area: The project page (/project)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "project.title": {"zh": "项目详情", "en": "Project detail"},
    "project.withheld": {"zh": "未公开", "en": "Not disclosed"},
    "project.withheld_text": {
        "zh": "该项目本年度的绩效信息未公开。",
        "en": "This project's performance information for this year has not been disclosed.",
    },
    "project.code": {"zh": "项目代码", "en": "Project code"},
    "project.department": {"zh": "主管部门", "en": "Department"},
    "project.region": {"zh": "所属地区", "en": "Region"},
    "project.sector": {"zh": "支出功能分类", "en": "Sector"},
    "project.budget": {"zh": "预算与执行", "en": "Budget and spending"},
    "project.budget_initial": {"zh": "年初预算数", "en": "Initial budget"},
    "project.budget_adjusted": {"zh": "全年预算数", "en": "Adjusted budget"},
    "project.spent": {"zh": "全年执行数", "en": "Spent"},
    "project.execution_rate": {"zh": "执行率", "en": "Execution rate"},
    "project.has_targets": {"zh": "绩效目标", "en": "Performance targets"},
    "project.targets_yes": {"zh": "已编报", "en": "Set"},
    "project.targets_no": {"zh": "未编报", "en": "Not set"},
    "project.overall_target": {"zh": "年度总体目标", "en": "Overall target"},
    "project.overall_result": {"zh": "实际完成情况", "en": "Overall result"},
    "project.indicators": {"zh": "绩效指标", "en": "Performance indicators"},
    "project.no_indicators": {
        "zh": "本年度没有公布绩效指标。",
        "en": "No performance indicators were published for this year.",
    },
    "project.monitoring": {"zh": "运行监控", "en": "Monitoring"},
    "project.no_monitoring": {
        "zh": "本年度没有监控记录。",
        "en": "No monitoring record for this year.",
    },
    "project.evaluations": {"zh": "绩效评价", "en": "Evaluations"},
    "project.no_evaluations": {
        "zh": "本年度没有绩效评价。",
        "en": "No evaluation for this year.",
    },
    "project.final": {"zh": "最终评价", "en": "Final evaluation"},
    "project.applications": {"zh": "评价结果应用", "en": "What the results did"},
    "project.no_applications": {
        "zh": "没有公布评价结果的应用情况。",
        "en": "No application of the results has been published.",
    },
    "project.other_years": {"zh": "其他年度", "en": "Other years"},
    "project.no_other_years": {
        "zh": "该项目没有其他公开年度。",
        "en": "This project has no other public year.",
    },
    "project.report_link": {"zh": "打开报告", "en": "Open report"},
    "project.back_explorer": {"zh": "返回项目清单", "en": "Back to the project list"},
    "project.back_department": {"zh": "{name}的全部项目", "en": "All projects of {name}"},
        "project.monitoring.empty": {
            "zh": "该项目{year}没有运行监控记录。",
            "en": "This project has no monitoring records{year}.",
        },
        "project.indicators.empty": {
            "zh": "该项目{year}没有公开绩效指标。",
            "en": "This project has no published performance indicators{year}.",
        },
        "project.evaluations.empty": {
            "zh": "该项目{year}没有评价记录。",
            "en": "This project has no evaluations{year}.",
        },
        "project.applications.empty": {
            "zh": "该项目{year}的评价结果没有应用记录。",
            "en": "No use of this project's evaluation results is recorded{year}.",
        },
}
