"""Deadlines in sight (issue 16 part 7): the participant's home flags an overdue stage
and the days left; the coach's home shows how long each submission has waited and
how many have waited too long."""

from __future__ import annotations

from datetime import date, timedelta

from factories import World, submitted
from sqlalchemy import text
from textual.widgets import DataTable, Static

from diklat.domain.workflow import Stage
from diklat.services.cohort_admin import set_deadline
from diklat.tui.screens.home import REVIEW_OVERDUE_DAYS


async def _settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def _cell(table: DataTable, row: str, column: str) -> str:
    value = table.get_cell(row, column)
    return getattr(value, "plain", str(value))


async def test_a_deadline_two_months_past_is_flagged_and_one_ahead_counts_down(
    world: World,
) -> None:
    from diklat.tui.app import DiklatApp

    code = world.cohort_codes["A"]
    k1 = world.actor("K1")
    set_deadline(world.db, k1, code, Stage.SELF_ASSESSMENT, date.today() - timedelta(days=60))
    set_deadline(world.db, k1, code, Stage.DIAGNOSIS, date.today() + timedelta(days=10))
    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.logged_in(world.actor("P1"))
        await _settle(app, pilot)
        table = app.screen.query_one(f"#stages-{world.enrolments['P1']}", DataTable)
        assert "terlambat 60 hari" in _cell(table, Stage.SELF_ASSESSMENT.value, "deadline")
        assert "10 hari lagi" in _cell(table, Stage.DIAGNOSIS.value, "deadline")


async def test_the_coach_sees_how_long_each_submission_waited_and_how_many_too_long(
    world: World,
) -> None:
    from diklat.tui.app import DiklatApp

    submitted(world, "P1", Stage.SELF_ASSESSMENT)
    with world.db.write() as s:
        s.execute(
            text("UPDATE stage_records SET state_changed_at = :at WHERE state = 'submitted'"),
            {
                "at": (date.today() - timedelta(days=REVIEW_OVERDUE_DAYS + 5)).isoformat()
                + " 00:00:00"
            },
        )
    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.logged_in(world.actor("C1"))
        await _settle(app, pilot)
        table = app.screen.query_one("#waiting", DataTable)
        assert table.row_count == 1
        assert f"({REVIEW_OVERDUE_DAYS + 5} hari)" in _cell(table, "0", "since") or (
            f"({REVIEW_OVERDUE_DAYS + 4} hari)" in _cell(table, "0", "since")
        )
        titles = " ".join(str(w.render()) for w in app.screen.query(".panel-title").results(Static))
        assert f"1 menunggu lebih dari {REVIEW_OVERDUE_DAYS} hari" in titles


async def test_while_a_stage_waits_for_review_the_home_offers_the_next_stages_draft(
    world: World,
) -> None:
    from diklat.tui.app import DiklatApp

    submitted(world, "P1", Stage.DIAGNOSIS)
    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.logged_in(world.actor("P1"))
        await _settle(app, pilot)
        summary = str(app.screen.query_one("#home-status", Static).render())
        # Innovation takes a draft before diagnosis is approved: "nothing to do" was wrong.
        assert "Tidak ada yang perlu Anda kerjakan" not in summary
        assert "menyiapkan draf Gagasan Inovasi" in summary


async def test_the_overdue_marker_is_seen_whole_at_80_columns(world: World) -> None:
    from diklat.tui.app import DiklatApp

    code = world.cohort_codes["A"]
    set_deadline(
        world.db,
        world.actor("K1"),
        code,
        Stage.IMPLEMENTATION,
        date.today() - timedelta(days=120),
    )
    app = DiklatApp(world.db)
    async with app.run_test(size=(80, 24)) as pilot:
        app.logged_in(world.actor("P1"))
        await _settle(app, pilot)
        table = app.screen.query_one(f"#stages-{world.enrolments['P1']}", DataTable)
        row = [s.value for s in Stage].index(Stage.IMPLEMENTATION.value) + 1  # under the header
        drawn = table.render_line(row).text
        assert "terlambat 120 hari" in drawn, drawn
