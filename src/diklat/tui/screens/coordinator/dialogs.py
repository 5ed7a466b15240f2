"""A question that needs a written answer (the reason to unlock a cohort)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from diklat.i18n import t
from diklat.textsafe import literal
from diklat.tui.bindings import TranslatedBindings


class AskText(TranslatedBindings, ModalScreen[str | None]):
    """Asks ``question``; returns the typed text (Enter or OK), or None (Esc or Cancel)."""

    HELP_KEY = "help.confirm"
    DEFAULT_CSS = """
    AskText { align: center middle; }
    AskText > Vertical { width: 70; max-width: 100%; height: auto; border: round $primary; padding: 1 2;
                         background: $surface; }
    AskText Static { height: auto; margin-bottom: 1; }
    AskText Horizontal { height: auto; margin-top: 1; }
    AskText Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", "key.dialog_cancel")]

    def __init__(self, question: str, *, ok: str | None = None, placeholder: str = "") -> None:
        super().__init__()
        self.question = question
        self.ok_label = ok or t("coord.dialog.ok")
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(literal(self.question, multiline=True))
            yield Input(placeholder=self.placeholder, id="ask-text")
            with Horizontal():
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
