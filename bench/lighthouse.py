"""``python -m bench.lighthouse [--db URL] [--runs N] [--json PATH]``: Lighthouse scores
(performance, accessibility, SEO, best practices; its default mobile profile) of the
overview, the explorer, the hearing and an embed, beside a bare Streamlit page served
with the same settings, and every accessibility or SEO audit that fails, with what it
found.

Why a bench and not a test: Lighthouse's performance score swings with the machine's
load, and a timed figure is never a unit test here; the accessibility and SEO audits do
not swing, and this prints what they find so it can be fixed (the axe-core browser tests
guard accessibility in CI).

Lighthouse is pinned in ``bench/lighthouse/package.json`` and installed there with
``npm install`` on first use (the npm registry); Chromium is Debian's (``DASHBOARD_CHROMIUM``).
``--db`` serves an existing database; without it the demo is built in a temporary
folder first (about a minute). Scores are medians over ``--runs`` runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from bench.browser import CHROMIUM, bare_server, dashboard_server, missing_browser

HERE = Path(__file__).resolve().parent / "lighthouse"
CATEGORIES = ("performance", "accessibility", "seo", "best-practices")
# The pages the issue names, and a bare page with two charts and a grid beside them.
PAGES = (
    ("overview", "/?lang=zh"),
    ("explore", "/explore?lang=zh"),
    ("hearing", "/hearing?lang=zh"),
    ("embed", "/embed/region_ranking?lang=zh"),
    ("overview (en)", "/?lang=en"),
)
BARE = ("bare page", "/?c=2&d=1")
TIMEOUT_S = 240


def lighthouse_bin() -> Path:
    """The pinned Lighthouse, installed with ``npm install`` the first time (``npm ci`` refuses
    Lighthouse 12's own dependency on "latest" of two packages)."""
    binary = HERE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        print("installing Lighthouse (npm install in bench/lighthouse) …", flush=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund"], cwd=HERE, check=True, timeout=600
        )
    return binary


def audit(binary: Path, url: str, folder: Path) -> dict[str, Any]:
    """One Lighthouse run of ``url``: its category scores (0–100) and the failing
    accessibility and SEO audits."""
    out = folder / "report.json"
    subprocess.run(
        [
            str(binary), url, f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox", "--output=json",
            f"--output-path={out}", "--quiet",
        ],
        check=True,
        timeout=TIMEOUT_S,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    return {"scores": scores(report), "failing": failing(report)}


def scores(report: dict[str, Any]) -> dict[str, int | None]:
    """Each category's score as Lighthouse shows it (0–100; None when it could not score)."""
    found = report["categories"]
    return {
        key: None if found[key]["score"] is None else round(found[key]["score"] * 100)
        for key in CATEGORIES
    }


def failing(report: dict[str, Any]) -> list[str]:
    """The accessibility and SEO audits that count and do not pass, with the first things
    they point at: what is left to fix."""
    lines = []
    for category in ("accessibility", "seo"):
        for ref in report["categories"][category]["auditRefs"]:
            found = report["audits"][ref["id"]]
            if ref.get("weight", 0) == 0 or found.get("score") in (None, 1):
                continue
            items = (found.get("details") or {}).get("items") or []
            where = [
                str((item.get("node") or {}).get("snippet") or item.get("source") or "")[:80]
                for item in items[:3]
            ]
            lines.append(f"{category}/{ref['id']}: {found['title']} {where}")
    return lines


def measure(binary: Path, base: str, pages: tuple[tuple[str, str], ...], runs: int,
            folder: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """Median scores per page over ``runs`` runs, and what failed in the last one. A run
    Lighthouse gives up on (a DevTools timeout on a loaded machine) is tried once more,
    then left out and counted."""
    for name, path in pages:
        results, errors = [], 0
        for _ in range(runs):
            for _attempt in range(2):
                try:
                    results.append(audit(binary, base + path, folder))
                    break
                except subprocess.SubprocessError:
                    errors += 1
        if not results:
            yield name, {"path": path, "scores": dict.fromkeys(CATEGORIES),
                         "failing": [f"Lighthouse failed {errors} times"]}
            continue
        median = {
            key: (None if None in values else round(statistics.median(values)))
            for key in CATEGORIES
            for values in [[r["scores"][key] for r in results]]
        }
        failed = [f"Lighthouse failed {errors} times"] if errors else []
        yield name, {"path": path, "scores": median,
                     "failing": failed + results[-1]["failing"]}


def build_demo(folder: Path) -> str:
    """The demo database, built in ``folder`` with the project's own command."""
    url = f"sqlite:///{folder / 'demo.db'}"
    subprocess.run([sys.executable, "-m", "data_access", "--db", url, "demo"], check=True)
    return url


def table(result: dict[str, dict[str, Any]]) -> str:
    """One line per page: its scores, then what fails."""
    head = f"{'page':<16}" + "".join(f"{key:>16}" for key in CATEGORIES)
    lines = [head, "-" * len(head)]
    for name, found in result.items():
        cells = "".join(f"{'—' if v is None else v:>16}" for v in found["scores"].values())
        lines.append(f"{name:<16}{cells}")
    for name, found in result.items():
        for line in found["failing"]:
            lines.append(f"  {name}: {line}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.lighthouse",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="SQLAlchemy URL to serve (default: the demo, built)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page (median)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if (why := missing_browser()) is not None:
        print(f"cannot run: {why}", file=sys.stderr)
        return 2
    binary = lighthouse_bin()
    with tempfile.TemporaryDirectory(prefix="bench-lighthouse-") as name, ExitStack() as stack:
        folder = Path(name)
        url = args.db or build_demo(folder)
        served = stack.enter_context(dashboard_server(url, folder))
        bare = stack.enter_context(bare_server(folder))
        result = dict(measure(binary, served.url, PAGES, args.runs, folder))
        result.update(measure(binary, bare.url, (BARE,), args.runs, folder))
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
