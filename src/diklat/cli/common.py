"""What every command module uses: the consoles, the database named on the command
line, the operator acting, dates, secrets, progress, file formats, and how errors
become exit codes.

Nothing here imports click at module level: plain ``diklat`` (the app) imports this
module and must not pay for click (tests/test_startup.py).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from diklat.domain.errors import DomainError
from diklat.i18n import t
from diklat.textsafe import SafeConsole

if TYPE_CHECKING:
    import click

    from diklat.db.engine import Database
    from diklat.services.actor import Actor

# Markup, emoji codes and highlighting off, control characters made visible: names and
# messages carry user text and must print literally (diklat.textsafe).
out = SafeConsole()
err = SafeConsole(stderr=True)

FORMAT_BY_SUFFIX = {".csv": "csv", ".xlsx": "xlsx", ".pdf": "pdf"}


class State:
    """The context object of every command (``@click.pass_obj``): the databases it opens
    are closed when the command ends (``close``)."""

    def __init__(self, db: str | None) -> None:
        self.db_arg = db
        self._db = None
        self._opened: list[Database] = []

    def database(self, path: str | None = None) -> Database:
        """Open (and migrate) the database named by --db, DIKLAT_DB or the default location.
        A command that only reads (``READS_ONLY``) does not create a missing one."""
        from diklat.db.migrate import upgrade

        if self._db is None:
            self._db = self._open(path or self.db_arg, create=not _reads_only())
            upgrade(self._db)
        return self._db

    def unmigrated(self) -> Database:
        """The database as it is, for the commands that migrate or replace it."""
        return self._open(self.db_arg)

    def _open(self, db: str | None, *, create: bool = True) -> Database:
        from diklat.db.engine import Database

        opened = Database.open(db, create=create)
        self._opened.append(opened)
        return opened

    def close(self) -> None:
        for db in self._opened:
            db.dispose()
        self._opened.clear()


# Commands that only read (or copy) the database: on a mistyped path they say there is
# no database there instead of leaving folders and an empty database behind.
READS_ONLY = frozenset(
    {
        "audit",
        "backup",
        "cohort list",
        "cohort rules",
        "cohort show",
        "export",
        "institution list",
        "remind",
        "results",
        "rubric export",
        "rubric list",
        "user list",
        "visit",
    }
)


def _reads_only() -> bool:
    import click

    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return False
    words = ctx.command_path.split()[1:]  # without the program's name
    return any(" ".join(words[:n]) in READS_ONLY for n in range(1, len(words) + 1))


def start_app(state: State) -> None:
    """The app itself (plain ``diklat``)."""
    from diklat.tui.app import run_app

    # The log-in screen is drawn first; the database is opened (and migrated) behind
    # it. Opening errors end the app and are raised here, reported by ``exit_codes``.
    run_app(open_db=state.database)


def start_demo(db: str | None, reset: bool) -> None:
    """``diklat demo``: the log-in screen is drawn first, the demo database prepared
    (seeded on first use, or afresh with ``reset``) behind it. Where it lives is said
    when the app ends (printed before, the app's screen would cover it)."""
    from diklat.tui.app import run_app

    prepared = []

    def open_demo():
        from diklat.db.engine import Database
        from diklat.services.demo import prepare_demo

        path = prepare_demo(db, reset=reset)
        prepared.append(path)
        return Database.open(path)

    run_app(open_db=open_demo, demo=True)
    if prepared:
        out.print(t("cli.demo_ready", path=str(prepared[0])))


def operator() -> Actor:
    """Who acts on the command line: the operator at the server's console, named in the
    audit log by their operating-system user."""
    from diklat.services.actor import Actor

    return Actor.system(os_user())


def os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no name for this uid (a container): the number then
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "?"


def parse_date(value: str, option: str) -> date:
    """``YYYY-MM-DD``, or click's usage error naming ``option``."""
    import click

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(t("cli.bad_date", value=value), param_hint=option) from None


def read_secret(prompt_key: str, from_stdin: bool) -> str:
    """A password: one line of stdin (``from_stdin`` or no terminal), else asked twice."""
    if from_stdin or not sys.stdin.isatty():
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    import click

    first = click.prompt(t(prompt_key), hide_input=True, err=True)
    again = click.prompt(t("cli.password_again"), hide_input=True, err=True)
    if first != again:
        raise DomainError("cli.passwords_differ")
    return first


def output_format(fmt: str | None, output: Path, allowed: tuple[str, ...]) -> str:
    """``--format``, or the one the output file's suffix names; a usage error otherwise."""
    import click

    fmt = fmt or FORMAT_BY_SUFFIX.get(output.suffix.lower())
    if fmt not in allowed:
        raise click.BadParameter(
            t("admin.cli.format_needed", formats=", ".join(allowed)), param_hint="--format"
        )
    return fmt


def report_unknown_columns(columns: list[str]) -> None:
    """Columns of an imported file that nothing reads: said on stderr, not an error."""
    if columns:
        err.print(t("io.unknown_columns", columns=", ".join(columns)))


@contextmanager
def progress_bar(label: str, total: int | None) -> Iterator[Callable[..., None]]:
    """A callback ``advance(done, total=None)``; a Rich bar on stderr only when it is a terminal."""
    if not err.is_terminal:
        yield lambda *a, **k: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=total)

        def advance(done: int, total: int | None = None) -> None:
            bar.update(task, completed=done, **({"total": total} if total is not None else {}))

        yield advance


def invoke(group: click.Group, args: list[str]) -> None:
    """Parse and run ``args``; click's own endings become exit codes: usage errors 2
    (with where to find help), an abort (a refused confirmation) 1."""
    import click

    try:
        group.main(args=args, prog_name="diklat", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        err.print(t("cli.aborted"))
        sys.exit(1)
    except click.UsageError as exc:
        err.print(t("cli.usage_error", detail=exc.format_message()), style="red")
        if exc.ctx is not None:
            err.print(t("cli.see_help", command=exc.ctx.command_path))
        sys.exit(2)


@contextmanager
def exit_codes() -> Iterator[None]:
    """Errors end the command as one line on stderr, never a traceback: a refused action
    (DomainError) and anything unexpected exit 1, an interrupt 130.
    DIKLAT_DEBUG=1 lets an unexpected error's traceback through while developing."""
    try:
        yield
    except DomainError as exc:
        from diklat.io.seed import SeedInvalid

        err.print(t("cli.error", message=exc.message()), style="red")
        if isinstance(exc, SeedInvalid):
            for problem in exc.problems:
                err.print(f"  {problem}", markup=False)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # the last line of defence: one clear line, no traceback
        from diklat.db.errors import storage_error

        disk = storage_error(exc)
        if disk is not None:  # the disk or the database file refused: say which, in words
            err.print(t("cli.error", message=disk.message()), style="red")
            sys.exit(1)
        if os.environ.get("DIKLAT_DEBUG"):
            raise
        err.print(
            t("cli.unexpected", error=f"{type(exc).__name__}: {exc}"), style="red", markup=False
        )
        sys.exit(1)
