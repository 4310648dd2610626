"""Strings of one area: The frame every page shares: navigation, language, view controls,
bad links, database states, the first-start build, search and the not-found page.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
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
    "filter.year": {"zh": "年度", "en": "Year"},
    "filter.scope": {"zh": "口径", "en": "Scope"},
    "filter.metric": {"zh": "指标", "en": "Metric"},
    "scope.all": {"zh": "全辖", "en": "Whole jurisdiction"},
    "scope.own": {"zh": "本级", "en": "Own level"},
    "scope.all.short": {"zh": "全辖", "en": "whole jurisdiction"},
    "scope.own.short": {"zh": "本级", "en": "own level"},
    "view.year": {"zh": "{year}年度", "en": "{year}"},
    "view.years": {"zh": "{first}–{last}年", "en": "{first}–{last}"},
    "own_level_of": {"zh": "{name}本级", "en": "{name} (own level)"},
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
    "breadcrumb.label": {"zh": "当前位置", "en": "You are here"},
    "kind.own": {"zh": "本级", "en": "Own level"},
    "kind.child": {"zh": "下级地区", "en": "Lower region"},
    "page.data": {"zh": "开放数据", "en": "Open data"},
        "page.hearing": {"zh": "审议", "en": "Hearing"},
        "bad.step": {
            "zh": "页码“{value}”不是有效的数字。",
            "en": "The screen “{value}” is not a valid number.",
        },
        "bad.step_range": {
            "zh": "页码“{value}”不存在，本次审议共 {steps} 页（从 0 起）。",
            "en": "There is no screen “{value}”; this hearing has {steps} screens (from 0).",
        },
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
}
