"""Evidence files the demo's seed describes, made as one-page PDFs when it is applied
(no binary file is kept in sample_data/): a title, then the lines as paragraphs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime


def _latin1(texts: Sequence[str]) -> bool:
    try:
        for text in texts:
            text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def evidence_pdf(title: str, lines: Sequence[str], made: datetime) -> bytes:
    """The same bytes for the same text and time (the PDF's dates are ``made``). Text in
    Latin-1 is set in the PDF's own Helvetica (no font to read: a tenth of the time);
    anything else in the bundled DejaVu Sans."""
    from fpdf import FPDF

    from diklat.domain.text import clean
    from diklat.io import pdf as P

    title, lines = clean(title), [clean(line) for line in lines]
    if _latin1([title, *lines]):
        doc = FPDF(unit="mm", format="A4")
        doc.set_margins(20, 18, 20)
        font = "helvetica"
    else:
        doc = P.DiklatPDF()
        font = P.FONT
    doc.set_title(title)
    doc.set_creation_date(made.replace(tzinfo=UTC) if made.tzinfo is None else made)
    doc.add_page()
    doc.set_font(font, "B", 13)
    doc.multi_cell(0, 6.5, title, align="L", new_x="LMARGIN", new_y="NEXT")
    doc.ln(3)
    doc.set_font(font, "", 10)
    for line in lines:
        doc.multi_cell(0, 5, line or " ", align="L", new_x="LMARGIN", new_y="NEXT")
        doc.ln(1)
    return bytes(doc.output())
