"""First start and outages: make sure the database the dashboard serves can be served.

The demo database is built as the server starts (``dashboard.core.firststart``); a visitor
who comes meanwhile sees its progress in the page instead of a blank tab. Only the
embedded default SQLite file is ever built from demo data, through a writing engine used
for that build alone; everything the pages read goes through the read-only serving
engine (``reads.engine`` → ``data_access.db.engine.serving_engine``). A configured database
(``DASHBOARD_DB_URL``) is served as it is: when it is missing, empty or outdated the page
says so, and nothing is created in it.

A database that cannot be reached is answered with a short notice in the visitor's
language and the time of the last good read (:func:`outage`), never with Streamlit's
error box; the check is repeated on the next run, so the pages come back by themselves.
"""

from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from dashboard.core import firststart, reads
from dashboard.core import formatting as fmt
from dashboard.core.i18n import has, t
from data_access.db.engine import last_good, resolve_url
from data_access.db.schema import schema_is_current
from data_access.reads import queries

_LOG = logging.getLogger(__name__)
_READY: set[str] = set()
# Errors that mean "the database cannot be read right now" (a refused or silent server,
# a locked or vanished file): answered with the outage notice.
OUTAGE_ERRORS: tuple[type[BaseException], ...] = (SQLAlchemyError, OSError)


def database_url() -> str:
    """The URL served: ``DASHBOARD_DB_URL`` or the embedded SQLite file."""
    return resolve_url()


def ensure_database(url: str, lang: str) -> bool:
    """True when ``url`` can be served; shows the first-start build while it runs.

    The embedded default is built once per server process (``dashboard.core.firststart``,
    started by the server as it starts, or here when the app runs without the server,
    as under AppTest); the page shows its progress and reruns when it ends. A database
    that cannot be reached, or that is missing, empty or outdated, is explained without
    a traceback (details go to the server log) and nothing is written to it.
    """
    if url in _READY:
        return True
    try:
        status = firststart.BUILD.start(url)
        if status.building:
            _show_build(lang)
            return False
        if status.state == "failed":
            st.error(t("demo.failed", lang), icon=":material/error:")
            return False
        if firststart.missing_file(url) or not firststart.has_tables(url):
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


def _build_text(status: firststart.BuildStatus, lang: str) -> str:
    """"Building the demonstration database: writing the database, about 12 s left"."""
    key = f"demo.stage.{status.stage}"
    label = t(key, lang) if has(key) else status.stage
    left = status.seconds_left()
    eta = t("demo.left", lang, seconds=f"{left:.0f}") if left is not None else ""
    return f"{t('demo.building', lang)} {label}{eta}"


def _show_build(lang: str) -> None:
    """The build's progress, redrawn every second; the whole page runs again when the
    build ends (then with data)."""

    @st.fragment(run_every=1.0)
    def progress() -> None:
        status = firststart.BUILD.status()
        if not status.building:
            st.rerun(scope="app")
        st.progress(status.fraction, text=fmt.literal(_build_text(status, lang)))

    progress()


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
