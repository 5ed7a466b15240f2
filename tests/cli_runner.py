"""``diklat ARGS`` run in this process, as ``python -m diklat ARGS`` runs it: through
``diklat.cli.main`` (so its exit codes and one-line errors are what is checked), with
click's ``CliRunner`` isolating stdin, stdout, stderr and the environment.

A real process costs about a second of interpreter start and imports; the tests that
need one (start-up, a crash, a terminal) still start one. What a process would have
fresh, each run gets fresh and gives back afterwards: the environment (none of the
caller's DIKLAT_* settings; ``env`` on top), the language (``main`` sets it from
``--lang``/DIKLAT_LANG), the working directory, and the width and colours of the
command line's consoles (Rich reads those once, when the console is made).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from diklat.cli import main
from diklat.cli.common import err, out
from diklat.i18n import language, set_language


@dataclass
class Ran:
    code: int
    out: str
    err: str

    @property
    def both(self) -> str:
        return self.out + self.err

    # The names of subprocess.CompletedProcess, which the tests checked before.
    returncode = property(lambda self: self.code)
    stdout = property(lambda self: self.out)
    stderr = property(lambda self: self.err)


def run_cli(
    *args: str,
    input: str | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    columns: int = 250,
) -> Ran:
    """Wide lines by default (250 columns) so that messages are not wrapped."""
    environ: dict[str, str | None] = {k: None for k in os.environ if k.startswith("DIKLAT_")}
    environ.update(COLUMNS=str(columns), **(env or {}))
    with _process_state(cwd, columns):
        with CliRunner().isolation(input=input or "", env=environ) as (stdout, stderr, _):
            try:
                main([str(a) for a in args])
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            return Ran(code, stdout.getvalue().decode(), stderr.getvalue().decode())


@contextmanager
def _process_state(cwd: Path | None, columns: int) -> Iterator[None]:
    before = language(), os.getcwd(), [(c, c._width, c._color_system) for c in (out, err)]
    for console in (out, err):
        console.width = columns
        console._color_system = None  # output to a pipe: no colours, as in a fresh process
    if cwd is not None:
        os.chdir(cwd)
    try:
        yield
    finally:
        lang, where, consoles = before
        set_language(lang)
        os.chdir(where)
        for console, width, colours in consoles:
            console._width, console._color_system = width, colours
