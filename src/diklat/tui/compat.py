"""Every use of Textual's private API, in one place.

Textual may change anything whose name starts with ``_`` in any release. The few
private names diklat still needs live here, each with the reason it is needed;
tests/test_tui_compat.py fails when Textual moves past the version these were
checked against (``CHECKED``), so that an upgrade starts by looking at this module.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer

# The key widget of Textual's footer is not exported; the key footer
# (widgets/footer.py) styles each key once before it mounts.
from textual.widgets._footer import FooterKey  # noqa: PLC2701

CHECKED = (8, 2)  # Textual major.minor this module was read against

__all__ = [
    "CHECKED",
    "FooterKey",
    "SavesBeforeExit",
    "bindings_map",
    "bindings_ready",
    "forget_closed_watchers",
    "give_screen_focus",
    "set_bindings_ready",
]


def bindings_map(node: Any) -> Any:
    """A node's own key bindings; TranslatedBindings (tui/bindings.py) puts each
    description in the user's language once, when the node is made."""
    return node._bindings


def give_screen_focus(screen: Any) -> None:
    """Focus what the screen would focus once its widgets have mounted; the key footer
    does it as it composes so that its first frame shows the focused widget's keys."""
    screen._update_auto_focus()


def bindings_ready(footer: Footer) -> bool:
    return footer._bindings_ready


def set_bindings_ready(footer: Footer) -> None:
    """Tell Textual's footer that the screen's keys are known (it draws none before)."""
    footer.set_reactive(Footer._bindings_ready, True)


def forget_closed_watchers(app: Any) -> None:
    """Drop the app's watchers that belong to closed widgets. A widget that watches an
    app attribute which never changes (Textual's TextArea watches ``theme``) stays in
    the app's watcher list, and with it its screen, until that attribute next changes
    (issue 6, memory). Textual keeps the list in the attribute ``__watchers``."""
    for entries in (getattr(app, "__watchers", None) or {}).values():
        entries[:] = [(node, callback) for node, callback in entries if not node._closing]


class SavesBeforeExit:
    """Mixed into the app before ``App``: a closed browser tab (textual-serve asks the app
    to quit) and the web driver's SIGTERM end the app through the private ``_on_exit_app``
    without passing ``exit``, so pending saves are flushed there too."""

    async def _on_exit_app(self) -> None:
        self.flush_pending()  # type: ignore[attr-defined]
        await super()._on_exit_app()  # type: ignore[misc]
