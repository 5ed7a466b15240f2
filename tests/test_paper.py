"""Stages done on paper (issue 14 part 8): the coordinator approves chosen stages for
many participants at once with a note, so a cohort that worked on paper graduates
through diklat without a change to its rules. One transaction, the workflow's order
kept, recorded as the workflow records an approval (a version, the reviewer's approval
entered by the coordinator, the note as its comment) and audited. Services, the
command line and the app."""

from __future__ import annotations

import pytest
from cli_runner import run_cli
from factories import World, snapshot
from sqlalchemy import select

from diklat.db.models import AuditEntry, Comment, Review, StageRecord, Submission
from diklat.domain.workflow import REQUIRED_FOR_GRADUATION, STAGES, Stage, State
from diklat.i18n import t
from diklat.services import cohort_admin
from diklat.services.errors import Forbidden, Invalid, NotFound
from diklat.services.graduation import cohort_results
from diklat.services.paper import approve_on_paper, parse_ndhs

A = "ANGK-A"
NOTE = "Dikerjakan di atas kertas, dicatat oleh penyelenggara."
FIRST_TWO = [Stage.SELF_ASSESSMENT, Stage.DIAGNOSIS]


def states(world: World, key: str) -> dict[str, str]:
    with world.db.read() as s:
        return dict(
            s.execute(
                select(StageRecord.stage, StageRecord.state).where(
                    StageRecord.enrolment_id == world.enrolments[key]
                )
            ).all()
        )


def stage_reasons(world: World, key: str) -> set[str]:
    rows = cohort_results(world.db, world.actor("K1"), A).rows
    row = next(r for r in rows if r.enrolment_id == world.enrolments[key])
    return {
        str(r.param("stage")) for r in row.reasons if r.key == "result.reason.stage_not_approved"
    }


def test_ndh_lists_read_as_people_write_them() -> None:
    assert parse_ndhs("1-3, 7 9") == [1, 2, 3, 7, 9]
    assert parse_ndhs("") is None and parse_ndhs("semua") is None
    for bad in ("1-", "a", "5-2"):
        with pytest.raises(Invalid):
            parse_ndhs(bad)


def test_every_required_stage_approved_on_paper_clears_the_stage_reasons(world: World) -> None:
    assert stage_reasons(world, "P1") == {s.value for s in REQUIRED_FOR_GRADUATION}
    done = approve_on_paper(world.db, world.actor("K1"), A, list(STAGES), NOTE)
    assert (done.approved, done.already, done.participants) == (14, 0, 2)
    assert set(states(world, "P2").values()) == {State.APPROVED.value}
    assert stage_reasons(world, "P1") == stage_reasons(world, "P2") == set()
    again = approve_on_paper(world.db, world.actor("K1"), A, FIRST_TWO, NOTE, [1])
    assert (again.approved, again.already) == (0, 2)


def test_an_approval_on_paper_is_recorded_like_a_review_on_the_reviewers_behalf(
    world: World,
) -> None:
    approve_on_paper(world.db, world.actor("K1"), A, FIRST_TWO, f"  {NOTE}  ", [1])
    with world.db.read() as s:
        sub = s.scalars(
            select(Submission).where(
                Submission.enrolment_id == world.enrolments["P1"],
                Submission.stage == Stage.DIAGNOSIS.value,
            )
        ).one()
        review = s.scalars(select(Review).where(Review.submission_id == sub.id)).one()
        comment = s.scalars(select(Comment).where(Comment.submission_id == sub.id)).one()
        entries = list(
            s.execute(
                select(AuditEntry.action, AuditEntry.on_behalf_of, AuditEntry.new).where(
                    AuditEntry.action.like("%on_paper")
                )
            )
        )
        assert sub.submitted_by == world.pid("P1") and sub.number == 1
        assert (review.reviewer_id, review.recorded_by) == (world.pid("C1"), world.pid("K1"))
        assert review.decision == State.APPROVED.value and comment.text == NOTE
    per_stage = [e for e in entries if e.action == "stage_approved_on_paper"]
    assert len(per_stage) == 2 and {e.on_behalf_of for e in per_stage} == {world.pid("C1")}
    assert per_stage[0].new["note"] == NOTE
    assert [e.new["approved"] for e in entries if e.action == "stages_approved_on_paper"] == [2]


def test_the_workflows_order_holds_and_a_refusal_writes_nothing(world: World) -> None:
    before = snapshot(world.db)
    with pytest.raises(Invalid) as caught:
        approve_on_paper(
            world.db, world.actor("K1"), A, [Stage.SELF_ASSESSMENT, Stage.DESIGN], NOTE
        )
    assert caught.value.key == "paper.prerequisite"
    for stages, note, ndhs, key in (
        (FIRST_TWO, "   ", None, "paper.note_required"),
        ([], NOTE, None, "paper.no_stage"),
    ):
        with pytest.raises(Invalid) as caught:
            approve_on_paper(world.db, world.actor("K1"), A, stages, note, ndhs)
        assert caught.value.key == key
    with pytest.raises(NotFound):
        approve_on_paper(world.db, world.actor("K1"), A, FIRST_TWO, NOTE, [1, 42])
    with pytest.raises(Forbidden):
        approve_on_paper(world.db, world.actor("K2"), A, FIRST_TWO, NOTE)
    with pytest.raises(Forbidden):
        approve_on_paper(world.db, world.actor("C1"), A, FIRST_TWO, NOTE)
    cohort_admin.lock_cohort(world.db, world.actor("K1"), A)
    locked = snapshot(world.db)
    with pytest.raises(Invalid) as caught:
        approve_on_paper(world.db, world.actor("K1"), A, FIRST_TWO, NOTE)
    assert caught.value.key == "cohort.locked"
    assert snapshot(world.db) == locked
    assert before["stage_records"] == locked["stage_records"]  # the refusals wrote nothing


def test_cli_approves_on_paper_with_the_default_note(world: World) -> None:
    ran = run_cli(
        "cohort",
        "approve-paper",
        A,
        "--stage",
        "self_assessment",
        "--stage",
        "diagnosis",
        "--ndh",
        "2",
        env={"DIKLAT_DB": str(world.path)},
    )
    assert ran.code == 0, ran.both
    assert "2 tahapan disetujui" in ran.out
    assert states(world, "P2") == {"self_assessment": "approved", "diagnosis": "approved"}
    assert states(world, "P1") == {}
    with world.db.read() as s:
        assert s.scalar(select(Comment.text)) == t("paper.default_note")
    bad = run_cli(
        "cohort", "approve-paper", A, "--stage", "design", env={"DIKLAT_DB": str(world.path)}
    )
    assert bad.code == 1 and "NDH 1" in bad.err


async def settle(app, pilot) -> None:
    for _ in range(4):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_progress_tab_approves_stages_on_paper(world: World) -> None:
    from textual.widgets import DataTable

    from diklat.tui.app import DiklatApp

    app = DiklatApp(world.db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.logged_in(world.actor("K1"))
        await settle(app, pilot)
        app.screen.query_one("#cohorts", DataTable).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "PaperScreen"
        await pilot.press("ctrl+s")  # nothing picked: said, nothing asked
        await settle(app, pilot)
        assert "tahapan" in str(app.screen.query_one("#paper-status").render())
        await pilot.press("space", "down", "space")  # the first two stages
        await pilot.press("ctrl+a")  # every participant
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "CohortScreen"
        said = str(app.screen.query_one("#coord-status").render())
        assert "4 tahapan disetujui" in said, said
    assert (
        states(world, "P1")
        == states(world, "P2")
        == {
            "self_assessment": "approved",
            "diagnosis": "approved",
        }
    )
