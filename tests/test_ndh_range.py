"""One NDH range everywhere: the numbers diklat gives out itself are numbers its imports
read back, so its own graduation CSV re-imports when NDHs pass 999."""

from __future__ import annotations

from pathlib import Path

from factories import World
from sqlalchemy import update

from diklat.db.models import Enrolment
from diklat.domain.imports import MAX_NDH
from diklat.io.graduation import write_graduation
from diklat.io.participants_import import read_participants
from diklat.services.enrolment import plan_participants
from diklat.services.graduation import cohort_results

A = "ANGK-A"


def test_the_graduation_csv_re_imports_with_ndh_over_999(world: World, tmp_path: Path) -> None:
    with world.db.write() as s:
        s.execute(update(Enrolment).where(Enrolment.id == world.enrolments["P1"]).values(ndh=1000))
        s.execute(update(Enrolment).where(Enrolment.id == world.enrolments["P2"]).values(ndh=4321))
    k1 = world.actor("K1")
    path = tmp_path / "lulusan.csv"
    write_graduation(cohort_results(world.db, k1, A), "csv", path)
    rows, _ = read_participants(path)
    assert sorted(r.ndh for r in rows) == [1000, 4321]
    plan = plan_participants(world.db, k1, A, rows)
    assert len(plan.rows) == 2


def test_the_seed_shares_the_range() -> None:
    from diklat.io import seed_format

    assert seed_format.MAX_NDH is MAX_NDH
