"""Pilot-driven journeys through reviewing and marking (issue 4), on a real SQLite file.

No wall-clock waits: each step waits for the app's workers to finish.
"""

from __future__ import annotations

from decimal import Decimal as D
from itertools import permutations

import pytest
from review_support import PASSWORD, rw, rworld_template, self_assessment, submit  # noqa: F401
from textual.widgets import DataTable, Input, OptionList, Static, TextArea

from diklat.domain.workflow import Stage, State
from diklat.i18n import t
from diklat.services import marking, results, stages

SIZE = (120, 40)


async def settle(app, pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


async def click(app, pilot, selector: str) -> None:
    """Click a button as a person would: not while it still shows the previous press
    (Textual ignores a click during its 0.2 s "active" effect, which made a fast test flaky)."""
    while app.screen.query_one(selector).has_class("-active"):
        await pilot.pause(0.05)
    await pilot.click(selector)


def screen_text(app) -> str:
    parts = [str(w.render()) for w in app.screen.query(Static)]
    for table in app.screen.query(DataTable):
        for row in range(table.row_count):
            parts.extend(str(c) for c in table.get_row_at(row))
    for options in app.screen.query(OptionList):
        parts.extend(
            str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
        )
    return "\n".join(parts)


async def start(rw, who: str | None = None):
    from diklat.tui.app import DiklatApp

    app = DiklatApp(rw.db)
    return app


async def enter_as(app, pilot, rw, who: str) -> None:
    """Skip the password check (tested elsewhere): the app continues as after a log-in."""
    await settle(app, pilot)
    app.logged_in(rw.actor(who))
    await settle(app, pilot)


async def log_in(app, pilot, login: str, password: str) -> None:
    await settle(app, pilot)
    await pilot.click("#login-user")
    await pilot.press(*login)
    await pilot.press("enter")
    await pilot.press(*password)
    await pilot.press("enter")
    await settle(app, pilot)


async def move_to(pilot, current, target, limit: int = 30) -> None:
    """Press Down until ``current()`` is ``target`` (at most ``limit`` times)."""
    for _ in range(limit):
        if current() == target:
            return
        await pilot.press("down")
    assert current() == target


async def type_into(pilot, app, selector: str, text: str) -> None:
    app.screen.query_one(selector).focus()
    await pilot.pause()
    await pilot.press(*text)


# --- reviewing ----------------------------------------------------------------------------------


async def test_revision_resubmission_changes_and_approval(rw):
    """The coach asks for a revision, the participant sees the comment and resubmits,
    the coach sees what changed and approves, moving on with one key."""
    from diklat.tui.screens.review.review import ReviewScreen

    eid = rw.enrolments["P1"]
    submit(rw, "P1", Stage.SELF_ASSESSMENT)
    app = await start(rw)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, rw.logins["C1"], PASSWORD)
        assert "Peserta Satu" in screen_text(app)
        # Enter on the waiting list opens the submission
        app.screen.query_one("#waiting", DataTable).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert t("review.first_version") in screen_text(app)
        # choose the "strengths" section and comment on it
        sections = app.screen.query_one("#review-sections", OptionList)
        sections.focus()
        await move_to(
            pilot, lambda: sections.get_option_at_index(sections.highlighted).id, "strengths"
        )
        await type_into(pilot, app, "#review-comment", "Beri contoh nyata.")
        await type_into(pilot, app, "#review-overall", "Bagian lain sudah baik.")
        # saving without a decision says what to do
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert t("review.pick_decision") in screen_text(app)
        app.screen.query_one("#review-decision").focus()
        await pilot.press("down", "enter")  # "Request a revision"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert t("review.saved_revision") in screen_text(app)

        # the participant sees the comment and resubmits (through the services)
        view = stages.get_stage(rw.db, rw.actor("P1"), eid, Stage.SELF_ASSESSMENT)
        assert view.state is State.REVISION_REQUESTED
        assert ("strengths", "Beri contoh nyata.") in [
            (c.section, c.text) for c in view.latest_review.comments
        ]
        submit(
            rw,
            "P1",
            Stage.SELF_ASSESSMENT,
            self_assessment("Tekun; contoh: laporan bulanan selalu tepat waktu."),
        )

        # back home, N opens the oldest waiting submission: version 2 with its changes
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
        text = screen_text(app)
        assert t("review.changed_count", count=1, previous=1) in text
        assert "{+" in str(app.screen.query_one("#review-diff", Static).render())
        assert "Beri contoh nyata." in text  # the earlier comment next to the section
        app.screen.query_one("#review-decision").focus()
        await pilot.press("enter")  # "Approve" (the first choice)
        await pilot.press("ctrl+g")  # save and show next: nothing else waits, back to the home
        await settle(app, pilot)
        assert not isinstance(app.screen, ReviewScreen)
    assert (
        stages.get_stage(rw.db, rw.actor("P1"), eid, Stage.SELF_ASSESSMENT).state is State.APPROVED
    )


async def test_save_and_next_opens_the_next_waiting_submission(rw):
    from diklat.tui.screens.review.review import ReviewScreen

    submit(rw, "P1", Stage.SELF_ASSESSMENT)
    submit(rw, "P2", Stage.SELF_ASSESSMENT)
    app = await start(rw)
    async with app.run_test(size=SIZE) as pilot:
        await enter_as(app, pilot, rw, "K1")
        await pilot.press("t")  # the queue
        await settle(app, pilot)
        assert "Peserta Dua" in screen_text(app)
        await pilot.press("enter")
        await settle(app, pilot)
        assert (
            isinstance(app.screen, ReviewScreen) and app.screen.data.participant == "Peserta Satu"
        )
        assert t("review.on_behalf", name="Coach Satu") in screen_text(app)
        app.screen.query_one("#review-decision").focus()
        await pilot.press("enter")
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen) and app.screen.data.participant == "Peserta Dua"
    assert (
        stages.get_stage(rw.db, rw.actor("K1"), rw.enrolments["P1"], Stage.SELF_ASSESSMENT).state
        is State.APPROVED
    )


async def test_stale_decision_rejected_with_message_and_comments_kept(rw):
    from diklat.services import review

    eid = rw.enrolments["P1"]
    submit(rw, "P1", Stage.SELF_ASSESSMENT)
    app = await start(rw)
    async with app.run_test(size=SIZE) as pilot:
        await enter_as(app, pilot, rw, "C1")
        app.screen.query_one("#waiting", DataTable).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        # meanwhile the coordinator approves on the coach's behalf
        data = review.open_review(rw.db, rw.actor("K1"), eid, Stage.SELF_ASSESSMENT)
        review.decide(
            rw.db,
            rw.actor("K1"),
            eid,
            Stage.SELF_ASSESSMENT,
            approve=True,
            expected_version=data.row_version,
        )
        await type_into(pilot, app, "#review-comment", "Perlu data dukung.")
        app.screen.query_one("#review-decision").focus()
        await pilot.press("down", "enter")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        status = str(app.screen.query_one("#review-status", Static).render())
        assert "Koordinator A" in status and t("state.approved") in status
        # nothing typed is lost
        assert app.screen.comments.get(app.screen.section) == "Perlu data dukung."
        assert app.screen.query_one("#review-comment", TextArea).text == "Perlu data dukung."
    assert (
        stages.get_stage(rw.db, rw.actor("P1"), eid, Stage.SELF_ASSESSMENT).latest_review.decision
        == "approved"
    )


async def test_comment_bank_inserts_into_the_comment(rw):
    from diklat.services import comment_bank

    comment_bank.add_comment(
        rw.db, rw.actor("C1"), "Tambahkan data pendukung yang terukur.", "strengths"
    )
    submit(rw, "P1", Stage.SELF_ASSESSMENT)
    app = await start(rw)
    async with app.run_test(size=SIZE) as pilot:
        await enter_as(app, pilot, rw, "C1")
        app.screen.query_one("#waiting", DataTable).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        sections = app.screen.query_one("#review-sections", OptionList)
        sections.focus()
        await move_to(
            pilot, lambda: sections.get_option_at_index(sections.highlighted).id, "strengths"
        )
        app.screen.query_one("#review-comment").focus()
        await pilot.press("ctrl+b")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert (
            app.screen.query_one("#review-comment", TextArea).text
            == "Tambahkan data pendukung yang terukur."
        )
        # a comment written here goes into the bank with Ctrl+T (overall: for any section)
        await type_into(pilot, app, "#review-overall", "Secara umum sudah runtut.")
        # keep the draft now: its own status line, due a second after typing, would
        # otherwise replace the bank's on a slow machine
        app.screen._cancel_draft_timer()
        app.screen._keep_draft()
        await settle(app, pilot)
        await pilot.press("ctrl+k")
        await settle(app, pilot)
        assert t("review.to_bank_done") in screen_text(app)
    assert ("", "Secara umum sudah runtut.") in [
        (e.section, e.text) for e in comment_bank.list_bank(rw.db, rw.actor("C1"))
    ]


# --- marking ----------------------------------------------------------------------------------------

MARKER_KEYS = {"X1": "penguji", "C1": "coach", "M1": "mentor"}


async def open_marking(app, pilot, rw, who: str) -> None:
    from diklat.tui.screens.review.marking import MarkingScreen

    await enter_as(app, pilot, rw, who)
    await pilot.press("m")
    await settle(app, pilot)
    table = app.screen.query_one("#marking-table", DataTable)
    table.focus()
    await move_to(pilot, lambda: app.screen.rows[table.cursor_row].participant, "Peserta Satu")
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, MarkingScreen)


async def pick_component(app, pilot, code: str) -> None:
    options = app.screen.query_one("#mark-components", OptionList)
    options.focus()
    await pilot.pause()
    await move_to(pilot, lambda: options.get_option_at_index(options.highlighted).id, code)
    await settle(app, pilot)


async def choose_direct(app, pilot) -> None:
    app.screen.query_one("#mark-method").focus()
    await pilot.press("down", "enter")
    await settle(app, pilot)


@pytest.mark.parametrize("first, second", list(permutations(MARKER_KEYS, 2)))
async def test_blind_marking_between_each_pair_of_markers(rw, first, second):
    marking.save_mark(
        rw.db, rw.actor(first), rw.enrolments["P1"], "rancangan", score="72", expected_version=None
    )
    app = await start(rw)
    async with app.run_test(size=SIZE) as pilot:
        await open_marking(app, pilot, rw, second)
        await pick_component(app, pilot, "rancangan")
        others = str(app.screen.query_one("#mark-others", Static).render())
        assert t("marking.others_hidden", count=1) in others and "72" not in others
        await choose_direct(app, pilot)
        await type_into(pilot, app, "#mark-direct", "91,5")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert t("marking.saved", component=app.screen._comp().label, score="91,50") in screen_text(
            app
        )
        others = str(app.screen.query_one("#mark-others", Static).render())
        assert "72,00" in others and rw.actor(first).name in others
        # 91.50 - 72.00 = 19.50 > 15: both markers now see the component flagged
        assert "⚠" in others
    sheet = marking.mark_sheet(rw.db, rw.actor(second), rw.enrolments["P1"]).component("rancangan")
    assert sheet.slots[0].mark.score == D("91.50")


async def test_rubric_total_updates_live_and_is_saved(rw):
    """The worked example of the design rubric, typed into the screen:
    (20*85 + 20*78.5 + 20*90 + 15*70.25 + 25*88) / 100 = 8323.75 / 100 = 83.2375 -> 83.24."""
    app = await start(rw)
    async with app.run_test(size=SIZE) as pilot:
        await open_marking(app, pilot, rw, "X1")
        await pick_component(app, pilot, "rancangan")
        scores = {"diagnosis": "85", "gagasan": "78,5", "milestone": "90", "stakeholder": "70,25"}
        for code, value in scores.items():
            await type_into(pilot, app, f"#score-{code}", value)
        total = str(app.screen.query_one("#mark-total", Static).render())
        assert t("marking.total_partial", filled=4, count=5) in total
        await type_into(pilot, app, "#score-penyajian", "88")
        await pilot.pause()
        total = str(app.screen.query_one("#mark-total", Static).render())
        assert "83,24" in total
        # typing a score picked its level
        from textual.widgets import Select

        assert app.screen.query_one("#level-gagasan", Select).value == "cukup"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    mark = (
        marking.mark_sheet(rw.db, rw.actor("X1"), rw.enrolments["P1"])
        .component("rancangan")
        .slots[0]
        .mark
    )
    assert mark.score == D("83.24") and (mark.rubric_code, mark.rubric_version) == (
        "rancangan-default",
        1,
    )
    assert len(mark.criteria) == 5


async def test_stale_mark_rejected_with_message_and_values_kept(rw):
    app = await start(rw)
    async with app.run_test(size=SIZE) as pilot:
        await open_marking(app, pilot, rw, "M1")
        await pick_component(app, pilot, "laporan")
        await choose_direct(app, pilot)
        # meanwhile the coordinator records the mentor's mark from a phone call
        marking.save_mark(
            rw.db,
            rw.actor("K1"),
            rw.enrolments["P1"],
            "laporan",
            score="75",
            expected_version=None,
            marker_id=rw.pid("M1"),
        )
        await type_into(pilot, app, "#mark-direct", "80")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        status = str(app.screen.query_one("#mark-status", Static).render())
        assert "Koordinator A" in status and "75,00" in status.replace(".", ",")
        assert app.screen.query_one("#mark-direct", Input).value == "80"
        # saving again, knowingly, replaces it
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    mark = (
        marking.mark_sheet(rw.db, rw.actor("M1"), rw.enrolments["P1"])
        .component("laporan")
        .slots[0]
        .mark
    )
    assert mark.score == D("80.00") and mark.recorded_by is None


async def test_coordinator_records_a_mentor_mark_on_their_behalf(rw):
    from textual.widgets import Select

    app = await start(rw)
    async with app.run_test(size=SIZE) as pilot:
        await open_marking(app, pilot, rw, "K1")
        await pick_component(app, pilot, "rancangan")
        app.screen.query_one("#mark-as", Select).value = rw.pid("M1")
        await settle(app, pilot)
        assert t("marking.on_behalf_note", name="Mentor Satu") in screen_text(app)
        await choose_direct(app, pilot)
        await type_into(pilot, app, "#mark-direct", "77")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    mark = (
        marking.mark_sheet(rw.db, rw.actor("M1"), rw.enrolments["P1"])
        .component("rancangan")
        .slots[0]
        .mark
    )
    assert (mark.marker, mark.recorded_by, mark.score) == (
        "Mentor Satu",
        "Koordinator A",
        D("77.00"),
    )


# --- moderation and release -----------------------------------------------------------------------


async def test_tolerance_breach_flagged_settled_and_results_released(rw):
    from diklat.tui.screens.review.moderation import ModerationScreen

    eid = rw.enrolments["P1"]
    for who, comp, score in (
        ("C1", "sikap", "80"),
        ("X1", "rancangan", "85"),
        ("X1", "laporan", "60"),
        ("M1", "laporan", "90"),
    ):
        marking.save_mark(rw.db, rw.actor(who), eid, comp, score=score, expected_version=None)
    app = await start(rw)
    async with app.run_test(size=SIZE) as pilot:
        # the participant sees no marks before the release
        await enter_as(app, pilot, rw, "P1")
        assert t("home.results_pending") in screen_text(app)
        assert "86" not in screen_text(app)
        app.log_out()
        await enter_as(app, pilot, rw, "K1")
        await pilot.press("o")
        await settle(app, pilot)
        assert isinstance(app.screen, ModerationScreen)
        assert t("moderation.state.flagged") in screen_text(app)
        # release is refused while a component waits
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert t("release.flagged", count=1) in screen_text(app)
        # settle it: the row, a score, a reason, Ctrl+S
        app.screen.query_one("#mod-table", DataTable).focus()
        await pilot.pause()
        await type_into(pilot, app, "#mod-score", "78")
        await type_into(pilot, app, "#mod-reason", "Disepakati setelah diskusi penguji dan mentor.")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert t("moderation.state.settled", score="78,00") in screen_text(app)
        # release
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert t("moderation.release_done", cohort="ANGK-A") in screen_text(app)
        app.log_out()
        await enter_as(app, pilot, rw, "P1")
        text = screen_text(app)
        # (20*80 + 30*85 + 50*78) / 100 = 80.50 -> Memuaskan
        assert "80,50" in text and "Memuaskan" in text
    assert results.my_results(rw.db, rw.actor("P1"), eid).final == D("80.50")


async def test_help_exists_for_every_review_screen(rw):
    submit(rw, "P1", Stage.SELF_ASSESSMENT)
    app = await start(rw)
    async with app.run_test(size=SIZE) as pilot:
        await enter_as(app, pilot, rw, "K1")
        for key, help_key in (
            ("t", "help.review_queue"),
            ("m", "help.marking_list"),
            ("b", "help.comment_bank"),
            ("o", "help.moderation"),
        ):
            await pilot.press(key)
            await settle(app, pilot)
            assert app.screen.HELP_KEY == help_key
            await pilot.press("f1")
            await settle(app, pilot)
            from textual.widgets import Markdown

            assert app.screen.query(Markdown)
            await pilot.press("escape")
            await pilot.press("escape")
            await settle(app, pilot)


async def test_typed_review_comments_survive_closing_the_terminal(rw):
    """Comments and the decision picked are kept a moment after each change; a new
    session finds them in place, and sending the decision uses them and clears the draft."""
    from diklat.tui.screens.review.review import DRAFT_DELAY, ReviewScreen

    eid = rw.enrolments["P1"]
    submit(rw, "P1", Stage.SELF_ASSESSMENT)

    async def open_it(app, pilot):
        await enter_as(app, pilot, rw, "C1")
        await app.push_screen(ReviewScreen(eid, Stage.SELF_ASSESSMENT))
        await settle(app, pilot)
        sections = app.screen.query_one("#review-sections", OptionList)
        sections.focus()
        await move_to(
            pilot, lambda: sections.get_option_at_index(sections.highlighted).id, "strengths"
        )
        return sections

    app = await start(rw)
    async with app.run_test(size=SIZE) as pilot:
        await open_it(app, pilot)
        await type_into(pilot, app, "#review-comment", "Beri contoh nyata.")
        await type_into(pilot, app, "#review-overall", "Bagian lain baik.")
        app.screen.query_one("#review-decision").focus()
        await pilot.press("down", "enter")  # "Request a revision"
        await pilot.pause(DRAFT_DELAY + 0.5)  # the pause after typing that triggers the keeping
        await settle(app, pilot)
        assert t("review.draft_saved", time="")[:20] in str(
            app.screen.query_one("#review-status").render()
        )
    # the terminal closed: nothing was sent, everything typed is kept
    assert (
        stages.get_stage(rw.db, rw.actor("P1"), eid, Stage.SELF_ASSESSMENT).state is State.SUBMITTED
    )

    app = await start(rw)
    async with app.run_test(size=SIZE) as pilot:
        await open_it(app, pilot)
        screen = app.screen
        assert screen.query_one("#review-comment", TextArea).text == "Beri contoh nyata."
        assert screen.query_one("#review-overall", TextArea).text == "Bagian lain baik."
        assert screen._decision() is False
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert t("review.saved_revision") in screen_text(app)
    view = stages.get_stage(rw.db, rw.actor("P1"), eid, Stage.SELF_ASSESSMENT)
    assert [(c.section, c.text) for c in view.latest_review.comments] == [
        ("strengths", "Beri contoh nyata."),
        ("", "Bagian lain baik."),
    ]
    from sqlalchemy import select

    from diklat.db.models import ReviewDraft

    with rw.db.read() as s:
        assert s.scalars(select(ReviewDraft)).all() == []


async def test_leaving_the_review_at_once_still_keeps_the_comment(rw):
    from diklat.services import review as review_service
    from diklat.tui.screens.review.review import ReviewScreen

    eid = rw.enrolments["P1"]
    submit(rw, "P1", Stage.SELF_ASSESSMENT)
    app = await start(rw)
    async with app.run_test(size=SIZE) as pilot:
        await enter_as(app, pilot, rw, "C1")
        await app.push_screen(ReviewScreen(eid, Stage.SELF_ASSESSMENT))
        await settle(app, pilot)
        await type_into(pilot, app, "#review-overall", "Cek lagi angka.")
        await pilot.press("escape")  # within the pause
        await settle(app, pilot)
        assert not isinstance(app.screen, ReviewScreen)
    draft = review_service.open_review(rw.db, rw.actor("C1"), eid, Stage.SELF_ASSESSMENT).draft
    assert draft is not None and draft.comments == [("", "Cek lagi angka.")]


async def test_examiner_reads_the_document_from_the_marking_sheet(rw):
    from diklat.tui.screens.review.marking import MarkingScreen
    from diklat.tui.screens.review.review import ReviewScreen

    app = await start(rw)
    async with app.run_test(size=SIZE) as pilot:
        await open_marking(app, pilot, rw, "X1")
        await pick_component(app, pilot, "laporan")
        await pilot.press("f3")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen) and app.screen.stage is Stage.REPORT
        assert t("review.no_version") in screen_text(app) and not app.screen.data.can_decide
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, MarkingScreen)


async def test_comment_bank_screen_imports_all_or_nothing_and_exports(rw, tmp_path):
    from diklat.services import comment_bank
    from diklat.tui.screens.review.bank import CommentBankScreen

    bad = tmp_path / "bank.csv"
    bad.write_text(
        "section,text\nproblem_statement,Sertakan data awal.\nbukan_bagian,Teks\n", encoding="utf-8"
    )
    app = await start(rw)
    async with app.run_test(size=SIZE) as pilot:
        await enter_as(app, pilot, rw, "C1")
        await pilot.press("b")
        await settle(app, pilot)
        assert isinstance(app.screen, CommentBankScreen)
        app.screen.query_one("#bank-path", Input).value = str(bad)
        await click(app, pilot, "#bank-import")
        await settle(app, pilot)
        status = str(app.screen.query_one("#bank-status", Static).render())
        assert t("bank.csv_invalid", count=1) in status and "3" in status
        assert comment_bank.list_bank(rw.db, rw.actor("C1")) == []
        bad.write_text("section,text\nproblem_statement,Sertakan data awal.\n", encoding="utf-8")
        await click(app, pilot, "#bank-import")
        await settle(app, pilot)
        assert t("review.bank.imported", added=1, skipped=0) in screen_text(app)
        out = tmp_path / "keluar.csv"
        app.screen.query_one("#bank-path", Input).value = str(out)
        await click(app, pilot, "#bank-export")
        await settle(app, pilot)
        assert (
            out.read_text(encoding="utf-8")
            == "section,text\nproblem_statement,Sertakan data awal.\n"
        )
        # exporting onto an existing file asks first
        await click(app, pilot, "#bank-export")
        await settle(app, pilot)
        assert t("review.bank.overwrite", path=str(out)) in screen_text(app)


async def test_queue_filters_are_chosen_from_the_keyboard_and_the_mouse(rw):
    """The cohort, stage and status filters: a number key (or Tab and Enter, or a click)
    opens the choice's options, arrows and Enter choose, Esc leaves it as it was."""
    from review_support import StatementCounter, submitted

    from diklat.services import review
    from diklat.tui.screens.review.queue import QueueScreen
    from diklat.tui.widgets.choice import Choice, ChoicePicker

    submit(rw, "P1", Stage.SELF_ASSESSMENT)
    submitted(rw, "P2", Stage.DIAGNOSIS)
    app = await start(rw)
    async with app.run_test(size=SIZE) as pilot:
        await enter_as(app, pilot, rw, "K1")
        await pilot.press("t")
        await settle(app, pilot)
        queue = app.screen
        assert isinstance(queue, QueueScreen)
        # the options are not on screen until a filter is opened
        assert not queue.query(OptionList)
        assert "Peserta Satu" in screen_text(app) and "Peserta Dua" in screen_text(app)

        with StatementCounter(rw.db) as choosing:
            await pilot.press("2")  # the stage
            await settle(app, pilot)
            assert isinstance(app.screen, ChoicePicker)
            assert t("stage.diagnosis") in screen_text(app)
            await pilot.press("down", "down", "enter")  # all stages → self-assessment → diagnosis
            await settle(app, pilot)
        assert app.screen is queue and queue.filter.stage is Stage.DIAGNOSIS
        # read once for the new filter (not again as the queue shows after the options)
        with StatementCounter(rw.db) as once:
            review.queue(rw.db, rw.actor("K1"), queue.filter)
        assert choosing.count == once.count
        assert t("stage.diagnosis") in str(queue.query_one("#f-stage", Choice).render())
        text = screen_text(app)
        assert "Peserta Dua" in text and "Peserta Satu" not in text

        await pilot.press("1")  # the cohort: Esc closes without a change
        await settle(app, pilot)
        assert "ANGK-A" in screen_text(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is queue and queue.filter.cohort_id is None

        queue.query_one("#f-cohort").focus()
        await pilot.press("enter", "down", "enter")  # Tab-reached filter, Enter opens it
        await settle(app, pilot)
        assert queue.filter.cohort_id == rw.cohorts["A"] and queue.filter.stage is Stage.DIAGNOSIS
        assert "Peserta Dua" in screen_text(app)

        await pilot.click("#f-state")  # the mouse: all statuses (second option)
        await settle(app, pilot)
        assert isinstance(app.screen, ChoicePicker)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert app.screen is queue and queue.filter.state is None
        assert t("review.queue.all_states") in str(queue.query_one("#f-state", Choice).render())


async def test_a_long_choice_is_filtered_by_typing(rw):
    from textual.app import App

    from diklat.tui.widgets.choice import Choice, ChoicePicker

    options = [("Semua", "all")] + [(f"ANGK-{i:03d} [b]x[/b]", str(i)) for i in range(40)]
    chosen: list[str] = []

    class One(App):
        def compose(self):
            yield Choice("Angkatan", options, "all", id="c")

        def on_choice_changed(self, event: Choice.Changed) -> None:
            chosen.append(event.value)

    app = One()
    async with app.run_test(size=SIZE) as pilot:
        app.query_one("#c").focus()
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, ChoicePicker)
        await pilot.press(*"017")
        await pilot.pause()
        listed = app.screen.query_one(OptionList)
        assert [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)] == [
            "ANGK-017 [b]x[/b]"
        ]
        await pilot.press("enter")
        await pilot.pause()
        assert chosen == ["17"] and app.query_one("#c", Choice).value == "17"
        assert "ANGK-017 [b]x[/b]" in str(
            app.query_one("#c", Choice).render()
        )  # literally, not as markup
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"zzz")
        await pilot.pause()
        await pilot.press("enter")  # nothing matches: nothing is chosen
        await pilot.pause()
        assert isinstance(app.screen, ChoicePicker)
        await pilot.press("escape")
        await pilot.pause()
        assert chosen == ["17"]


async def test_at_80x24_the_submission_keeps_rows_to_read(rw):
    """At 80x24 the fixed-height comment and decision parts left the submission's panel
    no rows at all; the short layout gives it at least four."""
    submit(rw, "P1", Stage.SELF_ASSESSMENT)
    app = await start(rw)
    async with app.run_test(size=(80, 24)) as pilot:
        await enter_as(app, pilot, rw, "C1")
        app.screen.query_one("#waiting", DataTable).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.has_class("-short")
        assert app.screen.query_one("#review-body").region.height >= 4
        assert app.screen.query_one("#review-comment").region.height >= 3
        await pilot.resize_terminal(120, 40)
        await settle(app, pilot)
        assert not app.screen.has_class("-short")
        assert app.screen.query_one("#review-comment").region.height == 6
