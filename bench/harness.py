"""What the measurements share: timing, SQL statement counting, a pseudo-terminal
launcher, child processes for peak memory, and the registry of measurements."""

from __future__ import annotations

import fcntl
import json
import os
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"


# ---------------------------------------------------------------------------
# the registry: one row per measurement
# ---------------------------------------------------------------------------


@dataclass
class Figure:
    """One line of the results table."""

    key: str
    title: str
    value: str  # the figure as shown
    budget: str  # the budget as shown
    met: bool | None  # None: nothing to judge (pending, or informative only)
    detail: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Measure:
    key: str
    title: str
    fn: Callable[[Any], list[Figure]]
    order: int


REGISTRY: list[Measure] = []


def measure(key: str, title: str) -> Callable:
    """Register ``fn(ctx) -> list[Figure]`` as a measurement."""

    def deco(fn: Callable[[Any], list[Figure]]) -> Callable[[Any], list[Figure]]:
        REGISTRY.append(Measure(key, title, fn, len(REGISTRY)))
        return fn

    return deco


class Pending(Exception):
    """The code this measurement needs has not landed yet (says what is missing)."""


def need(module: str, *names: str) -> Any:
    """Import ``module`` and return its attribute(s), or raise Pending."""
    import importlib

    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        raise Pending(f"{module} not built yet ({exc.name})") from None
    found = []
    for name in names:
        if not hasattr(mod, name):
            raise Pending(f"{module}.{name} not built yet")
        found.append(getattr(mod, name))
    if not names:
        return mod
    return found[0] if len(found) == 1 else tuple(found)


# ---------------------------------------------------------------------------
# timing
# ---------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def side_by_side(
    fns: dict[str, Callable[[], Any]], repeats: int, warmup: int = 1
) -> dict[str, list[float]]:
    """Time each function ``repeats`` times, interleaved (a, b, a, b, ...), after ``warmup`` rounds."""
    times: dict[str, list[float]] = {k: [] for k in fns}
    for i in range(warmup + repeats):
        for key, fn in fns.items():
            dt, _ = timed(fn)
            if i >= warmup:
                times[key].append(dt)
    return times


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def secs(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


# ---------------------------------------------------------------------------
# SQL statements
# ---------------------------------------------------------------------------


class SqlCounter:
    """Counts the statements an engine sends (``before_cursor_execute``), BEGIN included."""

    def __init__(self, engine) -> None:
        from sqlalchemy import event

        self.engine = engine
        self.count = 0
        self.statements: list[str] = []
        self.active = False
        event.listen(engine, "before_cursor_execute", self._on)

    def _on(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if self.active:
            self.count += 1
            self.statements.append(statement)

    @contextmanager
    def counting(self) -> Iterator[SqlCounter]:
        self.count = 0
        self.statements = []
        self.active = True
        try:
            yield self
        finally:
            self.active = False


# ---------------------------------------------------------------------------
# a real terminal
# ---------------------------------------------------------------------------

_ANSI = re.compile(
    rb"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|P[^\x1b]*\x1b\\|[()][0-9A-Za-z]|[=>78cDEHM])"
)


def pty_time_to_text(
    argv: list[str],
    marker: str,
    *,
    rows: int = 40,
    cols: int = 120,
    timeout: float = 60.0,
    env: dict[str, str] | None = None,
) -> float:
    """Seconds from spawning ``argv`` in a pseudo-terminal of ``cols`` x ``rows`` until
    ``marker`` appears in what it draws (escape sequences removed). The process is
    then ended (SIGTERM to its group, SIGKILL if it lingers)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    full_env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": str(cols),
        "LINES": str(rows),
        **(env or {}),
    }
    full_env.pop("TEXTUAL", None)
    needle = marker.encode()
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=full_env,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    raw = b""
    found = None
    try:
        while found is None:
            left = timeout - (time.perf_counter() - t0)
            if left <= 0:
                break
            ready, _, _ = select.select([master], [], [], min(left, 0.5))
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            raw += chunk
            if needle in _ANSI.sub(b"", raw[-200_000:]):
                found = time.perf_counter() - t0
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        # drain so the child is not blocked on a full pty while exiting
        try:
            while select.select([master], [], [], 0)[0] and os.read(master, 65536):
                pass
        except OSError:
            pass
        os.close(master)
    if found is None:
        tail = _ANSI.sub(b"", raw)[-600:].decode(errors="replace")
        raise RuntimeError(f"{marker!r} never appeared from {argv}; last output: {tail!r}")
    return found


# ---------------------------------------------------------------------------
# child processes (peak memory is per process)
# ---------------------------------------------------------------------------

CHILDREN: dict[str, Callable[..., dict[str, Any]]] = {}


def child(name: str) -> Callable:
    """Register a function that runs alone in a fresh interpreter (``run.py --child NAME``)."""

    def deco(fn: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
        CHILDREN[name] = fn
        return fn

    return deco


def run_child(name: str, timeout: float = 1800, **kwargs: Any) -> dict[str, Any]:
    """Run the registered child ``name`` in a new Python process; its JSON result, with
    the process's peak RSS (``ru_maxrss``) added as ``maxrss_mb``."""
    argv = [sys.executable, str(BENCH / "run.py"), "--child", name, json.dumps(kwargs)]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    if proc.returncode != 0:
        lines = proc.stderr.strip().splitlines()
        last = lines[-1] if lines else f"exit {proc.returncode}"
        if "Pending:" in last:
            raise Pending(last.split("Pending:", 1)[1].strip())
        raise RuntimeError(f"child {name} failed: {last}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def child_main(name: str, args: str) -> None:
    result = CHILDREN[name](**json.loads(args))
    result.setdefault("maxrss_mb", own_peak_rss_mb())
    print(json.dumps(result, default=str))


def own_peak_rss_mb() -> float:
    """This process's own peak RSS. Not ``ru_maxrss``: Linux carries it over from the
    parent through fork and exec, so a child started by a parent of 300 MB reported
    300 MB whatever it used itself (the minimal app "took" the harness's 73 MB).
    ``VmHWM`` belongs to the address space made at exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return maxrss_mb()


def maxrss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
