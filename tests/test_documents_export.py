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
