"""Evidence attached to a participant's implementation and report.

The participant adds and removes files while the stage is theirs to edit, exactly when
they may save its draft; everyone who may read the stage may list and fetch its files.
A submitted version holds the files present when it was submitted (the reviewer sees
what was sent, later removals notwithstanding): removing such a file only marks it
removed, removing one no version holds deletes it.

When the app is served the file is on the participant's own computer, out of the
session's reach: the session asks for an upload ticket, the browser sends the file to
the server's upload page with it, and the page stores it through :func:`upload`.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from diklat.db.engine import Database
from diklat.db.models import (
    Account,
    Attachment,
    Enrolment,
    Person,
    StageRecord,
    Submission,
    UploadTicket,
    utcnow,
)
from diklat.domain import attachments as rules
from diklat.domain import completeness
from diklat.domain.errors import DomainError
from diklat.domain.roles import Role
from diklat.domain.workflow import Action, Stage, State, stage_label, transition
from diklat.services import audit
from diklat.services.access import enrolment_for, ensure_unlocked
from diklat.services.actor import Actor
from diklat.services.errors import Forbidden, Invalid, NotFound
from diklat.services.stages import current_content

READERS = frozenset(Role)
TICKET_MINUTES = 15


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    stage: Stage
    slot: str
    filename: str
    kind: str
    size: int
    sha256: str
    added_at: datetime
    added_by: str

    @property
    def kind_label(self) -> str:
        return rules.kind_label(rules.BY_KEY[self.kind])


@dataclass(frozen=True)
class FileData:
    filename: str
    mime: str
    data: bytes


def _stage(stage: Stage | str) -> Stage:
    stage = Stage(stage)
    if stage not in rules.STAGES:
        raise Invalid("attach.wrong_stage", stage=stage_label(stage))
    return stage


def _editable(s: Session, actor: Actor, enrolment_id: int, stage: Stage) -> Enrolment:
    """The enrolment, if ``actor`` is its participant and may edit the stage now."""
    enrolment, _ = enrolment_for(s, actor, enrolment_id, frozenset({Role.PARTICIPANT}))
    ensure_unlocked(enrolment.cohort)
    record = s.scalar(
        select(StageRecord).where(
            StageRecord.enrolment_id == enrolment_id, StageRecord.stage == stage.value
        )
    )
    transition(stage, Action.EDIT, State(record.state) if record else State.DRAFT, Role.PARTICIPANT)
    return enrolment


def _slots(s: Session, enrolment_id: int, stage: Stage) -> set[str]:
    """The slots a file may sit in: the design's short-term milestones (the latest
    version sent, else the draft), and for the report the report as a whole."""
    keys = {
        m.get("key")
        for m in completeness.short_term_milestones(current_content(s, enrolment_id, Stage.DESIGN))
    }
    if stage is Stage.REPORT:
        keys.add(rules.REPORT_WHOLE)
    return {k for k in keys if isinstance(k, str)}


def _live(enrolment_id: int, stage: Stage, at: datetime | None = None) -> list[Any]:
    where = [Attachment.enrolment_id == enrolment_id, Attachment.stage == stage.value]
    if at is None:
        where.append(Attachment.removed_at.is_(None))
    else:
        where += [
            Attachment.added_at <= at,
            or_(Attachment.removed_at.is_(None), Attachment.removed_at > at),
        ]
    return where


def _infos(s: Session, where: list[Any]) -> list[AttachmentInfo]:
    rows = s.execute(
        select(
            Attachment.id,
            Attachment.stage,
            Attachment.slot,
            Attachment.filename,
            Attachment.kind,
            Attachment.size,
            Attachment.sha256,
            Attachment.added_at,
            Person.name,
        )
        .join(Person, Person.id == Attachment.added_by)
        .where(*where)
        .order_by(Attachment.added_at, Attachment.id)
    )
    return [
        AttachmentInfo(
            r.id, Stage(r.stage), r.slot, r.filename, r.kind, r.size, r.sha256, r.added_at, r.name
        )  # fmt: skip
        for r in rows
    ]


def list_attachments(
    db: Database, actor: Actor, enrolment_id: int, stage: Stage, *, version: int | None = None
) -> list[AttachmentInfo]:
    """The stage's files now, or those version ``version`` held when it was submitted."""
    stage = _stage(stage)
    with db.read() as s:
        enrolment_for(s, actor, enrolment_id, READERS)
        return _infos(s, _version_where(s, enrolment_id, stage, version))


def _version_where(s: Session, enrolment_id: int, stage: Stage, version: int | None) -> list[Any]:
    if version is None:
        return _live(enrolment_id, stage)
    at = s.scalar(
        select(Submission.submitted_at).where(
            Submission.enrolment_id == enrolment_id,
            Submission.stage == stage.value,
            Submission.number == version,
        )
    )
    if at is None:
        raise Invalid("stage.no_such_version", number=version)
    return _live(enrolment_id, stage, at)


def files_of(s: Session, enrolment_id: int, stage: Stage, at: datetime | None = None):
    """For documents made inside a service's transaction: the files of a stage (as of
    ``at``, a version's submission time), already permitted by the caller."""
    return _infos(s, _live(enrolment_id, stage, at))


def _add(
    s: Session, actor: Actor, enrolment_id: int, stage: Stage, slot: str, name: str, data: bytes
) -> tuple[Attachment, Enrolment]:
    enrolment = _editable(s, actor, enrolment_id, stage)
    if slot not in _slots(s, enrolment_id, stage):
        raise Invalid("attach.no_such_slot", slot=slot)
    checked = rules.check(name, data)
    count = s.scalar(
        select(func.count()).select_from(Attachment).where(*_live(enrolment_id, stage))
    )
    if count >= rules.MAX_FILES_PER_STAGE:
        raise Invalid("attach.too_many", limit=rules.MAX_FILES_PER_STAGE)
    row = Attachment(
        enrolment_id=enrolment_id,
        stage=stage.value,
        slot=slot,
        filename=checked.name,
        kind=checked.kind.key,
        size=checked.size,
        sha256=checked.sha256,
        data=data,
        added_by=actor.person_id,
        added_at=utcnow(),
    )
    s.add(row)
    s.flush()
    audit.record(
        s,
        actor,
        "attachment_added",
        "attachment",
        row.id,
        cohort_id=enrolment.cohort_id,
        new={
            "stage": stage.value,
            "slot": slot,
            "filename": row.filename,
            "size": row.size,
            "sha256": row.sha256,
        },  # fmt: skip
    )
    return row, enrolment


def add(
    db: Database, actor: Actor, enrolment_id: int, stage: Stage, slot: str, name: str, data: bytes
) -> AttachmentInfo:
    """Attach ``data`` (called ``name`` on the participant's computer) to ``slot``."""
    stage = _stage(stage)
    with db.write() as s:
        row, _ = _add(s, actor, enrolment_id, stage, slot, name, data)
        return _infos(s, [Attachment.id == row.id])[0]


def _own(s: Session, actor: Actor, attachment_id: int) -> Attachment:
    row = s.get(Attachment, attachment_id)
    if row is None or row.removed_at is not None:
        raise NotFound("attach.not_found", id=attachment_id)
    _editable(s, actor, row.enrolment_id, Stage(row.stage))
    return row


def remove(db: Database, actor: Actor, attachment_id: int) -> FileData:
    """Take a file off the stage; returns it, so that the person can undo."""
    with db.write() as s:
        row = _own(s, actor, attachment_id)
        held = s.scalar(
            select(Submission.id)
            .where(
                Submission.enrolment_id == row.enrolment_id,
                Submission.stage == row.stage,
                Submission.submitted_at >= row.added_at,
            )
            .limit(1)
        )
        out = FileData(row.filename, rules.BY_KEY[row.kind].mime, row.data)
        audit.record(
            s,
            actor,
            "attachment_removed",
            "attachment",
            row.id,
            cohort_id=s.get(Enrolment, row.enrolment_id).cohort_id,
            old={"stage": row.stage, "slot": row.slot, "filename": row.filename},
        )
        if held is None:
            s.delete(row)
        else:
            row.removed_at = utcnow()
        return out


def fetch(db: Database, actor: Actor, attachment_id: int) -> FileData:
    """A file's content, for anyone who may read its stage (removed files included:
    an earlier version may hold them)."""
    with db.read() as s:
        row = s.get(Attachment, attachment_id)
        if row is None:
            raise NotFound("attach.not_found", id=attachment_id)
        enrolment_for(s, actor, row.enrolment_id, READERS)
        checked = rules.Checked(row.filename, rules.BY_KEY[row.kind], row.size, row.sha256)
        return FileData(row.filename, checked.mime, row.data)


# --- uploads from a browser (diklat serve) ----------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def open_ticket(db: Database, actor: Actor, enrolment_id: int, stage: Stage, slot: str) -> str:
    """Leave for one browser upload to ``slot``; returns the secret token (only its
    hash is stored) for the upload page's address."""
    stage = _stage(stage)
    with db.write() as s:
        _editable(s, actor, enrolment_id, stage)
        if slot not in _slots(s, enrolment_id, stage):
            raise Invalid("attach.no_such_slot", slot=slot)
        now = utcnow()
        # Spent and stale tickets go as new ones come: the table stays small.
        for old in s.scalars(select(UploadTicket).where(UploadTicket.expires_at < now)):
            s.delete(old)
        token = secrets.token_urlsafe(32)
        s.add(
            UploadTicket(
                token_hash=_hash(token),
                person_id=actor.person_id,
                enrolment_id=enrolment_id,
                stage=stage.value,
                slot=slot,
                expires_at=now + timedelta(minutes=TICKET_MINUTES),
            )
        )
        return token


@dataclass(frozen=True)
class TicketState:
    waiting: bool
    expired: bool
    added: AttachmentInfo | None
    refusal: DomainError | None


def ticket_state(db: Database, actor: Actor, token: str) -> TicketState:
    """What became of a ticket: still waiting, spent on a file, or refused a file. Only
    the participant it was made for may ask; a ticket that is gone (expired tickets are
    cleared as new ones come) reads as expired."""
    with db.read() as s:
        ticket = s.scalar(select(UploadTicket).where(UploadTicket.token_hash == _hash(token)))
        if ticket is None:
            return TicketState(False, True, None, None)
        if ticket.person_id != actor.person_id:
            raise Forbidden()
        refusal = (
            DomainError(ticket.refusal["key"], **ticket.refusal.get("params", {}))
            if ticket.refusal
            else None
        )
        added = (
            _infos(s, [Attachment.id == ticket.attachment_id])
            if ticket.attachment_id is not None
            else []
        )
        expired = ticket.expires_at < utcnow()
        return TicketState(not added and not expired, expired, added[0] if added else None, refusal)


class TicketTarget(NamedTuple):
    """Where a ticket's file goes, as the upload page shows it."""

    name: str  # the participant's
    stage: str
    slot: str
    milestone: str  # the slot's milestone's title ("" for the report as a whole)


def ticket_target(db: Database, token: str) -> TicketTarget | None:
    """Where a ticket that can still be spent puts its file, for the upload page to
    show; None otherwise."""
    with db.read() as s:
        ticket = _spendable(s, token)
        if ticket is None:
            return None
        name = s.scalar(select(Person.name).where(Person.id == ticket.person_id)) or ""
        title = ""
        if ticket.slot != rules.REPORT_WHOLE:
            milestones = completeness.short_term_milestones(
                current_content(s, ticket.enrolment_id, Stage.DESIGN)
            )
            title = next((str(m.get("title") or "") for m in milestones
                          if m.get("key") == ticket.slot), "")  # fmt: skip
        return TicketTarget(name, ticket.stage, ticket.slot, title)


def _spendable(s: Session, token: str) -> UploadTicket | None:
    if not token or len(token) > 100:
        return None
    return s.scalar(
        select(UploadTicket).where(
            and_(
                UploadTicket.token_hash == _hash(token),
                UploadTicket.attachment_id.is_(None),
                UploadTicket.expires_at >= utcnow(),
            )
        )
    )


def upload(db: Database, token: str, name: str, data: bytes) -> AttachmentInfo:
    """Store a file sent from the browser under a ticket, as its participant, with
    every check :func:`add` makes. A refused file leaves the ticket open (the person
    may choose another) and records why, for the waiting session to say."""
    with db.write() as s:
        ticket = _spendable(s, token)
        if ticket is None:
            raise Forbidden("attach.ticket_invalid")
        account = s.scalar(select(Account).where(Account.person_id == ticket.person_id))
        if account is None or not account.active:
            raise Forbidden("attach.ticket_invalid")
        actor = Actor(
            person_id=account.person_id,
            login=account.login,
            name=account.person.name,
            role=Role(account.role),
        )
        stage, slot, ticket_id = Stage(ticket.stage), ticket.slot, ticket.id
        enrolment_id = ticket.enrolment_id
    try:
        with db.write() as s:
            row, _ = _add(s, actor, enrolment_id, stage, slot, name, data)
            spent = s.get(UploadTicket, ticket_id)
            if spent is None or spent.attachment_id is not None:
                raise Forbidden("attach.ticket_invalid")
            spent.attachment_id = row.id
            spent.refusal = None
            return _infos(s, [Attachment.id == row.id])[0]
    except DomainError as exc:
        with db.write() as s:
            spent = s.get(UploadTicket, ticket_id)
            if spent is not None and spent.attachment_id is None:
                spent.refusal = {"key": exc.key, "params": _plain(exc.params)}
        raise


def refuse(db: Database, token: str, error: DomainError) -> None:
    """Record why a file sent under a ticket was refused before it could reach
    :func:`upload` (the upload page refuses a body past the limit unread), for the
    waiting session to say; the ticket stays open. Nothing for a spent ticket."""
    with db.write() as s:
        ticket = _spendable(s, token)
        if ticket is not None:
            ticket.refusal = {"key": error.key, "params": _plain(error.params)}


def _plain(params: dict[str, object]) -> dict[str, Any]:
    return {k: v if isinstance(v, int | str) else str(v) for k, v in params.items()}
