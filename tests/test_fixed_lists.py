"""A list that can lose no row offers no key to remove one: the milestones of the
implementation and the report (one row per short-term milestone), and every list of a
stage that cannot change. The footer showed "del Hapus" (greyed) on both."""

from __future__ import annotations

import pytest


async def _settle(app, pilot) -> None:
    for _ in range(4):
        await pilot.pause()
        await app.workers.wait_for_complete()


def _footer(app) -> list[str]:
    from diklat.tui.compat import FooterKey

    return [k.key for k in app.screen.query(FooterKey) if k.display]


@pytest.mark.parametrize("who", ["P1", "C1"])
async def test_the_milestone_rows_offer_no_delete(world, who) -> None:
    from factories import approve_before

    from diklat.domain.workflow import Stage
    from diklat.tui.app import DiklatApp
    from diklat.tui.screens.participant.implementation import ImplementationScreen

    approve_before(world, "P1", Stage.IMPLEMENTATION)
    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.logged_in(world.actor("P1"))
        await _settle(app, pilot)
        screen = ImplementationScreen(
            world.actor(who), world.enrolments["P1"], read_only=who != "P1"
        )
        await app.push_screen(screen)
        await _settle(app, pilot)
        app.screen.query_one("#list-progress-table").focus()
        await _settle(app, pilot)
        assert "delete" not in _footer(app) and "insert" not in _footer(app), _footer(app)
        rows = app.screen.query_one("#list-progress-table").row_count
        await pilot.press("delete")
        await _settle(app, pilot)
        assert app.screen.query_one("#list-progress-table").row_count == rows
