"""Reads for the participant's stage screens: every submitted version of a stage with
the decision and comments it received, and the other stages a screen builds on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from diklat.db.engine import Database, untyped
from diklat.db.models import Comment, Person, Review, StageRecord, Submission
from diklat.domain.workflow import Stage
from diklat.services.access import enrolment_for
from diklat.services.actor import Actor
from diklat.services.stages import READERS, CommentView


@dataclass(frozen=True)
class VersionView:
    number: int
    submitted_at: datetime
    content: dict[str, Any]
    decision: str | None  # "approved", "revision_requested" or None while waiting
    reviewer: str
    decided_at: datetime | None
    comments: list[CommentView]


def version_history(
    db: Database, actor: Actor, enrolment_id: int, stage: Stage
) -> list[VersionView]:
    """Every submitted version of ``stage``, oldest first, each with its newest decision."""
    with db.read() as s:
        enrolment_for(s, actor, enrolment_id, READERS)
        subs = list(
            s.scalars(
                select(Submission)
                .where(Submission.enrolment_id == enrolment_id, Submission.stage == stage.value)
                .order_by(Submission.number)
            )
        )
        ids = [x.id for x in subs]
        reviews: dict[int, Review] = {}
        for r in s.scalars(select(Review).where(Review.submission_id.in_(ids)).order_by(Review.id)):
            reviews[r.submission_id] = r
        comments = list(
            s.scalars(select(Comment).where(Comment.submission_id.in_(ids)).order_by(Comment.id))
        )
        people = {r.reviewer_id for r in reviews.values()} | {c.author_id for c in comments}
        names = dict(s.execute(select(Person.id, Person.name).where(Person.id.in_(people))).all())
        out = []
        for sub in subs:
            review = reviews.get(sub.id)
            out.append(
                VersionView(
                    number=sub.number,
                    submitted_at=sub.submitted_at,
                    content=dict(sub.content),
                    decision=review.decision if review else None,
                    reviewer=names.get(review.reviewer_id, "") if review else "",
                    decided_at=review.decided_at if review else None,
                    comments=[
                        CommentView(c.section, c.text, names.get(c.author_id, ""), c.created_at)
                        for c in comments
                        if c.submission_id == sub.id
                    ],
                )
            )
        return out


def stage_contents(
    db: Database, actor: Actor, enrolment_id: int, wanted: tuple[Stage, ...]
) -> dict[Stage, dict[str, Any]]:
    """The current content (draft) of other stages, for a screen that builds on them."""
    if not wanted:
        return {}
    with db.read() as s:
        enrolment_for(s, actor, enrolment_id, READERS)
        rows = s.execute(
            select(StageRecord.stage, StageRecord.draft).where(
                StageRecord.enrolment_id == enrolment_id,
                StageRecord.stage.in_([w.value for w in wanted]),
            )
        )
        found = {Stage(st): dict(draft or {}) for st, draft in untyped(rows)}
        return {w: found.get(w, {}) for w in wanted}
