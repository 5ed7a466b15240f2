"""F1: the current screen's help, from the catalogue."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from diklat.i18n import t
from diklat.tui.bindings import TranslatedBindings


class HelpScreen(TranslatedBindings, ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss", "key.close")]

    def __init__(self, help_key: str) -> None:
        super().__init__()
        self.help_key = help_key

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(t("help.title"), id="help-title")
            yield Markdown(t(self.help_key))
            yield Static(t("help.close_hint"), classes="hint")

    def action_dismiss(self) -> None:
        self.dismiss(None)
