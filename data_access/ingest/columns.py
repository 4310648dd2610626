"""The columns of every package table, declared once.

Why one declaration: a package column used to be spelled out in the Table Schemas, in
the validator's column lists, in the writer's positional rows and in the open-data
select lists, and a column added to one of them could be missing from another. Here
each column is one typed :class:`Column` (as each option of mkdocs' configuration is one
descriptor that is parser, default, attribute and documentation at once): its name and
kind, whether the contract requires it, its vocabulary and length limit, where it is
stored, whether downloads hand it out, and its title and meaning in both languages.
The rest follows from it:

- the Frictionless Table Schemas published in ``table_schemas/`` are :func:`schema_text`
  of each table (a test keeps the files byte-identical to it; ``python -m
  data_access.ingest.columns`` writes them after a change here);
- the validator reads each table's :attr:`Table.package_columns`;
- the writer stores every package column that has a ``db`` column under that name, and
  adds only what the package does not carry (ids, publisher, decided values);
- the record downloads write :attr:`Table.download_columns`, and the release package
  the package columns, read from where ``db`` says.

Columns a download adds to the package's own (joined names, the evaluation's code, the
indicator status decided at import) are declared here too, ``package=False``, in the
place the download shows them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from data_access import domain
from data_access.db import schema
from data_access.metrics.registry import METRIC_KEYS

SCHEMAS_DIR = Path(__file__).resolve().parent / "table_schemas"

Kind = Literal[
    "text",  # free text
    "code",  # an identifier chosen by the publisher (project_code, evaluation_id, ...)
    "region",  # a 6-digit GB/T 2260 code
    "year",  # a fiscal year, 2000-2100
    "money",  # an amount in the resource's money unit, never negative
    "signed_money",  # an amount that may be negative (budget_change)
    "number",  # a plain non-negative number (indicator weight and score)
    "score",  # an evaluation score, 0-100
    "boolean",
    "date",  # ISO YYYY-MM-DD
    "enum",  # a code or Chinese label of ``vocabulary``
    "indicator_value",  # text; a number (percent sign allowed) for quantitative indicators
    "decimal",  # an exact number kept as decimal text (reported figures)
]

YEAR_MIN, YEAR_MAX = 2000, 2100
SCORE_MIN, SCORE_MAX = Decimal(0), Decimal(100)
# Headline figures that are not computed metrics but are published beside them.
EXTRA_REPORTED_METRICS: tuple[str, ...] = (
    "departments_with_targets",
    "performance_staff",
    "rules_issued",
    "projects_in_system",
)
REPORTED_METRICS: dict[str, tuple[str, ...]] = {
    key: () for key in (*METRIC_KEYS, *EXTRA_REPORTED_METRICS)
}
REPORTED_UNITS: dict[str, tuple[str, ...]] = {
    unit: () for unit in ("元", "万元", "亿元", "%", "个", "人", "项")
}
# The spellings of a boolean the Table Schemas publish (``domain.TRUE_WORDS`` and
# ``FALSE_WORDS`` in the cases spreadsheets write), in the published order.
TRUE_VALUES: tuple[str, ...] = ("true", "True", "TRUE", "1", "是", "Y", "y", "yes", "Yes", "YES")
FALSE_VALUES: tuple[str, ...] = ("false", "False", "FALSE", "0", "否", "N", "n", "no", "No", "NO")
REGION_PATTERN = "[0-9]{6}"
# The Frictionless type each kind is published as.
_SCHEMA_TYPES: dict[str, str] = {
    kind: schema_type
    for schema_type, kinds in (
        ("string", ("text", "code", "region", "indicator_value", "enum")),
        ("integer", ("year",)),
        ("number", ("money", "signed_money", "number", "score", "decimal")),
        ("boolean", ("boolean",)),
        ("date", ("date",)),
    )
    for kind in kinds
}
# Kinds whose published numbers may carry thousands separators.
_GROUPED = ("money", "signed_money", "number", "decimal")


# Notes that close the meaning of every column of their kind.
_MONEY_ZH = "金额（数据包中按 money_unit 填写，默认万元，可带千分位），不得为负。"
_MONEY_EN = "Money; not negative."
_BOOLEAN_ZH = "可写 true/false、1/0、是/否 或 Y/N。"
_BOOLEAN_EN = "Written true/false, 1/0, 是/否 or Y/N."


def db_length(attribute: Any) -> int | None:
    """The length of a String column of the schema, so text that fits is checked here
    and never fails inside the database."""
    return getattr(attribute.type, "length", None)


@dataclass(frozen=True)
class Column:
    """One column of a package table (or of its download): how its text is read, what
    the contract says of it, where it is stored and what it means.

    ``db``: the column of the table's own database table that stores the value as the
    validator returns it (None: stored otherwise, e.g. a code turned into an id, or not
    stored). ``package``: a column of the package file and its Table Schema.
    ``download``: a column of the record downloads of /data.
    """

    name: str
    kind: Kind
    required: bool = False
    vocabulary: Mapping[str, tuple[str, ...]] | None = None
    default: Any = None
    max_length: int | None = None
    # A link shown to readers: http(s) only (a javascript: or data: link would run).
    url: bool = False
    db: str | None = None
    package: bool = True
    download: bool = False
    title_zh: str = ""
    title_en: str = ""
    description_zh: str = ""
    description_en: str = ""

    @cached_property
    def spellings(self) -> dict[str, str]:
        """Every accepted spelling of the vocabulary (lower-cased) -> code, built once."""
        return domain.label_lookup(dict(self.vocabulary or {}))

    def schema_field(self) -> dict[str, Any]:
        """The column as a field of a Frictionless Table Schema."""
        field: dict[str, Any] = {
            "name": self.name,
            "title": self.title_zh,
            "description": self.description_en,
            "titles": {"zh": self.title_zh, "en": self.title_en},
            "descriptions": {"zh": self.description_zh, "en": self.description_en},
            "type": _SCHEMA_TYPES[self.kind],
        }
        if self.kind in _GROUPED:
            field["groupChar"] = ","
        if self.kind == "boolean":
            field["trueValues"] = list(TRUE_VALUES)
            field["falseValues"] = list(FALSE_VALUES)
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.max_length is not None and _SCHEMA_TYPES[self.kind] == "string":
            constraints["maxLength"] = self.max_length
        if self.kind == "region":
            constraints["pattern"] = REGION_PATTERN
        if self.vocabulary is not None:
            constraints["enum"] = [
                spelling for code, labels in self.vocabulary.items() for spelling in (code, *labels)
            ]
        if self.kind == "year":
            constraints.update(minimum=YEAR_MIN, maximum=YEAR_MAX)
        if self.kind in ("money", "number"):
            constraints["minimum"] = 0
        if self.kind == "score":
            constraints.update(minimum=int(SCORE_MIN), maximum=int(SCORE_MAX))
        if constraints:
            field["constraints"] = constraints
        return field


@dataclass(frozen=True)
class ForeignKey:
    """Columns of a table that name a row of another table (by its primary key)."""

    fields: tuple[str, ...]
    resource: str


@dataclass(frozen=True)
class Table:
    """A package table: its file's title, the database table its rows are stored in
    (``model``), its columns in order, its keys."""

    name: str
    title_zh: str
    description: str
    model: type[schema.Base]
    columns: tuple[Column, ...]
    # A package must have the table's file (``REQUIRED_TABLES`` of the validator).
    required: bool = False
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def package_columns(self) -> tuple[Column, ...]:
        """The columns of the package file, in the contract's order."""
        return tuple(column for column in self.columns if column.package)

    @property
    def download_columns(self) -> tuple[str, ...]:
        """The columns of the table's record download, in the order it writes them."""
        return tuple(column.name for column in self.columns if column.download)

    def column(self, name: str, *, package: bool = True) -> Column:
        """The package column ``name`` (``package=False``: the download's); KeyError else."""
        for column in self.columns:
            if column.name == name and (column.package if package else column.download):
                return column
        raise KeyError(f"{self.name}.{name}")

    def stored(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """A validated record's values under their database columns: every package
        column that has a ``db`` column (the writer adds what the package does not
        carry, such as ids)."""
        return {column.db: values[column.name] for column in self.package_columns if column.db}

    def schema(self) -> dict[str, Any]:
        """The table's Frictionless Table Schema, as published in ``table_schemas/``."""
        document: dict[str, Any] = {
            "title": f"{self.name}.csv — {self.title_zh}",
            "description": self.description,
            "fields": [column.schema_field() for column in self.package_columns],
            "missingValues": [""],
        }
        if self.primary_key:
            document["primaryKey"] = list(self.primary_key)
        if self.foreign_keys:
            document["foreignKeys"] = [
                {
                    "fields": list(key.fields),
                    "reference": {
                        "resource": key.resource,
                        "fields": list(TABLES[key.resource].primary_key),
                    },
                }
                for key in self.foreign_keys
            ]
        return document


def _project_key(project_zh: str, project_en: str) -> tuple[Column, Column]:
    """The fiscal year and code of the project-year a record belongs to (indicators,
    evaluations, monitoring): checked against projects, stored as the project-year's id,
    downloaded as its key. ``project_zh``/``project_en`` name that project in the
    meanings ("被评价项目", "the evaluated project")."""
    return (
        Column(
            "fiscal_year", "year", required=True, download=True,
            title_zh="预算年度",
            title_en="Fiscal year",
            description_zh=f"{project_zh}的预算年度。",
            description_en=f"Fiscal year of {project_en}.",
        ),
        Column(
            "project_code", "code", required=True,
            max_length=db_length(schema.ProjectYear.project_code), download=True,
            title_zh="项目代码",
            title_en="Project code",
            description_zh=f"{project_zh}的代码；该项目年度须在 projects 中存在。",
            description_en=f"Code of {project_en}; the project-year must exist in projects.",
        ),
    )


TABLES: dict[str, Table] = {
    table.name: table
    for table in (
    Table(
        "regions",
        "地区（补充）",
        (
            "Adds regions the built-in GB/T 2260 gazetteer lacks, e.g. a county abolished since "
            "(360105 湾里区), for a package's own jurisdiction: each new region must be, or lie "
            "below, a region_code used by the package's departments, projects or reported "
            "figures. A region already known (in the gazetteer or added by another publisher) may "
            "be listed only unchanged; its name, level and parent cannot be changed. A region the "
            "same publisher added earlier may be renamed (not moved or re-levelled) while no "
            "other publisher's data lies in it; names are versioned by release, so a pinned "
            "release shows the names it was published with. valid_from/valid_to give the "
            "fiscal years a region existed in (a year lists only the regions that existed "
            "then or hold data then); they may be stated for a region the package adds or "
            "added, and for any other only as already known. Optional."
        ),
        model=schema.Region,
        primary_key=("region_code",),
        columns=(
            Column(
                "region_code", "region", required=True, db="code",
                title_zh="地区代码",
                title_en="Region code",
                description_zh="6 位 GB/T 2260 行政区划代码。",
                description_en="6-digit GB/T 2260 administrative division code (行政区划代码).",
            ),
            Column(
                "name", "text", required=True, max_length=db_length(schema.Region.name), db="name",
                title_zh="地区名称",
                title_en="Region name",
                description_zh="地区名称，如湾里区。",
                description_en="Name of the region, e.g. 湾里区.",
            ),
            Column(
                "level", "enum", required=True, vocabulary=domain.LEVELS, db="level",
                title_zh="级次",
                title_en="Level",
                description_zh="行政级次：province/省、city/市 或 county/县。",
                description_en="Administrative level: province/省, city/市 or county/县.",
            ),
            Column(
                "parent_code", "region", db="parent_code",
                title_zh="上级地区代码",
                title_en="Parent region code",
                description_zh="上级地区的代码；省级以外必填，须在内置区划表或本表中存在。",
                description_en=(
                    "Code of the region above; required except for provinces. Must be in the "
                    "gazetteer or in this table."
                ),
            ),
            Column(
                "valid_from", "year", db="valid_from",
                title_zh="设立年度",
                title_en="First year",
                description_zh=(
                    "该地区存在的第一个预算年度（设立、更名后首个年度）；留空表示不限或沿用已知年度。"
                ),
                description_en=(
                    "First fiscal year the region existed in (created, or its first year "
                    "under this code); empty: open-ended, or as already known."
                ),
            ),
            Column(
                "valid_to", "year", db="valid_to",
                title_zh="撤销年度",
                title_en="Last year",
                description_zh=(
                    "该地区存在的最后一个预算年度（撤销、更名前最后一个年度）；留空表示至今或沿用已知年度。"
                ),
                description_en=(
                    "Last fiscal year the region existed in (abolished, or its last year "
                    "under this code); empty: still exists, or as already known."
                ),
            ),
        ),
    ),
    Table(
        "departments",
        "部门",
        "One row per department: the government it belongs to. Required.",
        model=schema.Department,
        required=True,
        primary_key=("department_code",),
        columns=(
            Column(
                "department_code", "code", required=True,
                max_length=db_length(schema.Department.code), db="code",
                title_zh="部门代码",
                title_en="Department code",
                description_zh="部门在数据包内的唯一代码，projects.department_code 引用此代码。",
                description_en=(
                    "Unique within the package; referred to by projects.department_code."
                ),
            ),
            Column(
                "name", "text", required=True, max_length=db_length(schema.Department.name),
                db="name",
                title_zh="部门名称",
                title_en="Department name",
                description_zh="部门的正式名称，如江西省教育厅。",
                description_en="Official name of the department, e.g. 江西省教育厅.",
            ),
            Column(
                "region_code", "region", required=True, db="region_code",
                title_zh="所属政府地区代码",
                title_en="Government region code",
                description_zh=(
                    "部门所属政府的 6 位行政区划代码；省直部门填写本省代码（如 360000）。"
                ),
                description_en=(
                    "The government the department belongs to; a provincial department has the "
                    "province's code (e.g. 360000)."
                ),
            ),
        ),
    ),
    Table(
        "projects",
        "项目支出（分年度）",
        "One row per project per fiscal year: budget, spending, targets, disclosure. Required.",
        model=schema.ProjectYear,
        required=True,
        primary_key=("fiscal_year", "project_code",),
        foreign_keys=(ForeignKey(("department_code",), "departments"),),
        columns=(
            Column(
                "fiscal_year", "year", required=True, db="fiscal_year", download=True,
                title_zh="预算年度",
                title_en="Fiscal year",
                description_zh="项目预算所属的年度（公历年，2000–2100）。",
                description_en="The budget year of the project (calendar year, 2000–2100).",
            ),
            Column(
                "project_code", "code", required=True,
                max_length=db_length(schema.ProjectYear.project_code),
                db="project_code", download=True,
                title_zh="项目代码",
                title_en="Project code",
                description_zh="项目代码，在同一预算年度内唯一（跨发布方亦唯一）。",
                description_en=(
                    "Identifies the project; unique within a fiscal year, and across publishers "
                    "for that year."
                ),
            ),
            Column(
                "project_name", "text", required=True,
                max_length=db_length(schema.ProjectYear.project_name),
                db="project_name", download=True,
                title_zh="项目名称",
                title_en="Project name",
                description_zh="项目名称（发布方原文）。",
                description_en="Name of the project, as published.",
            ),
            Column(
                "department_code", "code", required=True,
                max_length=db_length(schema.Department.code), download=True,
                title_zh="主管部门代码",
                title_en="Department code",
                description_zh="负责该项目的主管部门代码，须在 departments 中存在。",
                description_en=(
                    "Code of the department in charge of the project; must exist in departments."
                ),
            ),
            Column("department_name", "text", package=False, download=True),
            Column(
                "region_code", "region", required=True, db="region_code", download=True,
                title_zh="预算所属地区代码",
                title_en="Region code",
                description_zh="项目预算所属政府的 6 位行政区划代码；本省代码表示省本级。",
                description_en=(
                    "6-digit code of the government whose budget holds the project; the "
                    "province's own code means 省本级 (the provincial level itself)."
                ),
            ),
            Column("region_name", "text", package=False, download=True),
            Column(
                "sector", "text", max_length=db_length(schema.ProjectYear.sector),
                db="sector", download=True,
                title_zh="支出功能分类",
                title_en="Sector",
                description_zh="支出功能分类名称，如教育、卫生健康、农林水。",
                description_en=(
                    "Functional classification of the spending, e.g. 教育 (education), 卫生健康 "
                    "(health), 农林水 (agriculture, forestry and water)."
                ),
            ),
            Column(
                "budget_initial", "money", db="budget_initial_fen", download=True,
                title_zh="年初预算数",
                title_en="Initial budget",
                description_zh="年初人大批准的预算数。" + _MONEY_ZH,
                description_en=(
                    "The budget as approved at the start of the year. Money in the package's "
                    "money_unit (default 万元); thousands separators allowed; not negative."
                ),
            ),
            Column(
                "budget_adjusted", "money", required=True, db="budget_adjusted_fen", download=True,
                title_zh="全年预算数",
                title_en="Adjusted budget",
                description_zh=(
                    "经年中调整后的全年预算数，是按支出加权的各项指标的基数。"
                    + _MONEY_ZH
                ),
                description_en=(
                    "The full-year budget after in-year adjustments; the base of every "
                    "spending-weighted metric. "
                    + _MONEY_EN
                ),
            ),
            Column(
                "spent", "money", db="spent_fen", download=True,
                title_zh="全年执行数",
                title_en="Spent",
                description_zh="全年实际支出金额；超过全年预算数时给出警告。" + _MONEY_ZH,
                description_en=(
                    "Amount actually spent in the year; above budget_adjusted gives a warning. "
                    + _MONEY_EN
                ),
            ),
            Column(
                "has_targets", "boolean", required=True, db="has_targets", download=True,
                title_zh="绩效目标已编报",
                title_en="Targets set",
                description_zh="编制预算时是否已编报绩效目标。" + _BOOLEAN_ZH,
                description_en=(
                    "Whether performance targets were set when the budget was drawn up. "
                    + _BOOLEAN_EN
                ),
            ),
            Column(
                "overall_target", "text", db="overall_target", download=True,
                title_zh="年度总体目标（预期目标）",
                title_en="Overall target",
                description_zh="项目年度总体目标中的预期目标（发布方原文）。",
                description_en="The overall goal set for the year, as published.",
            ),
            Column(
                "overall_result", "text", db="overall_result", download=True,
                title_zh="年度总体目标（实际完成情况）",
                title_en="Overall result",
                description_zh="项目年度总体目标的实际完成情况（发布方原文）。",
                description_en="What was actually achieved against the overall goal, as published.",
            ),
            Column(
                "disclosure", "enum", vocabulary=domain.DISCLOSURE, default="public",
                title_zh="公开方式",
                title_en="Disclosure",
                description_zh=(
                    "public/公开（默认）或 withheld/不公开：不公开的项目计入合计，但其明细从不显示"
                    "。"
                ),
                description_en=(
                    "public/公开 (default) or withheld/不公开: a withheld project counts in "
                    "totals but its details are never shown."
                ),
            ),
        ),
    ),
    Table(
        "indicators",
        "绩效指标",
        "Performance indicators of a project-year, target vs actual. Optional.",
        model=schema.Indicator,
        primary_key=("fiscal_year", "project_code", "indicator_code",),
        foreign_keys=(ForeignKey(("fiscal_year", "project_code",), "projects"),),
        columns=(
            *_project_key("指标所属项目", "the project the indicator belongs to"),
            Column(
                "indicator_code", "code", required=True,
                max_length=db_length(schema.Indicator.indicator_code),
                db="indicator_code", download=True,
                title_zh="指标代码",
                title_en="Indicator code",
                description_zh="指标在该项目年度内的唯一代码。",
                description_en="Identifies the indicator; unique within the project-year.",
            ),
            Column(
                "level1", "enum", required=True,
                vocabulary=domain.INDICATOR_LEVEL1, db="level1", download=True,
                title_zh="一级指标",
                title_en="Level-1 category",
                description_zh=(
                    "指标的一级分类：output/产出指标、outcome/效益指标、satisfaction/满意度指标、"
                    "cost/成本指标。"
                ),
                description_en=(
                    "Top-level category of the indicator: output/产出指标, outcome/效益指标, "
                    "satisfaction/满意度指标, cost/成本指标."
                ),
            ),
            Column(
                "level2", "text", max_length=db_length(schema.Indicator.level2),
                db="level2", download=True,
                title_zh="二级指标",
                title_en="Level-2 category",
                description_zh="指标的二级分类，如数量指标、质量指标、时效指标、社会效益指标。",
                description_en=(
                    "Second-level category as published, e.g. 数量指标 (quantity), 质量指标 "
                    "(quality), 时效指标 (timeliness), 社会效益指标 (social benefit)."
                ),
            ),
            Column(
                "name", "text", required=True,
                max_length=db_length(schema.Indicator.name), db="name", download=True,
                title_zh="三级指标",
                title_en="Indicator",
                description_zh="三级指标名称，即具体考核的内容。",
                description_en="Name of the level-3 indicator: what exactly is measured.",
            ),
            Column(
                "comparison", "enum", required=True,
                vocabulary=domain.COMPARISONS, db="comparison", download=True,
                title_zh="比较方式",
                title_en="Comparison",
                description_zh="实际值与目标值的比较方式：>=/≥、<=/≤、= 或 qualitative/定性。",
                description_en=(
                    "How the actual value is compared with the target: >=/≥, <=/≤, = or "
                    "qualitative/定性."
                ),
            ),
            Column(
                "target_value", "indicator_value",
                max_length=db_length(schema.Indicator.target_value),
                db="target_value", download=True,
                title_zh="指标值（目标）",
                title_en="Target value",
                description_zh=(
                    "预期达到的目标值；定量指标为数字（可带百分号，如 95%），定性指标为文字。"
                ),
                description_en=(
                    "The value to be reached: a number for quantitative indicators (a percent "
                    "sign is allowed: 95%), text for qualitative ones."
                ),
            ),
            Column(
                "unit", "text", max_length=db_length(schema.Indicator.unit),
                db="unit", download=True,
                title_zh="计量单位",
                title_en="Unit",
                description_zh="目标值和实际值的计量单位，如平方米、%、人次。",
                description_en=(
                    "Unit of the target and actual values, e.g. 平方米 (m²), %, 人次 "
                    "(person-times)."
                ),
            ),
            Column(
                "actual_value", "indicator_value",
                max_length=db_length(schema.Indicator.actual_value),
                db="actual_value", download=True,
                title_zh="实际完成值",
                title_en="Actual value",
                description_zh="年度实际完成的值；为空表示尚未报告（未评估）。定量指标为数字。",
                description_en=(
                    "The value actually achieved in the year; empty means not yet reported (not "
                    "assessed). A number for quantitative indicators."
                ),
            ),
            Column(
                "weight", "number", db="weight", download=True,
                title_zh="分值",
                title_en="Weight",
                description_zh="该指标在自评中的分值（满分），不得为负；缺少时给出警告。",
                description_en=(
                    "Points the indicator carries in the self-evaluation (its maximum score); not "
                    "negative. Missing gives a warning."
                ),
            ),
            Column(
                "score", "number", db="score", download=True,
                title_zh="得分",
                title_en="Score",
                description_zh="该指标在自评中的得分；定性指标得分等于分值即为达成。",
                description_en=(
                    "Points scored on the indicator; a qualitative indicator is met when its "
                    "score equals its weight."
                ),
            ),
            Column("status", "enum", db="status", package=False, download=True),
            Column(
                "deviation_reason", "text", db="deviation_reason", download=True,
                title_zh="偏差原因分析及改进措施",
                title_en="Reasons for deviation and improvements",
                description_zh="未达目标时对偏差原因的分析及改进措施（发布方原文）。",
                description_en="Why the target was missed and what will be improved, as published.",
            ),
        ),
    ),
    Table(
        "evaluations",
        "绩效评价",
        "Self, department and finance evaluations of a project-year. Optional.",
        model=schema.Evaluation,
        primary_key=("evaluation_id",),
        foreign_keys=(ForeignKey(("fiscal_year", "project_code",), "projects"),),
        columns=(
            Column(
                "evaluation_id", "code", required=True,
                max_length=db_length(schema.Evaluation.evaluation_code), db="evaluation_code",
                title_zh="评价编号",
                title_en="Evaluation ID",
                description_zh="评价在数据包内的唯一编号，applications 引用此编号。",
                description_en="Unique within the package; referred to by applications.",
            ),
            *_project_key("被评价项目", "the evaluated project"),
            Column("evaluation_code", "code", db="evaluation_code", package=False, download=True),
            Column(
                "eval_type", "enum", required=True,
                vocabulary=domain.EVAL_TYPES, db="eval_type", download=True,
                title_zh="评价类型",
                title_en="Evaluation type",
                description_zh=(
                    "由谁组织评价：self/单位自评、department/部门评价、finance/财政评价。"
                ),
                description_en=(
                    "Who carried out the evaluation: self/单位自评 (the spending unit), "
                    "department/部门评价 (the department), finance/财政评价 (the finance "
                    "department)."
                ),
            ),
            Column(
                "evaluator", "text", max_length=db_length(schema.Evaluation.evaluator),
                db="evaluator", download=True,
                title_zh="评价主体",
                title_en="Evaluator",
                description_zh="实施评价的机构名称。",
                description_en="Name of the organisation that carried out the evaluation.",
            ),
            Column(
                "third_party", "boolean", default=False, db="third_party", download=True,
                title_zh="第三方机构评价",
                title_en="Third-party evaluation",
                description_zh="是否委托第三方机构实施评价。" + _BOOLEAN_ZH,
                description_en=(
                    "Whether a third-party institution carried out the evaluation. "
                    + _BOOLEAN_EN
                ),
            ),
            Column(
                "score", "score", required=True, db="score", download=True,
                title_zh="评价得分",
                title_en="Evaluation score",
                description_zh="评价的综合得分，0–100 分。",
                description_en="Overall score of the evaluation, 0–100.",
            ),
            Column(
                "grade", "enum", vocabulary=domain.GRADES, db="grade", download=True,
                title_zh="评价等级",
                title_en="Grade",
                description_zh=(
                    "优/excellent（≥90）、良/good（80–<90）、中/fair（60–<80）、差/poor（<60）；为"
                    "空时按得分确定，与得分矛盾为错误。"
                ),
                description_en=(
                    "优/excellent (≥90), 良/good (80–<90), 中/fair (60–<80), 差/poor (<60). "
                    "Derived from the score when empty; an error when it contradicts the score."
                ),
            ),
            Column(
                "report_title", "text", max_length=db_length(schema.Evaluation.report_title),
                db="report_title", download=True,
                title_zh="评价报告标题",
                title_en="Report title",
                description_zh="公开的评价报告的标题。",
                description_en="Title of the published evaluation report.",
            ),
            Column(
                "report_url", "text", max_length=db_length(schema.Evaluation.report_url),
                url=True, db="report_url", download=True,
                title_zh="评价报告链接",
                title_en="Report URL",
                description_zh="公开的评价报告的网址。",
                description_en="URL of the published evaluation report.",
            ),
            Column(
                "published_on", "date", db="published_on", download=True,
                title_zh="公开日期",
                title_en="Published on",
                description_zh="评价结果公开的日期，格式 YYYY-MM-DD。",
                description_en="Date the evaluation result was made public, YYYY-MM-DD.",
            ),
            Column(
                "submitted_to_congress", "boolean", default=False,
                db="submitted_to_congress", download=True,
                title_zh="报送人大",
                title_en="Submitted to the people's congress",
                description_zh="评价报告是否已报送人民代表大会。" + _BOOLEAN_ZH,
                description_en=(
                    "Whether the evaluation report was submitted to the people's congress. "
                    + _BOOLEAN_EN
                ),
            ),
        ),
    ),
    Table(
        "applications",
        "评价结果应用",
        "What an evaluation's result did to the next budget. Optional.",
        model=schema.Application,
        foreign_keys=(ForeignKey(("evaluation_id",), "evaluations"),),
        columns=(
            Column(
                "evaluation_id", "code", required=True,
                max_length=db_length(schema.Evaluation.evaluation_code),
                title_zh="评价编号",
                title_en="Evaluation ID",
                description_zh="该应用所依据的评价，须为 evaluations 中已有的评价编号。",
                description_en="The evaluation whose result is applied; must exist in evaluations.",
            ),
            Column("fiscal_year", "year", package=False, download=True),
            Column("project_code", "code", package=False, download=True),
            Column("evaluation_code", "code", package=False, download=True),
            Column(
                "action", "enum", required=True,
                vocabulary=domain.APPLICATION_ACTIONS, db="action", download=True,
                title_zh="应用方式",
                title_en="Action taken",
                description_zh=(
                    "评价结果如何用于下年度预算：prioritise/优先保障、maintain/保持、adjust/调整、"
                    "reduce/核减、cancel/取消、rectify/整改。"
                ),
                description_en=(
                    "How the evaluation result was used in the next budget: prioritise/优先保障, "
                    "maintain/保持, adjust/调整, reduce/核减, cancel/取消, rectify/整改."
                ),
            ),
            Column(
                "next_year_budget", "money", db="next_year_budget_fen", download=True,
                title_zh="下年度预算安排",
                title_en="Next year's budget",
                description_zh="应用评价结果后为该项目安排的下一年度预算。" + _MONEY_ZH,
                description_en=(
                    "The budget allocated to the project for the following year after applying the "
                    "result. "
                    + _MONEY_EN
                ),
            ),
            Column(
                "budget_change", "signed_money", db="budget_change_fen", download=True,
                title_zh="预算调整额",
                title_en="Budget change",
                description_zh=(
                    "因评价结果而增加或减少的预算金额，核减为负数。金额，单位同 money_unit。"
                ),
                description_en=(
                    "Amount by which the budget was raised or cut because of the result; negative "
                    "for a cut. Money."
                ),
            ),
            Column(
                "status", "enum", vocabulary=domain.APPLICATION_STATUS, db="status", download=True,
                title_zh="落实情况",
                title_en="Implementation status",
                description_zh="应用措施是否已落实：planned/计划 或 done/已落实。",
                description_en=(
                    "Whether the action has been carried out: planned/计划 or done/已落实."
                ),
            ),
            Column(
                "note", "text", db="note", download=True,
                title_zh="说明",
                title_en="Note",
                description_zh="对应用措施的文字说明（发布方原文）。",
                description_en="Free-text explanation of the action, as published.",
            ),
        ),
    ),
    Table(
        "monitoring",
        "绩效运行监控（双监控）",
        "In-year monitoring records: progress, warnings, action taken. Optional.",
        model=schema.Monitoring,
        foreign_keys=(ForeignKey(("fiscal_year", "project_code",), "projects"),),
        columns=(
            *_project_key("被监控项目", "the monitored project"),
            Column(
                "as_of", "date", required=True, db="as_of", download=True,
                title_zh="监控时点",
                title_en="As of",
                description_zh="监控所截至的日期，格式 YYYY-MM-DD。",
                description_en="Date the monitoring refers to, YYYY-MM-DD.",
            ),
            Column(
                "spent_to_date", "money", db="spent_to_date_fen", download=True,
                title_zh="截至监控时点执行数",
                title_en="Spent to date",
                description_zh="截至监控时点已支出的金额。" + _MONEY_ZH,
                description_en="Amount spent up to the monitoring date. " + _MONEY_EN,
            ),
            Column(
                "target_warning", "boolean", default=False, db="target_warning", download=True,
                title_zh="目标偏离预警",
                title_en="Target warning",
                description_zh="绩效目标实现情况是否偏离预期并发出预警。" + _BOOLEAN_ZH,
                description_en=(
                    "Whether progress towards the performance targets deviated and a warning was "
                    "raised. "
                    + _BOOLEAN_EN
                ),
            ),
            Column(
                "budget_warning", "boolean", default=False, db="budget_warning", download=True,
                title_zh="执行进度预警",
                title_en="Spending warning",
                description_zh="预算执行进度是否滞后并发出预警。" + _BOOLEAN_ZH,
                description_en=(
                    "Whether budget spending lagged behind schedule and a warning was raised. "
                    + _BOOLEAN_EN
                ),
            ),
            Column(
                "action", "enum", vocabulary=domain.MONITORING_ACTIONS, db="action", download=True,
                title_zh="处理措施",
                title_en="Action taken",
                description_zh=(
                    "监控后采取的措施：continue/继续实施、adjust/调整、suspend/暂缓、terminate/终"
                    "止。"
                ),
                description_en=(
                    "What was decided after monitoring: continue/继续实施, adjust/调整, suspend/暂"
                    "缓, terminate/终止."
                ),
            ),
            Column(
                "note", "text", db="note", download=True,
                title_zh="说明",
                title_en="Note",
                description_zh="对监控情况的文字说明（发布方原文）。",
                description_en="Free-text explanation of the monitoring result, as published.",
            ),
        ),
    ),
    Table(
        "reported_figures",
        "公开发布的汇总数字",
        "Headline figures as officially published, shown beside the computed ones. Optional.",
        model=schema.ReportedFigure,
        columns=(
            Column(
                "region_code", "region", required=True, db="region_code",
                title_zh="地区代码",
                title_en="Region code",
                description_zh="发布该数字的地区的 6 位 GB/T 2260 代码。",
                description_en="6-digit GB/T 2260 code of the region the figure is about.",
            ),
            Column(
                "scope", "enum", vocabulary=domain.SCOPES, default="all", db="scope",
                title_zh="口径",
                title_en="Scope",
                description_zh="统计口径：all/全辖（默认，含下级）或 own/本级。",
                description_en=(
                    "Coverage of the figure: all/全辖 (default, including lower levels) or own/本"
                    "级 (that government only)."
                ),
            ),
            Column(
                "fiscal_year", "year", required=True, db="fiscal_year",
                title_zh="年度",
                title_en="Fiscal year",
                description_zh="数字所属的预算年度（2000–2100）。",
                description_en="Fiscal year the figure refers to (2000–2100).",
            ),
            Column(
                "metric", "enum", required=True, vocabulary=REPORTED_METRICS, db="metric",
                title_zh="指标键",
                title_en="Metric key",
                description_zh=(
                    "看板的指标键，或 departments_with_targets、performance_staff、rules_issued、"
                    "projects_in_system 之一。"
                ),
                description_en=(
                    "A metric key of the dashboard, or departments_with_targets, "
                    "performance_staff, rules_issued, projects_in_system."
                ),
            ),
            Column(
                "value", "decimal", required=True,
                max_length=db_length(schema.ReportedFigure.value), db="value",
                title_zh="发布数值",
                title_en="Published value",
                description_zh="官方公布的数值（原样保存），可带千分位。",
                description_en=(
                    "The number as officially published (kept exactly); thousands separators "
                    "allowed."
                ),
            ),
            Column(
                "unit", "enum", required=True, vocabulary=REPORTED_UNITS, db="unit",
                title_zh="单位",
                title_en="Unit",
                description_zh="发布数值的单位：元、万元、亿元、%、个、人 或 项。",
                description_en="Unit of the published value: 元, 万元, 亿元, %, 个, 人 or 项.",
            ),
            Column(
                "source_title", "text", max_length=db_length(schema.ReportedFigure.source_title),
                db="source_title",
                title_zh="来源标题",
                title_en="Source title",
                description_zh="公布该数字的文件或报道的标题。",
                description_en="Title of the publication the figure is taken from.",
            ),
            Column(
                "source_url", "text", max_length=db_length(schema.ReportedFigure.source_url),
                url=True, db="source_url",
                title_zh="来源链接",
                title_en="Source URL",
                description_zh="公布该数字的文件或报道的网址。",
                description_en="URL of the publication the figure is taken from.",
            ),
            Column(
                "note", "text", db="note",
                title_zh="说明",
                title_en="Note",
                description_zh="对数字的补充说明，如省直部门。",
                description_en=(
                    "Free-text remark on the figure, e.g. 省直部门 (provincial departments)."
                ),
            ),
        ),
    ),
    )
}


def schema_text(table: str) -> str:
    """The published file ``table_schemas/<table>.json``, to the byte."""
    return json.dumps(TABLES[table].schema(), ensure_ascii=False, indent=2) + "\n"


def write_schemas(directory: Path = SCHEMAS_DIR) -> list[Path]:
    """Write every table's schema file; returns the files whose text changed."""
    changed = []
    for table in TABLES:
        path = directory / f"{table}.json"
        text = schema_text(table)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


if __name__ == "__main__":  # python -m data_access.ingest.columns: regenerate the schemas
    for written in write_schemas():
        sys.stdout.write(f"wrote {written}\n")
