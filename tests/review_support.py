"""A small world for the review and marking tests (issue 4), built once and copied.

Cohort A: P1 (coach C1, mentor M1, examiners X1 and X2), P2 (coach C2, no mentor),
coordinator K1.  Cohort B: P3 (coach C3, mentor M1), coordinator K2.
ADMIN is an administrator account. Everyone's password is ``sandi-rahasia-1``.

People, accounts and cohorts are made with the services; enrolments and staff
rows (which have no service yet) with the ORM, as the seed loader writes them.
Stage documents are complete, so they pass the submission checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import backends
import pytest
from sqlalchemy import event, select

from diklat.db.engine import Database
from diklat.db.migrate import upgrade
from diklat.db.models import CohortStaff, Enrolment, EnrolmentExaminer
from diklat.domain.instrument import load_instrument
from diklat.domain.roles import Role
from diklat.domain.workflow import PREREQUISITE, Stage
from diklat.services import auth, cohorts, stages
from diklat.services.actor import Actor

PASSWORD = "sandi-rahasia-1"
SYSTEM = Actor.system()

PEOPLE: dict[str, tuple[str, str, Role]] = {
    "P1": ("19800101 200501 1 001", "Peserta Satu", Role.PARTICIPANT),
    "P2": ("19810202 200602 2 002", "Peserta Dua", Role.PARTICIPANT),
    "P3": ("19820303 200703 1 003", "Peserta Tiga", Role.PARTICIPANT),
    "C1": ("coach.satu", "Coach Satu", Role.COACH),
    "C2": ("coach.dua", "Coach Dua", Role.COACH),
    "C3": ("coach.tiga", "Coach Tiga", Role.COACH),
    "M1": ("mentor.satu", "Mentor Satu", Role.MENTOR),
    "X1": ("penguji.satu", "Penguji Satu", Role.EXAMINER),
    "X2": ("penguji.dua", "Penguji Dua", Role.EXAMINER),
    "K1": ("koordinator.a", "Koordinator A", Role.COORDINATOR),
    "K2": ("koordinator.b", "Koordinator B", Role.COORDINATOR),
    "ADMIN": ("admin", "Admin Diklat", Role.ADMIN),
}


@dataclass
class RWorld:
    db: Database
    path: backends.Location  # a SQLite file, or a PostgreSQL database's URL
    actors: dict[str, Actor]
    cohorts: dict[str, int]
    enrolments: dict[str, int]
    logins: dict[str, str] = field(default_factory=dict)

    def actor(self, key: str) -> Actor:
        return self.actors[key]

    def pid(self, key: str) -> int:
        return self.actors[key].person_id

    def copy_to(self, path: Path) -> RWorld:
        location = backends.clone(self.path, path)
        return replace(self, db=Database.open(location), path=location)


def add_staff(s, cohort_id: int, person_id: int, role: Role) -> None:
    exists = s.scalar(
        select(CohortStaff.id).where(
            CohortStaff.cohort_id == cohort_id,
            CohortStaff.person_id == person_id,
            CohortStaff.role == role.value,
        )
    )
    if exists is None:
        s.add(CohortStaff(cohort_id=cohort_id, person_id=person_id, role=role.value))
        s.flush()


def enrol(
    db: Database, cohort_id: int, person_id: int, ndh: int, *, coach=None, mentor=None, examiners=()
) -> int:
    with db.write() as s:
        e = Enrolment(
            cohort_id=cohort_id, person_id=person_id, ndh=ndh, coach_id=coach, mentor_id=mentor
        )
        s.add(e)
        s.flush()
        for x in examiners:
            s.add(EnrolmentExaminer(enrolment_id=e.id, person_id=x))
            add_staff(s, cohort_id, x, Role.EXAMINER)
        if coach:
            add_staff(s, cohort_id, coach, Role.COACH)
        if mentor:
            add_staff(s, cohort_id, mentor, Role.MENTOR)
        return e.id


def build(path: backends.Location) -> RWorld:
    db = Database.open(path)
    upgrade(db)
    actors = {}
    logins = {}
    for key, (ident, name, role) in PEOPLE.items():
        info, _ = auth.add_user(db, SYSTEM, ident, name=name, role=role, password=PASSWORD)
        actors[key] = Actor(
            person_id=info.person_id, login=info.login, name=info.name, role=info.role
        )
        logins[key] = info.login
    a = cohorts.create_cohort(
        db,
        SYSTEM,
        code="ANGK-A",
        name="PKP Angkatan A",
        start=date(2026, 3, 2),
        end=date(2026, 7, 31),
    )
    b = cohorts.create_cohort(
        db,
        SYSTEM,
        code="ANGK-B",
        name="PKP Angkatan B",
        start=date(2026, 4, 6),
        end=date(2026, 8, 28),
    )
    with db.write() as s:
        add_staff(s, a.id, actors["K1"].person_id, Role.COORDINATOR)
        add_staff(s, b.id, actors["K2"].person_id, Role.COORDINATOR)
    p = {k: v.person_id for k, v in actors.items()}
    enrolments = {
        "P1": enrol(
            db, a.id, p["P1"], 1, coach=p["C1"], mentor=p["M1"], examiners=(p["X1"], p["X2"])
        ),
        "P2": enrol(db, a.id, p["P2"], 2, coach=p["C2"]),
        "P3": enrol(db, b.id, p["P3"], 1, coach=p["C3"], mentor=p["M1"]),
    }
    actors["SYSTEM"] = SYSTEM  # the command line (an administrator without an account)
    db.checkpoint()
    db.dispose()
    return RWorld(
        db=db,
        path=path,
        actors=actors,
        cohorts={"A": a.id, "B": b.id},
        enrolments=enrolments,
        logins=logins,
    )


@pytest.fixture(scope="session")
def rworld_template(backend: str, tmp_path_factory) -> RWorld:
    location = backends.empty(backend, tmp_path_factory.mktemp("rworld") / "template.db")
    backends.keep(location)
    return build(location)


@pytest.fixture
def rw(rworld_template: RWorld, tmp_path) -> RWorld:
    world = rworld_template.copy_to(tmp_path / "rworld.db")
    yield world
    world.db.dispose()


# --- complete stage documents ---------------------------------------------------------


def self_assessment(strengths: str = "Tekun dan teliti.") -> dict[str, Any]:
    instrument = load_instrument("berakhlak")
    return {
        "instrument_code": instrument.code,
        "instrument_version": instrument.version,
        "answers": {code: 4 for code in instrument.item_codes()},
        "strengths": strengths,
        "development_areas": "Mendelegasikan pekerjaan.",
        "feedback": "Rekan menilai saya cepat tanggap.",
        "development_plan": "Mengikuti pelatihan manajemen waktu.",
    }


def diagnosis() -> dict[str, Any]:
    yes = {"aktual": True, "problematik": True, "kekhalayakan": True, "layak": True}
    return {
        "issues": [
            {
                "key": "I1",
                "title": "Antrian izin panjang",
                "description": "Rata-rata 3 jam.",
                "evidence": "Data loket",
                "apkl": yes,
                "usg": {"urgency": 5, "seriousness": 4, "growth": 4},
            }
        ],
        "core_issue": "I1",
        "causes": [{"key": "K1", "category": "metode", "text": "Prosedur manual", "is_main": True}],
        "problem_statement": "Pelayanan izin lambat.",
        "ideal_condition": "Izin selesai dalam satu hari.",
    }


DOCS = {Stage.SELF_ASSESSMENT: self_assessment, Stage.DIAGNOSIS: diagnosis}


def submit(
    world: RWorld, participant: str, stage: Stage, content: dict[str, Any] | None = None
) -> int:
    actor, eid = world.actor(participant), world.enrolments[participant]
    stages.save_draft(
        world.db, actor, eid, stage, content if content is not None else DOCS[stage]()
    )
    return stages.submit_stage(world.db, actor, eid, stage)


def submitted(world: RWorld, participant: str, stage: Stage) -> None:
    """Bring ``stage`` to "submitted", approving what comes before it (by the coordinator)."""
    chain, before = [], PREREQUISITE[stage]
    while before is not None:
        chain.append(before)
        before = PREREQUISITE[before]
    coordinator = "K1" if participant in ("P1", "P2") else "K2"
    for earlier in reversed(chain):
        submit(world, participant, earlier)
        stages.decide(
            world.db, world.actor(coordinator), world.enrolments[participant], earlier, approve=True
        )
    submit(world, participant, stage)


class StatementCounter:
    """Counts SQL statements sent to the database while active."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.count = 0

    def _on(self, *args) -> None:
        self.count += 1

    def __enter__(self) -> StatementCounter:
        event.listen(self.db.engine, "before_cursor_execute", self._on)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.db.engine, "before_cursor_execute", self._on)
