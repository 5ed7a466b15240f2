"""Apply Alembic migrations at start: upgrade an older database, refuse a newer one.

Every start of diklat opens the database through ``upgrade``. When the stored
revision already is the newest one (nearly always), that is settled with one
query and a glance at the migration files, without importing Alembic (a third of
a second of start-up); tests/test_migrate_fast.py keeps that glance equal to
Alembic's own answer.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from diklat.db.engine import Database
from diklat.domain.errors import DomainError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).parent / "migrations"
_REVISION = re.compile(r"^(down_)?revision\s*(?::[^=]*)?=\s*(?:['\"]([^'\"]*)['\"]|None)", re.M)


@cache
def head_fast() -> str | None:
    """The head revision read from the migration files' ``revision``/``down_revision``
    lines; None when that is not one clear answer (then Alembic decides)."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = {
            bool(m.group(1)): m.group(2)
            for m in _REVISION.finditer(path.read_text(encoding="utf-8"))
        }
        if False not in found:
            continue
        revisions.add(found[False])
        if found.get(True):
            parents.add(found[True])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def stored_revision(db: Database) -> str | None:
    """The revision written in the database, with one plain query (None: none yet)."""
    from sqlalchemy.exc import DBAPIError

    try:
        with db.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except DBAPIError:  # no alembic_version table: a new database
        return None


def alembic_config(db: Database) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(db: Database, target: str = "head") -> tuple[str | None, str]:
    """Bring the schema to ``target``; returns (revision before, revision after)."""
    if target == "head":
        head = head_fast()
        if head is not None and stored_revision(db) == head:
            return head, head
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS))
    before = current_revision(db)
    if before is not None and not _known(script, before):
        raise DomainError("db.newer_than_app", revision=before, path=db.where)
    cfg = alembic_config(db)
    with db.migration_connection() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
    return before, current_revision(db) or ""


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises several resolution errors for unknown ids
        return False
