#!/usr/bin/env python3
"""Evidence attachments (issue 16 part 9): one participant's implementation takes the
most files a stage holds (30), each of about 1 MB and incompressible (photos of noise,
PDFs carrying one), on a fresh database of its own.

    python3 bench/evidence.py                    # SQLite, alone (no generated databases)
    python3 bench/evidence.py --postgres URL     # and on a new database of that server
    python3 bench/run.py --only evidence         # as part of the results table

Figures: the time to add a file (median and worst of the 30, each its own transaction
with every check: type by content, limits, audit row); listing the stage's files (their
details, not their bytes); fetching one; the backup's growth against the bytes
attached, and the backup's time.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from harness import Figure, median, ms  # noqa: E402

FILES = 30
SIZE = 1024 * 1024
REPEATS = 21


def noise_png(seed: int, size: int = SIZE) -> bytes:
    """A real PNG of random pixels: about ``size`` bytes, as a phone photo does not compress."""
    import io
    import random

    from PIL import Image

    side = int((size / 3) ** 0.5)
    pixels = random.Random(seed).randbytes(side * side * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), pixels).save(out, format="PNG", compress_level=1)
    return out.getvalue()


def noise_pdf(seed: int, size: int = SIZE) -> bytes:
    """A real PDF (fpdf2) of one page showing a noise picture: a scanned decree's size."""
    import io

    from fpdf import FPDF

    doc = FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=12)
    doc.cell(text=f"SK nomor {seed}/2026")
    doc.image(io.BytesIO(noise_png(seed, size)), x=20, y=30, w=170)
    return bytes(doc.output())


def files(count: int = FILES) -> list[tuple[str, bytes]]:
    return [
        (f"foto-{i:02d}.png", noise_png(i)) if i % 2 else (f"sk-{i:02d}.pdf", noise_pdf(i))
        for i in range(count)
    ]


def _participant(db) -> tuple[Any, int]:
    """A cohort with one participant whose design has short-term milestone M1."""
    from sqlalchemy import select

    from diklat.db.models import Account, Enrolment
    from diklat.domain.workflow import Stage
    from diklat.services import cohorts, stages
    from diklat.services.actor import Actor
    from diklat.services.auth import _actor_of
    from diklat.services.people import add_participant

    system = Actor.system()
    cohorts.create_cohort(
        db, system, code="BUKTI-1", name="Bukti", start=date(2026, 3, 2), end=date(2026, 7, 31)
    )
    added = add_participant(
        db,
        system,
        "BUKTI-1",
        {"nip": "198001012005011001", "nama": "Peserta Bukti", "ndh": "1"},
    )
    with db.read() as s:
        account = s.scalar(select(Account).where(Account.login == added.login))
        actor = _actor_of(account)
        enrolment_id = s.scalar(select(Enrolment.id).where(Enrolment.person_id == actor.person_id))
    design = {
        "title": "Layanan izin daring",
        "milestones": [
            {"key": "M1", "horizon": "short", "title": "Formulir daring", "due": "2026-05-15"}
        ],
    }
    stages.save_draft(db, actor, enrolment_id, Stage.DESIGN, design)
    return actor, enrolment_id


def _backup_size(db, folder: Path, name: str) -> tuple[int, float]:
    from diklat.services.actor import Actor
    from diklat.services.backups import make_backup

    t0 = time.perf_counter()
    copied = make_backup(db, Actor.system(), folder / name)
    return copied.size, time.perf_counter() - t0


def measure_on(location, folder: Path, repeats: int = REPEATS, label: str = "") -> list[Figure]:
    from diklat.db.engine import Database
    from diklat.db.migrate import upgrade
    from diklat.domain.workflow import Stage
    from diklat.services import attachments

    db = Database.open(location)
    try:
        upgrade(db)
        actor, enrolment_id = _participant(db)
        before, _ = _backup_size(db, folder, f"before{label}.backup")
        made = files()
        added, adds = [], []
        for name, data in made:
            t0 = time.perf_counter()
            added.append(
                attachments.add(db, actor, enrolment_id, Stage.IMPLEMENTATION, "M1", name, data)
            )
            adds.append(time.perf_counter() - t0)

        def listing() -> float:
            t0 = time.perf_counter()
            listed = attachments.list_attachments(db, actor, enrolment_id, Stage.IMPLEMENTATION)
            assert len(listed) == FILES
            return time.perf_counter() - t0

        lists = [listing() for _ in range(repeats)]
        # A reviewer opens a file, then goes back to the list: the file's pages have
        # pushed the list's out of the connection's cache.
        fetches, lists_after = [], []
        for i in range(repeats):
            t0 = time.perf_counter()
            got = attachments.fetch(db, actor, added[i % len(added)].id)
            fetches.append(time.perf_counter() - t0)
            assert len(got.data) > SIZE // 2
            lists_after.append(listing())
        after, backup_s = _backup_size(db, folder, f"after{label}.backup")
    finally:
        db.dispose()
    attached = sum(len(d) for _, d in made)
    growth = after - before
    prefix = f"{label}: " if label else ""
    key = f"evidence{'.' + label.lower() if label else ''}"
    mb = attached / 1e6
    return [
        Figure(
            f"{key}.add",
            f"{prefix}Add a file of ~1 MB (median, worst of {FILES} on one stage)",
            f"{ms(median(adds))}, {ms(max(adds))}",
            "median ≤ 250 ms",
            median(adds) <= 0.250,
            data={"seconds": adds, "bytes": [len(d) for _, d in made]},
        ),
        Figure(
            f"{key}.list",
            f"{prefix}List a stage's {FILES} files (median)",
            ms(median(lists)),
            "≤ 20 ms",
            median(lists) <= 0.020,
            data={"seconds": lists},
        ),
        Figure(
            f"{key}.list_after_fetch",
            f"{prefix}List them again after opening one (median)",
            ms(median(lists_after)),
            "≤ 20 ms",
            median(lists_after) <= 0.020,
            data={"seconds": lists_after},
        ),
        Figure(
            f"{key}.fetch",
            f"{prefix}Fetch one file of ~1 MB (median)",
            ms(median(fetches)),
            "≤ 100 ms",
            median(fetches) <= 0.100,
            data={"seconds": fetches},
        ),
        Figure(
            f"{key}.backup",
            f"{prefix}Backup growth for {mb:.1f} MB attached; backup time",
            f"{growth / 1e6:.1f} MB ({growth / attached:.2f}x); {ms(backup_s)}",
            # pg_dump writes bytea as hex text and compresses it: ~1.1x for files that
            # do not compress (SQLite's copy holds the bytes as they are: 1.0x).
            "growth ≤ 1.2x the files",
            growth <= 1.2 * attached,
            data={"before": before, "after": after, "attached": attached, "seconds": backup_s},
        ),
    ]


def measure_sqlite(repeats: int = REPEATS) -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        return measure_on(Path(tmp) / "bukti.db", Path(tmp), repeats)


def measure_postgres(server: str, repeats: int = REPEATS) -> list[Figure]:
    """On a new database of ``server`` (a role that may create databases), dropped after."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"bench_evidence_{os.getpid()}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        url = make_url(server).set(database=name).render_as_string(hide_password=False)
        with tempfile.TemporaryDirectory() as tmp:
            return measure_on(url, Path(tmp), repeats, label="PostgreSQL")
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--postgres", metavar="URL", help="also on a new database of this server")
    ap.add_argument("--repeats", type=int, default=REPEATS)
    args = ap.parse_args(argv)
    figures = measure_sqlite(args.repeats)
    if args.postgres:
        figures += measure_postgres(args.postgres, args.repeats)
    for f in figures:
        mark = "met" if f.met else ("MISSED" if f.met is False else "-")
        print(f"{f.title:<70} {f.value:>28}  {f.budget:<24} {mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
