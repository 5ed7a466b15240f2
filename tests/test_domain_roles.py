"""The role-relation rule: what a person is to one participant's enrolment."""

import pytest

from diklat.domain.roles import EVERYONE, OVERSEERS, REVIEWERS, STAFF, Role, relations

ENROLMENT = {"participant_id": 1, "coach_id": 2, "mentor_id": 3}


@pytest.mark.parametrize(
    ("person", "is_admin", "examines", "coordinates", "expected"),
    [
        (1, False, False, False, {Role.PARTICIPANT}),
        (2, False, False, False, {Role.COACH}),
        (3, False, False, False, {Role.MENTOR}),
        (4, False, True, False, {Role.EXAMINER}),
        (5, False, False, True, {Role.COORDINATOR}),
        (2, False, True, True, {Role.COACH, Role.EXAMINER, Role.COORDINATOR}),
        (9, False, False, False, set()),
        (9, True, False, False, {Role.ADMIN}),
        # An administrator without a person record is nobody's coach, even where no coach is set.
        (None, True, True, True, {Role.ADMIN}),
    ],
)
def test_relations(person, is_admin, examines, coordinates, expected):
    enrolment = dict(ENROLMENT)
    if person is None:
        enrolment["coach_id"] = None
    got = relations(
        person, is_admin=is_admin, examines=examines, coordinates=coordinates, **enrolment
    )
    assert got == frozenset(expected)


def test_role_sets_nest():
    assert OVERSEERS < REVIEWERS < STAFF < EVERYONE
    assert Role.PARTICIPANT not in STAFF
    assert Role.EXAMINER not in REVIEWERS
