"""What a stage document still lacks before it can be submitted (docs/rules.md sections 3-6).

Pure rules over the stage's content (as a JSON dict, the form it is stored in).
Each gap is a ``Missing`` with a catalogue key under ``completeness.`` and the
section it concerns, so a screen can put the message next to that section and
the submit service can refuse with the whole list.

Some checks need another stage's content (implementation and report follow the
design's short-term milestones); ``context`` maps those stages to their content.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from diklat.domain.content import HORIZONS, IDEA_CRITERIA
from diklat.domain.diagnosis import APKL_CRITERIA, USG_CRITERIA, Usg, propose_core_issue, rank_usg
from diklat.domain.instrument import load_instrument, missing_items
from diklat.domain.workflow import Stage

Doc = Mapping[str, Any]


@dataclass(frozen=True)
class Missing:
    key: str  # catalogue key, without the "completeness." prefix
    section: str  # the top-level field it concerns
    params: dict[str, object] = field(default_factory=dict)

    def message(self) -> str:
        from diklat.i18n import t

        return t(f"completeness.{self.key}", **self.params)


def _blank(value: Any) -> bool:
    return not (str(value).strip() if value is not None else "")


def _text(doc: Doc, section: str, missing: list[Missing]) -> None:
    if _blank(doc.get(section)):
        missing.append(Missing(f"empty.{section}", section))


def passing_issues(doc: Doc) -> list[dict]:
    """Issues that pass the APKL filter (all four criteria yes)."""
    return [
        i
        for i in doc.get("issues") or []
        if all((i.get("apkl") or {}).get(c) for c in APKL_CRITERIA)
    ]


def ranked_issues(doc: Doc):
    """The APKL-passing issues that have a complete USG score, ranked."""
    scored = []
    for issue in passing_issues(doc):
        usg = issue.get("usg") or {}
        if all(isinstance(usg.get(c), int) for c in USG_CRITERIA):
            scored.append((issue["key"], Usg(usg["urgency"], usg["seriousness"], usg["growth"])))
    return rank_usg(scored)


def proposed_core_issue(doc: Doc) -> str | None:
    return propose_core_issue(ranked_issues(doc))


def short_term_milestones(design: Doc | None) -> list[dict]:
    return [m for m in (design or {}).get("milestones") or [] if m.get("horizon") == "short"]


def _self_assessment(doc: Doc) -> list[Missing]:
    out: list[Missing] = []
    instrument = load_instrument(
        doc.get("instrument_code") or "berakhlak", doc.get("instrument_version")
    )
    answers = doc.get("answers") or {}
    unanswered = missing_items(
        instrument, {k: v for k, v in answers.items() if k in set(instrument.item_codes())}
    )
    if unanswered:
        out.append(
            Missing(
                "unanswered",
                "answers",
                {"count": len(unanswered), "total": len(instrument.item_codes())},
            )
        )
    for section in ("strengths", "development_areas", "development_plan"):
        _text(doc, section, out)
    return out


def _diagnosis(doc: Doc) -> list[Missing]:
    out: list[Missing] = []
    issues = doc.get("issues") or []
    if not issues:
        out.append(Missing("no_issues", "issues"))
    passing = passing_issues(doc)
    if issues and not passing:
        out.append(Missing("no_issue_passes_apkl", "issues"))
    unscored = [
        i["title"]
        for i in passing
        if not all(isinstance((i.get("usg") or {}).get(c), int) for c in USG_CRITERIA)
    ]
    if unscored:
        out.append(Missing("usg_missing", "issues", {"issues": ", ".join(unscored)}))
    core = doc.get("core_issue")
    if not core:
        out.append(Missing("no_core_issue", "core_issue"))
    elif core not in {i["key"] for i in passing}:
        out.append(Missing("core_issue_not_passing", "core_issue"))
    elif core != proposed_core_issue(doc) and _blank(doc.get("core_issue_reason")):
        out.append(Missing("core_issue_reason", "core_issue_reason"))
    causes = doc.get("causes") or []
    if not causes:
        out.append(Missing("no_causes", "causes"))
    elif not any(c.get("is_main") for c in causes):
        out.append(Missing("no_main_cause", "causes"))
    _text(doc, "problem_statement", out)
    _text(doc, "ideal_condition", out)
    return out


def _innovation(doc: Doc) -> list[Missing]:
    out: list[Missing] = []
    ideas = doc.get("ideas") or []
    if not ideas:
        out.append(Missing("no_ideas", "ideas"))
    unscored = [
        i["title"]
        for i in ideas
        if any(not isinstance((i.get("scores") or {}).get(c), int) for c in IDEA_CRITERIA)
    ]
    if unscored:
        out.append(Missing("idea_scores", "ideas", {"ideas": ", ".join(unscored)}))
    chosen = doc.get("chosen_idea")
    by_key = {i["key"]: i for i in ideas}
    if not chosen or chosen not in by_key:
        out.append(Missing("no_chosen_idea", "chosen_idea"))
    elif not by_key[chosen].get("causes"):
        out.append(Missing("chosen_idea_causes", "ideas", {"idea": by_key[chosen]["title"]}))
    return out


DESIGN_TEXT_SECTIONS = (
    "title",
    "description",
    "background",
    "goals",
    "outputs",
    "outcomes",
    "benefits_org",
    "benefits_public",
    "scope",
    "ideal_condition",
)


def _design(doc: Doc) -> list[Missing]:
    out: list[Missing] = []
    for section in DESIGN_TEXT_SECTIONS:
        _text(doc, section, out)
    milestones = doc.get("milestones") or []
    for horizon in HORIZONS:
        if not any(m.get("horizon") == horizon for m in milestones):
            out.append(Missing(f"no_milestone.{horizon}", "milestones"))
    undated = [
        m["title"]
        for m in short_term_milestones(doc)
        if not m.get("due") or _blank(m.get("deliverable"))
    ]
    if undated:
        out.append(
            Missing("short_milestone_details", "milestones", {"milestones": ", ".join(undated)})
        )
    stakeholders = doc.get("stakeholders") or []
    if not stakeholders:
        out.append(Missing("no_stakeholders", "stakeholders"))
    no_strategy = [s["name"] for s in stakeholders if _blank(s.get("strategy"))]
    if no_strategy:
        out.append(
            Missing("stakeholder_strategy", "stakeholders", {"names": ", ".join(no_strategy)})
        )
    if not doc.get("team"):
        out.append(Missing("no_team", "team"))
    if not doc.get("risks"):
        out.append(Missing("no_risks", "risks"))
    _text(doc, "key_success_factors", out)
    _text(doc, "development_plan", out)
    return out


def _mentor_agreement(doc: Doc) -> list[Missing]:
    out: list[Missing] = []
    _text(doc, "area", out)
    return out


def _implementation(doc: Doc, design: Doc | None) -> list[Missing]:
    out: list[Missing] = []
    progress = {p.get("milestone"): p for p in doc.get("progress") or []}
    lacking = []
    for m in short_term_milestones(design):
        p = progress.get(m["key"])
        if p is None or p.get("status") in (None, "not_started") or _blank(p.get("evidence")):
            lacking.append(m["title"])
    if lacking:
        out.append(Missing("progress_missing", "progress", {"milestones": ", ".join(lacking)}))
    return out


def _report(doc: Doc, design: Doc | None) -> list[Missing]:
    out: list[Missing] = []
    achieved = {a.get("milestone"): a for a in doc.get("achievements") or []}
    lacking = [
        m["title"]
        for m in short_term_milestones(design)
        if _blank((achieved.get(m["key"]) or {}).get("achieved"))
    ]
    if lacking:
        out.append(
            Missing("achievements_missing", "achievements", {"milestones": ", ".join(lacking)})
        )
    for section in ("outcomes", "obstacles", "lessons", "sustainability"):
        _text(doc, section, out)
    return out


def missing(
    stage: Stage, doc: Doc | None, context: Mapping[Stage, Doc] | None = None
) -> list[Missing]:
    """Everything ``doc`` still lacks for ``stage`` to be submitted, in section order."""
    doc = doc or {}
    context = context or {}
    if stage is Stage.SELF_ASSESSMENT:
        return _self_assessment(doc)
    if stage is Stage.DIAGNOSIS:
        return _diagnosis(doc)
    if stage is Stage.INNOVATION:
        return _innovation(doc)
    if stage is Stage.DESIGN:
        return _design(doc)
    if stage is Stage.MENTOR_AGREEMENT:
        return _mentor_agreement(doc)
    if stage is Stage.IMPLEMENTATION:
        return _implementation(doc, context.get(Stage.DESIGN))
    return _report(doc, context.get(Stage.DESIGN))


# Other stages whose content a stage's completeness check reads.
NEEDS: dict[Stage, tuple[Stage, ...]] = {
    Stage.IMPLEMENTATION: (Stage.DESIGN,),
    Stage.REPORT: (Stage.DESIGN,),
}
