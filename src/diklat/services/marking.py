"""Marking the components the rule set gives to my role; blind double marking.

- A marker marks each component the cohort's rule set gives to one of their
  roles towards the participant (coach, mentor, examiner; the coordinator for
  conduct), with a rubric or directly 0..100 with two decimals.
- Blind: a marker sees the other markers' marks for the same participant and
  component only once their own is saved (the coordinator sees all).
- The coordinator may record a mark on an assigned marker's behalf (a mentor far
  away); the mark keeps who gave it and who recorded it, the audit log says so.
- Marks differing by more than the rule set's tolerance flag the component; the
  coordinator settles it with a score and a reason (``services.moderation``).
- Optimistic locking: a save based on a stale version is refused with who saved
  what meanwhile; nothing is written.
- After the cohort's results are released, marks and settlements are frozen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from diklat.db.engine import Database
from diklat.db.models import (
    Cohort,
    Enrolment,
    EnrolmentExaminer,
    Mark,
    MarkCriterion,
    Moderation,
    Person,
    utcnow,
)
from diklat.domain.marking import (
    ModerationState,
    Settlement,
    may_see_others,
    moderation_state,
    spread,
)
from diklat.domain.roles import OVERSEERS, STAFF, Role, relations
from diklat.domain.rubric import Rubric
from diklat.domain.rules import RuleSet, validate_mark
from diklat.services import audit, rubrics
from diklat.services.access import enrolment_for
from diklat.services.actor import Actor
from diklat.services.errors import Conflict, Forbidden, Invalid

MAX_REASON = 4000


@dataclass(frozen=True)
class CriterionScore:
    criterion: str
    level: str
    score: Decimal


@dataclass(frozen=True)
class MarkView:
    id: int
    enrolment_id: int
    component: str
    marker_id: int
    marker: str
    marker_role: Role
    score: Decimal
    rubric_code: str | None
    rubric_version: int | None
    criteria: list[CriterionScore]
    recorded_by: str | None  # the recorder's name when someone else recorded it
    updated_at: datetime
    version: int


@dataclass(frozen=True)
class MarkerSlot:
    """Someone whose mark I may write: myself, or (for a coordinator) an assigned marker."""

    person_id: int
    name: str
    role: Role
    is_me: bool
    mark: MarkView | None


@dataclass(frozen=True)
class SettlementView:
    score: Decimal
    reason: str
    by: str
    at: datetime
    version: int
    current: bool  # False when a mark changed after it (the component is flagged again)


@dataclass(frozen=True)
class ComponentSheet:
    code: str
    label: str
    weight: Decimal
    rubric: Rubric | None  # the current rubric (a saved mark keeps its own version)
    slots: list[MarkerSlot]
    others: list[MarkView] | None  # the other marks; None while they are hidden from me
    hidden: int  # how many other marks exist while hidden
    state: ModerationState
    spread: Decimal
    settlement: SettlementView | None
    # The rubric versions my slots' marks were given with (a mark keeps its version).
    used_rubrics: dict[tuple[str, int], Rubric] = field(default_factory=dict)

    def rubric_for(self, slot: MarkerSlot) -> Rubric | None:
        mark = slot.mark
        if mark is not None and mark.rubric_code and mark.rubric_version:
            return self.used_rubrics.get((mark.rubric_code, mark.rubric_version), self.rubric)
        return self.rubric


@dataclass(frozen=True)
class MarkSheet:
    enrolment_id: int
    cohort_id: int
    cohort_code: str
    participant: str
    ndh: int
    tolerance: Decimal
    released: bool
    oversees: bool
    components: list[ComponentSheet]

    def component(self, code: str) -> ComponentSheet:
        return next(c for c in self.components if c.code == code)


# --- reading ---------------------------------------------------------------------------


def person_names(s: Session, ids: set[int]) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    return (
        dict(s.execute(select(Person.id, Person.name).where(Person.id.in_(ids))).all())
        if ids
        else {}
    )


def mark_views(s: Session, marks: list[Mark]) -> list[MarkView]:
    if not marks:
        return []
    criteria: dict[int, list[CriterionScore]] = {}
    for c in s.scalars(
        select(MarkCriterion)
        .where(MarkCriterion.mark_id.in_([m.id for m in marks]))
        .order_by(MarkCriterion.id)
    ):
        criteria.setdefault(c.mark_id, []).append(
            CriterionScore(c.criterion, c.level, Decimal(c.score).quantize(Decimal("0.01")))
        )
    names = person_names(s, {m.marker_id for m in marks} | {m.recorded_by for m in marks})
    return [
        MarkView(
            id=m.id,
            enrolment_id=m.enrolment_id,
            component=m.component,
            marker_id=m.marker_id,
            marker=names.get(m.marker_id, ""),
            marker_role=Role(m.marker_role),
            score=Decimal(m.score).quantize(Decimal("0.01")),
            rubric_code=m.rubric_code,
            rubric_version=m.rubric_version,
            criteria=criteria.get(m.id, []),
            recorded_by=names.get(m.recorded_by) if m.recorded_by != m.marker_id else None,
            updated_at=m.updated_at,
            version=m.version,
        )
        for m in marks
    ]


def settlement_view(
    mod: Moderation | None, names: Mapping[int, str], last_mark_at: datetime | None
) -> SettlementView | None:
    if mod is None:
        return None
    return SettlementView(
        score=Decimal(mod.score).quantize(Decimal("0.01")),
        reason=mod.reason,
        by=names.get(mod.settled_by, ""),
        at=mod.settled_at,
        version=mod.version,
        current=last_mark_at is None or mod.settled_at >= last_mark_at,
    )


def _assigned_markers(s: Session, enrolment: Enrolment) -> list[tuple[int, Role]]:
    out: list[tuple[int, Role]] = []
    if enrolment.coach_id is not None:
        out.append((enrolment.coach_id, Role.COACH))
    if enrolment.mentor_id is not None:
        out.append((enrolment.mentor_id, Role.MENTOR))
    for pid in s.scalars(
        select(EnrolmentExaminer.person_id)
        .where(EnrolmentExaminer.enrolment_id == enrolment.id)
        .order_by(EnrolmentExaminer.id)
    ):
        out.append((pid, Role.EXAMINER))
    return out


def my_role_for(rules: RuleSet, component: str, rel: frozenset[Role]) -> Role | None:
    """The role in which I mark ``component`` (the rule set's order decides ties), if any."""
    for role in rules.component(component).marker_roles:
        if role in rel:
            return role
    return None


def mark_sheet(db: Database, actor: Actor, enrolment_id: int) -> MarkSheet:
    with db.read() as s:
        return _sheet(s, actor, enrolment_id)


def _sheet(s: Session, actor: Actor, enrolment_id: int) -> MarkSheet:
    enrolment, rel = enrolment_for(s, actor, enrolment_id, STAFF)
    cohort = s.get(Cohort, enrolment.cohort_id)
    rules = RuleSet.model_validate(cohort.rules)
    oversees = bool(rel & OVERSEERS)
    assigned = _assigned_markers(s, enrolment) if oversees else []
    marks = list(s.scalars(select(Mark).where(Mark.enrolment_id == enrolment_id).order_by(Mark.id)))
    views = mark_views(s, marks)
    mods = {
        m.component: m
        for m in s.scalars(select(Moderation).where(Moderation.enrolment_id == enrolment_id))
    }
    names = person_names(
        s,
        {enrolment.person_id}
        | {pid for pid, _ in assigned}
        | {m.settled_by for m in mods.values()}
        | {actor.person_id or 0},
    )
    current = rubrics.current_many(s, [c.code for c in rules.components])
    components = []
    for comp in rules.components:
        mine_role = my_role_for(rules, comp.code, rel)
        of_comp = [v for v in views if v.component == comp.code]
        by_marker = {v.marker_id: v for v in of_comp}
        slots: list[MarkerSlot] = []
        if mine_role is not None and actor.person_id is not None:
            slots.append(
                MarkerSlot(
                    actor.person_id,
                    names.get(actor.person_id, actor.name),
                    mine_role,
                    True,
                    by_marker.get(actor.person_id),
                )
            )
        if oversees:
            for pid, role in assigned:
                if (
                    role in comp.marker_roles
                    and pid != actor.person_id
                    and all(x.person_id != pid for x in slots)
                ):
                    slots.append(
                        MarkerSlot(pid, names.get(pid, ""), role, False, by_marker.get(pid))
                    )
        if mine_role is None and not oversees:
            continue  # not mine to mark
        own_saved = actor.person_id in by_marker
        others_all = [v for v in of_comp if v.marker_id != actor.person_id]
        visible = may_see_others(own_mark_saved=own_saved, oversees=oversees)
        scores = [v.score for v in of_comp]
        last = max((v.updated_at for v in of_comp), default=None)
        mod = mods.get(comp.code)
        settlement = Settlement(Decimal(mod.score), mod.settled_at) if mod else None
        state = moderation_state(scores, rules.double_marking_tolerance, settlement, last)
        used = {}
        for slot in slots:
            m = slot.mark
            if m is not None and m.rubric_code and m.rubric_version:
                used[(m.rubric_code, m.rubric_version)] = rubrics.load(
                    s, m.rubric_code, m.rubric_version
                )
        components.append(
            ComponentSheet(
                used_rubrics=used,
                code=comp.code,
                label=comp.text(),
                weight=comp.weight,
                rubric=current.get(comp.code),
                slots=slots,
                others=others_all if visible else None,
                hidden=0 if visible else len(others_all),
                # A marker who has not marked yet does not learn that the marks disagree either.
                state=state if visible else "none",
                spread=spread(scores) if visible else Decimal(0),
                settlement=settlement_view(mod, names, last) if visible else None,
            )
        )
    return MarkSheet(
        enrolment_id=enrolment.id,
        cohort_id=cohort.id,
        cohort_code=cohort.code,
        participant=names.get(enrolment.person_id, ""),
        ndh=enrolment.ndh,
        tolerance=rules.double_marking_tolerance,
        released=cohort.results_released_at is not None,
        oversees=oversees,
        components=components,
    )


# --- the participants I mark -------------------------------------------------------------


@dataclass(frozen=True)
class ComponentStatus:
    marks_me: bool  # the component is mine to mark
    mine: bool  # my mark is saved
    count: int  # marks given (shown only to those who may see them: overseers, or after marking)
    flagged: bool  # the marks differ by more than the tolerance and are not settled


@dataclass(frozen=True)
class MarkingRow:
    enrolment_id: int
    cohort_code: str
    participant: str
    ndh: int
    components: dict[str, ComponentStatus]


MARKING_PAGE = 200


@dataclass(frozen=True)
class MarkingPage:
    rows: list[MarkingRow]
    # Where the next page starts (pass it as ``after``); None when this was the last one.
    next_after: tuple[str, int, int] | None


def marking_list(db: Database, actor: Actor, cohort_id: int | None = None) -> list[MarkingRow]:
    """Participants I mark (as coach, mentor, examiner; a coordinator: everyone in their
    cohorts) with, per component I mark, whether my mark is in. A fixed number of queries."""
    return _marking_rows(db, actor, cohort_id, None, None).rows


def marking_page(
    db: Database,
    actor: Actor,
    *,
    limit: int = MARKING_PAGE,
    after: tuple[str, int, int] | None = None,
) -> MarkingPage:
    """One page of :func:`marking_list`, in the same order (cohort code, NDH). An
    administrator oversees every participant of every cohort, tens of thousands at a
    large centre: the screen reads pages, so memory and time do not grow with them."""
    return _marking_rows(db, actor, None, limit, after)


def _marking_rows(
    db: Database,
    actor: Actor,
    cohort_id: int | None,
    limit: int | None,
    after: tuple[str, int, int] | None,
) -> MarkingPage:
    from diklat.db.models import CohortStaff

    with db.read() as s:
        pid = actor.person_id
        if pid is None and not actor.is_admin:
            return MarkingPage([], None)
        examined = select(EnrolmentExaminer.enrolment_id).where(EnrolmentExaminer.person_id == pid)
        coordinated = select(CohortStaff.cohort_id).where(
            CohortStaff.person_id == pid, CohortStaff.role == Role.COORDINATOR.value
        )
        # Plain columns, not entities: the rules document is read once per cohort below.
        q = (
            select(
                Enrolment.id,
                Enrolment.cohort_id,
                Enrolment.ndh,
                Enrolment.coach_id,
                Enrolment.mentor_id,
                Cohort.code,
                Person.name,
            )
            .join(Cohort, Cohort.id == Enrolment.cohort_id)
            .join(Person, Person.id == Enrolment.person_id)
        )
        if not actor.is_admin:
            q = q.where(
                (Enrolment.coach_id == pid)
                | (Enrolment.mentor_id == pid)
                | Enrolment.id.in_(examined)
                | Enrolment.cohort_id.in_(coordinated)
            )
        if cohort_id is not None:
            q = q.where(Enrolment.cohort_id == cohort_id)
        if after is not None:  # keyset: strictly after the previous page's last row
            code, ndh, eid = after
            q = q.where(
                (Cohort.code > code)
                | ((Cohort.code == code) & (Enrolment.ndh > ndh))
                | ((Cohort.code == code) & (Enrolment.ndh == ndh) & (Enrolment.id > eid))
            )
        q = q.order_by(Cohort.code, Enrolment.ndh, Enrolment.id)
        if limit is not None:
            q = q.limit(limit)
        rows = s.execute(q).all()
        ids = [r.id for r in rows]
        cohort_ids = sorted({r.cohort_id for r in rows})
        examiner_of = (
            set(s.scalars(examined.where(EnrolmentExaminer.enrolment_id.in_(ids))))
            if ids
            else set()
        )
        coordinator_of = set(s.scalars(coordinated)) if pid is not None else set()
        rules_of = {
            cid: RuleSet.model_validate(doc)
            for cid, doc in s.execute(
                select(Cohort.id, Cohort.rules).where(Cohort.id.in_(cohort_ids))
            )
        }
        marks: dict[tuple[int, str], list[tuple[int, Decimal, datetime]]] = {}
        for eid, comp, marker, score, at in s.execute(
            select(
                Mark.enrolment_id, Mark.component, Mark.marker_id, Mark.score, Mark.updated_at
            ).where(Mark.enrolment_id.in_(ids))
        ):
            marks.setdefault((eid, comp), []).append((marker, Decimal(score), at))
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
        out = []
        for enrolment in rows:
            rules = rules_of[enrolment.cohort_id]
            rel = relations(
                pid,
                is_admin=actor.is_admin,
                participant_id=None,  # a participant is never in their own marking list
                coach_id=enrolment.coach_id,
                mentor_id=enrolment.mentor_id,
                examines=enrolment.id in examiner_of,
                coordinates=enrolment.cohort_id in coordinator_of,
            )
            oversees = bool(rel & OVERSEERS)
            status = {}
            for component in rules.components:
                given = marks.get((enrolment.id, component.code), [])
                mine = any(marker == pid for marker, _, _ in given)
                marks_me = my_role_for(rules, component.code, rel) is not None
                if not marks_me and not oversees:
                    continue
                state = moderation_state(
                    [sc for _, sc, _ in given],
                    rules.double_marking_tolerance,
                    mods.get((enrolment.id, component.code)),
                    max((at for *_, at in given), default=None),
                )
                sees = may_see_others(own_mark_saved=mine, oversees=oversees)
                status[component.code] = ComponentStatus(
                    marks_me=marks_me,
                    mine=mine,
                    count=len(given) if sees else int(mine),
                    flagged=sees and state == "flagged",
                )
            if status:
                out.append(
                    MarkingRow(enrolment.id, enrolment.code, enrolment.name, enrolment.ndh, status)
                )
        last = rows[-1] if limit is not None and len(rows) == limit else None
        return MarkingPage(out, (last.code, last.ndh, last.id) if last is not None else None)


# --- saving a mark -------------------------------------------------------------------------


def _mark_state(mark: Mark | None, criteria: list[MarkCriterion]) -> dict[str, Any] | None:
    if mark is None:
        return None
    return {
        "score": str(Decimal(mark.score).quantize(Decimal("0.01"))),
        "rubric": f"{mark.rubric_code} v{mark.rubric_version}" if mark.rubric_code else None,
        "criteria": {
            c.criterion: [c.level, str(Decimal(c.score).quantize(Decimal("0.01")))]
            for c in criteria
        },
        "marker_role": mark.marker_role,
    }


def _resolve_marker(
    s: Session,
    actor: Actor,
    enrolment: Enrolment,
    rel: frozenset[Role],
    rules: RuleSet,
    component: str,
    marker_id: int | None,
) -> tuple[int, Role]:
    """Who the mark belongs to and in which role; recording for someone else needs the coordinator."""
    if marker_id is None or marker_id == actor.person_id:
        role = my_role_for(rules, component, rel)
        if role is None or actor.person_id is None:
            raise Forbidden("marks.not_your_component", component=rules.component(component).text())
        return actor.person_id, role
    if not rel & OVERSEERS:
        raise Forbidden("marks.not_on_behalf")
    for pid, role in _assigned_markers(s, enrolment):
        if pid == marker_id and role in rules.component(component).marker_roles:
            return pid, role
    raise Invalid("marks.not_a_marker", component=rules.component(component).text())


def save_mark(
    db: Database,
    actor: Actor,
    enrolment_id: int,
    component: str,
    *,
    score: object = None,
    criteria: Mapping[str, tuple[str | None, object]] | None = None,
    rubric: tuple[str, int] | None = None,
    expected_version: int | None,
    marker_id: int | None = None,
) -> MarkView:
    """Save (or change) a mark. With ``criteria`` and ``rubric`` the mark is the rubric
    total; otherwise ``score`` is the mark. ``expected_version`` is the version of the
    mark the form was opened with (None: there was none); a newer mark is not overwritten."""
    with db.write() as s:
        enrolment, rel = enrolment_for(s, actor, enrolment_id, STAFF)
        cohort = s.get(Cohort, enrolment.cohort_id)
        rules = RuleSet.model_validate(cohort.rules)
        comp = rules.component(component)
        if cohort.results_released_at is not None or cohort.locked_at is not None:
            raise Invalid("marks.released")
        marker, role = _resolve_marker(s, actor, enrolment, rel, rules, component, marker_id)
        used: Rubric | None = None
        parts: list[tuple[str, str, Decimal]] = []
        if criteria is not None:
            if rubric is None:
                raise Invalid("marks.rubric_missing")
            used = rubrics.load(s, *rubric)
            if used.component != comp.code:
                raise Invalid(
                    "marks.rubric_other_component", rubric=used.text(), component=comp.text()
                )
            for criterion in used.criteria:
                level, value = criteria.get(criterion.code, (None, None))
                if value is None or str(value).strip() == "":
                    raise Invalid("marks.criterion_missing", criterion=criterion.text())
                level_code, value_dec = used.check_score(criterion.code, level, value)
                parts.append((criterion.code, level_code, value_dec))
            total = used.total({code: v for code, _, v in parts})
            mark_value = validate_mark(rules, total)
        else:
            if score is None or str(score).strip() == "":
                raise Invalid("marks.score_missing")
            mark_value = validate_mark(rules, score)
        existing = s.scalar(
            select(Mark).where(
                Mark.enrolment_id == enrolment_id,
                Mark.component == component,
                Mark.marker_id == marker,
            )
        )
        if existing is not None and existing.version != expected_version:
            names = person_names(s, {existing.recorded_by})
            raise Conflict(
                "marks.changed_meanwhile",
                name=names.get(existing.recorded_by, "?"),
                score=Decimal(existing.score).quantize(Decimal("0.01")),
                at=existing.updated_at,  # shown in the reader's local time
                component=comp.text(),
            )
        if existing is None and expected_version is not None:
            raise Conflict("marks.deleted_meanwhile", component=comp.text())
        old_criteria = (
            list(s.scalars(select(MarkCriterion).where(MarkCriterion.mark_id == existing.id)))
            if existing
            else []
        )
        old = _mark_state(existing, old_criteria)
        now = utcnow()
        if used is not None:
            rubrics.ensure_stored(s, used)
        if existing is None:
            existing = Mark(
                enrolment_id=enrolment_id,
                component=component,
                marker_id=marker,
                marker_role=role.value,
                score=mark_value,
                created_at=now,
            )
            s.add(existing)
        else:
            for row in old_criteria:
                s.delete(row)
        existing.marker_role = role.value
        existing.score = mark_value
        existing.rubric_code = used.code if used else None
        existing.rubric_version = used.version if used else None
        existing.recorded_by = actor.person_id if actor.person_id is not None else marker
        existing.updated_at = now
        s.flush()
        new_criteria = []
        for code, level, value in parts:
            row = MarkCriterion(mark_id=existing.id, criterion=code, level=level, score=value)
            s.add(row)
            new_criteria.append(row)
        s.flush()
        audit.record(
            s,
            actor,
            "mark_saved",
            "mark",
            existing.id,
            cohort_id=cohort.id,
            old=old,
            new={
                **_mark_state(existing, new_criteria),
                "enrolment_id": enrolment_id,
                "component": component,
            },
            on_behalf_of=marker if marker != actor.person_id else None,
        )
        return mark_views(s, [existing])[0]
