"""The cohort's own term for the change project (*aksi perubahan* in PKP) on screen: the
participant's home and stage screen, the coach's waiting list, review queue and review
screen, and the coordinator's late list name the stages and sections in the cohort's
words, never "proyek perubahan"."""

from __future__ import annotations

from datetime import date, timedelta

from factories import World, submitted
from textual.widgets import DataTable, Label, Static

from diklat.domain.workflow import Stage
from diklat.services.cohort_admin import CohortChanges, set_deadline, update_cohort

TERM = "aksi perubahan"


async def _settle(app, pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def _screen_text(app) -> str:
    parts = [str(w.render()) for w in app.screen.query(Static)]
    parts += [str(w.render()) for w in app.screen.query(Label)]
    for table in app.screen.query(DataTable):
        for row in range(table.row_count):
            parts.extend(getattr(c, "plain", str(c)) for c in table.get_row_at(row))
    parts.append(app.screen.sub_title or "")
    return "\n".join(parts)


def _pkp(world: World) -> str:
    code = world.cohort_codes["A"]
    update_cohort(world.db, world.actor("K1"), code, CohortChanges(project_term=TERM))
    return code


async def test_the_participant_reads_the_cohorts_term_on_the_home_and_the_stage(
    world: World,
) -> None:
    from diklat.tui.app import DiklatApp
    from diklat.tui.navigation import open_stage

    _pkp(world)
    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.logged_in(world.actor("P1"))
        await _settle(app, pilot)
        table = app.screen.query_one(f"#stages-{world.enrolments['P1']}", DataTable)
        names = [getattr(c, "plain", str(c)) for c in table.get_column_at(0)]
        assert "Rancangan Aksi Perubahan" in names and "Laporan Aksi Perubahan" in names
        open_stage(app, world.actor("P1"), world.enrolments["P1"], Stage.DESIGN)
        await _settle(app, pilot)
        shown = _screen_text(app)
        assert "Rancangan Aksi Perubahan" in shown and "Judul aksi perubahan" in shown
        assert "proyek perubahan" not in shown.lower()
        # The version history's title and the palette's entries say it too.
        await pilot.press("f2")
        await _settle(app, pilot)
        assert "Aksi Perubahan" in _screen_text(app)
        await pilot.press("escape")
        await _settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Tahapan: Laporan Aksi")
        await _settle(app, pilot)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await _settle(app, pilot)
        assert app.screen.STAGE is Stage.REPORT


async def test_the_coach_and_the_coordinator_read_it_too(world: World) -> None:
    from diklat.tui.app import DiklatApp
    from diklat.tui.navigation import open_screen

    code = _pkp(world)
    submitted(world, "P1", Stage.DESIGN)
    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.logged_in(world.actor("C1"))
        await _settle(app, pilot)
        waiting = _screen_text(app)
        assert "Rancangan Aksi Perubahan" in waiting and "Proyek Perubahan" not in waiting
        open_screen(app, "queue")
        await _settle(app, pilot)
        queue = app.screen.query_one("#queue-table", DataTable)
        stages = {getattr(c, "plain", str(c)) for c in queue.get_column_at(3)}
        assert "Rancangan Aksi Perubahan" in stages and not any("Proyek" in s for s in stages)
        queue.focus()
        await pilot.press("enter")
        await _settle(app, pilot)
        shown = _screen_text(app)
        assert "Rancangan Aksi Perubahan" in shown and "Judul aksi perubahan" in shown
        assert "proyek perubahan" not in shown.lower()

    k1 = world.actor("K1")
    set_deadline(world.db, k1, code, Stage.REPORT, date.today() - timedelta(days=3))
    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.logged_in(k1)
        await _settle(app, pilot)
        open_screen(app, "cohort", code)
        await _settle(app, pilot)
        late = str(app.screen.query_one("#prog-late", Static).render())
        assert "Laporan Aksi Perubahan" in late and "Proyek" not in late
