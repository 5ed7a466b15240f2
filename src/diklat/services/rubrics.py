"""Rubrics in the database: the shipped defaults plus every edited version.

The shipped defaults (``domain/data/rubrics/*.json``) count as version 1 of their
code even before they are stored; they are written to the ``rubrics`` table the
first time a mark uses them. Saving an edited rubric always makes a new version
(the next number for its code); no version is ever changed, so a mark given with
version 1 still reads against version 1. The current rubric of a component is its
newest stored version, or the shipped default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from diklat.db.engine import Database
from diklat.db.models import CohortStaff
from diklat.db.models import Rubric as RubricRow
from diklat.domain.errors import DomainError
from diklat.domain.roles import Role
from diklat.domain.rubric import (
    DEFAULT_COMPONENTS,
    Rubric,
    default_rubric,
    dump_rubric,
    parse_rubric,
)
from diklat.services import audit
from diklat.services.actor import Actor
from diklat.services.errors import Forbidden, NotFound


def _defaults() -> dict[tuple[str, int], Rubric]:
    out = {}
    for component in DEFAULT_COMPONENTS:
        rubric = default_rubric(component)
        out[(rubric.code, rubric.version)] = rubric
    return out


def load(s: Session, code: str, version: int) -> Rubric:
    """One version of a rubric, stored or shipped."""
    row = s.scalar(select(RubricRow).where(RubricRow.code == code, RubricRow.version == version))
    if row is not None:
        return parse_rubric(
            {**row.definition, "code": row.code, "version": row.version, "component": row.component}
        )
    shipped = _defaults().get((code, version))
    if shipped is None:
        raise NotFound("rubric.not_found", code=code, version=version)
    return shipped


def current_many(s: Session, components: list[str]) -> dict[str, Rubric]:
    """The current rubric of each component (one query); components without one are left out."""
    newest = (
        select(func.max(RubricRow.id))
        .where(RubricRow.component.in_(components))
        .group_by(RubricRow.component)
    )
    out: dict[str, Rubric] = {}
    for row in s.scalars(select(RubricRow).where(RubricRow.id.in_(newest))):
        out[row.component] = parse_rubric(
            {**row.definition, "code": row.code, "version": row.version, "component": row.component}
        )
    for component in components:
        if component not in out and component in DEFAULT_COMPONENTS:
            out[component] = default_rubric(component)
    return out


def current(s: Session, component: str) -> Rubric | None:
    return current_many(s, [component]).get(component)


def ensure_stored(s: Session, rubric: Rubric) -> None:
    """Store a shipped rubric the first time a mark uses it (inside the caller's transaction)."""
    exists = s.scalar(
        select(RubricRow.id).where(
            RubricRow.code == rubric.code, RubricRow.version == rubric.version
        )
    )
    if exists is None:
        s.add(
            RubricRow(
                code=rubric.code,
                version=rubric.version,
                component=rubric.component,
                definition=dump_rubric(rubric),
            )
        )
        s.flush()


def may_edit(s: Session, actor: Actor) -> bool:
    if actor.is_admin:
        return True
    if actor.person_id is None:
        return False
    return (
        s.scalar(
            select(CohortStaff.id)
            .where(
                CohortStaff.person_id == actor.person_id, CohortStaff.role == Role.COORDINATOR.value
            )
            .limit(1)
        )
        is not None
    )


@dataclass(frozen=True)
class RubricInfo:
    code: str
    version: int
    component: str
    title: str
    criteria: int
    stored: bool


def list_rubrics(db: Database, actor: Actor) -> list[RubricInfo]:
    """Every version of every rubric, shipped ones included, newest version first per code."""
    with db.read() as s:
        rows = list(s.scalars(select(RubricRow).order_by(RubricRow.code, RubricRow.version.desc())))
        seen = {(r.code, r.version) for r in rows}
        out = [
            RubricInfo(
                r.code,
                r.version,
                r.component,
                parse_rubric(
                    {**r.definition, "code": r.code, "version": r.version, "component": r.component}
                ).text(),
                len(r.definition.get("criteria", [])),
                True,
            )
            for r in rows
        ]
        for (code, version), rubric in _defaults().items():
            if (code, version) not in seen:
                out.append(
                    RubricInfo(
                        code, version, rubric.component, rubric.text(), len(rubric.criteria), False
                    )
                )
        return sorted(out, key=lambda r: (r.component, r.code, -r.version))


def get_rubric(db: Database, actor: Actor, code: str, version: int | None = None) -> Rubric:
    with db.read() as s:
        if version is None:
            version = max(
                [v for (c, v) in _defaults() if c == code]
                + list(s.scalars(select(RubricRow.version).where(RubricRow.code == code)))
                or [0]
            )
        return load(s, code, version)


def save_rubric(db: Database, actor: Actor, data: dict[str, Any]) -> Rubric:
    """Store an edited rubric as the next version of its code (coordinators and admins)."""
    with db.write() as s:
        if not may_edit(s, actor):
            raise Forbidden("perm.not_coordinator")
        code = str(data.get("code") or "")
        stored = s.scalar(select(func.max(RubricRow.version)).where(RubricRow.code == code)) or 0
        shipped = max([v for (c, v) in _defaults() if c == code] or [0])
        version = max(stored, shipped) + 1
        try:
            rubric = parse_rubric({**data, "version": version})
        except DomainError:
            raise
        if shipped and not stored:
            ensure_stored(s, _defaults()[(code, shipped)])
        row = RubricRow(
            code=rubric.code,
            version=rubric.version,
            component=rubric.component,
            definition=dump_rubric(rubric),
        )
        s.add(row)
        s.flush()
        audit.record(
            s,
            actor,
            "rubric_saved",
            "rubric",
            row.id,
            old={"code": code, "version": version - 1} if version > 1 else None,
            new={"code": rubric.code, "version": rubric.version, "component": rubric.component},
        )
        return rubric
