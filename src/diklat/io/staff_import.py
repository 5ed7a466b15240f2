"""The staff file: one row per coach, mentor or examiner of a cohort (docs/coordinator.md,
"Staff file").

Columns ``nama`` and ``peran`` (coach, mentor, penguji) and one of ``nip``, ``nrp``
or ``login`` (a short log-in name for staff without NIP or NRP); optionally
``pangkat_golongan``, ``jabatan``, ``instansi``, ``email``. Checked like the
participants file, with the same messages: every problem with its row and column,
a NIP, NRP or log-in name twice in the file.
"""

from __future__ import annotations

from diklat.domain.imports import ImportInvalid, Problem, problem_key, refused_rows
from diklat.domain.staff import StaffRow
from diklat.io.participants_import import PERSON_HEADERS, duplicates, validate_rows
from diklat.io.tabular import Column, Table, map_columns, read_table

COLUMNS = (
    Column("nip", PERSON_HEADERS["nip"]),
    Column("nrp", PERSON_HEADERS["nrp"]),
    Column("login", ("nama masuk", "nama_masuk", "username", "user name")),
    Column("nama", PERSON_HEADERS["nama"], required=True),
    Column("peran", ("Peran", "role", "tugas", "sebagai"), required=True),
    Column("pangkat_golongan", PERSON_HEADERS["pangkat_golongan"]),
    Column("jabatan", PERSON_HEADERS["jabatan"]),
    Column("instansi", PERSON_HEADERS["instansi"]),
    Column("email", PERSON_HEADERS["email"]),
)


def parse_staff(table: Table) -> tuple[list[StaffRow], list[str]]:
    """Valid rows and the ignored column headers, or ImportInvalid with every problem."""
    mapped = map_columns(table, COLUMNS)
    problems = list(mapped.problems)
    if any(p.row == 1 and p.column in {c.field for c in COLUMNS if c.required} for p in problems):
        raise ImportInvalid(problems)
    bad_rows = {p.row for p in problems}
    rows = [r for r in validate_rows(mapped, StaffRow, problems) if r.row not in bad_rows]
    for r in rows:
        if not r.ident:
            problems.append(Problem(r.row, mapped.header("nip"), problem_key("staff.no_ident")))
    for attr in ("nip", "nrp", "login"):
        duplicates(rows, attr, mapped.header(attr), problems)
    if problems:
        raise refused_rows(problems, rows, mapped.unknown)
    return rows, mapped.unknown


def read_staff(path, sheet: str | None = None) -> tuple[list[StaffRow], list[str]]:
    return parse_staff(read_table(path, sheet))
