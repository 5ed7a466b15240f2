"""Property-based fuzzing of every importer (issue 7, part 8 "bad input").

Each importer starts from a valid file built here and hypothesis mutates it: random
text (unicode, control characters, NUL, byte-order marks), 10 000-character cells,
wrong types (text for numbers, comma decimals, floats), empty cells, missing, extra
and duplicated columns, duplicated rows, bad NIPs, unknown references, broken CSV
quoting, truncated and non-UTF-8 bytes, random bytes as XLSX, and pure random bytes.
Files are written as CSV (comma or semicolon, with or without BOM) and as XLSX.

Properties, for every input:
- the import (reading the file and the service call) succeeds or raises a
  DomainError (``ImportInvalid``/``CsvInvalid`` naming row and column); nothing else;
- the message is in the catalogue of both languages (no ``[key]`` placeholders);
- a refused file leaves every row of every table as it was;
- an accepted file stored nothing longer than the importer's limits.

Targeted properties: an over-long cell and a wrong-typed cell are refused with
exactly that row and column named.

Examples per property: ``DIKLAT_FUZZ_EXAMPLES`` (default 100, 1000 with ``DIKLAT_LONG=1``);
the number of inputs of the last run is written to ``.reliability/fuzz-importers.json``.
One ``diklat import ...`` through the command line's ``main`` (in-process,
tests/cli_runner.py) per importer family checks that a nasty file gives one error line
and exit code 1 without a traceback.
"""

from __future__ import annotations

import csv
import io
import math
import re
import shutil
from collections import Counter
from itertools import count as counter
from pathlib import Path

import backends
import openpyxl
import pytest
from cli_runner import run_cli
from factories import PEOPLE, World, snapshot
from fuzz_support import EXAMPLES, FUZZ, write_figures  # noqa: F401
from hypothesis import assume, given, note
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import text as sql

from diklat.domain.errors import DomainError
from diklat.domain.text import clean_line
from diklat.i18n import catalogue, set_language
from diklat.io import assignments_import, attendance_import, participants_import, worksheet
from diklat.io.comment_bank_csv import CsvInvalid
from diklat.io.tabular import ImportInvalid, normalise_header
from diklat.services import assignments, attendance, comment_bank, enrolment
from diklat.services.mark_import import import_marks

# One worker runs the whole file: its figures in .reliability/ are counted whole.
pytestmark = pytest.mark.xdist_group("fuzz-importers")

INPUTS: Counter[str] = Counter()
_KEY_PLACEHOLDER = re.compile(r"\[([a-z_]+(?:\.[a-z0-9_]+)+)\]")


def nip(key: str) -> str:
    return PEOPLE[key][0]


# --- the valid files ---------------------------------------------------------------------------

NEW_NIP = "19850505 201001 1 005"
VALID: dict[str, list[list[object]]] = {
    "participants": [
        ["NIP", "Nama", "Pangkat/Gol.", "Jabatan", "Instansi", "NDH", "email"],
        [
            nip("P1"),
            "Peserta Satu",
            "Penata (III/c)",
            "Kepala Seksi Pelayanan",
            "Dinas Penanaman Modal",
            1,
            "satu@example.go.id",
        ],
        [
            nip("P2"),
            "Peserta Dua",
            "Penata Tk. I (III/d)",
            "Kepala Subbagian Umum",
            "Dinas Pendidikan",
            2,
            "",
        ],
        [
            NEW_NIP,
            "Peserta Baru",
            "Penata (III/c)",
            "Kepala Seksi Data",
            "Bappeda",
            3,
            "baru@example.go.id",
        ],
    ],
    "assignments": [
        ["NIP", "NDH", "Nama", "coach", "mentor", "penguji"],
        [nip("P1"), 1, "Peserta Satu", nip("C1"), nip("M1"), nip("X1")],
        [nip("P2"), 2, "Peserta Dua", nip("C2"), "-", f"{nip('X1')}|{nip('C1')}"],
    ],
    "attendance": [
        ["NIP", "NDH", "Nama", "jumlah_sesi", "hadir"],
        [nip("P1"), 1, "Peserta Satu", 10, 9],
        [nip("P2"), 2, "Peserta Dua", 12, 12],
    ],
    "marks": [
        [
            "komponen",
            "ndh",
            "nip",
            "nama",
            "penilai",
            "nama_penilai",
            "peran",
            "nilai",
            "rubrik",
            "versi",
        ],
        [
            "sikap",
            1,
            nip("P1"),
            "Peserta Satu",
            "koordinator.a",
            "Koordinator A",
            "coordinator",
            "85.5",
            "",
            "",
        ],
        [
            "sikap",
            2,
            nip("P2"),
            "Peserta Dua",
            "koordinator.a",
            "Koordinator A",
            "coordinator",
            "78",
            "",
            "",
        ],
    ],
    "rubric_marks": [
        [
            "komponen",
            "ndh",
            "nip",
            "nama",
            "penilai",
            "nama_penilai",
            "peran",
            "nilai",
            "rubrik",
            "versi",
            "kriteria:diagnosis",
            "kriteria:gagasan",
            "kriteria:milestone",
            "kriteria:stakeholder",
            "kriteria:penyajian",
        ],
        [
            "rancangan",
            1,
            nip("P1"),
            "Peserta Satu",
            nip("C1"),
            "Coach Satu",
            "coach",
            "",
            "rancangan-default v1",
            "",
            85,
            90,
            "75.5",
            80,
            88,
        ],
        [
            "rancangan",
            1,
            nip("P1"),
            "Peserta Satu",
            nip("X1"),
            "Penguji Satu",
            "examiner",
            "",
            "",
            "",
            70,
            71,
            72,
            73,
            74,
        ],
    ],
    "bank": [
        ["section", "text"],
        ["strengths", "Uraian kekuatan sudah jelas dan didukung contoh."],
        ["", "Perjelas indikator keberhasilan."],
        ["problem_statement", '=HYPERLINK("x") rumusan masalah perlu data'],
    ],
}
# Columns whose cells are stored (or shown) as text, with the most an importer keeps.
TEXT_LIMITS: dict[str, dict[str, int]] = {
    "participants": {
        "NIP": 18,
        "Nama": 200,
        "Pangkat/Gol.": 120,
        "Jabatan": 300,
        "Instansi": 300,
        "email": 200,
    },
    "assignments": {"Nama": 200, "coach": 60, "mentor": 60},
    "attendance": {"Nama": 200},
    "marks": {
        "nama": 200,
        "penilai": 60,
        "nama_penilai": 200,
        "peran": 30,
        "rubrik": 60,
        "komponen": 60,
    },
    "rubric_marks": {"rubrik": 60, "nip": 40},
    "bank": {"text": 2000},
}
NUMBER_COLUMNS: dict[str, tuple[str, ...]] = {
    "participants": ("NDH",),
    "assignments": ("NDH",),
    "attendance": ("NDH", "jumlah_sesi", "hadir"),
    "marks": ("ndh", "versi"),
    "rubric_marks": ("ndh", "versi"),
}
ACTOR = {
    "participants": "K1",
    "assignments": "K1",
    "attendance": "K1",
    "marks": "K1",
    "rubric_marks": "K1",
    "bank": "C1",
}


# --- running one import ----------------------------------------------------------------------------


def run_import(kind: str, world: World, path: Path, code: str | None = None) -> None:
    """Read ``path`` and apply it to cohort ``code`` (A) as the command line and the screens do."""
    actor = world.actor(ACTOR[kind])
    code = world.cohort_codes["A"] if code is None else code
    if kind == "participants":
        rows, unknown = participants_import.read_participants(path)
        enrolment.import_participants(world.db, actor, code, rows, unknown)
    elif kind == "assignments":
        rows, unknown = assignments_import.read_assignments(path)
        assignments.import_assignments(world.db, actor, code, rows, unknown)
    elif kind == "attendance":
        rows, unknown = attendance_import.read_recap(path)
        attendance.import_recap(world.db, actor, code, rows, unknown)
    elif kind in ("marks", "rubric_marks"):
        lines, unknown = worksheet.read_worksheet(path)
        import_marks(world.db, actor, code, lines, unknown)
    elif kind == "bank":
        comment_bank.import_csv(world.db, actor, path.read_bytes())
    else:  # pragma: no cover
        raise AssertionError(kind)


def explained(exc: DomainError) -> list[str]:
    """Every line the user would read; checked to be catalogue text in both languages."""
    for lang in ("id", "en"):
        assert exc.key in catalogue(lang), (lang, exc.key)
    lines = exc.message().splitlines()
    if isinstance(exc, ImportInvalid):
        assert exc.problems
        for p in exc.problems:
            assert p.reason.strip()
            assert p.row is None or p.row >= 1
            assert "input should" not in p.reason.lower(), (
                f"pydantic's own (English) words: {p.message()}"
            )
            assert len(p.message()) < 1000, "a long cell was quoted whole"
    if isinstance(exc, CsvInvalid):
        assert exc.problems
        for p in exc.problems:
            assert p.row >= 1
            for lang in ("id", "en"):
                assert p.key in catalogue(lang), (lang, p.key)
    for line in lines:
        for key in _KEY_PLACEHOLDER.findall(line):
            assert key not in catalogue("id"), f"untranslated {key!r} in {line!r}"
            assert not key.startswith(
                ("io.", "bank.", "nip.", "nrp.", "worksheet.", "marks.", "assign.")
            ), line
    return lines


def stored_within_limits(world: World) -> None:
    """After an accepted import no stored text is longer than the importers allow."""
    with world.db.engine.connect() as conn:
        longest = conn.execute(
            sql(
                "SELECT max(length(name)), max(length(pangkat_golongan)), max(length(jabatan)), max(length(instansi)),"
                " max(length(email)), max(length(nip)), max(length(coalesce(nrp, ''))) FROM people"
            )
        ).one()
        bank = conn.execute(sql("SELECT max(length(text)) FROM comment_bank")).scalar()
    assert longest[0] <= 200 and longest[1] <= 120 and longest[2] <= 300 and longest[3] <= 300
    assert (longest[4] or 0) <= 200 and (longest[5] or 0) <= 18 and longest[6] <= 18
    assert (bank or 0) <= 2000


class Fresh:
    """A fresh copy of the shared world for each example (accepted imports write)."""

    def __init__(self, template: World, tmp: Path) -> None:
        self.template = template
        self.tmp = tmp
        self.n = counter()
        # What every fresh copy holds (it is the template's file, byte for byte), read once.
        self.rows = snapshot(template.db)
        # PostgreSQL copies a template only while nobody is connected to it.
        template.db.dispose()

    def __call__(self) -> World:
        return self.template.copy_to(self.tmp / f"fuzz-{next(self.n)}.db")


@pytest.fixture
def fresh(world_template: World, tmp_path: Path) -> Fresh:
    return Fresh(world_template, tmp_path)


def check(kind: str, fresh: Fresh, data: bytes, name: str, lang: str) -> str:
    """Apply the file to a fresh world; the properties above. Returns 'accepted' or 'refused'."""
    world = fresh()
    path = world.folder / name
    path.write_bytes(data)
    set_language(lang)
    INPUTS[kind] += 1
    try:
        before = fresh.rows
        try:
            run_import(kind, world, path)
        except DomainError as exc:
            lines = explained(exc)
            note(f"refused: {lines[:4]}")
            assert snapshot(world.db) == before, "a refused file changed the database"
            return "refused"
        stored_within_limits(world)
        return "accepted"
    finally:
        world.db.dispose()
        path.unlink(missing_ok=True)
        backends.discard(world.path)


# --- writing files -----------------------------------------------------------------------------


def to_csv(rows: list[list[object]], delimiter: str, bom: bool) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8", "surrogatepass")


def to_xlsx(rows: list[list[object]]) -> bytes:
    """An XLSX with these cells; text is stored as text (openpyxl would make "=..." a formula)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            if isinstance(value, float) and not math.isfinite(value):
                value = str(value)
            cell = ws.cell(
                r,
                c,
                ILLEGAL_CHARACTERS_RE.sub("", value)[:32767] if isinstance(value, str) else value,
            )
            if isinstance(value, str):
                cell.data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- strategies ----------------------------------------------------------------------------------

NASTY_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "\ufeff",
        "\ufeffNIP",
        "\r\n",
        "\n",
        '"',
        '""',
        '"unclosed',
        'a"b',
        ";",
        ",",
        "|",
        "-",
        "=1+1",
        "@SUM(A1)",
        "+62",
        "\x1b[31mmerah\x1b[0m",
        "[bold]tebal[/bold]",
        "[/]",
        "{}",
        "{value}",
        "%s",
        "12,5",
        "1.5",
        "1e309",
        "-1",
        "0",
        "999999999999999999999",
        "NaN",
        "inf",
        "٣",
        "１２",
        "½",
        "True",
        "1980010120050110011",
        "19800101 200501 1 00",
        "abcdefghijklmnopqr",
        "19801301 200501 1 001",
        "SIKAP",
        "tidak-ada",
        "ANGK-Z",
        "koordinator.a ",
        "ｋｏｏｒｄｉｎａｔｏｒ",
        "x" * 10_000,
        "é" * 5_000,
        "\u202eevil",
        "\ud7ff",
        "𝕏" * 300,
        "a\tb",
        "'=cmd",
        "''",
        # headers and references the importers know, in the wrong places
        "kriteria:",
        "kriteria:diagnosis",
        "kriteria:tidakada",
        "NIP",
        "nama",
        "nrp",
        "NRP",
        "email",
        "ndh",
        "versi",
        "rubrik",
        "peran",
        "coach",
        "penguji",
        "hadir",
        "jumlah_sesi",
        "komponen",
        "section",
        "text",
        "strengths",
        "rancangan-default v1",
        "rancangan-default v99999999999999999999",
        "sikap-default v1",
        "x v0",
        "v1",
        "1234567890",
        "12345",
        "coordinator",
        "examiner",
        "mentor",
        "admin",
        "koordinator.b",
        nip("C1"),
        nip("P1"),
        nip("P3"),
        nip("X1"),
        nip("K1"),
        "85",
        "100",
        "100.00",
        "0",
        "70.005",
    ]
)
RANDOM_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
LONG_TEXT = st.integers(301, 12_000).flatmap(
    lambda n: st.sampled_from(["x", "é", "9", " a"]).map(lambda c: c * n)
)
CELL = st.one_of(
    NASTY_TEXT,
    RANDOM_TEXT,
    LONG_TEXT,
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)


@st.composite
def mutated_rows(draw, kind: str) -> list[list[object]]:
    rows = [list(r) for r in VALID[kind]]
    for _ in range(draw(st.integers(1, 5))):
        width = max(1, *(len(r) for r in rows))
        op = draw(
            st.sampled_from(
                [
                    "cell",
                    "cell",
                    "cell",
                    "empty",
                    "drop_column",
                    "dup_column",
                    "extra_column",
                    "rename",
                    "dup_row",
                    "drop_row",
                    "extra_cell",
                    "swap_rows",
                    "blank_row",
                ]
            )
        )
        r = draw(st.integers(0, len(rows) - 1))
        c = draw(st.integers(0, width - 1))
        if op == "cell":
            rows[r] += [""] * (c + 1 - len(rows[r]))
            rows[r][c] = draw(CELL)
        elif op == "empty":
            rows[r] += [""] * (c + 1 - len(rows[r]))
            rows[r][c] = ""
        elif op == "drop_column":
            for row in rows:
                if c < len(row):
                    del row[c]
        elif op == "dup_column":
            for row in rows:
                if c < len(row):
                    row.append(row[c])
        elif op == "extra_column":
            rows[0].append(draw(st.one_of(NASTY_TEXT, RANDOM_TEXT)))
            for row in rows[1:]:
                row.append(draw(CELL))
        elif op == "rename":
            rows[0] += [""] * (c + 1 - len(rows[0]))
            rows[0][c] = draw(st.one_of(NASTY_TEXT, RANDOM_TEXT))
        elif op == "dup_row" and len(rows) > 1:
            rows.insert(draw(st.integers(1, len(rows))), list(rows[max(r, 1)]))
        elif op == "drop_row" and len(rows) > 1:
            del rows[r]
        elif op == "extra_cell":
            rows[r] += [draw(CELL)]
        elif op == "swap_rows" and len(rows) > 2:
            rows[1], rows[-1] = rows[-1], rows[1]
        elif op == "blank_row":
            rows.insert(r, [])
    return rows


@st.composite
def byte_damage(draw, data: bytes) -> bytes:
    """Truncated, spliced with random bytes, re-encoded, or broken quoting. Positions are
    drawn as fractions (an XLSX's bytes differ from one save to the next: its timestamps)."""

    def at(end: int) -> int:
        return draw(st.integers(0, 1000)) * end // 1000

    op = draw(
        st.sampled_from(
            ["none", "none", "truncate", "insert", "flip", "latin1", "utf16", "quote", "nul"]
        )
    )
    if op == "truncate":
        return data[: at(len(data) - 1)]
    if op == "insert":
        i = at(len(data))
        return data[:i] + draw(st.binary(min_size=1, max_size=20)) + data[i:]
    if op == "flip" and data:
        i = at(len(data) - 1)
        return data[:i] + bytes([data[i] ^ draw(st.integers(1, 255))]) + data[i + 1 :]
    if op == "latin1":
        return data.decode("utf-8", "replace").encode("latin-1", "replace") + "é".encode("latin-1")
    if op == "utf16":
        return data.decode("utf-8", "replace").encode("utf-16")
    if op == "quote":
        i = at(len(data))
        return data[:i] + b'"' + data[i:]
    if op == "nul":
        i = at(len(data))
        return data[:i] + b"\x00" + data[i:]
    return data


@st.composite
def files(draw, kind: str) -> tuple[bytes, str]:
    """A mutated file of ``kind``: CSV (, or ;, maybe BOM), XLSX, or raw random bytes."""
    shape = draw(
        st.sampled_from(
            ["csv", "csv", "csv", "xlsx", "xlsx", "random"]
            if kind != "bank"
            else ["csv", "csv", "csv", "random"]
        )
    )
    if shape == "random":
        return draw(st.binary(max_size=2000)), draw(
            st.sampled_from(["f.csv", "f.xlsx", "f.txt", "f", "f.xls"])
        )
    rows = draw(mutated_rows(kind))
    note(f"rows: {[[str(v)[:30] for v in r] for r in rows]}")
    if shape == "xlsx":
        data = to_xlsx(rows)
        if draw(st.booleans()):
            data = draw(byte_damage(data))
        return data, "f.xlsx"
    data = to_csv(rows, draw(st.sampled_from([",", ";"])), draw(st.booleans()))
    return draw(byte_damage(data)), "f.csv"


KINDS = ("participants", "assignments", "attendance", "marks", "rubric_marks", "bank")


# --- the properties ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_valid_file_is_accepted(kind: str, fresh: Fresh) -> None:
    """The base every mutation starts from is good (so refusals come from the mutations)."""
    for data, name in [
        (to_csv(VALID[kind], ",", False), "f.csv"),
        (to_csv(VALID[kind], ";", True), "f.csv"),
    ] + ([(to_xlsx(VALID[kind]), "f.xlsx")] if kind != "bank" else []):
        assert check(kind, fresh, data, name, "id") == "accepted"


@pytest.mark.parametrize("kind", KINDS)
def test_any_file_is_accepted_or_refused_whole(kind: str, fresh: Fresh) -> None:
    outcomes: Counter[str] = Counter()

    @FUZZ
    @given(file=files(kind), lang=st.sampled_from(["id", "en"]))
    def run(file: tuple[bytes, str], lang: str) -> None:
        outcomes[check(kind, fresh, *file, lang)] += 1

    run()
    print(kind, dict(outcomes))
    assert outcomes["refused"], outcomes  # the mutations do reach the checks


@pytest.mark.parametrize("kind", KINDS)
def test_random_bytes_are_refused(kind: str, fresh: Fresh) -> None:
    @FUZZ
    @given(data=st.binary(max_size=4000), name=st.sampled_from(["f.csv", "f.xlsx", "f.txt", "f"]))
    def run(data: bytes, name: str) -> None:
        assert check(kind, fresh, data, name, "id") == "refused"

    run()


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "bank"])
def test_a_good_file_for_an_unknown_or_foreign_cohort_is_refused(kind: str, fresh: Fresh) -> None:
    @FUZZ
    @given(
        code=st.one_of(
            st.sampled_from(
                [
                    "ANGK-B",
                    "TIDAK-ADA",
                    "",
                    " ",
                    "angk-a",
                    "ANGK-A ",
                    "ANGK-%",
                    "x" * 10_000,
                    "\x00",
                    "ANGK-A'; DROP TABLE people; --",
                ]
            ),
            RANDOM_TEXT,
        ),
        fmt=st.sampled_from(["csv", "xlsx"]),
    )
    def run(code: str, fmt: str) -> None:
        world = fresh()
        path = world.folder / f"f.{fmt}"
        path.write_bytes(to_xlsx(VALID[kind]) if fmt == "xlsx" else to_csv(VALID[kind], ",", False))
        INPUTS[kind] += 1
        before = fresh.rows
        try:
            with pytest.raises(DomainError) as caught:
                run_import(kind, world, path, code)
            explained(caught.value)
            assert snapshot(world.db) == before
        finally:
            world.db.dispose()

    run()


def _problem_at(exc: DomainError, row: int, column: str) -> bool:
    """A problem names this row and column (as written in the file, or its field name)."""
    if isinstance(exc, (ImportInvalid, CsvInvalid)):
        return any(
            p.row == row and normalise_header(p.column or "") == normalise_header(column)
            for p in exc.problems
        )
    return False


def _refused_at(
    kind: str, fresh: Fresh, rows: list[list[object]], fmt: str, row: int, column: str
) -> None:
    world = fresh()
    data = to_xlsx(rows) if fmt == "xlsx" else to_csv(rows, ";" if fmt == "csv;" else ",", False)
    path = world.folder / ("f.xlsx" if fmt == "xlsx" else "f.csv")
    path.write_bytes(data)
    INPUTS[kind] += 1
    before = fresh.rows
    try:
        with pytest.raises(DomainError) as caught:
            run_import(kind, world, path)
        explained(caught.value)
        assert _problem_at(caught.value, row + 1, column), caught.value.message()
        assert snapshot(world.db) == before
    finally:
        world.db.dispose()


@pytest.mark.parametrize("kind", KINDS)
def test_an_over_long_cell_is_refused_with_its_row_and_column(kind: str, fresh: Fresh) -> None:
    columns = sorted(TEXT_LIMITS[kind])

    @FUZZ
    @given(
        column=st.sampled_from(columns),
        row=st.integers(1, len(VALID[kind]) - 1),
        extra=st.integers(1, 10_000),
        char=st.sampled_from(["x", "é", "ü", "漢", "a b"]),
        fmt=st.sampled_from(["csv", "csv;", "xlsx"]),
    )
    def run(column: str, row: int, extra: int, char: str, fmt: str) -> None:
        assume(not (kind == "bank" and fmt == "xlsx"))
        rows = [list(r) for r in VALID[kind]]
        limit = TEXT_LIMITS[kind][column]
        rows[row][rows[0].index(column)] = (char * (limit + extra))[: limit + extra]
        _refused_at(kind, fresh, rows, fmt, row, column)

    run()


@pytest.mark.parametrize("kind", [k for k in KINDS if k in NUMBER_COLUMNS])
def test_a_wrong_typed_cell_is_refused_with_its_row_and_column(kind: str, fresh: Fresh) -> None:
    @FUZZ
    @given(
        column=st.sampled_from(NUMBER_COLUMNS[kind]),
        row=st.integers(1, len(VALID[kind]) - 1),
        value=st.one_of(
            st.sampled_from(
                [
                    "12,5",
                    "abc",
                    "1.5",
                    "-1",
                    "1e3",
                    "٣",
                    "NaN",
                    "x" * 10_000,
                    "10 000",
                    "999999999999999999999",
                ]
            ),
            # (a NUL byte makes the whole file "not a CSV", tested above)
            st.text(
                st.characters(blacklist_categories=("Cs", "Nd"), blacklist_characters="\x00"),
                min_size=1,
                max_size=20,
                # (controls, direction marks and zero-width characters are removed as the
                # file is read: a cell of only those is empty, and NDH may be)
            ).filter(lambda s: clean_line(s).strip() != ""),
            st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: not f.is_integer()),
            st.integers(max_value=-1),
        ),
        fmt=st.sampled_from(["csv", "csv;", "xlsx"]),
    )
    def run(column: str, row: int, value: object, fmt: str) -> None:
        rows = [list(r) for r in VALID[kind]]
        if isinstance(value, str) and fmt == "xlsx":
            assume(ILLEGAL_CHARACTERS_RE.sub("", value).strip() != "")
        rows[row][rows[0].index(column)] = value
        _refused_at(kind, fresh, rows, fmt, row, column)

    run()


def test_a_mark_with_a_bad_score_is_refused_with_its_row(fresh: Fresh) -> None:
    """``nilai`` is text until the service checks it against the cohort's rule set."""

    @FUZZ
    @given(
        row=st.integers(1, 2),
        fmt=st.sampled_from(["csv", "csv;", "xlsx"]),
        value=st.one_of(
            st.sampled_from(
                [
                    "abc",
                    "-1",
                    "100.01",
                    "101",
                    "1e309",
                    "NaN",
                    "inf",
                    "-0.5",
                    "85.555",
                    "x" * 10_000,
                    "9" * 400,
                    "1/2",
                    "0x10",
                ]
            ),
            st.floats(min_value=100.01, allow_infinity=False, allow_nan=False),
            st.integers(min_value=101),
        ),
    )
    def run(row: int, fmt: str, value: object) -> None:
        rows = [list(r) for r in VALID["marks"]]
        rows[row][rows[0].index("nilai")] = value
        _refused_at("marks", fresh, rows, fmt, row, "nilai")

    run()


# Inputs the fuzzer found that crashed an import or were accepted wrongly, kept as examples:
# (importer, row, column, value, file format).
FOUND = [
    # an SQL integer overflow (OverflowError) looking the rubric version up
    ("rubric_marks", 1, "rubrik", "rancangan-default v99999999999999999999", "csv"),
    # Decimal() took these as marks: 10, 3, 3
    ("marks", 1, "nilai", "1_0", "csv"),
    ("marks", 2, "nilai", "٣", "csv;"),
    ("rubric_marks", 2, "kriteria:gagasan", "٧٥", "xlsx"),
    # a 10 000-character criterion score was quoted whole in the message
    ("rubric_marks", 1, "kriteria:milestone", "9" * 10_000, "csv"),
    # over-long cells were accepted (and quoted whole in messages)
    ("assignments", 1, "coach", "x" * 10_000, "csv"),
    ("assignments", 2, "penguji", "y" * 61, "xlsx"),
    ("attendance", 1, "NIP", "1" * 41, "csv"),
    ("marks", 2, "penilai", "k" * 61, "csv"),
    # the recap's NDH range message said 1..999 for the number of sessions
    ("attendance", 2, "jumlah_sesi", 1001, "csv"),
]


@pytest.mark.parametrize(("kind", "row", "column", "value", "fmt"), FOUND)
def test_inputs_the_fuzzer_found_are_refused_with_row_and_column(
    kind: str, row: int, column: str, value: object, fmt: str, fresh: Fresh
) -> None:
    rows = [list(r) for r in VALID[kind]]
    rows[row][rows[0].index(column)] = value
    _refused_at(kind, fresh, rows, fmt, row, column)


def test_a_comment_bank_file_that_is_not_utf8_is_refused_with_its_row(fresh: Fresh) -> None:
    """The screen read the file with read_text: a Latin-1 file raised UnicodeDecodeError."""
    data = to_csv(VALID["bank"], ",", True) + "Komentar é\n".encode("latin-1")
    world = fresh()
    before = snapshot(world.db)
    with pytest.raises(CsvInvalid) as caught:
        comment_bank.import_csv(world.db, world.actor("C1"), data)
    assert [(p.row, p.key) for p in caught.value.problems] == [(5, "bank.csv.not_utf8")]
    with pytest.raises(CsvInvalid) as caught:
        comment_bank.import_csv(world.db, world.actor("C1"), b"section,text\n,ab\x00c\n")
    assert [(p.row, p.key) for p in caught.value.problems] == [(2, "bank.csv.not_text")]
    assert snapshot(world.db) == before
    world.db.dispose()


@pytest.mark.parametrize("kind", KINDS)
def test_an_unclosed_quote_is_refused_at_its_row_not_swallowing_the_rows_after_it(
    kind: str, fresh: Fresh
) -> None:
    """The csv module (not strict) read the rest of the file into the quoted cell: the
    rows after it were lost without a word and the file was accepted."""
    lines = to_csv(VALID[kind], ",", False).decode().splitlines(keepends=True)
    lines[1] = lines[1].replace(",", ',"', 1)  # row 2: a quote opens its second cell
    for data in ("".join(lines).encode(), "".join(lines).encode() + b"x" * 200_000):
        world = fresh()
        path = world.folder / "f.csv"
        path.write_bytes(data)
        INPUTS[kind] += 1
        before = snapshot(world.db)
        with pytest.raises(DomainError) as caught:
            run_import(kind, world, path)
        explained(caught.value)
        assert [p.row for p in caught.value.problems] == [2]
        assert snapshot(world.db) == before
        world.db.dispose()


def test_a_cell_beyond_the_csv_field_limit_names_its_row(fresh: Fresh) -> None:
    """It was "not a CSV or XLSX file"."""
    rows = [list(r) for r in VALID["participants"]] + [[NEW_NIP, "x" * 200_000]]
    world = fresh()
    path = world.folder / "f.csv"
    path.write_bytes(to_csv(rows, ";", True))
    with pytest.raises(ImportInvalid) as caught:
        participants_import.read_participants(path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(5, None)]
    assert "131072" in caught.value.problems[0].reason
    world.db.dispose()


def test_an_xlsx_that_unpacks_to_gigabytes_is_refused_before_it_is_read(fresh: Fresh) -> None:
    """20 MB of zip may unpack to gigabytes; openpyxl loads shared strings whole."""
    import zipfile

    buf = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(to_xlsx(VALID["participants"]))) as good,
        zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in good.infolist():
            bomb.writestr(item, good.read(item))
        with bomb.open("xl/padding.bin", "w") as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(201):
                member.write(chunk)
    world = fresh()
    path = world.folder / "bomb.xlsx"
    path.write_bytes(buf.getvalue())
    assert path.stat().st_size < 1 << 20
    with pytest.raises(ImportInvalid) as caught:
        participants_import.read_participants(path)
    assert "200 MB" in caught.value.problems[0].reason
    world.db.dispose()


def test_range_messages_give_the_field_s_own_limits(fresh: Fresh) -> None:
    rows = [list(r) for r in VALID["attendance"]]
    rows[1][3] = 1001
    world = fresh()
    path = world.folder / "f.csv"
    path.write_bytes(to_csv(rows, ",", False))
    with pytest.raises(ImportInvalid) as caught:
        attendance_import.read_recap(path)
    assert [p.message() for p in caught.value.problems] == [
        "baris 2, kolom jumlah_sesi: 1001 lebih dari 1000"
    ]
    world.db.dispose()


# --- the command line: one nasty file per importer family -------------------------------------


NASTY_CELLS = (
    "\ufeffNIP;Nama;NDH;jumlah_sesi;hadir;coach;komponen;penilai;nilai;Pangkat/Gol.;Jabatan;Instansi\r\n"
    '19800101 200501 1 001;"[bold]x[/bold]\x1b[2J";12,5;abc;-1;\x07;sikap;koordinator.a;12,5;;;\r\n'
    f"{'9' * 10_000};{'x' * 10_000};1e9;;;[/];sikap;{'k' * 10_000};NaN;;;\r\n"
    '"unclosed;\x00\r\n'
).encode()
NASTY_FILES = {
    "nasty.csv": NASTY_CELLS,
    "latin1.csv": NASTY_CELLS[:200] + b"\xe9\xff\r\n",
    "random.xlsx": b"PK\x03\x04" + bytes(range(256)) * 3,
}


@pytest.mark.parametrize(
    "command",
    [
        ["import", "participants"],
        ["import", "assignments"],
        ["import", "attendance"],
        ["import", "marks", "--as", "koordinator.a"],
    ],
)
@pytest.mark.sqlite_only  # compares the file's bytes
def test_the_command_line_refuses_a_nasty_file_without_a_traceback(
    command: list[str], world_template: World, tmp_path: Path
) -> None:
    db_path = tmp_path / "cli.db"
    shutil.copyfile(world_template.path, db_path)
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path), "DIKLAT_DB": str(db_path)}
    before = db_path.read_bytes()
    for name, data in NASTY_FILES.items():
        (tmp_path / name).write_bytes(data)
        done = run_cli(
            *command, str(tmp_path / name), "--cohort", "ANGK-A", env=env, cwd=tmp_path, columns=200
        )
        INPUTS["command line"] += 1
        assert done.returncode == 1, done
        assert "Traceback" not in done.stdout + done.stderr
        lines = done.stderr.strip().splitlines()
        assert name in lines[0], done.stderr  # one line says which file was refused ...
        assert (
            "\x1b" not in done.stderr
        )  # ... the file's escape sequences are not passed to the terminal
        assert all(len(line) < 1000 for line in lines), "a 10 000-character cell was echoed whole"
    assert db_path.read_bytes() == before


@pytest.fixture(scope="module", autouse=True)
def _write_figures():
    yield
    write_figures("fuzz-importers", INPUTS)
