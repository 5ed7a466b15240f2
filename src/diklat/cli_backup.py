"""``diklat backup FILE`` and ``diklat restore FILE``: registered onto the main group by cli.build."""

from __future__ import annotations

from pathlib import Path

import click

from diklat.i18n import t


def register(group: click.Group) -> None:
    from diklat.cli import State, _actor, out

    @group.command("backup", help=t("reliability.help.backup"))
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--force", is_flag=True, help=t("reliability.help.backup_force"))
    @click.pass_obj
    def backup(state: State, file: Path, force: bool) -> None:
        from diklat.services.backups import make_backup

        copied = make_backup(state.database(), _actor(), file, overwrite=force)
        out.print(
            t(
                "reliability.backup_done",
                path=str(copied.path),
                size=copied.size,
                revision=copied.revision,
            )
        )

    @group.command("restore", help=t("reliability.help.restore"))
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--yes", is_flag=True, help=t("reliability.help.restore_yes"))
    @click.pass_obj
    def restore(state: State, file: Path, yes: bool) -> None:
        from diklat.db.engine import Database
        from diklat.services.backups import check_backup, restore_backup

        # Not state.database(): the database about to be replaced is not migrated first.
        db = Database.open(state.db_arg)
        check_backup(_actor(), file)
        where = str(db.path or db.url)
        if not yes:
            click.confirm(
                t("reliability.restore_confirm", path=where, source=str(file)), abort=True, err=True
            )
        restored, now = restore_backup(db, _actor(), file)
        out.print(t("reliability.restore_done", path=where, source=str(file), revision=now))
        if restored.previous is not None:
            out.print(t("reliability.restore_previous", path=str(restored.previous)))
