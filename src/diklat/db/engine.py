"""Engine and session setup. The only place that knows which database it talks to.

SQLite (a file) and PostgreSQL (a server) give the services the same guarantees:

- a write session is serialised against every other writer for its whole length.
  SQLite takes its write lock up front (``BEGIN IMMEDIATE``); PostgreSQL takes one
  transaction-level advisory lock as the first statement of the transaction, which
  every writer on every host takes too, and keeps READ COMMITTED so that each
  statement after the lock sees everything committed before it. A read-then-write
  (a row version checked, then bumped) therefore cannot interleave with another one:
  a stale save is refused by its version exactly as on SQLite, with no retry loop.
- a read session sees one consistent state (SQLite's snapshot; REPEATABLE READ).
- a wait for the write lock ends after ``BUSY_TIMEOUT_MS`` with an error, not never.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from diklat.leftovers import remove_stale

BUSY_TIMEOUT_MS = 10_000

# pg_advisory_xact_lock's key for "the diklat writer": any constant, the same on every host.
WRITE_LOCK_KEY = 0x6469_6B6C_6174  # "diklat"


def default_db_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("diklat", appauthor=False)) / "diklat.db"


def resolve_url(db: str | os.PathLike[str] | None) -> str:
    """``--db``/``DIKLAT_DB`` may be a file path or a SQLAlchemy URL; None means the default file."""
    if db is None:
        db = os.environ.get("DIKLAT_DB") or default_db_path()
    text = str(db)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().absolute()}"


def _prepare_sqlite_file(url: str, *, create: bool = True) -> None:
    database = make_url(url).database
    if not database or database == ":memory:":
        return
    path = Path(database)
    check_sqlite_file(path, create=create)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Copies a killed backup or restore left beside the database (diklat.leftovers).
    remove_stale(path.parent)
    if not path.exists():
        # Marks and personal data: readable by the owner only, from the first byte.
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


def check_sqlite_file(path: Path, *, create: bool = True) -> None:
    """Refuse, before anything touches it (not even the journal mode), a file diklat
    must not open: someone else's SQLite database (tables, but no diklat revision), a
    file that is not SQLite at all; and, unless ``create``, a file that does not exist
    (a mistyped path must not leave folders and an empty database behind)."""
    from diklat.domain.errors import DomainError

    if not path.exists():
        if not create:
            raise DomainError("db.missing", path=str(path))
        return
    if path.is_dir():
        raise DomainError("db.cannot_open", path=str(path))
    # Read through SQLite only: closing a descriptor of our own on the file would drop
    # the locks SQLite holds on it in this process (POSIX advisory locks are per process).
    if not _has_diklat_revision_or_nothing(path):
        raise DomainError("db.foreign", path=str(path))


def _has_diklat_revision_or_nothing(path: Path) -> bool:
    """True for an empty database and one with a diklat (Alembic) revision; a file that
    is not SQLite is refused with its own message."""
    import sqlite3
    from contextlib import closing
    from urllib.parse import quote

    uri = f"file:{quote(str(path.absolute()))}?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)) as con:
            tables = {
                name
                for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                if not name.startswith("sqlite_")
            }
            if not tables:
                return True
            if "alembic_version" not in tables:
                return False
            return con.execute("SELECT version_num FROM alembic_version").fetchone() is not None
    except sqlite3.DatabaseError as exc:
        from diklat.db.errors import storage_error

        raise storage_error(exc, path) or exc from None


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # pragma: no cover - exercised via every test
        # Let SQLAlchemy's "begin" event issue BEGIN itself, so writes can take the
        # write lock up front (BEGIN IMMEDIATE) instead of failing half-way on upgrade.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # pragma: no cover - exercised via every test
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def _configure_postgres(writer: Engine) -> None:
    @event.listens_for(writer, "begin")
    def _on_begin(conn) -> None:
        # One statement, as BEGIN IMMEDIATE is one: the lock wait is bounded by
        # lock_timeout (set for this transaction only), then the lock is held to its end.
        conn.exec_driver_sql(
            f"SELECT set_config('lock_timeout', '{BUSY_TIMEOUT_MS}ms', true), "
            f"pg_advisory_xact_lock({WRITE_LOCK_KEY})"
        )


def display_url(url: str) -> str:
    """A database URL as it may be shown: in a message, a log or on screen. Never the
    password (rendered as ***); a SQLite URL is shown as its file path."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or url
    return parsed.render_as_string(hide_password=True)


class Database:
    """An engine with a read and a write session factory."""

    def __init__(self, url: str, *, create: bool = True) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        self.is_postgres = url.startswith("postgresql")
        if self.is_sqlite:
            _prepare_sqlite_file(url, create=create)
            # hide_parameters: should anyone switch on SQL logging, values (password hashes,
            # one-time passwords, personal data) stay out of the log.
            self.engine = create_engine(
                url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, hide_parameters=True
            )
            _configure_sqlite(self.engine)
            writer = self.engine.execution_options(sqlite_begin="IMMEDIATE")
            reader = self.engine
        else:
            self.engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
            # Its own events, the engine's pool: the begin event is the writer's only.
            writer = self.engine.execution_options()
            _configure_postgres(writer)
            reader = self.engine.execution_options(isolation_level="REPEATABLE READ")
        self._read = sessionmaker(reader, expire_on_commit=False)
        self._write = sessionmaker(writer, expire_on_commit=False)
        from diklat.db.clean_text import guard

        guard(self._write)

    @classmethod
    def open(cls, db: str | os.PathLike[str] | None = None, *, create: bool = True) -> Database:
        """``create=False`` for commands that only read: a missing file is refused."""
        return cls(resolve_url(db), create=create)

    @property
    def where(self) -> str:
        """The database as it may be shown to a person: a file path, or a URL without
        its password."""
        return display_url(self.url)

    def __repr__(self) -> str:
        return f"Database({self.where!r})"

    @property
    def path(self) -> Path | None:
        if not self.is_sqlite:
            return None
        database = make_url(self.url).database
        return Path(database) if database and database != ":memory:" else None

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session:
            yield session
            session.rollback()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error."""
        with self._write() as session, session.begin():
            yield session

    @contextmanager
    def migration_connection(self) -> Iterator[Connection]:
        """A connection for schema migrations. SQLite rebuilds tables to alter them, so
        foreign keys are switched off meanwhile (a rebuilt parent table would otherwise
        cascade-delete its children) and checked once the migration is done."""
        with self.engine.connect() as conn:
            # Through the driver: SQLAlchemy would open a transaction first, and SQLite
            # ignores this pragma inside one.
            raw = conn.connection.driver_connection if self.is_sqlite else None
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=OFF")
            try:
                with conn.begin():
                    yield conn
                    if self.is_sqlite:
                        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                        if broken:
                            raise RuntimeError(f"migration left broken references: {broken[:5]}")
            finally:
                if raw is not None:
                    raw.execute("PRAGMA foreign_keys=ON")

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the main file (before copying or renaming it)."""
        if self.is_sqlite:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def dispose(self) -> None:
        self.engine.dispose()


def untyped(rows: Iterable[Any]) -> Iterable[Any]:
    """A result's rows for unpacking: the type checker reads an unpacked Row's columns as
    ``object`` (and ``Result.tuples()``, which typed them on SQLAlchemy 2.0, is deprecated
    in 2.1); the columns are then checked where they are used."""
    return rows
