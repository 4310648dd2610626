"""Every limit the package importer enforces, in one place.

Why limits at all: a package comes from outside (a publisher's export, a download, an
attacker's upload). Without limits a 1.7 MB zip that unpacks to 400 MB of CSV took
4.3 GB of memory and printed 1.7 million errors. Each limit below is checked while
reading, before memory grows (zip members by their declared sizes, then read in bounded
chunks; rows counted as they are parsed), and each has a clear message naming the file.

The size limits are settings (``DASHBOARD_IMPORT_MAX_BYTES``, ``DASHBOARD_IMPORT_MAX_ROWS``,
declared in ``data_access/settings.py``): their defaults take a whole province's
published release (the release package of the province-scale demo, every year, money in
元) and stay far below what would exhaust a server (the checked records take about 16
bytes of memory per byte of CSV, so plan the importing machine's memory for the largest
package it takes). The other limits are fixed here: the messages, the tests and
docs/publishing.md follow.
"""

from __future__ import annotations

import math
import os

from data_access import settings


def max_unpacked_bytes() -> int:
    """Total bytes of the package's files after decompression (folder files, zip members,
    the parts of an .xlsx workbook): ``$DASHBOARD_IMPORT_MAX_BYTES``. Checked against the
    zip's declared sizes before anything is decompressed, and again while reading, so a
    lying header gains nothing."""
    return settings.IMPORT_MAX_BYTES.get()


# Entries in a zip (or .xlsx) archive: a package has about ten files.
MAX_ZIP_ENTRIES = 1_000

# Bytes of datapackage.json (or of the workbook's package sheet): a descriptor is a few KB.
MAX_DESCRIPTOR_BYTES = 1024 * 1024

# Nesting of [ ] and { } in datapackage.json (the format needs 3: resources[i].dialect).
MAX_DESCRIPTOR_DEPTH = 32



def max_rows_per_file() -> int:
    """Data rows per table file (or sheet): ``$DASHBOARD_IMPORT_MAX_ROWS``; reading stops
    at the limit with one error."""
    return settings.IMPORT_MAX_ROWS.get()


# Cells per row (the widest table has 13 columns); extra cells beyond it are not kept.
MAX_COLUMNS = 100

# Characters per cell: the longest text column (overall_target / overall_result) is a
# paragraph or two; a longer cell is an error and is not kept.
MAX_CELL_CHARS = 10_000

# Errors listed in one report (and, separately, warnings); the rest are counted in one
# line "… and N more errors not listed". A publisher fixes the first ones and runs again.
MAX_PROBLEMS_LISTED = 1_000

# Bytes read from a file to guess its encoding when it is neither UTF-8 nor GB18030 (the
# guess only names a likely encoding in the error message).
ENCODING_SAMPLE_BYTES = 64 * 1024

# Bytes read per step when decompressing or decoding, so no step holds more than this.
READ_CHUNK_BYTES = 1024 * 1024


# Seconds a writer (an import, a rollback, the demo build, the schema creation) waits for
# another writer to finish before giving up with "another import is running; try again".
# SQLite: the busy timeout of the writing connection; PostgreSQL: ``lock_timeout`` while
# taking the import's advisory lock. Why a bound at all: a writer stuck for hours (a
# hung import, an open ``sqlite3`` shell with a transaction) must not leave every later
# import hanging without a word. Why 120 s: a province's largest import writes in well
# under a minute, so a second import started meanwhile still waits its turn.
# Set ``DASHBOARD_IMPORT_LOCK_WAIT`` (seconds) to change it without editing this file.
IMPORT_LOCK_WAIT_SECONDS = 120.0
IMPORT_LOCK_WAIT_ENV_VAR = "DASHBOARD_IMPORT_LOCK_WAIT"


def import_lock_wait() -> float:
    """``$DASHBOARD_IMPORT_LOCK_WAIT`` in seconds if it is a positive number, else
    :data:`IMPORT_LOCK_WAIT_SECONDS`: how long a writer waits for another one."""
    raw = os.environ.get(IMPORT_LOCK_WAIT_ENV_VAR, "").strip()
    try:
        value = float(raw) if raw else IMPORT_LOCK_WAIT_SECONDS
    except ValueError:
        return IMPORT_LOCK_WAIT_SECONDS
    return value if math.isfinite(value) and value > 0 else IMPORT_LOCK_WAIT_SECONDS


def mb(count: int) -> str:
    """A byte count for a message: ``134,217,728 bytes (128 MB)``."""
    return f"{count:,} bytes ({count / (1024 * 1024):,.0f} MB)"
