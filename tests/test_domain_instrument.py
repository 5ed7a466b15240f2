from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diklat.domain.errors import DomainError
from diklat.domain.instrument import (
    Instrument,
    load_instrument,
    missing_items,
    score_values,
    strengths_and_development,
)
from diklat.i18n import has

D = Decimal
INSTRUMENT = load_instrument()


def test_default_instrument_shape():
    assert (INSTRUMENT.code, INSTRUMENT.version, INSTRUMENT.year) == ("berakhlak", 1, 2021)
    assert [v.label["id"] for v in INSTRUMENT.values] == [
        "Berorientasi Pelayanan",
        "Akuntabel",
        "Kompeten",
        "Harmonis",
        "Loyal",
        "Adaptif",
        "Kolaboratif",
    ]
    assert all(len(v.items) == 3 for v in INSTRUMENT.values)
    codes = INSTRUMENT.item_codes()
    assert len(codes) == len(set(codes)) == 21
    assert codes[0] == "BP1" and codes[-1] == "KOL3"
    for item in INSTRUMENT.items():
        assert item.text["id"].strip() and item.text["en"].strip()
    assert (INSTRUMENT.scale.min, INSTRUMENT.scale.max) == (1, 5)
    assert INSTRUMENT.scale.label(1, "id") == "Sangat tidak sesuai"
    assert INSTRUMENT.scale.label(5, "id") == "Sangat sesuai"
    assert INSTRUMENT.scale.label(3, "en")
    # reflection fields match the self-assessment document's fields
    assert [f.code for f in INSTRUMENT.reflection] == [
        "strengths",
        "development_areas",
        "feedback",
        "development_plan",
    ]


def test_reflection_codes_match_content_document():
    from diklat.domain.content import SelfAssessment

    assert {f.code for f in INSTRUMENT.reflection} <= set(SelfAssessment.model_fields)


def test_load_by_version_and_unknown():
    assert load_instrument("berakhlak", 1) == INSTRUMENT
    for args in (("berakhlak", 99), ("mbti", None)):
        with pytest.raises(DomainError) as info:
            load_instrument(*args)
        assert info.value.key == "instrument.not_found"
        assert has(info.value.key)


def test_instrument_json_round_trip():
    assert Instrument.model_validate(INSTRUMENT.model_dump(mode="json")) == INSTRUMENT


def test_duplicate_item_codes_are_rejected():
    data = INSTRUMENT.model_dump(mode="json")
    data["values"][1]["items"][0]["code"] = "BP1"
    with pytest.raises(ValueError):
        Instrument.model_validate(data)


def test_scores_are_means_of_answered_items():
    answers = {"BP1": 5, "BP2": 4, "BP3": 4, "AKU1": 2, "AKU3": 3}
    scores = {s.code: s for s in score_values(INSTRUMENT, answers)}
    assert [s.code for s in score_values(INSTRUMENT, answers)] == [
        v.code for v in INSTRUMENT.values
    ]
    assert round(scores["BP"].score, 4) == D("4.3333")
    assert scores["AKU"].score == D("2.5")
    assert (scores["AKU"].answered, scores["AKU"].items) == (2, 3)
    assert scores["KOM"].score is None
    assert scores["BP"].text("id") == "Berorientasi Pelayanan"


@pytest.mark.parametrize("value", [0, 6, -1, True, "5"])
def test_answers_outside_the_scale_are_rejected(value):
    with pytest.raises(DomainError) as info:
        score_values(INSTRUMENT, {"BP1": value})
    assert info.value.key == "instrument.answer_out_of_range"
    assert info.value.params["item"] == "BP1"
    assert "{" not in info.value.message()


def test_unknown_item_is_rejected():
    with pytest.raises(DomainError) as info:
        score_values(INSTRUMENT, {"XX1": 3})
    assert info.value.key == "instrument.unknown_item"


def test_strengths_and_development_areas():
    per_value = {"BP": 5, "AKU": 3, "KOM": 4, "HAR": 2, "LOY": 4, "ADA": 2, "KOL": 5}
    answers = {f"{code}{i}": score for code, score in per_value.items() for i in (1, 2, 3)}
    top, bottom = strengths_and_development(score_values(INSTRUMENT, answers))
    assert [s.code for s in top] == ["BP", "KOL"]
    assert [s.code for s in bottom] == ["HAR", "ADA"]


def test_ties_keep_instrument_order():
    answers = {code: 3 for code in INSTRUMENT.item_codes()}
    top, bottom = strengths_and_development(score_values(INSTRUMENT, answers))
    assert [s.code for s in top] == ["BP", "AKU"]
    assert [s.code for s in bottom] == ["KOM", "HAR"]


def test_few_scored_values_are_never_both_strength_and_development_area():
    top, bottom = strengths_and_development(
        score_values(INSTRUMENT, {"BP1": 5, "AKU1": 1, "KOM1": 3})
    )
    assert [s.code for s in top] == ["BP", "KOM"]
    assert [s.code for s in bottom] == ["AKU"]
    assert strengths_and_development(score_values(INSTRUMENT, {})) == ([], [])


def test_missing_items():
    assert missing_items(INSTRUMENT, {}) == INSTRUMENT.item_codes()
    answers = {code: 4 for code in INSTRUMENT.item_codes() if code != "LOY2"}
    assert missing_items(INSTRUMENT, answers) == ["LOY2"]
    assert missing_items(INSTRUMENT, {**answers, "LOY2": None}) == ["LOY2"]


@given(st.dictionaries(st.sampled_from(INSTRUMENT.item_codes()), st.integers(1, 5)))
def test_score_properties(answers):
    scores = score_values(INSTRUMENT, answers)
    for value, score in zip(INSTRUMENT.values, scores):
        given = [answers[i.code] for i in value.items if i.code in answers]
        if given:
            assert min(given) <= score.score <= max(given)
            assert abs(score.score * len(given) - sum(given)) < D("1e-20")
        else:
            assert score.score is None
    assert len(missing_items(INSTRUMENT, answers)) == 21 - len(answers)
    top, bottom = strengths_and_development(scores)
    assert not {s.code for s in top} & {s.code for s in bottom}
    if top and bottom:
        assert min(s.score for s in top) >= max(s.score for s in bottom)
