"""Files written whole or not at all, readable by their owner only.

An export computes while it writes (the all-cohorts list streams cohort by cohort): a
failure half-way (a refused rule set, a full disk, Ctrl+C) must not leave a truncated
file under the name the user asked for. Everything is written to a private temporary
file beside it (``.NAME.write-PID.part``, mode 0600: exports carry NIPs, marks and
one-time passwords) and renamed over the target only when complete; the target then
has the temporary file's mode. A part left by a killed export is removed by the next
export into the same folder (``diklat.leftovers``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from diklat.leftovers import create_private, remove_stale, temp_beside


@contextmanager
def replacing(path: Path | str) -> Iterator[Path]:
    """Yield the temporary path to write; on success it replaces ``path``, on failure it goes.

    The temporary file exists (empty, mode 0600) when it is yielded: writers open it
    for writing, which keeps that mode."""
    path = Path(path)
    remove_stale(path.parent)
    tmp = temp_beside(path, "write", "part")
    try:
        create_private(tmp)
        yield tmp
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def write_bytes(path: Path | str, data: bytes) -> int:
    """``data`` written whole to ``path`` (private, atomic); returns its size."""
    with replacing(path) as tmp:
        tmp.write_bytes(data)
    return len(data)


def write_text(path: Path | str, text: str) -> int:
    """``text`` written whole to ``path`` as UTF-8 (private, atomic); returns its size."""
    return write_bytes(path, text.encode("utf-8"))
