"""A process killed while it writes leaves its temporary file behind (a full copy of the
database, a half export); the next run removes it. Real processes, really killed
(SIGKILL) while the temporary file is being written; then the next ``diklat`` run, and
the folder holds nothing but what belongs there. Also: a leftover of a process that
still runs is left alone, and so is every file not named as diklat's own."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from diklat.db.engine import Database
from diklat.db.migrate import upgrade
from diklat.leftovers import remove_stale

ROWS = 8000  # about 33 MB: a copy takes long enough to be caught while it is written


def _env(db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIKLAT_")}
    env.update(DIKLAT_DB=str(db), DIKLAT_LANG="en", COLUMNS="250")
    return env


def _diklat(*args: str, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "diklat", *args],
        env=_env(db),
        capture_output=True,
        text=True,
        timeout=300,
    )


def _new_db(path: Path, rows: int = 0) -> Path:
    db = Database.open(path)
    upgrade(db)
    db.dispose()
    if rows:
        with closing(sqlite3.connect(path)) as con:
            con.executemany(
                "INSERT INTO audit_log (at, action, entity, new) "
                "VALUES (CURRENT_TIMESTAMP, 'filler', 'test', ?)",
                [(f'"{"x" * 4000}{i}"',) for i in range(rows)],
            )
            con.commit()
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def _kill_while(
    proc: subprocess.Popen, folder: Path, pattern: str, *, written: int = 1
) -> list[str]:
    """SIGKILL ``proc`` as soon as a file matching ``pattern`` holds ``written`` bytes;
    the names in ``folder`` right after the kill."""
    while proc.poll() is None:
        if any(p.stat().st_size >= written for p in folder.glob(pattern) if p.exists()):
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return sorted(p.name for p in folder.iterdir())
        time.sleep(0.001)
    pytest.fail(f"the process ended before {pattern} appeared: {proc.returncode}")


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    return _new_db(tmp_path_factory.mktemp("big") / "besar.db", ROWS)


def test_a_backup_killed_while_copying_leaves_nothing_after_the_next_one(tmp_path, big) -> None:
    copies = tmp_path / "salinan"
    copies.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "diklat", "backup", str(copies / "satu.db")],
        env=_env(big),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    left = _kill_while(proc, copies, ".satu.db.backup-*.tmp")
    assert left and all(name.startswith(".satu.db.backup-") for name in left)

    done = _diklat("backup", str(copies / "dua.db"), db=big)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in copies.iterdir()) == ["dua.db"]


def test_a_restore_killed_while_staging_leaves_the_database_and_nothing_else(tmp_path, big) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    live = _new_db(folder / "diklat.db")
    with closing(sqlite3.connect(live)) as con:
        before = con.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    proc = subprocess.Popen(
        [sys.executable, "-m", "diklat", "restore", str(big), "--yes"],
        env=_env(live),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    left = _kill_while(proc, folder, ".diklat.db.restore-*.tmp")
    assert any(name.startswith(".diklat.db.restore-") for name in left)

    done = _diklat("cohort", "list", db=live)  # the next run, whatever it does
    assert done.returncode == 0, done.stderr
    names = {p.name for p in folder.iterdir()}
    assert not [n for n in names if n.startswith(".")], names
    with closing(sqlite3.connect(live)) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before


WRITER = """
import sys
from diklat.io.tabular import write_csv

def rows():
    for i in range(100):
        yield [i, "baris"]
    sys.stdout.write("writing\\n"); sys.stdout.flush()
    sys.stdin.readline()  # held here, half-written, until killed
    yield [0, "never"]

write_csv(sys.argv[1], ["no", "nama"], rows())
"""


def test_an_export_killed_half_way_leaves_a_part_the_next_export_removes(tmp_path) -> None:
    folder = tmp_path / "ekspor"
    folder.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder / "lulusan.csv")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "writing"
    # Its rows may still sit in the file's buffer: the part exists, that is enough.
    left = _kill_while(proc, folder, ".lulusan.csv.write-*.part", written=0)
    assert left == [f".lulusan.csv.write-{proc.pid}.part"]

    from diklat.io.tabular import write_csv

    write_csv(folder / "rekap.csv", ["no"], [[1]])
    assert sorted(p.name for p in folder.iterdir()) == ["rekap.csv"]


def test_a_live_writers_file_and_other_files_are_left_alone(tmp_path) -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = subprocess.run(
            [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
        ).stdout.strip()
        keep = [
            f".diklat.db.backup-{sleeper.pid}.tmp",  # a backup running now
            "diklat.db.bak",
            "unduhan.csv.part",  # a browser's download, not ours
            f".catatan.txt.{dead}.tmp",
        ]
        gone = [f".diklat.db.restore-{dead}.tmp", f".diklat.db.restore-{dead}.tmp-journal"]
        for name in keep + gone:
            (tmp_path / name).write_text("x")
        removed = remove_stale(tmp_path)
        assert sorted(p.name for p in removed) == sorted(gone)
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(keep)
    finally:
        sleeper.kill()
        sleeper.wait()


def test_the_restores_audit_row_arrives_with_the_restore(tmp_path) -> None:
    """Written into the copy before it goes live: no moment (where a kill could land)
    has the restored data without its record."""
    from diklat.db.backup import AuditNote, restore

    live = _new_db(tmp_path / "diklat.db")
    source = _new_db(tmp_path / "salinan.db")
    db = Database.open(live)
    restore(db, source, note=AuditNote(actor_id=4242, action="database_restored", new={"by": "x"}))
    db.dispose()
    with closing(sqlite3.connect(live)) as con:
        rows = con.execute("SELECT action, actor_id, new FROM audit_log").fetchall()
    assert len(rows) == 1 and rows[0][:2] == ("database_restored", None)
    assert '"actor_id": 4242' in rows[0][2]  # an actor the copy does not know, named
