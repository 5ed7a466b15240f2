"""``diklat export certificates --cohort CODE -o FILE.pdf|FILE.xlsx``: the certificates
(STTPP) of a released cohort's graduates, one page each, or their register."""

from __future__ import annotations

from pathlib import Path

import click

from diklat.cli.common import State, operator, out, output_format
from diklat.cli.visits import signatory, signatory_options
from diklat.i18n import t


def register(main: click.Group) -> None:
    export_group = main.commands["export"]  # made by cli/exports.py, registered before

    @export_group.command("certificates", help=t("certificates.help.export"))
    @click.option(
        "--cohort", "cohort_code", required=True, metavar="CODE", help=t("admin.help.cohort")
    )
    @click.option(
        "--format", "fmt", type=click.Choice(["pdf", "xlsx"]), help=t("admin.help.format")
    )
    @click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        required=True,
        help=t("admin.help.output"),
    )
    @signatory_options
    @click.pass_obj
    def export_certificates(
        state: State, cohort_code: str, fmt: str | None, output: Path, **signer: str | None
    ) -> None:
        from diklat.io.certificates import write
        from diklat.services.certificates import certificates

        fmt = output_format(fmt, output, ("pdf", "xlsx"))
        data = certificates(
            state.database(), operator(), cohort_code, signatory=signatory(**signer)
        )
        size = write(data, fmt, output)
        out.print(
            t("certificates.written", path=str(output), size=size, count=len(data.certificates))
        )
