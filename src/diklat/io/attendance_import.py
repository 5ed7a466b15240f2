"""The attendance recap: per participant, sessions scheduled and sessions attended.

Columns: the participant's ``nip`` (or ``ndh``), ``jumlah_sesi`` (also
``sesi``, ``scheduled``, ``dijadwalkan``) and ``hadir`` (also ``attended``,
``jumlah_hadir``). Used for participants without per-session attendance.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from diklat.domain.errors import DomainError
from diklat.io.participants_import import MAX_IDENT, MAX_NAME
from diklat.io.rows import participant_rows
from diklat.io.tabular import Column, Table, read_table

MAX_SESSIONS = 1000

COLUMNS = (
    Column("nip", ("NIP", "nrp")),
    Column("ndh", ("NDH",)),
    Column("nama", ("Nama",)),
    Column(
        "jumlah_sesi",
        ("sesi", "scheduled", "dijadwalkan", "jumlah sesi", "sessions"),
        required=True,
    ),
    Column("hadir", ("attended", "jumlah hadir", "kehadiran"), required=True),
)


class RecapRow(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, frozen=True)

    row: int
    nip: str | None = Field(None, max_length=MAX_IDENT)
    ndh: int | None = Field(None, ge=1, le=999)
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


def parse_recap(table: Table) -> tuple[list[RecapRow], list[str]]:
    return participant_rows(table, COLUMNS, RecapRow)


def read_recap(path) -> tuple[list[RecapRow], list[str]]:
    return parse_recap(read_table(path))
