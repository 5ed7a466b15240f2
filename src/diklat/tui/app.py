"""The application shell: log-in, the forced password change, then the user's home."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from diklat.db.engine import Database
from diklat.i18n import t
from diklat.services.actor import Actor
from diklat.tui.bindings import TranslatedBindings


def get_stage_commands():
    from diklat.tui.commands import StageCommands

    return StageCommands


class DiklatApp(TranslatedBindings, App[None]):
    CSS_PATH = Path(__file__).parent / "app.tcss"
    TITLE = "diklat"
    COMMANDS = App.COMMANDS | {get_stage_commands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "key.quit", priority=True),
        Binding("f1", "help", "key.help"),
    ]

    def __init__(self, db: Database, *, demo: bool = False) -> None:
        super().__init__()
        self.db = db
        self.demo = demo
        self.actor: Actor | None = None
        self.sub_title = t("app.subtitle_demo") if demo else t("app.subtitle")

    def on_mount(self) -> None:
        # ANSI colours follow the user's terminal palette and keep contrast in 16 colours.
        self.theme = "textual-ansi" if "textual-ansi" in self.available_themes else "ansi-dark"
        from diklat.tui.screens.login import LoginScreen

        self.push_screen(LoginScreen())

    def logged_in(self, actor: Actor) -> None:
        self.actor = actor
        if actor.must_change_password:
            from diklat.tui.screens.password import PasswordScreen

            self.switch_screen(PasswordScreen(forced=True))
        else:
            self.show_home()

    def show_home(self) -> None:
        from diklat.tui.screens.home import HomeScreen

        assert self.actor is not None
        self.switch_screen(HomeScreen(self.actor))

    def log_out(self) -> None:
        from diklat.tui.screens.login import LoginScreen

        self.actor = None
        self.switch_screen(LoginScreen())

    def action_help(self) -> None:
        from diklat.tui.widgets.help import HelpScreen

        key = getattr(self.screen, "HELP_KEY", "help.general")
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(key))


def run_app(db: Database, *, demo: bool = False) -> None:
    DiklatApp(db, demo=demo).run()
