"""One error policy for every screen (tui/screens/base.py): a database that fails under
a screen gives a one-line message in its status line, what was typed stays, and the
app carries on. Before, a database error on the review or marking screen failed the
worker and ended the app."""

from __future__ import annotations

import sqlite3

from review_support import rw, rworld_template, submit  # noqa: F401
from test_coordinator_tui import NEW, db, open_cohort, sample_db, text_of  # noqa: F401
from test_coordinator_tui import settle as coord_settle
from test_tui_review import (
    SIZE,
    choose_direct,
    enter_as,
    open_marking,
    pick_component,
    settle,
    start,
    type_into,
)
from textual.widgets import DataTable, Input, Static, TextArea

from diklat.domain.workflow import Stage
from diklat.i18n import t

FAILED = t("screen.failed", kind="OperationalError")


def break_writes(path) -> None:
    """Every service writes its audit row in the same transaction as the change: without
    the audit table, every write fails in the database (a real error, no stub)."""
    with sqlite3.connect(path) as con:
        con.execute("ALTER TABLE audit_log RENAME TO audit_log_gone")


async def test_a_database_error_while_marking_is_said_and_the_score_kept(rw):
    from diklat.tui.screens.review.marking import MarkingScreen

    app = await start(rw)
    async with app.run_test(size=SIZE) as pilot:
        await open_marking(app, pilot, rw, "M1")
        await pick_component(app, pilot, "laporan")
        await choose_direct(app, pilot)
        await type_into(pilot, app, "#mark-direct", "80")
        break_writes(rw.path)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, MarkingScreen)
        assert FAILED in str(app.screen.query_one("#mark-status", Static).render())
        assert app.screen.query_one("#mark-direct", Input).value == "80"
    assert app.return_code in (None, 0)


async def test_a_database_error_on_a_decision_is_said_and_the_comment_kept(rw):
    from diklat.tui.screens.review.review import ReviewScreen

    submit(rw, "P1", Stage.SELF_ASSESSMENT)
    app = await start(rw)
    async with app.run_test(size=SIZE) as pilot:
        await enter_as(app, pilot, rw, "C1")
        app.screen.query_one("#waiting", DataTable).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        await type_into(pilot, app, "#review-comment", "Perlu data dukung.")
        app.screen.query_one("#review-decision").focus()
        await pilot.press("down", "enter")
        break_writes(rw.path)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert FAILED in str(app.screen.query_one("#review-status", Static).render())
        assert app.screen.query_one("#review-comment", TextArea).text == "Perlu data dukung."
    assert app.return_code in (None, 0)


async def test_ctrl_q_within_the_pause_keeps_the_review_comment(rw):
    """Ctrl+Q right after typing: the review draft is kept before the app ends (the
    same DiklatApp.flush_pending that the terminal's and a server's ways out call)."""
    from diklat.services import review as review_service
    from diklat.tui.screens.review.review import ReviewScreen

    eid = rw.enrolments["P1"]
    submit(rw, "P1", Stage.SELF_ASSESSMENT)
    app = await start(rw)
    async with app.run_test(size=SIZE) as pilot:
        await enter_as(app, pilot, rw, "C1")
        await app.push_screen(ReviewScreen(eid, Stage.SELF_ASSESSMENT))
        await settle(app, pilot)
        await type_into(pilot, app, "#review-overall", "Cek lagi angka.")
        await pilot.press("ctrl+q")  # within the pause before the draft is kept
        await pilot.pause()
    draft = review_service.open_review(rw.db, rw.actor("C1"), eid, Stage.SELF_ASSESSMENT).draft
    assert draft is not None and draft.comments == [("", "Cek lagi angka.")]


async def test_a_database_error_on_the_cohort_screen_is_said_and_the_app_stays(db, tmp_path):
    from textual.widgets import Button

    from diklat.tui.app import DiklatApp

    app = DiklatApp(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_cohort(app, pilot, db, NEW)
        await pilot.press("5")  # the results tab
        await coord_settle(app, pilot)
        break_writes(tmp_path / "tui.db")
        app.screen.query_one("#res-release", Button).press()
        await coord_settle(app, pilot)
        await pilot.press("y")
        await coord_settle(app, pilot)
        assert type(app.screen).__name__ == "CohortScreen"
        assert FAILED in text_of(app)
    assert app.return_code in (None, 0)


def break_reads(path) -> None:
    with sqlite3.connect(path) as con:
        con.execute("ALTER TABLE enrolments RENAME TO enrolments_gone")


async def test_a_database_error_on_the_home_is_said_and_the_app_stays(rw):
    """The home read in its own worker with no error policy: a failing read ended the app."""
    from diklat.tui.widgets.statusline import StatusLine

    app = await start(rw)
    async with app.run_test(size=SIZE) as pilot:
        await enter_as(app, pilot, rw, "P1")
        break_reads(rw.path)
        await pilot.press("r")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        line = app.screen.query_one("#home-status", StatusLine)
        assert FAILED in str(line.render()) and line.has_class("error")
    assert app.return_code in (None, 0)


async def test_login_password_and_history_speak_through_the_one_status_line(rw):
    from diklat.tui.screens.participant.history import HistoryScreen
    from diklat.tui.widgets.statusline import StatusLine

    submit(rw, "P1", Stage.SELF_ASSESSMENT)
    app = await start(rw)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.click("#login-user")
        await pilot.press(*"peserta.satu", "enter", *"salah-sekali", "enter")
        await settle(app, pilot)
        line = app.screen.query_one("#login-message", StatusLine)
        assert line.has_class("error") and str(line.render())
        await enter_as(app, pilot, rw, "P1")
        await pilot.press("p")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "PasswordScreen"
        for field, text in (("#pw-old", "a"), ("#pw-new", "bbbbbbbbbbbb"), ("#pw-again", "c")):
            app.screen.query_one(field, Input).value = text
        app.screen.query_one("#pw-submit").press()
        await settle(app, pilot)
        line = app.screen.query_one("#pw-message", StatusLine)
        assert str(line.render()) == t("password.differ") and line.has_class("error")
        app.screen.query_one("#pw-again", Input).value = "bbbbbbbbbbbb"
        app.screen.query_one("#pw-submit").press()
        await settle(app, pilot)
        assert line.has_class("error") and str(line.render()) != t("password.differ")
        await pilot.press("escape")
        await settle(app, pilot)
        eid = rw.enrolments["P1"]
        await app.push_screen(HistoryScreen(rw.actor("P1"), eid, Stage.SELF_ASSESSMENT))
        await settle(app, pilot)
        line = app.screen.query_one("#history-status", StatusLine)
        assert str(line.render()) == t("history.hint", count=1)
