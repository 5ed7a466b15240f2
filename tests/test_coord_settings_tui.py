"""Pilot journeys of a coordinator setting up a cohort in the app, with no command
line: the new-cohort form (home, key C) and the Pengaturan tab of the cohort screen.
Each step waits for the app's workers; the database is read back after each save."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from factories import copy_demo
from sqlalchemy import select
from textual.widgets import Input, Static

from diklat.db.engine import Database
from diklat.db.models import Cohort, CohortStaff
from diklat.services.actor import Actor
from diklat.services.cohort_admin import acting_as
from diklat.tui.widgets.statusline import StatusLine

RUNNING = "PKP-II-2026"


@pytest.fixture
def db(demo_template, tmp_path: Path):
    database = Database.open(copy_demo(demo_template, tmp_path / "settings.db"))
    yield database
    database.dispose()


async def settle(app, pilot) -> None:
    for _ in range(4):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def status_of(app) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(StatusLine))


def screen_text(app) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


async def log_in(app, pilot, db, code: str = RUNNING):
    await settle(app, pilot)
    actor = acting_as(db, Actor.system(), "penyelenggara", code)
    app.logged_in(actor)
    await settle(app, pilot)
    return actor


async def type_into(pilot, app, selector: str, text: str) -> None:
    field = app.screen.query_one(selector, Input)
    field.value = ""
    field.focus()
    await pilot.press(*text) if text else None


def cohort_row(db, code: str):
    with db.read() as s:
        row = s.scalar(select(Cohort).where(Cohort.code == code))
        if row is None:
            return None
        staff = set(
            s.execute(
                select(CohortStaff.person_id, CohortStaff.role).where(
                    CohortStaff.cohort_id == row.id
                )
            ).all()
        )
        return row.name, row.start_date, row.end_date, row.project_term, staff


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_a_coordinator_creates_a_cohort_from_the_home(db, size) -> None:
    from diklat.tui.app import DiklatApp

    app = DiklatApp(db)
    async with app.run_test(size=size) as pilot:
        actor = await log_in(app, pilot, db)
        await pilot.press("c")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "NewCohortScreen"
        assert app.screen.focused is app.screen.query_one("#nc-code", Input)
        await type_into(pilot, app, "#nc-code", "PKP-III-2027")
        await type_into(pilot, app, "#nc-name", "PKP Angkatan III 2027")
        await type_into(pilot, app, "#nc-start", "01-03-2027")
        await type_into(pilot, app, "#nc-end", "31/2/2027")  # no 31 February
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        # A date that cannot be read is named, the form stays as typed, nothing is created.
        assert "31/2/2027" in status_of(app) and "Selesai" in status_of(app)
        assert type(app.screen).__name__ == "NewCohortScreen"
        assert app.screen.query_one("#nc-name", Input).value == "PKP Angkatan III 2027"
        assert cohort_row(db, "PKP-III-2027") is None
        # The service's own refusal (end before start) reaches the status line too.
        await type_into(pilot, app, "#nc-end", "01-02-2027")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "NewCohortScreen"
        assert "2027" in status_of(app) and cohort_row(db, "PKP-III-2027") is None
        await type_into(pilot, app, "#nc-end", "30-07-2027")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "CohortScreen"
        assert app.screen.code == "PKP-III-2027"
        assert "PKP Angkatan III 2027" in screen_text(app)
        name, start, end, term, staff = cohort_row(db, "PKP-III-2027")
        assert (name, start, end, term) == (
            "PKP Angkatan III 2027",
            date(2027, 3, 1),
            date(2027, 7, 30),
            "proyek perubahan",
        )
        assert (actor.person_id, "coordinator") in staff
        # Esc goes home (the form is gone), where the new cohort is listed.
        await pilot.press("escape")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        assert "PKP-III-2027" in [
            str(table.get_row_at(i)[0])
            for table in app.screen.query("#cohorts")
            for i in range(table.row_count)
        ]


async def test_an_existing_code_is_refused_and_nothing_changes(db) -> None:
    from diklat.tui.app import DiklatApp

    app = DiklatApp(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(app, pilot, db)
        await pilot.press("c")
        await settle(app, pilot)
        await type_into(pilot, app, "#nc-code", RUNNING)
        await type_into(pilot, app, "#nc-name", "Another name")
        await type_into(pilot, app, "#nc-start", "2027-03-01")
        await type_into(pilot, app, "#nc-end", "2027-07-30")
        await pilot.click("#nc-create")
        await settle(app, pilot)
        assert RUNNING in status_of(app)
        assert type(app.screen).__name__ == "NewCohortScreen"
        assert cohort_row(db, RUNNING)[0] != "Another name"
