"""Staff of a cohort from the coordinator's file (io.staff_import): coaches, mentors
and examiners, with accounts for those who have none.

``plan_staff`` checks the rows against the database and says what an import would
do without writing; ``import_staff`` does the same checks again in one write
transaction and applies them, all or nothing (like the participants import):

- a person is found by NIP, NRP or log-in name and never duplicated; someone known
  keeps their account and gets the file's details where a cell is filled (as the
  participants import updates people; audited with old and new values);
- someone new gets a person, an account in the row's role (log-in: the NIP, NRP or
  the log-in name given) and a one-time password, kept until the first log-in so
  that the cohort's log-in slips print it (services.exports.slips);
- everyone gets the cohort staff row of their role, which lets them see the cohort
  (assignments to participants are the assignments file's job);
- a participant's or an administrator's account cannot be made staff this way: that
  row is a problem.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from diklat.db.engine import Database
from diklat.db.models import Account, Cohort, CohortStaff, Person
from diklat.domain.imports import ImportInvalid, Problem, problem_key
from diklat.domain.roles import Role
from diklat.domain.staff import StaffRow
from diklat.i18n import t
from diklat.services import audit
from diklat.services.access import coordinated, ensure_unlocked
from diklat.services.actor import Actor
from diklat.services.auth import hash_one_time_password, one_time_password

Progress = Callable[[int, int], None]
# Accounts a staff file may reuse as they are.
_STAFF_ACCOUNTS = frozenset({Role.COACH, Role.MENTOR, Role.EXAMINER, Role.COORDINATOR})


@dataclass(frozen=True)
class PlannedStaff:
    row: int
    ident: str
    name: str
    role: Role
    new_person: bool
    account: bool  # an account with a one-time password is made
    changes: tuple[str, ...]  # the known person's details the file changes
    added: bool  # the cohort staff row is new (False: already staff in that role)


@dataclass
class StaffPlan:
    cohort_code: str
    rows: list[PlannedStaff] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def new_people(self) -> int:
        return sum(1 for r in self.rows if r.new_person)

    @property
    def accounts(self) -> int:
        return sum(1 for r in self.rows if r.account)

    @property
    def updated_people(self) -> int:
        return sum(1 for r in self.rows if r.changes)

    @property
    def added(self) -> int:
        return sum(1 for r in self.rows if r.added)


@dataclass
class _Found:
    person: Person | None
    account: Account | None


def _lookup(s: Session, rows: Sequence[StaffRow]) -> dict[int, _Found]:
    """Each row's person and account, in three statements whatever the rows."""
    nips = [r.nip for r in rows if r.nip]
    nrps = [r.nrp for r in rows if r.nrp]
    logins = [r.login for r in rows if r.login and not (r.nip or r.nrp)]
    people: dict[str, Person] = {}
    if nips:
        people.update((p.nip, p) for p in s.scalars(select(Person).where(Person.nip.in_(nips))))
    if nrps:
        people.update((p.nrp, p) for p in s.scalars(select(Person).where(Person.nrp.in_(nrps))))
    by_login: dict[str, Account] = {}
    if logins:
        by_login = {a.login: a for a in s.scalars(select(Account).where(Account.login.in_(logins)))}
    pids = [p.id for p in people.values()]
    by_person: dict[int, Account] = {}
    if pids:
        by_person = {
            a.person_id: a for a in s.scalars(select(Account).where(Account.person_id.in_(pids)))
        }
    found: dict[int, _Found] = {}
    for r in rows:
        if r.nip or r.nrp:
            p = people.get(r.nip or r.nrp or "")
            found[r.row] = _Found(p, by_person.get(p.id) if p else None)
        else:
            a = by_login.get(r.ident)
            found[r.row] = _Found(a.person if a else None, a)
    return found


def _plan(
    s: Session, cohort: Cohort, rows: Sequence[StaffRow]
) -> tuple[list[PlannedStaff], dict[int, _Found], list[Problem]]:
    found = _lookup(s, rows)
    have = set(
        s.execute(
            select(CohortStaff.person_id, CohortStaff.role).where(
                CohortStaff.cohort_id == cohort.id
            )
        ).all()
    )
    planned: list[PlannedStaff] = []
    problems: list[Problem] = []
    for r in rows:
        f = found[r.row]
        if f.account is not None and Role(f.account.role) not in _STAFF_ACCOUNTS:
            problems.append(
                Problem(
                    r.row,
                    None,
                    problem_key(
                        "staff.not_staff_account",
                        login=f.account.login,
                        role=t(f"role.{f.account.role}"),
                    ),
                )
            )
            continue
        added = f.person is None or (f.person.id, r.peran.value) not in have
        planned.append(
            PlannedStaff(
                r.row,
                r.ident,
                r.nama,
                r.peran,
                new_person=f.person is None,
                account=f.account is None,
                added=added,
                changes=_changes(f.person, r) if f.person else (),
            )
        )
    return planned, found, problems


# The person's details a staff file carries: (the row's field, the person's attribute).
_DETAILS = (
    ("nama", "name"),
    ("pangkat_golongan", "pangkat_golongan"),
    ("jabatan", "jabatan"),
    ("instansi", "instansi"),
    ("email", "email"),
)


def _changes(person: Person, r: StaffRow) -> tuple[str, ...]:
    """The attributes a filled cell changes (an empty cell keeps what is there)."""
    return tuple(
        attr
        for field_, attr in _DETAILS
        if getattr(r, field_) and getattr(r, field_) != getattr(person, attr)
    )


def _checked(
    s: Session, actor: Actor, code: str, rows: Sequence[StaffRow]
) -> tuple[Cohort, list[PlannedStaff], dict[int, _Found]]:
    cohort = coordinated(s, actor, code)
    ensure_unlocked(cohort)
    planned, found, problems = _plan(s, cohort, rows)
    if problems:
        raise ImportInvalid(problems)
    return cohort, planned, found


def plan_staff(
    db: Database,
    actor: Actor,
    cohort_code: str,
    rows: Sequence[StaffRow],
    unknown_columns: Sequence[str] = (),
) -> StaffPlan:
    with db.read() as s:
        cohort, planned, _ = _checked(s, actor, cohort_code, rows)
        return StaffPlan(cohort.code, planned, list(unknown_columns))


@dataclass(frozen=True)
class StaffReport:
    plan: StaffPlan
    accounts: int


def import_staff(
    db: Database,
    actor: Actor,
    cohort_code: str,
    rows: Sequence[StaffRow],
    unknown_columns: Sequence[str] = (),
    *,
    progress: Progress | None = None,
) -> StaffReport:
    """Apply ``rows`` in one transaction; ImportInvalid writes nothing."""
    by_row = {r.row: r for r in rows}
    with db.write() as s:
        cohort, planned, found = _checked(s, actor, cohort_code, rows)
        entries: list[dict] = []
        for done, p in enumerate(planned, 1):
            r = by_row[p.row]
            person = found[p.row].person
            if person is None:
                person = Person(
                    nip=r.nip,
                    nrp=r.nrp,
                    name=r.nama,
                    pangkat_golongan=r.pangkat_golongan,
                    jabatan=r.jabatan,
                    instansi=r.instansi,
                    email=r.email or "",
                )
                s.add(person)
                s.flush()
            elif p.changes:
                old = {attr: getattr(person, attr) for attr in p.changes}
                for field_, attr in _DETAILS:
                    if attr in p.changes:
                        setattr(person, attr, getattr(r, field_))
                entries.append(
                    dict(
                        action="person_updated",
                        entity="person",
                        entity_id=person.id,
                        cohort_id=cohort.id,
                        old=old,
                        new={attr: getattr(person, attr) for attr in p.changes},
                    )
                )
            if p.account:
                otp = one_time_password()
                account = Account(
                    person_id=person.id,
                    login=r.ident,
                    role=r.peran.value,
                    password_hash=hash_one_time_password(otp),
                    must_change_password=True,
                    one_time_password=otp,
                )
                s.add(account)
                s.flush()
                entries.append(
                    dict(
                        action="user_added",
                        entity="account",
                        entity_id=account.id,
                        cohort_id=cohort.id,
                        new={"login": r.ident, "role": r.peran.value, "row": r.row},
                    )
                )
            if p.added:
                staff = CohortStaff(cohort_id=cohort.id, person_id=person.id, role=r.peran.value)
                s.add(staff)
                s.flush()
                entries.append(
                    dict(
                        action="staff_added",
                        entity="cohort_staff",
                        entity_id=staff.id,
                        cohort_id=cohort.id,
                        new={"person_id": person.id, "role": r.peran.value, "row": r.row},
                    )
                )
            if progress:
                progress(done, len(planned))
        plan = StaffPlan(cohort.code, planned, list(unknown_columns))
        entries.append(
            dict(
                action="staff_imported",
                entity="cohort",
                entity_id=cohort.id,
                cohort_id=cohort.id,
                new={"rows": len(rows), "accounts": plan.accounts, "added": plan.added},
            )
        )
        audit.record_many(s, actor, entries)
        return StaffReport(plan, plan.accounts)
