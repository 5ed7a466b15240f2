#!/usr/bin/env python3
"""Print a results file of bench/run.py as the Markdown table of docs/performance.md's
Performance section (only the judged figures and the CPU times next to them).

    python3 bench/table.py                          # bench/results/latest.json
    python3 bench/table.py bench/results/FILE.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def rows(result: dict) -> list[str]:
    out = ["| measurement | figure | budget | |", "|---|---|---|---|"]
    for f in result["figures"]:
        if f["met"] is None and not f["key"].endswith(".draw_cpu"):
            continue  # informative figures stay in the JSON; CPU time explains a drawn time
        verdict = "met" if f["met"] else ("**missed**" if f["met"] is False else "–")
        out.append(f"| {f['title']} | {f['value']} | {f['budget']} | {verdict} |")
    return out


def beside(result: dict) -> list[str]:
    """SQLite's and PostgreSQL's figure of each measurement run on both (run.py --postgres)."""
    pg = {f["key"][3:]: f for f in result["figures"] if f["key"].startswith("pg.")}
    out = ["| measurement | SQLite | PostgreSQL | budget |", "|---|---|---|---|"]
    for f in result["figures"]:
        other = pg.get(f["key"])
        if other is None or (f["met"] is None and not f["key"].endswith(".draw_cpu")):
            continue

        def shown(x: dict) -> str:
            return x["value"] + (" (**missed**)" if x["met"] is False else "")

        out.append(f"| {f['title']} | {shown(f)} | {shown(other)} | {f['budget']} |")
    return out


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else BENCH / "results" / "latest.json"
    result = json.loads(path.read_text(encoding="utf-8"))
    m = result["machine"]
    print(
        f"Figures from {m.get('cpu', '?')}, {m['cpus']} cores, Python {m['python']}, commit {m.get('commit', '?')}, "
        f"load average {m['loadavg_start'][0]:.2f} at the start and {m['loadavg_end'][0]:.2f} at the end "
        f"({result['when']}).\n"
    )
    if any(f["key"].startswith("pg.") for f in result["figures"]):
        print("\n".join(beside(result)))
    else:
        print("\n".join(rows(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
