"""Snapshots of the participant's main screens at 120x40 (Indonesian, and one in English).

The data is made with the services, then every timestamp is set to a fixed moment and
the time zone to UTC, so the pictures do not depend on when the tests run. Update the
pictures after an intended change with `pytest tests/test_participant_snapshots.py
--snapshot-update` and look at them (tests/__snapshots__/) before committing.
"""

from __future__ import annotations

import time
from datetime import date

import attachment_files as files
import pytest
from factories import World, complete
from sqlalchemy import text

from diklat.domain.workflow import Stage
from diklat.i18n import set_language
from diklat.services import attachments, stages

SIZE = (120, 40)
FIXED = "2026-03-16 02:30:00"


@pytest.fixture
def snap_world(world: World, monkeypatch) -> World:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    # Days left to a deadline count from today: the pictures count from FIXED.
    monkeypatch.setattr("diklat.tui.format.today", lambda: date.fromisoformat(FIXED[:10]))
    p1, eid = world.actor("P1"), world.enrolments["P1"]
    stages.save_draft(world.db, p1, eid, Stage.SELF_ASSESSMENT, complete(Stage.SELF_ASSESSMENT))
    doc = complete(Stage.SELF_ASSESSMENT)
    doc["answers"] = {
        code: (5 if i < 6 else 2 if i > 16 else 4) for i, code in enumerate(doc["answers"])
    }
    stages.save_draft(world.db, p1, eid, Stage.SELF_ASSESSMENT, doc)
    stages.submit_stage(world.db, p1, eid, Stage.SELF_ASSESSMENT)
    stages.decide(
        world.db,
        world.actor("C1"),
        eid,
        Stage.SELF_ASSESSMENT,
        approve=False,
        comments=[("strengths", "Beri contoh nyata dari pekerjaan Anda.")],
    )
    diagnosis = complete(Stage.DIAGNOSIS)
    diagnosis["issues"].append(
        {
            "key": "I2",
            "title": "Arsip tidak tertata",
            "description": "",
            "evidence": "",
            "apkl": {"aktual": True, "problematik": True, "kekhalayakan": False, "layak": True},
            "usg": None,
        }
    )
    diagnosis["issues"].append(
        {
            "key": "I3",
            "title": "Data pegawai ganda",
            "description": "",
            "evidence": "",
            "apkl": {"aktual": True, "problematik": True, "kekhalayakan": True, "layak": True},
            "usg": {"urgency": 3, "seriousness": 4, "growth": 3},
        }
    )
    stages.save_draft(world.db, p1, eid, Stage.DIAGNOSIS, diagnosis)
    stages.save_draft(world.db, p1, eid, Stage.DESIGN, complete(Stage.DESIGN))
    stages.save_draft(world.db, p1, eid, Stage.REPORT, complete(Stage.REPORT))
    with world.db.write() as s:
        for table, column in (
            ("stage_records", "draft_saved_at"),
            ("stage_records", "state_changed_at"),
            ("submissions", "submitted_at"),
            ("reviews", "decided_at"),
            ("comments", "created_at"),
        ):
            s.execute(text(f"UPDATE {table} SET {column} = :at"), {"at": FIXED})
    yield world
    monkeypatch.delenv("TZ")
    time.tzset()


def _app(world: World):
    from diklat.tui.app import DiklatApp

    return DiklatApp(world.db)


def _run_before(world: World, stage: Stage | None = None, keys: tuple[str, ...] = ()):
    async def run(pilot) -> None:
        from diklat.tui.screens.participant import open_stage

        app = pilot.app
        await pilot.pause()
        app.logged_in(world.actor("P1"))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        if stage is not None:
            open_stage(app, world.actor("P1"), world.enrolments["P1"], stage)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
        for w in app.screen.query("Input, TextArea"):
            w.cursor_blink = False  # a blinking cursor would be in some pictures and not others
        if stage is not None and not keys:
            app.screen.query_one("#stage-body").scroll_home(animate=False)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    return run


def test_home(snap_world: World, snap_compare) -> None:
    assert snap_compare(_app(snap_world), terminal_size=SIZE, run_before=_run_before(snap_world))


def test_self_assessment_in_revision(snap_world: World, snap_compare) -> None:
    assert snap_compare(
        _app(snap_world),
        terminal_size=SIZE,
        run_before=_run_before(snap_world, Stage.SELF_ASSESSMENT),
    )


def test_self_assessment_comment_next_to_its_section(snap_world: World, snap_compare) -> None:
    # Tab to the first reflection: its section, with the coach's note, scrolls into view.
    assert snap_compare(
        _app(snap_world),
        terminal_size=SIZE,
        run_before=_run_before(snap_world, Stage.SELF_ASSESSMENT, ("tab",)),
    )


def test_diagnosis(snap_world: World, snap_compare) -> None:
    assert snap_compare(
        _app(snap_world), terminal_size=SIZE, run_before=_run_before(snap_world, Stage.DIAGNOSIS)
    )


def test_design(snap_world: World, snap_compare) -> None:
    assert snap_compare(
        _app(snap_world), terminal_size=SIZE, run_before=_run_before(snap_world, Stage.DESIGN)
    )


def test_report(snap_world: World, snap_compare) -> None:
    assert snap_compare(
        _app(snap_world), terminal_size=SIZE, run_before=_run_before(snap_world, Stage.REPORT)
    )


def test_versions(snap_world: World, snap_compare) -> None:
    assert snap_compare(
        _app(snap_world),
        terminal_size=SIZE,
        run_before=_run_before(snap_world, Stage.SELF_ASSESSMENT, ("f2",)),
    )


def test_self_assessment_in_english(snap_world: World, snap_compare) -> None:
    set_language("en")
    assert snap_compare(
        _app(snap_world),
        terminal_size=SIZE,
        run_before=_run_before(snap_world, Stage.SELF_ASSESSMENT),
    )


def test_diagnosis_at_80x24(snap_world: World, snap_compare) -> None:
    assert snap_compare(
        _app(snap_world),
        terminal_size=(80, 24),
        run_before=_run_before(snap_world, Stage.DIAGNOSIS),
    )


# --- evidence attachments (issue 16 part 9) ------------------------------------------------

ATTACH_SIZES = {"120x40": (120, 40), "80x24": (80, 24)}


@pytest.fixture
def files_world(snap_world: World) -> World:
    p1, eid = snap_world.actor("P1"), snap_world.enrolments["P1"]
    impl, report = Stage.IMPLEMENTATION, Stage.REPORT
    attachments.add(snap_world.db, p1, eid, impl, "M1", "SK Tim Efektif.pdf", files.pdf())
    attachments.add(snap_world.db, p1, eid, impl, "M1", "foto kegiatan.jpg",
                    files.image("JPEG", (1200, 900)))  # fmt: skip
    attachments.add(snap_world.db, p1, eid, report, "", "dokumentasi.pdf", files.pdf())
    with snap_world.db.write() as s:
        s.execute(text("UPDATE attachments SET added_at = :at"), {"at": FIXED})
    return snap_world


@pytest.mark.parametrize("size", ATTACH_SIZES)
def test_implementation_attachments(files_world: World, snap_compare, size: str) -> None:
    # F3: the stage's files, the keys that add, remove and save them in the footer
    assert snap_compare(
        _app(files_world),
        terminal_size=ATTACH_SIZES[size],
        run_before=_run_before(files_world, Stage.IMPLEMENTATION, ("f3",)),
    )


@pytest.mark.parametrize("size", ATTACH_SIZES)
def test_attach_dialog(files_world: World, snap_compare, size: str) -> None:
    assert snap_compare(
        _app(files_world),
        terminal_size=ATTACH_SIZES[size],
        run_before=_run_before(files_world, Stage.REPORT, ("f3", "a")),
    )
