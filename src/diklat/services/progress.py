"""The cohort at a glance: participants by stage, counts, who is late, the score
distribution.

A stage is *late* when its due date (the participant's extension, else the
cohort's deadline) has passed and it is neither submitted nor approved. Counts
per stage and state come from SQL (``cohorts.stage_counts``); the whole screen
costs a fixed number of queries whatever the cohort size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from diklat.db.engine import Database
from diklat.db.models import Deadline, Enrolment, Extension, Person, StageRecord
from diklat.domain import clock
from diklat.domain.workflow import STAGES, Stage, State
from diklat.services.access import coordinated
from diklat.services.actor import Actor
from diklat.services.cohorts import stage_counts
from diklat.services.graduation import results_of

DONE = frozenset({State.SUBMITTED, State.APPROVED})
# Score distribution bins: the qualification bands' edges are more useful than tens,
# but bands are per cohort; bins of ten are the same for every cohort and easy to read.
BINS = tuple(range(0, 100, 10))


@dataclass(frozen=True)
class ParticipantProgress:
    enrolment_id: int
    ndh: int
    name: str
    status: str
    states: dict[Stage, State]
    late: tuple[Stage, ...]
    coach: str
    final: Decimal | None


@dataclass(frozen=True)
class Progress:
    cohort_id: int
    code: str
    name: str
    status: str
    released: bool
    locked: bool
    today: date
    deadlines: dict[Stage, date]
    participants: list[ParticipantProgress]
    counts: dict[Stage, dict[State, int]]
    late_by_stage: dict[Stage, int]
    distribution: list[tuple[str, int]] = field(default_factory=list)  # ("70–79.99", n)
    with_final: int = 0
    project_term: str = ""  # the cohort's name for the change project (stage names)

    @property
    def late_people(self) -> list[ParticipantProgress]:
        return [p for p in self.participants if p.late]

    def approved_share(self, stage: Stage) -> tuple[int, int]:
        total = len(self.participants)
        return self.counts.get(stage, {}).get(State.APPROVED, 0), total


def is_late(due: date | None, state: State, today: date) -> bool:
    """The one rule of lateness (the due date is the participant's extension, else the
    cohort's deadline)."""
    return due is not None and due < today and state not in DONE


def progress(
    db: Database, actor: Actor, cohort: int | str, *, today: date | None = None
) -> Progress:
    today = today or clock.today()
    with db.read() as s:
        row = coordinated(s, actor, cohort)
        deadlines = {
            Stage(st): due
            for st, due in s.execute(
                select(Deadline.stage, Deadline.due).where(Deadline.cohort_id == row.id)
            )
        }
        people = s.execute(
            select(Enrolment.id, Enrolment.ndh, Person.name, Enrolment.status, Enrolment.coach_id)
            .join(Person, Person.id == Enrolment.person_id)
            .where(Enrolment.cohort_id == row.id)
            .order_by(Enrolment.ndh)
        ).all()
        coach_ids = {c for *_, c in people if c}
        coaches = (
            {
                pid: name
                for pid, name in s.execute(
                    select(Person.id, Person.name).where(Person.id.in_(coach_ids))
                )
            }
            if coach_ids
            else {}
        )
        states: dict[int, dict[Stage, State]] = {}
        for eid, stage, state in s.execute(
            select(StageRecord.enrolment_id, StageRecord.stage, StageRecord.state)
            .join(Enrolment, Enrolment.id == StageRecord.enrolment_id)
            .where(Enrolment.cohort_id == row.id)
        ):
            states.setdefault(eid, {})[Stage(stage)] = State(state)
        extensions: dict[tuple[int, Stage], date] = {}
        for eid, stage, due in s.execute(
            select(Extension.enrolment_id, Extension.stage, Extension.due)
            .join(Enrolment, Enrolment.id == Extension.enrolment_id)
            .where(Enrolment.cohort_id == row.id)
        ):
            extensions[(eid, Stage(stage))] = due
        counts = stage_counts(s, [row.id])[row.id]
        results = results_of(s, row)
        finals = {r.enrolment_id: r.final for r in results.rows}
        participants = []
        late_by_stage = {st: 0 for st in STAGES}
        for eid, ndh, name, status, coach_id in people:
            mine = {st: states.get(eid, {}).get(st, State.NOT_STARTED) for st in STAGES}
            late = []
            if status == "active":
                for st in STAGES:
                    if is_late(extensions.get((eid, st)) or deadlines.get(st), mine[st], today):
                        late.append(st)
                        late_by_stage[st] += 1
            participants.append(
                ParticipantProgress(
                    eid,
                    ndh,
                    name,
                    status,
                    mine,
                    tuple(late),
                    coaches.get(coach_id, ""),
                    finals.get(eid),
                )
            )
        values = [f for f in finals.values() if f is not None]
        distribution = []
        for low in BINS:
            high = low + 10
            n = sum(1 for v in values if low <= v < high or (high == 100 and v == 100))
            distribution.append((f"{low}–{high if high < 100 else 100}", n))
        return Progress(
            row.id,
            row.code,
            row.name,
            row.status,
            row.results_released_at is not None,
            row.locked_at is not None,
            today,
            deadlines,
            participants,
            counts,
            late_by_stage,
            distribution,
            len(values),
            row.project_term,
        )
