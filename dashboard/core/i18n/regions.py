"""Strings of one area: The regions page (/regions): map and ranking."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "regions.title": {"zh": "地区比较", "en": "Regions compared"},
    "regions.no_children": {
        "zh": "{region}没有下级地区。可在钻取页查看其部门和项目。",
        "en": "{region} has no lower-level regions. The Explorer lists its departments "
        "and projects.",
    },
    "regions.click_hint": {
        "zh": "点击地图上的地区或排名中的条形，进入下一级。",
        "en": "Click a region on the map or its bar in the ranking to go one level down.",
    },
    "regions.up": {"zh": "返回上一级：{name}", "en": "Up one level: {name}"},
    "regions.open_explorer": {"zh": "在钻取页查看{name}", "en": "Open {name} in the Explorer"},
    "map.legend": {"zh": "图例", "en": "Legend"},
    "map.no_data": {"zh": "无数据", "en": "No data"},
    "map.no_boundaries": {
        "zh": "没有这些地区的边界数据，只显示排名。",
        "en": "No boundaries are available for these regions: only the ranking is shown.",
    },
    "map.successions": {
        "zh": "边界为今天的行政区划：以旧代码公布、今天已无自身边界的地区（如撤县设区前的县），"
        "数据画在其继任地区的边界上，名称按公布的写。",
        "en": "Boundaries are today's: a region published under a former code that has no "
        "boundary of its own today (a county before it became a district, say) is drawn on "
        "its successor's boundary, under the name it was published with.",
    },
    "map.legend_text": {"zh": "图例：{items}", "en": "Legend: {items}"},
        "map.scale.grade": {
            "zh": "颜色按评价等级分档（差＜{fair}、中{fair}–{good}、良{good}–{excellent}、"
            "优≥{excellent}，与评价结果的等级标准相同），各地区、各年份的同一颜色含义相同。"
            "斜线灰色表示无数据。",
            "en": "Colours are the grade bands (Poor < {fair}, Fair {fair}–{good}, Good "
            "{good}–{excellent}, Excellent ≥ {excellent}, the same rule as the evaluation "
            "grades), so a colour means the same on every map and in every year. Hatched "
            "grey: no data.",
        },
        "map.scale.rate": {
            "zh": "颜色按固定的0–100%分为五档（每档20个百分点），不随所选地区变化，"
            "可在地区和年份之间比较。斜线灰色表示无数据。",
            "en": "Colours are five fixed bands of 20 percentage points from 0 to 100 %, "
            "the same for every region and year. Hatched grey: no data.",
        },
        "map.scale.amount": {
            "zh": "金额和数量没有统一标准：颜色从0到略高于本图最大值的整数等分为五档，"
            "档位以图例为准，不同地图之间不可按颜色比较。斜线灰色表示无数据。",
            "en": "Amounts and counts have no common standard: colours are five equal bands "
            "from 0 to a round number above this map's largest value, as the legend states; "
            "colours cannot be compared between maps. Hatched grey: no data.",
        },
        "ranking.parent": {"zh": "{name}：{value}", "en": "{name}: {value}"},
        "ranking.median": {"zh": "下级中位数：{value}", "en": "Median: {value}"},
}
