"""Accounts: Argon2id hashing, log-in with a growing delay after failures, password changes."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, or_, select

from diklat.db.engine import Database
from diklat.db.models import Account, AuditEntry, CohortStaff, Enrolment, Person, utcnow
from diklat.domain import passwords
from diklat.domain.errors import DomainError
from diklat.domain.nip import parse_nip
from diklat.domain.roles import Role
from diklat.domain.text import clean_line
from diklat.services import audit
from diklat.services.actor import Actor
from diklat.services.errors import Forbidden, Invalid, NotFound

_hasher = PasswordHasher()  # argon2-cffi's default type is Argon2id
MIN_PASSWORD = passwords.MIN_LENGTH
FREE_ATTEMPTS = 5
MAX_DELAY_S = 300
# A one-time password avoids letters people confuse when reading a printed slip.
_OTP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
# A password that must be changed (a one-time password, or one an administrator set with a
# forced change) logs in once. At that log-in its hash is kept behind this mark: no
# log-in matches it any more, and only the forced change in that session accepts it as
# the old password.
USED_MARK = "used:"


# One-time passwords made in bulk (enrolment imports) are hashed with light Argon2id
# parameters, recorded in the hash string like any other: such a password is random
# (10 characters of 31, about 49.5 bits), kept in clear beside its hash until the first
# log-in (for the slips), and that log-in replaces the hash with a full-strength one
# (check_needs_rehash) before marking it used. docs/security.md, "One-time passwords".
OTP_TIME_COST = 1
OTP_MEMORY_KIB = 256
_otp_hasher = PasswordHasher(time_cost=OTP_TIME_COST, memory_cost=OTP_MEMORY_KIB, parallelism=1)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def hash_one_time_password(otp: str) -> str:
    """For a password made by ``one_time_password`` only, never for one a person chose."""
    return _otp_hasher.hash(otp)


def one_time_password(length: int = 10) -> str:
    return "".join(secrets.choice(_OTP_ALPHABET) for _ in range(length))


@dataclass(frozen=True)
class UserInfo:
    person_id: int
    login: str
    name: str
    role: Role
    nip: str | None
    must_change_password: bool
    active: bool


def normalise_login(text: str) -> str:
    """A NIP typed with its group spaces logs in the same as without them (and a name
    pasted with a zero-width or control character the same as without it: how it is
    stored, domain.text)."""
    stripped = clean_line(text).strip()
    compact = stripped.replace(" ", "")
    return compact if compact.isdigit() else stripped.lower()


def _delay_left(failures: int, last_failed_at: datetime | None, now: datetime) -> int:
    over = failures - FREE_ATTEMPTS
    if over < 0 or last_failed_at is None:
        return 0
    wait = min(MAX_DELAY_S, 2**over)
    left = (last_failed_at + timedelta(seconds=wait) - now).total_seconds()
    return max(0, int(left + 0.999))


# Failures against a name with no (active) account are counted too, so that such a name
# answers exactly as a real account would: "wrong password" five times, then the same
# growing wait. They are kept as audit rows (entity "login") under a number derived from
# the name, never the name itself: people type their password into the name field.
_UNKNOWN = "login"


def _name_number(key: str) -> int:
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8, person=b"diklat-login").digest()
    return int.from_bytes(digest, "big") & 0x7FFFFFFF  # fits a 32-bit INTEGER column


def _unknown_failures(s, key: str) -> tuple[int, datetime | None]:
    count, last = s.execute(
        select(func.count(AuditEntry.id), func.max(AuditEntry.at)).where(
            AuditEntry.action == "login_failed",
            AuditEntry.entity == _UNKNOWN,
            AuditEntry.entity_id == _name_number(key),
        )
    ).one()
    return count, last


def login(db: Database, login_name: str, password: str) -> Actor:
    """The actor ``login_name`` logs in as, or :class:`Invalid` saying why not.

    The password is checked outside any write transaction: Argon2 takes a good part of a
    second of CPU and 64 MiB, and held inside the database's write lock it queued a
    cohort logging in at once (40 browser tabs at 08:00, bench/load.py) behind each
    other's hashing until some were refused as busy. The result is then recorded in a
    short write that reads the account again: a password changed meanwhile is checked
    afresh, and the failure count and its wait are checked again there, so guesses made
    in parallel gain nothing over guesses made one after the other."""
    key = normalise_login(login_name)
    for _ in range(3):
        with db.read() as s:
            account = s.scalar(select(Account).where(Account.login == key))
            known = account is not None and account.active
            seen = account.password_hash if known else None
            if known:
                failures, last = account.failed_logins, account.last_failed_at
            else:
                failures, last = _unknown_failures(s, key)
        wait = _delay_left(failures, last, utcnow())
        if wait:
            raise Invalid("auth.wait", seconds=wait)
        verdict = _judge(seen, password)
        with db.write() as s:
            account = s.scalar(select(Account).where(Account.login == key))
            now = utcnow()
            if account is None or not account.active:
                if seen is not None:
                    continue  # the account went away meanwhile: judged again
                # Asked for every name, known or not, so that both take the same work.
                unknown_failures, unknown_last = _unknown_failures(s, key)
                wait = _delay_left(unknown_failures, unknown_last, now)
                if wait:
                    raise Invalid("auth.wait", seconds=wait)
                audit.record(s, Actor.system(), "login_failed", _UNKNOWN, _name_number(key))
                failed, actor = "auth.bad_credentials", None
            else:
                if account.password_hash != seen:
                    continue  # changed (or made active) meanwhile: judged again
                wait = _delay_left(account.failed_logins, account.last_failed_at, now)
                if wait:
                    raise Invalid("auth.wait", seconds=wait)
                failed = _record(s, account, verdict, now)
                actor = _actor_of(account)
        if failed or actor is None:
            raise Invalid(failed or "auth.bad_credentials")
        return actor
    raise Invalid("auth.bad_credentials")


@dataclass(frozen=True)
class _Verdict:
    ok: bool
    failed: str | None = None  # the refusal's catalogue key
    new_hash: str | None = None  # the password hashed at today's strength, when due


def _judge(hashed: str | None, password: str) -> _Verdict:
    """The password against ``hashed`` (None: no such account), with the same work for
    every kind of failure; no database here."""
    if hashed is None:
        # Hash anyway so that unknown names take as long as wrong passwords.
        _verify(_dummy_hash(), password)
        return _Verdict(False, "auth.bad_credentials")
    if _verify(hashed, password):
        rehash = _hasher.check_needs_rehash(hashed)
        return _Verdict(True, new_hash=hash_password(password) if rehash else None)
    if _is_light(hashed):
        # A wrong guess at a light (one-time password) hash costs what it costs
        # elsewhere: the answer's timing does not tell which accounts are new.
        _verify(_dummy_hash(), password)
    failed = "auth.bad_credentials"
    if hashed.startswith(USED_MARK) and _verify(hashed[len(USED_MARK) :], password):
        failed = "auth.one_time_used"
    return _Verdict(False, failed)


def _record(s, account: Account, verdict: _Verdict, now: datetime) -> str | None:
    """None when the password was right; otherwise the failure, counted (and committed:
    the refusal is raised once the transaction is done)."""
    if verdict.ok:
        account.failed_logins = 0
        account.last_login_at = now
        if verdict.new_hash is not None:
            account.password_hash = verdict.new_hash
        if account.must_change_password:
            account.password_hash = USED_MARK + account.password_hash
            account.one_time_password = None  # the slip's copy goes with the first log-in
        return None
    account.failed_logins += 1
    account.last_failed_at = now
    audit.record(s, _actor_of(account), "login_failed", "account", account.id)
    return verdict.failed


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def _is_light(hashed: str) -> bool:
    """True for a hash made with cheaper parameters than the defaults (a one-time password's)."""
    try:
        return _hasher.check_needs_rehash(hashed)
    except (InvalidHashError, ValueError):
        return False


@cache
def _dummy_hash() -> str:
    # Made on first need, not at import: every command-line start imports this module.
    return _hasher.hash("not-a-real-password")


def _actor_of(account: Account) -> Actor:
    return Actor(
        person_id=account.person_id,
        login=account.login,
        name=account.person.name,
        role=Role(account.role),
        must_change_password=account.must_change_password,
    )


def check_password_rules(password: str, *personal: str | None) -> None:
    """``personal``: the log-in, NIP, NRP and name of the person whose password it is."""
    try:
        passwords.check(password, personal=personal)
    except DomainError as e:
        raise Invalid(e.key, **e.params) from None


def _check_for(account: Account, password: str) -> None:
    person = account.person
    check_password_rules(password, account.login, person.nip, person.nrp, person.name)


def change_password(db: Database, actor: Actor, old: str, new: str) -> Actor:
    """The user's own change (also the forced change after a one-time password).

    Only one's own account: there is no other account to name. The command line's
    system actor has no account (it sets passwords with :func:`set_password`)."""
    if actor.person_id is None:
        raise Forbidden()
    check_password_rules(new)
    if new == old:
        raise Invalid("auth.password_same")
    with db.write() as s:
        account = s.scalar(select(Account).where(Account.person_id == actor.person_id))
        if account is None:
            raise NotFound("notfound.account", login=actor.login)
        _check_for(account, new)
        stored = account.password_hash
        if account.must_change_password and stored.startswith(USED_MARK):
            stored = stored[len(USED_MARK) :]  # the one-time password this session logged in with
        if not _verify(stored, old):
            raise Invalid("auth.bad_old_password")
        account.password_hash = hash_password(new)
        account.must_change_password = False
        account.one_time_password = None
        audit.record(s, actor, "password_changed", "account", account.id)
        return _actor_of(account)


def set_password(
    db: Database, actor: Actor, login_name: str, new: str, *, must_change: bool = False
) -> None:
    """An administrator sets someone's password (``diklat user passwd``)."""
    if not actor.is_admin:
        raise Forbidden()
    check_password_rules(new)
    with db.write() as s:
        account = s.scalar(select(Account).where(Account.login == normalise_login(login_name)))
        if account is None:
            raise NotFound("notfound.account", login=login_name)
        _check_for(account, new)
        account.password_hash = hash_password(new)
        account.must_change_password = must_change
        account.one_time_password = None
        account.failed_logins = 0
        audit.record(s, actor, "password_set", "account", account.id)


def add_user(
    db: Database,
    actor: Actor,
    ident: str,
    *,
    name: str,
    role: Role,
    password: str | None = None,
    nrp: bool = False,
) -> tuple[UserInfo, str | None]:
    """Create a person with an account. ``ident`` is a NIP (validated), an NRP when
    ``nrp`` is set, or a short user name for staff without either. Without a password
    a one-time password is made and returned (shown once, to be changed at first log-in)."""
    if not actor.is_admin:
        raise Forbidden()
    name = name.strip()
    if not name:
        raise Invalid("user.name_empty")
    if len(name) > 200:
        raise Invalid("user.name_too_long", max=200)
    nip_value, nrp_value, login_name = _identity(ident, nrp)
    otp = None
    if password is None:
        otp = password = one_time_password()
    else:
        check_password_rules(password, login_name, nip_value, nrp_value, name)
    with db.write() as s:
        if s.scalar(select(Account.id).where(Account.login == login_name)):
            raise Invalid("user.exists", login=login_name)
        person = None
        if nip_value:
            person = s.scalar(select(Person).where(Person.nip == nip_value))
        elif nrp_value:
            person = s.scalar(select(Person).where(Person.nrp == nrp_value))
        if person is None:
            person = Person(nip=nip_value, nrp=nrp_value, name=name)
            s.add(person)
            s.flush()
        else:
            # The person may already log in under another name (a seed gives both NIP and login).
            existing = s.scalar(select(Account.login).where(Account.person_id == person.id))
            if existing is not None:
                raise Invalid("user.exists", login=existing)
        account = Account(
            person_id=person.id,
            login=login_name,
            role=role.value,
            password_hash=hash_password(password),
            must_change_password=otp is not None,
            one_time_password=otp,
        )
        s.add(account)
        s.flush()
        audit.record(
            s,
            actor,
            "user_added",
            "account",
            account.id,
            new={"login": login_name, "role": role.value},
        )
        return _user_info(person, account), otp


def _identity(ident: str, nrp: bool) -> tuple[str | None, str | None, str]:
    from diklat.domain.nip import parse_nrp

    text = ident.strip()
    if nrp:
        value = parse_nrp(text)
        return None, value, value
    compact = text.replace(" ", "")
    if compact.isdigit():
        value = parse_nip(text)
        return value, None, value
    login_name = text.lower()
    if (
        not login_name
        or len(login_name) > 60
        or not all(c.isalnum() or c in "._-" for c in login_name)
    ):
        raise Invalid("user.bad_login", login=text)
    return None, None, login_name


def _user_info(person: Person, account: Account) -> UserInfo:
    return UserInfo(
        person_id=person.id,
        login=account.login,
        name=person.name,
        role=Role(account.role),
        nip=person.nip,
        must_change_password=account.must_change_password,
        active=account.active,
    )


def list_users(db: Database, actor: Actor, *, search: str = "", limit: int = 500) -> list[UserInfo]:
    """Accounts by name: every account for an administrator; for a coordinator, those of
    the people in the cohorts they run (participants, staff, fellow coordinators) — a
    NIP tells a birth date, and one database may hold many centres."""
    if not actor.is_admin and actor.role is not Role.COORDINATOR:
        raise Forbidden()
    with db.read() as s:
        q = select(Person, Account).join(Account, Account.person_id == Person.id)
        if not actor.is_admin:
            mine = select(CohortStaff.cohort_id).where(
                CohortStaff.person_id == actor.person_id,
                CohortStaff.role == Role.COORDINATOR.value,
            )
            people = select(Enrolment.person_id).where(Enrolment.cohort_id.in_(mine))
            staff = select(CohortStaff.person_id).where(CohortStaff.cohort_id.in_(mine))
            q = q.where(Person.id.in_(people.union(staff)))
        if search:
            like = f"%{search.lower()}%"
            q = q.where(or_(func.lower(Person.name).like(like), Account.login.like(like)))
        rows = s.execute(q.order_by(Person.name).limit(limit)).all()
        return [_user_info(p, a) for p, a in rows]


def has_accounts(db: Database) -> bool:
    """False on a fresh database: the log-in screen then says how to make the first admin."""
    with db.read() as s:
        return s.scalar(select(Account.id).limit(1)) is not None
