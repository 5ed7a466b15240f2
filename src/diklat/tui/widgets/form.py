"""Form fields bound to a stage document.

A field is declared with a ``FieldSpec`` (what it is called in the document, its
label's catalogue key and its kind); ``make_editor`` turns it into a widget that
knows how to read its value from the document and write it back. The stage
screen handles every widget's *Changed* message in one place: it converts the
widget's value to the document's form, stores it if it differs and schedules an
autosave. Setting a widget from the document never triggers a save, because the
value then already equals the document's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, SelectionList, TextArea

from diklat.i18n import has, t
from diklat.textsafe import literal, visible
from diklat.tui import format as fmt

ChoiceSource = Sequence[tuple[str, str]] | Callable[[], Sequence[tuple[str, str]]]


@dataclass
class FieldSpec:
    name: str
    label: str  # catalogue key
    kind: str = "line"  # line | text | choice | date | bool | score | multi
    choices: ChoiceSource | None = None
    help: str | None = None  # catalogue key
    height: int = 4  # rows, for "text"
    max_length: int = 0
    group: str | None = None  # consecutive fields of one group sit side by side
    extra: dict[str, Any] = field(default_factory=dict)

    def options(self) -> list[tuple[Text, str]]:
        """(label, key) pairs; labels are often user text (an issue's title), so they go to
        the widgets as literal Text, never as markup."""
        c = self.choices() if callable(self.choices) else self.choices
        return [
            (literal(label) if isinstance(label, str) else label, key) for label, key in (c or [])
        ]


class YesNo(Checkbox):
    """A checkbox that shows its state with a mark (✓ or empty), not by colour alone."""

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - overrides the class constant of ToggleButton
        return "✓" if self.value else " "


class Choices(SelectionList):
    """A multiple choice whose chosen options carry a mark (✓), not only a colour."""

    def render_line(self, y: int):
        from rich.segment import Segment
        from textual.strip import Strip

        line = super().render_line(y)
        segments = list(line)
        index = self.scroll_offset[1] + y
        if len(segments) < 4 or index >= self.option_count:
            return line
        chosen = self.get_option_at_index(index).value in self.selected
        segments[1] = Segment("✓" if chosen else " ", segments[1].style)
        return Strip(segments, line.cell_length)


Getter = Callable[[], Any]
Setter = Callable[[Any], None]


def make_editor(
    spec: FieldSpec, getter: Getter, setter: Setter, *, id: str | None = None
) -> Widget:
    """A widget for ``spec``, filled from ``getter()``; its changes go to ``setter``."""
    value = getter()
    w: Widget
    if spec.kind == "text":
        # Editors draw their text as it is: stored text comes in with its control
        # characters made visible (saved so, if the field is changed).
        w = TextArea(
            visible(value or "", multiline=True),
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="focus",
            id=id,
            classes="field-text",
        )
        w.styles.height = spec.height + 2
    elif spec.kind == "choice":
        w = Select(
            spec.options(),
            value=value if value is not None else Select.NULL,
            allow_blank=True,
            prompt=t("form.choose"),
            id=id,
            classes="field-choice",
        )
    elif spec.kind == "bool":
        w = YesNo(t(spec.label), value=bool(value), id=id, classes="field-bool")
    elif spec.kind == "score":
        w = Input(
            str(value or ""),
            restrict=r"[1-5]?",
            max_length=1,
            placeholder="1-5",
            id=id,
            classes="field-score",
        )
    elif spec.kind == "date":
        w = Input(
            date_text(value),
            placeholder=t("form.date_placeholder"),
            max_length=10,
            restrict=r"[0-9./-]*",  # 15-10-2026, 15/10/2026, 15.10.2026 or 2026-10-15
            id=id,
            classes="field-date",
        )
    elif spec.kind == "multi":
        chosen = set(value or [])
        w = Choices(
            *[(label, key, key in chosen) for label, key in spec.options()],
            id=id,
            classes="field-multi",
        )
    else:
        w = Input(
            visible(value or ""), max_length=spec.max_length or 0, id=id, classes="field-line"
        )
    w.field_spec = spec  # type: ignore[attr-defined]
    w.field_get = getter  # type: ignore[attr-defined]
    w.field_set = setter  # type: ignore[attr-defined]
    w.tooltip = t(spec.help) if spec.help and has(spec.help) else None
    return w


def shown(spec: FieldSpec, value: Any) -> Any:
    """``value`` as the field's editor shows it: text with its control characters made
    visible. An editor holding this has not been changed by the user (so opening a
    stage whose stored text has control characters does not rewrite it)."""
    if spec.kind == "text":
        return visible(value or "", multiline=True)
    if spec.kind == "line":
        return visible(value or "")
    return value


def is_editor(widget: Widget) -> bool:
    return hasattr(widget, "field_spec")


def widget_value(w: Widget) -> tuple[bool, Any]:
    """(ok, value in the document's form). ``ok`` is False while the text is not a valid value yet."""
    spec: FieldSpec = w.field_spec  # type: ignore[attr-defined]
    if isinstance(w, TextArea):
        return True, w.text
    if isinstance(w, Checkbox):
        return True, w.value
    if isinstance(w, Select):
        return True, None if w.value is Select.NULL else w.value
    if isinstance(w, SelectionList):
        return True, list(w.selected)
    assert isinstance(w, Input)
    text = w.value.strip()
    if spec.kind == "score":
        return True, int(text) if text else None
    if spec.kind == "date":
        try:
            day = fmt.read_day(text)  # 15-10-2026, 15/10/2026 or 2026-10-15
        except ValueError:
            return False, None
        return True, None if day is None else day.isoformat()
    return True, w.value


def unreadable_date(w: Widget) -> str | None:
    """The text of a date field that cannot be read as a date (None when it can, or is
    empty): what the person typed, to name it when saying it was not stored."""
    if getattr(w, "field_spec", None) is None or w.field_spec.kind != "date":  # type: ignore[attr-defined]
        return None
    ok, _ = widget_value(w)
    return None if ok else w.value.strip()  # type: ignore[attr-defined]


def date_text(value: Any) -> str:
    """A stored date (ISO) as people write it, DD-MM-YYYY; other text as it is. A field
    made with the ISO text kept it: reading it back gave the stored value, so nothing
    changed it (the read-only view of a stage showed 2026-11-23)."""
    if not value:
        return ""
    try:
        return fmt.day(date.fromisoformat(value))
    except (TypeError, ValueError):
        return visible(str(value))


def fill(w: Widget, value: Any) -> None:
    """Show ``value`` (document form) in the widget without announcing a change."""
    spec: FieldSpec = w.field_spec  # type: ignore[attr-defined]
    if isinstance(w, TextArea):
        shown = visible(value or "", multiline=True)
        if w.text != shown:
            with w.prevent(TextArea.Changed):
                w.load_text(shown)
    elif isinstance(w, Checkbox):
        with w.prevent(Checkbox.Changed):
            w.value = bool(value)
    elif isinstance(w, Select):
        options = spec.options()
        with w.prevent(Select.Changed):
            if callable(spec.choices) and _plain(options) != getattr(w, "_shown_options", None):
                w.set_options(options)  # only when they changed: an open list stays open
            w._shown_options = _plain(options)  # type: ignore[attr-defined]
            keys = {k for _, k in options}
            wanted = value if value in keys else Select.NULL
            if w.value != wanted:
                w.value = wanted
    elif isinstance(w, SelectionList):
        # Called after every change of the document (choices may depend on it): the
        # options are rebuilt only when they changed, and the highlighted option stays
        # where it was (by its key), so the next Space ticks the option the person is on.
        chosen = set(value or [])
        options = spec.options()
        current = [
            (w.get_option_at_index(i).prompt, w.get_option_at_index(i).value)
            for i in range(w.option_count)
        ]
        with w.prevent(SelectionList.SelectedChanged, SelectionList.SelectionToggled):
            if _plain(options) == _plain(current):
                for _, key in options:
                    if (key in chosen) != (key in w.selected):
                        (w.select if key in chosen else w.deselect)(key)
                return
            here = w.highlighted
            here_key = current[here][1] if here is not None and here < len(current) else None
            w.clear_options()
            w.add_options([(label, key, key in chosen) for label, key in options])
            if w.option_count:
                keys = [key for _, key in options]
                # so Space works at once, on the option that was highlighted if it is still there
                w.highlighted = (
                    keys.index(here_key) if here_key in keys else min(here or 0, len(keys) - 1)
                )
    elif isinstance(w, Input):
        text = date_text(value) if spec.kind == "date" else "" if value is None else visible(value)
        ok, current = widget_value(w)
        if not ok or current != value:
            with w.prevent(Input.Changed):
                w.value = text


def _plain(options) -> list[tuple[str, Any]]:
    """Options compared by their text and key (labels may be Text or str)."""
    return [(str(label), key) for label, key in options]


def refresh_choices(w: Widget) -> None:
    """Re-read a choice field's options (they may depend on other parts of the document)."""
    spec: FieldSpec = w.field_spec  # type: ignore[attr-defined]
    if spec.kind in ("choice", "multi") and callable(spec.choices):
        fill(w, w.field_get())  # type: ignore[attr-defined]
