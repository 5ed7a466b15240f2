"""Backups of a PostgreSQL database with PostgreSQL's own tools, and putting one back.

A backup is ``pg_dump --format=custom`` (one consistent snapshot while the database
stays in use); restoring replays it with ``pg_restore`` through ``psql`` in one
transaction that first drops diklat's tables, so every other connection sees either
the old database or the restored one. The password travels in the environment
(``PGPASSWORD``), never on a command line that ``ps`` shows. The tools must be on
PATH (Debian: ``postgresql-client``); without them the refusal says so.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from diklat.db.backup import (
    CORE_TABLES,
    AuditNote,
    BackupError,
    Copied,
    FileCheck,
    Restored,
    _is_newer,
    _private_file,
    _temp_beside,
)
from diklat.db.engine import Database

MAGIC = b"PGDMP"  # the first bytes of a pg_dump custom-format archive
_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE \S+ (\S+) ", re.M)
_VERSION_ROW = re.compile(r"^COPY \S*alembic_version \(version_num\) FROM stdin;\n([^\n]*)\n", re.M)


def is_archive(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError("backup.pg_tool_missing", tool=name)
    return found


def _libpq(db: Database) -> tuple[str, dict[str, str]]:
    """The database as a libpq connection string without its password, and the
    environment that carries the password."""
    url = make_url(db.url)
    env = dict(os.environ)
    env["PGOPTIONS"] = "-c client_min_messages=warning"  # no NOTICE chatter in messages
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str] | None = None, **kw) -> str:
    done = subprocess.run(command, env=env, capture_output=True, text=True, **kw)
    if done.returncode != 0:
        # The tools' own message (they never print the password), first line only.
        lines = done.stderr.strip().splitlines() or ["?"]
        reason = next((line for line in lines if "ERROR" in line or "error" in line), lines[0])
        raise BackupError("backup.pg_tool_failed", tool=Path(command[0]).name, reason=reason)
    return done.stdout


def check_file(path: Path) -> FileCheck:
    """Is ``path`` a pg_dump archive of a diklat database this version can restore?"""
    path = Path(path)
    if not path.is_file():
        raise BackupError("backup.no_file", path=str(path))
    if not is_archive(path):
        raise BackupError("backup.not_diklat", path=str(path))
    pg_restore = _tool("pg_restore")
    try:
        listing = _run([pg_restore, "--list", str(path)])
        tables = set(_TABLE.findall(listing))
        if not CORE_TABLES <= tables:
            raise BackupError("backup.not_diklat", path=str(path))
        data = _run([pg_restore, "--data-only", "--table=alembic_version", "--file=-", str(path)])
    except BackupError as exc:
        if exc.key == "backup.pg_tool_failed":
            raise BackupError("backup.damaged", path=str(path)) from None
        raise
    found = _VERSION_ROW.search(data)
    if found is None or not found.group(1) or found.group(1) == "\\.":
        raise BackupError("backup.not_diklat", path=str(path))
    revision = found.group(1)
    if _is_newer(revision):
        raise BackupError("backup.newer", path=str(path), revision=revision)
    return FileCheck(revision=revision, tables=len(tables))


def _dump(db: Database, target: Path) -> None:
    conninfo, env = _libpq(db)
    _private_file(target)  # pg_dump truncates it and keeps its owner-only mode
    _run(
        [
            _tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={target}",
            f"--dbname={conninfo}",
        ],
        env,
    )


def backup(db: Database, dest: Path, *, overwrite: bool = False) -> Copied:
    dest = Path(dest).absolute()
    if dest.exists() and not overwrite:
        raise BackupError("backup.exists", path=str(dest))
    if not dest.parent.is_dir():
        raise BackupError("backup.no_folder", path=str(dest.parent))
    temp = _temp_beside(dest, "backup")
    try:
        _dump(db, temp)
        check = check_file(temp)
        os.replace(temp, dest)
    finally:
        temp.unlink(missing_ok=True)
    return Copied(path=dest, size=dest.stat().st_size, revision=check.revision)


def previous_copy_path(db: Database, source: Path) -> Path:
    """Where ``restore`` keeps the database it replaces: ``DBNAME.bak`` beside the
    backup being restored (a server has no file of its own to put it beside)."""
    name = make_url(db.url).database or "diklat"
    return Path(source).absolute().with_name(f"{name}.bak")


def _note_sql(note: AuditNote, revision: str) -> str:
    """``note`` as a row of the restored audit log, in the restore's own transaction (an
    actor the copy does not know is named in the row, as on SQLite)."""

    def literal(value: dict) -> str:
        return "'" + json.dumps(value, ensure_ascii=False).replace("'", "''") + "'::json"

    new = {**note.new, "revision": revision}
    if note.actor_id is None:
        actor, document = "NULL::integer", literal(new)
    else:
        known = f"EXISTS (SELECT 1 FROM people WHERE id = {int(note.actor_id)})"
        actor = f"CASE WHEN {known} THEN {int(note.actor_id)} END"
        unknown = literal({**new, "actor_id": note.actor_id})
        document = f"CASE WHEN {known} THEN {literal(new)} ELSE {unknown} END"
    action = note.action.replace("'", "''")
    # The restore script empties search_path; the role's own comes back first.
    return (
        "RESET search_path; INSERT INTO audit_log (at, actor_id, action, entity, new)"
        f" SELECT (now() AT TIME ZONE 'utc'), {actor}, '{action}', 'database', {document}"
    )


def restore(db: Database, source: Path, *, note: AuditNote | None = None) -> Restored:
    """Put the archive ``source`` in place of the live database, in one transaction.
    The archive is checked first; the live database is dumped to ``DBNAME.bak``."""
    source = Path(source).absolute()
    check = check_file(source)
    psql = _tool("psql")
    previous = previous_copy_path(db, source)
    kept = _temp_beside(previous, "keep")
    try:
        _dump(db, kept)
        os.replace(kept, previous)
    finally:
        kept.unlink(missing_ok=True)
    with db.engine.connect() as conn:
        live = inspect(conn).get_table_names()
    drop = "".join(f'DROP TABLE IF EXISTS "{t}" CASCADE;' for t in live)
    script = _run([_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(source)])
    conninfo, env = _libpq(db)
    db.dispose()  # pooled connections would hold the tables the restore replaces
    _run(
        [
            psql,
            "--no-psqlrc",
            "--quiet",
            "--single-transaction",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            drop or "SELECT 1",
            "-f",
            "-",
            "-c",
            _note_sql(note, check.revision) if note else "SELECT 1",
            f"--dbname={conninfo}",
        ],
        env,
        input=script,
    )
    return Restored(revision=check.revision, previous=previous)
