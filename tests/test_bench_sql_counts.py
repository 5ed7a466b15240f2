"""What the benchmarks rely on, checked at small sizes: the generator makes a valid
database, and each screen's service and each cohort export issues the same number
of SQL statements whatever the number of participants (no query per row).
Timing is the benchmarks' business (bench/run.py), never the tests'."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import event, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402

from diklat.db.engine import Database  # noqa: E402
from diklat.db.migrate import head_revision, stored_revision  # noqa: E402
from diklat.db.models import Account, Enrolment  # noqa: E402
from diklat.services.auth import _actor_of  # noqa: E402

SMALL, LARGE = 400, 800  # one training centre, then two


@pytest.fixture(scope="module")
def worlds(tmp_path_factory):
    out = {}
    for n in (SMALL, LARGE):
        path, meta = generate.ensure(n, tmp_path_factory.mktemp(f"n{n}"), progress=False)
        db = Database.open(path)
        out[n] = (db, meta)
    yield out
    for db, _ in out.values():
        db.dispose()


def _actor(db, login):
    with db.read() as s:
        return _actor_of(s.scalar(select(Account).where(Account.login == login)))


def _count(db, fn) -> int:
    n = 0

    def on(*_args):
        nonlocal n
        n += 1

    event.listen(db.engine, "before_cursor_execute", on)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", on)
    return n


def _home(db, meta, who):
    from diklat.services.homes import home

    return home(db, _actor(db, meta[who]))


def _queue(db, meta, who):
    from diklat.services.review import queue

    return queue(db, _actor(db, meta[who]))


def _progress(db, meta, who):
    from diklat.services.progress import progress

    return progress(db, _actor(db, meta[who]), meta["running_cohort"]["id"])


def _results(db, meta, who):
    from diklat.services.graduation import cohort_results

    return cohort_results(db, _actor(db, meta[who]), meta["finished_cohort"]["id"])


CASES = {
    "participant home": (_home, "participant"),
    "coach home": (_home, "coach"),
    "coordinator home": (_home, "coordinator"),
    "coach queue": (_queue, "coach"),
    "progress matrix": (_progress, "coordinator"),
    "cohort results (graduation export)": (_results, "coordinator"),
}


def test_generated_database_is_migrated_and_complete(worlds):
    db, meta = worlds[SMALL]
    assert stored_revision(db) == head_revision()
    assert meta["rows"]["enrolments"] == SMALL
    with db.read() as s:
        assert (
            s.scalar(
                select(Enrolment.id).where(Enrolment.cohort_id == meta["running_cohort"]["id"])
            )
            is not None
        )
    # some submissions went through two revision rounds
    assert meta["rows"]["submissions"] > meta["rows"]["stage_records"]


@pytest.mark.parametrize("case", list(CASES))
def test_statements_do_not_grow_with_participants(worlds, case):
    fn, who = CASES[case]
    counts = {}
    for n, (db, meta) in worlds.items():
        fn(db, meta, who)  # warm: first-use work is not what we compare
        counts[n] = _count(db, lambda: fn(db, meta, who))
    assert counts[SMALL] == counts[LARGE], counts
