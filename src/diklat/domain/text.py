"""Text as diklat keeps it: without the characters that act on a terminal or hide in it.

People's text reaches diklat from files (imports, the seed, rules and rubric files) and
from the keyboard (a paste can carry anything). Some characters in it are not text:

- **controls**: C0 and C1 controls and DEL. ESC starts the sequences that recolour,
  move the cursor, retitle the window or (OSC 52) write the clipboard when a file is
  ``cat``-ed; BEL rings, CR overwrites the line;
- **direction overrides** and isolates (U+202A-E, U+2066-9, the marks): they reorder
  what is shown, so a name or a code reads other than it is ("Trojan Source");
- **zero-width** characters and the BOM: invisible, they make two equal-looking names
  differ (and a NIP fail to read);
- line and paragraph separators (U+2028/9) and lone surrogates.

:func:`clean` removes them (what is stored and written must be the text itself);
newlines and tabs stay where text runs over several lines, and become spaces on one
line (:func:`clean_line`). Showing text that was stored before (by an older version)
is ``diklat.textsafe``'s job; this module is pure and used at every input boundary
and for every file written.
"""

from __future__ import annotations

import re
from typing import Any

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u180e"
# Cc without tab and newline, DEL, the C1 range, Zl/Zp, lone surrogates.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"
_REMOVED_MULTILINE = re.compile(f"[{_CONTROLS}{_BIDI}{_ZERO_WIDTH}]")
_REMOVED_LINE = re.compile(f"[\t\n{_CONTROLS}{_BIDI}{_ZERO_WIDTH}]")
_BREAKS = re.compile(r"\r\n|[\r\n\t\u2028\u2029]")


def clean(text: str, *, multiline: bool = True) -> str:
    """``text`` without controls, direction overrides and zero-width characters (removed,
    not replaced). ``\\r\\n`` counts as a newline; newlines and tabs stay with
    ``multiline``, and are removed without it (a file's cell, a PDF line)."""
    pattern = _REMOVED_MULTILINE if multiline else _REMOVED_LINE
    if pattern.search(text) is None:
        return text
    if multiline:
        text = text.replace("\r\n", "\n")
    return pattern.sub("", text)


def clean_line(text: str) -> str:
    """One line of text as typed or imported (a name, a title, a code): line breaks and
    tabs become spaces (``Budi⏎Santoso`` is two words), the rest as :func:`clean`."""
    if _REMOVED_LINE.search(text) is None:
        return text
    return clean(_BREAKS.sub(" ", text), multiline=False)


def is_clean(text: str, *, multiline: bool = True) -> bool:
    pattern = _REMOVED_MULTILINE if multiline else _REMOVED_LINE
    return pattern.search(text) is None


def clean_tree(value: Any) -> Any:
    """Every string in a JSON-like value (dicts, lists, tuples) made :func:`clean`,
    keys as :func:`clean_line`; the same object back when nothing needed cleaning
    (a large stage document is not copied for nothing)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        out = {}
        changed = False
        for k, v in value.items():
            ck = clean_line(k) if isinstance(k, str) else k
            cv = clean_tree(v)
            changed = changed or ck is not k or cv is not v
            out[ck] = cv
        return out if changed else value
    if isinstance(value, list | tuple):
        items = [clean_tree(v) for v in value]
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        return type(value)(items)
    return value
