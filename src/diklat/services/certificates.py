"""Certificates (STTPP, *Surat Tanda Tamat Pendidikan dan Pelatihan*): one per graduate
of a cohort whose results are released, numbered by the cohort's certificate pattern in
NDH order (``domain.scoring`` numbers them), with the letterhead and signatory of its
institution. ``io/certificates.py`` prints them and writes their register.

Refused, with the reason, before the release (a certificate states a result that
participants may not see yet) and when the rule set has no certificate pattern.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from diklat.db.engine import Database
from diklat.domain.signing import Letterhead, Signatory
from diklat.services.access import coordinated
from diklat.services.actor import Actor
from diklat.services.errors import Invalid
from diklat.services.graduation import CohortMeta, results_of


@dataclass(frozen=True)
class Certificate:
    number: str
    ndh: int
    nip: str  # grouped as printed
    name: str
    pangkat_golongan: str
    jabatan: str
    instansi: str
    final: Decimal | None
    qualification: str  # the band's label in the interface language


@dataclass(frozen=True)
class Certificates:
    meta: CohortMeta
    letterhead: Letterhead
    signatory: Signatory
    certificates: list[Certificate]  # in NDH order, as numbered


def certificates(
    db: Database, actor: Actor, cohort: int | str, *, signatory: Signatory | None = None
) -> Certificates:
    """The certificates of a released cohort's graduates. ``signatory`` overrides the stored
    one field by field; the date defaults to the cohort's last day (the certificate is
    dated when the course ends, not when it is printed)."""
    with db.read() as s:
        row = coordinated(s, actor, cohort)
        if row.results_released_at is None:
            raise Invalid("certificates.unreleased", code=row.code)
        results = results_of(s, row)
        if not results.rules.certificate_pattern:
            raise Invalid("certificates.no_pattern", code=row.code)
        stored = replace(results.meta.signatory, on=row.end_date)
        graduates = sorted((r for r in results.rows if r.passed), key=lambda r: r.ndh)
        return Certificates(
            meta=results.meta,
            letterhead=results.meta.letterhead,
            signatory=(signatory or Signatory()).over(stored),
            certificates=[
                Certificate(
                    number=r.certificate_no or "",
                    ndh=r.ndh,
                    nip=r.nip_grouped,
                    name=r.name,
                    pangkat_golongan=r.pangkat_golongan,
                    jabatan=r.jabatan,
                    instansi=r.instansi,
                    final=r.final,
                    qualification=r.qualification_text(),
                )
                for r in graduates
            ],
        )
