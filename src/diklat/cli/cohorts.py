"""Cohorts and their settings: ``diklat cohort create|staff|list|show|edit|rules``.
The cohort's life (release, lock, close, deadlines, participants' status) is in
``cohort_life.py``, on the same group."""

from __future__ import annotations

import json
from pathlib import Path

import click

from diklat.cli.common import State, operator, out, parse_date
from diklat.domain.roles import STAFF_ROLES, Role
from diklat.i18n import t


def register(main: click.Group) -> None:
    @main.group("cohort", help=t("cli.help.cohort"))
    def cohort_group() -> None:
        pass

    for add in (_create, _staff, _list, _show, _edit, _rules):
        add(cohort_group)


def _create(cohort_group: click.Group) -> None:
    @cohort_group.command("create", help=t("cli.help.cohort_create"))
    @click.option("--code", required=True, help=t("cli.help.code"))
    @click.option("--name", required=True, help=t("cli.help.cohort_name"))
    @click.option("--start", required=True, metavar="YYYY-MM-DD", help=t("cli.help.start"))
    @click.option("--end", required=True, metavar="YYYY-MM-DD", help=t("cli.help.end"))
    @click.option(
        "--program", default="Diklatpim IV", show_default=True, help=t("cli.help.program")
    )
    @click.option("--term", default="proyek perubahan", show_default=True, help=t("cli.help.term"))
    @click.option("--angkatan", default="", help=t("cli.help.angkatan"))
    @click.option("--institution", default=None, help=t("cli.help.institution"))
    @click.pass_obj
    def cohort_create(
        state: State, code, name, start, end, program, term, angkatan, institution
    ) -> None:
        from diklat.services.cohorts import create_cohort

        summary = create_cohort(
            state.database(),
            operator(),
            code=code,
            name=name,
            start=parse_date(start, "--start"),
            end=parse_date(end, "--end"),
            program_name=program,
            project_term=term,
            angkatan=angkatan,
            institution_code=institution,
        )
        out.print(t("cli.cohort_created", code=summary.code, name=summary.name))


def _staff(cohort_group: click.Group) -> None:
    @cohort_group.command("staff", help=t("cli.help.cohort_staff"))
    @click.argument("code")
    @click.argument("ident", metavar="NIP")
    @click.option(
        "--role",
        default=Role.COORDINATOR.value,
        show_default=True,
        type=click.Choice([r.value for r in STAFF_ROLES]),
        help=t("cli.help.staff_role"),
    )
    @click.pass_obj
    def cohort_staff(state: State, code: str, ident: str, role: str) -> None:
        from diklat.services.cohorts import add_staff

        member = add_staff(state.database(), operator(), code, ident, Role(role))
        out.print(
            t("cli.staff_added", name=member.name, role=t(f"role.{member.role.value}"), code=code)
        )


def _list(cohort_group: click.Group) -> None:
    @cohort_group.command("list", help=t("cli.help.cohort_list"))
    @click.pass_obj
    def cohort_list(state: State) -> None:
        from rich.table import Table

        from diklat.services.cohorts import list_cohorts

        cohorts = list_cohorts(state.database(), operator())
        table = Table(title=t("cli.cohorts_title", count=len(cohorts)))
        for key in ("code", "name", "period", "participants", "status"):
            table.add_column(
                t(f"cli.col.{key}"), justify="right" if key == "participants" else "left"
            )
        for c in cohorts:
            table.add_row(
                c.code,
                c.name,
                f"{c.start_date} – {c.end_date}",
                str(c.participants),
                _status(c),
            )
        out.print(table)


def _status(c) -> str:
    """Running or closed, and whether it is locked: "Berjalan, terkunci"."""
    status = t(f"cohort.status.{c.status}")
    return t("cohort.status.with_lock", status=status) if c.locked else status


def _show(cohort_group: click.Group) -> None:
    @cohort_group.command("show", help=t("cli.help.cohort_show"))
    @click.argument("code")
    @click.pass_obj
    def cohort_show(state: State, code: str) -> None:
        from diklat.services.cohorts import show_cohort

        _print_cohort(show_cohort(state.database(), operator(), code))


def _print_cohort(detail) -> None:
    c = detail.summary
    out.print(f"{c.code} — {c.name}", style="bold")
    rows = [
        ("program", f"{c.program_name} ({c.project_term})"),
        ("angkatan", detail.angkatan or "-"),
        ("period", f"{c.start_date} – {c.end_date}"),
        ("institution", c.institution or "-"),
        ("status", _status(c)),
        ("participants", str(c.participants)),
        ("rules", f"{detail.rules.name} v{detail.rules.version}"),
        ("results", t("cli.released") if detail.results_released else t("cli.not_released")),
    ]
    for key, value in rows:
        out.print(f"{t(f'cli.col.{key}')}: {value}")
    if detail.staff:
        out.print(t("cli.staff"), style="bold")
        for member in detail.staff:
            out.print(f"  {t(f'role.{member.role.value}')}: {member.name}")
    _print_stage_progress(detail)


def _print_stage_progress(detail) -> None:
    from rich.table import Table

    from diklat.domain.workflow import State as StageState

    table = Table(title=t("cli.stage_progress"))
    table.add_column(t("cli.col.stage"))
    table.add_column(t("cli.col.deadline"))
    for state in StageState:
        table.add_column(t(f"state.{state.value}"), justify="right")
    for stage, counts in detail.stage_counts.items():
        due = detail.deadlines.get(stage)
        table.add_row(
            t(f"stage.{stage.value}"),
            str(due) if due else "-",
            *(str(counts[s]) for s in StageState),
        )
    out.print(table)


def _edit(cohort_group: click.Group) -> None:
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

        db, actor = state.database(), operator()
        changes = CohortChanges(
            name=name,
            program_name=program,
            project_term=term,
            angkatan=angkatan,
            start=parse_date(start, "--start") if start else None,
            end=parse_date(end, "--end") if end else None,
            institution_code=institution,
        )
        # A bad rules file is refused before the other changes are written.
        rules = _read_rules(rules_file) if rules_file is not None else None
        settings = update_cohort(db, actor, code, changes, rules=rules)
        out.print(t("admin.cli.edited", cohort=settings.code, version=settings.rules.version))


def _read_rules(rules_file: Path):
    from diklat.domain.rules import load_ruleset

    try:
        text = rules_file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        raise click.BadParameter(
            t("admin.cli.cannot_read", path=str(rules_file)), param_hint="--rules"
        ) from None
    return load_ruleset(text)


def _rules(cohort_group: click.Group) -> None:
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
        from diklat.io.atomic import write_text
        from diklat.services.cohort_admin import cohort_settings

        text = json.dumps(
            dump_ruleset(cohort_settings(state.database(), operator(), code).rules),
            indent=2,
            ensure_ascii=False,
        )
        if output is None:
            from diklat.textsafe import json_text

            click.echo(json_text(text))
        else:
            write_text(output, text + "\n")
            out.print(t("admin.cli.written", path=str(output), size=output.stat().st_size, rows=1))
