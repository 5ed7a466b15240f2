"""Backups: a consistent copy of the whole database, and putting one back (administrators only)."""

from __future__ import annotations

from pathlib import Path

from diklat.db import backup as sqlite_backup
from diklat.db import copy as db_copy
from diklat.db import pg_backup
from diklat.db.engine import Database
from diklat.db.migrate import upgrade
from diklat.services import audit
from diklat.services.actor import Actor
from diklat.services.errors import Forbidden

Copied = sqlite_backup.Copied
DatabaseCopied = db_copy.Copied
Progress = db_copy.Progress
Restored = sqlite_backup.Restored


def _kind(db: Database):
    """The module that copies this kind of database: SQLite's backup API or pg_dump."""
    return pg_backup if db.is_postgres else sqlite_backup


def _admin_only(actor: Actor) -> None:
    if not actor.is_admin:
        raise Forbidden()


def make_backup(db: Database, actor: Actor, dest: Path, *, overwrite: bool = False) -> Copied:
    """Copy the database to ``dest`` while it stays in use. The copy is made first and
    logged after, so the log of the live database says when each copy was taken."""
    _admin_only(actor)
    copied = _kind(db).backup(db, Path(dest), overwrite=overwrite)
    with db.write() as s:
        audit.record(
            s,
            actor,
            "backup_made",
            "database",
            None,
            new={"file": copied.path.name, "revision": copied.revision},
        )
    return copied


def restore_backup(db: Database, actor: Actor, source: Path) -> tuple[Restored, str]:
    """Replace the database with the copy in ``source`` (checked first; the replaced
    database is kept as FILE.bak) and migrate it; returns what was done and the revision
    the database is at now. The audit row travels inside the restored copy, so the
    restore is never without its record."""
    _admin_only(actor)
    note = sqlite_backup.AuditNote(
        actor_id=actor.person_id,
        action="database_restored",
        new={"file": Path(source).name, "by": actor.login},
    )
    if db.is_postgres != pg_backup.is_archive(Path(source)) and Path(source).is_file():
        # A SQLite file into PostgreSQL or a pg_dump archive into SQLite: `diklat db copy`.
        raise sqlite_backup.BackupError("backup.other_kind", path=str(source))
    restored = _kind(db).restore(db, Path(source), note=note)
    _, now = upgrade(db)
    return restored, now


def check_backup(actor: Actor, source: Path) -> sqlite_backup.FileCheck:
    """Whether ``source`` could be restored (a diklat database, intact, not newer)."""
    _admin_only(actor)
    if pg_backup.is_archive(Path(source)):
        return pg_backup.check_file(Path(source))
    return sqlite_backup.check_file(Path(source))


def copy_database(
    db: Database, actor: Actor, target: str | Path, progress: Progress | None = None
) -> DatabaseCopied:
    """Copy the whole database into the empty ``target`` (a SQLite file path or a
    database URL), verified table by table; logged on the source once it is done."""
    _admin_only(actor)
    into = Database.open(target)
    try:
        copied = db_copy.copy_database(db, into, progress)
    finally:
        into.dispose()
    with db.write() as s:
        audit.record(
            s,
            actor,
            "database_copied",
            "database",
            None,
            new={"to": into.where, "rows": copied.rows, "revision": copied.revision},
        )
    return copied
