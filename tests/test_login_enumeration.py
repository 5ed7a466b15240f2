"""A name without an account cannot be told from a real one by its answers: the same
messages, the same growing wait after five failures, the same Argon2 work."""

from __future__ import annotations

from datetime import timedelta

import pytest
from factories import PEOPLE, World, password_for
from sqlalchemy import select, update

from diklat.db.models import Account, AuditEntry, utcnow
from diklat.services import auth
from diklat.services.errors import Invalid

P1_NIP = PEOPLE["P1"][0].replace(" ", "")
UNKNOWN = "19990101 202001 1 001"


def _answer(world: World, login: str, password: str) -> tuple[str, object]:
    with pytest.raises(Invalid) as info:
        auth.login(world.db, login, password)
    return info.value.key, info.value.params.get("seconds")


def _answers(world: World, login: str, count: int) -> list[tuple[str, object]]:
    return [_answer(world, login, f"tebakan-{i}") for i in range(count)]


def _failed_just_now(world: World) -> None:
    """Instead of racing the one-second first wait against Argon2, put every failure so far
    at this moment."""
    now = utcnow()
    with world.db.write() as s:
        s.execute(update(Account).values(last_failed_at=now).where(Account.failed_logins > 0))
        s.execute(update(AuditEntry).where(AuditEntry.action == "login_failed").values(at=now))


def test_after_five_failures_an_unknown_name_waits_like_a_real_account(world: World) -> None:
    real = _answers(world, P1_NIP, 5)
    unknown = _answers(world, UNKNOWN, 5)
    assert real == unknown == [("auth.bad_credentials", None)] * 5
    _failed_just_now(world)
    assert _answer(world, P1_NIP, "x") == _answer(world, UNKNOWN, "x") == ("auth.wait", 1)


def test_the_wait_of_an_unknown_name_grows_and_passes_as_a_real_ones(world: World) -> None:
    _answers(world, "tidak.ada", 5)
    with world.db.write() as s:
        s.execute(
            update(AuditEntry)
            .where(AuditEntry.action == "login_failed")
            .values(at=utcnow() - timedelta(seconds=2))
        )
    # The wait after five has passed: a sixth failure, then a wait of two seconds.
    assert _answer(world, "Tidak.Ada", "lagi-salah") == ("auth.bad_credentials", None)
    key, seconds = _answer(world, "tidak.ada", "lagi-salah")
    assert key == "auth.wait" and 1 <= seconds <= 2
    # Other unknown names are not slowed down by it.
    assert _answer(world, "orang.lain", "apa-saja")[0] == "auth.bad_credentials"


def test_an_inactive_account_answers_as_an_unknown_name(world: World) -> None:
    with world.db.write() as s:
        s.execute(update(Account).where(Account.login == P1_NIP).values(active=False))
    answers = [_answer(world, P1_NIP, password_for("P1")) for _ in range(5)]
    assert answers == [("auth.bad_credentials", None)] * 5
    _failed_just_now(world)
    assert _answer(world, P1_NIP, password_for("P1")) == ("auth.wait", 1)


def test_the_names_tried_are_not_kept(world: World) -> None:
    typed = "sandi-rahasia-saya"  # someone's password typed into the name field
    _answer(world, typed, "x")
    with world.db.read() as s:
        rows = s.execute(select(AuditEntry).where(AuditEntry.action == "login_failed")).scalars()
        stored = [(r.entity, r.entity_id, r.old, r.new) for r in rows]
    assert len(stored) == 1
    assert typed not in repr(stored)


def test_an_unknown_name_costs_the_hashing_of_a_wrong_password(world: World, monkeypatch) -> None:
    costs: list[str] = []
    verify = auth._verify

    def counted(hashed, password):
        costs.append(hashed.split("$")[3])  # the Argon2 parameters: m=...,t=...,p=...
        return verify(hashed, password)

    monkeypatch.setattr(auth, "_verify", counted)
    _answer(world, P1_NIP, "salah-sekali")
    real = list(costs)
    costs.clear()
    _answer(world, UNKNOWN, "salah-sekali")
    assert costs == real and len(real) == 1
