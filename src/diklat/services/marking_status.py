"""Marking completeness of one cohort: per component and per marker, the marks expected
and received; the components whose marks differ by more than the tolerance.

Expected: for every active participant, each component's marker roles as the rule set
lists them: the assigned coach, mentor and each examiner, and one mark from any of the
cohort's coordinators for a coordinator's component. A role nobody is assigned to is
expected too (its line names no marker), so a missing assignment shows as missing marks.
A mark is *due* once it can be given: a seminar component once its document is
submitted (``domain.marking.DOCUMENT_OF``), any other component once the cohort's end
date has come. Reminders name only due marks; completeness counts all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from diklat.db.engine import Database
from diklat.db.models import Cohort, Enrolment, EnrolmentExaminer, Mark, Person, StageRecord
from diklat.domain import clock
from diklat.domain.marking import DOCUMENT_OF
from diklat.domain.roles import Role
from diklat.domain.rules import RuleSet
from diklat.domain.workflow import State
from diklat.services.access import coordinated
from diklat.services.actor import Actor
from diklat.services.moderation import moderation_in

SUBMITTED = frozenset({State.SUBMITTED.value, State.APPROVED.value})


@dataclass(frozen=True)
class MissingMark:
    enrolment_id: int
    ndh: int
    participant: str
    due: bool


@dataclass
class MarkerLine:
    """One marker (or, with ``marker_id`` None, an unassigned role or "any coordinator")
    of one component."""

    component: str
    label: str
    role: Role
    marker_id: int | None
    marker: str
    expected: int = 0
    received: int = 0
    missing: list[MissingMark] = field(default_factory=list)

    @property
    def due_missing(self) -> list[MissingMark]:
        return [m for m in self.missing if m.due]


@dataclass(frozen=True)
class ComponentLine:
    component: str
    label: str
    expected: int
    received: int
    flagged: int  # participants whose marks breach the tolerance, not settled
    settled: int


@dataclass(frozen=True)
class MarkingCompleteness:
    cohort_id: int
    code: str
    released: bool
    components: list[ComponentLine]
    markers: list[MarkerLine]

    @property
    def missing(self) -> int:
        return sum(c.expected - c.received for c in self.components)

    @property
    def flagged(self) -> int:
        return sum(c.flagged for c in self.components)

    @property
    def complete(self) -> bool:
        """Every expected mark is in and no flag is unsettled."""
        return self.missing == 0 and self.flagged == 0


def marking_completeness(
    db: Database, actor: Actor, cohort: int | str, *, today: date | None = None
) -> MarkingCompleteness:
    with db.read() as s:
        row = coordinated(s, actor, cohort)
        return completeness_of(s, row, today or clock.today())


def completeness_of(s: Session, cohort: Cohort, today: date) -> MarkingCompleteness:
    """``marking_completeness`` inside an open transaction (the draft mark on exports and
    the reminders use it). A fixed number of queries whatever the cohort size."""
    rules = RuleSet.model_validate(cohort.rules)
    people = s.execute(
        select(Enrolment.id, Enrolment.ndh, Person.name, Enrolment.coach_id, Enrolment.mentor_id)
        .join(Person, Person.id == Enrolment.person_id)
        .where(Enrolment.cohort_id == cohort.id, Enrolment.status == "active")
        .order_by(Enrolment.ndh)
    ).all()
    ids = [p[0] for p in people]
    examiners: dict[int, list[int]] = {}
    marks: set[tuple[int, str, int]] = set()
    by_coordinator: set[tuple[int, str]] = set()
    submitted: set[tuple[int, str]] = set()
    if ids:
        for eid, pid in s.execute(
            select(EnrolmentExaminer.enrolment_id, EnrolmentExaminer.person_id)
            .where(EnrolmentExaminer.enrolment_id.in_(ids))
            .order_by(EnrolmentExaminer.id)
        ):
            examiners.setdefault(eid, []).append(pid)
        for eid, code, marker, role in s.execute(
            select(Mark.enrolment_id, Mark.component, Mark.marker_id, Mark.marker_role).where(
                Mark.enrolment_id.in_(ids)
            )
        ):
            marks.add((eid, code, marker))
            if role in (Role.COORDINATOR.value, Role.ADMIN.value):
                by_coordinator.add((eid, code))
        stages = [st.value for st in DOCUMENT_OF.values()]
        for eid, stage in s.execute(
            select(StageRecord.enrolment_id, StageRecord.stage).where(
                StageRecord.enrolment_id.in_(ids),
                StageRecord.stage.in_(stages),
                StageRecord.state.in_(SUBMITTED),
            )
        ):
            submitted.add((eid, stage))
    marker_ids = {p[3] for p in people} | {p[4] for p in people}
    marker_ids |= {pid for pids in examiners.values() for pid in pids}
    marker_ids.discard(None)
    names = (
        dict(s.execute(select(Person.id, Person.name).where(Person.id.in_(marker_ids))).all())
        if marker_ids
        else {}
    )
    lines: dict[tuple[str, Role, int | None], MarkerLine] = {}
    totals: dict[str, list[int]] = {}
    for comp in rules.components:
        label = comp.text()
        document = DOCUMENT_OF.get(comp.code)
        for eid, ndh, pname, coach, mentor in people:
            due = (eid, document.value) in submitted if document else cohort.end_date <= today
            for role in comp.marker_roles:
                if role in (Role.COORDINATOR, Role.ADMIN):
                    assigned: list[int | None] = [None]
                elif role is Role.COACH:
                    assigned = [coach]
                elif role is Role.MENTOR:
                    assigned = [mentor]
                else:
                    assigned = list(examiners.get(eid, [])) or [None]
                for marker in assigned:
                    key = (comp.code, role, marker)
                    line = lines.get(key)
                    if line is None:
                        line = lines[key] = MarkerLine(
                            comp.code, label, role, marker, names.get(marker, "") if marker else ""
                        )
                    got = (
                        (eid, comp.code) in by_coordinator
                        if role in (Role.COORDINATOR, Role.ADMIN)
                        else marker is not None and (eid, comp.code, marker) in marks
                    )
                    line.expected += 1
                    total = totals.setdefault(comp.code, [0, 0])
                    total[0] += 1
                    if got:
                        line.received += 1
                        total[1] += 1
                    else:
                        line.missing.append(MissingMark(eid, ndh, pname, due))
    moderation = moderation_in(s, cohort.id)
    components = []
    for comp in rules.components:
        expected, received = totals.get(comp.code, [0, 0])
        of_comp = [i for i in moderation.items if i.component == comp.code]
        components.append(
            ComponentLine(
                comp.code,
                comp.text(),
                expected,
                received,
                sum(1 for i in of_comp if i.state == "flagged"),
                sum(1 for i in of_comp if i.state == "settled"),
            )
        )
    order = {c.code: n for n, c in enumerate(rules.components)}
    markers = sorted(
        lines.values(),
        key=lambda m: (order[m.component], m.marker_id is None, m.role.value, m.marker),
    )
    return MarkingCompleteness(
        cohort.id, cohort.code, cohort.results_released_at is not None, components, markers
    )


def graduation_is_draft(db: Database, actor: Actor, cohort: int | str) -> bool:
    """A graduation list exported now is a draft: the results are not released and marks
    are missing or differences over the tolerance are not settled."""
    with db.read() as s:
        row = coordinated(s, actor, cohort)
        if row.results_released_at is not None:
            return False
        return not completeness_of(s, row, clock.today()).complete
