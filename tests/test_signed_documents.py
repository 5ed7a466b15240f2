"""Signed documents of the 2018 sample cohort: the document number the coordinator gives
(``--number`` and the Ekspor tab) on the graduation list (PDF and XLSX) and the visit
letters; the institution's logo drawn on every signed PDF (list, certificates, letters)
at the letterhead's top-left, with the logo's own pixels."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import openpyxl
import pytest
from cli_runner import run_cli
from factories import copy_demo
from PIL import Image
from pypdf import PdfReader

from diklat.db.engine import Database
from diklat.io.certificates import write as write_certificates
from diklat.io.graduation import write_graduation
from diklat.io.visit_letters import write_letters
from diklat.services import institutions
from diklat.services.actor import Actor
from diklat.services.certificates import certificates
from diklat.services.graduation import cohort_results
from diklat.services.institutions import InstitutionFields
from diklat.services.visits import letters

FINISHED = "DIKLATPIM-IV-III-2018"
INSTITUTION = "LAN-SUM"
LOGO_COLOUR = (20, 90, 200)


@pytest.fixture(scope="module")
def sample(demo_template, tmp_path_factory) -> Database:
    db = Database.open(copy_demo(demo_template, tmp_path_factory.mktemp("signed") / "demo.db"))
    db.checkpoint()
    yield db
    db.dispose()


def _text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_the_graduation_list_carries_the_number_given_on_the_command_line(
    sample: Database, tmp_path: Path
) -> None:
    number = "800/123/PKA-SUM/XII/2018"
    pdf, xlsx = tmp_path / "lulus.pdf", tmp_path / "lulus.xlsx"
    for target in (pdf, xlsx):
        ran = run_cli(
            "--db", sample.path, "export", "graduation", "--cohort", FINISHED, "-o", target,
            "--number", number,
        )  # fmt: skip
        assert ran.code == 0, ran.both
    text = _text(pdf)
    assert f"Nomor: {number}" in text and "DK/DIKLATPIM" not in text
    assert PdfReader(pdf).metadata.subject == number
    rows = list(openpyxl.load_workbook(xlsx).active.iter_rows(values_only=True))
    assert rows[1][0] == f"Nomor: {number}"
    # Without it, diklat's own number; and a number is one cohort's, never all cohorts'.
    ran = run_cli("--db", sample.path, "export", "graduation", "--cohort", FINISHED, "-o", pdf)
    assert ran.code == 0 and f"Nomor: DK/{FINISHED}/2018" in _text(pdf)
    ran = run_cli(
        "--db", sample.path, "export", "graduation", "--all-cohorts", "-o", tmp_path / "all.csv",
        "--number", number,
    )  # fmt: skip
    assert ran.code == 2 and "--number" in ran.err and not (tmp_path / "all.csv").exists()


async def test_the_ekspor_tab_numbers_the_list_and_the_letters(
    sample: Database, tmp_path: Path
) -> None:
    from test_coordinator_tui import open_cohort, settle
    from textual.widgets import Input, Select

    from diklat.tui.app import DiklatApp

    copy = tmp_path / "tui.db"
    shutil.copyfile(sample.path, copy)
    db = Database.open(copy)
    app = DiklatApp(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_cohort(app, pilot, db, FINISHED)
        await pilot.press("6")
        await settle(app, pilot)
        kind = app.screen.query_one("#exp-kind", Select)
        number = app.screen.query_one("#exp-number", Input)
        path = app.screen.query_one("#exp-path", Input)
        kind.value = "graduation-csv"
        await settle(app, pilot)
        assert not number.display  # the CSV is a contract: no number to give
        kind.value = "graduation-pdf"
        await settle(app, pilot)
        assert number.display
        number.value = "  445/77/PKA/2018 "
        path.value = str(tmp_path / "lulus.pdf")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "Nomor: 445/77/PKA/2018" in _text(tmp_path / "lulus.pdf")
        kind.value = "visits-pdf"
        await settle(app, pilot)
        number.value = "005/SP/PKA/2018"
        path.value = str(tmp_path / "surat.pdf")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        letters_text = _text(tmp_path / "surat.pdf")
        assert "005/SP/PKA/2018" in letters_text and "/SP/DIKLATPIM" not in letters_text
    db.dispose()


def _logo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 120), LOGO_COLOUR).save(out, "PNG")
    return out.getvalue()


def test_the_institutions_logo_is_drawn_on_every_signed_document(
    sample: Database, tmp_path: Path
) -> None:
    copy = tmp_path / "logo.db"
    shutil.copyfile(sample.path, copy)
    db = Database.open(copy)
    system = Actor.system()
    institutions.edit_institution(db, system, INSTITUTION, InstitutionFields(logo=_logo()))
    made = {
        "list": lambda p: write_graduation(cohort_results(db, system, FINISHED), "pdf", p),
        "certificates": lambda p: write_certificates(certificates(db, system, FINISHED), "pdf", p),
        "letters": lambda p: write_letters(letters(db, system, FINISHED), p),
    }
    for name, write in made.items():
        path = tmp_path / f"{name}.pdf"
        write(path)
        page = PdfReader(path).pages[0]
        assert len(page.images) == 1, name
        picture = page.images[0].image.convert("RGB")
        assert picture.size == (120, 120) and picture.getpixel((60, 60)) == LOGO_COLOUR, name
        # Drawn at the letterhead: in the page's top-left quarter.
        placed = _image_position(page)
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert placed[0] < width / 4 and placed[1] > height * 3 / 4, (name, placed)
    db.dispose()


def _image_position(page) -> tuple[float, float]:
    """Where the page's content stream places its image (x, y of its transformation
    matrix, in points from the bottom-left), read from the ``cm`` before the ``Do``."""
    from pypdf.generic import ContentStream

    last = (0.0, 0.0)
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"cm":
            last = (float(operands[4]), float(operands[5]))
        if operator == b"Do":
            return last
    raise AssertionError("no image drawn")


def test_the_project_documents_cover_carries_the_institutions_logo(
    sample: Database, tmp_path: Path
) -> None:
    import docx
    from sqlalchemy import select

    from diklat.db.models import Cohort, Enrolment
    from diklat.io.documents import render_docx, render_pdf
    from diklat.services.documents import project_document

    copy = tmp_path / "logo.db"
    shutil.copyfile(sample.path, copy)
    db = Database.open(copy)
    system = Actor.system()
    institutions.edit_institution(db, system, INSTITUTION, InstitutionFields(logo=_logo()))
    with db.read() as s:
        enrolment = s.scalar(
            select(Enrolment.id)
            .join(Cohort, Cohort.id == Enrolment.cohort_id)
            .where(Cohort.code == FINISHED)
            .order_by(Enrolment.ndh)
            .limit(1)
        )
    doc = project_document(db, system, enrolment, "design")
    db.dispose()
    cover = PdfReader(io.BytesIO(render_pdf(doc))).pages[0]
    assert len(cover.images) == 1
    picture = cover.images[0].image.convert("RGB")
    assert picture.getpixel((60, 60)) == LOGO_COLOUR
    x, _ = _image_position(cover)
    width = float(cover.mediabox.width)
    assert abs(x + 30 / 25.4 * 72 / 2 - width / 2) < 2  # centred on the cover
    word = docx.Document(io.BytesIO(render_docx(doc)))
    assert len(word.inline_shapes) == 1
