"""A screen shown for the first time is styled once, as its widgets mount, not a second
time when it is resumed (tui/screens/fresh.py)."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from diklat.tui.screens.fresh import StyledOnce


class Plain(StyledOnce, Screen[None]):
    CSS = "#box { height: 3; }"

    def compose(self) -> ComposeResult:
        yield Static("box", id="box")


def test_a_new_screen_is_not_restyled_when_first_resumed() -> None:
    async def go() -> None:
        app = App()
        restyled: list[object] = []
        async with app.run_test() as pilot:
            update_styles = app.update_styles

            def counting(node, animate: bool = True) -> None:
                restyled.append(node)
                update_styles(node, animate)

            app.update_styles = counting
            screen = Plain()
            await app.push_screen(screen)
            await pilot.pause()
            assert screen.query_one("#box").styles.height.value == 3  # styled as it mounted
            assert screen not in restyled

    asyncio.run(go())
