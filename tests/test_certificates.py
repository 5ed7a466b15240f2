"""Certificates (STTPP) of the 2018 sample cohort read back: one A4-landscape page per
graduate carrying its number, the register as XLSX, and the refusals before release
and without a number pattern."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from factories import World, copy_demo

from diklat.db.engine import Database
from diklat.domain.rules import default_ruleset, dump_ruleset
from diklat.io.certificates import write
from diklat.services import cohort_admin, results
from diklat.services.actor import Actor
from diklat.services.certificates import certificates
from diklat.services.errors import Invalid
from diklat.services.graduation import cohort_results

FINISHED = "DIKLATPIM-IV-III-2018"


@pytest.fixture(scope="module")
def sample(demo_template, tmp_path_factory) -> Database:
    db = Database.open(copy_demo(demo_template, tmp_path_factory.mktemp("sample") / "demo.db"))
    yield db
    db.dispose()


def _pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(path).pages]


def test_one_landscape_page_per_graduate_with_its_number(sample: Database, tmp_path) -> None:
    system = Actor.system()
    data = certificates(sample, system, FINISHED)
    listed = cohort_results(sample, system, FINISHED)
    graduates = sorted((r for r in listed.rows if r.passed), key=lambda r: r.ndh)
    assert [c.ndh for c in data.certificates] == [r.ndh for r in graduates]
    assert len(graduates) < len(listed.rows), "the sample has non-graduates: they get none"
    path = tmp_path / "sttpp.pdf"
    write(data, "pdf", path)
    pages = _pages(path)
    assert len(pages) == len(graduates)
    for text, row in zip(pages, graduates):
        flat = " ".join(text.split())
        assert row.certificate_no in flat and row.name in flat and row.nip_grouped in flat
        assert "SURAT TANDA TAMAT" in flat and "14 Desember 2018" in flat
        assert row.qualification_text() in flat
    # Numbered in NDH order: 001 for the lowest NDH, and so on without a gap.
    assert [c.number[:3] for c in data.certificates] == [
        f"{n:03d}" for n in range(1, len(graduates) + 1)
    ]
    from pypdf import PdfReader

    box = PdfReader(path).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape


def test_the_register_lists_every_certificate(sample: Database, tmp_path) -> None:
    from openpyxl import load_workbook

    data = certificates(sample, Actor.system(), FINISHED)
    path = tmp_path / "register.xlsx"
    write(data, "xlsx", path)
    sheet = load_workbook(path).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    numbers = [row[1] for row in values if row[1] and "/STTPP/" in str(row[1])]
    assert numbers == [c.number for c in data.certificates]
    assert any(row[0] == "Register Sertifikat (STTPP)" for row in values)


def test_refused_before_release_with_the_reason(world: World) -> None:
    k1 = world.actor("K1")
    with pytest.raises(Invalid) as info:
        certificates(world.db, k1, "ANGK-A")
    assert info.value.key == "certificates.unreleased"
    assert "belum dirilis" in info.value.message()


def test_refused_without_a_number_pattern_then_given_once_there_is_one(world: World) -> None:
    k1 = world.actor("K1")
    results.release(world.db, k1, world.cohort_ids["A"])
    with pytest.raises(Invalid) as info:
        certificates(world.db, k1, "ANGK-A")
    assert info.value.key == "certificates.no_pattern"
    results.withdraw_release(world.db, k1, world.cohort_ids["A"])
    rules = dump_ruleset(default_ruleset())
    rules["certificate_pattern"] = "{n:03d}/STTPP/{year}"
    cohort_admin.update_rules(world.db, k1, "ANGK-A", rules)
    results.release(world.db, k1, world.cohort_ids["A"])
    assert certificates(world.db, k1, "ANGK-A").certificates == []  # nobody has marks yet


async def test_the_ekspor_tab_writes_certificates_and_says_why_it_cannot(
    sample: Database, tmp_path
) -> None:
    import shutil

    from test_coordinator_tui import open_cohort, settle, text_of
    from textual.widgets import Input, Select

    from diklat.tui.app import DiklatApp

    sample.checkpoint()
    copy = tmp_path / "tui.db"
    shutil.copyfile(sample.path, copy)
    db = Database.open(copy)
    app = DiklatApp(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_cohort(app, pilot, db, FINISHED)
        await pilot.press("6")
        await settle(app, pilot)
        app.screen.query_one("#exp-kind", Select).value = "certificates-pdf"
        await settle(app, pilot)
        path = app.screen.query_one("#exp-path", Input)
        assert path.value.endswith(f"sertifikat-{FINISHED}.pdf")
        path.value = str(tmp_path / "sttpp.pdf")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        graduates = len(certificates(db, Actor.system(), FINISHED).certificates)
        assert len(_pages(tmp_path / "sttpp.pdf")) == graduates
        assert f"{graduates} baris" in text_of(app)
        # The field visit's request letters, one per host, from the same tab.
        app.screen.query_one("#exp-kind", Select).value = "visits-pdf"
        await settle(app, pilot)
        path.value = str(tmp_path / "surat.pdf")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        letters = " ".join(" ".join(_pages(tmp_path / "surat.pdf")).split())
        assert letters.count("Permohonan Kunjungan Lapangan") == 3 and "3 baris" in text_of(app)
    db.dispose()


def test_the_command_line_prints_them_and_refuses_before_release(sample: Database, tmp_path):
    from cli_runner import run_cli

    sample.checkpoint()
    target = tmp_path / "sttpp.pdf"
    ran = run_cli("--db", sample.path, "export", "certificates", "--cohort", FINISHED, "-o", target)
    assert ran.code == 0, ran.both
    graduates = len(certificates(sample, Actor.system(), FINISHED).certificates)
    assert len(_pages(target)) == graduates and f"{graduates} sertifikat" in ran.out
    ran = run_cli(
        "--db",
        sample.path,
        "export",
        "certificates",
        "--cohort",
        FINISHED,
        "-o",
        tmp_path / "r.xlsx",
    )
    assert ran.code == 0 and (tmp_path / "r.xlsx").exists()
    refused = tmp_path / "belum.pdf"
    ran = run_cli(
        "--db", sample.path, "export", "certificates", "--cohort", "PKP-II-2026", "-o", refused
    )
    assert ran.code != 0 and "belum dirilis" in ran.err and not refused.exists()
