"""Files a screen makes for the person using it: a download in their browser when the
app is served (``diklat serve``), a file on this computer in a terminal.

A served session must leave nothing of a user's on the server's disk: the file is made
in a private temporary folder (the writers make files by path, whole or not at all),
read back, removed, and handed to the browser with Textual's ``deliver_binary``.
"""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from textual.app import App

T = TypeVar("T")


def served(app: App) -> bool:
    return app.is_web


def file_name(text: str) -> str:
    """What a browser download may be called: the last part of what was typed, letters,
    digits, ``-``, ``_`` and ``.`` (the name also goes into an HTTP header)."""
    name = re.sub(r"[^\w.-]", "_", Path(text.strip()).name).lstrip(".")
    return name or "diklat"


def suggested(app: App, name: str) -> str:
    """The path a form suggests: a bare file name when served (it goes to the browser's
    downloads), else that name in the working directory."""
    return name if served(app) else str(Path.cwd() / name)


def make_file(app: App, typed: str | Path, write: Callable[[Path], T]) -> tuple[T, str]:
    """``write(path)`` makes the file; returns its result and where the file went (the
    path, or the download's name). Call it from a worker thread."""
    if not served(app):
        path = Path(typed).expanduser()
        return write(path), str(path)
    name = file_name(str(typed))
    with tempfile.TemporaryDirectory(prefix="diklat-") as folder:
        path = Path(folder) / name
        result = write(path)
        data = path.read_bytes()
    app.call_from_thread(app.deliver_binary, io.BytesIO(data), save_filename=name)
    return result, name


def reads_server_files(app: App) -> bool:
    """A path typed into a form names a file on the machine the app runs on: in a
    terminal the user's own, when served the server's, which no user may read."""
    return not served(app)
