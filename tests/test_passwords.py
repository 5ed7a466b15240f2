"""Chosen passwords follow NIST SP 800-63B (domain/passwords.py): length 8..1,024, not
spaces only, not the person's own log-in, NIP or name, not on the shipped list of common
passwords; no composition rules. Every way a password is set applies them."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import pytest
from factories import PEOPLE, SYSTEM, World, password_for
from sqlalchemy import select

from diklat.db.models import Account
from diklat.domain import passwords
from diklat.domain.roles import Role
from diklat.services import auth
from diklat.services.errors import Invalid

P1_NIP = PEOPLE["P1"][0].replace(" ", "")
ROOT = Path(__file__).resolve().parents[1]


def _key(call, *args, **kwargs) -> str:
    with pytest.raises(Invalid) as info:
        call(*args, **kwargs)
    return info.value.key


def _hash(world: World, login: str) -> str:
    with world.db.read() as s:
        return s.scalar(select(Account.password_hash).where(Account.login == login))


WEAK = [
    (" " * 8, "auth.password_blank"),
    ("\t \u3000 \n  \t ", "auth.password_blank"),
    ("12345678", "auth.password_common"),
    ("password", "auth.password_common"),
    ("PassWord", "auth.password_common"),
    ("qwertyuiop", "auth.password_common"),
    ("bismillah", "auth.password_common"),
    ("x" * 1025, "auth.password_too_long"),
    ("x" * 100_000, "auth.password_too_long"),
    ("pendek", "auth.password_too_short"),
]


@pytest.mark.parametrize(("new", "key"), WEAK, ids=lambda v: repr(v)[:20])
def test_a_weak_password_is_refused_when_changed(world: World, new: str, key: str) -> None:
    before = _hash(world, P1_NIP)
    assert _key(auth.change_password, world.db, world.actor("P1"), password_for("P1"), new) == key
    assert _hash(world, P1_NIP) == before


def test_ones_own_nip_login_or_name_is_refused(world: World) -> None:
    actor = world.actor("P1")
    name = PEOPLE["P1"][1]
    longest = max(name.split(), key=len)
    for own in (P1_NIP, PEOPLE["P1"][0], f"nip{P1_NIP}!", f"{longest.upper()}-2026!"):
        assert _key(auth.change_password, world.db, actor, password_for("P1"), own) == (
            "auth.password_personal"
        ), own
    k1 = world.actor("K1")
    assert (
        _key(auth.change_password, world.db, k1, password_for("K1"), f"{k1.login}!!")
        == "auth.password_personal"
    )


def test_no_composition_rules_and_up_to_1024_characters(world: World) -> None:
    actor = world.actor("P1")
    auth.change_password(world.db, actor, password_for("P1"), "kuda baterai staples benar")
    auth.change_password(world.db, actor, "kuda baterai staples benar", "é" * 1024)
    assert auth.login(world.db, P1_NIP, "é" * 1024).person_id == actor.person_id


def test_the_administrator_and_new_accounts_follow_the_same_rules(world: World) -> None:
    assert _key(auth.set_password, world.db, SYSTEM, P1_NIP, "password") == "auth.password_common"
    assert _key(auth.set_password, world.db, SYSTEM, P1_NIP, P1_NIP) == "auth.password_personal"
    nip = "19850505 201001 2 001"
    for weak, key in (
        ("        ", "auth.password_blank"),
        ("iloveyou", "auth.password_common"),
        (nip.replace(" ", ""), "auth.password_personal"),
        ("Wulandari!", "auth.password_personal"),
    ):
        assert (
            _key(
                auth.add_user,
                world.db,
                SYSTEM,
                nip,
                name="Dewi Wulandari",
                role=Role.PARTICIPANT,
                password=weak,
            )
            == key
        )
    assert _key(
        auth.add_user,
        world.db,
        SYSTEM,
        "staf.baru",
        name="Staf",
        role=Role.COACH,
        password="staf.baru1",
    ) == ("auth.password_personal")


def test_the_common_list_ships_with_the_package() -> None:
    listed = passwords.common_passwords()
    assert len(listed) > 8000
    assert all(len(p) >= passwords.MIN_LENGTH and p == p.lower() for p in listed)
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["diklat"]
    assert any(fnmatch.fnmatch("domain/data/common-passwords.txt", glob) for glob in declared)
