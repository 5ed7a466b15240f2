"""A closed cohort is not reopened by an unlock that does not say so, and the command
line shows which cohorts are locked."""

from __future__ import annotations

import pytest
from cli_runner import run_cli
from factories import World

from diklat.services import cohort_admin, results
from diklat.services.cohorts import show_cohort
from diklat.services.errors import Invalid

A = "ANGK-A"


def _closed(world: World) -> None:
    k1 = world.actor("K1")
    results.release(world.db, k1, world.cohort_ids["A"])
    cohort_admin.close_cohort(world.db, k1, A)


def test_unlocking_a_closed_cohort_needs_reopen(world: World) -> None:
    _closed(world)
    k1 = world.actor("K1")
    with pytest.raises(Invalid) as info:
        cohort_admin.unlock_cohort(world.db, k1, A, "salah ketik nilai")
    assert info.value.key == "cohort.closed_unlock"
    summary = show_cohort(world.db, k1, A).summary
    assert (summary.status, summary.locked) == ("closed", True)

    cohort_admin.unlock_cohort(world.db, k1, A, "salah ketik nilai", reopen=True)
    summary = show_cohort(world.db, k1, A).summary
    assert (summary.status, summary.locked) == ("open", False)


def test_cohort_list_and_show_say_locked(world: World) -> None:
    cohort_admin.lock_cohort(world.db, world.actor("K1"), A)
    env = {"DIKLAT_LANG": "en"}
    listed = run_cli("--db", str(world.path), "cohort", "list", env=env)
    row = next(line for line in listed.out.splitlines() if A in line)
    assert "Running, locked" in row
    other = next(line for line in listed.out.splitlines() if "ANGK-B" in line)
    assert "locked" not in other
    shown = run_cli("--db", str(world.path), "cohort", "show", A, env=env)
    assert "Running, locked" in shown.out

    unlocked = run_cli("--db", str(world.path), "cohort", "unlock", A, "--reason", "uji", env=env)
    assert unlocked.code == 0  # a locked, running cohort unlocks as before
