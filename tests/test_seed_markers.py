"""The seed loader checks who marks as the services do: the component is marked in that
role under the cohort's rules, and the marker holds that role for the participant."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_fuzz_seed import ADMIN, COACH, EXAMINER, MENTOR, P2, valid_seed

from diklat.db.engine import Database
from diklat.db.migrate import upgrade
from diklat.io.seed import SeedInvalid, read_seed_dir
from diklat.services.seeding import apply_seed


def _apply(tmp_path: Path, marks: list[dict]) -> list[str]:
    seed = valid_seed()
    seed["cohorts"][0]["enrolments"][0]["marks"] = marks
    folder = tmp_path / "seed"
    folder.mkdir()
    (folder / "seed.json").write_text(json.dumps(seed), encoding="utf-8")
    db = Database.open(tmp_path / "d.db")
    upgrade(db)
    try:
        apply_seed(db, ADMIN, read_seed_dir(folder))
        return []
    except SeedInvalid as exc:
        return [str(p) for p in exc.problems]
    finally:
        db.dispose()


def test_the_right_marker_in_the_right_role_is_accepted(tmp_path) -> None:
    marks = [
        {"component": "sikap", "marker": COACH, "role": "coach", "score": "85"},
        {"component": "laporan", "marker": EXAMINER, "role": "examiner", "score": "80"},
    ]
    assert _apply(tmp_path, marks) == []


@pytest.mark.parametrize(
    "mark",
    [
        {"component": "sikap", "marker": MENTOR, "role": "mentor", "score": "85"},
        {"component": "laporan", "marker": P2, "role": "examiner", "score": "80"},
        {"component": "laporan", "marker": MENTOR, "role": "coach", "score": "80"},
    ],
    ids=["sikap-by-mentor", "participant-as-examiner", "mentor-as-coach"],
)
def test_a_mark_from_the_wrong_role_or_person_is_refused(tmp_path, mark) -> None:
    problems = _apply(tmp_path, [mark])
    assert len(problems) == 1, problems
    assert "marks" in problems[0]
