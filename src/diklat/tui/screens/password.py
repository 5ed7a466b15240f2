from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from diklat.i18n import t
from diklat.services import auth
from diklat.tui.bindings import EnterAdvances, TranslatedBindings, form_keys
from diklat.tui.screens.base import ServiceCalls
from diklat.tui.widgets.footer import KeyFooter
from diklat.tui.widgets.statusline import StatusLine
from diklat.tui.widgets.titlebar import TitleBar


class PasswordScreen(ServiceCalls, EnterAdvances, TranslatedBindings, Screen[None]):
    """Change one's own password; after a one-time password it cannot be skipped."""

    HELP_KEY = "help.password"
    FIELD_ORDER = ("pw-old", "pw-new", "pw-again")
    BINDINGS = [
        Binding("ctrl+l", "logout", "key.logout"),
        Binding("escape", "back", "key.back"),
        *form_keys(),
    ]

    def __init__(self, *, forced: bool) -> None:
        super().__init__()
        self.forced = forced

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Center():
            with Vertical(id="password-box"):
                yield Static(t("password.title"), id="password-title")
                if self.forced:
                    yield Static(t("password.forced"), classes="notice")
                yield Label(t("password.old"))
                yield Input(password=True, id="pw-old")
                yield Label(t("password.new", min=auth.MIN_PASSWORD))
                yield Input(password=True, id="pw-new")
                yield Label(t("password.again"))
                yield Input(password=True, id="pw-again")
                yield Button(t("password.submit"), variant="primary", id="pw-submit")
                yield StatusLine("", id="pw-message", classes="message")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#pw-old", Input).focus()

    @on(Button.Pressed, "#pw-submit")
    def submit(self) -> None:
        old, new, again = (
            self.query_one(f"#{i}", Input).value for i in ("pw-old", "pw-new", "pw-again")
        )
        if new != again:
            self.status(t("password.differ"), error=True)
            return
        self.call(auth.change_password, self.db, self.app.actor, old, new, done=self.done)

    def done(self, actor) -> None:
        self.app.actor = actor
        self.notify(t("password.changed"))
        if self.forced:
            self.app.show_home()
        else:
            self.app.pop_screen()

    def action_back(self) -> None:
        if not self.forced:
            self.app.pop_screen()

    def action_logout(self) -> None:
        if not self.forced:
            self.app.pop_screen()
        self.app.log_out()
