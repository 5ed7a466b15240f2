"""The table keeps its rendered cells when it only grows taller, renders them anew when
its width changes, and is drawn right at a new width (tui/widgets/table.py)."""

from __future__ import annotations

import asyncio

from textual import events
from textual.app import App, ComposeResult
from textual.geometry import Size

from diklat.tui.widgets.table import Table


class TableApp(App[None]):
    CSS = "Table { height: auto; max-height: 12; }"

    def compose(self) -> ComposeResult:
        yield Table(id="t")

    def on_mount(self) -> None:
        table = self.query_one(Table)
        for name in ("a", "b", "c"):
            table.add_column(name, key=name)
        for i in range(5):
            table.add_row(f"x{i}", f"y{i}", f"z{i}")


def test_cells_are_rendered_again_only_when_the_width_changes() -> None:
    async def go() -> None:
        app = TableApp()
        async with app.run_test(size=(60, 20)) as pilot:
            await pilot.pause()
            table = app.query_one(Table)
            rendered: list[tuple[int, int]] = []
            render_cell = table._render_cell

            def counting(row_index, column_index, *args, **kwargs):
                rendered.append((row_index, column_index))
                return render_cell(row_index, column_index, *args, **kwargs)

            table._render_cell = counting

            async def redrawn_after_resize(width: int, height: int) -> int:
                table.render_line(1)  # drawn, and cached
                rendered.clear()
                table.post_message(events.Resize(Size(width, height), Size(width, height)))
                await pilot.pause()
                table.render_line(1)
                return len(rendered)

            assert (
                await redrawn_after_resize(table.size.width, 9) == 0
            )  # taller: the cells drawn stay
            assert await redrawn_after_resize(table.size.width - 10, 9) == 3  # narrower: drawn anew
            await pilot.resize_terminal(40, 20)
            await pilot.pause()
            row = table.render_line(1)
            assert table.size.width == 40
            assert row.cell_length == 40 and row.text.startswith(" x0")

    asyncio.run(go())
