"""Pengaturan › Perpanjangan: a later deadline for one stage, for one participant or
many at once (``diklat cohort extend``): tick them in the list (Space or Enter; A
ticks or clears all; a tick is a ✓ in its own column, not a colour), pick the stage, type the date and the reason, save. One transaction
for all of them, each audited; an empty date removes their extension of that stage.
The table beside the list shows every extension given in the cohort."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Input, Select, Static

from diklat.domain.workflow import STAGES, Stage
from diklat.i18n import t
from diklat.services import assignments
from diklat.services.assignments import Assignment
from diklat.services.cohort_admin import (
    ExtensionRow,
    ExtensionView,
    cohort_extensions,
    set_extensions,
)
from diklat.textsafe import literal
from diklat.tui import format as fmt
from diklat.tui.screens.coordinator.base import CoordTab


class ExtensionsSection(CoordTab):
    FOCUS = "#ext-people"
    BINDINGS = [
        Binding("a", "all", "key.settings_tick_all"),
        Binding("space", "tick", "key.settings_tick", show=False),
    ]
    DEFAULT_CSS = """
    #ext-lists { height: 1fr; }
    #ext-people { width: 1fr; height: 1fr; }
    #ext-table { width: 2fr; height: 1fr; }
    #ext-stage { width: 1fr; }
    #ext-due { width: 16; }
    #ext-reason { width: 2fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.people: list[Assignment] = []
        self.ticked: set[int] = set()  # enrolment ids

    def compose(self) -> ComposeResult:
        yield Static(t("settings.extensions.hint"), classes="note")
        with Horizontal(id="ext-lists"):
            yield DataTable(id="ext-people", cursor_type="row")
            yield DataTable(id="ext-table", cursor_type="row", zebra_stripes=True)
        with Horizontal(classes="form-row"):
            yield Select(
                [(t(f"stage.{s.value}"), s.value) for s in STAGES],
                value=STAGES[0].value,
                allow_blank=False,
                id="ext-stage",
                compact=True,
            )
            yield Input(
                id="ext-due", placeholder=t("form.date_placeholder"), max_length=10, compact=True
            )
            yield Input(
                id="ext-reason",
                placeholder=t("settings.extensions.reason"),
                max_length=2000,
                compact=True,
            )
            yield Button(
                t("settings.extensions.save"), id="ext-save", variant="primary", compact=True
            )

    def on_mount(self) -> None:
        people = self.query_one("#ext-people", DataTable)
        people.add_column("✓", key="tick")
        people.add_column(t("settings.extensions.col.ndh"), key="ndh")
        people.add_column(t("settings.extensions.col.name"), key="name")
        table = self.query_one("#ext-table", DataTable)
        for key in ("ndh", "name", "stage", "due", "reason"):
            table.add_column(t(f"settings.extensions.col.{key}"), key=key)

    def load(self) -> None:
        super().load()
        db, actor = self.coord.db, self.coord.actor
        self.call(assignments.assignments, db, actor, self.code, done=self._people)
        self.call(cohort_extensions, db, actor, self.code, done=self._extensions)

    def _people(self, rows: list[Assignment]) -> None:
        self.people = [a for a in rows if a.status == "active"]
        self.ticked &= {a.enrolment_id for a in self.people}
        table = self.query_one("#ext-people", DataTable)
        keep = table.cursor_row
        table.clear()
        for a in self.people:
            table.add_row(
                self._mark(a.enrolment_id),
                str(a.ndh),
                literal(a.participant, overflow="ellipsis", no_wrap=True),
                key=str(a.enrolment_id),
            )
        if self.people:
            table.move_cursor(row=min(keep or 0, len(self.people) - 1))

    def _mark(self, enrolment_id: int) -> str:
        return "✓" if enrolment_id in self.ticked else " "

    def _show_ticks(self) -> None:
        table = self.query_one("#ext-people", DataTable)
        for a in self.people:
            table.update_cell(str(a.enrolment_id), "tick", self._mark(a.enrolment_id))

    @on(DataTable.RowSelected, "#ext-people")
    def action_tick(self, event: DataTable.RowSelected | None = None) -> None:
        """Space or Enter on a participant ticks or unticks them."""
        table = self.query_one("#ext-people", DataTable)
        if not self.people or not table.has_focus:
            return
        enrolment_id = self.people[table.cursor_row].enrolment_id
        self.ticked ^= {enrolment_id}
        table.update_cell(str(enrolment_id), "tick", self._mark(enrolment_id))

    def _extensions(self, rows: list[ExtensionRow]) -> None:
        table = self.query_one("#ext-table", DataTable)
        table.clear()
        for r in rows:
            table.add_row(
                str(r.ndh),
                literal(r.name, overflow="ellipsis", no_wrap=True),
                t(f"stage.{r.stage.value}"),
                fmt.day(r.due),
                literal(r.reason or "-", overflow="ellipsis", no_wrap=True),
            )
        if not rows:
            table.add_row("", t("settings.extensions.none"), "", "", "")

    def action_all(self) -> None:
        everyone = {a.enrolment_id for a in self.people}
        self.ticked = set() if self.ticked == everyone else everyone
        self._show_ticks()

    @on(Button.Pressed, "#ext-save")
    @on(Input.Submitted, "#ext-reason")
    def save(self) -> None:
        picked = [a.enrolment_id for a in self.people if a.enrolment_id in self.ticked]
        stage = Stage(str(self.query_one("#ext-stage", Select).value))
        text = self.query_one("#ext-due", Input).value
        try:
            due = fmt.read_day(text)
        except ValueError:
            self.status(t("settings.extensions.bad_date", value=text), error=True)
            return
        reason = self.query_one("#ext-reason", Input).value
        self.call(
            set_extensions,
            self.coord.db,
            self.coord.actor,
            picked,
            stage,
            due,
            reason,
            done=lambda views: self.saved(views, stage),
        )

    def saved(self, views: list[ExtensionView], stage: Stage) -> None:
        due = views[0].due
        key = "settings.extensions.saved" if due else "settings.extensions.removed"
        self.status(t(key, count=len(views), stage=t(f"stage.{stage.value}"), due=fmt.day(due)))
        self.ticked.clear()
        self._show_ticks()
        self.coord.changed()
