"""The main group (``diklat [--db PATH] [--lang id|en] COMMAND``) and the areas whose
commands it carries. Made on each run, after the language is set, so that help texts
are in that language."""

from __future__ import annotations

from functools import cache

import click

from diklat import __version__
from diklat.cli.accounts import register as accounts
from diklat.cli.audit import register as audit
from diklat.cli.certificates import register as certificates
from diklat.cli.cohort_life import register as cohort_life
from diklat.cli.cohorts import register as cohorts
from diklat.cli.common import State, start_app
from diklat.cli.corrections import register as corrections
from diklat.cli.database import register as database
from diklat.cli.demo import register as demo
from diklat.cli.exports import register as exports
from diklat.cli.imports import register as imports
from diklat.cli.institutions import register as institutions
from diklat.cli.paper import register as paper
from diklat.cli.reminders import register as reminders
from diklat.cli.results import register as results
from diklat.cli.rubrics import register as rubrics
from diklat.cli.serve import register as serve
from diklat.cli.visits import register as visits
from diklat.i18n import LANGUAGES, t

# Each adds its commands to the main group. A module that adds to another's group
# (cohort_life to ``cohort``) comes after it. Help lists commands by name, not this order.
AREAS = (
    demo,
    database,
    accounts,
    institutions,
    cohorts,
    cohort_life,
    paper,
    imports,
    exports,
    certificates,
    results,
    rubrics,
    visits,
    corrections,
    reminders,
    audit,
    serve,
)


@cache
def group_class() -> type[click.Group]:
    """Click's command and group with translated help."""

    class _Command(click.Command):
        def get_help_option(self, ctx: click.Context):
            option = super().get_help_option(ctx)
            if option is not None:
                option.help = t("cli.help.help")
            return option

    class _Group(_Command, click.Group):
        command_class = _Command
        group_class = type  # subgroups are made of this same class

    return _Group


def build() -> click.Group:
    @click.group(
        cls=group_class(),
        invoke_without_command=True,
        help=t("cli.help.main"),
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    @click.option("--db", metavar="PATH", help=t("cli.help.db"))
    @click.option("--lang", type=click.Choice(LANGUAGES), help=t("cli.help.lang"))
    @click.version_option(__version__, prog_name="diklat", help=t("cli.help.version"))
    @click.pass_context
    def main_group(ctx: click.Context, db: str | None, lang: str | None) -> None:
        ctx.obj = State(db)
        ctx.call_on_close(ctx.obj.close)
        if ctx.invoked_subcommand is None:
            start_app(ctx.obj)

    for register in AREAS:
        register(main_group)
    return main_group
