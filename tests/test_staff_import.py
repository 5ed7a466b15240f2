"""Staff from a file (issue 14 part 3): coaches, mentors and examiners of a cohort
imported from CSV/XLSX with the rules and messages of the participants file; new
staff get an account with a one-time password and a log-in slip, everyone gets the
cohort staff row of their role. Through the importer registry, as the import tab
and ``diklat import staff`` use it."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import run_cli
from factories import World, snapshot
from sqlalchemy import select

from diklat.db.models import Account, AuditEntry, CohortStaff, Person
from diklat.domain.imports import ImportInvalid
from diklat.domain.roles import Role
from diklat.services.errors import Forbidden
from diklat.services.importers import IMPORTERS

STAFF = IMPORTERS["staff"]
GOOD = (
    "NIP,Nama,Peran,Jabatan,login\n"
    "19750101 200001 1 001,Dr. Widya Iswara,widyaiswara,Widyaiswara Ahli Madya,\n"
    "19680202 199302 2 002,Ir. Atasan Langsung,Mentor,Kepala Dinas,\n"
    ",Penguji Tamu,penguji,,penguji.tamu\n"
    # a known coach of the world (C1), now also examining in this cohort
    "19700505 199505 1 001,Coach Satu,penguji,,\n"
)


def staff_file(tmp_path: Path, text: str = GOOD) -> Path:
    path = tmp_path / "staf.csv"
    path.write_text(text, encoding="utf-8")
    return path


def roles_in(world: World, code: str = "A") -> set[tuple[int, str]]:
    with world.db.read() as s:
        return set(
            s.execute(
                select(CohortStaff.person_id, CohortStaff.role).where(
                    CohortStaff.cohort_id == world.cohort_ids[code]
                )
            ).all()
        )


def test_every_problem_of_a_staff_file_is_said_at_once(tmp_path: Path) -> None:
    bad = (
        "NIP,Nama,Peran\n"
        "19750101 200001 1 001,Widya,coach\n"
        "19680202 199302 2 002,Atasan,dosen\n"  # unknown role
        "19751301 200001 1 001,Salah NIP,coach\n"  # month 13
        ",Tanpa Identitas,mentor\n"
        "19750101 200001 1 001,Lagi,coach\n"  # the same NIP again
    )
    with pytest.raises(ImportInvalid) as caught:
        STAFF.read(staff_file(tmp_path, bad))
    text = caught.value.message()
    assert [p.row for p in caught.value.problems] == [3, 4, 5, 6]
    assert "'dosen'" in text and "coach, mentor" in text
    assert "NIP" in text and "baris 2" in text.lower()  # the row the duplicate repeats


def test_plan_writes_nothing_and_import_makes_accounts_and_staff_rows(
    world: World, tmp_path: Path
) -> None:
    k1 = world.actor("K1")
    rows, unknown = STAFF.read(staff_file(tmp_path))
    before = snapshot(world.db)
    plan = STAFF.plan(world.db, k1, "ANGK-A", rows, unknown)
    assert (plan.new_people, plan.accounts, plan.added) == (3, 3, 4)
    assert snapshot(world.db) == before
    report = STAFF.apply(world.db, k1, "ANGK-A", rows, unknown)
    assert report.accounts == 3
    assert "3 akun baru" in STAFF.summary(report, True, k1)
    with world.db.read() as s:
        accounts = {
            a.login: (a.role, a.must_change_password, bool(a.one_time_password))
            for a in s.scalars(select(Account))
        }
        audited = {e.action for e in s.scalars(select(AuditEntry))}
    assert accounts["197501012000011001"] == ("coach", True, True)
    assert accounts["196802021993022002"] == ("mentor", True, True)
    assert accounts["penguji.tamu"] == ("examiner", True, True)
    assert accounts["197005051995051001"][1:] == (False, False)  # C1 keeps their account
    assert (world.pid("C1"), Role.EXAMINER.value) in roles_in(world)
    assert {"user_added", "staff_added", "staff_imported"} <= audited
    # the same file again: nobody new, nothing added, nobody changed
    again = STAFF.plan(world.db, k1, "ANGK-A", rows, unknown)
    assert (again.new_people, again.accounts, again.added, again.updated_people) == (0, 0, 0, 0)


def test_a_known_person_gets_the_files_filled_in_details(world: World, tmp_path: Path) -> None:
    k1 = world.actor("K1")
    text = "NIP,Nama,Peran,Jabatan,Instansi\n19700505 199505 1 001,Dr. Coach Satu,coach,,BPSDM\n"
    rows, unknown = STAFF.read(staff_file(tmp_path, text))
    plan = STAFF.plan(world.db, k1, "ANGK-A", rows, unknown)
    assert plan.rows[0].changes == ("name", "instansi") and plan.updated_people == 1
    STAFF.apply(world.db, k1, "ANGK-A", rows, unknown)
    with world.db.read() as s:
        person = s.get(Person, world.pid("C1"))
        assert (person.name, person.jabatan, person.instansi) == ("Dr. Coach Satu", "", "BPSDM")
        entry = s.scalar(select(AuditEntry.old).where(AuditEntry.action == "person_updated"))
    assert entry == {"name": "Coach Satu", "instansi": ""}


def test_a_participant_account_cannot_become_staff_and_nothing_is_written(
    world: World, tmp_path: Path
) -> None:
    text = GOOD + "19800101 200501 1 001,Peserta Satu,coach,,\n"
    rows, unknown = STAFF.read(staff_file(tmp_path, text))
    before = snapshot(world.db)
    with pytest.raises(ImportInvalid) as caught:
        STAFF.apply(world.db, world.actor("K1"), "ANGK-A", rows, unknown)
    assert caught.value.problems[0].row == 6
    assert "Peserta" in caught.value.message()
    assert snapshot(world.db) == before


def test_only_the_cohorts_coordinator_imports_its_staff(world: World, tmp_path: Path) -> None:
    rows, unknown = STAFF.read(staff_file(tmp_path))
    with pytest.raises(Forbidden):
        STAFF.apply(world.db, world.actor("K2"), "ANGK-A", rows, unknown)


def test_new_staff_get_log_in_slips_with_their_role(world: World, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from diklat.io.slips import write_slips
    from diklat.services.exports import slips

    k1 = world.actor("K1")
    rows, unknown = STAFF.read(staff_file(tmp_path))
    STAFF.apply(world.db, k1, "ANGK-A", rows, unknown)
    target = tmp_path / "slip.pdf"
    data, _ = slips(world.db, k1, "ANGK-A", lambda d: (d, write_slips(d, target)))
    logins = {slip.login: slip for slip in data.slips}
    assert logins["penguji.tamu"].roles == ("examiner",) and logins["penguji.tamu"].ndh is None
    assert "197005051995051001" not in logins  # C1 logged in long ago: no slip
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Penguji Tamu" in text and "Peran" in text and "Penguji" in text


def test_cli_imports_staff_and_points_at_the_slips(world: World, tmp_path: Path) -> None:
    env = {"DIKLAT_DB": str(world.path)}
    path = staff_file(tmp_path)
    dry = run_cli("import", "staff", path, "--cohort", "ANGK-A", "--dry-run", env=env)
    assert dry.code == 0 and "Uji coba" in dry.out, dry.both
    ran = run_cli("import", "staff", path, "--cohort", "ANGK-A", env=env)
    assert ran.code == 0, ran.both
    assert "export slips" in ran.out
    assert (world.pid("C1"), Role.EXAMINER.value) in roles_in(world)
