"""The sample data in sample_data/: valid seed files that show what they promise.

The files are written by tools/make_sample_data.py; the last test checks that the
generator still reproduces them byte for byte (rerun it after changing it).
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from diklat.domain.content import HORIZONS, sections
from diklat.domain.instrument import load_instrument
from diklat.domain.nip import Nip
from diklat.domain.rubric import default_rubric
from diklat.domain.rules import default_ruleset
from diklat.domain.scoring import ParticipantFacts, compute_results
from diklat.domain.workflow import PREREQUISITE, REVIEWER, STAGES, Stage
from diklat.io.seed_format import (
    SeedCohort,
    SeedEnrolment,
    SeedFile,
    SeedMark,
    SeedPerson,
    SeedStage,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
GENERATOR = ROOT / "tools" / "make_sample_data.py"
DOC = ROOT / "docs" / "seed-format.md"
TODAY = datetime(2026, 11, 28)
FINISHED = "DIKLATPIM-IV-III-2018"
RUNNING = "PKP-II-2026"
DEMO = {
    "peserta": "participant",
    "coach": "coach",
    "mentor": "mentor",
    "penguji": "examiner",
    "penyelenggara": "coordinator",
    "admin": "admin",
}
SUMATRA = (
    "Aceh",
    "Sumatera Utara",
    "Sumatera Barat",
    "Riau",
    "Jambi",
    "Bengkulu",
    "Sumatera Selatan",
    "Lampung",
    "Bangka Belitung",
    "Kepulauan Riau",
    "Medan",
    "Deli Serdang",
    "Pematangsiantar",
    "Tapanuli",
    "Karo",
    "Mandailing",
    "Padang",
    "Bukittinggi",
    "Agam",
    "Pekanbaru",
    "Kampar",
    "Dumai",
    "Siak",
    "Kerinci",
    "Rejang Lebong",
    "Palembang",
    "Ogan Komering",
    "Prabumulih",
    "Bandar Lampung",
    "Metro",
    "Pangkalpinang",
    "Bangka",
    "Batam",
    "Tanjungpinang",
    "Bintan",
    "Pidie",
    "Lhokseumawe",
    "Banda Aceh",
)
BOGOR_HOSTS = ("DPMPTSP", "Bappeda", "BKPSDA")


# ---------------------------------------------------------------------------
# fixtures and helpers
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def raw() -> dict[str, dict]:
    files = sorted(SAMPLE.glob("*.json"))
    assert files, "sample_data/ is empty: run tools/make_sample_data.py"
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in files}


@pytest.fixture(scope="module")
def seeds(raw) -> dict[str, SeedFile]:
    return {name: SeedFile.model_validate(data) for name, data in raw.items()}


@pytest.fixture(scope="module")
def people(seeds) -> list[SeedPerson]:
    return [p for seed in seeds.values() for p in seed.people]


@pytest.fixture(scope="module")
def by_ref(people) -> dict[str, SeedPerson]:
    return {ref: p for p in people for ref in p.refs}


@pytest.fixture(scope="module")
def cohorts(seeds) -> dict[str, SeedCohort]:
    return {c.code: c for seed in seeds.values() for c in seed.cohorts}


@pytest.fixture(scope="module")
def finished(cohorts) -> SeedCohort:
    return cohorts[FINISHED]


@pytest.fixture(scope="module")
def running(cohorts) -> SeedCohort:
    return cohorts[RUNNING]


def key(ref: str | None) -> str | None:
    """A reference as the loader matches it: a NIP without its spaces, a log-in as it is."""
    if ref is None:
        return None
    bare = ref.replace(" ", "")
    return bare if bare.isdigit() else ref


def state(record: SeedStage | None) -> str:
    if record is None:
        return "not_started"
    if not record.versions:
        return "draft"
    review = record.versions[-1].review
    return review.decision if review else "submitted"


def states(e: SeedEnrolment) -> dict[Stage, str]:
    return {s: state(e.stages.get(s)) for s in STAGES}


def enrolment_of(cohort: SeedCohort, ref: str) -> SeedEnrolment:
    return next(e for e in cohort.enrolments if key(e.person) == ref)


def results(cohort: SeedCohort) -> dict[int, object]:
    rules = cohort.rules or default_ruleset()
    facts = []
    for e in cohort.enrolments:
        marks: dict[str, list[Decimal]] = {}
        for m in e.marks:
            marks.setdefault(m.component, []).append(m.score)
        scheduled = len(cohort.sessions)
        facts.append(
            ParticipantFacts(
                key=e.ndh,
                ndh=e.ndh,
                marks=marks,
                approved_stages=frozenset(s for s, st in states(e).items() if st == "approved"),
                sessions_scheduled=scheduled,
                sessions_attended=scheduled - len(set(e.absent)),
                status=e.status,
            )
        )
    return {r.key: r for r in compute_results(rules, facts)}


def waiting_for(
    cohort: SeedCohort, ref: str, field: str, stages: set[Stage]
) -> list[tuple[int, Stage]]:
    return [
        (e.ndh, s)
        for e in cohort.enrolments
        if key(getattr(e, field)) == ref
        for s, st in states(e).items()
        if s in stages and st == "submitted"
    ]


# ---------------------------------------------------------------------------
# files, people, references
# ---------------------------------------------------------------------------


def test_every_file_is_a_valid_seed_file_under_5_mb(raw, seeds):
    assert len(seeds) >= 3
    for name in raw:
        assert (SAMPLE / name).stat().st_size < 5_000_000, name


def test_every_nip_is_valid_unique_and_plausible(people):
    nips = [p.nip for p in people if p.nip]
    assert len(nips) == len(people), "every sample person has a NIP"
    assert len(set(nips)) == len(nips)
    for p in people:
        nip = Nip.parse(p.nip)
        appointed = date(nip.appointment_year, nip.appointment_month, 1)
        age = (
            appointed.year
            - nip.birth_date.year
            - ((appointed.month, 1) < (nip.birth_date.month, nip.birth_date.day))
        )
        assert age >= 20, (p.name, p.nip)
        # titles and name parts that say who is a woman or a man
        if re.search(r"\bbr\. |\bHj\. |\bDra\. |^Cut |^Nyimas ", p.name):
            assert nip.sex == 2, p.name
        if re.search(r"\bH\. |\bDrs\. |^Teuku |^Kgs\. ", p.name):
            assert nip.sex == 1, p.name


def test_logins_are_unique_and_every_reference_resolves(seeds, people, by_ref):
    logins = [p.login for p in people if p.login]
    assert len(set(logins)) == len(logins)
    codes = {i.code for seed in seeds.values() for i in seed.institutions}
    for seed in seeds.values():
        for c in seed.cohorts:
            assert c.institution in codes
            refs = list(c.coordinators)
            for e in c.enrolments:
                refs += [e.person, e.coach, e.mentor, *e.examiners]
                refs += [m.marker for m in e.marks] + [
                    m.recorded_by for m in e.marks if m.recorded_by
                ]
                for record in e.stages.values():
                    for v in record.versions:
                        if v.review:
                            refs += [v.review.by, v.review.recorded_by]
            unknown = {r for r in refs if r and key(r) not in by_ref}
            assert not unknown, (c.code, unknown)
            assert sorted(e.ndh for e in c.enrolments) == list(range(1, len(c.enrolments) + 1))
            assert len({key(e.person) for e in c.enrolments}) == len(c.enrolments)


def test_datetimes_are_timezone_naive(raw):
    stamp = re.compile(r'"(\d{4}-\d\d-\d\dT[^"]*)"')
    for name in raw:
        for value in stamp.findall((SAMPLE / name).read_text(encoding="utf-8")):
            assert datetime.fromisoformat(value).tzinfo is None, (name, value)


def test_demo_accounts(by_ref):
    for login, role in DEMO.items():
        person = by_ref[login]
        assert person.account is not None, login
        assert person.account.role.value == role
        assert person.account.password == "demo"
        assert person.account.must_change_password is False
        assert person.nip


def test_demo_staff_hold_their_roles_in_the_cohorts(finished, running):
    assert enrolment_of(running, "peserta")
    coached = [e for e in running.enrolments if e.coach == "coach"]
    assert len(coached) >= 5
    mentored = [e for e in running.enrolments if e.mentor == "mentor"]
    assert "peserta" in {e.person for e in mentored} and len(mentored) >= 3
    for cohort in (finished, running):
        assert any("penguji" in e.examiners for e in cohort.enrolments)
        assert "penyelenggara" in cohort.coordinators
    examined = [e for e in finished.enrolments if "penguji" in e.examiners]
    assert examined and all(
        any(m.marker == "penguji" for m in e.marks) for e in examined if e.status == "active"
    )


# ---------------------------------------------------------------------------
# the finished 2018 cohort
# ---------------------------------------------------------------------------


def test_finished_cohort_shape(finished, by_ref):
    assert finished.name.startswith("Diklatpim IV Angkatan") and finished.name.endswith(
        "Tahun 2018"
    )
    assert finished.status == "closed" and finished.results_released_at and finished.locked_at
    assert len(finished.enrolments) == 38
    assert len(finished.sessions) == 30
    for e in finished.enrolments:
        person = by_ref[key(e.person)]
        assert any(place in person.instansi for place in SUMATRA), person.instansi
        assert person.pangkat_golongan and person.jabatan.startswith("Kepala ")
        assert e.coach and e.mentor and e.examiners


def test_finished_cohort_stages_are_all_approved_except_the_withdrawn(finished):
    withdrawn = [e for e in finished.enrolments if e.status == "withdrawn"]
    assert len(withdrawn) == 1 and withdrawn[0].status_reason
    assert set(states(withdrawn[0]).values()) != {"approved"}
    revised = 0
    for e in finished.enrolments:
        if e.status != "active":
            continue
        assert set(states(e).values()) == {"approved"}, e.ndh
        revised += sum(len(r.versions) > 1 for r in e.stages.values())
    assert revised >= 10, "several stages went through a revision round"


def test_finished_cohort_marks(finished):
    roles = {
        "sikap": {"coach", "coordinator"},
        "rancangan": {"examiner", "coach", "mentor"},
        "laporan": {"examiner", "coach", "mentor"},
    }
    for e in finished.enrolments:
        if e.status != "active":
            assert not e.marks
            continue
        given = Counter((m.component, m.role.value) for m in e.marks)
        assert set(given) == {(c, r) for c, rs in roles.items() for r in rs}, e.ndh
        for m in e.marks:
            assert Decimal(0) <= m.score <= Decimal(100)
            assert m.score == m.score.quantize(Decimal("0.01"))
    behalf = [m for e in finished.enrolments for m in e.marks if m.recorded_by]
    assert any(m.role.value == "mentor" and m.recorded_by in finished.coordinators for m in behalf)
    agreements = [
        v.review
        for e in finished.enrolments
        for v in e.stages.get(Stage.MENTOR_AGREEMENT, SeedStage(versions=[], draft={})).versions
    ]
    assert any(
        r and r.decision == "approved" and r.recorded_by in finished.coordinators
        for r in agreements
    )


def test_rubric_marks_add_up(cohorts):
    with_rubric = [m for c in cohorts.values() for e in c.enrolments for m in e.marks if m.rubric]
    assert with_rubric
    for m in with_rubric:
        rubric = default_rubric(m.component)
        assert (m.rubric, m.rubric_version) == (rubric.code, rubric.version)
        scores = {c.criterion: c.score for c in m.criteria}
        assert set(scores) == {c.code for c in rubric.criteria}
        assert rubric.total(scores) == m.score
        for c in m.criteria:
            assert rubric.check_score(c.criterion, c.level, c.score) == (c.level, c.score)


def test_finished_cohort_results_are_interesting(finished):
    res = results(finished)
    graduates = [r for r in res.values() if r.passed]
    assert 30 <= len(graduates) < 38
    assert sum(r.qualification in ("SM", "M") for r in graduates) >= 0.7 * len(graduates)
    ranks = Counter(r.rank for r in graduates)
    assert any(n >= 2 for n in ranks.values()), "an exact tie shares a rank"
    finals = Counter(r.final for r in graduates)
    assert any(
        n >= 2 and len({r.rank for r in graduates if r.final == f}) > 1 for f, n in finals.items()
    ), "an equal final score broken by the tiebreak"
    failing = {k: [reason.key for reason in r.reasons] for k, r in res.items() if not r.passed}
    assert any(reasons == ["result.reason.below_min"] for reasons in failing.values())
    assert any(reasons == ["result.reason.attendance"] for reasons in failing.values())
    assert any("result.reason.withdrawn" in reasons for reasons in failing.values())
    assert any(r.best for r in graduates)


def test_finished_cohort_benchmarked_in_bogor_in_september_2018(finished):
    for e in finished.enrolments:
        record = e.stages.get(Stage.INNOVATION)
        if e.status != "active":
            continue
        notes = record.versions[-1].content["benchmarks"]
        assert notes
        for note in notes:
            assert "Kota Bogor" in note["host"] and any(h in note["host"] for h in BOGOR_HOSTS)
            visit = date.fromisoformat(note["visit_date"])
            assert (visit.year, visit.month) == (2018, 9)


# ---------------------------------------------------------------------------
# the 2026 cohort in progress
# ---------------------------------------------------------------------------


def test_running_cohort_shape(running):
    assert running.status == "open" and running.results_released_at is None
    assert (
        running.program_name == "Pelatihan Kepemimpinan Pengawas"
        and running.project_term == "aksi perubahan"
    )
    assert 30 <= len(running.enrolments) <= 40
    assert date(2026, 9, 1) <= running.start <= TODAY.date() <= running.end <= date(2026, 12, 31)
    assert set(running.deadlines) == set(STAGES)
    assert all(s.on <= TODAY.date() for s in running.sessions)
    assert any(e.extensions for e in running.enrolments)
    marked = {m.component for e in running.enrolments for m in e.marks}
    assert marked <= {"rancangan"}, "only the design seminar has been marked so far"


def test_running_cohort_participants_are_at_different_points(running):
    per_stage = {s: Counter(states(e)[s] for e in running.enrolments) for s in STAGES}
    assert max(len(c) for c in per_stage.values()) >= 4
    assert any(not e.stages for e in running.enrolments), "someone has not started"
    everything = Counter(st for c in per_stage.values() for st in c.elements())
    for wanted in ("draft", "submitted", "revision_requested", "approved"):
        assert everything[wanted] >= 3, wanted
    assert per_stage[Stage.DESIGN]["approved"] >= 3
    assert per_stage[Stage.IMPLEMENTATION]["not_started"] < len(running.enrolments)
    revisions = [
        v.review
        for e in running.enrolments
        for r in e.stages.values()
        for v in r.versions
        if v.review and v.review.decision == "revision_requested"
    ]
    assert revisions and all(any(c.section for c in r.comments) for r in revisions)


def test_peserta_has_work_to_do(running):
    e = enrolment_of(running, "peserta")
    st = states(e)
    assert st[Stage.SELF_ASSESSMENT] == "approved"
    assert st[Stage.DIAGNOSIS] == "revision_requested"
    assert all(st[s] == "not_started" for s in STAGES[2:])
    review = e.stages[Stage.DIAGNOSIS].versions[-1].review
    assert review.by == "coach" and any(
        c.section in sections(Stage.DIAGNOSIS) for c in review.comments
    )
    assert e.coach == "coach" and e.mentor == "mentor"


def test_coach_and_mentor_have_submissions_waiting(running):
    coach_stages = {s for s in STAGES if REVIEWER[s].value == "coach"}
    assert len(waiting_for(running, "coach", "coach", coach_stages)) >= 3
    assert waiting_for(running, "mentor", "mentor", {Stage.MENTOR_AGREEMENT})


# ---------------------------------------------------------------------------
# histories and documents
# ---------------------------------------------------------------------------


def test_histories_follow_the_workflow(cohorts):
    for cohort in cohorts.values():
        for e in cohort.enrolments:
            approved_at: dict[Stage, datetime] = {}
            for stage in STAGES:
                record = e.stages.get(stage)
                if record is None or not record.versions:
                    continue
                before = PREREQUISITE[stage]
                first = record.versions[0].submitted_at
                if before is not None:
                    assert before in approved_at and approved_at[before] < first, (
                        cohort.code,
                        e.ndh,
                        stage,
                    )
                moment = datetime.min
                for v in record.versions:
                    assert moment < v.submitted_at, (cohort.code, e.ndh, stage)
                    moment = v.submitted_at
                    if v.review:
                        assert v.submitted_at < v.review.at, (cohort.code, e.ndh, stage)
                        moment = v.review.at
                        reviewer = e.mentor if REVIEWER[stage].value == "mentor" else e.coach
                        assert v.review.by == reviewer
                        for c in v.review.comments:
                            assert c.section == "" or c.section in sections(stage), c.section
                last = record.versions[-1].review
                if last and last.decision == "approved":
                    approved_at[stage] = last.at
                assert cohort.start <= first.date() <= cohort.end
                if cohort.status == "open":
                    assert moment < TODAY


def test_approved_documents_are_complete(finished):
    items = set(load_instrument("berakhlak").item_codes())
    for e in finished.enrolments:
        if e.status != "active":
            continue
        doc = {s: r.versions[-1].content for s, r in e.stages.items()}
        assert set(doc[Stage.SELF_ASSESSMENT]["answers"]) == items
        assert doc[Stage.SELF_ASSESSMENT]["development_plan"]

        dx = doc[Stage.DIAGNOSIS]
        assert 4 <= len(dx["issues"]) <= 6
        failing = [i for i in dx["issues"] if not all(i["apkl"].values())]
        assert failing and all(i["usg"] is None for i in failing)
        core = next(i for i in dx["issues"] if i["key"] == dx["core_issue"])
        assert all(core["apkl"].values()) and core["usg"]
        assert len({c["category"] for c in dx["causes"]}) >= 3 and any(
            c["is_main"] for c in dx["causes"]
        )
        assert dx["problem_statement"] and dx["ideal_condition"] and dx["core_issue_reason"]

        ino = doc[Stage.INNOVATION]
        assert 2 <= len(ino["ideas"]) <= 4 and ino["chosen_idea"] in {
            i["key"] for i in ino["ideas"]
        }
        assert all(len(i["scores"]) == 5 for i in ino["ideas"])

        design = doc[Stage.DESIGN]
        assert all(
            design[f]
            for f in (
                "title",
                "description",
                "background",
                "goals",
                "outputs",
                "outcomes",
                "benefits_org",
                "benefits_public",
                "scope",
                "ideal_condition",
                "key_success_factors",
                "development_plan",
                "team",
                "risks",
            )
        )
        assert 3 <= len(design["milestones"]) <= 6
        assert {m["horizon"] for m in design["milestones"]} == set(HORIZONS)
        assert all(m["due"] for m in design["milestones"])
        quadrants = {(s["influence"], s["interest"]) for s in design["stakeholders"]}
        assert quadrants == {("high", "high"), ("high", "low"), ("low", "high"), ("low", "low")}

        short = {m["key"] for m in design["milestones"] if m["horizon"] == "short"}
        assert {p["milestone"] for p in doc[Stage.IMPLEMENTATION]["progress"]} == short
        assert doc[Stage.MENTOR_AGREEMENT]["area"]
        report = doc[Stage.REPORT]
        assert short <= {a["milestone"] for a in report["achievements"]}
        assert all(report[f] for f in ("outcomes", "obstacles", "lessons", "sustainability"))


def test_running_cohort_speaks_of_aksi_perubahan(raw):
    text = json.dumps(
        next(d for d in raw.values() if any(c["code"] == RUNNING for c in d.get("cohorts", []))),
        ensure_ascii=False,
    )
    assert "aksi perubahan" in text.lower() and "proyek perubahan" not in text.lower()


# ---------------------------------------------------------------------------
# the generator
# ---------------------------------------------------------------------------


def test_generator_reproduces_the_committed_files(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("make_sample_data", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    written = module.generate(tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in SAMPLE.glob("*.json"))
    for path in written:
        assert path.read_bytes() == (SAMPLE / path.name).read_bytes(), (
            f"{path.name} differs: rerun python3 tools/make_sample_data.py and commit the result"
        )


# ---------------------------------------------------------------------------
# the examples in docs/seed-format.md
# ---------------------------------------------------------------------------


def test_the_documented_examples_are_valid():
    blocks = re.findall(r"```json\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 2
    seed = SeedFile.model_validate(json.loads(blocks[0]))
    e = seed.cohorts[0].enrolments[0]
    assert states(e)[Stage.SELF_ASSESSMENT] == "approved"
    assert states(e)[Stage.DIAGNOSIS] == "submitted"
    assert states(e)[Stage.INNOVATION] == "draft"
    refs = {ref for p in seed.people for ref in p.refs}
    assert {key(r) for r in (e.person, e.coach, e.mentor, *seed.cohorts[0].coordinators)} <= refs
    m = SeedMark.model_validate(json.loads(blocks[1]))
    rubric = default_rubric(m.component)
    assert rubric.total({c.criterion: c.score for c in m.criteria}) == m.score
