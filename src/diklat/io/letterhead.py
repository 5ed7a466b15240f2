"""The parts every signed document shares, drawn on an fpdf2 page: the institution's
letterhead (logo, name, lines, address, a double rule), the document number, and the
signature block (place and date, title, space to sign, name, NIP). Numbers and dates as
the interface language writes them (``94,07`` and ``25 September 2018`` in Indonesian).

``head`` is a ``domain.signing.Letterhead`` and ``sign`` a ``domain.signing.Signatory``.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from diklat.i18n import language, t

DOTS = "...................."
LOGO_MM = 22


def decimal(value: Decimal | None, places: int = 2) -> str:
    """A score as the document's language writes it: ``94,07`` (id), ``94.07`` (en)."""
    if value is None:
        return ""
    text = f"{Decimal(value):.{places}f}"
    return text.replace(".", ",") if language() == "id" else text


def long_date(d: date) -> str:
    """``14 Desember 2018`` (month names from the catalogue)."""
    return t("graduation.date", day=d.day, month=t(f"month.{d.month}"), year=d.year)


def draw_letterhead(pdf, head) -> None:
    """The letterhead across the top of the current page; nothing when the cohort has no
    institution. The cursor ends below the rule."""
    from diklat.io.pdf import FONT

    if head is None or head.empty:
        return
    top = pdf.get_y()
    left, right = pdf.l_margin, pdf.w - pdf.r_margin
    text_left = left
    if head.logo:
        try:
            pdf.image(io.BytesIO(head.logo), x=left, y=top, h=LOGO_MM)
            text_left = left + LOGO_MM + 4
        except Exception:  # a logo fpdf2 cannot read must not cost the whole document
            text_left = left
    width = right - text_left
    pdf.set_xy(text_left, top)
    pdf.set_font(FONT, "", 10)
    for line in head.lines:
        pdf.set_x(text_left)
        pdf.multi_cell(width, 5, line.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(text_left)
    pdf.set_font(FONT, "B", 13)
    pdf.multi_cell(width, 6.5, head.name.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    if head.address:
        pdf.set_font(FONT, "", 8.5)
        for line in head.address.splitlines():
            pdf.set_x(text_left)
            pdf.multi_cell(width, 4.2, line, align="C", new_x="LMARGIN", new_y="NEXT")
    bottom = max(pdf.get_y(), top + (LOGO_MM if head.logo else 0)) + 1.5
    pdf.set_line_width(0.8)
    pdf.line(left, bottom, right, bottom)
    pdf.set_line_width(0.2)
    pdf.line(left, bottom + 1.2, right, bottom + 1.2)
    pdf.set_xy(left, bottom + 4)
    pdf.set_font(FONT, "", 10)


def document_number(kind: str, cohort_code: str, year: int) -> str:
    """The default number of a document diklat issues: kind, cohort and year
    (``DK/DIKLATPIM-IV-III-2018/2018``); a coordinator may give the centre's own."""
    return f"{kind}/{cohort_code}/{year}"


def _nip(nip: str) -> str:
    """A NIP as it is printed (19680512 199403 1 002); anything else as it is."""
    from diklat.domain.errors import DomainError
    from diklat.domain.nip import Nip

    try:
        return Nip.parse(nip).grouped()
    except DomainError:
        return nip


def signature_lines(sign) -> list[str]:
    place = sign.place or DOTS
    when = long_date(sign.on) if sign.on else DOTS
    return [
        t("graduation.sign_place_date", place=place, date=when),
        sign.title or t("graduation.sign_title"),
        "",
        "",
        "",
        sign.name or "(......................................)",
        t("graduation.sign_nip", nip=_nip(sign.nip) if sign.nip else DOTS),
    ]


SIGNATURE_LINE_MM = 5


def signature_height(sign) -> float:
    return SIGNATURE_LINE_MM * len(signature_lines(sign))


def draw_signature(pdf, sign, *, width: float = 90, size: float = 10) -> None:
    """The block on the right, from the cursor down. Callers keep it with what precedes
    it (see ``keep_with_signature``)."""
    from diklat.io.pdf import FONT

    pdf.set_font(FONT, "", size)
    x = pdf.w - pdf.r_margin - width
    for i, line in enumerate(signature_lines(sign)):
        pdf.set_x(x)
        pdf.set_font(FONT, "B" if i == 5 and sign.name else "", size)
        pdf.cell(width, SIGNATURE_LINE_MM, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
