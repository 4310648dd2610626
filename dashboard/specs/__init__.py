"""Every chart declaration of the public pages, one module per page, in one registry.

Why a package without Streamlit: the pages, the embeds, the downloads, the JSON API and
the hearing brief are all renderers of these declarations, and only the pages run in a
Streamlit session. Importing this package fills ``REGISTRY`` (key -> ``ChartSpec``) and
never imports Streamlit, directly or indirectly (a test runs it in a fresh interpreter).
"""

from dashboard.specs import about, data, explore, hearing, overview, project, regions, trends
from dashboard.specs.base import REGISTRY, ChartSpec, Column, declare

__all__ = [
    "REGISTRY",
    "ChartSpec",
    "Column",
    "about",
    "data",
    "declare",
    "explore",
    "hearing",
    "overview",
    "project",
    "regions",
    "trends",
]
