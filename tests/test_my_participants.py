"""The coach's and the mentor's own participants (issue 16 part 7): a participants x
stages matrix of their own participants only, and each stage's draft shown read-only."""

from __future__ import annotations

from datetime import date, timedelta

from factories import World, submitted
from textual.widgets import DataTable, Input

from diklat.domain.roles import Role
from diklat.domain.workflow import STAGES, Stage, State
from diklat.services import stages
from diklat.services.cohort_admin import set_deadline
from diklat.services.homes import my_participants


async def _settle(app, pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()


def test_each_sees_their_own_participants_only(world: World) -> None:
    assert [(p.ndh, p.relation) for p in my_participants(world.db, world.actor("C1"))] == [
        (1, Role.COACH)
    ]
    assert [(p.ndh, p.relation) for p in my_participants(world.db, world.actor("M1"))] == [
        (1, Role.MENTOR)
    ]
    assert [p.name for p in my_participants(world.db, world.actor("C3"))] == ["Peserta Dua"]
    assert my_participants(world.db, world.actor("P1")) == []
    assert my_participants(world.db, world.actor("K1")) == []


async def test_the_coach_sees_a_participants_by_stages_matrix_with_late_stages(
    world: World,
) -> None:
    from diklat.tui.app import DiklatApp
    from diklat.tui.screens.review.my_participants import MyParticipantsScreen

    submitted(world, "P1", Stage.DIAGNOSIS)
    code = world.cohort_codes["A"]
    set_deadline(
        world.db, world.actor("K1"), code, Stage.INNOVATION, date.today() - timedelta(days=3)
    )
    app = DiklatApp(world.db)
    async with app.run_test(size=(80, 24)) as pilot:
        app.logged_in(world.actor("C1"))
        await _settle(app, pilot)
        await pilot.press("s")
        await _settle(app, pilot)
        assert isinstance(app.screen, MyParticipantsScreen)
        table = app.screen.query_one("#mine-table", DataTable)
        assert table.row_count == 1  # P1 only: P2 and P3 have other coaches
        row = [str(c) for c in table.get_row_at(0)]
        assert row[2] == "Peserta Satu"
        states = row[4:]
        assert len(states) == len(STAGES)
        assert "Disetujui" in states[0] and "Diajukan" in states[1]
        assert "⚠" in states[2] and "⚠" not in states[1]


async def test_the_mentor_reads_a_mentees_draft_and_cannot_change_it(world: World) -> None:
    from diklat.tui.app import DiklatApp
    from diklat.tui.screens.participant.base import StageScreen

    p1 = world.actor("P1")
    stages.save_draft(
        world.db,
        p1,
        world.enrolments["P1"],
        Stage.SELF_ASSESSMENT,
        {"strengths": "Teliti dan tekun."},
        expected_version=0,
    )
    before = stages.get_stage(world.db, p1, world.enrolments["P1"], Stage.SELF_ASSESSMENT)
    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.logged_in(world.actor("M1"))
        await _settle(app, pilot)
        await pilot.press("s")
        await _settle(app, pilot)
        await pilot.press("enter")  # the cursor starts on the first stage
        await _settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, StageScreen) and screen.STAGE is Stage.SELF_ASSESSMENT
        assert screen.state is State.DRAFT and not screen.editable
        field = screen.query_one("#f-strengths")
        assert field.text == "Teliti dan tekun."
        assert field.disabled
        for editor in screen.query(Input):
            assert editor.disabled
        await pilot.press("ctrl+s", "ctrl+g")
        await _settle(app, pilot)
        assert "Hanya baca" in str(screen.query_one("#stage-status").render())
        await pilot.press("escape")
        await _settle(app, pilot)
        assert type(app.screen).__name__ == "MyParticipantsScreen"
    view = stages.get_stage(world.db, p1, world.enrolments["P1"], Stage.SELF_ASSESSMENT)
    assert (view.state, view.row_version, view.draft) == (State.DRAFT, 1, before.draft)
