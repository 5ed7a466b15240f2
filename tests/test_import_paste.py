"""Cells pasted from a spreadsheet (tab-separated) in the import tab, checked exactly
like a file: previewed, then imported all at once; a bad paste lists its problems row
by row and writes nothing. Pilot at 80x24."""

from __future__ import annotations

import pytest
from factories import World, snapshot
from sqlalchemy import func, select
from textual.widgets import DataTable, Static, TextArea

from diklat.db.models import Enrolment
from diklat.io.tabular import Pasted, read_table

PASTE = (
    "NIP\tNama\tPangkat/Gol.\tJabatan\tInstansi\n"
    "19860303 201101 1 003\tBudi Santoso\tPenata (III/c)\tKepala Seksi A\tDinas X\n"
    "198704042012022004\tSri Wahyuni\tPenata (III/c)\tKepala Subbagian B\tDinas Y\n"
)


async def settle(app, pilot) -> None:
    for _ in range(4):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def enrolments(world: World) -> int:
    with world.db.read() as s:
        return s.scalar(select(func.count()).select_from(Enrolment))


async def open_import(app, pilot, world: World) -> None:
    await settle(app, pilot)
    app.logged_in(world.actor("K1"))
    await settle(app, pilot)
    app.screen.query_one("#cohorts", DataTable).focus()
    await pilot.press("enter")
    await settle(app, pilot)
    await pilot.press("3")
    await settle(app, pilot)


def test_pasted_text_is_read_like_a_tab_separated_file() -> None:
    table = read_table(Pasted(PASTE))
    assert table.headers[:2] == ["NIP", "Nama"] and len(table.rows) == 2


async def test_pasted_cells_are_previewed_then_imported(world: World) -> None:
    from diklat.tui.app import DiklatApp

    before = enrolments(world)
    app = DiklatApp(world.db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_import(app, pilot, world)
        paste = app.screen.query_one("#imp-paste", TextArea)
        paste.focus()
        paste.text = PASTE
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        report = str(app.screen.query_one("#imp-report", Static).render())
        assert "2 baris sah di teks tempelan" in report, report
        assert app.screen.query_one("#imp-preview", DataTable).row_count == 2
        assert enrolments(world) == before
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert enrolments(world) == before + 2


async def test_a_bad_paste_lists_its_problems_and_writes_nothing(world: World) -> None:
    from diklat.tui.app import DiklatApp

    app = DiklatApp(world.db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_import(app, pilot, world)
        paste = app.screen.query_one("#imp-paste", TextArea)
        paste.focus()
        paste.text = PASTE.replace("19860303 201101 1 003", "19861303 201101 1 003")
        before = snapshot(world.db)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        report = str(app.screen.query_one("#imp-report", Static).render())
        assert "✗" in report and "2" in report  # the row a spreadsheet shows
        await pilot.press("ctrl+s")  # nothing checked: checks again, imports nothing
        await settle(app, pilot)
        assert type(app.screen).__name__ == "CohortScreen"
        assert snapshot(world.db) == before


def test_the_header_is_found_below_title_rows_and_spreadsheet_headings_are_known() -> None:
    from diklat.io.participants_import import parse_participants

    text = (
        "DAFTAR PESERTA DIKLATPIM IV ANGKATAN IX\n"
        "Tahun 2026\n"
        "\n"
        "No\tNIP\tNama (dengan gelar)\tPangkat / Golongan Ruang\tJabatan\tInstansi / Unit Kerja\n"
        "1\t19860303 201101 1 003\tBudi Santoso, S.E.\tPenata (III/c)\tKepala Seksi\tDinas X\n"
    )
    rows, unknown = parse_participants(read_table(Pasted(text)))
    assert [(r.nama, r.pangkat_golongan, r.instansi) for r in rows] == [
        ("Budi Santoso, S.E.", "Penata (III/c)", "Dinas X")
    ]
    assert unknown == ["No"]
