"""``diklat db copy --to URL``: a whole database into an empty one of either kind.

The sample data (released cohorts with marks, frozen results, audit rows) goes
SQLite -> PostgreSQL -> SQLite; the graduation lists exported from all three are the
same bytes, and every table's rows are the same. A target with rows is refused and
left as it was; a password in a URL is never printed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import backends
import pytest
from cli_runner import run_cli
from factories import snapshot
from sqlalchemy.engine import make_url

from diklat.db.copy import table_digests
from diklat.db.engine import Database
from diklat.services import backups
from diklat.services.actor import Actor


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    from diklat.services.demo import prepare_demo

    path = tmp_path_factory.mktemp("sample") / "sample.db"
    prepare_demo(path)
    return path


def _copy(source: backends.Location, target: backends.Location):
    return run_cli("db", "copy", "--to", str(target), env={"DIKLAT_DB": str(source)})


def _exports(location: backends.Location, folder: Path) -> dict[str, bytes]:
    """Every released cohort's graduation list, and the all-cohorts list, as CSV."""
    folder.mkdir()
    done = run_cli(
        "export",
        "graduation",
        "--all-cohorts",
        "-o",
        str(folder / "semua.csv"),
        env={"DIKLAT_DB": str(location)},
    )
    assert done.code == 0, done.both
    for code in ("DIKLATPIM-IV-III-2018", "PKP-II-2026"):
        one = folder / f"{code}.csv"
        done = run_cli(
            "export",
            "graduation",
            "--cohort",
            code,
            "-o",
            str(one),
            env={"DIKLAT_DB": str(location)},
        )
        if done.code == 0:
            assert one.stat().st_size > 0
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _rows(location: backends.Location) -> dict[str, tuple[int, str]]:
    """Every table's row count and checksum (the values as the models read them)."""
    db = Database.open(location)
    try:
        digests = table_digests(db)
        digests.pop("audit_log")  # the copy's own audit row is on its source only
        return digests
    finally:
        db.dispose()


def test_sqlite_to_postgresql_and_back_gives_the_same_graduation_lists(
    sample: Path, tmp_path: Path
) -> None:
    backends.require_pg()
    source = tmp_path / "asal.db"
    shutil.copyfile(sample, source)
    middle = backends.empty("pg", tmp_path / "tengah.db")
    back = tmp_path / "kembali.db"

    there = _copy(source, middle)
    assert there.code == 0, there.both
    assert "audit_log" in there.out and "checksum" in there.out
    assert make_url(middle).password not in there.both
    again = _copy(middle, back)
    assert again.code == 0, again.both

    lists = [
        _exports(where, tmp_path / name)
        for where, name in ((source, "a"), (middle, "b"), (back, "c"))
    ]
    assert len(lists[0]) >= 2
    assert lists[0] == lists[1] == lists[2]
    assert _rows(source) == _rows(middle) == _rows(back)

    # The copies are databases to work on: a new row gets a fresh id on PostgreSQL too.
    done = run_cli(
        "user",
        "add",
        "admin.baru",
        "--name",
        "Admin Baru",
        "--role",
        "admin",
        "--password-stdin",
        input="sandi-admin-baru-2026\n",
        env={"DIKLAT_DB": str(middle)},
    )
    assert done.code == 0, done.both


def test_a_target_with_rows_is_refused_and_left_as_it_was(
    backend: str, sample: Path, tmp_path: Path
) -> None:
    target = backends.empty(backend, tmp_path / "tujuan.db")
    source = tmp_path / "asal.db"
    shutil.copyfile(sample, source)
    assert _copy(source, target).code == 0
    db = Database.open(target)
    before = snapshot(db)
    db.dispose()

    done = _copy(source, target)
    assert done.code == 1
    assert "tidak kosong" in done.err and "Traceback" not in done.both
    assert done.err.count("Galat") == 1
    db = Database.open(target)
    assert snapshot(db) == before
    db.dispose()


def test_only_an_administrator_copies_and_the_copy_is_logged(world, tmp_path: Path) -> None:
    from diklat.services.errors import Forbidden

    with pytest.raises(Forbidden):
        backups.copy_database(world.db, world.actor("K1"), tmp_path / "k.db")
    copied = backups.copy_database(world.db, Actor.system(), tmp_path / "salinan.db")
    assert copied.rows > 0 and {t.name for t in copied.tables} >= {"accounts", "cohorts"}
    logged = snapshot(world.db)["audit_log"]
    assert any("database_copied" in repr(row) for row in logged)


def test_attachments_are_copied_byte_for_byte_between_backends(world, tmp_path: Path) -> None:
    """A real PDF and PNG (bytea on PostgreSQL, BLOB on SQLite) into each kind of
    database, read back and hashed; more files than the copy holds at once."""
    import attachment_files as files
    from test_backup import attach_evidence, evidence_in, same_evidence

    from diklat.db import copy as db_copy
    from diklat.domain.workflow import Stage
    from diklat.services import attachments

    sent = attach_evidence(world)
    for n in range(db_copy.FILE_BATCH + 2):  # past one batch of files
        name = f"foto-{n:02d}.jpg"
        sent[name] = files.image("JPEG", (40 + n, 30))
        attachments.add(world.db, world.actor("P1"), world.enrolments["P1"],
                        Stage.IMPLEMENTATION, "M1", name, sent[name])  # fmt: skip
    targets = [("sqlite", tmp_path / "salinan.db")]
    if backends.pg_admin_url():
        targets.append(("pg", tmp_path / "salinan_pg.db"))
    for kind, path in targets:
        target = backends.empty(kind, path)
        backups.copy_database(world.db, Actor.system(), target)
        same_evidence(evidence_in(target), sent)
