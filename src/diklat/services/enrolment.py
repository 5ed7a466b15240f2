"""Enrolling participants from the coordinator's spreadsheet (io.participants_import).

``plan_participants`` checks the parsed rows against the database and says what
an import would do, row by row, without writing; ``import_participants`` does the
same checks again inside one write transaction and applies them — all or nothing.

- A person is found by NIP (or NRP); an existing person is updated with the
  file's values (never duplicated); a new person is created with a participant
  account and a one-time password, kept on the account until the first log-in so
  that ``diklat export slips`` can print it.
- The NDH comes from the file or, when the column is empty, stays as it is for
  someone already enrolled and is the next free number for someone new. An NDH
  that another participant of the cohort keeps is a problem of that row.
- Nothing changes in a locked cohort.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from diklat.db.engine import Database
from diklat.db.models import Account, Enrolment, Person
from diklat.domain.roles import Role
from diklat.i18n import t
from diklat.io.participants_import import ParticipantRow
from diklat.io.tabular import ImportInvalid, Problem
from diklat.services import audit
from diklat.services.actor import Actor
from diklat.services.auth import one_time_password
from diklat.services.cohort_admin import coordinated, ensure_unlocked

Progress = Callable[[int, int], None]


def _otp_hash(otp: str) -> str:
    """Argon2id with light parameters, for one-time passwords only.

    A one-time password is random (about 49 bits), kept in clear on the account until
    the first log-in (for the slips) and must be replaced at that log-in, so a costly
    hash protects nothing here; the default parameters would make enrolling 40 people
    take half a minute on a small machine. The log-in rehashes with the default
    parameters (argon2's check_needs_rehash) and the forced change replaces it anyway.
    """
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(otp)

NEW_PERSON, UPDATE_PERSON, SAME_PERSON = "new", "update", "same"
NEW_ENROLMENT, UPDATE_ENROLMENT, SAME_ENROLMENT = "enrol", "update", "same"


@dataclass(frozen=True)
class PlannedRow:
    row: int
    ident: str
    name: str
    ndh: int
    person: str  # new / update / same
    enrolment: str  # enrol / update / same
    changes: tuple[str, ...] = ()  # the person's fields that change


@dataclass
class ImportPlan:
    cohort_code: str
    cohort_name: str
    rows: list[PlannedRow] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    def count(self, attr: str, value: str) -> int:
        return sum(1 for r in self.rows if getattr(r, attr) == value)

    @property
    def new_people(self) -> int:
        return self.count("person", NEW_PERSON)

    @property
    def updated_people(self) -> int:
        return self.count("person", UPDATE_PERSON)

    @property
    def new_enrolments(self) -> int:
        return self.count("enrolment", NEW_ENROLMENT)

    @property
    def changed_enrolments(self) -> int:
        return self.count("enrolment", UPDATE_ENROLMENT)

    @property
    def accounts(self) -> int:
        return self.new_people


_PERSON_FIELDS = (("nama", "name"), ("pangkat_golongan", "pangkat_golongan"), ("jabatan", "jabatan"),
                  ("instansi", "instansi"), ("email", "email"))


def _plan(s: Session, cohort_id: int, rows: Sequence[ParticipantRow]) -> tuple[list[PlannedRow], dict[int, Person], list[Problem]]:
    """What the import would do and the existing person of each row (by row number)."""
    nips = [r.nip for r in rows if r.nip]
    nrps = [r.nrp for r in rows if r.nrp]
    people: dict[str, Person] = {}
    if nips or nrps:
        for p in s.scalars(select(Person).where(or_(Person.nip.in_(nips), Person.nrp.in_(nrps)))):
            if p.nip:
                people[p.nip] = p
            if p.nrp:
                people[p.nrp] = p
    enrolments = {e.person_id: e for e in s.scalars(select(Enrolment).where(Enrolment.cohort_id == cohort_id))}
    problems: list[Problem] = []
    touched: set[int] = set()
    for r in rows:
        p = people.get(r.nip) if r.nip else people.get(r.nrp)
        if p is not None:
            touched.add(p.id)
    # NDHs kept by participants the file does not mention (or mentions without an NDH).
    final_ndh: dict[int, int] = {}
    taken: dict[int, str] = {}
    for pid, e in enrolments.items():
        if pid not in touched:
            taken[e.ndh] = "keep"
    file_ndh = {r.ndh for r in rows if r.ndh is not None}
    for r in rows:
        p = people.get(r.nip) if r.nip else people.get(r.nrp)
        if r.ndh is None and p is not None and p.id in enrolments:
            ndh = enrolments[p.id].ndh
            if ndh in file_ndh:
                # Someone else in the file takes this NDH; this row would need a new one.
                continue
            taken[ndh] = "keep"
            final_ndh[r.row] = ndh
    for r in rows:
        if r.ndh is not None:
            if r.ndh in taken:
                other = next((e for pid, e in enrolments.items() if e.ndh == r.ndh), None)
                name = other.person.name if other is not None else "?"
                problems.append(Problem(r.row, "ndh", t("io.ndh_taken", ndh=r.ndh, name=name)))
                continue
            taken[r.ndh] = "file"
            final_ndh[r.row] = r.ndh
    next_ndh = max([*taken, 0]) + 1
    for r in rows:
        if r.row not in final_ndh:
            while next_ndh in taken:
                next_ndh += 1
            final_ndh[r.row] = next_ndh
            taken[next_ndh] = "new"
    planned: list[PlannedRow] = []
    row_person: dict[int, Person] = {}
    for r in rows:
        p = people.get(r.nip) if r.nip else people.get(r.nrp)
        if p is not None and r.nip and r.nrp and p.nrp and p.nrp != r.nrp:
            problems.append(Problem(r.row, "nrp", t("io.nrp_differs", nrp=p.nrp)))
        if p is None:
            person_action, changes = NEW_PERSON, ()
        else:
            row_person[r.row] = p
            changes = tuple(
                col for col, attr in _PERSON_FIELDS
                if getattr(r, col) is not None and getattr(r, col) != getattr(p, attr)
            )
            person_action = UPDATE_PERSON if changes else SAME_PERSON
        e = enrolments.get(p.id) if p is not None else None
        if e is None:
            action = NEW_ENROLMENT
        else:
            action = UPDATE_ENROLMENT if e.ndh != final_ndh[r.row] else SAME_ENROLMENT
        planned.append(PlannedRow(r.row, r.ident, r.nama, final_ndh[r.row], person_action, action, changes))
    return planned, row_person, problems


def plan_participants(db: Database, actor: Actor, cohort_code: str, rows: Sequence[ParticipantRow],
                      unknown_columns: Sequence[str] = ()) -> ImportPlan:
    """What importing ``rows`` would do; ImportInvalid if a row clashes with the database."""
    with db.read() as s:
        cohort = coordinated(s, actor, cohort_code)
        ensure_unlocked(cohort)
        planned, _, problems = _plan(s, cohort.id, rows)
        if problems:
            raise ImportInvalid(problems)
        return ImportPlan(cohort.code, cohort.name, planned, list(unknown_columns))


@dataclass(frozen=True)
class ImportReport:
    plan: ImportPlan
    accounts: int


def import_participants(db: Database, actor: Actor, cohort_code: str, rows: Sequence[ParticipantRow],
                        unknown_columns: Sequence[str] = (), *, progress: Progress | None = None) -> ImportReport:
    """Enrol ``rows`` in one transaction (see the module notes); ImportInvalid writes nothing."""
    with db.read() as s:
        cohort = coordinated(s, actor, cohort_code)
        ensure_unlocked(cohort)
        planned, _, problems = _plan(s, cohort.id, rows)
        if problems:
            raise ImportInvalid(problems)
    # Hashing is the slow part (Argon2id, on purpose): do it before taking the write lock.
    new_rows = [p.row for p in planned if p.person == NEW_PERSON]
    passwords: dict[int, tuple[str, str]] = {}
    total = len(rows) + len(new_rows)
    done = 0
    for number in new_rows:
        otp = one_time_password()
        passwords[number] = (otp, _otp_hash(otp))
        done += 1
        if progress:
            progress(done, total)
    with db.write() as s:
        cohort = coordinated(s, actor, cohort_code)
        ensure_unlocked(cohort)
        planned, people, problems = _plan(s, cohort.id, rows)
        if problems:
            raise ImportInvalid(problems)
        by_row = {p.row: p for p in planned}
        enrolments = {e.person_id: e for e in s.scalars(select(Enrolment).where(Enrolment.cohort_id == cohort.id))}
        # NDHs that move are parked on negative numbers first, so that two participants
        # may swap theirs without tripping the cohort's unique NDH.
        moving = []
        for r in rows:
            p = people.get(r.row)
            e = enrolments.get(p.id) if p is not None else None
            if e is not None and e.ndh != by_row[r.row].ndh:
                moving.append(e)
        before_ndh = {e.id: e.ndh for e in moving}
        for i, e in enumerate(moving, 1):
            e.ndh = -i
        s.flush()
        accounts = 0
        logins = _taken_logins(s, [r.ident for r in rows])
        for r in rows:
            plan = by_row[r.row]
            person = people.get(r.row)
            old = None
            if person is None:
                person = Person(nip=r.nip, nrp=r.nrp, name=r.nama)
                s.add(person)
            else:
                old = {attr: getattr(person, attr) for _, attr in _PERSON_FIELDS}
            for col, attr in _PERSON_FIELDS:
                value = getattr(r, col)
                if value is not None:
                    setattr(person, attr, value)
            if r.nrp and not person.nrp:
                person.nrp = r.nrp
            s.flush()
            if plan.person == NEW_PERSON or s.scalar(select(Account.id).where(Account.person_id == person.id)) is None:
                login = r.ident
                if login in logins:
                    raise ImportInvalid([Problem(r.row, "nip", t("io.login_taken", login=login))])
                otp, hashed = passwords.get(r.row) or _fresh()
                s.add(Account(person_id=person.id, login=login, role=Role.PARTICIPANT.value, password_hash=hashed,
                              must_change_password=True, one_time_password=otp))
                logins.add(login)
                accounts += 1
            if plan.person == UPDATE_PERSON:
                audit.record(s, actor, "person_updated", "person", person.id, cohort_id=cohort.id, old=old,
                             new={attr: getattr(person, attr) for _, attr in _PERSON_FIELDS})
            e = enrolments.get(person.id)
            if e is None:
                e = Enrolment(cohort_id=cohort.id, person_id=person.id, ndh=plan.ndh)
                s.add(e)
                s.flush()
                audit.record(s, actor, "enrolled", "enrolment", e.id, cohort_id=cohort.id,
                             new={"person_id": person.id, "ndh": plan.ndh, "row": r.row})
            elif e.ndh != plan.ndh:
                e.ndh = plan.ndh
                audit.record(s, actor, "ndh_changed", "enrolment", e.id, cohort_id=cohort.id,
                             old={"ndh": before_ndh.get(e.id)}, new={"ndh": plan.ndh})
            done += 1
            if progress:
                progress(done, total)
        s.flush()
        audit.record(s, actor, "participants_imported", "cohort", cohort.id, cohort_id=cohort.id,
                     new={"rows": len(rows), "new_people": sum(1 for p in planned if p.person == NEW_PERSON),
                          "accounts": accounts})
        return ImportReport(ImportPlan(cohort.code, cohort.name, planned, list(unknown_columns)), accounts)


def _taken_logins(s: Session, idents: list[str]) -> set[str]:
    return set(s.scalars(select(Account.login).where(Account.login.in_(idents)))) if idents else set()


def _fresh() -> tuple[str, str]:
    otp = one_time_password()
    return otp, _otp_hash(otp)

