"""A list of items in a stage document (issues, causes, ideas, milestones, ...): a table
to move through and, below it, a form for the highlighted item.

Keys on the table: **A** add, **Del** remove (asks first, naming the item), **Enter**
edit the item (focus moves to its first field); **Esc** in the form goes back to the
table. **Ctrl+Z** brings the last removed item back where it was.
A "fixed" list (one row per milestone of the design, say) has no add or remove.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable, Label, Static

from diklat.i18n import t
from diklat.textsafe import as_text
from diklat.tui.bindings import TranslatedBindings
from diklat.tui.widgets.confirm import ConfirmScreen
from diklat.tui.widgets.form import FieldSpec, fill, make_editor, refresh_choices


@dataclass
class Column:
    label: str  # catalogue key
    value: Callable[[dict, int], str | Text]
    width: int | None = None


# How long the note "… removed; Ctrl+Z brings it back" stays on screen.
UNDO_HINT_SECONDS = 10


class ItemTable(TranslatedBindings, DataTable):
    BINDINGS = [
        Binding("a,insert", "add", "key.add", show=False),
        Binding("delete,d", "remove", "key.remove"),
        Binding("enter", "edit", "key.edit", show=False),
    ]

    def action_add(self) -> None:
        self.parent_list.add_item()

    def action_remove(self) -> None:
        self.parent_list.remove_item()

    def action_edit(self) -> None:
        self.parent_list.focus_form()

    @property
    def parent_list(self) -> ItemList:
        return self.query_ancestor(ItemList)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        lst = self.parent_list
        if action in ("add", "remove") and (lst.fixed or not lst.editable):
            # Hidden, not greyed: a list of milestones never loses a row, and in a
            # stage that cannot change (sent, approved, someone else's) no row goes.
            return False
        if action == "remove" and not lst.items():
            return None
        return True


class ItemForm(TranslatedBindings, Vertical):
    BINDINGS = [Binding("escape", "back_to_list", "key.back_to_list")]

    def action_back_to_list(self) -> None:
        self.query_ancestor(ItemList).query_one(ItemTable).focus()


class ItemList(TranslatedBindings, Vertical):
    """Items of ``doc[name]``, a list of dicts kept in the screen's document."""

    # Insert adds from anywhere in the list, also while typing in an item's fields (not
    # Ctrl+N: a browser opens a new window with it and never passes it to a served app).
    BINDINGS = [
        Binding("insert", "add", "key.add_item"),
        Binding("ctrl+z", "undo_remove", "key.undo_remove"),
    ]

    def action_add(self) -> None:
        self.add_item()

    def action_undo_remove(self) -> None:
        self.undo_remove()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "add" and (self.fixed or not self.editable):
            return False  # hidden, as the table's add and remove are
        if action == "undo_remove" and (self.removed is None or not self.editable):
            return False  # not in the footer until there is something to bring back
        return True

    class Changed(Message):
        def __init__(self, item_list: ItemList) -> None:
            super().__init__()
            self.item_list = item_list

        @property
        def control(self) -> ItemList:
            return self.item_list

    def __init__(
        self,
        name: str,
        items: Callable[[], list[dict]],
        columns: Sequence[Column],
        fields: Sequence[FieldSpec],
        *,
        new_item: Callable[[list[dict]], dict] | None = None,
        empty: str = "form.list_empty",
        fixed: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id or f"list-{name}", classes="item-list")
        self.list_name = name
        self.items = items
        self.columns = list(columns)
        self.fields = list(fields)
        self.new_item = new_item
        self.empty_key = empty
        self.fixed = fixed
        self.editable = True
        self.current = 0
        # The last item removed and where it stood, until Ctrl+Z puts it back.
        self.removed: tuple[int, dict] | None = None

    def compose(self) -> ComposeResult:
        table = ItemTable(
            cursor_type="row", zebra_stripes=True, id=f"{self.id}-table", classes="item-table"
        )
        for col in self.columns:
            table.add_column(t(col.label), width=col.width)
        yield table
        yield Static(t(self.empty_key), classes="item-empty")
        with ItemForm(classes="item-form"):
            i = 0
            while i < len(self.fields):
                spec = self.fields[i]
                if spec.group is None:
                    yield from self._field(spec)
                    i += 1
                    continue
                with Horizontal(classes="field-group"):
                    while i < len(self.fields) and self.fields[i].group == spec.group:
                        with Vertical(classes="field-cell"):
                            yield from self._field(self.fields[i], help_inline=False)
                        i += 1

    def _field(self, spec: FieldSpec, help_inline: bool = True) -> ComposeResult:
        if spec.kind != "bool":
            yield Label(t(spec.label), classes="field-label")
        yield make_editor(
            spec,
            self._getter(spec),
            self._setter(spec),
            id=f"{self.id}-{spec.name.replace('.', '-')}",
        )
        if spec.help and help_inline:
            yield Static(t(spec.help), classes="field-help")

    def on_mount(self) -> None:
        self.reload()

    # --- values of the highlighted item ------------------------------------------------

    def _item(self) -> dict | None:
        items = self.items()
        if not items:
            return None
        self.current = max(0, min(self.current, len(items) - 1))
        return items[self.current]

    def _getter(self, spec: FieldSpec) -> Callable[[], Any]:
        def get() -> Any:
            item = self._item()
            if item is None:
                return None
            value: Any = item
            for part in spec.name.split("."):
                value = (value or {}).get(part) if isinstance(value, dict) else None
            return value

        return get

    def _setter(self, spec: FieldSpec) -> Callable[[Any], None]:
        def set_(value: Any) -> None:
            item = self._item()
            if item is None:
                return
            *path, last = spec.name.split(".")
            target = item
            for part in path:
                if not isinstance(target.get(part), dict):
                    target[part] = {}
                target = target[part]
            target[last] = value
            self.refresh_table()
            self.post_message(self.Changed(self))

        return set_

    # --- showing -----------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read the items from the document and show the highlighted one."""
        self.refresh_table()
        self.show_current()

    def refresh_table(self) -> None:
        table = self.query_one(ItemTable)
        items = self.items()
        # Cells hold the participant's text: never parsed as markup (a ``str`` cell would
        # be), control characters shown.
        rows = [
            [as_text(col.value(item, i)) for col in self.columns] for i, item in enumerate(items)
        ]
        with self.prevent(DataTable.RowHighlighted):
            if table.row_count == len(rows):
                for r, cells in enumerate(rows):
                    for c, cell in enumerate(cells):
                        table.update_cell_at(Coordinate(r, c), cell)
            else:
                table.clear()
                for i, cells in enumerate(rows):
                    table.add_row(*cells, key=str(i))
                if items:
                    table.move_cursor(row=max(0, min(self.current, len(items) - 1)), animate=False)
        has_items = bool(items)
        self.query_one(".item-empty", Static).display = not has_items
        self.query_one(ItemForm).display = has_items

    def show_current(self) -> None:
        for w in self._editors():
            fill(w, w.field_get())
            w.disabled = not self.editable

    def refresh_choices(self) -> None:
        for w in self._editors():
            refresh_choices(w)

    def _editors(self) -> list:
        return [w for w in self.query_one(ItemForm).query("*") if hasattr(w, "field_spec")]

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        self.show_current()
        self.query_one(ItemTable).refresh_bindings()

    @on(DataTable.RowHighlighted, ".item-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.cursor_row != self.current:
            self.current = event.cursor_row
            self.show_current()

    def focus_form(self) -> None:
        for w in self._editors():
            if not w.disabled:
                w.focus()
                return

    # --- adding and removing ---------------------------------------------------------

    def add_item(self) -> None:
        if self.fixed or not self.editable or self.new_item is None:
            return
        items = self.items()
        items.append(self.new_item(items))
        self.current = len(items) - 1
        self.refresh_table()
        with self.prevent(DataTable.RowHighlighted):
            self.query_one(ItemTable).move_cursor(row=self.current, animate=False)
        self.show_current()
        self.post_message(self.Changed(self))
        self.focus_form()

    def remove_item(self) -> None:
        item = self._item()
        if item is None or self.fixed or not self.editable:
            return
        label = self.label_of(item)

        def done(yes: bool | None) -> None:
            if yes:
                items = self.items()
                if 0 <= self.current < len(items):
                    self.removed = (self.current, items.pop(self.current))
                self.current = max(0, self.current - 1)
                self.reload()
                self.post_message(self.Changed(self))
                self.query_one(ItemTable).focus()
                self.refresh_bindings()
                self.notify(t("form.removed", item=label), timeout=UNDO_HINT_SECONDS)

        self.app.push_screen(ConfirmScreen(t("form.remove_confirm", item=label)), done)

    def undo_remove(self) -> bool:
        """Put the last removed item back where it stood; False when there is none."""
        if self.removed is None or not self.editable:
            return False
        index, item = self.removed
        self.removed = None
        items = self.items()
        index = min(index, len(items))
        items.insert(index, item)
        self.current = index
        self.refresh_table()
        with self.prevent(DataTable.RowHighlighted):
            self.query_one(ItemTable).move_cursor(row=index, animate=False)
        self.show_current()
        self.post_message(self.Changed(self))
        self.query_one(ItemTable).focus()
        self.refresh_bindings()
        self.notify(t("form.restored", item=self.label_of(item)))
        return True

    def label_of(self, item: dict) -> str:
        """What the person calls an item: its first one-line field with text (a cause's
        text, an issue's title), not its first column (a cause's category)."""
        for spec in self.fields:
            if spec.kind == "line" and "." not in spec.name:
                value = str(item.get(spec.name) or "").strip()
                if value:
                    return value
        return str(self.columns[0].value(item, self.current)) if self.columns else ""


def next_key(items: list[dict], prefix: str) -> str:
    """A key not used by any item: prefix + the next number."""
    used = set()
    for item in items:
        key = str(item.get("key", ""))
        if key.startswith(prefix) and key[len(prefix) :].isdigit():
            used.add(int(key[len(prefix) :]))
    return f"{prefix}{max(used, default=0) + 1}"
