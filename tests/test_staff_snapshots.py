"""Snapshots of every staff screen type at 120x40 and 80x24: the coach's home and
queue, the review, marking and moderation screens, the mentor's view, and each tab of
the coordinator's cohort screen (the participant's are in test_participant_snapshots).

At 80x24 a panel of zero height, a cut footer or a table that hides its columns shows
in the picture. The data is made with the services, every stored moment is set to one
fixed time, the time zone to UTC and "today" to one day, so the pictures do not depend
on when the tests run. Update after an intended change with
`pytest tests/test_staff_snapshots.py --snapshot-update` and look at the pictures.
"""

from __future__ import annotations

import time
from datetime import date

import pytest
from review_support import RWorld, rw, rworld_template, submit  # noqa: F401
from sqlalchemy import text
from textual.widgets import DataTable

from diklat.domain.workflow import Stage
from diklat.tui.navigation import open_screen

FIXED = "2026-03-16 02:30:00"
SIZES = {"120x40": (120, 40), "80x24": (80, 24)}


@pytest.fixture
def staff_world(rw: RWorld, monkeypatch) -> RWorld:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.chdir("/")  # the export tab proposes a file in the working folder
    day = date.fromisoformat(FIXED[:10])
    monkeypatch.setattr("diklat.domain.clock.today", lambda: day)
    monkeypatch.setattr("diklat.tui.format.today", lambda: day)
    submit(rw, "P1", Stage.SELF_ASSESSMENT)
    submit(rw, "P2", Stage.SELF_ASSESSMENT)
    with rw.db.write() as s:
        for table, column in (
            ("stage_records", "draft_saved_at"),
            ("stage_records", "state_changed_at"),
            ("submissions", "submitted_at"),
        ):
            s.execute(text(f"UPDATE {table} SET {column} = :at"), {"at": FIXED})
    yield rw
    monkeypatch.delenv("TZ")
    time.tzset()


async def _settle(pilot) -> None:
    # A tab reads in a worker, then draws; a table sizes its columns once idle: wait
    # for all of it, however slow the machine (a picture taken early has cut columns).
    for _ in range(6):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.wait_for_scheduled_animations()
    # A table widens its columns when idle after its last rows, and a tab may start
    # reading only a few messages after it is shown: wait until, five checks running,
    # no worker runs and no table has rows or cells left to measure (under load one
    # picture caught "Penye" before "Penyelenggara" widened its column), then for the
    # frame that draws them.
    quiet = 0
    for _ in range(400):
        busy = any(w.is_running for w in pilot.app.workers) or any(
            _measuring(t) for t in pilot.app.screen.query(DataTable)
        )
        quiet = 0 if busy else quiet + 1
        if quiet == 5:
            break
        await pilot.pause(0.02)
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()


def _measuring(table: DataTable) -> bool:
    return bool(table._require_update_dimensions or table._updated_cells or table._new_rows)


def _still(app) -> None:
    for w in app.screen.query("Input, TextArea"):
        w.cursor_blink = False  # a blinking cursor would be in some pictures and not others


async def _as(pilot, world: RWorld, who: str) -> None:
    await _settle(pilot)
    pilot.app.logged_in(world.actor(who))
    await _settle(pilot)


def _staff_screen(world: RWorld, who: str, target: str | None, *args, keys=()):
    async def run(pilot) -> None:
        await _as(pilot, world, who)
        if target is not None:
            open_screen(pilot.app, target, *args)
            await _settle(pilot)
        if keys:
            await pilot.press(*keys)
            await _settle(pilot)
        _still(pilot.app)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    return run


def _review(world: RWorld):
    async def run(pilot) -> None:
        await _as(pilot, world, "C1")
        open_screen(pilot.app, "review", world.enrolments["P1"], Stage.SELF_ASSESSMENT)
        await _settle(pilot)
        _still(pilot.app)
        await pilot.pause()

    return run


def _review_attachments(world: RWorld):
    """The coach of P3 reads the implementation P3 sent with two files: the Lampiran
    entry chosen, Enter into its list."""

    async def run(pilot) -> None:
        import attachment_files as files
        from factories import complete

        from diklat.domain.workflow import PREREQUISITE
        from diklat.services import attachments, stages

        p3, eid = world.actor("P3"), world.enrolments["P3"]
        chain, before = [], PREREQUISITE[Stage.IMPLEMENTATION]
        while before is not None:
            chain.append(before)
            before = PREREQUISITE[before]
        for stage in reversed(chain):
            submit(world, "P3", stage, complete(stage))
            stages.decide(world.db, world.actor("K2"), eid, stage, approve=True)
        stages.save_draft(world.db, p3, eid, Stage.IMPLEMENTATION,
                          complete(Stage.IMPLEMENTATION))  # fmt: skip
        attachments.add(world.db, p3, eid, Stage.IMPLEMENTATION, "M1", "SK Tim Efektif.pdf",
                        files.pdf())  # fmt: skip
        attachments.add(world.db, p3, eid, Stage.IMPLEMENTATION, "M1", "foto kegiatan.jpg",
                        files.image("JPEG", (1200, 900)))  # fmt: skip
        stages.submit_stage(world.db, p3, eid, Stage.IMPLEMENTATION)
        with world.db.write() as s:
            for table, column in (
                ("attachments", "added_at"),
                ("submissions", "submitted_at"),
                ("stage_records", "state_changed_at"),
                ("stage_records", "draft_saved_at"),
                ("reviews", "decided_at"),
            ):
                s.execute(text(f"UPDATE {table} SET {column} = :at"), {"at": FIXED})
        await _as(pilot, world, "C3")
        open_screen(pilot.app, "review", eid, Stage.IMPLEMENTATION)
        await _settle(pilot)
        options = pilot.app.screen.query_one("#review-sections")
        options.highlighted = options.get_option_index("#attachments")
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)
        _still(pilot.app)
        await pilot.pause()

    return run


def _cohort_tab(world: RWorld, number: int):
    async def run(pilot) -> None:
        await _as(pilot, world, "K1")
        open_screen(pilot.app, "cohort", "ANGK-A")
        await _settle(pilot)
        await pilot.press(str(number))
        await _settle(pilot)
        _still(pilot.app)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    return run


def _with_corrections(world: RWorld, then):
    """Two requests waiting: at 80x24 they once left the people table no row at all."""

    async def run(pilot) -> None:
        from diklat.services.corrections import request_correction

        p1 = world.actor("P1")
        request_correction(world.db, p1, "jabatan", "Kepala Seksi Pelayanan Perizinan", "SK baru")
        request_correction(world.db, p1, "name", "Peserta Satu, S.Kom.", "Gelar belum ada")
        await then(pilot)

    return run


def _app(world: RWorld):
    from diklat.tui.app import DiklatApp

    return DiklatApp(world.db)


def _cases(world: RWorld) -> dict:
    from diklat.tui.screens.coordinator.cohort import TABS

    cases = {
        "coach_home": _staff_screen(world, "C1", None),
        "queue": _staff_screen(world, "C1", "queue"),
        "review": _review(world),
        "review_attachments": _review_attachments(world),
        "marking_list": _staff_screen(world, "X1", "marking_list"),
        "marking": _staff_screen(world, "X1", "marking", world.enrolments["P1"]),
        "moderation": _staff_screen(world, "K1", "moderation"),
        "coordinator_home": _staff_screen(world, "K1", None),
    }
    cases["cohort_people_corrections"] = _with_corrections(world, _cohort_tab(world, 2))
    for number, name in enumerate(TABS, 1):
        if name != "remind":  # counts days late against the wall clock's hour: its own tests
            cases[f"cohort_{name}"] = _cohort_tab(world, number)
    return cases


CASES = (
    "coach_home",
    "queue",
    "review",
    "review_attachments",
    "marking_list",
    "marking",
    "moderation",
    "coordinator_home",
    *(
        f"cohort_{name}"
        for name in (
            "progress",
            "people",
            "people_corrections",
            "import",
            "attendance",
            "results",
            "exports",
            "marking",
            "settings",
        )
    ),
)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("case", CASES)
def test_staff_screen(staff_world: RWorld, snap_compare, case: str, size: str) -> None:
    run_before = _cases(staff_world)[case]
    assert snap_compare(_app(staff_world), terminal_size=SIZES[size], run_before=run_before)


def test_every_cohort_tab_has_its_pictures() -> None:
    from diklat.tui.screens.coordinator.cohort import TABS

    assert {f"cohort_{n}" for n in TABS if n != "remind"} <= set(CASES)
