#!/usr/bin/env python3
"""The yardstick: a Textual app with one Static widget, launched the way diklat is."""

from textual.app import App, ComposeResult
from textual.widgets import Static

MARKER = "bench minimal app ready"


class MinimalApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(MARKER)


if __name__ == "__main__":
    MinimalApp().run()
