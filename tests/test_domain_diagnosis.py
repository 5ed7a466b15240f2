import pytest
from hypothesis import given
from hypothesis import strategies as st

from diklat.domain.diagnosis import (
    APKL_CRITERIA,
    Apkl,
    RankedIssue,
    Usg,
    propose_core_issue,
    rank_usg,
)
from diklat.domain.errors import DomainError


def test_apkl_passes_only_when_all_four_hold():
    assert Apkl(True, True, True, True).passes
    assert Apkl(True, True, True, True).failed() == ()
    issue = Apkl(aktual=True, problematik=False, kekhalayakan=True, layak=False)
    assert not issue.passes
    assert issue.failed() == ("problematik", "layak")
    assert APKL_CRITERIA == ("aktual", "problematik", "kekhalayakan", "layak")


@pytest.mark.parametrize(
    "u, s, g, criterion, value",
    [
        (0, 3, 3, "urgency", 0),
        (3, 6, 3, "seriousness", 6),
        (3, 3, -1, "growth", -1),
        (True, 3, 3, "urgency", True),
    ],
)
def test_usg_out_of_range(u, s, g, criterion, value):
    with pytest.raises(DomainError) as info:
        Usg(u, s, g)
    assert info.value.key == "usg.out_of_range"
    assert info.value.params == {"criterion": criterion, "value": value}


def test_usg_total():
    assert Usg(5, 4, 3).total == 12


def test_order_and_tie_breaks():
    items = [
        ("a", Usg(3, 4, 5)),  # 12, U3
        ("b", Usg(5, 4, 3)),  # 12, U5
        ("c", Usg(5, 3, 4)),  # 12, U5 S3
        ("d", Usg(5, 5, 5)),  # 15
        ("e", Usg(1, 1, 1)),  # 3
    ]
    ranked = rank_usg(items)
    assert [r.key for r in ranked] == ["d", "b", "c", "a", "e"]
    assert [r.rank for r in ranked] == [1, 2, 3, 4, 5]
    assert propose_core_issue(ranked) == "d"


def test_fully_equal_items_share_a_rank_and_skip_the_next():
    items = [("a", Usg(4, 4, 4)), ("b", Usg(5, 5, 5)), ("c", Usg(4, 4, 4)), ("d", Usg(3, 3, 3))]
    ranked = rank_usg(items)
    assert [(r.key, r.rank) for r in ranked] == [("b", 1), ("a", 2), ("c", 2), ("d", 4)]


def test_empty():
    assert rank_usg([]) == []
    assert propose_core_issue([]) is None


usg_values = st.builds(Usg, *(st.integers(1, 5) for _ in range(3)))


@given(st.lists(usg_values, max_size=25))
def test_rank_properties(scores):
    items = list(enumerate(scores))
    ranked = rank_usg(items)
    assert sorted(r.key for r in ranked) == list(range(len(scores)))
    ranks = [r.rank for r in ranked]
    assert ranks == sorted(ranks)

    def better(x: Usg, y: Usg) -> bool:
        return (x.total, x.urgency, x.seriousness, x.growth) > (
            y.total,
            y.urgency,
            y.seriousness,
            y.growth,
        )

    for r in ranked:
        assert r.rank == 1 + sum(better(other, r.usg) for other in scores)
        assert isinstance(r, RankedIssue)
    for a in ranked:
        for b in ranked:
            if a.usg == b.usg:
                assert a.rank == b.rank
    # stability: equal scores keep input order
    for a, b in zip(ranked, ranked[1:]):
        if a.usg == b.usg:
            assert a.key < b.key


def test_labels_exist_in_both_languages():
    from diklat.domain.diagnosis import FISHBONE_CATEGORIES, IDEA_CRITERIA, USG_CRITERIA
    from diklat.domain.roles import Role
    from diklat.domain.workflow import Stage, State
    from diklat.i18n import catalogue

    keys = [f"apkl.{c}" for c in APKL_CRITERIA] + [f"usg.{c}" for c in USG_CRITERIA]
    keys += [f"fishbone.{c}" for c in FISHBONE_CATEGORIES] + [
        f"idea_criterion.{c}" for c in IDEA_CRITERIA
    ]
    keys += [f"role.{r.value}" for r in Role] + [f"stage.{s.value}" for s in Stage]
    keys += [f"state.{s.value}" for s in State]
    keys += ["workflow.not_allowed_in_state", "workflow.role_not_allowed"]
    for lang in ("id", "en"):
        missing = [k for k in keys if k not in catalogue(lang)]
        assert not missing, (lang, missing)
    assert catalogue("id")["fishbone.mesin"] == "Mesin/Sarana"
    assert catalogue("id")["role.coordinator"] == "Penyelenggara"
