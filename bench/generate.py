#!/usr/bin/env python3
"""Fill a real SQLite database with N participants, for the benchmarks.

    python3 bench/generate.py 400 4000 40000      # make (or reuse) the cached files
    python3 bench/generate.py --force 400         # make it again

The file is migrated with diklat's own Alembic upgrade, then filled with SQLAlchemy
Core bulk inserts (executemany) in large transactions. The content is the sample
data's (``sample_data/``, made by tools/make_sample_data.py): its 73 participants'
stage documents, reviews, comments, marks and attendance are the templates; every
generated participant takes one of them, with its dates moved to the cohort's year.

Shape (the same around every measured person, whatever N is):

* cohorts of 40; ten cohorts form a training centre ("block") with its own
  coordinator, five coaches and four examiners, one cohort a year from 2017;
* in each block, cohorts 0-8 are finished (every stage approved, some after one or
  two revision rounds, marks from every marker role, results released and locked)
  and cohort 9 (2026) is in progress (stages submitted, waiting, sent back);
* every participant has their own mentor (a direct superior); everyone has an
  account, all with the password ``bench`` (one Argon2 hash computed once);
* some submissions have three versions (two revision requests, then approval);
* the locked cohorts' results are frozen by the product's own function
  (``services.graduation.freeze_locked_cohorts``), as locking them in the app would.
  A cached file made before frozen results existed is upgraded and frozen in place
  the next time it is used (``ensure``), so it stays valid without regenerating.

The measured people are in the last block and are written to ``<file>.json``
next to the database. Files are cached under ``bench/data/`` by N and
``GENERATOR_VERSION``: change the version when the output changes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
try:  # run from a checkout without ``pip install -e .``
    import diklat  # noqa: F401
except ImportError:  # pragma: no cover
    sys.path.insert(0, str(ROOT / "src"))

from sqlalchemy import (  # noqa: E402
    Boolean,
    Date,
    DateTime,
    Integer,
    Numeric,
    String,
    Text,
    column,
    insert,
    table,
)

GENERATOR_VERSION = 1
COHORT_SIZE = 40
BLOCK = 10  # cohorts per training centre
COACHES_PER_BLOCK = 5
EXAMINERS_PER_BLOCK = 4
PASSWORD = "bench"
DATA = ROOT / "bench" / "data"
SAMPLE = ROOT / "sample_data"
FINISHED_FILE = "10-diklatpim-iv-angkatan-iii-2018.json"
RUNNING_FILE = "20-pkp-angkatan-ii-2026.json"
FIRST_YEAR = 2017
RUNNING_YEAR = 2026


def db_file(n: int, directory: Path = DATA) -> Path:
    return directory / f"diklat-n{n}-g{GENERATOR_VERSION}.db"


def meta_file(db: Path) -> Path:
    return db.with_suffix(".json")


# ---------------------------------------------------------------------------
# templates: the sample participants, flattened into rows with JSON pre-serialised
# ---------------------------------------------------------------------------

_DATE_IN_JSON = re.compile(r'"(20\d\d)-(\d\d)-(\d\d)')


def _shift_json(text: str, years: int) -> str:
    if not years:
        return text

    def repl(m: re.Match[str]) -> str:
        y, mo, d = int(m.group(1)) + years, m.group(2), m.group(3)
        if mo == "02" and d == "29":
            d = "28"
        return f'"{y}-{mo}-{d}'

    return _DATE_IN_JSON.sub(repl, text)


def _shift(value: datetime | date | None, years: int) -> Any:
    if value is None or not years:
        return value
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February
        return value.replace(year=value.year + years, day=28)


@dataclass
class VersionT:
    number: int
    content: str
    submitted_at: datetime
    review: (
        tuple[str, datetime, bool, list[tuple[str, str]]] | None
    )  # decision, at, on behalf, comments


@dataclass
class StageT:
    stage: str
    state: str
    draft: str
    draft_saved_at: datetime | None
    state_changed_at: datetime
    versions: list[VersionT]


@dataclass
class MarkT:
    component: str
    role: str
    examiner: int  # which of the enrolment's examiners (0/1) for an examiner's mark
    score: Any
    rubric: str | None
    rubric_version: int | None
    criteria: list[tuple[str, str, Any]]
    recorded_by_coordinator: bool


@dataclass
class EnrolmentT:
    stages: list[StageT]
    marks: list[MarkT]
    absent: set[int]
    extensions: list[tuple[str, date, str]]
    status: str
    status_reason: str
    _shifted: dict[tuple[int, int], str] = field(default_factory=dict)

    def content(self, text: str, years: int) -> str:
        key = (id(text), years)
        out = self._shifted.get(key)
        if out is None:
            out = self._shifted[key] = _shift_json(text, years)
        return out


@dataclass
class CohortT:
    year: int
    start: date
    end: date
    rules: str
    deadlines: dict[str, date]
    sessions: list[tuple[date, str]]
    released_at: datetime | None
    locked_at: datetime | None
    program: str
    term: str
    enrolments: list[EnrolmentT]


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def load_templates() -> tuple[CohortT, CohortT, list[dict[str, Any]]]:
    from diklat.domain.rules import default_ruleset
    from diklat.io.seed_format import SeedFile

    people: list[dict[str, Any]] = []
    out = []
    for name in (FINISHED_FILE, RUNNING_FILE):
        seed = SeedFile.model_validate_json((SAMPLE / name).read_text(encoding="utf-8"))
        people.extend(p.model_dump(mode="json") for p in seed.people)
        c = seed.cohorts[0]
        coordinators = set(c.coordinators)
        enrolments = []
        for e in c.enrolments:
            examiners = {ref: i for i, ref in enumerate(e.examiners)}
            stages = []
            for stage, rec in e.stages.items():
                versions = []
                for number, v in enumerate(rec.versions, 1):
                    review = None
                    if v.review is not None:
                        r = v.review
                        review = (
                            r.decision,
                            r.at,
                            r.recorded_by is not None,
                            [(cm.section, cm.text) for cm in r.comments],
                        )
                    versions.append(VersionT(number, _dumps(v.content), v.submitted_at, review))
                last = rec.versions[-1] if rec.versions else None
                if not rec.versions:
                    state = "draft"
                elif last.review is None:
                    state = "submitted"
                else:
                    state = last.review.decision
                changed = (
                    (last.review.at if last.review else last.submitted_at)
                    if last
                    else rec.draft_saved_at
                )
                draft = rec.draft if rec.draft is not None else last.content
                stages.append(
                    StageT(
                        stage.value,
                        state,
                        _dumps(draft),
                        rec.draft_saved_at or (last.submitted_at if last else None),
                        changed or datetime(c.start.year, c.start.month, c.start.day, 9),
                        versions,
                    )
                )
            marks = [
                MarkT(
                    m.component,
                    m.role.value,
                    examiners.get(m.marker, 0),
                    m.score,
                    m.rubric,
                    m.rubric_version,
                    [(cr.criterion, cr.level, cr.score) for cr in m.criteria],
                    m.recorded_by is not None
                    and m.recorded_by in coordinators
                    and m.role.value != "coordinator",
                )
                for m in e.marks
            ]
            enrolments.append(
                EnrolmentT(
                    stages,
                    marks,
                    set(e.absent),
                    [(x.stage.value, x.due, x.reason) for x in e.extensions],
                    e.status,
                    e.status_reason,
                )
            )
        out.append(
            CohortT(
                year=c.start.year,
                start=c.start,
                end=c.end,
                rules=_dumps((c.rules or default_ruleset()).model_dump(mode="json")),
                deadlines={st.value: due for st, due in c.deadlines.items()},
                sessions=[(s.on, s.title) for s in c.sessions],
                released_at=c.results_released_at,
                locked_at=c.locked_at,
                program=c.program_name,
                term=c.project_term,
                enrolments=enrolments,
            )
        )
    _add_third_versions(out[0])
    return out[0], out[1], people


def _add_third_versions(finished: CohortT) -> None:
    """Give every other participant with a revised stage a second revision round: three versions."""
    for i, e in enumerate(finished.enrolments):
        if i % 2:
            continue
        for st in e.stages:
            if (
                len(st.versions) == 2
                and st.versions[0].review
                and st.versions[0].review[0] == "revision_requested"
            ):
                first, second = st.versions
                decision, at, behalf, comments = first.review
                mid_at = first.submitted_at + (second.submitted_at - first.submitted_at) / 2
                extra = VersionT(
                    2,
                    first.content,
                    mid_at,
                    (decision, mid_at + timedelta(hours=20), behalf, comments[:1]),
                )
                second.number = 3
                st.versions = [first, extra, second]
                break


# ---------------------------------------------------------------------------
# people: names, NIPs
# ---------------------------------------------------------------------------

_BIRTH0 = date(1960, 1, 1)


def make_nip(i: int) -> str:
    """A valid, unique 18-digit NIP for person number ``i``."""
    birth = _BIRTH0 + timedelta(days=i % 10000)
    rest = i // 10000
    month = rest % 12 + 1
    rest //= 12
    sex = rest % 2 + 1
    serial = rest // 2 + 1
    year = birth.year + 24
    return f"{birth:%Y%m%d}{year:04d}{month:02d}{sex}{serial:03d}"


class Names:
    def __init__(self, people: list[dict[str, Any]]) -> None:
        firsts, lasts = [], []
        for p in people:
            plain = p["name"].split(",")[0]
            for title in ("Dr. ", "Drs. ", "Dra. ", "Ir. ", "H. ", "Hj. ", "Prof. "):
                plain = plain.replace(title, "")
            parts = plain.split()
            if len(parts) >= 2:
                firsts.append(parts[0])
                lasts.append(" ".join(parts[1:]))
        self.firsts = sorted(set(firsts))
        self.lasts = sorted(set(lasts))
        self.suffixes = [
            "S.Sos.",
            "S.E., M.M.",
            "S.T.",
            "S.H., M.H.",
            "S.Kom.",
            "S.Pd., M.Si.",
            "S.KM.",
            "S.IP., M.AP.",
        ]
        self.jabatan = sorted({p["jabatan"] for p in people if p.get("jabatan")}) or [
            "Kepala Seksi"
        ]
        self.instansi = sorted({p["instansi"] for p in people if p.get("instansi")}) or [
            "Pemerintah Daerah"
        ]
        self.pangkat = sorted(
            {p["pangkat_golongan"] for p in people if p.get("pangkat_golongan")}
        ) or ["Penata (III/c)"]

    def name(self, i: int) -> str:
        f, l = len(self.firsts), len(self.lasts)
        return f"{self.firsts[i % f]} {self.lasts[(i // f + i) % l]}, {self.suffixes[i % len(self.suffixes)]}"

    def pick(self, items: list[str], i: int) -> str:
        return items[i % len(items)]


# ---------------------------------------------------------------------------
# lightweight tables: JSON columns are written as pre-serialised text
# ---------------------------------------------------------------------------

T = {
    "institutions": table(
        "institutions",
        column("id", Integer),
        column("code", String),
        column("name", String),
        column("city", String),
    ),
    "people": table(
        "people",
        column("id", Integer),
        column("nip", String),
        column("nrp", String),
        column("name", String),
        column("pangkat_golongan", String),
        column("jabatan", String),
        column("instansi", String),
        column("email", String),
        column("created_at", DateTime),
    ),
    "accounts": table(
        "accounts",
        column("id", Integer),
        column("person_id", Integer),
        column("login", String),
        column("role", String),
        column("password_hash", String),
        column("must_change_password", Boolean),
        column("active", Boolean),
        column("failed_logins", Integer),
        column("created_at", DateTime),
    ),
    "cohorts": table(
        "cohorts",
        column("id", Integer),
        column("code", String),
        column("name", String),
        column("program_name", String),
        column("project_term", String),
        column("angkatan", String),
        column("year", Integer),
        column("start_date", Date),
        column("end_date", Date),
        column("institution_id", Integer),
        column("rules", Text),
        column("status", String),
        column("results_released_at", DateTime),
        column("locked_at", DateTime),
        column("created_at", DateTime),
        column("version", Integer),
    ),
    "cohort_staff": table(
        "cohort_staff",
        column("id", Integer),
        column("cohort_id", Integer),
        column("person_id", Integer),
        column("role", String),
    ),
    "deadlines": table(
        "deadlines",
        column("id", Integer),
        column("cohort_id", Integer),
        column("stage", String),
        column("due", Date),
    ),
    "enrolments": table(
        "enrolments",
        column("id", Integer),
        column("cohort_id", Integer),
        column("person_id", Integer),
        column("ndh", Integer),
        column("coach_id", Integer),
        column("mentor_id", Integer),
        column("status", String),
        column("status_reason", Text),
        column("version", Integer),
    ),
    "enrolment_examiners": table(
        "enrolment_examiners",
        column("id", Integer),
        column("enrolment_id", Integer),
        column("person_id", Integer),
    ),
    "extensions": table(
        "extensions",
        column("id", Integer),
        column("enrolment_id", Integer),
        column("stage", String),
        column("due", Date),
        column("reason", Text),
    ),
    "stage_records": table(
        "stage_records",
        column("id", Integer),
        column("enrolment_id", Integer),
        column("stage", String),
        column("state", String),
        column("draft", Text),
        column("draft_saved_at", DateTime),
        column("state_changed_at", DateTime),
        column("version", Integer),
    ),
    "submissions": table(
        "submissions",
        column("id", Integer),
        column("enrolment_id", Integer),
        column("stage", String),
        column("number", Integer),
        column("content", Text),
        column("submitted_at", DateTime),
        column("submitted_by", Integer),
    ),
    "reviews": table(
        "reviews",
        column("id", Integer),
        column("submission_id", Integer),
        column("reviewer_id", Integer),
        column("recorded_by", Integer),
        column("decision", String),
        column("decided_at", DateTime),
    ),
    "comments": table(
        "comments",
        column("id", Integer),
        column("submission_id", Integer),
        column("author_id", Integer),
        column("section", String),
        column("text", Text),
        column("created_at", DateTime),
    ),
    "marks": table(
        "marks",
        column("id", Integer),
        column("enrolment_id", Integer),
        column("component", String),
        column("marker_id", Integer),
        column("marker_role", String),
        column("score", Numeric(5, 2)),
        column("rubric_code", String),
        column("rubric_version", Integer),
        column("recorded_by", Integer),
        column("created_at", DateTime),
        column("updated_at", DateTime),
        column("version", Integer),
    ),
    "mark_criteria": table(
        "mark_criteria",
        column("id", Integer),
        column("mark_id", Integer),
        column("criterion", String),
        column("level", String),
        column("score", Numeric(5, 2)),
    ),
    "attendance_sessions": table(
        "attendance_sessions",
        column("id", Integer),
        column("cohort_id", Integer),
        column("held_on", Date),
        column("title", String),
    ),
    "attendance": table(
        "attendance",
        column("id", Integer),
        column("session_id", Integer),
        column("enrolment_id", Integer),
        column("present", Boolean),
    ),
    "audit_log": table(
        "audit_log",
        column("id", Integer),
        column("at", DateTime),
        column("actor_id", Integer),
        column("on_behalf_of", Integer),
        column("action", String),
        column("entity", String),
        column("entity_id", Integer),
        column("cohort_id", Integer),
        column("old", Text),
        column("new", Text),
    ),
}
ORDER = list(T)  # parents before children


class Rows:
    """Rows waiting to be inserted, per table, with their own id counters."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in T}
        self.next_id: dict[str, int] = {name: 1 for name in T}
        self.counts: dict[str, int] = {name: 0 for name in T}

    def add(self, _table: str, /, **values: Any) -> int:
        i = self.next_id[_table]
        self.next_id[_table] = i + 1
        values["id"] = i
        self.rows[_table].append(values)
        return i

    def size(self) -> int:
        return sum(len(r) for r in self.rows.values())

    def flush(self, conn) -> None:
        for name in ORDER:
            batch = self.rows[name]
            if batch:
                conn.execute(insert(T[name]), batch)
                self.counts[name] += len(batch)
                self.rows[name] = []


# ---------------------------------------------------------------------------
# the generator
# ---------------------------------------------------------------------------


@dataclass
class Person:
    id: int
    login: str
    name: str


class Generator:
    def __init__(self, n: int, password_hash: str) -> None:
        self.n = n
        self.hash = password_hash
        self.finished, self.running, people = load_templates()
        self.names = Names(people)
        self.rows = Rows()
        self.person_no = 0
        self.now = datetime(2026, 11, 28, 12, 0)
        self.meta: dict[str, Any] = {
            "n": n,
            "generator_version": GENERATOR_VERSION,
            "password": PASSWORD,
        }
        self.institutions: list[int] = []

    # people ------------------------------------------------------------------

    def person(self, role: str, *, login: str | None = None) -> Person:
        i = self.person_no
        self.person_no += 1
        nip = make_nip(i)
        name = self.names.name(i)
        pid = self.rows.add(
            "people",
            nip=nip,
            nrp=None,
            name=name,
            pangkat_golongan=self.names.pick(self.names.pangkat, i),
            jabatan=self.names.pick(self.names.jabatan, i),
            instansi=self.names.pick(self.names.instansi, i),
            email="",
            created_at=self.now,
        )
        self.rows.add(
            "accounts",
            person_id=pid,
            login=login or nip,
            role=role,
            password_hash=self.hash,
            must_change_password=False,
            active=True,
            failed_logins=0,
            created_at=self.now,
        )
        return Person(pid, login or nip, name)

    # one block: a training centre with ten cohorts -------------------------------

    def block(self, b: int, participants: int) -> None:
        inst = self.rows.add(
            "institutions",
            code=f"PUSDIKLAT-{b + 1:04d}",
            name=f"Pusat Pendidikan dan Pelatihan Wilayah {b + 1}",
            city="",
        )
        coordinator = self.person("coordinator")
        coaches = [self.person("coach") for _ in range(COACHES_PER_BLOCK)]
        examiners = [self.person("examiner") for _ in range(EXAMINERS_PER_BLOCK)]
        left = participants
        for j in range(BLOCK):
            if left <= 0:
                break
            size = min(COHORT_SIZE, left)
            left -= size
            self.cohort(b, j, size, inst, coordinator, coaches, examiners)
        self.last_block = {"coordinator": coordinator, "coaches": coaches, "examiners": examiners}

    def cohort(
        self,
        b: int,
        j: int,
        size: int,
        inst: int,
        coordinator: Person,
        coaches: list[Person],
        examiners: list[Person],
    ) -> None:
        running = j == BLOCK - 1
        tpl = self.running if running else self.finished
        year = RUNNING_YEAR if running else FIRST_YEAR + j
        dy = year - tpl.year
        code = f"PKP-{b + 1:04d}-{j + 1:02d}-{year}"
        cid = self.rows.add(
            "cohorts",
            code=code,
            name=f"Pelatihan Kepemimpinan Pengawas Angkatan {j + 1} Tahun {year} (Pusat {b + 1})",
            program_name=tpl.program,
            project_term=tpl.term,
            angkatan=str(j + 1),
            year=year,
            start_date=_shift(tpl.start, dy),
            end_date=_shift(tpl.end, dy),
            institution_id=inst,
            rules=tpl.rules,
            status="open" if running else "closed",
            results_released_at=_shift(tpl.released_at, dy),
            locked_at=_shift(tpl.locked_at, dy),
            created_at=self.now,
            version=1,
        )
        rows = self.rows
        for stage, due in tpl.deadlines.items():
            rows.add("deadlines", cohort_id=cid, stage=stage, due=_shift(due, dy))
        sessions = [
            rows.add("attendance_sessions", cohort_id=cid, held_on=_shift(on, dy), title=title)
            for on, title in tpl.sessions
        ]
        rows.add("cohort_staff", cohort_id=cid, person_id=coordinator.id, role="coordinator")
        for p in coaches:
            rows.add("cohort_staff", cohort_id=cid, person_id=p.id, role="coach")
        for p in examiners:
            rows.add("cohort_staff", cohort_id=cid, person_id=p.id, role="examiner")
        rows.add(
            "audit_log",
            at=self.now,
            actor_id=None,
            on_behalf_of=None,
            action="cohort_seeded",
            entity="cohort",
            entity_id=cid,
            cohort_id=cid,
            old=None,
            new=_dumps({"code": code}),
        )
        first_participant = None
        for k in range(size):
            e = tpl.enrolments[(k + j + b) % len(tpl.enrolments)]
            participant = self.person("participant")
            mentor = self.person("mentor")
            if first_participant is None:
                first_participant = participant
            coach = coaches[k % COACHES_PER_BLOCK]
            exams = (examiners[k % EXAMINERS_PER_BLOCK], examiners[(k + 1) % EXAMINERS_PER_BLOCK])
            self.enrolment(
                cid, k + 1, e, dy, participant, mentor, coach, exams, coordinator, sessions, running
            )
        self.last_cohort = {
            "id": cid,
            "code": code,
            "running": running,
            "participant": first_participant,
            "coach": coaches[0],
        }
        if running:
            self.last_running = dict(self.last_cohort)
        else:
            self.last_finished = dict(self.last_cohort)

    def enrolment(
        self,
        cid,
        ndh,
        e: EnrolmentT,
        dy,
        participant,
        mentor,
        coach,
        exams,
        coordinator,
        sessions,
        running,
    ) -> None:
        rows = self.rows
        eid = rows.add(
            "enrolments",
            cohort_id=cid,
            person_id=participant.id,
            ndh=ndh,
            coach_id=coach.id,
            mentor_id=mentor.id,
            status=e.status,
            status_reason=e.status_reason,
            version=1,
        )
        for x in exams:
            rows.add("enrolment_examiners", enrolment_id=eid, person_id=x.id)
        for stage, due, reason in e.extensions:
            rows.add(
                "extensions", enrolment_id=eid, stage=stage, due=_shift(due, dy), reason=reason
            )
        for n, sid in enumerate(sessions, 1):
            rows.add("attendance", session_id=sid, enrolment_id=eid, present=n not in e.absent)
        for st in e.stages:
            reviewer = mentor.id if st.stage == "mentor_agreement" else coach.id
            rows.add(
                "stage_records",
                enrolment_id=eid,
                stage=st.stage,
                state=st.state,
                draft=e.content(st.draft, dy),
                draft_saved_at=_shift(st.draft_saved_at, dy),
                state_changed_at=_shift(st.state_changed_at, dy),
                version=1,
            )
            for v in st.versions:
                sub = rows.add(
                    "submissions",
                    enrolment_id=eid,
                    stage=st.stage,
                    number=v.number,
                    content=e.content(v.content, dy),
                    submitted_at=_shift(v.submitted_at, dy),
                    submitted_by=participant.id,
                )
                if v.review is None:
                    continue
                decision, at, behalf, comments = v.review
                at = _shift(at, dy)
                recorder = coordinator.id if behalf else reviewer
                rows.add(
                    "reviews",
                    submission_id=sub,
                    reviewer_id=reviewer,
                    recorded_by=recorder,
                    decision=decision,
                    decided_at=at,
                )
                for section, text in comments:
                    rows.add(
                        "comments",
                        submission_id=sub,
                        author_id=recorder,
                        section=section,
                        text=text,
                        created_at=at,
                    )
                rows.add(
                    "audit_log",
                    at=at,
                    actor_id=recorder,
                    on_behalf_of=reviewer if behalf else None,
                    action="stage_approve" if decision == "approved" else "stage_request_revision",
                    entity="stage_record",
                    entity_id=eid,
                    cohort_id=cid,
                    old=None,
                    new=_dumps({"state": decision, "version": v.number}),
                )
        markers = {"coach": coach.id, "mentor": mentor.id, "coordinator": coordinator.id}
        for m in e.marks:
            marker = exams[m.examiner].id if m.role == "examiner" else markers[m.role]
            at = self.now if running else _shift(datetime(2018, 12, 10, 10), dy)
            mid = rows.add(
                "marks",
                enrolment_id=eid,
                component=m.component,
                marker_id=marker,
                marker_role=m.role,
                score=m.score,
                rubric_code=m.rubric,
                rubric_version=m.rubric_version,
                recorded_by=coordinator.id if m.recorded_by_coordinator else marker,
                created_at=at,
                updated_at=at,
                version=1,
            )
            for criterion, level, score in m.criteria:
                rows.add(
                    "mark_criteria", mark_id=mid, criterion=criterion, level=level, score=score
                )


def _password_hash() -> str:
    from diklat.services.auth import hash_password

    return hash_password(PASSWORD)


def generate(n: int, path: Path, *, progress: bool = True) -> dict[str, Any]:
    """Write a fresh database with ``n`` participants to ``path`` (atomically) and its meta file."""
    from diklat.db.engine import Database
    from diklat.db.migrate import upgrade

    t0 = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    for p in (tmp, Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm")):
        p.unlink(missing_ok=True)
    db = Database.open(tmp)
    upgrade(db)
    gen = Generator(n, _password_hash())
    admin = gen.person("admin", login="admin")
    blocks = (n + COHORT_SIZE * BLOCK - 1) // (COHORT_SIZE * BLOCK)
    left = n
    with db.engine.connect() as conn:
        conn.connection.driver_connection.execute("PRAGMA synchronous=OFF")  # outside a transaction
        tx = conn.begin()
        for b in range(blocks):
            size = min(left, COHORT_SIZE * BLOCK)
            left -= size
            gen.block(b, size)
            if gen.rows.size() > 200_000:
                gen.rows.flush(conn)
            if (b + 1) % 25 == 0:  # a few big transactions rather than one enormous one
                gen.rows.flush(conn)
                tx.commit()
                tx = conn.begin()
                if progress:
                    print(
                        f"  {b + 1}/{blocks} blocks, {time.perf_counter() - t0:.0f} s",
                        file=sys.stderr,
                    )
        gen.rows.flush(conn)
        tx.commit()
    freeze_locked(db)
    db.checkpoint()
    db.dispose()
    os.replace(tmp, path)
    seconds = time.perf_counter() - t0
    running = gen.last_running if hasattr(gen, "last_running") else gen.last_cohort
    finished = getattr(gen, "last_finished", running)
    meta = {
        **gen.meta,
        "file": path.name,
        "seconds": round(seconds, 1),
        "bytes": path.stat().st_size,
        "rows": gen.rows.counts,
        "cohorts": gen.rows.counts["cohorts"],
        "admin": admin.login,
        "coordinator": gen.last_block["coordinator"].login,
        "coach": running["coach"].login,
        "participant": running["participant"].login,
        "running_cohort": {"id": running["id"], "code": running["code"]},
        "finished_cohort": {"id": finished["id"], "code": finished["code"]},
        "finished_participant": finished["participant"].login,
    }
    meta_file(path).write_text(json.dumps(meta, indent=1, default=str), encoding="utf-8")
    return meta


def freeze_locked(db) -> int:
    """Freeze the results of every locked cohort that has none (``services.graduation``), as
    locking them in the app does; returns how many cohorts were frozen."""
    from sqlalchemy import select

    from diklat.db.models import Cohort, FrozenResults
    from diklat.services.graduation import freeze_locked_cohorts

    with db.read() as s:  # the usual case: nothing to do, and no write lock taken
        todo = s.scalar(
            select(Cohort.id)
            .where(Cohort.locked_at.is_not(None), Cohort.id.not_in(select(FrozenResults.cohort_id)))
            .limit(1)
        )
    if todo is None:
        return 0
    with db.write() as s:
        return freeze_locked_cohorts(s)


def bring_up_to_date(path: Path, *, progress: bool = True) -> None:
    """A cached file made by an older checkout: migrated to the head revision and its locked
    cohorts frozen, in place (other runs may be reading it; both steps are transactions)."""
    from diklat.db.engine import Database
    from diklat.db.migrate import head_revision, stored_revision, upgrade

    db = Database.open(path)
    try:
        if stored_revision(db) != head_revision():
            if progress:
                print(f"upgrading {path}", file=sys.stderr)
            upgrade(db)
        frozen = freeze_locked(db)
        if frozen and progress:
            print(f"froze the results of {frozen} locked cohorts in {path}", file=sys.stderr)
    finally:
        db.dispose()


def ensure(
    n: int, directory: Path = DATA, *, force: bool = False, progress: bool = True
) -> tuple[Path, dict[str, Any]]:
    """The cached database for ``n`` (made if missing, brought up to date if older) and its meta data."""
    path = db_file(n, directory)
    meta = meta_file(path)
    if force or not path.exists() or not meta.exists():
        if progress:
            print(f"generating N={n} -> {path}", file=sys.stderr)
        generate(n, path, progress=progress)
    else:
        bring_up_to_date(path, progress=progress)
    return path, json.loads(meta.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[400, 4000, 40000])
    ap.add_argument("--force", action="store_true", help="regenerate even if cached")
    ap.add_argument("--out", type=Path, default=DATA)
    args = ap.parse_args(argv)
    for n in args.sizes:
        path, meta = ensure(n, args.out, force=args.force)
        print(f"N={n}: {path} ({meta['bytes'] / 1e6:.0f} MB, generated in {meta['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
