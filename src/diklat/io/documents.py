"""The change-project documents for the seminars, as PDF (fpdf2) and DOCX (python-docx):
a cover (title, name, NIP, NDH, angkatan, instansi), then the design's and/or the
report's sections in order, with tables for milestones, stakeholders and risks."""

from __future__ import annotations

import io
from pathlib import Path

from diklat.domain.documents import ProjectDocument
from diklat.domain.outline import Block, evidence_blocks, outline
from diklat.domain.workflow import Stage
from diklat.i18n import t

FORMATS = ("pdf", "docx")
COVER_LOGO_MM = 30  # the institution's logo, centred on a cover


def parts(doc: ProjectDocument) -> list[Stage]:
    return {
        "design": [Stage.DESIGN],
        "report": [Stage.REPORT],
        "all": [Stage.DESIGN, Stage.REPORT],
    }[doc.part]


def document_title(doc: ProjectDocument, stage: Stage) -> str:
    term = doc.project_term or "proyek perubahan"
    key = "documents.design_title" if stage is Stage.DESIGN else "documents.report_title"
    return t(key, term=term.title())


def _grouped(nip: str) -> str:
    """A NIP as it is printed (19701218 199603 2 001); an NRP as it is."""
    from diklat.domain.errors import DomainError
    from diklat.domain.nip import Nip

    try:
        return Nip.parse(nip).grouped()
    except DomainError:
        return nip or "-"


def cover_lines(doc: ProjectDocument) -> list[tuple[str, str]]:
    return [
        (t("documents.name"), doc.name),
        (t("documents.nip"), _grouped(doc.nip)),
        (t("documents.ndh"), str(doc.ndh)),
        (t("documents.angkatan"), doc.angkatan or doc.cohort_name),
        (t("documents.instansi"), doc.instansi or "-"),
        (t("documents.jabatan"), doc.jabatan or "-"),
        (t("documents.coach"), doc.coach or "-"),
        (t("documents.mentor"), doc.mentor or "-"),
    ]


def _blocks(doc: ProjectDocument, stage: Stage) -> list[Block]:
    context = {
        Stage.DESIGN: doc.stages.get(Stage.DESIGN) or {},
        Stage.IMPLEMENTATION: doc.stages.get(Stage.IMPLEMENTATION) or {},
    }
    blocks = outline(stage, doc.stages.get(stage) or {}, context)
    if stage is Stage.REPORT:
        blocks += evidence_blocks(context[Stage.DESIGN], doc.evidence)
    if stage is Stage.DESIGN:
        blocks = [
            b for b in blocks if not (b.kind == "heading" and b.text == t("doc.design.title"))
        ]
        # the title is on the cover; drop its heading's paragraph too
        if blocks and blocks[0].kind == "paragraph":
            blocks = blocks[1:]
    return blocks


def _numbered(blocks: list[Block], term: str | None = None) -> list[Block]:
    """Number the top-level sections 1, 2, 3 ... as a seminar document does; headings
    name the change project by the cohort's term (proyek/aksi perubahan)."""
    from diklat.domain.workflow import with_term

    n = 0
    out = []
    for b in blocks:
        if b.kind == "heading":
            text = with_term(b.text, term)
            if b.level == 2:
                n += 1
                text = f"{n}. {text}"
            b = Block("heading", text=text, level=b.level)
        out.append(b)
    return out


def cover_foot(doc: ProjectDocument) -> list[str]:
    """The foot of a cover: the institution, the place and the cohort's year (not the
    app's name, not the day it was printed)."""
    lines = [doc.institution.upper()] if doc.institution else []
    lines.append(" ".join(x for x in (doc.place.upper(), str(doc.year or "")) if x))
    return [line for line in lines if line]


def approval_signers(doc: ProjectDocument) -> list[tuple[str, str, str]]:
    """(role, name, NIP) of who signs the approval page: participant, coach, mentor."""
    return [
        (t("documents.approval_participant"), doc.name, _grouped(doc.nip)),
        (t("documents.coach"), doc.coach, _grouped(doc.coach_nip) if doc.coach_nip else ""),
        (t("documents.mentor"), doc.mentor, _grouped(doc.mentor_nip) if doc.mentor_nip else ""),
    ]


def approval_text(doc: ProjectDocument, stage: Stage) -> str:
    return t(
        "documents.approval_text",
        document=document_title(doc, stage),
        title=doc.project_title or "-",
        program=doc.program_name,
        angkatan=doc.angkatan or doc.cohort_name,
    )


def _centred(pdf, height: float, text: str) -> None:
    pdf.multi_cell(0, height, text, align="C", new_x="LMARGIN", new_y="NEXT")


def _pdf_cover(pdf, P, doc: ProjectDocument, stage: Stage) -> None:
    pdf.add_page()
    pdf.set_font(P.FONT, "B", 11)
    _centred(pdf, 6, (doc.program_name or "").upper())
    if doc.angkatan:
        _centred(pdf, 6, t("documents.angkatan_line", angkatan=doc.angkatan).upper())
    pdf.ln(10)
    if doc.logo:
        try:
            pdf.image(io.BytesIO(doc.logo), x=(pdf.w - COVER_LOGO_MM) / 2, w=COVER_LOGO_MM)
        except Exception:  # a logo fpdf2 cannot read must not cost the whole document
            pass
    pdf.ln(10)
    pdf.set_font(P.FONT, "B", 16)
    _centred(pdf, 8, document_title(doc, stage).upper())
    pdf.ln(6)
    pdf.set_font(P.FONT, "B", 14)
    _centred(pdf, 7, doc.project_title or "-")
    pdf.ln(24)
    pdf.set_font(P.FONT, "", 11)
    for label, value in cover_lines(doc):
        pdf.set_x(40)
        pdf.cell(40, 7, label)
        pdf.multi_cell(0, 7, ": " + value, new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(pdf.h - 50)
    pdf.set_font(P.FONT, "B", 12)
    for line in cover_foot(doc):
        _centred(pdf, 6, line)


def _pdf_approval(pdf, P, doc: ProjectDocument, stage: Stage) -> None:
    from diklat.io.letterhead import DOTS

    pdf.add_page()
    pdf.set_font(P.FONT, "B", 14)
    _centred(pdf, 8, t("documents.approval").upper())
    pdf.ln(4)
    pdf.set_font(P.FONT, "", 11)
    _centred(pdf, 6, approval_text(doc, stage))
    pdf.ln(6)
    _centred(pdf, 6, t("graduation.sign_place_date", place=doc.place or DOTS, date=DOTS))
    pdf.ln(4)
    for role, name, nip in approval_signers(doc):
        pdf.set_font(P.FONT, "", 11)
        _centred(pdf, 6, role + ",")
        pdf.ln(16)
        pdf.set_font(P.FONT, "B", 11)
        _centred(pdf, 6, name or "(......................................)")
        pdf.set_font(P.FONT, "", 10)
        _centred(pdf, 5, t("graduation.sign_nip", nip=nip or DOTS))
        pdf.ln(5)


def _pdf_toc(pdf, outline) -> None:
    from diklat.io.pdf import FONT

    pdf.set_xy(pdf.l_margin, pdf.t_margin)  # the placeholder page is drawn last
    pdf.set_font(FONT, "B", 14)
    _centred(pdf, 8, t("documents.toc").upper())
    pdf.ln(4)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for section in outline:
        pdf.set_font(FONT, "B" if section.level == 0 else "", 10.5)
        indent = 6 * section.level
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(width - indent - 12, 6.5, section.name)
        pdf.cell(12, 6.5, str(section.page_number), align="R", new_x="LMARGIN", new_y="NEXT")


def _pdf_blocks(pdf, P, blocks: list[Block]) -> None:
    for b in blocks:
        if b.kind == "heading":
            if b.level == 2:
                pdf.start_section(b.text, level=1)
            P.heading(pdf, b.text, b.level)
        elif b.kind == "paragraph":
            P.paragraph(pdf, b.text)
        elif b.kind == "bullets":
            P.bullets(pdf, b.text, b.items)
        elif b.kind == "table":
            P.table(pdf, b.headers, b.rows, empty=t("documents.none"))


def render_pdf(doc: ProjectDocument) -> bytes:
    """Per part: a cover, the approval page; one table of contents after the first; then
    the sections, each an entry of the contents and of the PDF's outline."""
    from diklat.io import pdf as P

    pdf = P.DiklatPDF(footer_text=f"{doc.name} — {doc.cohort_name}")
    pdf.set_title(doc.project_title or document_title(doc, parts(doc)[0]))
    pdf.set_author(doc.name)
    pdf.set_subject(document_title(doc, parts(doc)[0]))
    pdf.set_keywords(f"{doc.program_name} {doc.angkatan} {doc.cohort_code} {doc.project_term}")
    for n, stage in enumerate(parts(doc)):
        _pdf_cover(pdf, P, doc, stage)
        _pdf_approval(pdf, P, doc, stage)
        if n == 0:
            pdf.add_page()
            pdf.insert_toc_placeholder(_pdf_toc, pages=1)  # ends on a fresh page
        else:
            pdf.add_page()
        pdf.start_section(document_title(doc, stage), level=0)
        _pdf_blocks(pdf, P, _numbered(_blocks(doc, stage), doc.project_term))
    return bytes(pdf.output())


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, TOC ...) that Word fills in when it lays the document out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
        run._r.append(el)


def _docx_page_setup(d) -> None:
    """A4 with 3/2.5 cm margins and the page number centred in the footer (a PAGE field)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    for section in d.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin, section.right_margin = Cm(3), Cm(2.5)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.5)
        p = section.footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _field(p, "PAGE")


def _docx_metadata(d, doc: ProjectDocument) -> None:
    from datetime import datetime

    props = d.core_properties
    props.author = doc.name
    props.last_modified_by = doc.name
    props.title = doc.project_title or document_title(doc, parts(doc)[0])
    props.subject = document_title(doc, parts(doc)[0])
    props.keywords = f"{doc.program_name}; {doc.angkatan}; {doc.cohort_code}; {doc.project_term}"
    props.category = doc.program_name
    props.comments = doc.cohort_name
    made = datetime.combine(doc.made_on, datetime.min.time())
    props.created = made
    props.modified = made
    props.revision = 1


def _docx_centred(d, text: str, *, bold: bool = False, size: float | None = None) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)


def _docx_cover(d, doc: ProjectDocument, stage: Stage) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    _docx_centred(d, doc.program_name.upper(), bold=True)
    if doc.angkatan:
        _docx_centred(d, t("documents.angkatan_line", angkatan=doc.angkatan).upper(), bold=True)
    if doc.logo:
        from docx.shared import Mm

        try:
            d.add_picture(io.BytesIO(doc.logo), width=Mm(COVER_LOGO_MM))
            d.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        except Exception:  # as in the PDF: the document goes out without the logo
            pass
    title = d.add_heading(document_title(doc, stage).upper(), level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _docx_centred(d, doc.project_title or "-", bold=True, size=14)
    cover = d.add_table(rows=0, cols=2)
    for label, value in cover_lines(doc):
        cells = cover.add_row().cells
        cells[0].text = label
        cells[1].text = value
    for line in cover_foot(doc):
        _docx_centred(d, line, bold=True)
    d.add_page_break()


def _docx_approval(d, doc: ProjectDocument, stage: Stage) -> None:
    from diklat.io.letterhead import DOTS

    _docx_centred(d, t("documents.approval").upper(), bold=True, size=14)
    _docx_centred(d, approval_text(doc, stage))
    _docx_centred(d, t("graduation.sign_place_date", place=doc.place or DOTS, date=DOTS))
    for role, name, nip in approval_signers(doc):
        _docx_centred(d, role + ",")
        d.add_paragraph()
        _docx_centred(d, name or "(......................................)", bold=True)
        _docx_centred(d, t("graduation.sign_nip", nip=nip or DOTS))
    d.add_page_break()


def _docx_toc(d) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d.add_heading(t("documents.toc").upper(), level=1)
    _field(d.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u')
    d.add_paragraph(t("documents.toc_update"))
    # Word fills the table of contents in when it opens the file.
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    d.settings.element.append(update)
    d.add_page_break()


def _docx_blocks(d, blocks: list[Block]) -> None:
    for b in blocks:
        if b.kind == "heading":
            d.add_heading(b.text, level=min(b.level, 4))
        elif b.kind == "paragraph":
            d.add_paragraph(b.text)
        elif b.kind == "bullets":
            if b.text:
                d.add_paragraph().add_run(b.text).bold = True
            for item in b.items:
                d.add_paragraph(item, style="List Bullet")
        elif b.kind == "table":
            if not b.rows:
                d.add_paragraph(t("documents.none"))
                continue
            table = d.add_table(rows=1, cols=len(b.headers))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, b.headers):
                cell.text = ""
                cell.paragraphs[0].add_run(text).bold = True
            for row in b.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row):
                    cell.text = str(text)
            d.add_paragraph()


def render_docx(doc: ProjectDocument) -> bytes:
    """A4, page numbers in the footer, real metadata; per part a cover and the approval
    page, one table of contents (a TOC field) after the first, then the sections."""
    from docx import Document
    from docx.shared import Pt

    d = Document()
    _docx_page_setup(d)
    _docx_metadata(d, doc)
    style = d.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    stages = parts(doc)
    for i, stage in enumerate(stages):
        _docx_cover(d, doc, stage)
        _docx_approval(d, doc, stage)
        if i == 0:
            _docx_toc(d)
        d.add_heading(document_title(doc, stage), level=1)
        _docx_blocks(d, _numbered(_blocks(doc, stage), doc.project_term))
        if i < len(stages) - 1:
            d.add_page_break()
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def render(doc: ProjectDocument, fmt: str) -> bytes:
    doc = _cleaned(doc)
    return render_pdf(doc) if fmt == "pdf" else render_docx(doc)


def _cleaned(value):
    """``value`` with every string in it made ``domain.text.clean``: a document carries the
    participant's own text, and neither page may hold terminal controls, direction
    overrides or zero-width characters (python-docx refuses most controls outright)."""
    import dataclasses

    from diklat.domain.text import clean

    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list | tuple):
        return type(value)(_cleaned(v) for v in value)
    if isinstance(value, dict):
        return {_cleaned(k): _cleaned(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _cleaned(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value


def write(doc: ProjectDocument, fmt: str, path: Path) -> int:
    """Write the document to ``path`` (via a temporary file, so a failure leaves no half file)."""
    from diklat.io.atomic import replacing

    data = render(doc, fmt)
    with replacing(path) as tmp:
        tmp.write_bytes(data)
    return len(data)
