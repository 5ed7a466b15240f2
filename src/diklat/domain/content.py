"""What a participant writes in each stage (docs/rules.md sections 3-6), as validated documents.

Each stage's content is one document: the draft is saved as it is typed and a
submission freezes a copy of it as a version. Items carry a short ``key`` that
stays stable across versions so that later stages (ideas -> root causes,
implementation -> milestones, comments -> sections) can point at them.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from diklat.domain.workflow import Stage

CONTENT_SCHEMA = 1
Text = str
ShortText = str  # a title-sized string; the length limit is on the Field

FISHBONE_CATEGORIES = ("manusia", "metode", "material", "mesin", "anggaran", "lingkungan")
IDEA_CRITERIA = ("impact", "feasibility", "cost", "speed", "support")
HORIZONS = ("short", "medium", "long")
MILESTONE_STATUSES = ("not_started", "in_progress", "done", "delayed")


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


Level = Literal["high", "low"]


class SelfAssessment(_Doc):
    instrument_code: str = "berakhlak"
    instrument_version: int = 1
    answers: dict[str, int] = Field(default_factory=dict)
    strengths: Text = Field("", max_length=4000)
    development_areas: Text = Field("", max_length=4000)
    feedback: Text = Field("", max_length=4000)
    development_plan: Text = Field("", max_length=8000)


class Apkl(_Doc):
    aktual: bool = False
    problematik: bool = False
    kekhalayakan: bool = False
    layak: bool = False


class Usg(_Doc):
    urgency: int = Field(ge=1, le=5)
    seriousness: int = Field(ge=1, le=5)
    growth: int = Field(ge=1, le=5)


class IssueItem(_Doc):
    key: str = Field(min_length=1, max_length=20)
    title: ShortText = Field(min_length=1, max_length=300)
    description: Text = Field("", max_length=4000)
    evidence: Text = Field("", max_length=4000)
    apkl: Apkl = Field(default_factory=Apkl)
    usg: Usg | None = None


class RootCause(_Doc):
    key: str = Field(min_length=1, max_length=20)
    category: Literal["manusia", "metode", "material", "mesin", "anggaran", "lingkungan"]
    text: ShortText = Field(min_length=1, max_length=500)
    is_main: bool = False


class Diagnosis(_Doc):
    issues: list[IssueItem] = Field(default_factory=list)
    core_issue: str | None = None
    core_issue_reason: Text = Field("", max_length=4000)
    causes: list[RootCause] = Field(default_factory=list)
    problem_statement: Text = Field("", max_length=4000)
    ideal_condition: Text = Field("", max_length=4000)


class BenchmarkNote(_Doc):
    key: str = Field(min_length=1, max_length=20)
    host: ShortText = Field(min_length=1, max_length=300)
    # The cohort's field-visit host this note is about (its key), or None for a free note.
    visit_host: str | None = Field(None, max_length=20)
    visit_date: date | None = None
    observed: Text = Field("", max_length=4000)
    adopt: Text = Field("", max_length=4000)


class Idea(_Doc):
    key: str = Field(min_length=1, max_length=20)
    title: ShortText = Field(min_length=1, max_length=300)
    description: Text = Field("", max_length=4000)
    addresses: Text = Field("", max_length=4000)
    source: Literal["own", "colleague", "benchmark"] = "own"
    benchmark: str | None = None
    causes: list[str] = Field(default_factory=list)
    scores: dict[Literal["impact", "feasibility", "cost", "speed", "support"], int] = Field(
        default_factory=dict
    )


class Innovation(_Doc):
    benchmarks: list[BenchmarkNote] = Field(default_factory=list)
    ideas: list[Idea] = Field(default_factory=list)
    chosen_idea: str | None = None


class Milestone(_Doc):
    key: str = Field(min_length=1, max_length=20)
    horizon: Literal["short", "medium", "long"]
    title: ShortText = Field(min_length=1, max_length=300)
    activities: Text = Field("", max_length=4000)
    deliverable: Text = Field("", max_length=1000)
    due: date | None = None


class Stakeholder(_Doc):
    name: ShortText = Field(min_length=1, max_length=300)
    role: Text = Field("", max_length=1000)
    influence: Level = "low"
    interest: Level = "low"
    strategy: Text = Field("", max_length=2000)


class TeamMember(_Doc):
    name: ShortText = Field(min_length=1, max_length=300)
    role: Text = Field("", max_length=1000)


class Risk(_Doc):
    description: Text = Field(min_length=1, max_length=2000)
    likelihood: Literal["low", "medium", "high"] = "medium"
    impact: Literal["low", "medium", "high"] = "medium"
    mitigation: Text = Field("", max_length=2000)


class Design(_Doc):
    title: ShortText = Field("", max_length=300)
    description: Text = Field("", max_length=4000)
    background: Text = Field("", max_length=8000)
    goals: Text = Field("", max_length=4000)
    outputs: Text = Field("", max_length=4000)
    outcomes: Text = Field("", max_length=4000)
    benefits_org: Text = Field("", max_length=4000)
    benefits_public: Text = Field("", max_length=4000)
    scope: Text = Field("", max_length=4000)
    ideal_condition: Text = Field("", max_length=4000)
    milestones: list[Milestone] = Field(default_factory=list)
    stakeholders: list[Stakeholder] = Field(default_factory=list)
    team: list[TeamMember] = Field(default_factory=list)
    risks: list[Risk] = Field(default_factory=list)
    key_success_factors: Text = Field("", max_length=4000)
    development_plan: Text = Field("", max_length=8000)


class MentorAgreement(_Doc):
    area: Text = Field("", max_length=4000)
    notes: Text = Field("", max_length=4000)


class MilestoneProgress(_Doc):
    milestone: str = Field(min_length=1, max_length=20)
    status: Literal["not_started", "in_progress", "done", "delayed"] = "not_started"
    on: date | None = None
    evidence: Text = Field("", max_length=4000)
    problems: Text = Field("", max_length=4000)


class Implementation(_Doc):
    progress: list[MilestoneProgress] = Field(default_factory=list)
    problems: Text = Field("", max_length=4000)


class MilestoneResult(_Doc):
    milestone: str = Field(min_length=1, max_length=20)
    achieved: Text = Field("", max_length=4000)


class Report(_Doc):
    achievements: list[MilestoneResult] = Field(default_factory=list)
    outcomes: Text = Field("", max_length=8000)
    obstacles: Text = Field("", max_length=8000)
    lessons: Text = Field("", max_length=8000)
    sustainability: Text = Field("", max_length=8000)


CONTENT_MODELS: dict[Stage, type[_Doc]] = {
    Stage.SELF_ASSESSMENT: SelfAssessment,
    Stage.DIAGNOSIS: Diagnosis,
    Stage.INNOVATION: Innovation,
    Stage.DESIGN: Design,
    Stage.MENTOR_AGREEMENT: MentorAgreement,
    Stage.IMPLEMENTATION: Implementation,
    Stage.REPORT: Report,
}


def empty_content(stage: Stage) -> _Doc:
    return CONTENT_MODELS[stage]()


def parse_content(stage: Stage, data: dict | None) -> _Doc:
    """Validate a stored or incoming document for ``stage`` (raises pydantic.ValidationError)."""
    return CONTENT_MODELS[stage].model_validate(data or {})


def sections(stage: Stage) -> tuple[str, ...]:
    """Names of the sections a reviewer can comment on (the document's top-level fields)."""
    return tuple(CONTENT_MODELS[stage].model_fields)


def readable_part(stage: Stage, data: dict | None) -> tuple[dict, list[tuple[str | int, ...]]]:
    """What can be shown of a stored document that no longer validates (edited by hand,
    written by an older version): the document without each value that is wrong, and
    where those values were. A value is dropped, never guessed; a list item that is
    not an item at all is dropped whole. The document itself is not changed."""
    import copy

    doc = copy.deepcopy(dict(data or {}))
    dropped: list[tuple[str | int, ...]] = []
    for _ in range(100):  # each round drops at least one value
        try:
            CONTENT_MODELS[stage].model_validate(doc)
            return doc, dropped
        except ValidationError as exc:
            loc = tuple(exc.errors()[0]["loc"])
        while loc and not _drop(doc, loc):
            loc = loc[:-1]  # a required value missing: its item goes
        if not loc:
            return {}, [*dropped, ()]
        dropped.append(loc)
    return {}, dropped


def _drop(doc: Any, loc: tuple[str | int, ...]) -> bool:
    parent = doc
    for step in loc[:-1]:
        try:
            parent = parent[step]
        except (KeyError, IndexError, TypeError):
            return False
    last = loc[-1]
    if isinstance(parent, dict) and last in parent:
        del parent[last]
        return True
    if isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
        del parent[last]
        return True
    return False
