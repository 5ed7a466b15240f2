"""A read-only table drawn with Textual's Line API: one pre-built line per row.

Textual's DataTable keeps a cache per cell and renders every cell through Rich on
each new size; a 40-row matrix cost some 45 ms of a screen's opening (issue 6).
This widget builds one line (a ``Strip``) per row when its rows are set, and its
``render_line`` only crops that line to the visible columns and lays the row's
background under it (zebra stripes, the cursor on top). The header stays at the
top while the rows scroll.

Keys: ↑/↓ move the row cursor, PgUp/PgDn a page, Home/End the first/last row,
←/→ scroll sideways; Enter posts ``Matrix.Selected`` with the row's key (unless made
with ``selectable=False``: then Enter is not one of its keys). A click puts the cursor
on the row clicked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

PAD = 1  # blank cells each side of a column, as DataTable draws them


class Matrix(ScrollView, can_focus=True):
    COMPONENT_CLASSES = {"matrix--header", "matrix--even-row", "matrix--cursor"}

    # The look of DataTable's (header, zebra stripes, block cursor), from the theme.
    DEFAULT_CSS = """
    Matrix {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .matrix--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .matrix--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .matrix--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .matrix--even-row {
            background: $surface-lighten-1 50%;
        }
        &:dark > .matrix--even-row {
            background: $surface-darken-1 40%;
        }
        & > .matrix--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    # Descriptions are shown in the footer only when show=True; these are not.
    BINDINGS = [
        Binding("up", "cursor(-1)", show=False),
        Binding("down", "cursor(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "first", show=False),
        Binding("end", "last", show=False),
        Binding("left", "scroll_left", show=False),
        Binding("right", "scroll_right", show=False),
        Binding("enter", "select", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=False, repaint=False)

    @dataclass
    class Selected(Message):
        """Enter on a row: its key (as given to ``set_rows``) and its index."""

        matrix: Matrix
        key: str
        row: int

        @property
        def control(self) -> Matrix:
            return self.matrix

    def __init__(
        self,
        *,
        zebra_stripes: bool = True,
        selectable: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.zebra_stripes = zebra_stripes
        self.selectable = selectable
        self._header_strip = Strip([])
        self._columns: list[Text] = []
        self._keys: list[str] = []
        self._cells: list[list[Text]] = []
        self._strips: list[Strip] = []
        self._styles: tuple[Style, Style, Style, Style] | None = None

    # -- data ---------------------------------------------------------------------

    def set_columns(self, labels: Sequence[str | Text]) -> None:
        self._columns = [label if isinstance(label, Text) else Text(label) for label in labels]
        self._rebuild()

    def set_rows(self, rows: Sequence[tuple[str, Sequence[str | Text]]]) -> None:
        """Replace every row: ``(key, cells)``; a ``str`` cell is plain text (never markup)."""
        self._keys = [key for key, _ in rows]
        self._cells = [[c if isinstance(c, Text) else Text(c) for c in cells] for _, cells in rows]
        self._rebuild()
        if self.cursor_row >= len(self._keys):
            self.cursor_row = max(len(self._keys) - 1, 0)

    @property
    def row_count(self) -> int:
        return len(self._keys)

    def row(self, index: int) -> list[Text]:
        """The cells of row ``index`` (as given, for tests and callers that read them)."""
        return list(self._cells[index])

    @property
    def cursor_key(self) -> str | None:
        return self._keys[self.cursor_row] if self._keys else None

    def _rebuild(self) -> None:
        widths = [label.cell_len for label in self._columns]
        for cells in self._cells:
            for i, cell in enumerate(cells):
                if i < len(widths):
                    widths[i] = max(widths[i], cell.cell_len)
                else:
                    widths.append(cell.cell_len)
        console = self.app.console if self.is_attached else None
        self._header_strip = self._line(self._columns, widths, console)
        self._strips = [self._line(cells, widths, console) for cells in self._cells]
        total = sum(widths) + 2 * PAD * len(widths)
        self.virtual_size = Size(total, len(self._strips) + 1)
        self.refresh()

    @staticmethod
    def _line(cells: Sequence[Text], widths: Sequence[int], console) -> Strip:
        line = Text(no_wrap=True, end="")
        pad = " " * PAD
        for width, cell in zip(widths, cells):
            line.append(pad)
            line.append_text(cell)
            line.append(" " * (width - cell.cell_len + PAD))
        for width in widths[len(cells) :]:
            line.append(" " * (width + 2 * PAD))
        if console is None:
            from rich.console import Console

            console = Console()
        segments = [seg for seg in line.render(console) if seg.text]
        return Strip(segments, line.cell_len)

    # -- drawing --------------------------------------------------------------------

    def _row_styles(self) -> tuple[Style, Style, Style, Style]:
        """Plain, header, even-row and cursor styles (the widget's rich_style is recomputed at each access)."""
        base = self.rich_style
        return (
            base,
            base + self.get_component_rich_style("matrix--header"),
            base + self.get_component_rich_style("matrix--even-row"),
            self.get_component_rich_style("matrix--cursor"),
        )

    def render_lines(self, crop: Region) -> list[Strip]:
        # The styles are looked up once for the lines drawn now, not once per line.
        self._styles = self._row_styles()
        try:
            return super().render_lines(crop)
        finally:
            self._styles = None

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x, scroll_y = self.scroll_offset
        base, header, even, cursor = self._styles or self._row_styles()
        if y == 0:
            strip, style, post = self._header_strip, header, None
        else:
            index = y - 1 + scroll_y
            if index >= len(self._strips):
                return Strip.blank(width, base)
            strip, post = self._strips[index], None
            # As DataTable: rows 0, 2, 4, … have the even-row background.
            style = even if self.zebra_stripes and index % 2 == 0 else base
            if index == self.cursor_row:
                post = cursor
                style = style + post
        segments = Segment.apply_style(list(strip), style, post)
        return Strip(segments, strip.cell_length).crop_extend(scroll_x, scroll_x + width, style)

    # -- keys -----------------------------------------------------------------------

    def watch_cursor_row(self, old: int, new: int) -> None:
        top = self.scroll_offset.y
        rows = max(self.scrollable_content_region.height - 1, 1)
        if new < top:
            self.scroll_to(y=new, animate=False)
        elif new >= top + rows:
            self.scroll_to(y=new - rows + 1, animate=False)
        for row in (old, new):
            line = row + 1 - self.scroll_offset.y
            if 0 < line < self.size.height:
                self.refresh(Region(0, line, self.size.width, 1))
        # In a scrolling container (the progress tab on a small terminal), bring the
        # cursor's line into its view as well.
        parent = self.parent
        if isinstance(parent, Widget) and parent.is_scrollable and self.size.height:
            line = new + 1 - self.scroll_offset.y
            parent.scroll_to_region(Region(0, self.virtual_region.y + line, 1, 1), animate=False)

    def _move_to(self, row: int) -> None:
        if self._keys:
            self.cursor_row = min(max(row, 0), len(self._keys) - 1)

    def action_cursor(self, step: int) -> None:
        self._move_to(self.cursor_row + step)

    def action_page(self, direction: int) -> None:
        self._move_to(
            self.cursor_row + direction * max(self.scrollable_content_region.height - 1, 1)
        )

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(len(self._keys) - 1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "select":
            return self.selectable
        return True

    def action_select(self) -> None:
        if self._keys:
            self.post_message(self.Selected(self, self._keys[self.cursor_row], self.cursor_row))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and offset.y > 0:
            self._move_to(offset.y - 1 + self.scroll_offset.y)
