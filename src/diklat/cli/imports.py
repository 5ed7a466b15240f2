"""``diklat import participants|staff|assignments|marks|attendance FILE --cohort CODE [--sheet NAME]``.

Imports read and check the whole file first; a bad file prints every problem
(row, column, reason) and exits 1 with nothing written. ``--dry-run`` says what would
change. Long work shows a Rich progress bar on stderr when stderr is a terminal.
Every kind goes through the importer registry (``services.importers``), as the
coordinator's import tab does.
"""

from __future__ import annotations

from pathlib import Path

import click

from diklat.cli.common import State, operator, out, progress_bar, report_unknown_columns
from diklat.i18n import t
from diklat.services.importers import IMPORTERS, Importer


def register(main: click.Group) -> None:
    @main.group("import", help=t("admin.help.import_group"))
    def import_group() -> None:
        pass

    for kind in IMPORTERS:
        _command(import_group, kind)


def _command(import_group: click.Group, kind: str) -> None:
    def command(
        state: State,
        file: Path,
        cohort_code: str,
        dry_run: bool,
        sheet: str | None,
        as_login: str | None = None,
    ) -> None:
        _import(state, IMPORTERS[kind], file, cohort_code, dry_run, as_login, sheet)

    command = click.pass_obj(command)
    command = click.option("--dry-run", is_flag=True, help=t("admin.help.dry_run"))(command)
    command = click.option("--sheet", metavar="NAME", default=None, help=t("admin.help.sheet"))(
        command
    )
    if kind == "marks":  # marks are recorded in someone's name: the marker's or the coordinator's
        command = click.option(
            "--as", "as_login", required=True, metavar="LOGIN", help=t("admin.help.as_login")
        )(command)
    command = click.option(
        "--cohort", "cohort_code", required=True, metavar="CODE", help=t("admin.help.cohort")
    )(command)
    command = click.argument("file", type=click.Path(dir_okay=False, path_type=Path))(command)
    import_group.command(kind, help=t(f"admin.help.import_{kind}"))(command)


def _check_cohort(state: State, code: str):
    """A cohort that does not exist (or is not the operator's) is said before the file is read."""
    from diklat.services.cohort_admin import cohort_settings

    return cohort_settings(state.database(), operator(), code)


def _in_file(file: Path, fn, *args, **kwargs):
    """``fn(*args, **kwargs)``; the problems of an invalid import name ``file``."""
    from diklat.domain.imports import ImportInvalid

    try:
        return fn(*args, **kwargs)
    except ImportInvalid as exc:
        exc.path = str(file)
        raise


def _import(
    state: State,
    importer: Importer,
    file: Path,
    cohort_code: str,
    dry_run: bool,
    as_login: str | None,
    sheet: str | None = None,
) -> None:
    db = state.database()
    _check_cohort(state, cohort_code)
    actor = operator()
    if as_login is not None:
        from diklat.services.cohort_admin import acting_as

        actor = acting_as(db, actor, as_login, cohort_code)
    rows, unknown = _in_file(file, importer.read_checked, db, actor, cohort_code, file, sheet)
    report_unknown_columns(unknown)
    if dry_run:
        result = _in_file(file, importer.plan, db, actor, cohort_code, rows, unknown)
    else:
        with progress_bar(t("admin.cli.importing"), len(rows)) as advance:
            result = _in_file(
                file, importer.apply, db, actor, cohort_code, rows, unknown, progress=advance
            )
    out.print(importer.summary(result, not dry_run, actor))
    if importer.kind in ("participants", "staff") and not dry_run and result.accounts:
        out.print(t("admin.cli.slips_hint", cohort=result.plan.cohort_code))
    if importer.kind == "attendance" and result.with_sessions:
        out.print(t("admin.cli.attendance_sessions_win", count=result.with_sessions))
