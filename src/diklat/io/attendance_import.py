"""The attendance recap: per participant, sessions scheduled and sessions attended.

Columns: the participant's ``nip`` (or ``ndh``), ``jumlah_sesi`` (also
``sesi``, ``scheduled``, ``dijadwalkan``) and ``hadir`` (also ``attended``,
``jumlah_hadir``). Used for participants without per-session attendance.
"""

from __future__ import annotations

from diklat.domain.imports import RecapRow
from diklat.io.rows import participant_rows
from diklat.io.tabular import Column, Table, read_table

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


def parse_recap(table: Table) -> tuple[list[RecapRow], list[str]]:
    return participant_rows(table, COLUMNS, RecapRow)


def read_recap(path, sheet: str | None = None) -> tuple[list[RecapRow], list[str]]:
    return parse_recap(read_table(path, sheet))
