"""Strings of one area: The trends page (/trends)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "trends.title": {"zh": "历年趋势", "en": "Trends over the years"},
        "axis.score_range": {
            "zh": "得分（纵轴 {low}–{high} 分，非从0起）",
            "en": "Score (axis {low}–{high}, not from 0)",
        },
        "axis.projects": {"zh": "项目数（个）", "en": "Projects"},
}
