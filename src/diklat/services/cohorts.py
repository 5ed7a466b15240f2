"""Creating, listing and showing cohorts (angkatan)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from diklat.db.engine import Database
from diklat.db.models import (
    Cohort,
    CohortStaff,
    Deadline,
    Enrolment,
    Institution,
    Person,
    StageRecord,
)
from diklat.domain.roles import STAFF_ROLES, Role
from diklat.domain.rules import RuleSet, default_ruleset
from diklat.domain.text import clean_line
from diklat.domain.workflow import STAGES, Stage, State
from diklat.services import audit
from diklat.services.access import cohort_by_code, visible_cohort_ids
from diklat.services.actor import Actor
from diklat.services.errors import Forbidden, Invalid

MAX_CODE = 40


@dataclass(frozen=True)
class CohortSummary:
    id: int
    code: str
    name: str
    program_name: str
    project_term: str
    start_date: date
    end_date: date
    status: str
    institution: str
    participants: int
    locked: bool = False  # marks and stages frozen (a closed cohort is always locked)


@dataclass(frozen=True)
class StaffMember:
    name: str
    login: str | None
    role: Role


@dataclass(frozen=True)
class CohortDetail:
    summary: CohortSummary
    angkatan: str
    year: int | None
    rules: RuleSet
    deadlines: dict[Stage, date]
    staff: list[StaffMember]
    # stage -> state -> number of participants (NOT_STARTED included)
    stage_counts: dict[Stage, dict[State, int]] = field(default_factory=dict)
    results_released: bool = False
    locked: bool = False


def create_cohort(
    db: Database,
    actor: Actor,
    *,
    code: str,
    name: str,
    start: date,
    end: date,
    program_name: str = "Diklatpim IV",
    project_term: str = "proyek perubahan",
    angkatan: str = "",
    institution_code: str | None = None,
    rules: RuleSet | None = None,
) -> CohortSummary:
    if not (actor.is_admin or actor.role is Role.COORDINATOR):
        raise Forbidden()
    # Cleaned before the checks (a code's uniqueness is checked as it will be stored).
    code = clean_line(code).strip()
    name = clean_line(name).strip()
    if not code or len(code) > MAX_CODE or any(c.isspace() for c in code):
        raise Invalid("cohort.bad_code", code=code, max=MAX_CODE)
    if not name:
        raise Invalid("cohort.name_empty")
    if end < start:
        raise Invalid("cohort.end_before_start", start=start.isoformat(), end=end.isoformat())
    with db.write() as s:
        if s.scalar(select(Cohort.id).where(Cohort.code == code)):
            raise Invalid("cohort.exists", code=code)
        institution = None
        if institution_code:
            institution = s.scalar(select(Institution).where(Institution.code == institution_code))
            if institution is None:
                raise Invalid("cohort.unknown_institution", code=institution_code)
        cohort = Cohort(
            code=code,
            name=name,
            program_name=program_name,
            project_term=project_term,
            angkatan=angkatan,
            year=start.year,
            start_date=start,
            end_date=end,
            institution_id=institution.id if institution else None,
            rules=(rules or default_ruleset()).model_dump(mode="json"),
        )
        s.add(cohort)
        s.flush()
        if actor.person_id is not None:
            # Whoever creates a cohort coordinates it.
            s.add(
                CohortStaff(
                    cohort_id=cohort.id, person_id=actor.person_id, role=Role.COORDINATOR.value
                )
            )
        audit.record(
            s,
            actor,
            "cohort_created",
            "cohort",
            cohort.id,
            cohort_id=cohort.id,
            new={"code": code, "name": name},
        )
        return _summaries(s, [cohort])[0]


def list_cohorts(db: Database, actor: Actor) -> list[CohortSummary]:
    with db.read() as s:
        q = select(Cohort).order_by(Cohort.start_date.desc(), Cohort.code)
        ids = visible_cohort_ids(s, actor)
        if ids is not None:
            q = q.where(Cohort.id.in_(ids))
        return _summaries(s, list(s.scalars(q)))


def _summaries(s: Session, cohorts: list[Cohort]) -> list[CohortSummary]:
    ids = [c.id for c in cohorts]
    counts = dict(
        s.execute(
            select(Enrolment.cohort_id, func.count())
            .where(Enrolment.cohort_id.in_(ids))
            .group_by(Enrolment.cohort_id)
        ).all()
    )
    inst_ids = {c.institution_id for c in cohorts if c.institution_id}
    names = dict(
        s.execute(
            select(Institution.id, Institution.name).where(Institution.id.in_(inst_ids))
        ).all()
    )
    return [
        CohortSummary(
            id=c.id,
            code=c.code,
            name=c.name,
            program_name=c.program_name,
            project_term=c.project_term,
            start_date=c.start_date,
            end_date=c.end_date,
            status=c.status,
            institution=names.get(c.institution_id, ""),
            participants=counts.get(c.id, 0),
            locked=c.locked_at is not None,
        )
        for c in cohorts
    ]


def stage_counts(s: Session, cohort_ids: list[int]) -> dict[int, dict[Stage, dict[State, int]]]:
    """Per cohort, per stage, how many participants stand in each state (one query)."""
    rows = s.execute(
        select(Enrolment.cohort_id, StageRecord.stage, StageRecord.state, func.count())
        .join(StageRecord, StageRecord.enrolment_id == Enrolment.id)
        .where(Enrolment.cohort_id.in_(cohort_ids))
        .group_by(Enrolment.cohort_id, StageRecord.stage, StageRecord.state)
    ).all()
    totals = dict(
        s.execute(
            select(Enrolment.cohort_id, func.count())
            .where(Enrolment.cohort_id.in_(cohort_ids))
            .group_by(Enrolment.cohort_id)
        ).all()
    )
    out = {cid: {st: {state: 0 for state in State} for st in STAGES} for cid in cohort_ids}
    for cid, stage, state, n in rows:
        out[cid][Stage(stage)][State(state)] += n
    for cid in cohort_ids:
        for st in STAGES:
            started = sum(out[cid][st].values())
            out[cid][st][State.NOT_STARTED] += totals.get(cid, 0) - started
    return out


def show_cohort(db: Database, actor: Actor, code: str) -> CohortDetail:
    with db.read() as s:
        cohort = cohort_by_code(s, code)
        ids = visible_cohort_ids(s, actor)
        if ids is not None and cohort.id not in ids:
            raise Forbidden()
        deadlines = {
            Stage(d.stage): d.due
            for d in s.scalars(select(Deadline).where(Deadline.cohort_id == cohort.id))
        }
        staff_rows = s.execute(
            select(Person.name, CohortStaff.role, Person.nip)
            .join(Person, Person.id == CohortStaff.person_id)
            .where(CohortStaff.cohort_id == cohort.id)
            .order_by(CohortStaff.role, Person.name)
        ).all()
        return CohortDetail(
            summary=_summaries(s, [cohort])[0],
            angkatan=cohort.angkatan,
            year=cohort.year,
            rules=RuleSet.model_validate(cohort.rules),
            deadlines=deadlines,
            staff=[StaffMember(name=n, login=nip, role=Role(r)) for n, r, nip in staff_rows],
            stage_counts=stage_counts(s, [cohort.id])[cohort.id],
            results_released=cohort.results_released_at is not None,
            locked=cohort.locked_at is not None,
        )


def add_staff(db: Database, actor: Actor, code: str, login: str, role: Role) -> StaffMember:
    """Give someone a role in a cohort (e.g. its coordinator); admins and the cohort's coordinators may."""
    from diklat.db.models import Account
    from diklat.services.access import require_coordinator
    from diklat.services.auth import normalise_login

    if role not in STAFF_ROLES:
        raise Invalid("cohort.bad_staff_role", role=role.value)
    with db.write() as s:
        cohort = cohort_by_code(s, code)
        require_coordinator(s, actor, cohort.id)
        row = s.execute(
            select(Person.id, Person.name, Account.login)
            .join(Account, Account.person_id == Person.id)
            .where(Account.login == normalise_login(login))
        ).first()
        if row is None:
            from diklat.services.errors import NotFound

            raise NotFound("notfound.account", login=login)
        exists = s.scalar(
            select(CohortStaff.id).where(
                CohortStaff.cohort_id == cohort.id,
                CohortStaff.person_id == row.id,
                CohortStaff.role == role.value,
            )
        )
        if exists is None:
            s.add(CohortStaff(cohort_id=cohort.id, person_id=row.id, role=role.value))
            audit.record(
                s,
                actor,
                "staff_added",
                "cohort",
                cohort.id,
                cohort_id=cohort.id,
                new={"person": row.id, "role": role.value},
            )
        return StaffMember(name=row.name, login=row.login, role=role)
