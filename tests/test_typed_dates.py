"""Dates as people type them (issue 16 part 2): one reading for every date field."""

from __future__ import annotations

from datetime import date

import pytest

from diklat.tui import format as fmt


@pytest.mark.parametrize(
    "typed", ["15-10-2026", "15/10/2026", "15.10.2026", "2026-10-15", " 15-10-2026 "]
)
def test_a_date_reads_as_people_type_it(typed: str) -> None:
    assert fmt.read_day(typed) == date(2026, 10, 15)
    assert fmt.day(fmt.read_day(typed)) == "15-10-2026"


@pytest.mark.parametrize("typed", ["31-02-2026", "15-13-2026", "besok", "2026/10"])
def test_a_date_that_cannot_be_read_is_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        fmt.read_day(typed)
