"""The marking list is read a page at a time (issue 6, memory): an administrator oversees
every participant of every cohort, and the list must not hold them all at once."""

from __future__ import annotations

import pytest
from review_support import rw, rworld_template  # noqa: F401
from sqlalchemy import event
from textual.widgets import DataTable

from diklat.i18n import t
from diklat.services import marking

SIZE = (120, 40)


def _pages(db, actor, size: int) -> list[marking.MarkingPage]:
    pages, after = [], None
    while True:
        page = marking.marking_page(db, actor, limit=size, after=after)
        pages.append(page)
        if page.next_after is None:
            return pages
        after = page.next_after
        assert len(pages) < 20, "paging does not end"


@pytest.mark.parametrize("who", ["ADMIN", "K1", "K2", "C1", "M1", "X1", "P1"])
@pytest.mark.parametrize("size", [1, 2, 200])
def test_pages_together_are_the_whole_list_in_order(rw, who, size):
    whole = marking.marking_list(rw.db, rw.actor(who))
    pages = _pages(rw.db, rw.actor(who), size)
    assert [r for p in pages for r in p.rows] == whole
    assert all(len(p.rows) <= size for p in pages)


def test_an_administrator_reads_one_page_with_the_same_statements_as_the_whole_list(rw):
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(rw.db.engine, "before_cursor_execute", count)
    try:
        first = marking.marking_page(rw.db, rw.actor("ADMIN"), limit=1)
        one_page = len(statements)
        statements.clear()
        marking.marking_page(rw.db, rw.actor("ADMIN"), limit=1, after=first.next_after)
        next_page = len(statements)
    finally:
        event.remove(rw.db.engine, "before_cursor_execute", count)
    assert len(first.rows) == 1 and first.next_after is not None
    assert one_page == next_page  # a page costs a fixed number of statements


async def test_the_screen_reads_more_as_the_cursor_nears_the_end(rw, monkeypatch):
    from diklat.tui.app import DiklatApp
    from diklat.tui.screens.review.marking import MarkingListScreen

    real = marking.marking_page
    monkeypatch.setattr(
        marking, "marking_page", lambda db, actor, **kw: real(db, actor, **{**kw, "limit": 1})
    )
    app = DiklatApp(rw.db)
    async with app.run_test(size=SIZE) as pilot:

        async def settle():
            for _ in range(3):
                await pilot.pause()
                await app.workers.wait_for_complete()

        await settle()
        app.actor = rw.actor("ADMIN")
        await app.push_screen(MarkingListScreen())
        await settle()
        table = app.screen.query_one("#marking-table", DataTable)
        # one page read; the cursor on its last row asks for the next, until all are in
        # (a bound on tries, not on time: a loaded machine may need more than one turn)
        for _ in range(50):
            await settle()
            if app.screen.next_after is None:
                break
            await pilot.press("down")
        whole = marking.marking_list(rw.db, rw.actor("ADMIN"))
        assert table.row_count == len(whole) == 3
        assert [str(table.get_row_at(i)[0]) for i in range(3)] == [r.participant for r in whole]
        assert str(app.screen.query_one("#marking-list-status").render()).startswith(
            t("marking.list.summary", participants=3, todo=0).split(";")[0]
        )


async def test_a_page_that_cannot_be_read_is_said_and_read_again(rw, monkeypatch):
    from diklat.domain.errors import DomainError
    from diklat.tui.app import DiklatApp
    from diklat.tui.screens.review.marking import MarkingListScreen

    real, calls = marking.marking_page, []

    def flaky(db, actor, **kw):
        calls.append(kw.get("after"))
        if kw.get("after") is not None and len([c for c in calls if c is not None]) == 1:
            raise DomainError("perm.denied")
        return real(db, actor, **{**kw, "limit": 1})

    monkeypatch.setattr(marking, "marking_page", flaky)
    app = DiklatApp(rw.db)
    async with app.run_test(size=SIZE) as pilot:

        async def settle():
            for _ in range(3):
                await pilot.pause()
                await app.workers.wait_for_complete()

        await settle()
        app.actor = rw.actor("ADMIN")
        await app.push_screen(MarkingListScreen())
        await settle()
        table = app.screen.query_one("#marking-table", DataTable)
        # the cursor on the last row read asks for the next page, which fails once: said in
        # the status line, and asked for again when the cursor moves (it was never read again)
        for _ in range(6):
            await settle()
            if app.screen.next_after is None:
                break
            await pilot.press("down")
        assert table.row_count == len(marking.marking_list(rw.db, rw.actor("ADMIN"))) == 3
        assert (
            app.is_running and len([c for c in calls if c is not None]) >= 3
        )  # the failed page asked for twice


async def test_a_page_read_twice_for_the_same_place_is_shown_once(rw, monkeypatch):
    """The screen reads its first page on mount and again on resume, and each may send
    the cursor's request for the next: both answers came back and were both appended
    (4 rows for 3 participants, seen in a full run). The second is now dropped."""
    from diklat.tui.app import DiklatApp
    from diklat.tui.screens.review.marking import MarkingListScreen

    admin = rw.actor("ADMIN")
    first = marking.marking_page(rw.db, admin, limit=1)
    second = marking.marking_page(rw.db, admin, limit=1, after=first.next_after)
    app = DiklatApp(rw.db)
    async with app.run_test(size=SIZE) as pilot:
        app.actor = admin
        screen = MarkingListScreen()
        monkeypatch.setattr(screen, "load", lambda: None)  # the answers come from the test
        monkeypatch.setattr(screen, "_read_more_near", lambda row: None)
        await app.push_screen(screen)
        await pilot.pause()
        screen.show(first)
        asked = screen.next_after
        screen.show_more(second, asked)
        screen.show_more(second, asked)  # the same request's twin, answered late
        await pilot.pause()
        table = screen.query_one("#marking-table", DataTable)
        assert table.row_count == 2
        assert [r.participant for r in screen.rows] == [first.rows[0].participant,
                                                        second.rows[0].participant]  # fmt: skip
