"""Attendance (per session, or an imported recap) and the coordinator's conduct marks.

Counting rule (used by the results): a participant with per-session attendance
rows is counted from them — scheduled = sessions recorded for them, attended =
those marked present; a participant without any is counted from the imported
recap; with neither, nothing is scheduled, so nothing was missed. A new session
records everyone as present; the coordinator then marks who was absent.

Conduct (``sikap``, or whichever component the rule set gives the coordinator)
is marked through the marking service, so it follows the same rules as every
other mark (range, decimals, optimistic locking, frozen after release or lock).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from diklat.db.engine import Database, untyped
from diklat.db.models import Attendance, AttendanceSession, Cohort, Enrolment, Mark, Person
from diklat.domain.imports import ImportInvalid, Problem, RecapRow
from diklat.domain.roles import Role
from diklat.domain.rules import RuleSet
from diklat.i18n import t
from diklat.services import audit, marking
from diklat.services.access import coordinated, ensure_unlocked, load_enrolment
from diklat.services.actor import Actor
from diklat.services.errors import Invalid, NotFound

Progress = Callable[[int, int], None]
MAX_TITLE = 300


def counts(s: Session, cohort_id: int) -> dict[int, tuple[int, int, str]]:
    """Per enrolment: (scheduled, attended, source) with source "sessions", "recap" or "none".
    Two queries whatever the cohort size."""
    return counts_in(s, [cohort_id])


def counts_in(s: Session, cohort_ids: Sequence[int]) -> dict[int, tuple[int, int, str]]:
    """``counts`` for the enrolments of several cohorts at once (still two queries)."""
    per_session = {
        eid: (int(n), int(present or 0))
        for eid, n, present in untyped(
            s.execute(
                select(
                    Attendance.enrolment_id,
                    func.count(),
                    func.sum(case((Attendance.present, 1), else_=0)),
                )
                .join(AttendanceSession, AttendanceSession.id == Attendance.session_id)
                .where(AttendanceSession.cohort_id.in_(cohort_ids))
                .group_by(Attendance.enrolment_id)
            ),
        )
    }
    out: dict[int, tuple[int, int, str]] = {}
    for eid, scheduled, attended in s.execute(
        select(Enrolment.id, Enrolment.recap_scheduled, Enrolment.recap_attended).where(
            Enrolment.cohort_id.in_(cohort_ids)
        )
    ):
        if eid in per_session:
            out[eid] = (*per_session[eid], "sessions")
        elif scheduled is not None:
            out[eid] = (scheduled, attended or 0, "recap")
        else:
            out[eid] = (0, 0, "none")
    return out


@dataclass(frozen=True)
class SessionView:
    id: int
    held_on: date
    title: str
    present: int
    recorded: int


@dataclass(frozen=True)
class AttendanceRow:
    enrolment_id: int
    ndh: int
    name: str
    status: str
    scheduled: int
    attended: int
    source: str
    below_minimum: bool

    @property
    def pct(self) -> Decimal | None:
        if not self.scheduled:
            return None
        return (Decimal(self.attended * 100) / Decimal(self.scheduled)).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class AttendanceOverview:
    cohort_id: int
    cohort_code: str
    minimum_pct: Decimal
    sessions: list[SessionView]
    rows: list[AttendanceRow]
    locked: bool


def overview(db: Database, actor: Actor, cohort: int | str) -> AttendanceOverview:
    with db.read() as s:
        row = coordinated(s, actor, cohort)
        return _overview(s, row)


def _overview(s: Session, cohort: Cohort) -> AttendanceOverview:
    rules = RuleSet.model_validate(cohort.rules)
    minimum = rules.pass_conditions.min_attendance_pct
    sessions = [
        SessionView(sid, on, title, int(present or 0), int(n or 0))
        for sid, on, title, n, present in untyped(
            s.execute(
                select(
                    AttendanceSession.id,
                    AttendanceSession.held_on,
                    AttendanceSession.title,
                    func.count(Attendance.id),
                    func.sum(case((Attendance.present, 1), else_=0)),
                )
                .outerjoin(Attendance, Attendance.session_id == AttendanceSession.id)
                .where(AttendanceSession.cohort_id == cohort.id)
                .group_by(AttendanceSession.id)
                .order_by(AttendanceSession.held_on, AttendanceSession.id)
            ),
        )
    ]
    got = counts(s, cohort.id)
    rows = []
    for eid, ndh, name, status in s.execute(
        select(Enrolment.id, Enrolment.ndh, Person.name, Enrolment.status)
        .join(Person, Person.id == Enrolment.person_id)
        .where(Enrolment.cohort_id == cohort.id)
        .order_by(Enrolment.ndh)
    ):
        scheduled, attended, source = got.get(eid, (0, 0, "none"))
        below = scheduled > 0 and Decimal(attended * 100) < minimum * scheduled
        rows.append(AttendanceRow(eid, ndh, name, status, scheduled, attended, source, below))
    return AttendanceOverview(
        cohort.id, cohort.code, minimum, sessions, rows, cohort.locked_at is not None
    )


def add_session(
    db: Database, actor: Actor, cohort: int | str, held_on: date, title: str = ""
) -> SessionView:
    """A new session with every active participant present (then mark who was absent)."""
    title = (title or "").strip()
    if len(title) > MAX_TITLE:
        raise Invalid("attendance.title_too_long", max=MAX_TITLE)
    with db.write() as s:
        row = coordinated(s, actor, cohort)
        ensure_unlocked(row)
        session = AttendanceSession(cohort_id=row.id, held_on=held_on, title=title)
        s.add(session)
        s.flush()
        ids = list(
            s.scalars(
                select(Enrolment.id).where(
                    Enrolment.cohort_id == row.id, Enrolment.status == "active"
                )
            )
        )
        for eid in ids:
            s.add(Attendance(session_id=session.id, enrolment_id=eid, present=True))
        s.flush()
        audit.record(
            s,
            actor,
            "session_added",
            "attendance_session",
            session.id,
            cohort_id=row.id,
            new={"held_on": held_on.isoformat(), "title": title, "participants": len(ids)},
        )
        return SessionView(session.id, held_on, title, len(ids), len(ids))


def session_attendance(db: Database, actor: Actor, session_id: int) -> dict[int, bool]:
    """enrolment id -> present, for one session."""
    with db.read() as s:
        session = s.get(AttendanceSession, session_id)
        if session is None:
            raise NotFound("attendance.no_session", id=session_id)
        coordinated(s, actor, session.cohort_id)
        return {
            eid: here
            for eid, here in s.execute(
                select(Attendance.enrolment_id, Attendance.present).where(
                    Attendance.session_id == session_id
                )
            )
        }


def record_attendance(
    db: Database, actor: Actor, session_id: int, present: dict[int, bool]
) -> SessionView:
    """Set present/absent for the given participants of one session."""
    with db.write() as s:
        session = s.get(AttendanceSession, session_id)
        if session is None:
            raise NotFound("attendance.no_session", id=session_id)
        cohort = coordinated(s, actor, session.cohort_id)
        ensure_unlocked(cohort)
        members = set(s.scalars(select(Enrolment.id).where(Enrolment.cohort_id == cohort.id)))
        existing = {
            a.enrolment_id: a
            for a in s.scalars(select(Attendance).where(Attendance.session_id == session_id))
        }
        old: dict[str, bool | None] = {}
        new: dict[str, bool] = {}
        for eid, here in present.items():
            if eid not in members:
                raise Invalid("attendance.not_in_cohort", id=eid)
            row = existing.get(eid)
            if row is None:
                s.add(Attendance(session_id=session_id, enrolment_id=eid, present=here))
                old[str(eid)], new[str(eid)] = None, here
            elif row.present != here:
                old[str(eid)], new[str(eid)] = row.present, here
                row.present = here
        s.flush()
        if new:
            audit.record(
                s,
                actor,
                "attendance_recorded",
                "attendance_session",
                session_id,
                cohort_id=cohort.id,
                old=old,
                new=new,
            )
        marked, present_count = untyped(
            s.execute(
                select(func.count(), func.sum(case((Attendance.present, 1), else_=0))).where(
                    Attendance.session_id == session_id
                )
            ).one()
        )
        return SessionView(
            session.id, session.held_on, session.title, int(present_count or 0), int(marked or 0)
        )


@dataclass(frozen=True)
class RecapReport:
    cohort_code: str
    rows: int
    changed: int
    with_sessions: (
        int  # rows whose participant has per-session attendance (the recap is kept but not used)
    )
    unknown_columns: list[str]


def _resolve_recap(s: Session, cohort_id: int, rows: Sequence[RecapRow]):
    by_ident: dict[str, Enrolment] = {}
    by_ndh: dict[int, Enrolment] = {}
    for e, nip, nrp in s.execute(
        select(Enrolment, Person.nip, Person.nrp)
        .join(Person, Person.id == Enrolment.person_id)
        .where(Enrolment.cohort_id == cohort_id)
    ):
        by_ndh[e.ndh] = e
        for value in (nip, nrp):
            if value:
                by_ident[value] = e
    problems, resolved = [], []
    for r in rows:
        e = by_ident.get(r.ident) if r.ident else by_ndh.get(r.ndh)
        if e is None:
            problems.append(
                Problem(
                    r.row, "nip" if r.ident else "ndh", t("io.not_enrolled", value=r.ident or r.ndh)
                )
            )
            continue
        if r.ident and r.ndh is not None and r.ndh != e.ndh:
            problems.append(Problem(r.row, "ndh", t("io.ndh_mismatch", ndh=r.ndh, actual=e.ndh)))
            continue
        resolved.append((r, e))
    return resolved, problems


def import_recap(
    db: Database,
    actor: Actor,
    cohort_code: str,
    rows: Sequence[RecapRow],
    unknown_columns: Sequence[str] = (),
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> RecapReport:
    with db.read() if dry_run else db.write() as s:
        cohort = coordinated(s, actor, cohort_code)
        ensure_unlocked(cohort)
        resolved, problems = _resolve_recap(s, cohort.id, rows)
        if problems:
            raise ImportInvalid(problems)
        got = counts(s, cohort.id)
        changed = with_sessions = 0
        for n, (r, e) in enumerate(resolved, 1):
            with_sessions += got.get(e.id, (0, 0, "none"))[2] == "sessions"
            if (e.recap_scheduled, e.recap_attended) != (r.jumlah_sesi, r.hadir):
                changed += 1
                if not dry_run:
                    old = {"scheduled": e.recap_scheduled, "attended": e.recap_attended}
                    e.recap_scheduled, e.recap_attended = r.jumlah_sesi, r.hadir
                    audit.record(
                        s,
                        actor,
                        "attendance_recap",
                        "enrolment",
                        e.id,
                        cohort_id=cohort.id,
                        old=old,
                        new={"scheduled": r.jumlah_sesi, "attended": r.hadir},
                    )
            if progress:
                progress(n, len(resolved))
        return RecapReport(cohort.code, len(rows), changed, with_sessions, list(unknown_columns))


# --- conduct -----------------------------------------------------------------------------------


def conduct_component(rules: RuleSet) -> str | None:
    """The component the coordinator marks (conduct, ``sikap`` by default)."""
    for component in rules.components:
        if Role.COORDINATOR in component.marker_roles:
            return component.code
    return None


@dataclass(frozen=True)
class ConductRow:
    enrolment_id: int
    ndh: int
    name: str
    status: str
    mine: Decimal | None
    mine_version: int | None
    others: tuple[tuple[str, Decimal], ...]  # (marker name, mark) of the other markers


@dataclass(frozen=True)
class ConductSheet:
    cohort_id: int
    component: str | None
    label: str
    frozen: bool  # released or locked: marks cannot change
    rows: list[ConductRow]


def conduct_sheet(db: Database, actor: Actor, cohort: int | str) -> ConductSheet:
    """Every participant with my conduct mark and the other conduct marks (three queries)."""
    with db.read() as s:
        row = coordinated(s, actor, cohort)
        rules = RuleSet.model_validate(row.rules)
        code = conduct_component(rules)
        frozen = row.results_released_at is not None or row.locked_at is not None
        people = s.execute(
            select(Enrolment.id, Enrolment.ndh, Person.name, Enrolment.status)
            .join(Person, Person.id == Enrolment.person_id)
            .where(Enrolment.cohort_id == row.id)
            .order_by(Enrolment.ndh)
        ).all()
        marks: dict[int, list[tuple[int, str, Decimal, int]]] = {}
        if code is not None:
            for eid, marker, name, score, version in s.execute(
                select(Mark.enrolment_id, Mark.marker_id, Person.name, Mark.score, Mark.version)
                .join(Person, Person.id == Mark.marker_id)
                .join(Enrolment, Enrolment.id == Mark.enrolment_id)
                .where(Enrolment.cohort_id == row.id, Mark.component == code)
            ):
                marks.setdefault(eid, []).append(
                    (marker, name, Decimal(score).quantize(Decimal("0.01")), version)
                )
        rows = []
        for eid, ndh, name, status in people:
            given = marks.get(eid, [])
            mine = next((m for m in given if m[0] == actor.person_id), None)
            rows.append(
                ConductRow(
                    eid,
                    ndh,
                    name,
                    status,
                    mine[2] if mine else None,
                    mine[3] if mine else None,
                    tuple((n, sc) for pid, n, sc, _ in given if pid != actor.person_id),
                )
            )
        label = rules.component(code).text() if code else ""
        return ConductSheet(row.id, code, label, frozen, rows)


def save_conduct(
    db: Database, actor: Actor, enrolment_id: int, score: object, *, expected_version: int | None
) -> Decimal:
    """The coordinator's own conduct mark, through the marking service."""
    with db.read() as s:
        enrolment = load_enrolment(s, enrolment_id)
        cohort = coordinated(s, actor, enrolment.cohort_id)
        ensure_unlocked(cohort)
        code = conduct_component(RuleSet.model_validate(cohort.rules))
    if code is None:
        raise Invalid("conduct.no_component")
    view = marking.save_mark(
        db, actor, enrolment_id, code, score=score, expected_version=expected_version
    )
    return view.score
