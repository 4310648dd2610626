"""The about page's tables (/about): metric definitions, the glossary, the releases.

The rows hold keys only (metric keys, glossary terms); their names and definitions are
words, added in the table view from ``dashboard/core/i18n/__init__.py``, the one place they live.
"""

from __future__ import annotations

import pandas as pd

from dashboard.core import reads
from dashboard.core.i18n import GLOSSARY_TERMS
from dashboard.core.view import View
from dashboard.specs.base import ChartSpec, Column, declare
from data_access.metrics.registry import METRICS


def definition_rows(view: View) -> pd.DataFrame:
    """Every metric key with its kind and unit (the data dictionary)."""
    return pd.DataFrame(
        [
            {
                "metric": metric.key,
                "key": metric.key,
                "definition": metric.key,
                "kind": metric.kind,
                "unit": metric.unit,
            }
            for metric in METRICS
        ],
        columns=["metric", "key", "definition", "kind", "unit"],
    )


METRIC_DEFINITIONS = declare(
    ChartSpec(
        key="metric_definitions",
        page="about",
        title="about.metrics",
        data=definition_rows,
        columns=(
            Column("metric", "about.col.metric", "metric"),
            Column("key", "about.col.key", "code"),
            Column("definition", "about.col.definition", "label", vocabulary="def"),
        ),
        source="source.definitions",
        static=True,
    )
)


def glossary_rows(view: View) -> pd.DataFrame:
    """The glossary: 本级/全辖, final evaluation, grade bands, evaluation types, ..."""
    return pd.DataFrame(
        [{"term": term, "definition": term} for term in GLOSSARY_TERMS],
        columns=["term", "definition"],
    )


GLOSSARY = declare(
    ChartSpec(
        key="glossary",
        page="about",
        title="about.glossary",
        data=glossary_rows,
        columns=(
            Column("term", "about.col.term", "label", vocabulary="term"),
            Column("definition", "about.col.definition", "label", vocabulary="def"),
        ),
        source="source.definitions",
        static=True,
    )
)

RELEASE_COLUMNS: tuple[str, ...] = (
    "id",
    "title",
    "publisher",
    "published",
    "imported",
    "years",
    "license",
    "is_demo",
    "checksum",
)


def release_rows(view: View) -> pd.DataFrame:
    """The releases (imported packages) the database serves, newest first."""
    return pd.DataFrame(
        [
            {
                "id": r.id,
                "title": r.title or r.package_name,
                "publisher": r.publisher,
                "published": r.published,
                "imported": r.imported_at,
                "years": ", ".join(str(y) for y in r.fiscal_years),
                "license": r.license,
                "is_demo": r.is_demo,
                "checksum": r.checksum[:12],
            }
            for r in reads.releases(view.url, view.stamp)
        ],
        columns=list(RELEASE_COLUMNS),
    )


RELEASES = declare(
    ChartSpec(
        key="releases",
        page="about",
        title="about.releases",
        data=release_rows,
        columns=(
            Column("id", "about.release.id", "code", hidden=True, in_csv=True),
            Column("title", "about.release.title", "text"),
            Column("publisher", "about.release.publisher", "text"),
            Column("published", "about.release.published", "date"),
            Column("imported", "about.release.imported", "datetime"),
            Column("years", "about.release.years", "text"),
            Column("license", "about.release.license", "text"),
            Column("is_demo", "about.release.demo", "bool"),
            Column("checksum", "about.release.checksum", "code"),
        ),
    )
)
