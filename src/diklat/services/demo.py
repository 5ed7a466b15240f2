"""The demo database: created on first use from ``sample_data/``.

Importing this module is cheap (the log-in screen reads the demo accounts from it while
``diklat demo`` still prepares the database behind it): the database layer is imported
by :func:`prepare_demo` itself."""

from __future__ import annotations

import os
from pathlib import Path

from diklat.domain.errors import DomainError
from diklat.paths import demo_db_path, sample_data_dir

DEMO_LOGINS = ("peserta", "coach", "mentor", "penguji", "penyelenggara", "admin")
DEMO_PASSWORD = "demo"


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        candidate = Path(str(path) + suffix)
        if candidate.exists():
            candidate.unlink()


def prepare_demo(db_arg: str | os.PathLike[str] | None = None, *, reset: bool = False) -> Path:
    """Return the demo database file, seeding it when it is new (or ``reset``).
    The seed is written to a temporary file first so that a failure leaves no half-made demo."""
    from diklat.db.engine import Database
    from diklat.db.migrate import upgrade
    from diklat.io.seed import read_seed_dir
    from diklat.services.actor import Actor
    from diklat.services.seeding import apply_seed

    path = Path(db_arg) if db_arg else demo_db_path()
    if "://" in str(db_arg or ""):
        raise DomainError("demo.needs_file")
    if reset:
        _remove(path)
    if path.exists():
        upgrade(Database.open(path))
        return path
    source = sample_data_dir()
    files = read_seed_dir(source)
    tmp = path.with_name(path.name + ".new")
    _remove(tmp)
    db = Database.open(tmp)
    try:
        upgrade(db)
        apply_seed(db, Actor.system(), files)
    except BaseException:
        db.dispose()
        _remove(tmp)
        raise
    db.checkpoint()  # everything into the main file before it is renamed into place
    db.dispose()
    _remove(Path(str(tmp) + "-wal"))
    _remove(Path(str(tmp) + "-shm"))
    os.replace(tmp, path)
    return path
