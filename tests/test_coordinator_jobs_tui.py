"""The cohort screen's tabs 7 (marking completeness) and 8 (reminders), with Pilot at
80x24 and 120x40: missing marks per marker, the jump to moderation, the late list with
each person's message, sending through a real SMTP server on loopback after a
confirmation, and the late list exported from the Ekspor tab."""

from __future__ import annotations

import csv

import pytest
from factories import World
from smtp_support import smtp_server
from test_reminders import FROM, late_world
from textual.widgets import DataTable, Input, Select, Static

from diklat.i18n import t
from diklat.tui.screens.coordinator.cohort import TABS

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


async def settle(app, pilot) -> None:
    for _ in range(4):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def rows(app, selector: str) -> list[list[str]]:
    table = app.screen.query_one(selector, DataTable)
    return [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]


async def open_cohort(app, pilot, world: World) -> None:
    await settle(app, pilot)
    app.logged_in(world.actor("K1"))
    await settle(app, pilot)
    app.screen.query_one("#cohorts", DataTable).focus()
    await pilot.press("enter")
    await settle(app, pilot)
    assert type(app.screen).__name__ == "CohortScreen"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_marking_completeness_names_what_is_missing_and_opens_moderation(
    world: World, size
) -> None:
    from diklat.tui.app import DiklatApp

    app = DiklatApp(world.db)
    async with app.run_test(size=size) as pilot:
        await open_cohort(app, pilot, world)
        await pilot.press("7")
        await settle(app, pilot)
        assert "16 nilai belum masuk" in shown(app, "#mk-summary")
        table = rows(app, "#mk-markers")
        assert ["Sikap Perilaku", "Coach Satu", "0/1", "NDH 1"] in [r[:1] + r[2:] for r in table]
        assert any("belum ditugaskan" in r[2] for r in table)
        # The whole bar fits: at 80 columns the tab in front in full, the others by number.
        bar = str(app.screen.query_one("#coord-tabbar").render()).splitlines()[0].rstrip()
        last = len(TABS)  # the bar ends with the last tab, by number alone at 80 columns
        tail = str(last) if size[0] == 80 else t(f"coord.tab.{TABS[-1]}")
        assert "7 Nilai" in bar and bar.endswith(tail)
        await pilot.press("o")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ModerationScreen"
        assert app.screen.cohort_id == world.cohort_ids["A"]


async def test_reminders_are_previewed_sent_after_confirmation_and_exported(
    world: World, tmp_path, monkeypatch
) -> None:
    from diklat.tui.app import DiklatApp

    late_world(world)
    app = DiklatApp(world.db)
    with smtp_server() as inbox:
        monkeypatch.setenv("DIKLAT_SMTP_URL", inbox.url)
        monkeypatch.setenv("DIKLAT_SMTP_FROM", FROM)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_cohort(app, pilot, world)
            await pilot.press("8")
            await settle(app, pilot)
            table = rows(app, "#rem-table")
            names = [r[1] for r in table]
            # Today is past the cohort's end: participants, the waiting review and the
            # conduct marks (the dates are checked in tests/test_reminders.py).
            assert {"Peserta Dua", "Coach Satu", "Coach Tiga"} <= set(names)
            # Each row shows the message that person would get.
            preview = shown(app, "#rem-preview")
            assert "Yth." in preview and "Kepada:" in preview
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert type(app.screen).__name__ == "ConfirmScreen"
            assert "127.0.0.1" in shown(app, ".dialog-text") and "Rahasia" not in shown(
                app, ".dialog-text"
            )
            await pilot.press("y")
            await settle(app, pilot)
            status = shown(app, "#coord-status")
            assert "pengingat terkirim" in status, status
            assert {m["To"].addresses[0].addr_spec for m in inbox.messages} >= {
                "p2@contoh.go.id",
                "c1@contoh.go.id",
            }
            assert all(r[4] == "ya" for r in rows(app, "#rem-table"))
            # The late list goes to a file from the Ekspor tab.
            await pilot.press("6")
            await settle(app, pilot)
            app.screen.query_one("#exp-kind", Select).value = "late-csv"
            await settle(app, pilot)
            target = tmp_path / "terlambat.csv"
            app.screen.query_one("#exp-path", Input).value = str(target)
            await pilot.press("ctrl+s")
            await settle(app, pilot)
    with target.open(encoding="utf-8") as fh:
        lines = list(csv.DictReader(fh))
    assert {line["nama"] for line in lines} >= {"Peserta Dua", "Coach Satu"}
    assert all(line["sudah_diingatkan"] == "ya" for line in lines)
