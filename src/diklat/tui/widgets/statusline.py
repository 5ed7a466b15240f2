"""The status line: one line (or a few) under a screen's title telling what just happened."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from diklat.textsafe import literal, scrub


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
