"""A participant's change-project documents (design and report) as gathered for export:
the record ``services.documents`` fills and ``io.documents`` renders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from diklat.domain.workflow import Stage, State


@dataclass(frozen=True)
class Evidence:
    """A file attached to the implementation or the report, as a document lists it (the
    file itself stays in the database: the listing says which one was sent)."""

    stage: Stage
    slot: str  # a short-term milestone's key; "" for the report as a whole
    filename: str
    kind: str  # a key of domain.attachments.BY_KEY
    size: int
    sha256: str


@dataclass(frozen=True)
class ProjectDocument:
    part: str
    name: str
    nip: str
    ndh: int
    pangkat_golongan: str
    jabatan: str
    instansi: str
    cohort_code: str
    cohort_name: str
    angkatan: str
    program_name: str
    project_term: str
    institution: str
    coach: str
    mentor: str
    stages: dict[Stage, dict[str, Any]] = field(default_factory=dict)
    states: dict[Stage, State] = field(default_factory=dict)
    made_on: date = field(default_factory=date.today)
    # The cover names the cohort's year and place (the institution's city), and the
    # approval page the NIPs of those who sign it.
    year: int | None = None
    place: str = ""
    coach_nip: str = ""
    mentor_nip: str = ""
    logo: bytes | None = None  # the institution's logo (PNG/JPEG), on the cover
    # The files of the implementation and the report exported (those their versions
    # hold), listed in the report's "Lampiran".
    evidence: tuple[Evidence, ...] = ()

    @property
    def project_title(self) -> str:
        return (self.stages.get(Stage.DESIGN) or {}).get("title") or ""
