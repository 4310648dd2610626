"""What a page says about itself before any script runs: title, description, canonical URL.

Why: every page is Streamlit's one HTML shell until its script runs, so a crawler, a
link preview or a screen reader opening the page sees "Streamlit" and nothing else.
These words are written into that shell by ``dashboard.web.pagemeta`` for each page
path, in the page's language; pages may call :func:`description` too.
"""

from __future__ import annotations

import html

from dashboard.core.i18n import t
from dashboard.core.paths import PAGE_DEFS, page_path
from dashboard.core.settings import public_url

# Page path -> page name, for the paths Streamlit serves its shell under.
PAGE_BY_PATH: dict[str, str] = {page_path(page.name): page.name for page in PAGE_DEFS}


def description(page: str, lang: str) -> str:
    """The page's one-sentence description (``meta.description.<page>``)."""
    return t(f"meta.description.{page}", lang)


def head_tags(page: str, lang: str) -> str:
    """The ``<title>``, description, Open Graph and canonical tags of ``page``."""
    esc = html.escape
    title = f"{t(f'page.{page}', lang)} · {t('app.name', lang)}"
    text = description(page, lang)
    path = page_path(page) + ("?lang=en" if lang == "en" else "")
    return (
        f"<title>{esc(title)}</title>"
        f'<meta name="description" content="{esc(text, quote=True)}" />'
        f'<meta property="og:title" content="{esc(title, quote=True)}" />'
        f'<meta property="og:description" content="{esc(text, quote=True)}" />'
        f'<link rel="canonical" href="{esc(public_url(path), quote=True)}" />'
    )
