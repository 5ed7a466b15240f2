"""Copying a SQLite database while it is in use, and putting a copy back.

Both directions use SQLite's online backup API, so a copy is always one consistent
snapshot (write-ahead logging lets the app keep working meanwhile) and putting a copy
back is one transaction on the live file: every other connection sees either the old
database or the restored one, never a mixture. The only module that copies database
files; everything SQLite-specific about it stays here.
"""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from alembic.script import ScriptDirectory

from diklat.db.engine import BUSY_TIMEOUT_MS, Database
from diklat.db.errors import storage_error
from diklat.db.migrate import MIGRATIONS
from diklat.domain.errors import DomainError
from diklat.leftovers import create_private, remove_stale, temp_beside

# Tables every diklat database has had since the first revision: a file without them
# is someone else's SQLite database.
CORE_TABLES = frozenset(
    {"alembic_version", "people", "accounts", "cohorts", "enrolments", "stage_records"}
)


class BackupError(DomainError):
    """A copy cannot be made or put back; the message says why and that nothing changed."""


@dataclass(frozen=True)
class FileCheck:
    revision: str
    tables: int


@dataclass(frozen=True)
class Copied:
    path: Path
    size: int
    revision: str


@dataclass(frozen=True)
class Restored:
    revision: str
    previous: Path | None  # the database as it was before, kept beside it


def _live_path(db: Database) -> Path:
    if db.path is None:
        raise BackupError("backup.needs_file")
    return db.path


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        uri = f"file:{quote(str(path.absolute()))}?mode=ro"
        con = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    else:
        con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    con.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return con


def _private_file(path: Path) -> None:
    """An empty file readable by its owner only (a copy holds marks and personal data)."""
    create_private(path)


def _temp_beside(path: Path, purpose: str) -> Path:
    # Named for this process: the next run removes it if a kill left it (diklat.leftovers).
    return temp_beside(path, purpose)


def _copy_into(source: sqlite3.Connection, target: Path) -> None:
    """``source`` copied into a new private file ``target`` that stands alone (no WAL)."""
    _private_file(target)
    with closing(_connect(target)) as out:
        source.backup(out)
        out.execute("PRAGMA journal_mode=DELETE")


def _remove_with_sidecars(path: Path) -> None:
    for p in (
        path,
        path.with_name(path.name + "-wal"),
        path.with_name(path.name + "-shm"),
        path.with_name(path.name + "-journal"),
    ):
        with suppress(FileNotFoundError):
            p.unlink()


def _disk_or(exc: BaseException, where: Path, key: str, named: Path | None = None) -> DomainError:
    """The disk's own message (full, read-only, I/O) when that is what failed; otherwise
    ``key`` about ``named`` (default ``where``)."""
    disk = storage_error(exc, where)
    if disk is not None and disk.key not in ("db.not_a_database", "db.damaged"):
        return disk
    return BackupError(key, path=str(named or where))


def _write_note(path: Path, note: AuditNote, revision: str) -> None:
    """``note`` as a row of the copy's audit log (its columns are those of every revision).
    An actor the copy does not know (an account made after it) is named in the row."""
    from datetime import UTC, datetime

    with closing(_connect(path)) as con:
        actor = note.actor_id
        new = {**note.new, "revision": revision}
        if (
            actor is not None
            and con.execute("SELECT 1 FROM people WHERE id = ?", (actor,)).fetchone() is None
        ):
            new["actor_id"], actor = actor, None
        con.execute(
            "INSERT INTO audit_log (at, actor_id, action, entity, new) VALUES (?, ?, ?, ?, ?)",
            (
                datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" "),
                actor,
                note.action,
                "database",
                json.dumps(new, ensure_ascii=False),
            ),
        )


def _is_newer(revision: str) -> bool:
    script = ScriptDirectory(str(MIGRATIONS))
    try:
        return script.get_revision(revision) is None
    except Exception:  # alembic raises several resolution errors for unknown ids
        return True


def check_file(path: Path) -> FileCheck:
    """Is ``path`` an intact diklat database this version can open? Refuses with the reason."""
    path = Path(path)
    if not path.is_file():
        raise BackupError("backup.no_file", path=str(path))
    try:
        with closing(_connect(path, read_only=True)) as con:
            tables = {
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            if not CORE_TABLES <= tables:
                raise BackupError("backup.not_diklat", path=str(path))
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            if row is None or not row[0]:
                raise BackupError("backup.not_diklat", path=str(path))
            revision = str(row[0])
            if _is_newer(revision):
                raise BackupError("backup.newer", path=str(path), revision=revision)
            result = con.execute("PRAGMA integrity_check").fetchone()
            if result is None or result[0] != "ok":
                raise BackupError("backup.damaged", path=str(path))
            return FileCheck(revision=revision, tables=len(tables))
    except sqlite3.DatabaseError as exc:
        raise _disk_or(exc, path, "backup.not_diklat") from None


def backup(db: Database, dest: Path, *, overwrite: bool = False) -> Copied:
    """A consistent copy of the live database in ``dest`` (made under a temporary name and
    renamed, so ``dest`` is never half-written)."""
    live = _live_path(db)
    dest = Path(dest).absolute()
    if dest == live.absolute() or (
        dest.exists() and live.exists() and os.path.samefile(dest, live)
    ):
        raise BackupError("backup.same_file", path=str(dest))
    if dest.exists() and not overwrite:
        raise BackupError("backup.exists", path=str(dest))
    if not dest.parent.is_dir():
        raise BackupError("backup.no_folder", path=str(dest.parent))
    remove_stale(dest.parent)  # what a killed backup into this folder left
    temp = _temp_beside(dest, "backup")
    try:
        try:
            with closing(_connect(live)) as con:
                _copy_into(con, temp)
        except (sqlite3.Error, OSError) as exc:
            raise _disk_or(exc, dest.parent, "backup.damaged", live) from None
        check = check_file(temp)
        os.replace(temp, dest)
    finally:
        _remove_with_sidecars(temp)
    return Copied(path=dest, size=dest.stat().st_size, revision=check.revision)


def previous_copy_path(live: Path) -> Path:
    """Where ``restore`` keeps the database it replaces: ``FILE.bak`` beside it."""
    return live.with_name(live.name + ".bak")


@dataclass(frozen=True)
class AuditNote:
    """The audit row of a restore, written into the copy before it goes live: the
    restore and its record arrive together or not at all (a kill in between leaves
    neither)."""

    actor_id: int | None
    action: str
    new: dict


def restore(db: Database, source: Path, *, note: AuditNote | None = None) -> Restored:
    """Put the copy in ``source`` in place of the live database, in one transaction.

    The file is checked first (a diklat database, intact, not from a newer version);
    then the live database is copied to ``FILE.bak`` and the copy written over it.
    The caller migrates the result to the current schema afterwards.
    """
    live = _live_path(db)
    source = Path(source).absolute()
    if live.exists() and source.exists() and os.path.samefile(source, live):
        raise BackupError("backup.same_file", path=str(source))
    check_file(source)
    # Read the source through a private snapshot, so that what is checked is what is written.
    staged = _temp_beside(live, "restore")
    try:
        try:
            with closing(_connect(source, read_only=True)) as src:
                _copy_into(src, staged)
        except (sqlite3.DatabaseError, OSError) as exc:
            # The source was checked just before: a failure now is most likely the disk
            # the copy is written to (full), and it must say so.
            raise _disk_or(exc, staged.parent, "backup.not_diklat", source) from None
        check = check_file(staged)
        if note is not None:
            _write_note(staged, note, check.revision)
        previous = None
        if live.exists() and live.stat().st_size > 0:
            previous = previous_copy_path(live)
            kept = _temp_beside(previous, "keep")
            try:
                with closing(_connect(live)) as con:
                    _copy_into(con, kept)
                os.replace(kept, previous)
            finally:
                _remove_with_sidecars(kept)
        else:
            _private_file(live)
        with closing(_connect(staged, read_only=True)) as src, closing(_connect(live)) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
            result = dst.execute("PRAGMA integrity_check").fetchone()
            if (
                result is None or result[0] != "ok"
            ):  # pragma: no cover - SQLite wrote what it checked
                raise BackupError("backup.damaged", path=str(live))
    finally:
        _remove_with_sidecars(staged)
    # Connections pooled before the restore may hold pages of the old file in memory.
    db.dispose()
    return Restored(revision=check.revision, previous=previous)
