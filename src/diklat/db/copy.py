"""Copying a whole diklat database into an empty one, of either kind (SQLite file or
PostgreSQL database): how a centre moves from one to the other.

The source is read in one read transaction (one consistent state, the app may keep
working). The target gets everything in one transaction: its schema by the same
migrations at the source's revision, then every table's rows (parents before
children, by primary key), then the check: every table's row count and a checksum of
its rows read back from the target must equal the source's. Anything short of that
rolls the whole copy back and the target stays empty. A target that holds any row is
refused before anything is written.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, LargeBinary, Table, func, inspect, select, text

from diklat.db.engine import Database
from diklat.db.migrate import alembic_config, current_revision
from diklat.db.models import Base
from diklat.domain.errors import DomainError

BATCH = 1000
# Rows held at once of a table that keeps files (attachments: up to 10 MB each): a
# thousand of them would be gigabytes in memory.
FILE_BATCH = 8

# progress(rows copied so far, rows in all)
Progress = Callable[[int, int], None]


class CopyError(DomainError):
    """The copy was refused or did not verify; the target was left as it was."""


@dataclass(frozen=True)
class TableCopy:
    name: str
    rows: int
    checksum: str  # sha256 over the rows in primary-key order, the same on both sides


@dataclass(frozen=True)
class Copied:
    revision: str
    tables: list[TableCopy]

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def _ordered(table: Table):
    return select(table).order_by(*table.primary_key.columns)


def _batch(table: Table) -> int:
    return FILE_BATCH if any(isinstance(c.type, LargeBinary) for c in table.columns) else BATCH


def _canonical(value: Any) -> Any:
    """One rendering of a value whatever the driver returned (a JSON document decoded or
    not, a datetime with or without microseconds' padding, a Decimal's exponent)."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


class _Digest:
    def __init__(self) -> None:
        self.rows, self._h = 0, hashlib.sha256()

    def add(self, row: Iterable[Any]) -> None:
        line = json.dumps([_canonical(v) for v in row], sort_keys=True, default=str)
        self._h.update(line.encode("utf-8") + b"\n")
        self.rows += 1

    def result(self) -> tuple[int, str]:
        return self.rows, self._h.hexdigest()


def _digest(rows: Iterable[Any]) -> tuple[int, str]:
    digest = _Digest()
    for row in rows:
        digest.add(row)
    return digest.result()


def table_digests(db: Database) -> dict[str, tuple[int, str]]:
    """Each table's row count and checksum, as the copy compares them."""
    with db.read() as s:
        conn = s.connection()
        return {t.name: _digest(conn.execute(_ordered(t))) for t in _tables()}


def _populated(conn: Connection) -> list[str]:
    """The target's tables that hold rows (alembic's bookkeeping included)."""
    names = inspect(conn).get_table_names()
    return [name for name in names if conn.execute(text(f'SELECT 1 FROM "{name}" LIMIT 1')).first()]


def _reset_sequences(conn: Connection, table: Table) -> None:
    """PostgreSQL hands out ids from a sequence that copied rows did not advance."""
    if conn.dialect.name != "postgresql":
        return
    pk = list(table.primary_key.columns)
    if len(pk) != 1 or not pk[0].autoincrement or pk[0].foreign_keys:
        return
    conn.execute(
        text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'),"
            f' coalesce(max("{pk[0].name}"), 0) + 1, false) FROM "{table.name}"'
        )
    )


def copy_database(source: Database, target: Database, progress: Progress | None = None) -> Copied:
    """Copy ``source`` (at the newest revision) into the empty ``target``."""
    if source.url == target.url:
        raise CopyError("dbcopy.same", where=target.where)
    revision = current_revision(source)
    if revision is None:
        raise CopyError("dbcopy.source_empty", where=source.where)
    with target.engine.connect() as conn:
        populated = _populated(conn)
    if populated:
        raise CopyError("dbcopy.not_empty", where=target.where, tables=", ".join(populated[:5]))
    tables = _tables()
    report = progress or (lambda done, total: None)
    with source.read() as reading:
        src = reading.connection()
        total = sum(src.execute(select(func.count()).select_from(t)).scalar_one() for t in tables)
        report(0, total)
        expected: dict[str, tuple[int, str]] = {}
        with target.migration_connection() as dst:
            from alembic import command

            cfg = alembic_config(target)
            cfg.attributes["connection"] = dst
            command.upgrade(cfg, revision)
            done = 0
            for table in tables:
                digest, batch, size = _Digest(), [], _batch(table)
                for row in src.execution_options(yield_per=size).execute(_ordered(table)):
                    digest.add(row)
                    batch.append(row._asdict())
                    if len(batch) == size:
                        dst.execute(table.insert(), batch)
                        done += len(batch)
                        report(done, total)
                        batch = []
                if batch:
                    dst.execute(table.insert(), batch)
                    done += len(batch)
                    report(done, total)
                expected[table.name] = digest.result()
                _reset_sequences(dst, table)
            copied = []
            for table in tables:
                found = _digest(
                    dst.execute(_ordered(table).execution_options(yield_per=_batch(table)))
                )
                if found != expected[table.name]:
                    raise CopyError(
                        "dbcopy.mismatch",
                        table=table.name,
                        rows=expected[table.name][0],
                        found=found[0],
                    )
                copied.append(TableCopy(table.name, *found))
    return Copied(revision=revision, tables=copied)
