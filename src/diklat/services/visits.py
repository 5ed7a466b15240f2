"""Field visits (*benchmarking*, *studi lapangan*): a cohort event with a date, a
programme and hosts, each visited by a group of participants who write one report.

Who may: everyone taking part in the cohort reads its visits; its coordinators (and
administrators) plan them and print the request letters (*surat permohonan*); a member of
a host's group (or a coordinator) writes that group's report. Participants' benchmarking
notes (innovation stage) name a host by its key, picked from ``host_choices``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from diklat.db.engine import Database
from diklat.db.models import (
    Cohort,
    Enrolment,
    FieldVisit,
    Institution,
    Person,
    VisitHost,
    VisitMember,
    utcnow,
)
from diklat.domain import clock
from diklat.domain.roles import EVERYONE
from diklat.domain.signing import Letterhead, Signatory
from diklat.services import audit
from diklat.services.access import (
    cohort_by_code,
    coordinated,
    enrolment_for,
    ensure_unlocked,
    is_coordinator,
    visible_cohort_ids,
)
from diklat.services.actor import Actor
from diklat.services.errors import Conflict, Forbidden, Invalid, NotFound
from diklat.services.graduation import grouped_nip
from diklat.services.letterhead import letterhead_of, signatory_of

READERS = EVERYONE
KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,19}$")
MAX_TEXT = 8000
MAX_REPORT = 20000


@dataclass(frozen=True)
class Member:
    enrolment_id: int
    ndh: int
    name: str
    nip: str  # grouped as printed


@dataclass(frozen=True)
class Host:
    id: int
    key: str
    institution: str
    address: str
    contact: str
    practice: str
    report: str
    report_by: str
    report_at: datetime | None
    version: int
    members: list[Member] = field(default_factory=list)


@dataclass(frozen=True)
class Visit:
    id: int
    title: str
    held_on: date
    programme: str
    version: int
    hosts: list[Host] = field(default_factory=list)

    @property
    def participants(self) -> int:
        return sum(len(h.members) for h in self.hosts)


@dataclass(frozen=True)
class HostPlan:
    """A host as the coordinator (or a seed file) gives it; ``ndh`` lists its group."""

    key: str
    institution: str
    address: str = ""
    contact: str = ""
    practice: str = ""
    ndh: tuple[int, ...] = ()
    report: str = ""


@dataclass(frozen=True)
class VisitPlan:
    held_on: date
    title: str = ""
    programme: str = ""
    hosts: tuple[HostPlan, ...] = ()


@dataclass(frozen=True)
class Letters:
    """The request letters of one visit, one per host (``io/visit_letters.py``)."""

    cohort_code: str
    cohort_name: str
    program_name: str
    angkatan: str
    institution: str
    letterhead: Letterhead
    signatory: Signatory
    number: str  # the letters' number; each host's letter adds its position
    visit: Visit


# --- reading ----------------------------------------------------------------------------------


def _cohort_for_reader(s: Session, actor: Actor, cohort: int | str) -> Cohort:
    row = cohort_by_code(s, cohort) if isinstance(cohort, str) else s.get(Cohort, cohort)
    if row is None:
        raise NotFound("notfound.cohort", code=str(cohort))
    visible = visible_cohort_ids(s, actor)
    if visible is not None and row.id not in visible:
        raise Forbidden()
    return row


def visits_of(s: Session, cohort_id: int) -> list[Visit]:
    """The cohort's visits by date, hosts in order, groups by NDH (three queries)."""
    rows = list(
        s.scalars(
            select(FieldVisit)
            .where(FieldVisit.cohort_id == cohort_id)
            .order_by(FieldVisit.held_on, FieldVisit.id)
        )
    )
    if not rows:
        return []
    hosts = list(
        s.execute(
            select(VisitHost, Person.name)
            .outerjoin(Person, Person.id == VisitHost.report_by)
            .where(VisitHost.visit_id.in_([v.id for v in rows]))
            .order_by(VisitHost.position, VisitHost.id)
        )
    )
    members: dict[int, list[Member]] = {}
    if hosts:
        for host_id, eid, ndh, name, nip, nrp in s.execute(
            select(
                VisitMember.host_id,
                Enrolment.id,
                Enrolment.ndh,
                Person.name,
                Person.nip,
                Person.nrp,
            )
            .join(Enrolment, Enrolment.id == VisitMember.enrolment_id)
            .join(Person, Person.id == Enrolment.person_id)
            .where(VisitMember.host_id.in_([h.id for h, _ in hosts]))
            .order_by(Enrolment.ndh)
        ):
            members.setdefault(host_id, []).append(
                Member(eid, ndh, name, grouped_nip(nip or nrp or ""))
            )
    by_visit: dict[int, list[Host]] = {}
    for h, reporter in hosts:
        by_visit.setdefault(h.visit_id, []).append(
            Host(
                h.id,
                h.key,
                h.institution,
                h.address,
                h.contact,
                h.practice,
                h.report,
                reporter or "",
                h.report_at,
                h.version,
                members.get(h.id, []),
            )
        )
    return [
        Visit(v.id, v.title, v.held_on, v.programme, v.version, by_visit.get(v.id, []))
        for v in rows
    ]


def visits(db: Database, actor: Actor, cohort: int | str) -> list[Visit]:
    """The cohort's visits, for anyone who takes part in it."""
    with db.read() as s:
        row = _cohort_for_reader(s, actor, cohort)
        return visits_of(s, row.id)


def host_choices(db: Database, actor: Actor, enrolment_id: int) -> list[tuple[str, str, date]]:
    """(key, host, date) of the visits of the participant's cohort, the participant's own
    group first: the hosts a benchmarking note may name."""
    with db.read() as s:
        enrolment, _ = enrolment_for(s, actor, enrolment_id, READERS)
        out = []
        for visit in visits_of(s, enrolment.cohort_id):
            for host in visit.hosts:
                mine = any(m.enrolment_id == enrolment_id for m in host.members)
                out.append((not mine, visit.held_on, host.key, host.institution))
        return [(key, name, on) for _, on, key, name in sorted(out, key=lambda x: (x[0], x[1]))]


def group_of(db: Database, actor: Actor, enrolment_id: int) -> tuple[Visit, Host] | None:
    """The visit and host whose group the participant is in (the latest visit), or None."""
    with db.read() as s:
        enrolment, _ = enrolment_for(s, actor, enrolment_id, READERS)
        found = [
            (visit, host)
            for visit in visits_of(s, enrolment.cohort_id)
            for host in visit.hosts
            if any(m.enrolment_id == enrolment_id for m in host.members)
        ]
        return found[-1] if found else None


# --- planning -----------------------------------------------------------------------------------


def _text(value: str, name: str, limit: int = MAX_TEXT, *, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise Invalid("visit.field_empty", field=name)
    if len(value) > limit:
        raise Invalid("visit.field_too_long", field=name, max=limit)
    return value


def _check_plan(plan: VisitPlan, cohort: Cohort, ndh: dict[int, int]) -> None:
    if not (cohort.start_date <= plan.held_on <= cohort.end_date):
        raise Invalid(
            "visit.date_outside",
            date=plan.held_on.isoformat(),
            start=cohort.start_date.isoformat(),
            end=cohort.end_date.isoformat(),
        )
    if not plan.hosts:
        raise Invalid("visit.no_hosts")
    seen_ndh: dict[int, str] = {}
    for host in plan.hosts:
        if not KEY.match(host.key or ""):
            raise Invalid("visit.bad_key", key=host.key)
        for n in host.ndh:
            if n not in ndh:
                raise Invalid("visit.unknown_ndh", ndh=n, host=host.key)
            if n in seen_ndh and seen_ndh[n] != host.key:
                raise Invalid("visit.two_groups", ndh=n, first=seen_ndh[n], second=host.key)
            seen_ndh[n] = host.key


def apply_plan(s: Session, row: Cohort, plan: VisitPlan, visit_id: int | None = None) -> int:
    """Check and write a visit of ``row`` (a new one, or ``visit_id`` replaced): its hosts by
    key (a host that stays keeps its report) and their groups. Returns the visit's id;
    Invalid (nothing written) when the plan does not hold. Used by ``save_visit`` and the
    seed loader."""
    ndh = {
        n: eid
        for n, eid in s.execute(
            select(Enrolment.ndh, Enrolment.id).where(Enrolment.cohort_id == row.id)
        )
    }
    _check_plan(plan, row, ndh)
    title = _text(plan.title, "title", 300)
    programme = _text(plan.programme, "programme")
    others = select(VisitHost.key).join(FieldVisit).where(FieldVisit.cohort_id == row.id)
    if visit_id is not None:
        others = others.where(FieldVisit.id != visit_id)
    taken = set(s.scalars(others))
    keys = [h.key for h in plan.hosts]
    clash = next((k for k in keys if k in taken or keys.count(k) > 1), None)
    if clash:
        raise Invalid("visit.key_taken", key=clash)
    hosts = [
        (
            hp,
            _text(hp.institution, "institution", 300, required=True),
            _text(hp.address, "address"),
            _text(hp.contact, "contact", 300),
            _text(hp.practice, "practice"),
            _text(hp.report, "report", MAX_REPORT),
        )
        for hp in plan.hosts
    ]
    if visit_id is None:
        visit = FieldVisit(cohort_id=row.id, held_on=plan.held_on, title=title, programme=programme)
        s.add(visit)
        s.flush()
        old_hosts: dict[str, VisitHost] = {}
    else:
        visit = s.get(FieldVisit, visit_id)
        if visit is None or visit.cohort_id != row.id:
            raise NotFound("visit.not_found", id=visit_id)
        visit.held_on, visit.title, visit.programme = plan.held_on, title, programme
        old_hosts = {
            h.key: h for h in s.scalars(select(VisitHost).where(VisitHost.visit_id == visit.id))
        }
    for gone in [h for k, h in old_hosts.items() if k not in keys]:
        s.delete(gone)
    s.flush()
    for position, (hp, institution, address, contact, practice, report) in enumerate(hosts, 1):
        host = old_hosts.get(hp.key) or VisitHost(visit_id=visit.id, key=hp.key, report="")
        host.position, host.institution, host.address = position, institution, address
        host.contact, host.practice = contact, practice
        if report:
            host.report = report
        s.add(host)
        s.flush()
        s.execute(delete(VisitMember).where(VisitMember.host_id == host.id))
        s.add_all(VisitMember(host_id=host.id, enrolment_id=ndh[n]) for n in sorted(hp.ndh))
    s.flush()
    return visit.id


def save_visit(
    db: Database,
    actor: Actor,
    cohort: int | str,
    plan: VisitPlan,
    *,
    visit_id: int | None = None,
    expected_version: int | None = None,
) -> Visit:
    """Create a visit, or replace one's details, hosts and groups. Coordinators only;
    refused on a locked cohort."""
    with db.write() as s:
        row = coordinated(s, actor, cohort)
        ensure_unlocked(row)
        if visit_id is not None and expected_version is not None:
            current = s.get(FieldVisit, visit_id)
            if current is not None and current.version != expected_version:
                raise Conflict("visit.changed_meanwhile")
        saved = apply_plan(s, row, plan, visit_id)
        audit.record(
            s,
            actor,
            "visit_saved",
            "field_visit",
            saved,
            cohort_id=row.id,
            new={
                "held_on": plan.held_on.isoformat(),
                "hosts": {h.key: sorted(h.ndh) for h in plan.hosts},
            },
        )
        return next(v for v in visits_of(s, row.id) if v.id == saved)


def delete_visit(db: Database, actor: Actor, cohort: int | str, visit_id: int) -> None:
    with db.write() as s:
        row = coordinated(s, actor, cohort)
        ensure_unlocked(row)
        visit = s.get(FieldVisit, visit_id)
        if visit is None or visit.cohort_id != row.id:
            raise NotFound("visit.not_found", id=visit_id)
        s.delete(visit)
        audit.record(s, actor, "visit_deleted", "field_visit", visit_id, cohort_id=row.id)


def save_report(
    db: Database, actor: Actor, host_id: int, text: str, *, expected_version: int | None = None
) -> Host:
    """The group's report on its host: written by a member of the group or a coordinator."""
    with db.write() as s:
        host = s.get(VisitHost, host_id)
        if host is None:
            raise NotFound("visit.host_not_found", id=host_id)
        visit = s.get(FieldVisit, host.visit_id)
        cohort = s.get(Cohort, visit.cohort_id)
        member = actor.person_id is not None and s.scalar(
            select(VisitMember.id)
            .join(Enrolment, Enrolment.id == VisitMember.enrolment_id)
            .where(VisitMember.host_id == host.id, Enrolment.person_id == actor.person_id)
        )
        if not member and not is_coordinator(s, actor, cohort.id):
            raise Forbidden()
        ensure_unlocked(cohort)
        if expected_version is not None and host.version != expected_version:
            raise Conflict("visit.report_changed_meanwhile", host=host.institution)
        old = host.report
        host.report = _text(text, "report", MAX_REPORT)
        host.report_by = actor.person_id
        host.report_at = utcnow()
        s.flush()
        audit.record(
            s,
            actor,
            "visit_report_saved",
            "visit_host",
            host.id,
            cohort_id=cohort.id,
            old={"length": len(old)},
            new={"length": len(host.report)},
        )
        return next(h for v in visits_of(s, cohort.id) for h in v.hosts if h.id == host.id)


# --- the request letters ------------------------------------------------------------------------


def letters(
    db: Database,
    actor: Actor,
    cohort: int | str,
    visit_id: int | None = None,
    *,
    signatory: Signatory | None = None,
    number: str = "",
) -> Letters:
    """The request letters of a visit (the cohort's first when ``visit_id`` is None), dated
    today unless ``signatory`` gives a date; for a visit already past, the date is left to
    be written by hand (diklat does not know when the letters went out)."""
    with db.read() as s:
        row = coordinated(s, actor, cohort)
        found = visits_of(s, row.id)
        visit = next((v for v in found if visit_id is None or v.id == visit_id), None)
        if visit is None:
            raise NotFound("visit.none", code=row.code)
        inst = s.get(Institution, row.institution_id) if row.institution_id else None
        return Letters(
            cohort_code=row.code,
            cohort_name=row.name,
            program_name=row.program_name,
            angkatan=row.angkatan,
            institution=inst.name if inst else "",
            letterhead=letterhead_of(inst),
            signatory=(signatory or Signatory()).over(
                signatory_of(
                    row, inst, on=clock.today() if visit.held_on >= clock.today() else None
                )
            ),
            number=number,
            visit=visit,
        )
