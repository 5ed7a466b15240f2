"""The Lembaga screen, driven with Pilot at 80x24 and 120x40: from the coordinator's home
(key I) a new institution with letterhead, signatory and logo is added, then edited;
a bad NIP or an unreadable logo is said in the status line and nothing is stored."""

from __future__ import annotations

import io

import pytest
from factories import World, snapshot
from PIL import Image
from textual.widgets import DataTable, Input, Static, TextArea

from diklat.services import institutions


async def settle(app, pilot) -> None:
    for _ in range(4):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def status(app) -> str:
    return str(app.screen.query_one("#inst-status", Static).render())


async def type_into(app, pilot, selector: str, text: str) -> None:
    widget = app.screen.query_one(selector, Input)
    widget.focus()
    widget.value = text
    await pilot.pause()


async def open_screen(world: World, pilot, app, who: str = "K1") -> None:
    await settle(app, pilot)
    app.logged_in(world.actor(who))
    await settle(app, pilot)
    await pilot.press("i")
    await settle(app, pilot)
    assert type(app.screen).__name__ == "InstitutionsScreen"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_coordinator_adds_then_edits_an_institution(world: World, tmp_path, size) -> None:
    from diklat.tui.app import DiklatApp

    logo = tmp_path / "logo.png"
    Image.new("RGB", (60, 60), (0, 90, 160)).save(logo, "PNG")
    app = DiklatApp(world.db)
    async with app.run_test(size=size) as pilot:
        await open_screen(world, pilot, app)
        assert "Belum ada lembaga" in status(app)
        await type_into(app, pilot, "#inst-code", "PPKS")
        await type_into(app, pilot, "#inst-place", "Pekanbaru")
        await type_into(app, pilot, "#inst-name", "Pusat Pengembangan Kompetensi")
        area = app.screen.query_one("#inst-letterhead", TextArea)
        area.text = "LEMBAGA ADMINISTRASI NEGARA\nTelepon (0761) 123456"
        await type_into(app, pilot, "#inst-signatory_name", "Dr. Andi")
        await type_into(app, pilot, "#inst-signatory_nip", "19700101 199503 1 001")
        await type_into(app, pilot, "#inst-signatory_title", "Kepala Pusat")
        await type_into(app, pilot, "#inst-logo", str(logo))
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "PPKS ditambahkan" in status(app), status(app)
        table = app.screen.query_one("#inst-table", DataTable)
        assert table.row_count == 1 and "PNG" in [str(c) for c in table.get_row_at(0)]
        info = institutions.get_institution(world.db, world.actor("ADMIN"), "PPKS")
        assert info.letterhead == ("LEMBAGA ADMINISTRASI NEGARA", "Telepon (0761) 123456")
        assert info.signatory.nip == "197001011995031001" and info.logo_mime == "image/png"
        # The form now edits PPKS: its code cannot be changed; a bad NIP is refused.
        assert app.screen.query_one("#inst-code", Input).disabled
        await type_into(app, pilot, "#inst-signatory_nip", "1970")
        before = snapshot(world.db)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "NIP penandatangan tidak sah" in status(app)
        assert snapshot(world.db) == before
        await type_into(app, pilot, "#inst-signatory_nip", "")
        await type_into(app, pilot, "#inst-place", "Bogor")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "PPKS disimpan" in status(app)
        info = institutions.get_institution(world.db, world.actor("ADMIN"), "PPKS")
        assert info.place == "Bogor" and info.signatory.nip == "" and info.logo_mime == "image/png"
        # The help says what the keys do.
        await pilot.press("f1")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)


async def test_an_unreadable_logo_path_is_said_and_nothing_is_saved(world: World, tmp_path) -> None:
    from diklat.tui.app import DiklatApp

    app = DiklatApp(world.db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(world, pilot, app, "ADMIN")
        await type_into(app, pilot, "#inst-code", "X1")
        await type_into(app, pilot, "#inst-name", "Lembaga X")
        await type_into(app, pilot, "#inst-logo", str(tmp_path / "tidak-ada.png"))
        before = snapshot(world.db)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "tidak dapat dibaca" in status(app) and "Tidak ada yang disimpan" in status(app)
        not_png = tmp_path / "logo.png"
        not_png.write_bytes(b"%PDF-1.4 bukan gambar")
        await type_into(app, pilot, "#inst-logo", str(not_png))
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "PNG atau JPEG" in status(app)
        assert snapshot(world.db) == before


async def test_participants_and_reviewers_have_no_institutions_key(world: World) -> None:
    from diklat.tui.app import DiklatApp

    app = DiklatApp(world.db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.logged_in(world.actor("C1"))
        await settle(app, pilot)
        await pilot.press("i")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HomeScreen"
