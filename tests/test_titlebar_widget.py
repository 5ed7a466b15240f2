"""The one-widget title line (tui/widgets/titlebar.py): the icon at the left, "title —
subtitle" centred (the screen's own title and subtitle when it sets them, also after
mount), cut with an ellipsis when narrow, never read as markup; a click on the icon
opens the command palette."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.command import CommandPalette

from diklat.tui.widgets.titlebar import ICON, TitleBar


class TitleApp(App):
    def compose(self) -> ComposeResult:
        yield TitleBar()


def line(app: App) -> str:
    return app.query_one(TitleBar).render().plain


async def test_title_and_subtitle_centred_and_following_the_screen() -> None:
    app = TitleApp()
    app.title, app.sub_title = "diklat", "[b]Pelatihan[/b]"
    async with app.run_test(size=(60, 3)) as pilot:
        text = line(app)
        assert len(text) == 60 and text.startswith(" " + ICON)
        middle = "diklat — [b]Pelatihan[/b]"
        assert middle in text  # literal, not markup
        start = text.index(middle)
        assert (
            abs((start - 8) - (60 - 18 - len(middle)) // 2) <= 1
        )  # centred between icon and right edge
        app.screen.sub_title = "Diagnosa Masalah"
        await pilot.pause()
        assert "diklat — Diagnosa Masalah" in line(app)


async def test_narrow_title_is_cut_and_the_icon_opens_the_palette() -> None:
    app = TitleApp()
    app.title, app.sub_title = "diklat", "Rancangan Proyek Perubahan yang panjang sekali"
    async with app.run_test(size=(40, 3)) as pilot:
        text = line(app)
        assert len(text) == 40 and "…" in text
        await pilot.click(TitleBar, offset=(1, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
