"""``python -m data_access.metrics.rollups [--db URL]``: the same as ``python -m data_access
[--db URL] migrate`` (``rollups.rebuild``, then whether the schema is current), kept for
the operators' scripts that call it.

Why a module of its own: the command line (``data_access.cli``) calls the rollups, so the
rollups themselves must not call the command line back; this entry point sits above both.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from data_access.cli import main as cli_main
from data_access.db.engine import ENV_VAR
from data_access.db.schema import SCHEMA_VERSION
from data_access.metrics.rollups import UPGRADABLE_FROM


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``--db`` and run ``migrate`` with it; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m data_access.metrics.rollups",
        description="Recompute the rollups of the latest release (and upgrade a database "
        f"of schema version {', '.join(map(str, UPGRADABLE_FROM))} to {SCHEMA_VERSION}); "
        "the same as `python -m data_access migrate`.",
    )
    parser.add_argument(
        "--db", metavar="URL", help=f"SQLAlchemy database URL (default: ${ENV_VAR})"
    )
    args = parser.parse_args(argv)
    return cli_main([*(["--db", args.db] if args.db else []), "migrate"])


if __name__ == "__main__":
    sys.exit(main())
