"""The app's modal dialogs: a yes/no question, a message to acknowledge, a question
answered in words."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from diklat.i18n import t
from diklat.textsafe import literal
from diklat.tui.bindings import TranslatedBindings

DIALOG_CSS = """
.dialog-screen { align: center middle; }
.dialog { width: 70; max-width: 100%; height: auto; max-height: 90%; border: round $primary;
          padding: 1 2; background: $surface; }
.dialog-title { text-style: bold; margin-bottom: 1; }
.dialog-text { height: auto; margin-bottom: 1; }
.dialog-buttons { height: auto; }
.dialog-buttons Button { margin-right: 2; }
"""


class ConfirmScreen(TranslatedBindings, ModalScreen[bool]):
    """Asks ``question``; Y/Enter on "Ya" answers yes, N/Esc answers no."""

    HELP_KEY = "help.confirm"
    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [
        Binding("y", "answer(True)", "key.yes"),
        Binding("n,escape", "answer(False)", "key.no"),
    ]

    def __init__(self, question: str, *, yes: str | None = None, no: str | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.question = question
        self.yes_label = yes or t("form.yes")
        self.no_label = no or t("form.no")

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(literal(self.question, multiline=True), classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes_label, id="yes", variant="primary")
                yield Button(self.no_label, id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class MessageScreen(TranslatedBindings, ModalScreen[None]):
    """A message (e.g. what a stage still lacks) closed with Enter or Esc."""

    HELP_KEY = "help.message"
    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [Binding("escape,enter", "close", "key.close")]

    def __init__(self, title: str, body: str) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(literal(self.title_text), classes="dialog-title")
            yield Static(literal(self.body, multiline=True), classes="dialog-text")
            yield Button(t("form.ok"), id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    @on(Button.Pressed)
    def pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


class AskText(TranslatedBindings, ModalScreen[str | None]):
    """Asks ``question``; returns the typed text (Enter or OK), or None (Esc or Cancel)."""

    HELP_KEY = "help.ask_text"
    DEFAULT_CSS = DIALOG_CSS + "AskText Input { margin-bottom: 1; }"
    BINDINGS = [Binding("escape", "cancel", "key.dialog_cancel")]

    def __init__(self, question: str, *, ok: str | None = None, placeholder: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.question = question
        self.ok_label = ok or t("coord.dialog.ok")
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(literal(self.question, multiline=True), classes="dialog-text")
            yield Input(placeholder=self.placeholder, id="ask-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.ok_label, id="ask-ok", variant="primary")
                yield Button(t("coord.dialog.cancel"), id="ask-cancel")

    def on_mount(self) -> None:
        self.query_one("#ask-text", Input).focus()

    @on(Input.Submitted, "#ask-text")
    @on(Button.Pressed, "#ask-ok")
    def ok(self) -> None:
        self.dismiss(self.query_one("#ask-text", Input).value)

    @on(Button.Pressed, "#ask-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
