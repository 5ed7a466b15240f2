from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any


class DomainError(ValueError):
    """A rule was broken. Carries a catalogue key so every face can say it in the user's language."""

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(key)

    def message(self, shown: Callable[[Any], Any] | None = None) -> str:
        """The message in the user's language. ``shown`` renders each parameter (the
        app passes ``tui.format.shown``: local time, the language's decimal mark);
        without it a stored moment reads as UTC, to the minute."""
        from diklat.i18n import t

        return t(self.key, **{name: (shown or _plain)(v) for name, v in self.params.items()})


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(" ", "minutes") + (" UTC" if value.tzinfo is None else "")
    return value

    def __str__(self) -> str:  # pragma: no cover - convenience for logs and pytest output
        return self.message()
