"""A cohort's coordinators (co-coordinators): listed, added and removed by those who
coordinate it (or an administrator). Adding is ``cohorts.add_staff`` with the
coordinator's role, as ``diklat cohort staff``; removing keeps at least one
coordinator, so that the cohort is never left without someone who may run it, and
nobody removes themselves (another coordinator, or an administrator, does that)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from diklat.db.engine import Database
from diklat.db.models import Account, CohortStaff, Person
from diklat.domain.roles import Role
from diklat.services import audit
from diklat.services.access import coordinated
from diklat.services.actor import Actor
from diklat.services.cohorts import add_staff
from diklat.services.errors import Invalid, NotFound


@dataclass(frozen=True)
class Coordinator:
    person_id: int
    name: str
    login: str
    nip: str


def coordinators(db: Database, actor: Actor, code: str) -> list[Coordinator]:
    with db.read() as s:
        cohort = coordinated(s, actor, code)
        rows = s.execute(
            select(Person.id, Person.name, func.min(Account.login), Person.nip)
            .join(CohortStaff, CohortStaff.person_id == Person.id)
            .outerjoin(Account, Account.person_id == Person.id)
            .where(CohortStaff.cohort_id == cohort.id, CohortStaff.role == Role.COORDINATOR.value)
            .group_by(Person.id, Person.name, Person.nip)
            .order_by(Person.name)
        ).all()
        return [Coordinator(pid, name, login or "", nip or "") for pid, name, login, nip in rows]


def add_coordinator(db: Database, actor: Actor, code: str, login: str) -> list[Coordinator]:
    add_staff(db, actor, code, login.strip(), Role.COORDINATOR)
    return coordinators(db, actor, code)


def remove_coordinator(db: Database, actor: Actor, code: str, person_id: int) -> list[Coordinator]:
    with db.write() as s:
        cohort = coordinated(s, actor, code)
        rows = list(
            s.scalars(
                select(CohortStaff).where(
                    CohortStaff.cohort_id == cohort.id,
                    CohortStaff.role == Role.COORDINATOR.value,
                )
            )
        )
        row = next((r for r in rows if r.person_id == person_id), None)
        if row is None:
            raise NotFound("coordinators.not_one", code=cohort.code)
        if len(rows) == 1:
            raise Invalid("coordinators.last", code=cohort.code)
        if person_id == actor.person_id:
            raise Invalid("coordinators.self", code=cohort.code)
        s.delete(row)
        s.flush()
        audit.record(
            s,
            actor,
            "staff_removed",
            "cohort",
            cohort.id,
            cohort_id=cohort.id,
            old={"person": person_id, "role": Role.COORDINATOR.value},
        )
    return coordinators(db, actor, code)
