"""The reviewer's queue, reading a submission with its changes, deciding (services/review.py)."""

from __future__ import annotations

import pytest
from review_support import (  # noqa: F401
    StatementCounter,
    enrol,
    rw,
    rworld_template,
    self_assessment,
    submit,
    submitted,
)
from sqlalchemy import select

from diklat.db.models import AuditEntry, Enrolment, Person, StageRecord
from diklat.domain.roles import Role
from diklat.domain.workflow import Stage, State
from diklat.services import marking, results, review, rubrics, stages
from diklat.services.errors import Conflict, Forbidden, Invalid
from diklat.services.review import QueueFilter


def test_queue_lists_what_waits_for_me_oldest_first(rw):
    submit(rw, "P1", Stage.SELF_ASSESSMENT)
    submit(rw, "P2", Stage.SELF_ASSESSMENT)
    c1 = review.queue(rw.db, rw.actor("C1"))
    assert [(i.participant, i.stage, i.state, i.version, i.role) for i in c1.items] == [
        ("Peserta Satu", Stage.SELF_ASSESSMENT, State.SUBMITTED, 1, Role.COACH)
    ]
    assert c1.waiting == 1 and c1.total == 1
    # the coordinator sees both, oldest first
    k1 = review.queue(rw.db, rw.actor("K1"))
    assert [i.participant for i in k1.items] == ["Peserta Satu", "Peserta Dua"]
    assert all(i.role is Role.COORDINATOR for i in k1.items)
    # the other cohort's coordinator and coach see nothing of it
    assert review.queue(rw.db, rw.actor("K2")).items == []
    assert review.queue(rw.db, rw.actor("C3")).items == []
    assert review.queue(rw.db, rw.actor("P1")).items == []


def test_queue_filters_and_counts(rw):
    submitted(rw, "P1", Stage.DIAGNOSIS)  # self-assessment approved, diagnosis submitted
    everything = review.queue(rw.db, rw.actor("C1"), QueueFilter(state=None))
    # a coach decides six of the seven stages of each of their participants
    assert everything.total == 6
    assert everything.by_state[State.APPROVED] == 1
    assert everything.by_state[State.SUBMITTED] == 1
    assert everything.by_state[State.NOT_STARTED] == 4
    assert [i.stage for i in everything.items][:1] == [Stage.DIAGNOSIS]  # waiting items first
    approved = review.queue(rw.db, rw.actor("C1"), QueueFilter(state=State.APPROVED))
    assert [i.stage for i in approved.items] == [Stage.SELF_ASSESSMENT]
    by_stage = review.queue(
        rw.db, rw.actor("C1"), QueueFilter(stage=Stage.SELF_ASSESSMENT, state=None)
    )
    assert by_stage.total == 1 and by_stage.by_state[State.APPROVED] == 1
    # the mentor decides only the mentor agreement
    m1 = review.queue(rw.db, rw.actor("M1"), QueueFilter(state=None))
    assert {i.stage for i in m1.items} == {Stage.MENTOR_AGREEMENT}
    assert {i.cohort_code for i in m1.items} == {"ANGK-A", "ANGK-B"}
    only_a = review.queue(rw.db, rw.actor("M1"), QueueFilter(cohort_id=rw.cohorts["A"], state=None))
    assert [i.cohort_code for i in only_a.items] == ["ANGK-A"]
    assert {c.code: c.total for c in m1.cohorts} == {"ANGK-A": 1, "ANGK-B": 1}


def test_queue_uses_a_fixed_number_of_statements(rw):
    """Three statements (plus the transaction's own) for 3 or for 40 participants."""

    def measure() -> int:
        with StatementCounter(rw.db) as counter:
            review.queue(rw.db, rw.actor("K1"), QueueFilter(state=None))
        return counter.count

    small = measure()
    with rw.db.write() as s:
        ids = [p.id for p in s.scalars(select(Person).where(Person.name.like("Peserta%")))]
    for n in range(40):
        with rw.db.write() as s:
            person = Person(name=f"Peserta Tambahan {n}")
            s.add(person)
            s.flush()
            pid = person.id
        enrol(rw.db, rw.cohorts["A"], pid, 100 + n, coach=rw.pid("C1"))
        with rw.db.write() as s:
            eid = s.scalar(select(Enrolment.id).where(Enrolment.person_id == pid))
            s.add(
                StageRecord(
                    enrolment_id=eid,
                    stage=Stage.SELF_ASSESSMENT.value,
                    state=State.SUBMITTED.value,
                    draft={},
                )
            )
    large = measure()
    assert ids and large == small
    assert small <= 6
    assert review.queue(rw.db, rw.actor("K1"), QueueFilter(state=None), limit=500).total == (42) * 7


def test_open_review_shows_changes_since_previous_version(rw):
    submit(rw, "P1", Stage.SELF_ASSESSMENT)
    first = review.open_review(rw.db, rw.actor("C1"), rw.enrolments["P1"], Stage.SELF_ASSESSMENT)
    assert first.version == 1 and first.diffs is None and first.can_decide
    review.decide(
        rw.db,
        rw.actor("C1"),
        rw.enrolments["P1"],
        Stage.SELF_ASSESSMENT,
        approve=False,
        comments=[("strengths", "Beri contoh nyata."), ("", "Secara umum baik.")],
        expected_version=first.row_version,
    )
    submit(
        rw,
        "P1",
        Stage.SELF_ASSESSMENT,
        self_assessment("Tekun, teliti; contoh: laporan bulanan tepat waktu."),
    )
    second = review.open_review(rw.db, rw.actor("C1"), rw.enrolments["P1"], Stage.SELF_ASSESSMENT)
    assert second.version == 2 and second.previous_version == 1
    assert [d.section for d in second.diffs if d.changed] == ["strengths"]
    assert second.history[0].decision is State.REVISION_REQUESTED
    assert [(c.section, c.text) for c in second.history[0].comments] == [
        ("strengths", "Beri contoh nyata."),
        ("", "Secara umum baik."),
    ]
    older = review.open_review(
        rw.db, rw.actor("C1"), rw.enrolments["P1"], Stage.SELF_ASSESSMENT, version=1
    )
    assert older.version == 1 and not older.can_decide


def test_a_review_draft_keeps_my_comments_until_i_decide(rw):
    from diklat.db.models import ReviewDraft

    submit(rw, "P1", Stage.SELF_ASSESSMENT)
    e, sa = rw.enrolments["P1"], Stage.SELF_ASSESSMENT
    assert review.open_review(rw.db, rw.actor("C1"), e, sa).draft is None
    review.save_review_draft(
        rw.db, rw.actor("C1"), e, sa, 1, comments=[("strengths", "Beri contoh"), ("", "  ")]
    )
    review.save_review_draft(
        rw.db,
        rw.actor("C1"),
        e,
        sa,
        1,
        comments=[("strengths", "Beri contoh nyata."), ("", "Umumnya baik.")],
        approve=False,
    )
    draft = review.open_review(rw.db, rw.actor("C1"), e, sa).draft
    assert (
        draft.comments == [("strengths", "Beri contoh nyata."), ("", "Umumnya baik.")]
        and draft.approve is False
    )
    # each reviewer's own: the coordinator deciding for the coach sees none of it
    assert review.open_review(rw.db, rw.actor("K1"), e, sa).draft is None
    with pytest.raises(Invalid) as err:
        review.save_review_draft(rw.db, rw.actor("C1"), e, sa, 1, comments=[("nope", "x")])
    assert err.value.key == "review.unknown_section"
    with pytest.raises(Invalid):
        review.save_review_draft(
            rw.db, rw.actor("C1"), e, sa, 2, comments=[("", "x")]
        )  # no such version
    # nothing left to keep: the draft goes
    review.save_review_draft(rw.db, rw.actor("C1"), e, sa, 1, comments=[])
    assert review.open_review(rw.db, rw.actor("C1"), e, sa).draft is None
    review.save_review_draft(rw.db, rw.actor("C1"), e, sa, 1, comments=[("", "Perbaiki contoh.")])
    data = review.open_review(rw.db, rw.actor("C1"), e, sa)
    review.decide(
        rw.db,
        rw.actor("C1"),
        e,
        sa,
        approve=False,
        comments=data.draft.comments,
        expected_version=data.row_version,
    )
    with rw.db.read() as s:
        assert s.scalars(select(ReviewDraft)).all() == []  # sent: the draft has served
    submit(rw, "P1", sa, self_assessment("Tekun dan teliti."))
    assert review.open_review(rw.db, rw.actor("C1"), e, sa).draft is None  # version 2 starts clean


def test_revision_request_needs_a_comment_and_sections_must_exist(rw):
    submit(rw, "P1", Stage.SELF_ASSESSMENT)
    data = review.open_review(rw.db, rw.actor("C1"), rw.enrolments["P1"], Stage.SELF_ASSESSMENT)
    with pytest.raises(Invalid) as err:
        review.decide(
            rw.db,
            rw.actor("C1"),
            data.enrolment_id,
            data.stage,
            approve=False,
            comments=[("", "  ")],
            expected_version=data.row_version,
        )
    assert err.value.key == "review.comment_required"
    with pytest.raises(Invalid) as err:
        review.decide(
            rw.db,
            rw.actor("C1"),
            data.enrolment_id,
            data.stage,
            approve=False,
            comments=[("nope", "x")],
            expected_version=data.row_version,
        )
    assert err.value.key == "review.unknown_section"


def test_stale_decision_is_refused_with_who_decided(rw):
    submit(rw, "P1", Stage.SELF_ASSESSMENT)
    coach_view = review.open_review(
        rw.db, rw.actor("C1"), rw.enrolments["P1"], Stage.SELF_ASSESSMENT
    )
    coordinator_view = review.open_review(
        rw.db, rw.actor("K1"), rw.enrolments["P1"], Stage.SELF_ASSESSMENT
    )
    assert coordinator_view.on_behalf_of == "Coach Satu"
    review.decide(
        rw.db,
        rw.actor("K1"),
        rw.enrolments["P1"],
        Stage.SELF_ASSESSMENT,
        approve=True,
        comments=[],
        expected_version=coordinator_view.row_version,
    )
    with pytest.raises(Conflict) as err:
        review.decide(
            rw.db,
            rw.actor("C1"),
            rw.enrolments["P1"],
            Stage.SELF_ASSESSMENT,
            approve=False,
            comments=[("", "Perbaiki.")],
            expected_version=coach_view.row_version,
        )
    assert err.value.key == "review.changed_meanwhile"
    assert "Koordinator A" in err.value.message() and "Disetujui" in err.value.message()
    view = stages.get_stage(rw.db, rw.actor("P1"), rw.enrolments["P1"], Stage.SELF_ASSESSMENT)
    assert view.state is State.APPROVED
    assert (
        view.latest_review.reviewer == "Coach Satu"
        and view.latest_review.recorded_by == "Koordinator A"
    )


def test_decisions_are_audited_with_old_and_new_state(rw):
    submit(rw, "P1", Stage.SELF_ASSESSMENT)
    data = review.open_review(rw.db, rw.actor("C1"), rw.enrolments["P1"], Stage.SELF_ASSESSMENT)
    review.decide(
        rw.db,
        rw.actor("C1"),
        data.enrolment_id,
        data.stage,
        approve=True,
        expected_version=data.row_version,
    )
    with rw.db.read() as s:
        entry = s.execute(
            select(AuditEntry.actor_id, AuditEntry.old, AuditEntry.new).where(
                AuditEntry.action == "stage_approve"
            )
        ).one()
    assert entry.actor_id == rw.pid("C1")
    assert entry.old == {"state": "submitted"} and entry.new["state"] == "approved"


def test_next_waiting_skips_the_current_one(rw):
    submit(rw, "P1", Stage.SELF_ASSESSMENT)
    submit(rw, "P2", Stage.SELF_ASSESSMENT)
    first = review.next_waiting(rw.db, rw.actor("K1"))
    assert first.participant == "Peserta Satu"
    second = review.next_waiting(rw.db, rw.actor("K1"), after=(first.enrolment_id, first.stage))
    assert second.participant == "Peserta Dua"
    assert (
        review.next_waiting(rw.db, rw.actor("C1"), after=(first.enrolment_id, first.stage)) is None
    )


# --- permissions: every operation against every relation -----------------------------------

# (actor, may read P1's submission, may decide P1's self-assessment)
MATRIX = [
    ("P1", False, False),  # own: the participant reads their work on their own screens
    ("C1", True, True),  # assigned coach
    ("M1", True, False),  # assigned mentor: reads, but the coach decides this stage
    ("X1", True, False),  # assigned examiner: reads for the seminars
    ("P2", False, False),  # another participant of the same cohort
    ("C2", False, False),  # coach of another participant in the same cohort (unassigned)
    ("C3", False, False),  # coach in another cohort
    ("K2", False, False),  # coordinator of another cohort
    ("P3", False, False),  # participant of another cohort
    ("K1", True, True),  # the cohort's coordinator (on the coach's behalf)
    ("ADMIN", True, True),
    ("SYSTEM", True, True),  # the command line acts as an administrator
]


@pytest.mark.parametrize("who, may_read, may_decide", MATRIX)
def test_review_permissions(rw, who, may_read, may_decide):
    submit(rw, "P1", Stage.SELF_ASSESSMENT)
    eid = rw.enrolments["P1"]
    if may_read:
        data = review.open_review(rw.db, rw.actor(who), eid, Stage.SELF_ASSESSMENT)
        assert data.can_decide is may_decide
    else:
        with pytest.raises(Forbidden):
            review.open_review(rw.db, rw.actor(who), eid, Stage.SELF_ASSESSMENT)
    with rw.db.read() as s:
        version = s.scalar(select(StageRecord.version).where(StageRecord.enrolment_id == eid))
    if may_decide:
        assert (
            review.decide(
                rw.db,
                rw.actor(who),
                eid,
                Stage.SELF_ASSESSMENT,
                approve=True,
                expected_version=version,
            )
            is State.APPROVED
        )
    else:
        with pytest.raises((Forbidden, Exception)) as err:
            review.decide(
                rw.db,
                rw.actor(who),
                eid,
                Stage.SELF_ASSESSMENT,
                approve=True,
                expected_version=version,
            )
        assert getattr(err.value, "key", "").startswith(("perm.", "workflow.role_not_allowed"))


def test_mentor_decides_the_mentor_agreement_and_the_coordinator_for_them(rw):
    from diklat.db.models import Submission

    eid = rw.enrolments["P1"]
    # put the mentor agreement in "submitted" directly (the earlier stages are not the point here)
    with rw.db.write() as s:
        s.add(
            StageRecord(
                enrolment_id=eid,
                stage=Stage.MENTOR_AGREEMENT.value,
                state=State.SUBMITTED.value,
                draft={"area": "Layanan izin"},
            )
        )
        s.add(
            Submission(
                enrolment_id=eid,
                stage=Stage.MENTOR_AGREEMENT.value,
                number=1,
                content={"area": "Layanan izin"},
                submitted_by=rw.pid("P1"),
            )
        )
    data = review.open_review(rw.db, rw.actor("C1"), eid, Stage.MENTOR_AGREEMENT)
    assert not data.can_decide and data.reviewer == "Mentor Satu"
    assert [i.stage for i in review.queue(rw.db, rw.actor("M1")).items] == [Stage.MENTOR_AGREEMENT]
    k1 = review.open_review(rw.db, rw.actor("K1"), eid, Stage.MENTOR_AGREEMENT)
    assert k1.can_decide and k1.on_behalf_of == "Mentor Satu"
    review.decide(
        rw.db,
        rw.actor("K1"),
        eid,
        Stage.MENTOR_AGREEMENT,
        approve=True,
        expected_version=k1.row_version,
    )
    with rw.db.read() as s:
        entry = s.execute(
            select(AuditEntry.actor_id, AuditEntry.on_behalf_of).where(
                AuditEntry.action == "stage_approve"
            )
        ).one()
    assert entry.actor_id == rw.pid("K1") and entry.on_behalf_of == rw.pid("M1")
    view = stages.get_stage(rw.db, rw.actor("P1"), eid, Stage.MENTOR_AGREEMENT)
    assert (
        view.latest_review.reviewer == "Mentor Satu"
        and view.latest_review.recorded_by == "Koordinator A"
    )


# --- lists filter by the actor (they never answer Forbidden) --------------------------------

ACTORS = ("P1", "P2", "P3", "C1", "C2", "C3", "M1", "X1", "X2", "K1", "K2", "ADMIN")


def test_each_list_shows_an_actor_only_their_rows(rw):
    """The lists filter by the actor: each sees their own rows, nobody gets Forbidden."""
    for participant in ("P1", "P2", "P3"):
        submit(rw, participant, Stage.SELF_ASSESSMENT)
    everyone = {"Peserta Satu", "Peserta Dua", "Peserta Tiga"}
    expected_queue = {
        "P1": set(),
        "P2": set(),
        "P3": set(),
        "X1": set(),
        "X2": set(),
        "C1": {"Peserta Satu"},
        "C2": {"Peserta Dua"},
        "C3": {"Peserta Tiga"},
        "M1": {"Peserta Satu", "Peserta Tiga"},  # the mentor agreement of both mentees
        "K1": {"Peserta Satu", "Peserta Dua"},
        "K2": {"Peserta Tiga"},
        "ADMIN": everyone,
    }
    expected_next = {
        "C1": "Peserta Satu",
        "C2": "Peserta Dua",
        "C3": "Peserta Tiga",
        "K1": "Peserta Satu",
        "K2": "Peserta Tiga",
        "ADMIN": "Peserta Satu",
    }
    expected_marking = {
        "P1": set(),
        "P2": set(),
        "P3": set(),
        "C1": {"Peserta Satu"},
        "C2": {"Peserta Dua"},
        "C3": {"Peserta Tiga"},
        "M1": {"Peserta Satu", "Peserta Tiga"},
        "X1": {"Peserta Satu"},
        "X2": {"Peserta Satu"},
        "K1": {"Peserta Satu", "Peserta Dua"},
        "K2": {"Peserta Tiga"},
        "ADMIN": everyone,
    }
    expected_cohorts = {"K1": ["ANGK-A"], "K2": ["ANGK-B"], "ADMIN": ["ANGK-B", "ANGK-A"]}
    shipped = [(r.code, r.version) for r in rubrics.list_rubrics(rw.db, rw.actor("ADMIN"))]
    for who in ACTORS:
        actor = rw.actor(who)
        try:
            rows = review.queue(rw.db, actor, QueueFilter(state=None), limit=500).items
            waiting = review.next_waiting(rw.db, actor)
            marked = marking.marking_list(rw.db, actor)
            # the marking screen reads the same list a page at a time (here one row a page)
            paged, after = [], None
            for _ in range(10):
                page = marking.marking_page(rw.db, actor, limit=1, after=after)
                paged.extend(page.rows)
                if page.next_after is None:
                    break
                after = page.next_after
            cohorts = [code for _, code, _ in results.coordinated_cohorts(rw.db, actor)]
            # rubrics are public: everyone may read how they are marked
            readable = [(r.code, r.version) for r in rubrics.list_rubrics(rw.db, actor)]
        except Forbidden as exc:  # pragma: no cover - the failure message
            pytest.fail(f"{who}: a list answered Forbidden instead of filtering: {exc}")
        assert {i.participant for i in rows} == expected_queue[who], who
        assert (waiting.participant if waiting else None) == expected_next.get(who), who
        assert {r.participant for r in marked} == expected_marking[who], who
        assert [r.participant for r in paged] == [r.participant for r in marked], who
        assert cohorts == expected_cohorts.get(who, []), who
        assert readable == shipped, who


def test_comment_bank_export_is_own_only(rw):
    from diklat.services import comment_bank
    from diklat.services.actor import Actor

    comment_bank.add_comment(rw.db, rw.actor("C1"), "Milik coach satu.")
    assert "Milik coach satu." in comment_bank.export_csv(rw.db, rw.actor("C1"))
    for who in ("C2", "M1", "X1", "K1", "ADMIN"):
        assert comment_bank.export_csv(rw.db, rw.actor(who)) == "section,text\n"
    for actor in (rw.actor("P1"), Actor.system()):
        with pytest.raises(Forbidden):
            comment_bank.export_csv(rw.db, actor)
