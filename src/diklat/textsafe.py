"""User text on a terminal: shown literally, never able to change how the screen is drawn.

Names, comments and stage content are typed by people (or imported from their files).
Two things could let such text act on the terminal instead of being shown:

- **markup**: a ``str`` handed to a Textual widget or a Rich console with markup on is
  parsed (``[bold]``, ``[link=...]``, ``[@click=...]``). A :class:`rich.text.Text` is
  never parsed, so user text reaches widgets as ``Text`` (:func:`literal`);
- **control characters**: an ESC byte starts an ANSI sequence that moves the cursor,
  changes colours or the window title; BEL, backspace, carriage return and the C1
  controls act too, and bidirectional overrides reorder what is shown. Rich and
  Textual pass most of these through, so :func:`visible` replaces each by one visible
  character (ESC shows as ``␛``, BEL as ``␇``; C1 controls and direction overrides
  as ``\ufffd``).

Newlines (and tabs) are kept where the text is meant to run over several lines.
This module is used by the app (tui/) and the command line alike; it imports Rich only.
What is stored and written to files has these characters removed instead
(``domain.text.clean``); showing keeps to this module, for text an older version stored.
"""

from __future__ import annotations

import unicodedata

from rich.console import Console
from rich.text import Text

# Reordering and invisible direction marks: "Trojan Source" style tricks.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_BREAKS = frozenset("\n\t")


def _escape(ch: str) -> str:
    """One visible character for one control character, so that lengths (and with them
    column alignment and the styles of a ``Text``) stay as they were: the Unicode
    control pictures for C0 and DEL (ESC shows as ␛), the replacement mark otherwise."""
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def _unsafe(ch: str) -> bool:
    if ch in _BIDI:
        return True
    category = unicodedata.category(ch)
    # Cc: C0/C1 controls and DEL; Zl/Zp: line and paragraph separators; Cs: lone surrogates.
    return category in ("Cc", "Zl", "Zp", "Cs")


def visible(text: object, *, multiline: bool = False) -> str:
    """``text`` with every control character replaced by a visible escape.

    With ``multiline`` newlines and tabs are kept (a comment, a stage's content);
    without it they are escaped too (a name in a table cell stays on its line).
    ``\\r\\n`` counts as a newline.
    """
    if text is None:
        return ""
    s = str(text)
    if multiline:
        s = s.replace("\r\n", "\n")
    return _mapped(s, _LINE_BREAKS if multiline else frozenset())


def _mapped(s: str, keep: frozenset[str]) -> str:
    if not any(_unsafe(ch) for ch in s):
        return s
    return "".join(_escape(ch) if _unsafe(ch) and ch not in keep else ch for ch in s)


def json_text(text: str) -> str:
    """JSON text (as ``json.dumps`` writes it) safe to print: every control character,
    C1 control and direction override left in it (``ensure_ascii=False`` keeps DEL, C1,
    U+2028/9 and overrides as they are; they can only be inside strings) written as a
    ``\\uXXXX`` escape. The same data, nothing for a terminal to act on."""
    if not any(_unsafe(ch) and ch != "\n" for ch in text):
        return text
    return "".join(f"\\u{ord(ch):04x}" if _unsafe(ch) and ch != "\n" else ch for ch in text)


def literal(text: object, *, multiline: bool = False, style: str = "", **options) -> Text:
    """User text as a Rich ``Text`` (never parsed as markup) with controls made visible.

    ``options`` go to ``Text`` (``overflow="ellipsis"``, ``no_wrap=True`` ...)."""
    return Text(visible(text, multiline=multiline), style=style, **options)


def message(key: str, /, *, style: str = "", **params: object) -> Text:
    """A catalogue message with user text in its ``{fields}``, as a literal ``Text``:
    each string field made :func:`visible` (on one line), the whole never parsed."""
    from diklat.i18n import t

    safe = {k: visible(v) if isinstance(v, str) else v for k, v in params.items()}
    return Text(visible(t(key, **safe), multiline=True), style=style)


def scrub(text: Text) -> Text:
    """A ``Text`` built from user text, its control characters made visible in place
    (one character for one, so its styles stay where they were)."""
    plain = text.plain
    safe = _mapped(plain, _LINE_BREAKS)
    if safe == plain:
        return text
    out = text.copy()
    out.plain = safe
    return out


def as_text(value: str | Text) -> Text:
    """A label or cell for a widget: a ``Text`` keeps its styles (controls made visible),
    a ``str`` is taken literally (never markup)."""
    return scrub(value) if isinstance(value, Text) else literal(value)


def line(*parts: object, style: str = "") -> Text:
    """Several pieces of user text (or ``Text``) joined into one ``Text``."""
    out = Text(style=style)
    for part in parts:
        out.append(part if isinstance(part, Text) else literal(part, multiline=True))
    return out


class SafeConsole(Console):
    """A Rich console for the command line: markup, emoji codes (``:smile:``) and
    highlighting off, and every string made :func:`visible` before it is printed
    (table cells included: Rich renders them through ``render_str``)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("highlight", False)
        kwargs.setdefault("markup", False)
        kwargs.setdefault("emoji", False)
        super().__init__(**kwargs)

    def render_str(self, text: str, **kwargs) -> Text:
        return super().render_str(visible(text, multiline=True), **kwargs)
