"""The audit log screen (A from the home of a coordinator or administrator), Pilot at
80x24 and 120x40: entries newest first with old and new values; filters by person,
action and date; a coordinator sees only their cohorts; a bad date is said."""

from __future__ import annotations

import pytest
from factories import World
from textual.widgets import DataTable, Input, Static

from diklat.services import cohort_admin


async def settle(app, pilot) -> None:
    for _ in range(4):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def rows(app) -> list[list[str]]:
    table = app.screen.query_one("#aud-table", DataTable)
    return [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]


async def open_audit(app, pilot, world: World, who: str) -> None:
    await settle(app, pilot)
    app.logged_in(world.actor(who))
    await settle(app, pilot)
    await pilot.press("a")
    await settle(app, pilot)
    assert type(app.screen).__name__ == "AuditScreen"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_audit_log_shows_old_and_new_values_and_filters(world: World, size) -> None:
    from diklat.tui.app import DiklatApp

    cohort_admin.update_cohort(
        world.db, world.actor("K1"), "ANGK-A", cohort_admin.CohortChanges(angkatan="IX")
    )
    cohort_admin.update_cohort(
        world.db, world.actor("K2"), "ANGK-B", cohort_admin.CohortChanges(angkatan="X")
    )
    app = DiklatApp(world.db)
    async with app.run_test(size=size) as pilot:
        await open_audit(app, pilot, world, "K1")
        shown = rows(app)
        assert shown[0][2] == "cohort_updated" and shown[0][1] == "Koordinator A"
        assert {r[3] for r in shown} == {"ANGK-A"}  # not cohort B's
        detail = str(app.screen.query_one("#aud-detail", Static).render())
        assert '"angkatan": ""' in detail and '"angkatan": "IX"' in detail
        since = app.screen.query_one("#aud-since", Input)
        since.focus()
        since.value = "31-12-2999"
        await pilot.press("enter")
        await settle(app, pilot)
        assert rows(app) == []
        since.value = "kemarin"
        await pilot.press("enter")
        await settle(app, pilot)
        assert "DD-MM-YYYY" in str(app.screen.query_one("#aud-status").render())


async def test_an_administrator_filters_by_person(world: World) -> None:
    from diklat.tui.app import DiklatApp

    cohort_admin.update_cohort(
        world.db, world.actor("K2"), "ANGK-B", cohort_admin.CohortChanges(angkatan="X")
    )
    app = DiklatApp(world.db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_audit(app, pilot, world, "ADMIN")
        person = app.screen.query_one("#aud-person", Input)
        person.focus()
        person.value = "koordinator b"
        await pilot.press("enter")
        await settle(app, pilot)
        assert [r[1] for r in rows(app)] == ["Koordinator B"]


async def test_reviewers_have_no_audit_key(world: World) -> None:
    from diklat.tui.app import DiklatApp

    app = DiklatApp(world.db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.logged_in(world.actor("C1"))
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HomeScreen"
