"""The PDF page itself (fpdf): a Letter-size document with a Unicode font and the few kinds of block the summary uses.

Imported by `summary_pdf.build_summary_pdf` when the first PDF is made, so a worker that never makes one does not
hold fpdf and its font tools in memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF

from app.web.i18n import _
from app.web.presenter import CitationView

FONT = "DejaVu"
TEXT, MUTED, ACCENT = (27, 31, 35), (74, 83, 96), (29, 78, 137)


class SummaryDocument(FPDF):
    """A Letter-size document with a Unicode font, plain headings, paragraphs, bullets and written-out links."""

    MUTED = MUTED

    def __init__(self, regular: Path, bold: Path):
        super().__init__(format="Letter")
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=18)
        self.add_font(FONT, "", str(regular))
        self.add_font(FONT, "B", str(bold))
        self.set_creator("pd-screener")
        self.set_text_color(*TEXT)

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

    def bullet(self, text: str, *, mark: str = "•", link: str | None = None) -> None:
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
            self.paragraph(_("Source: %(title)s%(pin)s. %(url)s") % {"title": c.title, "pin": pin, "url": c.url},
                           size=9.5, colour=MUTED)
