"""Who a person is in the program. Account roles decide the home screen; cohort roles decide access.

The role sets and the role-relation rule live here and nowhere else: services ask
``relations`` what someone is to a participant and test it against these sets.
"""

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

# Whoever runs the cohort: sees every mark and decision, settles, releases, acts on anyone's behalf.
OVERSEERS = frozenset({Role.COORDINATOR, Role.ADMIN})
# Staff towards a participant: may read their submissions and open their mark sheet.
STAFF = frozenset({Role.COACH, Role.MENTOR, Role.EXAMINER}) | OVERSEERS
# Who may decide on a submitted stage (the stage's own reviewer is one of them; see workflow).
REVIEWERS = frozenset({Role.COACH, Role.MENTOR}) | OVERSEERS
# Any relation at all to a participant: the participant and every staff role.
EVERYONE = frozenset(Role)


def relations(
    person_id: int | None,
    *,
    is_admin: bool,
    participant_id: int | None,
    coach_id: int | None,
    mentor_id: int | None,
    examines: bool,
    coordinates: bool,
) -> frozenset[Role]:
    """Every capacity in which ``person_id`` stands to one participant's enrolment.

    ``examines``: the person is one of the enrolment's examiners; ``coordinates``: they
    coordinate its cohort. An administrator stands in every cohort as ADMIN.
    """
    found: set[Role] = set()
    if is_admin:
        found.add(Role.ADMIN)
    if person_id is None:
        return frozenset(found)
    if participant_id == person_id:
        found.add(Role.PARTICIPANT)
    if coach_id == person_id:
        found.add(Role.COACH)
    if mentor_id == person_id:
        found.add(Role.MENTOR)
    if examines:
        found.add(Role.EXAMINER)
    if coordinates:
        found.add(Role.COORDINATOR)
    return frozenset(found)
