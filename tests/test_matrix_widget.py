"""The Line-API matrix (tui/widgets/matrix.py): keys move the row cursor and scroll
it into view, Enter reports the row's key, the drawn lines carry the header, the
cells, the cursor and the zebra stripes; text is never read as markup."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from diklat.tui.widgets.matrix import Matrix

ROWS = 30


class MatrixApp(App):
    CSS = "Matrix { height: 11; }"  # the header and 10 rows

    def __init__(self) -> None:
        super().__init__()
        self.selected: list[tuple[str, int]] = []

    def compose(self) -> ComposeResult:
        yield Matrix(id="m")

    def on_mount(self) -> None:
        matrix = self.query_one(Matrix)
        matrix.set_columns(["No", "Name"])
        matrix.set_rows(
            [(f"k{i}", [str(i), Text(f"name {i} ⚠", style="bold")]) for i in range(ROWS)]
        )
        matrix.focus()

    def on_matrix_selected(self, event: Matrix.Selected) -> None:
        self.selected.append((event.key, event.row))


def line_text(matrix: Matrix, y: int) -> str:
    return matrix.render_line(y).text


async def test_keys_move_the_cursor_and_keep_it_in_view() -> None:
    app = MatrixApp()
    async with app.run_test(size=(40, 15)) as pilot:
        matrix = app.query_one(Matrix)
        assert matrix.row_count == ROWS and matrix.cursor_row == 0
        await pilot.press("down", "down")
        assert matrix.cursor_row == 2 and matrix.cursor_key == "k2"
        await pilot.press("up")
        assert matrix.cursor_row == 1
        await pilot.press("up", "up")  # stops at the first row
        assert matrix.cursor_row == 0
        await pilot.press("pagedown")  # a page is the rows shown (10)
        assert matrix.cursor_row == 10
        await pilot.pause()
        assert matrix.scroll_offset.y == 1  # row 10 is now the last one shown
        assert line_text(matrix, 0).split() == ["No", "Name"]  # the header stays on top
        assert line_text(matrix, 10).split()[0] == "10"
        await pilot.press("pageup")
        assert matrix.cursor_row == 0
        await pilot.pause()
        assert matrix.scroll_offset.y == 0
        await pilot.press("end")
        assert matrix.cursor_row == ROWS - 1
        await pilot.pause()
        assert line_text(matrix, 10).split()[0] == str(ROWS - 1)
        await pilot.press("pagedown")  # stops at the last row
        assert matrix.cursor_row == ROWS - 1
        await pilot.press("home")
        assert matrix.cursor_row == 0


async def test_enter_reports_the_row_key() -> None:
    app = MatrixApp()
    async with app.run_test(size=(40, 15)) as pilot:
        await pilot.press("down", "down", "down", "enter")
        await pilot.pause()
        assert app.selected == [("k3", 3)]


async def test_lines_show_cells_cursor_and_stripes() -> None:
    app = MatrixApp()
    async with app.run_test(size=(40, 15)) as pilot:
        matrix = app.query_one(Matrix)
        await pilot.press("down")
        await pilot.pause()
        assert line_text(matrix, 2).split() == ["1", "name", "1", "⚠"]
        cursor = matrix.get_component_rich_style("matrix--cursor")
        header = matrix.get_component_rich_style("matrix--header")
        on_cursor = [seg.style for seg in matrix.render_line(2) if seg.text.strip()]
        assert on_cursor and all(s.bgcolor == cursor.bgcolor for s in on_cursor)
        assert all(seg.style.bgcolor == header.bgcolor for seg in matrix.render_line(0))
        assert all(
            seg.style.bold for seg in matrix.render_line(3) if "name" in seg.text
        )  # the cell's own style
        # Zebra, as DataTable: rows 0, 2, 4 (lines 1, 3, 5) have the even-row background.
        even = matrix.get_component_rich_style("matrix--even-row")
        base = matrix.rich_style
        zebra_bg = (base + even).bgcolor
        assert {seg.style.bgcolor for seg in matrix.render_line(3)} == {zebra_bg}  # row 2
        assert zebra_bg != base.bgcolor  # (the default theme, not the app's ANSI one)
        assert {seg.style.bgcolor for seg in matrix.render_line(4)} == {base.bgcolor}


async def test_a_string_cell_is_not_markup_and_a_click_moves_the_cursor() -> None:
    app = MatrixApp()
    async with app.run_test(size=(60, 15)) as pilot:
        matrix = app.query_one(Matrix)
        matrix.set_rows([("a", ["1", "[bold red]Budi[/]"]), ("b", ["2", "Sri"])])
        await pilot.pause()
        assert "[bold red]Budi[/]" in line_text(matrix, 1)
        await pilot.click(Matrix, offset=(2, 2))
        assert matrix.cursor_row == 1
        matrix.set_rows([("a", ["1", "x"])])  # fewer rows: the cursor stays on one
        assert matrix.cursor_row == 0


class TallApp(MatrixApp):
    """The matrix below a tall text in a scrolling container, as on the progress tab."""

    CSS = "Matrix { height: auto; max-height: 11; } VerticalScroll { height: 1fr; } #above { height: 20; }"

    def compose(self) -> ComposeResult:
        from textual.containers import VerticalScroll
        from textual.widgets import Static

        with VerticalScroll():
            yield Static("above", id="above")
            yield Matrix(id="m")


async def test_the_cursor_row_is_brought_into_the_containers_view() -> None:
    from textual.containers import VerticalScroll

    app = TallApp()
    async with app.run_test(size=(40, 8)) as pilot:  # the matrix (11 lines) is taller than the view
        outer = app.query_one(VerticalScroll)
        matrix = app.query_one(Matrix)
        await pilot.pause()
        before = outer.scroll_offset.y
        await pilot.press("pagedown")
        await pilot.pause()
        # Row 10 is the matrix's last line (line 10 of 11): the container scrolled to it.
        assert matrix.cursor_row == 10
        line = matrix.cursor_row + 1 - matrix.scroll_offset.y
        top = matrix.virtual_region.y + line - outer.scroll_offset.y
        assert 0 <= top < outer.scrollable_content_region.height
        assert outer.scroll_offset.y > before
