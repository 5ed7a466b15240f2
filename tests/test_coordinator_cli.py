"""The coordinator's command line, run through ``diklat.cli.main`` in-process
(tests/cli_runner.py) against a copy of the sample database: every import and export, a worksheet round
trip, one test per kind of bad file with a check that the database is unchanged
(row counts and a hash of every row), XLSX read back with openpyxl and PDF text with
pypdf, and formula neutralisation.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from cli_runner import Ran, run_cli
from factories import SYSTEM, copy_demo, count, snapshot
from pypdf import PdfReader
from sqlalchemy import select

from diklat.db.engine import Database
from diklat.db.models import Account, AuditEntry, Cohort, Enrolment, Mark, Person
from diklat.services import cohorts

REPO = Path(__file__).resolve().parents[1]
DONE = "DIKLATPIM-IV-III-2018"
RUNNING = "PKP-II-2026"
NEW = "BARU-2027"
TABLES = (
    "people",
    "accounts",
    "enrolments",
    "enrolment_examiners",
    "cohort_staff",
    "marks",
    "mark_criteria",
    "attendance",
    "audit_log",
)
GRAD_COLUMNS = [
    "no",
    "ndh",
    "nip",
    "nama",
    "pangkat_golongan",
    "jabatan",
    "instansi",
    "nilai_akhir",
    "kualifikasi",
    "peringkat",
    "status",
    "keterangan",
]
HUMAN = [
    "No",
    "NDH",
    "NIP",
    "Nama",
    "Pangkat/Gol.",
    "Jabatan",
    "Instansi",
    "Nilai Akhir",
    "Kualifikasi",
    "Peringkat",
    "Keterangan",
]


class Cli:
    def __init__(self, tmp: Path, db_path: Path) -> None:
        self.tmp = tmp
        self.db_path = db_path
        self.env = {
            "HOME": str(tmp / "home"),
            "XDG_DATA_HOME": str(tmp / "data"),
            "DIKLAT_DB": str(db_path),
        }

    def run(self, *args: str) -> Ran:
        result = run_cli(*args, env=self.env, cwd=self.tmp)
        assert "Traceback" not in result.both, result
        return result

    def db(self) -> Database:
        return Database.open(self.db_path)

    def state(self) -> tuple[dict[str, int], str]:
        """Row counts and a hash of every row of every table."""
        db = self.db()
        try:
            counts = {t: count(db, t) for t in TABLES}
            digest = hashlib.sha256(repr(sorted(snapshot(db).items())).encode()).hexdigest()
        finally:
            db.dispose()
        return counts, digest


@pytest.fixture(scope="module")
def sample_db(demo_template, tmp_path_factory) -> Path:
    path = copy_demo(demo_template, tmp_path_factory.mktemp("sample") / "sample.db")
    db = Database.open(path)
    cohorts.create_cohort(
        db,
        SYSTEM,
        code=NEW,
        name="Diklatpim IV Angkatan I Tahun 2027",
        start=date(2027, 3, 1),
        end=date(2027, 7, 30),
        angkatan="I",
        institution_code="LAN-SUM",
    )
    db.checkpoint()
    db.dispose()
    return path


@pytest.fixture
def cli(sample_db: Path, tmp_path: Path) -> Cli:
    target = tmp_path / "cli.db"
    shutil.copyfile(sample_db, target)
    return Cli(tmp_path, target)


def write(path: Path, text: str, *, bom: bool = False) -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


PARTICIPANTS = (
    "NIP;Nama;Pangkat/Gol.;Jabatan;Instansi;NDH;Catatan\n"
    "19800101 200501 1 001;Budi Santoso, S.E.;Penata (III/c);Kepala Seksi Pelayanan;Dinas Penanaman Modal Kota Medan;1;baru\n"
    "198102022006022002;Sri Wahyuni, S.H.;Penata Tk. I (III/d);Kepala Subbagian Umum;Dinas Pendidikan Kota Binjai;;\n"
    "19790303 200312 1 003;Andi Pratama;Penata (III/c);Kepala Seksi Data;Bappeda Kota Padang;3;\n"
)


# --- enrolment import ------------------------------------------------------------------------


def test_import_participants_with_human_headers_semicolons_and_bom(cli: Cli) -> None:
    path = write(cli.tmp / "peserta.csv", PARTICIPANTS, bom=True)
    done = cli.run("import", "participants", str(path), "--cohort", NEW)
    assert done.code == 0, done
    assert "3 orang baru" in done.out and "3 akun" in done.out
    assert "Catatan" in done.err  # the unknown column is reported (and ignored)
    db = cli.db()
    with db.read() as s:
        rows = s.execute(
            select(
                Enrolment.ndh,
                Person.nip,
                Person.name,
                Account.login,
                Account.one_time_password,
                Account.must_change_password,
            )
            .join(Person, Person.id == Enrolment.person_id)
            .join(Account, Account.person_id == Person.id)
            .join(Cohort, Cohort.id == Enrolment.cohort_id)
            .where(Cohort.code == NEW)
            .order_by(Enrolment.ndh)
        ).all()
    db.dispose()
    assert [(r.ndh, r.nip) for r in rows] == [
        (1, "198001012005011001"),
        (3, "197903032003121003"),
        (4, "198102022006022002"),
    ]  # an empty NDH takes the next free number
    assert all(r.login == r.nip and r.one_time_password and r.must_change_password for r in rows)


def test_reimporting_updates_people_and_never_duplicates_them(cli: Cli) -> None:
    path = write(cli.tmp / "peserta.csv", PARTICIPANTS)
    assert cli.run("import", "participants", str(path), "--cohort", NEW).code == 0
    counts, _ = cli.state()
    changed = PARTICIPANTS.replace("Kepala Seksi Data", "Kepala Seksi Statistik")
    done = cli.run("import", "participants", str(write(path, changed)), "--cohort", NEW)
    assert done.code == 0 and "0 orang baru" in done.out and "1 orang diperbarui" in done.out, done
    after, _ = cli.state()
    assert after["people"] == counts["people"] and after["accounts"] == counts["accounts"]
    assert after["enrolments"] == counts["enrolments"]
    db = cli.db()
    with db.read() as s:
        assert (
            s.scalar(select(Person.jabatan).where(Person.nip == "197903032003121003"))
            == "Kepala Seksi Statistik"
        )
    db.dispose()


def test_an_existing_person_is_enrolled_without_a_second_record_or_account(cli: Cli) -> None:
    db = cli.db()
    with db.read() as s:
        # A 2018 participant (no account in the sample) and the demo participant (with one).
        old_nip, old_name = s.execute(
            select(Person.nip, Person.name)
            .join(Enrolment, Enrolment.person_id == Person.id)
            .join(Cohort, Cohort.id == Enrolment.cohort_id)
            .where(Cohort.code == DONE, Enrolment.ndh == 1)
        ).one()
        demo_nip, demo_name = s.execute(
            select(Person.nip, Person.name)
            .join(Account, Account.person_id == Person.id)
            .where(Account.login == "peserta")
        ).one()
    db.dispose()
    counts, _ = cli.state()
    path = xlsx(
        cli.tmp / "peserta.xlsx",
        [
            ["nip", "nama", "pangkat_golongan", "jabatan", "instansi", "email"],
            [old_nip, old_name, "Pembina (IV/a)", "Kepala Bidang", "Dinas Z", "a@b.id"],
            [demo_nip, demo_name, "Penata (III/c)", "Kepala Seksi", "Dinas Y", ""],
        ],
    )
    done = cli.run("import", "participants", str(path), "--cohort", NEW)
    assert done.code == 0 and "0 orang baru" in done.out, done
    after, _ = cli.state()
    assert after["people"] == counts["people"]
    assert (
        after["accounts"] == counts["accounts"] + 1
    )  # only the one who could not log in yet gets an account
    assert after["enrolments"] == counts["enrolments"] + 2
    db = cli.db()
    with db.read() as s:
        assert (
            s.scalar(
                select(Account.login)
                .join(Person, Person.id == Account.person_id)
                .where(Person.nip == demo_nip)
            )
            == "peserta"
        )
        assert s.scalar(select(Person.email).where(Person.nip == old_nip)) == "a@b.id"
    db.dispose()


BAD_FILES = {
    # name: (file name, content (str, bytes or rows for XLSX), fragments the error must contain)
    "invalid_nip": (
        "p.csv",
        "nip,nama,pangkat_golongan,jabatan,instansi\n19801301 200501 1 001,Ani,x,y,z\n",
        ["baris 2, kolom nip", "Tanggal lahir pada NIP (19801301)"],
    ),
    "bad_sex_digit": (
        "p.csv",
        "nip,nama,pangkat_golongan,jabatan,instansi\n198001012005013001,Ani,x,y,z\n",
        ["baris 2, kolom nip", "3"],
    ),
    "duplicate_nip": (
        "p.csv",
        "nip,nama,pangkat_golongan,jabatan,instansi\n198001012005011001,Ani,x,y,z\n"
        "19800101 200501 1 001,Ana,x,y,z\n",
        ["baris 3, kolom nip", "sudah ada di baris 2"],
    ),
    "duplicate_ndh": (
        "p.csv",
        "nip,nama,pangkat_golongan,jabatan,instansi,ndh\n198001012005011001,Ani,x,y,z,4\n"
        "198102022006022002,Ana,x,y,z,4\n",
        ["baris 3, kolom ndh", "sudah ada di baris 2"],
    ),
    "empty_name": (
        "p.csv",
        "nip,nama,pangkat_golongan,jabatan,instansi\n198001012005011001,  ,x,y,z\n",
        ["baris 2, kolom nama", "wajib diisi"],
    ),
    "long_name": (
        "p.csv",
        "nip,nama,pangkat_golongan,jabatan,instansi\n198001012005011001," + "A" * 201 + ",x,y,z\n",
        ["baris 2, kolom nama", "terlalu panjang"],
    ),
    "too_many_fields": (
        "p.csv",
        "nip,nama,pangkat_golongan,jabatan,instansi\n198001012005011001,Ani,x,y,z,lebih\n",
        ["baris 2", "6 isian", "hanya 5"],
    ),
    "not_tabular_pdf": (
        "p.pdf",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
        ["bukan CSV atau XLSX"],
    ),
    "not_tabular_zip": ("p.xlsx", b"PK\x03\x04" + b"\x00" * 40, ["bukan CSV atau XLSX"]),
    "not_utf8": (
        "p.csv",
        "nip,nama,pangkat_golongan,jabatan,instansi\n198001012005011001,Müller,x,y,z\n".encode(
            "latin-1"
        ),
        ["bukan teks UTF-8"],
    ),
    "empty": ("p.csv", "", ["kosong"]),
    "header_only": ("p.csv", "nip,nama,pangkat_golongan,jabatan,instansi\n", ["tanpa baris data"]),
    "missing_column": (
        "p.csv",
        "nip,nama,jabatan,instansi\n198001012005011001,Ani,y,z\n",
        ["kolom pangkat_golongan", "kolom wajib tidak ada"],
    ),
    "nip_stored_as_number": (
        "p.xlsx",
        [
            ["NIP", "Nama", "Pangkat/Gol.", "Jabatan", "Instansi"],
            [198001012005011001, "Ani", "x", "y", "z"],
        ],
        ["baris 2, kolom NIP", "tersimpan sebagai angka"],
    ),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_bad_participants_file_is_refused_whole_with_every_problem(cli: Cli, kind: str) -> None:
    name, content, fragments = BAD_FILES[kind]
    path = cli.tmp / name
    if isinstance(content, list):
        xlsx(path, content)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        write(path, content)
    before = cli.state()
    done = cli.run("import", "participants", str(path), "--cohort", NEW)
    assert done.code == 1, done
    for fragment in fragments:
        assert fragment in done.err, (fragment, done.err)
    assert "Tidak ada yang ditulis" in done.err
    assert cli.state() == before


def test_every_problem_of_a_file_is_listed_and_good_rows_are_not_written(cli: Cli) -> None:
    text = (
        "nip,nama,pangkat_golongan,jabatan,instansi,ndh\n"
        "198001012005011001,Baik,x,y,z,1\n"
        "19800101200501100,Pendek,x,y,z,2\n"
        "198001012005011001,Kembar,x,y,z,3\n"
        "198303032008031003,,x,y,z,4\n"
    )
    before = cli.state()
    done = cli.run("import", "participants", str(write(cli.tmp / "p.csv", text)), "--cohort", NEW)
    assert done.code == 1
    assert "4 masalah" not in done.err and "3 masalah" in done.err, done.err
    for line in ("baris 3, kolom nip", "baris 4, kolom nip", "baris 5, kolom nama"):
        assert line in done.err
    assert cli.state() == before


def test_an_ndh_held_by_someone_else_in_the_cohort_is_refused(cli: Cli) -> None:
    assert (
        cli.run(
            "import", "participants", str(write(cli.tmp / "a.csv", PARTICIPANTS)), "--cohort", NEW
        ).code
        == 0
    )
    before = cli.state()
    text = "nip,nama,pangkat_golongan,jabatan,instansi,ndh\n198303032008031003,Baru,x,y,z,1\n"
    done = cli.run("import", "participants", str(write(cli.tmp / "b.csv", text)), "--cohort", NEW)
    assert done.code == 1 and "NDH 1 sudah dipakai Budi Santoso" in done.err, done.err
    assert cli.state() == before


def test_an_unknown_cohort_is_refused_before_the_file_is_read(cli: Cli) -> None:
    before = cli.state()
    done = cli.run(
        "import",
        "participants",
        str(write(cli.tmp / "p.csv", PARTICIPANTS)),
        "--cohort",
        "TIDAK-ADA",
    )
    assert done.code == 1 and "TIDAK-ADA" in done.err and "tidak ditemukan" in done.err
    assert cli.state() == before


def test_a_missing_file_is_one_line_and_exit_1(cli: Cli) -> None:
    done = cli.run("import", "participants", str(cli.tmp / "tidak-ada.csv"), "--cohort", NEW)
    assert done.code == 1 and "tidak dapat dibaca" in done.err


def test_dry_run_reports_and_writes_nothing(cli: Cli) -> None:
    before = cli.state()
    done = cli.run(
        "import",
        "participants",
        str(write(cli.tmp / "p.csv", PARTICIPANTS)),
        "--cohort",
        NEW,
        "--dry-run",
    )
    assert done.code == 0 and "Uji coba" in done.out and "3 orang baru" in done.out
    assert cli.state() == before


def test_the_command_line_and_the_import_tab_share_one_importer_registry() -> None:
    from diklat.cli.root import build
    from diklat.services.importers import IMPORTERS
    from diklat.tui.screens.coordinator import import_tab

    assert set(build().commands["import"].commands) == set(IMPORTERS)
    assert import_tab.KINDS == tuple(IMPORTERS)
    assert import_tab.IMPORTERS is IMPORTERS


@pytest.mark.parametrize(
    ("kind", "text", "said"),
    [
        ("assignments", "NIP,Coach\n19800101 200501 1 001,196511191994011001\n", "Uji coba"),
        ("attendance", "ndh,jumlah_sesi,hadir\n1,20,17\n", "Uji coba"),
    ],
)
def test_every_kind_dry_runs_through_its_plan_and_writes_nothing(
    cli: Cli, kind: str, text: str, said: str
) -> None:
    assert (
        cli.run(
            "import", "participants", str(write(cli.tmp / "p.csv", PARTICIPANTS)), "--cohort", NEW
        ).code
        == 0
    )
    before = cli.state()
    done = cli.run(
        "import", kind, str(write(cli.tmp / "k.csv", text)), "--cohort", NEW, "--dry-run"
    )
    assert done.code == 0 and said in done.out, done
    assert cli.state() == before


# --- assignments and attendance --------------------------------------------------------------


def test_import_assignments_sets_coach_mentor_examiners_and_staff(cli: Cli) -> None:
    assert (
        cli.run(
            "import", "participants", str(write(cli.tmp / "p.csv", PARTICIPANTS)), "--cohort", NEW
        ).code
        == 0
    )
    text = (
        "NIP,Coach,Mentor,Penguji\n"
        "19800101 200501 1 001,196511191994011001,197008301997122001,penguji|197812292004041001\n"
        "198102022006022002,196511191994011001,,penguji\n"
    )
    done = cli.run("import", "assignments", str(write(cli.tmp / "t.csv", text)), "--cohort", NEW)
    assert done.code == 0 and "2 peserta" in done.out, done
    db = cli.db()
    with db.read() as s:
        from diklat.db.models import CohortStaff, EnrolmentExaminer

        cohort_id = s.scalar(select(Cohort.id).where(Cohort.code == NEW))
        first = s.scalar(
            select(Enrolment).where(Enrolment.cohort_id == cohort_id, Enrolment.ndh == 1)
        )
        assert first.coach_id and first.mentor_id
        assert (
            len(
                list(
                    s.scalars(
                        select(EnrolmentExaminer).where(EnrolmentExaminer.enrolment_id == first.id)
                    )
                )
            )
            == 2
        )
        roles = {
            r for r in s.scalars(select(CohortStaff.role).where(CohortStaff.cohort_id == cohort_id))
        }
        assert {"coach", "mentor", "examiner"} <= roles
    db.dispose()
    before = cli.state()
    bad = "NIP,Coach\n19800101 200501 1 001,tidak.ada\n199001012015011001,penguji\n"
    done = cli.run("import", "assignments", str(write(cli.tmp / "u.csv", bad)), "--cohort", NEW)
    assert (
        done.code == 1 and "baris 2, kolom coach" in done.err and "baris 3, kolom nip" in done.err
    ), done.err
    assert cli.state() == before


def test_import_attendance_recap_changes_the_result(cli: Cli) -> None:
    assert (
        cli.run(
            "import", "participants", str(write(cli.tmp / "p.csv", PARTICIPANTS)), "--cohort", NEW
        ).code
        == 0
    )
    text = "ndh,jumlah_sesi,hadir\n1,20,17\n3,20,20\n"
    done = cli.run("import", "attendance", str(write(cli.tmp / "h.csv", text)), "--cohort", NEW)
    assert done.code == 0 and "2 peserta berubah" in done.out, done
    out = cli.run("export", "graduation", "--cohort", NEW, "-o", str(cli.tmp / "g.csv"))
    assert out.code == 0
    rows = list(csv.DictReader(io.StringIO((cli.tmp / "g.csv").read_text(encoding="utf-8"))))
    budi = next(r for r in rows if r["ndh"] == "1")
    assert "Kehadiran 85.00% di bawah batas minimal 90%." in budi["keterangan"]
    before = cli.state()
    bad = "ndh,jumlah_sesi,hadir\n1,20,21\n2,x,1\n"
    done = cli.run("import", "attendance", str(write(cli.tmp / "i.csv", bad)), "--cohort", NEW)
    assert done.code == 1 and "baris 2" in done.err and "baris 3, kolom jumlah_sesi" in done.err, (
        done.err
    )
    assert cli.state() == before


# --- the marking worksheet round trip ------------------------------------------------------------


def _fill(path: Path, filled: dict[int, dict[str, object]]) -> None:
    """Fill lines of an exported worksheet (by line index, 0 = first data line)."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    head = [c.value for c in ws[1]]
    for index, values in filled.items():
        for key, value in values.items():
            ws.cell(row=index + 2, column=head.index(key) + 1, value=value)
    wb.save(path)


def test_worksheet_round_trip_direct_and_rubric_marks(cli: Cli) -> None:
    path = cli.tmp / "ws.xlsx"
    done = cli.run(
        "export", "worksheet", "--cohort", RUNNING, "--component", "rancangan", "-o", str(path)
    )
    assert done.code == 0, done
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    head = list(rows[0])
    assert head[:10] == [
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
    ]
    assert [h for h in head if h.startswith("kriteria:")] == [
        "kriteria:diagnosis",
        "kriteria:gagasan",
        "kriteria:milestone",
        "kriteria:stakeholder",
        "kriteria:penyajian",
    ]
    assert ws.freeze_panes == "A2" and wb.sheetnames == ["rancangan", "Petunjuk"]
    # The level ranges with the Indonesian decimal comma, like every Indonesian document.
    how = " ".join(str(v) for r in wb["Petunjuk"].iter_rows(values_only=True) for v in r if v)
    assert "Sangat baik 90,01–100,00" in how and "90.01" not in how
    empty = [i for i, r in enumerate(rows[1:]) if r[head.index("nilai")] is None]
    assert len(empty) >= 2
    direct, rubric = empty[0], empty[1]
    before_marks = cli.state()[0]["marks"]
    db = cli.db()
    with db.read() as s:
        old_ids = set(s.scalars(select(Mark.id)))
        old_audit = set(s.scalars(select(AuditEntry.id)))
    db.dispose()
    _fill(
        path,
        {
            direct: {"nilai": "85,5"},
            rubric: {
                "kriteria:diagnosis": 80,
                "kriteria:gagasan": 85,
                "kriteria:milestone": 90,
                "kriteria:stakeholder": 75,
                "kriteria:penyajian": 88.5,
            },
        },
    )
    done = cli.run("import", "marks", str(path), "--cohort", RUNNING, "--as", "penyelenggara")
    assert done.code == 0 and "2 nilai disimpan" in done.out, done
    assert cli.state()[0]["marks"] == before_marks + 2
    db = cli.db()
    with db.read() as s:
        coordinator = s.scalar(select(Account.person_id).where(Account.login == "penyelenggara"))
        new = list(s.scalars(select(Mark).where(Mark.id.not_in(old_ids))))
        assert all(m.recorded_by == coordinator and m.component == "rancangan" for m in new)
        scores = sorted(Decimal(m.score) for m in new)
        # 0.2*80 + 0.2*85 + 0.2*90 + 0.15*75 + 0.25*88.5 = 84.375 -> 84.38
        assert scores == [Decimal("84.38"), Decimal("85.50")]
        assert {m.rubric_code for m in new} == {None, "rancangan-default"}
        assert all(
            m.marker_id != coordinator for m in new
        )  # given by the assigned marker, entered by the coordinator
        audit = list(
            s.scalars(
                select(AuditEntry).where(
                    AuditEntry.action == "mark_saved", AuditEntry.id.not_in(old_audit)
                )
            )
        )
        assert all(a.actor_id == coordinator for a in audit)
        assert len(audit) == 2 and all(a.on_behalf_of for a in audit)
    db.dispose()
    # The same file again changes nothing; the lines now carry no version, so they are refused.
    again = cli.run("import", "marks", str(path), "--cohort", RUNNING, "--as", "penyelenggara")
    assert again.code == 1 and "ekspor lembar baru" in again.err
    # A fresh export carries the versions; importing it unchanged saves nothing.
    fresh = cli.tmp / "ws2.csv"
    assert (
        cli.run(
            "export", "worksheet", "--cohort", RUNNING, "--component", "rancangan", "-o", str(fresh)
        ).code
        == 0
    )
    state = cli.state()
    done = cli.run("import", "marks", str(fresh), "--cohort", RUNNING, "--as", "penyelenggara")
    assert done.code == 0 and "0 nilai disimpan" in done.out, done
    assert cli.state()[0] == {**state[0], "audit_log": state[0]["audit_log"] + 1}


def test_a_bad_worksheet_is_refused_whole(cli: Cli) -> None:
    path = cli.tmp / "ws.csv"
    assert (
        cli.run(
            "export", "worksheet", "--cohort", RUNNING, "--component", "laporan", "-o", str(path)
        ).code
        == 0
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    rows = list(csv.reader(lines[1:]))
    empty = [i for i, r in enumerate(rows) if not r[head.index("nilai")]]
    rows[empty[0]][head.index("nilai")] = "101"
    rows[empty[1]][head.index("nilai")] = "80"
    rows[empty[2]][head.index("nilai")] = "77.777"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([head, *rows])
    path.write_text(out.getvalue(), encoding="utf-8")
    before = cli.state()
    done = cli.run("import", "marks", str(path), "--cohort", RUNNING, "--as", "penyelenggara")
    assert done.code == 1, done
    assert (
        f"baris {empty[0] + 2}, kolom nilai" in done.err
        and f"baris {empty[2] + 2}, kolom nilai" in done.err
    )
    assert "2 masalah" in done.err
    assert cli.state() == before


def test_marks_cannot_be_imported_into_a_released_cohort_or_by_a_non_coordinator(cli: Cli) -> None:
    path = cli.tmp / "ws.csv"
    assert (
        cli.run(
            "export", "worksheet", "--cohort", DONE, "--component", "sikap", "-o", str(path)
        ).code
        == 0
    )
    before = cli.state()
    done = cli.run("import", "marks", str(path), "--cohort", DONE, "--as", "penyelenggara")
    assert done.code == 1 and ("dirilis" in done.err or "dikunci" in done.err)
    done = cli.run("import", "marks", str(path), "--cohort", RUNNING, "--as", "coach")
    assert done.code == 1 and "penyelenggara" in done.err.lower()
    assert cli.state() == before


# --- exports ------------------------------------------------------------------------------------------


def test_graduation_list_csv_is_exactly_section_8(cli: Cli) -> None:
    path = cli.tmp / "lulus.csv"
    done = cli.run("export", "graduation", "--cohort", DONE, "--format", "csv", "-o", str(path))
    assert done.code == 0 and "38 baris" in done.out, done
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
    assert rows[0] == GRAD_COLUMNS and len(rows) == 39
    body = [dict(zip(GRAD_COLUMNS, r)) for r in rows[1:]]
    assert [r["no"] for r in body] == [str(i) for i in range(1, 39)]
    graduates = [r for r in body if r["status"] == "LULUS"]
    others = [r for r in body if r["status"] == "TIDAK LULUS"]
    assert body == graduates + others and len(graduates) == 35
    ranks = [int(r["peringkat"]) for r in graduates]
    assert ranks == sorted(ranks) and ranks[0] == 1
    assert all(r["peringkat"] == "" for r in others)
    assert [int(r["ndh"]) for r in others] == sorted(int(r["ndh"]) for r in others)
    for r in body:
        assert r["nilai_akhir"] == "" or (
            len(r["nilai_akhir"].split(".")[1]) == 2 and "," not in r["nilai_akhir"]
        )
        assert len(r["nip"]) == 18 and r["nip"].isdigit()
    best = [r for r in graduates if r["keterangan"] == "Peserta Terbaik"]
    assert len(best) == 3 and all(int(r["peringkat"]) <= 3 for r in best)
    assert all(r["keterangan"] for r in others)
    withdrawn = next(r for r in others if "Mengundurkan diri." in r["keterangan"])
    assert withdrawn["nilai_akhir"] == "" and withdrawn["kualifikasi"] == ""


def test_graduation_list_xlsx_reads_back(cli: Cli) -> None:
    path = cli.tmp / "lulus.xlsx"
    assert (
        cli.run("export", "graduation", "--cohort", DONE, "--format", "xlsx", "-o", str(path)).code
        == 0
    )
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    values = list(ws.iter_rows(values_only=True))
    assert values[0][0] == "Daftar Kelulusan Peserta"
    assert values[1][0] == f"Nomor: DK/{DONE}/2018"
    assert values[2][0] == "Diklatpim IV Angkatan III Tahun 2018"
    assert values[3][0] == "Periode: 9 Juli 2018 – 14 Desember 2018"
    assert "Lembaga Administrasi Negara" in values[4][0]
    header = 7
    assert list(values[header - 1]) == HUMAN
    assert ws.freeze_panes == f"A{header + 1}"
    first = values[header]
    assert isinstance(first[0], int) and isinstance(first[1], int) and isinstance(first[7], float)
    assert isinstance(first[9], int) and first[9] == 1 and first[10] == "Peserta Terbaik"
    assert ws.cell(row=header + 1, column=8).number_format == "0.00"
    assert isinstance(first[2], str) and len(first[2].replace(" ", "")) == 18
    widths = {k: d.width for k, d in ws.column_dimensions.items()}
    assert widths["D"] > widths["A"] and all(5 <= w <= 60 for w in widths.values())
    data = [r for r in values[header : header + 38]]
    assert len(data) == 38 and data[-1][0] == 38
    tail = [r[0] or r[8] for r in values[header + 38 :] if any(r)]
    # The sample institution's stored signatory signs (docs: the coordinator's guide).
    assert any("Kepala Pusat," in str(v) for v in tail) and any("NIP." in str(v) for v in tail)


def test_graduation_list_pdf_reads_back(cli: Cli) -> None:
    path = cli.tmp / "lulus.pdf"
    done = cli.run(
        "export",
        "graduation",
        "--cohort",
        DONE,
        "-o",
        str(path),
        "--signed-by",
        "Dr. Ahmad Yani, M.Si.",
        "--signer-nip",
        "196801011990031001",
        "--place",
        "Pekanbaru",
        "--date",
        "2018-12-14",
    )
    assert done.code == 0, done
    reader = PdfReader(str(path))
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    assert round(float(page.mediabox.width)) == 842  # A4
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "DAFTAR KELULUSAN PESERTA" in text and "Diklatpim IV Angkatan III Tahun 2018" in text
    assert "Periode: 9 Juli 2018 – 14 Desember 2018" in text
    # The letterhead (the institution's name and lines, its address) and a document number.
    assert "PUSAT PELATIHAN APARATUR WILAYAH SUMATERA" in text and "Banda Aceh 23111" in text
    assert "Nomor: DK/DIKLATPIM-IV-III-2018/2018" in text
    n = len(reader.pages)
    assert f"Halaman 1 dari {n}" in text and f"Halaman {n} dari {n}" in text
    assert (
        "Pekanbaru, 14 Desember 2018" in text
        and "Dr. Ahmad Yani, M.Si." in text
        and "NIP. 19680101 199003 1 001" in text
    )
    for header in ("NDH", "Nilai", "Kualifikasi", "Keterangan"):
        assert header in text
    assert "Peserta Terbaik" in text and "Tidak lulus" in text
    # Indonesian decimals with a comma, in the scores and in the reasons.
    assert re.search(r"\b\d{2},\d{2}\b", text) and not re.search(r"\b\d{2}\.\d{2}\b", text)
    # The signature block stands with the list's last rows, never alone on a page.
    last = reader.pages[-1].extract_text()
    assert "Dr. Ahmad Yani" in last and "NDH" in last


def test_graduation_lists_of_every_cohort_in_one_file(cli: Cli) -> None:
    db = cli.db()
    try:
        with db.read() as s:
            codes = list(s.scalars(select(Cohort.code).order_by(Cohort.start_date, Cohort.code)))
    finally:
        db.dispose()
    assert len(codes) >= 3
    expected, cohort_of_row = [], []
    for code in codes:
        one = cli.tmp / f"{code}.csv"
        assert cli.run("export", "graduation", "--cohort", code, "-o", str(one)).code == 0
        body = list(csv.reader(io.StringIO(one.read_text(encoding="utf-8"))))[1:]
        expected += body
        cohort_of_row += [code] * len(body)
    path = cli.tmp / "semua.csv"
    done = cli.run("export", "graduation", "--all-cohorts", "-o", str(path))
    assert done.code == 0 and f"{len(expected)} baris" in done.out, done
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows[0] == GRAD_COLUMNS and rows[1:] == expected  # section 8, cohort after cohort

    book = cli.tmp / "semua.xlsx"
    assert cli.run("export", "graduation", "--all-cohorts", "-o", str(book)).code == 0
    ws = openpyxl.load_workbook(book).active
    values = list(ws.iter_rows(values_only=True))
    assert list(values[0]) == ["Angkatan", *HUMAN] and ws.freeze_panes == "A2"
    assert len(values) == 1 + len(expected)
    assert [v[0] for v in values[1:]] == cohort_of_row
    done_rows = [v for v in values[1:] if v[0] == DONE]
    assert len(done_rows) == 38 and done_rows[0][1] == 1 and isinstance(done_rows[0][8], float)

    for args in ((), ("--cohort", DONE, "--all-cohorts")):
        refused = cli.run("export", "graduation", *args, "-o", str(cli.tmp / "x.csv"))
        assert refused.code == 2 and "--all-cohorts" in refused.err, refused
    refused = cli.run("export", "graduation", "--all-cohorts", "-o", str(cli.tmp / "x.pdf"))
    assert (
        refused.code == 2 and "CSV atau XLSX" in refused.err and not (cli.tmp / "x.pdf").exists()
    ), refused


def test_recap_has_every_mark_and_marker(cli: Cli) -> None:
    csv_path = cli.tmp / "rekap.csv"
    assert cli.run("export", "recap", "--cohort", DONE, "-o", str(csv_path)).code == 0
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    db = cli.db()
    with db.read() as s:
        cohort_id = s.scalar(select(Cohort.id).where(Cohort.code == DONE))
        marks = len(
            list(
                s.scalars(
                    select(Mark.id)
                    .join(Enrolment, Enrolment.id == Mark.enrolment_id)
                    .where(Enrolment.cohort_id == cohort_id)
                )
            )
        )
    db.dispose()
    assert (
        len(rows) == marks
        and rows[0]["penilai"]
        and rows[0]["peran_penilai"] in {"coach", "coordinator", "examiner", "mentor"}
    )
    assert any(
        r["rubrik"] == "rancangan-default v1" and "diagnosis=" in r["kriteria"] for r in rows
    )
    xlsx_path = cli.tmp / "rekap.xlsx"
    assert (
        cli.run("export", "recap", "--cohort", DONE, "--format", "xlsx", "-o", str(xlsx_path)).code
        == 0
    )
    wb = openpyxl.load_workbook(xlsx_path)
    assert len(wb.sheetnames) == 2
    summary = list(wb.worksheets[1].iter_rows(values_only=True))
    assert sum(1 for r in summary if isinstance(r[0], int)) == 38


def test_slips_print_the_one_time_passwords_of_new_participants(cli: Cli) -> None:
    assert (
        cli.run(
            "import", "participants", str(write(cli.tmp / "p.csv", PARTICIPANTS)), "--cohort", NEW
        ).code
        == 0
    )
    path = cli.tmp / "slip.pdf"
    done = cli.run("export", "slips", "--cohort", NEW, "-o", str(path))
    assert done.code == 0 and "3 baris" in done.out, done
    text = "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)
    db = cli.db()
    with db.read() as s:
        otps = list(
            s.scalars(
                select(Account.one_time_password).where(
                    Account.login.in_(
                        ["198001012005011001", "198102022006022002", "197903032003121003"]
                    )
                )
            )
        )
    db.dispose()
    assert len(otps) == 3 and all(otp in text for otp in otps)
    assert "198001012005011001" in text and "Budi Santoso" in text


def test_spreadsheet_formulas_in_user_text_are_neutralised(cli: Cli) -> None:
    text = (
        "nip,nama,pangkat_golongan,jabatan,instansi\n"
        '198001012005011001,"=HYPERLINK(""http://x"",""klik"")",x,+1,@SUM(A1)\n'
        "198102022006022002,-2+3,x,y,z\n"
    )
    assert (
        cli.run("import", "participants", str(write(cli.tmp / "p.csv", text)), "--cohort", NEW).code
        == 0
    )
    assert cli.run("export", "graduation", "--cohort", NEW, "-o", str(cli.tmp / "g.csv")).code == 0
    rows = list(csv.DictReader(io.StringIO((cli.tmp / "g.csv").read_text(encoding="utf-8"))))
    first = next(r for r in rows if r["nip"] == "198001012005011001")
    assert first["nama"] == '\'=HYPERLINK("http://x","klik")' and first["jabatan"] == "'+1"
    assert first["instansi"] == "'@SUM(A1)"
    assert next(r for r in rows if r["nip"] == "198102022006022002")["nama"] == "'-2+3"
    assert cli.run("export", "graduation", "--cohort", NEW, "-o", str(cli.tmp / "g.xlsx")).code == 0
    ws = openpyxl.load_workbook(cli.tmp / "g.xlsx").active
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(c.data_type == "f" for c in cells)
    assert any(c.value == '\'=HYPERLINK("http://x","klik")' and c.data_type == "s" for c in cells)
    # The names themselves are stored as typed.
    db = cli.db()
    with db.read() as s:
        assert s.scalar(select(Person.name).where(Person.nip == "198102022006022002")) == "-2+3"
    db.dispose()


# --- the cohort's life ----------------------------------------------------------------------------------


def test_release_lock_unlock_and_close_from_the_command_line(cli: Cli) -> None:
    assert (
        cli.run(
            "import", "participants", str(write(cli.tmp / "p.csv", PARTICIPANTS)), "--cohort", NEW
        ).code
        == 0
    )
    done = cli.run("cohort", "release", NEW)
    assert done.code == 0 and "dirilis" in done.out, done
    assert cli.run("cohort", "lock", NEW).code == 0
    before = cli.state()
    done = cli.run(
        "import", "participants", str(write(cli.tmp / "q.csv", PARTICIPANTS)), "--cohort", NEW
    )
    assert done.code == 1 and "dikunci" in done.err
    assert cli.state() == before
    assert cli.run("cohort", "unlock", NEW).code == 2  # --reason is required
    done = cli.run("cohort", "unlock", NEW, "--reason", "Koreksi jabatan peserta")
    assert done.code == 0, done
    done = cli.run("cohort", "close", NEW)
    assert done.code == 0 and "ditutup" in done.out
    db = cli.db()
    with db.read() as s:
        cohort = s.scalar(select(Cohort).where(Cohort.code == NEW))
        assert (
            cohort.status == "closed"
            and cohort.locked_at is not None
            and cohort.results_released_at is not None
        )
        actions = list(
            s.scalars(select(AuditEntry.action).where(AuditEntry.cohort_id == cohort.id))
        )
        assert {"results_released", "cohort_locked", "cohort_unlocked", "cohort_closed"} <= set(
            actions
        )
    db.dispose()


def test_results_command_prints_the_table(cli: Cli) -> None:
    done = cli.run("results", "--cohort", DONE)
    assert done.code == 0, done
    assert "Peserta Terbaik" in done.out and "TIDAK LULUS" in done.out and "93.52" in done.out
    assert "38 peserta; 35 lulus; 3 peserta terbaik." in done.out


def test_english_messages(cli: Cli) -> None:
    done = cli.run(
        "--lang",
        "en",
        "import",
        "participants",
        str(write(cli.tmp / "p.csv", "nip,nama\n1,x\n")),
        "--cohort",
        NEW,
    )
    assert (
        done.code == 1
        and "required column missing" in done.err
        and "Nothing was written" in done.err
    )


def test_every_new_command_has_help(cli: Cli) -> None:
    for args in (
        ("import", "participants"),
        ("import", "assignments"),
        ("import", "marks"),
        ("import", "attendance"),
        ("export", "graduation"),
        ("export", "recap"),
        ("export", "worksheet"),
        ("export", "slips"),
        ("cohort", "release"),
        ("cohort", "lock"),
        ("cohort", "unlock"),
        ("cohort", "close"),
        ("results",),
    ):
        done = cli.run(*args, "--help")
        assert done.code == 0 and ("--cohort" in done.out or "CODE" in done.out), args


def test_the_guides_example_imports(cli: Cli) -> None:
    guide = (REPO / "docs" / "coordinator.md").read_text(encoding="utf-8")
    section = guide[guide.index("## Enrolment file") :]
    example = (
        section[section.index("```csv\n") + 7 : section.index("\n```", section.index("```csv"))]
        + "\n"
    )
    done = cli.run(
        "import", "participants", str(write(cli.tmp / "contoh.csv", example)), "--cohort", NEW
    )
    assert done.code == 0 and "2 orang baru" in done.out, done


def test_editing_a_cohort_its_rules_deadlines_extensions_and_a_participants_status(
    cli: Cli,
) -> None:
    import json

    assert (
        cli.run(
            "import", "participants", str(write(cli.tmp / "p.csv", PARTICIPANTS)), "--cohort", NEW
        ).code
        == 0
    )
    rules_path = cli.tmp / "aturan.json"
    assert cli.run("cohort", "rules", NEW, "-o", str(rules_path)).code == 0
    rules = json.loads(rules_path.read_text(encoding="utf-8"))
    rules["best_quota_pct"] = "20"
    rules_path.write_text(json.dumps(rules), encoding="utf-8")
    done = cli.run("cohort", "edit", NEW, "--angkatan", "II", "--rules", str(rules_path))
    assert done.code == 0 and "versi 2" in done.out, done
    rules["qualification_bands"][0]["min"] = "95.00"  # leaves a gap: refused, nothing changes
    rules_path.write_text(json.dumps(rules), encoding="utf-8")
    before = cli.state()
    done = cli.run("cohort", "edit", NEW, "--rules", str(rules_path))
    assert done.code == 1 and "celah" in done.err, done
    assert cli.state() == before
    assert cli.run("cohort", "deadline", NEW, "diagnosis", "2027-04-01").code == 0
    done = cli.run(
        "cohort",
        "extend",
        NEW,
        "19800101 200501 1 001",
        "diagnosis",
        "2027-04-15",
        "--reason",
        "Sakit",
    )
    assert done.code == 0, done
    assert (
        cli.run("cohort", "extend", NEW, "19800101 200501 1 001", "diagnosis", "2027-04-20").code
        == 1
    )  # no reason
    done = cli.run(
        "cohort", "set-status", NEW, "198001012005011001", "withdrawn", "--reason", "Mutasi jabatan"
    )
    assert done.code == 0, done
    db = cli.db()
    with db.read() as s:
        from diklat.db.models import Deadline, Extension

        cohort = s.scalar(select(Cohort).where(Cohort.code == NEW))
        assert (
            cohort.angkatan == "II"
            and cohort.rules["version"] == 2
            and cohort.rules["best_quota_pct"] == "20"
        )
        assert [
            str(d) for d in s.scalars(select(Deadline.due).where(Deadline.cohort_id == cohort.id))
        ] == ["2027-04-01"]
        ext = s.scalar(
            select(Extension)
            .join(Enrolment, Enrolment.id == Extension.enrolment_id)
            .where(Enrolment.cohort_id == cohort.id)
        )
        assert str(ext.due) == "2027-04-15" and ext.reason == "Sakit"
    db.dispose()
    assert cli.run("export", "graduation", "--cohort", NEW, "-o", str(cli.tmp / "g.csv")).code == 0
    rows = list(csv.DictReader(io.StringIO((cli.tmp / "g.csv").read_text(encoding="utf-8"))))
    assert next(r for r in rows if r["nip"] == "198001012005011001")["keterangan"].startswith(
        "Mengundurkan diri."
    )
