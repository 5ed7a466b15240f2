"""Blind double marking and moderation rules (domain/marking.py)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal as D

from diklat.domain.marking import (
    Settlement,
    breaches,
    effective_marks,
    may_see_others,
    moderation_state,
)

T15 = D("15")
EARLY, LATE = datetime(2026, 5, 1, 10), datetime(2026, 5, 2, 10)


def test_breach_is_strictly_more_than_the_tolerance():
    assert not breaches([D("70"), D("85")], T15)  # exactly 15: within tolerance
    assert breaches([D("70"), D("85.01")], T15)
    assert not breaches([D("10")], T15)  # one mark cannot disagree


def test_visibility():
    assert not may_see_others(own_mark_saved=False, oversees=False)
    assert may_see_others(own_mark_saved=True, oversees=False)
    assert may_see_others(own_mark_saved=False, oversees=True)


def test_settlement_counts_until_a_mark_changes_after_it():
    marks = [D("60"), D("90")]
    settled = Settlement(D("80"), LATE)
    assert moderation_state(marks, T15, None, EARLY) == "flagged"
    assert moderation_state(marks, T15, settled, EARLY) == "settled"
    assert effective_marks(marks, T15, settled, EARLY) == [D("80")]
    stale = Settlement(D("80"), EARLY)
    assert moderation_state(marks, T15, stale, LATE) == "flagged"
    assert effective_marks(marks, T15, stale, LATE) == marks
