"""What an import reads, kept below the services that check and apply it: the rows of
each kind of file (participants, assignments, attendance recap, marking worksheet) and
the problems found in a file.

``io`` reads a file into these rows (``io.tabular`` and one reader per kind) and
reports every ``Problem`` at once in an ``ImportInvalid``; a service checks the rows
against the database, reporting its own problems the same way, and writes them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from diklat.domain.errors import DomainError
from diklat.domain.nip import parse_nip, parse_nrp

MAX_NAME = 200
# The NDH's one range, for imports, the seed, the worksheet and the numbers enrolment
# gives out itself: whatever diklat numbers, it reads back (its own graduation CSV
# re-imports, however large the cohort).
MAX_NDH = 99_999
# Longest accepted cells (a longer one is refused with its row and column): a NIP or
# NRP as typed (with group spaces or dots), a reference to a person (NIP, NRP or log-in name).
MAX_IDENT = 40
MAX_REF = 60
MAX_SESSIONS = 1000
REMOVE = "-"  # an assignment cell that removes the assignment
CRITERION_PREFIX = "kriteria:"  # the worksheet's column of one rubric criterion


# --- problems ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an imported file: where (row, column) and why, already in words."""

    row: int | None
    column: str | None
    reason: str

    def message(self) -> str:
        from diklat.i18n import t

        if self.row is not None and self.column:
            return t("io.problem.row_column", row=self.row, column=self.column, reason=self.reason)
        if self.row is not None:
            return t("io.problem.row", row=self.row, reason=self.reason)
        if self.column:
            return t("io.problem.column", column=self.column, reason=self.reason)
        return self.reason

    def __str__(self) -> str:  # pragma: no cover - for logs
        return self.message()


class ImportInvalid(DomainError):
    """The file is refused; ``problems`` lists every reason. Nothing was written.

    A reader that refuses some rows keeps the ones it found valid in ``rows`` (and the
    ignored headers in ``unknown``), so that the database's own checks of those rows (a
    participant nobody enrolled, a marker without the role) are said in the same pass
    (``services.importers.Importer.read_checked``); ``rows`` is None when the file as a
    whole is refused (not a table, a column missing)."""

    def __init__(
        self,
        problems: Sequence[Problem],
        *,
        path: str = "",
        rows: Sequence[Any] | None = None,
        unknown: Sequence[str] = (),
    ) -> None:
        super().__init__("io.invalid", count=len(problems))
        self.problems = list(problems)
        self.path = path
        self.rows = list(rows) if rows is not None else None
        self.unknown = list(unknown)

    def message(self, shown: Callable[[Any], Any] | None = None) -> str:
        """The refusal and every problem, one per line (the command line prints it whole)."""
        from diklat.i18n import t

        head = (
            t("io.invalid_file", path=self.path, count=len(self.problems))
            if self.path
            else super().message(shown)
        )
        return "\n".join([head, *("  " + p.message() for p in self.problems)])

    def summary(self) -> str:
        """The first line only (screens list the problems themselves)."""
        return super().message()


def refused_rows(
    problems: list[Problem], rows: Sequence[Any], unknown: Sequence[str]
) -> ImportInvalid:
    """The refusal of a file whose ``problems`` are its rows': sorted by row, the rows
    none of them names kept for the database's checks."""
    problems.sort(key=lambda p: p.row or 0)
    named = {p.row for p in problems}
    return ImportInvalid(problems, rows=[r for r in rows if r.row not in named], unknown=unknown)


def problem_key(key: str, /, **params: object) -> str:
    from diklat.i18n import t

    return t(key, **params)


def normalise_header(text: str) -> str:
    """``" Pangkat/Gol. "`` -> ``"pangkatgol"``: lower case, letters and digits only."""
    folded = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^0-9a-z]", "", folded.lower())


# --- rows -------------------------------------------------------------------------------------


class PersonCells(BaseModel):
    """The cells that name a person, in every people file (participants, staff): read
    and checked once, the same way."""

    model_config = ConfigDict(str_strip_whitespace=True, frozen=True)

    row: int
    nip: str | None = Field(None, max_length=MAX_IDENT)
    nrp: str | None = Field(None, max_length=MAX_IDENT)
    nama: str = Field(min_length=1, max_length=MAX_NAME)
    pangkat_golongan: str = Field("", max_length=120)
    jabatan: str = Field("", max_length=300)
    instansi: str = Field("", max_length=300)
    email: str | None = Field(None, max_length=200)

    @field_validator("nip")
    @classmethod
    def _nip(cls, v: str | None) -> str | None:
        return parse_nip(v) if v else None

    @field_validator("nrp")
    @classmethod
    def _nrp(cls, v: str | None) -> str | None:
        return parse_nrp(v) if v else None

    @field_validator("email")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        if v and ("@" not in v or " " in v or v.startswith("@") or v.endswith("@")):
            raise DomainError("io.bad_email", value=v)
        return v or None


class ParticipantRow(PersonCells):
    ndh: int | None = Field(None, ge=1, le=MAX_NDH)

    @property
    def ident(self) -> str:
        return self.nip or self.nrp or ""


def staff_ref(text: str) -> str:
    """A NIP/NRP loses its spaces; a log-in name is compared in lower case."""
    compact = text.strip().replace(" ", "")
    return compact if compact.isdigit() else text.strip().lower()


class AssignmentRow(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, frozen=True)

    row: int
    nip: str | None = Field(None, max_length=MAX_IDENT)
    ndh: int | None = Field(None, ge=1, le=MAX_NDH)
    nama: str | None = Field(None, max_length=MAX_NAME)
    coach: str | None = Field(
        None, max_length=MAX_REF
    )  # None: leave; "-": remove; else a reference
    mentor: str | None = Field(None, max_length=MAX_REF)
    penguji: tuple[Annotated[str, Field(max_length=MAX_REF)], ...] | None = None

    @field_validator("nip")
    @classmethod
    def _nip(cls, v: str | None) -> str | None:
        return v.replace(" ", "").replace(".", "") if v else None

    @field_validator("coach", "mentor")
    @classmethod
    def _ref(cls, v: str | None) -> str | None:
        if not v:
            return None
        return REMOVE if v.strip() == REMOVE else staff_ref(v)

    @field_validator("penguji", mode="before")
    @classmethod
    def _refs(cls, v: object) -> tuple[str, ...] | None:
        if v is None or v == "":
            return None
        if isinstance(v, str):
            if v.strip() == REMOVE:
                return ()
            return tuple(staff_ref(p) for p in re.split(r"[|;,]", v) if p.strip())
        return tuple(v)  # type: ignore[arg-type]


class RecapRow(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, frozen=True)

    row: int
    nip: str | None = Field(None, max_length=MAX_IDENT)
    ndh: int | None = Field(None, ge=1, le=MAX_NDH)
    nama: str | None = Field(None, max_length=MAX_NAME)
    jumlah_sesi: int = Field(ge=0, le=MAX_SESSIONS)
    hadir: int = Field(ge=0, le=MAX_SESSIONS)

    @model_validator(mode="after")
    def _not_more(self) -> RecapRow:
        if self.hadir > self.jumlah_sesi:
            raise DomainError("io.attended_more", attended=self.hadir, scheduled=self.jumlah_sesi)
        return self

    @field_validator("nip")
    @classmethod
    def _nip(cls, v: str | None) -> str | None:
        return v.replace(" ", "").replace(".", "") if v else None

    @property
    def ident(self) -> str | None:
        return self.nip


@dataclass(frozen=True)
class MarkLine:
    row: int
    komponen: str
    ndh: int | None
    nip: str | None
    penilai: str
    peran: str | None
    nilai: str | None
    rubrik: str | None
    versi: int | None
    criteria: dict[str, str] = field(default_factory=dict)  # normalised criterion code -> text

    @property
    def empty(self) -> bool:
        return not self.nilai and not any(self.criteria.values())
