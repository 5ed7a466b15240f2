"""Importing a filled-in marking worksheet (io.worksheet): all or nothing.

Each line is checked like a mark typed on the screen (services.marking): the
marker must mark this component for this participant (an assigned coach, mentor
or examiner whose role the rule set names, or a coordinator of the cohort for a
component coordinators mark); the score or every rubric criterion must be valid;
the saved mark must not have changed since the worksheet was made (``versi``).
Every problem is listed with its row; nothing is written unless the whole file
is good. Marks are then written in one transaction, recorded with the
coordinator who imports them as the one who entered them (``recorded_by``) and
audited exactly as a mark saved on someone's behalf on the screen.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from diklat.db.engine import Database
from diklat.db.models import (
    Account,
    CohortStaff,
    Enrolment,
    EnrolmentExaminer,
    Mark,
    MarkCriterion,
    Person,
    utcnow,
)
from diklat.domain.errors import DomainError
from diklat.domain.imports import (
    CRITERION_PREFIX,
    ImportInvalid,
    MarkLine,
    Problem,
    normalise_header,
)
from diklat.domain.roles import Role, relations
from diklat.domain.rubric import Rubric
from diklat.domain.rules import RuleSet, validate_mark
from diklat.i18n import t
from diklat.services import audit, rubrics
from diklat.services.access import coordinated, ensure_unlocked
from diklat.services.actor import Actor
from diklat.services.errors import Invalid
from diklat.services.marking import _mark_state

Progress = Callable[[int, int], None]
TWO = Decimal("0.01")


@dataclass(frozen=True)
class _Planned:
    line: MarkLine
    enrolment_id: int
    marker_id: int
    role: Role
    score: Decimal
    rubric: Rubric | None
    criteria: list[tuple[str, str, Decimal]]
    existing: Mark | None


@dataclass(frozen=True)
class MarkImportReport:
    cohort_code: str
    component: str
    lines: int
    saved: int  # new or changed marks
    unchanged: int
    empty: int
    unknown_columns: list[str]


def _rubric_ref(text: str | None) -> tuple[str, int] | None:
    # A version of more than six digits is no version (and would not fit an SQL integer).
    m = re.fullmatch(r"\s*([A-Za-z0-9._-]+)\s*v\s*([0-9]{1,6})\s*", text or "")
    return (m.group(1), int(m.group(2))) if m else None


def _plan(
    s: Session,
    actor: Actor,
    cohort_id: int,
    rules: RuleSet,
    component: str,
    lines: Sequence[MarkLine],
) -> tuple[list[_Planned], int, int, list[Problem]]:
    comp = rules.component(component)
    enrolments = list(
        s.execute(
            select(Enrolment, Person.nip, Person.nrp)
            .join(Person, Person.id == Enrolment.person_id)
            .where(Enrolment.cohort_id == cohort_id)
        )
    )
    by_ident = {}
    by_ndh = {}
    for e, nip, nrp in enrolments:
        by_ndh[e.ndh] = e
        for value in (nip, nrp):
            if value:
                by_ident[value] = e
    ids = [e.id for e, *_ in enrolments]
    examiners = (
        {
            (eid, pid)
            for eid, pid in s.execute(
                select(EnrolmentExaminer.enrolment_id, EnrolmentExaminer.person_id).where(
                    EnrolmentExaminer.enrolment_id.in_(ids)
                )
            )
        }
        if ids
        else set()
    )
    coordinators = set(
        s.scalars(
            select(CohortStaff.person_id).where(
                CohortStaff.cohort_id == cohort_id, CohortStaff.role == Role.COORDINATOR.value
            )
        )
    )
    refs = {
        line.penilai.replace(" ", "")
        if line.penilai.replace(" ", "").isdigit()
        else line.penilai.lower()
        for line in lines
    }
    people: dict[str, int] = {}
    for pid, nip, nrp, login in s.execute(
        select(Person.id, Person.nip, Person.nrp, Account.login)
        .outerjoin(Account, Account.person_id == Person.id)
        .where(Person.nip.in_(refs) | Person.nrp.in_(refs) | Account.login.in_(refs))
    ):
        for value in (nip, nrp, login):
            if value in refs:
                people[value] = pid
    existing = (
        {
            (m.enrolment_id, m.marker_id): m
            for m in s.scalars(
                select(Mark).where(Mark.enrolment_id.in_(ids), Mark.component == component)
            )
        }
        if ids
        else {}
    )
    old_criteria: dict[int, dict[str, Decimal]] = {}
    if existing:
        for c in s.scalars(
            select(MarkCriterion).where(
                MarkCriterion.mark_id.in_([m.id for m in existing.values()])
            )
        ):
            old_criteria.setdefault(c.mark_id, {})[c.criterion] = Decimal(c.score).quantize(TWO)
    current = rubrics.current(s, component)
    loaded: dict[tuple[str, int], Rubric] = {}
    problems: list[Problem] = []
    planned: list[_Planned] = []
    unchanged = empty = 0
    for line in lines:
        if line.empty:
            empty += 1
            continue
        e = by_ident.get(line.nip) if line.nip else by_ndh.get(line.ndh)
        if e is None:
            problems.append(
                Problem(
                    line.row,
                    "nip" if line.nip else "ndh",
                    t("io.not_enrolled", value=line.nip or line.ndh),
                )
            )
            continue
        if line.nip and line.ndh is not None and line.ndh != e.ndh:
            problems.append(
                Problem(line.row, "ndh", t("io.ndh_mismatch", ndh=line.ndh, actual=e.ndh))
            )
            continue
        ref = (
            line.penilai.replace(" ", "")
            if line.penilai.replace(" ", "").isdigit()
            else line.penilai.lower()
        )
        pid = people.get(ref)
        if pid is None:
            problems.append(
                Problem(line.row, "penilai", t("assign.unknown_person", ref=line.penilai))
            )
            continue
        roles = relations(
            pid,
            is_admin=False,  # the marker named on the line, not the one importing
            participant_id=e.person_id,
            coach_id=e.coach_id,
            mentor_id=e.mentor_id,
            examines=(e.id, pid) in examiners,
            coordinates=pid in coordinators,
        )
        role = next((r for r in comp.marker_roles if r in roles), None)
        if line.peran:
            wanted = next(
                (
                    r
                    for r in comp.marker_roles
                    if r.value == line.peran.strip().lower() and r in roles
                ),
                None,
            )
            role = wanted or role
        if role is None:
            problems.append(
                Problem(line.row, "penilai", t("marks.not_a_marker", component=comp.text()))
            )
            continue
        mark = existing.get((e.id, pid))
        if mark is not None and line.versi is not None and mark.version != line.versi:
            problems.append(
                Problem(
                    line.row,
                    "versi",
                    t("worksheet.changed_since", version=mark.version, exported=line.versi),
                )
            )
            continue
        if mark is not None and line.versi is None:
            problems.append(
                Problem(
                    line.row,
                    "versi",
                    t("worksheet.marked_meanwhile", score=Decimal(mark.score).quantize(TWO)),
                )
            )
            continue
        if mark is None and line.versi is not None:
            problems.append(Problem(line.row, "versi", t("worksheet.deleted_meanwhile")))
            continue
        # The column a refusal names: the rubric, the criterion being checked, or the mark.
        column = "rubrik" if line.criteria else "nilai"
        try:
            rubric = None
            parts: list[tuple[str, str, Decimal]] = []
            if line.criteria:
                wanted_ref = _rubric_ref(line.rubrik)
                if line.rubrik and wanted_ref is None:
                    raise DomainError("worksheet.bad_rubric", value=line.rubrik)
                if wanted_ref is None:
                    rubric = current
                else:
                    if wanted_ref not in loaded:
                        loaded[wanted_ref] = rubrics.load(s, *wanted_ref)
                    rubric = loaded[wanted_ref]
                if rubric is None:
                    raise DomainError("worksheet.no_rubric", component=comp.text())
                if rubric.component != comp.code:
                    raise DomainError(
                        "marks.rubric_other_component", rubric=rubric.text(), component=comp.text()
                    )
                codes = {normalise_header(c.code): c for c in rubric.criteria}
                for key in line.criteria:
                    if key not in codes:
                        column = f"{CRITERION_PREFIX}{key}"
                        raise DomainError("worksheet.unknown_criterion", code=key)
                for key, criterion in codes.items():
                    column = f"{CRITERION_PREFIX}{criterion.code}"
                    value = line.criteria.get(key)
                    if not value:
                        raise DomainError("marks.criterion_missing", criterion=criterion.text())
                    level, score = rubric.check_score(criterion.code, None, value)
                    parts.append((criterion.code, level, score))
                column = "kriteria"
                total = rubric.total({c: v for c, _, v in parts})
                score = validate_mark(rules, total)
            else:
                score = validate_mark(rules, line.nilai)
        except DomainError as exc:
            problems.append(Problem(line.row, column, exc.message()))
            continue
        if mark is not None:
            same_score = Decimal(mark.score).quantize(TWO) == score
            same_rubric = (mark.rubric_code, mark.rubric_version) == (
                (rubric.code, rubric.version) if rubric else (None, None)
            )
            same_criteria = old_criteria.get(mark.id, {}) == {c: v for c, _, v in parts}
            if same_score and same_rubric and same_criteria and mark.marker_role == role.value:
                unchanged += 1
                continue
        planned.append(_Planned(line, e.id, pid, role, score, rubric, parts, mark))
    return planned, unchanged, empty, problems


def import_marks(
    db: Database,
    actor: Actor,
    cohort_code: str,
    lines: Sequence[MarkLine],
    unknown_columns: Sequence[str] = (),
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> MarkImportReport:
    """Check every line, then save the new and changed marks in one transaction. The
    component is the worksheet's (its ``komponen`` column, the same on every line)."""
    component = lines[0].komponen if lines else None
    if actor.person_id is None:
        raise Invalid("worksheet.needs_person")
    with db.read() if dry_run else db.write() as s:
        cohort = coordinated(s, actor, cohort_code)
        ensure_unlocked(cohort)
        if cohort.results_released_at is not None:
            raise Invalid("marks.released")
        rules = RuleSet.model_validate(cohort.rules)
        if component is None:
            raise Invalid("worksheet.component_unknown", code="-")
        try:
            rules.component(component)
        except DomainError:
            raise Invalid("worksheet.component_unknown", code=component) from None
        planned, unchanged, empty, problems = _plan(s, actor, cohort.id, rules, component, lines)
        if problems:
            raise ImportInvalid(problems)
        if not dry_run:
            now = utcnow()
            for n, p in enumerate(planned, 1):
                _write(s, actor, cohort.id, component, p, now)
                if progress:
                    progress(n, len(planned))
            audit.record(
                s,
                actor,
                "marks_imported",
                "cohort",
                cohort.id,
                cohort_id=cohort.id,
                new={"component": component, "saved": len(planned), "unchanged": unchanged},
            )
        return MarkImportReport(
            cohort.code,
            component,
            len(lines),
            len(planned),
            unchanged,
            empty,
            list(unknown_columns),
        )


def _write(s: Session, actor: Actor, cohort_id: int, component: str, p: _Planned, now) -> None:
    if p.rubric is not None:
        rubrics.ensure_stored(s, p.rubric)
    mark = p.existing
    old = None
    if mark is not None:
        old_rows = list(s.scalars(select(MarkCriterion).where(MarkCriterion.mark_id == mark.id)))
        old = _mark_state(mark, old_rows)
        for row in old_rows:
            s.delete(row)
    else:
        mark = Mark(
            enrolment_id=p.enrolment_id,
            component=component,
            marker_id=p.marker_id,
            marker_role=p.role.value,
            score=p.score,
            recorded_by=actor.person_id,
            created_at=now,
        )
        s.add(mark)
    mark.marker_role = p.role.value
    mark.score = p.score
    mark.rubric_code = p.rubric.code if p.rubric else None
    mark.rubric_version = p.rubric.version if p.rubric else None
    mark.recorded_by = actor.person_id
    mark.updated_at = now
    s.flush()
    rows = []
    for code, level, value in p.criteria:
        row = MarkCriterion(mark_id=mark.id, criterion=code, level=level, score=value)
        s.add(row)
        rows.append(row)
    s.flush()
    audit.record(
        s,
        actor,
        "mark_saved",
        "mark",
        mark.id,
        cohort_id=cohort_id,
        old=old,
        new={
            **_mark_state(mark, rows),
            "enrolment_id": p.enrolment_id,
            "component": component,
            "source": "worksheet",
            "row": p.line.row,
        },
        on_behalf_of=p.marker_id if p.marker_id != actor.person_id else None,
    )
