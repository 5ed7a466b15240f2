"""``diklat audit [--cohort CODE] [--person WHO] [--action NAME] [--since DATE]
[--until DATE] [--format csv]``: the audit log, newest first on screen, or every
matching entry as CSV (oldest first) on stdout."""

from __future__ import annotations

import csv
import json
import sys

import click

from diklat.cli.common import State, operator, out, parse_date
from diklat.i18n import t

COLUMNS = (
    "id",
    "waktu_utc",
    "pelaku",
    "login",
    "operator",
    "atas_nama",
    "tindakan",
    "objek",
    "id_objek",
    "angkatan",
    "lama",
    "baru",
)


def register(main: click.Group) -> None:
    @main.command("audit", help=t("cli.help.audit"))
    @click.option("--cohort", "cohort_code", metavar="CODE", help=t("cli.help.audit_cohort"))
    @click.option("--person", metavar="WHO", help=t("cli.help.audit_person"))
    @click.option("--action", metavar="NAME", help=t("cli.help.audit_action"))
    @click.option("--since", metavar="YYYY-MM-DD", help=t("cli.help.audit_since"))
    @click.option("--until", metavar="YYYY-MM-DD", help=t("cli.help.audit_until"))
    @click.option(
        "--limit",
        type=click.IntRange(1, 1000),
        default=50,
        show_default=True,
        help=t("cli.help.audit_limit"),
    )
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "csv"]),
        default="table",
        show_default=True,
        help=t("cli.help.audit_format"),
    )
    @click.pass_obj
    def audit(state: State, cohort_code, person, action, since, until, limit, fmt) -> None:
        from diklat.services.audit_log import AuditFilter, audit_entries, iter_entries

        f = AuditFilter(
            cohort=cohort_code,
            person=person,
            action=action,
            since=parse_date(since, "--since") if since else None,
            until=parse_date(until, "--until") if until else None,
        )
        db = state.database()
        if fmt == "csv":
            _csv(iter_entries(db, operator(), f))
            return
        page = audit_entries(db, operator(), f, limit=limit)
        _table(page)


def _values(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _who(row) -> str:
    if row.actor:
        return row.actor
    return t("audit.command_line", user=row.operator) if row.operator else t("audit.system")


def _csv(rows) -> None:
    from diklat.io.tabular import neutralise

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow(
            [
                neutralise(v)
                for v in (
                    r.id,
                    r.at.isoformat(sep=" ", timespec="seconds"),
                    r.actor,
                    r.actor_login,
                    r.operator,
                    r.on_behalf_of,
                    r.action,
                    r.entity,
                    "" if r.entity_id is None else r.entity_id,
                    r.cohort,
                    _values(r.old),
                    _values(r.new),
                )
            ]
        )
    sys.stdout.flush()


def _table(page) -> None:
    from rich.table import Table

    if not page.rows:
        out.print(t("audit.none"))
        return
    table = Table(show_header=True, header_style="bold")
    for key in ("at", "who", "action", "cohort", "change"):
        table.add_column(t(f"audit.col.{key}"))
    for r in page.rows:
        table.add_row(
            r.at.strftime("%Y-%m-%d %H:%M"),
            _who(r) + (f" ({t('audit.for', name=r.on_behalf_of)})" if r.on_behalf_of else ""),
            r.action,
            r.cohort or "-",
            _change(r),
        )
    out.print(table)
    out.print(t("audit.shown", shown=len(page.rows), total=page.total))


def _change(row) -> str:
    old, new = row.old or {}, {k: v for k, v in (row.new or {}).items() if k != "operator"}
    parts = []
    for key in sorted(set(old) | set(new)):
        if key in old and key in new:
            parts.append(f"{key}: {old[key]} → {new[key]}")
        elif key in new:
            parts.append(f"{key}: {new[key]}")
        else:
            parts.append(f"{key}: {old[key]} → -")
    return "; ".join(parts)
