"""A cohort's results, exactly as DOMAIN.md section 7: the graduation list's data.

The facts for every participant are gathered in a fixed number of queries (the
cohort, its participants, every mark, every moderation, the approved stages, the
attendance counts) and handed to ``domain.scoring.compute_results``, the one
place where final scores, qualifications, pass/fail reasons, ranks, best
participants and certificate numbers are decided.

Moderation: when the marks for a component differ by more than the rule set's
tolerance, the coordinator settles it (``services.marking.settle``). The
settlement's score then *replaces* that component's marks — the component score
is the settled score, not the mean — as long as the settlement is newer than
every mark (``domain.marking.effective_marks``). A mark changed after the
settlement makes the marks count again (and flags the component, which blocks
the release until it is settled anew).

This module builds on ``services.results`` (release and withdrawal of results,
what one participant sees) and adds the whole cohort's table for the
coordinator, the exports and the ``diklat results`` command.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from diklat.db.engine import Database
from diklat.db.models import Cohort, Enrolment, Institution, Mark, Moderation, Person, StageRecord
from diklat.domain.marking import Settlement, effective_marks, moderation_state
from diklat.domain.rules import RuleSet
from diklat.domain.scoring import ParticipantFacts, Reason, Text, compute_results, round_half_up
from diklat.domain.workflow import Stage, State
from diklat.i18n import catalogue, t
from diklat.services.actor import Actor
from diklat.services.attendance import counts as attendance_counts
from diklat.services.cohort_admin import coordinated


@dataclass(frozen=True)
class CohortMeta:
    id: int
    code: str
    name: str
    program_name: str
    project_term: str
    angkatan: str
    start: date
    end: date
    institution: str
    city: str
    status: str
    released_at: datetime | None
    locked_at: datetime | None
    rules_name: str
    rules_version: int
    default_rules: bool


@dataclass(frozen=True)
class ResultRow:
    enrolment_id: int
    no: int
    ndh: int
    nip: str  # 18 digits (or the NRP)
    nip_grouped: str  # as printed: 19701218 199603 2 001
    name: str
    pangkat_golongan: str
    jabatan: str
    instansi: str
    status: str  # active / withdrawn / dismissed
    components: dict[str, Decimal | None]  # rounded to two decimals for display
    moderated: tuple[str, ...]  # components whose settled score counts
    final: Decimal | None
    qualification: str | None  # band code
    qualification_label: dict[str, str] = field(default_factory=dict)  # by language
    passed: bool = False
    reasons: tuple[Reason, ...] = ()
    rank: int | None = None
    best: bool = False
    certificate_no: str | None = None
    scheduled: int = 0
    attended: int = 0

    def qualification_text(self, lang: str | None = None) -> str:
        from diklat.i18n import language

        if not self.qualification_label:
            return ""
        return self.qualification_label.get(lang or language()) or self.qualification_label.get("id", "")

    def remarks(self, lang: str | None = None) -> str:
        """``keterangan``: the reasons for a non-graduate, "Peserta Terbaik" for the best."""
        if not self.passed:
            return " ".join(reason_text(r, lang) for r in self.reasons)
        return message("graduation.best", lang) if self.best else ""


@dataclass(frozen=True)
class CohortResults:
    meta: CohortMeta
    rules: RuleSet
    rows: list[ResultRow]

    @property
    def graduates(self) -> int:
        return sum(1 for r in self.rows if r.passed)

    @property
    def with_final(self) -> int:
        return sum(1 for r in self.rows if r.final is not None)

    @property
    def best(self) -> int:
        return sum(1 for r in self.rows if r.best)


# --- text in a chosen language (the CSV is always Indonesian) -------------------------------------


def message(key: str, lang: str | None = None, **params: object) -> str:
    if lang is None:
        return t(key, **params)
    text = catalogue(lang).get(key) or catalogue("id").get(key, key)
    try:
        return text.format(**params) if params else text
    except (KeyError, IndexError, ValueError):
        return text


def reason_text(reason: Reason, lang: str | None = None) -> str:
    if lang is None:
        return reason.message()
    rendered = {}
    for name, value in reason.params:
        if isinstance(value, Stage):
            value = message(f"stage.{value.value}", lang)
        elif isinstance(value, Text):
            value = dict(value.by_lang).get(lang) or dict(value.by_lang).get("id", "")
        rendered[name] = value
    return message(reason.key, lang, **rendered)


def grouped_nip(nip: str) -> str:
    if len(nip) == 18 and nip.isdigit():
        return f"{nip[0:8]} {nip[8:14]} {nip[14]} {nip[15:18]}"
    return nip


# --- gathering the facts ------------------------------------------------------------------------------


def cohort_results(db: Database, actor: Actor, cohort: int | str) -> CohortResults:
    """The whole cohort's results in graduation-list order (coordinators and administrators)."""
    with db.read() as s:
        row = coordinated(s, actor, cohort)
        return results_of(s, row)


def results_of(s: Session, cohort: Cohort) -> CohortResults:
    rules = RuleSet.model_validate(cohort.rules)
    inst = s.get(Institution, cohort.institution_id) if cohort.institution_id else None
    meta = CohortMeta(
        cohort.id, cohort.code, cohort.name, cohort.program_name, cohort.project_term, cohort.angkatan,
        cohort.start_date, cohort.end_date, inst.name if inst else "", inst.city if inst else "",
        cohort.status, cohort.results_released_at, cohort.locked_at, rules.name, rules.version, rules.is_default_values,
    )
    people = s.execute(
        select(Enrolment.id, Enrolment.ndh, Enrolment.status, Person.nip, Person.nrp, Person.name,
               Person.pangkat_golongan, Person.jabatan, Person.instansi)
        .join(Person, Person.id == Enrolment.person_id)
        .where(Enrolment.cohort_id == cohort.id)
        .order_by(Enrolment.ndh)
    ).all()
    ids = [p[0] for p in people]
    marks: dict[tuple[int, str], list[tuple[Decimal, datetime]]] = {}
    mods: dict[tuple[int, str], Settlement] = {}
    approved: dict[int, set[Stage]] = {}
    if ids:
        for eid, comp, score, at in s.execute(
            select(Mark.enrolment_id, Mark.component, Mark.score, Mark.updated_at)
            .join(Enrolment, Enrolment.id == Mark.enrolment_id)
            .where(Enrolment.cohort_id == cohort.id)
        ):
            marks.setdefault((eid, comp), []).append((Decimal(score), at))
        for eid, comp, score, at in s.execute(
            select(Moderation.enrolment_id, Moderation.component, Moderation.score, Moderation.settled_at)
            .join(Enrolment, Enrolment.id == Moderation.enrolment_id)
            .where(Enrolment.cohort_id == cohort.id)
        ):
            mods[(eid, comp)] = Settlement(Decimal(score), at)
        for eid, stage in s.execute(
            select(StageRecord.enrolment_id, StageRecord.stage)
            .join(Enrolment, Enrolment.id == StageRecord.enrolment_id)
            # "|| ''" keeps SQLite off the index on state, which would read every approved
            # stage of every cohort (bench/: 77 ms at 4,000 participants, not 1 ms).
            .where(Enrolment.cohort_id == cohort.id, (StageRecord.state + "") == State.APPROVED.value)
        ):
            approved.setdefault(eid, set()).add(Stage(stage))
    attendance = attendance_counts(s, cohort.id) if ids else {}
    facts = []
    moderated: dict[int, list[str]] = {}
    for eid, ndh, status, *_ in people:
        counted: dict[str, list[Decimal]] = {}
        for comp in rules.components:
            given = marks.get((eid, comp.code), [])
            settlement = mods.get((eid, comp.code))
            scores = [sc for sc, _ in given]
            last = max((at for _, at in given), default=None)
            effective = effective_marks(scores, rules.double_marking_tolerance, settlement, last)
            if given and moderation_state(scores, rules.double_marking_tolerance, settlement, last) == "settled":
                moderated.setdefault(eid, []).append(comp.code)
            counted[comp.code] = effective
        scheduled, attended, _ = attendance.get(eid, (0, 0, "none"))
        facts.append(ParticipantFacts(
            key=eid, ndh=ndh, marks=counted, approved_stages=frozenset(approved.get(eid, set())),
            sessions_scheduled=scheduled, sessions_attended=attended, status=status,
        ))
    pattern_fields = {
        "year": cohort.start_date.year, "angkatan": cohort.angkatan, "code": cohort.code,
        "institution": inst.code if inst else "",
    }
    results = compute_results(rules, facts, pattern_fields)
    info = {p[0]: p for p in people}
    att = {f.key: (f.sessions_scheduled, f.sessions_attended) for f in facts}
    rows = []
    for no, r in enumerate(results, 1):
        eid, ndh, status, nip, nrp, name, pangkat, jabatan, instansi = info[r.key]
        ident = nip or nrp or ""
        band = rules.band(r.qualification) if r.qualification else None
        rows.append(ResultRow(
            enrolment_id=eid, no=no, ndh=ndh, nip=ident, nip_grouped=grouped_nip(ident), name=name,
            pangkat_golongan=pangkat, jabatan=jabatan, instansi=instansi, status=status,
            components={code: None if v is None else round_half_up(v) for code, v in r.component_scores.items()},
            moderated=tuple(moderated.get(eid, ())), final=r.final, qualification=r.qualification,
            qualification_label=dict(band.label) if band else {}, passed=r.passed, reasons=r.reasons,
            rank=r.rank, best=r.best, certificate_no=r.certificate_no,
            scheduled=att[eid][0], attended=att[eid][1],
        ))
    return CohortResults(meta, rules, rows)

