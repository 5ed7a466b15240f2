"""Keys do what the help says (issue 16 part 4): Ctrl+L logs out from every screen,
Home/End go to a list's first and last row, Ctrl+C says how to quit in the person's
language, and the command palette speaks it too."""

from __future__ import annotations

import pytest
from factories import World
from textual.command import CommandPalette
from textual.widgets import DataTable

from diklat.domain.workflow import Stage
from diklat.i18n import set_language, t


async def _settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def _home(app, pilot, world: World, who: str = "P1") -> None:
    app.logged_in(world.actor(who))
    await _settle(app, pilot)


async def test_ctrl_l_logs_out_from_a_stage_and_from_a_dialog_over_it(world: World) -> None:
    from diklat.tui.app import DiklatApp
    from diklat.tui.navigation import open_stage
    from diklat.tui.screens.login import LoginScreen

    app = DiklatApp(world.db)
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(app, pilot, world)
        open_stage(app, world.actor("P1"), world.enrolments["P1"], Stage.DIAGNOSIS)
        await _settle(app, pilot)
        await pilot.press("f1")  # the help over the stage: Ctrl+L still logs out
        await _settle(app, pilot)
        await pilot.press("ctrl+l")
        await _settle(app, pilot)
        assert isinstance(app.screen, LoginScreen)
        assert app.actor is None
        assert len(app.screen_stack) == 2  # nothing of the participant's left behind


async def test_home_and_end_jump_to_the_first_and_last_row_of_a_list(world: World) -> None:
    from diklat.tui.app import DiklatApp

    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _home(app, pilot, world)
        table = app.screen.focused
        assert isinstance(table, DataTable) and table.row_count > 2
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == table.row_count - 1
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0


@pytest.mark.parametrize("lang", ["id", "en"])
async def test_ctrl_c_says_how_to_quit_in_words(world: World, lang: str) -> None:
    from diklat.tui.app import DiklatApp

    set_language(lang)
    app = DiklatApp(world.db)
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(app, pilot, world)
        await pilot.press("ctrl+c")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert said == [t("app.quit_hint")]
        assert "[b]" not in said[0] and "Ctrl+Q" in said[0]


async def test_command_palette_speaks_indonesian(world: World) -> None:
    from diklat.tui.app import DiklatApp

    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _home(app, pilot, world)
        await pilot.press("ctrl+p")
        await _settle(app, pilot)
        assert isinstance(app.screen, CommandPalette)
        assert app.screen._placeholder == t("palette.placeholder") == "Cari perintah…"
        titles = {c.title for c in app.get_system_commands(app.screen_stack[-2])}
        assert {"Tema", "Keluar", "Tombol"} <= titles
        assert not {"Theme", "Quit", "Keys"} & titles


async def test_the_footer_names_the_palette_in_the_persons_language(world: World) -> None:
    from diklat.tui.app import DiklatApp

    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _home(app, pilot, world)
        palette = [
            b for b in app.screen.active_bindings.values() if b.binding.action == "command_palette"
        ]
        assert [b.binding.description for b in palette] == ["Perintah"]


@pytest.mark.parametrize("lang", ["id", "en"])
async def test_the_palette_lists_its_entries_in_the_persons_language(
    world: World, lang: str
) -> None:
    """On a stage, Ctrl+P lists the stages ("Tahapan: …" / "Stage: …") and Textual's own
    entries under the catalogue's names, with the search line in the same language."""
    from textual.command import CommandList

    from diklat.domain.workflow import STAGES, stage_label
    from diklat.tui.app import DiklatApp
    from diklat.tui.navigation import open_stage

    set_language(lang)
    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _home(app, pilot, world)
        open_stage(app, world.actor("P1"), world.enrolments["P1"], Stage.DESIGN)
        await _settle(app, pilot)
        await pilot.press("ctrl+p")
        await _settle(app, pilot)
        for _ in range(20):  # the palette fills its list as the providers answer
            options = app.screen.query_one(CommandList)
            if options.option_count >= len(STAGES) + 3:
                break
            await pilot.pause(0.05)
        shown = {
            str(getattr(o.prompt, "plain", o.prompt)).split("\n")[0]
            for o in options._options  # noqa: SLF001 - what the list shows
        }
        term = app.screen_stack[-2].term
        stages = {t("commands.stage", stage=stage_label(s, term)) for s in STAGES}
        assert stages <= shown
        assert {t("palette.theme"), t("palette.quit"), t("palette.keys")} <= shown
        assert app.screen._placeholder == t("palette.placeholder")
