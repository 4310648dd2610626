"""Settings: every environment variable the project reads, declared once.

Why a table of typed declarations (after mkdocs' ``config/defaults.py``): one
:class:`Setting` is at once the parser (a bad value is refused with the variable's name
and what it expected, never silently replaced), the default, the documentation (the
settings table of docs/operations.md lists :func:`all_settings`, and a test keeps the
two equal) and the one place code reads the value from. The data layer's settings live here; the
dashboard declares its own with the same class (``dashboard.core.settings``).

Values are read from the environment at each call: tests and the CLI change them per
process, and a long-running server reads them as it started.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


class SettingError(ValueError):
    """A setting holds a value its declaration refuses; the message names both."""


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One environment variable: its name, how it is read, its default and what it is for."""

    name: str
    parse: Callable[[str], T]
    default: T
    doc: str
    # How the default reads in the documentation (e.g. "data/dashboard.db").
    shown_default: str = ""

    def get(self) -> T:
        """The value: the parsed variable when set and not blank, else the default."""
        raw = os.environ.get(self.name, "").strip()
        if not raw:
            return self.default
        try:
            return self.parse(raw)
        except (TypeError, ValueError) as error:
            raise SettingError(f"{self.name}={raw!r}: {error}") from None

    def documented_default(self) -> str:
        return self.shown_default or ("(none)" if self.default in (None, "") else str(self.default))


def positive_seconds(raw: str) -> float:
    """A finite number of seconds above zero."""
    value = float(raw)
    if not math.isfinite(value) or value <= 0:
        raise ValueError("expected a number of seconds above 0")
    return value


def positive_int(raw: str) -> int:
    """A whole number above zero (``_`` separators allowed: ``268_435_456``)."""
    value = int(raw.replace("_", ""))
    if value <= 0:
        raise ValueError("expected a whole number above 0")
    return value


def text(raw: str) -> str:
    return raw


_REGISTRY: dict[str, Setting[object]] = {}


def declare(setting: Setting[T]) -> Setting[T]:
    """Register ``setting``; a second declaration of the same variable is refused."""
    if setting.name in _REGISTRY:
        raise ValueError(f"setting {setting.name} is declared twice")
    _REGISTRY[setting.name] = setting  # type: ignore[assignment]
    return setting


def all_settings() -> list[Setting[object]]:
    """Every declared setting, in declaration order (the data layer's, then the
    dashboard's once ``dashboard.core.settings`` is imported)."""
    return list(_REGISTRY.values())


DB_URL = declare(
    Setting(
        "DASHBOARD_DB_URL",
        text,
        "",
        "SQLAlchemy URL of the database the dashboard serves and imports write to; "
        "unset: the embedded SQLite file data/dashboard.db, built from demo data on "
        "first start.",
        shown_default="data/dashboard.db (SQLite)",
    )
)
DB_READ_URL = declare(
    Setting(
        "DASHBOARD_DB_READ_URL",
        text,
        "",
        "Where the web process reads DASHBOARD_DB_URL's data from (a read-only streaming "
        "replica); imports always write to DASHBOARD_DB_URL.",
    )
)
DB_TIMEOUT = declare(
    Setting(
        "DASHBOARD_DB_TIMEOUT",
        positive_seconds,
        5.0,
        "Seconds the web process waits on the database (connect, statement, lock) "
        "before it answers with the outage notice or a 503.",
    )
)
IMPORT_LOCK_WAIT = declare(
    Setting(
        "DASHBOARD_IMPORT_LOCK_WAIT",
        positive_seconds,
        120.0,
        "Seconds an import, rollback or demo build waits for another writer before it "
        "gives up with 'database busy' (exit code 3).",
    )
)
CACHE_DIR = declare(
    Setting(
        "DASHBOARD_CACHE_DIR",
        text,
        "",
        "Folder for prepared data (simplified region boundaries); unset: data/cache.",
        shown_default="data/cache",
    )
)
IMPORT_MAX_BYTES = declare(
    Setting(
        "DASHBOARD_IMPORT_MAX_BYTES",
        positive_int,
        256 * 1024 * 1024,
        "Bytes a package may hold unpacked (folder files, zip members, xlsx parts); a "
        "larger one is refused before anything is decompressed. A province's whole "
        "release is about 130 MB; checking takes about 16 bytes of memory per byte of CSV.",
        shown_default="268435456 (256 MB)",
    )
)
IMPORT_MAX_ROWS = declare(
    Setting(
        "DASHBOARD_IMPORT_MAX_ROWS",
        positive_int,
        2_000_000,
        "Data rows per table of a package; reading stops at the limit with one error.",
    )
)
