"""The data behind the coordinator's exports, as plain values (the io/ writers turn
them into files): the marks recap, the offline marking worksheet and the log-in
slips. Each is read in a fixed number of queries whatever the cohort size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from diklat.db.engine import Database
from diklat.db.models import (
    Account,
    CohortStaff,
    Enrolment,
    EnrolmentExaminer,
    Mark,
    MarkCriterion,
    Moderation,
    Person,
)
from diklat.domain.roles import Role
from diklat.domain.rubric import Rubric
from diklat.domain.rules import RuleSet
from diklat.services import audit, rubrics
from diklat.services.access import coordinated
from diklat.services.actor import Actor
from diklat.services.graduation import CohortResults, results_of

T = TypeVar("T")

TWO = Decimal("0.01")


def _idents(s: Session, ids: set[int]) -> dict[int, tuple[str, str]]:
    """person id -> (name, NIP/NRP/log-in)."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    rows = s.execute(
        select(Person.id, Person.name, Person.nip, Person.nrp, Account.login)
        .outerjoin(Account, Account.person_id == Person.id)
        .where(Person.id.in_(ids))
    )
    return {pid: (name, nip or nrp or login or "") for pid, name, nip, nrp, login in rows}


# --- the marks recap --------------------------------------------------------------------------


@dataclass(frozen=True)
class RecapMark:
    ndh: int
    nip: str
    participant: str
    component: str
    component_label: str
    marker: str
    marker_ident: str
    role: str
    score: Decimal
    rubric: str
    criteria: str
    recorded_by: str
    updated_at: datetime
    settled: Decimal | None  # the coordinator's settlement of this component, if any


@dataclass(frozen=True)
class Recap:
    results: CohortResults
    marks: list[RecapMark]


def recap(db: Database, actor: Actor, cohort: int | str) -> Recap:
    with db.read() as s:
        row = coordinated(s, actor, cohort)
        results = results_of(s, row)
        rules = results.rules
        labels = {c.code: c.text() for c in rules.components}
        order = {c.code: i for i, c in enumerate(rules.components)}
        marks = list(
            s.execute(
                select(Mark, Enrolment.ndh, Person.name, Person.nip, Person.nrp)
                .join(Enrolment, Enrolment.id == Mark.enrolment_id)
                .join(Person, Person.id == Enrolment.person_id)
                .where(Enrolment.cohort_id == row.id)
            )
        )
        criteria: dict[int, list[MarkCriterion]] = {}
        mods: dict[tuple[int, str], Decimal] = {}
        if marks:
            for c in s.scalars(
                select(MarkCriterion)
                .join(Mark, Mark.id == MarkCriterion.mark_id)
                .join(Enrolment, Enrolment.id == Mark.enrolment_id)
                .where(Enrolment.cohort_id == row.id)
                .order_by(MarkCriterion.id)
            ):
                criteria.setdefault(c.mark_id, []).append(c)
            for eid, comp, score in s.execute(
                select(Moderation.enrolment_id, Moderation.component, Moderation.score)
                .join(Enrolment, Enrolment.id == Moderation.enrolment_id)
                .where(Enrolment.cohort_id == row.id)
            ):
                mods[(eid, comp)] = Decimal(score).quantize(TWO)
        people = _idents(s, {m.marker_id for m, *_ in marks} | {m.recorded_by for m, *_ in marks})
        out = []
        for m, ndh, name, nip, nrp in marks:
            marker_name, marker_ident = people.get(m.marker_id, ("", ""))
            out.append(
                RecapMark(
                    ndh,
                    nip or nrp or "",
                    name,
                    m.component,
                    labels.get(m.component, m.component),
                    marker_name,
                    marker_ident,
                    m.marker_role,
                    Decimal(m.score).quantize(TWO),
                    f"{m.rubric_code} v{m.rubric_version}" if m.rubric_code else "",
                    "; ".join(
                        f"{c.criterion}={Decimal(c.score).quantize(TWO)}"
                        + (f" ({c.level})" if c.level else "")
                        for c in criteria.get(m.id, [])
                    ),
                    people.get(m.recorded_by, ("", ""))[0] if m.recorded_by != m.marker_id else "",
                    m.updated_at,
                    mods.get((m.enrolment_id, m.component)),
                )
            )
        roles = list(Role)
        out.sort(
            key=lambda r: (r.ndh, order.get(r.component, 99), roles.index(Role(r.role)), r.marker)
        )
        return Recap(results, out)


# --- the offline marking worksheet ---------------------------------------------------------------


@dataclass(frozen=True)
class WorksheetLine:
    ndh: int
    nip: str
    participant: str
    marker_ident: str
    marker: str
    role: str
    score: Decimal | None
    criteria: dict[str, Decimal] = field(default_factory=dict)
    rubric: str = ""  # "code v1" of the saved mark
    version: int | None = None


@dataclass(frozen=True)
class Worksheet:
    cohort_code: str
    cohort_name: str
    component: str
    component_label: str
    rubric: Rubric | None  # the current rubric for this component
    lines: list[WorksheetLine]
    frozen: bool


def worksheet(db: Database, actor: Actor, cohort: int | str, component: str) -> Worksheet:
    """One line per participant and marker of ``component``: the assigned coach, mentor
    and examiners whose role the rule set names, and coordinators (who have marked, and
    the one exporting). Saved marks are filled in, with their version."""
    with db.read() as s:
        row = coordinated(s, actor, cohort)
        rules = RuleSet.model_validate(row.rules)
        comp = rules.component(component)
        roles = set(comp.marker_roles)
        enrolments = list(
            s.execute(
                select(Enrolment, Person.name, Person.nip, Person.nrp)
                .join(Person, Person.id == Enrolment.person_id)
                .where(Enrolment.cohort_id == row.id, Enrolment.status == "active")
                .order_by(Enrolment.ndh)
            )
        )
        ids = [e.id for e, *_ in enrolments]
        examiners: dict[int, list[int]] = {}
        marks: dict[tuple[int, int], Mark] = {}
        criteria: dict[int, dict[str, Decimal]] = {}
        if ids:
            for eid, pid in s.execute(
                select(EnrolmentExaminer.enrolment_id, EnrolmentExaminer.person_id)
                .where(EnrolmentExaminer.enrolment_id.in_(ids))
                .order_by(EnrolmentExaminer.id)
            ):
                examiners.setdefault(eid, []).append(pid)
            for m in s.scalars(
                select(Mark).where(Mark.enrolment_id.in_(ids), Mark.component == component)
            ):
                marks[(m.enrolment_id, m.marker_id)] = m
            mark_ids = [m.id for m in marks.values()]
            if mark_ids:
                for c in s.scalars(
                    select(MarkCriterion).where(MarkCriterion.mark_id.in_(mark_ids))
                ):
                    criteria.setdefault(c.mark_id, {})[c.criterion] = Decimal(c.score).quantize(TWO)
        coordinators: list[int] = []
        if Role.COORDINATOR in roles:
            coordinators = list(
                s.scalars(
                    select(CohortStaff.person_id).where(
                        CohortStaff.cohort_id == row.id, CohortStaff.role == Role.COORDINATOR.value
                    )
                )
            )
        people = _idents(
            s,
            {e.coach_id for e, *_ in enrolments}
            | {e.mentor_id for e, *_ in enrolments}
            | {p for ps in examiners.values() for p in ps}
            | {pid for _, pid in marks}
            | set(coordinators)
            | ({actor.person_id} if actor.person_id else set()),
        )
        lines = []
        for e, name, nip, nrp in enrolments:
            slots: list[tuple[int, Role]] = []
            for role in comp.marker_roles:
                if role is Role.COACH and e.coach_id:
                    slots.append((e.coach_id, role))
                elif role is Role.MENTOR and e.mentor_id:
                    slots.append((e.mentor_id, role))
                elif role is Role.EXAMINER:
                    slots.extend((pid, role) for pid in examiners.get(e.id, []))
                elif role is Role.COORDINATOR:
                    marked = [
                        pid
                        for (eid, pid), m in marks.items()
                        if eid == e.id and m.marker_role == role.value
                    ]
                    me = [actor.person_id] if actor.person_id in coordinators else []
                    slots.extend((pid, role) for pid in dict.fromkeys([*marked, *me]))
            seen = set()
            for pid, role in slots:
                if pid in seen:
                    continue
                seen.add(pid)
                m = marks.get((e.id, pid))
                marker_name, ident = people.get(pid, ("", ""))
                lines.append(
                    WorksheetLine(
                        e.ndh,
                        nip or nrp or "",
                        name,
                        ident,
                        marker_name,
                        role.value,
                        Decimal(m.score).quantize(TWO) if m else None,
                        criteria.get(m.id, {}) if m else {},
                        f"{m.rubric_code} v{m.rubric_version}" if m and m.rubric_code else "",
                        m.version if m else None,
                    )
                )
        current = rubrics.current(s, component)
        return Worksheet(
            row.code,
            row.name,
            comp.code,
            comp.text(),
            current,
            lines,
            row.results_released_at is not None or row.locked_at is not None,
        )


# --- log-in slips -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slip:
    ndh: int | None  # None for staff
    name: str
    login: str
    password: str
    roles: tuple[str, ...] = ()  # a staff member's roles in the cohort (Role values)


@dataclass(frozen=True)
class Slips:
    cohort_code: str
    cohort_name: str
    institution: str
    slips: list[Slip]
    already_changed: int  # participants whose one-time password is gone (they logged in)


def slips(db: Database, actor: Actor, cohort: int | str, write: Callable[[Slips], T]) -> T:
    """The one-time passwords of the cohort's participants who have not logged in yet,
    handed to ``write`` (which makes the file and returns what the caller needs).
    Printing them is audited (who printed whose passwords, not the passwords) once
    ``write`` has returned: slips that never reached a file were not printed."""
    with db.read() as s:
        row = coordinated(s, actor, cohort)
        inst = row.institution.name if row.institution else ""
        rows = s.execute(
            select(Enrolment.ndh, Person.name, Account.login, Account.one_time_password)
            .join(Person, Person.id == Enrolment.person_id)
            .join(Account, Account.person_id == Person.id)
            .where(Enrolment.cohort_id == row.id)
            .order_by(Enrolment.ndh)
        ).all()
        out = [Slip(ndh, name, login, otp) for ndh, name, login, otp in rows if otp]
        # The cohort's staff (from a staff import) whose account is new too, by name.
        staff: dict[str, tuple[str, str, list[str]]] = {}
        for name, login, otp, role in s.execute(
            select(Person.name, Account.login, Account.one_time_password, CohortStaff.role)
            .join(Account, Account.person_id == Person.id)
            .join(CohortStaff, CohortStaff.person_id == Person.id)
            .where(CohortStaff.cohort_id == row.id, CohortStaff.role != Role.COORDINATOR.value)
            .order_by(Person.name, CohortStaff.role)
        ):
            if otp:
                staff.setdefault(login, (name, otp, []))[2].append(role)
        out += [
            Slip(None, name, login, otp, tuple(roles))
            for login, (name, otp, roles) in staff.items()
        ]
        data = Slips(row.code, row.name, inst, out, sum(1 for *_, otp in rows if not otp))
        cohort_id = row.id
    written = write(data)
    with db.write() as s:
        audit.record(
            s,
            actor,
            "slips_exported",
            "cohort",
            cohort_id,
            cohort_id=cohort_id,
            new={"logins": [slip.login for slip in out]},
        )
    return written
