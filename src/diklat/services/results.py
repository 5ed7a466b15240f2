"""Releasing a cohort's results, and what a participant sees of their marks.

Review decisions reach the participant at once; marks and the qualification only
after the coordinator releases the cohort's results (the release is audited and
can be withdrawn). Release is refused while a component is flagged and not
settled, so nobody publishes marks that the rule set says need a second look.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from diklat.db.engine import Database
from diklat.db.models import Cohort, Enrolment, Mark, Moderation, utcnow
from diklat.domain.marking import Settlement, effective_marks
from diklat.domain.roles import OVERSEERS, Role
from diklat.domain.rules import RuleSet
from diklat.domain.scoring import ParticipantFacts, compute_results, round_half_up
from diklat.services import audit
from diklat.services.access import enrolment_for, require_coordinator
from diklat.services.actor import Actor
from diklat.services.errors import Conflict, Invalid
from diklat.services.moderation import moderation_in


@dataclass(frozen=True)
class ComponentResult:
    code: str
    label: str
    weight: Decimal
    score: Decimal | None  # rounded to two decimals for display (the final uses it unrounded)


@dataclass(frozen=True)
class ResultView:
    components: list[ComponentResult]
    final: Decimal | None
    qualification: str | None  # the band's label
    released_at: datetime | None


def results_for(
    s: Session, cohorts: dict[int, Cohort], enrolment_cohort: dict[int, int]
) -> dict[int, ResultView]:
    """Results for the given enrolments (two queries whatever their number)."""
    ids = list(enrolment_cohort)
    if not ids:
        return {}
    marks: dict[tuple[int, str], list[tuple[Decimal, datetime]]] = {}
    for eid, comp, score, at in s.execute(
        select(Mark.enrolment_id, Mark.component, Mark.score, Mark.updated_at).where(
            Mark.enrolment_id.in_(ids)
        )
    ):
        marks.setdefault((eid, comp), []).append((Decimal(score), at))
    mods = {
        (eid, comp): Settlement(Decimal(score), at)
        for eid, comp, score, at in s.execute(
            select(
                Moderation.enrolment_id,
                Moderation.component,
                Moderation.score,
                Moderation.settled_at,
            ).where(Moderation.enrolment_id.in_(ids))
        )
    }
    out: dict[int, ResultView] = {}
    for eid, cid in enrolment_cohort.items():
        cohort = cohorts[cid]
        rules = RuleSet.model_validate(cohort.rules)
        counted = {}
        for component in rules.components:
            given = marks.get((eid, component.code), [])
            counted[component.code] = effective_marks(
                [sc for sc, _ in given],
                rules.double_marking_tolerance,
                mods.get((eid, component.code)),
                max((at for _, at in given), default=None),
            )
        facts = ParticipantFacts(
            key=eid,
            ndh=0,
            marks=counted,
            approved_stages=frozenset(),
            sessions_scheduled=0,
            sessions_attended=0,
        )
        result = compute_results(rules, [facts])[0]
        out[eid] = ResultView(
            components=[
                ComponentResult(
                    c.code,
                    c.text(),
                    c.weight,
                    None
                    if result.component_scores[c.code] is None
                    else round_half_up(result.component_scores[c.code]),
                )
                for c in rules.components
            ],
            final=result.final,
            qualification=rules.band(result.qualification).text() if result.qualification else None,
            released_at=cohort.results_released_at,
        )
    return out


def my_results(db: Database, actor: Actor, enrolment_id: int) -> ResultView | None:
    """A participant's marks and qualification: None until the results are released.
    The cohort's coordinators see them at any time."""
    with db.read() as s:
        enrolment, rel = enrolment_for(s, actor, enrolment_id, OVERSEERS | {Role.PARTICIPANT})
        cohort = s.get(Cohort, enrolment.cohort_id)
        if cohort.results_released_at is None and not rel & OVERSEERS:
            return None
        return results_for(s, {cohort.id: cohort}, {enrolment.id: cohort.id})[enrolment.id]


@dataclass(frozen=True)
class ReleaseInfo:
    cohort_id: int
    cohort_code: str
    cohort_name: str
    released_at: datetime | None
    participants: int
    with_final: int  # participants who have a final score (every component marked)
    flagged: int  # components still waiting for the coordinator's settlement
    version: int  # the cohort row's version (for the stale-save check)


def release_info(db: Database, actor: Actor, cohort_id: int) -> ReleaseInfo:
    with db.read() as s:
        require_coordinator(s, actor, cohort_id)
        return _info(s, cohort_id)


def _info(s: Session, cohort_id: int) -> ReleaseInfo:
    cohort = s.get(Cohort, cohort_id)
    enrolment_ids = list(s.scalars(select(Enrolment.id).where(Enrolment.cohort_id == cohort_id)))
    results = results_for(s, {cohort.id: cohort}, {eid: cohort.id for eid in enrolment_ids})
    flagged = moderation_in(s, cohort_id).open
    return ReleaseInfo(
        cohort.id,
        cohort.code,
        cohort.name,
        cohort.results_released_at,
        len(enrolment_ids),
        sum(1 for r in results.values() if r.final is not None),
        flagged,
        cohort.version,
    )


def release(
    db: Database, actor: Actor, cohort_id: int, *, expected_version: int | None = None
) -> ReleaseInfo:
    """Publish the cohort's marks and qualifications to its participants."""
    with db.write() as s:
        require_coordinator(s, actor, cohort_id)
        info = _info(s, cohort_id)
        cohort = s.get(Cohort, cohort_id)
        if expected_version is not None and cohort.version != expected_version:
            raise Conflict("release.changed_meanwhile", cohort=cohort.code)
        if cohort.results_released_at is not None:
            raise Invalid("release.already", cohort=cohort.code)
        if info.flagged:
            raise Invalid("release.flagged", count=info.flagged)
        now = utcnow()
        cohort.results_released_at = now
        s.flush()
        audit.record(
            s,
            actor,
            "results_released",
            "cohort",
            cohort.id,
            cohort_id=cohort.id,
            old={"results_released_at": None},
            new={
                "results_released_at": now.isoformat(),
                "participants": info.participants,
                "with_final": info.with_final,
            },
        )
        return _info(s, cohort_id)


def withdraw_release(
    db: Database, actor: Actor, cohort_id: int, *, expected_version: int | None = None
) -> ReleaseInfo:
    """Hide the results again (to correct a mark); audited like the release."""
    with db.write() as s:
        require_coordinator(s, actor, cohort_id)
        cohort = s.get(Cohort, cohort_id)
        if expected_version is not None and cohort.version != expected_version:
            raise Conflict("release.changed_meanwhile", cohort=cohort.code)
        if cohort.results_released_at is None:
            raise Invalid("release.not_released", cohort=cohort.code)
        if cohort.locked_at is not None:
            raise Invalid("marks.released")
        before = cohort.results_released_at
        cohort.results_released_at = None
        s.flush()
        audit.record(
            s,
            actor,
            "results_withdrawn",
            "cohort",
            cohort.id,
            cohort_id=cohort.id,
            old={"results_released_at": before.isoformat()},
            new={"results_released_at": None},
        )
        return _info(s, cohort_id)


def coordinated_cohorts(db: Database, actor: Actor) -> list[tuple[int, str, str]]:
    """(id, code, name) of the cohorts the actor coordinates (all, for an admin)."""
    from diklat.db.models import CohortStaff

    with db.read() as s:
        q = select(Cohort.id, Cohort.code, Cohort.name).order_by(
            Cohort.start_date.desc(), Cohort.code
        )
        if not actor.is_admin:
            q = q.where(
                Cohort.id.in_(
                    select(CohortStaff.cohort_id).where(
                        CohortStaff.person_id == actor.person_id,
                        CohortStaff.role == Role.COORDINATOR.value,
                    )
                )
            )
        return [(cid, code, name) for cid, code, name in s.execute(q)]
