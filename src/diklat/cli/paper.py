"""Stages done on paper: ``diklat cohort approve-paper CODE --stage STAGE… [--ndh LIST]
[--note TEXT]`` (services.paper), on the ``cohort`` group that ``cohorts.py`` makes."""

from __future__ import annotations

import click

from diklat.cli.common import State, operator, out
from diklat.domain.workflow import STAGES
from diklat.i18n import t


def register(main: click.Group) -> None:
    cohort_group = main.commands["cohort"]

    @cohort_group.command("approve-paper", help=t("paper.help.command"))
    @click.argument("code")
    @click.option(
        "--stage",
        "stages",
        multiple=True,
        required=True,
        type=click.Choice([s.value for s in STAGES]),
        help=t("paper.help.stage"),
    )
    @click.option("--ndh", default="", metavar="LIST", help=t("paper.help.ndh"))
    @click.option("--note", default=None, help=t("paper.help.note"))
    @click.pass_obj
    def approve_paper(
        state: State, code: str, stages: tuple[str, ...], ndh: str, note: str | None
    ) -> None:
        from diklat.domain.workflow import Stage
        from diklat.services.paper import approve_on_paper, parse_ndhs

        done = approve_on_paper(
            state.database(),
            operator(),
            code,
            [Stage(s) for s in stages],
            t("paper.default_note") if note is None else note,
            parse_ndhs(ndh),
        )
        out.print(
            t(
                "paper.done",
                cohort=done.cohort_code,
                approved=done.approved,
                already=done.already,
                participants=done.participants,
            )
        )
