"""Attendance and conduct: per participant the sessions counted and attended (from
per-session records or the imported recap), a new session, who was absent at a
session, and the coordinator's own conduct mark."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, DataTable, Input, Select, Static

from diklat.i18n import t
from diklat.services import attendance
from diklat.services.attendance import AttendanceOverview, ConductSheet
from diklat.textsafe import literal, visible
from diklat.tui import format as fmt
from diklat.tui.screens.coordinator.base import CoordTab


class AttendanceTab(CoordTab):
    FOCUS = "#att-table"
    BINDINGS = [
        Binding("ctrl+s", "save_conduct", "key.coord_save_conduct"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: AttendanceOverview | None = None
        self.conduct: ConductSheet | None = None
        self.session_id: int | None = None
        self.present: dict[int, bool] = {}

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="att-scroll"):
            yield Static("", id="att-summary", classes="panel-title")
            with Horizontal(classes="form-row"):
                yield Select([], prompt=t("coord.attendance.pick_session"), id="sess-pick")
                yield Input(placeholder=t("form.date_placeholder"), id="sess-date")
                yield Input(placeholder=t("coord.attendance.session_title"), id="sess-title")
                yield Button(t("coord.attendance.add_session"), id="sess-add")
            yield Static(t("coord.attendance.toggle_hint"), classes="panel-note")
            yield DataTable(id="att-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="conduct-title", classes="panel-title")
            yield DataTable(id="conduct-table", cursor_type="row", zebra_stripes=True)
            with Horizontal(classes="form-row"):
                yield Input(placeholder=t("coord.conduct.score"), id="conduct-score")
                yield Button(t("coord.conduct.save"), id="conduct-save", variant="primary")

    def on_mount(self) -> None:
        table = self.query_one("#att-table", DataTable)
        for key in ("ndh", "name", "scheduled", "attended", "pct", "source", "session"):
            table.add_column(t(f"coord.col.{key}"), key=key)
        conduct = self.query_one("#conduct-table", DataTable)
        for key in ("ndh", "name", "my_mark", "other_marks"):
            conduct.add_column(t(f"coord.col.{key}"), key=key)
        for selector, key in (
            ("#sess-date", "session_date"),
            ("#sess-title", "session_title"),
            ("#conduct-score", "score"),
        ):
            self.query_one(selector, Input).border_title = t(
                f"coord.attendance.{key}" if key != "score" else "coord.conduct.score"
            )

    def load(self) -> None:
        super().load()
        db, actor = self.screen.db, self.screen.actor
        session_id = self.session_id

        def fetch():
            overview = attendance.overview(db, actor, self.code)
            present = attendance.session_attendance(db, actor, session_id) if session_id else {}
            return overview, attendance.conduct_sheet(db, actor, self.code), present

        self.call(fetch, done=self.show)

    def show(self, loaded) -> None:
        self.data, self.conduct, self.present = loaded
        data, conduct = self.data, self.conduct
        below = sum(1 for r in data.rows if r.below_minimum)
        self.query_one("#att-summary", Static).update(
            t(
                "coord.attendance.summary",
                sessions=len(data.sessions),
                below=below,
                min=fmt.number(data.minimum_pct),
            )
        )
        pick = self.query_one("#sess-pick", Select)
        options = [
            (literal(f"{fmt.day(s.held_on)} {s.title} ({s.present}/{s.recorded})"), s.id)
            for s in data.sessions
        ]
        with pick.prevent(Select.Changed):
            pick.set_options(options)
            if self.session_id in {s.id for s in data.sessions}:
                pick.value = self.session_id
        table = self.query_one("#att-table", DataTable)
        keep = table.cursor_row
        table.clear()
        for r in data.rows:
            pct = r.pct
            pct_text = Text("-" if pct is None else f"{fmt.number(pct)}%")
            if r.below_minimum:
                pct_text.append(" ⚠ " + t("coord.attendance.below"), style="bold")
            here = self.present.get(r.enrolment_id) if self.session_id else None
            session = (
                "-"
                if here is None
                else (
                    ("✓ " + t("coord.attendance.present"))
                    if here
                    else ("✗ " + t("coord.attendance.absent"))
                )
            )
            table.add_row(
                str(r.ndh),
                literal(r.name),
                str(r.scheduled),
                str(r.attended),
                pct_text,
                t(f"coord.attendance.source.{r.source}"),
                session,
                key=str(r.enrolment_id),
            )
        if data.rows:
            table.move_cursor(row=min(keep or 0, len(data.rows) - 1))
        self.query_one("#conduct-title", Static).update(
            literal(
                t("coord.conduct.title", component=visible(conduct.label or "-"))
                + (" — " + t("coord.conduct.frozen") if conduct.frozen else "")
            )
        )
        ctable = self.query_one("#conduct-table", DataTable)
        ckeep = ctable.cursor_row
        ctable.clear()
        for r in conduct.rows:
            others = ", ".join(f"{name}: {fmt.decimal(score)}" for name, score in r.others) or "-"
            ctable.add_row(
                str(r.ndh),
                literal(r.name),
                fmt.decimal(r.mine),
                literal(others),
                key=str(r.enrolment_id),
            )
        if conduct.rows:
            ctable.move_cursor(row=min(ckeep or 0, len(conduct.rows) - 1))
        self.query_one("#conduct-save", Button).disabled = (
            conduct.frozen or conduct.component is None
        )

    @on(Select.Changed, "#sess-pick")
    def session_picked(self, event: Select.Changed) -> None:
        self.session_id = None if event.value is Select.NULL else int(event.value)
        self.load()

    @on(Button.Pressed, "#sess-add")
    def add_session(self) -> None:
        text = self.query_one("#sess-date", Input).value.strip()
        try:
            held_on = fmt.read_day(text)
            if held_on is None:
                raise ValueError(text)
        except ValueError:
            self.status(t("cli.bad_date", value=text), error=True)
            return
        title = self.query_one("#sess-title", Input).value

        def done(view) -> None:
            self.session_id = view.id
            self.query_one("#sess-title", Input).value = ""
            self.status(
                t(
                    "coord.attendance.session_added",
                    date=fmt.day(view.held_on),
                    count=view.recorded,
                )
            )
            self.screen.changed()

        self.call(
            attendance.add_session,
            self.screen.db,
            self.screen.actor,
            self.code,
            held_on,
            title,
            done=done,
        )

    @on(DataTable.RowSelected, "#att-table")
    def toggle(self, event: DataTable.RowSelected) -> None:
        """Enter on a participant: present <-> absent at the chosen session."""
        if self.session_id is None or event.row_key is None:
            self.status(t("coord.attendance.pick_session_first"), error=True)
            return
        eid = int(event.row_key.value)
        here = not self.present.get(eid, True)

        def done(view) -> None:
            self.status(
                t("coord.attendance.recorded", present=view.present, recorded=view.recorded)
            )
            self.screen.changed()

        self.call(
            attendance.record_attendance,
            self.screen.db,
            self.screen.actor,
            self.session_id,
            {eid: here},
            done=done,
        )

    @on(Input.Submitted, "#conduct-score")
    @on(Button.Pressed, "#conduct-save")
    def save_conduct(self) -> None:
        conduct = self.conduct
        table = self.query_one("#conduct-table", DataTable)
        if conduct is None or not conduct.rows:
            return
        row = conduct.rows[min(table.cursor_row, len(conduct.rows) - 1)]
        score = self.query_one("#conduct-score", Input).value

        def done(value) -> None:
            self.query_one("#conduct-score", Input).value = ""
            self.status(t("coord.conduct.saved", name=row.name, score=fmt.decimal(value)))
            self.screen.changed()

        self.call(
            attendance.save_conduct,
            self.screen.db,
            self.screen.actor,
            row.enrolment_id,
            score,
            expected_version=row.mine_version,
            done=done,
        )

    def action_save_conduct(self) -> None:
        self.save_conduct()
