"""Where a screen goes next, by name: screens never import one another.

A screen asks for a target (``open_screen(app, "review", ...)``) and this module finds
its class when it is first needed: a screen's module is imported only when someone
opens it (start-up stays light) and no two screens import each other (the loops
``participant/base`` <-> ``history`` and ``review/marking`` <-> ``review/review``).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

PACKAGE = "diklat.tui.screens"
TARGETS = {
    "login": "login:LoginScreen",
    "password": "password:PasswordScreen",
    "home": "home:HomeScreen",
    "stage_history": "participant.history:HistoryScreen",
    "project_export": "participant.export:ExportScreen",
    "my_details": "participant.details:DetailsScreen",
    "queue": "review.queue:QueueScreen",
    "review": "review.review:ReviewScreen",
    "marking": "review.marking:MarkingScreen",
    "marking_list": "review.marking:MarkingListScreen",
    "moderation": "review.moderation:ModerationScreen",
    "comment_bank": "review.bank:CommentBankScreen",
    "my_participants": "review.my_participants:MyParticipantsScreen",
    "bank_picker": "review.bank:BankPicker",
    "cohort": "coordinator.cohort:CohortScreen",
    "institutions": "coordinator.institutions:InstitutionsScreen",
    "add_participant": "coordinator.add_participant:AddParticipantScreen",
    "accounts": "coordinator.accounts:AccountsScreen",
    "paper": "coordinator.paper:PaperScreen",
    "new_cohort": "coordinator.new_cohort:NewCohortScreen",
    "visits": "coordinator.visits:VisitsScreen",
}


def screen_class(target: str) -> type:
    """The class of the screen named ``target`` (a key of TARGETS)."""
    module, _, name = TARGETS[target].partition(":")
    return getattr(import_module(f"{PACKAGE}.{module}"), name)


def is_showing(app, target: str) -> bool:
    return isinstance(app.screen, screen_class(target))


def open_screen(
    app, target: str, *args: Any, callback: Callable[[Any], None] | None = None, **kwargs: Any
) -> Any:
    """Push a new ``target`` screen made with ``args``; returns the screen."""
    screen = screen_class(target)(*args, **kwargs)
    app.push_screen(screen, callback)
    return screen


def switch_to(app, target: str, *args: Any, **kwargs: Any) -> Any:
    """Replace the current screen with a new ``target`` screen."""
    screen = screen_class(target)(*args, **kwargs)
    app.switch_screen(screen)
    return screen


def open_stage(app, actor, enrolment_id: int, stage, *, read_only: bool = False) -> None:
    """Show a participant's stage: on top of the home screen, or in place of the stage
    screen shown now (which is left as Esc leaves it: its pending change saved first)."""
    # By name, like every target here: the stage screens import this module.
    import_module(f"{PACKAGE}.participant").open_stage(
        app, actor, enrolment_id, stage, read_only=read_only
    )
