"""The rubric before the work (issue 16 part 8): the participant's design screen shows
the seminar's rubric (criteria, weights, level ranges) before anything is submitted,
says the marks come after the release, and after the release shows the marks given
with it criterion by criterion (markers by role, decimals with a comma)."""

from __future__ import annotations

from decimal import Decimal

from factories import World, submitted
from textual.widgets import Static

from diklat.domain.rubric import default_rubric
from diklat.domain.workflow import Stage
from diklat.services import marking, results
from diklat.services.seminar import seminar_rubric

CRITERIA = {
    "diagnosis": ("baik", "85"),
    "gagasan": ("cukup", "78.50"),
    "milestone": ("sangat_baik", "90.01"),
    "stakeholder": ("cukup", "70.25"),
    "penyajian": ("baik", "88"),
}


async def _settle(app, pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


async def _design_text(world: World) -> str:
    from diklat.tui.app import DiklatApp
    from diklat.tui.navigation import open_stage

    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.logged_in(world.actor("P1"))
        await _settle(app, pilot)
        open_stage(app, world.actor("P1"), world.enrolments["P1"], Stage.DESIGN)
        await _settle(app, pilot)
        return str(app.screen.query_one("#seminar-rubric", Static).render())


async def test_the_rubric_before_the_work_and_the_marks_per_criterion_after_release(
    world: World,
) -> None:
    rubric = default_rubric("rancangan")
    before = await _design_text(world)
    for criterion in rubric.criteria:
        assert criterion.text() in before
        for level in criterion.levels:
            assert level.text() in before
    assert "bobot" in before and "setelah hasil angkatan dirilis" in before

    submitted(world, "P1", Stage.DESIGN)
    marking.save_mark(
        world.db,
        world.actor("X1"),
        world.enrolments["P1"],
        "rancangan",
        criteria=CRITERIA,
        rubric=(rubric.code, rubric.version),
        expected_version=None,
    )
    # Not released: the participant's view has no marks, whatever was given.
    hidden = seminar_rubric(world.db, world.actor("P1"), world.enrolments["P1"], Stage.DESIGN)
    assert hidden is not None and not hidden.released and hidden.marks == []
    results.release(world.db, world.actor("K1"), world.cohort_ids["A"])

    after = await _design_text(world)
    assert "Nilai Anda (sudah dirilis)" in after and "Penguji 1: 83,24" in after
    assert "78,50 (Cukup)" in after and "90,01 (Sangat baik)" in after
    seen = seminar_rubric(world.db, world.actor("P1"), world.enrolments["P1"], Stage.DESIGN)
    assert [c.score for c in seen.marks[0].criteria][:2] == [Decimal("85"), Decimal("78.50")]
    # No seminar judges the self-assessment.
    assert (
        seminar_rubric(world.db, world.actor("P1"), world.enrolments["P1"], Stage.SELF_ASSESSMENT)
        is None
    )


def test_criteria_with_their_own_levels_show_each_its_ranges_in_the_cohorts_term() -> None:
    from diklat.domain.rubric import dump_rubric, parse_rubric
    from diklat.services.seminar import SeminarRubric
    from diklat.tui.screens.participant.seminar import seminar_text

    data = dump_rubric(default_rubric("rancangan"))
    first = data["criteria"][0]
    first["levels"] = [
        {"code": "ya", "label": {"id": "Memenuhi", "en": "Met"}, "min": "60.5", "max": "100"},
        {"code": "tidak", "label": {"id": "Belum", "en": "Not yet"}, "min": "0", "max": "60.49"},
    ]
    shown = seminar_text(
        SeminarRubric(
            component="rancangan",
            component_label="Seminar Rancangan Proyek Perubahan",
            weight=Decimal("30"),
            rubric=parse_rubric(data),
            released=False,
        ),
        "aksi perubahan",
    ).plain
    assert "Memenuhi 60,5–100 · Belum 0–60,49" in shown
    assert shown.count("Sangat baik 90,01–100") == len(data["criteria"]) - 1
    assert "Tingkat tiap kriteria" not in shown
    assert "Seminar Rancangan Aksi Perubahan: bobot 30" in shown and "Proyek" not in shown
