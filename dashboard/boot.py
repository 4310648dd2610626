"""First start: make sure the database the dashboard serves exists and has data.

Why in the app and not in the launcher: a visitor (or the person who just typed
``python -m dashboard``) should see progress in the page while the demo database is
built, instead of a blank tab. Only the embedded default SQLite file is ever built from
demo data; a configured database (``DASHBOARD_DB_URL``) is served as it is.
"""

from __future__ import annotations

import logging
import threading

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard import reads
from dashboard.i18n import has, t
from data_access import queries
from data_access.engine import is_default_url, resolve_url
from data_access.schema import schema_is_current

_LOG = logging.getLogger(__name__)
_BUILD_LOCK = threading.Lock()
_READY: set[str] = set()


def database_url() -> str:
    """The URL served: ``DASHBOARD_DB_URL`` or the embedded SQLite file."""
    return resolve_url()


def ensure_database(url: str, lang: str) -> bool:
    """True when ``url`` can be served; builds the demo on first start of the default.

    Runs once per server process and URL; concurrent first visitors wait on one lock,
    and only the first one builds (showing ``st.progress``). A database that cannot be
    reached is explained without a traceback (details go to the server log).
    """
    if url in _READY:
        return True
    try:
        if not schema_is_current(reads.engine(url)):
            if not is_default_url(url):
                _LOG.error("database %s has an outdated schema", _safe_url(url))
                st.error(t("db.outdated", lang), icon=":material/update:")
                return False
            with _BUILD_LOCK:
                if not schema_is_current(reads.engine(url)):
                    _discard_default_database(url)
        if not queries.has_data(reads.engine(url)) and is_default_url(url):
            with _BUILD_LOCK:
                if not queries.has_data(reads.engine(url)):
                    _build_demo(url, lang)
    except SQLAlchemyError:
        _LOG.exception("database %s cannot be read", _safe_url(url))
        st.error(t("db.unavailable", lang), icon=":material/cloud_off:")
        return False
    _READY.add(url)
    return True


def _safe_url(url: str) -> str:
    """The URL for the server log, password hidden."""
    return reads.engine(url).url.render_as_string(hide_password=True)


def _discard_default_database(url: str) -> None:
    """Remove the embedded demo database built by an older version (its schema cannot
    serve release history); it is rebuilt from demo data right after. Only ever called
    for the embedded default file, never for a configured database."""
    from data_access.engine import DEFAULT_DB_PATH, shared_engine

    reads.engine(url).dispose()
    reads.engine.cache_clear()
    shared_engine.cache_clear()
    for suffix in ("", "-wal", "-shm"):
        DEFAULT_DB_PATH.with_name(DEFAULT_DB_PATH.name + suffix).unlink(missing_ok=True)
    reads.clear()


def _build_demo(url: str, lang: str) -> None:
    """Build the demonstration database with a progress bar in the page."""
    from data_access.demo import build_demo

    bar = st.progress(0.0, text=t("demo.building", lang))

    def progress(stage: str, fraction: float) -> None:
        key = f"demo.stage.{stage}"
        label = t(key, lang) if has(key) else stage
        bar.progress(
            min(max(float(fraction), 0.0), 1.0), text=f"{t('demo.building', lang)} {label}"
        )

    build_demo(reads.engine(url), scale=1.0, progress=progress)
    reads.clear()
    bar.empty()
