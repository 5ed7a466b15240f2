"""``diklat backup`` and ``diklat restore`` through the command line (in-process,
tests/cli_runner.py): a round trip,
a copy taken while another connection keeps writing, and every file restore must refuse
(each refusal leaves the live database byte for byte as it was)."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
import threading
from pathlib import Path

import pytest
from cli_runner import Ran, run_cli
from factories import World, complete, snapshot, submit
from sqlalchemy import select, text
from test_migrations import FUTURE, revisions_oldest_first

from diklat.db.backup import previous_copy_path
from diklat.db.engine import Database
from diklat.db.migrate import head_revision, upgrade
from diklat.domain.workflow import Stage
from diklat.services import stages

SA = Stage.SELF_ASSESSMENT


def run(*args: str, db: Path, lang: str = "en", input: str | None = None) -> Ran:
    return run_cli(*args, env={"DIKLAT_DB": str(db), "DIKLAT_LANG": lang}, input=input)


def digest(path: Path) -> str:
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def without_audit(rows: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    return {k: v for k, v in rows.items() if k != "audit_log"}


def audit_actions(db: Database) -> list[str]:
    with db.engine.connect() as conn:
        return [r[0] for r in conn.execute(text("SELECT action FROM audit_log ORDER BY id"))]


def test_round_trip_through_the_command_line(world: World, tmp_path: Path) -> None:
    p1 = world.actor("P1")
    eid = world.enrolments["P1"]
    submit(world.db, p1, eid, SA)
    stages.save_draft(world.db, p1, eid, Stage.DIAGNOSIS, {"problem_statement": "Antrean panjang"})
    at_backup = snapshot(world.db)
    world.db.dispose()

    copy = tmp_path / "cadangan.db"
    done = run("backup", str(copy), db=world.path)
    assert done.returncode == 0, done
    assert str(copy) in done.stdout and head_revision() in done.stdout
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert not Path(f"{copy}-wal").exists()  # a copy stands alone: one file to carry away
    with sqlite3.connect(copy) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert without_audit(snapshot(Database.open(copy))) == without_audit(at_backup)

    # Work goes on after the copy was taken ...
    stages.save_draft(
        world.db, p1, eid, Stage.DIAGNOSIS, {"problem_statement": "Diubah setelah cadangan"}
    )
    after_backup = snapshot(world.db)
    world.db.dispose()
    assert after_backup != at_backup

    # ... and the copy is put back.
    done = run("restore", str(copy), "--yes", db=world.path)
    assert done.returncode == 0, done
    assert "restored" in done.stdout
    previous = previous_copy_path(world.path)
    assert str(previous) in done.stdout
    assert stat.S_IMODE(previous.stat().st_mode) == 0o600
    assert snapshot(Database.open(previous)) == after_backup  # what was replaced is kept
    restored = Database.open(world.path)
    assert without_audit(snapshot(restored)) == without_audit(at_backup)
    view = stages.get_stage(restored, p1, eid, Stage.DIAGNOSIS)
    assert view.draft["problem_statement"] == "Antrean panjang"
    # The copy was logged in the database it was taken from (after taking it); the
    # restore is logged in the restored one.
    assert audit_actions(restored)[-1] == "database_restored"
    assert "backup_made" not in audit_actions(restored)
    assert audit_actions(Database.open(previous))[-1] == "backup_made"
    with restored.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def attach_evidence(world: World) -> dict[str, bytes]:
    """P1's implementation with a real PDF and a real PNG on milestone M1; the bytes by
    file name."""
    import attachment_files as files

    from diklat.services import attachments

    p1, eid = world.actor("P1"), world.enrolments["P1"]
    stages.save_draft(world.db, p1, eid, Stage.DESIGN, complete(Stage.DESIGN))
    sent = {
        "SK Kepala Dinas.pdf": files.pdf("SK Kepala Dinas nomor 800/12/2026"),
        "foto layanan.png": files.image("PNG", (640, 480)),
    }
    for name, data in sent.items():
        attachments.add(world.db, p1, eid, Stage.IMPLEMENTATION, "M1", name, data)
    return sent


def evidence_in(location) -> dict[str, tuple[bytes, str]]:
    """Every attachment's bytes and recorded SHA-256 in the database at ``location``,
    read straight from its table."""
    from diklat.db.models import Attachment

    db = Database.open(location)
    try:
        with db.read() as s:
            rows = s.execute(select(Attachment.filename, Attachment.data, Attachment.sha256))
            return {name: (bytes(data), sha) for name, data, sha in rows}
    finally:
        db.dispose()


def same_evidence(found: dict[str, tuple[bytes, str]], sent: dict[str, bytes]) -> None:
    assert sorted(found) == sorted(sent)
    for name, data in sent.items():
        kept, sha = found[name]
        assert kept == data  # byte for byte
        assert hashlib.sha256(kept).hexdigest() == sha == hashlib.sha256(data).hexdigest()


def test_attachments_travel_byte_for_byte_through_backup_and_restore(
    world: World, tmp_path: Path
) -> None:
    sent = attach_evidence(world)
    world.db.dispose()
    copy = tmp_path / "cadangan.db"
    assert run("backup", str(copy), db=world.path).returncode == 0
    same_evidence(evidence_in(copy), sent)
    fresh = tmp_path / "baru" / "diklat.db"
    fresh.parent.mkdir()
    done = run("restore", str(copy), "--yes", db=fresh)
    assert done.returncode == 0, done
    same_evidence(evidence_in(fresh), sent)
    # and the restored database serves them to a reader as they were sent
    from diklat.services import attachments

    restored = Database.open(fresh)
    try:
        listed = attachments.list_attachments(
            restored, world.actor("C1"), world.enrolments["P1"], Stage.IMPLEMENTATION
        )
        for info in listed:
            assert (
                attachments.fetch(restored, world.actor("C1"), info.id).data == sent[info.filename]
            )
    finally:
        restored.dispose()


def test_a_copy_taken_while_another_connection_writes_is_consistent(
    world: World, tmp_path: Path
) -> None:
    """Each write transaction adds an audit row and sets the draft to the count of those
    rows: a consistent copy shows the two agreeing, whatever moment it caught."""
    eid = world.enrolments["P1"]
    p1 = world.actor("P1")
    stages.save_draft(world.db, p1, eid, SA, {"strengths": "0"})
    stop = threading.Event()
    written = []

    def writer() -> None:
        db = Database.open(world.path)
        n = 0
        while not stop.is_set() or n < 20:
            n += 1
            with db.write() as s:
                s.execute(
                    text(
                        "INSERT INTO audit_log (at, action, entity) VALUES (CURRENT_TIMESTAMP, 'tick', 'test')"
                    )
                )
                s.execute(
                    text(
                        "UPDATE stage_records SET draft = json_object('strengths', :n) WHERE enrolment_id = :e"
                    ),
                    {"n": str(n), "e": eid},
                )
            written.append(n)
        db.dispose()

    thread = threading.Thread(target=writer)
    thread.start()
    copies = []
    try:
        for i in range(3):
            copy = tmp_path / f"salinan-{i}.db"
            done = run("backup", str(copy), db=world.path)
            assert done.returncode == 0, done
            copies.append(copy)
    finally:
        stop.set()
        thread.join()
    for copy in copies:
        con = sqlite3.connect(copy)
        ticks = con.execute("SELECT count(*) FROM audit_log WHERE action = 'tick'").fetchone()[0]
        draft = con.execute(
            "SELECT json_extract(draft, '$.strengths') FROM stage_records WHERE enrolment_id = ?",
            (eid,),
        ).fetchone()[0]
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
        assert draft == str(ticks)
    assert written, "the writer ran"


def test_backup_refuses_to_overwrite_unless_forced(world: World, tmp_path: Path) -> None:
    world.db.dispose()
    copy = tmp_path / "ada.db"
    copy.write_text("keep me")
    done = run("backup", str(copy), db=world.path)
    assert done.returncode == 1
    assert "--force" in done.stderr and "Traceback" not in done.stderr
    assert copy.read_text() == "keep me"
    assert run("backup", str(copy), "--force", db=world.path).returncode == 0
    with sqlite3.connect(copy) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_backup_onto_the_live_database_is_refused(world: World) -> None:
    world.db.dispose()
    before = digest(world.path)
    done = run("backup", str(world.path), "--force", db=world.path)
    assert done.returncode == 1 and "in use" in done.stderr
    assert digest(world.path) == before


def _foreign_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        con.execute("INSERT INTO notes (body) VALUES ('bukan diklat')")


def _newer(path: Path) -> None:
    db = Database.open(path)
    upgrade(db)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": FUTURE})
    db.checkpoint()
    db.dispose()


def _truncated(path: Path) -> None:
    db = Database.open(path)
    upgrade(db)
    db.checkpoint()
    db.dispose()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


BAD_FILES = {
    "text": (lambda p: p.write_text("no, terima kasih\n"), "not a diklat database"),
    "empty": (lambda p: p.write_bytes(b""), "not a diklat database"),
    "other-sqlite": (_foreign_sqlite, "not a diklat database"),
    "newer": (_newer, "newer version"),
    "truncated": (_truncated, "nothing was changed"),
    "missing": (lambda p: None, "does not exist"),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_restore_refuses_a_file_it_cannot_use_and_changes_nothing(
    world: World, tmp_path: Path, kind: str
) -> None:
    make, words = BAD_FILES[kind]
    bad = tmp_path / f"{kind}.db"
    make(bad)
    world.db.dispose()
    before = digest(world.path)
    done = run("restore", str(bad), "--yes", db=world.path)
    assert done.returncode == 1, done
    assert words in done.stderr, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert digest(world.path) == before
    assert not previous_copy_path(world.path).exists()
    leftovers = [p.name for p in world.path.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_restore_message_in_indonesian(world: World, tmp_path: Path) -> None:
    bad = tmp_path / "catatan.txt"
    bad.write_text("bukan basis data")
    world.db.dispose()
    done = run("restore", str(bad), "--yes", db=world.path, lang="id")
    assert done.returncode == 1
    assert "bukan basis data diklat" in done.stderr


def test_restore_asks_first_and_a_no_changes_nothing(world: World, tmp_path: Path) -> None:
    world.db.dispose()
    copy = tmp_path / "c.db"
    assert run("backup", str(copy), db=world.path).returncode == 0
    before = digest(world.path)
    done = run("restore", str(copy), db=world.path, input="n\n")
    assert done.returncode == 1
    assert "Replace everything" in done.stderr
    assert digest(world.path) == before


def test_a_copy_from_an_earlier_revision_is_restored_and_upgraded(
    world: World, tmp_path: Path
) -> None:
    old = Database.open(tmp_path / "lama.db")
    upgrade(old, revisions_oldest_first()[0])
    old.checkpoint()
    old.dispose()
    world.db.dispose()
    done = run("restore", str(old.path), "--yes", db=world.path)
    assert done.returncode == 0, done
    assert head_revision() in done.stdout
    from diklat.db.migrate import current_revision

    assert current_revision(Database.open(world.path)) == head_revision()


def test_restore_into_a_fresh_location_keeps_no_previous_copy(world: World, tmp_path: Path) -> None:
    world.db.dispose()
    copy = tmp_path / "c.db"
    assert run("backup", str(copy), db=world.path).returncode == 0
    fresh = tmp_path / "baru" / "diklat.db"
    fresh.parent.mkdir()
    done = run("restore", str(copy), "--yes", db=fresh)
    assert done.returncode == 0, done
    assert not previous_copy_path(fresh).exists()
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    assert without_audit(snapshot(Database.open(fresh))) == without_audit(
        snapshot(Database.open(copy))
    )
