"""Strings of one area: Metric labels and units, one source for pages, charts, About and
downloads.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "unit.yi": {"zh": "亿元", "en": "CNY 100 m"},
    "unit.wan": {"zh": "万元", "en": "CNY 10,000"},
    "unit.bn": {"zh": "亿元", "en": "CNY bn"},
    "unit.m": {"zh": "万元", "en": "CNY m"},
    "unit.yuan": {"zh": "元", "en": "CNY"},
    "unit.percent": {"zh": "%", "en": "%"},
    "unit.points": {"zh": "分", "en": "points"},
    "unit.count": {"zh": "个", "en": "number"},
    "unit.projects": {"zh": "个项目", "en": "projects"},
    "unit.pp": {"zh": "个百分点", "en": "pp"},
    "unit.people": {"zh": "人", "en": "people"},
    "unit.items": {"zh": "项", "en": "items"},
    "metric.projects": {"zh": "项目数", "en": "Projects"},
    "metric.project_spending": {"zh": "项目支出", "en": "Project spending"},
    "metric.spent": {"zh": "执行数", "en": "Spent"},
    "metric.execution_rate": {"zh": "预算执行率", "en": "Execution rate"},
    "metric.target_covered_funds": {"zh": "有绩效目标的资金", "en": "Funds with targets"},
    "metric.target_coverage_rate": {"zh": "目标覆盖率", "en": "Target coverage"},
    "metric.monitored_funds": {"zh": "监控资金", "en": "Monitored funds"},
    "metric.monitoring_coverage_rate": {"zh": "监控覆盖率", "en": "Monitoring coverage"},
    "metric.evaluated_funds": {"zh": "评价资金", "en": "Evaluated funds"},
    "metric.evaluation_coverage_rate": {"zh": "评价覆盖率", "en": "Evaluation coverage"},
    "metric.evaluated_funds_self": {"zh": "单位自评资金", "en": "Self-evaluated funds"},
    "metric.evaluated_funds_department": {
        "zh": "部门评价资金",
        "en": "Department-evaluated funds",
    },
    "metric.evaluated_funds_finance": {"zh": "财政评价资金", "en": "Finance-evaluated funds"},
    "metric.third_party_evaluations": {
        "zh": "第三方评价次数",
        "en": "Third-party evaluations",
    },
    "metric.evaluations": {"zh": "评价次数", "en": "Evaluations"},
    "metric.average_score": {"zh": "平均得分", "en": "Average score"},
    "metric.weighted_average_score": {"zh": "资金加权平均得分", "en": "Funds-weighted score"},
    "metric.grade_excellent": {"zh": "优", "en": "Excellent"},
    "metric.grade_good": {"zh": "良", "en": "Good"},
    "metric.grade_fair": {"zh": "中", "en": "Fair"},
    "metric.grade_poor": {"zh": "差", "en": "Poor"},
    "metric.indicators_assessed": {"zh": "已评估指标", "en": "Indicators assessed"},
    "metric.indicators_met": {"zh": "达成指标", "en": "Indicators met"},
    "metric.target_achievement_rate": {"zh": "指标达成率", "en": "Target achievement"},
    "metric.applied_rate": {"zh": "结果应用率", "en": "Results applied"},
    "metric.fair_poor_cut_rate": {"zh": "中差项目核减率", "en": "Fair/poor cut rate"},
    "metric.self_score_gap": {"zh": "自评偏高分差", "en": "Self-score gap"},
    "metric.reports_to_congress": {"zh": "报送人大的报告", "en": "Reports to congress"},
    "metric.withheld_projects": {"zh": "不公开项目数", "en": "Withheld projects"},
    "metric.withheld_funds": {"zh": "不公开项目资金", "en": "Withheld funds"},
    # reported-only metrics (DATA_CONTRACT.md)
    "metric.departments_with_targets": {
        "zh": "编报绩效目标的部门数",
        "en": "Departments with targets",
    },
    "metric.performance_staff": {"zh": "绩效管理人员编制", "en": "Performance staff"},
    "metric.rules_issued": {"zh": "出台制度数", "en": "Rules issued"},
    "metric.projects_in_system": {"zh": "系统内项目数", "en": "Projects in the system"},
}
