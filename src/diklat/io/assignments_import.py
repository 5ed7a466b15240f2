"""The assignment file: who coaches, mentors and examines each participant.

Columns: the participant's ``nip`` (or ``ndh``), then ``coach``, ``mentor`` and
``penguji`` (examiners; several separated by ``|``, ``;`` or ``,`` inside the
cell). Staff are named by NIP (with or without the group spaces), NRP or log-in
name. An empty cell leaves that assignment as it is; ``-`` removes it.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

from diklat.io.participants_import import validate_rows
from diklat.io.tabular import Column, ImportInvalid, Problem, Table, map_columns, problem_key, read_table

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
    nip: str | None = None
    ndh: int | None = Field(None, ge=1, le=999)
    nama: str | None = None
    coach: str | None = None  # None: leave; "-": remove; else a reference
    mentor: str | None = None
    penguji: tuple[str, ...] | None = None

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
    mapped = map_columns(table, COLUMNS)
    problems = list(mapped.problems)
    if "nip" not in mapped.columns and "ndh" not in mapped.columns:
        problems.append(Problem(1, "nip", problem_key("io.missing_column", aliases="NIP, NDH")))
    if not {"coach", "mentor", "penguji"} & set(mapped.columns):
        problems.append(Problem(1, "coach", problem_key("io.missing_column", aliases="coach, mentor, penguji")))
    if problems:
        raise ImportInvalid(problems)
    rows = validate_rows(mapped, AssignmentRow, problems)
    seen: dict[object, int] = {}
    for r in rows:
        if r.nip is None and r.ndh is None:
            problems.append(Problem(r.row, mapped.header("nip") if "nip" in mapped.columns else "ndh",
                                    problem_key("io.participant_missing")))
            continue
        key = r.nip or f"ndh:{r.ndh}"
        if key in seen:
            problems.append(Problem(r.row, None, problem_key("io.duplicate_in_file", value=r.nip or r.ndh, other=seen[key])))
        seen.setdefault(key, r.row)
    if problems:
        problems.sort(key=lambda p: p.row or 0)
        raise ImportInvalid(problems)
    return rows, mapped.unknown


def read_assignments(path) -> tuple[list[AssignmentRow], list[str]]:
    return parse_assignments(read_table(path))
