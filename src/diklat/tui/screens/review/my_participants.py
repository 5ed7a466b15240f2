"""The coach's and the mentor's own participants: one row per participant, one column
per stage (its state, ⚠ when late). Enter on a stage shows the participant's stage
screen read-only, drafts included, as the participant is writing it."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from diklat.domain.workflow import STAGES
from diklat.i18n import t
from diklat.services.homes import MyParticipant, my_participants
from diklat.textsafe import literal
from diklat.tui import format as fmt
from diklat.tui.navigation import open_stage
from diklat.tui.screens.base import ServiceScreen
from diklat.tui.widgets.footer import KeyFooter
from diklat.tui.widgets.status import state_text
from diklat.tui.widgets.statusline import StatusLine
from diklat.tui.widgets.titlebar import TitleBar

FIRST_STAGE_COLUMN = 4  # cohort, NDH, name, relation come first


class MyParticipantsScreen(ServiceScreen):
    CSS_PATH = "review.tcss"
    HELP_KEY = "help.my_participants"
    AUTO_FOCUS = "#mine-table"
    BINDINGS = [
        Binding("enter", "open", "key.open_stage"),
        Binding("r", "refresh", "key.refresh"),
        Binding("escape", "back", "key.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: list[MyParticipant] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="mine"):
            yield Static(t("mine.title"), classes="panel-title")
            yield DataTable(id="mine-table", cursor_type="cell", zebra_stripes=True)
            yield StatusLine(t("home.loading"), id="mine-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#mine-table", DataTable)
        for key in ("cohort", "ndh", "name", "as"):
            table.add_column(t(f"mine.col.{key}"), key=key)
        for stage in STAGES:
            table.add_column(t(f"coord.stage_short.{stage.value}"), key=stage.value)
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        self.call(my_participants, self.db, self.actor, today=fmt.today(), done=self.show)

    def show(self, data: list[MyParticipant]) -> None:
        self.data = data
        table = self.query_one("#mine-table", DataTable)
        where = table.cursor_coordinate
        table.clear()
        for i, p in enumerate(data):
            cells: list[Text | str] = [
                literal(p.cohort_code),
                str(p.ndh),
                literal(p.name, overflow="ellipsis", no_wrap=True),
                t(f"role.{p.relation.value}"),
            ]
            for stage in STAGES:
                cell = state_text(p.states[stage])
                if stage in p.late:
                    cell.append(" ⚠", style="bold")
                cells.append(cell)
            table.add_row(*cells, key=str(i))
        if data:
            row = min(where.row, len(data) - 1)
            column = where.column if where.column >= FIRST_STAGE_COLUMN else FIRST_STAGE_COLUMN
            table.move_cursor(row=row, column=column, animate=False)
            late = sum(bool(p.late) for p in data)
            self.status(t("mine.summary", count=len(data), late=late))
        else:
            self.status(t("mine.none"))

    @on(DataTable.CellSelected, "#mine-table")
    def _selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        table = self.query_one("#mine-table", DataTable)
        if not self.data:
            return
        row, column = table.cursor_coordinate
        if not 0 <= row < len(self.data):
            return
        stage = STAGES[max(column, FIRST_STAGE_COLUMN) - FIRST_STAGE_COLUMN]
        open_stage(self.app, self.actor, self.data[row].enrolment_id, stage, read_only=True)

    def action_refresh(self) -> None:
        self.load()
