from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from diklat.db.models import AuditEntry
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
            new=new,
        )
    )
