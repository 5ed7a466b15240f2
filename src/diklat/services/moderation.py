"""Moderation: components whose marks differ by more than the rule set's tolerance.

- Such a component is flagged; the coordinator (or an administrator) settles it
  with the score that counts and a reason, kept in the audit log.
- A mark saved after the settlement flags it again (``domain.marking.moderation_state``).
- After the cohort's results are released, or while it is locked, settlements are frozen.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from diklat.db.engine import Database
from diklat.db.models import Cohort, Enrolment, Mark, Moderation, Person, utcnow
from diklat.domain.marking import ModerationState, Settlement, moderation_state, spread
from diklat.domain.roles import OVERSEERS, STAFF
from diklat.domain.rules import RuleSet, validate_mark
from diklat.services import audit
from diklat.services.access import enrolment_for, require_coordinator
from diklat.services.actor import Actor
from diklat.services.errors import Conflict, Forbidden, Invalid
from diklat.services.marking import (
    MAX_REASON,
    MarkView,
    SettlementView,
    mark_views,
    person_names,
    settlement_view,
)


@dataclass(frozen=True)
class FlaggedComponent:
    enrolment_id: int
    participant: str
    ndh: int
    component: str
    label: str
    marks: list[MarkView]
    spread: Decimal
    state: ModerationState
    settlement: SettlementView | None


@dataclass(frozen=True)
class ModerationList:
    cohort_id: int
    cohort_code: str
    cohort_name: str
    tolerance: Decimal
    released: bool
    items: list[FlaggedComponent]

    @property
    def open(self) -> int:
        return sum(1 for i in self.items if i.state == "flagged")


def moderation_list(db: Database, actor: Actor, cohort_id: int) -> ModerationList:
    """Every component of the cohort whose marks differ by more than the tolerance
    (flagged first, then settled ones), with all its marks. A fixed number of queries."""
    with db.read() as s:
        require_coordinator(s, actor, cohort_id)
        return moderation_in(s, cohort_id)


def moderation_in(s: Session, cohort_id: int) -> ModerationList:
    cohort = s.get(Cohort, cohort_id)
    rules = RuleSet.model_validate(cohort.rules)
    enrolments = {
        e.id: (e, name)
        for e, name in s.execute(
            select(Enrolment, Person.name)
            .join(Person, Person.id == Enrolment.person_id)
            .where(Enrolment.cohort_id == cohort_id)
        )
    }
    marks = (
        list(s.scalars(select(Mark).where(Mark.enrolment_id.in_(enrolments)).order_by(Mark.id)))
        if enrolments
        else []
    )
    views = mark_views(s, marks)
    mods = (
        {
            (m.enrolment_id, m.component): m
            for m in s.scalars(select(Moderation).where(Moderation.enrolment_id.in_(enrolments)))
        }
        if enrolments
        else {}
    )
    names = person_names(s, {m.settled_by for m in mods.values()})
    grouped: dict[tuple[int, str], list[MarkView]] = {}
    for v in views:
        grouped.setdefault((v.enrolment_id, v.component), []).append(v)
    items = []
    labels = {c.code: c.text() for c in rules.components}
    for (eid, comp), of_comp in grouped.items():
        scores = [v.score for v in of_comp]
        if spread(scores) <= rules.double_marking_tolerance or len(scores) < 2:
            continue
        mod = mods.get((eid, comp))
        last = max(v.updated_at for v in of_comp)
        state = moderation_state(
            scores,
            rules.double_marking_tolerance,
            Settlement(Decimal(mod.score), mod.settled_at) if mod else None,
            last,
        )
        enrolment, name = enrolments[eid]
        items.append(
            FlaggedComponent(
                eid,
                name,
                enrolment.ndh,
                comp,
                labels.get(comp, comp),
                of_comp,
                spread(scores),
                state,
                settlement_view(mod, names, last),
            )
        )
    order = [c.code for c in rules.components]
    items.sort(
        key=lambda i: (
            i.state != "flagged",
            i.ndh,
            order.index(i.component) if i.component in order else 99,
        )
    )
    return ModerationList(
        cohort.id,
        cohort.code,
        cohort.name,
        rules.double_marking_tolerance,
        cohort.results_released_at is not None,
        items,
    )


def settle(
    db: Database,
    actor: Actor,
    enrolment_id: int,
    component: str,
    *,
    score: object,
    reason: str,
    expected_version: int | None,
) -> SettlementView:
    """The coordinator's settlement of a flagged component: the score that counts, and why."""
    reason = (reason or "").strip()
    with db.write() as s:
        enrolment, rel = enrolment_for(s, actor, enrolment_id, STAFF)
        if not rel & OVERSEERS or actor.person_id is None:
            raise Forbidden("perm.not_coordinator")
        cohort = s.get(Cohort, enrolment.cohort_id)
        rules = RuleSet.model_validate(cohort.rules)
        comp = rules.component(component)
        if cohort.results_released_at is not None or cohort.locked_at is not None:
            raise Invalid("marks.released")
        if not reason:
            raise Invalid("moderation.reason_required")
        if len(reason) > MAX_REASON:
            raise Invalid("review.comment_too_long", max=MAX_REASON, length=len(reason))
        value = validate_mark(rules, score)
        scores = [
            Decimal(x)
            for x in s.scalars(
                select(Mark.score).where(
                    Mark.enrolment_id == enrolment_id, Mark.component == component
                )
            )
        ]
        if len(scores) < 2 or spread(scores) <= rules.double_marking_tolerance:
            raise Invalid(
                "moderation.not_flagged",
                component=comp.text(),
                tolerance=rules.double_marking_tolerance,
            )
        mod = s.scalar(
            select(Moderation).where(
                Moderation.enrolment_id == enrolment_id, Moderation.component == component
            )
        )
        if mod is not None and mod.version != expected_version:
            name = person_names(s, {mod.settled_by}).get(mod.settled_by, "?")
            raise Conflict(
                "moderation.changed_meanwhile",
                name=name,
                score=Decimal(mod.score).quantize(Decimal("0.01")),
                at=mod.settled_at,  # shown in the reader's local time
                component=comp.text(),
            )
        if mod is None and expected_version is not None:
            raise Conflict("marks.deleted_meanwhile", component=comp.text())
        old = (
            {"score": str(Decimal(mod.score).quantize(Decimal("0.01"))), "reason": mod.reason}
            if mod
            else None
        )
        now = utcnow()
        if mod is None:
            mod = Moderation(
                enrolment_id=enrolment_id,
                component=component,
                score=value,
                reason=reason,
                settled_by=actor.person_id,
                settled_at=now,
            )
            s.add(mod)
        mod.score, mod.reason, mod.settled_at = value, reason, now
        if actor.person_id is not None:
            mod.settled_by = actor.person_id
        s.flush()
        audit.record(
            s,
            actor,
            "moderation_settled",
            "moderation",
            mod.id,
            cohort_id=cohort.id,
            old=old,
            new={
                "score": str(value),
                "reason": reason,
                "marks": sorted(str(x) for x in scores),
                "enrolment_id": enrolment_id,
                "component": component,
            },
        )
        return settlement_view(mod, person_names(s, {mod.settled_by}), None)
