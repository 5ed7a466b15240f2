"""Participants and staff: who coaches, mentors and examines whom, edited row by row
(NIP or log-in name), a participant's status (active, withdrawn, dismissed), and one
more participant (+: the form of coordinator.add_participant). Above them, while some
wait, the participants' requests to correct their own details (corrections_panel)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Input, Select, Static

from diklat.i18n import t
from diklat.services import assignments
from diklat.services.assignments import Assignment
from diklat.services.cohort_admin import set_participant_status
from diklat.services.people import AddedParticipant
from diklat.textsafe import literal, message, visible
from diklat.tui.screens.coordinator.base import CoordTab
from diklat.tui.screens.coordinator.corrections_panel import CorrectionsPanel

STATUSES = ("active", "withdrawn", "dismissed")


class PeopleTab(CoordTab):
    FOCUS = "#people-table"
    BINDINGS = [
        Binding("ctrl+s", "save", "key.coord_save_assignment"),
        Binding("plus", "add_participant", "key.coord_add_participant"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Assignment] = []
        self.selected: Assignment | None = None

    def compose(self) -> ComposeResult:
        yield CorrectionsPanel(id="people-corrections")
        yield DataTable(id="people-table", cursor_type="row", zebra_stripes=True)
        yield Static(t("coord.people.pick"), id="people-detail", classes="panel-note")
        with Horizontal(classes="form-row"):
            yield Input(placeholder=t("coord.people.coach"), id="assign-coach")
            yield Input(placeholder=t("coord.people.mentor"), id="assign-mentor")
            yield Input(placeholder=t("coord.people.examiners"), id="assign-examiners")
            yield Button(t("coord.people.save"), id="assign-save", variant="primary")
        with Horizontal(classes="form-row"):
            yield Select(
                [(t(f"recap.status.{s}"), s) for s in STATUSES],
                value="active",
                allow_blank=False,
                id="status-pick",
            )
            yield Input(placeholder=t("coord.people.reason"), id="status-reason")
            yield Button(t("coord.people.save_status"), id="status-save")
            yield Button(t("people.add.open"), id="people-add")

    def on_mount(self) -> None:
        table = self.query_one("#people-table", DataTable)
        for key in ("ndh", "name", "nip", "status", "coach", "mentor", "examiners"):
            table.add_column(t(f"coord.col.{key}"), key=key)
        # The field names stay visible once the fields are filled in.
        for selector, label in (
            ("#assign-coach", "coach"),
            ("#assign-mentor", "mentor"),
            ("#assign-examiners", "examiners"),
            ("#status-reason", "reason"),
        ):
            self.query_one(selector, Input).border_title = t(f"coord.people.{label}")

    def load(self) -> None:
        super().load()
        self.query_one(CorrectionsPanel).load()
        self.call(
            assignments.assignments, self.screen.db, self.screen.actor, self.code, done=self.show
        )

    def show(self, rows: list[Assignment]) -> None:
        self.rows = rows
        table = self.query_one("#people-table", DataTable)
        keep = table.cursor_row
        table.clear()
        for a in rows:
            table.add_row(
                str(a.ndh),
                literal(a.participant),
                literal(a.nip),
                t(f"recap.status.{a.status}"),
                literal(a.coach.name if a.coach else "-"),
                literal(a.mentor.name if a.mentor else "-"),
                literal(", ".join(x.name for x in a.examiners) or "-"),
                key=str(a.enrolment_id),
            )
        if rows:
            table.move_cursor(row=min(keep or 0, len(rows) - 1))
        else:
            self.query_one("#people-detail", Static).update(t("coord.people.none"))

    @on(DataTable.RowHighlighted, "#people-table")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is None:
            return
        a = next((r for r in self.rows if str(r.enrolment_id) == event.row_key.value), None)
        self.selected = a
        if a is None:
            return
        self.query_one("#assign-coach", Input).value = visible(a.coach.ident if a.coach else "")
        self.query_one("#assign-mentor", Input).value = visible(a.mentor.ident if a.mentor else "")
        self.query_one("#assign-examiners", Input).value = visible(
            ", ".join(x.ident for x in a.examiners)
        )
        self.query_one("#status-pick", Select).value = a.status
        self.query_one("#people-detail", Static).update(
            message("coord.people.editing", name=a.participant, ndh=a.ndh, style="bold")
        )

    @on(Button.Pressed, "#assign-save")
    def save(self) -> None:
        a = self.selected
        if a is None:
            self.status(t("coord.people.pick"), error=True)
            return
        coach = self.query_one("#assign-coach", Input).value.strip()
        mentor = self.query_one("#assign-mentor", Input).value.strip()
        examiners = [
            x.strip()
            for x in self.query_one("#assign-examiners", Input).value.replace(";", ",").split(",")
            if x.strip()
        ]

        def done(view: Assignment) -> None:
            self.status(t("coord.people.saved", name=view.participant))
            self.screen.changed()

        self.call(
            assignments.assign,
            self.screen.db,
            self.screen.actor,
            a.enrolment_id,
            coach=coach or "-",
            mentor=mentor or "-",
            examiners=examiners,
            expected_version=a.version,
            done=done,
        )

    @on(Button.Pressed, "#status-save")
    def save_status(self) -> None:
        a = self.selected
        if a is None:
            self.status(t("coord.people.pick"), error=True)
            return
        status = self.query_one("#status-pick", Select).value
        reason = self.query_one("#status-reason", Input).value

        def done(_none) -> None:
            self.query_one("#status-reason", Input).value = ""
            self.status(
                t(
                    "coord.people.status_saved",
                    name=a.participant,
                    status=t(f"recap.status.{status}"),
                )
            )
            self.screen.changed()

        self.call(
            set_participant_status,
            self.screen.db,
            self.screen.actor,
            a.enrolment_id,
            status,
            reason,
            expected_version=a.version,
            done=done,
        )

    def action_save(self) -> None:
        self.save()

    @on(Button.Pressed, "#people-add")
    def action_add_participant(self) -> None:
        from diklat.tui.navigation import open_screen

        open_screen(self.app, "add_participant", self.code, callback=self._added)

    def _added(self, added: AddedParticipant | None) -> None:
        if added is None:  # the form was left without saving
            return
        if added.password:  # shown once; the cohort's log-in slips print it too
            said = t(
                "people.add.done_account",
                name=added.name,
                ndh=added.ndh,
                login=added.login,
                password=added.password,
            )
        else:
            said = t("people.add.done", name=added.name, ndh=added.ndh)
        self.status(said)
        self.screen.changed()
