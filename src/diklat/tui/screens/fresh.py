"""Screens styled once when first shown, not twice.

Textual styles each widget as it mounts, then, when a screen is pushed or switched
to, styles the whole screen again (needed for an installed screen shown anew: the
theme may have changed meanwhile). For a screen shown for the first time that second
pass repeats work just done: on the review queue it was some 40 of the 100 style
applications per opening (bench: ``screen.*``). Later resumes keep it.
"""

from __future__ import annotations

from textual import events


class StyledOnce:
    """Mixin for Screen subclasses (put it before Screen in the bases)."""

    _resumed_before = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual calls each class's handler in turn (Screen's after this one): only
        # tell it whether to restyle.
        if not self._resumed_before:
            self._resumed_before = True
            event.refresh_styles = False
