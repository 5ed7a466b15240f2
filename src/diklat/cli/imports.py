"""``diklat import participants|assignments|marks|attendance FILE --cohort CODE``.

Imports read and check the whole file first; a bad file prints every problem
(row, column, reason) and exits 1 with nothing written. ``--dry-run`` says what would
change. Long work shows a Rich progress bar on stderr when stderr is a terminal.
"""

from __future__ import annotations

from pathlib import Path

import click

from diklat.cli.common import State, operator, out, progress_bar, report_unknown_columns
from diklat.i18n import t


def register(main: click.Group) -> None:
    @main.group("import", help=t("admin.help.import_group"))
    def import_group() -> None:
        pass

    for add in (_participants, _assignments, _attendance, _marks):
        add(import_group)


def _cohort_option():
    return click.option(
        "--cohort", "cohort_code", required=True, metavar="CODE", help=t("admin.help.cohort")
    )


def _dry_run_option():
    return click.option("--dry-run", is_flag=True, help=t("admin.help.dry_run"))


def _file_argument():
    return click.argument("file", type=click.Path(dir_okay=False, path_type=Path))


def _check_cohort(state: State, code: str):
    """A cohort that does not exist (or is not the operator's) is said before the file is read."""
    from diklat.services.cohort_admin import cohort_settings

    return cohort_settings(state.database(), operator(), code)


def _in_file(file: Path, fn, *args, **kwargs):
    """``fn(*args, **kwargs)``; the problems of an invalid import name ``file``."""
    from diklat.io.tabular import ImportInvalid

    try:
        return fn(*args, **kwargs)
    except ImportInvalid as exc:
        exc.path = str(file)
        raise


def _read(state: State, reader, file: Path, cohort_code: str):
    _check_cohort(state, cohort_code)
    rows, unknown = _in_file(file, reader, file)
    report_unknown_columns(unknown)
    return rows, unknown


def _participants(import_group: click.Group) -> None:
    @import_group.command("participants", help=t("admin.help.import_participants"))
    @_file_argument()
    @_cohort_option()
    @_dry_run_option()
    @click.pass_obj
    def import_participants(state: State, file: Path, cohort_code: str, dry_run: bool) -> None:
        from diklat.io.participants_import import read_participants
        from diklat.services import enrolment

        rows, unknown = _read(state, read_participants, file, cohort_code)
        db, actor = state.database(), operator()
        if dry_run:
            plan = _in_file(
                file, enrolment.plan_participants, db, actor, cohort_code, rows, unknown
            )
            out.print(t("admin.cli.participants_plan", **_participants_counts(plan)))
            return
        with progress_bar(t("admin.cli.importing"), len(rows)) as advance:
            report = _in_file(
                file,
                enrolment.import_participants,
                db,
                actor,
                cohort_code,
                rows,
                unknown,
                progress=advance,
            )
        plan = report.plan
        out.print(
            t(
                "admin.cli.participants_done",
                **_participants_counts(plan),
                accounts=report.accounts,
            )
        )
        if report.accounts:
            out.print(t("admin.cli.slips_hint", cohort=plan.cohort_code))


def _participants_counts(plan) -> dict:
    return dict(
        rows=len(plan.rows),
        new=plan.new_people,
        updated=plan.updated_people,
        enrolled=plan.new_enrolments,
        ndh=plan.changed_enrolments,
        cohort=plan.cohort_code,
    )


def _assignments(import_group: click.Group) -> None:
    @import_group.command("assignments", help=t("admin.help.import_assignments"))
    @_file_argument()
    @_cohort_option()
    @_dry_run_option()
    @click.pass_obj
    def import_assignments(state: State, file: Path, cohort_code: str, dry_run: bool) -> None:
        from diklat.io.assignments_import import read_assignments
        from diklat.services import assignments

        rows, unknown = _read(state, read_assignments, file, cohort_code)
        db, actor = state.database(), operator()
        if dry_run:
            plan = _in_file(
                file, assignments.plan_assignments, db, actor, cohort_code, rows, unknown
            )
            key = "admin.cli.assignments_plan"
        else:
            with progress_bar(t("admin.cli.importing"), len(rows)) as advance:
                plan = _in_file(
                    file,
                    assignments.import_assignments,
                    db,
                    actor,
                    cohort_code,
                    rows,
                    unknown,
                    progress=advance,
                )
            key = "admin.cli.assignments_done"
        out.print(t(key, rows=plan.rows, changed=plan.changed, cohort=plan.cohort_code))


def _attendance(import_group: click.Group) -> None:
    @import_group.command("attendance", help=t("admin.help.import_attendance"))
    @_file_argument()
    @_cohort_option()
    @_dry_run_option()
    @click.pass_obj
    def import_attendance(state: State, file: Path, cohort_code: str, dry_run: bool) -> None:
        from diklat.io.attendance_import import read_recap
        from diklat.services import attendance

        rows, unknown = _read(state, read_recap, file, cohort_code)
        with progress_bar(t("admin.cli.importing"), len(rows)) as advance:
            report = _in_file(
                file,
                attendance.import_recap,
                state.database(),
                operator(),
                cohort_code,
                rows,
                unknown,
                dry_run=dry_run,
                progress=advance,
            )
        key = "admin.cli.attendance_plan" if dry_run else "admin.cli.attendance_done"
        out.print(t(key, rows=report.rows, changed=report.changed, cohort=report.cohort_code))
        if report.with_sessions:
            out.print(t("admin.cli.attendance_sessions_win", count=report.with_sessions))


def _marks(import_group: click.Group) -> None:
    @import_group.command("marks", help=t("admin.help.import_marks"))
    @_file_argument()
    @_cohort_option()
    @click.option("--as", "as_login", required=True, metavar="LOGIN", help=t("admin.help.as_login"))
    @_dry_run_option()
    @click.pass_obj
    def import_marks(
        state: State, file: Path, cohort_code: str, as_login: str, dry_run: bool
    ) -> None:
        from diklat.io.worksheet import read_worksheet
        from diklat.services.cohort_admin import acting_as
        from diklat.services.mark_import import import_marks as run

        db = state.database()
        _check_cohort(state, cohort_code)
        who = acting_as(db, operator(), as_login, cohort_code)
        lines, unknown = _in_file(file, read_worksheet, file)
        report_unknown_columns(unknown)
        with progress_bar(t("admin.cli.importing"), len(lines)) as advance:
            report = _in_file(
                file, run, db, who, cohort_code, lines, unknown, dry_run=dry_run, progress=advance
            )
        key = "admin.cli.marks_plan" if dry_run else "admin.cli.marks_done"
        out.print(
            t(
                key,
                lines=report.lines,
                saved=report.saved,
                unchanged=report.unchanged,
                empty=report.empty,
                component=report.component,
                cohort=report.cohort_code,
                name=who.name,
            )
        )
