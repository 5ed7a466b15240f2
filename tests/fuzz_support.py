"""What the fuzz tests share: how many inputs a property gets and hypothesis's settings.

``DIKLAT_FUZZ_EXAMPLES=N`` sets the number; ``DIKLAT_LONG=1`` (the suite's long mode)
makes it 1000 instead of 100. The default run draws the same inputs every time, so the
suite (and CI) gives the same answer twice; the long mode draws new ones each run, to
find what the default does not (a bug it finds becomes a regression example)."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import backends
from hypothesis import HealthCheck, settings

LONG = bool(os.environ.get("DIKLAT_LONG"))
EXAMPLES = int(os.environ.get("DIKLAT_FUZZ_EXAMPLES", "1000" if LONG else "100"))
# On PostgreSQL every example costs a new database (a tenth of a second): the same
# properties with a quarter of the inputs; the parsers under test are the same code.
EXAMPLES_PG = int(os.environ.get("DIKLAT_FUZZ_EXAMPLES_PG", str(max(1, EXAMPLES // 4))))


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=not LONG,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


class _Fuzz:
    """hypothesis's settings for the database the running test is on (chosen when the
    property is decorated, which is inside the test)."""

    def __call__(self, test):
        return _settings(EXAMPLES_PG if backends.current == "pg" else EXAMPLES)(test)


FUZZ = _Fuzz()


REPO = Path(__file__).resolve().parents[1]


def write_figures(name: str, inputs: Counter) -> None:
    """The run's counts, for docs/reliability.md: .reliability/<name>.json (not committed)."""
    if not inputs:
        return
    out = REPO / ".reliability"
    out.mkdir(exist_ok=True)
    figures = {
        "examples_per_property": EXAMPLES,
        "inputs": dict(inputs),
        "total": sum(inputs.values()),
    }
    (out / f"{name}.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
