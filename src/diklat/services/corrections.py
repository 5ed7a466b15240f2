"""Corrections of a participant's own details: the name, jabatan and instansi printed on
every cover and list. The participant asks (the new value and why); a coordinator of a
cohort they are enrolled in (or an administrator) approves or refuses. Approving changes
the person in the same transaction; the request stays as the record of who asked, who
decided and when, and both steps are audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from diklat.db.engine import Database
from diklat.db.models import DetailCorrection, Enrolment, Person, utcnow
from diklat.domain.roles import Role
from diklat.domain.text import clean, clean_line
from diklat.services import audit
from diklat.services.access import coordinated, is_coordinator
from diklat.services.actor import Actor
from diklat.services.errors import Forbidden, Invalid, NotFound

FIELDS = ("name", "jabatan", "instansi")
LIMITS = {"name": 200, "jabatan": 300, "instansi": 300}
MAX_REASON = 2000
PENDING, APPROVED, REFUSED = "pending", "approved", "refused"


@dataclass(frozen=True)
class Correction:
    id: int
    person_id: int
    person_name: str
    field: str
    old_value: str
    new_value: str
    reason: str
    state: str
    created_at: datetime
    decided_by: str
    decided_at: datetime | None
    note: str


@dataclass(frozen=True)
class MyDetails:
    name: str
    jabatan: str
    instansi: str
    requests: list[Correction]  # newest first

    @property
    def pending(self) -> list[Correction]:
        return [r for r in self.requests if r.state == PENDING]


def _rows(s: Session, *where) -> list[Correction]:
    decider = aliased(Person, name="decider")
    rows = s.execute(
        select(DetailCorrection, Person.name, decider.name)
        .join(Person, Person.id == DetailCorrection.person_id)
        .outerjoin(decider, decider.id == DetailCorrection.decided_by)
        .where(*where)
        .order_by(DetailCorrection.created_at.desc(), DetailCorrection.id.desc())
    )
    return [
        Correction(
            r.id,
            r.person_id,
            name,
            r.field,
            r.old_value,
            r.new_value,
            r.reason,
            r.state,
            r.created_at,
            by or "",
            r.decided_at,
            r.note,
        )
        for r, name, by in rows
    ]


def _own_person(actor: Actor) -> int:
    if actor.person_id is None or actor.role is not Role.PARTICIPANT:
        raise Forbidden("correction.participants_only")
    return actor.person_id


def my_details(db: Database, actor: Actor) -> MyDetails:
    """The participant's current name, jabatan and instansi and their requests."""
    pid = _own_person(actor)
    with db.read() as s:
        person = s.get(Person, pid)
        if person is None:
            raise Forbidden("correction.participants_only")
        return MyDetails(
            person.name,
            person.jabatan,
            person.instansi,
            _rows(s, DetailCorrection.person_id == pid),
        )


def request_correction(
    db: Database, actor: Actor, field: str, value: str, reason: str
) -> Correction:
    """Ask for one of one's own details to be corrected. One pending request per field:
    a second waits for the first to be decided."""
    pid = _own_person(actor)
    if field not in FIELDS:
        raise Invalid("correction.bad_field", field=field, fields=", ".join(FIELDS))
    value = " ".join(clean_line(value or "").split())
    reason = clean(reason or "").strip()
    if not value:
        raise Invalid("correction.value_empty")
    if len(value) > LIMITS[field]:
        raise Invalid("correction.value_too_long", max=LIMITS[field])
    if not reason:
        raise Invalid("correction.reason_empty")
    if len(reason) > MAX_REASON:
        raise Invalid("correction.reason_too_long", max=MAX_REASON)
    with db.write() as s:
        person = s.get(Person, pid)
        if person is None:
            raise Forbidden("correction.participants_only")
        current = getattr(person, field)
        if value == current:
            raise Invalid("correction.unchanged")
        waiting = s.scalar(
            select(DetailCorrection.id).where(
                DetailCorrection.person_id == pid,
                DetailCorrection.field == field,
                DetailCorrection.state == PENDING,
            )
        )
        if waiting is not None:
            raise Invalid("correction.already_pending")
        row = DetailCorrection(
            person_id=pid,
            field=field,
            old_value=current,
            new_value=value,
            reason=reason,
            state=PENDING,
            note="",
        )
        s.add(row)
        s.flush()
        audit.record(
            s,
            actor,
            "correction_request",
            "detail_correction",
            row.id,
            old={field: current},
            new={field: value, "reason": reason},
        )
        s.flush()
        return _rows(s, DetailCorrection.id == row.id)[0]


def pending_corrections(db: Database, actor: Actor, cohort_code: str) -> list[Correction]:
    """The requests waiting for a decision from the participants of a cohort the actor
    coordinates, oldest first."""
    with db.read() as s:
        cohort = coordinated(s, actor, cohort_code)
        enrolled = select(Enrolment.person_id).where(Enrolment.cohort_id == cohort.id)
        rows = _rows(s, DetailCorrection.state == PENDING, DetailCorrection.person_id.in_(enrolled))
        return rows[::-1]


def _deciding_cohort(s: Session, actor: Actor, person_id: int) -> int | None:
    """A cohort of the person's that the actor coordinates (for the audit log), or
    Forbidden when there is none and the actor is no administrator."""
    cohorts = list(
        s.scalars(
            select(Enrolment.cohort_id)
            .where(Enrolment.person_id == person_id)
            .order_by(Enrolment.cohort_id)
        )
    )
    for cohort_id in cohorts:
        if is_coordinator(s, actor, cohort_id):
            return cohort_id
    if actor.is_admin:
        return None
    raise Forbidden("perm.not_coordinator")


def decide_correction(
    db: Database, actor: Actor, request_id: int, approve: bool, note: str = ""
) -> Correction:
    """Approve (the person's detail becomes the value asked for) or refuse a pending
    request; one transaction, audited."""
    note = clean(note or "").strip()
    if len(note) > MAX_REASON:
        raise Invalid("correction.reason_too_long", max=MAX_REASON)
    with db.write() as s:
        row = s.get(DetailCorrection, request_id)
        if row is None:
            raise NotFound("correction.not_found", id=request_id)
        cohort_id = _deciding_cohort(s, actor, row.person_id)
        if row.state != PENDING:
            raise Invalid("correction.already_decided")
        person = s.get(Person, row.person_id)
        assert person is not None  # the request cascades with the person
        before = getattr(person, row.field)
        row.state = APPROVED if approve else REFUSED
        row.decided_by = actor.person_id
        row.decided_at = utcnow()
        row.note = note
        if approve:
            setattr(person, row.field, row.new_value)
        audit.record(
            s,
            actor,
            "correction_approve" if approve else "correction_refuse",
            "detail_correction",
            row.id,
            cohort_id=cohort_id,
            old={row.field: before, "state": PENDING},
            new={
                row.field: row.new_value if approve else before,
                "state": row.state,
                "person_id": row.person_id,
                "note": note,
            },
        )
        s.flush()
        return _rows(s, DetailCorrection.id == row.id)[0]
