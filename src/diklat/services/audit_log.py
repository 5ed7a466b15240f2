"""Reading the audit log: who did what, when, with the old and the new values.

Administrators read every entry; a coordinator reads the entries of the cohorts they
coordinate (entries without a cohort, such as a new account, are the administrators').
Filters: cohort, person (log-in, NIP or part of the name; as the one who acted or the
one acted for), action, from and to a date. Newest first, a page at a time.

The command line acts as the system (no person); its entries name the operating-system
user who ran the command (``new["operator"]``, written by ``services.audit``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from diklat.db.engine import Database
from diklat.db.models import Account, AuditEntry, Cohort, CohortStaff, Person
from diklat.domain.roles import Role
from diklat.services.access import cohort_by_code
from diklat.services.actor import Actor
from diklat.services.errors import Forbidden, Invalid

MAX_PAGE = 1000
OPERATOR = "operator"


@dataclass(frozen=True)
class AuditFilter:
    cohort: str | None = None  # cohort code
    person: str | None = None
    action: str | None = None
    since: date | None = None
    until: date | None = None  # inclusive


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime  # UTC, as stored
    actor: str  # the person's name, or "" for the command line
    actor_login: str
    operator: str  # the operating-system user, for the command line's entries
    on_behalf_of: str
    action: str
    entity: str
    entity_id: int | None
    cohort: str  # code
    old: dict[str, Any] | None
    new: dict[str, Any] | None


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    total: int
    offset: int


def _cohort_scope(s: Session, actor: Actor) -> list[int] | None:
    """The cohorts whose entries the actor reads; None means every entry (admin)."""
    if actor.is_admin:
        return None
    if actor.role is not Role.COORDINATOR or actor.person_id is None:
        raise Forbidden("perm.not_coordinator")
    return list(
        s.scalars(
            select(CohortStaff.cohort_id).where(
                CohortStaff.person_id == actor.person_id,
                CohortStaff.role == Role.COORDINATOR.value,
            )
        )
    )


def _query(s: Session, actor: Actor, f: AuditFilter):
    if f.since and f.until and f.until < f.since:
        raise Invalid("audit.until_before_since")
    scope = _cohort_scope(s, actor)
    q = select(AuditEntry)
    if scope is not None:
        q = q.where(AuditEntry.cohort_id.in_(scope))
    if f.cohort:
        cohort = cohort_by_code(s, f.cohort.strip())
        if scope is not None and cohort.id not in scope:
            raise Forbidden("perm.not_coordinator")
        q = q.where(AuditEntry.cohort_id == cohort.id)
    if f.action and f.action.strip():
        q = q.where(AuditEntry.action == f.action.strip())
    if f.since:
        q = q.where(AuditEntry.at >= datetime.combine(f.since, time.min))
    if f.until:
        q = q.where(AuditEntry.at < datetime.combine(f.until + timedelta(days=1), time.min))
    if f.person and f.person.strip():
        who = f.person.strip()
        digits = who.replace(" ", "")
        people = (
            select(Person.id)
            .outerjoin(Account, Account.person_id == Person.id)
            .where(
                or_(
                    func.lower(Person.name).contains(who.lower(), autoescape=True),
                    Account.login == who.lower(),
                    Person.nip == digits,
                )
            )
        )
        q = q.where(or_(AuditEntry.actor_id.in_(people), AuditEntry.on_behalf_of.in_(people)))
    return q


def audit_entries(
    db: Database, actor: Actor, f: AuditFilter = AuditFilter(), *, offset: int = 0, limit: int = 200
) -> AuditPage:
    limit = max(1, min(limit, MAX_PAGE))
    with db.read() as s:
        q = _query(s, actor, f)
        total = s.scalar(select(func.count()).select_from(q.subquery())) or 0
        entries = list(
            s.scalars(
                q.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).offset(offset).limit(limit)
            )
        )
        return AuditPage(_rows(s, entries), total, offset)


def iter_entries(db: Database, actor: Actor, f: AuditFilter = AuditFilter(), *, chunk: int = 500):
    """Every matching entry, oldest first, read a chunk at a time (the command line's CSV)."""
    last = 0
    while True:
        with db.read() as s:
            q = _query(s, actor, f).where(AuditEntry.id > last)
            entries = list(s.scalars(q.order_by(AuditEntry.id).limit(chunk)))
            rows = _rows(s, entries)
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def audit_actions(db: Database, actor: Actor) -> list[str]:
    """The actions the actor's entries hold, for a filter's list."""
    with db.read() as s:
        scope = _cohort_scope(s, actor)
        q = select(AuditEntry.action).distinct()
        if scope is not None:
            q = q.where(AuditEntry.cohort_id.in_(scope))
        return sorted(s.scalars(q))


def _rows(s: Session, entries: list[AuditEntry]) -> list[AuditRow]:
    ids = {e.actor_id for e in entries} | {e.on_behalf_of for e in entries}
    ids.discard(None)
    people: dict[int, tuple[str, str]] = {}
    if ids:
        account = aliased(Account)
        for pid, name, acc in s.execute(
            select(Person.id, Person.name, account.login)
            .outerjoin(account, account.person_id == Person.id)
            .where(Person.id.in_(ids))
        ):
            people[pid] = (name, acc or "")
    cohort_ids = {e.cohort_id for e in entries if e.cohort_id is not None}
    codes = (
        dict(s.execute(select(Cohort.id, Cohort.code).where(Cohort.id.in_(cohort_ids))).all())
        if cohort_ids
        else {}
    )
    rows = []
    for e in entries:
        name, login = people.get(e.actor_id, ("", "")) if e.actor_id else ("", "")
        operator = (e.new or {}).get(OPERATOR, "") if e.actor_id is None else ""
        rows.append(
            AuditRow(
                e.id,
                e.at,
                name,
                login,
                str(operator),
                people.get(e.on_behalf_of, ("", ""))[0] if e.on_behalf_of else "",
                e.action,
                e.entity,
                e.entity_id,
                codes.get(e.cohort_id, ""),
                e.old,
                e.new,
            )
        )
    return rows
