"""People one at a time, for coordinators in the app: enrol one participant (the
enrolment file's rules and messages, for a file of one row) and give someone a new
one-time password on a slip.

A password reset is the coordinator's for the people of the cohorts they run: their
participants and the coaches, mentors and examiners of those cohorts; never another
coordinator's or an administrator's account (an administrator resets any account). The
new password is random, must be changed at the next log-in, is kept on the account
until then (for the slip, like an enrolment's) and is audited without the password.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select

from diklat.db.engine import Database
from diklat.db.models import Account, Cohort, CohortStaff, Enrolment, Person
from diklat.domain.imports import ImportInvalid, Problem
from diklat.domain.roles import Role
from diklat.i18n import t
from diklat.services import audit
from diklat.services.actor import Actor
from diklat.services.auth import hash_one_time_password, normalise_login, one_time_password
from diklat.services.enrolment import import_participants
from diklat.services.errors import Forbidden, NotFound
from diklat.services.exports import Slip, Slips

T = TypeVar("T")

# The participant form's fields, in the enrolment file's column names.
PARTICIPANT_FIELDS = (
    "nip",
    "nrp",
    "nama",
    "pangkat_golongan",
    "jabatan",
    "instansi",
    "ndh",
    "email",
)


@dataclass(frozen=True)
class AddedParticipant:
    name: str
    login: str
    ndh: int
    new_account: bool
    password: str | None  # the one-time password of a new account (shown once)


def add_participant(
    db: Database, actor: Actor, cohort_code: str, fields: Mapping[str, str]
) -> AddedParticipant:
    """Enrol one participant from a form: checked exactly as a row of the enrolment file
    (ImportInvalid whose problems name the field, never a row), then imported."""
    from diklat.io.participants_import import parse_participants
    from diklat.io.tabular import Table

    values = [str(fields.get(name, "")) for name in PARTICIPANT_FIELDS]
    table = Table(list(PARTICIPANT_FIELDS), [(2, values)], "form")
    try:
        rows, _ = parse_participants(table)
        report = import_participants(db, actor, cohort_code, rows)
    except ImportInvalid as exc:
        # A form has one row: the field alone says where, by its label on the form.
        raise ImportInvalid(
            [Problem(None, _label(p.column), p.reason) for p in exc.problems]
        ) from None
    planned = report.plan.rows[0]
    with db.read() as s:
        password = s.scalar(select(Account.one_time_password).where(Account.login == planned.ident))
    return AddedParticipant(
        planned.name,
        planned.ident,
        planned.ndh,
        planned.account,
        password if planned.account else None,
    )


def _label(column: str | None) -> str | None:
    return t(f"people.field.{column}") if column in PARTICIPANT_FIELDS else column


def _people_of(s, actor: Actor) -> tuple[set[int], dict[int, Cohort]]:
    """The person ids whose password the actor may reset, and a cohort for each
    (where their slip says they belong)."""
    coordinated = select(CohortStaff.cohort_id).where(
        CohortStaff.person_id == actor.person_id, CohortStaff.role == Role.COORDINATOR.value
    )
    cohort_of: dict[int, Cohort] = {}
    for pid, cohort in s.execute(
        select(Enrolment.person_id, Cohort)
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .where(Enrolment.cohort_id.in_(coordinated))
    ):
        cohort_of[pid] = cohort
    for pid, cohort in s.execute(
        select(CohortStaff.person_id, Cohort)
        .join(Cohort, Cohort.id == CohortStaff.cohort_id)
        .where(CohortStaff.cohort_id.in_(coordinated), CohortStaff.role != Role.COORDINATOR.value)
    ):
        cohort_of.setdefault(pid, cohort)
    return set(cohort_of), cohort_of


def _home_cohort(s, person_id: int) -> Cohort | None:
    """The newest cohort someone takes part in, for the slip's title."""
    enrolled = select(Enrolment.cohort_id).where(Enrolment.person_id == person_id)
    staff = select(CohortStaff.cohort_id).where(CohortStaff.person_id == person_id)
    return s.scalar(
        select(Cohort)
        .where(Cohort.id.in_(enrolled.union(staff)))
        .order_by(Cohort.start_date.desc())
        .limit(1)
    )


def reset_password(
    db: Database, actor: Actor, login: str, write: Callable[[Slips], T]
) -> tuple[str, T]:
    """A new one-time password for ``login``, handed as a slip to ``write`` (which makes
    the file); returns the password and what ``write`` returned. Nothing changes when
    ``write`` fails: a password nobody received would lock the person out."""
    with db.write() as s:
        account = s.scalar(select(Account).where(Account.login == normalise_login(login)))
        if account is None:
            raise NotFound("notfound.account", login=login)
        if account.person_id == actor.person_id:
            raise Forbidden("people.reset_own")
        role = Role(account.role)
        if actor.is_admin:
            cohort = _home_cohort(s, account.person_id)
        else:
            if actor.role is not Role.COORDINATOR or role in (Role.COORDINATOR, Role.ADMIN):
                raise Forbidden("people.reset_not_yours", login=account.login)
            allowed, cohort_of = _people_of(s, actor)
            if account.person_id not in allowed:
                raise Forbidden("people.reset_not_yours", login=account.login)
            cohort = cohort_of[account.person_id]
        otp = one_time_password()
        account.password_hash = hash_one_time_password(otp)
        account.must_change_password = True
        account.one_time_password = otp
        account.failed_logins = 0
        account.last_failed_at = None
        person = s.get(Person, account.person_id)
        ndh = None
        if cohort is not None:
            ndh = s.scalar(
                select(Enrolment.ndh).where(
                    Enrolment.cohort_id == cohort.id, Enrolment.person_id == account.person_id
                )
            )
        roles = (role.value,)  # shown when there is no NDH to show
        slip = Slip(
            ndh if role is Role.PARTICIPANT else None, person.name, account.login, otp, roles
        )
        data = Slips(
            cohort.code if cohort else "",
            cohort.name if cohort else "",
            cohort.institution.name if cohort and cohort.institution else "",
            [slip],
            0,
        )
        # Inside the transaction: if the slip cannot be made, the old password stays.
        written = write(data)
        audit.record(
            s,
            actor,
            "password_reset",
            "account",
            account.id,
            cohort_id=cohort.id if cohort else None,
            new={"login": account.login},
        )
        return otp, written
