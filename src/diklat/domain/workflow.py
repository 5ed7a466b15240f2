"""The stage workflow: which stages exist, their states, and who may move them.

A stage without a record is "not started". The participant writes a draft and
submits it; the stage's reviewer approves it or asks for a revision; the
participant revises and submits again (a new version). An approved stage can be
reopened only by the coordinator, with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from diklat.domain.errors import DomainError
from diklat.domain.roles import OVERSEERS, Role


class Stage(StrEnum):
    SELF_ASSESSMENT = "self_assessment"
    DIAGNOSIS = "diagnosis"
    INNOVATION = "innovation"
    DESIGN = "design"
    MENTOR_AGREEMENT = "mentor_agreement"
    IMPLEMENTATION = "implementation"
    REPORT = "report"


STAGES: tuple[Stage, ...] = tuple(Stage)


class State(StrEnum):
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    REVISION_REQUESTED = "revision_requested"
    APPROVED = "approved"


class Action(StrEnum):
    EDIT = "edit"
    SUBMIT = "submit"
    APPROVE = "approve"
    REQUEST_REVISION = "request_revision"
    REOPEN = "reopen"


# Stage that must be approved before this one can be submitted.
PREREQUISITE: dict[Stage, Stage | None] = {
    Stage.SELF_ASSESSMENT: None,
    Stage.DIAGNOSIS: Stage.SELF_ASSESSMENT,
    Stage.INNOVATION: Stage.DIAGNOSIS,
    Stage.DESIGN: Stage.INNOVATION,
    Stage.MENTOR_AGREEMENT: Stage.DESIGN,
    Stage.IMPLEMENTATION: Stage.MENTOR_AGREEMENT,
    Stage.REPORT: Stage.IMPLEMENTATION,
}

# Who decides on a submitted stage. The coordinator may always decide on a
# mentor's behalf (mentors are often far away); the record then says so.
REVIEWER: dict[Stage, Role] = {
    Stage.SELF_ASSESSMENT: Role.COACH,
    Stage.DIAGNOSIS: Role.COACH,
    Stage.INNOVATION: Role.COACH,
    Stage.DESIGN: Role.COACH,
    Stage.MENTOR_AGREEMENT: Role.MENTOR,
    Stage.IMPLEMENTATION: Role.COACH,
    Stage.REPORT: Role.COACH,
}

# Stages a graduate must have approved (docs/rules.md section 7).
REQUIRED_FOR_GRADUATION: tuple[Stage, ...] = (
    Stage.SELF_ASSESSMENT,
    Stage.DIAGNOSIS,
    Stage.INNOVATION,
    Stage.DESIGN,
    Stage.MENTOR_AGREEMENT,
    Stage.REPORT,
)

_TRANSITIONS: dict[Action, tuple[frozenset[State], State]] = {
    Action.EDIT: (
        frozenset({State.NOT_STARTED, State.DRAFT, State.REVISION_REQUESTED}),
        State.DRAFT,
    ),
    Action.SUBMIT: (
        frozenset({State.NOT_STARTED, State.DRAFT, State.REVISION_REQUESTED}),
        State.SUBMITTED,
    ),
    Action.APPROVE: (frozenset({State.SUBMITTED}), State.APPROVED),
    Action.REQUEST_REVISION: (frozenset({State.SUBMITTED}), State.REVISION_REQUESTED),
    Action.REOPEN: (frozenset({State.APPROVED}), State.REVISION_REQUESTED),
}


@dataclass(frozen=True)
class Transition:
    stage: Stage
    action: Action
    before: State
    after: State


def roles_for(stage: Stage, action: Action) -> frozenset[Role]:
    """The relations to a participant that allow ``action`` on ``stage``."""
    if action in (Action.EDIT, Action.SUBMIT):
        return frozenset({Role.PARTICIPANT})
    if action in (Action.APPROVE, Action.REQUEST_REVISION):
        return OVERSEERS | {REVIEWER[stage]}
    return OVERSEERS


def next_state(stage: Stage, action: Action, current: State) -> State:
    """The state after ``action``, or a DomainError saying why it cannot happen now.

    Editing a stage that awaits revision keeps it "revision requested" so the
    participant and the coach both still see that a revision is due.
    """
    allowed_from, after = _TRANSITIONS[action]
    if current not in allowed_from:
        raise DomainError(
            "workflow.not_allowed_in_state",
            stage=stage_label(stage),
            state=state_label(current),
        )
    if action is Action.EDIT and current is State.REVISION_REQUESTED:
        return State.REVISION_REQUESTED
    return after


def transition(stage: Stage, action: Action, current: State, role: Role) -> Transition:
    if role not in roles_for(stage, action):
        raise DomainError("workflow.role_not_allowed", stage=stage_label(stage))
    return Transition(stage, action, current, next_state(stage, action, current))


def stage_label(stage: Stage, term: str | None = None) -> str:
    """The stage's name; with the cohort's ``term`` (``aksi perubahan`` in PKP) in place of
    the default ``proyek perubahan``."""
    from diklat.i18n import t

    return with_term(t(f"stage.{stage.value}"), term)


DEFAULT_TERM = "proyek perubahan"


def with_term(text: str, term: str | None) -> str:
    """``text`` with the cohort's name for the change project (*proyek perubahan* or *aksi
    perubahan*) wherever it says the default one, in either capitalisation."""
    term = (term or "").strip()
    if not term or term.lower() == DEFAULT_TERM:
        return text
    return text.replace(DEFAULT_TERM.title(), term.title()).replace(DEFAULT_TERM, term.lower())


def state_label(state: State) -> str:
    from diklat.i18n import t

    return t(f"state.{state.value}")
