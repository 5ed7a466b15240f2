"""The coordinator plans a field visit in the app (K on the cohort screen): date, title,
programme, hosts with their groups by NDH, saved whole; the request letters written
from the same screen; refusals (a group that cannot be read, a participant in two
groups, a date that cannot be read) said in the status line with nothing stored; the
visit deleted after a confirmation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from factories import World
from pypdf import PdfReader
from textual.widgets import Button, DataTable, Input, TextArea

from diklat.services.actor import Actor
from diklat.services.visits import visits
from diklat.tui.screens.coordinator.visits import ndh_text, read_ndh
from diklat.tui.widgets.statusline import StatusLine


async def _settle(app, pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def _status(app) -> str:
    return str(app.screen.query_one(StatusLine).render())


def _set(app, **values: str) -> None:
    for key, value in values.items():
        app.screen.query_one(f"#{key.replace('_', '-')}", Input).value = value


async def _press(app, pilot, button: str) -> None:
    app.screen.query_one(f"#{button}", Button).press()
    await _settle(app, pilot)


def test_a_group_is_read_as_typed_and_written_back_as_ranges() -> None:
    assert read_ndh("1-13, 20 22;23") == (*range(1, 14), 20, 22, 23)
    assert read_ndh(" 3 - 5 ,1") == (1, 3, 4, 5) and read_ndh("") == ()
    assert ndh_text(read_ndh("1-13, 20, 21, 23")) == "1-13, 20-21, 23"
    for bad in ("1-x", "abc", "5-2", "1.5"):
        with pytest.raises(ValueError):
            read_ndh(bad)


async def test_the_coordinator_plans_a_visit_and_writes_its_letters(
    world: World, tmp_path: Path
) -> None:
    from diklat.tui.app import DiklatApp
    from diklat.tui.navigation import open_screen

    code = world.cohort_codes["A"]
    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.logged_in(world.actor("K1"))
        await _settle(app, pilot)
        open_screen(app, "cohort", code)
        await _settle(app, pilot)
        await pilot.press("k")
        await _settle(app, pilot)
        assert type(app.screen).__name__ == "VisitsScreen"
        assert "belum memiliki kunjungan" in _status(app)

        _set(app, visit_date="15/05/2026", visit_name="Studi lapangan Kota Bogor")
        app.screen.query_one("#visit-programme", TextArea).text = "09.00 pemaparan"
        _set(app, host_key="dpmptsp", host_institution="DPMPTSP Kota Bogor", host_ndh="1")
        _set(app, host_contact="Kabid Pelayanan", host_practice="Izin daring")
        await _press(app, pilot, "host-put")
        _set(app, host_key="bappeda", host_institution="Bappeda Kota Bogor", host_ndh="2")
        await _press(app, pilot, "host-put")
        assert app.screen.query_one("#visit-hosts", DataTable).row_count == 2
        # A group that cannot be read is said, and the plan keeps what it had.
        _set(app, host_key="bkpsda", host_institution="BKPSDA", host_ndh="1-x")
        await _press(app, pilot, "host-put")
        assert "'1-x'" in _status(app)
        assert app.screen.query_one("#visit-hosts", DataTable).row_count == 2
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert "2 instansi, 2 peserta" in _status(app)
        (visit,) = visits(world.db, Actor.system(), code)
        assert visit.held_on == date(2026, 5, 15) and visit.programme == "09.00 pemaparan"
        groups = {h.key: [m.ndh for m in h.members] for h in visit.hosts}
        assert groups == {"dpmptsp": [1], "bappeda": [2]}
        assert visit.hosts[0].contact == "Kabid Pelayanan"

        # The letters of the visit shown, one per host, with the number given.
        target = tmp_path / "surat.pdf"
        _set(app, letters_number="005/SP/2026", letters_path=str(target))
        await _press(app, pilot, "letters-write")
        assert "2 surat ditulis" in _status(app)
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(target).pages).split())
        assert text.count("Permohonan Kunjungan Lapangan") == 2 and "005/SP/2026" in text

        # A participant in two groups is refused by the service: nothing changes.
        hosts = app.screen.query_one("#visit-hosts", DataTable)
        hosts.focus()
        hosts.move_cursor(row=1)
        await pilot.press("enter")
        await _settle(app, pilot)
        assert app.screen.query_one("#host-key", Input).value == "bappeda"
        _set(app, host_ndh="1, 2")
        await _press(app, pilot, "host-put")
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert "dua kelompok" in _status(app)
        (again,) = visits(world.db, Actor.system(), code)
        assert {h.key: [m.ndh for m in h.members] for h in again.hosts} == groups
        # A date that cannot be read is said; nothing is stored.
        _set(app, visit_date="31-02-2026")
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert "'31-02-2026' tidak terbaca" in _status(app)
        assert visits(world.db, Actor.system(), code)[0].held_on == date(2026, 5, 15)

        # Deleted after the confirmation.
        await _press(app, pilot, "visit-delete")
        await pilot.press("y")
        await _settle(app, pilot)
        assert visits(world.db, Actor.system(), code) == []
        assert app.screen.query_one("#visit-table", DataTable).row_count == 0


async def test_the_screen_fits_80_columns(world: World) -> None:
    from diklat.tui.app import DiklatApp
    from diklat.tui.navigation import open_screen

    app = DiklatApp(world.db)
    async with app.run_test(size=(80, 24)) as pilot:
        app.logged_in(world.actor("K1"))
        await _settle(app, pilot)
        open_screen(app, "visits", world.cohort_codes["A"])
        await _settle(app, pilot)
        for widget in ("#visit-date", "#host-ndh", "#visit-save", "#letters-write"):
            node = app.screen.query_one(widget)
            assert 0 < node.region.width or node.virtual_region.width > 0, widget
            assert node.virtual_region.right <= 80, widget
