"""The settings file of the hearing's rules (``rules.toml``), read once.

Why one file for three readers: the flag rules (:mod:`data_access.flags.rules`), the
result-application ledger's verdicts (:mod:`data_access.reads.ledger`) and the severity
score that ranks the flagged projects are all judgements a budget committee may quote,
and each threshold must be written, documented and changed in one place. The rule
tables (one per flag rule) are read by :func:`data_access.flags.rules.load_rules`; the
``[ledger]``, ``[severity]`` and ``[basis]`` tables by :func:`table`.

This module imports nothing of the project, so the ledger (a read) and the flag rules
(which build on the ledger) can both read it without an import cycle.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

SETTINGS_PATH = Path(__file__).with_name("rules.toml")
# Tables of the file that are not flag rules.
NON_RULE_TABLES: tuple[str, ...] = ("ledger", "severity", "basis")


def load(path: Path = SETTINGS_PATH) -> dict[str, Any]:
    """The whole settings file as TOML data."""
    with path.open("rb") as handle:
        return tomllib.load(handle)


@cache
def _settings() -> dict[str, Any]:
    return load()


def table(name: str) -> Mapping[str, Any]:
    """One non-rule table of the settings file (``ledger``, ``severity``, ``basis``).

    Why strict: a missing table must fail at the first read, not show a verdict made
    with an invented threshold in a hearing."""
    if name not in NON_RULE_TABLES:
        raise KeyError(f"{SETTINGS_PATH.name}: [{name}] is not a settings table")
    found = _settings().get(name)
    if not isinstance(found, dict):
        raise ValueError(f"{SETTINGS_PATH.name}: table [{name}] is missing")
    return found
