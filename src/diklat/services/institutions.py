"""Institutions (training centres): what their signed documents carry.

An institution has a name, an address, letterhead lines, a logo, the signatory of
its documents (name, NIP, title) and the place documents are signed at. A cohort
may name its own signatory (``set_cohort_signatory``); services/letterhead.py turns
these rows into what a signed document prints.

Who may: any coordinator or administrator lists institutions and adds one (a
coordinator setting up a centre's first cohort needs it); editing is for
administrators and for coordinators of a cohort of that institution (or of none
yet: a new institution is still its maker's to correct).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from diklat.db.engine import Database
from diklat.db.models import Cohort, CohortStaff, Institution
from diklat.domain.errors import DomainError
from diklat.domain.nip import parse_nip
from diklat.domain.roles import Role
from diklat.domain.signing import Signatory
from diklat.domain.text import clean_line
from diklat.i18n import t
from diklat.io.logo import check_logo
from diklat.services import audit
from diklat.services.access import coordinated
from diklat.services.actor import Actor
from diklat.services.errors import Conflict, Forbidden, Invalid, NotFound
from diklat.services.letterhead import signatory_of

MAX_CODE = 40
MAX_LETTERHEAD_LINES = 6
LIMITS = {
    "name": 300,
    "address": 500,
    "place": 120,
    "letterhead_line": 200,
    "signatory_name": 200,
    "signatory_title": 200,
}


@dataclass(frozen=True)
class InstitutionInfo:
    id: int
    code: str
    name: str
    address: str
    letterhead: tuple[str, ...]
    place: str
    signatory: Signatory
    logo_mime: str | None
    logo_size: int
    cohorts: int
    version: int


@dataclass(frozen=True)
class InstitutionFields:
    """Values to store; on edit, None leaves a field as it is. ``logo`` is the raw file
    (checked by content); ``remove_logo`` drops the stored one."""

    name: str | None = None
    address: str | None = None
    letterhead: Sequence[str] | str | None = None
    place: str | None = None
    signatory_name: str | None = None
    signatory_nip: str | None = None
    signatory_title: str | None = None
    logo: bytes | None = None
    remove_logo: bool = False


# --- checks -------------------------------------------------------------------------------------


def _may_list(actor: Actor) -> None:
    if not (actor.is_admin or actor.role is Role.COORDINATOR):
        raise Forbidden("perm.not_coordinator")


def _may_edit(s: Session, actor: Actor, row: Institution) -> None:
    _may_list(actor)
    if actor.is_admin:
        return
    cohorts = select(Cohort.id).where(Cohort.institution_id == row.id)
    if s.scalar(select(func.count()).select_from(cohorts.subquery())) == 0:
        return
    mine = s.scalar(
        select(CohortStaff.id).where(
            CohortStaff.cohort_id.in_(cohorts),
            CohortStaff.person_id == actor.person_id,
            CohortStaff.role == Role.COORDINATOR.value,
        )
    )
    if mine is None:
        raise Forbidden("institution.not_yours", code=row.code)


def _text(field: str, value: str, *, required: bool = False) -> str:
    value = " ".join(value.split()) if field != "address" else value.strip()
    if required and not value:
        raise Invalid("institution.field_empty", field=t(f"institution.field.{field}"))
    if len(value) > LIMITS[field]:
        raise Invalid(
            "institution.field_too_long", field=t(f"institution.field.{field}"), max=LIMITS[field]
        )
    return value


def _lines(value: Sequence[str] | str) -> str:
    lines = value.splitlines() if isinstance(value, str) else list(value)
    lines = [" ".join(line.split()) for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    if len(lines) > MAX_LETTERHEAD_LINES:
        raise Invalid("institution.letterhead_lines", count=len(lines), max=MAX_LETTERHEAD_LINES)
    for n, line in enumerate(lines, start=1):
        if len(line) > LIMITS["letterhead_line"]:
            raise Invalid("institution.letterhead_long", line=n, max=LIMITS["letterhead_line"])
    return "\n".join(lines)


def _nip(value: str) -> str:
    if not value.strip():
        return ""
    try:
        return parse_nip(value)
    except DomainError as err:
        raise Invalid("institution.bad_signatory_nip", why=err.message()) from err


def checked_signatory(who: Signatory) -> Signatory:
    """A signatory with name and title trimmed and bounded, the NIP valid or empty."""
    return Signatory(
        name=_text("signatory_name", who.name),
        nip=_nip(who.nip),
        title=_text("signatory_title", who.title),
    )


# --- reading ------------------------------------------------------------------------------------


def _info(s: Session, row: Institution) -> InstitutionInfo:
    cohorts = s.scalar(select(func.count(Cohort.id)).where(Cohort.institution_id == row.id))
    return InstitutionInfo(
        row.id,
        row.code,
        row.name,
        row.address,
        tuple(row.letterhead.splitlines()) if row.letterhead else (),
        row.city,
        Signatory(
            place=row.city,
            name=row.signatory_name,
            nip=row.signatory_nip,
            title=row.signatory_title,
        ),
        row.logo_mime if row.logo else None,
        len(row.logo or b""),
        cohorts or 0,
        row.version,
    )


def _by_code(s: Session, code: str) -> Institution:
    row = s.scalar(select(Institution).where(Institution.code == code.strip()))
    if row is None:
        raise NotFound("institution.unknown", code=code)
    return row


def list_institutions(db: Database, actor: Actor) -> list[InstitutionInfo]:
    _may_list(actor)
    with db.read() as s:
        rows = s.scalars(select(Institution).order_by(Institution.code)).all()
        return [_info(s, r) for r in rows]


def get_institution(db: Database, actor: Actor, code: str) -> InstitutionInfo:
    _may_list(actor)
    with db.read() as s:
        return _info(s, _by_code(s, code))


def institution_logo(db: Database, actor: Actor, code: str) -> tuple[bytes, str] | None:
    """The stored logo and its MIME type (None when there is none), to show or save."""
    _may_list(actor)
    with db.read() as s:
        row = _by_code(s, code)
        return (row.logo, row.logo_mime or "") if row.logo else None


# --- writing ------------------------------------------------------------------------------------


def _apply(row: Institution, fields: InstitutionFields, *, creating: bool) -> dict[str, Any]:
    """Check every field, then set them; returns the old values of what changed."""
    values: dict[str, Any] = {}
    if fields.name is not None or creating:
        values["name"] = _text("name", fields.name or "", required=True)
    if fields.address is not None:
        values["address"] = _text("address", fields.address)
    if fields.letterhead is not None:
        values["letterhead"] = _lines(fields.letterhead)
    if fields.place is not None:
        values["city"] = _text("place", fields.place)
    if fields.signatory_name is not None:
        values["signatory_name"] = _text("signatory_name", fields.signatory_name)
    if fields.signatory_nip is not None:
        values["signatory_nip"] = _nip(fields.signatory_nip)
    if fields.signatory_title is not None:
        values["signatory_title"] = _text("signatory_title", fields.signatory_title)
    if fields.logo is not None:
        try:
            values["logo_mime"] = check_logo(fields.logo)
        except DomainError as err:
            raise Invalid(err.key, **err.params) from err
        values["logo"] = fields.logo
    elif fields.remove_logo:
        values["logo"], values["logo_mime"] = None, None
    old: dict[str, Any] = {}
    for attr, value in values.items():
        before = getattr(row, attr, None)
        if before != value:
            old[attr] = before
            setattr(row, attr, value)
    return old


def _logged(attr: str, value: Any) -> Any:
    if attr == "logo":
        return None if value is None else f"{len(value)} B"
    return value


def add_institution(
    db: Database, actor: Actor, code: str, fields: InstitutionFields
) -> InstitutionInfo:
    _may_list(actor)
    code = clean_line(code).strip()  # checked as it will be stored
    if not code or len(code) > MAX_CODE or any(c.isspace() for c in code):
        raise Invalid("institution.bad_code", code=code, max=MAX_CODE)
    with db.write() as s:
        if s.scalar(select(Institution.id).where(Institution.code == code)):
            raise Invalid("institution.exists", code=code)
        row = Institution(
            code=code,
            name="",
            city="",
            address="",
            letterhead="",
            signatory_name="",
            signatory_nip="",
            signatory_title="",
        )
        changed = _apply(row, fields, creating=True)
        s.add(row)
        s.flush()
        audit.record(
            s,
            actor,
            "institution_added",
            "institution",
            row.id,
            new={"code": code} | {a: _logged(a, getattr(row, a)) for a in changed},
        )
        return _info(s, row)


def edit_institution(
    db: Database,
    actor: Actor,
    code: str,
    fields: InstitutionFields,
    *,
    expected_version: int | None = None,
) -> InstitutionInfo:
    with db.write() as s:
        row = _by_code(s, code)
        _may_edit(s, actor, row)
        if expected_version is not None and row.version != expected_version:
            raise Conflict("institution.changed_meanwhile", code=row.code)
        old = _apply(row, fields, creating=False)
        if old:
            s.flush()
            audit.record(
                s,
                actor,
                "institution_edited",
                "institution",
                row.id,
                old={a: _logged(a, v) for a, v in old.items()},
                new={a: _logged(a, getattr(row, a)) for a in old},
            )
        return _info(s, row)


# --- a cohort's own signatory ------------------------------------------------------------------


def set_cohort_signatory(
    db: Database, actor: Actor, cohort: int | str, who: Signatory | None
) -> Signatory:
    """Name the cohort's own signatory (checked like the institution's; its place and date
    are not the cohort's to set); None or a blank one goes back to the institution's.
    Returns who signs the cohort's documents now (services.letterhead.signatory_of). A
    signatory feeds no result, so a locked cohort may still change it (a new head of the
    centre signs the certificates)."""
    checked = None if who is None else checked_signatory(who)
    if checked is not None and not (checked.name or checked.nip or checked.title):
        checked = None
    if checked is not None and not checked.name:
        raise Invalid("institution.field_empty", field=t("institution.field.signatory_name"))
    with db.write() as s:
        row = coordinated(s, actor, cohort)
        old = [row.signatory_name, row.signatory_nip, row.signatory_title]
        new = [None, None, None] if checked is None else [checked.name, checked.nip, checked.title]
        if old != new:
            row.signatory_name, row.signatory_nip, row.signatory_title = new
            keys = ("name", "nip", "title")
            audit.record(
                s,
                actor,
                "cohort_signatory_set",
                "cohort",
                row.id,
                cohort_id=row.id,
                old=dict(zip(keys, old)),
                new=dict(zip(keys, new)),
            )
            s.flush()
        inst = s.get(Institution, row.institution_id) if row.institution_id else None
        return signatory_of(row, inst)


@dataclass(frozen=True)
class CohortSignatory:
    own: bool  # the cohort names its own signatory (else its institution's signs)
    signatory: Signatory  # who signs its documents now


def cohort_signatory(db: Database, actor: Actor, cohort: int | str) -> CohortSignatory:
    """Who signs the cohort's documents, and whether the cohort named them itself."""
    with db.read() as s:
        row = coordinated(s, actor, cohort)
        inst = s.get(Institution, row.institution_id) if row.institution_id else None
        return CohortSignatory(bool(row.signatory_name), signatory_of(row, inst))
