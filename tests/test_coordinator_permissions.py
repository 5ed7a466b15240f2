"""Every coordinator operation against every kind of actor (the shared world, cohort A):
the coordinator of this cohort (K1), an administrator and the command line may; the
coordinator of another cohort (K2), every coach, mentor, examiner and participant of
either cohort may not — and a refusal changes nothing. Plus the lock: once locked, every change is refused until an
unlock with a reason, which the audit log keeps."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from factories import PEOPLE, World, snapshot
from sqlalchemy import select

from diklat.db.models import AuditEntry, Cohort
from diklat.domain.imports import AssignmentRow, MarkLine, ParticipantRow, RecapRow
from diklat.domain.rules import default_ruleset, dump_ruleset
from diklat.domain.staff import StaffRow
from diklat.domain.workflow import Stage
from diklat.services import (
    assignments,
    attendance,
    certificates,
    cohort_admin,
    coordinators,
    corrections,
    enrolment,
    exports,
    graduation,
    institutions,
    mark_import,
    paper,
    people,
    progress,
    staff,
    visits,
)
from diklat.services.errors import Forbidden, Invalid

A = "ANGK-A"
NEW_ROW = ParticipantRow(row=2, nip="19850505 201001 1 001", nama="Peserta Baru", ndh=9)
NEW_STAFF = StaffRow(row=2, nip="19750101 200001 1 001", nama="Coach Baru", peran="coach")


def _session(w: World) -> int:
    return attendance.add_session(w.db, w.actor("K1"), A, date(2026, 3, 3), "Pembukaan").id


def _rules(w: World) -> dict:
    data = dump_ruleset(default_ruleset())
    data["best_quota_pct"] = "20"
    return data


OPS: dict[str, tuple[Callable, bool]] = {
    # name: (call(world, actor), writes)
    "cohort_settings": (lambda w, a: cohort_admin.cohort_settings(w.db, a, A), False),
    "update_cohort": (
        lambda w, a: cohort_admin.update_cohort(
            w.db, a, A, cohort_admin.CohortChanges(angkatan="IX")
        ),
        True,
    ),
    "update_rules": (lambda w, a: cohort_admin.update_rules(w.db, a, A, _rules(w)), True),
    "set_deadline": (
        lambda w, a: cohort_admin.set_deadline(w.db, a, A, Stage.DIAGNOSIS, date(2026, 4, 1)),
        True,
    ),
    "set_extension": (
        lambda w, a: cohort_admin.set_extension(
            w.db, a, w.enrolments["P1"], Stage.DIAGNOSIS, date(2026, 4, 8), "sakit"
        ),
        True,
    ),
    "set_deadlines": (
        lambda w, a: cohort_admin.set_deadlines(w.db, a, A, {Stage.DIAGNOSIS: date(2026, 4, 1)}),
        True,
    ),
    "set_extensions": (
        lambda w, a: cohort_admin.set_extensions(
            w.db,
            a,
            [w.enrolments["P1"], w.enrolments["P2"]],
            Stage.DIAGNOSIS,
            date(2026, 4, 8),
            "sakit",
        ),
        True,
    ),
    "cohort_extensions": (lambda w, a: cohort_admin.cohort_extensions(w.db, a, A), False),
    "coordinators": (lambda w, a: coordinators.coordinators(w.db, a, A), False),
    "cohort_signatory": (lambda w, a: institutions.cohort_signatory(w.db, a, A), False),
    "set_participant_status": (
        lambda w, a: cohort_admin.set_participant_status(
            w.db, a, w.enrolments["P2"], "withdrawn", "mutasi"
        ),
        True,
    ),
    "lock": (lambda w, a: cohort_admin.lock_cohort(w.db, a, A), True),
    "plan_participants": (lambda w, a: enrolment.plan_participants(w.db, a, A, [NEW_ROW]), False),
    "add_participant": (
        lambda w, a: people.add_participant(
            w.db, a, A, {"nip": "19850505 201001 1 001", "nama": "Peserta Baru"}
        ),
        True,
    ),
    # P1 is cohort A's participant: their password is A's coordinators' (and admins') to reset.
    "reset_password": (
        lambda w, a: people.reset_password(w.db, a, PEOPLE["P1"][0], lambda slips: None),
        True,
    ),
    "approve_on_paper": (
        lambda w, a: paper.approve_on_paper(
            w.db, a, A, [Stage.SELF_ASSESSMENT], "Dikerjakan di atas kertas."
        ),
        True,
    ),
    "plan_staff": (lambda w, a: staff.plan_staff(w.db, a, A, [NEW_STAFF]), False),
    "import_staff": (lambda w, a: staff.import_staff(w.db, a, A, [NEW_STAFF]), True),
    "import_participants": (
        lambda w, a: enrolment.import_participants(w.db, a, A, [NEW_ROW]),
        True,
    ),
    "assignments": (lambda w, a: assignments.assignments(w.db, a, A), False),
    "assign": (
        lambda w, a: assignments.assign(w.db, a, w.enrolments["P2"], coach="19700505 199505 1 001"),
        True,
    ),
    "import_assignments": (
        lambda w, a: assignments.import_assignments(
            w.db,
            a,
            A,
            [AssignmentRow(row=2, nip="198102022006022002", mentor="19650808 199008 1 001")],
        ),
        True,
    ),
    "attendance_overview": (lambda w, a: attendance.overview(w.db, a, A), False),
    "add_session": (
        lambda w, a: attendance.add_session(w.db, a, A, date(2026, 3, 4), "Hari 2"),
        True,
    ),
    "import_recap": (
        lambda w, a: attendance.import_recap(
            w.db, a, A, [RecapRow(row=2, ndh=1, jumlah_sesi=10, hadir=9)]
        ),
        True,
    ),
    "conduct_sheet": (lambda w, a: attendance.conduct_sheet(w.db, a, A), False),
    "progress": (lambda w, a: progress.progress(w.db, a, A), False),
    "cohort_results": (lambda w, a: graduation.cohort_results(w.db, a, A), False),
    "recap": (lambda w, a: exports.recap(w.db, a, A), False),
    "worksheet": (lambda w, a: exports.worksheet(w.db, a, A, "rancangan"), False),
    "slips": (lambda w, a: exports.slips(w.db, a, A, lambda data: None), True),  # audited
    "save_visit": (lambda w, a: visits.save_visit(w.db, a, A, VISIT), True),
    "pending_corrections": (lambda w, a: corrections.pending_corrections(w.db, a, A), False),
}


VISIT = visits.VisitPlan(
    held_on=date(2026, 4, 15),
    hosts=(visits.HostPlan(key="dpmptsp", institution="DPMPTSP Kota Bogor", ndh=(1, 2)),),
)


def _visit(w: World) -> int:
    return visits.save_visit(w.db, w.actor("K1"), A, VISIT).id


def _released_with_numbers(w: World) -> None:
    from diklat.services import results

    rules = dump_ruleset(default_ruleset())
    rules["certificate_pattern"] = "{n:03d}/STTPP/{year}"
    cohort_admin.update_rules(w.db, w.actor("K1"), A, rules)
    results.release(w.db, w.actor("K1"), w.cohort_ids["A"])


def _third_coordinator(w: World) -> str:
    """A coordinator account of no cohort yet (K2 runs cohort B and must stay refused)."""
    from factories import make_user

    from diklat.domain.roles import Role

    info, _ = make_user(w.db, "koordinator.c", "Koordinator C", Role.COORDINATOR)
    return info.login


def _co_coordinator(w: World) -> int:
    login = _third_coordinator(w)
    added = coordinators.add_coordinator(w.db, w.actor("K1"), A, login)
    return next(c.person_id for c in added if c.login == login)


def _correction(w: World) -> int:
    """P1 (cohort A) asks to correct their jabatan."""
    return corrections.request_correction(
        w.db, w.actor("P1"), "jabatan", "Kepala Subbagian Umum", "SK baru"
    ).id


# Operations on something that must exist first (made by K1 before the actor tries).
PREPARED: dict[str, tuple[Callable, Callable]] = {
    "add_coordinator": (
        _third_coordinator,
        lambda w, a, login: coordinators.add_coordinator(w.db, a, A, login),
    ),
    "remove_coordinator": (
        _co_coordinator,
        lambda w, a, pid: coordinators.remove_coordinator(w.db, a, A, pid),
    ),
    "record_attendance": (
        _session,
        lambda w, a, sid: attendance.record_attendance(w.db, a, sid, {w.enrolments["P1"]: False}),
    ),
    "session_attendance": (_session, lambda w, a, sid: attendance.session_attendance(w.db, a, sid)),
    "visit_letters": (_visit, lambda w, a, vid: visits.letters(w.db, a, A, vid)),
    "delete_visit": (_visit, lambda w, a, vid: visits.delete_visit(w.db, a, A, vid)),
    "certificates": (
        _released_with_numbers,
        lambda w, a, _: certificates.certificates(w.db, a, A),
    ),
    "decide_correction": (
        _correction,
        lambda w, a, rid: corrections.decide_correction(w.db, a, rid, True),
    ),
    "unlock": (
        lambda w: cohort_admin.lock_cohort(w.db, w.actor("K1"), A),
        lambda w, a, _: cohort_admin.unlock_cohort(w.db, a, A, "salah kunci"),
    ),
}

# Every relation to cohort A (see tests/test_services_permissions.py): its coordinator,
# administrators and the command line may; its participants, coaches, mentor and
# examiner (assigned to P1 or not) and everyone of cohort B may not.
ALLOWED = ("K1", "ADMIN", "SYSTEM")
REFUSED = ("K2", "C1", "P1", "M1", "X1", "P2", "C3", "C2", "P3")


def _run(world: World, name: str, actor: str):
    a = world.actor(actor)
    if name in OPS:
        return OPS[name][0](world, a)
    prepare, call = PREPARED[name]
    made = prepare(world)
    return call(world, a, made)


@pytest.mark.parametrize("name", [*OPS, *PREPARED])
@pytest.mark.parametrize("actor", ALLOWED)
def test_the_cohorts_coordinator_and_an_admin_may(world: World, name: str, actor: str) -> None:
    _run(world, name, actor)


@pytest.mark.parametrize("name", [*OPS, *PREPARED])
@pytest.mark.parametrize("actor", REFUSED)
def test_others_are_refused_and_nothing_changes(world: World, name: str, actor: str) -> None:
    if name in PREPARED:
        made = PREPARED[name][0](world)
        before = snapshot(world.db)
        with pytest.raises(Forbidden):
            PREPARED[name][1](world, world.actor(actor), made)
    else:
        before = snapshot(world.db)
        with pytest.raises(Forbidden):
            _run(world, name, actor)
    assert snapshot(world.db) == before


@pytest.mark.parametrize("allowed", ("K1", "ADMIN"))
def test_import_marks_is_the_coordinators(world: World, allowed: str) -> None:
    line = MarkLine(
        row=2,
        komponen="sikap",
        ndh=1,
        nip=None,
        penilai="koordinator.a",
        peran="coordinator",
        nilai="85",
        rubrik=None,
        versi=None,
    )
    for actor in REFUSED:
        with pytest.raises(Forbidden):
            mark_import.import_marks(world.db, world.actor(actor), A, [line])
    # The command line names the coordinator the marks are recorded for (--as).
    with pytest.raises(Invalid) as info:
        mark_import.import_marks(world.db, world.actor("SYSTEM"), A, [line])
    assert info.value.key == "worksheet.needs_person"
    report = mark_import.import_marks(world.db, world.actor(allowed), A, [line])
    assert report.saved == 1


def test_conduct_is_marked_by_the_coordinator_through_the_marking_service(world: World) -> None:
    k1 = world.actor("K1")
    assert (
        attendance.save_conduct(world.db, k1, world.enrolments["P1"], "86,5", expected_version=None)
        == 86.5
    )
    sheet = attendance.conduct_sheet(world.db, k1, A)
    row = next(r for r in sheet.rows if r.enrolment_id == world.enrolments["P1"])
    assert str(row.mine) == "86.50" and row.mine_version == 1
    for actor in ("K2", "C3", "P1"):
        with pytest.raises(Forbidden):
            attendance.save_conduct(
                world.db, world.actor(actor), world.enrolments["P1"], "80", expected_version=1
            )


def test_a_locked_cohort_refuses_every_change_until_unlocked_with_a_reason(world: World) -> None:
    k1 = world.actor("K1")
    cohort_admin.lock_cohort(world.db, k1, A)
    before = snapshot(world.db)
    # A password reset feeds no result: people still log in to a locked cohort.
    for name, (call, writes) in OPS.items():
        if not writes or name in ("slips", "lock", "reset_password"):
            continue
        with pytest.raises(Invalid) as info:
            call(world, k1)
        assert info.value.key in ("cohort.locked", "marks.released"), name
    with pytest.raises(Invalid):
        attendance.save_conduct(world.db, k1, world.enrolments["P1"], "80", expected_version=None)
    assert snapshot(world.db) == before
    with pytest.raises(Invalid) as info:
        cohort_admin.unlock_cohort(world.db, k1, A, "  ")
    assert info.value.key == "cohort.unlock_reason"
    cohort_admin.unlock_cohort(world.db, k1, A, "Nilai sikap NDH 2 salah ketik")
    with world.db.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "cohort_unlocked")).one()
        assert (
            entry.actor_id == world.pid("K1")
            and entry.new["reason"] == "Nilai sikap NDH 2 salah ketik"
        )
        assert s.scalar(select(Cohort.locked_at).where(Cohort.code == A)) is None
    cohort_admin.update_cohort(world.db, k1, A, cohort_admin.CohortChanges(angkatan="IX"))


def test_close_needs_released_results_and_locks(world: World) -> None:
    from diklat.services import results

    k1 = world.actor("K1")
    with pytest.raises(Invalid) as info:
        cohort_admin.close_cohort(world.db, k1, A)
    assert info.value.key == "cohort.close_unreleased"
    results.release(world.db, k1, world.cohort_ids["A"])
    state = cohort_admin.close_cohort(world.db, k1, A)
    assert state.status == "closed" and state.locked_at is not None


def test_rule_edits_are_validated_and_bump_the_version(world: World) -> None:
    k1 = world.actor("K1")
    data = dump_ruleset(default_ruleset())
    data["qualification_bands"][0]["min"] = "91.00"  # leaves a gap after 90.00
    before = snapshot(world.db)
    with pytest.raises(Exception) as info:
        cohort_admin.update_rules(world.db, k1, A, data)
    assert getattr(info.value, "key", "") == "rules.band_gap"
    assert snapshot(world.db) == before
    settings = cohort_admin.update_rules(world.db, k1, A, _rules(world))
    assert settings.rules.version == 2 and str(settings.rules.best_quota_pct) == "20"


def test_details_and_rules_change_together_or_not_at_all(world: World) -> None:
    from diklat.services import results

    k1 = world.actor("K1")
    settings = cohort_admin.update_cohort(
        world.db, k1, A, cohort_admin.CohortChanges(angkatan="IX"), rules=_rules(world)
    )
    assert settings.angkatan == "IX" and settings.rules.version == 2
    results.release(world.db, k1, world.cohort_ids["A"])
    before = snapshot(world.db)
    data = _rules(world)
    data["best_quota_pct"] = "30"
    with pytest.raises(Invalid) as info:  # rules after the release: the new name is not kept either
        cohort_admin.update_cohort(
            world.db, k1, A, cohort_admin.CohortChanges(name="Nama Baru"), rules=data
        )
    assert info.value.key == "cohort.rules_after_release"
    assert snapshot(world.db) == before


def test_a_locked_cohort_refuses_submissions_and_decisions(world: World) -> None:
    from factories import complete, submit

    from diklat.services import stages

    p1, enrolment = world.actor("P1"), world.enrolments["P1"]
    submit(world.db, p1, enrolment, Stage.SELF_ASSESSMENT)
    cohort_admin.lock_cohort(world.db, world.actor("K1"), A)
    with pytest.raises(Invalid) as info:
        stages.decide(world.db, world.actor("C1"), enrolment, Stage.SELF_ASSESSMENT, approve=True)
    assert info.value.key == "cohort.locked"
    stages.save_draft(
        world.db, p1, enrolment, Stage.DIAGNOSIS, complete(Stage.DIAGNOSIS)
    )  # drafts stay possible: nothing in the results changes
    cohort_admin.unlock_cohort(world.db, world.actor("K1"), A, "keputusan tertunda")
    stages.decide(world.db, world.actor("C1"), enrolment, Stage.SELF_ASSESSMENT, approve=True)
    cohort_admin.lock_cohort(world.db, world.actor("K1"), A)
    with pytest.raises(Invalid) as info:
        stages.submit_stage(world.db, p1, enrolment, Stage.DIAGNOSIS)
    assert info.value.key == "cohort.locked"


@pytest.mark.parametrize("actor", REFUSED)
def test_closing_and_planning_assignments_are_the_coordinators(world: World, actor: str) -> None:
    row = AssignmentRow(row=2, ndh=1, coach="19700505 199505 1 001")
    before = snapshot(world.db)
    with pytest.raises(Forbidden):
        cohort_admin.close_cohort(world.db, world.actor(actor), A)
    with pytest.raises(Forbidden):
        assignments.plan_assignments(world.db, world.actor(actor), A, [row])
    assert snapshot(world.db) == before
    assert (
        assignments.plan_assignments(world.db, world.actor("K1"), A, [row]).changed == 0
    )  # C1 coaches P1 already


def test_acting_as_is_for_the_command_line_and_names_a_coordinator_of_the_cohort(
    world: World,
) -> None:
    # Only the system/administrator actor may act as someone else.
    for actor in ("K1", "K2", "C1", "P1"):
        with pytest.raises(Forbidden):
            cohort_admin.acting_as(world.db, world.actor(actor), "koordinator.a", A)
    # The person must coordinate this cohort (or be an administrator).
    with pytest.raises(Forbidden):
        cohort_admin.acting_as(world.db, world.actor("SYSTEM"), "koordinator.b", A)
    who = cohort_admin.acting_as(world.db, world.actor("SYSTEM"), "koordinator.a", A)
    assert who.person_id == world.pid("K1")
    assert cohort_admin.acting_as(world.db, world.actor("ADMIN"), "admin", A).is_admin
