"""A yes/no question that says exactly what will happen."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from diklat.i18n import t
from diklat.textsafe import literal
from diklat.tui.bindings import TranslatedBindings


class Confirm(TranslatedBindings, ModalScreen[bool]):
    CSS_PATH = "review.tcss"
    BINDINGS = [Binding("escape", "no", "key.dialog_cancel"), Binding("y", "yes", "key.dialog_yes")]

    def __init__(self, question: str, *, yes: str | None = None) -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes or t("review.dialog.yes")

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(literal(self.question, multiline=True), id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(self.yes_label, id="confirm-yes", variant="primary")
                yield Button(t("review.dialog.no"), id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed, "#confirm-yes")
    def action_yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def action_no(self) -> None:
        self.dismiss(False)
