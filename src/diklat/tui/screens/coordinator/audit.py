"""The audit log (Log audit): who did what and when, with the old and the new values.

Filters: cohort code, person (log-in, NIP or part of the name), action, from and to a
date (DD-MM-YYYY); Enter in a filter applies them. The newest entries come first; the
highlighted entry's old and new values are shown in full below the table. An
administrator reads every entry, a coordinator the entries of their cohorts.
"""

from __future__ import annotations

import json

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Input, Select, Static

from diklat.i18n import t
from diklat.services import audit_log
from diklat.services.audit_log import AuditFilter, AuditPage, AuditRow
from diklat.textsafe import literal
from diklat.tui import format as fmt
from diklat.tui.screens.base import ServiceScreen
from diklat.tui.widgets.footer import Footer
from diklat.tui.widgets.statusline import StatusLine
from diklat.tui.widgets.titlebar import TitleBar

PAGE = 200
read_day = fmt.read_day  # the one reading of a typed date (tui/format.py)


def who(row: AuditRow) -> str:
    if row.actor:
        name = row.actor
    elif row.operator:
        name = t("audit.command_line", user=row.operator)
    else:
        name = t("audit.system")
    return name + (f" ({t('audit.for', name=row.on_behalf_of)})" if row.on_behalf_of else "")


def _value(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def change(row: AuditRow) -> str:
    old = row.old or {}
    new = {k: v for k, v in (row.new or {}).items() if k != audit_log.OPERATOR}
    parts = []
    for key in sorted(set(old) | set(new)):
        before = _value(old[key]) if key in old else "-"
        after = _value(new[key]) if key in new else "-"
        parts.append(f"{key}: {before} → {after}" if key in old else f"{key}: {after}")
    return "; ".join(parts)


class AuditScreen(ServiceScreen):
    CSS_PATH = "coordinator.tcss"
    HELP_KEY = "help.audit"
    AUTO_FOCUS = "#aud-table"

    def __init__(self, cohort: str = "") -> None:
        super().__init__()
        self.cohort = cohort
        self.page: AuditPage | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="aud"):
            with Horizontal(classes="form-row"):
                yield Input(self.cohort, id="aud-cohort", max_length=40)
                yield Input(id="aud-person", max_length=200)
                yield Select([], prompt=t("audit.any_action"), id="aud-action")
            with Horizontal(classes="form-row"):
                yield Input(id="aud-since", placeholder=t("form.date_placeholder"), max_length=10)
                yield Input(id="aud-until", placeholder=t("form.date_placeholder"), max_length=10)
            yield DataTable(id="aud-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="aud-detail-box"):
                yield Static("", id="aud-detail")
            yield StatusLine("", id="aud-status")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = t("audit.title")
        for field, label in (
            ("#aud-cohort", "audit.filter.cohort"),
            ("#aud-person", "audit.filter.person"),
            ("#aud-since", "audit.filter.since"),
            ("#aud-until", "audit.filter.until"),
        ):
            self.query_one(field, Input).border_title = t(label)
        table = self.query_one("#aud-table", DataTable)
        for key in ("at", "who", "action", "cohort", "change"):
            table.add_column(t(f"audit.col.{key}"), key=key)
        self.call(audit_log.audit_actions, self.db, self.actor, done=self._actions)
        self.load()

    def _actions(self, actions: list[str]) -> None:
        self.query_one("#aud-action", Select).set_options([(a, a) for a in actions])

    def _filter(self) -> AuditFilter | None:
        value = {k: self.query_one(f"#aud-{k}", Input).value for k in ("cohort", "person")}
        action = self.query_one("#aud-action", Select).value
        try:
            since = read_day(self.query_one("#aud-since", Input).value)
            until = read_day(self.query_one("#aud-until", Input).value)
        except ValueError:
            self.status(t("audit.bad_date"), error=True)
            return None
        return AuditFilter(
            cohort=value["cohort"].strip() or None,
            person=value["person"].strip() or None,
            action=action if isinstance(action, str) else None,  # the prompt: no filter
            since=since,
            until=until,
        )

    @on(Input.Submitted)
    @on(Select.Changed, "#aud-action")
    def load(self) -> None:
        f = self._filter()
        if f is None:
            return
        self.call(audit_log.audit_entries, self.db, self.actor, f, limit=PAGE, done=self.show)

    def show(self, page: AuditPage) -> None:
        self.page = page
        table = self.query_one("#aud-table", DataTable)
        table.clear()
        for n, r in enumerate(page.rows):
            table.add_row(
                fmt.moment(r.at),
                literal(who(r), overflow="ellipsis", no_wrap=True),
                r.action,
                literal(r.cohort or "-"),
                literal(change(r), overflow="ellipsis", no_wrap=True),
                key=str(n),
            )
        self.status(
            t("audit.shown", shown=len(page.rows), total=page.total)
            if page.rows
            else t("audit.none")
        )
        self._detail(0)

    @on(DataTable.RowHighlighted, "#aud-table")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is not None and event.row_key.value is not None:
            self._detail(int(event.row_key.value))

    def _detail(self, n: int) -> None:
        box = self.query_one("#aud-detail", Static)
        if self.page is None or n >= len(self.page.rows):
            box.update("")
            return
        r = self.page.rows[n]
        text = Text()
        text.append(f"{fmt.moment(r.at)} · {r.action} · {r.entity} {r.entity_id or ''}\n", "bold")
        text.append_text(literal(who(r)))
        old = {k: v for k, v in (r.old or {}).items()}
        new = {k: v for k, v in (r.new or {}).items() if k != audit_log.OPERATOR}
        for label, values in ((t("audit.old"), old), (t("audit.new"), new)):
            if values:
                text.append(f"\n{label}: ", style="bold")
                text.append_text(
                    literal(json.dumps(values, ensure_ascii=False, indent=1), multiline=True)
                )
        box.update(text)
