"""The command line and the files it touches: log-in slips are audited only once they
are written (owner-only); another application's database and a mistyped path are
refused without a trace left; the disk's and SQLite's refusals are one catalogue line."""

from __future__ import annotations

import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest
from cli_runner import run_cli
from factories import World, enrol
from sqlalchemy import select

from diklat.db.models import AuditEntry
from diklat.domain.roles import Role
from diklat.services import auth

A = "ANGK-A"


def _slips_audited(world: World) -> int:
    with world.db.read() as s:
        return len(
            list(s.scalars(select(AuditEntry.id).where(AuditEntry.action == "slips_exported")))
        )


def _run(world: World, *args: str):
    return run_cli("--db", str(world.path), *args, env={"DIKLAT_LANG": "en"})


def test_slips_are_audited_once_written_and_only_then(world: World, tmp_path: Path) -> None:
    info, _ = auth.add_user(
        world.db, world.actor("ADMIN"), "19850505 201001 2 001", name="Baru", role=Role.PARTICIPANT
    )
    enrol(world.db, world.cohort_ids["A"], info.person_id, 9)
    missing = tmp_path / "tidak-ada" / "slip.pdf"
    done = _run(world, "export", "slips", "--cohort", A, "-o", str(missing))
    assert done.code == 1
    assert (
        done.err.strip()
        == f"Error: The folder {missing.parent} does not exist; nothing was written."
    )
    assert _slips_audited(world) == 0

    path = tmp_path / "slip.pdf"
    done = _run(world, "export", "slips", "--cohort", A, "-o", str(path))
    assert done.code == 0, done
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert _slips_audited(world) == 1


def test_another_applications_database_is_refused_by_every_command(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other)) as con:
        con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        con.commit()
    before = other.read_bytes()
    for args in (("cohort", "list"), ("db", "upgrade"), ("user", "list")):
        done = run_cli("--db", str(other), *args, env={"DIKLAT_LANG": "en"})
        assert done.code == 1, (args, done)
        assert done.err.strip() == (
            f"Error: {other} is another application's SQLite database (it has tables but no "
            "diklat revision); diklat leaves it alone. Choose another file with --db."
        )
    assert other.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["other.db"]


@pytest.mark.parametrize(
    "args",
    [
        ("cohort", "list"),
        ("cohort", "show", A),
        ("user", "list"),
        ("export", "graduation", "--cohort", A, "-o", "x.csv"),
        ("results", "--cohort", A),
        ("audit",),
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_a_mistyped_path_for_a_reading_command_creates_nothing(tmp_path: Path, args) -> None:
    typo = tmp_path / "dikalt" / "diklat.db"
    done = run_cli("--db", str(typo), *args, env={"DIKLAT_LANG": "en"}, cwd=tmp_path)
    assert done.code == 1, done
    assert done.err.startswith(f"Error: There is no database at {typo}.")
    assert not typo.parent.exists()


@pytest.mark.sqlite_only  # a damaged file: the SQLite file is the point
def test_a_damaged_database_is_named_in_words(tmp_path: Path, world: World) -> None:
    broken = tmp_path / "rusak.db"
    data = bytearray(world.path.read_bytes())
    data[100:8192] = b"\xa5" * (8192 - 100)  # the schema pages, scrambled
    broken.write_bytes(bytes(data))
    done = run_cli("--db", str(broken), "cohort", "list", env={"DIKLAT_LANG": "en"})
    assert done.code == 1
    assert done.err.strip() in (
        f"Error: The database {broken} is damaged. Restore it from a backup (diklat restore).",
        f"Error: {broken} is not a SQLite database file; nothing was changed.",
    )


def test_an_unexpected_sqlite_refusal_is_one_catalogue_line(capsys) -> None:
    from diklat.cli.common import exit_codes
    from diklat.i18n import set_language

    set_language("en")
    try:
        with pytest.raises(SystemExit) as ended, exit_codes():
            raise sqlite3.OperationalError("database or disk is full")
    finally:
        set_language(None)
    assert ended.value.code == 1
    err = capsys.readouterr().err
    assert err.strip().startswith("Error: The disk is full: the database cannot be written.")
    assert "OperationalError" not in err


@pytest.mark.parametrize(
    "args",
    [("cohort", "rules", A, "-o"), ("rubric", "export", "rancangan-default")],
    ids=["rules", "rubric"],
)
def test_json_exports_are_private_too(world: World, tmp_path: Path, args) -> None:
    folder = tmp_path / "ekspor"
    folder.mkdir()
    path = folder / "keluar.json"
    done = _run(world, *args, str(path))
    assert done.code == 0, done
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == ["keluar.json"]
