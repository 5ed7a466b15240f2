"""The seminar rubric as a participant sees it: before submitting the design or the
report, the rubric its seminar is marked with (criteria, weights, level ranges); once
the cohort's results are released, the marks given with it, criterion by criterion.

Markers are named by their role ("Penguji 1"), not by name: the released marks are the
participant's, the people who gave them are the cohort's business.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select

from diklat.db.engine import Database
from diklat.db.models import Cohort, Mark, MarkCriterion
from diklat.domain.marking import DOCUMENT_OF
from diklat.domain.roles import EVERYONE, Role
from diklat.domain.rubric import Rubric
from diklat.domain.rules import RuleSet
from diklat.domain.workflow import Stage
from diklat.services import rubrics
from diklat.services.access import enrolment_for
from diklat.services.actor import Actor

READERS = EVERYONE  # whoever may read the participant's stages
COMPONENT_OF = {stage: component for component, stage in DOCUMENT_OF.items()}


@dataclass(frozen=True)
class CriterionMark:
    label: str
    level: str  # the level's label ("" when none was recorded)
    score: Decimal


@dataclass(frozen=True)
class GivenMark:
    role: Role
    number: int  # 1, 2, … among the markers of that role
    score: Decimal
    criteria: list[CriterionMark] = field(default_factory=list)


@dataclass(frozen=True)
class SeminarRubric:
    component: str
    component_label: str
    weight: Decimal  # the component's weight in the final score
    rubric: Rubric | None  # None: the component is marked directly (0–100)
    released: bool
    marks: list[GivenMark] = field(default_factory=list)  # empty until released


def seminar_rubric(
    db: Database, actor: Actor, enrolment_id: int, stage: Stage
) -> SeminarRubric | None:
    """The rubric of the seminar that judges ``stage`` (design, report) in the
    participant's cohort, and the marks given with it once the results are released;
    None for a stage no seminar judges."""
    component = COMPONENT_OF.get(stage)
    if component is None:
        return None
    with db.read() as s:
        enrolment, _ = enrolment_for(s, actor, enrolment_id, READERS)
        cohort = s.get(Cohort, enrolment.cohort_id)
        rules = RuleSet.model_validate(cohort.rules)
        comp = next((c for c in rules.components if c.code == component), None)
        if comp is None:
            return None
        released = cohort.results_released_at is not None
        given: list[GivenMark] = []
        if released:
            given = _given(s, enrolment_id, component)
        return SeminarRubric(
            component=component,
            component_label=comp.text(),
            weight=comp.weight,
            rubric=rubrics.current(s, component),
            released=released,
            marks=given,
        )


def _given(s, enrolment_id: int, component: str) -> list[GivenMark]:
    marks = list(
        s.scalars(
            select(Mark)
            .where(Mark.enrolment_id == enrolment_id, Mark.component == component)
            .order_by(Mark.marker_role, Mark.id)
        )
    )
    criteria: dict[int, list[MarkCriterion]] = {}
    if marks:
        for row in s.scalars(
            select(MarkCriterion)
            .where(MarkCriterion.mark_id.in_([m.id for m in marks]))
            .order_by(MarkCriterion.id)
        ):
            criteria.setdefault(row.mark_id, []).append(row)
    out: list[GivenMark] = []
    counts: dict[str, int] = {}
    for mark in marks:
        counts[mark.marker_role] = counts.get(mark.marker_role, 0) + 1
        used = (
            rubrics.load(s, mark.rubric_code, mark.rubric_version)
            if mark.rubric_code and mark.rubric_version
            else None
        )
        out.append(
            GivenMark(
                role=Role(mark.marker_role),
                number=counts[mark.marker_role],
                score=Decimal(mark.score),
                criteria=[_criterion(used, row) for row in criteria.get(mark.id, [])],
            )
        )
    return out


def _criterion(rubric: Rubric | None, row: MarkCriterion) -> CriterionMark:
    label, level = row.criterion, row.level
    if rubric is not None:
        found = next((c for c in rubric.criteria if c.code == row.criterion), None)
        if found is not None:
            label = found.text()
            named = next((lv for lv in found.levels if lv.code == row.level), None)
            level = named.text() if named is not None else row.level
    return CriterionMark(label=label, level=level, score=Decimal(row.score))
