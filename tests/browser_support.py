"""A real browser against a real ``diklat serve``: Debian's Chromium driven by Playwright.

Nothing here downloads a browser: Playwright is pointed at /usr/bin/chromium (installed
by .ci/run). The screen is read from the page: xterm.js's own buffer, the characters
the terminal shows, found through the one object textual-serve's client makes; every
wait polls that text with a bounded deadline.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT = 30.0  # seconds: a bound on each wait, never a pause

# textual-serve's client keeps its xterm.js Terminal as ``this.terminal`` of an object
# that is not exposed; this catches the assignment (before the page's scripts run).
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal",
      {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer && value.options) window.__diklatTerminal = value;
  },
});
"""
READ_SCREEN = """() => {
  const term = window.__diklatTerminal;
  if (!term) return null;
  const buffer = term.buffer.active, lines = [];
  for (let i = 0; i < term.rows; i++) {
    const line = buffer.getLine(buffer.viewportY + i);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
}"""


def need_browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("DIKLAT_BROWSER_REQUIRED"):
            pytest.fail(f"{CHROMIUM} is missing (.ci/run installs Debian's chromium)")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    return pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def diklat_command() -> list[str]:
    exe = shutil.which("diklat", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "diklat"]


@contextmanager
def serving(db_path: Path, *args: str, env: dict[str, str] | None = None):
    """``diklat --db DB serve --port P ARGS``; yields (url, process); stopped by SIGTERM."""
    port = free_port()
    log = db_path.with_name(f"serve-{port}.log")
    with log.open("w") as out:
        proc = subprocess.Popen(
            [*diklat_command(), "--db", str(db_path), "serve", "--port", str(port), *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "DIKLAT_LANG": "en", **(env or {})},
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + WAIT
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"diklat serve ended: {log.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError(
                        f"diklat serve did not listen: {log.read_text()}"
                    ) from None
                time.sleep(0.05)
        yield url, proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=WAIT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextmanager
def browser():
    sync_api = need_browser()
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


class Tab:
    """One browser tab on the app: read its screen, type, press keys."""

    def __init__(self, context, url: str) -> None:
        self.page = context.new_page()
        self.page.add_init_script(CATCH_TERMINAL)
        self.page.goto(url)

    def screen(self) -> str:
        return self.page.evaluate(READ_SCREEN) or ""

    def wait_for(self, pattern: str, timeout: float = WAIT) -> str:
        """The screen once ``pattern`` (a regular expression) is on it."""
        deadline = time.monotonic() + timeout
        found = re.compile(pattern)
        while True:
            text = self.screen()
            if found.search(text):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"{pattern!r} not on the screen:\n{text}")
            self.page.wait_for_timeout(50)

    def wait_gone(self, pattern: str, timeout: float = WAIT) -> str:
        """The screen once ``pattern`` is no longer on it."""
        deadline = time.monotonic() + timeout
        found = re.compile(pattern)
        while True:
            text = self.screen()
            if not found.search(text):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"{pattern!r} still on the screen:\n{text}")
            self.page.wait_for_timeout(50)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)

    def log_in(self, login: str, password: str, expect: str) -> str:
        self.wait_for(r"Log in to diklat")
        self.page.locator(".xterm-helper-textarea").focus()
        self.type(login)
        self.press("Tab")
        self.type(password)
        self.press("Enter")
        return self.wait_for(expect)

    def close(self) -> None:
        self.page.close()
