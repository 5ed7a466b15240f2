"""Enrolling participants from the coordinator's spreadsheet (io.participants_import).

``plan_participants`` checks the parsed rows against the database and says what
an import would do, row by row, without writing; ``import_participants`` does the
same checks again inside one write transaction and applies them — all or nothing.

- A person is found by NIP (or NRP); an existing person is updated with the
  file's values (never duplicated); a new person, and one enrolled before without
  an account, gets a participant account and a one-time password, kept on the
  account until the first log-in so that ``diklat export slips`` can print it
  (hashed with light parameters: services.auth, docs/security.md).
- The NDH comes from the file or, when the column is empty, stays as it is for
  someone already enrolled and is the next free number for someone new. An NDH
  that another participant of the cohort keeps is a problem of that row.
- Nothing changes in a locked cohort.
- The statements do not grow with the rows: people, accounts and log-in names are
  looked up with one ``IN`` list per CHUNK rows, and the writes (people, accounts,
  enrolments, audit rows) are lists of parameters sent with executemany.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from diklat.db.engine import Database, untyped
from diklat.db.models import Account, Cohort, Enrolment, Person
from diklat.domain.imports import MAX_NDH, ImportInvalid, ParticipantRow, Problem
from diklat.domain.roles import Role
from diklat.i18n import t
from diklat.services import audit
from diklat.services.access import coordinated, ensure_unlocked
from diklat.services.actor import Actor
from diklat.services.auth import hash_one_time_password, one_time_password

Progress = Callable[[int, int], None]

NEW_PERSON, UPDATE_PERSON, SAME_PERSON = "new", "update", "same"
NEW_ENROLMENT, UPDATE_ENROLMENT, SAME_ENROLMENT = "enrol", "update", "same"

# Values per ``IN (...)`` list: well under any database's limit on bound parameters, so
# a lookup costs one statement per CHUNK rows of the file, never one per row.
CHUNK = 500
# Progress is reported once per this many rows (a callback per row would cost more
# than the row itself).
PROGRESS_STEP = 200


@dataclass(frozen=True)
class PlannedRow:
    row: int
    ident: str
    name: str
    ndh: int
    person: str  # new / update / same
    enrolment: str  # enrol / update / same
    changes: tuple[str, ...] = ()  # the person's fields that change
    account: bool = False  # a participant account with a one-time password is made


@dataclass
class ImportPlan:
    cohort_code: str
    cohort_name: str
    rows: list[PlannedRow] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    def count(self, attr: str, value: object) -> int:
        return sum(1 for r in self.rows if getattr(r, attr) == value)

    @property
    def new_people(self) -> int:
        return self.count("person", NEW_PERSON)

    @property
    def updated_people(self) -> int:
        return self.count("person", UPDATE_PERSON)

    @property
    def new_enrolments(self) -> int:
        return self.count("enrolment", NEW_ENROLMENT)

    @property
    def changed_enrolments(self) -> int:
        return self.count("enrolment", UPDATE_ENROLMENT)

    @property
    def accounts(self) -> int:
        return self.count("account", True)


_PERSON_FIELDS = (
    ("nama", "name"),
    ("pangkat_golongan", "pangkat_golongan"),
    ("jabatan", "jabatan"),
    ("instansi", "instansi"),
    ("email", "email"),
)


def _chunks(values: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


@dataclass
class _Checked:
    """The plan with what the writes need: each row's existing person (by row number)
    and the cohort's enrolments (by person id)."""

    cohort: Cohort
    rows: list[PlannedRow]
    people: dict[int, Person]
    enrolments: dict[int, Enrolment]


def _plan(
    s: Session, cohort: Cohort, rows: Sequence[ParticipantRow]
) -> tuple[_Checked, list[Problem]]:
    """What the import would do, in a few statements whatever the number of rows."""
    by_ident: dict[str, Person] = {}
    for column, values in (
        (Person.nip, [r.nip for r in rows if r.nip]),
        (Person.nrp, [r.nrp for r in rows if r.nrp]),
    ):
        for chunk in _chunks(values):
            for p in s.scalars(select(Person).where(column.in_(chunk))):
                if p.nip:
                    by_ident[p.nip] = p
                if p.nrp:
                    by_ident[p.nrp] = p
    problems: list[Problem] = []
    found: dict[int, Person] = {}
    first_row: dict[int, int] = {}  # person id -> the first row that names them
    twice: set[int] = set()
    for r in rows:
        p = by_ident.get(r.nip) if r.nip else by_ident.get(r.nrp)
        if p is None:
            continue
        if p.id in first_row:
            # One person named twice (by NIP on one row, by NRP on another).
            problems.append(
                Problem(
                    r.row,
                    "nip" if r.nip else "nrp",
                    t("io.duplicate_in_file", value=r.ident, other=first_row[p.id]),
                )
            )
            twice.add(r.row)
            continue
        first_row[p.id] = r.row
        found[r.row] = p
    enrolments = {
        e.person_id: e for e in s.scalars(select(Enrolment).where(Enrolment.cohort_id == cohort.id))
    }
    # Who has an account already, and which log-in names are taken.
    with_account: set[int] = set()
    for chunk in _chunks([p.id for p in found.values()]):
        with_account.update(
            s.scalars(select(Account.person_id).where(Account.person_id.in_(chunk)))
        )
    needs_account = {
        r.row for r in rows if r.row not in found or found[r.row].id not in with_account
    }
    logins: set[str] = set()
    for chunk in _chunks([r.ident for r in rows if r.row in needs_account]):
        logins.update(s.scalars(select(Account.login).where(Account.login.in_(chunk))))
    touched = {p.id for p in found.values()}
    # NDHs kept by participants the file does not mention (or mentions without an NDH).
    final_ndh: dict[int, int] = {}
    taken: dict[int, str] = {}
    for pid, e in enrolments.items():
        if pid not in touched:
            taken[e.ndh] = "keep"
    file_ndh = {r.ndh for r in rows if r.ndh is not None}
    for r in rows:
        p = found.get(r.row)
        if r.ndh is None and p is not None and p.id in enrolments:
            ndh = enrolments[p.id].ndh
            if ndh in file_ndh:
                # Someone else in the file takes this NDH; this row would need a new one.
                continue
            taken[ndh] = "keep"
            final_ndh[r.row] = ndh
    holder = {e.ndh: e for e in enrolments.values()}
    for r in rows:
        if r.ndh is not None:
            if r.ndh in taken:
                other = holder.get(r.ndh)
                name = other.person.name if other is not None else "?"
                problems.append(Problem(r.row, "ndh", t("io.ndh_taken", ndh=r.ndh, name=name)))
                continue
            taken[r.ndh] = "file"
            final_ndh[r.row] = r.ndh
    next_ndh = max([*taken, 0]) + 1
    for r in rows:
        if r.row not in final_ndh:
            while next_ndh in taken:
                next_ndh += 1
            if next_ndh > MAX_NDH:  # never a number the import could not read back
                problems.append(Problem(r.row, "ndh", t("io.ndh_full", max=MAX_NDH)))
                continue
            final_ndh[r.row] = next_ndh
            taken[next_ndh] = "new"
    planned: list[PlannedRow] = []
    for r in rows:
        p = found.get(r.row)
        if p is not None and r.nip and r.nrp and p.nrp and p.nrp != r.nrp:
            problems.append(Problem(r.row, "nrp", t("io.nrp_differs", nrp=p.nrp)))
        elif r.nrp and r.row not in twice and by_ident.get(r.nrp) not in (None, p):
            # The NRP belongs to someone else: it cannot also be this person's.
            problems.append(
                Problem(r.row, "nrp", t("io.nrp_taken", nrp=r.nrp, name=by_ident[r.nrp].name))
            )
        if r.row in needs_account and r.ident in logins:
            problems.append(Problem(r.row, "nip", t("io.login_taken", login=r.ident)))
        changes: tuple[str, ...]
        if p is None:
            person_action, changes = NEW_PERSON, ()
        else:
            changes = tuple(
                col
                for col, attr in _PERSON_FIELDS
                if getattr(r, col) is not None and getattr(r, col) != getattr(p, attr)
            )
            person_action = UPDATE_PERSON if changes else SAME_PERSON
        e = enrolments.get(p.id) if p is not None else None
        if e is None:
            action = NEW_ENROLMENT
        else:
            action = UPDATE_ENROLMENT if e.ndh != final_ndh[r.row] else SAME_ENROLMENT
        planned.append(
            PlannedRow(
                r.row,
                r.ident,
                r.nama,
                final_ndh[r.row],
                person_action,
                action,
                changes,
                r.row in needs_account,
            )
        )
    return _Checked(cohort, planned, found, enrolments), problems


def _checked_plan(
    s: Session, actor: Actor, cohort_code: str, rows: Sequence[ParticipantRow]
) -> _Checked:
    """The coordinator's unlocked cohort and the plan; ImportInvalid if a row clashes."""
    cohort = coordinated(s, actor, cohort_code)
    ensure_unlocked(cohort)
    checked, problems = _plan(s, cohort, rows)
    if problems:
        problems.sort(key=lambda p: p.row or 0)
        raise ImportInvalid(problems)
    return checked


def plan_participants(
    db: Database,
    actor: Actor,
    cohort_code: str,
    rows: Sequence[ParticipantRow],
    unknown_columns: Sequence[str] = (),
) -> ImportPlan:
    """What importing ``rows`` would do; ImportInvalid if a row clashes with the database."""
    with db.read() as s:
        checked = _checked_plan(s, actor, cohort_code, rows)
        return ImportPlan(
            checked.cohort.code, checked.cohort.name, checked.rows, list(unknown_columns)
        )


@dataclass(frozen=True)
class ImportReport:
    plan: ImportPlan
    accounts: int


def _passwords(
    numbers: Iterable[int], progress: Callable[[int], None] | None = None
) -> dict[int, tuple[str, str]]:
    """A one-time password and its hash for each row number (services.auth, light parameters)."""
    out: dict[int, tuple[str, str]] = {}
    for number in numbers:
        otp = one_time_password()
        out[number] = (otp, hash_one_time_password(otp))
        if progress and len(out) % PROGRESS_STEP == 0:
            progress(len(out))
    return out


def import_participants(
    db: Database,
    actor: Actor,
    cohort_code: str,
    rows: Sequence[ParticipantRow],
    unknown_columns: Sequence[str] = (),
    *,
    progress: Progress | None = None,
) -> ImportReport:
    """Enrol ``rows`` in one transaction (see the module notes); ImportInvalid writes nothing.

    The writes go in bulk: a few statements per CHUNK rows (lists of parameters sent
    with executemany), never one per row."""
    with db.read() as s:
        planned = _checked_plan(s, actor, cohort_code, rows).rows
    # Passwords are made before taking the write lock.
    wanted = [p.row for p in planned if p.account]
    total = len(rows) + len(wanted)
    report = (lambda done: progress(done, total)) if progress else None
    passwords = _passwords(wanted, report)
    with db.write() as s:
        checked = _checked_plan(s, actor, cohort_code, rows)
        # Someone may have changed the cohort in between: rows that need an account now.
        passwords.update(
            _passwords(p.row for p in checked.rows if p.account and p.row not in passwords)
        )
        accounts = _write(
            s,
            actor,
            checked,
            rows,
            passwords,
            lambda done: report(len(wanted) + done) if report else None,
        )
        if progress:
            progress(total, total)
        return ImportReport(
            ImportPlan(
                checked.cohort.code, checked.cohort.name, checked.rows, list(unknown_columns)
            ),
            accounts,
        )


def _write(
    s: Session,
    actor: Actor,
    checked: _Checked,
    rows: Sequence[ParticipantRow],
    passwords: dict[int, tuple[str, str]],
    progress: Callable[[int], None],
) -> int:
    """The bulk writes of a checked plan; the number of accounts made."""
    cohort_id = checked.cohort.id
    by_row = {p.row: p for p in checked.rows}
    people = checked.people
    enrolments = checked.enrolments
    entries: list[dict] = []  # audit rows, in the file's order

    # People: changes to those who exist, then the new ones (their ids come back in order).
    person_values: dict[int, dict] = {}
    for r in rows:
        p = people.get(r.row)
        if p is None:
            continue
        values = {
            attr: getattr(r, col) if getattr(r, col) is not None else getattr(p, attr)
            for col, attr in _PERSON_FIELDS
        }
        nrp = r.nrp if r.nrp and not p.nrp else p.nrp
        if by_row[r.row].person == UPDATE_PERSON or nrp != p.nrp:
            person_values[r.row] = {
                "b_id": p.id,
                "b_nrp": nrp,
                **{f"b_{k}": v for k, v in values.items()},
            }
    if person_values:
        table = cast(Table, Person.__table__)
        s.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values({c: bindparam(f"b_{c}") for c in ("nrp", *(a for _, a in _PERSON_FIELDS))}),
            list(person_values.values()),
        )
    new_rows = [r for r in rows if r.row not in people]
    person_id = {number: p.id for number, p in people.items()}
    # RETURNING rows come back in no promised order: matched by their NIP or NRP.
    row_of = {r.ident: r.row for r in new_rows}
    for chunk in _chunks(new_rows):
        returned = s.execute(
            insert(Person).returning(Person.id, Person.nip, Person.nrp),
            [
                {
                    "nip": r.nip,
                    "nrp": r.nrp,
                    "name": r.nama,
                    "pangkat_golongan": r.pangkat_golongan,
                    "jabatan": r.jabatan,
                    "instansi": r.instansi,
                    "email": r.email or "",
                }
                for r in chunk
            ],
        )
        person_id.update((row_of[nip or nrp], pid) for pid, nip, nrp in returned)
    progress(len(rows) // 3)

    # Accounts for who has none (new people, and people enrolled before without one).
    account_rows = [r for r in rows if by_row[r.row].account]
    for chunk in _chunks(account_rows):
        s.execute(
            insert(Account),
            [
                {
                    "person_id": person_id[r.row],
                    "login": r.ident,
                    "role": Role.PARTICIPANT.value,
                    "password_hash": passwords[r.row][1],
                    "must_change_password": True,
                    "one_time_password": passwords[r.row][0],
                }
                for r in chunk
            ],
        )

    # Enrolments: NDHs that move are parked on negative numbers first, so that two
    # participants may swap theirs without tripping the cohort's unique NDH.
    moving = [
        (r, enrolments[p.id])
        for r in rows
        if (p := people.get(r.row)) is not None
        and p.id in enrolments
        and enrolments[p.id].ndh != by_row[r.row].ndh
    ]
    if moving:
        table = cast(Table, Enrolment.__table__)
        move = (
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(ndh=bindparam("b_ndh"), version=table.c.version + 1)
        )
        s.execute(move, [{"b_id": e.id, "b_ndh": -i} for i, (_, e) in enumerate(moving, 1)])
        s.execute(move, [{"b_id": e.id, "b_ndh": by_row[r.row].ndh} for r, e in moving])
    enrolled = [r for r in rows if by_row[r.row].enrolment == NEW_ENROLMENT]
    enrolment_id: dict[int, int] = {}
    row_of_person = {person_id[r.row]: r.row for r in enrolled}
    for chunk in _chunks(enrolled):
        made = s.execute(
            insert(Enrolment).returning(Enrolment.id, Enrolment.person_id),
            [
                {"cohort_id": cohort_id, "person_id": person_id[r.row], "ndh": by_row[r.row].ndh}
                for r in chunk
            ],
        )
        enrolment_id.update((row_of_person[owner], new) for new, owner in untyped(made))
    progress(2 * len(rows) // 3)

    # The audit trail, one row per change as before, written in one go.
    moved = {r.row: e for r, e in moving}
    for r in rows:
        plan = by_row[r.row]
        if plan.person == UPDATE_PERSON:
            p = people[r.row]
            values = person_values[r.row]
            entries.append(
                dict(
                    action="person_updated",
                    entity="person",
                    entity_id=p.id,
                    cohort_id=cohort_id,
                    old={attr: getattr(p, attr) for _, attr in _PERSON_FIELDS},
                    new={attr: values[f"b_{attr}"] for _, attr in _PERSON_FIELDS},
                )
            )
        if r.row in enrolment_id:
            entries.append(
                dict(
                    action="enrolled",
                    entity="enrolment",
                    entity_id=enrolment_id[r.row],
                    cohort_id=cohort_id,
                    new={"person_id": person_id[r.row], "ndh": plan.ndh, "row": r.row},
                )
            )
        elif r.row in moved:
            e = moved[r.row]
            entries.append(
                dict(
                    action="ndh_changed",
                    entity="enrolment",
                    entity_id=e.id,
                    cohort_id=cohort_id,
                    old={"ndh": e.ndh},
                    new={"ndh": plan.ndh},
                )
            )
    entries.append(
        dict(
            action="participants_imported",
            entity="cohort",
            entity_id=cohort_id,
            cohort_id=cohort_id,
            new={"rows": len(rows), "new_people": len(new_rows), "accounts": len(account_rows)},
        )
    )
    audit.record_many(s, actor, entries)
    return len(account_rows)
