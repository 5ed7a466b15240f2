"""One process of the concurrency run (tests/test_concurrency.py): acts as one person
through the services until a deadline, counts what it did, writes the tally as JSON.

    python tests/concurrency_worker.py ROLE SPEC.json OUT.json

Every operation's outcome is counted: done, refused as a conflict (optimistic locking,
reported to the person), or failed. "database is locked" is counted on its own: the
run requires none.
"""

from __future__ import annotations

import csv
import json
import random
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from factories import complete  # noqa: E402

from diklat.db.engine import Database  # noqa: E402
from diklat.domain.roles import Role  # noqa: E402
from diklat.domain.workflow import Stage, State  # noqa: E402
from diklat.services import stages  # noqa: E402
from diklat.services.actor import Actor  # noqa: E402
from diklat.services.errors import Conflict  # noqa: E402

SA = Stage.SELF_ASSESSMENT


class Tally:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.errors: list[str] = []
        self.extra: dict = {}

    def run(self, name: str, call):
        try:
            result = call()
        except Conflict:
            self.counts[f"{name}.conflict"] += 1
            return None
        except Exception as exc:  # noqa: BLE001 - counted and reported, never hidden
            text = f"{type(exc).__name__}: {exc}"
            if "locked" in text.lower() or "busy" in text.lower():
                self.counts["database_locked"] += 1
            self.counts[f"{name}.failed"] += 1
            self.errors.append(f"{name}: {text}\n{traceback.format_exc(limit=3)}")
            return None
        self.counts[f"{name}.done"] += 1
        return result


def going(until: float, cap: float, done_enough: bool) -> bool:
    """On until the time is up, and then until this process has done each of its kinds
    of work once (on a loaded machine five seconds may not be enough), up to the cap."""
    now = time.time()
    return now < until or (not done_enough and now < cap)


def participant(db: Database, spec: dict, tally: Tally, until: float, rng: random.Random) -> None:
    me = Actor(**spec["actor"])
    eid = spec["enrolment"]
    cap = until + spec["cap"]
    n = 0
    last_saved = None
    submitted = 0
    stale_tried = False
    while going(until, cap, submitted > 0):
        view = tally.run("get_stage", lambda: stages.get_stage(db, me, eid, SA))
        if view is None:
            continue
        if view.state is State.SUBMITTED:
            time.sleep(0.005)
            continue
        n += 1
        content = complete(SA, strengths=f"{spec['key']} simpanan {n}")
        saved = tally.run(
            "save_draft",
            lambda: stages.save_draft(db, me, eid, SA, content, expected_version=view.row_version),
        )
        if saved is not None:
            last_saved = content
            # A second window open on the same stage, loaded before this save: its save
            # must be refused (and the person told), never silently win.
            stale = complete(SA, strengths=f"{spec['key']} jendela lama {n}")
            if rng.random() < 0.3 or not stale_tried:
                stale_tried = True
                tally.run(
                    "stale_save",
                    lambda: stages.save_draft(
                        db, me, eid, SA, stale, expected_version=view.row_version
                    ),
                )
            # Submitted only after a stale window was tried: once submitted, the stage
            # waits for the coach, and the run may end there.
            if stale_tried and (rng.random() < 0.4 or time.time() >= until):
                if (
                    tally.run("submit_stage", lambda: stages.submit_stage(db, me, eid, SA))
                    is not None
                ):
                    submitted += 1
    tally.extra["last_saved"] = last_saved
    tally.extra["submitted"] = submitted


def coach(db: Database, spec: dict, tally: Tally, until: float, rng: random.Random) -> None:
    me = Actor(**spec["actor"])
    decided: Counter[int] = Counter()
    cap = until + spec["cap"]
    n = 0
    while going(until, cap, sum(decided.values()) > 0):
        for eid in spec["enrolments"]:
            view = tally.run("get_stage", lambda: stages.get_stage(db, me, eid, SA))
            if view is None or view.state is not State.SUBMITTED:
                continue
            n += 1
            comments = [("strengths", f"Revisi {n}: beri contoh.")]
            done = tally.run(
                "decide",
                lambda: stages.decide(
                    db,
                    me,
                    eid,
                    SA,
                    approve=False,
                    comments=comments,
                    expected_version=view.row_version,
                ),
            )
            if done is not None:
                decided[eid] += 1
        time.sleep(0.005)
    tally.extra["decided"] = {str(k): v for k, v in decided.items()}


def coordinator(db: Database, spec: dict, tally: Tally, until: float, rng: random.Random) -> None:
    from diklat.domain.imports import ParticipantRow
    from diklat.io.graduation import write_graduation
    from diklat.io.recap import write_recap
    from diklat.services import exports, graduation
    from diklat.services.enrolment import import_participants

    me = Actor(**spec["actor"])
    code = spec["cohort_code"]
    out = Path(spec["out_dir"])
    # Only this process adds participants to the cohort, so every graduation list it
    # exports must hold exactly the participants there were before plus those it has
    # imported so far: the export is one consistent view while everyone else writes.
    before = len(graduation.cohort_results(db, me, code).rows)
    imported = 0
    exports_checked = 0
    cap = until + spec["cap"]
    n = 0
    while going(until, cap, imported > 0 and exports_checked > 0):
        n += 1
        nip = f"19900101 {2015 + n // 999}{(n % 12) + 1:02d} 1 {n % 999 + 1:03d}"
        name = f"Peserta Impor {n}"
        row = ParticipantRow(
            row=2,
            nip=nip,
            nama=name,
            pangkat_golongan="Penata (III/c)",
            jabatan="Kepala Seksi",
            instansi="Dinas Uji",
        )
        if (
            tally.run("import_participants", lambda: import_participants(db, me, code, [row]))
            is not None
        ):
            imported += 1
            last_imported = name
        path = out / "kelulusan.csv"
        if (
            tally.run(
                "export_graduation_csv",
                lambda: write_graduation(graduation.cohort_results(db, me, code), "csv", path),
            )
            is not None
        ):
            with path.open(encoding="utf-8", newline="") as fh:
                names = [r["nama"] for r in csv.DictReader(fh)]
            if len(names) != before + imported or (imported and last_imported not in names):
                tally.counts["export_graduation_csv.inconsistent"] += 1
                tally.errors.append(
                    f"export {n}: {len(names)} participants listed, {before} + {imported} expected"
                )
            exports_checked += 1
        tally.run(
            "export_recap_csv",
            lambda: write_recap(exports.recap(db, me, code), "csv", out / "rekap.csv"),
        )
    tally.extra["imported"] = imported
    tally.extra["exports_checked"] = exports_checked


ROLES = {"participant": participant, "coach": coach, "coordinator": coordinator}


def main() -> None:
    role, spec_path, out_path = sys.argv[1:4]
    spec = json.loads(Path(spec_path).read_text())
    spec["actor"]["role"] = Role(spec["actor"]["role"])
    db = Database.open(spec["db"])
    tally = Tally()
    rng = random.Random(spec.get("seed", 0))
    # Everyone starts together and ends together: say "ready", wait for "go".
    Path(out_path + ".ready").write_text("ready")
    go = Path(spec["go"])
    while not go.exists():
        time.sleep(0.01)
    start = float(go.read_text() or time.time())
    ROLES[role](db, spec, tally, start + spec["seconds"], rng)
    db.dispose()
    Path(out_path).write_text(
        json.dumps({"counts": tally.counts, "errors": tally.errors, "extra": tally.extra})
    )


if __name__ == "__main__":
    main()
