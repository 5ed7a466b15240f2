"""Concurrency: several processes on one database at once, through the services.

On SQLite one file; on PostgreSQL one server, the processes split across two
connection URLs as if on two application hosts.

Three participants autosave and submit (each with a second, stale window open now and
then), three coaches send the submissions back with comments, a coordinator imports
participants and exports the graduation list and the recap: all at the same time
(tests/concurrency_worker.py, one process each).

Afterwards: no "database is locked" (or any other failure) reached anyone; every stale
save was refused as a conflict and counted, none won silently; and the database holds
exactly what the processes say they wrote: submissions, reviews, drafts, enrolments,
audit rows.

Every graduation list the coordinator exports is checked against what it had imported
by then (same participants, no more, no fewer): an export is one consistent view of
the database while the others write.

Default 5 seconds; the 30-second run of issue 7: ``DIKLAT_LONG=1`` (which also makes
tests/test_crash_safety.py kill 60 times), or any length with
``DIKLAT_CONCURRENCY_SECONDS=N``.
The figures of the last run go to ``.reliability/concurrency.json``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from factories import World
from sqlalchemy import text
from sqlalchemy.engine import make_url

from diklat.db.engine import Database

LONG = os.environ.get("DIKLAT_LONG") == "1"
SECONDS = float(os.environ.get("DIKLAT_CONCURRENCY_SECONDS") or (30 if LONG else 5))
# After SECONDS a process goes on until it has done each of its kinds of work once (a
# busy machine gave a coach no submission to decide in five seconds), CAP seconds more
# at most.
CAP = 240
WORKER = Path(__file__).parent / "concurrency_worker.py"
FIGURES = Path(__file__).resolve().parents[1] / ".reliability" / "concurrency.json"


def _actor(world: World, key: str) -> dict:
    a = world.actor(key)
    return {**asdict(a), "role": a.role.value}


def _as_host(url: str, host: str) -> str:
    named = make_url(url).update_query_dict({"application_name": f"diklat-host-{host}"})
    return named.render_as_string(hide_password=False)


def _scalar(db: Database, sql: str, **params) -> int:
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar_one()


def test_processes_side_by_side_lose_nothing_and_never_see_a_locked_database(
    world: World, tmp_path: Path
) -> None:
    world.db.dispose()
    go = tmp_path / "go"
    common = {
        "db": str(world.path),
        "go": str(go),
        "seconds": SECONDS,
        "cap": CAP,
        "out_dir": str(tmp_path),
    }
    jobs: dict[str, tuple[str, dict]] = {}
    for i, key in enumerate(("P1", "P2", "P3")):
        jobs[key] = (
            "participant",
            {
                **common,
                "key": key,
                "actor": _actor(world, key),
                "enrolment": world.enrolments[key],
                "seed": i,
            },
        )
    for key, participant in (("C1", "P1"), ("C3", "P2"), ("C2", "P3")):
        jobs[key] = (
            "coach",
            {**common, "actor": _actor(world, key), "enrolments": [world.enrolments[participant]]},
        )
    jobs["K1"] = (
        "coordinator",
        {**common, "actor": _actor(world, "K1"), "cohort_code": world.cohort_codes["A"]},
    )

    if world.db.is_postgres:
        # Two hosts, one database: every other process connects by a second URL (as an
        # application host of its own would), so writers meet only in the server.
        for i, (_, spec) in enumerate(jobs.values()):
            spec["db"] = _as_host(str(world.path), "a" if i % 2 == 0 else "b")

    enrolments_before = _scalar(world.db, "SELECT count(*) FROM enrolments")
    audit_submits_before = _scalar(
        world.db, "SELECT count(*) FROM audit_log WHERE action = 'stage_submitted'"
    )
    world.db.dispose()

    env = {k: v for k, v in os.environ.items() if not k.startswith("DIKLAT_")}
    procs = {}
    for key, (role, spec) in jobs.items():
        spec_path = tmp_path / f"{key}.spec.json"
        spec_path.write_text(json.dumps(spec))
        procs[key] = subprocess.Popen(
            [sys.executable, str(WORKER), role, str(spec_path), str(tmp_path / f"{key}.out.json")],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    deadline = time.monotonic() + 300
    while not all((tmp_path / f"{key}.out.json.ready").exists() for key in procs):
        assert all(p.poll() is None for p in procs.values()), "a worker died while starting"
        assert time.monotonic() < deadline, "the workers never got ready"
        time.sleep(0.05)
    tmp_go = tmp_path / "go.tmp"
    tmp_go.write_text(repr(time.time()))
    tmp_go.rename(go)  # all at once: no worker reads half a file
    results = {}
    for key, proc in procs.items():
        out, err = proc.communicate(timeout=SECONDS + CAP + 300)
        assert proc.returncode == 0, f"{key} exited {proc.returncode}:\n{err[-3000:]}"
        results[key] = json.loads((tmp_path / f"{key}.out.json").read_text())

    counts = Counter()
    for r in results.values():
        counts.update(r["counts"])
    errors = [e for r in results.values() for e in r["errors"]]
    assert counts["database_locked"] == 0, errors[:3]
    assert errors == [], errors[:3]

    db = Database.open(world.path)
    if db.is_sqlite:
        assert _scalar(db, "PRAGMA integrity_check") == "ok"

    # Every stale save was refused and reported; not one overwrote a newer draft.
    assert counts["stale_save.done"] == 0
    for key in ("P1", "P2", "P3"):
        eid = world.enrolments[key]
        extra = results[key]["extra"]
        submitted = _scalar(db, "SELECT count(*) FROM submissions WHERE enrolment_id = :e", e=eid)
        assert submitted == extra["submitted"], key
        coach = {"P1": "C1", "P2": "C3", "P3": "C2"}[key]
        reviews = _scalar(
            db,
            "SELECT count(*) FROM reviews JOIN submissions ON submissions.id = reviews.submission_id WHERE enrolment_id = :e",
            e=eid,
        )
        assert reviews == results[coach]["extra"]["decided"].get(str(eid), 0), key
        comments = _scalar(
            db,
            "SELECT count(*) FROM comments JOIN submissions ON submissions.id = comments.submission_id WHERE enrolment_id = :e",
            e=eid,
        )
        assert comments == reviews, key
        if extra["last_saved"] is not None:
            with db.engine.connect() as conn:
                draft = conn.execute(
                    text(
                        "SELECT draft FROM stage_records"
                        " WHERE enrolment_id = :e AND stage = 'self_assessment'"
                    ),
                    {"e": eid},
                ).scalar_one()
            # PostgreSQL's driver has decoded the JSON already.
            draft = json.loads(draft) if isinstance(draft, str) else draft
            assert draft["strengths"] == extra["last_saved"]["strengths"], (
                key
            )  # the last save won, no other
    assert _scalar(
        db, "SELECT count(*) FROM audit_log WHERE action = 'stage_submitted'"
    ) - audit_submits_before == sum(results[k]["extra"]["submitted"] for k in ("P1", "P2", "P3"))
    assert (
        _scalar(db, "SELECT count(*) FROM enrolments") - enrolments_before
        == results["K1"]["extra"]["imported"]
    )
    db.dispose()

    # The run did something of each kind (a run where nobody got a turn proves nothing).
    for op in (
        "save_draft.done",
        "submit_stage.done",
        "decide.done",
        "import_participants.done",
        "export_graduation_csv.done",
        "export_recap_csv.done",
    ):
        assert counts[op] > 0, (op, dict(counts))
    assert counts["stale_save.conflict"] > 0
    assert results["K1"]["extra"]["exports_checked"] == counts["export_graduation_csv.done"] > 0

    operations = sum(v for k, v in counts.items() if k.endswith((".done", ".conflict")))
    figures = {
        "seconds": SECONDS,
        "processes": len(procs),
        "operations": operations,
        "by_operation": dict(sorted(counts.items())),
        "conflicts_reported": sum(v for k, v in counts.items() if k.endswith(".conflict")),
        "stale_saves_refused": f"{counts['stale_save.conflict']} of {counts['stale_save.conflict'] + counts['stale_save.done']}",
        "graduation_exports_checked": results["K1"]["extra"]["exports_checked"],
        "participants_imported": results["K1"]["extra"]["imported"],
        "database_locked": counts["database_locked"],
        "failures": len(errors),
    }
    FIGURES.parent.mkdir(exist_ok=True)
    FIGURES.write_text(json.dumps(figures, indent=2) + "\n")
    print(figures)


def test_two_windows_on_a_fresh_stage_do_not_overwrite_each_other(world: World) -> None:
    """Found by the run above: both windows loaded a stage with no draft yet; the
    second save used to win silently. It is refused now, like any stale save."""
    import pytest

    from diklat.domain.workflow import Stage
    from diklat.services import stages
    from diklat.services.errors import Conflict

    me, eid, sa = world.actor("P1"), world.enrolments["P1"], Stage.SELF_ASSESSMENT
    first = stages.get_stage(world.db, me, eid, sa)
    second = stages.get_stage(world.db, me, eid, sa)
    assert first.row_version == second.row_version == 0
    stages.save_draft(
        world.db, me, eid, sa, {"strengths": "jendela satu"}, expected_version=first.row_version
    )
    with pytest.raises(Conflict):
        stages.save_draft(
            world.db, me, eid, sa, {"strengths": "jendela dua"}, expected_version=second.row_version
        )
    assert stages.get_stage(world.db, me, eid, sa).draft["strengths"] == "jendela satu"
