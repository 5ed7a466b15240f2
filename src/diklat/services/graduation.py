"""A cohort's results, exactly as docs/rules.md section 7: the graduation list's data.

The facts for every participant are gathered in a fixed number of queries (the
cohort, its participants, every mark, every moderation, the approved stages, the
attendance counts) and handed to ``domain.scoring.compute_results``, the one
place where final scores, qualifications, pass/fail reasons, ranks, best
participants and certificate numbers are decided.

Moderation: when the marks for a component differ by more than the rule set's
tolerance, the coordinator settles it (``services.moderation.settle``). The
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

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from sqlalchemy import Text as SqlText
from sqlalchemy import delete, func, insert, select, type_coerce
from sqlalchemy.orm import Session

from diklat.db.engine import Database
from diklat.db.models import (
    Cohort,
    Enrolment,
    FrozenResultRow,
    FrozenResults,
    Institution,
    Mark,
    Moderation,
    Person,
    StageRecord,
    utcnow,
)
from diklat.domain.marking import Settlement, effective_marks, moderation_state
from diklat.domain.roles import Role
from diklat.domain.rules import RuleSet
from diklat.domain.scoring import ParticipantFacts, Reason, Text, compute_results, round_half_up
from diklat.domain.signing import Letterhead, Signatory
from diklat.domain.workflow import Stage, State
from diklat.i18n import catalogue, t
from diklat.services.access import coordinated
from diklat.services.actor import Actor
from diklat.services.attendance import counts_in as attendance_counts_in
from diklat.services.letterhead import letterhead_of, signatory_of


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
    # What the signed list carries: the institution's letterhead, the stored signatory.
    letterhead: Letterhead = field(default_factory=Letterhead)
    signatory: Signatory = field(default_factory=Signatory)


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
        return self.qualification_label.get(lang or language()) or self.qualification_label.get(
            "id", ""
        )

    def remarks(self, lang: str | None = None) -> str:
        """``keterangan``: the reasons for a non-graduate, "Peserta Terbaik" for the best."""
        if not self.passed:
            if lang is not None:
                return _reasons_text(self.reasons, lang)
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


@lru_cache(maxsize=4096)
def _reasons_text(reasons: tuple[Reason, ...], lang: str) -> str:
    """The reasons in a chosen language: the same few recur on every list (the CSV renders
    them for every non-graduate), so each is rendered once."""
    return " ".join(reason_text(r, lang) for r in reasons)


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
    return next(iter(_results(s, [cohort])))


_STAGES = {stage.value: stage for stage in Stage}
CHUNK = 25  # cohorts whose facts are read together when streaming every cohort (about 1,000 people)


def visible_cohorts(s: Session, actor: Actor) -> list[int]:
    """The ids of the cohorts whose results the actor may export (all, for an administrator),
    in graduation-export order: by start date, then code."""
    from diklat.db.models import CohortStaff

    q = select(Cohort.id).order_by(Cohort.start_date, Cohort.code, Cohort.id)
    if not actor.is_admin:
        q = q.where(
            Cohort.id.in_(
                select(CohortStaff.cohort_id).where(
                    CohortStaff.person_id == actor.person_id,
                    CohortStaff.role == Role.COORDINATOR.value,
                )
            )
        )
    return list(s.scalars(q))


@dataclass(frozen=True)
class AllResults:
    """Every visible cohort's results, computed while they are read (see ``all_results``)."""

    cohorts: int
    participants: int
    results: Iterator[CohortResults]


def all_results(db: Database, actor: Actor, *, chunk: int = CHUNK) -> AllResults:
    """The results of every cohort the actor coordinates (every cohort, for an administrator),
    one ``CohortResults`` at a time in export order; Forbidden for whoever coordinates none.

    The facts are read for ``chunk`` cohorts at a time in the same fixed set of queries
    as one cohort's (so the number of statements grows with the number of chunks, not
    of participants), and each cohort is computed by ``domain.scoring.compute_results``
    and handed on before the next chunk is read: memory holds one chunk, not the
    database. Everything is read in one transaction, so the export is one consistent
    snapshot even while others keep marking."""
    from diklat.services.errors import Forbidden

    with db.read() as s:
        ids = visible_cohorts(s, actor)
        if not ids and not actor.is_admin:
            raise Forbidden(
                "perm.not_coordinator"
            )  # coordinates no cohort (a participant, a coach)
        total = (
            s.scalar(
                select(func.count()).select_from(Enrolment).where(Enrolment.cohort_id.in_(ids))
            )
            if ids
            else 0
        )

    def stream() -> Iterator[CohortResults]:
        cache: list[tuple[dict, RuleSet]] = []
        with db.read() as s:
            for start in range(0, len(ids), chunk):
                part = ids[start : start + chunk]
                rows = {c.id: c for c in s.scalars(select(Cohort).where(Cohort.id.in_(part)))}
                yield from _results(s, [rows[i] for i in part if i in rows], cache)
                s.expunge_all()  # the identity map holds one chunk at a time

    return AllResults(len(ids), total or 0, stream())


def _rules(data: dict, cache: list[tuple[dict, RuleSet]] | None) -> RuleSet:
    """The cohort's rule set; with a cache, validated once per distinct rule set (cohorts
    mostly share one, found by comparing the documents: cheaper than a key made of each).
    The cache lives as long as one export."""
    if cache is None:
        return RuleSet.model_validate(data)
    for i, (seen, rules) in enumerate(cache):
        if seen == data:
            if i:
                cache.insert(0, cache.pop(i))  # the most recent first
            return rules
    rules = RuleSet.model_validate(data)
    cache.insert(0, (data, rules))
    return rules


def _results(
    s: Session,
    cohorts: Sequence[Cohort],
    rules_cache: list[tuple[dict, RuleSet]] | None = None,
    *,
    stored: bool = True,
) -> Iterator[CohortResults]:
    """The results of ``cohorts``, in their order, from one fixed set of queries:
    institutions, the frozen results of the locked ones (one SELECT, see ``freeze_results``),
    and for the others participants, marks, settlements (with each settled component's
    latest mark time), approved stages and attendance (two). ``stored=False`` computes
    every cohort (what ``freeze_results`` stores)."""
    if not cohorts:
        return
    inst_ids = {c.institution_id for c in cohorts if c.institution_id}
    insts = (
        {i.id: i for i in s.scalars(select(Institution).where(Institution.id.in_(inst_ids)))}
        if inst_ids
        else {}
    )
    locked = [c.id for c in cohorts if c.locked_at is not None] if stored else []
    frozen = _frozen_rows(s, locked) if locked else {}
    decoded: dict[str, tuple[Reason, ...]] = {"[]": ()}
    if frozen and len(frozen) == len(cohorts):
        for cohort in cohorts:
            yield _stored_cohort(
                _rules(cohort.rules, rules_cache),
                cohort,
                insts.get(cohort.institution_id),
                frozen[cohort.id],
                decoded,
            )
        return
    ids = [c.id for c in cohorts if c.id not in frozen]
    # Plain rows through the session's connection: the ORM's row handling was a good part of
    # the all-cohorts export's time, and these are columns, not objects.
    conn = s.connection()
    people: dict[int, list[tuple]] = {cid: [] for cid in ids}
    for p in conn.execute(
        select(
            Enrolment.cohort_id,
            Enrolment.id,
            Enrolment.ndh,
            Enrolment.status,
            Person.nip,
            Person.nrp,
            Person.name,
            Person.pangkat_golongan,
            Person.jabatan,
            Person.instansi,
        )
        .join(Person, Person.id == Enrolment.person_id)
        .where(Enrolment.cohort_id.in_(ids))
        .order_by(Enrolment.cohort_id, Enrolment.ndh)
    ):
        people[p[0]].append(tuple(p[1:]))
    marks: dict[int, dict[str, list[Decimal]]] = {}
    mods: dict[tuple[int, str], tuple[Settlement, datetime | None]] = {}
    approved: dict[int, set[Stage]] = {}
    attendance: dict[int, tuple[int, int, str]] = {}
    if any(people.values()):
        # The marks' times matter only against a settlement: the settlement query brings
        # the latest mark time of its component, so the (many) marks come without theirs.
        for eid, comp, score in conn.execute(
            select(Mark.enrolment_id, Mark.component, Mark.score)
            .join(Enrolment, Enrolment.id == Mark.enrolment_id)
            .where(Enrolment.cohort_id.in_(ids))
        ):
            marks.setdefault(eid, {}).setdefault(comp, []).append(score)
        last_mark = (
            select(func.max(Mark.updated_at))
            .where(
                Mark.enrolment_id == Moderation.enrolment_id, Mark.component == Moderation.component
            )
            .scalar_subquery()
        )
        for eid, comp, score, at, last in s.execute(
            select(
                Moderation.enrolment_id,
                Moderation.component,
                Moderation.score,
                Moderation.settled_at,
                last_mark,
            )
            .join(Enrolment, Enrolment.id == Moderation.enrolment_id)
            .where(Enrolment.cohort_id.in_(ids))
        ):
            mods[(eid, comp)] = (Settlement(Decimal(score), at), last)
        for eid, stage in conn.execute(
            select(StageRecord.enrolment_id, StageRecord.stage)
            .join(Enrolment, Enrolment.id == StageRecord.enrolment_id)
            # "|| ''" keeps SQLite off the index on state, which would read every approved
            # stage of every cohort (bench/: 77 ms at 4,000 participants, not 1 ms).
            .where(Enrolment.cohort_id.in_(ids), (StageRecord.state + "") == State.APPROVED.value)
        ):
            approved.setdefault(eid, set()).add(_STAGES.get(stage) or Stage(stage))
        attendance = attendance_counts_in(s, ids)
    for cohort in cohorts:
        rules = _rules(cohort.rules, rules_cache)
        if cohort.id in frozen:
            yield _stored_cohort(
                rules, cohort, insts.get(cohort.institution_id), frozen[cohort.id], decoded
            )
        else:
            yield _cohort(
                rules,
                cohort,
                insts.get(cohort.institution_id),
                people[cohort.id],
                marks,
                mods,
                approved,
                attendance,
            )


def _cohort(
    rules: RuleSet,
    cohort: Cohort,
    inst: Institution | None,
    people: list[tuple],
    marks: dict[int, dict[str, list[Decimal]]],
    mods: dict[tuple[int, str], tuple[Settlement, datetime | None]],
    approved: dict[int, set[Stage]],
    attendance: dict[int, tuple[int, int, str]],
) -> CohortResults:
    meta = _meta(rules, cohort, inst)
    codes = [c.code for c in rules.components]
    tolerance = rules.double_marking_tolerance
    no_marks: dict[str, list[Decimal]] = {}
    facts = []
    moderated: dict[int, list[str]] = {}
    for eid, ndh, status, *_ in people:
        given = marks.get(eid, no_marks)
        counted: dict[str, list[Decimal]] = {}
        for code in codes:
            scores = given.get(code, [])
            settled = mods.get((eid, code)) if mods else None
            if settled is not None:
                settlement, last = settled
                effective = effective_marks(scores, tolerance, settlement, last)
                if scores and moderation_state(scores, tolerance, settlement, last) == "settled":
                    moderated.setdefault(eid, []).append(code)
            else:
                effective = scores  # without a settlement the marks themselves count
            counted[code] = effective
        scheduled, attended, _ = attendance.get(eid, (0, 0, "none"))
        facts.append(
            ParticipantFacts(
                key=eid,
                ndh=ndh,
                marks=counted,
                approved_stages=frozenset(approved.get(eid, ())),
                sessions_scheduled=scheduled,
                sessions_attended=attended,
                status=status,
            )
        )
    pattern_fields = {
        "year": cohort.start_date.year,
        "angkatan": cohort.angkatan,
        "code": cohort.code,
        "institution": inst.code if inst else "",
    }
    results = compute_results(rules, facts, pattern_fields)
    info = {p[0]: p for p in people}
    att = {f.key: (f.sessions_scheduled, f.sessions_attended) for f in facts}
    labels = {band.code: dict(band.label) for band in rules.qualification_bands}
    rows = []
    for no, r in enumerate(results, 1):
        eid, ndh, status, nip, nrp, name, pangkat, jabatan, instansi = info[r.key]
        ident = nip or nrp or ""
        rows.append(
            ResultRow(
                enrolment_id=eid,
                no=no,
                ndh=ndh,
                nip=ident,
                nip_grouped=grouped_nip(ident),
                name=name,
                pangkat_golongan=pangkat,
                jabatan=jabatan,
                instansi=instansi,
                status=status,
                components={
                    code: None if v is None else round_half_up(v)
                    for code, v in r.component_scores.items()
                },
                moderated=tuple(moderated.get(eid, ())),
                final=r.final,
                qualification=r.qualification,
                qualification_label=dict(labels[r.qualification]) if r.qualification else {},
                passed=r.passed,
                reasons=r.reasons,
                rank=r.rank,
                best=r.best,
                certificate_no=r.certificate_no,
                scheduled=att[eid][0],
                attended=att[eid][1],
            )
        )
    return CohortResults(meta, rules, rows)


def _meta(rules: RuleSet, cohort: Cohort, inst: Institution | None) -> CohortMeta:
    return CohortMeta(
        cohort.id,
        cohort.code,
        cohort.name,
        cohort.program_name,
        cohort.project_term,
        cohort.angkatan,
        cohort.start_date,
        cohort.end_date,
        inst.name if inst else "",
        inst.city if inst else "",
        cohort.status,
        cohort.results_released_at,
        cohort.locked_at,
        rules.name,
        rules.version,
        rules.is_default_values,
        letterhead_of(inst),
        signatory_of(cohort, inst),
    )


# --- frozen results: a locked cohort's results, stored when it is locked -------------------------------
#
# Once a cohort is locked nothing that feeds its results may change (services.cohort_admin), so
# ``lock_cohort`` and ``close_cohort`` store them (``freeze_results``) in the same transaction and
# ``unlock_cohort`` deletes them (``unfreeze_results``). Reading them back is one SELECT; the
# certified list of a locked cohort then also stays as it was certified, whatever a later version
# of the scoring does. A cohort locked before frozen results existed has none: its results are
# computed as before (read-only exports never write them), and stored when it is next locked or
# closed, or by ``freeze_locked_cohorts`` (seeding, the benchmark generator).

_FROZEN_COLUMNS = (
    FrozenResults.cohort_id,
    FrozenResultRow.enrolment_id,
    FrozenResultRow.position,
    FrozenResultRow.ndh,
    FrozenResultRow.nip,
    FrozenResultRow.name,
    FrozenResultRow.pangkat_golongan,
    FrozenResultRow.jabatan,
    FrozenResultRow.instansi,
    FrozenResultRow.status,
    # the two JSON documents as their text: decoded when (and if) they are read, see below
    type_coerce(FrozenResultRow.components, SqlText),
    FrozenResultRow.moderated,
    FrozenResultRow.final,
    FrozenResultRow.qualification,
    FrozenResultRow.passed,
    type_coerce(FrozenResultRow.reasons, SqlText),
    FrozenResultRow.rank,
    FrozenResultRow.best,
    FrozenResultRow.certificate_no,
    FrozenResultRow.scheduled,
    FrozenResultRow.attended,
)


def _frozen_rows(s: Session, cohort_ids: Sequence[int]) -> dict[int, list[tuple]]:
    """The stored rows of those of ``cohort_ids`` that have frozen results, in list order (one
    SELECT; a frozen cohort without participants maps to an empty list)."""
    out: dict[int, list[tuple]] = {}
    for row in (
        s.connection()
        .execute(
            select(*_FROZEN_COLUMNS)
            .outerjoin(FrozenResultRow, FrozenResultRow.cohort_id == FrozenResults.cohort_id)
            .where(FrozenResults.cohort_id.in_(cohort_ids))
            .order_by(FrozenResults.cohort_id, FrozenResultRow.position)
        )
        .all()
    ):  # fetched at once (a chunk's rows), not row by row
        rows = out.setdefault(row[0], [])
        if row[1] is not None:
            rows.append(row)
    return out


class _StoredComponents(Mapping):
    """A stored row's component scores (code -> Decimal or None, in rule-set order), decoded
    from their JSON text on first use: the graduation list does not show them, and decoding
    every row's was a good part of the all-cohorts export. Compares equal to the same dict."""

    __slots__ = ("_text", "_scores")

    def __init__(self, text: str) -> None:
        self._text = text
        self._scores: dict[str, Decimal | None] | None = None

    def _decoded(self) -> dict[str, Decimal | None]:
        if self._scores is None:
            self._scores = {
                code: None if v is None else Decimal(v)
                for code, v in json.loads(self._text).items()
            }
        return self._scores

    def __getitem__(self, code: str) -> Decimal | None:
        return self._decoded()[code]

    def __iter__(self):
        return iter(self._decoded())

    def __len__(self) -> int:
        return len(self._decoded())

    def __eq__(self, other: object) -> bool:
        return self._decoded() == (dict(other) if isinstance(other, Mapping) else other)

    def __repr__(self) -> str:
        return repr(self._decoded())


_NEW = object.__new__


def _stored_cohort(
    rules: RuleSet,
    cohort: Cohort,
    inst: Institution | None,
    stored: list[tuple],
    reasons_cache: dict[str, tuple[Reason, ...]] | None = None,
) -> CohortResults:
    labels = {band.code: dict(band.label) for band in rules.qualification_bands}
    decoded: dict[str, tuple[Reason, ...]] = (
        {"[]": ()} if reasons_cache is None else reasons_cache
    )  # the same reasons recur: decoded once
    rows = []
    for (
        _,
        eid,
        no,
        ndh,
        nip,
        name,
        pangkat,
        jabatan,
        instansi,
        status,
        comps,
        moderated,
        final,
        qualification,
        passed,
        reasons,
        rank,
        best,
        certificate_no,
        scheduled,
        attended,
    ) in stored:
        if not isinstance(reasons, str):  # a driver that decodes JSON itself (PostgreSQL's)
            reasons, comps = json.dumps(reasons), json.dumps(comps)
        why = decoded.get(reasons)
        if why is None:
            why = decoded[reasons] = tuple(_decode_reason(r) for r in json.loads(reasons))
        # A ResultRow made without its generated __init__ (which sets 22 frozen fields one by one,
        # three times the cost): the same instance, field for field; tests compare it with the
        # computed row.
        row = _NEW(ResultRow)
        row.__dict__.update(
            enrolment_id=eid,
            no=no,
            ndh=ndh,
            nip=nip,
            nip_grouped=grouped_nip(nip),
            name=name,
            pangkat_golongan=pangkat,
            jabatan=jabatan,
            instansi=instansi,
            status=status,
            components=_StoredComponents(comps),
            moderated=tuple(moderated.split(",")) if moderated else (),
            final=None if final is None else Decimal(final),
            qualification=qualification,
            qualification_label=labels.get(qualification, {}) if qualification else {},
            passed=bool(passed),
            reasons=why,
            rank=rank,
            best=bool(best),
            certificate_no=certificate_no,
            scheduled=scheduled,
            attended=attended,
        )
        rows.append(row)
    return CohortResults(_meta(rules, cohort, inst), rules, rows)


def _encode_value(value: object) -> object:
    """A reason's parameter as JSON: tagged, so that it reads back as the same type."""
    if isinstance(value, Stage):
        return {"stage": value.value}
    if isinstance(value, Text):
        return {"text": [list(pair) for pair in value.by_lang]}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, tuple):
        return {"tuple": [_encode_value(v) for v in value]}
    if value is None or isinstance(value, (bool, int, str)):
        return value
    raise TypeError(f"cannot store a reason parameter of type {type(value).__name__}")


def _decode_value(value: object) -> object:
    if isinstance(value, dict):
        ((tag, data),) = value.items()
        if tag == "stage":
            return _STAGES.get(data) or Stage(data)
        if tag == "text":
            return Text(tuple((lang, text) for lang, text in data))
        if tag == "decimal":
            return Decimal(data)
        if tag == "tuple":
            return tuple(_decode_value(v) for v in data)
        raise ValueError(tag)
    return value


def _encode_reason(reason: Reason) -> list:
    return [reason.key, [[name, _encode_value(value)] for name, value in reason.params]]


def _decode_reason(data: list) -> Reason:
    key, params = data
    return Reason(key, tuple((name, _decode_value(value)) for name, value in params))


def _frozen_values(cohort_id: int, row: ResultRow) -> dict[str, object]:
    return {
        "enrolment_id": row.enrolment_id,
        "cohort_id": cohort_id,
        "position": row.no,
        "ndh": row.ndh,
        "nip": row.nip,
        "name": row.name,
        "pangkat_golongan": row.pangkat_golongan,
        "jabatan": row.jabatan,
        "instansi": row.instansi,
        "status": row.status,
        "components": {code: None if v is None else str(v) for code, v in row.components.items()},
        "moderated": ",".join(row.moderated),
        "final": None if row.final is None else str(row.final),
        "qualification": row.qualification,
        "passed": row.passed,
        "reasons": [_encode_reason(r) for r in row.reasons],
        "rank": row.rank,
        "best": row.best,
        "certificate_no": row.certificate_no,
        "scheduled": row.scheduled,
        "attended": row.attended,
    }


def unfreeze_results(s: Session, cohort_id: int) -> None:
    """Forget a cohort's frozen results (it is being unlocked: they may change again)."""
    s.execute(delete(FrozenResultRow).where(FrozenResultRow.cohort_id == cohort_id))
    s.execute(delete(FrozenResults).where(FrozenResults.cohort_id == cohort_id))


def freeze_results(s: Session, cohorts: Sequence[Cohort]) -> int:
    """Compute the results of ``cohorts`` (locked, inside the caller's write transaction) and
    store them, replacing any stored before; returns how many rows were stored. The facts are
    read as ``all_results`` reads them, ``CHUNK`` cohorts at a time."""
    stored = 0
    cache: list[tuple[dict, RuleSet]] = []
    now = utcnow()
    for start in range(0, len(cohorts), CHUNK):
        part = list(cohorts[start : start + CHUNK])
        ids = [c.id for c in part]
        s.execute(delete(FrozenResultRow).where(FrozenResultRow.cohort_id.in_(ids)))
        s.execute(delete(FrozenResults).where(FrozenResults.cohort_id.in_(ids)))
        values: list[dict[str, object]] = []
        heads = []
        for res in _results(s, part, cache, stored=False):
            heads.append(
                {"cohort_id": res.meta.id, "frozen_at": now, "participants": len(res.rows)}
            )
            values.extend(_frozen_values(res.meta.id, row) for row in res.rows)
        s.execute(insert(FrozenResults), heads)
        if values:
            s.execute(insert(FrozenResultRow), values)
        stored += len(values)
    return stored


def has_frozen_results(s: Session, cohort_id: int) -> bool:
    return (
        s.scalar(select(FrozenResults.cohort_id).where(FrozenResults.cohort_id == cohort_id))
        is not None
    )


def freeze_locked_cohorts(s: Session) -> int:
    """Store the results of every locked cohort that has none (cohorts locked by an older
    version, seeded or generated locked); returns how many cohorts were frozen."""
    todo = list(
        s.scalars(
            select(Cohort)
            .where(Cohort.locked_at.is_not(None), Cohort.id.not_in(select(FrozenResults.cohort_id)))
            .order_by(Cohort.id)
        )
    )
    freeze_results(s, todo)
    return len(todo)
