"""The seminar documents: PDF and DOCX read back with pypdf and python-docx, who may
export them, and the command line's `diklat export project`."""

from __future__ import annotations

from io import BytesIO

import pytest
from cli_runner import Ran, run_cli
from factories import PEOPLE, World, approve_before, complete

from diklat.domain.workflow import Stage
from diklat.io.documents import render_docx, render_pdf, write
from diklat.services import stages
from diklat.services.documents import find_enrolment, project_document
from diklat.services.errors import Forbidden, NotFound

P1_NIP = PEOPLE["P1"][0]


def _with_report(world: World) -> None:
    """P1 with an approved design (one with Unicode in it) and a report draft."""
    approve_before(world, "P1", Stage.REPORT)
    _report_draft(world)


def _report_draft(world: World) -> None:
    design = complete(
        Stage.DESIGN,
        title="Layanan Izin Daring “SiCepat” — ≤ 1 hari",
        background="Antrean 3 jam; warga kecewa.",
    )
    # The design was approved with the factory's content; put the richer one in its draft for the export.
    from sqlalchemy import select

    from diklat.db.models import StageRecord

    with world.db.write() as s:
        record = s.scalar(
            select(StageRecord).where(
                StageRecord.enrolment_id == world.enrolments["P1"], StageRecord.stage == "design"
            )
        )
        record.draft = design
    stages.save_draft(
        world.db,
        world.actor("P1"),
        world.enrolments["P1"],
        Stage.REPORT,
        complete(Stage.REPORT, lessons="Libatkan pengguna sejak awal; uji coba kecil dulu."),
    )


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def _docx_text(data: bytes) -> tuple[str, list]:
    import docx

    d = docx.Document(BytesIO(data))
    paragraphs = "\n".join(p.text for p in d.paragraphs)
    return paragraphs, d.tables


def test_pdf_has_the_cover_and_every_section_in_order(world: World) -> None:
    _with_report(world)
    doc = project_document(world.db, world.actor("P1"), world.enrolments["P1"], "all")
    data = render_pdf(doc)
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    # Cover: title, name, NIP (grouped), NDH, angkatan, instansi.
    for expected in (
        "RANCANGAN PROYEK PERUBAHAN",
        "LAPORAN PROYEK PERUBAHAN",
        "“SiCepat” — ≤ 1 hari",
        "Peserta Satu",
        "19800101 200501 1 001",
        "NDH",
        "Angkatan",
        "Instansi",
    ):
        assert expected in text, expected
    # Design sections in docs/rules.md order, then the report's.
    order = [
        "Latar belakang",
        "Tujuan",
        "Tonggak (milestone)",
        "Jangka pendek",
        "Jangka menengah",
        "Jangka panjang",
        "Analisis pemangku kepentingan",
        "Tim efektif",
        "Risiko dan mitigasi",
        "Rencana pengembangan potensi diri",
        "Capaian setiap tonggak",
        "Pelajaran yang dipetik",
    ]
    # Read past the table of contents (which names the sections too): the body starts at
    # the design's first section's last mention.
    body = text[text.rindex(order[0]) :]
    positions = [body.index(s) for s in order]
    assert positions == sorted(positions)
    # Tables carry the rows: a milestone, a stakeholder with its quadrant, a risk.
    for cell in (
        "Formulir daring",
        "Kepala Dinas",
        "Kelola dengan cermat",
        "Server tidak siap",
        "Antrean 3 jam; warga kecewa.",
    ):
        assert cell in text, cell
    assert "Libatkan pengguna sejak awal" in text


def test_docx_has_the_cover_sections_and_tables(world: World) -> None:
    _with_report(world)
    doc = project_document(world.db, world.actor("C1"), world.enrolments["P1"], "design")
    paragraphs, tables = _docx_text(render_docx(doc))
    assert "“SiCepat” — ≤ 1 hari" in paragraphs
    assert "RANCANGAN PROYEK PERUBAHAN" in paragraphs
    assert "Latar belakang" in paragraphs and "Laporan" not in paragraphs.split("RANCANGAN")[1]
    cells = {c.text for t in tables for row in t.rows for c in row.cells}
    assert {"Peserta Satu", "19800101 200501 1 001", "1"} <= cells  # cover: name, NIP, NDH
    assert {"Formulir daring", "Kepala Dinas", "Kelola dengan cermat", "Server tidak siap"} <= cells
    headers = [[c.text for c in t.rows[0].cells] for t in tables]
    assert ["Tonggak", "Kegiatan", "Keluaran", "Tenggat"] in headers
    assert ["Risiko", "Kemungkinan", "Dampak", "Mitigasi"] in headers


def test_an_empty_project_still_exports(world: World) -> None:
    doc = project_document(world.db, world.actor("P1"), world.enrolments["P1"], "all")
    assert "(belum diisi)" in _pdf_text(render_pdf(doc))
    paragraphs, _ = _docx_text(render_docx(doc))
    assert "(belum diisi)" in paragraphs


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("P1", True),
        ("C1", True),
        ("M1", True),
        ("X1", True),
        ("K1", True),
        ("ADMIN", True),
        ("SYSTEM", True),
        ("P2", False),
        ("C2", False),
        ("C3", False),
        ("K2", False),
        ("P3", False),
    ],
)
def test_who_may_export_a_participants_project(world: World, who: str, allowed: bool) -> None:
    if allowed:
        assert (
            project_document(world.db, world.actor(who), world.enrolments["P1"]).name
            == "Peserta Satu"
        )
    else:
        with pytest.raises(Forbidden):
            project_document(world.db, world.actor(who), world.enrolments["P1"])


def test_find_enrolment_by_nip_with_or_without_spaces(world: World) -> None:
    system = world.actor("SYSTEM")
    code = world.cohort_codes["A"]
    assert find_enrolment(world.db, system, P1_NIP, code) == world.enrolments["P1"]
    assert find_enrolment(world.db, system, P1_NIP.replace(" ", ""), code) == world.enrolments["P1"]
    with pytest.raises(NotFound):
        find_enrolment(world.db, system, P1_NIP, world.cohort_codes["B"])


def test_write_replaces_the_file_whole(world: World, tmp_path) -> None:
    doc = project_document(world.db, world.actor("P1"), world.enrolments["P1"], "design")
    target = tmp_path / "out.docx"
    size = write(doc, "docx", target)
    assert target.stat().st_size == size
    assert not list(tmp_path.glob("*.part"))


def _cli(*args: str, env_extra: dict | None = None) -> Ran:
    return run_cli(*args, env={"DIKLAT_LANG": "id", **(env_extra or {})})


def test_cli_exports_pdf_and_docx(world: World, tmp_path) -> None:
    _with_report(world)
    world.db.checkpoint()
    code = world.cohort_codes["A"]
    pdf, docx_file = tmp_path / "proyek.pdf", tmp_path / "proyek.docx"
    r = _cli(
        "--db",
        str(world.path),
        "export",
        "project",
        P1_NIP,
        "--cohort",
        code,
        "--format",
        "pdf",
        "-o",
        str(pdf),
    )
    assert r.returncode == 0, r.stderr
    assert str(pdf) in r.stdout
    assert "Kepala Dinas" in _pdf_text(pdf.read_bytes())
    r = _cli(
        "--db",
        str(world.path),
        "export",
        "project",
        P1_NIP.replace(" ", ""),
        "--cohort",
        code,
        "--format",
        "docx",
        "--part",
        "report",
        "-o",
        str(docx_file),
    )
    assert r.returncode == 0, r.stderr
    paragraphs, _ = _docx_text(docx_file.read_bytes())
    assert "LAPORAN PROYEK PERUBAHAN" in paragraphs and "RANCANGAN" not in paragraphs


def test_cli_export_errors_are_one_line(world: World, tmp_path) -> None:
    out = tmp_path / "x.pdf"
    r = _cli(
        "--db",
        str(world.path),
        "export",
        "project",
        P1_NIP,
        "--cohort",
        "NOPE",
        "--format",
        "pdf",
        "-o",
        str(out),
    )
    assert r.returncode == 1
    assert (
        "NOPE" in r.stderr
        and "Traceback" not in r.stderr
        and len(r.stderr.strip().splitlines()) == 1
    )
    assert not out.exists()
    r = _cli(
        "--db",
        str(world.path),
        "export",
        "project",
        P1_NIP,
        "--cohort",
        "X",
        "--format",
        "odt",
        "-o",
        str(out),
    )
    assert r.returncode == 2


def _with_evidence(world: World) -> dict[str, bytes]:
    """P1's report (as ``_with_report``) with evidence: a decree and a photo sent with the
    implementation on milestone M1, a chart on M1 and a whole-report PDF with the
    report's draft, and a file added then removed (listed nowhere)."""
    import attachment_files as files

    from diklat.domain.attachments import REPORT_WHOLE
    from diklat.services import attachments

    p1, eid = world.actor("P1"), world.enrolments["P1"]
    approve_before(world, "P1", Stage.IMPLEMENTATION)
    sent = {
        "SK Kepala Dinas.pdf": files.pdf("SK Kepala Dinas nomor 12"),
        "foto peluncuran.png": files.image("PNG", (120, 90)),
    }
    for name, data in sent.items():
        attachments.add(world.db, p1, eid, Stage.IMPLEMENTATION, "M1", name, data)
    stages.save_draft(world.db, p1, eid, Stage.IMPLEMENTATION, complete(Stage.IMPLEMENTATION))
    stages.submit_stage(world.db, p1, eid, Stage.IMPLEMENTATION)
    stages.decide(world.db, world.actor("K1"), eid, Stage.IMPLEMENTATION, approve=True)
    _report_draft(world)
    report = {
        "grafik izin.xlsx": files.xlsx(),
        "dokumentasi lengkap.pdf": files.pdf("Dokumentasi"),
    }
    attachments.add(
        world.db, p1, eid, Stage.REPORT, "M1", "grafik izin.xlsx", report["grafik izin.xlsx"]
    )
    attachments.add(world.db, p1, eid, Stage.REPORT, REPORT_WHOLE, "dokumentasi lengkap.pdf",
                    report["dokumentasi lengkap.pdf"])  # fmt: skip
    dropped = attachments.add(
        world.db, p1, eid, Stage.REPORT, REPORT_WHOLE, "salah.pdf", files.pdf()
    )
    attachments.remove(world.db, p1, dropped.id)
    return {**sent, **report}


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _sha12(data: bytes) -> str:
    return _sha256(data)[:12]


def test_the_report_lists_its_evidence_by_milestone_in_pdf_and_docx(world: World) -> None:
    from pypdf import PdfReader

    sent = _with_evidence(world)
    doc = project_document(world.db, world.actor("C1"), world.enrolments["P1"], "all")
    assert [e.filename for e in doc.evidence] == [
        "SK Kepala Dinas.pdf", "foto peluncuran.png", "grafik izin.xlsx", "dokumentasi lengkap.pdf"
    ]  # fmt: skip
    assert not project_document(
        world.db, world.actor("C1"), world.enrolments["P1"], "design"
    ).evidence

    data = render_pdf(doc)
    reader = PdfReader(BytesIO(data))
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    text = " ".join(pages)
    body = text[text.rindex("Lampiran") :]  # past the table of contents
    assert "Lampiran" in pages[2]  # the contents name it, numbered as a section
    assert body.index("Tonggak: Formulir daring") < body.index("Laporan secara keseluruhan")
    for name, data_ in sent.items():
        assert name in body and _sha12(data_) in body
        assert _sha256(data_)[:14] not in body  # 12 digits, not the whole
    for cell in ("PDF", "gambar PNG", "lembar kerja Excel (XLSX)", "Implementasi", "kB"):
        assert cell in body, cell
    assert "salah.pdf" not in text
    assert len(reader.attachments) == 0  # listed, not embedded
    paragraphs, tables = _docx_text(render_docx(doc))
    assert "Lampiran" in paragraphs and "Laporan secara keseluruhan" in paragraphs
    listed = [
        [c.text for c in row.cells]
        for t in tables
        if [c.text for c in t.rows[0].cells][:2] == ["Nama berkas", "Tahap"]
        for row in t.rows[1:]
    ]
    assert [(r[0], r[1], r[4]) for r in listed] == [
        (name, stage, _sha12(sent[name]))
        for name, stage in (
            ("SK Kepala Dinas.pdf", "Implementasi"),
            ("foto peluncuran.png", "Implementasi"),
            ("grafik izin.xlsx", "Laporan"),
            ("dokumentasi lengkap.pdf", "Laporan"),
        )
    ]


def test_a_report_without_evidence_has_no_attachment_section(world: World) -> None:
    _with_report(world)
    doc = project_document(world.db, world.actor("P1"), world.enrolments["P1"], "report")
    assert doc.evidence == ()
    assert "Lampiran" not in _pdf_text(render_pdf(doc))
