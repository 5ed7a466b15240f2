"""Accounts (from the home, key U): every account, searched by name or log-in, and a
new one-time password for one of them on a log-in slip.

The slip is made like every export: a file on this computer in a terminal, a download
in the browser when served (tui.deliver). A reset is refused for people outside the
coordinator's cohorts (services.people.reset_password says why); nothing changes
unless the slip was made.
"""

from __future__ import annotations

import re

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Input, Static

from diklat.domain.errors import DomainError
from diklat.i18n import t
from diklat.services.auth import UserInfo, list_users
from diklat.services.people import reset_password
from diklat.textsafe import literal, visible
from diklat.tui.deliver import make_file, served, suggested
from diklat.tui.screens.base import ServiceScreen
from diklat.tui.widgets.footer import KeyFooter
from diklat.tui.widgets.statusline import StatusLine
from diklat.tui.widgets.titlebar import TitleBar


def _reset(app, db, actor, login: str, path: str) -> tuple[str, str]:
    """(the new password, where the slip went); the slip made where it goes."""
    from diklat.io.slips import write_slips

    try:
        (otp, _size), where = make_file(
            app,
            path,
            lambda target: reset_password(db, actor, login, lambda d: write_slips(d, target)),
        )
    except OSError as exc:
        raise DomainError(
            "coord.export.cannot_write", path=path, error=exc.strerror or str(exc)
        ) from None
    return otp, where


def slip_name(login: str) -> str:
    safe = re.sub(r"[^\w.-]", "_", login)
    return f"slip-masuk-{safe}.pdf"


class AccountsScreen(ServiceScreen):
    CSS_PATH = "coordinator.tcss"
    HELP_KEY = "help.accounts"
    AUTO_FOCUS = "#acc-search"
    BINDINGS = [Binding("ctrl+r", "reset", "key.accounts_reset", priority=True)]
    DEFAULT_CSS = """
    #acc { padding: 0 1; }
    #acc-table { height: 1fr; }
    #acc Input { width: 1fr; }
    #acc .form-row { height: auto; }
    #acc-detail { height: auto; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[UserInfo] = []
        self.selected: UserInfo | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="acc"):
            yield Input(placeholder=t("people.accounts.search"), id="acc-search")
            yield DataTable(id="acc-table", cursor_type="row", zebra_stripes=True)
            yield Static(t("people.accounts.pick"), id="acc-detail", classes="panel-note")
            with Horizontal(classes="form-row"):
                yield Input(id="acc-path")
                yield Button(t("people.accounts.reset"), id="acc-reset", variant="warning")
            yield StatusLine("", id="acc-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = t("people.accounts.title")
        table = self.query_one("#acc-table", DataTable)
        for key in ("login", "name", "role", "status"):
            table.add_column(t(f"cli.col.{key}"), key=key)
        self.query_one("#acc-search", Input).border_title = t("people.accounts.search_title")
        self.query_one("#acc-path", Input).border_title = t("people.accounts.slip_path")
        self.load()

    def load(self) -> None:
        search = self.query_one("#acc-search", Input).value.strip()
        self.call(list_users, self.db, self.actor, search=search, done=self.show)

    @on(Input.Changed, "#acc-search")
    def searched(self) -> None:
        self.load()

    @on(Input.Submitted, "#acc-search")
    def to_table(self) -> None:
        self.query_one("#acc-table", DataTable).focus()

    def show(self, rows: list[UserInfo]) -> None:
        if self.query_one("#acc-search", Input).value.strip() and not rows:
            self.query_one("#acc-detail", Static).update(t("people.accounts.none"))
        self.rows = rows
        table = self.query_one("#acc-table", DataTable)
        table.clear()
        for u in rows:
            if u.must_change_password:
                state = t("cli.must_change")
            else:
                state = t("cli.active") if u.active else t("cli.inactive")
            table.add_row(
                literal(u.login), literal(u.name), t(f"role.{u.role.value}"), state, key=u.login
            )
        self.sub_title = t("people.accounts.count", count=len(rows))

    @on(DataTable.RowHighlighted, "#acc-table")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is None:
            return
        self.selected = next((u for u in self.rows if u.login == event.row_key.value), None)
        if self.selected is None:
            return
        u = self.selected
        self.query_one("#acc-detail", Static).update(
            literal(t("people.accounts.chosen", name=u.name, login=u.login), style="bold")
        )
        self.query_one("#acc-path", Input).value = suggested(self.app, slip_name(u.login))

    @on(DataTable.RowSelected, "#acc-table")
    @on(Button.Pressed, "#acc-reset")
    def action_reset(self) -> None:
        u = self.selected
        if u is None:
            self.status(t("people.accounts.pick"), error=True)
            return
        from diklat.tui.widgets.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._run(u)

        self.app.push_screen(
            ConfirmScreen(
                t("people.accounts.confirm", name=u.name, login=u.login),
                yes=t("people.accounts.reset"),
            ),
            answered,
        )

    def _run(self, u: UserInfo) -> None:
        path = self.query_one("#acc-path", Input).value.strip() or slip_name(u.login)
        app = self.app

        def done(result: tuple[str, str]) -> None:
            otp, where = result
            key = "people.accounts.reset_sent" if served(app) else "people.accounts.reset_done"
            self.status(t(key, name=u.name, password=otp, path=visible(where)))
            self.load()

        self.call(_reset, app, self.db, self.actor, u.login, path, done=done)
