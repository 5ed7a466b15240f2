"""Textual's DataTable, drawn once when it only grows taller.

DataTable renews every cached cell on each resize. Only the filler to the right of
the last column depends on the table's size, and on its width alone: the cells have
their column's width. A table that grows as its rows arrive (``height: auto``), or
that is laid out after its first frame, was therefore rendered twice in the opening
of a screen: on the progress matrix some 200 cells twice (bench: ``screen.*``).
This table renews its cache when its width changes, not its height.
"""

from __future__ import annotations

from textual import events
from textual.widgets import DataTable


class Table(DataTable):
    # CSS written for ``DataTable`` applies (a subclass matches its bases' names).

    _drawn_width: int | None = None

    def _on_resize(self, event: events.Resize) -> None:
        # Textual calls each class's handler in turn; DataTable's would renew the cache.
        event.prevent_default()
        if event.size.width != self._drawn_width:
            self._drawn_width = event.size.width
            self._update_count += 1
