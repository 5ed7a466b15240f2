"""Institutions: ``diklat institution add|edit|list`` (letterhead, logo, signatory, place)."""

from __future__ import annotations

from pathlib import Path

import click

from diklat.cli.common import State, operator, out
from diklat.i18n import t


def register(main: click.Group) -> None:
    @main.group("institution", help=t("cli.help.institution_group"))
    def institution_group() -> None:
        pass

    _add(institution_group)
    _edit(institution_group)
    _list(institution_group)


def _field_options(fn, *, adding: bool):
    options = [
        click.option("--name", required=adding, help=t("cli.help.inst_name")),
        click.option("--address", help=t("cli.help.inst_address")),
        click.option("--letterhead", multiple=True, metavar="LINE", help=t("cli.help.inst_lines")),
        click.option("--place", help=t("cli.help.inst_place")),
        click.option("--signatory-name", help=t("cli.help.inst_signatory_name")),
        click.option("--signatory-nip", metavar="NIP", help=t("cli.help.inst_signatory_nip")),
        click.option("--signatory-title", help=t("cli.help.inst_signatory_title")),
        click.option(
            "--logo",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help=t("cli.help.inst_logo"),
        ),
    ]
    if not adding:
        options.append(click.option("--no-logo", is_flag=True, help=t("cli.help.inst_no_logo")))
        options.append(
            click.option("--no-letterhead", is_flag=True, help=t("cli.help.inst_no_lines"))
        )
    for option in reversed(options):
        fn = option(fn)
    return fn


def _fields(values: dict, *, adding: bool):
    from diklat.services.institutions import InstitutionFields

    lines = values.get("letterhead") or ()
    if values.get("no_letterhead"):
        lines = ()
    logo = values.get("logo")
    return InstitutionFields(
        name=values.get("name"),
        address=values.get("address"),
        letterhead=list(lines) if (lines or adding or values.get("no_letterhead")) else None,
        place=values.get("place"),
        signatory_name=values.get("signatory_name"),
        signatory_nip=values.get("signatory_nip"),
        signatory_title=values.get("signatory_title"),
        logo=logo.read_bytes() if logo is not None else None,
        remove_logo=bool(values.get("no_logo")),
    )


def _shown(info) -> None:
    out.print(t("cli.inst_shown", code=info.code, name=info.name))
    for line in info.letterhead:
        out.print(f"  {line}")
    if info.address:
        out.print("  " + " ".join(info.address.split()))
    who = info.signatory
    out.print(
        t(
            "cli.inst_signatory",
            place=info.place or "-",
            name=who.name or "-",
            nip=who.nip or "-",
            title=who.title or "-",
            logo=info.logo_mime or "-",
        )
    )


def _add(group: click.Group) -> None:
    def institution_add(state: State, code: str, **values) -> None:
        from diklat.services.institutions import add_institution

        info = add_institution(state.database(), operator(), code, _fields(values, adding=True))
        out.print(t("inst.added", code=info.code))
        _shown(info)

    command = click.argument("code")(_field_options(click.pass_obj(institution_add), adding=True))
    group.command("add", help=t("cli.help.inst_add"))(command)


def _edit(group: click.Group) -> None:
    def institution_edit(state: State, code: str, **values) -> None:
        from diklat.services.institutions import edit_institution

        info = edit_institution(state.database(), operator(), code, _fields(values, adding=False))
        out.print(t("inst.saved", code=info.code))
        _shown(info)

    command = click.argument("code")(_field_options(click.pass_obj(institution_edit), adding=False))
    group.command("edit", help=t("cli.help.inst_edit"))(command)


def _list(group: click.Group) -> None:
    @group.command("list", help=t("cli.help.inst_list"))
    @click.pass_obj
    def institution_list(state: State) -> None:
        from rich.table import Table

        from diklat.services.institutions import list_institutions

        rows = list_institutions(state.database(), operator())
        if not rows:
            out.print(t("inst.none_cli"))
            return
        table = Table(show_header=True, header_style="bold")
        for key in ("code", "name", "place", "signatory_name", "logo", "cohorts"):
            table.add_column(t(f"institution.field.{key}"))
        for r in rows:
            table.add_row(
                r.code,
                r.name,
                r.place or "-",
                r.signatory.name or "-",
                r.logo_mime or "-",
                str(r.cohorts),
            )
        out.print(table)
