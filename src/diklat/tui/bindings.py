"""Key bindings whose descriptions are catalogue keys, translated when a screen is made."""

from __future__ import annotations

from dataclasses import replace

from diklat.i18n import has, t


class TranslatedBindings:
    """Mixin for screens and widgets: ``Binding(..., "key.help")`` shows as "Bantuan"."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for key, bindings in self._bindings.key_to_bindings.items():
            self._bindings.key_to_bindings[key] = [
                replace(b, description=t(b.description) if has(b.description) else b.description,
                        tooltip=t(b.tooltip) if b.tooltip and has(b.tooltip) else b.tooltip)
                for b in bindings
            ]


class EnterAdvances:
    """Mixin for small forms: Enter moves to the next field, and on the last one submits.

    Enter is a priority binding rather than an ``Input.Submitted`` handler: the binding
    runs before the next key is dispatched, so keys typed in a burst (a paste, a fast
    typist) land in the field Enter moved to. The submission is queued on the field,
    behind the keys it has still to take in, so the value it reads is complete.
    """

    FIELD_ORDER: tuple[str, ...] = ()

    def action_enter(self) -> None:
        from textual.widgets import DataTable, Input

        focused = self.focused
        if isinstance(focused, DataTable):
            focused.action_select_cursor()
        elif isinstance(focused, Input) and focused.id in self.FIELD_ORDER[:-1]:
            following = self.FIELD_ORDER[self.FIELD_ORDER.index(focused.id) + 1]
            self.set_focus(self.query_one(f"#{following}", Input))
        elif isinstance(focused, Input):
            focused.call_later(self.submit)
        else:
            self.submit()

    def submit(self) -> None:  # pragma: no cover - every form defines it
        raise NotImplementedError
