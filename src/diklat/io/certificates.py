"""Certificates (STTPP) as PDF, one A4-landscape page per graduate, and their register
as XLSX (one row per certificate: number, who, qualification, date). ``data`` is a
``services.certificates.Certificates`` (used by its attributes)."""

from __future__ import annotations

from pathlib import Path

from diklat.i18n import t
from diklat.io.atomic import replacing
from diklat.io.letterhead import (
    draw_letterhead,
    draw_signature,
    long_date,
    signature_height,
)

FORMATS = ("pdf", "xlsx")


def _period(meta) -> str:
    return f"{long_date(meta.start)} – {long_date(meta.end)}"


def statement(data, cert) -> str:
    meta = data.meta
    return t(
        "certificates.statement",
        program=meta.program_name,
        angkatan=meta.angkatan or meta.name,
        institution=data.letterhead.name or meta.institution or "-",
        period=_period(meta),
        qualification=cert.qualification or "-",
    )


def _page(pdf, data, cert) -> None:
    from diklat.io.pdf import FONT

    pdf.add_page()
    # A double frame, as printed certificates have; the letterhead sits inside it.
    pdf.set_draw_color(90, 90, 90)
    pdf.set_line_width(0.9)
    pdf.rect(8, 8, pdf.w - 16, pdf.h - 16)
    pdf.set_line_width(0.25)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_xy(pdf.l_margin, pdf.t_margin)
    draw_letterhead(pdf, data.letterhead)
    pdf.ln(4)
    pdf.set_font(FONT, "B", 18)
    pdf.multi_cell(0, 9, t("certificates.heading"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10.5)
    pdf.multi_cell(0, 5.5, t("certificates.heading_long"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(
        0, 6, t("certificates.number", number=cert.number), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(4)
    pdf.set_font(FONT, "", 11)
    pdf.multi_cell(0, 6, t("certificates.given_to"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    label_x = pdf.l_margin + 45
    for label, value, bold in (
        (t("certificates.name"), cert.name, True),
        (t("certificates.nip"), cert.nip or "-", False),
        (t("certificates.pangkat"), cert.pangkat_golongan or "-", False),
        (t("certificates.jabatan"), cert.jabatan or "-", False),
        (t("certificates.instansi"), cert.instansi or "-", False),
    ):
        pdf.set_x(label_x)
        pdf.set_font(FONT, "", 11)
        pdf.cell(48, 6.5, label)
        pdf.cell(4, 6.5, ":")
        pdf.set_font(FONT, "B" if bold else "", 12 if bold else 11)
        pdf.multi_cell(
            pdf.w - pdf.r_margin - pdf.get_x() - 40, 6.5, value, new_x="LMARGIN", new_y="NEXT"
        )
    pdf.ln(3)
    pdf.set_font(FONT, "", 11)
    pdf.set_x(pdf.l_margin + 15)
    pdf.multi_cell(
        pdf.w - pdf.l_margin - pdf.r_margin - 30,
        6,
        statement(data, cert),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    # The signature sits at the foot of the page, whatever the length of the lines above.
    pdf.set_y(max(pdf.get_y() + 4, pdf.h - pdf.b_margin - signature_height(data.signatory) - 2))
    draw_signature(pdf, data.signatory, width=100, size=10.5)


def write_pdf(data, path: Path) -> int:
    """One page per graduate; returns the file's size in bytes."""
    from diklat.io.pdf import DiklatPDF

    meta = data.meta
    pdf = DiklatPDF(footer_text="", orientation="L")
    pdf.footer = lambda: None  # a certificate carries no page numbers
    pdf.set_margins(18, 14, 18)
    pdf.set_auto_page_break(auto=False, margin=14)
    pdf.set_title(t("certificates.title", cohort=meta.name))
    pdf.set_author(data.letterhead.name or meta.institution or "")
    pdf.set_subject(t("certificates.heading_long"))
    for cert in data.certificates:
        _page(pdf, data, cert)
    path = Path(path)
    with replacing(path) as tmp:
        pdf.output(str(tmp))
    return path.stat().st_size


REGISTER_KEYS = (
    "no",
    "number",
    "ndh",
    "nip",
    "name",
    "pangkat",
    "jabatan",
    "instansi",
    "final",
    "qualification",
    "date",
)


def register_rows(data) -> list[list[object]]:
    when = long_date(data.signatory.on) if data.signatory.on else ""
    return [
        [
            i,
            c.number,
            c.ndh,
            c.nip,
            c.name,
            c.pangkat_golongan,
            c.jabatan,
            c.instansi,
            c.final,
            c.qualification,
            when,
        ]
        for i, c in enumerate(data.certificates, 1)
    ]


def write_register(data, path: Path) -> int:
    """The certificate register: the title lines, then one row per certificate."""
    from diklat.io.xlsx import Sheet, write_sheets

    meta = data.meta
    sheet = Sheet(
        title=t("certificates.register_sheet"),
        headers=[t(f"certificates.col.{key}") for key in REGISTER_KEYS],
        rows=register_rows(data),
        lines_before=[
            t("certificates.register_title"),
            meta.name,
            t("graduation.period", period=_period(meta)),
            data.letterhead.name or meta.institution,
        ],
        decimal_columns=frozenset({8}),
        text_columns=frozenset({1, 3}),
        wrap_columns=frozenset({4, 5, 6, 7}),
        widths=[5, 36, 6, 22, 30, 18, 30, 30, 10, 16, 18],
    )
    path = Path(path)
    with replacing(path) as tmp:
        write_sheets(tmp, [sheet])
    return path.stat().st_size


def write(data, fmt: str, path: Path) -> int:
    if fmt == "pdf":
        return write_pdf(data, path)
    if fmt == "xlsx":
        return write_register(data, path)
    raise ValueError(fmt)
