"""The assignment file: who coaches, mentors and examines each participant.

Columns: the participant's ``nip`` (or ``ndh``), then ``coach``, ``mentor`` and
``penguji`` (examiners; several separated by ``|``, ``;`` or ``,`` inside the
cell). Staff are named by NIP (with or without the group spaces), NRP or log-in
name. An empty cell leaves that assignment as it is; ``-`` removes it.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from diklat.io.participants_import import MAX_IDENT, MAX_NAME, MAX_REF
from diklat.io.rows import participant_rows
from diklat.io.tabular import Column, Table, read_table

REMOVE = "-"

COLUMNS = (
    Column("nip", ("NIP", "nip peserta", "nrp", "peserta")),
    Column("ndh", ("NDH", "nomor daftar hadir")),
    Column("nama", ("Nama", "nama peserta")),  # for people reading the file; not used
    Column("coach", ("coach", "widyaiswara", "nip coach", "pembimbing")),
    Column("mentor", ("mentor", "nip mentor", "atasan langsung")),
    Column("penguji", ("penguji", "examiner", "examiners", "nip penguji", "narasumber")),
)


def staff_ref(text: str) -> str:
    """A NIP/NRP loses its spaces; a log-in name is compared in lower case."""
    compact = text.strip().replace(" ", "")
    return compact if compact.isdigit() else text.strip().lower()


class AssignmentRow(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, frozen=True)

    row: int
    nip: str | None = Field(None, max_length=MAX_IDENT)
    ndh: int | None = Field(None, ge=1, le=999)
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


def parse_assignments(table: Table) -> tuple[list[AssignmentRow], list[str]]:
    return participant_rows(table, COLUMNS, AssignmentRow, one_of=("coach", "mentor", "penguji"))


def read_assignments(path) -> tuple[list[AssignmentRow], list[str]]:
    return parse_assignments(read_table(path))
