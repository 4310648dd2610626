"""The command line: ``python -m data_access demo|validate|import|metrics|releases|rollback``.

Why: journalists and publishers script against the same numbers the dashboard shows,
and CI checks packages without a browser. Exit codes: 0 success, 1 a package was
refused (also when another writer kept the database locked: the refusal report says so),
2 wrong usage (argparse's own convention), 3 the database stayed locked by another
writer past the import lock wait, 4 the database could not be reached or opened, 5 a
write failed half-way (disk full, read-only file or server, connection lost) and its
transaction was rolled back, so nothing changed. Codes 3, 4 and 5 come with one
``error:`` line on stderr naming the database and the cause, never a traceback, so a
script can tell "try again later" from "fix the command" from "fix the disk".
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from data_access.db.engine import ENV_VAR, make_engine, resolve_url
from data_access.ingest.limits import IMPORT_LOCK_WAIT_ENV_VAR, import_lock_wait

if TYPE_CHECKING:
    from data_access.regions import RegionRecord

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_BUSY, EXIT_UNAVAILABLE, EXIT_WRITE_FAILED = 0, 1, 2, 3, 4, 5


class DatabaseUnavailable(Exception):
    """The database could not be opened for a reason that is not a driver error (an
    SQLite path whose folder cannot be created); :func:`main` turns it into exit 4."""


def _engine(url: str | None) -> Engine:
    """:func:`make_engine` for a command. Why a wrapper: creating the folder of an SQLite
    file raises ``OSError``, which must reach :func:`main` as "unavailable", while an
    ``OSError`` reading a package must not be reported as a database problem."""
    try:
        return make_engine(url)
    except OSError as exc:
        raise DatabaseUnavailable(str(exc)) from exc


class ProgressBar:
    """A one-line text progress bar on stderr (no dependency, no terminal tricks in CI)."""

    def __init__(self, stream: TextIO = sys.stderr, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.started = time.perf_counter()
        self._last = ""

    def __call__(self, label: str, fraction: float) -> None:
        fraction = min(max(fraction, 0.0), 1.0)
        filled = round(fraction * self.width)
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {fraction:6.1%} {label}"
        if line == self._last:
            return
        self._last = line
        end = "\n" if not self.stream.isatty() else ""
        self.stream.write(("\r" if end == "" else "") + line + end)
        self.stream.flush()

    def close(self) -> None:
        if self.stream.isatty():
            self.stream.write("\n")
        self.stream.write(f"done in {time.perf_counter() - self.started:.1f} s\n")
        self.stream.flush()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m data_access",
        description="Budget-performance results: build the demo, check and import "
        "published packages, print metrics.",
        epilog="exit codes: 0 done; 1 package refused (also: another import is running); "
        "2 wrong usage; 3 database busy (another writer held it past "
        f"{IMPORT_LOCK_WAIT_ENV_VAR}); 4 database unavailable (cannot be reached or "
        "opened); 5 database write failed (disk full, read-only, connection lost: rolled "
        "back, nothing changed). 3, 4 and 5 print one 'error:' line on stderr.",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help=f"SQLAlchemy database URL (default: ${ENV_VAR}, else data/dashboard.db)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser("demo", help="build the synthetic Jiangxi demo database")
    demo.add_argument("--scale", type=float, default=1.0, help="project count multiplier (1.0)")
    demo.add_argument("--seed", type=int, default=2018, help="random seed (2018)")

    for name, text in (
        ("validate", "check a package without importing it"),
        ("import", "import a package (all or nothing)"),
    ):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("package", type=Path, help="folder, .zip or .xlsx")
        cmd.add_argument("--lang", choices=("zh", "en"), default="en", help="report language")

    metrics = sub.add_parser("metrics", help="print every metric of a view")
    metrics.add_argument("--year", type=int, required=True)
    metrics.add_argument("--region", required=True, help="6-digit GB/T 2260 code")
    metrics.add_argument("--scope", choices=("all", "own"), default="all")
    metrics.add_argument("--dept", metavar="CODE", help="department code")
    metrics.add_argument("--sector", help="支出功能分类, e.g. 教育")
    metrics.add_argument(
        "--release",
        type=int,
        metavar="ID",
        help="the figures as served by this release (see `releases`); default: the latest",
    )
    metrics.add_argument(
        "--json", action="store_true", help="JSON: money in 元, rates as fractions"
    )

    sub.add_parser(
        "releases", help="list imported releases (every one stays servable; which are superseded)"
    )
    rollback = sub.add_parser(
        "rollback",
        help="serve an earlier release again for its publisher and years (recorded as a "
        "new release)",
    )
    rollback.add_argument("release", type=int, metavar="RELEASE", help="release id to restore")
    sub.add_parser(
        "migrate",
        help="bring a database of an earlier schema version up to date in place "
        "(rollups recomputed, indexes added) without re-importing",
    )
    flags = sub.add_parser("flags", help="print the flags of a view: counts and top items")
    flags.add_argument("--year", type=int, required=True)
    flags.add_argument("--region", required=True, help="6-digit GB/T 2260 code")
    flags.add_argument("--scope", choices=("all", "own"), default="all")
    flags.add_argument("--top", type=int, default=20, help="how many items to list (20)")
    flags.add_argument("--release", type=int, metavar="ID", help="as served by this release")
    flags.add_argument("--json", action="store_true", help="JSON: money in 元, rates as fractions")
    return parser


def _demo(args: argparse.Namespace) -> int:
    from data_access.demo.build import build_demo

    if args.scale <= 0:
        print("error: --scale must be positive", file=sys.stderr)
        return EXIT_USAGE
    engine = _engine(args.db)
    bar = ProgressBar()
    release_id = build_demo(engine, scale=args.scale, progress=bar, seed=args.seed)
    bar.close()
    print(f"demo data built as release {release_id} in {resolve_url(args.db)}")
    return EXIT_OK


def _package(args: argparse.Namespace, *, write: bool) -> int:
    from data_access.ingest.importer import import_package, validate_package

    if not args.package.exists():
        print(f"error: no such package: {args.package}", file=sys.stderr)
        return EXIT_USAGE
    engine = _engine(args.db)
    report = (import_package if write else validate_package)(engine, args.package)
    print(report.render(lang=args.lang))
    return EXIT_OK if report.ok else EXIT_REFUSED


def _format_value(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, Decimal):
        return f"{value:,.2f} 元"
    if isinstance(value, float):
        return f"{value:.6f}"
    return str(value)


def _region_code_given(args: argparse.Namespace) -> bool:
    """Whether ``--region`` is a 6-digit code; says why not on stderr. Checked before
    the database is opened, by every command that takes a region."""
    if len(args.region) == 6 and args.region.isdigit():
        return True
    print(f"error: --region must be a 6-digit code, not {args.region!r}", file=sys.stderr)
    return False


def _known_region(engine: Engine, args: argparse.Namespace) -> RegionRecord | None:
    """The region of ``--region`` as of ``--release``, or None after saying on stderr
    that the gazetteer does not know it (the same refusal for every command)."""
    from data_access.regions import ensure_regions, get_region

    ensure_regions(engine)
    region = get_region(engine, args.region, args.release)
    if region is None:
        print(f"error: unknown region code {args.region}", file=sys.stderr)
    return region


def _metrics(args: argparse.Namespace) -> int:
    from data_access.metrics.compute import (
        METRIC_KEYS,
        compute_metrics,
        metrics_as_json,
    )
    from data_access.reads.queries import find_department, release_info
    from data_access.reads.selection import ViewFilter

    if not _region_code_given(args):
        return EXIT_USAGE
    engine = _engine(args.db)
    region = _known_region(engine, args)
    if region is None:
        return EXIT_USAGE
    department_id = None
    if args.dept:
        department = find_department(engine, args.dept, release=args.release)
        if department is None:
            print(f"error: unknown department code {args.dept!r}", file=sys.stderr)
            return EXIT_USAGE
        department_id = department.id
    if args.release is not None and release_info(engine, args.release) is None:
        print(
            f"error: unknown release {args.release} (`releases` lists the imported ones)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    flt = ViewFilter(
        args.year, args.region, args.scope, department_id, args.sector, args.release
    )
    values = compute_metrics(engine, flt)
    if args.json:
        print(json.dumps(metrics_as_json(values), ensure_ascii=False, indent=1))
        return EXIT_OK
    scope = "全辖 all" if args.scope == "all" else "本级 own"
    pinned = f" as of release #{args.release}" if args.release is not None else ""
    print(f"{region.name} ({region.code}) {args.year} {scope}{pinned}")
    width = max(len(k) for k in METRIC_KEYS)
    for key in METRIC_KEYS:
        print(f"{key:<{width}}  {_format_value(values[key])}")
    return EXIT_OK


def _releases(args: argparse.Namespace) -> int:
    from data_access.reads.queries import releases

    found = releases(_engine(args.db))
    if not found:
        print("no releases imported")
        return EXIT_OK
    for r in found:
        years = ",".join(str(y) for y in r.fiscal_years)
        demo = " [demo]" if r.is_demo else ""
        rows = sum(r.row_counts.values())
        if r.superseded:
            by = f" by #{r.superseded_by}" if r.superseded_by else ""
            state = f" — superseded{by}"
        else:
            state = " — live"
        print(
            f"#{r.id} {r.imported_at:%Y-%m-%d %H:%M} {r.package_name}{demo} — {r.publisher} "
            f"— years {years} — {rows} rows — sha256 {r.checksum[:12]}{state}"
        )
    return EXIT_OK


def _rollback(args: argparse.Namespace) -> int:
    """Serve release ``args.release`` again; exit 2 for an unknown release."""
    from data_access.ingest.importer import RollbackError, rollback

    try:
        result = rollback(_engine(args.db), args.release)
    except RollbackError as exc:
        print(f"error: {exc} (`releases` lists the imported ones)", file=sys.stderr)
        return EXIT_USAGE
    years = ",".join(str(y) for y in result.fiscal_years)
    if result.release_id is None:
        print(f"UNCHANGED: release #{result.restored} is already served for "
              f"{result.publisher}, years {years}")
    else:
        print(f"release #{result.release_id} serves release #{result.restored} again for "
              f"{result.publisher}, years {years}")
    return EXIT_OK


def _migrate(args: argparse.Namespace) -> int:
    """Upgrade in place (``rollups.rebuild``); exit 1 when the database predates release
    history, which only a new import can give it."""
    from data_access.db.schema import SCHEMA_VERSION, schema_is_current
    from data_access.metrics.rollups import rebuild

    engine = _engine(args.db)
    try:
        rebuild(engine)
        current = schema_is_current(engine)
    finally:
        engine.dispose()
    if not current:
        print(
            "error: rollups rebuilt, but this database predates release history and "
            "cannot be upgraded in place: import its packages into a new database",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    print(f"up to date: schema version {SCHEMA_VERSION}, rollups recomputed")
    return EXIT_OK


def _flags(args: argparse.Namespace) -> int:
    """Flag counts per rule and the items with the most money at stake."""
    from data_access.flags.rules import (
        RULES,
        counts_as_json,
        flag_counts,
        flag_items,
        item_as_json,
        lagging,
    )
    from data_access.reads.selection import ViewFilter

    if not _region_code_given(args):
        return EXIT_USAGE
    if args.top < 0:
        print("error: --top must not be negative", file=sys.stderr)
        return EXIT_USAGE
    engine = _engine(args.db)
    region = _known_region(engine, args)
    if region is None:
        return EXIT_USAGE
    view = ViewFilter(args.year, args.region, args.scope, release=args.release)
    counts = flag_counts(engine, view)
    items = flag_items(engine, view, limit=args.top)
    units = lagging(engine, args.year, args.region, release=args.release)
    if args.json:
        out = {
            "counts": counts_as_json(counts)["rules"],
            "items": [item_as_json(i) for i in items],
            "lagging": [
                {
                    "kind": u.kind,
                    "code": u.code,
                    "name": u.name,
                    "coverage": u.coverage,
                    "parent_coverage": u.parent_coverage,
                    "gap_points": u.gap_points,
                    "money_at_stake": float(u.money_at_stake),
                }
                for u in units
            ],
        }
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return EXIT_OK
    scope = "全辖 all" if args.scope == "all" else "本级 own"
    print(f"{region.name} ({region.code}) {args.year} {scope}")
    width = max(len(k) for k in RULES)
    for key, rule in RULES.items():
        c = counts.rules[key]
        money = _format_value(c.money_at_stake)
        print(f"{key:<{width}}  {c.count:>6}  {money:>22}  {rule.title_zh}")
    if items:
        print(f"\ntop {len(items)} items by money at stake:")
    for i in items:
        print(
            f"{i.rule:<{width}}  {_format_value(i.money_at_stake):>22}  {i.project_code}"
            f"  {i.project_name}  {i.department_name}  {i.region_name}"
        )
    if units:
        print("\nlagging evaluation coverage:")
    for u in units:
        print(
            f"{u.kind:<10}  {u.code}  {u.name}  {u.coverage:.1%} vs {u.parent_coverage:.1%}"
            f"  ({u.gap_points:.1f} points)"
        )
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    handlers = {
        "demo": _demo,
        "validate": lambda a: _package(a, write=False),
        "import": lambda a: _package(a, write=True),
        "metrics": _metrics,
        "releases": _releases,
        "rollback": _rollback,
        "flags": _flags,
        "migrate": _migrate,
    }
    try:
        return handlers[args.command](args)
    except OperationalError as exc:
        return _database_failure(args, exc)
    except DBAPIError as exc:
        # PostgreSQL's read-only transaction is an InternalError, not an OperationalError.
        from data_access.db.writing import write_failure

        failure = write_failure(exc)
        if failure is None:
            raise
        return _write_failed(args, failure, str(exc.orig or exc))
    except DatabaseUnavailable as exc:
        return _unavailable(args, str(exc))
    except ArgumentError as exc:
        print(f"error: --db / ${ENV_VAR} is not a usable database URL: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _database_failure(args: argparse.Namespace, exc: OperationalError) -> int:
    """A driver error that escaped a command: a lock timeout (exit 3, or the busy refusal
    report and exit 1 for ``import``/``validate``, as when the lock is met inside the
    import) or an unusable database (exit 4). Why here: the schema of an empty database
    is created under the writers' lock before any command's own handling starts, so
    every command can meet the lock (issue #9)."""
    from data_access.db.writing import is_lock_timeout, write_failure
    from data_access.ingest.importer import busy_report

    if not is_lock_timeout(exc):
        failure = write_failure(exc)
        if failure is not None:
            return _write_failed(args, failure, str(getattr(exc, "orig", None) or exc))
        return _unavailable(args, str(getattr(exc, "orig", None) or exc))
    if args.command in ("import", "validate"):
        print(busy_report(args.package).render(lang=args.lang))
        return EXIT_REFUSED
    print(
        f"error: database busy: another writer kept {_shown_url(args.db)} locked for more "
        f"than {import_lock_wait():g} s (the wait set by {IMPORT_LOCK_WAIT_ENV_VAR}); "
        "try again when it has finished",
        file=sys.stderr,
    )
    return EXIT_BUSY


def _write_failed(args: argparse.Namespace, failure: str, reason: str) -> int:
    """One line for a write the database refused half-way (``writing.write_failure``);
    exit 5. Every command writes in one transaction, which the failure rolled back."""
    print(
        f"error: database write failed ({failure}): {_shown_url(args.db)}: "
        f"{_first_line(reason)}; the write was rolled back, the published data is unchanged",
        file=sys.stderr,
    )
    return EXIT_WRITE_FAILED


def _first_line(reason: str) -> str:
    return next((line.strip() for line in reason.splitlines() if line.strip()), "unknown")


def _unavailable(args: argparse.Namespace, reason: str) -> int:
    """One line for a database that cannot be reached or opened; exit 4."""
    print(
        f"error: database unavailable: {_shown_url(args.db)}: {_first_line(reason)}",
        file=sys.stderr,
    )
    return EXIT_UNAVAILABLE


def _shown_url(url: str | None) -> str:
    """The database URL for a message, password hidden."""
    try:
        return make_url(resolve_url(url)).render_as_string(hide_password=True)
    except ArgumentError:
        return "the database"
