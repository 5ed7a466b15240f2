"""Choosing the sheet of a workbook to import (issue 14 part 7): a workbook often
starts with a cover or a summary sheet and keeps the list on another. ``--sheet NAME``
on the command line and a sheet pick in the import tab read that sheet, checked like
any file; a sheet the workbook lacks is a one-line problem naming the sheets it has."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import run_cli
from factories import World, snapshot
from openpyxl import Workbook
from sqlalchemy import func, select
from textual.widgets import DataTable, Input, Select, Static

from diklat.db.models import Enrolment
from diklat.domain.imports import ImportInvalid
from diklat.io.participants_import import read_participants
from diklat.io.tabular import Pasted, read_table, sheet_names

ROWS = [
    ("NIP", "Nama", "Pangkat/Gol.", "Jabatan", "Instansi"),
    ("19860303 201101 1 003", "Budi Santoso", "Penata (III/c)", "Kepala Seksi A", "Dinas X"),
    ("198704042012022004", "Sri Wahyuni", "Penata (III/c)", "Kepala Subbagian B", "Dinas Y"),
]


def workbook(path: Path) -> Path:
    """A cover sheet first (no columns an importer knows), the list on 'Peserta'."""
    wb = Workbook()
    cover = wb.active
    cover.title = "Sampul"
    cover.append(["REKAP PESERTA DIKLATPIM IV"])
    cover.append(["Jumlah", 2])
    listing = wb.create_sheet("Peserta")
    for row in ROWS:
        listing.append(list(row))
    wb.save(path)
    return path


def enrolments(world: World) -> int:
    with world.db.read() as s:
        return s.scalar(select(func.count()).select_from(Enrolment))


def test_the_named_sheet_is_read_and_the_first_by_default(tmp_path: Path) -> None:
    path = workbook(tmp_path / "peserta.xlsx")
    assert sheet_names(path) == ["Sampul", "Peserta"]
    assert read_table(path).headers[0] == "REKAP PESERTA DIKLATPIM IV"
    rows, _ = read_participants(path, sheet="Peserta")
    assert [r.nama for r in rows] == ["Budi Santoso", "Sri Wahyuni"]
    # typed as seen on the tab: case and outer spaces do not matter
    assert len(read_participants(path, sheet=" peserta")[0]) == 2


def test_a_missing_sheet_names_the_sheets_there_are(tmp_path: Path) -> None:
    path = workbook(tmp_path / "peserta.xlsx")
    with pytest.raises(ImportInvalid) as caught:
        read_table(path, sheet="Daftar")
    text = caught.value.message()
    assert "'Daftar'" in text and "'Sampul', 'Peserta'" in text


def test_a_sheet_for_a_csv_or_pasted_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "peserta.csv"
    path.write_text("\n".join(",".join(r) for r in ROWS), encoding="utf-8")
    assert sheet_names(path) == []
    for source in (path, Pasted("\n".join("\t".join(r) for r in ROWS))):
        with pytest.raises(ImportInvalid) as caught:
            read_table(source, sheet="Peserta")
        assert "XLSX" in caught.value.message()


def test_cli_imports_the_named_sheet(world: World, tmp_path: Path) -> None:
    path = workbook(tmp_path / "peserta.xlsx")
    env = {"DIKLAT_DB": str(world.path)}
    before = snapshot(world.db)
    first = run_cli("import", "participants", path, "--cohort", "ANGK-A", env=env)
    assert first.code == 1 and "Sampul" not in first.out  # the cover has no such columns
    assert snapshot(world.db) == before
    missing = run_cli(
        "import", "participants", path, "--cohort", "ANGK-A", "--sheet", "Daftar", env=env
    )
    assert missing.code == 1 and "'Sampul', 'Peserta'" in missing.both, missing.both
    assert snapshot(world.db) == before
    count = enrolments(world)
    ran = run_cli(
        "import", "participants", path, "--cohort", "ANGK-A", "--sheet", "Peserta", env=env
    )
    assert ran.code == 0, ran.both
    assert enrolments(world) == count + 2


async def settle(app, pilot) -> None:
    for _ in range(4):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_import_tab_offers_the_sheets_of_a_workbook(world: World, tmp_path: Path) -> None:
    from diklat.tui.app import DiklatApp

    path = workbook(tmp_path / "peserta.xlsx")
    count = enrolments(world)
    app = DiklatApp(world.db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.logged_in(world.actor("K1"))
        await settle(app, pilot)
        app.screen.query_one("#cohorts", DataTable).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        app.screen.query_one("#imp-path", Input).value = str(path)
        app.screen.query_one("#imp-path", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        # the first sheet is read and refused; the pick offers the others
        pick = app.screen.query_one("#imp-sheet", Select)
        assert app.screen.query_one("#imp-sheet-row").display
        assert pick.value == "Sampul"
        report = str(app.screen.query_one("#imp-report", Static).render())
        assert "✗" in report
        pick.value = "Peserta"
        await settle(app, pilot)
        report = str(app.screen.query_one("#imp-report", Static).render())
        assert "2 baris sah" in report and "'Peserta'" in report, report
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
    assert enrolments(world) == count + 2
