import json
from decimal import Decimal

import pytest
from pydantic import ValidationError

from diklat.domain.errors import DomainError
from diklat.domain.roles import Role
from diklat.domain.rules import (
    DEFAULT_RULESET_NAME,
    RuleSet,
    default_ruleset,
    dump_ruleset,
    load_ruleset,
    validate_mark,
)
from diklat.domain.workflow import REQUIRED_FOR_GRADUATION
from diklat.i18n import has

D = Decimal


def test_default_ruleset_matches_domain_table():
    rules = default_ruleset()
    assert rules.name == DEFAULT_RULESET_NAME
    assert rules.is_default_values
    assert [(c.code, c.weight) for c in rules.components] == [
        ("sikap", D(20)),
        ("rancangan", D(30)),
        ("laporan", D(50)),
    ]
    assert rules.component("sikap").marker_roles == [Role.COACH, Role.COORDINATOR]
    assert set(rules.component("laporan").marker_roles) == {Role.EXAMINER, Role.COACH, Role.MENTOR}
    assert [(b.code, b.min, b.max) for b in rules.qualification_bands] == [
        ("SM", D("90.01"), D("100")),
        ("M", D("80.01"), D("90.00")),
        ("CM", D("70.01"), D("80.00")),
        ("KM", D("60.01"), D("70.00")),
        ("TM", D("0"), D("60.00")),
    ]
    assert rules.label("CM", "id") == "Cukup Memuaskan"
    assert rules.label("TM", "en") == "Unsatisfactory"
    assert rules.pass_conditions.min_final == D("70.01")
    assert rules.pass_conditions.min_attendance_pct == D(90)
    assert tuple(rules.pass_conditions.required_stages) == REQUIRED_FOR_GRADUATION
    assert rules.rank_tiebreak == ["laporan", "rancangan", "sikap"]
    assert (rules.best_quota_pct, rules.best_min) == (D(10), 1)


def test_default_is_a_fresh_copy():
    a, b = default_ruleset(), default_ruleset()
    a.components[0].weight = D(99)
    a.rank_tiebreak.append("x")
    assert b.components[0].weight == D(20)
    assert default_ruleset().rank_tiebreak == ["laporan", "rancangan", "sikap"]


def test_json_round_trip():
    rules = default_ruleset()
    data = dump_ruleset(rules)
    text = json.dumps(data)
    assert data["components"][0]["weight"] == "20"  # decimals travel as strings, never floats
    assert RuleSet.model_validate(json.loads(text)) == rules
    assert load_ruleset(text) == rules
    assert RuleSet.model_validate(rules.model_dump(mode="json")) == rules


def _data(**changes):
    data = dump_ruleset(default_ruleset())
    data.update(changes)
    return data


def _error_key(data):
    with pytest.raises(DomainError) as info:
        load_ruleset(data)
    assert has(info.value.key), info.value.key
    return info.value.key


def test_validation_error_carries_the_domain_error():
    data = _data()
    data["components"][1]["code"] = "sikap"
    with pytest.raises(ValidationError) as info:
        RuleSet.model_validate(data)
    assert info.value.errors()[0]["ctx"]["error"].key == "rules.component_duplicate"


def test_duplicate_component_codes():
    data = _data()
    data["components"][2]["code"] = "sikap"
    assert _error_key(data) == "rules.component_duplicate"


def test_unknown_tiebreak_code():
    assert _error_key(_data(rank_tiebreak=["laporan", "ujian"])) == "rules.tiebreak_unknown"


@pytest.mark.parametrize("weight", ["0", "-5"])
def test_weights_must_be_positive(weight):
    data = _data()
    data["components"][0]["weight"] = weight
    assert _error_key(data) == "rules.weight_not_positive"


def test_overlapping_bands():
    data = _data()
    data["qualification_bands"][1]["min"] = "80.00"  # M now overlaps CM at 80.00
    assert _error_key(data) == "rules.band_overlap"


def test_gap_between_bands():
    data = _data()
    data["qualification_bands"][1]["min"] = "80.05"
    assert _error_key(data) == "rules.band_gap"


def test_bands_must_cover_the_whole_range():
    data = _data()
    data["qualification_bands"][0]["max"] = "99.99"
    assert _error_key(data) == "rules.band_coverage"
    data = _data()
    data["qualification_bands"] = data["qualification_bands"][:-1]
    assert _error_key(data) == "rules.band_coverage"


def test_labels_need_both_languages():
    data = _data()
    data["components"][0]["label"] = {"id": "Sikap"}
    assert _error_key(data) == "rules.label_missing"


def test_certificate_pattern_needs_the_running_number():
    assert _error_key(_data(certificate_pattern="STTPP/{year}")) == "rules.certificate_pattern"
    assert _error_key(_data(certificate_pattern="{n")) == "rules.certificate_pattern"
    rules = load_ruleset(_data(certificate_pattern="{n:03d}/STTPP/{code}/{year}"))
    assert rules.certificate_pattern == "{n:03d}/STTPP/{code}/{year}"


def test_structural_errors_become_domain_errors():
    assert _error_key(_data(version="satu")) == "rules.invalid"
    assert _error_key(_data(rounding="half_even")) == "rules.invalid"


def test_unknown_component_lookup():
    with pytest.raises(DomainError) as info:
        default_ruleset().component("ujian")
    assert info.value.key == "rules.component_unknown"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("85.5", D("85.50")),
        (D("80.25"), D("80.25")),
        (100, D("100.00")),
        (0, D("0.00")),
        ("85,5", D("85.50")),
        (" 70.01 ", D("70.01")),
        (80.1, D("80.10")),
        ("80.500", D("80.50")),
    ],
)
def test_valid_marks(value, expected):
    assert validate_mark(default_ruleset(), value) == expected


@pytest.mark.parametrize(
    "value, key",
    [
        ("100.01", "mark.out_of_range"),
        (-1, "mark.out_of_range"),
        ("101", "mark.out_of_range"),
        ("80.005", "mark.too_many_decimals"),
        ("tujuh puluh", "mark.not_a_number"),
        ("", "mark.not_a_number"),
        ("NaN", "mark.not_a_number"),
        ("Infinity", "mark.not_a_number"),
        (None, "mark.not_a_number"),
        (True, "mark.not_a_number"),
    ],
)
def test_invalid_marks(value, key):
    with pytest.raises(DomainError) as info:
        validate_mark(default_ruleset(), value)
    assert info.value.key == key
    assert "{" not in info.value.message()


def test_a_huge_refused_mark_is_quoted_cut():
    """Found by the seed fuzzer: a 10,001-digit score was repeated whole in the message."""
    for value in ("9" * 10_001, "x" * 10_001):
        with pytest.raises(DomainError) as info:
            validate_mark(default_ruleset(), value)
        assert len(info.value.message()) < 200 and "…" in info.value.message()


def test_out_of_range_params():
    with pytest.raises(DomainError) as info:
        validate_mark(default_ruleset(), "100.5")
    assert info.value.params == {"value": "100.5", "min": D(0), "max": D(100)}


def test_every_domain_message_key_is_in_both_catalogues_with_the_same_fields():
    import re
    from pathlib import Path

    import diklat.domain as domain
    from diklat.i18n import catalogue, fields

    pattern = re.compile(r'(?:DomainError|Reason)\(\s*"([a-z_]+(?:\.[a-z_]+)+)"')
    used = set()
    for name in ("nip", "diagnosis", "rules", "scoring", "instrument"):
        used |= set(pattern.findall((Path(domain.__file__).parent / f"{name}.py").read_text()))
    assert {"nip.sex", "result.reason.no_final", "mark.out_of_range"} <= used
    ids, ens = catalogue("id"), catalogue("en")
    for key in used:
        assert key in ids and key in ens, key
        assert fields(ids[key]) == fields(ens[key]), key
