"""First start and outages: make sure the database the dashboard serves can be served.

Why in the app and not in the launcher: a visitor (or the person who just typed
``python -m dashboard``) should see progress in the page while the demo database is
built, instead of a blank tab. Only the embedded default SQLite file is ever built from
demo data, and only through a separate *writing* engine (``make_engine``) used for that
build alone; everything the pages read goes through the read-only serving engine
(``reads.engine`` → ``data_access.engine.serving_engine``). A configured database
(``DASHBOARD_DB_URL``) is served as it is: when it is missing, empty or outdated the page
says so, and nothing is created in it.

A database that cannot be reached is answered with a short notice in the visitor's
language and the time of the last good read (:func:`outage`), never with Streamlit's
error box; the check is repeated on the next run, so the pages come back by themselves.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import streamlit as st
from sqlalchemy import inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from dashboard import formatting as fmt
from dashboard import reads
from dashboard.i18n import has, t
from data_access import queries
from data_access.engine import is_default_url, last_good, make_engine, resolve_url
from data_access.schema import schema_is_current

_LOG = logging.getLogger(__name__)
_BUILD_LOCK = threading.Lock()
_READY: set[str] = set()
# Errors that mean "the database cannot be read right now" (a refused or silent server,
# a locked or vanished file): answered with the outage notice.
OUTAGE_ERRORS: tuple[type[BaseException], ...] = (SQLAlchemyError, OSError)


def database_url() -> str:
    """The URL served: ``DASHBOARD_DB_URL`` or the embedded SQLite file."""
    return resolve_url()


def ensure_database(url: str, lang: str) -> bool:
    """True when ``url`` can be served; builds the demo on first start of the default.

    Runs until it succeeds once per server process and URL; concurrent first visitors
    wait on one lock, and only the first one builds (showing ``st.progress``). A
    database that cannot be reached, or that is missing, empty or outdated, is explained
    without a traceback (details go to the server log) and nothing is written to it.
    """
    if url in _READY:
        return True
    try:
        if is_default_url(url) and _default_needs_build(url):
            with _BUILD_LOCK:
                if _default_needs_build(url):
                    _build_demo(url, lang)
        if _missing_file(url) or not _has_tables(url):
            st.info(t("db.empty", lang), icon=":material/database:")
            return False
        if not schema_is_current(reads.engine(url)):
            _LOG.error("database %s has an outdated schema", _safe_url(url))
            st.error(t("db.outdated", lang), icon=":material/update:")
            return False
        if not queries.has_data(reads.engine(url)):
            st.info(t("db.empty", lang), icon=":material/database:")
            return False
    except OUTAGE_ERRORS:
        _LOG.exception("database %s cannot be read", _safe_url(url))
        outage(url, lang)
        return False
    _READY.add(url)
    return True


def outage(url: str, lang: str) -> None:
    """The outage notice: "come back shortly" and when data was last read, in ``lang``.

    Called while handling the database error, which goes to the server log.
    """
    _LOG.warning("database %s unavailable", _safe_url(url), exc_info=True)
    when = last_good(url)
    since = (
        t("db.outage_last_good", lang, time=fmt.datetime(when, lang))
        if when is not None
        else t("db.outage_never", lang)
    )
    st.warning(f"{t('db.outage', lang)}\n\n{since}", icon=":material/cloud_off:")


def _safe_url(url: str) -> str:
    """The URL for the server log, password hidden (no engine, no connection)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # a URL that cannot be parsed is logged as a placeholder
        return "<unparsable database URL>"


def _sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, else None."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)


def _missing_file(url: str) -> bool:
    """A SQLite URL whose file does not exist (the read-only engine will not create it)."""
    path = _sqlite_path(url)
    return path is not None and not path.is_file()


def _has_tables(url: str) -> bool:
    """Whether the database holds the dashboard's tables at all (an empty database does
    not: it is explained as empty, not as outdated)."""
    with reads.engine(url).connect() as conn:
        return "release" in set(inspect(conn).get_table_names())


def _default_needs_build(url: str) -> bool:
    """The embedded default file is missing, empty or from an older schema version."""
    if _missing_file(url):
        return True
    engine = reads.engine(url)
    if not _has_tables(url) or not schema_is_current(engine):
        return True
    return not queries.has_data(engine)


def _discard_default_database() -> None:
    """Remove the embedded demo database (missing, empty, or built by an older version
    whose schema cannot serve release history) before it is rebuilt from demo data.
    Only ever called for the embedded default file, never for a configured database."""
    from data_access.engine import DEFAULT_DB_PATH, default_url, shared_engine

    reads.engine(default_url()).dispose()
    reads.engine.cache_clear()
    shared_engine.cache_clear()
    for suffix in ("", "-wal", "-shm"):
        DEFAULT_DB_PATH.with_name(DEFAULT_DB_PATH.name + suffix).unlink(missing_ok=True)
    reads.clear()


def _build_demo(url: str, lang: str) -> None:
    """Build the demonstration database with a progress bar in the page.

    The one write of the web process: a writing engine of its own, for the embedded
    default file only, disposed of once the build is done; the pages then read it
    through the read-only serving engine.
    """
    from data_access.demo import build_demo

    assert is_default_url(url), "only the embedded default database is built from demo data"
    _discard_default_database()
    bar = st.progress(0.0, text=t("demo.building", lang))

    def progress(stage: str, fraction: float) -> None:
        key = f"demo.stage.{stage}"
        label = t(key, lang) if has(key) else stage
        bar.progress(
            min(max(float(fraction), 0.0), 1.0), text=f"{t('demo.building', lang)} {label}"
        )

    writer = make_engine(url)
    try:
        build_demo(writer, scale=1.0, progress=progress)
    finally:
        writer.dispose()
    reads.engine.cache_clear()
    reads.clear()
    bar.empty()
