"""``diklat rubric list|export|import``: read and edit marking rubrics.

Editing a rubric is exporting it, changing the JSON file and importing it again:
the import stores it as the next version of its code, and marks already given
keep the version they were given with.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from diklat.cli.common import State, operator, out
from diklat.i18n import t


def register(main: click.Group) -> None:
    @main.group("rubric", help=t("rubric_cli.help.group"))
    def rubric_group() -> None:
        pass

    for add in (_list, _export, _import):
        add(rubric_group)


def _list(rubric_group: click.Group) -> None:
    @rubric_group.command("list", help=t("rubric_cli.help.list"))
    @click.pass_obj
    def rubric_list(state: State) -> None:
        from diklat.services.rubrics import list_rubrics

        for info in list_rubrics(state.database(), operator()):
            stored = t("rubric_cli.stored") if info.stored else t("rubric_cli.shipped")
            out.print(
                t(
                    "rubric_cli.line",
                    code=info.code,
                    version=info.version,
                    component=info.component,
                    title=info.title,
                    criteria=info.criteria,
                    stored=stored,
                )
            )


def _export(rubric_group: click.Group) -> None:
    @rubric_group.command("export", help=t("rubric_cli.help.export"))
    @click.argument("code")
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--version", "version", type=int, default=None, help=t("rubric_cli.help.version"))
    @click.pass_obj
    def rubric_export(state: State, code: str, file: Path, version: int | None) -> None:
        from diklat.domain.rubric import dump_rubric
        from diklat.io.atomic import write_text
        from diklat.services.rubrics import get_rubric

        rubric = get_rubric(state.database(), operator(), code, version)
        write_text(file, json.dumps(dump_rubric(rubric), ensure_ascii=False, indent=2) + "\n")
        out.print(
            t("rubric_cli.exported", code=rubric.code, version=rubric.version, path=str(file))
        )


def _import(rubric_group: click.Group) -> None:
    @rubric_group.command("import", help=t("rubric_cli.help.import"))
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.pass_obj
    def rubric_import(state: State, file: Path) -> None:
        from diklat.services.rubrics import save_rubric

        rubric = save_rubric(state.database(), operator(), _read_json(file))
        out.print(
            t(
                "rubric_cli.imported",
                code=rubric.code,
                version=rubric.version,
                component=rubric.component,
            )
        )


def _read_json(file: Path) -> dict:
    from diklat.domain.errors import DomainError

    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:  # RecursionError: nested too deeply
        raise DomainError("rubric_cli.unreadable", path=str(file), reason=str(exc)[:200]) from None
    if not isinstance(data, dict):
        raise DomainError("rubric_cli.unreadable", path=str(file), reason="JSON object expected")
    return data
