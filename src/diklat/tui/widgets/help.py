"""F1: the current screen's help, from the catalogue, and the keys every screen shares."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from diklat.i18n import t
from diklat.tui.bindings import TranslatedBindings


class HelpScreen(TranslatedBindings, ModalScreen[None]):
    """The help ``help_key`` names (or ``text``, already in the person's words), then the
    line of keys that work on every screen (``help.everywhere``)."""

    BINDINGS = [Binding("escape,f1,q", "dismiss", "key.close")]

    def __init__(self, help_key: str, text: str | None = None) -> None:
        super().__init__()
        self.help_key = help_key
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(t("help.title"), id="help-title")
            yield Markdown(self.text if self.text is not None else t(self.help_key))
            yield Markdown(t("help.everywhere"), id="help-everywhere")
            yield Markdown(t("help.close_hint"), id="help-close", classes="hint")

    def action_dismiss(self) -> None:
        self.dismiss(None)
