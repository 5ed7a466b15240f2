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
