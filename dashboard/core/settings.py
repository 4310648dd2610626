"""The dashboard's settings, declared like the data layer's (``data_access.settings``).

Why here and not read ad hoc where they are used: each variable is parsed, defaulted and
documented once, and the operations guide (docs/operations.md) lists exactly what is
declared.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from data_access.settings import Setting, declare, positive_int, positive_seconds


def public_base_url(raw: str) -> str:
    """An absolute ``http(s)://host[:port][/path]`` URL without a trailing slash, query
    or fragment: the address readers use, whatever Host header a request carries."""
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("expected an absolute http:// or https:// URL")
    if parts.query or parts.fragment or "@" in parts.netloc:
        raise ValueError("expected no user, query or fragment")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


PUBLIC_URL = declare(
    Setting(
        "DASHBOARD_PUBLIC_URL",
        public_base_url,
        "http://localhost:8501",
        "The public address of the dashboard (https://budget.example.gov.cn, say): every "
        "absolute URL the app writes (feed ids and links, citations, share links, embed "
        "snippets, sitemap, the brief's QR codes) starts with it, never with the Host "
        "header of a request.",
    )
)


def public_url(path: str = "") -> str:
    """``path`` (``/explore?…``) under the configured public address."""
    if path and not path.startswith("/"):
        path = "/" + path
    return PUBLIC_URL.get() + path


# ------------------------------------------------------------------ bulk answers
# Downloads of whole datasets (``/download/records/…``) and of releases
# (``/download/release/{id}.zip``) are read from the database into a file first and then
# sent from that file, so no database connection waits on a slow reader. These bound
# how many run at once and how long a reader may stall (dashboard/web/bulk.py).

BULK_BUILDS = declare(
    Setting(
        "DASHBOARD_BULK_BUILDS",
        positive_int,
        2,
        "Bulk downloads read from the database at the same time, per process (each "
        "uses one connection of a small pool of its own, never the pages' or the API's).",
    )
)
BULK_QUEUE_WAIT = declare(
    Setting(
        "DASHBOARD_BULK_QUEUE_WAIT",
        positive_seconds,
        10.0,
        "Seconds a bulk download waits for its turn to read before it is answered 503 "
        "with Retry-After (nothing of its body sent).",
    )
)
BULK_ANSWERS = declare(
    Setting(
        "DASHBOARD_BULK_ANSWERS",
        positive_int,
        48,
        "Bulk downloads being read or sent at the same time, per process; one more is "
        "answered 503 with Retry-After before any body.",
    )
)
BULK_PER_CLIENT = declare(
    Setting(
        "DASHBOARD_BULK_PER_CLIENT",
        positive_int,
        4,
        "Bulk downloads being read or sent at the same time for one client address; one "
        "more is answered 503 with Retry-After.",
    )
)
BULK_SEND_TIMEOUT = declare(
    Setting(
        "DASHBOARD_BULK_SEND_TIMEOUT",
        positive_seconds,
        60.0,
        "Seconds a client may take to accept one 64 KiB piece of a download before the "
        "connection is closed (a reader that stopped reading).",
    )
)
BULK_READ_TIMEOUT = declare(
    Setting(
        "DASHBOARD_BULK_READ_TIMEOUT",
        positive_seconds,
        600.0,
        "Seconds one bulk read (a dataset, or a whole release package) may take on the "
        "database; pages and the API keep DASHBOARD_DB_TIMEOUT.",
    )
)
BULK_CACHE_BYTES = declare(
    Setting(
        "DASHBOARD_BULK_CACHE_BYTES",
        positive_int,
        512 * 1024 * 1024,
        "Bytes of built dataset downloads kept on disk for repeat requests (least "
        "recently used out); release packages are kept in DASHBOARD_CACHE_DIR.",
        shown_default="536870912 (512 MB)",
    )
)
