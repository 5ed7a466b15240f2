"""Log-in, the growing delay after failures, one-time passwords, hashing, file mode."""

from __future__ import annotations

import stat
from datetime import timedelta

import pytest
from factories import PEOPLE, SYSTEM, World, password_for
from sqlalchemy import select, update

from diklat.db.engine import Database
from diklat.db.migrate import upgrade
from diklat.db.models import Account, AuditEntry, utcnow
from diklat.domain.errors import DomainError
from diklat.domain.roles import Role
from diklat.services import auth
from diklat.services.errors import Invalid

P1_NIP_GROUPED = PEOPLE["P1"][0]
P1_NIP = P1_NIP_GROUPED.replace(" ", "")


def _refused(call, *args, **kwargs) -> Invalid:
    with pytest.raises(Invalid) as info:
        call(*args, **kwargs)
    return info.value


def _account(db: Database, login: str) -> dict:
    with db.read() as s:
        a = s.scalar(select(Account).where(Account.login == login))
        return {c.key: getattr(a, c.key) for c in Account.__table__.columns}


def _set(db: Database, login: str, **values) -> None:
    with db.write() as s:
        s.execute(update(Account).where(Account.login == login).values(**values))


@pytest.mark.parametrize(
    "typed", [P1_NIP, P1_NIP_GROUPED, f"  {P1_NIP_GROUPED}  "], ids=["digits", "grouped", "padded"]
)
def test_log_in_with_the_nip_grouped_or_not(world: World, typed: str) -> None:
    actor = auth.login(world.db, typed, password_for("P1"))
    assert (actor.person_id, actor.login, actor.role) == (world.pid("P1"), P1_NIP, Role.PARTICIPANT)
    assert actor.must_change_password is False
    account = _account(world.db, P1_NIP)
    assert account["failed_logins"] == 0
    assert account["last_login_at"] is not None


def test_log_in_with_a_user_name_ignores_case(world: World) -> None:
    assert auth.login(world.db, "Koordinator.A", password_for("K1")).role is Role.COORDINATOR


def test_a_wrong_password_is_refused_and_counted(world: World) -> None:
    error = _refused(auth.login, world.db, P1_NIP, "salah-sekali")
    assert error.key == "auth.bad_credentials"
    account = _account(world.db, P1_NIP)
    assert account["failed_logins"] == 1
    assert account["last_failed_at"] is not None
    with world.db.read() as s:
        (entry,) = s.execute(
            select(AuditEntry.actor_id).where(AuditEntry.action == "login_failed")
        ).all()
    assert entry.actor_id == world.pid("P1")


def test_an_unknown_name_gets_the_same_answer_as_a_wrong_password(world: World) -> None:
    assert _refused(auth.login, world.db, "tidak.ada", "apa-saja-123").key == "auth.bad_credentials"
    assert (
        _refused(auth.login, world.db, "19990101 202001 1 001", "apa-saja-123").key
        == "auth.bad_credentials"
    )


def test_an_inactive_account_cannot_log_in(world: World) -> None:
    _set(world.db, P1_NIP, active=False)
    assert _refused(auth.login, world.db, P1_NIP, password_for("P1")).key == "auth.bad_credentials"


def test_five_failures_are_free_then_the_delay_grows(world: World) -> None:
    for attempt in range(1, 6):
        assert (
            _refused(auth.login, world.db, P1_NIP, f"salah-{attempt}").key == "auth.bad_credentials"
        )
    assert _account(world.db, P1_NIP)["failed_logins"] == 5

    # Instead of sleeping, put the last failure "just now" and read the wait asked for.
    waits = []
    for failures in (5, 6, 8, 10, 30):
        _set(world.db, P1_NIP, failed_logins=failures, last_failed_at=utcnow())
        error = _refused(
            auth.login, world.db, P1_NIP, password_for("P1")
        )  # even the right password waits
        assert error.key == "auth.wait"
        waits.append(error.params["seconds"])
        # A refusal during the wait does not count as another failure.
        assert _account(world.db, P1_NIP)["failed_logins"] == failures
    expected = [1, 2, 8, 32, auth.MAX_DELAY_S]
    for got, want in zip(waits, expected):
        assert want - 1 <= got <= want, (waits, expected)
    assert waits == sorted(waits) and len(set(waits)) == len(waits)


def test_after_the_delay_has_passed_the_right_password_logs_in_and_resets(world: World) -> None:
    _set(world.db, P1_NIP, failed_logins=8, last_failed_at=utcnow() - timedelta(seconds=2**3 + 1))
    actor = auth.login(world.db, P1_NIP, password_for("P1"))
    assert actor.person_id == world.pid("P1")
    assert _account(world.db, P1_NIP)["failed_logins"] == 0


def test_after_the_delay_a_wrong_password_makes_the_next_wait_longer(world: World) -> None:
    _set(world.db, P1_NIP, failed_logins=6, last_failed_at=utcnow() - timedelta(minutes=10))
    assert _refused(auth.login, world.db, P1_NIP, "masih-salah").key == "auth.bad_credentials"
    assert _account(world.db, P1_NIP)["failed_logins"] == 7
    # The wait counts from that failure; on a busy machine a second or two may pass
    # before the next try: count from now, so the figure does not depend on the clock.
    _set(world.db, P1_NIP, last_failed_at=utcnow())
    error = _refused(auth.login, world.db, P1_NIP, password_for("P1"))
    assert error.key == "auth.wait"
    assert 3 <= error.params["seconds"] <= 4


def test_one_time_password_must_be_changed_and_then_stops_working(world: World) -> None:
    info, otp = auth.add_user(
        world.db,
        world.actor("ADMIN"),
        "19850505 201001 2 001",
        name="Peserta Baru",
        role=Role.PARTICIPANT,
    )
    assert otp and len(otp) >= 10
    assert info.login == "198505052010012001"
    assert info.must_change_password is True

    actor = auth.login(world.db, "19850505 201001 2 001", otp)
    assert actor.must_change_password is True

    changed = auth.change_password(world.db, actor, otp, "sandi-pilihan-sendiri")
    assert changed.must_change_password is False
    account = _account(world.db, info.login)
    assert account["must_change_password"] is False
    assert account.get("one_time_password") is None  # a slip's copy is not kept once changed

    assert _refused(auth.login, world.db, info.login, otp).key == "auth.bad_credentials"
    assert auth.login(world.db, info.login, "sandi-pilihan-sendiri").must_change_password is False


def test_an_explicit_password_needs_no_change(world: World) -> None:
    info, otp = auth.add_user(
        world.db, SYSTEM, "staf.uji", name="Staf Uji", role=Role.COACH, password="sandi-staf-uji"
    )
    assert otp is None
    assert info.must_change_password is False


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("keliru-lama", "sandi-baru-panjang", "auth.bad_old_password"),
        (password_for("P1"), "pendek", "auth.password_too_short"),
        (password_for("P1"), password_for("P1"), "auth.password_same"),
    ],
    ids=["wrong-old", "too-short", "same"],
)
def test_change_password_refusals(world: World, old: str, new: str, key: str) -> None:
    before = _account(world.db, P1_NIP)["password_hash"]
    assert _refused(auth.change_password, world.db, world.actor("P1"), old, new).key == key
    assert _account(world.db, P1_NIP)["password_hash"] == before


def test_passwords_are_stored_as_argon2id(world: World) -> None:
    with world.db.read() as s:
        hashes = list(s.scalars(select(Account.password_hash)))
    assert len(hashes) == len(PEOPLE)
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert len(set(hashes)) == len(hashes)  # salted: never the same hash twice
    assert auth.hash_password("sandi-rahasia").startswith("$argon2id$")


def test_add_user_refuses_a_bad_nip_and_writes_nothing(world: World) -> None:
    with pytest.raises(DomainError) as info:
        auth.add_user(
            world.db, SYSTEM, "19800231 200501 1 001", name="Tanggal Salah", role=Role.PARTICIPANT
        )
    assert info.value.key == "nip.birth_date"
    with world.db.read() as s:
        assert s.scalar(select(Account.id).where(Account.login == "198002312005011001")) is None


def test_add_user_refuses_a_duplicate(world: World) -> None:
    error = _refused(
        auth.add_user, world.db, SYSTEM, P1_NIP_GROUPED, name="Lagi", role=Role.PARTICIPANT
    )
    assert error.key == "user.exists"


def test_the_database_file_is_private_to_its_owner(tmp_path) -> None:
    path = tmp_path / "baru" / "diklat.db"
    db = Database.open(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    upgrade(db)
    auth.add_user(db, SYSTEM, "admin", name="Admin", role=Role.ADMIN, password="sandi-admin-123")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # SQLite gives its journal files the database file's permissions.
    for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if extra.exists():
            assert stat.S_IMODE(extra.stat().st_mode) == 0o600, extra
    db.dispose()


def test_an_existing_file_keeps_its_mode(tmp_path) -> None:
    path = tmp_path / "ada.db"
    path.touch(mode=0o640)
    path.chmod(0o640)
    Database.open(path).dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_add_user_for_a_person_who_already_logs_in_under_another_name(world: World) -> None:
    """A seed may give a person both a NIP and a log-in name; adding their NIP again
    is "exists" (naming the log-in they have), not a database error."""
    from diklat.io.seed_format import SeedFile
    from diklat.services.seeding import apply_seed

    seed = SeedFile.model_validate(
        {
            "people": [
                {
                    "nip": "19850505 201001 2 001",
                    "login": "sari",
                    "name": "Sari",
                    "account": {"role": "participant", "password": "sandi-sari-2026"},
                },
                {"nip": "19860606 201101 1 001", "name": "Tanpa Akun"},
            ]
        }
    )
    apply_seed(world.db, SYSTEM, [("orang.json", seed)])
    error = _refused(
        auth.add_user, world.db, SYSTEM, "19850505 201001 2 001", name="Sari", role=Role.PARTICIPANT
    )
    assert (error.key, error.params["login"]) == ("user.exists", "sari")
    # Someone known from a seed but without an account gets one, on the same person.
    info, _ = auth.add_user(
        world.db, SYSTEM, "19860606 201101 1 001", name="Tanpa Akun", role=Role.PARTICIPANT
    )
    with world.db.read() as s:
        from diklat.db.models import Person

        people = s.scalars(select(Person.id).where(Person.nip == "198606062011011001")).all()
    assert people == [info.person_id]


@pytest.mark.sqlite_only
@pytest.mark.parametrize("who", ["P1", "nobody"])
def test_the_password_is_hashed_while_others_may_write(world: World, who, monkeypatch) -> None:
    """A cohort logs in at once (40 tabs at 08:00): hashing inside the write lock queued
    them until some were refused as busy (bench/load.py). While a password is being
    checked, another connection can take the write lock at once."""
    import sqlite3

    free = []
    real = auth._verify

    def verify(hashed: str, password: str) -> bool:
        other = sqlite3.connect(world.path, timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.rollback()
            free.append(True)
        except sqlite3.OperationalError:  # database is locked
            free.append(False)
        finally:
            other.close()
        return real(hashed, password)

    monkeypatch.setattr(auth, "_verify", verify)
    login = PEOPLE[who][0] if who in PEOPLE else who
    if who in PEOPLE:
        assert auth.login(world.db, login, password_for(who)).login
    else:
        with pytest.raises(Invalid):
            auth.login(world.db, login, "tebakan-salah")
    assert free and all(free)


def test_a_password_changed_while_it_was_checked_is_checked_again(
    world: World, monkeypatch
) -> None:
    """The result is recorded against the account as it is then: the old password, right
    when the check began, no longer logs in once the new one is stored."""
    real = auth._verify
    calls = []

    def verify(hashed: str, password: str) -> bool:
        if not calls:
            with world.db.write() as s:
                account = s.scalar(select(Account).where(Account.person_id == world.pid("P1")))
                account.password_hash = auth.hash_password("sandi-baru-yang-panjang-2026")
        calls.append(hashed)
        return real(hashed, password)

    monkeypatch.setattr(auth, "_verify", verify)
    with pytest.raises(Invalid):
        auth.login(world.db, PEOPLE["P1"][0], password_for("P1"))
    assert len(calls) >= 2
