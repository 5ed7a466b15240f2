"""Account rules beyond log-in itself (tests/test_auth.py): a password that must be
changed logs in once; passwords and one-time passwords are never logged, never kept
in the clear (a slip's copy aside, until the first log-in) and never printed again
after creation; the database, its journal files and every copy are private."""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path

import pytest
from cli_runner import Ran, run_cli
from factories import SYSTEM, World, password_for
from sqlalchemy import inspect, select, text

from diklat.db.engine import Database
from diklat.db.models import Account
from diklat.domain.roles import Role
from diklat.services import auth
from diklat.services.errors import Invalid

NEW_NIP = "19850505 201001 2 001"
NEW_LOGIN = NEW_NIP.replace(" ", "")


def _refused(call, *args) -> str:
    with pytest.raises(Invalid) as info:
        call(*args)
    return info.value.key


def _account(db: Database, login: str):
    from types import SimpleNamespace

    with db.read() as s:
        a = s.scalar(select(Account).where(Account.login == login))
        return SimpleNamespace(**{c.key: getattr(a, c.key) for c in Account.__table__.columns})


def test_a_one_time_password_logs_in_once(world: World) -> None:
    _, otp = auth.add_user(
        world.db, world.actor("ADMIN"), NEW_NIP, name="Peserta Baru", role=Role.PARTICIPANT
    )
    assert _account(world.db, NEW_LOGIN).one_time_password == otp  # for the coordinator's slip

    first = auth.login(world.db, NEW_LOGIN, otp)
    assert first.must_change_password
    account = _account(world.db, NEW_LOGIN)
    assert account.one_time_password is None  # the slip's copy goes with the first log-in
    assert otp not in account.password_hash

    # Used once: a second log-in with it is refused, and says why.
    assert _refused(auth.login, world.db, NEW_LOGIN, otp) == "auth.one_time_used"
    assert _refused(auth.login, world.db, NEW_LOGIN, "tebakan-lain") == "auth.bad_credentials"
    assert _account(world.db, NEW_LOGIN).failed_logins == 2

    # The session it opened can still make the forced change, with it as the old password.
    assert (
        _refused(auth.change_password, world.db, first, "bukan-itu", "sandi-baru-sekali")
        == "auth.bad_old_password"
    )
    changed = auth.change_password(world.db, first, otp, "sandi-baru-sekali")
    assert not changed.must_change_password
    assert _refused(auth.login, world.db, NEW_LOGIN, otp) == "auth.bad_credentials"
    # Wait out nothing: the failures above were fewer than the free five.
    assert auth.login(world.db, NEW_LOGIN, "sandi-baru-sekali").person_id == first.person_id
    assert (
        _refused(auth.change_password, world.db, changed, otp, "sandi-lain-lagi")
        == "auth.bad_old_password"
    )


def test_a_password_the_administrator_sets_with_a_forced_change_also_logs_in_once(
    world: World,
) -> None:
    login = world.users["P2"].login
    auth.set_password(world.db, world.actor("ADMIN"), login, "sementara-2026", must_change=True)
    actor = auth.login(world.db, login, "sementara-2026")
    assert actor.must_change_password
    assert _refused(auth.login, world.db, login, "sementara-2026") == "auth.one_time_used"
    # The administrator can hand out another one.
    auth.set_password(world.db, world.actor("ADMIN"), login, "sementara-lagi", must_change=True)
    assert auth.login(world.db, login, "sementara-lagi").must_change_password


def test_an_ordinary_password_logs_in_again_and_again(world: World) -> None:
    for _ in range(3):
        assert auth.login(world.db, "admin", password_for("ADMIN")).is_admin


# --- secrets stay secret ----------------------------------------------------------


def _every_value(db: Database, *, skip: set[tuple[str, str]] = frozenset()) -> list[str]:
    """Every cell of every table as text, except the (table, column) pairs in ``skip``."""
    out = []
    with db.engine.connect() as conn:
        tables = inspect(conn).get_table_names()
        for table in tables:
            result = conn.execute(text(f'SELECT * FROM "{table}"'))
            columns = list(result.keys())
            for row in result:
                out += [
                    str(v) for c, v in zip(columns, row) if (table, c) not in skip and v is not None
                ]
    return out


def _account_life(db: Database, admin) -> list[str]:
    """Everything that handles a password, once each; returns the secrets used."""
    secrets = []
    _, otp = auth.add_user(db, admin, "staf.satu", name="Staf Satu", role=Role.COACH)
    secrets.append(otp)
    auth.add_user(
        db, admin, "staf.dua", name="Staf Dua", role=Role.COACH, password="rahasia-staf-dua"
    )
    secrets.append("rahasia-staf-dua")
    with pytest.raises(Invalid):
        auth.login(db, "staf.dua", "tebakan-salah-123")
    secrets.append("tebakan-salah-123")
    actor = auth.login(db, "staf.satu", otp)
    auth.change_password(db, actor, otp, "pilihan-staf-satu")
    secrets.append("pilihan-staf-satu")
    auth.set_password(db, admin, "staf.dua", "setelan-admin-99", must_change=True)
    secrets.append("setelan-admin-99")
    auth.login(db, "staf.dua", "setelan-admin-99")
    return secrets


def test_no_password_is_stored_in_the_clear_and_no_audit_row_carries_one(world: World) -> None:
    secrets = _account_life(world.db, world.actor("ADMIN"))
    values = _every_value(world.db)
    leaks = [(s, v) for s in secrets for v in values if s in v]
    assert leaks == []
    with world.db.engine.connect() as conn:
        audit = [
            json.dumps([r.action, r.old, r.new])
            for r in conn.execute(text("SELECT action, old, new FROM audit_log"))
        ]
    assert any("password" in a for a in audit)  # the changes are logged ...
    assert not any(s in a for s in secrets for a in audit)  # ... without the passwords


def test_nothing_logs_a_password_even_with_sql_logging_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capfd
) -> None:
    # INFO is SQL logging (statements and their parameters). DEBUG would add result
    # rows: a dump of the data itself, which holds a slip's one-time password until the
    # first log-in by design, so it is not what "logging" means here.
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)
    try:
        db = Database.open(tmp_path / "log.db")
        from diklat.db.migrate import upgrade

        upgrade(db)
        secrets = _account_life(db, SYSTEM)
        db.dispose()
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    assert "INSERT INTO accounts" in caplog.text  # SQL was logged ...
    captured = capfd.readouterr()
    for secret in secrets:  # ... but no value that was bound to it
        assert secret not in caplog.text
        assert secret not in captured.out + captured.err


def _cli(tmp_path: Path, *args: str, stdin: str = "") -> Ran:
    env = {"DIKLAT_DB": str(tmp_path / "cli.db"), "DIKLAT_LANG": "en"}
    return run_cli(*args, env=env, input=stdin)


def test_the_command_line_shows_a_one_time_password_once_and_never_a_chosen_one(
    tmp_path: Path,
) -> None:
    made = _cli(tmp_path, "user", "add", NEW_NIP, "--name", "Peserta Baru", "--role", "participant")
    assert made.returncode == 0, made
    (line,) = [ln for ln in made.stdout.splitlines() if "One-time password" in ln]
    otp = line.split(":", 1)[1].split()[0]
    chosen = _cli(
        tmp_path,
        "user",
        "add",
        "staf.tiga",
        "--name",
        "Staf",
        "--role",
        "coach",
        "--password-stdin",
        stdin="rahasia-pilihan\n",
    )
    assert chosen.returncode == 0, chosen
    passwd = _cli(
        tmp_path, "user", "passwd", "staf.tiga", "--password-stdin", stdin="rahasia-kedua-99\n"
    )
    assert passwd.returncode == 0, passwd
    listed = _cli(tmp_path, "user", "list")
    assert listed.returncode == 0, listed
    assert NEW_LOGIN in listed.stdout
    for done in (chosen, passwd, listed):
        for secret in (otp, "rahasia-pilihan", "rahasia-kedua-99"):
            assert secret not in done.stdout + done.stderr
    assert "rahasia-pilihan" not in made.stdout + made.stderr
    assert stat.S_IMODE((tmp_path / "cli.db").stat().st_mode) == 0o600


def test_journal_files_are_private_while_the_database_is_in_use(tmp_path: Path) -> None:
    path = tmp_path / "pribadi.db"
    db = Database.open(path)
    from diklat.db.migrate import upgrade

    upgrade(db)
    with db.write() as s:  # held open: the -wal and -shm files exist now
        auth_rows = s.execute(text("SELECT count(*) FROM accounts")).scalar()
        assert auth_rows == 0
        for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            assert extra.exists(), extra
            assert stat.S_IMODE(extra.stat().st_mode) == 0o600, extra
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    db.dispose()


def test_the_file_is_private_even_with_a_permissive_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        path = tmp_path / "umask.db"
        db = Database.open(path)
        from diklat.db.migrate import upgrade

        upgrade(db)
        with db.write() as s:
            s.execute(text("SELECT 1"))
        for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if p.exists():
                assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
        db.dispose()
    finally:
        os.umask(old)


def test_the_delay_never_shrinks_as_failures_grow() -> None:
    from datetime import timedelta

    from diklat.db.models import utcnow

    now = utcnow()
    waits = []
    for failures in range(0, 40):
        waits.append(auth._delay_left(failures, now, now))
    assert waits[: auth.FREE_ATTEMPTS] == [0] * auth.FREE_ATTEMPTS
    assert all(a <= b for a, b in zip(waits, waits[1:]))
    assert waits[auth.FREE_ATTEMPTS] >= 1 and waits[-1] == auth.MAX_DELAY_S
    # and it runs out: a minute after the longest wait, nothing is left
    assert auth._delay_left(39, now - timedelta(seconds=auth.MAX_DELAY_S + 1), now) == 0
