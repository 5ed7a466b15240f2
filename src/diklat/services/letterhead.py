"""A cohort's letterhead and signatory (``domain.signing``) from its institution's row:
a cohort may name its own signatory; otherwise the institution's signs, at its city.
Helpers for the services that gather a signed document's data (``io/letterhead.py``
draws them)."""

from __future__ import annotations

from datetime import date

from diklat.db.models import Cohort, Institution
from diklat.domain.signing import Letterhead, Signatory


def letterhead_of(inst: Institution | None) -> Letterhead:
    if inst is None:
        return Letterhead()
    lines = tuple(line.strip() for line in (inst.letterhead or "").splitlines() if line.strip())
    return Letterhead(
        name=inst.name or "", lines=lines, address=inst.address or "", logo=inst.logo or None
    )


def signatory_of(cohort: Cohort, inst: Institution | None, on: date | None = None) -> Signatory:
    """The cohort's own signatory if it names one, else its institution's."""
    place = inst.city if inst is not None else ""
    if cohort.signatory_name:
        return Signatory(
            place=place,
            on=on,
            title=cohort.signatory_title or "",
            name=cohort.signatory_name,
            nip=cohort.signatory_nip or "",
        )
    if inst is None:
        return Signatory(on=on)
    return Signatory(
        place=place,
        on=on,
        title=inst.signatory_title,
        name=inst.signatory_name,
        nip=inst.signatory_nip,
    )
