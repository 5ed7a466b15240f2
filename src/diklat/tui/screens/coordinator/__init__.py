"""The coordinator's cohort screen (issue 5): progress, participants and staff, imports,
attendance and conduct, results, exports — one tab each, every service call off the
UI thread."""

from __future__ import annotations


def open_cohort(app, code: str) -> None:
    from diklat.tui.screens.coordinator.cohort import CohortScreen

    app.push_screen(CohortScreen(code))


def open_institutions(app) -> None:
    from diklat.tui.screens.coordinator.institutions import InstitutionsScreen

    app.push_screen(InstitutionsScreen())


def open_moderation(app, cohort_id: int) -> None:
    from diklat.tui.screens.review.moderation import ModerationScreen

    app.push_screen(ModerationScreen(cohort_id))


def open_audit(app, cohort: str = "") -> None:
    from diklat.tui.screens.coordinator.audit import AuditScreen

    app.push_screen(AuditScreen(cohort))
