"""The command line. Each command is a thin call into the services.

Errors are one line on stderr with exit code 1; usage errors exit 2; never a traceback
(set DIKLAT_DEBUG=1 to see one while developing).
"""

from __future__ import annotations

import os
import sys
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from diklat import __version__
from diklat.domain.errors import DomainError
from diklat.domain.roles import Role
from diklat.i18n import LANGUAGES, set_language, t
from diklat.textsafe import SafeConsole

# Markup, emoji codes and highlighting off, control characters made visible: names and
# messages carry user text and must print literally (diklat.textsafe).
out = SafeConsole()
err = SafeConsole(stderr=True)

if TYPE_CHECKING:
    import click


class State:
    def __init__(self, db: str | None) -> None:
        self.db_arg = db
        self._db = None

    def database(self, path: str | None = None):
        """Open (and migrate) the database named by --db, DIKLAT_DB or the default location."""
        from diklat.db.engine import Database
        from diklat.db.migrate import upgrade

        if self._db is None:
            self._db = Database.open(path or self.db_arg)
            upgrade(self._db)
        return self._db


def _actor():
    from diklat.services.actor import Actor

    return Actor.system()


def _date(value: str, option: str) -> date:
    import click

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(t("cli.bad_date", value=value), param_hint=option) from None


def _read_secret(prompt_key: str, from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    import click

    first = click.prompt(t(prompt_key), hide_input=True, err=True)
    again = click.prompt(t("cli.password_again"), hide_input=True, err=True)
    if first != again:
        raise DomainError("cli.passwords_differ")
    return first


@cache
def _group_class() -> type[click.Group]:
    """Click's command and group with translated help; made on first use, so that plain
    ``diklat`` (the app, see ``main``) does not import click at all."""
    import click

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
    import click

    @click.group(
        cls=_group_class(),
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
        if ctx.invoked_subcommand is None:
            _run_app(ctx.obj)

    _add_commands(main_group)
    return main_group


def _add_commands(main_group: click.Group) -> None:
    import click

    @main_group.command("demo", help=t("cli.help.demo"))
    @click.option("--reset", is_flag=True, help=t("cli.help.demo_reset"))
    @click.option("--no-app", is_flag=True, help=t("cli.help.demo_no_app"))
    # Also accepted after the command name ("diklat demo --db PATH"), as people type it.
    @click.option("--db", "db_path", metavar="PATH", help=t("cli.help.db"))
    @click.pass_obj
    def demo(state: State, reset: bool, no_app: bool, db_path: str | None) -> None:
        from diklat.services.demo import prepare_demo

        path = prepare_demo(db_path or state.db_arg, reset=reset)
        out.print(t("cli.demo_ready", path=str(path)))
        if not no_app:
            from diklat.db.engine import Database
            from diklat.tui.app import run_app

            run_app(Database.open(path), demo=True)

    @main_group.group("db", help=t("cli.help.db_group"))
    def db_group() -> None:
        pass

    @db_group.command("upgrade", help=t("cli.help.db_upgrade"))
    @click.pass_obj
    def db_upgrade(state: State) -> None:
        from diklat.db.engine import Database
        from diklat.db.migrate import upgrade

        db = Database.open(state.db_arg)
        before, after = upgrade(db)
        where = str(db.path or db.url)
        if before == after:
            out.print(t("cli.db_current", revision=after, path=where))
        else:
            out.print(t("cli.db_upgraded", before=before or "-", after=after, path=where))

    @main_group.command("seed", help=t("cli.help.seed"))
    @click.argument("directory", type=click.Path(path_type=Path))
    @click.pass_obj
    def seed(state: State, directory: Path) -> None:
        from diklat.io.seed import read_seed_dir
        from diklat.services.seeding import apply_seed

        files = read_seed_dir(directory)
        report = apply_seed(state.database(), _actor(), files)
        out.print(
            t(
                "cli.seeded",
                cohorts=report.cohorts,
                enrolments=report.enrolments,
                people=report.people,
                accounts=report.accounts,
                submissions=report.submissions,
                marks=report.marks,
            )
        )
        for code in report.skipped_cohorts:
            out.print(t("cli.seed_skipped", code=code))

    @main_group.group("user", help=t("cli.help.user"))
    def user_group() -> None:
        pass

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

        password = _read_secret("cli.password_new", True) if password_stdin else None
        info, otp = add_user(
            state.database(),
            _actor(),
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

    @user_group.command("passwd", help=t("cli.help.user_passwd"))
    @click.argument("ident", metavar="NIP")
    @click.option("--password-stdin", is_flag=True, help=t("cli.help.password_stdin"))
    @click.pass_obj
    def user_passwd(state: State, ident: str, password_stdin: bool) -> None:
        from diklat.services.auth import set_password

        db = state.database()
        password = _read_secret("cli.password_new", password_stdin)
        set_password(db, _actor(), ident, password)
        out.print(t("cli.password_set", login=ident))

    @user_group.command("list", help=t("cli.help.user_list"))
    @click.option("--search", default="", help=t("cli.help.search"))
    @click.pass_obj
    def user_list(state: State, search: str) -> None:
        from rich.table import Table

        from diklat.services.auth import list_users

        users = list_users(state.database(), _actor(), search=search)
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

    @main_group.group("cohort", help=t("cli.help.cohort"))
    def cohort_group() -> None:
        pass

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
            _actor(),
            code=code,
            name=name,
            start=_date(start, "--start"),
            end=_date(end, "--end"),
            program_name=program,
            project_term=term,
            angkatan=angkatan,
            institution_code=institution,
        )
        out.print(t("cli.cohort_created", code=summary.code, name=summary.name))

    @cohort_group.command("staff", help=t("cli.help.cohort_staff"))
    @click.argument("code")
    @click.argument("ident", metavar="NIP")
    @click.option(
        "--role",
        default=Role.COORDINATOR.value,
        show_default=True,
        type=click.Choice(
            [r.value for r in (Role.COORDINATOR, Role.COACH, Role.MENTOR, Role.EXAMINER)]
        ),
        help=t("cli.help.staff_role"),
    )
    @click.pass_obj
    def cohort_staff(state: State, code: str, ident: str, role: str) -> None:
        from diklat.services.cohorts import add_staff

        member = add_staff(state.database(), _actor(), code, ident, Role(role))
        out.print(
            t("cli.staff_added", name=member.name, role=t(f"role.{member.role.value}"), code=code)
        )

    @cohort_group.command("list", help=t("cli.help.cohort_list"))
    @click.pass_obj
    def cohort_list(state: State) -> None:
        from rich.table import Table

        from diklat.services.cohorts import list_cohorts

        cohorts = list_cohorts(state.database(), _actor())
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
                t(f"cohort.status.{c.status}"),
            )
        out.print(table)

    @cohort_group.command("show", help=t("cli.help.cohort_show"))
    @click.argument("code")
    @click.pass_obj
    def cohort_show(state: State, code: str) -> None:
        from diklat.services.cohorts import show_cohort

        _print_cohort(show_cohort(state.database(), _actor(), code))

    @main_group.group("export", help=t("cli.help.export_group"))
    def export_group() -> None:
        pass

    @export_group.command("project", help=t("cli.help.export_project"))
    @click.argument("nip")
    @click.option(
        "--cohort", "cohort_code", required=True, metavar="CODE", help=t("cli.help.export_cohort")
    )
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["pdf", "docx"]),
        required=True,
        help=t("cli.help.export_format"),
    )
    @click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        required=True,
        help=t("cli.help.export_output"),
    )
    @click.option(
        "--part",
        type=click.Choice(["design", "report", "all"]),
        default="all",
        show_default=True,
        help=t("cli.help.export_part"),
    )
    @click.pass_obj
    def export_project(
        state: State, nip: str, cohort_code: str, fmt: str, output: Path, part: str
    ) -> None:
        from diklat.io.documents import write
        from diklat.services.documents import find_enrolment, project_document

        db = state.database()
        actor = _actor()
        doc = project_document(db, actor, find_enrolment(db, actor, nip, cohort_code), part)
        size = write(doc, fmt, output)
        out.print(t("documents.written", path=str(output), size=size))

    from diklat.cli_backup import register as register_backup

    register_backup(main_group)
    from diklat.cli_admin import register as register_admin

    register_admin(main_group)
    from diklat.cli_rubric import register as register_rubric

    register_rubric(main_group)


def _print_cohort(detail) -> None:
    from rich.table import Table

    c = detail.summary
    out.print(f"{c.code} — {c.name}", style="bold")
    rows = [
        ("program", f"{c.program_name} ({c.project_term})"),
        ("angkatan", detail.angkatan or "-"),
        ("period", f"{c.start_date} – {c.end_date}"),
        ("institution", c.institution or "-"),
        ("status", t(f"cohort.status.{c.status}")),
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
    table = Table(title=t("cli.stage_progress"))
    table.add_column(t("cli.col.stage"))
    table.add_column(t("cli.col.deadline"))
    from diklat.domain.workflow import State as StageState

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


def _language_from_argv(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return os.environ.get("DIKLAT_LANG")


def _run_app(state: State) -> None:
    from diklat.tui.app import run_app

    # The log-in screen is drawn first; the database is opened (and migrated) behind
    # it. Opening errors end the app and are raised here, reported by ``main``.
    run_app(open_db=state.database)


def _app_only(args: list[str]) -> tuple[str | None] | None:
    """``(db,)`` when the arguments just start the app (``--db PATH``, ``--lang LANG``,
    nothing else); None for everything else, which click parses. Start-up skips click
    (a tenth of the time to the log-in screen); anything unusual, such as an unknown
    language, goes to click for its message."""
    db, i = None, 0
    while i < len(args):
        arg = args[i]
        if arg in ("--db", "--lang") and i + 1 < len(args):
            name, value, i = arg, args[i + 1], i + 2
        elif arg.startswith(("--db=", "--lang=")):
            (name, value), i = arg.split("=", 1), i + 1
        else:
            return None
        if not value or value.startswith("-") or (name == "--lang" and value not in LANGUAGES):
            return None
        if name == "--db":
            db = value
    return (db,)


def _run_click(args: list[str]) -> None:
    import click

    cli = build()
    try:
        cli.main(args=args, prog_name="diklat", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        err.print(t("cli.aborted"))
        sys.exit(1)
    except click.UsageError as exc:
        err.print(t("cli.usage_error", detail=exc.format_message()), style="red")
        if exc.ctx is not None:
            err.print(t("cli.see_help", command=exc.ctx.command_path))
        sys.exit(2)


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    # Help texts are built in the chosen language, so it must be known before parsing.
    set_language(_language_from_argv(args))
    try:
        app = _app_only(args)
        if app is not None:
            _run_app(State(app[0]))
        else:
            _run_click(args)
    except DomainError as exc:
        from diklat.io.seed import SeedInvalid

        err.print(t("cli.error", message=exc.message()), style="red")
        if isinstance(exc, SeedInvalid):
            for problem in exc.problems:
                err.print(f"  {problem}", markup=False)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # the last line of defence: one clear line, no traceback
        if os.environ.get("DIKLAT_DEBUG"):
            raise
        err.print(
            t("cli.unexpected", error=f"{type(exc).__name__}: {exc}"), style="red", markup=False
        )
        sys.exit(1)
