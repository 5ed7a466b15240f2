"""The one-widget tab bar (tui/widgets/tabbar.py): ←/→ and clicks change the tab in
front and report it; the labels are drawn as given and the rule marks the tab in
front."""

from __future__ import annotations

from textual.app import App, ComposeResult

from diklat.tui.widgets.tabbar import TabBar

TABS = [("one", "1 Satu"), ("two", "2 [b]Dua[/b]"), ("three", "3 Tiga")]


class BarApp(App):
    def __init__(self) -> None:
        super().__init__()
        self.changes: list[str] = []

    def compose(self) -> ComposeResult:
        yield TabBar(TABS, id="bar")

    def on_mount(self) -> None:
        self.query_one(TabBar).focus()

    def on_tab_bar_changed(self, event: TabBar.Changed) -> None:
        self.changes.append(event.name)


def lines(bar: TabBar) -> list[str]:
    return bar.render().plain.split("\n")


async def test_arrows_and_clicks_change_the_tab() -> None:
    app = BarApp()
    async with app.run_test(size=(60, 5)) as pilot:
        bar = app.query_one(TabBar)
        assert bar.active == "one"
        await pilot.press("right")
        await pilot.pause()
        assert bar.active == "two" and app.changes == ["two"]
        await pilot.press("right", "right")  # past the last: back to the first
        await pilot.pause()
        assert bar.active == "one" and app.changes == ["two", "three", "one"]
        await pilot.press("left")
        await pilot.pause()
        assert bar.active == "three"
        # " 1 Satu " is columns 0-7, " 2 [b]Dua[/b] " 8-21.
        await pilot.click(TabBar, offset=(10, 0))
        await pilot.pause()
        assert bar.active == "two"
        bar.active = "two"  # the same tab again: nothing to report
        await pilot.pause()
        assert app.changes == ["two", "three", "one", "three", "two"]


async def test_labels_are_plain_text_and_the_rule_marks_the_tab_in_front() -> None:
    app = BarApp()
    async with app.run_test(size=(60, 5)) as pilot:
        bar = app.query_one(TabBar)
        await pilot.press("right")
        await pilot.pause()
        labels, rule = lines(bar)
        assert labels == " 1 Satu  2 [b]Dua[/b]  3 Tiga "
        # The tab in front (columns 8-21) is highlighted between half-lines.
        assert rule.startswith("━" * 8 + "╸" + "━" * 12 + "╺") and len(rule) == 60
        text = bar.render()
        front = bar.get_component_rich_style("tabbar--rule-active")
        highlighted = [span for span in text.spans if span.style == front]
        assert [(span.start, span.end) for span in highlighted] == [
            (len(labels) + 1 + 9, len(labels) + 1 + 21)
        ]
