"""When the disk or the database file refuses: one line a person can act on.

SQLite's own errors ("database or disk is full", "file is not a database", "attempt to
write a readonly database", "unable to open database file") reach diklat wrapped by
SQLAlchemy, with SQL and a link in the text; writing an export meets the same causes
as ``OSError``. :func:`storage_error` turns each into a catalogue message (``db.*``),
and is the one mapping the command line, the app's screens and the backup code use.
Anything else is not a storage problem and is left to the caller (None).
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from diklat.domain.errors import DomainError

# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_KEYS = {
    sqlite3.SQLITE_FULL: "db.disk_full",
    sqlite3.SQLITE_NOTADB: "db.not_a_database",
    sqlite3.SQLITE_CORRUPT: "db.damaged",
    sqlite3.SQLITE_READONLY: "db.read_only",
    sqlite3.SQLITE_PERM: "db.read_only",
    sqlite3.SQLITE_CANTOPEN: "db.cannot_open",
    sqlite3.SQLITE_IOERR: "db.io_error",
}
# Older SQLite builds give no code: the message then tells.
_SQLITE_TEXTS = (
    ("disk is full", "db.disk_full"),
    ("not a database", "db.not_a_database"),
    ("malformed", "db.damaged"),
    ("readonly database", "db.read_only"),
    ("unable to open", "db.cannot_open"),
    ("disk i/o error", "db.io_error"),
)
_OS_KEYS = {
    errno.ENOSPC: "db.disk_full",
    errno.EDQUOT: "db.disk_full",
    errno.EFBIG: "db.disk_full",
    errno.EROFS: "db.read_only",
    errno.EACCES: "db.no_permission",
    errno.EPERM: "db.no_permission",
    errno.EIO: "db.io_error",
    errno.ENOENT: "db.no_folder",
    errno.ENOTDIR: "db.no_folder",
}


class StorageError(DomainError):
    """The disk or the database file refused; the message says which and where."""


def storage_error(exc: BaseException, where: object = "") -> StorageError | None:
    """The catalogue message for ``exc`` when it is the disk or the database file
    refusing (``where``: the file concerned, for the message), otherwise None."""
    original = getattr(exc, "orig", None) or exc  # SQLAlchemy's DBAPIError wraps the driver's
    key = None
    if isinstance(original, sqlite3.Error):
        code = getattr(original, "sqlite_errorcode", None)
        if code is not None:
            key = _SQLITE_KEYS.get(code & 0xFF)
        if key is None:
            text = str(original).lower()
            key = next((k for fragment, k in _SQLITE_TEXTS if fragment in text), None)
        where = where or ""
    elif isinstance(original, OSError):
        from diklat.leftovers import target_of

        key = _OS_KEYS.get(original.errno or 0)
        if not where and original.filename:
            where = target_of(Path(os.fsdecode(original.filename)))
            if key == "db.no_folder":
                where = where.parent
    if key is None:
        return None
    if not where:
        from diklat.i18n import t

        where = t("db.the_database" if isinstance(original, sqlite3.Error) else "db.the_file")
    return StorageError(key, path=str(where))
