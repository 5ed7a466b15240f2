"""Nothing saved is lost: the real app in a pseudo-terminal, a draft typed, the process
SIGKILLed, the app started again, and the draft is there as it was saved.

Waits are for conditions (text on the screen, rows in the database) with generous
limits; nothing asserts how long anything took."""

from __future__ import annotations

import json
import sqlite3
import sys
import time

import pytest
from factories import World
from pty_support import Terminal, log_in_and_open_self_assessment

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

LIMIT = 60.0  # seconds to wait for a condition before giving up


def _draft(db_path, enrolment_id: int) -> dict:
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=10)
    try:
        row = con.execute(
            "SELECT draft FROM stage_records WHERE enrolment_id = ? AND stage = 'self_assessment'",
            (enrolment_id,),
        ).fetchone()
    finally:
        con.close()
    return json.loads(row[0]) if row else {}


def _wait_saved(db_path, enrolment_id: int, check) -> dict:
    deadline = time.monotonic() + LIMIT
    draft: dict = {}
    while time.monotonic() < deadline:
        draft = _draft(db_path, enrolment_id)
        if check(draft):
            return draft
        time.sleep(0.1)
    raise AssertionError(f"the draft was never saved as expected; last seen: {draft}")


def test_a_killed_app_keeps_what_was_saved(world: World) -> None:
    world.db.dispose()
    path = world.path
    eid = world.enrolments["P1"]

    term = Terminal(path)
    try:
        log_in_and_open_self_assessment(term, "P1")
        term.type("543")  # three answers, the cursor moving down the items
        _wait_saved(path, eid, lambda d: len(d.get("answers", {})) == 3)
        term.type("\t")  # to the first reflection
        term.type("Tekun dan rapi")
        saved = _wait_saved(path, eid, lambda d: d.get("strengths") == "Tekun dan rapi")
        start = term.mark()
        term.wait_for("Tersimpan", since=start - 4000 if start > 4000 else 0)
        term.type(" lagi")  # typed, and killed at once: this may or may not be saved yet
    finally:
        term.kill()

    after_kill = _draft(path, eid)
    assert after_kill["answers"] == saved["answers"]
    assert after_kill["strengths"].startswith("Tekun dan rapi")

    term = Terminal(path)
    try:
        log_in_and_open_self_assessment(term, "P1")
        term.wait_for("Tersimpan")
        start = term.mark()
        term.type("\t")  # the reflection scrolls into view
        term.wait_for("Tekun dan rapi", since=start)
    finally:
        term.quit()
    # The restart itself changed nothing.
    assert _draft(path, eid) == after_kill
