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
