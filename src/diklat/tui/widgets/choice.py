"""A drop-down choice drawn as one line, "Label: current ▾", whose options are put on
screen only when it is opened.

Textual's ``Select`` mounts, with itself, a ``SelectCurrent`` (two more widgets inside)
and a hidden overlay holding an ``OptionList`` of every option (up to 1,000 cohorts for
an administrator): widgets styled, laid out and kept with every screen that shows one,
opened or not. On the review queue three of them were most of the screen's cost
(bench: ``screen.coach_queue``). A ``Choice`` is one widget holding its options as a
list; **Enter**, **Space** or a click opens a ``ChoicePicker`` (a modal with the options,
and a line to filter them when there are many), which goes away once a choice is made.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from diklat.i18n import t
from diklat.textsafe import as_text, literal
from diklat.tui.bindings import TranslatedBindings

Options = Sequence[tuple["str | Text", str]]

#: More options than this and the picker has a line to filter them by typing.
FILTER_FROM = 12


class Choice(TranslatedBindings, Widget, can_focus=True):
    """One value out of ``options`` ((label, value) pairs); posts ``Choice.Changed``."""

    DEFAULT_CSS = """
    Choice { width: auto; height: 1; padding: 0 1; margin-right: 1; background: $boost; }
    Choice:hover { background: $primary 30%; }
    Choice:focus { background: $primary; color: $text; text-style: bold; }
    """
    BINDINGS = [Binding("enter,space", "open", "key.choose")]

    class Opened(Message):
        """The picker is about to be shown (the screen under it will be resumed after)."""

        def __init__(self, choice: Choice) -> None:
            super().__init__()
            self.choice = choice

        @property
        def control(self) -> Choice:
            return self.choice

    class Changed(Message):
        def __init__(self, choice: Choice, value: str) -> None:
            super().__init__()
            self.choice = choice
            self.value = value

        @property
        def control(self) -> Choice:
            return self.choice

    def __init__(
        self, label: str, options: Options, value: str, *, hint: str = "", id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.label = label
        self.hint = hint  # the key that opens it from the screen, shown before the label
        self._options: list[tuple[str | Text, str]] = list(options)
        self._value = value

    @property
    def value(self) -> str:
        return self._value

    def set_options(self, options: Options, value: str | None = None) -> None:
        """New options (and value), without posting ``Changed``."""
        self._options = list(options)
        if value is not None:
            self._value = value
        self.refresh(layout=True)

    def current_label(self) -> Text:
        for label, value in self._options:
            if value == self._value:
                return as_text(label)
        return literal(self._value)

    def render(self) -> Text:
        text = Text()
        if self.hint:
            text.append(f"{self.hint} ", style="dim")
        text.append(f"{self.label}: ")
        text.append_text(self.current_label())
        text.append(" ▾")
        return text

    def select(self, value: str) -> None:
        """Choose ``value`` (one of the options) as the user would."""
        if value == self._value or all(v != value for _, v in self._options):
            return
        self._value = value
        self.refresh(layout=True)
        self.post_message(self.Changed(self, value))

    def action_open(self) -> None:
        self.focus()
        self.post_message(self.Opened(self))

        def picked(value: str | None) -> None:
            if value is not None:
                self.select(value)

        self.app.push_screen(ChoicePicker(self.label, self._options, self._value), picked)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_open()


class ChoicePicker(TranslatedBindings, ModalScreen[str | None]):
    """The options of a ``Choice``: arrows and Enter choose, typing filters, Esc closes."""

    DEFAULT_CSS = """
    ChoicePicker { align: center middle; }
    ChoicePicker > #choice-box {
        width: 70; max-width: 100%; height: auto; max-height: 80%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    ChoicePicker #choice-options { height: auto; max-height: 30; }
    ChoicePicker .hint { color: $text-muted; }
    """
    HELP_KEY = "help.choice"
    BINDINGS = [
        Binding("escape", "cancel", "key.close"),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    def __init__(self, title: str, options: Options, value: str) -> None:
        super().__init__()
        self.title_text = title
        self.all_options = list(options)
        self.value = value
        self.filterable = len(self.all_options) > FILTER_FROM
        # Made safe and lower-cased once: typing in the filter re-reads them at each key.
        self._labels = [
            (text, text.plain.lower(), value)
            for text, value in ((as_text(label), value) for label, value in self.all_options)
        ]

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box"):
            yield Static(self.title_text, classes="panel-title", markup=False)
            if self.filterable:
                yield Input(placeholder=t("choice.filter"), id="choice-filter")
            yield OptionList(id="choice-options")
            yield Static(
                t("choice.hint_filter" if self.filterable else "choice.hint"),
                classes="hint",
                markup=False,
            )

    def on_mount(self) -> None:
        self._fill("")
        (
            self.query_one("#choice-filter")
            if self.filterable
            else self.query_one("#choice-options")
        ).focus()

    def _fill(self, needle: str) -> None:
        options = self.query_one("#choice-options", OptionList)
        options.clear_options()
        needle = needle.lower().strip()
        shown = [(label, value) for label, key, value in self._labels if needle in key]
        options.add_options([Option(label, id=value) for label, value in shown])
        if not shown:
            options.add_option(Option(t("choice.no_match"), disabled=True))
            return
        current = next((i for i, (_, value) in enumerate(shown) if value == self.value), 0)
        options.highlighted = current

    @on(Input.Changed, "#choice-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#choice-filter")
    def filter_submitted(self) -> None:
        options = self.query_one("#choice-options", OptionList)
        if options.highlighted is not None:
            option = options.get_option_at_index(options.highlighted)
            if not option.disabled:
                self.dismiss(option.id)

    @on(OptionList.OptionSelected, "#choice-options")
    def selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        # From the filter line: the arrows move through the options below it.
        options = self.query_one("#choice-options", OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
