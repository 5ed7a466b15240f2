"""Ergonomics of the stage screens: F1 help per screen in both languages, the command
palette's "Tahapan: …" entries, footer key hints, and every stage usable at 80x24."""

from __future__ import annotations

import pytest
from factories import World, approve_before, complete
from textual.widgets import Footer, Markdown

from diklat.domain.workflow import Stage
from diklat.i18n import set_language, t
from diklat.services import stages


async def _settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def _open(app, pilot, world: World, stage: Stage) -> None:
    from diklat.tui.screens.participant import open_stage

    app.logged_in(world.actor("P1"))
    await _settle(app, pilot)
    open_stage(app, world.actor("P1"), world.enrolments["P1"], stage)
    await _settle(app, pilot)


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("stage", list(Stage))
async def test_f1_shows_this_stages_help_and_the_shared_keys(
    world: World, stage: Stage, lang: str
) -> None:
    from diklat.tui.app import DiklatApp
    from diklat.tui.widgets.help import HelpScreen

    set_language(lang)
    app = DiklatApp(world.db)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot, world, stage)
        assert app.screen.STAGE is stage
        await pilot.press("f1")
        await _settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        markdown = app.screen.query_one(Markdown)
        source = markdown.source
        assert t(f"help.stage_{stage.value}").strip()[:40] in source
        assert "Ctrl+G" in source and "F2" in source
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.STAGE is stage


async def test_footer_names_the_keys_of_a_stage_screen(world: World) -> None:
    from diklat.tui.app import DiklatApp

    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(app, pilot, world, Stage.DIAGNOSIS)
        shown = {
            b.description for _, b, enabled, _ in app.screen.active_bindings.values() if b.show
        }
        assert {
            t("key.submit"),
            t("key.help"),
            t("key.save_now"),
            t("key.history"),
            t("key.back"),
        } <= shown
        assert app.screen.query(Footer)


async def test_the_palette_jumps_between_stages(world: World) -> None:
    from diklat.tui.app import DiklatApp

    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(app, pilot, world, Stage.SELF_ASSESSMENT)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Tahapan: Diagnosa")
        await _settle(app, pilot)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await _settle(app, pilot)
        assert app.screen.STAGE is Stage.DIAGNOSIS
        # The stage left is not stacked underneath: Esc goes straight home.
        await pilot.press("escape")
        await _settle(app, pilot)
        from diklat.tui.screens.home import HomeScreen

        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("stage", list(Stage))
async def test_every_stage_opens_read_only_once_approved_at_80x24(
    world: World, stage: Stage
) -> None:
    from diklat.tui.app import DiklatApp
    from diklat.tui.widgets.form import is_editor

    approve_before(world, "P1", stage)
    stages.save_draft(world.db, world.actor("P1"), world.enrolments["P1"], stage, complete(stage))
    stages.submit_stage(world.db, world.actor("P1"), world.enrolments["P1"], stage)
    reviewer = "M1" if stage is Stage.MENTOR_AGREEMENT else "C1"
    stages.decide(world.db, world.actor(reviewer), world.enrolments["P1"], stage, approve=True)
    app = DiklatApp(world.db)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot, world, stage)
        screen = app.screen
        assert not screen.editable
        editors = [w for w in screen.query("#stage-body *") if is_editor(w)]
        assert editors and all(w.disabled for w in editors)
        assert t("state.approved") in str(screen.query_one("#stage-status").render())
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert app.screen is screen  # nothing to confirm: it is read-only
