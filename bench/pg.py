"""The bench databases on PostgreSQL (issue 12 part 6): each cached SQLite file copied
into a database of its own on a PostgreSQL server, by the product's own copy
(``diklat.db.copy``: same rows, same ids, verified by row counts and checksums), so the
same measurements read the same data on both engines.

    bash -c 'PG_FUNCTIONS_ONLY=1 source .ci/postgres.sh && pg_start && \\
             python3 bench/run.py --postgres "$DIKLAT_TEST_PG"; pg_stop'

``--postgres`` takes a server URL whose role may create databases; the copies are named
``diklat_bench_n<N>_g<generator version>`` and kept: a later run on the same server
reuses a copy that holds every enrolment of its file.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from generate import GENERATOR_VERSION
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def database_url(server: str, n: int) -> str:
    url = make_url(server).set(database=f"diklat_bench_n{n}_g{GENERATOR_VERSION}")
    return url.render_as_string(hide_password=False)


def _enrolments(url: str) -> int | None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM enrolments")).scalar_one()
    except Exception:  # no such database or table yet
        return None
    finally:
        engine.dispose()


def ensure_copy(server: str, n: int, source: Path) -> str:
    """The URL of a PostgreSQL database holding what the SQLite file ``source`` holds."""

    url = database_url(server, n)
    name = make_url(url).database
    if _enrolments(url) == n:
        return url
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    t0 = time.perf_counter()
    rows = load_by_copy(source, url)
    print(
        f"  PostgreSQL N={n:,}: {rows:,} rows loaded in {time.perf_counter() - t0:.0f} s",
        file=sys.stderr,
    )
    return url


def load_by_copy(source: Path, url: str) -> int:
    """Every row of the SQLite file ``source`` into the empty database ``url``, by
    PostgreSQL's COPY: the schema by diklat's migrations, then each table in the order
    of its foreign keys, each sequence moved past the copied ids; row counts compared.
    (The product's ``diklat db copy`` verifies a checksum of every row and moved about
    2,000 rows a second here: half an hour for the 3.5 million rows of N = 40,000.)"""
    import sqlite3

    from diklat.db.copy import _reset_sequences, _tables
    from diklat.db.engine import Database
    from diklat.db.migrate import upgrade

    db = Database.open(url)
    upgrade(db)
    src = sqlite3.connect(source)
    copied = 0
    try:
        with db.engine.begin() as conn:
            names = ", ".join(f'"{t.name}"' for t in _tables())
            conn.exec_driver_sql(f"TRUNCATE {names} CASCADE")  # what migrations put there
            cursor = conn.connection.dbapi_connection.cursor()
            for table in _tables():
                columns = ", ".join(f'"{c.name}"' for c in table.columns)
                order = ", ".join(f'"{c.name}"' for c in table.primary_key.columns)
                query = f'SELECT {columns} FROM "{table.name}" ORDER BY {order}'
                with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
                    for row in src.execute(query):
                        copy.write_row(row)
                        copied += 1
                _reset_sequences(conn, table)
            for table in _tables():
                want = src.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()[0]
                got = conn.exec_driver_sql(f'SELECT count(*) FROM "{table.name}"').scalar_one()
                if want != got:
                    raise RuntimeError(
                        f"{table.name}: {got} rows on PostgreSQL, {want} in {source}"
                    )
    finally:
        src.close()
        db.dispose()
    return copied


def pg_files(
    server: str, files: dict[int, tuple[Path, dict[str, Any]]]
) -> dict[int, tuple[str, dict[str, Any]]]:
    """``files`` (N -> (SQLite file, meta)) with each file replaced by its PostgreSQL copy."""
    return {n: (ensure_copy(server, n, path), meta) for n, (path, meta) in files.items()}
