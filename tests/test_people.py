"""People one at a time (issue 14 part 3): one participant enrolled from a form with
the participants file's rules, a new one-time password on a log-in slip, the accounts
listed and searched. Services, ``diklat user reset``, and the app (Pilot)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cli_runner import run_cli
from factories import PEOPLE, World, count, password_for, snapshot
from sqlalchemy import select

from diklat.db.models import Account, AuditEntry, Enrolment
from diklat.domain.imports import ImportInvalid
from diklat.services import auth
from diklat.services.errors import Forbidden, Invalid
from diklat.services.people import add_participant, reset_password

A = "ANGK-A"
NEW = {
    "nip": "19850505 201001 1 001",
    "nama": "Peserta Baru",
    "pangkat_golongan": "Penata (III/c)",
    "jabatan": "Kepala Seksi",
    "instansi": "Dinas Z",
}
P1_LOGIN = PEOPLE["P1"][0].replace(" ", "")


def test_one_participant_is_enrolled_with_an_account(world: World) -> None:
    added = add_participant(world.db, world.actor("K1"), A, NEW)
    assert (added.name, added.login, added.ndh, added.new_account) == (
        "Peserta Baru",
        "198505052010011001",
        3,  # the next free number after P1 and P2
        True,
    )
    actor = auth.login(world.db, added.login, added.password)
    assert actor.must_change_password


def test_a_refused_form_names_each_field_and_writes_nothing(world: World) -> None:
    before = snapshot(world.db)
    bad = dict(NEW, nip="19851305 201001 1 001", nama=" ", email="bukan-surel", ndh="2")
    with pytest.raises(ImportInvalid) as caught:
        add_participant(world.db, world.actor("K1"), A, bad)
    problems = caught.value.problems
    assert {p.column for p in problems} >= {"NIP", "Nama (dengan gelar)", "Surel"}
    assert all(p.row is None for p in problems)  # a form has no rows to name
    assert snapshot(world.db) == before
    # an NDH another participant keeps: the database's check, named by field too
    with pytest.raises(ImportInvalid) as caught:
        add_participant(world.db, world.actor("K1"), A, dict(NEW, ndh="2"))
    assert "Peserta Dua" in caught.value.message()
    assert snapshot(world.db) == before


def test_a_reset_gives_a_new_one_time_password_on_a_slip(world: World, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from diklat.io.slips import write_slips

    target = tmp_path / "slip.pdf"
    otp, size = reset_password(
        world.db, world.actor("K1"), P1_LOGIN, lambda data: write_slips(data, target)
    )
    assert size == target.stat().st_size
    text = PdfReader(target).pages[0].extract_text()
    assert "Peserta Satu" in text and otp in text and "1" in text
    with pytest.raises(Invalid):
        auth.login(world.db, P1_LOGIN, password_for("P1"))  # the old password is gone
    assert auth.login(world.db, P1_LOGIN, otp).must_change_password
    with world.db.read() as s:
        entry = s.scalar(select(AuditEntry.new).where(AuditEntry.action == "password_reset"))
    assert entry["login"] == P1_LOGIN and otp not in json.dumps(entry)


def test_a_failed_slip_leaves_the_old_password(world: World) -> None:
    before = snapshot(world.db)

    def full_disk(data):
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        reset_password(world.db, world.actor("K1"), P1_LOGIN, full_disk)
    assert snapshot(world.db) == before


@pytest.mark.parametrize("who", ["P3", "K2", "ADMIN", "C2"])
def test_a_coordinator_resets_only_their_cohorts_people(world: World, who: str) -> None:
    before = snapshot(world.db)
    with pytest.raises(Forbidden):
        reset_password(world.db, world.actor("K1"), PEOPLE[who][0], lambda d: None)
    assert snapshot(world.db) == before


def test_a_coordinator_resets_their_cohorts_staff_and_an_admin_anyone(world: World) -> None:
    otp, _ = reset_password(world.db, world.actor("K1"), PEOPLE["C1"][0], lambda d: d)
    assert auth.login(world.db, PEOPLE["C1"][0], otp).must_change_password
    otp, slips = reset_password(world.db, world.actor("ADMIN"), "koordinator.b", lambda d: d)
    assert slips.slips[0].ndh is None and slips.slips[0].roles == ("coordinator",)
    with pytest.raises(Forbidden):
        reset_password(world.db, world.actor("ADMIN"), "admin", lambda d: d)  # their own


def test_cli_user_reset_writes_the_slip(world: World, tmp_path: Path) -> None:
    target = tmp_path / "slip.pdf"
    ran = run_cli(
        "user", "reset", PEOPLE["P2"][0], "-o", target, env={"DIKLAT_DB": str(world.path)}
    )
    assert ran.code == 0, ran.both
    assert target.read_bytes().startswith(b"%PDF")
    otp = re.search(r"sekali pakai: (\S+)", ran.out).group(1)
    assert auth.login(world.db, PEOPLE["P2"][0], otp).must_change_password


# --- the app --------------------------------------------------------------------------------


async def settle(app, pilot) -> None:
    for _ in range(4):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


async def as_k1(app, pilot, world: World) -> None:
    await settle(app, pilot)
    app.logged_in(world.actor("K1"))
    await settle(app, pilot)


async def test_the_people_tab_enrols_one_participant(world: World) -> None:
    from textual.widgets import DataTable, Input, Static

    from diklat.tui.app import DiklatApp

    before = count(world.db, "enrolments")
    app = DiklatApp(world.db)
    async with app.run_test(size=(80, 24)) as pilot:
        await as_k1(app, pilot, world)
        app.screen.query_one("#cohorts", DataTable).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("2")
        await settle(app, pilot)
        app.screen.query_one("#people-table", DataTable).focus()
        await pilot.press("plus")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "AddParticipantScreen"
        for key, value in dict(NEW, nip="12345").items():
            app.screen.query_one(f"#ap-{key}", Input).value = value
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        problems = str(app.screen.query_one("#ap-problems", Static).render())
        assert "NIP" in problems or "nip" in problems, problems
        assert count(world.db, "enrolments") == before
        app.screen.query_one("#ap-nip", Input).value = NEW["nip"]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "CohortScreen"
        said = str(app.screen.query_one("#coord-status").render())
        assert "Peserta Baru" in said and "198505052010011001" in said, said
        assert app.screen.query_one("#people-table", DataTable).row_count == 3
    with world.db.read() as s:
        assert s.scalar(select(Enrolment.ndh).order_by(Enrolment.id.desc()).limit(1)) == 3


async def test_the_accounts_screen_searches_and_resets_onto_a_slip(
    world: World, tmp_path: Path
) -> None:
    from textual.widgets import DataTable, Input

    from diklat.tui.app import DiklatApp

    app = DiklatApp(world.db)
    async with app.run_test(size=(80, 24)) as pilot:
        await as_k1(app, pilot, world)
        await pilot.press("u")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "AccountsScreen"
        table = app.screen.query_one("#acc-table", DataTable)
        assert table.row_count == 7  # cohort A's people: K1 runs no other cohort
        await pilot.press(*"koordinator")
        await settle(app, pilot)
        assert table.row_count == 1  # K1 alone: Koordinator B runs cohort B
        await pilot.press("enter")  # from the search to the list
        await settle(app, pilot)
        # their own account: changed with P on the home, not reset; nothing changes
        before = snapshot(world.db)
        await pilot.press("ctrl+r", "y")
        await settle(app, pilot)
        assert "beranda" in str(app.screen.query_one("#acc-status").render())
        assert snapshot(world.db) == before
        search = app.screen.query_one("#acc-search", Input)
        search.value = "dua"
        await settle(app, pilot)
        assert table.row_count == 1  # Peserta Dua (Coach Dua is cohort B's)
        table.focus()
        path = tmp_path / "slip-p2.pdf"
        app.screen.query_one("#acc-path", Input).value = str(path)
        await pilot.press("enter")  # Enter on a row resets too (after asking)
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        said = str(app.screen.query_one("#acc-status").render())
    assert path.read_bytes().startswith(b"%PDF")
    login = PEOPLE["P2"][0].replace(" ", "")
    with world.db.read() as s:
        otp = s.scalar(select(Account.one_time_password).where(Account.login == login))
    assert otp and otp in said and "diatur ulang" in said, said
