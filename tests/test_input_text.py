"""What comes in is text only (issue 13 part 6, the input side): terminal controls (ESC
sequences, BEL, C1), direction overrides and zero-width characters are removed at every
input boundary, so nothing stored holds one: imported files, the seed, rules and rubric
files, and whatever a person types or pastes and a service saves. Every text column and
every JSON document of the database is read back after each."""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from factories import World, complete, submit
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import JSON, String, select

from diklat.db.engine import Database
from diklat.db.models import Base, Cohort, Person
from diklat.domain.rubric import default_rubric, dump_rubric, parse_rubric
from diklat.domain.rules import default_ruleset, dump_ruleset, load_ruleset
from diklat.domain.text import clean, clean_line, clean_tree
from diklat.domain.workflow import Stage

# CSI (clear screen), an OSC title, an OSC 52 clipboard write, BEL, a C1 CSI, a
# right-to-left override and its pop, zero-width space, isolates, BOM, backspace, DEL.
HOSTILE = (
    "Budi\x1b[2J\x1b]0;judul\x07\x1b]52;c;ZWNobyBoYWNr\x07\x9b31m"
    "\u202eirtS\u202c\u200bSantoso\u2066x\u2069\ufeff\x08\x7f"
)
SHOWN = "Budi[2J]0;judul]52;c;ZWNobyBoYWNr31mirtSSantosox"
ZWSP = "\u200b"
SA = Stage.SELF_ASSESSMENT


def _unsafe(ch: str, multiline: bool = True) -> bool:
    if multiline and ch in "\n\t":
        return False
    return (
        unicodedata.category(ch) in ("Cc", "Zl", "Zp", "Cs")
        or ch in "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
        or ch in "\u200b\u200c\u200d\u2060\ufeff\u180e"
    )


def _strings(value, where: str):
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k, where)
            yield from _strings(v, f"{where}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{where}[{i}]")


def unsafe_in_database(db: Database) -> list[str]:
    """Where a stored text holds a control, override or zero-width character: every
    text column and every string inside a JSON document, of every table."""
    found = []
    with db.read() as s:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | JSON)]
            if not columns:
                continue
            for row in s.execute(select(*columns)):
                for column, value in zip(columns, row, strict=True):
                    for where, text in _strings(value, f"{table.name}.{column.name}"):
                        if any(_unsafe(ch) for ch in text):
                            found.append(f"{where}: {text!r}")
    return found


# --- the function -----------------------------------------------------------------------


def test_clean_removes_what_acts_on_a_terminal_and_keeps_the_text() -> None:
    assert clean(HOSTILE) == SHOWN
    assert clean("dua\r\nbaris\tdan tab") == "dua\nbaris\tdan tab"
    assert clean("dua\nbaris", multiline=False) == "duabaris"
    assert clean_line("Budi\nSantoso\tS.H.\r\nM.M.") == "Budi Santoso S.H. M.M."
    ordinary = "Ñoño — “kutip” 日本 🙂 Sri Wahyuni, S.Sos., M.Si. (III/c)"
    assert clean(ordinary) is ordinary and clean_line(ordinary) is ordinary
    doc = {"a": [ordinary, {"b": 1}], "c": None}
    assert clean_tree(doc) is doc  # nothing copied when nothing needed cleaning
    assert clean_tree({"k\x1b": ["x\x07", ("y\u202e",)], "n": 2}) == {"k": ["x", ("y",)], "n": 2}


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_cleaned_text_holds_nothing_unsafe_and_cleaning_twice_changes_nothing(text: str) -> None:
    for multiline, out in ((True, clean(text)), (False, clean_line(text))):
        assert not any(_unsafe(ch, multiline) for ch in out), repr(out)
        assert clean(out, multiline=multiline) == out
    if not any(_unsafe(ch) or ch == "\r" for ch in text):
        assert clean(text) == text


# --- imports ------------------------------------------------------------------------------


def test_an_imported_file_is_stored_without_controls(world: World, tmp_path: Path) -> None:
    """A participant list with a hostile name, a NIP with a zero-width space pasted in
    (it used to make the NIP unreadable) and a hostile position: enrolled, text only."""
    from diklat.io.participants_import import read_participants
    from diklat.services import enrolment

    path = tmp_path / "peserta.csv"
    path.write_text(
        "nip,nama,pangkat_golongan,jabatan,instansi\n"
        f'"19850505 2010{ZWSP}01 1 001","{HOSTILE}",Penata (III/c),"Kepala\nSeksi\x1b[5m",Dinas\n',
        encoding="utf-8",
    )
    rows, _ = read_participants(path)
    assert rows[0].nip == "198505052010011001"
    enrolment.import_participants(world.db, world.actor("K1"), world.cohort_codes["A"], rows)
    with world.db.read() as s:
        person = s.scalars(select(Person).where(Person.nip == "198505052010011001")).one()
        assert (person.name, person.jabatan) == (SHOWN, "Kepala Seksi[5m")
    assert unsafe_in_database(world.db) == []


# --- the seed, rules and rubric files ---------------------------------------------------


def test_a_seed_is_stored_without_controls(db: Database, tmp_path: Path) -> None:
    from test_fuzz_seed import ADMIN, valid_seed

    from diklat.io.seed import read_seed_dir
    from diklat.services.seeding import apply_seed

    seed = valid_seed()
    seed["institutions"][0]["name"] = HOSTILE
    seed["people"][0]["name"] = HOSTILE
    seed["people"][0]["nip"] = seed["people"][0]["nip"].replace(" ", ZWSP)
    seed["cohorts"][0]["name"] = f"Angkatan {HOSTILE}"
    (tmp_path / "seed").mkdir()
    (tmp_path / "seed" / "20-seed.json").write_text(json.dumps(seed), encoding="utf-8")
    apply_seed(db, ADMIN, read_seed_dir(tmp_path / "seed"))
    with db.read() as s:
        assert SHOWN in s.scalars(select(Person.name)).all()
        assert s.scalars(select(Cohort.name)).one() == f"Angkatan {SHOWN}"
    assert unsafe_in_database(db) == []


def test_rules_and_rubric_files_are_read_without_controls() -> None:
    rules = dump_ruleset(default_ruleset())
    rules["components"][0]["label"] = {"id": HOSTILE, "en": HOSTILE}
    loaded = load_ruleset(json.dumps(rules))
    assert loaded.components[0].label == {"id": SHOWN, "en": SHOWN}
    rubric = dump_rubric(default_rubric("rancangan"))
    rubric["title"] = {"id": HOSTILE, "en": HOSTILE}
    rubric["criteria"][0]["description"] = {"id": f"a\n{HOSTILE}", "en": HOSTILE}
    parsed = dump_rubric(parse_rubric(json.dumps(rubric)))
    assert parsed["title"] == {"id": SHOWN, "en": SHOWN}
    assert parsed["criteria"][0]["description"]["id"] == f"a\n{SHOWN}"


# --- what people type ---------------------------------------------------------------------


def test_typed_and_pasted_text_is_stored_without_controls(world: World) -> None:
    """Through the services as the app and the command line call them: a stage
    document, a reviewer's comments, a comment-bank entry, a session title typed over
    two lines, a new cohort (code and name), a rule set and a rubric, a mark's
    settlement reason, an extension's reason."""
    from diklat.services import attendance, cohorts, comment_bank, rubrics, stages

    p1, eid = world.actor("P1"), world.enrolments["P1"]
    submit(world.db, p1, eid, SA, complete(SA, strengths=f"Kuat\n{HOSTILE}"))
    stages.decide(
        world.db,
        world.actor("C1"),
        eid,
        SA,
        approve=False,
        comments=[("strengths", HOSTILE), ("", f"Umum:\n{HOSTILE}")],
    )
    stages.save_draft(world.db, p1, eid, SA, complete(SA, strengths=f"Revisi {HOSTILE}"))
    comment_bank.add_comment(world.db, world.actor("C1"), f"Bank {HOSTILE}", "")
    session = attendance.add_session(
        world.db, world.actor("K1"), world.cohort_codes["A"], date(2026, 3, 3), f"Sesi\n{HOSTILE}"
    )
    cohorts.create_cohort(
        world.db,
        world.actor("K1"),
        code="B\x1b[31m\u200b-2026",
        name=HOSTILE,
        start=date(2026, 1, 5),
        end=date(2026, 6, 30),
    )
    rubric = dump_rubric(default_rubric("rancangan"))
    rubric["title"] = {"id": HOSTILE, "en": HOSTILE}
    rubrics.save_rubric(world.db, world.actor("ADMIN"), rubric)
    assert unsafe_in_database(world.db) == []
    with world.db.read() as s:
        assert s.scalars(select(Cohort.code).where(Cohort.name == SHOWN)).one() == "B[31m-2026"
    assert stages.get_stage(world.db, p1, eid, SA).draft["strengths"] == f"Revisi {SHOWN}"
    assert session.id


@settings(max_examples=25, deadline=None)
@given(text=st.text(min_size=1, max_size=40))
def test_any_typed_comment_is_stored_as_text_only(world_template: World, tmp_path_factory, text):
    """Any text a reviewer may paste as a comment-bank entry: stored, or refused
    (empty once cleaned, too long), and never with an unsafe character."""
    from diklat.services import comment_bank
    from diklat.services.errors import Invalid

    world = world_template.copy_to(tmp_path_factory.mktemp("typed") / "world.db")
    try:
        try:
            comment_bank.add_comment(world.db, world.actor("C1"), f"x{text}", "")
        except Invalid:
            pass
        assert unsafe_in_database(world.db) == []
    finally:
        world.db.dispose()


@pytest.mark.parametrize("field", ["name", "jabatan"])
def test_the_database_scan_sees_an_unsafe_character(world: World, field: str) -> None:
    """(The scan above can fail: text stored by an older version is found.)"""
    from sqlalchemy import update

    with world.db.write() as s:
        s.execute(update(Person).where(Person.id == world.pid("P1")).values({field: "a\x1bb"}))
    assert unsafe_in_database(world.db) == [f"people.{field}: 'a\\x1bb'"]


def test_an_invisible_character_neither_duplicates_a_code_nor_blocks_a_log_in(
    world: World,
) -> None:
    """Codes and log-in names are checked as they are stored: a cohort code pasted with
    a zero-width space is the existing cohort's (refused as taken, not a database error),
    and a log-in name pasted with one logs in."""
    from factories import password_for

    from diklat.services import auth, cohorts
    from diklat.services.errors import Invalid

    code = world.cohort_codes["A"]
    with pytest.raises(Invalid) as caught:
        cohorts.create_cohort(
            world.db,
            world.actor("K1"),
            code=code[:1] + ZWSP + code[1:],
            name="Angkatan lain",
            start=date(2026, 1, 5),
            end=date(2026, 6, 30),
        )
    assert caught.value.key == "cohort.exists"
    login = world.actor("K1").login
    actor = auth.login(world.db, f"{ZWSP}{login[:2]}\u2060{login[2:]}\x1b", password_for("K1"))
    assert actor.login == login
