"""``diklat export project|graduation|recap|worksheet|slips``: files written from the
database, whole or not at all (``-o FILE``; the format from ``--format`` or the suffix).
``diklat export graduation --all-cohorts -o FILE.csv|.xlsx`` streams every cohort's list.
"""

from __future__ import annotations

from pathlib import Path

import click

from diklat.cli.common import State, err, operator, out, output_format, parse_date, progress_bar
from diklat.i18n import t


def register(main: click.Group) -> None:
    @main.group("export", help=t("cli.help.export_group"))
    def export_group() -> None:
        pass

    for add in (_project, _graduation, _recap, _worksheet, _slips):
        add(export_group)


def _cohort_option():
    return click.option(
        "--cohort", "cohort_code", required=True, metavar="CODE", help=t("admin.help.cohort")
    )


def _output_option():
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        required=True,
        help=t("admin.help.output"),
    )


def _table_format_option():
    return click.option(
        "--format", "fmt", type=click.Choice(["csv", "xlsx"]), help=t("admin.help.format")
    )


def _written(path: Path, size: int, rows: int) -> None:
    out.print(t("admin.cli.written", path=str(path), size=size, rows=rows))


def _project(export_group: click.Group) -> None:
    @export_group.command("project", help=t("cli.help.export_project"))
    @click.argument("nip")
    @click.option(
        "--cohort", "cohort_code", required=True, metavar="CODE", help=t("cli.help.export_cohort")
    )
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["pdf", "docx"]),
        required=True,
        help=t("cli.help.export_format"),
    )
    @click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        required=True,
        help=t("cli.help.export_output"),
    )
    @click.option(
        "--part",
        type=click.Choice(["design", "report", "all"]),
        default="all",
        show_default=True,
        help=t("cli.help.export_part"),
    )
    @click.pass_obj
    def export_project(
        state: State, nip: str, cohort_code: str, fmt: str, output: Path, part: str
    ) -> None:
        from diklat.io.documents import write
        from diklat.services.documents import find_enrolment, project_document

        db = state.database()
        actor = operator()
        doc = project_document(db, actor, find_enrolment(db, actor, nip, cohort_code), part)
        size = write(doc, fmt, output)
        out.print(t("documents.written", path=str(output), size=size))


def _graduation(export_group: click.Group) -> None:
    @export_group.command("graduation", help=t("admin.help.export_graduation"))
    @click.option(
        "--cohort", "cohort_code", default=None, metavar="CODE", help=t("admin.help.cohort")
    )
    @click.option("--all-cohorts", "all_cohorts", is_flag=True, help=t("admin.help.all_cohorts"))
    @click.option(
        "--format", "fmt", type=click.Choice(["csv", "xlsx", "pdf"]), help=t("admin.help.format")
    )
    @_output_option()
    @click.option("--signed-by", default="", help=t("admin.help.signed_by"))
    @click.option("--signer-nip", default="", help=t("admin.help.signer_nip"))
    @click.option("--signer-title", default="", help=t("admin.help.signer_title"))
    @click.option("--place", default="", help=t("admin.help.place"))
    @click.option(
        "--date", "on", default=None, metavar="YYYY-MM-DD", help=t("admin.help.sign_date")
    )
    @click.option("--number", default="", help=t("admin.help.list_number"))
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
        number: str,
    ) -> None:
        if bool(cohort_code) == all_cohorts:
            raise click.UsageError(t("admin.cli.cohort_or_all"))
        if number and all_cohorts:
            raise click.UsageError(t("admin.cli.number_one_cohort"))
        fmt = output_format(fmt, output, ("csv", "xlsx", "pdf"))
        if all_cohorts:
            _graduation_all(state, fmt, output)
            return
        signer = dict(place=place, on=on, title=signer_title, name=signed_by, nip=signer_nip)
        _graduation_one(state, cohort_code, fmt, output, signer, number)


def _graduation_one(
    state: State, cohort_code: str, fmt: str, output: Path, signer: dict, number: str = ""
) -> None:
    from diklat.io.graduation import Signature, write_graduation
    from diklat.services.graduation import cohort_results
    from diklat.services.marking_status import graduation_is_draft

    results = cohort_results(state.database(), operator(), cohort_code)
    draft = graduation_is_draft(state.database(), operator(), cohort_code)
    if draft:
        err.print(t("graduation.draft_warning", code=cohort_code))
    on = signer.pop("on")
    signature = Signature(**signer, on=parse_date(on, "--date") if on else None)
    with progress_bar(t("admin.cli.exporting"), len(results.rows)) as advance:
        size = write_graduation(
            results,
            fmt,
            output,
            signature=signature,
            progress=advance,
            draft=draft,
            number=number.strip(),
        )
    _written(output, size, len(results.rows))


def _graduation_all(state: State, fmt: str, output: Path) -> None:
    from diklat.io.graduation import write_graduation_all
    from diklat.services.graduation import all_results

    if fmt == "pdf":
        raise click.BadParameter(t("admin.cli.all_cohorts_formats"), param_hint="--format")
    every = all_results(state.database(), operator())
    with progress_bar(t("admin.cli.exporting"), every.participants) as advance:
        size = write_graduation_all(every.results, fmt, output, progress=advance)
    _written(output, size, every.participants)


def _recap(export_group: click.Group) -> None:
    @export_group.command("recap", help=t("admin.help.export_recap"))
    @_cohort_option()
    @_table_format_option()
    @_output_option()
    @click.pass_obj
    def export_recap(state: State, cohort_code, fmt, output: Path) -> None:
        from diklat.io.recap import write_recap
        from diklat.services.exports import recap

        fmt = output_format(fmt, output, ("csv", "xlsx"))
        data = recap(state.database(), operator(), cohort_code)
        with progress_bar(
            t("admin.cli.exporting"), len(data.marks) + len(data.results.rows)
        ) as advance:
            size = write_recap(data, fmt, output, progress=advance)
        _written(output, size, len(data.marks))


def _worksheet(export_group: click.Group) -> None:
    @export_group.command("worksheet", help=t("admin.help.export_worksheet"))
    @_cohort_option()
    @click.option("--component", required=True, metavar="CODE", help=t("admin.help.component"))
    @_table_format_option()
    @_output_option()
    @click.option(
        "--as", "as_login", default=None, metavar="LOGIN", help=t("admin.help.as_login_export")
    )
    @click.pass_obj
    def export_worksheet(state: State, cohort_code, component, fmt, output: Path, as_login) -> None:
        from diklat.io.worksheet import write_worksheet
        from diklat.services.cohort_admin import acting_as
        from diklat.services.exports import worksheet

        fmt = output_format(fmt, output, ("csv", "xlsx"))
        db = state.database()
        who = acting_as(db, operator(), as_login, cohort_code) if as_login else operator()
        sheet = worksheet(db, who, cohort_code, component)
        size = write_worksheet(sheet, output, fmt)
        _written(output, size, len(sheet.lines))
        if sheet.frozen:
            out.print(t("admin.cli.worksheet_frozen", cohort=sheet.cohort_code))


def _slips(export_group: click.Group) -> None:
    @export_group.command("slips", help=t("admin.help.export_slips"))
    @_cohort_option()
    @_output_option()
    @click.pass_obj
    def export_slips(state: State, cohort_code, output: Path) -> None:
        from diklat.io.slips import write_slips
        from diklat.services.exports import slips

        data, size = slips(
            state.database(), operator(), cohort_code, lambda d: (d, write_slips(d, output))
        )
        _written(output, size, len(data.slips))
        if data.already_changed:
            out.print(t("admin.cli.slips_changed", count=data.already_changed))
