"""Who may touch what: the relations between the acting user and a participant or cohort."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from diklat.db.models import Cohort, CohortStaff, Enrolment, EnrolmentExaminer
from diklat.domain import roles
from diklat.domain.roles import Role
from diklat.services.actor import Actor
from diklat.services.errors import Forbidden, Invalid, NotFound


def relations(session: Session, actor: Actor, enrolment: Enrolment) -> frozenset[Role]:
    """Every capacity in which ``actor`` stands to this participant's enrolment."""
    pid = actor.person_id
    if pid is None:
        return roles.relations(
            None,
            is_admin=actor.is_admin,
            participant_id=None,
            coach_id=None,
            mentor_id=None,
            examines=False,
            coordinates=False,
        )
    examines = session.scalar(
        select(EnrolmentExaminer.id).where(
            EnrolmentExaminer.enrolment_id == enrolment.id, EnrolmentExaminer.person_id == pid
        )
    )
    return roles.relations(
        pid,
        is_admin=actor.is_admin,
        participant_id=enrolment.person_id,
        coach_id=enrolment.coach_id,
        mentor_id=enrolment.mentor_id,
        examines=examines is not None,
        coordinates=is_coordinator(session, actor, enrolment.cohort_id),
    )


def is_coordinator(session: Session, actor: Actor, cohort_id: int) -> bool:
    if actor.is_admin:
        return True
    if actor.person_id is None:
        return False
    return (
        session.scalar(
            select(CohortStaff.id).where(
                CohortStaff.cohort_id == cohort_id,
                CohortStaff.person_id == actor.person_id,
                CohortStaff.role == Role.COORDINATOR.value,
            )
        )
        is not None
    )


def require_coordinator(session: Session, actor: Actor, cohort_id: int) -> None:
    if not is_coordinator(session, actor, cohort_id):
        raise Forbidden("perm.not_coordinator")


def coordinated(s: Session, actor: Actor, cohort: int | str) -> Cohort:
    """The cohort (by id or code) if the actor coordinates it; NotFound or Forbidden otherwise."""
    if isinstance(cohort, str):
        row = cohort_by_code(s, cohort)
    else:
        row = s.get(Cohort, cohort)
        if row is None:
            raise NotFound("notfound.cohort", code=str(cohort))
    require_coordinator(s, actor, row.id)
    return row


def ensure_unlocked(cohort: Cohort) -> None:
    """Once a cohort is locked nothing that feeds its results may change: every writing
    service calls this."""
    if cohort.locked_at is not None:
        raise Invalid("cohort.locked", code=cohort.code)


def load_enrolment(session: Session, enrolment_id: int) -> Enrolment:
    enrolment = session.get(Enrolment, enrolment_id)
    if enrolment is None:
        raise NotFound("notfound.enrolment", id=enrolment_id)
    return enrolment


def enrolment_for(
    session: Session, actor: Actor, enrolment_id: int, allowed: frozenset[Role]
) -> tuple[Enrolment, frozenset[Role]]:
    """The enrolment and the actor's relations to it, or Forbidden if none of them is allowed."""
    enrolment = load_enrolment(session, enrolment_id)
    rel = relations(session, actor, enrolment)
    if not rel & allowed:
        raise Forbidden()
    return enrolment, rel


def cohort_by_code(session: Session, code: str) -> Cohort:
    # No code holds NUL; PostgreSQL would refuse the query itself rather than find nothing.
    cohort = None if "\x00" in code else session.scalar(select(Cohort).where(Cohort.code == code))
    if cohort is None:
        raise NotFound("notfound.cohort", code=code)
    return cohort


def visible_cohort_ids(session: Session, actor: Actor) -> list[int] | None:
    """Cohorts the actor takes part in (any role); None means all (admin)."""
    if actor.is_admin:
        return None
    pid = actor.person_id
    staff = select(CohortStaff.cohort_id).where(CohortStaff.person_id == pid)
    enrolled = select(Enrolment.cohort_id).where(
        (Enrolment.person_id == pid) | (Enrolment.coach_id == pid) | (Enrolment.mentor_id == pid)
    )
    examining = (
        select(Enrolment.cohort_id)
        .join(EnrolmentExaminer, EnrolmentExaminer.enrolment_id == Enrolment.id)
        .where(EnrolmentExaminer.person_id == pid)
    )
    return list(session.scalars(staff.union(enrolled, examining)))
