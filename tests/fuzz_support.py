"""What the fuzz tests share: how many inputs a property gets and hypothesis's settings.

``DIKLAT_FUZZ_EXAMPLES=N`` sets the number; ``DIKLAT_LONG=1`` (the suite's long mode)
makes it 1000 instead of 100. The default run draws the same inputs every time, so the
suite (and CI) gives the same answer twice; the long mode draws new ones each run, to
find what the default does not (a bug it finds becomes a regression example)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

LONG = bool(os.environ.get("DIKLAT_LONG"))
EXAMPLES = int(os.environ.get("DIKLAT_FUZZ_EXAMPLES", "1000" if LONG else "100"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not LONG,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.large_base_example],
)
