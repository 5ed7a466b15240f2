"""Builders for test data.

People, accounts and cohorts are made with the services (as the command line and
the app make them). Enrolments and cohort staff rows have no service yet, so they
are inserted with the ORM here, in one place, to be replaced by service calls when
those exist.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import backends
from sqlalchemy import inspect, select, text

from diklat.db.engine import Database
from diklat.db.models import CohortStaff, Enrolment, EnrolmentExaminer
from diklat.domain.roles import Role
from diklat.domain.workflow import PREREQUISITE, Stage
from diklat.services import auth, cohorts, stages
from diklat.services.actor import Actor
from diklat.services.auth import UserInfo

SYSTEM = Actor.system()


def password_for(key: str) -> str:
    return f"sandi-{key.lower()}-2026"


def actor_for(info: UserInfo) -> Actor:
    """The actor a successful log-in would give (without paying for a hash check)."""
    return Actor(
        person_id=info.person_id,
        login=info.login,
        name=info.name,
        role=info.role,
        must_change_password=info.must_change_password,
    )


def make_user(
    db: Database, ident: str, name: str, role: Role, password: str | None = None
) -> tuple[UserInfo, Actor]:
    info, _ = auth.add_user(db, SYSTEM, ident, name=name, role=role, password=password)
    return info, actor_for(info)


def make_cohort(
    db: Database,
    code: str,
    *,
    start: date = date(2026, 3, 2),
    end: date = date(2026, 7, 31),
    name: str | None = None,
):
    return cohorts.create_cohort(
        db, SYSTEM, code=code, name=name or f"Diklatpim IV {code}", start=start, end=end
    )


def add_staff(db: Database, cohort_id: int, person_id: int, role: Role) -> None:
    with db.write() as s:
        exists = s.scalar(
            select(CohortStaff.id).where(
                CohortStaff.cohort_id == cohort_id,
                CohortStaff.person_id == person_id,
                CohortStaff.role == role.value,
            )
        )
        if exists is None:
            s.add(CohortStaff(cohort_id=cohort_id, person_id=person_id, role=role.value))


def enrol(
    db: Database,
    cohort_id: int,
    person_id: int,
    ndh: int,
    *,
    coach_id: int | None = None,
    mentor_id: int | None = None,
    examiner_ids: tuple[int, ...] = (),
) -> int:
    """Enrol a participant; coach, mentor and examiners also get their cohort staff rows
    (as the seed loader writes them)."""
    with db.write() as s:
        enrolment = Enrolment(
            cohort_id=cohort_id,
            person_id=person_id,
            ndh=ndh,
            coach_id=coach_id,
            mentor_id=mentor_id,
        )
        s.add(enrolment)
        s.flush()
        for xid in examiner_ids:
            s.add(EnrolmentExaminer(enrolment_id=enrolment.id, person_id=xid))
        enrolment_id = enrolment.id
    for pid, role in ((coach_id, Role.COACH), (mentor_id, Role.MENTOR)):
        if pid is not None:
            add_staff(db, cohort_id, pid, role)
    for xid in examiner_ids:
        add_staff(db, cohort_id, xid, Role.EXAMINER)
    return enrolment_id


# --- the shared world -------------------------------------------------------------

# key: (NIP or log-in name, name, account role)
PEOPLE: dict[str, tuple[str, str, Role]] = {
    "P1": ("19800101 200501 1 001", "Peserta Satu", Role.PARTICIPANT),
    "P2": ("19810202 200602 2 002", "Peserta Dua", Role.PARTICIPANT),
    "P3": ("19820303 200703 1 003", "Peserta Tiga", Role.PARTICIPANT),
    "C1": ("19700505 199505 1 001", "Coach Satu", Role.COACH),
    "C2": ("19720707 199707 1 001", "Coach Dua", Role.COACH),
    "C3": ("19710606 199606 2 001", "Coach Tiga", Role.COACH),
    "M1": ("19650808 199008 1 001", "Mentor Satu", Role.MENTOR),
    "X1": ("19600909 198509 2 001", "Penguji Satu", Role.EXAMINER),
    "K1": ("koordinator.a", "Koordinator A", Role.COORDINATOR),
    "K2": ("koordinator.b", "Koordinator B", Role.COORDINATOR),
    "ADMIN": ("admin", "Admin Diklat", Role.ADMIN),
}


@dataclass
class World:
    """Two cohorts.

    A: P1 (coach C1, mentor M1, examiner X1), P2 (coach C3, no mentor), coordinator K1.
    B: P3 (coach C2), coordinator K2.  ADMIN is an administrator account.
    """

    db: Database
    path: backends.Location  # a SQLite file, or a PostgreSQL database's URL
    users: dict[str, UserInfo]
    cohort_ids: dict[str, int]
    cohort_codes: dict[str, str]
    enrolments: dict[str, int]
    actors: dict[str, Actor] = field(default_factory=dict)
    folder: Path | None = None  # the test's folder for files (tmp_path)

    def __post_init__(self) -> None:
        self.actors = {key: actor_for(info) for key, info in self.users.items()}
        self.actors["SYSTEM"] = SYSTEM

    def actor(self, key: str) -> Actor:
        return self.actors[key]

    def pid(self, key: str) -> int:
        return self.users[key].person_id

    def copy_to(self, path: Path) -> World:
        """The same world in a fresh, independent database: the file ``path`` on SQLite,
        a new database (named after it) on PostgreSQL; ``path`` is then its URL."""
        location = backends.clone(self.path, path)
        db = Database.open(location)
        return replace(self, db=db, path=location, actors={}, folder=path.parent)


def copy_demo(template: Path, path: Path) -> Path:
    """A copy of the sample database (conftest's ``demo_template``) to change freely."""
    shutil.copyfile(template, path)  # prepare_demo leaves no write-ahead log beside it
    return path


def build_world(path: backends.Location) -> World:
    from diklat.db.migrate import upgrade

    db = Database.open(path)
    upgrade(db)
    users = {}
    for key, (ident, name, role) in PEOPLE.items():
        users[key], _ = make_user(db, ident, name, role, password_for(key))
    a = make_cohort(db, "ANGK-A")
    b = make_cohort(db, "ANGK-B", start=date(2026, 4, 6), end=date(2026, 8, 28))
    add_staff(db, a.id, users["K1"].person_id, Role.COORDINATOR)
    add_staff(db, b.id, users["K2"].person_id, Role.COORDINATOR)
    p = {k: u.person_id for k, u in users.items()}
    enrolments = {
        "P1": enrol(
            db, a.id, p["P1"], 1, coach_id=p["C1"], mentor_id=p["M1"], examiner_ids=(p["X1"],)
        ),
        "P2": enrol(db, a.id, p["P2"], 2, coach_id=p["C3"]),
        "P3": enrol(db, b.id, p["P3"], 1, coach_id=p["C2"]),
    }
    world = World(
        db=db,
        path=path,
        users=users,
        cohort_ids={"A": a.id, "B": b.id},
        cohort_codes={"A": a.code, "B": b.code},
        enrolments=enrolments,
    )
    # Everything in the main file so that a plain file copy is a complete database.
    db.checkpoint()
    db.dispose()
    return world


# --- moving a participant through the stages (services only) ------------------------


def _berakhlak_items() -> list[str]:
    import json
    from importlib import resources

    data = json.loads(
        (resources.files("diklat.domain") / "data" / "berakhlak-2021.json").read_text(
            encoding="utf-8"
        )
    )
    return [item["code"] for value in data["values"] for item in value["items"]]


def complete(stage: Stage, **overrides: Any) -> dict[str, Any]:
    """A stage document with every section a submission needs filled in."""
    docs: dict[Stage, dict[str, Any]] = {
        Stage.SELF_ASSESSMENT: {
            "answers": {code: 4 for code in _berakhlak_items()},
            "strengths": "Teliti dan tekun.",
            "development_areas": "Mendelegasikan pekerjaan.",
            "feedback": "Rekan menilai saya cepat tanggap.",
            "development_plan": "Mengikuti pelatihan kepemimpinan tim.",
        },
        Stage.DIAGNOSIS: {
            "issues": [
                {
                    "key": "I1",
                    "title": "Antrean layanan perizinan panjang",
                    "description": "Rata-rata 3 jam menunggu.",
                    "evidence": "Data antrean Januari-Maret.",
                    "apkl": {
                        "aktual": True,
                        "problematik": True,
                        "kekhalayakan": True,
                        "layak": True,
                    },
                    "usg": {"urgency": 5, "seriousness": 4, "growth": 4},
                }
            ],
            "core_issue": "I1",
            "causes": [
                {
                    "key": "K1",
                    "category": "metode",
                    "text": "Berkas diperiksa manual",
                    "is_main": True,
                }
            ],
            "problem_statement": "Layanan perizinan lambat.",
            "ideal_condition": "Izin selesai dalam satu hari.",
        },
        Stage.INNOVATION: {
            "ideas": [
                {
                    "key": "G1",
                    "title": "Pendaftaran izin daring",
                    "description": "Formulir dan unggah berkas daring.",
                    "addresses": "Menghapus pemeriksaan manual.",
                    "causes": ["K1"],
                    "scores": {"impact": 5, "feasibility": 4, "cost": 3, "speed": 4, "support": 4},
                }
            ],
            "chosen_idea": "G1",
        },
        Stage.DESIGN: {
            **{
                section: f"Isian {section}."
                for section in (
                    "title",
                    "description",
                    "background",
                    "goals",
                    "outputs",
                    "outcomes",
                    "benefits_org",
                    "benefits_public",
                    "scope",
                    "ideal_condition",
                    "key_success_factors",
                    "development_plan",
                )
            },
            "milestones": [
                {
                    "key": "M1",
                    "horizon": "short",
                    "title": "Formulir daring",
                    "deliverable": "Aplikasi uji coba",
                    "due": "2026-05-15",
                },
                {"key": "M2", "horizon": "medium", "title": "Integrasi pembayaran"},
                {"key": "M3", "horizon": "long", "title": "Semua izin daring"},
            ],
            "stakeholders": [
                {
                    "name": "Kepala Dinas",
                    "influence": "high",
                    "interest": "high",
                    "strategy": "Libatkan erat.",
                }
            ],
            "team": [{"name": "Tim TI", "role": "Pengembang"}],
            "risks": [
                {"description": "Server tidak siap", "mitigation": "Pakai pusat data daerah."}
            ],
        },
        Stage.MENTOR_AGREEMENT: {"area": "Layanan perizinan daring.", "notes": "Disepakati."},
        Stage.IMPLEMENTATION: {
            "progress": [
                {
                    "milestone": "M1",
                    "status": "done",
                    "on": "2026-05-14",
                    "evidence": "Tautan aplikasi.",
                }
            ],
            "problems": "",
        },
        Stage.REPORT: {
            "achievements": [{"milestone": "M1", "achieved": "Aplikasi berjalan."}],
            "outcomes": "Waktu tunggu turun.",
            "obstacles": "Jaringan lambat.",
            "lessons": "Libatkan pengguna sejak awal.",
            "sustainability": "Dianggarkan tahun depan.",
        },
    }
    return {**docs[stage], **overrides}


def submit(
    db: Database,
    actor: Actor,
    enrolment_id: int,
    stage: Stage,
    content: dict[str, Any] | None = None,
) -> int:
    """Save ``content`` (a complete document by default) as the draft and submit it."""
    stages.save_draft(
        db, actor, enrolment_id, stage, complete(stage) if content is None else content
    )
    return stages.submit_stage(db, actor, enrolment_id, stage)


def approve_before(world: World, participant: str, stage: Stage, reviewer: str = "K1") -> None:
    """Submit and approve every stage that must be approved before ``stage``."""
    chain = []
    before = PREREQUISITE[stage]
    while before is not None:
        chain.append(before)
        before = PREREQUISITE[before]
    for earlier in reversed(chain):
        submit(world.db, world.actor(participant), world.enrolments[participant], earlier)
        stages.decide(
            world.db, world.actor(reviewer), world.enrolments[participant], earlier, approve=True
        )


def submitted(world: World, participant: str, stage: Stage) -> None:
    """Bring ``stage`` of the participant to "submitted" (its prerequisites approved)."""
    approve_before(world, participant, stage)
    submit(world.db, world.actor(participant), world.enrolments[participant], stage)


# --- comparing database contents ----------------------------------------------------


def snapshot(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table, for "nothing changed" assertions."""
    with db.engine.connect() as conn:
        names = inspect(conn).get_table_names()
        # Straight to the driver: fuzz tests take thousands of these, and text() compiles.
        return {
            name: [tuple(r) for r in conn.exec_driver_sql(f'SELECT * FROM "{name}" ORDER BY 1')]
            for name in names
        }


def count(db: Database, table: str) -> int:
    with db.engine.connect() as conn:
        return conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
