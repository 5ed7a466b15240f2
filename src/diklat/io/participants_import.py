"""The enrolment file: one row per participant (docs/coordinator.md, "Enrolment file").

Columns ``nip, nama, pangkat_golongan, jabatan, instansi`` and, optionally,
``ndh, email, nrp``; the graduation list's human headers (``NIP``, ``Nama``,
``Pangkat/Gol.``, ``Jabatan``, ``Instansi``, ``NDH``) mean the same. A row needs a
NIP, or an NRP in the ``nrp`` column (military and police participants), never a
guess between the two.

``parse_participants`` checks every row and the file as a whole (duplicate NIP,
NRP or NDH); the service then checks the rows against the database. Rows come
back as ``ParticipantRow`` with their row numbers, for the error messages.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError

from diklat.domain.errors import DomainError
from diklat.domain.imports import ParticipantRow, PersonCells, refused_rows
from diklat.io.tabular import (
    Column,
    ImportInvalid,
    Mapped,
    Problem,
    Table,
    map_columns,
    problem_key,
    read_table,
)

MAX_SHOWN = 60  # longest value quoted back in a message

# The headers a person's cells go by, in every people file (participants, staff).
PERSON_HEADERS = {
    "nip": ("NIP", "nomor induk pegawai"),
    "nrp": ("NRP",),
    "nama": ("Nama", "nama lengkap", "nama peserta", "nama (dengan gelar)", "name"),
    "pangkat_golongan": (
        "Pangkat/Gol.",
        "pangkat golongan",
        "pangkat/golongan",
        "pangkat gol ruang",
        "pangkat / golongan ruang",
        "pangkat",
    ),
    "jabatan": ("Jabatan", "position"),
    "instansi": ("Instansi", "unit kerja", "instansi / unit kerja", "institution"),
    "email": ("e-mail", "surel", "email address"),
}

COLUMNS = (
    Column("nip", PERSON_HEADERS["nip"], required=True),
    Column("nama", PERSON_HEADERS["nama"], required=True),
    Column("pangkat_golongan", PERSON_HEADERS["pangkat_golongan"], required=True),
    Column("jabatan", PERSON_HEADERS["jabatan"], required=True),
    Column("instansi", PERSON_HEADERS["instansi"], required=True),
    Column("ndh", ("NDH", "nomor daftar hadir")),
    Column("email", PERSON_HEADERS["email"]),
    Column("nrp", PERSON_HEADERS["nrp"]),
)


def shown(value: object) -> str:
    """A cell quoted in a message: at most MAX_SHOWN characters, control characters as '?'."""
    text = "".join("?" if (ord(c) < 32 or 0x7F <= ord(c) < 0xA0) else c for c in str(value))
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def _reason(error: dict) -> str:
    """A pydantic error in the user's words (our DomainErrors keep their own message)."""
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, DomainError):
        return cause.message()
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "string_too_short":
        return problem_key("io.empty_value")
    if kind == "string_too_long":
        return problem_key("io.too_long", max=ctx.get("max_length"))
    if kind in ("int_parsing", "int_from_float", "int_type", "int_parsing_size"):
        return problem_key("io.not_whole_number", value=shown(error.get("input")))
    if kind == "greater_than_equal":
        return problem_key("io.number_min", value=shown(error.get("input")), min=ctx.get("ge"))
    if kind == "less_than_equal":
        return problem_key("io.number_max", value=shown(error.get("input")), max=ctx.get("le"))
    return problem_key("io.invalid_value", detail=shown(error.get("msg", "")))


def validate_rows(mapped: Mapped, model, problems: list[Problem]) -> list:
    """Each mapped row through ``model`` (with its row number); problems appended. A NIP
    that was a long spreadsheet number is a problem of its own (its row is not kept)."""
    out = []
    for number, values in mapped.rows:
        data = {k: v for k, v in values.items() if v != ""}
        lost = "nip" in data and mapped.was_number(number, "nip")
        if lost:
            # Its last digits are gone: said once, and the NIP is not read as well (it
            # would earn a second, misleading reason: "the sex digit must be 1 or 2, not 0").
            problems.append(Problem(number, mapped.header("nip"), problem_key("io.nip_as_number")))
            del data["nip"]
        try:
            row = model.model_validate({"row": number, **data})
            if not lost:
                out.append(row)
        except ValidationError as exc:
            for error in exc.errors():
                field = str(error["loc"][0]) if error["loc"] else None
                # Empty cells are left out above: a missing required value is "empty".
                reason = (
                    problem_key("io.empty_value")
                    if error.get("type") == "missing"
                    else _reason(error)
                )
                problems.append(Problem(number, mapped.header(field) if field else None, reason))
    return out


def duplicates(
    rows: Sequence[PersonCells], attr: str, header: str, problems: list[Problem]
) -> None:
    first: dict[object, int] = {}
    for r in rows:
        value = getattr(r, attr)
        if value is None:
            continue
        if value in first:
            problems.append(
                Problem(
                    r.row,
                    header,
                    problem_key("io.duplicate_in_file", value=value, other=first[value]),
                )
            )
        else:
            first[value] = r.row


def parse_participants(table: Table) -> tuple[list[ParticipantRow], list[str]]:
    """Valid rows and the ignored (unknown) column headers, or ImportInvalid with every problem."""
    mapped = map_columns(table, COLUMNS)
    problems = list(mapped.problems)
    if any(p.row == 1 and p.column in {c.field for c in COLUMNS if c.required} for p in problems):
        raise ImportInvalid(problems)
    bad_rows = {p.row for p in problems}
    rows = [r for r in validate_rows(mapped, ParticipantRow, problems) if r.row not in bad_rows]
    for r in rows:
        if r.nip is None and r.nrp is None:
            problems.append(Problem(r.row, mapped.header("nip"), problem_key("io.nip_or_nrp")))
    duplicates(rows, "nip", mapped.header("nip"), problems)
    duplicates(rows, "nrp", mapped.header("nrp"), problems)
    duplicates(rows, "ndh", mapped.header("ndh"), problems)
    if problems:
        raise refused_rows(problems, rows, mapped.unknown)
    return rows, mapped.unknown


def read_participants(path, sheet: str | None = None) -> tuple[list[ParticipantRow], list[str]]:
    return parse_participants(read_table(path, sheet))
