"""Each reviewer's comment bank: reusable comments, optionally tied to a section.

A bank belongs to one person; nobody else reads or changes it. Import from CSV
validates the whole file first and writes nothing unless every row is good;
comments already in the bank (same section and text) are skipped, so importing
an export again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from diklat.db.engine import Database
from diklat.db.models import BankComment
from diklat.domain.roles import Role
from diklat.io.comment_bank_csv import (
    MAX_TEXT,
    BankRow,
    decode,
    known_sections,
    read_csv,
    write_csv,
)
from diklat.services import audit
from diklat.services.actor import Actor
from diklat.services.errors import Forbidden, Invalid, NotFound

MAX_ENTRIES = 5000


@dataclass(frozen=True)
class BankEntry:
    id: int
    section: str
    text: str


@dataclass(frozen=True)
class ImportReport:
    added: int
    skipped: int


def _owner(actor: Actor) -> int:
    """Reviewers and markers have a bank; participants and the command line's system actor do not."""
    if actor.person_id is None or actor.role is Role.PARTICIPANT:
        raise Forbidden("bank.not_reviewer")
    return actor.person_id


def _check(section: str, text: str) -> tuple[str, str]:
    section, text = (section or "").strip(), (text or "").strip()
    if not text:
        raise Invalid("bank.text_empty")
    if len(text) > MAX_TEXT:
        raise Invalid("bank.text_too_long", max=MAX_TEXT, length=len(text))
    if section and section not in known_sections():
        raise Invalid("bank.unknown_section", section=section)
    return section, text


def _own(s: Session, owner: int, entry_id: int) -> BankComment:
    row = s.get(BankComment, entry_id)
    if row is None:
        raise NotFound("bank.not_found", id=entry_id)
    if row.owner_id != owner:
        raise Forbidden()
    return row


def list_bank(db: Database, actor: Actor, *, section: str | None = None) -> list[BankEntry]:
    """My comments; with ``section``, those for that section first, then the general ones."""
    owner = _owner(actor)
    with db.read() as s:
        entries = [
            BankEntry(r.id, r.section, r.text)
            for r in s.scalars(
                select(BankComment).where(BankComment.owner_id == owner).order_by(BankComment.id)
            )
        ]
    if section is None:
        return sorted(entries, key=lambda e: (e.section, e.id))
    return (
        [e for e in entries if e.section == section]
        + [e for e in entries if e.section == ""]
        + [e for e in entries if e.section not in ("", section)]
    )


def add_comment(db: Database, actor: Actor, text: str, section: str = "") -> BankEntry:
    owner = _owner(actor)
    section, text = _check(section, text)
    with db.write() as s:
        count = s.query(BankComment).filter(BankComment.owner_id == owner).count()
        if count >= MAX_ENTRIES:
            raise Invalid("bank.full", max=MAX_ENTRIES)
        row = BankComment(owner_id=owner, section=section, text=text)
        s.add(row)
        s.flush()
        return BankEntry(row.id, row.section, row.text)


def update_comment(
    db: Database, actor: Actor, entry_id: int, text: str, section: str = ""
) -> BankEntry:
    owner = _owner(actor)
    section, text = _check(section, text)
    with db.write() as s:
        row = _own(s, owner, entry_id)
        row.section, row.text = section, text
        return BankEntry(row.id, row.section, row.text)


def delete_comment(db: Database, actor: Actor, entry_id: int) -> None:
    owner = _owner(actor)
    with db.write() as s:
        s.delete(_own(s, owner, entry_id))


def export_csv(db: Database, actor: Actor) -> str:
    entries = list_bank(db, actor)
    return write_csv(BankRow(e.section, e.text) for e in entries)


def import_csv(db: Database, actor: Actor, text: str | bytes) -> ImportReport:
    """All or nothing: every row is checked first (CsvInvalid lists each bad row). ``text``
    may be a file's bytes: one that is not UTF-8 text is refused the same way."""
    owner = _owner(actor)
    rows = read_csv(decode(text) if isinstance(text, bytes) else text)
    with db.write() as s:
        have = {
            (r.section, r.text)
            for r in s.scalars(select(BankComment).where(BankComment.owner_id == owner))
        }
        added = skipped = 0
        for row in rows:
            if (row.section, row.text) in have:
                skipped += 1
                continue
            have.add((row.section, row.text))
            s.add(BankComment(owner_id=owner, section=row.section, text=row.text))
            added += 1
        if len(have) > MAX_ENTRIES:
            raise Invalid("bank.full", max=MAX_ENTRIES)
        audit.record(
            s,
            actor,
            "comment_bank_imported",
            "comment_bank",
            None,
            new={"added": added, "skipped": skipped},
        )
        return ImportReport(added, skipped)
