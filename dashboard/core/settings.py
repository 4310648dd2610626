"""The dashboard's settings, declared like the data layer's (``data_access.settings``).

Why here and not read ad hoc where they are used: each variable is parsed, defaulted and
documented once, and the operations guide lists exactly what is declared.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from data_access.settings import Setting, declare


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
