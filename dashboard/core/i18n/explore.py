"""Strings of one area: The explorer (/explore): drill-down, filters and order."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "explore.title": {"zh": "逐级钻取", "en": "Drill down"},
    "explore.children": {"zh": "下级地区", "en": "Lower-level regions"},
    "explore.departments": {"zh": "部门", "en": "Departments"},
    "explore.select_hint": {
        "zh": "勾选表格最左侧的方框（手机上点名称）：地区或部门进入下一级，“本级”一行只看本级，"
        "项目打开详情。",
        "en": "Tick the box at the left of a row (on a phone, tap the name): a region or "
        "department opens one level down, the own-level row shows the own level only, a "
        "project opens its page.",
    },
    "explore.projects": {"zh": "项目清单", "en": "Projects"},
    "explore.search": {"zh": "按名称或代码搜索", "en": "Search by name or code"},
    "explore.sort": {"zh": "排序", "en": "Sort by"},
    "explore.page": {"zh": "页码", "en": "Page"},
    "explore.page_of": {
        "zh": "第 {page} / {pages} 页，共 {total} 个项目",
        "en": "Page {page} of {pages}, {total} projects",
    },
    "explore.no_projects": {
        "zh": "没有符合条件的公开项目。",
        "en": "No public project matches.",
    },
    "explore.open_hint": {
        "zh": "选择一行打开项目详情。",
        "en": "Select a row to open the project.",
    },
    "explore.department_of": {"zh": "部门：{name}", "en": "Department: {name}"},
    "explore.all_departments": {"zh": "全部部门", "en": "All departments"},
    "sort.budget": {"zh": "预算金额", "en": "Budget"},
    "sort.spent": {"zh": "执行金额", "en": "Spending"},
    "sort.execution_rate": {"zh": "执行率", "en": "Execution rate"},
    "sort.score": {"zh": "评价得分", "en": "Score"},
    "sort.name": {"zh": "名称", "en": "Name"},
        "explore.grade": {"zh": "评价等级", "en": "Grade"},
        "explore.grade_any": {"zh": "全部等级", "en": "All grades"},
        "explore.departments_folded": {
            "zh": "{title}（共 {rows} 个部门）",
            "en": "{title} ({rows} departments)",
        },
        "explore.flag": {"zh": "问题类型", "en": "Flag"},
        "explore.flag_any": {"zh": "全部项目", "en": "All projects"},
        "explore.score": {"zh": "评价得分范围", "en": "Score range"},
        "explore.order": {"zh": "顺序", "en": "Order"},
        "explore.flag_rule": {
            "zh": "筛选规则：{rule}。{explanation}",
            "en": "Flag: {rule}. {explanation}",
        },
        "order.desc": {"zh": "从高到低", "en": "Highest first"},
        "order.asc": {"zh": "从低到高", "en": "Lowest first"},
        "sort.flagged": {"zh": "问题优先（按涉及资金）", "en": "Flagged first (money at stake)"},
}
