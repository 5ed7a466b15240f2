"""The services behind the Pengaturan tab that the command line did not have:
co-coordinators (list, add, remove, never the last), deadlines and extensions for
many at once (one transaction: one refusal writes nothing), on both databases."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from diklat.db.models import AuditEntry, Extension
from diklat.domain.workflow import Stage
from diklat.services.cohort_admin import (
    cohort_extensions,
    cohort_settings,
    lock_cohort,
    set_deadlines,
    set_extensions,
)
from diklat.services.coordinators import add_coordinator, coordinators, remove_coordinator
from diklat.services.errors import Forbidden, Invalid


def test_a_co_coordinator_is_added_and_removed_but_never_the_last(world) -> None:
    db, code, k1 = world.db, world.cohort_codes["A"], world.actor("K1")
    assert [c.name for c in coordinators(db, k1, code)] == ["Koordinator A"]
    rows = add_coordinator(db, k1, code, "koordinator.b")
    assert [c.name for c in rows] == ["Koordinator A", "Koordinator B"]
    # The new co-coordinator runs the cohort as the first one does, removal included.
    k2 = world.actor("K2")
    rows = remove_coordinator(db, k2, code, world.pid("K1"))
    assert [c.name for c in rows] == ["Koordinator B"]
    with pytest.raises(Invalid) as refused:
        remove_coordinator(db, k2, code, world.pid("K2"))
    assert refused.value.key == "coordinators.last"
    add_coordinator(db, k2, code, "koordinator.a")
    with pytest.raises(Invalid) as refused:
        remove_coordinator(db, k2, code, world.pid("K2"))
    assert refused.value.key == "coordinators.self"
    remove_coordinator(db, k2, code, world.pid("K1"))
    assert [c.name for c in coordinators(db, k2, code)] == ["Koordinator B"]
    with pytest.raises(Forbidden):
        coordinators(db, k1, code)  # no longer theirs
    with db.read() as s:
        actions = list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[-4:] == ["staff_added", "staff_removed", "staff_added", "staff_removed"]


def test_a_participant_cannot_add_a_coordinator(world) -> None:
    with pytest.raises(Forbidden):
        add_coordinator(world.db, world.actor("P1"), world.cohort_codes["A"], "koordinator.b")


def test_an_extension_for_many_is_one_transaction(world) -> None:
    db, k1 = world.db, world.actor("K1")
    both = [world.enrolments["P1"], world.enrolments["P2"]]
    views = set_extensions(db, k1, both, Stage.DESIGN, date(2026, 6, 1), "banjir")
    assert [v.enrolment_id for v in views] == both
    rows = cohort_extensions(db, k1, world.cohort_codes["A"])
    assert [(r.ndh, r.stage, r.due, r.reason) for r in rows] == [
        (1, Stage.DESIGN, date(2026, 6, 1), "banjir"),
        (2, Stage.DESIGN, date(2026, 6, 1), "banjir"),
    ]
    # A participant of another cohort among them: refused, and nothing changes.
    with pytest.raises(Invalid):
        set_extensions(db, k1, [*both, world.enrolments["P3"]], Stage.DESIGN, None)
    assert len(cohort_extensions(db, k1, world.cohort_codes["A"])) == 2
    with pytest.raises(Invalid) as refused:
        set_extensions(db, k1, both, Stage.REPORT, date(2026, 7, 1), " ")
    assert refused.value.key == "cohort.extension_reason"
    with pytest.raises(Invalid):
        set_extensions(db, k1, [], Stage.REPORT, None)
    set_extensions(db, k1, both, Stage.DESIGN, None)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Extension)) == 0


def test_deadlines_at_once_are_refused_whole_when_locked(world) -> None:
    db, k1, code = world.db, world.actor("K1"), world.cohort_codes["A"]
    settings = set_deadlines(
        db, k1, code, {Stage.DIAGNOSIS: date(2026, 4, 1), Stage.DESIGN: date(2026, 5, 1)}
    )
    assert settings.deadlines[Stage.DESIGN] == date(2026, 5, 1)
    settings = set_deadlines(db, k1, code, {Stage.DESIGN: None, Stage.REPORT: date(2026, 7, 1)})
    assert set(settings.deadlines) == {Stage.DIAGNOSIS, Stage.REPORT}
    lock_cohort(db, k1, code)
    with pytest.raises(Invalid):
        set_deadlines(db, k1, code, {Stage.DIAGNOSIS: None})
    assert cohort_settings(db, k1, code).deadlines == settings.deadlines
