"""Strings of one area: The published vocabularies (codes of data_access.domain) and yes/no
words.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "level.province": {"zh": "省", "en": "Province"},
    "level.city": {"zh": "市", "en": "City"},
    "level.county": {"zh": "县（区）", "en": "County"},
    "yes": {"zh": "是", "en": "Yes"},
    "no": {"zh": "否", "en": "No"},
    "none": {"zh": "—", "en": "—"},
    "status.met": {"zh": "达成", "en": "Met"},
    "status.not_met": {"zh": "未达成", "en": "Not met"},
    "status.not_assessed": {"zh": "未评估", "en": "Not assessed"},
    "grade.excellent": {"zh": "优", "en": "Excellent"},
    "grade.good": {"zh": "良", "en": "Good"},
    "grade.fair": {"zh": "中", "en": "Fair"},
    "grade.poor": {"zh": "差", "en": "Poor"},
    "eval_type.self": {"zh": "单位自评", "en": "Self-evaluation"},
    "eval_type.department": {"zh": "部门评价", "en": "Department evaluation"},
    "eval_type.finance": {"zh": "财政评价", "en": "Finance evaluation"},
    "level1.output": {"zh": "产出指标", "en": "Output"},
    "level1.outcome": {"zh": "效益指标", "en": "Outcome"},
    "level1.satisfaction": {"zh": "满意度指标", "en": "Satisfaction"},
    "level1.cost": {"zh": "成本指标", "en": "Cost"},
    "action.prioritise": {"zh": "优先保障", "en": "Prioritised"},
    "action.maintain": {"zh": "保持", "en": "Maintained"},
    "action.adjust": {"zh": "调整", "en": "Adjusted"},
    "action.reduce": {"zh": "核减", "en": "Reduced"},
    "action.cancel": {"zh": "取消", "en": "Cancelled"},
    "action.rectify": {"zh": "整改", "en": "Rectification"},
    "app_status.planned": {"zh": "计划", "en": "Planned"},
    "app_status.done": {"zh": "已落实", "en": "Done"},
    "mon_action.continue": {"zh": "继续实施", "en": "Continue"},
    "mon_action.adjust": {"zh": "调整", "en": "Adjust"},
    "mon_action.suspend": {"zh": "暂缓", "en": "Suspend"},
    "mon_action.terminate": {"zh": "终止", "en": "Terminate"},
    "comparison.>=": {"zh": "≥", "en": "≥"},
    "comparison.<=": {"zh": "≤", "en": "≤"},
    "comparison.=": {"zh": "＝", "en": "="},
    "comparison.qualitative": {"zh": "定性", "en": "qualitative"},
}
