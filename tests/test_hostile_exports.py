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
from test_certificates import FINISHED, sample  # noqa: F401
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


def _late(fmt: str):
    def write(world: World, path: Path) -> int:
        from datetime import date

        from diklat.io.late_list import write_late
        from diklat.services.reminders import late_list

        # A year on, every stage of the cohort is late: P1 is on the list.
        late = late_list(
            world.db, world.actor("K1"), world.cohort_codes["A"], today=date(2027, 12, 31)
        )
        return write_late(late, fmt, path)

    return write


def _slips(world: World, path: Path) -> int:
    from diklat.io.slips import write_slips
    from diklat.services.exports import Slip, Slips

    hostile = HOSTILE.replace("\x00", "")
    return write_slips(
        Slips("A", f"Angkatan {hostile}", hostile, [Slip(1, hostile, "p1", "abcdefghjk")], 0), path
    )


def _bank(world: World, path: Path) -> int:
    from diklat.io.comment_bank_csv import BankRow, write_csv

    data = write_csv([BankRow("", HOSTILE.replace("\x00", ""))]).encode("utf-8")
    path.write_bytes(data)
    return len(data)


def _rubric(world: World, path: Path) -> int:
    """A rubric version an older version stored with controls, exported as JSON (what
    ``diklat rubric export`` writes)."""
    import json

    from diklat.domain.rubric import default_rubric, dump_rubric, parse_rubric

    data = dump_rubric(default_rubric("rancangan"))
    data["title"] = {"id": HOSTILE.replace("\x00", ""), "en": "Santoso"}
    text = json.dumps(dump_rubric(parse_rubric(json.dumps(data))), ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return len(text)


MORE = {
    "late.csv": _late("csv"),
    "late.xlsx": _late("xlsx"),
    "slips.pdf": _slips,
    "comment-bank.csv": _bank,
    "rubric.json": _rubric,
}


@pytest.mark.parametrize("name", MORE)
def test_no_control_character_reaches_the_other_exports(world: World, tmp_path: Path, name) -> None:
    """The late list, the log-in slips, the comment bank and a rubric's JSON: the same
    hostile name, nothing of it but text in the file."""
    hostile = HOSTILE if world.db.is_sqlite else HOSTILE.replace("\x00", "")
    with world.db.write() as s:
        s.execute(update(Person).where(Person.id == world.pid("P1")).values(name=hostile))
    path = tmp_path / name
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        MORE[name](world, path)
    text = _text_of(path)
    assert "Santoso" in text.replace("\n", ""), text[:500]
    assert not [c for c in FORBIDDEN if c in text], name
    assert not [w for w in seen if any(c in str(w.message) for c in FORBIDDEN)]


def _letters(world: World, path: Path) -> int:
    """The visit letters, the host's institution and contact hostile too (the letters'
    data as the service gives it, made hostile where it is written from)."""
    from dataclasses import replace

    from test_visits import PLAN, A

    from diklat.io.visit_letters import write_letters
    from diklat.services import visits

    visits.save_visit(world.db, world.actor("K1"), A, PLAN)
    data = visits.letters(world.db, world.actor("K1"), A)
    hostile = HOSTILE.replace("\x00", "")
    hosts = [
        replace(h, institution=f"{hostile} {h.institution}", contact=hostile)
        for h in data.visit.hosts
    ]
    return write_letters(replace(data, visit=replace(data.visit, hosts=hosts)), path)


MORE["visit-letters.pdf"] = _letters


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_no_control_character_reaches_the_certificates(sample, tmp_path: Path, fmt) -> None:
    """The certificates and their register, a graduate's name and position hostile."""
    from dataclasses import replace

    from diklat.io.certificates import write
    from diklat.services.actor import Actor
    from diklat.services.certificates import certificates

    data = certificates(sample, Actor.system(), FINISHED)
    hostile = HOSTILE.replace("\x00", "")
    first = replace(data.certificates[0], name=hostile, jabatan=hostile)
    path = tmp_path / f"sttpp.{fmt}"
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        write(replace(data, certificates=[first, *data.certificates[1:]]), fmt, path)
    text = _text_of(path)
    assert "Santoso" in text.replace("\n", "")
    assert not [c for c in FORBIDDEN if c in text], fmt
    assert not [w for w in seen if any(c in str(w.message) for c in FORBIDDEN)]


@pytest.mark.sqlite_only  # the command line is given the database file
def test_no_control_character_reaches_the_audit_csv(world: World, tmp_path: Path) -> None:
    """``diklat audit --format csv``: an entry an older version stored with a hostile
    reason (and the hostile name of its actor), printed without them."""
    from cli_runner import run_cli
    from sqlalchemy import insert

    from diklat.db.models import AuditEntry

    with world.db.write() as s:
        s.execute(update(Person).where(Person.id == world.pid("K1")).values(name=HOSTILE))
        s.execute(
            insert(AuditEntry).values(
                actor_id=world.pid("K1"),
                action="cohort_unlocked",
                entity="cohort",
                entity_id=world.cohort_ids["A"],
                cohort_id=world.cohort_ids["A"],
                new={"reason": HOSTILE},
            )
        )
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path), "DIKLAT_DB": str(world.path)}
    ran = run_cli("audit", "--format", "csv", env=env)
    assert ran.code == 0, ran.both
    assert ran.out.count("Santoso") >= 2  # the actor and the reason
    assert not [c for c in FORBIDDEN if c in ran.out]
