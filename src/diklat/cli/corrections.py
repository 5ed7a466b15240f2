"""``diklat correction list|approve|refuse``: participants' requests to correct their
name, jabatan or instansi, decided from the command line as in the cohort's tab."""

from __future__ import annotations

import click

from diklat.cli.common import State, operator, out
from diklat.i18n import t


def register(main: click.Group) -> None:
    @main.group("correction", help=t("correction.cli.group"))
    def correction_group() -> None:
        pass

    @correction_group.command("list", help=t("correction.cli.list"))
    @click.option(
        "--cohort", "code", required=True, metavar="CODE", help=t("correction.cli.cohort")
    )
    @click.pass_obj
    def correction_list(state: State, code: str) -> None:
        from rich.table import Table

        from diklat.services.corrections import pending_corrections
        from diklat.textsafe import literal

        rows = pending_corrections(state.database(), operator(), code)
        if not rows:
            out.print(t("correction.queue.none"))
            return
        table = Table(show_header=True, header_style="bold")
        for key in ("id", "name", "field", "old", "new", "reason", "asked"):
            table.add_column(t(f"correction.cli.col.{key}"))
        for r in rows:
            table.add_row(
                str(r.id),
                literal(r.person_name),
                t(f"correction.field.{r.field}"),
                literal(r.old_value),
                literal(r.new_value),
                literal(r.reason),
                r.created_at.strftime("%d-%m-%Y"),
            )
        out.print(table)

    for approve in (True, False):
        _decide(correction_group, approve)


def _decide(group: click.Group, approve: bool) -> None:
    def decide(state: State, request_id: int, note: str) -> None:
        from diklat.services.corrections import decide_correction

        done = decide_correction(state.database(), operator(), request_id, approve, note)
        key = "correction.queue.approved" if approve else "correction.queue.refused"
        out.print(t(key, field=t(f"correction.field.{done.field}"), name=done.person_name))

    command = click.option("--note", default="", help=t("correction.queue.note"))(
        click.argument("request_id", type=int)(click.pass_obj(decide))
    )
    name, help_key = (
        ("approve", "correction.cli.approve") if approve else ("refuse", "correction.cli.refuse")
    )
    group.command(name, help=t(help_key))(command)
