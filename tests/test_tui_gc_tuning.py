"""The app collects the youngest generation less often than CPython's default
(tui/gc_tuning.py: drawing a screen allocates a great many short-lived objects)."""

from __future__ import annotations

import gc

import pytest

from diklat.tui import gc_tuning


@pytest.fixture
def threshold():
    saved = gc.get_threshold()
    yield
    gc.set_threshold(*saved)


def test_the_app_raises_the_youngest_threshold_and_keeps_the_others(threshold) -> None:
    from diklat.tui.app import DiklatApp

    gc.set_threshold(700, 10, 10)
    DiklatApp(open_db=lambda: None)
    assert gc.get_threshold() == (gc_tuning.YOUNGEST, 10, 10)


def test_a_higher_threshold_or_a_disabled_collector_is_left_alone(threshold) -> None:
    gc.set_threshold(50_000, 5, 5)
    gc_tuning.tune()
    assert gc.get_threshold() == (50_000, 5, 5)
    gc.set_threshold(0, 10, 10)  # 0: automatic collection disabled
    gc_tuning.tune()
    assert gc.get_threshold() == (0, 10, 10)
