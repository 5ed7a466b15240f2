"""Hostile text never reaches an exported file: a name carrying ESC sequences (CSI, an
OSC title, an OSC 52 clipboard write), BEL, a C1 control, bidi overrides and zero-width
characters is written without them to every format (CSV, XLSX, PDF, DOCX), and no
warning prints them raw."""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import pytest
from factories import World
from sqlalchemy import update
from test_private_exports import WRITERS

from diklat.db.models import Person

HOSTILE = (
    "Budi\x1b[2J\x1b]0;judul\x07\x1b]52;c;ZWNobyBoYWNr\x07\x9b31m"
    "\u202eirtS\u202c\u200bSantoso\u2066x\u2069\ufeff\x08\x00"
)
FORBIDDEN = ["\x1b", "\x07", "\x9b", "\u202e", "\u202c", "\u200b", "\u2066", "\ufeff", "\x08"]


def _text_of(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix in (".xlsx", ".docx"):
        with zipfile.ZipFile(path) as z:
            return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return "".join(page.extract_text() for page in PdfReader(str(path)).pages)
    return data.decode("utf-8")


@pytest.mark.parametrize("name", [n for n in WRITERS if n != "slips.pdf"])
def test_no_control_character_reaches_an_export(world: World, tmp_path: Path, name) -> None:
    # PostgreSQL refuses NUL in text outright, so it can only be stored on SQLite.
    hostile = HOSTILE if world.db.is_sqlite else HOSTILE.replace("\x00", "")
    with world.db.write() as s:
        s.execute(update(Person).where(Person.id == world.pid("P1")).values(name=hostile))
    path = tmp_path / name
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        WRITERS[name](world, path)
    text = _text_of(path)
    if not name.startswith("recap"):  # the recap lists marks, and this world has none
        assert "Santoso" in text.replace("\n", "")
    assert not [c for c in FORBIDDEN if c in text], name
    assert not [w for w in seen if any(c in str(w.message) for c in FORBIDDEN)]
