"""The coordinator's commands, registered onto the main group by ``cli.build``:

- ``diklat import participants|assignments|marks|attendance FILE --cohort CODE``
- ``diklat export graduation|recap|worksheet|slips --cohort CODE ... -o FILE``
- ``diklat export graduation --all-cohorts -o FILE.csv|.xlsx`` (every cohort's list, streamed)
- ``diklat cohort release|lock|unlock|close|edit|deadline|extend|set-status|rules``
- ``diklat results --cohort CODE``

Imports read and check the whole file first; a bad file prints every problem
(row, column, reason) and exits 1 with nothing written. Long work shows a Rich
progress bar on stderr when stderr is a terminal.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.table import Table

from diklat.i18n import t

FORMAT_BY_SUFFIX = {".csv": "csv", ".xlsx": "xlsx", ".pdf": "pdf"}


@contextmanager
def progress_bar(label: str, total: int | None) -> Iterator[Callable[..., None]]:
    """A callback ``advance(done, total=None)``; a Rich bar on stderr only when it is a terminal."""
    from diklat.cli import err

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


def _format(fmt: str | None, output: Path, allowed: tuple[str, ...]) -> str:
    fmt = fmt or FORMAT_BY_SUFFIX.get(output.suffix.lower())
    if fmt not in allowed:
        raise click.BadParameter(
            t("admin.cli.format_needed", formats=", ".join(allowed)), param_hint="--format"
        )
    return fmt


def _unknown(columns: list[str]) -> None:
    from diklat.cli import err

    if columns:
        err.print(t("io.unknown_columns", columns=", ".join(columns)))


def register(group: click.Group) -> None:
    from diklat.cli import State, _actor, _date, out

    cohort_group = group.commands["cohort"]
    export_group = group.commands.get("export")
    if export_group is None:  # pragma: no cover - cli.build creates it

        @group.group("export", help=t("cli.help.export_group"))
        def export_group() -> None:
            pass

    @group.group("import", help=t("admin.help.import_group"))
    def import_group() -> None:
        pass

    def _check_cohort(state: State, code: str):
        from diklat.services.cohort_admin import cohort_settings

        return cohort_settings(state.database(), _actor(), code)

    def _read(reader, file: Path):
        from diklat.io.tabular import ImportInvalid

        try:
            return reader(file)
        except ImportInvalid as exc:
            exc.path = str(file)
            raise

    def _apply(fn, file: Path, *args, **kwargs):
        from diklat.io.tabular import ImportInvalid

        try:
            return fn(*args, **kwargs)
        except ImportInvalid as exc:
            exc.path = str(file)
            raise

    cohort_opt = click.option(
        "--cohort", "cohort_code", required=True, metavar="CODE", help=t("admin.help.cohort")
    )
    dry_opt = click.option("--dry-run", is_flag=True, help=t("admin.help.dry_run"))
    file_arg = click.argument("file", type=click.Path(dir_okay=False, path_type=Path))

    # --- imports -------------------------------------------------------------------------------

    @import_group.command("participants", help=t("admin.help.import_participants"))
    @file_arg
    @cohort_opt
    @dry_opt
    @click.pass_obj
    def import_participants(state: State, file: Path, cohort_code: str, dry_run: bool) -> None:
        from diklat.io.participants_import import read_participants
        from diklat.services import enrolment

        _check_cohort(state, cohort_code)
        rows, unknown = _read(read_participants, file)
        _unknown(unknown)
        db, actor = state.database(), _actor()
        if dry_run:
            plan = _apply(enrolment.plan_participants, file, db, actor, cohort_code, rows, unknown)
            out.print(
                t(
                    "admin.cli.participants_plan",
                    rows=len(plan.rows),
                    new=plan.new_people,
                    updated=plan.updated_people,
                    enrolled=plan.new_enrolments,
                    ndh=plan.changed_enrolments,
                    cohort=plan.cohort_code,
                )
            )
            return
        with progress_bar(t("admin.cli.importing"), len(rows)) as advance:
            report = _apply(
                enrolment.import_participants,
                file,
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
                rows=len(plan.rows),
                new=plan.new_people,
                updated=plan.updated_people,
                enrolled=plan.new_enrolments,
                ndh=plan.changed_enrolments,
                cohort=plan.cohort_code,
                accounts=report.accounts,
            )
        )
        if report.accounts:
            out.print(t("admin.cli.slips_hint", cohort=plan.cohort_code))

    @import_group.command("assignments", help=t("admin.help.import_assignments"))
    @file_arg
    @cohort_opt
    @dry_opt
    @click.pass_obj
    def import_assignments(state: State, file: Path, cohort_code: str, dry_run: bool) -> None:
        from diklat.io.assignments_import import read_assignments
        from diklat.services import assignments

        _check_cohort(state, cohort_code)
        rows, unknown = _read(read_assignments, file)
        _unknown(unknown)
        db, actor = state.database(), _actor()
        if dry_run:
            plan = _apply(assignments.plan_assignments, file, db, actor, cohort_code, rows, unknown)
            out.print(
                t(
                    "admin.cli.assignments_plan",
                    rows=plan.rows,
                    changed=plan.changed,
                    cohort=plan.cohort_code,
                )
            )
            return
        with progress_bar(t("admin.cli.importing"), len(rows)) as advance:
            plan = _apply(
                assignments.import_assignments,
                file,
                db,
                actor,
                cohort_code,
                rows,
                unknown,
                progress=advance,
            )
        out.print(
            t(
                "admin.cli.assignments_done",
                rows=plan.rows,
                changed=plan.changed,
                cohort=plan.cohort_code,
            )
        )

    @import_group.command("attendance", help=t("admin.help.import_attendance"))
    @file_arg
    @cohort_opt
    @dry_opt
    @click.pass_obj
    def import_attendance(state: State, file: Path, cohort_code: str, dry_run: bool) -> None:
        from diklat.io.attendance_import import read_recap
        from diklat.services import attendance

        _check_cohort(state, cohort_code)
        rows, unknown = _read(read_recap, file)
        _unknown(unknown)
        with progress_bar(t("admin.cli.importing"), len(rows)) as advance:
            report = _apply(
                attendance.import_recap,
                file,
                state.database(),
                _actor(),
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

    @import_group.command("marks", help=t("admin.help.import_marks"))
    @file_arg
    @cohort_opt
    @click.option("--as", "as_login", required=True, metavar="LOGIN", help=t("admin.help.as_login"))
    @dry_opt
    @click.pass_obj
    def import_marks(
        state: State, file: Path, cohort_code: str, as_login: str, dry_run: bool
    ) -> None:
        from diklat.io.worksheet import read_worksheet
        from diklat.services.cohort_admin import acting_as
        from diklat.services.mark_import import import_marks as run

        db = state.database()
        _check_cohort(state, cohort_code)
        who = acting_as(db, _actor(), as_login, cohort_code)
        lines, unknown = _read(read_worksheet, file)
        _unknown(unknown)
        with progress_bar(t("admin.cli.importing"), len(lines)) as advance:
            report = _apply(
                run, file, db, who, cohort_code, lines, unknown, dry_run=dry_run, progress=advance
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

    # --- exports -------------------------------------------------------------------------------

    output_opt = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        required=True,
        help=t("admin.help.output"),
    )

    def _written(path: Path, size: int, rows: int) -> None:
        out.print(t("admin.cli.written", path=str(path), size=size, rows=rows))

    @export_group.command("graduation", help=t("admin.help.export_graduation"))
    @click.option(
        "--cohort", "cohort_code", default=None, metavar="CODE", help=t("admin.help.cohort")
    )
    @click.option("--all-cohorts", "all_cohorts", is_flag=True, help=t("admin.help.all_cohorts"))
    @click.option(
        "--format", "fmt", type=click.Choice(["csv", "xlsx", "pdf"]), help=t("admin.help.format")
    )
    @output_opt
    @click.option("--signed-by", default="", help=t("admin.help.signed_by"))
    @click.option("--signer-nip", default="", help=t("admin.help.signer_nip"))
    @click.option("--signer-title", default="", help=t("admin.help.signer_title"))
    @click.option("--place", default="", help=t("admin.help.place"))
    @click.option(
        "--date", "on", default=None, metavar="YYYY-MM-DD", help=t("admin.help.sign_date")
    )
    @click.pass_obj
    def export_graduation(
        state: State,
        cohort_code,
        all_cohorts,
        fmt,
        output: Path,
        signed_by,
        signer_nip,
        signer_title,
        place,
        on,
    ) -> None:
        from diklat.io.graduation import Signature, write_graduation
        from diklat.services.graduation import cohort_results

        if bool(cohort_code) == all_cohorts:
            raise click.UsageError(t("admin.cli.cohort_or_all"))
        fmt = _format(fmt, output, ("csv", "xlsx", "pdf"))
        if all_cohorts:
            from diklat.io.graduation import write_graduation_all
            from diklat.services.graduation import all_results

            if fmt == "pdf":
                raise click.BadParameter(t("admin.cli.all_cohorts_formats"), param_hint="--format")
            every = all_results(state.database(), _actor())
            with progress_bar(t("admin.cli.exporting"), every.participants) as advance:
                size = write_graduation_all(every.results, fmt, output, progress=advance)
            _written(output, size, every.participants)
            return
        results = cohort_results(state.database(), _actor(), cohort_code)
        signature = Signature(
            place=place,
            on=_date(on, "--date") if on else None,
            title=signer_title,
            name=signed_by,
            nip=signer_nip,
        )
        with progress_bar(t("admin.cli.exporting"), len(results.rows)) as advance:
            size = write_graduation(results, fmt, output, signature=signature, progress=advance)
        _written(output, size, len(results.rows))

    @export_group.command("recap", help=t("admin.help.export_recap"))
    @cohort_opt
    @click.option(
        "--format", "fmt", type=click.Choice(["csv", "xlsx"]), help=t("admin.help.format")
    )
    @output_opt
    @click.pass_obj
    def export_recap(state: State, cohort_code, fmt, output: Path) -> None:
        from diklat.io.recap import write_recap
        from diklat.services.exports import recap

        fmt = _format(fmt, output, ("csv", "xlsx"))
        data = recap(state.database(), _actor(), cohort_code)
        with progress_bar(
            t("admin.cli.exporting"), len(data.marks) + len(data.results.rows)
        ) as advance:
            size = write_recap(data, fmt, output, progress=advance)
        _written(output, size, len(data.marks))

    @export_group.command("worksheet", help=t("admin.help.export_worksheet"))
    @cohort_opt
    @click.option("--component", required=True, metavar="CODE", help=t("admin.help.component"))
    @click.option(
        "--format", "fmt", type=click.Choice(["csv", "xlsx"]), help=t("admin.help.format")
    )
    @output_opt
    @click.option(
        "--as", "as_login", default=None, metavar="LOGIN", help=t("admin.help.as_login_export")
    )
    @click.pass_obj
    def export_worksheet(state: State, cohort_code, component, fmt, output: Path, as_login) -> None:
        from diklat.io.worksheet import write_worksheet
        from diklat.services.cohort_admin import acting_as
        from diklat.services.exports import worksheet

        fmt = _format(fmt, output, ("csv", "xlsx"))
        db = state.database()
        who = acting_as(db, _actor(), as_login, cohort_code) if as_login else _actor()
        sheet = worksheet(db, who, cohort_code, component)
        size = write_worksheet(sheet, output, fmt)
        _written(output, size, len(sheet.lines))
        if sheet.frozen:
            out.print(t("admin.cli.worksheet_frozen", cohort=sheet.cohort_code))

    @export_group.command("slips", help=t("admin.help.export_slips"))
    @cohort_opt
    @output_opt
    @click.pass_obj
    def export_slips(state: State, cohort_code, output: Path) -> None:
        from diklat.io.slips import write_slips
        from diklat.services.exports import slips

        data = slips(state.database(), _actor(), cohort_code)
        size = write_slips(data, output)
        _written(output, size, len(data.slips))
        if data.already_changed:
            out.print(t("admin.cli.slips_changed", count=data.already_changed))

    # --- the cohort's life -------------------------------------------------------------------------

    @cohort_group.command("release", help=t("admin.help.release"))
    @click.argument("code")
    @click.pass_obj
    def cohort_release(state: State, code: str) -> None:
        from diklat.services import results
        from diklat.services.cohort_admin import cohort_settings

        cohort = cohort_settings(state.database(), _actor(), code)
        info = results.release(state.database(), _actor(), cohort.id)
        out.print(
            t(
                "admin.cli.released",
                cohort=info.cohort_code,
                participants=info.participants,
                with_final=info.with_final,
            )
        )

    @cohort_group.command("lock", help=t("admin.help.lock"))
    @click.argument("code")
    @click.pass_obj
    def cohort_lock(state: State, code: str) -> None:
        from diklat.services.cohort_admin import lock_cohort

        lock_cohort(state.database(), _actor(), code)
        out.print(t("admin.cli.locked", cohort=code))

    @cohort_group.command("unlock", help=t("admin.help.unlock"))
    @click.argument("code")
    @click.option("--reason", required=True, help=t("admin.help.reason"))
    @click.pass_obj
    def cohort_unlock(state: State, code: str, reason: str) -> None:
        from diklat.services.cohort_admin import unlock_cohort

        unlock_cohort(state.database(), _actor(), code, reason)
        out.print(t("admin.cli.unlocked", cohort=code))

    @cohort_group.command("close", help=t("admin.help.close"))
    @click.argument("code")
    @click.pass_obj
    def cohort_close(state: State, code: str) -> None:
        from diklat.services.cohort_admin import close_cohort

        close_cohort(state.database(), _actor(), code)
        out.print(t("admin.cli.closed", cohort=code))

    @cohort_group.command("edit", help=t("admin.help.edit"))
    @click.argument("code")
    @click.option("--name", default=None, help=t("cli.help.cohort_name"))
    @click.option("--program", default=None, help=t("cli.help.program"))
    @click.option("--term", default=None, help=t("cli.help.term"))
    @click.option("--angkatan", default=None, help=t("cli.help.angkatan"))
    @click.option("--start", default=None, metavar="YYYY-MM-DD", help=t("cli.help.start"))
    @click.option("--end", default=None, metavar="YYYY-MM-DD", help=t("cli.help.end"))
    @click.option("--institution", default=None, help=t("cli.help.institution"))
    @click.option(
        "--rules",
        "rules_file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=t("admin.help.rules_file"),
    )
    @click.pass_obj
    def cohort_edit(
        state: State, code, name, program, term, angkatan, start, end, institution, rules_file
    ) -> None:
        from diklat.services.cohort_admin import CohortChanges, update_cohort

        db, actor = state.database(), _actor()
        changes = CohortChanges(
            name=name,
            program_name=program,
            project_term=term,
            angkatan=angkatan,
            start=_date(start, "--start") if start else None,
            end=_date(end, "--end") if end else None,
            institution_code=institution,
        )
        rules = None
        if rules_file is not None:
            from diklat.domain.rules import load_ruleset

            try:
                text = rules_file.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                raise click.BadParameter(
                    t("admin.cli.cannot_read", path=str(rules_file)), param_hint="--rules"
                ) from None
            rules = load_ruleset(
                text
            )  # a bad rules file is refused before the other changes are written
        settings = update_cohort(db, actor, code, changes, rules=rules)
        out.print(t("admin.cli.edited", cohort=settings.code, version=settings.rules.version))

    @cohort_group.command("rules", help=t("admin.help.rules"))
    @click.argument("code")
    @click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=t("admin.help.output"),
    )
    @click.pass_obj
    def cohort_rules(state: State, code: str, output: Path | None) -> None:
        from diklat.domain.rules import dump_ruleset
        from diklat.services.cohort_admin import cohort_settings

        text = json.dumps(
            dump_ruleset(cohort_settings(state.database(), _actor(), code).rules),
            indent=2,
            ensure_ascii=False,
        )
        if output is None:
            from diklat.textsafe import json_text

            click.echo(json_text(text))
        else:
            output.write_text(text + "\n", encoding="utf-8")
            out.print(t("admin.cli.written", path=str(output), size=output.stat().st_size, rows=1))

    @cohort_group.command("deadline", help=t("admin.help.deadline"))
    @click.argument("code")
    @click.argument("stage", type=click.Choice([s.value for s in _stages()]))
    @click.argument("due", metavar="YYYY-MM-DD|none")
    @click.pass_obj
    def cohort_deadline(state: State, code: str, stage: str, due: str) -> None:
        from diklat.domain.workflow import Stage
        from diklat.services.cohort_admin import set_deadline

        when = None if due.lower() == "none" else _date(due, "DUE")
        set_deadline(state.database(), _actor(), code, Stage(stage), when)
        out.print(t("admin.cli.deadline_set", cohort=code, stage=t(f"stage.{stage}"), due=due))

    @cohort_group.command("extend", help=t("admin.help.extend"))
    @click.argument("code")
    @click.argument("nip")
    @click.argument("stage", type=click.Choice([s.value for s in _stages()]))
    @click.argument("due", metavar="YYYY-MM-DD|none")
    @click.option("--reason", default="", help=t("admin.help.reason"))
    @click.pass_obj
    def cohort_extend(state: State, code: str, nip: str, stage: str, due: str, reason: str) -> None:
        from diklat.domain.workflow import Stage
        from diklat.services.cohort_admin import set_extension
        from diklat.services.documents import find_enrolment

        db, actor = state.database(), _actor()
        when = None if due.lower() == "none" else _date(due, "DUE")
        set_extension(db, actor, find_enrolment(db, actor, nip, code), Stage(stage), when, reason)
        out.print(t("admin.cli.extension_set", nip=nip, stage=t(f"stage.{stage}"), due=due))

    @cohort_group.command("set-status", help=t("admin.help.set_status"))
    @click.argument("code")
    @click.argument("nip")
    @click.argument("status", type=click.Choice(["active", "withdrawn", "dismissed"]))
    @click.option("--reason", default="", help=t("admin.help.reason"))
    @click.pass_obj
    def cohort_set_status(state: State, code: str, nip: str, status: str, reason: str) -> None:
        from diklat.services.cohort_admin import set_participant_status
        from diklat.services.documents import find_enrolment

        db, actor = state.database(), _actor()
        set_participant_status(db, actor, find_enrolment(db, actor, nip, code), status, reason)
        out.print(t("admin.cli.status_set", nip=nip, status=t(f"recap.status.{status}")))

    # --- results -----------------------------------------------------------------------------------

    @group.command("results", help=t("admin.help.results"))
    @cohort_opt
    @click.pass_obj
    def results_cmd(state: State, cohort_code: str) -> None:
        from diklat.services.graduation import cohort_results

        res = cohort_results(state.database(), _actor(), cohort_code)
        _print_results(res)


def _stages():
    from diklat.domain.workflow import STAGES

    return STAGES


def _print_results(res) -> None:
    from diklat.cli import out
    from diklat.io.graduation import two

    meta = res.meta
    released = (
        t("admin.cli.results_released") if meta.released_at else t("admin.cli.results_not_released")
    )
    locked = t("admin.cli.results_locked") if meta.locked_at else ""
    from rich import box

    table = Table(
        title=t("admin.cli.results_title", cohort=meta.name, code=meta.code),
        box=box.SIMPLE_HEAD,
        caption=" ".join(
            x
            for x in (
                t(
                    "graduation.summary",
                    participants=len(res.rows),
                    graduates=res.graduates,
                    best=res.best,
                ),
                released,
                locked,
            )
            if x
        ),
    )
    # Component scores need room; a narrow terminal gets the final score only.
    comps = res.rules.components if out.width >= 120 else []
    table.add_column(t("graduation.col.no"), justify="right", no_wrap=True)
    table.add_column(t("graduation.col.ndh"), justify="right", no_wrap=True)
    table.add_column(t("graduation.col.nama"))
    for c in comps:
        table.add_column(c.code, justify="right", no_wrap=True)
    table.add_column(t("graduation.col.nilai_akhir"), justify="right", no_wrap=True)
    table.add_column(t("graduation.col.kualifikasi"))
    table.add_column(t("graduation.col.peringkat"), justify="right", no_wrap=True)
    table.add_column(t("admin.cli.col_status"))
    table.add_column(t("graduation.col.keterangan"))
    for r in res.rows:
        table.add_row(
            str(r.no),
            str(r.ndh),
            r.name,
            *(
                (two(r.components.get(c.code)) or "-") + ("*" if c.code in r.moderated else "")
                for c in comps
            ),
            two(r.final) or "-",
            r.qualification_text() or "-",
            str(r.rank) if r.rank else "",
            t("admin.cli.passed") if r.passed else t("admin.cli.not_passed"),
            r.remarks(),
        )
    out.print(table)
    if any(r.moderated for r in res.rows):
        out.print(t("admin.cli.moderated_note"))
