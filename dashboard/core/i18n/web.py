"""Strings of one area: The plain HTTP routes: API problems and its page, the Atom feed."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "api.problem.bad_parameter.title": {"zh": "参数有误", "en": "Bad parameter"},
    "api.problem.bad_parameter.detail": {
        "zh": "参数 {name} 无效：{reason}。",
        "en": "Parameter {name} is not valid: {reason}.",
    },
    "api.problem.project_not_found.title": {"zh": "未找到项目", "en": "Project not found"},
    "api.problem.project_not_found.detail": {
        "zh": "没有使用这个代码的公开项目。",
        "en": "No published project has this code.",
    },
    "api.problem.release_not_found.title": {"zh": "未找到数据版本", "en": "Release not found"},
    "api.problem.release_not_found.detail": {
        "zh": "没有编号为 {id} 的数据版本。",
        "en": "No release has the number {id}.",
    },
    "api.problem.no_data.title": {"zh": "暂无数据", "en": "No data yet"},
    "api.problem.no_data.detail": {
        "zh": "数据库中还没有已发布的数据。",
        "en": "The database holds no published results yet.",
    },
    "api.problem.building.title": {
        "zh": "正在生成演示数据库",
        "en": "The demonstration database is being built",
    },
    "api.problem.building.detail": {
        "zh": "首次启动正在生成演示数据库（已完成 {percent}%），请在 Retry-After 所示秒数后再试。",
        "en": "First start: the demonstration database is being built ({percent}% done). "
        "Please try again after the seconds given in Retry-After.",
    },
    "api.problem.unavailable.title": {"zh": "暂时无法读取数据", "en": "Data unavailable"},
    "api.problem.unavailable.detail": {
        "zh": "暂时无法读取数据库，请稍后再试。",
        "en": "The database cannot be read at the moment. Please try again later.",
    },
    "api.problem.internal.title": {"zh": "服务器出错", "en": "Server error"},
    "api.problem.internal.detail": {
        "zh": "处理请求时出错，请稍后再试。",
        "en": "Something went wrong answering this request. Please try again later.",
    },
    "api.reason.integer": {"zh": "应为整数", "en": "it must be an integer"},
    "api.reason.range": {
        "zh": "应在 {low} 到 {high} 之间",
        "en": "it must be between {low} and {high}",
    },
    "api.reason.region_code": {
        "zh": "应为 6 位行政区划代码",
        "en": "it must be a 6-digit region code",
    },
    "api.reason.choice": {"zh": "应为 {choices} 之一", "en": "it must be one of {choices}"},
    "api.reason.repeated": {"zh": "只能给出一次", "en": "it may be given only once"},
    # The reason of a bad URL value as the pages word it (``params``), already translated.
    "api.reason.url_value": {"zh": "{text}", "en": "{text}"},
    "api.reason.unknown_region": {"zh": "没有这个行政区划代码", "en": "no region has this code"},
    "api.reason.unknown_department": {
        "zh": "没有这个部门代码",
        "en": "no department has this code",
    },
    "api.reason.cursor": {
        "zh": "不是本接口为这些筛选条件给出的翻页游标",
        "en": "it is not a cursor this API gave for these filters",
    },
    "api.reason.too_long": {
        "zh": "最长 {high} 个字符",
        "en": "it may be at most {high} characters",
    },
    "api.page.title": {"zh": "开放数据接口", "en": "Open data API"},
    "api.page.intro": {
        "zh": "以下接口以 JSON 提供看板上的全部数字：金额单位为元，比率为 0 到 1 的小数，"
        "无数据为 null。每个回答都注明数字来自哪个数据版本；加上 release= 可固定某一版本。"
        "机器可读的说明见 /api/v1/openapi.json。",
        "en": "These endpoints give every figure of the dashboard as JSON: money in 元 "
        "(yuan), rates as fractions from 0 to 1, null where there is no data. Every answer "
        "names the release its figures come from; add release= to pin one. The "
        "machine-readable description is /api/v1/openapi.json.",
    },
    "api.page.params": {"zh": "参数：", "en": "Parameters:"},
    "api.page.example": {"zh": "示例：", "en": "Example:"},
    "api.page.errors": {
        "zh": "出错时返回 application/problem+json（RFC 9457），类型如下：",
        "en": "Errors are answered as application/problem+json (RFC 9457) of these types:",
    },
    "api.doc.metrics": {
        "zh": "某年某地区（全辖或本级，可选部门、支出功能分类）的全部指标，"
        "与 python -m data_access metrics --json 完全一致。",
        "en": "Every metric of a year and region (whole jurisdiction or own level, optionally "
        "a department or sector), exactly as python -m data_access metrics --json prints.",
    },
    "api.doc.children": {
        "zh": "某地区全辖拆分为本级和各下级地区全辖，各部分相加等于合计。",
        "en": "A region's whole jurisdiction split into its own level and each child "
        "region; the parts add up to the total.",
    },
    "api.doc.years": {"zh": "各年度的全部指标。", "en": "Every metric for each year with data."},
    "api.doc.departments": {
        "zh": "某地区本级政府各部门当年的指标。",
        "en": "The departments of a region's own government, with their metrics for the year.",
    },
    "api.doc.projects": {
        "zh": "公开项目列表：可筛选、排序、翻页（按 links.next 翻页），不公开的项目不列出。",
        "en": "Published projects: filtered, sorted and paged (follow links.next); withheld "
        "projects are never listed.",
    },
    "api.doc.project": {
        "zh": "一个公开项目某年度的全部公开信息；不公开与不存在的代码回答相同。",
        "en": "Everything published about one project in a year; a withheld code answers "
        "exactly like an unknown one.",
    },
    "api.doc.regions": {
        "zh": "行政区划树：某地区、其上级和下级。",
        "en": "The region tree: a region, its ancestors and its subtree.",
    },
    "api.doc.releases": {
        "zh": "已导入的数据版本及其校验值。",
        "en": "The imported releases with their checksums.",
    },
    "api.doc.openapi": {
        "zh": "本接口的 OpenAPI 3.1 说明。",
        "en": "The OpenAPI 3.1 description of this API.",
    },
    "api.doc.feed": {
        "zh": "数据版本的 Atom 订阅源，新数据发布时可及时获知。",
        "en": "An Atom feed of releases, to follow new data.",
    },
    "api.param.year": {"zh": "财政年度（默认最新）", "en": "fiscal year (default: the latest)"},
    "api.param.region": {
        "zh": "6 位行政区划代码（默认数据最多的省）",
        "en": "6-digit region code (default: the province with the most data)",
    },
    "api.param.scope": {
        "zh": "all = 全辖，own = 本级",
        "en": "all = whole jurisdiction, own = own level",
    },
    "api.param.dept": {"zh": "部门代码", "en": "department code"},
    "api.param.sector": {"zh": "支出功能分类", "en": "sector (支出功能分类)"},
    "api.param.release": {
        "zh": "固定某一数据版本（默认最新）",
        "en": "pin one release (default: the latest)",
    },
    "api.param.lang": {
        "zh": "出错信息的语言：zh 或 en",
        "en": "language of error messages: zh or en",
    },
    "api.param.q": {"zh": "项目名称或代码中的文字", "en": "text in the project name or code"},
    "api.param.sort": {"zh": "排序字段", "en": "sort key"},
    "api.param.order": {"zh": "desc 降序，asc 升序", "en": "desc or asc"},
    "api.param.limit": {"zh": "每页项目数", "en": "projects per page"},
    "api.param.cursor": {
        "zh": "翻页游标（来自 links.next）",
        "en": "page cursor (from links.next)",
    },
    "api.param.depth": {"zh": "列出的下级层数", "en": "levels of the subtree"},
    "api.param.code": {"zh": "项目代码", "en": "project code"},
    "feed.title": {"zh": "{app} · 数据版本", "en": "{app} · releases"},
    "feed.subtitle": {
        "zh": "每导入一个数据包即新增一条：发布单位、导入时间、年度和校验值。",
        "en": "One entry per imported package: publisher, import date, fiscal years, checksum.",
    },
    "feed.entry_title": {"zh": "数据版本 #{id}：{title}", "en": "Release #{id}: {title}"},
    "feed.publisher": {"zh": "发布单位：{value}", "en": "Publisher: {value}"},
    "feed.imported": {"zh": "导入时间：{value}", "en": "Imported: {value}"},
    "feed.years": {"zh": "财政年度：{value}", "en": "Fiscal years: {value}"},
    "feed.checksum": {"zh": "校验值（SHA-256）：{value}", "en": "Checksum (SHA-256): {value}"},
    "feed.license": {"zh": "许可：{value}", "en": "Licence: {value}"},
    "feed.demo": {"zh": "演示数据", "en": "Demonstration data"},
    "feed.year_label": {"zh": "{year} 年度", "en": "fiscal year {year}"},
    "api.problem.chart_not_found.title": {"zh": "没有这个图表", "en": "No such chart"},
    "api.problem.chart_not_found.detail": {
        "zh": "没有名为“{chart}”的图表或下载格式。图表列表见 /data 页面。",
        "en": "There is no chart or download format named “{chart}”. The /data page lists them.",
    },
    "api.reason.required": {"zh": "此图表必须给出", "en": "this chart needs it"},
        "api.reason.number": {
            "zh": "应为 {low} 到 {high} 之间的数",
            "en": "it must be a number from {low} to {high}",
        },
        "api.param.grade": {
            "zh": "最终评价等级，逗号分隔（poor,fair = 差、中）",
            "en": "final grades, comma separated (poor,fair = 差 and 中)",
        },
        "api.param.flag": {
            "zh": "只列出被该问题规则标记的项目",
            "en": "only the projects this flag rule flags",
        },
        "api.param.score_min": {
            "zh": "最终得分下限（含）",
            "en": "lowest final score (inclusive)",
        },
        "api.param.score_max": {
            "zh": "最终得分上限（含）",
            "en": "highest final score (inclusive)",
        },
        "feed.corrections": {
            "zh": "更正（与 #{previous} 相比）：新增 {added} 个项目，撤下 {withdrawn} 个，"
            "数额或评价变动 {changed} 项",
            "en": "Corrections against #{previous}: {added} project(s) added, {withdrawn} "
            "withdrawn, {changed} amount(s) or result(s) changed",
        },
        "feed.restores": {
            "zh": "本版本恢复发布数据版本 #{id}",
            "en": "This release serves release #{id} again",
        },
        "feed.correction_line": {
            "zh": "{year} {code} {name}：{change} {old} → {new}",
            "en": "{year} {code} {name}: {change} {old} → {new}",
        },
        "feed.corrections_more": {"zh": "另有 {count} 项，见 /data", "en": "{count} more on /data"},
}
