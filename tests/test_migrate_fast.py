"""The start-up fast path: a database already at the newest revision is recognised
without importing Alembic, and the quick reading of the migration files agrees with
Alembic's own head (so a new migration cannot be skipped)."""

from __future__ import annotations

import subprocess
import sys

from diklat.db.engine import Database
from diklat.db.migrate import head_fast, head_revision, stored_revision, upgrade


def test_fast_head_is_alembics_head():
    assert head_fast() == head_revision()


def test_stored_revision_of_new_and_migrated_files(tmp_path):
    db = Database.open(tmp_path / "new.db")
    assert stored_revision(db) is None
    upgrade(db)
    assert stored_revision(db) == head_revision()
    assert upgrade(db) == (head_revision(), head_revision())
    db.dispose()


def test_current_database_opens_without_importing_alembic(tmp_path):
    path = tmp_path / "current.db"
    db = Database.open(path)
    upgrade(db)
    db.dispose()
    code = (
        "import sys\n"
        "from diklat.db.engine import Database\n"
        "from diklat.db.migrate import upgrade\n"
        f"print(upgrade(Database.open({str(path)!r})))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[-1] == "[]"
