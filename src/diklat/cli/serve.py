"""``diklat serve``: the app for browsers, one app process per tab (diklat.serve)."""

from __future__ import annotations

import click

from diklat.cli.common import State
from diklat.i18n import t


def register(main: click.Group) -> None:
    @main.command("serve", help=t("cli.help.serve"))
    @click.option("--host", default="127.0.0.1", show_default=True, help=t("cli.help.serve_host"))
    @click.option(
        "--port",
        default=8000,
        show_default=True,
        type=click.IntRange(1, 65535),
        help=t("cli.help.serve_port"),
    )
    @click.option("--public-url", metavar="URL", help=t("cli.help.serve_public_url"))
    @click.option(
        "--max-sessions",
        default=100,
        show_default=True,
        type=click.IntRange(min=1),
        help=t("cli.help.serve_max_sessions"),
    )
    @click.option(
        "--sessions-per-minute",
        default=30,
        show_default=True,
        type=click.IntRange(min=1),
        help=t("cli.help.serve_per_minute"),
    )
    @click.option(
        "--idle-minutes",
        default=30.0,
        show_default=True,
        type=click.FloatRange(min=0),
        help=t("cli.help.serve_idle"),
    )
    @click.option("--insecure-http", is_flag=True, help=t("cli.help.serve_insecure"))
    @click.pass_obj
    def serve(
        state: State,
        host: str,
        port: int,
        public_url: str | None,
        max_sessions: int,
        sessions_per_minute: int,
        idle_minutes: float,
        insecure_http: bool,
    ) -> None:
        from diklat.serve.binding import check_binding, check_public_url
        from diklat.serve.server import run

        # Refused before the database is touched.
        check_public_url(public_url)
        check_binding(host, public_url, insecure_http)
        run(
            state.database(),
            host=host,
            port=port,
            public_url=public_url,
            max_sessions=max_sessions,
            per_minute=sessions_per_minute,
            idle_minutes=idle_minutes,
            insecure_http=insecure_http,
        )


def serve_demo(path, port: int) -> None:
    """``diklat demo --serve``: the demo database for browsers on this machine."""
    from diklat.db.engine import Database
    from diklat.serve.server import run

    run(Database.open(path), port=port, demo=True)
