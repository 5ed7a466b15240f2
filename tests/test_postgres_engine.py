"""What the engine promises on PostgreSQL in place of SQLite's settings
(tests/test_migrations.py checks those): writers one at a time, readers on one
snapshot and never waiting, and a database URL never shown with its password."""

from __future__ import annotations

import threading
import time

import backends
import pytest
from cli_runner import run_cli
from sqlalchemy import text
from sqlalchemy.engine import make_url

from diklat.db.engine import WRITE_LOCK_KEY, Database, display_url
from diklat.db.migrate import upgrade
from diklat.db.models import Person


@pytest.fixture
def pg_db(tmp_path) -> Database:
    backends.require_pg()
    database = Database.open(backends.empty("pg", tmp_path / "engine.db"))
    upgrade(database)
    yield database
    database.dispose()


def _waiting_for_the_write_lock(db: Database) -> int:
    with db.engine.connect() as conn:
        return conn.execute(
            text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                " AND objid = :key AND database = (SELECT oid FROM pg_database"
                " WHERE datname = current_database())"
            ),
            {"key": WRITE_LOCK_KEY & 0xFFFFFFFF},
        ).scalar_one()


def _until(condition, what: str) -> None:
    # A bound only so that a broken build ends; the test checks order, not speed.
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.01)


def test_a_second_writer_waits_for_the_first_and_readers_do_not(pg_db: Database) -> None:
    order: list[str] = []
    first_holds, first_may_commit = threading.Event(), threading.Event()

    def first() -> None:
        with pg_db.write() as s:
            s.execute(text("UPDATE cohorts SET name = name"))
            first_holds.set()
            first_may_commit.wait()
            order.append("first committed")

    def second() -> None:
        with pg_db.write() as s:
            s.execute(text("SELECT 1"))
            order.append("second began")

    one = threading.Thread(target=first)
    one.start()
    first_holds.wait()
    two = threading.Thread(target=second)
    two.start()
    _until(lambda: _waiting_for_the_write_lock(pg_db) == 1, "the second writer never waited")
    with pg_db.read() as s:  # a reader meanwhile: not blocked
        assert s.execute(text("SELECT count(*) FROM accounts")).scalar_one() == 0
    assert order == []
    first_may_commit.set()
    one.join()
    two.join()
    assert order == ["first committed", "second began"]


def test_a_read_session_sees_one_snapshot_and_a_write_sees_the_latest(pg_db: Database) -> None:
    with pg_db.read() as reader:
        before = reader.execute(text("SELECT count(*) FROM people")).scalar_one()
        with pg_db.write() as s:
            s.add(Person(name="Baru"))
        # The same reading transaction: what it saw at its start, nothing half-new.
        assert reader.execute(text("SELECT count(*) FROM people")).scalar_one() == before
        assert reader.execute(text("SHOW transaction_isolation")).scalar_one() == "repeatable read"
    with pg_db.write() as s:
        assert s.execute(text("SELECT count(*) FROM people")).scalar_one() == before + 1
        assert s.execute(text("SHOW transaction_isolation")).scalar_one() == "read committed"


def test_a_database_url_is_shown_without_its_password(pg_db: Database, tmp_path) -> None:
    url = pg_db.url
    password = make_url(url).password
    assert password
    for shown in (display_url(url), pg_db.where, repr(pg_db)):
        assert password not in shown
        assert "***" in shown
    assert display_url(f"sqlite:///{tmp_path}/a.db") == f"{tmp_path}/a.db"

    for args in (["db", "upgrade"], ["cohort", "list"]):
        done = run_cli(*args, env={"DIKLAT_DB": url})
        assert done.code == 0, done.both
        assert password not in done.both
    upgraded = run_cli("db", "upgrade", env={"DIKLAT_DB": url})
    assert make_url(url).database in upgraded.out  # where it is, said


def test_a_wrong_password_is_one_line_that_does_not_repeat_it(pg_db: Database) -> None:
    wrong = make_url(pg_db.url).set(password="salah-sekali-9").render_as_string(False)
    done = run_cli("cohort", "list", env={"DIKLAT_DB": wrong})
    assert done.code != 0
    assert "salah-sekali-9" not in done.both
    assert "Traceback" not in done.both
