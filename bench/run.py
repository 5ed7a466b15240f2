#!/usr/bin/env python3
"""Run every measurement and judge it against its budget (issue 6).

    python3 bench/run.py            # N = 400 vs 40,000 (databases generated on first use)
    python3 bench/run.py --quick    # N = 400 vs 4,000, fewer repeats: a quick look
    python3 bench/run.py --only screen.participant_home --only startup

Prints a table and writes bench/results/<time>.json (and bench/results/latest.json).
Each figure is the median of several runs; ratios come from runs interleaved in the
same process and minute. Figures are judged here, never in the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
import traceback
from datetime import datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from harness import REGISTRY, Figure, Pending, child_main  # noqa: E402


def _machine() -> dict:
    info = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "loadavg_start": os.getloadavg(),
    }
    try:
        info["commit"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=BENCH.parent,
        ).stdout.strip()
    except OSError:
        pass
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return info


# What issue 12 part 6 compares: the key screens, results, the graduation exports.
ON_POSTGRES = ("screen.", "results", "export.graduation_csv", "export.xlsx", "export.one_cohort")


def _on_postgres(server: str, ctx, chosen, console, timings) -> list[Figure]:
    """The same measurements on PostgreSQL copies of the same databases; each figure's
    title starts with "PostgreSQL:" and sits in the table beside SQLite's."""
    import measures
    from pg import pg_files

    try:
        files = pg_files(server, ctx.files)
    except Exception as exc:  # the SQLite figures are still worth their table
        traceback.print_exc()
        return [Figure("pg", "PostgreSQL", "error", "", False, f"{type(exc).__name__}: {exc}")]
    pg_ctx = measures.Ctx(
        quick=ctx.quick,
        small=ctx.small,
        large=ctx.large,
        linear_sizes=ctx.linear_sizes,
        repeats=ctx.repeats,
        files=files,
    )
    found: list[Figure] = []
    try:
        for m in chosen:
            if not m.key.startswith(ON_POSTGRES):
                continue
            console.print(f"[dim]· PostgreSQL {m.key}: {m.title}[/dim]")
            t0 = time.perf_counter()
            try:
                figures = m.fn(pg_ctx)
            except Exception as exc:  # one broken measurement must not hide the others
                traceback.print_exc()
                figures = [
                    Figure(m.key, m.title, "error", "", False, f"{type(exc).__name__}: {exc}")
                ]
            for f in figures:
                f.key, f.title = f"pg.{f.key}", f"PostgreSQL: {f.title}"
            found.extend(figures)
            timings[f"pg.{m.key}"] = round(time.perf_counter() - t0, 1)
    finally:
        pg_ctx.close()
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="N = 400 vs 4,000 and fewer repeats")
    ap.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="KEY",
        help="run only measurements whose key starts with KEY",
    )
    ap.add_argument("--large", type=int, help="the large N (default 40000, quick 4000)")
    ap.add_argument(
        "--postgres",
        metavar="URL",
        help="also run the screens, results and exports on PostgreSQL: a server URL whose "
        "role may create databases (bench/pg.py)",
    )
    ap.add_argument("--child", nargs=2, metavar=("NAME", "JSON"), help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, default=BENCH / "results")
    args = ap.parse_args(argv)

    import measures  # noqa: F401 - registers the measurements and children

    if args.child:
        try:
            child_main(*args.child)
        except Pending as exc:
            print(f"Pending: {exc}", file=sys.stderr)
            return 3
        return 0

    from generate import ensure
    from rich.console import Console
    from rich.table import Table

    console = Console()
    small = 400
    large = args.large or (4000 if args.quick else 40000)
    linear = sorted({small, 4000, large})
    files = {}
    for n in linear:
        files[n] = ensure(n)
    ctx = measures.Ctx(
        quick=args.quick,
        small=small,
        large=large,
        linear_sizes=linear,
        repeats=5 if args.quick else 11,
        files=files,
    )
    machine = _machine()
    started = time.time()
    figures: list[Figure] = []
    timings = {}
    chosen = [
        m
        for m in sorted(REGISTRY, key=lambda m: m.order)
        if not args.only or any(m.key.startswith(o) for o in args.only)
    ]
    for m in chosen:
        console.print(f"[dim]· {m.key}: {m.title}[/dim]")
        t0 = time.perf_counter()
        try:
            figures.extend(m.fn(ctx))
        except Pending as exc:
            figures.append(Figure(m.key, m.title, "pending", "", None, str(exc)))
        except Exception as exc:  # one broken measurement must not hide the others
            traceback.print_exc()
            figures.append(
                Figure(m.key, m.title, "error", "", False, f"{type(exc).__name__}: {exc}")
            )
        timings[m.key] = round(time.perf_counter() - t0, 1)
    ctx.close()
    if args.postgres:
        figures.extend(_on_postgres(args.postgres, ctx, chosen, console, timings))
    machine["loadavg_end"] = os.getloadavg()

    table = Table(
        title=f"diklat benchmarks: N={small:,} vs N={large:,}" + (" (quick)" if args.quick else "")
    )
    table.add_column("measurement")
    table.add_column("figure", justify="right")
    table.add_column("budget")
    table.add_column("")
    for f in figures:
        mark = (
            "[green]met[/green]"
            if f.met
            else ("[red]MISSED[/red]" if f.met is False else "[dim]-[/dim]")
        )
        table.add_row(f.title, f.value, f.budget, mark)
    console.print(table)
    for f in figures:
        if f.detail and f.met is not True:
            console.print(f"[dim]{f.key}: {f.detail}[/dim]")
    console.print(
        f"[dim]load average {machine['loadavg_start'][0]:.2f} at start, {machine['loadavg_end'][0]:.2f} at end, "
        f"{machine['cpus']} CPUs; {time.time() - started:.0f} s[/dim]"
    )

    result = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "quick": args.quick,
        "sizes": {"small": small, "large": large, "linear": linear},
        "machine": machine,
        "generated": {
            str(n): {k: files[n][1].get(k) for k in ("seconds", "bytes", "rows")} for n in files
        },
        "seconds_per_measurement": timings,
        "figures": [f.__dict__ for f in figures],
    }
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    text = json.dumps(result, indent=1, default=str)
    (args.out / f"{stamp}{'-quick' if args.quick else ''}.json").write_text(text, encoding="utf-8")
    if not args.only:
        (args.out / ("latest-quick.json" if args.quick else "latest.json")).write_text(
            text, encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
