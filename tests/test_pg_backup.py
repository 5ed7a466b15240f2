"""``diklat backup``/``restore`` on PostgreSQL: PostgreSQL's own pg_dump and pg_restore,
the same meaning and refusals as on a SQLite file (tests/test_backup.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import backends
import pytest
from cli_runner import run_cli
from factories import World, snapshot
from sqlalchemy.engine import make_url

from diklat.db.pg_backup import MAGIC


@pytest.fixture
def pg_world(world_template_pg: World, tmp_path: Path) -> World:
    copy = world_template_pg.copy_to(tmp_path / "world.db")
    yield copy
    copy.db.dispose()


@pytest.fixture(scope="module")
def world_template_pg(tmp_path_factory) -> World:
    from factories import build_world

    backends.require_pg()
    location = backends.empty("pg", tmp_path_factory.mktemp("pgworld") / "template.db")
    backends.keep(location)
    return build_world(location)


def _run(world: World, *args: str, **env: str):
    return run_cli(*args, env={"DIKLAT_DB": str(world.path), **env})


def test_a_backup_is_a_pg_dump_archive_and_restore_puts_it_back(
    pg_world: World, tmp_path: Path
) -> None:
    copy = tmp_path / "cadangan.dump"
    pg_world.db.dispose()
    done = _run(pg_world, "backup", str(copy))
    assert done.code == 0, done.both
    assert copy.read_bytes().startswith(MAGIC)
    assert copy.stat().st_mode & 0o077 == 0  # owner only: marks and personal data
    assert make_url(str(pg_world.path)).password not in done.both
    before = snapshot(pg_world.db)
    pg_world.db.dispose()

    # A change after the backup, undone by the restore.
    assert _run(pg_world, "cohort", "edit", "ANGK-A", "--name", "Nama Baru").code == 0
    assert snapshot(pg_world.db) != before
    pg_world.db.dispose()
    done = _run(pg_world, "restore", str(copy), "--yes")
    assert done.code == 0, done.both
    after = snapshot(pg_world.db)
    pg_world.db.dispose()
    # The log as it was when copied (a backup is logged after it is made), then the restore.
    restored_log, log_then = after.pop("audit_log"), before.pop("audit_log")
    assert restored_log[:-1] == log_then[:-1] and "backup_made" in repr(log_then[-1])
    assert "database_restored" in repr(restored_log[-1])
    assert after == before
    # The database that was replaced is kept beside the backup, as a pg_dump archive.
    (kept,) = [p for p in tmp_path.iterdir() if p.name.endswith(".bak")]
    assert kept.read_bytes().startswith(MAGIC)


def test_refusals_say_why_and_change_nothing(pg_world: World, tmp_path: Path) -> None:
    copy = tmp_path / "cadangan.dump"
    assert _run(pg_world, "backup", str(copy)).code == 0
    again = _run(pg_world, "backup", str(copy))
    assert again.code == 1 and "--force" in again.err
    assert _run(pg_world, "backup", str(copy), "--force").code == 0

    before = snapshot(pg_world.db)
    pg_world.db.dispose()
    sqlite_file = tmp_path / "berkas.db"
    (tmp_path / "bukan.dump").write_bytes(MAGIC + b"bukan arsip")
    for source, words in (
        (tmp_path / "tidak-ada.dump", "tidak ada"),
        (tmp_path / "bukan.dump", "rusak"),
    ):
        done = _run(pg_world, "restore", str(source), "--yes")
        assert done.code == 1, done.both
        assert words in done.err and "Traceback" not in done.both
    # A SQLite backup is the other kind: `diklat db copy` moves between them.
    assert run_cli("db", "upgrade", env={"DIKLAT_DB": str(sqlite_file)}).code == 0
    done = _run(pg_world, "restore", str(sqlite_file), "--yes")
    assert done.code == 1 and "db copy" in done.err
    assert snapshot(pg_world.db) == before


def test_without_pg_dump_on_path_the_message_says_what_to_install(
    pg_world: World, tmp_path: Path
) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    assert shutil.which("pg_dump", path=str(empty)) is None
    done = _run(pg_world, "backup", str(tmp_path / "x.dump"), PATH=str(empty))
    assert done.code == 1
    assert "pg_dump" in done.err and "postgresql-client" in done.err
    assert not (tmp_path / "x.dump").exists()


def test_attachments_travel_byte_for_byte_through_pg_dump_and_restore(
    pg_world: World, tmp_path: Path
) -> None:
    """bytea in a pg_dump archive: a real PDF and PNG restored into a fresh database."""
    from test_backup import attach_evidence, evidence_in, same_evidence

    sent = attach_evidence(pg_world)
    pg_world.db.dispose()
    copy = tmp_path / "cadangan.dump"
    done = _run(pg_world, "backup", str(copy))
    assert done.code == 0, done.both
    fresh = backends.empty("pg", tmp_path / "baru.db")
    done = run_cli("restore", str(copy), "--yes", env={"DIKLAT_DB": str(fresh)})
    assert done.code == 0, done.both
    same_evidence(evidence_in(fresh), sent)
