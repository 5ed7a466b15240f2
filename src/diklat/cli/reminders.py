"""``diklat remind --cohort CODE [--send] [--days N] [-o FILE]``: who is late, the list
written to a file, and the reminders sent by e-mail (DIKLAT_SMTP_URL, DIKLAT_SMTP_FROM)."""

from __future__ import annotations

from pathlib import Path

import click

from diklat.cli.common import State, err, operator, out, output_format, progress_bar
from diklat.i18n import t


def register(main: click.Group) -> None:
    @main.command("remind", help=t("cli.help.remind"))
    @click.option(
        "--cohort", "cohort_code", required=True, metavar="CODE", help=t("admin.help.cohort")
    )
    @click.option("--send", is_flag=True, help=t("cli.help.remind_send"))
    @click.option(
        "--days",
        type=click.IntRange(0, 365),
        default=3,
        show_default=True,
        help=t("cli.help.remind_days"),
    )
    @click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help=t("cli.help.remind_output"),
    )
    @click.option(
        "--format", "fmt", type=click.Choice(["csv", "xlsx"]), help=t("admin.help.format")
    )
    @click.pass_obj
    def remind(
        state: State, cohort_code: str, send: bool, days: int, output: Path | None, fmt: str | None
    ) -> None:
        from diklat.services.reminders import late_list

        db = state.database()
        late = late_list(db, operator(), cohort_code, review_days=days)
        _print(late)
        if output is not None:
            from diklat.io.late_list import write_late

            size = write_late(late, output_format(fmt, output, ("csv", "xlsx")), output)
            rows = sum(len(r.items) for r in late.reminders)
            out.print(t("admin.cli.written", path=str(output), size=size, rows=rows))
        if send:
            _send(state, cohort_code, days)


def _print(late) -> None:
    if not late.reminders:
        out.print(t("coord.remind.nobody", date=late.today.strftime("%d-%m-%Y")))
        return
    for r in late.reminders:
        done = " " + t("cli.remind_done_today") if not r.fresh else ""
        out.print(
            t(
                "cli.remind_person",
                kind=", ".join(t(f"remind.kind.{k}") for k in r.kinds),
                name=r.name,
                email=r.email or t("coord.remind.no_email"),
            )
            + done
        )
        for item in r.items:
            out.print(f"  - {item.subject} · {item.participant} (NDH {item.ndh}) · {item.todo}")


def _send(state: State, cohort_code: str, days: int) -> None:
    from diklat.io.mail import smtp_config
    from diklat.services.reminders import send_reminders

    config = smtp_config()
    err.print(t("coord.remind.sending", server=str(config)))
    with progress_bar(t("cli.remind_sending_bar"), None) as advance:
        report = send_reminders(
            state.database(), operator(), cohort_code, config, review_days=days, progress=advance
        )
    out.print(
        t(
            "coord.remind.sent",
            sent=len(report.sent),
            no_email=len(report.skipped_no_email),
            already=len(report.skipped_already),
            failed=len(report.failed),
        )
    )
    for line in report.failed:
        err.print(line)
    if report.failed:
        raise SystemExit(1)
