"""Crash safety: the real app in pseudo-terminals, participants typing into a draft
(autosaved), the process SIGKILLed at random moments, started again, again and again.

After every kill: ``PRAGMA integrity_check`` is "ok", the draft is valid JSON, and every
word that was in the database just before the kill is still there (a word typed after
the last autosave may be lost: that is what autosave allows; a word already saved may
not). Some kills land while the app starts, logs in or opens the screen.

Three participants run side by side on one database file, so kills also land while
another process is writing.

Default: 21 kills (7 per participant). Long mode: ``DIKLAT_LONG=1`` (60 kills, and the
30-second concurrency run of tests/test_concurrency.py), or any number with
``DIKLAT_KILLS=N``; the seed of the random moments is printed and can be fixed with
``DIKLAT_KILL_SEED``. The figures of the
last run are written to ``.reliability/crash.json`` (docs/reliability.md quotes them).
Waits are for conditions (text on the screen) with generous limits; nothing asserts
how long anything took.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from factories import World
from pty_support import Terminal, log_in_and_open_self_assessment

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

LIMIT = 90.0  # seconds to wait for a condition before giving up (a busy 2-core machine)
LONG = os.environ.get("DIKLAT_LONG") == "1"
KILLS = int(os.environ.get("DIKLAT_KILLS") or (60 if LONG else 21))
WHO = ("P1", "P2", "P3")
FIGURES = Path(__file__).resolve().parents[1] / ".reliability" / "crash.json"


def _strengths(db_path: Path, enrolment_id: int) -> str:
    """The saved draft's first reflection, read as another process would."""
    con = sqlite3.connect(db_path, timeout=30)
    try:
        row = con.execute(
            "SELECT draft FROM stage_records WHERE enrolment_id = ? AND stage = 'self_assessment'",
            (enrolment_id,),
        ).fetchone()
    finally:
        con.close()
    return (json.loads(row[0]).get("strengths") or "") if row else ""


def _integrity(db_path: Path) -> str:
    con = sqlite3.connect(db_path, timeout=30)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def _log_in_and_open(term: Terminal, key: str) -> None:
    log_in_and_open_self_assessment(term, key)
    term.type("\t")  # to the first reflection


@dataclass
class Tally:
    kills: int = 0
    during_start: int = 0
    while_typing: int = 0
    words_saved_before_kill: int = 0
    problems: list[str] = field(default_factory=list)


def _participant_runs(
    db_path: Path, key: str, enrolment_id: int, cycles: int, rng: random.Random
) -> Tally:
    tally = Tally()
    for cycle in range(cycles):
        term = Terminal(db_path, limit=LIMIT)
        before = _strengths(db_path, enrolment_id)
        saved_seen = before
        early = rng.random() < 0.2
        try:
            if early:
                # Killed while starting, migrating, logging in or opening the screen.
                time.sleep(rng.uniform(0.0, 2.5))
                tally.during_start += 1
            else:
                _log_in_and_open(term, key)
                window = rng.uniform(0.2, 2.0)
                started = time.monotonic()
                n = 0
                while time.monotonic() - started < window:
                    word = f"{key.lower()}c{cycle}w{n} "
                    term.type(word, pause=rng.choice((0.0, 0.01, 0.03)))
                    n += 1
                    if rng.random() < 0.3:
                        time.sleep(rng.uniform(0.5, 1.2))  # long enough, sometimes, for an autosave
                    saved_seen = _strengths(db_path, enrolment_id)
                tally.while_typing += 1
        finally:
            term.kill()
        tally.kills += 1
        after = _strengths(db_path, enrolment_id)
        result = _integrity(db_path)
        if result != "ok":
            tally.problems.append(f"{key} cycle {cycle}: integrity_check said {result!r}")
        lost = [w for w in saved_seen.split() if w not in after.split()]
        if lost:
            tally.problems.append(
                f"{key} cycle {cycle}: saved before the kill but gone after it: {lost}"
            )
        tally.words_saved_before_kill += len(saved_seen.split())
    return tally


def test_random_kills_lose_nothing_that_was_saved(world: World) -> None:
    world.db.dispose()
    seed = int(os.environ.get("DIKLAT_KILL_SEED", random.randrange(1 << 30)))
    print(f"kill seed: {seed} (DIKLAT_KILL_SEED={seed} repeats the moments)")
    per = [KILLS // len(WHO) + (1 if i < KILLS % len(WHO) else 0) for i in range(len(WHO))]
    with ThreadPoolExecutor(max_workers=len(WHO)) as pool:
        futures = [
            pool.submit(
                _participant_runs,
                world.path,
                key,
                world.enrolments[key],
                n,
                random.Random(seed + i),
            )
            for i, (key, n) in enumerate(zip(WHO, per))
        ]
        tallies = [f.result() for f in futures]
    problems = [p for t in tallies for p in t.problems]
    total = sum(t.kills for t in tallies)
    assert problems == []
    assert total == KILLS >= 20 or os.environ.get("DIKLAT_KILLS")
    assert _integrity(world.path) == "ok"
    # Something was really saved and really survived: the test is not vacuous.
    assert sum(t.words_saved_before_kill for t in tallies) > 0
    figures = {
        "kills": total,
        "killed_while_starting": sum(t.during_start for t in tallies),
        "killed_while_typing": sum(t.while_typing for t in tallies),
        "processes_side_by_side": len(WHO),
        "saved_words_checked_after_kills": sum(t.words_saved_before_kill for t in tallies),
        "integrity_checks_ok": total + 1,
        "seed": seed,
    }
    FIGURES.parent.mkdir(exist_ok=True)
    FIGURES.write_text(json.dumps(figures, indent=2) + "\n")
    print(figures)
