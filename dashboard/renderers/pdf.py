"""The PDF writers of the hearing brief: an A4 document with page numbers, the fonts,
and the table, bar and QR writers that lay out the same models as the HTML brief
(``dashboard.renderers.writers``).

Why fpdf2 and its own vector drawing: the brief is built on the server from nothing but
``requirements.txt`` (no browser, no kaleido), and every bar and QR module is a vector
rectangle, sharp at any zoom and printable.

Readable on paper (issue 17): dark text on white or on a near-white zebra stripe only
(``dashboard.core.theme`` ``PRINT_*``); the fill colour is set explicitly before every
table, so nothing drawn before (a bar) can leak its colour into the cells.

Fonts (issue 23): the CJK text is set in wqy-microhei (TrueType, from the PyPI package
``paperang-p2-fonts-cjk``: GBK's 21,000 characters), with fallbacks for what it lacks:
Noto Sans CJK (Debian's ``fonts-noto-cjk``: CJK extension A and beyond) and DejaVu Sans
(Latin, Greek, Cyrillic, Arabic, Hebrew), shaped by HarfBuzz (``uharfbuzz``) so that
joined and right-to-left scripts are drawn correctly. No single font here covers all
of GB 18030 (the rarer extensions, emoji): every character that none of the fonts can
draw is collected (:attr:`BriefPDF.undrawable`) and the brief says which ones.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import logging
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTCollection, TTFont
from fpdf import FPDF
from fpdf.enums import TableCellFillMode, WrapMode
from fpdf.fonts import FontFace

from dashboard.core.theme import (
    PRINT_HEADER_FILL,
    PRINT_MUTED,
    PRINT_NOTICE_FILL,
    PRINT_NOTICE_TEXT,
    PRINT_RULE,
    PRINT_TEXT,
    PRINT_ZEBRA_FILL,
    hex_to_rgb,
)
from dashboard.renderers.writers import BarsModel, TableModel

# TrueType first: fpdf2 2.8.9 embeds CFF-flavoured OpenType (the Noto CJK .ttc) with an
# /Encoding that text extraction misreads, so Noto only draws what wqy-microhei lacks.
PRIMARY_SYSTEM = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
)
# (family, path, index in a collection): tried in order, those present are used.
FALLBACKS: tuple[tuple[str, Path, int], ...] = (
    ("dejavu", Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), 0),
    ("notocjk", Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"), 2),
)
# Characters that are layout, not glyphs: never reported as undrawable.
_INVISIBLE = {"\n", "\r", "\t", " ", "\u00a0", "\u200b", "\u200c", "\u200d", "\ufeff"}


def font_path() -> Path:
    """wqy-microhei (TrueType) from the PyPI package ``paperang-p2-fonts-cjk``; a system
    wqy font only when that package is missing (``pip install -r requirements.txt`` has
    it, so a fresh machine needs no system package)."""
    try:
        packaged = importlib.resources.files("paperang_p2_fonts_cjk") / "fonts/wqy-microhei.ttc"
        path = Path(str(packaged))
        if path.is_file():
            return path
    except ModuleNotFoundError:
        pass
    for path in PRIMARY_SYSTEM:
        if path.is_file():
            return path
    raise FileNotFoundError("no CJK TrueType font: pip install -r requirements.txt")


def fallback_fonts() -> list[tuple[str, Path, int]]:
    """The fallback fonts present on this machine."""
    return [(name, path, index) for name, path, index in FALLBACKS if path.is_file()]


@cache
def _cmap(path: Path, index: int) -> frozenset[int]:
    """The code points a font (a face of a collection) has glyphs for."""
    if path.suffix.lower() == ".ttc":
        font = TTCollection(str(path), lazy=True).fonts[index]
    else:
        font = TTFont(str(path), lazy=True)
    return frozenset(font.getBestCmap() or {})


@cache
def covered() -> frozenset[int]:
    """Every code point one of the brief's fonts can draw."""
    found = set(_cmap(font_path(), 0))
    for _, path, index in fallback_fonts():
        found |= _cmap(path, index)
    return frozenset(found)


# Scripts whose letters join or run right to left: drawn through HarfBuzz (uharfbuzz).
_SHAPED = (
    (0x0590, 0x08FF),  # Hebrew, Arabic, Syriac, Thaana, N'Ko
    (0x0900, 0x0DFF),  # Indic scripts
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0xFB1D, 0xFDFF),  # Hebrew and Arabic presentation forms
    (0xFE70, 0xFEFF),
)


def _needs_shaping(code: int) -> bool:
    return any(low <= code <= high for low, high in _SHAPED)


def rgb(colour: str) -> tuple[int, int, int]:
    r, g, b = hex_to_rgb(colour)
    return r, g, b


class BriefPDF(FPDF):
    """An A4 brief: CJK font with fallbacks, text shaping, a footer with the page number
    and a line (the short link and the release), and a record of undrawable text."""

    def __init__(
        self, footer_text: str = "", page_label: str = "{page} / {pages}", lang: str = "zh"
    ) -> None:
        super().__init__(format="A4")
        # Chinese breaks between any two characters, English between words.
        self.wrapmode = WrapMode.CHAR if lang == "zh" else WrapMode.WORD
        self.footer_text = footer_text
        self.page_label = page_label
        self.undrawable: dict[str, None] = {}
        self.set_auto_page_break(True, margin=18)
        self.set_margins(16, 14, 16)
        self.set_creation_date(dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
        # One face: no bold face ships with the font, so headings are set larger instead
        # of bolder. The fallbacks are added when a text needs them (``note``): parsing
        # a large CJK font costs most of a brief's time.
        self.add_font("cjk", "", str(font_path()), collection_font_number=0)
        self._primary = _cmap(font_path(), 0)
        self._fallbacks: list[str] = []
        self.set_text_color(*rgb(PRINT_TEXT))
        self.set_draw_color(*rgb(PRINT_RULE))
        self.set_font("cjk", size=10)
        # fpdf2 logs each glyph a font lacks; what no font can draw is said in the brief.
        logging.getLogger("fpdf.output").setLevel(logging.ERROR)

    # ----------------------------------------------------------------- text

    def multi_cell(self, *args: Any, **kwargs: Any) -> Any:
        """fpdf2's ``multi_cell``, wrapping as the brief's language wraps."""
        kwargs.setdefault("wrapmode", self.wrapmode)
        kwargs.setdefault("align", "L")
        return super().multi_cell(*args, **kwargs)

    def note(self, *texts: str) -> None:
        """Ready the fonts for ``texts`` before they are drawn: a fallback font for a
        character the primary lacks, text shaping for a script that joins or runs right
        to left; and record the characters no font of the brief can draw."""
        for text in texts:
            for ch in text:
                code = ord(ch)
                if ch in _INVISIBLE or code < 0x20 or code in self._primary:
                    continue
                if _needs_shaping(code) and not self.text_shaping:
                    self.set_text_shaping(True)
                for name, path, index in fallback_fonts():
                    if code in _cmap(path, index):
                        if name not in self._fallbacks:
                            self.add_font(name, "", str(path), collection_font_number=index)
                            self._fallbacks.append(name)
                            self.set_fallback_fonts(self._fallbacks, exact_match=False)
                        break
                else:
                    self.undrawable[ch] = None

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font("cjk", "", 8)
        self.set_text_color(*rgb(PRINT_MUTED))
        width = self.epw
        if self.footer_text:
            self.note(self.footer_text)
            self.cell(width * 0.8, 5, self.footer_text, align="L")
        self.set_x(self.l_margin + width * 0.8)
        label = self.page_label.format(page=self.page_no(), pages="{nb}")
        self.cell(width * 0.2, 5, label, align="R")
        self.set_text_color(*rgb(PRINT_TEXT))

    def heading(self, text: str, size: int = 14, before: float = 3) -> None:
        """A section heading, kept on the page of what follows (a page break first when
        fewer than 40 mm remain)."""
        self.note(text)
        if self.get_y() + 40 > self.h - self.b_margin:
            self.add_page()
        self.ln(before)
        self.set_font("cjk", "", size)
        self.multi_cell(self.epw, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1)
        self.set_font("cjk", "", 10)

    def para(
        self, text: str, size: float = 10, line: float = 5.5, colour: str = PRINT_TEXT
    ) -> None:
        """A paragraph of running text."""
        self.note(text)
        self.set_font("cjk", "", size)
        self.set_text_color(*rgb(colour))
        self.multi_cell(self.epw, line, text, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*rgb(PRINT_TEXT))

    def notice(self, text: str) -> None:
        """A boxed notice (the demonstration-data mark): dark text on a pale fill."""
        self.note(text)
        self.set_font("cjk", "", 9.5)
        self.set_fill_color(*rgb(PRINT_NOTICE_FILL))
        self.set_text_color(*rgb(PRINT_NOTICE_TEXT))
        self.multi_cell(
            self.epw, 5.5, text, border=1, fill=True, padding=2, new_x="LMARGIN", new_y="NEXT"
        )
        self.set_fill_color(255, 255, 255)
        self.set_text_color(*rgb(PRINT_TEXT))

    def block(self, lines: Sequence[tuple[str, float, float, str]], gap: float = 2) -> None:
        """Lines kept together on one page (a question's number with its text and its
        basis): each (text, font size, line height, colour). The block's height is
        measured first (a dry run) and a page begins before it when it does not fit.

        Why not fpdf2's ``unbreakable``: it deep-copies the document with its CJK fonts
        for every block (seconds each)."""
        self.note(*(text for text, _, _, _ in lines))
        height = gap
        for text, size, line, _ in lines:
            self.set_font("cjk", "", size)
            height += float(
                self.multi_cell(self.epw, line, text, dry_run=True, output="HEIGHT")
            )
        if self.get_y() + height > self.h - self.b_margin:
            self.add_page()
        for text, size, line, colour in lines:
            self.set_font("cjk", "", size)
            self.set_text_color(*rgb(colour))
            self.multi_cell(self.epw, line, text, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*rgb(PRINT_TEXT))
        self.ln(gap)

    # ----------------------------------------------------------------- tables

    def table_of(
        self, model: TableModel, *, notes: bool = True, size: float = 8.5, title: bool = True
    ) -> None:
        """A table: its title (unless the heading above says it), a light header row
        repeated on every page, zebra rows at most, numbers right-aligned, then its
        notes line."""
        if not model.rows:
            return
        self.note(model.title, *model.headers, *(c for row in model.rows for c in row))
        widths = model.widths()
        self.set_font("cjk", "", size)
        height = self._table_height(model, widths, size) + (8 if title else 0)
        if notes and model.notes:
            height += float(
                self.multi_cell(self.epw, 4, model.notes, dry_run=True, output="HEIGHT")
            )
        usable = self.h - self.t_margin - self.b_margin
        # A table that fits a page starts on one where it and its notes fit whole; a
        # longer one starts here when its title, header and first rows fit (its header
        # repeats on every page), never as a title alone at the foot of a page.
        start = TableModel(
            model.title, model.headers, model.rows[:3], model.numeric, model.notes
        )
        first = self._table_height(start, widths, size) + (8 if title else 0)
        if self.get_y() + (height if height < usable else first) > self.h - self.b_margin:
            self.add_page()
        if title:
            self.set_font("cjk", "", 11)
            self.multi_cell(self.epw, 6, model.title, new_x="LMARGIN", new_y="NEXT")
        self.set_font("cjk", "", size)
        # Explicit, before every table: no colour of an earlier drawing reaches a cell.
        self.set_fill_color(255, 255, 255)
        self.set_text_color(*rgb(PRINT_TEXT))
        self.set_draw_color(*rgb(PRINT_RULE))
        with self.table(
            col_widths=widths,
            text_align=tuple("RIGHT" if n else "LEFT" for n in model.numeric),
            headings_style=FontFace(
                emphasis=None, color=rgb(PRINT_TEXT), fill_color=rgb(PRINT_HEADER_FILL)
            ),
            cell_fill_color=rgb(PRINT_ZEBRA_FILL),
            cell_fill_mode=TableCellFillMode.EVEN_ROWS,
            line_height=size * 0.52,
            padding=1.2,
            repeat_headings=1,
            wrapmode=self.wrapmode,
        ) as table:
            table.row(model.headers)
            for row in model.rows:
                table.row(row)
        if notes and model.notes:
            self.ln(0.5)
            self.para(model.notes, size=7.5, line=4, colour=PRINT_MUTED)
        self.ln(2)

    def _table_height(self, model: TableModel, widths: Sequence[float], size: float) -> float:
        """About how tall ``model`` will be drawn (mm): each row as tall as its
        longest cell wraps, at the table's line height and padding."""
        scale = self.epw / sum(widths)
        line = size * 0.52

        def row_height(cells: Sequence[str]) -> float:
            lines = 1
            for cell, width in zip(cells, widths, strict=True):
                room = max(width * scale - 2.4, 1)
                lines = max(lines, -(-int(self.get_string_width(cell)) // int(room) or 1))
            return lines * line + 2.4

        return row_height(model.headers) + sum(row_height(row) for row in model.rows)

    # ----------------------------------------------------------------- bars

    def bars(self, model: BarsModel, height: float = 52.0, title: bool = True) -> None:
        """Grouped bars drawn with the PDF's rectangles (series colours from the theme),
        a legend, the unit and the largest value as the scale."""
        if not model.categories:
            return
        self.note(model.title, *model.categories, *(label for label, _, _ in model.series))
        if self.get_y() + height + 22 > self.h - self.b_margin:
            self.add_page()
        if title:
            self.set_font("cjk", "", 11)
            self.multi_cell(self.epw, 6, model.title, new_x="LMARGIN", new_y="NEXT")
        left = self.l_margin + 4
        base = self.get_y() + 6 + height
        width = self.epw - 8
        self.set_draw_color(*rgb(PRINT_RULE))
        self.line(left, base, left + width, base)
        self.set_font("cjk", "", 8)
        for b in model.boxes(width, height):
            self.set_fill_color(*rgb(b.colour))
            self.set_draw_color(*rgb(PRINT_TEXT))
            self.set_line_width(0.1)
            self.rect(left + b.x, base - b.height, b.width, b.height, style="DF")
        for category, x0, slot in model.slots(width):
            self.set_xy(left + x0, base + 1)
            self.cell(slot, 4, category, align="C")
        self.set_xy(left, base + 6)
        for label, colour, _ in model.series:
            self.set_fill_color(*rgb(colour))
            self.rect(self.get_x(), self.get_y() + 1, 3, 3, style="DF")
            self.set_x(self.get_x() + 4)
            self.cell(self.get_string_width(label) + 6, 5, label)
        self.set_text_color(*rgb(PRINT_MUTED))
        self.cell(0, 5, f"{model.unit}", align="R")
        self.set_text_color(*rgb(PRINT_TEXT))
        self.set_fill_color(255, 255, 255)
        self.set_draw_color(*rgb(PRINT_RULE))
        self.set_line_width(0.2)
        self.set_xy(self.l_margin, base + 13)

    # ----------------------------------------------------------------- QR

    def qr(self, url: str, x: float, y: float, size: float) -> None:
        """A QR code of ``url`` (segno), drawn as black modules on white."""
        import segno

        code = segno.make(url, error="m", micro=False)
        matrix = list(code.matrix_iter(scale=1, border=2))
        module = size / len(matrix)
        self.set_fill_color(255, 255, 255)
        self.rect(x, y, size, size, style="F")
        self.set_fill_color(0, 0, 0)
        for row_index, row in enumerate(matrix):
            for col_index, dark in enumerate(row):
                if dark:
                    self.rect(
                        x + col_index * module, y + row_index * module, module, module, style="F"
                    )
        self.set_fill_color(255, 255, 255)


def qr_svg(url: str, title: str) -> str:
    """The same QR code as an inline SVG (the HTML brief), with a title."""
    import segno

    code = segno.make(url, error="m", micro=False)
    svg = str(code.svg_inline(scale=3, border=2, title=title, dark="#000000", light="#ffffff"))
    return svg


def undrawable_text(chars: Iterable[str], limit: int = 40) -> str:
    """The characters no font could draw, by code point ("U+1F600, U+20000")."""
    listed: Sequence[str] = list(chars)
    shown = ", ".join(f"U+{ord(ch):04X}" for ch in listed[:limit])
    more = len(listed) - limit
    return shown + (f" (+{more})" if more > 0 else "")


def undrawable_in(texts: Iterable[str]) -> list[str]:
    """The characters of ``texts`` none of the brief's fonts can draw, in order."""
    have = covered()
    found: dict[str, None] = {}
    for text in texts:
        for ch in text:
            if ch not in _INVISIBLE and ord(ch) >= 0x20 and ord(ch) not in have:
                found[ch] = None
    return list(found)

