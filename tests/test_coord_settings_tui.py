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


async def open_settings(app, pilot, db, section: str = "details") -> None:
    """The demo coordinator on the running cohort's screen, tab 9, at ``section``."""
    from diklat.tui.navigation import open_screen

    await log_in(app, pilot, db)
    open_screen(app, "cohort", RUNNING)
    await settle(app, pilot)
    await pilot.press("9")
    await settle(app, pilot)
    assert app.screen.active == "tab-settings"
    bar = app.screen.query_one("#set-sections")
    bar.active = section
    await settle(app, pilot)


def settings_of(db):
    from diklat.services.cohort_admin import cohort_settings

    return cohort_settings(db, acting_as(db, Actor.system(), "penyelenggara", RUNNING), RUNNING)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_details_are_edited_and_a_bad_date_changes_nothing(db, size) -> None:
    from diklat.tui.app import DiklatApp

    before = settings_of(db)
    app = DiklatApp(db)
    async with app.run_test(size=size) as pilot:
        await open_settings(app, pilot, db)
        assert app.screen.query_one("#set-name", Input).value == before.name
        assert app.screen.query_one("#set-start", Input).value == before.start.strftime("%d-%m-%Y")
        await type_into(pilot, app, "#set-name", "PKP Angkatan II (diubah)")
        await type_into(pilot, app, "#set-end", "32-13-2026")
        await pilot.click("#set-details-save")
        await settle(app, pilot)
        assert "32-13-2026" in status_of(app)
        assert settings_of(db).name == before.name
        await type_into(pilot, app, "#set-end", before.end.strftime("%d/%m/%Y"))
        await pilot.click("#set-details-save")
        await settle(app, pilot)
        after = settings_of(db)
        assert after.name == "PKP Angkatan II (diubah)" and after.end == before.end
        # The screen's title follows (the other tabs are read again too).
        assert "PKP Angkatan II (diubah)" in screen_text(app)
        # The institution is shown, and can be taken away (its letterhead with it).
        from textual.widgets import Select

        institution = app.screen.query_one("#set-institution", Select)
        assert before.institution_code and institution.value == before.institution_code
        institution.clear()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert settings_of(db).institution_code == ""


async def test_a_change_made_meanwhile_is_refused_not_overwritten(db) -> None:
    from diklat.services.cohort_admin import CohortChanges, update_cohort
    from diklat.tui.app import DiklatApp

    app = DiklatApp(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_settings(app, pilot, db)
        someone = acting_as(db, Actor.system(), "penyelenggara", RUNNING)
        update_cohort(db, someone, RUNNING, CohortChanges(angkatan="XIV"))
        await type_into(pilot, app, "#set-name", "Mine")
        await pilot.click("#set-details-save")
        await settle(app, pilot)
        assert "diubah orang lain" in status_of(app)
        assert settings_of(db).angkatan == "XIV" and settings_of(db).name != "Mine"


async def test_deadlines_are_set_changed_and_removed_at_once(db) -> None:
    from diklat.domain.workflow import Stage
    from diklat.tui.app import DiklatApp

    before = settings_of(db).deadlines
    assert before.get(Stage.DESIGN) is not None  # the demo sets it; the test removes it
    app = DiklatApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(app, pilot, db, "deadlines")
        shown = app.screen.query_one("#dl-design", Input).value
        assert shown == before[Stage.DESIGN].strftime("%d-%m-%Y")
        await type_into(pilot, app, "#dl-diagnosis", "besok")
        await type_into(pilot, app, "#dl-design", "")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "besok" in status_of(app) and settings_of(db).deadlines == before
        await type_into(pilot, app, "#dl-diagnosis", "15/04/2026")
        await pilot.press("enter")
        await settle(app, pilot)
        after = settings_of(db).deadlines
        assert after[Stage.DIAGNOSIS] == date(2026, 4, 15)
        assert Stage.DESIGN not in after
        assert after[Stage.REPORT] == before[Stage.REPORT]
        assert "2 batas waktu" in status_of(app)


def extensions_of(db):
    from diklat.db.models import Enrolment, Extension

    with db.read() as s:
        return {
            (ndh, stage): (due, reason)
            for ndh, stage, due, reason in s.execute(
                select(Enrolment.ndh, Extension.stage, Extension.due, Extension.reason)
                .join(Enrolment, Enrolment.id == Extension.enrolment_id)
                .join(Cohort, Cohort.id == Enrolment.cohort_id)
                .where(Cohort.code == RUNNING)
            )
        }


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_an_extension_for_several_participants_at_once(db, size) -> None:
    from textual.widgets import DataTable

    from diklat.tui.app import DiklatApp

    before = extensions_of(db)
    app = DiklatApp(db)
    async with app.run_test(size=size) as pilot:
        await open_settings(app, pilot, db, "extensions")
        picker = app.screen.query_one("#ext-people", DataTable)
        section = app.screen.query_one("ExtensionsSection")
        picker.focus()
        # Space (or Enter) ticks the participant under the cursor; a tick is a ✓.
        await pilot.press("space", "down", "enter", "down", "space", "down")
        picked = sorted(section.ticked)
        assert len(picked) == 3
        assert [str(picker.get_row_at(i)[0]) for i in range(4)] == ["✓", "✓", "✓", " "]
        app.screen.query_one("#ext-stage").value = "design"
        await type_into(pilot, app, "#ext-due", "20-11-2026")
        await type_into(pilot, app, "#ext-reason", "")
        await pilot.press("enter")
        await settle(app, pilot)
        # No reason: refused by the service, nothing stored, the ticks kept.
        assert "alasan" in status_of(app) and extensions_of(db) == before
        assert sorted(section.ticked) == picked
        await type_into(pilot, app, "#ext-reason", "Sakit, surat dokter")
        await pilot.press("enter")
        await settle(app, pilot)
        after = extensions_of(db)
        added = {k: v for k, v in after.items() if k not in before}
        assert len(added) == 3 and {k[1] for k in added} == {"design"}
        assert set(added.values()) == {(date(2026, 11, 20), "Sakit, surat dokter")}
        assert "3 peserta" in status_of(app)
        table = app.screen.query_one("#ext-table", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert sum("20-11-2026" in row for row in rows) == 3
        # The ticks are cleared after a save; A ticks everyone, and an empty date
        # removes the extension of the ticked ones.
        assert not section.ticked
        picker.focus()
        await pilot.press("a")
        assert len(section.ticked) == picker.row_count
        await type_into(pilot, app, "#ext-due", "")
        await pilot.click("#ext-save")
        await settle(app, pilot)
        assert not any(stage == "design" for _, stage in extensions_of(db))


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_rule_set_as_a_form_is_checked_like_the_json(db, size) -> None:
    from textual.widgets import DataTable

    from diklat.domain.workflow import Stage
    from diklat.tui.app import DiklatApp

    before = settings_of(db).rules
    sikap = [c.code for c in before.components].index("sikap")
    m = [b.code for b in before.qualification_bands].index("M")
    app = DiklatApp(db)
    async with app.run_test(size=size) as pilot:
        await open_settings(app, pilot, db, "rules")
        assert app.screen.query_one(f"#rule-w-{sikap}", Input).value == "20"
        assert app.screen.query_one("#rule-min-final", Input).value == "70,01"  # decimal comma
        # A gap between two bands: refused by the rule set's own check, nothing saved.
        await type_into(pilot, app, f"#rule-bmin-{m}", "80,50")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "celah" in status_of(app)
        assert settings_of(db).rules == before
        # Not a number: named, nothing saved.
        await type_into(pilot, app, f"#rule-bmin-{m}", "80,01")
        await type_into(pilot, app, "#rule-attendance", "sembilan")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "sembilan" in status_of(app) and "Kehadiran" in status_of(app)
        assert settings_of(db).rules == before
        await type_into(pilot, app, "#rule-attendance", "85")
        await type_into(pilot, app, f"#rule-w-{sikap}", "25")
        await type_into(pilot, app, "#rule-tolerance", "12,5")
        stages = app.screen.query_one("#rule-stages", DataTable)
        stages.focus()
        stages.move_cursor(row=list(Stage).index(Stage.MENTOR_AGREEMENT))
        await pilot.press("enter")  # no longer required
        assert str(stages.get_row_at(stages.cursor_row)[0]) == " "
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        after = settings_of(db).rules
        assert after.version == before.version + 1
        assert after.component("sikap").weight == 25
        assert str(after.pass_conditions.min_attendance_pct) == "85"
        assert str(after.double_marking_tolerance) == "12.5"
        assert Stage.MENTOR_AGREEMENT not in after.pass_conditions.required_stages
        assert Stage.REPORT in after.pass_conditions.required_stages
        assert f"versi {after.version}" in status_of(app)


async def test_the_rules_are_refused_after_the_release(db) -> None:
    from diklat.services import results
    from diklat.tui.app import DiklatApp

    coordinator = acting_as(db, Actor.system(), "penyelenggara", RUNNING)
    results.release(db, coordinator, settings_of(db).id)
    before = settings_of(db).rules
    app = DiklatApp(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_settings(app, pilot, db, "rules")
        assert "dirilis" in str(app.screen.query_one("#rule-note", Static).render())
        await type_into(pilot, app, "#rule-tolerance", "10")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "tarik rilis" in status_of(app)
        assert settings_of(db).rules == before


async def test_a_co_coordinator_is_added_and_removed_in_the_app(db) -> None:
    from textual.widgets import DataTable

    from diklat.tui.app import DiklatApp

    app = DiklatApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(app, pilot, db, "staff")
        table = app.screen.query_one("#co-table", DataTable)

        def names() -> list[str]:
            return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]

        first = names()
        assert first  # the demo cohort has its coordinators
        await type_into(pilot, app, "#co-login", "tidak-ada")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "tidak-ada" in status_of(app) and names() == first
        await type_into(pilot, app, "#co-login", "coach")
        await pilot.press("enter")
        await settle(app, pilot)
        assert len(names()) == len(first) + 1 and "coach" in status_of(app)
        assert app.screen.query_one("#co-login", Input).value == ""
        table.focus()
        me = app.actor.name
        # Nobody removes themselves ...
        table.move_cursor(row=names().index(me))
        await pilot.press("delete")
        await settle(app, pilot)
        assert me in names() and "diri sendiri" in status_of(app)
        while len(names()) > 1:  # Delete on a row removes that coordinator
            table.move_cursor(row=names().index(next(n for n in names() if n != me)))
            gone = names()[table.cursor_row]
            await pilot.press("delete")
            await settle(app, pilot)
            assert gone not in names()
        # ... nor the last coordinator.
        assert names() == [me]
        await pilot.press("delete")
        await settle(app, pilot)
        assert names() == [me] and "harus tetap" in status_of(app)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_rubric_editor_saves_a_new_version(db, size) -> None:
    from textual.widgets import Button, Select

    from diklat.services.rubrics import get_rubric
    from diklat.tui.app import DiklatApp

    actor = acting_as(db, Actor.system(), "penyelenggara", RUNNING)
    before = get_rubric(db, actor, "rancangan-default")
    app = DiklatApp(db)
    async with app.run_test(size=size) as pilot:
        await open_settings(app, pilot, db, "rubric")
        app.screen.query_one("#rub-pick", Select).value = "rancangan-default"
        await settle(app, pilot)
        first = before.criteria[0]
        assert app.screen.query_one("#rub-c0-label", Input).value == first.text("id")
        # One block of levels for all criteria (the shipped rubric shares them).
        assert not app.screen.query("#rub-c1-l0-min")
        top = first.levels[0]
        assert app.screen.query_one("#rub-c0-l0-min", Input).value == str(top.min).replace(".", ",")
        # Overlapping levels: refused by the rubric's own check; no version is made.
        await type_into(pilot, app, "#rub-c0-l0-min", "85")
        await pilot.click("#rub-save")
        await settle(app, pilot)
        assert "tumpang" in status_of(app) or "overlap" in status_of(app).lower()
        assert get_rubric(db, actor, "rancangan-default").version == before.version
        await type_into(pilot, app, "#rub-c0-l0-min", str(top.min))
        await type_into(pilot, app, "#rub-c0-weight", "abc")
        await pilot.click("#rub-save")
        await settle(app, pilot)
        assert "abc" in status_of(app)
        await type_into(pilot, app, "#rub-c0-weight", "35")
        await type_into(pilot, app, "#rub-c0-label", "Kejelasan masalah")
        # A new criterion, and the last old one removed.
        app.screen.query_one("#rub-add", Button).press()
        await settle(app, pilot)
        n = len(before.criteria)
        assert app.screen.query_one(f"#rub-c{n}-label", Input).value.startswith("Kriteria baru")
        app.screen.query_one(f"#rub-c{n - 1}-del", Button).press()
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        after = get_rubric(db, actor, "rancangan-default")
        assert after.version == before.version + 1
        assert after.criteria[0].text("id") == "Kejelasan masalah"
        assert str(after.criteria[0].weight) == "35"
        assert [c.code for c in after.criteria[:-1]] == [c.code for c in before.criteria[:-1]]
        assert after.criteria[-1].code == f"kriteria-{n + 1}"
        assert after.criteria[-1].text("id") == f"Kriteria baru {n + 1}"
        assert all(c.levels == after.criteria[0].levels for c in after.criteria)
        assert f"versi {after.version}" in status_of(app)
        # Marks given before keep their version: the old one still reads.
        assert get_rubric(db, actor, "rancangan-default", before.version) == before


async def test_the_cohort_names_its_own_signatory_and_goes_back(db) -> None:
    from diklat.services.institutions import cohort_signatory
    from diklat.tui.app import DiklatApp

    actor = acting_as(db, Actor.system(), "penyelenggara", RUNNING)
    before = cohort_signatory(db, actor, RUNNING)
    assert not before.own
    app = DiklatApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(app, pilot, db, "signatory")
        now = str(app.screen.query_one("#sig-now", Static).render())
        assert before.signatory.name in now and "lembaga" in now
        await type_into(pilot, app, "#sig-name", "Dr. Yusri, M.Si.")
        await type_into(pilot, app, "#sig-nip", "12345")
        await type_into(pilot, app, "#sig-title", "Plt. Kepala")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "NIP penandatangan tidak sah" in status_of(app)  # checked as an institution's
        assert cohort_signatory(db, actor, RUNNING) == before
        await type_into(pilot, app, "#sig-nip", "19700505 199505 1 001")
        await pilot.press("enter")
        await settle(app, pilot)
        own = cohort_signatory(db, actor, RUNNING)
        assert own.own and own.signatory.name == "Dr. Yusri, M.Si."
        assert own.signatory.title == "Plt. Kepala"
        assert "Dr. Yusri" in str(app.screen.query_one("#sig-now", Static).render())
        await pilot.click("#sig-reset")
        await settle(app, pilot)
        assert cohort_signatory(db, actor, RUNNING) == before
        assert app.screen.query_one("#sig-name", Input).value == ""
