"""The garbage collector, tuned for drawing screens (issue 6, screens budget).

Textual allocates a great many short-lived objects while it draws (a ``Strip`` and
seven small caches per piece of a line). With CPython's default threshold, a
collection of the youngest generation every 700 net allocations, opening the
coordinator's cohort screen ran some 75 young and 7 middle collections, and every
other opening a full one over the whole heap: together about 90 ms of a 250 ms
opening on the benchmark machine (N=40,000). Nearly all of those objects die young,
freed by reference counting; collecting the youngest generation every 10,000
allocations instead brought the collector's share to about 20 ms. Full collections
become rarer in proportion; cyclic garbage (a closed screen) is still collected, a
little later.
"""

from __future__ import annotations

import gc

YOUNGEST = 10_000


def tune() -> None:
    """Collect the youngest generation less often (never more often than now)."""
    youngest, middle, oldest = gc.get_threshold()
    if 0 < youngest < YOUNGEST:
        gc.set_threshold(YOUNGEST, middle, oldest)
