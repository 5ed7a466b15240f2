from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from diklat.db.models import AuditEntry
from diklat.domain.text import clean_tree
from diklat.services.actor import Actor


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: int | None,
    *,
    cohort_id: int | None = None,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    on_behalf_of: int | None = None,
) -> None:
    session.add(
        AuditEntry(
            actor_id=actor.person_id,
            on_behalf_of=on_behalf_of,
            action=action,
            entity=entity,
            entity_id=entity_id,
            cohort_id=cohort_id,
            old=old,
            new=_with_operator(actor, new),
        )
    )


def _with_operator(actor: Actor, new: dict[str, Any] | None) -> dict[str, Any] | None:
    """The command line acts as no person: its entries keep the operating-system user
    who ran it, beside the new values (services.audit_log reads it back)."""
    if actor.person_id is not None or not actor.operator:
        return new
    return {**(new or {}), "operator": actor.operator}


def record_many(session: Session, actor: Actor, entries: Iterable[dict[str, Any]]) -> None:
    """Many audit rows in one statement (executemany). Each entry has ``record``'s
    arguments by name: action, entity, entity_id and, optionally, cohort_id, old, new,
    on_behalf_of."""
    rows = [
        {
            "actor_id": actor.person_id,
            "on_behalf_of": e.get("on_behalf_of"),
            "action": e["action"],
            "entity": e["entity"],
            "entity_id": e["entity_id"],
            "cohort_id": e.get("cohort_id"),
            # (a bulk insert passes by db/clean_text's flush: cleaned here, as recorded)
            "old": clean_tree(e.get("old")),
            "new": clean_tree(_with_operator(actor, e.get("new"))),
        }
        for e in entries
    ]
    if rows:
        session.execute(insert(AuditEntry), rows)
