"""Every measurement, one small function each, registered in harness.REGISTRY in the
order of the results table. A measurement whose code has not landed raises Pending.

The screens, exports and results measured for "a 40-person cohort" and for "the
coach" are the same people at every N (see bench/generate.py: the last training
centre), so figures at two sizes compare like with like.
"""

from __future__ import annotations

import asyncio
import csv
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness import (
    BENCH,
    Figure,
    Pending,
    SqlCounter,
    child,
    measure,
    median,
    ms,
    need,
    pty_time_to_text,
    run_child,
    secs,
    side_by_side,
)

# ---------------------------------------------------------------------------
# the run's context: sizes, cached databases, logged-in actors
# ---------------------------------------------------------------------------


@dataclass
class Ctx:
    quick: bool
    small: int
    large: int
    linear_sizes: list[int]
    repeats: int
    files: dict[int, tuple[Path, dict[str, Any]]]
    _dbs: dict[int, Any] = field(default_factory=dict)
    _actors: dict[tuple[int, str], Any] = field(default_factory=dict)
    _counters: dict[int, SqlCounter] = field(default_factory=dict)

    def path(self, n: int) -> Path:
        return self.files[n][0]

    def meta(self, n: int) -> dict[str, Any]:
        return self.files[n][1]

    def db(self, n: int):
        """The cached database, opened as the app opens it (already migrated by the generator)."""
        if n not in self._dbs:
            from diklat.db.engine import Database

            self._dbs[n] = Database.open(self.path(n))
        return self._dbs[n]

    def counter(self, n: int) -> SqlCounter:
        if n not in self._counters:
            self._counters[n] = SqlCounter(self.db(n).engine)
        return self._counters[n]

    def actor(self, n: int, who: str):
        """``who`` is a key of the meta file (participant, coach, coordinator, admin, ...)."""
        key = (n, who)
        if key not in self._actors:
            self._actors[key] = actor_for(self.db(n), self.meta(n)[who])
        return self._actors[key]

    def close(self) -> None:
        for db in self._dbs.values():
            db.dispose()


def actor_for(db, login: str):
    """The Actor for ``login``, without paying for the password check."""
    from sqlalchemy import select

    from diklat.db.models import Account
    from diklat.services.auth import _actor_of

    with db.read() as s:
        return _actor_of(s.scalar(select(Account).where(Account.login == login)))


def count_sql(ctx: Ctx, n: int, fn: Callable[[], Any]) -> int:
    with ctx.counter(n).counting() as c:
        fn()
    return c.count


def verdict(*conditions: bool) -> bool:
    return all(conditions)


# ---------------------------------------------------------------------------
# start-up in a real terminal
# ---------------------------------------------------------------------------


@measure("startup", "Start-up to the login screen (pty 120x40)")
def startup(ctx: Ctx) -> list[Figure]:
    from diklat.i18n import set_language, t

    set_language("id")
    marker = t("login.title")
    # As installed: pip compiles the package to bytecode. A development tree run with
    # PYTHONDONTWRITEBYTECODE=1 (as here) would otherwise compile every diklat module
    # from source at every launch, which a user never pays.
    import compileall

    compileall.compile_dir(str(BENCH.parent / "src" / "diklat"), quiet=1)
    # The console script pip installed next to this interpreter, as a virtualenv's bin/
    # holds it: not whatever "diklat" is first on PATH, which may be a version manager's
    # shim (pyenv's costs about 55 ms of shell before Python starts; the minimal app
    # is launched without one).
    script = Path(sys.executable).parent / "diklat"
    diklat = str(script) if script.exists() else f"{sys.executable} -m diklat"
    path = str(ctx.path(ctx.large))
    # The README's first command on a demo database made beforehand (its first use also
    # seeds it, behind the same log-in screen).
    from diklat.services.demo import prepare_demo

    demo = prepare_demo(BENCH / "data" / "demo.db")
    runs = {
        "diklat": lambda: pty_time_to_text(
            [*diklat.split(), "--db", path], marker, env={"DIKLAT_LANG": "id"}
        ),
        "demo": lambda: pty_time_to_text(
            [*diklat.split(), "demo", "--db", str(demo)], marker, env={"DIKLAT_LANG": "id"}
        ),
        "minimal": lambda: pty_time_to_text(
            [sys.executable, str(BENCH / "minimal_app.py")], "bench minimal app ready"
        ),
    }
    times = {k: [] for k in runs}
    for _ in range(1 + (3 if ctx.quick else 9)):  # the first round warms the disk cache; dropped
        for k, fn in runs.items():
            times[k].append(fn())
    d, m = median(times["diklat"][1:]), median(times["minimal"][1:])
    ratio = d / m
    demo_s = median(times["demo"][1:])
    return [
        Figure(
            "startup.demo",
            "Start-up: diklat demo / minimal Textual app",
            f"{ms(demo_s)} / {ms(m)} = {demo_s / m:.2f}x",
            "≤ 1.3x",
            demo_s / m <= 1.3,
            data={"demo_s": times["demo"][1:], "ratio": demo_s / m},
        ),
        Figure(
            "startup.ratio",
            f"Start-up: diklat --db (N={ctx.large:,}) / minimal Textual app",
            f"{ms(d)} / {ms(m)} = {ratio:.2f}x",
            "≤ 1.3x",
            ratio <= 1.3,
            data={
                "diklat_s": times["diklat"][1:],
                "minimal_s": times["minimal"][1:],
                "ratio": ratio,
            },
        ),
    ]


# ---------------------------------------------------------------------------
# screens: the service that builds the data, and the drawing via Pilot
# ---------------------------------------------------------------------------


@dataclass
class ScreenSpec:
    key: str
    title: str
    who: str  # meta key of the person looking
    service: Callable[[Any, Any, dict[str, Any]], Any]  # (db, actor, meta) -> data
    screen: (
        Callable[[Any, dict[str, Any]], Any] | None
    )  # (actor, meta) -> Screen; None: no screen yet
    # (screen) -> True once the service's data has arrived on the screen
    ready: Callable[[Any], bool] = lambda screen: getattr(screen, "data", None) is not None


def _home(db, actor, meta):
    from diklat.services.homes import home

    return home(db, actor)


def _home_screen(actor, meta):
    from diklat.tui.screens.home import HomeScreen

    return HomeScreen(actor)


def _queue(db, actor, meta):
    from diklat.services.review import queue

    return queue(db, actor)


def _queue_screen(actor, meta):
    from diklat.tui.screens.review.queue import QueueScreen

    return QueueScreen()


def _matrix(db, actor, meta):
    progress = need("diklat.services.progress", "progress")
    return progress(db, actor, meta["running_cohort"]["id"])


def _matrix_screen(actor, meta):
    """The coordinator's cohort screen, which opens on its progress tab (the matrix)."""
    screen = need("diklat.tui.screens.coordinator.cohort", "CohortScreen")
    return screen(meta["running_cohort"]["code"])


def _matrix_ready(screen) -> bool:
    from diklat.tui.screens.coordinator.progress_tab import ProgressTab

    return screen.settings is not None and screen.query_one(ProgressTab).data is not None


SCREENS = [
    ScreenSpec("participant_home", "Participant home", "participant", _home, _home_screen),
    ScreenSpec("coach_queue", "Coach's review queue", "coach", _queue, _queue_screen),
    ScreenSpec("coach_home", "Coach's home (waiting list)", "coach", _home, _home_screen),
    ScreenSpec(
        "coordinator_home", "Coordinator's home (cohort counts)", "coordinator", _home, _home_screen
    ),
    ScreenSpec(
        "progress_matrix",
        "Coordinator's progress matrix (40)",
        "coordinator",
        _matrix,
        _matrix_screen,
        _matrix_ready,
    ),
]


def _needs_drawing(screen) -> bool:
    return bool(
        screen._layout_required
        or screen._scroll_required
        or screen._repaint_required
        or screen._recompose_required
        or screen._dirty_widgets
        or screen._callbacks
    )


async def drawn(pilot) -> int:
    """Process every pending message and draw what they changed, until nothing is left
    to do; return the number of frames drawn. A frame is what the screen's update timer
    does at its next tick (lay out, render the changed lines); we call it at once
    instead of waiting for the tick, and never wait for the process to look idle
    (``pilot.pause()``), which on a busy machine takes up to a second."""
    app = pilot.app
    frames = 0
    for _ in range(100):
        await pilot._wait_for_screen()
        screen = app.screen
        if not _needs_drawing(screen):
            return frames
        screen._on_timer_update()
        frames += 1
    raise RuntimeError(f"{app.screen!r} still redrawing after {frames} frames")


def _to_terminal(app) -> None:
    """Headless apps skip turning a frame into terminal bytes; do it, as a terminal would
    need it (the bytes are dropped)."""
    display = app._display

    def _display(screen, renderable) -> None:
        if renderable is not None and hasattr(renderable, "render_segments"):
            renderable.render_segments(app.console)
        display(screen, renderable)

    app._display = _display


@dataclass
class Draws:
    """One app's openings of a screen: wall and CPU seconds (CPU of the whole process,
    the service's worker thread included), SQL statements and frames per opening; the
    first opening (the screen's CSS read, modules imported) kept apart."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    sql: list[int] = field(default_factory=list)
    frames: list[int] = field(default_factory=list)
    first: float = 0.0


async def _draw_many(path: Path, actor, meta, spec: ScreenSpec, repeats: int, warmup: int) -> Draws:
    """Open ``spec``'s screen ``warmup + repeats`` times in one running app (120x40,
    headless); each time from push_screen (the service runs in its worker, compose,
    mount) until its data is on screen and every frame it caused is drawn."""
    from diklat.db.engine import Database
    from diklat.tui.app import DiklatApp

    db = Database.open(path)
    counter = SqlCounter(db.engine)
    app = DiklatApp(db)
    out = Draws()
    async with app.run_test(size=(120, 40)) as pilot:
        _to_terminal(app)
        await app.workers.wait_for_complete()
        # The screens open over a blank one: over the log-in screen, its footer would
        # redraw its keys (focus left it) in the measured time, which no user sees.
        from textual.screen import Screen

        await app.push_screen(Screen())
        await drawn(pilot)
        app.actor = actor
        for i in range(warmup + repeats):
            screen = spec.screen(actor, meta)
            with counter.counting():
                t0, c0 = time.perf_counter(), time.process_time()
                await app.push_screen(screen)
                while not spec.ready(screen):
                    await asyncio.sleep(0.0005)
                await app.workers.wait_for_complete()
                frames = await drawn(pilot)
                dt, dc = time.perf_counter() - t0, time.process_time() - c0
            if i == 0:
                out.first = dt
            if i >= warmup:
                out.wall.append(dt)
                out.cpu.append(dc)
                out.sql.append(counter.count)
                out.frames.append(frames)
            await app.pop_screen()
            await drawn(pilot)
    db.dispose()
    return out


def draw_times(ctx: Ctx, n: int, spec: ScreenSpec, repeats: int) -> Draws:
    return asyncio.run(
        _draw_many(ctx.path(n), ctx.actor(n, spec.who), ctx.meta(n), spec, repeats, warmup=2)
    )


def _screen_measure(spec: ScreenSpec) -> Callable[[Ctx], list[Figure]]:
    def run(ctx: Ctx) -> list[Figure]:
        small, large = ctx.small, ctx.large
        fns = {
            n: (lambda n=n: spec.service(ctx.db(n), ctx.actor(n, spec.who), ctx.meta(n)))
            for n in (small, large)
        }
        for fn in fns.values():
            fn()  # raises Pending before anything is timed
        svc = side_by_side(fns, repeats=ctx.repeats * 2)
        sql = {n: count_sql(ctx, n, fns[n]) for n in (small, large)}
        s_small, s_large = median(svc[small]), median(svc[large])
        figures = [
            Figure(
                f"{spec.key}.service",
                f"{spec.title}: service at N={large:,} (N={small:,})",
                f"{ms(s_large)} ({ms(s_small)}, {s_large / s_small:.2f}x)",
                "informative",
                None,
                data={"small_s": svc[small], "large_s": svc[large]},
            ),
            Figure(
                f"{spec.key}.sql",
                f"{spec.title}: SQL statements, N={small:,} vs N={large:,}",
                f"{sql[small]} vs {sql[large]}",
                "equal",
                sql[small] == sql[large],
                data=sql,
            ),
        ]
        if spec.screen is None:
            return figures
        try:
            spec.screen(ctx.actor(small, spec.who), ctx.meta(small))
        except Pending as exc:
            figures.append(
                Figure(
                    f"{spec.key}.draw",
                    f"{spec.title}: drawn (Pilot)",
                    "pending",
                    "≤ 100 ms, ≤ 1.5x",
                    None,
                    str(exc),
                )
            )
            return figures
        r = max(3, ctx.repeats)
        # two rounds each, alternating sizes, so that drift in machine load hits both
        d: dict[int, Draws] = {small: Draws(), large: Draws()}
        firsts: dict[int, list[float]] = {small: [], large: []}
        for _ in range(2):
            for n in (small, large):
                got = draw_times(ctx, n, spec, r)
                for name in ("wall", "cpu", "sql", "frames"):
                    getattr(d[n], name).extend(getattr(got, name))
                firsts[n].append(got.first)
        d_small, d_large = median(d[small].wall), median(d[large].wall)
        c_small, c_large = median(d[small].cpu), median(d[large].cpu)
        ratio = d_large / d_small
        figures.append(
            Figure(
                f"{spec.key}.draw",
                f"{spec.title}: drawn (push to last frame) at N={large:,} (N={small:,})",
                f"{ms(d_large)} ({ms(d_small)}, {ratio:.2f}x)",
                "≤ 100 ms, ≤ 1.5x",
                d_large <= 0.100 and ratio <= 1.5,
                data={
                    "small_s": d[small].wall,
                    "large_s": d[large].wall,
                    "sql_small": d[small].sql,
                    "sql_large": d[large].sql,
                    "frames_small": d[small].frames,
                    "frames_large": d[large].frames,
                },
            )
        )
        figures.append(
            Figure(
                f"{spec.key}.draw_cpu",
                f"{spec.title}: CPU time of one drawing at N={large:,} (N={small:,})",
                f"{ms(c_large)} ({ms(c_small)}, {c_large / c_small:.2f}x)",
                "informative",
                None,
                data={"small_s": d[small].cpu, "large_s": d[large].cpu},
            )
        )
        figures.append(
            Figure(
                f"{spec.key}.draw_first",
                f"{spec.title}: first opening in the app at N={large:,} (N={small:,})",
                f"{ms(median(firsts[large]))} ({ms(median(firsts[small]))})",
                "informative",
                None,
                data={"small_s": firsts[small], "large_s": firsts[large]},
            )
        )
        figures.append(
            Figure(
                f"{spec.key}.draw_sql",
                f"{spec.title}: SQL statements while drawn",
                f"{median(d[small].sql):.0f} vs {median(d[large].sql):.0f}",
                "equal",
                median(d[small].sql) == median(d[large].sql),
            )
        )
        return figures

    return run


for _spec in SCREENS:
    measure(f"screen.{_spec.key}", _spec.title)(_screen_measure(_spec))


# ---------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------


def _cohort_ids(db) -> list[int]:
    from sqlalchemy import select

    from diklat.db.models import Cohort

    with db.read() as s:
        return list(s.scalars(select(Cohort.id).order_by(Cohort.start_date, Cohort.code)))


def _results_of(db, cohort_ids: list[int] | None) -> int:
    """How many participants' results: of the given cohorts (services.graduation.cohort_results, cohort
    by cohort), or of every cohort (services.graduation.all_results, the streaming pass of the exports)."""
    from diklat.services.actor import Actor
    from diklat.services.graduation import cohort_results

    actor = Actor.system()
    if cohort_ids is None:
        from diklat.services.graduation import all_results

        return sum(len(res.rows) for res in all_results(db, actor).results)
    return sum(len(cohort_results(db, actor, cid).rows) for cid in cohort_ids)


@measure("results", "Results: one cohort, and all cohorts (linear in N)")
def results(ctx: Ctx) -> list[Figure]:
    small, large = ctx.small, ctx.large
    # The budget is for computing: the running cohort (a locked one's results are read
    # back from what locking stored, shown next to it).
    figures = []
    for which, title, budget in (
        ("running_cohort", "Results of one cohort (40, computed)", True),
        ("finished_cohort", "Results of one locked cohort (40, stored)", False),
    ):
        one = {
            n: (lambda n=n: _results_of(ctx.db(n), [ctx.meta(n)[which]["id"]]))
            for n in (small, large)
        }
        t = side_by_side(one, repeats=ctx.repeats * 2)
        sql = {n: count_sql(ctx, n, one[n]) for n in (small, large)}
        key = "results.one" if budget else "results.one_stored"
        figures += [
            Figure(
                key,
                f"{title} at N={large:,} (N={small:,})",
                f"{ms(median(t[large]))} ({ms(median(t[small]))})",
                "≤ 50 ms" if budget else "informative",
                median(t[large]) <= 0.050 if budget else None,
                data={"small_s": t[small], "large_s": t[large]},
            ),
            Figure(
                f"{key}_sql",
                f"{title}: SQL statements",
                f"{sql[small]} vs {sql[large]}",
                "equal",
                sql[small] == sql[large],
                data=sql,
            ),
        ]
    per = {}
    for n in ctx.linear_sizes:
        times = [
            timed_run(lambda: _results_of(ctx.db(n), None)) for _ in range(2 if n >= 40000 else 3)
        ]
        per[n] = median(times) / n
    # Linear: the time per participant does not grow with N (a fixed cost makes it
    # smaller at large N, which is no sign against linearity).
    growth = max(v / per[min(per)] for v in per.values())
    figures.append(
        Figure(
            "results.all",
            "Results of all cohorts: time per participant at " + ", ".join(f"{n:,}" for n in per),
            " / ".join(f"{v * 1e6:.0f} µs" for v in per.values()),
            "linear (per participant ≤ 1.5x the smallest N's)",
            growth <= 1.5,
            data={str(n): v for n, v in per.items()},
        )
    )
    return figures


def timed_run(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


# ---------------------------------------------------------------------------
# exports (each in its own process for its peak memory) and the import
# ---------------------------------------------------------------------------


def _graduation_results(database, cohort: int | None):
    """The graduation lists of one cohort or of every cohort, one cohort at a time."""
    need("diklat.services.graduation", "cohort_results")
    from diklat.services.actor import Actor
    from diklat.services.graduation import cohort_results

    actor = Actor.system()
    for cid in [cohort] if cohort else _cohort_ids(database):
        yield cohort_results(database, actor, cid)


def _export_all(database, fmt: str, out: str) -> int:
    """What ``diklat export graduation --all-cohorts`` does: one streaming pass over every cohort."""
    write_all = need("diklat.io.graduation", "write_graduation_all")
    from diklat.services.actor import Actor
    from diklat.services.graduation import all_results

    return write_all(all_results(database, Actor.system()).results, fmt, Path(out))


@child("graduation_csv")
def _graduation_csv_child(db: str, out: str, cohort: int | None = None) -> dict[str, Any]:
    """The graduation list CSV (io.graduation.csv_rows, io.tabular.write_csv): one cohort's, or every
    cohort's in one file (the --all-cohorts export)."""
    from diklat.db.engine import Database
    from diklat.io.graduation import CSV_COLUMNS, csv_rows
    from diklat.io.tabular import write_csv

    database = Database.open(db)
    counter = SqlCounter(database.engine)
    t0 = time.perf_counter()
    with counter.counting():
        if cohort is None:
            size = _export_all(database, "csv", out)
        else:
            rows = (row for res in _graduation_results(database, cohort) for row in csv_rows(res))
            size = write_csv(Path(out), CSV_COLUMNS, rows)
    return {"seconds": time.perf_counter() - t0, "sql": counter.count, "bytes": size}


@child("floor_csv")
def _floor_csv_child(db: str, out: str) -> dict[str, Any]:
    """The floor: a bare SELECT of the list's stored columns written with csv.writer
    (the driver's own cursor: sqlite3, or psycopg on PostgreSQL)."""
    from diklat.db.engine import Database

    t0 = time.perf_counter()
    database = Database.open(db)
    conn = database.engine.raw_connection()
    with open(out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["cohort", "ndh", "nip", "name", "pangkat", "jabatan", "instansi", "status"])
        cursor = conn.cursor()
        cursor.execute(
            "SELECT c.code, e.ndh, p.nip, p.name, p.pangkat_golongan, p.jabatan, p.instansi, e.status "
            "FROM enrolments e JOIN people p ON p.id = e.person_id JOIN cohorts c ON c.id = e.cohort_id "
            "ORDER BY c.start_date, c.code, e.ndh"
        )
        w.writerows(cursor)
    conn.close()
    database.dispose()
    return {"seconds": time.perf_counter() - t0}


@measure("export.graduation_csv", "Graduation CSV of all participants vs the floor")
def graduation_csv(ctx: Ctx) -> list[Figure]:
    need("diklat.services.graduation", "cohort_results")
    path = str(ctx.path(ctx.large))
    with tempfile.TemporaryDirectory() as tmp:
        runs = {"export": [], "floor": []}
        for _ in range(1 + (1 if ctx.quick else 2)):
            runs["export"].append(run_child("graduation_csv", db=path, out=f"{tmp}/g.csv"))
            runs["floor"].append(run_child("floor_csv", db=path, out=f"{tmp}/f.csv"))
    e = median([r["seconds"] for r in runs["export"][1:]])
    f = median([r["seconds"] for r in runs["floor"][1:]])
    peak = max(r["maxrss_mb"] for r in runs["export"])
    return [
        Figure(
            "export.graduation_csv",
            f"Graduation CSV of all {ctx.large:,} / floor (SELECT + csv.writer)",
            f"{secs(e)} / {secs(f)} = {e / f:.1f}x",
            "≤ 2x",
            e / f <= 2,
            data=runs,
        ),
        Figure(
            "export.graduation_csv.mem",
            "Graduation CSV of all: peak RSS",
            f"{peak:.0f} MB",
            "≤ 250 MB",
            peak <= 250,
        ),
    ]


@child("export_xlsx")
def _xlsx_child(db: str, out: str, cohort: int | None = None) -> dict[str, Any]:
    """The graduation list as one XLSX sheet (io.graduation.human_rows, io.xlsx): one cohort's, or
    every cohort's (the --all-cohorts export)."""
    from diklat.db.engine import Database
    from diklat.io.graduation import human_headers, human_rows
    from diklat.io.xlsx import Sheet, write_sheets

    database = Database.open(db)
    counter = SqlCounter(database.engine)
    t0 = time.perf_counter()
    with counter.counting():
        if cohort is None:
            size = _export_all(database, "xlsx", out)
        else:
            rows = [row for res in _graduation_results(database, cohort) for row in human_rows(res)]
            size = write_sheets(
                Path(out),
                [
                    Sheet(
                        title="Kelulusan",
                        headers=human_headers(),
                        rows=rows,
                        decimal_columns=frozenset({7}),
                        text_columns=frozenset({2}),
                    )
                ],
            )
    return {"seconds": time.perf_counter() - t0, "sql": counter.count, "bytes": size}


@measure("export.xlsx", "Graduation XLSX of all participants")
def graduation_xlsx(ctx: Ctx) -> list[Figure]:
    need("diklat.io.xlsx", "write_sheets")
    with tempfile.TemporaryDirectory() as tmp:
        runs = [
            run_child("export_xlsx", db=str(ctx.path(ctx.large)), out=f"{tmp}/g.xlsx")
            for _ in range(1 if ctx.quick else 2)
        ]
    t = median([r["seconds"] for r in runs])
    peak = max(r["maxrss_mb"] for r in runs)
    return [
        Figure(
            "export.xlsx",
            f"Graduation XLSX of all {ctx.large:,}",
            secs(t),
            "≤ 10 s",
            t <= 10,
            data={"runs": runs},
        ),
        Figure(
            "export.xlsx.mem",
            "Graduation XLSX of all: peak RSS",
            f"{peak:.0f} MB",
            "≤ 250 MB",
            peak <= 250,
        ),
    ]


@measure("export.one_cohort_sql", "Exports of one cohort: SQL statements")
def export_sql(ctx: Ctx) -> list[Figure]:
    figures = []
    for name, kind in (("graduation_csv", "CSV"), ("export_xlsx", "XLSX")):
        with tempfile.TemporaryDirectory() as tmp:
            counts = {
                n: run_child(
                    name,
                    db=str(ctx.path(n)),
                    out=f"{tmp}/x",
                    cohort=ctx.meta(n)["finished_cohort"]["id"],
                )["sql"]
                for n in (ctx.small, ctx.large)
            }
        figures.append(
            Figure(
                f"export.{name}.sql",
                f"Graduation {kind} of one cohort: SQL statements",
                f"{counts[ctx.small]} vs {counts[ctx.large]}",
                "equal",
                counts[ctx.small] == counts[ctx.large],
                data=counts,
            )
        )
    return figures


@child("import_participants")
def _import_child(db: str, csv_path: str, cohort: str) -> dict[str, Any]:
    read_participants = need("diklat.io.participants_import", "read_participants")
    import_participants = need("diklat.services.enrolment", "import_participants")
    from diklat.db.engine import Database
    from diklat.services.actor import Actor

    database = Database.open(db)
    counter = SqlCounter(database.engine)
    with counter.counting():
        t0, c0 = time.perf_counter(), time.process_time()
        rows, unknown = read_participants(csv_path)
        report = import_participants(database, Actor.system(), cohort, rows, unknown)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "seconds": wall,
        "cpu": cpu,
        "sql": counter.count,
        "rows": len(rows),
        "accounts": report.accounts,
    }


IMPORT_LIMIT = 120


@measure("import", "Import of 4,000 participants from CSV")
def import_4000(ctx: Ctx) -> list[Figure]:
    need("diklat.services.enrolment", "import_participants")
    from generate import make_nip

    n = 4000
    with tempfile.TemporaryDirectory() as tmp:
        src = ctx.path(ctx.small)
        runs = []
        for r in range(1 if ctx.quick else 3):
            db = Path(tmp) / f"import{r}.db"
            shutil.copy(src, db)
            from datetime import date

            from diklat.db.engine import Database
            from diklat.services.actor import Actor
            from diklat.services.cohorts import create_cohort

            database = Database.open(db)
            create_cohort(
                database,
                Actor.system(),
                code="IMPORT-4000",
                name="Import 4000",
                start=date(2027, 1, 4),
                end=date(2027, 4, 30),
            )
            database.dispose()
            csv_path = Path(tmp) / "participants.csv"
            with csv_path.open("w", newline="", encoding="utf-8") as fh:
                w = csv.writer(fh)
                w.writerow(["nip", "nama", "pangkat_golongan", "jabatan", "instansi"])
                for i in range(n):
                    w.writerow(
                        [
                            make_nip(5_000_000 + i),
                            f"Peserta Impor {i + 1}",
                            "Penata (III/c)",
                            "Kepala Seksi Umum",
                            "Dinas Kominfo",
                        ]
                    )
            try:
                runs.append(
                    run_child(
                        "import_participants",
                        timeout=IMPORT_LIMIT,
                        db=str(db),
                        csv_path=str(csv_path),
                        cohort="IMPORT-4000",
                    )
                )
            except subprocess.TimeoutExpired:
                return [
                    Figure(
                        "import.4000",
                        "Import of 4,000 participants from CSV (validate + write)",
                        f"> {IMPORT_LIMIT} s",
                        "≤ 5 s",
                        False,
                        "stopped after the limit",
                    )
                ]
    t = median([x["seconds"] for x in runs])
    cpu = median([x["cpu"] for x in runs])
    return [
        Figure(
            "import.4000",
            "Import of 4,000 participants from CSV (validate + write)",
            secs(t),
            "≤ 5 s",
            t <= 5,
            f"CPU {secs(cpu)}, {runs[0]['sql']} SQL statements, {runs[0]['accounts']} accounts",
            data={"runs": runs},
        )
    ]


# ---------------------------------------------------------------------------
# memory of the whole app
# ---------------------------------------------------------------------------


async def _visit_everything(db_path: str, meta: dict[str, Any]) -> dict[str, Any]:
    from diklat.db.engine import Database
    from diklat.domain.workflow import STAGES
    from diklat.tui.app import DiklatApp
    from diklat.tui.screens.home import HomeScreen

    db = Database.open(db_path)
    app = DiklatApp(db)
    visited = []
    running = meta["running_cohort"]["id"]

    async def settle(pilot) -> None:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for who in ("participant", "coach", "coordinator", "admin"):
            actor = actor_for(db, meta[who])
            app.actor = actor
            await app.push_screen(HomeScreen(actor))
            await settle(pilot)
            visited.append(f"{who}:home")
            screens = []
            if who == "participant":
                from diklat.tui.screens.participant import screen_class

                home = app.screen
                eid = (
                    home.data.enrolments[0].enrolment_id
                    if home.data and home.data.enrolments
                    else None
                )
                if eid is not None:
                    screens += [
                        (f"stage:{st.value}", lambda st=st: screen_class(st)(actor, eid))
                        for st in STAGES
                    ]
            else:
                for name, module, cls, args in (
                    ("queue", "diklat.tui.screens.review.queue", "QueueScreen", ()),
                    ("marking", "diklat.tui.screens.review.marking", "MarkingListScreen", ()),
                    ("moderation", "diklat.tui.screens.review.moderation", "ModerationScreen", ()),
                    ("bank", "diklat.tui.screens.review.bank", "CommentBankScreen", ()),
                    (
                        "progress",
                        "diklat.tui.screens.coordinator.progress",
                        "ProgressScreen",
                        (running,),
                    ),
                ):
                    try:
                        klass = need(module, cls)
                    except Pending:
                        continue
                    screens.append((name, lambda klass=klass, args=args: klass(*args)))
            for name, make in screens:
                await app.push_screen(make())
                await settle(pilot)
                visited.append(f"{who}:{name}")
                await app.pop_screen()
                await settle(pilot)
            await app.pop_screen()
            await settle(pilot)
    db.dispose()
    return {"visited": visited}


@child("app_memory")
def _app_memory_child(db: str, meta: dict[str, Any]) -> dict[str, Any]:
    return asyncio.run(_visit_everything(db, meta))


@child("minimal_memory")
def _minimal_memory_child() -> dict[str, Any]:
    sys.path.insert(0, str(BENCH))
    from minimal_app import MinimalApp

    async def go() -> None:
        app = MinimalApp()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()

    asyncio.run(go())
    return {}


@measure("memory", "App peak RSS after every screen vs minimal app")
def memory(ctx: Ctx) -> list[Figure]:
    apps, mins = [], []
    for _ in range(1 if ctx.quick else 3):
        apps.append(run_child("app_memory", db=str(ctx.path(ctx.large)), meta=ctx.meta(ctx.large)))
        mins.append(run_child("minimal_memory"))
    a = median([r["maxrss_mb"] for r in apps])
    m = median([r["maxrss_mb"] for r in mins])
    return [
        Figure(
            "memory.app",
            f"App peak RSS after {len(apps[0]['visited'])} screens (N={ctx.large:,}) / minimal app",
            f"{a:.0f} MB / {m:.0f} MB = {a / m:.2f}x",
            "≤ 1.5x",
            a / m <= 1.5,
            detail=", ".join(apps[0]["visited"]),
            data={"app": apps, "minimal": mins},
        ),
    ]


@measure("evidence", "Evidence: 30 files of ~1 MB on one stage (bench/evidence.py)")
def evidence(ctx: Ctx) -> list[Figure]:
    need("diklat.services.attachments", "add", "list_attachments")
    import evidence as bench_evidence

    return bench_evidence.measure_sqlite(ctx.repeats * 2)
