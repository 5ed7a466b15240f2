"""The review screen tells one story (issue 16 part 6): after a decision it shows that
decision; each section opens at its top; nothing submitted, no decision form; a score
outside every level leaves the level the marker picked; the queue's version and
capacity columns are on screen at 120 columns."""

from __future__ import annotations

from review_support import rw, rworld_template, submit  # noqa: F401
from sqlalchemy import text
from textual.containers import VerticalScroll
from textual.widgets import DataTable, OptionList, RadioButton, Select, TextArea

from diklat.domain.workflow import Stage
from diklat.services import stages

SIZE = (120, 40)


async def settle(app, pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


async def _review(app, pilot, rw, who: str, participant: str, stage: Stage):
    from diklat.tui.screens.review.review import ReviewScreen

    await settle(app, pilot)
    app.logged_in(rw.actor(who))
    await settle(app, pilot)
    app.push_screen(ReviewScreen(rw.enrolments[participant], stage))
    await settle(app, pilot)
    return app.screen


async def test_after_a_decision_the_form_shows_that_decision(rw) -> None:
    from diklat.tui.app import DiklatApp

    submit(rw, "P1", Stage.SELF_ASSESSMENT)
    app = DiklatApp(rw.db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _review(app, pilot, rw, "C1", "P1", Stage.SELF_ASSESSMENT)
        screen.query_one("#review-overall", TextArea).focus()
        await pilot.press(*"Perjelas contohnya.")
        screen.query_one("#decide-revise", RadioButton).value = True
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        # The head says "Perlu revisi"; the form below says the same, with the comment sent.
        label = str(screen.query_one("#review-decision-label").render())
        assert "Perlu revisi" in label and "Coach Satu" in label, label
        assert screen.query_one("#decide-revise", RadioButton).value
        overall = screen.query_one("#review-overall", TextArea)
        assert overall.text == "Perjelas contohnya." and overall.disabled
        assert not screen.query_one("#review-save").display or (
            screen.query_one("#review-save").disabled
        )


async def test_each_section_opens_at_its_top(rw) -> None:
    from diklat.tui.app import DiklatApp

    submit(rw, "P1", Stage.SELF_ASSESSMENT)
    app = DiklatApp(rw.db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _review(app, pilot, rw, "C1", "P1", Stage.SELF_ASSESSMENT)
        sections = screen.query_one("#review-sections", OptionList)
        body = screen.query_one("#review-body", VerticalScroll)
        tall = None
        for i in range(sections.option_count):  # a section taller than its pane
            sections.highlighted = i
            await settle(app, pilot)
            if body.max_scroll_y > 0:
                tall = i
                break
        assert tall is not None
        body.scroll_y = body.max_scroll_y
        await settle(app, pilot)
        assert body.scroll_y > 0
        sections.highlighted = (tall + 1) % sections.option_count
        await settle(app, pilot)
        assert body.scroll_y == 0


async def test_a_document_never_submitted_shows_no_decision_form(rw) -> None:
    from diklat.tui.app import DiklatApp

    app = DiklatApp(rw.db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _review(app, pilot, rw, "X1", "P1", Stage.DESIGN)
        assert screen.data.version is None
        assert not screen.query_one("#review-bottom").display
        assert not screen.query_one("#review-comment").display


async def test_a_score_outside_every_level_leaves_the_level_picked(rw) -> None:
    from diklat.tui.app import DiklatApp
    from diklat.tui.screens.review.marking import MarkingScreen

    app = DiklatApp(rw.db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.logged_in(rw.actor("X1"))
        await settle(app, pilot)
        app.push_screen(MarkingScreen(rw.enrolments["P1"]))
        await settle(app, pilot)
        screen = app.screen
        options = screen.query_one("#mark-components", OptionList)
        options.highlighted = options.get_option_index("rancangan")
        await settle(app, pilot)
        level = screen.query_one("#level-gagasan", Select)
        level.value = "baik"
        await pilot.pause()
        screen.query_one("#score-gagasan").focus()
        await pilot.press("1", "5", "0")  # 1 and 15 fit the lowest level; 150 fits none
        await pilot.pause()
        assert level.value == "baik"
        await pilot.press("backspace", "backspace", "backspace", "8", "5")
        await pilot.pause()
        assert level.value == "baik"  # 85 is within "baik"


async def test_the_queue_shows_version_and_capacity_at_120_columns(rw) -> None:
    from diklat.tui.app import DiklatApp
    from diklat.tui.navigation import open_screen

    submit(rw, "P1", Stage.SELF_ASSESSMENT)
    with rw.db.write() as s:
        s.execute(
            text("UPDATE people SET name = :n WHERE id = :i"),
            {
                "n": "Dr. Hj. Raden Ayu Siti Nurhaliza Kusumawardhani Putri Pertiwi, S.Sos., M.Si.",
                "i": rw.pid("P1"),
            },
        )
    app = DiklatApp(rw.db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.logged_in(rw.actor("C1"))
        await settle(app, pilot)
        open_screen(app, "queue")
        await settle(app, pilot)
        table = app.screen.query_one("#queue-table", DataTable)
        assert table.row_count == 1
        header, row = table.render_line(0).text, table.render_line(1).text
        assert "Versi" in header and "Sebagai" in header, header
        assert "Coach" in row, row
    assert stages.get_stage(
        rw.db, rw.actor("P1"), rw.enrolments["P1"], Stage.SELF_ASSESSMENT
    ).versions
