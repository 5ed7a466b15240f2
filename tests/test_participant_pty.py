"""Nothing saved is lost: the real app in a pseudo-terminal, a draft typed, the process
SIGKILLed, the app started again, and the draft is there as it was saved.

Waits are for conditions (text on the screen, rows in the database) with generous
limits; nothing asserts how long anything took."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import threading
import time

import pytest

from factories import PEOPLE, World, password_for

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[PX^_].*?\x1b\\|\x1b.")
LIMIT = 60.0  # seconds to wait for a condition before giving up


class Terminal:
    """The app running in a 120x40 pseudo-terminal; what it draws is collected as text."""

    def __init__(self, db_path) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "DIKLAT_LANG": "id", "COLUMNS": "120", "LINES": "40"}
        env.pop("TEXTUAL", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "diklat", "--db", str(db_path)],
            stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True, close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.raw = bytearray()
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self.lock:
                self.raw.extend(chunk)

    def text(self) -> str:
        with self.lock:
            data = bytes(self.raw)
        return ANSI.sub("", data.decode("utf-8", "replace"))

    def mark(self) -> int:
        with self.lock:
            return len(self.raw)

    def wait_for(self, needle: str, since: int = 0) -> None:
        deadline = time.monotonic() + LIMIT
        while time.monotonic() < deadline:
            with self.lock:
                data = bytes(self.raw[since:])
            if needle in ANSI.sub("", data.decode("utf-8", "replace")):
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"{needle!r} never appeared; the screen showed:\n{self.text()[-3000:]}")

    def type(self, text: str) -> None:
        for ch in text:
            os.write(self.master, ch.encode())
            time.sleep(0.02)

    def kill(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.reader.join(timeout=5)
        os.close(self.master)

    def quit(self) -> None:
        if self.proc.poll() is None:
            self.kill()


def _draft(db_path, enrolment_id: int) -> dict:
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=10)
    try:
        row = con.execute(
            "SELECT draft FROM stage_records WHERE enrolment_id = ? AND stage = 'self_assessment'", (enrolment_id,)
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


def _log_in_and_open_self_assessment(term: Terminal) -> None:
    term.wait_for("Masuk ke diklat")
    nip = PEOPLE["P1"][0].replace(" ", "")
    start = term.mark()
    term.type(nip)
    term.wait_for(nip, since=start)  # echoed: the field had the focus
    term.type("\r")
    time.sleep(0.3)  # let the focus move to the password field
    start = term.mark()
    term.type(password_for("P1"))
    term.wait_for("•" * len(password_for("P1")), since=start)
    term.type("\r")
    term.wait_for("Selamat datang")
    term.wait_for("Penilaian Diri")
    start = term.mark()
    term.type("\r")  # Enter on the first stage row
    term.wait_for("Pernyataan", since=start)


def test_a_killed_app_keeps_what_was_saved(world: World) -> None:
    world.db.dispose()
    path = world.path
    eid = world.enrolments["P1"]

    term = Terminal(path)
    try:
        _log_in_and_open_self_assessment(term)
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
        _log_in_and_open_self_assessment(term)
        term.wait_for("Tersimpan")
        start = term.mark()
        term.type("\t")  # the reflection scrolls into view
        term.wait_for("Tekun dan rapi", since=start)
    finally:
        term.quit()
    # The restart itself changed nothing.
    assert _draft(path, eid) == after_kill
