"""The two databases the suite runs on: SQLite files and a PostgreSQL server.

A database is named by its *location*: a ``Path`` (a SQLite file) or a URL string
(a PostgreSQL database); ``Database.open`` and ``--db``/``DIKLAT_DB`` take either.
Templates are built once per session and copied per test: a file copy on SQLite,
``CREATE DATABASE … TEMPLATE …`` on PostgreSQL (a tenth of a second). Every
PostgreSQL database made for a test is dropped when the test ends.

The server is named by ``DIKLAT_TEST_PG`` (a URL of a role that may create
databases; ``.ci/run`` starts one). Without it the PostgreSQL half is skipped,
except under ``DIKLAT_PG_REQUIRED=1`` (set by .ci/run) or ``CI=true``, where it fails:
CI never skips it.
"""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine, make_url

PG_ENV = "DIKLAT_TEST_PG"
BACKENDS = ("sqlite", "pg")

Location = Path | str

current = "sqlite"  # the database of the running test (set by tests/conftest.py)
_names = itertools.count(1)
_admin: Engine | None = None
_made: list[str] = []  # PostgreSQL databases made since the last drop_made()
_kept: list[str] = []  # session templates, dropped by drop_kept()


def pg_admin_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def require_pg() -> str:
    """The server's URL, or the test is skipped (failed under CI) saying why."""
    url = pg_admin_url()
    if url:
        return url
    reason = f"PostgreSQL tests need a server: set {PG_ENV}=postgresql+psycopg://… (.ci/run does)"
    if os.environ.get("DIKLAT_PG_REQUIRED") == "1" or os.environ.get("CI", "") == "true":
        pytest.fail(f"PostgreSQL required here (CI) and none given: {reason}", pytrace=False)
    pytest.skip(reason)


def _admin_engine() -> Engine:
    global _admin
    if _admin is None:
        _admin = create_engine(require_pg(), isolation_level="AUTOCOMMIT", pool_size=1)
    return _admin


def _url_of(name: str) -> str:
    return make_url(require_pg()).set(database=name).render_as_string(hide_password=False)


def _new_name(stem: str) -> str:
    # The process id keeps parallel runs (and parallel workers) on one server apart.
    clean = "".join(ch if ch.isalnum() else "_" for ch in stem.lower())[:20]
    return f"t_{os.getpid()}_{next(_names)}_{clean}"


def is_pg(location: Location) -> bool:
    return isinstance(location, str) and location.startswith("postgresql")


def database_name(location: Location) -> str:
    return make_url(str(location)).database or ""


def empty(backend: str, path: Path) -> Location:
    """A new, empty database: the file ``path`` (SQLite, made on first open) or a new
    PostgreSQL database named after the file's stem."""
    if backend == "sqlite":
        return path
    name = _new_name(path.stem)
    with _admin_engine().connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    _made.append(name)
    return _url_of(name)


def clone(template: Location, path: Path) -> Location:
    """An independent copy of ``template`` (whose engine must be disposed): at ``path``
    for a SQLite file, a new database named after ``path`` on PostgreSQL."""
    if not is_pg(template):
        shutil.copyfile(template, path)
        return path
    name = _new_name(path.stem)
    with _admin_engine().connect() as conn:
        # FILE_COPY: about twice as fast as the WAL_LOG default for databases this small.
        conn.exec_driver_sql(
            f'CREATE DATABASE "{name}" TEMPLATE "{database_name(template)}" STRATEGY FILE_COPY'
        )
    _made.append(name)
    return _url_of(name)


def keep(location: Location) -> None:
    """A session template: not dropped at the end of the test that made it."""
    if is_pg(location):
        _made.remove(database_name(location))
        _kept.append(database_name(location))


def drop_kept() -> None:
    _made.extend(_kept)
    _kept.clear()
    drop_made()


def drop_made() -> None:
    """Drops the databases made since the last call (their connections are ended)."""
    if not _made:
        return
    with _admin_engine().connect() as conn:
        while _made:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{_made.pop()}" WITH (FORCE)')


def discard(location: Location) -> None:
    """A database a test is done with, removed now (a fuzz test makes hundreds)."""
    if is_pg(location):
        name = database_name(location)
        with _admin_engine().connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if name in _made:
            _made.remove(name)
        return
    for suffix in ("", "-wal", "-shm"):
        Path(str(location) + suffix).unlink(missing_ok=True)
