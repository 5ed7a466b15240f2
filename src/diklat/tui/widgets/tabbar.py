"""A row of tabs drawn by one widget: the labels, and a rule under them that marks
the tab in front.

Textual's TabbedContent builds about a dozen widgets for its tab bar (a Tab per
label, an Underline, three containers) and a TabPane per tab; on the cohort
screen that was some 28 ms of CPU in each opening (issue 6, screens). This bar
draws the same two lines itself. ←/→ (when the bar has the keyboard) and a click
on a label change the tab; each change posts ``TabBar.Changed`` with the tab's name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class TabBar(Widget, can_focus=True):
    COMPONENT_CLASSES = {"tabbar--tab", "tabbar--active", "tabbar--rule", "tabbar--rule-active"}

    # The look of Textual's Tabs and Underline.
    DEFAULT_CSS = """
    TabBar {
        width: 1fr;
        height: 2;
        & > .tabbar--tab { color: $foreground 50%; }
        & > .tabbar--active { color: $foreground; }
        &:ansi > .tabbar--tab { text-style: dim; }
        &:ansi > .tabbar--active { text-style: not dim bold; }
        &:focus > .tabbar--active {
            text-style: $block-cursor-text-style;
            color: $block-cursor-foreground;
            background: $block-cursor-background;
        }
        & > .tabbar--rule { color: $foreground 10%; }
        &:ansi > .tabbar--rule { color: $border-blurred; }
        &:focus > .tabbar--rule { color: $foreground 30%; }
        & > .tabbar--rule-active { color: $block-cursor-background; }
    }
    """

    BINDINGS = [
        Binding("left", "step(-1)", show=False),
        Binding("right", "step(1)", show=False),
    ]

    active: reactive[str] = reactive("", layout=False)

    @dataclass
    class Changed(Message):
        """The tab in front changed: its name."""

        bar: TabBar
        name: str

        @property
        def control(self) -> TabBar:
            return self.bar

    def __init__(
        self,
        tabs: Sequence[tuple[str, str]],
        *,
        active: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """``tabs``: (name, label) pairs, in order; a label is plain text."""
        super().__init__(id=id, classes=classes)
        self.tabs = list(tabs)
        self.set_reactive(TabBar.active, active or self.tabs[0][0])

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.tabs]

    def _labels(self) -> list[tuple[str, str]]:
        """The labels as drawn: when they do not all fit the width, the tabs not in front
        show only their first word (their number key: "7"), the one in front in full."""
        width = self.size.width
        if not width or sum(cell_len(label) + 2 for _, label in self.tabs) <= width:
            return self.tabs
        return [
            (name, label if name == self.active else label.split(" ", 1)[0])
            for name, label in self.tabs
        ]

    def _spans(self) -> list[tuple[str, int, int]]:
        """Each tab's name and its label's first and last+1 column (a blank each side)."""
        spans, x = [], 0
        for name, label in self._labels():
            width = cell_len(label) + 2
            spans.append((name, x, x + width))
            x += width
        return spans

    def render(self) -> Text:
        tab = self.get_component_rich_style("tabbar--tab")
        front = self.get_component_rich_style("tabbar--active")
        rule = self.get_component_rich_style("tabbar--rule")
        rule_front = self.get_component_rich_style("tabbar--rule-active")
        text = Text(no_wrap=True, overflow="crop", end="")
        for name, label in self._labels():
            text.append(f" {label} ", style=front if name == self.active else tab)
        text.append("\n")
        width = max(self.size.width, text.cell_len)
        start, end = next(((a, b) for name, a, b in self._spans() if name == self.active), (0, 0))
        # As Underline draws it: ━ everywhere, the part under the tab's label
        # highlighted, between half-lines (╸ … ╺) under the blanks either side.
        text.append("━" * start + "╸", style=rule)
        text.append("━" * (end - start - 2), style=rule_front)
        text.append("╺" + "━" * max(width - end, 0), style=rule)
        return text

    def watch_active(self, old: str, new: str) -> None:
        self.refresh()
        if old != new:
            self.post_message(self.Changed(self, new))

    def action_step(self, step: int) -> None:
        names = self.names
        self.active = names[(names.index(self.active) + step) % len(names)]

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        for name, start, end in self._spans():
            if start <= offset.x < end:
                self.active = name
                break
