"""Pilot-driven journeys through the first screens, on a real SQLite file."""

from __future__ import annotations

from datetime import date

import pytest

from diklat.db.engine import Database
from diklat.db.migrate import upgrade
from diklat.domain.roles import Role
from diklat.i18n import set_language, t
from diklat.services import auth
from diklat.services.actor import Actor
from diklat.services.cohorts import create_cohort
from diklat.services.errors import Invalid

SIZE = (120, 40)


@pytest.fixture()
def tui_db(tmp_path):
    db = Database.open(tmp_path / "tui.db")
    upgrade(db)
    system = Actor.system()
    auth.add_user(db, system, "admin", name="Admin Sistem", role=Role.ADMIN, password="rahasia123")
    create_cohort(
        db,
        system,
        code="PKP-I",
        name="PKP Angkatan I Tahun 2026",
        start=date(2026, 9, 1),
        end=date(2026, 12, 1),
    )
    yield db
    db.dispose()
    set_language("id")


async def _settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def _log_in(app, pilot, user: str, password: str) -> None:
    await pilot.click("#login-user")
    await pilot.press(*user)
    await pilot.press("enter")
    await pilot.press(*password)
    await pilot.press("enter")
    await _settle(app, pilot)


def _text(app) -> str:
    """Every Static's and table cell's text on the current screen."""
    from textual.widgets import DataTable, Static

    parts = [str(w.render()) for w in app.screen.query(Static)]
    for table in app.screen.query(DataTable):
        for row in range(table.row_count):
            parts.extend(str(c) for c in table.get_row_at(row))
    return "\n".join(parts)


async def test_login_success_opens_home_with_real_cohorts(tui_db):
    from diklat.tui.app import DiklatApp
    from diklat.tui.screens.home import HomeScreen

    app = DiklatApp(tui_db)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        await _log_in(app, pilot, "admin", "rahasia123")
        assert isinstance(app.screen, HomeScreen)
        await _settle(app, pilot)
        text = _text(app)
        assert "Admin Sistem" in text
        assert "PKP-I" in text
        assert t("home.admin_users", count=1) in text


async def test_wrong_password_stays_on_login_with_message(tui_db):
    from diklat.tui.app import DiklatApp
    from diklat.tui.screens.login import LoginScreen

    app = DiklatApp(tui_db)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        await _log_in(app, pilot, "admin", "salah-sandi")
        assert isinstance(app.screen, LoginScreen)
        assert t("auth.bad_credentials") in _text(app)


async def test_one_time_password_forces_a_change_then_home(tui_db):
    from diklat.tui.app import DiklatApp
    from diklat.tui.screens.home import HomeScreen
    from diklat.tui.screens.password import PasswordScreen

    info, otp = auth.add_user(
        tui_db,
        Actor.system(),
        "19701218 199603 2 001",
        name="Budi Santoso, S.E.",
        role=Role.PARTICIPANT,
    )
    app = DiklatApp(tui_db)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        await _log_in(app, pilot, "19701218 199603 2 001", otp)
        assert isinstance(app.screen, PasswordScreen)
        await pilot.press(*otp, "enter")
        await pilot.press(*"sandibaru-2026", "enter")
        await pilot.press(*"sandibaru-2026", "enter")
        await _settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert t("home.nothing") in _text(app)
    # the one-time password no longer works; the new one does
    with pytest.raises(Invalid):
        auth.login(tui_db, info.login, otp)
    assert auth.login(tui_db, info.login, "sandibaru-2026").must_change_password is False


async def test_demo_mode_lists_demo_accounts_and_fills_the_form(tui_db):
    from textual.widgets import DataTable, Input

    from diklat.tui.app import DiklatApp

    app = DiklatApp(tui_db, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        table = app.screen.query_one("#demo-accounts", DataTable)
        logins = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert logins == ["peserta", "coach", "mentor", "penguji", "penyelenggara", "admin"]
        table.focus()
        await pilot.press("down", "enter")
        assert app.screen.query_one("#login-user", Input).value == "coach"
        assert app.screen.query_one("#login-password", Input).value == "demo"


async def test_f1_help_and_english(tui_db):
    set_language("en")
    from diklat.tui.app import DiklatApp
    from diklat.tui.widgets.help import HelpScreen

    app = DiklatApp(tui_db)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        assert "Log in to diklat" in _text(app)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_fresh_database_says_how_to_create_the_first_admin(tmp_path):
    from diklat.tui.app import DiklatApp

    db = Database.open(tmp_path / "fresh.db")
    upgrade(db)
    app = DiklatApp(db)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        assert "diklat user add admin" in _text(app)


async def test_keys_typed_in_a_burst_land_in_the_right_fields(tui_db):
    """A paste or a fast typist: Enter must move the focus before the next key arrives."""
    from textual import events

    from diklat.tui.app import DiklatApp
    from diklat.tui.screens.home import HomeScreen

    app = DiklatApp(tui_db)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        # Posted all at once, as a terminal driver does with one read of many bytes.
        for ch in "admin\rrahasia123\r":
            key = "enter" if ch == "\r" else ch
            app.post_message(events.Key(key, None if ch == "\r" else ch))
        await _settle(app, pilot)
        await _settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_user_tab_password_enter_in_one_burst_logs_in(tui_db):
    """What a password manager types: Tab moves the focus before the password's keys
    are handed out (Textual's own Tab came after them, and they went into the user field)."""
    from textual import events

    from diklat.tui.app import DiklatApp
    from diklat.tui.screens.home import HomeScreen

    app = DiklatApp(tui_db)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        for ch in "admin\trahasia123\r":
            key = {"\r": "enter", "\t": "tab"}.get(ch, ch)
            app.post_message(events.Key(key, None if key in ("enter", "tab") else ch))
        await _settle(app, pilot)
        await _settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
