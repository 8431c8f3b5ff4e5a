"""The PDF page itself (fpdf): a Letter-size document with a Unicode font and the few kinds of block the summary uses.

Imported by `summary_pdf.build_summary_pdf` when the first PDF is made, so a worker that never makes one does not
hold fpdf and its font tools in memory.

The fonts are read and parsed once per process, by the first PDF (`parsed_font`): fpdf's `add_font` would parse
both files again for every document (their character maps and the width of each of some 6,000 characters, ~80 ms
and ~10 MB a PDF). Each document gets its own copy of what fpdf changes while it writes (the glyphs used, the font
descriptor) and its own fontTools view of the file's bytes, which fpdf cuts down to the glyphs the PDF uses.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.font_type_3 import get_color_font_object
from fpdf.fonts import SubsetMap, TTFFont

from app.web.i18n import _
from app.web.presenter import CitationView
from app.web.summary_pdf import BULLET

FONT = "DejaVu"
TEXT, MUTED, ACCENT = (27, 31, 35), (74, 83, 96), (29, 78, 137)


@dataclass(frozen=True)
class ParsedFont:
    """A font file as read and parsed once: its bytes, and fpdf's parse of them (read by every document, never
    changed: a document works on a copy)."""

    data: bytes
    parsed: TTFFont


_PARSED: dict[tuple[Path, str], ParsedFont] = {}
_PARSING = threading.Lock()


def parsed_font(path: Path, style: str) -> ParsedFont:
    """The font at `path`, parsed by the first PDF of the process and kept (keyed by the deployment's font files)."""
    with _PARSING:  # two first PDFs at once parse it once
        if (path, style) not in _PARSED:
            data = path.read_bytes()
            scratch = FPDF()
            scratch.add_font(FONT, style, str(path))
            parsed = scratch.fonts[f"{FONT.lower()}{style}"]
            assert isinstance(parsed, TTFFont)
            parsed.close()  # its fontTools view: each document opens its own on `data`
            parsed.ttfont = None
            _PARSED[path, style] = ParsedFont(data, parsed)
        return _PARSED[path, style]

class SummaryDocument(FPDF):
    """A Letter-size document with a Unicode font, plain headings, paragraphs, bullets and written-out links."""

    MUTED = MUTED

    def __init__(self, regular: Path, bold: Path):
        super().__init__(format="Letter")
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=18)
        self._use_font("", parsed_font(regular, ""))
        self._use_font("B", parsed_font(bold, "B"))
        self.set_creator("pd-screener")
        self.set_text_color(*TEXT)

    def _use_font(self, style: str, font: ParsedFont) -> None:
        """What `add_font` does, from the parsed font: this document's own copy of what fpdf changes as it writes."""
        own = copy.copy(font.parsed)
        own.i = len(self.fonts) + 1
        own.ttfont = TTFont(BytesIO(font.data), recalcTimestamp=False, lazy=True)
        own.cw = font.parsed.cw.copy()  # fpdf adds the characters it measured and the font lacks
        own.desc = copy.copy(font.parsed.desc)  # numbered and given the embedded file when the PDF is written
        own.subset = SubsetMap(own)
        own.missing_glyphs = []
        own.biggest_size_pt = 0
        own.color_font = get_color_font_object(self, own, own.palette_index) if self.render_color_fonts else None
        self.fonts[own.fontkey] = own

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=9)
        self.set_text_color(*MUTED)
        self.cell(0, 6, f"{self.page_no()} / {{nb}}", align="C")
        self.set_text_color(*TEXT)

    def _keep_room(self, height: float) -> None:
        # A heading never sits alone at the foot of a page.
        if self.will_page_break(height):
            self.add_page()

    def heading(self, text: str, level: int = 1) -> None:
        size = {0: 18, 1: 14, 2: 12}[level]
        self._keep_room(size + 22)
        self.ln(4 if level else 0)
        self.set_font(FONT, "B", size)
        self.set_text_color(*(ACCENT if level < 2 else TEXT))
        self.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*TEXT)
        self.ln(1.5)

    def paragraph(self, text: str, *, bold: bool = False, size: float = 11, colour: tuple = TEXT) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*TEXT)
        self.ln(1.5)

    def bullet(self, text: str, *, mark: str = BULLET, link: str | None = None) -> None:
        self.set_font(FONT, "", 11)
        self.cell(6, 5.5, mark)
        self.multi_cell(0, 5.5, text, align="L", new_x="LMARGIN", new_y="NEXT", link=link)
        self.ln(1)

    def answers(self, rows: list[tuple[str, str]]) -> None:
        """Question and chosen answer side by side; a row never splits over two pages."""
        self.set_font(FONT, "", 10.5)
        with self.table(col_widths=(62, 38), first_row_as_headings=False, text_align="LEFT",
                        borders_layout="HORIZONTAL_LINES", line_height=5.2, padding=(1.2, 1.5)) as table:
            for question, answer in rows:
                row = table.row()
                row.cell(question)
                row.cell(answer)
        self.ln(2)

    def citation(self, items: Sequence[CitationView]) -> None:
        for c in items:
            self._keep_room(15)  # a citation never splits over two pages
            pin = f" ({c.pin})" if c.pin else ""
            line = (_("Source: %(title)s%(pin)s. %(url)s") % {"title": c.title, "pin": pin, "url": c.url} if c.url
                    else _("Source: %(title)s%(pin)s.") % {"title": c.title, "pin": pin})  # cited by name alone
            self.paragraph(line, size=9.5, colour=MUTED)
