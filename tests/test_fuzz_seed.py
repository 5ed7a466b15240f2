"""Property-based fuzzing of the seed loader (issue 7, part 8 "bad input").

A small valid seed (an institution, people with and without an account, a cohort with
sessions, deadlines, enrolments at different points, a reviewed submission, a draft,
a mark, an extension, a withdrawn participant) is built here and hypothesis mutates
it: any value replaced by another JSON value (wrong types, 10 000-character strings,
control characters, NUL, huge numbers, NaN), keys removed or added, records
duplicated, references to nobody, and the file's bytes truncated, re-encoded, or
replaced by random bytes; sometimes the records are split over two files.

Properties: ``read_seed_dir`` + ``apply_seed`` succeed or raise a DomainError (a
``SeedInvalid`` lists every problem with its file and record); nothing else; the
messages are catalogue text in both languages; a refused seed leaves every row of
every table as it was (never a partial seed); an accepted one stored nothing longer
than the format allows.

Examples: ``DIKLAT_FUZZ_EXAMPLES`` (default 100, 1000 with ``DIKLAT_LONG=1``); figures in
``.reliability/fuzz-seed.json``.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
from collections import Counter
from itertools import count as counter
from pathlib import Path

import pytest
from cli_runner import run_cli
from factories import complete, snapshot
from fuzz_support import EXAMPLES, FUZZ, write_figures  # noqa: F401
from hypothesis import given, note
from hypothesis import strategies as st
from sqlalchemy import text as sql

from diklat.db.engine import Database
from diklat.db.migrate import upgrade
from diklat.domain.errors import DomainError
from diklat.domain.workflow import Stage
from diklat.i18n import catalogue, set_language
from diklat.io.seed import SeedInvalid, read_seed_dir
from diklat.services.actor import Actor
from diklat.services.seeding import apply_seed

# One worker runs the whole file: its figures in .reliability/ are counted whole.
pytestmark = pytest.mark.xdist_group("fuzz-seed")

INPUTS: Counter[str] = Counter()
ADMIN = Actor.system()

P1, P2, NRP3 = "19800101 200501 1 001", "19810202 200602 2 002", "6510072"
COACH, MENTOR, EXAMINER = "19700505 199505 1 001", "19650808 199008 1 001", "19600909 198509 2 001"


def valid_seed() -> dict:
    return {
        "format": "diklat-seed/1",
        "institutions": [{"code": "LAN-UJI", "name": "Pusat Pelatihan Uji", "city": "Medan"}],
        "people": [
            {
                "nip": P1,
                "name": "Peserta Satu",
                "pangkat_golongan": "Penata (III/c)",
                "jabatan": "Kepala Seksi",
                "instansi": "Dinas Uji",
                "email": "satu@example.go.id",
            },
            {"nip": P2, "name": "Peserta Dua"},
            {"nrp": NRP3, "name": "Peserta Tiga"},
            {"nip": COACH, "name": "Coach Satu"},
            {"nip": MENTOR, "name": "Mentor Satu"},
            {"nip": EXAMINER, "name": "Penguji Satu"},
            {
                "login": "koordinator.uji",
                "name": "Koordinator Uji",
                "account": {
                    "role": "coordinator",
                    "password": "sandi-uji-2026",
                    "must_change_password": True,
                },
            },
        ],
        "cohorts": [
            {
                "code": "UJI-2026",
                "name": "Diklatpim IV Angkatan Uji",
                "angkatan": "I",
                "start": "2026-03-02",
                "end": "2026-07-31",
                "institution": "LAN-UJI",
                "deadlines": {"self_assessment": "2026-03-20"},
                "coordinators": ["koordinator.uji"],
                "sessions": [
                    {"on": "2026-03-02", "title": "Pembukaan"},
                    {"on": "2026-03-03", "title": "Materi 1"},
                ],
                "enrolments": [
                    {
                        "ndh": 1,
                        "person": P1,
                        "coach": COACH,
                        "mentor": MENTOR,
                        "examiners": [EXAMINER],
                        "absent": [2],
                        "stages": {
                            "self_assessment": {
                                "versions": [
                                    {
                                        "content": complete(Stage.SELF_ASSESSMENT),
                                        "submitted_at": "2026-03-10T09:00:00",
                                        "review": {
                                            "by": COACH,
                                            "decision": "approved",
                                            "at": "2026-03-12T10:00:00",
                                            "comments": [
                                                {"section": "strengths", "text": "Jelas."}
                                            ],
                                        },
                                    }
                                ]
                            }
                        },
                        "marks": [
                            {
                                "component": "sikap",
                                "marker": COACH,
                                "role": "coach",
                                "score": "85.50",
                            }
                        ],
                    },
                    {
                        "ndh": 2,
                        "person": P2.replace(" ", ""),
                        "coach": COACH,
                        "attendance_recap": {"scheduled": 10, "attended": 9},
                        "extensions": [
                            {"stage": "self_assessment", "due": "2026-03-30", "reason": "sakit"}
                        ],
                        "stages": {
                            "self_assessment": {
                                "draft": {"strengths": "Teliti."},
                                "draft_saved_at": "2026-03-05T08:00:00",
                            }
                        },
                    },
                    {"ndh": 3, "person": NRP3, "status": "withdrawn", "status_reason": "mutasi"},
                ],
            }
        ],
    }


# --- running one seed -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "empty.db"
    db = Database.open(path)
    upgrade(db)
    db.checkpoint()
    db.dispose()
    return path


class Fresh:
    def __init__(self, template: Path, tmp: Path) -> None:
        self.template, self.tmp, self.n = template, tmp, counter()

    def __call__(self) -> tuple[Database, Path]:
        n = next(self.n)
        path = self.tmp / f"seed-{n}.db"
        shutil.copyfile(self.template, path)
        seed_dir = self.tmp / f"seed-{n}"
        seed_dir.mkdir()
        return Database.open(path), seed_dir


@pytest.fixture
def fresh(empty_db: Path, tmp_path: Path) -> Fresh:
    return Fresh(empty_db, tmp_path)


def explained(exc: DomainError) -> list[str]:
    for lang in ("id", "en"):
        assert exc.key in catalogue(lang), (lang, exc.key)
    lines = [exc.message()]
    if isinstance(exc, SeedInvalid):
        assert exc.problems
        for p in exc.problems:
            assert p.file and p.reason.strip(), p
            assert "input should" not in p.reason.lower(), f"pydantic's own (English) words: {p}"
            assert len(str(p)) < 2000, "a whole long value was quoted"
            lines.append(str(p))
    return lines


def stored_within_limits(db: Database) -> None:
    with db.engine.connect() as conn:
        people = conn.execute(
            sql(
                "SELECT max(length(name)), max(length(pangkat_golongan)), max(length(jabatan)), max(length(instansi)),"
                " max(length(email)) FROM people"
            )
        ).one()
        cohort = conn.execute(
            sql(
                "SELECT max(length(code)), max(length(name)), max(length(program_name)), max(length(project_term)),"
                " max(length(angkatan)) FROM cohorts"
            )
        ).one()
        reasons = conn.execute(sql("SELECT max(length(status_reason)) FROM enrolments")).scalar()
    assert (
        people[0] <= 200
        and people[1] <= 120
        and people[2] <= 300
        and people[3] <= 300
        and people[4] <= 200
    )
    if cohort[0] is not None:
        assert (
            cohort[0] <= 40
            and cohort[1] <= 300
            and cohort[2] <= 200
            and cohort[3] <= 60
            and cohort[4] <= 40
        )
    assert (reasons or 0) <= 500


def check(fresh: Fresh, files: dict[str, bytes], lang: str) -> str:
    db, seed_dir = fresh()
    for name, data in files.items():
        (seed_dir / name).write_bytes(data)
    set_language(lang)
    INPUTS["seed"] += 1
    try:
        before = snapshot(db)
        try:
            apply_seed(db, ADMIN, read_seed_dir(seed_dir))
        except DomainError as exc:
            note(f"refused: {explained(exc)[:5]}")
            assert snapshot(db) == before, "a refused seed changed the database"
            return "refused"
        stored_within_limits(db)
        return "accepted"
    finally:
        db.dispose()


# --- strategies ---------------------------------------------------------------------------------

NASTY = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "\ufeff",
        "\x1b[2J",
        "[bold]x[/]",
        "{name}",
        "x" * 10_000,
        "é" * 3_000,
        "\u202e",
        "NaN",
        "12,5",
        "-1",
        "0",
        "1e400",
        "99999999999999999999999",
        "2026-02-30",
        "2026-13-01",
        "0000-01-01",
        "9999-12-31",
        "2026-03-10T25:00:00",
        "2026-03-10T09:00:00+07:00",
        "true",
        "null",
        "approved",
        "revision_requested",
        "participant",
        "admin",
        "coach",
        "sikap",
        "rancangan",
        "self_assessment",
        "report",
        "diagnosis",
        P1,
        P2,
        NRP3,
        COACH,
        "koordinator.uji",
        "tidak.ada",
        "LAN-UJI",
        "LAN-LAIN",
        "UJI-2026",
        "19800101200501100",
        "١٩٨٠٠١٠١٢٠٠٥٠١١٠٠١",
        "open",
        "closed",
        "withdrawn",
        "dismissed",
    ]
)
JSON_SCALAR = st.one_of(
    NASTY,
    st.text(max_size=30),
    st.integers(-(10**30), 10**30),
    st.integers(-3, 1000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)
JSON_VALUE = st.recursive(
    JSON_SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.one_of(NASTY, st.text(max_size=10)), inner, max_size=3),
    ),
    max_leaves=6,
)


def _paths(node: object, here: tuple = ()) -> list[tuple]:
    """Every place in the tree (the root excluded)."""
    out = []
    if isinstance(node, dict):
        for k, v in node.items():
            out.append(here + (k,))
            out += _paths(v, here + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.append(here + (i,))
            out += _paths(v, here + (i,))
    return out


def _parent(tree: object, path: tuple) -> object:
    for step in path[:-1]:
        tree = tree[step]  # type: ignore[index]
    return tree


@st.composite
def mutated_seed(draw) -> dict:
    tree = valid_seed()
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(tree)
        path = draw(st.sampled_from(paths))
        parent, key = _parent(tree, path), path[-1]
        op = draw(
            st.sampled_from(
                ["replace", "replace", "replace", "delete", "extra", "duplicate", "long"]
            )
        )
        if op == "replace":
            parent[key] = draw(JSON_VALUE)
        elif op == "delete":
            del parent[key]
        elif op == "extra" and isinstance(parent[key], dict):
            parent[key][draw(st.one_of(NASTY, st.text(max_size=10)))] = draw(JSON_VALUE)
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(draw(st.integers(0, len(parent))), copy.deepcopy(parent[key]))
        elif op == "duplicate" and isinstance(parent[key], list) and parent[key]:
            parent[key].append(copy.deepcopy(parent[key][0]))
        elif op == "long" and isinstance(parent[key], str):
            parent[key] = parent[key] * (10_000 // max(len(parent[key]), 1) + 1)
    return tree


@st.composite
def seed_files(draw) -> dict[str, bytes]:
    shape = draw(st.sampled_from(["one", "one", "two", "bytes", "random"]))
    if shape == "random":
        return {draw(st.sampled_from(["a.json", "b.json"])): draw(st.binary(max_size=2000))}
    tree = draw(mutated_seed())
    note(f"seed: {json.dumps(tree, ensure_ascii=False, default=str)[:3000]}")
    dump = lambda obj: json.dumps(obj, ensure_ascii=draw(st.booleans()), allow_nan=True).encode(
        "utf-8"
    )  # noqa: E731
    if shape == "two" and isinstance(tree, dict):
        people = {k: tree.pop(k) for k in ("institutions", "people") if k in tree}
        return {"00-people.json": dump(people), "10-cohort.json": dump(tree)}
    data = dump(tree)
    if shape == "bytes":
        at = draw(st.integers(0, 1000)) * len(data) // 1000
        damage = draw(st.sampled_from(["truncate", "latin1", "bom", "insert", "utf16"]))
        if damage == "truncate":
            data = data[:at]
        elif damage == "latin1":
            data = data.decode("utf-8").encode("latin-1", "replace") + "é".encode("latin-1")
        elif damage == "bom":
            data = b"\xef\xbb\xbf" + data
        elif damage == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=10)) + data[at:]
        else:
            data = data.decode("utf-8").encode("utf-16")
    return {"20-seed.json": data}


# --- the properties -------------------------------------------------------------------------------


def test_the_base_seed_is_accepted(fresh: Fresh) -> None:
    assert check(fresh, {"20-seed.json": json.dumps(valid_seed()).encode()}, "id") == "accepted"


def test_any_seed_is_loaded_whole_or_refused_whole(fresh: Fresh) -> None:
    outcomes: Counter[str] = Counter()

    @FUZZ
    @given(files=seed_files(), lang=st.sampled_from(["id", "en"]))
    def run(files: dict[str, bytes], lang: str) -> None:
        outcomes[check(fresh, files, lang)] += 1

    run()
    print("seed", dict(outcomes))
    assert outcomes["refused"], outcomes


def test_random_bytes_are_refused(fresh: Fresh) -> None:
    @FUZZ
    @given(data=st.binary(max_size=3000))
    def run(data: bytes) -> None:
        assert check(fresh, {"a.json": data}, "id") == "refused"

    run()


LEAVES = [
    path
    for path in _paths(valid_seed())
    if not isinstance(_parent(valid_seed(), path)[path[-1]], (dict, list))
]


def _refused_naming(fresh: Fresh, seed: dict, key: object) -> None:
    _refused_at(fresh, seed, f"[{key + 1}]" if isinstance(key, int) else str(key))


def _refused_at(fresh: Fresh, seed: dict, where: str) -> list[str]:
    """The seed is refused whole, a problem's place names ``where``, nothing is written."""
    db, seed_dir = fresh()
    (seed_dir / "20-seed.json").write_text(json.dumps(seed), encoding="utf-8")
    INPUTS["seed"] += 1
    before = snapshot(db)
    try:
        with pytest.raises(SeedInvalid) as caught:
            apply_seed(db, ADMIN, read_seed_dir(seed_dir))
        lines = explained(caught.value)
        assert any(where in p.where for p in caught.value.problems), lines
        assert snapshot(db) == before
        return lines
    finally:
        db.dispose()


def test_an_over_long_text_anywhere_is_refused_naming_its_field(fresh: Fresh) -> None:
    @FUZZ
    @given(
        path=st.sampled_from(
            [p for p in LEAVES if isinstance(_parent(valid_seed(), p)[p[-1]], str)]
        ),
        length=st.integers(10_001, 200_000),
        char=st.sampled_from(["x", "é", "9", "漢"]),
    )
    def run(path: tuple, length: int, char: str) -> None:
        seed = valid_seed()
        _parent(seed, path)[path[-1]] = char * length
        _refused_naming(fresh, seed, path[-1])

    run()


def test_a_value_of_the_wrong_json_type_anywhere_is_refused_naming_its_field(fresh: Fresh) -> None:
    """A list or an object where a text, number or boolean belongs (pydantic would turn
    a number into a text or "5" into a number: that is lenient, not wrong)."""

    @FUZZ
    @given(path=st.sampled_from(LEAVES), value=st.sampled_from([[], ["x"], {}, {"a": 1}, [1, 2]]))
    def run(path: tuple, value: object) -> None:
        seed = valid_seed()
        _parent(seed, path)[path[-1]] = value
        _refused_naming(fresh, seed, path[-1])

    run()


def _enrolment(seed: dict, i: int) -> dict:
    return seed["cohorts"][0]["enrolments"][i]


# Seeds the fuzzer found that crashed the loader (IntegrityError, OverflowError) or were
# accepted wrongly, kept as examples: (what, change, where the problem is reported).
FOUND = [
    (
        "the same person enrolled twice",
        lambda s: _enrolment(s, 1).update(person=P1),
        "enrolments (ndh 2)",
    ),
    ("an NDH used twice", lambda s: _enrolment(s, 1).update(ndh=1), "enrolments (ndh 1)"),
    (
        "an examiner listed twice",
        lambda s: _enrolment(s, 0)["examiners"].append(EXAMINER.replace(" ", "")),
        "examiners",
    ),
    (
        "a stage extended twice",
        lambda s: _enrolment(s, 1)["extensions"].append(
            {"stage": "self_assessment", "due": "2026-04-30"}
        ),
        "extensions",
    ),
    (
        "a component marked twice by one marker",
        lambda s: _enrolment(s, 0)["marks"].append(
            {"component": "sikap", "marker": COACH, "role": "coach", "score": "80"}
        ),
        "marks (sikap",
    ),
    (
        "a criterion scored twice",
        lambda s: _enrolment(s, 0)["marks"][0].update(
            criteria=[{"criterion": "c1", "score": "80"}, {"criterion": "c1", "score": "81"}]
        ),
        "criteria",
    ),
    ("an NDH too big for an SQL integer", lambda s: _enrolment(s, 2).update(ndh=10**30), "ndh"),
    (
        "sessions too many for an SQL integer",
        lambda s: _enrolment(s, 1).update(attendance_recap={"scheduled": 10**20, "attended": 1}),
        "scheduled",
    ),
    (
        "a rubric version too big for an SQL integer",
        lambda s: _enrolment(s, 0)["marks"][0].update(
            rubric="sikap-default", rubric_version=10**20
        ),
        "rubric_version",
    ),
    (
        "a time with a time zone (the format is local time)",
        lambda s: _enrolment(s, 1)["stages"]["self_assessment"].update(
            draft_saved_at="2026-03-05T08:00:00+07:00"
        ),
        "draft_saved_at",
    ),
    (
        "a 10 000-character reference quoted whole",
        lambda s: _enrolment(s, 0).update(coach="9" * 10_000),
        "coach",
    ),
    (
        "a 10 000-character status reason",
        lambda s: _enrolment(s, 2).update(status_reason="x" * 10_000),
        "status_reason",
    ),
    (
        "a criterion score of 10^30",
        lambda s: _enrolment(s, 0)["marks"][0].update(
            criteria=[{"criterion": "c1", "score": "1e30"}]
        ),
        "score",
    ),
]


@pytest.mark.parametrize(("what", "change", "where"), FOUND, ids=[f[0] for f in FOUND])
def test_seeds_the_fuzzer_found_are_refused_whole_naming_the_record(
    what, change, where, fresh: Fresh
) -> None:
    seed = valid_seed()
    change(seed)
    lines = _refused_at(fresh, seed, where)
    assert all(len(line) < 1000 for line in lines)


def test_a_nasty_seed_on_the_command_line_is_refused_without_a_traceback(
    empty_db: Path, tmp_path: Path
) -> None:
    db_path = tmp_path / "cli.db"
    shutil.copyfile(empty_db, db_path)
    seed = valid_seed()
    seed["people"][0]["name"] = "x" * 10_000
    seed["cohorts"][0]["enrolments"][0]["examiners"] *= 2
    seed["cohorts"][0]["enrolments"][1]["person"] = "\x1b[2J[bold]tidak.ada"
    seed_dir = tmp_path / "seed"
    seed_dir.mkdir()
    (seed_dir / "20-seed.json").write_text(json.dumps(seed), encoding="utf-8")
    (seed_dir / "30-broken.json").write_bytes(b'{"people": [\xff')
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path), "DIKLAT_DB": str(db_path)}
    before = db_path.read_bytes()
    done = run_cli("seed", str(seed_dir), env=env, cwd=tmp_path, columns=200)
    INPUTS["command line"] += 1
    assert done.returncode == 1, done
    assert "Traceback" not in done.stdout + done.stderr
    assert "\x1b" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert all(len(line) < 1000 for line in lines), "a 10 000-character value was echoed whole"
    assert any("20-seed.json" in line for line in lines) and any(
        "30-broken.json" in line for line in lines
    )
    assert db_path.read_bytes() == before


# --- the other JSON importers: a cohort's rules file, a rubric file ---------------------------------


@st.composite
def mutated_json(draw, base: dict) -> str:
    tree = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(tree)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, key = _parent(tree, path), path[-1]
        op = draw(st.sampled_from(["replace", "replace", "decimal", "delete", "duplicate"]))
        if op == "replace":
            parent[key] = draw(JSON_VALUE)
        elif (
            op == "decimal"
        ):  # pydantic's JSON mode built Decimal((sign, digits, exponent)) from these
            parent[key] = draw(
                st.sampled_from([["", "", ""], [1, 2, 3], [0, [1], 0], [0, [1, 2], "F"]])
            )
        elif op == "delete":
            del parent[key]
        elif op == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
    return json.dumps(tree, allow_nan=True)


def test_any_rules_or_rubric_file_is_accepted_or_refused_whole(
    world_template, tmp_path: Path
) -> None:
    from diklat.domain.rubric import default_rubric, dump_rubric
    from diklat.domain.rules import default_ruleset, dump_ruleset
    from diklat.services.cohort_admin import update_rules
    from diklat.services.rubrics import save_rubric

    n = counter()
    rules, rubric = dump_ruleset(default_ruleset()), dump_rubric(default_rubric("rancangan"))

    @FUZZ
    @given(kind=st.sampled_from(["rules", "rubric"]), data=st.data())
    def run(kind: str, data) -> None:
        text = data.draw(mutated_json(rules if kind == "rules" else rubric))
        world = world_template.copy_to(tmp_path / f"w{next(n)}.db")
        INPUTS[kind] += 1
        before = snapshot(world.db)
        try:
            if kind == "rules":
                update_rules(world.db, ADMIN, world.cohort_codes["A"], text)
            else:
                save_rubric(world.db, ADMIN, json.loads(text))
        except DomainError as exc:
            explained(exc)
            assert snapshot(world.db) == before
        finally:
            world.db.dispose()

    run()


@pytest.mark.sqlite_only  # compares the file's bytes
def test_a_bad_rules_file_changes_nothing_else_the_command_line_was_asked(
    world_template, tmp_path: Path
) -> None:
    """``cohort edit --name ... --rules FILE`` wrote the new name, then refused the file."""
    db_path = tmp_path / "cli.db"
    shutil.copyfile(world_template.path, db_path)
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path), "DIKLAT_DB": str(db_path)}
    before = db_path.read_bytes()
    for name, data in (
        ("rules.json", b'{"components": [{"code": "sikap", "weight": ["", "", ""]}]}'),
        ("latin1.json", b'{"name": "\xe9"}'),
        ("empty.json", b""),
    ):
        (tmp_path / name).write_bytes(data)
        done = run_cli(
            *("cohort", "edit", "ANGK-A", "--name", "Nama Baru", "--rules", str(tmp_path / name)),
            env=env,
            cwd=tmp_path,
            columns=200,
        )
        INPUTS["command line"] += 1
        assert done.returncode in (1, 2), done
        assert "Traceback" not in done.stdout + done.stderr
        assert db_path.read_bytes() == before, name


@pytest.fixture(scope="module", autouse=True)
def _write_figures():
    yield
    write_figures("fuzz-seed", INPUTS)
