"""The coordinator's cohort: editing it, its deadlines and extensions, a participant's
status, locking and closing.

Every operation takes the acting user, checks that they coordinate this cohort
(or administer the system), opens one transaction and writes an audit entry with
the old and the new value.

Lock: once a cohort is locked nothing that feeds its results may change (marks,
enrolments, assignments, attendance, deadlines, the rule set); ``ensure_unlocked``
is the one check every writing service calls (``services.access``). Locking (and closing) therefore
stores the cohort's results as they are then (``services.graduation.freeze_results``)
and every later read uses them; unlocking deletes them. Unlocking needs a reason, which the
audit log keeps. Closing a cohort ends it: its results must be released; it is
locked as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from diklat.db.engine import Database
from diklat.db.models import (
    Account,
    Cohort,
    Deadline,
    Enrolment,
    Extension,
    Institution,
    Person,
    utcnow,
)
from diklat.domain.roles import Role
from diklat.domain.rules import RuleSet, dump_ruleset, load_ruleset
from diklat.domain.scoring import STATUSES
from diklat.domain.workflow import Stage
from diklat.services import audit
from diklat.services.access import (
    cohort_by_code,
    coordinated,
    ensure_unlocked,
    load_enrolment,
    require_coordinator,
)
from diklat.services.actor import Actor
from diklat.services.auth import normalise_login
from diklat.services.errors import Conflict, Forbidden, Invalid, NotFound

MAX_REASON = 2000
MAX_TEXT = {"name": 300, "program_name": 200, "project_term": 60, "angkatan": 40}


# --- shared checks --------------------------------------------------------------------------


def ensure_version(cohort: Cohort, expected_version: int | None) -> None:
    if expected_version is not None and cohort.version != expected_version:
        raise Conflict("cohort.changed_meanwhile", code=cohort.code)


def acting_as(db: Database, actor: Actor, login: str, cohort_code: str) -> Actor:
    """The actor of ``login`` (a coordinator of the cohort, or an administrator), for the
    command line, which runs as the system: marks it records name the real person."""
    if not actor.is_admin:
        raise Forbidden()
    with db.read() as s:
        account = s.scalar(select(Account).where(Account.login == normalise_login(login)))
        if account is None or not account.active:
            raise NotFound("notfound.account", login=login)
        person = s.get(Person, account.person_id)
        who = Actor(
            person_id=person.id, login=account.login, name=person.name, role=Role(account.role)
        )
        cohort = cohort_by_code(s, cohort_code)
        if not who.is_admin:
            require_coordinator(s, who, cohort.id)
        return who


# --- editing the cohort -------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortChanges:
    """Fields to change; None leaves a field as it is."""

    name: str | None = None
    program_name: str | None = None
    project_term: str | None = None
    angkatan: str | None = None
    start: date | None = None
    end: date | None = None
    institution_code: str | None = None  # "" removes the institution


@dataclass(frozen=True)
class CohortSettings:
    id: int
    code: str
    name: str
    program_name: str
    project_term: str
    angkatan: str
    start: date
    end: date
    institution_code: str
    institution: str
    status: str
    released_at: datetime | None
    locked_at: datetime | None
    deadlines: dict[Stage, date]
    rules: RuleSet
    version: int


def _settings(s: Session, cohort: Cohort) -> CohortSettings:
    inst = s.get(Institution, cohort.institution_id) if cohort.institution_id else None
    deadlines = {
        Stage(st): due
        for st, due in s.execute(
            select(Deadline.stage, Deadline.due).where(Deadline.cohort_id == cohort.id)
        )
    }
    return CohortSettings(
        cohort.id,
        cohort.code,
        cohort.name,
        cohort.program_name,
        cohort.project_term,
        cohort.angkatan,
        cohort.start_date,
        cohort.end_date,
        inst.code if inst else "",
        inst.name if inst else "",
        cohort.status,
        cohort.results_released_at,
        cohort.locked_at,
        dict(sorted(deadlines.items(), key=lambda kv: list(Stage).index(kv[0]))),
        RuleSet.model_validate(cohort.rules),
        cohort.version,
    )


def cohort_settings(db: Database, actor: Actor, cohort: int | str) -> CohortSettings:
    with db.read() as s:
        return _settings(s, coordinated(s, actor, cohort))


def update_cohort(
    db: Database,
    actor: Actor,
    cohort: int | str,
    changes: CohortChanges,
    *,
    rules: RuleSet | dict[str, Any] | str | None = None,
    expected_version: int | None = None,
) -> CohortSettings:
    """Change the cohort's details and, with ``rules``, its rule set, in one transaction:
    a refused rule set (or rules after the release) leaves the details unchanged too."""
    parsed = None if rules is None else rules if isinstance(rules, RuleSet) else load_ruleset(rules)
    with db.write() as s:
        row = coordinated(s, actor, cohort)
        ensure_unlocked(row)
        ensure_version(row, expected_version)
        _change_details(s, actor, row, changes)
        if parsed is not None:
            _change_rules(s, actor, row, parsed)
        return _settings(s, row)


def _change_details(s: Session, actor: Actor, row: Cohort, changes: CohortChanges) -> None:
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for attr in ("name", "program_name", "project_term", "angkatan"):
        value = getattr(changes, attr)
        if value is None:
            continue
        value = value.strip()
        if attr in ("name", "program_name", "project_term") and not value:
            raise Invalid("cohort.field_empty", field=attr)
        if len(value) > MAX_TEXT[attr]:
            raise Invalid("cohort.field_too_long", field=attr, max=MAX_TEXT[attr])
        if value != getattr(row, attr):
            old[attr], new[attr] = getattr(row, attr), value
            setattr(row, attr, value)
    start = changes.start or row.start_date
    end = changes.end or row.end_date
    if end < start:
        raise Invalid("cohort.end_before_start", start=start.isoformat(), end=end.isoformat())
    for attr, value in (("start_date", start), ("end_date", end)):
        if value != getattr(row, attr):
            old[attr], new[attr] = getattr(row, attr).isoformat(), value.isoformat()
            setattr(row, attr, value)
    if row.year != start.year:
        row.year = start.year
    if changes.institution_code is not None:
        inst_id = None
        if changes.institution_code.strip():
            inst_id = s.scalar(
                select(Institution.id).where(Institution.code == changes.institution_code.strip())
            )
            if inst_id is None:
                raise Invalid("cohort.unknown_institution", code=changes.institution_code)
        if inst_id != row.institution_id:
            old["institution_id"], new["institution_id"] = row.institution_id, inst_id
            row.institution_id = inst_id
    if new:
        s.flush()
        audit.record(
            s, actor, "cohort_updated", "cohort", row.id, cohort_id=row.id, old=old, new=new
        )


def update_rules(
    db: Database,
    actor: Actor,
    cohort: int | str,
    rules: RuleSet | dict[str, Any] | str,
    *,
    expected_version: int | None = None,
) -> CohortSettings:
    """Replace the cohort's copy of its rule set. The new rules are validated whole
    (weights, bands that tile 0..100, tie-breaks, certificate pattern); a change bumps
    the rule set's version. Refused once results are released (withdraw the release
    first) or the cohort is locked."""
    parsed = rules if isinstance(rules, RuleSet) else load_ruleset(rules)
    with db.write() as s:
        row = coordinated(s, actor, cohort)
        ensure_unlocked(row)
        ensure_version(row, expected_version)
        _change_rules(s, actor, row, parsed)
        return _settings(s, row)


def _change_rules(s: Session, actor: Actor, row: Cohort, parsed: RuleSet) -> None:
    if row.results_released_at is not None:
        raise Invalid("cohort.rules_after_release", code=row.code)
    current = RuleSet.model_validate(row.rules)
    before = dump_ruleset(current)
    after = dump_ruleset(parsed.model_copy(update={"version": current.version}))
    if before == after:
        return
    row.rules = dump_ruleset(parsed.model_copy(update={"version": current.version + 1}))
    s.flush()
    audit.record(
        s, actor, "rules_updated", "cohort", row.id, cohort_id=row.id, old=before, new=row.rules
    )


def set_deadline(
    db: Database, actor: Actor, cohort: int | str, stage: Stage, due: date | None
) -> CohortSettings:
    """The cohort's deadline for ``stage`` (None removes it)."""
    return set_deadlines(db, actor, cohort, {stage: due})


def set_deadlines(
    db: Database,
    actor: Actor,
    cohort: int | str,
    dues: dict[Stage, date | None],
    *,
    expected_version: int | None = None,
) -> CohortSettings:
    """Several stage deadlines in one transaction (None removes one); each change audited."""
    with db.write() as s:
        row = coordinated(s, actor, cohort)
        ensure_unlocked(row)
        ensure_version(row, expected_version)
        for stage, due in dues.items():
            _set_deadline(s, actor, row, stage, due)
        return _settings(s, row)


def _set_deadline(s: Session, actor: Actor, row: Cohort, stage: Stage, due: date | None) -> None:
    existing = s.scalar(
        select(Deadline).where(Deadline.cohort_id == row.id, Deadline.stage == stage.value)
    )
    before = existing.due.isoformat() if existing else None
    if due is None:
        if existing is not None:
            s.delete(existing)
    elif existing is None:
        s.add(Deadline(cohort_id=row.id, stage=stage.value, due=due))
    else:
        existing.due = due
    after = due.isoformat() if due else None
    if before != after:
        s.flush()
        audit.record(
            s,
            actor,
            "deadline_set",
            "cohort",
            row.id,
            cohort_id=row.id,
            old={"stage": stage.value, "due": before},
            new={"stage": stage.value, "due": after},
        )


@dataclass(frozen=True)
class ExtensionView:
    enrolment_id: int
    stage: Stage
    due: date | None
    reason: str


def set_extension(
    db: Database, actor: Actor, enrolment_id: int, stage: Stage, due: date | None, reason: str = ""
) -> ExtensionView:
    """A participant's own later deadline for one stage (None removes it); a reason is required."""
    return set_extensions(db, actor, [enrolment_id], stage, due, reason)[0]


def set_extensions(
    db: Database,
    actor: Actor,
    enrolment_ids: list[int],
    stage: Stage,
    due: date | None,
    reason: str = "",
) -> list[ExtensionView]:
    """The same later deadline for one stage for several participants of one cohort, in one
    transaction (None removes theirs); a reason is required, and each one is audited."""
    reason = (reason or "").strip()
    if not enrolment_ids:
        raise Invalid("cohort.extension_nobody")
    if due is not None and not reason:
        raise Invalid("cohort.extension_reason")
    if len(reason) > MAX_REASON:
        raise Invalid("cohort.reason_too_long", max=MAX_REASON)
    with db.write() as s:
        enrolments = [load_enrolment(s, i) for i in dict.fromkeys(enrolment_ids)]
        if len({e.cohort_id for e in enrolments}) > 1:
            raise Invalid("cohort.extension_cohorts")
        row = coordinated(s, actor, enrolments[0].cohort_id)
        ensure_unlocked(row)
        return [_set_extension(s, actor, row, e.id, stage, due, reason) for e in enrolments]


def _set_extension(
    s: Session,
    actor: Actor,
    row: Cohort,
    enrolment_id: int,
    stage: Stage,
    due: date | None,
    reason: str,
) -> ExtensionView:
    existing = s.scalar(
        select(Extension).where(
            Extension.enrolment_id == enrolment_id, Extension.stage == stage.value
        )
    )
    old = (
        {"stage": stage.value, "due": existing.due.isoformat(), "reason": existing.reason}
        if existing
        else None
    )
    if due is None:
        if existing is not None:
            s.delete(existing)
    elif existing is None:
        s.add(Extension(enrolment_id=enrolment_id, stage=stage.value, due=due, reason=reason))
    else:
        existing.due, existing.reason = due, reason
    s.flush()
    audit.record(
        s,
        actor,
        "extension_set",
        "enrolment",
        enrolment_id,
        cohort_id=row.id,
        old=old,
        new={"stage": stage.value, "due": due.isoformat() if due else None, "reason": reason},
    )
    return ExtensionView(enrolment_id, stage, due, reason)


@dataclass(frozen=True)
class ExtensionRow:
    enrolment_id: int
    ndh: int
    name: str
    stage: Stage
    due: date
    reason: str


def cohort_extensions(db: Database, actor: Actor, cohort: int | str) -> list[ExtensionRow]:
    """Every extension given in the cohort, by NDH then stage."""
    with db.read() as s:
        row = coordinated(s, actor, cohort)
        found = s.execute(
            select(
                Enrolment.id,
                Enrolment.ndh,
                Person.name,
                Extension.stage,
                Extension.due,
                Extension.reason,
            )
            .join(Enrolment, Enrolment.id == Extension.enrolment_id)
            .join(Person, Person.id == Enrolment.person_id)
            .where(Enrolment.cohort_id == row.id)
        ).all()
        order = list(Stage)
        return sorted(
            (ExtensionRow(e, n, name, Stage(st), due, why) for e, n, name, st, due, why in found),
            key=lambda x: (x.ndh, order.index(x.stage)),
        )


def set_participant_status(
    db: Database,
    actor: Actor,
    enrolment_id: int,
    status: str,
    reason: str = "",
    *,
    expected_version: int | None = None,
) -> None:
    """Active, withdrawn or dismissed (with a reason): who is neither active cannot graduate."""
    reason = (reason or "").strip()
    if status not in STATUSES:
        raise Invalid("cohort.bad_status", status=status)
    with db.write() as s:
        enrolment = load_enrolment(s, enrolment_id)
        row = coordinated(s, actor, enrolment.cohort_id)
        ensure_unlocked(row)
        if expected_version is not None and enrolment.version != expected_version:
            raise Conflict("cohort.changed_meanwhile", code=row.code)
        if status != "active" and not reason:
            raise Invalid("cohort.status_reason")
        if len(reason) > MAX_REASON:
            raise Invalid("cohort.reason_too_long", max=MAX_REASON)
        old = {"status": enrolment.status, "reason": enrolment.status_reason}
        enrolment.status, enrolment.status_reason = status, reason
        s.flush()
        audit.record(
            s,
            actor,
            "participant_status",
            "enrolment",
            enrolment_id,
            cohort_id=row.id,
            old=old,
            new={"status": status, "reason": reason},
        )


# --- lock, unlock, close ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LockState:
    code: str
    status: str
    released_at: datetime | None
    locked_at: datetime | None
    version: int


def _lock_state(row: Cohort) -> LockState:
    return LockState(row.code, row.status, row.results_released_at, row.locked_at, row.version)


def _freeze(s: Session, row: Cohort, *, again: bool = True) -> None:
    """Store the results of the cohort being locked (in the lock's transaction): nothing that
    feeds them may change until it is unlocked. ``again=False`` keeps results already frozen
    (closing a cohort that was locked before); a cohort locked by an older version has none."""
    from diklat.services.graduation import freeze_results, has_frozen_results

    if again or not has_frozen_results(s, row.id):
        freeze_results(s, [row])


def _unfreeze(s: Session, row: Cohort) -> None:
    from diklat.services.graduation import unfreeze_results

    unfreeze_results(s, row.id)


def lock_cohort(
    db: Database, actor: Actor, cohort: int | str, *, expected_version: int | None = None
) -> LockState:
    with db.write() as s:
        row = coordinated(s, actor, cohort)
        ensure_version(row, expected_version)
        if row.locked_at is not None:
            raise Invalid("cohort.already_locked", code=row.code)
        now = utcnow()
        row.locked_at = now
        s.flush()
        _freeze(s, row)
        audit.record(
            s,
            actor,
            "cohort_locked",
            "cohort",
            row.id,
            cohort_id=row.id,
            old={"locked_at": None},
            new={"locked_at": now.isoformat()},
        )
        return _lock_state(row)


def unlock_cohort(
    db: Database,
    actor: Actor,
    cohort: int | str,
    reason: str,
    *,
    expected_version: int | None = None,
    reopen: bool = False,
) -> LockState:
    """Unlock with a reason (kept in the audit log). A closed cohort opens again only
    when ``reopen`` says so: unlocking it alone is refused, not a silent reopening."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("cohort.unlock_reason")
    if len(reason) > MAX_REASON:
        raise Invalid("cohort.reason_too_long", max=MAX_REASON)
    with db.write() as s:
        row = coordinated(s, actor, cohort)
        ensure_version(row, expected_version)
        if row.locked_at is None:
            raise Invalid("cohort.not_locked", code=row.code)
        if row.status == "closed" and not reopen:
            raise Invalid("cohort.closed_unlock", code=row.code)
        old = {"locked_at": row.locked_at.isoformat(), "status": row.status}
        row.locked_at = None
        row.status = "open"
        s.flush()
        _unfreeze(s, row)
        audit.record(
            s,
            actor,
            "cohort_unlocked",
            "cohort",
            row.id,
            cohort_id=row.id,
            old=old,
            new={"locked_at": None, "status": "open", "reason": reason},
        )
        return _lock_state(row)


def close_cohort(
    db: Database, actor: Actor, cohort: int | str, *, expected_version: int | None = None
) -> LockState:
    """End the cohort: results must be released; it is locked too."""
    with db.write() as s:
        row = coordinated(s, actor, cohort)
        ensure_version(row, expected_version)
        if row.status == "closed":
            raise Invalid("cohort.already_closed", code=row.code)
        if row.results_released_at is None:
            raise Invalid("cohort.close_unreleased", code=row.code)
        now = utcnow()
        old = {
            "status": row.status,
            "locked_at": row.locked_at.isoformat() if row.locked_at else None,
        }
        row.status = "closed"
        if row.locked_at is None:
            row.locked_at = now
        s.flush()
        _freeze(s, row, again=False)
        audit.record(
            s,
            actor,
            "cohort_closed",
            "cohort",
            row.id,
            cohort_id=row.id,
            old=old,
            new={"status": "closed", "locked_at": row.locked_at.isoformat()},
        )
        return _lock_state(row)
