"""The cohort's results through the service on a real SQLite file (docs/rules.md section 7):
ties and tie-breaks, the 70.00 / 70.01 boundary, a missing mark, attendance under
90%, a withdrawn participant, a moderated component and the best-participant quota;
and the number of queries does not grow with the cohort.

Set-up writes people, enrolments, approved stages and marks with the ORM (the data
under test is the computation, not how marks are typed in), in one place here.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from factories import World, make_cohort
from sqlalchemy import event

from diklat.db.models import Enrolment, Mark, Moderation, Person, StageRecord
from diklat.domain.workflow import REQUIRED_FOR_GRADUATION, Stage
from diklat.services import graduation
from diklat.services.cohort_admin import set_participant_status
from diklat.services.errors import Forbidden

D = Decimal
T0 = datetime(2026, 7, 1, 9, 0)


_SEQ = itertools.count(1)


def _nip() -> str:
    i = next(_SEQ)
    return f"19800101{2005 + i // 12:04d}{i % 12 + 1:02d}1{i % 1000:03d}"


def build(world: World, code: str, people: list[dict]) -> dict[str, int]:
    """A cohort whose participants have the given marks, approved stages and attendance.
    ``people``: name, marks {component: [scores]}, unapproved (stages), attended/scheduled."""
    cohort = make_cohort(world.db, code)
    k1 = world.pid("K1")
    from factories import add_staff

    from diklat.domain.roles import Role

    add_staff(world.db, cohort.id, k1, Role.COORDINATOR)
    ids: dict[str, int] = {}
    with world.db.write() as s:
        markers = []
        for j in range(3):
            p = Person(nip=_nip(), name=f"Penilai {j}")
            s.add(p)
            markers.append(p)
        s.flush()
        for i, spec in enumerate(people, 1):
            person = Person(
                nip=_nip(),
                name=spec["name"],
                pangkat_golongan="Penata (III/c)",
                jabatan="Kasi",
                instansi="Dinas",
            )
            s.add(person)
            s.flush()
            e = Enrolment(
                cohort_id=cohort.id,
                person_id=person.id,
                ndh=i,
                recap_scheduled=spec.get("scheduled", 10),
                recap_attended=spec.get("attended", 10),
            )
            s.add(e)
            s.flush()
            ids[spec["name"]] = e.id
            for stage in REQUIRED_FOR_GRADUATION:
                if stage not in spec.get("unapproved", ()):
                    s.add(StageRecord(enrolment_id=e.id, stage=stage.value, state="approved"))
            for comp, scores in spec["marks"].items():
                for j, score in enumerate(scores):
                    s.add(
                        Mark(
                            enrolment_id=e.id,
                            component=comp,
                            marker_id=markers[j].id,
                            marker_role="examiner",
                            score=D(score),
                            recorded_by=markers[j].id,
                            updated_at=T0,
                        )
                    )
            if "settle" in spec:
                comp, score = spec["settle"]
                s.add(
                    Moderation(
                        enrolment_id=e.id,
                        component=comp,
                        score=D(score),
                        reason="disepakati",
                        settled_by=k1,
                        settled_at=T0 + timedelta(hours=1),
                    )
                )
    return {"cohort_id": cohort.id, **ids}


def same(score: str) -> dict[str, list[str]]:
    return {"sikap": [score], "rancangan": [score], "laporan": [score]}


SCENARIO = [
    {"name": "A 90.00", "marks": same("90.00"), "attended": 9},  # 90% attendance is enough
    {"name": "B 70.01", "marks": same("70.01")},
    {"name": "C 70.00", "marks": same("70.00")},
    {"name": "D 80 laporan 80", "marks": same("80.00")},
    {"name": "E 80 laporan 76", "marks": {"sikap": ["90"], "rancangan": ["80"], "laporan": ["76"]}},
    {"name": "F 85", "marks": same("85")},
    {"name": "G 85", "marks": same("85")},
    {"name": "H no laporan", "marks": {"sikap": ["95"], "rancangan": ["95"]}},
    {"name": "I attendance 80%", "marks": same("95"), "attended": 8},
    {"name": "J withdrawn", "marks": same("95")},
    {"name": "K report open", "marks": same("88"), "unapproved": (Stage.REPORT,)},
    # Rancangan marks 60 and 90 differ by more than 15: settled at 85, which replaces their mean 75.
    {
        "name": "L moderated",
        "marks": {"sikap": ["85"], "rancangan": ["60", "90"], "laporan": ["86"]},
        "settle": ("rancangan", "85"),
    },
]


@pytest.fixture
def scenario(world: World):
    ids = build(world, "HASIL-1", SCENARIO)
    set_participant_status(
        world.db, world.actor("K1"), ids["J withdrawn"], "withdrawn", "Sakit berkepanjangan"
    )
    res = graduation.cohort_results(world.db, world.actor("K1"), "HASIL-1")
    return {r.name: r for r in res.rows}, res


def test_final_scores_boundaries_and_qualifications(scenario):
    rows, _ = scenario
    assert (
        rows["A 90.00"].final == D("90.00") and rows["A 90.00"].qualification == "M"
    )  # 90.01 would be SM
    assert (
        rows["B 70.01"].final == D("70.01")
        and rows["B 70.01"].passed
        and rows["B 70.01"].qualification == "CM"
    )
    c = rows["C 70.00"]
    assert c.final == D("70.00") and not c.passed and c.qualification == "KM"
    assert [r.key for r in c.reasons] == ["result.reason.below_min"]
    assert rows["E 80 laporan 76"].final == D("80.00")


def test_ranks_use_the_tie_breaks_and_share_equal_ranks(scenario):
    rows, res = scenario
    ranks = {r.name: r.rank for r in res.rows if r.passed}
    assert ranks == {
        "A 90.00": 1,
        "L moderated": 2,
        "F 85": 3,
        "G 85": 3,
        "D 80 laporan 80": 5,
        "E 80 laporan 76": 6,
        "B 70.01": 7,
    }
    # The list order: graduates by rank (equal ranks by NDH), then the others by NDH.
    assert [r.name for r in res.rows] == [
        "A 90.00",
        "L moderated",
        "F 85",
        "G 85",
        "D 80 laporan 80",
        "E 80 laporan 76",
        "B 70.01",
        "C 70.00",
        "H no laporan",
        "I attendance 80%",
        "J withdrawn",
        "K report open",
    ]
    assert [r.no for r in res.rows] == list(range(1, 13))


def test_every_unmet_condition_is_a_reason(scenario):
    rows, _ = scenario
    h = rows["H no laporan"]
    assert h.final is None and h.qualification is None and not h.passed
    assert [r.key for r in h.reasons] == ["result.reason.no_final"]
    assert "Implementasi dan Seminar Laporan" in h.remarks("id")
    i = rows["I attendance 80%"]
    assert i.final == D("95.00") and [r.key for r in i.reasons] == ["result.reason.attendance"]
    assert "80.00%" in i.remarks("id")
    j = rows["J withdrawn"]
    assert [r.key for r in j.reasons] == ["result.reason.withdrawn"] and j.remarks(
        "id"
    ) == "Mengundurkan diri."
    k = rows["K report open"]
    assert [r.key for r in k.reasons] == ["result.reason.stage_not_approved"]
    assert all(r.rank is None and not r.best for r in (h, i, j, k))


def test_a_settled_component_counts_with_the_settled_score(scenario):
    rows, _ = scenario
    l_row = rows["L moderated"]
    assert l_row.components["rancangan"] == D("85.00") and l_row.moderated == ("rancangan",)
    assert l_row.final == D(
        "85.50"
    )  # 0.2*85 + 0.3*85 + 0.5*86; the marks' mean (75) would give 82.50


def test_best_participants_quota_with_few_graduates(scenario):
    rows, res = scenario
    assert res.graduates == 7
    assert [r.name for r in res.rows if r.best] == ["A 90.00"]  # max(1, floor(10% of 7)) = 1
    assert rows["A 90.00"].remarks("id") == "Peserta Terbaik"


def test_best_participants_quota_of_twenty_graduates_with_a_tie_at_the_edge(world: World):
    scores = ["95", "90", "90"] + [
        f"{85 - i / 2:.2f}" for i in range(17)
    ]  # 20 graduates, rank 2 shared
    build(world, "HASIL-2", [{"name": f"P{i:02d}", "marks": same(s)} for i, s in enumerate(scores)])
    res = graduation.cohort_results(world.db, world.actor("K1"), "HASIL-2")
    assert res.graduates == 20
    best = [(r.name, r.rank) for r in res.rows if r.best]
    assert best == [("P00", 1), ("P01", 2), ("P02", 2)]  # k = 2; both at rank 2 are within it


def test_certificate_numbers_follow_ndh_for_graduates(world: World):
    from diklat.domain.rules import dump_ruleset
    from diklat.services.cohort_admin import cohort_settings, update_rules

    ids = build(
        world,
        "HASIL-3",
        [{"name": n, "marks": same(s)} for n, s in (("x", "80"), ("y", "60"), ("z", "90"))],
    )
    rules = cohort_settings(world.db, world.actor("K1"), "HASIL-3").rules
    data = dump_ruleset(rules)
    data["certificate_pattern"] = "{n:03d}/STTPP/{code}/{year}"
    update_rules(world.db, world.actor("K1"), "HASIL-3", data)
    res = graduation.cohort_results(world.db, world.actor("K1"), ids["cohort_id"])
    numbers = {r.name: r.certificate_no for r in res.rows}
    assert numbers == {"x": "001/STTPP/HASIL-3/2026", "z": "002/STTPP/HASIL-3/2026", "y": None}


def _count_queries(world: World, fn) -> int:
    n = 0

    def before(*_args, **_kw):
        nonlocal n
        n += 1

    event.listen(world.db.engine, "before_cursor_execute", before)
    try:
        fn()
    finally:
        event.remove(world.db.engine, "before_cursor_execute", before)
    return n


def test_the_number_of_queries_does_not_grow_with_the_cohort(world: World):
    from diklat.services.progress import progress

    build(world, "KECIL", [{"name": f"k{i}", "marks": same("80")} for i in range(2)])
    build(world, "BESAR", [{"name": f"b{i}", "marks": same("80")} for i in range(25)])
    k1 = world.actor("K1")
    for fn in (graduation.cohort_results, progress):
        small = _count_queries(world, lambda: fn(world.db, k1, "KECIL"))
        large = _count_queries(world, lambda: fn(world.db, k1, "BESAR"))
        assert small == large, fn.__name__


# --- every cohort in one streaming pass -------------------------------------------------------------


def _rows(res):
    return res.meta, res.rows


def test_all_cohorts_stream_gives_each_cohorts_own_results(world: World):
    ids = build(world, "HASIL-1", SCENARIO)
    set_participant_status(
        world.db, world.actor("K1"), ids["J withdrawn"], "withdrawn", "Sakit berkepanjangan"
    )
    # A mark changed after the settlement makes the marks count again (not moderated).
    late = build(
        world,
        "HASIL-2",
        [
            {
                "name": "M late mark",
                "marks": {"sikap": ["80"], "rancangan": ["60", "90"], "laporan": ["80"]},
                "settle": ("rancangan", "85"),
            },
            {"name": "N", "marks": same("91")},
        ],
    )
    with world.db.write() as s:
        mark = (
            s.query(Mark).filter_by(enrolment_id=late["M late mark"], component="rancangan").first()
        )
        mark.updated_at = T0 + timedelta(hours=2)
    k1, admin = world.actor("K1"), world.actor("ADMIN")
    for chunk in (1, 2, 25):
        every = graduation.all_results(world.db, k1, chunk=chunk)
        got = [_rows(r) for r in every.results]
        # K1 coordinates ANGK-A and the two built here, not ANGK-B; ordered by start date, then code.
        assert [m.code for m, _ in got] == ["ANGK-A", "HASIL-1", "HASIL-2"]
        assert got == [_rows(graduation.cohort_results(world.db, k1, m.id)) for m, _ in got]
        assert (
            every.cohorts == 3
            and every.participants == sum(len(rows) for _, rows in got) == 2 + 12 + 2
        )
    by_name = {r.name: r for _, rows in got for r in rows}
    assert by_name["L moderated"].moderated == ("rancangan",) and by_name["L moderated"].final == D(
        "85.50"
    )
    assert by_name["M late mark"].moderated == () and by_name["M late mark"].components[
        "rancangan"
    ] == D("75.00")
    assert [r.meta.code for r in graduation.all_results(world.db, admin).results] == [
        "ANGK-A",
        "HASIL-1",
        "HASIL-2",
        "ANGK-B",
    ]  # ANGK-B starts a month later
    with pytest.raises(Forbidden):
        graduation.all_results(world.db, world.actor("P1"))


def test_the_all_cohorts_stream_reads_per_chunk_of_cohorts_not_per_participant(world: World):
    for c in range(4):
        build(world, f"KECIL-{c}", [{"name": f"k{c}{i}", "marks": same("80")} for i in range(2)])
    k1 = world.actor("K1")
    # K1's five cohorts (ANGK-A and these) in chunks of two: three chunks
    small = _count_queries(
        world, lambda: list(graduation.all_results(world.db, k1, chunk=2).results)
    )
    for c in range(4):
        build(world, f"BESAR-{c}", [{"name": f"b{c}{i}", "marks": same("80")} for i in range(15)])
    # nine cohorts, eight times the people, in chunks of three: three chunks again
    large = _count_queries(
        world, lambda: list(graduation.all_results(world.db, k1, chunk=3).results)
    )
    assert small == large
