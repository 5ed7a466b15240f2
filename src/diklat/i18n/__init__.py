"""Message catalogues.

Every user-facing string is looked up here by key. Catalogues are TOML files in
``i18n/<lang>/*.toml`` (one file per area so that areas can grow independently);
nested tables flatten to dotted keys: ``[login] title = ".."`` is ``login.title``.
Bahasa Indonesia (``id``) is the default; English (``en``) is the second language.
"""

from __future__ import annotations

import marshal
import os
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
    files = sorted((_HERE / lang).glob("*.toml"))
    stamp = tuple(
        (path.name, st.st_mtime_ns, st.st_size)
        for path, st in ((path, path.stat()) for path in files)
    )
    cached = _HERE / "__pycache__" / f"catalogue-{lang}.marshal"
    try:
        saved, out = marshal.loads(cached.read_bytes())
        if saved == stamp:
            return out
    except (OSError, ValueError, EOFError, TypeError):
        pass
    import tomllib

    out = {}
    for path in files:
        with path.open("rb") as fh:
            _flatten("", tomllib.load(fh), out)
    _save(cached, stamp, out)
    return out


def _save(cached: Path, stamp: tuple, out: dict[str, str]) -> None:
    """Keep the flattened catalogue next to the compiled modules, like a .pyc: reading
    it back takes a fraction of a millisecond where parsing the TOML files takes about
    fifteen, a tenth of the time to the log-in screen (issue 6, start-up). It is used
    only while every file's name, size and modification time are unchanged; a package
    directory that cannot be written just means parsing each time."""
    try:
        cached.parent.mkdir(exist_ok=True)
        tmp = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps((stamp, out)))
        os.replace(tmp, cached)
    except OSError:
        pass


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
