"""Every service operation against every relation an actor can have to the data.

The world (see factories.World): cohort A with P1 (coach C1, mentor M1, examiner X1),
P2 (coach C3) and coordinator K1; cohort B with P3 (coach C2) and coordinator K2;
ADMIN an administrator account and SYSTEM the command line's actor.

Stage operations act on P1's enrolment, so for them:
  P1 own · C1/M1/X1 assigned · P2/C3 same cohort, not assigned · K1 coordinator
  K2/C2/P3 the other cohort · ADMIN/SYSTEM administrators.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

import pytest
from factories import PEOPLE, World, complete, count, password_for, snapshot, submit, submitted
from sqlalchemy import select

from diklat.db.models import Account, AuditEntry, Comment, Review, StageRecord, Submission
from diklat.domain.errors import DomainError
from diklat.domain.roles import Role
from diklat.domain.workflow import Stage, State
from diklat.services import (
    attachments,
    auth,
    backups,
    cohorts,
    corrections,
    documents,
    graduation,
    homes,
    participant,
    review,
    seeding,
    seminar,
    stages,
    visits,
)
from diklat.services.errors import Conflict, Forbidden, Invalid, NotFound

SA = Stage.SELF_ASSESSMENT
MA = Stage.MENTOR_AGREEMENT

ACTORS = ("P1", "P2", "C1", "M1", "X1", "C3", "K1", "K2", "C2", "P3", "ADMIN", "SYSTEM")
EVERYONE = frozenset(ACTORS)
ADMINS = frozenset({"ADMIN", "SYSTEM"})
RELATED_TO_P1 = frozenset({"P1", "C1", "M1", "X1", "K1"}) | ADMINS
IN_COHORT_A = frozenset({"P1", "P2", "C1", "M1", "X1", "C3", "K1"}) | ADMINS
IN_COHORT_B = frozenset({"P3", "C2", "K2"}) | ADMINS
COORDINATOR_ACCOUNTS = frozenset({"K1", "K2"}) | ADMINS


def _p1(world: World) -> int:
    return world.enrolments["P1"]


@dataclass(frozen=True)
class Op:
    call: Callable
    allowed: frozenset[str]
    prepare: Callable | None = None


def _draft_p1_sa(w: World) -> None:
    stages.save_draft(w.db, w.actor("P1"), _p1(w), SA, complete(SA))


def _own_password(w: World, a) -> str:
    """The actor's current password (each account changes its own, giving it)."""
    key = next((k for k, u in w.users.items() if u.login == a.login), None)
    return password_for(key) if key and a.person_id is not None else "sandi-apa-saja-2026"


def _plan_visit(w: World) -> None:
    plan = visits.VisitPlan(
        held_on=date(2026, 4, 15),
        hosts=(visits.HostPlan(key="dpmptsp", institution="DPMPTSP Kota Bogor", ndh=(1,)),),
    )
    visits.save_visit(w.db, w.actor("K1"), "ANGK-A", plan)


def _p1_host(w: World) -> int:
    return visits.visits(w.db, w.actor("SYSTEM"), "ANGK-A")[0].hosts[0].id


PARTICIPANTS = frozenset({"P1", "P2", "P3"})


def _p1_design(w: World) -> None:
    stages.save_draft(w.db, w.actor("P1"), _p1(w), Stage.DESIGN, complete(Stage.DESIGN))


def _p1_evidence(w: World) -> None:
    _p1_design(w)
    attachments.add(w.db, w.actor("P1"), _p1(w), Stage.IMPLEMENTATION, "M1", "sk.pdf",
                    b"%PDF-1.4\n%%EOF\n")  # fmt: skip


def _p1_ticket(w: World) -> None:
    _p1_design(w)
    w.upload_token = attachments.open_ticket(  # type: ignore[attr-defined]
        w.db, w.actor("P1"), _p1(w), Stage.IMPLEMENTATION, "M1"
    )


def _evidence_id(w: World) -> int:
    listed = attachments.list_attachments(w.db, w.actor("SYSTEM"), _p1(w), Stage.IMPLEMENTATION)
    return listed[0].id


OPS: dict[str, Op] = {
    # Evidence files: the participant's, while the stage is theirs to edit; readable by
    # everyone who reads the stage.
    "add_attachment": Op(
        prepare=_p1_design,
        call=lambda w, a: attachments.add(
            w.db, a, _p1(w), Stage.IMPLEMENTATION, "M1", "sk.pdf", b"%PDF-1.4\n%%EOF\n"
        ),  # fmt: skip
        allowed=frozenset({"P1"}),
    ),
    "remove_attachment": Op(
        prepare=_p1_evidence,
        call=lambda w, a: attachments.remove(w.db, a, _evidence_id(w)),
        allowed=frozenset({"P1"}),
    ),
    "open_upload_ticket": Op(
        prepare=_p1_design,
        call=lambda w, a: attachments.open_ticket(w.db, a, _p1(w), Stage.IMPLEMENTATION, "M1"),
        allowed=frozenset({"P1"}),
    ),
    # What became of an upload ticket: only the participant it was made for may ask.
    "ticket_state": Op(
        prepare=_p1_ticket,
        call=lambda w, a: attachments.ticket_state(w.db, a, w.upload_token),
        allowed=frozenset({"P1"}),
    ),
    "list_attachments": Op(
        prepare=_p1_evidence,
        call=lambda w, a: attachments.list_attachments(w.db, a, _p1(w), Stage.IMPLEMENTATION),
        allowed=RELATED_TO_P1,
    ),
    "fetch_attachment": Op(
        prepare=_p1_evidence,
        call=lambda w, a: attachments.fetch(w.db, a, _evidence_id(w)),
        allowed=RELATED_TO_P1,
    ),
    # Participants ask to correct their own details only (staff details are the
    # coordinator's, through the staff file).
    "request_correction": Op(
        call=lambda w, a: corrections.request_correction(
            w.db, a, "instansi", "Dinas Komunikasi dan Informatika", "Nama dinas berubah"
        ),
        allowed=PARTICIPANTS,
    ),
    "my_details": Op(call=lambda w, a: corrections.my_details(w.db, a), allowed=PARTICIPANTS),
    # Only the participant writes and submits their own work: nobody else, not even an admin.
    "save_draft": Op(
        call=lambda w, a: stages.save_draft(w.db, a, _p1(w), SA, {"strengths": "Disiplin"}),
        allowed=frozenset({"P1"}),
    ),
    "submit_stage": Op(
        prepare=_draft_p1_sa,
        call=lambda w, a: stages.submit_stage(w.db, a, _p1(w), SA),
        allowed=frozenset({"P1"}),
    ),
    # A coach's stage: the assigned coach, or a coordinator/admin in the coach's place.
    "decide_approve_coach_stage": Op(
        prepare=lambda w: submitted(w, "P1", SA),
        call=lambda w, a: stages.decide(w.db, a, _p1(w), SA, approve=True),
        allowed=frozenset({"C1", "K1"}) | ADMINS,
    ),
    "decide_revision_coach_stage": Op(
        prepare=lambda w: submitted(w, "P1", SA),
        call=lambda w, a: stages.decide(
            w.db, a, _p1(w), SA, approve=False, comments=[("strengths", "Beri contoh.")]
        ),
        allowed=frozenset({"C1", "K1"}) | ADMINS,
    ),
    # The mentor agreement is the mentor's to decide, not the coach's.
    "decide_approve_mentor_stage": Op(
        prepare=lambda w: submitted(w, "P1", MA),
        call=lambda w, a: stages.decide(w.db, a, _p1(w), MA, approve=True),
        allowed=frozenset({"M1", "K1"}) | ADMINS,
    ),
    "decide_revision_mentor_stage": Op(
        prepare=lambda w: submitted(w, "P1", MA),
        call=lambda w, a: stages.decide(
            w.db, a, _p1(w), MA, approve=False, comments=[("area", "Persempit area.")]
        ),
        allowed=frozenset({"M1", "K1"}) | ADMINS,
    ),
    # Keeping unsent review comments: who may decide on the stage.
    "save_review_draft_coach_stage": Op(
        prepare=lambda w: submitted(w, "P1", SA),
        call=lambda w, a: review.save_review_draft(
            w.db, a, _p1(w), SA, 1, comments=[("strengths", "Contoh?")]
        ),
        allowed=frozenset({"C1", "K1"}) | ADMINS,
    ),
    "save_review_draft_mentor_stage": Op(
        prepare=lambda w: submitted(w, "P1", MA),
        call=lambda w, a: review.save_review_draft(
            w.db, a, _p1(w), MA, 1, comments=[("area", "Persempit?")]
        ),
        allowed=frozenset({"M1", "K1"}) | ADMINS,
    ),
    "get_stage": Op(
        prepare=lambda w: submitted(w, "P1", SA),
        call=lambda w, a: stages.get_stage(w.db, a, _p1(w), SA),
        allowed=RELATED_TO_P1,
    ),
    "get_version": Op(
        prepare=lambda w: submitted(w, "P1", SA),
        call=lambda w, a: stages.get_version(w.db, a, _p1(w), SA, 1),
        allowed=RELATED_TO_P1,
    ),
    "create_cohort": Op(
        call=lambda w, a: cohorts.create_cohort(
            w.db,
            a,
            code="ANGK-BARU",
            name="Angkatan Baru",
            start=date(2026, 9, 1),
            end=date(2026, 12, 18),
        ),
        allowed=COORDINATOR_ACCOUNTS,
    ),
    "list_cohorts": Op(call=lambda w, a: cohorts.list_cohorts(w.db, a), allowed=EVERYONE),
    # Giving someone a role in cohort A: its coordinator and admins only.
    "add_staff_A": Op(
        call=lambda w, a: cohorts.add_staff(w.db, a, "ANGK-A", PEOPLE["C3"][0], Role.EXAMINER),
        allowed=frozenset({"K1"}) | ADMINS,
    ),
    "show_cohort_A": Op(
        call=lambda w, a: cohorts.show_cohort(w.db, a, "ANGK-A"), allowed=IN_COHORT_A
    ),
    "show_cohort_B": Op(
        call=lambda w, a: cohorts.show_cohort(w.db, a, "ANGK-B"), allowed=IN_COHORT_B
    ),
    "add_user": Op(
        call=lambda w, a: auth.add_user(w.db, a, "baru.staf", name="Staf Baru", role=Role.COACH),
        allowed=ADMINS,
    ),
    "set_password": Op(
        call=lambda w, a: auth.set_password(w.db, a, PEOPLE["P2"][0], "sandi-baru-2026"),
        allowed=ADMINS,
    ),
    "list_users": Op(call=lambda w, a: auth.list_users(w.db, a), allowed=COORDINATOR_ACCOUNTS),
    # One's own password only (the operation names no other account); the command
    # line has no account of its own.
    "change_password": Op(
        call=lambda w, a: auth.change_password(w.db, a, _own_password(w, a), "sandi-diganti-2026"),
        allowed=EVERYONE - {"SYSTEM"},
    ),
    # Finding P1's enrolment by NIP (command line exports and cohort edits): only who may read it.
    "find_enrolment": Op(
        call=lambda w, a: documents.find_enrolment(w.db, a, PEOPLE["P1"][0], "ANGK-A"),
        allowed=RELATED_TO_P1,
    ),
    # The participant's screens: versions of a stage and the stages it builds on.
    "version_history": Op(
        prepare=lambda w: submitted(w, "P1", SA),
        call=lambda w, a: participant.version_history(w.db, a, _p1(w), SA),
        allowed=RELATED_TO_P1,
    ),
    "stage_contents": Op(
        prepare=_draft_p1_sa,
        call=lambda w, a: participant.stage_contents(w.db, a, _p1(w), (SA, Stage.DIAGNOSIS)),
        allowed=RELATED_TO_P1,
    ),
    "home": Op(call=lambda w, a: homes.home(w.db, a), allowed=EVERYONE),
    # The next page of the home's cohorts: like the home, each person's own cohorts only
    # (what each sees: tests/test_app_memory.py).
    "more_cohorts": Op(
        call=lambda w, a: homes.more_cohorts(w.db, a, (date(2100, 1, 1), ""), limit=1),
        allowed=EVERYONE,
    ),
    # The participants I coach or mentor: each person's own only (what each sees:
    # tests/test_my_participants.py).
    "my_participants": Op(call=lambda w, a: homes.my_participants(w.db, a), allowed=EVERYONE),
    # Every cohort's graduation list: coordinators (their own cohorts only, see
    # test_coordinator_results) and administrators; nobody who coordinates no cohort.
    "all_results": Op(
        call=lambda w, a: list(graduation.all_results(w.db, a).results),
        allowed=COORDINATOR_ACCOUNTS,
    ),
    # Field visits: everyone in the cohort reads them; a group's report is written by its
    # members (P1's group) and the coordinator.
    "visits": Op(
        prepare=_plan_visit,
        call=lambda w, a: visits.visits(w.db, a, "ANGK-A"),
        allowed=IN_COHORT_A,
    ),
    "host_choices": Op(
        prepare=_plan_visit,
        call=lambda w, a: visits.host_choices(w.db, a, _p1(w)),
        allowed=RELATED_TO_P1,
    ),
    # The seminar rubric (and, once released, the marks given with it): whoever may
    # read P1's stages.
    "seminar_rubric": Op(
        call=lambda w, a: seminar.seminar_rubric(w.db, a, _p1(w), Stage.DESIGN),
        allowed=RELATED_TO_P1,
    ),
    "group_of": Op(
        prepare=_plan_visit,
        call=lambda w, a: visits.group_of(w.db, a, _p1(w)),
        allowed=RELATED_TO_P1,
    ),
    "save_visit_report": Op(
        prepare=_plan_visit,
        call=lambda w, a: visits.save_report(w.db, a, _p1_host(w), "Laporan kelompok"),
        allowed=frozenset({"P1", "K1"}) | ADMINS,
    ),
    "apply_seed": Op(call=lambda w, a: seeding.apply_seed(w.db, a, []), allowed=ADMINS),
    # Backups copy everyone's data: administrators only (the command line acts as one).
    "make_backup": Op(
        call=lambda w, a: backups.make_backup(w.db, a, w.folder / "salinan.db"),
        allowed=ADMINS,
    ),
    "copy_database": Op(
        call=lambda w, a: backups.copy_database(w.db, a, w.folder / "kopi.db"),
        allowed=ADMINS,
    ),
    "check_backup": Op(
        prepare=lambda w: backups.make_backup(w.db, w.actor("ADMIN"), w.folder / "siap.db"),
        call=lambda w, a: backups.check_backup(a, w.folder / "siap.db"),
        allowed=ADMINS,
    ),
    "restore_backup": Op(
        prepare=lambda w: backups.make_backup(w.db, w.actor("ADMIN"), w.folder / "siap.db"),
        call=lambda w, a: backups.restore_backup(w.db, a, w.folder / "siap.db"),
        allowed=ADMINS,
    ),
}

CASES = [
    pytest.param(op, actor, "allowed" if actor in spec.allowed else "forbidden", id=f"{op}-{actor}")
    for op, spec in OPS.items()
    for actor in ACTORS
]


@pytest.mark.parametrize(("op", "actor", "expected"), CASES)
def test_permission_matrix(world: World, op: str, actor: str, expected: str) -> None:
    spec = OPS[op]
    if spec.prepare:
        spec.prepare(world)
    before = snapshot(world.db)
    if expected == "allowed":
        spec.call(world, world.actor(actor))
    else:
        with pytest.raises(Forbidden):
            spec.call(world, world.actor(actor))
        assert snapshot(world.db) == before, "a refused operation must change nothing"


@pytest.mark.parametrize("stage", list(Stage))
def test_the_factory_documents_are_complete(stage: Stage) -> None:
    completeness = pytest.importorskip("diklat.domain.completeness")
    context = {Stage.DESIGN: complete(Stage.DESIGN)}
    assert completeness.missing(stage, complete(stage), context) == []


def test_matrix_covers_every_relation():
    # Guard against the table silently losing a column: each kind of actor is present.
    assert {"P1", "C1", "M1", "X1", "P2", "C3", "K1", "K2", "C2", "P3", "ADMIN"} <= set(ACTORS)


# --- who sees which cohorts ---------------------------------------------------------

VISIBLE = {
    "P1": {"ANGK-A"},
    "P2": {"ANGK-A"},
    "C1": {"ANGK-A"},
    "M1": {"ANGK-A"},
    "X1": {"ANGK-A"},
    "C3": {"ANGK-A"},
    "K1": {"ANGK-A"},
    "K2": {"ANGK-B"},
    "C2": {"ANGK-B"},
    "P3": {"ANGK-B"},
    "ADMIN": {"ANGK-A", "ANGK-B"},
    "SYSTEM": {"ANGK-A", "ANGK-B"},
}


@pytest.mark.parametrize(("actor", "codes"), sorted(VISIBLE.items()))
def test_list_cohorts_shows_only_cohorts_the_actor_takes_part_in(
    world: World, actor: str, codes: set[str]
) -> None:
    assert {c.code for c in cohorts.list_cohorts(world.db, world.actor(actor))} == codes


def test_a_coordinator_sees_the_cohort_they_create(world: World) -> None:
    made = cohorts.create_cohort(
        world.db,
        world.actor("K2"),
        code="ANGK-C",
        name="Angkatan C",
        start=date(2026, 9, 1),
        end=date(2026, 12, 1),
    )
    assert {c.code for c in cohorts.list_cohorts(world.db, world.actor("K2"))} == {
        "ANGK-B",
        "ANGK-C",
    }
    assert "ANGK-C" not in {c.code for c in cohorts.list_cohorts(world.db, world.actor("K1"))}
    detail = cohorts.show_cohort(world.db, world.actor("K2"), "ANGK-C")
    assert detail.summary.id == made.id
    assert [(m.name, m.role) for m in detail.staff] == [("Koordinator B", Role.COORDINATOR)]


def test_cohort_summary_counts_participants(world: World) -> None:
    by_code = {c.code: c for c in cohorts.list_cohorts(world.db, world.actor("ADMIN"))}
    assert by_code["ANGK-A"].participants == 2
    assert by_code["ANGK-B"].participants == 1


def test_show_unknown_cohort_is_not_found(world: World) -> None:
    with pytest.raises(NotFound) as info:
        cohorts.show_cohort(world.db, world.actor("ADMIN"), "TIDAK-ADA")
    assert info.value.key == "notfound.cohort"


def test_unknown_enrolment_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        stages.get_stage(world.db, world.actor("ADMIN"), 9999, SA)


# --- deciding on a reviewer's behalf ------------------------------------------------


def _plain(row) -> SimpleNamespace:
    """A detached copy of an ORM row's columns (sessions expire rows when they end)."""
    return SimpleNamespace(**{c.key: getattr(row, c.key) for c in row.__table__.columns})


def _reviews(world: World) -> list[SimpleNamespace]:
    with world.db.read() as s:
        return [_plain(r) for r in s.scalars(select(Review).order_by(Review.id))]


def _audit(world: World, action: str) -> list[SimpleNamespace]:
    with world.db.read() as s:
        rows = s.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
        return [_plain(r) for r in rows]


def test_the_assigned_coach_decides_in_their_own_name(world: World) -> None:
    submit(world.db, world.actor("P1"), _p1(world), SA)
    assert (
        stages.decide(world.db, world.actor("C1"), _p1(world), SA, approve=True) is State.APPROVED
    )
    (review,) = _reviews(world)
    assert (review.reviewer_id, review.recorded_by) == (world.pid("C1"), world.pid("C1"))
    (entry,) = _audit(world, "stage_approve")
    assert entry.actor_id == world.pid("C1")
    assert entry.on_behalf_of is None
    view = stages.get_stage(world.db, world.actor("P1"), _p1(world), SA)
    assert view.state is State.APPROVED
    assert view.latest_review.reviewer == "Coach Satu"
    assert view.latest_review.recorded_by is None


@pytest.mark.parametrize(("stage", "reviewer"), [(SA, "C1"), (MA, "M1")])
def test_a_coordinator_records_a_decision_on_the_reviewers_behalf(
    world: World, stage: Stage, reviewer: str
) -> None:
    submitted(world, "P1", stage)
    n_reviews = len(_reviews(world))
    stages.decide(
        world.db,
        world.actor("K1"),
        _p1(world),
        stage,
        approve=False,
        comments=[("", "Mohon dilengkapi.")],
    )
    review = _reviews(world)[-1]
    assert len(_reviews(world)) == n_reviews + 1
    assert review.reviewer_id == world.pid(reviewer)
    assert review.recorded_by == world.pid("K1")
    assert review.decision == State.REVISION_REQUESTED.value
    entry = _audit(world, "stage_request_revision")[-1]
    assert entry.actor_id == world.pid("K1")
    assert entry.on_behalf_of == world.pid(reviewer)
    assert entry.cohort_id == world.cohort_ids["A"]
    view = stages.get_stage(world.db, world.actor("P1"), _p1(world), stage)
    assert view.latest_review.reviewer == PEOPLE[reviewer][1]
    assert view.latest_review.recorded_by == "Koordinator A"
    assert [(c.text, c.author) for c in view.latest_review.comments] == [
        ("Mohon dilengkapi.", "Koordinator A")
    ]


def test_an_admin_decision_also_names_the_reviewer(world: World) -> None:
    submit(world.db, world.actor("P1"), _p1(world), SA)
    stages.decide(world.db, world.actor("ADMIN"), _p1(world), SA, approve=True)
    (review,) = _reviews(world)
    assert (review.reviewer_id, review.recorded_by) == (world.pid("C1"), world.pid("ADMIN"))
    assert _audit(world, "stage_approve")[0].on_behalf_of == world.pid("C1")


# --- audit log ----------------------------------------------------------------------


def test_building_the_world_logged_every_user_and_cohort(world: World) -> None:
    added = _audit(world, "user_added")
    assert sorted(e.new["login"] for e in added) == sorted(u.login for u in world.users.values())
    assert all(
        e.actor_id is None and e.entity == "account" for e in added
    )  # the command line's system actor
    created = _audit(world, "cohort_created")
    assert sorted((e.new["code"], e.cohort_id) for e in created) == [
        ("ANGK-A", world.cohort_ids["A"]),
        ("ANGK-B", world.cohort_ids["B"]),
    ]


def test_add_user_and_create_cohort_are_logged_with_the_actor(world: World) -> None:
    info, _ = auth.add_user(
        world.db,
        world.actor("ADMIN"),
        "staf.baru",
        name="Staf Baru",
        role=Role.COACH,
        password="sandi-staf-baru",
    )
    entry = _audit(world, "user_added")[-1]
    assert (entry.actor_id, entry.entity, entry.new) == (
        world.pid("ADMIN"),
        "account",
        {"login": "staf.baru", "role": "coach"},
    )
    summary = cohorts.create_cohort(
        world.db,
        world.actor("K1"),
        code="ANGK-D",
        name="D",
        start=date(2026, 1, 5),
        end=date(2026, 2, 5),
    )
    entry = _audit(world, "cohort_created")[-1]
    assert (entry.actor_id, entry.cohort_id, entry.entity_id) == (
        world.pid("K1"),
        summary.id,
        summary.id,
    )


def test_submit_and_decide_are_logged_with_states_and_version(world: World) -> None:
    number = submit(world.db, world.actor("P1"), _p1(world), SA, complete(SA, strengths="Teliti"))
    assert number == 1
    (entry,) = _audit(world, "stage_submitted")
    assert entry.actor_id == world.pid("P1")
    assert entry.cohort_id == world.cohort_ids["A"]
    assert entry.old == {"state": "draft"}
    assert entry.new == {"state": "submitted", "version": 1}
    stages.decide(
        world.db,
        world.actor("C1"),
        _p1(world),
        SA,
        approve=False,
        comments=[("strengths", "Contohnya?")],
    )
    (entry,) = _audit(world, "stage_request_revision")
    assert (entry.old, entry.new) == (
        {"state": "submitted"},
        {"state": "revision_requested", "version": 1},
    )
    # The participant revises; the second submission is version 2 and the first is kept.
    stages.save_draft(
        world.db,
        world.actor("P1"),
        _p1(world),
        SA,
        complete(SA, strengths="Teliti, mis. laporan bulanan"),
    )
    assert (
        stages.get_stage(world.db, world.actor("P1"), _p1(world), SA).state
        is State.REVISION_REQUESTED
    )
    assert stages.submit_stage(world.db, world.actor("P1"), _p1(world), SA) == 2
    stages.decide(world.db, world.actor("C1"), _p1(world), SA, approve=True)
    (entry,) = _audit(world, "stage_approve")
    assert entry.new == {"state": "approved", "version": 2}
    assert (
        stages.get_version(world.db, world.actor("C1"), _p1(world), SA, 1)["strengths"] == "Teliti"
    )
    view = stages.get_stage(world.db, world.actor("C1"), _p1(world), SA)
    assert [v.number for v in view.versions] == [1, 2]
    assert view.latest_review.submission_number == 2


# --- workflow rules enforced by the services ---------------------------------------


@pytest.mark.parametrize("comments", [[], [("strengths", "   ")]], ids=["none", "blank"])
def test_a_revision_request_without_comment_is_refused(world: World, comments) -> None:
    submit(world.db, world.actor("P1"), _p1(world), SA)
    before = snapshot(world.db)
    with pytest.raises(Invalid) as info:
        stages.decide(world.db, world.actor("C1"), _p1(world), SA, approve=False, comments=comments)
    assert info.value.key == "review.comment_required"
    assert snapshot(world.db) == before


def test_submitting_before_the_prerequisite_is_approved_is_refused(world: World) -> None:
    stages.save_draft(
        world.db, world.actor("P1"), _p1(world), Stage.DIAGNOSIS, complete(Stage.DIAGNOSIS)
    )
    before = snapshot(world.db)
    with pytest.raises(Invalid) as info:
        stages.submit_stage(world.db, world.actor("P1"), _p1(world), Stage.DIAGNOSIS)
    assert info.value.key == "stage.prerequisite"
    assert snapshot(world.db) == before
    # Submitted but not yet approved is not enough either.
    submit(world.db, world.actor("P1"), _p1(world), SA)
    with pytest.raises(Invalid):
        stages.submit_stage(world.db, world.actor("P1"), _p1(world), Stage.DIAGNOSIS)
    stages.decide(world.db, world.actor("C1"), _p1(world), SA, approve=True)
    assert stages.submit_stage(world.db, world.actor("P1"), _p1(world), Stage.DIAGNOSIS) == 1


def test_submitting_an_untouched_stage_is_refused(world: World) -> None:
    with pytest.raises(Invalid) as info:
        stages.submit_stage(world.db, world.actor("P1"), _p1(world), SA)
    assert info.value.key == "stage.nothing_to_submit"


def test_a_stage_that_is_not_submitted_cannot_be_decided(world: World) -> None:
    stages.save_draft(world.db, world.actor("P1"), _p1(world), SA, {})
    with pytest.raises(DomainError) as info:
        stages.decide(world.db, world.actor("C1"), _p1(world), SA, approve=True)
    assert info.value.key == "workflow.not_allowed_in_state"


def test_a_submitted_stage_cannot_be_edited(world: World) -> None:
    submit(world.db, world.actor("P1"), _p1(world), SA)
    with pytest.raises(DomainError) as info:
        stages.save_draft(world.db, world.actor("P1"), _p1(world), SA, {"strengths": "lagi"})
    assert info.value.key == "workflow.not_allowed_in_state"


def test_invalid_content_is_refused_with_the_field(world: World) -> None:
    with pytest.raises(Invalid) as info:
        stages.save_draft(world.db, world.actor("P1"), _p1(world), SA, {"no_such_field": 1})
    assert info.value.key == "stage.invalid_content"
    assert info.value.params["field"] == "no_such_field"
    assert count(world.db, "stage_records") == 0


def test_reading_a_missing_version_is_refused(world: World) -> None:
    submit(world.db, world.actor("P1"), _p1(world), SA)
    with pytest.raises(Invalid) as info:
        stages.get_version(world.db, world.actor("P1"), _p1(world), SA, 2)
    assert info.value.key == "stage.no_such_version"


# --- optimistic locking -------------------------------------------------------------


def test_save_draft_with_a_stale_version_is_a_conflict_and_changes_nothing(world: World) -> None:
    me = world.actor("P1")
    first = stages.save_draft(world.db, me, _p1(world), SA, {"strengths": "satu"})
    second = stages.save_draft(
        world.db, me, _p1(world), SA, {"strengths": "dua"}, expected_version=first.row_version
    )
    assert second.row_version > first.row_version
    before = snapshot(world.db)
    with pytest.raises(Conflict) as info:
        # An editor that loaded the first version and did not see the second save.
        stages.save_draft(
            world.db, me, _p1(world), SA, {"strengths": "tiga"}, expected_version=first.row_version
        )
    assert info.value.key == "stage.changed_meanwhile"
    assert snapshot(world.db) == before
    view = stages.get_stage(world.db, me, _p1(world), SA)
    assert view.draft["strengths"] == "dua"
    assert view.row_version == second.row_version
    # With the version it has now, the editor can save.
    third = stages.save_draft(
        world.db, me, _p1(world), SA, {"strengths": "tiga"}, expected_version=view.row_version
    )
    assert third.row_version > second.row_version


def test_decide_with_a_stale_version_is_a_conflict(world: World) -> None:
    submit(world.db, world.actor("P1"), _p1(world), SA)
    loaded = stages.get_stage(world.db, world.actor("C1"), _p1(world), SA).row_version
    stages.decide(
        world.db, world.actor("K1"), _p1(world), SA, approve=False, comments=[("", "Lengkapi.")]
    )
    stages.save_draft(world.db, world.actor("P1"), _p1(world), SA, complete(SA, strengths="baru"))
    stages.submit_stage(world.db, world.actor("P1"), _p1(world), SA)
    before = snapshot(world.db)
    with pytest.raises(Conflict):
        stages.decide(
            world.db, world.actor("C1"), _p1(world), SA, approve=True, expected_version=loaded
        )
    assert snapshot(world.db) == before


# --- homes --------------------------------------------------------------------------


def test_homes_show_each_person_their_own_work(world: World) -> None:
    submit(world.db, world.actor("P1"), _p1(world), SA)

    p1 = homes.home(world.db, world.actor("P1"))
    (mine,) = p1.enrolments
    assert (mine.cohort.code, mine.ndh, mine.coach, mine.mentor) == (
        "ANGK-A",
        1,
        "Coach Satu",
        "Mentor Satu",
    )
    steps = {s.stage: s.next_step for s in mine.stages}
    assert steps[SA] == "wait_review"
    assert steps[Stage.DIAGNOSIS] == "locked"
    assert p1.waiting == [] and p1.cohorts == [] and p1.user_count is None

    c1 = homes.home(world.db, world.actor("C1"))
    assert [(w.participant, w.stage, w.role) for w in c1.waiting] == [
        ("Peserta Satu", SA, Role.COACH)
    ]
    assert [(c.cohort.code, c.roles, c.assigned) for c in c1.cohorts] == [
        ("ANGK-A", [Role.COACH], 1)
    ]
    for other in ("C3", "M1", "X1", "C2"):
        assert homes.home(world.db, world.actor(other)).waiting == [], other

    k1 = homes.home(world.db, world.actor("K1"))
    (a,) = k1.cohorts
    assert (a.cohort.code, a.roles, a.assigned) == ("ANGK-A", [Role.COORDINATOR], 2)
    assert a.counts[SA][State.SUBMITTED] == 1
    assert a.counts[SA][State.NOT_STARTED] == 1
    assert [c.cohort.code for c in homes.home(world.db, world.actor("K2")).cohorts] == ["ANGK-B"]

    admin = homes.home(world.db, world.actor("ADMIN"))
    assert admin.user_count == len(PEOPLE)
    assert sorted(c.cohort.code for c in admin.cohorts) == ["ANGK-A", "ANGK-B"]


def test_the_mentor_waits_only_for_the_mentor_agreement(world: World) -> None:
    submitted(world, "P1", MA)
    (item,) = homes.home(world.db, world.actor("M1")).waiting
    assert (item.stage, item.role) == (MA, Role.MENTOR)
    assert homes.home(world.db, world.actor("C1")).waiting == []


# --- accounts -----------------------------------------------------------------------


def test_list_users_is_plain_data_and_searchable(world: World) -> None:
    users = auth.list_users(world.db, world.actor("ADMIN"), search="coach")
    assert sorted(u.name for u in users) == ["Coach Dua", "Coach Satu", "Coach Tiga"]
    assert all(isinstance(u, auth.UserInfo) for u in users)


def test_a_coordinator_lists_only_the_people_of_their_cohorts(world: World) -> None:
    # Coach Dua and Peserta Tiga are cohort B's, Koordinator B runs it: not K1's to see.
    users = auth.list_users(world.db, world.actor("K1"))
    assert sorted(u.name for u in users) == sorted(
        PEOPLE[k][1] for k in ("P1", "P2", "C1", "C3", "M1", "X1", "K1")
    )


def test_set_password_resets_failures_and_may_force_a_change(world: World) -> None:
    login = world.users["P2"].login
    with world.db.write() as s:
        s.scalar(select(Account).where(Account.login == login)).failed_logins = 9
    auth.set_password(
        world.db, world.actor("ADMIN"), PEOPLE["P2"][0], "sandi-baru-2026", must_change=True
    )
    with world.db.read() as s:
        account = s.scalar(select(Account).where(Account.login == login))
        state = (account.failed_logins, account.must_change_password)
    assert state == (0, True)
    assert _audit(world, "password_set")[-1].actor_id == world.pid("ADMIN")


def _hashes(world: World) -> dict[str, str]:
    with world.db.read() as s:
        return dict(s.execute(select(Account.login, Account.password_hash)).all())


@pytest.mark.parametrize("key", ["P1", "C1", "K1", "ADMIN"])
def test_change_password_changes_only_the_callers_own_account(world: World, key: str) -> None:
    before = _hashes(world)
    auth.change_password(world.db, world.actor(key), password_for(key), "sandi-diganti-2026")
    after = _hashes(world)
    assert {login for login in before if before[login] != after[login]} == {world.users[key].login}


def test_change_password_needs_the_callers_current_password(world: World) -> None:
    before = snapshot(world.db)
    # P2's password is no key to P1's account: it is checked against P1's own.
    with pytest.raises(Invalid) as info:
        auth.change_password(world.db, world.actor("P1"), password_for("P2"), "sandi-diganti-2026")
    assert info.value.key == "auth.bad_old_password"
    assert snapshot(world.db) == before


def test_find_enrolment_does_not_reveal_who_is_enrolled_in_another_cohort(world: World) -> None:
    unknown = "19990909 202001 1 009"
    # Outside the cohort: refused before the search, enrolled or not.
    for key in ("K2", "C2", "P3"):
        for nip in (PEOPLE["P1"][0], unknown):
            with pytest.raises(Forbidden):
                documents.find_enrolment(world.db, world.actor(key), nip, "ANGK-A")
    # Inside it, "not enrolled" is no secret (the cohort's list is visible to them).
    with pytest.raises(NotFound) as info:
        documents.find_enrolment(world.db, world.actor("P2"), unknown, "ANGK-A")
    assert info.value.key == "documents.not_enrolled"
    assert documents.find_enrolment(world.db, world.actor("K1"), PEOPLE["P1"][0], "ANGK-A") == _p1(
        world
    )


def test_set_password_for_an_unknown_account_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        auth.set_password(world.db, world.actor("ADMIN"), "tidak.ada", "sandi-baru-2026")


def test_records_are_unchanged_by_reading(world: World) -> None:
    submit(world.db, world.actor("P1"), _p1(world), SA)
    before = snapshot(world.db)
    for key in RELATED_TO_P1:
        stages.get_stage(world.db, world.actor(key), _p1(world), SA)
        stages.get_version(world.db, world.actor(key), _p1(world), SA, 1)
        homes.home(world.db, world.actor(key))
    assert snapshot(world.db) == before


def test_world_shape(world: World) -> None:
    # The fixture itself: what the matrix relies on.
    assert count(world.db, "accounts") == len(PEOPLE)
    assert count(world.db, "enrolments") == 3
    with world.db.read() as s:
        assert s.scalar(select(StageRecord.id)) is None
        assert s.scalar(select(Submission.id)) is None
        assert s.scalar(select(Comment.id)) is None
