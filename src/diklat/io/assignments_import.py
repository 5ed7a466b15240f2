"""The assignment file: who coaches, mentors and examines each participant.

Columns: the participant's ``nip`` (or ``ndh``), then ``coach``, ``mentor`` and
``penguji`` (examiners; several separated by ``|``, ``;`` or ``,`` inside the
cell). Staff are named by NIP (with or without the group spaces), NRP or log-in
name. An empty cell leaves that assignment as it is; ``-`` removes it.
"""

from __future__ import annotations

from diklat.domain.imports import AssignmentRow
from diklat.io.rows import participant_rows
from diklat.io.tabular import Column, Table, read_table

COLUMNS = (
    Column("nip", ("NIP", "nip peserta", "nrp", "peserta")),
    Column("ndh", ("NDH", "nomor daftar hadir")),
    Column("nama", ("Nama", "nama peserta")),  # for people reading the file; not used
    Column("coach", ("coach", "widyaiswara", "nip coach", "pembimbing")),
    Column("mentor", ("mentor", "nip mentor", "atasan langsung")),
    Column("penguji", ("penguji", "examiner", "examiners", "nip penguji", "narasumber")),
)


def parse_assignments(table: Table) -> tuple[list[AssignmentRow], list[str]]:
    return participant_rows(table, COLUMNS, AssignmentRow, one_of=("coach", "mentor", "penguji"))


def read_assignments(path, sheet: str | None = None) -> tuple[list[AssignmentRow], list[str]]:
    return parse_assignments(read_table(path, sheet))
