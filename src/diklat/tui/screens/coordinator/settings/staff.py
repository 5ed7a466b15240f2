"""Pengaturan › Penyelenggara: the cohort's coordinators. Add one by NIP or log-in name
(``diklat cohort staff CODE NIP``); Delete on a row removes them, never the last one.
A co-coordinator sees and runs the cohort exactly as its first coordinator does."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Input, Static

from diklat.i18n import t
from diklat.services.coordinators import (
    Coordinator,
    add_coordinator,
    coordinators,
    remove_coordinator,
)
from diklat.textsafe import literal
from diklat.tui.screens.coordinator.base import CoordTab


class StaffSection(CoordTab):
    FOCUS = "#co-login"
    BINDINGS = [Binding("delete", "remove", "key.settings_remove_coordinator")]
    DEFAULT_CSS = """
    #co-table { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[Coordinator] = []

    def compose(self) -> ComposeResult:
        yield Static(t("settings.staff.hint"), classes="note")
        yield DataTable(id="co-table", cursor_type="row", zebra_stripes=True)
        with Horizontal(classes="form-row"):
            yield Input(
                id="co-login", placeholder=t("settings.staff.login"), max_length=60, compact=True
            )
            yield Button(t("settings.staff.add"), id="co-add", variant="primary", compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#co-table", DataTable)
        for key in ("name", "login", "nip"):
            table.add_column(t(f"settings.staff.col.{key}"), key=key)

    def load(self) -> None:
        super().load()
        self.call(coordinators, self.coord.db, self.coord.actor, self.code, done=self.show)

    def show(self, rows: list[Coordinator]) -> None:
        self.rows = rows
        table = self.query_one("#co-table", DataTable)
        table.clear()
        for r in rows:
            table.add_row(
                literal(r.name),
                literal(r.login or "-"),
                literal(r.nip or "-"),
                key=str(r.person_id),
            )

    def save(self) -> None:
        self.add()

    @on(Button.Pressed, "#co-add")
    @on(Input.Submitted, "#co-login")
    def add(self) -> None:
        login = self.query_one("#co-login", Input).value.strip()
        if not login:
            self.status(t("settings.staff.login_needed"), error=True)
            return

        def done(rows: list[Coordinator]) -> None:
            self.query_one("#co-login", Input).value = ""
            self.show(rows)
            self.status(t("settings.staff.added", login=login))
            self.coord.changed()

        self.call(add_coordinator, self.coord.db, self.coord.actor, self.code, login, done=done)

    def action_remove(self) -> None:
        table = self.query_one("#co-table", DataTable)
        if not table.has_focus or not self.rows:
            return
        who = self.rows[table.cursor_row]

        def done(rows: list[Coordinator]) -> None:
            self.show(rows)
            self.status(t("settings.staff.removed", name=who.name))
            self.coord.changed()

        self.call(
            remove_coordinator, self.coord.db, self.coord.actor, self.code, who.person_id, done=done
        )
