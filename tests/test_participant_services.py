"""The services behind the stage screens (submission completeness, version history) and
the screen's behaviour when someone else saved the same draft meanwhile."""

from __future__ import annotations

import pytest
from factories import World, approve_before, complete, submit
from textual.widgets import Static, TextArea

from diklat.domain.workflow import Stage, State
from diklat.services import stages
from diklat.services.errors import Forbidden, Incomplete
from diklat.services.participant import stage_contents, version_history


def test_an_incomplete_stage_is_refused_with_what_it_lacks(world: World) -> None:
    p1, eid = world.actor("P1"), world.enrolments["P1"]
    stages.save_draft(world.db, p1, eid, Stage.SELF_ASSESSMENT, {"strengths": "Teliti"})
    with pytest.raises(Incomplete) as info:
        stages.submit_stage(world.db, p1, eid, Stage.SELF_ASSESSMENT)
    assert [m.key for m in info.value.missing] == [
        "unanswered",
        "empty.development_areas",
        "empty.development_plan",
    ]
    assert "21 butir belum dijawab" in info.value.message()
    assert stages.get_stage(world.db, p1, eid, Stage.SELF_ASSESSMENT).state is State.DRAFT


def test_implementation_completeness_reads_the_submitted_design(world: World) -> None:
    approve_before(world, "P1", Stage.IMPLEMENTATION)
    p1, eid = world.actor("P1"), world.enrolments["P1"]
    stages.save_draft(world.db, p1, eid, Stage.IMPLEMENTATION, {"progress": []})
    with pytest.raises(Incomplete) as info:
        stages.submit_stage(world.db, p1, eid, Stage.IMPLEMENTATION)
    assert info.value.missing[0].params == {"milestones": "Formulir daring"}


def test_version_history_keeps_every_version_with_its_decision(world: World) -> None:
    p1, eid = world.actor("P1"), world.enrolments["P1"]
    submit(
        world.db,
        p1,
        eid,
        Stage.SELF_ASSESSMENT,
        complete(Stage.SELF_ASSESSMENT, strengths="Versi satu"),
    )
    stages.decide(
        world.db,
        world.actor("C1"),
        eid,
        Stage.SELF_ASSESSMENT,
        approve=False,
        comments=[("strengths", "Lebih rinci.")],
    )
    submit(
        world.db,
        p1,
        eid,
        Stage.SELF_ASSESSMENT,
        complete(Stage.SELF_ASSESSMENT, strengths="Versi dua"),
    )
    history = version_history(world.db, world.actor("C1"), eid, Stage.SELF_ASSESSMENT)
    assert [(v.number, v.content["strengths"], v.decision) for v in history] == [
        (1, "Versi satu", "revision_requested"),
        (2, "Versi dua", None),
    ]
    assert [(c.section, c.text, c.author) for c in history[0].comments] == [
        ("strengths", "Lebih rinci.", "Coach Satu")
    ]
    with pytest.raises(Forbidden):
        version_history(world.db, world.actor("P2"), eid, Stage.SELF_ASSESSMENT)


def test_stage_contents_gives_the_drafts_of_other_stages(world: World) -> None:
    p1, eid = world.actor("P1"), world.enrolments["P1"]
    stages.save_draft(world.db, p1, eid, Stage.DIAGNOSIS, complete(Stage.DIAGNOSIS))
    found = stage_contents(world.db, p1, eid, (Stage.DIAGNOSIS, Stage.DESIGN))
    assert found[Stage.DIAGNOSIS]["core_issue"] == "I1" and found[Stage.DESIGN] == {}
    with pytest.raises(Forbidden):
        stage_contents(world.db, world.actor("P3"), eid, (Stage.DIAGNOSIS,))


async def _settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_draft_changed_elsewhere_is_not_overwritten_and_the_typed_text_stays(
    world: World,
) -> None:
    from diklat.tui.app import DiklatApp
    from diklat.tui.screens.participant import open_stage

    p1, eid = world.actor("P1"), world.enrolments["P1"]
    stages.save_draft(world.db, p1, eid, Stage.SELF_ASSESSMENT, {"strengths": "Awal"})
    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.logged_in(p1)
        await _settle(app, pilot)
        open_stage(app, p1, eid, Stage.SELF_ASSESSMENT)
        await _settle(app, pilot)
        screen = app.screen
        # Meanwhile the same draft is saved from another terminal.
        stages.save_draft(
            world.db, p1, eid, Stage.SELF_ASSESSMENT, {"strengths": "Dari terminal lain"}
        )
        area = screen.query_one("#f-strengths", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        area.insert(" dan tekun")
        await pilot.pause()  # the editor takes the change in before the save is asked for
        screen.save_now()
        await _settle(app, pilot)
        assert screen._conflict
        assert "diubah orang lain" in str(screen.query_one("#stage-status", Static).render())
        assert "BELUM TERSIMPAN" in str(screen.query_one("#stage-status", Static).render())
        assert area.text == "Awal dan tekun"  # nothing typed is lost
        assert (
            stages.get_stage(world.db, p1, eid, Stage.SELF_ASSESSMENT).draft["strengths"]
            == "Dari terminal lain"
        )
        # Ctrl+S saves the text on screen over the other version, deliberately.
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert not screen._conflict
        assert (
            stages.get_stage(world.db, p1, eid, Stage.SELF_ASSESSMENT).draft["strengths"]
            == "Awal dan tekun"
        )
        assert "Tersimpan" in str(screen.query_one("#stage-status", Static).render())


async def test_autosave_happens_after_a_pause_without_pressing_anything(world: World) -> None:
    from diklat.tui.app import DiklatApp
    from diklat.tui.screens.participant import open_stage

    p1, eid = world.actor("P1"), world.enrolments["P1"]
    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.logged_in(p1)
        await _settle(app, pilot)
        open_stage(app, p1, eid, Stage.SELF_ASSESSMENT)
        await _settle(app, pilot)
        await pilot.press("4", "5")
        # Wait for the debounce timer (a condition, polled; no timing is asserted).
        for _ in range(100):
            await pilot.pause(0.05)
            await app.workers.wait_for_complete()
            if stages.get_stage(world.db, p1, eid, Stage.SELF_ASSESSMENT).draft.get("answers"):
                break
        view = stages.get_stage(world.db, p1, eid, Stage.SELF_ASSESSMENT)
        assert list(view.draft["answers"].values()) == [4, 5]
        assert view.state is State.DRAFT
