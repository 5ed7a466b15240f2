"""What a stage still lacks before it can be submitted (domain.completeness), and the
readable outline of a stage document (domain.outline)."""

from __future__ import annotations

import copy

import pytest
from factories import complete

from diklat.domain import completeness
from diklat.domain.completeness import missing
from diklat.domain.outline import outline, quadrant, rank_ideas, to_markdown
from diklat.domain.workflow import Stage
from diklat.i18n import catalogue

CONTEXT = {
    Stage.DESIGN: complete(Stage.DESIGN),
    Stage.IMPLEMENTATION: complete(Stage.IMPLEMENTATION),
}


def keys(stage: Stage, doc: dict, context=CONTEXT) -> list[str]:
    return [m.key for m in missing(stage, doc, context)]


@pytest.mark.parametrize("stage", list(Stage))
def test_a_complete_document_lacks_nothing(stage: Stage) -> None:
    assert missing(stage, complete(stage), CONTEXT) == []


@pytest.mark.parametrize("stage", list(Stage))
def test_an_empty_document_lacks_something_with_a_message_in_both_languages(stage: Stage) -> None:
    gaps = missing(stage, {}, CONTEXT)
    assert gaps
    for gap in gaps:
        assert f"completeness.{gap.key}" in catalogue("id")
        assert f"completeness.{gap.key}" in catalogue("en")
        assert gap.message() and "[" not in gap.message()[:1]


def test_self_assessment_counts_the_unanswered_items() -> None:
    doc = complete(Stage.SELF_ASSESSMENT)
    doc["answers"] = dict(list(doc["answers"].items())[:18])
    (gap,) = missing(Stage.SELF_ASSESSMENT, doc)
    assert (gap.key, gap.section, gap.params) == (
        "unanswered",
        "answers",
        {"count": 3, "total": 21},
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(issues=[]), {"no_issues", "core_issue_not_passing"}),
        (
            lambda d: d["issues"][0]["apkl"].update(layak=False),
            {"no_issue_passes_apkl", "core_issue_not_passing"},
        ),
        (lambda d: d["issues"][0].update(usg=None), {"usg_missing", "core_issue_reason"}),
        (lambda d: d.update(core_issue=None), {"no_core_issue"}),
        (lambda d: d["causes"][0].update(is_main=False), {"no_main_cause"}),
        (lambda d: d.update(causes=[]), {"no_causes"}),
        (lambda d: d.update(problem_statement="  "), {"empty.problem_statement"}),
    ],
)
def test_diagnosis_gaps(change, expected) -> None:
    doc = copy.deepcopy(complete(Stage.DIAGNOSIS))
    change(doc)
    assert set(keys(Stage.DIAGNOSIS, doc)) == expected


def test_another_core_issue_than_proposed_needs_a_reason() -> None:
    doc = complete(Stage.DIAGNOSIS)
    doc["issues"].append(
        {
            "key": "I2",
            "title": "Arsip",
            "apkl": {c: True for c in ("aktual", "problematik", "kekhalayakan", "layak")},
            "usg": {"urgency": 2, "seriousness": 2, "growth": 2},
        }
    )
    assert completeness.proposed_core_issue(doc) == "I1"
    doc["core_issue"] = "I2"
    assert keys(Stage.DIAGNOSIS, doc) == ["core_issue_reason"]
    doc["core_issue_reason"] = "Arsip menghambat semua layanan."
    assert keys(Stage.DIAGNOSIS, doc) == []


def test_innovation_gaps() -> None:
    doc = complete(Stage.INNOVATION)
    doc["ideas"][0]["scores"].pop("cost")
    doc["ideas"][0]["causes"] = []
    assert keys(Stage.INNOVATION, doc) == ["idea_scores", "chosen_idea_causes"]
    assert keys(Stage.INNOVATION, {**doc, "chosen_idea": "NOPE"})[-1] == "no_chosen_idea"


def test_design_needs_every_horizon_and_dated_short_milestones() -> None:
    doc = complete(Stage.DESIGN)
    doc["milestones"] = [m for m in doc["milestones"] if m["horizon"] != "long"]
    doc["milestones"][0]["due"] = None
    doc["stakeholders"][0]["strategy"] = ""
    assert keys(Stage.DESIGN, doc) == [
        "no_milestone.long",
        "short_milestone_details",
        "stakeholder_strategy",
    ]


def test_implementation_and_report_follow_the_designs_short_milestones() -> None:
    design = complete(Stage.DESIGN)
    design["milestones"].append(
        {
            "key": "M4",
            "horizon": "short",
            "title": "Sosialisasi",
            "deliverable": "Notulen",
            "due": "2026-06-01",
        }
    )
    context = {Stage.DESIGN: design}
    (gap,) = missing(Stage.IMPLEMENTATION, complete(Stage.IMPLEMENTATION), context)
    assert gap.key == "progress_missing" and gap.params == {"milestones": "Sosialisasi"}
    (gap,) = missing(Stage.REPORT, complete(Stage.REPORT), context)
    assert gap.key == "achievements_missing" and gap.params == {"milestones": "Sosialisasi"}


def test_quadrants() -> None:
    assert quadrant("high", "high") == "manage_closely"
    assert quadrant("high", "low") == "keep_satisfied"
    assert quadrant("low", "high") == "keep_informed"
    assert quadrant("low", "low") == "monitor"


def test_ideas_rank_by_total_and_equal_totals_share_a_rank() -> None:
    def idea(key: str, total_of_five: tuple[int, ...]) -> dict:
        return {
            "key": key,
            "scores": dict(
                zip(("impact", "feasibility", "cost", "speed", "support"), total_of_five)
            ),
        }

    ideas = [
        idea("a", (3, 3, 3, 3, 3)),
        idea("b", (5, 5, 5, 5, 5)),
        idea("c", (4, 4, 3, 2, 2)),
        {"key": "d", "scores": {}},
    ]
    assert [(r, i["key"], t) for r, i, t in rank_ideas(ideas)] == [
        (1, "b", 25),
        (2, "a", 15),
        (2, "c", 15),
    ]


@pytest.mark.parametrize("stage", list(Stage))
def test_every_stage_has_a_readable_outline(stage: Stage) -> None:
    text = to_markdown(outline(stage, complete(stage), CONTEXT))
    assert text.startswith("##")
    assert "[doc." not in text and "[item." not in text


def test_the_apkl_filter_reads_in_words_in_the_outline() -> None:
    doc = copy.deepcopy(complete(Stage.DIAGNOSIS))
    doc["issues"][0]["apkl"]["layak"] = False
    text = to_markdown(outline(Stage.DIAGNOSIS, doc, CONTEXT)).replace("\\", "")  # unescaped
    assert "tidak lolos: belum Layak" in text
    # Letters with dashes ("APK- tidak lolos") said which criterion failed only to
    # someone who knew the order of the four.
    assert "APK-" not in text and "APKL lolos" not in text
