"""Message catalogues.

Every user-facing string is looked up here by key. Catalogues are TOML files in
``i18n/<lang>/*.toml`` (one file per area so that areas can grow independently);
nested tables flatten to dotted keys: ``[login] title = ".."`` is ``login.title``.
Bahasa Indonesia (``id``) is the default; English (``en``) is the second language.
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from pathlib import Path
from string import Formatter

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
_HERE = Path(__file__).parent

_current = os.environ.get("DIKLAT_LANG", DEFAULT_LANGUAGE)
if _current not in LANGUAGES:
    _current = DEFAULT_LANGUAGE


def _flatten(prefix: str, table: dict, out: dict[str, str]) -> None:
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            _flatten(full, value, out)
        else:
            out[full] = str(value)


@cache
def catalogue(lang: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted((_HERE / lang).glob("*.toml")):
        with path.open("rb") as fh:
            _flatten("", tomllib.load(fh), out)
    return out


def set_language(lang: str | None) -> str:
    """Switch the process language; unknown values fall back to the default."""
    global _current
    _current = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    return _current


def language() -> str:
    return _current


def t(key: str, /, **params: object) -> str:
    """Translate ``key`` in the current language, formatting ``{name}`` fields.

    A missing key shows itself (``[key]``) rather than crash a screen; the test
    suite guarantees no key is missing in either language.
    """
    text = catalogue(_current).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE).get(key, f"[{key}]")
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def has(key: str) -> bool:
    return key in catalogue(_current) or key in catalogue(DEFAULT_LANGUAGE)


def fields(text: str) -> set[str]:
    """Names of the ``{fields}`` a message uses (for the catalogue consistency test)."""
    return {name for _, name, _, _ in Formatter().parse(text) if name}
