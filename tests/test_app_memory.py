"""Closed screens are let go (issue 6, memory): nothing of the app keeps them alive.

Textual keeps a widget that watches the app (a TextArea watches ``theme``, a Header
``title``) in the app's watcher list until that attribute changes again; through it
every stage screen ever opened stayed in memory. The app drops such watchers when the
screens change. Checked with weak references, not by measuring memory.
"""

from __future__ import annotations

import gc
import weakref

import pytest
from factories import World

from diklat.domain.workflow import Stage
from diklat.tui.screens.participant import screen_class

SIZE = (120, 40)


async def _settle(app, pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()


async def test_closed_stage_screens_are_freed(world: World) -> None:
    from textual.widgets import TextArea

    from diklat.tui.app import DiklatApp
    from diklat.tui.screens.home import HomeScreen

    actor, eid = world.actor("P1"), world.enrolments["P1"]
    app = DiklatApp(world.db)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        app.actor = actor
        closed = []
        for _ in range(2):
            home = HomeScreen(actor)
            await app.push_screen(home)
            await _settle(app, pilot)
            for stage in (Stage.SELF_ASSESSMENT, Stage.DIAGNOSIS):
                screen = screen_class(stage)(actor, eid)
                await app.push_screen(screen)
                await _settle(app, pilot)
                assert screen.query(TextArea), "the case needs a screen with a text area"
                closed.append(weakref.ref(screen))
                del screen
                await app.pop_screen()
                await _settle(app, pilot)
            del home
            await app.pop_screen()
            await _settle(app, pilot)
        # One more screen change: what closed before it has nothing left holding it. (A
        # home may linger a moment longer: an asyncio timer still pending keeps the
        # context it was made in, with the screens visible then; it lets go when it runs.)
        await app.push_screen(HomeScreen(actor))
        await _settle(app, pilot)
        gc.collect()
        alive = [(i, type(ref()).__name__) for i, ref in enumerate(closed) if ref() is not None]
        assert alive == []


def test_the_administrators_home_does_not_read_every_cohorts_rules(world: World) -> None:
    """An administrator's home lists every cohort (1,000 at N=40,000); parsing each one's
    rules document only to drop it was most of that screen's memory peak."""
    from sqlalchemy import event

    from diklat.services.actor import Actor
    from diklat.services.homes import home

    statements: list[str] = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(world.db.engine, "before_cursor_execute", seen)
    try:
        data = home(world.db, Actor.system())
    finally:
        event.remove(world.db.engine, "before_cursor_execute", seen)
    assert len(data.cohorts) >= 2
    assert statements and not [s for s in statements if "cohorts.rules" in s]


def _more_cohorts_world(world: World) -> list[str]:
    """Three more cohorts (five in all) for the administrator's paging."""
    from datetime import date

    from factories import make_cohort

    for i in range(3):
        make_cohort(world.db, f"PAGE-{i}", start=date(2027, 1 + i, 4), end=date(2027, 5 + i, 28))
    from diklat.services.homes import home

    return [
        sc.cohort.code for sc in home(world.db, world.actor("ADMIN"), cohort_limit=None).cohorts
    ]


@pytest.mark.parametrize("who", ["ADMIN", "K1", "K2", "C1", "P1"])
def test_my_cohorts_come_a_page_at_a_time(world: World, who: str) -> None:
    """Pages together are the whole list, and each person's own cohorts only."""
    from diklat.services.homes import home, more_cohorts

    every = _more_cohorts_world(world)
    assert len(every) == 5
    actor = world.actor(who)
    mine = [sc.cohort.code for sc in home(world.db, actor, cohort_limit=None).cohorts]
    if who == "ADMIN":
        assert mine == every
    for size in (1, 2, 5):
        first = home(world.db, actor, cohort_limit=size)
        assert first.cohort_total == len(mine)
        got, nxt = [sc.cohort.code for sc in first.cohorts], first.cohorts_next
        while nxt is not None:
            page = more_cohorts(world.db, actor, nxt, limit=size)
            assert len(page.cohorts) <= size
            got += [sc.cohort.code for sc in page.cohorts]
            nxt = page.next
        assert got == mine


async def test_the_home_reads_more_cohorts_as_the_cursor_nears_the_end(
    world: World, monkeypatch
) -> None:
    from textual.widgets import DataTable

    import diklat.tui.screens.home as screen_module
    from diklat.services import homes
    from diklat.tui.app import DiklatApp

    every = _more_cohorts_world(world)
    monkeypatch.setattr(
        screen_module, "home", lambda db, actor: homes.home(db, actor, cohort_limit=2)
    )
    monkeypatch.setattr(
        screen_module,
        "more_cohorts",
        lambda db, actor, after: homes.more_cohorts(db, actor, after, limit=2),
    )
    app = DiklatApp(world.db)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        app.logged_in(world.actor("ADMIN"))
        await _settle(app, pilot)
        table = app.screen.query_one("#cohorts", DataTable)
        table.focus()
        for _ in range(8):
            await _settle(app, pilot)
            if table.row_count == len(every):
                break
            await pilot.press("down")
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == every
        assert t_count(app) == 5


def t_count(app) -> int:
    """The number in the cohorts panel's title."""
    import re

    from textual.widgets import Static

    from diklat.i18n import t

    prefix = t("home.cohorts_title", count=999).split("999")[0]
    for w in app.screen.query(Static):
        text = str(w.render())
        if text.startswith(prefix):
            return int(re.search(r"\d+", text[len(prefix) :]).group())
    raise AssertionError("no cohorts title")


async def test_a_page_of_cohorts_that_cannot_be_read_is_said_and_read_again(
    world: World, monkeypatch
) -> None:
    from textual.widgets import DataTable, Static

    import diklat.tui.screens.home as screen_module
    from diklat.domain.errors import DomainError
    from diklat.i18n import t
    from diklat.services import homes
    from diklat.tui.app import DiklatApp

    every = _more_cohorts_world(world)
    calls = []

    def flaky(db, actor, after):
        calls.append(after)
        if len(calls) == 1:
            raise DomainError("perm.denied")
        return homes.more_cohorts(db, actor, after, limit=2)

    monkeypatch.setattr(
        screen_module, "home", lambda db, actor: homes.home(db, actor, cohort_limit=2)
    )
    monkeypatch.setattr(screen_module, "more_cohorts", flaky)
    app = DiklatApp(world.db)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        app.logged_in(world.actor("ADMIN"))
        await _settle(app, pilot)
        table = app.screen.query_one("#cohorts", DataTable)
        table.focus()
        await pilot.press("down")
        await _settle(app, pilot)
        # the failed read is said on the home (no traceback), and a later one is made
        assert app.is_running and len(calls) >= 1
        assert t("perm.denied") in str(app.screen.query_one("#home-status", Static).render())
        for _ in range(8):
            if table.row_count == len(every):
                break
            await pilot.press("down")
            await _settle(app, pilot)
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == every
