"""What the review and marking screens share: running services off the UI thread,
a status line that says what happened, and the screen's help key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from diklat.domain.errors import DomainError
from diklat.textsafe import literal, scrub
from diklat.tui import format as fmt
from diklat.tui.bindings import TranslatedBindings
from diklat.tui.screens.fresh import StyledOnce


class StatusLine(Static):
    """One line (or a few) telling the user what just happened, in words."""

    DEFAULT_CSS = """
    StatusLine { height: auto; padding: 0 1; }
    StatusLine.error { text-style: bold; border-left: thick $error; }
    StatusLine.ok { border-left: thick $success; }
    """

    def say(self, message: str | Text, *, error: bool = False) -> None:
        # Messages carry names and texts people typed: never read them as markup, and
        # their control characters shown, not sent to the terminal.
        text = literal(message, multiline=True) if isinstance(message, str) else scrub(message)
        self.set_class(error, "error")
        self.set_class(not error and bool(text.plain), "ok")
        self.update(text)


class ServiceScreen(TranslatedBindings, StyledOnce, Screen[None]):
    """A screen that calls services in a worker thread and shows their errors as words."""

    # F1 first, so that the footer shows it even when the terminal is narrow.
    BINDINGS = [Binding("f1", "app.help", "key.help"), Binding("escape", "back", "key.back")]

    @property
    def db(self):
        return self.app.db

    @property
    def actor(self):
        return self.app.actor

    def status(self, message: str | Text, *, error: bool = False) -> None:
        for line in self.query(StatusLine):
            line.say(message, error=error)
            return

    def call(
        self,
        fn: Callable[..., Any],
        *args: Any,
        done: Callable[[Any], None] | None = None,
        failed: Callable[[DomainError], None] | None = None,
        **kwargs: Any,
    ) -> None:
        """Run ``fn(*args, **kwargs)`` in a thread; ``done(result)`` or ``failed(error)`` on the UI thread."""
        self._call(fn, args, kwargs, done, failed)

    @work(thread=True, group="service")
    def _call(self, fn, args, kwargs, done, failed) -> None:
        try:
            result = fn(*args, **kwargs)
        except DomainError as exc:
            self.app.call_from_thread(failed or self._failed, exc)
            return
        if done is not None:
            self.app.call_from_thread(done, result)

    def _failed(self, exc: DomainError) -> None:
        self.status(fmt.error(exc), error=True)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
