"""Requests to correct a participant's name, jabatan or instansi, in the Peserta & staf
tab: shown only while some wait; the coordinator approves (Y) or refuses (X) the
highlighted one, with an optional note (services.corrections)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Input, Static

from diklat.i18n import t
from diklat.services.corrections import Correction, decide_correction, pending_corrections
from diklat.textsafe import literal, message
from diklat.tui.bindings import TranslatedBindings


class CorrectionsPanel(TranslatedBindings, Vertical):
    BINDINGS = [
        Binding("y", "decide(True)", "key.correction_approve"),
        Binding("x", "decide(False)", "key.correction_refuse"),
    ]
    DEFAULT_CSS = """
    CorrectionsPanel { height: auto; max-height: 12; }
    CorrectionsPanel DataTable { height: auto; max-height: 4; }
    CorrectionsPanel #corr-detail { height: auto; max-height: 2; }
    CorrectionsPanel .form-row { height: auto; }
    CorrectionsPanel Input { width: 1fr; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[Correction] = []
        self.display = False

    def compose(self) -> ComposeResult:
        yield Static(t("correction.queue.title"), classes="panel-title")
        yield DataTable(id="corr-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="corr-detail", classes="panel-note")
        with Horizontal(classes="form-row"):
            yield Input(placeholder=t("correction.queue.note"), id="corr-note", max_length=2000)
            yield Button(t("correction.queue.approve"), id="corr-approve", variant="primary")
            yield Button(t("correction.queue.refuse"), id="corr-refuse")

    def on_mount(self) -> None:
        table = self.query_one("#corr-table", DataTable)
        table.add_column(t("coord.col.name"), key="name")
        table.add_column(t("correction.screen.field_label"), key="field")
        table.add_column(t("correction.screen.value_label"), key="new")

    def load(self) -> None:
        screen = self.screen
        screen.call(pending_corrections, screen.db, screen.actor, screen.code, done=self.show)

    def show(self, rows: list[Correction]) -> None:
        self.rows = rows
        self.display = bool(rows)
        table = self.query_one("#corr-table", DataTable)
        table.clear()
        for r in rows:
            table.add_row(
                literal(r.person_name),
                t(f"correction.field.{r.field}"),
                literal(r.new_value),
                key=str(r.id),
            )
        self._detail()

    @on(DataTable.RowHighlighted, "#corr-table")
    def _detail(self) -> None:
        """The whole request (the value now, the one asked for, why) under the table,
        where no column cuts it."""
        r = self._highlighted()
        detail = self.query_one("#corr-detail", Static)
        if r is None:
            detail.update("")
            return
        detail.update(
            message(
                "correction.queue.row",
                name=r.person_name,
                field=t(f"correction.field.{r.field}"),
                old=r.old_value,
                new=r.new_value,
                reason=r.reason,
            )
        )

    def _highlighted(self) -> Correction | None:
        table = self.query_one("#corr-table", DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    @on(Button.Pressed, "#corr-approve")
    def approve_pressed(self) -> None:
        self.action_decide(True)

    @on(Button.Pressed, "#corr-refuse")
    def refuse_pressed(self) -> None:
        self.action_decide(False)

    def action_decide(self, approve: bool) -> None:
        screen = self.screen
        r = self._highlighted()
        if r is None:
            screen.status(t("correction.queue.pick"), error=True)
            return
        note = self.query_one("#corr-note", Input).value

        def done(decided: Correction) -> None:
            self.query_one("#corr-note", Input).value = ""
            key = "correction.queue.approved" if approve else "correction.queue.refused"
            screen.status(
                t(key, field=t(f"correction.field.{decided.field}"), name=decided.person_name)
            )
            if approve:
                screen.changed()  # the name shows in every tab; this one reloads too
            else:
                self.load()

        screen.call(decide_correction, screen.db, screen.actor, r.id, approve, note, done=done)
