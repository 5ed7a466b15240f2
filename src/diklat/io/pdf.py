"""PDF set-up shared by every exporter: the bundled DejaVu Sans fonts (Unicode, so names
and Indonesian text print as typed), A4 pages, a footer with page numbers.

The fonts ship inside the package (io/fonts, with their licence); nothing is
downloaded at run time.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

FONT = "DejaVu"


def font_dir() -> Path:
    return Path(str(resources.files("diklat.io") / "fonts"))


class DiklatPDF(FPDF):
    """A4 portrait with the Unicode font registered; ``footer_text`` left, page number right."""

    def __init__(self, *, footer_text: str = "", orientation: str = "P") -> None:
        super().__init__(orientation=orientation, unit="mm", format="A4")
        fonts = font_dir()
        self.add_font(FONT, "", str(fonts / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(fonts / "DejaVuSans-Bold.ttf"))
        self.footer_text = footer_text
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(20, 18, 20)

    def normalize_text(self, text: str) -> str:
        # Every string fpdf2 draws passes here: controls, overrides and zero-width
        # characters go before they reach the page (or fpdf2's missing-glyph warning,
        # which would print them raw to stderr).
        from diklat.domain.text import clean

        return super().normalize_text(clean(text))
        self.set_font(FONT, size=10)
        self.set_creator("diklat")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.cell(0, 5, self.footer_text, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, str(self.page_no()), align="R")


def heading(pdf: FPDF, text: str, level: int = 2) -> None:
    size = {1: 16, 2: 13, 3: 11}.get(level, 10)
    pdf.ln(2 if level > 1 else 4)
    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    pdf.ln(1)


def paragraph(pdf: FPDF, text: str) -> None:
    pdf.set_font(FONT, "", 10)
    pdf.multi_cell(0, 5, text or "-", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def bullets(pdf: FPDF, title: str, items: Sequence[str]) -> None:
    if title:
        pdf.set_font(FONT, "B", 10)
        pdf.multi_cell(0, 5, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    for item in items:
        pdf.multi_cell(0, 5, "•  " + item, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def table(
    pdf: FPDF, headers: Sequence[str], rows: Sequence[Sequence[str]], *, empty: str = "-"
) -> None:
    """A bordered table with a bold, repeated header row; long cells wrap."""
    pdf.set_font(FONT, "", 9)
    if not rows:
        paragraph(pdf, empty)
        return
    with pdf.table(
        headings_style=FontFace(emphasis="BOLD"),
        line_height=4.5,
        padding=1,
        repeat_headings=1,
        text_align="LEFT",
    ) as t:
        head = t.row()
        for h in headers:
            head.cell(h)
        for row in rows:
            r = t.row()
            for cell in row:
                r.cell(str(cell) if cell is not None else "")
    pdf.set_font(FONT, "", 10)
    pdf.ln(2)
