"""The title line at the top of every screen, as one widget.

Textual's ``Header`` mounts four widgets (itself, the icon, the title, the clock's
space), styles each and watches the app's title: on the log-in screen that was a good
part of what start-up spends before the first frame (issue 6), and every screen paid
it again. This draws the same line (the icon on the left, "title — subtitle" centred,
the subtitle dim) from one ``render``; a click on the icon opens the command palette,
as the header's does.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widget import Widget

ICON = "⭘"
ICON_WIDTH = 8  # the header's icon cell: " ⭘" padded
RIGHT_WIDTH = 10  # the header's (empty) clock space


class TitleBar(Widget):
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        # The screen's own title and subtitle (a stage, a cohort code) change after mount.
        self.watch(self.screen, "title", self._retitle, init=False)
        self.watch(self.screen, "sub_title", self._retitle, init=False)

    def _retitle(self, _value: object = None) -> None:
        self.refresh()

    def render(self) -> Text:
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub = screen.sub_title if screen.sub_title is not None else app.sub_title
        middle = Text(title or "")
        if sub:
            middle.append(" — ", "dim")
            middle.append(sub, "dim")
        room = max(self.size.width - ICON_WIDTH - RIGHT_WIDTH, 0)
        middle.truncate(room, overflow="ellipsis")
        left_pad = (room - cell_len(middle.plain)) // 2
        line = Text(" " + ICON)
        line.pad_right(ICON_WIDTH - cell_len(line.plain))
        line.append(" " * left_pad)
        line.append_text(middle)
        line.pad_right(max(self.size.width - cell_len(line.plain), 0))
        line.no_wrap = True
        return line

    def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH:
            self.app.action_command_palette()
