"""The change-project documents for the seminars, as PDF (fpdf2) and DOCX (python-docx):
a cover (title, name, NIP, NDH, angkatan, instansi), then the design's and/or the
report's sections in order, with tables for milestones, stakeholders and risks."""

from __future__ import annotations

import io
from pathlib import Path

from diklat.domain.documents import ProjectDocument
from diklat.domain.outline import Block, outline
from diklat.domain.workflow import Stage
from diklat.i18n import t

FORMATS = ("pdf", "docx")


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
    if stage is Stage.DESIGN:
        blocks = [
            b for b in blocks if not (b.kind == "heading" and b.text == t("doc.design.title"))
        ]
        # the title is on the cover; drop its heading's paragraph too
        if blocks and blocks[0].kind == "paragraph":
            blocks = blocks[1:]
    return blocks


def _numbered(blocks: list[Block]) -> list[Block]:
    """Number the top-level sections 1, 2, 3 ... as a seminar document does."""
    n = 0
    out = []
    for b in blocks:
        if b.kind == "heading" and b.level == 2:
            n += 1
            b = Block("heading", text=f"{n}. {b.text}", level=2)
        out.append(b)
    return out


def render_pdf(doc: ProjectDocument) -> bytes:
    from diklat.io import pdf as P

    pdf = P.DiklatPDF(footer_text=f"{doc.name} — {doc.cohort_name}")
    pdf.set_title(doc.project_title or document_title(doc, parts(doc)[0]))
    pdf.set_author(doc.name)
    for stage in parts(doc):
        pdf.add_page()
        pdf.set_font(P.FONT, "B", 11)
        pdf.multi_cell(
            0, 6, (doc.program_name or "").upper(), align="C", new_x="LMARGIN", new_y="NEXT"
        )
        if doc.institution:
            pdf.multi_cell(0, 6, doc.institution.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(20)
        pdf.set_font(P.FONT, "B", 16)
        pdf.multi_cell(
            0, 8, document_title(doc, stage).upper(), align="C", new_x="LMARGIN", new_y="NEXT"
        )
        pdf.ln(6)
        pdf.set_font(P.FONT, "B", 14)
        pdf.multi_cell(0, 7, doc.project_title or "-", align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(24)
        pdf.set_font(P.FONT, "", 11)
        for label, value in cover_lines(doc):
            pdf.set_x(40)
            pdf.cell(40, 7, label)
            pdf.multi_cell(0, 7, ": " + value, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(30)
        pdf.set_font(P.FONT, "", 10)
        pdf.multi_cell(
            0,
            6,
            t("documents.made_on", date=doc.made_on.strftime("%d-%m-%Y")),
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.add_page()
        for b in _numbered(_blocks(doc, stage)):
            if b.kind == "heading":
                P.heading(pdf, b.text, b.level)
            elif b.kind == "paragraph":
                P.paragraph(pdf, b.text)
            elif b.kind == "bullets":
                P.bullets(pdf, b.text, b.items)
            elif b.kind == "table":
                P.table(pdf, b.headers, b.rows, empty=t("documents.none"))
    return bytes(pdf.output())


def render_docx(doc: ProjectDocument) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    d = Document()
    d.core_properties.author = doc.name
    d.core_properties.title = doc.project_title or document_title(doc, parts(doc)[0])
    style = d.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    for i, stage in enumerate(parts(doc)):
        if i:
            d.add_page_break()
        for line in (doc.program_name.upper(), doc.institution.upper()):
            if line:
                p = d.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.add_run(line).bold = True
        title = d.add_heading(document_title(doc, stage).upper(), level=0)
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(doc.project_title or "-")
        run.bold = True
        run.font.size = Pt(14)
        cover = d.add_table(rows=0, cols=2)
        for label, value in cover_lines(doc):
            cells = cover.add_row().cells
            cells[0].text = label
            cells[1].text = value
        p = d.add_paragraph(t("documents.made_on", date=doc.made_on.strftime("%d-%m-%Y")))
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        d.add_page_break()
        for b in _numbered(_blocks(doc, stage)):
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
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def render(doc: ProjectDocument, fmt: str) -> bytes:
    return render_pdf(doc) if fmt == "pdf" else render_docx(doc)


def write(doc: ProjectDocument, fmt: str, path: Path) -> int:
    """Write the document to ``path`` (via a temporary file, so a failure leaves no half file)."""
    from diklat.io.atomic import replacing

    data = render(doc, fmt)
    with replacing(path) as tmp:
        tmp.write_bytes(data)
    return len(data)
