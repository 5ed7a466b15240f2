"""The application shell: log-in, the forced password change, then the user's home.

Start-up draws the log-in screen first: this module imports neither the database
layer nor the services (SQLAlchemy, the ORM models, Alembic). ``diklat`` hands the
app an opener instead of an open database; the log-in screen calls it in a worker
thread once it has been drawn (tests/test_startup_imports.py keeps it so).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import Reactive
from textual.theme import BUILTIN_THEMES

from diklat.i18n import t
from diklat.tui import compat, gc_tuning
from diklat.tui.bindings import TranslatedBindings

if TYPE_CHECKING:
    from diklat.db.engine import Database
    from diklat.services.actor import Actor


@dataclass(frozen=True)
class Served:
    """How ``diklat serve`` runs this app for a browser tab (diklat.serve.session)."""

    idle_minutes: float = 30
    insecure: bool = False  # plain HTTP on a network: the log-in screen says so


def get_stage_commands():
    from diklat.tui.commands import StageCommands

    return StageCommands


class DiklatApp(compat.SavesBeforeExit, TranslatedBindings, App[None]):
    CSS_PATH = Path(__file__).parent / "app.tcss"
    TITLE = "diklat"
    # A terminal under 30 rows (80x24) gives every screen the class "-short": the
    # screens' styles make their fixed-height parts smaller there, so no panel is left
    # with no rows at all.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    COMMANDS = App.COMMANDS | {get_stage_commands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "key.quit", priority=True),
        # Priority, like Ctrl+L: a dialog's bindings end the chain, and its help is
        # offered too (help.confirm, help.history…); F1 over the help closes it.
        Binding("f1", "help", "key.help", priority=True),
        # Every screen, not only the home, dialogs too (priority: a dialog's bindings
        # otherwise end the chain): the help of every screen offers it.
        Binding("ctrl+l", "logout", "key.logout", show=False, priority=True),
        # Textual's own palette binding is labelled "palette" in every language.
        Binding("ctrl+p", "command_palette", "key.palette", show=False, priority=True),
        # Ctrl+C copies in a text field or a selection (action_help_quit lets it through);
        # anywhere else, a dialog too, it says how to quit.
        Binding("ctrl+c", "help_quit", show=False, system=True, priority=True),
        # A row list's own Home/End only scroll sideways; in a list they go to its
        # first and last row (priority: before the table takes the key; any other
        # widget still gets it, see action_list_end).
        Binding("home", "list_end('first')", show=False, priority=True),
        Binding("end", "list_end('last')", show=False, priority=True),
    ]
    # ANSI colours follow the user's terminal palette and keep contrast in 16 colours.
    # The theme is the default from the start: set in on_mount it restyled the whole
    # app once more before the log-in screen was drawn (start-up, issue 6).
    theme: Reactive[str] = Reactive(
        "textual-ansi" if "textual-ansi" in BUILTIN_THEMES else "ansi-dark"
    )

    def __init__(
        self,
        db: Database | None = None,
        *,
        demo: bool = False,
        open_db: Callable[[], Database] | None = None,
        served: Served | None = None,
    ) -> None:
        super().__init__()
        self.served = served
        gc_tuning.tune()  # drawing allocates a lot: see tui/gc_tuning.py
        if db is None and open_db is None:
            raise ValueError("a database or a way to open one is needed")
        self._db = db
        self._open_db = open_db
        self._db_lock = threading.Lock()
        self._ui_thread = threading.get_ident()  # the app runs where it is made
        self.open_error: BaseException | None = None
        self.demo = demo
        self.actor: Actor | None = None
        self.sub_title = t("app.subtitle_demo") if demo else t("app.subtitle")

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity="information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification (screens' and widgets' too: they call this) is plain text:
        never parsed as markup, control characters shown (:mod:`diklat.textsafe`)."""
        from diklat.textsafe import visible

        super().notify(
            visible(message, multiline=True),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    @property
    def db_ready(self) -> bool:
        return self._db is not None

    @property
    def db(self) -> Database:
        """The open database; the first use opens (and migrates) it, so call it from a
        worker thread while it may not be open yet. When opening fails the app ends
        and ``run_app`` raises the error, which the command line reports as before."""
        if self._db is None:
            with self._db_lock:
                if self.open_error is not None:
                    raise self.open_error
                if self._db is None:
                    assert self._open_db is not None
                    try:
                        self._db = self._open_db()
                    except BaseException as exc:
                        self.open_error = exc
                        self._fail_open()
                        raise
        return self._db

    def _fail_open(self) -> None:
        if threading.get_ident() == self._ui_thread:
            self.exit()
        else:
            self.call_from_thread(self.exit)

    def on_mount(self) -> None:
        from diklat.tui.screens.login import LoginScreen

        self._catch_hang_ups()
        self.push_screen(LoginScreen())
        if self.served is not None and self.served.idle_minutes > 0:
            self._last_input = time.monotonic()
            self.set_interval(min(30.0, self.served.idle_minutes * 15), self.log_out_if_idle)

    # --- nothing typed is lost on the way out (issue 13) ----------------------------------

    def flush_pending(self) -> int:
        """Save now, on this thread, every change still waiting for its autosave: stage
        drafts and review drafts, on every screen open (not only the one shown). Returns
        how many were saved. Called on every way out of the app: Ctrl+Q and any other
        ``exit``, the terminal closing (SIGHUP), SIGTERM; a server calls it when a browser
        tab closes or an idle session is logged out. A save that fails here is given up:
        the app is going away and has nowhere left to say so."""
        saved = 0
        for screen in list(self.screen_stack):
            flush = getattr(screen, "flush_pending", None)
            if flush is not None:
                try:
                    saved += bool(flush())
                except Exception:  # noqa: S112 - on the way out; the others still get their turn
                    continue
        return saved

    def exit(self, *args, **kwargs) -> None:
        self.flush_pending()
        super().exit(*args, **kwargs)

    async def action_quit(self) -> None:
        self.exit()

    # --- an idle served session saves and returns to the log-in screen ---------------------

    _last_input = 0.0

    async def on_event(self, event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.Paste)):
            self._last_input = time.monotonic()
        await super().on_event(event)

    def log_out_if_idle(self) -> None:
        served = self.served
        if served is None or self.actor is None or served.idle_minutes <= 0:
            return
        if time.monotonic() - self._last_input < served.idle_minutes * 60:
            return
        # log_out saves what is pending and closes every screen of the person's.
        self.log_out(message=t("login.idle_logged_out", minutes=f"{served.idle_minutes:g}"))

    def _catch_hang_ups(self) -> None:
        """SIGHUP (the terminal closed) and SIGTERM (the system or a server stopping the
        process) end the app the way Ctrl+Q does, pending saves first; by default either
        signal killed the process with the last second of typing unsaved."""
        if self.is_headless or threading.current_thread() is not threading.main_thread():
            return
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        for sig in (signal.SIGHUP, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, self.exit)
            except (NotImplementedError, RuntimeError, ValueError):  # not on this platform
                pass

    # --- screens left behind are let go (issue 6, memory) ---------------------------------
    # A widget that watches the app (Textual's TextArea watches ``theme``, its Header
    # ``title`` and ``sub_title``) stays in the app's watcher list until that attribute
    # next changes, which in this app is never; through it the widget and its screen
    # stayed in memory after the screen was closed: every stage screen ever opened.
    # Textual drops the watchers of closed widgets when it next calls them; this drops
    # them whenever the screens change.

    def forget_closed_watchers(self) -> None:
        from diklat.tui import compat

        compat.forget_closed_watchers(self)

    def push_screen(self, *args, **kwargs):
        self.forget_closed_watchers()
        return super().push_screen(*args, **kwargs)

    def switch_screen(self, *args, **kwargs):
        self.forget_closed_watchers()
        return super().switch_screen(*args, **kwargs)

    def pop_screen(self, *args, **kwargs):
        self.forget_closed_watchers()
        return super().pop_screen(*args, **kwargs)

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

    def log_out(self, message: str = "") -> None:
        """Back to the log-in screen from wherever the person is: what they typed is
        saved first, and every screen of theirs (stages, dialogs) is closed."""
        from diklat.tui.screens.login import LoginScreen

        self.flush_pending()
        self.actor = None
        while len(self.screen_stack) > 2:  # the default screen and one to switch
            self.pop_screen()
        screen = LoginScreen()
        self.switch_screen(screen)
        if message:
            self.call_after_refresh(screen.show_message, message)

    def action_logout(self) -> None:
        if self.actor is not None:
            self.log_out()

    def action_list_end(self, which: str) -> None:
        from textual.actions import SkipAction
        from textual.widgets import DataTable

        table = self.focused
        if not isinstance(table, DataTable) or table.cursor_type != "row" or not table.row_count:
            raise SkipAction()  # an input's Home is the start of its line
        table.move_cursor(row=0 if which == "first" else table.row_count - 1)

    def action_help_quit(self) -> None:
        """Ctrl+C copies in a field; elsewhere it says how to quit, in words (Textual's
        own hint is English with markup, shown raw by this app's plain-text notify)."""
        from textual.actions import SkipAction
        from textual.widgets import Input, TextArea

        if isinstance(self.focused, (Input, TextArea)) or self.screen.get_selected_text():
            raise SkipAction()  # the field's or the screen's own copy key takes it
        self.notify(t("app.quit_hint"), title=t("app.quit_title"))

    def action_command_palette(self) -> None:
        """The palette with its search line in the person's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(
                CommandPalette(id="--command-palette", placeholder=t("palette.placeholder"))
            )

    # --- a served session reaches nothing but the app ------------------------------------

    def get_system_commands(self, screen) -> Iterable[SystemCommand]:
        """Textual's own entries, named in the person's language (palette.*)."""
        for command in super().get_system_commands(screen):
            # Textual's screenshot writes an SVG into the working directory.
            if self.served is not None and command.title == "Screenshot":
                continue
            key = _SYSTEM_COMMANDS.get(command.title)
            if key is None:
                yield command
                continue
            shown = "hide" if command.help.startswith("Hide") else "help"
            yield SystemCommand(t(f"palette.{key}"), t(f"palette.{key}_{shown}"), command.callback)

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        if self.served is None:
            super().action_screenshot(filename, path)

    def action_help(self) -> None:
        """The help of the screen in front: its ``HELP_KEY``, or the text of its
        ``help_text()`` (a stage adds the keys every stage shares)."""
        from diklat.tui.widgets.help import HelpScreen

        screen = self.screen
        if isinstance(screen, HelpScreen):
            screen.dismiss(None)
            return
        key = getattr(screen, "HELP_KEY", "help.general")
        text = getattr(screen, "help_text", None)
        self.push_screen(HelpScreen(key, text() if text is not None else None))


# Textual's palette entries by their English titles (textual.app.App.get_system_commands).
_SYSTEM_COMMANDS = {
    "Theme": "theme",
    "Quit": "quit",
    "Keys": "keys",
    "Minimize": "minimize",
    "Maximize": "maximize",
    "Screenshot": "screenshot",
}


def run_app(
    db: Database | None = None, *, demo: bool = False, open_db: Callable[[], Database] | None = None
) -> None:
    """Run the app; ``open_db`` opens the database after the log-in screen is drawn.
    An error while opening it (a newer database, an unreadable file) ends the app and
    is raised here."""
    app = DiklatApp(db, demo=demo, open_db=open_db)
    app.run()
    if app.open_error is not None:
        raise app.open_error
