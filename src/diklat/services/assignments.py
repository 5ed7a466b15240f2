"""Who coaches, mentors and examines each participant: by screen and by import.

An assignment also gives the person their cohort staff row (coach, mentor,
examiner), which is what lets them see the cohort. A participant cannot be their
own coach, mentor or examiner. Audited per participant; refused in a locked
cohort. The import is all or nothing, like the enrolment import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from diklat.db.engine import Database
from diklat.db.models import Account, CohortStaff, Enrolment, EnrolmentExaminer, Person
from diklat.domain.imports import REMOVE, AssignmentRow, ImportInvalid, Problem, staff_ref
from diklat.domain.roles import Role
from diklat.i18n import t
from diklat.services import audit
from diklat.services.access import coordinated, ensure_unlocked, load_enrolment
from diklat.services.actor import Actor
from diklat.services.errors import Conflict, Invalid

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class StaffRef:
    person_id: int
    name: str
    ident: str  # NIP, NRP or log-in


@dataclass(frozen=True)
class Assignment:
    enrolment_id: int
    ndh: int
    participant: str
    nip: str
    status: str
    coach: StaffRef | None
    mentor: StaffRef | None
    examiners: tuple[StaffRef, ...]
    version: int


def _refs(s: Session, person_ids: Iterable[int]) -> dict[int, StaffRef]:
    ids = {i for i in person_ids if i is not None}
    if not ids:
        return {}
    rows = s.execute(
        select(Person.id, Person.name, Person.nip, Person.nrp, Account.login)
        .outerjoin(Account, Account.person_id == Person.id)
        .where(Person.id.in_(ids))
    )
    return {
        pid: StaffRef(pid, name, nip or nrp or login or "") for pid, name, nip, nrp, login in rows
    }


def assignments(db: Database, actor: Actor, cohort: int | str) -> list[Assignment]:
    """Every participant of the cohort with coach, mentor and examiners (four queries)."""
    with db.read() as s:
        row = coordinated(s, actor, cohort)
        return _assignments(s, row.id)


def _assignments(s: Session, cohort_id: int, only: set[int] | None = None) -> list[Assignment]:
    q = (
        select(Enrolment, Person.name, Person.nip, Person.nrp)
        .join(Person, Person.id == Enrolment.person_id)
        .where(Enrolment.cohort_id == cohort_id)
        .order_by(Enrolment.ndh)
    )
    rows = s.execute(q).all()
    ids = [e.id for e, *_ in rows]
    examiners: dict[int, list[int]] = {}
    if ids:
        for eid, pid in s.execute(
            select(EnrolmentExaminer.enrolment_id, EnrolmentExaminer.person_id)
            .where(EnrolmentExaminer.enrolment_id.in_(ids))
            .order_by(EnrolmentExaminer.id)
        ):
            examiners.setdefault(eid, []).append(pid)
    refs = _refs(
        s,
        {e.coach_id for e, *_ in rows}
        | {e.mentor_id for e, *_ in rows}
        | {p for ps in examiners.values() for p in ps},
    )
    return [
        Assignment(
            e.id,
            e.ndh,
            name,
            nip or nrp or "",
            e.status,
            refs.get(e.coach_id) if e.coach_id else None,
            refs.get(e.mentor_id) if e.mentor_id else None,
            tuple(refs[p] for p in examiners.get(e.id, [])),
            e.version,
        )
        for e, name, nip, nrp in rows
        if only is None or e.id in only
    ]


def _lookup(s: Session, refs: Iterable[str]) -> dict[str, int]:
    """Person ids by NIP, NRP or log-in name (one query)."""
    wanted = {r for r in refs if r and r != REMOVE}
    if not wanted:
        return {}
    found: dict[str, int] = {}
    rows = s.execute(
        select(Person.id, Person.nip, Person.nrp, Account.login)
        .outerjoin(Account, Account.person_id == Person.id)
        .where(or_(Person.nip.in_(wanted), Person.nrp.in_(wanted), Account.login.in_(wanted)))
    )
    for pid, nip, nrp, login in rows:
        for value in (nip, nrp, login):
            if value in wanted:
                found[value] = pid
    return found


def _ensure_staff(s: Session, cohort_id: int, pairs: set[tuple[int, Role]]) -> None:
    if not pairs:
        return
    have = {
        (pid, role)
        for pid, role in s.execute(
            select(CohortStaff.person_id, CohortStaff.role).where(
                CohortStaff.cohort_id == cohort_id
            )
        )
    }
    for pid, role in pairs:
        if (pid, role.value) not in have:
            s.add(CohortStaff(cohort_id=cohort_id, person_id=pid, role=role.value))


def _apply(
    s: Session,
    actor: Actor,
    cohort_id: int,
    enrolment: Enrolment,
    coach: int | None | str,
    mentor: int | None | str,
    examiners: Sequence[int] | None,
) -> bool:
    """Set what is given ("keep" leaves a field); audited when anything changed."""
    current = list(
        s.scalars(
            select(EnrolmentExaminer)
            .where(EnrolmentExaminer.enrolment_id == enrolment.id)
            .order_by(EnrolmentExaminer.id)
        )
    )
    old_examiners = [x.person_id for x in current]
    old = {
        "coach_id": enrolment.coach_id,
        "mentor_id": enrolment.mentor_id,
        "examiner_ids": old_examiners,
    }
    staff: set[tuple[int, Role]] = set()
    if coach != "keep":
        enrolment.coach_id = coach  # type: ignore[assignment]
    if mentor != "keep":
        enrolment.mentor_id = mentor  # type: ignore[assignment]
    if examiners is not None:
        wanted = list(dict.fromkeys(examiners))
        for row in current:
            if row.person_id not in wanted:
                s.delete(row)
        have = {row.person_id for row in current}
        for pid in wanted:
            if pid not in have:
                s.add(EnrolmentExaminer(enrolment_id=enrolment.id, person_id=pid))
    new_examiners = list(dict.fromkeys(examiners)) if examiners is not None else old_examiners
    new = {
        "coach_id": enrolment.coach_id,
        "mentor_id": enrolment.mentor_id,
        "examiner_ids": new_examiners,
    }
    if enrolment.coach_id:
        staff.add((enrolment.coach_id, Role.COACH))
    if enrolment.mentor_id:
        staff.add((enrolment.mentor_id, Role.MENTOR))
    staff.update((pid, Role.EXAMINER) for pid in new_examiners)
    _ensure_staff(s, cohort_id, staff)
    if old == new:
        return False
    s.flush()
    audit.record(
        s,
        actor,
        "assignment_changed",
        "enrolment",
        enrolment.id,
        cohort_id=cohort_id,
        old=old,
        new=new,
    )
    return True


def assign(
    db: Database,
    actor: Actor,
    enrolment_id: int,
    *,
    coach: str | None = None,
    mentor: str | None = None,
    examiners: Sequence[str] | None = None,
    expected_version: int | None = None,
) -> Assignment:
    """Assign by NIP/NRP/log-in: None leaves a field as it is, "" or "-" removes it."""
    with db.write() as s:
        enrolment = load_enrolment(s, enrolment_id)
        cohort = coordinated(s, actor, enrolment.cohort_id)
        ensure_unlocked(cohort)
        if expected_version is not None and enrolment.version != expected_version:
            raise Conflict("cohort.changed_meanwhile", code=cohort.code)
        wanted = [
            staff_ref(x)
            for x in (coach, mentor, *(examiners or ()))
            if x and x.strip() not in ("", REMOVE)
        ]
        found = _lookup(s, wanted)
        for ref in wanted:
            if ref not in found:
                raise Invalid("assign.unknown_person", ref=ref)

        def pick(value: str | None) -> int | None | str:
            if value is None:
                return "keep"
            if value.strip() in ("", REMOVE):
                return None
            return found[staff_ref(value)]

        c, m = pick(coach), pick(mentor)
        xs = (
            None
            if examiners is None
            else [found[staff_ref(x)] for x in examiners if x.strip() not in ("", REMOVE)]
        )
        for pid in (c, m, *(xs or ())):
            if pid == enrolment.person_id:
                raise Invalid("assign.self")
        _apply(s, actor, cohort.id, enrolment, c, m, xs)
        s.flush()
        return _assignments(s, cohort.id, {enrolment.id})[0]


@dataclass(frozen=True)
class AssignmentPlan:
    cohort_code: str
    rows: int
    changed: int
    unknown_columns: list[str]


def _resolve(s: Session, cohort_id: int, rows: Sequence[AssignmentRow]):
    enrolments = list(
        s.execute(
            select(Enrolment, Person.nip, Person.nrp)
            .join(Person, Person.id == Enrolment.person_id)
            .where(Enrolment.cohort_id == cohort_id)
        )
    )
    by_ident: dict[str, Enrolment] = {}
    by_ndh: dict[int, Enrolment] = {}
    for e, nip, nrp in enrolments:
        by_ndh[e.ndh] = e
        for value in (nip, nrp):
            if value:
                by_ident[value] = e
    found = _lookup(s, [x for r in rows for x in (r.coach, r.mentor, *(r.penguji or ())) if x])
    problems: list[Problem] = []
    resolved = []
    for r in rows:
        e = by_ident.get(r.nip) if r.nip else by_ndh.get(r.ndh)
        if e is None:
            problems.append(
                Problem(
                    r.row, "nip" if r.nip else "ndh", t("io.not_enrolled", value=r.nip or r.ndh)
                )
            )
            continue
        if r.nip and r.ndh is not None and e.ndh != r.ndh:
            problems.append(Problem(r.row, "ndh", t("io.ndh_mismatch", ndh=r.ndh, actual=e.ndh)))
            continue
        ok = True
        for column, value in (
            ("coach", r.coach),
            ("mentor", r.mentor),
            *(("penguji", x) for x in (r.penguji or ())),
        ):
            if value and value != REMOVE:
                if value not in found:
                    problems.append(Problem(r.row, column, t("assign.unknown_person", ref=value)))
                    ok = False
                elif found[value] == e.person_id:
                    problems.append(Problem(r.row, column, t("assign.self")))
                    ok = False
        if not ok:
            continue

        def pick(value: str | None) -> int | None | str:
            if value is None:
                return "keep"
            return None if value == REMOVE else found[value]

        xs = None if r.penguji is None else [found[x] for x in r.penguji]
        resolved.append((e, pick(r.coach), pick(r.mentor), xs))
    return resolved, problems


def plan_assignments(
    db: Database,
    actor: Actor,
    cohort_code: str,
    rows: Sequence[AssignmentRow],
    unknown_columns: Sequence[str] = (),
) -> AssignmentPlan:
    with db.read() as s:
        cohort = coordinated(s, actor, cohort_code)
        ensure_unlocked(cohort)
        resolved, problems = _resolve(s, cohort.id, rows)
        if problems:
            raise ImportInvalid(problems)
        examiners: dict[int, set[int]] = {}
        ids = [e.id for e, *_ in resolved]
        if ids:
            for eid, pid in s.execute(
                select(EnrolmentExaminer.enrolment_id, EnrolmentExaminer.person_id).where(
                    EnrolmentExaminer.enrolment_id.in_(ids)
                )
            ):
                examiners.setdefault(eid, set()).add(pid)
        changed = 0
        for e, c, m, xs in resolved:
            if (
                (c != "keep" and c != e.coach_id)
                or (m != "keep" and m != e.mentor_id)
                or (xs is not None and set(xs) != examiners.get(e.id, set()))
            ):
                changed += 1
        return AssignmentPlan(cohort.code, len(rows), changed, list(unknown_columns))


def import_assignments(
    db: Database,
    actor: Actor,
    cohort_code: str,
    rows: Sequence[AssignmentRow],
    unknown_columns: Sequence[str] = (),
    *,
    progress: Progress | None = None,
) -> AssignmentPlan:
    with db.write() as s:
        cohort = coordinated(s, actor, cohort_code)
        ensure_unlocked(cohort)
        resolved, problems = _resolve(s, cohort.id, rows)
        if problems:
            raise ImportInvalid(problems)
        changed = 0
        for n, (e, c, m, xs) in enumerate(resolved, 1):
            changed += _apply(s, actor, cohort.id, e, c, m, xs)
            if progress:
                progress(n, len(resolved))
        audit.record(
            s,
            actor,
            "assignments_imported",
            "cohort",
            cohort.id,
            cohort_id=cohort.id,
            new={"rows": len(rows), "changed": changed},
        )
        return AssignmentPlan(cohort.code, len(rows), changed, list(unknown_columns))
