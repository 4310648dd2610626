"""The synthetic Jiangxi demo: deterministic, realistic, calibrated to the seed's figures.

Why a generator rather than a shipped file: the embedded dashboard must start with data
on a machine without internet, the data must look like real published results at real
scale (tens of thousands of project-years a year, where counties carry most), and the
headline figures must equal what the seed article reports, so that the "reported vs
computed" view shows agreement rather than noise.

How exactness is reached: money is generated in whole 万元 units, then the cells the seed
constrains (the province's own projects with / without targets and evaluated / not, and
the evaluated projects below it) are rescaled in integers so each cell sums exactly to
its target, the last item absorbing the rounding. All money is stored as integer fen.

Determinism: one ``random.Random(seed)`` drives everything and nothing depends on
iteration over sets, the clock or the backend, so the same seed and scale give the same
database, row for row. The release's ``imported_at`` is therefore a fixed timestamp.

Regions differ as real ones do: each government carries a seeded quality latent
(``QUALITY_CLIP`` and the settings after it) that moves its scores, coverage, grade mix
and flags together, so the map and the ranking show real differences while the
province's calibrated totals stay exact. Regions fit their years: a county that got its
current code during or after the demo's years publishes under its predecessor's code and
name before then (``demo_names.REGION_SUCCESSIONS``, rule documented there); the
predecessors are added to the region table as a package's regions.csv would add them.

The demo obeys the importer's rules: grades come from ``domain.grade_for_score``,
indicator statuses from ``domain.indicator_status``, authorities from
``schema.EVAL_AUTHORITY``; evaluations only concern project-years with targets.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate

from sqlalchemy import Connection, Engine, delete, insert

from data_access import regions
from data_access.db.schema import EVAL_AUTHORITY, Meta
from data_access.db.sql_helpers import execution_rate, final_evaluations
from data_access.demo import names
from data_access.domain import grade_for_score, indicator_status
from data_access.ingest.importer import ReleaseWriter

Progress = Callable[[str, float], None]

PUBLISHER = "演示数据（合成）"
PACKAGE_NAME = "demo-jiangxi"
RELEASE_TITLE = "江西省预算绩效管理结果（演示数据，合成）"
RELEASE_TITLE_EN = "Jiangxi budget performance results (demonstration data, synthetic)"
SOURCE_TITLE = "财政预算和绩效管理一体化江西经验"
SOURCE_PATH = "seed/000_48e09138eea14f83.txt"
SOURCE_NOTE = "演示数据依据该文公布的江西数字校准，项目、单位和评价均为合成"
PROVINCE = "360000"
YEARS = tuple(range(2013, 2019))


@dataclass(frozen=True)
class DemoSpec:
    """Which demo to build, as one value: the province, its fiscal years, the scale
    (a multiplier on the number of projects: 0.02 for fast tests) and the random seed.

    Why a value: the benchmark builds every province of China with the same generator;
    it used to do so by overwriting this module's ``PROVINCE``, ``YEARS`` and
    ``regions`` for the duration, which no two builds could share. The default is the
    Jiangxi demo the dashboard ships.
    """

    province: str = PROVINCE
    years: tuple[int, ...] = YEARS
    scale: float = 1.0
    seed: int = 2018

    def __post_init__(self) -> None:
        if not self.scale > 0:
            raise ValueError("scale must be positive")
        if not self.years or list(self.years) != sorted(set(self.years)):
            raise ValueError("years must be increasing and not empty")
        if not set(self.years) <= set(YEARS):  # the per-year calibration (OWN_PROJECTS, ...)
            raise ValueError(f"years must be among the calibrated {YEARS[0]}-{YEARS[-1]}")
# Fixed so that two builds with the same seed are identical (see the module docstring).
DEMO_IMPORTED_AT = dt.datetime(2019, 6, 30, 9, 0, 0)
DEMO_FORMAT = 1
# Budgets are generated in whole 万元; one 万元 is 1,000,000 fen.
FEN_PER_WAN = 1_000_000
WAN_PER_YI = 10_000

# ---------------------------------------------------------------- calibration targets
# The seed's figures (2013, 2017) and interpolated values for the other years, in 亿元.
OWN_TARGET_COVERED_YI = {
    2013: Decimal("196.45"),
    2014: Decimal("330"),
    2015: Decimal("470"),
    2016: Decimal("650"),
    2017: Decimal("856"),
    2018: Decimal("930"),
}
ALL_EVALUATED_YI = {
    2013: Decimal("153.7"),
    2014: Decimal("290"),
    2015: Decimal("480"),
    2016: Decimal("720"),
    2017: Decimal("1025.1"),
    2018: Decimal("1180"),
}
# Share of the province's own project spending that was evaluated (seed: 40% → over 60%).
OWN_EVALUATION_RATE = {
    2013: Decimal("0.40"),
    2014: Decimal("0.45"),
    2015: Decimal("0.50"),
    2016: Decimal("0.55"),
    2017: Decimal("0.62"),
    2018: Decimal("0.64"),
}

# ---------------------------------------------------------------- shape of the data
# Project-years of the province's own level (seed: 330+ in the system → 3,700+ in 2018).
OWN_PROJECTS = {2013: 336, 2014: 720, 2015: 1180, 2016: 1850, 2017: 2760, 2018: 3712}
CITY_PROJECTS = 320  # per 市本级 in 2013, growing 2% a year
COUNTY_PROJECTS = 272  # per county in 2013, growing 1.5% a year
# Natural (pre-calibration) project spending of all 市本级 / all counties, in 亿元.
CITY_ENVELOPE_YI = {2013: 300, 2014: 330, 2015: 370, 2016: 410, 2017: 450, 2018: 500}
COUNTY_ENVELOPE_YI = {2013: 800, 2014: 870, 2015: 950, 2016: 1030, 2017: 1110, 2018: 1200}
# Province: how many departments (in pilot order) compile targets, for which share of
# their projects, above which budget (万元). Seed: 40 pilot departments in 2013, projects
# above 200万元; all provincial departments by 2017.
OWN_TARGET_DEPARTMENTS = {2013: 40, 2014: 45, 2015: 50, 2016: 54, 2017: 999, 2018: 999}
OWN_TARGET_SHARE = {2013: 0.75, 2014: 0.85, 2015: 0.92, 2016: 0.97, 2017: 1.0, 2018: 1.0}
OWN_TARGET_THRESHOLD_WAN = {2013: 200, 2014: 100, 2015: 50, 2016: 0, 2017: 0, 2018: 0}
CITY_TARGET_SHARE = {2013: 0.25, 2014: 0.40, 2015: 0.60, 2016: 0.80, 2017: 0.92, 2018: 1.0}
COUNTY_TARGET_SHARE = {2013: 0.15, 2014: 0.30, 2015: 0.48, 2016: 0.66, 2017: 0.85, 2018: 0.95}
# Monitoring: the provincial pilot from 2014 (departments in pilot order), all provincial
# departments by 2017; the finance department watches 2 key projects a year since 2013.
OWN_MONITORED_DEPARTMENTS = {2013: 0, 2014: 8, 2015: 18, 2016: 32, 2017: 999, 2018: 999}
FINANCE_KEY_MONITORED = 2
LOCAL_MONITORING_SHARE = {2013: 0.0, 2014: 0.0, 2015: 0.10, 2016: 0.25, 2017: 0.50, 2018: 0.70}
# Finance key evaluations per government and year.
OWN_FINANCE_EVALUATIONS = {2013: 12, 2014: 15, 2015: 18, 2016: 22, 2017: 30, 2018: 34}
CITY_FINANCE_EVALUATIONS = {2013: 2, 2014: 2, 2015: 3, 2016: 4, 2017: 5, 2018: 6}
COUNTY_FINANCE_EVALUATIONS = {2013: 0.3, 2014: 0.5, 2015: 0.8, 2016: 1.2, 2017: 1.6, 2018: 2.0}
# Share of indicators with reported actual values on project-years nobody evaluated.
ASSESSED_SHARE = {2013: 0.35, 2014: 0.45, 2015: 0.60, 2016: 0.75, 2017: 0.85, 2018: 0.90}
RANDOM_POOL_FROM = 2017  # third-party institutions drawn at random from the pool
CONGRESS_ALL_FROM = 2017  # every finance key evaluation report goes to the congress
WITHHELD_SHARE = 0.005
# Regions differ as real ones do: every government has a seeded "quality" latent, a
# z-score (mean 0, sd 1, clipped to ±QUALITY_CLIP) drawn from the main random stream.
# A county's is partly its city's (CITY_QUALITY_SHARE of the variance comes from the
# city), so cities differ as wholes and counties within a city differ too. It moves the
# project quality behind every score, target adoption, evaluation and monitoring reach,
# budget execution, self-score inflation, unpublished reports and whether weak results
# cut the budget; the province's own level is a little above the average.
QUALITY_CLIP = 2.5
CITY_QUALITY_SHARE = 0.6
PROVINCE_QUALITY = 0.3
# Mean project quality (points) per unit of the latent; the latent's effect on the share
# of troubled projects (a factor exp(-TROUBLED_SPREAD * z) on TROUBLED_SHARE).
QUALITY_POINTS = 5.0
TROUBLED_SHARE = 0.06
TROUBLED_SPREAD = 0.5
# Target adoption (share of projects with targets) per unit of the latent.
ADOPTION_SPREAD = 0.07
# Evaluation propensity: a factor exp(EVALUATION_SPREAD * z) on the chance a government's
# projects are picked for evaluation (the province-wide total stays calibrated).
EVALUATION_SPREAD = 0.6
# Monitoring coverage (share of projects with targets) per unit of the latent.
MONITORING_SPREAD = 0.08
# Flags (data_access/flags/rules.py) must find realistic numbers in the demo: a few percent
# of project-years each, more in some governments than in others; each trait below is
# scaled by exp(-spread * z) (weaker governments more) and by a government's own habits,
# a lognormal factor of mean 1 and log-sd TRAIT_NOISE.
TRAIT_NOISE = 0.7
# Share of project-years spending under 60% of their budget (average government).
LOW_EXECUTION_SHARE = {"province": 0.02, "city": 0.025, "county": 0.035}
SLACK_SPREAD = 0.6
# Extra points an average government's units add to their self-scores (at most
# INFLATION_MAX): little in most, a lot in a few weak ones.
SELF_INFLATION_POINTS = 2.0
INFLATION_SPREAD = 0.8
INFLATION_MAX = 15.0
# Share of self-evaluations published without a report title or link, first year, for
# an average government; it falls by a tenth a year as disclosure improves.
SELF_REPORT_MISSING = 0.2
REPORT_SPREAD = 0.8
# How much likelier (per unit of the latent) a weak final grade is acted upon, and the
# share of weak results an average government acts upon without cutting the budget.
APPLICATION_SPREAD = 0.06
LENIENCY_SHARE = 0.08
LENIENCY_SPREAD = 0.8
# Share of warned monitored projects an average government halts (suspend/terminate).
HALT_SHARE = 0.08
HALT_SPREAD = 0.7
# City weights (economy and population) for project counts and spending.
CITY_WEIGHTS = {
    "360100": 3.0,
    "360200": 0.7,
    "360300": 0.8,
    "360400": 1.6,
    "360500": 0.7,
    "360600": 0.6,
    "360700": 2.2,
    "360800": 1.3,
    "360900": 1.4,
    "361000": 1.0,
    "361100": 1.5,
}
# Smallest budget of a new project, in 万元 (tiny items are not separate projects).
MIN_PROJECT_WAN = {"province": 30, "city": 10, "county": 5}


# ---------------------------------------------------------------- plain data holders


@dataclass(slots=True)
class _Dept:
    id: int
    code: str
    name: str
    gov: _Gov
    topic: str
    sector: str
    rank: int


@dataclass(slots=True)
class _Gov:
    code: str
    name: str
    level: str  # province / city / county
    weight: float
    count_weight: float
    depts: list[_Dept] = field(default_factory=list)
    dept_cum: list[float] = field(default_factory=list)
    adoption: float = 0.0
    eval_propensity: float = 1.0
    monitoring_offset: float = 0.0
    quality: float = 0.0  # the latent z-score (see QUALITY_CLIP)
    slack: float = 1.0  # factor on LOW_EXECUTION_SHARE
    inflation: float = SELF_INFLATION_POINTS
    report_missing: float = SELF_REPORT_MISSING
    leniency: float = LENIENCY_SHARE
    halting: float = HALT_SHARE
    # The fiscal years this government publishes (REGION_SUCCESSIONS); by default all
    # the demo's years.
    first_year: int = 0
    last_year: int = 9999
    active: list[_Project] = field(default_factory=list)
    seq: int = 0
    names_in_use: set[tuple[int, str]] = field(default_factory=set)


@dataclass(slots=True)
class _Project:
    code: str
    name: str
    dept: _Dept
    quality: float
    target_draw: float
    monitor_draw: float
    withheld: bool
    templates: list[tuple]
    weights: list[float]
    base_targets: list[float | str]
    years: list[_PY] = field(default_factory=list)


@dataclass(slots=True)
class _PY:
    """One project-year while it is being generated."""

    id: int
    project: _Project
    year: int
    wan: int  # budget_adjusted in 万元
    has_targets: bool = False
    evaluated: bool = False
    monitored: bool = False
    key_monitored: bool = False
    quality: float = 0.0
    next_exists: bool = False


# ---------------------------------------------------------------- helpers


def _rescale(items: Sequence[_PY], target_wan: int) -> None:
    """Scale the items' amounts in integers so they sum exactly to ``target_wan``.

    Proportional floor division, then the last item absorbs the rounding (never more
    than one unit per item); every item keeps at least 1 万元.
    """
    if not items:
        if target_wan:
            raise ValueError("cannot spread money over no project")
        return
    total = sum(item.wan for item in items)
    assigned = 0
    for item in items[:-1]:
        item.wan = max(1, item.wan * target_wan // total)
        assigned += item.wan
    items[-1].wan = target_wan - assigned
    if items[-1].wan < 1:
        raise ValueError("calibration target too small for the generated projects")


def _yi_to_wan(value: Decimal) -> int:
    return int(value * WAN_PER_YI)


def _decimals(step: float | None) -> int:
    if step is None or step >= 1:
        return 0
    text = repr(float(step))
    return len(text.split(".")[1]) if "." in text else 0


def _format(value: float, decimals: int) -> str:
    if decimals == 0:
        return str(round(value))
    return f"{value:.{decimals}f}"


def _snap(value: float, step: float) -> float:
    return round(value / step) * step


def _group(template: tuple) -> str:
    level1 = template[0]
    return "output" if level1 == "cost" else level1


def _trait(*parts: object) -> float:
    """A fixed draw in [0, 1) from its parts (sha256), outside the main random stream.

    Why: a per-project trait (whether its self-evaluation report is published) is
    drawn without shifting ``self.rng``, so it does not move the rest of the demo.
    """
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _clip(value: float) -> float:
    return max(-QUALITY_CLIP, min(QUALITY_CLIP, value))


def _set_traits(gov: _Gov, rng: random.Random) -> None:
    """Derive a government's traits from its quality latent and draws of its own.

    Each flag trait is exp(-spread × z) times a lognormal factor of mean 1 (its own
    habits, TRAIT_NOISE): without it, a weak government's more frequent problems and its
    fewer evaluations would cancel out in the flag counts, and counties would differ
    little beyond chance.
    """
    z = gov.quality

    def factor(spread: float) -> float:
        noise = rng.gauss(0.0, TRAIT_NOISE)
        return math.exp(-spread * z + noise - TRAIT_NOISE**2 / 2)

    gov.adoption = ADOPTION_SPREAD * z + rng.uniform(-0.03, 0.03)
    gov.eval_propensity = math.exp(EVALUATION_SPREAD * z) * rng.uniform(0.8, 1.25)
    gov.monitoring_offset = MONITORING_SPREAD * z + rng.uniform(-0.04, 0.04)
    gov.slack = factor(SLACK_SPREAD)
    gov.inflation = min(INFLATION_MAX, SELF_INFLATION_POINTS * factor(INFLATION_SPREAD))
    gov.report_missing = min(0.8, SELF_REPORT_MISSING * factor(REPORT_SPREAD))
    gov.leniency = min(0.6, LENIENCY_SHARE * factor(LENIENCY_SPREAD))
    gov.halting = min(0.4, HALT_SHARE * factor(HALT_SPREAD))


def _bisect(cumulative: list[float], value: float) -> int:
    low, high = 0, len(cumulative)
    while low < high:
        middle = (low + high) // 2
        if cumulative[middle] <= value:
            low = middle + 1
        else:
            high = middle
    return low


def _cities_and_counties(
    conn: Connection, province: str
) -> tuple[list[regions.RegionRecord], Callable[[str], list[regions.RegionRecord]]]:
    """The province's cities and a function giving each city's counties, as the builder
    plans them.

    Why not simply the gazetteer's tree: the builder plans a province as its own
    government, its cities and their counties, and needs at least one of each.
    Chongqing's gazetteer entry lists its districts and counties directly under the
    province. For such a province a quarter of its counties are planned like cities and
    the rest are shared out among them, so every county is generated exactly once under
    its real code. Only the generator's weights follow this grouping: every figure is
    computed from the gazetteer's own region tree.
    """
    cities = regions.children(conn, province)
    if not cities or any(regions.children(conn, city.code) for city in cities):
        return cities, lambda code: regions.children(conn, code)
    leads = max(1, len(cities) // 4)
    rest = cities[leads:]
    under = {city.code: rest[index::leads] for index, city in enumerate(cities[:leads])}
    return cities[:leads], lambda code: list(under.get(code, []))


class _Builder:
    """Generates the whole demo in memory, then writes it in one transaction."""

    def __init__(self, spec: DemoSpec, progress: Progress | None) -> None:
        self.spec = spec
        self.rng = random.Random(spec.seed)
        self.scale = spec.scale
        self.years = spec.years
        self.report = progress or (lambda _label, _fraction: None)
        self.govs: list[_Gov] = []
        self.py_by_year: dict[int, list[_PY]] = {year: [] for year in self.years}
        self.projects: list[_Project] = []
        self.release_id = 0
        self.used_depts: set[int] = set()
        # Rows ready to write, per table, as tuples in the order of
        # ``importer.WRITE_COLUMNS`` (the writer's).
        self.out: dict[str, list[tuple]] = {
            "project_year": [],
            "indicator": [],
            "monitoring": [],
            "evaluation": [],
            "application": [],
        }
        self.ids: dict[str, int] = {}
        # Predecessor regions the gazetteer no longer holds (REGION_SUCCESSIONS), added
        # to the region table like a package's regions.csv.
        self.old_regions: list[regions.RegionRecord] = []

    # ------------------------------------------------------------ governments
    def plan_governments(self, conn: Connection, next_dept_id: int) -> None:
        rng = self.rng
        code = self.spec.province
        province = regions.get_region(conn, code)
        if province is None:
            raise RuntimeError(f"region {code} is missing from the gazetteer")
        cities, counties_of = _cities_and_counties(conn, code)
        own = _Gov(code, province.name, "province", 1.0, 1.0, quality=PROVINCE_QUALITY)
        _set_traits(own, rng)
        self.govs.append(own)
        city_govs = []
        for city in cities:
            weight = CITY_WEIGHTS.get(city.code, 1.0)
            gov = _Gov(city.code, city.name, "city", weight, math.sqrt(weight))
            gov.quality = _clip(rng.gauss(0.0, 1.0))
            city_govs.append(gov)
        # Codes a succession replaced: an earlier build added them to the region table.
        successions = names.REGION_SUCCESSIONS
        replaced = {old for _first, old, _name in successions.values()}
        own_share = math.sqrt(1 - CITY_QUALITY_SHARE)
        county_govs = []
        for city, city_gov in zip(cities, city_govs, strict=True):
            for county in counties_of(city.code):
                if county.code in replaced:
                    continue
                weight = rng.uniform(0.55, 1.6)
                if county.name.endswith("区"):
                    weight *= 1.1
                gov = _Gov(county.code, county.name, "county", weight, weight)
                gov.quality = _clip(
                    math.sqrt(CITY_QUALITY_SHARE) * city_gov.quality
                    + own_share * rng.gauss(0.0, 1.0)
                )
                county_govs.append(gov)
        for group in (city_govs, county_govs):
            mean_weight = sum(g.weight for g in group) / len(group)
            mean_count = sum(g.count_weight for g in group) / len(group)
            for gov in group:
                gov.weight /= mean_weight
                gov.count_weight /= mean_count
                _set_traits(gov, rng)
        self.govs.extend(city_govs)
        for gov in county_govs:
            succession = successions.get(gov.code)
            if succession is not None:
                first_year, old_code, old_name = succession
                if first_year > self.years[0]:
                    # The same place before its new code: same latent, weights and traits.
                    self.govs.append(
                        _Gov(
                            old_code,
                            old_name,
                            "county",
                            gov.weight,
                            gov.count_weight,
                            adoption=gov.adoption,
                            eval_propensity=gov.eval_propensity,
                            monitoring_offset=gov.monitoring_offset,
                            quality=gov.quality,
                            slack=gov.slack,
                            inflation=gov.inflation,
                            report_missing=gov.report_missing,
                            leniency=gov.leniency,
                            halting=gov.halting,
                            last_year=min(self.years[-1], first_year - 1),
                        )
                    )
                    parent = gov.code[:4] + "00"
                    self.old_regions.append(
                        regions.RegionRecord(old_code, old_name, "county", parent)
                    )
                gov.first_year = first_year
            self.govs.append(gov)

        dept_id = next_dept_id
        for gov in self.govs:
            if gov.level == "province":
                specs = [
                    (name, topic, sector, weight)
                    for name, topic, sector, weight in names.PROVINCIAL_DEPARTMENTS
                ]
            else:
                specs = [
                    (gov.name + suffix, topic, sector, weight)
                    for suffix, topic, sector, weight in names.LOCAL_DEPARTMENTS
                ]
            weights = []
            for rank, (name, topic, sector, weight) in enumerate(specs):
                code = f"{gov.code}{rank + 1:03d}"
                gov.depts.append(_Dept(dept_id, code, name, gov, topic, sector, rank))
                dept_id += 1
                weights.append(weight * rng.uniform(0.8, 1.25))
            gov.dept_cum = list(accumulate(weights))

    # ------------------------------------------------------------ projects
    def _project_count(self, gov: _Gov, year: int) -> int:
        age = year - self.years[0]
        if gov.level == "province":
            return max(4, round(OWN_PROJECTS[year] * self.scale))
        base = CITY_PROJECTS * 1.02**age if gov.level == "city" else COUNTY_PROJECTS * 1.015**age
        return max(1, round(base * gov.count_weight * self.scale))

    def _envelope_wan(self, gov: _Gov, year: int) -> int:
        """Natural project spending of a government-year before calibration."""
        if gov.level == "province":
            estimate = OWN_TARGET_COVERED_YI[year] / Decimal("0.8")
            return int(estimate * WAN_PER_YI)
        if gov.level == "city":
            share = CITY_ENVELOPE_YI[year] * gov.weight / len(CITY_WEIGHTS)
        else:
            share = COUNTY_ENVELOPE_YI[year] * gov.weight / 100
        return int(share * WAN_PER_YI)

    def _new_project(self, gov: _Gov, year: int, dept: _Dept | None = None) -> _Project:
        rng = self.rng
        if dept is None:
            dept = gov.depts[
                min(len(gov.depts) - 1, _bisect(gov.dept_cum, rng.random() * gov.dept_cum[-1]))
            ]
        templates = names.PROJECT_TEMPLATES[dept.topic]
        if gov.level != "province":
            templates = tuple(t for t in templates if not t.startswith("省:"))
        if rng.random() < 0.08:
            base = rng.choice(names.GENERIC_PROJECTS)
        else:
            base = rng.choice(templates).removeprefix("省:")
        name = base
        attempt = 0
        while (dept.id, name) in gov.names_in_use:
            attempt += 1
            if attempt <= 3:
                name = base + rng.choice(names.NAME_QUALIFIERS)
            else:
                name = f"{base}（{attempt - 2}）"
        gov.names_in_use.add((dept.id, name))
        gov.seq += 1
        code = f"{gov.code}{year % 100:02d}{gov.seq:05d}"
        chosen, weights, targets = self._indicator_plan(dept.topic)
        project = _Project(
            code=code,
            name=name,
            dept=dept,
            quality=self._quality(gov),
            target_draw=rng.random(),
            monitor_draw=rng.random(),
            withheld=rng.random() < WITHHELD_SHARE,
            templates=chosen,
            weights=weights,
            base_targets=targets,
        )
        self.projects.append(project)
        return project

    def _quality(self, gov: _Gov) -> float:
        """How well a project is run (latent, 0–100): most fine, a few troubled ones,
        better on average where the government's quality latent is higher."""
        rng = self.rng
        if rng.random() < TROUBLED_SHARE * math.exp(-TROUBLED_SPREAD * gov.quality):
            return rng.uniform(40.0, 62.0)
        return min(97.0, max(35.0, rng.gauss(77.0 + QUALITY_POINTS * gov.quality, 8.0)))

    def _indicator_plan(self, topic: str) -> tuple[list[tuple], list[float], list[float | str]]:
        """Which indicators a project carries (kept over its years), weights and targets.

        Weights follow the Ministry template: output 50, outcome 30, satisfaction 10
        (the remaining 10 points are budget execution, not an indicator); a missing
        group's points go to the outputs.
        """
        rng = self.rng
        pool = names.TOPIC_INDICATORS[topic]
        outputs = [t for t in pool if t[0] in ("output", "cost")]
        outcomes = [t for t in pool if t[0] == "outcome"]
        chosen = rng.sample(outputs, min(len(outputs), rng.choice((1, 2, 2, 3))))
        if rng.random() < 0.55:
            chosen.append(names.GENERIC_INDICATORS[rng.randrange(2)])
        if rng.random() < 0.15:
            chosen.append(names.GENERIC_INDICATORS[2])
        if outcomes:
            chosen.extend(rng.sample(outcomes, min(len(outcomes), rng.choice((1, 1, 2)))))
        if rng.random() < 0.12:
            chosen.append(names.GENERIC_INDICATORS[3])
        if rng.random() < 0.8:
            subject = names.SATISFACTION_SUBJECTS[topic]
            chosen.append(
                ("satisfaction", "服务对象满意度指标", f"{subject}满意度", ">=", "%", 80, 95, 1)
            )
        groups = {"output": 50.0, "outcome": 30.0, "satisfaction": 10.0}
        members = {key: [i for i, t in enumerate(chosen) if _group(t) == key] for key in groups}
        if not members["outcome"]:
            groups["output"] += groups.pop("outcome")
        if not members["satisfaction"]:
            groups["output"] += groups.pop("satisfaction")
        weights = [0.0] * len(chosen)
        for key, points in groups.items():
            indexes = members[key]
            share = math.floor(points / len(indexes))
            for i in indexes:
                weights[i] = float(share)
            weights[indexes[0]] += points - share * len(indexes)
        targets: list[float | str] = []
        for template in chosen:
            _l1, _l2, _name, comparison, _unit, low, high, step = template
            if comparison == "qualitative":
                targets.append(low)
            else:
                # A numeric template always holds its range (qualitative ones hold text).
                assert isinstance(low, int | float) and high is not None and step is not None
                targets.append(_snap(rng.uniform(low, high), step))
        return chosen, weights, targets

    def plan_projects(self, first_py_id: int) -> None:
        rng = self.rng
        py_id = first_py_id
        for year_index, year in enumerate(self.years):
            for gov in self.govs:
                if not gov.first_year <= year <= gov.last_year:  # 0..9999: every year
                    continue
                count = self._project_count(gov, year)
                survival = 0.85 if gov.level == "province" else 0.8
                survivors = [p for p in gov.active if rng.random() < survival]
                if len(survivors) > count:
                    survivors = rng.sample(survivors, count)
                    survivors.sort(key=lambda p: p.code)
                # Every provincial department runs at least one project when there are
                # enough (the seed counts departments, e.g. 40 pilot departments in 2013).
                lacking: list[_Dept] = []
                if gov.level == "province":
                    running = {p.dept.id for p in survivors}
                    lacking = [d for d in gov.depts if d.id not in running]
                new = [
                    self._new_project(gov, year, lacking[i] if i < len(lacking) else None)
                    for i in range(count - len(survivors))
                ]
                gov.active = survivors + new
                envelope = self._envelope_wan(gov, year)
                median_new = envelope / count / 1.6
                floor = MIN_PROJECT_WAN[gov.level]
                rows = []
                for project in gov.active:
                    if project.years:
                        amount = project.years[-1].wan * rng.uniform(0.9, 1.18)
                        project.years[-1].next_exists = True
                    else:
                        amount = max(floor, median_new * math.exp(rng.gauss(0.0, 1.0)))
                    row = _PY(py_id, project, year, max(1, round(amount)))
                    py_id += 1
                    project.years.append(row)
                    rows.append(row)
                _rescale(rows, envelope)
                self.py_by_year[year].extend(rows)
            self.report("projects", 0.05 + 0.15 * (year_index + 1) / len(self.years))
        if not any(p.withheld for p in self.projects):
            self.projects[len(self.projects) // 2].withheld = True

    # ------------------------------------------------------------ targets & calibration
    def assign_targets(self) -> None:
        for year in self.years:
            for row in self.py_by_year[year]:
                project = row.project
                gov = project.dept.gov
                if gov.level == "province":
                    row.has_targets = (
                        project.dept.rank < OWN_TARGET_DEPARTMENTS[year]
                        and project.target_draw < OWN_TARGET_SHARE[year]
                        and row.wan >= OWN_TARGET_THRESHOLD_WAN[year]
                    )
                else:
                    shares = CITY_TARGET_SHARE if gov.level == "city" else COUNTY_TARGET_SHARE
                    row.has_targets = project.target_draw < shares[year] + gov.adoption
            # Every department compiling targets has at least one project with them.
            own_rows: dict[int, list[_PY]] = {}
            for row in self.py_by_year[year]:
                dept = row.project.dept
                if dept.gov.level == "province" and dept.rank < OWN_TARGET_DEPARTMENTS[year]:
                    own_rows.setdefault(dept.id, []).append(row)
            for dept_rows in own_rows.values():
                if not any(row.has_targets for row in dept_rows):
                    max(dept_rows, key=lambda r: (r.wan, r.id)).has_targets = True
        # Targets, once compiled, are kept in later years of the same project.
        for project in self.projects:
            seen = False
            for row in project.years:
                seen = seen or row.has_targets
                row.has_targets = seen

    def calibrate(self) -> None:
        """Rescale money so the seed's figures hold exactly, year by year.

        Province (本级): evaluated ⊂ with targets ⊂ all; the three cells are rescaled to
        the evaluated funds, the target-covered funds and the project spending implied
        by the natural share of target-covered money (so that cell is not distorted).
        Below the province: the evaluated cell gets the rest of the 全辖 evaluated funds.
        """
        for year in self.years:
            rows = self.py_by_year[year]
            own = [r for r in rows if r.project.dept.gov.level == "province"]
            below = [r for r in rows if r.project.dept.gov.level != "province"]
            own_targets = [r for r in own if r.has_targets]
            if not own_targets:
                largest = max(own, key=lambda r: (r.wan, r.id))
                largest.has_targets = True
                own_targets = [largest]
            own_without = [r for r in own if not r.has_targets]
            if len(own_targets) < 2 and own_without:
                # Evaluated and not evaluated both need a project with targets.
                extra = max(own_without, key=lambda r: (r.wan, r.id))
                extra.has_targets = True
                own_targets.append(extra)
                own_without.remove(extra)
            target_covered = _yi_to_wan(OWN_TARGET_COVERED_YI[year])
            natural_share = Decimal(sum(r.wan for r in own_targets)) / sum(r.wan for r in own)
            own_spending = int((target_covered / natural_share).to_integral_value())
            if not own_without:
                own_spending = target_covered
            own_evaluated = int((OWN_EVALUATION_RATE[year] * own_spending).to_integral_value())
            all_evaluated = _yi_to_wan(ALL_EVALUATED_YI[year])
            below_evaluated = all_evaluated - own_evaluated
            if below_evaluated <= 0 or own_evaluated >= target_covered:
                raise ValueError(f"inconsistent calibration targets for {year}")

            chosen = self._pick_evaluated(own_targets, own_evaluated, keep_one_out=True)
            rest = [r for r in own_targets if not r.evaluated]
            _rescale(chosen, own_evaluated)
            _rescale(rest, target_covered - own_evaluated)
            _rescale(own_without, own_spending - target_covered)

            below_targets = [r for r in below if r.has_targets]
            if not below_targets:
                largest = max(below, key=lambda r: (r.wan, r.id))
                largest.has_targets = True
                below_targets = [largest]
            chosen_below = self._pick_evaluated(below_targets, below_evaluated, keep_one_out=False)
            _rescale(chosen_below, below_evaluated)

    def _pick_evaluated(
        self, candidates: list[_PY], target_wan: int, keep_one_out: bool
    ) -> list[_PY]:
        """Choose which project-years were evaluated until their money reaches the target.

        A weighted random order (Efraimidis–Spirakis): larger projects and governments
        with more evaluation activity come first, as key evaluations favour big money.
        """
        rng = self.rng
        keyed = []
        for row in candidates:
            weight = row.wan**0.3 * row.project.dept.gov.eval_propensity
            keyed.append((math.log(rng.random() or 1e-12) / weight, row.id, row))
        keyed.sort(reverse=True)
        chosen: list[_PY] = []
        total = 0
        for _key, _id, row in keyed:
            if total >= target_wan:
                break
            chosen.append(row)
            total += row.wan
        if keep_one_out and len(chosen) == len(candidates) and len(chosen) > 1:
            chosen.pop()
        if not chosen:
            chosen = [keyed[0][2]]
        chosen.sort(key=lambda r: r.id)
        for row in chosen:
            row.evaluated = True
        return chosen

    # ------------------------------------------------------------ details of each year
    def _top(self, rows: list[_PY], count: int) -> list[_PY]:
        """``count`` rows, favouring big money with some luck (key projects)."""
        rng = self.rng
        keyed = sorted(
            ((row.wan * rng.uniform(0.5, 1.5), row.id, row) for row in rows), reverse=True
        )
        return [row for _key, _id, row in keyed[:count]]

    def _scaled_count(self, base: float) -> int:
        """``base`` × scale as an integer, rounding the fraction at random."""
        value = base * self.scale
        whole = int(value)
        return whole + (1 if self.rng.random() < value - whole else 0)

    def generate_details(self, first_ids: dict[str, int]) -> None:
        """Money details, monitoring, indicators, evaluations and applications."""
        self.ids = dict(first_ids)
        used_depts = self.used_depts
        for year_index, year in enumerate(self.years):
            rows = self.py_by_year[year]
            by_gov: dict[str, list[_PY]] = {}
            for row in rows:
                by_gov.setdefault(row.project.dept.gov.code, []).append(row)
            finance_rows: set[int] = set()
            for gov in self.govs:
                if not gov.first_year <= year <= gov.last_year:  # 0..9999: every year
                    continue
                gov_rows = by_gov.get(gov.code, [])
                evaluated = [r for r in gov_rows if r.evaluated]
                if gov.level == "province":
                    count = max(1, round(OWN_FINANCE_EVALUATIONS[year] * self.scale))
                    targeted = [r for r in gov_rows if r.has_targets]
                    for row in self._top(targeted, FINANCE_KEY_MONITORED):
                        row.key_monitored = True
                elif gov.level == "city":
                    count = self._scaled_count(CITY_FINANCE_EVALUATIONS[year])
                else:
                    count = self._scaled_count(COUNTY_FINANCE_EVALUATIONS[year])
                finance_rows.update(row.id for row in self._top(evaluated, count))
            for row in rows:
                used_depts.add(row.project.dept.id)
                self._project_year(row, row.id in finance_rows)
            self.report("details", 0.25 + 0.35 * (year_index + 1) / len(self.years))

    def _project_year(self, row: _PY, finance: bool) -> None:
        rng = self.rng
        project = row.project
        dept = project.dept
        gov = dept.gov
        year = row.year
        row.quality = project.quality + (year - self.years[0]) * 0.6 + rng.gauss(0.0, 2.5)
        adjusted_fen = row.wan * FEN_PER_WAN

        # Monitoring (双监控) of projects with targets.
        if row.has_targets:
            if gov.level == "province":
                row.monitored = dept.rank < OWN_MONITORED_DEPARTMENTS[year] or row.key_monitored
            else:
                share = LOCAL_MONITORING_SHARE[year]
                row.monitored = share > 0 and project.monitor_draw < share + gov.monitoring_offset
        progress = 0.0
        action = None
        if row.monitored:
            progress, action = self._monitoring(row, adjusted_fen)

        # Execution: most projects spend nearly all, a suspended or terminated one less.
        if action == "terminate":
            ratio = min(1.0, progress + rng.uniform(0.0, 0.05))
        elif action == "suspend":
            ratio = max(progress, rng.uniform(0.4, 0.75))
        else:
            # A few projects leave much of their budget unspent (below 60%), more in
            # some governments than others (flag low_execution).
            slack = LOW_EXECUTION_SHARE[gov.level] * gov.slack
            draw = rng.random()
            if draw < 0.8:
                ratio = rng.uniform(0.9, 1.0)
            elif draw < 0.8 + slack:
                ratio = rng.uniform(0.3, 0.595)
            else:
                ratio = rng.uniform(0.62, 0.9)
            ratio = max(ratio, progress)
        spent_fen = int(adjusted_fen * ratio)
        if rng.random() < 0.25:
            initial_wan = row.wan
        else:
            initial_wan = max(1, round(row.wan * rng.uniform(0.8, 1.05)))

        overall_target = overall_result = None
        if row.has_targets:
            overall_target, overall_result = self._indicators(row, action)

        evaluations = len(self.out["evaluation"])
        if row.evaluated:
            self._evaluations(row, finance)
        # Stored on the project-year like an import's (``importer._write``).
        final_score, final_grade = final_evaluations(
            (row.id, e[4], e[11], e[0], e[7], e[8]) for e in self.out["evaluation"][evaluations:]
        ).get(row.id, (None, None))

        self.out["project_year"].append(
            (
                row.id,
                year,
                project.code,
                project.name,
                dept.id,
                gov.code,
                dept.sector,
                initial_wan * FEN_PER_WAN,
                adjusted_fen,
                spent_fen,
                row.has_targets,
                overall_target,
                overall_result,
                project.withheld,
                PUBLISHER,
                self.release_id,
                execution_rate(spent_fen, adjusted_fen),
                final_score,
                final_grade,
            )
        )

    def _monitoring(self, row: _PY, adjusted_fen: int) -> tuple[float, str | None]:
        """Monitoring records of one project-year; returns (progress, strongest action)."""
        rng = self.rng
        year = row.year
        out = self.out["monitoring"]
        low_quality = max(0.0, 72.0 - row.quality) * 0.012
        if row.key_monitored:
            checkpoints = [(4, 30, 0.2), (7, 31, 0.5), (10, 31, 0.78)]
        elif rng.random() < 0.25:
            checkpoints = [(8, 31, 0.55), (10, 31, 0.78)]
        else:
            checkpoints = [(8, 31, 0.55)]
        progress = 0.0
        strongest = None
        for month, day, expected in checkpoints:
            progress = max(progress, min(1.0, expected * rng.uniform(0.65, 1.3)))
            budget_warning = progress < expected * 0.75
            target_warning = rng.random() < 0.03 + low_quality
            note = None
            action = "continue"
            if budget_warning or target_warning:
                # Some warned projects are halted (flag halted), more in some
                # governments than in others.
                halt = row.project.dept.gov.halting
                draw = rng.random()
                if draw < 0.5:
                    action = "continue"
                elif draw < 1.0 - halt:
                    action = "adjust"
                elif draw < 1.0 - halt / 9 or row.next_exists:
                    action = "suspend"
                else:
                    action = "terminate"
                kind = "budget" if budget_warning else "target"
                note = rng.choice(names.MONITORING_NOTES[kind])
                if action in ("suspend", "terminate"):
                    note = names.MONITORING_NOTES[action][0]
            if row.key_monitored:
                key_note = names.MONITORING_NOTES["key"][0]
                note = f"{key_note}；{note}" if note else key_note
            out.append(
                (
                    self._next("monitoring"),
                    row.id,
                    f"{year}-{month:02d}-{day:02d}",
                    int(adjusted_fen * progress),
                    target_warning,
                    budget_warning,
                    action,
                    note,
                )
            )
            if strongest is None or _ACTION_RANK[action] > _ACTION_RANK[strongest]:
                strongest = action
            if action == "terminate":
                break
        return progress, strongest

    def _next(self, table: str) -> int:
        value = self.ids[table]
        self.ids[table] = value + 1
        return value

    def _indicators(self, row: _PY, action: str | None) -> tuple[str, str]:
        """Indicators of a project-year with targets; returns the overall target/result text."""
        rng = self.rng
        random_ = rng.random
        uniform = rng.uniform
        project = row.project
        year = row.year
        age = year - project.years[0].year
        assessed = row.evaluated or random_() < ASSESSED_SHARE[year]
        quality = row.quality - (15.0 if action in ("suspend", "terminate") else 0.0)
        # Well-run projects meet nearly all targets; weak ones miss several (flag
        # targets_missed for a few percent of the assessed project-years).
        p_met = min(0.99, max(0.3, 0.8 + (quality - 65.0) * 0.04))
        out = self.out["indicator"]
        target_parts: list[str] = []
        result_parts: list[str] = []
        all_met = True
        for index, template in enumerate(project.templates):
            level1, level2, name, comparison, unit, _low, _high, step = template
            weight = project.weights[index]
            base = project.base_targets[index]
            reason = None
            if comparison == "qualitative":
                target_text = str(base)
                if not assessed:
                    actual_text = score = None
                elif random_() < p_met:
                    actual_text, score = target_text, weight
                else:
                    actual_text = rng.choice(names.QUALITATIVE_SHORTFALL)
                    score = round(weight * uniform(0.4, 0.8), 1)
                    reason = rng.choice(names.DEVIATION_REASONS)
                if len(target_parts) < 3:
                    target_parts.append(f"{name}{target_text}")
                    if actual_text is not None:
                        result_parts.append(f"{name}{actual_text}")
            else:
                decimals = _DECIMALS.get(step)
                if decimals is None:
                    decimals = _DECIMALS.setdefault(step, _decimals(step))
                target = float(base)
                if level2 == "数量指标" and comparison == ">=" and unit not in _RATE_UNITS:
                    target = max(step, _snap(target * (1 + 0.05 * age) * uniform(0.95, 1.05), step))
                target_text = _format(target, decimals)
                target = float(target_text)
                if not assessed or (level1 == "satisfaction" and random_() < 0.04):
                    actual_text = score = None
                    if assessed:
                        reason = rng.choice(names.NOT_ASSESSED_REASONS)
                else:
                    met = random_() < p_met
                    actual = _actual(comparison, target, step, unit, met, uniform)
                    actual_text = _format(actual, decimals)
                    actual = float(actual_text)
                    if met:
                        score = weight
                    else:
                        if comparison == ">=":
                            ratio = actual / target if target else 0.0
                        elif comparison == "<=":
                            ratio = target / actual if actual else 0.0
                        else:
                            ratio = 0.5
                        score = round(weight * min(0.95, max(0.2, ratio)), 1)
                        reason = rng.choice(names.DEVIATION_REASONS)
                if len(target_parts) < 3:
                    symbol = _SYMBOLS[comparison]
                    target_parts.append(f"{name}{symbol}{target_text}{unit}")
                    if actual_text is not None:
                        result_parts.append(f"{name}{actual_text}{unit}")
            status = indicator_status(comparison, target_text, actual_text, weight, score)
            if status != "met":
                all_met = False
            out.append(
                (
                    self._next("indicator"),
                    row.id,
                    f"I{index + 1}",
                    level1,
                    level2,
                    name,
                    comparison,
                    target_text,
                    unit,
                    actual_text,
                    weight,
                    score,
                    reason,
                    status,
                )
            )
        overall_target = f"{year}年度目标：" + "；".join(target_parts)
        if not assessed:
            overall_result = "年度绩效目标完成情况尚未报告"
        elif action == "terminate":
            overall_result = "项目已终止实施：" + "；".join(result_parts)
        elif all_met:
            overall_result = "实际完成：" + "；".join(result_parts) + "，年度目标全部完成"
        else:
            overall_result = "实际完成：" + "；".join(result_parts) + "，部分目标未完成"
        return overall_target, overall_result

    def _evaluations(self, row: _PY, finance: bool) -> None:
        """Self / department / finance evaluations of an evaluated project-year."""
        rng = self.rng
        year = row.year
        project = row.project
        dept = project.dept
        gov = dept.gov
        province = gov.level == "province"
        department = rng.random() < (0.22 if finance else (0.2 if province else 0.18))
        if finance or department:
            self_eval = rng.random() < (0.6 if year == self.years[0] else 0.85)
        else:
            self_eval = True
        quality = row.quality
        planned = []
        if self_eval:
            self_score = quality + gov.inflation + rng.gauss(6.0, 4.5)
            planned.append(("self", min(100.0, max(30.0, self_score))))
        if department:
            planned.append(("department", min(99.5, max(30.0, quality + rng.gauss(1.5, 3.0)))))
        if finance:
            planned.append(("finance", min(99.5, max(30.0, quality + rng.gauss(0.0, 2.5)))))
        final_type = planned[-1][0]
        for eval_type, raw_score in planned:
            score = round(raw_score, 1)
            grade = grade_for_score(score)
            third_party = False
            if eval_type == "self":
                evaluator = dept.name
                title: str | None = f"{project.name}{year}年度绩效自评表"
                published = dt.date(year + 1, rng.choice((3, 4)), rng.randint(1, 28))
                # Some self-evaluations are not published (flag no_report).
                missing = gov.report_missing * max(0.0, 1 - 0.1 * (year - self.years[0]))
                if _trait(project.code, year, "report") < missing:
                    title = None
            elif eval_type == "department":
                third_party = rng.random() < 0.2
                evaluator = self._institution(year) if third_party else dept.name
                title = f"{project.name}{year}年度部门评价报告"
                published = dt.date(year + 1, rng.choice((5, 6)), rng.randint(1, 28))
            else:
                share = (
                    (0.85 if province else 0.6)
                    if year >= RANDOM_POOL_FROM
                    else (0.5 if province else 0.3)
                )
                third_party = rng.random() < share
                if third_party:
                    evaluator = self._institution(year)
                elif province:
                    evaluator = names.PROVINCIAL_FINANCE_EVALUATOR
                else:
                    evaluator = f"{gov.name}财政局"
                title = f"{project.name}{year}年度重点绩效评价报告"
                published = dt.date(year + 1, rng.randint(6, 9), rng.randint(1, 28))
            congress = eval_type == "finance" and (
                year >= CONGRESS_ALL_FROM or (province and year >= 2015 and rng.random() < 0.4)
            )
            evaluation_id = self._next("evaluation")
            self.out["evaluation"].append(
                (
                    evaluation_id,
                    f"E{year}{evaluation_id:08d}",
                    row.id,
                    eval_type,
                    EVAL_AUTHORITY[eval_type],
                    evaluator,
                    third_party,
                    score,
                    grade,
                    title,
                    None,
                    published.isoformat(),
                    congress,
                    PUBLISHER,
                )
            )
            if eval_type == final_type and grade in ("fair", "poor"):
                # A weak result is nearly always acted upon, more so as the loop matured.
                chance = 0.8 + 0.03 * (year - self.years[0]) + APPLICATION_SPREAD * gov.quality
            elif eval_type == final_type:
                chance = {"finance": 0.95, "department": 0.85}.get(
                    eval_type, 0.35 + 0.08 * (year - self.years[0])
                )
            else:
                chance = 0.05
            if rng.random() < chance:
                self._applications(row, evaluation_id, grade)

    def _institution(self, year: int) -> str:
        """A third-party institution: designated before the random pool, drawn after."""
        pool = names.THIRD_PARTY_INSTITUTIONS
        if year < RANDOM_POOL_FROM:
            pool = pool[: names.DESIGNATED_INSTITUTIONS]
        return self.rng.choice(pool)

    def _applications(self, row: _PY, evaluation_id: int, grade: str) -> None:
        """What the result did to the next budget; mostly follows the grade, not always."""
        rng = self.rng
        actions, cumulative = _APPLICATION_CHOICES[grade]
        action = actions[_bisect(cumulative, rng.random() * cumulative[-1])]
        if grade in ("fair", "poor") and rng.random() < row.project.dept.gov.leniency:
            # A lenient government keeps funding a weak project (flag poor_not_cut).
            action = "maintain"
        if action == "cancel" and row.next_exists:
            action = "reduce"
        elif action == "reduce" and not row.next_exists and rng.random() < 0.5:
            action = "cancel"
        planned = [action]
        if action in ("reduce", "cancel") and rng.random() < 0.25:
            planned.append("rectify")
        status_done = rng.random() < (0.9 if row.year < self.years[-1] else 0.4)
        for index, act in enumerate(planned):
            low, high = _BUDGET_CHANGE[act]
            if index > 0:
                next_wan = change_wan = None
            else:
                next_wan = max(0, round(row.wan * (1 + rng.uniform(low, high))))
                if act == "cancel":
                    next_wan = 0
                change_wan = next_wan - row.wan
            self.out["application"].append(
                (
                    self._next("application"),
                    evaluation_id,
                    act,
                    None if next_wan is None else next_wan * FEN_PER_WAN,
                    None if change_wan is None else change_wan * FEN_PER_WAN,
                    "done" if status_done else "planned",
                    rng.choice(names.APPLICATION_NOTES[act]),
                )
            )


_SYMBOLS = {">=": "≥", "<=": "≤", "=": "="}
_RATE_UNITS = {"%", "‰"}
_DECIMALS: dict[float | None, int] = {}
_ACTION_RANK = {"continue": 0, "adjust": 1, "suspend": 2, "terminate": 3}
# Application actions by grade: (actions, cumulative weights). 中/差 mostly cut, not always.
_APPLICATION_WEIGHTS = {
    "excellent": (("prioritise", 0.45), ("maintain", 0.5), ("adjust", 0.05)),
    "good": (("maintain", 0.6), ("adjust", 0.3), ("prioritise", 0.05), ("rectify", 0.05)),
    "fair": (
        ("reduce", 0.62),
        ("rectify", 0.16),
        ("adjust", 0.08),
        ("cancel", 0.06),
        ("maintain", 0.08),
    ),
    "poor": (("cancel", 0.45), ("reduce", 0.35), ("rectify", 0.15), ("maintain", 0.05)),
}
_APPLICATION_CHOICES = {
    grade: (tuple(a for a, _w in pairs), list(accumulate(w for _a, w in pairs)))
    for grade, pairs in _APPLICATION_WEIGHTS.items()
}
# Relative change of the next year's budget per action (low, high).
_BUDGET_CHANGE = {
    "prioritise": (0.05, 0.2),
    "maintain": (0.0, 0.0),
    "adjust": (-0.08, 0.08),
    "reduce": (-0.4, -0.1),
    "cancel": (-1.0, -1.0),
    "rectify": (0.0, 0.0),
}


def _actual(
    comparison: str,
    target: float,
    step: float,
    unit: str | None,
    met: bool,
    uniform: Callable[[float, float], float],
) -> float:
    """An actual value that does (or does not) satisfy the comparison against the target."""
    if comparison == ">=":
        if met:
            value = target * uniform(1.0, 1.1)
            if unit == "%":
                value = min(value, 100.0)
            return max(target, _snap(value, step))
        value = _snap(target * uniform(0.7, 0.98), step)
        return value if value < target else max(0.0, target - step)
    if comparison == "<=":
        if met:
            return min(target, _snap(target * uniform(0.85, 1.0), step))
        value = _snap(target * uniform(1.03, 1.25), step)
        return value if value > target else target + step
    if met:
        return target
    value = _snap(target * 0.9, step)
    return value if value != target else target - step


# ---------------------------------------------------------------- reported figures

# The seed's published figures: (scope, year, metric, value, unit, note).
REPORTED_FIGURES: tuple[tuple[str, int, str, str, str, str], ...] = (
    ("all", 2013, "evaluated_funds", "153.7", "亿元", "全省评价资金总量"),
    ("all", 2017, "evaluated_funds", "1025.1", "亿元", "全省评价资金总量"),
    ("own", 2013, "target_covered_funds", "196.45", "亿元", "省直部门项目支出实现绩效目标编报"),
    ("own", 2017, "target_covered_funds", "856", "亿元", "省直部门项目支出实现绩效目标编报"),
    ("own", 2013, "evaluation_coverage_rate", "40", "%", "省本级评价资金总量占项目支出的比例"),
    (
        "own",
        2017,
        "evaluation_coverage_rate",
        "60",
        "%",
        "原文为“60%以上”，省本级评价资金总量占项目支出的比例",
    ),
    ("own", 2013, "departments_with_targets", "40", "个", "试编制项目支出绩效目标的省直部门"),
    (
        "own",
        2013,
        "projects_in_system",
        "330",
        "个",
        "原文为“原来的330多个”，未注明年份，按2013年列示",
    ),
    (
        "own",
        2018,
        "projects_in_system",
        "3700",
        "个",
        "原文为“3700多个”：省直部门项目支出绩效目标均通过系统申报",
    ),
    ("own", 2017, "performance_staff", "22", "人", "江西省财政绩效管理局总编制，2017年新增10人"),
    (
        "all",
        2017,
        "rules_issued",
        "60",
        "个",
        "原文为“近60个”：5年来全省出台的规章制度、管理办法和操作细则",
    ),
)


# ---------------------------------------------------------------- writing


_FINISH_FRACTION = {"indexes": 0.85, "rollups": 0.92}


def build_demo(
    engine: Engine,
    scale: float = 1.0,
    progress: Progress | None = None,
    seed: int = 2018,
    *,
    spec: DemoSpec | None = None,
) -> int:
    """Build the synthetic demo (by default Jiangxi, 2013–2018) into ``engine``; returns
    the release id.

    ``spec`` says which (:class:`DemoSpec`); without it, ``scale`` and ``seed`` make one
    for Jiangxi. The scale multiplies the number of projects (0.02 for fast tests); the
    calibrated money figures hold at any scale. ``progress(stage, fraction)`` is called
    as the build goes, with stages ``regions``, ``projects``, ``calibration``,
    ``details``, ``writing``, ``indexes``, ``rollups`` and ``done``. A previous demo
    build in the same database is replaced.
    """
    spec = spec or DemoSpec(scale=scale, seed=seed)
    scale, seed = spec.scale, spec.seed
    report = progress or (lambda _label, _fraction: None)
    report("regions", 0.0)
    regions.ensure_regions(engine)
    report("regions", 0.02)
    builder = _Builder(spec, progress)
    with engine.begin() as conn:
        # The importer's writer: a rebuild replaces the previous demo (``replace``), and
        # the rollups are refreshed in this transaction like an import's.
        writer = ReleaseWriter(conn, PUBLISHER, replace=True)
        first = {
            table: writer.reserve(table, 0)
            for table in (
                "department",
                "project_year",
                "indicator",
                "monitoring",
                "evaluation",
                "application",
                "reported_figure",
            )
        }
        builder.release_id = writer.release_id
        builder.plan_governments(conn, first["department"])
        builder.plan_projects(first["project_year"])
        builder.assign_targets()
        report("calibration", 0.22)
        builder.calibrate()
        report("calibration", 0.25)
        builder.generate_details(first)

        departments = [
            (dept.id, PUBLISHER, dept.code, dept.name, dept.gov.code, builder.release_id)
            for gov in builder.govs
            for dept in gov.depts
            if dept.id in builder.used_depts
        ]
        # The published figures the demo quotes are Jiangxi's (SOURCE_TITLE).
        quoted = REPORTED_FIGURES if spec.province == PROVINCE else []
        figures = [
            (
                first["reported_figure"] + index,
                PROVINCE,
                scope,
                year,
                metric,
                value,
                unit,
                SOURCE_TITLE,
                None,
                note,
                PUBLISHER,
                builder.release_id,
            )
            for index, (scope, year, metric, value, unit, note) in enumerate(quoted)
        ]
        tables = [
            ("department", departments),
            ("project_year", builder.out["project_year"]),
            ("indicator", builder.out["indicator"]),
            ("monitoring", builder.out["monitoring"]),
            ("evaluation", builder.out["evaluation"]),
            ("application", builder.out["application"]),
            ("reported_figure", figures),
        ]
        # Published row counts leave the withheld project-years' rows out, as an
        # import's do (importer.public_row_counts): they would reveal them.
        withheld = {row[0] for row in builder.out["project_year"] if row[13]}
        withheld_evaluations = {
            row[0] for row in builder.out["evaluation"] if row[2] in withheld
        }
        row_counts = {
            "departments": len(departments),
            "projects": len(builder.out["project_year"]) - len(withheld),
            "indicators": sum(row[1] not in withheld for row in builder.out["indicator"]),
            "monitoring": sum(row[1] not in withheld for row in builder.out["monitoring"]),
            "evaluations": len(builder.out["evaluation"]) - len(withheld_evaluations),
            "applications": sum(
                row[1] not in withheld_evaluations for row in builder.out["application"]
            ),
            "reported_figures": len(figures),
        }
        checksum = hashlib.sha256(
            json.dumps(
                {
                    "package": PACKAGE_NAME,
                    "format": DEMO_FORMAT,
                    "seed": seed,
                    "scale": repr(float(scale)),
                    "rows": row_counts,
                },
                sort_keys=True,
            ).encode()
        ).hexdigest()
        writer.begin(
            {
                "imported_at": DEMO_IMPORTED_AT,
                "package_name": PACKAGE_NAME,
                "title": RELEASE_TITLE,
                "license": "CC0-1.0",
                "published": None,
                "money_unit": "万元",
                "checksum": checksum,
                "row_counts": json.dumps(row_counts, ensure_ascii=False),
                "sources": json.dumps(
                    [{"title": SOURCE_TITLE, "path": SOURCE_PATH, "note": SOURCE_NOTE}],
                    ensure_ascii=False,
                ),
                "fiscal_years": json.dumps(list(spec.years)),
                "is_demo": True,
            },
            spec.years,
            RELEASE_TITLE_EN,
        )
        if builder.old_regions:
            # Predecessors of renamed counties, as a package's regions.csv adds them
            # (the importer applies its overrides at the same point).
            regions.apply_region_overrides(conn, builder.old_regions, source=PUBLISHER)
        total = sum(len(rows) for _table, rows in tables)
        written = 0
        for table, rows in tables:
            writer.reserve(table, len(rows))  # the builder used these ids already
            done_before = written

            def tick(count: int, _base: int = done_before) -> None:
                report("writing", 0.6 + 0.25 * (_base + count) / max(1, total))

            writer.write_ordered(table, rows, tick)
            written += len(rows)
        conn.execute(delete(Meta).where(Meta.key == "demo"))
        conn.execute(insert(Meta).values(key="demo", value="true"))
        # The writer's last steps take about a fifth of the build (measured at full
        # scale): indexes from 85 %, the rollups from 92 %.
        writer.finish(lambda step: report(step, _FINISH_FRACTION[step]))
    report("done", 1.0)
    return builder.release_id
