"""Private files, and the leftovers of a process that was killed while writing one.

Every file diklat writes for a person holds personal data (NIPs carry the birth date
and sex; slips carry one-time passwords; exports carry marks), so it is created
readable by its owner only (0600), whatever the umask.

A file that is written whole or not at all goes first to a temporary name beside its
target, made of the target's name, a purpose and the writing process's id:
``.diklat.db.backup-4242.tmp``, ``.daftar-lulusan.csv.write-4242.part``. A process
killed before its rename leaves that file (a full copy of the database, a half export)
behind; :func:`remove_stale` removes those whose process is gone, and is called where
such files are made (opening a database, writing an export), so the next run clears
what the last one left. A file of a live process (another export running now) is left
alone, and so is anything not named this way.

Standard library only: used by ``db/`` and ``io/`` alike.
"""

from __future__ import annotations

import os
import re
from contextlib import suppress
from pathlib import Path

PRIVATE = 0o600
_LEFTOVER = re.compile(
    r"^\.(?P<name>.+)\.(?P<purpose>[a-z]+)-(?P<pid>\d+)\.(?:tmp|part)(?:-wal|-shm|-journal)?$"
)


def temp_beside(path: Path, purpose: str, suffix: str = "tmp") -> Path:
    """The temporary name for ``path`` written by this process for ``purpose``."""
    return path.with_name(f".{path.name}.{purpose}-{os.getpid()}.{suffix}")


def target_of(path: Path) -> Path:
    """The file a temporary name stands for (``.a.csv.write-42.part`` -> ``a.csv``); any
    other path as it is. Messages name the file the person asked for."""
    match = _LEFTOVER.match(path.name)
    return path.with_name(match["name"]) if match else path


def create_private(path: Path) -> None:
    """A new, empty file at ``path`` that only its owner can read (one left there by an
    earlier attempt of this same process is replaced)."""
    with suppress(FileNotFoundError):
        path.unlink()
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    except OverflowError:
        return False
    return True


def remove_stale(folder: Path) -> list[Path]:
    """Remove the temporary files in ``folder`` whose writing process no longer runs;
    returns what was removed. A folder that cannot be read is left as it is."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _LEFTOVER.match(entry.name)
        if match is None or _alive(int(match["pid"])):
            continue
        with suppress(OSError):
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed
