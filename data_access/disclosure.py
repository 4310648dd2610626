"""Disclosure control: the one rule deciding where withheld project-years may count.

Why one module: a withheld project-year (``disclosure = withheld``) must count in the
totals the data contract promises, yet no published figure, and no difference between
two published figures (a region and its children, a department and its project list, a
year and the next), may let a reader compute its budget, spending, score or grade
*attributed to it*: to its project, its department or its sector. Every read in
``data_access.metrics.compute`` and ``data_access.reads.queries`` asks this module, so the rule is
written, tested and explained (``/about``, docs/security.md "Withheld projects") once.

THE RULE

1. Region level only. A withheld project-year counts only in the figures of a region,
   a scope (全辖 / 本级) and a year with no finer filter: the region's headline
   figures, each row of its split into 本级 and child regions (each row is itself a
   region-level figure), and the region's year series. There it counts in the project
   count, in every money total and money-based rate (budget, spending, execution,
   target / monitoring / evaluation coverage) and in the indicator counts, and it is
   shown apart as the region's withheld line (``withheld_projects``,
   ``withheld_funds``), as DATA_CONTRACT.md requires ("counts in every total ...
   withheld amounts as their own line") and ``mini-jiangxi.expected.json`` lists.
2. Never below a region. A figure of a department (department table and its CSV,
   ``/trends?dept=…``, ``metrics --dept``), of a sector, and every record list
   (projects, departments or sectors present in a year) is computed from public
   project-years only, and its withheld line is None ("not applicable"), never 0 (which
   would state that the department holds none). A department or sector whose only
   project-years are withheld is therefore absent from the year's lists, exactly like
   one without projects. A department's figures then equal the sums over its public
   project list, year by year, so no subtraction between them reveals anything.
3. Never in evaluation results. Evaluation counts, third-party and congress counts,
   application rates, average and weighted scores, grade counts, the 中/差 cut rate and
   the self-score gap are computed from public project-years only, at every level: a
   withheld project-year's score or grade cannot follow from any difference.
4. A withheld code is answered exactly like an unknown one (``queries.project_record``
   returns None, or "no record in that year" when other years of the code are public).

Why no cell suppression: with rules 2 and 3, every figure finer than a region is a sum
over the public records it lists, so there is no cell whose value would disclose and
nothing to suppress (or to complement). A threshold "withheld money counts only where
the region holds at least N public project-years" would protect nothing while the
contract publishes each region's withheld line: that line is, when one project-year is
withheld, that project-year's budget (unattributed). What remains public by contract,
per region, scope and year: the number of withheld project-years and their combined
budget, and (by subtraction from the region's totals) their combined spending, covered
money and indicator counts. Changing that needs a change of the data contract and its
expected figures; see :data:`REGION_LEVEL_DISCLOSES`.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement

from data_access.db.schema import ProjectYear

# Metric keys that never count a withheld project-year (rule 3): computed from the
# evaluation records of public project-years only.
RESULT_METRICS: frozenset[str] = frozenset(
    {
        "third_party_evaluations",
        "evaluations",
        "average_score",
        "weighted_average_score",
        "grade_excellent",
        "grade_good",
        "grade_fair",
        "grade_poor",
        "applied_rate",
        "fair_poor_cut_rate",
        "self_score_gap",
        "reports_to_congress",
    }
)
# The withheld line: None where withheld project-years do not count (rule 2).
WITHHELD_LINE: tuple[str, ...] = ("withheld_projects", "withheld_funds")
# What a region-level figure (rule 1) lets a reader derive about the withheld
# project-years of that region, scope and year together, by the contract's choice.
REGION_LEVEL_DISCLOSES: tuple[str, ...] = (
    "withheld_projects",
    "withheld_funds",
    "spent",
    "target_covered_funds",
    "monitored_funds",
    "evaluated_funds",
    "applied_funds",
    "indicators_assessed",
    "indicators_met",
)


def withheld_counts(
    *, department_id: int | None, sector: str | None, group: str | None
) -> bool:
    """Whether withheld project-years count in this view (rule 1 vs rule 2).

    Only a region-level view counts them: no department or sector filter, and grouped
    (if at all) by year or by child region, never by department.
    """
    return department_id is None and sector is None and group in (None, "year", "child")


def public() -> ColumnElement[bool]:
    """The project-years that may be listed and may count in any figure."""
    return ProjectYear.withheld.is_(False)


def is_public(withheld_column: ColumnElement[bool]) -> ColumnElement[bool]:
    """``public()`` for a ``withheld`` column of a subquery or CTE (rule 3)."""
    return withheld_column.is_(False)
