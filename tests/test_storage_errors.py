"""The disk or the database file refusing reaches people as one catalogue line
(db/errors.storage_error), never as SQLite's text with SQL and a link; ``restore`` on a
full disk says the disk is full, not that a valid copy is no diklat database."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from diklat.db.engine import Database
from diklat.db.errors import storage_error
from diklat.db.migrate import upgrade


def _sqlite_error(call) -> sqlite3.Error:
    with pytest.raises(sqlite3.Error) as info:
        call()
    return info.value


def test_each_sqlite_refusal_has_its_own_line(tmp_path) -> None:
    text = tmp_path / "teks.db"
    text.write_bytes(b"bukan basis data\n" * 300)
    ro = tmp_path / "ro.db"
    with closing(sqlite3.connect(ro)) as con:
        con.execute("CREATE TABLE t (x)")

    def not_a_database():
        with closing(sqlite3.connect(text)) as con:
            con.execute("SELECT * FROM sqlite_master").fetchall()

    def read_only():
        with closing(sqlite3.connect(f"file:{ro}?mode=ro", uri=True)) as con:
            con.execute("INSERT INTO t VALUES (1)")

    def cannot_open():
        sqlite3.connect(tmp_path / "tidak-ada" / "x.db")

    for call, key in (
        (not_a_database, "db.not_a_database"),
        (read_only, "db.read_only"),
        (cannot_open, "db.cannot_open"),
    ):
        mapped = storage_error(_sqlite_error(call), "F")
        assert mapped is not None and mapped.key == key
        assert "sqlite" not in mapped.message().lower() or key == "db.not_a_database"


def test_sqlalchemy_wrapped_errors_and_os_errors_map_too(tmp_path) -> None:
    from sqlalchemy import text

    path = tmp_path / "d.db"
    db = Database.open(path)
    upgrade(db)
    with pytest.raises(Exception) as info, db.engine.connect() as conn:
        conn.execute(text("ATTACH DATABASE :p AS other"), {"p": str(tmp_path / "no" / "x.db")})
    assert storage_error(info.value, path).key == "db.cannot_open"
    db.dispose()
    with pytest.raises(OSError) as full, open("/dev/full", "w") as fh:
        fh.write("x")
        fh.flush()
    assert storage_error(full.value).key == "db.disk_full"
    assert storage_error(ValueError("bukan")) is None


SCRIPT = r"""
set -e
mount -t tmpfs -o size="$SIZE" tmpfs "$D"
cp "$LIVE" "$D/diklat.db"
set +e
"$PY" -m diklat --db "$D/diklat.db" restore "$SRC" --yes
echo "rc=$?" >&2
"$PY" -m diklat --db "$D/diklat.db" backup "$D/salinan.db"
echo "rc=$?" >&2
cp "$D/diklat.db" "$OUT/after.db"
ls -A "$D" > "$OUT/names"
"""


def _in_own_mount_namespace() -> bool:
    if shutil.which("unshare") is None:
        return False
    done = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "true"], capture_output=True
    )
    return done.returncode == 0


@pytest.mark.skipif(
    not _in_own_mount_namespace(),
    reason="needs a private mount namespace (unshare -m: root or user namespaces)",
)
def test_restore_and_backup_on_a_full_disk_say_so_and_change_nothing(tmp_path) -> None:
    live = tmp_path / "live.db"
    db = Database.open(live)
    upgrade(db)
    db.dispose()
    source = tmp_path / "besar.db"
    shutil.copy(live, source)
    with closing(sqlite3.connect(source)) as con:
        con.executemany(
            "INSERT INTO audit_log (at, action, entity, new) VALUES (CURRENT_TIMESTAMP, 'x', 't', ?)",
            [(f'"{"x" * 4000}"',) for _ in range(600)],
        )
        con.commit()
    before = live.read_bytes()
    disk = tmp_path / "disk"
    disk.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIKLAT_")}
    env.update(
        DIKLAT_LANG="en",
        COLUMNS="250",
        D=str(disk),
        LIVE=str(live),
        SRC=str(source),
        OUT=str(tmp_path),
        PY=sys.executable,
        # Room for the database and a little: not for a copy of the 2.4 MB source.
        SIZE=str(len(before) + 256 * 1024),
    )
    done = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines[0].startswith("Error: The disk is full:"), done.stderr
    assert lines[1] == "rc=1"
    assert lines[2].startswith("Error: The disk is full:") and lines[3] == "rc=1"
    assert "not a diklat database" not in done.stderr
    assert "sqlalche.me" not in done.stderr and "Traceback" not in done.stderr
    assert (tmp_path / "after.db").read_bytes() == before
    assert (tmp_path / "names").read_text().split() == ["diklat.db"]  # no half copy left
