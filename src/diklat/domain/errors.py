from __future__ import annotations


class DomainError(ValueError):
    """A rule was broken. Carries a catalogue key so every face can say it in the user's language."""

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(key)

    def message(self) -> str:
        from diklat.i18n import t

        return t(self.key, **self.params)

    def __str__(self) -> str:  # pragma: no cover - convenience for logs and pytest output
        return self.message()
