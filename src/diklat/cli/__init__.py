"""The command line. Each command is a thin call into the services.

Errors are one line on stderr with exit code 1; usage errors exit 2; never a traceback
(set DIKLAT_DEBUG=1 to see one while developing).

Plain ``diklat`` (with at most ``--db`` and ``--lang``) and plain ``diklat demo`` (with at
most ``--db`` and ``--reset`` after it) start the app without importing click;
everything else is parsed by the click group that ``cli.root.build`` makes.

Where things are:

- ``common.py``: what every command uses: ``out``/``err`` (the consoles), ``State``
  (``state.database()``), ``operator()`` (the acting user), ``parse_date``,
  ``read_secret``, ``progress_bar``, ``output_format``, and how errors become exit codes;
- one module per area (``accounts.py``, ``cohorts.py``, ``cohort_life.py``,
  ``imports.py``, ``exports.py``, ``results.py``, ``database.py``, ``rubrics.py``,
  ``demo.py``), each with ``register(main: click.Group)``;
- ``root.py``: the main group and ``AREAS``, the list of those ``register`` functions.

To add a command group: write ``cli/NAME.py`` with ``register(main)`` that adds the group
(``@main.group("name", help=t("..."))``) and one small function per command, importing
the services inside each command (``diklat --help`` stays quick); add its ``register`` to
``AREAS`` in ``root.py``. A command added to an existing group takes it as
``main.commands["cohort"]``, from a module registered after the one that makes it. Every
help text and message goes through the catalogue (``i18n/{id,en}/*.toml``).
Tests run commands in-process with ``tests/cli_runner.py``.
"""

from __future__ import annotations

import os
import sys

from diklat.cli.common import State, exit_codes, start_app, start_demo
from diklat.i18n import LANGUAGES, set_language

__all__ = ["main"]


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    # Help texts are built in the chosen language, so it must be known before parsing.
    set_language(_language_from_argv(args))
    with exit_codes():
        app = _app_only(args)
        demo = _demo_only(args) if app is None else None
        if app is not None:
            start_app(State(app[0]))
        elif demo is not None:
            start_demo(*demo)
        else:
            _run_click(args)


def _language_from_argv(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return os.environ.get("DIKLAT_LANG")


def _app_only(args: list[str]) -> tuple[str | None] | None:
    """``(db,)`` when the arguments just start the app (``--db PATH``, ``--lang LANG``,
    nothing else); None for everything else, which click parses. Start-up skips click
    (a tenth of the time to the log-in screen); anything unusual, such as an unknown
    language, goes to click for its message."""
    db, i = None, 0
    while i < len(args):
        arg = args[i]
        if arg in ("--db", "--lang") and i + 1 < len(args):
            name, value, i = arg, args[i + 1], i + 2
        elif arg.startswith(("--db=", "--lang=")):
            (name, value), i = arg.split("=", 1), i + 1
        else:
            return None
        if not value or value.startswith("-") or (name == "--lang" and value not in LANGUAGES):
            return None
        if name == "--db":
            db = value
    return (db,)


def _demo_only(args: list[str]) -> tuple[str | None, bool] | None:
    """``(db, reset)`` when the arguments just open the demo (``diklat [--db P] [--lang L]
    demo [--db P] [--reset]``); None for everything else (``--serve``, ``--no-app``,
    ``--help``, ...), which click parses."""
    if "demo" not in args:
        return None
    at = args.index("demo")
    before = _app_only(args[:at])
    if before is None:
        return None
    db, reset, rest = before[0], False, args[at + 1 :]
    i = 0
    while i < len(rest):
        arg = rest[i]
        if arg == "--reset":
            reset, i = True, i + 1
        elif arg == "--db" and i + 1 < len(rest) and rest[i + 1] and rest[i + 1][0] != "-":
            db, i = rest[i + 1], i + 2
        elif arg.startswith("--db=") and len(arg) > 5 and arg[5] != "-":
            db, i = arg[5:], i + 1
        else:
            return None
    return db, reset


def _run_click(args: list[str]) -> None:
    from diklat.cli.common import invoke
    from diklat.cli.root import build

    invoke(build(), args)
