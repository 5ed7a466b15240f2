"""``diklat visit list|letters --cohort CODE``: a cohort's field visits (hosts, date, the
participants of each host's group) and the request letters to the hosts as PDF."""

from __future__ import annotations

from pathlib import Path

import click

from diklat.cli.common import State, operator, out, parse_date
from diklat.i18n import t


def register(main: click.Group) -> None:
    @main.group("visit", help=t("visit.help.group"))
    def visit_group() -> None:
        pass

    _list(visit_group)
    _letters(visit_group)


def signatory_options(command):
    """``--signed-by``, ``--signer-nip``, ``--signer-title``, ``--place``, ``--date``: the
    signatory of a signed document over the one the cohort's institution stores."""
    for option in reversed(
        (
            click.option("--signed-by", default="", help=t("admin.help.signed_by")),
            click.option("--signer-nip", default="", help=t("admin.help.signer_nip")),
            click.option("--signer-title", default="", help=t("admin.help.signer_title")),
            click.option("--place", default="", help=t("admin.help.place")),
            click.option(
                "--date", "on", default=None, metavar="YYYY-MM-DD", help=t("admin.help.sign_date")
            ),
        )
    ):
        command = option(command)
    return command


def signatory(signed_by: str, signer_nip: str, signer_title: str, place: str, on: str | None):
    from diklat.domain.signing import Signatory

    return Signatory(
        place=place,
        on=parse_date(on, "--date") if on else None,
        title=signer_title,
        name=signed_by,
        nip=signer_nip,
    )


def _list(group: click.Group) -> None:
    @group.command("list", help=t("visit.help.list"))
    @click.option("--cohort", "code", required=True, metavar="CODE", help=t("admin.help.cohort"))
    @click.pass_obj
    def visit_list(state: State, code: str) -> None:
        from diklat.services.visits import visits

        found = visits(state.database(), operator(), code)
        if not found:
            out.print(t("visit.list_none", cohort=code))
            return
        out.print(t("visit.list_title", cohort=code), style="bold")
        for v in found:
            _print_visit(v)


def _print_visit(v) -> None:
    from diklat.io.letterhead import long_date

    out.print(
        t(
            "visit.list_visit",
            date=long_date(v.held_on),
            title=v.title or "-",
            hosts=len(v.hosts),
            participants=v.participants,
        ),
    )
    for h in v.hosts:
        contact = t("visit.list_contact", contact=h.contact) if h.contact else ""
        out.print(
            t(
                "visit.list_host",
                key=h.key,
                institution=h.institution,
                count=len(h.members),
                contact=contact,
            ),
        )
        if h.practice:
            out.print(t("visit.list_practice", practice=h.practice))
        out.print(
            t("visit.list_members", ndh=", ".join(str(m.ndh) for m in h.members) or "-"),
        )
        state = (
            t("visit.report_written", length=len(h.report))
            if h.report
            else t("visit.report_missing")
        )
        out.print(t("visit.list_report", state=state))


def _letters(group: click.Group) -> None:
    @group.command("letters", help=t("visit.help.letters"))
    @click.option("--cohort", "code", required=True, metavar="CODE", help=t("admin.help.cohort"))
    @click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        required=True,
        help=t("admin.help.output"),
    )
    @click.option("--number", default="", help=t("visit.help.number"))
    @signatory_options
    @click.pass_obj
    def visit_letters(
        state: State, code: str, output: Path, number: str, **signer: str | None
    ) -> None:
        from diklat.io.visit_letters import write_letters
        from diklat.services.visits import letters

        data = letters(
            state.database(), operator(), code, signatory=signatory(**signer), number=number
        )
        size = write_letters(data, output)
        out.print(
            t("visit.letters_written", path=str(output), size=size, count=len(data.visit.hosts)),
        )
