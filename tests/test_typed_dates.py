"""Dates as people type them (issue 16 part 2): one reading for every date field."""

from __future__ import annotations

from datetime import date

import pytest

from diklat.tui import format as fmt


@pytest.mark.parametrize(
    "typed", ["15-10-2026", "15/10/2026", "15.10.2026", "2026-10-15", " 15-10-2026 "]
)
def test_a_date_reads_as_people_type_it(typed: str) -> None:
    assert fmt.read_day(typed) == date(2026, 10, 15)
    assert fmt.day(fmt.read_day(typed)) == "15-10-2026"


@pytest.mark.parametrize("typed", ["31-02-2026", "15-13-2026", "besok", "2026/10"])
def test_a_date_that_cannot_be_read_is_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        fmt.read_day(typed)


async def _settle(app, pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()


async def _benchmark_note(app, pilot, world) -> None:
    from factories import approve_before

    from diklat.domain.workflow import Stage
    from diklat.tui.screens.participant import open_stage

    approve_before(world, "P1", Stage.INNOVATION)
    app.logged_in(world.actor("P1"))
    await _settle(app, pilot)
    open_stage(app, world.actor("P1"), world.enrolments["P1"], Stage.INNOVATION)
    await _settle(app, pilot)
    app.screen.query_one("#list-benchmarks-table").focus()
    await pilot.press("a")
    await pilot.pause()


def _status(app) -> str:
    from diklat.tui.widgets.statusline import StatusLine

    return str(app.screen.query_one(StatusLine).render())


def _stored(world) -> list[dict]:
    from diklat.domain.workflow import Stage
    from diklat.services import stages

    view = stages.get_stage(world.db, world.actor("P1"), world.enrolments["P1"], Stage.INNOVATION)
    return view.draft.get("benchmarks") or []


@pytest.mark.parametrize("typed", ["15/10/2026", "15-10-2026", "2026-10-15"])
async def test_a_visit_date_typed_key_by_key_is_stored_and_shown_dd_mm_yyyy(world, typed) -> None:
    from textual.widgets import DataTable

    from diklat.tui.app import DiklatApp

    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _benchmark_note(app, pilot, world)
        app.screen.query_one("#list-benchmarks-visit_date").focus()
        await pilot.press(*typed)
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        table = app.screen.query_one("#list-benchmarks-table", DataTable)
        assert str(table.get_cell_at((0, 1))) == "15-10-2026"
        assert "tidak terbaca" not in _status(app)
    assert _stored(world)[0]["visit_date"] == "2026-10-15"


async def test_a_date_that_cannot_be_read_is_said_and_not_stored(world) -> None:
    from diklat.tui.app import DiklatApp

    app = DiklatApp(world.db)
    async with app.run_test(size=(80, 24)) as pilot:
        await _benchmark_note(app, pilot, world)
        app.screen.query_one("#list-benchmarks-visit_date").focus()
        await pilot.press(*"31-02-2026")
        await _settle(app, pilot)
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert _stored(world)[0].get("visit_date") is None  # the note itself was saved
        status = _status(app)
        assert "“31-02-2026” tidak terbaca sebagai tanggal" in status
        assert "Tanggal" in status.split("“")[0]  # the field is named
        # Half-typed, the field says nothing yet; leaving it unreadable says it.
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        await pilot.pause()
        assert "tidak terbaca" not in _status(app)
        await pilot.press("tab")
        await pilot.pause()
        assert "“31-02-” tidak terbaca" in _status(app)
        # Corrected, the note goes and the date is stored.
        field = app.screen.query_one("#list-benchmarks-visit_date")
        field.focus()
        field.value = ""
        await pilot.press(*"28-02-2026")
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert "tidak terbaca" not in _status(app)
    assert _stored(world)[0]["visit_date"] == "2026-02-28"


@pytest.mark.parametrize("read_only", [False, True])
async def test_a_stored_date_opens_dd_mm_yyyy_in_its_field(world, read_only) -> None:
    """The field was made with the stored ISO text, which reading back left as it was:
    a milestone's date showed 2026-11-23 in the participant's own form and in the read-
    only view a coach opens from Peserta saya."""
    from factories import approve_before
    from textual.widgets import Input

    from diklat.domain.workflow import Stage
    from diklat.services import stages
    from diklat.tui.app import DiklatApp
    from diklat.tui.screens.participant.implementation import ImplementationScreen

    approve_before(world, "P1", Stage.IMPLEMENTATION)
    doc = {"progress": [{"milestone": "M1", "status": "done", "on": "2026-11-23"}]}
    stages.save_draft(
        world.db, world.actor("P1"), world.enrolments["P1"], Stage.IMPLEMENTATION, doc
    )
    who = world.actor("C1" if read_only else "P1")
    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.logged_in(world.actor("P1"))
        await _settle(app, pilot)
        await app.push_screen(
            ImplementationScreen(who, world.enrolments["P1"], read_only=read_only)
        )
        await _settle(app, pilot)
        field = app.screen.query_one("#list-progress-on", Input)
        assert field.value == "23-11-2026"
