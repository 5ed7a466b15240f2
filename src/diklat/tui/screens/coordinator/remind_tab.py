"""Reminders: who is late (participants, reviewers, markers), the message each would
get, and sending them (with a confirmation) when e-mail is set up. The list itself is
exported from the Ekspor tab (CSV/XLSX)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, DataTable, Input, Static

from diklat.domain.errors import DomainError
from diklat.i18n import t
from diklat.io.mail import smtp_config
from diklat.services import reminders
from diklat.services.reminders import LateList, SendReport
from diklat.textsafe import literal
from diklat.tui import format as fmt
from diklat.tui.screens.coordinator.base import CoordTab


class RemindTab(CoordTab):
    FOCUS = "#rem-table"
    BINDINGS = [Binding("ctrl+s", "send", "key.coord_remind_send")]
    data: LateList | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Input(
                str(reminders.DEFAULT_REVIEW_DAYS), id="rem-days", type="integer", max_length=3
            )
            yield Button(t("coord.remind.refresh"), id="rem-refresh")
            yield Button(t("coord.remind.send"), id="rem-send", variant="primary")
        yield Static("", id="rem-summary", classes="panel-note")
        yield DataTable(id="rem-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="rem-preview-box"):
            yield Static(t("coord.remind.pick"), id="rem-preview")

    def on_mount(self) -> None:
        self.query_one("#rem-days", Input).border_title = t("coord.remind.days")
        table = self.query_one("#rem-table", DataTable)
        for key in ("kind", "name", "email", "items", "reminded"):
            table.add_column(t(f"coord.remind.col.{key}"), key=key)

    def _days(self) -> int | None:
        try:
            return int(self.query_one("#rem-days", Input).value or reminders.DEFAULT_REVIEW_DAYS)
        except ValueError:
            return None

    @on(Button.Pressed, "#rem-refresh")
    @on(Input.Submitted, "#rem-days")
    def load(self) -> None:
        super().load()
        days = self._days()
        if days is None:
            self.status(t("coord.remind.bad_days"), error=True)
            return
        self.call(
            reminders.late_list,
            self.screen.db,
            self.screen.actor,
            self.code,
            review_days=days,
            done=self.show,
        )

    def show(self, data: LateList) -> None:
        self.data = data
        table = self.query_one("#rem-table", DataTable)
        table.clear()
        for n, r in enumerate(data.reminders):
            table.add_row(
                ", ".join(t(f"remind.kind.{k}") for k in r.kinds),
                literal(r.name, overflow="ellipsis", no_wrap=True),
                literal(r.email) if r.email else Text(t("coord.remind.no_email"), style="bold"),
                str(len(r.items)),
                t("coord.yes") if not r.fresh else t("coord.no"),
                key=str(n),
            )
        counts = {k: len(data.of(k)) for k in reminders.KINDS}
        self.query_one("#rem-summary", Static).update(
            t("coord.remind.summary", date=fmt.day(data.today), **counts)
            if data.reminders
            else t("coord.remind.nobody", date=fmt.day(data.today))
        )
        if data.reminders:
            self._preview(0)

    @on(DataTable.RowHighlighted, "#rem-table")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is not None and event.row_key.value is not None:
            self._preview(int(event.row_key.value))

    def _preview(self, n: int) -> None:
        if self.data is None or n >= len(self.data.reminders):
            return
        reminder = self.data.reminders[n]
        mail = reminders.message_for(self.data, reminder, self.screen.actor.name)
        text = Text()
        text.append(t("coord.remind.to", to=mail.to or "-") + "\n", style="bold")
        text.append_text(literal(mail.subject + "\n\n" + mail.body, multiline=True))
        self.query_one("#rem-preview", Static).update(text)

    @on(Button.Pressed, "#rem-send")
    def action_send(self) -> None:
        try:
            config = smtp_config()
        except DomainError as err:
            self.status(fmt.error(err), error=True)
            return
        if self.data is None:
            return
        fresh = [r for r in self.data.reminders if r.fresh and r.email]
        if not fresh:
            self.status(t("coord.remind.nothing_to_send"))
            return
        from diklat.tui.widgets.confirm import ConfirmScreen

        question = t("coord.remind.confirm", count=len(fresh), server=str(config))

        def answered(yes: bool | None) -> None:
            if yes:
                self._send(config)

        self.app.push_screen(ConfirmScreen(question), answered)

    def _send(self, config) -> None:
        days = self._days() or reminders.DEFAULT_REVIEW_DAYS
        button = self.query_one("#rem-send", Button)
        button.disabled = True

        def done(report: SendReport) -> None:
            button.disabled = False
            message = t(
                "coord.remind.sent",
                sent=len(report.sent),
                no_email=len(report.skipped_no_email),
                already=len(report.skipped_already),
                failed=len(report.failed),
            )
            if report.failed:
                message += "\n" + "\n".join(report.failed)
            self.status(message, error=bool(report.failed))
            self.load()

        def failed(err: DomainError) -> None:
            button.disabled = False
            self.status(fmt.error(err), error=True)

        self.status(t("coord.remind.sending", server=str(config)))
        self.call(
            reminders.send_reminders,
            self.screen.db,
            self.screen.actor,
            self.code,
            config,
            review_days=days,
            done=done,
            failed=failed,
        )
