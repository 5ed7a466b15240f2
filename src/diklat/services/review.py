"""A reviewer's work: the queue, reading a submission with its changes, deciding.

The queue lists my participants' stages that I decide on (the coach every stage
but the mentor agreement, the mentor that one; a coordinator every stage of the
cohorts they run), oldest submission first, filtered by cohort, stage and state,
with the counts for each filter value. It is built with a fixed number of
queries whatever the number of participants: the stages are a constant table
joined to the enrolments, and the counts come from one GROUP BY.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Integer,
    String,
    and_,
    case,
    false,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session

from diklat.db.engine import Database, untyped
from diklat.db.models import (
    AuditEntry,
    Cohort,
    CohortStaff,
    Comment,
    Enrolment,
    Person,
    Review,
    ReviewDraft,
    StageRecord,
    Submission,
    utcnow,
)
from diklat.domain.content import sections
from diklat.domain.diff import SectionDiff, diff_documents
from diklat.domain.errors import DomainError
from diklat.domain.roles import OVERSEERS, STAFF, Role
from diklat.domain.workflow import REVIEWER, STAGES, Stage, State
from diklat.services import stages as stage_service
from diklat.services.access import enrolment_for
from diklat.services.actor import Actor
from diklat.services.errors import Conflict, Forbidden, Invalid

MAX_COMMENT = 4000


# --- the queue ---------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilter:
    cohort_id: int | None = None
    stage: Stage | None = None
    state: State | None = State.SUBMITTED  # None: every state


@dataclass(frozen=True)
class QueueItem:
    enrolment_id: int
    cohort_id: int
    cohort_code: str
    participant: str
    ndh: int
    stage: Stage
    state: State
    since: datetime | None  # when the stage reached its state
    version: int  # latest submitted version (0: none yet)
    role: Role  # the capacity in which I decide on it
    project_term: str = ""  # the cohort's name for the change project


@dataclass(frozen=True)
class QueueCohort:
    id: int
    code: str
    name: str
    waiting: int
    total: int


@dataclass(frozen=True)
class Queue:
    filter: QueueFilter
    items: list[QueueItem]
    total: int  # items matching the filter (the page may hold fewer)
    by_state: dict[State, int]  # with the cohort and stage filters applied
    by_stage: dict[Stage, int]  # with the cohort and state filters applied
    cohorts: list[QueueCohort] = field(default_factory=list)

    @property
    def waiting(self) -> int:
        return self.by_state.get(State.SUBMITTED, 0)


def _stage_table():
    """The stages as a small constant table (stage, ordinal, reviewer role)."""
    rows = [
        select(
            literal(st.value, String).label("stage"),
            literal(i, Integer).label("ordinal"),
            literal(REVIEWER[st].value, String).label("reviewer"),
        )
        for i, st in enumerate(STAGES)
    ]
    return union_all(*rows).subquery("stage_list")


def _scope(actor: Actor, st):
    """Which (enrolment, stage) rows the actor decides on, and in which capacity."""
    pid = actor.person_id
    if actor.is_admin:
        return true(), literal(Role.ADMIN.value)
    if pid is None:
        return false(), literal(Role.ADMIN.value)
    coordinated = select(CohortStaff.cohort_id).where(
        CohortStaff.person_id == pid, CohortStaff.role == Role.COORDINATOR.value
    )
    as_coach = and_(Enrolment.coach_id == pid, st.c.reviewer == Role.COACH.value)
    as_mentor = and_(Enrolment.mentor_id == pid, st.c.reviewer == Role.MENTOR.value)
    as_coordinator = Enrolment.cohort_id.in_(coordinated)
    role = case(
        (as_coach, literal(Role.COACH.value)),
        (as_mentor, literal(Role.MENTOR.value)),
        else_=literal(Role.COORDINATOR.value),
    )
    return or_(as_coach, as_mentor, as_coordinator), role


def _base(actor: Actor):
    st = _stage_table()
    scope, role = _scope(actor, st)
    state = func.coalesce(StageRecord.state, State.NOT_STARTED.value)
    frm = (
        select(Enrolment)
        .join(st, true())
        .outerjoin(
            StageRecord,
            and_(StageRecord.enrolment_id == Enrolment.id, StageRecord.stage == st.c.stage),
        )
        .where(scope)
    )
    return st, frm, state, role


def queue(
    db: Database,
    actor: Actor,
    flt: QueueFilter = QueueFilter(),
    *,
    limit: int = 100,
    offset: int = 0,
) -> Queue:
    with db.read() as s:
        return _queue(s, actor, flt, limit=limit, offset=offset)


def _queue(s: Session, actor: Actor, flt: QueueFilter, *, limit: int, offset: int) -> Queue:
    st, frm, state, role = _base(actor)
    # 1. counts per cohort, stage and state: every number the filters show
    counted = frm.with_only_columns(Enrolment.cohort_id, st.c.stage, state, func.count()).group_by(
        Enrolment.cohort_id, st.c.stage, state
    )
    groups = [(cid, Stage(stg), State(sta), n) for cid, stg, sta, n in untyped(s.execute(counted))]
    by_state = {x: 0 for x in State}
    by_stage = {x: 0 for x in STAGES}
    per_cohort: dict[int, list[int]] = {}
    total = 0
    for cid, stg, sta, n in groups:
        waiting_total = per_cohort.setdefault(cid, [0, 0])
        waiting_total[1] += n
        if sta is State.SUBMITTED:
            waiting_total[0] += n
        if flt.cohort_id is not None and cid != flt.cohort_id:
            continue
        if flt.stage is None or stg is flt.stage:
            by_state[sta] += n
        if flt.state is None or sta is flt.state:
            by_stage[stg] += n
            if flt.stage is None or stg is flt.stage:
                total += n
    # 2. the cohorts for the cohort filter
    cohorts = []
    if per_cohort:
        for cid, code, name in s.execute(
            select(Cohort.id, Cohort.code, Cohort.name)
            .where(Cohort.id.in_(per_cohort))
            .order_by(Cohort.start_date.desc(), Cohort.code)
        ):
            cohorts.append(QueueCohort(cid, code, name, per_cohort[cid][0], per_cohort[cid][1]))
    # 3. one page of items
    latest = (
        select(func.max(Submission.number))
        .where(Submission.enrolment_id == Enrolment.id, Submission.stage == st.c.stage)
        .correlate(Enrolment, st)
        .scalar_subquery()
    )
    rows = (
        frm.with_only_columns(
            Enrolment.id,
            Enrolment.cohort_id,
            Cohort.code,
            Person.name,
            Enrolment.ndh,
            st.c.stage,
            state,
            StageRecord.state_changed_at,
            latest,
            role,
            Cohort.project_term,
        )
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .join(Person, Person.id == Enrolment.person_id)
    )
    if flt.cohort_id is not None:
        rows = rows.where(Enrolment.cohort_id == flt.cohort_id)
    if flt.stage is not None:
        rows = rows.where(st.c.stage == flt.stage.value)
    if flt.state is not None:
        rows = rows.where(state == flt.state.value)
    rows = (
        rows.order_by(
            case((state == State.SUBMITTED.value, 0), else_=1),
            StageRecord.state_changed_at.is_(None),
            StageRecord.state_changed_at,
            Cohort.code,
            Enrolment.ndh,
            st.c.ordinal,
        )
        .limit(limit)
        .offset(offset)
    )
    items = [
        QueueItem(
            eid, cid, code, name, ndh, Stage(stg), State(sta), since, number or 0, Role(r), term
        )
        for eid, cid, code, name, ndh, stg, sta, since, number, r, term in untyped(s.execute(rows))
    ]
    return Queue(flt, items, total, by_state, by_stage, cohorts)


def next_waiting(
    db: Database,
    actor: Actor,
    *,
    after: tuple[int, Stage] | None = None,
    cohort_id: int | None = None,
) -> QueueItem | None:
    """The oldest submission waiting for me, other than ``after`` (the one just handled)."""
    with db.read() as s:
        found = _queue(
            s, actor, QueueFilter(cohort_id=cohort_id, state=State.SUBMITTED), limit=2, offset=0
        )
    for item in found.items:
        if after is None or (item.enrolment_id, item.stage) != after:
            return item
    return None


# --- reading a submission ------------------------------------------------------------


@dataclass(frozen=True)
class PastComment:
    section: str
    text: str
    author: str


@dataclass(frozen=True)
class PastReview:
    version: int
    decision: State
    reviewer: str
    recorded_by: str | None  # set when recorded on the reviewer's behalf
    at: datetime
    comments: list[PastComment]


@dataclass(frozen=True)
class ReviewDraftView:
    comments: list[tuple[str, str]]  # (section, text); section "" for the overall comment
    approve: bool | None
    saved_at: datetime


@dataclass(frozen=True)
class ReviewData:
    enrolment_id: int
    cohort_code: str
    cohort_name: str
    project_term: str
    participant: str
    ndh: int
    stage: Stage
    state: State
    row_version: int | None  # the stage record's version, for the stale-save check
    versions: list[int]
    version: int | None  # the version shown (None: nothing submitted yet)
    submitted_at: datetime | None
    content: dict[str, Any]
    previous_version: int | None
    diffs: list[SectionDiff] | None  # None for a first version
    sections: tuple[str, ...]
    history: list[PastReview]
    can_decide: bool
    reviewer: str  # who decides on this stage (the assigned coach or mentor)
    on_behalf_of: str | None  # set when my decision would be recorded for that reviewer
    draft: ReviewDraftView | None = None  # what I had written on this version, not yet sent

    def diff(self, section: str) -> SectionDiff | None:
        if self.diffs is None:
            return None
        return next((d for d in self.diffs if d.section == section), None)


def open_review(
    db: Database, actor: Actor, enrolment_id: int, stage: Stage, version: int | None = None
) -> ReviewData:
    """A submission read-only, with what changed since the previous version and past decisions."""
    with db.read() as s:
        enrolment, rel = enrolment_for(s, actor, enrolment_id, STAFF)
        cohort = s.get(Cohort, enrolment.cohort_id)
        participant = s.get(Person, enrolment.person_id)
        record = s.scalar(
            select(StageRecord).where(
                StageRecord.enrolment_id == enrolment_id, StageRecord.stage == stage.value
            )
        )
        subs = list(
            s.scalars(
                select(Submission)
                .where(Submission.enrolment_id == enrolment_id, Submission.stage == stage.value)
                .order_by(Submission.number)
            )
        )
        numbers = [sub.number for sub in subs]
        shown = (
            next((sub for sub in subs if sub.number == version), None)
            if version
            else (subs[-1] if subs else None)
        )
        if version is not None and shown is None:
            raise Invalid("stage.no_such_version", number=version)
        previous = None
        if shown is not None:
            earlier = [sub for sub in subs if sub.number < shown.number]
            previous = earlier[-1] if earlier else None
        history = _history(s, [sub.id for sub in subs], {sub.id: sub.number for sub in subs})
        state = State(record.state) if record else State.NOT_STARTED
        reviewer_role = REVIEWER[stage]
        may = reviewer_role in rel or bool(rel & OVERSEERS)
        reviewer_id = enrolment.mentor_id if reviewer_role is Role.MENTOR else enrolment.coach_id
        names = dict(
            s.execute(select(Person.id, Person.name).where(Person.id.in_([reviewer_id or 0]))).all()
        )
        on_behalf = None
        if reviewer_role not in rel and reviewer_id is not None and reviewer_id != actor.person_id:
            on_behalf = names.get(reviewer_id)
        can_decide = (
            may and state is State.SUBMITTED and shown is not None and shown.number == numbers[-1]
        )
        draft = None
        if can_decide:
            row = s.scalar(
                select(ReviewDraft).where(
                    ReviewDraft.submission_id == shown.id,
                    ReviewDraft.author_id == _draft_author(actor, reviewer_id),
                )
            )
            if row is not None:
                draft = ReviewDraftView(
                    [(sec, text) for sec, text in row.comments], row.approve, row.updated_at
                )
        return ReviewData(
            enrolment_id=enrolment_id,
            cohort_code=cohort.code,
            cohort_name=cohort.name,
            project_term=cohort.project_term,
            participant=participant.name,
            ndh=enrolment.ndh,
            stage=stage,
            state=state,
            row_version=record.version if record else None,
            versions=numbers,
            version=shown.number if shown else None,
            submitted_at=shown.submitted_at if shown else None,
            content=dict(shown.content) if shown else {},
            previous_version=previous.number if previous else None,
            diffs=diff_documents(stage, previous.content, shown.content)
            if shown and previous
            else None,
            sections=sections(stage),
            history=history,
            can_decide=can_decide,
            reviewer=names.get(reviewer_id, ""),
            on_behalf_of=on_behalf,
            draft=draft,
        )


def _draft_author(actor: Actor, reviewer_id: int | None) -> int | None:
    # The command line's system actor has no person: its comments go in the reviewer's name.
    return actor.person_id or reviewer_id


def save_review_draft(
    db: Database,
    actor: Actor,
    enrolment_id: int,
    stage: Stage,
    version: int,
    *,
    comments: list[tuple[str, str]],
    approve: bool | None = None,
) -> datetime:
    """Keep the comments (and the decision picked) I am writing on ``version`` until I
    decide: saved a moment after each change, so nothing typed is lost. Only who may
    decide on the stage keeps a draft; no audit row (the decision is audited). Empty
    comments and no decision remove the draft. Returns when it was saved."""
    cleaned = clean_comments(stage, list(comments))
    with db.write() as s:
        enrolment, rel = enrolment_for(s, actor, enrolment_id, STAFF)
        if not (REVIEWER[stage] in rel or rel & OVERSEERS):
            raise Forbidden()
        reviewer_id = enrolment.mentor_id if REVIEWER[stage] is Role.MENTOR else enrolment.coach_id
        author = _draft_author(actor, reviewer_id)
        sub_id = s.scalar(
            select(Submission.id).where(
                Submission.enrolment_id == enrolment_id,
                Submission.stage == stage.value,
                Submission.number == version,
            )
        )
        if author is None:  # the command line, and no reviewer assigned to write it for
            raise Invalid("review.no_reviewer")
        if sub_id is None:
            raise Invalid("stage.no_such_version", number=version)
        row = s.scalar(
            select(ReviewDraft).where(
                ReviewDraft.submission_id == sub_id, ReviewDraft.author_id == author
            )
        )
        now = utcnow()
        if not cleaned and approve is None:
            if row is not None:
                s.delete(row)
            return now
        if row is None:
            row = ReviewDraft(submission_id=sub_id, author_id=author)
            s.add(row)
        row.comments = [list(pair) for pair in cleaned]
        row.approve = approve
        row.updated_at = now
        return now


def _history(s: Session, submission_ids: list[int], numbers: dict[int, int]) -> list[PastReview]:
    if not submission_ids:
        return []
    reviews = list(
        s.scalars(
            select(Review).where(Review.submission_id.in_(submission_ids)).order_by(Review.id)
        )
    )
    comments = list(
        s.scalars(
            select(Comment).where(Comment.submission_id.in_(submission_ids)).order_by(Comment.id)
        )
    )
    ids = (
        {r.reviewer_id for r in reviews}
        | {r.recorded_by for r in reviews}
        | {c.author_id for c in comments}
    )
    names = (
        dict(s.execute(select(Person.id, Person.name).where(Person.id.in_(ids))).all())
        if ids
        else {}
    )
    # A submission is decided once (a resubmission is a new version), so its comments
    # belong to its review; should there be several, each takes those written with it.
    per_submission: dict[int, int] = {}
    for review in reviews:
        per_submission[review.submission_id] = per_submission.get(review.submission_id, 0) + 1
    out = []
    for review in reviews:
        said = [
            PastComment(c.section, c.text, names.get(c.author_id, ""))
            for c in comments
            if c.submission_id == review.submission_id
            and (per_submission[review.submission_id] == 1 or c.created_at == review.decided_at)
        ]
        out.append(
            PastReview(
                version=numbers[review.submission_id],
                decision=State(review.decision),
                reviewer=names.get(review.reviewer_id, ""),
                recorded_by=names.get(review.recorded_by)
                if review.recorded_by != review.reviewer_id
                else None,
                at=review.decided_at,
                comments=said,
            )
        )
    return out


# --- deciding ------------------------------------------------------------------------


def _who_changed(s: Session, enrolment_id: int, stage: Stage) -> Conflict:
    """A Conflict naming who last changed the stage, when, and its state now."""
    from diklat.domain.workflow import stage_label, state_label

    record = s.scalar(
        select(StageRecord).where(
            StageRecord.enrolment_id == enrolment_id, StageRecord.stage == stage.value
        )
    )
    entry = None
    if record is not None:
        entry = s.scalar(
            select(AuditEntry)
            .where(AuditEntry.entity == "stage_record", AuditEntry.entity_id == record.id)
            .order_by(AuditEntry.id.desc())
            .limit(1)
        )
    name = (
        s.scalar(select(Person.name).where(Person.id == entry.actor_id))
        if entry and entry.actor_id
        else None
    )
    state = State(record.state) if record else State.NOT_STARTED
    return Conflict(
        "review.changed_meanwhile",
        stage=stage_label(stage),
        name=name or "?",
        at=entry.at if entry else "-",  # shown in the reader's local time
        state=state_label(state),
    )


def clean_comments(stage: Stage, comments: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Non-empty comments; each names a section of the stage or none (overall)."""
    known = set(sections(stage))
    out = []
    for section, text in comments:
        section, text = (section or "").strip(), (text or "").strip()
        if not text:
            continue
        if section and section not in known:
            raise Invalid("review.unknown_section", section=section)
        if len(text) > MAX_COMMENT:
            raise Invalid("review.comment_too_long", max=MAX_COMMENT, length=len(text))
        out.append((section, text))
    return out


def decide(
    db: Database,
    actor: Actor,
    enrolment_id: int,
    stage: Stage,
    *,
    approve: bool,
    comments: Sequence[tuple[str, str]] = (),
    expected_version: int | None,
) -> State:
    """Approve or request a revision, refusing a stale decision.

    ``expected_version`` is the stage record's version when the reviewer opened it;
    if someone decided (or the participant changed anything) meanwhile the decision
    is refused with who did what, and nothing is written."""
    cleaned = clean_comments(stage, list(comments))
    with db.read() as s:
        enrolment_for(s, actor, enrolment_id, STAFF)
        current = s.scalar(
            select(StageRecord.version).where(
                StageRecord.enrolment_id == enrolment_id, StageRecord.stage == stage.value
            )
        )
        if expected_version is not None and current != expected_version:
            raise _who_changed(s, enrolment_id, stage)
    try:
        return stage_service.decide(
            db,
            actor,
            enrolment_id,
            stage,
            approve=approve,
            comments=cleaned,
            expected_version=expected_version,
        )
    except Conflict:
        with db.read() as s:
            raise _who_changed(s, enrolment_id, stage) from None
    except DomainError as exc:
        if exc.key == "workflow.not_allowed_in_state" and expected_version is not None:
            with db.read() as s:
                raise _who_changed(s, enrolment_id, stage) from None
        raise
