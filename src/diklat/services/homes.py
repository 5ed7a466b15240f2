"""What each person sees first: their cohorts, where they stand and what waits for them.

Every home is built with a fixed number of queries, whatever the number of
participants (the counts come from SQL).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased, defer

from diklat.db.engine import Database
from diklat.db.models import (
    Account,
    Cohort,
    CohortStaff,
    Deadline,
    Enrolment,
    EnrolmentExaminer,
    Extension,
    Person,
    StageRecord,
)
from diklat.domain import clock
from diklat.domain.roles import OVERSEERS, Role
from diklat.domain.workflow import PREREQUISITE, REVIEWER, STAGES, Stage, State
from diklat.services.actor import Actor
from diklat.services.cohorts import CohortSummary, _summaries, stage_counts
from diklat.services.results import ResultView, results_for
from diklat.services.stages import ReviewView, latest_reviews


@dataclass(frozen=True)
class StageStatus:
    stage: Stage
    state: State
    deadline: date | None
    extended_to: date | None
    latest_review: ReviewView | None
    # What the participant should do next here: "start", "continue", "revise",
    # "wait_review", "done" or "locked" (an earlier stage is not approved yet).
    next_step: str


@dataclass(frozen=True)
class ParticipantCohort:
    enrolment_id: int
    cohort: CohortSummary
    ndh: int
    coach: str
    mentor: str
    stages: list[StageStatus]
    results_released: bool
    # Marks, final score and qualification: only once the coordinator released them.
    results: ResultView | None = None

    @property
    def next_stage(self) -> StageStatus | None:
        for status in self.stages:
            if status.next_step in ("start", "continue", "revise"):
                return status
        return None


@dataclass(frozen=True)
class WaitingItem:
    enrolment_id: int
    cohort_code: str
    participant: str
    ndh: int
    stage: Stage
    since: datetime
    role: Role
    project_term: str = ""


@dataclass(frozen=True)
class StaffCohort:
    cohort: CohortSummary
    roles: list[Role]
    assigned: int  # participants assigned to me in this cohort (all, for a coordinator)
    counts: dict[Stage, dict[State, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Home:
    actor: Actor
    enrolments: list[ParticipantCohort]
    cohorts: list[StaffCohort]  # the first page (see COHORT_PAGE, more_cohorts)
    waiting: list[WaitingItem]
    user_count: int | None = None  # admins only
    cohort_total: int = 0  # every cohort I have a role in
    cohorts_next: tuple[date, str] | None = None  # where the next page starts; None: no more


# An administrator has a role in every cohort: 1,000 at N=40,000. The home lists them a
# page at a time, newest first (issue 6: its memory and time no longer grow with them).
COHORT_PAGE = 100


@dataclass(frozen=True)
class CohortPage:
    cohorts: list[StaffCohort]
    next: tuple[date, str] | None


def _next_step(state: State, prerequisite_ok: bool) -> str:
    if state is State.APPROVED:
        return "done"
    if state is State.SUBMITTED:
        return "wait_review"
    if state is State.REVISION_REQUESTED:
        return "revise"
    if not prerequisite_ok:
        return "locked"
    return "continue" if state is State.DRAFT else "start"


def _participant_cohorts(s: Session, person_id: int) -> list[ParticipantCohort]:
    coach, mentor = aliased(Person), aliased(Person)
    rows = s.execute(
        select(Enrolment, Cohort, coach.name, mentor.name)
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .outerjoin(coach, coach.id == Enrolment.coach_id)
        .outerjoin(mentor, mentor.id == Enrolment.mentor_id)
        .where(Enrolment.person_id == person_id)
        .order_by(Cohort.start_date.desc())
    ).all()
    if not rows:
        return []
    ids = [e.id for e, *_ in rows]
    cohort_ids = [c.id for _, c, *_ in rows]
    states = {
        (eid, Stage(st)): State(state)
        for eid, st, state in s.execute(
            select(StageRecord.enrolment_id, StageRecord.stage, StageRecord.state).where(
                StageRecord.enrolment_id.in_(ids)
            )
        )
    }
    deadlines, extensions = _dues(s, cohort_ids, ids)
    reviews = latest_reviews(s, ids)
    summaries = {c.id: c for c in _summaries(s, [c for _, c, *_ in rows])}
    released = {e.id: c.id for e, c, *_ in rows if c.results_released_at is not None}
    results = results_for(s, {c.id: c for _, c, *_ in rows}, released)
    out = []
    for enrolment, cohort, coach_name, mentor_name in rows:
        stages = []
        for stage in STAGES:
            state = states.get((enrolment.id, stage), State.NOT_STARTED)
            before = PREREQUISITE[stage]
            ok = before is None or states.get((enrolment.id, before)) is State.APPROVED
            stages.append(
                StageStatus(
                    stage=stage,
                    state=state,
                    deadline=deadlines.get((cohort.id, stage)),
                    extended_to=extensions.get((enrolment.id, stage)),
                    latest_review=reviews.get((enrolment.id, stage)),
                    next_step=_next_step(state, ok),
                )
            )
        out.append(
            ParticipantCohort(
                enrolment_id=enrolment.id,
                cohort=summaries[cohort.id],
                ndh=enrolment.ndh,
                coach=coach_name or "",
                mentor=mentor_name or "",
                stages=stages,
                results_released=cohort.results_released_at is not None,
                results=results.get(enrolment.id),
            )
        )
    return out


def _waiting(s: Session, person_id: int, limit: int) -> list[WaitingItem]:
    """Submitted stages whose reviewer I am, oldest first."""
    coach_stages = [st.value for st, role in REVIEWER.items() if role is Role.COACH]
    mentor_stages = [st.value for st, role in REVIEWER.items() if role is Role.MENTOR]
    rows = s.execute(
        select(
            Enrolment.id,
            Cohort.code,
            Person.name,
            Enrolment.ndh,
            StageRecord.stage,
            StageRecord.state_changed_at,
            Cohort.project_term,
        )
        .join(StageRecord, StageRecord.enrolment_id == Enrolment.id)
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .join(Person, Person.id == Enrolment.person_id)
        .where(
            StageRecord.state == State.SUBMITTED.value,
            or_(
                and_(Enrolment.coach_id == person_id, StageRecord.stage.in_(coach_stages)),
                and_(Enrolment.mentor_id == person_id, StageRecord.stage.in_(mentor_stages)),
            ),
        )
        .order_by(StageRecord.state_changed_at, Enrolment.id)
        .limit(limit)
    ).all()
    return [
        WaitingItem(eid, code, name, ndh, Stage(st), since, REVIEWER[Stage(st)], term)
        for eid, code, name, ndh, st, since, term in rows
    ]


def _staff_cohorts(
    s: Session, actor: Actor, *, limit: int | None = None, after: tuple[date, str] | None = None
) -> tuple[list[StaffCohort], int, tuple[date, str] | None]:
    """(one page of my cohorts, newest first; how many there are; where the next page starts)."""
    pid = actor.person_id
    roles: dict[int, set[Role]] = {}
    assigned: dict[int, int] = {}
    if actor.is_admin:
        for (cid,) in s.execute(select(Cohort.id)):
            roles.setdefault(cid, set()).add(Role.ADMIN)
    if pid is not None:
        for cid, role in s.execute(
            select(CohortStaff.cohort_id, CohortStaff.role).where(CohortStaff.person_id == pid)
        ):
            roles.setdefault(cid, set()).add(Role(role))
        for role, column in ((Role.COACH, Enrolment.coach_id), (Role.MENTOR, Enrolment.mentor_id)):
            for cid, n in s.execute(
                select(Enrolment.cohort_id, func.count())
                .where(column == pid)
                .group_by(Enrolment.cohort_id)
            ):
                roles.setdefault(cid, set()).add(role)
                assigned[cid] = assigned.get(cid, 0) + n
        for cid, n in s.execute(
            select(Enrolment.cohort_id, func.count())
            .join(EnrolmentExaminer, EnrolmentExaminer.enrolment_id == Enrolment.id)
            .where(EnrolmentExaminer.person_id == pid)
            .group_by(Enrolment.cohort_id)
        ):
            roles.setdefault(cid, set()).add(Role.EXAMINER)
            assigned[cid] = assigned.get(cid, 0) + n
    if not roles:
        return [], 0, None
    # Without the rules document: an administrator's home lists every cohort (1,000 at
    # N=40,000), and parsing their rules only to drop them was most of its memory peak.
    q = select(Cohort).options(defer(Cohort.rules)).where(Cohort.id.in_(roles))
    if after is not None:  # keyset: after the previous page's last (start date desc, code)
        start, code = after
        q = q.where(
            or_(Cohort.start_date < start, and_(Cohort.start_date == start, Cohort.code > code))
        )
    q = q.order_by(Cohort.start_date.desc(), Cohort.code)
    if limit is not None:
        q = q.limit(limit)
    cohorts = list(s.scalars(q))
    last = cohorts[-1] if limit is not None and len(cohorts) == limit else None
    summaries = _summaries(s, cohorts)
    oversee = [c.id for c in cohorts if roles[c.id] & OVERSEERS]
    counts = stage_counts(s, oversee) if oversee else {}
    order = list(Role)
    page = [
        StaffCohort(
            cohort=summary,
            roles=sorted(roles[summary.id], key=order.index),
            assigned=summary.participants if summary.id in counts else assigned.get(summary.id, 0),
            counts=counts.get(summary.id, {}),
        )
        for summary in summaries
    ]
    return page, len(roles), (last.start_date, last.code) if last is not None else None


def home(
    db: Database, actor: Actor, *, waiting_limit: int = 50, cohort_limit: int | None = COHORT_PAGE
) -> Home:
    with db.read() as s:
        pid = actor.person_id
        enrolments = _participant_cohorts(s, pid) if pid is not None else []
        waiting = _waiting(s, pid, waiting_limit) if pid is not None else []
        users = s.scalar(select(func.count()).select_from(Account)) if actor.is_admin else None
        cohorts, total, nxt = _staff_cohorts(s, actor, limit=cohort_limit)
        return Home(
            actor=actor,
            enrolments=enrolments,
            cohorts=cohorts,
            waiting=waiting,
            user_count=users,
            cohort_total=total,
            cohorts_next=nxt,
        )


def more_cohorts(
    db: Database, actor: Actor, after: tuple[date, str], *, limit: int = COHORT_PAGE
) -> CohortPage:
    """The page of my cohorts after ``after`` (a Home's or a CohortPage's ``next``)."""
    with db.read() as s:
        cohorts, _, nxt = _staff_cohorts(s, actor, limit=limit, after=after)
        return CohortPage(cohorts, nxt)


@dataclass(frozen=True)
class MyParticipant:
    """A participant I coach or mentor, with where each of their stages stands."""

    enrolment_id: int
    cohort_code: str
    ndh: int
    name: str
    relation: Role  # Role.COACH or Role.MENTOR (coach when I am both)
    status: str
    states: dict[Stage, State]
    late: tuple[Stage, ...]


def my_participants(
    db: Database, actor: Actor, *, today: date | None = None
) -> list[MyParticipant]:
    """The participants I coach or mentor (newest cohort first, then NDH), each with the
    state of every stage and the stages past their due date (``progress.is_late``).
    Anyone may ask: the list holds only the asker's own participants. Fixed queries."""
    from diklat.services.progress import is_late

    pid = actor.person_id
    if pid is None:
        return []
    today = today or clock.today()
    with db.read() as s:
        rows = s.execute(
            select(
                Enrolment.id,
                Cohort.id,
                Cohort.code,
                Enrolment.ndh,
                Person.name,
                Enrolment.coach_id,
                Enrolment.status,
            )
            .join(Cohort, Cohort.id == Enrolment.cohort_id)
            .join(Person, Person.id == Enrolment.person_id)
            .where(or_(Enrolment.coach_id == pid, Enrolment.mentor_id == pid))
            .order_by(Cohort.start_date.desc(), Cohort.code, Enrolment.ndh)
        ).all()
        if not rows:
            return []
        ids = [r[0] for r in rows]
        cohort_ids = {r[1] for r in rows}
        states: dict[int, dict[Stage, State]] = {}
        for eid, st, state in s.execute(
            select(StageRecord.enrolment_id, StageRecord.stage, StageRecord.state).where(
                StageRecord.enrolment_id.in_(ids)
            )
        ):
            states.setdefault(eid, {})[Stage(st)] = State(state)
        deadlines, extensions = _dues(s, cohort_ids, ids)
    out = []
    for eid, cid, code, ndh, name, coach_id, status in rows:
        mine = {st: states.get(eid, {}).get(st, State.NOT_STARTED) for st in STAGES}
        late = tuple(
            st
            for st in STAGES
            if status == "active"
            and is_late(extensions.get((eid, st)) or deadlines.get((cid, st)), mine[st], today)
        )
        relation = Role.COACH if coach_id == pid else Role.MENTOR
        out.append(MyParticipant(eid, code, ndh, name, relation, status, mine, late))
    return out


def _dues(s: Session, cohort_ids, enrolment_ids) -> tuple[dict, dict]:
    """The cohorts' stage deadlines and the enrolments' extensions, by (id, stage)."""
    deadlines = {
        (cid, Stage(st)): due
        for cid, st, due in s.execute(
            select(Deadline.cohort_id, Deadline.stage, Deadline.due).where(
                Deadline.cohort_id.in_(cohort_ids)
            )
        )
    }
    extensions = {
        (eid, Stage(st)): due
        for eid, st, due in s.execute(
            select(Extension.enrolment_id, Extension.stage, Extension.due).where(
                Extension.enrolment_id.in_(enrolment_ids)
            )
        )
    }
    return deadlines, extensions
