"""The attendance recap: per participant, sessions scheduled and sessions attended.

Columns: the participant's ``nip`` (or ``ndh``), ``jumlah_sesi`` (also
``sesi``, ``scheduled``, ``dijadwalkan``) and ``hadir`` (also ``attended``,
``jumlah_hadir``). Used for participants without per-session attendance.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from diklat.domain.errors import DomainError
from diklat.io.participants_import import validate_rows
from diklat.io.tabular import Column, ImportInvalid, Problem, Table, map_columns, problem_key, read_table

MAX_SESSIONS = 1000

COLUMNS = (
    Column("nip", ("NIP", "nrp")),
    Column("ndh", ("NDH",)),
    Column("nama", ("Nama",)),
    Column("jumlah_sesi", ("sesi", "scheduled", "dijadwalkan", "jumlah sesi", "sessions"), required=True),
    Column("hadir", ("attended", "jumlah hadir", "kehadiran"), required=True),
)


class RecapRow(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, frozen=True)

    row: int
    nip: str | None = None
    ndh: int | None = Field(None, ge=1, le=999)
    nama: str | None = None
    jumlah_sesi: int = Field(ge=0, le=MAX_SESSIONS)
    hadir: int = Field(ge=0, le=MAX_SESSIONS)

    @model_validator(mode="after")
    def _not_more(self) -> RecapRow:
        if self.hadir > self.jumlah_sesi:
            raise DomainError("io.attended_more", attended=self.hadir, scheduled=self.jumlah_sesi)
        return self

    @property
    def ident(self) -> str | None:
        return self.nip.replace(" ", "").replace(".", "") if self.nip else None


def parse_recap(table: Table) -> tuple[list[RecapRow], list[str]]:
    mapped = map_columns(table, COLUMNS)
    problems = list(mapped.problems)
    if "nip" not in mapped.columns and "ndh" not in mapped.columns:
        problems.append(Problem(1, "nip", problem_key("io.missing_column", aliases="NIP, NDH")))
    if problems:
        raise ImportInvalid(problems)
    rows = validate_rows(mapped, RecapRow, problems)
    seen: dict[object, int] = {}
    for r in rows:
        key = r.ident or (f"ndh:{r.ndh}" if r.ndh else None)
        if key is None:
            problems.append(Problem(r.row, mapped.header("nip") if "nip" in mapped.columns else "ndh",
                                    problem_key("io.participant_missing")))
            continue
        if key in seen:
            problems.append(Problem(r.row, None, problem_key("io.duplicate_in_file", value=r.ident or r.ndh, other=seen[key])))
        seen.setdefault(key, r.row)
    if problems:
        problems.sort(key=lambda p: p.row or 0)
        raise ImportInvalid(problems)
    return rows, mapped.unknown


def read_recap(path) -> tuple[list[RecapRow], list[str]]:
    return parse_recap(read_table(path))
