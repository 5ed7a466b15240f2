"""``diklat results --cohort CODE``: the cohort's results as a table."""

from __future__ import annotations

import click
from rich.table import Table

from diklat.cli.common import State, operator, out
from diklat.i18n import t


def register(main: click.Group) -> None:
    @main.command("results", help=t("admin.help.results"))
    @click.option(
        "--cohort", "cohort_code", required=True, metavar="CODE", help=t("admin.help.cohort")
    )
    @click.pass_obj
    def results_cmd(state: State, cohort_code: str) -> None:
        from diklat.services.graduation import cohort_results

        res = cohort_results(state.database(), operator(), cohort_code)
        _print_results(res)


def _caption(res) -> str:
    meta = res.meta
    released = (
        t("admin.cli.results_released") if meta.released_at else t("admin.cli.results_not_released")
    )
    locked = t("admin.cli.results_locked") if meta.locked_at else ""
    summary = t(
        "graduation.summary", participants=len(res.rows), graduates=res.graduates, best=res.best
    )
    return " ".join(x for x in (summary, released, locked) if x)


def _print_results(res) -> None:
    from rich import box

    from diklat.io.graduation import two

    table = Table(
        title=t("admin.cli.results_title", cohort=res.meta.name, code=res.meta.code),
        box=box.SIMPLE_HEAD,
        caption=_caption(res),
    )
    # Component scores need room; a narrow terminal gets the final score only.
    comps = res.rules.components if out.width >= 120 else []
    table.add_column(t("graduation.col.no"), justify="right", no_wrap=True)
    table.add_column(t("graduation.col.ndh"), justify="right", no_wrap=True)
    table.add_column(t("graduation.col.nama"))
    for c in comps:
        table.add_column(c.code, justify="right", no_wrap=True)
    table.add_column(t("graduation.col.nilai_akhir"), justify="right", no_wrap=True)
    table.add_column(t("graduation.col.kualifikasi"))
    table.add_column(t("graduation.col.peringkat"), justify="right", no_wrap=True)
    table.add_column(t("admin.cli.col_status"))
    table.add_column(t("graduation.col.keterangan"))
    for r in res.rows:
        table.add_row(
            str(r.no),
            str(r.ndh),
            r.name,
            *(
                (two(r.components.get(c.code)) or "-") + ("*" if c.code in r.moderated else "")
                for c in comps
            ),
            two(r.final) or "-",
            r.qualification_text() or "-",
            str(r.rank) if r.rank else "",
            t("admin.cli.passed") if r.passed else t("admin.cli.not_passed"),
            r.remarks(),
        )
    out.print(table)
    if any(r.moderated for r in res.rows):
        out.print(t("admin.cli.moderated_note"))
