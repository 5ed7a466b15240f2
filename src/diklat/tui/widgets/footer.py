"""The key footer, rebuilt only when the keys it shows change.

Textual's ``Footer`` throws its keys away and composes new ones on every bindings
signal: each focus change, each ``refresh_bindings``. Opening a screen sends that
signal half a dozen times, nearly always with the same keys, and each new key is
restyled twice on the way (a key starts compact, then the footer's data binding
sets it back), so the footer alone cost about a hundred style updates per screen
(bench: ``screen.*``). This footer looks the same and behaves the same; it
recomposes only when the keys, their descriptions or their enabled state differ
from what it shows, and gives each key its compact value before the key mounts.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from diklat.tui import compat
from diklat.tui.compat import FooterKey


class KeyFooter(Footer):
    # CSS written for Textual's ``Footer`` applies (a subclass matches its bases' names).

    _shown: Any = None  # the keys composed last (see _keys)

    def _keys(self) -> Any:
        """Everything compose reads to draw the keys."""
        active = self.screen.active_bindings
        keys = [
            (binding, enabled, tooltip)
            for (_, binding, enabled, tooltip) in active.values()
            if binding.show
        ]
        palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            entry = active.get(self.app.COMMAND_PALETTE_BINDING)
            palette = entry[1:] if entry is not None else None
        return keys, palette, self.compact

    def compose(self) -> ComposeResult:
        if self.is_attached and self.app.app_focus:
            # The screen's and the app's keys are known already: draw them with the
            # screen's first frame rather than in a second one after it. The screen
            # gives the focus only once all its widgets have mounted, this footer
            # among them; give it now (as the screen would), so that the keys drawn
            # are those of the focused widget, not redrawn a moment later.
            compat.give_screen_focus(self.screen)
            compat.set_bindings_ready(self)
        self._shown = self._keys() if compat.bindings_ready(self) else None
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                # The footer binds each key's ``compact`` to its own; set it now, so
                # that the key mounts styled once rather than toggled twice.
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        compat.set_bindings_ready(self)
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if self.is_attached and self._keys() != self._shown:
            await self.recompose()

    # --- never a key cut mid-word ------------------------------------------------------
    # Textual's footer scrolls sideways: on a narrow terminal the last keys it shows
    # are cut (" ^q Kelu"). Here a key that does not fit whole is not drawn at all;
    # F1 lists every key of the screen.

    def on_mount(self) -> None:
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    async def recompose(self) -> None:
        await super().recompose()
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        if not self.is_attached:
            return
        keys = list(self.query(FooterKey))
        docked = [k for k in keys if k.has_class("-command-palette")]
        room = self.size.width - sum(k.outer_size.width for k in docked)
        used = 0
        for key in keys:
            if key in docked:
                continue
            # padding and border (gutter) and the space between keys (margin)
            width = key.get_content_width(self.size, self.app.size) + key.styles.gutter.width
            width += key.styles.margin.width
            used += width
            key.display = used <= room
