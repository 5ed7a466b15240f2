"""Closed screens are let go (issue 6, memory): nothing of the app keeps them alive.

Textual keeps a widget that watches the app (a TextArea watches ``theme``, a Header
``title``) in the app's watcher list until that attribute changes again; through it
every stage screen ever opened stayed in memory. The app drops such watchers when the
screens change. Checked with weak references, not by measuring memory.
"""

from __future__ import annotations

import gc
import weakref

from diklat.domain.workflow import Stage
from diklat.tui.screens.participant import screen_class

from factories import World

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
