"""The hearing's flags and the result-application ledger worked out again from a
package's CSV files, with the csv module and plain Python: the independent figures the
hearing's totals, its brief and its surfaces are checked against.

Why a second, deliberately naive reading: the rules live in SQL
(``data_access.flags.rules``, ``data_access.reads.ledger``); a test that compared the
hearing with those functions would pass whenever both are wrong. Here each rule is
written again from its plain definition in ``data_access/flags/rules.toml`` (thresholds
read from that file, the one place they are set), over the rows of one package. Money
in 元 (Decimal), as the dashboard shows it.
"""

from __future__ import annotations

import csv
import json
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from data_access.flags.settings import SETTINGS_PATH

UNITS = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}
TRUE = {"true", "1", "是", "y", "yes"}
EVAL_TYPES = {"单位自评": "self", "部门评价": "department", "财政评价": "finance"}
AUTHORITY = {"self": 1, "department": 2, "finance": 3}
ACTIONS = {
    "优先保障": "prioritise", "保持": "maintain", "调整": "adjust", "核减": "reduce",
    "取消": "cancel", "整改": "rectify",
}
MON_ACTIONS = {"继续实施": "continue", "调整": "adjust", "暂缓": "suspend", "终止": "terminate"}
COMPARISONS = {"≥": ">=", "≤": "<=", "定性": "qualitative"}


def _rows(package: Path, name: str) -> list[dict[str, str]]:
    path = package / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _grade(score: float) -> str:
    return "excellent" if score >= 90 else "good" if score >= 80 else (
        "fair" if score >= 60 else "poor"
    )


@dataclass(frozen=True)
class Expected:
    """What the hearing must say about one region's 全辖 and one year."""

    flagged: dict[str, set[str]]  # project code -> the rules flagging it
    budgets: dict[str, Decimal]  # project code -> this year's budget (元)
    verdicts: dict[str, str]  # project code -> ledger verdict
    actual_change: dict[str, Decimal | None]  # project code -> next year - this year

    @property
    def project_years(self) -> int:
        return len(self.flagged)

    @property
    def budget(self) -> Decimal:
        return sum((self.budgets[code] for code in self.flagged), Decimal("0"))


def expected(package: Path, year: int, regions: set[str]) -> Expected:
    """The flagged public project-years of ``year`` in ``regions`` (a 全辖's region
    codes) and the ledger of its evaluated ones."""
    settings = tomllib.loads(SETTINGS_PATH.read_text(encoding="utf-8"))
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    unit = UNITS[descriptor.get("money_unit", "万元")]

    def money(text: str) -> Decimal | None:
        return Decimal(text.replace(",", "")) * unit if text.strip() else None

    projects = _rows(package, "projects.csv")
    public = {
        (r["project_code"], int(r["fiscal_year"])): r
        for r in projects
        if r.get("disclosure", "public") in ("", "public", "公开")
    }
    mine = {
        code: r for (code, y), r in public.items() if y == year and r["region_code"] in regions
    }
    publishers_next_year = any(y == year + 1 for (_, y) in public)
    evaluations: dict[str, list[dict[str, str]]] = {}
    for e in _rows(package, "evaluations.csv"):
        if int(e["fiscal_year"]) == year and e["project_code"] in mine:
            evaluations.setdefault(e["project_code"], []).append(e)
    applications: dict[str, list[dict[str, str]]] = {}
    for a in _rows(package, "applications.csv"):
        applications.setdefault(a["evaluation_id"], []).append(a)
    flagged: dict[str, set[str]] = {}

    def flag(code: str, rule: str) -> None:
        flagged.setdefault(code, set()).add(rule)

    verdicts: dict[str, str] = {}
    actual_change: dict[str, Decimal | None] = {}
    ledger = settings["ledger"]
    cuts = set(ledger["cut_actions"])
    share = Fraction(ledger["tolerance_share"])
    for code, row in mine.items():
        budget = money(row["budget_adjusted"]) or Decimal(0)
        spent = money(row.get("spent", ""))
        # no_targets
        if row["has_targets"].strip().lower() not in TRUE and budget > 0:
            flag(code, "no_targets")
        # low_execution
        below = Fraction(str(settings["low_execution"]["below_rate"]))
        if spent is not None and budget > 0 and Fraction(spent) / Fraction(budget) < below:
            flag(code, "low_execution")
        evals = evaluations.get(code, [])
        for e in evals:
            e["type"] = EVAL_TYPES.get(e["eval_type"], e["eval_type"])
        # no_report
        if any(not e["report_title"].strip() and not e["report_url"].strip() for e in evals):
            flag(code, "no_report")
        # self_inflated
        selfs = [float(e["score"]) for e in evals if e["type"] == "self"]
        higher = sorted(
            (e for e in evals if e["type"] != "self"),
            key=lambda e: (AUTHORITY[e["type"]], e.get("published_on", "")),
        )
        if selfs and higher:
            gap = selfs[-1] - float(higher[-1]["score"])
            if gap >= settings["self_inflated"]["min_gap_points"] - 1e-6:
                flag(code, "self_inflated")
        if not evals:
            continue
        final = max(evals, key=lambda e: (AUTHORITY[e["type"]], e.get("published_on", "")))
        grade = _grade(float(final["score"]))
        # The announced application: of the highest-authority evaluation having one.
        with_apps = [e for e in evals if applications.get(e["evaluation_id"])]
        announced = None
        if with_apps:
            top = max(with_apps, key=lambda e: (AUTHORITY[e["type"]], e.get("published_on", "")))
            apps = applications[top["evaluation_id"]]
            stating = [
                a for a in apps if a["next_year_budget"].strip() or a["budget_change"].strip()
            ]
            announced = (stating or apps)[-1]
        nxt = public.get((code, year + 1))
        next_budget = money(nxt["budget_adjusted"]) if nxt else None
        actual_change[code] = None if next_budget is None else next_budget - budget
        action = ACTIONS.get(announced["action"], announced["action"]) if announced else None
        target = None
        if announced:
            stated = money(announced["next_year_budget"])
            change = money(announced["budget_change"])
            target = (
                stated if stated is not None else
                budget + change if change is not None else
                Decimal(0) if action == "cancel" else budget if action == "maintain" else None
            )
        tol = Fraction(budget) * share
        if action is None or (target is None and action not in cuts):
            verdict = "not_announced"
        elif next_budget is None:
            verdict = "project_ended" if publishers_next_year else "no_next_year"
        elif action in cuts:
            ok = next_budget < budget and (target is None or next_budget - target <= tol)
            verdict = "carried_out" if ok else "not_carried_out"
        else:
            assert target is not None
            verdict = "carried_out" if abs(next_budget - target) <= tol else "not_carried_out"
        verdicts[code] = verdict
        if action in cuts and verdict == "not_carried_out":
            flag(code, "cut_not_carried_out")
        if grade in ("fair", "poor") and action not in cuts:
            following = next_budget if next_budget is not None else target
            if following is not None and following - budget >= 0:
                flag(code, "poor_not_cut")
    # targets_missed (indicators)
    share_missed = Fraction(settings["targets_missed"]["min_share_not_met"])
    counts: dict[str, list[int]] = {}
    for i in _rows(package, "indicators.csv"):
        code = i["project_code"]
        if int(i["fiscal_year"]) != year or code not in mine or not i["actual_value"].strip():
            continue
        comparison = COMPARISONS.get(i["comparison"], i["comparison"])
        if comparison == "qualitative":
            met = i["score"].strip() != "" and float(i["score"]) == float(i["weight"])
        else:
            actual = float(i["actual_value"].rstrip("%"))
            target = float(i["target_value"].rstrip("%"))
            met = {">=": actual >= target, "<=": actual <= target, "=": actual == target}[
                comparison
            ]
        held = counts.setdefault(code, [0, 0])
        held[0] += 1
        held[1] += 0 if met else 1
    for code, (assessed, missed) in counts.items():
        if assessed and Fraction(missed, assessed) >= share_missed:
            flag(code, "targets_missed")
    # halted (monitoring)
    for m in _rows(package, "monitoring.csv"):
        action = MON_ACTIONS.get(m["action"], m["action"])
        if int(m["fiscal_year"]) == year and m["project_code"] in mine and action in (
            "suspend", "terminate"
        ):
            flag(m["project_code"], "halted")
    budgets = {code: money(r["budget_adjusted"]) or Decimal(0) for code, r in mine.items()}
    return Expected(flagged, budgets, verdicts, actual_change)
