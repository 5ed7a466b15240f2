"""The command line, run through ``diklat.cli.main`` in-process (tests/cli_runner.py)
against a temporary database, checking exit codes, messages and what ended up in the file.

Set-up that is not under test (accounts to change, baselines) is done with the services.
"""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest
from cli_runner import Ran, run_cli
from factories import SYSTEM, count
from sqlalchemy import select

from diklat.db.engine import Database
from diklat.db.migrate import head_revision, upgrade
from diklat.db.models import Account, Cohort, Person, Review, StageRecord
from diklat.domain.roles import Role
from diklat.i18n import catalogue
from diklat.services import auth

REPO = Path(__file__).resolve().parents[1]
NIP_GROUPED = "19800101 200501 1 001"
NIP = NIP_GROUPED.replace(" ", "")
COUNTED = (
    "people",
    "accounts",
    "cohorts",
    "enrolments",
    "submissions",
    "reviews",
    "comments",
    "stage_records",
    "audit_log",
)


class Cli:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.db_path = tmp_path / "cli.db"
        # A private home for anything per-user.
        self.env = {"HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "data")}

    def run(
        self,
        *args: str,
        input: str | None = None,
        env: dict[str, str] | None = None,
        db_flag: bool = False,
    ) -> Ran:
        environ = dict(self.env)
        argv: list[str] = []
        if db_flag:
            argv += ["--db", str(self.db_path)]
        else:
            environ["DIKLAT_DB"] = str(self.db_path)
        environ.update(env or {})
        result = run_cli(*argv, *args, input=input, env=environ, cwd=self.tmp)
        assert "Traceback" not in result.both, result
        return result

    def database(self) -> Database:
        db = Database.open(self.db_path)
        upgrade(db)
        return db

    def counts(self) -> dict[str, int]:
        db = Database.open(self.db_path)
        try:
            return {table: count(db, table) for table in COUNTED}
        finally:
            db.dispose()


@pytest.fixture
def cli(tmp_path) -> Cli:
    return Cli(tmp_path)


def _login(cli: Cli, name: str, password: str):
    db = Database.open(cli.db_path)
    try:
        return auth.login(db, name, password)
    finally:
        db.dispose()


def _add_user(
    cli: Cli,
    ident: str,
    name: str,
    role: Role = Role.PARTICIPANT,
    password: str = "sandi-awal-2026",
) -> None:
    db = cli.database()
    auth.add_user(db, SYSTEM, ident, name=name, role=role, password=password)
    db.dispose()


# --- db upgrade and where the database is ----------------------------------------------


def test_db_upgrade_creates_a_private_file_and_says_what_it_did(cli: Cli) -> None:
    done = cli.run("db", "upgrade")
    assert done.code == 0, done
    assert str(cli.db_path) in done.out
    assert head_revision() in done.out
    assert "dimutakhirkan" in done.out
    assert stat.S_IMODE(cli.db_path.stat().st_mode) == 0o600

    again = cli.run("db", "upgrade")
    assert again.code == 0
    assert "sudah pada revisi terbaru" in again.out


def test_db_option_before_the_command_wins_over_the_environment(cli: Cli) -> None:
    elsewhere = cli.tmp / "lain.db"
    done = cli.run("db", "upgrade", db_flag=True, env={"DIKLAT_DB": str(elsewhere)})
    assert done.code == 0, done
    assert cli.db_path.exists()
    assert not elsewhere.exists()


# --- user add / passwd / list ---------------------------------------------------------


def test_user_add_with_a_grouped_nip_stores_18_digits_and_prints_a_one_time_password(
    cli: Cli,
) -> None:
    done = cli.run(
        "user", "add", NIP_GROUPED, "--name", "Budi Santoso, S.E.", "--role", "participant"
    )
    assert done.code == 0, done
    assert NIP in done.out and "Budi Santoso, S.E." in done.out
    match = re.search(r"Kata sandi sekali pakai: (\S+)", done.out)
    assert match, done.out
    db = Database.open(cli.db_path)
    with db.read() as s:
        (nip, login, must_change) = s.execute(
            select(Person.nip, Account.login, Account.must_change_password).join(
                Account, Account.person_id == Person.id
            )
        ).one()
    db.dispose()
    assert (nip, login, must_change) == (NIP, NIP, True)
    assert _login(cli, NIP_GROUPED, match.group(1)).must_change_password is True


def test_user_add_with_password_stdin(cli: Cli) -> None:
    done = cli.run(
        "user",
        "add",
        "coach.satu",
        "--name",
        "Coach Satu",
        "--role",
        "coach",
        "--password-stdin",
        input="sandi-coach-2026\n",
    )
    assert done.code == 0, done
    assert "sekali pakai" not in done.out
    actor = _login(cli, "coach.satu", "sandi-coach-2026")
    assert (actor.role, actor.must_change_password) == (Role.COACH, False)


@pytest.mark.parametrize(
    ("nip", "reason"),
    [
        ("19800231 200501 1 001", "Tanggal lahir pada NIP (19800231) bukan tanggal yang valid."),
        ("19800101 200513 1 001", "Bulan TMT CPNS pada NIP harus 01 sampai 12, bukan 13."),
        ("19800101 200501 3 001", "Digit jenis kelamin NIP harus 1 atau 2, bukan 3."),
        ("19800101 197501 1 001", "TMT CPNS pada NIP harus sesudah bulan lahir."),
    ],
    ids=["31-february", "month-13", "sex-digit-3", "appointed-before-birth"],
)
def test_user_add_refuses_an_invalid_nip_with_the_reason(cli: Cli, nip: str, reason: str) -> None:
    done = cli.run("user", "add", nip, "--name", "Salah", "--role", "participant")
    assert done.code == 1, done
    assert reason in done.err
    assert done.err.startswith("Galat: ")
    assert cli.counts()["people"] == 0
    assert cli.counts()["accounts"] == 0


def test_user_add_refuses_a_duplicate(cli: Cli) -> None:
    _add_user(cli, NIP, "Budi")
    done = cli.run("user", "add", NIP_GROUPED, "--name", "Budi Lagi", "--role", "participant")
    assert done.code == 1, done
    assert f"Akun '{NIP}' sudah ada." in done.err
    assert cli.counts()["accounts"] == 1


def test_user_passwd_reads_the_new_password_from_stdin(cli: Cli) -> None:
    _add_user(cli, NIP, "Budi")
    done = cli.run("user", "passwd", NIP_GROUPED, "--password-stdin", input="sandi-baru-2026\n")
    assert done.code == 0, done
    assert "telah diganti" in done.out
    assert _login(cli, NIP, "sandi-baru-2026").person_id is not None


def test_user_passwd_for_an_unknown_account(cli: Cli) -> None:
    done = cli.run("user", "passwd", "tidak.ada", "--password-stdin", input="sandi-baru-2026\n")
    assert done.code == 1
    assert "tidak ditemukan" in done.err


def test_user_passwd_refuses_a_short_password(cli: Cli) -> None:
    _add_user(cli, NIP, "Budi")
    done = cli.run("user", "passwd", NIP, "--password-stdin", input="pendek\n")
    assert done.code == 1
    assert "minimal 8 karakter" in done.err
    assert _login(cli, NIP, "sandi-awal-2026").person_id is not None


def test_user_list_and_search(cli: Cli) -> None:
    _add_user(cli, NIP, "Budi Santoso")
    _add_user(cli, "koordinator", "Sari Koordinator", Role.COORDINATOR)
    done = cli.run("user", "list")
    assert done.code == 0, done
    assert "Pengguna (2)" in done.out
    assert (
        "Budi Santoso" in done.out
        and "Sari Koordinator" in done.out
        and "Penyelenggara" in done.out
    )
    found = cli.run("user", "list", "--search", "sari")
    assert "Pengguna (1)" in found.out and "Budi" not in found.out


# --- cohorts --------------------------------------------------------------------------


def test_cohort_create_list_and_show(cli: Cli) -> None:
    done = cli.run(
        "cohort",
        "create",
        "--code",
        "PKP-II-2026",
        "--name",
        "PKP Angkatan II Tahun 2026",
        "--start",
        "2026-03-02",
        "--end",
        "2026-07-31",
        "--angkatan",
        "II",
    )
    assert done.code == 0, done
    assert "Angkatan PKP-II-2026 dibuat" in done.out
    assert cli.counts()["cohorts"] == 1

    listed = cli.run("cohort", "list")
    assert listed.code == 0
    assert "Angkatan (1)" in listed.out and "PKP-II-2026" in listed.out and "Berjalan" in listed.out

    shown = cli.run("cohort", "show", "PKP-II-2026")
    assert shown.code == 0, shown
    assert "PKP-II-2026 — PKP Angkatan II Tahun 2026" in shown.out
    assert "Angkatan: II" in shown.out
    assert "2026-03-02 – 2026-07-31" in shown.out
    assert "Kemajuan per tahapan" in shown.out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--start", "2026-07-31", "--end", "2026-03-02"], 1, "sebelum tanggal mulai"),
        (["--start", "2026-02-30", "--end", "2026-03-02"], 2, "TTTT-BB-HH"),
        (["--start", "kemarin", "--end", "2026-03-02"], 2, "TTTT-BB-HH"),
    ],
    ids=["end-before-start", "31-feb-like", "not-a-date"],
)
def test_cohort_create_refuses_bad_dates(cli: Cli, args, code, message) -> None:
    done = cli.run("cohort", "create", "--code", "X-1", "--name", "X", *args)
    assert done.code == code, done
    assert message in done.err
    assert not cli.db_path.exists() or cli.counts()["cohorts"] == 0


def test_cohort_create_refuses_a_duplicate_code(cli: Cli) -> None:
    args = [
        "cohort",
        "create",
        "--code",
        "X-1",
        "--name",
        "X",
        "--start",
        "2026-03-02",
        "--end",
        "2026-07-31",
    ]
    assert cli.run(*args).code == 0
    done = cli.run(*args)
    assert done.code == 1
    assert "Angkatan dengan kode 'X-1' sudah ada." in done.err
    assert cli.counts()["cohorts"] == 1


def test_cohort_staff_gives_a_cohort_its_coordinator(cli: Cli) -> None:
    assert (
        cli.run(
            "user",
            "add",
            "19701218 199603 2 001",
            "--name",
            "Budi Santoso",
            "--role",
            "coordinator",
        ).code
        == 0
    )
    assert (
        cli.run(
            "cohort",
            "create",
            "--code",
            "X-1",
            "--name",
            "X",
            "--start",
            "2026-03-02",
            "--end",
            "2026-07-31",
        ).code
        == 0
    )
    done = cli.run("cohort", "staff", "X-1", "19701218 199603 2 001")
    assert done.code == 0, done
    assert "Budi Santoso kini Penyelenggara di angkatan X-1." in done.out
    assert "Penyelenggara: Budi Santoso" in cli.run("cohort", "show", "X-1").out
    unknown = cli.run("cohort", "staff", "X-1", "tidak-ada")
    assert unknown.code == 1
    assert "Akun 'tidak-ada' tidak ditemukan." in unknown.err


def test_cohort_show_unknown(cli: Cli) -> None:
    assert cli.run("db", "upgrade").code == 0  # a read-only command never creates the database
    done = cli.run("cohort", "show", "TIDAK-ADA")
    assert done.code == 1
    assert done.err.strip() == "Galat: Angkatan 'TIDAK-ADA' tidak ditemukan."


# --- usage errors and language --------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["cohort", "create", "--code", "X-1"],
        ["user", "add", NIP, "--name", "Budi", "--role", "penyihir"],
        ["cohort", "show"],
        ["--lang", "fr", "cohort", "list"],
    ],
    ids=["unknown-command", "missing-options", "bad-role", "missing-argument", "unknown-language"],
)
def test_usage_errors_exit_2(cli: Cli, args) -> None:
    done = cli.run(*args)
    assert done.code == 2, done
    assert "Perintah tidak sesuai" in done.err


@pytest.mark.parametrize("how", ["flag", "env"])
def test_english_by_flag_or_environment(cli: Cli, how: str) -> None:
    assert cli.run("db", "upgrade").code == 0  # a read-only command never creates the database
    if how == "flag":
        done = cli.run("--lang", "en", "cohort", "show", "NOPE")
    else:
        done = cli.run("cohort", "show", "NOPE", env={"DIKLAT_LANG": "en"})
    assert done.code == 1
    assert done.err.strip() == "Error: Cohort 'NOPE' not found."


def test_help_is_in_the_chosen_language(cli: Cli) -> None:
    english = cli.run("--lang", "en", "--help")
    assert english.code == 0
    assert catalogue("en")["cli.help.user"] in english.out
    indonesian = cli.run("--help")
    assert catalogue("id")["cli.help.user"] in indonesian.out
    assert catalogue("en")["cli.help.user"] not in indonesian.out


# --- seed -----------------------------------------------------------------------------

SEED_PASSWORD = "sandi-uji-2026"


def _valid_seed() -> dict:
    return {
        "format": "diklat-seed/1",
        "institutions": [{"code": "PUSDIKLAT-UJI", "name": "Pusdiklat Uji", "city": "Bogor"}],
        "people": [
            {
                "login": "penyelenggara.uji",
                "name": "Penyelenggara Uji",
                "account": {"role": "coordinator", "password": SEED_PASSWORD},
            },
            {
                "nip": "19700505 199505 1 001",
                "name": "Coach Uji",
                "account": {"role": "coach", "password": SEED_PASSWORD},
            },
            {
                "nip": "19800101 200501 1 001",
                "name": "Peserta Satu",
                "account": {"role": "participant", "password": SEED_PASSWORD},
            },
            {"nip": "19810202 200602 2 002", "name": "Peserta Dua"},
        ],
        "cohorts": [
            {
                "code": "UJI-1",
                "name": "Diklatpim IV Angkatan Uji",
                "start": "2026-03-02",
                "end": "2026-07-31",
                "institution": "PUSDIKLAT-UJI",
                "coordinators": ["penyelenggara.uji"],
                "enrolments": [
                    {
                        "ndh": 1,
                        "person": "198001012005011001",
                        "coach": "19700505 199505 1 001",
                        "stages": {
                            "self_assessment": {
                                "versions": [
                                    {
                                        "content": {"strengths": "Teliti"},
                                        "submitted_at": "2026-03-10T09:00:00",
                                        "review": {
                                            "by": "197005051995051001",
                                            "decision": "revision_requested",
                                            "at": "2026-03-11T10:00:00",
                                            "comments": [
                                                {"section": "strengths", "text": "Beri contoh."}
                                            ],
                                        },
                                    }
                                ]
                            }
                        },
                    },
                    {"ndh": 2, "person": "19810202 200602 2 002", "coach": "197005051995051001"},
                ],
            }
        ],
    }


def _write_seed(directory: Path, data: dict, name: str = "angkatan.json") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return directory


def test_seed_loads_a_valid_directory_and_skips_it_the_second_time(cli: Cli) -> None:
    seed_dir = _write_seed(cli.tmp / "seed", _valid_seed())
    done = cli.run("seed", str(seed_dir))
    assert done.code == 0, done
    assert (
        "Data dimuat: 1 angkatan, 2 peserta terdaftar, 4 orang baru, 3 akun, 1 versi tahapan, 0 nilai, "
        "0 lampiran." in done.out
    )
    counts = cli.counts()
    assert {
        k: counts[k]
        for k in (
            "people",
            "accounts",
            "cohorts",
            "enrolments",
            "submissions",
            "reviews",
            "comments",
        )
    } == {
        "people": 4,
        "accounts": 3,
        "cohorts": 1,
        "enrolments": 2,
        "submissions": 1,
        "reviews": 1,
        "comments": 1,
    }
    db = Database.open(cli.db_path)
    with db.read() as s:
        assert s.scalar(select(StageRecord.state)) == "revision_requested"
        assert s.scalar(select(Review.decision)) == "revision_requested"
        assert s.scalar(select(Cohort.code)) == "UJI-1"
    db.dispose()
    assert _login(cli, "penyelenggara.uji", SEED_PASSWORD).role is Role.COORDINATOR

    again = cli.run("seed", str(seed_dir))
    assert again.code == 0, again
    assert "Angkatan UJI-1 sudah ada; dilewati." in again.out
    assert cli.counts()["cohorts"] == 1 and cli.counts()["enrolments"] == 2


def _baseline(cli: Cli) -> dict[str, int]:
    _add_user(cli, "admin", "Admin", Role.ADMIN)
    return cli.counts()


def test_seed_with_an_unknown_person_writes_nothing_and_names_the_record(cli: Cli) -> None:
    before = _baseline(cli)
    data = _valid_seed()
    data["cohorts"][0]["enrolments"][1]["coach"] = "coach.tidak.ada"
    done = cli.run("seed", str(_write_seed(cli.tmp / "seed", data)))
    assert done.code == 1, done
    assert "tidak ada yang ditulis" in done.err
    assert (
        "angkatan.json: cohorts (UJI-1) › enrolments (ndh 2) › coach: orang 'coach.tidak.ada' tidak dikenal"
        in done.err
    )
    assert cli.counts() == before


def test_seed_with_a_bad_nip_writes_nothing_and_names_the_record(cli: Cli) -> None:
    before = _baseline(cli)
    data = _valid_seed()
    data["people"][3]["nip"] = "19810231 200602 2 002"
    seed_dir = _write_seed(cli.tmp / "seed", data)
    _write_seed(
        seed_dir,
        {"format": "diklat-seed/1", "people": [{"login": "baik", "name": "Baik"}]},
        "lain.json",
    )
    done = cli.run("seed", str(seed_dir))
    assert done.code == 1, done
    assert "angkatan.json: people[4] (nip 19810231 200602 2 002) › nip:" in done.err
    assert "Tanggal lahir pada NIP (19810231) bukan tanggal yang valid." in done.err
    assert "lain.json" not in done.err  # the good file has no problem, and is not written either
    assert cli.counts() == before


def test_seed_of_a_missing_directory(cli: Cli) -> None:
    done = cli.run("seed", str(cli.tmp / "tidak-ada"))
    assert done.code == 1
    assert "bukan direktori" in done.err


# --- demo -----------------------------------------------------------------------------


def test_demo_reset_no_app_seeds_from_sample_data(cli: Cli) -> None:
    if not any((REPO / "sample_data").glob("*.json")):
        pytest.skip("sample_data/ has no JSON seed files yet (they are being written separately)")
    demo_db = cli.tmp / "demo.db"
    done = cli.run("demo", "--reset", "--no-app", "--db", str(demo_db))
    assert done.code == 0, done
    assert str(demo_db) in done.out
    db = Database.open(demo_db)
    try:
        assert count(db, "cohorts") >= 1
        assert count(db, "enrolments") >= 1
        with db.read() as s:
            logins = set(s.scalars(select(Account.login)))
    finally:
        db.dispose()
    from diklat.services.demo import DEMO_LOGINS

    assert set(DEMO_LOGINS) <= logins
    assert not (cli.tmp / "demo.db.new").exists()


def test_demo_takes_the_database_before_or_after_its_name(cli: Cli) -> None:
    done = cli.run("--lang", "en", "demo", "--help")
    assert done.code == 0
    assert "--db PATH" in done.out and "--reset" in done.out and "--no-app" in done.out
