"""Accounts: ``diklat user add|passwd|reset|list``."""

from __future__ import annotations

from pathlib import Path

import click

from diklat.cli.common import State, operator, out, read_secret
from diklat.domain.roles import Role
from diklat.i18n import t


def register(main: click.Group) -> None:
    @main.group("user", help=t("cli.help.user"))
    def user_group() -> None:
        pass

    _add(user_group)
    _passwd(user_group)
    _reset(user_group)
    _list(user_group)


def _add(user_group: click.Group) -> None:
    @user_group.command("add", help=t("cli.help.user_add"))
    @click.argument("ident", metavar="NIP")
    @click.option("--name", required=True, help=t("cli.help.name"))
    @click.option(
        "--role", required=True, type=click.Choice([r.value for r in Role]), help=t("cli.help.role")
    )
    @click.option("--nrp", is_flag=True, help=t("cli.help.nrp"))
    @click.option("--password-stdin", is_flag=True, help=t("cli.help.password_stdin"))
    @click.pass_obj
    def user_add(
        state: State, ident: str, name: str, role: str, nrp: bool, password_stdin: bool
    ) -> None:
        from diklat.services.auth import add_user

        password = read_secret("cli.password_new", True) if password_stdin else None
        info, otp = add_user(
            state.database(),
            operator(),
            ident,
            name=name,
            role=Role(role),
            password=password,
            nrp=nrp,
        )
        out.print(
            t("cli.user_added", login=info.login, name=info.name, role=t(f"role.{info.role.value}"))
        )
        if otp:
            out.print(t("cli.one_time_password", password=otp))


def _passwd(user_group: click.Group) -> None:
    @user_group.command("passwd", help=t("cli.help.user_passwd"))
    @click.argument("ident", metavar="NIP")
    @click.option("--password-stdin", is_flag=True, help=t("cli.help.password_stdin"))
    @click.pass_obj
    def user_passwd(state: State, ident: str, password_stdin: bool) -> None:
        from diklat.services.auth import set_password

        db = state.database()
        password = read_secret("cli.password_new", password_stdin)
        set_password(db, operator(), ident, password)
        out.print(t("cli.password_set", login=ident))


def _reset(user_group: click.Group) -> None:
    @user_group.command("reset", help=t("cli.help.user_reset"))
    @click.argument("ident", metavar="NIP")
    @click.option(
        "-o",
        "--output",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help=t("cli.help.slip_output"),
    )
    @click.pass_obj
    def user_reset(state: State, ident: str, output: Path) -> None:
        from diklat.io.slips import write_slips
        from diklat.services.people import reset_password

        otp, _ = reset_password(
            state.database(), operator(), ident, lambda data: write_slips(data, output)
        )
        out.print(t("cli.password_reset", login=ident, path=str(output)))
        out.print(t("cli.one_time_password", password=otp))


def _list(user_group: click.Group) -> None:
    @user_group.command("list", help=t("cli.help.user_list"))
    @click.option("--search", default="", help=t("cli.help.search"))
    @click.pass_obj
    def user_list(state: State, search: str) -> None:
        from rich.table import Table

        from diklat.services.auth import list_users

        users = list_users(state.database(), operator(), search=search)
        table = Table(title=t("cli.users_title", count=len(users)))
        for key in ("login", "name", "role", "status"):
            table.add_column(t(f"cli.col.{key}"))
        for u in users:
            status = (
                t("cli.must_change")
                if u.must_change_password
                else (t("cli.active") if u.active else t("cli.inactive"))
            )
            table.add_row(u.login, u.name, t(f"role.{u.role.value}"), status)
        out.print(table)
