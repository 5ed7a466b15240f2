"""Dates, times and numbers as the app shows them (tui/format.py): stored UTC read in
local time, DD-MM-YYYY, the decimal comma in Indonesian and the dot in English."""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from diklat.i18n import set_language
from diklat.services.errors import Conflict
from diklat.tui import format as fmt


@pytest.fixture
def jakarta(monkeypatch):
    """The process in Western Indonesian Time (UTC+7, no daylight saving)."""
    monkeypatch.setenv("TZ", "Asia/Jakarta")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


STORED = datetime(2026, 3, 1, 20, 30, 15)  # naive: UTC, as the database keeps it


def test_stored_moments_are_shown_in_local_time(jakarta):
    assert fmt.moment(STORED) == "02-03-2026 03:30"
    assert fmt.day(STORED) == "02-03-2026"
    assert fmt.clock(STORED) == "03:30:15"
    # An aware moment is converted, not relabelled.
    assert fmt.moment(STORED.replace(tzinfo=UTC)) == "02-03-2026 03:30"


def test_a_save_time_carries_its_date(jakarta):
    assert fmt.saved(STORED) == "02-03-2026 03:30:15"


def test_plain_dates_and_nothing():
    assert fmt.day(date(2026, 10, 15)) == "15-10-2026"
    assert fmt.moment(date(2026, 10, 15)) == "15-10-2026"
    assert fmt.moment(None) == "-"
    assert fmt.mark(None) == "–"


def test_decimal_comma_in_indonesian_dot_in_english():
    assert fmt.decimal(Decimal("94.07")) == "94,07"
    assert fmt.decimal(4.666666) == "4,67"
    assert fmt.number(Decimal("12.50")) == "12,5"
    assert fmt.number(Decimal("20.00")) == "20"
    assert fmt.number(75) == "75"
    set_language("en")
    assert fmt.decimal(Decimal("94.07")) == "94.07"
    assert fmt.number(Decimal("12.50")) == "12.5"


def test_a_conflict_names_the_moment_in_local_time_and_the_score_with_a_comma(jakarta):
    exc = Conflict(
        "marks.changed_meanwhile",
        name="Budi",
        score=Decimal("83.50"),
        at=STORED,
        component="Sikap",
    )
    shown = fmt.error(exc)
    assert "02-03-2026 03:30" in shown and "83,50" in shown
    assert "20:30" not in shown
    # Without the app's renderer (the command line) the moment says it is UTC.
    assert "2026-03-01 20:30 UTC" in exc.message()


def test_the_test_zone_is_not_utc(jakarta):
    # Guards the tests above: in UTC they could not tell local from stored time.
    assert time.strftime("%z") == "+0700"
    assert os.environ["TZ"] == "Asia/Jakarta"
