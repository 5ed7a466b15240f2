"""The real app in a pseudo-terminal, for the tests that drive it like a person does
(tests/test_participant_pty.py, tests/test_crash_safety.py).

``Terminal`` starts ``python -m diklat --db PATH`` in a 120x40 pseudo-terminal, in
Indonesian, with none of the caller's DIKLAT_* settings; a thread collects what it
draws. Waits are for conditions (text on the screen) with a generous limit; nothing
asserts how long anything took.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

from factories import PEOPLE, password_for

ANSI = re.compile(
    r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[PX^_].*?\x1b\\|\x1b."
)
ROWS, COLS = 40, 120


class Terminal:
    """The app in a 120x40 pseudo-terminal; what it draws is collected as text."""

    def __init__(self, db_path: Path | str, limit: float = 60.0) -> None:
        self.limit = limit  # seconds to wait for a condition before giving up
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        env = {k: v for k, v in os.environ.items() if not k.startswith("DIKLAT_")}
        env.update(TERM="xterm-256color", DIKLAT_LANG="id", COLUMNS=str(COLS), LINES=str(ROWS))
        env.pop("TEXTUAL", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "diklat", "--db", str(db_path)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.closed = False
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

    def text(self, since: int = 0) -> str:
        """What was drawn (from byte ``since`` on), escape sequences removed."""
        with self.lock:
            data = bytes(self.raw[since:])
        return ANSI.sub("", data.decode("utf-8", "replace"))

    def mark(self) -> int:
        with self.lock:
            return len(self.raw)

    def wait_for(self, needle: str, since: int = 0) -> None:
        deadline = time.monotonic() + self.limit
        while time.monotonic() < deadline:
            if needle in self.text(since):
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(
            f"{needle!r} never appeared; the screen showed:\n{self.text()[-3000:]}"
        )

    def type(self, text: str, pause: float = 0.02) -> None:
        for ch in text:
            os.write(self.master, ch.encode())
            time.sleep(pause)

    def send(self, sig: int) -> None:
        self.proc.send_signal(sig)

    def wait_exit(self) -> int:
        """Wait for the app to end by itself; its exit status."""
        return self.proc.wait(timeout=self.limit)

    def kill(self) -> None:
        """SIGKILL to the app's process group: no clean-up of any kind runs."""
        if self.closed:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=30)
        self.reader.join(timeout=5)
        os.close(self.master)
        self.closed = True

    def quit(self) -> None:
        self.kill()


def log_in_and_open_self_assessment(term: Terminal, key: str) -> None:
    """Log in as ``key`` (tests/factories.py PEOPLE) and open the self-assessment."""
    term.wait_for("Masuk ke diklat")
    nip = PEOPLE[key][0].replace(" ", "")
    start = term.mark()
    term.type(nip)
    term.wait_for(nip, since=start)  # echoed: the field had the focus
    term.type("\r")
    time.sleep(0.3)  # the focus moves to the password field
    start = term.mark()
    term.type(password_for(key))
    term.wait_for("•" * len(password_for(key)), since=start)
    term.type("\r")
    term.wait_for("Selamat datang")
    term.wait_for("Penilaian Diri")
    start = term.mark()
    term.type("\r")  # Enter on the first stage row: the self-assessment
    term.wait_for("Pernyataan", since=start)
