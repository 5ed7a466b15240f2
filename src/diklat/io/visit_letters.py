"""Request letters (*surat permohonan*) for a field visit, one A4 page per host on the
institution's letterhead: number, attachment, subject, the host as addressee, the
request (date, practice to learn, group size), the group's names and the signature,
which stays on the page with the last lines. ``data`` is a ``services.visits.Letters``."""

from __future__ import annotations

from pathlib import Path

from diklat.i18n import t
from diklat.io.atomic import replacing
from diklat.io.letterhead import (
    document_number,
    draw_letterhead,
    draw_signature,
    long_date,
    signature_height,
    signature_lines,
)


def letter_number(data, position: int) -> str:
    base = data.number or document_number("SP", data.cohort_code, data.visit.held_on.year)
    return f"{position:02d}/{base}"


def _letter(pdf, data, host, position: int) -> None:
    from diklat.io.pdf import FONT

    visit = data.visit
    pdf.add_page()
    draw_letterhead(pdf, data.letterhead)
    pdf.ln(2)
    sign = data.signatory
    pdf.set_font(FONT, "", 10.5)
    pdf.cell(0, 5.5, signature_lines(sign)[0], align="R", new_x="LMARGIN", new_y="NEXT")
    for label, value in (
        (t("visit.letter.number"), letter_number(data, position)),
        (t("visit.letter.attachment"), t("visit.letter.attachment_value")),
        (t("visit.letter.subject"), t("visit.letter.subject_value")),
    ):
        pdf.cell(24, 5.5, label)
        pdf.cell(4, 5.5, ":")
        pdf.set_font(FONT, "B" if label == t("visit.letter.subject") else "", 10.5)
        pdf.multi_cell(0, 5.5, value, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 10.5)
    pdf.ln(4)
    for line in (
        t("visit.letter.to"),
        t("visit.letter.leader", host=host.institution),
        *([host.address] if host.address else []),
        t("visit.letter.at_place"),
    ):
        pdf.multi_cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    body = [
        t(
            "visit.letter.opening",
            program=data.program_name,
            angkatan=data.angkatan or data.cohort_name,
            institution=data.institution or data.letterhead.name or "-",
        ),
        t(
            "visit.letter.request",
            date=long_date(visit.held_on),
            count=len(host.members),
            host=host.institution,
        ),
    ]
    if host.practice:
        body.append(t("visit.letter.practice", practice=host.practice))
    if host.contact:
        body.append(t("visit.letter.contact", contact=host.contact))
    if visit.programme:
        body.append(t("visit.letter.programme", programme=visit.programme))
    for paragraph in body:
        pdf.multi_cell(0, 5.5, paragraph, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    closing = t("visit.letter.closing")
    # The closing sentence and the signature stay together: a new page before them if
    # they do not both fit (the signature block is never alone on a page).
    need = 6 * 2 + signature_height(sign) + 6
    if pdf.get_y() + need > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.multi_cell(0, 5.5, closing, align="J", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    draw_signature(pdf, sign, width=90)
    if host.members:
        _group_page(pdf, data, host, position)


def _group_page(pdf, data, host, position: int) -> None:
    from diklat.io.pdf import FONT, table

    pdf.add_page()
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(
        0,
        6,
        t("visit.letter.annex", number=letter_number(data, position)),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.multi_cell(0, 6, host.institution, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    table(
        pdf,
        [t("visit.col.no"), t("visit.col.ndh"), t("visit.col.name"), t("visit.col.nip")],
        [[str(i), str(m.ndh), m.name, m.nip] for i, m in enumerate(host.members, 1)],
    )


def write_letters(data, path: Path) -> int:
    """One letter per host (and its group as an attachment); returns the size in bytes."""
    from diklat.io.pdf import DiklatPDF

    pdf = DiklatPDF(footer_text=f"{data.cohort_code} · {t('visit.letter.footer')}")
    pdf.set_title(t("visit.letter.title", cohort=data.cohort_name))
    pdf.set_author(data.letterhead.name or data.institution)
    pdf.set_subject(t("visit.letter.subject_value"))
    for position, host in enumerate(data.visit.hosts, 1):
        _letter(pdf, data, host, position)
    path = Path(path)
    with replacing(path) as tmp:
        pdf.output(str(tmp))
    return path.stat().st_size
