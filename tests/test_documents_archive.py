"""Archive-grade documents read back: log-in slips that wrap a long cohort title, the
project documents (DOCX in A4 with a page-number field and real metadata; an approval
page and a table of contents; a cover with the cohort's year and place)."""

from __future__ import annotations

from pypdf import PdfReader

from diklat.io.slips import write_slips
from diklat.services.exports import Slip, Slips

LONG = (
    "Pelatihan Kepemimpinan Pengawas Angkatan XXIV Tahun 2026 "
    "Kerja Sama Badan Pengembangan Sumber Daya Manusia Provinsi Sumatera Barat "
    "dan Lembaga Administrasi Negara"
)


def test_slips_wrap_a_long_cohort_title_instead_of_cutting_it(tmp_path) -> None:
    data = Slips(
        "PKP-XXIV-2026",
        LONG,
        "Badan Pengembangan Sumber Daya Manusia Provinsi Sumatera Barat",
        [Slip(n, f"Peserta Nomor {n}", f"19850505201001100{n}", f"sandi-{n}") for n in range(1, 6)],
        0,
    )
    path = tmp_path / "slip.pdf"
    write_slips(data, path)
    pages = PdfReader(path).pages
    assert len(pages) == 2
    for page in pages:
        raw = page.extract_text()
        # Whole, but over more than one line: a single line this long runs off the page.
        assert LONG in " ".join(raw.split()) and LONG not in raw
    assert " ".join(pages[1].extract_text().split()).count(LONG) == 1


def _p1_document(world):
    from test_documents_export import _with_report

    from diklat.services.documents import project_document

    _with_report(world)
    return project_document(world.db, world.actor("P1"), world.enrolments["P1"], "all")


def test_the_project_docx_is_a4_with_page_numbers_and_real_metadata(world) -> None:
    from io import BytesIO

    import docx

    from diklat.io.documents import render_docx

    doc = _p1_document(world)
    d = docx.Document(BytesIO(render_docx(doc)))
    for section in d.sections:
        assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
        footer = section.footer.paragraphs[0]._p.xml
        assert "PAGE" in footer and "fldChar" in footer
    props = d.core_properties
    assert props.author == "Peserta Satu" and "SiCepat" in props.title
    assert props.created is not None and props.created.date() == doc.made_on
    assert "proyek perubahan" in props.keywords
    body = d.element.body.xml
    assert 'TOC \\o "1-2"' in body  # a table of contents Word fills in
    text = "\n".join(p.text for p in d.paragraphs)
    assert "LEMBAR PENGESAHAN" in text and "Coach," in text and "Mentor," in text
    assert "diklat" not in text.lower().replace("diklatpim", "")  # no app name on the cover


def test_the_project_pdf_has_approval_page_contents_and_a_dated_cover(world, tmp_path) -> None:
    from io import BytesIO

    from diklat.io.documents import render_pdf

    doc = _p1_document(world)
    reader = PdfReader(BytesIO(render_pdf(doc)))
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    cover, approval, contents = pages[0], pages[1], pages[2]
    assert "RANCANGAN PROYEK PERUBAHAN" in cover and str(doc.year) in cover
    assert "Dibuat dengan diklat" not in cover and doc.made_on.strftime("%d-%m-%Y") not in cover
    assert "LEMBAR PENGESAHAN" in approval
    for who in ("Peserta,", "Coach,", "Mentor,", "Peserta Satu"):
        assert who in approval
    assert "DAFTAR ISI" in contents and "2. Latar belakang" in contents
    # The contents give each section's page: the one where its heading stands.
    first = next(i for i, p in enumerate(pages[3:], 3) if "2. Latar belakang" in p)
    assert f"2. Latar belakang {first + 1}" in contents


def test_the_cohorts_term_names_the_stages(tmp_path) -> None:
    from diklat.db.engine import Database
    from diklat.domain.workflow import Stage, stage_label, with_term
    from diklat.io.graduation import write_graduation
    from diklat.services.actor import Actor
    from diklat.services.demo import prepare_demo
    from diklat.services.graduation import cohort_results

    assert stage_label(Stage.DESIGN, "aksi perubahan") == "Rancangan Aksi Perubahan"
    assert stage_label(Stage.DESIGN, "proyek perubahan") == "Rancangan Proyek Perubahan"
    assert with_term("laporan proyek perubahan", "aksi perubahan") == "laporan aksi perubahan"
    db = Database.open(prepare_demo(tmp_path / "demo.db"))
    try:
        results = cohort_results(db, Actor.system(), "PKP-II-2026")  # a PKP: aksi perubahan
    finally:
        db.dispose()
    path = tmp_path / "pkp.pdf"
    write_graduation(results, "pdf", path)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())
    assert "Aksi Perubahan belum disetujui" in text and "Proyek Perubahan" not in text
