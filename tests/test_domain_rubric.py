"""Rubrics: weighted mean of criterion scores, levels with score ranges, versions."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from diklat.domain.errors import DomainError
from diklat.domain.rubric import default_rubric, default_rubrics, dump_rubric, parse_rubric

LEVELS = [
    {"code": "baik", "label": {"id": "Baik", "en": "Good"}, "min": "80.01", "max": "100"},
    {"code": "cukup", "label": {"id": "Cukup", "en": "Fair"}, "min": "60.01", "max": "80.00"},
    {"code": "kurang", "label": {"id": "Kurang", "en": "Poor"}, "min": "0", "max": "60.00"},
]


def _rubric(**kw):
    data = {
        "code": "uji",
        "version": 1,
        "component": "rancangan",
        "title": {"id": "Rubrik uji", "en": "Test rubric"},
        "levels": LEVELS,
        "criteria": [
            {"code": "a", "label": {"id": "A", "en": "A"}, "weight": "2"},
            {"code": "b", "label": {"id": "B", "en": "B"}, "weight": "1"},
            {"code": "c", "label": {"id": "C", "en": "C"}, "weight": "1"},
        ],
    }
    data.update(kw)
    return parse_rubric(data)


def test_worked_example_of_the_default_design_rubric():
    """The shipped design-seminar rubric, marked by hand:

    criterion      weight  score   weight x score
    diagnosis        20    85.00       1700.00
    gagasan          20    78.50       1570.00
    milestone        20    90.00       1800.00
    stakeholder      15    70.25       1053.75
    penyajian        25    88.00       2200.00
                    ---                ---------
                    100                 8323.75   -> 8323.75 / 100 = 83.2375 -> 83.24 (half-up)
    """
    rubric = default_rubric("rancangan")
    scores = {
        "diagnosis": D("85"),
        "gagasan": D("78.50"),
        "milestone": D("90"),
        "stakeholder": D("70.25"),
        "penyajian": D("88"),
    }
    assert rubric.total_weight == 100
    assert rubric.total(scores) == D("83.24")


def test_total_is_exact_and_rounds_half_up_only_at_the_end():
    rubric = _rubric()
    # (2*80.01 + 80 + 80) / 4 = 320.02 / 4 = 80.005 -> 80.01 (half-up; binary floats give 80.00)
    assert rubric.total({"a": D("80.01"), "b": D("80"), "c": D("80")}) == D("80.01")
    # (2*70 + 70 + 70.01) / 4 = 280.01 / 4 = 70.0025 -> 70.00
    assert rubric.total({"a": D("70"), "b": D("70"), "c": D("70.01")}) == D("70.00")


def test_total_missing_while_a_criterion_has_no_score():
    rubric = _rubric()
    assert rubric.total({"a": D("90"), "b": D("90")}) is None
    assert rubric.filled({"a": D("90"), "b": None}) == 1


def test_score_must_lie_in_the_chosen_level():
    rubric = _rubric()
    assert rubric.check_score("a", "baik", "85,5") == ("baik", D("85.50"))
    with pytest.raises(DomainError) as err:
        rubric.check_score("a", "cukup", "85")
    assert err.value.key == "rubric.score_outside_level"
    assert rubric.check_score("b", None, "60") == ("kurang", D("60.00"))
    with pytest.raises(DomainError):
        rubric.check_score("a", "baik", "85.555")
    with pytest.raises(DomainError):
        rubric.check_score("zzz", "baik", "85")


@pytest.mark.parametrize(
    "change, key",
    [
        ({"criteria": []}, "rubric.no_criteria"),
        ({"levels": [{**LEVELS[0], "min": "70"}, LEVELS[1]]}, "rubric.level_overlap"),
        ({"levels": [{**LEVELS[0], "min": "90", "max": "80"}]}, "rubric.level_empty"),
        ({"levels": [{**LEVELS[0], "max": "101"}]}, "rubric.level_bounds"),
    ],
)
def test_invalid_rubrics_are_refused(change, key):
    with pytest.raises(DomainError) as err:
        _rubric(**change)
    assert err.value.key == key


def test_zero_weight_refused():
    with pytest.raises(DomainError) as err:
        _rubric(criteria=[{"code": "a", "label": {"id": "A", "en": "A"}, "weight": "0"}])
    assert err.value.key == "rubric.weight_not_positive"


def test_defaults_ship_for_every_component_and_round_trip():
    rubrics = default_rubrics()
    assert [r.component for r in rubrics] == ["sikap", "rancangan", "laporan"]
    for rubric in rubrics:
        assert rubric.version == 1 and rubric.is_default_values
        assert rubric.total_weight == 100
        for criterion in rubric.criteria:
            ranges = sorted((lv.min, lv.max) for lv in criterion.levels)
            assert ranges[0][0] == 0 and ranges[-1][1] == 100
        assert parse_rubric(dump_rubric(rubric)) == rubric
