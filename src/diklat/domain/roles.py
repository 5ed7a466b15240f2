"""Who a person is in the program. Account roles decide the home screen; cohort roles decide access."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    PARTICIPANT = "participant"
    COACH = "coach"
    MENTOR = "mentor"
    EXAMINER = "examiner"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


# Roles someone can hold inside one cohort (an admin is global, a participant is enrolled).
STAFF_ROLES = (Role.COACH, Role.MENTOR, Role.EXAMINER, Role.COORDINATOR)
