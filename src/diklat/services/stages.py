"""A participant's stages: read, save the draft, submit; a reviewer's decision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from diklat.db.engine import Database
from diklat.db.models import (
    Cohort,
    Comment,
    Deadline,
    Enrolment,
    Extension,
    Person,
    Review,
    ReviewDraft,
    StageRecord,
    Submission,
    utcnow,
)
from diklat.domain import completeness
from diklat.domain.content import parse_content
from diklat.domain.roles import Role
from diklat.domain.text import clean_tree
from diklat.domain.workflow import (
    PREREQUISITE,
    REVIEWER,
    Action,
    Stage,
    State,
    stage_label,
    transition,
)
from diklat.services import audit
from diklat.services.access import enrolment_for, ensure_unlocked
from diklat.services.actor import Actor
from diklat.services.errors import Conflict, Incomplete, Invalid

READERS = frozenset(Role)  # anyone related to the participant may read their stages


@dataclass(frozen=True)
class CommentView:
    section: str
    text: str
    author: str
    at: datetime


@dataclass(frozen=True)
class ReviewView:
    decision: str
    reviewer: str
    recorded_by: str | None  # set when someone recorded it on the reviewer's behalf
    at: datetime
    submission_number: int
    comments: list[CommentView]


@dataclass(frozen=True)
class VersionInfo:
    number: int
    submitted_at: datetime


@dataclass(frozen=True)
class StageView:
    enrolment_id: int
    stage: Stage
    state: State
    draft: dict[str, Any]
    draft_saved_at: datetime | None
    row_version: int | None
    deadline: date | None
    extended_to: date | None
    versions: list[VersionInfo]
    latest_review: ReviewView | None
    project_term: str = ""  # the cohort's name for the change project (stage names, labels)


@dataclass(frozen=True)
class Saved:
    row_version: int
    saved_at: datetime


def _record(s: Session, enrolment_id: int, stage: Stage) -> StageRecord | None:
    return s.scalar(
        select(StageRecord).where(
            StageRecord.enrolment_id == enrolment_id, StageRecord.stage == stage.value
        )
    )


def _state(record: StageRecord | None) -> State:
    return State(record.state) if record else State.NOT_STARTED


def deadlines_for(s: Session, enrolment: Enrolment) -> tuple[dict[Stage, date], dict[Stage, date]]:
    cohort = {
        Stage(d.stage): d.due
        for d in s.scalars(select(Deadline).where(Deadline.cohort_id == enrolment.cohort_id))
    }
    own = {
        Stage(e.stage): e.due
        for e in s.scalars(select(Extension).where(Extension.enrolment_id == enrolment.id))
    }
    return cohort, own


def latest_reviews(s: Session, enrolment_ids: list[int]) -> dict[tuple[int, Stage], ReviewView]:
    """The newest decision per (enrolment, stage), with its comments, in three queries."""
    newest = (
        select(func.max(Review.id))
        .join(Submission, Submission.id == Review.submission_id)
        .where(Submission.enrolment_id.in_(enrolment_ids))
        .group_by(Submission.enrolment_id, Submission.stage)
    )
    rows = s.execute(
        select(Review, Submission.enrolment_id, Submission.stage, Submission.number, Submission.id)
        .join(Submission, Submission.id == Review.submission_id)
        .where(Review.id.in_(newest))
    ).all()
    people_ids = {r.reviewer_id for r, *_ in rows} | {r.recorded_by for r, *_ in rows}
    comments = (
        s.execute(
            select(Comment)
            .where(Comment.submission_id.in_([sid for *_, sid in rows]))
            .order_by(Comment.id)
        )
        .scalars()
        .all()
    )
    people_ids |= {c.author_id for c in comments}
    names = dict(s.execute(select(Person.id, Person.name).where(Person.id.in_(people_ids))).all())
    by_submission: dict[int, list[CommentView]] = {}
    for c in comments:
        by_submission.setdefault(c.submission_id, []).append(
            CommentView(
                section=c.section, text=c.text, author=names.get(c.author_id, ""), at=c.created_at
            )
        )
    out = {}
    for review, enrolment_id, stage, number, sid in rows:
        out[(enrolment_id, Stage(stage))] = ReviewView(
            decision=review.decision,
            reviewer=names.get(review.reviewer_id, ""),
            recorded_by=names.get(review.recorded_by)
            if review.recorded_by != review.reviewer_id
            else None,
            at=review.decided_at,
            submission_number=number,
            comments=by_submission.get(sid, []),
        )
    return out


def get_stage(db: Database, actor: Actor, enrolment_id: int, stage: Stage) -> StageView:
    with db.read() as s:
        enrolment, _ = enrolment_for(s, actor, enrolment_id, READERS)
        record = _record(s, enrolment_id, stage)
        cohort_dl, own_dl = deadlines_for(s, enrolment)
        versions = [
            VersionInfo(n, at)
            for n, at in s.execute(
                select(Submission.number, Submission.submitted_at)
                .where(Submission.enrolment_id == enrolment_id, Submission.stage == stage.value)
                .order_by(Submission.number)
            )
        ]
        return StageView(
            enrolment_id=enrolment_id,
            stage=stage,
            state=_state(record),
            draft=dict(record.draft) if record else {},
            draft_saved_at=record.draft_saved_at if record else None,
            # 0 while the stage has no record: a save that expects 0 is refused if a record
            # appeared meanwhile (two windows on a fresh stage must not overwrite each other).
            row_version=record.version if record else 0,
            deadline=cohort_dl.get(stage),
            extended_to=own_dl.get(stage),
            versions=versions,
            latest_review=latest_reviews(s, [enrolment_id]).get((enrolment_id, stage)),
            project_term=s.scalar(
                select(Cohort.project_term).where(Cohort.id == enrolment.cohort_id)
            )
            or "",
        )


def get_version(
    db: Database, actor: Actor, enrolment_id: int, stage: Stage, number: int
) -> dict[str, Any]:
    with db.read() as s:
        enrolment_for(s, actor, enrolment_id, READERS)
        content = s.scalar(
            select(Submission.content).where(
                Submission.enrolment_id == enrolment_id,
                Submission.stage == stage.value,
                Submission.number == number,
            )
        )
        if content is None:
            raise Invalid("stage.no_such_version", number=number)
        return dict(content)


def _validated(stage: Stage, content: dict[str, Any]) -> dict[str, Any]:
    try:
        # What a person typed or pasted is stored without terminal controls.
        return parse_content(stage, clean_tree(content)).model_dump(mode="json")
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise Invalid("stage.invalid_content", field=where, reason=err["msg"]) from None


def save_draft(
    db: Database,
    actor: Actor,
    enrolment_id: int,
    stage: Stage,
    content: dict[str, Any],
    *,
    expected_version: int | None = None,
) -> Saved:
    """Save the participant's draft. ``expected_version`` is the row version the editor
    loaded (0 when there was no draft yet; None skips the check); if someone saved
    meanwhile the save is refused rather than overwrite it."""
    data = _validated(stage, content)
    with db.write() as s:
        enrolment, rel = enrolment_for(s, actor, enrolment_id, frozenset({Role.PARTICIPANT}))
        record = _record(s, enrolment_id, stage)
        step = transition(stage, Action.EDIT, _state(record), Role.PARTICIPANT)
        current = record.version if record is not None else 0
        if expected_version is not None and current != expected_version:
            raise Conflict("stage.changed_meanwhile", stage=stage_label(stage))
        now = utcnow()
        if record is None:
            record = StageRecord(
                enrolment_id=enrolment_id, stage=stage.value, state=step.after.value, draft=data
            )
            s.add(record)
        else:
            record.draft = data
            if record.state != step.after.value:
                record.state = step.after.value
                record.state_changed_at = now
        record.draft_saved_at = now
        s.flush()
        return Saved(row_version=record.version, saved_at=now)


def current_content(s: Session, enrolment_id: int, stage: Stage) -> dict[str, Any]:
    """A stage's latest submitted version, or its draft when it has none."""
    content = s.scalar(
        select(Submission.content)
        .where(Submission.enrolment_id == enrolment_id, Submission.stage == stage.value)
        .order_by(Submission.number.desc())
        .limit(1)
    )
    if content is None:
        record = _record(s, enrolment_id, stage)
        content = record.draft if record else {}
    return dict(content)


def _ensure_unlocked(s: Session, enrolment) -> None:
    """Submissions and decisions feed the results: a locked cohort refuses them."""
    ensure_unlocked(s.get(Cohort, enrolment.cohort_id))


def submit_stage(db: Database, actor: Actor, enrolment_id: int, stage: Stage) -> int:
    """Freeze the draft as a new version and hand it to the reviewer; returns the version number."""
    with db.write() as s:
        enrolment, _ = enrolment_for(s, actor, enrolment_id, frozenset({Role.PARTICIPANT}))
        _ensure_unlocked(s, enrolment)
        record = _record(s, enrolment_id, stage)
        step = transition(stage, Action.SUBMIT, _state(record), Role.PARTICIPANT)
        before = PREREQUISITE[stage]
        if before is not None and _state(_record(s, enrolment_id, before)) is not State.APPROVED:
            raise Invalid(
                "stage.prerequisite", stage=stage_label(stage), before=stage_label(before)
            )
        if record is None:
            raise Invalid("stage.nothing_to_submit", stage=stage_label(stage))
        data = _validated(stage, record.draft)
        context = {
            other: current_content(s, enrolment_id, other)
            for other in completeness.NEEDS.get(stage, ())
        }
        gaps = completeness.missing(stage, data, context)
        if gaps:
            raise Incomplete(stage, gaps)
        number = (
            s.scalar(
                select(func.max(Submission.number)).where(
                    Submission.enrolment_id == enrolment_id, Submission.stage == stage.value
                )
            )
            or 0
        ) + 1
        now = utcnow()
        s.add(
            Submission(
                enrolment_id=enrolment_id,
                stage=stage.value,
                number=number,
                content=data,
                submitted_at=now,
                submitted_by=actor.person_id,
            )
        )
        record.state = step.after.value
        record.state_changed_at = now
        audit.record(
            s,
            actor,
            "stage_submitted",
            "stage_record",
            record.id,
            cohort_id=enrolment.cohort_id,
            old={"state": step.before.value},
            new={"state": step.after.value, "version": number},
        )
        return number


def decide(
    db: Database,
    actor: Actor,
    enrolment_id: int,
    stage: Stage,
    *,
    approve: bool,
    comments: Sequence[tuple[str, str]] = (),
    expected_version: int | None = None,
) -> State:
    """Approve a submitted stage or send it back. A revision request needs a comment.
    A coordinator may decide in the reviewer's place; the review then names both."""
    action = Action.APPROVE if approve else Action.REQUEST_REVISION
    comments = [(sec.strip(), txt.strip()) for sec, txt in comments if txt.strip()]
    if not approve and not comments:
        raise Invalid("review.comment_required")
    with db.write() as s:
        enrolment, rel = enrolment_for(
            s, actor, enrolment_id, frozenset({REVIEWER[stage], Role.COORDINATOR, Role.ADMIN})
        )
        _ensure_unlocked(s, enrolment)
        record = _record(s, enrolment_id, stage)
        as_role = REVIEWER[stage] if REVIEWER[stage] in rel else Role.COORDINATOR
        step = transition(stage, action, _state(record), as_role)
        if expected_version is not None and record.version != expected_version:
            raise Conflict("stage.changed_meanwhile", stage=stage_label(stage))
        submission = s.scalar(
            select(Submission)
            .where(Submission.enrolment_id == enrolment_id, Submission.stage == stage.value)
            .order_by(Submission.number.desc())
            .limit(1)
        )
        reviewer_id = actor.person_id
        on_behalf = None
        if REVIEWER[stage] not in rel:
            named = enrolment.mentor_id if REVIEWER[stage] is Role.MENTOR else enrolment.coach_id
            if named is not None:
                reviewer_id, on_behalf = named, named
        if reviewer_id is None:
            raise Invalid("review.no_reviewer")
        now = utcnow()
        s.add(
            Review(
                submission_id=submission.id,
                reviewer_id=reviewer_id,
                recorded_by=actor.person_id or reviewer_id,
                decision=step.after.value,
                decided_at=now,
            )
        )
        for section, text in comments:
            s.add(
                Comment(
                    submission_id=submission.id,
                    author_id=actor.person_id or reviewer_id,
                    section=section,
                    text=text,
                    created_at=now,
                )
            )
        # The comments are sent: drafts written on this version (anyone's) have served.
        s.execute(delete(ReviewDraft).where(ReviewDraft.submission_id == submission.id))
        record.state = step.after.value
        record.state_changed_at = now
        audit.record(
            s,
            actor,
            "stage_" + action.value,
            "stage_record",
            record.id,
            cohort_id=enrolment.cohort_id,
            old={"state": step.before.value},
            new={"state": step.after.value, "version": submission.number},
            on_behalf_of=on_behalf,
        )
        return step.after
