"""The database itself: ``diklat db upgrade``, ``diklat db copy --to URL``,
``diklat backup FILE`` and ``diklat restore FILE``."""

from __future__ import annotations

from pathlib import Path

import click

from diklat.cli.common import State, operator, out, progress_bar
from diklat.i18n import t


def register(main: click.Group) -> None:
    @main.group("db", help=t("cli.help.db_group"))
    def db_group() -> None:
        pass

    _upgrade(db_group)
    _copy(db_group)
    _backup(main)
    _restore(main)


def _upgrade(db_group: click.Group) -> None:
    @db_group.command("upgrade", help=t("cli.help.db_upgrade"))
    @click.pass_obj
    def db_upgrade(state: State) -> None:
        from diklat.db.migrate import upgrade

        db = state.unmigrated()
        before, after = upgrade(db)
        where = db.where
        if before == after:
            out.print(t("cli.db_current", revision=after, path=where))
        else:
            out.print(t("cli.db_upgraded", before=before or "-", after=after, path=where))


def _copy(db_group: click.Group) -> None:
    @db_group.command("copy", help=t("cli.help.db_copy"))
    @click.option("--to", "to", required=True, metavar="URL", help=t("cli.help.db_copy_to"))
    @click.pass_obj
    def db_copy(state: State, to: str) -> None:
        from diklat.db.engine import display_url, resolve_url
        from diklat.services.backups import copy_database

        with progress_bar(t("dbcopy.progress"), None) as advance:
            copied = copy_database(
                state.database(), operator(), to, lambda done, total: advance(done, total)
            )
        for table in copied.tables:
            out.print(
                t(
                    "dbcopy.table_line",
                    table=table.name,
                    rows=table.rows,
                    checksum=table.checksum[:16],
                )
            )
        out.print(
            t(
                "dbcopy.done",
                rows=copied.rows,
                tables=len(copied.tables),
                revision=copied.revision,
                where=display_url(resolve_url(to)),
            )
        )


def _backup(main: click.Group) -> None:
    @main.command("backup", help=t("reliability.help.backup"))
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--force", is_flag=True, help=t("reliability.help.backup_force"))
    @click.pass_obj
    def backup(state: State, file: Path, force: bool) -> None:
        from diklat.services.backups import make_backup

        copied = make_backup(state.database(), operator(), file, overwrite=force)
        out.print(
            t(
                "reliability.backup_done",
                path=str(copied.path),
                size=copied.size,
                revision=copied.revision,
            )
        )


def _restore(main: click.Group) -> None:
    @main.command("restore", help=t("reliability.help.restore"))
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--yes", is_flag=True, help=t("reliability.help.restore_yes"))
    @click.pass_obj
    def restore(state: State, file: Path, yes: bool) -> None:
        from diklat.services.backups import check_backup, restore_backup

        # Not state.database(): the database about to be replaced is not migrated first.
        db = state.unmigrated()
        check_backup(operator(), file)
        where = db.where
        if not yes:
            click.confirm(
                t("reliability.restore_confirm", path=where, source=str(file)), abort=True, err=True
            )
        restored, now = restore_backup(db, operator(), file)
        out.print(t("reliability.restore_done", path=where, source=str(file), revision=now))
        if restored.previous is not None:
            out.print(t("reliability.restore_previous", path=str(restored.previous)))
