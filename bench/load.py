#!/usr/bin/env python3
"""A cohort typing at once into one ``diklat serve`` (issue 11 part 6). Not a test.

    python3 bench/load.py                      # 40 sessions, 3 keys/s each, 60 s
    python3 bench/load.py --sessions 10 --seconds 20

Each session is what a browser tab is to the server: a websocket on ``/ws`` speaking
textual-serve's protocol (keys as ``["stdin", ...]``, the screen back as terminal
bytes), so the server and its app processes do exactly what they do for Chromium,
while the 40 clients cost almost nothing next to them (40 real browsers would not fit
on the machine beside the server). Each client logs in as a different participant
of one running cohort, opens the change-project design and types letters into its
title at 3 keys per second, autosave on. Every key is timed from the moment it is
sent to the moment its echo is on the screen: the terminal bytes received since,
escape sequences removed, hold the last four letters typed (four letters never
repeated in a session's text, so neither an older frame nor a blinking cursor can
pass for the echo). Then each tab is closed, and each participant's saved title is
read from the database: a title that is not exactly what was typed is a save lost.

Beside the figures: total and per-session memory of the app processes (RSS and PSS,
from /proc, sampled while everyone types), the CPU the server and its processes used
while typing (seconds per second, of how many cores), the machine's load average at
the start and the end, and one minimal Textual app served by textual-serve the same
way (its process's RSS is the yardstick of issue 11's per-session budget).
Writes bench/results/load-<time>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from harness import _ANSI  # noqa: E402

WIDTH, HEIGHT = 120, 40
TIMEOUT = 300.0  # seconds: bound on each wait for a screen (logins queue on 2 cores)
ECHO_TIMEOUT = 10.0  # a key not echoed by then is an error
TAIL = 4  # letters that identify an echo
UNTIMED = TAIL - 1  # the first keys have no unique tail yet

EARLIER = ("self_assessment", "diagnosis", "innovation")
LATER = ("mentor_agreement", "implementation", "report")
START_TITLE = "Judul sementara"

KEYS = {"tab": "\t", "enter": "\r", "down": "\x1b[B"}


# --------------------------------------------------------------------------------------
# the database: one running cohort of 40, everyone at the same stage
# --------------------------------------------------------------------------------------


def prepare_database(directory: Path, sessions: int) -> tuple[Path, list[tuple[int, str]]]:
    """A copy of the N=400 bench database whose running cohort's participants all
    draft the change-project design (the earlier stages approved, the later ones not
    started); returns the file and ``(enrolment id, login)`` of ``sessions`` of them."""
    from generate import PASSWORD, ensure

    assert PASSWORD == "bench"
    source, _meta = ensure(400)
    path = directory / "load.db"
    shutil.copyfile(source, path)
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA foreign_keys = ON")
        rows = con.execute(
            "SELECT e.id, a.login FROM enrolments e JOIN cohorts c ON c.id = e.cohort_id "
            "JOIN accounts a ON a.person_id = e.person_id AND a.role = 'participant' "
            "WHERE c.status = 'open' ORDER BY e.ndh"
        ).fetchall()
        if len(rows) < sessions:
            raise SystemExit(f"the running cohort has {len(rows)} participants, not {sessions}")
        rows = rows[:sessions]
        ids = [r[0] for r in rows]
        marks = ",".join("?" * len(ids))
        now = datetime.now().isoformat(sep=" ", timespec="seconds")
        template = {
            stage: con.execute(
                "SELECT draft FROM stage_records WHERE stage = ? AND state = 'approved' LIMIT 1",
                (stage,),
            ).fetchone()[0]
            for stage in (*EARLIER, "design")
        }
        con.execute(
            f"DELETE FROM submissions WHERE enrolment_id IN ({marks}) AND stage IN "
            f"('design', {','.join(repr(s) for s in LATER)})",
            ids,
        )
        con.execute(
            f"DELETE FROM stage_records WHERE enrolment_id IN ({marks}) AND stage IN "
            f"({','.join(repr(s) for s in LATER)})",
            ids,
        )
        design = json.loads(template["design"])
        design["title"] = START_TITLE
        for eid in ids:
            for stage, state, draft in (
                *((s, "approved", template[s]) for s in EARLIER),
                ("design", "draft", json.dumps(design)),
            ):
                con.execute(
                    "INSERT INTO stage_records (enrolment_id, stage, state, draft, "
                    "draft_saved_at, state_changed_at, version) VALUES (?, ?, ?, ?, ?, ?, 1) "
                    "ON CONFLICT (enrolment_id, stage) DO UPDATE SET state = excluded.state, "
                    "draft = excluded.draft, draft_saved_at = excluded.draft_saved_at, "
                    "version = stage_records.version + 1",
                    (eid, stage, state, draft, now, now),
                )
        con.commit()
    finally:
        con.close()
    return path, rows


def saved_titles(path: Path, ids: list[int]) -> dict[int, str]:
    con = sqlite3.connect(path)
    try:
        marks = ",".join("?" * len(ids))
        return {
            eid: json.loads(draft).get("title", "")
            for eid, draft in con.execute(
                f"SELECT enrolment_id, draft FROM stage_records "
                f"WHERE stage = 'design' AND enrolment_id IN ({marks})",
                ids,
            )
        }
    finally:
        con.close()


# --------------------------------------------------------------------------------------
# processes: memory and CPU from /proc
# --------------------------------------------------------------------------------------


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def memory_mb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of one process in MB; PSS shares each shared page among its users."""
    rss = pss = 0.0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) / 1024
    except OSError:
        pass
    return rss, pss


def cpu_seconds(pids: list[int]) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def sessions_of(server: int, marker: str) -> list[int]:
    return [p for p in descendants(server) if marker in cmdline(p)]


def is_python(pid: int) -> bool:
    """Not the shell textual-serve starts each app through."""
    try:
        return "python" in os.path.basename(os.readlink(f"/proc/{pid}/exe"))
    except OSError:
        return False


# --------------------------------------------------------------------------------------
# a tab: the websocket, the screen's text, keys and their echoes
# --------------------------------------------------------------------------------------


@dataclass
class Key:
    tail: str
    sent: float
    timed: bool


@dataclass
class Tab:
    number: int
    login: str
    ws: object = None
    raw: bytearray = field(default_factory=bytearray)  # since the oldest key awaiting echo
    screen: str = ""  # recent text, escapes removed (for the waits)
    pending: list[Key] = field(default_factory=list)
    echoes: list[float] = field(default_factory=list)
    typed: str = ""
    errors: list[str] = field(default_factory=list)
    closed: bool = False
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    async def read(self) -> None:
        import aiohttp

        try:
            async for message in self.ws:
                if message.type != aiohttp.WSMsgType.BINARY:
                    continue
                now = time.perf_counter()
                self.raw += message.data
                text = _ANSI.sub(b"", bytes(self.raw)).decode("utf-8", "replace")
                while self.pending and self.pending[0].tail in text:
                    key = self.pending.pop(0)
                    if key.timed:
                        self.echoes.append(now - key.sent)
                if not self.pending:
                    del self.raw[:-32]  # an escape sequence may straddle two messages
                plain = _ANSI.sub(b"", message.data).decode("utf-8", "replace")
                self.screen = (self.screen + plain)[-20000:]
                self.changed.set()
        finally:
            self.closed = True
            self.changed.set()

    async def wait_for(self, pattern: str, timeout: float = TIMEOUT) -> None:
        found = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while not found.search(self.screen):
            if self.closed:
                raise RuntimeError(f"tab {self.number}: closed waiting for {pattern!r}")
            left = deadline - time.monotonic()
            if left <= 0:
                last = re.sub(r"\s+", " ", self.screen[-300:])
                raise RuntimeError(f"tab {self.number}: {pattern!r} not on the screen: {last}")
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), min(left, 1.0))
            except TimeoutError:
                pass

    async def send(self, data: str) -> None:
        await self.ws.send_str(json.dumps(["stdin", data]))

    async def type_letter(self, letter: str) -> None:
        if not self.pending:
            del self.raw[:-32]
        self.typed += letter
        key = Key(self.typed[-TAIL:], time.perf_counter(), len(self.typed) > UNTIMED)
        self.pending.append(key)
        await self.send(letter)


def letters(count: int, rng: random.Random) -> str:
    """``count`` letters in which no run of TAIL letters occurs twice."""
    while True:
        text = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(count))
        tails = [text[i : i + TAIL] for i in range(len(text) - TAIL + 1)]
        if len(set(tails)) == len(tails):
            return text


async def open_tab(session, url: str, tab: Tab) -> None:
    tab.ws = await session.ws_connect(f"{url}ws?width={WIDTH}&height={HEIGHT}", max_msg_size=0)
    asyncio.get_running_loop().create_task(tab.read())


async def log_in_and_open(tab: Tab, password: str) -> None:
    await tab.wait_for(r"Log in to diklat")
    await tab.send(tab.login)
    await tab.send(KEYS["tab"])
    await tab.send(password)
    await tab.send(KEYS["enter"])
    await tab.wait_for(r"Finish & submit")
    for _ in range(3):
        await tab.send(KEYS["down"])
    await tab.wait_for(r"█[^\n]*[Dd]esign")
    tab.screen = ""
    await tab.send(KEYS["enter"])
    await tab.wait_for(r"✓ Saved")
    await tab.wait_for(re.escape(START_TITLE))


async def type_for(tab: Tab, text: str, rate: float, start: float) -> None:
    for i, letter in enumerate(text):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        if tab.closed:
            tab.errors.append(f"tab {tab.number}: closed while typing")
            return
        await tab.type_letter(letter)
        if tab.pending and time.perf_counter() - tab.pending[0].sent > ECHO_TIMEOUT:
            tab.errors.append(f"tab {tab.number}: no echo of {tab.pending[0].tail!r}")
            tab.pending.pop(0)


# --------------------------------------------------------------------------------------
# servers
# --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(proc: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + TIMEOUT
    while True:
        if proc.poll() is not None:
            raise SystemExit(f"the server ended: {log.read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"the server did not listen: {log.read_text()[-2000:]}") from None
            time.sleep(0.1)


def start(argv: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen:
    with log.open("w") as out:
        return subprocess.Popen(
            argv, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def minimal_served_rss(directory: Path, env: dict[str, str]) -> tuple[float, float]:
    """RSS and PSS of bench/minimal_app.py served by textual-serve's own Server, once
    its tab shows the app."""
    import aiohttp

    port = free_port()
    log = directory / "minimal-serve.log"
    code = (
        "import sys; from textual_serve.server import Server; "
        f"Server({sys.executable!r} + ' ' + {str(BENCH / 'minimal_app.py')!r}, "
        f"port={port}).serve()"
    )
    proc = start([sys.executable, "-c", code], log, env)
    try:
        wait_listening(proc, port, log)

        async def one() -> tuple[float, float]:
            async with aiohttp.ClientSession() as session:
                tab = Tab(0, "")
                await open_tab(session, f"http://127.0.0.1:{port}/", tab)
                await tab.wait_for("bench minimal app ready")
                await asyncio.sleep(2)  # settled, as the diklat sessions are when sampled
                pids = sessions_of(proc.pid, "minimal_app.py")
                sizes = [memory_mb(p) for p in pids if is_python(p)]
                await tab.ws.close()
                return max(sizes)

        return asyncio.run(one())
    finally:
        stop(proc)


# --------------------------------------------------------------------------------------
# the run
# --------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


async def drive(url: str, server: subprocess.Popen, rows, args) -> dict:
    import aiohttp
    from generate import PASSWORD

    rng = random.Random(args.seed)
    count = int(args.seconds * args.rate)
    tabs = [Tab(i, login) for i, (_eid, login) in enumerate(rows)]
    texts = [letters(count, rng) for _ in tabs]
    result: dict = {}
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        t0 = time.perf_counter()

        # Tabs opened a little apart, as people arrive; each logs in as soon as drawn.
        async def arrive(tab: Tab) -> None:
            await asyncio.sleep(tab.number * args.arrival)
            try:
                await open_tab(session, url, tab)
                await log_in_and_open(tab, PASSWORD)
            except Exception as exc:
                tab.errors.append(f"{type(exc).__name__}: {exc}")

        await asyncio.gather(*(arrive(tab) for tab in tabs))
        ready = [t for t in tabs if not t.errors]
        result["logged_in_s"] = time.perf_counter() - t0
        print(f"{len(ready)}/{len(tabs)} sessions on the stage after {result['logged_in_s']:.0f} s")
        if not ready:
            return result | {"tabs": tabs, "texts": texts}

        apps = sessions_of(server.pid, "diklat.serve.session")
        everyone = [server.pid, *descendants(server.pid)]
        cpu0, wall0 = cpu_seconds(everyone), time.perf_counter()
        load0 = os.getloadavg()
        start_at = time.perf_counter() + 1.0

        async def sample_memory() -> None:
            await asyncio.sleep(args.seconds / 2 + 1)
            sizes = [memory_mb(p) for p in apps if is_python(p)]
            result["session_rss_mb"] = [s[0] for s in sizes]
            result["session_pss_mb"] = [s[1] for s in sizes]
            result["server_rss_mb"], result["server_pss_mb"] = memory_mb(server.pid)
            result["all_processes_pss_mb"] = sum(
                memory_mb(p)[1] for p in [server.pid, *descendants(server.pid)]
            )

        await asyncio.gather(
            sample_memory(),
            *(
                type_for(tab, texts[tab.number], args.rate, start_at + rng.random() / args.rate)
                for tab in ready
            ),
        )
        deadline = time.perf_counter() + ECHO_TIMEOUT
        while any(t.pending for t in ready) and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)
        result["cpu_s"] = cpu_seconds(everyone) - cpu0
        result["cpu_wall_s"] = time.perf_counter() - wall0
        result["loadavg_typing"] = [load0, os.getloadavg()]
        for tab in ready:
            for key in tab.pending:
                tab.errors.append(f"tab {tab.number}: no echo of {key.tail!r}")
            tab.pending.clear()
        # Close every tab right away (the last key may be younger than the autosave's
        # pause): what was typed must be saved on the way out.
        await asyncio.gather(*(tab.ws.close() for tab in tabs if tab.ws is not None))
    deadline = time.monotonic() + TIMEOUT
    while sessions_of(server.pid, "diklat.serve.session") and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    result["left_running"] = len(sessions_of(server.pid, "diklat.serve.session"))
    return result | {"tabs": tabs, "texts": texts}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=40)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--rate", type=float, default=3.0, help="keys per second per session")
    ap.add_argument("--arrival", type=float, default=2.0, help="seconds between two tabs opening")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", type=Path, default=BENCH / "results")
    args = ap.parse_args(argv)

    script = Path(sys.executable).parent / "diklat"
    diklat = [str(script)] if script.exists() else [sys.executable, "-m", "diklat"]
    env = {**os.environ, "DIKLAT_LANG": "en"}
    env.pop("TEXTUAL", None)
    load_start = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="diklat-load-") as tmp:
        directory = Path(tmp)
        path, rows = prepare_database(directory, args.sessions)
        minimal = minimal_served_rss(directory, env)
        port = free_port()
        log = directory / "serve.log"
        server = start(
            [
                *diklat,
                "--db",
                str(path),
                "serve",
                "--port",
                str(port),
                "--max-sessions",
                str(args.sessions + 10),
                "--sessions-per-minute",
                str(args.sessions + 10),
            ],
            log,
            env,
        )
        try:
            wait_listening(server, port, log)
            run = asyncio.run(drive(f"http://127.0.0.1:{port}/", server, rows, args))
        finally:
            stop(server)
        server_log = log.read_text(errors="replace")
        titles = saved_titles(path, [eid for eid, _ in rows])
    load_end = os.getloadavg()

    tabs, texts = run.pop("tabs"), run.pop("texts")
    echoes = [e for t in tabs for e in t.echoes]
    errors = [e for t in tabs for e in t.errors]
    log_errors = [
        line for line in server_log.splitlines() if re.search(r"Traceback|[Ee]rror", line)
    ]
    lost = [
        t.login
        for t, (eid, _login) in zip(tabs, rows, strict=True)
        if t.typed and titles.get(eid) != t.typed
    ]
    rss = run.get("session_rss_mb", [])
    pss = run.get("session_pss_mb", [])
    cores = os.cpu_count() or 1
    figures = {
        "sessions": args.sessions,
        "sessions_typing": sum(1 for t in tabs if t.typed),
        "keys_per_second": args.rate,
        "seconds": args.seconds,
        "keys_sent": sum(len(t.typed) for t in tabs),
        "keys_timed": len(echoes),
        "echo_p50_ms": 1000 * statistics.median(echoes) if echoes else None,
        "echo_p95_ms": 1000 * percentile(echoes, 0.95) if echoes else None,
        "echo_max_ms": 1000 * max(echoes) if echoes else None,
        "session_rss_mb_mean": statistics.mean(rss) if rss else None,
        "session_pss_mb_mean": statistics.mean(pss) if pss else None,
        "sessions_rss_mb_total": sum(rss),
        "sessions_pss_mb_total": sum(pss),
        "server_rss_mb": run.get("server_rss_mb"),
        "all_processes_pss_mb": run.get("all_processes_pss_mb"),
        "minimal_served_rss_mb": minimal[0],
        "minimal_served_pss_mb": minimal[1],
        "rss_ratio": (statistics.mean(rss) / minimal[0]) if rss else None,
        "cpu_cores_busy": run["cpu_s"] / run["cpu_wall_s"] if "cpu_s" in run else None,
        "cpus": cores,
        "logged_in_s": run.get("logged_in_s"),
        "saves_lost": len(lost),
        "lost_logins": lost,
        "errors": len(errors) + len(log_errors),
        "error_lines": (errors + log_errors)[:20],
        "sessions_left_running": run.get("left_running"),
        "loadavg_start": load_start,
        "loadavg_typing": run.get("loadavg_typing"),
        "loadavg_end": load_end,
    }
    del texts
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=BENCH
        ).stdout.strip()
    except OSError:
        commit = ""
    figures["commit"] = commit
    figures["when"] = datetime.now().isoformat(timespec="seconds")
    for name, value in figures.items():
        if isinstance(value, float):
            value = round(value, 1)
        print(f"{name:>24}: {value}")
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    (args.out / f"load-{stamp}.json").write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
