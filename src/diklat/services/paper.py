"""Stages done on paper (issue 14 part 8): a cohort that did its stage work outside
diklat graduates through it without touching the rule set.

The coordinator approves chosen stages for many participants at once, with a note
("done on paper, recorded by the coordinator"). Each approval is recorded the way the
workflow records one: a new version of the stage (the participant's draft as it
stands, the participant as its author), the reviewer's approval entered by the
coordinator on their behalf (as ``stages.decide`` does), and the note as the review's
comment, so history, review and results screens show what happened and who entered it.

All or nothing, in one transaction; refused in a locked cohort; a stage already
approved is left as it is; a stage whose earlier stage is neither approved nor
approved in the same batch is refused (the workflow's order holds on paper too).
Audited per stage and for the batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from diklat.db.engine import Database
from diklat.db.models import Comment, Enrolment, Review, StageRecord, Submission, utcnow
from diklat.domain.content import parse_content
from diklat.domain.roles import Role
from diklat.domain.workflow import PREREQUISITE, REVIEWER, STAGES, Stage, State, stage_label
from diklat.services import audit
from diklat.services.access import coordinated, ensure_unlocked
from diklat.services.actor import Actor
from diklat.services.errors import Invalid, NotFound

MAX_NOTE = 500


@dataclass(frozen=True)
class PaperResult:
    cohort_code: str
    approved: int  # stages approved now
    already: int  # stages that were approved before
    participants: int


def parse_ndhs(text: str) -> list[int] | None:
    """``"1-5, 7 9"`` -> [1, 2, 3, 4, 5, 7, 9]; empty or ``semua``/``all`` -> None
    (every participant); Invalid naming the part that is not a number or range."""
    text = text.strip()
    if text.lower() in ("", "semua", "all"):
        return None
    out: list[int] = []
    for part in text.replace(",", " ").replace(";", " ").split():
        low, dash, high = part.partition("-")
        if not low.isdigit() or (dash and not high.isdigit()):
            raise Invalid("paper.bad_ndh", part=part[:20])
        first, last = int(low), int(high) if dash else int(low)
        if last < first or last - first > 10_000:
            raise Invalid("paper.bad_ndh", part=part[:20])
        out.extend(range(first, last + 1))
    return out


def _content(stage: Stage, draft: dict | None) -> dict:
    """The draft as a version, when it reads as one; an empty version otherwise (the
    work itself is on paper)."""
    try:
        return parse_content(stage, draft or {}).model_dump(mode="json")
    except ValidationError:  # a half-typed draft: the paper is what counts
        return parse_content(stage, {}).model_dump(mode="json")


def _enrolments(s: Session, cohort_id: int, ndhs: Sequence[int] | None) -> list[Enrolment]:
    q = select(Enrolment).where(Enrolment.cohort_id == cohort_id).order_by(Enrolment.ndh)
    rows = list(s.scalars(q))
    if ndhs is None:
        return rows
    by_ndh = {e.ndh: e for e in rows}
    missing = [n for n in ndhs if n not in by_ndh]
    if missing:
        raise NotFound("paper.no_ndh", ndh=", ".join(str(n) for n in missing))
    return [by_ndh[n] for n in dict.fromkeys(ndhs)]


def approve_on_paper(
    db: Database,
    actor: Actor,
    cohort_code: str,
    stages: Sequence[Stage],
    note: str,
    ndhs: Sequence[int] | None = None,
) -> PaperResult:
    """Approve ``stages`` for the participants numbered ``ndhs`` (None: every participant)."""
    note = " ".join(note.split())
    if not note:
        raise Invalid("paper.note_required")
    if len(note) > MAX_NOTE:
        raise Invalid("paper.note_too_long", max=MAX_NOTE)
    wanted = [st for st in STAGES if st in set(stages)]  # in the workflow's order
    if not wanted:
        raise Invalid("paper.no_stage")
    with db.write() as s:
        cohort = coordinated(s, actor, cohort_code)
        ensure_unlocked(cohort)
        enrolments = _enrolments(s, cohort.id, ndhs)
        if not enrolments:
            raise Invalid("paper.no_participants", code=cohort.code)
        records = {
            (r.enrolment_id, r.stage): r
            for r in s.scalars(
                select(StageRecord).where(StageRecord.enrolment_id.in_([e.id for e in enrolments]))
            )
        }
        now = utcnow()
        approved = already = 0
        entries: list[dict] = []
        for e in enrolments:
            for stage in wanted:
                record = records.get((e.id, stage.value))
                if record is not None and record.state == State.APPROVED.value:
                    already += 1
                    continue
                before = PREREQUISITE[stage]
                if before is not None:
                    prior = records.get((e.id, before.value))
                    if prior is None or prior.state != State.APPROVED.value:
                        raise Invalid(
                            "paper.prerequisite",
                            ndh=e.ndh,
                            stage=stage_label(stage, cohort.project_term),
                            before=stage_label(before, cohort.project_term),
                        )
                if record is None:
                    record = StageRecord(enrolment_id=e.id, stage=stage.value, draft={})
                    s.add(record)
                    records[(e.id, stage.value)] = record
                old_state = record.state if record.id else State.NOT_STARTED.value
                submission = _version(s, e, stage, record, now)
                reviewer = e.mentor_id if REVIEWER[stage] is Role.MENTOR else e.coach_id
                entered_by = actor.person_id or reviewer or e.person_id
                s.add(
                    Review(
                        submission_id=submission.id,
                        reviewer_id=reviewer or entered_by,
                        recorded_by=entered_by,
                        decision=State.APPROVED.value,
                        decided_at=now,
                    )
                )
                s.add(
                    Comment(
                        submission_id=submission.id,
                        author_id=entered_by,
                        section="",
                        text=note,
                        created_at=now,
                    )
                )
                record.state = State.APPROVED.value
                record.state_changed_at = now
                s.flush()
                approved += 1
                entries.append(
                    dict(
                        action="stage_approved_on_paper",
                        entity="stage_record",
                        entity_id=record.id,
                        cohort_id=cohort.id,
                        old={"state": old_state},
                        new={
                            "state": State.APPROVED.value,
                            "version": submission.number,
                            "ndh": e.ndh,
                            "note": note,
                        },
                        on_behalf_of=reviewer,
                    )
                )
        entries.append(
            dict(
                action="stages_approved_on_paper",
                entity="cohort",
                entity_id=cohort.id,
                cohort_id=cohort.id,
                new={
                    "stages": [st.value for st in wanted],
                    "ndh": [e.ndh for e in enrolments],
                    "approved": approved,
                    "already": already,
                    "note": note,
                },
            )
        )
        audit.record_many(s, actor, entries)
        return PaperResult(cohort.code, approved, already, len(enrolments))


def _version(s: Session, e: Enrolment, stage: Stage, record: StageRecord, now) -> Submission:
    """The next version of the stage: the draft as it stands, by the participant."""
    number = (
        s.scalar(
            select(func.max(Submission.number)).where(
                Submission.enrolment_id == e.id, Submission.stage == stage.value
            )
        )
        or 0
    ) + 1
    submission = Submission(
        enrolment_id=e.id,
        stage=stage.value,
        number=number,
        content=_content(stage, record.draft),
        submitted_at=now,
        submitted_by=e.person_id,
    )
    s.add(submission)
    s.flush()
    return submission
