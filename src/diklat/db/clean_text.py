"""Nothing stored holds a terminal control: every text attribute an ORM write carries is
made ``domain.text.clean`` as it is flushed.

The input boundaries clean what they read (import cells, the seed, rules and rubric
files, stage documents); this is the one place that also covers every field a person
types and a service saves (names, titles, reasons, comments, a pasted log-in name):
one line (``String``: line breaks become spaces), several lines (``Text``), or a JSON
document (every string in it). Bulk inserts (the enrolment import) bypass the ORM and
are covered by their boundary (``io.tabular``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from sqlalchemy import JSON, String, Text, event, inspect
from sqlalchemy.orm import Mapper, Session

from diklat.domain.text import clean, clean_line, clean_tree


@cache
def _cleaners(mapper: Mapper) -> dict[str, Callable[[Any], Any]]:
    out: dict[str, Callable[[Any], Any]] = {}
    for attr in mapper.column_attrs:
        kind = attr.columns[0].type
        if isinstance(kind, Text):
            out[attr.key] = clean
        elif isinstance(kind, String):
            out[attr.key] = clean_line
        elif isinstance(kind, JSON):
            out[attr.key] = clean_tree
    return out


def _clean_object(obj: object, is_new: bool) -> None:
    state = inspect(obj)
    changed = state.dict if is_new else state.committed_state
    for key, cleaner in _cleaners(state.mapper).items():
        if key not in changed:
            continue
        value = state.dict.get(key)
        if value is None:
            continue
        if isinstance(value, str) or cleaner is clean_tree:
            safe = cleaner(value)
            if safe is not value and safe != value:
                setattr(obj, key, safe)


def _before_flush(session: Session, _context: object, _instances: object) -> None:
    for obj in session.new:
        _clean_object(obj, True)
    for obj in session.dirty:
        _clean_object(obj, False)


def guard(factory: Any) -> None:
    """Clean every flush of the sessions ``factory`` (a ``sessionmaker``) makes."""
    event.listen(factory, "before_flush", _before_flush)
