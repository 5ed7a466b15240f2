from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diklat.domain.errors import DomainError
from diklat.domain.nip import Nip, parse_nip, parse_nrp


def key_of(call, *args):
    with pytest.raises(DomainError) as info:
        call(*args)
    return info.value.key, info.value.params


def test_grouped_form_is_accepted_and_stored_as_digits():
    nip = Nip.parse("19701218 199603 2 001")
    assert nip.digits == "197012181996032001"
    assert str(nip) == "197012181996032001"
    assert nip.birth_date == date(1970, 12, 18)
    assert (nip.appointment_year, nip.appointment_month) == (1996, 3)
    assert nip.sex == 2
    assert nip.sequence == 1
    assert nip.grouped() == "19701218 199603 2 001"


def test_plain_digits_and_surrounding_whitespace():
    assert parse_nip("  197012181996032001\n") == "197012181996032001"
    assert parse_nip("19701218199603 2 001") == "197012181996032001"


def test_empty():
    assert key_of(Nip.parse, "   ")[0] == "nip.empty"


@pytest.mark.parametrize(
    "text", ["19701218-199603-2-001", "19701218.199603.2.001", "1970121819960320O1"]
)
def test_other_characters_are_not_tolerated(text):
    key, params = key_of(Nip.parse, text)
    assert key == "nip.not_digits"
    assert params["value"] == text


def test_non_ascii_digits_are_rejected():
    assert key_of(Nip.parse, "１９７０１２１８１９９６０３２００１")[0] == "nip.not_digits"


@pytest.mark.parametrize("text, length", [("1970121819960320", 16), ("1970121819960320011", 19)])
def test_length(text, length):
    assert key_of(Nip.parse, text) == ("nip.length", {"length": length})


def test_31_february_is_not_a_birth_date():
    assert key_of(Nip.parse, "19700231 199603 2 001") == ("nip.birth_date", {"value": "19700231"})


def test_appointment_month_13():
    assert key_of(Nip.parse, "19701218 199613 2 001") == ("nip.appointment_month", {"month": "13"})


def test_appointment_month_00():
    assert key_of(Nip.parse, "19701218 199600 1 001")[0] == "nip.appointment_month"


def test_sex_digit_3():
    assert key_of(Nip.parse, "19701218 199603 3 001") == ("nip.sex", {"digit": "3"})


def test_appointment_before_birth():
    assert key_of(Nip.parse, "19701218 196903 1 001")[0] == "nip.appointment_before_birth"


def test_appointment_in_the_birth_month_is_not_after_it():
    assert key_of(Nip.parse, "19701218 197012 1 001")[0] == "nip.appointment_before_birth"
    assert Nip.parse("19701218 197101 1 001").appointment_year == 1971


def test_sequence_is_not_checked():
    # PPPK numbers share the shape; anything in the sequence digits is accepted.
    assert Nip.parse("19850101 202101 1 000").sequence == 0
    assert Nip.parse("19850101 202101 1 999").sequence == 999


@given(
    birth=st.dates(min_value=date(1940, 1, 1), max_value=date(2005, 12, 31)),
    years_later=st.integers(min_value=1, max_value=60),
    month=st.integers(min_value=1, max_value=12),
    sex=st.sampled_from([1, 2]),
    seq=st.integers(min_value=0, max_value=999),
)
def test_round_trip_of_valid_numbers(birth, years_later, month, sex, seq):
    digits = f"{birth:%Y%m%d}{birth.year + years_later:04d}{month:02d}{sex}{seq:03d}"
    nip = Nip.parse(digits)
    assert Nip.parse(nip.grouped()) == nip
    assert str(nip) == digits
    assert nip.birth_date == birth


def test_messages_exist_in_catalogue():
    from diklat.i18n import has

    for text in [
        "",
        "x",
        "1",
        "19700231199603 2001",
        "19701218199613 2001",
        "197012181996033001",
        "197012181969031001",
    ]:
        with pytest.raises(DomainError) as info:
            Nip.parse(text)
        assert has(info.value.key)
        assert "{" not in info.value.message()


def test_nrp():
    assert parse_nrp(" 68.05.0123 ") == "68050123"
    assert parse_nrp("11 0 1 2") == "11012"
    assert key_of(parse_nrp, " . ")[0] == "nrp.empty"
    assert key_of(parse_nrp, "1234") == ("nrp.invalid", {"value": "1234"})
    assert key_of(parse_nrp, "1" * 19)[0] == "nrp.invalid"
    assert key_of(parse_nrp, "12A45")[0] == "nrp.invalid"
    assert parse_nrp("1" * 18) == "1" * 18
