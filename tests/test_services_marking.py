"""Marking with rubrics or directly, blind double marking, moderation, release (services)."""

from __future__ import annotations

from decimal import Decimal as D
from itertools import permutations

import pytest
from review_support import rw, rworld_template  # noqa: F401
from sqlalchemy import select

from diklat.db.models import AuditEntry, Mark, MarkCriterion
from diklat.db.models import Rubric as RubricRow
from diklat.domain.roles import Role
from diklat.domain.rubric import default_rubric, dump_rubric
from diklat.services import marking, moderation, results, rubrics
from diklat.services.errors import Conflict, Forbidden, Invalid, NotFound
from diklat.services.homes import home

MARKERS = {"X1": Role.EXAMINER, "C1": Role.COACH, "M1": Role.MENTOR}


def mark(rw, who, component, score, *, expected=None, marker=None):
    return marking.save_mark(
        rw.db,
        rw.actor(who),
        rw.enrolments["P1"],
        component,
        score=score,
        expected_version=expected,
        marker_id=rw.pid(marker) if marker else None,
    )


def sheet(rw, who, component="rancangan"):
    return marking.mark_sheet(rw.db, rw.actor(who), rw.enrolments["P1"]).component(component)


@pytest.mark.parametrize("first, second", list(permutations(MARKERS, 2)))
def test_blind_until_own_mark_is_saved(rw, first, second):
    mark(rw, first, "rancangan", "80")
    hidden = sheet(rw, second)
    assert hidden.others is None and hidden.hidden == 1
    assert hidden.slots[0].role is MARKERS[second] and hidden.slots[0].mark is None
    # the first marker sees no other mark yet (there is none), but is not blind
    assert sheet(rw, first).others == []
    mark(rw, second, "rancangan", "85")
    seen = sheet(rw, second)
    assert [(m.marker_role, m.score) for m in seen.others] == [(MARKERS[first], D("80.00"))]
    assert [(m.marker_role, m.score) for m in sheet(rw, first).others] == [
        (MARKERS[second], D("85.00"))
    ]


def test_blindness_is_per_component(rw):
    mark(rw, "C1", "sikap", "90")
    mark(rw, "X1", "rancangan", "70")
    # the coach marked sikap, not rancangan: the examiner's rancangan mark stays hidden
    assert sheet(rw, "C1", "rancangan").others is None
    # the coordinator sees everything without marking
    assert [m.score for m in sheet(rw, "K1", "rancangan").others] == [D("70.00")]


def test_components_follow_the_rule_set_roles(rw):
    codes = lambda who: [
        c.code for c in marking.mark_sheet(rw.db, rw.actor(who), rw.enrolments["P1"]).components
    ]  # noqa: E731
    assert codes("C1") == ["sikap", "rancangan", "laporan"]
    assert codes("X1") == ["rancangan", "laporan"]
    assert codes("M1") == ["rancangan", "laporan"]
    with pytest.raises(Forbidden) as err:
        mark(rw, "X1", "sikap", "80")
    assert err.value.key == "marks.not_your_component"


def test_mark_range_and_decimals(rw):
    for bad, key in (
        ("100.01", "mark.out_of_range"),
        ("80.123", "mark.too_many_decimals"),
        ("delapan", "mark.not_a_number"),
    ):
        with pytest.raises(Exception) as err:
            mark(rw, "C1", "sikap", bad)
        assert err.value.key == key
    assert mark(rw, "C1", "sikap", "85,5").score == D("85.50")


def test_rubric_mark_keeps_its_version_after_the_rubric_is_edited(rw):
    rubric = default_rubric("rancangan")
    criteria = {
        "diagnosis": ("baik", "85"),
        "gagasan": ("cukup", "78.50"),
        "milestone": ("sangat_baik", "90.01"),
        "stakeholder": ("cukup", "70.25"),
        "penyajian": ("baik", "88"),
    }
    saved = marking.save_mark(
        rw.db,
        rw.actor("X1"),
        rw.enrolments["P1"],
        "rancangan",
        criteria=criteria,
        rubric=(rubric.code, rubric.version),
        expected_version=None,
    )
    # (20*85 + 20*78.5 + 20*90.01 + 15*70.25 + 25*88) / 100 = 8323.95 / 100 = 83.2395 -> 83.24
    assert saved.score == D("83.24")
    assert (saved.rubric_code, saved.rubric_version) == ("rancangan-default", 1)
    assert {c.criterion: (c.level, c.score) for c in saved.criteria}["milestone"] == (
        "sangat_baik",
        D("90.01"),
    )
    # a score outside the chosen level is refused
    with pytest.raises(Exception) as err:
        marking.save_mark(
            rw.db,
            rw.actor("C1"),
            rw.enrolments["P1"],
            "rancangan",
            criteria={**criteria, "gagasan": ("baik", "70")},
            rubric=(rubric.code, 1),
            expected_version=None,
        )
    assert err.value.key == "rubric.score_outside_level"
    # the coordinator edits the rubric: a new version; the mark keeps version 1
    edited = dump_rubric(rubric)
    edited["criteria"][0]["weight"] = "30"
    new = rubrics.save_rubric(rw.db, rw.actor("K1"), edited)
    assert new.version == 2
    with rw.db.read() as s:
        assert sorted(
            s.scalars(select(RubricRow.version).where(RubricRow.code == "rancangan-default"))
        ) == [1, 2]
        assert s.scalar(select(Mark.rubric_version)) == 1
    assert sheet(rw, "C1").rubric.version == 2
    assert (
        rubrics.get_rubric(rw.db, rw.actor("C1"), "rancangan-default", 1).criteria[0].weight == 20
    )
    with pytest.raises(Forbidden):
        rubrics.save_rubric(rw.db, rw.actor("C1"), edited)


def test_stale_mark_is_refused_with_who_saved_meanwhile_and_nothing_written(rw):
    opened = sheet(rw, "M1").slots[0].mark  # the mentor opens the form: no mark yet
    assert opened is None
    # meanwhile the coordinator records the mentor's mark from the phone call
    on_behalf = mark(rw, "K1", "rancangan", "75", marker="M1")
    assert on_behalf.marker == "Mentor Satu" and on_behalf.recorded_by == "Koordinator A"
    with pytest.raises(Conflict) as err:
        mark(rw, "M1", "rancangan", "82", expected=None)
    assert err.value.key == "marks.changed_meanwhile"
    assert "Koordinator A" in err.value.message() and "75.00" in err.value.message()
    with rw.db.read() as s:
        assert [D(x) for x in s.scalars(select(Mark.score))] == [D("75")]
    # after seeing the message the mentor saves again against the current version
    again = mark(rw, "M1", "rancangan", "82", expected=on_behalf.version)
    assert (
        again.score == D("82.00")
        and again.recorded_by is None
        and again.version == on_behalf.version + 1
    )


def test_marks_are_audited_with_old_and_new_values_and_on_behalf(rw):
    first = mark(rw, "K1", "laporan", "70", marker="M1")
    mark(rw, "K1", "laporan", "72.5", marker="M1", expected=first.version)
    with rw.db.read() as s:
        rows = s.execute(
            select(AuditEntry.actor_id, AuditEntry.on_behalf_of, AuditEntry.old, AuditEntry.new)
            .where(AuditEntry.action == "mark_saved")
            .order_by(AuditEntry.id)
        ).all()
    assert [(r.actor_id, r.on_behalf_of) for r in rows] == [(rw.pid("K1"), rw.pid("M1"))] * 2
    assert rows[0].old is None and rows[0].new["score"] == "70.00"
    assert rows[1].old["score"] == "70.00" and rows[1].new["score"] == "72.50"


def test_tolerance_breach_flagged_and_settled(rw):
    x = mark(rw, "X1", "laporan", "60")
    mark(rw, "C1", "laporan", "75")  # spread 15: within the tolerance
    assert sheet(rw, "K1", "laporan").state == "none"
    mark(rw, "M1", "laporan", "90")  # spread 30
    assert sheet(rw, "K1", "laporan").state == "flagged"
    assert sheet(rw, "X1", "laporan").state == "flagged"
    flagged = moderation.moderation_list(rw.db, rw.actor("K1"), rw.cohorts["A"])
    assert flagged.open == 1 and flagged.items[0].spread == D("30")
    with pytest.raises(Invalid) as err:
        results.release(rw.db, rw.actor("K1"), rw.cohorts["A"])
    assert err.value.key == "release.flagged"
    with pytest.raises(Invalid) as err:
        moderation.settle(
            rw.db,
            rw.actor("K1"),
            rw.enrolments["P1"],
            "laporan",
            score="78",
            reason=" ",
            expected_version=None,
        )
    assert err.value.key == "moderation.reason_required"
    settled = moderation.settle(
        rw.db,
        rw.actor("K1"),
        rw.enrolments["P1"],
        "laporan",
        score="78",
        reason="Penguji tidak hadir pada sesi tanya jawab; nilai disepakati bersama.",
        expected_version=None,
    )
    assert settled.score == D("78.00") and settled.by == "Koordinator A"
    assert sheet(rw, "K1", "laporan").state == "settled"
    assert moderation.moderation_list(rw.db, rw.actor("K1"), rw.cohorts["A"]).open == 0
    with rw.db.read() as s:
        entry = s.execute(
            select(AuditEntry.new).where(AuditEntry.action == "moderation_settled")
        ).one()
    assert entry.new["score"] == "78.00" and entry.new["marks"] == ["60.00", "75.00", "90.00"]
    # the settled score counts for the component
    assert results.my_results(rw.db, rw.actor("K1"), rw.enrolments["P1"]).components[2].score == D(
        "78.00"
    )
    # a mark changed after the settlement flags the component again
    mark(rw, "X1", "laporan", "61", expected=x.version)
    assert sheet(rw, "K1", "laporan").state == "flagged"
    # a second coordinator's stale settlement is refused
    with pytest.raises(Conflict):
        moderation.settle(
            rw.db,
            rw.actor("K1"),
            rw.enrolments["P1"],
            "laporan",
            score="77",
            reason="Ulang.",
            expected_version=None,
        )


def test_settling_without_a_breach_is_refused(rw):
    mark(rw, "X1", "laporan", "80")
    mark(rw, "C1", "laporan", "81")
    with pytest.raises(Invalid) as err:
        moderation.settle(
            rw.db,
            rw.actor("K1"),
            rw.enrolments["P1"],
            "laporan",
            score="80",
            reason="x",
            expected_version=None,
        )
    assert err.value.key == "moderation.not_flagged"


def test_marks_hidden_from_the_participant_until_release(rw):
    for who, comp, score in (
        ("C1", "sikap", "80"),
        ("X1", "rancangan", "85"),
        ("X1", "laporan", "90"),
    ):
        mark(rw, who, comp, score)
    assert results.my_results(rw.db, rw.actor("P1"), rw.enrolments["P1"]) is None
    assert home(rw.db, rw.actor("P1")).enrolments[0].results is None
    info = results.release_info(rw.db, rw.actor("K1"), rw.cohorts["A"])
    assert (info.participants, info.with_final, info.flagged, info.released_at) == (2, 1, 0, None)
    results.release(rw.db, rw.actor("K1"), rw.cohorts["A"], expected_version=info.version)
    shown = results.my_results(rw.db, rw.actor("P1"), rw.enrolments["P1"])
    # (20*80 + 30*85 + 50*90) / 100 = 86.50 -> Memuaskan
    assert shown.final == D("86.50") and shown.qualification == "Memuaskan"
    on_home = home(rw.db, rw.actor("P1")).enrolments[0].results
    assert on_home.final == D("86.50") and [c.score for c in on_home.components] == [
        D("80.00"),
        D("85.00"),
        D("90.00"),
    ]
    with pytest.raises(Invalid) as err:
        mark(rw, "C1", "sikap", "81", expected=1)
    assert err.value.key == "marks.released"
    results.withdraw_release(rw.db, rw.actor("K1"), rw.cohorts["A"])
    assert results.my_results(rw.db, rw.actor("P1"), rw.enrolments["P1"]) is None
    with rw.db.read() as s:
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "cohort")))
    assert actions[-2:] == ["results_released", "results_withdrawn"]


# --- permissions ------------------------------------------------------------------------------

# who, may read P1's mark sheet, may mark rancangan for P1 as themselves
SHEET_MATRIX = [
    ("P1", False, False),  # own
    ("C1", True, True),  # assigned coach
    ("M1", True, True),  # assigned mentor
    ("X1", True, True),  # assigned examiner
    ("P2", False, False),  # another participant, same cohort
    ("C2", False, False),  # unassigned coach, same cohort
    ("C3", False, False),  # other cohort
    ("K2", False, False),  # other cohort's coordinator
    ("P3", False, False),  # participant of another cohort
    ("K1", True, False),  # coordinator: not a rancangan marker, records on behalf instead
    ("ADMIN", True, False),
    ("SYSTEM", True, False),  # the command line: an administrator, no marker
]


@pytest.mark.parametrize("who, may_read, may_mark", SHEET_MATRIX)
def test_marking_permissions(rw, who, may_read, may_mark):
    if may_read:
        marking.mark_sheet(rw.db, rw.actor(who), rw.enrolments["P1"])
    else:
        with pytest.raises(Forbidden):
            marking.mark_sheet(rw.db, rw.actor(who), rw.enrolments["P1"])
    if may_mark:
        assert mark(rw, who, "rancangan", "80").marker_id == rw.pid(who)
    else:
        with pytest.raises(Forbidden):
            mark(rw, who, "rancangan", "80")


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("P1", False),
        ("C1", False),
        ("M1", False),
        ("X1", False),
        ("P2", False),
        ("C2", False),
        ("K2", False),
        ("C3", False),
        ("P3", False),
        ("K1", True),
        ("ADMIN", True),
        ("SYSTEM", True),
    ],
)
def test_on_behalf_moderation_and_release_need_the_coordinator(rw, who, allowed):
    cohort = rw.cohorts["A"]
    ops = [
        lambda: mark(rw, who, "rancangan", "70", marker="X2"),
        lambda: moderation.moderation_list(rw.db, rw.actor(who), cohort),
        lambda: results.release_info(rw.db, rw.actor(who), cohort),
        lambda: results.release(rw.db, rw.actor(who), cohort),
        lambda: results.withdraw_release(rw.db, rw.actor(who), cohort),
    ]
    for op in ops:
        if allowed:
            op()
        else:
            with pytest.raises(Forbidden):
                op()


# who may settle a flagged component of P1 (the command line has no name to record)
SETTLE_MATRIX = [
    ("P1", False),
    ("C1", False),
    ("M1", False),
    ("X1", False),
    ("P2", False),
    ("C2", False),
    ("K1", True),
    ("K2", False),
    ("C3", False),
    ("P3", False),
    ("ADMIN", True),
    ("SYSTEM", False),
]


@pytest.mark.parametrize("who, allowed", SETTLE_MATRIX)
def test_settle_permissions(rw, who, allowed):
    mark(rw, "X1", "laporan", "50")
    mark(rw, "C1", "laporan", "90")

    def settle():
        return moderation.settle(
            rw.db,
            rw.actor(who),
            rw.enrolments["P1"],
            "laporan",
            score="70",
            reason="r",
            expected_version=None,
        )

    if allowed:
        assert settle().score == D("70.00")
    else:
        with pytest.raises(Forbidden):
            settle()


def test_on_behalf_only_for_assigned_markers(rw):
    with pytest.raises(Invalid) as err:
        mark(rw, "K1", "rancangan", "70", marker="C2")  # C2 does not coach P1
    assert err.value.key == "marks.not_a_marker"
    with pytest.raises(Invalid):
        mark(rw, "K1", "sikap", "70", marker="M1")  # mentors do not mark conduct


# who may read P1's marks and result (the participant: once released; before that None)
RESULTS_MATRIX = [
    ("P1", True),
    ("C1", False),
    ("M1", False),
    ("X1", False),
    ("P2", False),
    ("C2", False),
    ("K1", True),
    ("K2", False),
    ("C3", False),
    ("P3", False),
    ("ADMIN", True),
    ("SYSTEM", True),
]


@pytest.mark.parametrize("who, allowed", RESULTS_MATRIX)
def test_results_visible_to_participant_and_coordinator_only(rw, who, allowed):
    if not allowed:
        with pytest.raises(Forbidden):
            results.my_results(rw.db, rw.actor(who), rw.enrolments["P1"])
    elif who == "P1":
        assert (
            results.my_results(rw.db, rw.actor(who), rw.enrolments["P1"]) is None
        )  # not released yet
    else:
        assert results.my_results(rw.db, rw.actor(who), rw.enrolments["P1"]) is not None


def test_marking_list_shows_my_status_without_revealing_others(rw):
    mark(rw, "X1", "rancangan", "60")
    mark(rw, "C1", "rancangan", "90")
    rows = {r.participant: r for r in marking.marking_list(rw.db, rw.actor("M1"))}
    status = rows["Peserta Satu"].components["rancangan"]
    assert (status.mine, status.count, status.flagged) == (False, 0, False)
    c1 = {r.participant: r for r in marking.marking_list(rw.db, rw.actor("C1"))}[
        "Peserta Satu"
    ].components
    assert (c1["rancangan"].mine, c1["rancangan"].count, c1["rancangan"].flagged) == (True, 2, True)
    assert set(c1) == {"sikap", "rancangan", "laporan"}
    assert [r.participant for r in marking.marking_list(rw.db, rw.actor("K1"))] == [
        "Peserta Satu",
        "Peserta Dua",
    ]
    assert marking.marking_list(rw.db, rw.actor("P1")) == []


def test_unknown_rubric_version_is_not_found(rw):
    with pytest.raises(NotFound):
        marking.save_mark(
            rw.db,
            rw.actor("X1"),
            rw.enrolments["P1"],
            "rancangan",
            criteria={},
            rubric=("rancangan-default", 9),
            expected_version=None,
        )
    with rw.db.read() as s:
        assert s.scalar(select(MarkCriterion.id)) is None
