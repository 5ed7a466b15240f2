"""Rows for a database at any schema revision, made from the schema itself.

``fill`` reflects the tables as they are in the file (so at whatever revision it was
upgraded to) and writes ``ROWS`` rows into every table, parents before children, with
values made per column: the real vocabulary where the column has one (roles, stages,
states, components, NIPs, a cohort's rules, a stage document matching the row's
stage, a rubric), otherwise a value of the column's type (text with non-ASCII
characters and quotes, dates, timestamps with microseconds, two-decimal scores,
nested JSON). Foreign keys point at real parent rows; every unique constraint holds;
the last row leaves every nullable column NULL. A revision added later is filled
without new code; a column type nobody thought of fails loudly (add a generator).

``read_back`` reads the same rows (by primary key) with the current schema, so a test
can compare what was written with what an upgrade left.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from factories import complete
from sqlalchemy import Connection, MetaData, Table, select, types

from diklat.domain.roles import STAFF_ROLES, Role
from diklat.domain.rubric import DEFAULT_COMPONENTS, default_rubric, dump_rubric
from diklat.domain.rules import default_ruleset
from diklat.domain.workflow import Stage, State

ROWS = 3  # per table; the last one has every nullable column NULL

Written = dict[str, list[dict[str, Any]]]

# Values a column of this name ("table.column" first, then "column") really holds.
VOCABULARY: dict[str, list[Any]] = {
    "accounts.role": [r.value for r in Role],
    "cohort_staff.role": [r.value for r in STAFF_ROLES],
    "marker_role": [Role.COACH.value, Role.MENTOR.value, Role.EXAMINER.value],
    "stage": [s.value for s in Stage],
    "state": [s.value for s in State],
    "decision": [State.APPROVED.value, State.REVISION_REQUESTED.value],
    "detail_corrections.field": ["name", "jabatan", "instansi"],
    "detail_corrections.state": ["pending", "approved", "refused"],
    "cohorts.status": ["open", "closed"],
    "enrolments.status": ["active", "withdrawn"],
    "component": list(DEFAULT_COMPONENTS),
    "nip": ["198001012005011001", "197005051995051002", "196512312000121003"],
    "nrp": ["1234567", "2345678", "3456789"],
    "login": ["198001012005011001", "koordinator.satu", "pelatih.dua"],
    "email": ["peserta@example.org", "ibu.sri@example.go.id", "o'neil@example.org"],
    "pangkat_golongan": ["Penata (III/c)", "Penata Tingkat I (III/d)", "Pembina (IV/a)"],
    "password_hash": ["$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"] * 3,
}


def _stage_of(row: dict[str, Any], i: int) -> Stage:
    return Stage(row["stage"]) if row.get("stage") in set(Stage) else list(Stage)[i % len(Stage)]


def _json(table: Table, column: str, row: dict[str, Any], i: int) -> Any:
    if column == "rules":
        return default_ruleset().model_dump(mode="json")
    if column in ("draft", "content"):
        return complete(_stage_of(row, i), strengths=f"Baris {i}: teliti — “rapi” & ‘tekun’")
    if column == "definition":
        return dump_rubric(
            default_rubric(row.get("component") or DEFAULT_COMPONENTS[i % len(DEFAULT_COMPONENTS)])
        )
    return {
        "tabel": table.name,
        "baris": i,
        "teks": 'Ñandú ‘kutip’ "ganda" \\ garis',
        "angka": [1, 2.5, None],
        "bersarang": {"ya": True, "kosong": []},
    }


def _value(table: Table, col, i: int, row: dict[str, Any]) -> Any:
    name = col.name
    vocabulary = VOCABULARY.get(f"{table.name}.{name}") or VOCABULARY.get(name)
    if vocabulary:
        return vocabulary[i % len(vocabulary)]
    t = col.type
    if isinstance(t, types.Boolean):
        return i % 2 == 0
    if isinstance(t, types.Integer):
        return 1 if name == "version" else (i + 1) * 7
    if isinstance(t, types.Float):  # not a Numeric subclass in SQLAlchemy 2.1
        return 85.25 + i
    if isinstance(t, types.Numeric):
        scale = t.scale if t.scale is not None else 2
        return (Decimal("85.25") + i).quantize(Decimal(1).scaleb(-scale))
    if isinstance(t, types.DateTime):
        return dt.datetime(2025, 3, 1 + i, 9, 30, 15, 250000)
    if isinstance(t, types.Date):
        return dt.date(2025, 3, 3 + i)
    if isinstance(t, types.Time):
        return dt.time(8, 30 + i)
    if isinstance(t, types.JSON):
        return _json(table, name, row, i)
    if isinstance(t, types.LargeBinary):
        return bytes([i, 0, 255]) + name.encode()
    if isinstance(t, types.String):  # also Text and the reflected VARCHAR/TEXT
        text = f'{i} {table.name}.{name} Ñ ‘kutip’ "x"'
        return text[: t.length] if t.length else text
    raise TypeError(
        f"no value generator for {table.name}.{name} of type {t!r}: add one to tests/migration_support.py"
    )


def _row(table: Table, i: int, written: Written) -> dict[str, Any]:
    row: dict[str, Any] = {}
    last = i == ROWS - 1
    pk = list(table.primary_key.columns)
    json_later = []
    seen_parents: dict[str, int] = {}
    for col in table.columns:
        if col.foreign_keys:
            fk = next(iter(col.foreign_keys))
            parent = fk.column.table.name
            k = seen_parents.get(parent, 0)  # person_id, coach_id, mentor_id: different people
            seen_parents[parent] = k + 1
            if col.nullable and last:
                row[col.name] = None
            elif parent == table.name:
                row[col.name] = i + 1
            else:
                row[col.name] = written[parent][(i + k) % ROWS][fk.column.name]
        elif col in pk and isinstance(col.type, types.Integer):
            row[col.name] = i + 1
        elif col.nullable and last and col not in pk:
            row[col.name] = None
        elif isinstance(col.type, types.JSON):
            json_later.append(col)  # may depend on the row's stage or component
        else:
            row[col.name] = _value(table, col, i, row)
    for col in json_later:
        row[col.name] = _value(table, col, i, row)
    return row


def reflect(conn: Connection) -> MetaData:
    metadata = MetaData()
    metadata.reflect(bind=conn)
    return metadata


def fill(conn: Connection) -> Written:
    """Write ``ROWS`` rows into every table of the schema as it is now."""
    written: Written = {}
    for table in reflect(conn).sorted_tables:
        if table.name == "alembic_version":
            continue
        rows = [_row(table, i, written) for i in range(ROWS)]
        conn.execute(table.insert(), rows)
        written[table.name] = rows
    return written


def read_back(
    conn: Connection, table_name: str, columns: list[str], schema: MetaData | None = None
) -> list[dict[str, Any]]:
    """The rows of ``table_name`` as the current schema types them, in primary-key order.
    ``schema``: that schema already reflected (reflecting it is most of the time spent)."""
    table = (schema or reflect(conn)).tables[table_name]
    order = list(table.primary_key.columns) or [table.c[columns[0]]]
    result = conn.execute(select(*(table.c[c] for c in columns)).order_by(*order))
    return [dict(r._mapping) for r in result]
