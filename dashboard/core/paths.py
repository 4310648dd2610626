"""The public URLs: the pages' paths and the plain HTTP routes beside them.

Why a module without Streamlit: the navigation registers the pages, while embeds,
downloads, permalinks and the hearing brief (rendered outside any session) must write
links to the very same paths. Both read this one table.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

PAGES_DIR = Path(__file__).resolve().parent.parent.parent / "pages"
EMBED_PREFIX = "/embed/"
DOWNLOAD_PREFIX = "/download/"


@dataclass(frozen=True)
class PageDef:
    """A page: its name (i18n ``page.<name>``), file under ``pages/`` and URL path.

    No page icons: Streamlit makes a page's icon the favicon, and Material icons and
    emoji favicons are fetched from CDNs, which the offline dashboard must not need.
    """

    name: str
    url_path: str
    default: bool = False

    @property
    def path(self) -> Path:
        """The page file."""
        return PAGES_DIR / f"{self.name}.py"


PAGE_DEFS: tuple[PageDef, ...] = (
    PageDef("overview", "", default=True),
    PageDef("trends", "trends"),
    PageDef("regions", "regions"),
    PageDef("explore", "explore"),
    PageDef("project", "project"),
    PageDef("hearing", "hearing"),
    PageDef("data", "data"),
    PageDef("about", "about"),
)
BY_NAME = {p.name: p for p in PAGE_DEFS}


def page_path(name: str) -> str:
    """The URL path of a page (``/`` for the overview)."""
    return "/" + BY_NAME[name].url_path


def with_query(path: str, params: dict[str, str]) -> str:
    """``path?a=1&b=2`` (or ``path`` when there is nothing to add)."""
    return f"{path}?{urlencode(params)}" if params else path


def embed_path(chart: str) -> str:
    """The path of a chart's embed document."""
    return f"{EMBED_PREFIX}{chart}"


def download_path(chart: str, fmt: str) -> str:
    """The path of a chart's download in ``fmt`` (csv, xlsx, json, html)."""
    return f"{DOWNLOAD_PREFIX}{chart}.{fmt}"


RECORDS_PREFIX = DOWNLOAD_PREFIX + "records/"
RELEASE_PREFIX = DOWNLOAD_PREFIX + "release/"


def records_path(dataset: str, fmt: str) -> str:
    """The path of a dataset download (``/download/records/projects.csv``)."""
    return f"{RECORDS_PREFIX}{dataset}.{fmt}"


def release_path(release: int) -> str:
    """The path of a release's data package (``/download/release/1.zip``)."""
    return f"{RELEASE_PREFIX}{release}.zip"


# The path of the dashboard's own not-found page (``dashboard.ui.notfound``): where the
# plain route for unknown nested paths (``dashboard.web.notfound``) sends a browser.
NOT_FOUND_PATH = "not-found"
