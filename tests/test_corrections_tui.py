"""In the app: the participant opens My details from the home (D), asks to correct
their jabatan (a refusal said in the status line first, nothing stored), sees it
pending; the cohort's coordinator sees it in the Peserta & staf tab and approves it
(Y); the participant's jabatan has changed, and the audit log holds both steps."""

from __future__ import annotations

from factories import World, count
from sqlalchemy import select
from textual.widgets import DataTable, Input, Select, Static

from diklat.db.models import AuditEntry, Person
from diklat.tui.widgets.statusline import StatusLine


async def _settle(app, pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def _status(app) -> str:
    return str(app.screen.query_one(StatusLine).render())


async def test_the_participant_asks_and_the_coordinator_approves(world: World) -> None:
    from diklat.tui.app import DiklatApp

    app = DiklatApp(world.db)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        app.logged_in(world.actor("P1"))
        await _settle(app, pilot)
        app.screen.query_one("#home-body").focus()
        await pilot.press("d")
        await _settle(app, pilot)
        assert type(app.screen).__name__ == "DetailsScreen"
        assert "Peserta Satu" in str(app.screen.query_one("#details-current", Static).render())
        assert "Belum ada permintaan" in str(
            app.screen.query_one("#details-requests", Static).render()
        )

        app.screen.query_one("#details-field", Select).value = "jabatan"
        app.screen.query_one("#details-value", Input).value = "Kepala Subbagian Umum"
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert "alasan" in _status(app).lower()  # no reason given: said, nothing stored
        assert count(world.db, "detail_corrections") == 0

        app.screen.query_one("#details-reason", Input).value = "SK jabatan baru"
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert "terkirim" in _status(app)
        assert "menunggu" in str(app.screen.query_one("#details-requests", Static).render())
        assert count(world.db, "detail_corrections") == 1

    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(app, pilot)
        app.logged_in(world.actor("K1"))
        await _settle(app, pilot)
        app.screen.query_one("#cohorts", DataTable).focus()
        await pilot.press("enter")
        await _settle(app, pilot)
        await pilot.press("2")
        await _settle(app, pilot)
        table = app.screen.query_one("#corr-table", DataTable)
        assert table.row_count == 1 and table.display
        table.focus()
        await pilot.press("y")
        await _settle(app, pilot)
        said = str(app.screen.query_one("#coord-status").render())
        assert "disetujui" in said and "Peserta Satu" in said, said
        assert not app.screen.query_one("#people-corrections").display

    with world.db.read() as s:
        jabatan = s.scalar(select(Person.jabatan).where(Person.id == world.users["P1"].person_id))
        actions = set(s.scalars(select(AuditEntry.action)))
    assert jabatan == "Kepala Subbagian Umum"
    assert {"correction_request", "correction_approve"} <= actions


async def test_a_refusal_with_a_note_is_what_the_participant_then_reads(world: World) -> None:
    from diklat.services.corrections import request_correction
    from diklat.tui.app import DiklatApp
    from diklat.tui.navigation import open_screen

    request_correction(world.db, world.actor("P2"), "instansi", "Dinas B", "Mutasi")
    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(app, pilot)
        app.logged_in(world.actor("K1"))
        await _settle(app, pilot)
        # Staff details come from the staff file: no D on a coordinator's home.
        assert app.screen.check_action("my_details", ()) is False
        open_screen(app, "cohort", world.cohort_codes["A"])
        await _settle(app, pilot)
        await pilot.press("2")
        await _settle(app, pilot)
        detail = str(app.screen.query_one("#corr-detail", Static).render())
        assert "Dinas B" in detail and "Mutasi" in detail, detail
        app.screen.query_one("#corr-note", Input).value = "Belum ada SK mutasi"
        app.screen.query_one("#corr-table", DataTable).focus()
        await pilot.press("x")
        await _settle(app, pilot)
        assert "ditolak" in str(app.screen.query_one("#coord-status").render())

    app = DiklatApp(world.db)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        app.logged_in(world.actor("P2"))
        await _settle(app, pilot)
        open_screen(app, "my_details")
        await _settle(app, pilot)
        said = str(app.screen.query_one("#details-requests", Static).render())
        assert "ditolak" in said and "Belum ada SK mutasi" in said, said
    with world.db.read() as s:
        instansi = s.scalar(select(Person.instansi).where(Person.id == world.users["P2"].person_id))
    assert instansi != "Dinas B"
