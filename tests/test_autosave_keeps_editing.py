"""An autosave never disturbs editing (issue 16 part 1): a save landing between two
keys leaves focus, cursor, highlighted option and what was just ticked as they were."""

from __future__ import annotations

from factories import World, approve_before, complete, submit
from textual.widgets import Checkbox, SelectionList

from diklat.domain.workflow import Stage
from diklat.services import stages


async def _settle(app, pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()


async def _open(app, pilot, world: World, stage: Stage) -> None:
    from diklat.tui.screens.participant import open_stage

    app.logged_in(world.actor("P1"))
    await _settle(app, pilot)
    open_stage(app, world.actor("P1"), world.enrolments["P1"], stage)
    await _settle(app, pilot)


def _draft(world: World, stage: Stage) -> dict:
    return stages.get_stage(world.db, world.actor("P1"), world.enrolments["P1"], stage).draft


async def test_apkl_ticks_survive_autosaves_landing_between_them(world: World) -> None:
    from diklat.tui.app import DiklatApp

    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(app, pilot, world, Stage.DIAGNOSIS)
        screen = app.screen
        screen.AUTOSAVE_DELAY = 0.01  # a save after every tick, while the next is typed
        screen.query_one("#list-issues-table").focus()
        await pilot.press("a")
        await _settle(app, pilot)
        first = screen.query_one("#list-issues-apkl-aktual", Checkbox)
        first.focus()
        await pilot.pause()
        for i, criterion in enumerate(("aktual", "problematik", "kekhalayakan", "layak")):
            box = screen.query_one(f"#list-issues-apkl-{criterion}", Checkbox)
            assert screen.focused is box, (criterion, screen.focused)
            await pilot.press("space")
            await pilot.pause(0.05)  # the autosave lands here
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert box.value, criterion
            assert screen.focused is box, (criterion, screen.focused)
            if i < 3:
                await pilot.press("tab")
                await pilot.pause()
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert all(
            screen.query_one(f"#list-issues-apkl-{c}", Checkbox).value
            for c in ("aktual", "problematik", "kekhalayakan", "layak")
        )
    apkl = _draft(world, Stage.DIAGNOSIS)["issues"][0]["apkl"]
    assert apkl == {"aktual": True, "problematik": True, "kekhalayakan": True, "layak": True}


async def test_the_root_causes_list_keeps_its_place_through_ticks_and_saves(
    world: World,
) -> None:
    from diklat.tui.app import DiklatApp

    approve_before(world, "P1", Stage.DIAGNOSIS)
    diagnosis = complete(Stage.DIAGNOSIS)
    diagnosis["causes"] += [
        {"key": f"K{n}", "category": "manusia", "text": f"Sebab {n}", "is_main": False}
        for n in (2, 3, 4)
    ]
    p1 = world.enrolments["P1"]
    submit(world.db, world.actor("P1"), p1, Stage.DIAGNOSIS, diagnosis)
    stages.decide(world.db, world.actor("C1"), p1, Stage.DIAGNOSIS, approve=True)
    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(app, pilot, world, Stage.INNOVATION)
        screen = app.screen
        screen.AUTOSAVE_DELAY = 0.01
        screen.query_one("#list-ideas-table").focus()
        await pilot.press("a")
        await _settle(app, pilot)
        causes = screen.query_one("#list-ideas-causes", SelectionList)
        assert causes.option_count >= 3
        keys = [causes.get_option_at_index(i).value for i in range(causes.option_count)]
        causes.focus()
        await pilot.pause()
        await pilot.press("down", "space")  # the second cause
        await _settle(app, pilot)  # its autosave lands
        assert causes.highlighted == 1
        assert screen.focused is causes
        await pilot.press("down", "space")  # the third, not the second again
        await _settle(app, pilot)
        assert causes.highlighted == 2
        assert list(causes.selected) == [keys[1], keys[2]]
    assert _draft(world, Stage.INNOVATION)["ideas"][0]["causes"] == [keys[1], keys[2]]


async def test_a_removed_fishbone_cause_is_named_and_ctrl_z_brings_it_back(world: World) -> None:
    from textual.widgets import DataTable

    from diklat.tui.app import DiklatApp
    from diklat.tui.widgets.confirm import ConfirmScreen

    approve_before(world, "P1", Stage.DIAGNOSIS)
    doc = complete(Stage.DIAGNOSIS)
    doc["causes"].append(
        {"key": "K2", "category": "manusia", "text": "Petugas belum dilatih", "is_main": False}
    )
    stages.save_draft(world.db, world.actor("P1"), world.enrolments["P1"], Stage.DIAGNOSIS, doc)
    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(app, pilot, world, Stage.DIAGNOSIS)
        screen = app.screen
        table = screen.query_one("#list-causes-table", DataTable)
        table.focus()
        await pilot.press("down")  # the second cause
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one(".dialog-text").render())
        # The cause by its text, not its category ("Manusia").
        assert "Petugas belum dilatih" in question, question
        await pilot.press("y")
        await _settle(app, pilot)
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert [c["key"] for c in _draft(world, Stage.DIAGNOSIS)["causes"]] == ["K1"]
        assert table.row_count == 1
        await pilot.press("ctrl+z")
        await _settle(app, pilot)
        assert table.row_count == 2 and table.cursor_row == 1
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
    causes = _draft(world, Stage.DIAGNOSIS)["causes"]
    assert [c["key"] for c in causes] == ["K1", "K2"]
    assert causes[1]["text"] == "Petugas belum dilatih"
