"""diklat opens only its own databases: someone else's SQLite file (tables, but no diklat
revision) and a file that is not SQLite are refused before anything touches them, the
journal mode included; a command that only reads does not create a mistyped path."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from diklat.db.engine import Database
from diklat.db.migrate import upgrade
from diklat.domain.errors import DomainError


def _other_app(path: Path) -> bytes:
    with closing(sqlite3.connect(path)) as con:
        con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        con.execute("INSERT INTO notes (body) VALUES ('bukan milik diklat')")
        con.commit()
    return path.read_bytes()


def _refused(path: Path, **kwargs) -> str:
    with pytest.raises(DomainError) as info:
        db = Database.open(path, **kwargs)
        upgrade(db)
    return info.value.key


def test_another_applications_database_is_left_untouched(tmp_path) -> None:
    other = tmp_path / "other.db"
    before = _other_app(other)
    assert _refused(other) == "db.foreign"
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]  # no -wal, no -shm
    with closing(sqlite3.connect(other)) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert [r[0] for r in con.execute("SELECT name FROM sqlite_master")] == ["notes"]


def test_a_file_that_is_not_sqlite_is_refused_unchanged(tmp_path) -> None:
    text = tmp_path / "catatan.db"
    text.write_text("NIP;Nama\n198001012005011001;Peserta\n")
    before = text.read_bytes()
    assert _refused(text) == "db.not_a_database"
    assert text.read_bytes() == before


def test_a_read_only_open_of_a_mistyped_path_creates_nothing(tmp_path) -> None:
    mistyped = tmp_path / "salah-ketik" / "diklat.db"
    assert _refused(mistyped, create=False) == "db.missing"
    assert not mistyped.parent.exists()


@pytest.mark.parametrize("kind", ["new", "empty-file", "diklat"])
def test_diklat_still_opens_its_own(tmp_path, kind: str) -> None:
    path = tmp_path / "diklat.db"
    if kind == "empty-file":
        path.touch()
    if kind == "diklat":
        db = Database.open(path)
        upgrade(db)
        db.dispose()
    db = Database.open(path, create=kind == "new")
    assert upgrade(db)[1]
    db.dispose()
