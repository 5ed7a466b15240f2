"""Frozen results (issue 6): a locked cohort's results are stored when it is locked
(``services.cohort_admin.lock_cohort`` / ``close_cohort``), read back instead of
computed, and deleted when it is unlocked. What is read back must be exactly what
would have been computed: every field of every row, the remarks in both languages,
and the exported files byte for byte.
"""

from __future__ import annotations

import random
from datetime import date, datetime
from decimal import Decimal

import pytest
from factories import World
from sqlalchemy import delete, event, func, select
from test_coordinator_results import SCENARIO, build, same

from diklat.db.models import (
    Attendance,
    Cohort,
    Enrolment,
    FrozenResultRow,
    FrozenResults,
    Mark,
    StageRecord,
)
from diklat.domain.scoring import Reason, Text
from diklat.domain.workflow import REQUIRED_FOR_GRADUATION, Stage
from diklat.io.graduation import Signature, write_graduation, write_graduation_all
from diklat.services import graduation
from diklat.services.actor import Actor
from diklat.services.cohort_admin import (
    close_cohort,
    lock_cohort,
    set_participant_status,
    unlock_cohort,
)
from diklat.services.errors import Forbidden, Invalid

D = Decimal


def _computed(world: World, cohort_id: int) -> graduation.CohortResults:
    """The results as computed from the facts, whatever is stored."""
    with world.db.read() as s:
        return next(graduation._results(s, [s.get(Cohort, cohort_id)], stored=False))


def _frozen(world: World, cohort_id: int) -> tuple[int, int]:
    with world.db.read() as s:
        heads = s.scalar(
            select(func.count())
            .select_from(FrozenResults)
            .where(FrozenResults.cohort_id == cohort_id)
        )
        rows = s.scalar(
            select(func.count())
            .select_from(FrozenResultRow)
            .where(FrozenResultRow.cohort_id == cohort_id)
        )
        return heads, rows


def _statements(world: World, fn) -> list[str]:
    seen: list[str] = []

    def on(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(world.db.engine, "before_cursor_execute", on)
    try:
        fn()
    finally:
        event.remove(world.db.engine, "before_cursor_execute", on)
    return seen


def _assert_same(stored: graduation.CohortResults, computed: graduation.CohortResults) -> None:
    assert stored.rows == computed.rows
    assert stored.meta == computed.meta and stored.rules == computed.rules
    for a, b in zip(stored.rows, computed.rows):
        for lang in ("id", "en"):
            assert a.remarks(lang) == b.remarks(lang)
            assert a.qualification_text(lang) == b.qualification_text(lang)
        # the same types, not only equal values (a Decimal's text is what the files show)
        assert [str(v) for v in a.components.values()] == [str(v) for v in b.components.values()]
        assert str(a.final) == str(b.final)
        assert [(r.key, [(n, type(v), str(v)) for n, v in r.params]) for r in a.reasons] == [
            (r.key, [(n, type(v), str(v)) for n, v in r.params]) for r in b.reasons
        ]


@pytest.fixture
def scenario(world: World) -> dict[str, int]:
    ids = build(world, "HASIL-1", SCENARIO)
    set_participant_status(
        world.db, world.actor("K1"), ids["J withdrawn"], "withdrawn", "Sakit berkepanjangan"
    )
    return ids


def test_locking_stores_exactly_the_computed_results_and_reads_use_them(world: World, scenario):
    k1 = world.actor("K1")
    cid = scenario["cohort_id"]
    before = graduation.cohort_results(world.db, k1, cid)
    assert _frozen(world, cid) == (0, 0)  # an open cohort has none
    lock_cohort(world.db, k1, cid)
    assert _frozen(world, cid) == (1, len(SCENARIO))
    after = graduation.cohort_results(world.db, k1, cid)
    assert after.meta.locked_at is not None
    _assert_same(after, _computed(world, cid))
    assert after.rows == before.rows
    # every kind of reason went through the store: withdrawn, no final, below min, stage, attendance
    keys = {r.key for row in after.rows for r in row.reasons}
    assert {
        "result.reason.withdrawn",
        "result.reason.no_final",
        "result.reason.below_min",
        "result.reason.stage_not_approved",
        "result.reason.attendance",
    } <= keys
    # The read is the stored rows, not the facts: no marks, stages or attendance are read.
    sql = " ".join(_statements(world, lambda: graduation.cohort_results(world.db, k1, cid)))
    assert "frozen_result_rows" in sql
    for table in ("marks", "stage_records", "attendance", "moderations"):
        assert f"FROM {table}" not in sql and f"JOIN {table}" not in sql, table


def test_stored_results_are_what_the_lists_show_even_if_the_facts_were_tampered_with(
    world: World, scenario
):
    """The certified list of a locked cohort does not drift: what is read is what was
    stored at lock time (here the facts are changed behind the services' back)."""
    k1 = world.actor("K1")
    cid = scenario["cohort_id"]
    lock_cohort(world.db, k1, cid)
    frozen = graduation.cohort_results(world.db, k1, cid)
    with world.db.write() as s:
        s.execute(delete(Mark).where(Mark.enrolment_id == scenario["A 90.00"]))
    assert graduation.cohort_results(world.db, k1, cid).rows == frozen.rows
    assert _computed(world, cid).rows != frozen.rows


def test_unlock_forgets_them_and_the_next_lock_stores_the_new_results(world: World, scenario):
    k1 = world.actor("K1")
    cid = scenario["cohort_id"]
    lock_cohort(world.db, k1, cid)
    first = {r.name: r for r in graduation.cohort_results(world.db, k1, cid).rows}
    assert first["F 85"].passed
    unlock_cohort(world.db, k1, cid, "Peserta F mengundurkan diri")
    assert _frozen(world, cid) == (0, 0)
    set_participant_status(world.db, k1, scenario["F 85"], "withdrawn", "Mengundurkan diri")
    open_rows = {r.name: r for r in graduation.cohort_results(world.db, k1, cid).rows}
    assert not open_rows["F 85"].passed  # computed while open
    lock_cohort(world.db, k1, cid)
    again = graduation.cohort_results(world.db, k1, cid)
    _assert_same(again, _computed(world, cid))
    by_name = {r.name: r for r in again.rows}
    assert (
        not by_name["F 85"].passed and by_name["F 85"].reasons[0].key == "result.reason.withdrawn"
    )
    assert by_name["F 85"].rank is None and by_name["F 85"].certificate_no is None
    assert again.graduates == sum(1 for r in first.values() if r.passed) - 1
    assert _frozen(world, cid) == (1, len(SCENARIO))


def test_closing_freezes_a_cohort_locked_before_frozen_results_existed_and_keeps_a_frozen_one(
    world: World, scenario
):
    from diklat.services.results import release

    k1 = world.actor("K1")
    cid = scenario["cohort_id"]
    release(world.db, k1, cid)
    # locked by an older version: locked_at set, nothing stored
    with world.db.write() as s:
        s.get(Cohort, cid).locked_at = datetime(2026, 8, 1, 9, 0)
    assert _frozen(world, cid) == (0, 0)
    _assert_same(
        graduation.cohort_results(world.db, k1, cid), _computed(world, cid)
    )  # the fallback computes
    assert _frozen(world, cid) == (0, 0)  # and a read writes nothing
    close_cohort(world.db, k1, cid)
    assert _frozen(world, cid) == (1, len(SCENARIO))
    _assert_same(graduation.cohort_results(world.db, k1, cid), _computed(world, cid))

    # A cohort locked (and frozen) first, then closed: the stored results stay as they were.
    other = build(world, "HASIL-2", [{"name": "X", "marks": same("88")}])["cohort_id"]
    release(world.db, k1, other)
    lock_cohort(world.db, k1, other)
    with world.db.read() as s:
        at = s.get(FrozenResults, other).frozen_at
    close_cohort(world.db, k1, other)
    with world.db.read() as s:
        assert s.get(FrozenResults, other).frozen_at == at


def test_permissions_are_those_of_the_results(world: World, scenario):
    cid = scenario["cohort_id"]
    lock_cohort(world.db, world.actor("K1"), cid)
    for who in ("P1", "C1"):
        with pytest.raises(Forbidden):
            graduation.cohort_results(world.db, world.actor(who), cid)
    with pytest.raises(Forbidden):
        lock_cohort(world.db, world.actor("C1"), "ANGK-A")
    with pytest.raises(Invalid):
        lock_cohort(world.db, world.actor("K1"), cid)  # already locked: nothing stored twice
    assert _frozen(world, cid) == (1, len(SCENARIO))


def _exports(world: World, cohort_id: int, tmp_path, tag: str) -> dict[str, bytes]:
    from diklat.i18n import set_language

    out = {}
    res = graduation.cohort_results(world.db, world.actor("K1"), cohort_id)
    signature = Signature(
        place="Bandung", on=date(2026, 8, 3), title="Kepala", name="Dr. X", nip="197001011990031001"
    )
    for lang in ("id", "en"):
        set_language(lang)
        for fmt in ("csv", "xlsx", "pdf"):
            path = tmp_path / f"{tag}-{lang}.{fmt}"
            write_graduation(res, fmt, path, signature=signature)
            out[f"{lang}.{fmt}"] = path.read_bytes()
        path = tmp_path / f"{tag}-{lang}-all.csv"
        write_graduation_all(
            graduation.all_results(world.db, world.actor("K1")).results, "csv", path
        )
        out[f"{lang}.all.csv"] = path.read_bytes()
    set_language("id")
    return out


def test_exports_of_a_locked_cohort_are_byte_identical_to_the_computed_ones(
    world: World, scenario, tmp_path
):
    cid = scenario["cohort_id"]
    before = _exports(world, cid, tmp_path, "open")
    lock_cohort(world.db, world.actor("K1"), cid)
    after = _exports(world, cid, tmp_path, "locked")
    assert len(before) == 8
    for key in before:
        # Only the time of writing differs from one run to the next (the zip members' times,
        # the PDF's creation date and the identifier made from it): everything else, byte for byte.
        if key.endswith(".pdf"):
            assert _without_dates(before[key]) == _without_dates(after[key]), key
        elif key.endswith(".xlsx"):
            assert _members(before[key]) == _members(after[key]), key
        else:
            assert before[key] == after[key], key


def _without_dates(data: bytes) -> bytes:
    import re

    # the PDF's creation date, and its file identifier (a digest that includes that date)
    return re.sub(
        rb"/ID \[<[0-9A-F]+><[0-9A-F]+>\]", b"", re.sub(rb"\(D:\d{14}[^)]*\)", b"()", data)
    )


def _members(data: bytes) -> list[tuple[str, bytes]]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(name, _without_dates(z.read(name))) for name in z.namelist()]


# --- the stored reasons: every kind of parameter reads back as the same type ------------------------


def test_reason_parameters_round_trip_with_their_types():
    reasons = [
        Reason("result.reason.withdrawn"),
        Reason(
            "result.reason.no_final",
            (
                ("components", Text((("id", "Sikap, Laporan"), ("en", "Attitude, Report")))),
                ("codes", ("sikap", "laporan")),
            ),
        ),
        Reason("result.reason.below_min", (("final", D("70.00")), ("min", D("70.01")))),
        Reason("result.reason.stage_not_approved", (("stage", Stage.REPORT),)),
        Reason("result.reason.attendance", (("pct", D("88.89")), ("min", D("90")))),
        Reason("x", (("n", 3), ("flag", True), ("none", None), ("s", "teks"))),
    ]
    for reason in reasons:
        back = graduation._decode_reason(graduation._encode_reason(reason))
        assert back == reason
        assert [(n, type(v), str(v)) for n, v in back.params] == [
            (n, type(v), str(v)) for n, v in reason.params
        ]
    with pytest.raises(TypeError):
        graduation._encode_reason(Reason("x", (("f", 1.5),)))


# --- a property over random cohorts ----------------------------------------------------------------


def _random_people(rng: random.Random, n: int) -> list[dict]:
    people = []
    for i in range(n):
        marks = {}
        for comp in ("sikap", "rancangan", "laporan"):
            if rng.random() < 0.08:
                continue  # a component never marked: no final
            marks[comp] = [
                f"{rng.randint(5500, 10000) / 100:.2f}" for _ in range(rng.choice((1, 1, 2, 3)))
            ]
        spec = {
            "name": f"R{i:02d}",
            "marks": marks,
            "scheduled": rng.choice((0, 10, 12)),
            "unapproved": tuple(s for s in REQUIRED_FOR_GRADUATION if rng.random() < 0.05),
        }
        spec["attended"] = (
            rng.randint(max(0, spec["scheduled"] - 3), spec["scheduled"])
            if spec["scheduled"]
            else 0
        )
        if marks.get("rancangan") and len(marks["rancangan"]) > 1 and rng.random() < 0.5:
            spec["settle"] = ("rancangan", f"{rng.randint(6000, 9500) / 100:.2f}")
        people.append(spec)
    return people


@pytest.mark.parametrize("seed", range(4))
def test_for_random_cohorts_the_stored_results_equal_the_computed_ones(world: World, seed):
    rng = random.Random(seed)
    k1 = world.actor("K1")
    cohorts = []
    for c in range(3):
        ids = build(
            world, f"ACAK-{seed}-{c}", _random_people(rng, rng.randint(0 if c == 0 else 1, 30))
        )
        names = [k for k in ids if k != "cohort_id"]
        for name in rng.sample(names, min(len(names), rng.randint(0, 3))):
            set_participant_status(
                world.db, k1, ids[name], rng.choice(("withdrawn", "dismissed")), "alasan"
            )
        cohorts.append(ids["cohort_id"])
    computed = {cid: _computed(world, cid) for cid in cohorts}
    for cid in cohorts[:2]:  # the third stays open: the stream mixes stored and computed cohorts
        lock_cohort(world.db, k1, cid)
        _assert_same(graduation.cohort_results(world.db, k1, cid), _computed(world, cid))
        assert graduation.cohort_results(world.db, k1, cid).rows == computed[cid].rows
    for chunk in (1, 2, 25):
        streamed = {r.meta.id: r for r in graduation.all_results(world.db, k1, chunk=chunk).results}
        for cid in cohorts:
            _assert_same(streamed[cid], _computed(world, cid))


# --- seeding and the sample data -------------------------------------------------------------------


def test_the_sample_datas_locked_cohort_is_frozen_when_seeded(demo_db):
    from diklat.db.engine import Database

    db = Database.open(demo_db)
    try:
        with db.read() as s:
            locked = list(s.scalars(select(Cohort).where(Cohort.locked_at.is_not(None))))
            assert locked, "the sample data has a locked cohort (2018)"
            for cohort in locked:
                assert s.get(FrozenResults, cohort.id) is not None
                stored = graduation.results_of(s, cohort)
                computed = next(graduation._results(s, [cohort], stored=False))
                _assert_same(stored, computed)
                assert stored.rows and any(r.passed for r in stored.rows)
            unlocked = s.scalar(
                select(func.count())
                .select_from(FrozenResults)
                .join(Cohort)
                .where(Cohort.locked_at.is_(None))
            )
            assert unlocked == 0
    finally:
        db.dispose()


def test_freeze_locked_cohorts_fills_only_what_is_missing(world: World, scenario):
    k1 = world.actor("K1")
    cid = scenario["cohort_id"]
    with world.db.write() as s:
        s.get(Cohort, cid).locked_at = datetime(2026, 8, 1, 9, 0)  # locked by an older version
    with world.db.write() as s:
        assert graduation.freeze_locked_cohorts(s) == 1
    with world.db.write() as s:
        assert graduation.freeze_locked_cohorts(s) == 0
    assert _frozen(world, cid) == (1, len(SCENARIO))
    _assert_same(graduation.cohort_results(world.db, k1, cid), _computed(world, cid))
