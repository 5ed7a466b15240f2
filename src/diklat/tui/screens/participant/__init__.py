"""The participant's stage screens, one module per stage, on a shared base (base.py)."""

from __future__ import annotations

from importlib import import_module

from diklat.domain.workflow import Stage

_SCREENS = {
    Stage.SELF_ASSESSMENT: ("self_assessment", "SelfAssessmentScreen"),
    Stage.DIAGNOSIS: ("diagnosis", "DiagnosisScreen"),
    Stage.INNOVATION: ("innovation", "InnovationScreen"),
    Stage.DESIGN: ("design", "DesignScreen"),
    Stage.MENTOR_AGREEMENT: ("mentor_agreement", "MentorAgreementScreen"),
    Stage.IMPLEMENTATION: ("implementation", "ImplementationScreen"),
    Stage.REPORT: ("report", "ReportScreen"),
}


def screen_class(stage: Stage):
    module, name = _SCREENS[stage]
    return getattr(import_module(f"{__name__}.{module}"), name)


def open_stage(app, actor, enrolment_id: int, stage: Stage, *, read_only: bool = False) -> None:
    """Show ``stage``: on top of the home screen, or in place of the stage screen shown now.
    ``read_only``: someone else's stage (a coach's or mentor's look at a draft)."""
    from diklat.tui.screens.participant.base import StageScreen

    screen = screen_class(stage)(actor, enrolment_id, read_only=read_only)
    current = app.screen
    if isinstance(current, StageScreen):
        if current.STAGE is stage:
            return
        # Leave the current stage the way Esc does (its pending change is saved first).
        current.leave_then(lambda: app.push_screen(screen))
    else:
        app.push_screen(screen)
