"""Strings of one area: The press room: share, cite, embed, downloads, the open-data page,
the data dictionary, releases and corrections.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "release.pinned": {
        "zh": "本页显示第 {release} 版数据（链接固定于该版本）。",
        "en": "This page shows the figures of release {release} (the link is pinned to it).",
    },
    "release.served": {
        "zh": "数据版本：{title}（{publisher}，导入于 {imported}）",
        "en": "Release served: {title} ({publisher}, imported {imported})",
    },
    "release.served.self": {
        "zh": "数据版本：{title}（导入于 {imported}）",
        "en": "Release served: {title} (imported {imported})",
    },
    "cite.release": {"zh": "数据版本 #{id}（{date}）", "en": "release #{id} ({date})"},
    "cite.line": {
        "zh": "{publisher}.《{title}》[数据集]. {release}. 访问日期：{accessed}. {url}",
        "en": "{publisher}. “{title}” [dataset]. {release}. Accessed {accessed}. {url}",
    },
    "export.sheet.data": {"zh": "数据", "en": "Data"},
    "export.sheet.about": {"zh": "说明", "en": "About"},
    "export.about.title": {"zh": "标题", "en": "Title"},
    "export.about.publisher": {"zh": "发布单位", "en": "Publisher"},
    "export.about.release": {"zh": "数据版本号", "en": "Release"},
    "export.about.release_title": {"zh": "数据包", "en": "Package"},
    "export.about.release_date": {"zh": "数据日期", "en": "Data date"},
    "export.about.checksum": {"zh": "校验值（SHA-256）", "en": "Checksum (SHA-256)"},
    "export.about.url": {"zh": "链接", "en": "URL"},
    "export.about.licence": {"zh": "许可", "en": "Licence"},
    "export.about.accessed": {"zh": "访问日期", "en": "Accessed"},
    "export.about.citation": {"zh": "引用格式", "en": "How to cite"},
    "export.about.demo": {"zh": "演示数据", "en": "Demonstration data"},
    "export.about.filters": {"zh": "筛选条件", "en": "Filters"},
    "export.about.columns": {"zh": "字段说明", "en": "Columns"},
    "embed.needs_js": {
        "zh": "图表需要 JavaScript；下方表格列出了同样的数据。",
        "en": "The chart needs JavaScript; the table below holds the same data.",
    },
    "embed.export.png": {"zh": "下载图片（PNG）", "en": "Image (PNG)"},
    "embed.export.svg": {"zh": "下载矢量图（SVG）", "en": "Vector image (SVG)"},
    "embed.newer_link": {"zh": "查看最新数据", "en": "See the latest data"},
    "embed.newer": {
        "zh": "这是第 {release} 版数据，此后已有更新的数据发布。",
        "en": "These are the figures of release {release}; newer data has been published since.",
    },
    "embed.demo": {
        "zh": "演示数据，非官方公布结果",
        "en": "Demonstration data, not officially published results",
    },
    "embed.full_view": {"zh": "在看板中查看完整数据", "en": "Full data on the dashboard"},
    "embed.source": {
        "zh": "来源：{publisher}，{release}；数据日期 {date}",
        "en": "Source: {publisher}, {release}; data as of {date}",
    },
    "download.csv": {"zh": "数据（CSV）", "en": "Data (CSV)"},
    "download.xlsx": {"zh": "数据（Excel）", "en": "Data (Excel)"},
    "download.json": {"zh": "数据（JSON）", "en": "Data (JSON)"},
    "download.html": {"zh": "离线网页（HTML）", "en": "Offline page (HTML)"},
    "share.button": {"zh": "分享", "en": "Share"},
    "share.permalink": {
        "zh": "固定链接（始终显示这一版数据）",
        "en": "Permalink (always shows this release)",
    },
    "share.iframe": {
        "zh": "嵌入代码（复制到文章中）",
        "en": "Embed code (paste into your article)",
    },
    "share.citation": {"zh": "引用", "en": "Citation"},
    "share.downloads": {"zh": "下载", "en": "Downloads"},
    "export.rate_note": {"zh": "（比率，0–1 之间的小数）", "en": " (a fraction between 0 and 1)"},
    "export.code_note": {
        "zh": "（代码，含义见 /about）",
        "en": " (a code; see /about for its meaning)",
    },
    "data.title": {"zh": "开放数据", "en": "Open data"},
    "data.datasets": {"zh": "本视图的全部数据", "en": "All the data of this view"},
    "data.datasets_help": {
        "zh": "按当前筛选条件（年度、地区、口径、部门）下载全部记录，而不仅是屏幕上的行。"
        "金额以元为单位、精确到分；不公开项目及其记录不在其中。",
        "en": "Every record for the current filters (year, region, scope, department), not "
        "only the rows on screen. Money in yuan, exact to the fen; withheld projects and "
        "their records are not included.",
    },
    "data.rows": {"zh": "{name}：{rows} 行", "en": "{name}: {rows} rows"},
    "data.dataset.projects": {"zh": "项目", "en": "Projects"},
    "data.dataset.indicators": {"zh": "绩效指标", "en": "Indicators"},
    "data.dataset.evaluations": {"zh": "绩效评价", "en": "Evaluations"},
    "data.dataset.applications": {"zh": "结果应用", "en": "Applications"},
    "data.dataset.monitoring": {"zh": "绩效监控", "en": "Monitoring"},
    "data.dataset.metrics": {
        "zh": "各地区指标（本级与下级）",
        "en": "Metrics by region (own level and lower levels)",
    },
    "data.bulk": {"zh": "整个数据版本", "en": "A whole release"},
    "data.bulk_help": {
        "zh": "第 {id} 版数据全部公开记录（所有年度和地区），每张表一个 CSV 文件。"
        "SHA-256 校验值：{checksum}",
        "en": "Every public record of release {id} (all years and regions), one CSV file "
        "per table. SHA-256 checksum: {checksum}",
    },
    "data.bulk_button": {"zh": "下载第 {id} 版（ZIP）", "en": "Download release {id} (ZIP)"},
    "data.api": {"zh": "接口与订阅", "en": "API and feed"},
    "data.api_help": {
        "zh": "同样的数字也可通过 JSON 接口读取；Atom 订阅源在每次导入新数据时更新。",
        "en": "The same figures as JSON through the API; the Atom feed announces every new "
        "release.",
    },
    "data.api_docs": {"zh": "接口说明", "en": "API documentation"},
    "data.feed": {"zh": "订阅源（Atom）", "en": "Feed (Atom)"},
    "data.cite": {"zh": "许可与引用", "en": "Licence and citation"},
    "data.licence": {"zh": "许可：{licence}", "en": "Licence: {licence}"},
    "data.no_licence": {"zh": "未声明", "en": "not stated"},
    "data.cite_help": {
        "zh": "引用时请注明发布单位、数据版本号和访问日期。每个图表的“分享”按钮给出完整的引用格式"
        "和始终显示同一版数据的固定链接。",
        "en": "Cite the publisher, the release number and the date of access. Every chart's "
        "Share button gives the full citation and a permalink that always shows the same "
        "release.",
    },
    # Data dictionary: downloaded columns that are not fields of the package format
    # (the others are described in data_access/ingest/table_schemas/, in both languages).
    "dict.money_note": {
        "zh": "下载文件中的金额以元为单位，精确到分。",
        "en": "Downloads give money in yuan (元), exact to the fen.",
    },
    "dict.projects.department_name.title": {"zh": "主管部门名称", "en": "Department name"},
    "dict.projects.department_name.description": {
        "zh": "主管部门的名称，取自 departments.csv。",
        "en": "Name of the department in charge of the project, from departments.csv.",
    },
    "dict.projects.region_name.title": {"zh": "地区名称", "en": "Region name"},
    "dict.projects.region_name.description": {
        "zh": "预算所属地区的名称，取自国家行政区划表（或数据包的 regions.csv）。",
        "en": "Name of the region whose budget holds the project, from the national "
        "gazetteer (or the package's regions.csv).",
    },
    "dict.indicators.status.title": {"zh": "完成状态", "en": "Status"},
    "dict.indicators.status.description": {
        "zh": "导入时由目标值与实际值判定：met（达成）、not_met（未达成）或 not_assessed"
        "（无实际值，未评估）；定性指标得分等于分值为达成。",
        "en": "Decided at import from target and actual value: met, not_met or "
        "not_assessed (no actual value yet); a qualitative indicator is met when its "
        "score equals its weight.",
    },
    "dict.evaluations.evaluation_code.title": {"zh": "评价编号", "en": "Evaluation ID"},
    "dict.evaluations.evaluation_code.description": {
        "zh": "发布方给该评价的编号（数据包 evaluations.csv 的 evaluation_id），"
        "评价结果应用据此引用评价。",
        "en": "The publisher's identifier of the evaluation (evaluation_id in the "
        "package's evaluations.csv); applications refer to the evaluation by it.",
    },
    "dict.applications.evaluation_code.title": {"zh": "评价编号", "en": "Evaluation ID"},
    "dict.applications.evaluation_code.description": {
        "zh": "该应用所依据的评价的编号，与 evaluations 下载中的 evaluation_code 对应"
        "（数据包 applications.csv 的 evaluation_id）。",
        "en": "The evaluation whose result is applied: the evaluation_code of the "
        "evaluations download (evaluation_id in the package's applications.csv).",
    },
        "data.corrections.title": {"zh": "更正记录", "en": "Corrections"},
        "data.corrections.change": {"zh": "变动", "en": "Change"},
        "data.corrections.old": {"zh": "原值", "en": "Before"},
        "data.corrections.new": {"zh": "新值", "en": "After"},
        "data.corrections.restored": {"zh": "恢复的版本", "en": "Restored release"},
        "data.corrections.restores": {
            "zh": "#{id}（恢复 #{restored}）",
            "en": "#{id} (restores #{restored})",
        },
        "data.corrections.footnote": {
            "zh": "每个数据版本与同一发布单位上一版本相比的变动：新增或撤下的项目，预算、支出、"
            "评分和等级的原值与新值。不公开项目不参与比较：转为不公开的项目记为“撤下”。",
            "en": "What each release changed against its publisher's previous release: projects "
            "added or withdrawn, budgets, spending, scores and grades before and after. Withheld "
            "projects are never compared: a project that became withheld is listed as withdrawn.",
        },
        "data.corrections.none": {
            "zh": "尚无更正：每个发布单位只有首次发布的数据。",
            "en": "No corrections yet: every publisher has only its first release.",
        },
        "correction.added": {"zh": "新增项目", "en": "Project added"},
        "correction.withdrawn": {"zh": "撤下项目", "en": "Project withdrawn"},
        "correction.budget": {"zh": "预算调整", "en": "Budget changed"},
        "correction.spent": {"zh": "支出调整", "en": "Spending changed"},
        "correction.score": {"zh": "评分调整", "en": "Score changed"},
        "correction.grade": {"zh": "等级调整", "en": "Grade changed"},
}
