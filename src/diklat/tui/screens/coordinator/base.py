"""What every tab of the cohort screen shares: loading when first shown (and again
after something changed), calling services through the screen's worker."""

from __future__ import annotations

from textual.containers import Vertical

from diklat.i18n import t
from diklat.tui.bindings import TranslatedBindings


class CoordTab(TranslatedBindings, Vertical):
    stale = True
    FOCUS = ""  # the widget that takes the keyboard when the tab is shown

    @property
    def coord(self):
        return self.screen

    @property
    def code(self) -> str:
        return self.screen.code

    def call(self, fn, *args, done=None, failed=None, **kwargs) -> None:
        self.screen.call(fn, *args, done=done, failed=failed, **kwargs)

    def status(self, message, *, error: bool = False) -> None:
        self.screen.status(message, error=error)

    def activated(self) -> None:
        if self.FOCUS:
            for widget in self.query(self.FOCUS):
                widget.focus()
                break
        if self.stale:
            self.load()

    def load(self) -> None:
        self.stale = False


def bar(done: int, total: int, width: int = 20) -> str:
    """A text bar: ``█████░░░░░`` (the numbers are always printed next to it)."""
    if total <= 0:
        return "░" * width
    filled = round(width * done / total)
    return "█" * filled + "░" * (width - filled)


def yes_no(flag: bool) -> str:
    return t("coord.yes") if flag else t("coord.no")
