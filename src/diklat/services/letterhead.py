"""A cohort's letterhead and signatory (``domain.signing``) from its institution's row:
a cohort may name its own signatory; otherwise the institution's signs. Helpers for the
services that gather a signed document's data (``io/letterhead.py`` draws them)."""

from __future__ import annotations

from datetime import date

from diklat.db.models import Cohort, Institution
from diklat.domain.signing import Letterhead, Signatory


def _field(row: object, name: str) -> str:
    # Institutions gain their letterhead and signatory columns in migration 0006; an
    # older row (or a cohort without its own signatory) has none of them.
    return (getattr(row, name, None) or "").strip()


def letterhead_of(inst: Institution | None) -> Letterhead:
    if inst is None:
        return Letterhead()
    lines = tuple(line.strip() for line in _field(inst, "letterhead").splitlines() if line.strip())
    return Letterhead(
        name=inst.name or "",
        lines=lines,
        address=_field(inst, "address"),
        logo=getattr(inst, "logo", None) or None,
    )


def signatory_of(cohort: Cohort, inst: Institution | None, on: date | None = None) -> Signatory:
    """The cohort's own signatory if it names one, else its institution's; signed at the
    institution's city."""
    own = _field(cohort, "signatory_name")
    source: object = cohort if own else inst
    return Signatory(
        place=_field(inst, "city") if inst is not None else "",
        on=on,
        title=_field(source, "signatory_title") if source is not None else "",
        name=_field(source, "signatory_name") if source is not None else "",
        nip=_field(source, "signatory_nip") if source is not None else "",
    )
