"""The synthetic Jiangxi demo: deterministic, obeying the domain rules, calibrated to the seed.

Why these tests: the demo is what every visitor of the embedded dashboard sees first and
what the "reported vs computed" view compares with the seed's published figures; it must
be identical from one build to the next (stable links show the same numbers), follow
the same rules as imported data, and hit the seed's figures at full scale.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, MetaData, func, insert, select, text
from sqlalchemy.exc import SAWarning

from data_access.db.engine import REPO_ROOT, make_engine
from data_access.db.schema import (
    EVAL_AUTHORITY,
    Application,
    Evaluation,
    Indicator,
    Meta,
    Monitoring,
    ProjectYear,
    Release,
    ReportedFigure,
)
from data_access.demo import BUILD_STAGES
from data_access.demo import build as demo
from data_access.demo.build import build_demo
from data_access.domain import grade_for_score, indicator_status
from data_access.flags import rules as flags
from data_access.metrics import rollups
from data_access.metrics.compute import (
    ViewFilter,
    children_metrics,
    compute_metrics,
    computed_directly,
    department_metrics,
)
from data_access.regions import children, load_gazetteer

YI = Decimal(100_000_000)
SMALL = 0.02


def _dump(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every table, ordered by primary key: the database as data."""
    metadata = MetaData()
    with warnings.catch_warnings():
        # The sort indexes on expressions are not reflected; only the rows matter here.
        warnings.filterwarnings(
            "ignore", "Skipped unsupported reflection of expression-based index", SAWarning
        )
        metadata.reflect(engine)
    out: dict[str, list[tuple]] = {}
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            out[table.name] = [tuple(row) for row in conn.execute(select(table).order_by(*order))]
    return out


def _eval_rate(metrics: dict) -> float:
    return metrics["evaluation_coverage_rate"]


# ---------------------------------------------------------------- determinism


def test_same_seed_gives_the_same_database(tmp_path: Path) -> None:
    """Built here and in another process with another hash seed: identical, row for row."""
    first_url = f"sqlite:///{tmp_path / 'first.db'}"
    second_url = f"sqlite:///{tmp_path / 'second.db'}"
    build_demo(make_engine(first_url), scale=0.01)
    env = dict(os.environ, PYTHONHASHSEED="12345")
    script = (
        "from data_access.db.engine import make_engine\n"
        "from data_access.demo.build import build_demo\n"
        f"build_demo(make_engine({second_url!r}), scale=0.01)\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, env=env, check=True)
    first = _dump(make_engine(first_url))
    second = _dump(make_engine(second_url))
    assert first["project_year"], "the demo wrote no projects"
    for table in first:
        assert first[table] == second[table], f"table {table} differs between builds"


def test_another_seed_gives_other_data(tmp_path: Path) -> None:
    one = make_engine(f"sqlite:///{tmp_path / 'one.db'}")
    two = make_engine(f"sqlite:///{tmp_path / 'two.db'}")
    build_demo(one, scale=0.01, seed=1)
    build_demo(two, scale=0.01, seed=2)
    assert _dump(one)["project_year"] != _dump(two)["project_year"]


# ---------------------------------------------------------------- small builds, both backends


@pytest.fixture
def small(db_url: str) -> Iterator[tuple[Engine, int, list[tuple[str, float]]]]:
    """A small demo build on SQLite or PostgreSQL, with the progress calls it made."""
    engine = make_engine(db_url)
    calls: list[tuple[str, float]] = []
    release_id = build_demo(engine, scale=SMALL, progress=lambda s, f: calls.append((s, f)))
    yield engine, release_id, calls
    engine.dispose()


def test_small_build_release_and_flags(small: tuple[Engine, int, list]) -> None:
    engine, release_id, calls = small
    with engine.connect() as conn:
        release = conn.execute(select(Release)).one()
        public = ProjectYear.withheld.is_(False)
        every = conn.execute(select(func.count()).select_from(ProjectYear)).scalar()
        counts = {
            # Published counts hold the public project-years' rows only.
            "projects": conn.execute(
                select(func.count()).select_from(ProjectYear).where(public)
            ).scalar(),
            "indicators": conn.execute(
                select(func.count()).select_from(Indicator).join(ProjectYear).where(public)
            ).scalar(),
            "evaluations": conn.execute(
                select(func.count()).select_from(Evaluation).join(ProjectYear).where(public)
            ).scalar(),
            "applications": conn.execute(
                select(func.count())
                .select_from(Application)
                .join(Evaluation)
                .join(ProjectYear)
                .where(public)
            ).scalar(),
            "monitoring": conn.execute(
                select(func.count()).select_from(Monitoring).join(ProjectYear).where(public)
            ).scalar(),
        }
        meta = conn.execute(select(Meta.value).where(Meta.key == "demo")).scalar_one()
    assert release.id == release_id
    assert release.is_demo is True
    assert release.package_name == "demo-jiangxi"
    assert release.publisher == demo.PUBLISHER
    assert json.loads(release.fiscal_years) == list(range(2013, 2019))
    assert json.loads(release.sources)[0]["title"] == "财政预算和绩效管理一体化江西经验"
    row_counts = json.loads(release.row_counts)
    for key, value in counts.items():
        assert value > 0 and row_counts[key] == value, key
    assert counts["projects"] < every  # the demo always withholds some project-years
    assert meta == "true"
    # Progress: known stages, fractions never going back, ending at 1.
    fractions = [f for _s, f in calls]
    assert fractions == sorted(fractions)
    assert calls[-1] == ("done", 1.0)
    assert {s for s, _f in calls} <= set(BUILD_STAGES)


def test_small_build_is_calibrated(small: tuple[Engine, int, list]) -> None:
    """The seed's money figures hold exactly at any scale."""
    engine, _release_id, _calls = small
    all_2013 = compute_metrics(engine, ViewFilter(2013, "360000", "all"))
    all_2017 = compute_metrics(engine, ViewFilter(2017, "360000", "all"))
    own_2013 = compute_metrics(engine, ViewFilter(2013, "360000", "own"))
    own_2017 = compute_metrics(engine, ViewFilter(2017, "360000", "own"))
    assert all_2013["evaluated_funds"] == Decimal("153.7") * YI
    assert all_2017["evaluated_funds"] == Decimal("1025.1") * YI
    assert own_2013["target_covered_funds"] == Decimal("196.45") * YI
    assert own_2017["target_covered_funds"] == Decimal("856") * YI
    assert abs(_eval_rate(own_2013) - 0.40) < 0.004
    assert _eval_rate(own_2017) >= 0.60


def test_small_build_fills_the_rollups_like_an_import(small: tuple[Engine, int, list]) -> None:
    """The demo goes through the importer's writer: its rollups are current and serve
    exactly what the direct computation gives, for the province and every city."""
    engine, _release_id, _calls = small
    with engine.connect() as conn:
        assert rollups.serves(conn, None)
    cities = [c.code for c in children(engine, "360000")]
    for year in (2013, 2017):
        served = {
            "children": children_metrics(engine, year, "360000"),
            "departments": department_metrics(engine, year, "360000"),
            **{
                f"{region}/{scope}": compute_metrics(engine, ViewFilter(year, region, scope))
                for region in ("360000", *cities)
                for scope in ("all", "own")
            },
        }
        with computed_directly():
            direct = {
                "children": children_metrics(engine, year, "360000"),
                "departments": department_metrics(engine, year, "360000"),
                **{
                    f"{region}/{scope}": compute_metrics(
                        engine, ViewFilter(year, region, scope)
                    )
                    for region in ("360000", *cities)
                    for scope in ("all", "own")
                },
            }
        assert served == direct
        assert served["360000/all"]["projects"] > 0


def test_small_build_obeys_the_domain_rules(small: tuple[Engine, int, list]) -> None:
    engine, _release_id, _calls = small
    with engine.connect() as conn:
        for eval_type, authority, score, grade in conn.execute(
            select(Evaluation.eval_type, Evaluation.authority, Evaluation.score, Evaluation.grade)
        ):
            assert authority == EVAL_AUTHORITY[eval_type]
            assert 0 <= score <= 100
            assert grade == grade_for_score(score)
        for comparison, target, actual, weight, score, status in conn.execute(
            select(
                Indicator.comparison,
                Indicator.target_value,
                Indicator.actual_value,
                Indicator.weight,
                Indicator.score,
                Indicator.status,
            )
        ):
            assert status == indicator_status(comparison, target, actual, weight, score)
        statuses = set(conn.execute(select(Indicator.status).distinct()).scalars())
        assert statuses == {"met", "not_met", "not_assessed"}
        # Evaluations and monitoring only concern project-years with targets.
        for table in (Evaluation, Monitoring, Indicator):
            orphans = conn.execute(
                select(func.count())
                .select_from(table)
                .join(ProjectYear, ProjectYear.id == table.project_year_id)
                .where(ProjectYear.has_targets.is_(False))
            ).scalar()
            assert orphans == 0, table.__tablename__
        money = conn.execute(
            select(
                ProjectYear.budget_adjusted_fen,
                ProjectYear.budget_initial_fen,
                ProjectYear.spent_fen,
            )
        ).all()
        for adjusted, initial, spent in money:
            assert adjusted > 0 and initial > 0 and 0 <= spent <= adjusted
            assert adjusted % 1_000_000 == 0  # budgets in whole 万元
        withheld = conn.execute(
            select(func.count()).select_from(ProjectYear).where(ProjectYear.withheld.is_(True))
        ).scalar()
        assert withheld >= 1
        # A cancelled project does not come back the next year.
        cancelled = conn.execute(
            select(ProjectYear.project_code, ProjectYear.fiscal_year)
            .join(Evaluation, Evaluation.project_year_id == ProjectYear.id)
            .join(Application, Application.evaluation_id == Evaluation.id)
            .where(Application.action == "cancel")
        ).all()
        for code, year in cancelled:
            again = conn.execute(
                select(func.count())
                .select_from(ProjectYear)
                .where(ProjectYear.project_code == code, ProjectYear.fiscal_year == year + 1)
            ).scalar()
            assert again == 0, code
        figures = conn.execute(select(ReportedFigure.metric, ReportedFigure.unit)).all()
    assert ("evaluated_funds", "亿元") in figures
    assert ("performance_staff", "人") in figures
    assert len(figures) == len(demo.REPORTED_FIGURES)


def test_small_build_uses_jiangxis_governments(small: tuple[Engine, int, list]) -> None:
    engine, _release_id, _calls = small
    cities = children(engine, "360000")
    allowed = {"360000"} | {c.code for c in cities}
    allowed |= {county.code for c in cities for county in children(engine, c.code)}
    # Counties whose current code came after 2018 never publish in the demo (their
    # predecessors do, and are in the region table, so in ``allowed``).
    allowed -= {
        code
        for code, (first, _old, _name) in demo.names.REGION_SUCCESSIONS.items()
        if first > demo.YEARS[-1]
    }
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT p.region_code, d.region_code, d.name, r.name"
                " FROM project_year p JOIN department d ON d.id = p.department_id"
                " JOIN region r ON r.code = d.region_code"
            )
        ).all()
    assert {row[0] for row in rows} <= allowed
    assert len({row[0] for row in rows}) == len(allowed)  # every government has projects
    for project_region, dept_region, dept_name, region_name in rows:
        assert project_region == dept_region
        if dept_region != "360000":
            assert dept_name.startswith(region_name)
        else:
            assert "江西省" in dept_name


def test_ids_continue_after_the_demo(small: tuple[Engine, int, list]) -> None:
    """Explicit ids must not break later inserts (PostgreSQL sequences are moved on)."""
    engine, release_id, _calls = small
    with engine.begin() as conn:
        new_id = conn.execute(
            insert(ReportedFigure)
            .values(
                region_code="360000",
                scope="all",
                fiscal_year=2019,
                metric="rules_issued",
                value="1",
                unit="个",
                publisher="其他发布单位",
                release_id=release_id,
            )
            .returning(ReportedFigure.id)
        ).scalar_one()
    assert new_id > len(demo.REPORTED_FIGURES)


def test_rebuild_replaces_the_previous_demo(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    build_demo(engine, scale=0.01)
    before = _dump(engine)
    build_demo(engine, scale=0.01)
    after = _dump(engine)
    assert len(after["release"]) == 1
    for table in ("project_year", "indicator", "evaluation", "application", "monitoring"):
        assert len(after[table]) == len(before[table]), table


def test_scale_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="scale"):
        build_demo(make_engine(f"sqlite:///{tmp_path / 'demo.db'}"), scale=0)


# ---------------------------------------------------------------- full scale (SQLite)


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One full-scale build for the calibration tests; prints how long it took."""
    path = tmp_path_factory.mktemp("demo-full") / "demo.db"
    engine = make_engine(f"sqlite:///{path}")
    started = time.perf_counter()
    build_demo(engine, scale=1.0)
    print(f"\ndemo build at scale 1 into SQLite: {time.perf_counter() - started:.1f} s")
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def seed_metrics(full: Engine) -> dict[tuple[int, str], dict]:
    """compute_metrics for Jiangxi in the seed's years, each computed once."""
    views = [(2013, "all"), (2013, "own"), (2017, "all"), (2017, "own"), (2018, "own")]
    return {
        (year, scope): compute_metrics(full, ViewFilter(year, "360000", scope))
        for year, scope in views
    }


def _per_year(engine: Engine, sql: str) -> dict[int, int]:
    with engine.connect() as conn:
        return {int(year): value for year, value in conn.execute(text(sql))}


@pytest.mark.slow
def test_full_scale_hits_the_seed_figures(
    full: Engine, seed_metrics: dict[tuple[int, str], dict]
) -> None:
    def close(value: Decimal, target: Decimal) -> bool:
        return abs(value - target) <= target / 100

    assert close(seed_metrics[2013, "all"]["evaluated_funds"], Decimal("153.7") * YI)
    assert close(seed_metrics[2017, "all"]["evaluated_funds"], Decimal("1025.1") * YI)
    assert close(seed_metrics[2013, "own"]["target_covered_funds"], Decimal("196.45") * YI)
    assert close(seed_metrics[2017, "own"]["target_covered_funds"], Decimal("856") * YI)
    assert abs(_eval_rate(seed_metrics[2013, "own"]) - 0.40) <= 0.004
    assert _eval_rate(seed_metrics[2017, "own"]) >= 0.60
    assert seed_metrics[2018, "own"]["projects"] >= 3700
    assert 330 <= seed_metrics[2013, "own"]["projects"] < 400
    projects = _per_year(full, "SELECT fiscal_year, COUNT(*) FROM project_year GROUP BY 1")
    assert sorted(projects) == list(range(2013, 2019))
    assert all(count >= 30_000 for count in projects.values()), projects
    # The interpolated years lie between the seed's years, and keep growing.
    evaluated = _per_year(
        full,
        "SELECT p.fiscal_year, SUM(p.budget_adjusted_fen) FROM project_year p"
        " WHERE EXISTS (SELECT 1 FROM evaluation e WHERE e.project_year_id = p.id)"
        " GROUP BY 1",
    )
    series = [evaluated[year] for year in range(2013, 2019)]
    assert series == sorted(series)
    assert series[0] == 153_70 * 10**8 and series[4] == 1025_10 * 10**8


@pytest.mark.slow
def test_full_scale_tells_the_seeds_story(
    full: Engine, seed_metrics: dict[tuple[int, str], dict]
) -> None:
    with full.connect() as conn:
        pilot = conn.execute(
            text(
                "SELECT COUNT(DISTINCT department_id) FROM project_year"
                " WHERE region_code = '360000' AND fiscal_year = 2013 AND has_targets"
            )
        ).scalar()
        departments_2017 = conn.execute(
            text(
                "SELECT COUNT(DISTINCT department_id) FROM project_year"
                " WHERE region_code = '360000' AND fiscal_year = 2017"
            )
        ).scalar()
        monitored_2013 = conn.execute(
            text(
                "SELECT COUNT(DISTINCT m.project_year_id) FROM monitoring m"
                " JOIN project_year p ON p.id = m.project_year_id"
                " WHERE p.region_code = '360000' AND p.fiscal_year = 2013"
            )
        ).scalar()
        third_party_before_pool = conn.execute(
            text(
                "SELECT COUNT(DISTINCT e.evaluator) FROM evaluation e"
                " JOIN project_year p ON p.id = e.project_year_id"
                " WHERE e.third_party AND p.fiscal_year < 2017"
            )
        ).scalar()
        third_party_pool = conn.execute(
            text(
                "SELECT COUNT(DISTINCT e.evaluator) FROM evaluation e"
                " JOIN project_year p ON p.id = e.project_year_id"
                " WHERE e.third_party AND p.fiscal_year >= 2017"
            )
        ).scalar()
        finance_2017_not_sent = conn.execute(
            text(
                "SELECT COUNT(*) FROM evaluation e JOIN project_year p ON p.id = e.project_year_id"
                " WHERE e.eval_type = 'finance' AND p.fiscal_year >= 2017"
                " AND NOT e.submitted_to_congress"
            )
        ).scalar()
        suspended = conn.execute(
            text("SELECT COUNT(*) FROM monitoring WHERE action IN ('suspend', 'terminate')")
        ).scalar()
    assert pilot == 40
    assert departments_2017 == len(demo.names.PROVINCIAL_DEPARTMENTS)
    assert monitored_2013 == 2  # the finance department's 2 key projects
    assert third_party_before_pool <= demo.names.DESIGNATED_INSTITUTIONS < third_party_pool
    assert finance_2017_not_sent == 0
    assert suspended > 0

    own_2017 = seed_metrics[2017, "own"]
    all_2017 = seed_metrics[2017, "all"]
    assert own_2017["monitoring_coverage_rate"] == 1.0
    assert own_2017["reports_to_congress"] > 0
    assert 2.0 < all_2017["self_score_gap"] < 10.0
    assert 70.0 < all_2017["average_score"] < 95.0
    grades = [all_2017[f"grade_{g}"] for g in ("excellent", "good", "fair", "poor")]
    assert all(count > 0 for count in grades)
    assert grades[3] < grades[2] < grades[1]
    assert 0.6 < all_2017["target_achievement_rate"] < 0.95
    assert 0.5 < all_2017["fair_poor_cut_rate"] < 1.0
    share_withheld = all_2017["withheld_projects"] / all_2017["projects"]
    assert 0.002 < share_withheld < 0.01


@pytest.mark.slow
def test_full_scale_reported_figures_match_the_records(
    full: Engine, seed_metrics: dict[tuple[int, str], dict]
) -> None:
    """The money and rate figures shipped from the seed agree with the records."""
    units = {"亿元": YI, "万元": Decimal(10_000), "元": Decimal(1)}
    with full.connect() as conn:
        figures = conn.execute(
            select(
                ReportedFigure.fiscal_year,
                ReportedFigure.region_code,
                ReportedFigure.scope,
                ReportedFigure.metric,
                ReportedFigure.value,
                ReportedFigure.unit,
            )
        ).all()
    assert {f.region_code for f in figures} == {"360000"}
    checked = 0
    for figure in figures:
        if figure.unit not in units and figure.unit != "%":
            continue  # staff, rules, departments, projects: not metric keys
        computed = seed_metrics[figure.fiscal_year, figure.scope][figure.metric]
        if figure.unit == "%":
            assert computed >= float(figure.value) / 100 - 0.004, figure.metric
        else:
            reported = Decimal(figure.value) * units[figure.unit]
            assert abs(computed - reported) <= reported / 100, figure.metric
        checked += 1
    assert checked == 6


# ---------------------------------------------------------------- realism (issues #7, #10)

REALISM_SCALE = 0.1
# Mature years of the reform: every rule has enough material (monitoring, evaluations).
MATURE = (2016, 2017, 2018)


@pytest.fixture(scope="module")
def realistic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One build at a tenth of the province on SQLite, shared by the realism tests."""
    path = tmp_path_factory.mktemp("demo-realism") / "demo.db"
    engine = make_engine(f"sqlite:///{path}")
    build_demo(engine, scale=REALISM_SCALE)
    yield engine
    engine.dispose()


def test_cities_and_counties_differ(realistic: Engine) -> None:
    """The map and the ranking show real differences: coverage and scores spread.

    City values are averaged over the mature years (one year of a small build is noisy);
    the old generator, without a quality latent, gave city averages within ~3.5 points
    and an evaluation coverage spread (sd) of ~0.04.
    """
    cities = [c.code for c in children(realistic, "360000")]
    per_city: dict[str, dict[str, list[float]]] = {code: {} for code in cities}
    county_coverage: list[float] = []
    for year in MATURE:
        for row in children_metrics(realistic, year, "360000"):
            if row.kind != "child":
                continue
            for key in ("evaluation_coverage_rate", "average_score", "target_coverage_rate"):
                per_city[row.code].setdefault(key, []).append(row.metrics[key])
        for city in cities:
            county_coverage.extend(
                row.metrics["evaluation_coverage_rate"]
                for row in children_metrics(realistic, year, city)
                if row.kind == "child" and row.metrics["projects"]
            )
    mean = {
        key: [statistics.fmean(per_city[c][key]) for c in cities]
        for key in ("evaluation_coverage_rate", "average_score", "target_coverage_rate")
    }
    coverage, scores, targets = (
        mean["evaluation_coverage_rate"],
        mean["average_score"],
        mean["target_coverage_rate"],
    )
    assert statistics.pstdev(coverage) >= 0.07, coverage
    assert max(coverage) - min(coverage) >= 0.2, coverage
    assert max(scores) - min(scores) >= 5.0, scores
    assert statistics.pstdev(scores) >= 1.5, scores
    assert max(targets) - min(targets) >= 0.05, targets
    # Some counties clearly lag: a tenth of them under half the median county's coverage.
    county_coverage.sort()
    median = statistics.median(county_coverage)
    assert county_coverage[len(county_coverage) // 10] < median / 2, county_coverage
    # ... while the province's headline stays what the seed says (calibrated exactly).
    province = compute_metrics(realistic, ViewFilter(2017, "360000", "all"))
    assert province["evaluated_funds"] == Decimal("1025.1") * YI


def test_no_region_is_used_before_it_existed(realistic: Engine) -> None:
    """A county that got its current code in year N publishes under its predecessor's
    code and name before N, and never after (demo_names.REGION_SUCCESSIONS)."""
    with realistic.connect() as conn:
        used = {
            (code, int(year))
            for code, year in conn.execute(
                text("SELECT DISTINCT region_code, fiscal_year FROM project_year")
            )
        }
        names = dict(conn.execute(text("SELECT code, name FROM region")).all())
        parents = dict(conn.execute(text("SELECT code, parent_code FROM region")).all())
    gazetteer = {r.code for r in load_gazetteer()}
    successions = demo.names.REGION_SUCCESSIONS
    predecessors = {old: (first, new) for new, (first, old, _n) in successions.items()}
    assert successions, "no successions: the rule would be untested"
    for code, year in used:
        if code in successions:
            assert year >= successions[code][0], (code, year)
        elif code in predecessors:
            assert year < predecessors[code][0], (code, year)
        else:
            assert code in gazetteer, code
    for new, (first, old, old_name) in successions.items():
        assert names[old] == old_name and parents[old] == parents[new]
        expected_old = {year for year in demo.YEARS if year < first}
        assert {y for c, y in used if c == old} == expected_old, old
        assert {y for c, y in used if c == new} == set(demo.YEARS) - expected_old, new
    # Department names carry the name of their year's government.
    with realistic.connect() as conn:
        old_departments = conn.execute(
            text(
                "SELECT d.name, r.name FROM department d JOIN region r ON r.code = d.region_code"
                " WHERE d.region_code IN ('360122', '361121')"
            )
        ).all()
    assert old_departments and all(d.startswith(r) for d, r in old_departments)


def test_flags_are_realistic(realistic: Engine) -> None:
    """Each flag finds a few percent of project-years, never none, more in some counties.

    Shares are of the province's project-years (flags never count withheld ones; they are
    0.5%). ``no_targets`` follows the seed's story (most projects had no targets in
    2013, nearly all have them by 2018), so only its last years are held to the bound.
    """
    shares: dict[int, dict[str, float]] = {}
    for year in demo.YEARS:
        counts = flags.flag_counts(realistic, ViewFilter(year, "360000", "all"))
        projects = compute_metrics(realistic, ViewFilter(year, "360000", "all"))["projects"]
        shares[year] = {key: counts.rules[key].count / projects for key in flags.ITEM_RULES}
        # A cut announced but not carried out needs the next year's published budget:
        # none in the last year (the result-application ledger says "no next-year record").
        expected = [
            key for key in flags.RULE_KEYS
            if not (key == "cut_not_carried_out" and year == demo.YEARS[-1])
        ]
        if year >= 2015:
            assert all(counts.rules[key].count > 0 for key in expected), (year, counts)
        if year == demo.YEARS[-1]:
            assert counts.rules["cut_not_carried_out"].count == 0
            shares[year].pop("cut_not_carried_out")
    for year in (2017, 2018):
        for key, share in shares[year].items():
            assert 0.003 <= share <= (0.2 if key == "no_targets" else 0.1), (year, key, share)
    # Counties differ beyond chance: all item flags but no_targets together.
    pooled, sizes = _county_flags(realistic)
    combined = {
        code: sum(n for key, n in counts.items() if key != "no_targets")
        for code, counts in pooled.items()
    }
    assert _dispersion(combined, sizes) >= 2.0


def _county_flags(engine: Engine) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """Flag counts per rule and project-years of every county, pooled over MATURE."""
    pooled: dict[str, dict[str, int]] = {}
    sizes: dict[str, int] = {}
    for year in MATURE:
        for city in children(engine, "360000"):
            for row in flags.flag_counts(engine, ViewFilter(year, city.code, "all"), group="child")[
                1:
            ]:
                counts = pooled.setdefault(row.code, dict.fromkeys(flags.ITEM_RULES, 0))
                for key in flags.ITEM_RULES:
                    counts[key] += row.rules[key].count
            for row in children_metrics(engine, year, city.code):
                if row.kind == "child":
                    sizes[row.code] = sizes.get(row.code, 0) + row.metrics["projects"]
    sizes = {code: size for code, size in sizes.items() if size}
    return {code: pooled[code] for code in sizes}, sizes


def _dispersion(counts: dict[str, int], sizes: dict[str, int]) -> float:
    """Index of dispersion of per-county counts against one common rate (binomial).

    About 1 when every county has the same chance of a flag and only luck differs; well
    above 1 when some counties really have more flags than others.
    """
    rate = sum(counts.values()) / sum(sizes.values())
    assert 0 < rate < 1
    chi2 = sum(
        (counts[code] - size * rate) ** 2 / (size * rate * (1 - rate))
        for code, size in sizes.items()
    )
    return chi2 / (len(sizes) - 1)


@pytest.mark.slow
def test_full_scale_flags_vary_across_counties(full: Engine) -> None:
    """Every flag rule is more frequent in some counties than others, beyond chance
    (at full scale the counts are large enough to tell, even for the rarer rules)."""
    pooled, sizes = _county_flags(full)
    for key in flags.ITEM_RULES:
        counts = {code: pooled[code][key] for code in sizes}
        assert _dispersion(counts, sizes) >= 1.5, key


def test_a_demo_spec_builds_another_province_without_patching(tmp_path: Path) -> None:
    """``DemoSpec`` is the whole configuration: Chongqing (500000), whose gazetteer lists
    its districts and counties directly under the province, for 2017-2018, leaves this
    module's Jiangxi defaults as they were and puts every project in Chongqing."""
    engine = make_engine(f"sqlite:///{tmp_path / 'cq.db'}")
    spec = demo.DemoSpec(province="500000", years=(2017, 2018), scale=0.02, seed=7)
    release_id = build_demo(engine, spec=spec)
    assert demo.PROVINCE == "360000" and tuple(range(2013, 2019)) == demo.YEARS
    with engine.connect() as conn:
        years = set(conn.execute(select(ProjectYear.fiscal_year).distinct()).scalars())
        regions_used = set(conn.execute(select(ProjectYear.region_code).distinct()).scalars())
        release = conn.execute(select(Release).where(Release.id == release_id)).one()
        figures = conn.execute(select(func.count()).select_from(ReportedFigure)).scalar()
    assert years == {2017, 2018}
    assert regions_used and all(code.startswith("50") for code in regions_used)
    assert len(regions_used) > 3  # the province, and counties planned under lead counties
    assert json.loads(release.fiscal_years) == [2017, 2018]
    assert figures == 0  # the quoted published figures are Jiangxi's only
    with pytest.raises(ValueError, match="scale"):
        demo.DemoSpec(scale=0)
    with pytest.raises(ValueError, match="calibrated"):
        demo.DemoSpec(years=(2019,))
