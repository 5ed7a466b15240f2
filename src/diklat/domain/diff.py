"""What changed between two versions of a stage document, section by section.

A reviewer reading a resubmission wants to see what the participant did about the
comments, not re-read everything. The sections are the document's top-level
fields (the same ones comments point at). Lists of items are compared by the
item's stable key (``key``, ``milestone`` or ``name``; by position for items
without one, such as risks), so a reordered list is not reported as changed and
an edited item is reported as changed, not as removed and added. Text is compared
word by word.

Pure Python over plain JSON-ready data: no database, no screen.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Literal

from diklat.domain.content import parse_content, sections
from diklat.domain.workflow import Stage

SectionStatus = Literal["unchanged", "added", "removed", "changed"]
ItemKind = Literal["added", "removed", "changed"]

# Fields that identify an item across versions, in order of preference.
IDENTITY_FIELDS = ("key", "milestone", "name")
# Fields that name an item for a reader, in order of preference.
TITLE_FIELDS = ("title", "name", "host", "text", "description", "milestone", "area")

_WORD = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class FieldChange:
    """One field of an item or one entry of a mapping: its name and both values as text."""

    name: str
    old: str
    new: str


@dataclass(frozen=True)
class ItemChange:
    kind: ItemKind
    key: str  # the item's stable key (or "#n" for items without one)
    title: str  # a short human name of the item
    fields: tuple[FieldChange, ...] = ()  # for "changed": which fields differ


@dataclass(frozen=True)
class SectionDiff:
    section: str
    status: SectionStatus
    # Lists of items: added/removed/changed items by key.
    items: tuple[ItemChange, ...] = ()
    # Mappings (e.g. questionnaire answers, idea scores): entries whose value changed.
    entries: tuple[FieldChange, ...] = ()
    # Text and single values: word-level segments ("=", "-", "+") of old vs new.
    text: tuple[tuple[str, str], ...] = ()

    @property
    def changed(self) -> bool:
        return self.status != "unchanged"


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {} or value is False


def as_text(value: Any) -> str:
    """A compact, readable rendering of a JSON value (for "old → new" lines)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {as_text(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(as_text(v) for v in value)
    return str(value)


def item_key(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for name in IDENTITY_FIELDS:
            value = item.get(name)
            if isinstance(value, str) and value:
                return value
    return f"#{index + 1}"


def item_title(item: Any, limit: int = 60) -> str:
    text = ""
    if isinstance(item, dict):
        for name in TITLE_FIELDS:
            value = item.get(name)
            if isinstance(value, str) and value:
                text = value
                break
    else:
        text = as_text(item)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """Word-level segments: ("=", same), ("-", removed), ("+", inserted); whitespace kept."""
    a, b = _WORD.findall(old), _WORD.findall(new)
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(("=", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(("-", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(("+", "".join(b[j1:j2])))
    merged: list[tuple[str, str]] = []
    for sign, text in out:
        if text == "":
            continue
        if merged and merged[-1][0] == sign:
            merged[-1] = (sign, merged[-1][1] + text)
        else:
            merged.append((sign, text))
    return tuple(merged)


def _field_changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[FieldChange, ...]:
    names = list(old) + [k for k in new if k not in old]
    return tuple(
        FieldChange(name, as_text(old.get(name)), as_text(new.get(name)))
        for name in names
        if old.get(name) != new.get(name)
    )


def _list_diff(old: list[Any], new: list[Any]) -> tuple[ItemChange, ...]:
    before = {item_key(item, i): item for i, item in enumerate(old)}
    after = {item_key(item, i): item for i, item in enumerate(new)}
    changes: list[ItemChange] = []
    for key, item in after.items():
        if key not in before:
            changes.append(ItemChange("added", key, item_title(item)))
        elif before[key] != item:
            prev = before[key]
            fields = (
                _field_changes(prev, item)
                if isinstance(prev, dict) and isinstance(item, dict)
                else (FieldChange("", as_text(prev), as_text(item)),)
            )
            changes.append(ItemChange("changed", key, item_title(item), fields))
    for key, item in before.items():
        if key not in after:
            changes.append(ItemChange("removed", key, item_title(item)))
    return tuple(changes)


def diff_section(section: str, old: Any, new: Any) -> SectionDiff:
    if old == new:
        return SectionDiff(section, "unchanged")
    if is_empty(old) and not is_empty(new):
        status: SectionStatus = "added"
    elif is_empty(new) and not is_empty(old):
        status = "removed"
    else:
        status = "changed"
    if isinstance(old, list) or isinstance(new, list):
        return SectionDiff(section, status, items=_list_diff(old or [], new or []))
    if isinstance(old, dict) or isinstance(new, dict):
        return SectionDiff(section, status, entries=_field_changes(old or {}, new or {}))
    return SectionDiff(section, status, text=word_diff(as_text(old), as_text(new)))


def _normalised(stage: Stage, data: dict[str, Any] | None) -> dict[str, Any]:
    """The document with every default filled in, so that a missing field equals an empty one."""
    try:
        return parse_content(stage, data).model_dump(mode="json")
    except ValueError:
        # An old version that no longer validates is still compared as stored.
        return dict(data or {})


def diff_documents(
    stage: Stage, old: dict[str, Any] | None, new: dict[str, Any]
) -> list[SectionDiff]:
    """One SectionDiff per section of ``stage``, in the document's order."""
    before, after = _normalised(stage, old), _normalised(stage, new)
    return [diff_section(name, before.get(name), after.get(name)) for name in sections(stage)]


def changed_sections(diffs: list[SectionDiff]) -> list[str]:
    return [d.section for d in diffs if d.changed]
