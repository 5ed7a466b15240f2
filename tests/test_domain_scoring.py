from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diklat.domain.errors import DomainError
from diklat.domain.rules import default_ruleset
from diklat.domain.scoring import (
    ParticipantFacts,
    best_count,
    compute_results,
    qualification_for,
    round_half_up,
)
from diklat.domain.workflow import REQUIRED_FOR_GRADUATION, Stage
from diklat.i18n import language, set_language

D = Decimal
RULES = default_ruleset()
ALL_STAGES = frozenset(REQUIRED_FOR_GRADUATION)


def facts(
    ndh,
    sikap=(80,),
    rancangan=(80,),
    laporan=(80,),
    *,
    stages=ALL_STAGES,
    scheduled=30,
    attended=30,
    status="active",
    key=None,
):
    marks = {
        code: [D(str(m)) for m in given]
        for code, given in (("sikap", sikap), ("rancangan", rancangan), ("laporan", laporan))
    }
    return ParticipantFacts(
        key=key if key is not None else f"p{ndh}",
        ndh=ndh,
        marks=marks,
        approved_stages=frozenset(stages),
        sessions_scheduled=scheduled,
        sessions_attended=attended,
        status=status,
    )


def one(f, rules=RULES):
    (result,) = compute_results(rules, [f])
    return result


def reason_keys(result):
    return [r.key for r in result.reasons]


@pytest.fixture
def english():
    before = language()
    set_language("en")
    yield
    set_language(before)


# --- rounding -------------------------------------------------------------------


@pytest.mark.parametrize(
    "x, expected",
    [
        ("80.005", "80.01"),
        ("80.004", "80.00"),
        ("80.0049999", "80.00"),
        ("79.995", "80.00"),
        ("100", "100.00"),
        ("0.005", "0.01"),
        ("-1.005", "-1.01"),
    ],
)
def test_round_half_up(x, expected):
    assert round_half_up(D(x)) == D(expected)
    assert str(round_half_up(D(x))) == expected


def _reference_half_up(units: int, scale: int) -> Decimal:
    """Round units * 10**-scale to two places with integer arithmetic only."""
    step = 10 ** (scale - 2)
    q, r = divmod(units, step)
    if 2 * r >= step:
        q += 1
    return D(q).scaleb(-2)


@given(units=st.integers(min_value=0, max_value=10**9), scale=st.integers(min_value=2, max_value=7))
def test_round_half_up_matches_reference(units, scale):
    assert round_half_up(D(units).scaleb(-scale)) == _reference_half_up(units, scale)


# --- the final score -------------------------------------------------------------


def test_worked_example():
    # sikap     (85 + 88) / 2            = 86.5
    # rancangan (78 + 80 + 81.5) / 3     = 239.5 / 3  = 79.8333...
    # laporan   (82 + 84.25 + 80) / 3    = 246.25 / 3 = 82.0833...
    # final = (20 * 86.5 + 30 * 239.5/3 + 50 * 246.25/3) / 100
    #       = (1730 + 2395 + 4104.1666...) / 100 = 8229.1666... / 100 = 82.291666...
    #       -> 82.29, qualification M (80.01..90.00)
    r = one(facts(1, sikap=(85, 88), rancangan=(78, 80, 81.5), laporan=(82, 84.25, 80)))
    assert r.final == D("82.29")
    assert r.qualification == "M"
    assert r.component_scores["sikap"] == D("86.5")
    assert round_half_up(r.component_scores["rancangan"]) == D("79.83")
    assert str(r.component_scores["laporan"]).startswith("82.08333333")
    assert r.passed and r.reasons == () and r.rank == 1 and r.best


def test_half_up_at_the_end():
    # (20*80 + 30*80 + 50*80.01) / 100 = 80.005 exactly -> 80.01 (a float would give 80.00499...)
    assert one(facts(1, laporan=("80.01",))).final == D("80.01")


def test_component_means_are_used_unrounded():
    # laporan mean 80.005 (shown 80.01); final = (1600 + 2400 + 4000.25) / 100 = 80.0025 -> 80.00.
    # Rounding the component first would have given 80.005 -> 80.01.
    r = one(facts(1, laporan=("80.00", "80.01")))
    assert r.component_scores["laporan"] == D("80.005")
    assert r.final == D("80.00")


def test_missing_mark_gives_no_final_score_and_a_reason():
    r = one(facts(1, laporan=()))
    assert r.final is None  # missing, never zero
    assert r.qualification is None
    assert r.component_scores["laporan"] is None
    assert r.component_scores["sikap"] == D(80)
    assert not r.passed and r.rank is None and not r.best
    assert reason_keys(r) == ["result.reason.no_final"]
    assert r.reasons[0].param("codes") == ("laporan",)
    assert "Laporan" in r.reasons[0].message()


def test_missing_marks_reason_in_english(english):
    r = one(facts(1, sikap=(), rancangan=()))
    assert r.reasons[0].param("codes") == ("sikap", "rancangan")
    assert (
        r.reasons[0].message()
        == "No final score yet: no mark for Conduct, Change-project design seminar."
    )


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["sikap", "rancangan", "laporan"]),
            st.integers(min_value=0, max_value=10000),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_final_matches_exact_reference(given_marks):
    marks = {"sikap": [], "rancangan": [], "laporan": []}
    for code, hundredths in given_marks:
        marks[code].append(D(hundredths).scaleb(-2))
    f = ParticipantFacts("k", 1, marks, ALL_STAGES, 0, 0, "active")
    r = one(f)
    if any(not v for v in marks.values()):
        assert r.final is None
        return
    weights = {"sikap": 20, "rancangan": 30, "laporan": 50}
    exact = (
        sum(Fraction(w) * sum(map(Fraction, marks[c])) / len(marks[c]) for c, w in weights.items())
        / 100
    )
    hundredths = int(exact * 100 + Fraction(1, 2))  # floor(x + 1/2): half-up for x >= 0
    assert r.final == D(hundredths).scaleb(-2)
    assert D(0) <= r.final <= D(100)


def test_marks_of_every_type_give_the_exact_mean():
    # 1/3-style means of Decimals, ints, floats (read through their repr) and text, summed exactly
    marks = {
        "sikap": [D("70.01"), 70, 70.02],
        "rancangan": ["80.333", D("80")],
        "laporan": [D("90.005"), None],
    }
    r = one(ParticipantFacts("k", 1, marks, ALL_STAGES, 0, 0, "active"))
    means = {
        "sikap": Fraction(21003, 300),
        "rancangan": Fraction(160333, 2000),
        "laporan": Fraction(90005, 1000),
    }
    assert r.component_scores["sikap"] == D("70.01") and r.component_scores["rancangan"] == D(
        "80.1665"
    )
    exact = (20 * means["sikap"] + 30 * means["rancangan"] + 50 * means["laporan"]) / 100
    assert r.final == D(int(exact * 100 + Fraction(1, 2))).scaleb(-2) == D("83.05")


# --- qualification --------------------------------------------------------------


@pytest.mark.parametrize(
    "final, band",
    [
        ("0", "TM"),
        ("0.00", "TM"),
        ("60.00", "TM"),
        ("60.01", "KM"),
        ("70.00", "KM"),
        ("70.01", "CM"),
        ("80.00", "CM"),
        ("80.01", "M"),
        ("90.00", "M"),
        ("90.01", "SM"),
        ("100", "SM"),
        ("100.00", "SM"),
    ],
)
def test_qualification_boundaries(final, band):
    assert qualification_for(RULES, D(final)).code == band
    r = one(facts(1, sikap=(final,), rancangan=(final,), laporan=(final,)))
    assert r.final == D(final)
    assert r.qualification == band


def test_qualification_outside_every_band():
    with pytest.raises(DomainError) as info:
        qualification_for(RULES, D("100.01"))
    assert info.value.key == "result.no_band"


# --- passing ---------------------------------------------------------------------


def test_70_00_fails_and_70_01_passes():
    low = one(facts(1, sikap=("70.00",), rancangan=("70.00",), laporan=("70.00",)))
    assert not low.passed
    assert reason_keys(low) == ["result.reason.below_min"]
    assert low.reasons[0].param("final") == D("70.00")
    assert low.rank is None
    high = one(facts(1, sikap=("70.01",), rancangan=("70.01",), laporan=("70.01",)))
    assert high.passed and high.reasons == () and high.qualification == "CM"


def test_attendance_under_90_percent():
    r = one(facts(1, scheduled=30, attended=26))
    assert not r.passed
    assert reason_keys(r) == ["result.reason.attendance"]
    assert r.reasons[0].param("pct") == D("86.67")
    assert r.reasons[0].param("min") == D(90)
    assert "86,67" in r.reasons[0].message()  # Indonesian decimal comma


def test_attendance_of_exactly_90_percent_and_no_sessions_pass():
    assert one(facts(1, scheduled=30, attended=27)).passed
    assert one(facts(1, scheduled=0, attended=0)).passed


def test_unapproved_stages_are_each_a_reason():
    r = one(facts(1, stages=ALL_STAGES - {Stage.DESIGN, Stage.REPORT}))
    assert not r.passed
    assert [(x.key, x.param("stage")) for x in r.reasons] == [
        ("result.reason.stage_not_approved", Stage.DESIGN),
        ("result.reason.stage_not_approved", Stage.REPORT),
    ]
    assert r.reasons[0].message() == "Tahap Rancangan Proyek Perubahan belum disetujui."


def test_implementation_is_not_required_for_graduation():
    assert one(facts(1, stages=ALL_STAGES - {Stage.IMPLEMENTATION})).passed


def test_withdrawn_and_dismissed():
    w = one(facts(1, sikap=(95,), rancangan=(95,), laporan=(95,), status="withdrawn"))
    assert not w.passed and w.final == D("95.00") and w.qualification == "SM"
    assert reason_keys(w) == ["result.reason.withdrawn"]
    assert w.rank is None and not w.best
    d = one(facts(1, status="dismissed"))
    assert reason_keys(d) == ["result.reason.dismissed"]


def test_every_unmet_condition_is_listed():
    r = one(facts(1, laporan=(), stages=set(), attended=10, status="withdrawn"))
    keys = reason_keys(r)
    assert keys[0] == "result.reason.withdrawn"
    assert "result.reason.no_final" in keys
    assert keys.count("result.reason.stage_not_approved") == len(REQUIRED_FOR_GRADUATION)
    assert keys[-1] == "result.reason.attendance"
    for reason in r.reasons:
        assert "{" not in reason.message() and "[" not in reason.message()


def test_unknown_status():
    with pytest.raises(DomainError) as info:
        one(facts(1, status="on_leave"))
    assert info.value.key == "result.unknown_status"


# --- rank, best, order ------------------------------------------------------------


def test_rank_ties_1_2_2_4_and_list_order():
    results = compute_results(
        RULES,
        [
            facts(5, laporan=(90,)),  # 85.00 -> 1
            facts(4, laporan=(80,)),  # 80.00, tie with ndh 2 -> 2
            facts(2, laporan=(80,)),  # 80.00 -> 2, listed before ndh 4
            facts(1, laporan=(70,)),  # 75.00 -> 4
            facts(3, laporan=(10,)),  # 45.00 -> fails
            facts(6, attended=0),  # fails on attendance
        ],
    )
    assert [(r.ndh, r.rank, r.passed) for r in results] == [
        (5, 1, True),
        (2, 2, True),
        (4, 2, True),
        (1, 4, True),
        (3, None, False),
        (6, None, False),
    ]


def test_equal_final_is_broken_by_laporan_then_rancangan_then_sikap():
    results = compute_results(
        RULES,
        [
            facts(1, sikap=(90,), rancangan=(80,), laporan=(76,)),  # 1800+2400+3800 = 80.00
            facts(2, sikap=(80,), rancangan=(80,), laporan=(80,)),  # 80.00, laporan higher -> first
            facts(
                3, sikap=(95,), rancangan=(70,), laporan=(80,)
            ),  # 1900+2100+4000 = 80.00, rancangan lower
        ],
    )
    assert [(r.ndh, r.final, r.rank) for r in results] == [
        (2, D("80.00"), 1),
        (3, D("80.00"), 2),
        (1, D("80.00"), 3),
    ]


def test_tiebreak_uses_unrounded_component_means():
    # a: laporan mean 80.00333..., final 80.001666... -> 80.00
    # b: laporan mean 80.00, sikap 80.01, final 80.002 -> 80.00
    # With rounded means laporan and rancangan would tie and b's higher sikap would win.
    a = facts(1, laporan=("80.00", "80.01", "80.00"))
    b = facts(2, sikap=("80.01",), laporan=("80.00",))
    results = compute_results(RULES, [b, a])
    assert [r.final for r in results] == [D("80.00"), D("80.00")]
    assert [(r.ndh, r.rank) for r in results] == [(1, 1), (2, 2)]


def _graduates(n):
    """n graduates with distinct finals, NDH 1 best."""
    return [facts(i, laporan=(str(D(99) - D(i) / 4),)) for i in range(1, n + 1)]


@pytest.mark.parametrize(
    "graduates, best", [(38, 3), (5, 1), (9, 1), (10, 1), (19, 1), (20, 2), (1, 1)]
)
def test_best_participant_quota(graduates, best):
    assert best_count(RULES, graduates) == best
    results = compute_results(RULES, _graduates(graduates))
    assert sum(r.best for r in results) == best
    assert all(r.best == (r.rank <= best) for r in results)


def test_ties_at_the_best_cut_are_all_best():
    group = _graduates(38)
    # ndh 4 gets the same marks as ndh 3: ranks 1, 2, 3, 3, 5 ... -> four best
    group[3] = facts(4, laporan=group[2].marks["laporan"])
    results = compute_results(RULES, group)
    assert [(r.ndh, r.rank, r.best) for r in results[:5]] == [
        (1, 1, True),
        (2, 2, True),
        (3, 3, True),
        (4, 3, True),
        (5, 5, False),
    ]


def test_no_best_among_non_graduates():
    results = compute_results(RULES, [facts(1, laporan=(10,)), facts(2, status="withdrawn")])
    assert not any(r.best for r in results)


def test_best_min_and_quota_are_rules():
    rules = default_ruleset()
    rules.best_min = 2
    rules.best_quota_pct = D(20)
    assert best_count(rules, 5) == 2
    assert best_count(rules, 38) == 7


# --- certificate numbers -----------------------------------------------------------


def test_certificate_numbers_in_ndh_order_for_graduates_only():
    rules = default_ruleset()
    rules.certificate_pattern = "{n:03d}/STTPP/{code}/{year}"
    results = compute_results(
        rules,
        [
            facts(4, laporan=(95,)),
            facts(1, laporan=(75,)),
            facts(2, laporan=(20,)),  # fails
            facts(3, laporan=(85,)),
        ],
        {"code": "PIM-IV", "year": 2018},
    )
    by_ndh = {r.ndh: r.certificate_no for r in results}
    assert by_ndh == {
        1: "001/STTPP/PIM-IV/2018",
        2: None,
        3: "002/STTPP/PIM-IV/2018",
        4: "003/STTPP/PIM-IV/2018",
    }
    assert [r.ndh for r in results] == [4, 3, 1, 2]


def test_no_pattern_no_certificate_numbers():
    assert one(facts(1)).certificate_no is None


def test_missing_pattern_field():
    rules = default_ruleset()
    rules.certificate_pattern = "{n}/{year}"
    with pytest.raises(DomainError) as info:
        compute_results(rules, [facts(1)])
    assert info.value.key == "result.certificate_field"
    assert info.value.params == {"field": "year"}


@given(
    st.lists(st.tuples(st.integers(0, 100), st.integers(0, 100), st.integers(0, 100)), max_size=20)
)
def test_result_invariants(rows):
    group = [
        facts(i + 1, sikap=(s,), rancangan=(r,), laporan=(l,)) for i, (s, r, l) in enumerate(rows)
    ]
    results = compute_results(RULES, group)
    assert sorted(r.ndh for r in results) == list(range(1, len(rows) + 1))
    graduates = [r for r in results if r.passed]
    assert results[: len(graduates)] == graduates  # graduates come first
    ranks = [r.rank for r in graduates]
    assert ranks == sorted(ranks)
    assert all(r.rank is None and not r.best and r.reasons for r in results[len(graduates) :])
    for g in graduates:
        assert g.final >= D("70.01")
        better = sum(o.final > g.final for o in graduates)
        assert g.rank >= 1 + better
