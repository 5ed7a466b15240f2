"""Key bindings whose descriptions are catalogue keys, translated when a screen is made."""

from __future__ import annotations

from dataclasses import replace

from diklat.i18n import has, t


class TranslatedBindings:
    """Mixin for screens and widgets: ``Binding(..., "key.help")`` shows as "Bantuan"."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from diklat.tui import compat

        own = compat.bindings_map(self)
        for key, bindings in own.key_to_bindings.items():
            own.key_to_bindings[key] = [
                replace(
                    b,
                    description=t(b.description) if has(b.description) else b.description,
                    tooltip=t(b.tooltip) if b.tooltip and has(b.tooltip) else b.tooltip,
                )
                for b in bindings
            ]


def form_keys() -> list:
    """The bindings of an ``EnterAdvances`` form (put them in its BINDINGS)."""
    from textual.binding import Binding

    return [
        Binding("enter", "enter", "key.next", show=False, priority=True),
        Binding("tab", "next_field", "key.next", show=False, priority=True),
        Binding("shift+tab", "previous_field", "key.next", show=False, priority=True),
    ]


class EnterAdvances:
    """Mixin for small forms: Enter moves to the next field, and on the last one submits.

    Enter, Tab and Shift+Tab are priority bindings (``form_keys``) rather than an
    ``Input.Submitted`` handler and the app's own Tab: a priority binding runs before
    the next key is handed to a widget, so keys typed in a burst (a paste, a password
    manager, a fast typist: "user<Tab>password<Enter>") land in the field the key moved
    to; Textual's Tab is handled only after the keys behind it were given to the old
    field. The submission is queued on the field, behind the keys it has still to take
    in, so the value it reads is complete.
    """

    FIELD_ORDER: tuple[str, ...] = ()

    def action_next_field(self) -> None:
        self.focus_next()

    def action_previous_field(self) -> None:
        self.focus_previous()

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
