"""``diklat demo`` (a database of sample cohorts, then the app) and ``diklat seed DIR``."""

from __future__ import annotations

from pathlib import Path

import click

from diklat.cli.common import State, operator, out
from diklat.i18n import t


def register(main: click.Group) -> None:
    _demo(main)
    _seed(main)


def _demo(main: click.Group) -> None:
    @main.command("demo", help=t("cli.help.demo"))
    @click.option("--reset", is_flag=True, help=t("cli.help.demo_reset"))
    @click.option("--no-app", is_flag=True, help=t("cli.help.demo_no_app"))
    @click.option("--serve", is_flag=True, help=t("cli.help.demo_serve"))
    @click.option(
        "--port",
        default=8000,
        show_default=True,
        type=click.IntRange(1, 65535),
        help=t("cli.help.serve_port"),
    )
    # Also accepted after the command name ("diklat demo --db PATH"), as people type it.
    @click.option("--db", "db_path", metavar="PATH", help=t("cli.help.db"))
    @click.pass_obj
    def demo(
        state: State, reset: bool, no_app: bool, serve: bool, port: int, db_path: str | None
    ) -> None:
        from diklat.services.demo import prepare_demo

        path = prepare_demo(db_path or state.db_arg, reset=reset)
        out.print(t("cli.demo_ready", path=str(path)))
        if serve:
            from diklat.cli.serve import serve_demo

            serve_demo(path, port)
        elif not no_app:
            from diklat.db.engine import Database
            from diklat.tui.app import run_app

            run_app(Database.open(path), demo=True)


def _seed(main: click.Group) -> None:
    @main.command("seed", help=t("cli.help.seed"))
    @click.argument("directory", type=click.Path(path_type=Path))
    @click.pass_obj
    def seed(state: State, directory: Path) -> None:
        from diklat.io.seed import read_seed_dir
        from diklat.services.seeding import apply_seed

        files = read_seed_dir(directory)
        report = apply_seed(state.database(), operator(), files)
        out.print(
            t(
                "cli.seeded",
                cohorts=report.cohorts,
                enrolments=report.enrolments,
                people=report.people,
                accounts=report.accounts,
                submissions=report.submissions,
                marks=report.marks,
                attachments=report.attachments,
            )
        )
        for code in report.skipped_cohorts:
            out.print(t("cli.seed_skipped", code=code))
