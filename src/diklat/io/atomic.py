"""Files written whole or not at all.

An export computes while it writes (the all-cohorts list streams cohort by cohort): a
failure half-way (a refused rule set, a full disk, Ctrl+C) must not leave a truncated
file under the name the user asked for. Everything is written to ``NAME.part`` beside
it and renamed over the target only when complete.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(path: Path | str) -> Iterator[Path]:
    """Yield the temporary path to write; on success it replaces ``path``, on failure it goes."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        yield tmp
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
